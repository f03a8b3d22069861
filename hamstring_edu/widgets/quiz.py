"""QuizApp: questions one at a time or as a whole set, feedback that teaches, a score, a review
of mistakes, and results a teacher can collect (CSV or JSON, downloaded in the browser).

The app holds no rules: grading, the score and the review pass are
:class:`hamstring_edu.quiz.QuizAttempt`'s; the app shows questions, reads the answers and shows
what the model says.
"""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

import ipywidgets as widgets

from hamstring_edu.errors import HamstringEduError
from hamstring_edu.quiz import QuizAttempt, QuizQuestion, feedback_html, load_quiz
from hamstring_edu.widgets.common import (
    MessageArea,
    box_html,
    button,
    disclaimer,
    labelled,
    row,
    safe_stem,
)
from hamstring_edu.wording import say

ORDINALS = ("1st", "2nd", "3rd", "4th", "5th", "6th", "7th")
CARD_CSS = (
    "<style>.hamstring-quiz-card{border:1px solid #ddd;border-radius:8px;padding:6px 12px;"
    "margin:6px 0;max-width:100%}.hamstring-quiz-card .widget-html-content{white-space:normal;"
    "overflow-wrap:normal;word-break:normal}.hamstring-option .widget-checkbox{width:auto;"
    "min-width:28px}</style>"
)


class QuestionCard(widgets.VBox):
    """One question with its input, a Check button, and the feedback under it."""

    def __init__(self, question: QuizQuestion, on_check: Any, *, label: str = "") -> None:
        self.question = question
        self.on_check = on_check
        q = question
        self.header = widgets.HTML(
            f"<div><small>{html.escape(label)} · {html.escape(q.where)}</small><br>"
            f"<b>{html.escape(q.text)}</b>"
            + (f" <i>{html.escape(say('quiz.choose_all'))}</i>" if q.type == "multiple" else "")
            + "</div>",
            layout={"width": "auto"},
        )
        self.boxes: list[widgets.Checkbox] = []
        self.number = widgets.Text(
            placeholder=say("quiz.number_placeholder"), layout={"width": "12em"}
        )
        self.places: list[widgets.Dropdown] = []
        if q.type in ("single", "multiple"):
            rows = []
            for option in q.options:
                box = widgets.Checkbox(value=False, indent=False, layout={"width": "auto"})
                box.observe(self._exclusive, names="value")
                self.boxes.append(box)
                text = widgets.HTML(html.escape(option.text), layout={"width": "auto"})
                line = widgets.HBox([box, text], layout={"align_items": "center"})
                line.add_class("hamstring-option")
                rows.append(line)
            answer_area: widgets.Widget = widgets.VBox(rows)
        elif q.type == "numeric":
            answer_area = row([self.number, widgets.HTML(html.escape(q.unit))])
        else:
            shown = q.shown_steps()
            choices = [(say("quiz.choose_step"), None)] + [(q.steps[i], i) for i in shown]
            lines = []
            for k in range(len(q.steps)):
                place = widgets.Dropdown(
                    options=choices, value=None, layout={"width": "auto", "max_width": "100%"}
                )
                self.places.append(place)
                lines.append(labelled(place, ORDINALS[k]))
            answer_area = widgets.VBox(lines)
        self.check_button = button(say("quiz.check"), "check")
        self.check_button.on_click(lambda _: self.on_check(self))
        self.message = MessageArea()
        self.feedback = widgets.HTML(layout={"width": "auto"})
        super().__init__(
            [self.header, answer_area, row([self.check_button, self.message]), self.feedback]
        )
        self.add_class("hamstring-quiz-card")

    def _exclusive(self, change: dict) -> None:
        """Single choice: ticking one option clears the others."""
        if self.question.type != "single" or not change["new"]:
            return
        for box in self.boxes:
            if box is not change["owner"] and box.value:
                box.value = False

    def response(self) -> Any:
        """What the student has entered, in the form the model grades."""
        q = self.question
        if q.type == "single":
            ticked = [i for i, b in enumerate(self.boxes) if b.value]
            return ticked[0] if ticked else None
        if q.type == "multiple":
            return [i for i, b in enumerate(self.boxes) if b.value]
        if q.type == "numeric":
            return self.number.value
        order = [p.value for p in self.places]
        return None if any(v is None for v in order) else order

    def answered(self) -> bool:
        """Whether something has been entered."""
        value = self.response()
        return value not in (None, "", [])


class QuizApp(widgets.VBox):
    """A quiz over a set of questions: check each answer, see why, get a score, review mistakes,
    download the results (CSV or JSON) for the teacher."""

    def __init__(
        self,
        questions: list[QuizQuestion] | tuple[QuizQuestion, ...] | None = None,
        *,
        notebook: str | None = None,
        topic: str | None = None,
        ids: list[str] | None = None,
        mode: str = "one",
        student: str = "",
        title: str | None = None,
        choose_set: bool = False,
        folder: str | Path = ".",
    ) -> None:
        self.bank = load_quiz()
        self.folder = Path(folder)
        chosen = (
            tuple(questions)
            if questions is not None
            else self.bank.select(notebook=notebook, topic=topic, ids=ids)
        )
        self.title_text = title or (
            say("quiz.title_notebook", notebook=notebook) if notebook else say("quiz.title")
        )
        self.name = widgets.Text(
            value=student, placeholder=say("quiz.name_placeholder"), layout={"width": "14em"}
        )
        self.mode = widgets.ToggleButtons(
            options=[(say("quiz.mode_one"), "one"), (say("quiz.mode_all"), "all")],
            value=mode,
            style={"button_width": "auto"},
        )
        self.set_choice = widgets.Dropdown(
            options=self._sets(), value="all", layout={"width": "auto"}
        )
        self.message = MessageArea()
        self.body = widgets.VBox(layout={"width": "100%"})
        self.next_button = button(say("quiz.next"), "arrow-right")
        self.finish_button = button(say("quiz.check_all"), "flag-checkered")
        self.progress = widgets.HTML(layout={"width": "auto"})
        self.score_box = widgets.HTML(layout={"width": "auto"})
        self.score_box.add_class("hamstring-quiz-score")
        self.review_button = button(say("quiz.review_mistakes"), "redo")
        self.csv_button = button(say("quiz.results_csv"), "download")
        self.json_button = button(say("quiz.results_json"), "download")
        self.restart_button = button(say("quiz.start_again"), "refresh")
        self.export_message = MessageArea()
        self.cards: dict[str, QuestionCard] = {}
        self.order: list[str] = []
        self.current = 0
        self.reviewing: list[str] = []

        self.next_button.on_click(lambda _: self.next())
        self.finish_button.on_click(lambda _: self.check_all())
        self.review_button.on_click(lambda _: self.start_review())
        self.csv_button.on_click(lambda _: self.message_guard(self._offer_csv))
        self.json_button.on_click(lambda _: self.message_guard(self._offer_json))
        self.restart_button.on_click(lambda _: self.restart())
        self.mode.observe(lambda _: self._render(), names="value")
        self.name.observe(self._renamed, names="value")
        self.set_choice.observe(self._set_changed, names="value")

        settings = [
            labelled(self.name, say("quiz.name_label")),
            labelled(self.mode, say("quiz.show_label")),
        ]
        if choose_set:
            settings.append(labelled(self.set_choice, say("quiz.questions_label")))
        super().__init__(
            [
                widgets.HTML(CARD_CSS),
                disclaimer(),
                widgets.HTML(f"<h3 style='margin:4px 0'>{html.escape(self.title_text)}</h3>"),
                row(settings),
                self.body,
                row([self.next_button, self.finish_button, self.progress]),
                self.message,
                self.score_box,
                row([self.review_button, self.csv_button, self.json_button, self.restart_button]),
                self.export_message,
            ]
        )
        self.add_class("hamstring-quiz")
        self._start(chosen)

    # --------------------------------------------------------------- state
    def _sets(self) -> list[tuple[str, str]]:
        out = [(say("quiz.all_questions", count=len(self.bank.questions)), "all")]
        for nb in self.bank.notebooks:
            count = sum(q.notebook == nb for q in self.bank.questions)
            out.append((f"{nb.replace('_', ' ')} ({count})", nb))
        return out

    def _start(self, questions: tuple[QuizQuestion, ...]) -> None:
        self.attempt = QuizAttempt(questions, student=self.name.value, title=self.title_text)
        self.cards = {
            q.id: QuestionCard(
                q, self._check, label=say("quiz.question_n", n=n, total=len(questions))
            )
            for n, q in enumerate(questions, start=1)
        }
        self.order = [q.id for q in questions]
        self.reviewing = []
        self.current = 0
        self.score_box.value = ""
        self.export_message.clear()
        self.message.clear()
        self._render()

    def restart(self) -> None:
        """Start the same set again with no answers."""
        self._start(self.attempt.questions)

    def _set_changed(self, change: dict) -> None:
        value = change["new"]
        questions = self.bank.questions if value == "all" else self.bank.select(notebook=value)
        self._start(tuple(questions))

    def _renamed(self, change: dict) -> None:
        self.attempt.student = change["new"].strip()

    # --------------------------------------------------------------- showing
    @property
    def shown(self) -> list[QuestionCard]:
        """The question cards on screen now."""
        return list(self.body.children)

    def _render(self) -> None:
        ids = self.reviewing or self.order
        one = self.mode.value == "one" or bool(self.reviewing)
        if one:
            self.current = min(self.current, len(ids) - 1)
            self.body.children = [self.cards[ids[self.current]]]
        else:
            self.body.children = [self.cards[i] for i in ids]
        last = self.current >= len(ids) - 1
        self.next_button.layout.display = "none" if (not one or last) else None
        self.finish_button.layout.display = None if not one else "none"
        done = self.attempt.finished
        self.review_button.layout.display = None if done and self.attempt.mistakes() else "none"
        self._progress()

    def _progress(self) -> None:
        a = self.attempt
        where = ""
        if self.mode.value == "one" or self.reviewing:
            ids = self.reviewing or self.order
            n, total = self.current + 1, len(ids)
            where = (
                say("quiz.review_n", n=n, total=total)
                if self.reviewing
                else say("quiz.question_n", n=n, total=total)
            ) + " · "
        progress = say("quiz.progress", answered=len(a.first), total=a.total, right=a.score)
        self.progress.value = f"<span>{where}{progress}</span>"

    # --------------------------------------------------------------- actions
    def _check(self, card: QuestionCard) -> None:
        card.message.clear()
        try:
            feedback = self.attempt.check(card.question.id, card.response())
        except HamstringEduError as exc:
            card.message.show(exc.message, "warning", title=say("quiz.not_checked"))
            return
        card.feedback.value = feedback_html(feedback)
        if self.reviewing:
            if all(q in self.attempt.review for q in self.reviewing):
                self._show_score()
        elif self.attempt.finished:
            self._show_score()
        self._render()

    def check(self, question_id: str, response: Any = None) -> Any:
        """Answer a question as a student would (sets its input) and press its Check button."""
        card = self.cards[question_id]
        if response is not None:
            self.set_response(question_id, response)
        self._check(card)
        return self.attempt.review.get(question_id) or self.attempt.first.get(question_id)

    def set_response(self, question_id: str, response: Any) -> None:
        """Fill a question's input: an option index or indices, a number, or step indices."""
        card = self.cards[question_id]
        q = card.question
        if q.type == "single":
            for i, box in enumerate(card.boxes):
                box.value = i == response
        elif q.type == "multiple":
            for i, box in enumerate(card.boxes):
                box.value = i in set(response)
        elif q.type == "numeric":
            card.number.value = str(response)
        else:
            for place, value in zip(card.places, response, strict=True):
                place.value = value

    def next(self) -> None:
        """Show the next question (one at a time)."""
        ids = self.reviewing or self.order
        if self.current < len(ids) - 1:
            self.current += 1
            self.message.clear()
        self._render()

    def check_all(self) -> None:
        """Whole set: check every answered question not yet checked, then show the score."""
        missing = []
        for qid in self.order:
            card = self.cards[qid]
            if qid in self.attempt.first:
                continue
            if card.answered():
                self._check(card)
            else:
                missing.append(qid)
        if missing:
            which = ", ".join(
                say("quiz.question_number", n=self.order.index(q) + 1) for q in missing
            )
            self.message.show(say("quiz.unanswered", count=len(missing), which=which), "warning")
        else:
            self.message.clear()
        self._show_score()
        self._render()

    def _show_score(self) -> None:
        kind = "success" if self.attempt.finished else "info"
        self.score_box.value = box_html(self.attempt.summary(), kind, title=say("quiz.score_title"))

    def start_review(self) -> None:
        """Ask the questions answered wrongly again, one at a time (the score stays)."""
        try:
            wrong = self.attempt.start_review()
        except HamstringEduError as exc:
            self.message.show(exc.message, "info")
            return
        self.reviewing = [q.id for q in wrong]
        for n, q in enumerate(wrong, start=1):
            label = say("quiz.review_n", n=n, total=len(wrong))
            self.cards[q.id] = QuestionCard(q, self._check, label=label)
        self.current = 0
        self.message.show(say("quiz.review_start", count=len(wrong)), "info")
        self._render()

    def message_guard(self, action: Any) -> None:
        """Run an export; a problem shows next to the buttons, never as a traceback."""
        self.export_message.guard(action)

    # --------------------------------------------------------------- export
    def results_csv(self) -> str:
        """The results as CSV text (one row per checked answer)."""
        return self.attempt.to_csv()

    def results_json(self) -> str:
        """The results as JSON text (score, total, every checked answer)."""
        return self.attempt.to_json()

    def _stem(self) -> str:
        return safe_stem(f"{self.name.value}_quiz", "quiz_results")

    def save_csv(self, folder: str | Path | None = None) -> Path:
        """Write the results to ``<name>_quiz.csv`` in ``folder``; return the path."""
        path = Path(folder or self.folder) / f"{self._stem()}.csv"
        path.write_text(self.results_csv(), encoding="utf-8")
        self.export_message.show(say("quiz.saved", path=path), "success")
        return path

    def save_json(self, folder: str | Path | None = None) -> Path:
        """Write the results to ``<name>_quiz.json`` in ``folder``; return the path."""
        path = Path(folder or self.folder) / f"{self._stem()}.json"
        path.write_text(self.results_json(), encoding="utf-8")
        self.export_message.show(say("quiz.saved", path=path), "success")
        return path

    def _offer_csv(self) -> None:
        self.export_message.show_download(
            say("quiz.results_ready"),
            f"{self._stem()}.csv",
            self.results_csv(),
            "text/csv",
        )

    def _offer_json(self) -> None:
        self.export_message.show_download(
            say("quiz.results_ready"),
            f"{self._stem()}.json",
            self.results_json(),
            "application/json",
        )


__all__ = ["QuestionCard", "QuizApp"]
