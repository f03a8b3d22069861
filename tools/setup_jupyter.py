"""Set up the environment's Jupyter for this project: local only, nothing fetched.

- JupyterLab reads ``<sys.prefix>/share/jupyter/lab/settings/overrides.json`` at start-up: no
  news fetch and no update check, so `make lab` contacts nothing on the internet.
- Voila finds templates in ``<sys.prefix>/share/jupyter/voila/templates``: the project's
  ``hamstring`` template (Voila's "lab" template without its CDN links) is copied there.

The Makefile and ``binder/postBuild`` call this after installing.
"""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VOILA_TEMPLATE = ROOT / "share" / "voila" / "templates" / "hamstring"

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


def install_voila_template(prefix: str = sys.prefix) -> Path:
    """Copy the project's Voila template into the environment; return where it went."""
    target = Path(prefix) / "share" / "jupyter" / "voila" / "templates" / "hamstring"
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(VOILA_TEMPLATE, target)
    return target


if __name__ == "__main__":
    print(f"JupyterLab settings: {write()}")
    print(f"Voila template: {install_voila_template()}")
