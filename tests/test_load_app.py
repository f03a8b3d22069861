"""The load app, driven from Python: athletes, units, measures, uploads and the planner."""

from __future__ import annotations

import pandas as pd
import pytest

from hamstring_edu.units import KM_PER_MILE
from hamstring_edu.widgets.load import LoadApp


@pytest.fixture
def app():
    return LoadApp()


def _dates(spec: dict) -> list[str]:
    """The x values sent to the browser for the first trace (ISO strings, never nanoseconds)."""
    return [str(x) for x in spec["data"][0]["x"]]


def test_starts_on_the_sample_team(app):
    assert list(app.athlete.options) == ["alex", "jo", "sam"]
    assert app.athlete.value == "alex"
    assert len(app.volume_fig.figure.data) == 2 and len(app.acwr_fig.figure.data) == 2
    assert any("Educational, not a diagnosis" in getattr(c, "value", "") for c in app.children[:3])
    assert app.plan["planned_km"].iloc[-1] == 45


def test_every_chart_sends_dates_the_browser_reads_as_dates(app):
    """The issue's blocker: the ACWR and fitness charts were empty, on an x axis of 2000,
    because FigureWidget sent datetime64 as raw nanoseconds."""
    first, last = app.metrics["date"].min(), app.metrics["date"].max()
    for out in (app.volume_fig, app.acwr_fig, app.pmc_fig):
        xs = _dates(out.spec)
        assert xs and all(x[:4].isdigit() and x[4] == "-" for x in xs), xs[:3]
        days = pd.to_datetime(xs)
        assert days.min() >= first - pd.Timedelta(days=7) and days.max() <= last
        assert out.spec["layout"]["xaxis"]["type"] == "date"


def test_picking_an_athlete_shows_their_spike(app):
    app.athlete.value = "sam"
    assert "+60%" in [a.text for a in app.volume_fig.figure.layout.annotations]
    assert "sam" in app.summary.value and "rose more than 30%" in app.summary.value


def test_units_switch_converts_the_plan_and_relabels_everything(app):
    km = list(app.volume_fig.figure.data[0].y)
    before = app.plan["planned_km"].iloc[-1]
    app.units.value = "mi"
    miles = list(app.volume_fig.figure.data[0].y)
    assert miles[1] == pytest.approx(km[1] / KM_PER_MILE)
    assert "(mi)" in app.volume_fig.figure.layout.yaxis.title.text
    assert "(mi)" in app.plan_fig.figure.layout.yaxis.title.text
    # the planner's distances are converted, not relabelled: the same plan in miles
    assert app.current.value == pytest.approx(30 / KM_PER_MILE, abs=0.1)
    assert app.target.value == pytest.approx(45 / KM_PER_MILE, abs=0.1)
    assert app.plan["planned_km"].iloc[-1] == pytest.approx(before, abs=0.2)
    assert "(miles)" in app.current.description and "(miles)" in app.target.description
    assert "converted, not just relabelled" in app.message.text
    app.units.value = "km"
    assert app.target.value == pytest.approx(45, abs=0.2)


def test_planner_sliders_update_the_plan_live(app):
    weeks_at_10 = len(app.plan)
    app.increase.value = 0.25
    assert len(app.plan) < weeks_at_10
    assert len(app.plan_fig.figure.data[0].x) == len(app.plan)
    app.target.value = 20  # below the current 30: refused next to the planner, the old plan gone
    assert "below your weekly distance now" in app.plan_message.text
    assert app.plan is None and app.plan_fig.figure is None


def test_the_planner_warns_beyond_what_the_notebook_teaches(app):
    """The issue: 10 -> 150 km a week in 14 weeks passed without a word, at 22 % a week."""
    app.current.value = 10
    app.increase.value = 0.22
    app.target.value = 150
    assert app.plan is not None
    text = app.plan_message.text
    assert "Before you use this plan" in text and "10%" in text
    app.increase.value = 0.10
    app.target.value = 15
    assert "Before you use this plan" not in app.plan_message.text


def test_measure_switch_recomputes(app):
    before = list(app.volume_fig.figure.data[0].y)
    app.measure.value = "duration"
    assert list(app.volume_fig.figure.data[0].y) != before
    assert "(min)" in app.volume_fig.figure.layout.yaxis.title.text


def test_uploads_keep_their_names_and_list_what_was_left_out(app, device_files):
    good = (device_files / "fit" / "garmin-fenix-5-run.fit").read_bytes()
    broken = (device_files / "gpx" / "route.gpx").read_bytes()
    app.load_files([("run.fit", good), ("route.gpx", broken)])
    assert len(app.activities) == 1
    text = app.upload_message.text
    assert "Read 1 activity from run.fit, route.gpx" in text
    assert "route.gpx" in text and "planned route" in text
    assert "tmp" not in text and "inf%" not in app.summary.value


def test_a_bad_upload_keeps_the_log_and_says_why(app):
    kept = app.activities
    app.load_files([("bad.csv", b"day,km\n1,2\n")])
    text = app.upload_message.text
    assert "bad.csv" in text and "still show the log from before" in text
    assert "field '" not in text and "no file of" not in text and "units=" not in text
    assert app.activities is kept


def test_an_upload_where_every_row_is_dropped_keeps_the_log(app):
    """Issue 12, item 6: an IndexError after the log had already been replaced."""
    kept = app.activities
    csv = b"athlete,date,distance_km,duration_min\nsam,2024-01-01,289,8\n"
    app.load_files([("glitch.csv", csv)])
    assert app.activities is kept
    assert "glitch.csv" in app.upload_message.text


def test_the_summary_and_the_planner_are_worded_in_data_text(app):
    from hamstring_edu import wording

    table = wording.texts("load")
    weeks = app.weeks
    summary = table["summary_weeks"].format(
        weeks=table["weeks_count_many"].format(count=len(weeks)),
        spikes=table["spikes_many"].format(count=int(weeks["spike"].sum())),
        spike="30",
    )
    assert app.summary.value.startswith(f"<p><b>alex</b>: {summary} Distances were read in")
    app.target.value = 200
    app.increase.value = 0.3
    summary = app.plan.attrs["summary"]
    assert app.plan_message.text.startswith(table["plan_warnings_after"].format(summary=summary))


# --- accessibility and first use ------------------------------------------------------------


def test_every_control_is_named_by_its_purpose(app):
    """Each control's label is its own description (a <label for> in the browser), set to wrap;
    no slider is left, whose handle ipywidgets cannot name."""
    controls = {
        app.athlete: "Athlete",
        app.measure: "Load measured as",
        app.units: "Distances in",
        app.totals: "Your weekly totals of the last weeks, oldest first (optional)",
        app.current: "Your weekly distance now (km)",
        app.target: "Your weekly distance goal (km)",
        app.increase: "Largest rise from one week to the next",
        app.recovery_every: "Lighter weeks",
        app.rest_days: "Rest days a week",
        app.hr_resting: "Your resting heart rate (beats per minute)",
        app.hr_maximum: "Your maximum heart rate (beats per minute)",
        app.hr_sex: "TRIMP weighting for",
    }
    for control, name in controls.items():
        assert control.description == name
        assert control.style.description_width == "initial"
    assert app.upload.description == "Upload your own log"
    assert "CSV file, GPX, TCX or FIT files" in app.upload_hint.value
    assert "account archive as downloaded (.zip)" in app.upload_hint.value
    assert app.upload.accept == ".csv,.gpx,.tcx,.fit,.gz,.zip"
    import ipywidgets as widgets

    def walk(w):
        yield w
        for child in getattr(w, "children", ()):
            yield from walk(child)

    assert not [w for w in walk(app) if isinstance(w, widgets.FloatSlider | widgets.IntSlider)]
    assert [label for label, _ in app.rest_days.options][:2] == [
        "1 rest day a week",
        "2 rest days a week",
    ]


def test_errors_are_announced_and_replace_the_old_plan(app):
    assert 'role="status"' in app.plan_message.value  # the plan's summary, announced politely
    app.target.value = 5000
    assert 'role="alert"' in app.plan_message.value
    text = app.plan_message.text
    assert "Your goal must be more than 0 and at most 500 km a week; you typed 5000" in text
    assert "field '" not in text and "target_weekly" not in text
    assert app.target.value == 5000  # what was typed stays: refused, never clamped to 300
    assert app.plan is None and app.plan_fig.figure is None  # no old chart under the error
    app.target.value = 45
    app.current.value = -20
    text = app.plan_message.text
    assert "you typed -20" in text and "5000" not in text  # the old message is gone
    assert app.current.value == -20 and app.plan is None
    app.current.value = 99999
    assert "you typed 99999" in app.plan_message.text and app.current.value == 99999


def test_the_miles_switch_converts_the_limits_too(app):
    """The issue: the miles switch kept a 3-250 miles slider."""
    app.units.value = "mi"
    app.target.value = 400
    assert "at most 311 miles a week; you typed 400" in app.plan_message.text
    app.target.value = 300
    assert app.plan is not None and app.plan["planned"].iloc[-1] == 300


def test_an_empty_week_in_typed_totals_is_refused_and_named(app):
    app.totals.value = "20, 22, 25"
    assert app.totals_fig.figure is not None
    app.totals.value = "20,, 30; 40"
    text = app.totals_message.text
    assert "empty place after week 1 (20)" in text and 'role="alert"' in app.totals_message.value
    assert app.totals_fig.figure is None and app.typed_weeks is None  # the old chart is gone


def test_typed_totals_say_which_weeks_they_are_and_start_the_plan(app):
    """The issue: the last total was taken as an unfinished current week, without a word."""
    app.totals.value = "20, 22, 30, 24, 26, 34"
    text = app.totals_message.text
    assert "your last total, 34 km, is taken as last week" in text
    assert "This week is not over yet, so it is not counted" in text
    assert "The planner below now starts from it: 34 km a week" in text
    assert app.current.value == 34 and app.plan["planned"].iloc[-1] == 45
    summary = app.totals_fig.summary
    assert "week of" in summary and "34 km" in summary
    assert app.typed_weeks["week_start"].iloc[-1] < pd.Timestamp.now().normalize() - pd.Timedelta(
        days=pd.Timestamp.now().weekday()
    )  # last week, not this one
    app.units.value = "mi"
    assert app.totals.value.startswith("12.4, 13.7")
    assert "typed weekly totals were converted to miles" in app.message.text


def test_a_short_plan_says_only_what_applies(app):
    """The issue: a 2-week plan mentioned "a lighter week every fourth week"."""
    app.target.value = 36
    assert len(app.plan) == 2
    text = app.plan_message.text
    assert text.startswith("2 weeks from 30 to 36 km a week")
    assert "every fourth" not in text and "the plan ends before week 4" in text
    app.recovery_every.value = 0
    app.target.value = 45
    assert "no lighter weeks (you chose none)" in app.plan_message.text


def test_an_unreadable_upload_is_explained_in_plain_words(app):
    """The issue: "no file of 1 could be read" and "field 'date': ..." were shown."""
    kept = app.activities
    app.load_files([("runs.csv", b"date,distance_km,duration_min\nxx,3,20\n")])
    text = app.upload_message.text
    assert app.activities is kept
    assert "Nothing could be used from what you chose (runs.csv)" in text
    assert "runs.csv, line 2: in the column 'date', 'xx' is not a date" in text
    assert "no file of" not in text and "field '" not in text and "not read:" not in text
    assert 'role="alert"' in app.upload_message.value


def test_one_week_of_log_reads_in_plain_grammar(app, device_files):
    """Seen at 800 px: "1 weeks; 0 week(s) rose" and a one-week chart with no bar."""
    app.load_files([("run.fit", (device_files / "fit" / "garmin-fenix-5-run.fit").read_bytes())])
    assert "1 week; no week rose more than 30%" in app.summary.value
    fig = app.volume_fig.figure
    assert "the only week so far" in app.volume_fig.summary
    assert fig.data[0].width[0] > 0  # a bar as wide as most of its week, also alone
    assert fig.layout.xaxis.title.text.startswith("week starting Monday, 20")


def test_a_measure_the_log_cannot_give_says_what_to_do_and_clears_the_charts(app, device_files):
    app.load_files([("run.fit", (device_files / "fit" / "garmin-fenix-5-run.fit").read_bytes())])
    app.measure.value = "srpe"
    text = app.message.text
    assert text.startswith("This log cannot be shown that way")
    assert "choose distance or duration" in text and "column 'rpe'" not in text
    assert app.volume_fig.figure is None and app.summary.value == ""  # nothing old stays
    app.measure.value = "distance"
    assert app.message.text == "" and app.volume_fig.figure is not None


def test_an_account_archive_uploads_as_downloaded_and_trimp_says_what_it_assumed(app):
    """Issue 24 in the app: Strava's zip read whole; TRIMP with heart-rate settings shown only
    for that measure; what was assumed said in words; a typed setting replaces the guess."""
    import season

    app.load_files([("export_9.zip", season.strava_archive(season.season(21)))])
    assert "Read 21 activities from export_9.zip" in app.upload_message.text
    assert "profile.csv" in app.upload_message.text  # the account data, listed as left out
    assert app.heart_rate_box.layout.display == "none"
    app.measure.value = "trimp"
    assert app.heart_rate_box.layout.display is None
    assert app.volume_fig.figure.layout.yaxis.title.text.endswith("(AU (TRIMP))")
    said = app.message.text
    assert "How this TRIMP was computed" in said and "resting heart rate 60 bpm" in said
    assumed_week = app.weeks["load"].iloc[-1]
    app.hr_resting.value, app.hr_maximum.value, app.hr_sex.value = "52", "188", "female"
    assert app.message.text == ""  # nothing assumed: nothing to say
    assert app.metrics.attrs["heart_rate"] == {"export_9": (52.0, 188.0, "female")}
    assert app.weeks["load"].iloc[-1] != pytest.approx(assumed_week)
    app.hr_resting.value = "fifty"
    assert "'fifty' is not a number" in app.message.text
    assert app.hr_resting.value == "fifty"  # what was typed stays as typed
    assert app.volume_fig.figure is None or not app.volume_fig.figure.data
    app.hr_resting.value = "10"
    assert "A resting heart rate is from 25 to 120 beats per minute; 10 is not" in (
        app.message.text
    )
    app.measure.value = "distance"
    assert app.heart_rate_box.layout.display == "none" and app.message.text == ""


def test_typed_heart_rates_say_they_count_for_the_whole_team():
    from hamstring_edu import read_log
    from hamstring_edu.content import data_dir

    archive = data_dir() / "samples" / "strava_export_made_up.zip"
    team = pd.concat([read_log(archive, athlete=a) for a in ("ines", "kai")], ignore_index=True)
    app = LoadApp(log=team)
    app.measure.value = "trimp"
    assert "ines: resting heart rate 60 bpm" in app.message.text
    assert "count for every athlete" not in app.message.text  # nothing typed yet
    app.hr_resting.value, app.hr_maximum.value, app.hr_sex.value = "55", "190", "female"
    assert app.message.text.endswith("count for every athlete of this log.")
    assert app.metrics.attrs["heart_rate"] == {
        "ines": (55.0, 190.0, "female"),
        "kai": (55.0, 190.0, "female"),
    }
