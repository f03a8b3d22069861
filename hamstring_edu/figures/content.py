"""Figures of the cause/solution model: the whole model at a glance."""

from __future__ import annotations

import html

import pandas as pd
import plotly.graph_objects as go

from hamstring_edu.content import VERDICT_LABELS, Content
from hamstring_edu.figures.style import VERDICT_COLOURS, describe, new_figure, styled
from hamstring_edu.wording import DOSE, say

ROOT_LABEL = "Sore<br>hamstrings"
CAUSE_COLOUR = "#3b4252"  # neutral: colour in this figure means evidence only
VERDICT_COLOUR_WORDS = {  # the verdict colours' names, as the summary says them
    "supported": "dark blue",
    "partly_supported": "light blue",
    "contested": "orange",
    "not_supported": "red-orange",
    "not_verified": "grey",
    None: "grey",
}


def model_sunburst(content: Content) -> go.Figure:
    """A sunburst of the six causes and their solutions, solutions coloured by evidence verdict."""
    ids, labels, parents, colours, hovers = (
        ["root"],
        [ROOT_LABEL],
        [""],
        ["#ffffff"],
        [say("explorer.root_hover")],
    )
    for cause in content.causes:
        ids.append(cause.id)
        labels.append(_wrap(cause.title, 16))
        parents.append("root")
        colours.append(CAUSE_COLOUR)
        hovers.append(_wrap(cause.short))
        for solution in cause.solutions:
            verdict = _verdict(content, solution.id)
            ids.append(solution.id)
            labels.append(_wrap(solution.name, 16))
            parents.append(cause.id)
            colours.append(VERDICT_COLOURS[verdict])
            dose = f"<br><b>{DOSE}:</b> {_wrap(solution.dose)}" if solution.dose else ""
            label = VERDICT_LABELS.get(verdict) or say("explorer.no_note")
            evidence = f"<b>{say('explorer.evidence_heading')}</b> {label}"
            hovers.append(f"{_wrap(solution.text)}{dose}<br>{evidence}")
    fig = new_figure(
        go.Sunburst(
            ids=ids,
            labels=labels,
            parents=parents,
            marker={"colors": colours, "line": {"color": "white", "width": 1.5}},
            hovertext=hovers,
            hoverinfo="text",
            insidetextorientation="horizontal",
            leaf={"opacity": 1.0},
            branchvalues="remainder",
        )
    )
    # Legend for the verdict colours: invisible markers, one per verdict.
    for verdict, label in VERDICT_LABELS.items():
        fig.add_trace(
            go.Scatter(
                x=[None],
                y=[None],
                mode="markers",
                marker={"size": 12, "color": VERDICT_COLOURS[verdict], "symbol": "square"},
                name=say("explorer.legend", verdict=label),
                hoverinfo="skip",
            )
        )
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    fig.update_layout(legend={"orientation": "h", "y": -0.05})
    styled(fig, title=say("explorer.sunburst_title"), height=620)
    return describe(fig, _sunburst_summary(content), _sunburst_table(content))


def _sunburst_summary(content: Content) -> str:
    verdicts = [_verdict(content, s.id) for c in content.causes for s in c.solutions]
    counts = "; ".join(
        say(
            "explorer.sunburst_count",
            count=verdicts.count(verdict),
            verdict=VERDICT_LABELS.get(verdict) or say("explorer.no_note"),
            colour=VERDICT_COLOUR_WORDS[verdict],
        )
        for verdict in dict.fromkeys([*VERDICT_LABELS, None])
        if verdicts.count(verdict)
    )
    causes = "; ".join(f"{c.title} ({len(c.solutions)})" for c in content.causes)
    return say(
        "explorer.sunburst_summary",
        causes=len(content.causes),
        solutions=len(verdicts),
        per_cause=causes,
        counts=counts,
    )


def _sunburst_table(content: Content) -> pd.DataFrame:
    rows = [
        (
            c.title,
            s.name,
            VERDICT_LABELS.get(_verdict(content, s.id)) or say("explorer.no_note"),
        )
        for c in content.causes
        for s in c.solutions
    ]
    columns = [say("explorer.col_cause"), say("explorer.col_solution"), say("explorer.col_verdict")]
    return pd.DataFrame(rows, columns=columns)


def _verdict(content: Content, item_id: str) -> str | None:
    notes = content.evidence_for(item_id)
    return notes[0].verdict if notes else None


def _wrap(text: str, width: int = 60) -> str:
    """Escaped text broken into lines of about ``width`` characters for hover labels."""
    words, lines, line = html.escape(text).split(), [], ""
    for word in words:
        if line and len(line) + len(word) + 1 > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    lines.append(line)
    return "<br>".join(lines)
