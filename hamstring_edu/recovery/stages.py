"""Staged rehabilitation for a strain (heiderscheit2010): the stages, the checks to move on,
which stage you are at, and the reported time frames (ekstrand2012, askling2013, askling2014).

The stages, checks and time frames are content (``data/recovery.toml``); the exercises in each
stage are this package's choices, not a tested protocol.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd

from hamstring_edu.errors import OptionError
from hamstring_edu.recovery.guidance import SEVERITIES, Criterion, choice, guidance
from hamstring_edu.wording import say


def gate_criteria() -> tuple[Criterion, ...]:
    """The return-to-run gate: the checks of stage 2 (adapted from vanderhorst2017)."""
    return tuple(c for c in guidance().criteria if c.stage == 2)


def done_stage() -> int:
    """The stage number after the last: every check met, back to usual training."""
    return len(guidance().stages) + 1


def lengthening_note() -> str:
    """What the two trials of lengthening exercises found and why this package does not
    prescribe them (askling2013, askling2014): the note of stage 2."""
    return guidance().stages[1].note


def checked_ticks(checks: Mapping[str, Any] | None) -> dict[str, bool]:
    """Ticked checks as ``{criterion id: True/False}``; an unknown id or a non-bool is an
    OptionError."""
    if checks is None:
        return {}
    if not isinstance(checks, Mapping):
        raise OptionError(
            "checks must map a criterion id to True or False, e.g. {'confident': True}",
            field="checks",
        )
    criteria = guidance().criteria
    known = {c.id for c in criteria}
    out = {}
    for key, value in checks.items():
        if key not in known:
            raise OptionError(
                f"unknown criterion {key!r}; known: {', '.join(c.id for c in criteria)}",
                field="checks",
            )
        if not isinstance(value, bool):
            raise OptionError(f"{value!r} is not True or False", field=key)
        out[key] = value
    return out


def rehab_stages() -> pd.DataFrame:
    """The rehabilitation stages for a strain: goal, exercises, what stands behind the stage
    (``basis``), the rehab evidence of each exercise, a note and the checks to move on.

    The exercises are this package's choices, not a tested protocol. Their evidence notes in
    ``data/evidence.toml`` are about each exercise in general (mostly prevention or
    performance), so they are not shown here as if they were rehab evidence: each
    exercise's ``rehab_evidence`` says that no rehab trial of it is cited. ``attrs`` holds
    ``note`` (that in words) and ``lengthening`` (what the two trials of lengthening exercises
    found, askling2013 and askling2014, and why this package does not prescribe them).
    """
    from hamstring_edu.content import load_content

    content = load_content()
    no_trial = say("recovery.no_rehab_trial")
    rows = []
    for s in guidance().stages:
        exercises = [content.exercise(e) for e in s.exercises]
        rows.append(
            {
                "stage": s.number,
                "name": s.name,
                "goal": s.goal,
                "exercises": tuple(e.name for e in exercises),
                "exercise_ids": s.exercises,
                "basis": s.basis,
                "rehab_evidence": (no_trial,) * len(exercises),
                "note": s.note,
                "move_on": tuple(c.text for c in s.move_on),
                "refs": s.refs,
            }
        )
    frame = pd.DataFrame(rows).set_index("stage")
    frame.attrs = {"note": say("recovery.stages_note"), "lengthening": lengthening_note()}
    return frame


def recovery_checklist() -> pd.DataFrame:
    """Every check, stage by stage (stage 2's are the return-to-run gate): what to check and
    what to work on when it is not met."""
    rows = [
        {"id": c.id, "stage": c.stage, "text": c.text, "work_on": c.work_on, "refs": c.refs}
        for c in guidance().criteria
    ]
    return pd.DataFrame(rows).set_index("id")


def current_stage(checks: Mapping[str, bool] | None = None) -> int:
    """The stage you are at: the first whose move-on checks are not all met (1-4), or 5 when
    every check is met (back to usual training). Ticking more checks never moves you back."""
    met = checked_ticks(checks)
    for s in guidance().stages:
        if not all(met.get(c.id, False) for c in s.move_on):
            return s.number
    return done_stage()


def recovery_time_frames(severity: str | None = None) -> pd.DataFrame:
    """Reported times to return (mean and SD in days) from ekstrand2012, askling2013 and
    askling2014, with ``low``/``high`` = mean -/+ one SD; ``fits`` marks the rows that match
    ``severity`` (this package lines up mild, moderate, severe with MRI grades 0-1, 2, 3)."""
    if severity is not None:
        severity = choice(severity, SEVERITIES, "severity")
    rows = [
        {
            "source": t.source,
            "group": t.group,
            "severity": t.severity,
            "mean_days": t.mean_days,
            "sd_days": t.sd_days,
            "low_days": max(0, t.mean_days - t.sd_days),
            "high_days": t.mean_days + t.sd_days,
            "label": f"{t.mean_days} ± {t.sd_days} days",
            "fits": severity is not None and t.severity == severity,
        }
        for t in guidance().time_frames
    ]
    frame = pd.DataFrame(rows)
    frame.attrs = {"severity": severity, "note": say("recovery.time_frames_note")}
    return frame
