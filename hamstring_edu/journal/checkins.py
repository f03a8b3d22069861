"""The journal's soreness check-ins: after a run, how sore (0 to 10), which leg and where on the
back of the thigh."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from hamstring_edu.errors import JournalError, brief
from hamstring_edu.journal import values
from hamstring_edu.journal.athletes import _athlete_id
from hamstring_edu.journal.backup import _EXPORT_TABLES
from hamstring_edu.journal.store import Store, _dates, _filters
from hamstring_edu.journal.values import _day, _note, _one_of, _rating
from hamstring_edu.wording import say

LEGS = ("left", "right", "both")
# where the soreness is: id (the schema accepts these four) -> its words in data/text/journal.toml
LOCATION_TEXTS = {
    "upper": "journal.location_upper",
    "middle": "journal.location_middle",
    "lower": "journal.location_lower",
    "whole": "journal.location_whole",
}
LOCATIONS = {place: say(key) for place, key in LOCATION_TEXTS.items()}


class Checkins(Store):
    """The check-ins' methods of :class:`~hamstring_edu.journal.Journal`."""

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
        _one_of(leg, LEGS, "leg")
        _one_of(location, LOCATIONS, "location")
        text = _note(note)
        with self._writing() as db:
            athlete_id = _athlete_id(db, athlete)
            return db.execute(
                "INSERT INTO checkins(athlete_id, day, leg, location, rating, note, recorded_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                (athlete_id, day, leg, location, value, text, values._now()),
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
