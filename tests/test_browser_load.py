"""The load app in real JupyterLab and chromium: every chart draws its dates, every action answers,
the app passes an accessibility scan, and its planner can be used with the keyboard alone.

The issue's blocker was that two of the three charts were always empty, on an x axis of 2000:
each chart here must draw points inside the log's own date range, read from the page.
"""

from __future__ import annotations

import time

from browser_support import (
    LOCAL_HOSTS,
    ROOT,
    assert_dates_within,
    axe_scan,
    browser_marks,
    describe_violations,
    drawn_points,
    expect_text,
    lab_width,
    run_all,
    settle,
    settled_layout,
)
from browser_support import figures as drawn_figures

pytestmark = browser_marks()
TIMEOUT = 30_000
DEVICE_FILES = ROOT / "tests" / "data" / "devices"
CHARTS = ("Weekly load", "Acute:chronic workload ratio", "Fitness, fatigue and form")
APP = ".hamstring-load-app"
SCAN = '[data-scan="load-app"]'  # the app's cell output area, marked for the scan


PLACEHOLDER = "Click to enter Plot title"  # what plotly.js reports for a figure without a title
_HEADINGS = """(root) =>
Array.from((root || document).querySelectorAll('.js-plotly-plot')).map(gd => {
  const child = gd.closest('.jp-OutputArea-child');
  const above = child && child.previousElementSibling &&
                child.previousElementSibling.querySelector('.hamstring-figure-title');
  return above ? above.textContent.trim() : '';
})"""


def figures(scope) -> list[dict]:
    """The drawn figures, each titled by the title the page shows above it when the drawing
    itself has none (the package puts a figure's title in the page, where it wraps)."""
    found = drawn_figures(scope)
    headings = scope.evaluate(_HEADINGS)
    for fig, heading in zip(found, headings, strict=False):
        if (not fig["title"] or fig["title"] == PLACEHOLDER) and heading:
            fig["title"] = heading
    return found


def wait_for_figure(scope, title_part: str, timeout_s: float = 60) -> dict:
    """Wait until a figure titled ``title_part`` has drawn data; return it."""
    page = scope if hasattr(scope, "wait_for_timeout") else scope.page
    deadline = time.monotonic() + timeout_s
    while True:
        found = [f for f in figures(scope) if title_part in f["title"]]
        if found and drawn_points(found[0]) > 0:
            return found[0]
        if time.monotonic() > deadline:
            titles = [f["title"] for f in figures(scope)]
            raise AssertionError(f"no drawn figure titled {title_part!r}; figures: {titles}")
        page.wait_for_timeout(250)  # a poll interval: the condition decides


def _expect(locator, text: str) -> None:
    expect_text(locator, text, TIMEOUT)


def _app_charts(app, first: str, last: str) -> None:
    """Each of the app's three charts has drawn points, on a date axis covering the data."""
    for title in CHARTS:
        found = [f for f in figures(app) if title in f["title"] and "Your" not in f["title"]]
        assert found, [f["title"] for f in figures(app)]
        fig = found[0]
        assert drawn_points(fig) > 5, (title, fig["traces"])
        assert_dates_within(fig, first, last)


def _open_app(page, lab):
    run_all(page, lab, "03_load_progression.ipynb")
    app = page.locator(APP).first
    app.wait_for(timeout=120_000)
    wait_for_figure(app, "Progression plan")
    page.evaluate(  # the scan covers the app's whole output area (the cell's .jp-OutputArea)
        f"() => document.querySelector('{APP}').closest('.jp-OutputArea')"
        ".setAttribute('data-scan', 'load-app')"
    )
    return app


def _no_serious_violations(page, name: str) -> None:
    assert page.locator(SCAN).count() == 1, "the app's output area is not marked for the scan"
    found = axe_scan(page, name, include=SCAN)
    assert found == [], describe_violations(found)


def _layout_fits(page, width: int) -> None:
    """After a resize, wait until every chart has reflowed (a busy machine takes its time)."""
    lab_width(page, width)  # below 1000 px the file browser folds away, as on a phone
    problems = settled_layout(page)
    assert problems == [], [
        ", ".join(f"{k}={v}" for k, v in p.items() if k != "label") for p in problems
    ]


def test_load_app(browser_page, lab, shots):
    page = browser_page
    app = _open_app(page, lab)
    # The notebook's own figures (above the app) draw too, each with its text alternative.
    for title in CHARTS:
        assert any(title in f["title"] and drawn_points(f) > 5 for f in figures(page)), title
    _app_charts(app, "2024-01-01", "2024-06-30")
    app.locator(".js-plotly-plot").first.scroll_into_view_if_needed()
    summary = app.locator(".hamstring-figure-summary", has_text="Weekly distance went from")
    _expect(summary.first, "in the week of 1 Jan 2024")
    shots("sample team, first athlete")

    # Another athlete: the charts redraw for them and keep their dates.
    app.get_by_label("Athlete").select_option(label="sam")
    settle(page)
    _expect(app.locator(".widget-html-content", has_text="weeks;").first, "sam")
    _app_charts(app, "2024-01-01", "2024-06-30")
    weekly = next(f for f in figures(app) if CHARTS[0] in f["title"])
    assert weekly["xaxis"]["type"] == "date"
    ticks = app.locator(".js-plotly-plot").first.locator(".xtick text")
    assert (ticks.first.text_content() or "").startswith("1 Jan")  # weeks labelled by their Monday
    acwr_el = app.locator(".js-plotly-plot").nth(1)
    acwr_el.scroll_into_view_if_needed()
    shots("sam: ACWR drawn", locator=acwr_el)

    # Miles: the planner converts its distances and says so; its limits convert too.
    app.get_by_role("button", name="miles").click()
    settle(page)
    goal = app.get_by_label("Your weekly distance goal (miles)")
    expect_text(
        app.locator(".widget-html-content", has_text="Distances are now in miles").first,
        "converted, not just relabelled",
        TIMEOUT,
    )
    assert goal.input_value() == "28"  # 45 km converted, not relabelled
    goal.fill("400")
    goal.press("Enter")
    _expect(app.get_by_role("alert").first, "at most 311 miles a week; you typed 400")
    assert not [f for f in figures(app) if "Progression plan" in f["title"]]  # no old chart
    shots("goal refused in miles")
    goal.fill("40")
    goal.press("Enter")
    wait_for_figure(app, "Progression plan")

    # The planner: a steep rise gets its warnings next to the choices.
    app.get_by_label("Largest rise from one week to the next").select_option(label="22%")
    settle(page)
    _expect(app.locator(".widget-html-content", has_text="Before you use this plan").first, "10%")
    plan = wait_for_figure(app, "Progression plan")
    assert drawn_points(plan) > 3
    app.locator(".js-plotly-plot").last.scroll_into_view_if_needed()
    shots("planner warning")
    _no_serious_violations(page, "load_app_lab_plan_1400")

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
    message = app.get_by_role("status").filter(has_text="Read 1 activity")
    _expect(message.first, "garmin-fenix-5-run.fit")
    _expect(message.first, "route.gpx")
    assert "tmp" not in message.first.inner_text()
    message.first.scroll_into_view_if_needed()
    shots("upload read, route left out")
    _no_serious_violations(page, "load_app_lab_upload_1400")

    # 800 px and 375 px wide: nothing clipped once the charts have reflowed; no violation.
    _layout_fits(page, 800)
    app.locator(".js-plotly-plot").first.scroll_into_view_if_needed()
    shots("800 px wide")
    _layout_fits(page, 375)
    app.locator(".widget-upload").first.scroll_into_view_if_needed()
    shots("375 px wide, upload")
    _no_serious_violations(page, "load_app_lab_upload_375")
    app.get_by_label("Your weekly distance goal (miles)").scroll_into_view_if_needed()
    shots("375 px wide, planner")
    app.locator(".js-plotly-plot").last.scroll_into_view_if_needed()
    shots("375 px wide, plan")
    assert message.first.is_visible()  # the confirmation stays
    assert page.hosts <= LOCAL_HOSTS, f"requests left the machine: {page.hosts}"


def test_load_app_reads_an_account_archive_and_shows_trimp(browser_page, lab, shots):
    """Issue 24 as a runner meets it: Strava's zip uploaded as downloaded, the load from heart
    rate chosen, the assumption said in words, the heart-rate fields named by their question,
    the runner's own values typed, and the chart redrawn in TRIMP, at 1400 and 375 px."""
    page = browser_page
    app = _open_app(page, lab)
    button = app.locator(".widget-upload").first
    button.scroll_into_view_if_needed()
    with page.expect_file_chooser() as chooser:
        button.click()
    chooser.value.set_files(str(ROOT / "data" / "samples" / "strava_export_made_up.zip"))
    read = app.get_by_role("status").filter(has_text="Read 24 activities")
    _expect(read.first, "strava_export_made_up.zip")
    _expect(read.first, "profile.csv")  # the account data, listed as left out
    resting = app.get_by_label("Your resting heart rate (beats per minute)")
    assert not resting.is_visible()  # only with the load from heart rate
    app.get_by_label("Load measured as").select_option(label="heart rate (TRIMP)")
    said = app.get_by_role("status").filter(has_text="How this TRIMP was computed")
    _expect(said.first, "resting heart rate 60 bpm")
    weekly = wait_for_figure(app, "Weekly load")
    assert drawn_points(weekly) >= 6
    axis = app.locator(".js-plotly-plot").first.locator(".ytitle")
    _wait_for(page, lambda: "TRIMP" in (axis.text_content() or ""), "the TRIMP axis title")
    said.first.scroll_into_view_if_needed()
    shots("TRIMP with assumed heart rates")
    _no_serious_violations(page, "load_app_lab_trimp_1400")
    resting.fill("50")
    resting.press("Enter")
    maximum = app.get_by_label("Your maximum heart rate (beats per minute)")
    maximum.fill("190")
    maximum.press("Enter")
    app.get_by_label("TRIMP weighting for").select_option(label="women")
    _wait_for(page, lambda: said.count() == 0, "the assumption message to go")
    resting.fill("fifty")
    resting.press("Enter")
    _expect(app.get_by_role("alert").first, "'fifty' is not a number")
    assert resting.input_value() == "fifty"  # what was typed stays as typed
    resting.fill("50")
    resting.press("Enter")
    wait_for_figure(app, "Weekly load")
    _layout_fits(page, 375)
    resting.scroll_into_view_if_needed()
    shots("375 px wide, heart-rate settings")
    _no_serious_violations(page, "load_app_lab_trimp_375")
    assert page.hosts <= LOCAL_HOSTS, f"requests left the machine: {page.hosts}"


# --------------------------------------------------------------------------- keyboard only

_FOCUSED = """() => {
  const el = document.activeElement;
  if (!el) return null;
  const label = el.labels && el.labels.length ? el.labels[0].textContent.trim() :
                (el.getAttribute('aria-label') || el.textContent || '').trim();
  const s = getComputedStyle(el);
  const ring = (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0) ||
               (s.boxShadow && s.boxShadow !== 'none');
  return {label: label.slice(0, 80), tag: el.tagName.toLowerCase(), ring: ring,
          in_app: !!el.closest('.hamstring-load-app'), editor: !!el.closest('.cm-editor')};
}"""


def _tab_to(page, label: str, *, limit: int = 800) -> dict:
    """Press Tab until the control labelled ``label`` has the focus (reading the page after each
    press); its focus must be visible."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        now = page.evaluate(_FOCUSED)
        assert not (now and now.get("editor")), f"Tab went into a code editor: {now}"
        if now and now["label"].startswith(label):
            assert now["ring"], f"no visible focus on {label!r}: {now}"
            return now
    raise AssertionError(f"Tab never reached {label!r}")


def _wait_for(page, check, what: str, timeout_s: float = 60) -> None:
    deadline = time.monotonic() + timeout_s
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        page.wait_for_timeout(200)  # a poll interval: the condition decides


def test_load_planner_with_the_keyboard_only(browser_page, lab, shots):
    """Type weekly totals, change the goal and read the plan, with Tab, typing and Enter."""
    page = browser_page
    app = _open_app(page, lab)
    # From here on: keyboard only. The code is hidden first (View > Collapse All Code, from the
    # command palette), as a learner reading the notebook would: Tab inside a code editor
    # indents instead of moving on (JupyterLab's editor, not the app).
    page.keyboard.press("Escape")
    page.keyboard.press("Control+Shift+C")
    page.keyboard.type("Collapse All Code")
    page.keyboard.press("Enter")
    _wait_for(
        page,
        lambda: page.locator(".jp-Cell .cm-content:visible").count() == 0,
        "the code cells to fold away",
    )
    _tab_to(page, "Your weekly totals of the last weeks")
    page.keyboard.type("20, 22, 25, 24")
    page.keyboard.press("Enter")
    said = app.get_by_role("status").filter(has_text="is taken as last week")
    _expect(said.first, "your last total, 24 km")
    _expect(said.first, "The planner below now starts from it: 24 km a week")
    shots("totals typed (keyboard)")
    _tab_to(page, "Your weekly distance goal (km)")
    page.keyboard.press("Control+A")
    page.keyboard.type("5000")
    page.keyboard.press("Enter")
    _expect(app.get_by_role("alert").first, "you typed 5000")
    shots("goal refused (keyboard)")
    page.keyboard.press("Control+A")
    page.keyboard.type("34")
    page.keyboard.press("Enter")
    plan_text = app.get_by_role("status").filter(has_text="from 24 to 34 km a week")
    _expect(plan_text.first, "weeks from 24 to 34 km a week")
    plan = wait_for_figure(app, "Progression plan")
    assert drawn_points(plan) >= 4
    summary = app.locator(".hamstring-figure-summary", has_text="from 24 to 34 km a week")
    _expect(summary.first, "the orange line is the long run")
    # The plan's data table, one key press away.
    _tab_to(page, "Show the figure's data as a table", limit=60)
    focused = page.evaluate(_FOCUSED)
    assert focused["in_app"]
    page.keyboard.press("Enter")
    table = app.locator("details[open] table").last
    _wait_for(page, lambda: table.count() == 1 and table.is_visible(), "the plan's table")
    assert "planned (km)" in table.inner_text() and "34" in table.inner_text()
    table.scroll_into_view_if_needed()
    shots("plan table opened (keyboard)")
    _no_serious_violations(page, "load_app_lab_keyboard_plan_1400")
