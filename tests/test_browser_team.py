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
    settle,
    settled_layout,
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
    assert len(drawn) == 6, titles  # four in the lesson, two in the dashboard
    timeline = next(f for f in drawn if f["title"].startswith("chloe: load and pain"))
    pain = next(t for t in timeline["traces"] if t["name"].startswith("pain: left"))
    assert pain["n"] == 4 and pain["drawn"] >= 4 and pain["x0"] == "2025-05-13"  # four days
    assert "chloe: diary entries 4" in timeline["summary"]  # its text alternative
    team = next(f for f in drawn if f["title"].startswith("The team's pain diary"))
    worst = next(t for t in team["traces"] if t["name"].startswith("worst pain"))
    assert worst["n"] == 6 and worst["drawn"] >= 6  # chloe's four days and ben's two
    signs = next(t for t in team["traces"] if t["name"] == "warning sign")
    assert signs["n"] == 1  # ben's pop
    assert "Warning signs were raised for: ben." in team["summary"]
    for fig in drawn:
        assert drawn_points(fig) > 0, f"{fig['title']}: nothing drawn"
        assert fig["width"] > 300 and fig["height"] > 300, fig["title"]
    for plot in page.locator(".js-plotly-plot:has(.heatmaplayer)").all():
        seen = plot.evaluate(CELLS_JS)
        assert seen["images"] == 1 and seen["cells"] == 80, seen  # 10 athletes x 8 weeks
    ben = next(f for f in drawn if f["title"].startswith("ben: daily load"))
    bars = next(t for t in ben["traces"] if t["type"] == "bar")
    assert bars["drawn"] >= 40 and bars["n"] == 56
    dev = next(f for f in drawn if f["title"].startswith("dev: daily load"))
    assert dev["xaxis"]["type"] == "date" and dev["xaxis"]["range"][0].startswith("2025-03-30")
    team_plot = (
        page.locator(".jp-OutputArea", has_text="The team's pain diary").locator(".js-plotly-plot")
    ).first
    team_plot.scroll_into_view_if_needed()
    shots("the team's pain diary", locator=team_plot)
    heat = page.locator(".js-plotly-plot:has(.heatmaplayer)").last
    heat.scroll_into_view_if_needed()
    shots("the dashboard's heatmap", locator=heat)
    drill = dashboard.locator(".js-plotly-plot").last
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
    form.get_by_label("Athlete", exact=True).select_option(label="gus")
    form.get_by_label("Leg", exact=True).select_option(label="right")
    form.get_by_label("Soreness (0 none, 10 worst)").select_option(label="7")
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
    assert settled_layout(page) == [], "cut off at 800 px"
    table.scroll_into_view_if_needed()
    shots("800 px wide")
    form.scroll_into_view_if_needed()
    shots("800 px: the check-in form")
    for fig in figures(page):
        assert fig["width"] <= 800, fig["title"]
    assert page.hosts <= {"127.0.0.1", "localhost"}, f"requests left the machine: {page.hosts}"


# --------------------------------------------------------------------------- keyboard and axe

FOCUSED_JS = """
() => { const el = document.activeElement; if (!el || el === document.body) return null;
        const s = getComputedStyle(el);
        return {tag: el.tagName.toLowerCase(), text: (el.innerText || '').trim(),
                label: (el.labels && el.labels[0] && el.labels[0].innerText.trim()) || '',
                inForm: !!el.closest('.hamstring-checkin'),
                visible: (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0) ||
                         s.boxShadow !== 'none'}; }
"""
MARK_JS = """
() => { const d = document.querySelector('.hamstring-team-dashboard');
        d.closest('.jp-OutputArea').setAttribute('data-scan', 'team'); }
"""


def _tab_to(page, label, *, limit=20):
    """Tab until the control labelled ``label`` (or the button saying it) has the focus; every
    stop in the form shows its focus."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        now = page.evaluate(FOCUSED_JS)
        if now and now["inForm"]:
            assert now["visible"], f"focus not visible on {now}"
        if now and (now["label"] == label or (now["tag"] == "button" and now["text"] == label)):
            return now
    raise AssertionError(f"Tab never reached {label!r}; focus on {page.evaluate(FOCUSED_JS)}")


def test_the_checkin_form_by_keyboard_and_axe(browser_page, lab, shots):
    """The coach's check-in with Tab, arrows and Enter only: a save without an athlete is
    refused in plain words (announced), a full one puts gus on the list; the dashboard's output
    area has 0 critical and 0 serious axe violations at 1400 and 375 px in both states."""
    from browser_support import axe_scan, describe_violations, lab_width, settled_layout
    from playwright.sync_api import expect

    page = browser_page
    run_all(page, lab, NOTEBOOK)
    dashboard = page.locator(".hamstring-team-dashboard")
    dashboard.wait_for(state="attached", timeout=120_000)
    wait_for_figure(page, "dev: daily load and soreness")
    page.evaluate(MARK_JS)
    form = dashboard.locator(".hamstring-checkin")
    athlete = form.get_by_label("Athlete", exact=True)
    expect(athlete).to_have_value("Choose the athlete")  # never blank
    athlete.focus()  # where a Tab from the heading lands; from here on only keys
    _tab_to(page, "Save check-in")
    page.keyboard.press("Enter")
    alert = form.get_by_role("alert").first
    expect(alert).to_contain_text("Choose the athlete first", timeout=30_000)
    assert "field" not in alert.inner_text()
    for width in (1400, 375):
        lab_width(page, width)
        problems = settled_layout(page)
        assert problems == [], f"cut off at {width} px: {problems}"
        bad = axe_scan(page, f"team_after_error_{width}", include="[data-scan=team]")
        assert bad == [], describe_violations(bad)
        alert.scroll_into_view_if_needed()
        shots(f"{width} px: a check-in without an athlete", locator=form)

    athlete.focus()
    for _ in range(1 + ["ana", "ben", "chloe", "dev", "eli", "fay", "gus"].index("gus")):
        page.keyboard.press("ArrowDown")
    expect(athlete.locator("option:checked")).to_have_text("gus")
    _tab_to(page, "Leg")
    page.keyboard.press("ArrowUp")  # both -> right
    _tab_to(page, "Where")
    for _ in range(3):  # spread over -> upper thigh
        page.keyboard.press("ArrowUp")
    _tab_to(page, "Soreness (0 none, 10 worst)")
    for _ in range(7):
        page.keyboard.press("ArrowDown")
    _tab_to(page, "Note")
    page.keyboard.type("tight on the hill")
    _tab_to(page, "Save check-in")
    settle(page)  # the kernel has every value before the button press overtakes them
    page.keyboard.press("Enter")
    expect(form.get_by_role("status").first).to_contain_text(
        "Saved: gus, soreness 7/10 on 2025-05-25", timeout=30_000
    )
    talk = dashboard.locator(".hamstring-talk")
    expect(talk).to_contain_text("gus (this week): soreness 7/10 on Sun 25 May (right leg, upper")
    shots("375 px: saved by keyboard", locator=form)
    for width in (375, 1400):
        lab_width(page, width)
        problems = settled_layout(page)
        assert problems == [], f"cut off at {width} px: {problems}"
        bad = axe_scan(page, f"team_after_save_{width}", include="[data-scan=team]")
        assert bad == [], describe_violations(bad)
    heat = dashboard.locator(".hamstring-figure-summary").first
    expect(heat).to_contain_text("were in the zone “above 1.5”")
    heat.scroll_into_view_if_needed()
    shots("1400 px: the heatmap's text alternative")
