"""Figures of a self-assessment result: cause scores stacked by the answers behind them."""

from __future__ import annotations

import html

import plotly.graph_objects as go

from hamstring_edu.assessment import Assessment, questionnaire
from hamstring_edu.content import CAUSE_IDS, load_content
from hamstring_edu.figures.style import CAUSE_COLOURS, styled


def scoring_questions() -> tuple[str, ...]:
    """Ids of the questions that can add to a cause score: one bar segment (trace) each."""
    return tuple(
        q.id for q in questionnaire().questions if any(q.max_points(c) > 0 for c in CAUSE_IDS)
    )


def cause_scores(result: Assessment) -> go.Figure:
    """Horizontal stacked bars: each cause's score (0-100) split into the answers that built it."""
    content = load_content()
    titles = [content.cause(c).title for c in CAUSE_IDS]
    fig = go.Figure()
    for qid in scoring_questions():
        shares, hovers = [], []
        for cause in CAUSE_IDS:
            found = next((c for c in result.contributions[cause] if c.question == qid), None)
            shares.append(found.share if found else 0.0)
            hovers.append(
                f"<b>{html.escape(content.cause(cause).title)}</b><br>"
                f"{html.escape(found.text)}<br>Your answer: {html.escape(found.answer)}"
                f"<br>adds {found.share:.1f} points"
                if found
                else ""
            )
        fig.add_trace(
            go.Bar(
                name=qid,
                orientation="h",
                x=shares,
                y=titles,
                marker={
                    "color": [CAUSE_COLOURS[c] for c in CAUSE_IDS],
                    "line": {"color": "white", "width": 1},
                },
                hovertext=hovers,
                hoverinfo="text",
                showlegend=False,
            )
        )
    order = [content.cause(c).title for c, _ in reversed(result.ranking)]
    fig.update_layout(barmode="stack")
    fig.update_yaxes(categoryorder="array", categoryarray=order)
    fig.update_xaxes(range=[0, 100])
    return styled(
        fig,
        title=f"Which causes fit your answers (answered {result.completeness:.0%} of questions)",
        x_title="score (0-100, share of the most each cause could get)",
        y_title=None,
        height=380,
    )
