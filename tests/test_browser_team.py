"""The team dashboard in real JupyterLab (headless chromium): every figure draws its data, a
check-in typed into the form puts the athlete on the talk-to list, nothing is cut off at 1400
or 800 px, and nothing leaves the machine."""

from __future__ import annotations

from browser_support import (
    browser_marks,
    clipped,
    drawn_points,
    figures,
    run_all,
    wait_for_figure,
)

pytestmark = browser_marks()

NOTEBOOK = "06_team_dashboard.ipynb"
HEATMAP = "zone and"  # the title wraps after these words
CELLS_JS = """
(gd) => ({cells: gd.querySelectorAll('.heatmaplayer text').length,
          images: gd.querySelectorAll('.heatmaplayer image').length})
"""


def test_team_dashboard_in_jupyterlab(browser_page, lab, shots):
    from playwright.sync_api import expect

    page = browser_page
    run_all(page, lab, NOTEBOOK)
    dashboard = page.locator(".hamstring-team-dashboard")
    dashboard.wait_for(state="attached", timeout=120_000)
    wait_for_figure(page, HEATMAP)
    wait_for_figure(page, "dev: daily load and soreness")
    drawn = figures(page)
    titles = [f["title"] for f in drawn]
    assert len(drawn) == 4, titles  # two in the lesson, two in the dashboard
    for fig in drawn:
        assert drawn_points(fig) > 0, f"{fig['title']}: nothing drawn"
        assert fig["width"] > 300 and fig["height"] > 300, fig["title"]
    for plot in page.locator(".js-plotly-plot", has_text=HEATMAP).all():
        seen = plot.evaluate(CELLS_JS)
        assert seen["images"] == 1 and seen["cells"] == 80, seen  # 10 athletes x 8 weeks
    ben = next(f for f in drawn if f["title"].startswith("ben: daily load"))
    bars = next(t for t in ben["traces"] if t["type"] == "bar")
    assert bars["drawn"] >= 40 and bars["n"] == 56
    dev = next(f for f in drawn if f["title"].startswith("dev: daily load"))
    assert dev["xaxis"]["type"] == "date" and dev["xaxis"]["range"][0].startswith("2025-03-30")
    heat = page.locator(".js-plotly-plot", has_text=HEATMAP).last
    heat.scroll_into_view_if_needed()
    shots("the dashboard's heatmap", locator=heat)
    drill = page.locator(".js-plotly-plot", has_text="dev: daily load").last
    drill.scroll_into_view_if_needed()
    shots("the drill-down", locator=drill)

    talk = page.locator(".hamstring-talk")
    talk.scroll_into_view_if_needed()
    expect(talk).to_contain_text("dev (today)")
    text = talk.inner_text()
    names = [line.split(" (")[0].strip() for line in text.splitlines() if "(" in line]
    assert names == ["dev", "chloe", "ben", "fay", "eli"], text
    assert (
        page.get_by_text("a conversation starter").count()
        + page.get_by_text("not predictions").count()
        >= 1
    )
    shots("dashboard: who to talk to")

    form = page.locator(".hamstring-checkin")
    form.scroll_into_view_if_needed()
    selects = form.locator("select")
    selects.nth(0).select_option(label="gus")
    selects.nth(1).select_option(label="right")
    readout = form.locator(".widget-readout").first
    readout.click()
    readout.fill("7")
    readout.press("Enter")
    expect(readout).to_have_text("7")
    shots("check-in filled in", locator=form)
    form.get_by_role("button", name="Save check-in").click()
    expect(form).to_contain_text("Saved: gus, soreness 7/10 on 2025-05-25", timeout=30_000)
    expect(talk).to_contain_text("gus (this week): soreness 7/10 on Sun 25 May", timeout=30_000)
    names = [line.split(" (")[0].strip() for line in talk.inner_text().splitlines() if "(" in line]
    assert names == ["dev", "gus", "chloe", "ben", "fay", "eli"]
    table = page.locator(".hamstring-week-table")
    expect(table).to_contain_text("7/10")
    talk.scroll_into_view_if_needed()
    shots("the list after gus's check-in")

    assert clipped(page) == []
    page.set_viewport_size({"width": 800, "height": 1000})
    page.wait_for_timeout(1500)
    table.scroll_into_view_if_needed()
    shots("800 px wide")
    assert clipped(page) == [], "cut off at 800 px"
    form.scroll_into_view_if_needed()
    shots("800 px: the check-in form")
    for fig in figures(page):
        assert fig["width"] <= 800, fig["title"]
    assert page.hosts <= {"127.0.0.1", "localhost"}, f"requests left the machine: {page.hosts}"
