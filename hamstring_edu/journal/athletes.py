"""The journal's athletes: adding, listing and removing them, and finding one by name."""

from __future__ import annotations

import sqlite3
from typing import Any

import pandas as pd

from hamstring_edu.errors import JournalError, brief
from hamstring_edu.journal import values
from hamstring_edu.journal.store import Store
from hamstring_edu.journal.values import _name


class Athletes(Store):
    """The athletes' methods of :class:`~hamstring_edu.journal.Journal`."""

    def add_athlete(self, name: str, *, team: str = "") -> None:
        """Add an athlete (or move an existing one to ``team``)."""
        name, team = _name(name, "athlete"), _name(team, "team", empty=True)
        with self._writing() as db:
            db.execute(
                "INSERT INTO athletes(name, team, added_at) VALUES (?, ?, ?) "
                "ON CONFLICT(name) DO UPDATE SET team = excluded.team",
                (name, team, values._now()),
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
                raise _unknown(db, name)


def _athlete_id(db: sqlite3.Connection, name: Any) -> int:
    """The id of the athlete called ``name`` (an unknown name raises, listing the known ones)."""
    row = db.execute("SELECT athlete_id FROM athletes WHERE name = ?", (str(name),)).fetchone()
    if row is None:
        raise _unknown(db, name)
    return row[0]


def _unknown(db: sqlite3.Connection, name: Any) -> JournalError:
    known = [n for (n,) in db.execute("SELECT name FROM athletes ORDER BY name LIMIT 11")]
    listed = ", ".join(known[:10]) + (", ..." if len(known) > 10 else "")
    return JournalError(
        f"unknown athlete {brief(name)}; the journal knows: {listed or 'nobody yet'} "
        "(import their log first, or add_athlete)",
        field="athlete",
    )
