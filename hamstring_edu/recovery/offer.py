"""What the recovery plan offers after a self-assessment: never a plan the result's limits rule
out, the first-aid plan for a possible injury, the plan that fits a strain or soreness."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from hamstring_edu.limits import NO_LIMITS
from hamstring_edu.wording import say

if TYPE_CHECKING:
    from hamstring_edu.assessment import Assessment


@dataclass(frozen=True)
class Offer:
    """Whether a self-assessment result leads to this plan, which kind, and why (in words)."""

    kind: str | None
    blocked: bool
    message: str


def recovery_offer(result: Assessment) -> Offer:
    """What the recovery plan offers after a self-assessment: never a plan the result's limits
    rule out (an urgent sign, the tendon pattern), the plan that fits a strain or soreness
    otherwise."""
    level = getattr(result, "level", None)
    limits = getattr(result, "limits", NO_LIMITS)
    ruled_out = limits.plan("recovery_plan")
    if level not in (None, "soon"):
        titles = "; ".join(f.title for f in getattr(result, "red_flags", ()))
        return Offer(None, True, say("recovery.offer_urgent", level=level, titles=titles))
    if ruled_out is not None:
        because = "; ".join(ruled_out.because)
        message = say("recovery.offer_ruled_out", limit=ruled_out.limit.text, because=because)
        return Offer(None, True, message)
    pattern = getattr(getattr(result, "doms_vs_strain", None), "pattern", None)
    kind = {"strain": "strain", "doms": "soreness"}.get(pattern)
    if kind is None and "strain" in {p.id for p in getattr(result, "patterns", ())}:
        kind = "strain"  # with a "soon" sign the soreness read is not judged; a strain still is
    injury = kind is None and limits.plan("return_to_run") is not None
    if injury:  # a sign that stops running (bruising, a blow): first aid until it is examined
        return Offer("strain", False, say("recovery.offer_injury"))
    if kind is None:
        return Offer(None, False, say("recovery.offer_unclear"))
    fits = say("recovery.what_strain" if kind == "strain" else "recovery.what_soreness")
    message = say("recovery.offer_fits", fits=fits)
    if level == "soon":
        message += " " + say("recovery.offer_soon")
    return Offer(kind, False, message)


def recovery_kind_for(result: Assessment) -> str | None:
    """The plan that fits a self-assessment ("strain" or "soreness"), or None: always None
    when the result is urgent (level ``today`` or ``emergency``) or the pattern is unclear."""
    return recovery_offer(result).kind
