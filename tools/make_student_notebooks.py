"""Make the student versions of the notebooks: the same notebooks without answers.

Usage: python tools/make_student_notebooks.py [TARGET]   (default: build/students)

Copies every notebook of notebooks/ into TARGET, except teacher material (teachers_guide.ipynb),
with the cells tagged ``solution`` or ``teacher`` removed (notebook 09's worked solutions) and
every output cleared, so nothing of the answers travels with the file. Generated from the same
notebooks every time: there is no hand-kept second copy.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
REMOVED_TAGS = {"solution", "teacher"}
TEACHER_ONLY = {"teachers_guide.ipynb"}


def student_version(notebook: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """The notebook without solution and teacher cells, and with no outputs."""
    keep = []
    for cell in notebook.cells:
        if REMOVED_TAGS & set(cell.metadata.get("tags", [])):
            continue
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
        keep.append(cell)
    notebook.cells = keep
    notebook.metadata.pop("widgets", None)
    return notebook


def make(target: Path, source: Path = ROOT / "notebooks") -> list[Path]:
    """Write the student versions of every notebook in ``source`` to ``target`` (replaced)."""
    if target.resolve() == source.resolve():
        raise SystemExit("the target must not be the notebooks folder itself")
    shutil.rmtree(target, ignore_errors=True)
    target.mkdir(parents=True)
    written = []
    for path in sorted(source.glob("*.ipynb")):
        if path.name in TEACHER_ONLY:
            continue
        nb = student_version(nbformat.read(path, as_version=4))
        out = target / path.name
        nbformat.write(nb, out)
        written.append(out)
    return written


if __name__ == "__main__":
    destination = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "build" / "students"
    files = make(destination)
    print(f"wrote {len(files)} student notebooks to {destination}")
