"""Worst cases of hostile input (#12): how long the model takes on each, and how much memory.

- the crafted GPX (' xmlns' repeated with no '=' after it): read_log parses it with defusedxml
  and hands the points to gpxpy's track objects, so gpxpy's namespace regexes never see it; for
  comparison, gpxpy's own parser on the raw text at smaller sizes (time ~ size squared);
- a CSV header with a million columns, refused before pandas parses it;
- uploads at and beyond the size limit; the largest GPX and CSV still accepted;
- the 228-byte log with dates in years 1 and 9999 for five athletes, through load_metrics;
- the planner at its longest.

Plain script: prints figures, asserts nothing about time (benchmarks stay out of the tests).
"""

from __future__ import annotations

import contextlib
import io
import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from hostile import crafted_gpx, gpx, run_points, wide_header

from hamstring_edu import HamstringEduError, load_metrics, plan_progression, read_log


def measure(label: str, work: Callable[[], object], *, memory: bool = False) -> None:
    """Run ``work``; print its time and outcome, and (``memory``) its peak Python memory from a
    second, traced run (tracing slows Python down, so the time comes from the untraced run)."""
    start = time.perf_counter()
    try:
        result = work()
        outcome = f"{len(result)} rows" if hasattr(result, "__len__") else "done"
    except HamstringEduError as exc:
        outcome = f"{type(exc).__name__}: {str(exc)[:80]}"
    took = time.perf_counter() - start
    peak = ""
    if memory:
        tracemalloc.start()
        with contextlib.suppress(HamstringEduError):
            work()
        peak = f"  peak {tracemalloc.get_traced_memory()[1] / 2**20:6.1f} MB"
        tracemalloc.stop()
    print(f"{label:<60} {took:8.3f} s{peak}  -> {outcome}", flush=True)


def upload(data: bytes, name: str) -> Callable[[], object]:
    """read_log on an in-memory upload."""

    def work() -> object:
        buffer = io.BytesIO(data)
        buffer.name = name
        return read_log(buffer)

    return work


def main() -> None:
    """Print the figures."""
    import gpxpy

    for size in (600_000, 1_200_000):
        data = crafted_gpx(size)
        measure(
            f"read_log, crafted GPX {len(data) / 1000:.0f} KB",
            upload(data, "crafted.gpx"),
            memory=True,
        )
    for size in (25_000, 50_000, 100_000):
        text = crafted_gpx(size).decode()
        measure(
            f"gpxpy.parse on the raw crafted GPX {size / 1000:.0f} KB (old path)",
            lambda text=text: gpxpy.parse(text),
        )
    header = wide_header(1_000_000)
    measure(
        f"million-column CSV header ({len(header) / 2**20:.1f} MB)",
        upload(header, "w.csv"),
        memory=True,
    )
    big = b"x" * (26 * 2**20)
    measure("upload of 26 MB (over the 25 MB limit)", upload(big, "big.csv"))
    line = "2024-01-01,5.5,33," + "x" * 100 + "\n"
    rows = 24 * 2**20 // len(line)
    csv = ("date,distance_km,duration_min,note\n" + line * min(rows, 199_999)).encode()
    measure(f"largest CSV accepted ({len(csv) / 2**20:.0f} MB, 200k lines)", upload(csv, "c.csv"))
    points = [
        (46.0 + 0.00002 * min(i % 4000, 4000 - i % 4000), 14.5, p[2])  # back and forth
        for i, p in enumerate(run_points(150_000, step_s=1))
    ]
    track = gpx(points)
    measure(f"GPX with 150,000 points ({len(track) / 2**20:.0f} MB)", upload(track, "long.gpx"))
    ancient = "athlete,date,distance_km,duration_min\n" + "".join(
        f"a{i},0001-01-01,5,30\na{i},9999-12-31,5,30\n" for i in range(5)
    )
    measure(
        f"{len(ancient)}-byte log, years 1 and 9999, five athletes: read_log",
        upload(ancient.encode(), "ancient.csv"),
        memory=True,
    )
    frame = pd.DataFrame(
        {
            "athlete": [f"a{i}" for i in range(5) for _ in range(2)],
            "date": pd.to_datetime(["0001-01-01", "9999-12-31"] * 5, format="ISO8601"),
            "distance_km": 5.0,
        }
    )
    measure(
        "the same as a table (datetime64[s]): load_metrics",
        lambda: load_metrics(frame),
        memory=True,
    )
    measure(
        "plan_progression at its longest (1 -> 500 km, 520 weeks)",
        lambda: plan_progression(1, 500, max_increase=0.1, max_weeks=520),
    )


if __name__ == "__main__":
    main()
