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
from hamstring_edu.wording import say


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
    assert app.figure.layout.display is None and app.figure.figure is not None
    # the top cause is drawn at the top of the chart
    assert app.figure.figure.layout.yaxis.categoryarray[-1] == "Overuse and strain"
    shown = _shown(app)
    assert "causes that fit your answers best: Overuse and strain" in shown
    # each contribution names its question in words
    assert "“By how much has your weekly running distance gone up" in shown
    assert "40 %: adds" in shown and "(+" not in shown
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
    assert "type a number from 0 to 7 days per week" in app.error_for("rest_days")  # next to it
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
    assert "“12” is not an answer" in app.error_for("rest_days")
    assert "from 0 to 7 days per week" in app.error_for("rest_days")
    assert app.error_for("onset") == ""
    app.inputs["rest_days"].value = "abc"
    assert "type a number" in app.error_for("rest_days")
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


# --------------------------------------------------------------------------- issue 21


def test_every_control_is_named_by_its_question(app):
    """Issue 21: the warning-sign dropdowns had no accessible name (the question was a separate
    HTML widget). Now each control's own description is its question: a <label for> in the page."""
    for q in app.questionnaire.questions:
        control = app.inputs[q.id]
        assert control.description.startswith(q.text.rstrip(")")), q.id
        assert control.style.description_width == "initial"
        assert control.layout.flex_flow == "column" and control.layout.width == "100%"
        assert "hamstring-question" in control._dom_classes
    # no separate HTML holds the question any more: the note under it says why we ask
    assert all(q.text not in app.labels[q.id].value for q in app.questionnaire.questions)
    assert app.inputs["rf_calf"].description == (
        "Is your calf or thigh swollen, and warm, red or tender to touch?"
    )
    assert app.inputs["tightness"].description.endswith("(0 = not at all, 10 = very)")
    assert app.inputs["rest_days"].description.endswith("(in days per week)")
    assert app.inputs["age"].description == "How old are you? (optional, in years)"
    for widget in (app.name, app.filename):
        assert widget.description and widget.style.description_width == "initial"


def test_a_bad_answer_is_said_in_its_label_and_announced(app):
    app.inputs["rest_days"].value = "20%"
    control = app.inputs["rest_days"]
    question, error = control.description.split("\n")
    assert question.startswith("How many rest days") and error.startswith("Not understood:")
    assert "“20%”" in error and "answer-invalid" in control._dom_classes
    note = app.labels["rest_days"].value
    assert 'role="alert"' in note and "“20%” is not an answer" in note
    app.inputs["rest_days"].value = "2"
    assert "\n" not in control.description and "answer-invalid" not in control._dom_classes
    assert "alert" not in app.labels["rest_days"].value


def test_units_read_as_words():
    """Issue 21: "5 0 = not at all, 10 = very (+9)" and "1 days per week"."""
    qs = AssessmentApp().questionnaire
    assert qs.question("tightness").label(5) == "5 out of 10 (0 = not at all, 10 = very)"
    assert qs.question("rest_days").label(1) == "1 day per week"
    assert qs.question("rest_days").label(2) == "2 days per week"
    assert qs.question("strength_sessions").label(1) == "1 session per week"
    assert qs.question("weekly_change_pct").label(40.0) == "40 %"
    app = AssessmentApp({"tightness": 8, "rest_days": 1, "onset": "next_day"})
    shown = _shown(app)
    assert "8 out of 10 (0 = not at all, 10 = very): adds" in shown and "(+" not in shown
    assert "1 days" not in shown and "8 0 = not at all" not in shown


def _file(name: str, data: bytes) -> dict:
    return {
        "name": name,
        "type": "",
        "size": len(data),
        "last_modified": datetime(2026, 1, 1, tzinfo=UTC),
        "content": memoryview(data),
    }


def test_a_picture_loaded_as_saved_answers_is_refused_in_plain_words(app):
    """Issue 21: "'utf-8' codec can't decode byte 0x89" for a picture loaded as saved answers."""
    app.inputs["onset"].value = "next_day"
    app.upload.value = (_file("photo.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"),)
    text = app.message.text
    assert "photo.png" in text and "not text" in text and "Save answers (JSON)" in text
    for developer in ("codec", "0x89", "utf-8", "decode", "char ", "line 1"):
        assert developer not in text, developer
    assert app.result.answers == {"onset": "next_day"}  # the form is kept
    app.upload.value = (_file("other.json", b'{"format": "other"}'),)
    assert "other.json is not a self-assessment saved by this app" in app.message.text
    assert "field" not in app.message.text
    saved = json.dumps(
        {"format": "hamstring-edu-assessment", "version": 2, "answers": {"rest_days": 9}}
    )
    app.upload.value = (_file("old.json", saved.encode()),)
    assert "“How many rest days" in app.message.text and "question '" not in app.message.text


def test_unanswered_warning_signs_are_said_first_and_all_no_is_explained(app):
    """Issue 21: one answer with every warning sign unanswered already gave causes silently."""
    app.inputs["weekly_change_pct"].value = "40"
    kind, text = app.signs_status()
    assert kind == "unanswered" and "17 of the 17 warning-sign questions" in text
    children = list(app.children)
    # said before the result: above the headline, the chart and the causes
    assert children.index(app.signs_note) < children.index(app.banner)
    assert children.index(app.signs_note) < children.index(app.figure)
    assert "Warning signs not answered yet" in app.signs_note.value
    assert "assumes that none of them applies" in plain_text(app.signs_note.value)
    # the form shows the warning signs first
    first = [q.section for q in app.questionnaire.in_section(app.questionnaire.sections[0].id)]
    assert set(first) == {"urgent_signs"} and app.form.children[0] is app.sections[0]
    for q in app.signs[:-1]:
        app.inputs[q.id].value = False
    assert "1 of the 17" in plain_text(app.signs_note.value)
    app.inputs[app.signs[-1].id].value = False
    kind, text = app.signs_status()
    assert kind == "all_no" and "no” to all 17" in text
    assert "nothing you reported needs a clinician first" in plain_text(app.signs_note.value)
    app.inputs["rf_calf"].value = True  # a raised sign: the result says what to do instead
    assert app.signs_note.value == "" and "See a doctor today" in app.banner.value


def test_the_disclaimer_can_be_left_to_the_page(app):
    """Issue 21: the athlete page showed the disclaimer three times (each sub-app added it)."""
    banner = " ".join(say("common.disclaimer").split())
    assert sum(banner in plain_text(getattr(c, "value", "")) for c in app.children) == 1
    bare = AssessmentApp(show_disclaimer=False)
    assert not any(banner in plain_text(getattr(c, "value", "")) for c in bare.children)


def test_the_cause_chart_has_its_text_alternative(app):
    """Issue 21: every figure has a text alternative; the cause chart's names the top causes and
    their scores in words, and its table lists every cause."""
    from hamstring_edu.figures.style import figure_table, summary_of

    app.inputs["weekly_change_pct"].value = "40"
    app.inputs["onset"].value = "next_day"
    app.inputs["tightness"].value = 8
    result = app.result
    summary = summary_of(app.figure.figure)
    top, score = result.ranking[0]
    title = app.figure.figure.data[0].y[list(result.scores).index(top)]
    assert summary.startswith("Causes that fit best:") and f"{title} {score:.0f}" in summary
    assert "No points:" in summary and "Running technique" in summary
    columns, rows = figure_table(app.figure.figure)
    assert columns[:2] == ["Cause", "Score (0 to 100)"] and len(rows) == 6
    assert rows[0][0] == title and rows[0][1] == round(score)
    assert "adds" in rows[0][2] and "points" in rows[0][2]
    assert summary in app.figure.summary
