"""Progression planning: the cap holds for every parameter, start dates, refusals, comparison."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hamstring_edu import PlanError
from hamstring_edu.progression import compare_plan, plan_progression


@settings(max_examples=100, deadline=None)
@given(
    current=st.floats(5, 80),
    factor=st.floats(1, 3),
    increase=st.floats(0.02, 0.30),
    every=st.sampled_from([None, 3, 4, 5]),
)
def test_plan_never_exceeds_the_chosen_increase(current, factor, increase, every):
    target = current * factor
    plan = plan_progression(
        current, target, max_increase=increase, recovery_week_every=every, max_weeks=400
    )
    assert plan["planned_km"].iloc[-1] == pytest.approx(target)
    build = plan[~plan["recovery_week"]]["planned_km"].to_numpy()
    highest = current
    for volume in build:  # each build week rises at most max_increase over the last build level
        assert volume <= highest * (1 + increase) + 1e-9
        highest = max(highest, volume)
    if every:
        assert plan.loc[plan.week % every == 0, "recovery_week"].all()


def test_plan_columns_and_start_dates():
    plan = plan_progression(30, 40, start="2024-03-06")
    assert list(plan.columns) == [
        "week",
        "week_start",
        "planned_km",
        "change_pct",
        "recovery_week",
        "long_run_km",
        "run_days",
        "rest_days",
    ]
    assert plan["week_start"].iloc[0] == pd.Timestamp("2024-03-04")  # the Monday of that week
    assert plan["planned_km"].tolist()[:4] == [33.0, 36.3, 39.9, 29.9]
    assert plan["recovery_week"].tolist()[:4] == [False, False, False, True]


@pytest.mark.parametrize(
    ("args", "kwargs", "message"),
    [
        ((40, 30), {}, "below the current volume"),
        ((30, 40), {"max_increase": 0.5}, "at most 0.30"),
        ((30, 40), {"rest_days": 0}, "at least one rest day"),
        ((0, 40), {}, "above 0 km"),
        ((10, 1000), {"max_increase": 0.05}, "more than 104 weeks"),
    ],
)
def test_unsafe_or_impossible_plans(args, kwargs, message):
    with pytest.raises(PlanError, match=message):
        plan_progression(*args, **kwargs)


def test_compare_plan_with_a_log():
    plan = plan_progression(20, 24, start="2024-01-01")
    log = pd.DataFrame(
        {
            "athlete": "a",
            "date": pd.to_datetime(["2024-01-02", "2024-01-05", "2024-01-09"]),
            "distance_km": [10.0, 12.0, 30.0],
            "is_running": True,
        }
    )
    cmp = compare_plan(plan, log)
    assert cmp["actual_km"].tolist()[:2] == [22.0, 30.0]
    assert cmp["difference_km"].iloc[0] == pytest.approx(0.0)
    with pytest.raises(PlanError, match="start date"):
        compare_plan(plan_progression(20, 24), log)
