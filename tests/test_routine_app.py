"""The routine app, driven from Python: build, follow along (advancing the clock), export."""

from __future__ import annotations

import asyncio

import pytest

from hamstring_edu.widgets.common import PLOTLY_MIME
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
    bundles = [o for o in app.figure.outputs if PLOTLY_MIME in o["data"]]
    assert len(bundles) == 1 and len(app.figure.spec["data"]) == 3
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
    app.watch_button.click()  # issue 25: the routine as a FIT workout for the watch
    assert 'download="my_routine.fit"' in app.export_message.value
    from hamstring_edu.fit_workout import read_workout, routine_steps

    fit = re.search(r'application/vnd.ant.fit;base64,([^"]+)"', app.export_message.value)
    assert read_workout(base64.b64decode(fit.group(1)))[1] == routine_steps(app.plan)


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
    headings = [c.value for c in app.children if isinstance(getattr(c, "value", None), str)]
    assert any(say("routines.follow_along") in h for h in headings)


# --------------------------------------------------------------------------- issue 21: first use


def _named(control) -> str:
    """The control's own label (what ipywidgets ties to it with <label for>)."""
    return control.description


def test_every_control_is_named_by_its_purpose(app):
    """Before: the minutes slider, session, level, focus and condition had no description (a
    separate HTML text above them is not a label)."""
    for control in (app.kind, app.minutes, app.session, app.level, app.condition, app.progress):
        assert _named(control), control
        assert control.style.description_width == "initial"
    for control in (app.title, app.notes, app.filename):
        assert _named(control) and control.style.description_width == "initial"
    assert app.play_button.description and app.next_button.description
    assert app.back_button.description and app.reset_button.description


def test_focus_is_checkboxes_that_say_what_they_do_not_ctrl_click(app):
    """Before: a SelectMultiple with 'Ctrl-click for several' (no Ctrl on a phone)."""
    import ipywidgets as widgets

    from hamstring_edu.wording import say

    assert "ctrl" not in say("routines.focus_label").lower()
    boxes = list(app.focus.boxes.values())
    assert len(boxes) == 6 and all(isinstance(b, widgets.Checkbox) for b in boxes)
    assert all(b.description and not b.indent for b in boxes)
    assert "Tightness" in app.focus.boxes["tightness"].description
    app.focus.boxes["tightness"].value = True
    assert app.focus.value == ("tightness",) and app.plan.attrs["focus"] == ("tightness",)
    app.focus.value = ("overuse",)  # the athlete app sets it like a SelectMultiple
    assert app.focus.boxes["overuse"].value and not app.focus.boxes["tightness"].value


def test_the_condition_dropdown_shows_a_real_choice(app):
    """Before: the 'none' option had the value None, which ipywidgets shows as a blank box."""
    assert app.condition.index == 0 and app.condition.value is not None
    assert app.condition.label.startswith("None reported")
    app.condition.value = "tendon"
    app.condition.value = None  # the athlete app passes None for 'no condition'
    assert app.condition.index == 0 and app.condition.chosen is None
    assert app.plan is not None and app.plan.attrs["condition"] is None


def test_minutes_is_a_labelled_choice_not_an_unnamed_slider(app):
    """Before: an IntSlider (its handle has no accessible name; its track was 30 px wide)."""
    import ipywidgets as widgets

    assert isinstance(app.minutes, widgets.Dropdown)
    assert [v for _, v in app.minutes.options] == list(range(3, 31))
    assert app.minutes.label == "10 minutes"
    assert not any(
        isinstance(w, widgets.widget_int._Int) and "Slider" in type(w).__name__
        for w in _all_widgets(app)
    )


def _all_widgets(widget):
    yield widget
    for child in getattr(widget, "children", ()):
        yield from _all_widgets(child)


def test_the_steps_table_is_a_real_table_with_headers(app):
    """Before: cells without padding or scoped headers ran together ("30 s each leg1:00")."""
    import re

    value = app.table.value
    assert "<thead>" in value and "<caption>" in value
    heads = re.findall(r'<th scope="col">([^<]*)</th>', value)
    assert heads == ["start", "time", "exercise", "how"]
    assert '<th scope="row">1. ' in value
    assert value.count('<th scope="row">') == len(app.plan)
    assert "hamstring-steps" in value and "padding" in app.children[1].value


def test_errors_are_plain_words_in_a_live_region(app):
    """Before: "field 'minutes': ..." (developer wording), in a box no screen reader announced."""
    app.session.value = "race"
    app.minutes.value = 4
    assert app.plan is None and app.table.value == ""
    assert 'role="alert"' in app.message.value
    assert "field" not in app.message.text and "minutes" in app.message.text
    app.minutes.value = 12
    assert app.plan is not None and 'role="alert"' not in app.message.value


def test_the_player_steps_forward_and_back_and_says_each_step_once(app):
    first, second = app.plan["name"].iloc[:2]
    assert f"Step 1 of {len(app.plan)}: {first}" in app.step_news.value
    assert 'role="status"' in app.step_news.value
    app.step_next()
    assert app.current_step == 1 and f"Now: {second}" in app.now.value
    assert f"Step 2 of {len(app.plan)}: {second}" in app.step_news.value
    news = app.step_news.value
    app.advance(5)  # a tick inside the step: the live region does not change
    assert app.step_news.value == news
    app.step_back()  # 5 s into the step: back to its start
    assert app.current_step == 1 and app.elapsed == app.plan["start_s"].iloc[1]
    app.step_back()  # at its start: the step before
    assert app.current_step == 0 and app.back_button.disabled
    for _ in range(len(app.plan)):
        app.step_next()
    assert app.current_step is None and "Done" in app.now.value and app.next_button.disabled


def test_an_embedded_app_can_leave_out_the_disclaimer():
    from hamstring_edu.wording import say

    def texts(app):
        return " ".join(str(getattr(c, "value", "")) for c in app.children)

    assert say("common.disclaimer")[:30] in texts(RoutineApp())
    assert say("common.disclaimer")[:30] not in texts(RoutineApp(show_disclaimer=False))
