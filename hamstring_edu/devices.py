"""Device files: one reader per format (GPX, TCX, FIT), each giving activity rows for read_log.

Each reader takes a path, the athlete's name and the activity type to assume, and returns the
activities it found (dicts with the columns of read_log) and notes on what it set aside. A file
that cannot be read is a LogError naming the file.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from hamstring_edu.errors import LogError


def _activity(
    who: str,
    start: pd.Timestamp,
    kind: str,
    km: float,
    minutes: float,
    gain: float | None,
    path: Path,
) -> dict:
    return {
        "athlete": who,
        "start_time": start,
        "date": start.tz_convert(None).normalize() if start.tzinfo else start.normalize(),
        "activity_type": kind,
        "distance_km": km,
        "duration_min": minutes,
        "elevation_gain_m": np.nan if gain is None else gain,
        "source": str(path),
        "line": None,
    }


def read_gpx(path: Path, who: str, default_type: str) -> tuple[list[dict], list[str]]:
    """One activity per GPX file: its timed tracks together (untimed tracks set aside)."""
    import gpxpy
    import gpxpy.gpx

    try:
        gpx = gpxpy.parse(path.read_bytes().decode("utf-8-sig"))
    except (gpxpy.gpx.GPXException, UnicodeDecodeError, ValueError) as exc:
        raise LogError(f"not a readable GPX file ({exc})", file=path) from None
    tracks = [t for t in gpx.tracks if any(s.points for s in t.segments)]
    if not tracks:
        what = "only a planned route" if gpx.routes else "no track points"
        raise LogError(f"{what}: a GPX activity needs a recorded track", file=path)
    timed, notes, total, with_time, any_time = [], [], 0, 0, 0
    for track in tracks:
        points = [p for s in track.segments for p in s.points]
        times = [p.time for p in points if p.time is not None]
        total += len(points)
        any_time += len(times)
        if len(times) == len(points) >= 2:
            timed.append((track, min(times), max(times)))
            with_time += len(points)
        else:
            missing = len(points) - len(times)
            notes.append(
                f"track {track.name or ''!r}: {missing} of {len(points)} points have no time, "
                "left out"
            )
    if with_time * 2 < total:
        raise LogError(
            f"only {any_time} of {total} track points have a time, so the duration cannot be "
            "known (a file's own timestamp is not the activity's)",
            file=path,
        )
    first = min(t[1] for t in timed)
    last = max(t[2] for t in timed)
    if first.year < 1980 or last <= first:
        raise LogError(
            f"implausible point times ({first} to {last}): the device did not record real times",
            file=path,
        )
    start = pd.Timestamp(first)
    start = start.tz_localize("UTC") if start.tzinfo is None else start.tz_convert("UTC")
    km = sum(t[0].length_2d() for t in timed) / 1000
    gain = sum(t[0].get_uphill_downhill()[0] for t in timed)
    kind = next((t[0].type for t in timed if t[0].type), None) or default_type
    minutes = (last - first).total_seconds() / 60
    return [_activity(who, start, kind, km, minutes, gain, path)], notes


def read_tcx(path: Path, who: str, default_type: str) -> tuple[list[dict], list[str]]:
    """One row per <Activity> of a Garmin TCX file: its laps' time and distance added up."""
    from defusedxml import ElementTree
    from defusedxml.common import DefusedXmlException

    ns = {"t": "http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2"}
    try:
        root = ElementTree.parse(path).getroot()
    except (ElementTree.ParseError, DefusedXmlException) as exc:
        raise LogError(f"not a readable TCX file ({exc})", file=path) from None
    activities = root.findall(".//t:Activities/t:Activity", ns)
    if not activities:
        raise LogError("no <Activity> in this TCX file", file=path)
    rows = []
    for act in activities:
        laps = act.findall("t:Lap", ns)
        if not laps:
            raise LogError("an activity without laps: nothing to measure", file=path)
        try:
            seconds = sum(float(lap.findtext("t:TotalTimeSeconds", namespaces=ns)) for lap in laps)
            metres = sum(
                float(lap.findtext("t:DistanceMeters", default="0", namespaces=ns)) for lap in laps
            )
            start = pd.Timestamp(act.findtext("t:Id", namespaces=ns)).tz_convert("UTC")
        except (TypeError, ValueError) as exc:
            raise LogError(f"a lap or the activity id is malformed ({exc})", file=path) from None
        sport = (act.get("Sport") or "other").lower()
        kind = {"running": "run", "biking": "ride"}.get(sport, sport)
        rows.append(_activity(who, start, kind, metres / 1000, seconds / 60, None, path))
    return rows, []


def read_fit(path: Path, who: str, default_type: str) -> tuple[list[dict], list[str]]:
    """One row per session of a FIT activity file (Garmin's SDK decodes it)."""
    from garmin_fit_sdk import Decoder, Stream

    decoder = Decoder(Stream.from_file(str(path)))
    if not decoder.is_fit():
        raise LogError("not a FIT file (bad header)", file=path)
    messages, problems = decoder.read(convert_datetimes_to_dates=True)
    if problems:
        raise LogError(f"broken FIT file, not read: {problems[0]}", file=path)
    sessions = messages.get("session_mesgs", [])
    if not sessions:
        raise LogError("no session in this FIT file (not an activity)", file=path)
    rows = []
    for s in sessions:
        seconds = s.get("total_timer_time") or s.get("total_elapsed_time")
        if s.get("start_time") is None or seconds is None:
            raise LogError("a session without start time or duration", file=path)
        kind = {"running": "run", "cycling": "ride", "walking": "walk"}.get(
            str(s.get("sport")), str(s.get("sport"))
        )
        metres = s.get("total_distance") or 0.0
        start = pd.Timestamp(s["start_time"]).tz_convert("UTC")
        rows.append(
            _activity(who, start, kind, metres / 1000, seconds / 60, s.get("total_ascent"), path)
        )
    return rows, []
