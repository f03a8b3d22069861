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
