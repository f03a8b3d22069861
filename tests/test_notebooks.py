"""The committed notebooks: thin, small, narrative, and carrying only the outputs nbval checks."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest

NOTEBOOKS = sorted((Path(__file__).resolve().parents[1] / "notebooks").glob("*.ipynb"))
TAG = "nbval-check-output"


@pytest.fixture(params=NOTEBOOKS, ids=lambda p: p.name)
def notebook(request):
    return request.param, nbformat.read(request.param, as_version=4)


def test_the_start_notebook_exists():
    assert NOTEBOOKS[0].name == "00_start_here.ipynb"


def test_small_and_no_plotly_bundle(notebook):
    path, _ = notebook
    text = path.read_text()
    assert path.stat().st_size < 100 * 1024
    for needle in ("plotly.min.js", "cdn.plot.ly", "application/vnd.plotly", "widget-state"):
        assert needle not in text


def test_outputs_only_where_nbval_checks(notebook):
    _, nb = notebook
    code = [c for c in nb.cells if c.cell_type == "code"]
    checked = [c for c in code if TAG in c.metadata.get("tags", [])]
    for cell in code:
        if cell not in checked:
            assert cell.outputs == [], cell.source[:60]
        else:
            assert cell.outputs and cell.execution_count, f"unchecked reference: {cell.source[:60]}"
    assert checked, "each notebook checks at least one output"


def test_no_test_markers_in_sight(notebook):
    """nbval is steered by cell tags, never by comments a learner reads."""
    _, nb = notebook
    for cell in nb.cells:
        assert "NBVAL" not in cell.source.upper(), cell.source[:60]


def test_thin_cells(notebook):
    _, nb = notebook
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert len(cell.source.splitlines()) <= 20, cell.source[:60]  # one screen
            assert "\ndef " not in f"\n{cell.source}" or len(cell.source.splitlines()) <= 5


def test_narrative_frame(notebook):
    path, nb = notebook
    first = nb.cells[0]
    assert first.cell_type == "markdown" and first.source.startswith("# ")
    assert "Who this is for" in first.source and "Time:" in first.source
    assert first.source.count("\n- ") >= 3, "three things you will learn"
    last = nb.cells[-1]
    assert last.cell_type == "markdown" and "What next" in last.source
    assert nb.metadata.kernelspec.name == "python3", path.name


def test_printed_lines_fit_the_page(notebook):
    """JupyterLab breaks long printed lines in the middle of words: long text goes in he.note()
    or he.table() (HTML that wraps between words), never in a print."""
    path, nb = notebook
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            if output.get("output_type") == "stream":
                long = [line for line in output["text"].splitlines() if len(line) > 95]
                assert long == [], f"{path.name}: {cell.source[:60]!r} prints {long[0][:80]!r}"
