"""Progression planning: a week-by-week plan from the current to a target weekly distance, and
the plan against what was run.

The rules a plan is checked against are the ones notebook 03 teaches; their sources are in
``plan_progression``'s docstring.
"""

from __future__ import annotations

import math

import pandas as pd

from hamstring_edu.errors import PlanError

CAUTIOUS_INCREASE = 0.10  # the popular 10% rule: notebook 03's cautious default (buist2008)
SPIKE_PCT = 30.0  # the rise marked in weekly load and warned about over two weeks (nielsen2014)


def week_start(dates: pd.Series) -> pd.Series:
    """The Monday that starts each date's calendar week (time of day dropped)."""
    days = dates.dt.normalize()
    return days - pd.to_timedelta(days.dt.day_of_week, unit="D")


def plan_progression(
    current_weekly_km: float,
    target_weekly_km: float,
    *,
    max_increase: float = 0.10,
    rest_days: int = 2,
    recovery_week_every: int = 4,
    recovery_week_drop: float = 0.25,
    long_run_share: float = 0.30,
    start: str | pd.Timestamp | None = None,
    max_weeks: int = 104,
) -> pd.DataFrame:
    """A week-by-week plan from the current to the target weekly distance, never rising faster
    than ``max_increase`` a week, with a lighter week every ``recovery_week_every`` weeks.

    The 10% default is the popular rule: a trial found it no safer than a faster plan
    (buist2008), and rises above 30% over two weeks were followed by more distance-related
    injuries in novices (nielsen2014). Increases above 30% a week are refused. After a lighter
    week the plan returns to the last build volume plus the increase, so ``change_pct`` against
    the lighter week itself is larger by design.
    """
    for name, value in (
        ("current_weekly_km", current_weekly_km),
        ("target_weekly_km", target_weekly_km),
    ):
        if (
            isinstance(value, bool)
            or not isinstance(value, int | float)
            or not math.isfinite(value)
            or value <= 0
        ):
            raise PlanError(f"{name} must be a distance above 0 km, got {value!r}", field=name)
    if target_weekly_km < current_weekly_km:
        raise PlanError(
            f"the target ({target_weekly_km:g} km) is below the current volume "
            f"({current_weekly_km:g} km); this planner builds up, it does not taper",
            field="target_weekly_km",
        )
    if not 0 < max_increase <= 0.30:
        raise PlanError(
            f"max_increase must be above 0 and at most 0.30 (30% a week), got {max_increase!r}; "
            "bigger jumps were followed by more injuries (nielsen2014)",
            field="max_increase",
        )
    if isinstance(rest_days, bool) or not isinstance(rest_days, int) or not 1 <= rest_days <= 6:
        raise PlanError(
            f"rest_days must be 1 to 6 days a week, got {rest_days!r}; plan at least one rest day",
            field="rest_days",
        )
    if recovery_week_every is not None and (
        not isinstance(recovery_week_every, int) or recovery_week_every < 2
    ):
        raise PlanError(
            "recovery_week_every must be a whole number >= 2 (or None)", field="recovery_week_every"
        )
    if not 0 <= recovery_week_drop < 1:
        raise PlanError("recovery_week_drop must be from 0 to below 1", field="recovery_week_drop")
    if not 0 < long_run_share < 1:
        raise PlanError("long_run_share must be between 0 and 1", field="long_run_share")
    start_day = pd.Timestamp(start) if start is not None else None
    if start_day is not None:
        start_day = start_day.normalize() - pd.Timedelta(days=start_day.weekday())
    rows, base, week = [], float(current_weekly_km), 0
    previous = float(current_weekly_km)
    while True:
        week += 1
        if week > max_weeks:
            raise PlanError(
                f"reaching {target_weekly_km:g} km takes more than {max_weeks} weeks at "
                f"{max_increase:.0%} a week; aim lower or allow longer",
                field="target_weekly_km",
            )
        recovery = bool(recovery_week_every) and week % recovery_week_every == 0
        if recovery:
            volume = _down(base * (1 - recovery_week_drop))
        else:  # grow from the shown (rounded) volume and round down: never above the limit
            base = min(target_weekly_km, _down(base * (1 + max_increase)))
            volume = base
        change = 100 * (volume - previous) / previous
        rows.append(
            {
                "week": week,
                "week_start": start_day + pd.Timedelta(weeks=week - 1)
                if start_day is not None
                else pd.NaT,
                "planned_km": volume,
                "change_pct": round(change, 1),
                "recovery_week": recovery,
                "long_run_km": round(volume * long_run_share, 1),
                "run_days": 7 - rest_days,
                "rest_days": rest_days,
            }
        )
        previous = volume
        if not recovery and base >= target_weekly_km:
            break
    plan = pd.DataFrame(rows)
    plan.attrs.update(max_increase=max_increase, target_weekly_km=target_weekly_km)
    return plan


def _down(km: float) -> float:
    """Distance rounded down to 0.1 km (1e-9 guards against float noise such as 36.3 -> 36.29)."""
    return math.floor(km * 10 + 1e-9) / 10


def compare_plan(
    plan: pd.DataFrame, log: pd.DataFrame, *, athlete: str | None = None
) -> pd.DataFrame:
    """Planned against actual weekly running distance (calendar weeks from the plan's start)."""
    if plan["week_start"].isna().any():
        raise PlanError("give the plan a start date to compare it with a log", field="start")
    rows = log if athlete is None else log[log["athlete"] == athlete]
    if "is_running" in rows.columns:
        rows = rows[rows["is_running"]]
    actual = rows.groupby(week_start(pd.to_datetime(rows["date"])))["distance_km"].sum()
    out = plan[["week", "week_start", "planned_km", "recovery_week"]].copy()
    out["actual_km"] = out["week_start"].map(actual).fillna(0.0)
    out["difference_km"] = out["actual_km"] - out["planned_km"]
    return out
