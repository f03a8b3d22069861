"""Helpers for the browser tests: drive JupyterLab in Debian's chromium and read what is drawn.

The tests assert what a person sees, read from the page (never from the Python objects): the
points plotly.js drew, the text of visible messages, elements cut off at a narrow width. Each
step saves a screenshot under ``out/screenshots/<test>/`` (git-ignored) for a reviewer.
"""

from __future__ import annotations

import contextlib
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SCREENSHOTS = ROOT / "out" / "screenshots"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
TOKEN = "hamstring-edu-test"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# The fonts pages are laid out with: Debian's DejaVu and Liberation (fonts-dejavu-core,
# fonts-liberation, installed by `make browser-deps`), and nothing else the machine may have
# (see tests/fonts/fonts.conf).
FONTS_CONF = ROOT / "tests" / "fonts" / "fonts.conf"
LOCAL_HOSTS = {"127.0.0.1", "localhost"}
WAIT_MS = 120_000

# Every plotly graph on the page: its title, axis ranges, and per trace the number of points in
# the data plotly.js holds, the x extent, and how many marks it actually drew in the SVG.
_FIGURES_JS = r"""
(root) => Array.from((root || document).querySelectorAll('.js-plotly-plot')).map(gd => {
  const full = gd._fullLayout || {};
  let title = ((full.title && full.title.text) || '').replace(/<br\s*\/?>/g, ' ');
  // a figure shown by the package has its title as page text just above it (a named figure)
  const named = gd.closest('[role=figure]');
  const above = gd.closest('.jp-OutputArea-child');
  const heading = (named && named.getAttribute('aria-labelledby') &&
                   document.getElementById(named.getAttribute('aria-labelledby'))) ||
                  (above && above.previousElementSibling &&
                   above.previousElementSibling.querySelector('.hamstring-figure-title'));
  if ((!title || title === 'Click to enter Plot title') && heading) title = heading.textContent;
  const box = gd.getBoundingClientRect();
  const traces = (gd._fullData || []).map((t, i) => {
    const xs = Array.from(t.x || t.labels || t.values || []);
    const ys = Array.from(t.y || []);
    let drawn = 0;
    const cd = (gd.calcdata || [])[i] || [];
    if (t.type === 'scatter') {
      const lines = gd.querySelectorAll('.scatterlayer .trace');
      const el = Array.from(lines).find(l => l.__data__ && l.__data__[0] &&
                                        l.__data__[0].trace && l.__data__[0].trace.index === i);
      if (el) {
        const path = el.querySelector('path.js-line');
        const pts = el.querySelectorAll('path.point');
        drawn = pts.length + (path && (path.getAttribute('d') || '').length > 2 ?
                              (path.getAttribute('d').match(/[LM]/g) || []).length : 0);
      }
    } else if (t.type === 'bar') {
      const bars = gd.querySelectorAll('.barlayer .trace');
      const el = Array.from(bars).find(l => l.__data__ && l.__data__[0] &&
                                       l.__data__[0].trace && l.__data__[0].trace.index === i);
      if (el) {
        drawn = Array.from(el.querySelectorAll('.point path')).filter(p => {
          const b = p.getBBox(); return b.width > 0.5 && b.height > 0.5; }).length;
      }
    } else {
      drawn = cd.length;
    }
    const numeric = xs.filter(v => v !== null && v !== undefined);
    return {type: t.type, name: t.name || '', visible: t.visible !== false,
            n: Math.max(xs.length, ys.length, cd.length), drawn: drawn,
            x0: numeric.length ? String(numeric[0]) : null,
            x1: numeric.length ? String(numeric[numeric.length - 1]) : null};
  });
  const t = gd.querySelector('.gtitle');
  const title_top = t ? t.getBoundingClientRect().top - box.top : 0;
  const ax = (name) => full[name] ? {type: full[name].type,
                                     range: (full[name].range || []).map(String)} : null;
  const described = named && named.getAttribute('aria-describedby') &&
                    document.getElementById(named.getAttribute('aria-describedby'));
  return {title: title, width: box.width, height: box.height, title_top: title_top,
          named: !!(named && heading && heading.textContent.trim()),
          summary: described ? described.textContent : '',
          xaxis: ax('xaxis'), yaxis: ax('yaxis'), traces: traces};
})
"""

# Elements inside notebook outputs that are cut off: wider content than box (buttons, labels,
# dropdowns, text), or sticking out of the output area to the right.
_CLIPPED_JS = """
() => {
  const out = [];
  const seen = new Set();
  document.querySelectorAll(
    '.jupyter-button, .widget-button, .widget-toggle-button, .widget-label, ' +
    '.widget-dropdown select, .widget-text input, .widget-readout, .js-plotly-plot, ' +
    '.widget-html-content, .widget-slider, .widget-upload'
  ).forEach(el => {
    if (seen.has(el)) return; seen.add(el);
    const r = el.getBoundingClientRect();
    if (r.width === 0 && r.height === 0) return;           // not shown (closed accordion)
    const style = getComputedStyle(el);
    if (style.visibility === 'hidden' || style.display === 'none') return;
    const area = el.closest('.jp-Cell') || document.body;
    const a = area.getBoundingClientRect();
    const label = (el.innerText || el.value || el.className || '').toString().slice(0, 60);
    const tag = el.tagName.toLowerCase();
    const cut = (tag !== 'select' && tag !== 'input' && !el.classList.contains('js-plotly-plot')
                 && !el.classList.contains('widget-html-content') &&
                 el.scrollWidth > el.clientWidth + 2);
    const out_right = r.right > a.right + 2;
    const squashed = (tag === 'select' || tag === 'input') && r.width < 60;
    let title_cut = false;
    if (el.classList.contains('js-plotly-plot')) {  // titles and legend inside the figure
      el.querySelectorAll('.gtitle, .g-xtitle, .g-ytitle, .legendtext').forEach(t => {
        const b = t.getBoundingClientRect();
        if (b.width === 0) return;
        if (b.top < r.top - 1 || b.right > r.right + 1 || b.left < r.left - 1 ||
            b.bottom > r.bottom + 1) title_cut = true;
      });
    }
    // sticking out of the widget that holds it, even by a few pixels (cut letters at 375 px)
    const holder = el.parentElement && el.parentElement.closest('.jupyter-widgets');
    let sticks_out = false;
    if (holder) {
      const h = holder.getBoundingClientRect();
      sticks_out = h.width > 0 && (r.right > h.right + 0.5 || r.left < h.left - 0.5);
    }
    if (cut || out_right || squashed || title_cut || sticks_out) {
      out.push({what: tag + '.' + el.className.toString().split(' ')[0], label: label,
                width: Math.round(r.width), right: Math.round(r.right),
                area_right: Math.round(a.right), cut: cut, out_right: out_right,
                squashed: squashed, title_cut: title_cut, sticks_out: sticks_out});
    }
  });
  // the page itself scrolls sideways: something is wider than the window
  const page = document.scrollingElement || document.documentElement;
  if (page.scrollWidth > window.innerWidth + 0.5) {
    const wide = Array.from(document.querySelectorAll('.jupyter-widgets')).filter(
      e => e.getBoundingClientRect().right > window.innerWidth + 0.5).slice(-1)[0];
    out.push({what: 'page', label: wide ? (wide.className || '').toString().slice(0, 60) : '',
              width: page.scrollWidth, right: page.scrollWidth, area_right: window.innerWidth,
              sideways: true});
  }
  return out;
}
"""


def launch_chromium(playwright: Any) -> Any:
    """Debian's chromium, headless, with the project's fonts only (FONTCONFIG_FILE)."""
    import os

    env = {**os.environ, "FONTCONFIG_FILE": str(FONTS_CONF)}
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, env=env)


def rendered_fonts(page: Any, selector: str) -> list[str]:
    """The font families chromium actually drew the first ``selector``'s text with (each once,
    sorted: bold and regular faces of one family are one family)."""
    session = page.context.new_cdp_session(page)
    session.send("DOM.enable")
    session.send("CSS.enable")
    root = session.send("DOM.getDocument")["root"]["nodeId"]
    node = session.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
    fonts = session.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
    return sorted({f["familyName"] for f in fonts})


def network_host(url: str) -> str:
    """The host a request goes to; in-page data: and blob: URLs count as local."""
    from urllib.parse import urlparse

    parsed = urlparse(url)
    return parsed.hostname if parsed.scheme in {"http", "https", "ws", "wss"} else "127.0.0.1"


def run_all(page: Any, lab: str, notebook: str) -> None:
    """Open a notebook in JupyterLab (a fresh workspace) and run all its cells."""
    workspace = re.sub(r"\W", "_", notebook.removesuffix(".ipynb"))
    page.goto(f"{lab}/lab/workspaces/{workspace}/tree/{notebook}?reset&token={TOKEN}")
    page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=WAIT_MS)
    page.get_by_text("Python 3 (ipykernel) | Idle").wait_for(timeout=WAIT_MS)
    page.get_by_role("menuitem", name="Run", exact=True).click()
    page.get_by_role("menuitem", name="Run All Cells", exact=True).click()
    page.get_by_text("Python 3 (ipykernel) | Idle").wait_for(timeout=WAIT_MS)


def lab_width(page: Any, width: int, height: int = 1000) -> None:
    """Make a JupyterLab page ``width`` px wide, as a person on that screen would use it: below
    1000 px the left sidebar (the file browser) is folded away so the notebook gets the room."""
    page.set_viewport_size({"width": width, "height": height})
    open_tab = page.locator(".jp-SideBar.jp-mod-left .lm-TabBar-tab.lm-mod-current")
    if width < 1000 and open_tab.count():
        open_tab.first.click()
        open_tab.first.wait_for(state="detached", timeout=WAIT_MS)


def figures(scope: Any) -> list[dict[str, Any]]:
    """What plotly.js drew in every graph under ``scope`` (a page or a locator)."""
    return scope.evaluate(_FIGURES_JS)


def figure(scope: Any, title_part: str) -> dict[str, Any]:
    """The one drawn graph whose title contains ``title_part``."""
    found = [f for f in figures(scope) if title_part in f["title"]]
    assert len(found) == 1, f"{len(found)} figures titled {title_part!r}: " + ", ".join(
        f["title"] for f in figures(scope)
    )
    return found[0]


def wait_for_figure(page: Any, title_part: str, *, timeout_ms: int = 60_000) -> dict[str, Any]:
    """Wait until a graph whose title contains ``title_part`` has drawn data; return it.
    ``page`` may be a page or a locator that narrows where to look."""
    clock = page if hasattr(page, "wait_for_timeout") else page.page  # a locator has no clock
    deadline = timeout_ms
    while True:
        found = [f for f in figures(page) if title_part in f["title"]]
        if found and drawn_points(found[0]) > 0:
            return found[0]
        if deadline <= 0:
            titles = [f["title"] for f in figures(page)]
            raise AssertionError(f"no drawn figure titled {title_part!r}; figures: {titles}")
        clock.wait_for_timeout(250)  # a poll interval: the condition above decides
        deadline -= 250


def drawn_points(fig: dict[str, Any]) -> int:
    """How many marks (points, line vertices, bars) plotly.js drew in the figure's traces."""
    return sum(t["drawn"] for t in fig["traces"] if t["visible"])


def assert_dates_within(fig: dict[str, Any], first: str, last: str) -> None:
    """The x axis is a date axis whose range overlaps the data's dates (YYYY-MM-DD strings)."""
    xaxis = fig["xaxis"]
    assert xaxis["type"] == "date", f"{fig['title']}: x axis is {xaxis['type']}, not dates"
    low, high = (v[:10] for v in xaxis["range"])
    assert low <= last and high >= first, (
        f"{fig['title']}: x axis {low}..{high} misses the data {first}..{last}"
    )


def clipped(page: Any) -> list[dict[str, Any]]:
    """Controls or figures that are cut off, squashed or stick out of their output area."""
    return page.evaluate(_CLIPPED_JS)


def visible_text(page: Any, text: str) -> bool:
    """Whether some visible element on the page shows ``text``."""
    return page.get_by_text(text).filter(visible=True).count() > 0 if text else False


class Shots:
    """Numbered screenshots of one test, saved under ``out/screenshots/<test name>/``."""

    def __init__(self, page: Any, name: str) -> None:
        self.page = page
        self.folder = SCREENSHOTS / re.sub(r"[^\w.-]+", "_", name)
        shutil.rmtree(self.folder, ignore_errors=True)
        self.folder.mkdir(parents=True)
        self.count = 0

    def __call__(self, step: str, *, full_page: bool = False, locator: Any = None) -> Path:
        """Save one screenshot of the page (or of one element) named after the step."""
        self.count += 1
        slug = re.sub(r"[^\w.-]+", "_", step)
        path = self.folder / f"{self.count:02d}_{slug}.png"
        if locator is not None:
            locator.screenshot(path=str(path))
        else:
            self.page.screenshot(path=str(path), full_page=full_page)
        return path


def free_port() -> int:
    """A free loopback port."""
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def serve(command: list[str], ready_url: str, log_path: Path, **popen: Any) -> Iterator[None]:
    """Run a server command in its own process group until ``ready_url`` answers; stop the whole
    group afterwards, also when the test fails (make, Jupyter and kernels alike)."""
    import os
    import signal
    import subprocess
    import time
    import urllib.request

    log = log_path.open("w")
    proc = subprocess.Popen(
        command, stdout=log, stderr=subprocess.STDOUT, start_new_session=True, **popen
    )
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                urllib.request.urlopen(ready_url, timeout=2)
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(
                        f"{' '.join(command[:3])} did not start: {log_path.read_text()[-2000:]}"
                    ) from None
                time.sleep(0.5)
        yield
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
        log.close()


@contextlib.contextmanager
def make_app(log_path: Path) -> Iterator[str]:
    """`make app` on a free loopback port: the server's base URL; stopped afterwards."""
    port = free_port()
    base = f"http://127.0.0.1:{port}/"
    command = ["make", "--no-print-directory", "app", f"APP_PORT={port}"]
    with serve(command, f"{base}voila/static/voila.js", log_path, cwd=ROOT):
        yield base


def expect_text(locator: Any, text: str, timeout_ms: int = 30_000) -> None:
    """Wait until ``locator`` shows ``text`` (Playwright's expect, with the suite's timeout)."""
    from playwright.sync_api import expect

    expect(locator).to_contain_text(text, timeout=timeout_ms)


def settle(page: Any) -> None:
    """Wait until JupyterLab's kernel has handled the last change (its status is idle again)."""
    page.wait_for_timeout(300)
    page.get_by_text("Python 3 (ipykernel) | Idle").wait_for(timeout=WAIT_MS)


def browser_marks() -> list[Any]:
    """The marks every browser test module carries: browser, slow, and a skip without chromium."""
    import pytest

    return [
        pytest.mark.browser,
        pytest.mark.slow,
        pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed"),
    ]


# --------------------------------------------------------------------------- the athlete app

ABOUT = "About you, when and where it hurts"
OTHER = "Other warning signs"


def _question_control(page: Any, section: str, question: str, kind: str) -> Any:
    """The control (``select`` or ``input``) whose accessible name is the question: its label
    is the question itself (every section is open; ``section`` only says where it is)."""
    control = page.get_by_label(question).and_(page.locator(kind)).first
    control.scroll_into_view_if_needed()
    return control


def wait_for_form(page: Any, timeout_ms: int = WAIT_MS) -> None:
    """Wait until the self-assessment form is on the page (its first warning-sign question),
    and in Voila until the app's form has taken over from the page's plain first questions."""
    page.get_by_role("combobox", name=FIRST_QUESTION).first.wait_for(timeout=timeout_ms)
    page.wait_for_function("!document.getElementById('hamstring-preview')", timeout=timeout_ms)


FIRST_QUESTION = re.compile("numbness or pins and needles")


def answer(page: Any, section: str, question: str, choice: str) -> None:
    """Pick ``choice`` for a question, as a person would."""
    _question_control(page, section, question, "select").select_option(label=choice)


def type_answer(page: Any, section: str, question: str, text: str) -> None:
    """Type ``text`` as the answer to a question and press Enter."""
    box = _question_control(page, section, question, "input")
    box.fill(text)
    box.press("Enter")


def wait_until_shown(page: Any, text: str, *, shown: bool = True, timeout_ms: int = 60_000) -> None:
    """Wait until ``text`` is (or is no longer) part of what the page renders (innerText)."""
    page.wait_for_function(
        "([t, shown]) => document.body.innerText.includes(t) === shown",
        arg=[text, shown],
        timeout=timeout_ms,
    )


def on_screen(page: Any) -> str:
    """The text the page renders now (hidden widgets give none)."""
    return page.inner_text("body")


def shown_figures(page: Any) -> list[str]:
    """The titles of the plotly figures that take room on the page."""
    return [f["title"] for f in figures(page) if f["width"] > 0 and f["height"] > 0]


# A figure the package shows has its title as page text just above the drawing. What plotly.js
# drew under each such title: the drawing's size, how many marks (bars, points, line vertices) it
# holds, and whether the drawing is a named figure (role=figure, labelled by the title).
_TITLED_JS = r"""
(part) => Array.from(document.querySelectorAll('.hamstring-figure-title'))
  .filter(t => t.textContent.includes(part) && t.getBoundingClientRect().width > 0)
  .map(t => {
    const child = t.closest('.jp-OutputArea-child');
    const next = child && child.nextElementSibling;
    const gd = next && next.querySelector('.js-plotly-plot');
    if (!gd) return null;
    const box = gd.getBoundingClientRect();
    let marks = 0;
    gd.querySelectorAll('.point path, path.point').forEach(p => {
      const b = p.getBBox(); if (b.width > 0.5 || b.height > 0.5) marks += 1; });
    gd.querySelectorAll('path.js-line').forEach(p => {
      marks += ((p.getAttribute('d') || '').match(/[LM]/g) || []).length; });
    const named = next.getAttribute('role') === 'figure' && !!next.getAttribute('aria-labelledby');
    return {title: t.textContent, width: box.width, height: box.height, marks: marks,
            named: named};
  }).filter(x => x)
"""


def drawn_figure(page: Any, title_part: str, *, marks: int = 1) -> dict[str, Any]:
    """Wait until a figure whose title (page text above it) contains ``title_part`` is drawn
    with at least ``marks`` marks; return its size, marks and whether it is a named figure."""
    page.wait_for_function(
        "([js, part, marks]) => eval(js)(part).some(f => f.marks >= marks && f.height > 0)",
        arg=[_TITLED_JS, title_part, marks],
        timeout=WAIT_MS,
    )
    return next(f for f in page.evaluate(_TITLED_JS, title_part) if f["marks"] >= marks)


def titled_figures(page: Any) -> list[str]:
    """The titles of the package's figures that take room on the page."""
    return [f["title"] for f in page.evaluate(_TITLED_JS, "") if f["height"] > 0]


RUNNING_WORDS = ("Light jogging", "Leg swings", "Walking lunges", "Strides", "Walk-run plan")


def stop_running_journey(page: Any, shots: Any, where: str) -> str:
    """The athlete app after ordinary answers, then an invalid answer and a pop: what a person
    sees. Returns the printable summary the page downloads at the end."""
    answer(page, ABOUT, "When did the soreness start?", "The next day or the day after")
    answer(page, ABOUT, "Can you point to one sore spot", "Spread over the back of the thigh")
    type_answer(page, "Recent training", "By how much has your weekly running distance", "25")
    drawn_figure(page, "Warm-up:", marks=3)
    totals = page.get_by_label("Weekly totals, oldest first")
    totals.scroll_into_view_if_needed()
    totals.fill("20, 22, 24, 26")
    totals.press("Enter")
    drawn_figure(page, "Progression plan", marks=2)
    wait_until_shown(page, "fit delayed onset muscle soreness")
    shots(f"{where}: ordinary soreness, a warm-up and a plan")

    # An answer that is not understood, then a new warning sign: nothing old stays.
    type_answer(page, ABOUT, "How many days ago did it start?", "lots")
    wait_until_shown(page, "Fix the answer marked in red")
    answer(page, OTHER, "did you feel or hear a 'pop'", "Yes")
    wait_until_shown(page, "A pop or sudden sharp pain during the run")
    text = on_screen(page)
    for old in ("fit delayed onset muscle soreness", *RUNNING_WORDS, "2. Today's warm-up"):
        assert old not in text, f"{old!r} still on screen after the new sign"
    assert not [t for t in titled_figures(page) if "Warm-up" in t or "Progression" in t]
    shots(f"{where}: a pop while an answer needs fixing")

    # The answer fixed: the pop governs the page. No run, no build-up, first aid only.
    type_answer(page, ABOUT, "How many days ago did it start?", "1")
    wait_until_shown(page, "No warm-up or cool-down for now")
    wait_until_shown(page, "No plan for the coming weeks")
    wait_until_shown(page, "The stages wait for a clinician")
    text = on_screen(page)
    assert "Stop running" in text and "Walk as far as it stays comfortable" in text
    assert "Until a clinician has seen the leg" in text
    for ruled_out in (*RUNNING_WORDS, "fit delayed onset muscle soreness"):
        assert ruled_out not in text, f"{ruled_out!r} next to 'Stop running'"
    drawn_figure(page, "Which causes fit your answers")
    shown = titled_figures(page)
    assert not [t for t in shown if "Warm-up" in t or "Progression" in t or "Walk-run" in t]
    assert [t for t in shown if "first" in t.lower() or "strain" in t.lower()], shown
    # the cause chart, hidden while the answer needed fixing, is drawn again at its full size
    assert [t for t in shown if t.startswith("Which causes fit your answers")], shown
    page.get_by_text("No warm-up or cool-down for now").first.scroll_into_view_if_needed()
    shots(f"{where}: stop running, and what is allowed")

    page.get_by_role("button", name="Printable summary of this page (HTML)").click()
    link = page.get_by_text("Download my_assessment_summary.html")
    link.wait_for(timeout=WAIT_MS)
    with page.expect_download() as info:
        link.click()
    return Path(info.value.path()).read_text(encoding="utf-8")


def settled_layout(page: Any, timeout_ms: int = 60_000) -> list[dict[str, Any]]:
    """After a resize: wait until nothing is clipped (charts reflow at their own pace on a busy
    machine), and return what is still clipped when the time is up (empty when all fits)."""
    import time

    deadline = time.monotonic() + timeout_ms / 1000
    while True:
        problems = clipped(page)
        if not problems or time.monotonic() > deadline:
            return problems
        page.wait_for_timeout(250)  # a poll interval, not a guess at how long the reflow takes


# --------------------------------------------------------------------------- accessibility

AXE_JS = Path(__import__("sys").prefix) / "share" / "axe-core" / "axe.min.js"
A11Y_REPORTS = ROOT / "out" / "a11y"
# WCAG 2.0, 2.1 and 2.2, levels A and AA: the rules the law asks for.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def axe_scan(page: Any, name: str, *, include: str | None = None) -> list[dict[str, Any]]:
    """Run axe-core in the page (read from disk, never fetched) and write every violation to
    ``out/a11y/<name>.json``; return the critical and serious ones."""
    import json

    if not AXE_JS.is_file():
        raise AssertionError(f"axe-core is not installed at {AXE_JS}: run tools/fetch_axe.py")
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.add_script_tag(content=AXE_JS.read_text(encoding="utf-8"))
    result = page.evaluate(
        """([tags, include]) => axe.run(include ? {include: [include]} : document,
                                         {runOnly: {type: 'tag', values: tags},
                                          resultTypes: ['violations']})""",
        [AXE_TAGS, include],
    )
    violations = [
        {
            "id": v["id"],
            "impact": v["impact"],
            "help": v["help"],
            "nodes": [
                {"target": n["target"], "html": n["html"][:300], "summary": n["failureSummary"]}
                for n in v["nodes"]
            ],
        }
        for v in result["violations"]
    ]
    A11Y_REPORTS.mkdir(parents=True, exist_ok=True)
    report = A11Y_REPORTS / (re.sub(r"[^\w.-]+", "_", name) + ".json")
    report.write_text(json.dumps(violations, indent=1) + "\n", encoding="utf-8")
    return [v for v in violations if v["impact"] in {"critical", "serious"}]


def describe_violations(violations: list[dict[str, Any]]) -> str:
    """The violations in a few readable lines (rule, impact, how many, the first element)."""
    return "\n".join(
        f"{v['impact']} {v['id']} ({len(v['nodes'])}): {v['help']}: {v['nodes'][0]['html'][:160]}"
        for v in violations
    )


def assert_no_serious(page: Any, name: str) -> None:
    """axe-core (WCAG 2.0-2.2 A and AA) finds no critical or serious violation on the page."""
    found = axe_scan(page, name)
    assert found == [], describe_violations(found)


def assert_nothing_clipped(page: Any) -> None:
    """Once the layout has settled, nothing is clipped or cut and the page does not scroll
    sideways."""
    problems = settled_layout(page)
    assert problems == [], [
        ", ".join(f"{k}={v}" for k, v in p.items() if k != "label") for p in problems
    ]
