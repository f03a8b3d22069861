"""A figure's text alternative: the summary a figure function gives it, the data as a table, and
how an app or a notebook shows both with the figure (title above, summary and table below)."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from hamstring_edu.figures.style import describe, figure_table, new_figure, styled, summary_of
from hamstring_edu.widgets.common import (
    PLOTLY_MIME,
    TABLE_ROWS,
    FigureOutput,
    figure_outputs,
    plain_text,
)


def _weekly() -> go.Figure:
    weeks = pd.to_datetime(["2026-11-02", "2026-11-09", "2026-11-16"])
    fig = new_figure([go.Bar(x=weeks, y=[20.0, 28.004, 24.5], name="Distance")])
    return styled(fig, title="Weekly distance <i>(km)</i>", x_title="Week of", y_title="km")


def test_describe_keeps_one_sentence_and_an_optional_table():
    fig = describe(_weekly(), "Weekly distance went from 20 km\n  to 28 km.")
    assert summary_of(fig) == "Weekly distance went from 20 km to 28 km."
    columns, rows = figure_table(fig)
    assert columns == ["Series", "Week of", "km"]
    assert rows == [
        ["Distance", "2026-11-02", 20.0],
        ["Distance", "2026-11-09", 28.0],
        ["Distance", "2026-11-16", 24.5],
    ]
    table = pd.DataFrame({"Week": ["2 Nov", "9 Nov"], "Change (%)": [float("nan"), 40.0]})
    describe(fig, "With a table.", table)
    assert figure_table(fig) == (["Week", "Change (%)"], [["2 Nov", ""], ["9 Nov", 40.0]])


def test_a_figure_without_describe_has_no_summary():
    assert summary_of(_weekly()) == ""


def test_heatmap_and_pie_tables_have_one_row_per_cell_or_slice():
    heat = new_figure([go.Heatmap(x=["Mon", "Tue"], y=["Ann", "Bo"], z=[[1, 2], [3, 4]])])
    assert figure_table(heat)[1] == [
        ["Ann", "Mon", 1],
        ["Ann", "Tue", 2],
        ["Bo", "Mon", 3],
        ["Bo", "Tue", 4],
    ]
    pie = new_figure([go.Pie(labels=["a", "b"], values=[3, 1], name="share")])
    assert figure_table(pie)[1] == [["share", "a", 3], ["share", "b", 1]]


def test_an_app_shows_the_title_above_and_the_summary_and_table_below():
    fig = describe(_weekly(), "Up from 20 km to 28 km, then 24.5 km <b>bold</b>.")
    out = FigureOutput()
    out.show(fig)
    title, drawing, below = out.outputs
    assert plain_text(title["data"]["text/html"]) == "Weekly distance (km)"
    assert PLOTLY_MIME in drawing["data"] and out.spec is drawing["data"][PLOTLY_MIME]
    # the title is page text, not drawn, so it wraps and the toolbar never covers it
    assert "title" not in out.spec["layout"]
    assert out.spec["layout"]["margin"]["t"] < fig.layout.margin.t
    markup = below["data"]["text/html"]
    assert "&lt;b&gt;bold&lt;/b&gt;" in markup  # what a figure says is escaped, never markup
    assert "<details" in markup and '<th scope="col">Week of</th>' in markup
    assert "28.0</td>" in markup or "28</td>" in markup
    # the drawing is a figure named by the title and described by the summary
    assert "setAttribute('role','figure')" in markup
    assert out.summary == "Weekly distance (km). Up from 20 km to 28 km, then 24.5 km <b>bold</b>."
    out.clear()
    assert out.outputs == () and out.summary == "" and out.spec == {}


def test_a_long_table_says_how_much_it_shows():
    many = pd.date_range("2020-01-01", periods=TABLE_ROWS + 40, freq="D")
    fig = describe(new_figure([go.Scatter(x=many, y=list(range(len(many))))]), "Many days.")
    below = figure_outputs(fig)[2]["data"]["text/html"]
    assert below.count("<tr>") == TABLE_ROWS + 1  # the header row and TABLE_ROWS rows
    assert f"The first {TABLE_ROWS} of {TABLE_ROWS + 40} rows are shown." in plain_text(below)
