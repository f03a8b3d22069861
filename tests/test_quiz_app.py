"""QuizApp in Python: answer as a student would, read what the app shows."""

from __future__ import annotations

import base64
import json
import re

import ipywidgets as widgets
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
    total = len(app.attempt.questions)
    assert f"{total - 2} of {total} questions are not answered yet: questions 3-{total}." == (
        app.message.text
    )
    assert "You scored 2 of" in plain_text(app.score_box.value)


def test_single_choice_is_one_group_of_radio_buttons_that_starts_empty(app):
    card = app.shown[0]
    q = card.question
    assert card.radio is not None and card.radio.value is None and card.boxes == []
    assert [label for label, _ in card.radio.options] == [o.text for o in q.options]
    card.radio.value = 2
    assert card.response() == 2
    assert "hamstring-choice" in card.radio._dom_classes
    assert card.control_names() == [q.text]  # the group is named by its question


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
    assert len(app.cards) == 6
    q = app.attempt.questions[0]
    app.check(q.id, "27")
    path = app.save_json(tmp_path)
    assert json.loads(path.read_text())["student"] == "ben"
    app.restart_button.click()
    assert app.attempt.first == {} and app.score_box.value == ""


# --------------------------------------------------------------------------- first-use fixes


def test_every_count_on_one_screen_agrees_with_an_unusable_answer_on_screen():
    """Issue 21: 'answered 1 of 54', '52 have no answer' and '53 not answered' were shown at
    once (an answer that could not be checked counted as answered in one place only)."""
    app = QuizApp(load_quiz().questions, choose_set=True)
    app.mode.value = "all"
    questions = app.attempt.questions
    single = next(q for q in questions if q.type == "single")
    numeric = next(q for q in questions if q.type == "numeric")
    app.check(single.id, single.correct[0])
    app.set_response(numeric.id, "a quarter")  # typed, but not a number
    app.finish_button.click()
    shown = app.counts_shown()
    assert shown["progress"] and shown["message"] and shown["score"], shown
    every = {n for counts in shown.values() for n in counts}
    assert every == {app.attempt.answered} == {1}, shown
    total = len(questions)
    n = [q.id for q in questions].index(numeric.id) + 1
    text = app.message.text
    assert text.startswith(f"{total - 1} of {total} questions are not answered yet: questions ")
    assert f"The answer to question {n} could not be checked: see the message under it." in text
    assert "is not a number" in app.cards[numeric.id].message.text
    assert f"{total - 1} questions not answered yet." in plain_text(app.score_box.value)
    assert f"answered 1 of {total}" in plain_text(app.progress.value)


def test_counts_read_from_the_screen_follow_every_answer(app):
    app.mode.value = "all"
    for k, q in enumerate(app.attempt.questions[:4], start=1):
        app.check(q.id, q.correct[0] if q.correct else f"{q.value:.{q.decimals}f}")
        app.finish_button.click()
        every = {n for counts in app.counts_shown().values() for n in counts}
        assert every == {k}, app.counts_shown()


def test_no_download_without_a_name_the_name_box_is_named_and_focused(tmp_path, monkeypatch):
    """Issue 21: without a name the results downloaded as '_quiz.csv' with an empty student
    column while the app said to give the file to the teacher."""
    app = QuizApp(notebook="08_reading_the_evidence")
    focused = []
    monkeypatch.setattr(app.name, "focus", lambda: focused.append(True))
    q = app.attempt.questions[0]
    app.check(q.id, q.correct[0])
    for click in (app.csv_button.click, app.json_button.click):
        click()
        assert "hamstring-download" not in app.export_message.value
        assert 'role="alert"' in app.export_message.value
        assert app.export_message.text.startswith("Your name is missing Type your name")
    assert focused == [True, True]
    assert app.save_csv(tmp_path) is None and list(tmp_path.iterdir()) == []
    assert app.name.description == "Your name (goes into the results file)"
    app.name.value = "  "  # spaces are not a name
    app.csv_button.click()
    assert "hamstring-download" not in app.export_message.value
    app.name.value = "Ana B."
    assert app.export_message.value == ""  # the request was answered
    app.csv_button.click()
    name, text = _download(app.export_message.value)
    assert name == "AnaB_quiz.csv" and text.splitlines()[1].startswith("Ana B.,")


def test_every_control_is_named_by_its_purpose():
    app = QuizApp(load_quiz().questions, choose_set=True)
    settings = [app.name, app.mode, app.set_choice]
    assert [w.description for w in settings] == [
        "Your name (goes into the results file)",
        "Show",
        "Questions",
    ]
    for w in settings:
        assert w.style.description_width == "initial"
    for card in app.cards.values():
        q = card.question
        names = card.control_names()
        assert all(names), q.id
        if q.type == "multiple":  # each checkbox labelled by its own option text
            assert [b.description for b in card.boxes] == [o.text for o in q.options]
            assert all(not b.indent for b in card.boxes)
        elif q.type == "numeric":
            assert card.number.description.startswith("Your answer")
            assert names == [f"{card.number.description} for “{q.text}”"]
        elif q.type == "order":
            assert names == [f"Position {k} for “{q.text}”" for k in range(1, len(q.steps) + 1)]
        assert f'id="{card.uid}"' in card.header.value and q.text in plain_text(card.header.value)
    for b in (app.next_button, app.finish_button, app.csv_button, app.json_button):
        assert b.description


def test_order_dropdowns_are_never_blank():
    """Issue 21: the order questions' dropdowns showed a blank choice."""
    app = QuizApp(ids=["levels_in_order"])
    card = app.shown[0]
    for k, place in enumerate(card.places, start=1):
        assert place.index == 0 and place.label == f"Choose the step for position {k}"
        assert place.description == f"Position {k}"
    assert card.response() is None and not card.answered()
    card.places[0].value = card.question.shown_steps()[0]
    card.check_button.click()
    assert "Choose a step for every position: 2 of 3 are still empty." in card.message.text
    assert app.attempt.first == {}


def test_results_and_errors_are_announced_in_live_regions(app):
    card = app.shown[0]
    card.check_button.click()
    assert card.message.value.startswith('<div role="alert"')
    app.check(card.question.id, card.question.correct[0])
    assert card.feedback.value.startswith('<div role="status"')
    app.mode.value = "all"
    app.finish_button.click()
    assert app.message.value.startswith('<div role="status"')
    assert app.score_box.value.startswith('<div role="status"')


def test_the_focus_moves_to_the_next_question(app, monkeypatch):
    moved = []
    for card in app.cards.values():
        for control in card.controls():
            monkeypatch.setattr(control, "focus", lambda c=card: moved.append(c.question.id))
    app.next_button.click()
    assert moved == [app.attempt.questions[1].id] == [app.shown[0].question.id]


def test_multiple_choice_checkboxes_and_a_review_that_starts_empty():
    app = QuizApp(notebook="05_recovery")
    multi = next(q for q in app.attempt.questions if q.type == "multiple")
    card = app.cards[multi.id]
    assert "hamstring-choice" in card.children[1]._dom_classes
    wrong = [i for i in range(len(multi.options)) if i not in multi.correct][:1]
    app.check(multi.id, wrong)
    for q in app.attempt.unanswered():
        right = {"single": q.correct[0], "multiple": list(q.correct)}.get(q.type)
        app.check(q.id, right if right is not None else f"{q.value:.{q.decimals}f}")
    app.review_button.click()
    assert [c.question.id for c in app.shown] == [multi.id]
    assert [b.value for b in card.boxes] == [False] * len(multi.options)
    assert card.feedback.value == "" and "Review 1 of 1" in card.header.value


def test_the_page_script_groups_names_and_keeps_keys_from_jupyterlab(app):
    """ipywidgets has no ARIA properties: the quiz's script (an output that draws nothing) makes
    each choice question a named (radio)group and keeps arrows and Space from JupyterLab's cell
    shortcuts (they moved the notebook's cursor instead of the choice)."""
    script = "".join(
        o["data"].get("text/html", "")
        for child in app.children
        if isinstance(child, widgets.Output)
        for o in child.outputs
    )
    for part in ("radiogroup", "aria-labelledby", ".hamstring-quiz", "stopPropagation"):
        assert part in script
    assert "{question}" in script and "{label} for" in script


def test_question_numbers_are_listed_in_words():
    from hamstring_edu.widgets.quiz import number_list

    assert number_list([7]) == "question 7"
    assert number_list([2, 5]) == "questions 2 and 5"
    assert number_list([2, 3, 4, 5, 6, 8, 10, 11, 12]) == "questions 2-6, 8 and 10-12"
