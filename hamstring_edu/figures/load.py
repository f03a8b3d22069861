"""Figures of training load: weekly volume under last week's ceiling, ACWR with its bands, the
fitness-fatigue chart, and a progression plan.

Every window, percentage and unit in a title or legend is read from the result's ``attrs``
(what load_metrics, weekly_load and plan_progression record), never written here.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from hamstring_edu.figures.style import OKABE_ITO, date_axis, new_figure, note_if_empty, styled
from hamstring_edu.units import from_km, unit_label
from hamstring_edu.wording import say

TOP_LEGEND = {"orientation": "h", "yanchor": "bottom", "y": 1.0, "xanchor": "right", "x": 1}


def _days(values: pd.Series) -> list[str]:
    """Dates as ISO strings, the form every plotly.js renderer reads as dates."""
    return pd.to_datetime(values).dt.strftime("%Y-%m-%d").tolist()


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
    ]
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
    date_axis(fig, weeks["week_start"])
    return styled(
        fig,
        title=say("load.weekly_title", increase=f"{increase:.0%}", spike=f"{spike:g}"),
        x_title=say("load.week_starting"),
        y_title=say("load.load_per_week", unit=unit),
    )


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
    return styled(
        fig,
        title=say("load.acwr_title", low=f"{low:g}", high=f"{high:g}", danger=f"{danger:g}"),
        x_title=say("load.date"),
        y_title=say("load.ratio_axis"),
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
    return styled(
        fig,
        title=say("load.fitness_title"),
        x_title=say("load.date"),
        y_title=say("load.load_per_day", unit=unit),
    )


def plan_chart(
    plan: pd.DataFrame, *, units: str = "km", actual: pd.DataFrame | None = None
) -> go.Figure:
    """Planned weekly distance (recovery weeks lighter), long run, and actual weeks if given."""
    f = from_km(1.0, units)
    colours = [OKABE_ITO["sky"] if r else OKABE_ITO["blue"] for r in plan["recovery_week"]]
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
    return styled(
        fig,
        title=say("load.plan_title", weeks=len(plan)),
        x_title=say("load.week"),
        y_title=say("load.distance_per_week", units=units),
    )
