"""Warm-up and cool-down routines built to the second, and a weekly hamstring strength plan.

The structure follows the article: a warm-up raises the heart rate gradually with light aerobic
work (brisk walking, then easy jogging), then dynamic moves for the hamstrings, quadriceps and
glutes, with strides last before speed work or races; a cool-down lowers the heart rate with
easy jogging, then walking, then 30-second static stretches (no bouncing) for the major muscle
groups (bandy1997). Fixed parts (moves, stretches, strides) come first; the aerobic part takes
whatever time is left, so the plan fills the minutes given exactly.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from hamstring_edu.content import CAUSE_IDS, load_content
from hamstring_edu.errors import OptionError, PlanError, brief
from hamstring_edu.limits import Limits, as_limits, merge
from hamstring_edu.wording import clock

if TYPE_CHECKING:
    import pandas as pd

KINDS = ("warmup", "cooldown")
SESSIONS = ("easy", "long", "tempo", "intervals", "race")
SPEED_SESSIONS = ("tempo", "intervals", "race")
LEVELS = ("beginner", "intermediate", "advanced")
# Conditions a routine honours: the self-assessment's patterns ("tendon", "strain"), whose limits
# (data/questionnaire.toml) say what each rules out. A result's own limits can be passed too.
CONDITIONS = ("tendon", "strain")
STRIDE_SHARE = 0.25  # strides take at most a quarter of a warm-up
STRETCH_HOLD_S = 30  # per side, without bouncing (article; bandy1997)
MIN_AEROBIC_S = 120  # at least two minutes of gradual walking/jogging
STRIDE_S = 20  # one stride: about 20 s of smooth acceleration ...
STRIDE_RECOVERY_S = 40  # ... then an easy walk back
# Seconds of each dynamic move by level (both legs included).
DYNAMIC_S = {"beginner": 60, "intermediate": 80, "advanced": 100}
STRIDES = {"beginner": 2, "intermediate": 4, "advanced": 6}
# Share of the aerobic time spent walking (the rest is easy jogging), by level.
WALK_SHARE = {"beginner": 0.5, "intermediate": 0.35, "advanced": 0.25}
COLUMNS = [
    "step",
    "phase",
    "exercise",
    "name",
    "start_s",
    "duration_s",
    "start",
    "duration",
    "dose",
    "cues",
]


@dataclass(frozen=True)
class _Part:
    exercise: str
    phase: str
    seconds: int
    dose: str


def _a(word: str) -> str:
    """The indefinite article for a word ("a" or "an")."""
    return "an" if word[:1] in "aeiou" else "a"


def _fixed_parts(
    kind: str, session: str, focus: tuple[str, ...], level: str, total_s: int | None = None
) -> list[_Part]:
    """The moves or stretches of a routine, before the aerobic part fills the rest."""
    parts: list[_Part] = []
    if kind == "warmup":
        move = DYNAMIC_S[level]
        parts.append(
            _Part("leg_swings", "dynamic", move, f"Forwards and back, {move // 2} s each leg")
        )
        if "tightness" in focus:  # more mobility before running
            parts.append(_Part("leg_swings", "dynamic", 60, "Side to side, 30 s each leg"))
        parts.append(_Part("walking_lunges", "dynamic", move, "Slow, controlled steps, both legs"))
        strides = STRIDES[level] if session in SPEED_SESSIONS else 0
        if "technique" in focus and not strides:
            strides = 2  # practise quick, light steps
        if strides and total_s is not None:  # strides are the finish, not the main part
            fit = int(total_s * STRIDE_SHARE) // (STRIDE_S + STRIDE_RECOVERY_S)
            strides = max(2, min(strides, fit))
        if strides:
            seconds = strides * (STRIDE_S + STRIDE_RECOVERY_S)
            parts.append(
                _Part(
                    "strides",
                    "strides",
                    seconds,
                    f"{strides} x about {STRIDE_S} s building smoothly to fast, walk back",
                )
            )
        return parts
    hold = f"Hold {STRETCH_HOLD_S} s each side, no bouncing"
    for ex in ("hamstring_stretch", "quad_stretch", "glute_stretch", "calf_stretch"):
        parts.append(_Part(ex, "static", 2 * STRETCH_HOLD_S, hold))
    if "tightness" in focus or "imbalance" in focus:  # a second round for the back of the thigh
        parts.append(
            _Part("hamstring_stretch", "static", 2 * STRETCH_HOLD_S, f"Second round: {hold}")
        )
    return parts


def _aerobic_parts(
    kind: str, seconds: int, session: str, focus: tuple[str, ...], level: str
) -> list[_Part]:
    """Walking and easy jogging that fill ``seconds`` exactly: walk then jog to warm up,
    jog then walk to cool down."""
    walk_share = WALK_SHARE[level]
    if "warmup_cooldown" in focus or "overuse" in focus or "recovery" in focus:
        walk_share = min(0.6, walk_share + 0.15)  # a gentler, more gradual change
    if kind == "cooldown" and session == "long":
        walk_share = max(walk_share, 0.6)
    walk = int(round(seconds * walk_share / 5) * 5)
    walk = min(max(walk, 60), seconds - 60)
    jog = seconds - walk
    if kind == "warmup":
        return [
            _Part("brisk_walk", "aerobic", walk, "Brisk walk, pace rising"),
            _Part("easy_jog", "aerobic", jog, "Easy jog, conversational pace"),
        ]
    return [
        _Part("easy_jog", "aerobic", jog, "Easy jog, slowing down"),
        _Part("brisk_walk", "aerobic", walk, "Walk until your breathing settles"),
    ]


def minimum_minutes(
    kind: str,
    *,
    session: str = "easy",
    focus: tuple[str, ...] = (),
    level: str = "beginner",
    condition: str | None = None,
    limits: Limits | None = None,
) -> int:
    """The shortest routine (whole minutes) that keeps the article's structure."""
    kind, session, focus, level = _check(kind, session, tuple(focus), level)
    allowed = _limits(kind, condition, limits)
    parts = _fixed_parts(kind, session, focus, level, total_s=0)  # the fewest strides
    fixed = sum(p.seconds for p in _kept(parts, allowed)[0])
    return -(-(fixed + MIN_AEROBIC_S) // 60)


def _limits(kind: str, condition: str | None, limits: Limits | None) -> Limits:
    """The limits a routine obeys (a condition's and a result's); PlanError when they rule
    the routine out (no running: no warm-up or cool-down for a run)."""
    from hamstring_edu.questions import questionnaire

    if condition is not None and condition not in CONDITIONS:
        raise OptionError(
            f"unknown condition {brief(condition)}; expected one of {', '.join(CONDITIONS)} "
            "or None",
            field="condition",
        )
    allowed = merge(as_limits(limits), questionnaire().condition_limits(condition))
    label = {"warmup": "warm-up", "cooldown": "cool-down"}[kind]
    refusal = allowed.refusal("routine", f"{label} for a run")
    if refusal:
        raise PlanError(refusal, field="condition" if condition else "limits")
    return allowed


def routine_refusal(
    kind: str = "warmup", *, condition: str | None = None, limits: Limits | None = None
) -> str | None:
    """Why no warm-up or cool-down is offered under these limits, in words, or None."""
    try:
        _limits(kind if kind in KINDS else "warmup", condition, limits)
    except PlanError as exc:
        return exc.message
    return None


def _kept(parts: list[_Part], limits: Limits) -> tuple[list[_Part], list[dict]]:
    """The parts the limits allow, and what they left out with the reason and sources."""
    kept, left_out = [], {}
    content = load_content()
    for part in parts:
        ruled_out = limits.exercise(part.exercise)
        if ruled_out is None:
            kept.append(part)
            continue
        left_out[part.exercise] = {
            "exercise": part.exercise,
            "name": content.exercise(part.exercise).name,
            "why": f"{ruled_out.limit.title}: {ruled_out.limit.text}",
            "because": ruled_out.because,
            "refs": ruled_out.refs,
        }
    return kept, list(left_out.values())


def build_routine(
    kind: str,
    minutes: float,
    *,
    session: str = "easy",
    focus: tuple[str, ...] | list[str] = (),
    level: str = "beginner",
    condition: str | None = None,
    limits: Limits | None = None,
) -> pd.DataFrame:
    """An ordered warm-up or cool-down that fills ``minutes`` exactly, one row per step.

    ``condition`` ("tendon" or "strain", from the self-assessment's patterns) and ``limits``
    (a result's ``assessment.limits``) leave out what they rule out; ``plan.attrs["left_out"]``
    lists each with the reason and sources. When they rule out running (a possible strain, a
    pop), there is no routine for a run: PlanError says why and what is allowed instead.
    """
    import pandas as pd

    kind, session, focus, level = _check(kind, session, tuple(focus), level)
    allowed = _limits(kind, condition, limits)
    if isinstance(minutes, bool) or not isinstance(minutes, int | float):
        raise PlanError(f"minutes must be a number, got {minutes!r}", field="minutes")
    total = minutes * 60
    if total != int(total):
        raise PlanError(f"minutes must be whole seconds, got {minutes!r}", field="minutes")
    total = int(total)
    least = minimum_minutes(
        kind, session=session, focus=focus, level=level, condition=condition, limits=limits
    )
    if minutes < least:
        label = {"warmup": "warm-up", "cooldown": "cool-down"}[kind]
        extra = f" with focus {', '.join(focus)}" if focus else ""
        raise PlanError(
            f"{_a(session)} {session} {label} for {_a(level)} {level}{extra} needs at least "
            f"{least} minutes "
            f"(asked for {minutes:g}); allow more time" + (" or drop a focus" if focus else ""),
            field="minutes",
        )
    if minutes > 60:
        raise PlanError(f"at most 60 minutes, got {minutes:g}", field="minutes")
    fixed, left_out = _kept(_fixed_parts(kind, session, focus, level, total), allowed)
    aerobic = _aerobic_parts(kind, total - sum(p.seconds for p in fixed), session, focus, level)
    parts = aerobic + fixed  # aerobic first; then moves and strides, or stretches
    content = load_content()
    rows, start = [], 0
    for n, part in enumerate(parts, start=1):
        exercise = content.exercise(part.exercise)
        rows.append(
            {
                "step": n,
                "phase": part.phase,
                "exercise": part.exercise,
                "name": exercise.name,
                "start_s": start,
                "duration_s": part.seconds,
                "start": clock(start),
                "duration": clock(part.seconds),
                "dose": part.dose,
                "cues": " | ".join(exercise.cues),
            }
        )
        start += part.seconds
    plan = pd.DataFrame(rows, columns=COLUMNS)
    plan.attrs.update(
        kind=kind,
        minutes=minutes,
        session=session,
        focus=focus,
        level=level,
        condition=condition,
        limits=allowed.ids,
        left_out=left_out,
    )
    return plan


def _check(
    kind: str, session: str, focus: tuple[str, ...], level: str
) -> tuple[str, str, tuple[str, ...], str]:
    for value, options, name in (
        (kind, KINDS, "kind"),
        (session, SESSIONS, "session"),
        (level, LEVELS, "level"),
    ):
        if value not in options:
            raise PlanError(
                f"unknown {name} {value!r}; expected one of {', '.join(options)}", field=name
            )
    for cause in focus:
        if cause not in CAUSE_IDS:
            raise PlanError(
                f"unknown focus {cause!r}; expected cause ids: {', '.join(CAUSE_IDS)}",
                field="focus",
            )
    return kind, session, tuple(sorted(set(focus), key=CAUSE_IDS.index)), level


# --------------------------------------------------------------------------- strength plan

# Nordic hamstring progression, weeks 1-10, then weekly maintenance (petersen2011; mjolsnes2004):
# (sessions per week, sets, reps per set as listed, reps counted per set)
NORDIC = {
    1: (1, 2, "5", (5, 5)),
    2: (2, 2, "6", (6, 6)),
    3: (3, 3, "6-8", (7, 7, 7)),
    4: (3, 3, "8-10", (9, 9, 9)),
    **{w: (3, 3, "12, 10, 8", (12, 10, 8)) for w in range(5, 11)},
}
NORDIC_MAINTENANCE = (1, 3, "12, 10, 8", (12, 10, 8))
# Hamstring curls and Romanian deadlifts: a common starting point, not from the article or a
# trial: two sessions a week, sets rising by level and over the first weeks.
ACCESSORY_SETS = {"beginner": (2, 3), "intermediate": (3, 3), "advanced": (3, 4)}
# Beginners do the trial's sets and reps in fewer sessions (at most two a week): an adaptation
# for runners new to strength work, not something the trial tested.
NORDIC_MAX_SESSIONS = {"beginner": 2, "intermediate": 3, "advanced": 3}
PLACEMENT = (
    "on an easy day: not the day before or after a hard or long run, as the first weeks make "
    "the hamstrings sore (unaccustomed eccentric work, cheung2003)"
)


def weekly_strength_plan(
    weeks: int = 12, *, level: str = "beginner", limits: Limits | None = None
) -> pd.DataFrame:
    """Week-by-week sets and reps of Nordic hamstrings (published progression), curls, deadlifts.

    Intermediate and advanced runners follow the trial's Nordic progression (petersen2011);
    beginners do at most two sessions a week (an adaptation, marked in ``basis``). Every session
    goes on an easy day, away from hard or long runs (``plan.attrs["placement"]``). A result's
    ``limits`` that rule out strength work refuse the plan (PlanError saying why).
    """
    import pandas as pd

    as_limits(limits).require("strength_plan", "strength plan")

    if isinstance(weeks, bool) or not isinstance(weeks, int) or not 1 <= weeks <= 52:
        raise PlanError(f"weeks must be a whole number from 1 to 52, got {weeks!r}", field="weeks")
    if level not in LEVELS:
        raise PlanError(
            f"unknown level {level!r}; expected one of {', '.join(LEVELS)}", field="level"
        )
    first, later = ACCESSORY_SETS[level]
    rows = []
    for week in range(1, weeks + 1):
        sessions, sets, reps, counted = NORDIC.get(week, NORDIC_MAINTENANCE)
        phase = "progression (petersen2011)" if week <= 10 else "maintenance (petersen2011)"
        if sessions > NORDIC_MAX_SESSIONS[level]:
            sessions = NORDIC_MAX_SESSIONS[level]
            phase += "; fewer sessions for a beginner (an adaptation, not tested in the trial)"
        rows.append(
            _strength_row(week, "nordic_hamstring", sessions, sets, reps, sum(counted), phase)
        )
        accessory_sets = first if week <= 4 else later
        for exercise, reps_each in (("hamstring_curl", 10), ("deadlift", 8)):
            rows.append(
                _strength_row(
                    week,
                    exercise,
                    2,
                    accessory_sets,
                    str(reps_each),
                    accessory_sets * reps_each,
                    "common starting point (not from the article)",
                )
            )
    plan = pd.DataFrame(rows)
    plan.attrs.update(weeks=weeks, level=level, placement=PLACEMENT)
    return plan


def _strength_row(
    week: int, exercise: str, sessions: int, sets: int, reps: str, per_session: int, basis: str
) -> dict:
    return {
        "week": week,
        "exercise": exercise,
        "name": load_content().exercise(exercise).name,
        "sessions": sessions,
        "sets": sets,
        "reps": reps,
        "reps_per_week": sessions * per_session,
        "basis": basis,
    }


def routine_csv(plan: pd.DataFrame) -> str:
    """The routine as CSV text (step, phase, name, start, duration, dose, cues)."""
    return plan[["step", "phase", "name", "start", "duration", "dose", "cues"]].to_csv(index=False)
