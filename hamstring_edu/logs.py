"""read_log(): training logs from CSV, Strava exports, GPX, TCX and FIT into one tidy frame.

The result has one row per activity::

    athlete, start_time (UTC, or NaT when unknown), date (local calendar day), activity_type,
    is_running, distance_km (NaN: not recorded), duration_min, rpe (0-10 or NaN),
    elevation_gain_m (or NaN), source (the file's own name; a file in an archive as
    archive.zip/path/in/it), line (its line in a CSV, or NaN), name (the activity's, or ""),
    avg_hr, max_hr (bpm, or NaN), hr_seconds (the seconds at each heart rate of a recorded
    stream, ((bpm, seconds), ...), or None: see heart_rate.py)

then any ``extra_columns`` asked for, and Strava's ``relative_effort`` when its export has it;
and ``attrs``: ``units`` ("km" or "mi": what distances were read in), ``units_rule`` (why),
and ``dropped``: a tuple of ``validation.Dropped`` (source, line, row, reason), the activities
(or files) left out on purpose; ``validation.dropped_table(log)`` shows them as a table.

One rule for every input: what is valid is read exactly; what is invalid raises LogError naming
the file, the line and the column, quoting at most 40 characters of the value; what is doubtful
is left out and listed in ``attrs["dropped"]``. Nothing is half-read: a broken file is an error,
never a partial result. A bad option (units, errors, ...) is an OptionError.

The plain CSV format (one activity per line, header required; separated by commas, semicolons
or tabs)::

    date,distance_km,duration_min[,athlete][,activity_type][,rpe][,elevation_gain_m][,start_time]
    2024-03-04,8.2,45,alex,run,5,60

Dates and times
    ``date`` is YYYY-MM-DD (or YYYYMMDD), optionally with a time and a UTC offset
    (2024-03-31T08:00:00+02:00). The activity counts on the calendar day written, whatever the
    offset, so offsets that change across a daylight-saving boundary in one column are fine.
    ``start_time`` is an ISO date-time; with an offset (or Z) it is converted to UTC, without one
    it is taken as UTC; a column mixing both is refused. A ``date`` with a time and an offset
    gives the start time when there is no ``start_time`` column. Every date must lie from
    1970-01-01 to the end of next year: a row outside is left out (doubtful), checked before
    anything is converted, so no date can overflow.
Numbers
    '8.5' and '8,5' (a decimal comma) are 8.5; '1,234.5' and '1.234,5' are 1234.5; '1,234' is
    refused as ambiguous (1234 or 1.234?). An empty distance is not recorded (NaN: the activity
    still counts for time-based load); an empty duration is an error; negative, non-finite or
    text values are errors.
Distances and units
    ``distance_km`` or ``distance_mi`` (or "distance (km)"/"distance (mi)"), or ``distance``
    with ``units=``; otherwise kilometres are assumed and ``units_rule`` says so. Strava exports
    carry the distance in metres in their second "Distance" column, which is used when present.
Durations
    ``duration_min`` in minutes, or ``duration`` as h:mm:ss (minutes and seconds below 60;
    '0:99:99' is refused). Two parts, 'a:b', are either minutes:seconds or hours:minutes: the
    reading whose average speed is plausible for the activity (1 to 30 km/h for a run, 1 to 100
    km/h otherwise) wins, so '1:30' for 15 km is 1 h 30 min and '25:30' for 5 km is 25 min 30 s;
    with no distance, or when both or neither are plausible, it is refused: write h:mm:ss.
Doubtful rows (left out and listed with the reason)
    a date outside 1970 .. next year; more than 400 km or 48 hours in one activity; a distance
    with no duration; an empty activity (0 km in 0 min); an implausible pace (faster than 30
    km/h on average for a run, 100 km/h for anything else: a GPS glitch such as 289 km in 8
    minutes); in device files, a distance that is NaN, negative or infinite.
Duplicates
    True duplicates are dropped: the same athlete, start (the UTC start time, or the local date
    and time written in ``date``), type, distance and duration; or, without any time, the same
    activity found in two different files. Two identical lines in one file without a time are
    two activities (a second run on the same day), and both are kept. And the same run recorded
    twice (a watch's file and Strava's copy, two archives read together) counts once: two timed
    activities of one athlete, both runs or both not, starting within SAME_START_S (2 minutes),
    whose durations agree within 15% or 3 minutes and distances within 5% or 0.3 km, are merged:
    the copy with more detail stays (a heart-rate stream, heart rates, climb, RPE), given the
    other's RPE, name and heart rates where it has none, and the other is listed.
Archives
    A .zip (Strava's or Garmin's account export, or any zip of these files) and .gz files are
    opened in memory, within the limits of ``hamstring_edu.archives``. In Strava's export each
    row of ``activities.csv`` is joined to the file it names: the file's detail (start, distance,
    time, climb, heart rate) stays, with the CSV's type, name, perceived exertion and relative
    effort; a row whose file cannot be read stays as the CSV gives it. Its other tables are
    account data, left out and listed.
Limits (checked before parsing)
    a file larger than 25 MB, a CSV with more than 500 columns or 200,000 lines (one CSV read by
    its path: 250 MB and 3,000,000 lines, a team's years of runs), a folder or
    upload of more than 2,000 files or 200 MB (an archive: 5,000 files, 1 GB inflated); reading
    a folder stops after 120 s (the files not reached are listed, or raise with
    ``errors="raise"``). GPX and TCX files that declare a DTD or an entity are refused before
    parsing (see ``devices``).
"""

from __future__ import annotations

import contextlib
import gc
import io
import re
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, Any

import numpy as np
import pandas as pd

from hamstring_edu import archives, validation
from hamstring_edu.devices import read_fit, read_gpx, read_tcx
from hamstring_edu.errors import HamstringEduError, LogError, OptionError
from hamstring_edu.units import KM_PER_MILE
from hamstring_edu.validation import Dropped, shown

RUN_TYPES = {
    "run",
    "running",
    "trail run",
    "trail_running",
    "treadmill",
    "virtual run",
    "virtualrun",
}
SUFFIXES = (".csv", ".gpx", ".tcx", ".fit")
FOLDER_SUFFIXES = (*SUFFIXES, ".gz", ".zip")
ACCEPT = ",".join(FOLDER_SUFFIXES)  # what an upload control offers to choose
COLUMNS = [
    "athlete",
    "start_time",
    "date",
    "activity_type",
    "is_running",
    "distance_km",
    "duration_min",
    "rpe",
    "elevation_gain_m",
    "source",
    "line",
    "name",
    "avg_hr",
    "max_hr",
    "hr_seconds",
]
# Limits that protect the notebook, checked before parsing.
MAX_FILE_BYTES = 25 * 2**20
MAX_UPLOAD_BYTES = 200 * 2**20
MAX_FILES = 2000
MAX_COLUMNS = 500
MAX_LINES = 200_000
# One CSV file named by its path (a coach's team history, years of daily runs) may be larger:
# reading it is the user's explicit choice, not an upload into a shared notebook.
MAX_DISK_BYTES = 250 * 2**20
MAX_DISK_LINES = 3_000_000
TIME_BUDGET_S = 120.0
MAX_NAME = 100  # characters of an athlete's name or an activity type
# A row beyond these limits is doubtful: left out and listed in attrs["dropped"].
MAX_DISTANCE_KM = 400.0
MAX_DURATION_MIN = 48 * 60.0
MIN_SPEED_KMH = 1.0  # used only to tell m:ss from h:mm
MAX_RUN_KMH = 30.0  # 2:00 min/km over a whole activity: faster than any runner
MAX_OTHER_KMH = 100.0

Progress = Callable[[int, int, str], None]
Source = str | Path | IO | list


def read_log(
    path_or_buffer: Source,
    *,
    units: str | None = None,
    athlete: str | None = None,
    default_type: str = "run",
    errors: str = "raise",
    progress: Progress | None = None,
    extra_columns: list[str] | tuple[str, ...] = (),
) -> pd.DataFrame:
    """One tidy activity frame from a CSV, Strava activities.csv, GPX, TCX or FIT file (each
    also as .gz), a .zip account archive (Strava's, Garmin's), a folder, an open file (a browser
    upload), or a list of uploaded ``(name, bytes)`` pairs.

    ``units``: "km" or "mi" for distances whose unit the file does not say. ``athlete``: the
    name for files that do not give one (default: the file's name; a folder's name; "you" for
    several uploads). ``default_type``: the activity type of GPX files, which rarely say.
    ``errors``: for several files, "raise" stops at the first broken file, "skip" leaves it out
    and lists it in ``attrs["dropped"]``. ``progress(done, total, name)`` is called after each
    file of a folder, upload or archive. ``extra_columns``: a CSV's other columns to keep, as
    numbers (a load it already has, such as "tss", for ``load_metrics(measure="column:tss")``).
    The rules for dates, numbers, durations, doubtful rows, duplicates, archives and limits are
    in this module's docstring.
    """
    if units is not None:
        validation.choice(units, ("km", "mi"), name="units")
    validation.choice(errors, ("raise", "skip"), name="errors")
    if athlete is not None:
        _check_name(athlete, "athlete")
    _check_name(default_type, "default_type")
    if progress is not None and not callable(progress):
        raise OptionError(f"progress must be a function, got {shown(progress)}", field="progress")
    extra = _extra_columns(extra_columns)
    options = {"units": units, "athlete": athlete, "default_type": default_type, "extra": extra}
    if isinstance(path_or_buffer, list | tuple):
        files = [_upload(item, n) for n, item in enumerate(path_or_buffer)]
        only = files[0][0] if len(files) == 1 and archives.is_archive(files[0][0]) else None
        who = athlete or ("you" if len(files) > 1 else _archive_stem(only) if only else None)
        return _read_many(files, {**options, "athlete": who}, errors, progress, where=None)
    if hasattr(path_or_buffer, "read"):
        name = Path(str(getattr(path_or_buffer, "name", "") or "upload.csv")).name
        packed = archives.is_archive(name)
        data = _read_upload(path_or_buffer, name, MAX_UPLOAD_BYTES if packed else MAX_FILE_BYTES)
        if packed:
            who = athlete or _archive_stem(name)
            return _read_many([(name, data)], {**options, "athlete": who}, errors, progress, None)
        with _fewer_collections():
            return _finish(*_read_bytes(data, name, **options), name)
    if not isinstance(path_or_buffer, str | Path) or str(path_or_buffer) == "":
        raise OptionError(
            "read_log reads a file, a folder, an open file or a list of (name, bytes) uploads; "
            f"got {shown(path_or_buffer)}"
        )
    path = Path(path_or_buffer)
    try:
        is_dir, is_file = path.is_dir(), path.is_file()
    except OSError as err:  # a name longer than the system allows, a folder it may not enter
        raise LogError(f"cannot look it up: {err.strerror}", file=shown(path.name)) from None
    if is_dir:
        found = _folder_files(path)
        who = athlete or path.name
        return _read_many(found, {**options, "athlete": who}, errors, progress, where=path)
    if not is_file:
        raise LogError("no such file or folder", file=path.name)
    if archives.is_archive(path.name):
        who = athlete or _archive_stem(path.name)
        files = [(path.name, path)]
        return _read_many(files, {**options, "athlete": who}, errors, progress, where=None)
    data = _read_path(path, MAX_DISK_BYTES)
    with _fewer_collections():
        found = _read_bytes(data, path.name, max_lines=MAX_DISK_LINES, **options)
        return _finish(*found, path.name)


def _archive_stem(name: str) -> str:
    """The athlete's default name for an archive: its name without .zip or .gz (and suffix)."""
    stem = name
    while Path(stem).suffix.lower() in (".zip", ".gz", *SUFFIXES):
        stem = Path(stem).stem
    return stem[:MAX_NAME] or "you"


def _extra_columns(value: object) -> tuple[str, ...]:
    """The extra CSV columns to keep as numbers (a load the user already has, e.g. 'tss')."""
    if isinstance(value, str) or not isinstance(value, list | tuple):
        raise OptionError(
            f"extra_columns must be a list of column names, got {shown(value)}",
            field="extra_columns",
        )
    for item in value:
        _check_name(item, "extra_columns")
        if item.strip().lower() in COLUMNS or item.strip().lower() in _STANDARD_CSV:
            raise OptionError(
                f"{item!r} is one of the log's own columns, not an extra one",
                field="extra_columns",
            )
    return tuple(v.strip() for v in value)


_STANDARD_CSV = {"date", "distance", "distance_mi", "distance (km)", "distance (mi)", "duration"}


def _check_name(value: object, name: str) -> str:
    if not isinstance(value, str) or not value.strip() or len(value) > MAX_NAME:
        raise OptionError(
            f"{name} must be a name of 1 to {MAX_NAME} characters, got {shown(value)}", field=name
        )
    return value


# --------------------------------------------------------------------------- sources and limits


def _upload(item: object, n: int) -> tuple[str, Any]:
    """(name, bytes) of one uploaded file, its size checked before anything reads it."""
    if (
        not isinstance(item, tuple | list)
        or len(item) != 2
        or not isinstance(item[0], str)
        or not isinstance(item[1], bytes | bytearray | memoryview)
    ):
        raise OptionError(
            f"upload {n + 1} must be a (name, bytes) pair, got {shown(item)}", field="uploads"
        )
    name = Path(item[0]).name or f"upload {n + 1}"
    return name, bytes(item[1])


def _read_upload(buffer: IO, name: str, limit: int = MAX_FILE_BYTES) -> bytes:
    """The content of an open file, at most the size limit (read one byte more to know)."""
    try:
        data = buffer.read(limit + 1)
    except (OSError, ValueError) as exc:
        raise LogError(f"could not be read ({shown(str(exc))})", file=name) from None
    if isinstance(data, str):
        data = data.encode("utf-8")
    if not isinstance(data, bytes | bytearray):
        raise OptionError(f"the open file gave {type(data).__name__}, not text or bytes")
    _check_size(len(data), name, limit)
    return bytes(data)


def _check_size(size: int, name: str, limit: int = MAX_FILE_BYTES) -> None:
    if size > limit:
        raise LogError(
            f"larger than {limit // 2**20} MB: not read (a training log or activity file "
            "is far smaller; split it or export fewer activities)",
            file=name,
        )


def _read_path(path: Path, limit: int = MAX_FILE_BYTES) -> bytes:
    try:
        _check_size(path.stat().st_size, path.name, limit)
        return path.read_bytes()
    except OSError as exc:
        raise LogError(f"could not be opened ({exc.strerror or exc})", file=path.name) from None


def _folder_files(folder: Path) -> list[tuple[str, Path]]:
    """(shown name, path) of the log files in a folder, their number and size checked first."""
    try:
        found = sorted(
            p for p in folder.rglob("*") if p.suffix.lower() in FOLDER_SUFFIXES and p.is_file()
        )
    except OSError as exc:
        raise LogError(f"could not be listed ({exc.strerror or exc})", file=folder.name) from None
    if not found:
        raise LogError(f"no {', '.join(SUFFIXES)} files in this folder", file=folder.name)
    if len(found) > MAX_FILES:
        raise LogError(
            f"{len(found):,} files: more than {MAX_FILES:,} in one go; read fewer at a time",
            file=folder.name,
        )
    total = sum(p.stat().st_size for p in found)
    if total > MAX_UPLOAD_BYTES:
        raise LogError(
            f"{total / 2**20:.0f} MB of files: more than {MAX_UPLOAD_BYTES // 2**20} MB in one "
            "go; read fewer at a time",
            file=folder.name,
        )
    return [(p.relative_to(folder).as_posix(), p) for p in found]


@contextlib.contextmanager
def _fewer_collections() -> Iterator[None]:
    """Python's cyclic garbage collector runs less often while many files are parsed (each XML
    tree is thousands of objects, freed by reference counting as soon as its file is read; the
    collector's passes over them took a sixth of a season's reading time). Restored after."""
    before = gc.get_threshold()
    gc.set_threshold(max(before[0], 50_000), *before[1:])
    try:
        yield
    finally:
        gc.set_threshold(*before)


@_fewer_collections()
def _read_many(
    files: list[tuple[str, Any]],
    options: dict,
    errors: str,
    progress: Progress | None,
    where: Path | None,
) -> pd.DataFrame:
    """Several files (a folder or uploads): archives opened, each file read on its own, then
    put together."""
    if not files:
        raise LogError("nothing to read: no files given", file=where.name if where else None)
    if len(files) > MAX_FILES:
        raise LogError(f"{len(files):,} files: more than {MAX_FILES:,} in one go")
    uploaded = sum(len(d) for _, d in files if not isinstance(d, Path))
    if where is None and uploaded > MAX_UPLOAD_BYTES:
        raise LogError(f"more than {MAX_UPLOAD_BYTES // 2**20} MB in one upload: send fewer files")
    files, drops, in_archives = _unpacked(files, errors)
    files, account = archives.without_account_tables(files)  # an unpacked Strava export's
    if account:
        drops.append(
            Dropped(
                account[0].rpartition("/")[0] or "",
                None,
                None,
                f"Strava's account tables, not activity logs, left out: {', '.join(account[:5])}"
                + (f" and {len(account) - 5} more" if len(account) > 5 else ""),
            )
        )
    if len(files) > archives.MAX_MEMBERS:
        raise LogError(f"{len(files):,} files: more than {archives.MAX_MEMBERS:,} in one go")
    frames, rows, used, rule = [], [], set(), ""
    began = time.monotonic()
    for n, (name, item) in enumerate(files, start=1):
        try:
            if time.monotonic() - began > TIME_BUDGET_S:
                raise LogError(
                    f"not reached: reading stopped after {TIME_BUDGET_S:.0f} s (read the rest "
                    "separately)",
                    file=name,
                )
            data = _read_path(item) if isinstance(item, Path) else item
            _check_size(len(data), name)
            who = options["athlete"] or Path(name).stem
            frame, file_units, rule, dropped = _read_bytes(
                data, name, **{**options, "athlete": who}
            )
        except HamstringEduError as exc:
            if errors == "raise" and name not in in_archives:  # an archive's: always listed
                raise
            drops.append(Dropped(name, exc.where.get("line"), None, f"not read: {_reason(exc)}"))
        else:
            if isinstance(frame, list):
                rows += frame  # device files' rows: one table for all of them, at the end
            else:
                frames.append(frame)
            drops.extend(dropped)
            used.add(file_units)
        if progress is not None:
            progress(n, len(files), name)
    if rows:
        frames.append(pd.DataFrame(rows))
    if not frames:
        first = "; ".join(d.text() for d in drops[:3])
        error = LogError(
            f"no file of {len(files)} could be read ({shown(first, 300)})",
            file=where.name if where else None,
        )
        error.dropped = tuple(drops)
        raise error
    combined = _joined(pd.concat(frames, ignore_index=True))
    return _finish(combined, "/".join(sorted(used)), rule or "each file's own format", drops, None)


def _unpacked(
    files: list[tuple[str, Any]], errors: str
) -> tuple[list[tuple[str, Any]], list[Dropped], set[str]]:
    """The files with every .zip and .gz among them opened (see hamstring_edu.archives), what
    was left out, and the names of the files that came out of a zip. An archive refused is an
    error, or with errors="skip" left out whole and listed; a file inside a zip that cannot be
    read is always listed, not an error (one broken ride in years of exports stops nothing)."""
    if not any(archives.is_archive(name) for name, _ in files):
        return files, [], set()
    budget = archives.Budget()
    out, drops, in_archives = [], [], set()
    for name, item in files:
        if not archives.is_archive(name):
            out.append((name, item))
            continue
        try:
            data = _read_path(item, MAX_DISK_BYTES) if isinstance(item, Path) else item
            inner, left_out = archives.expand(name, data, budget)
        except HamstringEduError as exc:
            if errors == "raise":
                raise
            member = exc.where.get("member")
            reason = f"{exc.message} ({member})" if member else exc.message
            drops.append(Dropped(name, None, None, f"not read: {reason}"))
            continue
        out += inner
        drops += left_out
        if name.lower().endswith((".zip", ".zip.gz")):
            in_archives.update(n for n, _ in inner)
    return out, drops, in_archives


def _joined(frame: pd.DataFrame) -> pd.DataFrame:
    """Strava's activities.csv rows joined to the files they name (in the same archive): the
    file's row stays, with the CSV's type, name, perceived exertion and relative effort (and its
    heart rates where the file has none); a row whose file was not read stays as it is."""
    if "_file" not in frame or frame["_file"].isna().all():
        return frame.drop(columns="_file", errors="ignore")
    listed = frame["_file"].notna() & (frame["_file"] != "")
    folder = frame["source"].astype(str).str.rpartition("/")[0]
    named = frame["_file"].astype(str).str.replace(r"\.gz$", "", regex=True)
    wanted = (folder + "/").where(folder != "", "") + named  # beside its activities.csv
    files = frame[~listed & frame["_file"].isna()]
    counts = files["source"].value_counts()
    single = files[files["source"].map(counts) == 1]
    by_source = dict(zip(single["source"], single.index, strict=True))
    # files uploaded one by one lose their folder: then a base name found once will do
    base = single["source"].str.rpartition("/")[2]
    once = base[~base.duplicated(keep=False)]
    by_base = dict(zip(once, once.index, strict=True))
    pairs = {}
    for row in frame.index[listed]:
        found = by_source.get(wanted[row], by_base.get(named[row].rpartition("/")[2]))
        if found is not None:
            pairs[row] = found
    if not pairs:
        return frame.drop(columns="_file")
    matched = pd.Series(list(pairs.values()), index=list(pairs))
    target = matched.to_numpy()
    frame = frame.copy()
    for col in ("activity_type", "name", "rpe", "relative_effort"):
        if col in frame:
            values = frame.loc[matched.index, col].to_numpy()
            keep = pd.notna(values) & (values != "")
            frame.loc[target[keep], col] = values[keep]
    for col in ("avg_hr", "max_hr"):
        values = frame.loc[matched.index, col].to_numpy(dtype=float)
        empty = frame.loc[target, col].isna().to_numpy()
        frame.loc[target[empty], col] = values[empty]
    return frame.drop(index=matched.index).drop(columns="_file").reset_index(drop=True)


def _reason(exc: HamstringEduError) -> str:
    """Why a file was not read, for the list a person reads: the message and, when the error
    names one, the column of their file it is in (the file and line are the entry's own)."""
    column = exc.where.get("column")
    return f"in the column {column!r}, {exc.message}" if column else exc.message


def _read_bytes(
    data: bytes,
    name: str,
    *,
    units: str | None,
    athlete: str | None,
    default_type: str,
    max_lines: int = MAX_LINES,
    extra: tuple[str, ...] = (),
) -> tuple[pd.DataFrame | list[dict], str, str, list[Dropped]]:
    """Activities of one file from its bytes, by its suffix (a CSV's as a table, a device
    file's as rows); any failure is a LogError naming the file (an unreadable or malformed file
    never escapes as another exception)."""
    suffix = Path(name).suffix.lower() or ".csv"
    if suffix not in SUFFIXES:
        raise LogError(
            f"unknown file type {suffix!r}; expected one of {', '.join(SUFFIXES)}", file=name
        )
    if not data.strip():
        raise LogError("the file is empty", file=name)
    try:
        if suffix == ".csv":
            return _read_csv(data, name, units, athlete, max_lines, extra)
        reader = {".gpx": read_gpx, ".tcx": read_tcx, ".fit": read_fit}[suffix]
        rows, notes = reader(data, name, athlete or Path(name).stem, default_type)
    except HamstringEduError:
        raise
    except RecursionError:
        raise LogError("nested too deeply to be an activity file", file=name) from None
    except Exception as exc:  # a parser's own failure: name the file, never a traceback
        raise LogError(
            f"could not be read ({type(exc).__name__}: {shown(str(exc), 120)})", file=name
        ) from None
    return rows, "km", "the file format stores metres", list(notes)


# --------------------------------------------------------------------------- finishing


def _finish(
    frame: pd.DataFrame | list[dict],
    units: str,
    rule: str,
    dropped: list[Dropped],
    name: str | None,
) -> pd.DataFrame:
    """Types, the running flag, doubtful rows and true duplicates left out (and listed), sorted."""
    if isinstance(frame, list):
        frame = pd.DataFrame(frame)
    drops = list(dropped)
    for col in ("rpe", "elevation_gain_m", "distance_km", "avg_hr", "max_hr"):
        if col not in frame:
            frame[col] = np.nan
    for col, empty in (
        ("line", np.nan),
        ("_doubt", None),
        ("_clock", np.nan),
        ("name", ""),
        ("hr_seconds", None),
    ):
        if col not in frame:
            frame[col] = empty
    if "start_time" not in frame:
        frame["start_time"] = pd.NaT
    frame = frame.reset_index(drop=True)
    frame["activity_type"] = frame["activity_type"].astype(str).str.strip().str.lower()
    frame["is_running"] = frame["activity_type"].isin(RUN_TYPES)
    doubt = frame["_doubt"].astype(object).where(frame["_doubt"].notna(), None)
    doubt = doubt.where(doubt.notna(), _doubtful(frame))
    bad = doubt.notna().to_numpy()
    drops.extend(
        Dropped(str(s), _line(n), None, str(r))
        for s, n, r in zip(frame["source"][bad], frame["line"][bad], doubt[bad], strict=True)
    )
    frame = frame[~bad]
    frame, duplicates = _without_duplicates(frame)
    drops.extend(duplicates)
    frame, merged = merge_same_runs(frame)
    drops.extend(merged)
    if frame.empty:
        reasons = "; ".join(d.text() for d in drops[:3]) or "no activities"
        error = LogError(
            f"every activity was left out ({shown(reasons, 300)})" if drops else "no activities",
            file=name,
        )
        error.dropped = tuple(drops)
        raise error
    frame = frame.sort_values(["athlete", "date", "start_time", "line"], kind="stable")
    extra = [c for c in frame.columns if c not in COLUMNS and not c.startswith("_")]
    out = frame[COLUMNS + extra].reset_index(drop=True)
    out["date"] = pd.to_datetime(out["date"]).astype("datetime64[ns]")
    out["start_time"] = pd.to_datetime(out["start_time"], utc=True).astype("datetime64[ns, UTC]")
    for col in ("distance_km", "duration_min", "rpe", "elevation_gain_m", "line", "avg_hr"):
        out[col] = out[col].astype(float)
    out["max_hr"] = out["max_hr"].astype(float)
    out["name"] = out["name"].fillna("").astype(str)
    out["hr_seconds"] = out["hr_seconds"].astype(object).where(out["hr_seconds"].notna(), None)
    out["is_running"] = out["is_running"].astype(bool)
    out.attrs["units"] = units
    out.attrs["units_rule"] = rule
    out.attrs["dropped"] = tuple(drops)
    return out


def _line(value: object) -> int | None:
    return None if value is None or pd.isna(value) else int(value)


def _doubtful(frame: pd.DataFrame) -> pd.Series:
    """The reason a row is doubtful (None when it is not): absurd, empty or implausibly fast."""
    km = frame["distance_km"].to_numpy(dtype=float)
    minutes = frame["duration_min"].to_numpy(dtype=float)
    reasons = np.full(len(frame), None, dtype=object)
    fast = np.where(frame["is_running"].to_numpy(), MAX_RUN_KMH, MAX_OTHER_KMH)
    with np.errstate(divide="ignore", invalid="ignore"):
        speed = km / (minutes / 60)
    rules = (
        (
            (km > MAX_DISTANCE_KM) | (minutes > MAX_DURATION_MIN),
            lambda d, m: (
                f"absurd value: {d:.1f} km in {m:.0f} min (limits "
                f"{MAX_DISTANCE_KM:.0f} km, {MAX_DURATION_MIN / 60:.0f} h)"
            ),
        ),
        ((minutes == 0) & (km == 0), lambda d, m: "empty activity: 0 km in 0 min"),
        ((minutes == 0) & (km > 0), lambda d, m: f"no duration for {d:.1f} km"),
        (
            speed > fast,
            lambda d, m: (
                f"implausible pace: {d:.1f} km in {m:.0f} min "
                f"({d / (m / 60):.0f} km/h on average; a recording error)"
            ),
        ),
    )
    for mask, say in rules:
        for i in np.flatnonzero(mask & (reasons == None)):  # noqa: E711 (elementwise)
            reasons[i] = say(km[i], minutes[i])
    return pd.Series(reasons, index=frame.index, dtype=object)


def _without_duplicates(frame: pd.DataFrame) -> tuple[pd.DataFrame, list[Dropped]]:
    """Only true duplicates go: the same start (UTC time, or local date and time), athlete, type,
    distance and duration; without any time, the same activity in two different files."""
    if len(frame) < 2:
        return frame, []
    start = frame["start_time"].astype(str).where(frame["start_time"].notna(), "")
    clock = frame["_clock"].round(3).astype(str).where(frame["_clock"].notna(), "")
    timed = (start != "") | (clock != "")
    key = pd.DataFrame(
        {
            "athlete": frame["athlete"].astype(str),
            "date": frame["date"].astype(str),
            "when": start + "|" + clock,
            "type": frame["activity_type"],
            "km": frame["distance_km"].round(6).astype(str),
            "min": frame["duration_min"].round(6).astype(str),
        },
        index=frame.index,
    )
    groups = key.groupby(list(key.columns), sort=False, dropna=False)
    first_source = groups.ngroup().map(frame.groupby(groups.ngroup(), sort=False)["source"].first())
    first_line = groups.ngroup().map(frame.groupby(groups.ngroup(), sort=False)["line"].first())
    dup = key.duplicated(keep="first") & (timed | (frame["source"] != first_source))
    if not dup.any():
        return frame, []
    drops = [
        Dropped(
            str(s),
            _line(n),
            None,
            f"duplicate of line {_line(fl)}"
            if fs == s and _line(fl) is not None
            else f"duplicate of an activity in {fs}"
            + (f", line {_line(fl)}" if _line(fl) is not None else ""),
        )
        for s, n, fs, fl in zip(
            frame["source"][dup],
            frame["line"][dup],
            first_source[dup],
            first_line[dup],
            strict=True,
        )
    ]
    return frame[~dup], drops


# --------------------------------------------------------------------------- the same run twice

# Two recordings are one run when they start within SAME_START_S of each other, are both runs
# (or both not), and their durations and distances agree within these shares or amounts (a
# watch's timer and Strava's moving time differ by the pauses; GPS copies by a few metres).
SAME_START_S = 120.0
SAME_DURATION = (0.15, 3.0)  # share of the longer, or minutes
SAME_DISTANCE = (0.05, 0.3)  # share of the longer, or km


def same_run_pairs(a: pd.DataFrame, b: pd.DataFrame) -> list[tuple[int, int]]:
    """(position in a, position in b) of the recordings of ``a`` and ``b`` that are one run
    (see SAME_START_S): the same athlete, start, kind and, within the tolerances, length."""
    pairs: list[tuple[int, int]] = []
    if a.empty or b.empty:
        return pairs
    sides = [_run_arrays(a), _run_arrays(b)]
    (secs_a, *rest_a), (secs_b, *rest_b) = sides
    order = np.argsort(secs_b, kind="stable")  # NaN (no start time) sorts last, never matched
    sorted_b = secs_b[order]
    for i in np.flatnonzero(~np.isnan(secs_a)):
        low = np.searchsorted(sorted_b, secs_a[i] - SAME_START_S, side="left")
        high = np.searchsorted(sorted_b, secs_a[i] + SAME_START_S, side="right")
        for j in order[low:high]:
            if _one_run([r[i] for r in rest_a], [r[j] for r in rest_b]):
                pairs.append((int(i), int(j)))
    return pairs


def _run_arrays(frame: pd.DataFrame) -> list[np.ndarray]:
    """Start (UTC seconds, NaN if unknown), athlete, running, minutes and km, as arrays."""
    start = pd.to_datetime(frame["start_time"], utc=True, errors="coerce")
    start = start.to_numpy(dtype="datetime64[ns]")
    seconds = np.where(np.isnat(start), np.nan, start.view(np.int64) / 1e9)
    return [
        seconds,
        frame["athlete"].to_numpy(dtype=object),
        frame["is_running"].to_numpy(dtype=bool),
        frame["duration_min"].to_numpy(dtype=float),
        frame["distance_km"].to_numpy(dtype=float),
    ]


def _one_run(x: list, y: list) -> bool:
    """Whether two recordings (athlete, running, minutes, km) are one run, their starts close."""
    if x[0] != y[0] or x[1] != y[1]:
        return False
    return _close(x[2], y[2], *SAME_DURATION) and (
        np.isnan(x[3]) or np.isnan(y[3]) or _close(x[3], y[3], *SAME_DISTANCE)
    )


def _close(u: float, v: float, share: float, amount: float) -> bool:
    return abs(u - v) <= max(share * max(u, v), amount)


def detail(row: pd.Series) -> int:
    """How much a recording holds, to keep the richer of two copies of one run: a heart-rate
    stream, heart rates, climb, an RPE, a device file (not a summary line), a name."""
    stream = row.get("hr_seconds")
    return (
        32 * (isinstance(stream, tuple) and len(stream) > 0)
        + 16 * pd.notna(row.get("avg_hr"))
        + 8 * pd.notna(row.get("elevation_gain_m"))
        + 4 * pd.notna(row.get("rpe"))
        + 2 * pd.isna(row.get("line"))
        + bool(row.get("name"))
    )


def merge_same_runs(frame: pd.DataFrame) -> tuple[pd.DataFrame, list[Dropped]]:
    """One row per run recorded twice or more (a watch's file and Strava's copy; two archives):
    the row with the most detail stays, filled with the others' RPE, name and heart rates where
    it has none; each merged copy is listed. Returns the frame with a fresh index (0, 1, ...).
    A copy without a distance is matched on its start and duration alone."""
    frame = frame.reset_index(drop=True)  # positions and labels agree from here on
    timed = frame[frame["start_time"].notna()]
    if len(timed) < 2:
        return frame, []
    pairs = [(i, j) for i, j in same_run_pairs(timed, timed) if i < j]
    if not pairs:
        return frame, []
    group = list(range(len(timed)))  # union-find over the pairs: a run copied three times

    def root(k: int) -> int:
        while group[k] != k:
            group[k] = group[group[k]]
            k = group[k]
        return k

    for i, j in pairs:
        group[root(j)] = root(i)
    members: dict[int, list[int]] = {}
    for k in range(len(timed)):
        members.setdefault(root(k), []).append(k)
    frame = frame.copy()
    gone, drops = [], []
    for copies in (m for m in members.values() if len(m) > 1):
        rows = [timed.iloc[k] for k in copies]
        best = max(range(len(rows)), key=lambda n: (detail(rows[n]), -n))
        keep = timed.index[copies[best]]
        for n, row in enumerate(rows):
            if n == best:
                continue
            for col in ("rpe", "avg_hr", "max_hr", "name"):
                empty = col in frame and (pd.isna(frame.at[keep, col]) or frame.at[keep, col] == "")
                if empty and pd.notna(row[col]) and row[col] != "":
                    frame.at[keep, col] = row[col]
            gap = abs((row["start_time"] - rows[best]["start_time"]).total_seconds())
            gone.append(timed.index[copies[n]])
            drops.append(
                Dropped(
                    str(row["source"]),
                    _line(row["line"]),
                    None,
                    f"the same run as {shown(str(rows[best]['source']), 80)} (starts {gap:.0f} s "
                    f"apart, {row['duration_min']:.0f} and {rows[best]['duration_min']:.0f} min): "
                    "merged, the copy with more detail kept",
                )
            )
    return frame.drop(index=gone), drops


# --------------------------------------------------------------------------- CSV


def _read_csv(
    data: bytes,
    name: str,
    units: str | None,
    athlete: str | None,
    max_lines: int = MAX_LINES,
    extra: tuple[str, ...] = (),
) -> tuple[pd.DataFrame, str, str, list[Dropped]]:
    raw = _csv_table(data, name, max_lines)
    if {"Activity ID", "Activity Date", "Activity Type"} <= set(raw.columns):
        frame, file_units, rule, drops = _strava(raw, name, units, athlete)
        _extra_numbers(frame, raw, extra, name, raw.index.to_numpy() + 2)
        return frame, file_units, rule, drops
    cols = {c.strip().lower(): c for c in reversed(raw.columns)}  # the first of equal names
    distance_col, file_units, rule = _distance_column(cols, units, name)
    if "date" not in cols:
        raise LogError(
            "missing column 'date'; a log needs date, distance_km (or distance_mi) "
            "and duration_min",
            file=name,
        )
    if "duration_min" not in cols and "duration" not in cols:
        raise LogError("missing column 'duration_min' (minutes) or 'duration' (h:mm:ss)", file=name)
    lines = raw.index.to_numpy() + 2  # the header is line 1
    frame = pd.DataFrame({"line": lines, "source": name}, index=raw.index)
    if "athlete" in cols:
        frame["athlete"] = _names(raw[cols["athlete"]], name, lines, cols["athlete"], "athlete")
    else:
        frame["athlete"] = athlete or Path(name).stem
    kind = raw[cols["activity_type"]] if "activity_type" in cols else pd.Series("run", raw.index)
    kind = _names(kind.where(kind.str.strip() != "", "run"), name, lines, "activity_type", "type")
    frame["activity_type"] = kind
    when = _dates(raw[cols["date"]], name, lines, cols["date"])
    frame["date"] = when.day
    frame["_clock"] = when.clock
    frame["_doubt"] = _out_of_range(raw[cols["date"]], when, "date")
    frame["start_time"] = when.utc()
    if "start_time" in cols:
        start = _timestamps(raw[cols["start_time"]], name, lines, cols["start_time"])
        frame["start_time"] = start.utc().where(start.valid, frame["start_time"])
        frame["_doubt"] = frame["_doubt"].where(
            frame["_doubt"].notna(), _out_of_range(raw[cols["start_time"]], start, "start time")
        )
    factor = KM_PER_MILE if file_units == "mi" else 1.0
    km = _numbers(raw[distance_col], name, lines, distance_col, optional=True) * factor
    frame["distance_km"] = km
    if "duration_min" in cols:
        col = cols["duration_min"]
        frame["duration_min"] = _numbers(raw[col], name, lines, col)
    else:
        col = cols["duration"]
        frame["duration_min"] = _clock_minutes(
            raw[col], km, frame["activity_type"], name, lines, col
        )
    if "rpe" in cols:
        frame["rpe"] = _rpe(raw[cols["rpe"]], name, lines, cols["rpe"])
    if "elevation_gain_m" in cols:
        col = cols["elevation_gain_m"]
        frame["elevation_gain_m"] = _numbers(raw[col], name, lines, col, optional=True)
    for key in ("avg_hr", "max_hr"):
        if key in cols:
            frame[key] = _heart_rates(raw[cols[key]], name, lines, cols[key])
    if "name" in cols:
        frame["name"] = raw[cols["name"]].astype(str).str.strip().str[:MAX_NAME]
    _extra_numbers(frame, raw, extra, name, lines)
    return frame, file_units, rule, []


def _extra_numbers(
    frame: pd.DataFrame, raw: pd.DataFrame, extra: tuple[str, ...], name: str, lines: np.ndarray
) -> None:
    """The ``extra_columns`` asked for, as numbers (a column's name in any case)."""
    cols = {c.strip().lower(): c for c in reversed(raw.columns)}
    for key in extra:
        if key.strip().lower() not in cols:
            raise LogError(f"missing column {key!r} (asked for in extra_columns)", file=name)
        col = cols[key.strip().lower()]
        frame[key] = _numbers(raw[col], name, lines, col, optional=True)


def _heart_rates(values: pd.Series, name: str, lines: np.ndarray, column: str) -> pd.Series:
    """A column of heart rates in bpm (empty: not recorded); outside 20..250 is an error."""
    bpm = _numbers(values, name, lines, column, optional=True)
    bad = ((bpm < 20) | (bpm > 250)).to_numpy()
    if bad.any():
        raise LogError(
            f"{shown(values.iloc[int(np.argmax(bad))])} is not a heart rate (20 to 250 bpm)",
            file=name,
            line=int(lines[np.argmax(bad)]),
            column=column,
        )
    return bpm


def _csv_table(data: bytes, name: str, max_lines: int = MAX_LINES) -> pd.DataFrame:
    """The cells of a CSV file as text, after the checks that need no parsing: encoding, binary
    content, the number of columns and lines. The separator is the header's commonest of
    ',', ';' and tab."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    if b"\x00" in data:
        raise LogError("contains NUL bytes: a binary file, not a text CSV", file=name)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise LogError(
            "not UTF-8 text (a binary file, or a CSV saved in another encoding: save it as "
            "'CSV UTF-8')",
            file=name,
            line=line,
        ) from None
    header = text.split("\n", 1)[0]
    sep = max((",", ";", "\t"), key=header.count)
    if header.count(sep) + 1 > MAX_COLUMNS:
        raise LogError(
            f"the header has {header.count(sep) + 1:,} columns: more than {MAX_COLUMNS} "
            "(a training log has a handful)",
            file=name,
            line=1,
        )
    if text.count("\n") > max_lines + 1:
        raise LogError(
            f"more than {max_lines:,} lines: read the log in parts", file=name, line=max_lines + 2
        )
    try:
        raw = pd.read_csv(
            io.StringIO(text),
            sep=sep,
            dtype=str,
            keep_default_na=False,
            skipinitialspace=True,
            skip_blank_lines=True,
        )
    except pd.errors.EmptyDataError:
        raise LogError("the file is empty", file=name) from None
    except (pd.errors.ParserError, ValueError) as exc:
        found = re.search(r"Expected (\d+) fields in line (\d+), saw (\d+)", str(exc))
        if found:
            raise LogError(
                f"{found[3]} fields where the header has {found[1]} columns",
                file=name,
                line=int(found[2]),
            ) from None
        raise LogError(f"not a readable CSV file ({shown(str(exc), 120)})", file=name) from None
    if raw.empty:
        raise LogError("the file has a header but no activities", file=name)
    raw.columns = [str(c).strip() for c in raw.columns]
    return raw.astype(object).fillna("")


def _names(values: pd.Series, name: str, lines: np.ndarray, column: str, what: str) -> pd.Series:
    """A column of names: stripped, not empty, at most MAX_NAME characters."""
    text = values.astype(str).str.strip()
    empty = (text == "").to_numpy()
    if empty.any():
        raise LogError(
            f"empty {what} name", file=name, line=int(lines[np.argmax(empty)]), column=column
        )
    long = (text.str.len() > MAX_NAME).to_numpy()
    if long.any():
        i = int(np.argmax(long))
        raise LogError(
            f"{shown(text.iloc[i])} is longer than {MAX_NAME} characters",
            file=name,
            line=int(lines[i]),
            column=column,
        )
    return text


def _rpe(values: pd.Series, name: str, lines: np.ndarray, column: str) -> pd.Series:
    """Session RPE on the CR-10 scale (0-10); empty cells are unknown (NaN)."""
    rpe = _numbers(values, name, lines, column, optional=True)
    bad = ((rpe < 0) | (rpe > 10)).to_numpy()
    if bad.any():
        raise LogError(
            "RPE must be from 0 to 10 (CR-10 scale)",
            file=name,
            line=int(lines[np.argmax(bad)]),
            column=column,
        )
    return rpe


def _distance_column(cols: dict[str, str], units: str | None, name: str) -> tuple[str, str, str]:
    for key, unit in (
        ("distance_km", "km"),
        ("distance (km)", "km"),
        ("distance_mi", "mi"),
        ("distance (mi)", "mi"),
    ):
        if key in cols:
            if units is not None and units != unit:
                raise LogError(
                    f"units={units!r} contradicts the column name {cols[key]!r}", file=name
                )
            return cols[key], unit, f"column name {cols[key]!r}"
    if "distance" in cols:
        if units is not None:
            return cols["distance"], units, f"units={units!r} given"
        return (
            cols["distance"],
            "km",
            "no unit in the file: kilometres assumed (pass units='mi' for miles)",
        )
    raise LogError(
        "missing distance column: name the column of distances distance_km (kilometres) or "
        "distance_mi (miles)",
        file=name,
    )


def _numbers(
    values: pd.Series, name: str, lines: np.ndarray, column: str, *, optional: bool = False
) -> pd.Series:
    """A column of numbers >= 0 as people write them (see validation.numbers); empty cells are NaN
    when ``optional``, else an error."""
    numbers, status = validation.numbers(values)
    problems = (status != validation.NUMBER_OK) & ~(optional & (status == validation.NUMBER_EMPTY))
    problems |= (status == validation.NUMBER_OK) & (numbers < 0)
    if problems.any():
        i = int(np.argmax(problems))
        cell = values.iloc[i]
        what = {
            validation.NUMBER_EMPTY: "an empty value is not a number",
            validation.NUMBER_BAD: f"{shown(cell)} is not a number",
            validation.NUMBER_AMBIGUOUS: f"{shown(cell)} is ambiguous (1234 or 1.234?): write "
            "it without a thousands separator, or with a decimal point",
            validation.NUMBER_INFINITE: f"{shown(cell)}: must be a finite number",
        }.get(int(status[i]), f"{shown(cell)}: must be a finite number >= 0")
        raise LogError(what, file=name, line=int(lines[i]), column=column)
    return pd.Series(numbers, index=values.index, dtype=float)


def _dates(values: pd.Series, name: str, lines: np.ndarray, column: str) -> validation.IsoDates:
    when = validation.iso_dates(values)
    if not when.valid.all():
        i = int(np.argmax(~when.valid))
        cell = values.iloc[i]
        what = "an empty date" if str(cell).strip() == "" else f"{shown(cell)} is not a date"
        raise LogError(
            f"{what} (expected YYYY-MM-DD, optionally with a time)",
            file=name,
            line=int(lines[i]),
            column=column,
        )
    return when


def _timestamps(
    values: pd.Series, name: str, lines: np.ndarray, column: str
) -> validation.IsoDates:
    """ISO start times: with an offset each is converted to UTC; without one, taken as UTC."""
    text = values.astype(str).str.strip()
    given = (text != "").to_numpy()
    when = validation.iso_dates(text.where(given, "1970-01-01"))
    bad = given & ~when.valid
    if bad.any():
        i = int(np.argmax(bad))
        raise LogError(
            f"{shown(values.iloc[i])} is not an ISO date-time",
            file=name,
            line=int(lines[i]),
            column=column,
        )
    zoned = ~np.isnan(when.offset)
    if given.any() and zoned[given].any() and not zoned[given].all():
        i = int(np.argmax(given & ~zoned))
        raise LogError(
            "mixed time zones: some start times have a UTC offset and this one has none",
            file=name,
            line=int(lines[i]),
            column=column,
        )
    offset = np.where(zoned, when.offset, 0.0)
    clock = np.where(np.isnan(when.clock), 0.0, when.clock)
    return when._replace(
        valid=given & when.valid, in_range=when.in_range | ~given, clock=clock, offset=offset
    )


def _out_of_range(values: pd.Series, when: validation.IsoDates, what: str) -> pd.Series:
    """The doubt for dates outside 1970 .. next year (None for the others)."""
    first, last = validation.date_bounds()
    out = pd.Series(None, index=values.index, dtype=object)
    outside = when.valid & ~when.in_range
    for i in np.flatnonzero(outside):
        out.iloc[i] = (
            f"{what} {shown(str(values.iloc[i]).strip()[:10])} is outside {first} .. {last}"
        )
    return out


_HMS = re.compile(r"(\d+):(\d{1,2}):(\d{1,2}(?:[.,]\d+)?)")
_TWO = re.compile(r"(\d+):(\d{2})")


def _clock_minutes(
    values: pd.Series,
    km: pd.Series,
    kinds: pd.Series,
    name: str,
    lines: np.ndarray,
    column: str,
) -> pd.Series:
    """Durations as h:mm:ss, or a:b resolved by a plausible speed (see the module docstring)."""
    out = np.empty(len(values))
    running = kinds.isin(RUN_TYPES).to_numpy()
    for i, cell in enumerate(values.astype(str)):
        text = cell.strip()
        where = {"file": name, "line": int(lines[i]), "column": column}
        full = _HMS.fullmatch(text) if len(text) <= validation.MAX_CELL else None
        if full:
            h, m = int(full[1]), int(full[2])
            s = float(full[3].replace(",", "."))
            if m >= 60 or s >= 60:
                raise LogError(
                    f"{shown(text)} is not h:mm:ss: minutes and seconds must be below 60", **where
                )
            out[i] = h * 60 + m + s / 60
            continue
        two = _TWO.fullmatch(text) if len(text) <= validation.MAX_CELL else None
        if not two:
            raise LogError(f"{shown(text)} is not h:mm:ss", **where)
        a, b = int(two[1]), int(two[2])
        if b >= 60:
            raise LogError(
                f"{shown(text)} is not h:mm:ss: the part after ':' must be below 60", **where
            )
        out[i] = _two_part_minutes(a, b, float(km.iloc[i]), bool(running[i]), text, where)
    return pd.Series(out, index=values.index, dtype=float)


def _two_part_minutes(a: int, b: int, km: float, running: bool, text: str, where: dict) -> float:
    """'a:b' as m:ss or h:mm, whichever gives a plausible average speed for the distance."""
    readings = (a + b / 60, a * 60 + b)  # minutes:seconds, hours:minutes
    fastest = MAX_RUN_KMH if running else MAX_OTHER_KMH
    plausible = [
        m for m in readings if km > 0 and m > 0 and MIN_SPEED_KMH <= km / (m / 60) <= fastest
    ]
    if len(plausible) == 1:
        return plausible[0]
    raise LogError(
        f"{shown(text)} could be {a} h {b} min or {a} min {b} s"
        + ("" if km > 0 else " (there is no distance to tell)")
        + f": write {a}:{b:02d}:00 or 0:{a:02d}:{b:02d}",
        **where,
    )


# --------------------------------------------------------------------------- Strava


def _strava(
    raw: pd.DataFrame, name: str, units: str | None, athlete: str | None
) -> tuple[pd.DataFrame, str, str, list[Dropped]]:
    """Strava bulk export activities.csv (columns as the export documents them)."""
    time_cols = [c for c in ("Moving Time", "Elapsed Time") if c in raw.columns]
    if not time_cols:
        raise LogError(
            "this Strava export has neither a 'Moving Time' nor an 'Elapsed Time' column",
            file=name,
        )
    if "Distance" not in raw.columns:
        raise LogError("this Strava export has no 'Distance' column", file=name)
    lines = raw.index.to_numpy() + 2
    frame = pd.DataFrame({"line": lines, "source": name}, index=raw.index)
    frame["athlete"] = athlete or "strava"
    frame["activity_type"] = _names(
        raw["Activity Type"], name, lines, "Activity Type", "activity type"
    ).str.lower()
    text = raw["Activity Date"].astype(str).str.strip()
    pattern = r"[A-Z][a-z]{2} \d{1,2}, (\d{4}), \d{1,2}:\d{2}:\d{2} [AP]M"
    year = pd.to_numeric(text.str.extract(f"^{pattern}$")[0], errors="coerce")
    first, last = validation.date_bounds()
    in_range = (year >= first.year) & (year <= last.year)
    start = pd.Series(pd.NaT, index=raw.index, dtype="datetime64[ns, UTC]")
    start[in_range] = pd.to_datetime(
        text[in_range], errors="coerce", format="%b %d, %Y, %I:%M:%S %p", utc=True
    )
    bad = (year.isna() | (in_range & start.isna())).to_numpy()
    if bad.any():
        i = int(np.argmax(bad))
        raise LogError(
            f"{shown(text.iloc[i])} is not a Strava date such as 'Jan 5, 2024, 7:12:09 AM'",
            file=name,
            line=int(lines[i]),
            column="Activity Date",
        )
    frame["start_time"] = start
    frame["date"] = start.dt.tz_localize(None).dt.normalize()
    frame["_doubt"] = pd.Series(None, index=raw.index, dtype=object).mask(
        ~in_range, "date " + text.str[:12] + f" is outside {first} .. {last}"
    )
    if "Distance.1" in raw.columns:  # the export's second Distance column is in metres
        metres = _numbers(raw["Distance.1"], name, lines, "Distance (metres)", optional=True)
        frame["distance_km"] = metres / 1000  # an empty cell: not recorded (NaN), never 0
        file_units, rule = "km", "Strava's second Distance column (metres)"
    else:
        file_units = units or "km"
        rule = (
            f"units={units!r} given"
            if units
            else "Strava Distance column: kilometres assumed (pass units='mi')"
        )
        factor = KM_PER_MILE if file_units == "mi" else 1.0
        frame["distance_km"] = (
            _numbers(raw["Distance"], name, lines, "Distance", optional=True) * factor
        )
    seconds = pd.Series(np.nan, index=raw.index)
    for col in time_cols:  # moving time where given, else elapsed time
        seconds = seconds.fillna(_numbers(raw[col], name, lines, col, optional=True))
    if seconds.isna().any():
        i = int(np.argmax(seconds.isna().to_numpy()))
        raise LogError(
            f"no time: {' and '.join(repr(c) for c in time_cols)} are empty",
            file=name,
            line=int(lines[i]),
            column=time_cols[0],
        )
    frame["duration_min"] = seconds / 60
    if "Elevation Gain" in raw.columns:
        frame["elevation_gain_m"] = _numbers(
            raw["Elevation Gain"], name, lines, "Elevation Gain", optional=True
        )
    if "Perceived Exertion" in raw.columns:
        frame["rpe"] = _rpe(raw["Perceived Exertion"], name, lines, "Perceived Exertion")
    for key, column in (("avg_hr", "Average Heart Rate"), ("max_hr", "Max Heart Rate")):
        frame[key] = _first_given(raw, column, lambda c: _heart_rates(raw[c], name, lines, c))
    if any(c.split(".")[0] == "Relative Effort" for c in raw.columns):
        frame["relative_effort"] = _first_given(
            raw, "Relative Effort", lambda c: _numbers(raw[c], name, lines, c, optional=True)
        )
    if "Activity Name" in raw.columns:
        frame["name"] = raw["Activity Name"].astype(str).str.strip().str[:MAX_NAME]
    if "Filename" in raw.columns:
        frame["_file"] = raw["Filename"].astype(str).str.strip()
    return frame, file_units, rule, []


def _first_given(raw: pd.DataFrame, column: str, read: Callable[[str], pd.Series]) -> pd.Series:
    """A Strava column that the export may write twice ('Max Heart Rate', 'Max Heart Rate.1'):
    each row's first value given (NaN where none is)."""
    out = pd.Series(np.nan, index=raw.index)
    for col in (c for c in raw.columns if c == column or c.startswith(column + ".")):
        out = out.fillna(read(col))
    return out
