"""A small FIT decoder: the few messages read_log needs, read in one pass over the bytes.

Garmin's SDK decodes every field of every message into Python objects, about 6 ms for a
300-point run; read_log needs only the file's type, its sessions and, for a heart-rate load,
each record's time and heart rate. This decoder walks the records by their definitions (the
FIT protocol's normal and compressed-timestamp headers, both byte orders, developer fields,
files chained one after another), decodes those messages only and skips the rest by size.

Its checks are the SDK's: the header's size and ".FIT" mark, the header's CRC when set, the
file CRC over header and data, a data message whose local type was never defined, a record that
runs past the data. Any of them is a FitError; read_log turns it into a LogError naming the
file. The tests compare every result with the SDK's on every FIT fixture.
"""

from __future__ import annotations

import functools
import struct
import sys
from dataclasses import dataclass, field

SESSION, RECORD, FILE_ID = 18, 20, 0
FIT_EPOCH_S = 631_065_600  # 1989-12-31T00:00:00Z in Unix seconds
# field numbers of the session message and their (scale, invalid) as the FIT profile gives
SESSION_FIELDS = {
    2: "start_time",
    5: "sport",
    7: "total_elapsed_time",
    8: "total_timer_time",
    9: "total_distance",
    16: "avg_heart_rate",
    17: "max_heart_rate",
    22: "total_ascent",
    253: "timestamp",
}
SCALES = {"total_elapsed_time": 1000.0, "total_timer_time": 1000.0, "total_distance": 100.0}
_INVALID = {1: 0xFF, 2: 0xFFFF, 4: 0xFFFFFFFF}
_CRC_TABLE = []
for _byte in range(256):
    _crc = _byte
    for _ in range(8):
        _crc = (_crc >> 1) ^ 0xA001 if _crc & 1 else _crc >> 1
    _CRC_TABLE.append(_crc)


class FitError(ValueError):
    """The bytes are not a whole, valid FIT file."""


@dataclass
class FitData:
    """What read_log takes from a FIT file."""

    file_type: int | None = None  # file_id.type (4: activity), None if no file_id
    sessions: list[dict] = field(default_factory=list)  # fields by name, scaled; times Unix s
    times: list[int] = field(default_factory=list)  # each record's timestamp (FIT seconds)
    heart_rates: list[int | None] = field(default_factory=list)  # bpm, None where none


def crc16(data: bytes | memoryview, crc: int = 0) -> int:
    """The FIT CRC-16 (polynomial 0xA001, as the SDK's) of ``data``: two bytes a step with a
    table of every 16-bit value (the register is 16 bits, so a step of two bytes is exact),
    on little-endian machines; byte by byte elsewhere, and for an odd last byte."""
    table = _CRC_TABLE
    view = memoryview(data).cast("B")
    even = len(view) - len(view) % 2
    if even and sys.byteorder == "little":
        words = _word_table()
        for word in view[:even].cast("H"):
            crc = words[crc ^ word]
        view = view[even:]
    for byte in view:
        crc = (crc >> 8) ^ table[(crc ^ byte) & 0xFF]
    return crc


@functools.cache
def _word_table() -> list[int]:
    """The CRC register after 16 shifts of each 16-bit value (built once, with numpy)."""
    import numpy as np

    register = np.arange(2**16, dtype=np.uint32)
    for _ in range(16):
        register = np.where(register & 1, (register >> 1) ^ 0xA001, register >> 1)
    return register.tolist()


def decode(data: bytes) -> FitData:
    """The file type, sessions and record heart rates of a FIT file (chained files in turn)."""
    out = FitData()
    offset = 0
    while offset < len(data):
        offset = _one_file(data, offset, out)
        if offset < len(data) and len(data) - offset < 12:
            raise FitError(f"{len(data) - offset} stray bytes after the FIT data")
    return out


def _one_file(data: bytes, start: int, out: FitData) -> int:
    """Decode one FIT file starting at ``start``; return where the next one would start."""
    view = memoryview(data)
    if len(data) - start < 12:
        raise FitError("too short to be a FIT file")
    size = data[start]
    if size not in (12, 14) or data[start + 8 : start + 12] != b".FIT":
        raise FitError(f"not a FIT file at byte {start} (bad header)")
    (length,) = struct.unpack_from("<I", data, start + 4)
    end = start + size + length
    if end + 2 > len(data):
        raise FitError(
            f"the header claims {length:,} bytes of data, the file holds "
            f"{max(len(data) - start - size - 2, 0):,} (cut short or damaged)"
        )
    if size == 14:
        (header_crc,) = struct.unpack_from("<H", data, start + 12)
        if header_crc and header_crc != crc16(view[start : start + 12]):
            raise FitError("the header's checksum does not match")
    (file_crc,) = struct.unpack_from("<H", data, end)
    if file_crc != crc16(view[start:end]):
        raise FitError("the file's checksum does not match its content")
    definitions: dict[int, tuple] = {}
    last_time = None
    at = start + size
    try:
        while at < end:
            head = data[at]
            at += 1
            if head & 0x80:  # compressed timestamp header: a data message
                local, offset = (head >> 5) & 0x3, head & 0x1F
                if last_time is None:
                    raise FitError(f"a compressed timestamp before any time, byte {at - 1}")
                base = last_time & ~0x1F
                last_time = base + offset + (0x20 if offset < (last_time & 0x1F) else 0)
                stamp = last_time
            elif head & 0x40:  # a definition message
                at = _definition(data, at, head, definitions)
                continue
            else:
                local, stamp = head & 0x0F, None
            definition = definitions.get(local)
            if definition is None:
                raise FitError(f"a message with an undefined local type, byte {at - 1}")
            number, total, layout, picked = definition
            if at + total > end:
                raise FitError(f"a message runs past the end of the data, byte {at - 1}")
            if picked:
                values = {
                    field: value
                    for (field, invalid), value in zip(
                        picked, layout.unpack_from(data, at), strict=True
                    )
                    if value != invalid
                }
                if 253 in values:
                    last_time = stamp = values[253]
                if number == RECORD:
                    if stamp is not None:
                        out.times.append(stamp)
                        out.heart_rates.append(values.get(3))
                elif number == SESSION:
                    out.sessions.append(_session(values, stamp))
                elif number == FILE_ID and out.file_type is None:
                    out.file_type = values.get(0)
            at += total
    except (IndexError, struct.error):
        raise FitError(f"the data ends inside a message, byte {at}") from None
    if at != end:
        raise FitError("a message runs past the end of the data")
    return end + 2


def _definition(data: bytes, at: int, head: int, definitions: dict) -> int:
    """Read a definition message at ``at``; store, by local type, the message number, its size,
    and a struct layout that unpacks the fields read_log uses (the rest is skipped as padding).
    Return the next offset."""
    little = data[at + 1] == 0
    number = struct.unpack_from("<H" if little else ">H", data, at + 2)[0]
    count = data[at + 4]
    at += 5
    wanted = _WANTED.get(number, set()) | {253}
    layout, picked, total = ["<" if little else ">"], [], 0
    for i in range(count):
        field, size = data[at + 3 * i], data[at + 3 * i + 1]
        code = _CODES.get(size)
        if field in wanted and code and all(field != f for f, _ in picked):
            layout.append(code)
            picked.append((field, _INVALID[size]))
        else:
            layout.append(f"{size}x")
        total += size
    at += 3 * count
    if head & 0x20:  # developer fields: only their sizes matter here
        developer = data[at]
        extra = sum(data[at + 2 + 3 * i] for i in range(developer))
        layout.append(f"{extra}x")
        total += extra
        at += 1 + 3 * developer
    if at > len(data):
        raise FitError("a definition runs past the end of the file")
    definitions[head & 0x0F] = (number, total, struct.Struct("".join(layout)), tuple(picked))
    return at


_WANTED = {RECORD: {3, 253}, SESSION: set(SESSION_FIELDS), FILE_ID: {0}}
_CODES = {1: "B", 2: "H", 4: "I"}


def _session(values: dict[int, int], stamp: int | None) -> dict:
    """A session's fields by name, scaled; times as Unix seconds."""
    out = {}
    for number, name in SESSION_FIELDS.items():
        if number in values:
            value = values[number]
            if name in ("start_time", "timestamp"):
                value += FIT_EPOCH_S
            out[name] = value / SCALES[name] if name in SCALES else value
    return out
