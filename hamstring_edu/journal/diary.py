"""The journal's pain diary and return-to-run record (schema 3): a day's pain by leg and place,
with the warning signs checked whenever pain is new, worse or stopped the run
(:mod:`hamstring_edu.pain_diary` holds the rules), and the return-to-run criteria a coach ticks:
who ticked which, and when."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import pandas as pd

from hamstring_edu import pain_diary
from hamstring_edu.errors import JournalError, brief
from hamstring_edu.journal import values
from hamstring_edu.journal.athletes import _athlete_id
from hamstring_edu.journal.checkins import LEGS
from hamstring_edu.journal.store import Store, _dates, _filters
from hamstring_edu.journal.values import _day, _name, _note, _one_of, _rating
from hamstring_edu.wording import say


@dataclass(frozen=True)
class PainEntry:
    """What ``add_pain`` stored, and whether the warning signs must be asked now."""

    entry_id: int
    flag_check_due: bool  # pain new, worse or stopped the run
    why: str  # "new", "worse", "stopped" or ""
    check: pain_diary.FlagCheck | None  # the signs, when they were answered with the entry
    questions: tuple[tuple[str, str], ...]  # the questions to ask, when due and not answered


class Diary(Store):
    """The pain diary's and return-to-run record's methods of :class:`Journal`."""

    def add_pain(
        self,
        athlete: str,
        pain: int,
        *,
        date: Any = None,
        leg: str = "both",
        place: str = "middle",
        timing: str = "after",
        stopped: str = "nothing",
        sitting_worse: bool | None = None,
        note: str = "",
        flags: dict[str, bool] | None = None,
        tz: str | None = None,
    ) -> PainEntry:
        """Record a day's pain (0 to 10) for one leg and place; when it is new, worse than the
        last entry there, or stopped the run, the warning signs are due: pass their answers as
        ``flags`` (the entry keeps them, their level and limits) or ask ``entry.questions``.
        ``tz``: the time zone of the person making the entry (which day is today for them)."""
        value = _rating(pain)
        day = _day(date, "date", tz)
        _one_of(leg, LEGS, "leg")
        _one_of(place, pain_diary.places(), "place")
        _one_of(timing, pain_diary.TIMINGS, "timing")
        _one_of(stopped, pain_diary.STOPPED, "stopped")
        if sitting_worse is not None and not isinstance(sitting_worse, bool):
            raise JournalError("sitting_worse must be True, False or None", field="sitting_worse")
        text = _note(note)
        check = pain_diary.check_flags(flags) if flags is not None else None
        with self._writing() as db:
            athlete_id = _athlete_id(db, athlete)
            rows = db.execute(
                "SELECT pain FROM diary WHERE athlete_id = ? AND leg = ? AND place = ? "
                "AND day <= ? AND day >= date(?, ?) ORDER BY day, entry_id",
                (athlete_id, leg, place, day, day, f"-{pain_diary.SAME_EPISODE_DAYS} days"),
            ).fetchall()
            before = pd.DataFrame(rows, columns=["pain"])
            due, why = pain_diary.needs_flag_check(before, value, stopped)
            entry_id = db.execute(
                "INSERT INTO diary(athlete_id, day, leg, place, pain, timing, stopped, "
                "sitting_worse, note, flag_check_due, flag_answers, level, raised, limits, "
                "recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    athlete_id,
                    day,
                    leg,
                    place,
                    value,
                    timing,
                    stopped,
                    None if sitting_worse is None else int(sitting_worse),
                    text,
                    int(due),
                    None if check is None else json.dumps(dict(check.answers), sort_keys=True),
                    None if check is None else check.level,
                    None if check is None else json.dumps(list(check.raised)),
                    None if check is None else json.dumps(list(check.limits)),
                    values._now(),
                ),
            ).lastrowid
        asked = pain_diary.flag_questions() if due and check is None else ()
        return PainEntry(entry_id, due, why, check, asked)

    def pain_diary(
        self,
        athlete: str | None = None,
        *,
        team: str | None = None,
        start: Any = None,
        end: Any = None,
    ) -> pd.DataFrame:
        """The diary (entry_id, athlete, date, leg, place, pain, timing, stopped,
        sitting_worse, note, flag_check_due, flag_answers, level, raised, limits), by date."""
        where, params = _filters(athlete, team, start, end)
        rows = self._rows(
            "SELECT entry_id, a.name, day, leg, place, pain, timing, stopped, sitting_worse, "
            "note, flag_check_due, flag_answers, level, raised, limits, recorded_at "
            f"FROM diary JOIN athletes a USING (athlete_id){where} ORDER BY day, entry_id",
            params,
        )
        columns = [
            "entry_id",
            "athlete",
            "date",
            "leg",
            "place",
            "pain",
            "timing",
            "stopped",
            "sitting_worse",
            "note",
            "flag_check_due",
            "flag_answers",
            "level",
            "raised",
            "limits",
            "recorded_at",
        ]
        records = [dict(zip(columns, row, strict=True)) for row in rows]
        for r in records:  # SQL NULL stays None (never NaN) in these columns
            r["sitting_worse"] = None if r["sitting_worse"] is None else bool(r["sitting_worse"])
            r["flag_check_due"] = bool(r["flag_check_due"])
            r["flag_answers"] = None if r["flag_answers"] is None else json.loads(r["flag_answers"])
            for column in ("raised", "limits"):
                r[column] = () if r[column] is None else tuple(json.loads(r[column]))
        frame = pd.DataFrame(records, columns=columns, dtype=object)
        frame["date"] = _dates(frame["date"])
        frame["pain"] = frame["pain"].astype(int)
        frame["entry_id"] = frame["entry_id"].astype(int)
        return frame

    def tick_criterion(
        self, athlete: str, criterion: str, met: bool = True, *, by: str, date: Any = None
    ) -> int:
        """Record that ``by`` (the coach, or the runner) found a return-to-run criterion met
        (or not met any more) on ``date``; the latest tick of each criterion counts."""
        from hamstring_edu.recovery.stages import checked_ticks

        checked_ticks({criterion: met})  # an unknown criterion or a non-bool: OptionError
        who = _name(by, "by")
        day = _day(date, "date")
        with self._writing() as db:
            athlete_id = _athlete_id(db, athlete)
            return db.execute(
                "INSERT INTO rtr_ticks(athlete_id, criterion, met, ticked_by, day, recorded_at) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (athlete_id, criterion, int(met), who, day, values._now()),
            ).lastrowid

    def return_to_run_record(
        self, athlete: str, *, severity: str | None = None, limits: Any = None
    ) -> Any:
        """The athlete's return to running as the journal records it: each criterion's latest
        tick (met, by whom, when), the rehab stage, and the gate (return_to_run). The gate is
        closed while the diary's latest warning signs rule running out, while its latest entry
        that needed them has none, or while ``limits`` (a self-assessment's, today's) do."""
        from hamstring_edu.limits import as_limits
        from hamstring_edu.recovery import ReturnToRun, current_stage, return_to_run

        rows = self._rows(
            "SELECT t.criterion, t.met, t.ticked_by, t.day FROM rtr_ticks t JOIN athletes a "
            "USING (athlete_id) WHERE a.name = ? ORDER BY t.day, t.tick_id",
            (str(athlete),),
        )
        if not rows and not self._rows("SELECT 1 FROM athletes WHERE name = ?", (str(athlete),)):
            raise JournalError(f"unknown athlete {brief(athlete)}", field="athlete")
        latest = {criterion: (bool(met), by, day) for criterion, met, by, day in rows}
        checks = {c: met for c, (met, _, _) in latest.items()}
        diary = self.pain_diary(athlete)
        today = as_limits(limits)
        if today.plan("return_to_run"):
            gate = return_to_run(checks, severity=severity, limits=today)
        else:
            gate = return_to_run(checks, severity=severity, limits=_latest_limits(diary))
        if gate.ready and _unchecked(diary):  # the signs were due and not asked: not yet
            unmet = gate.unmet
            gate = ReturnToRun(False, unmet, (), None, say("journal.gate_signs_unchecked"))
        ticks = pd.DataFrame(
            [(c, m, b, pd.Timestamp(d)) for c, (m, b, d) in latest.items()],
            columns=["criterion", "met", "ticked_by", "date"],
        )
        return RunRecord(athlete, current_stage(checks), ticks, gate)

    def return_to_run_records(self, *, team: str | None = None) -> dict[str, RunRecord]:
        """Each athlete's return-to-run record (of ``team``), for those with a tick."""
        where, params = _filters(None, team, None, None)
        rows = self._rows(
            f"SELECT DISTINCT a.name FROM rtr_ticks JOIN athletes a USING (athlete_id){where}",
            params,
        )
        return {name: self.return_to_run_record(name) for (name,) in rows}


@dataclass(frozen=True)
class RunRecord:
    """An athlete's return to running as recorded: stage, ticks, and the gate they give."""

    athlete: str
    stage: int
    ticks: pd.DataFrame  # criterion, met, ticked_by, date (the latest tick of each)
    gate: Any  # recovery.ReturnToRun


def _unchecked(diary: pd.DataFrame) -> bool:
    """Whether the diary's latest entry that needed the warning signs went without them (and
    no later entry answered them)."""
    asked = diary[diary["flag_check_due"].astype(bool) | diary["flag_answers"].notna()]
    return not asked.empty and asked["flag_answers"].iloc[-1] is None


def _latest_limits(diary: pd.DataFrame) -> Any:
    """The limits of the latest warning-sign check in a diary (none when none was raised)."""
    from hamstring_edu.assessment import assess

    checked = diary[diary["flag_answers"].notna()]
    if checked.empty:
        return None
    return assess(checked["flag_answers"].iloc[-1]).limits
