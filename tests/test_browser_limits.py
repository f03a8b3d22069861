"""A warning sign governs the athlete app in real JupyterLab and chromium (issue 20).

After ordinary answers the page shows a warm-up and a build-up plan; an answer that is not
understood, then a pop: nothing of the old result stays on screen; the answer fixed: no warm-up
with running, no build-up, no walk-run, only what is allowed. The same journey runs in Voila in
test_browser_voila.py.
"""

from __future__ import annotations

from browser_support import (
    LOCAL_HOSTS,
    browser_marks,
    run_all,
    settled_layout,
    stop_running_journey,
    wait_for_form,
)

pytestmark = browser_marks()


def test_a_stop_running_sign_governs_the_lab_page(browser_page, lab, shots):
    page = browser_page
    run_all(page, lab, "app.ipynb")
    wait_for_form(page)
    summary = stop_running_journey(page, shots, "lab")
    assert "Today's warm-up" not in summary and "The weeks ahead" not in summary
    assert "No running" in summary and "Stop running" in summary
    page.set_viewport_size({"width": 800, "height": 1000})
    page.get_by_text("No warm-up or cool-down for now").first.scroll_into_view_if_needed()
    assert settled_layout(page) == []
    shots("lab: 800 px")
    assert page.hosts <= LOCAL_HOSTS, f"requests left the machine: {page.hosts}"
