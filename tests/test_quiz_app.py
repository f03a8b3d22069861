"""QuizApp in Python: answer as a student would, read what the app shows."""

from __future__ import annotations

import base64
import json
import re

import pytest

from hamstring_edu.quiz import load_quiz
from hamstring_edu.widgets.common import plain_text
from hamstring_edu.widgets.quiz import QuizApp


@pytest.fixture
def app():
    return QuizApp(notebook="08_reading_the_evidence", student="ana")


def _download(message_html: str) -> tuple[str, str]:
    name = re.search(r'download="([^"]+)"', message_html).group(1)
    data = re.search(r"base64,([^\"]+)", message_html).group(1)
    return name, base64.b64decode(data).decode("utf-8")


def test_one_at_a_time_with_feedback_a_score_and_a_review(app):
    questions = app.attempt.questions
    assert len(app.shown) == 1 and app.shown[0].question.id == questions[0].id
    assert "not a diagnosis" in app.children[1].value
    assert "Question 1 of" in plain_text(app.progress.value)
    first = app.shown[0]
    app.set_response(first.question.id, (first.question.correct[0] + 1) % 4)  # wrong
    first.check_button.click()
    feedback = plain_text(first.feedback.value)
    assert feedback.startswith("Not quite.") and "Read more: notebook 08" in feedback
    assert 'href="08_reading_the_evidence.ipynb#Kinds-of-study"' in first.feedback.value
    for _ in questions[1:]:
        app.next_button.click()
        card = app.shown[0]
        q = card.question
        right = q.correct[0] if q.type == "single" else f"{q.value:.{q.decimals}f}"
        app.set_response(q.id, right)
        card.check_button.click()
        assert plain_text(card.feedback.value).startswith("Right."), q.id
    assert app.attempt.finished
    score = plain_text(app.score_box.value)
    assert f"You scored {len(questions) - 1} of {len(questions)}" in score
    assert app.review_button.layout.display is None  # offered: there is a mistake
    app.review_button.click()
    assert [c.question.id for c in app.shown] == [questions[0].id]
    review = app.shown[0]
    app.set_response(review.question.id, review.question.correct[0])
    review.check_button.click()
    assert "In the review you put 1 of 1 right." in plain_text(app.score_box.value)
    assert app.attempt.score == len(questions) - 1


def test_a_missing_or_unusable_answer_is_said_next_to_the_check_button(app):
    card = app.shown[0]
    card.check_button.click()
    assert "choose or type an answer first" in card.message.text
    assert app.attempt.first == {}
    numeric = next(q for q in app.attempt.questions if q.type == "numeric")
    app.mode.value = "all"
    target = app.cards[numeric.id]
    target.number.value = "a quarter"
    target.check_button.click()
    assert "is not a number" in target.message.text
    target.number.value = f"{numeric.value:.0f}"
    target.check_button.click()
    assert target.message.text == "" and "Right." in plain_text(target.feedback.value)


def test_whole_set_checks_everything_and_scores(app):
    app.mode.value = "all"
    assert len(app.shown) == len(app.attempt.questions)
    assert app.next_button.layout.display == "none"
    answered = app.attempt.questions[:2]
    for q in answered:
        app.set_response(q.id, q.correct[0])
    app.finish_button.click()
    assert f"{len(app.attempt.questions) - 2} question(s) have no answer yet" in app.message.text
    assert "You scored 2 of" in plain_text(app.score_box.value)


def test_single_choice_ticks_one_option_at_a_time(app):
    card = app.shown[0]
    card.boxes[0].value = True
    card.boxes[2].value = True
    assert [b.value for b in card.boxes] == [False, False, True, False]


def test_order_questions_use_one_dropdown_per_place():
    app = QuizApp(ids=["levels_in_order"])
    card = app.shown[0]
    assert len(card.places) == 3
    shown = [label for label, _ in card.places[0].options[1:]]
    q = card.question
    assert shown == [q.steps[i] for i in q.shown_steps()] and shown != list(q.steps)
    app.check("levels_in_order", [0, 2, 1])
    assert plain_text(card.feedback.value).startswith("Not quite.")


def test_results_download_as_csv_and_json(app):
    for q in app.attempt.questions[:3]:
        app.check(q.id, q.correct[0] if q.correct else f"{q.value:.2f}")
    app.csv_button.click()
    name, text = _download(app.export_message.value)
    assert name == "ana_quiz.csv"
    rows = text.splitlines()
    assert rows[0].startswith("student,quiz,question,notebook") and len(rows) == 4
    assert all(r.startswith("ana,") for r in rows[1:])
    app.json_button.click()
    name, text = _download(app.export_message.value)
    doc = json.loads(text)
    assert name == "ana_quiz.json" and doc["score"] == 3 and doc["answered"] == 3


def test_the_name_and_the_set_can_change(tmp_path):
    app = QuizApp(load_quiz().questions, choose_set=True)
    app.name.value = "ben"
    assert app.attempt.student == "ben"
    app.set_choice.value = "09_hand_calculations"
    assert {q.notebook for q in app.attempt.questions} == {"09_hand_calculations"}
    assert len(app.cards) == 5
    q = app.attempt.questions[0]
    app.check(q.id, "27")
    path = app.save_json(tmp_path)
    assert json.loads(path.read_text())["student"] == "ben"
    app.restart_button.click()
    assert app.attempt.first == {} and app.score_box.value == ""
