"""Re-run the notebooks and keep only the outputs nbval checks (cells tagged nbval-check-output).

Usage: python tools/refresh_notebooks.py [notebooks/NN_name.ipynb ...]
Everything else (widgets, figures, execution counts, widget state) is stripped, so notebooks stay
small in git and never carry a plotly.js bundle.
"""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]
TAG = "nbval-check-output"  # a cell tag: nbval reads it, learners never see it


def refresh(path: Path) -> None:
    """Execute one notebook in its folder and write it back with only checked outputs kept."""
    nb = nbformat.read(path, as_version=4)
    NotebookClient(
        nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}
    ).execute()
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
        if cell.cell_type != "code":
            continue
        if TAG in cell.metadata.get("tags", []):
            cell.outputs = [_plain(o) for o in cell.outputs]
        else:
            cell.outputs = []
            cell.execution_count = None
    nb.metadata.pop("widgets", None)
    nbformat.write(nb, path)
    print(f"refreshed {path.relative_to(ROOT)} ({path.stat().st_size / 1024:.1f} KiB)")


KEPT = ("text/plain", "text/html")  # what nbval compares; tables keep their readable HTML
MAX_HTML = 40_000  # a package table is a few KB; anything bigger is not kept


def _plain(output: dict) -> dict:
    """Keep text (and a small HTML table or card): nbval compares them; no plotly bundle."""
    if output.get("output_type") in {"execute_result", "display_data"}:
        data = {k: v for k, v in output["data"].items() if k in KEPT}
        html = data.get("text/html", "")
        if len("".join(html) if isinstance(html, list) else html) > MAX_HTML:
            raise SystemExit(f"an HTML output of {len(html)} characters: too big to commit")
        output["data"] = data
        output["metadata"] = {}
    return output


if __name__ == "__main__":
    targets = [Path(p).resolve() for p in sys.argv[1:]] or sorted(
        (ROOT / "notebooks").glob("*.ipynb")
    )
    for target in targets:
        refresh(target)
