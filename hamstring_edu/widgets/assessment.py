"""AssessmentApp: the self-assessment form and its live result (triage first)."""

from __future__ import annotations

import html
from collections.abc import Callable
from pathlib import Path
from typing import Any

import ipywidgets as widgets
from ipywidgets.widgets.widget_description import DescriptionStyle
from ipywidgets.widgets.widget_string import HTMLStyle, TextStyle

from hamstring_edu.assessment import Assessment, answers_from_json, assess
from hamstring_edu.errors import AnswerError, HamstringEduError
from hamstring_edu.figures.assessment import cause_scores
from hamstring_edu.handouts import TONES, assessment_summary_html, report_html
from hamstring_edu.questions import (
    Question,
    coerce_answer,
    questionnaire,
    warning_sign_questions,
)
from hamstring_edu.widgets.common import (
    STYLES,
    FigureOutput,
    MessageArea,
    button,
    disclaimer,
    keep_keys,
    row,
    safe_stem,
)
from hamstring_edu.wording import say

CONTROL_WIDTH = "100%"
# The form's look: each question is its control's own label (a real <label for>), wrapping
# above the control at any width; a bad answer turns the label's second line into the error.
FORM_CSS = """<style>
.hamstring-question{display:flex;flex-direction:column;align-items:flex-start;width:100%;
  height:auto;margin:12px 0 0 0;box-sizing:border-box;max-width:100%}
.hamstring-question>.widget-label{white-space:pre-line;overflow:visible;text-overflow:clip;
  height:auto;line-height:1.4;text-align:left;font-weight:600;margin:0 0 4px 0;width:auto;
  max-width:100%;overflow-wrap:break-word;color:#111}
.hamstring-question>select,.hamstring-question>input{width:32em;max-width:100%;min-height:30px;
  flex:0 0 auto;box-sizing:border-box}
.hamstring-question.answer-invalid>.widget-label{color:#8f2a00}
.hamstring-question.answer-invalid>select,.hamstring-question.answer-invalid>input{
  border:2px solid #D55E00}
.hamstring-app select:focus,.hamstring-app input:focus,.hamstring-app textarea:focus,
.hamstring-app input:focus-within,
.hamstring-app button:focus-visible,.hamstring-app a:focus-visible,
.hamstring-app summary:focus-visible,.hamstring-app [tabindex]:focus-visible{
  outline:3px solid #0072B2 !important;outline-offset:2px !important}
.hamstring-sr-only{position:absolute;width:1px;height:1px;padding:0;margin:-1px;overflow:hidden;
  clip:rect(0,0,0,0);white-space:nowrap;border:0}
.hamstring-form .widget-html-content{white-space:normal;overflow-wrap:break-word;line-height:1.4}
</style>"""


class AssessmentApp(widgets.VBox):
    """A grouped questionnaire form with a live, explained result and save/load/print.

    The result is always computed from exactly what the form shows. While an answer is invalid
    the app says which one (next to it and at the top) and shows no cause ranking; warning signs
    answered so far stay on screen, and saving or printing waits until the answer is fixed.
    """

    def __init__(
        self, answers: dict[str, Any] | None = None, *, show_disclaimer: bool = True
    ) -> None:
        self.questionnaire = questionnaire()
        self.signs = warning_sign_questions(self.questionnaire)
        # Few widget models on purpose: a browser (or Voila) fetches each one when the page
        # opens, so controls share one layout and one style. Each question is its control's
        # own description (a <label for>); the note under it says why we ask and, when the
        # answer is not understood, announces the error (a live region).
        self._control_layout = widgets.Layout(
            width=CONTROL_WIDTH, display="flex", flex_flow="column", height="auto"
        )
        self._label_layout = widgets.Layout(width="auto", margin="0")
        self._control_styles = {
            "dropdown": DescriptionStyle(description_width="initial"),
            "text": TextStyle(description_width="initial"),
        }
        self._label_style = HTMLStyle()
        self.inputs: dict[str, widgets.Widget] = {
            q.id: _control(q, self._control_layout, self._control_styles)
            for q in self.questionnaire.questions
        }
        self.labels: dict[str, widgets.HTML] = {
            q.id: widgets.HTML(
                question_note_html(q, ""), layout=self._label_layout, style=self._label_style
            )
            for q in self.questionnaire.questions
        }
        self.invalid: dict[str, str] = {}
        self._listeners: list[Callable[[Assessment, Assessment | None], None]] = []
        self.result: Assessment | None = None
        self.partial: Assessment = assess({})

        self.banner = widgets.HTML(layout={"width": "auto"})
        # A warning sign is also said above the form, where the person is reading.
        self.top_banner = widgets.HTML(layout={"width": "auto"})
        self.figure = FigureOutput()
        self.figure_heading = widgets.HTML()
        self.report = widgets.HTML(layout={"width": "auto"})
        self.recovery_note = widgets.HTML(layout={"width": "auto"})
        wide = widgets.Layout(width="auto", max_width="100%")
        self.name = widgets.Text(
            placeholder=say("assessment.app_name_hint"),
            description=say("assessment.app_name"),
            style={"description_width": "initial"},
            layout=wide,
        )
        self.filename = widgets.Text(
            value="my_assessment",
            description=say("assessment.app_file_name"),
            style={"description_width": "initial"},
            layout=wide,
        )
        self.save_button = button(say("assessment.app_save"), "save")
        self.summary_button = button(say("assessment.app_print"), "print")
        self.upload = widgets.FileUpload(
            accept=".json", multiple=False, description=say("assessment.app_load")
        )
        self.upload.layout = widgets.Layout(width="auto", max_width="100%", height="auto")
        self.message = MessageArea()  # answers to Save, Print and Load, next to those buttons
        self.save_button.on_click(lambda _: self.message.guard(self._offer_json))
        self.summary_button.on_click(lambda _: self.message.guard(self._offer_summary))
        self.upload.observe(self._uploaded, names="value")

        section_layout = widgets.Layout(width="auto", max_width="100%")
        for qid, control in self.inputs.items():
            control.add_class("hamstring-question")
            control.add_class(f"hamstring-q-{qid}")  # where the page's plain first form hands over
        # Every section open, one after the other, each under its own heading: the warning
        # signs come first, and every question is reached with Tab (an accordion's headers
        # cannot be reached or opened from the keyboard).
        self.sections = [
            widgets.VBox(
                [
                    widgets.HTML(
                        f"<h3 style='margin:14px 0 2px 0'>{html.escape(s.title)}</h3>"
                        f"<p style='margin:0'><i>{html.escape(s.intro)}</i></p>",
                        layout=section_layout,
                    )
                ]
                + [
                    w
                    for q in self.questionnaire.in_section(s.id)
                    for w in (self.inputs[q.id], self.labels[q.id])
                ],
                layout=section_layout,
            )
            for s in self.questionnaire.sections
        ]
        self.form = widgets.VBox(self.sections, layout={"width": "auto", "max_width": "100%"})
        self.form.add_class("hamstring-form")
        for control in self.inputs.values():
            control.observe(self._changed, names="value")
        self.signs_note = widgets.HTML(layout={"width": "auto"})
        super().__init__(
            [
                *([disclaimer()] if show_disclaimer else []),
                self.top_banner,
                self.form,
                self.signs_note,
                self.banner,
                self.figure_heading,
                self.figure,
                self.report,
                self.recovery_note,
                row([self.name, self.filename]),
                row([self.save_button, self.summary_button, self.upload]),
                self.message,
                widgets.HTML(FORM_CSS, layout={"width": "auto"}),
                keep_keys(".hamstring-app"),
            ],
            layout={"width": "auto", "max_width": "100%"},
        )
        self.add_class("hamstring-app")
        if answers:
            self.set_answers(answers)
        else:
            self._changed()

    # the warning signs ---------------------------------------------------------
    def unanswered_signs(self) -> tuple[Question, ...]:
        """The warning-sign questions the form leaves unanswered (a bad answer counts too)."""
        answered = self.partial.answers
        return tuple(q for q in self.signs if q.id not in answered)

    def signs_status(self) -> tuple[str, str]:
        """What the answers say about the warning signs: (kind, sentence); kind is "unanswered",
        "all_no", "answered" (every sign answered, none raised) or "raised"."""
        return signs_status(self.partial, self.signs)

    def error_for(self, question_id: str) -> str:
        """The message shown next to a question whose answer is not understood ('' if none)."""
        return self.invalid.get(question_id, "")

    def on_result(self, callback: Callable[[Assessment, Assessment | None], None]) -> None:
        """Call ``callback(partial, result)`` after every change: ``partial`` is computed from
        the valid answers (its warning signs always count), ``result`` is None while an answer
        needs fixing."""
        self._listeners.append(callback)

    # reading and writing the form -------------------------------------------
    def answers(self) -> dict[str, Any]:
        """The form's answers as assess() takes them (AnswerError naming the first bad one)."""
        valid, invalid = self._read_form()
        if invalid:
            qid, text = next(iter(invalid.items()))
            raise AnswerError(text, question=qid)
        return valid

    def set_answers(self, answers: dict[str, Any]) -> None:
        """Fill the form from answers (unknown ids or bad values raise AnswerError)."""
        clean = assess(answers).answers
        for qid, control in self.inputs.items():
            control.unobserve(self._changed, names="value")
            control.value = _to_control(self.questionnaire.question(qid), clean.get(qid))
            control.observe(self._changed, names="value")
        self._changed()

    # actions -------------------------------------------------------------------
    def json_text(self) -> str:
        """The answers and result as JSON (AnswerError while an answer needs fixing)."""
        return self.complete_result().to_json()

    def summary_html(self) -> str:
        """The printable one-page summary (AnswerError while an answer needs fixing)."""
        return assessment_summary_html(self.complete_result(), name=self.name.value)

    def save_json(self, folder: str | Path = ".") -> Path:
        """Write answers and result to ``<file name>.json`` in ``folder``; return the path."""
        path = Path(folder) / f"{self._stem()}.json"
        path.write_text(self.json_text(), encoding="utf-8")
        self.message.show(say("assessment.app_saved", path=path), "success")
        return path

    def save_summary(self, folder: str | Path = ".") -> Path:
        """Write the printable summary to ``<file name>.html`` in ``folder``; return the path."""
        path = Path(folder) / f"{self._stem()}.html"
        path.write_text(self.summary_html(), encoding="utf-8")
        self.message.show(say("assessment.app_saved_summary", path=path), "success")
        return path

    def load_json(self, text: str | bytes) -> None:
        """Restore the form from a saved JSON document."""
        self.set_answers(answers_from_json(text))
        self.message.show(say("assessment.app_loaded"), "success")

    # internals -----------------------------------------------------------------
    def _offer_json(self) -> None:
        data = self.json_text()
        self.message.show_download(
            say("assessment.app_json_ready"),
            f"{self._stem()}.json",
            data,
            "application/json",
        )

    def _offer_summary(self) -> None:
        page = self.summary_html()
        self.message.show_download(
            say("assessment.app_summary_ready"),
            f"{self._stem()}.html",
            page,
            "text/html",
        )

    def _stem(self) -> str:
        return safe_stem(self.filename.value, "my_assessment")

    def complete_result(self) -> Assessment:
        """The result of exactly what the form shows (AnswerError while an answer needs fixing)."""
        if self.invalid:
            names = "; ".join(
                f"“{self.questionnaire.question(q).text}”" for q in list(self.invalid)[:3]
            )
            raise AnswerError(f"first fix the answer(s) marked in the form: {names}")
        return self.result

    def _uploaded(self, change: dict) -> None:
        files = change["new"]
        if not files:
            return
        self.message.clear()
        name = str(files[0].get("name") or say("assessment.app_the_file"))
        try:
            content = bytes(files[0]["content"])
            self.load_json(content)
        except HamstringEduError as exc:
            qid = exc.where.get("question")
            known = {q.id for q in self.questionnaire.questions}
            if qid in known:  # the file is a saved self-assessment: one answer cannot be used
                text = say(
                    "assessment.app_bad_saved_answer",
                    name=name,
                    question=self.questionnaire.question(qid).text,
                    problem=exc.message,
                )
            elif qid is not None:
                text = say("assessment.app_unknown_saved_answer", name=name)
            elif exc.message.startswith(("not a valid JSON", "not a usable JSON")):
                text = say("assessment.app_file_problem", name=name, problem=exc.message)
            else:  # another app's file, another version, a damaged or far too big file
                text = say("assessment.app_not_saved_file", name=name)
            self.message.show(text, "error", title=say("assessment.app_not_loaded"))
        except (TypeError, ValueError, KeyError, OverflowError, RecursionError, MemoryError):
            self.message.show(say("assessment.app_unreadable"), "error")

    def _read_form(self) -> tuple[dict[str, Any], dict[str, str]]:
        valid, invalid = {}, {}
        for qid, control in self.inputs.items():
            if control.value in (None, ""):
                continue
            try:
                value = coerce_answer(qid, control.value)
            except AnswerError:
                q = self.questionnaire.question(qid)
                invalid[qid] = say(
                    "assessment.app_number_problem",
                    typed=str(control.value).strip()[:40],
                    low=q.min,
                    high=q.max,
                    unit=f" {q.short_unit}" if q.short_unit else "",
                )
                continue
            if value is not None:
                valid[qid] = value
        return valid, invalid

    def _changed(self, _change: object = None) -> None:
        valid, invalid = self._read_form()
        for qid, note in self.labels.items():
            q = self.questionnaire.question(qid)
            error = invalid.get(qid, "")
            text = question_note_html(q, error)
            if note.value != text:
                note.value = text
            control = self.inputs[qid]
            described = question_label(q, error)
            if control.description != described:
                control.description = described
            if error:
                control.add_class("answer-invalid")
            else:
                control.remove_class("answer-invalid")
        self.invalid = invalid
        self.partial = assess(valid)  # valid answers only: warning signs answered so far
        self.result = None if invalid else self.partial
        self._show()
        for callback in self._listeners:
            callback(self.partial, self.result)

    def _show(self) -> None:
        shown = self.partial
        parts = []
        if self.invalid:
            listed = "".join(
                f"<li>{html.escape(self.questionnaire.question(q).text)}: {html.escape(msg)}</li>"
                for q, msg in self.invalid.items()
            )
            until = (
                say("assessment.app_only_flags") if shown.level else say("assessment.app_no_result")
            )
            parts.append(
                f'<div style="{STYLES["error"]}"><b>{say("assessment.app_check_answers")}</b> '
                f"{until}<ul>{listed}</ul></div>"
            )
        if shown.level or not self.invalid:
            edge, bg = TONES[shown.level or "info"]
            parts.append(
                f'<div style="border-left:8px solid {edge};background:{bg};padding:10px 14px;'
                f'border-radius:6px;font-size:115%;color:#111"><b>'
                f"{html.escape(shown.headline)}</b></div>"
            )
        self.banner.value = "".join(parts)
        self.signs_note.value = "" if shown.level else _signs_html(*self.signs_status())
        banner = flag_banner_html(shown, say("assessment.app_see_below"))
        # announced the moment it appears, while focus stays on the question just answered: an
        # urgent sign as an alert, a sign for the coming days as a status
        role = "alert" if shown.urgent else "status"
        self.top_banner.value = f'<div role="{role}">{banner}</div>' if banner else ""
        show_causes = not self.invalid and not shown.urgent and any(s > 0 for _, s in shown.ranking)
        if show_causes:
            # Drawn only where it is visible: a figure drawn while hidden gets the wrong size,
            # and one drawn into an emptied output can come back zero pixels high (Voila). So a
            # chart shown again after it was hidden goes into a new output, drawn before it is
            # placed on the page.
            chart = cause_scores(shown)
            if self.figure.layout.display == "none":
                self._replace_figure(chart)
            else:
                self.figure.show(chart)
            self.figure_heading.value = (
                f"<h3>{say('assessment.app_figure_after')}</h3>" if shown.level == "soon" else ""
            )
        else:
            self.figure.layout.display = "none"
            self.figure_heading.value = ""
        if self.invalid:
            sections = tuple(s for s in shown.report() if s.id in {"now", "flags"})
        else:
            sections = shown.report()
        self.report.value = report_html(sections)
        self.recovery_note.value = "" if self.invalid else _recovery_html(shown)

    def _replace_figure(self, chart: Any) -> None:
        new = FigureOutput()
        new.show(chart)
        old, self.figure = self.figure, new
        self.children = tuple(new if c is old else c for c in self.children)
        old.close()


def flag_banner_html(result: Assessment, where: str) -> str:
    """A raised warning sign's headline and action, said above the form ('' when none)."""
    if not result.level:
        return ""
    edge, bg = TONES[result.level]
    return (
        f'<div style="border-left:8px solid {edge};background:{bg};padding:8px 12px;'
        f'border-radius:6px;color:#111"><b>{html.escape(result.headline)}</b> '
        f"{html.escape(result.triage.action)} {html.escape(where)}</div>"
    )


def _recovery_html(result: Assessment) -> str:
    """The link to the recovery plan when the answers fit a strain or soreness (never urgent)."""
    from hamstring_edu.recovery import recovery_offer

    offer = recovery_offer(result)
    if offer.kind is None:
        return ""
    link = (
        '<a href="05_recovery.ipynb" target="_blank" rel="noopener">'
        f"{say('assessment.app_recovery_link')}</a>"
    )
    if result.limits.plan("return_to_run"):
        builds = say("assessment.app_recovery_no_run", link=link)
    else:
        builds = say("assessment.app_recovery", link=link)
    return f'<div style="{STYLES["info"]}"><b>{html.escape(offer.message)}</b> {builds}</div>'


# --------------------------------------------------------------------------- form controls


def _control(q: Question, layout: widgets.Layout, styles: dict[str, Any]) -> widgets.Widget:
    """The question's control, named by the question itself (its description)."""
    described = question_label(q, "")
    if q.type != "number":
        options = control_options(q)
    else:
        unit = f" {q.short_unit}" if q.short_unit else ""
        return widgets.Text(
            description=described,
            placeholder=say("assessment.app_number_hint", low=q.min, high=q.max, unit=unit),
            continuous_update=False,
            style=styles["text"],
            layout=layout,
        )
    return widgets.Dropdown(
        options=options, value="", description=described, style=styles["dropdown"], layout=layout
    )


def control_options(q: Question) -> list[tuple[str, Any]]:
    """(label, value) of a choice, yes/no or scale question's control, "not answered" first."""
    blank = (say("assessment.app_not_answered"), "")
    if q.type == "choice":
        return [blank] + [(o.label, o.value) for o in q.options]
    if q.type == "yesno":
        return [blank, (say("assessment.app_yes"), True), (say("assessment.app_no"), False)]
    return [blank] + [(str(v), v) for v in range(int(q.min), int(q.max) + 1)]


def _to_control(q: Question, value: Any) -> Any:
    if value is None:
        return ""
    return f"{value:g}" if q.type == "number" else value


def question_label(q: Question, error: str) -> str:
    """The control's label: the question with its unit or scale in words, and under it (on its
    own line) the error when the answer is not understood, so the error is read with it."""
    if q.scale_words:
        text = say("assessment.app_question_scale", question=q.text, scale=q.scale_words)
    elif q.short_unit and q.short_unit.casefold() not in q.text.casefold():
        if q.text.endswith(")"):  # "How old are you? (optional)" -> "(optional, in years)"
            text = say("assessment.app_question_unit_more", question=q.text[:-1], unit=q.short_unit)
        else:
            text = say("assessment.app_question_unit", question=q.text, unit=q.short_unit)
    else:
        text = q.text
    return f"{text}\n{say('assessment.app_error_prefix')} {error}" if error else text


def question_note_html(q: Question, error: str) -> str:
    """Under a question: why it is asked, and a live region that announces its error."""
    problem = (
        f'<div role="alert" class="answer-error hamstring-sr-only">'
        f"{html.escape(q.text)} {html.escape(say('assessment.app_error_prefix'))} "
        f"{html.escape(error)}</div>"
        if error
        else ""
    )
    return (
        f"<span style='font-size:90%;color:#444'>"
        f"{say('assessment.app_why_we_ask', why=html.escape(q.why))}</span>{problem}"
    )


def signs_status(result: Assessment, signs: tuple[Question, ...] | None = None) -> tuple[str, str]:
    """What a result says about the warning signs, as (kind, sentence): "raised" (a sign is
    raised: the result says what to do), "unanswered" (some not answered: the result assumes
    none applies), "all_no" (every one answered no) or "answered" (all answered, none raised)."""
    signs = warning_sign_questions() if signs is None else signs
    if result.level:
        return "raised", ""
    missing = [q for q in signs if q.id not in result.answers]
    if missing:
        return "unanswered", say(
            "assessment.app_signs_unanswered", missing=len(missing), total=len(signs)
        )
    if all(result.answers[q.id] is False for q in signs):
        return "all_no", say("assessment.app_signs_all_no", total=len(signs))
    return "answered", say("assessment.app_signs_answered", total=len(signs))


def _signs_html(kind: str, text: str) -> str:
    """The warning signs' status as a callout: a warning while any is unanswered."""
    if not text:
        return ""
    if kind == "unanswered":
        return (
            f'<div role="status" style="{STYLES["warning"]}font-size:110%">'
            f"<b>{html.escape(say('assessment.app_signs_unanswered_title'))}</b> "
            f"{html.escape(text)}</div>"
        )
    return (
        f'<div role="status" style="{STYLES["success"]}"><b>'
        f"{html.escape(say('assessment.app_signs_answered_title'))}</b> {html.escape(text)}</div>"
    )
