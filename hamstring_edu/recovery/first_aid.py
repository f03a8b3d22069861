"""The timed first-aid plan from the onset of pain: ice while awake, rest, a bandage, no heat
for 72 hours, check-ins, and the warning signs that mean seeking care instead.

The rows' words are in ``data/recovery.toml`` (``[[plan_row]]``); when each row starts, ends
and repeats is computed here (nidirect_sprains for the first-aid times).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime, timedelta, tzinfo
from typing import Any

import pandas as pd

from hamstring_edu.errors import PlanError
from hamstring_edu.limits import Limits, as_limits
from hamstring_edu.recovery import wall_clock as wc
from hamstring_edu.recovery.guidance import CATEGORIES, KINDS, SEVERITIES, choice, guidance
from hamstring_edu.wording import say

FIRST_AID_HOURS = 72  # no heat, alcohol, running or massage before this (nidirect_sprains)
ICE_MINUTES = 20  # one session: 15-20 minutes; the calendar blocks the longer time
ICE_EVERY_H = (2.0, 3.0)  # allowed gap between the starts of two sessions (nidirect_sprains)
ICE_HOURS = (48.0, 72.0)  # allowed ice window after the onset (nidirect_sprains; the article)
DEFAULT_ICE_HOURS = {"soreness": 48.0, "strain": 72.0}
NO_ICE_BEFORE_SLEEP_H = 1  # this package's margin: no session in the last hour before sleep
CHECK_IN_MINUTES = 10
CHECK_IN_DAYS = {"soreness": (1, 2, 3, 7), "strain": (1, 2, 3, 7, 14)}
PLAN_DAYS = {"soreness": 7, "strain": 14}
HEAT_UNTIL_DAYS = 7
COLUMNS = ["start", "end", "category", "action", "how", "why", "refs"]


def ice_how() -> str:
    """How to ice, in words (the same for soreness and a strain)."""
    return guidance().row("strain_ice").how


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
        if wc.fits_awake(t, t + session, wake, last, zone):
            out.append(t)
            t = t + gap
        else:
            t = wc.next_wake(t, wake, zone)
    return out


def _row(start: datetime, end: datetime, row_id: str, **slots: Any) -> dict[str, Any]:
    """One row of the plan: the words of ``row_id`` from the content, between two times."""
    text = guidance().row(row_id)
    return _plain_row(
        start, end, text.category, text.action.format(**slots), text.how, text.why, text.refs
    )


def _plain_row(
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
    kind = choice(kind, KINDS, "kind")
    severity = choice(severity, SEVERITIES, "severity")
    limits = as_limits(limits)
    limits.require("recovery_plan", "recovery plan")
    zone = wc.zone(tz)
    start = wc.instant(onset, zone, "onset")
    zone = zone or start.tzinfo
    start = start.astimezone(UTC)
    wake, sleep = wc.waking(waking_hours)
    clock = wc.instant(now, zone, "now").astimezone(UTC) if now is not None else datetime.now(UTC)
    if start > clock:
        raise PlanError(
            f"the start of the pain, {start.astimezone(zone):%Y-%m-%d %H:%M}, is in the future "
            f"(it is now {clock.astimezone(zone):%Y-%m-%d %H:%M}): enter when the pain started",
            field="onset",
        )
    every = wc.between(ice_every_h, *ICE_EVERY_H, "ice_every_h", "every 2-3 hours")
    window = DEFAULT_ICE_HOURS[kind] if ice_hours is None else ice_hours
    window = wc.between(window, *ICE_HOURS, "ice_hours", "the first 48-72 hours")

    build = _soreness_rows if kind == "soreness" else _strain_rows
    rows = build(start, wake, sleep, zone, every, window)
    end = start + timedelta(days=PLAN_DAYS[kind])
    if severity == "severe":
        rows.append(_row(start, start + timedelta(days=1), "severe"))
    for day in CHECK_IN_DAYS[kind]:
        at = wc.wall(start.astimezone(zone).date() + timedelta(days=day), wake + 1, zone)
        rows.append(_row(at, at + timedelta(minutes=CHECK_IN_MINUTES), "check_in", day=day))
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
    start: datetime, wake: int, sleep: int, zone: tzinfo, every: float, window: float, row_id: str
) -> list[dict[str, Any]]:
    times = ice_times(start, waking_hours=(wake, sleep), zone=zone, every_h=every, hours=window)
    return [_row(t, t + timedelta(minutes=ICE_MINUTES), row_id) for t in times]


def _sleep_rows(
    start: datetime, end: datetime, wake: int, sleep: int, zone: tzinfo, row_id: str
) -> list[dict[str, Any]]:
    return [_row(a, b, row_id) for a, b in wc.sleep_periods(start, end, wake, sleep, zone)]


def _soreness_rows(
    start: datetime, wake: int, sleep: int, zone: tzinfo, every: float, window: float
) -> list[dict[str, Any]]:
    first = start + timedelta(hours=FIRST_AID_HOURS)
    rows = [
        _row(start, start + timedelta(days=PLAN_DAYS["soreness"]), "soreness_settles"),
        _row(start, first, "soreness_easy_days"),
    ]
    rows += _ice_rows(start, wake, sleep, zone, every, window, "soreness_ice")
    rows += _sleep_rows(start, first, wake, sleep, zone, "soreness_sleep")
    rows.append(_row(first, start + timedelta(days=HEAT_UNTIL_DAYS), "soreness_heat"))
    return rows


def _strain_rows(
    start: datetime, wake: int, sleep: int, zone: tzinfo, every: float, window: float
) -> list[dict[str, Any]]:
    first = start + timedelta(hours=FIRST_AID_HOURS)
    rows = [
        _row(start, first, "strain_protect"),
        _row(start, first, "strain_raise"),
        _row(start, first, "strain_avoid"),
    ]
    rows += _ice_rows(start, wake, sleep, zone, every, window, "strain_ice")
    rows += [
        _row(a, b, "strain_compression")
        for a, b in wc.awake_periods(start, first, wake, sleep, zone)
    ]
    rows += _sleep_rows(start, first, wake, sleep, zone, "strain_sleep")
    rows += [
        _row(first, start + timedelta(days=HEAT_UNTIL_DAYS), "strain_heat"),
        _row(first, start + timedelta(days=PLAN_DAYS["strain"]), "strain_stage_1"),
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
        why = say("recovery.care_why", level=f.level)
        if isinstance(f.who, str) and f.who:
            why += " " + say("recovery.care_who", who=f.who)
        action = say("recovery.care_action", title=f.title)
        rows.append(_plain_row(start, end, "care", action, f.advice, why, f.refs))
    return rows


def is_care_sign(action: str) -> bool:
    """Whether a plan row's action is one of the self-assessment's warning signs."""
    prefix = say("recovery.care_action", title="")
    return action.startswith(prefix)


# --------------------------------------------------------------------------- RICE and PEACE & LOVE


def first_aid_frameworks() -> pd.DataFrame:
    """The article's RICE next to PEACE & LOVE (dubois2020), each letter with what the
    evidence says, ice included (bleakley2004)."""
    rows = [
        (s.framework, s.letter, s.word, s.what, s.evidence, s.refs) for s in guidance().first_aid
    ]
    return pd.DataFrame(rows, columns=["framework", "letter", "word", "what", "evidence", "refs"])


# --------------------------------------------------------------------------- summary


def next_ice(plan: pd.DataFrame) -> pd.Timestamp | None:
    """The start of the next ice session after the plan's ``now``, or None."""
    ice = plan.loc[plan["category"] == "ice", "start"]
    later = ice[ice >= plan.attrs["now"]]
    return later.iloc[0] if len(later) else None


def recovery_summary(plan: pd.DataFrame) -> str:
    """The plan in two or three plain sentences."""
    a = plan.attrs
    onset = a["onset"].tz_convert(plan["start"].dt.tz)
    text = say(
        "recovery.summary",
        what=say(f"recovery.what_{a['kind']}"),
        severity=a["severity"],
        onset=f"{onset:%a %d %b %H:%M}",
        tz=a["tz"],
        ice=int((plan["category"] == "ice").sum()),
        hours=f"{a['ice_hours']:g}",
    )
    text += say("recovery.summary_strain" if a["kind"] == "strain" else "recovery.summary_soreness")
    upcoming = next_ice(plan)
    if upcoming is not None:
        text += " " + say("recovery.summary_next_ice", when=f"{upcoming:%a %H:%M}")
    elif a["now"] - a["onset"] > pd.Timedelta(hours=a["ice_hours"]):
        text += " " + say("recovery.summary_ice_passed")
    return text


# the texts asked for by a computed key above
WHAT_KEYS = ("recovery.what_soreness", "recovery.what_strain")
