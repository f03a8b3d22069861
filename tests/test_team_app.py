"""TeamDashboard and CheckinForm in Python: set the controls, read what they show."""

from __future__ import annotations

import datetime as dt

import pytest

from hamstring_edu.content import data_dir
from hamstring_edu.figures.style import figure_table
from hamstring_edu.journal import Journal
from hamstring_edu.widgets.common import PLOTLY_MIME
from hamstring_edu.widgets.team import CheckinForm, TeamDashboard, week_label

SAMPLE = data_dir() / "samples" / "team_journal"


@pytest.fixture
def journal(tmp_path):
    with Journal.restore(SAMPLE, tmp_path / "team.sqlite3") as j:
        yield j


@pytest.fixture
def app(journal):
    return TeamDashboard(journal)


def test_opens_on_the_latest_week_with_everything_drawn(app):
    assert app.team.value == "harriers" and app.team.options == (("harriers", "harriers"),)
    assert app.week.value == "2025-05-19"
    assert app.week.options[0] == ("Mon 19 May 2025", "2025-05-19")
    assert [label for label, _ in app.week.options][-1] == "Mon 6 Jan 2025"
    assert app.message.text == ""
    talk = app.talk.value
    order = [talk.index(f"<b>{name}</b>") for name in ("dev", "chloe", "ben", "fay", "eli")]
    assert order == sorted(order) and "<b>gus</b>" not in talk
    assert "impellizzeri2021" in app.caveat.value
    assert app.table.value.count("<tr") == 11  # a header and ten athletes
    heat = app.heatmap.spec["data"][0]
    assert heat["type"] == "heatmap" and heat["z"]["shape"] == "10, 8"  # plotly's typed array
    assert app.athlete.value == "dev"  # the first on the talk-to list
    drill = app.drill.spec
    assert [t["type"] for t in drill["data"]] == ["bar", "scatter", "scatter"]
    assert len(drill["data"][0]["x"]) == 56
    assert "DISCLAIMER" not in app.children[0].value and "not a diagnosis" in app.children[0].value


def test_a_new_checkin_puts_the_athlete_on_the_list(app, journal):
    form = app.checkin
    assert form.date.value == dt.date(2025, 5, 25)  # the week's last day, not today
    form.athlete.value = "gus"
    form.rating.value = 7
    form.leg.value = "right"
    form.location.value = "upper"
    form.note.value = "sharp on the hill"
    form.save_button.click()
    assert form.message.text == "Saved: gus, soreness 7/10 on 2025-05-25."
    assert form.note.value == ""
    saved = journal.checkins(athlete="gus").iloc[-1]
    assert (saved["rating"], saved["leg"], saved["note"]) == (7, "right", "sharp on the hill")
    talk = app.view.talk_to
    assert talk["athlete"].tolist() == ["dev", "gus", "chloe", "ben", "fay", "eli"]
    assert "soreness 7/10 on Sun 25 May (right leg, upper thigh)" in app.talk.value
    assert app.table.value.count("7/10") == 1


def test_a_bad_checkin_answers_next_to_the_button_and_changes_nothing(app, journal):
    before = len(journal.checkins())
    talk = app.talk.value
    form = app.checkin
    form.athlete.value = "ivan"
    form.rating.value = 8
    form.date.value = dt.date.today() + dt.timedelta(days=3)
    form.save_button.click()
    message = form.message.text
    assert message.startswith("The check-in was not saved The day ")
    assert "is still to come: choose the day of the run, today" in message
    assert "field" not in message and "'date'" not in message  # no developer wording
    assert form.message.value.startswith('<div role="alert"')
    assert form.saved_id is None
    assert len(journal.checkins()) == before and app.talk.value == talk
    form.date.value = dt.date(2025, 5, 24)
    form.save()
    assert form.message.text.startswith("Saved: ivan, soreness 8/10")


def test_changing_week_and_athlete_redraws(app):
    app.week.value = "2025-04-28"
    assert app.view.title == "harriers, week of Mon 28 Apr 2025"
    assert "Nobody to talk to" in app.talk.value
    assert app.heatmap.spec["data"][0]["x"][-1] == "2025-04-28"
    assert app.checkin.date.value == dt.date(2025, 5, 4)
    app.athlete.value = "hana"
    assert app.drill.figure.layout.title.text.startswith("hana: daily load and soreness")
    app.week.value = "2025-05-05"
    assert app.athlete.value == "hana"  # the chosen athlete stays
    assert "<b>chloe</b>" in app.talk.value  # +39% after a lighter week


def test_an_empty_journal_says_what_to_do(tmp_path):
    with Journal(tmp_path / "empty.sqlite3") as j:
        app = TeamDashboard(j)
        assert "no athletes yet: import a training log first" in app.message.text
        assert app.view is None and app.heatmap.figure is None


def test_athletes_without_a_team(tmp_path):
    with Journal(tmp_path / "solo.sqlite3") as j:
        j.add_athlete("kim")
        j.add_checkin("kim", 5, date="2025-05-20")
        app = TeamDashboard(j, today="2025-06-01")
        assert app.team.options == (("(no team)", ""),)
        assert app.view.talk_to["athlete"].tolist() == ["kim"]


def test_the_checkin_form_alone(journal):
    saved = []
    form = CheckinForm(journal, on_saved=saved.append, day=dt.date(2025, 5, 20))
    assert form.athlete.label == "Choose the athlete" and form.athlete.value is None
    assert [name for name, _ in form.athlete.options][:4] == [
        "Choose the athlete",
        "ana",
        "ben",
        "chloe",
    ]
    form.athlete.value = "ana"
    form.rating.value = 2
    form.save()
    assert saved == [form.saved_id] and form.saved_id is not None


def test_week_label():
    assert week_label("2025-05-19") == "Mon 19 May 2025"


def test_figures_travel_as_plain_plotly_json(app):
    for area in (app.heatmap, app.drill):
        assert any(PLOTLY_MIME in o["data"] for o in area.outputs)
        assert area.spec["data"]


def test_the_dashboards_words_come_from_the_text_files(app):
    from hamstring_edu.wording import say

    assert say("team.caveat") in app.caveat.value.replace("&#x27;", "'")
    assert say("team.caveat_title") in app.caveat.value
    assert app.checkin.save_button.description == say("team.save_checkin") == "Save check-in"
    assert say("team.table_caption", day="2025-05-25") in app.table.value


# --------------------------------------------------------------------------- first-use fixes


def test_every_control_is_named_by_its_purpose(app):
    """Issue 21: the controls' names were separate HTML text, not labels of the controls."""
    form = app.checkin
    named = {
        app.team: "Team",
        app.week: "Week",
        app.athlete: "Athlete to show",
        form.athlete: "Athlete",
        form.date: "Day of the run",
        form.leg: "Leg",
        form.location: "Where",
        form.rating: "Soreness (0 none, 10 worst)",
        form.note: "Note",
    }
    for control, name in named.items():
        assert control.description == name
        assert control.style.description_width == "initial"
    # no slider: a slider's handle gets no accessible name from ipywidgets
    assert form.rating.options[0] == ("0 (none)", 0) and form.rating.options[-1] == (
        "10 (worst)",
        10,
    )
    assert "Ctrl" not in str([c.description for c in named])


def test_a_checkin_without_an_athlete_or_a_date_says_what_to_do(app, journal):
    before = len(journal.checkins())
    form = app.checkin
    assert form.athlete.label == "Choose the athlete"  # never blank, nobody chosen for you
    form.save_button.click()
    assert form.message.text == (
        "The check-in was not saved Choose the athlete first: the list has every athlete of "
        "the team."
    )
    form.athlete.value = "ana"
    form.date.value = None
    form.save_button.click()
    assert form.message.text == "The check-in was not saved Type or pick the day of the run."
    assert len(journal.checkins()) == before


def test_a_saved_checkin_is_announced(app):
    form = app.checkin
    form.athlete.value = "gus"
    form.rating.value = 5
    form.save_button.click()
    assert form.message.value.startswith('<div role="status"')
    assert form.message.text == "Saved: gus, soreness 5/10 on 2025-05-25."


def test_the_figures_say_their_numbers_and_name_their_zones_in_words(app):
    heat = app.heatmap.summary
    assert "In the week of 19 May 2025, 2 of 10 athletes were in the zone “above 1.5”" in heat
    assert "(ben 1.63, fay 1.52)" in heat and "“1.3-1.5” (eli 1.39)" in heat
    assert "7 of 10 athletes were in the zone “0.8-1.3”" in heat
    assert "The biggest change on the week before was ben's +89%." in heat
    columns, rows = figure_table(app.heatmap.figure)
    assert columns[:4] == ["athlete", "week starting", "ratio", "zone"] and len(rows) == 80
    ben = next(r for r in rows if r[:2] == ["ben", "2025-05-19"])
    assert ben[2:4] == ["1.63", "above 1.5"]
    drill = app.drill.summary  # dev, the first on the talk-to list
    assert "dev, 8 weeks to 25 May 2025: 80.6 km in the shaded week" in drill
    assert "(+10% on the week before; ratio 1.16, zone 0.8-1.3)" in drill
    app.athlete.value = "chloe"
    drill = app.drill.summary
    assert "3 soreness check-ins, the highest 6/10 on 21 May 2025" in drill
    assert "the talk-to line is at 4/10" in drill
    columns, rows = figure_table(app.drill.figure)
    assert columns == ["date", "load (km)", "soreness (0-10)"] and len(rows) == 56
    assert [rows[-5][0], rows[-5][2]] == ["2025-05-21", 6]


def test_the_dashboard_keeps_its_keys_from_jupyterlab(app):
    """Arrow keys in the check-in form's dropdowns moved JupyterLab's cell cursor."""
    script = app.children[-1].outputs[0]["data"]["text/html"]
    assert "stopPropagation" in script and ".hamstring-checkin" in script
    assert 'role="region"' in app.table.value and 'tabindex="0"' in app.table.value


def test_the_dashboard_shows_each_athletes_return_to_run_stage(journal):
    """Issue 25: the coach's record of the way back, in the week's table and the list."""
    journal.tick_criterion("gus", "walk_pain_free", by="coach Ana", date="2025-05-20")
    app = TeamDashboard(journal)
    assert "<th" in app.table.value and "return-to-run stage" in app.table.value
    gus = next(r for r in app.table.value.split("<tr") if ">gus<" in r)
    assert gus.count("<td") == 9 and "<td" in gus and ">1</td>" in gus
    assert "<b>gus</b>" in app.talk.value and "return-to-run stage 1" in app.talk.value
