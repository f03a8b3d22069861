"""Load metrics against the published reference values, and their edge cases."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hamstring_edu import LogError, OptionError
from hamstring_edu.load import daily_load, load_metrics, weekly_load


@pytest.fixture(scope="module")
def reference(load_reference):
    return pd.read_csv(load_reference / "reference_60d.csv")


def _log(dates, loads, athlete="a"):
    return pd.DataFrame(
        {
            "athlete": athlete,
            "date": pd.to_datetime(dates),
            "duration_min": loads,
            "distance_km": 1.0,
        }
    )


# reference column -> (metric column, load_metrics options)
REFERENCE = {
    "rac_acute": ("acute_mean", {}),
    "rac_chronic": ("chronic_mean", {}),
    "acwr_rac": ("acwr_rolling", {}),
    "rau_chronic": ("chronic_mean_uncoupled", {}),
    "acwr_rau": ("acwr_uncoupled", {}),
    "ewma_acute": ("ewma_acute", {}),
    "ewma_chronic": ("ewma_chronic", {}),
    "acwr_ewma": ("acwr_ewma", {"ewma_mask": False}),
    "ctl_exp": ("ctl", {}),
    "atl_exp": ("atl", {}),
    "tsb_today": ("tsb", {"tsb": "today"}),
    "tsb_yday": ("tsb", {}),
    "ctl_1overtau": ("ctl", {"pmc_smoothing": "1/tau"}),
    "atl_1overtau": ("atl", {"pmc_smoothing": "1/tau"}),
    "ctl_runalyze": ("ctl", {"pmc_smoothing": "runalyze"}),
    "atl_runalyze": ("atl", {"pmc_smoothing": "runalyze"}),
    "ramp7_exp": ("ramp_7d", {}),
    "monotony_sd1": ("monotony", {}),
    "strain_sd1": ("strain", {}),
    "monotony_sd0": ("monotony", {"monotony_ddof": 0}),
    "strain_sd0": ("strain", {"monotony_ddof": 0}),
    "wow_pct": ("week_change_pct", {}),
}


@pytest.mark.parametrize("column", sorted(REFERENCE))
def test_matches_reference(reference, column):
    name, options = REFERENCE[column]
    metrics = load_metrics(
        _log(reference["date"], reference["load"]), measure="duration", **options
    )
    np.testing.assert_allclose(
        metrics[name].to_numpy(), reference[column].to_numpy(), atol=1e-6, equal_nan=True
    )


def test_every_documented_reference_column_is_covered(reference):
    undocumented = {"date", "load", "acwr_athlytics"}  # not in DEFINITIONS.md
    assert set(reference.columns) - undocumented == set(REFERENCE)


def test_ewma_ratio_is_masked_during_warm_up(reference):
    metrics = load_metrics(_log(reference["date"], reference["load"]), measure="duration")
    assert metrics["acwr_ewma"].iloc[:27].isna().all()
    assert metrics["acwr_ewma"].iloc[27:].notna().all()


def test_several_athletes_are_independent(reference):
    one = _log(reference["date"], reference["load"], "a")
    other = _log(
        reference["date"].iloc[:40], reference["load"].iloc[::-1].iloc[:40].to_numpy(), "b"
    )
    both = load_metrics(pd.concat([other, one]), measure="duration")
    alone = load_metrics(one, measure="duration")
    pd.testing.assert_frame_equal(
        both[both.athlete == "a"].reset_index(drop=True), alone.reset_index(drop=True)
    )
    assert (both.athlete == "b").sum() == 40


def test_same_day_sums_rest_days_and_running_only():
    log = pd.DataFrame(
        {
            "athlete": "a",
            "date": pd.to_datetime(["2024-01-01", "2024-01-01", "2024-01-04", "2024-01-04"]),
            "distance_km": [5.0, 3.0, 10.0, 20.0],
            "is_running": [True, True, True, False],
        }
    )
    daily = daily_load(log)
    assert daily["load"].tolist() == [8.0, 0.0, 0.0, 10.0]
    assert daily_load(log, missing="unknown")["load"].isna().sum() == 2
    assert daily_load(log, running_only=False)["load"].iloc[-1] == 30.0


def test_zero_denominators():
    dates = pd.date_range("2024-01-01", periods=35)
    loads = np.zeros(35)
    loads[-1] = 5.0
    m = load_metrics(_log(dates, loads), measure="duration")
    assert np.isinf(m["acwr_rolling"].iloc[-1]) is np.False_ or m["acwr_rolling"].iloc[-1] > 0
    assert np.isinf(m["week_change_pct"].iloc[-1])  # after a zero week
    assert np.isnan(m["week_change_pct"].iloc[-2])  # two zero weeks
    assert np.isnan(m["monotony"].iloc[-2])  # a week of rest
    flat = load_metrics(_log(dates, np.full(35, 4.0)), measure="duration")
    assert np.isinf(flat["monotony"].iloc[-1])  # same load every day


@pytest.mark.parametrize("daily", [4.0, 3.3, 0.7, 0.1, 1234.56])
def test_same_load_every_day_is_infinitely_monotonous(daily):
    # the squares of 3.3 or 0.1 do not add up exactly: float noise must not pass for variation
    flat = load_metrics(
        _log(pd.date_range("2024-01-01", periods=20), np.full(20, daily)), measure="duration"
    )
    assert np.isinf(flat["monotony"].iloc[6:]).all()


def test_nearly_flat_weeks_keep_their_small_spread():
    loads = np.r_[np.full(13, 10.0), 10.001]
    m = load_metrics(_log(pd.date_range("2024-01-01", periods=14), loads), measure="duration")
    week = loads[-7:]
    assert m["monotony"].iloc[-1] == pytest.approx(week.mean() / week.std(ddof=1), rel=1e-9)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.floats(0, 50, allow_nan=False), min_size=1, max_size=70))
def test_vectorised_equals_a_plain_loop(loads):
    dates = pd.date_range("2024-01-01", periods=len(loads))
    m = load_metrics(_log(dates, loads), measure="duration")
    ctl, k = 0.0, 1 - np.exp(-1 / 42)
    for t, x in enumerate(loads):
        ctl += k * (x - ctl)
        assert m["ctl"].iloc[t] == pytest.approx(ctl)
        if t >= 6:
            assert m["load_7d"].iloc[t] == pytest.approx(sum(loads[t - 6 : t + 1]))


def _baseline_loop():
    """The plain per-day loop that benchmarks/bench_load.py times load_metrics against."""
    path = Path(__file__).resolve().parents[1] / "benchmarks" / "bench_load.py"
    spec = importlib.util.spec_from_file_location("bench_load", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


BASELINE = _baseline_loop()
ACTIVITY = st.tuples(
    st.sampled_from(["b", "a", "c"]),
    st.integers(0, 75),
    st.one_of(st.sampled_from([0.0, 5.0, 3.3, 0.7]), st.floats(0.1, 40)),
)


@settings(max_examples=60, deadline=None)
@given(st.lists(ACTIVITY, min_size=1, max_size=150))
def test_team_log_in_any_order_equals_the_benchmark_loop(activities):
    # unsorted rows, several a day, gaps, athletes of different lengths, repeated loads
    athlete, day, km = zip(*activities, strict=True)
    log = pd.DataFrame(
        {
            "athlete": list(athlete),
            "date": pd.Timestamp("2024-01-01") + pd.to_timedelta(day, unit="D"),
            "distance_km": list(km),
        }
    )
    metrics = load_metrics(log)
    expected = BASELINE.loop_metrics(log)
    for column in BASELINE.COMPARED:
        np.testing.assert_allclose(
            metrics[column].to_numpy(), expected[column], rtol=1e-9, atol=1e-9, err_msg=column
        )
    first = log.groupby("athlete")["date"].min()
    assert (metrics.groupby("athlete")["date"].min() == first).all()


def test_missing_date_is_named():
    log = _log(["2024-01-01", None], [5.0, 6.0])
    with pytest.raises(LogError, match=r"row 1.*date|date.*row 1"):
        load_metrics(log)


NAIVE, ZONED = pd.Timestamp("2024-01-02"), pd.Timestamp("2024-01-01", tz="UTC")


@pytest.mark.parametrize(
    ("column", "values", "message"),
    [
        ("date", ["2024-01-01", "yesterday"], r"row 1, column 'date': 'yesterday' is not a date"),
        ("date", ["2024-01-01", "01/02/2024"], r"row 1, column 'date': '01/02/2024' is not"),
        ("date", [20240101, 20240102], r"column 'date': 20240101 is not a date"),
        ("date", [ZONED, NAIVE], r"column 'date': the dates mix time zones"),
        ("athlete", ["a", None], r"row 1, column 'athlete': an activity has no athlete"),
        ("distance_km", [5.0, "five"], r"row 1, column 'distance_km': 'five' is not a number"),
        ("distance_km", [5.0, -3.0], r"row 1, column 'distance_km': -3.0 must be a finite"),
        ("distance_km", [np.inf, 3.0], r"row 0, column 'distance_km': inf must be a finite"),
    ],
)
def test_bad_log_frames_name_the_row_and_column(column, values, message):
    log = pd.DataFrame({"athlete": ["a", "a"], "date": ["2024-01-01", "2024-01-02"]})
    log["distance_km"] = [5.0, 6.0]
    log[column] = values
    with pytest.raises(LogError, match=message):
        load_metrics(log)


def test_zoned_dates_count_by_their_local_day():
    # 00:30 in Ljubljana is still 23:30 the day before in UTC: the run belongs to the local day
    dates = pd.to_datetime(["2024-01-01 00:30", "2024-01-02 00:30"]).tz_localize("Europe/Ljubljana")
    daily = daily_load(_log(dates, [5.0, 6.0]), measure="duration")
    assert list(daily["date"]) == list(pd.to_datetime(["2024-01-01", "2024-01-02"]))
    assert list(daily["load"]) == [5.0, 6.0]


def test_result_never_shares_the_logs_memory():
    log = _log(pd.date_range("2024-01-01", periods=10), np.arange(10.0))
    daily = daily_load(log, measure="duration")
    daily.loc[0, "load"] = 99.0
    assert log["duration_min"].iloc[0] == 0.0


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"measure": "pace"}, "unknown measure"),
        ({"pmc_smoothing": "magic"}, "pmc_smoothing"),
        ({"acute_days": 28, "chronic_days": 7}, "shorter"),
        ({"ctl_days": 0}, "ctl_days must be a whole number"),
        ({"atl_days": 7.5}, "atl_days must be a whole number"),
        ({"acute_days": True}, "acute_days must be a whole number"),
    ],
)
def test_bad_options(kwargs, message):
    # a bad option is an OptionError (#11), not a LogError: the log itself is fine
    with pytest.raises(OptionError, match=message):
        load_metrics(_log(["2024-01-01"], [5.0]), **kwargs)


def test_a_measure_the_log_cannot_give_is_a_log_error():
    with pytest.raises(LogError, match=r"column\(s\) \['rpe'\]"):
        load_metrics(_log(["2024-01-01"], [5.0]), measure="srpe")


def test_results_carry_their_settings():
    log = _log(pd.date_range("2024-01-01", periods=40), np.arange(40.0))
    m = load_metrics(
        log, measure="duration", acute_days=5, chronic_days=20, ctl_days=30, pmc_smoothing="1/tau"
    )
    assert {
        k: m.attrs[k]
        for k in ("measure", "unit", "acute_days", "chronic_days", "ctl_days", "atl_days")
    } == {
        "measure": "duration",
        "unit": "min",
        "acute_days": 5,
        "chronic_days": 20,
        "ctl_days": 30,
        "atl_days": 7,
    }
    assert m.attrs["pmc_smoothing"] == "1/tau" and m.attrs["tsb"] == "yesterday"
    assert m.attrs["monotony_ddof"] == 1 and m.attrs["ewma_mask"] is True
    assert m.attrs["acwr_sweet_spot"] == (0.8, 1.3) and m.attrs["dropped"] == ()
    assert daily_load(log).attrs["unit"] == "km"
    weeks = weekly_load(m, athlete="a", max_increase=0.2, spike_pct=25)
    assert weeks.attrs["max_increase"] == 0.2 and weeks.attrs["spike_pct"] == 25
    assert weeks.attrs["acute_days"] == 5 and weeks.attrs["athlete"] == "a"


def test_results_concatenate_with_their_attrs():
    # attrs hold only plain values, so pandas can compare and copy them (a DataFrame cannot)
    one = load_metrics(_log(pd.date_range("2024-01-01", periods=10), np.ones(10), "a"))
    two = load_metrics(_log(pd.date_range("2024-01-01", periods=10), np.ones(10), "b"))
    both = pd.concat([one, two])
    assert len(both) == 20 and both.attrs["chronic_days"] == 28


def test_weekly_load_rise_over_two_weeks():
    dates = pd.date_range("2024-01-01", periods=21)  # three calendar weeks, Monday start
    loads = np.r_[np.full(7, 1.0), np.full(7, 1.2), np.full(7, 1.44)]
    weeks = weekly_load(load_metrics(_log(dates, loads), measure="duration"), athlete="a")
    assert weeks["change_pct"].round(6).tolist()[1:] == [20.0, 20.0]
    assert np.isnan(weeks["change_2wk_pct"].iloc[1])
    assert weeks["change_2wk_pct"].iloc[2] == pytest.approx(44.0)
    assert not weeks["spike"].any()  # 20% a week is no 30% spike on the week before


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"athlete": "zz"}, LogError, "no data for athlete 'zz'"),
        ({"athlete": "a", "max_increase": "10%"}, OptionError, "max_increase must be a number"),
        ({"athlete": "a", "max_increase": 0}, OptionError, "above 0"),
        ({"athlete": "a", "spike_pct": -5}, OptionError, "spike_pct"),
    ],
)
def test_weekly_load_refuses_bad_options(kwargs, error, message):
    metrics = load_metrics(_log(pd.date_range("2024-01-01", periods=10), np.ones(10)))
    with pytest.raises(error, match=message):
        weekly_load(metrics, **kwargs)
