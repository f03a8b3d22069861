"""Reading a runner's archive (issue 24), beside today's per-file path, in one run.

- a season: 365 daily runs of 300 points, GPX, FIT and TCX in turn, each gzip-compressed in a
  zip laid out as Strava's export (tests/season.py makes them); read_log of the zip as
  downloaded. Target: under 2 s, and at least 5x faster than today's path.
- one GPX of 100,000 points with heart rate. Target: under 1 s.
- today's path: the package as it was before issue 24 (commit BEFORE, taken from git into a
  temporary folder and run in its own process), reading the same files unpacked by hand (it
  could not open the zip or the .gz files), and the same 100,000-point GPX.

Figures are the median of three runs on this machine; each run reads everything afresh.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

import season  # noqa: E402  (tests/season.py: the made season and archives)

from hamstring_edu import read_log  # noqa: E402

BEFORE = "af0a7fb"  # the last commit before issue 24's readers
RUNS = 3
OLD_READER = """
import json, statistics, sys, time
from pathlib import Path
from hamstring_edu import read_log
folder, big = Path(sys.argv[1]), Path(sys.argv[2])
def median(task):
    times = []
    for _ in range(3):
        began = time.perf_counter(); rows = len(task()); times.append(time.perf_counter() - began)
    return statistics.median(times), rows
import hamstring_edu
assert Path(hamstring_edu.__file__).parent.parent == Path.cwd(), hamstring_edu.__file__
season = median(lambda: read_log(folder))
gpx = median(lambda: read_log(big))
print(json.dumps({"season": season, "gpx": gpx}))
"""


def median(task) -> tuple[float, int]:
    """Median seconds of RUNS calls of ``task`` and the rows it returned."""
    times, rows = [], 0
    for _ in range(RUNS):
        began = time.perf_counter()
        rows = len(task())
        times.append(time.perf_counter() - began)
    return statistics.median(times), rows


def todays_path(folder: Path, big: Path, work: Path) -> dict | None:
    """The same reads with the package as it was at BEFORE (None without git history)."""
    old = work / "before"
    old.mkdir()
    try:
        archive = subprocess.run(
            ["git", "-C", str(ROOT), "archive", BEFORE, "hamstring_edu"],
            check=True,
            capture_output=True,
        ).stdout
        subprocess.run(["tar", "-x", "-C", str(old)], input=archive, check=True)
    except (OSError, subprocess.CalledProcessError):
        return None
    done = subprocess.run(
        [sys.executable, "-c", OLD_READER, str(folder), str(big)],
        env={"PYTHONPATH": str(old), "PATH": "/usr/bin:/bin"},
        cwd=old,  # python -c puts its folder first on the path: never this repository's
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    files = season.season(365)
    archive = season.strava_archive(files)
    big = season.gpx(0, points=100_000)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        zipped = work / "export_365.zip"
        zipped.write_bytes(archive)
        unpacked = work / "unpacked"
        unpacked.mkdir()
        for name, data in files:
            (unpacked / name).write_bytes(data)
        big_path = work / "long.gpx"
        big_path.write_bytes(big)
        new_season, rows = median(lambda: read_log(zipped))
        new_gpx, _ = median(lambda: read_log(big_path))
        before = todays_path(unpacked, big_path, work)
    size = len(archive) / 2**20
    print(
        f"season archive: 365 files (GPX, FIT, TCX, each .gz) in a {size:.1f} MB zip, {rows} rows"
    )
    print(f"  read_log of the zip, as downloaded:        {new_season:6.2f} s   (target < 2 s)")
    print(f"one GPX of 100,000 points ({len(big) / 2**20:.0f} MB, with heart rate)")
    print(f"  read_log:                                  {new_gpx:6.2f} s   (target < 1 s)")
    if before is None:
        print(f"today's path: not measured (no git history with commit {BEFORE})")
        return
    old_season, old_gpx = before["season"][0], before["gpx"][0]
    print(f"today's path (commit {BEFORE}, the files unpacked by hand):")
    print(
        f"  read_log of the 365 unpacked files:        {old_season:6.2f} s   "
        f"-> {old_season / new_season:.1f}x faster now (target >= 5x)"
    )
    print(
        f"  read_log of the 100,000-point GPX:         {old_gpx:6.2f} s   "
        f"-> {old_gpx / new_gpx:.1f}x faster now"
    )


if __name__ == "__main__":
    main()
