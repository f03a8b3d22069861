"""The athlete app served by `make app` (Voila) in headless chromium: no code in sight, the
whole journey by clicking, the urgent page and nothing else, a downloaded summary, a phone-width
screen, two visitors who never see each other's answers, and nothing fetched from the internet.
The server is stopped by the fixture, also when a test fails."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from browser_support import (
    CHROMIUM,
    CHROMIUM_ARGS,
    LOCAL_HOSTS,
    ROOT,
    browser_marks,
    clipped,
    drawn_points,
    expect_text,
    free_port,
    network_host,
    serve,
    settled_layout,
    stop_running_journey,
    wait_for_figure,
)

pytestmark = [
    *browser_marks(),
    pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed"),
]
TIMEOUT = 60_000


@pytest.fixture(scope="module")
def app_url(tmp_path_factory):
    """`make app` on a free loopback port; stopped (the whole process group) afterwards."""
    port = free_port()
    command = ["make", "--no-print-directory", "app", f"APP_PORT={port}"]
    ready = f"http://127.0.0.1:{port}/voila/static/voila.js"
    log = tmp_path_factory.mktemp("voila") / "voila.log"
    with serve(command, ready, log, cwd=ROOT):
        yield f"http://127.0.0.1:{port}/voila/render/app.ipynb"


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def _visitor(browser, width: int = 1400):
    context = browser.new_context(viewport={"width": width, "height": 1000}, accept_downloads=True)
    page = context.new_page()
    page.hosts = set()
    page.on("request", lambda req: page.hosts.add(network_host(req.url)))
    return page


def _expect(locator, text: str) -> None:
    expect_text(locator, text, TIMEOUT)


def _open(page, url: str) -> None:
    page.goto(url)
    page.locator(".jupyter-widget-Collapse-header").first.wait_for(timeout=120_000)


def _choose(page, section: str, question: str, label: str) -> None:
    header = page.locator(".jupyter-widget-Collapse-header", has_text=section)
    if "Collapse-open" not in (header.locator("xpath=..").get_attribute("class") or ""):
        header.click()
    label_el = page.locator(".widget-html", has=page.get_by_text(question)).first
    select = label_el.locator("xpath=following-sibling::div[1]").locator("select")
    select.scroll_into_view_if_needed()
    select.select_option(label=label)
    page.wait_for_timeout(600)


def _type(page, section: str, question: str, text: str) -> None:
    header = page.locator(".jupyter-widget-Collapse-header", has_text=section)
    if "Collapse-open" not in (header.locator("xpath=..").get_attribute("class") or ""):
        header.click()
    label_el = page.locator(".widget-html", has=page.get_by_text(question)).first
    box = label_el.locator("xpath=following-sibling::div[1]").locator("input")
    box.scroll_into_view_if_needed()
    box.fill(text)
    box.press("Enter")
    page.wait_for_timeout(600)


ABOUT = "About you, when and where it hurts"


def test_the_athlete_journey_in_voila(browser, app_url, shots):
    page = _visitor(browser)
    shots.page = page
    _open(page, app_url)
    assert page.get_by_text("import hamstring_edu").count() == 0  # no code in sight
    assert page.get_by_text("Answer a first question above").is_visible()
    shots("voila: the questionnaire")

    # The journey: answers -> causes and a drawn chart -> today's routine -> the weeks ahead.
    _choose(page, ABOUT, "When did the soreness start?", "The next day or the day after")
    _type(page, "Recent training", "By how much has your weekly running distance", "40")
    causes = wait_for_figure(page, "Which causes fit your answers", timeout_ms=TIMEOUT)
    assert drawn_points(causes) >= 1
    _expect(page.locator(".widget-html-content", has_text="The causes that fit").last, "Overuse")
    timeline = wait_for_figure(page, "Warm-up:", timeout_ms=TIMEOUT)
    assert drawn_points(timeline) >= 3
    page.get_by_text("2. Today's warm-up and cool-down").scroll_into_view_if_needed()
    shots("voila: causes and today's warm-up")

    totals = page.locator(".widget-text input[placeholder*='oldest first']")
    totals.scroll_into_view_if_needed()
    totals.fill("20, 22, 30, 24, 26, 34")
    totals.press("Enter")
    weeks = wait_for_figure(page, "Weekly load", timeout_ms=TIMEOUT)
    assert drawn_points(weeks) >= 6
    _expect(
        page.locator(".widget-html-content", has_text="above two weeks before").first, "nielsen2014"
    )
    plan = wait_for_figure(page, "Progression plan", timeout_ms=TIMEOUT)
    assert drawn_points(plan) >= 2
    shots("voila: the weeks ahead")

    # The printable summary is a browser download (nothing written on the server).
    page.get_by_role("button", name="Printable summary of this page (HTML)").click()
    link = page.get_by_text("Download my_assessment_summary.html")
    link.wait_for(timeout=TIMEOUT)
    with page.expect_download() as info:
        link.click()
    summary = Path(info.value.path()).read_text(encoding="utf-8")
    assert "The causes that fit your answers best" in summary and "Today's warm-up" in summary
    assert "The weeks ahead" in summary
    assert not list((ROOT / "notebooks").glob("my_assessment*"))  # nothing saved server-side

    # A warning sign: the urgent page and nothing else.
    _choose(page, "Other warning signs", "Is your calf or thigh swollen", "Yes")
    _expect(
        page.locator(".widget-html-content", has_text="you reported a warning sign").first,
        "See a doctor today",
    )
    page.wait_for_timeout(1000)
    for hidden in ("2. Today's warm-up", "3. The coming weeks", "The causes that fit your"):
        assert page.get_by_text(hidden).filter(visible=True).count() == 0, hidden
    assert page.locator(".js-plotly-plot").filter(visible=True).count() == 0
    shots("voila: the urgent page, nothing else")
    _choose(page, "Other warning signs", "Is your calf or thigh swollen", "— not answered —")
    wait_for_figure(page, "Warm-up:", timeout_ms=TIMEOUT)

    # A phone, 375 px wide: nothing clipped.
    page.set_viewport_size({"width": 375, "height": 800})
    page.wait_for_timeout(1500)
    problems = clipped(page)
    assert problems == [], [
        ", ".join(f"{k}={v}" for k, v in p.items() if k != "label") for p in problems
    ]
    page.get_by_text("2. Today's warm-up and cool-down").scroll_into_view_if_needed()
    shots("voila: 375 px wide")
    assert page.hosts <= LOCAL_HOSTS, f"requests left the machine: {page.hosts}"
    page.context.close()


def test_two_visitors_never_see_each_others_answers(browser, app_url):
    first, second = _visitor(browser), _visitor(browser)
    _open(first, app_url)
    _type(first, "Recent training", "By how much has your weekly running distance", "55")
    wait_for_figure(first, "Which causes fit your answers", timeout_ms=TIMEOUT)
    _open(second, app_url)
    label = second.locator(
        ".widget-html", has=second.get_by_text("By how much has your weekly")
    ).first
    box = label.locator("xpath=following-sibling::div[1]").locator("input")
    assert box.input_value() == ""
    assert second.get_by_text("Answer a first question above").is_visible()
    _choose(second, "Warning signs that need help now", "coughed up blood", "Yes")
    banner = second.locator(".widget-html-content", has_text="Emergency: call your local")
    _expect(banner.first, "emergency department now")
    first.wait_for_timeout(1000)
    assert first.get_by_text("Emergency: call your local").count() == 0
    for page in (first, second):
        assert page.hosts <= LOCAL_HOSTS
        page.context.close()


def test_a_stop_running_sign_governs_the_voila_page(browser, app_url, shots):
    """Issue 20 in Voila: after a pop, no running routine, build-up or walk-run on screen or
    in the summary; a new sign after an invalid answer leaves nothing old on screen."""
    page = _visitor(browser, width=800)
    shots.page = page
    _open(page, app_url)
    summary = stop_running_journey(page, shots, "voila")
    assert "Today's warm-up" not in summary and "The weeks ahead" not in summary
    assert "Until a clinician has seen the leg" in summary and "No running" in summary
    page.set_viewport_size({"width": 375, "height": 800})
    page.get_by_text("No warm-up or cool-down for now").first.scroll_into_view_if_needed()
    problems = settled_layout(page)
    shots("voila: stop running at 375 px")
    page.locator(".js-plotly-plot").first.scroll_into_view_if_needed()
    shots("voila: the cause chart at 375 px")
    assert problems == [], [
        ", ".join(f"{k}={v}" for k, v in p.items() if k != "label") for p in problems
    ]
    assert page.hosts <= LOCAL_HOSTS, f"requests left the machine: {page.hosts}"
    page.context.close()
