"""Self-assessment scoring: red flags never missed, monotone transparent scores, clear errors."""

from __future__ import annotations

import itertools
import json
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import hamstring_edu
from hamstring_edu import AnswerError, ContentError, assess, questionnaire
from hamstring_edu.assessment import answers_from_json, coerce_answer
from hamstring_edu.content import CAUSE_IDS

QS = questionnaire()
RED_FLAG_QUESTIONS = [q.id for q in QS.in_section("warning")]
NON_FLAG = [q for q in QS.questions if q.section != "warning"]


def _answer_strategy(q):
    """Every valid answer of a question, and None (unanswered)."""
    if q.type == "choice":
        values = st.sampled_from([o.value for o in q.options])
    elif q.type == "yesno":
        values = st.booleans()
    elif q.type == "scale":
        values = st.integers(int(q.min), int(q.max))
    else:
        edges = [q.min, q.max, *(b.threshold for b in q.bands)]
        values = st.one_of(
            st.sampled_from(edges),
            st.floats(q.min, q.max, allow_nan=False, allow_infinity=False),
        )
    return st.one_of(st.none(), values)


other_answers = st.fixed_dictionaries({q.id: _answer_strategy(q) for q in NON_FLAG})


# --------------------------------------------------------------------------- red flags


def test_the_issue_red_flags_are_covered():
    flags = {f.id for f in QS.red_flags}
    assert flags == {
        "pop",
        "bruising",
        "walking",
        "nerve",
        "back",
        "clot",
        "unwell",
        "rest_pain",
        "not_improving",
    }


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rest=other_answers)
def test_every_red_flag_combination_is_urgent(rest):
    """Exhaustive over all 2^8 yes/no patterns of the warning questions, for random other answers:
    urgent exactly when a warning answer is yes (or the not-improving rule holds). Zero misses."""
    not_improving = rest["trend"] == "worse" or (
        rest["days_sore"] is not None and rest["days_sore"] >= 14 and rest["trend"] != "better"
    )
    for pattern in itertools.product([True, False], repeat=len(RED_FLAG_QUESTIONS)):
        answers = {**rest, **dict(zip(RED_FLAG_QUESTIONS, pattern, strict=True))}
        result = assess(answers)
        expected = any(pattern) or not_improving
        assert result.urgent is expected
        raised = {f.id for f in result.red_flags}
        for question, flag in zip(
            RED_FLAG_QUESTIONS,
            ["pop", "bruising", "walking", "nerve", "back", "clot", "unwell", "rest_pain"],
            strict=True,
        ):
            assert (flag in raised) is answers[question]
        if expected:
            assert result.headline.startswith("See a doctor or physiotherapist")


@pytest.mark.parametrize(
    ("days", "trend", "urgent"),
    [
        (3, "worse", True),
        (13, "same", False),
        (14, "same", True),
        (14, None, True),  # unanswered trend: be safe
        (30, "better", False),
        (None, "worse", True),
        (None, None, False),
    ],
)
def test_not_improving_after_two_weeks(days, trend, urgent):
    result = assess({"days_sore": days, "trend": trend})
    assert result.urgent is urgent
    assert ("not_improving" in {f.id for f in result.red_flags}) is urgent


def test_urgent_result_leads_with_clinician_advice_whatever_else():
    everything_fine = {
        "onset": "next_day",
        "spot": "spread",
        "trend": "better",
        "ostrc_participation": "full_no_problem",
        "ostrc_volume": "no",
        "ostrc_performance": "no",
        "ostrc_pain": "none",
    }
    result = assess({**everything_fine, "rf_calf": True})
    assert result.urgent
    assert result.headline == "See a doctor or physiotherapist today: you reported a warning sign."
    (flag,) = result.red_flags
    assert flag.id == "clot" and "depenbrock2011" in flag.refs and flag.level == "today"
    soon = assess({**everything_fine, "rf_rest_pain": True})
    assert soon.headline.endswith("soon: you reported a warning sign.")


# --------------------------------------------------------------------------- scores


@settings(max_examples=150, deadline=None)
@given(answers=other_answers)
def test_scores_are_sums_of_contributions_and_in_range(answers):
    result = assess(answers)
    for cause, score in result.ranking:
        assert score == pytest.approx(sum(c.share for c in result.contributions[cause]))
        assert 0 <= score <= 100 + 1e-9
    assert [s for _, s in result.ranking] == sorted((s for _, s in result.ranking), reverse=True)
    assert {c for c, _ in result.ranking} == set(CAUSE_IDS)


@settings(max_examples=200, deadline=None)
@given(answers=other_answers, data=st.data())
def test_monotone_in_each_causes_direction(answers, data):
    """Changing one answer to one that gives a cause at least as many points (or answering an
    unanswered question) never lowers that cause's score."""
    question = data.draw(st.sampled_from(NON_FLAG))
    new_value = data.draw(_answer_strategy(question).filter(lambda v: v is not None))
    before = assess(answers).scores
    after = assess({**answers, question.id: new_value}).scores
    old_effect = question.effect(answers[question.id])
    new_effect = question.effect(new_value)
    for cause in CAUSE_IDS:
        if new_effect.points.get(cause, 0) >= old_effect.points.get(cause, 0):
            assert after[cause] >= before[cause] - 1e-9


def test_maximum_answers_reach_100():
    for cause in CAUSE_IDS:
        answers = {}
        for q in NON_FLAG:
            best = max(q.effects(), key=lambda e: e.points.get(cause, 0))
            if q.type == "choice":
                answers[q.id] = next(o.value for o in q.options if o.effect == best)
            elif q.type == "yesno":
                answers[q.id] = best is q.yes
            elif q.bands:
                band = next(b for b in q.bands if b.effect == best) if best.points else None
                answers[q.id] = band.threshold if band else None
        assert assess(answers).scores[cause] == pytest.approx(100)


def test_a_typical_overuse_story_ranks_overuse_first():
    result = assess(
        {
            "onset": "next_day",
            "weekly_change_pct": 45,
            "new_intensity": True,
            "rest_days": 0,
            "easy_after_hard": False,
        }
    )
    assert result.ranking[0][0] == "overuse"
    assert result.recommendations[0].cause == "overuse"
    assert [s.id for s in result.recommendations[0].solutions] == [
        "gradual_progression",
        "rest_days",
        "cross_train",
    ]
    assert "03_load_progression.ipynb" in result.recommendations[0].notebooks
    shares = {c.question: c.share for c in result.contributions["overuse"]}
    assert shares["weekly_change_pct"] == pytest.approx(100 * 3 / QS.max_points()["overuse"])


def test_partial_answers_lower_completeness_never_error():
    empty = assess({})
    assert empty.completeness == 0 and not empty.urgent and empty.severity is None
    assert all(s == 0 for _, s in empty.ranking) and empty.recommendations == ()
    assert empty.headline.startswith("Answer some questions")
    some = assess({"onset": "next_day", "rest_days": 1})
    assert 0 < some.completeness < 0.1
    assert assess({q.id: None for q in QS.questions}).completeness == 0


# --------------------------------------------------------------------------- severity and pattern


@pytest.mark.parametrize(
    ("answers", "score", "substantial"),
    [
        (("full_no_problem", "no", "no", "none"), 0, False),
        (("full_with_problem", "minor", "minor", "mild"), 28, False),
        (("reduced", "moderate", "minor", "moderate"), 53, True),
        (("none", "none", "none", "severe"), 100, True),
    ],
)
def test_ostrc_severity(answers, score, substantial):
    keys = ("ostrc_participation", "ostrc_volume", "ostrc_performance", "ostrc_pain")
    result = assess(dict(zip(keys, answers, strict=True)))
    assert result.severity == score
    assert result.substantial is substantial


def test_severity_needs_all_four():
    assert assess({"ostrc_pain": "severe"}).severity is None


def test_doms_versus_strain():
    doms = assess({"onset": "next_day", "spot": "spread", "legs": "both", "trend": "better"})
    assert doms.doms_vs_strain.pattern == "doms"
    assert any("next day" in r for r in doms.doms_vs_strain.reasons)
    strain = assess({"onset": "sudden_during", "spot": "one_spot", "legs": "one"})
    assert strain.doms_vs_strain.pattern == "strain"
    assert assess({}).doms_vs_strain.pattern == "unclear"


def test_notes_cadence_and_previous_injury():
    result = assess({"cadence_spm": 160, "previous_injury": True})
    text = " ".join(result.notes)
    assert "168-176" in text and "heiderscheit2011" in text and "green2020" in text


# --------------------------------------------------------------------------- bad answers


@pytest.mark.parametrize(
    ("answers", "message"),
    [
        ({"nope": 1}, r"question 'nope'.*unknown question id"),
        ({"rest_days": 9}, r"question 'rest_days'.*out of range; expected 0 to 7 days per week"),
        ({"rest_days": "two"}, r"question 'rest_days'.*expected a number"),
        ({"rest_days": True}, r"question 'rest_days'.*expected a number"),
        ({"tightness": 4.5}, r"question 'tightness'.*whole number"),
        ({"onset": "yesterday"}, r"question 'onset'.*not an option; expected one of"),
        ({"rf_pop": "yes"}, r"question 'rf_pop'.*expected true or false"),
        ({"weekly_change_pct": float("nan")}, r"question 'weekly_change_pct'.*expected a number"),
    ],
)
def test_bad_answers_name_the_question(answers, message):
    with pytest.raises(AnswerError, match=message):
        assess(answers)


def test_answers_must_be_a_mapping():
    with pytest.raises(AnswerError, match="mapping"):
        assess(["onset"])


def test_coerce_answer_reads_what_people_type():
    assert coerce_answer("weekly_change_pct", " 25,5 ") == 25.5
    assert coerce_answer("weekly_change_pct", "") is None
    assert coerce_answer("rf_pop", "Yes") is True
    assert coerce_answer("tightness", "7") == 7
    with pytest.raises(AnswerError, match=r"weekly_change_pct.*expected a number"):
        coerce_answer("weekly_change_pct", "lots")


# --------------------------------------------------------------------------- JSON


def test_json_round_trip():
    answers = {"onset": "next_day", "weekly_change_pct": 35.0, "rf_pop": False, "tightness": 6}
    result = assess(answers)
    doc = json.loads(result.to_json())
    assert doc["result"]["ranking"][0]["cause"] == result.ranking[0][0]
    assert answers_from_json(result.to_json()) == answers
    assert assess(answers_from_json(result.to_json())).ranking == result.ranking


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{not json", "not a valid JSON"),
        ('{"answers": {}}', "not a hamstring-edu self-assessment file"),
        (
            '{"format": "hamstring-edu-assessment", "version": 1, "answers": {"onset": "x"}}',
            "question 'onset'",
        ),
    ],
)
def test_bad_json_is_explained(text, message):
    with pytest.raises(AnswerError, match=message):
        answers_from_json(text)


# --------------------------------------------------------------------------- the questionnaire file


def test_questionnaire_covers_the_topics():
    ids = {q.id for q in QS.questions}
    assert {
        "onset",
        "spot",
        "legs",
        "weekly_change_pct",
        "new_intensity",
        "rest_days",
        "strength_sessions",
        "heel_strike",
        "overstride",
        "cadence_spm",
        "tightness",
        "knee_extension_test",
        "warmup",
        "cooldown",
        "run_when_sore",
    } <= ids
    assert len([q for q in QS.questions if q.ostrc]) == 4
    assert all(q.why for q in QS.questions)
    assert hamstring_edu.questionnaire is questionnaire
    assert len(QS.frame()) == len(QS.questions)


@pytest.fixture
def qfile(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    shutil.copytree(Path(QS.source).parent, folder)
    return folder / "questionnaire.toml"


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            "points = { technique = 3 }",
            "points = { technik = 3 }",
            r"'overstride'.*unknown id 'technik'",
        ),
        (
            'refs = ["bertiche2021"]\nyes',
            'refs = ["nobody2020"]\nyes',
            r"'rf_pop'.*field 'refs'.*nobody2020",
        ),
        (
            '{ question = "rf_calf", is = true }',
            '{ question = "rf_calve", is = true }',
            r"red_flag.*'clot'.*field 'when'.*unknown question 'rf_calve'",
        ),
        (
            "{ at_least = 30, points = { overuse = 3 } }",
            "{ at_least = 30, points = { overuse = 0 } }",
            r"'weekly_change_pct'.*field 'bands'.*fewer points",
        ),
        (
            'section = "recovery"\ntype = "yesno"',
            'section = "sleep"\ntype = "yesno"',
            r"field 'section'.*unknown section 'sleep'",
        ),
        (
            'label = "Mild pain", score = 8',
            'label = "Mild pain", score = 80',
            r"'ostrc_pain'.*score from 0 to 25",
        ),
        (
            '{ question = "trend", is = "worse" }',
            '{ question = "trend", is = "terrible" }',
            r"'not_improving'.*field 'when'.*not an option",
        ),
    ],
)
def test_bad_questionnaire_edits_name_file_entry_and_field(qfile, old, new, message):
    text = qfile.read_text()
    assert old in text
    qfile.write_text(text.replace(old, new, 1))
    with pytest.raises(ContentError, match=message) as info:
        questionnaire(qfile.parent)
    assert info.value.where["file"] == qfile
