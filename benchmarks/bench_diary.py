"""The runner's pain diary in the athlete app (issue 25): what a visitor waits for.

- one entry added to a diary that already holds a year of entries (one every other day), with
  what follows it on the page: the diary's words, the timeline beside a year of daily load, the
  return-to-run record. Target: under 1 s.
- the diary as a file: export_zip, and restore_zip of that file into a new journal. Target:
  under 1 s each.

Figures are the median of five runs on this machine.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from hamstring_edu.journal import Journal  # noqa: E402
from hamstring_edu.load import load_metrics  # noqa: E402
from hamstring_edu.pain_diary import flag_questions  # noqa: E402
from hamstring_edu.widgets.diary import DiaryApp  # noqa: E402

REPEATS = 5
DAYS = 365


def median(task) -> float:
    """The median wall time of ``task`` over REPEATS runs, in seconds."""
    times = []
    for _ in range(REPEATS):
        start = time.perf_counter()
        task()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def year_of_diary() -> DiaryApp:
    """A diary app holding a year's entries and a year's daily load."""
    no = {qid: False for qid, _ in flag_questions()}
    app = DiaryApp(signs=lambda: no)
    today = date.today()
    for n in range(0, DAYS, 2):
        app.journal.add_pain(
            app.athlete,
            n % 7,
            date=today - timedelta(days=DAYS - n),
            leg=("left", "right")[n % 4 // 2],
            flags=no,
        )
    days = pd.date_range(end=pd.Timestamp(today), periods=DAYS)
    log = pd.DataFrame(
        {"athlete": app.athlete, "date": days, "distance_km": 8.0, "duration_min": 45.0}
    )
    app.set_load(load_metrics(log))
    return app


if __name__ == "__main__":
    app = year_of_diary()
    entries = len(app.entries)

    def add() -> None:
        app.pain.value = 3
        app.add_button.click()

    added = median(add)
    data = app.journal.export_zip()
    exported = median(app.journal.export_zip)
    with tempfile.TemporaryDirectory() as temp:
        paths = iter(Path(temp) / f"r{n}.sqlite3" for n in range(REPEATS))
        restored = median(lambda: Journal.restore_zip(data, next(paths)).close())
    print(f"diary of {entries} entries beside {DAYS} days of load")
    print(f"  add one entry and redraw the step: {added:.3f} s (target < 1 s)")
    print(f"  export_zip ({len(data) / 1024:.0f} KiB): {exported:.3f} s (target < 1 s)")
    print(f"  restore_zip: {restored:.3f} s (target < 1 s)")
