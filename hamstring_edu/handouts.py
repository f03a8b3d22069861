"""Printable one-page HTML documents (assessment summary, routine handout); all input escaped."""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from hamstring_edu import DISCLAIMER
from hamstring_edu.assessment import Assessment

if TYPE_CHECKING:
    import pandas as pd

PRINT_CSS = """
body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; font-size: 14pt;
       line-height: 1.4; max-width: 46em; margin: 1.5em auto; color: #111; }
h1 { font-size: 22pt; margin-bottom: 0.2em; } h2 { font-size: 16pt; margin: 1em 0 0.3em; }
.box { border-left: 6px solid #0072B2; background: #eaf3fa; padding: 0.5em 0.8em; }
.urgent { border-left-color: #D55E00; background: #fbe9e1; font-weight: 600; }
table { border-collapse: collapse; width: 100%; } td, th { border-bottom: 1px solid #ccc;
        padding: 0.25em 0.4em; text-align: left; } .num { text-align: right; }
.small { font-size: 11pt; color: #333; }
@media print { body { margin: 0; font-size: 12pt; } a { color: #111; text-decoration: none; }
               .box { -webkit-print-color-adjust: exact; print-color-adjust: exact; } }
@page { size: A4; margin: 15mm; }
"""


def _e(text: object) -> str:
    return html.escape(str(text))


def assessment_summary_html(result: Assessment, *, name: str = "", notes: str = "") -> str:
    """A one-page printable summary of a self-assessment, for a coach or physiotherapist."""
    from hamstring_edu.content import load_content

    content = load_content()
    who = f" for {_e(name)}" if name.strip() else ""
    parts = [
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>",
        f"<title>Hamstring self-assessment{who}</title><style>{PRINT_CSS}</style></head><body>",
        f"<h1>Hamstring self-assessment{who}</h1>",
        f"<p class='small'>{_e(DISCLAIMER)}</p>",
        f"<p class='box{' urgent' if result.urgent else ''}'>{_e(result.headline)}</p>",
    ]
    if result.red_flags:
        parts.append("<h2>Warning signs reported</h2><ul>")
        parts += [f"<li><b>{_e(f.title)}</b>: {_e(f.advice)}</li>" for f in result.red_flags]
        parts.append("</ul>")
    parts.append("<h2>Causes that fit the answers</h2><table><tr><th>cause</th>")
    parts.append("<th class='num'>score (0-100)</th><th>main answers behind it</th></tr>")
    for cause, score in result.ranking:
        top = sorted(result.contributions[cause], key=lambda c: -c.share)[:3]
        why = "; ".join(f"{_e(c.answer)} ({_e(c.question)})" for c in top) or "-"
        parts.append(
            f"<tr><td>{_e(content.cause(cause).title)}</td><td class='num'>{score:.0f}</td>"
            f"<td class='small'>{why}</td></tr>"
        )
    parts.append("</table>")
    severity = "not answered" if result.severity is None else f"{result.severity} / 100"
    parts.append(
        f"<p><b>Severity (OSTRC score):</b> {severity}. "
        f"<b>Pattern:</b> {_e(result.doms_vs_strain.summary)} "
        f"<b>Answered:</b> {result.completeness:.0%} of questions.</p>"
    )
    if result.recommendations:
        parts.append("<h2>What to try (from the article)</h2>")
        for rec in result.recommendations:
            items = "".join(
                f"<li>{_e(s.text)}{f' <i>Dose: {_e(s.dose)}.</i>' if s.dose else ''}</li>"
                for s in rec.solutions
            )
            parts.append(f"<p><b>{_e(rec.title)}</b></p><ul>{items}</ul>")
    if result.notes:
        parts.append("<h2>Notes</h2><ul>" + "".join(f"<li>{_e(n)}</li>" for n in result.notes))
        parts.append("</ul>")
    if notes.strip():
        parts.append(f"<h2>Athlete's notes</h2><p>{_e(notes)}</p>")
    parts.append("<p class='small'>Made with hamstring-edu. Reference ids in brackets are listed")
    parts.append(" in the package's references.</p></body></html>")
    return "".join(parts)


def routine_handout_html(plan: pd.DataFrame, *, title: str = "", notes: str = "") -> str:
    """A one-page printable handout of a routine: big type, each step with its time and cues."""
    settings = plan.attrs
    kind = {"warmup": "Warm-up", "cooldown": "Cool-down"}.get(settings.get("kind"), "Routine")
    heading = (
        _e(title.strip()) if title.strip() else f"{kind}: {settings.get('minutes', '')} minutes"
    )
    focus = ", ".join(settings.get("focus", ())) or "none"
    rows = "".join(
        f"<tr><td class='num'>{_e(r.start)}</td><td><b>{_e(r.name)}</b><br>{_e(r.dose)}"
        f"<div class='small'>{'; '.join(_e(c) for c in r.cues.split(' | '))}</div></td>"
        f"<td class='num'>{_e(r.duration)}</td></tr>"
        for r in plan.itertuples()
    )
    return (
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
        f"<title>{heading}</title><style>{PRINT_CSS} td {{ font-size: 15pt; }}</style></head><body>"
        f"<h1>{heading}</h1>"
        f"<p class='small'>Session: {_e(settings.get('session', ''))}; level: "
        f"{_e(settings.get('level', ''))}; focus: {_e(focus)}. Static stretches: hold 30 s, "
        "no bouncing. Stop any exercise that causes sharp pain.</p>"
        "<table><tr><th class='num'>start</th><th>what to do</th><th class='num'>time</th></tr>"
        f"{rows}</table>"
        + (f"<h2>Notes</h2><p>{_e(notes)}</p>" if notes.strip() else "")
        + f"<p class='small'>{_e(DISCLAIMER)}</p></body></html>"
    )
