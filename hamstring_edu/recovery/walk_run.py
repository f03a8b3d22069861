"""The walk-run plan back to easy running after a strain: a ladder of weeks from short run
bouts to continuous easy running, speed last, starting further along for a milder strain.

The numbers are this package's design, not a tested protocol; the words of each week are in
``data/text/recovery.toml``.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from hamstring_edu.errors import PlanError
from hamstring_edu.recovery.guidance import SEVERITIES, choice
from hamstring_edu.wording import say, slots_for

# Interval weeks: (run bout, walk after it, repeats), all minutes. The running minutes of a
# session go 6, 8, 12, 15, 20: never more than WALK_RUN_MAX_RISE above the week before.
INTERVAL_WEEKS = ((1, 2, 6), (2, 2, 4), (3, 1, 4), (5, 1, 3), (10, 1, 2))
CONTINUOUS_START_MIN = 25  # the first week of continuous running
CONTINUOUS_STEP_MIN = 5  # then at most this much more each week, up to the target
WALK_RUN_MAX_RISE = 0.5  # running minutes per session rise at most this much week on week
WALK_RUN_TARGET_MIN = 30
WALK_RUN_TARGETS = (25, 60)  # allowed targets for continuous easy running, minutes
WALK_RUN_SESSIONS = 3  # a week, on days with a rest day between
WARM_WALK_MIN = 5  # brisk walking before and after each session
STRIDES = 4  # in the speed week: strides of about 20 s near the end of an easy run
# Where the plan starts on the full ladder of weeks (1 = the first interval week), by the
# strain's severity. This package's design, not a tested protocol: lay-off time grew with the
# MRI grade in professional football (ekstrand2012), so a milder strain that has passed the same
# return-to-run checks starts further along. Mild starts at 3 x (5 + 1), moderate at 4 x (2 + 2),
# severe (and a severity not given) at the first week.
WALK_RUN_START = {"mild": 4, "moderate": 2, "severe": 1}
# the week texts asked for by a computed key below
WEEK_KEYS = (
    "recovery.week_short_speed",
    "recovery.week_short_continuous",
    "recovery.week_short_intervals",
    "recovery.week_how_speed",
    "recovery.week_how_continuous",
    "recovery.week_how_intervals",
)


def walk_run_plan(
    *, target_min: int = WALK_RUN_TARGET_MIN, severity: str | None = None
) -> pd.DataFrame:
    """Weeks of walk-run sessions building to ``target_min`` of continuous easy running, then
    a week with strides (speed last), starting further along the ladder for a milder strain.
    This package's design, not a tested protocol.

    The ladder: interval weeks (``INTERVAL_WEEKS``), then continuous running from 25 minutes
    to the target, then the speed week. ``severity`` (``"mild"``, ``"moderate"``,
    ``"severe"``, as in ``recovery_plan``) picks the week the plan starts at
    (``WALK_RUN_START``); None, the default, starts at the first week, as for a severe
    strain. Reported lay-off times grow with the MRI grade (ekstrand2012: 8 ± 3, 17 ± 10 and
    22 ± 11 days for grades 0-2); they are time frames, not a test of this plan, and
    no source here tests where a walk-run should start.

    The rules: move on a week only when every session of it was pain-free that evening and the
    next morning, otherwise repeat it (``WALK_RUN_RULE``; each week's ``move_on`` says so);
    the running minutes of a session never rise by more than 50% from one week of the plan to
    the next (``WALK_RUN_MAX_RISE``), and once running is continuous by at most 5 minutes a
    week (``CONTINUOUS_STEP_MIN``). Repeat a week rather than skip one; see ``STOP_RULE``.

    Returns
    -------
    DataFrame, one row per week: ``week`` (1 = the plan's first), ``step`` (its week on the full
    ladder), ``sessions``, ``run_min`` (one bout), ``walk_min`` (walk after each bout),
    ``repeats``, ``run_total_min`` and ``walk_total_min`` per session (without the warm-up and
    cool-down walks), ``session_min`` (with them), ``continuous``, ``speed``, ``how``,
    ``short``, ``move_on``. ``attrs`` holds target_min, severity, start_week, ladder_weeks,
    max_rise, step_min, the rule and the stop rule.

    Raises
    ------
    PlanError for a target outside 25-60 whole minutes; OptionError for an unknown severity.
    """
    if severity is not None:
        severity = choice(severity, SEVERITIES, "severity")
    low, high = WALK_RUN_TARGETS
    if isinstance(target_min, bool) or not isinstance(target_min, int):
        raise PlanError(f"{target_min!r} is not a whole number of minutes", field="target_min")
    if not low <= target_min <= high:
        raise PlanError(
            f"{target_min} minutes is outside {low}-{high} minutes of continuous easy running",
            field="target_min",
        )
    ladder = [(b, w, r, False, False) for b, w, r in INTERVAL_WEEKS]
    total = min(CONTINUOUS_START_MIN, target_min)
    while True:
        ladder.append((total, 0, 1, True, False))
        if total >= target_min:
            break
        total = min(target_min, total + CONTINUOUS_STEP_MIN)
    ladder.append((target_min, 0, 1, True, True))
    start = WALK_RUN_START[severity] if severity is not None else 1
    weeks = ladder[start - 1 :]
    rows = []
    for n, (bout, walk, repeats, continuous, speed) in enumerate(weeks, 1):
        row = _week(n, bout, walk, repeats, continuous, speed=speed)
        row["step"] = start + n - 1
        row["move_on"] = (
            say("recovery.week_done")
            if n == len(weeks)
            else say("recovery.week_move_on", next=n + 1)
        )
        rows.append(row)
    frame = pd.DataFrame(rows)
    frame.insert(1, "step", frame.pop("step"))
    frame.attrs = {
        "target_min": target_min,
        "severity": severity,
        "start_week": start,
        "ladder_weeks": len(ladder),
        "max_rise": WALK_RUN_MAX_RISE,
        "step_min": CONTINUOUS_STEP_MIN,
        "rule": say("recovery.walk_run_rule"),
        "stop_rule": say("recovery.stop_rule"),
    }
    return frame


def _week(
    n: int, bout: int, walk: int, repeats: int, continuous: bool, *, speed: bool
) -> dict[str, Any]:
    run_total = bout * repeats
    walk_total = walk * repeats
    kind = "speed" if speed else "continuous" if continuous else "intervals"
    slots = {"run": run_total, "bout": bout, "walk": walk, "repeats": repeats}
    slots |= {"strides": STRIDES, "warm": WARM_WALK_MIN}
    short = _week_text(f"recovery.week_short_{kind}", slots)
    how = _week_text(f"recovery.week_how_{kind}", slots)
    return {
        "week": n,
        "sessions": WALK_RUN_SESSIONS,
        "run_min": bout,
        "walk_min": walk,
        "repeats": repeats,
        "run_total_min": run_total,
        "walk_total_min": walk_total,
        "session_min": run_total + walk_total + 2 * WARM_WALK_MIN,
        "continuous": continuous,
        "speed": speed,
        "how": how,
        "short": short,
    }


def _week_text(key: str, slots: dict[str, Any]) -> str:
    """A week's text with the slots it uses filled in."""
    return say(key, **{name: slots[name] for name in slots_for(key)})
