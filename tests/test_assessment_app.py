"""The self-assessment app, driven from Python: set widget values, read what changed."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from hamstring_edu.assessment import assess
from hamstring_edu.handouts import assessment_summary_html
from hamstring_edu.widgets.assessment import AssessmentApp


@pytest.fixture
def app():
    return AssessmentApp()


def _scores(app) -> list[float]:
    return [sum(t.x[i] for t in app.figure.data) for i in range(6)]


def test_starts_empty_with_disclaimer(app):
    assert app.inputs["onset"].label == "— not answered —"
    assert app.result.completeness == 0
    assert "Educational, not a diagnosis" in app.children[0].value
    assert "Answer some questions" in app.banner.value
    assert sum(_scores(app)) == 0


def test_answers_update_result_figure_and_text(app):
    app.inputs["weekly_change_pct"].value = "40"
    app.inputs["onset"].value = "next_day"
    assert app.result.ranking[0][0] == "overuse"
    assert _scores(app)[0] == pytest.approx(app.result.scores["overuse"])
    # the top cause is drawn at the top of the chart
    assert app.figure.layout.yaxis.categoryarray[-1] == "Overuse and strain"
    assert "Overuse and strain" in app.banner.value
    assert "40 %" in app.explanation.value
    assert "Build up the length" in app.next_steps.value
    assert "03_load_progression.ipynb" in app.next_steps.value


def test_a_red_flag_puts_the_urgent_banner_first(app):
    app.inputs["weekly_change_pct"].value = "40"
    app.inputs["rf_calf"].value = True
    assert app.result.urgent
    assert app.banner.value.index("See a doctor") < app.banner.value.index("blood clot")
    assert "#D55E00" in app.banner.value  # the warning colour
    app.inputs["rf_calf"].value = ""  # back to "not answered"
    assert not app.result.urgent and "See a doctor" not in app.banner.value


def test_bad_input_shows_a_message_and_keeps_the_last_result(app):
    app.inputs["rest_days"].value = "1"
    before = app.result
    app.inputs["rest_days"].value = "12"
    assert "rest_days" in app.message.text and "out of range" in app.message.text
    assert app.result is before
    app.inputs["rest_days"].value = "abc"
    assert "expected a number" in app.message.text
    app.inputs["rest_days"].value = "2"
    assert app.message.text == ""
    assert app.result.answers["rest_days"] == 2


def test_severity_and_pattern_are_explained(app):
    for qid, value in {
        "ostrc_participation": "reduced",
        "ostrc_volume": "moderate",
        "ostrc_performance": "minor",
        "ostrc_pain": "mild",
    }.items():
        app.inputs[qid].value = value
    assert "44 / 100" in app.explanation.value and "substantial" in app.explanation.value
    app.inputs["onset"].value = "sudden_during"
    app.inputs["spot"].value = "one_spot"
    assert "fit a muscle strain" in app.explanation.value


def test_save_and_load_json_restores_the_form(app, tmp_path):
    app.inputs["onset"].value = "next_day"
    app.inputs["weekly_change_pct"].value = "35"
    app.inputs["tightness"].value = 6
    app.filename.value = "athlete 1!"
    path = app.save_json(tmp_path)
    assert path.name == "athlete1.json"
    doc = json.loads(path.read_text())
    assert doc["answers"] == {"onset": "next_day", "weekly_change_pct": 35.0, "tightness": 6}
    other = AssessmentApp()
    other.load_json(path.read_bytes())
    assert other.inputs["weekly_change_pct"].value == "35"
    assert other.inputs["tightness"].value == 6
    assert other.result.ranking == app.result.ranking
    bad = {
        "name": "bad.json",
        "type": "application/json",
        "size": 5,
        "last_modified": datetime(2026, 1, 1, tzinfo=UTC),
        "content": memoryview(b"{oops"),
    }
    other.upload.value = (bad,)
    assert "not a valid JSON" in other.message.text


def test_printable_summary_escapes_user_text(app, tmp_path):
    app.inputs["rf_pop"].value = True
    app.name.value = "<script>alert(1)</script>"
    path = app.save_summary(tmp_path)
    page = path.read_text()
    assert "<script>alert" not in page and "&lt;script&gt;" in page
    assert "@media print" in page and "Educational, not a diagnosis" in page
    assert "A pop or sudden sharp pain" in page
    assert "cdn" not in page.lower() and "http" not in page


def test_summary_lists_solutions_with_doses():
    result = assess({"stretching": "rarely", "tightness": 8})
    page = assessment_summary_html(result, notes="Left leg & <b>right</b>")
    assert "30 seconds" in page
    assert "Left leg &amp; &lt;b&gt;right&lt;/b&gt;" in page
