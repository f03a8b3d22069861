"""The recovery content, read from ``data/recovery.toml`` and checked: the rehabilitation stages
and the checks to move on, the reported time frames, RICE next to PEACE & LOVE, and the words of
the first-aid plan's rows.

Every reference id must be a verified reference (``data/references.toml``) and every exercise
an exercise of ``data/exercises.toml``; a mistake is a ContentError naming the file, the entry
and the field. The rules that compute (when a row starts, which stage you are at) are elsewhere
in this package.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

from hamstring_edu import schema
from hamstring_edu.errors import ContentError, OptionError
from hamstring_edu.schema import REQUIRED, check_entries, data_dir, read_toml

KINDS = ("soreness", "strain")
SEVERITIES = ("mild", "moderate", "severe")
CATEGORIES = (  # the plan's row categories, in the order rows of the same time are listed
    "info",
    "rest",
    "ice",
    "compression",
    "elevation",
    "avoid",
    "sleep",
    "heat",
    "check",
    "rehab",
    "care",
)
FILE = "recovery.toml"


def choice(value: Any, options: tuple[str, ...], field: str) -> str:
    """``value`` if it is one of ``options``, else an OptionError naming ``field``."""
    if not isinstance(value, str) or value not in options:
        raise OptionError(f"{value!r} is not one of {', '.join(options)}", field=field)
    return value


@dataclass(frozen=True)
class Criterion:
    """One thing to check before moving on: what to check and what to work on if it fails."""

    id: str
    stage: int
    text: str
    work_on: str
    refs: tuple[str, ...] = ()


@dataclass(frozen=True)
class Stage:
    """One rehabilitation stage: its goal, its exercises, what stands behind it (``basis``), a
    note and how you know you can move on."""

    number: int
    name: str
    goal: str
    exercises: tuple[str, ...]
    refs: tuple[str, ...]
    basis: str
    note: str = ""
    id: str = ""
    checks_heading: str = ""

    @property
    def move_on(self) -> tuple[Criterion, ...]:
        """The criteria that must all hold before the next stage."""
        return tuple(c for c in guidance().criteria if c.stage == self.number)


class TimeFrame(NamedTuple):
    """A reported time to return: a group of athletes, mean and SD in days, as published."""

    source: str
    group: str
    severity: str | None
    mean_days: int
    sd_days: int


@dataclass(frozen=True)
class FirstAidStep:
    """One letter of RICE or PEACE & LOVE: what it asks and what the evidence says."""

    framework: str
    letter: str
    word: str
    what: str
    evidence: str
    refs: tuple[str, ...]


@dataclass(frozen=True)
class RowText:
    """The words of one kind of row of the timed plan: its action, how, why and sources."""

    id: str
    category: str
    action: str
    how: str
    why: str
    refs: tuple[str, ...] = ()


@dataclass(frozen=True)
class Guidance:
    """Everything ``data/recovery.toml`` holds, checked."""

    stages: tuple[Stage, ...]
    criteria: tuple[Criterion, ...]
    time_frames: tuple[TimeFrame, ...]
    first_aid: tuple[FirstAidStep, ...]
    rows: dict[str, RowText]

    def row(self, row_id: str) -> RowText:
        """The words of one plan row by its id."""
        return self.rows[row_id]


_REFS = (schema.idents, ())
_STAGE = {
    "id": (schema.ident, REQUIRED),
    "number": (schema.positive_int, REQUIRED),
    "name": (schema.text, REQUIRED),
    "goal": (schema.text, REQUIRED),
    "exercises": (schema.count(1, 6, schema.idents), REQUIRED),
    "refs": _REFS,
    "basis": (schema.text, REQUIRED),
    "note": (schema.text, ""),
    "checks_heading": (schema.text, REQUIRED),
}
_CRITERION = {
    "id": (schema.ident, REQUIRED),
    "stage": (schema.positive_int, REQUIRED),
    "text": (schema.text, REQUIRED),
    "work_on": (schema.text, REQUIRED),
    "refs": _REFS,
}
_TIME_FRAME = {
    "id": (schema.ident, REQUIRED),
    "source": (schema.ident, REQUIRED),
    "group": (schema.text, REQUIRED),
    "severity": (schema.one_of(SEVERITIES), None),
    "mean_days": (schema.positive_int, REQUIRED),
    "sd_days": (schema.positive_int, REQUIRED),
}
_FIRST_AID = {
    "id": (schema.ident, REQUIRED),
    "framework": (schema.text, REQUIRED),
    "letter": (schema.text, REQUIRED),
    "word": (schema.text, REQUIRED),
    "what": (schema.text, REQUIRED),
    "evidence": (schema.text, REQUIRED),
    "refs": (schema.count(1, 4, schema.idents), REQUIRED),
}
_ROW = {
    "id": (schema.ident, REQUIRED),
    "category": (schema.one_of(CATEGORIES), REQUIRED),
    "action": (schema.text, REQUIRED),
    "how": (schema.text, REQUIRED),
    "why": (schema.text, REQUIRED),
    "refs": _REFS,
}
# the rows the plan builder asks for by id
ROW_IDS = (
    "soreness_settles",
    "soreness_easy_days",
    "soreness_ice",
    "soreness_sleep",
    "soreness_heat",
    "strain_protect",
    "strain_raise",
    "strain_avoid",
    "strain_ice",
    "strain_compression",
    "strain_sleep",
    "strain_heat",
    "strain_stage_1",
    "severe",
    "check_in",
)


def guidance(directory: str | Path | None = None) -> Guidance:
    """The validated recovery content (cached until the file changes)."""
    path = (Path(directory).resolve() if directory is not None else data_dir()) / FILE
    return _load(path, path.stat().st_mtime_ns if path.is_file() else 0)


@functools.lru_cache(maxsize=4)
def _load(path: Path, _stamp: int) -> Guidance:
    from hamstring_edu.content import load_content

    doc = read_toml(path)
    known = {"stage", "criterion", "time_frame", "first_aid", "plan_row"}
    if set(doc) - known:
        raise ContentError(f"unexpected table(s) {sorted(set(doc) - known)}", file=path)
    tables = {t: check_entries(doc, t, s, file=path) for t, s in _SCHEMAS.items()}
    content = load_content(path.parent)
    refs = {r.id for r in content.references}
    exercises = {e.id for e in content.exercises}
    for table, entries in tables.items():
        for entry in entries:
            where = {"file": path, "entry": f"[[{table}]] {entry['id']!r}"}
            cited = entry.get("refs", ()) + ((entry["source"],) if "source" in entry else ())
            for ref in cited:
                if ref not in refs:
                    field = "source" if ref == entry.get("source") else "refs"
                    raise ContentError(
                        f"unknown reference id {ref!r}: cite only ids from references.toml",
                        **where,
                        field=field,
                    )
            for exercise in entry.get("exercises", ()):
                if exercise not in exercises:
                    raise ContentError(
                        f"unknown exercise {exercise!r}: use an id from exercises.toml",
                        **where,
                        field="exercises",
                    )
    stages = tuple(Stage(**s) for s in tables["stage"])
    if [s.number for s in stages] != list(range(1, len(stages) + 1)):
        raise ContentError(
            "stages must be numbered 1, 2, 3 ... in order", file=path, field="number"
        )
    criteria = tuple(Criterion(**c) for c in tables["criterion"])
    for c in criteria:
        if not 1 <= c.stage <= len(stages):
            raise ContentError(
                f"stage {c.stage} does not exist (1-{len(stages)})",
                file=path,
                entry=f"[[criterion]] {c.id!r}",
                field="stage",
            )
    for s in stages:
        if not any(c.stage == s.number for c in criteria):
            raise ContentError(
                "a stage needs at least one check to move on",
                file=path,
                entry=f"[[stage]] {s.id!r}",
            )
    rows = {r["id"]: RowText(**r) for r in tables["plan_row"]}
    missing = [r for r in ROW_IDS if r not in rows]
    if missing:
        raise ContentError(f"the plan needs the row(s) {missing}", file=path, entry="[[plan_row]]")
    frames = tuple(
        TimeFrame(**{k: v for k, v in f.items() if k != "id"}) for f in tables["time_frame"]
    )
    first_aid = tuple(
        FirstAidStep(**{k: v for k, v in f.items() if k != "id"}) for f in tables["first_aid"]
    )
    return Guidance(stages, criteria, frames, first_aid, rows)


_SCHEMAS = {
    "stage": _STAGE,
    "criterion": _CRITERION,
    "time_frame": _TIME_FRAME,
    "first_aid": _FIRST_AID,
    "plan_row": _ROW,
}
