"""Compressed logs: a .zip account archive (Strava's, Garmin's, or any zip of log files) and
.gz-compressed files, opened in memory for read_log.

Nothing is written to disk: each member is inflated into memory, within limits checked before
inflating (from the archive's directory) and again while inflating (the directory may lie):

- at most ``MAX_MEMBERS`` members and ``MAX_INFLATED`` bytes inflated in all, and never more
  than ``MAX_RATIO`` times the compressed bytes read (a zip bomb inflates thousands of times);
  an activity file at most ``MAX_MEMBER`` bytes; a directory that claims more compressed bytes
  than the archive holds is refused;
- a zip inside the archive is opened once (Garmin's export nests its uploaded files in zips of
  their own), within the same budget; a zip inside that is refused, and so is a file compressed
  twice (``.gz.gz``);
- a member whose path climbs out (``../``, an absolute path, a drive letter), a symbolic link,
  two members of the same name, or an encrypted member refuses the whole archive;
- a member that is not what its name says (a ``.fit`` without the FIT mark, a ``.gz`` that is
  not gzip) is left out and listed.

A refused archive is a LogError naming the archive and the member; nothing of it is read.
"""

from __future__ import annotations

import io
import stat
import zipfile
import zlib
from pathlib import PurePosixPath
from typing import Any

from hamstring_edu.errors import LogError
from hamstring_edu.validation import Dropped, shown

MAX_MEMBERS = 20_000  # entries of the archive's directories, folders included
MAX_MEMBER = 25 * 2**20  # one file inflated, as read_log's limit for one file
MAX_INFLATED = 1024 * 2**20  # everything inflated from one upload or archive
MAX_RATIO = 200  # inflated / compressed, for any member larger than MIN_CHECKED
MIN_CHECKED = 64 * 2**10  # small members may compress more (a short, repetitive CSV)
CHUNK = 2**20
ARCHIVE_SUFFIXES = (".zip", ".gz")
LOG_SUFFIXES = (".csv", ".gpx", ".tcx", ".fit")


class BrokenFile(LogError):
    """A compressed member that cannot be inflated or is not what its name says: left out."""


class Budget:
    """What may still be inflated from one read (shared by nested archives), and the ratio of
    everything inflated to everything compressed that was read for it."""

    def __init__(self) -> None:
        self.left = MAX_INFLATED
        self.members = 0
        self.packed = 0  # compressed bytes inflated so far
        self.inflated = 0

    def take(self, size: int, packed: int, archive: str, member: str) -> None:
        """Count ``size`` bytes inflated from ``packed`` compressed ones; a LogError when the
        total is too large or has grown more than MAX_RATIO times what it came from."""
        self.left -= size
        self.packed += packed
        self.inflated += size
        if self.left < 0:
            raise LogError(
                f"more than {MAX_INFLATED // 2**20} MB once inflated: not read (a zip bomb, or "
                "an archive too large for one read; export fewer activities)",
                file=archive,
                member=member or None,
            )
        if self.inflated > MIN_CHECKED and self.inflated > MAX_RATIO * max(self.packed, 1):
            raise LogError(
                f"inflates to more than {MAX_RATIO} times its compressed size: not read (a zip "
                "bomb?)",
                file=archive,
                member=member or None,
            )


def is_archive(name: str) -> bool:
    """Whether read_log opens ``name`` as an archive (.zip) or compressed file (.gz)."""
    return name.lower().endswith(ARCHIVE_SUFFIXES)


def expand(
    name: str, data: bytes, budget: Budget, depth: int = 0
) -> tuple[list[tuple[str, bytes]], list[Dropped]]:
    """The log files inside ``data`` as (shown name, bytes), and the members left out."""
    lower = name.lower()
    if lower.endswith(".gz"):
        inner = name[:-3]
        if inner.lower().endswith(".gz"):
            raise LogError("compressed twice (.gz.gz): not read", file=name)
        if not inner.lower().endswith((*LOG_SUFFIXES, ".zip")):
            raise LogError(
                f"a compressed file of an unknown kind: name it {', '.join(LOG_SUFFIXES)} or "
                ".zip before the .gz",
                file=name,
            )
        zipped = inner.lower().endswith(".zip")
        content = gunzip(data, name, budget, limit=budget.left if zipped else MAX_MEMBER)
        if zipped:
            return _unzip(inner, content, budget, depth)
        return [(inner, content)], []
    return _unzip(name, data, budget, depth)


def gunzip(
    data: bytes, name: str, budget: Budget, member: str = "", *, limit: int = MAX_MEMBER
) -> bytes:
    """A .gz file's content, inflated chunk by chunk within the limits (``limit`` bytes: one
    activity file's, or for a compressed zip what the budget has left)."""
    if not data.startswith(b"\x1f\x8b"):
        raise BrokenFile("not a gzip file, though its name ends in .gz", file=name)
    out, rest = bytearray(), data
    try:
        while rest:
            inflater = zlib.decompressobj(wbits=31)
            while True:
                chunk = inflater.decompress(rest, CHUNK)
                _check_growth(len(out) + len(chunk), len(data), name, member, limit)
                out += chunk
                rest = inflater.unconsumed_tail
                if inflater.eof or not (chunk or rest):
                    break
            if not inflater.eof:
                raise BrokenFile("the compressed file is cut short", file=name)
            rest = inflater.unused_data  # gzip allows several members one after another
            if rest.strip(b"\x00") == b"":
                break
    except zlib.error as exc:
        raise BrokenFile(f"broken compressed data ({shown(str(exc), 80)})", file=name) from None
    budget.take(len(out), len(data), name, member)
    return bytes(out)


def _check_growth(size: int, packed: int, name: str, member: str, limit: int = MAX_MEMBER) -> None:
    """A LogError as soon as one file inflates beyond ``limit`` or MAX_RATIO times its
    compressed size (small files excepted: the whole read's ratio is the Budget's)."""
    if size > limit:
        raise LogError(
            f"larger than {limit // 2**20} MB once inflated: not read (no activity file is that "
            "large; a zip bomb?)",
            file=name,
            member=member or None,
        )
    if size > MIN_CHECKED and size > MAX_RATIO * max(packed, 1):
        raise LogError(
            f"inflates to more than {MAX_RATIO} times its compressed size: not read (a zip bomb?)",
            file=name,
            member=member or None,
        )


def _unzip(
    name: str, data: bytes, budget: Budget, depth: int
) -> tuple[list[tuple[str, bytes]], list[Dropped]]:
    archive, infos = _open_zip(name, data)
    _check_directory(name, infos, budget, len(data))
    files: list[tuple[str, bytes]] = []
    drops: list[Dropped] = []
    other: list[str] = []
    for info in infos:
        if info.is_dir():
            continue
        member = info.filename
        shown_name = f"{name}/{member}"
        lower = member.lower()
        if lower.endswith(".zip"):
            if depth >= 1:
                raise LogError(
                    "a zip inside a zip inside this archive: not read (an export nests at most "
                    "once)",
                    file=name,
                    member=member,
                )
            packed = _inflate(archive, info, name, budget, limit=budget.left)
            inner, inner_drops = _unzip(shown_name, packed, budget, 1)
            files += inner
            drops += inner_drops
            continue
        if _read_as(member) is None:
            other.append(member)
            continue
        content = _inflate(archive, info, name, budget)
        if lower.endswith(".gz"):
            try:
                content = gunzip(content, name, budget, member)
            except BrokenFile as exc:
                drops.append(Dropped(shown_name, None, None, f"left out: {exc.message}"))
                continue
            shown_name = shown_name[:-3]
        mismatch = _not_what_it_says(shown_name, content)
        if mismatch:
            drops.append(Dropped(shown_name, None, None, f"left out: {mismatch}"))
            continue
        files.append((shown_name, content))
    files, account = without_account_tables(files)
    other += [n[len(name) + 1 :] for n in account]
    if not files and not drops and not other:
        raise LogError(
            f"the archive holds no activity files ({', '.join(LOG_SUFFIXES)}, or these "
            "compressed as .gz)",
            file=name,
        )
    if other:
        kinds = sorted({PurePosixPath(m).suffix.lower() or "(no suffix)" for m in other})
        drops.append(
            Dropped(
                name,
                None,
                None,
                f"not activity logs, left out: {len(other)} "
                f"{'file' if len(other) == 1 else 'files'} "
                f"({', '.join(kinds[:8])}{', ...' if len(kinds) > 8 else ''}; "
                f"{'it is' if len(other) == 1 else 'one is'} {shown(other[0], 60)})",
            )
        )
    return files, drops


def read_zip(
    name: str, data: bytes, wanted: frozenset[str], *, limit: int = MAX_MEMBER
) -> dict[str, bytes]:
    """The members named in ``wanted`` of a zip (a journal's export, say), by name: at its top,
    or inside one folder that holds everything (a zip made of the export's folder); each at
    most ``limit`` bytes once inflated, within the same limits as a log archive. Other members
    are not inflated."""
    archive, infos = _open_zip(name, data)
    budget = Budget()
    _check_directory(name, infos, budget, len(data))
    files = [i for i in infos if not i.is_dir()]
    tops = {i.filename.split("/", 1)[0] for i in files}
    prefix = ""
    if not any(i.filename in wanted for i in files) and len(tops) == 1:
        prefix = f"{next(iter(tops))}/"
    chosen = [i for i in files if i.filename.startswith(prefix)]
    chosen = [i for i in chosen if i.filename[len(prefix) :] in wanted]
    for info in chosen:  # before inflating: what the directory says
        _check_growth(info.file_size, info.compress_size, name, info.filename, limit)
    if sum(i.file_size for i in chosen) > budget.left:
        raise LogError(
            f"its files would take more than {MAX_INFLATED // 2**20} MB once inflated: not read",
            file=name,
        )
    return {
        info.filename[len(prefix) :]: _inflate(archive, info, name, budget, limit=limit)
        for info in chosen
    }


def without_account_tables(
    files: list[tuple[str, Any]],
) -> tuple[list[tuple[str, Any]], list[str]]:
    """The files without a Strava export's account tables (profile.csv, comments.csv, ...):
    the other CSV files beside an activities.csv with Strava's own columns. Also the names
    left out. ``files`` are (name, bytes or a Path)."""
    folders = set()
    for name, item in files:
        folder, _, base = name.rpartition("/")
        if base.lower() != "activities.csv":
            continue
        try:
            head = item[:4096] if isinstance(item, bytes) else item.open("rb").read(4096)
        except OSError:
            continue
        header = head.split(b"\n", 1)[0]
        if b"Activity ID" in header and b"Activity Date" in header:
            folders.add(folder)
    if not folders:
        return files, []
    account = [
        n
        for n, _ in files
        if n.rpartition("/")[0] in folders
        and n.lower().endswith(".csv")
        and n.rpartition("/")[2].lower() != "activities.csv"
    ]
    return [(n, d) for n, d in files if n not in account], account


def _read_as(member: str) -> str | None:
    """What a member is opened as: "zip", "log" (a log file, or one compressed as .gz), or
    None (not opened: photos, settings, other files of an account's export)."""
    lower = member.lower()
    if lower.endswith(".zip"):
        return "zip"
    base = lower[:-3] if lower.endswith(".gz") else lower
    return "log" if base.endswith(LOG_SUFFIXES) else None


def _open_zip(name: str, data: bytes) -> tuple[zipfile.ZipFile, list[zipfile.ZipInfo]]:
    """The archive and its directory; a LogError naming it when zipfile cannot read them."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except Exception as exc:  # zipfile's own failures on crafted bytes: name the archive
        raise LogError(
            f"not a readable zip archive ({type(exc).__name__}: {shown(str(exc), 80)})", file=name
        ) from None
    return archive, infos


def _check_directory(name: str, infos: list[zipfile.ZipInfo], budget: Budget, size: int) -> None:
    """The checks the archive's directory allows before anything is inflated: its entries'
    paths, kinds and names, and sizes it cannot hold (``size``: the archive's bytes)."""
    budget.members += len(infos)
    if budget.members > MAX_MEMBERS:
        raise LogError(
            f"more than {MAX_MEMBERS:,} files in the archive: not read (export fewer)", file=name
        )
    seen: set[str] = set()
    declared = packed = 0
    for info in infos:
        member = info.filename
        path = PurePosixPath(member.replace("\\", "/"))
        if (
            member.startswith(("/", "\\"))
            or ".." in path.parts
            or (len(member) > 1 and member[1] == ":")
        ):
            raise LogError(
                "a member's path climbs out of the archive: not read (a crafted archive)",
                file=name,
                member=member[:80],
            )
        if stat.S_ISLNK(info.external_attr >> 16):
            raise LogError(
                "a member is a symbolic link: not read (an export holds files only)",
                file=name,
                member=member[:80],
            )
        if info.flag_bits & 0x1:
            raise LogError(
                "a member is encrypted: not read (export the archive without a password)",
                file=name,
                member=member[:80],
            )
        key = member.rstrip("/").lower()
        if key in seen:
            raise LogError(
                "two members have the same name: not read (which one is meant?)",
                file=name,
                member=member[:80],
            )
        seen.add(key)
        if not info.is_dir():
            packed += info.compress_size
            if _read_as(member) is None:
                continue  # never inflated: its size does not matter
            if _read_as(member) != "zip":
                _check_growth(info.file_size, info.compress_size, name, member)
            declared += info.file_size
    if packed > size:
        raise LogError(
            "its directory claims more compressed data than the archive holds: not read (a "
            "crafted archive)",
            file=name,
        )
    if declared > budget.left:
        raise LogError(
            f"its files would take more than {MAX_INFLATED // 2**20} MB once inflated: not read",
            file=name,
        )


def _inflate(
    archive: zipfile.ZipFile,
    info: zipfile.ZipInfo,
    name: str,
    budget: Budget,
    *,
    limit: int = MAX_MEMBER,
) -> bytes:
    """One member's bytes, read chunk by chunk (the directory's sizes are not trusted): at
    most ``limit`` bytes (an activity file's limit, or for a nested zip the budget left)."""
    out = bytearray()
    try:
        with archive.open(info) as member:
            while chunk := member.read(CHUNK):
                out += chunk
                _check_growth(len(out), info.compress_size, name, info.filename, limit)
    except LogError:
        raise
    except Exception as exc:  # zipfile's, zlib's or lzma's failure on crafted bytes
        raise LogError(
            f"a member could not be inflated ({type(exc).__name__}: {shown(str(exc), 80)})",
            file=name,
            member=info.filename[:80],
        ) from None
    budget.take(len(out), info.compress_size, name, info.filename)
    return bytes(out)


def _not_what_it_says(name: str, data: bytes) -> str | None:
    """Why a file's content contradicts its name's suffix (None if it does not)."""
    lower = name.lower()
    head = data[:64].lstrip(b"\xef\xbb\xbf \t\r\n")
    if lower.endswith(".fit") and data[8:12] != b".FIT":
        return "named .fit but not a FIT file"
    utf16 = data.startswith((b"\xff\xfe", b"\xfe\xff", b"<\x00", b"\x00<"))
    if lower.endswith((".gpx", ".tcx")) and not (head.startswith(b"<") or utf16):
        return f"named {lower[-4:]} but not XML"
    if lower.endswith(".csv") and (
        data.startswith((b"PK\x03\x04", b"\x1f\x8b")) or b"\x00" in head
    ):
        return "named .csv but a binary file"
    return None
