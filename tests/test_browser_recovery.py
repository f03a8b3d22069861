"""The recovery app in real JupyterLab (headless Debian chromium): the timeline is drawn with
data, the checklist drives the ladder and the walk-run plan, the printable plan is one A4 page,
the calendar file is written, nothing is cut off at 1400 or 800 px, nothing leaves the machine.

Needs Debian's chromium (`make browser-deps`; CI installs it). Skipped, with the reason, without it.
"""

from __future__ import annotations

import contextlib

from browser_support import (
    LOCAL_HOSTS,
    TOKEN,
    axe_scan,
    browser_marks,
    describe_violations,
    network_host,
    run_all,
    settle,
    settled_layout,
    visible_text,
)
from titled_figures import drawn_titled, wait_for_figure, wait_until_gone

pytestmark = browser_marks()
STAGE1 = ["walk_pain_free", "hold_pain_free"]
GATE = [
    "no_pain_pressing",
    "no_pain_strength",
    "no_pain_flexibility",
    "flexibility_like_other_side",
    "no_pain_functional",
    "confident",
]


OUTPUT_AREA = ".jp-OutputArea:has(.check-confident)"  # the app's cell's whole output area


def app_figure(app, title_part: str, *, page, present: bool = True, timeout_ms: int = 30_000):
    """The drawn figure inside the app whose title contains ``title_part`` (or its absence)."""
    if present:
        return wait_for_figure(app, title_part, timeout_ms=timeout_ms)
    wait_until_gone(app, title_part, timeout_ms=timeout_ms)
    return None


def scan(page, name: str) -> None:
    found = axe_scan(page, name, include=OUTPUT_AREA)
    assert found == [], describe_violations(found)


SMALL_TARGETS_JS = """(root) => Array.from(
    root.querySelectorAll('input, select, button:not(.modebar-btn)'))
  .filter(e => { const b = e.getBoundingClientRect();
                 return b.width > 0 && (b.width < 24 || b.height < 24); })
  .map(e => e.outerHTML.slice(0, 80))"""


def dismiss_news(page) -> None:
    """Close JupyterLab's 'notified about official Jupyter news?' prompt if it shows."""
    no = page.locator(".Toastify__toast").get_by_role("button", name="No", exact=True)
    if no.count():
        from playwright.sync_api import Error

        with contextlib.suppress(Error):  # it slides in and out: may be gone before the click
            no.first.click(timeout=3_000)


def tick(page, ids, value=True):
    for cid in ids:
        box = page.locator(f".check-{cid} input")
        box.scroll_into_view_if_needed()
        box.set_checked(value)


def test_recovery_app_in_jupyterlab(browser_page, lab, shots):
    from playwright.sync_api import expect

    page = browser_page

    def snap(step: str) -> None:
        dismiss_news(page)
        shots(step)

    run_all(page, lab, "05_recovery.ipynb")
    timeline = wait_for_figure(page, "strain (mild)", timeout_ms=120_000)
    app = page.locator(".jp-OutputArea-output").filter(has=page.locator(".check-confident"))
    expect(app).to_have_count(1)
    # every control is found by its own label; each check by its own words
    expect(app.get_by_label("When did the pain start? (date and time)")).to_be_visible()
    expect(app.get_by_label("Time zone", exact=True)).not_to_have_value("")
    expect(app.get_by_label("Usually wake up at")).to_have_value("07:00")
    expect(app.get_by_label("File name", exact=True)).to_have_value("recovery_plan")
    expect(
        app.get_by_label("You walk at your normal pace without pain or a limp.")
    ).to_be_attached()
    assert not drawn_titled(app, "Walk-run plan")
    dismiss_news(page)
    app.locator(".js-plotly-plot").first.scroll_into_view_if_needed()
    # the first-days timeline: a date axis and ice sessions drawn as bars
    assert timeline["xaxis"]["type"] == "date"
    ice = next(t for t in timeline["traces"] if t["name"].startswith("Ice"))
    assert ice["n"] >= 10 and ice["drawn"] == ice["n"], ice
    assert visible_text(page, "Plan for a strain (mild)")
    assert visible_text(page, "Seek care instead of following this plan")
    expect(app.get_by_role("status").filter(has_text="Plan for a strain (mild)")).to_be_attached()
    snap("01 plan and timeline")
    assert settled_layout(page) == [], settled_layout(page)
    scan(page, "recovery_plan_1400")

    # a day too short to plan: a plain error tied to the waking hours, announced, nothing stale
    app.get_by_label("Usually go to sleep at").select_option(label="10:00")
    alert = app.get_by_role("alert").filter(has_text="Usually awake (hours): 07:00 to 10:00")
    expect(alert).to_contain_text("only 3 waking hours", timeout=30_000)
    wait_until_gone(app, "strain (mild)")
    assert not visible_text(page, "Seek care instead of following this plan")
    alert.scroll_into_view_if_needed()
    snap("01b waking hours too short: the error")
    scan(page, "recovery_error_1400")
    app.get_by_label("Usually go to sleep at").select_option(label="22:00")
    wait_for_figure(app, "strain (mild)")

    # the checklist drives the ladder ...
    assert app_figure(app, "you are at stage 1 of 4", page=page)
    tick(page, STAGE1)
    ladder = app_figure(app, "you are at stage 2 of 4", page=page)
    assert ladder["traces"][0]["drawn"] == 4
    assert app_figure(app, "Walk-run plan", page=page, present=False) is None
    expect(app.get_by_text("Not yet: 6 of 6 return-to-run checks")).to_be_visible()
    snap("02 stage 2, gate closed")
    # ... and the walk-run plan once every return-to-run check is met
    tick(page, GATE)
    walk_run = app_figure(app, "Walk-run plan (mild strain): 5 weeks", page=page)
    running = next(t for t in walk_run["traces"] if t["name"] == "easy running")
    assert running["drawn"] == 5
    expect(app.get_by_text("Ready to start the walk-run plan").first).to_be_visible()
    assert app_figure(app, "you are at stage 3 of 4", page=page)
    app.get_by_text("Walk-run plan (mild strain): 5 weeks").first.scroll_into_view_if_needed()
    snap("03 gate open, walk-run plan")
    scan(page, "recovery_walk_run_1400")
    tick(page, ["confident"], False)
    assert app_figure(app, "Walk-run plan", page=page, present=False) is None
    expect(app.get_by_text("Not yet: 1 of 6 return-to-run checks")).to_be_visible()
    tick(page, ["confident"])
    app_figure(app, "Walk-run plan (mild strain): 5 weeks", page=page)

    # the printable plan: saved, said so next to the button, and one A4 page
    printable = app.get_by_role("button", name="Printable plan (one page)")
    printable.scroll_into_view_if_needed()
    printable.click()
    expect(app.get_by_text("Saved recovery_plan.html")).to_be_visible(timeout=30_000)
    snap("04 printable plan saved")
    handout = page.context.browser.new_page()
    handout.on("request", lambda req: page.hosts.add(network_host(req.url)))
    handout.goto(f"{lab}/files/recovery_plan.html?token={TOKEN}")
    expect(handout.get_by_role("heading", name="Recovery plan: a hamstring strain (mild)"))
    expect(handout.get_by_text("Seek care instead of following this plan if")).to_be_visible()
    pdf = handout.pdf(format="A4")
    assert pdf.count(b"/Type /Page") - pdf.count(b"/Type /Pages") == 1, "one printed page"
    handout.emulate_media(media="print")
    shots("05 printable plan", locator=handout.locator("body"))
    handout.close()

    # the calendar file
    app.get_by_role("button", name="Calendar file (.ics)").click()
    expect(app.get_by_text("Saved recovery_plan.ics")).to_be_visible(timeout=30_000)
    ics = page.request.get(f"{lab}/files/recovery_plan.ics?token={TOKEN}").text()
    assert ics.startswith("BEGIN:VCALENDAR") and ics.count("BEGIN:VEVENT") >= 10

    # soreness hides the strain parts
    app.get_by_role("button", name="Soreness (DOMS)").click()
    assert wait_for_figure(app, "soreness (DOMS)")
    expect(app.get_by_text("Where are you? Tick what is true today")).to_be_hidden()
    snap("06 soreness")

    # nothing cut off at 800 px; a look at a phone width
    app.get_by_role("button", name="Strain (injury)").click()
    wait_for_figure(app, "strain (mild)")
    page.locator(".jp-SideBar.jp-mod-left .lm-TabBar-tab.lm-mod-current").click()  # fold it
    page.set_viewport_size({"width": 800, "height": 1000})
    problems = settled_layout(page)
    app.locator(".js-plotly-plot").first.scroll_into_view_if_needed()
    snap("07 at 800 px")
    assert problems == [], problems
    page.set_viewport_size({"width": 375, "height": 800})
    problems = settled_layout(page)
    app.locator(".js-plotly-plot").first.scroll_into_view_if_needed()
    snap("08 at 375 px")
    app.get_by_text("Where are you?").scroll_into_view_if_needed()
    snap("09 checklist at 375 px")
    assert problems == [], problems
    small = app.evaluate(SMALL_TARGETS_JS)
    assert small == [], f"targets under 24 px at 375 px: {small}"
    scan(page, "recovery_375")
    app.get_by_label("Usually go to sleep at").select_option(label="10:00")
    expect(app.get_by_role("alert")).to_contain_text("only 3 waking hours", timeout=30_000)
    settle(page)
    scan(page, "recovery_error_375")
    assert page.hosts <= LOCAL_HOSTS, f"requests left the machine: {page.hosts}"
