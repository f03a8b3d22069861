"""Progression planning: the cap holds for every parameter, start dates, refusals, comparison."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hamstring_edu import HamstringEduError, OptionError, PlanError
from hamstring_edu.progression import compare_plan, plan_progression
from hamstring_edu.units import KM_PER_MILE


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
        "planned",
        "long_run",
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
        ((10, 450), {"max_increase": 0.03}, "more than 104 weeks"),
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


# --------------------------------------------------------------------------- warnings (#11)


def test_ten_to_150_km_in_a_few_months_does_not_pass_without_a_word():
    plan = plan_progression(10, 150, max_increase=0.22, max_weeks=200)
    warnings = plan.attrs["warnings"]
    assert len(warnings) == 3
    weekly, two_weeks, many = warnings
    assert "22% a week" in weekly and "cautious 10%" in weekly and "buist2008" in weekly
    assert "over two weeks" in two_weeks and "nielsen2014" in two_weeks
    assert "not statistically significant" in two_weeks and "1.59" in two_weeks
    assert "hamstring injuries were not among its outcomes" in two_weeks
    assert "15.0 times" in many
    assert plan.attrs["max_rise_pct"] == 22.0 and plan.attrs["max_two_week_rise_pct"] > 30


def test_a_cautious_plan_has_no_warnings():
    plan = plan_progression(30, 45)
    assert plan.attrs["warnings"] == []
    assert plan.attrs["max_rise_pct"] == 10.0
    assert plan.attrs["max_two_week_rise_pct"] == pytest.approx(21.0)


@pytest.mark.parametrize(
    ("increase", "weekly", "two_weeks"),
    [(0.10, False, False), (0.12, True, False), (0.14, True, False), (0.15, True, True)],
)
def test_the_two_week_rule_is_about_two_weeks_not_one(increase, weekly, two_weeks):
    # 14% a week stays under 30% over two weeks (1.14^2 = 1.2996); 15% does not (1.3225)
    warnings = " ".join(plan_progression(40, 60, max_increase=increase).attrs["warnings"])
    assert ("cautious 10%" in warnings) is weekly
    assert ("over two weeks" in warnings) is two_weeks


def test_lighter_weeks_are_not_the_base_of_a_two_week_rise():
    plan = plan_progression(30, 60, max_increase=0.10, recovery_week_every=3)
    assert plan["change_pct"].max() > 30  # back from a lighter week: large by design
    assert plan.attrs["warnings"] == []


def test_nothing_in_the_planner_repeats_the_misreadings_of_nielsen2014():
    import hamstring_edu.load as load
    import hamstring_edu.progression as progression

    for module in (progression, load):
        text = Path(module.__file__).read_text().lower()
        assert "bigger jumps" not in text and "followed by more injuries" not in text
        assert "safe progression" not in text and "safe increase" not in text
    with pytest.raises(PlanError) as info:
        plan_progression(30, 60, max_increase=0.5)
    assert "nielsen" not in str(info.value)  # the 30% limit is this tool's, not a finding


# --------------------------------------------------------------------------- units (#11)


def test_a_plan_in_miles_is_planned_and_rounded_in_miles():
    plan = plan_progression(20, 30, units="mi")
    assert plan["planned"].tolist()[:3] == [22.0, 24.2, 26.6]
    assert plan["planned_km"].iloc[0] == pytest.approx(22.0 * KM_PER_MILE)
    assert plan["long_run"].iloc[0] == 6.6
    assert plan.attrs["units"] == "mi" and plan.attrs["target"] == 30
    assert plan.attrs["target_weekly_km"] == pytest.approx(30 * KM_PER_MILE)
    km = plan_progression(20, 30)
    assert km["planned"].tolist() == km["planned_km"].tolist()


def test_the_distance_limit_is_the_same_in_both_units():
    plan_progression(300, 310, units="mi")  # 499 km
    with pytest.raises(PlanError, match="at most 311 mi"):
        plan_progression(300, 320, units="mi")


# --------------------------------------------------------------------------- refusals (#12)


@pytest.mark.parametrize(
    ("args", "kwargs", "error", "message"),
    [
        ((0.05, 10), {}, PlanError, "grow by less than 0.1 km"),  # divided by zero before
        ((0.5, 5), {}, PlanError, "grow by less than 0.1 km"),  # never grew before
        ((0.5, 5), {"max_weeks": 520}, PlanError, "grow by less than 0.1 km"),  # hung before
        ((1e308, 1e308), {}, PlanError, "at most 500 km"),  # overflowed before
        ((float("nan"), 40), {}, OptionError, "finite"),
        ((30, float("inf")), {}, OptionError, "finite"),
        ((30, 10**400), {}, OptionError, "finite"),
        (("30", 40), {}, OptionError, "current_weekly must be a number"),
        ((True, 40), {}, OptionError, "current_weekly must be a number"),
        ((30, 40), {"units": "miles"}, OptionError, "units must be 'km' or 'mi'"),
        ((30, 40), {"max_increase": "10%"}, OptionError, "max_increase must be a number"),
        ((30, 40), {"max_increase": 0}, PlanError, "above 0"),
        ((30, 40), {"rest_days": 2.0}, OptionError, "rest_days must be a whole number"),
        ((30, 40), {"rest_days": 7}, PlanError, "1 to 6"),
        ((30, 40), {"recovery_week_every": 1}, PlanError, "from 2 to 52"),
        ((30, 40), {"recovery_week_every": "4"}, OptionError, "whole number"),
        ((30, 40), {"recovery_week_drop": 0.9}, PlanError, "not a week off"),
        ((30, 40), {"long_run_share": 1.5}, PlanError, "between 0 and 1"),
        ((30, 40), {"max_weeks": 10**6}, OptionError, "max_weeks"),
        ((30, 40), {"max_weeks": 0}, OptionError, "max_weeks"),
        ((30, 40), {"start": "next tuesday"}, PlanError, "'next tuesday' is not a date"),
        ((30, 40), {"start": "1900-01-01"}, PlanError, "outside 1970-01-01"),
        ((30, 40), {"start": "9999-01-01"}, PlanError, "outside 1970-01-01"),
        ((30, 40), {"start": 3.5}, PlanError, "not a date"),
    ],
)
def test_impossible_or_wrongly_typed_plans_are_refused_by_name(args, kwargs, error, message):
    with pytest.raises(error, match=message) as info:
        plan_progression(*args, **kwargs)
    assert info.value.where.get("field")  # the message names the parameter


def test_a_zoned_start_is_its_own_calendar_day():
    plan = plan_progression(30, 35, start=pd.Timestamp("2024-03-06 23:30", tz="Europe/Ljubljana"))
    assert plan["week_start"].iloc[0] == pd.Timestamp("2024-03-04")


@settings(max_examples=300, deadline=None)
@given(
    current=st.one_of(st.floats(allow_nan=True, allow_infinity=True), st.integers(-5, 10**6)),
    target=st.one_of(st.floats(allow_nan=True, allow_infinity=True), st.integers(-5, 10**6)),
    increase=st.floats(-1, 2),
    every=st.one_of(st.none(), st.integers(-3, 60)),
    drop=st.floats(-1, 2),
    units=st.sampled_from(["km", "mi"]),
    max_weeks=st.integers(1, 520),
)
def test_any_parameters_give_a_capped_plan_or_a_package_error(
    current, target, increase, every, drop, units, max_weeks
):
    """Over the whole parameter space: never hangs, never divides by zero, never exceeds the cap,
    always ends on the target within max_weeks, or says why not."""
    try:
        plan = plan_progression(
            current,
            target,
            units=units,
            max_increase=increase,
            recovery_week_every=every,
            recovery_week_drop=drop,
            max_weeks=max_weeks,
        )
    except HamstringEduError:
        return
    assert 1 <= len(plan) <= max_weeks
    assert plan["planned"].iloc[-1] == pytest.approx(target)
    assert (plan["planned"] > 0).all() and plan["change_pct"].notna().all()
    highest = current
    for volume in plan.loc[~plan["recovery_week"], "planned"]:
        assert volume <= highest * (1 + increase) + 1e-9
        highest = max(highest, volume)
    assert plan.attrs["max_rise_pct"] <= 100 * increase + 0.05
    assert isinstance(plan.attrs["warnings"], list)


def test_the_warnings_and_notes_are_worded_in_data_text():
    """The sentences (with their references) are data/text/load.toml's; the model writes the
    numbers into them."""
    from hamstring_edu import wording
    from hamstring_edu.progression import review_weeks

    table = wording.texts("load")
    plan = plan_progression(10, 150, max_increase=0.22, max_weeks=200)
    assert plan.attrs["warnings"][2] == table["plan_many_times"].format(
        target="150", unit="km", times="15.0", current="10"
    )
    notes = review_weeks([20, 20, 40], today="2025-03-20").attrs["notes"]  # a Thursday
    # the last total is last week (10 to 16 March), not the unfinished week of 17 March
    assert notes == [table["week_two_week_rise"].format(week="10 Mar", rise="100", spike="30")]


# --- first use: what a person types is never changed silently -----------------------------


def test_an_empty_week_between_two_commas_is_refused_and_named():
    """The issue: "20,, 30; 40" dropped the empty week and moved every later week by one."""
    from hamstring_edu.errors import plain_message as plain_words
    from hamstring_edu.progression import review_weeks, weekly_totals

    with pytest.raises(PlanError) as caught:
        weekly_totals("20,, 30; 40")
    assert caught.value.where == {"field": "weekly"}  # the typed error keeps its field
    words = plain_words(caught.value)
    assert "empty place after week 1 (20)" in words and "0 for a week without running" in words
    assert "field" not in words and "'weekly'" not in words
    with pytest.raises(PlanError, match="empty place"):
        review_weeks("20; ; 30")
    with pytest.raises(PlanError) as first:
        weekly_totals(", 20, 30")
    assert "before the first number" in plain_words(first.value)
    assert weekly_totals("20, 22.5 30;") == [20, 22.5, 30]  # one trailing comma holds no week


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("20, lots", '"lots" (week 2) is not a number'),
        ("20, nan", '"nan" (week 2) is not a number'),
        ("20", "you typed 1"),
        ("20, 900", "Week 2: 900 km is not a weekly total this tool can read"),
    ],
)
def test_typed_totals_are_refused_in_plain_words(text, words):
    from hamstring_edu.errors import plain_message as plain_words
    from hamstring_edu.progression import review_weeks

    with pytest.raises(PlanError) as caught:
        review_weeks(text)
    assert words in plain_words(caught.value)
    assert "field '" not in plain_words(caught.value)


def test_the_last_typed_total_is_last_full_week_and_it_says_so():
    """The issue: the last total was taken as the unfinished current week, without a word."""
    from hamstring_edu.progression import review_weeks

    weeks = review_weeks([20, 22, 24], today="2026-12-03")  # a Thursday
    assert [str(d.date()) for d in weeks["week_start"]] == [
        "2026-11-09",
        "2026-11-16",
        "2026-11-23",
    ]
    said = weeks.attrs["read_as"]
    assert "from the week of 9 Nov to the week of 23 Nov" in said
    assert "24 km, is taken as last week (it ended on Sunday 29 Nov 2026)" in said
    assert "This week is not over yet, so it is not counted" in said
    miles = review_weeks([20, 22], units="mi", today="2026-12-03").attrs["read_as"]
    assert "22 miles" in miles


@pytest.mark.parametrize(
    ("args", "words"),
    [
        ((30, 5000), "Your goal must be more than 0 and at most 500 km a week; you typed 5000"),
        ((30, 99999), "you typed 99999"),
        ((-20, 30), "Your weekly distance now must be more than 0 and at most 500 km"),
        ((30, 20), "Your goal (20 km) is below your weekly distance now (30 km)"),
    ],
)
def test_a_goal_out_of_range_is_refused_in_plain_words_not_clamped(args, words):
    """The issue: 5000 became 300 and 99999 became 250 with no word; now the planner refuses
    and says why, in words (the typed error still names its field for a developer)."""
    from hamstring_edu.errors import plain_message as plain_words

    with pytest.raises(PlanError) as caught:
        plan_progression(*args)
    assert words in plain_words(caught.value)
    assert caught.value.where["field"] in {"current_weekly", "target_weekly"}


def test_the_limits_convert_with_the_unit():
    from hamstring_edu.errors import plain_message as plain_words

    with pytest.raises(PlanError) as caught:
        plan_progression(30, 400, units="mi")
    assert "at most 311 miles a week; you typed 400" in plain_words(caught.value)


@pytest.mark.parametrize(
    ("args", "kwargs", "said", "not_said"),
    [
        ((30, 36), {}, "no lighter week: the plan ends before week 4", "lighter week every"),
        ((30, 45), {}, "week 4 is a lighter week (25% less)", "every fourth"),
        ((10, 150), {"max_increase": 0.22}, "weeks 4, 8, 12 and 16 are lighter weeks", "every"),
        ((30, 45), {"recovery_week_every": None}, "no lighter weeks (you chose none)", "week 4"),
    ],
)
def test_the_plan_summary_says_only_what_applies(args, kwargs, said, not_said):
    """The issue: a 2-week plan said "a lighter week every fourth week"."""
    plan = plan_progression(*args, **kwargs)
    summary = plan.attrs["summary"]
    assert said in summary and not_said not in summary
    assert summary.startswith(f"{len(plan)} week")
