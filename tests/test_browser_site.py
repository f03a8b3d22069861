"""The static site (`make site`, issue 23) in headless chromium, served by a plain file server on
loopback: the athlete app in Voici (the whole stop-running journey by clicking, the urgent page,
the summary), a course notebook's Run All in JupyterLite with every figure drawn, the book's
pages and the start page; each with axe-core, nothing clipped, and every request a GET for a file
of the site: nothing leaves it, and no answer is sent anywhere (the Python runs in the page).

`make test` builds the site first; run alone without it, these tests skip with the command."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from browser_support import (
    ABOUT,
    answer,
    assert_no_serious,
    assert_nothing_clipped,
    browser_marks,
    on_screen,
    serve,
    stop_running_journey,
    type_answer,
    wait_for_form,
    wait_until_shown,
)
from browser_support import free_port as _free_port

ROOT = Path(__file__).resolve().parents[1]
SITE = ROOT / "build" / "site"
pytestmark = [
    *browser_marks(),
    pytest.mark.skipif(
        not (SITE / "voici" / "render" / "app.html").is_file()
        or not (SITE / "book" / "index.html").is_file(),
        reason="the site is not built: make site",
    ),
]
KERNEL_MS = 240_000  # Pyodide and the package loading in a tab, on a busy machine
RUN_MS = 300_000  # a whole notebook run by Pyodide
LAB_IDLE = "Python (Pyodide) | Idle"


@pytest.fixture(scope="module")
def site_url(tmp_path_factory):
    """The built site on a plain static file server on loopback (what any web host does)."""
    port = _free_port()
    base = f"http://127.0.0.1:{port}/"
    command = [sys.executable, "-m", "http.server", "--bind", "127.0.0.1", str(port)]
    log = tmp_path_factory.mktemp("site") / "http.log"
    with serve(command, f"{base}index.html", log, cwd=SITE):
        yield base
    # what reached the server: only GETs (the kernel's file requests, /api/drive, are POSTs
    # that JupyterLite's service worker answers in the browser; none may reach a server)
    lines = [line for line in log.read_text().splitlines() if '"' in line]
    assert lines and all('"GET ' in line for line in lines), [
        line for line in lines if '"GET ' not in line
    ][:5]


def _visitor(browser, site_url: str, width: int):
    """A new browser profile (an empty cache: a first visit) that records every request."""
    context = browser.new_context(viewport={"width": width, "height": 900}, accept_downloads=True)
    page = context.new_page()
    page.requests = []
    record = page.requests.append
    context.on("request", lambda req: record((req.method, req.url)))
    page.site_url = site_url
    return page


def _only_the_site(page) -> None:
    """Every request of the page (its workers included) went to the site: nothing left it. The
    only requests that are not GETs are the kernel's own file reads and writes (/api/drive),
    which JupyterLite's service worker answers inside the browser (the server's log is checked
    when the module ends: no request but GETs reached it)."""
    others = [
        (m, u)
        for m, u in page.requests
        if not u.startswith(page.site_url) and not u.startswith(("data:", "blob:"))
    ]
    assert others == [], f"requests outside the site: {others[:5]}"
    sent = {u.removeprefix(page.site_url) for m, u in page.requests if m != "GET"}
    assert sent <= {"api/drive"}, f"something was sent: {sorted(sent)[:5]}"


# --------------------------------------------------------------------------- Voici


@pytest.mark.parametrize("width", [375, 1400])
def test_the_athlete_app_runs_in_the_browser_alone_up_to_the_urgent_page(
    browser, site_url, shots, width
):
    """Voici: the app's first questions at once, then its form from the tab's own Python; the
    stop-running journey as in Voila (a pop governs the page and the summary)."""
    page = _visitor(browser, site_url, width)
    shots.page = page
    page.goto(f"{site_url}voici/render/app.html")
    page.locator("#hamstring-preview select").first.wait_for(timeout=KERNEL_MS)
    shots(f"voici {width} px: the first questions before Python has started")
    wait_for_form(page, timeout_ms=KERNEL_MS)
    assert "Educational, not a diagnosis" in on_screen(page)
    assert_no_serious(page, f"voici_app_{width}")
    summary = stop_running_journey(page, shots, f"voici {width} px")
    assert "Today's warm-up" not in summary and "The weeks ahead" not in summary
    assert "Until a clinician has seen the leg" in summary and "No running" in summary
    page.get_by_text("No warm-up or cool-down for now").first.scroll_into_view_if_needed()
    assert_nothing_clipped(page)
    assert_no_serious(page, f"voici_stop_running_{width}")
    shots(f"voici {width} px: stop running")
    _only_the_site(page)
    page.context.close()


def test_a_red_flag_in_voici_sends_the_person_to_help(browser, site_url, shots):
    """The urgent page: a saddle-area numbness answer gives the emergency headline, in the tab."""
    page = _visitor(browser, site_url, 375)
    shots.page = page
    page.goto(f"{site_url}voici/render/app.html")
    wait_for_form(page, timeout_ms=KERNEL_MS)
    question = page.get_by_role(
        "combobox", name="numbness or pins and needles between your inner thighs"
    )
    question.select_option(label="Yes")
    wait_until_shown(page, "Emergency: call your local emergency number", timeout_ms=KERNEL_MS)
    text = on_screen(page)
    for step in ("Today's warm-up", "Light jogging", "Walk-run plan"):
        assert step not in text, f"{step!r} on the urgent page"
    headline = page.get_by_text("Emergency: call your local emergency number").first
    headline.scroll_into_view_if_needed()
    shots("voici 375 px: the urgent page")
    assert_no_serious(page, "voici_urgent")
    _only_the_site(page)
    page.context.close()


def test_the_apps_links_open_the_notebooks_voici_pages(browser, site_url):
    """A "Read more" link of the app, written for Voila (NAME.ipynb), opens NAME.html here."""
    page = _visitor(browser, site_url, 1400)
    page.goto(f"{site_url}voici/render/app.html")
    wait_for_form(page, timeout_ms=KERNEL_MS)
    answer(page, ABOUT, "When did the soreness start?", "Suddenly, during a run")
    answer(page, ABOUT, "Can you point to one sore spot", "One spot I can point to")
    answer(page, ABOUT, "Is it one leg or both?", "One leg")
    type_answer(page, ABOUT, "How many days ago did it start?", "3")
    wait_until_shown(page, "When did the pain start", timeout_ms=KERNEL_MS)
    link = page.get_by_role("link", name="recovery (opens in a new tab)", exact=True)
    link.wait_for(timeout=KERNEL_MS)  # once the tab's Python has drawn the steps
    link.scroll_into_view_if_needed()
    link.hover()
    assert link.get_attribute("href") == "05_recovery.html"
    with page.context.expect_page() as opened:
        link.click()
    opened.value.wait_for_load_state()
    assert opened.value.url == f"{site_url}voici/render/05_recovery.html"
    assert opened.value.title()
    page.context.close()


# --------------------------------------------------------------------------- JupyterLite


def test_a_course_notebook_runs_whole_in_jupyterlite_with_every_figure(browser, site_url, shots):
    """Run All on notebook 03 in the browser's own Python: no error, each figure of the book's
    (CPython) run drawn here too, with points, and nothing fetched from outside the site."""
    page = _visitor(browser, site_url, 1400)
    shots.page = page
    page.goto(f"{site_url}lab/index.html?path=03_load_progression.ipynb")
    page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=KERNEL_MS)
    page.get_by_text(LAB_IDLE).wait_for(timeout=KERNEL_MS)
    page.get_by_role("menuitem", name="Run", exact=True).click()
    page.get_by_role("menuitem", name="Run All Cells", exact=True).click()
    page.wait_for_function(
        """() => { const p = [...document.querySelectorAll('.jp-CodeCell .jp-InputPrompt')];
                   return p.length > 0 && p.every(e => /\\[\\d+\\]/.test(e.textContent)); }""",
        timeout=RUN_MS,
        polling=500,
    )
    page.get_by_text(LAB_IDLE).wait_for(timeout=RUN_MS)
    errors = page.locator("[data-mime-type='application/vnd.jupyter.stderr']").all_inner_texts()
    assert errors == [], errors[:2]
    book = (SITE / "book" / "03_load_progression.html").read_text(encoding="utf-8")
    drawn = page.evaluate(
        """() => [...document.querySelectorAll('.js-plotly-plot')].map(g => ({
               title: (g.layout && g.layout.title && g.layout.title.text) || '',
               points: (g._fullData || []).reduce(
                   (n, t) => n + (t.x || t.y || t.values || []).length, 0)}))"""
    )
    assert len(drawn) >= book.count('class="book-figure"') >= 4, drawn
    assert all(f["points"] > 0 for f in drawn), drawn
    page.locator(".js-plotly-plot").filter(visible=True).first.scroll_into_view_if_needed()
    shots("jupyterlite: notebook 03 run whole, a figure")
    _only_the_site(page)
    page.context.close()


# --------------------------------------------------------------------------- the book and start


@pytest.mark.parametrize("width", [375, 800, 1400])
def test_a_book_chapter_reads_and_draws_its_figures_without_a_server(
    browser, site_url, shots, width
):
    page = _visitor(browser, site_url, width)
    shots.page = page
    page.goto(f"{site_url}book/03_load_progression.html")
    count = page.locator(".book-figure").count()
    assert count >= 4
    page.wait_for_function(
        "n => [...document.querySelectorAll('.book-figure')].filter(g => g._fullData && "
        "g.querySelector('.main-svg')).length === n",
        arg=count,
        timeout=60_000,
    )
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    run = page.locator(".book-run").get_by_role(
        "link", name="Run this page in your browser (JupyterLite)"
    )
    assert run.get_attribute("href") == "../lab/index.html?path=03_load_progression.ipynb"
    page.get_by_text("Contents").first.click()
    page.get_by_role("link", name="References").first.wait_for()
    assert_no_serious(page, f"book_03_{width}")
    page.locator(".book-figure").first.scroll_into_view_if_needed()
    shots(f"book {width} px: a chapter's figure")
    page.emulate_media(media="print")
    assert not page.locator(".book-toc").is_visible() and not run.is_visible()
    page.emulate_media(media="screen")
    _only_the_site(page)
    page.context.close()


@pytest.mark.parametrize("width", [375, 1400])
def test_the_start_page_names_the_three_parts_and_each_opens(browser, site_url, shots, width):
    page = _visitor(browser, site_url, width)
    shots.page = page
    page.goto(site_url)
    for name in ("The athlete app", "The course in JupyterLite", "The course as a book"):
        link = page.get_by_role("link", name=name)
        box = link.bounding_box()
        assert box and box["height"] >= 24 and box["x"] + box["width"] <= width, name
    assert "not a diagnosis" in page.inner_text("body")
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert_no_serious(page, f"site_start_{width}")
    shots(f"site start page {width} px")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "The athlete app"
    page.get_by_role("link", name="The course as a book").click()
    page.get_by_role(
        "heading", name="Sore hamstrings after running: the course as a book"
    ).wait_for()
    _only_the_site(page)
    page.context.close()


@pytest.mark.parametrize("width", [375, 1400])
def test_the_books_contents_and_references_read_at_any_width(browser, site_url, shots, width):
    page = _visitor(browser, site_url, width)
    shots.page = page
    for name in ("index.html", "references.html"):
        page.goto(f"{site_url}book/{name}")
        assert page.evaluate("document.documentElement.scrollWidth") <= width, name
        assert_no_serious(page, f"book_{name}_{width}")
        shots(f"book {name} at {width} px")
    entry = page.locator("li#buist2008")
    assert "Buist" in entry.inner_text() and "doi.org" in entry.inner_text()
    page.goto(f"{site_url}book/index.html")
    page.get_by_role("main").get_by_role(
        "link", name="Load progression: how fast is too fast?"
    ).click()
    page.get_by_role("heading", name="Load progression: how fast is too fast?").wait_for()
    _only_the_site(page)
    page.context.close()
