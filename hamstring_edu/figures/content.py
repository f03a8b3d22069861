"""Figures of the cause/solution model: the whole model at a glance."""

from __future__ import annotations

import html

import plotly.graph_objects as go

from hamstring_edu.content import VERDICT_LABELS, Content
from hamstring_edu.figures.style import VERDICT_COLOURS, new_figure, styled
from hamstring_edu.wording import DOSE, say

ROOT_LABEL = "Sore<br>hamstrings"
CAUSE_COLOUR = "#3b4252"  # neutral: colour in this figure means evidence only


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
    return styled(
        fig,
        title=say("explorer.sunburst_title"),
        height=620,
    )


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
