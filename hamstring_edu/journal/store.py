"""The journal's file and its connection: opening it (owner-only, WAL, foreign keys, the schema
brought up to date), one write transaction at a time, a busy or damaged file in the package's
words, and the filters every read shares."""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, Self

import pandas as pd

from hamstring_edu.errors import JournalBusyError, JournalError, brief
from hamstring_edu.journal import migrations
from hamstring_edu.journal.migrations import APPLICATION_ID, known_version, migrate


def default_path() -> Path:
    """Where ``Journal()`` keeps its file: the user's data folder, never inside a project."""
    import platformdirs

    return Path(platformdirs.user_data_dir("hamstring-edu", appauthor=False)) / "journal.sqlite3"


class Store:
    """The connection to one journal file: the base of :class:`~hamstring_edu.journal.Journal`
    (see its parameters), which adds the methods of each subject."""

    def __init__(self, path: str | Path | None = None, *, timeout: float = 5.0) -> None:
        self.path = Path(path).expanduser() if path is not None else default_path()
        if isinstance(timeout, bool) or not isinstance(timeout, int | float) or timeout < 0:
            raise JournalError(f"timeout must be a number of seconds >= 0, got {timeout!r}")
        self.timeout = float(timeout)
        _create_private(self.path)
        try:
            self._db = sqlite3.connect(
                self.path, timeout=self.timeout, isolation_level=None, check_same_thread=False
            )
        except sqlite3.Error as exc:
            raise JournalError(f"cannot open the journal ({exc})", file=self.path) from None
        try:
            self._setup()
        except BaseException:
            self._db.close()
            raise

    def _setup(self) -> None:
        db = self._db
        try:
            db.execute(f"PRAGMA busy_timeout = {int(self.timeout * 1000)}")
            db.execute("PRAGMA foreign_keys = ON")
            db.execute("PRAGMA synchronous = FULL")
            db.execute("PRAGMA cache_size = -32000")  # 32 MB: big imports touch many pages
            app = db.execute("PRAGMA application_id").fetchone()[0]
            tables = db.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
        except sqlite3.DatabaseError as exc:
            raise self._error(exc) from None
        if app != APPLICATION_ID and (app != 0 or tables):
            raise JournalError(
                "this SQLite file is not a hamstring-edu journal; choose another file",
                file=self.path,
            )
        try:
            mode = db.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        except sqlite3.DatabaseError as exc:
            raise self._error(exc) from None
        self.journal_mode = str(mode).lower()
        self._migrate()

    def _migrate(self) -> None:
        if self.schema_version == len(migrations.MIGRATIONS):
            return
        with self._writing() as db:
            migrate(db, self.path)

    @property
    def schema_version(self) -> int:
        """The schema version stored in the file (``PRAGMA user_version``)."""
        return known_version(self._db.execute("PRAGMA user_version").fetchone()[0], self.path)

    def close(self) -> None:
        """Close the file (the journal cannot be used afterwards)."""
        self._db.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Journal({str(self.path)!r})"

    def _error(self, exc: sqlite3.Error) -> JournalError:
        """An sqlite3 error in the package's words: busy (try again) or a damaged file."""
        name = getattr(exc, "sqlite_errorname", "")
        text = str(exc)
        if name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")) or "locked" in text or "busy" in text:
            return JournalBusyError(
                "the journal is busy: another program is writing to it. Try again in a moment.",
                file=self.path,
            )
        if isinstance(exc, sqlite3.IntegrityError):
            return JournalError(f"the journal refused a value ({text})", file=self.path)
        return JournalError(f"the journal file cannot be used ({text})", file=self.path)

    @contextlib.contextmanager
    def _writing(self) -> Iterator[sqlite3.Connection]:
        """One write transaction: everything inside lands together, or nothing does."""
        db = self._db
        try:
            db.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as exc:
            raise self._error(exc) from None
        try:
            yield db
            db.execute("COMMIT")
        except BaseException as exc:
            if db.in_transaction:
                db.execute("ROLLBACK")
            if isinstance(exc, sqlite3.Error):
                raise self._error(exc) from None
            raise

    def _rows(self, sql: str, params: Sequence[Any] = ()) -> list[tuple]:
        try:
            return self._db.execute(sql, params).fetchall()
        except sqlite3.Error as exc:
            raise self._error(exc) from None


def _create_private(path: Path) -> None:
    """Create the journal file (and its folder) owner-only, if it does not exist yet."""
    if path.exists():
        if path.is_dir():
            raise JournalError("this is a folder; give a file name for the journal", file=path)
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
        os.close(fd)
    except FileExistsError:
        pass
    except OSError as exc:
        raise JournalError(f"cannot create the journal file ({exc})", file=path) from None


def _dates(days: pd.Series) -> pd.Series:
    return pd.to_datetime(days, format="%Y-%m-%d").astype("datetime64[ns]")


def _filters(athlete: str | None, team: str | None, start: Any, end: Any) -> tuple[str, list[Any]]:
    """A WHERE clause (joined with athletes as ``a``) for the common read filters."""
    clauses, params = [], []
    if athlete is not None:
        clauses.append("a.name = ?")
        params.append(athlete)
    if team is not None:
        clauses.append("a.team = ?")
        params.append(team)
    for bound, op in ((start, ">="), (end, "<=")):
        if bound is not None:
            try:
                text = pd.Timestamp(bound).strftime("%Y-%m-%d")
            except (ValueError, TypeError):
                raise JournalError(f"{brief(bound)} is not a date", field="start/end") from None
            clauses.append(f"day {op} ?")
            params.append(text)
    return (" WHERE " + " AND ".join(clauses) if clauses else ""), params
