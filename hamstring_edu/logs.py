"""read_log(): training logs from CSV, Strava exports, GPX, TCX and FIT into one tidy frame.

The result has one row per activity::

    athlete, start_time (UTC, or NaT when unknown), date (local calendar day), activity_type,
    is_running, distance_km, duration_min, rpe (0-10 or NaN), elevation_gain_m (or NaN), source

and ``attrs``: ``units`` ("km" or "mi": what distances were read in), ``units_rule`` (why),
and ``dropped``: a DataFrame (source, line, reason) of rows that were left out on purpose
(duplicates, an absurd value). Anything else that is wrong raises LogError naming the file,
the line and the column. Nothing is half-read: a broken file is an error, never a partial result.

The plain CSV format (one activity per line, header required)::

    date,distance_km,duration_min[,athlete][,activity_type][,rpe][,elevation_gain_m][,start_time]
    2024-03-04,8.2,45,alex,run,5,60

``date`` is YYYY-MM-DD (or an ISO date-time); the distance column is ``distance_km`` or
``distance_mi`` (or ``distance`` with ``units=``); ``duration_min`` in minutes or ``duration`` as
h:mm:ss. ``athlete`` defaults to the file name; ``activity_type`` to "run".

Units rule: ``units=`` given -> that; otherwise the column name (``_km`` / ``_mi``, or
"(km)"/"(mi)"); otherwise kilometres are assumed and ``units_rule`` says so. Strava exports carry
the distance in metres in their second "Distance" column, which is used when present.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import IO

import numpy as np
import pandas as pd

from hamstring_edu.devices import read_fit, read_gpx, read_tcx
from hamstring_edu.errors import LogError
from hamstring_edu.units import KM_PER_MILE

RUN_TYPES = {
    "run",
    "running",
    "trail run",
    "trail_running",
    "treadmill",
    "virtual run",
    "virtualrun",
}
SUFFIXES = (".csv", ".gpx", ".tcx", ".fit")
# A row beyond these limits is dropped as absurd (listed in attrs["dropped"]).
MAX_DISTANCE_KM = 400.0
MAX_DURATION_MIN = 48 * 60.0
COLUMNS = [
    "athlete",
    "start_time",
    "date",
    "activity_type",
    "is_running",
    "distance_km",
    "duration_min",
    "rpe",
    "elevation_gain_m",
    "source",
]

Progress = Callable[[int, int, str], None]


def read_log(
    path_or_buffer: str | Path | IO,
    *,
    units: str | None = None,
    athlete: str | None = None,
    default_type: str = "run",
    errors: str = "raise",
    progress: Progress | None = None,
) -> pd.DataFrame:
    """One tidy activity frame from a CSV, Strava activities.csv, GPX, TCX or FIT file, or a folder.

    ``units``: "km" or "mi" for distances whose unit the file does not say. ``default_type``:
    the activity type of GPX files, which rarely say. ``errors``: for a folder, "raise" stops at
    the first broken file, "skip" leaves it out and lists it in ``attrs["dropped"]``.
    ``progress(done, total, name)`` is called after each file of a folder.
    """
    if units not in (None, "km", "mi"):
        raise LogError(f"units must be 'km' or 'mi', got {units!r}")
    if errors not in ("raise", "skip"):
        raise LogError(f"errors must be 'raise' or 'skip', got {errors!r}")
    if not isinstance(path_or_buffer, str | Path):
        name = getattr(path_or_buffer, "name", "uploaded.csv")
        return _finish(*_read_csv(path_or_buffer, str(name), units, athlete))
    path = Path(path_or_buffer)
    if path.is_dir():
        return _read_folder(path, units, athlete, default_type, errors, progress)
    if not path.is_file():
        raise LogError("no such file or folder", file=path)
    return _finish(*_read_file(path, units, athlete, default_type))


def _read_file(path: Path, units: str | None, athlete: str | None, default_type: str) -> tuple:
    suffix = path.suffix.lower()
    who = athlete or path.stem
    if suffix == ".csv":
        with path.open("rb") as fh:
            return _read_csv(fh, str(path), units, athlete)
    if path.stat().st_size == 0:
        raise LogError("the file is empty", file=path)
    reader = {".gpx": read_gpx, ".tcx": read_tcx, ".fit": read_fit}.get(suffix)
    if reader is None:
        raise LogError(
            f"unknown file type {suffix!r}; expected one of {', '.join(SUFFIXES)}", file=path
        )
    rows, notes = reader(path, who, default_type)
    dropped = (
        pd.DataFrame({"source": str(path), "line": None, "reason": notes}) if notes else _no_drops()
    )
    return pd.DataFrame(rows), "km", "the file format stores metres", dropped


def _read_folder(
    folder: Path,
    units: str | None,
    athlete: str | None,
    default_type: str,
    errors: str,
    progress: Progress | None,
) -> pd.DataFrame:
    files = sorted(p for p in folder.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES)
    if not files:
        raise LogError(f"no {', '.join(SUFFIXES)} files in this folder", file=folder)
    frames, drops, used, rule = [], [], set(), ""
    for n, file in enumerate(files, start=1):
        try:
            frame, file_units, rule, dropped = _read_file(
                file, units, athlete or folder.name, default_type
            )
        except LogError as exc:
            if errors == "raise":
                raise
            reason = f"not read: {exc.message}"
            drops.append(pd.DataFrame([{"source": str(file), "line": None, "reason": reason}]))
        else:
            frames.append(frame)
            drops.append(dropped)
            used.add(file_units)
        if progress is not None:
            progress(n, len(files), file.name)
    if not frames:
        raise LogError("no file in this folder could be read", file=folder)
    combined = pd.concat(frames, ignore_index=True)
    return _finish(
        combined,
        "/".join(sorted(used)),
        rule or "each file's own format",
        pd.concat(drops, ignore_index=True),
    )


def _no_drops() -> pd.DataFrame:
    return pd.DataFrame(columns=["source", "line", "reason"])


def _finish(frame: pd.DataFrame, units: str, rule: str, dropped: pd.DataFrame) -> pd.DataFrame:
    """Types, running flag, absurd rows and duplicates dropped (and listed), sorted by time."""
    if frame.empty:
        raise LogError("no activities found")
    for col in ("rpe", "elevation_gain_m"):
        if col not in frame:
            frame[col] = np.nan
    if "line" not in frame:
        frame["line"] = None
    frame["activity_type"] = frame["activity_type"].astype(str).str.strip().str.lower()
    frame["is_running"] = frame["activity_type"].isin(RUN_TYPES)
    drops = [dropped]
    absurd = (frame["distance_km"] > MAX_DISTANCE_KM) | (frame["duration_min"] > MAX_DURATION_MIN)
    if absurd.any():
        bad = frame[absurd]
        drops.append(
            pd.DataFrame(
                {
                    "source": bad["source"],
                    "line": bad["line"],
                    "reason": [
                        f"absurd value: {d:.1f} km in {m:.0f} min "
                        f"(limits {MAX_DISTANCE_KM:.0f} km, {MAX_DURATION_MIN / 60:.0f} h)"
                        for d, m in zip(bad["distance_km"], bad["duration_min"], strict=True)
                    ],
                }
            )
        )
        frame = frame[~absurd]
    key = ["athlete", "date", "start_time", "activity_type", "distance_km", "duration_min"]
    dup = frame.duplicated(subset=key, keep="first")
    if dup.any():
        bad = frame[dup]
        drops.append(
            pd.DataFrame(
                {
                    "source": bad["source"],
                    "line": bad["line"],
                    "reason": "duplicate of an earlier activity",
                }
            )
        )
        frame = frame[~dup]
    frame = frame.sort_values(["athlete", "date", "start_time"], kind="stable").reset_index(
        drop=True
    )
    out = frame[COLUMNS].copy()
    out["date"] = pd.to_datetime(out["date"])
    out.attrs["units"] = units
    out.attrs["units_rule"] = rule
    out.attrs["dropped"] = (
        pd.concat([d for d in drops if not d.empty], ignore_index=True)
        if any(not d.empty for d in drops)
        else _no_drops()
    )
    return out


# --------------------------------------------------------------------------- CSV


def _read_csv(source: IO, name: str, units: str | None, athlete: str | None) -> tuple:
    try:
        raw = pd.read_csv(source, dtype=str, keep_default_na=False, skipinitialspace=True)
    except pd.errors.EmptyDataError:
        raise LogError("the file is empty", file=name) from None
    except (pd.errors.ParserError, UnicodeDecodeError) as exc:
        raise LogError(f"not a readable CSV file ({exc})", file=name) from None
    if raw.empty:
        raise LogError("the file has a header but no activities", file=name)
    if {"Activity ID", "Activity Date", "Activity Type"} <= set(raw.columns):
        return _strava(raw, name, units, athlete)
    cols = {c.strip().lower(): c for c in raw.columns}
    distance_col, file_units, rule = _distance_column(cols, units, name)
    if "date" not in cols:
        raise LogError(
            "missing column 'date'; a log needs date, distance_km (or distance_mi) "
            "and duration_min",
            file=name,
        )
    if "duration_min" not in cols and "duration" not in cols:
        raise LogError("missing column 'duration_min' (minutes) or 'duration' (h:mm:ss)", file=name)
    lines = raw.index + 2  # the header is line 1
    frame = pd.DataFrame({"line": lines, "source": name})
    frame["athlete"] = (
        raw[cols["athlete"]].str.strip() if "athlete" in cols else (athlete or Path(name).stem)
    )
    if "athlete" in cols and (frame["athlete"] == "").any():
        line = int(lines[(frame["athlete"] == "").to_numpy()][0])
        raise LogError("empty athlete name", file=name, line=line, column="athlete")
    frame["activity_type"] = raw[cols["activity_type"]] if "activity_type" in cols else "run"
    frame["activity_type"] = frame["activity_type"].replace("", "run")
    start = (
        _timestamps(raw[cols["start_time"]], name, lines, "start_time")
        if "start_time" in cols
        else None
    )
    dates = _dates(raw[cols["date"]], name, lines)
    frame["start_time"] = start if start is not None else pd.NaT
    frame["date"] = dates
    factor = KM_PER_MILE if file_units == "mi" else 1.0
    frame["distance_km"] = _numbers(raw[distance_col], name, lines, distance_col) * factor
    if "duration_min" in cols:
        frame["duration_min"] = _numbers(
            raw[cols["duration_min"]], name, lines, cols["duration_min"]
        )
    else:
        frame["duration_min"] = _clock_minutes(raw[cols["duration"]], name, lines)
    if "rpe" in cols:
        frame["rpe"] = _rpe(raw[cols["rpe"]], name, lines, cols["rpe"])
    if "elevation_gain_m" in cols:
        frame["elevation_gain_m"] = _numbers(
            raw[cols["elevation_gain_m"]], name, lines, "elevation_gain_m", optional=True
        )
    return frame, file_units, rule, _no_drops()


def _rpe(values: pd.Series, name: str, lines: pd.Index, column: str) -> pd.Series:
    """Session RPE on the CR-10 scale (0-10); empty cells are unknown (NaN)."""
    rpe = _numbers(values, name, lines, column, optional=True)
    bad = (rpe < 0) | (rpe > 10)
    if bad.any():
        line = int(lines[bad.to_numpy()][0])
        raise LogError(
            "RPE must be from 0 to 10 (CR-10 scale)", file=name, line=line, column=column
        )
    return rpe


def _distance_column(cols: dict[str, str], units: str | None, name: str) -> tuple[str, str, str]:
    for key, unit in (
        ("distance_km", "km"),
        ("distance (km)", "km"),
        ("distance_mi", "mi"),
        ("distance (mi)", "mi"),
    ):
        if key in cols:
            if units is not None and units != unit:
                raise LogError(
                    f"units={units!r} contradicts the column name {cols[key]!r}", file=name
                )
            return cols[key], unit, f"column name {cols[key]!r}"
    if "distance" in cols:
        if units is not None:
            return cols["distance"], units, f"units={units!r} given"
        return (
            cols["distance"],
            "km",
            "no unit in the file: kilometres assumed (pass units='mi' for miles)",
        )
    raise LogError(
        "missing distance column: expected distance_km, distance_mi, or distance with units=",
        file=name,
    )


def _numbers(
    values: pd.Series, name: str, lines: pd.Index, column: str, *, optional: bool = False
) -> pd.Series:
    text = values.str.strip().str.replace(",", ".", regex=False)
    numbers = pd.to_numeric(text, errors="coerce")
    empty = text == ""
    bad = numbers.isna() & ~(empty & optional)
    if bad.any():
        i = int(np.flatnonzero(bad.to_numpy())[0])
        shown = values.iloc[i]
        what = "an empty value" if shown.strip() == "" else repr(shown)
        raise LogError(f"{what} is not a number", file=name, line=int(lines[i]), column=column)
    infinite = ~np.isfinite(numbers.fillna(0))
    negative = numbers < 0
    if (negative | infinite).any():
        i = int(np.flatnonzero((negative | infinite).to_numpy())[0])
        raise LogError(
            f"{values.iloc[i]!r}: must be a finite number >= 0",
            file=name,
            line=int(lines[i]),
            column=column,
        )
    return numbers.astype(float)


def _dates(values: pd.Series, name: str, lines: pd.Index) -> pd.Series:
    parsed = pd.to_datetime(values.str.strip(), errors="coerce", format="ISO8601", utc=False)
    bad = parsed.isna()
    if bad.any():
        i = int(np.flatnonzero(bad.to_numpy())[0])
        raise LogError(
            f"{values.iloc[i]!r} is not a date (expected YYYY-MM-DD)",
            file=name,
            line=int(lines[i]),
            column="date",
        )
    if getattr(parsed.dt, "tz", None) is not None:
        parsed = parsed.dt.tz_localize(None)
    return parsed.dt.normalize()


def _timestamps(values: pd.Series, name: str, lines: pd.Index, column: str) -> pd.Series:
    text = values.str.strip()
    has_zone = text.str.contains(r"(?:Z|[+-]\d\d:?\d\d)$", regex=True)
    if has_zone.any() and not has_zone.all():
        i = int(np.flatnonzero((~has_zone).to_numpy())[0])
        raise LogError(
            "mixed time zones: some start times have a UTC offset and this one has none",
            file=name,
            line=int(lines[i]),
            column=column,
        )
    parsed = pd.to_datetime(text, errors="coerce", utc=True, format="ISO8601")
    if parsed.isna().any():
        i = int(np.flatnonzero(parsed.isna().to_numpy())[0])
        raise LogError(
            f"{values.iloc[i]!r} is not an ISO date-time",
            file=name,
            line=int(lines[i]),
            column=column,
        )
    return parsed


def _clock_minutes(values: pd.Series, name: str, lines: pd.Index) -> pd.Series:
    out = []
    for i, text in enumerate(values):
        match = re.fullmatch(r"\s*(?:(\d+):)?(\d{1,2}):(\d{2})\s*", text)
        if not match:
            raise LogError(
                f"{text!r} is not h:mm:ss", file=name, line=int(lines[i]), column="duration"
            )
        h, m, s = (int(g) if g else 0 for g in match.groups())
        out.append(h * 60 + m + s / 60)
    return pd.Series(out, index=values.index, dtype=float)


def _strava(raw: pd.DataFrame, name: str, units: str | None, athlete: str | None) -> tuple:
    """Strava bulk export activities.csv (columns as the export documents them)."""
    lines = raw.index + 2
    frame = pd.DataFrame({"line": lines, "source": name})
    frame["athlete"] = athlete or "strava"
    frame["activity_type"] = raw["Activity Type"].str.strip().str.lower()
    start = pd.to_datetime(
        raw["Activity Date"], errors="coerce", format="%b %d, %Y, %I:%M:%S %p", utc=True
    )
    if start.isna().any():
        i = int(np.flatnonzero(start.isna().to_numpy())[0])
        raise LogError(
            f"{raw['Activity Date'].iloc[i]!r} is not a Strava date "
            "such as 'Jan 5, 2024, 7:12:09 AM'",
            file=name,
            line=int(lines[i]),
            column="Activity Date",
        )
    frame["start_time"] = start
    frame["date"] = start.dt.tz_localize(None).dt.normalize()
    if "Distance.1" in raw.columns:  # the export's second Distance column is in metres
        frame["distance_km"] = (
            _numbers(raw["Distance.1"], name, lines, "Distance (metres)", optional=True).fillna(0)
            / 1000
        )
        file_units, rule = "km", "Strava's second Distance column (metres)"
    else:
        file_units = units or "km"
        rule = (
            f"units={units!r} given"
            if units
            else "Strava Distance column: kilometres assumed (pass units='mi')"
        )
        factor = KM_PER_MILE if file_units == "mi" else 1.0
        frame["distance_km"] = (
            _numbers(raw["Distance"], name, lines, "Distance", optional=True).fillna(0) * factor
        )
    time_col = "Moving Time" if "Moving Time" in raw.columns else "Elapsed Time"
    frame["duration_min"] = _numbers(raw[time_col], name, lines, time_col) / 60
    if "Elevation Gain" in raw.columns:
        frame["elevation_gain_m"] = _numbers(
            raw["Elevation Gain"], name, lines, "Elevation Gain", optional=True
        )
    if "Perceived Exertion" in raw.columns:
        frame["rpe"] = _rpe(raw["Perceived Exertion"], name, lines, "Perceived Exertion")
    return frame, file_units, rule, _no_drops()
