"""The journal's schema: its tables and indexes, and the migrations that bring an older file up
to date (``PRAGMA user_version`` counts the steps a file has had)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from hamstring_edu.errors import JournalError

APPLICATION_ID = 0x48534A4E  # "HSJN": marks a file as a hamstring-edu journal

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
    # 2 (issue 24): an activity's heart rate, for a load from heart rate (TRIMP): the average
    # and maximum, and the seconds at each heart rate as JSON [[bpm, seconds], ...]
    (
        "ALTER TABLE activities ADD COLUMN avg_hr REAL "
        "CHECK (avg_hr IS NULL OR avg_hr BETWEEN 20 AND 250)",
        "ALTER TABLE activities ADD COLUMN max_hr REAL "
        "CHECK (max_hr IS NULL OR max_hr BETWEEN 20 AND 250)",
        "ALTER TABLE activities ADD COLUMN hr_seconds TEXT "
        "CHECK (hr_seconds IS NULL OR json_valid(hr_seconds))",
    ),
    # 3 (issue 25): the pain diary (a day's pain by leg and place, the warning signs checked
    # with it) and the return-to-run criteria ticked, by whom and when
    (
        """CREATE TABLE diary (
            entry_id INTEGER PRIMARY KEY,
            athlete_id INTEGER NOT NULL REFERENCES athletes(athlete_id) ON DELETE CASCADE,
            day TEXT NOT NULL CHECK (day GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
            leg TEXT NOT NULL CHECK (leg IN ('left', 'right', 'both')),
            place TEXT NOT NULL CHECK (place IN ('sitting_bone', 'middle', 'low', 'all_over')),
            pain INTEGER NOT NULL CHECK (pain BETWEEN 0 AND 10),
            timing TEXT NOT NULL CHECK (timing IN ('during', 'after', 'next_morning')),
            stopped TEXT NOT NULL CHECK (stopped IN ('nothing', 'speed', 'running')),
            sitting_worse INTEGER CHECK (sitting_worse IS NULL OR sitting_worse IN (0, 1)),
            note TEXT NOT NULL DEFAULT '',
            flag_check_due INTEGER NOT NULL CHECK (flag_check_due IN (0, 1)),
            flag_answers TEXT CHECK (flag_answers IS NULL OR json_valid(flag_answers)),
            level TEXT CHECK (level IS NULL OR level IN ('emergency', 'today', 'soon')),
            raised TEXT CHECK (raised IS NULL OR json_valid(raised)),
            limits TEXT CHECK (limits IS NULL OR json_valid(limits)),
            recorded_at TEXT NOT NULL
        )""",
        "CREATE INDEX diary_by_athlete ON diary(athlete_id, day)",
        """CREATE TABLE rtr_ticks (
            tick_id INTEGER PRIMARY KEY,
            athlete_id INTEGER NOT NULL REFERENCES athletes(athlete_id) ON DELETE CASCADE,
            criterion TEXT NOT NULL,
            met INTEGER NOT NULL CHECK (met IN (0, 1)),
            ticked_by TEXT NOT NULL CHECK (length(trim(ticked_by)) > 0),
            day TEXT NOT NULL CHECK (day GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
            recorded_at TEXT NOT NULL
        )""",
        "CREATE INDEX rtr_ticks_by_athlete ON rtr_ticks(athlete_id, day)",
    ),
)


def known_version(version: int, path: Path) -> int:
    """A file's schema version, if this package knows it; a file from a newer one is refused."""
    if version > len(MIGRATIONS):
        raise JournalError(
            f"this journal was written by a newer hamstring-edu (schema {version}; this "
            f"version knows up to {len(MIGRATIONS)}): update the package to open it",
            file=path,
        )
    return version


def migrate(db: sqlite3.Connection, path: Path) -> None:
    """Apply the steps the file lacks, inside the caller's write transaction (all or none)."""
    latest = len(MIGRATIONS)
    version = known_version(db.execute("PRAGMA user_version").fetchone()[0], path)
    for step in range(version, latest):
        try:
            for statement in MIGRATIONS[step]:
                db.execute(statement)
        except sqlite3.DatabaseError as exc:
            raise JournalError(
                f"cannot update the journal from schema {step} to {step + 1} ({exc}); "
                "nothing was changed",
                file=path,
            ) from None
    db.execute(f"PRAGMA user_version = {latest}")
    db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
