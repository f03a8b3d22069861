"""Worked solutions: a number computed step by step, the way a student does it with a pencil.

The steps are plain arithmetic on the case's daily distances (or on a study's reported numbers),
written out with the intermediate values. They are computed here, independently of
:func:`hamstring_edu.load_metrics`, and the tests check that both give the same number: the
worked solution explains the library's answer, it never replaces it.

Keys are the quiz's ``compute`` keys: ``case.<case id>.<fact>`` for a case with a daily log
(``week_change_pct``, ``acwr_rolling``, ``acwr_uncoupled``, ``acwr_ewma``, ``monotony``,
``strain``, ``tsb``) and ``study.<reference id>.<fact>`` (``reduction_pct``,
``reduction_low_pct``, ``reduction_high_pct``, ``increase_pct``, ``difference_points``,
``risk_ratio``, ``rate_difference``, ``rate_ratio``).
"""

from __future__ import annotations

import html
import math
import statistics
from dataclasses import dataclass
from typing import TYPE_CHECKING

from hamstring_edu.errors import ContentError

if TYPE_CHECKING:
    import pandas as pd

    from hamstring_edu.cases import Case

DEFAULTS = {"acute_days": 7, "chronic_days": 28, "ctl_days": 42, "atl_days": 7}
LOG_FACTS = (
    "load_7d",
    "week_change_pct",
    "acwr_rolling",
    "acwr_uncoupled",
    "acwr_ewma",
    "monotony",
    "strain",
    "tsb",
)
STUDY_FACTS = (
    "reduction_pct",
    "reduction_low_pct",
    "reduction_high_pct",
    "increase_pct",
    "difference_points",
    "risk_ratio",
    "rate_difference",
    "rate_ratio",
)


@dataclass(frozen=True)
class Worked:
    """A worked solution: what is asked, the steps with their numbers, the result."""

    key: str
    title: str
    value: float
    unit: str
    decimals: int
    steps: tuple[str, ...]
    refs: tuple[str, ...] = ()

    @property
    def answer(self) -> str:
        """The result as written in the last step ("26.9 %", "1.21")."""
        number = f"{self.value:.{self.decimals}f}"
        return f"{number} {self.unit}".strip() if self.unit else number

    def __repr__(self) -> str:
        lines = [f"Worked solution: {self.title}"]
        lines += [f"  {n}. {step}" for n, step in enumerate(self.steps, start=1)]
        lines.append(f"  Answer: {self.answer}")
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        steps = "".join(f"<li>{html.escape(s)}</li>" for s in self.steps)
        return (
            '<div style="border-left:6px solid #56B4E9;background:#f1f8fd;padding:6px 14px;'
            'margin:6px 0;border-radius:6px;word-break:normal;overflow-wrap:normal">'
            f"<b>Worked solution: {html.escape(self.title)}</b><ol>{steps}</ol>"
            f"<b>Answer: {html.escape(self.answer)}</b></div>"
        )


def compute_key(key: str) -> tuple[str, str, str]:
    """A compute key split into (source, name, fact): ``case.<case>.<fact>`` or
    ``study.<reference>.<fact>`` (ContentError for anything else)."""
    parts = key.split(".") if isinstance(key, str) else []
    if len(parts) != 3 or parts[0] not in ("case", "study"):
        raise ContentError(
            f"unknown compute key {key!r}; expected case.<case id>.<fact> or "
            "study.<reference id>.<fact>",
            field="compute",
        )
    return parts[0], parts[1], parts[2]


def worked_solution(key: str) -> Worked:
    """The worked solution for a compute key such as ``case.three_weeks.monotony``."""
    source, name, fact = compute_key(key)
    if source == "study":
        if fact not in STUDY_FACTS:
            raise ContentError(f"no worked solution for study fact {fact!r}", field="compute")
        return _study(key, name, fact)
    from hamstring_edu.cases import case

    item = case(name)
    if not item.log or fact not in LOG_FACTS:
        raise ContentError(
            f"no worked solution for {key!r}: worked solutions cover a log's "
            + ", ".join(LOG_FACTS),
            field="compute",
        )
    return _log(key, item, fact)


def has_worked_solution(key: str | None) -> bool:
    """Whether :func:`worked_solution` can explain this compute key."""
    if not key:
        return False
    parts = key.split(".")
    if len(parts) != 3:
        return False
    if parts[0] == "study":
        return parts[2] in STUDY_FACTS
    if parts[0] == "case" and parts[2] in LOG_FACTS:
        from hamstring_edu.cases import load_cases

        return any(c.id == parts[1] and c.log for c in load_cases())
    return False


# --------------------------------------------------------------------------- a log


def settings(item: Case) -> dict[str, int]:
    """The windows a case's log is read with (its own where given, else the defaults)."""
    return {k: int(item.log.get(k, v)) for k, v in DEFAULTS.items()}


def ewma(km: list[float], days: int) -> list[float]:
    """E_t = lam L_t + (1 - lam) E_(t-1), lam = 2/(N+1), seeded with day 1 (williams2017)."""
    lam = 2 / (days + 1)
    out = [km[0]]
    for load in km[1:]:
        out.append(lam * load + (1 - lam) * out[-1])
    return out


def fitness(km: list[float], tau: int) -> list[float]:
    """C_t = C_(t-1) + k (L_t - C_(t-1)), k = 1 - exp(-1/tau), from 0 before day 1."""
    k = 1 - math.exp(-1 / tau)
    out, state = [], 0.0
    for load in km:
        state = state + k * (load - state)
        out.append(state)
    return out


def given_table(case_id: str) -> pd.DataFrame:
    """The printed table for a hand calculation: every day's km, and the running values a
    student is given (EWMAs up to the day before the last, CTL/ATL up to two days before),
    written to 3 decimals, blank where the student computes them."""
    import pandas as pd

    from hamstring_edu.cases import case

    item = case(case_id)
    km = [float(x) for x in item.log["km"]]
    s = settings(item)
    n = len(km)
    dates = pd.date_range(pd.Timestamp(item.log.get("start", "2025-03-03")), periods=n)
    acute, chronic = ewma(km, s["acute_days"]), ewma(km, s["chronic_days"])
    ctl, atl = fitness(km, s["ctl_days"]), fitness(km, s["atl_days"])

    def upto(values: list[float], last: int) -> list[str]:
        """Values to 3 decimals up to day ``last`` (what the student is given), blank after."""
        return [f"{v:.3f}" if i < last else "" for i, v in enumerate(values)]

    return pd.DataFrame(
        {
            "day": range(1, n + 1),
            "date": [d.strftime("%a %d %b") for d in dates],
            "km": km,
            f"EWMA {s['acute_days']} d": upto(acute, n - 1),
            f"EWMA {s['chronic_days']} d": upto(chronic, n - 1),
            "CTL": upto(ctl, n - 2),
            "ATL": upto(atl, n - 2),
        }
    )


def _log(key: str, item: Case, fact: str) -> Worked:
    km = [float(x) for x in item.log["km"]]
    s = settings(item)
    n = len(km)
    a, c = s["acute_days"], s["chronic_days"]
    week, before = km[n - 7 :], km[n - 14 : n - 7]

    def total(values: list[float]) -> str:
        return " + ".join(f"{v:g}" for v in values) + f" = {sum(values):g} km"

    if fact == "load_7d":
        return Worked(key, "7-day load", sum(week), "km", 1, (f"Last 7 days: {total(week)}",))
    if fact == "week_change_pct":
        this, last = sum(week), sum(before)
        value = 100 * (this - last) / last
        steps = (
            f"This week (days {n - 6}-{n}): {total(week)}",
            f"The week before (days {n - 13}-{n - 7}): {total(before)}",
            f"Change = 100 x ({this:g} - {last:g}) / {last:g} = {value:.1f} %",
        )
        return Worked(key, "Weekly change", value, "%", 1, steps, ("nielsen2014",))
    if fact == "acwr_rolling":
        acute_sum, chronic_sum = sum(km[n - a :]), sum(km[n - c :])
        value = (acute_sum / a) / (chronic_sum / c)
        steps = (
            f"Acute load: mean of the last {a} days = {acute_sum:g} / {a} = {acute_sum / a:.3f} km",
            f"Chronic load: mean of the last {c} days (the acute days included) = "
            f"{chronic_sum:g} / {c} = {chronic_sum / c:.3f} km",
            f"Ratio = {acute_sum / a:.3f} / {chronic_sum / c:.3f} = {value:.2f}",
        )
        return Worked(key, f"Rolling ACWR ({a}:{c} days)", value, "", 2, steps, ("gabbett2016",))
    if fact == "acwr_uncoupled":
        acute_sum, rest = sum(km[n - a :]), km[n - c : n - a]
        value = (acute_sum / a) / (sum(rest) / len(rest))
        steps = (
            f"Acute load: mean of the last {a} days = {acute_sum:g} / {a} = {acute_sum / a:.3f} km",
            f"Chronic load without them: mean of the {len(rest)} days before = {sum(rest):g} / "
            f"{len(rest)} = {sum(rest) / len(rest):.3f} km",
            f"Ratio = {acute_sum / a:.3f} / {sum(rest) / len(rest):.3f} = {value:.2f}",
        )
        return Worked(key, "Uncoupled ACWR", value, "", 2, steps, ("lolli2019",))
    if fact == "acwr_ewma":
        ea, ec = ewma(km, a), ewma(km, c)
        la, lc = 2 / (a + 1), 2 / (c + 1)
        value = ea[-1] / ec[-1]
        steps = (
            f"Decay: lambda = 2 / (N + 1): acute 2 / {a + 1} = {la:.4f}, chronic 2 / {c + 1} "
            f"= {lc:.4f}",
            f"Acute EWMA on day {n} = {la:.4f} x {km[-1]:g} + {1 - la:.4f} x {ea[-2]:.3f} "
            f"(day {n - 1}) = {ea[-1]:.3f}",
            f"Chronic EWMA on day {n} = {lc:.4f} x {km[-1]:g} + {1 - lc:.4f} x {ec[-2]:.3f} "
            f"(day {n - 1}) = {ec[-1]:.3f}",
            f"Ratio = {ea[-1]:.3f} / {ec[-1]:.3f} = {value:.2f}",
        )
        return Worked(key, f"EWMA ACWR ({a}:{c} days)", value, "", 2, steps, ("williams2017",))
    if fact in ("monotony", "strain"):
        mean = statistics.fmean(week)
        squares = sum((v - mean) ** 2 for v in week)
        sd = math.sqrt(squares / 6)
        value = mean / sd if fact == "monotony" else sum(week) * mean / sd
        steps = [
            f"The last 7 days: {', '.join(f'{v:g}' for v in week)} km",
            f"Mean = {sum(week):g} / 7 = {mean:.3f} km",
            f"Squared differences from the mean add up to {squares:.3f}; divided by 6 "
            f"(7 days - 1) = {squares / 6:.3f}",
            f"Standard deviation = square root of {squares / 6:.3f} = {sd:.3f} km",
            f"Monotony = mean / SD = {mean:.3f} / {sd:.3f} = {mean / sd:.2f}",
        ]
        if fact == "strain":
            steps.append(
                f"Strain = 7-day load x monotony = {sum(week):g} x {mean / sd:.3f} = {value:.1f}"
            )
            return Worked(key, "Strain", value, "", 1, tuple(steps), ("foster1998",))
        return Worked(key, "Monotony", value, "", 2, tuple(steps), ("foster1998",))
    # tsb: yesterday's fitness minus yesterday's fatigue
    ctl, atl = fitness(km, s["ctl_days"]), fitness(km, s["atl_days"])
    kc, ka = 1 - math.exp(-1 / s["ctl_days"]), 1 - math.exp(-1 / s["atl_days"])
    value = ctl[-2] - atl[-2]
    steps = (
        f"k = 1 - e^(-1/tau): fitness (CTL, tau {s['ctl_days']} d) {kc:.4f}, fatigue (ATL, "
        f"tau {s['atl_days']} d) {ka:.4f}",
        f"CTL on day {n - 1} = {ctl[-3]:.3f} + {kc:.4f} x ({km[-2]:g} - {ctl[-3]:.3f}) = "
        f"{ctl[-2]:.3f}",
        f"ATL on day {n - 1} = {atl[-3]:.3f} + {ka:.4f} x ({km[-2]:g} - {atl[-3]:.3f}) = "
        f"{atl[-2]:.3f}",
        f"TSB on day {n} = CTL - ATL of the day before = {ctl[-2]:.3f} - {atl[-2]:.3f} = "
        f"{value:.2f}",
    )
    return Worked(key, "Form (TSB)", value, "", 2, steps, ("banister1975",))


# --------------------------------------------------------------------------- a study


def _study(key: str, ref: str, fact: str) -> Worked:
    from hamstring_edu.effect_sizes import (
        reported_percentages,
        reported_rates,
        reported_ratio,
        study_fact,
    )

    value = study_fact(ref, fact)
    if fact in ("rate_difference", "rate_ratio"):
        before, after, per = reported_rates(ref)
        first = f"Comparison group: {before:g} injuries {per}; programme group: {after:g}"
        if fact == "rate_difference":
            steps = (first, f"Absolute difference = {before:g} - {after:g} = {value:.1f} {per}")
            return Worked(key, "Absolute difference", value, f"injuries {per}", 1, steps, (ref,))
        steps = (first, f"Relative: {after:g} / {before:g} = {value:.2f} (the rate ratio)")
        return Worked(key, "Rate ratio", value, "", 2, steps, (ref,))
    if fact in ("difference_points", "risk_ratio"):
        a, b = reported_percentages(ref)
        if fact == "difference_points":
            steps = (
                f"Risk in the first group {a:g}%, in the second {b:g}%",
                f"Difference = {a:g} - {b:g} = {value:.1f} percentage points",
            )
            return Worked(key, "Risk difference", value, "percentage points", 1, steps, (ref,))
        steps = (
            f"Risk in the first group {a:g}%, in the second {b:g}%",
            f"Ratio = {a:g} / {b:g} = {value:.2f}",
        )
        return Worked(key, "Risk ratio", value, "", 2, steps, (ref,))
    r = reported_ratio(ref)
    source = {
        "reduction_pct": r.ratio,
        "increase_pct": r.ratio,
        "reduction_low_pct": r.high,
        "reduction_high_pct": r.low,
    }[fact]
    what = {
        "reduction_pct": f"the estimate, {r.kind} {r.ratio:g}",
        "increase_pct": f"the estimate, {r.kind} {r.ratio:g}",
        "reduction_low_pct": f"the upper end of the 95% CI, {r.high:g} (the smallest reduction)",
        "reduction_high_pct": f"the lower end of the 95% CI, {r.low:g} (the largest reduction)",
    }[fact]
    if fact == "increase_pct":
        steps = (f"Take {what}", f"Increase = ({source:g} - 1) x 100 = {value:.0f} %")
        return Worked(key, "Increase in risk", value, "%", 0, steps, (ref,))
    steps = (f"Take {what}", f"Reduction = (1 - {source:g}) x 100 = {value:.0f} %")
    return Worked(key, "Reduction in risk", value, "%", 0, steps, (ref,))


__all__ = [
    "LOG_FACTS",
    "STUDY_FACTS",
    "Worked",
    "ewma",
    "fitness",
    "given_table",
    "has_worked_solution",
    "settings",
    "worked_solution",
]
