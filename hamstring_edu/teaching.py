"""The classroom content: learning objectives, the glossary, lesson plans and discussion questions.

Read from ``data/objectives.toml``, ``data/glossary.toml`` and ``data/lessons.toml`` and
validated like the rest of the content: ids unique, every reference id known, an objective
starts with a measurable verb ("compute", "explain", "compare", ...), a lesson's steps add up to
its length, and every notebook section that content points at is a real heading of that
notebook (checked whenever the notebooks are there, as in the repository and its tests).

Sections are named by their heading text; :func:`section_link` turns one into the link
JupyterLab understands (``03_load_progression.ipynb#The-10%-rule,-...``).
"""

from __future__ import annotations

import functools
import html
import json
import re
import textwrap
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from hamstring_edu import schema
from hamstring_edu.content import data_dir, load_content
from hamstring_edu.errors import ContentError
from hamstring_edu.schema import REQUIRED, check_entries, entry_label, read_toml

if TYPE_CHECKING:
    import pandas as pd

MEASURABLE_VERBS = (
    "compute",
    "calculate",
    "explain",
    "compare",
    "identify",
    "name",
    "list",
    "describe",
    "distinguish",
    "interpret",
    "apply",
    "plan",
    "decide",
    "justify",
    "recognise",
    "read",
    "sketch",
)
STEP_KINDS = ("teach", "do", "discuss", "quiz", "recap")
HEADING = re.compile(r"^(#{1,4})\s+(.+?)\s*#*\s*$")
CITED = re.compile(r"\(([a-z][a-z0-9_]*\d[a-z0-9_]*(?:,\s*[a-z][a-z0-9_]*\d[a-z0-9_]*)*)\)")


# --------------------------------------------------------------------------- notebooks


def notebooks_dir() -> Path | None:
    """The repository's ``notebooks/`` folder, or None when the package runs without it."""
    folder = data_dir().parent / "notebooks"
    return folder if (folder / "00_start_here.ipynb").is_file() else None


def notebook_sections(notebook: str, directory: str | Path | None = None) -> tuple[str, ...]:
    """The headings (#, ##, ###, ####) of a notebook's markdown cells, in order."""
    folder = Path(directory) if directory is not None else notebooks_dir()
    if folder is None:
        raise ContentError("the notebooks folder was not found next to the data folder")
    path = folder / f"{notebook}.ipynb"
    if not path.is_file():
        known = ", ".join(sorted(p.stem for p in folder.glob("*.ipynb")))
        raise ContentError(f"no notebook {notebook!r}; known notebooks: {known}")
    return _sections(path, path.stat().st_mtime_ns)


@functools.lru_cache(maxsize=64)
def _sections(path: Path, _mtime: int) -> tuple[str, ...]:
    doc = json.loads(path.read_text(encoding="utf-8"))
    found = []
    for cell in doc.get("cells", []):
        if cell.get("cell_type") != "markdown":
            continue
        source = cell.get("source", "")
        text = "".join(source) if isinstance(source, list) else source
        inside_code = False
        for line in text.splitlines():
            if line.startswith("```"):
                inside_code = not inside_code
            match = None if inside_code else HEADING.match(line)
            if match:
                found.append(match.group(2))
    return tuple(found)


def section_anchor(section: str) -> str:
    """The fragment JupyterLab gives a heading: its text with spaces as hyphens."""
    return "-".join(section.split())


def section_link(notebook: str, section: str) -> str:
    """A relative link that opens ``notebook`` at the heading ``section``."""
    from urllib.parse import quote

    return f"{notebook}.ipynb#{quote(section_anchor(section), safe='-,.:()!?*')}"


def check_section(notebook: str, section: str, **where: Any) -> None:
    """ContentError (naming ``where``) unless ``section`` is a heading of ``notebook``."""
    folder = notebooks_dir()
    if folder is None:
        return  # an installed package without the notebooks: nothing to check against
    if not (folder / f"{notebook}.ipynb").is_file():
        known = ", ".join(sorted(p.stem for p in folder.glob("[0-9]*.ipynb")))
        raise ContentError(
            f"unknown notebook {notebook!r}; known notebooks: {known}", **where, field="notebook"
        )
    sections = notebook_sections(notebook, folder)
    if section not in sections:
        raise ContentError(
            f"notebook {notebook!r} has no section {section!r}; its headings are: "
            + "; ".join(sections),
            **where,
            field="section",
        )


def cited_ids(text: str) -> tuple[str, ...]:
    """The reference ids a text cites in brackets, such as "(vandyk2019)" or "(a2019, b2020)"."""
    out: list[str] = []
    for group in CITED.findall(text):
        out += [part.strip() for part in group.split(",")]
    return tuple(dict.fromkeys(out))


def check_citations(text: str, refs: Iterable[str], **where: Any) -> None:
    """Every id cited in ``text`` and every id in ``refs`` is a verified reference."""
    known = {r.id for r in load_content().references}
    for ref in (*refs, *cited_ids(text)):
        if ref not in known:
            raise ContentError(
                f"unknown reference id {ref!r}: cite only ids from data/references.toml",
                **where,
                field="refs",
            )


# --------------------------------------------------------------------------- types


@dataclass(frozen=True)
class Objective:
    """A learning objective: what a learner can do after a notebook, and where it is taught."""

    id: str
    notebook: str
    text: str
    sections: tuple[str, ...]

    @property
    def verb(self) -> str:
        """The measurable verb the objective starts with ("compute", "explain", ...)."""
        return self.text.split()[0].lower().strip(",.:;")


@dataclass(frozen=True)
class Term:
    """A glossary entry, with where the term first appears and the sources behind it."""

    id: str
    term: str
    definition: str
    notebook: str
    section: str
    aliases: tuple[str, ...] = ()
    refs: tuple[str, ...] = ()
    see_also: tuple[str, ...] = ()

    @property
    def link(self) -> str:
        """A link to the section where the term first appears."""
        return section_link(self.notebook, self.section)


@dataclass(frozen=True)
class LessonStep:
    """One block of a lesson: minutes, what happens, and the notebook section it uses."""

    minutes: int
    kind: str
    activity: str
    notebook: str | None = None
    section: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class Lesson:
    """A lesson plan, minute by minute."""

    id: str
    title: str
    minutes: int
    audience: str
    objectives: tuple[str, ...]
    steps: tuple[LessonStep, ...]
    materials: tuple[str, ...] = ()


@dataclass(frozen=True)
class Discussion:
    """A discussion question with notes for the teacher."""

    id: str
    question: str
    notes: str
    notebook: str
    section: str
    refs: tuple[str, ...] = ()


# --------------------------------------------------------------------------- loading


def objectives(notebook: str | None = None) -> tuple[Objective, ...]:
    """The learning objectives (of one notebook, or all), validated."""
    items = _objectives(_path("objectives.toml"), _stamp("objectives.toml"))
    return tuple(o for o in items if notebook is None or o.notebook == notebook)


def glossary() -> tuple[Term, ...]:
    """The glossary terms, validated, in the file's order."""
    return _glossary(_path("glossary.toml"), _stamp("glossary.toml"))


def term(term_id: str) -> Term:
    """One glossary term by id."""
    for t in glossary():
        if t.id == term_id:
            return t
    known = ", ".join(t.id for t in glossary())
    raise ContentError(f"unknown glossary term {term_id!r}; known: {known}")


def lessons() -> tuple[Lesson, ...]:
    """The lesson plans (a 45- and a 90-minute one), validated."""
    return _lessons(_path("lessons.toml"), _stamp("lessons.toml"))[0]


def discussions() -> tuple[Discussion, ...]:
    """The discussion questions with teacher notes, validated."""
    return _lessons(_path("lessons.toml"), _stamp("lessons.toml"))[1]


def _path(name: str) -> Path:
    return data_dir() / name


def _stamp(name: str) -> int:
    path = _path(name)
    return path.stat().st_mtime_ns if path.is_file() else 0


_OBJECTIVE = {
    "id": (schema.ident, REQUIRED),
    "notebook": (schema.text, REQUIRED),
    "text": (schema.text, REQUIRED),
    "sections": (schema.count(1, 6, schema.texts), REQUIRED),
}
_TERM = {
    "id": (schema.ident, REQUIRED),
    "term": (schema.text, REQUIRED),
    "definition": (schema.text, REQUIRED),
    "notebook": (schema.text, REQUIRED),
    "section": (schema.text, REQUIRED),
    "aliases": (schema.texts, ()),
    "refs": (schema.idents, ()),
    "see_also": (schema.idents, ()),
}
_LESSON = {
    "id": (schema.ident, REQUIRED),
    "title": (schema.text, REQUIRED),
    "minutes": (schema.positive_int, REQUIRED),
    "audience": (schema.text, REQUIRED),
    "objectives": (schema.idents, REQUIRED),
    "materials": (schema.texts, ()),
    "steps": (schema.raw, REQUIRED),
}
_STEP = {
    "minutes": (schema.positive_int, REQUIRED),
    "kind": (schema.one_of(STEP_KINDS), REQUIRED),
    "activity": (schema.text, REQUIRED),
    "notebook": (schema.text, None),
    "section": (schema.text, None),
    "note": (schema.text, None),
}
_DISCUSSION = {
    "id": (schema.ident, REQUIRED),
    "question": (schema.text, REQUIRED),
    "notes": (schema.text, REQUIRED),
    "notebook": (schema.text, REQUIRED),
    "section": (schema.text, REQUIRED),
    "refs": (schema.idents, ()),
}


def _entries(path: Path, table: str, spec: Mapping[str, Any], extra: tuple[str, ...] = ()) -> list:
    doc = read_toml(path)
    unknown = set(doc) - {table, *extra}
    if unknown:
        raise ContentError(
            f"unexpected top-level key(s) {sorted(unknown)}; entries go in [[{table}]] tables",
            file=path,
        )
    return check_entries(doc, table, spec, file=path)


@functools.lru_cache(maxsize=4)
def _objectives(path: Path, _stamp: int) -> tuple[Objective, ...]:
    out = []
    for n, raw in enumerate(_entries(path, "objective", _OBJECTIVE), start=1):
        where = {"file": path, "entry": f"[[objective]] {entry_label(n, raw)}"}
        item = Objective(**raw)
        if item.verb not in MEASURABLE_VERBS:
            raise ContentError(
                f"an objective starts with a measurable verb ({', '.join(MEASURABLE_VERBS)}); "
                f"found {item.verb!r}",
                **where,
                field="text",
            )
        for section in item.sections:
            check_section(item.notebook, section, **where)
        out.append(item)
    return tuple(out)


@functools.lru_cache(maxsize=4)
def _glossary(path: Path, _stamp: int) -> tuple[Term, ...]:
    raw_terms = _entries(path, "term", _TERM)
    ids = {t["id"] for t in raw_terms}
    out = []
    for n, raw in enumerate(raw_terms, start=1):
        where = {"file": path, "entry": f"[[term]] {entry_label(n, raw)}"}
        item = Term(**raw)
        check_section(item.notebook, item.section, **where)
        check_citations(item.definition, item.refs, **where)
        for other in item.see_also:
            if other not in ids:
                raise ContentError(
                    f"unknown term id {other!r}; known: {', '.join(sorted(ids))}",
                    **where,
                    field="see_also",
                )
        out.append(item)
    return tuple(out)


@functools.lru_cache(maxsize=4)
def _lessons(path: Path, _stamp: int) -> tuple[tuple[Lesson, ...], tuple[Discussion, ...]]:
    known_objectives = {o.id for o in objectives()}
    doc_lessons = _entries(path, "lesson", _LESSON, extra=("discussion",))
    out = []
    for n, raw in enumerate(doc_lessons, start=1):
        where = {"file": path, "entry": f"[[lesson]] {entry_label(n, raw)}"}
        steps = []
        if not isinstance(raw["steps"], list) or not raw["steps"]:
            raise ContentError("expected a list of steps", **where, field="steps")
        for k, step in enumerate(raw["steps"], start=1):
            checked = check_entries(
                {"step": [step]}, "step", {**_STEP, "id": (schema.raw, "")}, file=path
            )[0]
            checked.pop("id")
            item = LessonStep(**checked)
            if (item.notebook is None) != (item.section is None):
                raise ContentError(
                    f"step {k}: give both a notebook and a section, or neither",
                    **where,
                    field="steps",
                )
            if item.notebook is not None:
                check_section(item.notebook, item.section, **where)
            steps.append(item)
        total = sum(s.minutes for s in steps)
        if total != raw["minutes"]:
            raise ContentError(
                f"the steps add up to {total} minutes, the lesson is {raw['minutes']}",
                **where,
                field="steps",
            )
        for objective in raw["objectives"]:
            if objective not in known_objectives:
                raise ContentError(
                    f"unknown objective id {objective!r} (see data/objectives.toml)",
                    **where,
                    field="objectives",
                )
        out.append(Lesson(**{**raw, "steps": tuple(steps)}))
    doc = read_toml(path)
    talks = []
    if "discussion" in doc:
        for n, raw in enumerate(check_entries(doc, "discussion", _DISCUSSION, file=path), 1):
            where = {"file": path, "entry": f"[[discussion]] {entry_label(n, raw)}"}
            item = Discussion(**raw)
            check_section(item.notebook, item.section, **where)
            check_citations(item.notes, item.refs, **where)
            talks.append(item)
    return tuple(out), tuple(talks)


# --------------------------------------------------------------------------- views


def objectives_frame() -> pd.DataFrame:
    """One row per objective: notebook, verb, objective, where it is taught."""
    import pandas as pd

    rows = [
        {
            "notebook": o.notebook,
            "id": o.id,
            "verb": o.verb,
            "objective": o.text,
            "sections": "; ".join(o.sections),
        }
        for o in objectives()
    ]
    return pd.DataFrame(rows)


def glossary_frame() -> pd.DataFrame:
    """One row per term: term, definition, where it first appears, sources."""
    import pandas as pd

    rows = [
        {
            "term": t.term,
            "definition": t.definition,
            "first appears": f"{t.notebook}: {t.section}",
            "refs": ", ".join(t.refs),
        }
        for t in glossary()
    ]
    return pd.DataFrame(rows)


def lesson_plan(lesson_id: str) -> pd.DataFrame:
    """A lesson minute by minute: from, to, kind, activity, notebook section, teacher's note."""
    import pandas as pd

    lesson = next((x for x in lessons() if x.id == lesson_id), None)
    if lesson is None:
        known = ", ".join(x.id for x in lessons())
        raise ContentError(f"unknown lesson {lesson_id!r}; known: {known}")
    rows, start = [], 0
    for step in lesson.steps:
        rows.append(
            {
                "minutes": f"{start}-{start + step.minutes}",
                "kind": step.kind,
                "activity": step.activity,
                "where": f"{step.notebook}: {step.section}" if step.notebook else "",
                "note": step.note or "",
            }
        )
        start += step.minutes
    return pd.DataFrame(rows)


class Card:
    """A titled list for a notebook: an HTML box for people, plain text for tests."""

    def __init__(self, title: str, items: list[tuple[str, str]], *, edge: str = "#009E73") -> None:
        self.title = title
        self.items = items
        self.edge = edge

    def __repr__(self) -> str:
        lines = [self.title]
        for head, body in self.items:
            text = f"- {head}: {body}" if body else f"- {head}"
            lines.append(textwrap.fill(text, 88, subsequent_indent="  "))
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        e = html.escape
        items = "".join(
            f"<li><b>{e(head)}</b>{': ' + e(body) if body else ''}</li>"
            for head, body in self.items
        )
        return (
            f'<div style="border-left:6px solid {self.edge};background:#f3faf7;padding:6px 14px;'
            'margin:6px 0;border-radius:6px;word-break:normal;overflow-wrap:break-word">'
            f"<b>{e(self.title)}</b><ul style='margin:4px 0'>{items}</ul></div>"
        )


def objectives_card(notebook: str) -> Card:
    """The learning objectives of a notebook, shown at its top."""
    found = objectives(notebook)
    if not found:
        raise ContentError(f"no learning objectives for notebook {notebook!r}")
    return Card("After this notebook you can:", [(o.text, "") for o in found])


def glossary_card(*term_ids: str) -> Card:
    """Some glossary terms with their definitions, shown where they first appear."""
    return Card(
        "Words used here (full list: 12_glossary)",
        [(term(t).term, term(t).definition) for t in term_ids],
        edge="#56B4E9",
    )


__all__ = [
    "MEASURABLE_VERBS",
    "Card",
    "Discussion",
    "Lesson",
    "LessonStep",
    "Objective",
    "Term",
    "check_citations",
    "check_section",
    "cited_ids",
    "discussions",
    "glossary",
    "glossary_card",
    "glossary_frame",
    "lesson_plan",
    "lessons",
    "notebook_sections",
    "notebooks_dir",
    "objectives",
    "objectives_card",
    "objectives_frame",
    "section_anchor",
    "section_link",
    "term",
]
