"""Heart rate: what a recording's stream keeps for load, and Banister's TRIMP from it.

A device file's heart-rate stream becomes three values per activity: the average, the maximum
and ``hr_seconds``, the time spent at each heart rate, as ((bpm, seconds), ...) pairs sorted by
bpm. Each step between two samples with a heart rate counts its seconds at the mean of the two
(the trapezoid rule, as Elevate computes its TRIMP); a step longer than MAX_STEP_S (a pause, a
strap that lost contact) counts nothing, and a sample of 0 bpm or less is no heart rate. This
keeps TRIMP exact for any resting and maximum heart rate chosen later, without the stream.

Banister's TRIMP (docs/load_metrics.md): for each step, minutes * r * 0.64 e^(1.92 r) for men
or 0.86 e^(1.67 r) for women, where r = (HR - resting) / (maximum - resting) is the share of
the heart-rate reserve.
"""

from __future__ import annotations

import math
from typing import NamedTuple

import numpy as np
import pandas as pd

from hamstring_edu.errors import LogError, OptionError
from hamstring_edu.validation import shown
from hamstring_edu.wording import say

MAX_STEP_S = 60.0  # a longer step between two samples is a pause, not time at that heart rate
MAX_BPM = 250.0  # above this, a sample is a recording error and is no heart rate
# the weighting y = a e^(b x) for each sex (Banister's TRIMP as Elevate and GoldenCheetah use it)
WEIGHTING = {"male": (0.64, 1.92), "female": (0.86, 1.67)}


class HeartRate(NamedTuple):
    """What an activity keeps of its heart-rate stream."""

    average: float  # time-weighted mean (bpm)
    maximum: float  # highest sample (bpm)
    seconds: tuple[tuple[float, float], ...]  # (bpm, seconds at it), sorted by bpm


def from_samples(times_s: np.ndarray, bpm: np.ndarray) -> HeartRate | None:
    """The heart rate of one recording from its samples (None if it has fewer than two)."""
    times_s = np.asarray(times_s, dtype=float)
    bpm = np.asarray(bpm, dtype=float)
    given = np.isfinite(times_s) & np.isfinite(bpm) & (bpm > 0) & (bpm <= MAX_BPM)
    times_s, bpm = times_s[given], bpm[given]
    if len(bpm) < 2:
        return None
    order = np.argsort(times_s, kind="stable")
    times_s, bpm = times_s[order], bpm[order]
    step = np.diff(times_s)
    mean = (bpm[1:] + bpm[:-1]) / 2
    counted = (step > 0) & (step <= MAX_STEP_S)
    if not counted.any():
        return None
    levels, where = np.unique(mean[counted], return_inverse=True)
    seconds = np.bincount(where.ravel(), weights=step[counted])
    average = float((levels * seconds).sum() / seconds.sum())
    pairs = tuple((float(b), float(s)) for b, s in zip(levels, seconds, strict=True))
    return HeartRate(average, float(bpm.max()), pairs)


def trimp(seconds: object, resting: float, maximum: float, sex: str) -> float:
    """Banister's TRIMP of one activity from its ``hr_seconds`` pairs (NaN if it has none)."""
    if not isinstance(seconds, tuple) or not seconds:
        return math.nan
    pairs = np.asarray(seconds, dtype=float)
    r = np.maximum((pairs[:, 0] - resting) / (maximum - resting), 0.0)  # below rest: no load
    a, b = WEIGHTING[sex]
    return float((pairs[:, 1] / 60 * r * a * np.exp(b * r)).sum())


# --------------------------------------------------------------------------- athletes' settings

RESTING_ASSUMED = 60.0  # bpm: the value used, and said, when an athlete's is not given
SEXES = tuple(WEIGHTING)
RESTING_RANGE = (25.0, 120.0)
MAXIMUM_RANGE = (100.0, 240.0)


class Profile(NamedTuple):
    """One athlete's settings for TRIMP, and what of them was assumed (in words)."""

    resting: float
    maximum: float
    sex: str
    assumed: tuple[str, ...]


def profiles(log: pd.DataFrame, given: object) -> dict[object, Profile]:
    """Each athlete's resting and maximum heart rate and sex for TRIMP.

    ``given``: None, one dict for every athlete (``{"resting": 52, "maximum": 188, "sex":
    "female"}``, any key may be left out), or a dict of such dicts by athlete. What is not given
    is assumed and said: the maximum as the highest heart rate in the athlete's log (a floor of
    the true maximum, so loads come out higher), resting 60 bpm, the men's weighting.
    """
    if given is not None and not isinstance(given, dict):
        raise OptionError(
            "heart_rate must be a dict such as {'resting': 52, 'maximum': 188, 'sex': 'female'}, "
            f"or such dicts by athlete; got {shown(given)}",
            field="heart_rate",
        )
    # one dict for everyone (its values are numbers and words), or one dict per athlete
    single = bool(given) and not any(isinstance(v, dict) for v in given.values())
    athletes = pd.unique(log["athlete"]) if "athlete" in log else []
    if given and not single:
        unknown = [a for a in given if a not in set(athletes)]
        if unknown:
            raise OptionError(
                f"heart_rate names {shown(unknown[0])}, who is not in the log", field="heart_rate"
            )
    out = {}
    for athlete in athletes:
        mine = dict(given) if single else dict((given or {}).get(athlete) or {})
        out[athlete] = _profile(athlete, mine, log[log["athlete"] == athlete])
    return out


def _profile(athlete: object, mine: dict, rows: pd.DataFrame) -> Profile:
    extra = set(mine) - {"resting", "maximum", "sex"}
    if extra:
        raise OptionError(
            f"heart_rate for {shown(athlete)}: unknown key {shown(sorted(extra)[0])} (use "
            "resting, maximum, sex)",
            field="heart_rate",
        )
    assumed = []
    resting = mine.get("resting")
    if resting is None:
        resting = RESTING_ASSUMED
        assumed.append(say("load.trimp_assumed_resting", bpm=f"{RESTING_ASSUMED:.0f}"))
    resting = _bpm(resting, RESTING_RANGE, athlete, "resting")
    maximum = mine.get("maximum")
    if maximum is None:
        maximum = highest(rows)
        if not math.isfinite(maximum) or maximum < resting + 20:
            raise LogError(
                f"no maximum heart rate can be assumed for {shown(athlete)} (the log records "
                "none well above resting): pass heart_rate={'maximum': ...}",
                column="max_hr",
            )
        assumed.append(say("load.trimp_assumed_maximum", bpm=f"{maximum:.0f}"))
    maximum = _bpm(maximum, MAXIMUM_RANGE, athlete, "maximum")
    if maximum < resting + 20:
        raise OptionError(
            f"heart_rate for {shown(athlete)}: maximum {maximum:g} must be at least 20 bpm above "
            f"resting {resting:g}",
            plain=say("load.trimp_bad_reserve", maximum=f"{maximum:g}", resting=f"{resting:g}"),
            field="heart_rate",
        )
    sex = mine.get("sex")
    if sex is None:
        sex = "male"
        assumed.append(say("load.trimp_assumed_sex"))
    if sex not in SEXES:
        raise OptionError(
            f"heart_rate for {shown(athlete)}: sex must be 'male' or 'female', got {shown(sex)}",
            field="heart_rate",
        )
    return Profile(resting, maximum, sex, tuple(assumed))


_BAD = {"resting": "load.trimp_bad_resting", "maximum": "load.trimp_bad_maximum"}


def _bpm(value: object, bounds: tuple[float, float], athlete: object, key: str) -> float:
    low, high = bounds
    if not isinstance(value, int | float) or isinstance(value, bool) or not low <= value <= high:
        raise OptionError(
            f"heart_rate for {shown(athlete)}: {key} must be a number of bpm from {low:g} to "
            f"{high:g}, got {shown(value)}",
            plain=say(_BAD[key], low=f"{low:g}", high=f"{high:g}", got=shown(value)),
            field="heart_rate",
        )
    return float(value)


def highest(rows: pd.DataFrame) -> float:
    """The highest heart rate an athlete's activities record (NaN if none does)."""
    found = [math.nan]
    if "max_hr" in rows:
        found.append(float(pd.to_numeric(rows["max_hr"], errors="coerce").max()))
    if "hr_seconds" in rows:
        found += [max(b for b, _ in s) for s in rows["hr_seconds"] if isinstance(s, tuple) and s]
    finite = [f for f in found if math.isfinite(f)]
    return max(finite) if finite else math.nan


def activity_trimp(log: pd.DataFrame, settings: dict[object, Profile]) -> tuple[np.ndarray, int]:
    """Each activity's TRIMP (NaN without heart rate), and how many came from the average heart
    rate alone (minutes * r * y(r) for the average's r, as GoldenCheetah computes TRIMP) because
    the recording kept no stream."""
    out = np.full(len(log), np.nan)
    streams = log["hr_seconds"] if "hr_seconds" in log else pd.Series(None, index=log.index)
    averages = (
        pd.to_numeric(log["avg_hr"], errors="coerce")
        if "avg_hr" in log
        else pd.Series(np.nan, index=log.index)
    )
    minutes = pd.to_numeric(log["duration_min"], errors="coerce")
    from_average = 0
    for i, (athlete, stream, average, duration) in enumerate(
        zip(log["athlete"], streams, averages, minutes, strict=True)
    ):
        p = settings[athlete]
        if isinstance(stream, tuple) and stream:
            out[i] = trimp(stream, p.resting, p.maximum, p.sex)
        elif math.isfinite(average) and math.isfinite(duration):
            out[i] = trimp(((average, duration * 60),), p.resting, p.maximum, p.sex)
            from_average += 1
    return out, from_average
