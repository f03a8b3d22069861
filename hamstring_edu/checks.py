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

from hamstring_edu.errors import OptionError

MAX_SHOWN = 40  # characters of a value quoted in an error message
EARLIEST_YEAR = 1970


def shown(value: Any, limit: int = MAX_SHOWN) -> str:
    """A value as a message quotes it ('five', -3.0), cut to ``limit`` characters with '...'."""
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, str | bytes) and len(value) > 4 * limit:
        value = value[: 4 * limit]  # repr of a huge string is never built
    try:
        text = repr(value)
    except Exception:  # a value whose repr fails is still named
        text = f"<{type(value).__name__}>"
    if len(text) > limit:
        text = text[: limit - 3] + "..."
    return text


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
