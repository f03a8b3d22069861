"""Small pieces every app shares: the disclaimer banner and a visible error/message area."""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import Any

import ipywidgets as widgets

from hamstring_edu import DISCLAIMER
from hamstring_edu.errors import HamstringEduError

_BOX = (
    "padding:8px 12px;border-radius:6px;margin:4px 0;border-left:6px solid {edge};"
    "background:{bg};color:#111;"
)
STYLES = {
    "info": _BOX.format(edge="#0072B2", bg="#eaf3fa"),
    "warning": _BOX.format(edge="#E69F00", bg="#fdf4e3"),
    "error": _BOX.format(edge="#D55E00", bg="#fbe9e1"),
}


def box_html(text: str, kind: str = "info", *, title: str | None = None) -> str:
    """An HTML callout box with escaped text (kind: info, warning or error)."""
    head = f"<b>{html.escape(title)}</b><br>" if title else ""
    return f'<div style="{STYLES[kind]}">{head}{html.escape(text)}</div>'


def disclaimer() -> widgets.HTML:
    """The 'educational, not a diagnosis' banner, always visible in an app."""
    return widgets.HTML(box_html(DISCLAIMER, "info"), layout={"width": "100%"})


class MessageArea(widgets.HTML):
    """An HTML widget that shows an app's errors and warnings in words, never a traceback."""

    def show(self, text: str, kind: str = "error", *, title: str | None = None) -> None:
        """Show a message box."""
        self.value = box_html(text, kind, title=title)

    def clear(self) -> None:
        """Hide the message."""
        self.value = ""

    @property
    def text(self) -> str:
        """The message currently shown, as plain text ('' when none)."""
        import re

        return html.unescape(re.sub(r"<[^>]+>", " ", self.value)).strip()

    def guard(self, action: Callable[[], Any]) -> Any:
        """Run ``action``; show a HamstringEduError as a message instead of raising it."""
        try:
            result = action()
        except HamstringEduError as exc:
            self.show(str(exc), "error", title="Please check your input")
            return None
        self.clear()
        return result


def replace_figure(widget: Any, figure: Any) -> None:
    """Swap a FigureWidget's traces and layout for a new figure's in one update.

    plotly.js writes the ranges it computed back into the widget, so axes without an explicit
    range in the new figure are set to autorange again (else new data can fall off-screen).
    """
    with widget.batch_update():
        widget.data = []
        widget.add_traces(list(figure.data))
        widget.layout = figure.layout
        for axis in ("xaxis", "yaxis"):
            if figure.layout[axis].range is None:
                widget.layout[axis].autorange = True
