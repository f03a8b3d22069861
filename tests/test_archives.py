"""Account archives and compressed files read as downloaded (issue 24): Strava's zip joined to
its activities.csv, Garmin's zip of FIT files, .gz files; the same run counted once across
sources and in the journal's import; and the limits that hold for a crafted archive."""

from __future__ import annotations

import gzip
import io
import os
import stat
import zipfile
from pathlib import Path

import pytest
import season

from hamstring_edu import archives, read_log
from hamstring_edu.errors import LogError
from hamstring_edu.journal import Journal


@pytest.fixture(scope="module")
def runs():
    return season.season(12)


@pytest.fixture(scope="module")
def strava(runs):
    rows = [{"Activity Type": "Trail Run", "Perceived Exertion": "7"}]
    return season.strava_archive(runs, rows=rows)


def test_a_strava_archive_is_read_as_downloaded(runs, strava, tmp_path):
    path = tmp_path / "export_4417.zip"
    path.write_bytes(strava)
    seen = []
    log = read_log(path, progress=lambda done, total, name: seen.append((done, total)))
    assert len(log) == len(runs)  # each csv row joined to its file: no activity twice
    assert set(log["athlete"]) == {"export_4417"}
    first = log.iloc[0]
    assert first["source"] == "export_4417.zip/activities/1000.gpx"
    assert first["activity_type"] == "trail run" and first["rpe"] == 7  # the CSV's
    assert first["name"] == "Morning run 1"
    assert first["distance_km"] != 0.67 and first["duration_min"] == pytest.approx(299 / 60)
    assert isinstance(first["hr_seconds"], tuple)  # the file's detail wins
    assert log["rpe"].tolist()[1:4] == [4, 5, 6]
    assert seen[-1][0] == seen[-1][1] == len(runs) + 1  # the files and activities.csv
    left_out = [d.reason for d in log.attrs["dropped"]]
    assert "not activity logs, left out: 1 file (.csv; it is 'profile.csv')" in left_out


def test_a_strava_row_whose_file_is_broken_stays_as_the_csv_gives_it(runs):
    files = [*runs[:2], ("1002.fit", b"not a fit file at all")]
    log = read_log([("export.zip", season.strava_archive(files))])
    assert len(log) == 3
    summary = log.iloc[2]
    assert summary["distance_km"] == 0.67 and summary["source"] == "export.zip/activities.csv"
    assert any(d.source.endswith("1002.fit") for d in log.attrs["dropped"])


def test_gz_files_are_read_directly(runs, tmp_path):
    name, data = runs[1]
    path = tmp_path / f"{name}.gz"
    path.write_bytes(gzip.compress(data))
    from_path = read_log(path)
    plain = read_log([(name, data)])
    assert from_path["distance_km"].tolist() == plain["distance_km"].tolist()
    assert from_path["source"].tolist() == [name]
    with open(path, "rb") as upload:
        assert len(read_log(upload)) == 1
    csv = b"date,distance_km,duration_min\n2024-03-04,8,45\n"
    assert read_log([("log.csv.gz", gzip.compress(csv))])["distance_km"].tolist() == [8]


def test_a_folder_of_an_unpacked_export_reads_its_gz_files(runs, tmp_path):
    folder = tmp_path / "activities"
    folder.mkdir()
    for name, data in runs[:4]:
        (folder / f"{name}.gz").write_bytes(gzip.compress(data))
    assert len(read_log(folder)) == 4


def test_the_same_run_from_two_archives_counts_once(runs, strava):
    garmin = season.garmin_archive(
        [(f"{n.split('.')[0]}.fit", season.fit(int(n.split(".")[0]) - 1000)) for n, _ in runs]
    )
    log = read_log([("strava.zip", strava), ("garmin.zip", garmin)])
    assert len(log) == len(runs)
    assert log["source"].str.startswith("strava.zip").all()  # the copies with more detail
    merged = [d for d in log.attrs["dropped"] if d.source.startswith("garmin.zip")]
    assert len(merged) == len(runs)
    gpx_day = next(d for d in merged if d.source.endswith("1000.fit"))
    assert "the same run as 'strava.zip/activities/1000.gpx'" in gpx_day.reason
    assert "starts 0 s apart" in gpx_day.reason


def test_a_watch_file_and_the_apps_summary_are_one_run_within_the_tolerances(runs):
    name, data = runs[1]  # the FIT file of 2024-01-02 06:30, 299 s
    csv = (
        b"date,start_time,distance_km,duration_min,rpe\n"
        b"2024-01-02,2024-01-02T06:31:10Z,0.68,5.2,6\n"  # 70 s later, 2% further: the same run
        b"2024-01-02,2024-01-02T09:00:00Z,0.68,5.2,6\n"  # a second run that day
    )
    log = read_log([(name, data), ("app.csv", csv)])
    assert len(log) == 2
    kept = log[log["source"] == name].iloc[0]
    assert kept["rpe"] == 6  # the summary's RPE fills the richer copy's empty one


def test_the_journal_skips_a_run_it_holds_under_another_recording(runs, strava, tmp_path):
    journal = Journal(tmp_path / "team.db")
    first = journal.import_log(read_log([("strava.zip", strava)], athlete="ana"))
    assert first.added == len(runs)
    watch = [(f"{n.split('.')[0]}.fit", season.fit(int(n.split(".")[0]) - 1000)) for n, _ in runs]
    second = journal.import_log(
        read_log([("garmin.zip", season.garmin_archive(watch))], athlete="ana")
    )
    assert second.added == 0 and second.skipped == len(runs)
    assert len(second.merged) == 4  # the GPX days; the FIT and TCX copies are identical
    assert "the same run as the journal's strava.zip/activities/1000.gpx" in second.merged[0]
    assert len(journal.activities()) == len(runs)


# --------------------------------------------------------------------------- crafted archives


def zipped(members: dict[str, bytes], *, mode: int | None = None) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            info = zipfile.ZipInfo(name)
            info.compress_type = zipfile.ZIP_DEFLATED
            if mode is not None:
                info.external_attr = mode << 16
            archive.writestr(info, data)
    return buffer.getvalue()


def test_a_zip_bomb_is_refused_before_anything_is_inflated():
    bomb = zipped({"activities/run.gpx": b"\0" * (300 * 2**20)})
    assert len(bomb) < 2**20
    with pytest.raises(LogError, match=r"MB once inflated|times its compressed size") as info:
        read_log([("bomb.zip", bomb)])
    assert info.value.where["file"] == "bomb.zip"


def test_a_zip_whose_directory_lies_is_stopped_at_the_size_it_declares():
    data = b"<gpx>" + b" " * (40 * 2**20) + b"</gpx>"
    honest = zipped({"run.gpx": data})
    info = zipfile.ZipFile(io.BytesIO(honest)).infolist()[0]
    lying = honest.replace(info.file_size.to_bytes(4, "little"), (1000).to_bytes(4, "little"))
    with pytest.raises(LogError, match=r"could not be inflated.*CRC") as info:
        read_log([("liar.zip", lying)])
    assert info.value.where == {"file": "liar.zip", "member": "run.gpx"}


def test_a_gz_bomb_is_stopped_while_inflating():
    with pytest.raises(LogError, match=r"MB once inflated|times its compressed size") as info:
        read_log([("run.gpx.gz", gzip.compress(b"\0" * (60 * 2**20)))])
    assert info.value.where["file"] == "run.gpx.gz"


@pytest.mark.parametrize(
    ("members", "mode", "message"),
    [
        ({"../../etc/cron.d/x.csv": b"date\n"}, None, "climbs out"),
        ({"/etc/passwd.csv": b"date\n"}, None, "climbs out"),
        ({"C:/Windows/run.gpx": b"<gpx/>"}, None, "climbs out"),
        ({"link.gpx": b"/etc/shadow"}, stat.S_IFLNK | 0o777, "symbolic link"),
    ],
)
def test_a_crafted_member_refuses_the_whole_archive(members, mode, message, tmp_path):
    before = sorted(os.listdir(tmp_path))
    cwd = sorted(os.listdir("."))
    good = season.season(1)[0]
    archive = zipped({**members, good[0]: good[1]}, mode=mode)
    with pytest.raises(LogError, match=message) as info:
        read_log([("crafted.zip", archive)])
    assert info.value.where["file"] == "crafted.zip" and info.value.where["member"]
    assert sorted(os.listdir(tmp_path)) == before and sorted(os.listdir(".")) == cwd
    skipped = read_log(
        [
            ("crafted.zip", archive),
            ("log.csv", b"date,distance_km,duration_min\n2024-01-05,5,30\n"),
        ],
        errors="skip",
    )
    assert len(skipped) == 1  # nothing of the crafted archive, the other file whole
    assert any(d.source == "crafted.zip" and message in d.reason for d in skipped.attrs["dropped"])


def test_duplicate_names_and_deep_nesting_are_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("a.csv", b"date,distance_km,duration_min\n2024-01-05,5,30\n")
        with pytest.warns(UserWarning):
            archive.writestr("a.csv", b"date,distance_km,duration_min\n2024-01-06,9,50\n")
    with pytest.raises(LogError, match="same name"):
        read_log([("twice.zip", buffer.getvalue())])
    inner = zipped({"run.fit": season.fit(0)})
    assert len(read_log([("outer.zip", zipped({"uploads/part1.zip": inner}))])) == 1  # Garmin's
    deeper = zipped({"b.zip": zipped({"c.zip": inner})})
    with pytest.raises(LogError, match="a zip inside a zip"):
        read_log([("a.zip", deeper)])


def test_a_member_that_is_not_what_its_name_says_is_listed_and_left_out():
    fit = season.fit(0)
    archive = zipped(
        {
            "fake.fit": b"<gpx>not a fit</gpx>",
            "fake.gpx": fit,
            "fake.gpx.gz": b"plain text, not gzip",
            "real.fit": fit,
            "photo.jpg": b"\xff\xd8\xff",
        }
    )
    log = read_log([("mixed.zip", archive)])
    assert len(log) == 1
    reasons = {d.source: d.reason for d in log.attrs["dropped"]}
    assert "not a FIT file" in reasons["mixed.zip/fake.fit"]
    assert "not XML" in reasons["mixed.zip/fake.gpx"]
    assert "not a gzip file" in reasons["mixed.zip/fake.gpx.gz"]
    assert "not activity logs, left out: 1 file (.jpg; it is 'photo.jpg')" in reasons["mixed.zip"]


def test_a_broken_zip_is_a_clear_error():
    with pytest.raises(LogError, match="not a readable zip archive") as info:
        read_log([("export.zip", b"PK\x03\x04 broken")])
    assert info.value.where["file"] == "export.zip"
    assert archives.is_archive("A.ZIP") and archives.is_archive("run.fit.gz")


# --------------------------------------------------------------------------- found in review


def test_garmins_nested_zip_may_be_larger_than_one_activity_file():
    """Garmin's UploadedFiles_0-_Part1.zip holds many files: the 25 MB limit is one file's."""
    inner = io.BytesIO()
    with zipfile.ZipFile(inner, "w", zipfile.ZIP_STORED) as part:
        part.writestr("run.fit", season.fit(0))
        part.writestr("padding.bin", os.urandom(26 * 2**20))  # not an activity: listed
    outer = zipped(
        {"DI_CONNECT/DI-Connect-Uploaded-Files/UploadedFiles_0-_Part1.zip": inner.getvalue()}
    )
    log = read_log([("garmin.zip", outer)])
    assert len(log) == 1 and log["source"].iloc[0].endswith("Part1.zip/run.fit")


def test_a_directory_that_lies_about_compressed_sizes_is_refused():
    archive = zipped({"a.gpx": b"<gpx>" + b" " * 2**20 + b"</gpx>"})
    info = zipfile.ZipFile(io.BytesIO(archive)).infolist()[0]
    big = (len(archive) * 10).to_bytes(4, "little")
    lying = archive.replace(info.compress_size.to_bytes(4, "little"), big)
    with pytest.raises(LogError, match="claims more compressed data than the archive holds"):
        read_log([("liar.zip", lying)])


def test_many_small_members_cannot_pass_the_ratio_one_by_one():
    archive = zipped({f"r{k}.csv": b"\0" * (60 * 2**10) for k in range(300)})
    with pytest.raises(LogError, match=r"more than 200 times its compressed size"):
        read_log([("small.zip", archive)])


def test_a_corrupt_compressed_member_is_named_not_a_traceback():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_LZMA) as archive:
        archive.writestr("run.csv", b"date,distance_km,duration_min\n" * 400)
    data = bytearray(buffer.getvalue())
    data[60:80] = b"\xff" * 20  # inside the member's compressed bytes
    with pytest.raises(LogError, match=r"could not be inflated|not a readable zip") as info:
        read_log([("x.zip", bytes(data))])
    assert info.value.where["file"] == "x.zip"


def test_a_strava_export_inside_a_folder_and_one_unpacked_are_joined(runs, tmp_path):
    export = season.strava_archive(runs[:3])
    with zipfile.ZipFile(io.BytesIO(export)) as original:
        members = {f"export_1/{i.filename}": original.read(i) for i in original.infolist()}
    log = read_log([("s.zip", zipped(members))])
    assert len(log) == 3 and log["name"].tolist()[0] == "Morning run 1"
    assert any("export_1/profile.csv" in d.reason for d in log.attrs["dropped"])
    folder = tmp_path / "unpacked"
    for name, data in members.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(data)
    unpacked = read_log(folder / "export_1", extra_columns=())
    assert len(unpacked) == 3 and unpacked["rpe"].tolist() == [3, 4, 5]
    flat = [(Path(n).name, d) for n, d in members.items() if not n.endswith("profile.csv")]
    uploaded = read_log(flat)
    assert len(uploaded) == 3 and set(uploaded["name"]) == {
        "Morning run 1",
        "Morning run 2",
        "Morning run 3",
    }


def test_a_file_compressed_twice_or_of_no_kind_is_refused():
    csv = b"date,distance_km,duration_min\n2024-01-05,5,30\n"
    with pytest.raises(LogError, match=r"compressed twice"):
        read_log([("a.csv.gz.gz", gzip.compress(gzip.compress(csv)))])
    with pytest.raises(LogError, match="unknown kind"):
        read_log([("a.gz", gzip.compress(csv))])


def test_an_empty_archive_says_so():
    with pytest.raises(LogError, match="holds no activity files") as info:
        read_log([("empty.zip", zipped({}))])
    assert info.value.where["file"] == "empty.zip"


def test_a_broken_file_inside_an_archive_is_listed_even_when_errors_raise(runs):
    files = [runs[0], ("1001.fit", season.fit(1)[:-3] + b"\0\0\0")]
    log = read_log([("export.zip", season.strava_archive(files))])  # errors="raise", the default
    assert len(log) == 2  # the broken file's CSV row stands in for it
    assert any(
        d.source.endswith("1001.fit") and "not read" in d.reason for d in log.attrs["dropped"]
    )
