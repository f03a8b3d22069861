"""The journal's saved self-assessments: an ``Assessment``'s answers and result as JSON, the
level it raised and the content version it was scored with."""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from hamstring_edu.errors import JournalError, brief
from hamstring_edu.journal import values
from hamstring_edu.journal.athletes import _athlete_id
from hamstring_edu.journal.store import Store, _dates, _filters
from hamstring_edu.journal.values import _day

LEVELS = (None, "soon", "today", "emergency")  # Assessment.level values, least urgent first


class Assessments(Store):
    """The self-assessments' methods of :class:`~hamstring_edu.journal.Journal`."""

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
            athlete_id = _athlete_id(db, athlete)
            return db.execute(
                "INSERT INTO assessments(athlete_id, day, level, content_version, answers, "
                "result, saved_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (athlete_id, day, level, version, answers, whole, values._now()),
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
