"""Team journal at scale: 200 athletes x 5 years of daily runs imported into a new journal, and
one week of the team dashboard (its journal queries and figures) for that team.

Targets (issue 16): the import under 10 s, the week's queries and figures under 1 s.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from hamstring_edu.figures.team import athlete_chart, team_heatmap  # noqa: E402
from hamstring_edu.journal import Journal  # noqa: E402
from hamstring_edu.team import summarise_team  # noqa: E402
from hamstring_edu.widgets.common import figure_bundle  # noqa: E402

ATHLETES = 200
YEARS = 5
REPEATS = 5


def team_log() -> pd.DataFrame:
    """One run a day for every athlete over the last five years (to yesterday)."""
    rng = np.random.default_rng(200)
    end = date.today() - timedelta(days=1)
    days = pd.date_range(end - timedelta(days=365 * YEARS), end)
    names = [f"athlete{i:03d}" for i in range(ATHLETES)]
    n = len(days) * ATHLETES
    distance = rng.gamma(4.0, 2.0, n).round(2)
    return pd.DataFrame(
        {
            "athlete": np.repeat(names, len(days)),
            "date": np.tile(days.to_numpy(), ATHLETES),
            "activity_type": "run",
            "is_running": True,
            "distance_km": distance,
            "duration_min": (distance * rng.uniform(4.5, 7.0, n)).round(1),
            "rpe": rng.integers(1, 9, n).astype(float),
            "source": "bench.csv",
        }
    )


def _seconds(action) -> tuple[float, object]:
    start = time.perf_counter()
    result = action()
    return time.perf_counter() - start, result


def _week(journal: Journal) -> float:
    start = time.perf_counter()
    view = summarise_team(journal, team="big")
    for fig in (team_heatmap(view), athlete_chart(view, view.athletes[0])):
        figure_bundle(fig)  # what the dashboard sends to the browser
    return time.perf_counter() - start


def main() -> None:
    """Print the import and dashboard timings."""
    log = team_log()
    print(f"{ATHLETES} athletes x {YEARS} years of daily runs: {len(log):,} activities")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        journal = Journal(folder / "big.sqlite3")
        took, summary = _seconds(lambda: journal.import_log(log, team="big"))
        print(f"  import_log(frame) into a new journal   {took:7.2f} s  (target < 10 s): {summary}")
        took, summary = _seconds(lambda: journal.import_log(log, team="big"))
        print(f"  the same import again (all known)     {took:7.2f} s: {summary.added} added")
        size = (folder / "big.sqlite3").stat().st_size / 1e6
        print(f"  journal file                          {size:7.1f} MB")

        csv = folder / "big.csv"
        log.drop(columns=["is_running", "source"]).to_csv(csv, index=False)
        fresh = Journal(folder / "from_csv.sqlite3")
        took, summary = _seconds(lambda: fresh.import_log(csv, team="big"))
        print(f"  read_log(CSV) + import_log, new file  {took:7.2f} s  (target < 10 s)")
        fresh.close()

        _week(journal)  # warm up: first-use imports of plotly and friends
        times = [_week(journal) for _ in range(REPEATS)]
        print(
            f"  one week of the dashboard: queries + heatmap + drill-down (as plotly JSON), "
            f"median of {REPEATS}: {statistics.median(times):.3f} s (max {max(times):.3f} s; "
            "target < 1 s)"
        )
        took, _ = _seconds(lambda: summarise_team(journal, team="big"))
        print(f"    of which summarise_team (queries + metrics + talk-to)  {took:.3f} s")
        took, _ = _seconds(lambda: journal.activities(team="big"))
        print(f"  journal.activities() of all {len(log):,} rows             {took:.3f} s")
        took, _ = _seconds(lambda: journal.export(folder / "export"))
        print(f"  export (CSV + JSON)                                  {took:.3f} s")
        took, _ = _seconds(lambda: Journal.restore(folder / "export", folder / "restored.sqlite3"))
        print(f"  restore                                              {took:.3f} s")
        journal.close()


if __name__ == "__main__":
    main()
