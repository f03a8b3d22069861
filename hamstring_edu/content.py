"""The article's cause/solution model, loaded from the TOML files in ``data/`` and validated.

Content is data: causes, solutions, exercises, FAQs, evidence notes and references live in
human-editable TOML files. ``load_content()`` reads them once (cached), checks every field and
every cross-reference, and returns an immutable :class:`Content` with DataFrame views.
"""

from __future__ import annotations

import functools
import re
import textwrap
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from hamstring_edu import schema
from hamstring_edu.errors import ContentError
from hamstring_edu.schema import REQUIRED, check_entries, data_dir, entry_label, read_toml
from hamstring_edu.wording import dose_phrase

if TYPE_CHECKING:
    import pandas as pd

CAUSE_IDS = ("overuse", "imbalance", "technique", "tightness", "warmup_cooldown", "recovery")
SOLUTION_KINDS = (
    "load",
    "rest",
    "cross_training",
    "strength",
    "professional",
    "technique",
    "flexibility",
    "warmup",
    "cooldown",
    "recovery_care",
)
EXERCISE_KINDS = ("aerobic", "dynamic", "static", "strength", "mobility")
VERDICTS = ("supported", "partly_supported", "contested", "not_supported", "not_verified")
VERDICT_LABELS = {
    "supported": "Supported",
    "partly_supported": "Partly supported",
    "contested": "Contested",
    "not_supported": "Not supported",
    "not_verified": "Not verified",
}


# --------------------------------------------------------------------------- content types


@dataclass(frozen=True)
class Reference:
    """A verified published source, cited by its short id."""

    id: str
    authors: str
    year: int
    title: str
    journal: str
    finding: str
    doi: str | None = None
    url: str | None = None

    @property
    def short(self) -> str:
        """Author-year label such as "Bleakley et al. 2004" or "Gabbett 2016"."""
        if self.url:  # a guidance page: the organisation, or its acronym in brackets
            name, _, rest = self.authors.partition("(")
            acronym = rest.split(")")[0]
            return f"{acronym if acronym.isupper() else name.strip()} {self.year}"
        names = [n.strip() for n in self.authors.split(",") if n.strip()]
        first = " ".join(w for w in names[0].split() if not (w.isupper() or "-" in w))
        etal = " et al." if len(names) > 1 else ""
        return f"{first or names[0]}{etal} {self.year}"

    @property
    def citation(self) -> str:
        """The reference as one line: authors, year, title, journal, DOI."""
        doi = f" doi:{self.doi}" if self.doi else ""
        url = f" {self.url}" if self.url else ""
        return f"{self.authors} ({self.year}). {self.title}. {self.journal}.{doi}{url}"


@dataclass(frozen=True)
class Solution:
    """One thing to do about a cause, with the article's dose where it gives one."""

    id: str
    name: str
    cause: str
    text: str
    kind: str
    dose: str | None = None
    detail: str | None = None
    exercises: tuple[str, ...] = ()


@dataclass(frozen=True)
class Cause:
    """One of the article's six causes of sore hamstrings, with its solutions."""

    id: str
    title: str
    short: str
    summary: str
    why: str
    signs: tuple[str, ...]
    notebooks: tuple[str, ...] = ()
    solutions: tuple[Solution, ...] = ()

    def describe(self, width: int = 88) -> str:
        """The cause as plain text: what it is, why it hurts, signs, and each solution's dose."""
        para = functools.partial(textwrap.fill, width=width)
        wrap = functools.partial(textwrap.fill, width=width, subsequent_indent="   ")
        lines = [self.title.upper(), para(self.summary), para(f"Why: {self.why}"), "Signs:"]
        lines += [wrap(f" - {sign}") for sign in self.signs]
        lines.append("What to do:")
        for n, s in enumerate(self.solutions, start=1):
            lines.append(wrap(f"{n}. {s.text}"))
            if s.dose:
                lines.append(wrap(f"   {dose_phrase(s.dose)}"))
        return "\n".join(lines)


@dataclass(frozen=True)
class Exercise:
    """An exercise the article names or the references support, with dose and coaching."""

    id: str
    name: str
    kind: str
    targets: tuple[str, ...]
    dose: str
    cues: tuple[str, ...]
    mistakes: tuple[str, ...]
    avoid_if: tuple[str, ...]
    in_article: bool
    refs: tuple[str, ...] = ()
    minutes: float | None = None
    sets: int | None = None
    reps: int | None = None
    hold_s: int | None = None
    per_side: bool = False


@dataclass(frozen=True)
class Faq:
    """A frequently asked question and its answer, in the package's own words."""

    id: str
    question: str
    answer: str
    causes: tuple[str, ...] = ()
    refs: tuple[str, ...] = ()


@dataclass(frozen=True)
class EvidenceNote:
    """What the research says about a solution, exercise or cause, with a verdict and sources."""

    id: str
    about: tuple[str, ...]
    verdict: str
    summary: str
    refs: tuple[str, ...] = ()

    @property
    def verdict_label(self) -> str:
        """The verdict in words ("Partly supported")."""
        return VERDICT_LABELS[self.verdict]


@dataclass(frozen=True)
class Hit:
    """One place where a search word was found."""

    kind: str
    id: str
    cause: str | None
    title: str
    field: str


@dataclass(frozen=True)
class Content:
    """The whole cause/solution model: immutable, validated, with DataFrame views."""

    causes: tuple[Cause, ...]
    exercises: tuple[Exercise, ...]
    faqs: tuple[Faq, ...]
    evidence: tuple[EvidenceNote, ...]
    references: tuple[Reference, ...]
    source: Path

    @property
    def solutions(self) -> tuple[Solution, ...]:
        """Every solution of every cause, in cause order."""
        return tuple(s for c in self.causes for s in c.solutions)

    # lookups ---------------------------------------------------------------
    def cause(self, cause_id: str) -> Cause:
        """The cause with this id."""
        return _lookup(self.causes, cause_id, "cause")

    def solution(self, solution_id: str) -> Solution:
        """The solution with this id."""
        return _lookup(self.solutions, solution_id, "solution")

    def exercise(self, exercise_id: str) -> Exercise:
        """The exercise with this id."""
        return _lookup(self.exercises, exercise_id, "exercise")

    def reference(self, reference_id: str) -> Reference:
        """The reference with this id."""
        return _lookup(self.references, reference_id, "reference")

    def evidence_for(self, item_id: str) -> tuple[EvidenceNote, ...]:
        """The evidence notes about a solution, exercise or cause."""
        return tuple(note for note in self.evidence if item_id in note.about)

    def exercises_for(self, cause_id: str) -> tuple[Exercise, ...]:
        """The exercises that a cause's solutions use, in first-mention order."""
        ids = dict.fromkeys(e for s in self.cause(cause_id).solutions for e in s.exercises)
        return tuple(self.exercise(e) for e in ids)

    def search(self, query: str) -> tuple[Hit, ...]:
        """Every cause, solution, exercise, FAQ and evidence note that holds all the query's
        words as whole words (any case; "stretch" also finds "stretches", "ice" not "advice")."""
        patterns = word_patterns(query)
        if not patterns:
            return ()
        hits: list[Hit] = []
        for kind, item, cause, title, texts in self._searchable():
            for field_name, value in texts.items():
                if all(p.search(value) for p in patterns):
                    hits.append(Hit(kind, item, cause, title, field_name))
                    break
        return tuple(hits)

    def _searchable(self) -> Iterable[tuple[str, str, str | None, str, dict[str, str]]]:
        for c in self.causes:
            texts = {
                "title": c.title,
                "summary": c.summary,
                "why": c.why,
                "signs": " ".join(c.signs),
            }
            yield "cause", c.id, c.id, c.title, texts
            for s in c.solutions:
                texts = {
                    "name": s.name,
                    "text": s.text,
                    "dose": s.dose or "",
                    "detail": s.detail or "",
                }
                yield "solution", s.id, c.id, s.name, texts
        owner = {e: s.cause for s in self.solutions for e in s.exercises}
        for e in self.exercises:
            texts = {
                "name": e.name,
                "targets": " ".join(e.targets),
                "dose": e.dose,
                "cues": " ".join(e.cues),
                "mistakes": " ".join(e.mistakes),
            }
            yield "exercise", e.id, owner.get(e.id), e.name, texts
        for f in self.faqs:
            yield "faq", f.id, None, f.question, {"question": f.question, "answer": f.answer}
        for n in self.evidence:
            yield "evidence", n.id, None, n.verdict_label, {"summary": n.summary}

    # DataFrame views --------------------------------------------------------
    def causes_frame(self) -> pd.DataFrame:
        """One row per cause: id, title, short, summary, why, signs, n_solutions."""
        rows = [
            {
                "id": c.id,
                "title": c.title,
                "short": c.short,
                "summary": c.summary,
                "why": c.why,
                "signs": "; ".join(c.signs),
                "n_solutions": len(c.solutions),
            }
            for c in self.causes
        ]
        return _frame(rows, index="id")

    def solutions_frame(self) -> pd.DataFrame:
        """One row per solution with its cause, kind, dose, exercises and evidence verdict."""
        rows = []
        for c in self.causes:
            for s in c.solutions:
                notes = self.evidence_for(s.id)
                rows.append(
                    {
                        "id": s.id,
                        "name": s.name,
                        "cause": c.id,
                        "cause_title": c.title,
                        "kind": s.kind,
                        "text": s.text,
                        "dose": s.dose,
                        "exercises": ", ".join(s.exercises),
                        "verdict": notes[0].verdict if notes else None,
                    }
                )
        return _frame(rows, index="id")

    def exercises_frame(self) -> pd.DataFrame:
        """One row per exercise: kind, targets, dose and its numbers, cues, source."""
        rows = [
            {
                "id": e.id,
                "name": e.name,
                "kind": e.kind,
                "targets": ", ".join(e.targets),
                "dose": e.dose,
                "minutes": e.minutes,
                "sets": e.sets,
                "reps": e.reps,
                "hold_s": e.hold_s,
                "per_side": e.per_side,
                "cues": " | ".join(e.cues),
                "in_article": e.in_article,
                "refs": ", ".join(e.refs),
            }
            for e in self.exercises
        ]
        return _frame(rows, index="id")

    def faqs_frame(self) -> pd.DataFrame:
        """One row per FAQ: question, answer, related causes and references."""
        rows = [
            {
                "id": f.id,
                "question": f.question,
                "answer": f.answer,
                "causes": ", ".join(f.causes),
                "refs": ", ".join(f.refs),
            }
            for f in self.faqs
        ]
        return _frame(rows, index="id")

    def evidence_frame(self) -> pd.DataFrame:
        """One row per evidence note: what it is about, verdict, summary, references."""
        rows = [
            {
                "id": n.id,
                "about": ", ".join(n.about),
                "verdict": n.verdict,
                "summary": n.summary,
                "refs": ", ".join(n.refs),
            }
            for n in self.evidence
        ]
        return _frame(rows, index="id")

    def references_frame(self) -> pd.DataFrame:
        """One row per reference: authors, year, title, journal, DOI or web address, finding."""
        rows = [
            {
                "id": r.id,
                "authors": r.authors,
                "year": r.year,
                "title": r.title,
                "journal": r.journal,
                "doi": r.doi,
                "url": r.url,
                "finding": r.finding,
            }
            for r in self.references
        ]
        return _frame(rows, index="id")


def _frame(rows: list[dict[str, Any]], *, index: str) -> pd.DataFrame:
    import pandas as pd

    return pd.DataFrame(rows).set_index(index)


def _lookup(items: Iterable[Any], item_id: str, kind: str) -> Any:
    for item in items:
        if item.id == item_id:
            return item
    known = ", ".join(item.id for item in items)
    raise ContentError(f"unknown {kind} id {item_id!r}; known ids: {known}")


# --------------------------------------------------------------------------- loading


SEARCH_ENDINGS = "(?:s|es|ing|ed)?"  # "stretch" finds "stretches", "stretching", "stretched"


def word_patterns(query: str) -> tuple[re.Pattern[str], ...]:
    """One case-insensitive whole-word pattern per word of a search query."""
    words = [w for w in re.split(r"\W+", query.casefold()) if w][:10]
    return tuple(re.compile(rf"\b{re.escape(w)}{SEARCH_ENDINGS}\b", re.IGNORECASE) for w in words)


def load_content(directory: str | Path | None = None) -> Content:
    """The validated cause/solution model from ``directory`` (default: the shipped content)."""
    path = Path(directory).resolve() if directory is not None else data_dir()
    return _load_cached(path, _fingerprint(path))


def content_version(directory: str | Path | None = None) -> str:
    """A short fingerprint of every content file (TOML in ``data/`` and ``data/text/``)."""
    import hashlib

    path = Path(directory).resolve() if directory is not None else data_dir()
    digest = hashlib.sha256()
    for file in sorted(path.rglob("*.toml")):
        name = file.relative_to(path).as_posix()
        digest.update(name.encode() + b"\0" + file.read_bytes() + b"\0")
    return digest.hexdigest()[:12]


def _fingerprint(path: Path) -> tuple[tuple[str, int, int], ...]:
    """Names, sizes and mtimes of the content files, so an edited file is read again."""
    out = []
    for name in _FILES:
        f = path / name
        if f.is_file():
            st = f.stat()
            out.append((name, st.st_size, st.st_mtime_ns))
    return tuple(out)


@functools.lru_cache(maxsize=8)
def _load_cached(path: Path, _fingerprint: tuple[tuple[str, int, int], ...]) -> Content:
    references = tuple(
        Reference(**e) for e in _read(path, "references.toml", "reference", _REFERENCE)
    )
    ref_ids = {r.id for r in references}

    raw_causes = _read(path, "causes.toml", "cause", _CAUSE)
    cause_ids = [c["id"] for c in raw_causes]

    exercises = tuple(
        _exercise(path, n, e)
        for n, e in enumerate(_read(path, "exercises.toml", "exercise", _EXERCISE), start=1)
    )
    exercise_ids = {e.id for e in exercises}

    raw_solutions = _read(path, "solutions.toml", "solution", _SOLUTION)
    by_cause: dict[str, list[Solution]] = {c: [] for c in cause_ids}
    for n, s in enumerate(raw_solutions, start=1):
        where = {"file": path / "solutions.toml", "entry": entry_label(n, s)}
        _check_ref(s["cause"], cause_ids, "cause", "cause", where)
        for ex in s["exercises"]:
            _check_ref(ex, exercise_ids, "exercise", "exercises", where)
        by_cause[s["cause"]].append(Solution(**s))
    causes = []
    for n, c in enumerate(raw_causes, start=1):
        if not by_cause[c["id"]]:
            raise ContentError(
                "this cause has no solution; add a [[solution]] with this cause to solutions.toml",
                file=path / "causes.toml",
                entry=entry_label(n, c),
                field="id",
            )
        causes.append(Cause(**c, solutions=tuple(by_cause[c["id"]])))

    faqs = tuple(Faq(**f) for f in _read(path, "faqs.toml", "faq", _FAQ))
    evidence = tuple(EvidenceNote(**e) for e in _read(path, "evidence.toml", "note", _NOTE))

    item_ids = set(cause_ids) | {s["id"] for s in raw_solutions} | exercise_ids
    _check_all_ids_unique(path, raw_solutions, raw_causes, exercises)
    for file, table, items in (
        ("exercises.toml", "exercise", exercises),
        ("faqs.toml", "faq", faqs),
        ("evidence.toml", "note", evidence),
    ):
        for n, item in enumerate(items, start=1):
            where = {"file": path / file, "entry": f"[[{table}]] #{n} (id {item.id!r})"}
            for ref in item.refs:
                _check_ref(ref, ref_ids, "reference", "refs", where)
            for cause in getattr(item, "causes", ()):
                _check_ref(cause, cause_ids, "cause", "causes", where)
            for about in getattr(item, "about", ()):
                _check_ref(about, item_ids, "cause, solution or exercise", "about", where)
            if table == "note" and not item.refs and item.verdict != "not_verified":
                raise ContentError(
                    f"a note with verdict {item.verdict!r} must cite at least one reference id; "
                    "only 'not_verified' notes may have none",
                    **where,
                    field="refs",
                )
            covered = any(item.id in note.about for note in evidence)
            if table == "exercise" and not item.in_article and not covered:
                raise ContentError(
                    "an exercise the article does not name needs an evidence note "
                    "(in evidence.toml) that cites its support or marks it not_verified",
                    **where,
                    field="in_article",
                )
    return Content(
        causes=tuple(causes),
        exercises=exercises,
        faqs=faqs,
        evidence=evidence,
        references=references,
        source=path,
    )


def _check_ref(value: str, known: Iterable[str], kind: str, field: str, where: dict) -> None:
    known = list(known)
    if value not in known:
        raise ContentError(
            f"unknown {kind} id {value!r}; known ids: {', '.join(sorted(known))}",
            **where,
            field=field,
        )


def _check_all_ids_unique(path: Path, solutions: list, causes: list, exercises: tuple) -> None:
    """Cause, solution and exercise ids share one namespace (evidence notes point at any)."""
    seen: dict[str, str] = {c["id"]: "causes.toml" for c in causes}
    for file, ids in (
        ("solutions.toml", [s["id"] for s in solutions]),
        ("exercises.toml", [e.id for e in exercises]),
    ):
        for i in ids:
            if i in seen:
                raise ContentError(
                    f"id {i!r} is already used in {seen[i]}; ids must be unique across causes, "
                    "solutions and exercises",
                    file=path / file,
                    field="id",
                )
            seen[i] = file


_REFERENCE = {
    "id": (schema.ident, REQUIRED),
    "authors": (schema.text, REQUIRED),
    "year": (schema.year, REQUIRED),
    "title": (schema.text, REQUIRED),
    "journal": (schema.text, REQUIRED),
    "finding": (schema.text, REQUIRED),
    "doi": (schema.text, None),
    "url": (schema.text, None),
}
_CAUSE = {
    "id": (schema.one_of(CAUSE_IDS), REQUIRED),
    "title": (schema.text, REQUIRED),
    "short": (schema.text, REQUIRED),
    "summary": (schema.text, REQUIRED),
    "why": (schema.text, REQUIRED),
    "signs": (schema.count(1, 8, schema.texts), REQUIRED),
    "notebooks": (schema.notebooks, ()),
}
_SOLUTION = {
    "id": (schema.ident, REQUIRED),
    "name": (schema.text, REQUIRED),
    "cause": (schema.ident, REQUIRED),
    "text": (schema.text, REQUIRED),
    "kind": (schema.one_of(SOLUTION_KINDS), REQUIRED),
    "dose": (schema.text, None),
    "detail": (schema.text, None),
    "exercises": (schema.idents, ()),
}
_EXERCISE = {
    "id": (schema.ident, REQUIRED),
    "name": (schema.text, REQUIRED),
    "kind": (schema.one_of(EXERCISE_KINDS), REQUIRED),
    "targets": (schema.count(1, 8, schema.texts), REQUIRED),
    "dose": (schema.text, REQUIRED),
    "cues": (schema.count(2, 4, schema.texts), REQUIRED),
    "mistakes": (schema.count(1, 6, schema.texts), REQUIRED),
    "avoid_if": (schema.count(1, 6, schema.texts), REQUIRED),
    "in_article": (schema.flag, REQUIRED),
    "refs": (schema.idents, ()),
    "minutes": (schema.positive_number, None),
    "sets": (schema.positive_int, None),
    "reps": (schema.positive_int, None),
    "hold_s": (schema.positive_int, None),
    "per_side": (schema.flag, False),
}
_FAQ = {
    "id": (schema.ident, REQUIRED),
    "question": (schema.text, REQUIRED),
    "answer": (schema.text, REQUIRED),
    "causes": (schema.idents, ()),
    "refs": (schema.idents, ()),
}
_NOTE = {
    "id": (schema.ident, REQUIRED),
    "about": (schema.count(1, 20, schema.idents), REQUIRED),
    "verdict": (schema.one_of(VERDICTS), REQUIRED),
    "summary": (schema.text, REQUIRED),
    "refs": (schema.idents, ()),
}
_FILES = (
    "references.toml",
    "causes.toml",
    "exercises.toml",
    "solutions.toml",
    "faqs.toml",
    "evidence.toml",
)


def _exercise(path: Path, n: int, raw: dict[str, Any]) -> Exercise:
    """An exercise whose numbers fit its kind: a static stretch has a hold, strength has reps."""
    needs = {"static": "hold_s", "strength": "reps", "aerobic": "minutes"}.get(raw["kind"])
    if needs and raw[needs] is None:
        raise ContentError(
            f"a {raw['kind']} exercise needs {needs!r}",
            file=path / "exercises.toml",
            entry=f"[[exercise]] {entry_label(n, raw)}",
            field=needs,
        )
    return Exercise(**raw)


def _read(path: Path, name: str, table: str, schema: dict) -> list[dict[str, Any]]:
    """The entries of ``[[table]]`` in ``path/name``, each checked against ``schema``."""
    file = path / name
    doc = read_toml(file)
    unknown_top = set(doc) - {table}
    if unknown_top:
        raise ContentError(
            f"unexpected top-level key(s) {sorted(unknown_top)}; entries go in [[{table}]] tables",
            file=file,
        )
    return check_entries(doc, table, schema, file=file)


__all__ = [
    "CAUSE_IDS",
    "Cause",
    "Content",
    "EvidenceNote",
    "Exercise",
    "Faq",
    "Hit",
    "Reference",
    "Solution",
    "data_dir",
    "load_content",
]
