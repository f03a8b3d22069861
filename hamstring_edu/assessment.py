"""Self-assessment: the questionnaire (from ``data/questionnaire.toml``) and its pure scoring.

How the scores work (transparent on purpose)
--------------------------------------------
Each answer gives each cause some points (a weight set in the questionnaire file; never
negative). A cause's score is its points as a share of the most it could get if every
question were answered in its direction::

    score(cause) = 100 * sum(points of the given answers) / sum(max points of every question)

so every score is 0-100 and equals the sum of its listed contributions, and an unanswered
question adds nothing. Dividing by the maximum over *all* questions (not only the answered
ones) keeps the scores monotone: answering more strongly in a cause's direction, or answering
one more question, never lowers that cause's score. Completeness says how much was answered.
Scores rank the causes against each other; they are not probabilities.

Red flags are checked before anything else: any one makes the result ``urgent``, whatever
else was answered. Severity is the OSTRC overuse-injury score (clarsen2013): four questions,
0-100, reported only when all four are answered.
"""

from __future__ import annotations

import functools
import itertools
import json
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from hamstring_edu.content import (
    CAUSE_IDS,
    REQUIRED,
    Solution,
    _frame,
    _ident,
    _idents,
    _one_of,
    _text,
    check_entries,
    data_dir,
    load_content,
    read_toml,
)
from hamstring_edu.errors import AnswerError, ContentError

if TYPE_CHECKING:
    import pandas as pd

QUESTION_TYPES = ("choice", "yesno", "number", "scale")
SIGNALS = ("doms", "strain")
FLAG_LEVELS = ("today", "soon")
TOP_CAUSES = 3
SUBSTANTIAL_OSTRC = {"ostrc_volume": 13, "ostrc_performance": 13, "ostrc_participation": 25}
FORMAT_VERSION = 1


# --------------------------------------------------------------------------- questionnaire types


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
        return f"{number} {self.unit}" if self.unit else number


@dataclass(frozen=True)
class Section:
    """A group of questions shown together."""

    id: str
    title: str
    intro: str


@dataclass(frozen=True)
class RedFlag:
    """A warning sign: when it is raised and what to do."""

    id: str
    title: str
    advice: str
    level: str
    refs: tuple[str, ...]
    when: tuple[Mapping[str, Any], ...]

    def raised(self, answers: Mapping[str, Any]) -> bool:
        """Whether any of this flag's conditions holds for the answers."""
        return any(_holds(c, answers) for c in self.when)


@dataclass(frozen=True)
class Questionnaire:
    """The whole questionnaire: sections, questions and red flags, validated."""

    sections: tuple[Section, ...]
    questions: tuple[Question, ...]
    red_flags: tuple[RedFlag, ...]
    source: Path

    def question(self, question_id: str) -> Question:
        """The question with this id (AnswerError if there is none)."""
        for q in self.questions:
            if q.id == question_id:
                return q
        raise AnswerError(
            "unknown question id; see questionnaire().questions for the ids",
            question=question_id,
        )

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
        return _frame(rows, index="id")


def _holds(condition: Mapping[str, Any], answers: Mapping[str, Any]) -> bool:
    if "all" in condition:
        return all(_holds(c, answers) for c in condition["all"])
    value = answers.get(condition["question"])
    if "not_in" in condition:
        return value is None or value not in condition["not_in"]
    if value is None:
        return False
    if "is" in condition:
        return value == condition["is"] and type(value) is type(condition["is"])
    if "in" in condition:
        return value in condition["in"]
    return value >= condition["at_least"]


# --------------------------------------------------------------------------- loading


def questionnaire(directory: str | Path | None = None) -> Questionnaire:
    """The validated questionnaire from ``questionnaire.toml`` (default: the shipped one)."""
    folder = Path(directory).resolve() if directory is not None else data_dir()
    file = folder / "questionnaire.toml"
    stamp = file.stat().st_mtime_ns if file.is_file() else 0
    return _questionnaire(folder, stamp)


_SECTION = {"id": (_ident, REQUIRED), "title": (_text, REQUIRED), "intro": (_text, REQUIRED)}
_QUESTION = {
    "id": (_ident, REQUIRED),
    "section": (_ident, REQUIRED),
    "type": (_one_of(QUESTION_TYPES), REQUIRED),
    "text": (_text, REQUIRED),
    "why": (_text, REQUIRED),
    "refs": (_idents, ()),
    "options": (lambda v: v, None),
    "yes": (lambda v: v, None),
    "no": (lambda v: v, None),
    "unit": (_text, None),
    "min": (lambda v: _number(v), None),
    "max": (lambda v: _number(v), None),
    "bands": (lambda v: v, None),
    "ostrc": (lambda v: _bool(v), False),
}
_FLAG = {
    "id": (_ident, REQUIRED),
    "title": (_text, REQUIRED),
    "advice": (_text, REQUIRED),
    "level": (_one_of(FLAG_LEVELS), REQUIRED),
    "refs": (_idents, ()),
    "when": (lambda v: v, REQUIRED),
}


def _number(v: Any) -> float:
    if isinstance(v, bool) or not isinstance(v, int | float) or not math.isfinite(v):
        raise ValueError("expected a number")
    return float(v)


def _bool(v: Any) -> bool:
    if not isinstance(v, bool):
        raise ValueError("expected true or false")
    return v


@functools.lru_cache(maxsize=8)
def _questionnaire(folder: Path, _stamp: int) -> Questionnaire:
    file = folder / "questionnaire.toml"
    doc = read_toml(file)
    unknown = set(doc) - {"section", "question", "red_flag"}
    if unknown:
        raise ContentError(f"unexpected top-level key(s) {sorted(unknown)}", file=file)
    sections = tuple(Section(**s) for s in check_entries(doc, "section", _SECTION, file=file))
    section_ids = {s.id for s in sections}
    ref_ids = {r.id for r in load_content().references}
    questions = []
    for n, raw in enumerate(check_entries(doc, "question", _QUESTION, file=file), start=1):
        where = {"file": file, "entry": f"[[question]] #{n} (id {raw['id']!r})"}
        questions.append(_question(raw, where, section_ids, ref_ids))
    by_id = {q.id: q for q in questions}
    flags = []
    for n, raw in enumerate(check_entries(doc, "red_flag", _FLAG, file=file), start=1):
        where = {"file": file, "entry": f"[[red_flag]] #{n} (id {raw['id']!r})"}
        _check_refs(raw["refs"], ref_ids, where)
        when = raw["when"]
        if not isinstance(when, list) or not when:
            raise ContentError("expected a list of conditions", **where, field="when")
        for condition in when:
            _check_condition(condition, by_id, where)
        flags.append(RedFlag(**{**raw, "when": tuple(when)}))
    ostrc = [q for q in questions if q.ostrc]
    if {q.id for q in ostrc} != set(SUBSTANTIAL_OSTRC) | {"ostrc_pain"}:
        raise ContentError(
            "the severity block needs exactly the four OSTRC questions ostrc_participation, "
            "ostrc_volume, ostrc_performance and ostrc_pain",
            file=file,
            field="ostrc",
        )
    return Questionnaire(sections, tuple(questions), tuple(flags), file)


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
    out = {k: raw[k] for k in ("id", "section", "type", "text", "why", "refs", "unit", "ostrc")}
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
        value = _ident(opt["value"]) if isinstance(opt["value"], str) else None
        if value is None or value in seen:
            raise ContentError(
                f"option values must be unique snake_case ids (found {opt['value']!r})",
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
        out.append(Option(value, _text(opt["label"]), _effect(opt, where, "options"), score))
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
        if isinstance(v, bool) or not isinstance(v, int | float) or v < 0:
            raise ContentError(f"weight for {k!r} must be a number >= 0", **where, field=key)
    return {k: float(v) for k, v in raw.items()}


def _bands(raw: Any, low: float, high: float, where: dict) -> tuple[Band, ...]:
    if not isinstance(raw, list):
        raise ContentError("expected a list of bands", **where, field="bands")
    bands = []
    for b in raw:
        directions = {"at_least", "at_most"} & set(b)
        if len(directions) != 1:
            raise ContentError("each band needs at_least or at_most", **where, field="bands")
        direction = directions.pop()
        threshold = _number(b[direction])
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


def _check_condition(condition: Any, questions: dict[str, Question], where: dict) -> None:
    if not isinstance(condition, dict):
        raise ContentError("a condition is a table", **where, field="when")
    if "all" in condition:
        for c in condition["all"]:
            _check_condition(c, questions, where)
        return
    tests = {"is", "in", "at_least", "not_in"} & set(condition)
    if "question" not in condition or len(tests) != 1 or len(condition) != 2:
        raise ContentError(
            "a condition is { question = id, is | in | at_least | not_in = value }",
            **where,
            field="when",
        )
    q = questions.get(condition["question"])
    if q is None:
        raise ContentError(f"unknown question {condition['question']!r}", **where, field="when")
    (test,) = tests
    values = condition[test] if test in {"in", "not_in"} else [condition[test]]
    for value in values:
        try:
            _validate(q, value)
        except AnswerError as exc:
            raise ContentError(f"condition value: {exc}", **where, field="when") from None


# --------------------------------------------------------------------------- answers


def _validate(q: Question, value: Any) -> Any:
    """The answer if valid for the question, else AnswerError naming the question."""
    if value is None:
        return None
    if q.type == "choice":
        values = [o.value for o in q.options]
        if value not in values:
            raise AnswerError(
                f"{value!r} is not an option; expected one of {', '.join(values)}", question=q.id
            )
        return value
    if q.type == "yesno":
        if not isinstance(value, bool):
            raise AnswerError(f"expected true or false (yes/no), got {value!r}", question=q.id)
        return value
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise AnswerError(f"expected a number, got {value!r}", question=q.id)
    if q.type == "scale" and not float(value).is_integer():
        raise AnswerError(f"expected a whole number, got {value!r}", question=q.id)
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
            try:
                raw = float(text.replace(",", "."))
            except ValueError:
                raise AnswerError(f"expected a number, got {text!r}", question=q.id) from None
        elif q.type == "yesno":
            lowered = text.casefold()
            if lowered not in {"yes", "no", "true", "false"}:
                raise AnswerError(f"expected yes or no, got {text!r}", question=q.id)
            raw = lowered in {"yes", "true"}
    return _validate(q, raw)


def validate_answers(answers: Mapping[str, Any]) -> dict[str, Any]:
    """The answers checked against the questionnaire (None = unanswered, dropped)."""
    if not isinstance(answers, Mapping):
        raise AnswerError(f"answers must be a mapping of question id to answer, got {answers!r}")
    qs = questionnaire()
    out = {}
    for question_id, value in answers.items():
        valid = _validate(qs.question(question_id), value)
        if valid is not None:
            out[question_id] = valid
    return out


# --------------------------------------------------------------------------- results


@dataclass(frozen=True)
class Contribution:
    """What one answer added to one cause's score (``share`` is in score points, 0-100)."""

    question: str
    text: str
    answer: str
    points: float
    share: float
    why: str


@dataclass(frozen=True)
class RaisedFlag:
    """A red flag the answers raised, with what to do."""

    id: str
    title: str
    advice: str
    level: str
    refs: tuple[str, ...]


@dataclass(frozen=True)
class PatternRead:
    """Which pattern the answers fit better: muscle soreness (DOMS) or a strain, and why."""

    pattern: str
    doms: float
    strain: float
    reasons: tuple[str, ...]

    @property
    def summary(self) -> str:
        """The read in one plain sentence."""
        return {
            "doms": "Your answers fit delayed onset muscle soreness better than a strain "
            "(cheung2003): it usually settles by itself within days.",
            "strain": "Your answers fit a muscle strain (an injury) better than ordinary "
            "soreness: rest from running and have it assessed if it does not settle quickly.",
            "unclear": "Your answers do not clearly fit ordinary soreness or a strain.",
        }[self.pattern]


@dataclass(frozen=True)
class Recommendation:
    """The solutions for one of the top causes, and the notebooks that teach them."""

    cause: str
    title: str
    score: float
    solutions: tuple[Solution, ...]
    notebooks: tuple[str, ...]


@dataclass(frozen=True)
class Assessment:
    """The result of a self-assessment (educational, not a diagnosis)."""

    answers: Mapping[str, Any]
    urgent: bool
    red_flags: tuple[RaisedFlag, ...]
    ranking: tuple[tuple[str, float], ...]
    contributions: Mapping[str, tuple[Contribution, ...]]
    severity: int | None
    substantial: bool | None
    doms_vs_strain: PatternRead
    completeness: float
    recommendations: tuple[Recommendation, ...]
    notes: tuple[str, ...]

    @property
    def level(self) -> str | None:
        """The most urgent level the red flags raised (see ``FLAG_LEVELS``), or None."""
        raised = {f.level for f in self.red_flags}
        return next((lvl for lvl in FLAG_LEVELS if lvl in raised), None)

    @property
    def scores(self) -> dict[str, float]:
        """Cause id -> score (0-100)."""
        return dict(self.ranking)

    @property
    def headline(self) -> str:
        """The first thing to tell the person."""
        if self.urgent:
            today = any(f.level == "today" for f in self.red_flags)
            when = "today" if today else "soon"
            return f"See a doctor or physiotherapist {when}: you reported a warning sign."
        top = [c for c, s in self.ranking if s > 0]
        if not top:
            return "Answer some questions to see which causes fit you best."
        return f"Most likely cause from your answers: {load_content().cause(top[0]).title}."

    def contributions_frame(self) -> pd.DataFrame:
        """One row per (cause, answer) contribution: points and share of the score."""
        import pandas as pd

        rows = [
            {"cause": cause, "question": c.question, "answer": c.answer, "share": c.share}
            for cause, _ in self.ranking
            for c in self.contributions[cause]
        ]
        return pd.DataFrame(rows, columns=["cause", "question", "answer", "share"])

    def ranking_frame(self) -> pd.DataFrame:
        """The causes, best first, with score and the number of answers behind it."""
        import pandas as pd

        content = load_content()
        rows = [
            {
                "cause": c,
                "title": content.cause(c).title,
                "score": round(s, 1),
                "answers": len(self.contributions[c]),
            }
            for c, s in self.ranking
        ]
        return pd.DataFrame(rows).set_index("cause")

    def to_dict(self) -> dict[str, Any]:
        """The answers and the result as plain JSON-ready data."""
        return {
            "format": "hamstring-edu-assessment",
            "version": FORMAT_VERSION,
            "answers": dict(self.answers),
            "result": {
                "headline": self.headline,
                "urgent": self.urgent,
                "level": self.level,
                "red_flags": [
                    {"id": f.id, "title": f.title, "advice": f.advice, "level": f.level}
                    for f in self.red_flags
                ],
                "ranking": [{"cause": c, "score": round(s, 2)} for c, s in self.ranking],
                "severity": self.severity,
                "substantial": self.substantial,
                "doms_vs_strain": {
                    "pattern": self.doms_vs_strain.pattern,
                    "reasons": list(self.doms_vs_strain.reasons),
                },
                "completeness": round(self.completeness, 3),
                "recommendations": [
                    {"cause": r.cause, "solutions": [s.id for s in r.solutions]}
                    for r in self.recommendations
                ],
                "notes": list(self.notes),
            },
        }

    def to_json(self) -> str:
        """The answers and result as a JSON document (load it back with answers_from_json)."""
        return json.dumps(self.to_dict(), indent=2, ensure_ascii=False)


def answers_from_json(text: str | bytes) -> dict[str, Any]:
    """The validated answers from a JSON document written by ``Assessment.to_json``."""
    try:
        doc = json.loads(text)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise AnswerError(f"not a valid JSON file ({exc})") from None
    if not isinstance(doc, dict) or doc.get("format") != "hamstring-edu-assessment":
        raise AnswerError("not a hamstring-edu self-assessment file (format field missing)")
    if doc.get("version") != FORMAT_VERSION:
        raise AnswerError(f"unsupported file version {doc.get('version')!r}")
    return validate_answers(doc.get("answers", {}))


def assess(answers: Mapping[str, Any]) -> Assessment:
    """Score a (possibly partial) set of answers: red flags, cause ranking, severity, next steps."""
    clean = validate_answers(answers)
    qs = questionnaire()
    content = load_content()

    raised = tuple(
        RaisedFlag(f.id, f.title, f.advice, f.level, f.refs)
        for f in qs.red_flags
        if f.raised(clean)
    )

    maxima = qs.max_points()
    contributions: dict[str, list[Contribution]] = {c: [] for c in CAUSE_IDS}
    signals = {"doms": 0.0, "strain": 0.0}
    reasons: list[str] = []
    for q in qs.questions:
        value = clean.get(q.id)
        if value is None:
            continue
        effect = q.effect(value)
        for cause, points in effect.points.items():
            if points > 0:
                contributions[cause].append(
                    Contribution(
                        q.id, q.text, q.label(value), points, 100 * points / maxima[cause], q.why
                    )
                )
        for name, weight in effect.signals.items():
            signals[name] += weight
            fits = "muscle soreness (DOMS)" if name == "doms" else "a strain"
            reasons.append(f"{q.text} {q.label(value)}: fits {fits}")
    scores = {c: sum(x.share for x in contributions[c]) for c in CAUSE_IDS}
    ranking = tuple(sorted(scores.items(), key=lambda cs: (-cs[1], CAUSE_IDS.index(cs[0]))))

    severity, substantial = _severity(qs, clean)
    top = [c for c, s in ranking[:TOP_CAUSES] if s > 0]
    recommendations = tuple(
        Recommendation(
            c,
            content.cause(c).title,
            scores[c],
            content.cause(c).solutions,
            content.cause(c).notebooks,
        )
        for c in top
    )
    return Assessment(
        answers=MappingProxyType(clean),
        urgent=bool(raised),
        red_flags=raised,
        ranking=ranking,
        contributions=MappingProxyType({c: tuple(v) for c, v in contributions.items()}),
        severity=severity,
        substantial=substantial,
        doms_vs_strain=_pattern(signals, reasons),
        completeness=len(clean) / len(qs.questions),
        recommendations=recommendations,
        notes=_notes(clean, substantial),
    )


def _severity(qs: Questionnaire, answers: Mapping[str, Any]) -> tuple[int | None, bool | None]:
    """OSTRC severity 0-100 and 'substantial problem' (clarsen2013); None unless all four."""
    block = [q for q in qs.questions if q.ostrc]
    if any(answers.get(q.id) is None for q in block):
        return None, None
    score = sum(next(o.score for o in q.options if o.value == answers[q.id]) for q in block)
    substantial = any(
        next(o.score for o in qs.question(qid).options if o.value == answers[qid]) >= cut
        for qid, cut in SUBSTANTIAL_OSTRC.items()
    )
    return score, substantial


def _pattern(signals: dict[str, float], reasons: list[str]) -> PatternRead:
    doms, strain = signals["doms"], signals["strain"]
    if doms == strain or max(doms, strain) < 2:
        pattern = "unclear"
    else:
        pattern = "doms" if doms > strain else "strain"
    return PatternRead(pattern, doms, strain, tuple(reasons))


def _notes(answers: Mapping[str, Any], substantial: bool | None) -> tuple[str, ...]:
    notes = []
    if answers.get("previous_injury") is True:
        notes.append(
            "A previous hamstring injury is one of the strongest risk factors for another "
            "(green2020): build up carefully and consider a physiotherapist's advice."
        )
    cadence = answers.get("cadence_spm")
    if cadence is not None:
        notes.append(
            f"Research on step rate raised it by 5-10% at the same speed (heiderscheit2011): "
            f"from your {cadence:g} steps per minute that is about {round(cadence * 1.05)}"
            f"-{round(cadence * 1.10)}."
        )
    if substantial:
        notes.append(
            "Your severity answers describe a substantial problem in OSTRC terms (a moderate "
            "or greater reduction in training or performance, or no participation): "
            "consider seeing a physiotherapist (clarsen2013)."
        )
    return tuple(notes)
