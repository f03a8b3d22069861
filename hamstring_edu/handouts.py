"""Printable one-page HTML documents (assessment summary, routine handout); all input escaped."""

from __future__ import annotations

import html
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


def assessment_summary_html(result: Assessment, *, name: str = "", notes: str = "") -> str:
    """A one-page printable summary of a self-assessment, for a coach or clinician."""
    who = f" for {_e(name)}" if name.strip() else ""
    headline_class = "box urgent" if result.level else "box"
    parts = [
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>",
        f"<title>Hamstring self-assessment{who}</title><style>{PRINT_CSS}</style></head><body>",
        f"<h1>Hamstring self-assessment{who}</h1>",
        f"<p class='small'>{_e(say('common.disclaimer'))}</p>",
        f"<p class='{headline_class}'>{_e(result.headline)}</p>",
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
    name: str = "",
) -> str:
    """The athlete app's printable page: the self-assessment, and, unless a warning sign is
    urgent, today's routine, the weeks reviewed, the plan ahead and the recovery note; never a
    routine or a plan ahead that the result's limits rule out."""
    page = assessment_summary_html(result, name=name)
    if result.urgent:
        return page  # an urgent result prints what to do now, and nothing else
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
    if recovery:
        extra.append(f"<h2>Recovery</h2><p>{_e(recovery)}</p>")
    return page.replace(_footer(), "".join(extra) + _footer(), 1)
