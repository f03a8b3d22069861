"""Recovery and return to running: a timed first-aid plan, staged rehabilitation, a gate.

One module per subject:

- ``guidance``: the content of ``data/recovery.toml`` (stages, checks, time frames, RICE and
  PEACE & LOVE, the words of the plan's rows), checked on load;
- ``wall_clock``: time zones, waking hours, the waking and sleeping parts of days;
- ``first_aid``: the timed plan from the onset of pain (nidirect_sprains), when to seek care,
  RICE next to PEACE & LOVE (dubois2020, bleakley2004), the plan's summary;
- ``stages``: staged rehabilitation (heiderscheit2010), which stage you are at, time frames
  as reported (ekstrand2012, askling2013, askling2014);
- ``walk_run``: the walk-run ladder back to easy running, speed last;
- ``gate``: the return-to-run checks (adapted from vanderhorst2017) and the plan they open;
- ``offer``: what a self-assessment result leads to;
- ``ics`` and ``handout``: the plan as a calendar file and as a printable page.

Delayed onset muscle soreness (DOMS) gets a short plan: it settles by itself (cheung2003). The
exercises in each stage, the walk-run steps and where a severity starts are this package's
choices, not a tested protocol. When to seek care comes from the self-assessment's red flags,
one source of truth. Educational, not a diagnosis: the plan cannot examine anyone.
"""

from __future__ import annotations

from typing import Any

from hamstring_edu.recovery import first_aid as _first_aid
from hamstring_edu.recovery import stages as _stages
from hamstring_edu.recovery.first_aid import (
    CHECK_IN_DAYS,
    COLUMNS,
    DEFAULT_ICE_HOURS,
    FIRST_AID_HOURS,
    ICE_EVERY_H,
    ICE_HOURS,
    ICE_MINUTES,
    NO_ICE_BEFORE_SLEEP_H,
    PLAN_DAYS,
    care_signs,
    first_aid_frameworks,
    ice_times,
    next_ice,
    recovery_plan,
    recovery_summary,
)
from hamstring_edu.recovery.gate import ReturnToRun, return_to_run
from hamstring_edu.recovery.guidance import (
    CATEGORIES,
    KINDS,
    SEVERITIES,
    Criterion,
    Stage,
    TimeFrame,
    guidance,
)
from hamstring_edu.recovery.handout import _e, recovery_handout_html
from hamstring_edu.recovery.ics import _fold, _ics_text, diary_ics, recovery_ics
from hamstring_edu.recovery.offer import Offer, recovery_kind_for, recovery_offer
from hamstring_edu.recovery.stages import (
    current_stage,
    recovery_checklist,
    recovery_time_frames,
    rehab_stages,
)
from hamstring_edu.recovery.walk_run import (
    CONTINUOUS_START_MIN,
    CONTINUOUS_STEP_MIN,
    INTERVAL_WEEKS,
    STRIDES,
    WALK_RUN_MAX_RISE,
    WALK_RUN_SESSIONS,
    WALK_RUN_START,
    WALK_RUN_TARGET_MIN,
    WALK_RUN_TARGETS,
    WARM_WALK_MIN,
    walk_run_plan,
)
from hamstring_edu.recovery.wall_clock import (
    MIN_AWAKE_H,
    local_zone_name,
    onset_days_ago,
    zone_name_or_none,
)
from hamstring_edu.wording import say

# Content read from data/ on first use, under the names these constants had in recovery.py.
_CONTENT = {
    "STAGES": lambda: guidance().stages,
    "CRITERIA": lambda: guidance().criteria,
    "TIME_FRAMES": lambda: guidance().time_frames,
    "GATE": lambda: _stages.gate_criteria(),
    "DONE_STAGE": lambda: _stages.done_stage(),
    "LENGTHENING_NOTE": lambda: _stages.lengthening_note(),
    "ICE_HOW": lambda: _first_aid.ice_how(),
    "STOP_RULE": lambda: say("recovery.stop_rule"),
    "WALK_RUN_RULE": lambda: say("recovery.walk_run_rule"),
    "NO_REHAB_TRIAL": lambda: say("recovery.no_rehab_trial"),
}


def __getattr__(name: str) -> Any:
    if name in _CONTENT:
        return _CONTENT[name]()
    raise AttributeError(f"module 'hamstring_edu.recovery' has no attribute {name!r}")


__all__ = [
    "CATEGORIES",
    "CHECK_IN_DAYS",
    "COLUMNS",
    "CONTINUOUS_START_MIN",
    "CONTINUOUS_STEP_MIN",
    "DEFAULT_ICE_HOURS",
    "FIRST_AID_HOURS",
    "ICE_EVERY_H",
    "ICE_HOURS",
    "ICE_MINUTES",
    "INTERVAL_WEEKS",
    "KINDS",
    "MIN_AWAKE_H",
    "NO_ICE_BEFORE_SLEEP_H",
    "PLAN_DAYS",
    "SEVERITIES",
    "STRIDES",
    "WALK_RUN_MAX_RISE",
    "WALK_RUN_SESSIONS",
    "WALK_RUN_START",
    "WALK_RUN_TARGETS",
    "WALK_RUN_TARGET_MIN",
    "WARM_WALK_MIN",
    "Criterion",
    "Offer",
    "ReturnToRun",
    "Stage",
    "TimeFrame",
    "_e",
    "_fold",
    "_ics_text",
    "care_signs",
    "current_stage",
    "first_aid_frameworks",
    "guidance",
    "ice_times",
    "local_zone_name",
    "next_ice",
    "onset_days_ago",
    "recovery_checklist",
    "recovery_handout_html",
    "diary_ics",
    "recovery_ics",
    "recovery_kind_for",
    "recovery_offer",
    "recovery_plan",
    "recovery_summary",
    "recovery_time_frames",
    "rehab_stages",
    "return_to_run",
    "walk_run_plan",
    "zone_name_or_none",
    *_CONTENT,
]
