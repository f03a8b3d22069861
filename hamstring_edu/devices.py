"""Device files: one reader per format (GPX, TCX, FIT), each giving activity rows for read_log.

Each reader takes the file's bytes, its name (as the person knows it), the athlete's name and
the activity type to assume, and returns the activities it found (dicts with read_log's columns;
a doubtful one carries its reason in ``_doubt``) and what it set aside (``validation.Dropped``). A
file that cannot be read is a LogError naming the file.

XML (GPX, TCX): a file that declares a DTD or an entity is refused (no device writes one), so
no entity can expand and nothing external is read; the tree is then built by the standard
library's C parser, in linear time. gpxpy's parser is not used: it runs regular expressions over
the raw text to find namespaces, in time growing with the square of a crafted header (a 600 KB
file took 43 s). GPX distance and climb are gpxpy's own formulas, computed with numpy on the
arrays of points (the tests compare them with gpxpy on every fixture, to 0.1%). FIT files are read
by ``fit_decode`` (the tests compare it with Garmin's SDK).

Heart rate: each reader keeps an activity's average and maximum and, from a stream, the time at
each heart rate (``heart_rate.from_samples``), for a heart-rate load.

Times: GPX and TCX times without an offset are UTC (both formats say so); an activity counts on
the calendar day of its first time as written (its own offset, or UTC). FIT stores UTC only.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import math
import re
from typing import NamedTuple

import numpy as np
import pandas as pd

from hamstring_edu import fit_decode, heart_rate, validation
from hamstring_edu.errors import LogError
from hamstring_edu.validation import Dropped, shown

MAX_POINTS = 2_000_000  # track points in one file (a day of 1 s recording is 86,400)
MAX_TEXT = 200  # characters of a name, type or time kept from a file


def _activity(
    who: str,
    start: pd.Timestamp,
    local_day: dt.date,
    kind: str,
    km: float,
    minutes: float,
    gain: float | None,
    name: str,
    doubt: str | None = None,
    *,
    heart: heart_rate.HeartRate | None = None,
) -> dict:
    return {
        "athlete": who,
        "start_time": start,
        "date": pd.Timestamp(local_day),
        "activity_type": kind,
        "distance_km": km,
        "duration_min": minutes,
        "elevation_gain_m": np.nan if gain is None else gain,
        "source": name,
        "line": np.nan,
        "_doubt": doubt,
        "avg_hr": np.nan if heart is None else heart.average,
        "max_hr": np.nan if heart is None else heart.maximum,
        "hr_seconds": heart.seconds if heart is not None and heart.seconds else None,
    }


def _when(
    text: str | None, name: str, what: str
) -> tuple[pd.Timestamp | None, dt.date, str | None]:
    """(UTC instant, local day, doubt) of an ISO time from a file: UTC when no offset; a date
    outside 1970 .. next year is a doubt, checked before any conversion."""
    text = (text or "").strip()
    if _PLAIN_TIME.fullmatch(text):  # the usual 2024-05-01T07:00:00Z: no parser needed
        first, last = validation.date_bounds()
        day = dt.date.fromisoformat(text[:10])
        if first <= day <= last:
            return pd.Timestamp(text.rstrip("Z"), tz="UTC"), day, None
    when = validation.iso_dates(pd.Series([text]))
    if not when.valid[0] or np.isnan(when.clock[0]):
        raise LogError(f"{what} {shown(text)} is not an ISO date-time", file=name)
    if not when.in_range[0]:
        first, last = validation.date_bounds()
        return None, first, f"{what} {shown((text or '')[:10])} is outside {first} .. {last}"
    offset = 0.0 if np.isnan(when.offset[0]) else when.offset[0]
    when = when._replace(offset=np.array([offset]))
    return when.utc().iloc[0], pd.Timestamp(when.day[0]).date(), None


def _distance_doubt(metres: float) -> str | None:
    if math.isnan(metres):
        return "distance is NaN (not a number) in the file"
    if metres < 0:
        return f"negative distance in the file ({metres:g} m)"
    if math.isinf(metres):
        return "infinite distance in the file"
    return None


def _xml_root(data: bytes, name: str, kind: str):
    """The parsed tree of a GPX or TCX file, after expat has checked it declares no DTD and no
    entity (no device writes one): so no entity can expand, nothing external is read, and the
    tree is built by the standard library's C parser in linear time."""
    import pyexpat
    from xml.etree import ElementTree

    def refuse(*_: object) -> None:
        raise _Declared

    try:
        if _may_hide_declarations(data):
            check = pyexpat.ParserCreate()
            check.StartDoctypeDeclHandler = refuse
            check.EntityDeclHandler = refuse
            check.ExternalEntityRefHandler = refuse
            check.Parse(data, True)
        elif b"<!DOCTYPE" in data or b"<!ENTITY" in data:
            raise _Declared
        return ElementTree.fromstring(data)
    except _Declared:
        raise LogError(
            f"refused: the file declares entities or a DTD, which no device writes in a {kind} "
            "file",
            file=name,
        ) from None
    except (pyexpat.ExpatError, ElementTree.ParseError, ValueError, LookupError) as exc:
        raise LogError(f"not a readable {kind} file ({shown(str(exc), 100)})", file=name) from None


def _may_hide_declarations(data: bytes) -> bool:
    """Whether a declaration could be written in bytes other than its ASCII ones (UTF-16 or
    UTF-32, marked by a byte-order mark or NUL bytes at the start, or an encoding named in the
    XML declaration other than UTF-8 and ASCII): then expat reads the whole file to look."""
    head = data[:200]
    if b"\x00" in head or head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return True
    declared = re.match(rb"(?:\xef\xbb\xbf)?\s*<\?xml[^>]*encoding=[\"']([^\"']+)", head)
    return bool(declared) and declared[1].lower() not in (b"utf-8", b"utf8", b"us-ascii", b"ascii")


class _Declared(Exception):
    """A DTD or an entity declaration met while checking an XML file."""


def _local(tag: object) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _child_text(element, tag: str) -> str | None:
    for child in element:
        if _local(child.tag) == tag:
            return (child.text or "").strip()
    return None


# --------------------------------------------------------------------------- GPX


# gpxpy's geometry, vectorised: metres per degree on its flat-earth formula, and the radius of
# its haversine for points more than 0.2 degrees apart
EARTH_RADIUS_M = 6_378_137.0
ONE_DEGREE_M = 2 * math.pi * EARTH_RADIUS_M / 360
_PLAIN_TIME = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d{1,9})?Z?")
_ALL_PLAIN = re.compile(r"(?:\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d{1,9})?\n)+")


_HR_TAGS = tuple(f"{{http://www.garmin.com/xmlschemas/TrackPointExtension/v{v}}}hr" for v in (1, 2))


class _Segment(NamedTuple):
    """The points of one <trkseg>, as arrays (NaN where a value is not given)."""

    lat: np.ndarray
    lon: np.ndarray
    ele: np.ndarray
    stamps: list[str]  # each point's time as written ('' if none)
    bpm: np.ndarray  # heart rate from Garmin's TrackPointExtension


class _Track(NamedTuple):
    name: str
    kind: str  # the track's <type> ('' if none)
    segments: list[_Segment]


def _gpx_tracks(data: bytes, name: str) -> tuple[list[_Track], int]:
    """The tracks of a GPX file and the number of its routes (planned, not done).

    Positions must be real (latitude -90..90, longitude -180..180); an unreadable elevation or
    heart rate is none; names and types are cut to 200 characters.
    """
    root = _xml_root(data, name, "GPX")
    if _local(root.tag) != "gpx":
        raise LogError(
            f"not a GPX file (its root element is <{shown(_local(root.tag))}>)", file=name
        )
    ns = root.tag[: root.tag.index("}") + 1] if root.tag.startswith("{") else ""
    tracks, routes, count = [], 0, 0
    for element in root:
        tag = _local(element.tag)
        routes += tag == "rte"
        if tag != "trk":
            continue
        track = _Track(
            (_child_text(element, "name") or "")[:MAX_TEXT],
            (_child_text(element, "type") or "")[:MAX_TEXT],
            [],
        )
        for segment in element:
            if _local(segment.tag) != "trkseg":
                continue
            points = segment.findall(ns + "trkpt")
            count += len(points)
            if count > MAX_POINTS:
                raise LogError(
                    f"more than {MAX_POINTS:,} track points: not an activity file", file=name
                )
            track.segments.append(_segment(points, ns, name))
        tracks.append(track)
    return tracks, routes


def _segment(points: list, ns: str, name: str) -> _Segment:
    """The arrays of one segment's points, their positions checked."""
    lat_text = [p.get("lat", "") for p in points]
    lon_text = [p.get("lon", "") for p in points]
    lat, lon = _floats(lat_text), _floats(lon_text)
    bad = ~((lat >= -90) & (lat <= 90) & (lon >= -180) & (lon <= 180))
    if bad.any():
        i = int(np.argmax(bad))
        raise LogError(
            f"a track point has an impossible position (lat={shown(lat_text[i])}, "
            f"lon={shown(lon_text[i])})",
            file=name,
        )
    ele = _floats([p.findtext(ns + "ele") for p in points])
    ele[~np.isfinite(ele)] = np.nan  # an infinite elevation is no elevation
    stamps = [(p.findtext(ns + "time") or "").strip() for p in points]
    extensions = [p.find(ns + "extensions") for p in points]
    bpm = _floats([None if e is None else _extension_heart_rate(e) for e in extensions])
    bpm[~((bpm > 0) & (bpm < 300))] = np.nan
    return _Segment(lat, lon, ele, stamps, bpm)


def _extension_heart_rate(extensions) -> str | None:
    """The heart rate written in a point's <extensions> (Garmin's <gpxtpx:hr>, any version)."""
    for tag in _HR_TAGS:
        found = next(extensions.iter(tag), None)
        if found is not None:
            return found.text
    return next((e.text for e in extensions.iter() if _local(e.tag) == "hr"), None)


def _floats(texts: list[str | None]) -> np.ndarray:
    """Numbers written as text; an empty or unreadable one is NaN."""
    try:
        return np.array([t if t else "nan" for t in texts], dtype=float)
    except ValueError:
        out = np.full(len(texts), np.nan)
        for i, text in enumerate(texts):
            with contextlib.suppress(TypeError, ValueError):
                out[i] = float(text)
        return out


def _point_times(stamps: list[str], name: str) -> tuple[np.ndarray, np.ndarray]:
    """Each point's time in UTC seconds since 1970 (NaN for none) and its calendar day as
    written, all checked at once; a time without an offset is UTC (GPX says so). Plain UTC
    times (the usual 2024-05-01T07:00:00Z) are read by numpy; any other form by
    validation.iso_dates."""
    given = np.array([s != "" for s in stamps], dtype=bool)
    days = np.full(len(stamps), np.datetime64("NaT"), dtype="datetime64[D]")
    seconds = np.full(len(stamps), np.nan)
    if not given.any():
        return seconds, days
    plain = [s[:-1] if s.endswith("Z") else s for s in stamps if s]
    if _ALL_PLAIN.fullmatch("\n".join(plain) + "\n"):  # one regular expression for them all
        when = np.array(plain, dtype="datetime64[ns]")
        first, last = (np.datetime64(d, "D") for d in validation.date_bounds())
        day = when.astype("datetime64[D]")
        outside = (day < first) | (day > last)
        if outside.any():
            _outside_error(stamps, given, outside, name)
        seconds[given] = when.view(np.int64) / 1e9
        days[given] = day
        return seconds, days
    when = validation.iso_dates(pd.Series(stamps, dtype=object))
    bad = given & (~when.valid | np.isnan(when.clock))
    if bad.any():
        stamp = stamps[int(np.argmax(bad))]
        raise LogError(f"a track point's time {shown(stamp)} is not an ISO date-time", file=name)
    outside = given & ~when.in_range
    if outside.any():
        _outside_error(stamps, given, outside[given], name)
    utc = when._replace(offset=np.where(np.isnan(when.offset), 0.0, when.offset)).utc()
    ns = utc.to_numpy(dtype="datetime64[ns]").view(np.int64)
    seconds[given] = ns[given] / 1e9
    return seconds, when.day


def _outside_error(stamps: list[str], given: np.ndarray, outside: np.ndarray, name: str):
    stamp = stamps[int(np.flatnonzero(given)[np.argmax(outside)])]
    first, last = validation.date_bounds()
    raise LogError(
        f"implausible point times ({shown(stamp)} is outside {first} .. {last}): the device "
        "did not record real times",
        file=name,
    )


def track_length_m(lat: np.ndarray, lon: np.ndarray) -> float:
    """A segment's 2-D length in metres as gpxpy's ``length_2d`` measures it: a flat-earth
    distance between neighbours, haversine where they are more than 0.2 degrees apart."""
    if len(lat) < 2:
        return 0.0
    lat1, lat2, lon1, lon2 = lat[1:], lat[:-1], lon[1:], lon[:-1]
    x = lat1 - lat2
    y = (lon1 - lon2) * np.cos(np.radians(lat1))
    metres = np.sqrt(x * x + y * y) * ONE_DEGREE_M
    far = (np.abs(x) > 0.2) | (np.abs(lon1 - lon2) > 0.2)
    if far.any():
        la1, la2 = np.radians(lat1[far]), np.radians(lat2[far])
        d_lon = np.radians(lon1[far] - lon2[far])
        a = np.sin((la1 - la2) / 2) ** 2 + np.sin(d_lon / 2) ** 2 * np.cos(la1) * np.cos(la2)
        metres[far] = EARTH_RADIUS_M * 2 * np.arcsin(np.sqrt(a))
    return float(metres.sum())


def climb_m(elevation: np.ndarray) -> float:
    """A segment's climb in metres as gpxpy's ``get_uphill_downhill`` measures it: points
    without elevation left out, inner points smoothed 0.3/0.4/0.3, the rises added up."""
    ele = elevation[~np.isnan(elevation)]
    if len(ele) < 2:
        return 0.0
    smooth = ele.copy()
    smooth[1:-1] = ele[:-2] * 0.3 + ele[1:-1] * 0.4 + ele[2:] * 0.3
    rise = np.diff(smooth)
    return float(rise[rise > 0].sum())


def read_gpx(
    data: bytes, name: str, who: str, default_type: str
) -> tuple[list[dict], list[Dropped]]:
    """One activity per GPX file: its timed tracks together (untimed tracks set aside).

    Distance and climb are gpxpy's formulas (see track_length_m and climb_m), computed on the
    arrays of points; heart rate comes from Garmin's TrackPointExtension where recorded.
    """
    found, routes = _gpx_tracks(data, name)
    stamps = [s for t in found for seg in t.segments for s in seg.stamps]
    seconds, days = _point_times(stamps, name)
    timed, notes, total, with_time, any_time, at = [], [], 0, 0, 0, 0
    kept = 0
    for track in found:
        size = sum(len(seg.stamps) for seg in track.segments)
        if size == 0:
            continue
        kept += 1
        times = seconds[at : at + size]
        at += size
        known = int((~np.isnan(times)).sum())
        total += size
        any_time += known
        if known == size >= 2:
            timed.append((track, times))
            with_time += size
        else:
            notes.append(
                Dropped(
                    name,
                    None,
                    None,
                    f"track {shown(track.name)}: {size - known} of {size} points have "
                    "no time, left out",
                )
            )
    if not kept:
        what = "only a planned route" if routes else "no track points"
        raise LogError(f"{what}: a GPX activity needs a recorded track", file=name)
    if with_time * 2 < total or not timed:
        raise LogError(
            f"only {any_time} of {total} track points have a time, so the duration cannot be "
            "known (a file's own timestamp is not the activity's)",
            file=name,
        )
    first = min(float(times.min()) for _, times in timed)
    last = max(float(times.max()) for _, times in timed)
    start = pd.Timestamp(round(first * 1e6), unit="us", tz="UTC")
    if start.year < 1980 or last <= first:
        end = pd.Timestamp(round(last * 1e6), unit="us", tz="UTC")
        raise LogError(
            f"implausible point times ({start} to {end}): the device did not record real times",
            file=name,
        )
    local_day = pd.Timestamp(days[int(np.flatnonzero(seconds == first)[0])]).date()
    km = sum(track_length_m(s.lat, s.lon) for t, _ in timed for s in t.segments) / 1000
    gain = sum(climb_m(s.ele) for t, _ in timed for s in t.segments)
    kind = next((t.kind for t, _ in timed if t.kind), None) or default_type
    minutes = (last - first) / 60
    heart = heart_rate.from_samples(
        np.concatenate([times for _, times in timed]),
        np.concatenate([np.concatenate([s.bpm for s in t.segments]) for t, _ in timed]),
    )
    row = _activity(who, start, local_day, kind, km, minutes, gain, name, heart=heart)
    return [row], notes


# --------------------------------------------------------------------------- TCX


def read_tcx(
    data: bytes, name: str, who: str, default_type: str
) -> tuple[list[dict], list[Dropped]]:
    """One row per <Activity> of a Garmin TCX file: its laps' time and distance added up; the
    start is the activity's <Id>, or its first lap's StartTime; heart rate from the track
    points (or the laps' averages and maxima where the points have none)."""
    root = _xml_root(data, name, "TCX")
    ns = root.tag[: root.tag.index("}") + 1] if str(root.tag).startswith("{") else ""
    activities = list(root.iter(ns + "Activity"))
    if not activities:
        raise LogError("no <Activity> in this TCX file", file=name)
    rows = []
    for act in activities:
        laps = [e for e in act if _local(e.tag) == "Lap"]
        if not laps:
            raise LogError("an activity without laps: nothing to measure", file=name)
        try:
            seconds = sum(float(_child_text(lap, "TotalTimeSeconds")) for lap in laps)
        except (TypeError, ValueError):
            raise LogError(
                "a lap without a readable <TotalTimeSeconds>: its time cannot be known", file=name
            ) from None
        distances = [_child_text(lap, "DistanceMeters") for lap in laps]
        try:
            metres = (
                math.nan
                if all(d is None for d in distances)
                else sum(float(d) for d in distances if d is not None)
            )
        except ValueError:
            raise LogError("a lap's <DistanceMeters> is not a number", file=name) from None
        doubt = None if all(d is None for d in distances) else _distance_doubt(metres)
        if not math.isfinite(seconds) or seconds < 0:
            doubt = doubt or f"a lap's time is not a duration ({seconds:g} s)"
        ident = _child_text(act, "Id") or laps[0].get("StartTime")
        if not ident:
            raise LogError(
                "an activity with neither an <Id> nor a lap StartTime: no start time", file=name
            )
        start, day, date_doubt = _when(ident, name, "start time")
        sport = (act.get("Sport") or "other").strip().lower()[:MAX_TEXT]
        kind = {"running": "run", "biking": "ride"}.get(sport, sport or "other")
        km = metres / 1000 if doubt is None else 0.0
        rows.append(
            _activity(
                who,
                start,
                day,
                kind,
                km,
                seconds / 60 if doubt is None else 0.0,
                None,
                name,
                date_doubt or doubt,
                heart=None if doubt else _tcx_heart_rate(laps, ns, name),
            )
        )
    return rows, []


def _tcx_heart_rate(laps: list, ns: str, name: str) -> heart_rate.HeartRate | None:
    """An activity's heart rate from its track points, else from its laps' summaries."""
    points = [p for lap in laps for p in lap.iter(ns + "Trackpoint")]
    beats = [p.find(ns + "HeartRateBpm") for p in points]
    bpm = _floats([None if b is None else b.findtext(ns + "Value") for b in beats])
    if points and np.isfinite(bpm).any():
        stamps = [(p.findtext(ns + "Time") or "").strip() for p in points]
        seconds, _ = _point_times(stamps, name)
        heart = heart_rate.from_samples(seconds, bpm)
        if heart is not None:
            return heart
    summary = []
    for lap in laps:
        lap_s = _floats([_child_text(lap, "TotalTimeSeconds")])[0]
        average = _floats([lap.findtext(f"{ns}AverageHeartRateBpm/{ns}Value")])[0]
        highest = _floats([lap.findtext(f"{ns}MaximumHeartRateBpm/{ns}Value")])[0]
        if _bpm_ok(average) and _bpm_ok(highest) and lap_s > 0:
            summary.append((lap_s, average, highest))
    if not summary:
        return None
    total = sum(s for s, _, _ in summary)
    average = sum(s * a for s, a, _ in summary) / total
    return heart_rate.HeartRate(average, max(h for _, _, h in summary), ())


def _bpm_ok(value: object) -> bool:
    """Whether a device's summary heart rate is one (20 to 250 bpm: 0 is "none recorded")."""
    return isinstance(value, int | float) and 20 <= value <= 250


# --------------------------------------------------------------------------- FIT

FIT_SPORTS = {"running": "run", "cycling": "ride", "walking": "walk"}


def _sport_name(number: int | None) -> str:
    """A FIT sport's name as read_log writes it (the profile's name; run, ride, walk)."""
    from garmin_fit_sdk import Profile

    text = str(Profile["types"]["sport"].get(number, number))
    return FIT_SPORTS.get(text, text[:MAX_TEXT])


def read_fit(
    data: bytes, name: str, who: str, default_type: str
) -> tuple[list[dict], list[Dropped]]:
    """One row per session of a FIT activity file (fit_decode reads it; Garmin's SDK names the
    sports); heart rate from the records, average and maximum as the session gives them."""
    try:
        fit = fit_decode.decode(data)
    except fit_decode.FitError as exc:
        if len(data) < 12 or data[8:12] != b".FIT":
            raise LogError("not a FIT file (bad header)", file=name) from None
        raise LogError(f"broken FIT file, not read: {exc}", file=name) from None
    if not fit.sessions:
        raise LogError("no session in this FIT file (not an activity)", file=name)
    times = np.asarray(fit.times, dtype=float) + fit_decode.FIT_EPOCH_S
    bpm = np.array([np.nan if b is None else b for b in fit.heart_rates], dtype=float)
    rows = []
    for s in fit.sessions:
        seconds = s.get("total_timer_time") or s.get("total_elapsed_time")
        if "start_time" not in s or not isinstance(seconds, int | float):
            raise LogError("a session without start time or duration", file=name)
        kind = _sport_name(s.get("sport"))
        metres = s.get("total_distance")
        metres = math.nan if metres is None else float(metres)
        doubt = None if s.get("total_distance") is None else _distance_doubt(metres)
        stamp = dt.datetime.fromtimestamp(s["start_time"], dt.UTC)
        first, last = validation.date_bounds()
        if not first <= stamp.date() <= last:
            doubt = f"start time {stamp.date()} is outside {first} .. {last}"
            rows.append(_activity(who, None, first, kind, 0.0, 0.0, None, name, doubt))
            continue
        start = pd.Timestamp(stamp).tz_convert("UTC")
        gain = s.get("total_ascent")
        end = s.get("timestamp", s["start_time"] + s.get("total_elapsed_time", seconds))
        inside = (times >= s["start_time"]) & (times <= end)
        heart = heart_rate.from_samples(times[inside], bpm[inside])
        summary = _bpm_ok(s.get("avg_heart_rate")) and _bpm_ok(s.get("max_heart_rate"))
        if heart is not None and summary:
            heart = heart._replace(average=s["avg_heart_rate"], maximum=s["max_heart_rate"])
        elif heart is None and summary:
            heart = heart_rate.HeartRate(s["avg_heart_rate"], s["max_heart_rate"], ())
        rows.append(
            _activity(
                who,
                start,
                start.date(),
                kind,
                0.0 if doubt else metres / 1000,
                0.0 if doubt else seconds / 60,
                gain if isinstance(gain, int | float) else None,
                name,
                doubt,
                heart=None if doubt else heart,
            )
        )
    return rows, []
