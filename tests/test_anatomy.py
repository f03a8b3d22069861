"""The anatomy primer's content and figures: drawn from data, lengths computed from geometry."""

from __future__ import annotations

import pytest

from hamstring_edu.anatomy import (
    conditions_frame,
    leg_points,
    load_anatomy,
    muscles_frame,
    stride_geometry,
)
from hamstring_edu.figures.anatomy import hamstring_diagram, length_chart, stride_figure


@pytest.fixture(scope="module")
def anatomy():
    return load_anatomy()


def test_the_muscles_and_what_they_cross(anatomy):
    frame = muscles_frame(anatomy)
    assert len(frame) == 4
    two_joint = frame[frame.crosses == "hip and knee"]
    assert set(two_joint.muscle) == {
        "Biceps femoris (long head)",
        "Semitendinosus",
        "Semimembranosus",
    }
    assert all("sitting bone" in origin for origin in two_joint["starts at"])
    assert frame.loc[frame.crosses == "knee", "muscle"].item() == "Biceps femoris (short head)"


def test_standing_leg_geometry(anatomy):
    pts = leg_points(anatomy, 0, 0)
    assert pts["knee"] == pytest.approx((0, -45))
    assert pts["ankle"] == pytest.approx((0, -90))
    assert pts["insertion"] == pytest.approx((-3, -50))


def test_bending_the_hip_or_straightening_the_knee_lengthens_the_line(anatomy):
    def length(hip, knee):
        p = leg_points(anatomy, hip, knee)
        (x0, y0), (x1, y1) = p["sitting_bone"], p["insertion"]
        return ((x1 - x0) ** 2 + (y1 - y0) ** 2) ** 0.5

    for knee in (0, 20, 60):
        assert length(40, knee) > length(20, knee) > length(0, knee)
    for hip in (0, 30, 45):
        assert length(hip, 10) > length(hip, 40) > length(hip, 90)


def test_late_swing_is_the_longest_position(anatomy):
    geometry = stride_geometry(anatomy)
    assert geometry.loc[geometry.length_cm.idxmax(), "id"] == "late_swing"
    assert geometry.loc[geometry.id == "standing", "length_pct"].item() == pytest.approx(100)


def test_every_condition_cites_its_sources(anatomy):
    frame = conditions_frame(anatomy)
    assert {"doms", "strain", "tendinopathy", "avulsion"} <= {c.id for c in anatomy.conditions}
    assert all(frame.refs.str.len() > 0)


def test_figures_have_titles_axes_hover_and_data(anatomy):
    diagram = hamstring_diagram(anatomy)
    names = {t.name for t in diagram.data}
    assert {"Semitendinosus", "Sitting bone (ischial tuberosity)"} <= names
    assert "from behind" in diagram.layout.title.text
    assert "cm" in diagram.layout.xaxis.title.text and "cm" in diagram.layout.yaxis.title.text
    geometry = stride_geometry(anatomy)
    stride = stride_figure(geometry)
    assert len(stride.data) == 2 * (len(geometry) - 1)  # a leg and a line per position
    assert all(t.hovertext for t in stride.data)
    bars = length_chart(geometry)
    assert list(bars.data[0].x) == list(geometry.position)
    assert bars.layout.yaxis.title.text.startswith("length")


def test_the_figures_are_worded_in_data_text_and_the_words_match_the_data(anatomy):
    from hamstring_edu import wording

    table = wording.texts("anatomy")
    diagram = hamstring_diagram(anatomy)
    assert diagram.layout.title.text.replace("<br>", " ") == table["diagram_title"]  # wrapped
    assert table["sitting_bone_name"] in {t.name for t in diagram.data}
    # "three of the four start here": what the note says is what the muscles' data says
    assert table["sitting_bone_note"].endswith("three of the four start here")
    starts = [m for m in anatomy.muscles if "sitting bone" in m.origin]
    assert (len(starts), len(anatomy.muscles)) == (3, 4)
    hover = next(t for t in diagram.data if t.name == "Semitendinosus").hovertext[0]
    assert "<br>starts at the sitting bone (ischial tuberosity)<br>" in hover
    assert hover.endswith("crosses the hip and the knee")
