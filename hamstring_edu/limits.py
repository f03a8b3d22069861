"""What a raised warning sign or answer pattern rules out until a clinician has seen the leg.

The limits are content: each ``[[limit]]`` in ``data/questionnaire.toml`` says, in words and as
ids, what it rules out (exercises, the article's solutions, parts of the product in
:data:`PLANS`, rows of the recovery plan), and each red flag and pattern lists the limits it
raises. :class:`Limits` is the set one result raised, with the signs behind each. Every consumer
takes it from the result (``assessment.limits``) and asks it before it offers anything: the
suggestions, the routines, the build-up planner, the recovery plan and its return to running,
the summaries and exports, the athlete app and the coach's list. Pure Python: no pandas, no UI.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from hamstring_edu.errors import OptionError, PlanError, brief
from hamstring_edu.wording import say

# The parts of the product a limit can rule out (names used in questionnaire.toml `plans`).
PLANS = ("routine", "build_up", "return_to_run", "strength_plan", "recovery_plan")
# The recovery-plan rows a limit can rule out, by category (a subset of recovery.CATEGORIES).
RECOVERY_ROWS = ("rest", "ice", "compression", "elevation", "heat", "rehab")


@dataclass(frozen=True)
class Limit:
    """One thing a sign or pattern rules out, in words and as the ids it covers."""

    id: str
    title: str
    text: str
    instead: str = ""
    refs: tuple[str, ...] = ()
    exercises: tuple[str, ...] = ()
    solutions: tuple[str, ...] = ()
    plans: tuple[str, ...] = ()
    recovery: tuple[str, ...] = ()


@dataclass(frozen=True)
class RaisedLimit:
    """A limit a result raised, with the titles of the signs or patterns that raised it."""

    limit: Limit
    because: tuple[str, ...]
    source_refs: tuple[str, ...] = ()

    @property
    def refs(self) -> tuple[str, ...]:
        """The limit's own sources, then those of the signs behind it (no repeats)."""
        return tuple(dict.fromkeys((*self.limit.refs, *self.source_refs)))

    @property
    def reason(self) -> str:
        """'No running: <what it means> (because of: <signs>)'."""
        return say(
            "limits.reason",
            limit=self.limit.title,
            text=self.limit.text,
            because="; ".join(self.because),
        )


@dataclass(frozen=True)
class Limits:
    """The limits one result raised (empty when no sign or pattern was raised)."""

    items: tuple[RaisedLimit, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.items)

    @property
    def ids(self) -> tuple[str, ...]:
        """The raised limit ids, in the questionnaire's order."""
        return tuple(r.limit.id for r in self.items)

    def get(self, limit_id: str) -> RaisedLimit | None:
        """The raised limit with this id, or None."""
        return next((r for r in self.items if r.limit.id == limit_id), None)

    def exercise(self, exercise_id: str) -> RaisedLimit | None:
        """The first raised limit that rules out this exercise, or None."""
        return next((r for r in self.items if exercise_id in r.limit.exercises), None)

    def solution(self, solution_id: str, exercises: Iterable[str] = ()) -> RaisedLimit | None:
        """The first raised limit that rules out this solution, directly or by an exercise."""
        exercises = tuple(exercises)
        return next(
            (
                r
                for r in self.items
                if solution_id in r.limit.solutions or set(exercises) & set(r.limit.exercises)
            ),
            None,
        )

    def plan(self, plan: str) -> RaisedLimit | None:
        """The first raised limit that rules out this part of the product (see PLANS)."""
        if plan not in PLANS:
            raise ValueError(f"unknown plan {plan!r}; expected one of {', '.join(PLANS)}")
        return next((r for r in self.items if plan in r.limit.plans), None)

    def recovery(self, category: str) -> RaisedLimit | None:
        """The first raised limit that rules out recovery-plan rows of this category."""
        return next((r for r in self.items if category in r.limit.recovery), None)

    @property
    def instead(self) -> tuple[str, ...]:
        """What is still allowed, one sentence per limit that says so (no repeats)."""
        seen: list[str] = []
        for r in self.items:
            if r.limit.instead and r.limit.instead not in seen:
                seen.append(r.limit.instead)
        return tuple(seen)

    def refusal(self, plan: str, what: str) -> str | None:
        """Why ``what`` (e.g. 'a warm-up') is not offered, in words, or None if it is allowed."""
        raised = self.plan(plan)
        if raised is None:
            return None
        refusal = say(
            "limits.refusal",
            what=what,
            limit=raised.limit.title.lower(),
            because="; ".join(raised.because),
        )
        if not self.instead:
            return refusal
        return f"{refusal} {say('limits.instead', instead=' '.join(self.instead))}"

    def require(self, plan: str, what: str) -> None:
        """PlanError (field 'limits') saying why, when these limits rule ``what`` out."""
        refusal = self.refusal(plan, what)
        if refusal:
            raise PlanError(refusal, field="limits")

    def to_list(self) -> list[dict[str, Any]]:
        """The raised limits as plain JSON-ready data."""
        return [
            {
                "id": r.limit.id,
                "title": r.limit.title,
                "text": r.limit.text,
                "instead": r.limit.instead,
                "because": list(r.because),
            }
            for r in self.items
        ]


NO_LIMITS = Limits()


def as_limits(value: Any) -> Limits:
    """A consumer's ``limits`` argument: a result's ``limits``, or None for none."""
    if value is None:
        return NO_LIMITS
    if isinstance(value, Limits):
        return value
    raise OptionError(
        f"limits must come from a self-assessment (result.limits), got {brief(value)}",
        field="limits",
    )


def raised_limits(sources: Iterable[Any], catalogue: Iterable[Limit]) -> Limits:
    """The limits raised by ``sources`` (flags or patterns with ``title`` and ``limits``),
    in the catalogue's order, each with the titles of the sources behind it."""
    because: dict[str, dict[str, None]] = {}
    refs: dict[str, dict[str, None]] = {}
    for source in sources:
        for limit_id in source.limits:
            because.setdefault(limit_id, {})[source.title] = None
            refs.setdefault(limit_id, {}).update(dict.fromkeys(source.refs))
    return Limits(
        tuple(
            RaisedLimit(lim, tuple(because[lim.id]), tuple(refs[lim.id]))
            for lim in catalogue
            if lim.id in because
        )
    )


def merge(*parts: Limits) -> Limits:
    """One set from several (a result's limits and a routine condition's, say)."""
    found: dict[str, tuple[Limit, dict[str, None], dict[str, None]]] = {}
    for part in parts:
        for r in part.items:
            _, titles, refs = found.setdefault(r.limit.id, (r.limit, {}, {}))
            titles.update(dict.fromkeys(r.because))
            refs.update(dict.fromkeys(r.source_refs))
    return Limits(tuple(RaisedLimit(lim, tuple(t), tuple(r)) for lim, t, r in found.values()))
