"""Load from heart rate (issue 24): Banister's TRIMP against the values Elevate's own tests
expect of real recordings (tests/data/hr), a worked example by hand, the metrics on a TRIMP
series, measure="column:NAME", and what is said when a setting is assumed."""

from __future__ import annotations

import json
import math
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import season
from test_load import REFERENCE

from hamstring_edu import heart_rate, load_metrics, read_log
from hamstring_edu.errors import AssumptionWarning, LogError, OptionError
from hamstring_edu.load import daily_load

HR = Path(__file__).parent / "data" / "hr"


def stream(name: str) -> heart_rate.HeartRate:
    data = json.loads((HR / name).read_text())
    return heart_rate.from_samples(
        np.array(data["time"], float), np.array(data["heartrate"], float)
    )


def test_trimp_of_a_real_ride_equals_elevates_expected_value():
    """Elevate's desktop/src/estimators/fixtures/723224273/expected-results.json (commit
    47474229): TRIMP 231.8958896481671 for a man with maximum 195 and resting 61 bpm; computed
    there, as here, with each step's minutes at the mean heart rate of its two samples."""
    ride = stream("elevate_723224273_stream_2020.json")
    assert heart_rate.trimp(ride.seconds, 61, 195, "male") == pytest.approx(
        231.8958896481671, rel=1e-12
    )
    assert ride.average == pytest.approx(164.31959856396867, rel=1e-12)  # the same fixture's


def test_the_older_fixture_of_the_same_ride_agrees_to_its_moving_time():
    """Elevate's 2016 spec (specs/processors/ActivityComputer.spec.ts) expects 228.48086657699946
    (maximum 200, resting 45); it counted only samples where the rider moved, which this
    package cannot know from heart rate alone: 0.01% apart."""
    ride = stream("elevate_723224273_stream_2016.json")
    value = heart_rate.trimp(ride.seconds, 45, 200, "male")
    assert value == pytest.approx(228.48086657699946, rel=1e-4)
    assert value != pytest.approx(228.48086657699946, rel=1e-9)


def test_a_run_whose_strap_lost_contact_differs_from_elevate_by_those_samples_only():
    """Elevate's 888821043 expects 26.211989323473663: it counts ten samples of 0 bpm at the
    start as heart rates far below resting (a negative load); this package counts no heart rate
    there. Leaving those samples out of Elevate's sum gives this package's value."""
    data = json.loads((HR / "elevate_888821043_stream_2020.json").read_text())
    t, bpm = np.array(data["time"], float), np.array(data["heartrate"], float)
    assert (bpm == 0).sum() == 10
    run = heart_rate.from_samples(t, bpm)
    ours = heart_rate.trimp(run.seconds, 61, 195, "male")
    assert ours == pytest.approx(26.211989323473663, rel=2e-3)
    step, mean = np.diff(t), (bpm[1:] + bpm[:-1]) / 2
    r = (mean - 61) / (195 - 61)
    both = (bpm[1:] > 0) & (bpm[:-1] > 0)  # Elevate's sum, over the steps with two heart rates
    expected = (step / 60 * r * 0.64 * np.exp(1.92 * r))[both].sum()
    assert ours == pytest.approx(expected, rel=1e-12)


def test_a_worked_example_by_hand():
    """30 minutes at 150 bpm, resting 60, maximum 190: r = 90/130 = 0.6923.
    Men: y = 0.64 e^(1.92 * 0.6923) = 0.64 * 3.778 = 2.418, TRIMP = 30 * 0.6923 * 2.418 = 50.22;
    women: y = 0.86 e^(1.67 * 0.6923) = 0.86 * 3.178 = 2.733, TRIMP = 30 * 0.6923 * 2.733 = 56.76
    (the weights as docs/load_metrics.md gives them)."""
    half_hour = ((150.0, 1800.0),)
    assert heart_rate.trimp(half_hour, 60, 190, "male") == pytest.approx(50.22, abs=0.005)
    assert heart_rate.trimp(half_hour, 60, 190, "female") == pytest.approx(56.76, abs=0.005)
    assert heart_rate.trimp(((50.0, 600.0),), 60, 190, "male") == 0  # below resting: none


def test_huez_mountain_ride_is_near_elevates_average_form():
    """Elevate's newest integration spec (file-activities.integration.spec.ts) gives huez.fit a
    TRIMP of about 445 from its average heart rate (148) over its moving time (5:22:21), with a
    tolerance of 1%; the average form here, over the same minutes, is within it."""
    data = json.loads((HR / "elevate_huez_records.json").read_text())
    bpm = np.array([np.nan if b is None else b for b in data["heartrate"]], float)
    average = np.nanmean(bpm)
    minutes = (5 * 3600 + 22 * 60 + 21) / 60
    value = heart_rate.trimp(((average, minutes * 60),), 65, 195, "male")
    assert value == pytest.approx(445, rel=0.01)


def season_log(days: int = 70) -> pd.DataFrame:
    return read_log([("season.zip", season.strava_archive(season.season(days)))], athlete="sam")


SAM = {"resting": 52, "maximum": 188, "sex": "female"}


def test_load_metrics_on_trimp_are_the_metrics_of_each_days_trimp():
    log = season_log()
    metrics = load_metrics(log, measure="trimp", heart_rate=SAM)
    by_hand = [heart_rate.trimp(s, 52, 188, "female") for s in log["hr_seconds"]]
    assert metrics["load"].to_numpy() == pytest.approx(by_hand, rel=1e-12)
    same = load_metrics(log.assign(trimp=by_hand), measure="column:trimp")
    for column in ("load_7d", "acwr_rolling", "acwr_ewma", "monotony", "ctl", "atl", "tsb"):
        assert np.allclose(metrics[column], same[column], rtol=1e-12, equal_nan=True), column
    k = 1 - math.exp(-1 / 42)  # CTL by its recursion, from 0 the day before
    ctl = 0.0
    for load, expected in zip(metrics["load"], metrics["ctl"], strict=True):
        ctl += k * (load - ctl)
        assert expected == pytest.approx(ctl, rel=1e-9)
    assert metrics.attrs["unit"] == "AU (TRIMP)" and metrics.attrs["assumed"] == ()
    assert metrics.attrs["heart_rate"] == {"sam": (52.0, 188.0, "female")}


@pytest.mark.parametrize("column", sorted(REFERENCE))
def test_a_load_the_user_has_is_read_by_its_column(load_reference, column):
    """The reference table's loads as a column a user brought (as TSS would be): every metric
    as the reference computes it, the same checks as for the other measures (test_load)."""
    ref = pd.read_csv(load_reference / "reference_60d.csv")
    log = pd.DataFrame({"athlete": "a", "date": pd.to_datetime(ref["date"]), "tss": ref["load"]})
    name, options = REFERENCE[column]
    metrics = load_metrics(log, measure="column:tss", **options)
    np.testing.assert_allclose(metrics[name], ref[column], atol=1e-6, equal_nan=True)
    assert metrics.attrs["unit"] == "tss" and metrics.attrs["measure"] == "column:tss"


def test_a_column_that_is_not_there_or_not_a_load_is_refused():
    log = pd.DataFrame({"athlete": "a", "date": pd.to_datetime(["2024-01-01"]), "tss": ["x"]})
    with pytest.raises(LogError, match="no column 'hrtss'"):
        load_metrics(log, measure="column:hrtss")
    with pytest.raises(LogError, match="'x' is not a number") as info:
        load_metrics(log, measure="column:tss")
    assert info.value.where == {"row": 0, "column": "tss"}
    with pytest.raises(OptionError, match="needs a column name"):
        load_metrics(log, measure="column:")


def test_an_assumed_setting_is_said_and_recorded_never_silent():
    log = season_log(20)
    with pytest.warns(AssumptionWarning, match="maximum heart rate 162 bpm .the highest in the"):
        metrics = daily_load(log, measure="trimp")
    assumed = metrics.attrs["assumed"][0]
    assert "resting heart rate 60 bpm" in assumed and "men's weighting" in assumed
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # all three given: no warning at all
        daily_load(log, measure="trimp", heart_rate={"sam": SAM})


def test_summaries_without_a_stream_use_the_average_and_say_how_many():
    csv = (
        b"date,distance_km,duration_min,avg_hr,max_hr\n2024-03-04,8,30,150,171\n2024-03-05,5,30,,\n"
    )
    log = read_log([("log.csv", csv)], athlete="kim")
    with pytest.warns(AssumptionWarning, match="kim: the men's weighting"):
        metrics = load_metrics(log, measure="trimp", heart_rate={"resting": 60, "maximum": 190})
    assert metrics["load"].iloc[0] == pytest.approx(50.22, abs=0.005)
    assert metrics.attrs["trimp_from_average"] == 1
    assert [d.reason for d in metrics.attrs["dropped"]] == ["no heart rate (for TRIMP) recorded"]


@pytest.mark.parametrize(
    ("given", "message"),
    [
        ({"resting": 10}, "resting must be a number of bpm from 25 to 120"),
        ({"maximum": "high"}, "maximum must be a number"),
        ({"resting": 90, "maximum": 105}, "at least 20 bpm above"),
        ({"sex": "m"}, "sex must be 'male' or 'female'"),
        ({"resting": 50, "age": 40}, "unknown key 'age'"),
        ({"someone": {"resting": 50}}, "'someone', who is not in the log"),
        ([60, 190], "heart_rate must be a dict"),
    ],
)
def test_bad_heart_rate_settings_are_option_errors(given, message):
    log = season_log(3)
    with pytest.raises(OptionError, match=message) as info:
        load_metrics(log, measure="trimp", heart_rate=given)
    assert info.value.where["field"] == "heart_rate"


def test_trimp_needs_heart_rate_and_the_settings_need_trimp():
    plain = read_log([("log.csv", b"date,distance_km,duration_min\n2024-03-04,8,45\n")])
    with pytest.raises(LogError, match="no maximum heart rate can be assumed"):
        load_metrics(plain, measure="trimp")
    with pytest.raises(LogError, match="TRIMP needs heart rate"):
        load_metrics(plain.drop(columns=["hr_seconds", "avg_hr"]), measure="trimp")
    with pytest.raises(OptionError, match="only with measure='trimp'"):
        load_metrics(plain, heart_rate=SAM)


def test_notebook_09s_pencil_trimp_is_the_librarys():
    """The worked solution (the formula by hand) and the case's fact (heart_rate.trimp) agree."""
    from hamstring_edu.cases import case_fact
    from hamstring_edu.hand_calculations import has_worked_solution, worked_solution

    worked = worked_solution("case.three_weeks.trimp")
    assert worked.value == pytest.approx(case_fact("three_weeks", "trimp"), rel=1e-12)
    assert worked.answer == "120.6" and "r = (148 - 54) / (192 - 54) = 0.681" in repr(worked)
    assert has_worked_solution("case.three_weeks.trimp")
    assert not has_worked_solution("case.acwr_trap.trimp")  # that case has no heart rate
