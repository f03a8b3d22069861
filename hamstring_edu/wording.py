"""How the package words things: the interface text kept in ``data/text/``, and a few phrases
that are computed (a clock time, a dose).

Every sentence a person reads lives in a content file, never in a module: ``say("recovery.
tonight_heading")`` returns the text of key ``tonight_heading`` in ``data/text/recovery.toml``
with its ``{fields}`` filled in. Each file is a flat table of ``key = "text"``; it is read once,
checked (snake_case keys, non-empty text, well-formed ``{field}`` slots) and an unknown key or a
missing or extra field is a :class:`ContentError` naming the file and the key.
"""

from __future__ import annotations

import functools
import string
from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType

from hamstring_edu import schema
from hamstring_edu.errors import ContentError, brief

DOSE = "Dose"
TEXT_FOLDER = "text"


def clock(seconds: float) -> str:
    """A duration as minutes and seconds ("4:05"), as a routine's steps are timed."""
    whole = round(seconds)
    return f"{whole // 60}:{whole % 60:02d}"


def dose_phrase(dose: str | None) -> str:
    """The article's dose as a sentence ("Dose: 30 seconds, no bouncing."), or ''."""
    if not dose:
        return ""
    return f"{DOSE}: {dose.rstrip('.')}."


def say(key: str, /, **fields: object) -> str:
    """The interface text ``key`` ("subject.name") from ``data/text/<subject>.toml``, filled in."""
    subject, _, name = key.partition(".")
    table = texts(subject)
    if name not in table:
        raise ContentError(
            f"no text {brief(name)} in this file", file=text_file(subject), field=name
        )
    template = table[name]
    wanted = slots(template)
    if set(fields) != wanted:
        missing, extra = sorted(wanted - set(fields)), sorted(set(fields) - wanted)
        raise ContentError(
            f"the text has the slots {sorted(wanted)}; missing {missing}, not in the text {extra}",
            file=text_file(subject),  # found only when needed: finding data/ costs a file check
            field=name,
        )
    return template.format_map(fields) if wanted else template


def text_file(subject: str) -> Path:
    """The file that holds one subject's interface text."""
    return schema.data_dir() / TEXT_FOLDER / f"{schema.ident(subject)}.toml"


def slots_for(key: str) -> set[str]:
    """The ``{field}`` names the text ``key`` ("subject.name") expects."""
    subject, _, name = key.partition(".")
    return slots(texts(subject)[name])


def slots(template: str) -> set[str]:
    """The ``{field}`` names a text expects."""
    return {name for _, name, _, _ in string.Formatter().parse(template) if name is not None}


@functools.cache
def texts(subject: str) -> Mapping[str, str]:
    """Every text of one subject, checked: ``{key: text}`` (read once)."""
    try:
        file = text_file(subject)
    except ValueError:
        raise ContentError(f"expected a subject such as 'recovery', got {brief(subject)}") from None
    doc = schema.read_toml(file)
    out: dict[str, str] = {}
    for key, value in doc.items():
        try:
            schema.ident(key)
            clean = schema.text(value)
            names = slots(clean)
        except ValueError as exc:
            raise ContentError(f"{exc} (found {brief(value)})", file=file, field=key) from None
        for name in names:
            if not name.isidentifier():
                raise ContentError(
                    f"a slot must be a name such as {{minutes}}, found {{{brief(name)}}}",
                    file=file,
                    field=key,
                )
        out[key] = clean
    return MappingProxyType(out)
