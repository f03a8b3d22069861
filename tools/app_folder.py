"""Make the folder `make app` serves: the athlete app and the notebooks it links to, nothing else.

Voila lists and runs every notebook in the folder it serves, so `make app` does not serve
``notebooks/``: it serves ``build/app/``, which this script (re)makes with relative links to
``notebooks/app.ipynb`` and to the notebooks in the app's "Read more" step
(``hamstring_edu.widgets.athlete.LINKED_NOTEBOOKS``). Anything else in the folder is removed;
what a visitor saved there is personal data and is kept.

    python tools/app_folder.py build/app
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"


def served_names() -> list[str]:
    """The notebooks a visitor of the app can open: the app and what it links to."""
    from hamstring_edu.widgets.athlete import LINKED_NOTEBOOKS

    return ["app.ipynb", *(f"{name}.ipynb" for name in LINKED_NOTEBOOKS)]


def make(folder: Path) -> list[Path]:
    """(Re)make ``folder`` with a relative link per served notebook; return the links."""
    folder.mkdir(parents=True, exist_ok=True)
    names = served_names()
    for path in folder.iterdir():
        if path.suffix == ".ipynb" and path.name not in names:
            path.unlink()
    links = []
    for name in names:
        link = folder / name
        target = Path(os.path.relpath(NOTEBOOKS / name, folder.resolve()))
        if link.is_symlink() or link.exists():
            link.unlink()
        link.symlink_to(target)
        links.append(link)
    return links


if __name__ == "__main__":
    if len(sys.argv) != 2:
        raise SystemExit("usage: python tools/app_folder.py FOLDER")
    for link in make(Path(sys.argv[1])):
        print(f"{link} -> {os.readlink(link)}")
