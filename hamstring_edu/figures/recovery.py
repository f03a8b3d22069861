"""Figures of the recovery plan: the first days as a timeline, the stage ladder, reported time
frames as ranges, and the walk-run plan."""

from __future__ import annotations

import html

import pandas as pd
import plotly.graph_objects as go

from hamstring_edu.figures.style import (
    OKABE_ITO,
    describe,
    legend_below,
    new_figure,
    styled,
    wrap_title,
)
from hamstring_edu.wording import say

# Lanes of the timeline, top to bottom, with their colour (Okabe-Ito).
LANES = {
    "info": ("It usually settles", OKABE_ITO["green"]),
    "rest": ("Protect / easy days", OKABE_ITO["blue"]),
    "ice": ("Ice 15-20 min", OKABE_ITO["sky"]),
    "compression": ("Bandage<br>(off for sleep)", OKABE_ITO["purple"]),
    "elevation": ("Raise the leg", OKABE_ITO["yellow"]),
    "avoid": ("No heat, alcohol,<br>running, massage", OKABE_ITO["vermillion"]),
    "sleep": ("Asleep: no ice,<br>no bandage", OKABE_ITO["grey"]),
    "heat": ("Warmth<br>(only after 72 h)", OKABE_ITO["orange"]),
    "check": ("Check-in", OKABE_ITO["black"]),
    "rehab": ("Stage 1 of rehab", OKABE_ITO["green"]),
}
TWO_LINE_TITLE_MARGIN = 95  # px above the plot: a two-line title and the 'now' label
MS_PER_HOUR = 3_600_000
LABEL_CHARS = 24  # a row label's line in the time-frames chart (it fits beside bars at 375 px)
STAGE_CHARS = 9  # a stage's name under its bar, per line
NARROW_AXIS_CHARS = 16  # an axis title that fits over a plot area a phone leaves it


def _iso(values: pd.Series) -> list[str]:
    """Wall-clock times as ISO strings (plotly draws them as they read, in the plan's zone)."""
    return [t.strftime("%Y-%m-%dT%H:%M:%S") for t in values]


def first_days_timeline(plan: pd.DataFrame, *, days: int = 4) -> go.Figure:
    """A calendar-like timeline of the first days: one lane per kind of action, bars where and
    when it happens, times on the plan's wall clock; warning signs are listed elsewhere."""
    a = plan.attrs
    onset = a["onset"]
    shown = plan[plan["category"].isin(LANES) & (plan["start"] < onset + pd.Timedelta(days=days))]
    fig = new_figure()
    order = [c for c in LANES if c in set(shown["category"])]
    for category in order:
        rows = shown[shown["category"] == category]
        label, colour = LANES[category]
        hours = (rows["end"] - rows["start"]).dt.total_seconds() / 3600
        fig.add_trace(
            go.Bar(
                name=label,
                orientation="h",
                base=_iso(rows["start"]),
                x=(hours * MS_PER_HOUR).tolist(),
                y=[label] * len(rows),
                marker={"color": colour, "line": {"width": 0}},
                opacity=0.55 if category == "sleep" else 0.9,
                hovertext=[
                    f"<b>{html.escape(r.action)}</b><br>{r.start:%a %d %b %H:%M} to "
                    f"{r.end:%a %d %b %H:%M}<br>{html.escape(r.how)}"
                    for r in rows.itertuples()
                ],
                hoverinfo="text",
                showlegend=False,
            )
        )
    labels = [LANES[c][0] for c in order]
    fig.update_yaxes(categoryorder="array", categoryarray=labels[::-1], automargin=True)
    end = onset + pd.Timedelta(days=days)
    fig.update_xaxes(type="date", range=[_iso(pd.Series([onset]))[0], _iso(pd.Series([end]))[0]])
    now = a.get("now")
    if now is not None and onset <= now <= end:
        x = now.strftime("%Y-%m-%dT%H:%M:%S")
        fig.add_shape(
            type="line",
            x0=x,
            x1=x,
            y0=0,
            y1=1,
            yref="paper",
            line={"color": OKABE_ITO["black"], "dash": "dot"},
        )
        fig.add_annotation(x=x, y=1, yref="paper", text="now", showarrow=False, yanchor="bottom")
    what = "soreness (DOMS)" if a["kind"] == "soreness" else f"strain ({a['severity']})"
    ice = int((plan["category"] == "ice").sum())
    fig.update_layout(bargap=0.25, barmode="overlay")
    styled(
        fig,
        title=(
            f"{say('recovery.chart_first_days', days=days, what=what)}:<br>"
            f"{say('recovery.chart_ice_sessions', ice=ice)}"
        ),
        x_title=wrap_title(f"time ({a['tz']})", NARROW_AXIS_CHARS),
        height=150 + 42 * max(1, len(order)),
    )
    fig.update_layout(margin={"t": TWO_LINE_TITLE_MARGIN})
    return describe(fig, _first_days_summary(plan, shown, order, days, what), _lanes_table(shown))


WHEN = "%a %d %b %H:%M"


def _first_days_summary(
    plan: pd.DataFrame, shown: pd.DataFrame, order: list[str], days: int, what: str
) -> str:
    a = plan.attrs
    ice = shown[shown["category"] == "ice"]
    lanes = []
    for category in order:
        if category == "ice":
            continue
        rows = shown[shown["category"] == category]
        label = LANES[category][0].replace("<br>", " ")
        if len(rows) == 1:
            r = rows.iloc[0]
            lanes.append(
                say(
                    "recovery.chart_lane_once",
                    lane=label,
                    start=f"{r.start:{WHEN}}",
                    end=f"{r.end:{WHEN}}",
                )
            )
        else:
            first = rows.iloc[0]
            lanes.append(
                say(
                    "recovery.chart_lane_times",
                    lane=label,
                    times=len(rows),
                    start=f"{first.start:{WHEN}}",
                )
            )
    ice_words = (
        say(
            "recovery.chart_ice_times",
            ice=len(ice),
            first=f"{ice.iloc[0].start:{WHEN}}",
            last=f"{ice.iloc[-1].start:{WHEN}}",
        )
        if len(ice)
        else say("recovery.chart_no_ice")
    )
    return say(
        "recovery.chart_first_days_summary",
        days=days,
        what=what,
        onset=f"{a['onset']:{WHEN}}",
        tz=a["tz"],
        ice=ice_words,
        lanes="; ".join(lanes),
    )


def _lanes_table(shown: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame(
        {
            say("recovery.col_lane"): [LANES[c][0].replace("<br>", " ") for c in shown["category"]],
            say("recovery.col_action"): shown["action"].tolist(),
            say("recovery.col_from"): [f"{t:{WHEN}}" for t in shown["start"]],
            say("recovery.col_to"): [f"{t:{WHEN}}" for t in shown["end"]],
            say("recovery.col_how"): shown["how"].tolist(),
        }
    )


def stage_ladder(stages: pd.DataFrame, current: int) -> go.Figure:
    """The rehabilitation stages as a staircase: done (blue), where you are (vermillion), ahead
    (grey); hover shows the goal, the exercises and the checks to move on."""
    numbers = stages.index.tolist()
    colours = [
        OKABE_ITO["blue"]
        if n < current
        else OKABE_ITO["vermillion"]
        if n == current
        else OKABE_ITO["grey"]
        for n in numbers
    ]
    labels = [f"{n}. {name}" for n, name in zip(numbers, stages["name"], strict=True)]
    ticks = [wrap_title(lab, STAGE_CHARS) for lab in labels]  # side by side at 375 px
    # each stage in words (colour never alone): here, done or ahead
    placed = [
        say("recovery.chart_here")
        if n == current
        else say("recovery.chart_done")
        if n < current
        else say("recovery.chart_ahead")
        for n in numbers
    ]
    fig = new_figure(
        go.Bar(
            x=ticks,
            y=numbers,
            marker={"color": colours},
            text=placed,
            textposition="inside",
            hovertext=[
                f"<b>{html.escape(lab)}</b><br>{html.escape(r.goal)}<br><i>Exercises:</i> "
                f"{html.escape(', '.join(r.exercises))}<br><i>Move on when:</i> "
                + "<br>- ".join(["", *(html.escape(c) for c in r.move_on)])
                for lab, r in zip(labels, stages.itertuples(), strict=True)
            ],
            hoverinfo="text",
            name="stages",
        )
    )
    fig.update_xaxes(tickangle=0, automargin=True)
    fig.update_yaxes(dtick=1, range=[0, len(numbers) + 0.3])
    where = (
        f"you are at stage {current} of {len(numbers)}"
        if current <= len(numbers)
        else "every stage done:<br>back to usual training"
    )
    styled(
        fig,
        title=f"Rehabilitation stages: {where}",
        x_title=say("recovery.chart_stage_axis"),
        y_title="stage number",
        height=380,
    )
    done = [lab for n, lab in zip(numbers, labels, strict=True) if n < current]
    ahead = [lab for n, lab in zip(numbers, labels, strict=True) if n > current]
    if current in numbers:
        summary = say(
            "recovery.chart_stage_summary",
            current=current,
            name=stages.loc[current, "name"],
            count=len(numbers),
            done="; ".join(done) or say("recovery.chart_none"),
            ahead="; ".join(ahead) or say("recovery.chart_none"),
        )
    else:
        summary = say("recovery.chart_stage_all_done", count=len(numbers), done="; ".join(done))
    table = pd.DataFrame(
        {
            say("recovery.col_stage"): labels,
            say("recovery.col_where"): placed,
            say("recovery.col_goal"): stages["goal"].tolist(),
            say("recovery.col_move_on"): ["; ".join(m) for m in stages["move_on"]],
        }
    )
    return describe(fig, summary, table)


def time_frames_chart(frames: pd.DataFrame) -> go.Figure:
    """Reported times to return as ranges (mean ± one SD) with the mean marked; the rows that
    match the chosen severity are highlighted."""
    labels = [f"{g} ({s})" for g, s in zip(frames["group"], frames["source"], strict=True)]
    ticks = [wrap_title(lab, LABEL_CHARS) for lab in labels]  # narrow labels leave the bars room
    colours = [OKABE_ITO["vermillion"] if f else OKABE_ITO["sky"] for f in frames["fits"]]
    hover = [
        f"<b>{html.escape(lab)}</b><br>{r.label} (mean ± SD); range shown {r.low_days}-"
        f"{r.high_days} days"
        for lab, r in zip(labels, frames.itertuples(), strict=True)
    ]
    fig = new_figure(
        [
            go.Bar(
                orientation="h",
                y=ticks,
                base=frames["low_days"].tolist(),
                x=(frames["high_days"] - frames["low_days"]).tolist(),
                marker={"color": colours},
                hovertext=hover,
                hoverinfo="text",
                name="mean ± one SD",
            ),
            go.Scatter(
                y=ticks,
                x=frames["mean_days"].tolist(),
                mode="markers",
                marker={"color": OKABE_ITO["black"], "symbol": "line-ns-open", "size": 16},
                hovertext=hover,
                hoverinfo="text",
                name="mean",
            ),
        ]
    )
    fig.update_yaxes(categoryorder="array", categoryarray=ticks[::-1], automargin=True)
    fig.update_layout(legend={"orientation": "h"})
    severity = frames.attrs.get("severity")
    fit = f" (highlighted: {severity})" if severity else ""
    styled(
        fig,
        title=f"{say('recovery.chart_frames', fit=fit)}:<br>{say('recovery.chart_frames_range')}",
        x_title=say("recovery.chart_frames_axis"),
        height=170 + 60 * len(frames),
    )
    fig.update_xaxes(title_text=wrap_title(say("recovery.chart_frames_axis"), NARROW_AXIS_CHARS))
    legend_below(fig)
    fig.update_layout(margin={"t": TWO_LINE_TITLE_MARGIN})
    rows = "; ".join(
        f"{lab}: {r.label}" for lab, r in zip(labels, frames.itertuples(), strict=True)
    )
    fits = [lab for lab, f in zip(labels, frames["fits"], strict=True) if f]
    highlighted = (
        say("recovery.chart_frames_fits", severity=severity, rows="; ".join(fits))
        if fits
        else say("recovery.chart_frames_none")
    )
    summary = say("recovery.chart_frames_summary", rows=rows, highlighted=highlighted)
    table = pd.DataFrame(
        {
            say("recovery.col_group"): labels,
            say("recovery.col_mean_sd"): frames["label"].tolist(),
            say("recovery.col_low"): frames["low_days"].tolist(),
            say("recovery.col_high"): frames["high_days"].tolist(),
            say("recovery.col_highlighted"): frames["fits"].tolist(),
        }
    )
    return describe(fig, summary, table)


def walk_run_chart(plan: pd.DataFrame) -> go.Figure:
    """Minutes of running and walking in each session, week by week (warm-up and cool-down
    walks not included); the speed week is marked, the title names the severity and the rule."""
    weeks = [
        f"week {w}" + (" (strides)" if s else "")
        for w, s in zip(plan["week"], plan["speed"], strict=True)
    ]
    fig = new_figure(
        [
            go.Bar(
                name="easy running",
                x=weeks,
                y=plan["run_total_min"].tolist(),
                marker={"color": OKABE_ITO["blue"]},
                hovertext=[html.escape(h) for h in plan["how"]],
                hoverinfo="text+name",
            ),
            go.Bar(
                name="walking between runs",
                x=weeks,
                y=plan["walk_total_min"].tolist(),
                marker={"color": OKABE_ITO["sky"]},
                hovertext=[html.escape(h) for h in plan["how"]],
                hoverinfo="text+name",
            ),
        ]
    )
    fig.update_layout(barmode="stack", legend={"orientation": "h"})
    fig.update_xaxes(automargin=True)
    rise = plan.attrs.get("max_rise", 0)
    severity = plan.attrs.get("severity")
    which = f" ({severity} strain)" if severity else ""
    target = plan.attrs.get("target_min")
    styled(
        fig,
        title=(
            say("recovery.chart_walk_run", which=which, weeks=len(plan), target=target)
            + f"<br>{say('recovery.chart_walk_run_rule', rise=f'{rise:.0%}')}"
        ),
        x_title=say("recovery.chart_walk_run_axis"),
        y_title="minutes per session",
        height=450,
    )
    legend_below(fig)
    fig.update_layout(margin={"t": TWO_LINE_TITLE_MARGIN})
    first, last = plan.iloc[0], plan.iloc[-1]
    speed = [w for w, s in zip(plan["week"], plan["speed"], strict=True) if s]
    summary = say(
        "recovery.chart_walk_run_summary",
        weeks=len(plan),
        which=which,
        run0=int(first["run_total_min"]),
        walk0=int(first["walk_total_min"]),
        run1=int(last["run_total_min"]),
        walk1=int(last["walk_total_min"]),
        last=int(last["week"]),
        speed=say("recovery.chart_walk_run_speed", week=speed[0]) if speed else "",
    )
    table = pd.DataFrame(
        {
            say("recovery.col_week"): plan["week"].tolist(),
            say("recovery.col_running"): plan["run_total_min"].tolist(),
            say("recovery.col_walking"): plan["walk_total_min"].tolist(),
            say("recovery.col_session"): plan["how"].tolist(),
        }
    )
    return describe(fig, summary, table)
