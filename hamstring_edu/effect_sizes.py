"""Reading a study's result: risk ratios with their 95% confidence intervals, and two risks
compared, with the numbers taken from the verified references (``data/references.toml``).

The numbers are never typed twice: :func:`reported_ratio` reads "risk ratio 0.49, 95% CI
0.32-0.74" (or "RR", "HR") from a reference's ``finding``; :func:`reported_percentages` reads the
percentages ("20.8%", "20.3%"). :func:`read_ratio` and :func:`compare_risks` say what they mean.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from hamstring_edu.content import load_content
from hamstring_edu.errors import ContentError, OptionError
from hamstring_edu.wording import say

RATIO = re.compile(
    r"\b(risk ratio|RR|HR|hazard ratio)\s+(\d+(?:\.\d+)?),\s*95% CI\s+(\d+(?:\.\d+)?)\s*-\s*"
    r"(\d+(?:\.\d+)?)"
)
PERCENT = re.compile(r"\((\d+(?:\.\d+)?)%\)")  # a result in brackets: "(20.8%)"
RATES = re.compile(r"from (\d+(?:\.\d+)?) to (\d+(?:\.\d+)?) per (\d+) ([\w-]+)")
KINDS = {"risk ratio": "risk ratio", "RR": "risk ratio", "HR": "hazard ratio"}


@dataclass(frozen=True)
class ReportedRatio:
    """A ratio as a study reported it: its kind, the estimate and the 95% confidence interval."""

    ref: str
    kind: str
    ratio: float
    low: float
    high: float


@dataclass(frozen=True)
class RatioReading:
    """What a ratio and its interval say, in numbers and in words."""

    ratio: float
    low: float
    high: float
    kind: str
    change_pct: float
    change_low_pct: float
    change_high_pct: float
    includes_one: bool
    sentence: str

    @property
    def reduction_pct(self) -> float:
        """How much lower the risk was, in % (negative when it was higher)."""
        return -self.change_pct


@dataclass(frozen=True)
class RiskComparison:
    """Two risks side by side: the difference in percentage points and their ratio."""

    risk_a_pct: float
    risk_b_pct: float
    difference_points: float
    ratio: float
    sentence: str


def reported_ratio(ref_id: str) -> ReportedRatio:
    """The ratio and 95% CI in a reference's finding (ContentError if it reports none)."""
    ref = load_content().reference(ref_id)
    match = RATIO.search(ref.finding)
    if match is None:
        raise ContentError(
            f"reference {ref_id!r} reports no ratio with a 95% CI in its finding",
            field="finding",
        )
    kind, ratio, low, high = match.groups()
    return ReportedRatio(ref_id, KINDS.get(kind, kind), float(ratio), float(low), float(high))


def reported_percentages(ref_id: str) -> tuple[float, ...]:
    """The bracketed percentages in a reference's finding, in order (buist2008: 20.8, 20.3)."""
    return tuple(float(x) for x in PERCENT.findall(load_content().reference(ref_id).finding))


def reported_rates(ref_id: str) -> tuple[float, float, str]:
    """Two rates a finding reports as "from A to B per 100 player-seasons": (A, B, "per ...")."""
    match = RATES.search(load_content().reference(ref_id).finding)
    if match is None:
        raise ContentError(f"reference {ref_id!r} reports no 'from A to B per N ...' rates")
    before, after, per, unit = match.groups()
    return float(before), float(after), f"per {per} {unit}"


def read_ratio(ratio: float, low: float, high: float, *, kind: str = "risk ratio") -> RatioReading:
    """A ratio read aloud: the % change it means, the range its 95% CI allows, whether 1 is in.

    A ratio of 0.49 means the risk in the group was 49% of the risk in the comparison group:
    51% lower. The interval 0.32-0.74 keeps every value from 26% to 68% lower; since it does not
    include 1 (no difference), the data do not fit "no effect" well. An interval that includes 1
    (such as 0.96-2.66) fits no difference as well as a real one: the result is uncertain.
    """
    for name, value in (("ratio", ratio), ("low", low), ("high", high)):
        if isinstance(value, bool) or not isinstance(value, int | float) or not value > 0:
            raise OptionError(f"{name} must be a number above 0, got {value!r}", field=name)
    if not low <= ratio <= high:
        raise OptionError(
            f"the interval {low:g}-{high:g} must contain the estimate {ratio:g}", field="ratio"
        )
    change = 100 * (ratio - 1)
    low_change, high_change = 100 * (low - 1), 100 * (high - 1)
    includes = low <= 1 <= high
    words = {
        "kind": kind,
        "ratio": f"{ratio:.2f}",
        "what": say("effect_sizes.hazard") if kind == "hazard ratio" else say("effect_sizes.risk"),
        "size": abs(round(change)),
        "direction": say("effect_sizes.lower") if ratio < 1 else say("effect_sizes.higher"),
        "low": f"{low:.2f}",
        "high": f"{high:.2f}",
    }
    if includes:
        sentence = say("effect_sizes.ratio_uncertain", **words)
    else:
        least, most = sorted((abs(round(low_change)), abs(round(high_change))))
        sentence = say("effect_sizes.ratio_clear", **words, least=least, most=most)
    return RatioReading(ratio, low, high, kind, change, low_change, high_change, includes, sentence)


def compare_risks(risk_a_pct: float, risk_b_pct: float) -> RiskComparison:
    """Two risks (in %) compared: difference in percentage points and the ratio a / b."""
    for name, value in (("risk_a_pct", risk_a_pct), ("risk_b_pct", risk_b_pct)):
        if isinstance(value, bool) or not isinstance(value, int | float) or not 0 < value <= 100:
            raise OptionError(f"{name} must be a percentage above 0, got {value!r}", field=name)
    difference = risk_a_pct - risk_b_pct
    ratio = risk_a_pct / risk_b_pct
    sentence = say(
        "effect_sizes.risks_compared",
        a=f"{risk_a_pct:g}",
        b=f"{risk_b_pct:g}",
        points=f"{abs(difference):.1f}",
        ratio=f"{ratio:.2f}",
    )
    return RiskComparison(risk_a_pct, risk_b_pct, difference, ratio, sentence)


def study_fact(ref_id: str, fact: str) -> float:
    """One number read or computed from a reference's finding (used by quiz answers).

    Facts: ``ratio``, ``low``, ``high``, ``reduction_pct``, ``reduction_low_pct`` (the smallest
    reduction the CI allows), ``reduction_high_pct``, ``increase_pct`` for ratios; ``risk_a``,
    ``risk_b``, ``difference_points``, ``risk_ratio`` for a finding with two percentages;
    ``rate_before``, ``rate_after``, ``rate_difference``, ``rate_ratio`` for "from A to B per N".
    """
    if fact in ("rate_before", "rate_after", "rate_difference", "rate_ratio"):
        before, after, _ = reported_rates(ref_id)
        return {
            "rate_before": before,
            "rate_after": after,
            "rate_difference": before - after,
            "rate_ratio": after / before,
        }[fact]
    if fact in ("risk_a", "risk_b", "difference_points", "risk_ratio"):
        numbers = reported_percentages(ref_id)
        if len(numbers) != 2:
            raise ContentError(f"reference {ref_id!r} does not report two percentages")
        comparison = compare_risks(*numbers)
        return {
            "risk_a": comparison.risk_a_pct,
            "risk_b": comparison.risk_b_pct,
            "difference_points": comparison.difference_points,
            "risk_ratio": comparison.ratio,
        }[fact]
    reported = reported_ratio(ref_id)
    reading = read_ratio(reported.ratio, reported.low, reported.high, kind=reported.kind)
    values = {
        "ratio": reported.ratio,
        "low": reported.low,
        "high": reported.high,
        "reduction_pct": reading.reduction_pct,
        "reduction_low_pct": -reading.change_high_pct,
        "reduction_high_pct": -reading.change_low_pct,
        "increase_pct": reading.change_pct,
    }
    if fact not in values:
        known = ", ".join(
            [
                *values,
                "risk_a",
                "risk_b",
                "difference_points",
                "risk_ratio",
                "rate_difference",
                "rate_ratio",
            ]
        )
        raise ContentError(f"unknown study fact {fact!r}; known: {known}")
    return values[fact]


__all__ = [
    "RatioReading",
    "ReportedRatio",
    "RiskComparison",
    "compare_risks",
    "read_ratio",
    "reported_percentages",
    "reported_rates",
    "reported_ratio",
    "study_fact",
]
