"""Building a routine, and one change in the RoutineApp (rebuild + timeline + player)."""

from __future__ import annotations

import statistics
import time

from hamstring_edu import build_routine
from hamstring_edu.widgets.routines import RoutineApp

RUNS = 200


def _median_ms(action) -> float:
    times = []
    for i in range(RUNS):
        start = time.perf_counter()
        action(i)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> None:
    """Print the median time of build_routine and of one builder change in the app."""
    sessions = ["easy", "long", "tempo", "intervals", "race"]
    model = _median_ms(lambda i: build_routine("warmup", 8 + i % 20, session=sessions[i % 5]))
    app = RoutineApp()
    widget = _median_ms(lambda i: setattr(app.minutes, "value", 8 + i % 20))
    tick = _median_ms(lambda i: app.advance(1))
    print(f"build_routine: median {model:.2f} ms over {RUNS} runs")
    print(f"app: one change -> new plan, timeline, table, player: median {widget:.2f} ms")
    print(f"app: one player tick: median {tick:.3f} ms")


if __name__ == "__main__":
    main()
