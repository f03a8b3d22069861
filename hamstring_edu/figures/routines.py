"""Figures of routines: a timeline of the steps, and the weekly strength plan."""

from __future__ import annotations

import html

import pandas as pd
import plotly.graph_objects as go

from hamstring_edu.figures.style import OKABE_ITO, new_figure, styled
from hamstring_edu.routines import kind_name, phase_name
from hamstring_edu.wording import clock, say

PHASE_COLOURS = {
    "aerobic": OKABE_ITO["orange"],
    "dynamic": OKABE_ITO["blue"],
    "strides": OKABE_ITO["vermillion"],
    "static": OKABE_ITO["green"],
}
TOP_LEGEND = {"orientation": "h", "yanchor": "bottom", "y": 1.0, "xanchor": "right", "x": 1}


def routine_timeline(plan: pd.DataFrame) -> go.Figure:
    """A horizontal timeline: one bar per step, placed at its start, coloured by phase."""
    fig = new_figure()
    labels = [f"{r.step}. {r.name}" for r in plan.itertuples()]
    for phase, rows in plan.groupby("phase", sort=False):
        fig.add_trace(
            go.Bar(
                name=phase_name(phase),
                orientation="h",
                base=rows["start_s"] / 60,
                x=rows["duration_s"] / 60,
                y=[labels[i] for i in rows.index],
                marker={"color": PHASE_COLOURS.get(phase, OKABE_ITO["grey"])},
                hovertext=[
                    f"<b>{html.escape(r.name)}</b> ({r.start}-{_end(r)})<br>{html.escape(r.dose)}"
                    for r in rows.itertuples()
                ],
                hoverinfo="text",
            )
        )
    fig.update_yaxes(categoryorder="array", categoryarray=labels[::-1])
    fig.update_layout(legend=TOP_LEGEND)
    return styled(
        fig,
        title=say(
            "routines.timeline_title",
            kind=kind_name(plan.attrs.get("kind")),
            minutes=plan["duration_s"].sum() / 60,
            steps=len(plan),
        ),
        x_title=say("routines.timeline_x"),
        height=140 + 34 * len(plan),
    )


def _end(row: object) -> str:
    return clock(row.start_s + row.duration_s)


def strength_plan_chart(plan: pd.DataFrame) -> go.Figure:
    """Repetitions per week of each strength exercise, side by side (never added together)."""
    fig = new_figure()
    colours = [OKABE_ITO["blue"], OKABE_ITO["orange"], OKABE_ITO["green"]]
    for (name, rows), colour in zip(plan.groupby("name", sort=False), colours, strict=False):
        fig.add_trace(
            go.Bar(
                name=name,
                x=rows["week"],
                y=rows["reps_per_week"],
                marker={"color": colour},
                hovertext=[
                    say(
                        "routines.strength_hover",
                        week=r.week,
                        sessions=r.sessions,
                        sets=r.sets,
                        reps=r.reps,
                    )
                    + f"<br>{html.escape(r.basis)}"
                    for r in rows.itertuples()
                ],
                hoverinfo="text+name",
            )
        )
    fig.update_layout(barmode="group", legend=TOP_LEGEND)
    level = plan.attrs.get("level")
    return styled(
        fig,
        title=say("routines.strength_title_level", level=level)
        if level
        else say("routines.strength_title"),
        x_title=say("routines.strength_x"),
        y_title=say("routines.strength_y"),
    )
