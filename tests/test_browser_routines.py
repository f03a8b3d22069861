"""Notebook 04 in real JupyterLab and chromium: the routine builder, player and downloads."""

from __future__ import annotations

from pathlib import Path

from browser_support import (
    LOCAL_HOSTS,
    browser_marks,
    clipped,
    drawn_points,
    expect_text,
    run_all,
    settle,
    wait_for_figure,
)
from playwright.sync_api import expect

pytestmark = browser_marks()
TIMEOUT = 30_000


def _expect(locator, text: str) -> None:
    expect_text(locator, text, TIMEOUT)


def test_routine_app(browser_page, lab, shots):
    page = browser_page
    run_all(page, lab, "04_warmup_cooldown.ipynb")
    app = page.locator(".widget-vbox", has=page.locator(".widget-toggle-button")).first
    app.wait_for(timeout=120_000)
    app.scroll_into_view_if_needed()
    timeline = wait_for_figure(app, "Warm-up: 10 minutes")
    assert drawn_points(timeline) >= 3  # walk, jog, moves: one bar each
    strength = wait_for_figure(page, "Hamstring strength plan")
    assert all(t["drawn"] >= 10 for t in strength["traces"])  # three exercises, side by side
    shots("warm-up built")

    # The player ticks in the kernel once a second.
    now = app.locator(".widget-html-content", has_text="Now: Brisk walking")
    _expect(now, "(4:00 left)")
    app.locator(".widget-toggle-button", has_text="Start").click()
    _expect(now, "(3:5")
    app.locator(".widget-toggle-button", has_text="Pause").click()
    shots("player paused")

    # A cool-down for the tendon pattern leaves out the hamstring stretch and says why.
    app.get_by_role("button", name="Cool-down").click()
    settle(page)
    condition = app.locator(".widget-vbox", has_text="Condition from the self-assessment").last
    condition.locator("select").select_option(
        label="tendon pattern (pain at the sitting bone, worse sitting)"
    )
    settle(page)
    _expect(
        app.locator(".widget-html-content", has_text="Left out").first, "Static hamstring stretch"
    )
    cool = wait_for_figure(app, "Cool-down: 10 minutes")
    assert drawn_points(cool) >= 4
    app.locator(".js-plotly-plot").first.scroll_into_view_if_needed()
    shots("cool-down for the tendon pattern")

    # A possible strain rules out running: no routine on screen, a message says why and what
    # is allowed; back to the tendon pattern, the routine is drawn again.
    condition.locator("select").select_option(label="possible strain")
    _expect(app.locator(".widget-html-content", has_text="No warm-up or cool-down").first, "Walk")
    expect(app.locator(".js-plotly-plot")).to_have_count(0, timeout=TIMEOUT)
    assert app.get_by_text("Light jogging").filter(visible=True).count() == 0
    app.get_by_text("No warm-up or cool-down for now").scroll_into_view_if_needed()
    shots("possible strain: no routine for a run")
    condition.locator("select").select_option(
        label="tendon pattern (pain at the sitting bone, worse sitting)"
    )
    wait_for_figure(app, "Cool-down: 10 minutes")

    # The handout is a download whose link stays on screen.
    app.get_by_role("button", name="Handout (HTML)").click()
    link = app.get_by_text("Download my_routine.html")
    link.wait_for(timeout=TIMEOUT)
    with page.expect_download() as info:
        link.click()
    page_text = Path(info.value.path()).read_text(encoding="utf-8")
    assert "Cool-down: 10 minutes" in page_text and "Left out for this condition" in page_text
    page.wait_for_timeout(1500)
    assert link.is_visible()
    shots("handout ready")

    page.set_viewport_size({"width": 800, "height": 1000})
    page.wait_for_timeout(1500)
    problems = clipped(page)
    assert problems == [], [
        ", ".join(f"{k}={v}" for k, v in p.items() if k != "label") for p in problems
    ]
    app.scroll_into_view_if_needed()
    shots("800 px wide")
    assert page.hosts <= LOCAL_HOSTS, f"requests left the machine: {page.hosts}"
