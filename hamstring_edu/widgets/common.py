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

from hamstring_edu.errors import HamstringEduError, plain_message
from hamstring_edu.wording import say

_BOX = (
    "padding:8px 12px;border-radius:6px;margin:4px 0;border-left:6px solid {edge};"
    "background:{bg};color:#111;overflow-wrap:break-word;word-break:normal;"
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
    """Where an action answers: its error or confirmation, kept until the next action, each
    replacing the last. A message is announced when it appears: an error as an alert, any other
    as a status (a live region)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(layout={"width": "auto"}, **kwargs)

    @staticmethod
    def _live(box: str, kind: str) -> str:
        role, live = ("alert", "assertive") if kind == "error" else ("status", "polite")
        return f'<div role="{role}" aria-live="{live}">{box}</div>'

    def show(self, text: str, kind: str = "error", *, title: str | None = None) -> None:
        """Show a message box (announced)."""
        self.value = self._live(box_html(text, kind, title=title), kind)

    def show_list(
        self, text: str, items: Sequence[str], kind: str = "warning", *, title: str | None = None
    ) -> None:
        """Show a message with a bulleted list under it (for example the rows left out)."""
        head = f"<b>{html.escape(title)}</b><br>" if title else ""
        bullets = "".join(f"<li>{html.escape(item)}</li>" for item in items)
        box = f'<div style="{STYLES[kind]}">{head}{html.escape(text)}<ul>{bullets}</ul></div>'
        self.value = self._live(box, kind)

    def show_download(self, text: str, filename: str, data: str | bytes, mime: str) -> None:
        """Show a confirmation with a link that downloads ``data`` as ``filename``."""
        link = download_link(filename, data, mime)
        box = f'<div style="{STYLES["success"]}">{html.escape(text)} {link}</div>'
        self.value = self._live(box, "success")

    def clear(self) -> None:
        """Hide the message."""
        self.value = ""

    @property
    def text(self) -> str:
        """The message currently shown, as plain text ('' when none)."""
        return plain_text(self.value)

    def guard(
        self, action: Callable[[], Any], *, done: str | None = None, title: str | None = None
    ) -> Any:
        """Run ``action``: its error shows here in plain words (never a developer's "field 'x'")
        instead of raising; on success show ``done``.

        The old message is cleared *before* the action, so a confirmation the action shows
        itself stays on screen until the next action.
        """
        self.clear()
        try:
            result = action()
        except HamstringEduError as exc:
            self.show(plain_message(exc), "error", title=title or say("common.check_input"))
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


def figure_bundle(figure: Any, *, title_in_page: bool = False) -> dict[str, Any]:
    """A figure as a Jupyter display_data output that JupyterLab and Voila draw with plotly.js.

    With ``title_in_page`` the title is left out of the drawing (the page shows it as text above
    the figure, where it wraps to any width and the chart's toolbar never covers it)."""
    import plotly.io as pio

    spec = json.loads(pio.to_json(figure, validate=False))
    spec["config"] = PLOTLY_CONFIG
    title = figure.layout.title.text or "figure"
    if title_in_page and figure.layout.title.text:
        layout = spec.setdefault("layout", {})
        layout.pop("title", None)
        margin = layout.setdefault("margin", {})
        freed = max(0, int(margin.get("t", TOOLBAR_ROOM)) - TOOLBAR_ROOM)
        margin["t"] = TOOLBAR_ROOM
        layout["height"] = max(200, int(layout.get("height") or DEFAULT_HEIGHT) - freed)
    # Always a height of its own: with none, a responsive plotly figure takes its container's
    # height, which is its own (0 px after a resize: the figure vanished).
    spec.setdefault("layout", {}).setdefault("height", DEFAULT_HEIGHT)
    return {
        "output_type": "display_data",
        "data": {PLOTLY_MIME: spec, "text/plain": f"<plotly figure: {plain_text(title)}>"},
        "metadata": {},
    }


DEFAULT_HEIGHT = 450  # plotly's own default height, given explicitly
TOOLBAR_ROOM = 36  # px above the plot for plotly's toolbar once the title is in the page
TABLE_ROWS = 500  # the data table under a figure shows at most this many rows (and says so)
# Run in the output under the figure: the figure's own output (the one before) becomes a named
# figure: its title names it, its summary describes it. It also keeps the figure's height: on a
# resize plotly.js drops the height it was given and takes its container's, which, when the
# container is only as tall as the figure, collapsed a figure to 0 px.
_NAME_FIGURE = (
    "<script>(function(s){{var c=s&&s.closest('.jp-OutputArea-child');"
    "var f=c&&c.previousElementSibling;if(f){{f.setAttribute('role','figure');"
    "f.setAttribute('aria-labelledby','{id}-t');f.setAttribute('aria-describedby','{id}-s');"
    "f.style.height='{height}px';}}"
    "}})(document.currentScript)</script>"
)
TITLE_STYLE = "font-size:15px;font-weight:600;color:#2a3f5f;margin:10px 0 0 0;line-height:1.3"
SUMMARY_STYLE = "cursor:pointer;min-height:24px;padding:4px 0;font-weight:600"
TABLE_CSS = (
    "<style>.hamstring-figure-data th,.hamstring-figure-data td{padding:2px 10px;text-align:left;"
    "border-bottom:1px solid #d0d7de;white-space:nowrap}</style>"
)
SCROLL_STYLE = "overflow-x:auto;max-width:100%"
TABLE_STYLE = "border-collapse:collapse;font-size:13px;line-height:1.4"


def _html_output(markup: str, text: str) -> dict[str, Any]:
    return {
        "output_type": "display_data",
        "data": {"text/html": markup, "text/plain": text},
        "metadata": {},
    }


def figure_outputs(figure: Any) -> tuple[dict[str, Any], ...]:
    """A figure with its text alternative, as three outputs of one output area: the title (page
    text above the drawing), the drawing, then the one-sentence summary and the data as a table
    one click away (a ``<details>``). The drawing's output is named by the title and described
    by the summary (role=figure)."""
    from hamstring_edu.figures.style import figure_table, summary_of

    uid = f"hfig-{uuid.uuid4().hex[:12]}"
    title = plain_text(figure.layout.title.text or "")
    summary = summary_of(figure)
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
    name = html.escape(title or label)
    details = (
        f'<details class="hamstring-figure-data"><summary style="{SUMMARY_STYLE}">{label}</summary>'
        f'<div role="region" aria-label="{name}" tabindex="0" style="{SCROLL_STYLE}">'
        f'<table style="{TABLE_STYLE}"><caption style="text-align:left">{name}</caption>'
        f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>{cut}</details>"
    )
    heading = f'<p class="hamstring-figure-title" id="{uid}-t" style="{TITLE_STYLE}">{name}</p>'
    drawing = figure_bundle(figure, title_in_page=True)
    height = int(drawing["data"][PLOTLY_MIME]["layout"]["height"])
    below = (
        f'{TABLE_CSS}<p class="hamstring-figure-summary" id="{uid}-s">{html.escape(summary)}</p>'
        f"{details}{_NAME_FIGURE.format(id=uid, height=height)}"
    )
    return (_html_output(heading, title), drawing, _html_output(below, summary))


def summary_of_text(figure: Any) -> str:
    """The figure's title and summary as plain text (what a text-only reader gets)."""
    from hamstring_edu.figures.style import summary_of

    title = plain_text(figure.layout.title.text or "")
    return " ".join(
        part for part in (title.rstrip(".") + "." if title else "", summary_of(figure)) if part
    )


def show_figure(figure: Any) -> None:
    """Show a figure in a notebook cell with its title, summary and data table as page text."""
    from IPython.display import publish_display_data

    for output in figure_outputs(figure):
        publish_display_data(output["data"], output["metadata"])


class FigureOutput(widgets.Output):
    """An output area showing one plotly figure and its text alternative, redrawn whole by
    :meth:`show`."""

    def __init__(self, **kwargs: Any) -> None:
        # width auto (not 100%): with the 2 px margins ipywidgets gives every child, 100% made
        # the figure 4 px wider than its box, and the page scrolled sideways by those pixels.
        super().__init__(layout={"width": "auto", "max_width": "100%", "min_width": "0"}, **kwargs)
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
        for output in self.outputs:
            if PLOTLY_MIME in output["data"]:
                return output["data"][PLOTLY_MIME]
        return {}

    @property
    def summary(self) -> str:
        """The figure's title and text alternative ('' when nothing is shown)."""
        return summary_of_text(self.figure) if self.figure is not None else ""


# In JupyterLab a notebook in command mode takes keys pressed anywhere in it for its cell
# shortcuts: an arrow key on a focused dropdown selected the next cell (focus left the app), Space
# scrolled the notebook, a letter typed into a dropdown could insert or delete a cell. Inside an
# app the keys stay with its controls; Tab and Escape still reach JupyterLab, and so do shortcuts
# with Ctrl, Alt or the Command key. (Voila has no such shortcuts; the script does no harm there.)
_KEEP_KEYS = (
    "<script>(function(s){{function start(n){{var app=s&&s.closest({selector});"
    "if(!app){{if(n<200)setTimeout(function(){{start(n+1);}},50);return;}}"
    "if(app.dataset.hamstringKeys)return;app.dataset.hamstringKeys='1';"
    "app.addEventListener('keydown',function(e){{if(e.ctrlKey||e.metaKey||e.altKey)return;"
    "if(e.key!=='Tab'&&e.key!=='Escape'&&e.target!==app)e.stopPropagation();}});}}"
    "start(0);}})(document.currentScript)</script>"
    # and a button's label wraps on a narrow screen instead of being cut or widening the page
    "<style>.jupyter-widgets.jupyter-button{{white-space:normal;overflow-wrap:break-word;"
    "line-height:1.3;padding-top:4px;padding-bottom:4px}}</style>"
)


def keep_keys(selector: str) -> widgets.Output:
    """An output (it draws nothing) that keeps the keys pressed inside the app matching the CSS
    ``selector`` (an ancestor of this output) for the app's own controls, and lets the labels of
    buttons wrap on a narrow screen."""
    out = widgets.Output(layout={"height": "0px", "margin": "0", "overflow": "hidden"})
    script = _KEEP_KEYS.format(selector=json.dumps(selector))
    out.outputs = (
        {
            "output_type": "display_data",
            "data": {"text/html": script, "text/plain": ""},
            "metadata": {},
        },
    )
    return out


def row(children: Sequence[widgets.Widget], *, gap: str = "8px 16px") -> widgets.Box:
    """Controls side by side that wrap onto the next line when the page is narrow."""
    return widgets.Box(
        list(children),
        layout=widgets.Layout(
            display="flex", flex_flow="row wrap", align_items="flex-start", grid_gap=gap
        ),
    )


def button(description: str, icon: str = "", *, tooltip: str | None = None) -> widgets.Button:
    """A button sized to its label; on a narrow screen the label wraps (never cut off: the
    style of :func:`keep_keys`, which every app holds)."""
    return widgets.Button(
        description=description,
        icon=icon,
        tooltip=tooltip or description,
        layout=widgets.Layout(width="auto", max_width="100%", height="auto", min_height="28px"),
    )


def label_above(width: str) -> widgets.Layout:
    """A named control whose label (its description) sits above it and wraps, at any width."""
    return widgets.Layout(
        width=width, max_width="100%", display="flex", flex_flow="column", height="auto"
    )


def labelled(widget: widgets.Widget, label: str) -> widgets.VBox:
    """A control with its label above it, so long labels never squeeze the control."""
    return widgets.VBox([widgets.HTML(f"<b>{html.escape(label)}</b>"), widget])
