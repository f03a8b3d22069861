"""Self-assessment scoring: triage first, then the causes that fit the answers (educational).

Triage
------
Red flags are checked before anything else (``data/questionnaire.toml``). The result's
``level`` is the most urgent level raised: ``"emergency"`` (call the emergency number or go to an
emergency department now), ``"today"`` (a doctor the same day), ``"soon"`` (a doctor or
physiotherapist within a few days), or None. With ``emergency`` or ``today`` the result is
*urgent*: it holds what to do now and the flags, and nothing else (no cause ranking, no
soreness reading, no self-care suggestions); signs of a lower level are listed as "also
reported", without their slower advice. With ``soon`` the causes may be shown, headed "after a
clinician has seen you".

Limits
------
Every raised flag and pattern names what it rules out until a clinician has seen the leg (no
running, no stretching, ...: ``[[limit]]`` in the questionnaire). ``Assessment.limits`` is that
set; the suggestions here leave out what it rules out, and every other consumer (routines,
planners, the recovery plan, summaries, the apps, the coach's list) takes it from the result.

How the scores work (transparent on purpose)
--------------------------------------------
Each answer gives each cause some points (a weight set in the questionnaire file; never
negative). A cause's score is its points as a share of the most it could get if every
question were answered in its direction::

    score(cause) = 100 * sum(points of the given answers) / sum(max points of every question)

so every score is 0-100 and equals the sum of its listed contributions, and an unanswered
question adds nothing. Dividing by the maximum over *all* questions keeps the scores monotone:
answering more strongly in a cause's direction never lowers that cause's score. Scores rank the
causes against each other; they are not probabilities. Severity is the OSTRC overuse-injury
score (clarsen2013): four questions, 0-100, reported only when all four are answered.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from hamstring_edu.content import CAUSE_IDS, VERDICT_LABELS, Solution, load_content
from hamstring_edu.errors import AnswerError, brief
from hamstring_edu.limits import NO_LIMITS, Limits
from hamstring_edu.questions import (
    LEVELS,
    URGENT_LEVELS,
    Level,
    Questionnaire,
    coerce_answer,
    questionnaire,
    validate_answers,
)
from hamstring_edu.wording import dose_phrase, say

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "LEVELS",
    "Assessment",
    "Contribution",
    "PatternRead",
    "RaisedFlag",
    "RaisedPattern",
    "Recommendation",
    "RecommendedSolution",
    "ReportItem",
    "ReportSection",
    "answers_from_json",
    "assess",
    "coerce_answer",
    "questionnaire",
]

FLAG_LEVELS = LEVELS  # most urgent first
TOP_CAUSES = 3
SUBSTANTIAL_OSTRC = {"ostrc_volume": 13, "ostrc_performance": 13, "ostrc_participation": 25}
FORMAT = "hamstring-edu-assessment"
FORMAT_VERSION = 2
READABLE_VERSIONS = (1, 2)  # version 1 files hold the same answers
MAX_JSON_BYTES = 1_000_000  # a saved assessment is a few kilobytes
READS = {  # PatternRead.pattern -> its sentence in data/text/assessment.toml
    "doms": "assessment.read_doms",
    "strain": "assessment.read_strain",
    "unclear": "assessment.read_unclear",
    "not_judged": "assessment.read_not_judged",
}


# --------------------------------------------------------------------------- result parts


def _quoted(question: str, answer: str) -> str:
    """A question and its answer as they are quoted: '“How many rest days...?” 0 days per week'."""
    return f"“{question}” {answer}"


@dataclass(frozen=True)
class Contribution:
    """What one answer added to one cause's score (``share`` is in score points, 0-100)."""

    question: str
    text: str
    answer: str
    points: float
    share: float
    why: str

    @property
    def said(self) -> str:
        """The question and the answer in words: '“How many rest days...?” 0 days per week'."""
        return _quoted(self.text, self.answer)


@dataclass(frozen=True)
class RaisedFlag:
    """A red flag the answers raised: its level, who to see and what to do."""

    id: str
    title: str
    advice: str
    level: str
    who: str
    refs: tuple[str, ...]
    limits: tuple[str, ...] = ()
    doctor: bool = False


@dataclass(frozen=True)
class RaisedPattern:
    """An answer pattern that changes the advice, and the limits it raises."""

    id: str
    title: str
    short: str
    note: str
    refs: tuple[str, ...]
    limits: tuple[str, ...]
    routine_condition: str | None


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
        return say(READS[self.pattern])


@dataclass(frozen=True)
class RecommendedSolution:
    """One of the article's solutions with what the evidence says about it."""

    solution: Solution
    verdict: str | None
    evidence: str
    refs: tuple[str, ...]

    @property
    def verdict_label(self) -> str:
        """The evidence verdict in words ("Partly supported"), or "No evidence note"."""
        label = VERDICT_LABELS.get(self.verdict)
        return label if label is not None else say("assessment.no_evidence_note")


@dataclass(frozen=True)
class Recommendation:
    """The solutions for one of the top causes, with evidence verdicts and what was left out."""

    cause: str
    title: str
    score: float
    solutions: tuple[RecommendedSolution, ...]
    notebooks: tuple[str, ...]
    left_out: tuple[tuple[str, str], ...] = ()  # (solution name, why it was left out)


@dataclass(frozen=True)
class ReportItem:
    """One entry of a report section: a title, its text, a detail line and its sources."""

    title: str
    text: str = ""
    detail: str = ""
    refs: tuple[str, ...] = ()


@dataclass(frozen=True)
class ReportSection:
    """A part of the result as it is shown, printed and saved (one wording everywhere)."""

    id: str
    heading: str
    tone: str  # "emergency", "today", "soon" or "info"
    intro: str = ""
    items: tuple[ReportItem, ...] = ()


# --------------------------------------------------------------------------- the result


@dataclass(frozen=True)
class Assessment:
    """The result of a self-assessment (educational, not a diagnosis)."""

    answers: Mapping[str, Any]
    level: str | None
    red_flags: tuple[RaisedFlag, ...]
    ranking: tuple[tuple[str, float], ...]
    contributions: Mapping[str, tuple[Contribution, ...]]
    severity: int | None
    substantial: bool | None
    doms_vs_strain: PatternRead
    completeness: float
    recommendations: tuple[Recommendation, ...]
    notes: tuple[str, ...]
    patterns: tuple[RaisedPattern, ...] = ()
    limits: Limits = NO_LIMITS

    @property
    def urgent(self) -> bool:
        """True for an ``emergency`` or ``today`` level: the result is what to do now, only."""
        return self.level in URGENT_LEVELS

    @property
    def top_flags(self) -> tuple[RaisedFlag, ...]:
        """The raised flags at the result's level (the ones whose advice the page gives)."""
        return tuple(f for f in self.red_flags if f.level == self.level)

    @property
    def triage(self) -> Level | None:
        """The raised level's wording (time frame, who, what to do now), or None; worded for a
        doctor when every flag at that level needs a doctor rather than a physiotherapist."""
        if not self.level:
            return None
        level = questionnaire().level(self.level)
        return level.for_doctor() if all(f.doctor for f in self.top_flags) else level

    @property
    def scores(self) -> dict[str, float]:
        """Cause id -> score (0-100)."""
        return dict(self.ranking)

    @property
    def top_causes(self) -> tuple[str, ...]:
        """The causes with a score above 0, best first (at most three)."""
        return tuple(c for c, s in self.ranking[:TOP_CAUSES] if s > 0)

    @property
    def routine_condition(self) -> str | None:
        """The condition routines should honour ("tendon", "strain") or None."""
        return next((p.routine_condition for p in self.patterns if p.routine_condition), None)

    @property
    def headline(self) -> str:
        """The first thing to tell the person."""
        if self.level:
            return self.triage.headline
        top = self.top_causes
        if not top:
            return say("assessment.headline_empty")
        titles = [load_content().cause(c).title for c in top]
        listed = (
            titles[0]
            if len(titles) == 1
            else say("assessment.listed_then", items=", ".join(titles[:-1]), last=titles[-1])
        )
        return say("assessment.headline_causes", causes=listed)

    def report(self) -> tuple[ReportSection, ...]:
        """The result as titled sections: what the app shows, the summary prints, JSON saves."""
        return _report(self)

    def contributions_frame(self) -> pd.DataFrame:
        """One row per (cause, answer) contribution: question, answer and share of the score."""
        import pandas as pd

        rows = [
            {
                "cause": cause,
                "question": c.question,
                "question_text": c.text,
                "answer": c.answer,
                "share": c.share,
            }
            for cause, _ in self.ranking
            for c in self.contributions[cause]
        ]
        return pd.DataFrame(rows, columns=["cause", "question", "question_text", "answer", "share"])

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
        """The answers and the result as plain JSON-ready data (the same words as the app)."""
        result: dict[str, Any] = {
            "headline": self.headline,
            "level": self.level,
            "urgent": self.urgent,
            "red_flags": [
                {
                    "id": f.id,
                    "title": f.title,
                    "level": f.level,
                    "who": f.who,
                    "advice": f.advice,
                    "refs": list(f.refs),
                    "limits": list(f.limits),
                }
                for f in self.red_flags
            ],
            "limits": self.limits.to_list(),
        }
        if self.triage:
            result["what_to_do_now"] = {
                "time_frame": self.triage.time_frame,
                "who": self.triage.who,
                "action": self.triage.action,
                "while_waiting": self.triage.while_waiting,
            }
        if not self.urgent:
            result["after_a_clinician_has_seen_you"] = self.level == "soon"
            result["ranking"] = [{"cause": c, "score": round(s, 2)} for c, s in self.ranking]
            result["patterns"] = [{"id": p.id, "note": p.note} for p in self.patterns]
            result["doms_vs_strain"] = {
                "pattern": self.doms_vs_strain.pattern,
                "summary": self.doms_vs_strain.summary,
                "reasons": list(self.doms_vs_strain.reasons),
            }
            result["recommendations"] = [
                {
                    "cause": r.cause,
                    "solutions": [
                        {
                            "id": s.solution.id,
                            "text": s.solution.text,
                            "dose": s.solution.dose,
                            "evidence": s.verdict_label,
                        }
                        for s in r.solutions
                    ],
                    "left_out": [{"solution": n, "why": w} for n, w in r.left_out],
                }
                for r in self.recommendations
            ]
            result["severity"] = self.severity
            result["substantial"] = self.substantial
            result["notes"] = list(self.notes)
        result["completeness"] = round(self.completeness, 3)
        result["report"] = [
            {
                "heading": s.heading,
                "tone": s.tone,
                "intro": s.intro,
                "items": [
                    {"title": i.title, "text": i.text, "detail": i.detail, "refs": list(i.refs)}
                    for i in s.items
                ],
            }
            for s in self.report()
        ]
        return {
            "format": FORMAT,
            "version": FORMAT_VERSION,
            "answers": dict(self.answers),
            "result": result,
        }

    def to_json(self) -> str:
        """The answers and result as a JSON document (load it back with answers_from_json)."""
        return json.dumps(self.to_dict(), indent=2, ensure_ascii=False)


def answers_from_json(text: str | bytes) -> dict[str, Any]:
    """The validated answers from a JSON document written by ``Assessment.to_json``."""
    if not isinstance(text, str | bytes | bytearray):
        raise AnswerError(f"expected the text of a JSON file, got {brief(text)}")
    if len(text) > MAX_JSON_BYTES:
        raise AnswerError(
            f"the file is {len(text):,} bytes; a saved self-assessment is a few kilobytes "
            f"(at most {MAX_JSON_BYTES:,})"
        )
    # Plain words about the file a person chose (never a codec name or a parser's position).
    try:
        doc = json.loads(text)
    except UnicodeDecodeError:  # a picture, a PDF, a spreadsheet...
        raise AnswerError(say("assessment.file_not_text")) from None
    except json.JSONDecodeError:
        raise AnswerError(say("assessment.file_not_json")) from None
    except (RecursionError, ValueError):  # nesting too deep, a number too long
        raise AnswerError(say("assessment.file_not_usable")) from None
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise AnswerError("not a hamstring-edu self-assessment file (format field missing)")
    if doc.get("version") not in READABLE_VERSIONS:
        raise AnswerError(f"unsupported file version {brief(doc.get('version'))}")
    answers = doc.get("answers", {})
    if not isinstance(answers, dict):
        raise AnswerError(f"the file's answers must be a table, got {brief(answers)}")
    return validate_answers(answers)


# --------------------------------------------------------------------------- scoring


def assess(answers: Mapping[str, Any]) -> Assessment:
    """Triage and score a (possibly partial) set of answers: level, flags, causes, next steps."""
    clean = validate_answers(answers)
    qs = questionnaire()
    content = load_content()

    raised = tuple(
        RaisedFlag(f.id, f.title, f.advice, f.level, f.who, f.refs, f.limits, f.doctor)
        for f in sorted(qs.red_flags, key=lambda f: LEVELS.index(f.level))
        if f.raised(clean)
    )
    level = raised[0].level if raised else None
    urgent = level in URGENT_LEVELS

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
            quoted = _quoted(q.text, q.label(value))
            if name == "doms":
                reasons.append(say("assessment.fits_doms", said=quoted))
            else:
                reasons.append(say("assessment.fits_strain", said=quoted))
    scores = {c: sum(x.share for x in contributions[c]) for c in CAUSE_IDS}
    ranking = tuple(sorted(scores.items(), key=lambda cs: (-cs[1], CAUSE_IDS.index(cs[0]))))
    severity, substantial = _severity(qs, clean)

    patterns: tuple[RaisedPattern, ...] = ()
    recommendations: tuple[Recommendation, ...] = ()
    notes: tuple[str, ...] = ()
    read = _pattern(signals, reasons)
    if raised:
        read = PatternRead("not_judged", signals["doms"], signals["strain"], tuple(reasons))
    if not urgent:
        patterns = tuple(
            RaisedPattern(p.id, p.title, p.short, p.note, p.refs, p.limits, p.routine_condition)
            for p in qs.patterns
            if p.raised(clean)
        )
    limits = qs.limits_for((*raised, *patterns))
    if not urgent:
        top = [c for c, s in ranking[:TOP_CAUSES] if s > 0]
        recommendations = tuple(_recommend(c, scores[c], limits, content) for c in top)
        notes = _notes(clean, substantial, limits)
    return Assessment(
        answers=MappingProxyType(clean),
        level=level,
        red_flags=raised,
        ranking=ranking,
        contributions=MappingProxyType({c: tuple(v) for c, v in contributions.items()}),
        severity=severity,
        substantial=substantial,
        doms_vs_strain=read,
        completeness=len(clean) / len(qs.questions),
        recommendations=recommendations,
        notes=notes,
        patterns=patterns,
        limits=limits,
    )


def _recommend(cause: str, score: float, limits: Limits, content: Any) -> Recommendation:
    """A cause's solutions with their evidence, minus those a raised limit rules out."""
    kept, left_out = [], []
    for s in content.cause(cause).solutions:
        ruled_out = limits.solution(s.id, s.exercises)
        if ruled_out is not None:
            why = say(
                "limits.left_out",
                limit=ruled_out.limit.title.lower(),
                because="; ".join(ruled_out.because),
            )
            left_out.append((s.name, why))
            continue
        notes = content.evidence_for(s.id)
        note = notes[0] if notes else None
        kept.append(
            RecommendedSolution(
                s,
                note.verdict if note else None,
                note.summary if note else "",
                note.refs if note else (),
            )
        )
    c = content.cause(cause)
    return Recommendation(cause, c.title, score, tuple(kept), c.notebooks, tuple(left_out))


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


def _notes(answers: Mapping[str, Any], substantial: bool | None, limits: Limits) -> tuple[str, ...]:
    notes = []
    if answers.get("previous_injury") is True:
        if limits.plan("build_up"):
            notes.append(say("assessment.note_injury_assess"))
        else:
            notes.append(say("assessment.note_injury_build"))
    cadence = answers.get("cadence_spm")
    if cadence is not None:
        low, high = round(cadence * 1.05), round(cadence * 1.10)
        notes.append(say("assessment.note_cadence", cadence=cadence, low=low, high=high))
    if substantial:
        notes.append(say("assessment.note_substantial"))
    return tuple(notes)


# --------------------------------------------------------------------------- the report


def _limits_section(result: Assessment) -> ReportSection:
    """What the raised signs and patterns rule out until a clinician has seen the leg."""
    items = [
        ReportItem(
            r.limit.title, r.limit.text, say("limits.because", because="; ".join(r.because)), r.refs
        )
        for r in result.limits.items
    ]
    if result.limits.instead:
        items.append(ReportItem(say("limits.instead_title"), " ".join(result.limits.instead)))
    return ReportSection(
        "limits",
        say("limits.heading"),
        "soon" if result.level else "info",
        intro=say("limits.intro"),
        items=tuple(items),
    )


def _report(result: Assessment) -> tuple[ReportSection, ...]:
    sections: list[ReportSection] = []
    if result.level:
        lvl = result.triage
        sections.append(
            ReportSection(
                "now",
                say("assessment.now_heading"),
                result.level,
                intro=lvl.action,
                items=(
                    ReportItem(
                        say("assessment.who_to_see"), f"{lvl.who[:1].upper()}{lvl.who[1:]}."
                    ),
                    ReportItem(say("assessment.while_you_wait"), lvl.while_waiting),
                ),
            )
        )
        top = result.top_flags
        items = [
            ReportItem(f.title, f.advice, say("assessment.flag_who", who=f.who), f.refs)
            for f in top
        ]
        lower = [f.title for f in result.red_flags if f not in top]
        if lower:  # their slower advice would compete with the level's: titles only
            items.append(
                ReportItem(
                    say("assessment.also_reported"),
                    "; ".join(lower) + ".",
                    say("assessment.also_reported_detail"),
                )
            )
        sections.append(
            ReportSection(
                "flags", say("assessment.flags_heading"), result.level, items=tuple(items)
            )
        )
    if result.urgent:
        return tuple(sections)

    after = result.level == "soon"
    for p in result.patterns:
        sections.append(
            ReportSection(f"pattern_{p.id}", p.title, "soon" if after else "info", p.note)
        )
    if result.limits:
        sections.append(_limits_section(result))
    ranked = [(c, s) for c, s in result.ranking if s > 0]
    content = load_content()
    if ranked:
        sections.append(
            ReportSection(
                "causes",
                say("assessment.causes_heading_after")
                if after
                else say("assessment.causes_heading"),
                "info",
                intro=say("assessment.causes_intro"),
                items=tuple(
                    ReportItem(
                        f"{content.cause(c).title}: {s:.0f}",
                        "; ".join(
                            say("assessment.figure_col_answer", said=x.said, points=x.share)
                            for x in result.contributions[c]
                        ),
                    )
                    for c, s in ranked
                ),
            )
        )
    if result.recommendations:
        items = []
        for rec in result.recommendations:
            for s in rec.solutions:
                dose = f" {dose_phrase(s.solution.dose)}" if s.solution.dose else ""
                verdict = say("assessment.evidence", verdict=s.verdict_label)
                evidence = f"{verdict} {s.evidence}".strip()
                items.append(
                    ReportItem(
                        f"{rec.title}: {s.solution.name}",
                        f"{s.solution.text}{dose}",
                        evidence,
                        s.refs,
                    )
                )
            for name, why in rec.left_out:
                items.append(
                    ReportItem(f"{rec.title}: {name}", say("assessment.not_suggested", why=why))
                )
        sections.append(
            ReportSection(
                "try",
                say("assessment.try_heading_after") if after else say("assessment.try_heading"),
                "info",
                intro=say("assessment.try_intro"),
                items=tuple(items),
            )
        )
    details = [ReportItem(say("assessment.read_title"), result.doms_vs_strain.summary)]
    if result.severity is None:
        severity = say("assessment.severity_not_scored")
    elif result.substantial:
        severity = say("assessment.severity_substantial", score=result.severity)
    else:
        severity = say("assessment.severity_score", score=result.severity)
    details.append(ReportItem(say("assessment.severity_title"), severity))
    details += [ReportItem(say("assessment.note_title"), n) for n in result.notes]
    answered = say("assessment.answered", share=result.completeness)
    details.append(
        ReportItem(
            say("assessment.answered_title"), f"{answered} {say('assessment.not_a_diagnosis')}"
        )
    )
    sections.append(
        ReportSection("details", say("assessment.details_heading"), "info", items=tuple(details))
    )
    return tuple(sections)
