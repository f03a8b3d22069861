"""The athlete's one-page journey (the Voila app), driven from Python."""

from __future__ import annotations

import base64
import re

import pytest

from hamstring_edu.widgets.athlete import AthleteApp


@pytest.fixture
def app():
    return AthleteApp()


def _download(html_text: str) -> str:
    return base64.b64decode(re.search(r'base64,([^"]+)"', html_text).group(1)).decode()


def test_the_journey_starts_with_the_questionnaire_then_the_steps(app):
    assert app.children[1] is app.assessment
    assert app.steps.children == (app.waiting,)  # the page opens light
    app.assessment.inputs["onset"].value = "next_day"
    assert app.routine_box in app.steps.children and app.summary_button in app.steps.children
    assert app.routine in app.routine_box.children and app.routine_box.layout.display is None


def test_answers_fit_the_routine_to_the_causes(app):
    app.assessment.inputs["warmup"].value = "never"
    app.assessment.inputs["stretching"].value = "rarely"
    app.assessment.inputs["tightness"].value = 8
    assert "tightness" in app.routine.focus.value
    app.assessment.inputs["where"].value = "sitting_bone"
    app.assessment.inputs["sitting_pain"].value = True
    assert app.routine.condition.value == "tendon"
    app.routine.kind.value = "cooldown"
    assert "hamstring_stretch" not in set(app.routine.plan["exercise"])


def test_an_urgent_sign_removes_every_other_step(app):
    app.assessment.inputs["weekly_change_pct"].value = "40"
    assert app.routine_box in app.steps.children
    app.assessment.inputs["rf_calf"].value = True
    assert app.steps.layout.display == "none"  # every later step is out of sight
    assert "See a doctor today" in app.assessment.banner.value
    app.assessment.inputs["rf_calf"].value = ""
    assert app.steps.layout.display is None and app.routine_box in app.steps.children


def test_typed_weekly_totals_are_reviewed_and_planned(app):
    app.assessment.inputs["onset"].value = "next_day"
    app.weeks_text.value = "20, 22, 30, 24, 26, 34"
    assert len(app.weeks) == 6
    assert (
        "above two weeks before" in app.weeks_message.text
        and "nielsen2014" in app.weeks_message.text
    )
    assert app.weeks_fig.figure is not None and app.plan is not None
    assert app.goal.value == pytest.approx(34 * 1.3, abs=0.1)
    app.goal.value = 35
    assert app.plan["planned_km"].iloc[-1] == pytest.approx(35)
    app.weeks_text.value = "20, lots"
    assert "not a number" in app.weeks_message.text


def test_a_strain_is_offered_the_recovery_plan(app):
    app.assessment.inputs["onset"].value = "sudden_during"
    app.assessment.inputs["spot"].value = "one_spot"
    app.assessment.inputs["legs"].value = "one"
    assert app.recovery_kind == "strain" and app.recovery_app is not None
    app.assessment.inputs["onset"].value = "next_day"
    app.assessment.inputs["spot"].value = "spread"
    app.assessment.inputs["legs"].value = "both"
    assert app.recovery_kind == "soreness"


def test_one_printable_summary_of_the_page(app):
    app.assessment.inputs["onset"].value = "next_day"
    app.weeks_text.value = "20 22 24"
    app.summary_button.click()
    page = _download(app.summary_message.value)
    assert "Hamstring self-assessment" in page and "Today's warm-up" in page
    assert "Your last 3 weeks" in page and "The weeks ahead" in page
