"""The load app, driven from Python: athletes, units, measures, uploads and the planner."""

from __future__ import annotations

import pytest

from hamstring_edu.units import KM_PER_MILE
from hamstring_edu.widgets.load import LoadApp


@pytest.fixture
def app():
    return LoadApp()


def test_starts_on_the_sample_team(app):
    assert list(app.athlete.options) == ["alex", "jo", "sam"]
    assert app.athlete.value == "alex"
    assert len(app.volume_fig.data) == 2 and len(app.acwr_fig.data) == 2
    assert "Educational, not a diagnosis" in app.children[0].value
    assert app.plan["planned_km"].iloc[-1] == 45


def test_picking_an_athlete_shows_their_spike(app):
    app.athlete.value = "sam"
    assert "+60%" in [a.text for a in app.volume_fig.layout.annotations]
    assert "sam" in app.summary.value


def test_units_switch_everywhere(app):
    km = list(app.volume_fig.data[0].y)
    app.units.value = "mi"
    miles = list(app.volume_fig.data[0].y)
    assert miles[1] == pytest.approx(km[1] / KM_PER_MILE)
    assert "(mi)" in app.volume_fig.layout.yaxis.title.text
    assert "(mi)" in app.plan_fig.layout.yaxis.title.text
    # planner sliders are read in the shown unit
    assert app.plan["planned_km"].iloc[-1] == pytest.approx(45 * KM_PER_MILE, abs=0.1)


def test_planner_sliders_update_the_plan_live(app):
    weeks_at_10 = len(app.plan)
    app.increase.value = 0.25
    assert len(app.plan) < weeks_at_10
    assert len(app.plan_fig.data[0].x) == len(app.plan)
    app.target.value = 20  # below the current 30: explained, plan kept
    assert "below the current volume" in app.message.text
    assert app.plan["planned_km"].iloc[-1] == 45


def test_measure_switch_recomputes(app):
    before = list(app.volume_fig.data[0].y)
    app.measure.value = "duration"
    assert list(app.volume_fig.data[0].y) != before
    assert "(min)" in app.volume_fig.layout.yaxis.title.text


def test_uploads(app, device_files):
    good = (device_files / "fit" / "garmin-fenix-5-run.fit").read_bytes()
    broken = (device_files / "gpx" / "route.gpx").read_bytes()
    app.load_files([("run.fit", good), ("route.gpx", broken)])
    assert len(app.activities) == 1
    assert "Read 1 activities" in app.message.text and "planned route" in app.message.text
    kept = app.activities
    app.message.guard(lambda: app.load_files([("bad.csv", b"day,km\n1,2\n")]))
    assert "missing distance column" in app.message.text
    assert app.activities is kept
