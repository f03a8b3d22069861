"""Reading study results: ratios, intervals and risk differences from the references."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

import hamstring_edu as he
from hamstring_edu.effect_sizes import reported_percentages, reported_rates, study_fact
from hamstring_edu.errors import ContentError, OptionError


def test_reported_numbers_are_read_from_the_findings():
    assert he.reported_ratio("nielsen2014").kind == "hazard ratio"
    r = he.reported_ratio("impellizzeri2021nhe")
    assert (r.ratio, r.low, r.high) == (0.56, 0.20, 1.52)
    assert reported_percentages("buist2008") == (20.8, 20.3)
    assert reported_rates("petersen2011") == (13.1, 3.8, "per 100 player-seasons")
    with pytest.raises(ContentError, match="reports no ratio"):
        he.reported_ratio("bandy1997")


def test_van_dyks_ratio_read_aloud():
    reading = he.read_ratio(0.49, 0.32, 0.74)
    assert reading.reduction_pct == pytest.approx(51)
    assert not reading.includes_one
    assert reading.sentence == (
        "A risk ratio of 0.49 means a risk 51% lower; the 95% CI (0.32 to 0.74) does not "
        "include 1: the data fit a risk 26% to 68% lower, not no difference."
    )
    assert study_fact("vandyk2019", "reduction_low_pct") == pytest.approx(26)
    assert study_fact("vandyk2019", "reduction_high_pct") == pytest.approx(68)


def test_an_interval_that_includes_one_is_uncertain():
    reading = he.read_ratio(1.59, 0.96, 2.66, kind="hazard ratio")
    assert reading.includes_one and "uncertain" in reading.sentence
    assert "59% higher" in reading.sentence


def test_buists_two_risks():
    comparison = he.compare_risks(20.8, 20.3)
    assert comparison.difference_points == pytest.approx(0.5)
    assert comparison.ratio == pytest.approx(1.0246, abs=1e-4)
    assert "0.5 percentage points" in comparison.sentence


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((0.49, 0.5, 0.74), "must contain the estimate"),
        ((0, 0.1, 1), "above 0"),
        ((True, 0.1, 2), "above 0"),
    ],
)
def test_impossible_ratios_are_refused(args, message):
    with pytest.raises(OptionError, match=message):
        he.read_ratio(*args)


@given(st.floats(0.05, 5), st.floats(0.01, 0.9), st.floats(0.01, 0.9))
def test_the_interval_excludes_one_exactly_when_both_ends_are_on_one_side(ratio, a, b):
    low, high = ratio * (1 - a), ratio * (1 + b)
    reading = he.read_ratio(ratio, low, high)
    assert reading.includes_one == (low <= 1 <= high)
    assert reading.change_low_pct <= reading.change_pct <= reading.change_high_pct


def test_the_forest_plot_marks_intervals_that_include_one():
    from hamstring_edu.figures.evidence import ratio_chart

    refs = ("vandyk2019", "impellizzeri2021nhe", "nielsen2014")
    fig = ratio_chart([he.reported_ratio(r) for r in refs])
    assert [t.y[0] for t in fig.data] == [
        "vandyk2019 (risk ratio)",
        "impellizzeri2021nhe (risk ratio)",
        "nielsen2014 (hazard ratio)",
    ]
    assert [t.name for t in fig.data] == ["CI excludes 1", "CI includes 1", "CI includes 1"]
    assert [t.showlegend for t in fig.data] == [True, True, False]
    assert fig.layout.xaxis.type == "log" and "1 = no" in fig.layout.xaxis.title.text
    assert list(fig.data[0].error_x.arrayminus) == pytest.approx([0.49 - 0.32])


def test_the_reading_is_worded_in_data_text():
    """The sentences are data/text/effect_sizes.toml's; the numbers are written in by the model."""
    from hamstring_edu import wording

    table = wording.texts("effect_sizes")
    assert set(table) >= {"ratio_clear", "ratio_uncertain", "risks_compared"}
    reading = he.read_ratio(1.59, 0.96, 2.66, kind="hazard ratio")
    assert reading.sentence == table["ratio_uncertain"].format(
        kind="hazard ratio",
        ratio="1.59",
        what=table["hazard"],
        size=59,
        direction=table["higher"],
        low="0.96",
        high="2.66",
    )
