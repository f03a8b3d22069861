"""Figures of a self-assessment result: cause scores stacked by the answers behind them."""

from __future__ import annotations

import functools
import html
from typing import TYPE_CHECKING

import plotly.graph_objects as go

from hamstring_edu.assessment import Assessment
from hamstring_edu.content import CAUSE_IDS, load_content
from hamstring_edu.figures.style import CAUSE_COLOURS, describe, new_figure, styled
from hamstring_edu.questions import questionnaire
from hamstring_edu.wording import say

if TYPE_CHECKING:
    import pandas as pd


@functools.cache
def scoring_questions() -> tuple[str, ...]:
    """Ids of the questions that can add to a cause score: one bar segment (trace) each."""
    return tuple(
        q.id for q in questionnaire().questions if any(q.max_points(c) > 0 for c in CAUSE_IDS)
    )


def segments(result: Assessment) -> list[tuple[str, list[float], list[str]]]:
    """Per scoring question: its share of each cause's score (in cause order) and hover texts."""
    content = load_content()
    found = {(c.question, cause): c for cause in CAUSE_IDS for c in result.contributions[cause]}
    out = []
    for qid in scoring_questions():
        shares, hovers = [], []
        for cause in CAUSE_IDS:
            c = found.get((qid, cause))
            shares.append(c.share if c else 0.0)
            if c is None:
                hovers.append("")
                continue
            answer = say("assessment.figure_answer", answer=html.escape(c.answer))
            adds = say("assessment.figure_adds", points=c.share)
            hovers.append(
                f"<b>{html.escape(content.cause(cause).title)}</b><br>{_wrap(c.text)}"
                f"<br>{answer}<br>{adds}"
            )
        out.append((qid, shares, hovers))
    return out


def _wrap(text: str, width: int = 60) -> str:
    """Escaped text broken into lines for a hover label."""
    import textwrap

    return "<br>".join(html.escape(line) for line in textwrap.wrap(text, width))


def ranked_titles(result: Assessment) -> list[str]:
    """Cause titles from the lowest score to the highest (the y-axis order, top cause on top)."""
    content = load_content()
    return [content.cause(c).title for c, _ in reversed(result.ranking)]


def title(result: Assessment) -> str:
    """The chart title, with how much of the questionnaire was answered."""
    return say("assessment.figure_title", share=result.completeness)


def cause_scores(result: Assessment) -> go.Figure:
    """Horizontal stacked bars: each cause's score (0-100) split into the answers that built it."""
    content = load_content()
    titles = [content.cause(c).title for c in CAUSE_IDS]
    colours = [CAUSE_COLOURS[c] for c in CAUSE_IDS]
    traces = [  # one stacked segment per answer that adds points (plain dicts: quick to build)
        {
            "type": "bar",
            "name": qid,
            "orientation": "h",
            "x": shares,
            "y": titles,
            "marker": {"color": colours, "line": {"color": "white", "width": 1}},
            "hovertext": hovers,
            "hoverinfo": "text",
            "showlegend": False,
        }
        for qid, shares, hovers in segments(result)
        if any(shares)
    ]
    fig = new_figure(traces)
    fig.update_layout(barmode="stack")
    fig.update_yaxes(categoryorder="array", categoryarray=ranked_titles(result))
    fig.update_xaxes(range=[0, 100])
    styled(
        fig,
        title=title(result),
        x_title=say("assessment.figure_x"),
        y_title=None,
        height=380,
    )
    return describe(fig, summary(result), score_table(result))


def summary(result: Assessment) -> str:
    """The chart in one sentence: the top causes and their scores in words."""
    content = load_content()
    ranked = [(content.cause(c).title, s) for c, s in result.ranking if s > 0]
    if not ranked:
        return say("assessment.figure_summary_none", share=result.completeness)
    parts = [say("assessment.figure_summary_item", cause=t, score=s) for t, s in ranked[:3]]
    listed = (
        parts[0]
        if len(parts) == 1
        else say("assessment.listed_then", items=", ".join(parts[:-1]), last=parts[-1])
    )
    rest = [t for t, _ in ranked[3:]]
    zero = [content.cause(c).title for c, s in result.ranking if s <= 0]
    text = say("assessment.figure_summary", listed=listed, share=result.completeness)
    if rest:
        text += " " + say("assessment.figure_summary_rest", causes=", ".join(rest))
    if zero:
        text += " " + say("assessment.figure_summary_zero", causes=", ".join(zero))
    return text


def score_table(result: Assessment) -> pd.DataFrame:
    """The chart as a table: each cause (top first), its score, and the answers behind it."""
    import pandas as pd

    content = load_content()
    return pd.DataFrame(
        [
            {
                say("assessment.figure_col_cause"): content.cause(c).title,
                say("assessment.figure_col_score"): round(s),
                say("assessment.figure_col_answers"): "; ".join(
                    say("assessment.figure_col_answer", said=x.said, points=x.share)
                    for x in result.contributions[c]
                ),
            }
            for c, s in result.ranking
        ]
    )
