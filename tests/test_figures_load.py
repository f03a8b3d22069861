"""The load figures label themselves from the results' attrs, never from hard-coded settings."""

from __future__ import annotations

import numpy as np
import pandas as pd

from hamstring_edu.figures.load import acwr_chart, fitness_fatigue, weekly_volume
from hamstring_edu.load import load_metrics, weekly_load


def _metrics(**options):
    dates = pd.date_range("2024-01-01", periods=60)
    km = np.arange(60.0) % 9
    log = pd.DataFrame({"athlete": "a", "date": dates, "distance_km": km, "duration_min": km * 6})
    return load_metrics(log, **options)


def _names(fig):
    return [trace.name for trace in fig.data]


def test_default_settings_appear_in_the_legends():
    m = _metrics()
    assert _names(acwr_chart(m, athlete="a")) == [
        "rolling 7:28 (coupled)",
        "EWMA 7:28 (williams2017)",
    ]
    assert "fitness (CTL, 42 d)" in _names(fitness_fatigue(m, athlete="a"))
    assert "(km)" in fitness_fatigue(m, athlete="a").layout.yaxis.title.text


def test_other_windows_and_smoothing_relabel_the_figures():
    m = _metrics(acute_days=5, chronic_days=21, ctl_days=30, atl_days=5, pmc_smoothing="1/tau")
    acwr = acwr_chart(m, athlete="a")
    assert _names(acwr)[0] == "rolling 5:21 (coupled)"
    pmc = _names(fitness_fatigue(m, athlete="a"))
    assert "fitness (CTL, 30 d, k = 1/tau)" in pmc and "fatigue (ATL, 5 d, k = 1/tau)" in pmc
    assert "form (TSB, yesterday's)" in pmc


def test_weekly_figure_titles_its_chosen_increase_and_spike():
    weeks = weekly_load(_metrics(measure="duration"), athlete="a", max_increase=0.2, spike_pct=40)
    fig = weekly_volume(weeks)
    title = fig.layout.title.text.replace("<br>", " ")  # styled() wraps long titles
    assert "more than 20% above the week before" in title
    assert "a rise over 40%" in title
    assert "(min)" in fig.layout.yaxis.title.text  # the measure comes from attrs
    assert fig.data[1].name == "last week + 20%"


def test_the_titles_and_legends_are_worded_in_data_text():
    from hamstring_edu import wording

    table = wording.texts("load")
    fig = fitness_fatigue(_metrics(), athlete="a")
    assert fig.layout.title.text == table["fitness_title"]
    assert fig.layout.yaxis.title.text == table["load_per_day"].format(unit="km")


# --- text alternatives and axes that agree with the text -------------------------------------


def _sam():
    from hamstring_edu.content import data_dir
    from hamstring_edu.logs import read_log

    metrics = load_metrics(read_log(data_dir() / "samples" / "team_log.csv"))
    return metrics, weekly_load(metrics, athlete="sam")


def test_every_load_figure_has_a_summary_with_its_numbers():
    from hamstring_edu.figures.load import plan_chart
    from hamstring_edu.figures.style import summary_of
    from hamstring_edu.progression import plan_progression

    metrics, weeks = _sam()
    weekly = summary_of(weekly_volume(weeks))
    assert "from 36.4 km in the week of 1 Jan 2024 to 118 km in the week of 24 Jun 2024" in weekly
    assert "biggest rise was 60% in the week of 8 Apr 2024" in weekly
    assert "vermillion bars" in weekly and "7 weeks rose more than 30%" in weekly
    acwr = summary_of(acwr_chart(metrics, athlete="sam"))
    assert "green band (0.8 to 1.3)" in acwr and "above 1.5 (the red band)" in acwr
    assert "highest was 1.64 on 12 Apr 2024" in acwr
    pmc = summary_of(fitness_fatigue(metrics, athlete="sam"))
    assert pmc.startswith("On 30 Jun 2024, fitness (CTL, 42 d) was 13.3")
    plan = summary_of(plan_chart(plan_progression(30, 45)))
    assert plan.startswith("6 weeks from 30 to 45 km a week")
    assert "week 4 is a lighter week" in plan and "light blue bars lighter weeks" in plan


def test_weekly_ticks_are_the_mondays_the_text_names_one_tick_per_week():
    """The issue: Sunday labels under "the week of 30 Nov", and a label every 3 days."""
    from hamstring_edu.progression import review_weeks

    weeks = review_weeks([20, 22, 24, 30], today="2026-12-17")
    axis = weekly_volume(weeks).layout.xaxis
    mondays = [str(d.date()) for d in weeks["week_start"]]
    assert list(axis.tickvals) == mondays  # few weeks: every week labelled, on its Monday
    assert [t.split("<br>")[0] for t in axis.ticktext] == ["16 Nov", "23 Nov", "30 Nov", "7 Dec"]
    assert axis.tickmode == "array"
    note = " ".join(weeks.attrs["notes"])
    assert "week of 7 Dec" in note  # the text names weeks as the axis does
    _, many = _sam()
    axis = weekly_volume(many).layout.xaxis
    assert list(axis.minor.tickvals) == [str(d.date()) for d in many["week_start"]]
    assert len(axis.tickvals) <= 9 and set(axis.tickvals) <= set(axis.minor.tickvals)
    assert all(pd.Timestamp(v).weekday() == 0 for v in axis.tickvals)


def test_the_plan_axis_shows_whole_weeks_only():
    """The issue: the plan's week axis showed 0.5, 1.5."""
    from hamstring_edu.figures.load import plan_chart
    from hamstring_edu.progression import plan_progression

    for plan in (plan_progression(30, 36), plan_progression(10, 150, max_increase=0.22)):
        axis = plan_chart(plan).layout.xaxis
        assert axis.tickmode == "linear" and axis.tick0 == 1
        assert float(axis.dtick).is_integer() and axis.dtick >= 1
        assert axis.tickformat == "d"


def test_a_two_week_plan_says_nothing_about_lighter_weeks_it_does_not_have():
    from hamstring_edu.figures.load import plan_chart
    from hamstring_edu.figures.style import summary_of
    from hamstring_edu.progression import plan_progression

    text = summary_of(plan_chart(plan_progression(30, 36)))
    assert "2 weeks from 30 to 36 km" in text
    assert "light blue" not in text and "every fourth" not in text
    assert "the plan ends before week 4" in text
