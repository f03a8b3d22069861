"""Figures for the anatomy primer, drawn from ``data/anatomy.toml`` (no images): the hamstrings
from behind, the leg in a stride's positions, and how long the hamstrings are in each."""

from __future__ import annotations

import html

import pandas as pd
import plotly.graph_objects as go

from hamstring_edu.anatomy import Anatomy
from hamstring_edu.figures.style import OKABE_ITO, describe, styled
from hamstring_edu.wording import say

MUSCLE_COLOURS = {
    "biceps_femoris_long": OKABE_ITO["vermillion"],
    "biceps_femoris_short": OKABE_ITO["orange"],
    "semitendinosus": OKABE_ITO["blue"],
    "semimembranosus": OKABE_ITO["green"],
}
BONE = "#bdbdbd"
COLOUR_WORDS = {
    OKABE_ITO["vermillion"]: "red-orange",
    OKABE_ITO["orange"]: "orange",
    OKABE_ITO["blue"]: "blue",
    OKABE_ITO["green"]: "green",
    OKABE_ITO["purple"]: "pink",
}


def hamstring_diagram(anatomy: Anatomy) -> go.Figure:
    """The right leg from behind (schematic): bones in grey, each hamstring from its start to
    its end, the sitting bone marked; hover a muscle for where it starts, ends and what it
    crosses."""
    fig = go.Figure()
    for bone in anatomy.bones:
        xs, ys = zip(*bone.points, strict=True)
        fig.add_trace(
            go.Scatter(
                x=xs,
                y=ys,
                mode="lines",
                line={"color": BONE, "width": 7},
                name=bone.name,
                hovertext=bone.name,
                hoverinfo="text",
                showlegend=False,
            )
        )
    for m in anatomy.muscles:
        (x0, y0), (x1, y1) = m.origin_xy, m.insertion_xy
        lines = (
            say("anatomy.starts_at", origin=m.origin),
            say("anatomy.ends_at", insertion=m.insertion),
            say("anatomy.crosses", joints=" and the ".join(m.crosses)),
        )
        text = "<br>".join((f"<b>{html.escape(m.name)}</b>", *map(html.escape, lines)))
        fig.add_trace(
            go.Scatter(
                x=[x0, (x0 + x1) / 2, x1],
                y=[y0, (y0 + y1) / 2, y1],
                mode="lines+markers",
                line={"color": MUSCLE_COLOURS.get(m.id, OKABE_ITO["purple"]), "width": 6},
                marker={"size": 8},
                name=m.name,
                hovertext=[text] * 3,
                hoverinfo="text",
            )
        )
    if "sitting_bone" in anatomy.landmarks:
        x, y = anatomy.landmarks["sitting_bone"]
        fig.add_trace(
            go.Scatter(
                x=[x],
                y=[y],
                mode="markers+text",
                marker={"size": 16, "color": OKABE_ITO["black"], "symbol": "diamond"},
                text=[say("anatomy.sitting_bone")],
                textposition="middle left",
                name=say("anatomy.sitting_bone_name"),
                hovertext=say("anatomy.sitting_bone_note"),
                hoverinfo="text",
            )
        )
    fig.update_yaxes(scaleanchor="x", scaleratio=1, range=[-92, 14])
    fig.update_xaxes(range=[-24, 16], constrain="domain")
    fig.update_layout(legend={"orientation": "h"})
    styled(
        fig,
        title=say("anatomy.diagram_title"),
        x_title=say("anatomy.diagram_x"),
        y_title=say("anatomy.diagram_y"),
        height=620,
    )
    muscles = ". ".join(
        say(
            "anatomy.diagram_muscle",
            name=m.name,
            colour=COLOUR_WORDS.get(MUSCLE_COLOURS.get(m.id, OKABE_ITO["purple"]), "pink"),
            origin=m.origin,
            insertion=m.insertion,
            joints=" and the ".join(m.crosses),
        )
        for m in anatomy.muscles
    )
    both = sum(1 for m in anatomy.muscles if len(m.crosses) > 1)
    summary = say("anatomy.diagram_summary", count=len(anatomy.muscles), both=both, muscles=muscles)
    table = pd.DataFrame(
        {
            say("anatomy.col_muscle"): [m.name for m in anatomy.muscles],
            say("anatomy.col_starts"): [m.origin for m in anatomy.muscles],
            say("anatomy.col_ends"): [m.insertion for m in anatomy.muscles],
            say("anatomy.col_crosses"): [" and ".join(m.crosses) for m in anatomy.muscles],
        }
    )
    return describe(fig, summary, table)


def stride_figure(geometry: pd.DataFrame) -> go.Figure:
    """The schematic leg (side view) in each stride position, side by side, with the line from
    the sitting bone to below the knee drawn in colour; hover for the angles and the length."""
    fig = go.Figure()
    gap = 70.0
    shown = geometry[geometry["id"] != "standing"].reset_index(drop=True)
    longest = shown["length_cm"].idxmax()
    for i, row in shown.iterrows():
        dx = i * gap
        position = html.escape(row.position)
        angles = say("anatomy.angles", hip=f"{row.hip_deg:g}", knee=f"{row.knee_deg:g}")
        length = say(
            "anatomy.line_length", length=f"{row.length_cm:.1f}", pct=f"{row.length_pct:.0f}"
        )
        fig.add_trace(
            go.Scatter(
                x=[row.hip_x + dx, row.knee_x + dx, row.ankle_x + dx],
                y=[row.hip_y, row.knee_y, row.ankle_y],
                mode="lines+markers",
                line={"color": BONE, "width": 6},
                marker={"size": 7, "color": "#7f7f7f"},
                name=say("anatomy.leg"),
                showlegend=i == 0,
                legendgroup="leg",
                hovertext=f"{position}: {html.escape(angles)}",
                hoverinfo="text",
            )
        )
        colour = OKABE_ITO["vermillion"] if i == longest else OKABE_ITO["blue"]
        fig.add_trace(
            go.Scatter(
                x=[row.sitting_bone_x + dx, row.insertion_x + dx],
                y=[row.sitting_bone_y, row.insertion_y],
                mode="lines",
                line={"color": colour, "width": 5},
                name=say("anatomy.hamstring_line"),
                showlegend=i == 0,
                legendgroup="ham",
                hovertext=f"<b>{position}</b>: {html.escape(length)}<br>{html.escape(row.note)}",
                hoverinfo="text",
            )
        )
        fig.add_annotation(
            x=dx,
            y=12,
            text=f"<b>{position}</b>",
            showarrow=False,
            yanchor="bottom",
        )
    fig.update_yaxes(scaleanchor="x", scaleratio=1, range=[-100, 22])
    fig.update_layout(legend={"orientation": "h"})
    styled(
        fig,
        title=say("anatomy.stride_title"),
        x_title=say("anatomy.stride_x"),
        y_title=say("anatomy.stride_y"),
        height=460,
    )
    return describe(fig, _lengths_summary(shown, "anatomy.stride_summary"), _lengths_table(shown))


def _lengths_summary(geometry: pd.DataFrame, key: str) -> str:
    longest = geometry.loc[geometry["length_cm"].idxmax()]
    shortest = geometry.loc[geometry["length_cm"].idxmin()]
    positions = "; ".join(
        say(
            "anatomy.position_line",
            position=r.position,
            hip=f"{r.hip_deg:g}",
            knee=f"{r.knee_deg:g}",
            length=f"{r.length_cm:.1f}",
            pct=f"{r.length_pct:.0f}",
        )
        for r in geometry.itertuples()
    )
    return say(
        key,
        longest=longest["position"],
        longest_pct=f"{longest['length_pct']:.0f}",
        shortest=shortest["position"],
        shortest_pct=f"{shortest['length_pct']:.0f}",
        positions=positions,
    )


def _lengths_table(geometry: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame(
        {
            say("anatomy.col_position"): geometry["position"].tolist(),
            say("anatomy.col_hip"): geometry["hip_deg"].round(0).tolist(),
            say("anatomy.col_knee"): geometry["knee_deg"].round(0).tolist(),
            say("anatomy.col_length"): geometry["length_cm"].round(1).tolist(),
            say("anatomy.length_y"): geometry["length_pct"].round(0).tolist(),
        }
    )


def length_chart(geometry: pd.DataFrame) -> go.Figure:
    """The sitting-bone-to-knee line in each position, as a % of its standing length."""
    colours = [
        OKABE_ITO["grey"] if pid == "standing" else OKABE_ITO["blue"] for pid in geometry["id"]
    ]
    colours[int(geometry["length_cm"].idxmax())] = OKABE_ITO["vermillion"]
    fig = go.Figure(
        go.Bar(
            x=geometry["position"],
            y=geometry["length_pct"],
            marker={"color": colours},
            text=[f"{v:.0f}%" for v in geometry["length_pct"]],
            textposition="outside",
            hovertext=[
                f"<b>{html.escape(r.position)}</b>: "
                + html.escape(say("anatomy.angles", hip=f"{r.hip_deg:g}", knee=f"{r.knee_deg:g}"))
                + f", {r.length_cm:.1f} cm<br>{html.escape(r.note)}"
                for r in geometry.itertuples()
            ],
            hoverinfo="text",
            name=say("anatomy.length"),
        )
    )
    fig.add_hline(y=100, line_dash="dot", line_color=OKABE_ITO["grey"])
    top = float(geometry["length_pct"].max())
    fig.update_yaxes(range=[80, top + 8])
    styled(
        fig,
        title=say("anatomy.length_title"),
        x_title=say("anatomy.length_x"),
        y_title=say("anatomy.length_y"),
        height=400,
    )
    summary = _lengths_summary(geometry, "anatomy.length_summary")
    return describe(fig, summary, _lengths_table(geometry))


__all__ = ["hamstring_diagram", "length_chart", "stride_figure"]
