"""Figures for the anatomy primer, drawn from ``data/anatomy.toml`` (no images): the hamstrings
from behind, the leg in a stride's positions, and how long the hamstrings are in each."""

from __future__ import annotations

import html

import pandas as pd
import plotly.graph_objects as go

from hamstring_edu.anatomy import Anatomy
from hamstring_edu.figures.style import OKABE_ITO, styled

MUSCLE_COLOURS = {
    "biceps_femoris_long": OKABE_ITO["vermillion"],
    "biceps_femoris_short": OKABE_ITO["orange"],
    "semitendinosus": OKABE_ITO["blue"],
    "semimembranosus": OKABE_ITO["green"],
}
BONE = "#bdbdbd"


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
        text = (
            f"<b>{html.escape(m.name)}</b><br>starts at {html.escape(m.origin)}<br>"
            f"ends at {html.escape(m.insertion)}<br>crosses the {' and the '.join(m.crosses)}"
        )
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
                text=["sitting bone"],
                textposition="middle left",
                name="Sitting bone (ischial tuberosity)",
                hovertext="The sitting bone (ischial tuberosity): three of the four start here",
                hoverinfo="text",
            )
        )
    fig.update_yaxes(scaleanchor="x", scaleratio=1, range=[-92, 14])
    fig.update_xaxes(range=[-24, 16], constrain="domain")
    fig.update_layout(legend={"orientation": "h"})
    return styled(
        fig,
        title="The hamstrings from behind (right leg, schematic)",
        x_title="inner <- -> outer (cm, schematic)",
        y_title="height from the hip joint (cm, schematic)",
        height=620,
    )


def stride_figure(geometry: pd.DataFrame) -> go.Figure:
    """The schematic leg (side view) in each stride position, side by side, with the line from
    the sitting bone to below the knee drawn in colour; hover for the angles and the length."""
    fig = go.Figure()
    gap = 70.0
    shown = geometry[geometry["id"] != "standing"].reset_index(drop=True)
    longest = shown["length_cm"].idxmax()
    for i, row in shown.iterrows():
        dx = i * gap
        fig.add_trace(
            go.Scatter(
                x=[row.hip_x + dx, row.knee_x + dx, row.ankle_x + dx],
                y=[row.hip_y, row.knee_y, row.ankle_y],
                mode="lines+markers",
                line={"color": BONE, "width": 6},
                marker={"size": 7, "color": "#7f7f7f"},
                name="leg",
                showlegend=i == 0,
                legendgroup="leg",
                hovertext=(
                    f"{html.escape(row.position)}: hip {row.hip_deg:g}°, knee {row.knee_deg:g}°"
                ),
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
                name="hamstrings (sitting bone to below the knee)",
                showlegend=i == 0,
                legendgroup="ham",
                hovertext=(
                    f"<b>{html.escape(row.position)}</b>: {row.length_cm:.1f} cm, "
                    f"{row.length_pct:.0f}% of standing<br>{html.escape(row.note)}"
                ),
                hoverinfo="text",
            )
        )
        fig.add_annotation(
            x=dx,
            y=12,
            text=f"<b>{html.escape(row.position)}</b>",
            showarrow=False,
            yanchor="bottom",
        )
    fig.update_yaxes(scaleanchor="x", scaleratio=1, range=[-100, 22])
    fig.update_layout(legend={"orientation": "h"})
    return styled(
        fig,
        title="A stride from the side (schematic): the hamstring line is longest in late swing",
        x_title="forward (cm, schematic; positions side by side)",
        y_title="height from the hip (cm)",
        height=460,
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
                f"<b>{html.escape(r.position)}</b>: hip {r.hip_deg:g}°, knee {r.knee_deg:g}°, "
                f"{r.length_cm:.1f} cm<br>{html.escape(r.note)}"
                for r in geometry.itertuples()
            ],
            hoverinfo="text",
            name="length",
        )
    )
    fig.add_hline(y=100, line_dash="dot", line_color=OKABE_ITO["grey"])
    top = float(geometry["length_pct"].max())
    fig.update_yaxes(range=[80, top + 8])
    return styled(
        fig,
        title="How long the hamstrings are in each position (schematic)",
        x_title="position in the stride",
        y_title="length (% of standing)",
        height=400,
    )


__all__ = ["hamstring_diagram", "length_chart", "stride_figure"]
