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
    assert "Educational, not a diagnosis" in app.children[0].value
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
    assert "(miles)" in app.current_label.value and "(miles)" in app.target_label.value
    app.units.value = "km"
    assert app.target.value == pytest.approx(45, abs=0.2)


def test_planner_sliders_update_the_plan_live(app):
    weeks_at_10 = len(app.plan)
    app.increase.value = 0.25
    assert len(app.plan) < weeks_at_10
    assert len(app.plan_fig.figure.data[0].x) == len(app.plan)
    app.target.value = 20  # below the current 30: explained next to the planner, plan kept
    assert "below" in app.plan_message.text
    assert app.plan["planned_km"].iloc[-1] == 45


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
    assert "Read 1 activities from run.fit, route.gpx" in text
    assert "route.gpx" in text and "planned route" in text
    assert "tmp" not in text and "inf%" not in app.summary.value


def test_a_bad_upload_keeps_the_log_and_says_why(app):
    kept = app.activities
    app.load_files([("bad.csv", b"day,km\n1,2\n")])
    assert "bad.csv" in app.upload_message.text and "unchanged" in app.upload_message.text
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
        weeks=len(weeks), spikes=int(weeks["spike"].sum()), spike="30"
    )
    assert app.summary.value.startswith(f"<p><b>alex</b>: {summary} Distances were read in")
    app.target.value = 200
    app.increase.value = 0.3
    assert app.plan_message.text.startswith(table["plan_warnings"])
