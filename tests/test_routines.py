"""Warm-up/cool-down builder and strength plan: exact timings, the article's structure, errors."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hamstring_edu import OptionError, PlanError, build_routine, weekly_strength_plan
from hamstring_edu.routines import (
    KINDS,
    LEVELS,
    SESSIONS,
    SPEED_SESSIONS,
    minimum_minutes,
    routine_csv,
    routine_refusal,
)

FOCUS = st.lists(
    st.sampled_from(
        ["overuse", "imbalance", "technique", "tightness", "warmup_cooldown", "recovery"]
    ),
    max_size=3,
)


def _check_structure(plan, kind, session):
    phases = list(plan["phase"])
    assert plan["step"].tolist() == list(range(1, len(plan) + 1))
    assert plan["start_s"].iloc[0] == 0
    ends = (plan["start_s"] + plan["duration_s"]).tolist()
    assert plan["start_s"].tolist()[1:] == ends[:-1]  # back to back, no gaps
    if kind == "warmup":
        # heart rate up gradually (walk, then jog), then dynamic moves, strides last
        assert plan["exercise"].tolist()[:2] == ["brisk_walk", "easy_jog"]
        assert phases[2] == "dynamic"
        targets = {"leg_swings", "walking_lunges"}
        assert targets <= set(plan["exercise"])
        if session in SPEED_SESSIONS:
            assert phases[-1] == "strides"
        assert "static" not in phases
    else:
        assert plan["exercise"].tolist()[:2] == ["easy_jog", "brisk_walk"]
        assert set(phases[2:]) == {"static"}
        assert {"hamstring_stretch", "quad_stretch", "glute_stretch", "calf_stretch"} <= set(
            plan["exercise"]
        )


@settings(max_examples=300, deadline=None)
@given(
    kind=st.sampled_from(KINDS),
    session=st.sampled_from(SESSIONS),
    level=st.sampled_from(LEVELS),
    focus=FOCUS,
    data=st.data(),
)
def test_every_budget_fills_exactly_with_the_articles_structure(kind, session, level, focus, data):
    least = minimum_minutes(kind, session=session, focus=tuple(focus), level=level)
    minutes = data.draw(st.integers(least, max(least, 30)))
    plan = build_routine(kind, minutes, session=session, focus=focus, level=level)
    assert plan["duration_s"].sum() == minutes * 60
    assert (plan["duration_s"] > 0).all()
    static = plan[plan["phase"] == "static"]
    assert (static["duration_s"] == 60).all()  # 30 s each side
    assert static["dose"].str.contains("30 s each side, no bouncing").all()
    _check_structure(plan, kind, session)


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("session", SESSIONS)
def test_every_session_from_minimum_to_30_minutes(kind, session):
    least = minimum_minutes(kind, session=session)
    for minutes in range(least, 31):
        plan = build_routine(kind, minutes, session=session)
        assert plan["duration_s"].sum() == minutes * 60
        _check_structure(plan, kind, session)


def test_too_few_minutes_says_the_minimum():
    with pytest.raises(
        PlanError, match=r"race warm-up for a beginner needs at least 6 minutes \(asked for 5\)"
    ):
        build_routine("warmup", 5, session="race")
    assert build_routine("warmup", 6, session="race")["duration_s"].sum() == 360


def test_focus_changes_the_plan():
    plain = build_routine("cooldown", 12)
    tight = build_routine("cooldown", 12, focus=["tightness"])
    assert (tight["exercise"] == "hamstring_stretch").sum() == 2
    assert tight["dose"].iloc[-1].startswith("Second round")
    assert (plain["exercise"] == "hamstring_stretch").sum() == 1
    assert tight["duration_s"].sum() == plain["duration_s"].sum()
    warm = build_routine("warmup", 10, focus=["technique"])
    assert "strides" in set(warm["exercise"]) and "strides" not in set(
        build_routine("warmup", 10)["exercise"]
    )
    gentle = build_routine("warmup", 10, focus=["warmup_cooldown"])
    walk = lambda plan: plan.loc[plan.exercise == "brisk_walk", "duration_s"].item()  # noqa: E731
    assert walk(gentle) > walk(build_routine("warmup", 10))


def test_level_changes_strides_and_moves():
    beginner = build_routine("warmup", 24, session="intervals", level="beginner")
    advanced = build_routine("warmup", 24, session="intervals", level="advanced")
    assert "2 x" in beginner.loc[beginner.phase == "strides", "dose"].item()
    assert "6 x" in advanced.loc[advanced.phase == "strides", "dose"].item()


@pytest.mark.parametrize(
    ("args", "kwargs", "message"),
    [
        (("stretch", 10), {}, r"unknown kind 'stretch'"),
        (("warmup", 10), {"session": "sprint"}, r"unknown session 'sprint'.*easy, long"),
        (("warmup", 10), {"level": "pro"}, r"unknown level 'pro'"),
        (("warmup", 10), {"focus": ["sleep"]}, r"unknown focus 'sleep'"),
        (("warmup", "ten"), {}, r"minutes must be a number"),
        (("warmup", 10.01), {}, r"whole seconds"),
        (("warmup", 90), {}, r"at most 60 minutes"),
    ],
)
def test_bad_input(args, kwargs, message):
    with pytest.raises(PlanError, match=message):
        build_routine(*args, **kwargs)


def test_plan_carries_its_settings_and_exports_csv():
    plan = build_routine("warmup", 8, session="tempo", focus=("tightness", "overuse"))
    assert plan.attrs == {
        "kind": "warmup",
        "minutes": 8,
        "session": "tempo",
        "focus": ("overuse", "tightness"),
        "level": "beginner",
        "condition": None,
        "limits": (),
        "left_out": [],
    }
    csv = routine_csv(plan).splitlines()
    assert csv[0] == "step,phase,name,start,duration,dose,cues"
    assert len(csv) == len(plan) + 1


def test_nordic_progression_follows_the_published_protocol():
    plan = weekly_strength_plan(14, level="intermediate")
    nordic = plan[plan.exercise == "nordic_hamstring"].set_index("week")
    assert nordic.loc[1, ["sessions", "sets", "reps"]].tolist() == [1, 2, "5"]
    assert nordic.loc[2, ["sessions", "sets", "reps"]].tolist() == [2, 2, "6"]
    assert nordic.loc[3, ["sessions", "sets", "reps"]].tolist() == [3, 3, "6-8"]
    assert nordic.loc[5, "reps"] == "12, 10, 8"
    assert nordic.loc[11, "sessions"] == 1  # weekly maintenance after week 10
    assert nordic.loc[1:10, "reps_per_week"].sum() == 718  # about 718 reps in ten weeks
    assert set(plan.exercise) == {"nordic_hamstring", "hamstring_curl", "deadlift"}
    assert weekly_strength_plan(12, level="advanced")["sets"].max() > plan["sets"].max()


@pytest.mark.parametrize("weeks", [0, 53, 2.5, "4"])
def test_strength_plan_bad_weeks(weeks):
    with pytest.raises(PlanError, match="weeks must be a whole number"):
        weekly_strength_plan(weeks)


def test_error_message_uses_the_right_article():
    with pytest.raises(PlanError, match=r"an easy cool-down for an intermediate needs at least"):
        build_routine("cooldown", 1, level="intermediate")


def test_handout_escapes_user_text_and_has_no_cdn():
    from hamstring_edu.handouts import routine_handout_html

    page = routine_handout_html(
        build_routine("warmup", 10), title="<script>x</script>", notes="A & B"
    )
    assert "<script>x</script>" not in page
    assert "&lt;script&gt;" in page and "A &amp; B" in page
    assert "cdn" not in page.lower()
    assert "Leg swings" in page


def test_beginners_do_fewer_nordic_sessions_placed_on_easy_days():
    plan = weekly_strength_plan(12, level="beginner")
    nordic = plan[plan.exercise == "nordic_hamstring"].set_index("week")
    assert nordic["sessions"].max() == 2
    assert "adaptation" in nordic.loc[3, "basis"] and "adaptation" not in nordic.loc[1, "basis"]
    assert nordic.loc[3, ["sets", "reps"]].tolist() == [3, "6-8"]  # the trial's sets and reps
    assert "easy day" in plan.attrs["placement"] and "hard or long run" in plan.attrs["placement"]


@pytest.mark.parametrize("minutes", range(8, 31))
@pytest.mark.parametrize("level", ["beginner", "intermediate", "advanced"])
def test_strides_never_take_more_than_a_quarter_of_a_warmup(minutes, level):
    """The issue: a 12-minute race warm-up was half strides."""
    try:
        plan = build_routine("warmup", minutes, session="race", level=level)
    except PlanError:
        return  # too short for this level: explained, tested elsewhere
    strides = plan.loc[plan.phase == "strides", "duration_s"].sum()
    assert strides <= max(0.25 * minutes * 60, 120)  # at least two strides when there are any
    assert plan["duration_s"].sum() == minutes * 60


@pytest.mark.parametrize("kind", ["warmup", "cooldown"])
def test_the_tendon_pattern_leaves_out_stretching_and_squeezing_moves(kind):
    plan = build_routine(kind, 12, session="race", focus=["tightness"], condition="tendon")
    done = set(plan["exercise"])
    assert not done & {"hamstring_stretch", "leg_swings", "walking_lunges", "glute_stretch"}
    left = {x["exercise"]: x for x in plan.attrs["left_out"]}
    if kind == "cooldown":
        assert {"hamstring_stretch", "glute_stretch"} <= set(left)
        assert left["hamstring_stretch"]["why"].startswith("No stretching of the sore muscle")
    else:
        assert {"leg_swings", "walking_lunges"} <= set(left)
        assert "beatty2017" in left["walking_lunges"]["refs"]
        assert "strides" in done  # a race warm-up keeps its strides: speed is not ruled out
    assert all(x["because"] for x in left.values())
    assert plan["duration_s"].sum() == 12 * 60
    assert plan.attrs["condition"] == "tendon"
    assert plan.attrs["limits"] == ("stretching", "squeezing", "build_up", "first_aid")


@pytest.mark.parametrize("kind", ["warmup", "cooldown"])
def test_a_possible_strain_gets_no_routine_for_a_run(kind):
    """Review H2: a strain rules out running, so there is no warm-up or cool-down with jogging,
    leg swings or lunges: a PlanError says why and what is allowed instead."""
    with pytest.raises(PlanError, match=r"(?s)field 'condition'.*no running.*Instead: Walk"):
        build_routine(kind, 12, condition="strain")
    assert "no running" in routine_refusal(kind, condition="strain")
    assert routine_refusal(kind, condition="tendon") is None and routine_refusal(kind) is None
    with pytest.raises(OptionError, match="unknown condition 'knee'"):
        build_routine(kind, 12, condition="knee")


# --------------------------------------------------------------------------- content


def test_the_shipped_routine_content_loads_and_names_what_exists():
    from hamstring_edu import load_content
    from hamstring_edu.routines import PHASES, kind_name, phase_name, routine_content

    content = routine_content()
    assert tuple(content.kinds) == KINDS and tuple(content.levels) == LEVELS
    assert tuple(content.phases) == PHASES
    assert kind_name("cooldown") == "Cool-down" and kind_name("nap") == "Routine"
    assert phase_name("static") == "Static stretches (30 s, no bouncing)"
    assert phase_name("sprint") == "sprint"
    exercises = {e.id for e in load_content().exercises}
    assert {p.exercise for p in content.parts} <= exercises
    assert {a.id for a in content.accessories} <= exercises
    assert content.timing["stretch_hold"] == 30
    assert content.nordic_week(1).reps == "5" and content.nordic_week(52).id == "maintenance"
    assert routine_content() is content  # read once


@pytest.mark.parametrize(
    ("change", "entry", "field", "message"),
    [
        (
            ('exercise = "walking_lunges"', 'exercise = "lunges"'),
            "[[part]] #5 (id 'walking_lunges')",
            "exercise",
            "unknown exercise id 'lunges'",
        ),
        (
            ('"Slow, controlled steps, both legs"', '"Slow steps for {hold} s"'),
            "[[part]] #5 (id 'walking_lunges')",
            "dose",
            r"unknown slot\(s\) \['hold'\]",
        ),
        (
            ('focus = ["tightness"]', 'focus = ["sleep"]'),
            "[[part]] #4 (id 'leg_swings_sideways')",
            "focus",
            "unknown cause id 'sleep'",
        ),
        (
            ('refs = ["bandy1997"]', 'refs = ["bandy1998"]'),
            "[[timing]] #1 (id 'stretch_hold')",
            "refs",
            "unknown reference id 'bandy1998'",
        ),
        (
            ("first_week = 5\n", "first_week = 6\n"),
            "[[nordic]] #5 (id 'weeks_5_to_10')",
            "first_week",
            "expected weeks from 5 on",
        ),
        (
            ("counted = [9, 9, 9]", "counted = [9, 9]"),
            "[[nordic]] #4 (id 'week_4')",
            "counted",
            "one count for each of the 3 sets",
        ),
        (
            ('adaptation = "fewer sessions', 'note = "fewer sessions'),
            "[[level]] #1 (id 'beginner')",
            "note",
            r"unknown field\(s\)",
        ),
        (
            ("walk_share = 0.5", "walk_share = 1.5"),
            "[[level]] #1 (id 'beginner')",
            "walk_share",
            "between 0 and 1",
        ),
    ],
)
def test_a_broken_routine_file_names_file_entry_and_field(tmp_path, change, entry, field, message):
    from hamstring_edu.errors import ContentError
    from hamstring_edu.routines import routine_content
    from hamstring_edu.schema import data_dir

    text = (data_dir() / "routines.toml").read_text(encoding="utf-8")
    assert text.count(change[0]) >= 1
    path = tmp_path / "routines.toml"
    path.write_text(text.replace(change[0], change[1], 1), encoding="utf-8")
    with pytest.raises(ContentError, match=message) as info:
        routine_content(path)
    assert info.value.where == {"file": path, "entry": entry, "field": field}
    assert str(path) in str(info.value)


def test_a_level_with_fewer_nordic_sessions_must_say_it_is_an_adaptation(tmp_path):
    from hamstring_edu.errors import ContentError
    from hamstring_edu.routines import routine_content
    from hamstring_edu.schema import data_dir

    text = (data_dir() / "routines.toml").read_text(encoding="utf-8")
    path = tmp_path / "routines.toml"
    line = 'adaptation = "fewer sessions for a beginner (an adaptation, not tested in the trial)"\n'
    path.write_text(text.replace(line, ""), encoding="utf-8")
    with pytest.raises(ContentError, match="needs an adaptation") as info:
        routine_content(path)
    assert info.value.where["entry"] == "[[level]] #1 (id 'beginner')"
    assert info.value.where["field"] == "adaptation"
    path.write_text(text.replace('id = "cooldown_walk"', 'id = "cooldown_stroll"\n'), "utf-8")
    assert routine_content(path).parts_of("cooldown")[1].id == "cooldown_stroll"
    path.write_text(text.replace('exercise = "brisk_walk"', 'exercise = "easy_jog"'), "utf-8")
    with pytest.raises(ContentError, match="two aerobic parts, one of them 'brisk_walk'"):
        routine_content(path)
