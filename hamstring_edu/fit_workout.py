"""Today's routine on the watch: a built warm-up or cool-down, or a week of the walk-run plan, as
a FIT workout file (Garmin's SDK encoder writes it; its decoder reads it back).

A workout is a list of timed steps, each with its name and intensity as FIT defines them:
warm-up, active, rest or cool-down. A routine's steps keep their names and durations to the
second: in a warm-up every step is "warmup" except strides ("active"); in a cool-down every step
is "cooldown". A walk-run week is one session: the brisk walk ("warmup"), each run bout
("active") and walk break ("rest") in turn, the last walk ("cooldown"); a week of strides notes
them on its run step. A raised warning sign's limits hold: what they rule out is not written.

Not tried on a device: which watches open a workout copied to them is in the README.
"""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

import pandas as pd

from hamstring_edu.errors import PlanError
from hamstring_edu.limits import Limits, as_limits
from hamstring_edu.wording import say

INTENSITIES = ("warmup", "active", "rest", "cooldown")
MAX_NAME = 40  # characters of a step's or workout's name kept in the file
MAX_NOTES = 120  # characters of a step's notes
MAX_STEP_S = 4 * 3600  # a step longer than four hours is no step of these sessions


class Step(NamedTuple):
    """One step of a workout, as written and as read back."""

    name: str
    seconds: int
    intensity: str
    notes: str = ""


def routine_steps(routine: pd.DataFrame) -> list[Step]:
    """The steps of a built routine (``build_routine``'s table), in order."""
    kind = routine.attrs.get("kind")
    if kind not in ("warmup", "cooldown") or not {"name", "duration_s", "phase"} <= set(routine):
        raise PlanError(
            "a workout is made from a routine build_routine returned (a warm-up or a cool-down)",
            field="routine",
        )
    steps = []
    for row in routine.itertuples():
        if kind == "cooldown":
            intensity = "cooldown"
        else:
            intensity = "active" if row.phase == "strides" else "warmup"
        notes = str(getattr(row, "dose", "") or "")
        steps.append(Step(str(row.name), int(row.duration_s), intensity, notes))
    return steps


def walk_run_steps(week: pd.Series) -> list[Step]:
    """The steps of one session of a walk-run week (a row of ``walk_run_plan``)."""
    from hamstring_edu.recovery.walk_run import STRIDES, WARM_WALK_MIN

    warm = Step(say("recovery.step_brisk_walk"), WARM_WALK_MIN * 60, "warmup")
    cool = Step(say("recovery.step_cool_walk"), WARM_WALK_MIN * 60, "cooldown")
    if bool(week["continuous"]):
        notes = say("recovery.step_strides_note", strides=STRIDES) if bool(week["speed"]) else ""
        run = Step(say("recovery.step_easy_run"), int(week["run_min"]) * 60, "active", notes)
        return [warm, run, cool]
    steps = [warm]
    for _ in range(int(week["repeats"])):
        steps.append(Step(say("recovery.step_easy_run"), int(week["run_min"]) * 60, "active"))
        steps.append(Step(say("recovery.step_walk"), int(week["walk_min"]) * 60, "rest"))
    return [*steps, cool]


def workout_file(steps: list[Step], name: str, *, created: dt.datetime | None = None) -> bytes:
    """A FIT workout file of ``steps`` named ``name`` (running), written by Garmin's SDK."""
    from garmin_fit_sdk import Encoder, Profile

    if not steps:
        raise PlanError("a workout needs at least one step", field="steps")
    for step in steps:
        if step.intensity not in INTENSITIES or not 0 < step.seconds <= MAX_STEP_S:
            raise PlanError(
                f"step {step.name!r}: {step.seconds} s at {step.intensity!r} is not a workout "
                f"step (1 s to {MAX_STEP_S // 3600} h, one of {', '.join(INTENSITIES)})",
                field="steps",
            )
    num = Profile["mesg_num"]
    when = created or dt.datetime(2026, 1, 1, tzinfo=dt.UTC)  # fixed: the same steps, one file
    encoder = Encoder()
    encoder.on_mesg(
        num["FILE_ID"],
        {
            "type": "workout",
            "manufacturer": "development",
            "product": 1,
            "serial_number": 1,
            "time_created": when,
        },
    )
    encoder.on_mesg(
        num["WORKOUT"],
        {"wkt_name": name[:MAX_NAME], "sport": "running", "num_valid_steps": len(steps)},
    )
    for index, step in enumerate(steps):
        message = {
            "message_index": index,
            "wkt_step_name": step.name[:MAX_NAME],
            "duration_type": "time",
            "duration_value": step.seconds * 1000,  # the profile's duration_time, in ms
            "target_type": "open",
            "intensity": step.intensity,
        }
        if step.notes:
            message["notes"] = step.notes[:MAX_NOTES]
        encoder.on_mesg(num["WORKOUT_STEP"], message)
    return bytes(encoder.close())


def read_workout(data: bytes) -> tuple[str, list[Step]]:
    """A FIT workout file's name and steps, read back by Garmin's SDK decoder (its own checks:
    the FIT header, the file's size and CRC, every message decoded without an error)."""
    from garmin_fit_sdk import Decoder, Stream

    if not Decoder(Stream.from_byte_array(bytearray(data))).is_fit():
        raise PlanError("not a FIT file", field="workout")
    decoder = Decoder(Stream.from_byte_array(bytearray(data)))
    if not Decoder(Stream.from_byte_array(bytearray(data))).check_integrity():
        raise PlanError("the FIT file's size or checksum does not match", field="workout")
    messages, problems = decoder.read()
    if problems:
        raise PlanError(f"the FIT file does not decode: {problems[0]}", field="workout")
    workouts = messages.get("workout_mesgs", [])
    if len(workouts) != 1:
        raise PlanError("not a FIT workout (no workout message)", field="workout")
    steps = [
        Step(
            str(s.get("wkt_step_name", "")),
            round(float(s["duration_time"])),
            str(s["intensity"]),
            str(s.get("notes", "")),
        )
        for s in sorted(messages.get("workout_step_mesgs", []), key=lambda s: s["message_index"])
    ]
    if len(steps) != workouts[0].get("num_valid_steps"):
        raise PlanError("the workout's step count does not match its steps", field="workout")
    return str(workouts[0].get("wkt_name", "")), steps


def routine_workout(routine: pd.DataFrame, *, limits: Limits | None = None) -> bytes:
    """A built warm-up or cool-down as a FIT workout (refused when ``limits`` rule it out)."""
    from hamstring_edu.routines import kind_name, routine_refusal

    kind = routine.attrs.get("kind")
    refusal = routine_refusal(kind, limits=limits) if kind in ("warmup", "cooldown") else None
    if refusal:
        raise PlanError(refusal, field="limits")
    minutes = round(routine["duration_s"].sum() / 60) if "duration_s" in routine else 0
    name = say("recovery.workout_routine_name", kind=kind_name(kind or "warmup"), minutes=minutes)
    return workout_file(routine_steps(routine), name)


def walk_run_workouts(
    plan: pd.DataFrame, *, limits: Limits | None = None
) -> list[tuple[str, bytes]]:
    """Each week of a walk-run plan as (file name, FIT workout): one session of that week. A
    self-assessment's ``limits`` that rule out running refuse every week (PlanError, why)."""
    as_limits(limits).require("return_to_run", say("recovery.workout_what"))
    out = []
    for _, week in plan.iterrows():
        name = say("recovery.workout_week_name", week=int(week["week"]))
        out.append(
            (f"walk_run_week_{int(week['week'])}.fit", workout_file(walk_run_steps(week), name))
        )
    return out


def walk_run_zip(plan: pd.DataFrame, *, limits: Limits | None = None) -> bytes:
    """Every week of a walk-run plan as FIT workouts in one zip (one download)."""
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in walk_run_workouts(plan, limits=limits):
            info = zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0))  # the same bytes
            archive.writestr(info, data, zipfile.ZIP_DEFLATED)
    return buffer.getvalue()
