"""Figures of a team's week: the athletes x weeks heatmap of ratio zones and weekly change, and
one athlete's daily load with their soreness check-ins on the same chart."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from hamstring_edu.figures.style import OKABE_ITO, new_figure, styled
from hamstring_edu.team import ZONES, TeamWeek

ZONE_COLOURS = {
    "no ratio": "#E8E8E8",
    "below 0.8": OKABE_ITO["sky"],
    "0.8-1.3": OKABE_ITO["green"],
    "1.3-1.5": OKABE_ITO["orange"],
    "above 1.5": OKABE_ITO["vermillion"],
}
LEVEL_MARKS = {"emergency": "emergency", "today": "today", "soon": "soon"}


def _day(value: object) -> str:
    return pd.Timestamp(value).strftime("%Y-%m-%d")


def _pct(value: float) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "n/a"
    return "from zero" if math.isinf(value) else f"{round(value):+d}%"  # never "-0%"


def _ratio(value: float) -> str:
    return "n/a" if value is None or math.isnan(value) else f"{value:.2f}"


def team_heatmap(view: TeamWeek) -> go.Figure:
    """Athletes x weeks coloured by ratio zone, each cell labelled with its ratio and weekly
    change; the chosen week is outlined."""
    s = view.settings
    grid = view.weeks
    athletes = list(view.athletes)
    weeks = [_day(w) for w in view.week_starts]
    n_zones = len(ZONES)
    codes = np.full((len(athletes), len(weeks)), np.nan)
    text = np.full(codes.shape, "", dtype=object)
    hover = np.full(codes.shape, "", dtype=object)
    row_of = {a: i for i, a in enumerate(athletes)}
    col_of = {w: j for j, w in enumerate(weeks)}
    unit = s.get("unit", "")
    for r in grid.itertuples():
        i, j = row_of[r.athlete], col_of[_day(r.week_start)]
        codes[i, j] = ZONES.index(r.zone)
        text[i, j] = f"{_ratio(r.ratio)}<br>{_pct(r.change_pct)}"
        load = "n/a" if pd.isna(r.load) else f"{r.load:.1f} {unit}"
        sore = "" if pd.isna(r.soreness) else f"<br>highest soreness {r.soreness:.0f}/10"
        level = f"<br>self-assessment: {r.level}" if r.level else ""
        hover[i, j] = (
            f"<b>{r.athlete}</b>, 7 days to {_day(r.day)}<br>load {load}"
            f"<br>change on the 7 days before: {_pct(r.change_pct)}"
            f"<br>{s['ratio_label']}: {_ratio(r.ratio)} ({r.zone}){sore}{level}"
        )
    # a stepped colour scale: code k fills [k/n, (k+1)/n] of the range
    scale = []
    for k, zone in enumerate(ZONES):
        scale += [[k / n_zones, ZONE_COLOURS[zone]], [(k + 1) / n_zones, ZONE_COLOURS[zone]]]
    fig = new_figure(
        go.Heatmap(
            z=codes,
            x=weeks,
            y=athletes,
            zmin=-0.5,
            zmax=n_zones - 0.5,
            colorscale=scale,
            text=text,
            texttemplate="%{text}",
            textfont={"size": 11, "color": "#111111"},
            hovertext=hover,
            hoverinfo="text",
            xgap=2,
            ygap=2,
            name="ratio zone",
            colorbar={
                "title": {"text": "zone"},
                "tickvals": list(range(n_zones)),
                "ticktext": list(ZONES),
                "len": 0.9,
            },
        )
    )
    chosen = _day(view.week_start)
    if chosen in col_of:
        j = col_of[chosen]
        fig.add_shape(
            type="rect",
            x0=j - 0.5,
            x1=j + 0.5,
            y0=-0.5,
            y1=len(athletes) - 0.5,
            line={"color": OKABE_ITO["black"], "width": 3},
            xref="x",
            yref="y",
        )
    fig.update_yaxes(autorange="reversed", type="category")
    fig.update_xaxes(type="category", tickangle=0)
    height = max(320, 120 + 34 * len(athletes))
    return styled(
        fig,
        title=(
            f"{s['ratio_label']} zone and weekly change, {len(weeks)} weeks "
            f"(cells: ratio, then change in {s.get('measure', 'load')})"
        ),
        x_title="week starting (Monday)",
        y_title="athlete",
        height=height,
    )


def athlete_chart(view: TeamWeek, athlete: str) -> go.Figure:
    """One athlete's daily load (bars, left axis) and soreness check-ins (0-10, right axis) over
    the shown weeks, with the talk-to soreness line and any saved self-assessment marked."""
    s = view.settings
    unit = s.get("unit", "")
    days = view.daily[view.daily["athlete"] == athlete]
    sore = view.checkins[view.checkins["athlete"] == athlete]
    fig = new_figure()
    fig.add_trace(
        go.Bar(
            x=[_day(d) for d in days["date"]],
            y=days["load"],
            name=f"daily load ({unit})",
            marker={"color": OKABE_ITO["blue"]},
            hovertext=[
                f"{_day(d)}: {v:.1f} {unit}; 7 days {w:.1f} {unit}"
                for d, v, w in zip(days["date"], days["load"], days["load_7d"], strict=True)
            ],
            hoverinfo="text",
        )
    )
    fig.add_trace(
        go.Scatter(
            x=[_day(d) for d in sore["date"]],
            y=sore["rating"],
            yaxis="y2",
            mode="markers",
            name="soreness (0-10)",
            marker={"color": OKABE_ITO["vermillion"], "size": 12, "symbol": "diamond"},
            hovertext=[
                f"{_day(r.date)}: soreness {r.rating}/10, {r.leg} leg, {r.location}"
                + (f"<br>{r.note}" if getattr(r, "note", "") else "")
                for r in sore.itertuples()
            ],
            hoverinfo="text",
        )
    )
    threshold = s.get("soreness_talk", 4)
    first, last = _day(view.week_starts[0]), _day(view.as_of)
    fig.add_trace(
        go.Scatter(
            x=[first, last],
            y=[threshold, threshold],
            yaxis="y2",
            mode="lines",
            name=f"talk at {threshold}/10",
            line={"color": OKABE_ITO["vermillion"], "width": 1, "dash": "dash"},
            hoverinfo="skip",
        )
    )
    saved = view.assessments[view.assessments["athlete"] == athlete]
    for r in saved.itertuples():
        label = f"self-assessment: {r.level}" if r.level else "self-assessment"
        fig.add_vline(x=_day(r.date), line={"color": OKABE_ITO["purple"], "dash": "dot"})
        fig.add_annotation(
            x=_day(r.date), y=1, yref="paper", text=label, showarrow=False, yanchor="bottom"
        )
    fig.add_vrect(
        x0=(view.week_start - pd.Timedelta(hours=12)).strftime("%Y-%m-%d %H:%M"),
        x1=(view.week_end + pd.Timedelta(hours=12)).strftime("%Y-%m-%d %H:%M"),
        fillcolor=OKABE_ITO["yellow"],
        opacity=0.2,
        line_width=0,
        layer="below",
    )
    start = (view.week_starts[0] - pd.Timedelta(hours=12)).strftime("%Y-%m-%d %H:%M")
    stop = (view.week_end + pd.Timedelta(hours=12)).strftime("%Y-%m-%d %H:%M")
    fig.update_xaxes(type="date", range=[start, stop])
    out = styled(
        fig,
        title=f"{athlete}: daily load and soreness ({view.title.split(', ', 1)[1]} shaded)",
        x_title="date",
        height=440,
    )
    out.update_layout(
        yaxis={"title": {"text": f"load per day ({unit})"}, "rangemode": "tozero"},
        yaxis2={
            "title": {"text": "soreness (0-10)"},
            "overlaying": "y",
            "side": "right",
            "range": [0, 10.5],
            "tickmode": "array",
            "tickvals": [0, 2, 4, 6, 8, 10],
            "showgrid": False,
        },
        legend={"orientation": "h", "yanchor": "top", "y": -0.2, "xanchor": "left", "x": 0},
        bargap=0.15,
        margin={"r": 60, "b": 110},
    )
    return out
