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


# --------------------------------------------------------------------------- issue 21


def _disclaimers(widget) -> int:
    """How many times the disclaimer banner is on the page under ``widget``."""
    from hamstring_edu.widgets.common import plain_text
    from hamstring_edu.wording import say

    banner = " ".join(say("common.disclaimer").split())
    value = getattr(widget, "value", "")
    own = int(isinstance(value, str) and banner in plain_text(value))
    return own + sum(_disclaimers(c) for c in getattr(widget, "children", ()))


def test_the_disclaimer_is_on_the_page_once(app):
    """Issue 21: the athlete page showed it three times (each sub-app added its own)."""
    app.assessment.inputs["onset"].value = "sudden_during"
    app.assessment.inputs["spot"].value = "one_spot"
    app.assessment.inputs["legs"].value = "one"
    assert app.recovery_app is not None and app.routine is not None
    assert _disclaimers(app) == 1


def test_the_weeks_controls_are_named_and_errors_plain(app):
    app.assessment.inputs["onset"].value = "next_day"
    assert app.weeks_text.description == "Weekly totals, oldest first"
    assert app.goal.description.startswith("Goal per week, in km")
    assert app.units.description and app.log_upload.description
    for control in (app.weeks_text, app.goal):
        assert control.style.description_width == "initial"
    app.weeks_text.value = "20, 22, 24, 26"
    assert app.plan is not None and app.plan_fig.figure is not None
    app.weeks_text.value = "20,, 30; 40"
    text = app.weeks_message.text
    assert "field" not in text and "weekly" not in text.split(":")[0]
    # nothing old stays under the new error
    assert app.weeks is None and app.plan is None and app.weeks_fig.figure is None
    assert app.plan_message.text == ""


def test_a_goal_out_of_range_is_refused_not_changed(app):
    """Issue 21: a goal of 5000 became 300 silently (a bounded box)."""
    app.assessment.inputs["onset"].value = "next_day"
    app.weeks_text.value = "20, 22, 24, 26"
    app.goal.value = 5000
    assert app.goal.value == 5000 and app.plan is None and app.plan_fig.figure is None
    assert "5000" in app.plan_message.text and "field" not in app.plan_message.text
    app.goal.value = 30
    assert app.plan is not None and "5000" not in app.plan_message.text


def test_a_short_plan_promises_no_lighter_week(app):
    """Issue 21: a 2-week plan said "a lighter week every fourth week"."""
    app.assessment.inputs["onset"].value = "next_day"
    app.weeks_text.value = "20, 22, 24, 26"
    app.goal.value = 28
    assert len(app.plan) < 4 and not app.plan["recovery_week"].any()
    assert "every fourth week" not in app.plan_message.text


def test_unanswered_warning_signs_are_said_before_the_steps(app):
    app.assessment.inputs["onset"].value = "next_day"
    assert app.steps.children[0] is app.signs_note
    assert "17 of the 17 warning-sign questions" in app.signs_note.text
    app.assessment.inputs["rf_pop"].value = True  # a raised sign: no "assume none applies"
    assert app.signs_note.text == "" and app.routine_note.text
    for q in app.assessment.signs:
        app.assessment.inputs[q.id].value = False
    assert app.signs_note.text == ""
    assert "no” to all 17" in app.assessment.signs_note.value


def test_the_printed_summary_is_dated_and_prints_its_sources(app):
    """Issue 21: no date, "here is the plan for it" with no plan, and a runner sent to
    data/references.toml."""
    import datetime as dt

    from hamstring_edu.content import load_content
    from hamstring_edu.handouts import cited_references, journey_summary_html

    app.assessment.inputs["onset"].value = "next_day"
    app.assessment.inputs["spot"].value = "spread"
    app.assessment.inputs["legs"].value = "both"
    app.weeks_text.value = "20, 22, 24, 26"
    assert app.recovery_kind == "soreness"
    page = app.summary_html()
    assert "Printed on " in page and str(dt.date.today().year) in page
    assert "references.toml" not in page
    cited = cited_references(page)
    assert "cheung2003" in cited
    for ref_id in cited:
        assert load_content().reference(ref_id).citation.split("(")[0].strip() in page
    # the recovery note comes with the plan's steps
    assert "here is the plan for it" in page and "Easy days" in page
    fixed = journey_summary_html(
        app.assessment.result, recovery="here is the plan for it", today=dt.date(2026, 5, 4)
    )
    assert "Printed on Monday 4 May 2026" in fixed
    assert "here is the plan for it" not in fixed  # no plan given: the note is not printed
    assert "Warning signs not answered" in fixed


def _strain_days_ago(app, days: int) -> None:
    app.assessment.inputs["onset"].value = "sudden_during"
    app.assessment.inputs["spot"].value = "one_spot"
    app.assessment.inputs["legs"].value = "one"
    app.assessment.inputs["days_sore"].value = str(days)


def test_the_recovery_plan_starts_on_the_day_answered_on_the_browsers_clock(app):
    from datetime import UTC, datetime, timedelta
    from zoneinfo import ZoneInfo

    app.browser_zone.value = "Pacific/Auckland"  # what the Voila page's script sends
    _strain_days_ago(app, 3)
    recovery = app.recovery_app
    assert recovery.tz.value == "Pacific/Auckland"
    assert "Pacific/Auckland, the time zone your browser reports" in recovery.zone_note.value
    there = datetime.now(UTC).astimezone(ZoneInfo("Pacific/Auckland")).replace(tzinfo=None)
    assert abs(there - timedelta(days=3) - recovery.onset.value) < timedelta(minutes=10)
    assert recovery.plan.attrs["tz"] == "Pacific/Auckland"


def test_a_zone_reported_later_moves_the_plan_but_never_a_persons_choice(app):
    _strain_days_ago(app, 1)
    recovery = app.recovery_app
    recovery.tz.value = "Asia/Tokyo"  # the person chose their zone
    app.browser_zone.value = "America/Lima"
    assert recovery.tz.value == "Asia/Tokyo" and recovery.zone_note.value == ""
    app.browser_zone.value = "not/a zone"  # a page that sends nonsense changes nothing
    assert app.zone == "America/Lima"


def test_links_open_in_a_new_tab_and_the_urgent_page_has_none(app):
    app.assessment.inputs["onset"].value = "next_day"
    more = app.later_steps[-1].value
    assert more.count('target="_blank" rel="noopener"') == 5
    assert more.count("(opens in a new tab)") == 5
    app.assessment.inputs["rf_calf"].value = True
    assert app.steps.layout.display == "none"  # the links are in a step: out of sight
    assert ".ipynb" not in app.assessment.report.value + app.assessment.banner.value


def test_a_runners_account_archive_uploads_as_downloaded(app):
    """Issue 24: the runner's Strava zip, as downloaded, gives their weeks in the app."""
    from hamstring_edu.content import data_dir

    data = (data_dir() / "samples" / "strava_export_made_up.zip").read_bytes()
    app.assessment.inputs["onset"].value = "next_day"  # the steps open with a first answer
    app._log_uploaded({"new": [{"name": "export_2025.zip", "content": memoryview(data)}]})
    assert app.weeks is not None and len(app.weeks) == 6
    assert "export_2025.zip" in app.weeks_message.text
    assert app.weeks["load"].iloc[0] == pytest.approx(34.6, abs=0.05)
