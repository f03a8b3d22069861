"""Worked solutions: a number computed step by step, the way a student does it with a pencil.

The steps are plain arithmetic on the case's daily distances (or on a study's reported numbers),
written out with the intermediate values. They are computed here, independently of
:func:`hamstring_edu.load_metrics`, and the tests check that both give the same number: the
worked solution explains the library's answer, it never replaces it.

Keys are the quiz's ``compute`` keys: ``case.<case id>.<fact>`` for a case with a daily log
(``week_change_pct``, ``acwr_rolling``, ``acwr_uncoupled``, ``acwr_ewma``, ``monotony``,
``strain``, ``tsb``), ``case.<case id>.trimp`` for a case's run with its heart rate, and
``study.<reference id>.<fact>`` (``reduction_pct``,
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
from hamstring_edu.wording import say

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
HEART_FACTS = ("trimp",)  # from a case's run with its heart rate (its ``heart`` table)
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
        lines = [say("hand_calculations.heading", title=self.title)]
        lines += [f"  {n}. {step}" for n, step in enumerate(self.steps, start=1)]
        lines.append(f"  {say('hand_calculations.answer', answer=self.answer)}")
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        steps = "".join(f"<li>{html.escape(s)}</li>" for s in self.steps)
        heading = say("hand_calculations.heading", title=self.title)
        answer = say("hand_calculations.answer", answer=self.answer)
        return (
            '<div style="border-left:6px solid #56B4E9;background:#f1f8fd;padding:6px 14px;'
            'margin:6px 0;border-radius:6px;word-break:normal;overflow-wrap:break-word">'
            f"<b>{html.escape(heading)}</b><ol>{steps}</ol>"
            f"<b>{html.escape(answer)}</b></div>"
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
    if fact in HEART_FACTS and item.heart:
        return _trimp(key, item)
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
    if parts[0] == "case" and parts[2] in (*LOG_FACTS, *HEART_FACTS):
        from hamstring_edu.cases import load_cases

        need = "heart" if parts[2] in HEART_FACTS else "log"
        return any(c.id == parts[1] and getattr(c, need) for c in load_cases())
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


def _n(value: float, decimals: int | None = None) -> str:
    """A number as the steps write it: its shortest form (``:g``), or with fixed decimals."""
    return f"{value:g}" if decimals is None else f"{value:.{decimals}f}"


def _log(key: str, item: Case, fact: str) -> Worked:
    km = [float(x) for x in item.log["km"]]
    s = settings(item)
    n = len(km)
    a, c = s["acute_days"], s["chronic_days"]
    week, before = km[n - 7 :], km[n - 14 : n - 7]

    def total(values: list[float]) -> str:
        return " + ".join(_n(v) for v in values) + f" = {_n(sum(values))} km"

    if fact == "load_7d":
        steps = (say("hand_calculations.last_7_days", total=total(week)),)
        return Worked(key, say("hand_calculations.title_load_7d"), sum(week), "km", 1, steps)
    if fact == "week_change_pct":
        this, last = sum(week), sum(before)
        value = 100 * (this - last) / last
        steps = (
            say("hand_calculations.this_week", first=n - 6, last=n, total=total(week)),
            say("hand_calculations.week_before", first=n - 13, last=n - 7, total=total(before)),
            say("hand_calculations.change", this=_n(this), last=_n(last), value=_n(value, 1)),
        )
        title = say("hand_calculations.title_week_change")
        return Worked(key, title, value, "%", 1, steps, ("nielsen2014",))
    if fact == "acwr_rolling":
        acute_sum, chronic_sum = sum(km[n - a :]), sum(km[n - c :])
        value = (acute_sum / a) / (chronic_sum / c)
        acute, chronic = _n(acute_sum / a, 3), _n(chronic_sum / c, 3)
        steps = (
            say("hand_calculations.acute_mean", days=a, total=_n(acute_sum), mean=acute),
            say("hand_calculations.chronic_mean", days=c, total=_n(chronic_sum), mean=chronic),
            say("hand_calculations.ratio", top=acute, bottom=chronic, value=_n(value, 2)),
        )
        title = say("hand_calculations.title_acwr_rolling", acute=a, chronic=c)
        return Worked(key, title, value, "", 2, steps, ("gabbett2016",))
    if fact == "acwr_uncoupled":
        acute_sum, rest = sum(km[n - a :]), km[n - c : n - a]
        value = (acute_sum / a) / (sum(rest) / len(rest))
        acute, chronic = _n(acute_sum / a, 3), _n(sum(rest) / len(rest), 3)
        steps = (
            say("hand_calculations.acute_mean", days=a, total=_n(acute_sum), mean=acute),
            say(
                "hand_calculations.chronic_before",
                days=len(rest),
                total=_n(sum(rest)),
                mean=chronic,
            ),
            say("hand_calculations.ratio", top=acute, bottom=chronic, value=_n(value, 2)),
        )
        title = say("hand_calculations.title_acwr_uncoupled")
        return Worked(key, title, value, "", 2, steps, ("lolli2019",))
    if fact == "acwr_ewma":
        ea, ec = ewma(km, a), ewma(km, c)
        la, lc = 2 / (a + 1), 2 / (c + 1)
        value = ea[-1] / ec[-1]

        def today(lam: float, values: list[float]) -> dict[str, object]:
            """The numbers of the last day's EWMA line (decay lam, the running values)."""
            numbers = dict(decay=_n(lam, 4), keep=_n(1 - lam, 4), load=_n(km[-1]))
            return dict(
                numbers, day=n, before=n - 1, previous=_n(values[-2], 3), value=_n(values[-1], 3)
            )

        steps = (
            say(
                "hand_calculations.decay",
                acute_n=a + 1,
                acute=_n(la, 4),
                chronic_n=c + 1,
                chronic=_n(lc, 4),
            ),
            say("hand_calculations.acute_ewma", **today(la, ea)),
            say("hand_calculations.chronic_ewma", **today(lc, ec)),
            say(
                "hand_calculations.ratio",
                top=_n(ea[-1], 3),
                bottom=_n(ec[-1], 3),
                value=_n(value, 2),
            ),
        )
        title = say("hand_calculations.title_acwr_ewma", acute=a, chronic=c)
        return Worked(key, title, value, "", 2, steps, ("williams2017",))
    if fact in ("monotony", "strain"):
        mean = statistics.fmean(week)
        squares = sum((v - mean) ** 2 for v in week)
        sd = math.sqrt(squares / 6)
        value = mean / sd if fact == "monotony" else sum(week) * mean / sd
        m, d, variance = _n(mean, 3), _n(sd, 3), _n(squares / 6, 3)
        steps = [
            say("hand_calculations.week_loads", loads=", ".join(_n(v) for v in week)),
            say("hand_calculations.mean", total=_n(sum(week)), mean=m),
            say("hand_calculations.squares", squares=_n(squares, 3), variance=variance),
            say("hand_calculations.sd", variance=variance, sd=d),
            say("hand_calculations.monotony", mean=m, sd=d, value=_n(mean / sd, 2)),
        ]
        if fact == "strain":
            strain = say(
                "hand_calculations.strain",
                load=_n(sum(week)),
                monotony=_n(mean / sd, 3),
                value=_n(value, 1),
            )
            steps.append(strain)
            title = say("hand_calculations.title_strain")
            return Worked(key, title, value, "", 1, tuple(steps), ("foster1998",))
        title = say("hand_calculations.title_monotony")
        return Worked(key, title, value, "", 2, tuple(steps), ("foster1998",))
    # tsb: yesterday's fitness minus yesterday's fatigue
    ctl, atl = fitness(km, s["ctl_days"]), fitness(km, s["atl_days"])
    kc, ka = 1 - math.exp(-1 / s["ctl_days"]), 1 - math.exp(-1 / s["atl_days"])
    value = ctl[-2] - atl[-2]

    def yesterday(k: float, values: list[float]) -> dict[str, object]:
        """The numbers of the day before's CTL or ATL line (rate k, the running values)."""
        previous, last = _n(values[-3], 3), _n(values[-2], 3)
        return dict(day=n - 1, previous=previous, k=_n(k, 4), load=_n(km[-2]), value=last)

    ctl_days, atl_days = s["ctl_days"], s["atl_days"]
    steps = (
        say(
            "hand_calculations.smoothing",
            ctl_days=ctl_days,
            ctl_k=_n(kc, 4),
            atl_days=atl_days,
            atl_k=_n(ka, 4),
        ),
        say("hand_calculations.ctl", **yesterday(kc, ctl)),
        say("hand_calculations.atl", **yesterday(ka, atl)),
        say(
            "hand_calculations.tsb",
            day=n,
            ctl=_n(ctl[-2], 3),
            atl=_n(atl[-2], 3),
            value=_n(value, 2),
        ),
    )
    return Worked(key, say("hand_calculations.title_tsb"), value, "", 2, steps, ("banister1975",))


def _trimp(key: str, item: Case) -> Worked:
    """One run's TRIMP from its average heart rate, by the formula (docs/load_metrics.md)."""
    h = item.heart
    minutes = round(6 * float(item.log["km"][h["day"] - 1]), 1)  # the case log's 6 min a km
    r = (h["average"] - h["resting"]) / (h["maximum"] - h["resting"])
    a, b = (0.86, 1.67) if h["sex"] == "female" else (0.64, 1.92)
    y = a * math.exp(b * r)
    value = minutes * r * y
    sex = say(
        "hand_calculations.trimp_women" if h["sex"] == "female" else "hand_calculations.trimp_men"
    )
    steps = (
        say(
            "hand_calculations.trimp_reserve",
            average=_n(h["average"]),
            resting=_n(h["resting"]),
            maximum=_n(h["maximum"]),
            r=_n(r, 3),
        ),
        say("hand_calculations.trimp_weight", sex=sex, a=_n(a), b=_n(b), r=_n(r, 3), y=_n(y, 3)),
        say(
            "hand_calculations.trimp_value",
            minutes=_n(minutes),
            r=_n(r, 3),
            y=_n(y, 3),
            value=_n(value, 1),
        ),
    )
    title = say("hand_calculations.title_trimp")
    return Worked(key, title, value, "", 1, steps, ("banister1975",))


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
        rates = {"before": _n(before), "after": _n(after)}
        first = say("hand_calculations.rates", **rates, per=per)
        if fact == "rate_difference":
            steps = (
                first,
                say("hand_calculations.rate_difference", **rates, value=_n(value, 1), per=per),
            )
            title = say("hand_calculations.title_rate_difference")
            unit = say("hand_calculations.unit_injuries", per=per)
            return Worked(key, title, value, unit, 1, steps, (ref,))
        steps = (first, say("hand_calculations.rate_ratio", **rates, value=_n(value, 2)))
        return Worked(key, say("hand_calculations.title_rate_ratio"), value, "", 2, steps, (ref,))
    if fact in ("difference_points", "risk_ratio"):
        a, b = reported_percentages(ref)
        first = say("hand_calculations.risks", a=_n(a), b=_n(b))
        if fact == "difference_points":
            steps = (
                first,
                say("hand_calculations.risk_difference", a=_n(a), b=_n(b), value=_n(value, 1)),
            )
            title = say("hand_calculations.title_risk_difference")
            unit = say("hand_calculations.unit_points")
            return Worked(key, title, value, unit, 1, steps, (ref,))
        steps = (first, say("hand_calculations.ratio", top=_n(a), bottom=_n(b), value=_n(value, 2)))
        return Worked(key, say("hand_calculations.title_risk_ratio"), value, "", 2, steps, (ref,))
    r = reported_ratio(ref)
    if fact in ("reduction_pct", "increase_pct"):
        source, take = (
            r.ratio,
            say("hand_calculations.take_estimate", kind=r.kind, ratio=_n(r.ratio)),
        )
    elif fact == "reduction_low_pct":
        source, take = r.high, say("hand_calculations.take_upper", high=_n(r.high))
    else:  # reduction_high_pct
        source, take = r.low, say("hand_calculations.take_lower", low=_n(r.low))
    if fact == "increase_pct":
        steps = (take, say("hand_calculations.increase", ratio=_n(source), value=_n(value, 0)))
        return Worked(key, say("hand_calculations.title_increase"), value, "%", 0, steps, (ref,))
    steps = (take, say("hand_calculations.reduction", ratio=_n(source), value=_n(value, 0)))
    return Worked(key, say("hand_calculations.title_reduction"), value, "%", 0, steps, (ref,))


__all__ = [
    "HEART_FACTS",
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
