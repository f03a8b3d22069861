"""Notebook 04 in real JupyterLab and chromium: the routine builder, player and downloads; the
player driven with the keyboard only; an axe-core scan of the app's output area."""

from __future__ import annotations

from pathlib import Path

from browser_support import (
    LOCAL_HOSTS,
    axe_scan,
    browser_marks,
    describe_violations,
    drawn_points,
    expect_text,
    run_all,
    settle,
    settled_layout,
)
from playwright.sync_api import expect
from titled_figures import wait_for_figure

pytestmark = browser_marks()
TIMEOUT = 30_000
APP = ".hamstring-named"  # the routine app's own class
OUTPUT_AREA = ".jp-OutputArea:has(.hamstring-named)"  # the cell's whole output area

# The focused element: what it is, its name, and whether its focus can be seen.
FOCUSED_JS = """(app) => {
  const el = document.activeElement;
  if (!el) return null;
  const s = getComputedStyle(el);
  const ring = (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0) ||
               (s.boxShadow && s.boxShadow !== 'none');
  const label = el.labels && el.labels.length ? el.labels[0].innerText : '';
  return {tag: el.tagName.toLowerCase(), text: (el.innerText || '').trim(), label: label,
          inside: !!el.closest(app), visible_focus: ring,
          ring: s.outlineStyle + ' ' + s.outlineWidth + ' ' + s.boxShadow,
          css: !!document.querySelector(app + ' style, style')};
}"""
# Layout facts at this width: the legend of each figure against its axis title, the slider-free
# controls, the steps table's cells.
LAYOUT_JS = """(app) => {
  const root = document.querySelector(app);
  const box = e => { const b = e.getBoundingClientRect();
                     return [b.left, b.top, b.right, b.bottom]; };
  const hit = (a, b) => a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3];
  const legends = Array.from(root.querySelectorAll('.js-plotly-plot')).map(gd => {
    const leg = gd.querySelector('.legend .bg'), xt = gd.querySelector('.g-xtitle');
    return leg && xt ? hit(box(leg), box(xt)) : false;
  });
  const cells = Array.from(root.querySelectorAll('table.hamstring-steps tbody tr:first-child > *'));
  const gaps = cells.slice(1).map((c, i) => {
    const range = document.createRange(); range.selectNodeContents(cells[i]);
    const text = range.getBoundingClientRect();
    const r2 = document.createRange(); r2.selectNodeContents(c);
    return r2.getBoundingClientRect().left - text.right;
  });
  const controls = root.querySelectorAll('input, select, button:not(.modebar-btn)');
  const small = Array.from(controls).filter(e => {
    const b = e.getBoundingClientRect();
    return b.width > 0 && (b.width < 24 || b.height < 24);
  }).map(e => e.outerHTML.slice(0, 80));
  return {legend_over_axis_title: legends.some(Boolean), cell_gaps: gaps, small: small,
          sliders: root.querySelectorAll('[role=slider]').length};
}"""


def _expect(locator, text: str) -> None:
    expect_text(locator, text, TIMEOUT)


def focused(page) -> dict:
    return page.evaluate(FOCUSED_JS, APP)


def tab_to(page, want, *, limit: int = 60, back: bool = False) -> dict:
    """Press Tab (or Shift+Tab) until the focused element matches ``want``; return it."""
    for _ in range(limit):
        page.keyboard.press("Shift+Tab" if back else "Tab")
        now = focused(page)
        if now and want(now):
            return now
    raise AssertionError(f"Tab never reached the element; last focused: {focused(page)}")


def assert_layout(page, width: int) -> None:
    facts = page.evaluate(LAYOUT_JS, APP)
    assert not facts["legend_over_axis_title"], f"{width} px: a legend covers an axis title"
    assert facts["sliders"] == 0, "a slider handle (role=slider) has no accessible name"
    assert facts["small"] == [], f"{width} px: targets under 24 px: {facts['small']}"
    assert facts["cell_gaps"] and min(facts["cell_gaps"]) >= 8, (
        f"{width} px: the steps table's columns run together: {facts['cell_gaps']}"
    )


def scan(page, name: str) -> None:
    found = axe_scan(page, name, include=OUTPUT_AREA)
    assert found == [], describe_violations(found)


def test_routine_app(browser_page, lab, shots):
    page = browser_page
    run_all(page, lab, "04_warmup_cooldown.ipynb")
    app = page.locator(APP).first
    app.wait_for(timeout=120_000)
    app.scroll_into_view_if_needed()
    timeline = wait_for_figure(app, "Warm-up: 10 minutes")
    assert drawn_points(timeline) >= 3  # walk, jog, moves: one bar each
    strength = wait_for_figure(page, "Hamstring strength plan")
    assert all(t["drawn"] >= 10 for t in strength["traces"])  # three exercises, side by side
    # every figure has its text alternative under it
    expect(app.get_by_text("Warm-up of 10 minutes in").first).to_be_visible()
    shots("warm-up built")

    # The controls are found by their own labels (a <label for> each).
    expect(app.get_by_label("Minutes you have")).to_have_value("10 minutes")
    condition = app.get_by_label("Condition from the self-assessment")
    expect(condition.locator("option:checked")).to_have_text(
        "None reported (no tendon or strain pattern)"
    )
    expect(app.get_by_label("Focus on Tightness and lack of flexibility")).not_to_be_checked()
    assert app.get_by_text("Ctrl-click").count() == 0

    # The player ticks in the kernel once a second.
    now = app.locator(".widget-html-content", has_text="Now: Brisk walking")
    _expect(now, "(4:00 left)")
    app.get_by_role("button", name="Start").click()
    _expect(now, "(3:5")
    app.get_by_role("button", name="Pause").click()
    shots("player paused")

    # A cool-down for the tendon pattern leaves out the hamstring stretch and says why.
    app.get_by_role("button", name="Cool-down").click()
    settle(page)
    condition.select_option(label="tendon pattern (pain at the sitting bone, worse sitting)")
    settle(page)
    _expect(
        app.locator(".widget-html-content", has_text="Left out").first, "Static hamstring stretch"
    )
    cool = wait_for_figure(app, "Cool-down: 10 minutes")
    assert drawn_points(cool) >= 4
    app.locator(".js-plotly-plot").first.scroll_into_view_if_needed()
    shots("cool-down for the tendon pattern")

    # A possible strain rules out running: no routine on screen, a message says why and what
    # is allowed, announced (role=alert); back to the tendon pattern, the routine is drawn again.
    condition.select_option(label="possible strain")
    refusal = app.get_by_role("alert").filter(has_text="No warm-up or cool-down")
    _expect(refusal, "Walk")
    expect(app.locator(".js-plotly-plot")).to_have_count(0, timeout=TIMEOUT)
    assert app.get_by_text("Light jogging").filter(visible=True).count() == 0
    refusal.scroll_into_view_if_needed()
    shots("possible strain: no routine for a run")
    scan(page, "routines_refused_1400")
    condition.select_option(label="tendon pattern (pain at the sitting bone, worse sitting)")
    wait_for_figure(app, "Cool-down: 10 minutes")

    # The handout is a download whose link stays on screen.
    app.get_by_role("button", name="Handout (HTML)").click()
    link = app.get_by_text("Download my_routine.html")
    link.wait_for(timeout=TIMEOUT)
    with page.expect_download() as info:
        link.click()
    page_text = Path(info.value.path()).read_text(encoding="utf-8")
    assert "Cool-down: 10 minutes" in page_text and "Left out for this condition" in page_text
    settle(page)
    assert link.is_visible()
    shots("handout ready")

    # The steps are a table with headers, columns apart; axe finds nothing serious.
    table = app.locator("table.hamstring-steps")
    expect(table.locator("thead th")).to_have_count(4)
    expect(table.get_by_role("columnheader", name="how")).to_be_visible()
    table.scroll_into_view_if_needed()
    shots("the steps table")
    assert_layout(page, 1400)
    scan(page, "routines_1400")

    page.locator(".jp-SideBar.jp-mod-left .lm-TabBar-tab.lm-mod-current").click()  # fold it
    for width in (800, 375):
        page.set_viewport_size({"width": width, "height": 1000})
        problems = settled_layout(page)
        app.locator(".js-plotly-plot").first.scroll_into_view_if_needed()
        shots(f"{width} px wide: the timeline and its legend")
        assert problems == [], problems
        assert_layout(page, width)
        table.scroll_into_view_if_needed()
        shots(f"{width} px wide: the steps table")
        scan(page, f"routines_{width}")
    assert page.hosts <= LOCAL_HOSTS, f"requests left the machine: {page.hosts}"


def test_routine_player_with_the_keyboard_only(browser_page, lab, shots):
    """Build a warm-up and step through it with Tab, Shift+Tab, arrows, Enter and Space only.

    The one step that is not a key press is the start: focus is put on the app's first button
    (reaching it with Tab from the top of JupyterLab would go through code cells, whose editor
    takes Tab for indentation: a JupyterLab limit, not the app's)."""
    page = browser_page
    run_all(page, lab, "04_warmup_cooldown.ipynb")
    app = page.locator(APP).first
    app.wait_for(timeout=120_000)
    wait_for_figure(app, "Warm-up: 10 minutes")
    app.get_by_role("button", name="Warm-up").focus()
    start = focused(page)
    assert start["inside"] and start["text"] == "Warm-up"

    # 12 minutes, an interval session: arrows on the focused dropdowns.
    minutes = tab_to(page, lambda f: f["label"] == "Minutes you have")
    assert minutes["visible_focus"], f"no visible focus on the minutes dropdown: {minutes}"
    for _ in range(2):
        page.keyboard.press("ArrowDown")
    settle(page)
    expect(app.get_by_label("Minutes you have")).to_have_value("12 minutes")
    tab_to(page, lambda f: f["label"] == "Today's session")
    for _ in range(3):  # easy -> long -> tempo -> intervals
        page.keyboard.press("ArrowDown")
    settle(page)
    wait_for_figure(app, "Warm-up: 12 minutes")
    expect(app.get_by_text("Strides").first).to_be_attached()

    # a focus cause with Space on its checkbox
    box = tab_to(page, lambda f: f["label"].startswith("Focus on Tightness"))
    assert box["visible_focus"]
    page.keyboard.press("Space")
    settle(page)
    expect(app.get_by_label("Focus on Tightness and lack of flexibility")).to_be_checked()
    shots("keyboard: a 12-minute interval warm-up with a focus")

    # Step through it: Next step, with Enter and Space.
    now = app.locator(".widget-html-content", has_text="Now:")
    expect(now).to_contain_text("Now: Brisk walking", timeout=TIMEOUT)
    nxt = tab_to(page, lambda f: f["text"] == "Next step", limit=120)
    assert nxt["visible_focus"], "no visible focus on Next step"
    page.keyboard.press("Enter")
    expect(now).to_contain_text("Now: Light jogging", timeout=TIMEOUT)
    page.keyboard.press("Space")
    expect(now).not_to_contain_text("Light jogging", timeout=TIMEOUT)
    expect(app.get_by_role("status").filter(has_text="Step 3 of")).to_be_attached()
    shots("keyboard: step 3 after Next step twice")
    back = tab_to(page, lambda f: f["text"] == "Previous step", back=True)
    assert back["visible_focus"]
    page.keyboard.press("Enter")
    expect(now).to_contain_text("Now: Light jogging", timeout=TIMEOUT)

    # Start the clock with Space and pause it again.
    play = tab_to(page, lambda f: f["text"] == "Start", back=True)
    assert play["visible_focus"]
    left = now.inner_text()
    page.keyboard.press("Space")
    expect(app.get_by_role("button", name="Pause")).to_be_visible(timeout=TIMEOUT)
    expect(now).not_to_have_text(left, timeout=TIMEOUT)  # the clock runs
    page.keyboard.press("Space")
    expect(app.get_by_role("button", name="Start")).to_be_visible(timeout=TIMEOUT)
    shots("keyboard: started and paused")

    # ... to the end, with Next step pressed until it is done
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    assert focused(page)["text"] == "Next step"
    for _ in range(12):
        if app.get_by_role("heading", name="Done. Well done!").count():
            break
        page.keyboard.press("Enter")
        settle(page)
    expect(app.get_by_role("heading", name="Done. Well done!")).to_be_visible(timeout=TIMEOUT)
    shots("keyboard: done")
    assert page.hosts <= LOCAL_HOSTS, f"requests left the machine: {page.hosts}"
