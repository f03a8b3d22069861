"""QuizApp: questions one at a time or as a whole set, feedback that teaches, a score, a review
of mistakes, and results a teacher can collect (CSV or JSON, downloaded in the browser).

The app holds no rules: grading, the score and the review pass are
:class:`hamstring_edu.quiz.QuizAttempt`'s; the app shows questions, reads the answers and shows
what the model says.
"""

from __future__ import annotations

import html
import uuid
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
    keep_keys,
    plain_text,
    row,
    safe_stem,
)
from hamstring_edu.wording import say

QUIZ_CSS = """<style>
.hamstring-quiz-card{border:1px solid #ddd;border-radius:8px;padding:6px 12px;margin:6px 0;
  max-width:100%;box-sizing:border-box}
.hamstring-quiz .widget-html-content{white-space:normal;overflow-wrap:break-word;word-break:normal;
  line-height:1.45}
.hamstring-quiz .widget-radio,.hamstring-quiz .widget-checkbox{width:100%;height:auto;
  line-height:1.4;max-width:100%}
.hamstring-quiz .widget-radio-box{margin-bottom:0!important;gap:4px;min-width:0}
.hamstring-quiz .widget-radio-box label{display:flex;flex-direction:row-reverse;
  justify-content:flex-end;align-items:flex-start;gap:10px;height:auto;min-height:28px;
  line-height:1.4;padding:2px 0;white-space:normal;cursor:pointer}
.hamstring-quiz .widget-checkbox .widget-label-basic{display:flex;align-items:flex-start;
  gap:10px;white-space:normal;overflow:visible;line-height:1.4;min-height:28px;padding:2px 0;
  cursor:pointer}
.hamstring-quiz input[type=radio],.hamstring-quiz input[type=checkbox]{width:24px;height:24px;
  min-width:24px;margin:0;flex:none;float:none}
.hamstring-quiz .hamstring-order .widget-dropdown{width:100%;max-width:100%;flex-wrap:wrap;
  height:auto}
.hamstring-quiz .hamstring-order select{flex:1 1 12em;min-width:0;max-width:100%;min-height:28px}
.hamstring-quiz select{min-height:28px}
.hamstring-quiz .hamstring-feedback a{text-decoration:underline;color:#0b5394}
.hamstring-quiz .widget-label{white-space:normal;height:auto;min-height:28px}
.hamstring-quiz :focus-visible{outline:3px solid #0072B2!important;outline-offset:2px}
.hamstring-quiz .widget-text,.hamstring-quiz .widget-dropdown{flex-wrap:wrap;height:auto;
  max-width:100%;gap:4px 0}
.hamstring-quiz .widget-text .widget-label,.hamstring-quiz .widget-dropdown .widget-label{
  max-width:100%}
.hamstring-quiz .widget-text input{min-height:28px;flex:1 1 8em;min-width:8em;max-width:100%}
</style>"""
# Names and groups ipywidgets cannot give (it has no ARIA properties): each choice question's
# options become a (radio)group named by the question, radio buttons share a name (one Tab stop,
# arrow keys move), order dropdowns and the number box are named "<label> for <question>", and
# every control is described by its card's message. Re-applied whenever the quiz redraws.
ENHANCE_JS = """<script>(function(s){
var NAME=%(name)s;
function fix(root){
  root.querySelectorAll('.hamstring-quiz-card').forEach(function(card){
    var q=card.querySelector('.hamstring-question');if(!q)return;
    var text=q.textContent.trim();
    var msg=card.querySelector('.hamstring-card-message');
    if(msg&&!msg.id)msg.id=q.id+'-message';
    card.querySelectorAll('.hamstring-choice').forEach(function(g){
      var box=g.querySelector('.widget-radio-box')||g;
      box.setAttribute('role',g.querySelector('input[type=radio]')?'radiogroup':'group');
      box.setAttribute('aria-labelledby',q.id);
      if(msg)box.setAttribute('aria-describedby',msg.id);
      g.querySelectorAll('.widget-radio-box label').forEach(function(l){
        var r=l.querySelector('input');if(!r)return;
        r.name=q.id+'-options';
        if(!l.hasAttribute('tabindex')){l.tabIndex=-1;l.addEventListener('focus',function(){
          var c=l.parentNode.querySelector('input:checked');(c||r).focus();});}
      });
    });
    card.querySelectorAll('.hamstring-named').forEach(function(w){
      var c=w.querySelector('select, input'),l=w.querySelector('label.widget-label');
      if(!c||!l)return;
      c.setAttribute('aria-label',NAME.replace('{label}',l.textContent.trim())
                                      .replace('{question}',text));
      if(msg)c.setAttribute('aria-describedby',msg.id);
    });
  });
}
function start(){
  var root=s&&s.closest('.hamstring-quiz');
  if(!root){if((start.n=(start.n||0)+1)<200)setTimeout(start,50);return;}
  if(root.__hamstringQuiz)return;root.__hamstringQuiz=true;
  var queued=false;
  new MutationObserver(function(){if(queued)return;queued=true;
    requestAnimationFrame(function(){queued=false;fix(root);});})
    .observe(root,{childList:true,subtree:true});
  fix(root);
}
start();
})(document.currentScript)</script>"""


def _enhancer() -> widgets.Output:
    """The quiz's ARIA helper (a script in an output area; it draws nothing)."""
    import json

    out = widgets.Output(layout={"height": "0", "overflow": "hidden", "margin": "0"})
    script = ENHANCE_JS % {
        "name": json.dumps(say("quiz.control_name", label="{label}", question="{question}"))
    }
    out.outputs = (
        {"output_type": "display_data", "data": {"text/html": script, "text/plain": ""}},
    )
    return out


def announce(area: widgets.HTML, markup: str, *, urgent: bool = False) -> None:
    """Show ``markup`` in ``area`` inside a live region: read out when it appears (an error is
    an alert, a result a status)."""
    role = "alert" if urgent else "status"
    area.value = f'<div role="{role}">{markup}</div>' if markup else ""


def number_list(numbers: list[int]) -> str:
    """'question 7', 'questions 2 and 5', 'questions 2-6, 8 and 10-54' (runs shortened)."""
    runs: list[list[int]] = []
    for n in sorted(numbers):
        if runs and n == runs[-1][-1] + 1:
            runs[-1].append(n)
        else:
            runs.append([n])
    parts = [
        str(r[0]) if len(r) == 1 else say("quiz.number_range", first=r[0], last=r[-1]) for r in runs
    ]
    if len(numbers) == 1:
        return say("quiz.question_number", n=numbers[0])
    head = ", ".join(parts[:-1])
    joined = parts[0] if len(parts) == 1 else f"{head} {say('quiz.and_join')} {parts[-1]}"
    return say("quiz.question_numbers", numbers=joined)


_PLACEHOLDER = -1  # an order dropdown's "choose the step for position n": never blank


class QuestionCard(widgets.VBox):
    """One question with its input, a Check button, and the feedback under it."""

    def __init__(self, question: QuizQuestion, on_check: Any, *, label: str = "") -> None:
        self.question = question
        self.on_check = on_check
        q = question
        self.uid = f"hq-{uuid.uuid4().hex[:10]}"
        self.header = widgets.HTML(layout={"width": "auto"})
        self.set_label(label)
        self.boxes: list[widgets.Checkbox] = []
        self.radio: widgets.RadioButtons | None = None
        wide = widgets.Layout(width="100%", max_width="100%")
        number = say("quiz.number_label_unit", unit=q.unit) if q.unit else say("quiz.number_label")
        self.number = widgets.Text(
            description=number,
            placeholder=say("quiz.number_placeholder"),
            style={"description_width": "initial"},
            layout=widgets.Layout(width="auto", max_width="100%"),
        )
        self.number.add_class("hamstring-named")
        self.places: list[widgets.Dropdown] = []
        if q.type == "single":
            self.radio = widgets.RadioButtons(
                options=[(o.text, i) for i, o in enumerate(q.options)], value=None, layout=wide
            )
            self.radio.add_class("hamstring-choice")
            answer_area: widgets.Widget = self.radio
        elif q.type == "multiple":
            for option in q.options:
                box = widgets.Checkbox(
                    value=False, description=option.text, indent=False, layout=wide
                )
                self.boxes.append(box)
            answer_area = widgets.VBox(self.boxes, layout=wide)
            answer_area.add_class("hamstring-choice")
        elif q.type == "numeric":
            answer_area = self.number
        else:
            shown = q.shown_steps()
            for k in range(len(q.steps)):
                choices = [(say("quiz.choose_step", n=k + 1), _PLACEHOLDER)] + [
                    (q.steps[i], i) for i in shown
                ]
                place = widgets.Dropdown(
                    options=choices,
                    value=_PLACEHOLDER,
                    description=say("quiz.place_label", n=k + 1),
                    style={"description_width": "initial"},
                    layout=wide,
                )
                place.add_class("hamstring-named")
                self.places.append(place)
            answer_area = widgets.VBox(self.places, layout=wide)
            answer_area.add_class("hamstring-order")
        self.check_button = button(say("quiz.check"), "check")
        self.check_button.on_click(lambda _: self.on_check(self))
        self.message = MessageArea()
        self.message.add_class("hamstring-card-message")
        self.feedback = widgets.HTML(layout={"width": "auto"})
        super().__init__(
            [self.header, answer_area, row([self.check_button, self.message]), self.feedback]
        )
        self.add_class("hamstring-quiz-card")

    def set_label(self, label: str) -> None:
        """The line above the question ('Question 3 of 54 · notebook 03, ...')."""
        q = self.question
        hint = {
            "single": say("quiz.choose_one"),
            "multiple": say("quiz.choose_all"),
            "order": say("quiz.order_hint"),
        }.get(q.type, "")
        self.header.value = (
            f"<div><small>{html.escape(label)} · {html.escape(q.where)}</small>"
            f'<p style="margin:4px 0"><b class="hamstring-question" id="{self.uid}">'
            f"{html.escape(q.text)}</b>"
            + (f" <i>{html.escape(hint)}</i>" if hint else "")
            + "</p></div>"
        )

    def controls(self) -> list[widgets.Widget]:
        """The answer controls, in page order."""
        if self.radio is not None:
            return [self.radio]
        if self.boxes:
            return list(self.boxes)
        return list(self.places) if self.places else [self.number]

    def control_names(self) -> list[str]:
        """The accessible name of each answer control as the page gives it (a radio group and
        a group of checkboxes are named by the question)."""
        q = self.question
        if self.radio is not None or self.boxes:
            return [q.text] if self.radio is not None else [o.text for o in q.options]
        return [
            say("quiz.control_name", label=c.description, question=q.text) for c in self.controls()
        ]

    def focus_first(self) -> None:
        """Move the keyboard focus to the first answer control."""
        self.controls()[0].focus()

    def reset(self, label: str) -> None:
        """Empty inputs, no feedback or message, a new label (for the review pass)."""
        self.set_label(label)
        if self.radio is not None:
            self.radio.value = None
        for box in self.boxes:
            box.value = False
        for place in self.places:
            place.value = _PLACEHOLDER
        self.number.value = ""
        self.message.clear()
        self.feedback.value = ""

    def response(self) -> Any:
        """What the student has entered, in the form the model grades."""
        q = self.question
        if q.type == "single":
            return self.radio.value if self.radio is not None else None
        if q.type == "multiple":
            return [i for i, b in enumerate(self.boxes) if b.value]
        if q.type == "numeric":
            return self.number.value
        order = [None if p.value == _PLACEHOLDER else p.value for p in self.places]
        return None if all(v is None for v in order) else order

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
            say(
                "quiz.title_notebook",
                number=notebook.partition("_")[0],
                topic=notebook.partition("_")[2].replace("_", " "),
            )
            if notebook
            else say("quiz.title")
        )
        initial = {"description_width": "initial"}
        self.name = widgets.Text(
            value=student,
            description=say("quiz.name_label"),
            placeholder=say("quiz.name_placeholder"),
            style=initial,
            layout=widgets.Layout(width="auto", max_width="100%", flex_flow="row wrap"),
        )
        self.mode = widgets.ToggleButtons(
            options=[(say("quiz.mode_one"), "one"), (say("quiz.mode_all"), "all")],
            value=mode,
            description=say("quiz.show_label"),
            style={"button_width": "auto", "description_width": "initial"},
            layout=widgets.Layout(width="auto", max_width="100%", flex_flow="row wrap"),
        )
        self.set_choice = widgets.Dropdown(
            options=self._sets(),
            value="all",
            description=say("quiz.questions_label"),
            style=initial,
            layout=widgets.Layout(width="auto", max_width="100%"),
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
        self.export_message.add_class("hamstring-export-message")
        self.cards: dict[str, QuestionCard] = {}
        self.order: list[str] = []
        self.current = 0
        self.reviewing: list[str] = []
        self.asking_name = False

        self.next_button.on_click(lambda _: self.next())
        self.finish_button.on_click(lambda _: self.check_all())
        self.review_button.on_click(lambda _: self.start_review())
        self.csv_button.on_click(lambda _: self.message_guard(self._offer_csv))
        self.json_button.on_click(lambda _: self.message_guard(self._offer_json))
        self.restart_button.on_click(lambda _: self.restart())
        self.mode.observe(lambda _: self._render(), names="value")
        self.name.observe(self._renamed, names="value")
        self.set_choice.observe(self._set_changed, names="value")

        settings = [self.name, self.mode]
        if choose_set:
            settings.append(self.set_choice)
        super().__init__(
            [
                widgets.HTML(QUIZ_CSS),
                disclaimer(),
                widgets.HTML(
                    f"<h3 style='margin:4px 0;overflow-wrap:anywhere'>"
                    f"{html.escape(self.title_text)}</h3>"
                ),
                row(settings),
                self.body,
                row([self.next_button, self.finish_button, self.progress]),
                self.message,
                self.score_box,
                row([self.review_button, self.csv_button, self.json_button, self.restart_button]),
                self.export_message,
                _enhancer(),
                keep_keys(".hamstring-quiz"),
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
        # every card is on the page, the ones not shown hidden: a card keeps its answer, and
        # the keyboard focus can move to a card as soon as it is shown
        self.body.children = [self.cards[i] for i in self.order]
        self.reviewing = []
        self.current = 0
        self.score_box.value = ""
        self.export_message.clear()
        self.asking_name = False
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
        if self.attempt.student and self.asking_name:
            self.asking_name = False
            self.export_message.clear()  # "your name is missing" has been answered

    # --------------------------------------------------------------- showing
    @property
    def shown(self) -> list[QuestionCard]:
        """The question cards on screen now."""
        return [c for c in self.body.children if c.layout.display != "none"]

    def _render(self) -> None:
        ids = self.reviewing or self.order
        one = self.mode.value == "one" or bool(self.reviewing)
        if one:
            self.current = min(self.current, len(ids) - 1)
            visible = {ids[self.current]}
        else:
            visible = set(ids)
        for card in self.body.children:
            card.layout.display = None if card.question.id in visible else "none"
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
        progress = say("quiz.progress", answered=a.answered, total=a.total, right=a.score)
        self.progress.value = f"<span>{where}{progress}</span>"

    def counts_shown(self) -> dict[str, list[int]]:
        """Every number of answered / not answered questions the app shows now (for tests: they
        must agree)."""
        import re

        found: dict[str, list[int]] = {}
        texts = {
            "progress": plain_text(self.progress.value),
            "message": self.message.text,
            "score": plain_text(self.score_box.value),
        }
        for where, text in texts.items():
            answered = re.findall(r"answered (\d+) of (\d+)", text)
            missing = re.findall(r"(\d+)(?: of \d+)? questions? (?:are |is )?not answered", text)
            found[where] = [int(a) for a, _ in answered] + [
                self.attempt.total - int(m) for m in missing
            ]
        return found

    # --------------------------------------------------------------- actions
    def _check(self, card: QuestionCard) -> None:
        card.message.clear()
        try:
            feedback = self.attempt.check(card.question.id, card.response())
        except HamstringEduError as exc:
            card.message.show(exc.message, "error", title=say("quiz.not_checked"))
            return
        announce(card.feedback, feedback_html(feedback))
        if self.reviewing:
            if all(q in self.attempt.review for q in self.reviewing):
                self._show_score()
        elif self.attempt.finished:
            self._show_score()
        elif self.score_box.value:
            self._show_score()  # a score shown earlier is kept up to date
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
            card.radio.value = response
        elif q.type == "multiple":
            for i, box in enumerate(card.boxes):
                box.value = i in set(response)
        elif q.type == "numeric":
            card.number.value = str(response)
        else:
            for place, value in zip(card.places, response, strict=True):
                place.value = _PLACEHOLDER if value is None else value

    def next(self) -> None:
        """Show the next question (one at a time); the keyboard focus moves to its answer."""
        ids = self.reviewing or self.order
        if self.current < len(ids) - 1:
            self.current += 1
            self.message.clear()
        self._render()
        self.cards[ids[self.current]].focus_first()

    def check_all(self) -> None:
        """Whole set: check every answered question not yet checked, then show the score."""
        for qid in self.order:
            card = self.cards[qid]
            if qid not in self.attempt.first and card.answered():
                self._check(card)
        # one count everywhere: the questions without a checked first answer
        missing = self.attempt.unanswered()
        if missing:
            position = {qid: n for n, qid in enumerate(self.order, start=1)}
            numbers = [position[q.id] for q in missing]
            key = "quiz.unanswered_one" if len(missing) == 1 else "quiz.unanswered"
            which = number_list(numbers)
            text = say(key, count=len(missing), total=self.attempt.total, which=which)
            to_fix = [position[q.id] for q in missing if self.cards[q.id].answered()]
            if to_fix:
                text += " " + say("quiz.to_fix", which=number_list(to_fix))
            self.message.show(text, "warning")
        else:
            self.message.clear()
        self._show_score()
        self._render()

    def _show_score(self) -> None:
        kind = "success" if self.attempt.finished else "info"
        box = box_html(self.attempt.summary(), kind, title=say("quiz.score_title"))
        announce(self.score_box, box)

    def start_review(self) -> None:
        """Ask the questions answered wrongly again, one at a time (the score stays)."""
        try:
            wrong = self.attempt.start_review()
        except HamstringEduError as exc:
            self.message.show(exc.message, "info")
            return
        self.reviewing = [q.id for q in wrong]
        for n, q in enumerate(wrong, start=1):
            self.cards[q.id].reset(say("quiz.review_n", n=n, total=len(wrong)))
        self.current = 0
        key = "quiz.review_start_one" if len(wrong) == 1 else "quiz.review_start"
        self.message.show(say(key, count=len(wrong)), "info")
        self._render()
        self.cards[self.reviewing[0]].focus_first()

    def message_guard(self, action: Any) -> None:
        """Run an export; a problem shows next to the buttons, never as a traceback."""
        self.export_message.clear()
        try:
            action()
        except HamstringEduError as exc:
            self.export_message.show(exc.message, "error", title=say("quiz.not_saved"))

    def _need_name(self) -> bool:
        """No name yet: say so next to the buttons and put the focus in the name box."""
        if self.name.value.strip():
            return False
        self.asking_name = True
        self.export_message.show(
            say("quiz.name_needed"), "error", title=say("quiz.name_needed_title")
        )
        self.name.focus()
        return True

    # --------------------------------------------------------------- export
    def results_csv(self) -> str:
        """The results as CSV text (one row per checked answer)."""
        return self.attempt.to_csv()

    def results_json(self) -> str:
        """The results as JSON text (score, total, every checked answer)."""
        return self.attempt.to_json()

    def _stem(self) -> str:
        return safe_stem(f"{self.name.value}_quiz", "quiz_results")

    def save_csv(self, folder: str | Path | None = None) -> Path | None:
        """Write the results to ``<name>_quiz.csv`` in ``folder``; return the path (None, with
        a message, while the name is missing)."""
        if self._need_name():
            return None
        path = Path(folder or self.folder) / f"{self._stem()}.csv"
        path.write_text(self.results_csv(), encoding="utf-8")
        self.export_message.show(say("quiz.saved", path=path), "success")
        return path

    def save_json(self, folder: str | Path | None = None) -> Path | None:
        """Write the results to ``<name>_quiz.json`` in ``folder``; return the path (None, with
        a message, while the name is missing)."""
        if self._need_name():
            return None
        path = Path(folder or self.folder) / f"{self._stem()}.json"
        path.write_text(self.results_json(), encoding="utf-8")
        self.export_message.show(say("quiz.saved", path=path), "success")
        return path

    def _offer_csv(self) -> None:
        if self._need_name():
            return
        self.export_message.show_download(
            say("quiz.results_ready"),
            f"{self._stem()}.csv",
            self.results_csv(),
            "text/csv",
        )

    def _offer_json(self) -> None:
        if self._need_name():
            return
        self.export_message.show_download(
            say("quiz.results_ready"),
            f"{self._stem()}.json",
            self.results_json(),
            "application/json",
        )


__all__ = ["QuestionCard", "QuizApp"]
