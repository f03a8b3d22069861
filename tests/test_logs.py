"""read_log: real device files, CSV and Strava exports, and every kind of bad input."""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd
import pytest

from hamstring_edu import LogError, OptionError, read_log
from hamstring_edu.logs import COLUMNS
from hamstring_edu.units import KM_PER_MILE
from hamstring_edu.validation import dropped_table

SAMPLES = Path(__file__).resolve().parents[1] / "data" / "samples"


# --------------------------------------------------------------------------- real files


def test_fit_run_matches_the_parser_projects_own_record_dump(device_files):
    log = read_log(device_files / "fit" / "garmin-fenix-5-run.fit")
    assert list(log.columns) == COLUMNS and len(log) == 1
    row = log.iloc[0]
    assert row.activity_type == "run" and row.is_running
    records = pd.read_csv(device_files / "fit" / "garmin-fenix-5-run-records.csv")
    # the session total agrees with the last cumulative record distance (metres) within 1%
    assert row.distance_km == pytest.approx(records["distance"].max() / 1000, rel=0.01)
    assert row.start_time == pd.Timestamp("2017-06-11 14:34:09", tz="UTC")
    assert row.date == pd.Timestamp("2017-06-11")


@pytest.mark.parametrize(
    ("name", "kind", "running"),
    [
        ("garmin-fenix-5-bike.fit", "ride", False),
        ("garmin-fenix-5-walk.fit", "walk", False),
        ("activity-small-fenix2-run.fit", "run", True),
        ("sample-activity.fit", "ride", False),
    ],
)
def test_fit_sports_are_labelled(device_files, name, kind, running):
    row = read_log(device_files / "fit" / name).iloc[0]
    assert row.activity_type == kind and bool(row.is_running) is running
    assert row.distance_km > 0 and row.duration_min > 0


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("fit/activity-settings-corruptheader.fit", "not a FIT file at byte 771"),
        ("fit/strava-android-app-201.10-b1218918.fit", "broken FIT file, not read.*cut short"),
        ("gpx/route.gpx", "only a planned route"),
        ("gpx/cerknicko-without-times.gpx", "duration cannot be known"),
        ("gpx/Mojstrovka.gpx", "implausible point times"),
        ("gpx/unicode_with_bom.gpx", "no track points"),
    ],
)
def test_broken_or_unusable_files_are_rejected_clearly(device_files, name, message):
    with pytest.raises(LogError, match=message) as info:
        read_log(device_files / name)
    assert Path(info.value.where["file"]).name == Path(name).name


def test_gpx_tracks_with_times(device_files):
    lake = read_log(device_files / "gpx" / "cerknicko-jezero.gpx").iloc[0]
    assert lake.distance_km == pytest.approx(4.58, abs=0.01)
    assert lake.duration_min == pytest.approx(119.8, abs=0.1)
    korita = read_log(device_files / "gpx" / "korita-zbevnica.gpx")
    assert len(korita) == 1
    (reason,) = dropped_table(korita)["reason"]
    assert "358 of 358 points have no time" in reason
    empty_segment = read_log(device_files / "gpx" / "track-with-empty-segment.gpx").iloc[0]
    assert empty_segment.duration_min > 0


def test_tcx_non_running_sports(device_files):
    for name in ("sup_activity_1.tcx", "cross-country-skiing_activity_1.tcx"):
        row = read_log(device_files / "tcx" / name).iloc[0]
        assert row.activity_type == "other" and not row.is_running
        assert row.distance_km > 0 and row.duration_min > 0


def test_a_folder_shows_progress_and_lists_what_it_skipped(device_files):
    seen = []
    log = read_log(
        device_files, errors="skip", progress=lambda done, total, name: seen.append((done, total))
    )
    assert seen[-1][0] == seen[-1][1] == len(seen) >= 16
    reasons = " ".join(dropped_table(log)["reason"])
    assert "not read" in reasons and "planned route" in reasons
    assert set(log["activity_type"]) >= {"run", "ride", "walk", "other"}
    with pytest.raises(LogError):
        read_log(device_files, errors="raise")


def test_truncated_files(tmp_path, device_files):
    for sub, name in (
        ("gpx", "cerknicko-jezero.gpx"),
        ("tcx", "sup_activity_1.tcx"),
        ("fit", "garmin-fenix-5-run.fit"),
    ):
        data = (device_files / sub / name).read_bytes()
        cut = tmp_path / name
        cut.write_bytes(data[: len(data) // 2])
        with pytest.raises(LogError, match=r"not a readable|broken FIT|not read") as info:
            read_log(cut)
        assert info.value.where["file"] == cut.name  # the file's own name, not its folder


# --------------------------------------------------------------------------- CSV


def test_the_sample_team_log():
    log = read_log(SAMPLES / "team_log.csv")
    assert set(log["athlete"]) == {"alex", "sam", "jo"}
    assert log.attrs["units"] == "km" and "distance_km" in log.attrs["units_rule"]
    assert (~log["is_running"]).sum() > 0  # cross-training kept and labelled
    assert log.attrs["dropped"] == ()


def _csv(text: str, **kwargs):
    return read_log(io.StringIO(text), **kwargs)


def test_miles_are_converted_and_the_rule_is_said():
    log = _csv("date,distance_mi,duration_min\n2024-01-01,5,40\n")
    assert log["distance_km"].iloc[0] == pytest.approx(5 * KM_PER_MILE)
    assert log.attrs["units"] == "mi"
    bare = _csv("date,distance,duration\n2024-01-01,5,0:40:00\n")
    assert bare["distance_km"].iloc[0] == 5 and "assumed" in bare.attrs["units_rule"]
    assert bare["duration_min"].iloc[0] == 40
    told = _csv("date,distance,duration_min\n2024-01-01,5,40\n", units="mi")
    assert told["distance_km"].iloc[0] == pytest.approx(8.04672)


def test_duplicates_and_one_absurd_row_are_dropped_and_listed():
    # a true duplicate: the same start time (#12: without one, two equal lines are two runs)
    text = (
        "date,distance_km,duration_min,start_time\n"
        "2024-01-01,5,30,2024-01-01T07:00:00Z\n"
        "2024-01-01,5,30,2024-01-01T07:00:00Z\n"
        "2024-01-02,5000,30,\n"
        "2024-01-03,6,35,\n"
    )
    log = _csv(text)
    assert log["distance_km"].tolist() == [5.0, 6.0]
    dropped = dropped_table(log)
    assert dropped["line"].tolist() == [4, 3]
    assert "absurd" in dropped["reason"].iloc[0] and "duplicate" in dropped["reason"].iloc[1]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "empty"),
        ("date,distance_km,duration_min\n", "no activities"),
        ("day,km,min\n2024-01-01,5,30\n", "missing distance column"),
        ("date,distance_km\n2024-01-01,5\n", "duration_min"),
        ("date,distance_km,duration_min\n2024-13-01,5,30\n", r"line 2, column 'date'.*not a date"),
        (
            "date,distance_km,duration_min\n2024-01-01,five,30\n",
            r"line 2, column 'distance_km'.*not a number",
        ),
        (
            "date,distance_km,duration_min\n2024-01-01,5,30\n2024-01-02,-3,30\n",
            r"line 3, column 'distance_km'.*>= 0",
        ),
        (
            "date,distance_km,duration_min,rpe\n2024-01-01,5,30,11\n",
            r"line 2, column 'rpe'.*0 to 10",
        ),
        (
            "date,distance_km,duration_min,start_time\n"
            "2024-01-01,5,30,2024-01-01T07:00:00+01:00\n2024-01-02,5,30,2024-01-02T07:00:00\n",
            r"line 3, column 'start_time'.*mixed time zones",
        ),
    ],
)
def test_bad_csv_names_file_line_and_column(text, message):
    with pytest.raises(LogError, match=message):
        _csv(text)


def test_units_contradiction_and_bad_options():
    with pytest.raises(LogError, match="contradicts"):
        _csv("date,distance_km,duration_min\n2024-01-01,5,30\n", units="mi")
    with pytest.raises(OptionError, match="units must be"):  # an option (#11)
        _csv("date,distance_km,duration_min\n2024-01-01,5,30\n", units="miles")
    with pytest.raises(LogError, match="no such file"):
        read_log("/nonexistent/log.csv")


def test_strava_export_made_for_this_test(tmp_path):
    """A Strava bulk-export activities.csv MADE for this test from the export's documented
    columns (the second 'Distance' column is in metres)."""
    made = tmp_path / "activities.csv"
    made.write_text(
        "Activity ID,Activity Date,Activity Name,Activity Type,Elapsed Time,Distance,"
        "Moving Time,Distance,Elevation Gain\n"
        '1,"Jan 5, 2024, 7:12:09 AM",Morning Run,Run,2000,8.1,1900,8100.0,40\n'
        '2,"Jan 6, 2024, 6:00:00 PM",Spin,Ride,3600,25.0,3500,25000.0,\n'
    )
    log = read_log(made, athlete="kim")
    assert log["athlete"].tolist() == ["kim", "kim"]
    assert log["distance_km"].tolist() == [8.1, 25.0]
    assert log["is_running"].tolist() == [True, False]
    assert log["duration_min"].iloc[0] == pytest.approx(1900 / 60)
    assert "metres" in log.attrs["units_rule"]
    assert log["start_time"].iloc[0] == pd.Timestamp("2024-01-05 07:12:09", tz="UTC")


def test_the_shipped_made_up_strava_sample():
    """data/samples/strava_activities_made_up.csv is MADE UP in the export's documented layout
    (duplicated 'Elapsed Time' and 'Distance' columns, the second Distance in metres)."""
    log = read_log(SAMPLES / "strava_activities_made_up.csv", athlete="kim")
    assert len(log) == 60 and log.attrs["dropped"] == ()
    assert "metres" in log.attrs["units_rule"] and log.attrs["units"] == "km"
    assert set(log["activity_type"]) == {"run", "ride"}
    assert log.loc[~log["is_running"], "rpe"].isna().all()
    weekly = log[log["is_running"]].set_index("date")["distance_km"].resample("W-SUN").sum()
    change = weekly.pct_change()
    assert change.idxmax() == pd.Timestamp("2024-03-10") and change.max() > 0.4  # the spike


def test_strava_rpe_is_range_checked(tmp_path):
    made = tmp_path / "activities.csv"  # MADE for this test
    made.write_text(
        "Activity ID,Activity Date,Activity Type,Elapsed Time,Distance,Perceived Exertion\n"
        '1,"Jan 5, 2024, 7:12:09 AM",Run,2000,8.1,12\n'
    )
    with pytest.raises(LogError, match=r"line 2, column 'Perceived Exertion'.*0 to 10"):
        read_log(made)


# ------------------------------------------------------------------ limits and failures (#12)


def test_skip_survives_a_file_that_cannot_be_opened(tmp_path, monkeypatch):
    (tmp_path / "a.csv").write_text("date,distance_km,duration_min\n2024-01-01,5,30\n")
    (tmp_path / "b.csv").write_text("date,distance_km,duration_min\n2024-01-02,5,30\n")
    real_read = Path.read_bytes

    def locked(self):
        if self.name == "b.csv":
            raise PermissionError(13, "Permission denied")
        return real_read(self)

    monkeypatch.setattr(Path, "read_bytes", locked)
    log = read_log(tmp_path, errors="skip")
    assert len(log) == 1
    (drop,) = log.attrs["dropped"]
    assert drop.source == "b.csv" and "could not be opened (Permission denied)" in drop.reason
    with pytest.raises(LogError, match="could not be opened") as info:
        read_log(tmp_path)
    assert info.value.where["file"] == "b.csv"


def test_a_folder_stops_at_its_time_budget(tmp_path, monkeypatch):
    import hamstring_edu.logs as logs

    for day in (1, 2):
        (tmp_path / f"{day}.csv").write_text(
            f"date,distance_km,duration_min\n2024-01-0{day},5,30\n"
        )
    monkeypatch.setattr(logs, "TIME_BUDGET_S", -1.0)
    with pytest.raises(LogError, match="reading stopped after") as info:
        read_log(tmp_path, errors="skip")
    assert len(info.value.dropped) == 2  # what was not reached is listed
    with pytest.raises(LogError, match="not reached"):
        read_log(tmp_path)


def test_a_folder_too_large_is_refused_before_reading(tmp_path, monkeypatch):
    import hamstring_edu.logs as logs

    (tmp_path / "a.csv").write_text("date,distance_km,duration_min\n2024-01-01,5,30\n")
    monkeypatch.setattr(logs, "MAX_UPLOAD_BYTES", 10)
    monkeypatch.setattr(logs, "_read_bytes", lambda *a, **k: pytest.fail("parsed anyway"))
    with pytest.raises(LogError, match="MB of files: more than 0 MB"):
        read_log(tmp_path)


def test_results_of_two_reads_concatenate():
    one = _csv("date,distance_km,duration_min\n2024-01-01,5,30\n2024-01-01,5,30\n")
    two = _csv("date,distance_km,duration_min\n2024-01-02,5,30\n1900-01-01,5,30\n")
    both = pd.concat([one, two])  # attrs hold plain tuples: pandas can compare them
    assert len(both) == 3


def test_the_line_of_each_activity_is_kept():
    log = _csv("date,distance_km,duration_min\n2024-01-02,5,30\n2024-01-01,6,30\n")
    assert log["line"].tolist() == [3.0, 2.0]  # sorted by date, each keeps its line


def test_a_file_not_read_names_its_line_and_column_in_words():
    """The issue: "no file of 1 could be read" with "field 'date'"; each file left out now
    says where (line, column of the person's file) and what is wrong, for the app to list."""
    with pytest.raises(LogError) as caught:
        read_log([("runs.csv", b"date,distance_km,duration_min\nxx,3,20\n")], errors="skip")
    (drop,) = caught.value.dropped
    assert drop.line == 2
    assert drop.text() == (
        "runs.csv, line 2: not read: in the column 'date', 'xx' is not a date "
        "(expected YYYY-MM-DD, optionally with a time)"
    )
    with pytest.raises(LogError) as missing:
        read_log([("km.csv", b"day,km\n1,2\n")], errors="skip")
    text = missing.value.dropped[0].text()
    assert "distance_km (kilometres) or distance_mi (miles)" in text and "units=" not in text
