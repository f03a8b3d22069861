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
recorded by two different devices (slightly different distances: a watch's file after Strava's
copy) is recognised as one by ``logs.same_run_pairs`` (start within two minutes, length within
its tolerances): the import skips it, keeps what the journal already holds, and lists it in
``ImportSummary.merged``.

Heart rate (schema 2)
---------------------
Each activity keeps the average and maximum heart rate and the seconds at each heart rate
(``hr_seconds``, JSON) that ``read_log`` found, so ``load_metrics(journal.activities(),
measure="trimp")`` works on a team's journal. An export of schema 1 restores too, without heart
rate.

Where things are
----------------
One module a subject; :class:`Journal` is their methods together on one connection.

- ``store``: opening the file (owner-only, WAL, busy and damaged files), write transactions.
- ``migrations``: the schema (tables, indexes, the activities' identity) and its versions.
- ``values``: the limits and checks of names, notes, ratings and days; the clock.
- ``athletes``, ``activities`` (importing logs), ``checkins``, ``assessments``, ``diary`` (the
  pain diary and the return-to-run ticks, schema 3): each subject's writes and reads.
- ``backup``: export to CSV and JSON files, and restore from them.
"""

from __future__ import annotations

from hamstring_edu.journal.activities import Activities, ImportSummary
from hamstring_edu.journal.assessments import LEVELS, Assessments
from hamstring_edu.journal.athletes import Athletes
from hamstring_edu.journal.backup import EXPORT_FORMAT, Backup
from hamstring_edu.journal.checkins import LEGS, LOCATIONS, Checkins
from hamstring_edu.journal.diary import Diary, PainEntry, RunRecord
from hamstring_edu.journal.migrations import APPLICATION_ID, IDENTITY_SQL, MIGRATIONS
from hamstring_edu.journal.store import default_path
from hamstring_edu.journal.values import EARLIEST, MAX_NAME, MAX_NOTE

__all__ = [
    "APPLICATION_ID",
    "EARLIEST",
    "EXPORT_FORMAT",
    "IDENTITY_SQL",
    "LEGS",
    "LEVELS",
    "LOCATIONS",
    "MAX_NAME",
    "MAX_NOTE",
    "MIGRATIONS",
    "ImportSummary",
    "Journal",
    "PainEntry",
    "RunRecord",
    "default_path",
]


class Journal(Athletes, Activities, Checkins, Assessments, Diary, Backup):
    """A team journal in one SQLite file: athletes, activities, check-ins, self-assessments.

    Parameters
    ----------
    path
        The journal file; ``None`` is :func:`default_path` (in the user's data folder). A file
        that does not exist is created, owner-only (0600).
    timeout
        Seconds a write waits for another writer before :class:`JournalBusyError`.
    """
