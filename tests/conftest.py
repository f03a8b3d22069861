"""Shared fixtures: the repository's folders and the shared real-world data."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
SHARED_DATA = ROOT.parent / "shared" / "data"
SHARED_LOAD = ROOT.parent / "shared" / "load"


@pytest.fixture
def content_copy(tmp_path: Path) -> Path:
    """A writable copy of the shipped content files, for tests that break them on purpose."""
    target = tmp_path / "content"
    target.mkdir()
    for f in DATA.glob("*.toml"):
        shutil.copy(f, target / f.name)
    return target


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """The real GPX/FIT/TCX files in ../shared/data (always present in CI)."""
    if not SHARED_DATA.is_dir():
        pytest.skip(
            f"real device files not found at {SHARED_DATA} (they sit beside the repo in CI)"
        )
    return SHARED_DATA


@pytest.fixture(scope="session")
def shared_load() -> Path:
    """The load reference values in ../shared/load (always present in CI)."""
    if not SHARED_LOAD.is_dir():
        pytest.skip(
            f"load reference values not found at {SHARED_LOAD} (they sit beside the repo in CI)"
        )
    return SHARED_LOAD
