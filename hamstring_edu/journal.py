"""Journal: a team's activities, soreness check-ins and saved self-assessments in one SQLite file.

The journal is an embedded database (the standard library's ``sqlite3``: no server) that keeps
what a coach collects between sessions::

    journal = Journal()                    # the file in your data folder (see default_path())
    journal.import_log("team_log.csv", team="harriers")
    journal.add_checkin("sam", 5, date="2024-04-15", leg="left", location="middle")
    journal.save_assessment(assess(answers), athlete="sam")
    journal.activities(team="harriers")    # reads return DataFrames
    journal.export("backup/")              # CSV and JSON files a coach can keep
    Journal.restore("backup/", "copy.sqlite3")

Reliability
-----------
- Every write is one transaction (``BEGIN IMMEDIATE`` ... ``COMMIT``): an import lands whole or
  not at all, also when the process is killed in the middle (the test suite kills it 100 times).
- WAL mode (readers never block the writer), foreign keys on, ``synchronous=FULL``. A second
  writer waits up to ``timeout`` seconds, then gets :class:`JournalBusyError` ("busy, try again").
- The schema carries a version (``PRAGMA user_version``); opening an older file applies the
  forward migrations in one transaction; a file from a newer version is refused, not damaged.
- A new file is created readable and writable by its owner only (mode 0600), in a folder that
  is created owner-only too. Health data stays on this computer.

Duplicates
----------
An activity's identity is: athlete, calendar day, start time (when the file has one), activity
type, distance (to the metre), duration (to the second), and its *occurrence*: the n-th activity
with exactly those values in the same import (0 for the first). Importing the same file or rows
again adds nothing; a real second run on the same day is kept, because it has another start
time, distance or duration, or (identical in every value, in a log without start times) it is
the second occurrence. The file name (``source``) is *not* part of the identity: a log that was
moved, renamed, or exported again with more weeks in it adds only what is new. The same run
recorded by two different devices (slightly different distances) is not recognised as one.
"""

from __future__ import annotations

import contextlib
import csv
import hashlib
import io
import itertools
import json
import math
import os
import re
import sqlite3
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import IO, Any

import numpy as np
import pandas as pd

from hamstring_edu.errors import JournalBusyError, JournalError, LogError, brief

APPLICATION_ID = 0x48534A4E  # "HSJN": marks a file as a hamstring-edu journal
EXPORT_FORMAT = "hamstring-edu-journal"
LEGS = ("left", "right", "both")
LOCATIONS = {
    "upper": "upper thigh, just below the buttock",
    "middle": "middle of the back of the thigh",
    "lower": "lower thigh, just above the back of the knee",
    "whole": "spread over the back of the thigh",
}
LEVELS = (None, "soon", "today", "emergency")  # Assessment.level values, least urgent first
MAX_NOTE = 2000
MAX_NAME = 100
EARLIEST = date(1970, 1, 1)

# An activity's identity (see the module notes): the unique index that makes imports idempotent.
# It starts with athlete and day, so it also serves every read by athlete and date range.
# round(x) in SQLite is int(x + 0.5) for x >= 0, which _activity_rows copies to number repeats.
IDENTITY_SQL = (
    "athlete_id, day, ifnull(start_time, ''), activity_type, round(distance_km * 1000), "
    "round(duration_min * 60), occurrence"
)

# MIGRATIONS[i] takes a journal from schema version i to i + 1 (statements run in one
# transaction). Add a step at the end to change the schema; never edit a released step.
MIGRATIONS: tuple[tuple[str, ...], ...] = (
    (
        """CREATE TABLE athletes (
            athlete_id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE CHECK (length(trim(name)) > 0),
            team TEXT NOT NULL DEFAULT '',
            added_at TEXT NOT NULL
        )""",
        """CREATE TABLE imports (
            import_id INTEGER PRIMARY KEY,
            imported_at TEXT NOT NULL,
            source TEXT NOT NULL,
            activities_added INTEGER NOT NULL CHECK (activities_added >= 0),
            activities_skipped INTEGER NOT NULL CHECK (activities_skipped >= 0)
        )""",
        """CREATE TABLE activities (
            activity_id INTEGER PRIMARY KEY,
            athlete_id INTEGER NOT NULL REFERENCES athletes(athlete_id) ON DELETE CASCADE,
            import_id INTEGER NOT NULL REFERENCES imports(import_id) ON DELETE CASCADE,
            day TEXT NOT NULL CHECK (day GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
            start_time TEXT,
            activity_type TEXT NOT NULL,
            is_running INTEGER NOT NULL CHECK (is_running IN (0, 1)),
            distance_km REAL NOT NULL CHECK (distance_km >= 0),
            duration_min REAL NOT NULL CHECK (duration_min >= 0),
            rpe REAL CHECK (rpe IS NULL OR rpe BETWEEN 0 AND 10),
            elevation_gain_m REAL,
            source TEXT NOT NULL,
            occurrence INTEGER NOT NULL CHECK (occurrence >= 0)
        )""",
        f"CREATE UNIQUE INDEX activities_identity ON activities({IDENTITY_SQL})",
        "CREATE INDEX activities_by_import ON activities(import_id)",
        """CREATE TABLE checkins (
            checkin_id INTEGER PRIMARY KEY,
            athlete_id INTEGER NOT NULL REFERENCES athletes(athlete_id) ON DELETE CASCADE,
            day TEXT NOT NULL CHECK (day GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
            leg TEXT NOT NULL CHECK (leg IN ('left', 'right', 'both')),
            location TEXT NOT NULL CHECK (location IN ('upper', 'middle', 'lower', 'whole')),
            rating INTEGER NOT NULL CHECK (rating BETWEEN 0 AND 10),
            note TEXT NOT NULL DEFAULT '',
            recorded_at TEXT NOT NULL
        )""",
        "CREATE INDEX checkins_by_athlete ON checkins(athlete_id, day)",
        """CREATE TABLE assessments (
            assessment_id INTEGER PRIMARY KEY,
            athlete_id INTEGER NOT NULL REFERENCES athletes(athlete_id) ON DELETE CASCADE,
            day TEXT NOT NULL CHECK (day GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
            level TEXT,
            content_version TEXT NOT NULL,
            answers TEXT NOT NULL CHECK (json_valid(answers)),
            result TEXT NOT NULL CHECK (json_valid(result)),
            saved_at TEXT NOT NULL
        )""",
        "CREATE INDEX assessments_by_athlete ON assessments(athlete_id, day)",
    ),
)

# The export: one file per table, in the journal's own column names and text forms, so a restore
# writes back exactly what was read. (column, kind): kind is text, int, float, or None-able "?".
_EXPORT_TABLES: dict[str, tuple[tuple[str, str], ...]] = {
    "athletes": (
        ("athlete_id", "int"),
        ("athlete", "text"),
        ("team", "text"),
        ("added_at", "time"),
    ),
    "imports": (
        ("import_id", "int"),
        ("imported_at", "time"),
        ("source", "text"),
        ("activities_added", "int"),
        ("activities_skipped", "int"),
    ),
    "activities": (
        ("activity_id", "int"),
        ("athlete", "text"),
        ("import_id", "int"),
        ("date", "day"),
        ("start_time", "time?"),
        ("activity_type", "text"),
        ("is_running", "int"),
        ("distance_km", "float"),
        ("duration_min", "float"),
        ("rpe", "float?"),
        ("elevation_gain_m", "float?"),
        ("source", "text"),
        ("occurrence", "int"),
    ),
    "checkins": (
        ("checkin_id", "int"),
        ("athlete", "text"),
        ("date", "day"),
        ("leg", "text"),
        ("location", "text"),
        ("rating", "int"),
        ("note", "text"),
        ("recorded_at", "time"),
    ),
}
_SELECT = {
    "athletes": "SELECT athlete_id, name, team, added_at FROM athletes ORDER BY athlete_id",
    "imports": "SELECT import_id, imported_at, source, activities_added, activities_skipped "
    "FROM imports ORDER BY import_id",
    "activities": "SELECT activity_id, a.name, import_id, day, start_time, activity_type, "
    "is_running, distance_km, duration_min, rpe, elevation_gain_m, source, occurrence "
    "FROM activities JOIN athletes a USING (athlete_id) ORDER BY activity_id",
    "checkins": "SELECT checkin_id, a.name, day, leg, location, rating, note, recorded_at "
    "FROM checkins JOIN athletes a USING (athlete_id) ORDER BY checkin_id",
    "assessments": "SELECT assessment_id, a.name, day, level, content_version, answers, result, "
    "saved_at FROM assessments JOIN athletes a USING (athlete_id) ORDER BY assessment_id",
}
_KINDS = {
    "int": "whole number",
    "float": "number",
    "day": "date (YYYY-MM-DD)",
    "time": "time (ISO 8601 with a UTC offset)",
    "text": "text",
}
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def default_path() -> Path:
    """Where ``Journal()`` keeps its file: the user's data folder, never inside a project."""
    import platformdirs

    return Path(platformdirs.user_data_dir("hamstring-edu", appauthor=False)) / "journal.sqlite3"


@dataclass(frozen=True)
class ImportSummary:
    """What one ``import_log`` did: activities added and already present, athletes added."""

    import_id: int | None
    added: int
    skipped: int
    athletes_added: int
    left_out_by_reader: int

    def __str__(self) -> str:
        text = f"Imported {self.added} new activities ({self.skipped} already in the journal)"
        if self.athletes_added:
            text += f", {self.athletes_added} new athlete(s)"
        if self.left_out_by_reader:
            text += f"; the reader left out {self.left_out_by_reader} row(s)"
        return text + "."


class Journal:
    """A team journal in one SQLite file: athletes, activities, check-ins, self-assessments.

    Parameters
    ----------
    path
        The journal file; ``None`` is :func:`default_path` (in the user's data folder). A file
        that does not exist is created, owner-only (0600).
    timeout
        Seconds a write waits for another writer before :class:`JournalBusyError`.
    """

    def __init__(self, path: str | Path | None = None, *, timeout: float = 5.0) -> None:
        self.path = Path(path).expanduser() if path is not None else default_path()
        if isinstance(timeout, bool) or not isinstance(timeout, int | float) or timeout < 0:
            raise JournalError(f"timeout must be a number of seconds >= 0, got {timeout!r}")
        self.timeout = float(timeout)
        _create_private(self.path)
        try:
            self._db = sqlite3.connect(
                self.path, timeout=self.timeout, isolation_level=None, check_same_thread=False
            )
        except sqlite3.Error as exc:
            raise JournalError(f"cannot open the journal ({exc})", file=self.path) from None
        try:
            self._setup()
        except BaseException:
            self._db.close()
            raise

    # ---------------------------------------------------------------- connection and schema
    def _setup(self) -> None:
        db = self._db
        try:
            db.execute(f"PRAGMA busy_timeout = {int(self.timeout * 1000)}")
            db.execute("PRAGMA foreign_keys = ON")
            db.execute("PRAGMA synchronous = FULL")
            db.execute("PRAGMA cache_size = -32000")  # 32 MB: big imports touch many pages
            app = db.execute("PRAGMA application_id").fetchone()[0]
            tables = db.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
        except sqlite3.DatabaseError as exc:
            raise self._error(exc) from None
        if app != APPLICATION_ID and (app != 0 or tables):
            raise JournalError(
                "this SQLite file is not a hamstring-edu journal; choose another file",
                file=self.path,
            )
        try:
            mode = db.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        except sqlite3.DatabaseError as exc:
            raise self._error(exc) from None
        self.journal_mode = str(mode).lower()
        self._migrate()

    def _migrate(self) -> None:
        latest = len(MIGRATIONS)
        if self.schema_version == latest:
            return
        with self._writing() as db:
            version = db.execute("PRAGMA user_version").fetchone()[0]
            if version > latest:
                raise JournalError(
                    f"this journal was written by a newer hamstring-edu (schema {version}; this "
                    f"version knows up to {latest}): update the package to open it",
                    file=self.path,
                )
            for step in range(version, latest):
                try:
                    for statement in MIGRATIONS[step]:
                        db.execute(statement)
                except sqlite3.DatabaseError as exc:
                    raise JournalError(
                        f"cannot update the journal from schema {step} to {step + 1} ({exc}); "
                        "nothing was changed",
                        file=self.path,
                    ) from None
            db.execute(f"PRAGMA user_version = {latest}")
            db.execute(f"PRAGMA application_id = {APPLICATION_ID}")

    @property
    def schema_version(self) -> int:
        """The schema version stored in the file (``PRAGMA user_version``)."""
        version = self._db.execute("PRAGMA user_version").fetchone()[0]
        if version > len(MIGRATIONS):
            raise JournalError(
                f"this journal was written by a newer hamstring-edu (schema {version}; this "
                f"version knows up to {len(MIGRATIONS)}): update the package to open it",
                file=self.path,
            )
        return version

    def close(self) -> None:
        """Close the file (the journal cannot be used afterwards)."""
        self._db.close()

    def __enter__(self) -> Journal:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Journal({str(self.path)!r})"

    def _error(self, exc: sqlite3.Error) -> JournalError:
        """An sqlite3 error in the package's words: busy (try again) or a damaged file."""
        name = getattr(exc, "sqlite_errorname", "")
        text = str(exc)
        if name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")) or "locked" in text or "busy" in text:
            return JournalBusyError(
                "the journal is busy: another program is writing to it. Try again in a moment.",
                file=self.path,
            )
        if isinstance(exc, sqlite3.IntegrityError):
            return JournalError(f"the journal refused a value ({text})", file=self.path)
        return JournalError(f"the journal file cannot be used ({text})", file=self.path)

    @contextlib.contextmanager
    def _writing(self) -> Iterator[sqlite3.Connection]:
        """One write transaction: everything inside lands together, or nothing does."""
        db = self._db
        try:
            db.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as exc:
            raise self._error(exc) from None
        try:
            yield db
            db.execute("COMMIT")
        except BaseException as exc:
            if db.in_transaction:
                db.execute("ROLLBACK")
            if isinstance(exc, sqlite3.Error):
                raise self._error(exc) from None
            raise

    def _rows(self, sql: str, params: Sequence[Any] = ()) -> list[tuple]:
        try:
            return self._db.execute(sql, params).fetchall()
        except sqlite3.Error as exc:
            raise self._error(exc) from None

    # ---------------------------------------------------------------- athletes
    def add_athlete(self, name: str, *, team: str = "") -> None:
        """Add an athlete (or move an existing one to ``team``)."""
        name, team = _name(name, "athlete"), _name(team, "team", empty=True)
        with self._writing() as db:
            db.execute(
                "INSERT INTO athletes(name, team, added_at) VALUES (?, ?, ?) "
                "ON CONFLICT(name) DO UPDATE SET team = excluded.team",
                (name, team, _now()),
            )

    def athletes(self, *, team: str | None = None) -> pd.DataFrame:
        """The athletes (name, team, when added), by name."""
        sql, params = "SELECT name, team, added_at FROM athletes", []
        if team is not None:
            sql, params = sql + " WHERE team = ?", [team]
        rows = self._rows(sql + " ORDER BY name", params)
        frame = pd.DataFrame(rows, columns=["athlete", "team", "added_at"])
        frame["added_at"] = pd.to_datetime(frame["added_at"], utc=True, format="ISO8601")
        return frame

    def teams(self) -> list[str]:
        """The team names in the journal ('' is athletes without a team), sorted."""
        return [t for (t,) in self._rows("SELECT DISTINCT team FROM athletes ORDER BY team")]

    def delete_athlete(self, name: str) -> None:
        """Remove an athlete with all their activities, check-ins and self-assessments."""
        with self._writing() as db:
            if db.execute("DELETE FROM athletes WHERE name = ?", (name,)).rowcount == 0:
                raise self._unknown(db, name)

    def _athlete_id(self, db: sqlite3.Connection, name: Any) -> int:
        row = db.execute("SELECT athlete_id FROM athletes WHERE name = ?", (str(name),)).fetchone()
        if row is None:
            raise self._unknown(db, name)
        return row[0]

    def _unknown(self, db: sqlite3.Connection, name: Any) -> JournalError:
        known = [n for (n,) in db.execute("SELECT name FROM athletes ORDER BY name LIMIT 11")]
        listed = ", ".join(known[:10]) + (", ..." if len(known) > 10 else "")
        return JournalError(
            f"unknown athlete {brief(name)}; the journal knows: {listed or 'nobody yet'} "
            "(import their log first, or add_athlete)",
            field="athlete",
        )

    # ---------------------------------------------------------------- activities
    def import_log(
        self,
        log: pd.DataFrame | str | Path | IO,
        *,
        team: str | None = None,
        source: str | None = None,
    ) -> ImportSummary:
        """Add a log's activities (a ``read_log`` frame, or a file/folder it can read) in one go.

        Activities already in the journal are skipped (see the module notes on duplicates);
        athletes not yet known are added, in ``team`` if given (an athlete without a team joins
        it too). A file that fails to parse, or a row with a bad value or a future date, raises
        and adds nothing.
        """
        if not isinstance(log, pd.DataFrame):
            from hamstring_edu.logs import read_log

            log = read_log(log)
        rows, names = _activity_rows(log, source)
        total = len(rows["day"])
        team_name = None if team is None else _name(team, "team", empty=True)
        dropped = log.attrs.get("dropped")
        left_out = len(dropped) if isinstance(dropped, pd.DataFrame) else 0
        sources = sorted(set(rows["source"]))
        label = source or ", ".join(sources[:3])
        if source is None and len(sources) > 3:
            label += f" and {len(sources) - 3} more"
        with self._writing() as db:
            before = db.total_changes
            now = _now()
            db.executemany(
                "INSERT OR IGNORE INTO athletes(name, team, added_at) VALUES (?, ?, ?)",
                [(n, team_name or "", now) for n in names],
            )
            athletes_added = db.total_changes - before
            if team_name:
                db.executemany(
                    "UPDATE athletes SET team = ? WHERE name = ? AND team = ''",
                    [(team_name, n) for n in names],
                )
            ids = dict(db.execute("SELECT name, athlete_id FROM athletes"))
            import_id = db.execute(
                "INSERT INTO imports(imported_at, source, activities_added, activities_skipped) "
                "VALUES (?, ?, 0, 0)",
                (now, label or "(frame)"),
            ).lastrowid
            before = db.total_changes
            db.executemany(
                "INSERT OR IGNORE INTO activities(athlete_id, import_id, day, start_time, "
                "activity_type, is_running, distance_km, duration_min, rpe, elevation_gain_m, "
                "source, occurrence) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                zip(
                    pd.Series(rows["athlete"]).map(ids).tolist(),
                    itertools.repeat(import_id, total),
                    *(rows[c] for c in _ROW_COLUMNS[1:]),
                    strict=True,
                ),
            )
            added = db.total_changes - before
            skipped = total - added
            if added:
                db.execute(
                    "UPDATE imports SET activities_added = ?, activities_skipped = ? "
                    "WHERE import_id = ?",
                    (added, skipped, import_id),
                )
            else:
                db.execute("DELETE FROM imports WHERE import_id = ?", (import_id,))
        return ImportSummary(import_id if added else None, added, skipped, athletes_added, left_out)

    def activities(
        self,
        athlete: str | None = None,
        *,
        team: str | None = None,
        start: Any = None,
        end: Any = None,
    ) -> pd.DataFrame:
        """Activities as a ``read_log``-style frame (plus activity_id, import_id), by athlete
        and time; ``start``/``end`` are inclusive calendar days."""
        where, params = _filters(athlete, team, start, end)
        rows = self._rows(
            "SELECT a.name, start_time, day, activity_type, is_running, distance_km, "
            "duration_min, rpe, elevation_gain_m, source, activity_id, import_id "
            f"FROM activities JOIN athletes a USING (athlete_id){where} "
            "ORDER BY a.name, day, start_time, activity_id",
            params,
        )
        columns = [
            "athlete",
            "start_time",
            "date",
            "activity_type",
            "is_running",
            "distance_km",
            "duration_min",
            "rpe",
            "elevation_gain_m",
            "source",
            "activity_id",
            "import_id",
        ]
        frame = pd.DataFrame.from_records(rows, columns=columns, coerce_float=True)
        frame["start_time"] = pd.to_datetime(
            frame["start_time"], utc=True, format="ISO8601"
        ).astype("datetime64[ns, UTC]")
        frame["date"] = _dates(frame["date"])
        frame["is_running"] = frame["is_running"].astype(bool)
        for col in ("distance_km", "duration_min", "rpe", "elevation_gain_m"):
            frame[col] = frame[col].astype(float)
        for col in ("activity_id", "import_id"):
            frame[col] = frame[col].astype(np.int64)
        return frame

    def imports(self) -> pd.DataFrame:
        """Every import that added something: when, from where, how many added and skipped."""
        frame = pd.DataFrame(
            self._rows(_SELECT["imports"]), columns=[c for c, _ in _EXPORT_TABLES["imports"]]
        )
        frame["imported_at"] = pd.to_datetime(frame["imported_at"], utc=True, format="ISO8601")
        return frame

    def delete_import(self, import_id: int) -> None:
        """Undo one import: its activities leave the journal (its athletes stay)."""
        with self._writing() as db:
            if db.execute("DELETE FROM imports WHERE import_id = ?", (import_id,)).rowcount == 0:
                raise JournalError(f"there is no import {brief(import_id)}", field="import_id")

    def date_range(self, *, team: str | None = None) -> tuple[pd.Timestamp | None, ...]:
        """First and last day with an activity or a check-in (None, None for an empty journal)."""
        where, params = _filters(None, team, None, None)
        low, high = None, None
        for table in ("activities", "checkins", "assessments"):
            row = self._rows(
                f"SELECT min(day), max(day) FROM {table} JOIN athletes a USING (athlete_id){where}",
                params,
            )[0]
            if row[0] is not None:
                low = row[0] if low is None else min(low, row[0])
                high = row[1] if high is None else max(high, row[1])
        return (
            pd.Timestamp(low) if low else None,
            pd.Timestamp(high) if high else None,
        )

    def first_days(self, *, team: str | None = None) -> dict[str, pd.Timestamp]:
        """Each athlete's first activity day (athletes without activities are left out)."""
        where, params = _filters(None, team, None, None)
        rows = self._rows(
            f"SELECT a.name, min(day) FROM activities JOIN athletes a USING (athlete_id){where} "
            "GROUP BY a.name",
            params,
        )
        return {name: pd.Timestamp(day) for name, day in rows}

    # ---------------------------------------------------------------- check-ins
    def add_checkin(
        self,
        athlete: str,
        rating: int,
        *,
        date: Any = None,
        leg: str = "both",
        location: str = "whole",
        note: str = "",
    ) -> int:
        """Record an after-run soreness check-in (0 = none, 10 = worst imaginable); its id.

        ``date`` defaults to today and cannot be in the future; ``leg`` is left, right or both;
        ``location`` is upper, middle, lower or whole (see ``LOCATIONS``).
        """
        value = _rating(rating)
        day = _day(date, "date")
        if leg not in LEGS:
            raise JournalError(
                f"leg must be one of {', '.join(LEGS)}, got {brief(leg)}", field="leg"
            )
        if location not in LOCATIONS:
            raise JournalError(
                f"location must be one of {', '.join(LOCATIONS)}, got {brief(location)}",
                field="location",
            )
        text = _note(note)
        with self._writing() as db:
            athlete_id = self._athlete_id(db, athlete)
            return db.execute(
                "INSERT INTO checkins(athlete_id, day, leg, location, rating, note, recorded_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                (athlete_id, day, leg, location, value, text, _now()),
            ).lastrowid

    def checkins(
        self,
        athlete: str | None = None,
        *,
        team: str | None = None,
        start: Any = None,
        end: Any = None,
    ) -> pd.DataFrame:
        """Soreness check-ins (checkin_id, athlete, date, leg, location, rating, note,
        recorded_at), by athlete and date."""
        where, params = _filters(athlete, team, start, end)
        rows = self._rows(
            "SELECT checkin_id, a.name, day, leg, location, rating, note, recorded_at "
            f"FROM checkins JOIN athletes a USING (athlete_id){where} "
            "ORDER BY a.name, day, checkin_id",
            params,
        )
        frame = pd.DataFrame(rows, columns=[c for c, _ in _EXPORT_TABLES["checkins"]])
        frame["date"] = _dates(frame["date"])
        frame["rating"] = frame["rating"].astype(np.int64)
        frame["checkin_id"] = frame["checkin_id"].astype(np.int64)
        frame["recorded_at"] = pd.to_datetime(frame["recorded_at"], utc=True, format="ISO8601")
        return frame

    def delete_checkin(self, checkin_id: int) -> None:
        """Remove one check-in."""
        with self._writing() as db:
            cur = db.execute("DELETE FROM checkins WHERE checkin_id = ?", (checkin_id,))
            if cur.rowcount == 0:
                raise JournalError(f"there is no check-in {brief(checkin_id)}", field="checkin_id")

    # ---------------------------------------------------------------- self-assessments
    def save_assessment(self, result: Any, *, athlete: str, date: Any = None) -> int:
        """Keep a self-assessment (an ``Assessment``, or a saved JSON file's text or path): its
        answers and result as JSON, the level it raised, and the content version; its id.

        A JSON file is scored again with the current questionnaire, so its level follows
        today's warning-sign rules.
        """
        from hamstring_edu.content import content_version

        if not hasattr(result, "to_dict"):
            from hamstring_edu.assessment import answers_from_json, assess

            if isinstance(result, Path):
                result = result.read_bytes()
            elif isinstance(result, Mapping):
                result = json.dumps(dict(result))
            if not isinstance(result, str | bytes):
                raise JournalError(
                    "save_assessment needs an Assessment (from assess) or a saved JSON file",
                    field="result",
                )
            result = assess(answers_from_json(result))
        level = result.level
        if not (level is None or isinstance(level, str)):
            raise JournalError(f"an assessment level must be text, got {level!r}", field="level")
        doc = result.to_dict()
        answers = json.dumps(doc.get("answers", {}), ensure_ascii=False, sort_keys=True)
        whole = json.dumps(doc.get("result", {}), ensure_ascii=False, sort_keys=True)
        day = _day(date, "date")
        version = content_version()
        with self._writing() as db:
            athlete_id = self._athlete_id(db, athlete)
            return db.execute(
                "INSERT INTO assessments(athlete_id, day, level, content_version, answers, "
                "result, saved_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (athlete_id, day, level, version, answers, whole, _now()),
            ).lastrowid

    def assessments(
        self,
        athlete: str | None = None,
        *,
        team: str | None = None,
        start: Any = None,
        end: Any = None,
    ) -> pd.DataFrame:
        """Saved self-assessments (assessment_id, athlete, date, level, headline,
        content_version, answers, result, saved_at), by athlete and date."""
        where, params = _filters(athlete, team, start, end)
        rows = self._rows(
            "SELECT assessment_id, a.name, day, level, content_version, answers, result, saved_at "
            f"FROM assessments JOIN athletes a USING (athlete_id){where} "
            "ORDER BY a.name, day, assessment_id",
            params,
        )
        frame = pd.DataFrame(
            rows,
            columns=[
                "assessment_id",
                "athlete",
                "date",
                "level",
                "content_version",
                "answers",
                "result",
                "saved_at",
            ],
        )
        frame["date"] = _dates(frame["date"])
        frame["assessment_id"] = frame["assessment_id"].astype(np.int64)
        frame["answers"] = [json.loads(a) for a in frame["answers"]]
        frame["result"] = [json.loads(r) for r in frame["result"]]
        frame.insert(4, "headline", [r.get("headline", "") for r in frame["result"]])
        frame["level"] = frame["level"].astype(object).where(frame["level"].notna(), None)
        frame["saved_at"] = pd.to_datetime(frame["saved_at"], utc=True, format="ISO8601")
        return frame

    def delete_assessment(self, assessment_id: int) -> None:
        """Remove one saved self-assessment."""
        with self._writing() as db:
            cur = db.execute("DELETE FROM assessments WHERE assessment_id = ?", (assessment_id,))
            if cur.rowcount == 0:
                raise JournalError(
                    f"there is no self-assessment {brief(assessment_id)}", field="assessment_id"
                )

    # ---------------------------------------------------------------- export and restore
    def export(self, folder: str | Path) -> Path:
        """Write the whole journal as files a coach can keep and read: athletes.csv,
        imports.csv, activities.csv, checkins.csv, assessments.json and manifest.json (written
        last, with row counts and checksums). Files are owner-only; returns the folder."""
        folder = Path(folder).expanduser()
        try:
            folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        except OSError as exc:
            raise JournalError(f"cannot create the export folder ({exc})", file=folder) from None
        db = self._db
        try:
            db.execute("BEGIN")  # one snapshot of every table
            tables = {name: db.execute(sql).fetchall() for name, sql in _SELECT.items()}
            version = db.execute("PRAGMA user_version").fetchone()[0]
            db.execute("COMMIT")
        except sqlite3.Error as exc:
            if db.in_transaction:
                db.execute("ROLLBACK")
            raise self._error(exc) from None
        files = {}
        for name, columns in _EXPORT_TABLES.items():
            files[f"{name}.csv"] = (_csv_bytes(columns, tables[name]), len(tables[name]))
        assessments = [
            {
                "assessment_id": i,
                "athlete": who,
                "date": day,
                "level": level,
                "content_version": version_,
                "answers": json.loads(answers),
                "result": json.loads(result),
                "saved_at": saved,
            }
            for i, who, day, level, version_, answers, result, saved in tables["assessments"]
        ]
        body = json.dumps(assessments, indent=1, ensure_ascii=False).encode()
        files["assessments.json"] = (body, len(assessments))
        for name, (data, _) in files.items():
            _write_private(folder / name, data)
        from hamstring_edu import __version__

        manifest = {
            "format": EXPORT_FORMAT,
            "schema_version": version,
            "package_version": __version__,
            "exported_at": _now(),
            "files": {
                name: {"rows": rows, "sha256": hashlib.sha256(data).hexdigest()}
                for name, (data, rows) in files.items()
            },
        }
        _write_private(folder / "manifest.json", json.dumps(manifest, indent=1).encode())
        return folder

    @classmethod
    def restore(cls, folder: str | Path, path: str | Path, *, timeout: float = 5.0) -> Journal:
        """A new journal file at ``path`` holding exactly what ``export`` wrote to ``folder``.

        The export is checked first (format, schema, row counts, checksums, every value); a
        problem raises JournalError and leaves no file behind. ``path`` must not exist yet.
        """
        folder, target = Path(folder).expanduser(), Path(path).expanduser()
        tables, assessments = _read_export(folder)
        if target.exists():
            raise JournalError(
                "this file already exists: restore into a new file (a journal is never "
                "overwritten)",
                file=target,
            )
        journal = cls(target, timeout=timeout)
        try:
            with journal._writing() as db:
                db.executemany(
                    "INSERT INTO athletes(athlete_id, name, team, added_at) VALUES (?, ?, ?, ?)",
                    tables["athletes"],
                )
                ids = {name: i for i, name, _, _ in tables["athletes"]}
                db.executemany(
                    "INSERT INTO imports(import_id, imported_at, source, activities_added, "
                    "activities_skipped) VALUES (?, ?, ?, ?, ?)",
                    tables["imports"],
                )
                db.executemany(
                    "INSERT INTO activities(activity_id, athlete_id, import_id, day, start_time, "
                    "activity_type, is_running, distance_km, duration_min, rpe, "
                    "elevation_gain_m, source, occurrence) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        (r[0], _known(ids, r[1], "activities.csv"), *r[2:])
                        for r in tables["activities"]
                    ),
                )
                db.executemany(
                    "INSERT INTO checkins(checkin_id, athlete_id, day, leg, location, rating, "
                    "note, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    ((r[0], _known(ids, r[1], "checkins.csv"), *r[2:]) for r in tables["checkins"]),
                )
                db.executemany(
                    "INSERT INTO assessments(assessment_id, athlete_id, day, level, "
                    "content_version, answers, result, saved_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    ((r[0], _known(ids, r[1], "assessments.json"), *r[2:]) for r in assessments),
                )
        except BaseException:
            journal.close()
            for suffix in ("", "-wal", "-shm"):
                Path(f"{target}{suffix}").unlink(missing_ok=True)
            raise
        return journal


# ---------------------------------------------------------------------------- helpers


def _now() -> str:
    """The current time in UTC as ISO 8601 text (microseconds)."""
    return datetime.now(UTC).isoformat(timespec="microseconds")


def _today() -> date:
    return date.today()


def _create_private(path: Path) -> None:
    """Create the journal file (and its folder) owner-only, if it does not exist yet."""
    if path.exists():
        if path.is_dir():
            raise JournalError("this is a folder; give a file name for the journal", file=path)
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
        os.close(fd)
    except FileExistsError:
        pass
    except OSError as exc:
        raise JournalError(f"cannot create the journal file ({exc})", file=path) from None


def _write_private(path: Path, data: bytes) -> None:
    """Write a file owner-only, whole or not at all (a temporary file renamed into place)."""
    temp = path.with_name(f".{path.name}.tmp")
    try:
        fd = os.open(temp, os.O_CREAT | os.O_TRUNC | os.O_WRONLY, 0o600)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(temp, path)
    except OSError as exc:
        temp.unlink(missing_ok=True)
        raise JournalError(f"cannot write the export ({exc})", file=path) from None


def _name(value: Any, field: str, *, empty: bool = False) -> str:
    """An athlete or team name: text, trimmed, printable, at most MAX_NAME characters."""
    if not isinstance(value, str):
        raise JournalError(f"{field} must be text, got {brief(value)}", field=field)
    text = value.strip()
    if not text and not empty:
        raise JournalError(f"the {field} name is empty", field=field)
    if len(text) > MAX_NAME or _CONTROL.search(text) or not _encodable(text):
        raise JournalError(
            f"{field} must be printable text of at most {MAX_NAME} characters, got {brief(value)}",
            field=field,
        )
    return text


def _encodable(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _note(value: Any) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise JournalError(f"the note must be text, got {brief(value)}", field="note")
    text = value.replace("\r\n", "\n").replace("\r", "\n")
    if len(text) > MAX_NOTE:
        raise JournalError(
            f"the note is {len(text)} characters long; keep it under {MAX_NOTE}", field="note"
        )
    if _CONTROL.search(text) or not _encodable(text):
        raise JournalError(
            "the note contains a control character or invalid text; type plain text",
            field="note",
        )
    return text


def _rating(value: Any) -> int:
    """A 0-10 soreness rating as a whole number."""
    ok = (
        not isinstance(value, bool)
        and isinstance(value, int | float | np.integer | np.floating)
        and math.isfinite(value)
        and float(value).is_integer()
        and 0 <= value <= 10
    )
    if not ok:
        raise JournalError(
            f"a soreness rating is a whole number from 0 (none) to 10 (worst), got {brief(value)}",
            field="rating",
        )
    return int(value)


def _day(value: Any, field: str) -> str:
    """A calendar day as YYYY-MM-DD: today when None; never in the future or before 1970."""
    today = _today()
    if value is None:
        return today.isoformat()
    if isinstance(value, datetime | pd.Timestamp):
        day = value.date()
    elif isinstance(value, date):
        day = value
    elif isinstance(value, str):
        try:
            day = date.fromisoformat(value.strip()[:10])
        except ValueError:
            raise JournalError(
                f"{brief(value)} is not a date (expected YYYY-MM-DD)", field=field
            ) from None
    else:
        raise JournalError(f"{brief(value)} is not a date (expected YYYY-MM-DD)", field=field)
    if day > today:
        raise JournalError(
            f"{day.isoformat()} is in the future (today is {today.isoformat()})", field=field
        )
    if day < EARLIEST:
        raise JournalError(f"{day.isoformat()} is before {EARLIEST.isoformat()}", field=field)
    return day.isoformat()


def _dates(days: pd.Series) -> pd.Series:
    return pd.to_datetime(days, format="%Y-%m-%d").astype("datetime64[ns]")


def _filters(athlete: str | None, team: str | None, start: Any, end: Any) -> tuple[str, list[Any]]:
    """A WHERE clause (joined with athletes as ``a``) for the common read filters."""
    clauses, params = [], []
    if athlete is not None:
        clauses.append("a.name = ?")
        params.append(athlete)
    if team is not None:
        clauses.append("a.team = ?")
        params.append(team)
    for bound, op in ((start, ">="), (end, "<=")):
        if bound is not None:
            try:
                text = pd.Timestamp(bound).strftime("%Y-%m-%d")
            except (ValueError, TypeError):
                raise JournalError(f"{brief(bound)} is not a date", field="start/end") from None
            clauses.append(f"day {op} ?")
            params.append(text)
    return (" WHERE " + " AND ".join(clauses) if clauses else ""), params


# columns of the rows import_log writes (after athlete_id and import_id)
_ROW_COLUMNS = [
    "athlete",
    "day",
    "start_time",
    "activity_type",
    "is_running",
    "distance_km",
    "duration_min",
    "rpe",
    "elevation_gain_m",
    "source",
    "occurrence",
]


def _texts(
    values: pd.Series, index: pd.Index, column: str, clean: Callable[[Any], str]
) -> np.ndarray:
    """A text column cleaned once per distinct value (fast for long logs with few names)."""
    codes, uniques = pd.factorize(values.to_numpy(dtype=object), use_na_sentinel=True)
    codes = np.where(codes < 0, len(uniques), codes)  # a missing value: one more "unique"
    cleaned = []
    for k, value in enumerate([*uniques, None]):
        if k == len(uniques) and not (codes == k).any():
            break
        try:
            cleaned.append(clean(value))
        except ValueError as exc:
            row = index[np.argmax(codes == k)]
            shown = "an empty value" if value is None else brief(value)
            raise LogError(f"{shown} {exc}", row=row, column=column) from None
    return np.asarray(cleaned, dtype=object)[codes]


def _athlete_name(value: Any) -> str:
    if not (isinstance(value, str) and 0 < len(value.strip()) <= MAX_NAME):
        raise ValueError(f"is not an athlete name (text, 1 to {MAX_NAME} characters)")
    text = value.strip()
    if _CONTROL.search(text) or not _encodable(text):
        raise ValueError("contains a control character or invalid text")
    return text


def _activity_type(value: Any) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "run"
    text = str(value).strip().lower()
    if _CONTROL.search(text) or not _encodable(text) or len(text) > MAX_NAME:
        raise ValueError("is not an activity type (printable text)")
    return text or "run"


def _source(value: Any) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    text = str(value)
    if not _encodable(text):
        raise ValueError("is not printable text")
    return text


def _activity_rows(log: pd.DataFrame, source: str | None) -> tuple[dict[str, list], list[str]]:
    """The log checked and turned into journal rows (column -> values, with each activity's
    occurrence), and the athletes' names. A bad value raises LogError naming row and column."""
    absent = {"athlete", "date", "distance_km", "duration_min"} - set(log.columns)
    if absent:
        raise LogError(
            f"the log has no column(s) {sorted(absent)}; a journal import needs athlete, date, "
            "distance_km and duration_min (read files with read_log)"
        )
    if log.empty:
        raise LogError("the log has no activities")
    index = log.index
    out: dict[str, Any] = {}

    athlete = _texts(log["athlete"], index, "athlete", _athlete_name)
    athlete_codes, names = pd.factorize(athlete, sort=True)
    out["athlete"] = athlete

    dates = log["date"]
    if dates.dtype.kind != "M":
        dates = pd.to_datetime(dates, errors="coerce", format="ISO8601")
    if isinstance(dates.dtype, pd.DatetimeTZDtype):
        dates = dates.dt.tz_localize(None)
    days = dates.to_numpy().astype("datetime64[D]")
    latest = np.datetime64(_today() + timedelta(days=1), "D")  # a UTC date may be a day ahead
    for wrong, what in (
        (np.isnat(days), "is not a date (expected YYYY-MM-DD)"),
        (days > latest, "is in the future"),
        (days < np.datetime64(EARLIEST, "D"), f"is before {EARLIEST.isoformat()}"),
    ):
        if wrong.any():
            row = index[np.argmax(wrong)]
            raise LogError(f"{brief(_plain(log['date'][row]))} {what}", row=row, column="date")
    out["day"] = days.astype(str).tolist()

    start_key = np.full(len(log), -1, dtype=np.int64)
    if "start_time" in log.columns:
        start = log["start_time"]
        if start.dtype.kind != "M":
            start = pd.to_datetime(start, errors="coerce", utc=True, format="ISO8601")
        elif not isinstance(start.dtype, pd.DatetimeTZDtype):
            start = start.dt.tz_localize("UTC")
        moments = start.dt.tz_convert("UTC").dt.tz_localize(None).to_numpy("datetime64[us]")
        known = ~np.isnat(moments)
        text = np.char.add(moments.astype(str), "Z")
        out["start_time"] = np.where(known, text, None).tolist()
        start_key[known] = moments[known].astype(np.int64)
    else:
        out["start_time"] = [None] * len(log)

    kinds = (
        _texts(log["activity_type"], index, "activity_type", _activity_type)
        if "activity_type" in log.columns
        else np.full(len(log), "run", dtype=object)
    )
    out["activity_type"] = kinds.tolist()
    if "is_running" in log.columns:
        running = log["is_running"]
        if not (
            (running.dtype.kind == "b" and not running.isna().any())
            or (running.dtype.kind in "iu" and running.isin([0, 1]).all())
        ):
            raise LogError(
                "is_running must be True/False (booleans, not text)", column="is_running"
            )
        out["is_running"] = running.to_numpy(dtype=bool).astype(np.int64).tolist()
    else:
        from hamstring_edu.logs import RUN_TYPES

        out["is_running"] = pd.Series(kinds).isin(RUN_TYPES).astype(np.int64).tolist()

    numbers = {}
    for column, optional, high in (
        ("distance_km", False, None),
        ("duration_min", False, None),
        ("rpe", True, 10.0),
        ("elevation_gain_m", True, None),
    ):
        if column not in log.columns:
            numbers[column] = np.full(len(log), np.nan)
            continue
        raw = log[column]
        values = pd.to_numeric(raw, errors="coerce").to_numpy(dtype=float)
        missing = np.isnan(values)
        wrong = (missing & (raw.notna().to_numpy() | (not optional))) | np.isinf(values)
        if column != "elevation_gain_m":
            wrong |= values < 0
        if high is not None:
            wrong |= values > high
        if wrong.any():
            row = index[np.argmax(wrong)]
            limit = f"from 0 to {high:g}" if high else "a finite number >= 0"
            raise LogError(
                f"{brief(_plain(raw[row]))} is not valid: expected {limit}",
                row=row,
                column=column,
            )
        numbers[column] = values
    for column, values in numbers.items():
        listed = values.tolist()
        if column in ("rpe", "elevation_gain_m"):  # NaN is stored as NULL
            listed = [None if v != v else v for v in listed]
        out[column] = listed

    sources = (
        _texts(log["source"], index, "source", _source)
        if "source" in log.columns
        else np.full(len(log), "", dtype=object)
    )
    if source is not None or (sources == "").any():
        sources = np.where(sources == "", source or "(frame)", sources)
    out["source"] = sources.tolist()

    # the n-th activity with the same identity in this log (SQLite's round: int(x + 0.5))
    key = pd.DataFrame(
        {
            "athlete": athlete_codes,
            "day": days.astype(np.int64),
            "start": start_key,
            "type": pd.factorize(kinds)[0],
            "metres": np.floor(numbers["distance_km"] * 1000 + 0.5).astype(np.int64),
            "seconds": np.floor(numbers["duration_min"] * 60 + 0.5).astype(np.int64),
        }
    )
    out["occurrence"] = key.groupby(list(key.columns), sort=False).cumcount().tolist()
    return out, [str(n) for n in names]


def _plain(value: Any) -> Any:
    return value.item() if isinstance(value, np.generic) else value


def _csv_bytes(columns: Sequence[tuple[str, str]], rows: list[tuple]) -> bytes:
    """Rows as CSV (a header, NULL as an empty cell, floats as their shortest exact text)."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([c for c, _ in columns])
    for row in rows:
        writer.writerow(["" if v is None else repr(v) if isinstance(v, float) else v for v in row])
    return buffer.getvalue().encode("utf-8")


def _read_export(folder: Path) -> tuple[dict[str, list[tuple]], list[tuple]]:
    """Every table of an export folder, checked against its manifest and the value rules."""
    manifest_path = folder / "manifest.json"
    if not manifest_path.is_file():
        raise JournalError(
            "no manifest.json here: not a journal export, or an export that did not finish",
            file=folder,
        )
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise JournalError(f"manifest.json is not valid JSON ({exc})", file=folder) from None
    if not isinstance(manifest, dict) or manifest.get("format") != EXPORT_FORMAT:
        raise JournalError("manifest.json is not a hamstring-edu journal export", file=folder)
    version = manifest.get("schema_version")
    if version != len(MIGRATIONS):
        raise JournalError(
            f"this export has schema {version!r}; this version of hamstring-edu restores "
            f"schema {len(MIGRATIONS)} (update the package, or restore it with the version that "
            "wrote it)",
            file=folder,
        )
    expected = manifest.get("files", {})
    data = {}
    for name in [f"{t}.csv" for t in _EXPORT_TABLES] + ["assessments.json"]:
        path = folder / name
        if not path.is_file() or name not in expected:
            raise JournalError(f"the export has no {name}", file=folder)
        data[name] = path.read_bytes()
        if hashlib.sha256(data[name]).hexdigest() != expected[name].get("sha256"):
            raise JournalError(
                "the file changed after the export (its checksum differs from manifest.json)",
                file=path,
            )
    tables = {}
    for table, columns in _EXPORT_TABLES.items():
        name = f"{table}.csv"
        tables[table] = _parse_csv(folder / name, data[name], columns)
    try:
        records = json.loads(data["assessments.json"].decode("utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise JournalError(f"not valid JSON ({exc})", file=folder / "assessments.json") from None
    assessments = []
    for n, rec in enumerate(records if isinstance(records, list) else [None], start=1):
        try:
            assessments.append(
                (
                    int(rec["assessment_id"]),
                    str(rec["athlete"]),
                    _cell(str(rec["date"]), "day"),
                    _level(rec["level"]),
                    str(rec["content_version"]),
                    json.dumps(rec["answers"], ensure_ascii=False, sort_keys=True),
                    json.dumps(rec["result"], ensure_ascii=False, sort_keys=True),
                    _cell(str(rec["saved_at"]), "time"),
                )
            )
        except (KeyError, TypeError, ValueError):
            raise JournalError(
                f"entry {n} is not a saved self-assessment", file=folder / "assessments.json"
            ) from None
    tables_and_json = {**tables}
    for name, rows in [(f"{t}.csv", tables[t]) for t in _EXPORT_TABLES] + [
        ("assessments.json", assessments)
    ]:
        if len(rows) != expected[name].get("rows"):
            raise JournalError(
                f"{len(rows)} rows, but manifest.json says {expected[name].get('rows')}",
                file=folder / name,
            )
    return tables_and_json, assessments


def _parse_csv(path: Path, data: bytes, columns: Sequence[tuple[str, str]]) -> list[tuple]:
    try:
        reader = csv.reader(io.StringIO(data.decode("utf-8"), newline=""))
        header = next(reader, None)
    except (UnicodeDecodeError, csv.Error) as exc:
        raise JournalError(f"not a readable CSV file ({exc})", file=path) from None
    names = [c for c, _ in columns]
    if header != names:
        raise JournalError(f"the header must be {','.join(names)}", file=path)
    rows = []
    try:
        for line, cells in enumerate(reader, start=2):
            if len(cells) != len(columns):
                raise JournalError(
                    f"{len(cells)} cells, expected {len(columns)}", file=path, line=line
                )
            row = []
            for (column, kind), cell in zip(columns, cells, strict=True):
                try:
                    row.append(_cell(cell, kind))
                except ValueError:
                    raise JournalError(
                        f"{brief(cell)} is not a valid {_KINDS[kind.rstrip('?')]}",
                        file=path,
                        line=line,
                        column=column,
                    ) from None
            rows.append(tuple(row))
    except csv.Error as exc:
        raise JournalError(f"not a readable CSV file ({exc})", file=path) from None
    return rows


def _cell(text: str, kind: str) -> Any:
    if kind.endswith("?") and text == "":
        return None
    kind = kind.rstrip("?")
    if kind == "int":
        return int(text)
    if kind == "float":
        return float(text)
    if kind == "day":
        return date.fromisoformat(text).isoformat() if len(text) == 10 else _fail()
    if kind == "time":
        return text if datetime.fromisoformat(text).tzinfo is not None else _fail()
    return text


def _fail() -> Any:
    raise ValueError


def _level(value: Any) -> str | None:
    if value is None or isinstance(value, str):
        return value
    raise ValueError


def _known(ids: dict[str, int], name: str, file: str) -> int:
    if name not in ids:
        raise JournalError(f"athlete {brief(name)} is not in athletes.csv", file=file)
    return ids[name]
