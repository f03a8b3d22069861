"""The self-assessment app, driven from Python: set widget values, read what it shows."""

from __future__ import annotations

import base64
import json
import re
from datetime import UTC, datetime

import pytest
from text_copy import edited_texts, refused_text

from hamstring_edu.assessment import assess
from hamstring_edu.handouts import assessment_summary_html
from hamstring_edu.widgets.assessment import AssessmentApp
from hamstring_edu.widgets.common import plain_text


@pytest.fixture
def app():
    return AssessmentApp()


def _scores(app) -> list[float]:
    return [sum(t.x[i] for t in app.figure.figure.data) for i in range(6)]


def _shown(app) -> str:
    """Everything the result panel shows, as plain text."""
    return plain_text(app.banner.value + app.figure_heading.value + app.report.value)


def _download(message_html: str) -> tuple[str, bytes]:
    name = re.search(r'download="([^"]+)"', message_html).group(1)
    data = re.search(r'href="data:[^;]+;base64,([^"]+)"', message_html).group(1)
    return name, base64.b64decode(data)


def test_starts_empty_with_disclaimer(app):
    assert app.inputs["onset"].label == "— not answered —"
    assert app.result.completeness == 0
    assert "Educational, not a diagnosis" in app.children[0].value
    assert "Answer some questions" in app.banner.value
    assert app.figure.layout.display == "none"  # nothing to draw yet


def test_answers_update_result_figure_and_text(app):
    app.inputs["weekly_change_pct"].value = "40"
    app.inputs["onset"].value = "next_day"
    assert app.result.ranking[0][0] == "overuse"
    assert _scores(app)[0] == pytest.approx(app.result.scores["overuse"])
    assert app.figure.layout.display is None and len(app.figure.outputs) == 1
    # the top cause is drawn at the top of the chart
    assert app.figure.figure.layout.yaxis.categoryarray[-1] == "Overuse and strain"
    shown = _shown(app)
    assert "causes that fit your answers best: Overuse and strain" in shown
    # each contribution names its question in words
    assert "“By how much has your weekly running distance gone up" in shown
    assert "40 % (+" in shown
    assert "Build up the length" in shown and "Evidence: Partly supported" in shown
    assert "Most likely" not in shown


def test_a_warning_sign_replaces_the_whole_page(app):
    app.inputs["weekly_change_pct"].value = "40"
    app.inputs["onset"].value = "next_day"
    app.inputs["rf_calf"].value = True
    assert app.result.urgent and app.result.level == "today"
    shown = _shown(app)
    assert shown.startswith("See a doctor today")
    assert "blood clot" in shown and "not a physiotherapist" in shown
    for reassuring in ("settles", "causes that fit", "What to try", "Build up the length"):
        assert reassuring not in shown
    assert app.figure.layout.display == "none"  # no chart on an urgent page
    app.inputs["rf_calf"].value = ""  # back to "not answered"
    assert not app.result.urgent and "See a doctor" not in app.banner.value


def test_an_emergency_sign_says_call_now(app):
    app.inputs["rf_breathless"].value = True
    assert app.result.level == "emergency"
    assert _shown(app).startswith("Emergency: call your local emergency number")


def test_soon_shows_causes_only_after_a_clinician(app):
    app.inputs["weekly_change_pct"].value = "40"
    app.inputs["rf_nerve"].value = True
    assert app.result.level == "soon"
    assert "After a clinician has seen you" in app.figure_heading.value
    assert app.figure.layout.display is None
    assert "After a clinician has seen you: what you could try" in _shown(app)


def test_an_invalid_answer_shows_no_stale_result_and_keeps_red_flags(app):
    """The issue's failure: after '20%' in a days field the app kept its old result, ignored
    later answers (red flags too), printed no warning signs and saved empty answers."""
    app.inputs["weekly_change_pct"].value = "40"
    app.inputs["rest_days"].value = "20%"
    assert app.result is None
    assert "rest_days" in app.invalid
    assert "expected a number of days per week" in app.error_for("rest_days")  # next to it
    assert "Please check the answer(s) marked in red" in app.banner.value
    assert "causes that fit" not in _shown(app) and app.figure.layout.display == "none"
    # a red flag answered while the bad answer stands is shown at once
    app.inputs["rf_calf"].value = True
    assert app.partial.level == "today"
    assert "See a doctor today" in _shown(app) and "blood clot" in _shown(app)
    # saving and printing wait for the fix, and say so next to the buttons
    app.save_button.click()
    assert "first fix the answer(s) marked in the form" in app.message.text
    app.summary_button.click()
    assert "How many rest days" in app.message.text
    # fixed: the result is computed from exactly what is on the form
    app.inputs["rest_days"].value = "2"
    assert app.result is not None and app.result.answers["rest_days"] == 2
    assert app.result.answers["rf_calf"] is True and app.result.level == "today"
    assert app.error_for("rest_days") == ""


def test_a_percent_sign_is_understood(app):
    app.inputs["weekly_change_pct"].value = "20%"
    assert app.result.answers["weekly_change_pct"] == 20


def test_bad_input_is_explained_next_to_its_question(app):
    app.inputs["rest_days"].value = "12"
    assert "out of range; expected 0 to 7 days per week" in app.error_for("rest_days")
    assert app.error_for("onset") == ""
    app.inputs["rest_days"].value = "abc"
    assert "expected a number" in app.error_for("rest_days")
    app.inputs["rest_days"].value = "2"
    assert app.error_for("rest_days") == "" and app.result.answers["rest_days"] == 2


def test_severity_and_pattern_are_explained(app):
    for qid, value in {
        "ostrc_participation": "reduced",
        "ostrc_volume": "moderate",
        "ostrc_performance": "minor",
        "ostrc_pain": "mild",
    }.items():
        app.inputs[qid].value = value
    assert "44 / 100 (a substantial problem)" in _shown(app)
    app.inputs["onset"].value = "next_day"
    app.inputs["spot"].value = "spread"
    assert "fit delayed onset muscle soreness" in _shown(app)


def test_save_offers_a_download_that_stays_and_loads_back(app, tmp_path):
    app.inputs["onset"].value = "next_day"
    app.inputs["weekly_change_pct"].value = "35"
    app.inputs["tightness"].value = 6
    app.filename.value = "athlete 1!"
    app.save_button.click()
    name, data = _download(app.message.value)
    assert name == "athlete1.json"
    assert "ready" in app.message.text  # the confirmation stays until the next action
    doc = json.loads(data)
    assert doc["answers"] == {"onset": "next_day", "weekly_change_pct": 35.0, "tightness": 6}
    other = AssessmentApp()
    upload = {
        "name": name,
        "type": "application/json",
        "size": len(data),
        "last_modified": datetime(2026, 1, 1, tzinfo=UTC),
        "content": memoryview(data),
    }
    other.upload.value = (upload,)
    assert "Answers loaded" in other.message.text
    assert other.inputs["weekly_change_pct"].value == "35"
    assert other.inputs["tightness"].value == 6
    assert other.result.ranking == app.result.ranking
    # and to a folder, for notebook users
    path = app.save_json(tmp_path)
    assert path.name == "athlete1.json" and json.loads(path.read_text())["answers"]


def test_a_bad_upload_names_the_file_and_keeps_the_form(app):
    app.inputs["onset"].value = "next_day"
    bad = {
        "name": "notes.json",
        "type": "application/json",
        "size": 5,
        "last_modified": datetime(2026, 1, 1, tzinfo=UTC),
        "content": memoryview(b"{oops"),
    }
    app.upload.value = (bad,)
    assert "notes.json" in app.message.text and "not a valid JSON" in app.message.text
    assert app.result.answers == {"onset": "next_day"}


def test_printable_summary_says_what_the_app_says(app):
    app.inputs["rf_pop"].value = True
    app.inputs["where"].value = "sitting_bone"
    app.name.value = "<script>alert(1)</script>"
    app.summary_button.click()
    name, data = _download(app.message.value)
    page = data.decode()
    assert name == "my_assessment.html"
    assert "<script>alert" not in page and "&lt;script&gt;" in page
    assert "@media print" in page and "Educational, not a diagnosis" in page
    assert "possible serious tear" in page and "tendon at the sitting bone" in page
    assert "See a doctor today" in page
    assert "rf_pop" not in page and "sitting_bone" not in page.replace("report-", "")
    assert "cdn" not in page.lower() and "http" not in page


def test_summary_lists_solutions_with_doses_and_evidence():
    result = assess({"stretching": "rarely", "tightness": 8})
    page = assessment_summary_html(result, notes="Left leg & <b>right</b>")
    assert "30 seconds" in page and "Evidence: Partly supported" in page
    assert "Left leg &amp; &lt;b&gt;right&lt;/b&gt;" in page


def test_a_strain_is_offered_the_recovery_plan_and_an_urgent_result_is_not(app):
    app.inputs["onset"].value = "sudden_during"
    app.inputs["spot"].value = "one_spot"
    app.inputs["legs"].value = "one"
    assert "fit a muscle strain" in _shown(app)
    assert "05_recovery.ipynb" in app.recovery_note.value
    app.inputs["rf_pop"].value = True  # a "soon" sign: the plan is still offered
    assert app.result.level == "soon" and "05_recovery.ipynb" in app.recovery_note.value
    app.inputs["where"].value = "sitting_bone"  # now a same-day sign: no self-care plan
    assert app.result.urgent and app.recovery_note.value == ""


def test_the_app_and_its_figure_are_worded_in_data_text_assessment(tmp_path):
    """The form's words, the banners and the figure's title come from data/text/assessment.toml."""
    changes = {
        "app_not_answered": "(no answer)",
        "app_why_we_ask": "Asked because: {why}",
        "app_check_answers": "Fix the answers in red.",
        "figure_title": "Your causes ({share:.0%} answered)",
    }
    with edited_texts(tmp_path, "assessment", **changes):
        app = AssessmentApp()
        assert app.inputs["onset"].label == "(no answer)"
        assert "Asked because: " in app.labels["onset"].value
        app.inputs["weekly_change_pct"].value = "40"
        assert app.figure.figure.layout.title.text.startswith("Your causes (")
        app.inputs["rest_days"].value = "lots"
        assert "<b>Fix the answers in red.</b>" in app.banner.value
    assert AssessmentApp().inputs["onset"].label == "— not answered —"


def test_a_broken_app_text_names_file_and_key(tmp_path):
    with refused_text(tmp_path, "assessment", "app_why_we_ask", "Why we ask", "not in the text"):
        AssessmentApp()
