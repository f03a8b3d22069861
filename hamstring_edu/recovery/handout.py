"""The recovery plan as a printable one-page HTML document: when to seek care, the ice times
day by day, what to do and avoid, and for a strain the stages with their checks, the reported
time frames and the walk-run plan. Every text is escaped."""

from __future__ import annotations

import html
from collections.abc import Mapping

import pandas as pd

from hamstring_edu.limits import NO_LIMITS
from hamstring_edu.recovery.first_aid import care_signs, ice_how, is_care_sign
from hamstring_edu.recovery.gate import return_to_run
from hamstring_edu.recovery.guidance import guidance
from hamstring_edu.recovery.stages import checked_ticks, current_stage, recovery_time_frames
from hamstring_edu.recovery.walk_run import WARM_WALK_MIN
from hamstring_edu.wording import say

PRINT_CSS = """
body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; font-size: 9.5pt;
       line-height: 1.25; max-width: 52em; margin: 1em auto; color: #111; }
h1 { font-size: 15pt; margin: 0 0 0.1em; } h2 { font-size: 10.5pt; margin: 0.5em 0 0.15em; }
p, ul { margin: 0.15em 0; } ul { padding-left: 1.1em; }
.box { border-left: 5px solid #D55E00; background: #fbe9e1; padding: 0.2em 0.5em; }
.box h2 { margin-top: 0.1em; }
.cols { columns: 2; column-gap: 1.2em; } .cols li { break-inside: avoid; }
.grid { display: grid; grid-template-columns: 1fr 1.5fr; gap: 0 1.2em; }
table { border-collapse: collapse; width: 100%; } td, th { border-bottom: 1px solid #ccc;
        padding: 0.05em 0.3em; text-align: left; vertical-align: top; }
.small { font-size: 8pt; color: #222; }
@media print { body { margin: 0; max-width: none; } .box { -webkit-print-color-adjust: exact;
               print-color-adjust: exact; } }
@page { size: A4; margin: 10mm; }
"""


def _e(text: object) -> str:
    return html.escape(str(text))


def _small(label: str, text: str) -> str:
    return f"<p class='small'><b>{_e(label)}</b> {text}</p>"


def recovery_handout_html(
    plan: pd.DataFrame, *, checks: Mapping[str, bool] | None = None, name: str = ""
) -> str:
    """A printable one-page HTML plan: when to seek care, the ice times day by day, what to do
    and avoid, and for a strain the stages with their checks, time frames and walk-run plan."""
    a = plan.attrs
    met = checked_ticks(checks)
    who = " " + say("recovery.handout_for", name=name.strip()) if name.strip() else ""
    what = say(f"recovery.handout_what_{a['kind']}")
    onset = a["onset"].tz_convert(plan["start"].dt.tz)
    wake, sleep = a["waking_hours"]
    began = say(
        "recovery.handout_began",
        onset=f"{onset:%A %d %B %Y, %H:%M}",
        tz=a["tz"],
        wake=f"{wake:02d}",
        sleep=f"{sleep:02d}",
    )
    parts = [
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>",
        f"<title>{_e(say('recovery.handout_title', who=who))}</title>"
        f"<style>{PRINT_CSS}</style></head><body>",
        f"<h1>{_e(say('recovery.handout_heading', who=who, what=what, severity=a['severity']))}"
        "</h1>",
        f"<p>{_e(began)} <span class='small'>{_e(say('common.disclaimer'))}</span></p>",
        f"<div class='box'><h2>{_e(say('recovery.handout_seek_care'))}</h2><ul class='cols small'>",
    ]
    # One line per level (its action, then the signs), so every sign fits on the page.
    from hamstring_edu.assessment import questionnaire

    signs = care_signs()
    for level in questionnaire().levels:
        titles = signs.loc[signs["level"] == level.id, "title"].tolist()
        if titles:
            parts.append(
                f"<li><b>{_e(level.title)}</b> ({_e(level.who)}): {_e('; '.join(titles))}.</li>"
            )
    for r in plan[plan["category"] == "care"].itertuples():
        if not is_care_sign(r.action):  # advice of the plan's own, not a flag
            parts.append(f"<li><b>{_e(r.action)}</b>: {_e(r.how)}</li>")
    parts.append("</ul></div><div class='grid'><div>")
    ice = plan[plan["category"] == "ice"]
    if len(ice):
        heading = say("recovery.handout_ice", hours=f"{a['ice_hours']:g}")
        parts.append(f"<h2>{_e(heading)}</h2><p class='small'>{_e(ice_how())}</p><table>")
        for day, rows in ice.groupby(ice["start"].dt.date, sort=True):
            times = ", ".join(f"{t:%H:%M}" for t in rows["start"])
            parts.append(f"<tr><td>{day:%a %d %b}</td><td>{times}</td></tr>")
        parts.append("</table>")
    checks_at = plan.loc[plan["category"] == "check", "start"]
    days = "".join(f"<li>{t:%a %d %b %H:%M}</li>" for t in checks_at)
    parts.append(
        f"<h2>{_e(say('recovery.handout_check_ins'))}</h2>"
        f"<p class='small'>{_e(say('recovery.handout_check_ask'))}</p>"
        f"<ul class='small cols'>{days}</ul></div><div>"
        f"<h2>{_e(say('recovery.handout_to_do'))}</h2><ul>"
    )
    seen = set()
    for r in plan.itertuples():
        if r.category in {"ice", "care", "check", "sleep"} or r.action in seen:
            continue
        seen.add(r.action)
        if r.category in {"compression", "info"}:
            when = ""
        elif r.start == onset:
            when = f" ({say('recovery.handout_until', when=f'{r.end:%a %H:%M}')})"
        else:
            when = f" ({say('recovery.handout_from', when=f'{r.start:%a %H:%M}')})"
        parts.append(f"<li><b>{_e(r.action)}</b>{when}: {_e(r.how)}</li>")
    parts.append("</ul></div></div>")
    limits = a.get("limits", NO_LIMITS)
    if limits:
        items = "".join(f"<li>{_e(r.reason)}</li>" for r in limits.items)
        heading = say("recovery.handout_limits")
        parts.append(f"<h2>{_e(heading)}</h2><ul class='small'>{items}</ul>")
    if a["kind"] == "strain":
        parts += _strain_part(plan, met, limits)
    refs = sorted({r for refs in plan["refs"] for r in refs})
    sources = html.escape(say("recovery.handout_sources", refs=", ".join(refs)), quote=False)
    parts.append(f"<p class='small'>{sources}</p></body></html>")
    return "".join(parts)


def _strain_part(plan: pd.DataFrame, met: dict[str, bool], limits: object) -> list[str]:
    """The stages with their checks, the reported times and the walk-run plan."""
    a = plan.attrs
    stage = current_stage(met)
    parts = [f"<h2>{_e(say('recovery.handout_stages'))}</h2><table>"]
    for s in guidance().stages:
        here = f" &#9664; {_e(say('recovery.handout_here'))}" if s.number == stage else ""
        boxes = "<br>".join(
            f"{'&#9745;' if met.get(c.id) else '&#9744;'} {_e(c.text)}" for c in s.move_on
        )
        parts.append(
            f"<tr><td><b>{s.number}. {_e(s.name)}</b>{here}</td><td class='small'>{boxes}</td></tr>"
        )
    parts.append("</table>")
    frames = recovery_time_frames(a["severity"])
    fit = frames[frames["fits"]]
    spread = "; ".join(f"{g}: {lab}" for g, lab in zip(fit["group"], fit["label"], strict=True))
    note = _e(frames.attrs["note"])
    parts.append(_small(say("recovery.handout_times"), f"({_e(spread)}; ekstrand2012). {note}"))
    gate = return_to_run(met, severity=a["severity"], limits=limits)
    label = say("recovery.handout_walk_run")
    if limits.plan("return_to_run"):  # the gate's message says why there is no plan
        parts.append(_small(f"{label}:", _e(gate.message)))
    elif gate.ready:
        weeks = "; ".join(f"week {w.week}: {w.short}" for w in gate.plan.itertuples())
        ready = say(
            "recovery.handout_walk_run_ready",
            severity=a["severity"],
            warm=WARM_WALK_MIN,
            weeks=weeks,
            rule=gate.plan.attrs["rule"],
        )
        parts.append(_small(label, _e(ready)))
    else:
        parts.append(_small(f"{label}:", _e(say("recovery.handout_walk_run_later"))))
    parts.append(_small(say("recovery.handout_pain_returns"), _e(say("recovery.stop_rule"))))
    return parts


# the texts asked for by a computed key above
WHAT_KEYS = ("recovery.handout_what_soreness", "recovery.handout_what_strain")
