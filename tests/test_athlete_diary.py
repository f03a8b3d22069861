"""Issue 25 in the athlete app: the runner's pain diary (a day's entry, the warning signs checked
with step 1's answers, what the diary says, the timeline beside the uploaded log, the
return-to-run ticks kept from the recovery step), and the diary kept as a file and opened again;
the journal's zip export and restore it rests on."""

from __future__ import annotations

import base64
import html
import io
import re
import zipfile
from datetime import UTC, date, datetime, timedelta

import pytest

from hamstring_edu.errors import JournalError, plain_message
from hamstring_edu.journal import Journal
from hamstring_edu.pain_diary import flag_questions
from hamstring_edu.widgets.athlete import AthleteApp, StepHeading
from hamstring_edu.widgets.diary import DiaryApp

SIGNS = [qid for qid, _ in flag_questions()]


def _download(markup: str) -> bytes:
    return base64.b64decode(re.search(r'base64,([^"]+)"', markup).group(1))


def _upload(name: str, data: bytes) -> dict:
    """A file as ipywidgets' FileUpload holds it."""
    return {
        "name": name,
        "type": "application/zip",
        "size": len(data),
        "last_modified": datetime(2026, 1, 1, tzinfo=UTC),
        "content": memoryview(data),
    }


def _all_signs_no(app: AthleteApp) -> None:
    for qid in SIGNS:
        app.assessment.inputs[qid].value = False


def _entry(diary: DiaryApp, pain: int, *, days_ago: int = 0, **fields) -> None:
    diary.day.value = date.today() - timedelta(days=days_ago)
    diary.pain.value = pain
    for name, value in fields.items():
        getattr(diary, name).value = value
    diary.add_button.click()


@pytest.fixture
def app():
    app = AthleteApp()
    app.assessment.inputs["weekly_change_pct"].value = "10"
    return app


def _numbers(app: AthleteApp) -> list[tuple[int, str]]:
    shown = [w for w in app.steps.children if isinstance(w, StepHeading)]
    shown += [w for w in app.recovery_box.children if isinstance(w, StepHeading)]
    return sorted((h.number, h.text) for h in shown)


def test_the_diary_is_a_step_and_the_steps_stay_numbered_in_order(app):
    assert app.diary in app.steps.children and app.recovery_kind is None
    assert [n for n, _ in _numbers(app)] == [2, 3, 4, 5, 6]  # no recovery step: no gap
    assert _numbers(app)[2] == (4, "My pain diary")
    app.assessment.inputs["onset"].value = "sudden_during"
    app.assessment.inputs["spot"].value = "one_spot"
    app.assessment.inputs["legs"].value = "one"
    assert app.recovery_kind == "strain"
    assert [t for _, t in _numbers(app)][2:4] == ["My pain diary", "Recovery"]
    assert [n for n, _ in _numbers(app)] == [2, 3, 4, 5, 6, 7]


def test_an_entry_is_checked_with_step_1s_warning_signs(app):
    _all_signs_no(app)
    _entry(app.diary, 4, leg="left", place="middle", days_ago=2)
    entry = app.diary.entries.iloc[-1]
    assert entry["flag_check_due"] and entry["flag_answers"] == {q: False for q in SIGNS}
    assert "checked with your answers in step 1" in app.diary.add_message.text
    assert "Nothing stands out" in app.diary.says.value
    summary = app.diary.timeline.summary
    assert "diary entries 1," in summary and "4/10" in summary


def test_an_entry_while_signs_are_unanswered_is_kept_and_says_the_check_is_missing(app):
    app.assessment.inputs["rf_calf"].value = False  # one of 17 answered
    _entry(app.diary, 5, stopped="running")
    entry = app.diary.entries.iloc[-1]
    assert entry["flag_check_due"] and entry["flag_answers"] is None
    message = app.diary.add_message.text
    assert "answer the warning signs in step 1 (16 of 17" in message and "entry is kept" in message
    assert "the warning signs were not answered with it" in app.diary.says.value


def test_a_bad_day_is_refused_in_words_and_nothing_typed_is_lost(app):
    _entry(app.diary, 3, days_ago=-2, note="after the hills", leg="right")
    assert "is in the future" in app.diary.add_message.text
    assert app.diary.entries.empty
    assert app.diary.note.value == "after the hills" and app.diary.leg.value == "right"
    assert app.diary.pain.value == 3


def test_a_raised_sign_governs_the_diarys_return_to_run_record(app):
    """A pop rules out running: however many checks are ticked, the diary's gate says not yet
    and why, both from the page's answers and from the entry that kept them."""
    from hamstring_edu.recovery.stages import recovery_checklist

    _all_signs_no(app)
    for criterion in recovery_checklist().index:
        app.diary.journal.tick_criterion(app.diary.athlete, criterion, by="coach")
    app.diary.refresh()
    assert app.diary.record().gate.ready and "Every check is met" in app.diary.record_view.value
    app.assessment.inputs["rf_pop"].value = True
    assert not app.assessment.partial.urgent and app.result.limits.plan("return_to_run")
    assert "back to your usual training" not in app.diary.record_view.value
    assert "Every check is ticked, but the way back" in app.diary.record_view.value
    gate = app.diary.record().gate
    assert not gate.ready and gate.plan is None and "until a clinician" in gate.message
    assert html.escape(gate.message, quote=False) in app.diary.record_view.value
    _entry(app.diary, 7, stopped="running")
    entry = app.diary.entries.iloc[-1]
    assert entry["level"] and "running" in entry["limits"]
    assert "raise a warning sign" in app.diary.add_message.text
    assert not app.diary.journal.return_to_run_record(
        app.diary.athlete
    ).gate.ready  # the entry alone
    app.assessment.inputs["rf_pop"].value = False  # the page's answer changed; the entry stays
    assert not app.diary.record().gate.ready


def test_the_recovery_checklist_ticks_are_kept_in_the_diary_and_come_back(app):
    _all_signs_no(app)
    app.assessment.inputs["onset"].value = "next_day"  # soreness: nothing rules running out
    assert app.recovery_app is not None and not app.result.limits.plan("return_to_run")
    app.recovery_app.checks["walk_pain_free"].value = True
    app.recovery_app.checks["hold_pain_free"].value = True
    app.recovery_app.checks["hold_pain_free"].value = False
    ticks = app.diary.journal.return_to_run_record(app.diary.athlete).ticks.set_index("criterion")
    assert ticks.loc["walk_pain_free", "met"] and not ticks.loc["hold_pain_free", "met"]
    assert set(ticks["ticked_by"]) == {"me"}
    assert "You walk at your normal pace" in app.diary.record_view.value
    kept = _download(_download_markup(app.diary, app.diary.download_button))

    later = AthleteApp()  # the runner, another day: the diary opened, the boxes ticked again
    _all_signs_no(later)
    later.assessment.inputs["onset"].value = "next_day"
    later.diary.open_upload.value = (_upload("my_pain_diary.zip", kept),)
    assert "return-to-run ticks 2" in later.diary.keep_message.text
    assert later.recovery_app.checks["walk_pain_free"].value is True
    assert later.recovery_app.checks["hold_pain_free"].value is False


def test_the_runners_own_ticks_wait_while_the_page_rules_running_out(app):
    """A suspected strain: running waits for a clinician, so a tick of the runner's own is
    not recorded (and the box shows what the diary holds), and the page says why."""
    _all_signs_no(app)
    for qid, value in (("onset", "sudden_during"), ("spot", "one_spot"), ("legs", "one")):
        app.assessment.inputs[qid].value = value
    assert app.result.limits.plan("return_to_run")
    box = app.recovery_app.checks["walk_pain_free"]
    box.value = True
    assert box.value is False
    assert app.diary.journal.return_to_run_record(app.diary.athlete).ticks.empty
    assert "checks wait for them" in app.diary.keep_message.text


def _download_markup(diary: DiaryApp, button) -> str:
    button.click()
    return diary.keep_message.value


def test_the_uploaded_log_is_the_load_above_the_pain(app, tmp_path):
    _all_signs_no(app)
    days = [date.today() - timedelta(days=n) for n in range(35, 0, -1)]
    rows = [f"{d.isoformat()},me,run,{5 + n % 3},{30 + n % 5}" for n, d in enumerate(days)]
    files = "\n".join(["date,athlete,activity_type,distance_km,duration_min", *rows]).encode()
    app.log_upload.value = (_upload("runs.csv", files),)
    assert app.weeks is not None
    _entry(app.diary, 4, days_ago=1)
    spec = app.diary.timeline.spec
    bars = [t for t in spec["data"] if t["type"] == "bar"]
    assert bars and len(bars[0]["x"]) >= 28  # the four weeks before the diary's first day
    assert "Upload a training log" not in app.diary.load_note.value


def test_the_diary_without_a_log_draws_the_pain_alone(app):
    _all_signs_no(app)
    _entry(app.diary, 2)
    spec = app.diary.timeline.spec
    assert not [t for t in spec["data"] if t["type"] == "bar"]
    assert "yaxis2" not in spec["layout"]  # one panel: no empty load chart
    assert "Upload a training log in step 3" in app.diary.load_note.value


def test_the_diary_goes_to_a_calendar_and_a_file_that_opens_again_equal(app, tmp_path):
    _all_signs_no(app)
    _entry(app.diary, 3, days_ago=3, leg="left")
    _entry(app.diary, 5, days_ago=1, leg="left", note="hills, a note with a comma")
    ics = _download(_download_markup(app.diary, app.diary.ics_button)).decode()
    assert ics.count("BEGIN:VEVENT") == 2 and "hills\\, a note with a comma" in ics
    kept = _download(_download_markup(app.diary, app.diary.download_button))
    again = Journal.restore_zip(kept, tmp_path / "again.sqlite3")
    assert again.pain_diary(app.diary.athlete).equals(app.diary.entries)

    other = DiaryApp()
    _entry(other, 1)  # this page's own diary: opening another must not lose it
    other.open_upload.value = (_upload("my_pain_diary.zip", kept),)
    assert len(other.entries) == 2 and "kept in this file" in other.keep_message.text
    before = Journal.restore_zip(_download(other.keep_message.value), tmp_path / "before.sqlite3")
    assert before.pain_diary(other.athlete)["pain"].tolist() == [1]


def test_a_file_that_is_not_a_diary_is_refused_in_words_and_the_diary_stays(app):
    _all_signs_no(app)
    _entry(app.diary, 2)
    app.diary.open_upload.value = (_upload("holiday.zip", b"PK no"),)
    text = app.diary.keep_message.text
    assert "could not be opened" in text and "holiday.zip" in text
    assert "Traceback" not in text and len(app.diary.entries) == 1


def test_a_coachs_journal_of_several_athletes_is_not_opened_as_one_diary(tmp_path):
    journal = Journal(tmp_path / "team.sqlite3")
    journal.add_athlete("ana")
    journal.add_athlete("ben")
    diary = DiaryApp()
    diary.open_upload.value = (_upload("team.zip", journal.export_zip()),)
    assert "journals of 2 athletes" in diary.keep_message.text
    assert diary.athlete == "Me" and diary.entries.empty


# the journal's zip ------------------------------------------------------------------------


def _members(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


@pytest.fixture
def kept(tmp_path):
    journal = Journal(tmp_path / "j.sqlite3")
    journal.add_athlete("me")
    journal.add_pain("me", 4, date="2026-01-05", leg="left", flags={q: False for q in SIGNS})
    journal.tick_criterion("me", "walk_pain_free", by="coach", date="2026-01-06")
    return journal


def test_export_zip_restores_every_table_equal(kept, tmp_path):
    data = kept.export_zip()
    again = Journal.restore_zip(data, tmp_path / "again.sqlite3")
    first, second = _members(data), _members(again.export_zip())
    assert first.keys() == second.keys() and "diary.csv" in first
    assert {k: v for k, v in first.items() if k != "manifest.json"} == {
        k: v for k, v in second.items() if k != "manifest.json"
    }


@pytest.mark.parametrize(
    ("change", "said"),
    [
        (lambda m: {**m, "diary.csv": m["diary.csv"].replace(b"left", b"lefx")}, "checksum"),
        (lambda m: {k: v for k, v in m.items() if k != "manifest.json"}, "no manifest.json"),
        (lambda m: {**m, "../diary.csv": b"x"}, "climbs out"),
    ],
)
def test_a_changed_or_crafted_zip_is_refused_naming_it(kept, tmp_path, change, said):
    data = _zip(change(_members(kept.export_zip())))
    with pytest.raises(JournalError) as caught:
        Journal.restore_zip(data, tmp_path / "new.sqlite3", name="my_diary.zip")
    text = plain_message(caught.value)
    assert said in text and text.startswith("my_diary.zip")
    assert not (tmp_path / "new.sqlite3").exists()


def test_a_changed_member_is_named_in_the_zip(kept, tmp_path):
    members = _members(kept.export_zip())
    members["rtr_ticks.csv"] = members["rtr_ticks.csv"].replace(b"coach", b"coash")
    with pytest.raises(JournalError) as caught:
        Journal.restore_zip(_zip(members), tmp_path / "new.sqlite3", name="d.zip")
    assert caught.value.where == {"file": "d.zip", "member": "rtr_ticks.csv"}


def test_a_coach_gives_one_athlete_their_diary_and_the_app_opens_it(tmp_path):
    """One diary for each athlete of a coach's journal: export_zip(athlete=) holds only theirs
    (diary, ticks, activities and the imports they came from), and the athlete app opens it with
    the coach's ticks, by whom and when."""
    journal = Journal(tmp_path / "team.sqlite3")
    log = "date,athlete,activity_type,distance_km,duration_min\n"
    log += "2026-01-02,chloe,run,5,30\n2026-01-03,ben,run,8,45\n2026-01-04,chloe,run,6,33\n"
    (tmp_path / "team.csv").write_text(log)
    journal.import_log(tmp_path / "team.csv", team="harriers")
    journal.add_pain("chloe", 4, date="2026-01-05", leg="left", flags={q: False for q in SIGNS})
    journal.add_pain("ben", 2, date="2026-01-05", leg="right")
    journal.tick_criterion("chloe", "walk_pain_free", by="coach Ana", date="2026-01-06")
    data = journal.export_zip(athlete="chloe")
    mine = Journal.restore_zip(data, tmp_path / "chloe.sqlite3")
    assert list(mine.athletes()["athlete"]) == ["chloe"]
    assert len(mine.activities()) == 2 and len(mine.imports()) == 1
    assert (
        mine.pain_diary()
        .drop(columns="entry_id")
        .equals(journal.pain_diary("chloe").drop(columns="entry_id"))
    )
    diary = DiaryApp()
    diary.open_upload.value = (_upload("chloe_diary.zip", data),)
    assert diary.athlete == "chloe" and "return-to-run ticks 1" in diary.keep_message.text
    assert "coach Ana" in diary.record_view.value and "06 Jan 2026" in diary.record_view.value
    with pytest.raises(JournalError, match="unknown athlete 'dana'"):
        journal.export_zip(athlete="dana")


def test_the_printable_summary_holds_the_diary_but_an_urgent_one_does_not(app):
    _all_signs_no(app)
    _entry(app.diary, 4, days_ago=1, leg="left", place="low")
    app.assessment.inputs["rf_calf"].value = ""  # one sign unanswered: the next check is missing
    _entry(app.diary, 6, leg="left", place="low")
    page = app.summary_html()
    assert "<h2>Your pain diary</h2>" in page
    assert "Low down, near the back of the knee" in page and "<td class='num'>6</td>" in page
    assert "the warning signs were not answered with it" in page
    app.assessment.inputs["rf_calf"].value = True  # urgent: what to do now, and nothing else
    assert "Your pain diary" not in app.summary_html()


# what a review found (issue 25) ---------------------------------------------------------


def test_pain_that_stopped_the_run_without_the_signs_closes_the_gate(app):
    from hamstring_edu.recovery.stages import recovery_checklist

    for criterion in recovery_checklist().index:
        app.diary.journal.tick_criterion(app.diary.athlete, criterion, by="coach")
    app.diary.refresh()
    assert app.diary.record().gate.ready
    _entry(app.diary, 8, stopped="running")  # the signs unanswered in step 1
    gate = app.diary.record().gate
    assert not gate.ready and gate.plan is None and "Answer them first" in gate.message
    _all_signs_no(app)
    _entry(app.diary, 2)  # a later entry answered them: the way opens again
    assert app.diary.record().gate.ready


def test_a_cleared_day_is_refused_and_nothing_is_recorded(app):
    app.diary.day.value = None
    _all_signs_no(app)
    app.diary.pain.value = 4
    app.diary.note.value = "kept"
    app.diary.add_button.click()
    assert "the date box is empty" in app.diary.add_message.text
    assert app.diary.entries.empty and app.diary.note.value == "kept"


def test_today_is_the_visitors_today(app):
    from datetime import datetime
    from zoneinfo import ZoneInfo

    app.browser_zone.value = "Pacific/Kiritimati"  # UTC+14: often a day ahead of the server
    there = datetime.now(ZoneInfo("Pacific/Kiritimati")).date()
    assert app.diary.day.value == there
    _all_signs_no(app)
    app.diary.add_button.click()
    assert app.diary.entries["date"].iloc[-1].date() == there


def test_opening_a_diary_after_a_log_keeps_the_load_and_the_page_working(app, tmp_path):
    _all_signs_no(app)
    days = [date.today() - timedelta(days=n) for n in range(20, 0, -1)]
    rows = [f"{d.isoformat()},me,run,5,30" for d in days]
    log = "\n".join(["date,athlete,activity_type,distance_km,duration_min", *rows]).encode()
    app.log_upload.value = (_upload("runs.csv", log),)
    coach = Journal(tmp_path / "team.sqlite3")
    coach.add_athlete("chloe")
    coach.add_pain("chloe", 3, date=date.today() - timedelta(days=2))
    app.diary.open_upload.value = (_upload("chloe.zip", coach.export_zip(athlete="chloe")),)
    assert app.diary.athlete == "chloe" and "Opened your diary" in app.diary.keep_message.text
    _entry(app.diary, 4)
    assert len(app.diary.entries) == 2
    bars = [t for t in app.diary.timeline.spec["data"] if t["type"] == "bar"]
    assert bars and "Your pain diary" in app.summary_html()


def test_ticks_alone_are_offered_before_another_diary_replaces_them(app, kept, tmp_path):
    app.assessment.inputs["onset"].value = "next_day"
    app.recovery_app.checks["walk_pain_free"].value = True
    app.diary.open_upload.value = (_upload("d.zip", kept.export_zip()),)
    before = Journal.restore_zip(
        _download(app.diary.keep_message.value), tmp_path / "before.sqlite3"
    )
    assert len(before.return_to_run_record("Me").ticks) == 1


def test_a_diary_the_model_refuses_leaves_the_page_diary_whole(app, kept):
    _all_signs_no(app)
    _entry(app.diary, 2)
    members = _members(kept.export_zip())
    members["rtr_ticks.csv"] = members["rtr_ticks.csv"].replace(b"walk_pain_free", b"bogus")
    members["manifest.json"] = _manifest_for(members)
    app.diary.open_upload.value = (_upload("edited.zip", _zip(members)),)
    text = app.diary.keep_message.text
    assert "'bogus' is not a return-to-run check" in text and "edited.zip" in text
    assert len(app.diary.entries) == 1 and app.diary.athlete == "Me"
    app.diary.refresh()  # the page still works


def _manifest_for(members: dict[str, bytes]) -> bytes:
    """A manifest whose checksums fit edited members (an export edited by hand, then re-signed)."""
    import hashlib
    import json

    manifest = json.loads(members["manifest.json"])
    for name, entry in manifest["files"].items():
        entry["sha256"] = hashlib.sha256(members[name]).hexdigest()
    return json.dumps(manifest).encode()


@pytest.mark.parametrize(
    ("files", "said"),
    [
        ({"diary.csv": 3}, "not {name: {rows, sha256}}"),
        (["diary.csv"], "not {name: {rows, sha256}}"),
    ],
)
def test_a_crafted_manifest_is_refused_in_words(kept, tmp_path, files, said):
    import json

    members = _members(kept.export_zip())
    manifest = json.loads(members["manifest.json"])
    manifest["files"] = files
    members["manifest.json"] = json.dumps(manifest).encode()
    with pytest.raises(JournalError, match=re.escape(said)) as caught:
        Journal.restore_zip(_zip(members), tmp_path / "n.sqlite3", name="m.zip")
    assert plain_message(caught.value).startswith("m.zip")


def test_a_zip_of_the_export_folder_restores_and_errors_name_the_zip(kept, tmp_path):
    members = _members(kept.export_zip())
    foldered = _zip({f"my export/{k}": v for k, v in members.items()})
    again = Journal.restore_zip(foldered, tmp_path / "a.sqlite3", name="f.zip")
    assert len(again.pain_diary()) == 1
    members["diary.csv"] = (
        members["diary.csv"].replace(b"\n1,Me", b"\n1,Zed").replace(b"\n1,me", b"\n1,Zed")
    )
    members["manifest.json"] = _manifest_for(members)
    with pytest.raises(JournalError) as caught:
        Journal.restore_zip(_zip(members), tmp_path / "b.sqlite3", name="z.zip")
    assert caught.value.where.get("file") == "z.zip"


def test_close_removes_the_diarys_folder_at_once():
    from pathlib import Path

    diary = DiaryApp()
    folder = Path(diary._folder.name)
    assert folder.exists()
    diary.close()
    assert not folder.exists()


def test_a_later_check_of_the_signs_answers_the_missing_one(app):
    """A screen-reader user heard "checked with your answers" after the second entry, and the
    diary still said the first one's check was missing."""
    _entry(app.diary, 3)
    assert "were not answered with it" in app.diary.says.value
    _all_signs_no(app)
    _entry(app.diary, 5)
    assert "checked with your answers in step 1" in app.diary.add_message.text
    assert "were not answered with it" not in app.diary.says.value


def test_an_urgent_sign_is_announced_where_it_appears(app):
    app.assessment.inputs["rf_saddle"].value = True
    assert 'role="alert"' in app.assessment.top_banner.value
    app.assessment.inputs["rf_saddle"].value = ""
    app.assessment.inputs["rf_pop"].value = True  # a sign for the coming days: a status
    assert 'role="status"' in app.assessment.top_banner.value


def test_a_refused_day_says_nothing_was_recorded(app):
    _entry(app.diary, 3, days_ago=-3)
    assert app.diary.add_message.text.startswith("Not recorded")
