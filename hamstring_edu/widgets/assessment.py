"""AssessmentApp: the self-assessment form and its live result panel."""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

import ipywidgets as widgets
import plotly.graph_objects as go

from hamstring_edu.assessment import (
    Assessment,
    Question,
    answers_from_json,
    assess,
    coerce_answer,
    questionnaire,
)
from hamstring_edu.content import load_content
from hamstring_edu.errors import AnswerError
from hamstring_edu.figures.assessment import cause_scores, ranked_titles, segments, title
from hamstring_edu.handouts import assessment_summary_html
from hamstring_edu.widgets.common import MessageArea, box_html, disclaimer

NOT_ANSWERED = "— not answered —"


class AssessmentApp(widgets.VBox):
    """A grouped questionnaire form with a live, explained result and save/load/print."""

    def __init__(self, answers: dict[str, Any] | None = None) -> None:
        self.questionnaire = questionnaire()
        self.inputs: dict[str, widgets.Widget] = {
            q.id: _control(q) for q in self.questionnaire.questions
        }
        self.message = MessageArea()
        self.banner = widgets.HTML()
        self.explanation = widgets.HTML()
        self.next_steps = widgets.HTML()
        self.name = widgets.Text(description="Name", placeholder="optional, for the summary")
        self.filename = widgets.Text(value="my_assessment", description="File name")
        save = widgets.Button(description="Save answers (JSON)", icon="save")
        summary = widgets.Button(description="Printable summary (HTML)", icon="print")
        self.upload = widgets.FileUpload(accept=".json", multiple=False, description="Load JSON")
        save.on_click(lambda _: self.message.guard(self.save_json))
        summary.on_click(lambda _: self.message.guard(self.save_summary))
        self.upload.observe(self._uploaded, names="value")
        self.result: Assessment = assess({})
        self.figure = go.FigureWidget(cause_scores(self.result))

        sections = [
            widgets.VBox(
                [widgets.HTML(f"<i>{html.escape(s.intro)}</i>")]
                + [_row(q, self.inputs[q.id]) for q in self.questionnaire.in_section(s.id)]
            )
            for s in self.questionnaire.sections
        ]
        self.form = widgets.Accordion(
            children=sections, titles=tuple(s.title for s in self.questionnaire.sections)
        )
        self.form.selected_index = 0
        for control in self.inputs.values():
            control.observe(self._changed, names="value")
        super().__init__(
            [
                disclaimer(),
                self.form,
                self.message,
                self.banner,
                self.figure,
                self.explanation,
                self.next_steps,
                widgets.HBox([self.name, self.filename]),
                widgets.HBox([save, summary, self.upload]),
            ]
        )
        if answers:
            self.set_answers(answers)
        self._show(self.result)

    # reading and writing the form -------------------------------------------
    def answers(self) -> dict[str, Any]:
        """The form's answers as assess() takes them (AnswerError naming a bad field)."""
        return {
            qid: coerce_answer(qid, control.value)
            for qid, control in self.inputs.items()
            if control.value not in (None, "")
        }

    def set_answers(self, answers: dict[str, Any]) -> None:
        """Fill the form from answers (unknown ids or bad values raise AnswerError)."""
        clean = assess(answers).answers
        with self.hold_trait_notifications():
            for qid, control in self.inputs.items():
                value = clean.get(qid)
                control.unobserve(self._changed, names="value")
                control.value = _to_control(self.questionnaire.question(qid), value)
                control.observe(self._changed, names="value")
        self._changed()

    # actions -------------------------------------------------------------------
    def save_json(self, folder: str | Path = ".") -> Path:
        """Write answers and result to ``<file name>.json``; return the path."""
        path = Path(folder) / f"{self._stem()}.json"
        path.write_text(self.result.to_json(), encoding="utf-8")
        self.message.show(f"Saved {path}", "info")
        return path

    def save_summary(self, folder: str | Path = ".") -> Path:
        """Write the printable one-page summary to ``<file name>.html``; return the path."""
        path = Path(folder) / f"{self._stem()}.html"
        path.write_text(assessment_summary_html(self.result, name=self.name.value), "utf-8")
        self.message.show(f"Saved {path}: open it in a browser and print it.", "info")
        return path

    def load_json(self, text: str | bytes) -> None:
        """Restore the form from a saved JSON document."""
        self.set_answers(answers_from_json(text))
        self.message.show("Answers loaded.", "info")

    # internals -----------------------------------------------------------------
    def _stem(self) -> str:
        stem = "".join(ch for ch in self.filename.value if ch.isalnum() or ch in "-_").strip()
        if not stem:
            raise AnswerError("please enter a file name (letters, digits, - or _)")
        return stem

    def _uploaded(self, change: dict) -> None:
        files = change["new"]
        if files:
            self.message.guard(lambda: self.load_json(bytes(files[0]["content"])))

    def _changed(self, _change: object = None) -> None:
        result = self.message.guard(lambda: assess(self.answers()))
        if result is not None:
            self.result = result
            self._show(result)

    def _show(self, result: Assessment) -> None:
        with self.figure.batch_update():
            for trace, (_, shares, hovers) in zip(self.figure.data, segments(result), strict=True):
                trace.x = shares
                trace.hovertext = hovers
            self.figure.layout.yaxis.categoryarray = ranked_titles(result)
            self.figure.layout.title.text = title(result)
        kind = "error" if result.urgent else "info"
        flags = "".join(box_html(f.advice, "error", title=f.title) for f in result.red_flags)
        self.banner.value = box_html(result.headline, kind) + flags
        self.explanation.value = _explanation_html(result)
        self.next_steps.value = _next_steps_html(result)


# --------------------------------------------------------------------------- form controls


def _control(q: Question) -> widgets.Widget:
    style = {"description_width": "0px"}
    layout = {"width": "32em"}
    if q.type == "choice":
        options = [(NOT_ANSWERED, "")] + [(o.label, o.value) for o in q.options]
    elif q.type == "yesno":
        options = [(NOT_ANSWERED, ""), ("Yes", True), ("No", False)]
    elif q.type == "scale":
        options = [(NOT_ANSWERED, "")] + [(str(v), v) for v in range(int(q.min), int(q.max) + 1)]
    else:
        return widgets.Text(
            placeholder=f"{q.min:g} to {q.max:g} {q.unit or ''} (leave empty if unknown)",
            continuous_update=False,
            style=style,
            layout=layout,
        )
    return widgets.Dropdown(options=options, value="", style=style, layout=layout)


def _to_control(q: Question, value: Any) -> Any:
    if value is None:
        return ""
    return f"{value:g}" if q.type == "number" else value


def _row(q: Question, control: widgets.Widget) -> widgets.Widget:
    unit = f" <span style='color:#555'>({html.escape(q.unit)})</span>" if q.unit else ""
    label = widgets.HTML(
        f"<b>{html.escape(q.text)}</b>{unit}<br>"
        f"<span style='font-size:90%;color:#444'>Why: {html.escape(q.why)}</span>"
    )
    return widgets.VBox([label, control], layout={"margin": "0 0 8px 0"})


# --------------------------------------------------------------------------- result text


def _explanation_html(result: Assessment) -> str:
    content = load_content()
    parts = ["<h4>Why these causes</h4><ul>"]
    for cause, score in result.ranking:
        if score <= 0:
            continue
        items = ", ".join(
            f"{html.escape(c.answer)} (+{c.share:.0f})" for c in result.contributions[cause]
        )
        parts.append(
            f"<li><b>{html.escape(content.cause(cause).title)}: {score:.0f}</b> = {items}</li>"
        )
    parts.append("</ul>")
    if len(parts) == 2:
        parts = ["<p>No cause scores yet: answer a few questions above.</p>"]
    severity = (
        "not scored yet (answer the four questions under <i>How much it affects you</i>)"
        if result.severity is None
        else f"<b>{result.severity} / 100</b>"
        + (" (a substantial problem)" if result.substantial else "")
    )
    parts.append(f"<p><b>Severity</b> (OSTRC score, clarsen2013): {severity}.</p>")
    parts.append(f"<p><b>Soreness or strain?</b> {html.escape(result.doms_vs_strain.summary)}</p>")
    parts.append(f"<p>You answered {result.completeness:.0%} of the questions.</p>")
    return "".join(parts)


def _next_steps_html(result: Assessment) -> str:
    if not result.recommendations and not result.notes:
        return ""
    parts = ["<h4>What to try next</h4>"]
    for rec in result.recommendations:
        links = " ".join(
            f'<a href="{html.escape(nb)}">{html.escape(nb)}</a>' for nb in rec.notebooks
        )
        items = "".join(
            f"<li>{html.escape(s.text)}"
            + (f" <i>Dose: {html.escape(s.dose)}.</i>" if s.dose else "")
            + "</li>"
            for s in rec.solutions
        )
        parts.append(
            f"<p><b>{html.escape(rec.title)}</b> (learn more: {links})</p><ul>{items}</ul>"
        )
    if result.notes:
        parts.append("<ul>" + "".join(f"<li>{html.escape(n)}</li>" for n in result.notes) + "</ul>")
    return "".join(parts)
