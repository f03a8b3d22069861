"""Warm-up and cool-down routines built to the second, and a weekly hamstring strength plan.

The structure follows the article: a warm-up raises the heart rate gradually with light aerobic
work (brisk walking, then easy jogging), then dynamic moves for the hamstrings, quadriceps and
glutes, with strides last before speed work or races; a cool-down lowers the heart rate with
easy jogging, then walking, then 30-second static stretches (no bouncing) for the major muscle
groups (bandy1997). Fixed parts (moves, stretches, strides) come first; the aerobic part takes
whatever time is left, so the plan fills the minutes given exactly.

The parts, doses, timings and the strength plan's progression are content, read from
``data/routines.toml`` and checked (:func:`routine_content`); this module keeps the rules that
compute: which parts a session, focus, level or limit keeps, their order and their timing.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from hamstring_edu import schema
from hamstring_edu.content import CAUSE_IDS, load_content
from hamstring_edu.errors import ContentError, OptionError, PlanError, brief
from hamstring_edu.limits import Limits, as_limits, merge
from hamstring_edu.schema import REQUIRED, check_entries, entry_label, read_toml
from hamstring_edu.wording import clock, say, slots, text_file

if TYPE_CHECKING:
    import pandas as pd

KINDS = ("warmup", "cooldown")
SESSIONS = ("easy", "long", "tempo", "intervals", "race")
SPEED_SESSIONS = ("tempo", "intervals", "race")
LEVELS = ("beginner", "intermediate", "advanced")
PHASES = ("aerobic", "dynamic", "strides", "static")
# Conditions a routine honours: the self-assessment's patterns ("tendon", "strain"), whose limits
# (data/questionnaire.toml) say what each rules out. A result's own limits can be passed too.
CONDITIONS = ("tendon", "strain")
STRIDE_SHARE = 0.25  # strides take at most a quarter of a warm-up
MIN_STRIDES = 2  # strides, when there are any (a technique focus practises quick, light steps)
MIN_AEROBIC_S = 120  # at least two minutes of gradual walking/jogging
MIN_WALK_S = 60  # the walk and the jog each last at least a minute
WALK = "brisk_walk"  # the aerobic exercise that takes the level's walking share
GENTLE_FOCUS = ("warmup_cooldown", "overuse", "recovery")  # a gentler, more gradual change
GENTLE_WALK_EXTRA, GENTLE_WALK_MAX, LONG_COOLDOWN_WALK = 0.15, 0.6, 0.6
MAX_MINUTES = 60
MAX_WEEKS = 52
TIMINGS = ("stretch_hold", "stride", "stride_recovery")
# the slots a part's dose may fill, by phase ({each}: seconds each leg), and a phase's name
DOSE_SLOTS = {
    "aerobic": set(),
    "dynamic": {"each"},
    "strides": {"strides", "stride"},
    "static": {"hold"},
}
PHASE_SLOTS = {"hold"}
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


# --------------------------------------------------------------------------- content


@dataclass(frozen=True)
class Kind:
    """A kind of routine: the name a heading shows ("Warm-up") and a sentence's label."""

    id: str
    name: str
    label: str


@dataclass(frozen=True)
class Level:
    """A level's doses: dynamic moves, strides, walking share, strength sessions and sets."""

    id: str
    move_s: int
    strides: int
    walk_share: float
    nordic_max_sessions: int
    accessory_sets: tuple[int, int]
    adaptation: str | None = None


@dataclass(frozen=True)
class Part:
    """One part of a routine: an exercise, its phase, its dose in words, when it is added."""

    id: str
    kind: str
    exercise: str
    phase: str
    dose: str
    seconds: int | None = None
    focus: tuple[str, ...] = ()


@dataclass(frozen=True)
class NordicWeeks:
    """Weeks of the Nordic hamstring progression: sessions, sets, reps listed and counted."""

    id: str
    first_week: int
    last_week: int
    sessions: int
    sets: int
    reps: str
    counted: tuple[int, ...]
    basis: str
    refs: tuple[str, ...] = ()


@dataclass(frozen=True)
class Accessory:
    """A strength exercise beside the Nordics: sessions, reps, when its sets rise, its basis."""

    id: str
    sessions: int
    reps: int
    first_weeks: int
    basis: str


@dataclass(frozen=True)
class RoutineContent:
    """Everything a routine and the strength plan are built from (``data/routines.toml``)."""

    kinds: Mapping[str, Kind]
    phases: Mapping[str, str]
    levels: Mapping[str, Level]
    timing: Mapping[str, int]
    parts: tuple[Part, ...]
    nordic: tuple[NordicWeeks, ...]
    accessories: tuple[Accessory, ...]

    def parts_of(self, kind: str) -> tuple[Part, ...]:
        """The parts of one kind of routine, in order."""
        return tuple(p for p in self.parts if p.kind == kind)

    def nordic_week(self, week: int) -> NordicWeeks:
        """The Nordic progression entry that holds ``week``."""
        return next(n for n in self.nordic if n.first_week <= week <= n.last_week)


def _whole_numbers(v: Any) -> tuple[int, ...]:
    if not isinstance(v, list):
        raise ValueError("expected a list of whole numbers above 0")
    return tuple(schema.positive_int(x) for x in v)


def _share(v: Any) -> float:
    share = schema.positive_number(v)
    if share >= 1:
        raise ValueError("expected a share between 0 and 1")
    return share


_ID = (schema.ident, REQUIRED)
_TEXT = (schema.text, REQUIRED)
_WHOLE = (schema.positive_int, REQUIRED)
_KIND = {"id": (schema.one_of(KINDS), REQUIRED), "name": _TEXT, "label": _TEXT}
_PHASE = {"id": (schema.one_of(PHASES), REQUIRED), "name": _TEXT}
_LEVEL = {
    "id": (schema.one_of(LEVELS), REQUIRED),
    "move_s": _WHOLE,
    "strides": _WHOLE,
    "walk_share": (_share, REQUIRED),
    "nordic_max_sessions": _WHOLE,
    "accessory_sets": (schema.count(2, 2, _whole_numbers), REQUIRED),
    "adaptation": (schema.text, None),
}
_TIMING = {"id": (schema.one_of(TIMINGS), REQUIRED), "seconds": _WHOLE, "refs": (schema.idents, ())}
_PART = {
    "id": _ID,
    "kind": (schema.one_of(KINDS), REQUIRED),
    "exercise": _ID,
    "phase": (schema.one_of(PHASES), REQUIRED),
    "dose": _TEXT,
    "seconds": (schema.positive_int, None),
    "focus": (schema.idents, ()),
}
_NORDIC = {
    "id": _ID,
    "first_week": _WHOLE,
    "last_week": _WHOLE,
    "sessions": _WHOLE,
    "sets": _WHOLE,
    "reps": _TEXT,
    "counted": (_whole_numbers, REQUIRED),
    "basis": _TEXT,
    "refs": (schema.idents, ()),
}
_ACCESSORY = {"id": _ID, "sessions": _WHOLE, "reps": _WHOLE, "first_weeks": _WHOLE, "basis": _TEXT}
_TABLES = {
    "kind": _KIND,
    "phase": _PHASE,
    "level": _LEVEL,
    "timing": _TIMING,
    "part": _PART,
    "nordic": _NORDIC,
    "accessory": _ACCESSORY,
}


def routine_content(file: Path | None = None) -> RoutineContent:
    """The validated routine content of ``data/routines.toml`` (or ``file``), read once."""
    path = file or schema.data_dir() / "routines.toml"
    return _routine_content(path, path.stat().st_mtime_ns if path.is_file() else 0)


@functools.lru_cache(maxsize=4)
def _routine_content(file: Path, _stamp: int) -> RoutineContent:
    from hamstring_edu.teaching import check_citations

    doc = read_toml(file)
    if set(doc) - set(_TABLES):
        raise ContentError(f"unexpected key(s) {sorted(set(doc) - set(_TABLES))}", file=file)
    tables = {name: _entries(doc, name, file) for name in _TABLES}
    for name, ids in (("kind", KINDS), ("level", LEVELS), ("timing", TIMINGS), ("phase", PHASES)):
        found = tuple(raw["id"] for _, raw in tables[name])
        if found != ids:
            raise ContentError(
                f"expected the {name} entries {', '.join(ids)}, in that order; found "
                f"{', '.join(found)}",
                file=file,
                field=name,
            )
    exercises = {e.id for e in load_content().exercises}
    for where, raw in tables["timing"] + tables["nordic"] + tables["accessory"]:
        check_citations(raw.get("basis", ""), raw.get("refs", ()), **where)
    timing = {raw["id"]: raw["seconds"] for _, raw in tables["timing"]}
    phases = {}
    for where, raw in tables["phase"]:
        _check_slots(raw["name"], PHASE_SLOTS, where, "name")
        phases[raw["id"]] = raw["name"].format(hold=timing["stretch_hold"])
    parts = []
    for where, raw in tables["part"]:
        if raw["exercise"] not in exercises:
            raise ContentError(
                f"unknown exercise id {raw['exercise']!r}: use an id from data/exercises.toml",
                **where,
                field="exercise",
            )
        _check_slots(raw["dose"], DOSE_SLOTS[raw["phase"]], where, "dose")
        unknown = [c for c in raw["focus"] if c not in CAUSE_IDS]
        if unknown:
            raise ContentError(
                f"unknown cause id {unknown[0]!r}; expected cause ids: {', '.join(CAUSE_IDS)}",
                **where,
                field="focus",
            )
        if raw["seconds"] is not None and raw["phase"] != "dynamic":
            raise ContentError(
                "only a dynamic move has its own seconds (the others are timed by rule)",
                **where,
                field="seconds",
            )
        parts.append(Part(**raw))
    for kind in KINDS:
        aerobic = [p.exercise for p in parts if p.kind == kind and p.phase == "aerobic"]
        if len(aerobic) != 2 or aerobic.count(WALK) != 1:
            raise ContentError(
                f"a {kind} needs two aerobic parts, one of them {WALK!r}; found {aerobic}",
                file=file,
                entry="[[part]]",
                field="phase",
            )
    nordic = tuple(NordicWeeks(**raw) for _, raw in tables["nordic"])
    _check_weeks(nordic, [where for where, _ in tables["nordic"]])
    levels = {}
    for where, raw in tables["level"]:
        capped = raw["nordic_max_sessions"] < max(n.sessions for n in nordic)
        if capped and raw["adaptation"] is None:
            raise ContentError(
                "a level with fewer Nordic sessions than the trial needs an adaptation saying so",
                **where,
                field="adaptation",
            )
        levels[raw["id"]] = Level(**raw)
    accessories = []
    for where, raw in tables["accessory"]:
        if raw["id"] not in exercises:
            raise ContentError(
                f"unknown exercise id {raw['id']!r}: use an id from data/exercises.toml",
                **where,
                field="id",
            )
        accessories.append(Accessory(**raw))
    placement = say("routines.placement")  # its source must be a known reference too
    check_citations(placement, (), file=text_file("routines"), entry="placement")
    return RoutineContent(
        kinds=MappingProxyType({raw["id"]: Kind(**raw) for _, raw in tables["kind"]}),
        phases=MappingProxyType(phases),
        levels=MappingProxyType(levels),
        timing=MappingProxyType(timing),
        parts=tuple(parts),
        nordic=nordic,
        accessories=tuple(accessories),
    )


def _entries(doc: dict[str, Any], table: str, file: Path) -> list[tuple[dict[str, Any], dict]]:
    """A table's checked entries, each with where it is (file and entry) for later messages."""
    entries = check_entries(doc, table, _TABLES[table], file=file)
    return [
        ({"file": file, "entry": f"[[{table}]] {entry_label(n, raw)}"}, raw)
        for n, raw in enumerate(entries, start=1)
    ]


def _check_slots(template: str, allowed: set[str], where: dict[str, Any], field: str) -> None:
    try:
        unknown = sorted(slots(template) - allowed)
    except ValueError as exc:
        raise ContentError(f"a slot is malformed ({exc})", **where, field=field) from None
    if unknown:
        raise ContentError(
            f"unknown slot(s) {unknown}; this text can fill only {sorted(allowed) or 'none'}",
            **where,
            field=field,
        )


def _check_weeks(nordic: tuple[NordicWeeks, ...], wheres: list[dict[str, Any]]) -> None:
    """The Nordic entries cover weeks 1 to MAX_WEEKS in order; each counts one number a set."""
    expected = 1
    for entry, where in zip(nordic, wheres, strict=True):
        if entry.first_week != expected or entry.last_week < entry.first_week:
            raise ContentError(
                f"expected weeks from {expected} on, in order (found {entry.first_week} to "
                f"{entry.last_week})",
                **where,
                field="first_week",
            )
        if len(entry.counted) != entry.sets:
            raise ContentError(
                f"expected one count for each of the {entry.sets} sets, found {len(entry.counted)}",
                **where,
                field="counted",
            )
        expected = entry.last_week + 1
    if expected != MAX_WEEKS + 1:
        raise ContentError(
            f"the Nordic entries end at week {expected - 1}; expected week {MAX_WEEKS}",
            **wheres[-1],
            field="last_week",
        )


def content_title(cause: str) -> str:
    """A cause's title as a person reads it ("Muscle imbalance"), or its id when unknown."""
    try:
        return load_content().cause(cause).title
    except Exception:  # an unknown id is reported by the caller's own checks
        return cause


def kind_name(kind: str) -> str:
    """How a heading names a kind of routine ("Warm-up"), or "Routine" for an unknown one."""
    found = routine_content().kinds.get(kind)
    return found.name if found else say("routines.routine")


def phase_name(phase: str) -> str:
    """How a timeline's legend names a phase ("Dynamic moves"); an unknown phase as is."""
    return routine_content().phases.get(phase, phase)


# --------------------------------------------------------------------------- routines


@dataclass(frozen=True)
class _Step:
    exercise: str
    phase: str
    seconds: int
    dose: str


def _a(word: str) -> str:
    """The indefinite article for a word ("a" or "an")."""
    return "an" if word[:1] in "aeiou" else "a"


def _stride_count(session: str, focus: tuple[str, ...], level: Level, total_s: int | None) -> int:
    """How many strides end a warm-up: the level's before speed work, a few for technique."""
    strides = level.strides if session in SPEED_SESSIONS else 0
    if "technique" in focus and not strides:
        strides = MIN_STRIDES  # practise quick, light steps
    if strides and total_s is not None:  # strides are the finish, not the main part
        timing = routine_content().timing
        fit = int(total_s * STRIDE_SHARE) // (timing["stride"] + timing["stride_recovery"])
        strides = max(MIN_STRIDES, min(strides, fit))
    return strides


def _fixed_parts(
    kind: str, session: str, focus: tuple[str, ...], level: str, total_s: int | None = None
) -> list[_Step]:
    """The moves or stretches of a routine, before the aerobic part fills the rest."""
    content = routine_content()
    timing, dose = content.timing, content.levels[level]
    steps: list[_Step] = []
    for part in content.parts_of(kind):
        if part.phase == "aerobic" or (part.focus and not set(part.focus) & set(focus)):
            continue
        if part.phase == "dynamic":
            seconds = part.seconds or dose.move_s
            words = part.dose.format(each=seconds // 2)
        elif part.phase == "static":
            seconds = 2 * timing["stretch_hold"]  # each side
            words = part.dose.format(hold=timing["stretch_hold"])
        else:
            strides = _stride_count(session, focus, dose, total_s)
            if not strides:
                continue
            seconds = strides * (timing["stride"] + timing["stride_recovery"])
            words = part.dose.format(strides=strides, stride=timing["stride"])
        steps.append(_Step(part.exercise, part.phase, seconds, words))
    return steps


def _aerobic_parts(
    kind: str, seconds: int, session: str, focus: tuple[str, ...], level: str
) -> list[_Step]:
    """Walking and easy jogging that fill ``seconds`` exactly: walk then jog to warm up,
    jog then walk to cool down (the order of the parts in the content)."""
    content = routine_content()
    walk_share = content.levels[level].walk_share
    if set(GENTLE_FOCUS) & set(focus):
        walk_share = min(GENTLE_WALK_MAX, walk_share + GENTLE_WALK_EXTRA)
    if kind == "cooldown" and session == "long":
        walk_share = max(walk_share, LONG_COOLDOWN_WALK)
    walk = int(round(seconds * walk_share / 5) * 5)
    walk = min(max(walk, MIN_WALK_S), seconds - MIN_WALK_S)
    return [
        _Step(p.exercise, p.phase, walk if p.exercise == WALK else seconds - walk, p.dose)
        for p in content.parts_of(kind)
        if p.phase == "aerobic"
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
    kind, session, focus, level = _check(kind, session, _focus_ids(focus), level)
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
    label = routine_content().kinds[kind].label
    refusal = allowed.refusal("routine", say("routines.refusal_what", kind=label))
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


def _kept(parts: list[_Step], limits: Limits) -> tuple[list[_Step], list[dict]]:
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


def _focus_ids(focus: Any) -> tuple[str, ...]:
    """``focus`` as a tuple; PlanError for anything but a list or tuple (None, a single id)."""
    if isinstance(focus, str | bytes) or not isinstance(focus, tuple | list):
        raise PlanError(f"focus must be a list of focus ids, got {brief(focus)}", field="focus")
    return tuple(focus)


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

    kind, session, focus, level = _check(kind, session, _focus_ids(focus), level)
    allowed = _limits(kind, condition, limits)
    if isinstance(minutes, bool) or not isinstance(minutes, int | float):
        raise PlanError(f"minutes must be a number, got {brief(minutes)}", field="minutes")
    if isinstance(minutes, float) and not math.isfinite(minutes):
        raise PlanError(f"minutes must be a finite number, got {minutes!r}", field="minutes")
    if minutes > MAX_MINUTES:  # before any arithmetic: 10**400 minutes overflows a float
        raise PlanError(f"at most {MAX_MINUTES} minutes, got {brief(minutes)}", field="minutes")
    total = minutes * 60
    if total != int(total):
        raise PlanError(f"minutes must be whole seconds, got {minutes!r}", field="minutes")
    total = int(total)
    least = minimum_minutes(
        kind, session=session, focus=focus, level=level, condition=condition, limits=limits
    )
    if minutes < least:
        label = routine_content().kinds[kind].label
        titles = ", ".join(content_title(f) for f in focus)
        extra = f" with a focus on {titles}" if focus else ""
        raise PlanError(
            f"{_a(session)} {session} {label} for {_a(level)} {level}{extra} needs at least "
            f"{least} minutes "
            f"(asked for {minutes:g}); allow more time" + (" or drop a focus" if focus else ""),
            field="minutes",
        )
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

NORDIC_EXERCISE = "nordic_hamstring"


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

    if isinstance(weeks, bool) or not isinstance(weeks, int) or not 1 <= weeks <= MAX_WEEKS:
        raise PlanError(
            f"weeks must be a whole number from 1 to {MAX_WEEKS}, got {weeks!r}", field="weeks"
        )
    if level not in LEVELS:
        raise PlanError(
            f"unknown level {level!r}; expected one of {', '.join(LEVELS)}", field="level"
        )
    content = routine_content()
    dose = content.levels[level]
    first, later = dose.accessory_sets
    rows = []
    for week in range(1, weeks + 1):
        nordic = content.nordic_week(week)
        sessions, basis = nordic.sessions, nordic.basis
        if sessions > dose.nordic_max_sessions:
            sessions = dose.nordic_max_sessions
            basis = f"{basis}; {dose.adaptation}"
        rows.append(
            _strength_row(
                week,
                NORDIC_EXERCISE,
                sessions,
                nordic.sets,
                nordic.reps,
                sum(nordic.counted),
                basis,
            )
        )
        for extra in content.accessories:
            sets = first if week <= extra.first_weeks else later
            rows.append(
                _strength_row(
                    week,
                    extra.id,
                    extra.sessions,
                    sets,
                    str(extra.reps),
                    sets * extra.reps,
                    extra.basis,
                )
            )
    plan = pd.DataFrame(rows)
    plan.attrs.update(weeks=weeks, level=level, placement=say("routines.placement"))
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
