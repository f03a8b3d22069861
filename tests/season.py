"""A season of made activity files (GPX, TCX, FIT), and account archives laid out as Strava's
and Garmin's are, for the archive tests and benchmarks/bench_archives.py.

Every file here is made by this module, each time it runs: nobody recorded these runs. The
shapes follow the formats' own documents (GPX 1.1 with Garmin's TrackPointExtension for heart
rate, TCX 2 with its Track and HeartRateBpm, FIT written by Garmin's own SDK encoder) and
Strava's documented export layout (``activities.csv`` with ``Filename`` pointing into an
``activities/`` folder of compressed files).
"""

from __future__ import annotations

import csv
import datetime as dt
import gzip
import io
import math
import zipfile

START = dt.datetime(2024, 1, 1, 6, 30, tzinfo=dt.UTC)
FORMATS = ("gpx", "fit", "tcx")


def samples(day: int, points: int = 300, step_s: int = 1) -> list[tuple]:
    """(seconds, lat, lon, elevation m, heart rate bpm, distance m) of one made run."""
    out, metres = [], 0.0
    lat0, lon0 = 46.05 + 0.001 * (day % 7), 14.50
    for i in range(points):
        lat = lat0 + 0.00002 * i
        lon = lon0 + 0.00001 * math.sin(i / 40)
        if i:
            p = out[-1]
            dy = (lat - p[1]) * 111_195.0
            dx = (lon - p[2]) * 111_195.0 * math.cos(math.radians(lat))
            metres += math.hypot(dx, dy)
        ele = 300 + 15 * math.sin(i / 60 + day)
        hr = 118 + int(40 * math.sin(math.pi * i / points) ** 2) + day % 5
        out.append((i * step_s, lat, lon, round(ele, 1), hr, metres))
    return out


def _iso(t: dt.datetime) -> str:
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


def gpx(day: int, points: int = 300, *, heart_rate: bool = True) -> bytes:
    """One made run as GPX 1.1 (heart rate in Garmin's TrackPointExtension)."""
    start = START + dt.timedelta(days=day)
    parts = [
        '<?xml version="1.0" encoding="UTF-8"?>\n<gpx version="1.1" creator="tests/season.py" '
        'xmlns="http://www.topografix.com/GPX/1/1" '
        'xmlns:gpxtpx="http://www.garmin.com/xmlschemas/TrackPointExtension/v1">'
        "<trk><name>Made run</name><type>running</type><trkseg>"
    ]
    for s, lat, lon, ele, hr, _ in samples(day, points):
        extension = (
            "<extensions><gpxtpx:TrackPointExtension><gpxtpx:hr>"
            f"{hr}</gpxtpx:hr></gpxtpx:TrackPointExtension></extensions>"
            if heart_rate
            else ""
        )
        parts.append(
            f'<trkpt lat="{lat:.7f}" lon="{lon:.7f}"><ele>{ele}</ele>'
            f"<time>{_iso(start + dt.timedelta(seconds=s))}</time>{extension}</trkpt>"
        )
    parts.append("</trkseg></trk></gpx>\n")
    return "".join(parts).encode()


def tcx(day: int, points: int = 300) -> bytes:
    """One made run as TCX (one lap, its track points with heart rate)."""
    start = START + dt.timedelta(days=day)
    rows = samples(day, points)
    seconds, metres = rows[-1][0], rows[-1][5]
    hrs = [r[4] for r in rows]
    track = "".join(
        f"<Trackpoint><Time>{_iso(start + dt.timedelta(seconds=s))}</Time><Position>"
        f"<LatitudeDegrees>{lat:.7f}</LatitudeDegrees><LongitudeDegrees>{lon:.7f}"
        f"</LongitudeDegrees></Position><AltitudeMeters>{ele}</AltitudeMeters>"
        f"<DistanceMeters>{m:.2f}</DistanceMeters><HeartRateBpm><Value>{hr}</Value>"
        "</HeartRateBpm></Trackpoint>"
        for s, lat, lon, ele, hr, m in rows
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<TrainingCenterDatabase '
        'xmlns="http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2">'
        f'<Activities><Activity Sport="Running"><Id>{_iso(start)}</Id>'
        f'<Lap StartTime="{_iso(start)}"><TotalTimeSeconds>{seconds}</TotalTimeSeconds>'
        f"<DistanceMeters>{metres:.2f}</DistanceMeters>"
        f"<AverageHeartRateBpm><Value>{round(sum(hrs) / len(hrs))}</Value></AverageHeartRateBpm>"
        f"<MaximumHeartRateBpm><Value>{max(hrs)}</Value></MaximumHeartRateBpm>"
        f"<Intensity>Active</Intensity><TriggerMethod>Manual</TriggerMethod><Track>{track}"
        "</Track></Lap></Activity></Activities></TrainingCenterDatabase>\n"
    ).encode()


def fit(day: int, points: int = 300) -> bytes:
    """One made run as a FIT activity file, written by Garmin's SDK encoder."""
    return fit_from_samples(START + dt.timedelta(days=day), samples(day, points))


def fit_from_samples(start: dt.datetime, rows: list[tuple]) -> bytes:
    """A FIT activity file of one run from its samples (seconds, lat, lon, elevation, bpm,
    metres; lat and lon may be None): file id, records, a lap, the session and the activity."""
    from garmin_fit_sdk import Encoder, Profile

    num = Profile["mesg_num"]
    semi = 2**31 / 180
    enc = Encoder()
    enc.on_mesg(
        num["FILE_ID"],
        {"type": "activity", "manufacturer": "development", "product": 1, "time_created": start},
    )
    for s, lat, lon, ele, hr, m in rows:
        record = {
            "timestamp": start + dt.timedelta(seconds=s),
            "distance": m,
            "enhanced_altitude": ele,
            "heart_rate": hr,
        }
        if lat is not None:
            record["position_lat"] = round(lat * semi)
            record["position_long"] = round(lon * semi)
        enc.on_mesg(num["RECORD"], record)
    seconds, metres = rows[-1][0], rows[-1][5]
    hrs = [r[4] for r in rows]
    end = start + dt.timedelta(seconds=seconds)
    summary = {
        "timestamp": end,
        "start_time": start,
        "total_elapsed_time": seconds,
        "total_timer_time": seconds,
        "total_distance": metres,
        "avg_heart_rate": round(sum(hrs) / len(hrs)),
        "max_heart_rate": max(hrs),
        "sport": "running",
    }
    enc.on_mesg(num["LAP"], {**summary, "event": "lap", "event_type": "stop"})
    enc.on_mesg(num["SESSION"], {**summary, "event": "session", "event_type": "stop"})
    enc.on_mesg(
        num["ACTIVITY"],
        {"timestamp": end, "num_sessions": 1, "type": "manual", "event": "activity"},
    )
    return bytes(enc.close())


MAKERS = {"gpx": gpx, "fit": fit, "tcx": tcx}


def season(days: int = 365, points: int = 300) -> list[tuple[str, bytes]]:
    """(name, uncompressed bytes) of ``days`` daily runs, GPX, FIT and TCX in turn."""
    out = []
    for day in range(days):
        kind = FORMATS[day % 3]
        out.append((f"{1000 + day}.{kind}", MAKERS[kind](day, points)))
    return out


def strava_archive(files: list[tuple[str, bytes]], *, rows: list[dict] | None = None) -> bytes:
    """A zip laid out like Strava's account export: activities.csv and activities/*.gz."""
    buffer = io.BytesIO()
    header = [
        "Activity ID", "Activity Date", "Activity Name", "Activity Type", "Activity Description",
        "Elapsed Time", "Distance", "Max Heart Rate", "Relative Effort", "Commute",
        "Filename", "Moving Time", "Distance", "Average Heart Rate", "Perceived Exertion",
    ]  # fmt: skip
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        table = io.StringIO()
        writer = csv.writer(table)
        writer.writerow(header)
        for n, (name, data) in enumerate(files):
            day = int(name.split(".")[0]) - 1000 if name.split(".")[0].isdigit() else n
            inner = f"activities/{name}.gz"
            archive.writestr(inner, gzip.compress(data, mtime=0))
            when = START + dt.timedelta(days=day)
            row = {
                "Activity ID": str(name.split(".")[0]),
                "Activity Date": when.strftime("%b %-d, %Y, %-I:%M:%S %p"),
                "Activity Name": f"Morning run {n + 1}",
                "Activity Type": "Run",
                "Elapsed Time": "299",
                "Distance": "0.67",
                "Filename": inner,
                "Moving Time": "299",
                "Distance.1": "670.0",
                "Average Heart Rate": "140",
                "Max Heart Rate": "160",
                "Perceived Exertion": str(3 + n % 5),
            }
            if rows and n < len(rows):
                row.update(rows[n])
            writer.writerow(
                [row.get(h if i != 12 else "Distance.1", "") for i, h in enumerate(header)]
            )
        archive.writestr("activities.csv", table.getvalue())
        archive.writestr("profile.csv", "Athlete ID,First Name\n1,Made\n")
    return buffer.getvalue()


def garmin_archive(files: list[tuple[str, bytes]]) -> bytes:
    """A zip of FIT files as Garmin Connect's export holds them (uncompressed, in a folder)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files:
            archive.writestr(f"DI_CONNECT/DI-Connect-Uploaded-Files/{name}", data)
    return buffer.getvalue()
