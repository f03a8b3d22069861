"""Every notebook in JupyterLab, run whole and scanned with axe-core (WCAG 2.0-2.2, A and AA)
at a desktop, a tablet and a phone width (1400, 800 and 375 px): what the
package puts on the page has 0 critical and 0 serious violations, headings keep their order,
links say where they go, every figure is named and summarised, and nothing is cut or sticks out.

JupyterLab's own interface (toolbars, the code editors, the notebook panel) has violations this
project cannot fix; they are listed in ``out/a11y/REPORT.md`` with the rest, and the README says
which. A violation counts as the package's when any of its elements sits inside a cell's output
or its rendered text."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import pytest
from browser_support import (
    A11Y_REPORTS,
    ROOT,
    WAIT_MS,
    axe_scan,
    browser_marks,
    describe_violations,
    figures,
    lab_width,
    run_all,
    settled_layout,
)

pytestmark = browser_marks()

NOTEBOOKS = sorted(p.name for p in (ROOT / "notebooks").glob("*.ipynb"))
# What the package renders: cell outputs (widgets, figures, tables) and rendered Markdown.
OURS = (".jp-OutputArea", ".jp-RenderedMarkdown", ".jp-MarkdownOutput")
WIDTHS = (1400, 800, 375)  # JupyterLab at 320 px leaves a notebook about 200 px: see README

_INSIDE_OURS_JS = """
(selectors) => selectors.map(sel => {{
  let el = null;
  try {{ el = document.querySelector(sel); }} catch (e) {{ return false; }}
  return !!(el && el.closest('{}'));
}})
""".format(", ".join(OURS))


_HEADINGS_JS = """
() => Array.from(document.querySelectorAll('.jp-Notebook h1, .jp-Notebook h2, .jp-Notebook h3,'
    + ' .jp-Notebook h4, .jp-Notebook h5, .jp-Notebook h6'))
  .filter(h => h.getClientRects().length)
  .map(h => [Number(h.tagName[1]), h.textContent.trim().slice(0, 60)])
"""
# Each figure's title (page text above it) against the figure's toolbar, and how many lines it
# takes: the toolbar never covers a title, and a wide screen never squeezes one into a column.
_TITLES_JS = """
() => Array.from(document.querySelectorAll('.hamstring-figure-title'))
  .filter(t => t.getClientRects().length)
  .map(t => {
    const r = t.getBoundingClientRect();
    const child = t.closest('.jp-OutputArea-child');
    const bar = child && child.nextElementSibling &&
                child.nextElementSibling.querySelector('.modebar');
    const b = bar ? bar.getBoundingClientRect() : null;
    const overlap = !!(b && b.width && b.left < r.right && b.right > r.left &&
                       b.top < r.bottom && b.bottom > r.top);
    const line = parseFloat(getComputedStyle(t).lineHeight) || 20;
    return {text: t.textContent, lines: Math.round(r.height / line), overlap: overlap,
            width: r.width};
  })
"""
VAGUE_LINKS = {"here", "click here", "link", "this", "more", "read more"}
_LINKS_JS = """
() => Array.from(document.querySelectorAll('.jp-Notebook a[href]'))
  .filter(a => a.getClientRects().length && !a.closest('.jp-InputPrompt, .jp-OutputPrompt'))
  .map(a => (a.innerText || a.getAttribute('aria-label') || '').trim())
"""


def _split(page, violations: list[dict]) -> tuple[list[dict], list[dict]]:
    """Violations with an element in the package's output, and those only in JupyterLab's UI."""
    ours, theirs = [], []
    for v in violations:
        targets = [n["target"][-1] for n in v["nodes"] if isinstance(n["target"][-1], str)]
        inside = page.evaluate(_INSIDE_OURS_JS, targets)
        mine = [n for n, flag in zip(v["nodes"], inside, strict=True) if flag]
        if mine:
            ours.append({**v, "nodes": mine})
        if len(mine) < len(v["nodes"]):
            theirs.append({**v, "nodes": [n for n in v["nodes"] if n not in mine]})
    return ours, theirs


def _all_violations(name: str) -> list[dict]:
    return json.loads((A11Y_REPORTS / f"{name}.json").read_text(encoding="utf-8"))


def _write_report(name: str, page, violations: list[dict]) -> None:
    """Add this page's violations, split by whose they are, to out/a11y/REPORT.md."""
    ours, theirs = _split(page, violations)
    lines = [f"## {name}", ""]
    for title, group in (("The package's", ours), ("JupyterLab's own", theirs)):
        lines.append(f"{title}: {len(group)} rules")
        lines += [
            f"- {v['impact']} `{v['id']}` ({len(v['nodes'])}): {v['help']}" for v in group
        ] or ["- none"]
        lines.append("")
    report = A11Y_REPORTS / "REPORT.md"
    A11Y_REPORTS.mkdir(parents=True, exist_ok=True)
    with report.open("a", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")


@pytest.fixture(scope="module", autouse=True)
def _fresh_report():
    report = A11Y_REPORTS / "REPORT.md"
    A11Y_REPORTS.mkdir(parents=True, exist_ok=True)
    report.write_text(
        "# Accessibility scan of every notebook in JupyterLab (axe-core, WCAG 2.0-2.2 A/AA)\n\n",
        encoding="utf-8",
    )


@pytest.mark.parametrize("notebook", NOTEBOOKS)
def test_every_notebook_passes_axe_and_names_its_figures(browser_page, lab, shots, notebook):
    page = browser_page
    run_all(page, lab, notebook)
    page.wait_for_function(
        "() => Array.from(document.querySelectorAll('.js-plotly-plot'))"
        ".every(gd => gd._fullLayout)",
        timeout=WAIT_MS,
    )
    for width in WIDTHS:
        lab_width(page, width)
        problems = settled_layout(page)
        name = f"lab_{Path(notebook).stem}_{width}"
        first = page.locator(".hamstring-figure-title").first
        if first.count():  # the screenshot shows a figure with its title and summary
            first.scroll_into_view_if_needed()
        shots(f"{notebook} at {width} px", full_page=False)
        axe_scan(page, name)
        violations = _all_violations(name)
        _write_report(name, page, violations)
        ours, _theirs = _split(page, violations)
        blocking = [v for v in ours if v["impact"] in {"critical", "serious"}]
        assert blocking == [], f"{notebook} at {width} px:\n" + describe_violations(blocking)
        if width < 400:
            # On a phone JupyterLab leaves a chart about 250 px; plotly cannot fit a legend or an
            # axis title in that, and WCAG 1.4.10 exempts two-dimensional content such as charts
            # (their text is in the summary and the data table). Everything else must fit.
            problems = [p for p in problems if not p.get("title_cut")]
        assert problems == [], f"{notebook} at {width} px: cut or sticking out: {problems}"
        drawn = [f for f in figures(page) if f["width"] > 0]
        unnamed = [f["title"] or "(no title)" for f in drawn if not f["named"]]
        assert unnamed == [], f"{notebook}: figures with no name: {unnamed}"
        titles = page.evaluate(_TITLES_JS)
        covered = [t["text"] for t in titles if t["overlap"]]
        assert covered == [], f"{notebook} at {width} px: the toolbar covers titles: {covered}"
        if width >= 1400:  # a title of under 100 characters is one line on a wide screen
            squeezed = [t for t in titles if len(t["text"]) < 100 and t["lines"] > 1]
            assert squeezed == [], f"{notebook}: titles squeezed into a column: {squeezed}"
        headings = page.evaluate(_HEADINGS_JS)
        levels = [h[0] for h in headings]
        skips = [(a, b) for a, b in itertools.pairwise(headings) if b[0] > a[0] + 1]
        assert levels and levels[0] == 1 and skips == [], f"{notebook}: headings skip: {skips}"
        links = page.evaluate(_LINKS_JS)
        vague = [t for t in links if t.lower() in VAGUE_LINKS or t.startswith("http")]
        assert vague == [], f"{notebook}: links that do not say where they go: {vague}"
        silent = [f["title"] for f in drawn if not f["summary"].strip()]
        assert silent == [], f"{notebook}: figures with no summary: {silent}"
