"""The team journal: SQLite storage that keeps what is committed, whatever happens."""

from __future__ import annotations

import hashlib
import json
import os
import random
import signal
import sqlite3
import stat
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import pandas as pd
import pandas.testing as pdt
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import hamstring_edu as he
from hamstring_edu import journal as journal_module
from hamstring_edu.content import data_dir
from hamstring_edu.errors import JournalBusyError, JournalError, LogError
from hamstring_edu.journal import Journal

ROOT = Path(__file__).resolve().parents[1]
TEAM_LOG = data_dir() / "samples" / "team_log.csv"
TABLES = ("athletes", "imports", "activities", "checkins", "assessments")


@pytest.fixture
def journal(tmp_path):
    with Journal(tmp_path / "team.sqlite3") as j:
        yield j


def runs(rows: list[tuple]) -> pd.DataFrame:
    """A log frame built directly: (athlete, date, km, minutes[, start_time])."""
    frame = pd.DataFrame(
        [r if len(r) == 5 else (*r, None) for r in rows],
        columns=["athlete", "date", "distance_km", "duration_min", "start_time"],
    )
    frame["date"] = pd.to_datetime(frame["date"])
    frame["start_time"] = pd.to_datetime(frame["start_time"], utc=True)
    frame["source"] = "made-up.csv"
    return frame


def counts(j: Journal) -> dict[str, int]:
    return {name: len(getattr(j, name)()) for name in TABLES}


def assert_same_tables(a: Journal, b: Journal) -> None:
    for name in TABLES:
        pdt.assert_frame_equal(getattr(a, name)(), getattr(b, name)(), obj=name)
    sql = f"SELECT {journal_module.IDENTITY_SQL} FROM activities ORDER BY activity_id"
    assert a._rows(sql) == b._rows(sql)


# --------------------------------------------------------------------------- the file


def test_a_new_journal_is_private_wal_with_foreign_keys(tmp_path):
    path = tmp_path / "new folder" / "team.sqlite3"
    with Journal(path) as j:
        j.add_athlete("sam")
        j.add_checkin("sam", 3, date="2024-01-02")
        assert j.journal_mode == "wal"
        assert j._rows("PRAGMA foreign_keys") == [(1,)]
        assert j._rows("PRAGMA busy_timeout") == [(5000,)]
        assert j._rows("PRAGMA application_id") == [(journal_module.APPLICATION_ID,)]
        assert j.schema_version == len(journal_module.MIGRATIONS) >= 1
        for f in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
            assert stat.S_IMODE(f.stat().st_mode) == 0o600, f
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700


def test_foreign_keys_hold(journal):
    with pytest.raises(sqlite3.IntegrityError):
        journal._db.execute(
            "INSERT INTO checkins(athlete_id, day, leg, location, rating, "
            "recorded_at) VALUES (99, '2024-01-01', 'left', 'upper', 3, 'x')"
        )


def test_the_default_file_is_in_the_users_data_folder_never_in_the_repository(
    tmp_path, monkeypatch
):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data-home"))
    path = journal_module.default_path()
    assert path.name == "journal.sqlite3"
    assert path.is_relative_to(tmp_path / "data-home")
    assert not path.resolve().is_relative_to(ROOT)
    with Journal() as j:
        assert j.path == path and path.is_file()
    monkeypatch.delenv("XDG_DATA_HOME")
    assert not journal_module.default_path().resolve().is_relative_to(ROOT)


def test_not_a_journal_is_refused_untouched(tmp_path):
    text = tmp_path / "notes.sqlite3"
    text.write_text("shopping list")
    with pytest.raises(JournalError, match="cannot be used"):
        Journal(text)
    assert text.read_text() == "shopping list"
    other = tmp_path / "other.db"
    with sqlite3.connect(other) as db:
        db.execute("CREATE TABLE recipes (name TEXT)")
    with pytest.raises(JournalError, match="not a hamstring-edu journal"):
        Journal(other)
    with pytest.raises(JournalError, match="folder"):
        Journal(tmp_path)


def test_forward_migration_keeps_the_data(tmp_path, monkeypatch):
    path = tmp_path / "team.sqlite3"
    with Journal(path) as j:
        j.import_log(TEAM_LOG)
        j.add_checkin("sam", 4, date="2024-03-01")
        before = j.activities()
    step = ("ALTER TABLE checkins ADD COLUMN felt_after_km REAL",)
    monkeypatch.setattr(journal_module.migrations, "MIGRATIONS", (*journal_module.MIGRATIONS, step))
    with Journal(path) as j:
        assert j.schema_version == len(journal_module.migrations.MIGRATIONS)
        assert "felt_after_km" in {r[1] for r in j._rows("PRAGMA table_info(checkins)")}
        pdt.assert_frame_equal(j.activities(), before)
        assert j.checkins()["rating"].tolist() == [4]


def test_a_failing_migration_changes_nothing(tmp_path, monkeypatch):
    path = tmp_path / "team.sqlite3"
    with Journal(path) as j:
        j.add_athlete("sam")
    broken = ("CREATE TABLE extra (x INTEGER)", "ALTER TABLE nowhere ADD COLUMN y")
    monkeypatch.setattr(
        journal_module.migrations, "MIGRATIONS", (*journal_module.MIGRATIONS, broken)
    )
    latest = len(journal_module.MIGRATIONS)
    with pytest.raises(JournalError, match=rf"from schema {latest} to {latest + 1}.*nothing was"):
        Journal(path)
    monkeypatch.undo()
    with Journal(path) as j:
        assert j.schema_version == latest
        assert j._rows("SELECT name FROM sqlite_master WHERE name = 'extra'") == []
        assert j.athletes()["athlete"].tolist() == ["sam"]


def test_a_journal_from_a_newer_version_is_refused(tmp_path):
    path = tmp_path / "team.sqlite3"
    Journal(path).close()
    with sqlite3.connect(path) as db:
        db.execute("PRAGMA user_version = 99")
    with pytest.raises(JournalError, match=r"newer hamstring-edu.*schema 99"):
        Journal(path)


def test_a_name_set_on_the_package_takes_effect_in_its_modules(journal, monkeypatch):
    """The journal is a package of modules; patching ``journal._today`` (or MIGRATIONS, _now)
    still reaches every module that uses the name, as when it was one module."""
    monkeypatch.setattr(journal_module.values, "_today", lambda: date(2024, 3, 1))
    journal.add_athlete("sam")
    journal.add_checkin("sam", 2, date="2024-03-01")
    with pytest.raises(JournalError, match="in the future"):
        journal.add_checkin("sam", 2, date="2024-03-02")
    with pytest.raises(LogError, match="in the future"):
        journal.import_log(runs([("sam", "2024-03-05", 5.0, 30.0)]))
    monkeypatch.undo()
    journal.add_checkin("sam", 2, date="2024-03-02")


# --------------------------------------------------------------------------- imports


def test_importing_the_same_log_twice_adds_nothing(journal):
    first = journal.import_log(TEAM_LOG, team="harriers")
    assert first.added == 351 and first.athletes_added == 3 and first.import_id == 1
    again = journal.import_log(TEAM_LOG, team="harriers")
    assert (again.added, again.skipped, again.import_id) == (0, 351, None)
    assert "0 new activities (351 already" in str(again)
    assert len(journal.activities()) == 351
    assert len(journal.imports()) == 1  # an import that adds nothing leaves no record
    assert journal.teams() == ["harriers"]


def test_a_real_second_run_on_the_same_day_is_kept(journal):
    log = runs(
        [
            ("sam", "2024-03-04", 5.0, 30.0, "2024-03-04T06:00:00Z"),
            ("sam", "2024-03-04", 5.0, 30.0, "2024-03-04T18:00:00Z"),  # same run, evening
            ("jo", "2024-03-04", 8.0, 45.0),  # no start times: distance tells them apart
            ("jo", "2024-03-04", 4.0, 25.0),
            ("kim", "2024-03-04", 6.0, 35.0),  # identical twice in one log: two runs
            ("kim", "2024-03-04", 6.0, 35.0),
        ]
    )
    assert journal.import_log(log).added == 6
    assert journal.activities().groupby("athlete").size().to_dict() == {"jo": 2, "kim": 2, "sam": 2}
    assert journal.import_log(log).added == 0


def test_a_longer_export_of_the_same_log_adds_only_the_new_rows(journal):
    march = runs([("kim", "2024-03-04", 6.0, 35.0), ("kim", "2024-03-05", 6.0, 35.0)])
    journal.import_log(march)
    later = runs(
        [
            ("kim", "2024-03-04", 6.0, 35.0),
            ("kim", "2024-03-05", 6.0, 35.0),
            ("kim", "2024-03-05", 6.0, 35.0),  # she ran it twice that day after all
            ("kim", "2024-03-06", 7.0, 40.0),
        ]
    )
    later["source"] = "renamed-export.csv"  # the file name is not part of the identity
    summary = journal.import_log(later)
    assert (summary.added, summary.skipped) == (2, 2)
    assert journal.activities()["date"].dt.day.tolist() == [4, 5, 5, 6]


@pytest.mark.parametrize(
    ("change", "column", "message"),
    [
        ({"date": "2999-01-01"}, "date", "is in the future"),
        ({"date": "1960-05-01"}, "date", "before 1970"),
        ({"date": "someday"}, "date", "not a date"),
        ({"distance_km": -1.0}, "distance_km", "finite number >= 0"),
        ({"distance_km": float("inf")}, "distance_km", "finite number >= 0"),
        ({"duration_min": None}, "duration_min", "finite number >= 0"),
        ({"rpe": 11}, "rpe", "from 0 to 10"),
        ({"athlete": ""}, "athlete", "not an athlete name"),
        ({"athlete": "bad\x00name"}, "athlete", "control character"),
    ],
)
def test_a_bad_row_is_an_error_and_nothing_is_lost(journal, change, column, message):
    journal.import_log(TEAM_LOG)
    journal.add_checkin("sam", 2, date="2024-02-01")
    before = counts(journal)
    log = runs([("new", "2024-03-04", 5.0, 30.0), ("new", "2024-03-05", 5.0, 30.0)])
    log["rpe"] = 5.0
    log["date"] = log["date"].astype(object)
    for key, value in change.items():
        log.loc[1, key] = value
    with pytest.raises(LogError, match=message) as caught:
        journal.import_log(log)
    assert f"column '{column}'" in str(caught.value) and "row 1" in str(caught.value)
    assert counts(journal) == before


def test_names_and_types_are_cleaned_once(journal):
    log = runs([("sam ", "2024-03-04", 5.0, 30.0), ("sam", "2024-03-05", 5.0, 30.0)])
    log["activity_type"] = [None, " Trail Run "]
    journal.import_log(log)
    got = journal.activities()
    assert got["athlete"].tolist() == ["sam", "sam"]
    assert got["activity_type"].tolist() == ["run", "trail run"]
    assert got["is_running"].all()
    missing = runs([("kim", "2024-03-04", 5.0, 30.0), (None, "2024-03-05", 5.0, 30.0)])
    with pytest.raises(LogError, match="row 1, column 'athlete': an empty value is not an"):
        journal.import_log(missing)


def test_text_in_is_running_is_refused(journal):
    log = runs([("sam", "2024-03-04", 5.0, 30.0)])
    log["is_running"] = "False"
    with pytest.raises(LogError, match="is_running must be True/False"):
        journal.import_log(log)


def test_a_file_that_fails_to_parse_changes_nothing(journal, tmp_path):
    journal.import_log(TEAM_LOG)
    before = counts(journal)
    broken = tmp_path / "broken.csv"
    broken.write_text("date,distance_km,duration_min\n2024-01-01,five,30\n")
    with pytest.raises(LogError, match=r"broken.csv, line 2, column 'distance_km'"):
        journal.import_log(broken)
    assert counts(journal) == before


def test_running_flag_from_the_activity_type_when_missing(journal):
    log = runs([("sam", "2024-03-04", 5.0, 30.0), ("sam", "2024-03-05", 20.0, 50.0)])
    log["activity_type"] = ["Run", "ride"]
    journal.import_log(log)
    got = journal.activities()
    assert got["activity_type"].tolist() == ["run", "ride"]
    assert got["is_running"].tolist() == [True, False]


def test_the_import_summary_is_one_sentence_from_the_text_file():
    summary = journal_module.ImportSummary
    assert str(summary(1, 5, 1, 0, 0)) == "Imported 5 new activities (1 already in the journal)."
    assert str(summary(1, 5, 1, 2, 3)) == (
        "Imported 5 new activities (1 already in the journal), 2 new athlete(s); "
        "the reader left out 3 row(s)."
    )
    assert str(summary(1, 5, 1, 2, 0)).endswith("journal), 2 new athlete(s).")
    assert str(summary(1, 5, 1, 0, 3)).endswith("journal); the reader left out 3 row(s).")


# --------------------------------------------------------------------------- check-ins


def test_checkins_round_trip(journal):
    journal.add_athlete("sam", team="harriers")
    first = journal.add_checkin(
        "sam", 6, date=date(2024, 3, 5), leg="left", location="upper", note="after hills\r\nok"
    )
    second = journal.add_checkin("sam", 0.0, date="2024-03-06")
    got = journal.checkins(team="harriers")
    assert got["checkin_id"].tolist() == [first, second]
    assert got["rating"].tolist() == [6, 0]
    assert got.loc[0, "note"] == "after hills\nok"
    assert got.loc[1, ["leg", "location"]].tolist() == ["both", "whole"]
    assert journal.checkins(start="2024-03-06")["checkin_id"].tolist() == [second]
    assert journal.checkins(end="2024-03-05")["checkin_id"].tolist() == [first]
    assert journal.add_checkin("sam", 1) and journal.checkins().iloc[-1]["date"] == pd.Timestamp(
        date.today()
    )


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"athlete": "nobody"}, "unknown athlete 'nobody'; the journal knows: sam"),
        ({"rating": 11}, "whole number from 0 .* got 11"),
        ({"rating": -1}, "got -1"),
        ({"rating": 4.5}, "got 4.5"),
        ({"rating": True}, "got True"),
        ({"rating": float("nan")}, "got nan"),
        ({"rating": "7"}, "got '7'"),
        ({"date": (date.today() + timedelta(days=1)).isoformat()}, "is in the future"),
        ({"date": "1969-12-31"}, "before 1970"),
        ({"date": "yesterday"}, "not a date"),
        ({"leg": "middle"}, "leg must be one of left, right, both"),
        ({"location": "calf"}, "location must be one of upper, middle, lower, whole"),
        ({"note": "bell\x07"}, "control character"),
        ({"note": "x" * 3000}, "3000 characters"),
    ],
)
def test_bad_checkins_are_refused_and_nothing_is_lost(journal, kwargs, message):
    journal.add_athlete("sam")
    journal.add_checkin("sam", 3, date="2024-01-01")
    args = {"athlete": "sam", "rating": 5, "date": "2024-01-02", **kwargs}
    with pytest.raises(JournalError, match=message):
        journal.add_checkin(args.pop("athlete"), args.pop("rating"), **args)
    assert journal.checkins()["rating"].tolist() == [3]


def test_deleting(journal):
    journal.import_log(TEAM_LOG, team="harriers")
    journal.add_athlete("kim")
    one = journal.add_checkin("sam", 3, date="2024-01-01")
    journal.add_checkin("kim", 2, date="2024-01-01")
    journal.delete_checkin(one)
    assert journal.checkins()["athlete"].tolist() == ["kim"]
    with pytest.raises(JournalError, match="no check-in 1"):
        journal.delete_checkin(one)
    journal.delete_athlete("kim")  # foreign keys take her check-ins with her
    assert journal.checkins().empty
    with pytest.raises(JournalError, match="unknown athlete 'kim'"):
        journal.delete_athlete("kim")
    journal.delete_import(1)
    assert journal.activities().empty and journal.imports().empty
    assert journal.athletes()["athlete"].tolist() == ["alex", "jo", "sam"]
    with pytest.raises(JournalError, match="no import 1"):
        journal.delete_import(1)


def test_the_locations_are_the_schemas_with_their_words_from_the_text_file(journal):
    from hamstring_edu.wording import say

    schema = journal._rows("SELECT sql FROM sqlite_master WHERE name = 'checkins'")[0][0]
    assert "location IN ('upper', 'middle', 'lower', 'whole')" in schema
    assert list(journal_module.LOCATIONS) == ["upper", "middle", "lower", "whole"]
    assert journal_module.LOCATIONS["upper"] == say("journal.location_upper")
    assert journal_module.LOCATIONS["upper"] == "upper thigh, just below the buttock"


# --------------------------------------------------------------------------- assessments


def test_a_saved_assessment_keeps_answers_result_level_and_content_version(journal):
    journal.add_athlete("sam")
    urgent = he.assess({"rf_pop": True, "where": "sitting_bone"})
    calm = he.assess({"weekly_change_pct": 40})
    a = journal.save_assessment(urgent, athlete="sam", date="2024-03-05")
    b = journal.save_assessment(calm.to_json(), athlete="sam", date="2024-03-06")
    got = journal.assessments()
    assert got["assessment_id"].tolist() == [a, b]
    assert got["level"].tolist() == ["today", None]
    assert got.loc[0, "answers"] == {"rf_pop": True, "where": "sitting_bone"}
    assert got.loc[0, "result"]["level"] == "today"
    assert got.loc[0, "headline"].startswith("See a doctor today")
    assert set(got["content_version"]) == {he.content.content_version()}
    journal.delete_assessment(a)
    assert journal.assessments()["assessment_id"].tolist() == [b]


def test_an_emergency_level_is_kept(journal):
    class Emergency:  # the shape of an Assessment whose flags raised the emergency tier
        level = "emergency"

        def to_dict(self):
            return {"answers": {"rf_saddle": True}, "result": {"level": "emergency"}}

    journal.add_athlete("sam")
    journal.save_assessment(Emergency(), athlete="sam", date="2024-03-05")
    assert journal.assessments()["level"].tolist() == ["emergency"]


def test_bad_assessments_are_refused(journal):
    journal.add_athlete("sam")
    with pytest.raises(JournalError, match="unknown athlete"):
        journal.save_assessment(he.assess({}), athlete="nobody")
    with pytest.raises(JournalError, match="Assessment"):
        journal.save_assessment(42, athlete="sam")
    with pytest.raises(he.AnswerError, match="not a valid JSON"):
        journal.save_assessment("{not json", athlete="sam")
    with pytest.raises(JournalError, match="in the future"):
        journal.save_assessment(he.assess({}), athlete="sam", date="2999-01-01")
    assert journal.assessments().empty


# --------------------------------------------------------------------------- export, restore


def test_export_and_restore_give_equal_tables(journal, tmp_path):
    journal.import_log(TEAM_LOG, team="harriers")
    journal.add_checkin("sam", 5, date="2024-04-15", leg="right", note='said "tight", then, ok\n')
    journal.save_assessment(he.assess({"rf_pop": True}), athlete="jo", date="2024-04-16")
    folder = journal.export(tmp_path / "backup")
    names = sorted(p.name for p in folder.iterdir())
    assert names == [
        "activities.csv",
        "assessments.json",
        "athletes.csv",
        "checkins.csv",
        "diary.csv",
        "imports.csv",
        "manifest.json",
        "rtr_ticks.csv",
    ]
    assert all(stat.S_IMODE((folder / n).stat().st_mode) == 0o600 for n in names)
    manifest = json.loads((folder / "manifest.json").read_text())
    assert manifest["files"]["activities.csv"]["rows"] == 351
    activities = pd.read_csv(folder / "activities.csv")  # plain CSV a spreadsheet opens
    assert activities["distance_km"].sum() == pytest.approx(
        journal.activities()["distance_km"].sum()
    )
    with Journal.restore(folder, tmp_path / "copy.sqlite3") as copy:
        assert_same_tables(journal, copy)
        assert copy.import_log(TEAM_LOG).added == 0  # identities came back too


def test_restore_never_overwrites_and_checks_the_export(journal, tmp_path):
    journal.import_log(TEAM_LOG)
    folder = journal.export(tmp_path / "backup")
    with pytest.raises(JournalError, match="already exists"):
        Journal.restore(folder, journal.path)
    target = tmp_path / "copy.sqlite3"
    lines = (folder / "checkins.csv").read_text()
    (folder / "checkins.csv").write_text(lines + "1,sam,2024-01-01,left,upper,3,,x\n")
    with pytest.raises(JournalError, match="checksum differs"):
        Journal.restore(folder, target)
    assert not target.exists()
    (folder / "manifest.json").unlink()
    with pytest.raises(JournalError, match=r"no manifest.json"):
        Journal.restore(folder, target)
    assert not target.exists()


def test_restore_refuses_rows_that_break_the_rules(journal, tmp_path):
    journal.add_athlete("sam")
    journal.add_checkin("sam", 3, date="2024-01-01")
    folder = journal.export(tmp_path / "backup")
    path = folder / "checkins.csv"
    path.write_text(path.read_text().replace(",3,", ",12,"))  # a rating of 12
    manifest = json.loads((folder / "manifest.json").read_text())
    import hashlib

    manifest["files"]["checkins.csv"]["sha256"] = hashlib.sha256(path.read_bytes()).hexdigest()
    (folder / "manifest.json").write_text(json.dumps(manifest))
    target = tmp_path / "copy.sqlite3"
    with pytest.raises(JournalError, match=r"refused a value.*CHECK constraint"):
        Journal.restore(folder, target)
    assert not target.exists()


# --------------------------------------------------------------------------- property

NAMES = ("alex", "jo", "sam")
ANSWERS = ({}, {"rf_pop": True}, {"weekly_change_pct": 40, "rest_days": 0})
row = st.tuples(
    st.sampled_from(NAMES),
    st.integers(0, 30),  # days after 2024-01-01
    st.sampled_from([0.0, 5.0, 5.0004, 8.25, 1 / 3]),
    st.sampled_from([30.0, 45.5, 61.25]),
    st.one_of(st.none(), st.integers(0, 3)),  # start hour index, or no start time
    st.one_of(st.none(), st.integers(0, 10)),  # RPE
)
operation = st.one_of(
    st.tuples(st.just("import"), st.lists(row, min_size=1, max_size=8), st.sampled_from(["", "a"])),
    st.tuples(
        st.just("checkin"),
        st.sampled_from((*NAMES, "nobody")),
        st.integers(-1, 11),
        st.integers(0, 30),
        st.sampled_from(journal_module.LEGS),
        st.text(max_size=12),
    ),
    st.tuples(st.just("assessment"), st.sampled_from(NAMES), st.integers(0, 2)),
    st.tuples(
        st.sampled_from(["delete_checkin", "delete_import", "delete_assessment"]),
        st.integers(1, 6),
    ),
    st.tuples(st.just("delete_athlete"), st.sampled_from(NAMES)),
)


def _apply(j: Journal, op: tuple) -> None:
    kind = op[0]
    if kind == "import":
        rows = [
            (
                who,
                pd.Timestamp("2024-01-01") + pd.Timedelta(days=d),
                km,
                minutes,
                None
                if hour is None
                else (
                    pd.Timestamp("2024-01-01 06:00", tz="UTC") + pd.Timedelta(days=d, hours=hour)
                ),
            )
            for who, d, km, minutes, hour, _ in op[1]
        ]
        log = runs(rows)
        log["rpe"] = [np.nan if r[5] is None else float(r[5]) for r in op[1]]
        j.import_log(log, team=op[2])
    elif kind == "checkin":
        _, who, rating, d, leg, note = op
        day = date(2024, 1, 1) + timedelta(days=d)
        j.add_checkin(who, rating, date=day, leg=leg, note=note)
    elif kind == "assessment":
        j.save_assessment(he.assess(ANSWERS[op[2]]), athlete=op[1], date="2024-01-20")
    elif kind == "delete_athlete":
        j.delete_athlete(op[1])
    else:
        getattr(j, kind)(op[1])


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(operation, max_size=12))
def test_any_sequence_then_export_and_restore_gives_equal_tables(operations):
    with tempfile.TemporaryDirectory() as tmp, Journal(Path(tmp) / "j.sqlite3") as j:
        for op in operations:
            before = counts(j)
            try:
                _apply(j, op)
            except JournalError:
                assert counts(j) == before  # a refused write changes nothing
        folder = j.export(Path(tmp) / "export")
        with Journal.restore(folder, Path(tmp) / "restored.sqlite3") as restored:
            assert_same_tables(j, restored)


# --------------------------------------------------------------------------- crashes

CHUNK = 2000


def _chunk(k: int) -> pd.DataFrame:
    """Import number k: CHUNK distinct runs of athlete 'a<k % 40>', tagged with source chunk<k>."""
    days = pd.Timestamp("2015-01-01") + pd.to_timedelta(np.arange(CHUNK), unit="D")
    rng = np.random.default_rng(k)
    return pd.DataFrame(
        {
            "athlete": f"a{k % 40}",
            "date": days,
            "start_time": days.tz_localize("UTC") + pd.Timedelta(hours=6) + pd.Timedelta(minutes=k),
            "distance_km": rng.uniform(3, 20, CHUNK).round(2),
            "duration_min": rng.uniform(15, 120, CHUNK).round(1),
            "source": f"chunk{k}",
        }
    )


def _child_imports(path: Path, first: int, fd: int) -> None:
    """In a forked child: import chunks first, first+1, ... telling the parent on ``fd``."""
    try:
        j = Journal(path)
        k = first
        while True:
            log = _chunk(k)
            os.write(fd, f"start {k}\n".encode())
            j.import_log(log)
            os.write(fd, f"done {k}\n".encode())
            k += 1
    finally:
        os._exit(1)


def _check_after_crash(path: Path) -> tuple[set[int], int]:
    """Integrity and all-or-nothing imports; the committed chunk numbers and activity count."""
    db = sqlite3.connect(path)
    try:
        assert db.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert db.execute("PRAGMA foreign_key_check").fetchall() == []
        imports = db.execute(
            "SELECT import_id, source, activities_added, activities_skipped FROM imports"
        ).fetchall()
        per_import = dict(
            db.execute("SELECT import_id, count(*) FROM activities GROUP BY import_id").fetchall()
        )
        for import_id, _source, added, skipped in imports:
            assert (added, skipped) == (CHUNK, 0)
            assert per_import.pop(import_id) == CHUNK  # every committed import is complete
        assert per_import == {}  # no activity from an import that did not commit
        chunks = {int(source.removeprefix("chunk")) for _, source, _, _ in imports}
        sources = {s for (s,) in db.execute("SELECT DISTINCT source FROM activities")}
        assert sources == {f"chunk{k}" for k in chunks}
        total = db.execute("SELECT count(*) FROM activities").fetchone()[0]
        return chunks, total
    finally:
        db.close()


@pytest.mark.slow
def test_sigkill_during_imports_100_times(tmp_path):
    rng = random.Random(20261125)
    during = 0
    for kill in range(100):
        if kill % 10 == 0:  # a fresh journal every 10 kills keeps each integrity check quick
            path = tmp_path / f"crash{kill}.sqlite3"
            Journal(path).close()
            committed: set[int] = set()
        first = max(committed, default=-1) + 1
        read_end, write_end = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: import until killed
            os.close(read_end)
            _child_imports(path, first, write_end)
        os.close(write_end)
        started = False
        buffer = b""
        while not started:  # wait for the first import to begin, then kill at a random moment
            buffer += os.read(read_end, 4096)
            started = b"start" in buffer
        time.sleep(rng.uniform(0, 0.25))
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        while chunk := os.read(read_end, 4096):
            buffer += chunk
        os.close(read_end)
        lines = buffer.decode().split()
        done = {int(k) for word, k in zip(lines[::2], lines[1::2], strict=True) if word == "done"}
        during += lines[-2] == "start"
        chunks, total = _check_after_crash(path)
        assert done <= chunks, "an import reported as done was lost"
        assert committed <= chunks
        assert chunks - done - committed <= {max(chunks, default=-1)}  # at most the last one
        assert total == CHUNK * len(chunks)
        committed = chunks
    assert during >= 50, f"only {during} of 100 kills landed inside an import"
    with Journal(path) as j:  # and the journal still works
        assert j.import_log(_chunk(max(committed) + 1)).added == CHUNK


# --------------------------------------------------------------------------- two writers


def _fork(work) -> int:
    pid = os.fork()
    if pid == 0:
        code = 1
        try:
            code = work()
        finally:
            os._exit(code)
    return pid


def _exit_code(pid: int) -> int:
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status)


def test_a_writer_that_waits_too_long_gets_busy_try_again(tmp_path):
    path = tmp_path / "busy.sqlite3"
    with Journal(path) as j:
        j.add_athlete("sam")
    read_end, write_end = os.pipe()

    def hold_the_lock() -> int:
        db = sqlite3.connect(path, isolation_level=None)
        db.execute("BEGIN IMMEDIATE")
        db.execute(
            "INSERT INTO athletes(name, team, added_at) "
            "VALUES ('held', '', '2024-01-01T00:00:00+00:00')"
        )
        os.write(write_end, b"locked")
        time.sleep(1.5)
        db.execute("COMMIT")
        return 0

    pid = _fork(hold_the_lock)
    os.read(read_end, 16)
    with Journal(path, timeout=0.2) as j:
        with pytest.raises(JournalBusyError, match=r"busy: another program is writing.*Try again"):
            j.add_checkin("sam", 4, date="2024-01-01")
        assert isinstance(JournalBusyError("x"), JournalError)
        assert j.checkins().empty  # reading still works while another program writes
        assert _exit_code(pid) == 0
        j.add_checkin("sam", 4, date="2024-01-01")  # once the other writer is done: fine
        assert j.athletes()["athlete"].tolist() == ["held", "sam"]
        assert j._rows("PRAGMA integrity_check") == [("ok",)]


@pytest.mark.parametrize("timeout", [10.0, 0.0])
def test_two_writer_processes_at_once(tmp_path, timeout):
    """With a long enough wait both succeed; with none, each write succeeds or says busy."""
    path = tmp_path / "two.sqlite3"
    Journal(path).close()
    results = tmp_path / "results"
    results.mkdir()

    def writer(n: int):
        def work() -> int:
            j = Journal(path, timeout=timeout)
            outcome = []
            for i in range(15):
                try:
                    j.import_log(_chunk(100 * n + i))
                    outcome.append(f"ok {100 * n + i}")
                except JournalBusyError:
                    outcome.append("busy")
            (results / f"{n}.txt").write_text("\n".join(outcome))
            return 0

        return work

    pids = [_fork(writer(1)), _fork(writer(2))]
    assert [_exit_code(pid) for pid in pids] == [0, 0]  # no other exception in either
    outcome = [line for n in (1, 2) for line in (results / f"{n}.txt").read_text().splitlines()]
    ok = {int(line.split()[1]) for line in outcome if line.startswith("ok")}
    if timeout:
        assert len(ok) == 30
    chunks, total = _check_after_crash(path)
    assert chunks == ok and total == CHUNK * len(ok)


# --------------------------------------------------------------------------- heart rate (issue 24)

INES = data_dir() / "samples" / "strava_export_made_up.zip"
INES_HR = {"resting": 50, "maximum": 190, "sex": "female"}


def test_the_journal_keeps_heart_rate_for_a_load_from_it(tmp_path):
    log = he.read_log(INES, athlete="ines")
    with Journal(tmp_path / "team.sqlite3") as j:
        j.import_log(log)
        held = j.activities()
        assert held["hr_seconds"].tolist() == log["hr_seconds"].tolist()
        assert held["avg_hr"].tolist() == log["avg_hr"].tolist()
        from_journal = he.load_metrics(held, measure="trimp", heart_rate=INES_HR)
        from_log = he.load_metrics(log, measure="trimp", heart_rate=INES_HR)
        pdt.assert_series_equal(from_journal["ctl"], from_log["ctl"])
        j.export(tmp_path / "export")
    with Journal.restore(tmp_path / "export", tmp_path / "again.sqlite3") as again:
        pdt.assert_frame_equal(again.activities(), held)


def test_an_export_from_before_heart_rate_restores_without_it(tmp_path):
    """data/samples/team_journal was exported at schema 1 (no heart-rate columns)."""
    folder = data_dir() / "samples" / "team_journal"
    assert json.loads((folder / "manifest.json").read_text())["schema_version"] == 1
    with Journal.restore(folder, tmp_path / "old.sqlite3") as j:
        held = j.activities()
        assert len(held) > 500 and held["hr_seconds"].isna().all() and held["avg_hr"].isna().all()
        assert j.schema_version == len(journal_module.migrations.MIGRATIONS)


def test_a_tampered_heart_rate_in_an_export_is_named(tmp_path):
    with Journal(tmp_path / "team.sqlite3") as j:
        j.import_log(he.read_log(INES, athlete="ines"))
        j.export(tmp_path / "export")
    path = tmp_path / "export" / "activities.csv"
    text = path.read_text()
    broken = text.replace('"[[', '"[[-1, ', 1)  # a first pair of three numbers, one negative
    assert broken != text
    path.write_text(broken)
    manifest = json.loads((tmp_path / "export" / "manifest.json").read_text())
    manifest["files"]["activities.csv"]["sha256"] = hashlib.sha256(broken.encode()).hexdigest()
    (tmp_path / "export" / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(JournalError, match=r"\[heart rate, seconds\] pairs") as info:
        Journal.restore(tmp_path / "export", tmp_path / "again.sqlite3")
    assert info.value.where["line"] == 2 and info.value.where["column"] == "hr_seconds"
    assert not (tmp_path / "again.sqlite3").exists()


def test_a_known_run_is_left_out_by_position_when_the_log_repeats_its_labels(tmp_path):
    one = he.read_log(
        [
            (
                "a.csv",
                b"date,start_time,distance_km,duration_min\n2024-01-02,2024-01-02T07:00:00Z,8,45\n",
            )
        ]
    )
    two = he.read_log(
        [
            (
                "b.csv",
                b"date,start_time,distance_km,duration_min\n2024-01-02,2024-01-02T07:01:00Z,8.1,45\n",
            )
        ]
    )
    other = he.read_log(
        [
            (
                "c.csv",
                b"date,start_time,distance_km,duration_min\n2024-01-05,2024-01-05T07:00:00Z,10,55\n",
            )
        ]
    )
    with Journal(tmp_path / "team.sqlite3") as j:
        j.import_log(one.assign(athlete="sam"))
        both = pd.concat([two, other]).assign(athlete="sam")  # index [0, 0]
        summary = j.import_log(both)
        assert (summary.added, summary.skipped, len(summary.merged)) == (1, 1, 1)
        assert sorted(j.activities()["distance_km"]) == [8.0, 10.0]


def test_a_bad_start_time_is_named_before_any_comparison(tmp_path):
    with Journal(tmp_path / "team.sqlite3") as j:
        j.import_log(TEAM_LOG)
        log = j.activities().head(2).drop(columns=["activity_id", "import_id"])
        log["start_time"] = log["start_time"].astype(object)
        log.loc[log.index[0], "start_time"] = "garbage"
        with pytest.raises(LogError, match="'garbage' is not an ISO date-time") as info:
            j.import_log(log)
        assert info.value.where["column"] == "start_time"
