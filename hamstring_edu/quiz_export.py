"""The question bank for learning platforms: Moodle XML and an IMS QTI 1.2 package (the format
Canvas imports; Blackboard and others import QTI 1.2 items too), and readers that parse both
back, so an export is checked against the bank it came from.

- single → Moodle ``multichoice`` (one answer) / QTI ``multiple_choice_question``;
- multiple → ``multichoice`` with several answers (each right one an equal share, each wrong one
  takes a share off) / ``multiple_answers_question`` (all right ones and no wrong one);
- numeric → ``numerical`` with its tolerance / ``numerical_question`` (a range);
- order → Moodle ``ordering`` (in Moodle's core since 4.4) / QTI ``matching_question``: each step
  is matched to its position, as QTI 1.2 has no ordering type.

The explanation is each question's general feedback, with the notebook and section that teach
it. Numbers computed by the library (``compute``) are written as the library computes them.
"""

from __future__ import annotations

import html
import io
import math
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from xml.etree import ElementTree as ET

from hamstring_edu.errors import ContentError
from hamstring_edu.quiz import QuizQuestion, load_quiz
from hamstring_edu.wording import say

QTI_NS = "http://www.imsglobal.org/xsd/ims_qtiasiv1p2"
CP_NS = "http://www.imsglobal.org/xsd/imscp_v1p1"
QTI_FILE = "hamstring_edu_quiz.xml"
QTI_TYPES = {
    "single": "multiple_choice_question",
    "multiple": "multiple_answers_question",
    "numeric": "numerical_question",
    "order": "matching_question",
}
MOODLE_TYPES = {
    "single": "multichoice",
    "multiple": "multichoice",
    "numeric": "numerical",
    "order": "ordering",
}
# the grade shares Moodle accepts for an answer (its question editor's list, in percent)
MOODLE_FRACTIONS = (
    100, 90, 83.33333, 80, 75, 70, 66.66667, 60, 50, 40, 33.33333, 30, 25, 20, 16.66667,
    14.28571, 12.5, 11.11111, 10, 5, 0,
)  # fmt: skip


@dataclass(frozen=True)
class ExportedQuestion:
    """What an export says of one question, read back: enough to compare with the bank."""

    id: str
    type: str
    text: str
    options: tuple[tuple[str, bool], ...] = ()
    steps: tuple[str, ...] = ()
    answer: float | None = None
    tolerance: float | None = None


def expected(question: QuizQuestion) -> ExportedQuestion:
    """What an export of ``question`` must say, for comparing with what is read back."""
    q = question
    if q.type == "numeric":
        return ExportedQuestion(q.id, q.type, q.text, answer=q.value, tolerance=q.tolerance or 0.0)
    if q.type == "order":
        return ExportedQuestion(q.id, q.type, q.text, steps=q.steps)
    return ExportedQuestion(
        q.id, q.type, q.text, options=tuple((o.text, o.correct) for o in q.options)
    )


def differences(
    read: Iterable[ExportedQuestion], questions: Iterable[QuizQuestion] | None = None
) -> list[str]:
    """Where an export read back differs from the bank (numbers to 1e-9); [] when it is equal."""
    want = {q.id: expected(q) for q in _questions(questions)}
    got = {e.id: e for e in read}
    out = [f"{qid}: missing from the export" for qid in want.keys() - got.keys()]
    out += [f"{qid}: not in the bank" for qid in got.keys() - want.keys()]
    for qid in sorted(want.keys() & got.keys()):
        a, b = got[qid], want[qid]
        for name in ("type", "text", "options", "steps"):
            if getattr(a, name) != getattr(b, name):
                out.append(f"{qid}: {name} {getattr(a, name)!r}, expected {getattr(b, name)!r}")
        for name in ("answer", "tolerance"):
            x, y = getattr(a, name), getattr(b, name)
            if (x is None) != (y is None) or (
                x is not None and not math.isclose(x, y, rel_tol=1e-9, abs_tol=1e-9)
            ):
                out.append(f"{qid}: {name} {x!r}, expected {y!r}")
    return sorted(out)


def _questions(questions: Iterable[QuizQuestion] | None) -> tuple[QuizQuestion, ...]:
    return tuple(questions) if questions is not None else load_quiz().questions


def _feedback(q: QuizQuestion) -> str:
    """The explanation and where it is taught, as HTML."""
    return (
        f"<p>{html.escape(q.explanation)}</p>"
        f"<p>{html.escape(say('quiz.read_more_label'))} {html.escape(q.where)}</p>"
    )


def _text(parent: ET.Element, tag: str, value: str, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, tag, attrs)
    ET.SubElement(element, "text").text = value
    return element


def _moodle_fraction(share: float) -> str:
    """The nearest grade share Moodle accepts (an equal share of 100 for n answers)."""
    sign = -1 if share < 0 else 1
    nearest = min(MOODLE_FRACTIONS, key=lambda f: abs(f - abs(share)))
    return f"{sign * nearest:g}"


# --------------------------------------------------------------------------- Moodle XML


def moodle_xml(questions: Iterable[QuizQuestion] | None = None) -> str:
    """The questions as Moodle XML (Question bank → Import → Moodle XML format)."""
    quiz = ET.Element("quiz")
    current = None
    for q in _questions(questions):
        category = f"$course$/hamstring-edu/{q.notebook}"
        if category != current:
            holder = ET.SubElement(quiz, "question", type="category")
            _text(holder, "category", category)
            current = category
        item = ET.SubElement(quiz, "question", type=MOODLE_TYPES[q.type])
        _text(item, "name", q.id)
        _text(item, "questiontext", f"<p>{html.escape(q.text)}</p>", format="html")
        _text(item, "generalfeedback", _feedback(q), format="html")
        ET.SubElement(item, "defaultgrade").text = "1"
        ET.SubElement(item, "penalty").text = "0"
        ET.SubElement(item, "hidden").text = "0"
        ET.SubElement(item, "idnumber").text = q.id
        if q.type in ("single", "multiple"):
            ET.SubElement(item, "single").text = "true" if q.type == "single" else "false"
            ET.SubElement(item, "shuffleanswers").text = "true"
            ET.SubElement(item, "answernumbering").text = "abc"
            right = len(q.correct)
            wrong = len(q.options) - right
            for option in q.options:
                if q.type == "single":
                    share = 100 if option.correct else 0
                else:
                    share = 100 / right if option.correct else -100 / wrong
                answer = _text(item, "answer", html.escape(option.text), format="html")
                answer.set("fraction", _moodle_fraction(share))
        elif q.type == "numeric":
            answer = _text(item, "answer", repr(q.value))  # as computed: the tolerance is the room
            answer.set("fraction", "100")
            ET.SubElement(answer, "tolerance").text = f"{q.tolerance or 0:g}"
            if q.unit:
                units = ET.SubElement(item, "units")
                unit = ET.SubElement(units, "unit")
                ET.SubElement(unit, "unit_name").text = q.unit
                ET.SubElement(unit, "multiplier").text = "1"
                ET.SubElement(item, "unitgradingtype").text = "0"
                ET.SubElement(item, "showunits").text = "3"  # the unit shown, not asked for
        else:
            ET.SubElement(item, "layouttype").text = "VERTICAL"
            ET.SubElement(item, "selecttype").text = "ALL"
            ET.SubElement(item, "selectcount").text = "0"
            ET.SubElement(item, "gradingtype").text = "ABSOLUTE_POSITION"
            for step in q.steps:  # in the right order: Moodle shuffles them for the student
                _text(item, "answer", html.escape(step), format="html").set("fraction", "1")
    ET.indent(quiz)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(quiz, encoding="unicode") + "\n"


def read_moodle_xml(text: str) -> list[ExportedQuestion]:
    """Parse a Moodle XML export back (for checking it); ContentError if it is not one."""
    root = _parse(text, "Moodle XML")
    out = []
    for item in root.findall("question"):
        kind = item.get("type")
        if kind == "category":
            continue
        qid = _need(item, "idnumber", "Moodle XML")
        text_ = html.unescape(_strip_p(_need(item, "questiontext/text", "Moodle XML")))
        if kind == "multichoice":
            single = _need(item, "single", "Moodle XML") == "true"
            options = tuple(
                (html.unescape(_need(a, "text", "Moodle XML")), float(a.get("fraction", "0")) > 0)
                for a in item.findall("answer")
            )
            out.append(ExportedQuestion(qid, "single" if single else "multiple", text_, options))
        elif kind == "numerical":
            answer = item.find("answer")
            if answer is None:
                raise ContentError("a numerical question without an answer", field=qid)
            out.append(
                ExportedQuestion(
                    qid,
                    "numeric",
                    text_,
                    answer=float(_need(answer, "text", "Moodle XML")),
                    tolerance=float(_need(answer, "tolerance", "Moodle XML")),
                )
            )
        elif kind == "ordering":
            steps = tuple(
                html.unescape(_need(a, "text", "Moodle XML")) for a in item.findall("answer")
            )
            out.append(ExportedQuestion(qid, "order", text_, steps=steps))
        else:
            raise ContentError(f"unexpected question type {kind!r}", field=qid)
    return out


# --------------------------------------------------------------------------- QTI 1.2


def _q(tag: str) -> str:
    return f"{{{QTI_NS}}}{tag}"


def _mattext(parent: ET.Element, value: str, kind: str = "text/plain") -> None:
    material = ET.SubElement(parent, "material")
    ET.SubElement(material, "mattext", texttype=kind).text = value


def qti_xml(questions: Iterable[QuizQuestion] | None = None) -> str:
    """The questions as one QTI 1.2 assessment (the XML inside :func:`qti_package`)."""
    ET.register_namespace("", QTI_NS)
    root = ET.Element("questestinterop", xmlns=QTI_NS)
    assessment = ET.SubElement(
        root, "assessment", ident="hamstring_edu_quiz", title=say("quiz.title")
    )
    section = ET.SubElement(assessment, "section", ident="root_section")
    for q in _questions(questions):
        item = ET.SubElement(section, "item", ident=q.id, title=q.id)
        fields = ET.SubElement(ET.SubElement(item, "itemmetadata"), "qtimetadata")
        for label, entry in (("question_type", QTI_TYPES[q.type]), ("points_possible", "1")):
            field = ET.SubElement(fields, "qtimetadatafield")
            ET.SubElement(field, "fieldlabel").text = label
            ET.SubElement(field, "fieldentry").text = entry
        presentation = ET.SubElement(item, "presentation")
        _mattext(presentation, f"<p>{html.escape(q.text)}</p>", "text/html")
        processing = ET.SubElement(item, "resprocessing")
        ET.SubElement(
            ET.SubElement(processing, "outcomes"),
            "decvar",
            maxvalue="100",
            minvalue="0",
            varname="SCORE",
            vartype="Decimal",
        )
        if q.type in ("single", "multiple"):
            lid = ET.SubElement(
                presentation,
                "response_lid",
                ident="response1",
                rcardinality="Single" if q.type == "single" else "Multiple",
            )
            choices = ET.SubElement(lid, "render_choice")
            for i, option in enumerate(q.options):
                _mattext(ET.SubElement(choices, "response_label", ident=f"o{i}"), option.text)
            condition = ET.SubElement(
                ET.SubElement(processing, "respcondition", {"continue": "No"}), "conditionvar"
            )
            holder = ET.SubElement(condition, "and") if q.type == "multiple" else condition
            for i, option in enumerate(q.options):
                if option.correct:
                    ET.SubElement(holder, "varequal", respident="response1").text = f"o{i}"
                elif q.type == "multiple":
                    wrong = ET.SubElement(holder, "not")
                    ET.SubElement(wrong, "varequal", respident="response1").text = f"o{i}"
            condition_parent = processing.findall("respcondition")[-1]
            ET.SubElement(condition_parent, "setvar", action="Set", varname="SCORE").text = "100"
        elif q.type == "numeric":
            response = ET.SubElement(
                presentation, "response_str", ident="response1", rcardinality="Single"
            )
            ET.SubElement(
                ET.SubElement(response, "render_fib", fibtype="Decimal"),
                "response_label",
                ident="answer1",
            )
            low, high = q.value - (q.tolerance or 0), q.value + (q.tolerance or 0)
            rule = ET.SubElement(processing, "respcondition", {"continue": "No"})
            condition = ET.SubElement(rule, "conditionvar")
            ET.SubElement(condition, "vargte", respident="response1").text = repr(low)
            ET.SubElement(condition, "varlte", respident="response1").text = repr(high)
            ET.SubElement(rule, "setvar", action="Set", varname="SCORE").text = "100"
        else:
            share = 100 / len(q.steps)
            for n in q.shown_steps():
                lid = ET.SubElement(presentation, "response_lid", ident=f"response_{n}")
                _mattext(lid, q.steps[n])
                choices = ET.SubElement(lid, "render_choice")
                for position in range(len(q.steps)):
                    label = ET.SubElement(choices, "response_label", ident=f"p{position}")
                    _mattext(label, say("quiz.place_label", n=position + 1))
                rule = ET.SubElement(processing, "respcondition")
                condition = ET.SubElement(rule, "conditionvar")
                ET.SubElement(condition, "varequal", respident=f"response_{n}").text = f"p{n}"
                ET.SubElement(rule, "setvar", action="Add", varname="SCORE").text = f"{share:.4f}"
        feedback = ET.SubElement(item, "itemfeedback", ident="general_fb")
        _mattext(ET.SubElement(feedback, "flow_mat"), _feedback(q), "text/html")
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def qti_package(questions: Iterable[QuizQuestion] | None = None) -> bytes:
    """A QTI 1.2 content package (zip: imsmanifest.xml and the assessment), as Canvas imports."""
    ET.register_namespace("", CP_NS)
    manifest = ET.Element("manifest", identifier="hamstring_edu_quiz_manifest", xmlns=CP_NS)
    metadata = ET.SubElement(manifest, "metadata")
    ET.SubElement(metadata, "schema").text = "IMS Content"
    ET.SubElement(metadata, "schemaversion").text = "1.1.3"
    ET.SubElement(manifest, "organizations")
    resources = ET.SubElement(manifest, "resources")
    resource = ET.SubElement(
        resources, "resource", identifier="hamstring_edu_quiz", type="imsqti_xmlv1p2", href=QTI_FILE
    )
    ET.SubElement(resource, "file", href=QTI_FILE)
    ET.indent(manifest)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(
            "imsmanifest.xml",
            '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(manifest, encoding="unicode"),
        )
        zf.writestr(QTI_FILE, qti_xml(questions))
    return buffer.getvalue()


def read_qti_package(data: bytes) -> list[ExportedQuestion]:
    """Parse a QTI package back (its manifest names the assessment); ContentError if unusable."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            manifest = _parse(zf.read("imsmanifest.xml").decode("utf-8"), "imsmanifest.xml")
            resource = manifest.find(f"{{{CP_NS}}}resources/{{{CP_NS}}}resource")
            if resource is None or resource.get("type") != "imsqti_xmlv1p2":
                raise ContentError("the manifest names no QTI 1.2 resource", file="imsmanifest.xml")
            return read_qti_xml(zf.read(resource.get("href", "")).decode("utf-8"))
    except (zipfile.BadZipFile, KeyError) as err:
        raise ContentError(f"not a QTI package: {err}") from None


def read_qti_xml(text: str) -> list[ExportedQuestion]:
    """Parse a QTI 1.2 assessment back into its questions."""
    root = _parse(text, "QTI")
    out = []
    for item in root.iter(_q("item")):
        qid = item.get("ident", "")
        fields = {
            f.findtext(_q("fieldlabel")): f.findtext(_q("fieldentry"))
            for f in item.iter(_q("qtimetadatafield"))
        }
        kind = {v: k for k, v in QTI_TYPES.items()}.get(fields.get("question_type", ""))
        presentation = item.find(_q("presentation"))
        if kind is None or presentation is None:
            raise ContentError("an item without a known question type", field=qid)
        text_ = html.unescape(
            _strip_p(presentation.findtext(f"{_q('material')}/{_q('mattext')}") or "")
        )
        processing = item.find(_q("resprocessing"))
        if kind in ("single", "multiple"):
            right = {v.text for v in processing.iter(_q("varequal"))} - {
                v.text for n in processing.iter(_q("not")) for v in n.iter(_q("varequal"))
            }
            options = tuple(
                (
                    label.findtext(f"{_q('material')}/{_q('mattext')}") or "",
                    label.get("ident") in right,
                )
                for label in presentation.iter(_q("response_label"))
            )
            out.append(ExportedQuestion(qid, kind, text_, options))
        elif kind == "numeric":
            low = float(processing.findtext(f".//{_q('vargte')}") or "nan")
            high = float(processing.findtext(f".//{_q('varlte')}") or "nan")
            out.append(
                ExportedQuestion(
                    qid, kind, text_, answer=(low + high) / 2, tolerance=(high - low) / 2
                )
            )
        else:
            placed = {}
            for lid in presentation.findall(_q("response_lid")):
                step = lid.findtext(f"{_q('material')}/{_q('mattext')}") or ""
                ident = lid.get("ident")
                for equal in processing.iter(_q("varequal")):
                    if equal.get("respident") == ident:
                        placed[int((equal.text or "p0")[1:])] = step
            steps = tuple(placed[i] for i in sorted(placed))
            out.append(ExportedQuestion(qid, kind, text_, steps=steps))
    return out


def _parse(text: str, what: str) -> ET.Element:
    import defusedxml.ElementTree as SafeET
    from defusedxml import DefusedXmlException

    try:
        return SafeET.fromstring(text)
    except ET.ParseError as err:
        raise ContentError(f"not well-formed {what}: {err}") from None
    except DefusedXmlException as err:  # entities, DTDs: never read from an uploaded file
        raise ContentError(f"{what} with a declaration that is refused: {err}") from None


def _need(element: ET.Element, path: str, what: str) -> str:
    value = element.findtext(path)
    if value is None:
        raise ContentError(f"{what}: no <{path}>", field=element.findtext("idnumber") or "")
    return value


def _strip_p(text: str) -> str:
    return text.removeprefix("<p>").removesuffix("</p>")
