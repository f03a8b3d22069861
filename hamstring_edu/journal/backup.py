"""The journal's backup: ``export`` writes every table as CSV and JSON files a coach can keep
(with a manifest of row counts and checksums); ``restore`` checks such a folder and writes it
back into a new journal file."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import sqlite3
import tempfile
import zipfile
from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any, Self

from hamstring_edu.errors import JournalError, brief
from hamstring_edu.journal import migrations, values
from hamstring_edu.journal.store import Store
from hamstring_edu.wording import say

EXPORT_FORMAT = "hamstring-edu-journal"
MAX_MEMBER_BYTES = 256 * 2**20  # one file of an export's zip, inflated (a team's years of runs)

# The export: one file per table, in the journal's own column names and text forms, so a restore
# writes back exactly what was read. (column, kind): kind is text, int, float, or None-able "?".
_EXPORT_TABLES: dict[str, tuple[tuple[str, str], ...]] = {
    "athletes": (
        ("athlete_id", "int"),
        ("athlete", "text"),
        ("team", "text"),
        ("added_at", "time"),
    ),
    "imports": (
        ("import_id", "int"),
        ("imported_at", "time"),
        ("source", "text"),
        ("activities_added", "int"),
        ("activities_skipped", "int"),
    ),
    "activities": (
        ("activity_id", "int"),
        ("athlete", "text"),
        ("import_id", "int"),
        ("date", "day"),
        ("start_time", "time?"),
        ("activity_type", "text"),
        ("is_running", "int"),
        ("distance_km", "float"),
        ("duration_min", "float"),
        ("rpe", "float?"),
        ("elevation_gain_m", "float?"),
        ("source", "text"),
        ("occurrence", "int"),
        ("avg_hr", "float?"),
        ("max_hr", "float?"),
        ("hr_seconds", "json?"),
    ),
    "diary": (
        ("entry_id", "int"),
        ("athlete", "text"),
        ("date", "day"),
        ("leg", "text"),
        ("place", "text"),
        ("pain", "int"),
        ("timing", "text"),
        ("stopped", "text"),
        ("sitting_worse", "int?"),
        ("note", "text"),
        ("flag_check_due", "int"),
        ("flag_answers", "any_json?"),
        ("level", "text?"),
        ("raised", "any_json?"),
        ("limits", "any_json?"),
        ("recorded_at", "time"),
    ),
    "rtr_ticks": (
        ("tick_id", "int"),
        ("athlete", "text"),
        ("criterion", "text"),
        ("met", "int"),
        ("ticked_by", "text"),
        ("date", "day"),
        ("recorded_at", "time"),
    ),
    "checkins": (
        ("checkin_id", "int"),
        ("athlete", "text"),
        ("date", "day"),
        ("leg", "text"),
        ("location", "text"),
        ("rating", "int"),
        ("note", "text"),
        ("recorded_at", "time"),
    ),
}
_SELECT = {
    "athletes": "SELECT athlete_id, name, team, added_at FROM athletes ORDER BY athlete_id",
    "imports": "SELECT import_id, imported_at, source, activities_added, activities_skipped "
    "FROM imports ORDER BY import_id",
    "activities": "SELECT activity_id, a.name, import_id, day, start_time, activity_type, "
    "is_running, distance_km, duration_min, rpe, elevation_gain_m, source, occurrence, "
    "avg_hr, max_hr, hr_seconds FROM activities JOIN athletes a USING (athlete_id) "
    "ORDER BY activity_id",
    "diary": "SELECT entry_id, a.name, day, leg, place, pain, timing, stopped, sitting_worse, "
    "note, flag_check_due, flag_answers, level, raised, limits, recorded_at "
    "FROM diary JOIN athletes a USING (athlete_id) ORDER BY entry_id",
    "rtr_ticks": "SELECT tick_id, a.name, criterion, met, ticked_by, day, recorded_at "
    "FROM rtr_ticks JOIN athletes a USING (athlete_id) ORDER BY tick_id",
    "checkins": "SELECT checkin_id, a.name, day, leg, location, rating, note, recorded_at "
    "FROM checkins JOIN athletes a USING (athlete_id) ORDER BY checkin_id",
    "assessments": "SELECT assessment_id, a.name, day, level, content_version, answers, result, "
    "saved_at FROM assessments JOIN athletes a USING (athlete_id) ORDER BY assessment_id",
}
# the words for a kind of value, in data/text/journal.toml (a restore names the one it expected)
_KIND_TEXTS = {
    "int": "journal.kind_int",
    "float": "journal.kind_float",
    "day": "journal.kind_day",
    "time": "journal.kind_time",
    "text": "journal.kind_text",
    "json": "journal.kind_json",
    "any_json": "journal.kind_any_json",
}
# tables an export of an older schema does not have: they restore empty
_ADDED_IN_3 = ("diary", "rtr_ticks")
# an export of schema 1 (before heart rate) restores too: its activities lack these columns
_ADDED_IN_2 = ("avg_hr", "max_hr", "hr_seconds")


class Backup(Store):
    """The export and restore methods of :class:`~hamstring_edu.journal.Journal`."""

    def export(self, folder: str | Path, *, athlete: str | None = None) -> Path:
        """Write the whole journal as files a coach can keep and read: athletes.csv,
        imports.csv, activities.csv, checkins.csv, assessments.json and manifest.json (written
        last, with row counts and checksums). Files are owner-only; returns the folder.
        ``athlete``: only that athlete's rows (and the imports they came from), for example a
        runner's own diary to open in the athlete app."""
        folder = Path(folder).expanduser()
        try:
            folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        except OSError as exc:
            raise JournalError(f"cannot create the export folder ({exc})", file=folder) from None
        db = self._db
        try:
            db.execute("BEGIN")  # one snapshot of every table
            tables = {name: db.execute(sql).fetchall() for name, sql in _SELECT.items()}
            version = db.execute("PRAGMA user_version").fetchone()[0]
            db.execute("COMMIT")
        except sqlite3.Error as exc:
            if db.in_transaction:
                db.execute("ROLLBACK")
            raise self._error(exc) from None
        if athlete is not None:
            tables = _one_athletes(tables, athlete)
        files = {}
        for name, columns in _EXPORT_TABLES.items():
            files[f"{name}.csv"] = (_csv_bytes(columns, tables[name]), len(tables[name]))
        assessments = [
            {
                "assessment_id": i,
                "athlete": who,
                "date": day,
                "level": level,
                "content_version": version_,
                "answers": json.loads(answers),
                "result": json.loads(result),
                "saved_at": saved,
            }
            for i, who, day, level, version_, answers, result, saved in tables["assessments"]
        ]
        body = json.dumps(assessments, indent=1, ensure_ascii=False).encode()
        files["assessments.json"] = (body, len(assessments))
        for name, (data, _) in files.items():
            _write_private(folder / name, data)
        from hamstring_edu import __version__

        manifest = {
            "format": EXPORT_FORMAT,
            "schema_version": version,
            "package_version": __version__,
            "exported_at": values._now(),
            "files": {
                name: {"rows": rows, "sha256": hashlib.sha256(data).hexdigest()}
                for name, (data, rows) in files.items()
            },
        }
        _write_private(folder / "manifest.json", json.dumps(manifest, indent=1).encode())
        return folder

    @classmethod
    def restore(cls, folder: str | Path, path: str | Path, *, timeout: float = 5.0) -> Self:
        """A new journal file at ``path`` holding exactly what ``export`` wrote to ``folder``.

        The export is checked first (format, schema, row counts, checksums, every value); a
        problem raises JournalError and leaves no file behind. ``path`` must not exist yet.
        """
        folder, target = Path(folder).expanduser(), Path(path).expanduser()
        tables, assessments = _read_export(folder)
        if target.exists():
            raise JournalError(
                "this file already exists: restore into a new file (a journal is never "
                "overwritten)",
                file=target,
            )
        journal = cls(target, timeout=timeout)
        try:
            with journal._writing() as db:
                db.executemany(
                    "INSERT INTO athletes(athlete_id, name, team, added_at) VALUES (?, ?, ?, ?)",
                    tables["athletes"],
                )
                ids = {name: i for i, name, _, _ in tables["athletes"]}
                db.executemany(
                    "INSERT INTO imports(import_id, imported_at, source, activities_added, "
                    "activities_skipped) VALUES (?, ?, ?, ?, ?)",
                    tables["imports"],
                )
                db.executemany(
                    "INSERT INTO activities(activity_id, athlete_id, import_id, day, start_time, "
                    "activity_type, is_running, distance_km, duration_min, rpe, "
                    "elevation_gain_m, source, occurrence, avg_hr, max_hr, hr_seconds) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        (r[0], _known(ids, r[1], "activities.csv"), *r[2:])
                        for r in tables["activities"]
                    ),
                )
                db.executemany(
                    "INSERT INTO diary(entry_id, athlete_id, day, leg, place, pain, timing, "
                    "stopped, sitting_worse, note, flag_check_due, flag_answers, level, raised, "
                    "limits, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    ((r[0], _known(ids, r[1], "diary.csv"), *r[2:]) for r in tables["diary"]),
                )
                db.executemany(
                    "INSERT INTO rtr_ticks(tick_id, athlete_id, criterion, met, ticked_by, day, "
                    "recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    (
                        (r[0], _known(ids, r[1], "rtr_ticks.csv"), *r[2:])
                        for r in tables["rtr_ticks"]
                    ),
                )
                db.executemany(
                    "INSERT INTO checkins(checkin_id, athlete_id, day, leg, location, rating, "
                    "note, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    ((r[0], _known(ids, r[1], "checkins.csv"), *r[2:]) for r in tables["checkins"]),
                )
                db.executemany(
                    "INSERT INTO assessments(assessment_id, athlete_id, day, level, "
                    "content_version, answers, result, saved_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    ((r[0], _known(ids, r[1], "assessments.json"), *r[2:]) for r in assessments),
                )
        except BaseException:
            journal.close()
            for suffix in ("", "-wal", "-shm"):
                Path(f"{target}{suffix}").unlink(missing_ok=True)
            raise
        return journal

    def export_zip(self, *, athlete: str | None = None) -> bytes:
        """The export as one zip file (its files flat, in a fixed order): what an app offers
        as a download, and what ``restore_zip`` takes back (``athlete``: as in ``export``)."""
        buffer = io.BytesIO()
        with tempfile.TemporaryDirectory(prefix="hamstring-export-") as temp:
            folder = self.export(Path(temp) / "export", athlete=athlete)
            with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
                for name in sorted(p.name for p in folder.iterdir()):
                    info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
                    info.compress_type = zipfile.ZIP_DEFLATED
                    archive.writestr(info, (folder / name).read_bytes())
        return buffer.getvalue()

    @classmethod
    def restore_zip(
        cls, data: bytes, path: str | Path, *, name: str = "journal.zip", timeout: float = 5.0
    ) -> Self:
        """A new journal file at ``path`` from a zip that ``export_zip`` wrote (``name``: the
        file's name, as errors say it); checked as ``restore`` checks a folder."""
        from hamstring_edu import archives
        from hamstring_edu.errors import LogError

        wanted = frozenset([*(f"{t}.csv" for t in _EXPORT_TABLES), "assessments.json"])
        try:
            members = archives.read_zip(
                name, bytes(data), wanted | {"manifest.json"}, limit=MAX_MEMBER_BYTES
            )
        except LogError as exc:
            raise JournalError(exc.message, file=name, member=exc.where.get("member")) from None
        if "manifest.json" not in members:
            raise JournalError(
                "no manifest.json in it: not a journal export (or not one this package wrote)",
                file=name,
            )
        with tempfile.TemporaryDirectory(prefix="hamstring-restore-") as temp:
            folder = Path(temp)
            for member, content in members.items():
                _write_private(folder / member, content)
            target = Path(path).expanduser()
            if target.exists():  # about the new file, not the zip: said as restore says it
                return cls.restore(folder, target, timeout=timeout)
            try:
                return cls.restore(folder, target, timeout=timeout)
            except JournalError as exc:  # every other refusal is about the zip's content
                where = dict(exc.where)
                file = Path(str(where.pop("file", "")))
                where["file"] = name
                if file.name in members:
                    where["member"] = file.name
                raise JournalError(exc.message, plain=exc.plain, **where) from None


def _one_athletes(tables: dict[str, list[tuple]], athlete: str) -> dict[str, list[tuple]]:
    """The export's tables cut to one athlete (a JournalError when the journal has none such):
    every table's rows name their athlete second; imports are kept when one of theirs is."""
    if not any(row[1] == athlete for row in tables["athletes"]):
        raise JournalError(f"unknown athlete {brief(athlete)}", field="athlete")
    cut = {
        name: [row for row in rows if row[1] == athlete]
        for name, rows in tables.items()
        if name != "imports"
    }
    used = {row[2] for row in cut["activities"]}
    cut["imports"] = [row for row in tables["imports"] if row[0] in used]
    return cut


def _write_private(path: Path, data: bytes) -> None:
    """Write a file owner-only, whole or not at all (a temporary file renamed into place)."""
    temp = path.with_name(f".{path.name}.tmp")
    try:
        fd = os.open(temp, os.O_CREAT | os.O_TRUNC | os.O_WRONLY, 0o600)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(temp, path)
    except OSError as exc:
        temp.unlink(missing_ok=True)
        raise JournalError(f"cannot write the export ({exc})", file=path) from None


def _csv_bytes(columns: Sequence[tuple[str, str]], rows: list[tuple]) -> bytes:
    """Rows as CSV (a header, NULL as an empty cell, floats as their shortest exact text)."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([c for c, _ in columns])
    for row in rows:
        writer.writerow(["" if v is None else repr(v) if isinstance(v, float) else v for v in row])
    return buffer.getvalue().encode("utf-8")


def _read_export(folder: Path) -> tuple[dict[str, list[tuple]], list[tuple]]:
    """Every table of an export folder, checked against its manifest and the value rules."""
    manifest_path = folder / "manifest.json"
    if not manifest_path.is_file():
        raise JournalError(
            "no manifest.json here: not a journal export, or an export that did not finish",
            file=folder,
        )
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise JournalError(f"manifest.json is not valid JSON ({exc})", file=folder) from None
    if not isinstance(manifest, dict) or manifest.get("format") != EXPORT_FORMAT:
        raise JournalError("manifest.json is not a hamstring-edu journal export", file=folder)
    version = manifest.get("schema_version")
    if not isinstance(version, int) or not 1 <= version <= len(migrations.MIGRATIONS):
        raise JournalError(
            f"this export has schema {version!r}; this version of hamstring-edu restores "
            f"schemas 1 to {len(migrations.MIGRATIONS)} (update the package, or restore it "
            "with the version that wrote it)",
            file=folder,
        )
    expected = manifest.get("files", {})
    if not isinstance(expected, dict) or not all(
        isinstance(v, dict) and isinstance(v.get("rows"), int) and isinstance(v.get("sha256"), str)
        for v in expected.values()
    ):
        raise JournalError(
            "manifest.json's files are not {name: {rows, sha256}}: not an export this package "
            "wrote",
            file=folder,
        )
    data = {}
    present = [t for t in _EXPORT_TABLES if not (version < 3 and t in _ADDED_IN_3)]
    for name in [f"{t}.csv" for t in present] + ["assessments.json"]:
        path = folder / name
        if not path.is_file() or name not in expected:
            raise JournalError(f"the export has no {name}", file=folder)
        data[name] = path.read_bytes()
        if hashlib.sha256(data[name]).hexdigest() != expected[name].get("sha256"):
            raise JournalError(
                "the file changed after the export (its checksum differs from manifest.json)",
                file=path,
            )
    tables = {}
    for table, columns in _EXPORT_TABLES.items():
        name = f"{table}.csv"
        if table not in present:
            tables[table] = []
            continue
        if version == 1 and table == "activities":  # no heart rate yet: none is known
            older = tuple(c for c in columns if c[0] not in _ADDED_IN_2)
            rows = _parse_csv(folder / name, data[name], older)
            tables[table] = [(*row, None, None, None) for row in rows]
            continue
        tables[table] = _parse_csv(folder / name, data[name], columns)
    _check_diary(folder, tables["diary"], tables["rtr_ticks"])
    try:
        records = json.loads(data["assessments.json"].decode("utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise JournalError(f"not valid JSON ({exc})", file=folder / "assessments.json") from None
    assessments = []
    for n, rec in enumerate(records if isinstance(records, list) else [None], start=1):
        try:
            assessments.append(
                (
                    int(rec["assessment_id"]),
                    str(rec["athlete"]),
                    _cell(str(rec["date"]), "day"),
                    _level(rec["level"]),
                    str(rec["content_version"]),
                    json.dumps(rec["answers"], ensure_ascii=False, sort_keys=True),
                    json.dumps(rec["result"], ensure_ascii=False, sort_keys=True),
                    _cell(str(rec["saved_at"]), "time"),
                )
            )
        except (KeyError, TypeError, ValueError):
            raise JournalError(
                f"entry {n} is not a saved self-assessment", file=folder / "assessments.json"
            ) from None
    tables_and_json = {**tables}
    for name, rows in [(f"{t}.csv", tables[t]) for t in present] + [
        ("assessments.json", assessments)
    ]:
        if len(rows) != expected[name].get("rows"):
            raise JournalError(
                f"{len(rows)} rows, but manifest.json says {expected[name].get('rows')}",
                file=folder / name,
            )
    return tables_and_json, assessments


def _check_diary(folder: Path, diary: list[tuple], ticks: list[tuple]) -> None:
    """The diary's and the ticks' values as the journal writes them (an edited export can hold
    a criterion, a place or an answer the package does not know)."""
    from hamstring_edu import pain_diary
    from hamstring_edu.journal.checkins import LEGS
    from hamstring_edu.recovery.stages import recovery_checklist

    known = set(recovery_checklist().index)
    for n, row in enumerate(ticks, start=2):
        if row[2] not in known:
            raise JournalError(
                f"{brief(row[2])} is not a return-to-run check",
                file=folder / "rtr_ticks.csv",
                row=n,
            )
    signs = {qid for qid, _ in pain_diary.flag_questions()}
    for n, row in enumerate(diary, start=2):
        _, _, _, leg, place, pain, timing, stopped, _, _, _, answers, _, raised, limits, _ = row
        answers, raised, limits = (
            None if v is None else json.loads(v) for v in (answers, raised, limits)
        )
        good = (
            leg in LEGS
            and place in pain_diary.places()
            and timing in pain_diary.TIMINGS
            and stopped in pain_diary.STOPPED
            and 0 <= pain <= 10
            and (answers is None or _sign_answers(answers, signs))
            and all(v is None or _texts(v) for v in (raised, limits))
        )
        if not good:
            raise JournalError(
                "a diary entry holds a value the journal never writes",
                file=folder / "diary.csv",
                row=n,
            )


def _sign_answers(value: Any, signs: set[str]) -> bool:
    return isinstance(value, dict) and all(
        k in signs and isinstance(v, bool) for k, v in value.items()
    )


def _texts(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) for v in value)


def _parse_csv(path: Path, data: bytes, columns: Sequence[tuple[str, str]]) -> list[tuple]:
    try:
        reader = csv.reader(io.StringIO(data.decode("utf-8"), newline=""))
        header = next(reader, None)
    except (UnicodeDecodeError, csv.Error) as exc:
        raise JournalError(f"not a readable CSV file ({exc})", file=path) from None
    names = [c for c, _ in columns]
    if header != names:
        raise JournalError(f"the header must be {','.join(names)}", file=path)
    rows = []
    try:
        for line, cells in enumerate(reader, start=2):
            if len(cells) != len(columns):
                raise JournalError(
                    f"{len(cells)} cells, expected {len(columns)}", file=path, line=line
                )
            row = []
            for (column, kind), cell in zip(columns, cells, strict=True):
                try:
                    row.append(_cell(cell, kind))
                except ValueError:
                    raise JournalError(
                        f"{brief(cell)} is not a valid {say(_KIND_TEXTS[kind.rstrip('?')])}",
                        file=path,
                        line=line,
                        column=column,
                    ) from None
            rows.append(tuple(row))
    except csv.Error as exc:
        raise JournalError(f"not a readable CSV file ({exc})", file=path) from None
    return rows


def _cell(text: str, kind: str) -> Any:
    if kind.endswith("?") and text == "":
        return None
    kind = kind.rstrip("?")
    if kind == "int":
        return int(text)
    if kind == "float":
        return float(text)
    if kind == "day":
        return date.fromisoformat(text).isoformat() if len(text) == 10 else _fail()
    if kind == "time":
        return text if datetime.fromisoformat(text).tzinfo is not None else _fail()
    if kind == "json":
        return text if _heart_rate_pairs(text) else _fail()
    if kind == "any_json":
        json.loads(text)  # a JSONDecodeError is a ValueError: named as not a JSON value
        return text
    return text


def _heart_rate_pairs(text: str) -> bool:
    """Whether ``text`` is JSON [[bpm, seconds], ...] (an activity's time at each heart rate)."""
    try:
        pairs = json.loads(text)
    except json.JSONDecodeError:
        return False
    return isinstance(pairs, list) and all(
        isinstance(p, list)
        and len(p) == 2
        and all(isinstance(v, int | float) and not isinstance(v, bool) and v >= 0 for v in p)
        for p in pairs
    )


def _fail() -> Any:
    raise ValueError


def _level(value: Any) -> str | None:
    if value is None or isinstance(value, str):
        return value
    raise ValueError


def _known(ids: dict[str, int], name: str, file: str) -> int:
    if name not in ids:
        raise JournalError(f"athlete {brief(name)} is not in athletes.csv", file=file)
    return ids[name]
