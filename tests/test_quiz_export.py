"""The question bank for learning platforms (issue 23): Moodle XML and a QTI 1.2 package, each
read back and compared with data/quiz.toml, question by question."""

from __future__ import annotations

import io
import zipfile
from collections import Counter

import pytest

from hamstring_edu import ContentError
from hamstring_edu import quiz_export as qe
from hamstring_edu.quiz import load_quiz

QUESTIONS = load_quiz().questions


def test_every_question_type_is_in_the_bank():
    assert set(Counter(q.type for q in QUESTIONS)) == {"single", "multiple", "numeric", "order"}


def test_the_moodle_export_reads_back_as_the_bank():
    text = qe.moodle_xml()
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<quiz>')
    read = qe.read_moodle_xml(text)
    assert [q.id for q in read] == [q.id for q in QUESTIONS]
    assert qe.differences(read) == []


def test_the_qti_package_reads_back_as_the_bank():
    data = qe.qti_package()
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        assert sorted(zf.namelist()) == ["hamstring_edu_quiz.xml", "imsmanifest.xml"]
        assert b"imsqti_xmlv1p2" in zf.read("imsmanifest.xml")
    read = qe.read_qti_package(data)
    assert [q.id for q in read] == [q.id for q in QUESTIONS]
    assert qe.differences(read) == []


def test_a_changed_export_is_caught():
    """The check compares: a wrong option marked right, a moved tolerance, a lost question."""
    text = qe.moodle_xml()
    first = next(q for q in QUESTIONS if q.type == "single")
    wrong = next(o.text for o in first.options if not o.correct)
    marked = text.replace(
        f'fraction="0">\n      <text>{wrong}', f'fraction="100">\n      <text>{wrong}', 1
    )
    assert any(f"{first.id}: options" in d for d in qe.differences(qe.read_moodle_xml(marked)))
    numeric = next(q for q in QUESTIONS if q.type == "numeric")
    moved = text.replace(
        f"<tolerance>{numeric.tolerance:g}</tolerance>", "<tolerance>99</tolerance>", 1
    )
    assert any("tolerance" in d for d in qe.differences(qe.read_moodle_xml(moved)))
    assert qe.differences(qe.read_moodle_xml(qe.moodle_xml(QUESTIONS[1:])))[0].endswith(
        "missing from the export"
    )


def test_moodle_gets_grade_shares_it_accepts_and_they_add_up():
    """Moodle refuses a share not on its list; a 'choose all' question's right answers add up
    to 100% and its wrong ones take off as much."""
    import xml.etree.ElementTree as ET

    root = ET.fromstring(qe.moodle_xml())
    allowed = {f"{f:g}" for f in qe.MOODLE_FRACTIONS} | {f"{-f:g}" for f in qe.MOODLE_FRACTIONS}
    for item in root.findall("question[@type='multichoice']"):
        shares = [a.get("fraction") for a in item.findall("answer")]
        assert set(shares) <= allowed, item.findtext("idnumber")
        right = sum(float(s) for s in shares if float(s) > 0)
        assert abs(right - 100) < 0.01, item.findtext("idnumber")


def test_an_order_question_is_a_matching_in_qti_with_the_steps_shuffled():
    order = next(q for q in QUESTIONS if q.type == "order")
    xml = qe.qti_xml([order])
    shown = [
        xml.index(f'<mattext texttype="text/plain">{order.steps[i]}</mattext>')
        for i in range(len(order.steps))
    ]
    assert shown != sorted(shown)  # not given away by the order they are listed in
    assert qe.read_qti_xml(xml)[0].steps == order.steps


def test_a_file_that_is_not_an_export_is_a_clear_error():
    with pytest.raises(ContentError, match="not well-formed Moodle XML"):
        qe.read_moodle_xml("<quiz><question")
    with pytest.raises(ContentError, match="not a QTI package"):
        qe.read_qti_package(b"not a zip")
    with pytest.raises(ContentError):
        qe.read_moodle_xml('<!DOCTYPE q [<!ENTITY a "aaaa">]><quiz>&a;</quiz>')  # no entities
