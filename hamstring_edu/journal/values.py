"""The journal's values: the limits and checks of what a person types (names, notes, ratings,
days) and the clock that dates what is written."""

from __future__ import annotations

import math
import re
from datetime import UTC, date, datetime
from typing import Any

import numpy as np
import pandas as pd

from hamstring_edu.errors import JournalError, brief

MAX_NOTE = 2000
MAX_NAME = 100
EARLIEST = date(1970, 1, 1)
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def _now() -> str:
    """The current time in UTC as ISO 8601 text (microseconds)."""
    return datetime.now(UTC).isoformat(timespec="microseconds")


def _today() -> date:
    return date.today()


def _today_in(tz: str) -> date:
    """Today's date on the calendar of time zone ``tz`` (a JournalError when it is unknown)."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        return datetime.now(ZoneInfo(str(tz))).date()
    except (ZoneInfoNotFoundError, ValueError):
        raise JournalError(f"{brief(tz)} is not a time zone", field="tz") from None


def _name(value: Any, field: str, *, empty: bool = False) -> str:
    """An athlete or team name: text, trimmed, printable, at most MAX_NAME characters."""
    if not isinstance(value, str):
        raise JournalError(f"{field} must be text, got {brief(value)}", field=field)
    text = value.strip()
    if not text and not empty:
        raise JournalError(f"the {field} name is empty", field=field)
    if len(text) > MAX_NAME or _CONTROL.search(text) or not _encodable(text):
        raise JournalError(
            f"{field} must be printable text of at most {MAX_NAME} characters, got {brief(value)}",
            field=field,
        )
    return text


def _encodable(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _note(value: Any) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise JournalError(f"the note must be text, got {brief(value)}", field="note")
    text = value.replace("\r\n", "\n").replace("\r", "\n")
    if len(text) > MAX_NOTE:
        raise JournalError(
            f"the note is {len(text)} characters long; keep it under {MAX_NOTE}", field="note"
        )
    if _CONTROL.search(text) or not _encodable(text):
        raise JournalError(
            "the note contains a control character or invalid text; type plain text",
            field="note",
        )
    return text


def _rating(value: Any) -> int:
    """A 0-10 soreness rating as a whole number."""
    ok = (
        not isinstance(value, bool)
        and isinstance(value, int | float | np.integer | np.floating)
        and math.isfinite(value)
        and float(value).is_integer()
        and 0 <= value <= 10
    )
    if not ok:
        raise JournalError(
            f"a soreness rating is a whole number from 0 (none) to 10 (worst), got {brief(value)}",
            field="rating",
        )
    return int(value)


def _day(value: Any, field: str, tz: str | None = None) -> str:
    """A calendar day as YYYY-MM-DD: today when None; never in the future or before 1970
    (``tz``: the time zone whose calendar says which day today is; else this computer's)."""
    today = _today() if tz is None else _today_in(tz)
    if value is None:
        return today.isoformat()
    if isinstance(value, datetime | pd.Timestamp):
        day = value.date()
    elif isinstance(value, date):
        day = value
    elif isinstance(value, str):
        try:
            day = date.fromisoformat(value.strip()[:10])
        except ValueError:
            raise JournalError(
                f"{brief(value)} is not a date (expected YYYY-MM-DD)", field=field
            ) from None
    else:
        raise JournalError(f"{brief(value)} is not a date (expected YYYY-MM-DD)", field=field)
    if day > today:
        raise JournalError(
            f"{day.isoformat()} is in the future (today is {today.isoformat()})", field=field
        )
    if day < EARLIEST:
        raise JournalError(f"{day.isoformat()} is before {EARLIEST.isoformat()}", field=field)
    return day.isoformat()


def _one_of(value: Any, allowed: Any, field: str) -> str:
    """``value`` itself when it is one of ``allowed``; else a JournalError naming ``field``."""
    if value not in allowed:
        raise JournalError(
            f"{field} must be one of {', '.join(allowed)}, got {brief(value)}", field=field
        )
    return value
