"""The last hostile inputs of issue 24, each reproduced on main before the fix: the package's own
error naming the field or the file, never a raw ValueError, OverflowError, TypeError or OSError,
and no empty table without a word."""

from __future__ import annotations

import pandas as pd
import pytest

import hamstring_edu as he
from hamstring_edu import LogError, PlanError
from hamstring_edu.routines import build_routine, minimum_minutes


@pytest.mark.parametrize(
    ("minutes", "said"),
    [
        (float("nan"), "finite number, got nan"),
        (float("inf"), "finite number, got inf"),
        (float("-inf"), "finite number, got -inf"),
        (10**400, "at most 60 minutes"),
        ("10", "must be a number"),
    ],
)
def test_minutes_that_are_not_a_time_are_the_packages_error(minutes, said):
    with pytest.raises(PlanError, match="minutes") as caught:
        build_routine("warmup", minutes)
    assert said in str(caught.value)
    assert len(str(caught.value)) < 200  # 10**400 is not copied whole into the message


@pytest.mark.parametrize("focus", [None, "tightness", 3, b"x"])
def test_a_focus_that_is_not_a_list_is_the_packages_error(focus):
    with pytest.raises(PlanError, match="field 'focus': focus must be a list of focus ids"):
        build_routine("warmup", 10, focus=focus)
    with pytest.raises(PlanError, match="focus"):
        minimum_minutes("warmup", focus=focus)


def test_a_file_name_longer_than_the_system_allows_is_a_log_error():
    with pytest.raises(LogError, match="cannot look it up: File name too long") as caught:
        he.read_log("/tmp/" + "a" * 5000 + ".csv")
    assert len(str(caught.value)) < 300


def test_a_log_whose_every_activity_is_doubtful_says_why_there_is_no_load():
    log = pd.DataFrame(
        {
            "athlete": ["a"] * 5,
            "date": pd.date_range("2024-01-01", periods=5),
            "distance_km": [float("nan"), 5000.0, 900.0, float("nan"), 401.0],
        }
    )
    for compute in (he.load_metrics, he.daily_load):
        with pytest.raises(LogError) as caught:
            compute(log)
        text = str(caught.value)
        assert "all 5 activities were left out as doubtful" in text
        assert "row 0: no distance recorded" in text and "and 2 more" in text
