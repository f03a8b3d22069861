"""Figures of training load: weekly volume under last week's ceiling, ACWR with its bands, the
fitness-fatigue chart, and a progression plan.

Every window, percentage and unit in a title or legend is read from the result's ``attrs``
(what load_metrics, weekly_load and plan_progression record), never written here.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from hamstring_edu.figures.style import (
    OKABE_ITO,
    date_axis,
    describe,
    new_figure,
    note_if_empty,
    styled,
)
from hamstring_edu.progression import plan_summary
from hamstring_edu.units import UNIT_NAMES, from_km, unit_label
from hamstring_edu.weeks import week_label
from hamstring_edu.wording import say

TOP_LEGEND = {"orientation": "h", "yanchor": "bottom", "y": 1.0, "xanchor": "right", "x": 1}


def _days(values: pd.Series) -> list[str]:
    """Dates as ISO strings, the form every plotly.js renderer reads as dates."""
    return pd.to_datetime(values).dt.strftime("%Y-%m-%d").tolist()


MAX_WEEK_LABELS = 9  # labelled weeks on a weekly axis: still readable 320 px wide
DAY_MS = 86_400_000
WEEK_BAR_MS = 5 * DAY_MS  # a week's bar spans most of its week (one week alone too)


def _day(day: pd.Timestamp) -> str:
    """A day as a person reads it in a summary: "7 Dec 2026"."""
    return f"{week_label(day)} {day:%Y}"


def _num(value: float) -> str:
    """A number for a sentence: one decimal at most, no trailing zero."""
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _what(measure: str) -> str:
    """What a weekly bar measures, as the subject of a sentence ("Weekly distance")."""
    if measure == "duration":
        return say("load.weekly_what_duration")
    if measure == "trimp":
        return say("load.weekly_what_trimp")
    if measure.startswith("column:"):
        return say("load.weekly_what_column", column=measure.removeprefix("column:"))
    return say("load.weekly_what_srpe") if measure == "srpe" else say("load.weekly_what_distance")


def _weeks(count: int) -> str:
    """ "no week", "1 week", "7 weeks"."""
    if count == 0:
        return say("load.weeks_none")
    return say("load.weeks_one") if count == 1 else say("load.weeks_many", count=count)


def week_axis(fig: go.Figure, starts: pd.Series) -> go.Figure:
    """A weekly date axis: one tick per week, on the Monday each week starts, labelled the way
    the text names weeks ("7 Dec"; the years go in the axis title, see ``_years``); with many
    weeks every second or fourth week is labelled, the others keep an unlabelled tick."""
    days = pd.to_datetime(pd.Series(starts)).dropna().sort_values().reset_index(drop=True)
    if days.empty:
        return fig
    step = 1
    while math.ceil(len(days) / step) > MAX_WEEK_LABELS:
        step *= 2
    labelled = days.iloc[::step]
    text = [week_label(day) for day in labelled]  # the year is in the axis title
    low = min(days.iloc[0] - pd.Timedelta(days=4), days.iloc[-1] - pd.Timedelta(days=10))
    high = max(days.iloc[-1] + pd.Timedelta(days=4), days.iloc[0] + pd.Timedelta(days=10))
    fig.update_xaxes(
        type="date",
        tickmode="array",
        tickvals=[f"{d:%Y-%m-%d}" for d in labelled],
        ticktext=text,
        ticks="outside",
        ticklen=6,
        minor={
            "tickmode": "array",
            "tickvals": [f"{d:%Y-%m-%d}" for d in days],
            "ticks": "outside",
            "ticklen": 3,
            "showgrid": False,
        },
        hoverformat=say("load.week_of_hover"),
        range=[f"{low:%Y-%m-%d}", f"{high:%Y-%m-%d}"],
    )
    return fig


def _years(starts: pd.Series) -> str:
    """The years a weekly axis covers: "2024" or "2023-2024" ('' when there is no week)."""
    days = pd.to_datetime(pd.Series(starts)).dropna()
    if days.empty:
        return ""
    first, last = days.min().year, days.max().year
    return f"{first}" if first == last else f"{first}-{last}"


def _weekly_summary(weeks: pd.DataFrame, f: float, unit: str, measure: str) -> str:
    """One sentence: first and last week, the biggest rise and how many bars of each colour."""
    if weeks.empty:
        return say("load.weekly_summary_empty")
    starts = pd.to_datetime(weeks["week_start"])
    load = weeks["load"].to_numpy(dtype=float) * f
    spikes = int(weeks["spike"].sum())
    amber = int((weeks["above_ceiling"] & ~weeks["spike"]).sum())
    change = weeks["change_pct"].to_numpy(dtype=float)
    rises = np.where(np.isfinite(change), change, -np.inf)
    if len(weeks) == 1:
        return say(
            "load.weekly_summary_one",
            what=_what(measure),
            load=_num(load[0]),
            unit=unit,
            week=_day(starts.iloc[0]),
        )
    if rises.max() > 0:
        i = int(np.argmax(rises))
        biggest = say("load.weekly_biggest_rise", rise=f"{change[i]:.0f}", week=_day(starts[i]))
    else:
        biggest = say("load.weekly_no_rise")
    return say(
        "load.weekly_summary",
        what=_what(measure),
        first=_num(load[0]),
        last=_num(load[-1]),
        unit=unit,
        weeks=_weeks(len(weeks)),
        first_week=_day(starts.iloc[0]),
        last_week=_day(starts.iloc[-1]),
        biggest=biggest,
        amber=_weeks(amber),
        spikes=_weeks(spikes),
        increase=f"{weeks.attrs.get('max_increase', 0.10):.0%}",
        spike=f"{weeks.attrs.get('spike_pct', 30.0):g}",
    )


def weekly_volume(
    weeks: pd.DataFrame, *, units: str = "km", measure: str | None = None
) -> go.Figure:
    """Weekly load bars (spikes in vermillion) under last week's +x% ceiling, from weekly_load."""
    measure = measure or weeks.attrs.get("measure", "distance")
    increase = weeks.attrs.get("max_increase", 0.10)
    spike = weeks.attrs.get("spike_pct", 30.0)
    f = from_km(1.0, units) if measure == "distance" else 1.0
    unit = unit_label(measure, units)
    colours = [
        OKABE_ITO["vermillion"] if s else OKABE_ITO["orange"] if a else OKABE_ITO["blue"]
        for s, a in zip(weeks["spike"], weeks["above_ceiling"], strict=True)
    ]  # the colours are named in the title and in the summary (never colour alone)
    fig = new_figure(
        go.Bar(
            x=_days(weeks["week_start"]),
            y=weeks["load"] * f,
            marker={"color": colours},
            name=say("load.weekly_load"),
            hovertext=[
                f"{v * f:.1f} {unit}"
                + ("" if pd.isna(c) else f" ({say('load.on_week_before', change=f'{c:+.0f}')})")
                for v, c in zip(weeks["load"], weeks["change_pct"], strict=True)
            ],
            hoverinfo="x+text",
            width=[WEEK_BAR_MS] * len(weeks),
        )
    )
    fig.add_trace(
        go.Scatter(
            x=_days(weeks["week_start"]),
            y=weeks["ceiling"] * f,
            mode="lines",
            line={"shape": "hvh", "dash": "dot", "color": OKABE_ITO["black"]},
            name=say("load.ceiling", increase=f"{increase:.0%}"),
        )
    )
    for row in weeks[weeks["spike"]].itertuples():
        fig.add_annotation(
            x=row.week_start.strftime("%Y-%m-%d"),
            y=row.load * f,
            text=f"+{row.change_pct:.0f}%",
            showarrow=True,
        )
    fig.update_layout(legend=TOP_LEGEND)
    week_axis(fig, weeks["week_start"])
    fig = styled(
        fig,
        title=say("load.weekly_title", increase=f"{increase:.0%}", spike=f"{spike:g}"),
        x_title=say("load.week_starting", years=_years(weeks["week_start"])),
        y_title=say("load.load_per_week", unit=unit),
    )
    kinds = [
        say("load.bar_spike", spike=f"{spike:g}")
        if s
        else say("load.bar_above", increase=f"{increase:.0%}")
        if a
        else say("load.bar_within")
        for s, a in zip(weeks["spike"], weeks["above_ceiling"], strict=True)
    ]
    table = pd.DataFrame(
        {
            say("load.col_week_of"): [_day(d) for d in pd.to_datetime(weeks["week_start"])],
            say("load.load_per_week", unit=unit): (weeks["load"] * f).round(1),
            say("load.col_change"): weeks["change_pct"].round(0),
            say("load.col_bar"): kinds,
        }
    )
    return describe(fig, _weekly_summary(weeks, f, unit, measure), table)


def acwr_chart(metrics: pd.DataFrame, *, athlete: str) -> go.Figure:
    """Rolling and EWMA acute:chronic ratios with gabbett2016's bands, from load_metrics."""
    rows = metrics[metrics["athlete"] == athlete]
    low, high = metrics.attrs.get("acwr_sweet_spot", (0.8, 1.3))
    danger = metrics.attrs.get("acwr_danger", 1.5)
    windows = f"{metrics.attrs.get('acute_days', 7)}:{metrics.attrs.get('chronic_days', 28)}"
    fig = new_figure()
    fig.add_hrect(y0=low, y1=high, fillcolor=OKABE_ITO["green"], opacity=0.12, line_width=0)
    fig.add_hrect(y0=danger, y1=4.0, fillcolor=OKABE_ITO["vermillion"], opacity=0.10, line_width=0)
    for column, name, colour in (
        ("acwr_rolling", say("load.rolling", windows=windows), OKABE_ITO["blue"]),
        ("acwr_ewma", say("load.ewma", windows=windows), OKABE_ITO["orange"]),
    ):
        fig.add_trace(
            go.Scatter(
                x=rows["date"], y=rows[column], mode="lines", name=name, line={"color": colour}
            )
        )
    fig.update_yaxes(range=[0, 2.5])
    date_axis(fig, rows["date"])
    note_if_empty(
        fig,
        rows[["acwr_rolling", "acwr_ewma"]].to_numpy().ravel(),
        say("load.too_few_days", days=metrics.attrs.get("chronic_days", 28)),
    )
    fig.update_layout(legend=TOP_LEGEND)
    fig = styled(
        fig,
        title=say("load.acwr_title", low=f"{low:g}", high=f"{high:g}", danger=f"{danger:g}"),
        x_title=say("load.date"),
        y_title=say("load.ratio_axis"),
    )
    return describe(fig, _acwr_summary(rows, low, high, danger, metrics.attrs))


def _acwr_summary(rows: pd.DataFrame, low: float, high: float, danger: float, attrs: dict) -> str:
    """One sentence: days in the green band and the red zone, the highest and the last ratio."""
    ratio = rows["acwr_rolling"].to_numpy(dtype=float)
    known = np.isfinite(ratio)
    if not known.any():
        return say("load.too_few_days", days=attrs.get("chronic_days", 28))
    dates = pd.to_datetime(rows["date"]).to_numpy()[known]
    values = ratio[known]
    top = int(np.argmax(values))
    ewma = rows["acwr_ewma"].to_numpy(dtype=float)[known][-1]
    return say(
        "load.acwr_summary",
        low=f"{low:g}",
        high=f"{high:g}",
        danger=f"{danger:g}",
        in_band=int(((values >= low) & (values <= high)).sum()),
        days=int(known.sum()),
        above=int((values > danger).sum()),
        highest=f"{values[top]:.2f}",
        highest_day=_day(pd.Timestamp(dates[top])),
        last_day=_day(pd.Timestamp(dates[-1])),
        last=f"{values[-1]:.2f}",
        ewma=f"{ewma:.2f}" if np.isfinite(ewma) else say("load.not_known"),
    )


def fitness_fatigue(metrics: pd.DataFrame, *, athlete: str) -> go.Figure:
    """CTL (fitness), ATL (fatigue) and TSB (form) over time (banister1975), from load_metrics."""
    rows = metrics[metrics["athlete"] == athlete]
    attrs = metrics.attrs
    smoothing = {
        "1/tau": say("load.smoothing_tau"),
        "runalyze": say("load.smoothing_runalyze"),
    }.get(attrs.get("pmc_smoothing", "exp"), "")
    form_day = {"yesterday": say("load.yesterdays"), "today": say("load.todays")}.get(
        attrs.get("tsb"), ""
    )
    ctl_days, atl_days = attrs.get("ctl_days", 42), attrs.get("atl_days", 7)
    if smoothing:
        fitness = say("load.fitness_smoothed", days=ctl_days, smoothing=smoothing)
        fatigue = say("load.fatigue_smoothed", days=atl_days, smoothing=smoothing)
    else:
        fitness, fatigue = say("load.fitness", days=ctl_days), say("load.fatigue", days=atl_days)
    unit = attrs.get("unit", "load")
    fig = new_figure()
    fig.add_trace(
        go.Bar(
            x=rows["date"],
            y=rows["tsb"],
            name=say("load.form_of_day", day=form_day) if form_day else say("load.form"),
            marker={"color": OKABE_ITO["grey"]},
        )
    )
    fig.add_trace(
        go.Scatter(x=rows["date"], y=rows["ctl"], name=fitness, line={"color": OKABE_ITO["blue"]})
    )
    fig.add_trace(
        go.Scatter(
            x=rows["date"], y=rows["atl"], name=fatigue, line={"color": OKABE_ITO["vermillion"]}
        )
    )
    fig.update_layout(legend=TOP_LEGEND)
    date_axis(fig, rows["date"])
    fig = styled(
        fig,
        title=say("load.fitness_title"),
        x_title=say("load.date"),
        y_title=say("load.load_per_day", unit=unit),
    )
    if rows.empty:
        return describe(fig, say("load.fitness_summary_empty"))
    last = rows.iloc[-1]
    peak = rows.loc[rows["ctl"].idxmax()]
    return describe(
        fig,
        say(
            "load.fitness_summary",
            day=_day(pd.Timestamp(last["date"])),
            ctl=f"{last['ctl']:.1f}",
            atl=f"{last['atl']:.1f}",
            tsb=f"{last['tsb']:+.1f}" if pd.notna(last["tsb"]) else say("load.not_known"),
            unit=unit,
            peak=f"{peak['ctl']:.1f}",
            peak_day=_day(pd.Timestamp(peak["date"])),
            fitness_days=ctl_days,
            fatigue_days=atl_days,
        ),
    )


def plan_chart(
    plan: pd.DataFrame, *, units: str = "km", actual: pd.DataFrame | None = None
) -> go.Figure:
    """Planned weekly distance (recovery weeks lighter), long run, and actual weeks if given."""
    f = from_km(1.0, units)
    colours = [OKABE_ITO["sky"] if r else OKABE_ITO["blue"] for r in plan["recovery_week"]]
    # lighter weeks are named in the legend, the summary and the table, not by colour alone
    fig = new_figure(
        go.Bar(
            x=plan["week"],
            y=plan["planned_km"] * f,
            marker={"color": colours},
            name=say("load.planned"),
            hovertext=[say("load.on_week_before", change=f"{c:+.1f}") for c in plan["change_pct"]],
        )
    )
    fig.add_trace(
        go.Scatter(
            x=plan["week"],
            y=plan["long_run_km"] * f,
            mode="lines+markers",
            name=say("load.long_run"),
            line={"color": OKABE_ITO["orange"]},
        )
    )
    if actual is not None:
        fig.add_trace(
            go.Scatter(
                x=actual["week"],
                y=actual["actual_km"] * f,
                mode="markers",
                name=say("load.actual"),
                marker={"color": OKABE_ITO["black"], "size": 9},
            )
        )
    fig.update_layout(legend=TOP_LEGEND)
    weeks = len(plan)
    fig.update_xaxes(  # whole weeks only: never a "week 1.5"
        tickmode="linear",
        tick0=1,
        dtick=max(1, math.ceil(weeks / 12)),
        tickformat="d",
        range=[0.4, weeks + 0.6],
    )
    fig = styled(
        fig,
        title=say("load.plan_title", weeks=weeks),
        x_title=say("load.week"),
        y_title=say("load.distance_per_week", units=units),
    )
    unit = UNIT_NAMES[units]
    summary = plan.attrs.get("summary") or plan_summary(plan)
    sentence = say(
        "load.plan_chart_summary"
        if plan["recovery_week"].any()
        else "load.plan_chart_summary_build",
        plan=summary,
        first=_num(plan["long_run_km"].iloc[0] * f),
        last=_num(plan["long_run_km"].iloc[-1] * f),
        unit=unit,
    )
    if actual is not None:
        sentence += " " + say("load.plan_chart_actual")
    table = pd.DataFrame(
        {
            say("load.week"): plan["week"].astype(int),
            say("load.planned_col", unit=unit): (plan["planned_km"] * f).round(1),
            say("load.long_run_col", unit=unit): (plan["long_run_km"] * f).round(1),
            say("load.lighter_col"): plan["recovery_week"].astype(bool),
            say("load.col_change"): plan["change_pct"].round(1),
        }
    )
    if actual is not None:
        done = actual.set_index("week")["actual_km"] * f
        table[say("load.actual_col", unit=unit)] = plan["week"].map(done).round(1).to_numpy()
    return describe(fig, sentence, table)
