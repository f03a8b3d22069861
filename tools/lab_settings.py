"""Write JupyterLab's settings overrides into the environment: no news fetch, no update check.

JupyterLab reads ``<sys.prefix>/share/jupyter/lab/settings/overrides.json`` at start-up. The
project's Makefile calls this after installing, so `make lab` (and the browser tests) start a
JupyterLab that contacts nothing on the internet and shows no news prompt.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

OVERRIDES = {
    "@jupyterlab/apputils-extension:notification": {
        "fetchNews": "false",
        "checkForUpdates": False,
    },
}


def write(prefix: str = sys.prefix) -> Path:
    """Merge the overrides into the environment's overrides.json; return its path."""
    path = Path(prefix) / "share" / "jupyter" / "lab" / "settings" / "overrides.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    current = json.loads(path.read_text()) if path.is_file() else {}
    for plugin, values in OVERRIDES.items():
        current.setdefault(plugin, {}).update(values)
    path.write_text(json.dumps(current, indent=2) + "\n")
    return path


if __name__ == "__main__":
    print(f"JupyterLab settings: {write()}")
