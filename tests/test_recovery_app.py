"""The recovery app, driven from Python: inputs redraw the plan, the checklist drives the stages
and the walk-run plan, saves write files, and an urgent self-assessment gets no plan."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from types import SimpleNamespace

import pytest

from hamstring_edu import assessment
from hamstring_edu.recovery import CRITERIA, GATE
from hamstring_edu.widgets.common import PLOTLY_MIME
from hamstring_edu.widgets.recovery import RecoveryApp

ONSET = datetime(2026, 3, 28, 18, 30)


@pytest.fixture
def app(tmp_path):
    return RecoveryApp(onset=ONSET, tz="Europe/London", folder=tmp_path)


def tick(app, ids, value=True):
    for cid in ids:
        app.checks[cid].value = value


def test_starts_with_a_strain_plan_drawn_and_explained(app):
    assert "Educational, not a diagnosis" in app.children[0].value
    fig = app.timeline.figure
    assert fig.layout.title.text.startswith("First 4 days, strain (mild):")
    assert "16 ice sessions" in fig.layout.title.text
    ice = next(t for t in fig.data if t.name.startswith("Ice"))
    assert len(ice.x) == 16 and ice.orientation == "h"
    assert fig.layout.xaxis.type == "date" and "(Europe/London)" in fig.layout.xaxis.title.text
    spec = app.timeline.spec  # what goes to the browser: plain JSON, dates as text
    assert json.dumps(spec) and spec["data"][0]["base"][0].startswith("2026-03-28T18:30")
    assert [o for o in app.timeline.outputs if PLOTLY_MIME in o["data"]]
    assert "Plan for a strain (mild)" in app.plan_message.text
    for flag in assessment.questionnaire().red_flags:
        assert flag.title in app.care.value
    assert app.strain_box.layout.display == ""
    assert (
        app.ladder.figure.layout.title.text.replace("<br>", " ")
        == "Rehabilitation stages: you are at stage 1 of 4"
    )


def test_inputs_redraw_the_plan(app):
    app.kind.value = "soreness"
    assert app.plan.attrs["kind"] == "soreness"
    assert app.strain_box.layout.display == "none"
    assert "usually settles within days" in app.plan_message.text
    app.kind.value = "strain"
    app.severity.value = "severe"
    assert "Have it examined soon" in app.care.value
    assert "(highlighted: severe)" in app.frames.figure.layout.title.text.replace("<br>", " ")
    app.waking.value = (6, 23)
    ice = [f"{t:%a %H:%M}" for t in app.plan[app.plan["category"] == "ice"]["start"]]
    assert ice[:3] == ["Sat 18:30", "Sat 21:30", "Sun 06:00"]
    app.tz.value = "America/New_York"
    assert app.plan.attrs["tz"] == "America/New_York"


def test_bad_input_answers_next_to_the_inputs_and_leaves_no_stale_plan(app):
    app.onset.value = datetime.now() + timedelta(days=2)
    assert "in the future" in app.plan_message.text
    assert app.plan is None and app.timeline.figure is None and app.timeline.outputs == ()
    app.onset.value = ONSET
    assert app.plan is not None and app.timeline.figure is not None
    app.waking.value = (10, 12)
    assert "only 2 waking hours" in app.plan_message.text
    app.print_button.click()  # the button shows the error where it was pressed
    assert "There is no plan yet" in app.save_message.text


def test_the_checklist_drives_the_ladder_and_the_walk_run_plan(app):
    assert "Not yet: 6 of 6" in app.gate_message.text
    assert app.walk_run.figure is None and app.walk_run.layout.display == "none"
    tick(app, [c.id for c in CRITERIA if c.stage == 1])
    assert "stage 2 of 4" in app.ladder.figure.layout.title.text.replace("<br>", " ")
    assert "Stage 2: Range and strength" in app.stage_detail.value
    # the stage shows its rehab basis and the lengthening trials, not prevention verdicts
    detail = app.stage_detail.value
    assert "evidence note:" not in detail and "supported" not in detail.lower()
    assert "Basis: Staged, criteria-based rehabilitation: heiderscheit2010." in detail
    assert detail.count("No rehab trial of this exercise is cited here.") == 3
    assert "28 days (SD 15) against 51 (SD 21)" in detail
    tick(app, [c.id for c in GATE][:-1])
    assert "Not yet: 1 of 6" in app.gate_message.text
    assert "Feeling ready counts" in app.gate_message.text
    tick(app, [GATE[-1].id])
    assert "Ready to start the walk-run plan" in app.gate_message.text
    # the app starts at a mild strain: its walk-run plan starts further along the ladder
    assert app.walk_run.figure.layout.title.text.startswith("Walk-run plan (mild strain): 5 weeks")
    assert len(app.walk_run.figure.data[0].x) == 5
    assert "week" in app.walk_run_table.value and app.walk_run.layout.display == ""
    assert "pain-free that evening and the next morning" in app.walk_run_table.value
    assert "for a mild strain" in app.gate_message.text
    app.severity.value = "severe"  # the walk-run plan follows the severity
    assert app.walk_run.figure.layout.title.text.startswith("Walk-run plan (severe strain): 8")
    assert len(app.walk_run.figure.data[0].x) == 8
    assert "for a severe strain" in app.gate_message.text
    assert "stage 3 of 4" in app.ladder.figure.layout.title.text.replace("<br>", " ")
    tick(app, ["no_pain_pressing"], False)
    assert app.walk_run.figure is None and "Pressing still hurts" in app.gate_message.text


def test_printable_plan_and_calendar_file(app, tmp_path):
    tick(app, [c.id for c in CRITERIA if c.stage <= 2])
    app.filename.value = "sam's plan!"
    app.print_button.click()
    page = (tmp_path / "samsplan.html").read_text()
    assert "Saved" in app.save_message.text and "samsplan.html" in app.save_message.text
    assert "walk-run plan" in page.lower() and page.count("&#9745;") == 8
    app.ics_button.click()
    text = (tmp_path / "samsplan.ics").read_bytes().decode()
    events = app.plan["category"].isin(["ice", "check"]).sum()
    assert text.count("BEGIN:VEVENT") == events
    assert f"{events} events" in app.save_message.text
    assert "standard library" in app.save_message.text
    assert "\r\n" in text and "\n\n" not in text
    app.filename.value = "///"
    app.print_button.click()
    assert "Please enter a file name" in app.save_message.text


def test_an_urgent_self_assessment_gets_no_plan():
    flag = SimpleNamespace(title="A swollen, warm calf", advice="Get medical care today.")
    result = SimpleNamespace(
        level="today", red_flags=(flag,), doms_vs_strain=SimpleNamespace(pattern="strain")
    )
    app = RecoveryApp(assessment=result)
    texts = " ".join(getattr(c, "value", "") for c in app.children if hasattr(c, "value"))
    assert "not offered while a warning sign stands" in texts
    assert "Get medical care today." in app.care.value
    assert app.plan is None and app.timeline not in app.children
    assert app.strain_box not in app.children


def test_a_self_assessment_that_fits_soreness_opens_that_plan():
    result = SimpleNamespace(
        level=None, red_flags=(), doms_vs_strain=SimpleNamespace(pattern="doms")
    )
    app = RecoveryApp(assessment=result, onset=ONSET, tz="Europe/London")
    assert app.kind.value == "soreness" and app.plan.attrs["kind"] == "soreness"
    assert "fit delayed onset muscle soreness" in app.offer_box.value


# --------------------------------------------------------------------------- issue 21: first use


def test_every_control_is_named_by_its_purpose(app):
    """Before: the date-and-time input, the time zone, the waking hours and the file name had
    no description (a separate HTML text above them is not a label)."""
    for control in (app.onset, app.tz, app.waking.start, app.waking.end, app.filename):
        assert control.description, control
        assert control.style.description_width == "initial"
    assert "When did the pain start" in app.onset.description
    assert app.kind.description and app.severity.description


def test_each_check_is_labelled_by_its_own_words(app):
    """Before: an empty checkbox beside a separate HTML text (no accessible name)."""
    from hamstring_edu.recovery import STAGES

    texts = {c.id: c.text for s in STAGES for c in s.move_on}
    assert set(app.checks) == set(texts)
    for cid, box in app.checks.items():
        assert box.description == texts[cid] and not box.indent
        assert f"check-{cid}" in box._dom_classes


def test_waking_hours_are_two_named_choices_and_errors_say_which(app):
    """Before: an IntRangeSlider (unnamed handles) and errors in developer wording."""
    assert app.waking.value == (7, 22)
    app.waking.end.value = 10  # picked by a person: wake 07:00, sleep 10:00
    assert app.waking.value == (7, 10) and app.plan is None
    text = app.plan_message.text
    assert "Usually awake (hours): 07:00 to 10:00 gives only 3 waking hours" in text
    assert "field" not in text and "(7, 10)" not in text
    assert 'role="alert"' in app.plan_message.value
    assert app.care.value == "" and app.timeline.outputs == ()  # nothing stale stays
    app.waking.end.value = 22
    assert app.plan is not None and 'role="status"' in app.plan_message.value


def test_a_future_start_names_the_control_in_plain_words(app):
    app.onset.value = datetime.now() + timedelta(days=2)
    text = app.plan_message.text
    assert text.startswith("Please check this detail When did the pain start?")
    assert "field" not in text and "onset" not in text


def test_an_embedded_app_can_leave_out_the_disclaimer(tmp_path):
    from hamstring_edu.wording import say

    def texts(app):
        return " ".join(str(getattr(c, "value", "")) for c in app.children)

    app = RecoveryApp(onset=ONSET, tz="Europe/London", folder=tmp_path, show_disclaimer=False)
    assert say("common.disclaimer")[:30] not in texts(app)
    assert app.plan is not None


def test_ticking_a_check_is_answered_in_a_live_region(app):
    assert 'role="status"' in app.gate_message.value and "Not yet" in app.gate_message.text
    tick(app, [c.id for c in CRITERIA if c.stage == 1] + [c.id for c in GATE])
    assert "Ready to start" in app.gate_message.text
    assert 'role="status"' in app.gate_message.value


def test_the_walk_run_weeks_download_for_the_watch_once_the_checks_are_met(app):
    """Issue 25: each week of the plan the runner is offered, as a FIT workout (a zip)."""
    import base64
    import io
    import re
    import zipfile

    from hamstring_edu.fit_workout import read_workout

    assert app.walk_run_watch.value == ""  # nothing before the checks are met
    tick(app, [c.id for c in CRITERIA])
    link = re.search(r'href="data:application/zip;base64,([^"]+)"', app.walk_run_watch.value)
    assert link and "The 5 weeks of this walk-run plan as FIT workouts" in app.walk_run_watch.text
    with zipfile.ZipFile(io.BytesIO(base64.b64decode(link.group(1)))) as weeks:
        names = weeks.namelist()
        first = read_workout(weeks.read(names[0]))
    assert names == [f"walk_run_week_{w}.fit" for w in app.gate.plan["week"]]
    assert first[0] == f"Walk-run week {app.gate.plan['week'].iloc[0]}"
    tick(app, [GATE[0].id], False)
    assert app.walk_run_watch.value == ""  # unmet again: no running weeks offered
