"""The content explorer app and the model figure, driven from Python."""

from __future__ import annotations

import pytest
from text_copy import edited_texts, refused_text

from hamstring_edu import load_content
from hamstring_edu.figures.content import CAUSE_COLOUR, model_sunburst
from hamstring_edu.figures.style import VERDICT_COLOURS
from hamstring_edu.widgets.explorer import ContentExplorer


@pytest.fixture
def app():
    return ContentExplorer()


def test_starts_with_all_six_causes(app):
    assert app.shown_causes == tuple(c.id for c in load_content().causes)
    assert app.panel.value.count("<h3>") == 6
    assert "Educational, not a diagnosis" in app.children[0].value


def test_picking_a_cause_shows_its_solutions_doses_and_evidence(app):
    app.cause_picker.value = "recovery"
    assert app.shown_causes == ("recovery",)
    panel = app.panel.value
    assert panel.count("<h3>") == 1
    assert "15-20 minutes" in panel and "above heart level" in panel
    assert "Contested" in panel  # the ice evidence verdict
    assert "Bleakley et al. 2004" in panel


def test_a_cause_lists_its_exercises(app):
    app.cause_picker.value = "tightness"
    content = load_content()
    for exercise in content.exercises_for("tightness"):
        assert exercise.name in app.panel.value


def test_search_finds_solutions_across_causes(app):
    app.search_box.value = "cadence"
    assert any(h.id == "shorter_stride" for h in app.hits)
    assert "technique" in app.shown_causes
    assert "match(es) for <b>cadence</b>" in app.panel.value


def test_search_within_a_picked_cause(app):
    app.search_box.value = "stretch"
    everywhere = {h.cause for h in app.hits if h.cause}
    assert len(everywhere) > 1
    app.cause_picker.value = "tightness"
    assert {h.cause for h in app.hits if h.cause} == {"tightness"}
    app.search_box.value = "cadence"
    assert app.hits == ()
    assert "match(es) under other causes" in app.panel.value


def test_no_match_is_said_and_input_is_escaped(app):
    app.search_box.value = "<script>zzz"
    assert app.hits == ()
    assert "No match" in app.panel.value
    assert "<script>" not in app.panel.value and "&lt;script&gt;" in app.panel.value
    app.search_box.value = ""
    assert app.panel.value.count("<h3>") == 6


def test_sunburst_shows_every_cause_and_solution():
    content = load_content()
    fig = model_sunburst(content)
    sun = fig.data[0]
    assert len(sun.ids) == 1 + 6 + len(content.solutions)
    assert set(sun.parents) == {"", "root", *(c.id for c in content.causes)}
    colours = dict(zip(sun.ids, sun.marker.colors, strict=True))
    assert colours["overuse"] == CAUSE_COLOUR  # colour means evidence only
    assert colours["ice"] == VERDICT_COLOURS["contested"]
    assert colours["cooldown_then_stretch"] == VERDICT_COLOURS["not_supported"]
    hover = dict(zip(sun.ids, sun.hovertext, strict=True))
    assert "48-72 hours" in hover["ice"]
    assert fig.layout.title.text
    legend = [t.name for t in fig.data[1:]]
    assert "Evidence: Contested" in legend


def test_search_is_whole_word_and_highlights_what_matched(app):
    """The issue: 'ice' returned 19 hits, 15 of them from quadriceps, twice, advice, novice."""
    import re

    app.search_box.value = "ice"
    assert app.hits and any(h.id == "ice" for h in app.hits)
    marked = re.findall(r"<mark[^>]*>([^<]+)</mark>", app.panel.value)
    assert marked and {m.lower() for m in marked} <= {"ice", "ices", "iced", "icing"}
    assert len(app.hits) == len(load_content().search("ice")) < 19
    app.search_box.value = "quadriceps"
    assert re.findall(r"<mark[^>]*>([^<]+)</mark>", app.panel.value)[0].lower() == "quadriceps"


def test_the_explorer_and_its_figure_are_worded_in_data_text_explorer(tmp_path):
    """Labels, messages, headings and the figure's words come from data/text/explorer.toml."""
    elsewhere = "{count} more under other causes ({all_causes})."
    with edited_texts(
        tmp_path,
        "explorer",
        all_causes="Every cause",
        elsewhere=elsewhere,
        why_sore="Why it hurts:",
        sunburst_title="The model",
    ):
        app = ContentExplorer()
        assert app.cause_picker.options[0] == ("Every cause", "all")
        assert app.panel.value.count("<b>Why it hurts:</b>") == 6
        app.cause_picker.value = "tightness"
        app.search_box.value = "cadence"
        assert "more under other causes (<i>Every cause</i>)." in app.panel.value
        assert model_sunburst(load_content()).layout.title.text == "The model"
    assert ContentExplorer().cause_picker.options[0] == ("All six causes", "all")


def test_a_broken_explorer_text_names_file_and_key(tmp_path):
    with refused_text(tmp_path, "explorer", "matches", "{count} match(es):", r"not in .*'query'"):
        ContentExplorer().search_box.value = "ice"


def test_the_controls_are_named_and_what_was_found_is_announced():
    """Issue 21: the picker and the search carry their purpose as a label that may wrap, and
    a live region says how many matches a search found."""
    app = ContentExplorer()
    for control in (app.cause_picker, app.search_box):
        assert control.description and control.style.description_width == "initial"
    assert 'role="status"' in app.count.value and "6 cause(s)" in app.count.value
    app.search_box.value = "ice"
    assert 'role="status"' in app.count.value and "match(es) for ice" in app.count.value
    app.search_box.value = "zzzz"
    assert "No match for zzzz" in app.count.value
