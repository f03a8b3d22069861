"""The pain diary's rules: where and how a day's pain is recorded, when the warning signs must be
checked, and what a diary says in words (with its reasons, never as a prediction).

An entry is one leg, one place (the self-assessment's places, from its question "where"), a pain
of 0 to 10, when it hurt (during, after, the next morning) and what it stopped (nothing, speed,
running). Whenever pain is new, worse than the last entry for that leg and place, or stopped the
run, the warning signs are asked again: the self-assessment's own questions, its flags, levels
and limits (``check_flags``). Pure Python and pandas: the journal stores entries (journal.diary);
figures and apps show them.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd

from hamstring_edu.errors import AnswerError
from hamstring_edu.wording import say

TIMINGS = ("during", "after", "next_morning")
STOPPED = ("nothing", "speed", "running")
FLAG_SECTIONS = ("urgent_signs", "warning")
SAME_EPISODE_DAYS = 14  # an entry within this many days of the last one continues its episode


@functools.cache
def places() -> tuple[str, ...]:
    """Where it hurts: the self-assessment's places (its question "where")."""
    from hamstring_edu.questions import questionnaire

    return tuple(o.value for o in questionnaire().question("where").options)


@functools.cache
def flag_questions() -> tuple[tuple[str, str], ...]:
    """The warning-sign questions, (id, text), in the self-assessment's order."""
    from hamstring_edu.questions import questionnaire

    return tuple((q.id, q.text) for q in questionnaire().questions if q.section in FLAG_SECTIONS)


@functools.cache
def settle_days() -> int:
    """Days after which soreness that has not settled points beyond ordinary soreness: the
    largest band of the self-assessment's question "days_sore"."""
    from hamstring_edu.questions import questionnaire

    bands = questionnaire().question("days_sore").bands
    return int(max(b.threshold for b in bands if b.direction == "at_least"))


@dataclass(frozen=True)
class FlagCheck:
    """The warning signs checked with a diary entry: the answers, and what they raised."""

    answers: Mapping[str, bool]
    level: str | None  # "emergency", "today", "soon" or None
    raised: tuple[str, ...]  # the titles of the flags raised
    limits: tuple[str, ...]  # the limit ids they raise (no running, ...)


def check_flags(answers: Mapping[str, Any]) -> FlagCheck:
    """The warning signs of a diary entry, through the self-assessment (its flags and limits).
    Only the warning-sign questions are accepted; each answer is True or False."""
    from hamstring_edu.assessment import assess

    if not isinstance(answers, Mapping):
        raise AnswerError("the warning signs are answered as {question id: True or False}")
    known = {qid for qid, _ in flag_questions()}
    for qid, value in answers.items():
        if qid not in known:
            raise AnswerError(f"{qid!r} is not a warning-sign question", question=str(qid))
        if not isinstance(value, bool):
            raise AnswerError(f"{value!r} is not True or False", question=str(qid))
    result = assess(dict(answers))
    return FlagCheck(
        dict(answers),
        result.level,
        tuple(f.title for f in result.red_flags),
        tuple(result.limits.ids),
    )


def needs_flag_check(previous: pd.DataFrame, pain: int, stopped: str) -> tuple[bool, str]:
    """Whether a new entry asks the warning signs again, and why ("new", "worse", "stopped"
    or ""): ``previous`` is the diary of this leg and place before the entry, newest last."""
    if stopped == "running":
        return True, "stopped"
    if pain <= 0:
        return False, ""
    if previous.empty or int(previous["pain"].iloc[-1]) == 0:
        return True, "new"
    if pain > int(previous["pain"].iloc[-1]):
        return True, "worse"
    return False, ""


@dataclass(frozen=True)
class DiaryNote:
    """What a diary says, in words, with its reason; never a prediction."""

    kind: str  # "load_jump", "not_settling", "tendon", "flag", "flag_unchecked"
    athlete: str
    day: pd.Timestamp
    text: str
    refs: tuple[str, ...] = ()


def diary_notes(diary: pd.DataFrame, weeks: pd.DataFrame | None = None) -> list[DiaryNote]:
    """What one athlete's diary says (``diary``: journal.pain_diary rows; ``weeks``: their
    weekly_load, for the load it rose after), oldest first."""
    from hamstring_edu.load import SPIKE_PCT

    notes: list[DiaryNote] = []
    if diary.empty:
        return notes
    rows = diary.sort_values(["date", "entry_id"])
    for (athlete, leg, place), part in rows.groupby(["athlete", "leg", "place"], sort=False):
        previous = None
        start = None
        for row in part.itertuples():
            day = pd.Timestamp(row.date)
            if row.pain > 0 and (previous is None or previous.pain == 0):
                start = day
            if row.pain == 0:
                start = None
            rose = previous is not None and row.pain > previous.pain
            if rose and weeks is not None and not weeks.empty:
                week = weeks[weeks["week_start"] <= day - pd.Timedelta(days=day.weekday())]
                if not week.empty and week["change_pct"].iloc[-1] > SPIKE_PCT:
                    change = week["change_pct"].iloc[-1]
                    notes.append(
                        DiaryNote(
                            "load_jump",
                            athlete,
                            day,
                            say(
                                "journal.diary_load_jump",
                                leg=leg,
                                place=_place(place),
                                before=previous.pain,
                                now=row.pain,
                                change=f"{change:.0f}",
                                spike=f"{SPIKE_PCT:g}",
                            ),
                            ("nielsen2014",),
                        )
                    )
            lasting = start is not None and row.pain > 0 and (day - start).days >= settle_days()
            if lasting and not any(n.kind == "not_settling" and n.day == start for n in notes):
                notes.append(
                    DiaryNote(
                        "not_settling",
                        athlete,
                        start,
                        say(
                            "journal.diary_not_settling",
                            leg=leg,
                            place=_place(place),
                            days=(day - start).days,
                            settle=settle_days(),
                        ),
                        ("cheung2003",),
                    )
                )
            tendon = place == "sitting_bone" and row.pain > 0 and row.sitting_worse is True
            if tendon and not any(n.kind == "tendon" and n.athlete == athlete for n in notes):
                notes.append(
                    DiaryNote("tendon", athlete, day, say("journal.diary_tendon"), ("goom2016",))
                )
            if isinstance(row.level, str) and row.level:
                notes.append(
                    DiaryNote(
                        "flag",
                        athlete,
                        day,
                        say("journal.diary_flag", raised="; ".join(row.raised or ())),
                    )
                )
            elif row.flag_check_due and row.flag_answers is None and not _asked_after(rows, row):
                notes.append(
                    DiaryNote("flag_unchecked", athlete, day, say("journal.diary_flag_unchecked"))
                )
            previous = row
    return sorted(notes, key=lambda n: (n.day, n.kind))


def _asked_after(rows: pd.DataFrame, row: Any) -> bool:
    """Whether a later entry of the same athlete answered the warning signs."""
    later = rows[(rows["athlete"] == row.athlete) & (rows["entry_id"] > row.entry_id)]
    return bool(later["flag_answers"].notna().any())


def place_label(place: str) -> str:
    """A place as the self-assessment words it ("In the middle of the back of the thigh")."""
    from hamstring_edu.questions import questionnaire

    return next(o.label for o in questionnaire().question("where").options if o.value == place)


def _place(place: str) -> str:
    """A place as the self-assessment words it, in lower case for a sentence."""
    label = place_label(place)
    return label[0].lower() + label[1:]
