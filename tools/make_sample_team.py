"""Make the sample team in data/samples/: a made-up squad of ten runners over 20 weeks.

Usage: python tools/make_sample_team.py

Writes, from a fixed random seed (``SEED``), so running it again gives the same files (as long
as the questionnaire content is unchanged: saved self-assessments store its version):

- ``data/samples/team_of_ten_log.csv``: the squad's shared training log (plain CSV log format).
- ``data/samples/team_journal/``: a journal export (``Journal.export``) holding that log
  imported as team "harriers", their soreness check-ins, and two self-assessments made with
  ``hamstring_edu.assess``. ``Journal.restore`` turns it into a working journal.

Everyone is made up. Each runner has a base weekly distance, builds 3% a week with a lighter
week (-20%) every fourth week, and runs 4-6 days a week; the last week (Mon 19 May to Sun 25 May
2025) holds the stories the dashboard should surface:

- ben jumps to 1.8x his usual week (a high ratio and a big jump);
- eli runs 1.4x his usual week (a big jump only);
- fay was ill the week before and is back (a jump from zero);
- chloe reports soreness 6/10 (left leg, middle of the thigh);
- dev saves a self-assessment with a warning sign (a pop during a sprint: level "today");
- hana saves a self-assessment without warning signs; gus reports soreness 3/10 (below the
  talk-to threshold of 4); ana runs twice on one day (a real second run, kept by the journal).
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import hamstring_edu as he  # noqa: E402
from hamstring_edu import journal as journal_module  # noqa: E402

SEED = 16
SAMPLES = ROOT / "data" / "samples"
LOG = SAMPLES / "team_of_ten_log.csv"
EXPORT = SAMPLES / "team_journal"
TEAM = "harriers"
FIRST_MONDAY = pd.Timestamp("2025-01-06")
WEEKS = 20
ATHLETES = {  # name: (base km per week, runs per week, pace min/km)
    "ana": (32, 5, 5.6),
    "ben": (40, 5, 5.0),
    "chloe": (28, 4, 6.0),
    "dev": (45, 6, 4.8),
    "eli": (25, 4, 6.2),
    "fay": (36, 5, 5.4),
    "gus": (30, 4, 5.9),
    "hana": (50, 6, 4.6),
    "ivan": (22, 4, 6.4),
    "jules": (38, 5, 5.2),
}
LAST = WEEKS - 1
FINAL_WEEK_FACTOR = {"ben": 1.8, "eli": 1.4}
RUN_DAYS = {4: (0, 2, 4, 6), 5: (0, 1, 3, 4, 6), 6: (0, 1, 2, 3, 4, 6)}


def training_log(rng: np.random.Generator) -> pd.DataFrame:
    """The shared log: one row per run (and a weekly ride for a few), sorted by date."""
    rows = []
    for name, (base, runs, pace) in ATHLETES.items():
        for week in range(WEEKS):
            monday = FIRST_MONDAY + pd.Timedelta(weeks=week)
            km = base * 1.03**week * rng.uniform(0.94, 1.06)
            if week and week % 4 == 0:
                km *= 0.8  # a lighter week
            km *= FINAL_WEEK_FACTOR.get(name, 1.0) if week == LAST else 1.0
            if name == "fay" and week == LAST - 1:
                continue  # ill all week
            days = RUN_DAYS[runs]
            shares = rng.dirichlet(np.full(len(days), 6.0))
            shares[-1] += 0.1  # the weekend long run
            shares /= shares.sum()
            for day, share in zip(days, shares, strict=True):
                distance = round(km * share, 1)
                parts = [distance]
                if name == "ana" and week == LAST - 2 and day == 6:
                    parts = [round(distance * 0.6, 1), round(distance * 0.4, 1)]  # two runs
                for part in parts:
                    minutes = part * pace * rng.uniform(0.95, 1.08)
                    rows.append(
                        {
                            "date": (monday + pd.Timedelta(days=day)).date().isoformat(),
                            "athlete": name,
                            "activity_type": "run",
                            "distance_km": part,
                            "duration_min": round(minutes, 1),
                            "rpe": int(rng.integers(2, 8)),
                        }
                    )
            if name in ("gus", "ivan", "hana"):
                rows.append(
                    {
                        "date": (monday + pd.Timedelta(days=5)).date().isoformat(),
                        "athlete": name,
                        "activity_type": "ride",
                        "distance_km": round(float(rng.uniform(15, 35)), 1),
                        "duration_min": round(float(rng.uniform(40, 90)), 1),
                        "rpe": int(rng.integers(2, 6)),
                    }
                )
    return pd.DataFrame(rows).sort_values(["date", "athlete"], kind="stable")


def checkins(rng: np.random.Generator) -> list[dict]:
    """Soreness check-ins: most weeks a few low ratings, and the final week's stories."""
    out = []
    for week in range(WEEKS - 1):
        monday = FIRST_MONDAY + pd.Timedelta(weeks=week)
        for name in rng.choice(list(ATHLETES), size=3, replace=False):
            out.append(
                {
                    "athlete": str(name),
                    "rating": int(rng.choice([0, 1, 1, 2, 2, 3, 5])),
                    "date": (monday + pd.Timedelta(days=int(rng.integers(0, 7)))).date(),
                    "leg": str(rng.choice(["left", "right", "both"])),
                    "location": str(rng.choice(["upper", "middle", "lower", "whole"])),
                    "note": "",
                }
            )
    last = FIRST_MONDAY + pd.Timedelta(weeks=LAST)
    out += [
        {
            "athlete": "chloe",
            "rating": 6,
            "date": (last + pd.Timedelta(days=2)).date(),
            "leg": "left",
            "location": "middle",
            "note": "tight after the hill repeats, still there next morning",
        },
        {
            "athlete": "gus",
            "rating": 3,
            "date": (last + pd.Timedelta(days=3)).date(),
            "leg": "both",
            "location": "whole",
            "note": "usual stiffness after the long run",
        },
    ]
    return out


ASSESSMENTS = [  # (athlete, day of the final week, answers)
    ("dev", 4, {"rf_pop": True, "onset": "sudden_during", "where": "sitting_bone", "legs": "one"}),
    ("hana", 5, {"onset": "next_day", "spot": "spread", "legs": "both", "trend": "better"}),
]


def main() -> None:
    """Write the log and the journal export (replacing the old ones)."""
    rng = np.random.default_rng(SEED)
    log = training_log(rng)
    log.to_csv(LOG, index=False)
    clock = iter(datetime(2025, 5, 26, 8, tzinfo=UTC) + timedelta(seconds=s) for s in range(9999))
    journal_module.values._now = lambda: next(clock).isoformat(
        timespec="microseconds"
    )  # same files
    with tempfile.TemporaryDirectory() as tmp:
        journal = he.Journal(Path(tmp) / "sample.sqlite3")
        frame = he.read_log(LOG)
        frame["source"] = LOG.name  # not this machine's path
        summary = journal.import_log(frame, team=TEAM)
        for c in checkins(rng):
            journal.add_checkin(
                c["athlete"],
                c["rating"],
                date=c["date"],
                leg=c["leg"],
                location=c["location"],
                note=c["note"],
            )
        last = FIRST_MONDAY + pd.Timedelta(weeks=LAST)
        for name, day, answers in ASSESSMENTS:
            journal.save_assessment(
                he.assess(answers), athlete=name, date=(last + pd.Timedelta(days=day)).date()
            )
        shutil.rmtree(EXPORT, ignore_errors=True)
        journal.export(EXPORT)
        journal.close()
    print(f"{LOG.relative_to(ROOT)}: {len(log)} activities; {summary}")
    print(f"{EXPORT.relative_to(ROOT)}/: {sorted(p.name for p in EXPORT.iterdir())}")


if __name__ == "__main__":
    main()
