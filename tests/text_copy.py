"""An edited copy of one data/text/ file that say() reads for the length of a test."""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from hamstring_edu import ContentError, wording


@contextlib.contextmanager
def edited_texts(folder: Path, subject: str, **changes: str) -> Iterator[Path]:
    """data/text/<subject>.toml with ``changes`` (key = new text), read by say() inside the
    ``with``; the shipped file is read again after it."""
    file = folder / f"{subject}.toml"
    table = {**wording.texts(subject), **changes}
    file.write_text(
        "".join(f"{k} = {json.dumps(v, ensure_ascii=False)}\n" for k, v in table.items()),
        encoding="utf-8",
    )
    shipped = wording.text_file
    wording.text_file = lambda s: file if s == subject else shipped(s)
    wording.texts.cache_clear()
    try:
        yield file
    finally:
        wording.text_file = shipped
        wording.texts.cache_clear()


@contextlib.contextmanager
def refused_text(folder: Path, subject: str, key: str, text: str, why: str = "") -> Iterator[None]:
    """A copy in which ``key`` reads ``text``: the block must raise a ContentError that names
    the file and the key (and matches ``why``, a regex, when given)."""
    with (
        edited_texts(folder, subject, **{key: text}),
        pytest.raises(ContentError, match=rf"{subject}\.toml.*'{key}'.*{why}"),
    ):
        yield
