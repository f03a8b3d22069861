"""A warning sign governs every page: what a raised flag or pattern rules out, no consumer offers.

Issue 20 and the content review of 2026-12-02 (C1, H1, H2, M1, M4): an answered sign never
vanishes, and whatever a sign says (do not run, do not stretch, see a doctor), no suggestion,
routine, plan, recovery row, summary, JSON or app page contradicts it.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta

import pandas as pd
import pytest
from answer_space import all_answers
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from text_copy import edited_texts, refused_text

from hamstring_edu import PlanError, assess, load_content, questionnaire
from hamstring_edu.errors import OptionError
from hamstring_edu.handouts import journey_summary_html
from hamstring_edu.limits import NO_LIMITS, PLANS, RECOVERY_ROWS
from hamstring_edu.progression import plan_progression
from hamstring_edu.recovery import (
    CATEGORIES,
    CRITERIA,
    recovery_handout_html,
    recovery_offer,
    recovery_plan,
    return_to_run,
)
from hamstring_edu.routines import build_routine, routine_refusal, weekly_strength_plan

QS = questionnaire()
CONTENT = load_content()
SIGN_QUESTIONS = [
    q
    for q in QS.questions
    if q.section in ("urgent_signs", "warning") and q.type == "yesno" and not q.risk_factor
]
NOW = "2026-12-02T18:00"


def _flag_directions() -> list[tuple[str, object]]:
    """Every (question, answer) that is on its own a condition of some flag: the answers that
    point at a warning sign."""
    found = []
    for flag in QS.red_flags:
        for condition in flag.when:
            if "question" in condition and "is" in condition:
                found.append((condition["question"], condition["is"]))
    found += [(q.id, True) for q in SIGN_QUESTIONS]
    return sorted(set(found), key=str)


FLAG_DIRECTIONS = _flag_directions()


# --------------------------------------------------------------------------- the data


def test_every_flag_and_pattern_states_its_limits():
    for source in (*QS.red_flags, *QS.patterns):
        assert source.limits, f"{source.id} rules nothing out"
    urgent = [f for f in QS.red_flags if f.level in ("emergency", "today")]
    for f in urgent:  # an urgent sign: nothing to do but be seen
        lim = QS.limits_for([f])
        assert all(lim.plan(p) for p in PLANS), f.id
    for flag_id in ("pop", "bruising", "blow"):  # a sign of a tear rules out running
        assert QS.limits_for([f for f in QS.red_flags if f.id == flag_id]).plan("routine")
    tendon = QS.condition_limits("tendon")
    assert tendon.plan("recovery_plan") and not tendon.plan("routine")
    strain = QS.condition_limits("strain")
    assert strain.plan("routine") and strain.plan("build_up") and not strain.plan("recovery_plan")


def test_limits_name_only_what_exists():
    assert set(RECOVERY_ROWS) <= set(CATEGORIES)
    exercises = {e.id for e in CONTENT.exercises}
    solutions = {s.id for s in CONTENT.solutions}
    for lim in QS.limits:
        assert set(lim.exercises) <= exercises and set(lim.solutions) <= solutions
        assert set(lim.plans) <= set(PLANS) and lim.title and lim.text
    with pytest.raises(ValueError, match="unknown plan"):
        NO_LIMITS.plan("marathon")


# --------------------------------------------------------------------------- never vanishes


@pytest.mark.parametrize(("question", "value"), FLAG_DIRECTIONS, ids=str)
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rest=all_answers)
def test_an_answered_sign_is_never_silenced_by_another_answer(question, value, rest):
    """Over the whole answer space: every answer in a flag's direction raises a flag."""
    result = assess({**rest, question: value})
    assert result.red_flags and result.level, (question, value)
    if question == "rf_calf":  # review C1: a swollen, warm leg is at least a same-day check
        assert result.level in ("emergency", "today")
        assert {"clot", "swollen_after_injury"} & {f.id for f in result.red_flags}


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rest=all_answers, extra=st.sampled_from(FLAG_DIRECTIONS))
def test_adding_a_sign_never_lowers_the_level(rest, extra):
    before = assess(rest)
    after = assess({**rest, extra[0]: extra[1]})
    rank = {"emergency": 0, "today": 1, "soon": 2, None: 3}
    assert rank[after.level] <= rank[before.level]
    assert {f.id for f in before.red_flags} - {f.id for f in after.red_flags} <= {
        f.id for f in QS.red_flags if any("not_in" in json.dumps(c) for c in f.when)
    }


# --------------------------------------------------------------------------- every consumer


def _consumers_obey(result) -> None:
    """Everything the package offers for this result leaves out what its limits rule out."""
    lim = result.limits
    # the suggestions, in the result, the report and the JSON
    for rec in result.recommendations:
        for s in rec.solutions:
            assert lim.solution(s.solution.id, s.solution.exercises) is None, s.solution.id
    doc = result.to_dict()["result"]
    offered = [s["id"] for r in doc.get("recommendations", []) for s in r["solutions"]]
    for sid in offered:
        assert lim.solution(sid, CONTENT.solution(sid).exercises) is None, sid
    assert [x["id"] for x in doc["limits"]] == list(lim.ids)
    for section in result.report():
        if section.id == "try":
            for item in section.items:
                name = item.title.split(": ", 1)[1]
                sid = next(s.id for s in CONTENT.solutions if s.name == name)
                if lim.solution(sid, CONTENT.solution(sid).exercises):
                    assert item.text.startswith("Not suggested"), item
    # routines
    for kind in ("warmup", "cooldown"):
        if lim.plan("routine"):
            assert routine_refusal(kind, limits=lim)
            with pytest.raises(PlanError):
                build_routine(kind, 15, limits=lim)
        else:
            plan = build_routine(kind, 15, session="race", focus=("tightness",), limits=lim)
            assert not {e for e in plan["exercise"] if lim.exercise(e)}, kind
    # the plans
    if lim.plan("build_up"):
        with pytest.raises(PlanError, match="build-up"):
            plan_progression(20, 30, limits=lim)
    else:
        assert len(plan_progression(20, 30, limits=lim))
    if lim.plan("strength_plan"):
        with pytest.raises(PlanError):
            weekly_strength_plan(limits=lim)
    every_check = {c.id: True for c in CRITERIA}
    gate = return_to_run(every_check, limits=lim)
    assert gate.ready == (lim.plan("return_to_run") is None)
    # recovery
    offer = recovery_offer(result)
    if lim.plan("recovery_plan") or result.urgent:
        assert offer.kind is None
        if lim.plan("recovery_plan"):
            with pytest.raises(PlanError):
                recovery_plan("2026-12-01T09:00", now=NOW, tz="UTC", limits=lim)
    if offer.kind:
        rows = recovery_plan("2026-12-01T09:00", kind=offer.kind, tz="UTC", now=NOW, limits=lim)
        assert not {c for c in rows["category"] if lim.recovery(c)}
        page = recovery_handout_html(rows, checks=every_check)
        if lim.plan("return_to_run"):
            assert "week 1:" not in page and "No return-to-run plan here" in page
    # the printable summary, given a routine and a plan made without the limits
    routine = build_routine("warmup", 10)
    ahead = plan_progression(20, 30)
    page = journey_summary_html(result, routine=routine, plan=ahead)
    assert ("<h2>Today's warm-up" in page) == (not result.urgent and not lim.plan("routine"))
    assert ("<h2>The weeks ahead" in page) == (not result.urgent and not lim.plan("build_up"))


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(answers=all_answers)
def test_no_consumer_offers_what_the_limits_rule_out(answers):
    _consumers_obey(assess(answers))


@pytest.mark.parametrize("source", [*QS.red_flags, *QS.patterns], ids=lambda s: s.id)
def test_each_sign_and_pattern_with_ordinary_answers_around_it(source):
    """The review's case: each sign answered among ordinary answers (a runner who added speed
    work, stretches rarely and warms up sometimes) raises its limits, and they hold."""
    answers = dict(ORDINARY)
    for condition in source.when[:1]:
        answers.update(_satisfy(condition))
    result = assess(answers)
    raised = {f.id for f in result.red_flags} | {p.id for p in result.patterns}
    assert source.id in raised, (source.id, raised)
    assert set(source.limits) <= set(result.limits.ids)
    _consumers_obey(result)


ORDINARY = {
    "onset": "next_day",
    "spot": "spread",
    "legs": "both",
    "days_sore": 2,
    "trend": "better",
    "weekly_change_pct": 25,
    "new_intensity": True,
    "warmup": "sometimes",
    "stretching": "rarely",
    "tightness": 8,
    "cooldown": "never",
    "strength_sessions": 0,
}


def _satisfy(condition) -> dict:
    """Answers that make one condition of the ``when`` grammar hold."""
    if "all" in condition:
        out = {}
        for c in condition["all"]:
            out.update(_satisfy(c))
        return out
    if "any" in condition:
        return _satisfy(condition["any"][0])
    q = condition["question"]
    if "is" in condition:
        return {q: condition["is"]}
    if "in" in condition:
        return {q: condition["in"][0]}
    if "not_in" in condition:
        return {q: None}
    if "below" in condition:
        return {q: condition["below"] - 2}
    return {q: condition.get("at_least", condition.get("at_most"))}


# --------------------------------------------------------------------------- triage stories

STORIES = [
    # (story, answers, level, who must include, who must not include, must not appear)
    (
        "a swollen calf after a sudden onset (review C1)",
        {"onset": "sudden_during", "rf_calf": True},
        "today",
        "a doctor",
        "physiotherapist",
        ["Cool down, then stretch", "rest from running and have it assessed"],
    ),
    (
        "a swollen calf with a pop: not only the 'soon' pop flag (review C1)",
        {"onset": "sudden_during", "rf_calf": True, "rf_pop": True, "spot": "one_spot"},
        "today",
        "a doctor",
        "physiotherapist",
        ["within a few days", "Stop running and have it assessed"],
    ),
    (
        "a pop in a runner who never stretches: no running routine, no stretching (H1, H2)",
        {**ORDINARY, "onset": "sudden_during", "spot": "one_spot", "rf_pop": True},
        "soon",
        "doctor or physiotherapist",
        None,
        ["Stretch the hamstrings statically", "Warm up with moving stretches"],
    ),
    (
        "pain at night only: a doctor, not 'a doctor or physiotherapist'",
        {**ORDINARY, "rf_rest_pain": True},
        "soon",
        "a doctor",
        "physiotherapist",
        ["Build up the length and intensity"],
    ),
    (
        "a blow, and sitting on that side hurts: the blow flag's own same-day rule",
        {"rf_blow": True, "sitting_pain": True},
        "today",
        "a doctor",
        "physiotherapist",
        ["within a few days"],
    ),
    (
        "the tendon pattern: no stretching, squeezing, yoga, RDL or RICE (H1)",
        {
            "where": "sitting_bone",
            "sitting_pain": True,
            "onset": "gradual_weeks",
            "tightness": 8,
            "stretching": "rarely",
            "yoga_pilates": False,
            "strength_sessions": 0,
            "hamstring_exercises": False,
            "care_when_sore": "nothing",
            "run_when_sore": True,
        },
        None,
        None,
        None,
        [
            "Stretch the hamstrings statically",
            "leg swings and walking lunges",
            "Consider regular yoga",
            "during the first 48-72 hours",
            "Until the soreness has settled",
        ],
    ),
    (
        "breathless after a hard run is not asked as an emergency (M2)",
        {"rf_breathless": True},
        "emergency",
        "emergency",
        None,
        [],
    ),
]


@pytest.mark.parametrize(
    ("answers", "level", "who", "not_who", "absent"),
    [s[1:] for s in STORIES],
    ids=[s[0] for s in STORIES],
)
def test_triage_stories(answers, level, who, not_who, absent):
    result = assess(answers)
    assert result.level == level
    if level:
        assert who in result.triage.who
        if not_who:
            assert not_who not in result.triage.who and not_who not in result.headline
    text = result.to_json()
    for phrase in absent:
        shown = [
            i
            for s in result.report()
            for i in s.items
            if phrase in i.text and not i.text.startswith("Not suggested")
        ]
        assert not shown, (phrase, shown)
    if result.urgent:  # M1: one message: lower signs are titles only, with no time frame
        flags = next(s for s in result.report() if s.id == "flags")
        for item in flags.items:
            if item.title == "Also reported":
                assert "few days" not in item.text + item.detail
    _consumers_obey(result)
    assert json.loads(text)["result"]["limits"] == result.limits.to_list()


def test_the_runner_wording_of_the_emergency_questions():
    breathless = QS.question("rf_breathless")
    faint = QS.question("rf_faint")
    assert "suddenly" in breathless.text and "resting" in breathless.text
    assert "not the usual puffing after a run" in breathless.text
    assert "passed out" in faint.text and "nearly" not in faint.text
    risk = QS.question("rf_clot_risk")
    assert risk.risk_factor and "cancer" in risk.text and "6 weeks" in risk.text


def test_the_limits_section_says_why_and_what_is_allowed():
    result = assess({**ORDINARY, "rf_pop": True})
    section = next(s for s in result.report() if s.id == "limits")
    titles = [i.title for i in section.items]
    assert titles[0] == "No running" and titles[-1] == "What you can do"
    assert "A pop or sudden sharp pain during the run" in section.items[0].detail
    assert "Walk as far as it stays comfortable" in section.items[-1].text
    note = next(s for s in result.report() if s.id == "pattern_strain").intro
    assert "plans no running" in note  # the note says only what is true of the page


def test_bad_limits_are_a_clear_error():
    with pytest.raises(OptionError, match=r"field 'limits'.*result\.limits"):
        build_routine("warmup", 10, limits=("running",))
    with pytest.raises(OptionError, match="field 'limits'"):
        recovery_plan("2026-12-01T09:00", now=NOW, limits={"running": True})
    for call in (
        lambda: plan_progression(20, 30, limits="running"),
        lambda: weekly_strength_plan(limits=["strength"]),
        lambda: return_to_run({}, limits=True),
    ):
        with pytest.raises(OptionError, match=r"field 'limits'.*got"):
            call()


# --------------------------------------------------------------------------- the apps


def _visible_text(widget) -> str:
    """The text of every HTML value on screen (display none hides a widget and its children)."""
    layout = getattr(widget, "layout", None)
    if layout is not None and layout.display == "none":
        return ""
    own = widget.value if isinstance(getattr(widget, "value", None), str) else ""
    outputs = getattr(widget, "outputs", ())
    own += "".join(json.dumps(o.get("data", {})) for o in outputs)
    return own + "".join(_visible_text(c) for c in getattr(widget, "children", ()))


STOP_RUNNING = ["pop", "bruising", "blow", "severe", "rest_pain"]


def _answer(app, qid, value) -> None:
    """Answer as a person would: a number is typed as text, a choice is picked."""
    typed = QS.question(qid).type == "number"
    app.assessment.inputs[qid].value = f"{value:g}" if typed else value


@pytest.mark.parametrize("flag", STOP_RUNNING)
def test_the_athlete_app_shows_no_running_plan_next_to_stop_running(flag):
    from hamstring_edu.widgets.athlete import AthleteApp

    app = AthleteApp()
    for qid, value in ORDINARY.items():
        _answer(app, qid, value)
    app.weeks_text.value = "20, 22, 24, 26"
    assert app.plan is not None and app.routine.plan is not None  # before the sign
    source = next(f for f in QS.red_flags if f.id == flag)
    for qid, value in _satisfy(source.when[0]).items():
        _answer(app, qid, value)
    result = app.assessment.result
    assert flag in {f.id for f in result.red_flags} and result.limits.plan("routine")
    page = _visible_text(app)
    assert app.routine_box.layout.display == "none" and app.weeks_box.layout.display == "none"
    assert "No warm-up or cool-down for now" in page and "Walk as far as" in page
    for name in ("Light jogging", "Leg swings", "Walking lunges", "Strides"):
        assert name not in page, name
    assert app.plan is None
    summary = app.summary_html()
    assert "Light jogging" not in summary and "The weeks ahead" not in summary
    if app.recovery_app is not None:  # first aid, never a walk-run plan
        assert app.recovery_app.walk_run.layout.display == "none"
        assert app.recovery_app.strain_box.layout.display == "none"
        assert "The stages wait for a clinician" in app.recovery_app.limits_note.value
        left = "".join(r["why"] for r in app.recovery_app.plan.attrs["left_out"])
        assert ("No heat" in left) == bool(result.limits.get("heat"))


def test_a_new_sign_after_an_invalid_answer_leaves_nothing_old_on_screen():
    from hamstring_edu.widgets.athlete import AthleteApp

    app = AthleteApp()
    for qid, value in {"onset": "next_day", "spot": "spread", "legs": "both"}.items():
        app.assessment.inputs[qid].value = value
    assert app.recovery_kind == "soreness" and app.routine.plan is not None
    app.assessment.inputs["days_sore"].value = "lots"  # not a number: the result waits
    app.assessment.inputs["rf_pop"].value = True
    page = _visible_text(app)
    assert app.steps.layout.display == "none" and "Fix the answer marked in red" in page
    assert "usually settles within days" not in page and app.recovery_app is None
    assert "A pop or sudden sharp pain" in page  # the sign answered so far is shown
    app.assessment.inputs["days_sore"].value = "1"
    assert app.recovery_kind == "strain" and app.routine_box.layout.display == "none"
    onset = app.recovery_app.onset.value
    assert (
        datetime.now() - timedelta(days=1, hours=1) < onset < datetime.now() - timedelta(hours=23)
    )


def test_the_summary_of_a_first_urgent_answer_prints_what_to_do_now():
    from hamstring_edu.widgets.athlete import AthleteApp

    app = AthleteApp()
    app.assessment.inputs["rf_calf"].value = True  # the first answer is urgent
    page = app.summary_html()
    assert "See a doctor today" in page and "Today's warm-up" not in page


def test_the_coach_list_puts_any_flagged_assessment_first():
    from hamstring_edu.team import team_week

    result = assess({**ORDINARY, "rf_pop": True}).to_dict()["result"]
    log = pd.DataFrame(
        {
            "athlete": ["ann"] * 14 + ["bo"] * 14,
            "date": list(pd.date_range("2025-05-12", periods=14)) * 2,
            "distance_km": [5.0] * 7 + [12.0] * 7 + [5.0] * 14,
        }
    ).assign(duration_min=30.0)
    checkins = pd.DataFrame(
        {
            "athlete": ["ann"],
            "date": [pd.Timestamp("2025-05-21")],
            "rating": [7],
            "leg": ["left"],
            "location": ["middle"],
        }
    )
    saved = pd.DataFrame(
        {
            "athlete": ["bo"],
            "date": [pd.Timestamp("2025-05-21")],
            "level": [result["level"]],
            "result": [result],
        }
    )
    talk = team_week(log, checkins, saved, week="2025-05-19", today="2025-05-25").talk_to
    assert talk["athlete"].tolist()[0] == "bo"
    first = talk.iloc[0]
    assert first["urgency"] == "within a few days"
    assert "A pop or sudden sharp pain during the run" in first["reason"]
    assert "until then: no running" in first["reason"]


# --------------------------------------------------------------------------- the limits' words


def test_the_limits_fixed_sentences_are_worded_in_data_text_limits(tmp_path):
    """The refusal, the reason and the report's limits section read data/text/limits.toml."""
    lim = assess({"rf_pop": True}).limits
    shipped = lim.refusal("routine", "warm-up")
    assert shipped.startswith("No warm-up here: no running until a clinician has seen the leg")
    changes = {
        "refusal": "Not now: {what}, {limit}, {because}.",
        "instead": "Meanwhile: {instead}",
        "heading": "Ruled out for now",
    }
    with edited_texts(tmp_path, "limits", **changes):
        refusal = lim.refusal("routine", "warm-up")
        headings = [s.heading for s in assess({"rf_pop": True}).report()]
    because = "; ".join(lim.plan("routine").because)
    assert refusal == f"Not now: warm-up, no running, {because}. Meanwhile: {' '.join(lim.instead)}"
    assert "Ruled out for now" in headings
    assert lim.refusal("routine", "warm-up") == shipped


def test_a_broken_limits_text_names_file_and_key(tmp_path):
    lim = assess({"rf_pop": True}).limits
    with refused_text(tmp_path, "limits", "refusal", "No {what} here.", "not in the text"):
        lim.refusal("routine", "warm-up")
    with refused_text(tmp_path, "limits", "reason", "{limit}: {text} ({because"):
        assert lim.items[0].reason
