"""Figures for reading the evidence: ratios with their 95% confidence intervals (a forest plot)."""

from __future__ import annotations

import html
from collections.abc import Sequence

import pandas as pd
import plotly.graph_objects as go

from hamstring_edu.effect_sizes import ReportedRatio, read_ratio
from hamstring_edu.figures.style import OKABE_ITO, describe, styled
from hamstring_edu.wording import say


def ratio_chart(ratios: Sequence[ReportedRatio]) -> go.Figure:
    """Each reported ratio as a point with its 95% CI as a bar, on a log scale with a line at
    1 (no difference); intervals that include 1 are drawn in orange, the others in blue."""
    fig = go.Figure()
    readings = []
    for r in ratios:
        reading = read_ratio(r.ratio, r.low, r.high, kind=r.kind)
        readings.append(reading)
        colour = OKABE_ITO["orange"] if reading.includes_one else OKABE_ITO["blue"]
        label = f"{r.ref} ({r.kind})"
        fig.add_trace(
            go.Scatter(
                x=[r.ratio],
                y=[label],
                mode="markers",
                marker={"size": 13, "color": colour, "symbol": "square"},
                error_x={
                    "type": "data",
                    "symmetric": False,
                    "array": [r.high - r.ratio],
                    "arrayminus": [r.ratio - r.low],
                    "color": colour,
                    "thickness": 3,
                    "width": 8,
                },
                name=say("evidence.includes_one")
                if reading.includes_one
                else say("evidence.excludes_one"),
                legendgroup=str(reading.includes_one),
                hovertext=f"<b>{html.escape(label)}</b>: {r.ratio:g} ({r.low:.2f}-{r.high:.2f})"
                f"<br>{html.escape(reading.sentence)}",
                hoverinfo="text",
            )
        )
    seen: set[str] = set()
    for trace in fig.data:  # one legend entry per colour
        trace.showlegend = trace.name not in seen
        seen.add(trace.name)
    fig.add_vline(x=1, line_dash="dash", line_color=OKABE_ITO["black"])
    fig.update_xaxes(type="log", range=[-0.8, 0.55], tickvals=[0.2, 0.5, 1, 2, 3])
    fig.update_yaxes(autorange="reversed")
    fig.update_layout(legend={"orientation": "h"})
    styled(
        fig,
        title=say("evidence.ratio_title"),
        x_title=say("evidence.ratio_x"),
        y_title=say("evidence.ratio_y"),
        height=160 + 60 * len(ratios),
    )
    studies = "; ".join(
        say(
            "evidence.ratio_line",
            ref=r.ref,
            kind=r.kind,
            ratio=f"{r.ratio:g}",
            low=f"{r.low:.2f}",
            high=f"{r.high:.2f}",
            colour=say("evidence.orange") if reading.includes_one else say("evidence.blue"),
            which=say("evidence.includes_one")
            if reading.includes_one
            else say("evidence.excludes_one"),
        )
        for r, reading in zip(ratios, readings, strict=True)
    )
    summary = say("evidence.ratio_summary", count=len(ratios), studies=studies)
    table = pd.DataFrame(
        {
            say("evidence.col_study"): [r.ref for r in ratios],
            say("evidence.col_kind"): [r.kind for r in ratios],
            say("evidence.col_ratio"): [r.ratio for r in ratios],
            say("evidence.col_low"): [r.low for r in ratios],
            say("evidence.col_high"): [r.high for r in ratios],
            say("evidence.col_reading"): [x.sentence for x in readings],
        }
    )
    return describe(fig, summary, table)


__all__ = ["ratio_chart"]
