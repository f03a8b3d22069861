"""Issue 21: every figure of the routines, recovery, anatomy, content and evidence modules has a
text alternative (a summary that carries its key numbers, colours named in words, a table)."""

from __future__ import annotations

import pytest

import hamstring_edu as he
from hamstring_edu.anatomy import load_anatomy, stride_geometry
from hamstring_edu.figures.anatomy import hamstring_diagram, length_chart, stride_figure
from hamstring_edu.figures.content import model_sunburst
from hamstring_edu.figures.evidence import ratio_chart
from hamstring_edu.figures.recovery import (
    first_days_timeline,
    stage_ladder,
    time_frames_chart,
    walk_run_chart,
)
from hamstring_edu.figures.routines import routine_timeline, strength_plan_chart
from hamstring_edu.figures.style import figure_table, summary_of

COLOUR_WORDS = ("blue", "orange", "green", "grey", "red-orange", "pink")


def _table(fig):
    columns, rows = figure_table(fig)
    assert columns and rows
    return columns, rows


def test_routine_timeline_says_each_step_and_phase_with_times():
    plan = he.build_routine("warmup", 10, session="intervals")
    fig = routine_timeline(plan)
    text = summary_of(fig)
    assert text.startswith("Warm-up of 10 minutes in 5 steps")
    assert "Easy aerobic (walk, jog) 6:00 (orange bars)" in text
    assert "3. Leg swings 6:00-7:00" in text and "5. Strides 8:00-10:00" in text
    columns, rows = _table(fig)
    assert columns[:2] == ["step", "exercise"] and len(rows) == len(plan)


def test_the_timeline_legend_sits_below_the_axis_title():
    """Before: a legend just under the plot (paper y=-0.18) covered the x axis title at 375 px."""
    fig = routine_timeline(he.build_routine("warmup", 10))
    assert fig.layout.legend.yref == "container" and fig.layout.legend.y == 0
    assert fig.layout.legend.yanchor == "bottom" and fig.layout.margin.b >= 64 + 24 * 3


def test_strength_plan_chart_says_repetitions_per_exercise():
    plan = he.weekly_strength_plan(12, level="intermediate")
    text = summary_of(strength_plan_chart(plan))
    assert "over 12 weeks" in text
    assert "Nordic hamstring exercise (blue bars) from 10 in week 1" in text
    assert "at most 90 (week 5)" in text and "Hamstring curl (orange bars) 60 every week" in text


@pytest.fixture(scope="module")
def strain_plan():
    return he.recovery_plan(
        "2026-03-28 18:30",
        kind="strain",
        severity="moderate",
        tz="Europe/London",
        now="2026-03-29 09:00",
    )


def test_first_days_timeline_says_ice_sessions_and_lanes(strain_plan):
    fig = first_days_timeline(strain_plan)
    text = summary_of(fig)
    ice = int((strain_plan["category"] == "ice").sum())
    assert f"{ice} ice sessions while awake, the first Sat 28 Mar 18:30" in text
    assert "Protect / easy days from Sat 28 Mar 18:30 to Tue 31 Mar 19:30" in text
    assert "(Europe/London)" in text
    _table(fig)


def test_stage_ladder_names_where_you_are_and_the_colours():
    stages = he.rehab_stages()
    text = summary_of(stage_ladder(stages, 2))
    assert text.startswith("You are at stage 2 of 4, Range and strength (red-orange bar)")
    assert "Done (blue bars): 1." in text and "Ahead (grey bars): 3." in text
    assert "Every one of the 4 stages is done" in summary_of(stage_ladder(stages, 5))


def test_time_frames_chart_says_each_range_and_the_highlighted_rows():
    text = summary_of(time_frames_chart(he.recovery_time_frames("moderate")))
    assert "Professional football, MRI grade 2 (ekstrand2012): 22 ± 11 days" in text
    assert "Highlighted in red-orange (the others light blue)" in text


def test_walk_run_chart_says_the_first_and_last_week():
    checks = he.recovery_checklist()
    ready = he.return_to_run(dict.fromkeys(checks[checks.stage == 2].index, True))
    text = summary_of(walk_run_chart(ready.plan))
    assert "over 8 weeks: week 1 has 6 min of easy running and 12 min of walking" in text
    assert "week 8 has 30 min of running" in text and "dark blue" in text


def test_anatomy_figures_name_muscles_lengths_and_colours():
    anatomy = load_anatomy()
    text = summary_of(hamstring_diagram(anatomy))
    assert "4 hamstrings" in text and "3 of them cross both the hip and the knee" in text
    assert "Semitendinosus (blue line)" in text
    geometry = stride_geometry(anatomy)
    for fig in (stride_figure(geometry), length_chart(geometry)):
        text = summary_of(fig)
        assert "longest in Late swing (108%" in text and "Mid-swing (88%)" in text
        _table(fig)


def test_model_sunburst_counts_solutions_by_verdict_in_words():
    text = summary_of(model_sunburst(he.load_content()))
    assert text.startswith("6 causes in the inner ring with 19 solutions")
    assert "Partly supported (light blue)" in text
    _columns, rows = _table(model_sunburst(he.load_content()))
    assert len(rows) == 19


def test_ratio_chart_says_each_ratio_interval_and_colour():
    ratios = [he.reported_ratio(r) for r in ("vandyk2019", "impellizzeri2021nhe")]
    text = summary_of(ratio_chart(ratios))
    assert "vandyk2019, risk ratio 0.49 (95% CI 0.32 to 0.74; CI excludes 1, blue)" in text
    assert "CI includes 1, orange" in text


@pytest.mark.parametrize(
    "build",
    [
        lambda: routine_timeline(he.build_routine("cooldown", 10)),
        lambda: strength_plan_chart(he.weekly_strength_plan(8)),
        lambda: stage_ladder(he.rehab_stages(), 1),
        lambda: time_frames_chart(he.recovery_time_frames("mild")),
        lambda: hamstring_diagram(load_anatomy()),
        lambda: ratio_chart([he.reported_ratio("nielsen2014")]),
    ],
)
def test_every_summary_names_a_colour_and_a_number(build):
    text = summary_of(build())
    assert any(word in text for word in COLOUR_WORDS), text
    assert any(ch.isdigit() for ch in text), text
