"""The question bank, grading, attempts and results: validated content, real recomputation."""

from __future__ import annotations

import json
import math
import re
import shutil
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import hamstring_edu as he
from hamstring_edu.content import load_content
from hamstring_edu.errors import AnswerError, ContentError, OptionError
from hamstring_edu.quiz import (
    QuizAttempt,
    class_scores,
    grade,
    load_quiz,
    parse_number,
    question_difficulty,
    read_results,
)
from hamstring_edu.teaching import notebook_sections

DATA = Path(__file__).resolve().parents[1] / "data"


@pytest.fixture(scope="module")
def bank():
    return load_quiz()


def test_the_bank_has_forty_questions_of_every_type_over_the_notebooks(bank):
    assert len(bank.questions) >= 40
    assert {q.type for q in bank.questions} == {"single", "multiple", "numeric", "order"}
    assert len(bank.notebooks) >= 9  # 01-10, all but the start page
    assert len({q.id for q in bank.questions}) == len(bank.questions)


def test_every_cited_section_is_a_heading_of_its_notebook(bank):
    for q in bank.questions:
        assert q.section in notebook_sections(q.notebook), (q.id, q.section)


def test_exactly_the_right_answers_are_marked(bank):
    for q in bank.questions:
        if q.type == "single":
            assert len(q.correct) == 1, q.id
        if q.type == "multiple":
            assert 1 <= len(q.correct) < len(q.options), q.id
        if q.type == "numeric":
            assert q.tolerance and q.tolerance > 0, q.id
        if q.type == "order":
            assert len(set(q.steps)) == len(q.steps) >= 3, q.id


def test_every_reference_is_verified_and_every_citation_listed(bank):
    known = {r.id for r in load_content().references}
    for q in bank.questions:
        assert set(q.refs) <= known, q.id
        for cited in re.findall(r"\(([a-z_]+\d{4}[a-z]*)\)", q.explanation):
            assert cited in q.refs, (q.id, cited)


def test_a_stated_number_is_reported_by_the_cited_reference(bank):
    content = load_content()
    literal = [q for q in bank.questions if q.type == "numeric" and q.answer is not None]
    assert literal
    for q in literal:
        findings = " ".join(content.reference(r).finding for r in q.refs)
        assert f"{q.answer:g}" in findings, q.id


def test_van_dyk_and_buist_are_read_exactly_as_in_the_references():
    nordic = he.reported_ratio("vandyk2019")
    assert (nordic.ratio, nordic.low, nordic.high) == (0.49, 0.32, 0.74)
    from hamstring_edu.effect_sizes import reported_percentages

    assert reported_percentages("buist2008") == (20.8, 20.3)


def test_computed_answers_are_recomputed_from_the_case_data(bank):
    """Each numeric answer computed from a case equals the same number worked out here, by
    hand, from the case's daily km in data/cases.toml (not from the library's result)."""
    import tomllib

    cases = {c["id"]: c for c in tomllib.loads((DATA / "cases.toml").read_text())["case"]}

    def by_hand(case_id: str, fact: str) -> float:
        km = cases[case_id]["log"]["km"]
        chronic = cases[case_id]["log"].get("chronic_days", 28)
        week, before = km[-7:], km[-14:-7]
        if fact == "week_change_pct":
            return 100 * (sum(week) - sum(before)) / sum(before)
        if fact == "acwr_rolling":
            return (sum(week) / 7) / (sum(km[-chronic:]) / chronic)
        if fact == "monotony":
            mean = sum(week) / 7
            return mean / math.sqrt(sum((x - mean) ** 2 for x in week) / 6)
        if fact in ("acwr_ewma", "tsb"):

            def smooth(k, seed):
                state, out = seed, []
                for load in km:
                    state = state + k * (load - state)
                    out.append(state)
                return out

            if fact == "acwr_ewma":
                return smooth(2 / 8, km[0])[-1] / smooth(2 / (chronic + 1), km[0])[-1]
            ctl = smooth(1 - math.exp(-1 / 42), 0.0)
            atl = smooth(1 - math.exp(-1 / 7), 0.0)
            return ctl[-2] - atl[-2]
        raise AssertionError(fact)

    log_facts = {"week_change_pct", "acwr_rolling", "monotony", "acwr_ewma", "tsb"}
    checked = 0
    for q in bank.questions:
        if q.compute and q.compute.startswith("case.") and q.compute.split(".")[2] in log_facts:
            _, case_id, fact = q.compute.split(".")
            assert q.value == pytest.approx(by_hand(case_id, fact), rel=1e-9), q.id
            checked += 1
    assert checked >= 7
    assert bank.question("priya_plan_weeks").value == len(
        he.plan_progression(16, 35, max_increase=0.10, recovery_week_every=4)
    )
    assert bank.question("sue_talk_count").value == len(he.run_case("team_monday").week.talk_to)


def test_study_answers_follow_from_the_reported_numbers(bank):
    assert bank.question("nordic_reduction").value == pytest.approx(51)
    assert bank.question("ci_smallest_reduction").value == pytest.approx(26)
    assert bank.question("ci_largest_reduction").value == pytest.approx(68)
    assert bank.question("buist_difference").value == pytest.approx(0.5)
    assert bank.question("buist_ratio").value == pytest.approx(20.8 / 20.3)
    assert bank.question("absolute_difference").value == pytest.approx(13.1 - 3.8)


# --------------------------------------------------------------------------- grading


def test_grading_each_type(bank):
    single = bank.question("clot_who_when")
    assert grade(single, single.correct[0]).correct is True
    assert grade(single, 0).correct is False
    assert grade(single, single.options[1].text).correct is True
    multiple = bank.question("emergency_signs")
    assert grade(multiple, list(multiple.correct)).correct is True
    assert grade(multiple, list(multiple.correct)[:-1]).correct is False  # one missing
    assert grade(multiple, [*multiple.correct, 1]).correct is False  # one wrong added
    order = bank.question("levels_in_order")
    assert grade(order, [0, 1, 2]).correct is True
    assert grade(order, list(order.shown_steps())).correct is False
    numeric = bank.question("calc_week_change")
    right = numeric.value
    assert grade(numeric, right + 0.49).correct is True
    assert grade(numeric, right + 0.6).correct is False
    assert grade(numeric, f"{right:.1f}".replace(".", ",")).correct is True
    assert grade(numeric, f"{right:.1f} %").correct is True


def test_feedback_explains_and_links_the_section(bank):
    q = bank.question("ci_smallest_reduction")
    feedback = grade(q, 10)
    assert feedback.correct is False and feedback.expected == "26 %"
    assert "vandyk2019" in feedback.text and "notebook 08" in feedback.text
    assert q.link == ("08_reading_the_evidence.ipynb#A-risk-ratio-and-its-confidence-interval")
    assert 'href="08_reading_the_evidence.ipynb#A-risk-ratio' in feedback._repr_html_()
    assert "Worked solution" in feedback.text  # how to get there


@pytest.mark.parametrize(
    ("question", "response", "message"),
    [
        ("clot_who_when", None, "choose or type an answer first"),
        ("clot_who_when", 9, "not one of the options"),
        ("calc_week_change", "about thirty", "is not a number"),
        ("levels_in_order", [0, 0, 1], "use each of the 3 steps exactly once"),
        ("emergency_signs", [], "choose or type an answer first"),
    ],
)
def test_unusable_answers_say_what_is_wrong(bank, question, response, message):
    with pytest.raises(AnswerError, match=message) as info:
        grade(bank.question(question), response)
    assert info.value.where["question"] == question


def test_parse_number():
    assert parse_number(" -2,29 ") == -2.29
    assert parse_number("27 %") == 27
    for bad in ("1e999", "nan", True, "", "1.2.3"):
        with pytest.raises(AnswerError):
            parse_number(bad)


def test_check_answer_for_hand_calculations(bank):
    waiting = he.check_answer("calc_monotony", None)
    assert waiting.correct is None and "Worked" not in waiting.text
    right = he.check_answer("calc_monotony", round(bank.question("calc_monotony").value, 2))
    assert right.correct is True
    assert right.worked is not None and right.worked.value == pytest.approx(
        bank.question("calc_monotony").value
    )
    assert "Standard deviation" in right.text
    with pytest.raises(OptionError, match="unknown question"):
        he.check_answer("no_such_question", 1)


def test_rounded_givens_still_count_as_right(bank):
    """A student who uses the table's 3-decimal values lands within the tolerance."""
    from hamstring_edu.hand_calculations import given_table

    table = given_table("three_weeks")
    km = table["km"].tolist()
    ea, ec = float(table["EWMA 7 d"].iloc[-2]), float(table["EWMA 21 d"].iloc[-2])
    ratio = (0.25 * km[-1] + 0.75 * ea) / (2 / 22 * km[-1] + (1 - 2 / 22) * ec)
    assert grade(bank.question("calc_acwr_ewma"), ratio).correct
    ctl, atl = float(table["CTL"].iloc[-3]), float(table["ATL"].iloc[-3])
    kc, ka = 1 - math.exp(-1 / 42), 1 - math.exp(-1 / 7)
    tsb = (ctl + kc * (km[-2] - ctl)) - (atl + ka * (km[-2] - atl))
    assert grade(bank.question("calc_tsb"), round(tsb, 2)).correct


# --------------------------------------------------------------------------- validation


def _bank_with(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "quiz.toml"
    path.write_text(text)
    return path


BASE = """
[[question]]
id = "q1"
notebook = "08_reading_the_evidence"
section = "Kinds of study"
explanation = "Because."
text = "Which?"
"""


@pytest.mark.parametrize(
    ("body", "field", "message"),
    [
        (
            'type = "single"\noptions = [{ text = "a", correct = true }, '
            '{ text = "b", correct = true }]',
            "options",
            "exactly one marked correct",
        ),
        (
            'type = "multiple"\noptions = [{ text = "a", correct = true }, '
            '{ text = "b", correct = true }, { text = "c", correct = true }]',
            "options",
            "at least one correct and one wrong",
        ),
        (
            'type = "numeric"\ncompute = "study.vandyk2019.reduction_pct"',
            "tolerance",
            "needs a tolerance",
        ),
        (
            'type = "numeric"\nanswer = 42\ntolerance = 1\nrefs = ["vandyk2019"]',
            "answer",
            "must be a number that a cited reference reports",
        ),
        (
            'type = "numeric"\nanswer = 0.49\ncompute = "study.vandyk2019.ratio"\ntolerance = 1\n'
            'refs = ["vandyk2019"]',
            "answer",
            "not both",
        ),
        (
            'type = "numeric"\ncompute = "case.nobody.week_change_pct"\ntolerance = 1',
            "compute",
            "unknown case",
        ),
        (
            'type = "single"\noptions = [{ text = "a", correct = true }, { text = "b" }]\n'
            'refs = ["smith1999"]',
            "refs",
            "unknown reference id 'smith1999'",
        ),
        ('type = "order"\nsteps = ["a", "b"]', "steps", "3-7 different steps"),
    ],
)
def test_a_bad_question_is_refused_with_where_and_why(tmp_path, body, field, message):
    path = _bank_with(tmp_path, BASE + body + "\n")
    with pytest.raises(ContentError, match=message) as info:
        load_quiz(path)
    assert info.value.where["field"] == field
    assert "q1" in info.value.where["entry"]


def test_an_unknown_section_or_uncited_reference_is_refused(tmp_path):
    wrong_section = BASE.replace("Kinds of study", "Kinds of studies")
    body = 'type = "single"\noptions = [{ text = "a", correct = true }, { text = "b" }]\n'
    with pytest.raises(ContentError, match="has no section 'Kinds of studies'"):
        load_quiz(_bank_with(tmp_path, wrong_section + body))
    cited = BASE.replace('"Because."', '"As shown (vandyk2019)."')
    with pytest.raises(ContentError, match="list it in refs too"):
        load_quiz(_bank_with(tmp_path, cited + body))


def test_the_shipped_file_still_loads_from_a_copy(tmp_path):
    copy = tmp_path / "quiz.toml"
    shutil.copy(DATA / "quiz.toml", copy)
    assert len(load_quiz(copy).questions) == len(load_quiz().questions)


# --------------------------------------------------------------------------- attempts


def _clock():
    from datetime import UTC, datetime

    return datetime(2026, 11, 25, 10, 0, tzinfo=UTC)


def test_an_attempt_scores_first_answers_and_reviews_mistakes(bank):
    questions = bank.select(notebook="08_reading_the_evidence")[:4]
    attempt = QuizAttempt(questions, student="ana", title="evidence", clock=_clock)
    design, meta, ratio, smallest = questions
    assert attempt.check(design.id, design.correct[0]).correct
    assert not attempt.check(meta.id, 0).correct
    attempt.check(meta.id, meta.correct[0])  # a second try in the first pass does not count
    assert not attempt.check(ratio.id, 0).correct
    assert attempt.check(smallest.id, "26").correct
    assert attempt.finished and attempt.score == 2
    assert [q.id for q in attempt.start_review()] == [meta.id, ratio.id]
    attempt.check(ratio.id, ratio.correct[0])
    assert attempt.score == 2  # the review never changes the score
    assert attempt.summary() == ("You scored 2 of 4 (50%). In the review you put 1 of 1 right.")
    frame = attempt.results_frame()
    assert list(frame["pass"]) == ["first"] * 5 + ["review"]
    assert frame.loc[0, "notebook"] == "08_reading_the_evidence"


def test_results_export_as_csv_and_json_and_read_back(bank, tmp_path):
    questions = bank.select(notebook="07_anatomy_primer")[1:3]
    for student, answers in (("ana", [questions[0].correct[0], 1]), ("ben", [0, 1])):
        attempt = QuizAttempt(questions, student=student, clock=_clock)
        for q, a in zip(questions, answers, strict=True):
            attempt.check(q.id, a)
        (tmp_path / f"{student}.json").write_text(attempt.to_json())
        (tmp_path / f"{student}.csv").write_text(attempt.to_csv())
    doc = json.loads((tmp_path / "ana.json").read_text())
    assert doc["format"] == "hamstring-edu-quiz-results"
    assert (doc["student"], doc["score"], doc["total"]) == ("ana", 1, 2)
    assert (tmp_path / "ana.csv").read_text().splitlines()[0].startswith("student,quiz,question")
    results = read_results(tmp_path)
    assert len(results) == 8  # 2 answers x 2 students x 2 formats
    scores = class_scores(results).set_index("file")
    assert scores.loc["ana.json", "right"] == scores.loc["ana.csv", "right"] == 1
    assert scores.loc["ben.csv", "right"] == 0
    hardest = question_difficulty(results)
    assert hardest.iloc[0]["right_pct"] == 0
    (tmp_path / "notes.json").write_text('{"hello": 1}')
    with pytest.raises(ContentError, match=r"notes\.json.*not a quiz results file"):
        read_results(tmp_path)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.booleans(), min_size=1, max_size=8))
def test_the_score_is_the_count_of_right_first_answers(rights):
    questions = [q for q in load_quiz().questions if q.type == "single"][: len(rights)]
    attempt = QuizAttempt(questions)
    for q, right in zip(questions, rights, strict=False):
        answer = q.correct[0] if right else (q.correct[0] + 1) % len(q.options)
        attempt.check(q.id, answer)
    assert attempt.score == sum(rights[: len(questions)])
    assert len(attempt.mistakes()) == len(questions) - attempt.score
    if attempt.score == len(questions):
        with pytest.raises(OptionError, match="no mistakes"):
            attempt.start_review()


def test_the_feedback_and_the_score_are_worded_in_data_text(bank, monkeypatch):
    """What the quiz says is read from data/text/quiz.toml: a changed text shows up as it is."""
    from hamstring_edu import wording

    real = wording.texts

    def texts(subject):
        table = dict(real(subject))
        if subject == "quiz":
            table.update(right="Well done.", score="{score}/{total} ({share}%).")
        return table

    monkeypatch.setattr(wording, "texts", texts)
    q = next(q for q in bank.questions if q.type == "single")
    feedback = grade(q, q.correct[0])
    assert feedback.message == "Well done." and feedback.text.startswith("Well done. Your answer:")
    attempt = QuizAttempt([q])
    attempt.check(q.id, q.correct[0])
    assert attempt.summary() == "1/1 (100%)."


def test_a_worked_solution_fills_the_templates_of_data_text_with_its_numbers():
    """The lines' words are data/text/hand_calculations.toml's; the numbers and their decimals are
    the library's (the shipped text gives the notebook's lines exactly)."""
    from hamstring_edu import wording
    from hamstring_edu.hand_calculations import worked_solution

    sol = worked_solution("case.three_weeks.week_change_pct")
    template = wording.texts("hand_calculations")["change"]
    assert template.startswith("Change = 100 x ({this} - {last}) / {last}")
    this, last = (float(x) for x in re.findall(r"\((\S+) - (\S+)\)", sol.steps[-1])[0])
    value = f"{sol.value:.1f}"
    assert sol.steps[-1] == template.format(this=f"{this:g}", last=f"{last:g}", value=value)
    assert repr(sol).splitlines()[0] == "Worked solution: Weekly change"
    assert repr(sol).splitlines()[-1] == f"  Answer: {sol.answer}"
