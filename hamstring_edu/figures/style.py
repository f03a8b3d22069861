"""The figures' shared look: a colour-blind-safe palette and a common layout."""

from __future__ import annotations

from typing import Any

import plotly.graph_objects as go

# Okabe & Ito's colour-blind-safe palette (no red/green pair).
OKABE_ITO = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky": "#56B4E9",
    "green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "purple": "#CC79A7",
    "grey": "#999999",
}
SEQUENCE = [
    OKABE_ITO[k] for k in ("blue", "orange", "green", "vermillion", "purple", "sky", "yellow")
]
CAUSE_COLOURS = {
    "overuse": OKABE_ITO["vermillion"],
    "imbalance": OKABE_ITO["blue"],
    "technique": OKABE_ITO["orange"],
    "tightness": OKABE_ITO["green"],
    "warmup_cooldown": OKABE_ITO["purple"],
    "recovery": OKABE_ITO["sky"],
}
VERDICT_COLOURS = {
    "supported": OKABE_ITO["blue"],
    "partly_supported": OKABE_ITO["sky"],
    "contested": OKABE_ITO["orange"],
    "not_supported": OKABE_ITO["vermillion"],
    "not_verified": OKABE_ITO["grey"],
    None: OKABE_ITO["grey"],
}


# The house look, close to plotly's "plotly_white" but small: a template this size costs well
# under a millisecond, where applying "plotly_white" (or plotly's default) costs 6-12 ms a figure.
_AXIS = {
    "gridcolor": "#EBF0F8",
    "linecolor": "#EBF0F8",
    "zerolinecolor": "#EBF0F8",
    "zerolinewidth": 2,
    "ticks": "",
    "automargin": True,
    "title": {"standoff": 12},
}
HOUSE_TEMPLATE = {
    "layout": {
        "paper_bgcolor": "white",
        "plot_bgcolor": "white",
        "colorway": SEQUENCE,
        "font": {"color": "#2a3f5f"},
        "hoverlabel": {"align": "left"},
        "xaxis": _AXIS,
        "yaxis": _AXIS,
    }
}


def new_figure(data: Any = None) -> go.Figure:
    """An empty figure (or one with ``data``) in the house look, quick to build."""
    return go.Figure(data=data, layout={"template": HOUSE_TEMPLATE})


TITLE_CHARS = 42  # a title line that still fits a figure 360 px wide (a phone, a side panel)
AXIS_CHARS = 26  # axis titles are centred on the plot area: keep each line short


def wrap_title(title: str, width: int = TITLE_CHARS) -> str:
    """A long title broken into lines (plotly does not wrap titles; long ones are cut off)."""
    import textwrap

    if "<br>" in title:
        return title
    return "<br>".join(textwrap.wrap(title, width, break_long_words=False)) or title


# The legend sits in the figure's bottom margin, under the x axis title, never over it (at
# 375 px a legend just under the plot covered the axis title): room for the axis (ticks and
# title) and for up to three rows of legend entries.
AXIS_ROOM_PX = 64
LEGEND_ROW_PX = 24
LEGEND_ROWS = 3
BOTTOM_LEGEND = {
    "orientation": "h",
    "yref": "container",
    "y": 0,
    "yanchor": "bottom",
    "xref": "container",
    "x": 0,
    "xanchor": "left",
}


def legend_below(fig: go.Figure) -> go.Figure:
    """The legend in the bottom margin, below the x axis title (it wraps at narrow widths).
    A second call changes nothing."""
    if fig.layout.legend.yref == "container" and fig.layout.legend.yanchor == "bottom":
        return fig
    bottom = AXIS_ROOM_PX + LEGEND_ROW_PX * LEGEND_ROWS
    fig.update_layout(legend=BOTTOM_LEGEND, margin={"b": bottom})
    fig.update_layout(height=fig.layout.height + bottom - 50)
    return fig


def styled(
    fig: go.Figure,
    *,
    title: str,
    x_title: str | None = None,
    y_title: str | None = None,
    height: int = 420,
) -> go.Figure:
    """The figure with the house layout: wrapped title, axis titles with units, readable hover,
    sized to its container (no fixed width)."""
    wrapped = wrap_title(title)
    lines = wrapped.count("<br>") + 1
    top = 30 + 20 * lines
    fig.update_layout(
        title={
            "text": wrapped,
            "x": 0.01,
            "xanchor": "left",
            "yref": "container",
            "y": 1,
            "yanchor": "top",
            "pad": {"t": 16},
        },
        colorway=SEQUENCE,
        autosize=True,
        height=height + 20 * (lines - 1),
        margin={"l": 60, "r": 20, "t": top, "b": 50},
        hoverlabel={"namelength": -1},
        font={"size": 13},
        title_font={"size": 15},
    )
    if fig.layout.legend.orientation == "h" and fig.layout.legend.yanchor != "bottom":
        legend_below(fig)  # under the x axis title, never over it or over the title
    if x_title is not None:
        fig.update_xaxes(title_text=wrap_title(x_title, AXIS_CHARS))
    if y_title is not None:
        fig.update_yaxes(title_text=wrap_title(y_title, AXIS_CHARS))
    fig.update_xaxes(automargin=True)
    fig.update_yaxes(automargin=True)
    return fig


def date_axis(fig: go.Figure, dates: Any) -> go.Figure:
    """A date x axis labelled by day; a span shorter than two weeks is padded to show context."""
    import pandas as pd

    fig.update_xaxes(type="date", tickformat="%d %b %Y")
    days = pd.to_datetime(pd.Series(dates)).dropna()
    if len(days) and days.max() - days.min() < pd.Timedelta(days=14):
        middle = days.min() + (days.max() - days.min()) / 2
        half = pd.Timedelta(days=7)
        fig.update_xaxes(range=[str((middle - half).date()), str((middle + half).date())])
    return fig


def note_if_empty(fig: go.Figure, values: Any, text: str) -> go.Figure:
    """Say in the middle of the figure why it has nothing to draw (never an empty frame)."""
    import numpy as np

    finite = np.isfinite(np.asarray(values, dtype=float))
    if not finite.any():
        fig.add_annotation(
            text=wrap_title(text, 50),
            xref="paper",
            yref="paper",
            x=0.5,
            y=0.5,
            showarrow=False,
            font={"size": 14, "color": "#333"},
            bgcolor="#ffffff",
        )
    return fig


def describe(fig: go.Figure, summary: str, table: Any = None) -> go.Figure:
    """The figure with its text alternative: a one-sentence ``summary`` (the numbers that matter)
    and, when the traces do not say it well, a ``table`` (a DataFrame) of what it draws."""
    meta: dict[str, Any] = {"summary": " ".join(summary.split())}
    if table is not None:
        meta["table"] = {
            "columns": [str(c) for c in table.columns],
            "rows": [[_cell(v) for v in row] for row in table.itertuples(index=False)],
        }
    fig.update_layout(meta=meta)
    return fig


def _cell(value: Any) -> Any:
    """A table cell as plain JSON: numbers rounded for reading, dates as ISO days, else text."""
    import math

    if isinstance(value, bool) or value is None:
        return "" if value is None else ("yes" if value else "no")
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return "" if math.isnan(value) else round(value, 2)
    import numpy as np

    if isinstance(value, np.datetime64):
        import pandas as pd

        value = pd.Timestamp(value)
    if hasattr(value, "date") and hasattr(value, "isoformat"):
        return str(value.date()) if hasattr(value, "hour") and not value.hour else str(value)
    number = getattr(value, "item", None)  # numpy scalars
    if callable(number):
        return _cell(number())
    return str(value)


def summary_of(fig: go.Figure) -> str:
    """The figure's one-sentence text alternative ('' when :func:`describe` was not called)."""
    meta = fig.layout.meta
    return str(meta.get("summary", "")) if isinstance(meta, dict) else ""


def figure_table(fig: go.Figure) -> tuple[list[str], list[list[Any]]]:
    """What the figure draws, as table columns and rows: the table :func:`describe` was given,
    else one row per point of every named trace (series, x, y)."""
    meta = fig.layout.meta
    if isinstance(meta, dict) and "table" in meta:
        return list(meta["table"]["columns"]), [list(r) for r in meta["table"]["rows"]]
    x_title = fig.layout.xaxis.title.text or "x"
    y_title = fig.layout.yaxis.title.text or "value"
    columns = ["Series", _plain(x_title), _plain(y_title)]
    rows: list[list[Any]] = []
    for trace in fig.data:
        name = trace.name or ""
        xs, ys = getattr(trace, "x", None), getattr(trace, "y", None)
        zs = getattr(trace, "z", None)
        labels, values = getattr(trace, "labels", None), getattr(trace, "values", None)
        if zs is not None and xs is not None and ys is not None:  # a heatmap: one row per cell
            for y, line in zip(ys, zs, strict=False):
                rows.extend(
                    [f"{name} {_cell(y)}".strip(), _cell(x), _cell(z)]
                    for x, z in zip(xs, line, strict=False)
                )
        elif labels is not None:  # a pie or sunburst: one row per slice
            values = values if values is not None else [""] * len(labels)
            rows.extend(
                [name, _cell(lab), _cell(v)] for lab, v in zip(labels, values, strict=False)
            )
        elif xs is not None and ys is not None:
            rows.extend([name, _cell(x), _cell(y)] for x, y in zip(xs, ys, strict=False))
    return columns, rows


def _plain(text: str) -> str:
    import re

    return " ".join(re.sub(r"<[^>]+>", " ", text).split())
