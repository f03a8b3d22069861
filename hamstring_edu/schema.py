"""Reading and checking the TOML content files: field converters and ``[[table]]`` entries.

A schema maps each field to ``(converter, default)``. A converter takes the raw TOML value and
returns the clean one or raises ValueError saying what was expected; ``REQUIRED`` as the default
marks a field that must be present. Errors name the file, the entry and the field.
"""

from __future__ import annotations

import functools
import math
import re
import tomllib
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from hamstring_edu.errors import ContentError, brief

ID = re.compile(r"^[a-z][a-z0-9_]*$")
REQUIRED = object()  # marks a schema field without a default
MAX_FILE_BYTES = 2_000_000  # content files are small; a bigger one is a mistake
MAX_TEXT = 20_000  # characters in one field (the longest note is about 1,000)
MAX_ID = 60

Converter = Callable[[Any], Any]
Schema = Mapping[str, tuple[Converter, Any]]


def text(v: Any) -> str:
    """Non-empty text, with runs of white space (line breaks in ``\"\"\"`` strings) squeezed."""
    if not isinstance(v, str) or not v.strip():
        raise ValueError("expected non-empty text")
    if len(v) > MAX_TEXT:
        raise ValueError(f"expected at most {MAX_TEXT:,} characters")
    return " ".join(v.split())


def ident(v: Any) -> str:
    """A snake_case id."""
    if not isinstance(v, str) or not ID.match(v) or len(v) > MAX_ID:
        raise ValueError(
            f"expected a snake_case id such as 'rest_days' (at most {MAX_ID} characters)"
        )
    return v


def texts(v: Any) -> tuple[str, ...]:
    """A list of non-empty texts."""
    if not isinstance(v, list):
        raise ValueError("expected a list of texts")
    return tuple(text(x) for x in v)


def idents(v: Any) -> tuple[str, ...]:
    """A list of snake_case ids."""
    if not isinstance(v, list):
        raise ValueError("expected a list of ids")
    return tuple(ident(x) for x in v)


def one_of(options: tuple[str, ...]) -> Converter:
    """A converter accepting exactly one of ``options``."""

    def convert(v: Any) -> str:
        if v not in options:
            raise ValueError(f"expected one of {', '.join(options)}")
        return v

    return convert


def positive_int(v: Any) -> int:
    """A whole number above 0."""
    if isinstance(v, bool) or not isinstance(v, int) or v <= 0:
        raise ValueError("expected a whole number above 0")
    return v


def positive_number(v: Any) -> float:
    """A finite number above 0."""
    if isinstance(v, bool) or not isinstance(v, int | float) or not 0 < v < math.inf:
        raise ValueError("expected a number above 0")
    return float(v)


def number(v: Any) -> float:
    """Any finite number."""
    if isinstance(v, bool) or not isinstance(v, int | float) or not math.isfinite(v):
        raise ValueError("expected a number")
    return float(v)


def year(v: Any) -> int:
    """A year such as 2019."""
    if isinstance(v, bool) or not isinstance(v, int) or not 1900 <= v <= 2100:
        raise ValueError("expected a year such as 2019")
    return v


def flag(v: Any) -> bool:
    """true or false."""
    if not isinstance(v, bool):
        raise ValueError("expected true or false")
    return v


def raw(v: Any) -> Any:
    """Any value, checked later by the reader that knows its shape."""
    return v


NOTEBOOK = re.compile(r"^\d\d_[a-z0-9_]+\.ipynb$")


def notebooks(v: Any) -> tuple[str, ...]:
    """A list of the package's notebook file names ('03_load_progression.ipynb'): never a link."""
    names = texts(v)
    for name in names:
        if not NOTEBOOK.match(name):
            raise ValueError(
                f"expected notebook file names such as '01_causes_and_solutions.ipynb', "
                f"got {brief(name)}"
            )
    return names


def count(low: int, high: int, inner: Converter) -> Converter:
    """A converter for a list of ``low`` to ``high`` items, each checked by ``inner``."""

    def convert(v: Any) -> tuple:
        items = inner(v)
        if not low <= len(items) <= high:
            raise ValueError(f"expected {low} to {high} items, found {len(items)}")
        return items

    return convert


def entry_label(n: int, entry: Mapping[str, Any]) -> str:
    """How an entry is named in messages: its number and, if it has one, its id."""
    ident_ = entry.get("id") if isinstance(entry, Mapping) else None
    return f"#{n} (id {brief(ident_, 40)})" if isinstance(ident_, str) else f"#{n}"


def read_toml(file: Path) -> dict[str, Any]:
    """A TOML file as a dict, or a ContentError that names the file (and the line, if bad)."""
    try:
        size = file.stat().st_size
        if size > MAX_FILE_BYTES:
            raise ContentError(
                f"content file is {size:,} bytes; at most {MAX_FILE_BYTES:,} expected", file=file
            )
        data = file.read_bytes()
    except FileNotFoundError:
        raise ContentError("content file is missing", file=file) from None
    except IsADirectoryError:
        raise ContentError("expected a file, found a folder", file=file) from None
    except OSError as exc:
        raise ContentError(f"cannot read the file ({exc.strerror})", file=file) from None
    try:
        source = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ContentError(
            f"not UTF-8 text (line {line}, byte {exc.start}); save the file as UTF-8", file=file
        ) from None
    try:
        return tomllib.loads(source.removeprefix("\ufeff"))
    except tomllib.TOMLDecodeError as exc:
        raise ContentError(f"not valid TOML ({exc})", file=file) from None
    except RecursionError:
        raise ContentError("not valid TOML (nested too deeply)", file=file) from None


def check_entries(
    doc: dict[str, Any], table: str, schema: Schema, *, file: Path
) -> list[dict[str, Any]]:
    """The ``[[table]]`` entries of a parsed file, each checked against ``schema``, ids unique."""
    entries = doc.get(table)
    if not isinstance(entries, list) or not entries:
        raise ContentError(f"no [[{table}]] entries found", file=file)
    out: list[dict[str, Any]] = []
    seen: set[str] = set()
    for n, entry in enumerate(entries, start=1):
        where = f"[[{table}]] {entry_label(n, entry)}"
        if not isinstance(entry, dict):
            raise ContentError(f"expected a table, found {brief(entry)}", file=file, entry=where)
        unknown = set(entry) - set(schema)
        if unknown:
            raise ContentError(
                f"unknown field(s) {sorted(unknown)}; allowed: {', '.join(schema)}",
                file=file,
                entry=where,
                field=sorted(unknown)[0],
            )
        clean: dict[str, Any] = {}
        for key, (convert, default) in schema.items():
            if key not in entry:
                if default is REQUIRED:
                    raise ContentError(
                        "required field is missing", file=file, entry=where, field=key
                    )
                clean[key] = default
                continue
            try:
                clean[key] = convert(entry[key])
            except ValueError as exc:
                raise ContentError(
                    f"{exc} (found {brief(entry[key])})", file=file, entry=where, field=key
                ) from None
        if clean["id"] in seen:
            raise ContentError(f"duplicate id {clean['id']!r}", file=file, entry=where, field="id")
        seen.add(clean["id"])
        out.append(clean)
    return out


@functools.cache  # the package does not move while it runs; finding it is a file check
def data_dir() -> Path:
    """The folder that holds the content files: inside the installed package, or the repo's."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "data", here.parent / "data"):
        if (candidate / "causes.toml").is_file():
            return candidate
    raise ContentError(
        "content folder not found: expected causes.toml in the package's data/ folder "
        "(reinstall the package) or in the repository's data/ folder"
    )
