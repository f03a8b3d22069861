"""Worked cases for teaching: short stories with data (``data/cases.toml``), each run through
the library.

A case holds some of: self-assessment answers (run through :func:`hamstring_edu.assess`), a
daily running log (through :func:`hamstring_edu.load_metrics`), a progression plan (through
:func:`hamstring_edu.plan_progression`), a cool-down (through :func:`hamstring_edu.build_routine`,
with the condition the self-assessment found) and a team journal export (through
:func:`hamstring_edu.summarise_team`). :func:`run_case` returns every number and verdict as
``facts``; the case's ``expect`` table says what the story is meant to show, and
:func:`check_cases` fails loudly when the library no longer shows it (for example if a red flag
changes). Quiz answers that come from a case (``compute = "case.<id>.<fact>"``) are read from
these facts, never typed by hand.
"""

from __future__ import annotations

import functools
import math
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from hamstring_edu import schema
from hamstring_edu.content import data_dir
from hamstring_edu.errors import ContentError, HamstringEduError
from hamstring_edu.schema import REQUIRED, check_entries, entry_label, read_toml
from hamstring_edu.teaching import Card, check_citations, check_section
from hamstring_edu.wording import say

if TYPE_CHECKING:
    import pandas as pd

CASES_NOTEBOOK = "10_cases"
LOG_SETTINGS = ("acute_days", "chronic_days", "ewma_mask")
LAST_DAY_FACTS = (
    "load_7d",
    "week_change_pct",
    "acwr_rolling",
    "acwr_uncoupled",
    "acwr_ewma",
    "ewma_acute",
    "ewma_chronic",
    "monotony",
    "strain",
    "ctl",
    "atl",
    "tsb",
)


@dataclass(frozen=True)
class Case:
    """A case vignette: who, the story, and the data the library runs."""

    id: str
    title: str
    person: str
    who: str
    story: str
    section: str
    notebooks: tuple[str, ...]
    refs: tuple[str, ...] = ()
    answers: Mapping[str, Any] = field(default_factory=dict)
    log: Mapping[str, Any] = field(default_factory=dict)
    heart: Mapping[str, Any] = field(default_factory=dict)
    plan: Mapping[str, Any] = field(default_factory=dict)
    routine: Mapping[str, Any] = field(default_factory=dict)
    team: Mapping[str, Any] = field(default_factory=dict)
    expect: Mapping[str, Any] = field(default_factory=dict)
    discuss: tuple[str, ...] = ()


@dataclass(frozen=True)
class CaseRun:
    """A case run through the library: its facts and the library objects behind them."""

    case: Case
    facts: Mapping[str, Any]
    assessment: Any = None
    metrics: pd.DataFrame | None = None
    plan: pd.DataFrame | None = None
    routine: pd.DataFrame | None = None
    week: Any = None

    @property
    def mismatches(self) -> tuple[str, ...]:
        """Where the library's result differs from what the case says it shows."""
        out = []
        for key, want in self.case.expect.items():
            got = self.facts.get(key)
            if isinstance(want, list):
                if key in ("flags_include", "patterns_include", "limits_include"):
                    missing = [w for w in want if w not in (got or ())]
                    if missing:
                        out.append(f"{key}: {missing} not raised (raised: {list(got or ())})")
                elif list(got or ()) != want:
                    out.append(f"{key}: expected {want}, the library gives {list(got or ())}")
            elif isinstance(want, float) and isinstance(got, float):
                if not math.isclose(want, got, rel_tol=1e-9, abs_tol=1e-9):
                    out.append(f"{key}: expected {want}, the library gives {got}")
            elif got != want:
                out.append(f"{key}: expected {want!r}, the library gives {got!r}")
        return tuple(out)


# --------------------------------------------------------------------------- loading


_CASE = {
    "id": (schema.ident, REQUIRED),
    "title": (schema.text, REQUIRED),
    "person": (schema.text, REQUIRED),
    "who": (schema.text, REQUIRED),
    "story": (schema.text, REQUIRED),
    "section": (schema.text, REQUIRED),
    "notebooks": (schema.count(1, 6, schema.texts), REQUIRED),
    "refs": (schema.idents, ()),
    "answers": (schema.raw, {}),
    "log": (schema.raw, {}),
    "heart": (schema.raw, {}),
    "plan": (schema.raw, {}),
    "routine": (schema.raw, {}),
    "team": (schema.raw, {}),
    "expect": (schema.raw, REQUIRED),
    "discuss": (schema.texts, ()),
}
_LOG_KEYS = {"start", "km", "athlete", *LOG_SETTINGS}
_PLAN_KEYS = {"current_km", "target_km", "max_increase", "recovery_week_every"}
# one run of the log with its heart rate: the day (1 = the log's first), the run's average
# heart rate, the runner's resting and maximum heart rate and sex (for TRIMP)
_HEART_KEYS = {"day", "average", "resting", "maximum", "sex"}
_ROUTINE_KEYS = {"kind", "minutes"}
_TEAM_KEYS = {"journal", "team", "week"}


def load_cases() -> tuple[Case, ...]:
    """Every case in ``data/cases.toml``, checked (fields, answers, sections, references)."""
    path = data_dir() / "cases.toml"
    return _load(path, path.stat().st_mtime_ns if path.is_file() else 0)


def case(case_id: str) -> Case:
    """One case by id."""
    for item in load_cases():
        if item.id == case_id:
            return item
    known = ", ".join(c.id for c in load_cases())
    raise ContentError(f"unknown case {case_id!r}; known cases: {known}")


@functools.lru_cache(maxsize=4)
def _load(path: Path, _stamp: int) -> tuple[Case, ...]:
    from hamstring_edu.questions import validate_answers

    doc = read_toml(path)
    if set(doc) - {"case"}:
        raise ContentError("entries go in [[case]] tables", file=path)
    out = []
    for n, raw in enumerate(check_entries(doc, "case", _CASE, file=path), start=1):
        where = {"file": path, "entry": f"[[case]] {entry_label(n, raw)}"}
        for name, keys in (
            ("answers", None),
            ("log", _LOG_KEYS),
            ("heart", _HEART_KEYS),
            ("plan", _PLAN_KEYS),
            ("routine", _ROUTINE_KEYS),
            ("team", _TEAM_KEYS),
            ("expect", None),
        ):
            value = raw[name]
            if not isinstance(value, dict):
                raise ContentError("expected a table", **where, field=name)
            if keys is not None and set(value) - keys:
                raise ContentError(
                    f"unknown key(s) {sorted(set(value) - keys)}; "
                    f"allowed: {', '.join(sorted(keys))}",
                    **where,
                    field=name,
                )
        if not (raw["answers"] or raw["log"] or raw["team"] or raw["plan"]):
            raise ContentError(
                "a case needs data: answers, a log, a plan or a team", **where, field="answers"
            )
        if raw["answers"]:
            try:
                validate_answers(raw["answers"])
            except HamstringEduError as exc:
                raise ContentError(str(exc), **where, field="answers") from None
        log = raw["log"]
        if log and (
            not isinstance(log.get("km"), list)
            or len(log["km"]) < 7
            or not all(
                isinstance(x, int | float) and not isinstance(x, bool) and 0 <= x < 400
                for x in log["km"]
            )
        ):
            raise ContentError(
                "a log needs 'km': a list of at least 7 daily distances (0 on a rest day)",
                **where,
                field="log",
            )
        heart = raw["heart"]
        if heart and (
            not log
            or set(heart) != _HEART_KEYS
            or heart["sex"] not in ("male", "female")
            or not 1 <= heart["day"] <= len(log["km"])
            or not log["km"][heart["day"] - 1] > 0
        ):
            raise ContentError(
                "heart needs a log and day (a run's day in it, from 1), average, resting, "
                "maximum and sex ('male' or 'female')",
                **where,
                field="heart",
            )
        if not raw["expect"]:
            raise ContentError("say what the case shows in 'expect'", **where, field="expect")
        check_section(CASES_NOTEBOOK, raw["section"], **where)
        check_citations(" ".join([raw["story"], *raw["discuss"]]), raw["refs"], **where)
        out.append(Case(**{**raw, "answers": MappingProxyType(dict(raw["answers"]))}))
    return tuple(out)


# --------------------------------------------------------------------------- running


def case_log(item: Case) -> pd.DataFrame:
    """A case's daily log as a ``read_log``-style frame: one row per listed day (0 km: rest)."""
    import pandas as pd

    log = item.log
    days = pd.date_range(pd.Timestamp(log.get("start", "2025-03-03")), periods=len(log["km"]))
    km = [float(x) for x in log["km"]]
    return pd.DataFrame(
        {
            "athlete": log.get("athlete", item.person.lower()),
            "date": days,
            "activity_type": "run",
            "distance_km": km,
            "duration_min": [round(6 * x, 1) for x in km],
            "is_running": True,
        }
    )


def log_settings(item: Case) -> dict[str, Any]:
    """The load_metrics settings a case's log is read with (its own, or the defaults)."""
    return {k: item.log[k] for k in LOG_SETTINGS if k in item.log}


def case_metrics(item: Case) -> pd.DataFrame:
    """load_metrics over a case's log, one row per listed day."""
    from hamstring_edu.load import load_metrics

    return load_metrics(case_log(item), **log_settings(item))


@functools.lru_cache(maxsize=32)
def run_case(case_id: str) -> CaseRun:
    """Run a case through the library and collect its facts (cached; read-only results)."""
    item = case(case_id)
    facts: dict[str, Any] = {}
    result = metrics = plan = routine = week = None
    if item.answers:
        from hamstring_edu.assessment import assess
        from hamstring_edu.recovery import recovery_kind_for

        result = assess(item.answers)
        facts["level"] = result.level or "none"
        facts["flags"] = tuple(f.id for f in result.red_flags)
        facts["flags_include"] = facts["flags"]
        facts["patterns"] = tuple(p.id for p in result.patterns)
        facts["patterns_include"] = facts["patterns"]
        facts["read"] = result.doms_vs_strain.pattern
        facts["top_cause"] = result.ranking[0][0] if result.ranking[0][1] > 0 else "none"
        facts["recommendations"] = len(result.recommendations)
        facts["recovery_plan"] = recovery_kind_for(result) or "none"
        facts["limits"] = result.limits.ids
        facts["limits_include"] = facts["limits"]
    if item.log:
        from hamstring_edu.load import SPIKE_PCT
        from hamstring_edu.team import zone_of

        metrics = case_metrics(item)
        last = metrics.iloc[-1]
        for name in LAST_DAY_FACTS:
            facts[name] = float(last[name])
        facts["zone"] = str(zone_of([last["acwr_rolling"]])[0])
        facts["spike"] = bool(last["week_change_pct"] > SPIKE_PCT)
        km = [float(x) for x in item.log["km"]]
        facts["weekly_km"] = tuple(round(sum(km[i : i + 7]), 1) for i in range(0, len(km), 7))
    if item.heart:
        from hamstring_edu.heart_rate import trimp

        h = item.heart
        minutes = float(case_log(item)["duration_min"].iloc[h["day"] - 1])
        facts["trimp"] = trimp(
            ((h["average"], minutes * 60),), h["resting"], h["maximum"], h["sex"]
        )
    if item.plan:
        from hamstring_edu.progression import plan_progression

        spec = item.plan
        plan = plan_progression(
            spec["current_km"],
            spec["target_km"],
            max_increase=spec.get("max_increase", 0.10),
            recovery_week_every=spec.get("recovery_week_every", 4),
        )
        facts["plan_weeks"] = len(plan)
        facts["plan_final_km"] = float(plan["planned_km"].iloc[-1])
        facts["plan_biggest_change_pct"] = float(plan["change_pct"].max())
    if item.routine:
        from hamstring_edu.routines import build_routine, routine_refusal

        condition = result.routine_condition if result is not None else None
        limits = result.limits if result is not None else None
        kind = item.routine.get("kind", "cooldown")
        facts["routine_condition"] = condition or "none"
        refusal = routine_refusal(kind, limits=limits)
        facts["routine"] = "refused" if refusal else "built"
        if refusal:  # what the result rules out is not built, in a case either
            facts["routine_refusal"] = refusal
            facts["left_out"] = ()
        else:
            routine = build_routine(kind, item.routine.get("minutes", 10), limits=limits)
            facts["left_out"] = tuple(x["name"] for x in routine.attrs.get("left_out", ()))
    if item.team:
        from hamstring_edu.journal import Journal
        from hamstring_edu.team import summarise_team

        folder = data_dir() / item.team["journal"]
        with (
            tempfile.TemporaryDirectory() as scratch,
            Journal.restore(folder, Path(scratch) / "case.sqlite3") as journal,
        ):
            week = summarise_team(journal, team=item.team.get("team"), week=item.team.get("week"))
        facts["talk_to"] = tuple(week.talk_to["athlete"])
        facts["talk_to_count"] = len(facts["talk_to"])
        facts["athletes"] = len(week.athletes)
        for row in week.table.itertuples():
            facts[f"ratio_{row.athlete}"] = float(row.ratio)
            facts[f"change_pct_{row.athlete}"] = float(row.change_pct)
    return CaseRun(item, MappingProxyType(facts), result, metrics, plan, routine, week)


def case_fact(case_id: str, fact: str) -> Any:
    """One fact of a case run through the library (``run_case(case_id).facts[fact]``)."""
    facts = run_case(case_id).facts
    if fact not in facts:
        raise ContentError(
            f"case {case_id!r} has no fact {fact!r}; it has: {', '.join(facts)}", field="compute"
        )
    return facts[fact]


def check_cases() -> None:
    """Run every case; ContentError listing each one whose result no longer fits its story."""
    problems = [f"{c.id}: {m}" for c in load_cases() for m in run_case(c.id).mismatches]
    if problems:
        raise ContentError(
            "the library no longer shows what these cases teach: " + "; ".join(problems),
            file=data_dir() / "cases.toml",
        )


def case_findings(run: CaseRun) -> list[tuple[str, str]]:
    """What the library shows for a case, in words: (what, result) pairs."""
    f = run.facts
    out: list[tuple[str, str]] = []
    if run.assessment is not None:
        result = run.assessment
        if result.level:
            level = result.triage
            out.append((say("cases.level"), f"{result.level}: {level.title} ({level.who})"))
            out += [(say("cases.flag"), flag.title) for flag in result.red_flags]
        else:
            out.append((say("cases.level"), say("cases.level_none")))
        out += [(say("cases.pattern"), p.title) for p in result.patterns]
        if result.limits and not result.urgent:
            ruled_out = ", ".join(r.limit.title.lower() for r in result.limits.items)
            out.append((say("limits.heading"), ruled_out))
        if not result.urgent:
            out.append((say("cases.read"), result.doms_vs_strain.summary))
            top = [c for c, s in result.ranking[:3] if s > 0]
            out.append((say("cases.causes"), ", ".join(top) or say("cases.none")))
    if run.metrics is not None:
        weeks = ", ".join(f"{km:g}" for km in f["weekly_km"])
        out.append((say("cases.weekly_km"), weeks))
        out.append((say("cases.week_change"), f"{f['week_change_pct']:+.0f}%"))
        window = f"{run.case.log.get('acute_days', 7)}:{run.case.log.get('chronic_days', 28)}"
        rolling = f"{f['acwr_rolling']:.2f} (zone {f['zone']})"
        out.append((say("cases.acwr_rolling", window=window), rolling))
        out.append((say("cases.acwr_ewma"), f"{f['acwr_ewma']:.2f}"))
    if run.plan is not None:
        weeks = say("cases.plan_result", weeks=f["plan_weeks"], km=f["plan_final_km"])
        out.append((say("cases.plan"), weeks))
    if run.routine is not None:
        left = "; ".join(f"{x['name']} ({x['why']})" for x in run.routine.attrs["left_out"])
        out.append((say("cases.left_out"), left or say("cases.nothing")))
    elif f.get("routine") == "refused":
        out.append((say("cases.refused"), f["routine_refusal"]))
    if run.week is not None:
        for r in run.week.talk_to.itertuples():
            out.append((say("cases.talk_to", athlete=r.athlete, urgency=r.urgency), r.reason))
    return out


def case_card(case_id: str) -> Card:
    """A case as a card: who, the story, what the library shows, questions for discussion."""
    run = run_case(case_id)
    c = run.case
    items = [
        (say("cases.who"), f"{c.person}, {c.who}"),
        (say("cases.story"), c.story),
        *case_findings(run),
    ]
    items += [(say("cases.discuss"), q) for q in c.discuss]
    return Card(c.title, items, edge="#E69F00")


def cases_frame() -> pd.DataFrame:
    """One row per case: who, title, the notebooks it uses, what it shows."""
    import pandas as pd

    rows = [
        {
            "case": c.id,
            "who": f"{c.person}, {c.who}",
            "title": c.title,
            "data": ", ".join(
                k for k in ("answers", "log", "plan", "routine", "team") if getattr(c, k)
            ),
            "notebooks": ", ".join(c.notebooks),
        }
        for c in load_cases()
    ]
    return pd.DataFrame(rows)


__all__ = [
    "Case",
    "CaseRun",
    "case",
    "case_card",
    "case_fact",
    "case_findings",
    "case_log",
    "case_metrics",
    "cases_frame",
    "check_cases",
    "load_cases",
    "log_settings",
    "run_case",
]
