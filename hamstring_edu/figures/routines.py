"""Figures of routines: a timeline of the steps, and the weekly strength plan."""

from __future__ import annotations

import html

import pandas as pd
import plotly.graph_objects as go

from hamstring_edu.figures.style import OKABE_ITO, describe, legend_below, new_figure, styled
from hamstring_edu.routines import kind_name, phase_name
from hamstring_edu.wording import clock, say

PHASE_COLOURS = {
    "aerobic": OKABE_ITO["orange"],
    "dynamic": OKABE_ITO["blue"],
    "strides": OKABE_ITO["vermillion"],
    "static": OKABE_ITO["green"],
}
# The colours' names, as a summary says them (colour never carries meaning alone).
COLOUR_WORDS = {
    OKABE_ITO["orange"]: "orange",
    OKABE_ITO["blue"]: "blue",
    OKABE_ITO["vermillion"]: "red-orange",
    OKABE_ITO["green"]: "green",
    OKABE_ITO["grey"]: "grey",
}
STRENGTH_COLOURS = [OKABE_ITO["blue"], OKABE_ITO["orange"], OKABE_ITO["green"]]


def routine_timeline(plan: pd.DataFrame) -> go.Figure:
    """A horizontal timeline: one bar per step, placed at its start, coloured by phase (the phase
    is named in the legend, the hover text and the summary)."""
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
                    f"<b>{html.escape(r.name)}</b> ({r.start}-{_end(r)}, "
                    f"{html.escape(phase_name(phase))})<br>{html.escape(r.dose)}"
                    for r in rows.itertuples()
                ],
                hoverinfo="text",
            )
        )
    fig.update_yaxes(categoryorder="array", categoryarray=labels[::-1])
    kind = kind_name(plan.attrs.get("kind"))
    minutes = plan["duration_s"].sum() / 60
    styled(
        fig,
        title=say("routines.timeline_title", kind=kind, minutes=minutes, steps=len(plan)),
        x_title=say("routines.timeline_x"),
        height=140 + 34 * len(plan),
    )
    legend_below(fig)
    return describe(fig, _timeline_summary(plan, kind, minutes), _timeline_table(plan))


def _timeline_summary(plan: pd.DataFrame, kind: str, minutes: float) -> str:
    phases = "; ".join(
        say(
            "routines.timeline_phase",
            phase=phase_name(phase),
            time=clock(rows["duration_s"].sum()),
            colour=COLOUR_WORDS.get(PHASE_COLOURS.get(phase, OKABE_ITO["grey"]), "grey"),
        )
        for phase, rows in plan.groupby("phase", sort=False)
    )
    steps = "; ".join(
        say("routines.timeline_step", step=r.step, name=r.name, start=r.start, end=_end(r))
        for r in plan.itertuples()
    )
    return say(
        "routines.timeline_summary",
        kind=kind,
        minutes=minutes,
        count=len(plan),
        phases=phases,
        steps=steps,
    )


def _timeline_table(plan: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame(
        {
            say("routines.col_step"): plan["step"].tolist(),
            say("routines.col_exercise"): plan["name"].tolist(),
            say("routines.col_phase"): [phase_name(p) for p in plan["phase"]],
            say("routines.col_start"): plan["start"].tolist(),
            say("routines.col_end"): [_end(r) for r in plan.itertuples()],
            say("routines.col_how"): plan["dose"].tolist(),
        }
    )


def _end(row: object) -> str:
    return clock(row.start_s + row.duration_s)


def strength_plan_chart(plan: pd.DataFrame) -> go.Figure:
    """Repetitions per week of each strength exercise, side by side (never added together)."""
    fig = new_figure()
    groups = list(plan.groupby("name", sort=False))
    for (name, rows), colour in zip(groups, STRENGTH_COLOURS, strict=False):
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
    fig.update_layout(barmode="group")
    fig.update_xaxes(dtick=1)  # whole weeks only
    level = plan.attrs.get("level")
    styled(
        fig,
        title=say("routines.strength_title_level", level=level)
        if level
        else say("routines.strength_title"),
        x_title=say("routines.strength_x"),
        y_title=say("routines.strength_y"),
    )
    legend_below(fig)
    parts = []
    for (name, rows), colour in zip(groups, STRENGTH_COLOURS, strict=False):
        peak = rows.loc[rows["reps_per_week"].idxmax()]
        reps = rows["reps_per_week"]
        if reps.nunique() == 1:  # the same every week
            parts.append(
                say(
                    "routines.strength_flat",
                    name=name,
                    colour=COLOUR_WORDS[colour],
                    reps=reps.iloc[0],
                )
            )
            continue
        parts.append(
            say(
                "routines.strength_part",
                name=name,
                colour=COLOUR_WORDS[colour],
                first=int(rows["reps_per_week"].iloc[0]),
                last=int(rows["reps_per_week"].iloc[-1]),
                peak=int(peak["reps_per_week"]),
                peak_week=int(peak["week"]),
            )
        )
    summary = say(
        "routines.strength_summary",
        weeks=int(plan["week"].max()),
        parts="; ".join(parts),
    )
    table = plan[["week", "name", "sessions", "sets", "reps", "reps_per_week"]].rename(
        columns={
            "week": say("routines.col_week"),
            "name": say("routines.col_exercise"),
            "sessions": say("routines.col_sessions"),
            "sets": say("routines.col_sets"),
            "reps": say("routines.col_reps"),
            "reps_per_week": say("routines.strength_y"),
        }
    )
    return describe(fig, summary, table)
