"""The routine app, driven from Python: build, follow along (advancing the clock), export."""

from __future__ import annotations

import asyncio

import pytest

from hamstring_edu.widgets.routines import RoutineApp


@pytest.fixture
def app():
    return RoutineApp()


def test_builds_on_start_and_redraws_on_change(app):
    assert app.plan["duration_s"].sum() == 600
    assert len(app.figure.figure.data) == 2  # aerobic + dynamic phases
    assert "Warm-up: 10 minutes" in app.figure.figure.layout.title.text
    app.session.value = "race"
    assert "strides" in set(app.plan["phase"])
    assert len(app.figure.figure.data) == 3
    # what is sent to the browser: one plotly bundle, traces with data, no plotly.js copy
    assert len(app.figure.outputs) == 1 and len(app.figure.spec["data"]) == 3
    app.kind.value = "cooldown"
    assert set(app.plan["phase"]) == {"aerobic", "static"}
    assert "Cool-down" in app.figure.figure.layout.title.text
    assert "Static hamstring stretch" in app.table.value


def test_a_condition_from_the_assessment_leaves_out_and_says_why(app):
    app.kind.value = "cooldown"
    app.condition.value = "tendon"
    assert "hamstring_stretch" not in set(app.plan["exercise"])
    assert "Static hamstring stretch" in app.left_out.value and "Beatty" in app.left_out.value
    app.condition.value = None
    assert app.left_out.value == ""


def test_focus_from_the_assessment_changes_the_plan(app):
    app.kind.value = "cooldown"
    before = (app.plan["exercise"] == "hamstring_stretch").sum()
    app.focus.value = ("tightness",)
    assert (app.plan["exercise"] == "hamstring_stretch").sum() == before + 1
    assert app.plan.attrs["focus"] == ("tightness",)


def test_too_few_minutes_shows_the_minimum_and_no_stale_plan(app):
    app.session.value = "race"
    app.minutes.value = 4
    assert "needs at least 6 minutes" in app.message.text
    # the routine of the old minutes is not left on screen under the new ones
    assert app.plan is None and app.figure.figure is None and app.table.value == ""
    app.minutes.value = 8
    assert app.message.text == "" and app.plan["duration_s"].sum() == 480


def test_player_follows_the_clock(app):
    plan = app.plan
    assert app.current_step == 0 and "Now: Brisk walking" in app.now.value
    assert "Up next:</b> Light jogging" in app.up_next.value
    app.play(real_time=False)
    assert app.playing and app.play_button.description == "Pause"
    first = int(plan.loc[0, "duration_s"])
    app.advance(first - 1)
    assert app.current_step == 0 and "(0:01 left)" in app.now.value
    app.advance(1)
    assert app.current_step == 1 and "Now: Light jogging" in app.now.value
    assert app.progress.value == first and app.progress.max == 600
    app.pause()
    app.advance(0)
    assert not app.playing and app.current_step == 1
    app.advance(10_000)
    assert app.current_step is None and "Done" in app.now.value and not app.playing
    app.reset()
    assert app.elapsed == 0 and app.current_step == 0


def test_start_button_plays_in_real_time(app):
    async def run():
        app.play_button.value = True  # what a click does
        assert app.playing and app._ticker is not None
        await asyncio.sleep(1.2)
        app.play_button.value = False
        return app.elapsed

    elapsed = asyncio.run(run())
    assert elapsed >= 1 and not app.playing and app._ticker is None


def test_rebuilding_resets_the_player(app):
    app.play(real_time=False)
    app.advance(100)
    app.minutes.value = 12
    assert app.elapsed == 0 and not app.playing and app.progress.max == 720


def test_export_buttons_offer_downloads_that_stay(app):
    import base64
    import re

    app.handout_button.click()
    assert "handout is ready" in app.export_message.text
    data = re.search(r'base64,([^"]+)"', app.export_message.value).group(1)
    assert "Brisk walking" in base64.b64decode(data).decode()
    app.minutes.value = 12  # the builder's own message area is separate
    assert "handout is ready" in app.export_message.text
    app.csv_button.click()
    assert 'download="my_routine.csv"' in app.export_message.value


def test_exports_escape_user_text(app, tmp_path):
    app.title.value = "Team <b>A</b>"
    app.notes.value = "<script>x</script>"
    page = app.save_handout(tmp_path).read_text()
    assert "Team &lt;b&gt;A&lt;/b&gt;" in page and "<script>" not in page
    assert "@media print" in page and "Brisk walking" in page and "http" not in page
    csv = app.save_csv(tmp_path).read_text().splitlines()
    assert csv[0].startswith("step,phase,name") and len(csv) == len(app.plan) + 1
    app.filename.value = "///"
    assert app.save_csv(tmp_path).name == "my_routine.csv"  # a usable name, not an error


def test_the_apps_words_come_from_the_text_files(app):
    from hamstring_edu.wording import say

    assert app.kind.options == (("Warm-up", "warmup"), ("Cool-down", "cooldown"))
    assert [label for label, _ in app.condition.options] == [
        say("routines.condition_none"),
        "tendon pattern (pain at the sitting bone, worse sitting)",
        say("routines.condition_strain"),
    ]
    assert app.play_button.description == say("routines.start")
    assert say("routines.follow_along") in app.children[6].value
