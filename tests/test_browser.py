"""Real JupyterLab in headless Chromium: notebooks render, widgets respond, all stays local.

Needs Debian's chromium (`make browser-deps`; CI installs it). Skipped, with the reason, without it.
"""

from __future__ import annotations

import pytest
from browser_support import CHROMIUM, run_all

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed"),
]


@pytest.fixture
def page(browser_page):
    return browser_page


def test_causes_notebook_in_jupyterlab(page, lab, tmp_path):
    from playwright.sync_api import expect

    run_all(page, lab, "01_causes_and_solutions.ipynb")
    # The plotly sunburst renders from the locally installed plotly.js.
    # (JupyterLab hides off-screen cells, so wait for the element to exist, not to be visible.)
    page.wait_for_selector(".js-plotly-plot .sunburstlayer path", state="attached", timeout=120_000)
    # The explorer widget renders and answers a change of cause.
    select = page.locator(".widget-dropdown select").first
    select.wait_for(state="attached", timeout=120_000)
    select.scroll_into_view_if_needed()
    select.select_option(label="Recovery")
    panel = page.locator(".widget-html-content").last
    expect(panel).to_contain_text("Dose: 15-20 minutes at a time", timeout=30_000)
    expect(panel).not_to_contain_text("Running technique")
    search = page.locator(".widget-text input").first
    search.click()
    search.press_sequentially("compress", delay=30)
    expect(panel).to_contain_text("match(es) for compress", timeout=30_000)
    search.fill("")
    search.press_sequentially("cadence", delay=30)
    expect(panel).to_contain_text("under other causes", timeout=30_000)
    page.screenshot(path=str(tmp_path / "01_causes.png"), full_page=False)
    assert page.hosts <= {"127.0.0.1", "localhost"}, f"requests left the machine: {page.hosts}"


def test_routine_player_ticks_in_jupyterlab(page, lab, tmp_path):
    from playwright.sync_api import expect

    run_all(page, lab, "04_warmup_cooldown.ipynb")
    start = page.locator(".widget-toggle-button", has_text="Start")
    start.wait_for(state="attached", timeout=120_000)
    start.scroll_into_view_if_needed()
    now = page.locator(".widget-html-content", has_text="Now: Brisk walking")
    expect(now).to_contain_text("(4:00 left)", timeout=30_000)  # 10-minute beginner warm-up
    start.click()
    # the kernel-side ticker advances the clock once a second while playing
    expect(now).to_contain_text("(3:5", timeout=15_000)
    page.locator(".widget-toggle-button", has_text="Pause").click()
    page.screenshot(path=str(tmp_path / "04_player.png"))
    assert page.hosts <= {"127.0.0.1", "localhost"}, f"requests left the machine: {page.hosts}"


def test_load_app_in_jupyterlab(page, lab, tmp_path):
    from playwright.sync_api import expect

    run_all(page, lab, "03_load_progression.ipynb")
    athlete = page.locator(".widget-dropdown select").first
    athlete.wait_for(state="attached", timeout=120_000)
    athlete.scroll_into_view_if_needed()
    athlete.select_option(label="sam")
    summary = page.locator(".widget-html-content", has_text="rose more than 30%")
    expect(summary).to_contain_text("sam", timeout=30_000)
    assert page.locator(".js-plotly-plot").count() >= 4
    volume = page.locator(".js-plotly-plot", has_text="Weekly load (amber").last
    volume.scroll_into_view_if_needed()
    page.wait_for_timeout(1000)
    # the new athlete's bars are drawn inside the plot area (no stale axis range)
    heights = volume.locator(".barlayer .point path").evaluate_all(
        "paths => paths.map(p => p.getBBox().height)"
    )
    assert len(heights) >= 20 and sum(h > 1 for h in heights) >= 20
    page.screenshot(path=str(tmp_path / "03_load.png"))
    assert page.hosts <= {"127.0.0.1", "localhost"}, f"requests left the machine: {page.hosts}"
