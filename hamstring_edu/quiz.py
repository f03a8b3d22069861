"""The quiz: a validated question bank (``data/quiz.toml``), scoring, and feedback that teaches.

Question types
--------------
- ``single``: one right option among several; ``multiple``: every right option and no wrong one;
- ``numeric``: a number within ``tolerance`` of the answer. The answer is either a number a
  cited study reports (``answer``; it must appear in that reference's finding) or computed by the
  library (``compute = "case.<case>.<fact>"`` from a case run, or ``"study.<ref>.<fact>"`` from a
  reference's reported ratio): never typed by hand;
- ``order``: put the steps in order (shown shuffled, the same way every time).

Each question names the notebook and the section that teaches it (validated against the
notebook's headings) and explains its answer; an explanation that states a finding cites the
reference ids in brackets, and those are checked against ``data/references.toml``.

:class:`QuizAttempt` is one student's run through a set: first answers count for the score, a
"review my mistakes" pass asks the wrong ones again, and the results export as CSV or JSON for
a teacher. :func:`check_answer` checks a hand calculation and shows the worked solution.
"""

from __future__ import annotations

import csv
import functools
import hashlib
import html
import io
import json
import math
import random
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from hamstring_edu import schema
from hamstring_edu.content import data_dir, load_content
from hamstring_edu.errors import AnswerError, ContentError, HamstringEduError, OptionError
from hamstring_edu.schema import REQUIRED, check_entries, entry_label, read_toml
from hamstring_edu.teaching import check_section, cited_ids, section_link
from hamstring_edu.wording import say

if TYPE_CHECKING:
    import pandas as pd

    from hamstring_edu.hand_calculations import Worked

QUESTION_TYPES = ("single", "multiple", "numeric", "order")
FORMAT = "hamstring-edu-quiz-results"
FORMAT_VERSION = 1
NUMBER = re.compile(r"^\s*([-+]?\d+(?:[.,]\d+)?)\s*(%|[a-z ]*)?\s*$", re.IGNORECASE)


# --------------------------------------------------------------------------- types


@dataclass(frozen=True)
class Option:
    """One option of a choice question."""

    text: str
    correct: bool = False


@dataclass(frozen=True)
class QuizQuestion:
    """One question: what is asked, the right answer(s), and where it is taught."""

    id: str
    notebook: str
    section: str
    type: str
    text: str
    explanation: str
    refs: tuple[str, ...] = ()
    topic: str = ""
    options: tuple[Option, ...] = ()
    steps: tuple[str, ...] = ()
    answer: float | None = None
    compute: str | None = None
    tolerance: float | None = None
    unit: str = ""
    calculation: bool = False

    @property
    def link(self) -> str:
        """A relative link that opens the notebook at the section that teaches this."""
        return section_link(self.notebook, self.section)

    @property
    def where(self) -> str:
        """The notebook and section in words: 'notebook 03, “Planning a gradual build-up”'."""
        return say("quiz.where", number=self.notebook.split("_")[0], section=self.section)

    @property
    def correct(self) -> tuple[int, ...]:
        """The indices of the right options (choice questions)."""
        return tuple(i for i, o in enumerate(self.options) if o.correct)

    @property
    def value(self) -> float:
        """The right number of a numeric question (computed by the library where so given)."""
        if self.type != "numeric":
            raise OptionError(f"question {self.id!r} is not numeric", question=self.id)
        if self.answer is not None:
            return self.answer
        return resolve(self.compute or "")

    @property
    def decimals(self) -> int:
        """How many decimals the answer is shown with (from the tolerance)."""
        if not self.tolerance:
            return 0
        return max(0, -math.floor(math.log10(self.tolerance)))

    def shown_steps(self) -> tuple[int, ...]:
        """The order an ``order`` question shows its steps in: shuffled, the same every time."""
        seed = int(hashlib.sha256(self.id.encode()).hexdigest()[:8], 16)
        order = list(range(len(self.steps)))
        rng = random.Random(seed)
        while order == sorted(order):
            rng.shuffle(order)
        return tuple(order)

    def answer_text(self) -> str:
        """The right answer in words."""
        if self.type in ("single", "multiple"):
            return "; ".join(self.options[i].text for i in self.correct)
        if self.type == "order":
            return " → ".join(self.steps)
        number = f"{self.value:.{self.decimals}f}"
        return f"{number} {self.unit}".strip()


@dataclass(frozen=True)
class Feedback:
    """The verdict on one answer: right or not, the answer, why, and where it is taught."""

    question: QuizQuestion
    correct: bool | None
    given: str
    expected: str
    worked: Worked | None = None

    @property
    def message(self) -> str:
        """'Right.', 'Not quite.' or 'No answer yet.'"""
        if self.correct is None:
            return say("quiz.no_answer_yet")
        return say("quiz.right") if self.correct else say("quiz.not_quite")

    @property
    def text(self) -> str:
        """The whole feedback as plain text."""
        q = self.question
        if self.correct is None:
            return f"{self.message} {self.given}"
        lines = [
            f"{self.message} {say('quiz.your_answer', given=self.given)}",
            f"{say('quiz.answer_label')} {self.expected}.",
            q.explanation,
            f"{say('quiz.read_more_label')} {q.where}.",
        ]
        if self.worked is not None:
            lines.append(repr(self.worked))
        return "\n".join(lines)

    def __repr__(self) -> str:
        return self.text

    def _repr_html_(self) -> str:
        return feedback_html(self)


def feedback_html(feedback: Feedback) -> str:
    """Feedback as an HTML box: green when right, orange when not, with the link to read more."""
    e = html.escape
    q = feedback.question
    if feedback.correct is None:
        return (
            '<div style="border-left:6px solid #0072B2;background:#eaf3fa;padding:6px 12px;'
            f'border-radius:6px;color:#111">{e(feedback.text)}</div>'
        )
    edge, bg = ("#009E73", "#e6f5ef") if feedback.correct else ("#D55E00", "#fbe9e1")
    worked = feedback.worked._repr_html_() if feedback.worked is not None else ""
    return (
        f'<div class="hamstring-feedback" style="border-left:6px solid {edge};background:{bg};'
        'padding:6px 12px;border-radius:6px;color:#111;word-break:normal;overflow-wrap:break-word">'
        f"<b>{e(feedback.message)}</b> {e(say('quiz.your_answer', given=feedback.given))}<br>"
        f"<b>{e(say('quiz.answer_label'))}</b> {e(feedback.expected)}.<br>{e(q.explanation)}<br>"
        f"<b>{e(say('quiz.read_more_label'))}</b> "
        f'<a href="{e(q.link, quote=True)}" target="_blank" rel="noopener">{e(q.where)}</a>'
        f"{worked}</div>"
    )


# --------------------------------------------------------------------------- loading


_QUESTION = {
    "id": (schema.ident, REQUIRED),
    "notebook": (schema.text, REQUIRED),
    "section": (schema.text, REQUIRED),
    "type": (schema.one_of(QUESTION_TYPES), REQUIRED),
    "text": (schema.text, REQUIRED),
    "explanation": (schema.text, REQUIRED),
    "refs": (schema.idents, ()),
    "topic": (schema.text, ""),
    "options": (schema.raw, ()),
    "steps": (schema.texts, ()),
    "answer": (schema.number, None),
    "compute": (schema.text, None),
    "tolerance": (schema.positive_number, None),
    "unit": (schema.text, ""),
    "calculation": (schema.flag, False),
}
_OPTION = {"text": (schema.text, REQUIRED), "correct": (schema.flag, False)}


@dataclass(frozen=True)
class Quiz:
    """The question bank: every question, validated, with views and lookups."""

    questions: tuple[QuizQuestion, ...]
    source: Path = field(default_factory=Path)

    def question(self, question_id: str) -> QuizQuestion:
        """The question with this id."""
        for q in self.questions:
            if q.id == question_id:
                return q
        raise OptionError(
            f"unknown question {question_id!r}; known: {', '.join(q.id for q in self.questions)}",
            question=question_id,
        )

    @property
    def notebooks(self) -> tuple[str, ...]:
        """The notebooks the questions come from, in order."""
        return tuple(sorted({q.notebook for q in self.questions}))

    def select(
        self,
        *,
        notebook: str | None = None,
        topic: str | None = None,
        ids: Iterable[str] | None = None,
        calculation: bool | None = None,
    ) -> tuple[QuizQuestion, ...]:
        """The questions of one notebook, topic or list of ids (all of them by default)."""
        chosen = [self.question(i) for i in ids] if ids is not None else list(self.questions)
        out = tuple(
            q
            for q in chosen
            if (notebook is None or q.notebook == notebook)
            and (topic is None or q.topic == topic)
            and (calculation is None or q.calculation == calculation)
        )
        if not out:
            raise OptionError(
                f"no questions for notebook={notebook!r}, topic={topic!r}; notebooks with "
                f"questions: {', '.join(self.notebooks)}",
                field="notebook",
            )
        return out

    def frame(self) -> pd.DataFrame:
        """One row per question: notebook, section, type, question, references."""
        import pandas as pd

        return pd.DataFrame(
            [
                {
                    "id": q.id,
                    "notebook": q.notebook,
                    "section": q.section,
                    "type": q.type,
                    "question": q.text,
                    "refs": ", ".join(q.refs),
                }
                for q in self.questions
            ]
        )

    def answer_key(self, questions: Iterable[QuizQuestion] | None = None) -> pd.DataFrame:
        """The answer key: each question's right answer (computed ones from the library)."""
        import pandas as pd

        rows = []
        for q in questions if questions is not None else self.questions:
            tolerance = f"± {q.tolerance:g}" if q.type == "numeric" else ""
            rows.append(
                {
                    "id": q.id,
                    "question": q.text,
                    "answer": q.answer_text(),
                    "tolerance": tolerance,
                    "taught_in": q.where,
                }
            )
        return pd.DataFrame(rows)


def load_quiz(path: str | Path | None = None) -> Quiz:
    """The validated question bank (cached until the file changes)."""
    file = Path(path) if path is not None else data_dir() / "quiz.toml"
    stamp = file.stat().st_mtime_ns if file.is_file() else 0
    return _load(file.resolve(), stamp)


@functools.lru_cache(maxsize=4)
def _load(path: Path, _stamp: int) -> Quiz:
    doc = read_toml(path)
    if set(doc) - {"question"}:
        raise ContentError("entries go in [[question]] tables", file=path)
    refs = {r.id: r for r in load_content().references}
    out = []
    for n, raw in enumerate(check_entries(doc, "question", _QUESTION, file=path), start=1):
        where = {"file": path, "entry": f"[[question]] {entry_label(n, raw)}"}
        raw["options"] = _options(raw["options"], where)
        q = QuizQuestion(**raw)
        _check(q, refs, where)
        out.append(q)
    return Quiz(tuple(out), path)


def _options(value: Any, where: dict[str, Any]) -> tuple[Option, ...]:
    if value == ():
        return ()
    if not isinstance(value, list):
        raise ContentError("expected a list of { text, correct } tables", **where, field="options")
    try:
        entries = check_entries(
            {
                "option": [
                    {**v, "id": f"o{i}"} if isinstance(v, dict) else v for i, v in enumerate(value)
                ]
            },
            "option",
            {**_OPTION, "id": (schema.raw, "")},
            file=where["file"],
        )
    except ContentError as exc:
        raise ContentError(exc.message, **where, field="options") from None
    return tuple(Option(e["text"], e["correct"]) for e in entries)


def _check(q: QuizQuestion, refs: dict[str, Any], where: dict[str, Any]) -> None:
    """Exactly the right answers marked, a tolerance for numbers, real sections and sources."""

    def bad(message: str, field: str) -> ContentError:
        """The error for this question's entry and one of its fields."""
        return ContentError(message, **where, field=field)

    check_section(q.notebook, q.section, **where)
    for ref in q.refs:
        if ref not in refs:
            raise bad(
                f"unknown reference id {ref!r}: cite only ids from data/references.toml", "refs"
            )
    for ref in cited_ids(q.explanation) + cited_ids(q.text):
        if ref not in refs:
            raise bad(f"the text cites unknown reference id {ref!r}", "explanation")
        if ref not in q.refs:
            raise bad(f"the text cites {ref!r}: list it in refs too", "refs")
    choice = q.type in ("single", "multiple")
    if choice:
        if q.steps or q.answer is not None or q.compute or q.tolerance:
            raise bad(
                "a choice question has options only (no steps, answer, compute, tolerance)", "type"
            )
        texts = [o.text for o in q.options]
        if len(set(texts)) != len(texts):
            raise bad("two options have the same text", "options")
        right = sum(o.correct for o in q.options)
        if q.type == "single" and not (2 <= len(q.options) <= 6 and right == 1):
            raise bad(
                f"a single-choice question needs 2-6 options with exactly one marked correct "
                f"(found {len(q.options)} options, {right} correct)",
                "options",
            )
        if q.type == "multiple" and not (3 <= len(q.options) <= 8 and 1 <= right < len(q.options)):
            raise bad(
                "a multiple-choice question needs 3-8 options, at least one correct and one "
                f"wrong (found {len(q.options)} options, {right} correct)",
                "options",
            )
    elif q.options:
        raise bad(f"a {q.type} question has no options", "options")
    if q.type == "order":
        if not 3 <= len(q.steps) <= 7 or len(set(q.steps)) != len(q.steps):
            raise bad(
                "an order question needs 3-7 different steps, listed in the right order", "steps"
            )
        if q.answer is not None or q.compute or q.tolerance:
            raise bad("an order question has steps only", "type")
    if q.type == "numeric":
        if q.steps:
            raise bad("a numeric question has no steps", "steps")
        if (q.answer is None) == (q.compute is None):
            raise bad(
                "a numeric question needs either answer (a reported number) or compute "
                "(computed by the library), not both",
                "answer",
            )
        if q.tolerance is None:
            raise bad(
                "a numeric question needs a tolerance (how far from the answer still counts)",
                "tolerance",
            )
        if q.answer is not None:
            reported = [r for r in q.refs if _reports(refs[r].finding, q.answer)]
            if not reported:
                raise bad(
                    f"the answer {q.answer:g} must be a number that a cited reference reports "
                    "in its finding; compute anything else with compute = ...",
                    "answer",
                )
        else:
            try:
                value = resolve(q.compute or "")
            except HamstringEduError as exc:
                raise bad(f"compute {q.compute!r} failed: {exc.message}", "compute") from exc
            if not math.isfinite(value):
                raise bad(f"compute {q.compute!r} gives {value}, not a number", "compute")
    elif q.calculation:
        raise bad("only numeric questions are calculations", "calculation")


def _reports(finding: str, value: float) -> bool:
    numbers = {float(x) for x in re.findall(r"\d+(?:\.\d+)?", finding)}
    return value in numbers


def resolve(key: str) -> float:
    """The number behind a compute key: ``case.<case>.<fact>`` or ``study.<ref>.<fact>``."""
    from hamstring_edu.hand_calculations import compute_key

    source, name, fact = compute_key(key)
    if source == "study":
        from hamstring_edu.effect_sizes import study_fact

        return float(study_fact(name, fact))
    from hamstring_edu.cases import case_fact

    value = case_fact(name, fact)
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ContentError(f"case fact {fact!r} of {name!r} is not a number", field="compute")
    return float(value)


# --------------------------------------------------------------------------- grading


def parse_number(text: Any, *, question: str | None = None) -> float:
    """A typed number ('26.9', '26,9', '27 %', ' -2.3 ') as a float; AnswerError otherwise."""
    if isinstance(text, bool):
        raise AnswerError("type a number, such as 1.25", question=question)
    if isinstance(text, int | float):
        value = float(text)
    else:
        match = NUMBER.match(str(text))
        if match is None:
            raise AnswerError(
                f"{str(text)[:30]!r} is not a number: type digits, such as 1.25", question=question
            )
        value = float(match.group(1).replace(",", "."))
    if not math.isfinite(value):
        raise AnswerError("type a finite number", question=question)
    return value


def grade(question: QuizQuestion, response: Any) -> Feedback:
    """Check one response: an option index (single), indices (multiple), a number or text
    (numeric), or the step indices in the chosen order (order). AnswerError if unusable."""
    q = question
    if (
        response is None
        or response == ""
        or (isinstance(response, list | tuple | set | frozenset) and not response)
    ):
        raise AnswerError("choose or type an answer first", question=q.id)
    if q.type == "single":
        index = _index(q, response)
        return Feedback(q, index in q.correct, q.options[index].text, q.answer_text())
    if q.type == "multiple":
        chosen = (
            sorted({_index(q, r) for r in response}) if _many(response) else [_index(q, response)]
        )
        given = "; ".join(q.options[i].text for i in chosen)
        return Feedback(q, tuple(chosen) == q.correct, given, q.answer_text())
    if q.type == "order":
        if not _many(response):
            raise AnswerError("give the steps in order", question=q.id)
        empty = sum(r is None for r in response)
        if empty:
            raise AnswerError(
                say("quiz.order_incomplete", missing=empty, total=len(response)), question=q.id
            )
        order = [_step(q, r) for r in response]
        if sorted(order) != list(range(len(q.steps))):
            raise AnswerError(f"use each of the {len(q.steps)} steps exactly once", question=q.id)
        given = " → ".join(q.steps[i] for i in order)
        return Feedback(q, order == list(range(len(q.steps))), given, q.answer_text())
    value = parse_number(response, question=q.id)
    right = abs(value - q.value) <= (q.tolerance or 0) + 1e-9
    given = f"{value:g} {q.unit}".strip()
    return Feedback(q, right, given, q.answer_text(), _worked(q))


def _worked(q: QuizQuestion) -> Worked | None:
    from hamstring_edu.hand_calculations import has_worked_solution, worked_solution

    return worked_solution(q.compute) if has_worked_solution(q.compute) else None


def _many(response: Any) -> bool:
    return isinstance(response, list | tuple | set | frozenset)


def _index(q: QuizQuestion, response: Any) -> int:
    if isinstance(response, str):
        for i, option in enumerate(q.options):
            if option.text == response:
                return i
    elif (
        isinstance(response, int)
        and not isinstance(response, bool)
        and 0 <= response < len(q.options)
    ):
        return response
    raise AnswerError(f"{str(response)[:40]!r} is not one of the options", question=q.id)


def _step(q: QuizQuestion, response: Any) -> int:
    if isinstance(response, str) and response in q.steps:
        return q.steps.index(response)
    if (
        isinstance(response, int)
        and not isinstance(response, bool)
        and 0 <= response < len(q.steps)
    ):
        return response
    raise AnswerError(f"{str(response)[:40]!r} is not one of the steps", question=q.id)


def check_answer(question_id: str, value: Any) -> Feedback:
    """Check a hand calculation (or any question) and show the worked solution.

    ``value`` None means "not answered yet": the feedback says so and gives nothing away.
    """
    q = load_quiz().question(question_id)
    if value is None or (isinstance(value, str) and not value.strip()):
        return Feedback(q, None, say("quiz.type_your_answer"), q.answer_text())
    return grade(q, value)


# --------------------------------------------------------------------------- attempts


def not_answered_text(count: int) -> str:
    """'1 question not answered yet.' / '53 questions not answered yet.'"""
    return say("quiz.not_answered_one" if count == 1 else "quiz.not_answered", count=count)


@dataclass(frozen=True)
class Record:
    """One checked answer in an attempt."""

    question: str
    pass_: str  # "first" or "review"
    given: str
    expected: str
    correct: bool
    time: str


class QuizAttempt:
    """One student's run through a set of questions: answers, score, review pass, export.

    The first answer to each question counts for the score. After the last question,
    :meth:`start_review` asks the ones answered wrongly again; those answers are recorded as
    the "review" pass and do not change the score.
    """

    def __init__(
        self,
        questions: Sequence[QuizQuestion],
        *,
        student: str = "",
        title: str = "quiz",
        clock: Any = None,
    ) -> None:
        if not questions:
            raise OptionError("a quiz needs at least one question", field="questions")
        self.questions = tuple(questions)
        self.student = student
        self.title = title
        self._clock = clock or (lambda: datetime.now(UTC))
        self.started = self._now()
        self.first: dict[str, Feedback] = {}
        self.review: dict[str, Feedback] = {}
        self.records: list[Record] = []
        self.reviewing = False

    def _now(self) -> str:
        return self._clock().isoformat(timespec="seconds")

    def question(self, question_id: str) -> QuizQuestion:
        """A question of this attempt."""
        for q in self.questions:
            if q.id == question_id:
                return q
        raise OptionError(f"question {question_id!r} is not in this quiz", question=question_id)

    def check(self, question_id: str, response: Any) -> Feedback:
        """Grade an answer and record it (AnswerError, recording nothing, if unusable)."""
        q = self.question(question_id)
        feedback = grade(q, response)
        phase = "review" if self.reviewing and question_id in self.first else "first"
        if phase == "first":
            self.first.setdefault(question_id, feedback)
        else:
            self.review[question_id] = feedback
        self.records.append(
            Record(
                q.id, phase, feedback.given, feedback.expected, bool(feedback.correct), self._now()
            )
        )
        return feedback

    @property
    def score(self) -> int:
        """First answers that were right."""
        return sum(bool(f.correct) for f in self.first.values())

    @property
    def total(self) -> int:
        """How many questions the attempt has."""
        return len(self.questions)

    @property
    def answered(self) -> int:
        """How many questions have a checked first answer: the one count every screen shows."""
        return len(self.first)

    @property
    def finished(self) -> bool:
        """Whether every question has a first answer."""
        return self.answered == self.total

    def unanswered(self) -> tuple[QuizQuestion, ...]:
        """The questions without a checked first answer yet, in quiz order (``total -
        answered`` of them)."""
        return tuple(q for q in self.questions if q.id not in self.first)

    def next_unanswered(self) -> QuizQuestion | None:
        """The first question without an answer yet (None when all are answered)."""
        return next((q for q in self.questions if q.id not in self.first), None)

    def mistakes(self) -> tuple[QuizQuestion, ...]:
        """Questions whose first answer was wrong, in quiz order."""
        return tuple(
            q for q in self.questions if q.id in self.first and not self.first[q.id].correct
        )

    def start_review(self) -> tuple[QuizQuestion, ...]:
        """Begin the "review my mistakes" pass: the questions to ask again."""
        wrong = self.mistakes()
        if not wrong:
            raise OptionError("no mistakes to review: every first answer was right")
        self.reviewing = True
        return wrong

    def summary(self) -> str:
        """The score in words."""
        share = round(100 * self.score / self.total)
        parts = [say("quiz.score", score=self.score, total=self.total, share=share)]
        if not self.finished:
            parts.append(not_answered_text(self.total - self.answered))
        if self.review:
            fixed = sum(bool(f.correct) for f in self.review.values())
            parts.append(say("quiz.review_score", fixed=fixed, reviewed=len(self.review)))
        return " ".join(parts)

    def results_frame(self) -> pd.DataFrame:
        """Every checked answer: student, quiz, question, pass, given, expected, right, time."""
        import pandas as pd

        columns = [
            "student",
            "quiz",
            "question",
            "notebook",
            "section",
            "pass",
            "given",
            "expected",
            "correct",
            "time",
        ]
        rows = [
            {
                "student": self.student,
                "quiz": self.title,
                "question": r.question,
                "notebook": self.question(r.question).notebook,
                "section": self.question(r.question).section,
                "pass": r.pass_,
                "given": r.given,
                "expected": r.expected,
                "correct": r.correct,
                "time": r.time,
            }
            for r in self.records
        ]
        return pd.DataFrame(rows, columns=columns)

    def to_csv(self) -> str:
        """The results as CSV text (one row per checked answer), for a spreadsheet."""
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        frame = self.results_frame()
        writer.writerow(frame.columns)
        for row in frame.itertuples(index=False):
            writer.writerow(["" if v is None else v for v in row])
        return buffer.getvalue()

    def to_json(self) -> str:
        """The results as JSON: student, quiz, score, total, and every checked answer."""
        return json.dumps(
            {
                "format": FORMAT,
                "version": FORMAT_VERSION,
                "student": self.student,
                "quiz": self.title,
                "started": self.started,
                "saved": self._now(),
                "score": self.score,
                "total": self.total,
                "answered": self.answered,
                "questions": [q.id for q in self.questions],
                "answers": [
                    {
                        "question": r.question,
                        "pass": r.pass_,
                        "given": r.given,
                        "expected": r.expected,
                        "correct": r.correct,
                        "time": r.time,
                    }
                    for r in self.records
                ],
            },
            indent=2,
            ensure_ascii=False,
        )


# --------------------------------------------------------------------------- a class's results


RESULT_COLUMNS = ("student", "quiz", "question", "pass", "given", "expected", "correct", "time")


def read_results(paths: Iterable[str | Path] | str | Path) -> pd.DataFrame:
    """Every answer in a set of students' result files (the app's CSV or JSON downloads, or a
    folder of them), one row per checked answer. A file that is not a results file raises
    ContentError naming it."""
    import pandas as pd

    if isinstance(paths, str | Path):
        folder = Path(paths)
        files = sorted(
            p
            for p in (folder.iterdir() if folder.is_dir() else [folder])
            if p.suffix.lower() in (".csv", ".json")
        )
    else:
        files = [Path(p) for p in paths]
    frames = []
    for file in files:
        try:
            if file.suffix.lower() == ".json":
                doc = json.loads(file.read_text(encoding="utf-8"))
                if not isinstance(doc, dict) or doc.get("format") != FORMAT:
                    raise ContentError("not a quiz results file", file=file)
                frame = pd.DataFrame(doc["answers"])
                frame.insert(0, "quiz", doc.get("quiz", ""))
                frame.insert(0, "student", doc.get("student", ""))
            else:
                frame = pd.read_csv(file, dtype={"student": str, "given": str, "expected": str})
                frame["correct"] = frame["correct"].astype(str).str.lower() == "true"
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise ContentError(f"cannot read this results file ({exc})", file=file) from None
        missing = set(RESULT_COLUMNS) - set(frame.columns)
        if missing:
            raise ContentError(
                f"not a quiz results file: no column(s) {sorted(missing)}", file=file
            )
        frame["student"] = frame["student"].fillna("").astype(str)
        frame["file"] = file.name
        frames.append(frame[[*RESULT_COLUMNS, "file"]])
    if not frames:
        return pd.DataFrame(columns=[*RESULT_COLUMNS, "file"])
    return pd.concat(frames, ignore_index=True)


def class_scores(results: pd.DataFrame) -> pd.DataFrame:
    """One row per student (and results file): first answers right, answered, score in %."""
    first = results[results["pass"] == "first"].drop_duplicates(["file", "question"])
    grouped = first.groupby(["student", "file"])["correct"]
    out = grouped.agg(right="sum", answered="count").reset_index()
    out["right"] = out["right"].astype(int)
    out["score_pct"] = (100 * out["right"] / out["answered"]).round(0)
    return out


def question_difficulty(results: pd.DataFrame) -> pd.DataFrame:
    """One row per question: how many students answered it first time and the share right."""
    first = results[results["pass"] == "first"].drop_duplicates(["file", "question"])
    out = first.groupby("question")["correct"].agg(answered="count", right="sum").reset_index()
    out["right_pct"] = (100 * out["right"] / out["answered"]).round(0)
    return out.sort_values("right_pct").reset_index(drop=True)


__all__ = [
    "FORMAT",
    "QUESTION_TYPES",
    "Feedback",
    "Option",
    "Quiz",
    "QuizAttempt",
    "QuizQuestion",
    "Record",
    "check_answer",
    "class_scores",
    "feedback_html",
    "grade",
    "load_quiz",
    "parse_number",
    "question_difficulty",
    "read_results",
    "resolve",
]
