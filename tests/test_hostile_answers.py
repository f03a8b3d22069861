"""Hostile input to the self-assessment, saved answer files, content files and the apps.

Every case is generated here (no committed files) and states its exact outcome: a valid value,
or a package error naming the right place in words, never a raw exception, a hang, or a message
that repeats a huge input. Budgets for the big cases are measured in benchmarks/, not here.
"""

from __future__ import annotations

import json
import math
import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest

from hamstring_edu import AnswerError, ContentError, HamstringEduError, assess, load_content
from hamstring_edu.assessment import answers_from_json
from hamstring_edu.questions import coerce_answer, questionnaire
from hamstring_edu.widgets.assessment import AssessmentApp

DATA = Path(__file__).resolve().parents[1] / "data"
HUGE = "x" * 5_000_000  # a 5 MB answer: the message must not repeat it


def _saved(answers: object, **extra: object) -> str:
    return json.dumps(
        {"format": "hamstring-edu-assessment", "version": 2, "answers": answers, **extra}
    )


# (id, answers, error class or None, text the message must contain)
ANSWER_CASES = [
    ("not a mapping", ["onset"], AnswerError, "mapping of question id to answer"),
    ("a string", "onset=next_day", AnswerError, "mapping"),
    ("None", None, AnswerError, "mapping"),
    ("unknown id", {"nope": 1}, AnswerError, "question 'nope'"),
    ("id that is a number", {3: True}, AnswerError, "unknown question id"),
    ("id that is a tuple", {("a",): 1}, AnswerError, "unknown question id"),
    ("too many keys", {f"q{i}": 1 for i in range(2000)}, AnswerError, "far fewer questions"),
    ("yes/no as text", {"rf_pop": "yes"}, AnswerError, "rf_pop"),
    ("yes/no as 1", {"rf_pop": 1}, AnswerError, "expected true or false"),
    ("yes/no as a list", {"rf_pop": [True]}, AnswerError, "expected true or false"),
    ("choice unknown", {"onset": "yesterday"}, AnswerError, "not an option"),
    ("choice as number", {"onset": 3}, AnswerError, "not an option"),
    ("choice as dict", {"onset": {"a": 1}}, AnswerError, "not an option"),
    ("choice huge", {"onset": HUGE}, AnswerError, "chars)"),
    ("number as text", {"rest_days": "two"}, AnswerError, "expected a number"),
    ("number as bool", {"rest_days": True}, AnswerError, "expected a number"),
    ("number nan", {"rest_days": math.nan}, AnswerError, "expected a number from 0 to 7"),
    ("number inf", {"weekly_change_pct": math.inf}, AnswerError, "weekly_change_pct"),
    ("number -inf", {"weekly_change_pct": -math.inf}, AnswerError, "weekly_change_pct"),
    ("10**400", {"weekly_change_pct": 10**400}, AnswerError, "weekly_change_pct"),
    ("-10**400", {"weekly_change_pct": -(10**400)}, AnswerError, "weekly_change_pct"),
    ("huge int", {"days_sore": 2**70}, AnswerError, "days_sore"),
    ("out of range", {"rest_days": 9}, AnswerError, "expected 0 to 7 days per week"),
    ("negative days", {"days_sore": -1}, AnswerError, "out of range"),
    ("scale fraction", {"tightness": 4.5}, AnswerError, "whole number"),
    ("age too young", {"age": 3}, AnswerError, "age"),
    ("nested list", {"rest_days": [[[1]]]}, AnswerError, "expected a number"),
    ("number as dict", {"rest_days": {"v": 1}}, AnswerError, "expected a number"),
    ("valid edge low", {"rest_days": 0}, None, ""),
    ("valid edge high", {"weekly_change_pct": 1000}, None, ""),
    ("valid None", {"rest_days": None}, None, ""),
    ("valid float", {"weekly_change_pct": 12.5}, None, ""),
]


@pytest.mark.parametrize(
    ("answers", "error", "text"), [c[1:] for c in ANSWER_CASES], ids=[c[0] for c in ANSWER_CASES]
)
def test_hostile_answers(answers, error, text):
    if error is None:
        assert assess(answers).answers is not None
        return
    with pytest.raises(error) as info:
        assess(answers)
    message = str(info.value)
    assert text in message
    assert len(message) < 400  # never an echo of a huge input


TYPED_CASES = [
    ("percent sign", "weekly_change_pct", "20%", 20.0),
    ("decimal comma", "weekly_change_pct", "12,5", 12.5),
    ("spaces", "rest_days", "  2 ", 2),
    ("empty", "rest_days", "   ", None),
    ("yes in capitals", "rf_pop", "YES", True),
    ("percent on days", "rest_days", "20%", "expected a number of days per week"),
    ("words", "days_sore", "a week", "expected a number of days"),
    ("two numbers", "days_sore", "3 4", "expected a number"),
    ("huge text", "days_sore", HUGE, r"chars\)"),
    ("nan text", "weekly_change_pct", "nan", "expected a number from"),
    ("inf text", "weekly_change_pct", "inf", "expected a number from"),
    ("1e400 text", "weekly_change_pct", "1e400", "expected a number from"),
    ("maybe", "rf_pop", "maybe", "expected yes or no"),
    ("scale as text", "tightness", "7", 7),
    ("scale fraction text", "tightness", "7.5", "whole number"),
]


@pytest.mark.parametrize(
    ("question", "typed", "outcome"),
    [c[1:] for c in TYPED_CASES],
    ids=[c[0] for c in TYPED_CASES],
)
def test_what_people_type(question, typed, outcome):
    if isinstance(outcome, str):
        with pytest.raises(AnswerError, match=outcome) as info:
            coerce_answer(question, typed)
        assert info.value.where["question"] == question and len(str(info.value)) < 400
    else:
        assert coerce_answer(question, typed) == outcome


def _nested(depth: int) -> str:
    return "[" * depth + "]" * depth


JSON_CASES = [
    ("not json", "{oops", "not a valid JSON file"),
    ("empty", "", "not a valid JSON file"),
    ("bytes not utf-8", b"\xff\xfe{", "not a valid JSON file"),
    ("a list", "[1, 2]", "not a hamstring-edu self-assessment file"),
    ("other format", json.dumps({"format": "other"}), "format field missing"),
    (
        "future version",
        json.dumps({"format": "hamstring-edu-assessment", "version": 99}),
        "unsupported file version 99",
    ),
    ("answers a list", _saved([1, 2]), "must be a table"),
    ("bad answer", _saved({"onset": "x"}), "question 'onset'"),
    ("deep nesting", '{"a":' * 100_000 + "1" + "}" * 100_000, "JSON"),
    ("deep list in answers", _saved({"rest_days": None}).replace("null", _nested(50_000)), "JSON"),
    (
        "huge number",
        _saved({"weekly_change_pct": 1}).replace(": 1}", ": " + "9" * 5000 + "}"),
        "not a usable JSON file",
    ),
    ("50 MB file", " " * 50_000_001, "a few kilobytes"),
    ("huge answer value", _saved({"onset": HUGE}), "a few kilobytes"),
    ("not text", 12345, "expected the text of a JSON file"),
]


@pytest.mark.parametrize(
    ("text", "message"), [c[1:] for c in JSON_CASES], ids=[c[0] for c in JSON_CASES]
)
def test_hostile_saved_files(text, message):
    with pytest.raises(AnswerError, match=message) as info:
        answers_from_json(text)
    assert len(str(info.value)) < 400


def test_version_one_files_still_load():
    old = json.dumps(
        {"format": "hamstring-edu-assessment", "version": 1, "answers": {"rf_pop": True}}
    )
    assert answers_from_json(old) == {"rf_pop": True}


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    shutil.copytree(DATA, folder, ignore=shutil.ignore_patterns("samples"))
    return folder


CONTENT_CASES = [
    (
        "latin-1 file",
        "references.toml",
        lambda t: t.encode("utf-8").replace(b"\xc3\xb8", b"\xf8"),
        "not UTF-8 text",
    ),
    (
        "latin-1 questionnaire",
        "questionnaire.toml",
        lambda t: ("# caf\u00e9\n" + t).encode("latin-1", "replace"),
        "not UTF-8 text",
    ),
    ("utf-8 with byte-order mark", "causes.toml", lambda t: b"\xef\xbb\xbf" + t.encode(), None),
    ("binary garbage", "faqs.toml", lambda t: bytes(range(256)) * 10, "not UTF-8"),
    ("not toml", "faqs.toml", lambda t: b"[[faq]\nid = ", "not valid TOML"),
    (
        "a javascript link as a notebook",
        "causes.toml",
        lambda t: t.replace(
            'notebooks = ["01_causes_and_solutions.ipynb"]',
            'notebooks = ["javascript:alert(1)"]',
            1,
        ).encode(),
        "field 'notebooks'.*notebook file names",
    ),
    (
        "a web link as a notebook",
        "causes.toml",
        lambda t: t.replace(
            'notebooks = ["01_causes_and_solutions.ipynb"]',
            'notebooks = ["https://example.org/x.ipynb"]',
            1,
        ).encode(),
        "notebook file names",
    ),
    ("an entry that is not a table", "faqs.toml", lambda t: b"faq = [1, 2]\n", "expected a table"),
    (
        "a huge field",
        "faqs.toml",
        lambda t: t.replace('id = "why_sore"', f'id = "{"a" * 200_000}"', 1).encode(),
        "field 'id'.*chars\\)",
    ),
    ("a file far too big", "faqs.toml", lambda t: t.encode() + b"#" * 3_000_000, "bytes; at most"),
]


@pytest.mark.parametrize(
    ("name", "edit", "message"),
    [c[1:] for c in CONTENT_CASES],
    ids=[c[0] for c in CONTENT_CASES],
)
def test_hostile_content_files(data_copy, name, edit, message):
    file = data_copy / name
    file.write_bytes(edit(file.read_text(encoding="utf-8")))
    loader = questionnaire if name == "questionnaire.toml" else load_content
    if message is None:
        assert loader(data_copy) is not None
        return
    with pytest.raises(ContentError, match=message) as info:
        loader(data_copy)
    assert str(file) in str(info.value) and len(str(info.value)) < 600


def test_a_folder_where_a_file_should_be(data_copy):
    (data_copy / "faqs.toml").unlink()
    (data_copy / "faqs.toml").mkdir()
    with pytest.raises(ContentError, match="expected a file, found a folder"):
        load_content(data_copy)


APP_TYPED = [
    ("percent in days", "rest_days", "20%"),
    ("huge text", "days_sore", HUGE),
    ("a formula", "weekly_change_pct", "=1+1"),
    ("html", "days_sore", "<script>alert(1)</script>"),
    ("infinity", "weekly_change_pct", "inf"),
]


@pytest.mark.parametrize(
    ("question", "typed"), [c[1:] for c in APP_TYPED], ids=[c[0] for c in APP_TYPED]
)
def test_the_app_never_loses_a_red_flag_to_a_bad_answer(question, typed):
    """Issue 12, item 1: after one invalid typed number the app kept its old result and ignored
    every later answer, red flags too. Now it shows no stale result and keeps the flags."""
    app = AssessmentApp()
    app.inputs["weekly_change_pct"].value = "40" if question != "weekly_change_pct" else ""
    app.inputs[question].value = typed
    assert app.result is None and question in app.invalid
    assert len(app.errors[question].value) < 2000 and "<script>" not in app.errors[question].value
    app.inputs["rf_breathless"].value = True
    assert app.partial.level == "emergency"
    assert "Emergency: call your local emergency number" in app.banner.value
    app.save_button.click()
    assert "first fix the answer" in app.message.text  # never saves an empty or stale file


def test_a_hostile_upload_never_raises_in_the_app():
    app = AssessmentApp()
    app.inputs["rf_pop"].value = True
    for content in (b"\xff" * 10, ('{"a":' * 50_000 + "1" + "}" * 50_000).encode(), b"[]"):
        upload = {
            "name": "x.json",
            "type": "",
            "size": len(content),
            "last_modified": datetime(2026, 1, 1, tzinfo=UTC),
            "content": memoryview(content),
        }
        app.upload.value = (upload,)
        assert "could not be loaded" in app.message.text or "could not be read" in app.message.text
        assert app.result.answers == {"rf_pop": True}  # nothing lost


def test_every_case_gives_a_package_error_not_a_crash():
    """The corpus counts: at least 60 cases here (the log corpus adds more)."""
    total = (
        len(ANSWER_CASES) + len(TYPED_CASES) + len(JSON_CASES) + len(CONTENT_CASES) + len(APP_TYPED)
    )
    assert total >= 60
    assert issubclass(AnswerError, HamstringEduError) and issubclass(
        ContentError, HamstringEduError
    )
