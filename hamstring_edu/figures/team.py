"""Figures of a team's week: the athletes x weeks heatmap of ratio zones and weekly change, and
one athlete's daily load with their soreness check-ins on the same chart."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from hamstring_edu.figures.style import OKABE_ITO, describe, new_figure, styled
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
    styled_fig = styled(
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
    return describe(styled_fig, heatmap_summary(view), heatmap_table(view))


def _week_words(day: object) -> str:
    stamp = pd.Timestamp(day)
    return f"{stamp.day} {stamp.strftime('%b %Y')}"


def heatmap_summary(view: TeamWeek) -> str:
    """The heatmap in one sentence: how many athletes were in each ratio zone in the chosen week
    (zones named in words, the highest ones first) and the biggest weekly change."""
    table = view.table
    total = len(table)
    zones = list(team_content().zone_names)
    counts = []
    for zone in reversed(zones):  # "above 1.5" first: the zones a coach looks at first
        rows = table[table["zone"] == zone]
        if rows.empty:
            continue
        names = ", ".join(f"{r.athlete} {ratio_text(r.ratio)}" for r in rows.itertuples())
        where = say("team.zone_no_ratio") if zone == zones[0] else say("team.zone_in", zone=zone)
        text = say("team.zone_count", count=len(rows), total=total, zone=where)
        counts.append(f"{text} ({names})" if len(rows) <= 3 else text)
    changes = table["change_pct"].replace([np.inf, -np.inf], np.nan).dropna()
    biggest = ""
    if len(changes):
        i = changes.abs().idxmax()
        biggest = say(
            "team.biggest_change",
            athlete=table.loc[i, "athlete"],
            change=change_text(table.loc[i, "change_pct"]),
        )
    return say(
        "team.heatmap_summary",
        day=_week_words(view.week_start),
        counts="; ".join(counts) if counts else say("team.nobody"),
        biggest=biggest,
        cells=say("team.heatmap_cells"),
    )


def heatmap_table(view: TeamWeek) -> pd.DataFrame:
    """Every cell of the heatmap: athlete, week, ratio, zone (in words), change, load."""
    unit = view.settings.get("unit", "")
    grid = view.weeks
    return pd.DataFrame(
        {
            say("team.athlete"): grid["athlete"].astype(str),
            say("team.col_week"): [_day(w) for w in grid["week_start"]],
            say("team.col_ratio"): [ratio_text(r) for r in grid["ratio"]],
            say("team.zone"): grid["zone"].astype(str),
            say("team.col_change"): [change_text(c) for c in grid["change_pct"]],
            f"{say('team.col_load')} ({unit})": [
                say("team.not_available") if pd.isna(v) else f"{v:.1f}" for v in grid["load"]
            ],
        }
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
    return describe(out, athlete_summary(view, athlete), athlete_table(view, athlete))


def athlete_summary(view: TeamWeek, athlete: str) -> str:
    """One athlete's chart in one sentence: the shaded week's load, change, ratio and zone in
    words, and the soreness check-ins against the talk-to line."""
    unit = view.settings.get("unit", "")
    row = view.table[view.table["athlete"] == athlete]
    r = row.iloc[0] if len(row) else None
    load = (
        say("team.not_available")
        if r is None or pd.isna(r["load"])
        else f"{r['load']:.1f} {unit}".strip()
    )
    sore = view.checkins[view.checkins["athlete"] == athlete]
    threshold = view.settings.get("soreness_talk", team_content().soreness_talk)
    if sore.empty:
        soreness = say("team.athlete_no_soreness")
    else:
        top = sore.loc[sore["rating"].idxmax()]
        key = "team.athlete_soreness_one" if len(sore) == 1 else "team.athlete_soreness"
        soreness = say(
            key,
            count=len(sore),
            rating=int(top["rating"]),
            day=_week_words(top["date"]),
            threshold=threshold,
        )
    return say(
        "team.athlete_summary",
        athlete=athlete,
        weeks=len(view.week_starts),
        day=_week_words(view.as_of),
        load=load,
        change=change_text(r["change_pct"]) if r is not None else say("team.not_available"),
        ratio=ratio_text(r["ratio"]) if r is not None else say("team.not_available"),
        zone=str(r["zone"]) if r is not None else say("team.not_available"),
        soreness=soreness,
    )


def athlete_table(view: TeamWeek, athlete: str) -> pd.DataFrame:
    """The chart's data by day: load, and the soreness reported that day (blank when none)."""
    unit = view.settings.get("unit", "")
    days = view.daily[view.daily["athlete"] == athlete]
    sore = view.checkins[view.checkins["athlete"] == athlete]
    worst = sore.groupby(sore["date"].map(_day))["rating"].max()
    dates = [_day(d) for d in days["date"]]
    return pd.DataFrame(
        {
            say("team.col_date"): dates,
            say("team.col_day_load", unit=unit): [round(float(v), 1) for v in days["load"]],
            say("team.col_rating"): ["" if d not in worst.index else int(worst[d]) for d in dates],
        }
    )
