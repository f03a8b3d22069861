"""Recovery and return to running: a timed first-aid plan, staged rehabilitation, a gate.

What the plan is built from (each row of a plan names its sources in ``refs``)
-------------------------------------------------------------------------------
- First aid for a strain, first 48-72 hours (nidirect_sprains): protect and rest; ice wrapped
  in a damp towel (never on bare skin), 15-20 minutes at a time, every 2-3 hours while awake, never
  while asleep; a snug, not tight, compression bandage taken off for sleep; the leg raised; no
  heat, alcohol, running or massage for 72 hours. This package also keeps ice out of the last
  hour before sleep, so no session runs into bedtime.
- The article's RICE next to the newer PEACE & LOVE (dubois2020: protect for only 1-3 days,
  question ice, then load gradually), and what the evidence on ice says (bleakley2004: 22
  low-quality trials, marginal evidence, no best mode or duration).
- Delayed onset muscle soreness (DOMS) gets a short plan: it follows unaccustomed, mainly
  eccentric, exercise and settles by itself (cheung2003).
- A strain gets stages with criteria to move on (heiderscheit2010), a return-to-run gate with
  criteria adapted from an expert consensus in football (vanderhorst2017), and a walk-run plan
  that builds to continuous easy running with speed last. The plan moves on a week only when
  the last one was pain-free, and a milder strain starts further along it. The exercises in
  each stage, the walk-run steps and where a severity starts are this package's choices, not a
  tested protocol. Each exercise's evidence note in ``data/evidence.toml`` is about the
  exercise in general (mostly prevention or performance), so the stages show their basis
  instead (no rehab trial of the exercises is cited), and stage 2 says what the two trials
  of lengthening exercises found (askling2013, askling2014) and why this package does not
  prescribe them.
- Time frames are shown as reported (mean and standard deviation), never as a promise:
  lay-off by MRI grade in professional football (ekstrand2012) and return times in two trials
  of rehabilitation protocols (askling2013, askling2014).
- When to seek care comes from the self-assessment's red flags (``questionnaire().red_flags``),
  one source of truth, ordered from the most urgent level.

Educational, not a diagnosis: the plan cannot examine anyone.
"""

from __future__ import annotations

import hashlib
import html
import math
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import pandas as pd

from hamstring_edu.errors import OptionError, PlanError
from hamstring_edu.limits import NO_LIMITS, Limits, as_limits
from hamstring_edu.wording import say

if TYPE_CHECKING:
    from hamstring_edu.assessment import Assessment

KINDS = ("soreness", "strain")
SEVERITIES = ("mild", "moderate", "severe")
FIRST_AID_HOURS = 72  # no heat, alcohol, running or massage before this (nidirect_sprains)
ICE_MINUTES = 20  # one session: 15-20 minutes; the calendar blocks the longer time
ICE_EVERY_H = (2.0, 3.0)  # allowed gap between the starts of two sessions (nidirect_sprains)
ICE_HOURS = (48.0, 72.0)  # allowed ice window after the onset (nidirect_sprains; the article)
DEFAULT_ICE_HOURS = {"soreness": 48.0, "strain": 72.0}
NO_ICE_BEFORE_SLEEP_H = 1  # this package's margin: no session in the last hour before sleep
MIN_AWAKE_H = 6  # a waking day shorter than this is not a day anyone plans around
CHECK_IN_MINUTES = 10
CHECK_IN_DAYS = {"soreness": (1, 2, 3, 7), "strain": (1, 2, 3, 7, 14)}
PLAN_DAYS = {"soreness": 7, "strain": 14}
HEAT_UNTIL_DAYS = 7
CATEGORIES = (
    "info",
    "rest",
    "ice",
    "compression",
    "elevation",
    "avoid",
    "sleep",
    "heat",
    "check",
    "rehab",
    "care",
)
COLUMNS = ["start", "end", "category", "action", "how", "why", "refs"]
ICE_HOW = (
    "Ice or a cold pack wrapped in a damp towel, never on bare skin, for 15-20 minutes. "
    "Not while asleep, and not in the last hour before you go to sleep."
)

# --------------------------------------------------------------------------- stages and criteria


@dataclass(frozen=True)
class Criterion:
    """One thing to check before moving on: what to check and what to work on if it fails."""

    id: str
    stage: int
    text: str
    work_on: str
    refs: tuple[str, ...] = ()


STAGED_BASIS = "Staged, criteria-based rehabilitation: heiderscheit2010."
NO_REHAB_TRIAL = "No rehab trial of this exercise is cited here."
LENGTHENING_NOTE = (
    "Two trials compared rehabilitation built on lengthening exercises (the L-protocol) with "
    "conventional exercises: elite footballers returned in a mean 28 days (SD 15) against 51 "
    "(SD 21) (askling2013, 75 players), and elite sprinters and jumpers in 49 days (SD 26) "
    "against 86 (SD 34) (askling2014, 56 athletes). This package does not prescribe the "
    "L-protocol: its sources report the trials' results, not the exercises in enough detail to "
    "teach them here, and both trials were in elite athletes. Ask a physiotherapist whether "
    "lengthening exercises suit you."
)


@dataclass(frozen=True)
class Stage:
    """One rehabilitation stage: its goal, its exercises, what stands behind it (``basis``), a
    note and how you know you can move on."""

    number: int
    name: str
    goal: str
    exercises: tuple[str, ...]
    refs: tuple[str, ...] = ()
    basis: str = STAGED_BASIS
    note: str = ""

    @property
    def move_on(self) -> tuple[Criterion, ...]:
        """The criteria that must all hold before the next stage."""
        return tuple(c for c in CRITERIA if c.stage == self.number)


STAGES = (
    Stage(
        1,
        "Calm it down, walk normally",
        "Let the first pain settle while you keep moving within comfort: protect the leg for "
        "the first 1-3 days, then walk and move gently as pain allows.",
        ("brisk_walk", "isometric_hamstring", "cross_training"),
        ("heiderscheit2010", "dubois2020", "nidirect_sprains"),
        STAGED_BASIS + " Protect for only 1-3 days, then load gradually: dubois2020.",
    ),
    Stage(
        2,
        "Range and strength",
        "Get full, pain-free movement back and build strength through more of the range, "
        "without stretching into pain.",
        ("glute_bridge", "hamstring_curl", "leg_swings"),
        ("heiderscheit2010", "askling2013", "askling2014"),
        note=LENGTHENING_NOTE,
    ),
    Stage(
        3,
        "Walk-run back to easy running",
        "Once the return-to-run checks pass, build from walk-run intervals to continuous easy "
        "running while strength work continues with more load.",
        ("walk_run", "deadlift", "easy_jog"),
        ("heiderscheit2010", "vanderhorst2017"),
        STAGED_BASIS + " The checks to start: adapted from a football expert panel, "
        "vanderhorst2017. The walk-run steps: this package's design.",
    ),
    Stage(
        4,
        "Speed last, then full training",
        "Add speed gradually, then return to your usual training. Keep the hamstrings strong "
        "afterwards: about a third of hamstring strains come back within a year.",
        ("strides", "nordic_hamstring"),
        ("heiderscheit2010",),
    ),
)
DONE_STAGE = len(STAGES) + 1  # every criterion met: back to usual training

CRITERIA = (
    Criterion(
        "walk_pain_free",
        1,
        "You walk at your normal pace without pain or a limp.",
        "Keep to short, comfortable walks and gentle movement; if walking still hurts after a "
        "few days, have the leg examined.",
        ("heiderscheit2010",),
    ),
    Criterion(
        "hold_pain_free",
        1,
        "A gentle, held hamstring contraction (press the heel down, lying or sitting) is "
        "pain-free.",
        "Keep the holds gentle and short, below the point of pain, and try again in a day or two.",
        ("heiderscheit2010",),
    ),
    # The return-to-run gate: adapted from vanderhorst2017 (a football panel) for runners.
    Criterion(
        "no_pain_pressing",
        2,
        "No pain when the sore spot at the back of the thigh is pressed firmly.",
        "Pressing still hurts: stay with stage 2 and give the tissue more time; if it is not "
        "easing, have it assessed by a physiotherapist.",
        ("vanderhorst2017",),
    ),
    Criterion(
        "no_pain_strength",
        2,
        "No pain in strength tests: a hard hamstring contraction against resistance (a "
        "partner's hand or a strap), and the stage 2 exercises at full effort.",
        "Keep building strength with the stage 2 exercises, a little more load each week, "
        "until a hard contraction no longer hurts.",
        ("vanderhorst2017",),
    ),
    Criterion(
        "no_pain_flexibility",
        2,
        "No pain in flexibility tests, such as a straight-leg raise lying on your back.",
        "Work on pain-free range with the stage 2 moves; stop short of pain rather than "
        "stretching into it.",
        ("vanderhorst2017",),
    ),
    Criterion(
        "flexibility_like_other_side",
        2,
        "Flexibility is like the other side: the straight-leg raise goes about as far on "
        "both legs.",
        "Keep working on range until it matches the other leg; compare both sides the same "
        "way each time.",
        ("vanderhorst2017",),
    ),
    Criterion(
        "no_pain_functional",
        2,
        "No pain in functional tests: brisk walking, stairs, and jogging on the spot.",
        "Practise the functional tests little and often; when they are pain-free, try again.",
        ("vanderhorst2017",),
    ),
    Criterion(
        "confident",
        2,
        "You feel ready and confident to start running again.",
        "Feeling ready counts: talk it through with a physiotherapist or coach, and repeat "
        "the tests until they feel routine.",
        ("vanderhorst2017",),
    ),
    Criterion(
        "run_30_pain_free",
        3,
        "30 minutes of continuous easy running are pain-free, that evening and the next "
        "morning too.",
        "Stay on the walk-run plan; repeat a week rather than skip one.",
        (),
    ),
    Criterion(
        "strides_pain_free",
        4,
        "Strides that build to near-full speed are pain-free.",
        "Keep the strides short and relaxed and build speed over several sessions.",
        (),
    ),
    Criterion(
        "usual_week_pain_free",
        4,
        "A normal week of your usual training felt pain-free.",
        "Step back to the easier week that felt fine, then build again.",
        (),
    ),
)
GATE = tuple(c for c in CRITERIA if c.stage == 2)
STOP_RULE = (
    "If pain comes back during or after a session, stop. Go back to the last step that felt "
    "fine; if it keeps coming back, step back a stage and have it assessed."
)

# --------------------------------------------------------------------------- walk-run

# Interval weeks: (run bout, walk after it, repeats), all minutes. The running minutes of a
# session go 6, 8, 12, 15, 20: never more than WALK_RUN_MAX_RISE above the week before.
INTERVAL_WEEKS = ((1, 2, 6), (2, 2, 4), (3, 1, 4), (5, 1, 3), (10, 1, 2))
CONTINUOUS_START_MIN = 25  # the first week of continuous running
CONTINUOUS_STEP_MIN = 5  # then at most this much more each week, up to the target
WALK_RUN_MAX_RISE = 0.5  # running minutes per session rise at most this much week on week
WALK_RUN_TARGET_MIN = 30
WALK_RUN_TARGETS = (25, 60)  # allowed targets for continuous easy running, minutes
WALK_RUN_SESSIONS = 3  # a week, on days with a rest day between
WARM_WALK_MIN = 5  # brisk walking before and after each session
STRIDES = 4  # in the speed week: strides of about 20 s near the end of an easy run
# Where the plan starts on the full ladder of weeks (1 = the first interval week), by the
# strain's severity. This package's design, not a tested protocol: lay-off time grew with the
# MRI grade in professional football (ekstrand2012), so a milder strain that has passed the same
# return-to-run checks starts further along. Mild starts at 3 x (5 + 1), moderate at 4 x (2 + 2),
# severe (and a severity not given) at the first week.
WALK_RUN_START = {"mild": 4, "moderate": 2, "severe": 1}
WALK_RUN_RULE = (
    "Move on to the next week only when every session of this one was pain-free that evening "
    "and the next morning; otherwise repeat the week. Go by the checks, not by the calendar."
)

# --------------------------------------------------------------------------- time frames

# Means and standard deviations as the papers report them (days to return to play or training).
TIME_FRAMES = (
    ("ekstrand2012", "Professional football, MRI grade 0", "mild", 8, 3),
    ("ekstrand2012", "Professional football, MRI grade 1", "mild", 17, 10),
    ("ekstrand2012", "Professional football, MRI grade 2", "moderate", 22, 11),
    ("ekstrand2012", "Professional football, MRI grade 3", "severe", 73, 60),
    ("askling2013", "Elite football, lengthening exercises (L-protocol)", None, 28, 15),
    ("askling2013", "Elite football, conventional exercises (C-protocol)", None, 51, 21),
    ("askling2014", "Elite sprinters and jumpers, L-protocol", None, 49, 26),
    ("askling2014", "Elite sprinters and jumpers, C-protocol", None, 86, 34),
)


# --------------------------------------------------------------------------- inputs


def _choice(value: Any, options: tuple[str, ...], field: str) -> str:
    if not isinstance(value, str) or value not in options:
        raise OptionError(
            f"{value!r} is not one of {', '.join(options)}",
            field=field,
        )
    return value


def _zone(tz: str | tzinfo | None) -> tzinfo | None:
    if tz is None or isinstance(tz, tzinfo):
        return tz
    if not isinstance(tz, str) or not tz.strip():
        raise OptionError(
            f"{tz!r} is not a time zone; give a name such as 'Europe/London'", field="tz"
        )
    try:
        return ZoneInfo(tz.strip())
    except (ZoneInfoNotFoundError, ValueError):
        raise OptionError(
            f"unknown time zone {tz!r}; give a name such as 'Europe/London' or 'UTC'",
            field="tz",
        ) from None


def local_zone_name() -> str:
    """This computer's time zone name ('Europe/London'), or 'UTC' when it cannot be told."""
    name = os.environ.get("TZ", "").lstrip(":")
    if not name:
        try:
            target = str(Path("/etc/localtime").resolve())
            name = target.split("zoneinfo/", 1)[1] if "zoneinfo/" in target else ""
        except OSError:
            name = ""
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return "UTC"
    return name


def _instant(value: Any, zone: tzinfo | None, field: str) -> datetime:
    """A time-zone-aware datetime in ``zone`` from a datetime, Timestamp or ISO text."""
    if value is None:
        raise OptionError("no date and time given; enter when the pain started", field=field)
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value.strip())
        except ValueError:
            raise OptionError(
                f"{value!r} is not a date and time; write it like 2026-03-28 18:30",
                field=field,
            ) from None
    if isinstance(value, pd.Timestamp):
        value = value.to_pydatetime()
    if not isinstance(value, datetime):
        raise OptionError(
            f"{value!r} is not a date and time; give a datetime or text like 2026-03-28 18:30",
            field=field,
        )
    if value.tzinfo is None:
        value = value.replace(tzinfo=zone or ZoneInfo(local_zone_name()))
    return value.astimezone(zone) if zone is not None else value


def _waking(hours: Any) -> tuple[int, int]:
    ok = (
        isinstance(hours, (tuple, list))
        and len(hours) == 2
        and all(isinstance(h, int) and not isinstance(h, bool) for h in hours)
    )
    if not ok:
        raise PlanError(
            f"{hours!r} is not a pair of whole hours; give (wake, sleep) such as (7, 22)",
            field="waking_hours",
        )
    wake, sleep = hours
    if not (0 <= wake <= 23 and 1 <= sleep <= 24):
        raise PlanError(
            f"{hours!r}: the wake-up hour must be 0-23 and the bedtime hour 1-24",
            field="waking_hours",
        )
    if sleep <= wake:
        raise PlanError(
            f"{hours!r}: bedtime must come after the wake-up time on the same day, as in "
            "(7, 22); a sleep that starts after midnight can be written as 24",
            field="waking_hours",
        )
    if sleep - wake < MIN_AWAKE_H:
        raise PlanError(
            f"{hours!r} gives only {sleep - wake} waking hours; give your usual day, at least "
            f"{MIN_AWAKE_H} hours, such as (7, 22)",
            field="waking_hours",
        )
    return wake, sleep


def _between(value: Any, low: float, high: float, field: str, what: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or math.isnan(value):
        raise PlanError(f"{value!r} is not a number of hours", field=field)
    if not low <= value <= high:
        raise PlanError(f"{value:g} hours is outside {low:g}-{high:g} ({what})", field=field)
    return float(value)


# --------------------------------------------------------------------------- the schedule


def _wall(day: date, hour: int, zone: tzinfo) -> datetime:
    """The instant (in UTC) when the wall clock in ``zone`` shows ``hour``:00 on ``day``
    (hour 24 = the next midnight).

    Every instant here is kept in UTC: Python compares and adds aware datetimes that share a
    tzinfo by their wall-clock times, which is wrong across a daylight-saving change.
    """
    if hour == 24:
        day, hour = day + timedelta(days=1), 0
    return datetime.combine(day, time(hour), tzinfo=zone).astimezone(UTC)


def _hours(t: datetime) -> float:
    return t.hour + t.minute / 60 + t.second / 3600


def _fits_awake(start: datetime, end: datetime, wake: int, last: float, zone: tzinfo) -> bool:
    """Whether [start, end] lies on one day, between waking and ``last`` by the wall clock."""
    a, b = start.astimezone(zone), end.astimezone(zone)
    return a.date() == b.date() and _hours(a) >= wake and _hours(b) <= last


def _next_wake(t: datetime, wake: int, zone: tzinfo) -> datetime:
    local = t.astimezone(zone)
    candidate = _wall(local.date(), wake, zone)
    if candidate <= t:
        candidate = _wall(local.date() + timedelta(days=1), wake, zone)
    return candidate


def ice_times(
    onset: datetime,
    *,
    waking_hours: tuple[int, int],
    zone: tzinfo,
    every_h: float,
    hours: float,
    minutes: int = ICE_MINUTES,
) -> list[datetime]:
    """Start times of ice sessions: every ``every_h`` hours while awake, none in the last hour
    before sleep, all ending within ``hours`` of the onset (nidirect_sprains)."""
    wake, sleep = waking_hours
    last = sleep - NO_ICE_BEFORE_SLEEP_H
    session, gap, stop = (
        timedelta(minutes=minutes),
        timedelta(hours=every_h),
        timedelta(hours=hours),
    )
    out: list[datetime] = []
    t = onset
    while t + session <= onset + stop:
        if _fits_awake(t, t + session, wake, last, zone):
            out.append(t)
            t = t + gap
        else:
            t = _next_wake(t, wake, zone)
    return out


def _awake_periods(
    start: datetime, end: datetime, wake: int, sleep: int, zone: tzinfo
) -> list[tuple[datetime, datetime]]:
    """The waking parts of [start, end), day by day, by the wall clock."""
    out = []
    day = start.astimezone(zone).date()
    while _wall(day, wake, zone) < end:
        a, b = max(start, _wall(day, wake, zone)), min(end, _wall(day, sleep, zone))
        if a < b:
            out.append((a, b))
        day += timedelta(days=1)
    return out


def _sleep_periods(
    start: datetime, end: datetime, wake: int, sleep: int, zone: tzinfo
) -> list[tuple[datetime, datetime]]:
    """The sleeping parts of [start, end): from bedtime to the next wake-up."""
    out = []
    day = start.astimezone(zone).date() - timedelta(days=1)
    while _wall(day, sleep, zone) < end:
        a = max(start, _wall(day, sleep, zone))
        b = min(end, _wall(day + timedelta(days=1), wake, zone))
        if a < b:
            out.append((a, b))
        day += timedelta(days=1)
    return out


def _row(
    start: datetime,
    end: datetime,
    category: str,
    action: str,
    how: str,
    why: str,
    refs: Iterable[str] = (),
) -> dict[str, Any]:
    return {
        "start": start,
        "end": end,
        "category": category,
        "action": action,
        "how": how,
        "why": why,
        "refs": tuple(refs),
    }


def recovery_plan(
    onset: datetime | pd.Timestamp | str,
    *,
    kind: str = "soreness",
    severity: str = "mild",
    waking_hours: tuple[int, int] = (7, 22),
    tz: str | tzinfo | None = None,
    now: datetime | pd.Timestamp | str | None = None,
    ice_every_h: float = 3.0,
    ice_hours: float | None = None,
    limits: Limits | None = None,
) -> pd.DataFrame:
    """A timed recovery schedule from the onset of pain: one row per action.

    Parameters
    ----------
    onset : when the pain started (a datetime, a pandas Timestamp or ISO text). A naive time is
        read in ``tz`` (default: this computer's time zone).
    kind : ``"soreness"`` (delayed onset muscle soreness: a short plan, cheung2003) or
        ``"strain"`` (first aid for 72 hours, then the staged rehabilitation).
    severity : ``"mild"``, ``"moderate"`` or ``"severe"`` (severe adds a row to have it
        examined, and picks the time frames shown elsewhere).
    waking_hours : (wake, sleep) as whole hours on the wall clock, wake before sleep, e.g.
        (7, 22); 24 means midnight.
    tz : time zone name or tzinfo for the plan; default the onset's own zone.
    now : the current time (default: the clock); an onset after ``now`` is a PlanError.
    ice_every_h : hours between the starts of two ice sessions, 2-3 (nidirect_sprains).
    ice_hours : how long after the onset ice is offered, 48-72 h (default 72 for a strain,
        48 for soreness).
    limits : a self-assessment's ``result.limits``: rows they rule out (heat before a clinician
        has seen the leg, say) are left out and listed in ``attrs["left_out"]``; limits that
        rule out the recovery plan itself (an urgent sign, the tendon pattern) are a PlanError.

    Returns
    -------
    DataFrame with columns ``start``, ``end`` (time-zone-aware timestamps), ``category``,
    ``action``, ``how``, ``why``, ``refs`` (tuple of reference ids), sorted by start; ``attrs``
    holds the settings (kind, severity, onset, tz, waking_hours, now, ice_every_h, ice_hours).

    Raises
    ------
    OptionError for an unknown kind, severity or time zone, or an onset that is not a time;
    PlanError for an onset in the future, waking hours that do not make sense, or an ice
    interval or window outside what the guidance says.
    """
    kind = _choice(kind, KINDS, "kind")
    severity = _choice(severity, SEVERITIES, "severity")
    limits = as_limits(limits)
    limits.require("recovery_plan", "recovery plan")
    zone = _zone(tz)
    start = _instant(onset, zone, "onset")
    zone = zone or start.tzinfo
    start = start.astimezone(UTC)
    wake, sleep = _waking(waking_hours)
    clock = _instant(now, zone, "now").astimezone(UTC) if now is not None else datetime.now(UTC)
    if start > clock:
        raise PlanError(
            f"the onset {start.astimezone(zone):%Y-%m-%d %H:%M} is in the future (now "
            f"{clock.astimezone(zone):%Y-%m-%d %H:%M}); "
            "enter when the pain started",
            field="onset",
        )
    every = _between(ice_every_h, *ICE_EVERY_H, "ice_every_h", "every 2-3 hours")
    window = DEFAULT_ICE_HOURS[kind] if ice_hours is None else ice_hours
    window = _between(window, *ICE_HOURS, "ice_hours", "the first 48-72 hours")

    build = _soreness_rows if kind == "soreness" else _strain_rows
    rows = build(start, wake, sleep, zone, every, window)
    end = start + timedelta(days=PLAN_DAYS[kind])
    if severity == "severe":
        rows.append(
            _row(
                start,
                start + timedelta(days=1),
                "care",
                "Have it examined soon",
                "Severe pain is one of the article's reasons to seek medical attention: book a "
                "doctor or physiotherapist rather than waiting for it to settle.",
                "The article: severe pain, swelling or trouble walking need an examination.",
            )
        )
    for day in CHECK_IN_DAYS[kind]:
        at = _wall(start.astimezone(zone).date() + timedelta(days=day), wake + 1, zone)
        rows.append(
            _row(
                at,
                at + timedelta(minutes=CHECK_IN_MINUTES),
                "check",
                f"Check-in, day {day}",
                "Compare with yesterday: easier, the same or worse? Go through the warning "
                "signs below; any one of them means following its advice instead of this plan.",
                "The article: soreness that lasts or gets worse needs a proper examination.",
            )
        )
    rows += _care_rows(start, end)
    left_out = []
    for category in dict.fromkeys(r["category"] for r in rows):
        ruled_out = limits.recovery(category)
        if ruled_out is not None:
            left_out += [
                {"action": r["action"], "why": ruled_out.reason, "refs": ruled_out.refs}
                for r in rows
                if r["category"] == category
            ]
            rows = [r for r in rows if r["category"] != category]
    frame = pd.DataFrame(rows, columns=COLUMNS)
    frame["start"] = pd.to_datetime(frame["start"], utc=True).dt.tz_convert(zone)
    frame["end"] = pd.to_datetime(frame["end"], utc=True).dt.tz_convert(zone)
    order = frame["category"].map({c: i for i, c in enumerate(CATEGORIES)})
    frame = frame.assign(_o=order).sort_values(["start", "_o"], kind="stable")
    frame = frame.drop(columns="_o").reset_index(drop=True)
    frame.attrs = {
        "kind": kind,
        "severity": severity,
        "onset": pd.Timestamp(start).tz_convert(zone),
        "tz": str(getattr(zone, "key", None) or start.astimezone(zone).tzname()),
        "waking_hours": (wake, sleep),
        "now": pd.Timestamp(clock).tz_convert(zone),
        "ice_every_h": every,
        "ice_hours": window,
        "first_aid_hours": FIRST_AID_HOURS,
        "limits": limits,
        "left_out": left_out,
    }
    return frame


def _ice_rows(
    start: datetime,
    wake: int,
    sleep: int,
    zone: tzinfo,
    every: float,
    window: float,
    why: str,
    refs: tuple[str, ...],
) -> list[dict[str, Any]]:
    times = ice_times(start, waking_hours=(wake, sleep), zone=zone, every_h=every, hours=window)
    return [
        _row(t, t + timedelta(minutes=ICE_MINUTES), "ice", "Ice", ICE_HOW, why, refs) for t in times
    ]


def _sleep_rows(
    start: datetime, end: datetime, wake: int, sleep: int, zone: tzinfo, how: str
) -> list[dict[str, Any]]:
    return [
        _row(
            a,
            b,
            "sleep",
            "Sleep",
            how,
            "Ice and a bandage are for waking hours only.",
            ("nidirect_sprains",),
        )
        for a, b in _sleep_periods(start, end, wake, sleep, zone)
    ]


def _soreness_rows(
    start: datetime, wake: int, sleep: int, zone: tzinfo, every: float, window: float
) -> list[dict[str, Any]]:
    first = start + timedelta(hours=FIRST_AID_HOURS)
    rows = [
        _row(
            start,
            start + timedelta(days=PLAN_DAYS["soreness"]),
            "info",
            "It usually settles within days",
            "Soreness after unaccustomed, mostly eccentric (braking) work builds over the "
            "following days and then fades by itself.",
            "A review of delayed onset muscle soreness: it follows unaccustomed, mainly "
            "eccentric, exercise and settles by itself.",
            ("cheung2003",),
        ),
        _row(
            start,
            first,
            "rest",
            "Easy days",
            "Keep moving gently (walking, easy cycling); skip hard, long or downhill runs "
            "until the soreness eases.",
            "The article advises rest from activities that make the soreness worse.",
        ),
    ]
    rows += _ice_rows(
        start,
        wake,
        sleep,
        zone,
        every,
        window,
        "Optional: the article suggests ice. The review of ice cited here was of injuries, "
        "not soreness, and found no best way or duration.",
        ("bleakley2004",),
    )
    rows += _sleep_rows(start, first, wake, sleep, zone, "No ice while you sleep.")
    rows.append(
        _row(
            first,
            start + timedelta(days=HEAT_UNTIL_DAYS),
            "heat",
            "Warmth if it helps",
            "A warm bath or a heat pack (never hot enough to burn) if it still aches.",
            "The article suggests heat in the later stages; no source in this package tests "
            "heat for sore hamstrings.",
        )
    )
    return rows


def _strain_rows(
    start: datetime, wake: int, sleep: int, zone: tzinfo, every: float, window: float
) -> list[dict[str, Any]]:
    first = start + timedelta(hours=FIRST_AID_HOURS)
    rows = [
        _row(
            start,
            first,
            "rest",
            "Protect and rest",
            "Unload the leg and avoid what hurts for 1-3 days; walk short distances as pain "
            "allows. Long rest weakens healing tissue, so move gently once pain allows.",
            "PEACE & LOVE protects an injury for only 1-3 days; first-aid guidance advises "
            "rest, then gentle movement once pain allows.",
            ("dubois2020", "nidirect_sprains"),
        ),
        _row(
            start,
            first,
            "elevation",
            "Raise the leg when resting",
            "When you sit or lie down, rest the leg on cushions (the article says above the "
            "level of the heart).",
            "Kept in PEACE & LOVE: low risk, though the evidence behind it is weak.",
            ("dubois2020", "nidirect_sprains"),
        ),
        _row(
            start,
            first,
            "avoid",
            "No heat, alcohol, running or massage",
            "For the first 72 hours: no hot baths, heat packs or saunas, no alcohol, no "
            "running and no massage.",
            "First-aid guidance for sprains and strains: avoid all four for the first 72 hours.",
            ("nidirect_sprains",),
        ),
    ]
    rows += _ice_rows(
        start,
        wake,
        sleep,
        zone,
        every,
        window,
        "The article's RICE and first-aid guidance use ice; a review of 22 low-quality trials "
        "found only marginal evidence and no best way or duration, and PEACE & LOVE questions "
        "ice. Use it for comfort if it helps.",
        ("nidirect_sprains", "bleakley2004", "dubois2020"),
    )
    for a, b in _awake_periods(start, first, wake, sleep, zone):
        rows.append(
            _row(
                a,
                b,
                "compression",
                "Compression bandage",
                "A snug, not tight, bandage or sleeve while you are up. Take it off for sleep.",
                "Kept in PEACE & LOVE and in first-aid guidance, which says to remove it for "
                "sleep.",
                ("nidirect_sprains", "dubois2020"),
            )
        )
    rows += _sleep_rows(
        start, first, wake, sleep, zone, "Take the bandage off; no ice while you sleep."
    )
    rows += [
        _row(
            first,
            start + timedelta(days=HEAT_UNTIL_DAYS),
            "heat",
            "Warmth only from now, if it helps",
            "After 72 hours a warm bath or heat pack (never hot enough to burn) may ease "
            "stiffness.",
            "No heat in the first 72 hours (first-aid guidance); the article suggests heat in "
            "later stages. No source in this package tests heat for strains.",
            ("nidirect_sprains",),
        ),
        _row(
            first,
            start + timedelta(days=PLAN_DAYS["strain"]),
            "rehab",
            "Stage 1 of the rehabilitation",
            "Gentle, pain-free movement and walking; move on through the stages by the "
            "checks, not by the calendar.",
            "Staged rehabilitation with criteria to move on; load the tissue gradually after "
            "the first days.",
            ("heiderscheit2010", "dubois2020"),
        ),
    ]
    return rows


# --------------------------------------------------------------------------- when to seek care


def _level_order() -> tuple[str, ...]:
    from hamstring_edu import assessment

    return tuple(getattr(assessment, "FLAG_LEVELS", ()))


def care_signs() -> pd.DataFrame:
    """The self-assessment's red flags (one source of truth), most urgent level first."""
    from hamstring_edu.assessment import questionnaire

    levels = _level_order()
    flags = sorted(
        questionnaire().red_flags,
        key=lambda f: levels.index(f.level) if f.level in levels else len(levels),
    )
    rows = [
        {
            "id": f.id,
            "level": f.level,
            "title": f.title,
            "advice": f.advice,
            "who": getattr(f, "who", None),
            "refs": tuple(f.refs),
        }
        for f in flags
    ]
    return pd.DataFrame(rows, columns=["id", "level", "title", "advice", "who", "refs"])


def _care_rows(start: datetime, end: datetime) -> list[dict[str, Any]]:
    rows = []
    for f in care_signs().itertuples():
        who = f" Who: {f.who}." if isinstance(f.who, str) and f.who else ""
        rows.append(
            _row(
                start,
                end,
                "care",
                f"Seek care if: {f.title}",
                f.advice,
                f"A warning sign from the self-assessment (level: {f.level}).{who}",
                f.refs,
            )
        )
    return rows


# --------------------------------------------------------------------------- link to assessment


@dataclass(frozen=True)
class Offer:
    """Whether a self-assessment result leads to this plan, which kind, and why (in words)."""

    kind: str | None
    blocked: bool
    message: str


def recovery_offer(result: Assessment) -> Offer:
    """What the recovery plan offers after a self-assessment: never a plan the result's limits
    rule out (an urgent sign, the tendon pattern), the plan that fits a strain or soreness
    otherwise."""
    level = getattr(result, "level", None)
    limits = getattr(result, "limits", NO_LIMITS)
    ruled_out = limits.plan("recovery_plan")
    if level not in (None, "soon"):
        titles = "; ".join(f.title for f in getattr(result, "red_flags", ()))
        return Offer(
            None,
            True,
            f"Your self-assessment raised a warning sign (level: {level}): {titles}. Follow "
            "its advice first. This self-care plan is not offered while a warning sign stands.",
        )
    if ruled_out is not None:
        return Offer(
            None,
            True,
            f"{ruled_out.limit.text} (Because of: {'; '.join(ruled_out.because)}.) Follow the "
            "advice of your result instead.",
        )
    pattern = getattr(getattr(result, "doms_vs_strain", None), "pattern", None)
    kind = {"strain": "strain", "doms": "soreness"}.get(pattern)
    if kind is None and "strain" in {p.id for p in getattr(result, "patterns", ())}:
        kind = "strain"  # with a "soon" sign the soreness read is not judged; a strain still is
    injury = kind is None and limits.plan("return_to_run") is not None
    if injury:  # a sign that stops running (bruising, a blow): first aid until it is examined
        return Offer(
            "strain",
            False,
            "Your answers describe a possible injury: here is the first-aid plan for the days "
            "until it has been examined. Follow your result's advice and what it rules out.",
        )
    if kind is None:
        return Offer(
            None,
            False,
            "Your answers do not clearly fit soreness or a strain: pick the one that fits, "
            "and if you are unsure, ask a physiotherapist.",
        )
    fits = "a strain" if kind == "strain" else "delayed onset muscle soreness"
    note = (
        " You also reported a warning sign to have checked soon: follow its advice too, and "
        "what it rules out until then."
        if level == "soon"
        else ""
    )
    return Offer(kind, False, f"Your answers fit {fits}: here is the plan for it.{note}")


def recovery_kind_for(result: Assessment) -> str | None:
    """The plan that fits a self-assessment ("strain" or "soreness"), or None: always None
    when the result is urgent (level ``today`` or ``emergency``) or the pattern is unclear."""
    return recovery_offer(result).kind


# --------------------------------------------------------------------------- stages and gate


def _checks(checks: Mapping[str, Any] | None) -> dict[str, bool]:
    if checks is None:
        return {}
    if not isinstance(checks, Mapping):
        raise OptionError(
            "checks must map a criterion id to True or False, e.g. {'confident': True}",
            field="checks",
        )
    known = {c.id for c in CRITERIA}
    out = {}
    for key, value in checks.items():
        if key not in known:
            raise OptionError(
                f"unknown criterion {key!r}; known: {', '.join(c.id for c in CRITERIA)}",
                field="checks",
            )
        if not isinstance(value, bool):
            raise OptionError(f"{value!r} is not True or False", field=key)
        out[key] = value
    return out


def rehab_stages() -> pd.DataFrame:
    """The rehabilitation stages for a strain: goal, exercises, what stands behind the stage
    (``basis``), the rehab evidence of each exercise, a note and the checks to move on.

    The exercises are this package's choices, not a tested protocol. Their evidence notes in
    ``data/evidence.toml`` are about each exercise in general (mostly prevention or
    performance), so they are not shown here as if they were rehab evidence: each
    exercise's ``rehab_evidence`` says that no rehab trial of it is cited. ``attrs`` holds
    ``note`` (that in words) and ``lengthening`` (what the two trials of lengthening exercises
    found, askling2013 and askling2014, and why this package does not prescribe them).
    """
    from hamstring_edu.content import load_content

    content = load_content()
    rows = []
    for s in STAGES:
        exercises = [content.exercise(e) for e in s.exercises]
        rows.append(
            {
                "stage": s.number,
                "name": s.name,
                "goal": s.goal,
                "exercises": tuple(e.name for e in exercises),
                "exercise_ids": s.exercises,
                "basis": s.basis,
                "rehab_evidence": (NO_REHAB_TRIAL,) * len(exercises),
                "note": s.note,
                "move_on": tuple(c.text for c in s.move_on),
                "refs": s.refs,
            }
        )
    frame = pd.DataFrame(rows).set_index("stage")
    frame.attrs = {
        "note": (
            "The exercises in the stages are this package's choices, not a tested protocol, "
            "and no rehab trial of them is cited here. Their evidence notes elsewhere in the "
            "package are about each exercise in general, mostly prevention or performance, and "
            "none is a trial of it in rehabilitation."
        ),
        "lengthening": LENGTHENING_NOTE,
    }
    return frame


def recovery_checklist() -> pd.DataFrame:
    """Every check, stage by stage (stage 2's are the return-to-run gate): what to check and
    what to work on when it is not met."""
    rows = [
        {"id": c.id, "stage": c.stage, "text": c.text, "work_on": c.work_on, "refs": c.refs}
        for c in CRITERIA
    ]
    return pd.DataFrame(rows).set_index("id")


def current_stage(checks: Mapping[str, bool] | None = None) -> int:
    """The stage you are at: the first whose move-on checks are not all met (1-4), or 5 when
    every check is met (back to usual training). Ticking more checks never moves you back."""
    met = _checks(checks)
    for s in STAGES:
        if not all(met.get(c.id, False) for c in s.move_on):
            return s.number
    return DONE_STAGE


@dataclass(frozen=True)
class ReturnToRun:
    """The return-to-run gate: ready or not, what is missing and what to work on, the plan."""

    ready: bool
    unmet: tuple[Criterion, ...]
    work_on: tuple[str, ...]
    plan: pd.DataFrame | None
    message: str
    stop_rule: str = STOP_RULE


def return_to_run(
    checks: Mapping[str, bool] | None = None,
    *,
    severity: str | None = None,
    limits: Limits | None = None,
) -> ReturnToRun:
    """The return-to-run gate (criteria adapted from vanderhorst2017): "not yet" with every
    unmet criterion and what to work on, or the walk-run plan for ``severity`` (see
    ``walk_run_plan``; None starts at its first week). A criterion not answered counts as not
    met; a self-assessment's ``limits`` that rule out running give "not yet" with the reason."""
    met = _checks(checks)
    if severity is not None:
        severity = _choice(severity, SEVERITIES, "severity")
    unmet = tuple(c for c in GATE if not met.get(c.id, False))
    refusal = as_limits(limits).refusal("return_to_run", "return-to-run plan")
    if refusal:  # a sign that stops running: no plan, whatever is ticked
        return ReturnToRun(False, unmet, tuple(c.work_on for c in unmet), None, refusal)
    if unmet:
        return ReturnToRun(
            False,
            unmet,
            tuple(c.work_on for c in unmet),
            None,
            f"Not yet: {len(unmet)} of {len(GATE)} return-to-run checks are not met.",
        )
    plan = walk_run_plan(severity=severity)
    a = plan.attrs
    which = f" for a {severity} strain" if severity else ""
    start = (
        f", starting at week {a['start_week']} of the {a['ladder_weeks']}-week ladder"
        if a["start_week"] > 1
        else ""
    )
    return ReturnToRun(
        True,
        (),
        (),
        plan,
        f"Ready to start the walk-run plan{which}: {len(plan)} weeks to "
        f"{a['target_min']} minutes of easy running if every week is pain-free, speed "
        f"last{start}. {WALK_RUN_RULE} If you can, make the decision together with a "
        f"physiotherapist or coach. {STOP_RULE}",
    )


def walk_run_plan(
    *, target_min: int = WALK_RUN_TARGET_MIN, severity: str | None = None
) -> pd.DataFrame:
    """Weeks of walk-run sessions building to ``target_min`` of continuous easy running, then
    a week with strides (speed last), starting further along the ladder for a milder strain.
    This package's design, not a tested protocol.

    The ladder: interval weeks (``INTERVAL_WEEKS``), then continuous running from 25 minutes
    to the target, then the speed week. ``severity`` (``"mild"``, ``"moderate"``,
    ``"severe"``, as in ``recovery_plan``) picks the week the plan starts at
    (``WALK_RUN_START``); None, the default, starts at the first week, as for a severe
    strain. Reported lay-off times grow with the MRI grade (ekstrand2012: 8 ± 3, 17 ± 10 and
    22 ± 11 days for grades 0-2); they are time frames, not a test of this plan, and
    no source here tests where a walk-run should start.

    The rules: move on a week only when every session of it was pain-free that evening and the
    next morning, otherwise repeat it (``WALK_RUN_RULE``; each week's ``move_on`` says so);
    the running minutes of a session never rise by more than 50% from one week of the plan to
    the next (``WALK_RUN_MAX_RISE``), and once running is continuous by at most 5 minutes a
    week (``CONTINUOUS_STEP_MIN``). Repeat a week rather than skip one; see ``STOP_RULE``.

    Returns
    -------
    DataFrame, one row per week: ``week`` (1 = the plan's first), ``step`` (its week on the full
    ladder), ``sessions``, ``run_min`` (one bout), ``walk_min`` (walk after each bout),
    ``repeats``, ``run_total_min`` and ``walk_total_min`` per session (without the warm-up and
    cool-down walks), ``session_min`` (with them), ``continuous``, ``speed``, ``how``,
    ``short``, ``move_on``. ``attrs`` holds target_min, severity, start_week, ladder_weeks,
    max_rise, step_min, the rule and the stop rule.

    Raises
    ------
    PlanError for a target outside 25-60 whole minutes; OptionError for an unknown severity.
    """
    if severity is not None:
        severity = _choice(severity, SEVERITIES, "severity")
    low, high = WALK_RUN_TARGETS
    if isinstance(target_min, bool) or not isinstance(target_min, int):
        raise PlanError(f"{target_min!r} is not a whole number of minutes", field="target_min")
    if not low <= target_min <= high:
        raise PlanError(
            f"{target_min} minutes is outside {low}-{high} minutes of continuous easy running",
            field="target_min",
        )
    ladder = [(b, w, r, False, False) for b, w, r in INTERVAL_WEEKS]
    total = min(CONTINUOUS_START_MIN, target_min)
    while True:
        ladder.append((total, 0, 1, True, False))
        if total >= target_min:
            break
        total = min(target_min, total + CONTINUOUS_STEP_MIN)
    ladder.append((target_min, 0, 1, True, True))
    start = WALK_RUN_START[severity] if severity is not None else 1
    weeks = ladder[start - 1 :]
    rows = []
    for n, (bout, walk, repeats, continuous, speed) in enumerate(weeks, 1):
        row = _week(n, bout, walk, repeats, continuous, speed=speed)
        row["step"] = start + n - 1
        row["move_on"] = (
            "Done when every session of this week was pain-free that evening and the next "
            "morning; then build back to your usual training by the stage 4 checks. Otherwise "
            "repeat this week."
            if n == len(weeks)
            else f"Move on to week {n + 1} when every session of this week was pain-free that "
            "evening and the next morning; otherwise repeat this week."
        )
        rows.append(row)
    frame = pd.DataFrame(rows)
    frame.insert(1, "step", frame.pop("step"))
    frame.attrs = {
        "target_min": target_min,
        "severity": severity,
        "start_week": start,
        "ladder_weeks": len(ladder),
        "max_rise": WALK_RUN_MAX_RISE,
        "step_min": CONTINUOUS_STEP_MIN,
        "rule": WALK_RUN_RULE,
        "stop_rule": STOP_RULE,
    }
    return frame


def _week(
    n: int, bout: int, walk: int, repeats: int, continuous: bool, *, speed: bool
) -> dict[str, Any]:
    run_total = bout * repeats
    walk_total = walk * repeats
    if speed:
        short = f"{run_total} min easy + {STRIDES} strides"
    elif continuous:
        short = f"{run_total} min easy running"
    else:
        short = f"{repeats} x ({bout} min run + {walk} min walk)"
    if speed:
        how = (
            f"{WARM_WALK_MIN} min brisk walk, {run_total} min easy running with {STRIDES} "
            f"strides of about 20 s near the end (build smoothly, walk back), "
            f"{WARM_WALK_MIN} min walk"
        )
    elif continuous:
        how = (
            f"{WARM_WALK_MIN} min brisk walk, {run_total} min continuous easy running, "
            f"{WARM_WALK_MIN} min walk"
        )
    else:
        how = (
            f"{WARM_WALK_MIN} min brisk walk, then {repeats} x ({bout} min easy running + "
            f"{walk} min walking), then {WARM_WALK_MIN} min walk"
        )
    return {
        "week": n,
        "sessions": WALK_RUN_SESSIONS,
        "run_min": bout,
        "walk_min": walk,
        "repeats": repeats,
        "run_total_min": run_total,
        "walk_total_min": walk_total,
        "session_min": run_total + walk_total + 2 * WARM_WALK_MIN,
        "continuous": continuous,
        "speed": speed,
        "how": how,
        "short": short,
    }


# --------------------------------------------------------------------------- time frames


def recovery_time_frames(severity: str | None = None) -> pd.DataFrame:
    """Reported times to return (mean and SD in days) from ekstrand2012, askling2013 and
    askling2014, with ``low``/``high`` = mean -/+ one SD; ``fits`` marks the rows that match
    ``severity`` (this package lines up mild, moderate, severe with MRI grades 0-1, 2, 3)."""
    if severity is not None:
        severity = _choice(severity, SEVERITIES, "severity")
    rows = [
        {
            "source": ref,
            "group": group,
            "severity": sev,
            "mean_days": mean,
            "sd_days": sd,
            "low_days": max(0, mean - sd),
            "high_days": mean + sd,
            "label": f"{mean} ± {sd} days",
            "fits": severity is not None and sev == severity,
        }
        for ref, group, sev, mean, sd in TIME_FRAMES
    ]
    frame = pd.DataFrame(rows)
    frame.attrs = {
        "severity": severity,
        "note": (
            "Averages (mean ± one standard deviation) in elite and professional athletes, "
            "not a promise: move on by the checks, not by the calendar. Grading systems for "
            "muscle injuries are based on MRI scans (pollock2014), so mild, moderate or severe "
            "here is only your own rough description."
        ),
    }
    return frame


# --------------------------------------------------------------------------- RICE and PEACE & LOVE


def first_aid_frameworks() -> pd.DataFrame:
    """The article's RICE next to PEACE & LOVE (dubois2020), each letter with what the
    evidence says, ice included (bleakley2004)."""
    ice = (
        "22 low-quality trials: marginal evidence, no best way or duration (bleakley2004); "
        "PEACE & LOVE questions ice (dubois2020)."
    )
    rows = [
        (
            "RICE (the article)",
            "R",
            "Rest",
            "Rest the sore hamstrings; avoid what makes it worse.",
            "PEACE & LOVE keeps full protection to 1-3 days, because long rest weakens "
            "tissue (dubois2020).",
            ("dubois2020",),
        ),
        (
            "RICE (the article)",
            "I",
            "Ice",
            "Sessions of 15-20 minutes, repeated every 2-3 hours over the first 48-72 hours.",
            ice,
            ("bleakley2004", "dubois2020"),
        ),
        (
            "RICE (the article)",
            "C",
            "Compression",
            "A garment or wrap for support and less swelling.",
            "Kept in PEACE (dubois2020); snug, off for sleep (nidirect_sprains).",
            ("dubois2020", "nidirect_sprains"),
        ),
        (
            "RICE (the article)",
            "E",
            "Elevation",
            "Raise the legs above the level of the heart.",
            "Kept in PEACE: weak evidence, low risk (dubois2020).",
            ("dubois2020",),
        ),
        (
            "PEACE (first days)",
            "P",
            "Protect",
            "Unload for 1-3 days.",
            "Rest only briefly (dubois2020).",
            ("dubois2020",),
        ),
        (
            "PEACE (first days)",
            "E",
            "Elevate",
            "Raise the limb.",
            "Weak evidence, low risk (dubois2020).",
            ("dubois2020",),
        ),
        (
            "PEACE (first days)",
            "A",
            "Avoid anti-inflammatories",
            "Avoid anti-inflammatory treatments, and question ice.",
            "Ask a pharmacist or doctor about pain relief. On ice: " + ice,
            ("dubois2020", "bleakley2004"),
        ),
        (
            "PEACE (first days)",
            "C",
            "Compress",
            "A bandage or tape.",
            "Kept (dubois2020).",
            ("dubois2020",),
        ),
        (
            "PEACE (first days)",
            "E",
            "Educate",
            "Understand the injury and the active road back.",
            "(dubois2020)",
            ("dubois2020",),
        ),
        (
            "LOVE (after)",
            "L",
            "Load",
            "Bring back load gradually.",
            "(dubois2020); the stages and walk-run plan here.",
            ("dubois2020",),
        ),
        (
            "LOVE (after)",
            "O",
            "Optimism",
            "A positive, realistic outlook on recovery.",
            "(dubois2020)",
            ("dubois2020",),
        ),
        (
            "LOVE (after)",
            "V",
            "Vascularisation",
            "Pain-free aerobic activity.",
            "(dubois2020)",
            ("dubois2020",),
        ),
        (
            "LOVE (after)",
            "E",
            "Exercise",
            "Restore strength and movement.",
            "(dubois2020)",
            ("dubois2020",),
        ),
    ]
    return pd.DataFrame(rows, columns=["framework", "letter", "word", "what", "evidence", "refs"])


# --------------------------------------------------------------------------- summaries and exports


def next_ice(plan: pd.DataFrame) -> pd.Timestamp | None:
    """The start of the next ice session after the plan's ``now``, or None."""
    ice = plan.loc[plan["category"] == "ice", "start"]
    later = ice[ice >= plan.attrs["now"]]
    return later.iloc[0] if len(later) else None


def recovery_summary(plan: pd.DataFrame) -> str:
    """The plan in two or three plain sentences."""
    a = plan.attrs
    onset = a["onset"].tz_convert(plan["start"].dt.tz)
    ice = int((plan["category"] == "ice").sum())
    what = "delayed onset muscle soreness" if a["kind"] == "soreness" else "a strain"
    text = (
        f"Plan for {what} ({a['severity']}), pain from {onset:%a %d %b %H:%M} ({a['tz']}): "
        f"{ice} ice sessions while awake in the first {a['ice_hours']:g} hours"
    )
    text += (
        ", a bandage while up, no heat, alcohol, running or massage for 72 hours, then stage 1."
        if a["kind"] == "strain"
        else "; it usually settles within days."
    )
    upcoming = next_ice(plan)
    if upcoming is not None:
        text += f" Next ice: {upcoming:%a %H:%M}."
    elif a["now"] - a["onset"] > pd.Timedelta(hours=a["ice_hours"]):
        text += " The ice window has passed."
    return text


def _ics_text(text: str) -> str:
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _fold(line: str) -> str:
    """Fold a content line at 75 octets (RFC 5545), never inside a UTF-8 character."""
    out, current = [], ""
    for ch in line:
        limit = 75 if not out else 74  # continuation lines start with a space
        if len((current + ch).encode("utf-8")) > limit:
            out.append(current)
            current = ch
        else:
            current += ch
    out.append(current)
    return "\r\n ".join(out)


def recovery_ics(plan: pd.DataFrame, *, stamp: datetime | None = None) -> str:
    """The plan's ice sessions and check-ins as an iCalendar (.ics) file, written with the
    standard library only (RFC 5545: UTC times, escaped text, folded lines, CRLF)."""
    stamp = (stamp or datetime.now(UTC)).astimezone(UTC)
    a = plan.attrs
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//hamstring-edu//recovery plan//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{_ics_text('Hamstring recovery plan')}",
    ]
    events = plan[plan["category"].isin(["ice", "check"])]
    for row in events.itertuples():
        start, end = row.start.tz_convert("UTC"), row.end.tz_convert("UTC")
        key = f"{a['kind']}|{a['onset'].isoformat()}|{start.isoformat()}|{row.action}"
        uid = hashlib.sha1(key.encode("utf-8")).hexdigest()[:20]
        summary = (
            "Ice 15-20 min (wrapped, never on bare skin)" if row.category == "ice" else (row.action)
        )
        lines += [
            "BEGIN:VEVENT",
            f"UID:{uid}@hamstring-edu",
            f"DTSTAMP:{stamp:%Y%m%dT%H%M%SZ}",
            f"DTSTART:{start:%Y%m%dT%H%M%SZ}",
            f"DTEND:{end:%Y%m%dT%H%M%SZ}",
            f"SUMMARY:{_ics_text(summary)}",
            f"DESCRIPTION:{_ics_text(row.how + ' ' + say('common.disclaimer'))}",
            f"CATEGORIES:{row.category.upper()}",
            "BEGIN:VALARM",
            "ACTION:DISPLAY",
            f"DESCRIPTION:{_ics_text(summary)}",
            "TRIGGER:PT0M",
            "END:VALARM",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "".join(_fold(line) + "\r\n" for line in lines)


PRINT_CSS = """
body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; font-size: 9.5pt;
       line-height: 1.25; max-width: 52em; margin: 1em auto; color: #111; }
h1 { font-size: 15pt; margin: 0 0 0.1em; } h2 { font-size: 10.5pt; margin: 0.5em 0 0.15em; }
p, ul { margin: 0.15em 0; } ul { padding-left: 1.1em; }
.box { border-left: 5px solid #D55E00; background: #fbe9e1; padding: 0.2em 0.5em; }
.box h2 { margin-top: 0.1em; }
.cols { columns: 2; column-gap: 1.2em; } .cols li { break-inside: avoid; }
.grid { display: grid; grid-template-columns: 1fr 1.5fr; gap: 0 1.2em; }
table { border-collapse: collapse; width: 100%; } td, th { border-bottom: 1px solid #ccc;
        padding: 0.05em 0.3em; text-align: left; vertical-align: top; }
.small { font-size: 8pt; color: #222; }
@media print { body { margin: 0; max-width: none; } .box { -webkit-print-color-adjust: exact;
               print-color-adjust: exact; } }
@page { size: A4; margin: 10mm; }
"""


def _e(text: object) -> str:
    return html.escape(str(text))


def recovery_handout_html(
    plan: pd.DataFrame, *, checks: Mapping[str, bool] | None = None, name: str = ""
) -> str:
    """A printable one-page HTML plan: when to seek care, the ice times day by day, what to do
    and avoid, and for a strain the stages with their checks, time frames and walk-run plan."""
    a = plan.attrs
    met = _checks(checks)
    who = f" for {_e(name.strip())}" if name.strip() else ""
    what = "muscle soreness (DOMS)" if a["kind"] == "soreness" else "a hamstring strain"
    onset = a["onset"].tz_convert(plan["start"].dt.tz)
    wake, sleep = a["waking_hours"]
    parts = [
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>",
        f"<title>Recovery plan{who}</title><style>{PRINT_CSS}</style></head><body>",
        f"<h1>Recovery plan{who}: {_e(what)} ({_e(a['severity'])})</h1>",
        f"<p>Pain began {onset:%A %d %B %Y, %H:%M} ({_e(a['tz'])}); awake "
        f"{wake:02d}:00-{sleep:02d}:00. "
        f"<span class='small'>{_e(say('common.disclaimer'))}</span></p>",
        "<div class='box'><h2>Seek care instead of following this plan if</h2>"
        "<ul class='cols small'>",
    ]
    # One line per level (its action, then the signs), so every sign fits on the page.
    from hamstring_edu.assessment import questionnaire

    signs = care_signs()
    for level in questionnaire().levels:
        titles = signs.loc[signs["level"] == level.id, "title"].tolist()
        if titles:
            parts.append(
                f"<li><b>{_e(level.title)}</b> ({_e(level.who)}): {_e('; '.join(titles))}.</li>"
            )
    for r in plan[plan["category"] == "care"].itertuples():
        if not r.action.startswith("Seek care if: "):  # advice of the plan's own, not a flag
            parts.append(f"<li><b>{_e(r.action)}</b>: {_e(r.how)}</li>")
    parts.append("</ul></div><div class='grid'><div>")
    ice = plan[plan["category"] == "ice"]
    if len(ice):
        parts.append(
            f"<h2>Ice, first {a['ice_hours']:g} hours</h2><p class='small'>{_e(ICE_HOW)}</p><table>"
        )
        for day, rows in ice.groupby(ice["start"].dt.date, sort=True):
            times = ", ".join(f"{t:%H:%M}" for t in rows["start"])
            parts.append(f"<tr><td>{day:%a %d %b}</td><td>{times}</td></tr>")
        parts.append("</table>")
    checks_at = plan.loc[plan["category"] == "check", "start"]
    days = "".join(f"<li>{t:%a %d %b %H:%M}</li>" for t in checks_at)
    parts.append(
        "<h2>Check-ins</h2><p class='small'>Easier, the same or worse than yesterday? Any "
        f"warning sign above?</p><ul class='small cols'>{days}</ul></div><div><h2>What to do</h2>"
        "<ul>"
    )
    seen = set()
    for r in plan.itertuples():
        if r.category in {"ice", "care", "check", "sleep"} or r.action in seen:
            continue
        seen.add(r.action)
        when = f" (until {r.end:%a %H:%M})" if r.start == onset else f" (from {r.start:%a %H:%M})"
        if r.category in {"compression", "info"}:
            when = ""
        parts.append(f"<li><b>{_e(r.action)}</b>{when}: {_e(r.how)}</li>")
    parts.append("</ul></div></div>")
    limits = a.get("limits", NO_LIMITS)
    if limits:
        items = "".join(f"<li>{_e(r.reason)}</li>" for r in limits.items)
        parts.append(f"<h2>Until a clinician has seen the leg</h2><ul class='small'>{items}</ul>")
    if a["kind"] == "strain":
        stage = current_stage(met)
        parts.append("<h2>Stages: move on by the checks, not the calendar</h2><table>")
        for s in STAGES:
            here = " &#9664; you are here" if s.number == stage else ""
            boxes = "<br>".join(
                f"{'&#9745;' if met.get(c.id) else '&#9744;'} {_e(c.text)}" for c in s.move_on
            )
            parts.append(
                f"<tr><td><b>{s.number}. {_e(s.name)}</b>{here}</td>"
                f"<td class='small'>{boxes}</td></tr>"
            )
        parts.append("</table>")
        frames = recovery_time_frames(a["severity"])
        fit = frames[frames["fits"]]
        spread = "; ".join(f"{g}: {lab}" for g, lab in zip(fit["group"], fit["label"], strict=True))
        parts.append(
            f"<p class='small'><b>Reported times</b> ({_e(spread)}; ekstrand2012). "
            f"{_e(frames.attrs['note'])}</p>"
        )
        gate = return_to_run(met, severity=a["severity"], limits=limits)
        if limits.plan("return_to_run"):  # the gate's message says why there is no plan
            parts.append(f"<p class='small'><b>Walk-run plan:</b> {_e(gate.message)}</p>")
        elif gate.ready:
            weeks = "; ".join(f"week {w.week}: {w.short}" for w in gate.plan.itertuples())
            parts.append(
                f"<p class='small'><b>Walk-run plan</b> ({_e(a['severity'])} strain), 3 "
                f"sessions a week with a rest day between, {WARM_WALK_MIN} min brisk walk "
                f"before and after: {_e(weeks)}. {_e(gate.plan.attrs['rule'])}</p>"
            )
        else:
            parts.append(
                "<p class='small'><b>Walk-run plan:</b> it starts when every return-to-run "
                "check (stage 2) is ticked.</p>"
            )
        parts.append(f"<p class='small'><b>If pain returns:</b> {_e(STOP_RULE)}</p>")
    refs = sorted({r for refs in plan["refs"] for r in refs})
    parts.append(
        f"<p class='small'>Sources (ids in the package's references): {_e(', '.join(refs))}. "
        "Made with hamstring-edu.</p></body></html>"
    )
    return "".join(parts)
