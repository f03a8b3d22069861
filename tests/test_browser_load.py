"""The load app in real JupyterLab and chromium: every chart draws its dates, every action answers.

The issue's blocker was that two of the three charts were always empty, on an x axis of 2000:
each chart here must draw points inside the log's own date range, read from the page.
"""

from __future__ import annotations

from browser_support import (
    LOCAL_HOSTS,
    ROOT,
    assert_dates_within,
    browser_marks,
    clipped,
    drawn_points,
    expect_text,
    figures,
    run_all,
    settle,
    wait_for_figure,
)

pytestmark = browser_marks()
TIMEOUT = 30_000
DEVICE_FILES = ROOT / "tests" / "data" / "devices"
CHARTS = ("Weekly load", "Acute:chronic workload ratio", "Fitness, fatigue and form")


def _expect(locator, text: str) -> None:
    expect_text(locator, text, TIMEOUT)


def _app_charts(app, first: str, last: str) -> None:
    """Each of the app's three charts has drawn points, on a date axis covering the data."""
    for title in CHARTS:
        found = [f for f in figures(app) if title in f["title"]]
        assert len(found) == 1, [f["title"] for f in figures(app)]
        fig = found[0]
        assert drawn_points(fig) > 5, (title, fig["traces"])
        assert_dates_within(fig, first, last)


def test_load_app(browser_page, lab, shots):
    page = browser_page
    run_all(page, lab, "03_load_progression.ipynb")
    app = page.locator(".widget-vbox", has=page.locator(".widget-upload")).first
    app.wait_for(timeout=120_000)
    wait_for_figure(page, "Progression plan")
    # The notebook's own figures (above the app) draw too.
    for title in CHARTS:
        assert any(title in f["title"] and drawn_points(f) > 5 for f in figures(page)), title
    app.scroll_into_view_if_needed()
    _app_charts(app, "2024-01-01", "2024-06-30")
    shots("sample team, first athlete")

    # Another athlete: the charts redraw for them and keep their dates.
    app.locator("select").first.select_option(label="sam")
    settle(page)
    _expect(app.locator(".widget-html-content", has_text="weeks;").first, "sam")
    _app_charts(app, "2024-01-01", "2024-06-30")
    acwr = next(f for f in figures(app) if CHARTS[1] in f["title"])
    acwr_el = app.locator(".js-plotly-plot").nth(1)
    acwr_el.scroll_into_view_if_needed()
    shots("sam: ACWR drawn", locator=acwr_el)
    assert acwr["yaxis"]["range"]

    # Miles: the weekly chart relabels, the planner converts its distances and says so.
    app.get_by_role("button", name="miles").click()
    settle(page)
    _expect(app.get_by_text("Weekly distance now (miles)"), "miles")
    goal = app.locator(".widget-vbox", has_text="Weekly distance goal (miles)").last
    _expect(goal.locator(".widget-readout"), "28")  # 45 km converted, not relabelled
    weekly = next(f for f in figures(app) if CHARTS[0] in f["title"])
    assert drawn_points(weekly) > 5

    # The planner: a steep rise gets its warnings next to the sliders.
    box = app.locator(".widget-vbox", has_text="Largest rise from one week to the next").last
    handle = box.locator(".noUi-handle").first
    handle.scroll_into_view_if_needed()
    handle.focus()
    for _ in range(12):
        handle.press("ArrowRight")
    settle(page)
    _expect(app.locator(".widget-html-content", has_text="Before you use this plan").first, "10%")
    plan = wait_for_figure(page, "Progression plan")
    assert drawn_points(plan) > 3
    app.locator(".js-plotly-plot").last.scroll_into_view_if_needed()
    shots("planner warning")

    # An upload from a watch: the file keeps its name; a route is listed as left out.
    button = app.locator(".widget-upload").first
    button.scroll_into_view_if_needed()
    with page.expect_file_chooser() as chooser:
        button.click()
    chooser.value.set_files(
        [
            str(DEVICE_FILES / "fit" / "garmin-fenix-5-run.fit"),
            str(DEVICE_FILES / "gpx" / "route.gpx"),
        ]
    )
    message = app.locator(".widget-html-content", has_text="Read 1 activities")
    _expect(message.first, "garmin-fenix-5-run.fit")
    _expect(message.first, "route.gpx")
    page.wait_for_timeout(2500)
    assert message.first.is_visible()  # the confirmation stays
    assert "tmp" not in message.first.inner_text()
    message.first.scroll_into_view_if_needed()
    shots("upload read, route left out")

    # 800 px wide: nothing clipped, every chart still inside its cell.
    page.set_viewport_size({"width": 800, "height": 1000})
    page.wait_for_timeout(1500)
    problems = clipped(page)
    assert problems == [], [
        ", ".join(f"{k}={v}" for k, v in p.items() if k != "label") for p in problems
    ]
    app.locator(".js-plotly-plot").first.scroll_into_view_if_needed()
    shots("800 px wide")
    assert page.hosts <= LOCAL_HOSTS, f"requests left the machine: {page.hosts}"
