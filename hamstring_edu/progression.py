"""Progression planning: a week-by-week plan from the current to a target weekly distance, and
the plan against what was run.

The rules a plan is checked against are the ones notebook 03 teaches; their sources are in
``plan_progression``'s docstring.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from hamstring_edu import validation
from hamstring_edu.errors import LogError, OptionError, PlanError
from hamstring_edu.errors import brief as shown
from hamstring_edu.limits import Limits, as_limits
from hamstring_edu.units import UNIT_NAMES, check_units, from_km, km_per_unit, to_km
from hamstring_edu.weeks import CAUTIOUS_INCREASE, SPIKE_PCT, week_label, week_start
from hamstring_edu.wording import say

MAX_INCREASE = 0.30  # the fastest weekly build this planner makes (a limit of this tool)
MAX_WEEKLY_KM = 500.0  # beyond any training plan this tool should make
MANY_TIMES = 3.0  # a goal this many times the current volume gets a warning (this tool's rule)
STEP = 0.1  # plans are written in steps of 0.1 km (or 0.1 mile)
MAX_PLAN_WEEKS = 520


def _refuse(message: str, *, field: str, plain: str) -> PlanError:
    """A PlanError that keeps its developer message (with the field it names) and carries
    ``plain``: the same refusal in plain words for a person, which an app shows instead."""
    return PlanError(message, field=field, plain=plain)


def _fmt(value: float) -> str:
    """A distance as a person typed it: 30, 27.5 (no 30.0, no 1e+05)."""
    return f"{value:.1f}".rstrip("0").rstrip(".") if abs(value) < 1e9 else f"{value:.3g}"


def plan_progression(
    current_weekly: float,
    target_weekly: float,
    *,
    units: str = "km",
    max_increase: float = CAUTIOUS_INCREASE,
    rest_days: int = 2,
    recovery_week_every: int | None = 4,
    recovery_week_drop: float = 0.25,
    long_run_share: float = 0.30,
    start: Any = None,
    max_weeks: int = 104,
    limits: Limits | None = None,
) -> pd.DataFrame:
    """A week-by-week plan from the current to the target weekly distance, never rising faster
    than ``max_increase`` a week, with a lighter week every ``recovery_week_every`` weeks.

    Parameters
    ----------
    current_weekly, target_weekly : float
        Weekly distance now and the goal, in ``units`` ("km" or "mi"); the plan is written in
        that unit, in steps of 0.1, and rounded down so it never rises faster than allowed.
    max_increase : float
        The largest rise of a build week over the last build level, at most 0.30. The default,
        0.10, is the popular "10% rule": notebook 03's cautious default.
    recovery_week_every, recovery_week_drop : int or None, float
        Every n-th week is lighter by this share (at most half). After it the plan returns to
        the last build level plus the increase, so ``change_pct`` against the lighter week itself
        is larger by design; the rises the warnings measure are taken against build levels.
    start : date, optional
        Any day of the first week; ``week_start`` is then the Monday of each week.

    Returns
    -------
    DataFrame
        One row per week: week, week_start, planned_km, change_pct, recovery_week,
        long_run_km, run_days, rest_days, and ``planned``, ``long_run`` in ``units``.
        ``attrs`` holds the settings (units, unit, current, target, max_increase, ...), the
        largest rises (``max_rise_pct`` over a week, ``max_two_week_rise_pct`` over two weeks)
        and ``warnings``: plain sentences, empty when the plan stays within what notebook 03
        teaches. A wrong type is an OptionError; an impossible plan is a PlanError, and so is
        any plan when a self-assessment's ``limits`` rule out a build-up (a pop, a strain).

    Notes
    -----
    The warnings and their sources:

    - a build week rising more than 10% (``CAUTIOUS_INCREASE``): the popular rule the notebook
      uses as its cautious default; a trial in novice runners found a programme built on it no
      better at preventing injuries than a faster one (buist2008), so this is a caution, not a
      proven limit;
    - a rise of more than 30% over two weeks (``SPIKE_PCT``), weeks before the plan counted at
      the current volume: in 874 novice runners nielsen2014 found no significant overall
      difference between progression groups; distance-related injuries were more frequent after
      a rise of more than 30% over two weeks (hazard ratio 1.59, 95% CI 0.96-2.66, not
      statistically significant); hamstring injuries were not among its outcomes;
    - a goal at least three times the current volume (``MANY_TIMES``): a rule of this package,
      not a research finding, because a plan that long rests on the first weeks going well.

    A gradual progression lowers load spikes; no plan makes running injury-free.
    """
    as_limits(limits).require("build_up", "build-up plan")
    unit = check_units(units)
    per_unit = km_per_unit(unit)
    current = validation.number(current_weekly, name="current_weekly")
    target = validation.number(target_weekly, name="target_weekly")
    increase = validation.number(max_increase, name="max_increase")
    rest = validation.integer(rest_days, name="rest_days")
    every = (
        None
        if recovery_week_every is None
        else validation.integer(recovery_week_every, name="recovery_week_every")
    )
    drop = validation.number(recovery_week_drop, name="recovery_week_drop")
    share = validation.number(long_run_share, name="long_run_share")
    weeks_allowed = validation.whole(max_weeks, name="max_weeks", low=1, high=MAX_PLAN_WEEKS)
    largest = MAX_WEEKLY_KM / per_unit
    unit_name = UNIT_NAMES[unit]
    for name, value, what in (
        ("current_weekly", current, say("load.plan_what_now")),
        ("target_weekly", target, say("load.plan_what_goal")),
    ):
        if not 0 < value <= largest:
            raise _refuse(
                f"{name} must be above 0 {unit} and at most {largest:.0f} {unit} a week, "
                f"got {value:g}",
                field=name,
                plain=say(
                    "load.plan_out_of_range",
                    what=what,
                    typed=_fmt(value),
                    largest=f"{largest:.0f}",
                    unit=unit_name,
                ),
            )
    if target < current:
        raise _refuse(
            f"the target ({target:g} {unit}) is below the current volume ({current:g} {unit}); "
            "this planner builds up, it does not taper",
            field="target_weekly",
            plain=say(
                "load.plan_goal_below", goal=_fmt(target), current=_fmt(current), unit=unit_name
            ),
        )
    if not 0 < increase <= MAX_INCREASE:
        raise _refuse(
            f"max_increase must be above 0 and at most {MAX_INCREASE:.2f} "
            f"({MAX_INCREASE:.0%} a week), got {increase:g}: this planner builds no faster "
            "than that",
            field="max_increase",
            plain=say("load.plan_bad_increase", most=f"{MAX_INCREASE:.0%}"),
        )
    if not 1 <= rest <= 6:
        raise _refuse(
            f"rest_days must be 1 to 6 days a week, got {rest}; plan at least one rest day",
            field="rest_days",
            plain=say("load.plan_bad_rest"),
        )
    if every is not None and not 2 <= every <= 52:
        raise _refuse(
            f"recovery_week_every must be a whole number of weeks from 2 to 52 (or None), "
            f"got {every}",
            field="recovery_week_every",
            plain=say("load.plan_bad_every"),
        )
    if not 0 <= drop <= 0.5:
        raise PlanError(
            f"recovery_week_drop must be from 0 to 0.5 (a lighter week, not a week off), "
            f"got {drop:g}",
            field="recovery_week_drop",
        )
    if not 0 < share < 1:
        raise PlanError(
            f"long_run_share must be between 0 and 1, got {share:g}", field="long_run_share"
        )
    if current * increase < STEP - 1e-9:  # every build week must grow by a step
        raise _too_small(current, increase, unit)
    first_monday = _monday(start)
    rows = _weeks(current, target, increase, every, drop, weeks_allowed, unit)
    plan = pd.DataFrame(
        {
            "week": [r[0] for r in rows],
            "week_start": [
                first_monday + pd.Timedelta(weeks=r[0] - 1) if first_monday is not None else pd.NaT
                for r in rows
            ],
            "planned_km": [r[1] * per_unit for r in rows],
            "change_pct": [r[2] for r in rows],
            "recovery_week": [r[3] for r in rows],
            "long_run_km": [round(r[1] * share, 1) * per_unit for r in rows],
            "run_days": 7 - rest,
            "rest_days": rest,
            "planned": [r[1] for r in rows],
            "long_run": [round(r[1] * share, 1) for r in rows],
        }
    )
    rise, two_week = _rises(current, rows)
    plan.attrs.update(
        units=unit,
        unit=unit,
        current=current,
        target=target,
        current_weekly_km=current * per_unit,
        target_weekly_km=target * per_unit,
        max_increase=increase,
        rest_days=rest,
        recovery_week_every=every,
        recovery_week_drop=drop,
        long_run_share=share,
        cautious_increase=CAUTIOUS_INCREASE,
        spike_pct=SPIKE_PCT,
        max_rise_pct=rise[0],
        max_two_week_rise_pct=two_week[0],
        warnings=_warnings(current, target, unit, rise, two_week),
    )
    plan.attrs["summary"] = plan_summary(plan)
    return plan


def plan_summary(plan: pd.DataFrame) -> str:
    """The plan in one sentence that says only what applies: its weeks, from and to, the
    largest weekly rise, and its lighter weeks by number (or that it has none, and why)."""
    attrs = plan.attrs
    unit = UNIT_NAMES[attrs.get("units", "km")]
    light = [int(w) for w in plan.loc[plan["recovery_week"], "week"]]
    every = attrs.get("recovery_week_every")
    if light:
        lighter = say(
            "load.plan_light_weeks" if len(light) > 1 else "load.plan_light_week",
            weeks=_listed(light),
            drop=f"{attrs.get('recovery_week_drop', 0.25):.0%}",
        )
    elif every:
        lighter = say("load.plan_no_light_week_short", every=every)
    else:
        lighter = say("load.plan_no_light_week")
    return say(
        "load.plan_summary",
        weeks=len(plan),
        week_word=say("load.week_one") if len(plan) == 1 else say("load.week_many"),
        current=_fmt(attrs.get("current", plan["planned"].iloc[0])),
        target=_fmt(plan["planned"].iloc[-1]),
        unit=unit,
        rise=f"{attrs.get('max_rise_pct', 0):.0f}",
        lighter=lighter,
    )


def _listed(numbers: list[int]) -> str:
    """4 / 4 and 8 / 4, 8 and 12 (at most eight named, then "..." and the last)."""
    names = [str(n) for n in numbers]
    if len(names) > 8:
        names = [*names[:7], "...", names[-1]]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _monday(start: Any) -> pd.Timestamp | None:
    """The Monday of the week that holds ``start`` (None stays None); PlanError if unreadable."""
    if start is None:
        return None
    earliest, latest = validation.date_bounds()
    try:
        if isinstance(start, numbers.Number):
            raise TypeError  # a number is not a date (pandas would read it as nanoseconds)
        day = pd.Timestamp(start)
        if pd.isna(day):
            raise ValueError
        if day.tzinfo is not None:
            day = day.tz_localize(None)
        ok = earliest <= day.date() <= latest
    except (ValueError, TypeError, OverflowError, pd.errors.OutOfBoundsDatetime):
        raise PlanError(
            f"{validation.shown(start)} is not a date (expected YYYY-MM-DD)", field="start"
        ) from None
    if not ok:
        raise PlanError(f"the start {day.date()} is outside {earliest} .. {latest}", field="start")
    day = day.normalize()
    return day - pd.Timedelta(days=day.weekday())


def _weeks(
    current: float,
    target: float,
    increase: float,
    every: int | None,
    drop: float,
    weeks_allowed: int,
    unit: str,
) -> list[tuple[int, float, float, bool, float]]:
    """(week, volume, change %, recovery week, build level) until the target; at most
    ``weeks_allowed`` weeks (the caller made sure every build week grows by a step)."""
    rows, base, previous = [], current, current
    for week in range(1, weeks_allowed + 1):
        recovery = every is not None and week % every == 0
        if recovery:
            volume = _down(base * (1 - drop))
        else:  # grow from the shown (rounded) volume and round down: never above the limit
            grown = min(target, _down(base * (1 + increase)))
            if grown <= base < target:  # float noise at the edge of a step: never stall silently
                raise _too_small(current, increase, unit)
            base = volume = grown
        rows.append((week, volume, round(100 * (volume - previous) / previous, 1), recovery, base))
        previous = volume
        if not recovery and base >= target:
            return rows
    raise _refuse(
        f"reaching {target:g} {unit} takes more than {weeks_allowed} weeks at {increase:.0%} a "
        "week; aim lower or allow longer (max_weeks)",
        field="target_weekly",
        plain=say(
            "load.plan_too_long",
            goal=_fmt(target),
            unit=UNIT_NAMES[unit],
            weeks=weeks_allowed,
            increase=f"{increase:.0%}",
        ),
    )


def _too_small(current: float, increase: float, unit: str) -> PlanError:
    """The error for a volume too small to grow by the plan's 0.1 step at this rise."""
    least = STEP / increase + STEP  # inf for a vanishing increase: then no start is named
    named = least <= MAX_WEEKLY_KM
    start = math.ceil(least * 10) / 10 if named else math.inf
    reason = (  # the developer's message; the hint is part of it
        f"at {increase:.0%} a week, {current:g} {unit} would grow by less than {STEP:g} {unit} "
        "(the plan's step): "
        + (
            f"start from at least {start:g} {unit} or allow a larger rise"
            if named
            else "allow a larger rise"
        )
    )
    return _refuse(
        reason,
        field="current_weekly",
        plain=say(
            "load.plan_too_small" if named else "load.plan_too_small_rise",
            increase=f"{increase:.0%}",
            current=_fmt(current),
            unit=UNIT_NAMES[unit],
            **({"least": f"{start:g}"} if named else {}),
        ),
    )


def _rises(
    current: float, rows: list[tuple[int, float, float, bool, float]]
) -> tuple[tuple[float, int], tuple[float, int]]:
    """The largest rise of a build week over one week and over two weeks, in %, with its week.

    Each week is compared with the build level one and two weeks before (a lighter week counts
    at the level before it; the weeks before the plan at the current volume)."""
    levels = [current, current] + [r[4] for r in rows]
    one, two = (0.0, 0), (0.0, 0)
    for i, (week, volume, _, recovery, _) in enumerate(rows, start=2):
        if recovery:
            continue
        one = max(one, (100 * (volume / levels[i - 1] - 1), week))
        two = max(two, (100 * (volume / levels[i - 2] - 1), week))
    return (round(one[0], 1), one[1]), (round(two[0], 1), two[1])


def _warnings(
    current: float,
    target: float,
    unit: str,
    rise: tuple[float, int],
    two_week: tuple[float, int],
) -> list[str]:
    """Plain sentences for what goes beyond notebook 03's teaching (see plan_progression)."""
    out = []
    if rise[0] > 100 * CAUTIOUS_INCREASE + 0.05:
        out.append(
            say(
                "load.plan_weekly_rise",
                rise=f"{rise[0]:.0f}",
                week=rise[1],
                cautious=f"{CAUTIOUS_INCREASE:.0%}",
            )
        )
    if two_week[0] > SPIKE_PCT + 0.05:
        out.append(
            say(
                "load.plan_two_week_rise",
                rise=f"{two_week[0]:.0f}",
                week=two_week[1],
                spike=f"{SPIKE_PCT:.0f}",
            )
        )
    if target >= MANY_TIMES * current:
        out.append(
            say(
                "load.plan_many_times",
                target=f"{target:g}",
                unit=unit,
                times=f"{target / current:.1f}",
                current=f"{current:g}",
            )
        )
    return out


def _down(value: float) -> float:
    """A distance rounded down to the plan's 0.1 step (1e-9 guards against float noise such as
    36.3 -> 36.29)."""
    return math.floor(value * 10 + 1e-9) / 10


def compare_plan(
    plan: pd.DataFrame, log: pd.DataFrame, *, athlete: str | None = None
) -> pd.DataFrame:
    """Planned against actual weekly running distance (calendar weeks from the plan's start).

    The log is read as ``daily_load`` reads it (running only, distances in km, dates checked);
    ``athlete`` picks one athlete, None adds everyone up. Columns: week, week_start,
    planned_km, recovery_week, actual_km, difference_km.
    """
    from hamstring_edu.load import daily_load

    needed = {"week", "week_start", "planned_km", "recovery_week"}
    if not isinstance(plan, pd.DataFrame) or not needed <= set(plan.columns):
        raise OptionError("compare_plan needs a plan from plan_progression", field="plan")
    if plan["week_start"].isna().any():
        raise PlanError("give the plan a start date to compare it with a log", field="start")
    daily = daily_load(log, measure="distance")
    if athlete is not None:
        try:
            daily = daily[daily["athlete"] == athlete]
        except (TypeError, ValueError):
            daily = daily.iloc[:0]
        if daily.empty:
            raise LogError(f"no running for athlete {validation.shown(athlete)}", column="athlete")
    actual = daily.groupby(week_start(daily["date"]))["load"].sum()
    out = plan[["week", "week_start", "planned_km", "recovery_week"]].copy()
    out["actual_km"] = out["week_start"].map(actual).fillna(0.0)
    out["difference_km"] = out["actual_km"] - out["planned_km"]
    return out


MAX_TYPED_WEEKS = 104


def weekly_totals(text: str) -> list[float]:
    """Weekly totals as a person types them: numbers separated by spaces, commas or
    semicolons, decimals with a point ("20, 22.5, 30"); anything else is a PlanError.

    An empty place between two separators ("20,, 30") is refused, never dropped: it would move
    every later week by one. One separator at the very end ("20, 30,") is ignored."""
    if not isinstance(text, str) or len(text) > 2000:
        raise _refuse(
            f"expected numbers such as '20, 22, 25', got {shown(text)}",
            field="weekly",
            plain=say("load.totals_too_long" if isinstance(text, str) else "load.totals_how"),
        )
    fields = [f.strip() for f in text.replace(";", ",").split(",")]
    if fields and not fields[-1]:
        fields.pop()  # "20, 30," : a trailing separator holds no week
    values: list[float] = []
    for place, field in enumerate(fields):
        if not field:
            before = f"{values[-1]:g}" if values else None
            where = (
                say("load.totals_empty_after", week=len(values), before=before)
                if before is not None
                else say("load.totals_empty_first")
            )
            raise _refuse(
                f"week {len(values) + 1}: an empty place (two separators in a row) "
                f"at separator {place}",
                field="weekly",
                plain=say("load.totals_empty", where=where),
            )
        for part in field.split():
            n = len(values) + 1
            try:
                value = float(part)
            except ValueError:
                value = math.nan
            if not math.isfinite(value):  # "lots", "nan", "inf" are no week's total
                raise _refuse(
                    f"week {n}: {shown(part)} is not a number; type totals like '20, 22.5, 25'",
                    field="weekly",
                    plain=say("load.totals_not_a_number", typed=part[:20], week=n),
                )
            values.append(value)
    return values


def review_weeks(
    weekly: Sequence[float],
    *,
    units: str = "km",
    max_increase: float = CAUTIOUS_INCREASE,
    today: Any = None,
) -> pd.DataFrame:
    """Weekly running totals typed by a person (oldest first) read like a log's weeks.

    Returns the frame ``weekly_load`` returns (week_start, load in km, change_pct, ceiling,
    above_ceiling, spike) plus ``change_2wk_pct``, so the same figure draws it. Each total is a
    full calendar week (Monday to Sunday): the last one is last week, the one that ended on the
    Sunday before ``today``; this week, not over yet, is not counted. ``attrs["read_as"]`` says
    so in a sentence, and ``attrs["notes"]`` says which weeks rose beyond the cautious increase
    or more than 30% over two weeks (nielsen2014's signal).
    """
    unit = check_units(units)
    unit_name = UNIT_NAMES[unit]
    if isinstance(weekly, str):
        weekly = weekly_totals(weekly)
    if isinstance(weekly, bytes) or not isinstance(weekly, Sequence):
        raise _refuse(
            f"weekly totals are a list of numbers, oldest first, got {shown(weekly)}",
            field="weekly",
            plain=say("load.totals_how"),
        )
    if not 2 <= len(weekly) <= MAX_TYPED_WEEKS:
        raise _refuse(
            f"give 2 to {MAX_TYPED_WEEKS} weekly totals, oldest first (got {len(weekly)})",
            field="weekly",
            plain=say("load.totals_count", most=MAX_TYPED_WEEKS, count=len(weekly)),
        )
    largest = from_km(MAX_WEEKLY_KM, unit)
    values = []
    for n, value in enumerate(weekly, start=1):
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise _refuse(
                f"week {n}: expected a number, got {shown(value)}",
                field="weekly",
                plain=say("load.totals_not_a_number", typed=str(value)[:20], week=n),
            )
        if not 0 <= value <= largest:
            raise _refuse(
                f"week {n}: {shown(value)} {unit} is not a weekly total this tool can read "
                f"(0 to {largest:g} {unit})",
                field="weekly",
                plain=say(
                    "load.totals_out_of_range",
                    week=n,
                    typed=_fmt(float(value)),
                    unit=unit_name,
                    largest=f"{largest:.0f}",
                ),
            )
        values.append(to_km(float(value), unit))
    if not 0 < max_increase <= MAX_INCREASE:
        raise _refuse(
            f"max_increase must be above 0 and at most {MAX_INCREASE}",
            field="max_increase",
            plain=say("load.plan_bad_increase", most=f"{MAX_INCREASE:.0%}"),
        )
    end = pd.Timestamp(today).normalize() if today is not None else pd.Timestamp.now().normalize()
    last_monday = end - pd.Timedelta(days=end.weekday()) - pd.Timedelta(weeks=1)  # last week
    starts = [last_monday - pd.Timedelta(weeks=len(values) - 1 - i) for i in range(len(values))]
    weeks = pd.DataFrame({"week_start": starts, "load": values})
    previous, two_before = weeks["load"].shift(1), weeks["load"].shift(2)
    with np.errstate(divide="ignore", invalid="ignore"):
        weeks["change_pct"] = 100 * (weeks["load"] - previous) / previous
        weeks["change_2wk_pct"] = 100 * (weeks["load"] - two_before) / two_before
    weeks["ceiling"] = previous * (1 + max_increase)
    weeks["above_ceiling"] = weeks["load"] > weeks["ceiling"] + 1e-9
    weeks["spike"] = weeks["change_pct"] > SPIKE_PCT
    notes = []
    for row in weeks.itertuples():
        week = week_label(row.week_start)
        if row.change_2wk_pct > SPIKE_PCT:
            rise, spike = f"{row.change_2wk_pct:.0f}", f"{SPIKE_PCT:.0f}"
            notes.append(say("load.week_two_week_rise", week=week, rise=rise, spike=spike))
        elif row.above_ceiling:
            rise, cautious = f"{row.change_pct:.0f}", f"{max_increase:.0%}"
            notes.append(say("load.week_rise", week=week, rise=rise, cautious=cautious))
    read_as = say(
        "load.totals_read_as",
        count=len(values),
        first=week_label(starts[0]),
        last=week_label(last_monday),
        last_end=f"{week_label(last_monday + pd.Timedelta(days=6))} {last_monday:%Y}",
        total=_fmt(from_km(values[-1], unit)),
        unit=unit_name,
    )
    weeks.attrs.update(
        read_as=read_as,
        athlete="you",
        measure="distance",
        unit=unit,
        units=unit,
        max_increase=max_increase,
        spike_pct=SPIKE_PCT,
        notes=notes,
    )
    return weeks
