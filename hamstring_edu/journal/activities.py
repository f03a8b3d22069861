"""The journal's activities: importing a training log in one transaction (every row checked,
duplicates skipped: see the notes in :mod:`hamstring_edu.journal`) and reading them back, with
their heart rate (average, maximum, seconds at each heart rate: for measure="trimp")."""

from __future__ import annotations

import itertools
import json
import math
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import IO, Any

import numpy as np
import pandas as pd

from hamstring_edu.errors import JournalError, LogError, brief
from hamstring_edu.journal import values
from hamstring_edu.journal.backup import _EXPORT_TABLES, _SELECT
from hamstring_edu.journal.store import Store, _dates, _filters
from hamstring_edu.journal.values import (
    _CONTROL,
    EARLIEST,
    MAX_NAME,
    _encodable,
    _name,
)
from hamstring_edu.wording import say


@dataclass(frozen=True)
class ImportSummary:
    """What one ``import_log`` did: activities added and already present, athletes added."""

    import_id: int | None
    added: int
    skipped: int
    athletes_added: int
    left_out_by_reader: int
    merged: tuple[str, ...] = ()  # the activities skipped as the same run as one already kept

    def __str__(self) -> str:
        added, skipped = self.added, self.skipped
        athletes, left_out = self.athletes_added, self.left_out_by_reader
        if athletes and left_out:
            return say(
                "journal.imported_athletes_left_out",
                added=added,
                skipped=skipped,
                athletes=athletes,
                left_out=left_out,
            )
        if athletes:
            return say("journal.imported_athletes", added=added, skipped=skipped, athletes=athletes)
        if left_out:
            return say("journal.imported_left_out", added=added, skipped=skipped, left_out=left_out)
        return say("journal.imported", added=added, skipped=skipped)


class Activities(Store):
    """The activities' methods of :class:`~hamstring_edu.journal.Journal`."""

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
        dropped = log.attrs.get("dropped")
        left_out = len(dropped) if isinstance(dropped, tuple | list | pd.DataFrame) else 0
        _activity_rows(log, source)  # every value checked first: a bad one names its row
        log, known, merged = self._without_known_runs(log)
        if log.empty:  # every activity is a run the journal already holds
            return ImportSummary(None, 0, known, 0, left_out, merged)
        rows, names = _activity_rows(log, source)
        total = len(rows["day"])
        team_name = None if team is None else _name(team, "team", empty=True)
        sources = sorted(set(rows["source"]))
        label = source or ", ".join(sources[:3])
        if source is None and len(sources) > 3:
            label += f" and {len(sources) - 3} more"
        with self._writing() as db:
            before = db.total_changes
            now = values._now()
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
                "source, occurrence, avg_hr, max_hr, hr_seconds) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
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
        return ImportSummary(
            import_id if added else None,
            added,
            skipped + known,
            athletes_added,
            left_out,
            merged,
        )

    def _without_known_runs(self, log: pd.DataFrame) -> tuple[pd.DataFrame, int, tuple[str, ...]]:
        """The log without the runs the journal already holds under another recording (a
        watch's file after Strava's copy: see logs.same_run_pairs), how many were left out,
        and each in words."""
        from hamstring_edu.logs import same_run_pairs

        needed = {"athlete", "start_time", "is_running", "duration_min", "distance_km", "date"}
        if log.empty or not needed <= set(log.columns) or log["start_time"].isna().all():
            return log, 0, ()
        try:
            days = pd.to_datetime(log["date"], errors="coerce")
            low, high = days.min() - timedelta(days=1), days.max() + timedelta(days=1)
            if pd.isna(low):
                return log, 0, ()
            held = self.activities(start=low.date(), end=high.date())
        except (LogError, JournalError, TypeError, ValueError):
            return log, 0, ()  # the import's own checks name what is wrong with the log
        held = held[held["athlete"].isin(set(log["athlete"]))]
        pairs = same_run_pairs(log, held)
        exact = {
            i for i, j in pairs if _identity(log.iloc[i]) == _identity(held.iloc[j])
        }  # the very same activity: its identity is held, INSERT OR IGNORE counts it
        near = sorted({i for i, _ in pairs} - exact)
        merged = tuple(
            say(
                "journal.merged_run",
                source=log["source"].iloc[i] if "source" in log else f"row {log.index[i]}",
                held=held["source"].iloc[j],
                day=f"{held['date'].iloc[j]:%Y-%m-%d}",
            )
            for i, j in pairs
            if i in near
        )
        kept = log.iloc[np.setdiff1d(np.arange(len(log)), near)]  # by position: labels may repeat
        return kept, len(near), tuple(dict.fromkeys(merged))

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
            "duration_min, rpe, elevation_gain_m, source, avg_hr, max_hr, hr_seconds, "
            "activity_id, import_id "
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
            "avg_hr",
            "max_hr",
            "hr_seconds",
            "activity_id",
            "import_id",
        ]
        frame = pd.DataFrame.from_records(rows, columns=columns, coerce_float=True)
        frame["start_time"] = pd.to_datetime(
            frame["start_time"], utc=True, format="ISO8601"
        ).astype("datetime64[ns, UTC]")
        frame["date"] = _dates(frame["date"])
        frame["is_running"] = frame["is_running"].astype(bool)
        for col in ("distance_km", "duration_min", "rpe", "elevation_gain_m", "avg_hr", "max_hr"):
            frame[col] = frame[col].astype(float)
        frame["hr_seconds"] = pd.Series(  # as read_log gives it: ((bpm, seconds), ...) or None
            [None if t is None else tuple(map(tuple, json.loads(t))) for t in frame["hr_seconds"]],
            index=frame.index,
            dtype=object,
        )
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


def _identity(row: pd.Series) -> tuple:
    """What the journal's unique index compares (migrations.IDENTITY_SQL, occurrence aside)."""
    km = row["distance_km"]
    return (
        row["start_time"],
        str(row["activity_type"]).strip().lower(),
        None if pd.isna(km) else round(km * 1000),
        round(row["duration_min"] * 60),
    )


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
    "avg_hr",
    "max_hr",
    "hr_seconds",
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
    problem = _days_problem(days)
    if problem is not None:
        wrong, what = problem
        row = index[np.argmax(wrong)]
        raise LogError(f"{brief(_plain(log['date'][row]))} {what}", row=row, column="date")
    out["day"] = days.astype(str).tolist()

    start_key = np.full(len(log), -1, dtype=np.int64)
    if "start_time" in log.columns:
        start = log["start_time"]
        if start.dtype.kind != "M":
            given = start.notna().to_numpy() & (start.astype(str).str.strip() != "").to_numpy()
            start = pd.to_datetime(start, errors="coerce", utc=True, format="ISO8601")
            unreadable = given & start.isna().to_numpy()
            if unreadable.any():
                row = index[np.argmax(unreadable)]
                raise LogError(
                    f"{brief(_plain(log['start_time'][row]))} is not an ISO date-time",
                    row=row,
                    column="start_time",
                )
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

    for column in ("avg_hr", "max_hr"):
        raw = log[column] if column in log.columns else pd.Series(np.nan, index=index)
        values = pd.to_numeric(raw, errors="coerce").to_numpy(dtype=float)
        wrong = (np.isnan(values) & raw.notna().to_numpy()) | (values < 20) | (values > 250)
        if wrong.any():
            row = index[np.argmax(wrong)]
            raise LogError(
                f"{brief(_plain(raw[row]))} is not a heart rate (20 to 250 bpm)",
                row=row,
                column=column,
            )
        out[column] = [None if v != v else v for v in values.tolist()]
    out["hr_seconds"] = (
        [_heart_rate_json(v, row) for v, row in zip(log["hr_seconds"], index, strict=True)]
        if "hr_seconds" in log.columns
        else [None] * len(log)
    )

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


def _heart_rate_json(value: Any, row: Any) -> str | None:
    """An activity's seconds at each heart rate (read_log's ``hr_seconds``) as stored: JSON."""
    if value is None or (isinstance(value, float) and value != value):
        return None
    try:
        pairs = [[float(b), float(t)] for b, t in value]
    except (TypeError, ValueError):
        pairs = None
    if pairs is None or not all(b >= 0 and t >= 0 and math.isfinite(b + t) for b, t in pairs):
        raise LogError(
            f"{brief(value)} is not a list of (heart rate, seconds) pairs",
            row=row,
            column="hr_seconds",
        )
    return json.dumps(pairs) if pairs else None


def _days_problem(days: np.ndarray) -> tuple[np.ndarray, str] | None:
    """The first rule a log's days break: which rows break it, and why (None when none does)."""
    tomorrow = values._today() + timedelta(days=1)  # a UTC date may be a day ahead
    latest = np.datetime64(tomorrow, "D")
    for wrong, what in (
        (np.isnat(days), "is not a date (expected YYYY-MM-DD)"),
        (days > latest, "is in the future"),
        (days < np.datetime64(EARLIEST, "D"), f"is before {EARLIEST.isoformat()}"),
    ):
        if wrong.any():
            return wrong, what
    return None


def _plain(value: Any) -> Any:
    return value.item() if isinstance(value, np.generic) else value
