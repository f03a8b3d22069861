"""The case vignettes: each runs through the library and shows what its story teaches."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from text_copy import edited_texts, refused_text

import hamstring_edu as he
from hamstring_edu.cases import _load, case_card, case_fact, cases_frame, check_cases, load_cases
from hamstring_edu.errors import ContentError
from hamstring_edu.hand_calculations import LOG_FACTS, ewma, fitness, worked_solution
from hamstring_edu.load import load_metrics

DATA = Path(__file__).resolve().parents[1] / "data"


def test_seven_vignettes_beyond_sam_and_a_log_to_calculate():
    ids = [c.id for c in load_cases()]
    assert len(ids) >= 7 and "sam" not in ids
    for wanted in (
        "novice_half",
        "masters_previous_strain",
        "teen_sprinter",
        "trail_tendon",
        "team_monday",
        "acwr_trap",
        "three_weeks",
    ):
        assert wanted in ids
    assert len(cases_frame()) == len(ids)


def test_every_case_still_shows_what_it_teaches():
    check_cases()  # raises ContentError naming every case whose result changed


def test_the_teenage_sprinter_reaches_the_urgent_today_path_through_the_real_flags():
    run = he.run_case("teen_sprinter")
    result = run.assessment
    assert result.level == "today" and result.urgent
    raised = {f.id for f in result.red_flags}
    assert {"young_sitting_bone", "avulsion"} <= raised
    assert result.recommendations == () and result.doms_vs_strain.pattern == "not_judged"
    without_age = he.assess({**run.case.answers, "age": 25})
    assert "young_sitting_bone" not in {f.id for f in without_age.red_flags}


def test_the_trail_runner_raises_the_tendon_pattern_and_loses_the_stretch():
    run = he.run_case("trail_tendon")
    assert "tendon" in run.facts["patterns"] and run.facts["level"] == "soon"
    assert run.facts["routine_condition"] == "tendon"
    assert "hamstring_stretch" not in set(run.routine["exercise"])
    sudden = he.assess({**run.case.answers, "onset": "sudden_during"})
    assert "tendon" not in {p.id for p in sudden.patterns}  # the pattern needs a gradual onset


def test_the_team_of_ten_comes_from_the_journal_export():
    run = he.run_case("team_monday")
    assert run.facts["athletes"] == 10
    assert run.facts["talk_to"][0] == "dev"  # a saved self-assessment outranks the numbers
    assert run.facts["ratio_ben"] > 1.5


def test_the_ratio_looks_safe_while_the_weekly_change_does_not():
    facts = he.run_case("acwr_trap").facts
    km = tomllib.loads((DATA / "cases.toml").read_text())
    log = next(c for c in km["case"] if c["id"] == "acwr_trap")["log"]["km"]
    week, before = sum(log[-7:]), sum(log[-14:-7])
    assert facts["week_change_pct"] == pytest.approx(100 * (week - before) / before)
    assert facts["acwr_rolling"] == pytest.approx((week / 7) / (sum(log[-28:]) / 28))
    assert 0.8 <= facts["acwr_rolling"] <= 1.3 and facts["zone"] == "0.8-1.3"
    assert facts["week_change_pct"] > 30 and facts["spike"]


def test_a_case_answer_agrees_with_its_own_log():
    run = he.run_case("novice_half")
    assert run.case.answers["weekly_change_pct"] == round(run.facts["week_change_pct"])
    assert run.facts["read"] == "doms" and run.facts["level"] == "none"


def test_the_clot_case_sends_to_a_doctor_today_and_breathlessness_to_the_emergency():
    run = he.run_case("long_haul_calf")
    assert run.facts["flags"] == ("clot",)
    assert "doctor" in run.assessment.red_flags[0].who
    worse = he.assess({**run.case.answers, "rf_breathless": True})
    assert worse.level == "emergency"


def test_case_cards_tell_the_story_and_the_result():
    text = repr(case_card("teen_sprinter"))
    assert "Maya, 16" in text and "Warning level: today" in text
    assert "Causes that fit best" not in text  # nothing that could reassure on an urgent page
    html = case_card("acwr_trap")._repr_html_()
    assert "zone 0.8-1.3" in html and "+150%" in html


def test_case_fact_names_what_exists():
    with pytest.raises(ContentError, match="has no fact 'nope'"):
        case_fact("acwr_trap", "nope")


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        (("answers = { age = 16,", "answers = { age = 'sixteen',"), "answers", "age"),
        (('section = "Maya: a teenage', 'section = "Maya: a teen'), "section", "has no section"),
        (('refs = ["calderazzi2018",', 'refs = ["calderazzi2019",'), "refs", "calderazzi2019"),
        (("km = [\n  0, 6, 0, 8", "km = [\n  -1, 6, 0, 8"), "log", "daily distances"),
    ],
)
def test_a_bad_case_is_refused_with_where_and_why(tmp_path, change, field, message):
    text = (DATA / "cases.toml").read_text()
    assert change[0] in text
    path = tmp_path / "cases.toml"
    path.write_text(text.replace(change[0], change[1], 1))
    with pytest.raises(ContentError, match=message) as info:
        _load(path, 0)
    assert info.value.where["field"] == field


@pytest.mark.parametrize("case_id", ["three_weeks", "acwr_trap", "novice_half"])
@pytest.mark.parametrize("fact", LOG_FACTS)
def test_worked_solutions_give_the_librarys_number(case_id, fact):
    worked = worked_solution(f"case.{case_id}.{fact}")
    assert worked.value == pytest.approx(case_fact(case_id, fact), rel=1e-12, abs=1e-12)
    assert worked.steps and worked.answer in repr(worked)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(0, 30), min_size=28, max_size=50))
def test_the_pencil_recursions_match_load_metrics(km):
    import pandas as pd

    log = pd.DataFrame(
        {
            "athlete": "x",
            "date": pd.date_range("2025-01-06", periods=len(km)),
            "distance_km": [float(v) for v in km],
        }
    )
    last = load_metrics(log, ewma_mask=False).iloc[-1]
    floats = [float(v) for v in km]
    assert ewma(floats, 7)[-1] == pytest.approx(last["ewma_acute"], rel=1e-9, abs=1e-9)
    assert ewma(floats, 28)[-1] == pytest.approx(last["ewma_chronic"], rel=1e-9, abs=1e-9)
    ctl, atl = fitness(floats, 42), fitness(floats, 7)
    assert ctl[-1] == pytest.approx(last["ctl"], rel=1e-9, abs=1e-9)
    assert ctl[-2] - atl[-2] == pytest.approx(last["tsb"], rel=1e-9, abs=1e-9)


def test_a_case_card_is_worded_in_data_text_cases(tmp_path):
    """The card's headings and the findings' words come from data/text/cases.toml (issue 26)."""
    shipped = case_card("novice_half").items
    assert [head for head, _ in shipped[:2]] == ["Who", "Story"]
    changes = {"who": "Runner", "plan_result": "{weeks} weeks, then {km:g} km"}
    with edited_texts(tmp_path, "cases", **changes):
        items = dict(case_card("novice_half").items)
    facts = he.run_case("novice_half").facts
    assert "Runner" in items and "Who" not in items
    assert items["A 10% plan to the target"] == (
        f"{facts['plan_weeks']} weeks, then {facts['plan_final_km']:g} km"
    )
    assert case_card("novice_half").items == shipped


def test_a_broken_case_text_names_file_and_key(tmp_path):
    with refused_text(tmp_path, "cases", "talk_to", "Talk to {athlete}", r"not in .*'urgency'"):
        case_card("team_monday")
