"""The athlete app's first questions as plain HTML (issue 22): on screen before the widgets,
with the same words and options as the form, a warning sign's advice at once, and a copy of the
app in the served folder that carries them."""

from __future__ import annotations

import importlib.util
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from hamstring_edu.assessment import assess
from hamstring_edu.questions import questionnaire
from hamstring_edu.widgets.assessment import AssessmentApp
from hamstring_edu.widgets.preview import PREVIEW_ID, first_questions_html

ROOT = Path(__file__).resolve().parents[1]
TITLE = "Sore hamstrings? Check yourself, then plan your runs"


class _Form(HTMLParser):
    """The labels, selects (with their options' words), flags and scripts of a fragment."""

    def __init__(self) -> None:
        super().__init__()
        self.labels: dict[str, str] = {}  # for= -> label text
        self.selects: dict[str, dict] = {}  # id -> {question, options}
        self.flags: dict[str, dict] = {}  # question -> {when, text}
        self.tags: list[str] = []
        self._label = self._select = self._flag = None
        self._option = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.tags.append(tag)
        if tag == "label":
            self._label = a.get("for")
            self.labels[self._label] = ""
        elif tag == "select":
            self._select = a["id"]
            self.selects[self._select] = {"question": a.get("data-question"), "options": []}
        elif tag == "option":
            self._option = True
            self.selects[self._select]["options"].append("")
        elif tag == "template":
            self._flag = a["data-flag"]
            self.flags[self._flag] = {"when": int(a["data-when"]), "text": ""}

    def handle_endtag(self, tag):
        if tag == "label":
            self._label = None
        elif tag == "option":
            self._option = False
        elif tag == "template":
            self._flag = None

    def handle_data(self, data):
        if self._label:
            self.labels[self._label] += data
        if self._option:
            self.selects[self._select]["options"][-1] += data
        if self._flag:
            self.flags[self._flag]["text"] += data


@pytest.fixture(scope="module")
def preview():
    parser = _Form()
    parser.feed(first_questions_html(TITLE))
    return parser


@pytest.fixture(scope="module")
def form():
    return AssessmentApp()


def _first_section():
    qs = questionnaire()
    return qs.in_section(qs.sections[0].id)


def test_every_first_question_is_its_selects_label_in_the_forms_words(preview, form):
    questions = _first_section()
    assert len(questions) >= 3
    assert [s["question"] for s in preview.selects.values()] == [q.id for q in questions]
    for control_id, select in preview.selects.items():
        widget = form.inputs[select["question"]]
        assert preview.labels[control_id] == widget.description  # <label for> the select
        # the same options in the same order: the page hands an answer over by its position
        assert select["options"] == [label for label, _value in widget.options]


def test_a_yes_says_that_signs_advice_computed_by_the_model(preview, form):
    for q in _first_section():
        flag = preview.flags[q.id]
        result = assess({q.id: True})
        assert result.urgent, q.id  # these are the signs that need help now
        assert result.headline in flag["text"] and result.triage.action in flag["text"]
        options = [value for _label, value in form.inputs[q.id].options]
        assert options[flag["when"]] is True  # shown for "Yes", never for "No"


def test_the_preview_is_plain_html_that_fetches_nothing(preview):
    html = first_questions_html(TITLE)
    assert "script" not in preview.tags and "<script" not in html
    assert not re.search(r"(src|href)\s*=|https?://|url\(", html)
    assert f'id="{PREVIEW_ID}"' in html and f"<h1>{TITLE}</h1>" in html
    assert "Educational, not a diagnosis" in html  # where a result (a sign's advice) is shown
    assert 'role="alert"' in html and 'role="status"' in html


def test_the_forms_controls_name_their_question_for_the_hand_over(form):
    for qid, control in form.inputs.items():
        assert f"hamstring-q-{qid}" in control._dom_classes


def _app_folder():
    spec = importlib.util.spec_from_file_location("app_folder", ROOT / "tools" / "app_folder.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_served_app_is_the_notebook_with_its_first_questions(tmp_path):
    _app_folder().make(tmp_path)
    served = json.loads((tmp_path / "app.ipynb").read_text(encoding="utf-8"))
    source = json.loads((ROOT / "notebooks" / "app.ipynb").read_text(encoding="utf-8"))
    assert served["cells"] == source["cells"]
    heading = "".join(source["cells"][0]["source"]).splitlines()[0].removeprefix("# ")
    assert served["metadata"]["hamstring_preview"] == first_questions_html(heading)
    assert {k: v for k, v in served["metadata"].items() if k != "hamstring_preview"} == source[
        "metadata"
    ]


def test_the_template_shows_the_preview_first_and_hands_the_answers_over():
    text = (ROOT / "share" / "voila" / "templates" / "hamstring" / "index.html.j2").read_text()
    head, rest = text.split("{{ spinner.html() }}", 1)
    assert "nb.metadata.get('hamstring_preview', '')" in head  # before the kernel starts
    assert "kernel_start(nb)" in rest
    assert "'#rendered_cells .hamstring-q-' + s.dataset.question + ' select'" in head
    assert "t.selectedIndex = s.selectedIndex" in head and "preview.remove()" in head
