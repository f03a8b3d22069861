"""The fast device readers against the libraries they replace: every GPX fixture's distance,
climb and duration against gpxpy's own parser and geometry, every FIT fixture's sessions against
Garmin's SDK decoder, to 0.1% (issue 24); and what they keep of heart rate."""

from __future__ import annotations

import datetime as dt
import math
import re

import gpxpy
import numpy as np
import pytest
import season
from garmin_fit_sdk import Decoder, Stream

from hamstring_edu import fit_decode, read_log
from hamstring_edu.errors import LogError

TOLERANCE = 1e-3  # 0.1%


def close(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=TOLERANCE, abs_tol=1e-9)


def gpx_reference(data: bytes) -> tuple[float, float, float]:
    """km, climb (m) and minutes of a GPX file's timed tracks, as gpxpy computes them."""
    parsed = gpxpy.parse(data.decode("utf-8-sig"))
    tracks = [t for t in parsed.tracks if all(p.time for s in t.segments for p in s.points)]
    tracks = [t for t in tracks if sum(len(s.points) for s in t.segments) >= 2]
    times = [p.time for t in tracks for s in t.segments for p in s.points]
    km = sum(t.length_2d() for t in tracks) / 1000
    climb = sum(t.get_uphill_downhill()[0] for t in tracks)
    return km, climb, (max(times) - min(times)).total_seconds() / 60


def gpx_files(device_files):
    readable = []
    for path in sorted((device_files / "gpx").glob("*.gpx")):
        try:
            read_log(path)
        except LogError:
            continue
        readable.append((path.name, path.read_bytes()))
    made = [(f"made-{d}.gpx", season.gpx(d, points=400)) for d in (0, 5)]
    return readable + made


def test_every_readable_gpx_fixture_is_measured_as_gpxpy_measures_it(device_files):
    files = gpx_files(device_files)
    assert len(files) >= 5  # three real tracks, one with an empty segment, two made
    for name, data in files:
        row = read_log([(name, data)]).iloc[0]
        km, climb, minutes = gpx_reference(data)
        assert close(row["distance_km"], km), (name, row["distance_km"], km)
        assert close(row["elevation_gain_m"], climb), (name, row["elevation_gain_m"], climb)
        assert close(row["duration_min"], minutes), (name, row["duration_min"], minutes)


def sdk_sessions(data: bytes) -> list[dict]:
    messages, problems = Decoder(Stream.from_byte_array(bytearray(data))).read()
    assert not problems
    return messages["session_mesgs"]


def fit_files(device_files):
    real = [
        (p.name, p.read_bytes())
        for p in sorted((device_files / "fit").glob("*.fit"))
        if "corrupt" not in p.name and "strava-android" not in p.name
    ]
    return real + [(f"made-{d}.fit", season.fit(d)) for d in (1, 4)]


def test_every_fit_fixture_decodes_as_garmins_sdk_decodes_it(device_files):
    files = fit_files(device_files)
    assert len(files) == 7
    for name, data in files:
        ours = fit_decode.decode(data)
        theirs = sdk_sessions(data)
        assert len(ours.sessions) == len(theirs) >= 1, name
        for mine, sdk in zip(ours.sessions, theirs, strict=True):
            start = sdk["start_time"].replace(tzinfo=dt.UTC).timestamp()
            assert mine["start_time"] == start, name
            for key in ("total_timer_time", "total_elapsed_time", "total_distance"):
                assert close(mine[key], sdk[key]), (name, key)
            for key in ("total_ascent", "avg_heart_rate", "max_heart_rate"):
                assert mine.get(key) == sdk.get(key), (name, key)
        records = Decoder(Stream.from_byte_array(bytearray(data))).read()[0]["record_mesgs"]
        with_time = [r for r in records if r.get("timestamp") is not None]
        assert len(ours.times) == len(with_time), name
        assert ours.heart_rates == [r.get("heart_rate") for r in with_time], name


def test_read_log_gives_the_same_rows_from_a_fit_file_as_before(device_files):
    """The rows read_log gave with the SDK (activity type, distance, minutes, climb)."""
    path = device_files / "fit" / "activity-small-fenix2-run.fit"
    row = read_log(path).iloc[0]
    sdk = sdk_sessions(path.read_bytes())[0]
    assert row["activity_type"] == "run" and sdk["sport"] == "running"
    assert close(row["distance_km"], sdk["total_distance"] / 1000)
    assert close(row["duration_min"], sdk["total_timer_time"] / 60)
    assert row["elevation_gain_m"] == sdk["total_ascent"]
    walk = read_log(device_files / "fit" / "garmin-fenix-5-walk.fit").iloc[0]
    assert walk["activity_type"] == "walk" and not walk["is_running"]


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        (lambda d: d[:-1] + bytes([d[-1] ^ 1]), "checksum"),
        (lambda d: d[:11] + b"X" + d[12:], "not a FIT file"),
        (lambda d: d[:100], "cut short"),
        (lambda d: d + b"\x0e\x10", "stray bytes"),
    ],
)
def test_a_damaged_fit_file_is_refused_by_name(damage, message):
    data = season.fit(2)
    with pytest.raises(LogError, match=message) as info:
        read_log([("watch.fit", damage(data))])
    assert info.value.where["file"] == "watch.fit"


def test_device_files_keep_their_heart_rate(device_files):
    gpx = read_log([("run.gpx", season.gpx(3))]).iloc[0]
    samples = season.samples(3)
    bpm = np.array([s[4] for s in samples], float)
    assert gpx["max_hr"] == bpm.max()
    trapezoid = ((bpm[1:] + bpm[:-1]) / 2).mean()  # 1 s steps: the mean of the pair means
    assert math.isclose(gpx["avg_hr"], trapezoid, rel_tol=1e-12)
    assert math.isclose(sum(s for _, s in gpx["hr_seconds"]), len(samples) - 1)
    fit = read_log([("run.fit", season.fit(3))]).iloc[0]
    assert fit["avg_hr"] == round(bpm.mean()) and fit["max_hr"] == bpm.max()
    assert fit["hr_seconds"] == gpx["hr_seconds"]  # the same samples, the same time at each
    tcx = read_log([("run.tcx", season.tcx(3))]).iloc[0]
    assert tcx["hr_seconds"] == gpx["hr_seconds"]
    bike = read_log(device_files / "fit" / "garmin-fenix-5-bike.fit").iloc[0]
    assert (bike["avg_hr"], bike["max_hr"]) == (101, 114)  # the session's own values
    untimed = read_log(device_files / "gpx" / "korita-zbevnica.gpx").iloc[0]
    assert math.isnan(untimed["avg_hr"]) and untimed["hr_seconds"] is None  # none recorded


def test_a_csv_keeps_heart_rate_columns_and_refuses_impossible_ones():
    csv = (
        b"date,distance_km,duration_min,avg_hr,max_hr\n2024-03-04,8,45,142,171\n2024-03-05,5,30,,\n"
    )
    log = read_log([("log.csv", csv)])
    assert log["avg_hr"].tolist()[0] == 142 and math.isnan(log["avg_hr"].tolist()[1])
    with pytest.raises(LogError, match="not a heart rate") as info:
        read_log([("log.csv", csv.replace(b"171", b"1710"))])
    assert info.value.where == {"file": "log.csv", "line": 2, "column": "max_hr"}


def test_a_summary_heart_rate_of_zero_is_none_and_a_stream_beats_a_summary():
    rows = season.samples(2)
    no_strap = [(*r[:4], 0, r[5]) for r in rows]  # the watch wrote 0: no strap worn
    fit = read_log([("watch.fit", season.fit_from_samples(season.START, no_strap))]).iloc[0]
    assert math.isnan(fit["avg_hr"]) and math.isnan(fit["max_hr"]) and fit["hr_seconds"] is None
    tcx = re.sub(rb"<HeartRateBpm><Value>\d+", b"<HeartRateBpm><Value>0", season.tcx(2))
    lap_only = read_log([("watch.tcx", tcx)]).iloc[0]  # samples of 0: the laps' summary only
    assert lap_only["hr_seconds"] is None and lap_only["avg_hr"] == 140  # the lap's own


def test_extra_columns_are_read_from_a_strava_export_too():
    csv = (
        b"Activity ID,Activity Date,Activity Name,Activity Type,Elapsed Time,Distance,"
        b"Moving Time,Distance,Training Load\n"
        b'1,"Jan 5, 2024, 7:12:09 AM",Run,Run,1800,5.0,1800,5000.0,42\n'
    )
    log = read_log([("activities.csv", csv)], extra_columns=["Training Load"])
    assert log["Training Load"].tolist() == [42]
    with pytest.raises(LogError, match="missing column 'tss'"):
        read_log([("activities.csv", csv)], extra_columns=["tss"])
