"""Wall-clock arithmetic for the recovery plan: time zones, waking hours, and the waking and
sleeping parts of a stretch of days.

Every instant is kept in UTC: Python compares and adds aware datetimes that share a tzinfo by
their wall-clock times, which is wrong across a daylight-saving change.
"""

from __future__ import annotations

import math
import os
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import pandas as pd

from hamstring_edu.errors import OptionError, PlanError

MIN_AWAKE_H = 6  # a waking day shorter than this is not a day anyone plans around


def zone(tz: str | tzinfo | None) -> tzinfo | None:
    """A time zone from its name ('Europe/London') or a tzinfo; None stays None."""
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


def zone_name_or_none(name: object) -> str | None:
    """A time zone name a browser sent ('Europe/Madrid'), checked; None when it is not one."""
    if not isinstance(name, str) or len(name) > 64:
        return None
    try:
        zone(name)
    except OptionError:
        return None
    return name.strip()


def onset_days_ago(days: float | None, *, tz: str, now: datetime | None = None) -> datetime:
    """When pain that began ``days`` days ago started, as a naive wall-clock time in ``tz``
    (whole minutes, on a 5-minute step): an hour ago when the day is not known."""
    here = zone(tz)
    moment = (now or datetime.now(UTC)).astimezone(here)
    moment = moment.replace(tzinfo=None, second=0, microsecond=0)
    moment -= timedelta(minutes=moment.minute % 5)
    if days:  # the day the person said it started, at this time of day
        return moment - timedelta(days=float(days))
    return moment - timedelta(hours=1)


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


def instant(value: Any, zone: tzinfo | None, field: str) -> datetime:
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


def waking(hours: Any) -> tuple[int, int]:
    """Waking hours (wake, sleep) checked: whole hours, wake before sleep, a usual day long."""
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
            f"bedtime ({sleep:02d}:00) must come after the wake-up time ({wake:02d}:00) on the "
            "same day, as in waking at 07:00 and going to sleep at 22:00; a sleep that starts "
            "after midnight counts as 24:00",
            field="waking_hours",
        )
    if sleep - wake < MIN_AWAKE_H:
        raise PlanError(
            f"{wake:02d}:00 to {sleep:02d}:00 gives only {sleep - wake} waking hours; give your "
            f"usual day, at least {MIN_AWAKE_H} hours awake, such as 07:00 to 22:00",
            field="waking_hours",
        )
    return wake, sleep


def between(value: Any, low: float, high: float, field: str, what: str) -> float:
    """A number of hours checked to lie in [low, high]; ``what`` says why, in words."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or math.isnan(value):
        raise PlanError(f"{value!r} is not a number of hours", field=field)
    if not low <= value <= high:
        raise PlanError(f"{value:g} hours is outside {low:g}-{high:g} ({what})", field=field)
    return float(value)


def wall(day: date, hour: int, zone: tzinfo) -> datetime:
    """The instant (in UTC) when the wall clock in ``zone`` shows ``hour``:00 on ``day``
    (hour 24 = the next midnight)."""
    if hour == 24:
        day, hour = day + timedelta(days=1), 0
    return datetime.combine(day, time(hour), tzinfo=zone).astimezone(UTC)


def hours_of(t: datetime) -> float:
    """The time of day of ``t`` in hours (18:30 is 18.5)."""
    return t.hour + t.minute / 60 + t.second / 3600


def fits_awake(start: datetime, end: datetime, wake: int, last: float, zone: tzinfo) -> bool:
    """Whether [start, end] lies on one day, between waking and ``last`` by the wall clock."""
    a, b = start.astimezone(zone), end.astimezone(zone)
    return a.date() == b.date() and hours_of(a) >= wake and hours_of(b) <= last


def next_wake(t: datetime, wake: int, zone: tzinfo) -> datetime:
    """The first wake-up time after ``t``."""
    local = t.astimezone(zone)
    candidate = wall(local.date(), wake, zone)
    if candidate <= t:
        candidate = wall(local.date() + timedelta(days=1), wake, zone)
    return candidate


def awake_periods(
    start: datetime, end: datetime, wake: int, sleep: int, zone: tzinfo
) -> list[tuple[datetime, datetime]]:
    """The waking parts of [start, end), day by day, by the wall clock."""
    out = []
    day = start.astimezone(zone).date()
    while wall(day, wake, zone) < end:
        a, b = max(start, wall(day, wake, zone)), min(end, wall(day, sleep, zone))
        if a < b:
            out.append((a, b))
        day += timedelta(days=1)
    return out


def sleep_periods(
    start: datetime, end: datetime, wake: int, sleep: int, zone: tzinfo
) -> list[tuple[datetime, datetime]]:
    """The sleeping parts of [start, end): from bedtime to the next wake-up."""
    out = []
    day = start.astimezone(zone).date() - timedelta(days=1)
    while wall(day, sleep, zone) < end:
        a = max(start, wall(day, sleep, zone))
        b = min(end, wall(day + timedelta(days=1), wake, zone))
        if a < b:
            out.append((a, b))
        day += timedelta(days=1)
    return out
