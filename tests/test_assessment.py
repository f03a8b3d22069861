"""Self-assessment scoring: red flags never missed, monotone transparent scores, clear errors."""

from __future__ import annotations

import itertools
import json
import re
import shutil
from pathlib import Path

import pytest
from answer_space import all_answers, answer_strategy, answers_for
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from text_copy import edited_texts, refused_text

import hamstring_edu
from hamstring_edu import AnswerError, ContentError, assess, load_content, questionnaire, wording
from hamstring_edu.assessment import LEVELS, answers_from_json, coerce_answer
from hamstring_edu.content import CAUSE_IDS
from hamstring_edu.handouts import assessment_summary_html, report_html

QS = questionnaire()
WARNING = [q for q in QS.questions if q.section in ("urgent_signs", "warning")]
NON_FLAG = [q for q in QS.questions if q not in WARNING]


other_answers = answers_for(NON_FLAG)


# --------------------------------------------------------------------------- red flags

EMERGENCY_QUESTIONS = [q.id for q in QS.in_section("urgent_signs")]


def test_levels_are_one_source_of_truth():
    assert [lvl.id for lvl in QS.levels] == ["emergency", "today", "soon"]
    emergency, today, soon = QS.levels
    assert "emergency number" in emergency.action and "emergency department" in emergency.action
    assert "same-day" in today.action or "today" in today.action
    assert "few days" in soon.time_frame
    for lvl in QS.levels:
        assert lvl.headline and lvl.who and lvl.while_waiting


def test_the_issue_red_flags_are_covered():
    by_level = {lvl: {f.id for f in QS.red_flags if f.level == lvl} for lvl in LEVELS}
    assert by_level["emergency"] == {"cauda_equina", "lung_clot"}
    assert {"clot", "avulsion", "young_sitting_bone", "walking", "unwell"} <= by_level["today"]
    assert {"severe", "blow", "nerve", "back", "rest_pain", "not_improving"} <= by_level["soon"]


def test_a_flags_advice_agrees_with_its_level_and_names_the_right_clinician():
    words = {"emergency": ("now",), "today": ("today", "same day"), "soon": ("few days",)}
    others = {
        "emergency": ("few days", "within a day"),
        "today": ("few days", "within a day"),
        "soon": ("within a day",),
    }
    for f in QS.red_flags:
        text = f.advice.lower()
        assert any(w in text for w in words[f.level]), (f.id, f.advice)
        assert not any(w in text.split("if ")[0] for w in others[f.level]), (f.id, f.advice)
        assert f.who
    doctors_only = {"clot", "unwell", "lung_clot", "walking", "young_sitting_bone", "avulsion"}
    for f in QS.red_flags:
        if f.id in doctors_only:
            assert "physiotherapist" not in f.who, f.id
    assert "not a physiotherapist" in next(f for f in QS.red_flags if f.id == "clot").advice


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rest=other_answers)
def test_every_emergency_pattern_is_an_emergency(rest):
    """Exhaustive over all yes/no patterns of the emergency questions, for random other
    answers: the level is "emergency" exactly when one of them is yes. Zero misses."""
    for pattern in itertools.product([True, False], repeat=len(EMERGENCY_QUESTIONS)):
        answers = {**rest, **dict(zip(EMERGENCY_QUESTIONS, pattern, strict=True))}
        result = assess(answers)
        if any(pattern):
            assert result.level == "emergency" and result.urgent
            assert result.headline.startswith("Emergency: call your local emergency number")
        else:
            assert result.level != "emergency"


@pytest.mark.parametrize("question", [q.id for q in WARNING if q.id != "rf_clot_risk"])
def test_every_warning_question_raises_a_flag_on_its_own(question):
    """A 'yes' to any warning question is never lost (a clot risk factor alone is not a sign)."""
    result = assess({question: True})
    assert result.red_flags and result.level in LEVELS


@settings(max_examples=200, deadline=None)
@given(answers=all_answers)
def test_level_is_the_most_urgent_flag(answers):
    result = assess(answers)
    levels = [f.level for f in result.red_flags]
    assert result.level == (min(levels, key=LEVELS.index) if levels else None)
    assert result.urgent is (result.level in ("emergency", "today"))
    assert list(result.red_flags) == sorted(result.red_flags, key=lambda f: LEVELS.index(f.level))


def _self_care_phrases() -> list[str]:
    """Text that reassures or suggests self-care: never next to an emergency/today flag."""
    content = load_content()
    phrases = [s.text for s in content.solutions] + [s.dose for s in content.solutions if s.dose]
    phrases += [s.name for s in content.solutions if len(s.name.split()) > 1]  # not "Rest"
    phrases += [
        "settles",
        "settle by",
        "fit delayed onset",
        "fits delayed onset",
        "What to try",
        "causes that fit",
        "Most likely",
        "usually settles",
        "Dose:",
        "nothing to worry",
    ]
    return phrases


SELF_CARE = _self_care_phrases()


def _reassurance_in(text: str) -> list[str]:
    """The self-care phrases found in ``text`` (whole words, any case)."""
    return [p for p in SELF_CARE if re.search(rf"\b{re.escape(p)}\b", text, re.IGNORECASE)]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(answers=all_answers)
def test_an_urgent_result_never_reassures_or_suggests_self_care(answers):
    """Over the whole answer space: with an emergency or today flag, nothing in the result,
    its JSON, its report or the printable summary reassures or suggests self-care."""
    result = assess(answers)
    if not result.urgent:
        return
    assert result.recommendations == () and result.patterns == () and result.notes == ()
    assert result.doms_vs_strain.pattern == "not_judged"
    assert [s.id for s in result.report()] == ["now", "flags"]
    for text in (
        result.to_json(),
        report_html(result.report()),
        assessment_summary_html(result),
        result.headline,
    ):
        assert _reassurance_in(text) == [], _reassurance_in(text)


def test_soon_shows_the_causes_only_after_a_clinician():
    result = assess({**SAM, "rf_nerve": True})
    assert result.level == "soon" and not result.urgent
    headings = [s.heading for s in result.report()]
    assert headings[:2] == ["What to do now", "The warning signs you reported"]
    assert any(h.startswith("After a clinician has seen you: the causes") for h in headings)
    assert result.doms_vs_strain.pattern == "not_judged"
    assert "settles" not in result.to_json()
    assert result.to_dict()["result"]["after_a_clinician_has_seen_you"] is True


# One row per vignette: answers, the level expected, flags that must and must not be raised.
SAM = {
    "onset": "next_day",
    "spot": "spread",
    "legs": "both",
    "days_sore": 2,
    "trend": "better",
    "weekly_change_pct": 40,
    "new_intensity": True,
    "rest_days": 0,
    "strength_sessions": 0,
    "warmup": "sometimes",
    "cooldown": "never",
    "stretching": "rarely",
}
STRAIN = {"onset": "sudden_during", "spot": "one_spot", "legs": "one", "where": "middle"}
VIGNETTES = [
    ("ordinary soreness (Sam)", SAM, None, set(), set()),
    (
        "ordinary soreness, all warning signs answered no",
        {**SAM, **{q.id: False for q in QS.questions if q.id.startswith("rf_")}},
        None,
        set(),
        set(),
    ),
    (
        "first-time tightness, no change in training",
        {"onset": "after_run", "tightness": 7, "stretching": "rarely", "trend": "better"},
        None,
        set(),
        set(),
    ),
    (
        "numbness in the saddle area",
        {**SAM, "rf_saddle": True},
        "emergency",
        {"cauda_equina"},
        set(),
    ),
    (
        "new bladder problems with back pain",
        {"rf_bladder_bowel": True, "rf_back": True},
        "emergency",
        {"cauda_equina", "back"},
        set(),
    ),
    ("weakness in both legs", {"rf_both_legs": True}, "emergency", {"cauda_equina"}, set()),
    (
        "breathless with a swollen calf",
        {**SAM, "rf_calf": True, "rf_breathless": True},
        "emergency",
        {"lung_clot", "clot"},
        set(),
    ),
    ("coughing blood", {"rf_cough_blood": True}, "emergency", {"lung_clot"}, set()),
    (
        "fainted after a long flight",
        {"rf_faint": True, "rf_clot_risk": True},
        "emergency",
        {"lung_clot"},
        set(),
    ),
    (
        "swollen warm calf, no injury (Sam plus calf)",
        {**SAM, "rf_calf": True},
        "today",
        {"clot"},
        set(),
    ),
    (
        "swollen calf after a long journey, even after a pop",
        {**STRAIN, "rf_pop": True, "rf_calf": True, "rf_clot_risk": True},
        "today",
        {"clot"},
        set(),
    ),
    (
        "a swollen calf after a pop, no clot risk: still a doctor today (review C1)",
        {**STRAIN, "rf_calf": True, "rf_pop": True, "rf_clot_risk": False},
        "today",
        {"pop", "swollen_after_injury"},
        {"clot"},
    ),
    (
        "swollen thigh after a kick, no clot risk: still a doctor today",
        {"rf_blow": True, "rf_calf": True},
        "today",
        {"blow", "swollen_after_injury"},
        {"clot"},
    ),
    (
        "a blow, and sitting on the sore side hurts: the blow flag's own same-day rule",
        {"rf_blow": True, "sitting_pain": True, "where": "middle"},
        "today",
        {"blow", "blow_sitting"},
        {"avulsion"},
    ),
    (
        "pop with pain at the sitting bone",
        {**STRAIN, "rf_pop": True, "where": "sitting_bone"},
        "today",
        {"avulsion"},
        set(),
    ),
    (
        "pop, then a large bruise days later",
        {**STRAIN, "rf_pop": True, "rf_bruise": True},
        "today",
        {"avulsion", "bruising"},
        {"clot"},
    ),
    (
        "pop and sitting hurts",
        {**STRAIN, "rf_pop": True, "sitting_pain": True},
        "today",
        {"avulsion"},
        set(),
    ),
    (
        "slip into the splits with sitting-bone pain",
        {"rf_slip": True, "where": "sitting_bone"},
        "today",
        {"avulsion"},
        set(),
    ),
    (
        "teenage sprinter, sudden pain at the sitting bone",
        {"age": 15, "onset": "sudden_during", "where": "sitting_bone"},
        "today",
        {"young_sitting_bone"},
        set(),
    ),
    ("adult, sudden pain mid-thigh", {"age": 30, **STRAIN}, None, set(), {"young_sitting_bone"}),
    ("cannot walk properly", {"rf_walking": True}, "today", {"walking"}, set()),
    ("fever with thigh pain", {**SAM, "rf_unwell": True}, "today", {"unwell"}, set()),
    (
        "severe pain, could not take part, sudden, one spot",
        {**STRAIN, "ostrc_pain": "severe", "ostrc_participation": "none"},
        "soon",
        {"severe"},
        set(),
    ),
    ("a pop alone", {"rf_pop": True}, "soon", {"pop"}, {"avulsion"}),
    ("pain below the knee", {"rf_nerve": True}, "soon", {"nerve"}, set()),
    ("back pain with the leg pain", {"rf_back": True}, "soon", {"back"}, set()),
    ("night pain", {"rf_rest_pain": True}, "soon", {"rest_pain"}, set()),
    ("getting worse", {**SAM, "trend": "worse"}, "soon", {"not_improving"}, set()),
    (
        "three weeks and no better",
        {"days_sore": 21, "trend": "same"},
        "soon",
        {"not_improving"},
        set(),
    ),
    ("a fall onto the leg", {"rf_blow": True}, "soon", {"blow"}, set()),
    (
        "tendon pattern (trail runner)",
        {"where": "sitting_bone", "sitting_pain": True, "onset": "gradual_weeks", "age": 44},
        None,
        set(),
        {"avulsion", "young_sitting_bone"},
    ),
    (
        "clot risk factor alone is not a warning sign",
        {**SAM, "rf_clot_risk": True},
        None,
        set(),
        set(),
    ),
]


@pytest.mark.parametrize(
    ("answers", "level", "raised", "not_raised"),
    [v[1:] for v in VIGNETTES],
    ids=[v[0] for v in VIGNETTES],
)
def test_triage_vignettes(answers, level, raised, not_raised):
    result = assess(answers)
    flags = {f.id for f in result.red_flags}
    assert result.level == level
    assert raised <= flags
    assert not (not_raised & flags)
    assert result.headline == (result.triage.headline if level else result.headline)
    if level is None:
        assert not result.headline.startswith(("See a", "Emergency"))


def test_the_vignette_table_covers_every_flag_and_level():
    assert len(VIGNETTES) >= 25
    raised = set().union(*(v[3] for v in VIGNETTES))
    assert raised == {f.id for f in QS.red_flags}
    assert {v[2] for v in VIGNETTES} == {None, *LEVELS}


def test_urgent_result_leads_with_what_to_do_now():
    result = assess({**SAM, "rf_calf": True})
    assert result.urgent and result.level == "today"
    assert result.headline == "See a doctor today: you reported a warning sign."
    (flag,) = result.red_flags
    assert flag.id == "clot" and "nice_ng158" in flag.refs and "physiotherapist" not in flag.who
    now, flags = result.report()
    assert "same-day" in now.intro and any("Do not run" in i.text for i in now.items)
    assert flags.items[0].title == flag.title
    doc = result.to_dict()["result"]
    assert doc["level"] == "today" and "ranking" not in doc and "recommendations" not in doc
    assert doc["what_to_do_now"]["while_waiting"].startswith("Do not run")


# --------------------------------------------------------------------------- patterns


def test_tendon_pattern_leaves_out_static_stretching():
    trail = {
        "where": "sitting_bone",
        "sitting_pain": True,
        "onset": "gradual_weeks",
        "stretching": "rarely",
        "tightness": 8,
    }
    result = assess(trail)
    assert [p.id for p in result.patterns] == ["tendon"]
    assert result.routine_condition == "tendon"
    tight = next(r for r in result.recommendations if r.cause == "tightness")
    assert "static_stretch_after" not in [s.solution.id for s in tight.solutions]
    assert tight.left_out and "tendon pattern" in tight.left_out[0][1]
    assert "goom2016" in result.patterns[0].refs
    page = report_html(result.report())
    assert "proximal hamstring tendinopathy" in page and "Not suggested" in page


def test_a_possible_strain_is_never_told_to_stretch():
    result = assess({**STRAIN, "rf_pop": True, "stretching": "rarely", "tightness": 8})
    assert result.level == "soon"
    for rec in result.recommendations:
        assert "static_stretch_after" not in [s.solution.id for s in rec.solutions]
    assert "Stretch the hamstrings statically" not in result.to_json()


def test_recommendations_show_their_evidence_verdict():
    result = assess(SAM)
    first = result.recommendations[0].solutions[0]
    assert first.verdict == "partly_supported" and first.verdict_label == "Partly supported"
    doc = result.to_dict()["result"]["recommendations"][0]["solutions"][0]
    assert doc["evidence"] == "Partly supported"
    assert "Evidence: Partly supported" in report_html(result.report())


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
    new_value = data.draw(answer_strategy(question).filter(lambda v: v is not None))
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
    assert [s.solution.id for s in result.recommendations[0].solutions] == [
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
        (
            '{ question = "age", below = 18 }',
            '{ question = "rf_pop", below = 18 }',
            r"'young_sitting_bone'.*field 'when'.*below needs a number question",
        ),
        (
            'limits = ["stretching", "squeezing", "first_aid", "build_up"]',
            'limits = ["stretching", "squash"]',
            r"pattern.*'tendon'.*field 'limits'.*unknown limit 'squash'",
        ),
        (
            'exercises = ["walking_lunges", "deadlift", "glute_stretch", "yoga"]',
            'exercises = ["walking_lunges", "deep_squat"]',
            r"limit.*'squeezing'.*field 'exercises'.*unknown id 'deep_squat'",
        ),
        (
            'plans = ["routine", "build_up", "return_to_run"]',
            'plans = ["routine", "marathon"]',
            r"limit.*'running'.*field 'plans'.*unknown id 'marathon'",
        ),
        (
            'plans = ["routine", "build_up", "return_to_run"]',
            'plans = ["build_up", "return_to_run"]',
            r"limit.*'running'.*field 'plans'.*easy_jog must rule out the routine",
        ),
        (
            'recovery = ["heat"]',
            'recovery = ["sauna"]',
            r"limit.*'heat'.*field 'recovery'.*unknown id 'sauna'",
        ),
        (
            'doctor = { headline = "See a doctor within a few days',
            'doctor = { headlines = "See a doctor within a few days',
            r"level.*field 'doctor'.*exactly headline, who, action",
        ),
        (
            'doctor = true\nlimits = ["running", "build_up"]\nwhen = [{ question = "rf_rest_pain"',
            'doctor = true\nwhen = [{ question = "rf_rest_pain"',
            r"red_flag.*'rest_pain'.*field 'limits'.*required field is missing",
        ),
        (
            'level = "emergency"\nwho = "an emergency department"',
            'level = "urgent"\nwho = "an emergency department"',
            r"red_flag.*'cauda_equina'.*field 'level'.*expected one of emergency, today, soon",
        ),
        (
            'id = "soon"\ntitle = "Get it checked within a few days"',
            'id = "today"\ntitle = "Get it checked within a few days"',
            r"duplicate id 'today'",
        ),
        (
            '  { all = [\n    { question = "rf_calf", is = true },',
            '  { all = [], any = [\n    { question = "rf_calf", is = true },',
            r"'clot'.*field 'when'.*takes a non-empty list",
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


# --------------------------------------------------------------------------- the report's words


def test_the_report_is_worded_in_data_text_assessment(tmp_path):
    """Headings and sentences are content (issue 26): an edited data/text/assessment.toml shows."""
    assert wording.texts("assessment")["now_heading"] == "What to do now"
    changes = {"now_heading": "Act now", "flags_heading": "Signs you told us"}
    with edited_texts(tmp_path, "assessment", **changes):
        urgent = [s.heading for s in assess({**SAM, "rf_calf": True}).report()]
        read = assess(STRAIN).doms_vs_strain.summary
    assert urgent == ["Act now", "Signs you told us"]
    assert read == wording.texts("assessment")["read_strain"]
    assert assess({**SAM, "rf_calf": True}).report()[0].heading == "What to do now"


@pytest.mark.parametrize(
    ("key", "text", "why"),
    [
        ("flag_who", "Who to see.", r"not in the text \['who'\]"),
        ("now_heading", "What to do {when}", r"missing \['when'\]"),
        ("who_to_see", "  ", "non-empty text"),
    ],
)
def test_a_broken_report_text_names_file_and_key(tmp_path, key, text, why):
    with refused_text(tmp_path, "assessment", key, text, why):
        assess({**SAM, "rf_calf": True}).report()


@pytest.mark.parametrize(
    ("data", "plain"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "it is not text"),
        ("{oops", "not the answers"),
        ("", "not the answers"),
    ],
)
def test_an_unreadable_file_is_explained_in_plain_words(data, plain):
    """Issue 21: "'utf-8' codec can't decode byte 0x89" for a picture loaded as saved answers."""
    with pytest.raises(AnswerError) as info:
        answers_from_json(data)
    message = str(info.value)
    assert plain in message and "Save answers (JSON)" in message
    for developer in ("codec", "0x89", "utf-8", "Expecting", "char ", "column"):
        assert developer not in message, developer
