"""The pain diary on the same timeline as the load: daily load above, pain by leg and place
below, the return-to-run stages as bands and raised warning signs as marks; readable as a table
(its text alternative) too. Model results in (load_metrics, journal.pain_diary, RunRecord.ticks),
a plotly Figure out."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from hamstring_edu.figures.style import HOUSE_TEMPLATE, OKABE_ITO, SEQUENCE, describe, styled
from hamstring_edu.units import unit_label
from hamstring_edu.wording import say

MARKERS = {"left": "triangle-left", "right": "triangle-right", "both": "circle"}  # not colour
CONTEXT_DAYS = 28  # the load shown before the diary's first day
SHORT_DAYS = 14  # a diary shorter than this is shown on a fortnight, a tick every other day


def pain_timeline(
    metrics: pd.DataFrame,
    diary: pd.DataFrame,
    *,
    athlete: str,
    ticks: pd.DataFrame | None = None,
) -> go.Figure:
    """One athlete's daily load (from load_metrics) above their pain diary (by leg and place),
    with the days their return-to-run criteria were ticked as bands of the stage reached."""
    from hamstring_edu.recovery import current_stage

    load = metrics[metrics["athlete"] == athlete]
    pain = diary[diary["athlete"] == athlete].sort_values(["date", "entry_id"])
    if not pain.empty:  # the diary's weeks, with the four before them for the load's context
        first = pain["date"].min() - pd.Timedelta(days=CONTEXT_DAYS)
        last = pain["date"].max() + pd.Timedelta(days=7)
        load = load[(load["date"] >= first) & (load["date"] <= last)]
    unit = unit_label(metrics.attrs.get("measure", "distance"))
    has_load = not load.empty  # without a log: the pain alone, and no load column in the table
    fig = make_subplots(
        rows=2 if has_load else 1,
        cols=1,
        shared_xaxes=True,
        vertical_spacing=0.08,
        row_heights=[0.45, 0.55] if has_load else None,
        specs=[[{"secondary_y": True}], [{}]] if has_load else None,
    )
    pain_row = 2 if has_load else 1
    fig.update_layout(template=HOUSE_TEMPLATE)
    if has_load:
        _load_traces(fig, load, unit)
    for n, ((leg, place), part) in enumerate(pain.groupby(["leg", "place"], sort=True)):
        fig.add_trace(
            go.Scatter(
                x=part["date"].dt.strftime("%Y-%m-%d"),
                y=part["pain"],
                mode="lines+markers",
                name=say("journal.timeline_pain", leg=leg, place=place.replace("_", " ")),
                marker={"symbol": MARKERS[leg], "size": 10},
                line={"color": SEQUENCE[(n + 1) % len(SEQUENCE)]},
            ),
            row=pain_row,
            col=1,
        )
    flagged = pain[pain["level"].notna() & (pain["level"] != "")]
    if not flagged.empty:
        fig.add_trace(
            go.Scatter(
                x=flagged["date"].dt.strftime("%Y-%m-%d"),
                y=[10.4] * len(flagged),
                mode="markers+text",
                text=["!"] * len(flagged),
                textposition="top center",
                marker={"symbol": "x", "size": 12, "color": OKABE_ITO["vermillion"]},
                name=say("journal.timeline_flag"),
            ),
            row=pain_row,
            col=1,
        )
    stages = _stage_days(ticks, current_stage)
    for start, end, stage in stages:
        fig.add_vrect(
            x0=start.strftime("%Y-%m-%d"),
            x1=end.strftime("%Y-%m-%d"),
            fillcolor=SEQUENCE[stage % len(SEQUENCE)],
            opacity=0.12,
            line_width=0,
            annotation_text=say("journal.timeline_stage", stage=stage),
            annotation_position="top left",
            row=pain_row,
            col=1,
        )
    if has_load:
        fig.update_yaxes(
            title_text=say("journal.timeline_load_axis", unit=unit),
            row=1,
            col=1,
            secondary_y=False,
        )
    fig.update_yaxes(
        title_text=say("journal.timeline_pain_axis"), range=[0, 11.5], row=pain_row, col=1
    )
    fig.update_xaxes(type="date", tickformat="%d %b")
    days = pd.concat([load["date"], pain["date"]])
    if not days.empty and (days.max() - days.min()).days < SHORT_DAYS:  # a day's tick, once
        middle = days.min() + (days.max() - days.min()) / 2
        half = pd.Timedelta(days=SHORT_DAYS / 2)
        fig.update_xaxes(
            range=[f"{middle - half:%Y-%m-%d}", f"{middle + half:%Y-%m-%d}"],
            dtick=2 * 86_400_000,
        )
    fig.update_layout(legend={"orientation": "h", "y": -0.18, "yanchor": "top"})
    fig = styled(
        fig, title=say("journal.timeline_title", athlete=athlete), height=560 if has_load else 380
    )
    return describe(fig, _summary(athlete, load, pain, stages), _table(load, pain))


def _load_traces(fig: go.Figure, load: pd.DataFrame, unit: str) -> None:
    """The upper panel: the daily load as bars, the weekly change as a dotted line."""
    fig.add_trace(
        go.Bar(
            x=load["date"].dt.strftime("%Y-%m-%d"),
            y=load["load"],
            name=say("journal.timeline_load", unit=unit),
            marker={"color": OKABE_ITO["blue"]},
        ),
        row=1,
        col=1,
    )
    if "week_change_pct" in load:
        change = load["week_change_pct"].where(load["week_change_pct"].abs() < 1000)
        fig.add_trace(
            go.Scatter(
                x=load["date"].dt.strftime("%Y-%m-%d"),
                y=change,
                mode="lines",
                name=say("journal.timeline_change"),
                line={"color": OKABE_ITO["black"], "dash": "dot"},
            ),
            row=1,
            col=1,
            secondary_y=True,
        )
        fig.update_yaxes(
            title_text=say("journal.timeline_change_axis"),
            tickformat=".0f",
            row=1,
            col=1,
            secondary_y=True,
        )


def _stage_days(ticks: pd.DataFrame | None, stage_of) -> list[tuple]:
    """(start, end, stage) of the stages the ticks reached, day by day (the latest tick counts)."""
    if ticks is None or ticks.empty:
        return []
    days = sorted(pd.to_datetime(ticks["date"]).unique())
    spans, checks = [], {}
    for n, day in enumerate(days):
        for row in ticks[pd.to_datetime(ticks["date"]) == day].itertuples():
            checks[row.criterion] = bool(row.met)
        end = days[n + 1] if n + 1 < len(days) else day + pd.Timedelta(days=7)
        spans.append((pd.Timestamp(day), pd.Timestamp(end), stage_of(checks)))
    return spans


def _summary(athlete: str, load: pd.DataFrame, pain: pd.DataFrame, stages: list) -> str:
    if pain.empty:
        return say("journal.timeline_summary_empty", athlete=athlete)
    worst = pain.loc[pain["pain"].idxmax()]
    flags = int((pain["level"].notna() & (pain["level"] != "")).sum())
    return say(
        "journal.timeline_summary",
        athlete=athlete,
        entries=len(pain),
        first=f"{pain['date'].min():%d %b %Y}",
        last=f"{pain['date'].max():%d %b %Y}",
        worst=int(worst["pain"]),
        worst_day=f"{worst['date']:%d %b %Y}",
        leg=worst["leg"],
        flags=flags,
        stage=stages[-1][2] if stages else say("journal.timeline_no_stage"),
    )


def _table(load: pd.DataFrame, pain: pd.DataFrame) -> pd.DataFrame:
    """Each diary day with that day's load: the figure as a table."""
    loads = dict(zip(load["date"], load["load"], strict=True))
    table = pd.DataFrame(
        {
            say("journal.timeline_col_day"): [f"{d:%d %b %Y}" for d in pain["date"]],
            say("journal.timeline_col_load"): [round(loads.get(d, 0.0), 1) for d in pain["date"]],
            say("journal.timeline_col_leg"): pain["leg"].tolist(),
            say("journal.timeline_col_place"): [p.replace("_", " ") for p in pain["place"]],
            say("journal.timeline_col_pain"): pain["pain"].tolist(),
            say("journal.timeline_col_flag"): ["; ".join(r) if r else "" for r in pain["raised"]],
        }
    )
    return table if len(load) else table.drop(columns=say("journal.timeline_col_load"))


def team_pain_timeline(diary: pd.DataFrame, stages: dict[str, int] | None = None) -> go.Figure:
    """The team's diary on one timeline: a row per athlete, each day's worst pain as a marker
    (its size and its printed number, never colour alone), raised warning signs as marks;
    ``stages``: each athlete's return-to-run stage (from Journal.return_to_run_records)."""
    stages = stages or {}
    days = (
        diary.groupby(["athlete", "date"], sort=True)
        .agg(pain=("pain", "max"), flagged=("level", lambda v: bool(v.fillna("").ne("").any())))
        .reset_index()
    )
    athletes = sorted(days["athlete"].unique())
    fig = go.Figure()
    fig.update_layout(template=HOUSE_TEMPLATE)
    fig.add_trace(
        go.Scatter(
            x=days["date"].dt.strftime("%Y-%m-%d"),
            y=days["athlete"],
            mode="markers+text",
            text=days["pain"].astype(str),
            textposition="middle right",
            marker={
                "size": 8 + 2.2 * days["pain"],
                "color": OKABE_ITO["orange"],
                "line": {"color": OKABE_ITO["black"], "width": 1},
            },
            name=say("journal.team_timeline_pain"),
        )
    )
    flagged = days[days["flagged"]]
    if not flagged.empty:
        fig.add_trace(
            go.Scatter(
                x=flagged["date"].dt.strftime("%Y-%m-%d"),
                y=flagged["athlete"],
                mode="markers",
                marker={"symbol": "x", "size": 14, "color": OKABE_ITO["vermillion"]},
                name=say("journal.timeline_flag"),
            )
        )
    fig.update_yaxes(
        categoryorder="array",
        categoryarray=athletes[::-1],
        title_text=say("journal.team_timeline_axis"),
    )
    fig.update_xaxes(type="date", tickformat="%d %b")
    fig = styled(fig, title=say("journal.team_timeline_title"), height=260 + 48 * len(athletes))
    table = pd.DataFrame(
        {
            say("journal.team_col_athlete"): athletes,
            say("journal.team_col_days"): [int((days["athlete"] == a).sum()) for a in athletes],
            say("journal.team_col_worst"): [_worst(days[days["athlete"] == a]) for a in athletes],
            say("journal.team_col_latest"): [
                int(days[days["athlete"] == a]["pain"].iloc[-1]) for a in athletes
            ],
            say("journal.team_col_flags"): [
                int(days[days["athlete"] == a]["flagged"].sum()) for a in athletes
            ],
            say("journal.team_col_stage"): [
                stages.get(a, say("journal.timeline_no_stage")) for a in athletes
            ],
        }
    )
    if days.empty:
        summary = say("journal.team_timeline_empty")
    else:
        summary = say(
            "journal.team_timeline_summary",
            athletes=len(athletes),
            first=f"{days['date'].min():%d %b %Y}",
            last=f"{days['date'].max():%d %b %Y}",
            flagged=", ".join(a for a in athletes if days[days["athlete"] == a]["flagged"].any())
            or say("journal.team_timeline_no_flags"),
        )
    return describe(fig, summary, table)


def _worst(days: pd.DataFrame) -> str:
    worst = days.loc[days["pain"].idxmax()]
    return f"{int(worst['pain'])} ({worst['date']:%d %b})"
