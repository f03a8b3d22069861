"""The self-assessment app in real JupyterLab and chromium, used the way a person uses it.

Asserts what is on screen: the drawn chart, the urgent page (and nothing else) for each warning
sign, an error next to a bad answer, a download that holds the answers, nothing clipped at 800 px.
"""

from __future__ import annotations

import json
from pathlib import Path

from browser_support import (
    LOCAL_HOSTS,
    axe_scan,
    browser_marks,
    describe_violations,
    drawn_figure,
    expect_text,
    lab_width,
    run_all,
    settled_layout,
    wait_for_form,
)

pytestmark = browser_marks()
TIMEOUT = 30_000


class Form:
    """The app's form as a person sees it: every section open, each control named by its
    question (its own label)."""

    def __init__(self, page):
        self.page = page
        self.app = page.locator(".hamstring-app").first
        self.report = self.app.locator(".widget-html-content", has=page.locator("section"))

    def open(self, section: str) -> None:
        """Every section is open (the form has no accordion any more): a no-op kept for reading."""

    def control(self, question: str):
        """The control whose accessible name is the question."""
        return self.app.get_by_label(question).first

    def choose(self, section: str, question: str, label: str) -> None:
        select = self.control(question)
        select.scroll_into_view_if_needed()
        select.select_option(label=label)
        self.settle()

    def type(self, section: str, question: str, text: str) -> None:
        box = self.control(question)
        box.scroll_into_view_if_needed()
        box.fill(text)
        box.press("Enter")
        self.settle()

    def settle(self) -> None:
        """Wait until the kernel has handled the change (its status is back to idle)."""
        self.page.wait_for_timeout(300)
        self.page.get_by_text("Python 3 (ipykernel) | Idle").wait_for(timeout=TIMEOUT)

    def headline(self):
        return self.app.locator(".widget-html-content", has_text="you reported a warning sign")


def _expect(locator, text: str) -> None:
    expect_text(locator, text, TIMEOUT)


def _no_serious(page, name: str) -> None:
    """axe-core finds no critical or serious violation in the app (JupyterLab's own chrome is
    the lead's scan)."""
    found = axe_scan(page, name, include=".hamstring-app")
    assert found == [], describe_violations(found)


def _only_the_urgent_page(form: Form) -> None:
    """In the app: nothing that ranks causes, reassures or suggests self-care, and no chart."""
    for hidden in ("causes that fit", "What to try next", "usually settles", "Dose:"):
        assert form.app.get_by_text(hidden).filter(visible=True).count() == 0, hidden
    assert form.app.locator(".js-plotly-plot").filter(visible=True).count() == 0


WARNINGS = "Warning signs that need help now"
OTHER = "Other warning signs"
ABOUT = "About you, when and where it hurts"


def test_self_assessment_app(browser_page, lab, shots):
    page = browser_page
    run_all(page, lab, "02_self_assessment.ipynb")
    form = Form(page)
    wait_for_form(page)
    _expect(page.locator(".widget-html-content", has_text="Answer some questions").last, "")
    _no_serious(page, "lab_assessment_first_load")
    shots("empty form")

    # Ordinary answers: the chart draws, the causes are explained question by question.
    form.choose(ABOUT, "When did the soreness start?", "The next day or the day after")
    form.choose(ABOUT, "Can you point to one sore spot", "Spread over the back of the thigh")
    form.type("Recent training", "By how much has your weekly running distance", "40")
    figure = drawn_figure(page, "Which causes fit your answers", marks=2)
    assert figure["width"] > 300 and figure["named"]
    _expect(form.report.last, "The causes that fit your answers best")
    _expect(form.report.last, "“By how much has your weekly running distance gone up")
    _expect(form.report.last, "Evidence: Partly supported")
    _no_serious(page, "lab_assessment_figures")
    page.locator(".js-plotly-plot").last.scroll_into_view_if_needed()
    shots("ordinary soreness: chart and why")

    # Each emergency sign alone: the emergency page and nothing else.
    for question in (
        "numbness or pins and needles between your inner thighs",
        "new trouble controlling your bladder or bowels",
        "weakness in both legs",
        "short of breath suddenly, or while resting",
        "coughed up blood",
        "fainted (passed out) since the leg started hurting",
    ):
        form.choose(WARNINGS, question, "Yes")
        banner = form.app.locator(".widget-html-content", has_text="Emergency: call your local")
        _expect(banner.first, "emergency department now")
        _only_the_urgent_page(form)
        banner.first.scroll_into_view_if_needed()
        shots(f"emergency - {question[:30]}")
        form.choose(WARNINGS, question, "— not answered —")
        _expect(form.report.last, "The causes that fit your answers best")
    drawn_figure(page, "Which causes fit your answers")

    # Today: a swollen calf with no injury to explain it (Sam plus calf in the issue).
    form.choose(OTHER, "Is your calf or thigh swollen", "Yes")
    _expect(form.headline().first, "See a doctor today")
    _expect(form.report.last, "not a physiotherapist")
    _only_the_urgent_page(form)
    form.headline().first.scroll_into_view_if_needed()
    shots("today - swollen calf")
    form.choose(OTHER, "Is your calf or thigh swollen", "— not answered —")
    _expect(form.report.last, "The causes that fit your answers best")

    # Today: a pop with pain at the sitting bone (the avulsion cluster).
    form.choose(OTHER, "did you feel or hear a 'pop'", "Yes")
    form.choose(
        ABOUT,
        "Where exactly does it hurt most?",
        "High up, at the sitting bone or deep in the buttock",
    )
    _expect(form.report.last, "possible serious tear, for example of the tendon")
    _only_the_urgent_page(form)
    shots("today - pop at the sitting bone")
    form.choose(OTHER, "did you feel or hear a 'pop'", "— not answered —")
    _expect(form.report.last, "The causes that fit your answers best")

    # Today: a teenager with sudden pain at the sitting bone.
    form.type(ABOUT, "How old are you?", "15")
    form.choose(ABOUT, "When did the soreness start?", "Suddenly, during a run")
    _expect(form.report.last, "under 18")
    _only_the_urgent_page(form)
    shots("today - teenager, sitting bone")

    # A bad typed answer: marked next to its question, no stale result, the flag stays.
    form.type("Recent training", "How many rest days do you usually take", "20%")
    box = form.control("How many rest days do you usually take")
    # the error is said in the control's own label, and announced (a live region)
    _expect(box.locator("xpath=preceding-sibling::label[1]"), "type a number from 0 to 7")
    alert = form.app.get_by_role("alert").filter(has_text="How many rest days")
    _expect(alert, "Not understood")
    _expect(form.app.locator(".widget-html-content", has_text="Please check the answer").first, "")
    _expect(form.report.last, "under 18")  # the warning sign answered earlier stays
    _no_serious(page, "lab_assessment_answer_error")
    box.scroll_into_view_if_needed()
    shots("bad answer marked in place")
    form.type("Recent training", "How many rest days do you usually take", "2")
    form.type(ABOUT, "How old are you?", "")
    form.choose(ABOUT, "When did the soreness start?", "The next day or the day after")
    form.choose(ABOUT, "Where exactly does it hurt most?", "— not answered —")
    drawn_figure(page, "Which causes fit your answers")

    # Save: a download link that stays, holding exactly the answers on the form.
    page.get_by_role("button", name="Save answers (JSON)").click()
    link = page.get_by_text("Download my_assessment.json")
    link.wait_for(timeout=TIMEOUT)
    with page.expect_download() as info:
        link.click()
    saved = json.loads(Path(info.value.path()).read_text(encoding="utf-8"))
    assert saved["answers"]["weekly_change_pct"] == 40 and saved["answers"]["rest_days"] == 2
    assert saved["result"]["level"] is None
    shots("saved: the link")

    # 800 px wide (a laptop with the file browser open): nothing clipped, the chart fits.
    lab_width(page, 800)
    problems = settled_layout(page)
    assert problems == [], [
        ", ".join(f"{k}={v}" for k, v in p.items() if k != "label") for p in problems
    ]
    assert link.is_visible()  # the confirmation stayed on screen through the resize
    figure = drawn_figure(page, "Which causes fit your answers")
    assert figure["width"] <= 800
    page.locator(".js-plotly-plot").last.scroll_into_view_if_needed()
    shots("800 px wide")
    assert page.hosts <= LOCAL_HOSTS, f"requests left the machine: {page.hosts}"
