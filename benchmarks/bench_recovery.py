"""The recovery plan: building a plan, the gate, the exports, and one change in RecoveryApp."""

from __future__ import annotations

import statistics
import time
from datetime import datetime, timedelta

from hamstring_edu import recovery_handout_html, recovery_ics, recovery_plan, return_to_run
from hamstring_edu.widgets.recovery import RecoveryApp

RUNS = 100
ONSET = datetime(2026, 3, 28, 18, 30)


def _median_ms(action) -> float:
    times = []
    for i in range(RUNS):
        start = time.perf_counter()
        action(i)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> None:
    """Print the median time of each step a learner waits for."""
    kinds = ["strain", "soreness"]

    def plan(i: int):
        return recovery_plan(
            ONSET + timedelta(minutes=37 * i),
            kind=kinds[i % 2],
            tz="Europe/London",
            now="2026-05-01 12:00",
        )

    strain = plan(0)
    model = _median_ms(plan)
    gate = _median_ms(lambda i: return_to_run({"confident": True, "no_pain_pressing": i % 2 == 0}))
    ics = _median_ms(lambda i: recovery_ics(strain))
    handout = _median_ms(lambda i: recovery_handout_html(strain))
    app = RecoveryApp(onset=ONSET, tz="Europe/London")
    change = _median_ms(lambda i: setattr(app.waking, "value", (6 + i % 3, 22)))
    tick = _median_ms(lambda i: setattr(app.checks["confident"], "value", i % 2 == 0))
    print(f"recovery_plan: median {model:.1f} ms over {RUNS} runs ({len(strain)} rows)")
    print(f"return_to_run: median {gate * 1000:.0f} µs")
    print(f"recovery_ics: median {ics:.2f} ms; recovery_handout_html: median {handout:.1f} ms")
    print(f"app: one change of waking hours -> plan, timeline, care list: median {change:.1f} ms")
    print(f"app: one checklist tick -> ladder, gate, walk-run figure: median {tick:.1f} ms")


if __name__ == "__main__":
    main()
