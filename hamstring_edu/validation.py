"""Checks shared by the log reader, the load metrics and the planner.

One rule for every entry point: a valid value is returned as it is; an option of the wrong type
or outside its choices is an OptionError; a value is quoted in a message at most ``MAX_SHOWN``
characters long, so a 50 MB cell never reaches the screen. Dates are checked to lie between
1970-01-01 and the end of next year before anything converts them to nanoseconds.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np
import pandas as pd

from hamstring_edu.errors import OptionError, brief

MAX_SHOWN = 40  # characters of a value quoted in an error message
EARLIEST_YEAR = 1970


def shown(value: Any, limit: int = MAX_SHOWN) -> str:
    """A value as a message quotes it, cut to ``limit`` characters (see ``errors.brief``)."""
    return brief(value, limit)


def latest_year() -> int:
    """The last year a date may have: next year (a plan may start next year, a log not later)."""
    return dt.date.today().year + 1


def date_bounds() -> tuple[dt.date, dt.date]:
    """The first and the last day a date may be: 1970-01-01 and the 31st December of next year."""
    return dt.date(EARLIEST_YEAR, 1, 1), dt.date(latest_year(), 12, 31)


def choice(value: Any, choices: Iterable[str], *, name: str) -> str:
    """``value`` if it is one of ``choices``; otherwise an OptionError listing them."""
    options = tuple(choices)
    if not isinstance(value, str) or value not in options:
        listed = ", ".join(repr(c) for c in options)
        raise OptionError(
            f"unknown {name} {shown(value)}; {name} must be one of {listed}", field=name
        )
    return value


def flag(value: Any, *, name: str) -> bool:
    """``value`` if it is True or False (numpy's too); otherwise an OptionError."""
    if isinstance(value, bool | np.bool_):
        return bool(value)
    raise OptionError(f"{name} must be True or False, got {shown(value)}", field=name)


def integer(value: Any, *, name: str) -> int:
    """``value`` as an int if it is a whole number (not a bool, not 2.0); else OptionError."""
    if isinstance(value, int | np.integer) and not isinstance(value, bool | np.bool_):
        return int(value)
    raise OptionError(f"{name} must be a whole number, got {shown(value)}", field=name)


def whole(value: Any, *, name: str, low: int, high: int | None = None, what: str = "") -> int:
    """``value`` if it is a whole number (not a bool) from ``low`` to ``high``; else OptionError."""
    ok = isinstance(value, int | np.integer) and not isinstance(value, bool | np.bool_)
    if ok:
        value = int(value)
        ok = value >= low and (high is None or value <= high)
    if not ok:
        span = f">= {low}" if high is None else f"from {low} to {high}"
        raise OptionError(
            f"{name} must be a whole number{what} {span}, got {shown(value)}", field=name
        )
    return value


def number(value: Any, *, name: str) -> float:
    """``value`` as a float if it is a finite real number (not a bool); else OptionError."""
    if isinstance(value, bool | np.bool_) or not isinstance(value, int | float | np.number):
        raise OptionError(f"{name} must be a number, got {shown(value)}", field=name)
    try:
        result = float(value)
    except OverflowError:  # an int beyond float range
        result = math.inf
    if not math.isfinite(result):
        raise OptionError(f"{name} must be a finite number, got {shown(value)}", field=name)
    return result


class Dropped(NamedTuple):
    """One activity (or file) left out on purpose, and why: an entry of ``attrs["dropped"]``.

    ``source`` is the file (or "" for a table made in Python), ``line`` its line in a CSV file
    (the header is line 1), ``row`` the row label in a table given to the metrics, ``reason``
    the reason in words. A tuple of these compares and copies cheaply, which pandas needs: it
    copies and compares ``attrs`` on every operation (a DataFrame there breaks ``pd.concat``).
    """

    source: str
    line: int | None
    row: Any
    reason: str

    def text(self) -> str:
        """Where and why in one line: 'log.csv, line 4: duplicate of line 3'."""
        place = [Path(self.source).name] if self.source else []
        if self.line is not None:
            place.append(f"line {self.line}")
        elif self.row is not None:
            place.append(f"row {self.row}")
        return f"{', '.join(place)}: {self.reason}" if place else self.reason


def dropped_table(frame_or_drops: Any) -> pd.DataFrame:
    """``attrs["dropped"]`` of a result (or the tuple itself) as a table: source, line, row,
    reason."""
    drops = frame_or_drops
    if hasattr(frame_or_drops, "attrs"):
        drops = frame_or_drops.attrs.get("dropped", ())
    return pd.DataFrame(list(drops), columns=list(Dropped._fields))


# --------------------------------------------------------------------------- dates and numbers

_ISO = (
    r"(?P<y>\d{4})(?P<sep>-?)(?P<m>\d{2})(?P=sep)(?P<d>\d{2})"
    r"(?:[T ](?P<H>\d{2}):(?P<M>\d{2})(?::(?P<S>\d{2})(?:[.,](?P<f>\d{1,9}))?)?)?"
    r"\s*(?P<z>Z|[+-]\d{2}(?::?\d{2})?)?"
)
MAX_CELL = 64  # characters: a date or a number longer than this is not one


class IsoDates(NamedTuple):
    """ISO 8601 dates or date-times read without ever leaving 1970 .. next year.

    ``valid``: the text is a real calendar date (and time); ``in_range``: its year lies in
    ``date_bounds()`` (only then is anything converted); ``day``: the local calendar day as
    written (datetime64[D], NaT if not valid and in range); ``clock``: minutes after midnight
    (NaN without a time); ``offset``: the UTC offset in minutes (NaN without a zone).
    """

    valid: np.ndarray
    in_range: np.ndarray
    day: np.ndarray
    clock: np.ndarray
    offset: np.ndarray

    def utc(self) -> pd.Series:
        """The instant in UTC where a time and a zone were written (NaT elsewhere)."""
        minutes = self.clock - self.offset
        known = ~np.isnan(minutes) & ~np.isnat(self.day)
        out = np.full(len(self.day), np.datetime64("NaT"), dtype="datetime64[ns]")
        seconds = np.round(np.where(known, minutes, 0) * 60 * 1e6).astype(np.int64)
        out[known] = self.day[known].astype("datetime64[ns]") + seconds[known].astype(
            "timedelta64[us]"
        )
        return pd.Series(pd.to_datetime(out).tz_localize("UTC"))

    def naive(self) -> pd.Series:
        """The written local date-time as a naive timestamp (NaT without a time)."""
        known = ~np.isnan(self.clock) & ~np.isnat(self.day)
        out = np.full(len(self.day), np.datetime64("NaT"), dtype="datetime64[ns]")
        micro = np.round(np.where(known, self.clock, 0) * 60 * 1e6).astype(np.int64)
        out[known] = self.day[known].astype("datetime64[ns]") + micro[known].astype(
            "timedelta64[us]"
        )
        return pd.Series(out)


def iso_dates(text: pd.Series) -> IsoDates:
    """Read a column of ISO 8601 dates ('2024-03-31', '20240331', '2024-03-31T08:00:00+02:00').

    The calendar day is the one written, whatever the offset (a run at 00:30 local time on
    2 January is on 2 January), so offsets that change across a daylight-saving boundary in one
    column are read like any other. The year is checked against 1970 .. next year before any
    conversion, so no date can overflow pandas' nanoseconds.
    """
    text = pd.Series(text, dtype=object).astype(str)
    n = len(text)
    short = text.str.len().to_numpy() <= MAX_CELL
    parts = text.where(short, "").str.strip().str.extract(f"^{_ISO}$")
    matched = parts["y"].notna().to_numpy() & short
    number = {k: pd.to_numeric(parts[k], errors="coerce").to_numpy() for k in "ymdHMS"}
    first, last = date_bounds()
    year = np.where(matched, number["y"], 0)
    in_range = matched & (year >= first.year) & (year <= last.year)
    hour, minute, second = number["H"], number["M"], number["S"]
    has_time = ~np.isnan(hour)
    time_ok = ~has_time | ((hour < 24) & (minute < 60) & (np.nan_to_num(second) < 60))
    zone = parts["z"].fillna("").to_numpy(dtype=str)
    offset = np.full(n, np.nan)
    zoned = zone != ""
    zone_ok = np.ones(n, dtype=bool)
    if zoned.any():
        z = pd.Series(zone[zoned])
        sign = np.where(z.str[0] == "-", -1.0, 1.0)
        hh = pd.to_numeric(z.str[1:3], errors="coerce").fillna(0).to_numpy()
        mm = pd.to_numeric(z.str[-2:].where(z.str.len() > 3, "0"), errors="coerce")
        mm = mm.fillna(0).to_numpy()
        utc = (z == "Z").to_numpy()
        offset[zoned] = np.where(utc, 0.0, sign * (hh * 60 + mm))
        zone_ok[zoned] = utc | ((hh <= 14) & (mm < 60))
    day = np.full(n, np.datetime64("NaT"), dtype="datetime64[D]")
    convert = in_range & time_ok & zone_ok
    if convert.any():
        stamps = pd.to_datetime(
            pd.DataFrame(
                {"year": year[convert], "month": number["m"][convert], "day": number["d"][convert]}
            ),
            errors="coerce",
        )
        day[convert] = stamps.to_numpy().astype("datetime64[D]")
    calendar_ok = ~np.isnat(day)
    valid = matched & time_ok & zone_ok & (calendar_ok | ~in_range)
    if (~in_range & matched).any():  # out of range: still check month and day for validity
        outside = ~in_range & matched
        valid[outside] &= (
            (number["m"][outside] >= 1)
            & (number["m"][outside] <= 12)
            & (number["d"][outside] >= 1)
            & (number["d"][outside] <= 31)
        )
    fraction = pd.to_numeric("0." + parts["f"].fillna("0"), errors="coerce").to_numpy()
    clock = np.where(has_time, hour * 60 + minute + (np.nan_to_num(second) + fraction) / 60, np.nan)
    return IsoDates(valid, in_range & valid, day, clock, offset)


_PLAIN = r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?"
NUMBER_OK, NUMBER_EMPTY, NUMBER_BAD, NUMBER_AMBIGUOUS, NUMBER_INFINITE = range(5)


def numbers(text: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Numbers written by people: ``(values, status)`` with status NUMBER_OK, _EMPTY, _BAD,
    _AMBIGUOUS or _INFINITE per cell.

    Read: '8.5', '8,5' (a decimal comma), '1,234.5' and '1.234,5' (thousands and decimals),
    '1,234,567' and '1.234.567' (two thousands groups). Refused as ambiguous: '1,234' (one
    group of three digits after a comma: 1234 or 1.234?). Never numbers: 'nan', 'inf', text,
    anything longer than 64 characters.
    """
    text = pd.Series(text, dtype=object).astype(str).str.strip()
    n = len(text)
    status = np.full(n, NUMBER_BAD, dtype=np.int8)
    status[(text == "").to_numpy()] = NUMBER_EMPTY
    long = (text.str.len() > MAX_CELL).to_numpy()
    cells = text.where(~long, "")
    plain = cells.str.fullmatch(_PLAIN).to_numpy(dtype=bool)
    normal = cells.where(plain, "")
    if not plain[status != NUMBER_EMPTY].all():
        ambiguous = cells.str.fullmatch(r"[+-]?[1-9]\d{0,2},\d{3}").to_numpy(dtype=bool)
        comma = cells.str.fullmatch(r"[+-]?\d+,\d+").to_numpy(dtype=bool) & ~ambiguous
        english = cells.str.fullmatch(r"[+-]?[1-9]\d{0,2}(?:,\d{3})+(?:\.\d+)?").to_numpy(
            dtype=bool
        )
        english = english & ~ambiguous
        european = cells.str.fullmatch(r"[+-]?[1-9]\d{0,2}(?:\.\d{3})+,\d+").to_numpy(dtype=bool)
        european_int = cells.str.fullmatch(r"[+-]?[1-9]\d{0,2}(?:\.\d{3}){2,}").to_numpy(dtype=bool)
        normal = normal.mask(comma, cells.str.replace(",", ".", regex=False))
        normal = normal.mask(english, cells.str.replace(",", "", regex=False))
        normal = normal.mask(
            european,
            cells.str.replace(".", "", regex=False).str.replace(",", ".", regex=False),
        )
        normal = normal.mask(european_int, cells.str.replace(".", "", regex=False))
        plain = plain | comma | english | european | european_int
        status[ambiguous] = NUMBER_AMBIGUOUS
    values = pd.to_numeric(normal.where(plain, ""), errors="coerce").to_numpy(
        dtype=float, copy=True
    )
    values[~plain] = np.nan
    status[plain] = NUMBER_OK
    status[plain & ~np.isfinite(values)] = NUMBER_INFINITE
    return values, status
