"""Today's routine on the watch (issue 25): every routine the builder accepts, in a sample of 200,
and every week of the walk-run plan, written as a FIT workout that Garmin's SDK reads back to the
second, with its own checks; what a warning sign rules out is not written."""

from __future__ import annotations

import random

import pytest

import hamstring_edu as he
from hamstring_edu.errors import HamstringEduError, PlanError
from hamstring_edu.fit_workout import (
    Step,
    read_workout,
    routine_steps,
    routine_workout,
    walk_run_steps,
    walk_run_workouts,
    workout_file,
)
from hamstring_edu.recovery import walk_run_plan
from hamstring_edu.routines import CAUSE_IDS, CONDITIONS, KINDS, LEVELS, SESSIONS, build_routine


def sampled_routines(count: int = 200, seed: int = 25):
    """``count`` routines the builder accepts, from random choices of every option."""
    chooser = random.Random(seed)
    found, tries = [], 0
    while len(found) < count and tries < 20 * count:
        tries += 1
        options = {
            "session": chooser.choice(SESSIONS),
            "focus": chooser.sample(CAUSE_IDS, chooser.randint(0, 3)),
            "level": chooser.choice(LEVELS),
            "condition": chooser.choice((None, None, *CONDITIONS)),
        }
        kind, minutes = chooser.choice(KINDS), chooser.randint(3, 60)
        try:
            found.append(build_routine(kind, minutes, **options))
        except HamstringEduError:
            continue  # a request the builder refuses (too short, ruled out): not a routine
    return found


ROUTINES = sampled_routines()


def test_the_sample_is_two_hundred_routines_of_both_kinds():
    assert len(ROUTINES) == 200
    assert {r.attrs["kind"] for r in ROUTINES} == set(KINDS)
    assert len({(r.attrs["kind"], r.attrs["minutes"]) for r in ROUTINES}) > 50
    assert sum("strides" in set(r["phase"]) for r in ROUTINES) > 20  # "active" steps too


@pytest.mark.parametrize("n", range(len(ROUTINES)))
def test_every_routine_decodes_back_to_the_second(n):
    routine = ROUTINES[n]
    data = routine_workout(routine)
    name, steps = read_workout(data)  # Garmin's decoder, its header, size and CRC checks
    assert steps == routine_steps(routine)
    assert [s.name for s in steps] == routine["name"].tolist()
    assert [s.seconds for s in steps] == routine["duration_s"].tolist()
    assert sum(s.seconds for s in steps) == routine.attrs["minutes"] * 60
    kind = routine.attrs["kind"]
    expected = (
        ["cooldown"] * len(steps)
        if kind == "cooldown"
        else ["active" if phase == "strides" else "warmup" for phase in routine["phase"]]
    )
    assert [s.intensity for s in steps] == expected
    assert name.endswith(f"{routine.attrs['minutes']} min")


def test_every_walk_run_week_is_one_session_on_the_watch():
    plan = walk_run_plan()
    files = walk_run_workouts(plan)
    assert [f for f, _ in files] == [f"walk_run_week_{w}.fit" for w in plan["week"]]
    for (_, data), (_, week) in zip(files, plan.iterrows(), strict=True):
        name, steps = read_workout(data)
        assert name == f"Walk-run week {week['week']}"
        assert sum(s.seconds for s in steps) == week["session_min"] * 60
        running = sum(s.seconds for s in steps if s.intensity == "active")
        assert running == week["run_total_min"] * 60
        assert steps[0].intensity == "warmup" and steps[-1].intensity == "cooldown"
        assert steps == walk_run_steps(week)
    strides = read_workout(files[-1][1])[1][1]
    assert "4 strides" in strides.notes  # the speed week says what to add, on its run step


def test_a_raised_sign_writes_no_running_workout():
    urgent = he.assess({"rf_calf": True})
    with pytest.raises(PlanError, match="No walk-run workout here") as info:
        walk_run_workouts(walk_run_plan(), limits=urgent.limits)
    assert info.value.where["field"] == "limits"
    routine = build_routine("warmup", 10)
    with pytest.raises(PlanError) as info:
        routine_workout(routine, limits=urgent.limits)
    assert info.value.where["field"] == "limits"


def test_a_file_that_is_not_a_whole_workout_is_refused():
    data = workout_file([Step("Walk", 60, "warmup")], "Walk")
    with pytest.raises(PlanError, match="size or checksum"):
        read_workout(data[:-1] + bytes([data[-1] ^ 1]))
    with pytest.raises(PlanError, match="not a FIT file"):
        read_workout(b"not a fit file at all")
    with pytest.raises(PlanError, match="not a workout step"):
        workout_file([Step("Walk", 0, "warmup")], "Walk")
    with pytest.raises(PlanError, match="not a workout step"):
        workout_file([Step("Walk", 60, "sprint")], "Walk")
    with pytest.raises(PlanError, match="made from a routine"):
        routine_steps(walk_run_plan())


def test_the_same_routine_gives_the_same_bytes():
    routine = build_routine("cooldown", 8)
    assert routine_workout(routine) == routine_workout(build_routine("cooldown", 8))
    assert len(routine_workout(routine)) < 2000
