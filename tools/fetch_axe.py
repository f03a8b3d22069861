"""Install axe-core (the accessibility checker the browser tests load) without npm.

Reads the pinned version, address and sha512 integrity from ``tests/a11y/package-lock.json``,
downloads that tarball from the npm registry once, checks it against the integrity and unpacks
``axe.min.js`` and its licence into ``<venv>/share/axe-core/``. A second run does nothing. The
Makefile calls this before the tests; the pages under test never fetch it: the tests read the
file from disk and put it into the page.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import sys
import tarfile
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LOCK = ROOT / "tests" / "a11y" / "package-lock.json"
WANTED = ("package/axe.min.js", "package/LICENSE", "package/package.json")


def target(prefix: str = sys.prefix) -> Path:
    """Where axe.min.js goes: the environment's share folder."""
    return Path(prefix) / "share" / "axe-core"


def install(prefix: str = sys.prefix) -> Path:
    """Download, verify and unpack the locked axe-core unless it is already there."""
    entry = json.loads(LOCK.read_text())["packages"]["node_modules/axe-core"]
    folder = target(prefix)
    stamp = folder / "VERSION"
    if stamp.is_file() and stamp.read_text().strip() == entry["version"]:
        return folder / "axe.min.js"
    with urllib.request.urlopen(entry["resolved"], timeout=60) as reply:
        raw = reply.read()
    algorithm, _, expected = entry["integrity"].partition("-")
    actual = base64.b64encode(hashlib.new(algorithm, raw).digest()).decode("ascii")
    if actual != expected:
        raise SystemExit(f"axe-core {entry['version']}: the download does not match the lock")
    folder.mkdir(parents=True, exist_ok=True)
    with tarfile.open(fileobj=io.BytesIO(raw), mode="r:gz") as tar:
        for name in WANTED:
            member = tar.extractfile(name)
            assert member is not None, name
            (folder / Path(name).name).write_bytes(member.read())
    stamp.write_text(entry["version"] + "\n")
    return folder / "axe.min.js"


if __name__ == "__main__":
    print(f"axe-core: {install()}")
