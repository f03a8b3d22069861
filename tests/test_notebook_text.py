"""The notebooks' own text, checked the way the notebooks-for-all authoring checklist asks:
one title, headings in order, links that say where they go, images with a text alternative."""

from __future__ import annotations

import itertools
import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
VAGUE_LINKS = {"here", "click here", "link", "this", "this link", "more", "read more", "this page"}


def _markdown(path: Path) -> list[str]:
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    return ["".join(c["source"]) for c in cells if c["cell_type"] == "markdown"]


def _without_code(text: str) -> str:
    return re.sub(r"```.*?```|`[^`\n]*`", "", text, flags=re.S)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_headings_start_with_one_title_and_never_skip_a_level(path):
    levels = [
        len(m.group(1))
        for text in _markdown(path)
        for m in re.finditer(r"^(#{1,6})\s", _without_code(text), flags=re.M)
    ]
    assert levels and levels[0] == 1, f"{path.name}: the first heading is not the title (#)"
    assert levels.count(1) == 1, f"{path.name}: {levels.count(1)} titles (#)"
    skips = [(a, b) for a, b in itertools.pairwise(levels) if b > a + 1]
    assert skips == [], f"{path.name}: heading levels skipped: {skips}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_links_say_where_they_go(path):
    vague = []
    for text in _markdown(path):
        for label, target in re.findall(r"(?<!!)\[([^\]]*)\]\(([^)]*)\)", _without_code(text)):
            words = label.strip().strip("*_").lower()
            if not words or words in VAGUE_LINKS or words.startswith(("http://", "https://")):
                vague.append(f"[{label}]({target})")
        vague += re.findall(r"(?<![(<\[])https?://\S+", _without_code(text))  # bare addresses
    assert vague == [], f"{path.name}: links that do not say where they go: {vague}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_images_have_a_text_alternative(path):
    missing = []
    for text in _markdown(path):
        missing += [m for m in re.findall(r"!\[([^\]]*)\]\([^)]*\)", text) if not m.strip()]
        missing += [t for t in re.findall(r"<img\b[^>]*>", text) if 'alt="' not in t]
    assert missing == [], f"{path.name}: images with no text alternative: {missing}"
