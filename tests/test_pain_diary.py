"""The pain diary and the return-to-run record in the journal (issue 25, its library part): a day's
pain by leg and place, the warning signs asked whenever pain is new, worse or stopped the run,
what the diary says in words, the criteria a coach ticks, and export and restore."""

from __future__ import annotations

import pandas as pd
import pandas.testing as pdt
import pytest

from hamstring_edu import assess, load_metrics
from hamstring_edu.errors import AnswerError, JournalError, OptionError
from hamstring_edu.journal import Journal
from hamstring_edu.load import weekly_load
from hamstring_edu.pain_diary import diary_notes, flag_questions, places, settle_days


@pytest.fixture
def journal(tmp_path):
    with Journal(tmp_path / "team.sqlite3") as j:
        j.add_athlete("sam")
        yield j


def test_places_and_questions_are_the_self_assessments(journal):
    assert places() == ("sitting_bone", "middle", "low", "all_over")
    ids = [qid for qid, _ in flag_questions()]
    assert ids[0] == "rf_saddle" and "rf_calf" in ids and len(ids) == 17
    assert settle_days() == 7


@pytest.mark.parametrize(
    ("field", "value"),
    [("leg", "middle"), ("place", "knee"), ("timing", "later"), ("stopped", "walking")],
)
def test_a_bad_entry_names_its_field(journal, field, value):
    with pytest.raises(JournalError, match=f"{field} must be one of") as info:
        journal.add_pain("sam", 3, date="2026-11-01", **{field: value})
    assert info.value.where["field"] == field
    assert journal.pain_diary().empty


def test_the_warning_signs_are_due_when_pain_is_new_worse_or_stopped_the_run(journal):
    first = journal.add_pain("sam", 3, date="2026-11-01", leg="left")
    assert (first.flag_check_due, first.why, len(first.questions)) == (True, "new", 17)
    same = journal.add_pain("sam", 3, date="2026-11-02", leg="left")
    assert (same.flag_check_due, same.questions) == (False, ())
    other_leg = journal.add_pain("sam", 2, date="2026-11-02", leg="right")
    assert other_leg.why == "new"  # each leg and place on its own
    worse = journal.add_pain("sam", 5, date="2026-11-03", leg="left", flags={"rf_pop": False})
    assert (worse.flag_check_due, worse.why, worse.questions) == (True, "worse", ())
    assert worse.check.level is None and worse.check.limits == ()
    stopped = journal.add_pain("sam", 2, date="2026-11-04", leg="left", stopped="running")
    assert stopped.why == "stopped"
    diary = journal.pain_diary()
    assert diary["flag_check_due"].tolist() == [True, False, True, True, True]
    assert diary["flag_answers"].tolist()[3] == {"rf_pop": False}


def test_a_raised_sign_is_kept_with_its_level_and_limits(journal):
    entry = journal.add_pain(
        "sam", 6, date="2026-11-05", stopped="running", flags={"rf_calf": True, "rf_pop": False}
    )
    assert entry.check.level == "today" and "running" in entry.check.limits
    row = journal.pain_diary().iloc[0]
    assert row["level"] == "today" and row["raised"][0].startswith("A swollen, warm or tender")
    with pytest.raises(AnswerError, match="not a warning-sign question"):
        journal.add_pain("sam", 6, date="2026-11-05", flags={"where": "middle"})
    with pytest.raises(AnswerError, match="is not True or False"):
        journal.add_pain("sam", 6, date="2026-11-05", flags={"rf_calf": "yes"})
    assert len(journal.pain_diary()) == 1  # nothing half-stored


def test_the_return_to_run_record_keeps_who_ticked_what_and_obeys_the_flags(journal):
    journal.tick_criterion("sam", "walk_pain_free", by="coach Ana", date="2026-11-02")
    journal.tick_criterion("sam", "hold_pain_free", by="Sam", date="2026-11-03")
    journal.tick_criterion("sam", "hold_pain_free", False, by="coach Ana", date="2026-11-04")
    record = journal.return_to_run_record("sam")
    ticks = record.ticks.set_index("criterion")
    assert ticks.loc["walk_pain_free", "ticked_by"] == "coach Ana"
    assert not ticks.loc["hold_pain_free", "met"]  # the latest tick counts
    assert record.stage == 1 and not record.gate.ready
    from hamstring_edu.recovery import recovery_checklist

    for criterion in recovery_checklist().index:
        journal.tick_criterion("sam", criterion, by="coach Ana", date="2026-11-10")
    assert journal.return_to_run_record("sam").gate.ready
    journal.add_pain("sam", 4, date="2026-11-11", flags={"rf_calf": True})
    held = journal.return_to_run_record("sam")
    assert not held.gate.ready and "no running" in held.gate.message.lower()
    with pytest.raises(OptionError, match="unknown criterion"):
        journal.tick_criterion("sam", "feels_fine", by="Sam")
    with pytest.raises(JournalError, match="unknown athlete"):
        journal.return_to_run_record("nobody")


def test_what_the_diary_says_with_its_reasons(journal):
    days = pd.date_range("2026-10-05", "2026-11-01")
    km = [5.0 if d.weekday() in (1, 3, 5) else 0.0 for d in days]
    km[-7:] = [9.0 if d.weekday() in (1, 3, 5) else 0.0 for d in days[-7:]]  # the last week +80%
    log = pd.DataFrame({"athlete": "sam", "date": days, "distance_km": km, "duration_min": 40.0})
    weeks = weekly_load(load_metrics(log), athlete="sam")
    journal.add_pain("sam", 2, date="2026-10-27", place="middle", flags={"rf_pop": False})
    journal.add_pain("sam", 5, date="2026-11-02", place="middle", flags={"rf_pop": False})
    journal.add_pain("sam", 4, date="2026-11-10", place="middle")
    journal.add_pain("sam", 3, date="2026-11-03", place="sitting_bone", sitting_worse=True)
    notes = diary_notes(journal.pain_diary(), weeks)
    kinds = [n.kind for n in notes]
    assert kinds.count("load_jump") == 1 and "from 2 to 5" in notes[kinds.index("load_jump")].text
    assert "not_settling" in kinds and "has not settled after 14 days" in " ".join(
        n.text for n in notes
    )
    assert "tendon" in kinds and "flag_unchecked" in kinds  # the sitting-bone pain was new
    assert all("will" not in n.text.split() for n in notes)  # reasons, never predictions
    journal.add_pain("sam", 6, date="2026-11-12", place="low", flags={"rf_calf": True})
    assert "flag" in [n.kind for n in diary_notes(journal.pain_diary())]


def test_export_and_restore_keep_the_diary_and_the_ticks(journal, tmp_path):
    journal.add_pain("sam", 3, date="2026-11-01", sitting_worse=False, note="after hills")
    journal.add_pain("sam", 5, date="2026-11-02", flags={"rf_calf": True})
    journal.tick_criterion("sam", "walk_pain_free", by="coach Ana", date="2026-11-03")
    journal.export(tmp_path / "export")
    with Journal.restore(tmp_path / "export", tmp_path / "again.sqlite3") as again:
        pdt.assert_frame_equal(again.pain_diary(), journal.pain_diary())
        before = journal.return_to_run_record("sam").ticks
        pdt.assert_frame_equal(again.return_to_run_record("sam").ticks, before)


def test_the_diary_and_the_ticks_go_to_the_calendar(journal):
    from hamstring_edu.recovery import diary_ics

    journal.add_pain("sam", 3, date="2026-11-01", leg="left", place="sitting_bone", note="hills")
    journal.add_pain("sam", 5, date="2026-11-02", flags={"rf_calf": True})
    journal.tick_criterion("sam", "walk_pain_free", by="coach Ana", date="2026-11-03")
    text = diary_ics(journal.pain_diary(), journal.return_to_run_record("sam").ticks)
    assert text.count("BEGIN:VEVENT") == 3 and text.endswith("END:VCALENDAR\r\n")
    assert "DTSTART;VALUE=DATE:20261101" in text and "sam: pain 3/10\\, left leg" in text
    assert "Warning sign raised: A swollen" in text.replace("\r\n ", "")
    assert "walk pain free met (ticked by coach Ana)" in text.replace("\r\n ", "")
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))


def test_the_timeline_draws_load_pain_stages_and_signs_with_a_text_alternative(journal):
    from hamstring_edu.figures.diary import pain_timeline
    from hamstring_edu.figures.style import figure_table, summary_of

    days = pd.date_range("2026-09-01", "2026-11-20")
    log = pd.DataFrame({"athlete": "sam", "date": days, "distance_km": 5.0, "duration_min": 30.0})
    metrics = load_metrics(log)
    journal.add_pain("sam", 3, date="2026-11-01", leg="left", flags={"rf_pop": False})
    journal.add_pain("sam", 6, date="2026-11-04", leg="left", flags={"rf_calf": True})
    journal.add_pain("sam", 2, date="2026-11-05", leg="right", place="low")
    journal.tick_criterion("sam", "walk_pain_free", by="coach Ana", date="2026-11-06")
    ticks = journal.return_to_run_record("sam").ticks
    fig = pain_timeline(metrics, journal.pain_diary(), athlete="sam", ticks=ticks)
    names = [t.name for t in fig.data]
    assert names == [
        "daily load (km)",
        "weekly change (%)",
        "pain: left, middle",
        "pain: right, low",
        "warning sign",
    ]
    assert list(fig.data[2].y) == [3, 6] and fig.data[2].marker.symbol == "triangle-left"
    assert fig.data[0].x[0] == "2026-10-04"  # four weeks of load before the diary's first day
    assert len(fig.layout.shapes) == 1 and fig.layout.annotations[-1].text == "stage 1"
    summary = summary_of(fig)
    assert summary.startswith("sam: diary entries 3, from 01 Nov 2026 to 05 Nov 2026")
    assert "worst pain was 6/10 on 04 Nov 2026 (left leg); warning signs raised: 1" in summary
    columns, rows = figure_table(fig)
    assert columns[:5] == ["day", "load that day", "leg", "place", "pain (0-10)"]
    assert rows[1][4] == 6 and rows[1][5].startswith("A swollen, warm or tender")
    empty = pain_timeline(metrics, journal.pain_diary().iloc[:0], athlete="sam")
    assert summary_of(empty) == "sam: no pain diary entries yet."


def test_the_team_timeline_has_a_row_per_athlete_and_says_it_as_a_table(journal):
    from hamstring_edu.figures.diary import team_pain_timeline
    from hamstring_edu.figures.style import figure_table, summary_of

    journal.add_athlete("ana", team="t")
    journal.add_pain("sam", 3, date="2026-11-01", leg="left")
    journal.add_pain("sam", 5, date="2026-11-01", leg="right", place="low")  # same day: worst
    journal.add_pain("sam", 2, date="2026-11-03", leg="left")
    journal.add_pain("ana", 6, date="2026-11-02", stopped="running", flags={"rf_pop": True})
    journal.tick_criterion("sam", "walk_pain_free", by="coach Ana", date="2026-11-04")
    stages = {n: r.stage for n, r in journal.return_to_run_records().items()}
    fig = team_pain_timeline(journal.pain_diary(), stages)
    pain = fig.data[0]
    assert list(zip(pain.y, pain.text, strict=True)) == [("ana", "6"), ("sam", "5"), ("sam", "2")]
    assert list(fig.data[1].y) == ["ana"] and fig.data[1].name == "warning sign"
    assert list(fig.layout.yaxis.categoryarray) == ["sam", "ana"]  # alphabetical, top down
    columns, rows = figure_table(fig)
    assert columns == [
        "athlete",
        "days with an entry",
        "worst pain (day)",
        "latest pain",
        "days with a warning sign",
        "return-to-run stage",
    ]
    assert rows == [
        ["ana", 1, "6 (02 Nov)", 6, 1, "none ticked yet"],
        ["sam", 2, "5 (01 Nov)", 2, 0, 1],
    ]
    summary = summary_of(fig)
    assert "Athletes with diary entries: 2, from 01 Nov 2026 to 03 Nov 2026" in summary
    assert summary.endswith("Warning signs were raised for: ana.")
    assert summary_of(team_pain_timeline(journal.pain_diary().iloc[:0])).startswith("No athlete")


def test_the_runners_timeline_without_a_log_is_the_pain_alone(journal):
    from hamstring_edu.figures.diary import pain_timeline
    from hamstring_edu.figures.style import figure_table

    journal.add_pain("sam", 3, date="2026-11-01", leg="left")
    journal.add_pain("sam", 4, date="2026-11-02", leg="left")
    none = pd.DataFrame(columns=["athlete", "date", "load"])
    fig = pain_timeline(none, journal.pain_diary(), athlete="sam")
    assert [t.name for t in fig.data] == ["pain: left, middle"]
    assert "yaxis2" not in fig.layout.to_plotly_json()  # one panel, no empty load chart
    assert fig.layout.xaxis.range == ("2026-10-25", "2026-11-08")  # a fortnight, not hours
    columns, _ = figure_table(fig)
    assert "load that day" not in columns  # no load is not a load of 0


def test_an_entry_that_needed_the_signs_without_them_closes_the_journals_gate(journal):
    from hamstring_edu.recovery.stages import recovery_checklist

    for criterion in recovery_checklist().index:
        journal.tick_criterion("sam", criterion, by="coach Ana", date="2026-11-01")
    assert journal.return_to_run_record("sam").gate.ready
    journal.add_pain("sam", 7, date="2026-11-02", stopped="running")  # no flags given
    gate = journal.return_to_run_record("sam").gate
    assert not gate.ready and "were not answered" in gate.message
    journal.add_pain("sam", 1, date="2026-11-03", flags={"rf_pop": False})
    assert journal.return_to_run_record("sam").gate.ready
    assert not journal.return_to_run_record(
        "sam", limits=assess({"rf_pop": True}).limits
    ).gate.ready
