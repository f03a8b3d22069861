"""Training-load metrics: daily load, weekly load, ACWR, monotony, strain, fitness-fatigue.

Pure and vectorised: every athlete's daily series is one row of a 2-D array (athlete x day
index within the athlete), so rolling windows are differences of one running total, and the
recursive averages advance eight days at a time for every athlete at once (a small matrix
product per block). Each output column is written once into its own array: on 1,000,000 daily
rows fresh memory costs more than the arithmetic (benchmarks/bench_load.py: about 14x faster
than idiomatic pandas groupby-rolling/ewm, same values to 1e-6).

Daily series: one value per calendar day from an athlete's first to last activity; activities on
the same day are summed; a day without activity is a rest day (load 0), or unknown (NaN) with
``missing="unknown"``. Every column, formula, window and smoothing, the zero-denominator rule and
where peer tools (GoldenCheetah, TrainingPeaks, Runalyze, R ACWR, Python acwr) differ are set out
in docs/load_metrics.md (shipped in the package as hamstring_edu/docs/load_metrics.md).
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
import warnings
from typing import NamedTuple

import numpy as np
import pandas as pd

from hamstring_edu import heart_rate, validation
from hamstring_edu.errors import AssumptionWarning, LogError, OptionError
from hamstring_edu.units import unit_label
from hamstring_edu.weeks import CAUTIOUS_INCREASE, SPIKE_PCT, week_start

MEASURES = {"distance": "distance_km", "duration": "duration_min", "srpe": None, "trimp": None}
COLUMN_MEASURE = "column:"  # "column:tss": a load the log already has, in its column "tss"
MISSING = ("rest", "unknown")
PMC_SMOOTHING = ("exp", "1/tau", "runalyze")
TSB = ("yesterday", "today")
MAX_WINDOW_DAYS = 3650  # windows and time constants up to ten years
ACWR_SWEET_SPOT = (0.8, 1.3)  # gabbett2016's "sweet spot", a debated rule of thumb
ACWR_DANGER = 1.5  # gabbett2016's "danger zone" starts here


class _Series(NamedTuple):
    """Daily series, one per athlete, stored back to back."""

    names: np.ndarray  # the athlete of each series
    first: np.ndarray  # its first day, in days since 1970-01-01
    lengths: np.ndarray  # its number of days
    load: np.ndarray  # every day's load, series after series


def daily_load(
    log: pd.DataFrame,
    *,
    measure: str = "distance",
    running_only: bool = True,
    missing: str = "rest",
    heart_rate: dict | None = None,
) -> pd.DataFrame:
    """One row per athlete and calendar day (first to last activity) with that day's load.

    ``measure``: "distance" (km), "duration" (min), "srpe" (session-RPE load = RPE x minutes,
    foster2001), "trimp" (Banister's heart-rate TRIMP, banister1975; ``heart_rate`` gives the
    athletes' resting and maximum heart rates and sex, see heart_rate.profiles) or "column:NAME"
    (a load the log already has, e.g. TSS or Strava's relative effort). ``missing``: "rest" (a
    day without activity is load 0) or "unknown" (NaN).
    A date counts on its local calendar day (a zoned time in its own zone). A missing athlete
    or date, or a load that is text, negative or infinite, raises LogError naming row and column;
    an unknown option is an OptionError. ``attrs`` records the options (see docs/load_metrics.md).
    """
    settings = _settings(log, measure=measure, running_only=running_only, missing=missing)
    log, heart = _with_trimp(log, settings, heart_rate)
    series, dropped = _daily_series(log, **settings)
    daily = _daily_frame(series, {})
    daily.attrs.update(_describe(settings), **heart, dropped=dropped)
    return daily


def _settings(log: object, *, measure: object, running_only: object, missing: object) -> dict:
    """The options every daily series needs, checked: OptionError for a wrong type or choice."""
    if not isinstance(log, pd.DataFrame):
        raise OptionError(
            f"the log must be a table (a DataFrame, e.g. from read_log), got {type(log).__name__}"
        )
    if isinstance(measure, str) and measure.startswith(COLUMN_MEASURE):
        column = measure.removeprefix(COLUMN_MEASURE)
        if not column.strip():
            raise OptionError("measure 'column:' needs a column name, e.g. 'column:tss'")
        if column not in log.columns:
            raise LogError(
                f"the log has no column {column!r} for measure {measure!r} (its columns: "
                f"{validation.shown(', '.join(map(str, log.columns)), 200)})",
                column=column,
            )
        if log[column].dtype == bool:
            raise LogError(f"{column!r} holds true or false, not a load", column=column)
        measure_ok = measure
    else:
        measure_ok = validation.choice(measure, MEASURES, name="measure")
    return {
        "measure": measure_ok,
        "running_only": validation.flag(running_only, name="running_only"),
        "missing": validation.choice(missing, MISSING, name="missing"),
    }


def _describe(settings: dict) -> dict:
    """The settings as the result records them, with the unit of the load."""
    return {**settings, "unit": unit_label(settings["measure"])}


def _daily_series(
    log: pd.DataFrame, *, measure: str, running_only: bool, missing: str
) -> tuple[_Series, tuple]:
    """Each athlete's daily loads from the log's activities (summed per day, gaps filled), and
    the activities left out as doubtful (see validation.Dropped): a load not known (NaN) or beyond
    one activity's limits, a date outside 1970 .. next year."""
    needed = {"athlete", "date"} | (
        {"duration_min", "rpe"} if measure == "srpe" else {_load_column(measure)}
    )
    absent = needed - set(log.columns)
    if absent:
        raise LogError(f"the log has no column(s) {sorted(absent)} needed for measure {measure!r}")
    rows = log
    if running_only and "is_running" in log.columns:
        rows = log[_running(log["is_running"])]
    if measure == "srpe":
        rpe = _amounts(rows["rpe"])
        if np.isnan(rpe).any():
            row = rows.index[np.argmax(np.isnan(rpe))]
            raise LogError(
                f"session-RPE load needs an RPE on every activity; {int(np.isnan(rpe).sum())} "
                "have none: choose distance or duration, or give each activity an rpe from 0 "
                "to 10",
                row=row,
                column="rpe",
            )
        if (rpe > 10).any():
            row = rows.index[np.argmax(rpe > 10)]
            raise LogError("RPE must be from 0 to 10 (CR-10 scale)", row=row, column="rpe")
        value = rpe * _amounts(rows["duration_min"])
    else:
        value = _amounts(rows[_load_column(measure)])
    if len(rows) == 0:
        return _no_series(), ()
    codes, names = _athlete_codes(rows["athlete"])
    day, in_range = _days(rows["date"])
    dropped: tuple = ()
    highest = value.max()  # NaN if any load is NaN: one pass finds both kinds of doubt
    limit = LIMITS.get(measure, math.inf)
    if np.isnan(highest) or highest > limit or not in_range.all():
        doubt = np.isnan(value) | (value > limit) | ~in_range
        dropped = _doubtful(rows, value, in_range, measure)
        keep = ~doubt
        value, day = value[keep], day[keep]
        codes, names = _recode(codes[keep], names)
        if len(value) == 0:  # nothing left: say why, rather than an empty table without a word
            raise LogError(_no_load_doubt(dropped))
    step, change = np.diff(day), np.diff(codes)
    if not np.all((change > 0) | ((change == 0) & (step >= 0))):
        order = np.lexsort((day, codes))  # most logs come sorted by athlete and date: no sort
        codes, day, value = codes[order], day[order], value[order]
        step, change = np.diff(day), np.diff(codes)
    new = change != 0
    starts = np.flatnonzero(np.r_[True, new])
    ends = np.r_[starts[1:], len(codes)]
    first = day[starts]
    lengths = day[ends - 1] - first + 1
    if np.all(new | (step == 1)):  # already one row per athlete and day, none missing
        load = value  # already a copy (_amounts): the result never shares the log's memory
    else:
        total = int(lengths.sum())
        offsets = np.r_[0, np.cumsum(lengths)[:-1]]
        position = day + (offsets - first)[codes]  # codes are 0, 1, 2, ... in this order
        # positions as the platform's index type: int64 here, int32 in the browser's Python
        # (Pyodide, wasm32), where bincount and repeat refuse int64 (the static site, issue 23)
        position = position.astype(np.intp, copy=False)
        load = np.bincount(position, weights=value, minlength=total)
        if missing == "unknown":
            load[np.bincount(position, minlength=total) == 0] = np.nan
    return _Series(names[codes[starts]], first, lengths, load), dropped


def _load_column(measure: str) -> str:
    """The log's column that holds each activity's load for ``measure``."""
    if measure.startswith(COLUMN_MEASURE):
        return measure.removeprefix(COLUMN_MEASURE)
    return "_trimp" if measure == "trimp" else MEASURES[measure]


# One activity beyond these is doubtful (as read_log counts it): left out and listed. TRIMP's
# weight at the maximum heart rate (r = 1) is below 5 per minute, so 48 hours there is less; a
# heart rate above the maximum given weighs more (r > 1), and so much more is an error.
LIMITS = {
    "distance": 400.0,
    "duration": 48 * 60.0,
    "srpe": 10 * 48 * 60.0,
    "trimp": 5 * 48 * 60.0,
}
_WHAT = {
    "distance": "distance",
    "duration": "duration",
    "srpe": "session-RPE load",
    "trimp": "heart rate (for TRIMP)",
}


def _no_series() -> _Series:
    nothing = np.array([], dtype=np.int64)
    return _Series(np.array([], dtype=object), nothing, nothing, np.array([], dtype=float))


def _doubtful(rows: pd.DataFrame, value: np.ndarray, in_range: np.ndarray, measure: str) -> tuple:
    """The Dropped entries for the rows left out, naming their source file and line if known."""
    first, last = validation.date_bounds()
    out = []
    limit = LIMITS.get(measure, math.inf)
    what = _WHAT.get(measure, f"value in {_load_column(measure)!r}")
    for i in np.flatnonzero(np.isnan(value) | (value > limit) | ~in_range):
        if not in_range[i]:
            reason = f"date {validation.shown(rows['date'].iloc[i])} is outside {first} .. {last}"
        elif np.isnan(value[i]):
            reason = f"no {what} recorded"
        else:
            reason = (
                f"absurd value: {what} {value[i]:.4g} is beyond one activity's limit "
                f"({limit:g} {unit_label(measure)})"
            )
        source = rows["source"].iloc[i] if "source" in rows.columns else ""
        line = rows["line"].iloc[i] if "line" in rows.columns else None
        label = rows.index[i]
        out.append(
            validation.Dropped(
                source if isinstance(source, str) else "",
                int(line) if _is_number(line) and line == line else None,
                label.item() if isinstance(label, np.generic) else label,
                reason,
            )
        )
    return tuple(out)


def _no_load_doubt(dropped: tuple) -> str:
    """Why there is no load at all: every activity was doubtful (the first reasons, counted)."""
    shown_ = [
        f"{d.source or f'row {d.row}'}{f' line {d.line}' if d.line else ''}: {d.reason}"
        for d in dropped[:3]
    ]
    more = f"; and {len(dropped) - 3} more" if len(dropped) > 3 else ""
    return (
        f"all {len(dropped)} activities were left out as doubtful, so there is no load to "
        f"compute: {'; '.join(shown_)}{more}"
    )


def _recode(codes: np.ndarray, names: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Codes 0, 1, 2, ... again after rows were left out (athletes without rows disappear)."""
    used, codes = np.unique(codes, return_inverse=True)
    return codes.ravel(), names[used]


TRUE_WORDS = {"true", "t", "yes", "y", "1", "1.0"}
FALSE_WORDS = {"false", "f", "no", "n", "0", "0.0"}


def _running(column: pd.Series) -> np.ndarray:
    """The is_running column as booleans: True/False, 1/0 or the words true/false, yes/no (any
    case); anything else (empty, 'maybe', 2) is an error naming the row."""
    if column.dtype == bool:
        return column.to_numpy()
    truth = column.map(_truth)
    bad = truth.isna().to_numpy()
    if bad.any():
        i = int(np.argmax(bad))
        raise LogError(
            f"{validation.shown(column.iloc[i])}: is_running must be True or False",
            row=column.index[i],
            column="is_running",
        )
    return truth.to_numpy(dtype=bool)


def _truth(value: object) -> bool | None:
    if isinstance(value, bool | np.bool_):
        return bool(value)
    if isinstance(value, str):
        word = value.strip().lower()
        return True if word in TRUE_WORDS else False if word in FALSE_WORDS else None
    if _is_number(value) and value in (0, 1):
        return bool(value)
    return None


def _is_number(value: object) -> bool:
    return isinstance(value, int | float | np.number) and not isinstance(value, bool | np.bool_)


def _amounts(column: pd.Series) -> np.ndarray:
    """A column of loads as floats (NaN: not known); text, negative or infinite is an error."""
    try:
        if column.dtype.kind == "c" or (
            column.dtype == object
            and any(isinstance(v, complex | np.complexfloating) for v in column)
        ):
            raise TypeError  # a complex number is no load (numpy would drop its imaginary part)
        values = column.to_numpy(dtype=float, copy=True)
    except (TypeError, ValueError, OverflowError):
        items = column.to_numpy(dtype=object)
        imaginary = np.array(
            [isinstance(v, complex | np.complexfloating) and v.imag != 0 for v in items]
        )
        if imaginary.any():
            bad = imaginary
        else:
            bad = (pd.to_numeric(column, errors="coerce").isna() & column.notna()).to_numpy()
        i = int(np.argmax(bad))
        raise LogError(
            f"{validation.shown(column.iloc[i])} is not a number",
            row=column.index[i],
            column=column.name,
        ) from None
    wrong = (values < 0) | np.isinf(values)
    if wrong.any():
        i = int(np.argmax(wrong))
        raise LogError(
            f"{validation.shown(column.iloc[i])} must be a finite number >= 0",
            row=column.index[i],
            column=column.name,
        )
    return values


def _days(dates: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Local calendar days since 1970-01-01 and whether each lies in 1970 .. next year (checked
    on the calendar day, before any conversion to nanoseconds). A missing or unreadable date
    names its row; strings with different UTC offsets (a daylight-saving change) count on the
    day written; zoned and unzoned timestamps mixed in one column are refused."""
    if dates.dtype.kind in "biufc":
        raise LogError(
            f"{validation.shown(dates.iloc[0])} is not a date (expected YYYY-MM-DD)", column="date"
        )
    if dates.dtype.kind == "M" or isinstance(dates.dtype, pd.DatetimeTZDtype):
        if isinstance(dates.dtype, pd.DatetimeTZDtype):
            dates = dates.dt.tz_localize(None)  # the local calendar day, as read_log counts it
        values = dates.to_numpy().astype("datetime64[D]")
    else:
        values = _object_days(dates)
    bad = np.isnat(values)
    if bad.any():
        raise LogError("an activity has no date", row=dates.index[np.argmax(bad)], column="date")
    first, last = (np.datetime64(d, "D") for d in validation.date_bounds())
    days = values.view(np.int64)
    if len(values) and first <= values.min() and values.max() <= last:  # the usual case
        return days, np.ones(len(values), dtype=bool)
    in_range = (values >= first) & (values <= last)
    days = np.where(in_range, days, 0)  # never used: those rows are left out
    return days, in_range


_BEFORE, _AFTER = np.datetime64("1000-01-01", "D"), np.datetime64("5000-01-01", "D")


def _object_days(dates: pd.Series) -> np.ndarray:
    """Calendar days of a column of text or date objects (the slow path, checked per kind)."""
    items = dates.to_numpy(dtype=object)
    text = np.array([isinstance(v, str) for v in items], dtype=bool)
    out = np.full(len(items), np.datetime64("NaT"), dtype="datetime64[D]")
    if text.any():
        when = validation.iso_dates(pd.Series(items[text], dtype=object))
        wrong = ~when.valid
        if wrong.any():
            i = np.flatnonzero(text)[np.argmax(wrong)]
            raise LogError(
                f"{validation.shown(items[i])} is not a date (expected YYYY-MM-DD)",
                row=dates.index[i],
                column="date",
            )
        days = when.day.copy()
        outside = ~when.in_range  # a real date out of range: marked before or after the range
        if outside.any():
            early = np.array([str(v).strip()[:4] < "1970" for v in items[text][outside]])
            days[outside] = np.where(early, _BEFORE, _AFTER)
        out[text] = days
    zones = set()
    for i in np.flatnonzero(~text):
        value = items[i]
        if value is None or value is pd.NaT or (isinstance(value, float) and np.isnan(value)):
            continue
        if isinstance(value, np.datetime64):
            out[i] = value.astype("datetime64[D]")
        elif isinstance(value, dt.datetime):
            zones.add(value.tzinfo is not None)
            out[i] = np.datetime64(value.date(), "D")
        elif isinstance(value, dt.date):
            out[i] = np.datetime64(value, "D")
        else:
            raise LogError(
                f"{validation.shown(value)} is not a date (expected YYYY-MM-DD)",
                row=dates.index[i],
                column="date",
            )
    if len(zones) > 1:
        raise LogError(
            "the dates mix time zones, or zoned and unzoned times: "
            "give them all in one zone or all as local dates",
            column="date",
        )
    return out


def _daily_frame(series: _Series, columns: dict[str, np.ndarray]) -> pd.DataFrame:
    """The series as rows (athlete, date, load) followed by ``columns`` of the same length."""
    index = np.repeat(np.arange(len(series.names)), series.lengths.astype(np.intp, copy=False))
    if len(index) and all(isinstance(name, str) for name in series.names):
        athlete = pd.array(series.names, dtype="str").take(index)
    else:
        athlete = series.names[index]
    offsets = np.r_[0, np.cumsum(series.lengths)[:-1]]
    day = np.arange(len(index), dtype=np.int64)  # computed in place: one array, then its view
    day += (series.first - offsets)[index]
    day *= 86_400_000_000_000  # days since 1970 (checked to lie before next year) in ns
    date = day.view("datetime64[ns]")
    return pd.DataFrame(
        {"athlete": athlete, "date": date, "load": series.load, **columns}, copy=False
    )


def _athlete_codes(column: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Codes 0, 1, 2, ... in name order; a log already grouped in name order needs no hashing."""
    athletes = column.to_numpy()
    if len(athletes) > 1:
        starts = np.flatnonzero(np.r_[True, athletes[1:] != athletes[:-1]])
        names = athletes[starts]
        try:
            in_order = all(a < b for a, b in itertools.pairwise(names))
        except TypeError:  # names of mixed types: let factorize sort them out
            in_order = False
        if in_order:
            _check_names(names)
            return np.repeat(np.arange(len(starts)), np.diff(np.r_[starts, len(athletes)])), names
    try:
        codes, names = pd.factorize(athletes, sort=True)
    except TypeError:  # names of mixed types (1 and 'b'): order them by type, then text
        try:
            codes, names = pd.factorize(athletes, sort=False)
        except TypeError:
            raise LogError(
                "athlete names must be text (or numbers), not lists or tables", column="athlete"
            ) from None
        order = sorted(range(len(names)), key=lambda i: (type(names[i]).__name__, str(names[i])))
        rank = np.empty(len(order), dtype=np.int64)
        rank[order] = np.arange(len(order))
        codes = np.where(codes < 0, codes, rank[np.maximum(codes, 0)])
        names = np.asarray(names, dtype=object)[order]
    if (codes < 0).any():
        raise LogError(
            "an activity has no athlete", row=column.index[np.argmax(codes < 0)], column="athlete"
        )
    names = np.asarray(names, dtype=object)
    _check_names(names)
    return codes, names


def _check_names(names: np.ndarray) -> None:
    """Athlete names are text or numbers (a list or a table is no name)."""
    for name in names:
        if not isinstance(name, str | int | float | np.number) or isinstance(name, bool):
            raise LogError(
                f"{validation.shown(name)}: athlete names must be text (or numbers)",
                column="athlete",
            )


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
    heart_rate: dict | None = None,
) -> pd.DataFrame:
    """Daily load metrics per athlete: weekly load and change, ACWR, monotony, strain, CTL/ATL/TSB.

    Columns (NaN while a window is not yet full; see docs/load_metrics.md):

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

    ``attrs`` records every option (measure, unit, running_only, missing, acute_days,
    chronic_days, ewma_mask, ctl_days, atl_days, pmc_smoothing, tsb, monotony_ddof), the ACWR
    bands (acwr_sweet_spot, acwr_danger) and ``dropped``: activities left out, with the reason.
    A bad option is an OptionError; a bad value in the log a LogError naming row and column.
    """
    settings = _settings(log, measure=measure, running_only=running_only, missing=missing)
    days = {
        name: validation.whole(value, name=name, low=1, high=MAX_WINDOW_DAYS, what=" of days")
        for name, value in (
            ("acute_days", acute_days),
            ("chronic_days", chronic_days),
            ("ctl_days", ctl_days),
            ("atl_days", atl_days),
        )
    }
    if acute_days >= chronic_days:
        raise OptionError(
            f"acute_days ({acute_days}) must be shorter than chronic_days ({chronic_days})",
            field="acute_days",
        )
    options = {
        **days,
        "ewma_mask": validation.flag(ewma_mask, name="ewma_mask"),
        "pmc_smoothing": validation.choice(pmc_smoothing, PMC_SMOOTHING, name="pmc_smoothing"),
        "tsb": validation.choice(tsb, TSB, name="tsb"),
        "monotony_ddof": validation.whole(monotony_ddof, name="monotony_ddof", low=0, high=1),
        "acwr_sweet_spot": ACWR_SWEET_SPOT,
        "acwr_danger": ACWR_DANGER,
    }
    log, heart = _with_trimp(log, settings, heart_rate)
    series, dropped = _daily_series(log, **settings)
    metrics = _metrics(series, **days, **{k: options[k] for k in _METRIC_OPTIONS})
    metrics.attrs.update(_describe(settings), **options, **heart, dropped=dropped)
    return metrics


def _with_trimp(log: pd.DataFrame, settings: dict, given: object) -> tuple[pd.DataFrame, dict]:
    """For measure="trimp": the log with each activity's TRIMP (column ``_trimp``) and what the
    result records of it (each athlete's settings, what was assumed, the activities whose TRIMP
    came from the average heart rate); an assumption is also a warning, never silent."""
    if settings["measure"] != "trimp":
        if given is not None:
            raise OptionError("heart_rate is used only with measure='trimp'", field="heart_rate")
        return log, {}
    if not {"athlete", "duration_min"} <= set(log.columns) or not (
        {"hr_seconds", "avg_hr"} & set(log.columns)
    ):
        raise LogError(
            "TRIMP needs heart rate: the log has neither 'hr_seconds' (a recording's stream) nor "
            "'avg_hr'; read device files or a CSV with heart rates (read_log)"
        )
    rows = log
    if settings["running_only"] and "is_running" in log.columns:
        rows = log[_running(log["is_running"])]
    found = heart_rate.profiles(rows, given)
    values, from_average = heart_rate.activity_trimp(rows, found)
    assumed = tuple(
        f"{athlete}: {', '.join(p.assumed)}" for athlete, p in found.items() if p.assumed
    )
    if assumed:
        warnings.warn(
            "TRIMP computed from assumed values: "
            + "; ".join(assumed)
            + ". Pass heart_rate={'resting': ..., 'maximum': ..., 'sex': ...} (or such a dict "
            "by athlete) to use the athletes' own.",
            AssumptionWarning,
            stacklevel=3,
        )
    log = log.assign(_trimp=pd.Series(values, index=rows.index))
    record = {
        "heart_rate": {a: (p.resting, p.maximum, p.sex) for a, p in found.items()},
        "assumed": assumed,
        "trimp_from_average": from_average,
    }
    return log, record


_METRIC_OPTIONS = ("ewma_mask", "pmc_smoothing", "tsb", "monotony_ddof")
METRIC_COLUMNS = (
    "load_7d",
    "week_change_pct",
    "acute_mean",
    "chronic_mean",
    "chronic_mean_uncoupled",
    "acwr_rolling",
    "acwr_uncoupled",
    "ewma_acute",
    "ewma_chronic",
    "acwr_ewma",
    "monotony",
    "strain",
    "ctl",
    "atl",
    "tsb",
    "ramp_7d",
)


def _metrics(
    series: _Series,
    *,
    acute_days: int,
    chronic_days: int,
    ctl_days: int,
    atl_days: int,
    ewma_mask: bool,
    pmc_smoothing: str,
    tsb: str,
    monotony_ddof: int,
) -> pd.DataFrame:
    """The metric columns of every athlete's daily series (see load_metrics)."""
    if len(series.load) == 0:
        return _daily_frame(series, {name: np.array([], dtype=float) for name in METRIC_COLUMNS})
    grid = _grid(series)
    athletes, days = grid.shape
    total = _cumulative(grid)
    out = {}
    with np.errstate(divide="ignore", invalid="ignore"):
        # every column is written once into its own array: fresh memory is the main cost here
        week = out["load_7d"] = _window_sum(total, 7, days)
        change = out["week_change_pct"] = np.full((athletes, days), np.nan)
        if days > 7:  # 100 x (this 7 days - the 7 before) / the 7 before
            np.subtract(week[:, 7:], week[:, :-7], out=change[:, 7:])
            change[:, 7:] /= week[:, :-7]
            change[:, 7:] *= 100
        acute = out["acute_mean"] = (
            week / 7 if acute_days == 7 else _window_sum(total, acute_days, days) / acute_days
        )
        chronic = out["chronic_mean"] = _window_sum(total, chronic_days, days)
        chronic /= chronic_days
        span = chronic_days - acute_days
        # the span days before the acute window
        before = out["chronic_mean_uncoupled"] = _window_sum(total, span, days, lag=acute_days)
        before /= span
        out["acwr_rolling"] = acute / chronic
        out["acwr_uncoupled"] = acute / before
        k_ctl, k_atl = (_pmc_k(ctl_days, pmc_smoothing), _pmc_k(atl_days, pmc_smoothing))
        ea, ec, ctl, atl = _smooth(
            grid,
            rates=(2 / (acute_days + 1), 2 / (chronic_days + 1), k_ctl, k_atl),
            seed_first=(True, True, False, False),
            holes=bool(np.isnan(series.load).any()),
        )
        ratio = ea / ec
        if ewma_mask:
            ratio[:, : chronic_days - 1] = np.nan
        out["ewma_acute"], out["ewma_chronic"], out["acwr_ewma"] = ea, ec, ratio
        mean7 = acute if acute_days == 7 else week / 7
        monotony = out["monotony"] = _rolling_sd(grid, mean7, 7, monotony_ddof)
        np.divide(mean7, monotony, out=monotony)  # mean / SD, in the SD's own array
        out["strain"] = week * monotony
    out["ctl"], out["atl"] = ctl, atl
    form = out["tsb"] = np.empty((athletes, days))
    if tsb == "yesterday":
        form[:, 0] = 0.0  # the day before the first activity: both are 0
        np.subtract(ctl[:, :-1], atl[:, :-1], out=form[:, 1:])
    else:
        np.subtract(ctl, atl, out=form)
    ramp = out["ramp_7d"] = np.full((athletes, days), np.nan)
    if days > 7:
        np.subtract(ctl[:, 7:], ctl[:, :-7], out=ramp[:, 7:])
    out = {name: out[name] for name in METRIC_COLUMNS}
    lengths = series.lengths
    if np.all(lengths == grid.shape[1]):  # equal lengths: rows are already in order, no copy
        columns = {name: values.ravel() for name, values in out.items()}
    else:
        mask = np.arange(grid.shape[1]) < lengths[:, None]
        columns = {name: values[mask] for name, values in out.items()}
    return _daily_frame(series, columns)


def _grid(series: _Series) -> np.ndarray:
    """Loads as an (athlete, day within athlete) array, padded at the end with NaN."""
    lengths = series.lengths
    if np.all(lengths == lengths[0]):
        return series.load.reshape(len(lengths), int(lengths[0]))
    grid = np.full((len(lengths), int(lengths.max())), np.nan)
    grid[np.arange(grid.shape[1]) < lengths[:, None]] = series.load
    return grid


def _cumulative(grid: np.ndarray) -> np.ndarray:
    """Running totals with a leading 0 column; a NaN day (unknown) makes every later total NaN,
    so a window containing it is NaN and a window after it is not (see _window_sum)."""
    athletes, days = grid.shape
    total = np.empty((athletes, days + 1))
    total[:, 0] = 0.0
    missing = np.isnan(grid)
    if not missing.any():
        np.cumsum(grid, axis=1, out=total[:, 1:])
        return total
    np.cumsum(np.where(missing, 0.0, grid), axis=1, out=total[:, 1:])
    holes = np.zeros((athletes, days + 1), dtype=np.int64)
    np.cumsum(missing, axis=1, out=holes[:, 1:])
    return np.stack([total, holes.astype(float)])


def _window_sum(total: np.ndarray, window: int, days: int, lag: int = 0) -> np.ndarray:
    """Trailing totals of ``window`` days ending ``lag`` days before each day; NaN until the
    window is full, or if a day in it is NaN (unknown)."""
    holes = None
    if total.ndim == 3:
        total, holes = total
    out = np.empty((total.shape[0], days))
    first = min(window - 1 + lag, days)
    out[:, :first] = np.nan
    if first < days:
        end = days + 1 - lag
        np.subtract(total[:, window:end], total[:, : end - window], out=out[:, first:])
        if holes is not None:
            out[:, first:][holes[:, window:end] - holes[:, : end - window] > 0] = np.nan
    return out


def _rolling_sd(grid: np.ndarray, mean: np.ndarray, window: int, ddof: int) -> np.ndarray:
    """Trailing standard deviation around the window mean; float noise (< 1e-9 x mean) is 0.

    Sum of squared deviations = sum of squares - window x mean^2; where that subtraction loses
    too many digits (nearly equal loads, a week of rest) it is recomputed from the deviations.
    """
    athletes, days = grid.shape
    sd = np.empty((athletes, days))
    sd[:, : window - 1] = np.nan
    if days < window:
        return sd
    squares = grid * grid
    total = squares[:, window - 1 :].copy()
    for k in range(1, window):
        total += squares[:, window - 1 - k : days - k]
    centre = mean[:, window - 1 :]
    spread = sd[:, window - 1 :]  # computed in place in the result
    np.multiply(centre, centre, out=spread)
    spread *= -window
    spread += total
    total *= 1e-6  # the buffers are reused: fresh memory costs more than the arithmetic
    rough = spread <= total
    if rough.any():
        row, col = np.nonzero(rough)
        col = col + window - 1
        values = grid[row[:, None], col[:, None] - np.arange(window)]
        spread[rough] = ((values - mean[row, col][:, None]) ** 2).sum(axis=1)
    spread /= window - ddof
    np.sqrt(spread, out=spread)
    np.abs(centre, out=total)
    total *= 1e-9
    spread[spread <= total] = 0.0
    return sd


def _smooth(
    grid: np.ndarray, *, rates: tuple[float, ...], seed_first: tuple[bool, ...], holes: bool
) -> np.ndarray:
    """S_t = S_(t-1) + k (L_t - S_(t-1)) for several rates k, every athlete at once; each series
    starts from the first day's load or from 0. Returns a (rate, athlete, day) array.

    The recursion runs eight days at a time: with a = 1 - k, S_(t0+j) = a^(j+1) S_(t0-1) +
    sum_(i<=j) k a^(j-i) L_(t0+i), one small matrix product per block (same values to ~1e-15).
    With ``holes`` (unknown days) it runs day by day, and an unknown day leaves S where it was.
    """
    k = np.asarray(rates, dtype=float)
    athletes, days = grid.shape
    previous = np.where(np.asarray(seed_first)[:, None], grid[:, 0][None, :], 0.0)
    by_day = np.ascontiguousarray(grid.T)  # one contiguous row per day
    out = np.empty((len(k), athletes, days))
    if holes:
        current = np.empty_like(previous)
        for t in range(days):
            np.subtract(by_day[t], previous, out=current)
            current *= k[:, None]
            current += previous
            np.copyto(current, previous, where=np.isnan(by_day[t]))
            out[:, :, t] = current
            previous, current = current, previous
        return out
    if np.isnan(grid[:, -1]).any():  # NaN padding after shorter series (0 x NaN is NaN)
        np.nan_to_num(by_day, copy=False)
    block = _BLOCK
    a = 1 - k
    lag = np.arange(block)[:, None] - np.arange(block)[None, :]
    weights = np.where(lag >= 0, k[:, None, None] * a[:, None, None] ** np.maximum(lag, 0), 0.0)
    carry = a[:, None] ** np.arange(1, block + 1)[None, :]
    for start in range(0, days, block):
        n = min(block, days - start)
        step = np.matmul(weights[:, :n, :n], by_day[start : start + n])  # (rate, day, athlete)
        step += carry[:, :n, None] * previous[:, None, :]
        out[:, :, start : start + n] = step.transpose(0, 2, 1)
        previous = step[:, -1, :]
    return out


_BLOCK = 8  # days per block: small enough for single-threaded BLAS and a^j without underflow


def _pmc_k(tau: int, smoothing: str) -> float:
    if smoothing == "exp":
        return 1 - math.exp(-1 / tau)
    if smoothing == "1/tau":
        return 1 / tau
    return 2 / (tau + 1)


def weekly_load(
    metrics: pd.DataFrame,
    *,
    athlete: str,
    max_increase: float = CAUTIOUS_INCREASE,
    spike_pct: float = SPIKE_PCT,
) -> pd.DataFrame:
    """Calendar weeks (Monday start) of one athlete: load, change %, the ceiling, spikes.

    Columns: ``week_start``, ``load``, ``change_pct`` (on the week before; inf after a zero
    week, NaN after two), ``change_2wk_pct`` (on the week two weeks before: the rise over two
    weeks), ``ceiling`` = last week's load x (1 + ``max_increase``), ``above_ceiling``, and
    ``spike``: a rise above ``spike_pct`` % on the week before. The first and last weeks may be
    partial. ``attrs`` keeps the metrics' settings and adds athlete, max_increase, spike_pct.

    The 10% default is the popular rule, which a trial in novice runners found no better at
    preventing injuries than a faster plan (buist2008). The 30% marker echoes nielsen2014: no
    significant overall difference between progression groups; distance-related injuries were
    more frequent after a rise above 30% over two weeks (HR 1.59, 95% CI 0.96-2.66, not
    significant); no hamstring injuries among its outcomes. Markers, not verdicts.
    """
    if not isinstance(metrics, pd.DataFrame) or not {"athlete", "date", "load"} <= set(
        metrics.columns
    ):
        raise OptionError(
            "weekly_load needs the daily table of load_metrics or daily_load "
            "(columns athlete, date, load)"
        )
    increase = validation.number(max_increase, name="max_increase")
    if not 0 < increase <= 1:
        raise OptionError(
            f"max_increase must be above 0 and at most 1 (100% a week), got {increase:g}",
            field="max_increase",
        )
    spike = validation.number(spike_pct, name="spike_pct")
    if not 0 < spike <= 1000:
        raise OptionError(
            f"spike_pct must be a percentage above 0 and at most 1000, got {spike:g}",
            field="spike_pct",
        )
    try:
        rows = metrics[metrics["athlete"] == athlete]
    except (TypeError, ValueError):
        rows = metrics.iloc[:0]
    if rows.empty:
        raise LogError(f"no data for athlete {validation.shown(athlete)}", column="athlete")
    weeks = (
        rows.groupby(week_start(rows["date"]))["load"]
        .sum(min_count=1)
        .rename_axis("week_start")
        .reset_index()
    )
    with np.errstate(divide="ignore", invalid="ignore"):
        load = weeks["load"].to_numpy(dtype=float)
        previous = np.r_[np.nan, load[:-1]]
        before = np.r_[np.nan, np.nan, load[:-2]][: len(load)]
        weeks["change_pct"] = _percent_change(load, previous)
        weeks["change_2wk_pct"] = _percent_change(load, before)
    weeks["ceiling"] = previous * (1 + increase)
    weeks["above_ceiling"] = weeks["load"] > weeks["ceiling"] + 1e-9
    weeks["spike"] = weeks["change_pct"] > spike
    weeks.attrs.update(
        {k: v for k, v in metrics.attrs.items() if k != "dropped"},
        athlete=athlete,
        max_increase=increase,
        spike_pct=spike,
    )
    return weeks


def _percent_change(now: np.ndarray, then: np.ndarray) -> np.ndarray:
    """100 x (now - then) / then: inf after a zero (when now > 0), NaN for 0 / 0 or no then."""
    return 100 * (now - then) / then
