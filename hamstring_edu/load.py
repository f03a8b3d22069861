"""Training-load metrics (ACWR, monotony, strain, fitness-fatigue) and safe progression plans.

Pure and vectorised: every athlete's daily series is one row of a 2-D array (athlete x day
index within the athlete), so rolling windows are array slices and the recursive averages are
one short loop over days that updates every athlete at once.

Daily series: one value per calendar day from an athlete's first to last activity; activities on
the same day are summed; a day without activity is a rest day (load 0), or unknown (NaN) with
``missing="unknown"``. Definitions follow the project's DEFINITIONS.md (shared/load), which sets
out where peer tools (GoldenCheetah, TrainingPeaks, Runalyze, R ACWR, Python acwr) differ.
"""

from __future__ import annotations

import itertools
import math

import numpy as np
import pandas as pd

from hamstring_edu.errors import LogError, PlanError

MEASURES = {"distance": "distance_km", "duration": "duration_min", "srpe": None}
PMC_SMOOTHING = ("exp", "1/tau", "runalyze")


def daily_load(
    log: pd.DataFrame,
    *,
    measure: str = "distance",
    running_only: bool = True,
    missing: str = "rest",
) -> pd.DataFrame:
    """One row per athlete and calendar day (first to last activity) with that day's load.

    ``measure``: "distance" (km), "duration" (min) or "srpe" (session-RPE load = RPE x minutes,
    foster2001). ``missing``: "rest" (a day without activity is load 0) or "unknown" (NaN).
    """
    if measure not in MEASURES:
        raise LogError(f"unknown measure {measure!r}; expected one of {', '.join(MEASURES)}")
    if missing not in ("rest", "unknown"):
        raise LogError(f"missing must be 'rest' or 'unknown', got {missing!r}")
    needed = {"athlete", "date"} | (
        {"duration_min", "rpe"} if measure == "srpe" else {MEASURES[measure]}
    )
    absent = needed - set(log.columns)
    if absent:
        raise LogError(f"the log has no column(s) {sorted(absent)} needed for measure {measure!r}")
    rows = log
    if running_only and "is_running" in log.columns:
        rows = log[log["is_running"].to_numpy(dtype=bool)]
    if measure == "srpe":
        if rows["rpe"].isna().any():
            raise LogError("session-RPE load needs an RPE on every activity", column="rpe")
        value = (rows["rpe"] * rows["duration_min"]).to_numpy(dtype=float)
    else:
        value = rows[MEASURES[measure]].to_numpy(dtype=float)
    if len(rows) == 0:
        return pd.DataFrame(
            {
                "athlete": pd.Series(dtype=object),
                "date": pd.Series(dtype="datetime64[ns]"),
                "load": pd.Series(dtype=float),
            }
        )
    codes, names = _athlete_codes(rows["athlete"].to_numpy())
    day = pd.to_datetime(rows["date"]).to_numpy().astype("datetime64[D]").astype(np.int64)
    ordered = bool(np.all((np.diff(codes) > 0) | ((np.diff(codes) == 0) & (np.diff(day) >= 0))))
    if not ordered:  # most logs come sorted by athlete and date: then no sort is needed
        order = np.lexsort((day, codes))
        codes, day, value = codes[order], day[order], value[order]
    starts = np.flatnonzero(np.r_[True, codes[1:] != codes[:-1]])
    ends = np.r_[starts[1:], len(codes)]
    first, last = day[starts], day[ends - 1]
    lengths = last - first + 1
    offsets = np.r_[0, np.cumsum(lengths)[:-1]]
    athlete_index = np.repeat(np.arange(len(starts)), ends - starts)
    position = offsets[athlete_index] + (day - first[athlete_index])
    total = int(lengths.sum())
    load = np.bincount(position, weights=value, minlength=total)
    if missing == "unknown":
        load[np.bincount(position, minlength=total) == 0] = np.nan
    within = np.arange(total) - np.repeat(offsets, lengths)
    dates = (np.repeat(first, lengths) + within).astype("datetime64[D]").astype("datetime64[ns]")
    present = names[codes[starts]]
    return pd.DataFrame(
        {
            "athlete": np.repeat(np.asarray(present, dtype=object), lengths),
            "date": dates,
            "load": load,
        }
    )


def _athlete_codes(athletes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Integer codes in name order; a log already grouped by athlete in name order needs no hash."""
    if len(athletes) > 1:
        starts = np.flatnonzero(np.r_[True, athletes[1:] != athletes[:-1]])
        names = athletes[starts]
        try:
            in_order = all(a < b for a, b in itertools.pairwise(names))
        except TypeError:  # names of mixed types: let factorize sort them out
            in_order = False
        if in_order:
            return np.repeat(np.arange(len(starts)), np.diff(np.r_[starts, len(athletes)])), names
    codes, names = pd.factorize(athletes, sort=True)
    return codes, np.asarray(names, dtype=object)


def load_metrics(
    log: pd.DataFrame,
    *,
    measure: str = "distance",
    running_only: bool = True,
    missing: str = "rest",
    acute_days: int = 7,
    chronic_days: int = 28,
    ewma_mask: bool = True,
    ctl_days: int = 42,
    atl_days: int = 7,
    pmc_smoothing: str = "exp",
    tsb: str = "yesterday",
    monotony_ddof: int = 1,
) -> pd.DataFrame:
    """Daily load metrics per athlete: weekly load and change, ACWR, monotony, strain, CTL/ATL/TSB.

    Columns (NaN while a window is not yet full; see DEFINITIONS.md):

    - ``load_7d``: rolling 7-day total (today included); ``week_change_pct``: 100 x (this 7 days
      - the 7 before) / the 7 before (inf after a zero week, NaN after two).
    - ``acute_mean``, ``chronic_mean``, ``chronic_mean_uncoupled``: the rolling means behind
      the two rolling ratios.
    - ``acwr_rolling``: coupled ratio, mean of the last ``acute_days`` / mean of the last
      ``chronic_days`` (gabbett2016); ``acwr_uncoupled``: acute mean / mean of the days before
      the acute window (lolli2019). Both NaN until ``chronic_days`` days exist.
    - ``ewma_acute``, ``ewma_chronic``, ``acwr_ewma``: E_t = lam L_t + (1 - lam) E_(t-1) with
      lam = 2/(N+1), seeded with the first day's load (williams2017); masked (NaN) for the first
      ``chronic_days - 1`` days unless ``ewma_mask=False``.
    - ``monotony`` = mean / SD of the last 7 daily loads (SD with ``monotony_ddof``), ``strain``
      = 7-day total x monotony (foster1998); SD 0 gives inf (or NaN for a week of rest).
    - ``ctl``, ``atl``: fitness and fatigue, C_t = C_(t-1) + k (L_t - C_(t-1)) from 0 on the day
      before the first activity (banister1975; GoldenCheetah's PMC). ``pmc_smoothing``: "exp"
      k = 1 - exp(-1/tau) (default), "1/tau" k = 1/tau, "runalyze" k = 2/(tau + 1), so "42
      days" is a time constant in one tool and a span in another. ``tsb`` = CTL - ATL of the
      day before ("yesterday", TrainingPeaks) or of the same day ("today", Runalyze);
      ``ramp_7d`` = CTL today - CTL 7 days ago.
    """
    if pmc_smoothing not in PMC_SMOOTHING:
        raise LogError(f"pmc_smoothing must be one of {', '.join(PMC_SMOOTHING)}")
    if tsb not in ("yesterday", "today"):
        raise LogError(f"tsb must be 'yesterday' or 'today', got {tsb!r}")
    for name, value in (("acute_days", acute_days), ("chronic_days", chronic_days)):
        if not isinstance(value, int) or value < 1:
            raise LogError(f"{name} must be a whole number of days >= 1, got {value!r}")
    if acute_days >= chronic_days:
        raise LogError("acute_days must be shorter than chronic_days")
    daily = daily_load(log, measure=measure, running_only=running_only, missing=missing)
    if daily.empty:
        return daily
    grid, lengths = _grid(daily)
    out = {}
    out["load_7d"] = _rolling_sum(grid, 7)
    previous = _shift(out["load_7d"], 7)
    with np.errstate(divide="ignore", invalid="ignore"):
        out["week_change_pct"] = 100 * (out["load_7d"] - previous) / previous
        acute = _rolling_sum(grid, acute_days) / acute_days
        chronic = _rolling_sum(grid, chronic_days) / chronic_days
        span = chronic_days - acute_days
        before = _shift(_rolling_sum(grid, span) / span, acute_days)
        before[:, : chronic_days - 1] = np.nan
        out["acute_mean"], out["chronic_mean"], out["chronic_mean_uncoupled"] = (
            acute,
            chronic,
            before,
        )
        out["acwr_rolling"] = acute / chronic
        out["acwr_uncoupled"] = acute / before
        k_ctl, k_atl = (_pmc_k(ctl_days, pmc_smoothing), _pmc_k(atl_days, pmc_smoothing))
        ea, ec, ctl, atl = _smooth(
            grid,
            rates=(2 / (acute_days + 1), 2 / (chronic_days + 1), k_ctl, k_atl),
            seed_first=(True, True, False, False),
        )
        ratio = ea / ec
        if ewma_mask:
            ratio[:, : chronic_days - 1] = np.nan
        out["ewma_acute"], out["ewma_chronic"], out["acwr_ewma"] = ea, ec, ratio
        mean7 = out["load_7d"] / 7
        sd7 = _rolling_sd(grid, mean7, 7, monotony_ddof)
        out["monotony"] = mean7 / sd7
        out["strain"] = out["load_7d"] * out["monotony"]
    out["ctl"], out["atl"] = ctl, atl
    form = out["ctl"] - out["atl"]
    if tsb == "yesterday":
        form = _shift(form, 1)
        form[:, 0] = 0.0  # the day before the first activity: both are 0
    out["tsb"] = form
    out["ramp_7d"] = out["ctl"] - _shift(out["ctl"], 7)
    mask = np.arange(grid.shape[1])[None, :] < lengths[:, None]
    columns = {name: daily[name].to_numpy() for name in ("athlete", "date", "load")}
    full = bool(mask.all())  # equal lengths: rows are already in order, no copy
    columns.update({name: v.ravel() if full else v[mask] for name, v in out.items()})
    result = pd.DataFrame(columns, copy=False)
    return result


def _grid(daily: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Loads as an (athlete, day within athlete) array padded with NaN, and each length."""
    athletes = daily["athlete"].to_numpy()
    starts = np.flatnonzero(np.r_[True, athletes[1:] != athletes[:-1]])
    lengths = np.diff(np.r_[starts, len(athletes)])
    grid = np.full((len(lengths), int(lengths.max())), np.nan)
    mask = np.arange(grid.shape[1])[None, :] < lengths[:, None]
    grid[mask] = daily["load"].to_numpy(dtype=float)
    return grid, lengths


def _rolling_sum(grid: np.ndarray, window: int) -> np.ndarray:
    """Trailing ``window``-day totals from cumulative sums; NaN until full or if a day is NaN."""
    out = np.full(grid.shape, np.nan)
    if grid.shape[1] < window:
        return out
    missing = np.isnan(grid)
    zero = np.zeros((grid.shape[0], 1))
    if not missing.any():  # the usual case: rest days are 0, nothing unknown
        total = np.concatenate([zero, np.cumsum(grid, axis=1)], axis=1)
        out[:, window - 1 :] = total[:, window:] - total[:, :-window]
        return out
    total = np.concatenate([zero, np.cumsum(np.where(missing, 0.0, grid), axis=1)], axis=1)
    holes = np.concatenate([zero, np.cumsum(missing, axis=1)], axis=1)
    sums = total[:, window:] - total[:, :-window]
    gaps = holes[:, window:] - holes[:, :-window]
    out[:, window - 1 :] = np.where(gaps > 0, np.nan, sums)
    return out


def _rolling_sd(grid: np.ndarray, mean: np.ndarray, window: int, ddof: int) -> np.ndarray:
    """Trailing standard deviation around the window mean; float noise (< 1e-9 x mean) is 0."""
    squares = np.zeros(grid.shape)
    if grid.shape[1] < window:
        return np.full(grid.shape, np.nan)
    for k in range(window):
        squares[:, window - 1 :] += (
            grid[:, window - 1 - k : grid.shape[1] - k] - mean[:, window - 1 :]
        ) ** 2
    sd = np.sqrt(squares / (window - ddof))
    sd[:, : window - 1] = np.nan
    return np.where(sd <= 1e-9 * np.abs(mean), 0.0, sd)


def _shift(values: np.ndarray, days: int) -> np.ndarray:
    out = np.full(values.shape, np.nan)
    if days < values.shape[1]:
        out[:, days:] = values[:, :-days]
    return out


def _smooth(
    grid: np.ndarray, *, rates: tuple[float, ...], seed_first: tuple[bool, ...]
) -> np.ndarray:
    """S_t = S_(t-1) + k (L_t - S_(t-1)) for several rates k in one pass over the days, every
    athlete at once; each series starts from the first day's load or from 0."""
    k = np.asarray(rates)[:, None]
    state = np.where(np.asarray(seed_first)[:, None], grid[:, 0][None, :], 0.0)
    days = np.ascontiguousarray(grid.T)  # one contiguous row per day
    out = np.empty((grid.shape[1], len(rates), grid.shape[0]))
    for t in range(grid.shape[1]):
        state = state + k * (days[t] - state)
        out[t] = state
    out = np.ascontiguousarray(out.transpose(1, 2, 0))
    return out


def _pmc_k(tau: int, smoothing: str) -> float:
    if smoothing == "exp":
        return 1 - math.exp(-1 / tau)
    if smoothing == "1/tau":
        return 1 / tau
    return 2 / (tau + 1)


# --------------------------------------------------------------------------- planning


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
    dates = pd.to_datetime(rows["date"])
    week_start = dates - pd.to_timedelta(dates.dt.day_of_week, unit="D")
    actual = rows.groupby(week_start)["distance_km"].sum()
    out = plan[["week", "week_start", "planned_km", "recovery_week"]].copy()
    out["actual_km"] = out["week_start"].map(actual).fillna(0.0)
    out["difference_km"] = out["actual_km"] - out["planned_km"]
    return out


SPIKE_PCT = 30.0  # nielsen2014: more than a 30% rise was followed by more distance injuries


def weekly_load(metrics: pd.DataFrame, *, athlete: str, max_increase: float = 0.10) -> pd.DataFrame:
    """Calendar weeks (Monday start) of one athlete: load, change %, the 'safe' ceiling, spikes.

    ``ceiling`` is last week's load x (1 + max_increase) (the popular 10% rule, which a trial
    found no safer than a faster build, buist2008); ``spike`` marks rises above 30%
    (nielsen2014). The first and last weeks may be partial.
    """
    rows = metrics[metrics["athlete"] == athlete]
    if rows.empty:
        raise LogError(f"no data for athlete {athlete!r}", column="athlete")
    week = rows["date"] - pd.to_timedelta(rows["date"].dt.day_of_week, unit="D")
    weeks = rows.groupby(week)["load"].sum().rename_axis("week_start").reset_index()
    previous = weeks["load"].shift(1)
    with np.errstate(divide="ignore", invalid="ignore"):
        weeks["change_pct"] = 100 * (weeks["load"] - previous) / previous
    weeks["ceiling"] = previous * (1 + max_increase)
    weeks["above_ceiling"] = weeks["load"] > weeks["ceiling"] + 1e-9
    weeks["spike"] = weeks["change_pct"] > SPIKE_PCT
    return weeks
