"""Printable one-page HTML documents (assessment summary, routine handout); all input escaped."""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from hamstring_edu.assessment import Assessment, ReportSection
from hamstring_edu.routines import kind_name, routine_content
from hamstring_edu.wording import say

if TYPE_CHECKING:
    import pandas as pd

PRINT_CSS = """
body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; font-size: 14pt;
       line-height: 1.4; max-width: 46em; margin: 1.5em auto; color: #111; }
h1 { font-size: 22pt; margin-bottom: 0.2em; } h2, h3 { font-size: 16pt; margin: 1em 0 0.3em; }
.box { border-left: 6px solid #0072B2; background: #eaf3fa; padding: 0.5em 0.8em; }
.urgent { border-left-color: #D55E00; background: #fbe9e1; font-weight: 600; }
table { border-collapse: collapse; width: 100%; } td, th { border-bottom: 1px solid #ccc;
        padding: 0.25em 0.4em; text-align: left; } .num { text-align: right; }
.small { font-size: 11pt; color: #333; }
@media print { body { margin: 0; font-size: 12pt; } a { color: #111; text-decoration: none; }
               .box { -webkit-print-color-adjust: exact; print-color-adjust: exact; } }
@page { size: A4; margin: 15mm; }
"""


def _t(text: str) -> str:
    """Content text for a page: escaped, apostrophes kept as they are."""
    return html.escape(text, quote=False)


def _footer() -> str:
    return f"<p class='small'>{_t(say('handouts.made_with'))}</p>"


def _printed_on(today: dt.date | None) -> str:
    """The line under a page's heading that dates it ("Printed on Thursday 3 December 2026")."""
    day = today or dt.date.today()
    words = f"{day:%A} {day.day} {day:%B %Y}"
    return f"<p class='small'>{_t(say('handouts.printed_on', date=words))}</p>"


def cited_references(page: str) -> list[str]:
    """The ids of the references a page cites, in the order they first appear: the ones named
    in brackets in its text ("(cheung2003)") and the ones its sources name ("Cheung et al.
    2003"), all read from data/references.toml through the content model."""
    from hamstring_edu.content import load_content

    text = html.unescape(page)
    found: list[tuple[int, str]] = []
    for ref in load_content().references:
        places = [m.start() for m in re.finditer(rf"\b{re.escape(ref.id)}\b", text)]
        short = text.find(ref.short)
        if short >= 0:
            places.append(short)
        if places:
            found.append((min(places), ref.id))
    return [ref_id for _, ref_id in sorted(found)]


def sources_html(page: str) -> str:
    """A "Sources" section listing, in words, every reference the page cites ('' if none)."""
    from hamstring_edu.content import load_content

    content = load_content()
    ids = cited_references(page)
    if not ids:
        return ""
    items = "".join(
        f"<li><b>{_e(content.reference(r).short)}</b> ({_e(r)}): "
        f"{_e(content.reference(r).citation)}</li>"
        for r in ids
    )
    return f"<h2>{_t(say('handouts.sources'))}</h2><ul class='small'>{items}</ul>"


def _with_sources(page: str) -> str:
    """The page with its cited sources printed just before the footer."""
    body = page[: page.index(_footer())] if _footer() in page else page
    return page.replace(_footer(), sources_html(body) + _footer(), 1)


def _e(text: object) -> str:
    return html.escape(str(text))


TONES = {
    "emergency": ("#b23a00", "#fbe3d9"),
    "today": ("#D55E00", "#fbe9e1"),
    "soon": ("#E69F00", "#fdf4e3"),
    "info": ("#0072B2", "#eaf3fa"),
}


def report_html(sections: tuple[ReportSection, ...]) -> str:
    """A result's report sections as an HTML fragment: headings, callouts, items with sources."""
    from hamstring_edu.content import load_content

    content = load_content()
    parts = []
    for section in sections:
        edge, bg = TONES.get(section.tone, TONES["info"])
        box = (
            f"border-left:6px solid {edge};background:{bg};padding:6px 12px;margin:6px 0;"
            "border-radius:6px;color:#111"
        )
        parts.append(f'<section class="report-{_e(section.id)}"><h3>{_e(section.heading)}</h3>')
        if section.intro:
            parts.append(f'<div style="{box}"><b>{_e(section.intro)}</b></div>')
        if section.items:
            parts.append("<ul>")
            for item in section.items:
                cites = ""
                if item.refs:
                    cites = (
                        " ("
                        + "; ".join(
                            f'<span title="{_e(content.reference(r).citation)}">'
                            f"{_e(content.reference(r).short)}</span>"
                            for r in item.refs
                        )
                        + ")"
                    )
                text = f" {_e(item.text)}" if item.text else ""
                detail = f'<br><span class="small">{_e(item.detail)}</span>' if item.detail else ""
                parts.append(f"<li><b>{_e(item.title)}</b>{text}{cites}{detail}</li>")
            parts.append("</ul>")
        parts.append("</section>")
    return "".join(parts)


def signs_sentence(result: Assessment) -> tuple[bool, str]:
    """What the answers say about the warning signs: (any unanswered, sentence); the sentence is
    '' when a sign is raised (the page then says what to do)."""
    from hamstring_edu.questions import warning_sign_questions

    if result.level:
        return False, ""
    signs = warning_sign_questions()
    missing = [q for q in signs if q.id not in result.answers]
    if missing:
        return True, say("handouts.signs_unanswered", missing=len(missing), total=len(signs))
    if all(result.answers[q.id] is False for q in signs):
        return False, say("handouts.signs_all_no", total=len(signs))
    return False, say("handouts.signs_answered", total=len(signs))


def assessment_summary_html(
    result: Assessment, *, name: str = "", notes: str = "", today: dt.date | None = None
) -> str:
    """A one-page printable summary of a self-assessment, for a coach or clinician: dated, the
    warning signs' status, the report, and every source it cites, in words."""
    return _with_sources(_assessment_page(result, name=name, notes=notes, today=today))


def _assessment_page(
    result: Assessment, *, name: str = "", notes: str = "", today: dt.date | None = None
) -> str:
    who = f" for {_e(name)}" if name.strip() else ""
    headline_class = "box urgent" if result.level else "box"
    unanswered, signs = signs_sentence(result)
    signs_class = "box urgent" if unanswered else "box"
    parts = [
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>",
        f"<title>Hamstring self-assessment{who}</title><style>{PRINT_CSS}</style></head><body>",
        f"<h1>Hamstring self-assessment{who}</h1>",
        _printed_on(today),
        f"<p class='small'>{_e(say('common.disclaimer'))}</p>",
        f"<p class='{headline_class}'>{_e(result.headline)}</p>",
        f"<p class='{signs_class}'>{_e(signs)}</p>" if signs else "",
        report_html(result.report()),
    ]
    if notes.strip():
        parts.append(f"<h2>Notes</h2><p>{_e(notes)}</p>")
    parts.append(f"{_footer()}</body></html>")
    return "".join(parts)


def routine_handout_html(plan: pd.DataFrame, *, title: str = "", notes: str = "") -> str:
    """A one-page printable handout of a routine: big type, each step with its time and cues."""
    settings = plan.attrs
    kind = kind_name(settings.get("kind", ""))
    minutes = f"{plan['duration_s'].sum() / 60:g}" if "duration_s" in plan else ""
    heading = _e(title.strip()) if title.strip() else f"{kind}: {_e(minutes)} minutes"
    focus = ", ".join(str(f) for f in settings.get("focus", ())) or "none"
    rows = "".join(
        f"<tr><td class='num'>{_e(r.start)}</td><td><b>{_e(r.name)}</b><br>{_e(r.dose)}"
        f"<div class='small'>{'; '.join(_e(c) for c in str(r.cues).split(' | '))}</div></td>"
        f"<td class='num'>{_e(r.duration)}</td></tr>"
        for r in plan.itertuples()
    )
    left_out = "".join(
        f"<li><b>{_e(x.get('name', ''))}</b>: {_e(x.get('why', ''))}</li>"
        for x in settings.get("left_out", [])
    )
    condition = settings.get("condition")
    return (
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
        f"<title>{heading}</title><style>{PRINT_CSS} td {{ font-size: 15pt; }}</style></head><body>"
        f"<h1>{heading}</h1>"
        f"<p class='small'>Session: {_e(settings.get('session', ''))}; level: "
        f"{_e(settings.get('level', ''))}; focus: {_e(focus)}"
        + (f"; condition: {_e(condition)}" if condition else "")
        + f". {_t(say('handouts.routine_safety'))}</p>"
        "<table><tr><th class='num'>start</th><th>what to do</th><th class='num'>time</th></tr>"
        f"{rows}</table>"
        + (f"<h2>Left out for this condition</h2><ul>{left_out}</ul>" if left_out else "")
        + (f"<h2>Notes</h2><p>{_e(notes)}</p>" if notes.strip() else "")
        + f"<p class='small'>{_e(say('common.disclaimer'))}</p></body></html>"
    )


def journey_summary_html(
    result: Assessment,
    *,
    routine: pd.DataFrame | None = None,
    weeks: pd.DataFrame | None = None,
    plan: pd.DataFrame | None = None,
    recovery: str = "",
    recovery_plan: pd.DataFrame | None = None,
    diary: pd.DataFrame | None = None,
    diary_says: Sequence[str] = (),
    name: str = "",
    today: dt.date | None = None,
) -> str:
    """The athlete app's printable page: the self-assessment, and, unless a warning sign is
    urgent, today's routine, the weeks reviewed, the plan ahead, the pain diary (its entries,
    and ``diary_says``: what it says in words) and the recovery plan; never a routine or a plan
    ahead that the result's limits rule out. The recovery note is printed with the plan's steps
    (``recovery_plan``), never alone as if the page held the plan."""
    page = _assessment_page(result, name=name, today=today)
    if result.urgent:
        return _with_sources(page)  # an urgent result prints what to do now, and nothing else
    if result.limits.plan("routine"):  # what a sign rules out is never printed
        routine = None
    if result.limits.plan("build_up"):
        plan = None
    extra = []
    if routine is not None and len(routine):
        rows = "".join(
            f"<tr><td class='num'>{_e(r.start)}</td><td><b>{_e(r.name)}</b> {_e(r.dose)}</td>"
            f"<td class='num'>{_e(r.duration)}</td></tr>"
            for r in routine.itertuples()
        )
        kinds = routine_content().kinds
        kind = kinds[routine.attrs["kind"]].label if routine.attrs.get("kind") in kinds else ""
        extra.append(
            f"<h2>Today's {_e(kind)}</h2><table><tr><th class='num'>start</th><th>what</th>"
            f"<th class='num'>time</th></tr>{rows}</table>"
        )
    if weeks is not None and len(weeks):
        unit = weeks.attrs.get("unit", "km")
        notes = "".join(f"<li>{_e(n)}</li>" for n in weeks.attrs.get("notes", []))
        extra.append(
            f"<h2>{_t(say('handouts.last_weeks', weeks=len(weeks)))}</h2>"
            f"<p>{_t(say('handouts.weeks_reviewed', unit=unit))}</p>"
            + (f"<ul>{notes}</ul>" if notes else f"<p>{_t(say('handouts.no_rise'))}</p>")
        )
    if plan is not None and len(plan):
        unit = plan.attrs.get("unit", "km")
        column = "planned" if "planned" in plan else "planned_km"
        rows = "".join(
            f"<tr><td class='num'>{int(r.week)}</td><td class='num'>{getattr(r, column):g}</td>"
            f"<td>{'lighter week' if r.recovery_week else ''}</td></tr>"
            for r in plan.itertuples()
        )
        warnings = "".join(f"<li>{_e(w)}</li>" for w in plan.attrs.get("warnings", []))
        extra.append(
            f"<h2>The weeks ahead</h2><table><tr><th class='num'>week</th>"
            f"<th class='num'>{_e(unit)}</th><th></th></tr>{rows}</table>"
            + (f"<ul>{warnings}</ul>" if warnings else "")
        )
    if diary is not None and len(diary):
        extra.append(_diary_part(diary, diary_says))
    if recovery and recovery_plan is not None and len(recovery_plan):
        steps = "".join(
            f"<tr><td>{_e(_when(r.start))}</td><td><b>{_e(r.action)}</b> {_e(r.how)}</td></tr>"
            for r in recovery_plan.itertuples()
        )
        extra.append(
            f"<h2>{_t(say('handouts.recovery_heading'))}</h2><p>{_e(recovery)}</p>"
            f"<table><tr><th>{_t(say('handouts.recovery_from'))}</th>"
            f"<th>{_t(say('handouts.recovery_what'))}</th></tr>{steps}</table>"
        )
    return _with_sources(page.replace(_footer(), "".join(extra) + _footer(), 1))


def _diary_part(diary: pd.DataFrame, says: Sequence[str]) -> str:
    """The pain diary's entries as a table, and what it says as a list."""
    from hamstring_edu.pain_diary import place_label

    head = "".join(
        f"<th>{_t(say(key))}</th>"
        for key in (
            "handouts.diary_day",
            "handouts.diary_leg",
            "handouts.diary_place",
            "handouts.diary_pain",
            "handouts.diary_sign",
        )
    )
    rows = "".join(
        f"<tr><td>{r.date:%d %b %Y}</td><td>{_e(r.leg)}</td><td>{_e(place_label(r.place))}</td>"
        f"<td class='num'>{int(r.pain)}</td><td>{_e('; '.join(r.raised or ()))}</td></tr>"
        for r in diary.itertuples()
    )
    items = "".join(f"<li>{_e(text)}</li>" for text in says)
    return f"<h2>{_t(say('handouts.diary_heading'))}</h2><table><tr>{head}</tr>{rows}</table>" + (
        f"<p>{_t(say('handouts.diary_says'))}</p><ul>{items}</ul>" if items else ""
    )


def _when(start: object) -> str:
    """A plan step's start as a person reads it ("Thu 3 Dec, 18:40")."""
    import pandas as pd

    stamp = pd.Timestamp(start)
    return f"{stamp:%a} {stamp.day} {stamp:%b, %H:%M}"
