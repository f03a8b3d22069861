"""The self-assessment questionnaire (the instrument), read from ``data/questionnaire.toml``.

It holds four kinds of things, all validated when loaded:

- **sections** and **questions**: wording, answer type and valid values, and what each answer
  adds to the cause scores and to the soreness-or-strain read;
- **levels**: the three triage levels (``emergency``, ``today``, ``soon``), each with its time
  frame, who to see and what to do now. They are the one source of truth for every headline,
  flag box, app page, JSON file and printable summary;
- **red flags**: warning signs with the level they raise, who to see and why;
- **patterns**: answer patterns that are not emergencies but change the advice (for example the
  tendon pattern, which makes static hamstring stretching a bad idea);
- **limits**: what a raised flag or pattern rules out until a clinician has seen the leg (no
  running, no stretching, ...), as words and as the ids of what they cover
  (:mod:`hamstring_edu.limits`). Each flag and pattern lists its limits.

Conditions (``when``) are a small grammar:
``{question, is | in | not_in | at_least | at_most | below}``, ``{all = [...]}`` and
``{any = [...]}``; a list of conditions holds when any one holds.
"""

from __future__ import annotations

import functools
import itertools
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from hamstring_edu import schema
from hamstring_edu.content import CAUSE_IDS, data_dir, load_content
from hamstring_edu.errors import AnswerError, ContentError, brief
from hamstring_edu.limits import PLANS, RECOVERY_ROWS, Limit, Limits, raised_limits
from hamstring_edu.schema import REQUIRED, check_entries, read_toml

if TYPE_CHECKING:
    import pandas as pd

QUESTION_TYPES = ("choice", "yesno", "number", "scale")
SIGNALS = ("doms", "strain")
LEVELS = ("emergency", "today", "soon")  # most urgent first
URGENT_LEVELS = ("emergency", "today")  # the page shows only what to do now
MAX_CONDITION_DEPTH = 6


# --------------------------------------------------------------------------- types


@dataclass(frozen=True)
class Effect:
    """What one answer adds: points per cause and DOMS/strain signals."""

    points: Mapping[str, float] = field(default_factory=dict)
    signals: Mapping[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class Option:
    """One choice of a choice question."""

    value: str
    label: str
    effect: Effect
    score: int | None = None


@dataclass(frozen=True)
class Band:
    """A range of a number question: at or above (``at_least``) or at or below a threshold."""

    threshold: float
    direction: str
    effect: Effect


@dataclass(frozen=True)
class Question:
    """One question: wording, answer type and valid values, and what each answer adds."""

    id: str
    section: str
    type: str
    text: str
    why: str
    refs: tuple[str, ...] = ()
    options: tuple[Option, ...] = ()
    yes: Effect = Effect()
    no: Effect = Effect()
    unit: str | None = None
    min: float | None = None
    max: float | None = None
    bands: tuple[Band, ...] = ()
    ostrc: bool = False
    risk_factor: bool = False

    def effect(self, value: Any) -> Effect:
        """The points and signals a (valid) answer adds."""
        if value is None:
            return Effect()
        if self.type == "choice":
            return next(o.effect for o in self.options if o.value == value)
        if self.type == "yesno":
            return self.yes if value else self.no
        up = [b for b in self.bands if b.direction == "at_least" and value >= b.threshold]
        down = [b for b in self.bands if b.direction == "at_most" and value <= b.threshold]
        if up:
            return max(up, key=lambda b: b.threshold).effect
        if down:
            return min(down, key=lambda b: b.threshold).effect
        return Effect()

    def effects(self) -> tuple[Effect, ...]:
        """Every distinct effect an answer can have (for maxima)."""
        if self.type == "choice":
            return tuple(o.effect for o in self.options)
        if self.type == "yesno":
            return (self.yes, self.no)
        return (Effect(), *(b.effect for b in self.bands))

    def max_points(self, cause: str) -> float:
        """The most points any answer gives ``cause``."""
        return max(e.points.get(cause, 0.0) for e in self.effects())

    def label(self, value: Any) -> str:
        """The answer in words ("Yes", "Getting worse", "25 %")."""
        if value is None:
            return "not answered"
        if self.type == "choice":
            return next(o.label for o in self.options if o.value == value)
        if self.type == "yesno":
            return "Yes" if value else "No"
        number = f"{value:g}" if isinstance(value, float) else str(value)
        if self.type == "scale" and self.max is not None:
            # "7 out of 10 (0 = not at all, 10 = very)", never "7 0 = not at all, 10 = very"
            scale = f" ({self.unit})" if self.unit else ""
            return f"{number} out of {self.max:g}{scale}"
        if not self.unit:
            return number
        return f"{number} {self.unit_for(value)}"

    def unit_for(self, value: Any) -> str:
        """The unit as it reads after this number: "1 day per week", "2 days per week"."""
        unit = self.short_unit
        if unit and value == 1 and not isinstance(value, bool):
            first, _, rest = unit.partition(" ")
            if first.endswith("s") and len(first) > 2:  # days, years, sessions, steps
                return " ".join(part for part in (first[:-1], rest) if part)
        return unit

    @property
    def short_unit(self) -> str:
        """The unit without its explanation ("days", not "0 = not at all, 10 = very")."""
        return "" if self.unit is None or "=" in self.unit else self.unit

    @property
    def scale_words(self) -> str:
        """What the ends of a scale mean ("0 = not at all, 10 = very"; '' if not a scale)."""
        return self.unit if self.unit and "=" in self.unit else ""


@dataclass(frozen=True)
class Section:
    """A group of questions shown together."""

    id: str
    title: str
    intro: str


@dataclass(frozen=True)
class Level:
    """A triage level: how fast to act, who to see, what to do now and while waiting."""

    id: str
    title: str
    headline: str
    time_frame: str
    who: str
    action: str
    while_waiting: str
    refs: tuple[str, ...] = ()
    doctor: Mapping[str, str] | None = None  # wording when every raised sign needs a doctor

    @property
    def rank(self) -> int:
        """0 for the most urgent level."""
        return LEVELS.index(self.id)

    def for_doctor(self) -> Level:
        """This level worded for signs that all need a doctor (itself if it has no variant)."""
        if not self.doctor:
            return self
        return Level(**{**self.__dict__, **self.doctor, "doctor": None})


@dataclass(frozen=True)
class RedFlag:
    """A warning sign: when it is raised, its level, who to see and what to do."""

    id: str
    title: str
    advice: str
    level: str
    who: str
    refs: tuple[str, ...]
    when: tuple[Mapping[str, Any], ...]
    limits: tuple[str, ...] = ()
    doctor: bool = False

    def raised(self, answers: Mapping[str, Any]) -> bool:
        """Whether any of this flag's conditions holds for the answers."""
        return any(holds(c, answers) for c in self.when)


@dataclass(frozen=True)
class Pattern:
    """An answer pattern that changes the advice (not a warning sign), with what to avoid."""

    id: str
    title: str
    short: str
    note: str
    refs: tuple[str, ...]
    when: tuple[Mapping[str, Any], ...]
    limits: tuple[str, ...] = ()
    routine_condition: str | None = None

    def raised(self, answers: Mapping[str, Any]) -> bool:
        """Whether any of this pattern's conditions holds for the answers."""
        return any(holds(c, answers) for c in self.when)


@dataclass(frozen=True)
class Questionnaire:
    """The whole questionnaire: sections, questions, levels, red flags and patterns."""

    sections: tuple[Section, ...]
    questions: tuple[Question, ...]
    levels: tuple[Level, ...]
    red_flags: tuple[RedFlag, ...]
    patterns: tuple[Pattern, ...]
    source: Path
    limits: tuple[Limit, ...] = ()

    def limits_for(self, sources: Any) -> Limits:
        """The limits raised by these flags or patterns (anything with title and limits)."""
        return raised_limits(sources, self.limits)

    def condition_limits(self, condition: str | None) -> Limits:
        """The limits of the pattern whose routine condition this is ("tendon", "strain")."""
        return self.limits_for(p for p in self.patterns if p.routine_condition == condition)

    @property
    def conditions(self) -> tuple[str, ...]:
        """The routine conditions the patterns name, in order."""
        return tuple(p.routine_condition for p in self.patterns if p.routine_condition)

    def question(self, question_id: str) -> Question:
        """The question with this id (AnswerError if there is none)."""
        for q in self.questions:
            if q.id == question_id:
                return q
        raise AnswerError(
            "unknown question id; see questionnaire().questions for the ids",
            question=brief(question_id, 40) if not isinstance(question_id, str) else question_id,
        )

    def level(self, level_id: str) -> Level:
        """The triage level with this id."""
        for lvl in self.levels:
            if lvl.id == level_id:
                return lvl
        raise AnswerError(f"unknown level {brief(level_id)}; expected one of {', '.join(LEVELS)}")

    def in_section(self, section_id: str) -> tuple[Question, ...]:
        """The questions of one section, in order."""
        return tuple(q for q in self.questions if q.section == section_id)

    def max_points(self) -> dict[str, float]:
        """For each cause, the most points the whole questionnaire can give it."""
        return {c: sum(q.max_points(c) for q in self.questions) for c in CAUSE_IDS}

    def frame(self) -> pd.DataFrame:
        """One row per question: section, type, text, unit and valid range."""
        rows = [
            {
                "id": q.id,
                "section": q.section,
                "type": q.type,
                "text": q.text,
                "unit": q.unit,
                "min": q.min,
                "max": q.max,
                "options": ", ".join(o.value for o in q.options),
            }
            for q in self.questions
        ]
        return _table(rows)

    def flags_frame(self) -> pd.DataFrame:
        """One row per red flag, most urgent level first: level, title, who to see, sources."""
        rows = [
            {
                "id": f.id,
                "level": f.level,
                "title": f.title,
                "who": f.who,
                "refs": ", ".join(f.refs),
            }
            for f in sorted(self.red_flags, key=lambda f: LEVELS.index(f.level))
        ]
        return _table(rows)


def warning_sign_questions(qs: Questionnaire | None = None) -> tuple[Question, ...]:
    """The questions of the warning-sign sections, in order: the sections whose every question
    is a yes/no question that a red flag reads (the two sections the form shows first)."""
    qs = qs or questionnaire()
    read = set().union(*(_condition_questions(c) for f in qs.red_flags for c in f.when))
    signs: list[Question] = []
    for section in qs.sections:
        questions = qs.in_section(section.id)
        if questions and all(q.type == "yesno" and q.id in read for q in questions):
            signs.extend(questions)
    return tuple(signs)


def _condition_questions(condition: Mapping[str, Any]) -> set[str]:
    """The question ids one condition of the ``when`` grammar reads."""
    if "all" in condition or "any" in condition:
        parts = condition.get("all", condition.get("any", []))
        return set().union(*(_condition_questions(c) for c in parts))
    return {condition["question"]}


def _table(rows: list[dict[str, Any]]) -> pd.DataFrame:
    import pandas as pd

    return pd.DataFrame(rows).set_index("id")


def holds(condition: Mapping[str, Any], answers: Mapping[str, Any]) -> bool:
    """Whether one condition of the ``when`` grammar holds for the answers."""
    if "all" in condition:
        return all(holds(c, answers) for c in condition["all"])
    if "any" in condition:
        return any(holds(c, answers) for c in condition["any"])
    value = answers.get(condition["question"])
    if "not_in" in condition:
        return value is None or not _among(value, condition["not_in"])
    if value is None:
        return False
    if "is" in condition:
        return _among(value, [condition["is"]])
    if "in" in condition:
        return _among(value, condition["in"])
    if "at_most" in condition:
        return value <= condition["at_most"]
    if "below" in condition:
        return value < condition["below"]
    return value >= condition["at_least"]


def _among(value: Any, options: list[Any]) -> bool:
    """``value in options`` where True is not 1 (a yes/no answer never equals a number)."""
    return any(value == o and type(value) is type(o) for o in options)


# --------------------------------------------------------------------------- loading


def questionnaire(directory: str | Path | None = None) -> Questionnaire:
    """The validated questionnaire from ``questionnaire.toml`` (default: the shipped one)."""
    folder = Path(directory).resolve() if directory is not None else data_dir()
    file = folder / "questionnaire.toml"
    stamp = file.stat().st_mtime_ns if file.is_file() else 0
    return _questionnaire(folder, stamp)


_SECTION = {
    "id": (schema.ident, REQUIRED),
    "title": (schema.text, REQUIRED),
    "intro": (schema.text, REQUIRED),
}
_QUESTION = {
    "id": (schema.ident, REQUIRED),
    "section": (schema.ident, REQUIRED),
    "type": (schema.one_of(QUESTION_TYPES), REQUIRED),
    "text": (schema.text, REQUIRED),
    "why": (schema.text, REQUIRED),
    "refs": (schema.idents, ()),
    "options": (schema.raw, None),
    "yes": (schema.raw, None),
    "no": (schema.raw, None),
    "unit": (schema.text, None),
    "min": (schema.number, None),
    "max": (schema.number, None),
    "bands": (schema.raw, None),
    "ostrc": (schema.flag, False),
    "risk_factor": (schema.flag, False),
}
_LEVEL = {
    "id": (schema.one_of(LEVELS), REQUIRED),
    "title": (schema.text, REQUIRED),
    "headline": (schema.text, REQUIRED),
    "time_frame": (schema.text, REQUIRED),
    "who": (schema.text, REQUIRED),
    "action": (schema.text, REQUIRED),
    "while_waiting": (schema.text, REQUIRED),
    "refs": (schema.idents, ()),
    "doctor": (schema.raw, None),
}
_FLAG = {
    "id": (schema.ident, REQUIRED),
    "title": (schema.text, REQUIRED),
    "advice": (schema.text, REQUIRED),
    "level": (schema.one_of(LEVELS), REQUIRED),
    "who": (schema.text, REQUIRED),
    "refs": (schema.idents, ()),
    "when": (schema.raw, REQUIRED),
    "limits": (schema.idents, REQUIRED),
    "doctor": (schema.flag, False),
}
_PATTERN = {
    "id": (schema.ident, REQUIRED),
    "title": (schema.text, REQUIRED),
    "short": (schema.text, REQUIRED),
    "note": (schema.text, REQUIRED),
    "refs": (schema.idents, ()),
    "when": (schema.raw, REQUIRED),
    "limits": (schema.idents, REQUIRED),
    "routine_condition": (schema.ident, None),
}
_LIMIT = {
    "id": (schema.ident, REQUIRED),
    "title": (schema.text, REQUIRED),
    "text": (schema.text, REQUIRED),
    "instead": (schema.text, ""),
    "refs": (schema.idents, ()),
    "exercises": (schema.idents, ()),
    "solutions": (schema.idents, ()),
    "plans": (schema.idents, ()),
    "recovery": (schema.idents, ()),
}
_DOCTOR_KEYS = ("headline", "who", "action")
_TABLES = {"section", "question", "level", "red_flag", "pattern", "limit"}


@functools.lru_cache(maxsize=8)
def _questionnaire(folder: Path, _stamp: int) -> Questionnaire:
    file = folder / "questionnaire.toml"
    doc = read_toml(file)
    unknown = set(doc) - _TABLES
    if unknown:
        raise ContentError(f"unexpected top-level key(s) {sorted(unknown)}", file=file)
    sections = tuple(Section(**s) for s in check_entries(doc, "section", _SECTION, file=file))
    section_ids = {s.id for s in sections}
    content = load_content()
    ref_ids = {r.id for r in content.references}
    questions = []
    for n, raw in enumerate(check_entries(doc, "question", _QUESTION, file=file), start=1):
        where = {"file": file, "entry": f"[[question]] #{n} (id {raw['id']!r})"}
        questions.append(_question(raw, where, section_ids, ref_ids))
    by_id = {q.id: q for q in questions}

    limits = _limits(doc, file, ref_ids, content)
    limit_ids = {lim.id for lim in limits}

    levels = []
    for n, raw in enumerate(check_entries(doc, "level", _LEVEL, file=file), start=1):
        where = {"file": file, "entry": f"[[level]] #{n}"}
        _check_refs(raw["refs"], ref_ids, where)
        levels.append(Level(**{**raw, "doctor": _doctor_wording(raw["doctor"], where)}))
    if tuple(lvl.id for lvl in levels) != LEVELS:
        raise ContentError(
            f"expected the levels {', '.join(LEVELS)}, in that order (most urgent first)",
            file=file,
            field="level",
        )

    flags = []
    for n, raw in enumerate(check_entries(doc, "red_flag", _FLAG, file=file), start=1):
        where = {"file": file, "entry": f"[[red_flag]] #{n} (id {raw['id']!r})"}
        _check_refs(raw["refs"], ref_ids, where)
        _check_limits(raw["limits"], limit_ids, where)
        flags.append(RedFlag(**{**raw, "when": _conditions(raw["when"], by_id, where)}))

    patterns = []
    for n, raw in enumerate(check_entries(doc, "pattern", _PATTERN, file=file), start=1):
        where = {"file": file, "entry": f"[[pattern]] #{n} (id {raw['id']!r})"}
        _check_refs(raw["refs"], ref_ids, where)
        _check_limits(raw["limits"], limit_ids, where)
        patterns.append(Pattern(**{**raw, "when": _conditions(raw["when"], by_id, where)}))

    ostrc = {q.id for q in questions if q.ostrc}
    if ostrc != {"ostrc_participation", "ostrc_volume", "ostrc_performance", "ostrc_pain"}:
        raise ContentError(
            "the severity block needs exactly the four OSTRC questions ostrc_participation, "
            "ostrc_volume, ostrc_performance and ostrc_pain",
            file=file,
            field="ostrc",
        )
    return Questionnaire(
        sections, tuple(questions), tuple(levels), tuple(flags), tuple(patterns), file, limits
    )


def _limits(doc: dict, file: Path, ref_ids: set[str], content: Any) -> tuple[Limit, ...]:
    """The [[limit]] entries, every id they name checked against the content."""
    known = {
        "exercises": {e.id for e in content.exercises},
        "solutions": {s.id for s in content.solutions},
        "plans": set(PLANS),
        "recovery": set(RECOVERY_ROWS),
    }
    out = []
    for n, raw in enumerate(check_entries(doc, "limit", _LIMIT, file=file), start=1):
        where = {"file": file, "entry": f"[[limit]] #{n} (id {raw['id']!r})"}
        _check_refs(raw["refs"], ref_ids, where)
        for key, ids in known.items():
            for item in raw[key]:
                if item not in ids:
                    raise ContentError(
                        f"unknown id {item!r}; known: {', '.join(sorted(ids))}", **where, field=key
                    )
        walking = {"brisk_walk", "easy_jog"} & set(raw["exercises"])
        if walking and "routine" not in raw["plans"]:  # a routine without its aerobic part
            raise ContentError(
                f"a limit that rules out {', '.join(sorted(walking))} must rule out the routine "
                'too (plans = ["routine", ...])',
                **where,
                field="plans",
            )
        out.append(Limit(**raw))
    return tuple(out)


def _check_limits(limits: tuple[str, ...], known: set[str], where: dict) -> None:
    for item in limits:
        if item not in known:
            raise ContentError(
                f"unknown limit {item!r}; known: {', '.join(sorted(known))}",
                **where,
                field="limits",
            )


def _doctor_wording(raw: Any, where: dict) -> Mapping[str, str] | None:
    if raw is None:
        return None
    if not isinstance(raw, dict) or set(raw) != set(_DOCTOR_KEYS):
        raise ContentError(
            f"doctor takes a table with exactly {', '.join(_DOCTOR_KEYS)}", **where, field="doctor"
        )
    for key in _DOCTOR_KEYS:
        if not isinstance(raw[key], str) or not raw[key].strip():
            raise ContentError(f"doctor.{key} must be text", **where, field="doctor")
    return MappingProxyType({k: " ".join(raw[k].split()) for k in _DOCTOR_KEYS})


def _question(raw: dict, where: dict, section_ids: set[str], ref_ids: set[str]) -> Question:
    if raw["section"] not in section_ids:
        raise ContentError(
            f"unknown section {raw['section']!r}; known: {', '.join(sorted(section_ids))}",
            **where,
            field="section",
        )
    _check_refs(raw["refs"], ref_ids, where)
    kind = raw["type"]
    needs = {
        "choice": {"options"},
        "yesno": set(),
        "number": {"min", "max"},
        "scale": {"min", "max"},
    }[kind]
    allowed = needs | {"yesno": {"yes", "no"}, "number": {"bands", "unit"}}.get(kind, set())
    allowed |= {"unit", "bands"} if kind == "scale" else set()
    for key in ("options", "yes", "no", "min", "max", "bands"):
        if raw[key] is not None and key not in allowed:
            raise ContentError(f"a {kind} question has no {key!r}", **where, field=key)
        if raw[key] is None and key in needs:
            raise ContentError(f"a {kind} question needs {key!r}", **where, field=key)
    keys = ("id", "section", "type", "text", "why", "refs", "unit", "ostrc", "risk_factor")
    out = {k: raw[k] for k in keys}
    if kind == "choice":
        out["options"] = _options(raw["options"], raw["ostrc"], where)
    elif kind == "yesno":
        out["yes"] = _effect(raw["yes"] or {}, where, "yes")
        out["no"] = _effect(raw["no"] or {}, where, "no")
    else:
        if not raw["min"] < raw["max"]:
            raise ContentError("min must be below max", **where, field="max")
        out["min"], out["max"] = raw["min"], raw["max"]
        out["bands"] = _bands(raw["bands"] or [], raw["min"], raw["max"], where)
    return Question(**out)


def _options(raw: Any, ostrc: bool, where: dict) -> tuple[Option, ...]:
    if not isinstance(raw, list) or len(raw) < 2:
        raise ContentError("expected a list of at least two options", **where, field="options")
    out, seen = [], set()
    for opt in raw:
        if not isinstance(opt, dict) or not {"value", "label"} <= set(opt):
            raise ContentError("each option needs a value and a label", **where, field="options")
        extra = set(opt) - {"value", "label", "points", "signals", "score"}
        if extra:
            raise ContentError(f"unknown option key(s) {sorted(extra)}", **where, field="options")
        value = opt["value"]
        if not isinstance(value, str) or not schema.ID.match(value) or value in seen:
            raise ContentError(
                f"option values must be unique snake_case ids (found {brief(value)})",
                **where,
                field="options",
            )
        seen.add(value)
        score = opt.get("score")
        if ostrc and (
            isinstance(score, bool) or not isinstance(score, int) or not 0 <= score <= 25
        ):
            raise ContentError(
                f"option {value!r}: an OSTRC option needs a score from 0 to 25",
                **where,
                field="options",
            )
        try:
            label = schema.text(opt["label"])
        except ValueError as exc:
            raise ContentError(f"option {value!r}: label {exc}", **where, field="options") from None
        out.append(Option(value, label, _effect(opt, where, "options"), score))
    return tuple(out)


def _effect(raw: Any, where: dict, key: str) -> Effect:
    if not isinstance(raw, dict):
        raise ContentError("expected a table of points and signals", **where, field=key)
    points = _weights(raw.get("points", {}), CAUSE_IDS, where, key)
    signals = _weights(raw.get("signals", {}), SIGNALS, where, key)
    return Effect(MappingProxyType(points), MappingProxyType(signals))


def _weights(raw: Any, keys: tuple[str, ...], where: dict, key: str) -> dict[str, float]:
    if not isinstance(raw, dict):
        raise ContentError("expected a table such as { overuse = 2 }", **where, field=key)
    for k, v in raw.items():
        if k not in keys:
            raise ContentError(
                f"unknown id {k!r} in points/signals; expected one of {', '.join(keys)}",
                **where,
                field=key,
            )
        if isinstance(v, bool) or not isinstance(v, int | float) or not 0 <= v < math.inf:
            raise ContentError(f"weight for {k!r} must be a number >= 0", **where, field=key)
    return {k: float(v) for k, v in raw.items()}


def _bands(raw: Any, low: float, high: float, where: dict) -> tuple[Band, ...]:
    if not isinstance(raw, list):
        raise ContentError("expected a list of bands", **where, field="bands")
    bands = []
    for b in raw:
        directions = {"at_least", "at_most"} & set(b) if isinstance(b, dict) else set()
        if len(directions) != 1:
            raise ContentError("each band needs at_least or at_most", **where, field="bands")
        direction = directions.pop()
        try:
            threshold = schema.number(b[direction])
        except ValueError as exc:
            raise ContentError(f"band threshold: {exc}", **where, field="bands") from None
        if not low <= threshold <= high:
            raise ContentError(
                f"band threshold {threshold:g} is outside the range {low:g}-{high:g}",
                **where,
                field="bands",
            )
        bands.append(Band(threshold, direction, _effect(b, where, "bands")))
    if len({b.direction for b in bands}) > 1:
        raise ContentError("bands must all be at_least or all at_most", **where, field="bands")
    # Monotone: further in the band direction never gives a cause fewer points.
    ordered = sorted(
        bands, key=lambda b: b.threshold, reverse=bool(bands) and bands[0].direction == "at_most"
    )
    for before, after in itertools.pairwise(ordered):
        for cause in CAUSE_IDS:
            if after.effect.points.get(cause, 0) < before.effect.points.get(cause, 0):
                raise ContentError(
                    f"bands must not give {cause!r} fewer points further along the scale",
                    **where,
                    field="bands",
                )
    return tuple(bands)


def _check_refs(refs: tuple[str, ...], known: set[str], where: dict) -> None:
    for ref in refs:
        if ref not in known:
            raise ContentError(f"unknown reference id {ref!r}", **where, field="refs")


def _conditions(when: Any, questions: dict[str, Question], where: dict) -> tuple:
    if not isinstance(when, list) or not when:
        raise ContentError("expected a list of conditions", **where, field="when")
    for condition in when:
        _check_condition(condition, questions, where, depth=1)
    return tuple(when)


def _check_condition(condition: Any, questions: dict[str, Question], where: dict, depth: int):
    if depth > MAX_CONDITION_DEPTH:
        raise ContentError("conditions are nested too deeply", **where, field="when")
    if not isinstance(condition, dict):
        raise ContentError("a condition is a table", **where, field="when")
    for combinator in ("all", "any"):
        if combinator in condition:
            inner = condition[combinator]
            if len(condition) != 1 or not isinstance(inner, list) or not inner:
                raise ContentError(
                    f"{{ {combinator} = [condition, ...] }} takes a non-empty list, nothing else",
                    **where,
                    field="when",
                )
            for c in inner:
                _check_condition(c, questions, where, depth + 1)
            return
    tests = {"is", "in", "at_least", "at_most", "below", "not_in"} & set(condition)
    if "question" not in condition or len(tests) != 1 or len(condition) != 2:
        raise ContentError(
            "a condition is { question = id, is | in | not_in | at_least | at_most | below = "
            "value }",
            **where,
            field="when",
        )
    q = questions.get(condition["question"])
    if q is None:
        raise ContentError(
            f"unknown question {brief(condition['question'])}", **where, field="when"
        )
    (test,) = tests
    if test in {"at_least", "at_most", "below"} and q.type not in {"number", "scale"}:
        raise ContentError(f"{test} needs a number question, not {q.id!r}", **where, field="when")
    values = condition[test] if test in {"in", "not_in"} else [condition[test]]
    if not isinstance(values, list):
        raise ContentError(f"{test} takes a list of answers", **where, field="when")
    for value in values:
        try:
            validate(q, value)
        except AnswerError as exc:
            raise ContentError(f"condition value: {exc}", **where, field="when") from None


# --------------------------------------------------------------------------- answers

MAX_ANSWERS = 1000  # the questionnaire has ~60 questions; more keys is not a real answer set


def validate(q: Question, value: Any) -> Any:
    """The answer if valid for the question, else AnswerError naming the question."""
    if value is None:
        return None
    if q.type == "choice":
        values = [o.value for o in q.options]
        if not isinstance(value, str) or value not in values:
            raise AnswerError(
                f"{brief(value)} is not an option; expected one of {', '.join(values)}",
                question=q.id,
            )
        return value
    if q.type == "yesno":
        if not isinstance(value, bool):
            raise AnswerError(f"expected true or false (yes/no), got {brief(value)}", question=q.id)
        return value
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise AnswerError(f"expected a number, got {brief(value)}", question=q.id)
    if isinstance(value, int) and abs(value) > 10**15:  # float() of a huge int overflows
        value = math.inf if value > 0 else -math.inf
    if not math.isfinite(value):
        raise AnswerError(
            f"expected a number from {q.min:g} to {q.max:g}, got {brief(value)}", question=q.id
        )
    if q.type == "scale" and not float(value).is_integer():
        raise AnswerError(f"expected a whole number, got {value:g}", question=q.id)
    if not q.min <= value <= q.max:
        unit = f" {q.unit}" if q.unit else ""
        raise AnswerError(
            f"{value:g} is out of range; expected {q.min:g} to {q.max:g}{unit}", question=q.id
        )
    return int(value) if q.type == "scale" else value


def coerce_answer(question_id: str, raw: Any) -> Any:
    """An answer typed by a person ('' for none, '25' for a number) as the value assess takes."""
    q = questionnaire().question(question_id)
    if isinstance(raw, str):
        text = raw.strip()
        if not text:
            return None
        if q.type in {"number", "scale"}:
            raw = _typed_number(text, q)
        elif q.type == "yesno":
            lowered = text.casefold()
            if lowered not in {"yes", "no", "true", "false"}:
                raise AnswerError(f"expected yes or no, got {brief(text)}", question=q.id)
            raw = lowered in {"yes", "true"}
    return validate(q, raw)


def _typed_number(text: str, q: Question) -> float:
    """A number as people type it: '25', '25.5', '25,5', '-10', and '20%' for a % question."""
    if len(text) > 40:
        raise AnswerError(f"expected a number, got {brief(text)}", question=q.id)
    cleaned = text.replace(",", ".")
    if q.unit == "%" and cleaned.endswith("%"):
        cleaned = cleaned[:-1].strip()
    try:
        return float(cleaned)
    except ValueError:
        pass
    unit = f" of {q.short_unit}" if q.short_unit and q.short_unit != "%" else ""
    raise AnswerError(
        f"expected a number{unit}, got {brief(text)}: type digits only, "
        f"from {q.min:g} to {q.max:g}",
        question=q.id,
    )


def validate_answers(answers: Mapping[str, Any]) -> dict[str, Any]:
    """The answers checked against the questionnaire (None = unanswered, dropped)."""
    if not isinstance(answers, Mapping):
        raise AnswerError(
            f"answers must be a mapping of question id to answer, got {brief(answers)}"
        )
    if len(answers) > MAX_ANSWERS:
        raise AnswerError(f"{len(answers):,} answers; the questionnaire has far fewer questions")
    qs = questionnaire()
    out = {}
    for question_id, value in answers.items():
        valid = validate(qs.question(question_id), value)
        if valid is not None:
            out[question_id] = valid
    return out
