"""The return-to-run gate after a strain: ready or not, what is missing and what to work on,
and the walk-run plan once every check of stage 2 is met (adapted from vanderhorst2017)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import pandas as pd

from hamstring_edu.limits import Limits, as_limits
from hamstring_edu.recovery.guidance import SEVERITIES, Criterion, choice
from hamstring_edu.recovery.stages import checked_ticks, gate_criteria
from hamstring_edu.recovery.walk_run import walk_run_plan
from hamstring_edu.wording import say


def _stop_rule() -> str:
    return say("recovery.stop_rule")


@dataclass(frozen=True)
class ReturnToRun:
    """The return-to-run gate: ready or not, what is missing and what to work on, the plan."""

    ready: bool
    unmet: tuple[Criterion, ...]
    work_on: tuple[str, ...]
    plan: pd.DataFrame | None
    message: str
    stop_rule: str = field(default_factory=_stop_rule)


def return_to_run(
    checks: Mapping[str, bool] | None = None,
    *,
    severity: str | None = None,
    limits: Limits | None = None,
) -> ReturnToRun:
    """The return-to-run gate (criteria adapted from vanderhorst2017): "not yet" with every
    unmet criterion and what to work on, or the walk-run plan for ``severity`` (see
    ``walk_run_plan``; None starts at its first week). A criterion not answered counts as not
    met; a self-assessment's ``limits`` that rule out running give "not yet" with the reason."""
    met = checked_ticks(checks)
    if severity is not None:
        severity = choice(severity, SEVERITIES, "severity")
    gate = gate_criteria()
    unmet = tuple(c for c in gate if not met.get(c.id, False))
    refusal = as_limits(limits).refusal("return_to_run", "return-to-run plan")
    if refusal:  # a sign that stops running: no plan, whatever is ticked
        return ReturnToRun(False, unmet, tuple(c.work_on for c in unmet), None, refusal)
    if unmet:
        message = say("recovery.gate_not_yet", unmet=len(unmet), total=len(gate))
        return ReturnToRun(False, unmet, tuple(c.work_on for c in unmet), None, message)
    plan = walk_run_plan(severity=severity)
    a = plan.attrs
    which = " " + say("recovery.gate_for_severity", severity=severity) if severity else ""
    start = (
        say("recovery.gate_start_week", week=a["start_week"], ladder=a["ladder_weeks"])
        if a["start_week"] > 1
        else ""
    )
    message = say(
        "recovery.gate_ready",
        which=which,
        weeks=len(plan),
        target=a["target_min"],
        start=start,
        rule=a["rule"],
        stop=a["stop_rule"],
    )
    return ReturnToRun(True, (), (), plan, message)
