"""The recovery plan as an iCalendar (.ics) file: its ice sessions and check-ins, written with
the standard library only (RFC 5545: UTC times, escaped text, folded lines, CRLF)."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime

import pandas as pd

from hamstring_edu.wording import say


def _ics_text(text: str) -> str:
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _fold(line: str) -> str:
    """Fold a content line at 75 octets (RFC 5545), never inside a UTF-8 character."""
    out, current = [], ""
    for ch in line:
        limit = 75 if not out else 74  # continuation lines start with a space
        if len((current + ch).encode("utf-8")) > limit:
            out.append(current)
            current = ch
        else:
            current += ch
    out.append(current)
    return "\r\n ".join(out)


def recovery_ics(plan: pd.DataFrame, *, stamp: datetime | None = None) -> str:
    """The plan's ice sessions and check-ins as an iCalendar (.ics) file, written with the
    standard library only (RFC 5545: UTC times, escaped text, folded lines, CRLF)."""
    stamp = (stamp or datetime.now(UTC)).astimezone(UTC)
    a = plan.attrs
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//hamstring-edu//recovery plan//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{_ics_text(say('recovery.calendar_name'))}",
    ]
    events = plan[plan["category"].isin(["ice", "check"])]
    for row in events.itertuples():
        start, end = row.start.tz_convert("UTC"), row.end.tz_convert("UTC")
        key = f"{a['kind']}|{a['onset'].isoformat()}|{start.isoformat()}|{row.action}"
        uid = hashlib.sha1(key.encode("utf-8")).hexdigest()[:20]
        summary = say("recovery.calendar_ice") if row.category == "ice" else row.action
        lines += [
            "BEGIN:VEVENT",
            f"UID:{uid}@hamstring-edu",
            f"DTSTAMP:{stamp:%Y%m%dT%H%M%SZ}",
            f"DTSTART:{start:%Y%m%dT%H%M%SZ}",
            f"DTEND:{end:%Y%m%dT%H%M%SZ}",
            f"SUMMARY:{_ics_text(summary)}",
            f"DESCRIPTION:{_ics_text(row.how + ' ' + say('common.disclaimer'))}",
            f"CATEGORIES:{row.category.upper()}",
            "BEGIN:VALARM",
            "ACTION:DISPLAY",
            f"DESCRIPTION:{_ics_text(summary)}",
            "TRIGGER:PT0M",
            "END:VALARM",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "".join(_fold(line) + "\r\n" for line in lines)


def diary_ics(
    diary: pd.DataFrame, ticks: pd.DataFrame | None = None, *, stamp: datetime | None = None
) -> str:
    """A pain diary (journal.pain_diary) and the return-to-run ticks (RunRecord.ticks) as
    all-day events of an iCalendar file, beside the recovery plan's: one event per entry and
    per tick, with the same standard-library writer."""
    stamp = (stamp or datetime.now(UTC)).astimezone(UTC)
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//hamstring-edu//pain diary//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{_ics_text(say('recovery.calendar_diary_name'))}",
    ]
    events = []
    for row in diary.itertuples():
        summary = say(
            "recovery.calendar_pain",
            athlete=row.athlete,
            pain=row.pain,
            leg=row.leg,
            place=row.place.replace("_", " "),
        )
        detail = row.note or ""
        if isinstance(row.level, str) and row.level:
            detail = f"{detail} {say('recovery.calendar_flag', raised='; '.join(row.raised))}"
        events.append((pd.Timestamp(row.date), f"diary|{row.entry_id}", summary, detail.strip()))
    for row in (ticks if ticks is not None else pd.DataFrame()).itertuples():
        key = "recovery.calendar_tick_met" if row.met else "recovery.calendar_tick_unmet"
        summary = say(key, criterion=row.criterion.replace("_", " "), by=row.ticked_by)
        events.append((pd.Timestamp(row.date), f"tick|{row.criterion}|{row.date}", summary, ""))
    for day, key, summary, detail in sorted(events, key=lambda e: (e[0], e[1])):
        uid = hashlib.sha1(key.encode("utf-8")).hexdigest()[:20]
        lines += [
            "BEGIN:VEVENT",
            f"UID:{uid}@hamstring-edu",
            f"DTSTAMP:{stamp:%Y%m%dT%H%M%SZ}",
            f"DTSTART;VALUE=DATE:{day:%Y%m%d}",
            f"DTEND;VALUE=DATE:{day + pd.Timedelta(days=1):%Y%m%d}",
            f"SUMMARY:{_ics_text(summary)}",
            f"DESCRIPTION:{_ics_text((detail + ' ' + say('common.disclaimer')).strip())}",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "".join(_fold(line) + "\r\n" for line in lines)
