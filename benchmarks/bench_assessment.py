"""One answer change in the AssessmentApp -> new result + updated figure data (target < 20 ms)."""

from __future__ import annotations

import statistics
import time

from hamstring_edu import assess
from hamstring_edu.widgets.assessment import AssessmentApp

RUNS = 300


def main() -> None:
    """Print the median and 95th-percentile time of one answer change, and of assess() alone."""
    app = AssessmentApp()
    for qid, value in {"onset": "next_day", "spot": "spread", "warmup": "never"}.items():
        app.inputs[qid].value = value
    values = ["10", "25", "40", "5"]
    times = []
    for i in range(RUNS):
        start = time.perf_counter()
        app.inputs["weekly_change_pct"].value = values[i % len(values)]
        times.append((time.perf_counter() - start) * 1000)
    assert app.result.answers["weekly_change_pct"] == float(values[(RUNS - 1) % len(values)])
    answers = dict(app.result.answers)
    model = []
    for _ in range(RUNS):
        start = time.perf_counter()
        assess(answers)
        model.append((time.perf_counter() - start) * 1000)
    p95 = statistics.quantiles(times, n=20)[-1]
    print(
        f"answer change -> result + figure + text, {RUNS} runs: median "
        f"{statistics.median(times):.2f} ms, p95 {p95:.2f} ms (target < 20 ms)"
    )
    print(f"assess() alone: median {statistics.median(model):.3f} ms")


if __name__ == "__main__":
    main()
