"""Device files: one reader per format (GPX, TCX, FIT), each giving activity rows for read_log.

Each reader takes the file's bytes, its name (as the person knows it), the athlete's name and
the activity type to assume, and returns the activities it found (dicts with read_log's columns;
a doubtful one carries its reason in ``_doubt``) and what it set aside (``validation.Dropped``). A
file that cannot be read is a LogError naming the file.

XML (GPX, TCX) is parsed with defusedxml: no entity expansion, no DTD, no external references,
linear time. GPX points go from that tree straight into gpxpy's track objects, whose geometry
measures distance and climb; gpxpy's parser is not used, because it runs regular expressions
over the raw text to find namespaces that take time growing with the square of a crafted header
(a 600 KB file took 43 s).

Times: GPX and TCX times without an offset are UTC (both formats say so); an activity counts on
the calendar day of its first time as written (its own offset, or UTC). FIT stores UTC only.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import NamedTuple

import numpy as np
import pandas as pd

from hamstring_edu import validation
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
    }


def _when(
    text: str | None, name: str, what: str
) -> tuple[pd.Timestamp | None, dt.date, str | None]:
    """(UTC instant, local day, doubt) of an ISO time from a file: UTC when no offset; a date
    outside 1970 .. next year is a doubt, checked before any conversion."""
    when = validation.iso_dates(pd.Series([text or ""]))
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
    from defusedxml import ElementTree
    from defusedxml.common import DefusedXmlException

    try:
        return ElementTree.fromstring(data)
    except DefusedXmlException as exc:
        raise LogError(
            f"refused: the file declares entities or a DTD ({type(exc).__name__}), which no "
            f"device writes in a {kind} file",
            file=name,
        ) from None
    except (ElementTree.ParseError, ValueError, LookupError) as exc:
        raise LogError(f"not a readable {kind} file ({shown(str(exc), 100)})", file=name) from None


def _local(tag: object) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _child_text(element, tag: str) -> str | None:
    for child in element:
        if _local(child.tag) == tag:
            return (child.text or "").strip()
    return None


# --------------------------------------------------------------------------- GPX


def _gpx_tracks(data: bytes, name: str) -> tuple[list[_Track], int]:
    """The tracks of a GPX file from its defusedxml tree, and the number of routes.

    Positions must be real (latitude -90..90, longitude -180..180); an unreadable elevation is
    no elevation; names and types are cut to 200 characters.
    """
    root = _xml_root(data, name, "GPX")
    if _local(root.tag) != "gpx":
        raise LogError(
            f"not a GPX file (its root element is <{shown(_local(root.tag))}>)", file=name
        )
    tracks, routes, count = [], 0, 0
    for element in root:
        tag = _local(element.tag)
        routes += tag == "rte"
        if tag != "trk":
            continue
        track = _Track((_child_text(element, "name") or "")[:MAX_TEXT], [], [])
        kind = _child_text(element, "type")
        track.kind.append((kind or "")[:MAX_TEXT])
        for segment in element:
            if _local(segment.tag) != "trkseg":
                continue
            points = []
            for point in segment:
                if _local(point.tag) != "trkpt":
                    continue
                count += 1
                if count > MAX_POINTS:
                    raise LogError(
                        f"more than {MAX_POINTS:,} track points: not an activity file", file=name
                    )
                points.append(_point(point, name))
            track.segments.append(points)
        tracks.append(track)
    return tracks, routes


class _Track(NamedTuple):
    name: str
    kind: list[str]  # one entry: the track's <type> ('' if none)
    segments: list[list[tuple[float, float, float | None, str]]]


def _point(point, name: str) -> tuple[float, float, float | None, str]:
    """(lat, lon, elevation or None, time text) of a <trkpt>, its position checked."""
    try:
        lat, lon = float(point.get("lat", "")), float(point.get("lon", ""))
    except ValueError:
        lat = lon = math.nan
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise LogError(
            f"a track point has an impossible position (lat={shown(point.get('lat'))}, "
            f"lon={shown(point.get('lon'))})",
            file=name,
        )
    ele, stamp = None, ""
    for child in point:
        tag = _local(child.tag)
        if tag == "ele" and child.text:
            try:
                height = float(child.text)
            except ValueError:
                height = math.nan  # an unreadable elevation is no elevation
            ele = height if math.isfinite(height) else None
        elif tag == "time":
            stamp = (child.text or "").strip()
    return lat, lon, ele, stamp


def _point_times(stamps: list[str], name: str) -> tuple[list[dt.datetime | None], np.ndarray]:
    """Each point's time as an aware UTC datetime (None for none) and its calendar day as
    written, all checked at once; a time without an offset is UTC (GPX says so)."""
    given = np.array([s != "" for s in stamps], dtype=bool)
    days = np.full(len(stamps), np.datetime64("NaT"), dtype="datetime64[D]")
    if not given.any():
        return [None] * len(stamps), days
    when = validation.iso_dates(pd.Series(stamps, dtype=object))
    bad = given & (~when.valid | np.isnan(when.clock))
    if bad.any():
        stamp = stamps[int(np.argmax(bad))]
        raise LogError(f"a track point's time {shown(stamp)} is not an ISO date-time", file=name)
    outside = given & ~when.in_range
    if outside.any():
        stamp = stamps[int(np.argmax(outside))]
        first, last = validation.date_bounds()
        raise LogError(
            f"implausible point times ({shown(stamp)} is outside {first} .. {last}): the device "
            "did not record real times",
            file=name,
        )
    utc = when._replace(offset=np.where(np.isnan(when.offset), 0.0, when.offset)).utc()
    times = [t.to_pydatetime() if g else None for t, g in zip(utc, given, strict=True)]
    return times, when.day


def read_gpx(
    data: bytes, name: str, who: str, default_type: str
) -> tuple[list[dict], list[Dropped]]:
    """One activity per GPX file: its timed tracks together (untimed tracks set aside).

    The file is parsed with defusedxml and its points handed to gpxpy's own track objects, whose
    geometry (length_2d, get_uphill_downhill) gives distance and climb; gpxpy's parser, which
    runs quadratic regular expressions over the raw text, is not used.
    """
    from gpxpy.gpx import GPXTrack, GPXTrackPoint, GPXTrackSegment

    found, routes = _gpx_tracks(data, name)
    stamps = [p[3] for t in found for s in t.segments for p in s]
    times, days = _point_times(stamps, name)
    tracks, i = [], 0
    for t in found:
        track = GPXTrack(name=t.name or None)
        track.type = t.kind[0] or None
        for points in t.segments:
            segment = GPXTrackSegment()
            for lat, lon, ele, _ in points:
                segment.points.append(GPXTrackPoint(lat, lon, elevation=ele, time=times[i]))
                i += 1
            track.segments.append(segment)
        tracks.append(track)
    tracks = [t for t in tracks if any(s.points for s in t.segments)]
    if not tracks:
        what = "only a planned route" if routes else "no track points"
        raise LogError(f"{what}: a GPX activity needs a recorded track", file=name)
    timed, notes, total, with_time, any_time = [], [], 0, 0, 0
    for track in tracks:
        points = [p for s in track.segments for p in s.points]
        known = [p.time for p in points if p.time is not None]
        total += len(points)
        any_time += len(known)
        if len(known) == len(points) >= 2:
            timed.append((track, min(known), max(known)))
            with_time += len(points)
        else:
            missing = len(points) - len(known)
            notes.append(
                Dropped(
                    name,
                    None,
                    None,
                    f"track {shown(track.name or '')}: {missing} of {len(points)} points have "
                    "no time, left out",
                )
            )
    if with_time * 2 < total or not timed:
        raise LogError(
            f"only {any_time} of {total} track points have a time, so the duration cannot be "
            "known (a file's own timestamp is not the activity's)",
            file=name,
        )
    first = min(t[1] for t in timed)
    last = max(t[2] for t in timed)
    if first.year < 1980 or last <= first:
        raise LogError(
            f"implausible point times ({first} to {last}): the device did not record real times",
            file=name,
        )
    local_day = pd.Timestamp(days[times.index(first)]).date()  # the day written at the start
    km = sum(t[0].length_2d() for t in timed) / 1000
    gain = sum(t[0].get_uphill_downhill()[0] for t in timed)
    kind = next((t[0].type for t in timed if t[0].type), None) or default_type
    minutes = (last - first).total_seconds() / 60
    start = pd.Timestamp(first)
    return [_activity(who, start, local_day, kind, km, minutes, gain, name)], notes


# --------------------------------------------------------------------------- TCX


def read_tcx(
    data: bytes, name: str, who: str, default_type: str
) -> tuple[list[dict], list[Dropped]]:
    """One row per <Activity> of a Garmin TCX file: its laps' time and distance added up; the
    start is the activity's <Id>, or its first lap's StartTime."""
    root = _xml_root(data, name, "TCX")
    activities = [e for e in root.iter() if _local(e.tag) == "Activity"]
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
            )
        )
    return rows, []


# --------------------------------------------------------------------------- FIT


def read_fit(
    data: bytes, name: str, who: str, default_type: str
) -> tuple[list[dict], list[Dropped]]:
    """One row per session of a FIT activity file (Garmin's SDK decodes it)."""
    from garmin_fit_sdk import Decoder, Stream

    decoder = Decoder(Stream.from_byte_array(bytearray(data)))
    if not decoder.is_fit():
        raise LogError("not a FIT file (bad header)", file=name)
    intact = Decoder(Stream.from_byte_array(bytearray(data))).check_integrity()
    messages, problems = decoder.read(convert_datetimes_to_dates=True)
    if problems:
        raise LogError(f"broken FIT file, not read: {shown(str(problems[0]), 120)}", file=name)
    if not intact:
        raise LogError("broken FIT file, not read: its size or checksum does not match", file=name)
    sessions = messages.get("session_mesgs", [])
    if not sessions:
        raise LogError("no session in this FIT file (not an activity)", file=name)
    rows = []
    for s in sessions:
        seconds = s.get("total_timer_time") or s.get("total_elapsed_time")
        stamp = s.get("start_time")
        if not isinstance(stamp, dt.datetime) or not isinstance(seconds, int | float):
            raise LogError("a session without start time or duration", file=name)
        kind = {"running": "run", "cycling": "ride", "walking": "walk"}.get(
            str(s.get("sport")), str(s.get("sport"))[:MAX_TEXT]
        )
        metres = s.get("total_distance")
        metres = math.nan if metres is None else float(metres)
        doubt = None if s.get("total_distance") is None else _distance_doubt(metres)
        if stamp.tzinfo is None:
            stamp = stamp.replace(tzinfo=dt.UTC)
        first, last = validation.date_bounds()
        if not first <= stamp.date() <= last:
            doubt = f"start time {stamp.date()} is outside {first} .. {last}"
            rows.append(_activity(who, None, first, kind, 0.0, 0.0, None, name, doubt))
            continue
        start = pd.Timestamp(stamp).tz_convert("UTC")
        gain = s.get("total_ascent")
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
            )
        )
    return rows, []
