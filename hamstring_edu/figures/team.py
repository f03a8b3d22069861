"""Figures of a team's week: the athletes x weeks heatmap of ratio zones and weekly change, and
one athlete's daily load with their soreness check-ins on the same chart."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from hamstring_edu.figures.style import OKABE_ITO, new_figure, styled
from hamstring_edu.team import TeamWeek, team_content
from hamstring_edu.wording import say

ZONE_COLOURS_BY_ID = {
    "no_ratio": "#E8E8E8",
    "low": OKABE_ITO["sky"],
    "sweet_spot": OKABE_ITO["green"],
    "high": OKABE_ITO["orange"],
    "danger": OKABE_ITO["vermillion"],
}


def zone_colours() -> dict[str, str]:
    """Each ratio zone's colour, by the zone's name (as tables and the heatmap show it)."""
    return {z.name: ZONE_COLOURS_BY_ID[z.id] for z in team_content().zones}


def _day(value: object) -> str:
    return pd.Timestamp(value).strftime("%Y-%m-%d")


def change_text(value: float) -> str:
    """A weekly change as a cell shows it: '+12%', 'from zero' or 'n/a' (never '-0%')."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return say("team.not_available")
    return say("team.from_zero") if math.isinf(value) else f"{round(value):+d}%"


def ratio_text(value: float) -> str:
    """A ratio as a cell shows it: '1.23' or 'n/a'."""
    return say("team.not_available") if value is None or math.isnan(value) else f"{value:.2f}"


def team_heatmap(view: TeamWeek) -> go.Figure:
    """Athletes x weeks coloured by ratio zone, each cell labelled with its ratio and weekly
    change; the chosen week is outlined."""
    s = view.settings
    grid = view.weeks
    athletes = list(view.athletes)
    weeks = [_day(w) for w in view.week_starts]
    zones = team_content().zone_names
    colours = zone_colours()
    n_zones = len(zones)
    codes = np.full((len(athletes), len(weeks)), np.nan)
    text = np.full(codes.shape, "", dtype=object)
    hover = np.full(codes.shape, "", dtype=object)
    row_of = {a: i for i, a in enumerate(athletes)}
    col_of = {w: j for j, w in enumerate(weeks)}
    unit = s.get("unit", "")
    for r in grid.itertuples():
        i, j = row_of[r.athlete], col_of[_day(r.week_start)]
        codes[i, j] = zones.index(r.zone)
        text[i, j] = f"{ratio_text(r.ratio)}<br>{change_text(r.change_pct)}"
        load = say("team.not_available") if pd.isna(r.load) else f"{r.load:.1f} {unit}"
        lines = [
            say("team.hover_week", athlete=f"<b>{r.athlete}</b>", day=_day(r.day)),
            say("team.hover_load", load=load),
            say("team.hover_change", change=change_text(r.change_pct)),
            f"{s['ratio_label']}: {ratio_text(r.ratio)} ({r.zone})",
        ]
        if not pd.isna(r.soreness):
            lines.append(say("team.hover_soreness", rating=r.soreness))
        if r.level:
            lines.append(say("team.self_assessment_level", level=r.level))
        hover[i, j] = "<br>".join(lines)
    # a stepped colour scale: code k fills [k/n, (k+1)/n] of the range
    scale = []
    for k, zone in enumerate(zones):
        scale += [[k / n_zones, colours[zone]], [(k + 1) / n_zones, colours[zone]]]
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
            name=say("team.heatmap_trace"),
            colorbar={
                "title": {"text": say("team.zone")},
                "tickvals": list(range(n_zones)),
                "ticktext": list(zones),
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
        title=say(
            "team.heatmap_title",
            label=s["ratio_label"],
            weeks=len(weeks),
            measure=s.get("measure", "load"),
        ),
        x_title=say("team.heatmap_x"),
        y_title=say("team.athlete"),
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
            name=say("team.daily_load", unit=unit),
            marker={"color": OKABE_ITO["blue"]},
            hovertext=[
                say("team.load_hover", day=_day(d), load=v, week=w, unit=unit)
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
            name=say("team.soreness_axis"),
            marker={"color": OKABE_ITO["vermillion"], "size": 12, "symbol": "diamond"},
            hovertext=[
                say(
                    "team.soreness_hover",
                    day=_day(r.date),
                    rating=r.rating,
                    leg=r.leg,
                    where=r.location,
                )
                + (f"<br>{r.note}" if getattr(r, "note", "") else "")
                for r in sore.itertuples()
            ],
            hoverinfo="text",
        )
    )
    threshold = s.get("soreness_talk", team_content().soreness_talk)
    first, last = _day(view.week_starts[0]), _day(view.as_of)
    fig.add_trace(
        go.Scatter(
            x=[first, last],
            y=[threshold, threshold],
            yaxis="y2",
            mode="lines",
            name=say("team.talk_line", threshold=threshold),
            line={"color": OKABE_ITO["vermillion"], "width": 1, "dash": "dash"},
            hoverinfo="skip",
        )
    )
    saved = view.assessments[view.assessments["athlete"] == athlete]
    for r in saved.itertuples():
        label = (
            say("team.self_assessment_level", level=r.level)
            if r.level
            else say("team.self_assessment")
        )
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
        title=say("team.athlete_title", athlete=athlete, week=view.title.split(", ", 1)[1]),
        x_title=say("team.date_axis"),
        height=440,
    )
    out.update_layout(
        yaxis={"title": {"text": say("team.load_axis", unit=unit)}, "rangemode": "tozero"},
        yaxis2={
            "title": {"text": say("team.soreness_axis")},
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
