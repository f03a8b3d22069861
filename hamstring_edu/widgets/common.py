"""Pieces every app shares: the disclaimer, messages that stay, figure outputs, wrapping rows.

Figures are plain ``go.Figure`` objects shown in an :class:`FigureOutput` (an
``ipywidgets.Output`` holding one plotly mime bundle). JupyterLab and Voila draw that bundle with
the plotly.js of the locally installed ``jupyterlab-plotly`` extension: nothing is fetched from a
CDN, and unlike ``FigureWidget`` no copy of plotly.js travels with each figure.
"""

from __future__ import annotations

import html
import json
import re
import uuid
from collections.abc import Callable, Sequence
from typing import Any

import ipywidgets as widgets

from hamstring_edu.errors import HamstringEduError
from hamstring_edu.wording import say

_BOX = (
    "padding:8px 12px;border-radius:6px;margin:4px 0;border-left:6px solid {edge};"
    "background:{bg};color:#111;overflow-wrap:normal;word-break:normal;"
)
STYLES = {
    "info": _BOX.format(edge="#0072B2", bg="#eaf3fa"),
    "success": _BOX.format(edge="#009E73", bg="#e6f5ef"),
    "warning": _BOX.format(edge="#E69F00", bg="#fdf4e3"),
    "error": _BOX.format(edge="#D55E00", bg="#fbe9e1"),
}
PLOTLY_MIME = "application/vnd.plotly.v1+json"
PLOTLY_CONFIG = {"responsive": True, "displaylogo": False}


def box_html(text: str, kind: str = "info", *, title: str | None = None) -> str:
    """An HTML callout box with escaped text (kind: info, success, warning or error)."""
    head = f"<b>{html.escape(title)}</b><br>" if title else ""
    return f'<div style="{STYLES[kind]}">{head}{html.escape(text)}</div>'


def disclaimer() -> widgets.HTML:
    """The 'educational, not a diagnosis' banner, always visible in an app."""
    return widgets.HTML(box_html(say("common.disclaimer"), "info"), layout={"width": "auto"})


def plain_text(markup: str) -> str:
    """The visible text of an HTML fragment (tags dropped, entities decoded, spaces squeezed)."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", markup)).split())


class MessageArea(widgets.HTML):
    """Where an action answers: its error or confirmation, kept until the next action."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(layout={"width": "auto"}, **kwargs)

    def show(self, text: str, kind: str = "error", *, title: str | None = None) -> None:
        """Show a message box."""
        self.value = box_html(text, kind, title=title)

    def show_list(self, text: str, items: Sequence[str], kind: str = "warning") -> None:
        """Show a message with a bulleted list under it (for example the rows left out)."""
        bullets = "".join(f"<li>{html.escape(item)}</li>" for item in items)
        style = STYLES[kind]
        self.value = f'<div style="{style}">{html.escape(text)}<ul>{bullets}</ul></div>'

    def show_download(self, text: str, filename: str, data: str | bytes, mime: str) -> None:
        """Show a confirmation with a link that downloads ``data`` as ``filename``."""
        link = download_link(filename, data, mime)
        self.value = f'<div style="{STYLES["success"]}">{html.escape(text)} {link}</div>'

    def clear(self) -> None:
        """Hide the message."""
        self.value = ""

    @property
    def text(self) -> str:
        """The message currently shown, as plain text ('' when none)."""
        return plain_text(self.value)

    def guard(self, action: Callable[[], Any], *, done: str | None = None) -> Any:
        """Run ``action``: its error shows here instead of raising; on success show ``done``.

        The old message is cleared *before* the action, so a confirmation the action shows
        itself stays on screen until the next action.
        """
        self.clear()
        try:
            result = action()
        except HamstringEduError as exc:
            self.show(str(exc), "error", title="Please check your input")
            return None
        if done:
            self.show(done, "success")
        return result


def download_link(filename: str, data: str | bytes, mime: str) -> str:
    """An HTML link that makes the browser download ``data`` as ``filename`` (no server file)."""
    import base64

    raw = data.encode("utf-8") if isinstance(data, str) else data
    href = f"data:{mime};base64,{base64.b64encode(raw).decode('ascii')}"
    name = html.escape(filename, quote=True)
    return (
        f'<a class="hamstring-download" download="{name}" href="{href}" '
        f'style="font-weight:600">Download {html.escape(filename)}</a>'
    )


def safe_stem(text: str, default: str) -> str:
    """A file name stem from what a person typed: letters, digits, - and _ only."""
    stem = "".join(ch for ch in text if ch.isalnum() or ch in "-_")[:60]
    return stem or default


def figure_bundle(figure: Any) -> dict[str, Any]:
    """A figure as a Jupyter display_data output that JupyterLab and Voila draw with plotly.js."""
    import plotly.io as pio

    spec = json.loads(pio.to_json(figure, validate=False))
    spec["config"] = PLOTLY_CONFIG
    title = figure.layout.title.text or "figure"
    return {
        "output_type": "display_data",
        "data": {PLOTLY_MIME: spec, "text/plain": f"<plotly figure: {plain_text(title)}>"},
        "metadata": {},
    }


TABLE_ROWS = 500  # the data table under a figure shows at most this many rows (and says so)
_NAME_CONTAINER = (
    "<script>(function(s){{var box=s&&(s.closest('.widget-output')||s.closest('.jp-OutputArea'));"
    "if(box){{box.setAttribute('role','figure');box.setAttribute('aria-labelledby','{id}');}}"
    "}})(document.currentScript)</script>"
)


def figure_text_html(figure: Any) -> str:
    """A figure's text alternative as HTML: its title and one-sentence summary, and its data as a
    table one click away (a ``<details>``); the enclosing output area is named by the summary."""
    from hamstring_edu.figures.style import figure_table, summary_of

    uid = f"hfig-{uuid.uuid4().hex[:12]}"
    title = plain_text(figure.layout.title.text or "")
    caption = html.escape(say("common.figure_caption", title=title.rstrip(".")) if title else "")
    summary = html.escape(summary_of(figure))
    columns, rows = figure_table(figure)
    head = "".join(f'<th scope="col">{html.escape(str(c))}</th>' for c in columns)
    body = "".join(
        "<tr>" + "".join(f"<td>{html.escape(str(v))}</td>" for v in r) + "</tr>"
        for r in rows[:TABLE_ROWS]
    )
    cut = ""
    if len(rows) > TABLE_ROWS:
        note = say("common.figure_table_cut", shown=TABLE_ROWS, total=len(rows))
        cut = f"<p>{html.escape(note)}</p>"
    label = html.escape(say("common.figure_table"))
    table = (
        f'<details class="hamstring-figure-data"><summary style="{SUMMARY_STYLE}">{label}</summary>'
        f'<div role="region" aria-label="{caption}" tabindex="0" style="{SCROLL_STYLE}">'
        f'<table style="{TABLE_STYLE}"><caption style="text-align:left">{caption}</caption>'
        f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>{cut}</details>"
    )
    text = (
        TABLE_CSS + f'<p class="hamstring-figure-summary" id="{uid}"><b>{caption}</b> {summary}</p>'
    )
    return text + table + _NAME_CONTAINER.format(id=uid)


SUMMARY_STYLE = "cursor:pointer;min-height:24px;padding:4px 0;font-weight:600"
TABLE_CSS = (
    "<style>.hamstring-figure-data th,.hamstring-figure-data td{padding:2px 10px;text-align:left;"
    "border-bottom:1px solid #d0d7de;white-space:nowrap}</style>"
)
SCROLL_STYLE = "overflow-x:auto;max-width:100%"
TABLE_STYLE = "border-collapse:collapse;font-size:13px;line-height:1.4"


def figure_outputs(figure: Any) -> tuple[dict[str, Any], ...]:
    """A figure and its text alternative, as the outputs of one output area."""
    text = {
        "output_type": "display_data",
        "data": {"text/html": figure_text_html(figure), "text/plain": summary_of_text(figure)},
        "metadata": {},
    }
    return (figure_bundle(figure), text)


def summary_of_text(figure: Any) -> str:
    """The figure's title and summary as one plain sentence (what a text-only reader gets)."""
    from hamstring_edu.figures.style import summary_of

    title = plain_text(figure.layout.title.text or "")
    return " ".join(part for part in (title, summary_of(figure)) if part)


def show_figure(figure: Any) -> None:
    """Show a figure in a notebook cell with its text alternative (summary and data table)."""
    from IPython.display import publish_display_data

    for output in figure_outputs(figure):
        publish_display_data(output["data"], output["metadata"])


class FigureOutput(widgets.Output):
    """An output area showing one plotly figure and its text alternative, redrawn whole by
    :meth:`show`."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(layout={"width": "100%", "min_width": "0"}, **kwargs)
        self.figure: Any = None

    def show(self, figure: Any) -> None:
        """Replace what is shown with ``figure`` (a ``go.Figure``) and its text alternative."""
        self.figure = figure
        self.outputs = figure_outputs(figure)

    def clear(self) -> None:
        """Show nothing (the area then takes no room)."""
        self.figure = None
        self.outputs = ()

    @property
    def spec(self) -> dict[str, Any]:
        """The JSON sent to the browser: ``data`` (traces), ``layout`` and ``config``."""
        return self.outputs[0]["data"][PLOTLY_MIME] if self.outputs else {}

    @property
    def summary(self) -> str:
        """The text alternative shown under the figure ('' when nothing is shown)."""
        return self.outputs[1]["data"]["text/plain"] if self.outputs else ""


def row(children: Sequence[widgets.Widget], *, gap: str = "8px 16px") -> widgets.Box:
    """Controls side by side that wrap onto the next line when the page is narrow."""
    return widgets.Box(
        list(children),
        layout=widgets.Layout(
            display="flex", flex_flow="row wrap", align_items="flex-start", grid_gap=gap
        ),
    )


def button(description: str, icon: str = "", *, tooltip: str | None = None) -> widgets.Button:
    """A button sized to its label (never cut off)."""
    return widgets.Button(
        description=description,
        icon=icon,
        tooltip=tooltip or description,
        layout=widgets.Layout(width="auto", min_width="max-content"),
    )


def labelled(widget: widgets.Widget, label: str) -> widgets.VBox:
    """A control with its label above it, so long labels never squeeze the control."""
    return widgets.VBox([widgets.HTML(f"<b>{html.escape(label)}</b>"), widget])
