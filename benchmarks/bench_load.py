"""load_metrics over a 1,000,000-row team log (target < 1 s), against a plain per-day loop,
and reading a year of daily GPX files with progress."""

from __future__ import annotations

import math
import statistics
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

from hamstring_edu import load_metrics, read_log

ATHLETES, DAYS = 500, 2000  # 1,000,000 daily rows (500 athletes x about 5.5 years)


def team_log(athletes: int, days: int) -> pd.DataFrame:
    """A synthetic log: one run a day per athlete (0 km on some days)."""
    rng = np.random.default_rng(1)
    dates = pd.date_range("2020-01-01", periods=days)
    return pd.DataFrame(
        {
            "athlete": np.repeat([f"a{i:03d}" for i in range(athletes)], days),
            "date": np.tile(dates, athletes),
            "distance_km": rng.gamma(2.0, 4.0, athletes * days).round(1),
            "is_running": True,
        }
    )


def divide(a: float, b: float) -> float:
    """a / b, with docs/load_metrics.md's rule for b = 0: inf (signed) if a is not 0, else NaN."""
    if b:
        return a / b
    return math.inf if a > 0 else -math.inf if a < 0 else math.nan


def loop_metrics(log: pd.DataFrame) -> dict[str, list[float]]:
    """The straightforward way: per athlete, sum each day's activities, then walk the days."""
    nan = math.nan
    out: dict[str, list[float]] = {c: [] for c in COMPARED}
    lam_a, lam_c = 2 / 8, 2 / 29
    k_ctl, k_atl = 1 - np.exp(-1 / 42), 1 - np.exp(-1 / 7)
    for _, rows in log.groupby("athlete", sort=True):
        per_day: dict[pd.Timestamp, float] = {}
        for date, km in zip(rows["date"], rows["distance_km"], strict=True):
            per_day[date] = per_day.get(date, 0.0) + km
        day, end, loads = min(per_day), max(per_day), []
        while day <= end:
            loads.append(per_day.get(day, 0.0))
            day += pd.Timedelta(days=1)
        ea = ec = loads[0]
        ctl = atl = 0.0
        ctl_hist: list[float] = []
        for t, x in enumerate(loads):
            week = sum(loads[t - 6 : t + 1]) if t >= 6 else nan
            before = sum(loads[t - 13 : t - 6]) if t >= 13 else nan
            out["load_7d"].append(week)
            out["week_change_pct"].append(divide(100 * (week - before), before))
            acute = week / 7 if t >= 6 else nan
            chronic = sum(loads[t - 27 : t + 1]) / 28 if t >= 27 else nan
            out["acwr_rolling"].append(divide(acute, chronic))
            uncoupled = sum(loads[t - 27 : t - 6]) / 21 if t >= 27 else nan
            out["acwr_uncoupled"].append(divide(acute, uncoupled))
            ea, ec = ea + lam_a * (x - ea), ec + lam_c * (x - ec)
            out["acwr_ewma"].append(divide(ea, ec) if t >= 27 else nan)
            if t >= 6:
                values = loads[t - 6 : t + 1]
                mean = sum(values) / 7
                sd = (sum((v - mean) ** 2 for v in values) / 6) ** 0.5
                monotony = divide(mean, 0.0 if sd <= 1e-9 * mean else sd)  # noise is 0
            else:
                monotony = nan
            out["monotony"].append(monotony)
            out["strain"].append(week * monotony)
            tsb = ctl - atl
            ctl, atl = ctl + k_ctl * (x - ctl), atl + k_atl * (x - atl)
            out["ctl"].append(ctl)
            out["atl"].append(atl)
            out["tsb"].append(tsb)
            out["ramp_7d"].append(ctl - ctl_hist[t - 7] if t >= 7 else nan)
            ctl_hist.append(ctl)
    return out


COMPARED = [
    "load_7d",
    "week_change_pct",
    "acwr_rolling",
    "acwr_uncoupled",
    "acwr_ewma",
    "monotony",
    "strain",
    "ctl",
    "atl",
    "tsb",
    "ramp_7d",
]


def main() -> None:
    """Print the timings and the speed-up over the loop."""
    log = team_log(ATHLETES, DAYS)
    load_metrics(log.iloc[:10_000])  # warm up
    runs = []
    for _ in range(5):
        start = time.perf_counter()
        metrics = load_metrics(log)
        runs.append(time.perf_counter() - start)
    vectorised = statistics.median(runs)
    print(
        f"load_metrics, {len(metrics):,} daily rows ({ATHLETES} athletes x {DAYS} days): "
        f"median {vectorised:.3f} s over {len(runs)} runs (target < 1 s)"
    )

    subset_athletes = 20
    subset = log[log["athlete"].isin(sorted(log["athlete"].unique())[:subset_athletes])]
    start = time.perf_counter()
    loop = loop_metrics(subset)
    looped = (time.perf_counter() - start) * ATHLETES / subset_athletes
    check = load_metrics(subset)
    for column in COMPARED:
        np.testing.assert_allclose(check[column], loop[column], rtol=1e-9, atol=1e-9)
    print(
        f"plain per-day loop (the same {len(COMPARED)} columns, checked equal), timed on "
        f"{subset_athletes} athletes and scaled to {ATHLETES}: {looped:.1f} s -> vectorised is "
        f"{looped / vectorised:.0f}x faster"
    )

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for day in range(365):
            when = pd.Timestamp("2024-01-01T07:00:00Z") + pd.Timedelta(days=day)
            stamps = [when + pd.Timedelta(seconds=6 * i) for i in range(300)]
            points = "".join(
                f'<trkpt lat="{46.0 + i * 1e-4:.5f}" lon="14.5">'
                f"<time>{t.strftime('%Y-%m-%dT%H:%M:%SZ')}</time></trkpt>"
                for i, t in enumerate(stamps)
            )
            (folder / f"run_{day:03d}.gpx").write_text(
                '<?xml version="1.0"?><gpx version="1.1" creator="bench" '
                'xmlns="http://www.topografix.com/GPX/1/1"><trk><trkseg>'
                f"{points}</trkseg></trk></gpx>"
            )
        ticks = []
        start = time.perf_counter()
        year = read_log(folder, progress=lambda done, total, name: ticks.append(done))
        took = time.perf_counter() - start
        print(
            f"read_log of 365 daily GPX files (300 points each): {took:.2f} s, "
            f"{len(year)} activities, progress reported {len(ticks)} times"
        )


if __name__ == "__main__":
    main()
