"""Make data/samples/strava_export_made_up.zip: six made-up weeks of one runner's watch files in
the layout of Strava's account export, for notebook 03's heart-rate load.

Usage: python tools/make_sample_archive.py (the same file every time: no randomness).

Ines (made up) runs four times a week: intervals on Tuesday, an easy run on Thursday and
Saturday, a long run on Sunday; in week 5 she swaps Thursday's easy run for hill repeats. Her
watch records every 5 seconds; its FIT files are written by Garmin's SDK encoder
(tests/season.py), gzip-compressed in ``activities/`` beside an ``activities.csv`` with Strava's
documented column names, as the export holds them.
"""

from __future__ import annotations

import datetime as dt
import math
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

import season  # noqa: E402  (tests/season.py: the FIT writer and the export's layout)

OUT = ROOT / "data" / "samples" / "strava_export_made_up.zip"
START = dt.datetime(2025, 2, 3, 6, 45, tzinfo=dt.UTC)  # a Monday
STEP_S = 5
# (name, minutes, parts: (minutes, bpm, km/h), perceived exertion)
EASY = ("Easy run", [(40, 138, 10.0)], 3)
INTERVALS = (
    "Intervals 6 x 3 min",
    [(10, 132, 9.5), *[(3, 174, 13.5), (2, 146, 8.0)] * 6, (5, 128, 8.5)],
    7,
)
HILLS = (
    "Hill repeats",
    [(10, 132, 9.5), *[(1.5, 178, 11.0), (2.5, 140, 7.0)] * 8, (6, 128, 8.5)],
    8,
)
LONG = ("Long run", [(80, 146, 10.0)], 5)
WEEK = {1: INTERVALS, 3: EASY, 5: EASY, 6: LONG}  # day of the week (Monday 0) -> session


def session(parts: list[tuple[float, float, float]]) -> list[tuple]:
    """Samples every STEP_S seconds: (seconds, lat, lon, elevation, bpm, metres). The heart
    rate moves towards each part's level over about half a minute and drifts up 1 bpm every
    10 minutes in a long part, as a heart does."""
    rows, metres, bpm, t = [], 0.0, 100.0, 0
    for minutes, level, kmh in parts:
        for k in range(round(minutes * 60 / STEP_S)):
            drift = (k * STEP_S / 600) if minutes > 30 else 0
            bpm += (level + drift - bpm) * (1 - math.exp(-STEP_S / 30))
            metres += kmh / 3.6 * STEP_S
            rows.append((t, None, None, 250.0, round(bpm), round(metres, 1)))
            t += STEP_S
    return rows


def main() -> None:
    files, rows = [], []
    for week in range(6):
        plan = dict(WEEK)
        if week == 4:
            plan[3] = HILLS
        for weekday, (title, parts, effort) in sorted(plan.items()):
            start = START + dt.timedelta(days=7 * week + weekday)
            ident = f"{120_000 + 10 * week + weekday}"
            samples = session(parts)
            files.append((f"{ident}.fit", season.fit_from_samples(start, samples)))
            seconds, metres = samples[-1][0], samples[-1][5]
            beats = [r[4] for r in samples]
            rows.append(  # the summary Strava keeps of the same run, in its own units
                {
                    "Activity ID": ident,
                    "Activity Date": start.strftime("%b %-d, %Y, %-I:%M:%S %p"),
                    "Activity Name": title,
                    "Perceived Exertion": str(effort),
                    "Elapsed Time": str(seconds),
                    "Moving Time": str(seconds),
                    "Distance": f"{metres / 1000:.2f}",
                    "Distance.1": f"{metres:.1f}",
                    "Average Heart Rate": f"{sum(beats) / len(beats):.1f}",
                    "Max Heart Rate": str(max(beats)),
                }
            )
    OUT.write_bytes(season.strava_archive(files, rows=rows))
    print(f"wrote {OUT.relative_to(ROOT)} ({OUT.stat().st_size / 1024:.0f} KiB, {len(files)} runs)")


if __name__ == "__main__":
    main()
