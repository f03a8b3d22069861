"""Controls that say what they are for, for the routine, recovery and explorer apps.

Every control here carries its purpose as its own ``description`` (ipywidgets then ties a
``<label for>`` to it), lets a long label wrap above the control at phone width, and has targets
of at least 24 x 24 CSS px. A group of checkboxes has a visible heading and checkboxes whose own
labels say what they do. Errors are shown as plain words in a live region (``role="alert"``), next
to the control they are about. Sliders are not used: their handles (``role=slider``) get no
accessible name from ipywidgets, so a choice of numbers is a labelled dropdown instead.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Iterable, Sequence
from typing import Any

import ipywidgets as widgets
import traitlets

from hamstring_edu.errors import HamstringEduError
from hamstring_edu.widgets.common import MessageArea, box_html, keep_keys

APP_CLASS = "hamstring-named"
NAMED_STYLE = {"description_width": "initial"}
# Targets of at least 24 px (WCAG 2.5.8), labels that wrap, focus that shows (WCAG 2.4.7): scoped
# to the apps that add APP_CLASS, so nothing else on the page changes.
APP_CSS = f"""<style>
.{APP_CLASS} .widget-checkbox {{height:auto;min-height:28px;width:auto;max-width:100%}}
.{APP_CLASS} .widget-checkbox label {{white-space:normal;display:flex;align-items:flex-start;
  gap:8px;line-height:1.4;min-height:24px;cursor:pointer;overflow-wrap:anywhere}}
.{APP_CLASS} .widget-checkbox input[type=checkbox] {{width:24px;height:24px;min-width:24px;
  margin:0;flex:0 0 24px}}
.{APP_CLASS} .widget-label {{white-space:normal;overflow-wrap:anywhere;max-width:100%}}
.{APP_CLASS} .widget-dropdown, .{APP_CLASS} .widget-text, .{APP_CLASS} .widget-datetimepicker,
.{APP_CLASS} .widget-textarea, .{APP_CLASS} .widget-combobox {{height:auto;flex-wrap:wrap;
  row-gap:2px;max-width:100%}}
.{APP_CLASS} .widget-dropdown select, .{APP_CLASS} .widget-text input,
.{APP_CLASS} .widget-datetimepicker input, .{APP_CLASS} .widget-combobox input
  {{min-height:28px;max-width:100%}}
.{APP_CLASS} .widget-toggle-buttons {{height:auto;flex-wrap:wrap;max-width:100%}}
.{APP_CLASS} .widget-toggle-buttons .widget-toggle-button {{min-height:28px;margin:2px 4px 2px 0}}
.{APP_CLASS} button:focus-visible, .{APP_CLASS} input:focus-visible,
.{APP_CLASS} select:focus-visible, .{APP_CLASS} textarea:focus-visible,
.{APP_CLASS} a:focus-visible, .{APP_CLASS} summary:focus-visible,
.{APP_CLASS} [tabindex]:focus-visible
  {{outline:3px solid #0072B2 !important;outline-offset:2px}}
.{APP_CLASS} table.hamstring-steps {{border-collapse:collapse;margin:4px 0;max-width:100%}}
.{APP_CLASS} table.hamstring-steps th, .{APP_CLASS} table.hamstring-steps td {{padding:4px 8px
  4px 0;text-align:left;vertical-align:top;border-bottom:1px solid #d0d7de;line-height:1.4}}
.{APP_CLASS} table.hamstring-steps thead th {{border-bottom:2px solid #57606a}}
.{APP_CLASS} table.hamstring-steps caption {{text-align:left;font-weight:600;padding:4px 0}}
.{APP_CLASS} .hamstring-scroll {{overflow-x:auto;max-width:100%}}
.{APP_CLASS} .widget-output .jp-OutputArea-child,
.{APP_CLASS} .widget-output .jp-OutputArea-output {{min-width:0;max-width:100%}}
.{APP_CLASS} .hamstring-fit, .{APP_CLASS} .hamstring-fit > .widget-html-content
  {{min-width:0;max-width:100%;overflow-x:auto;white-space:normal}}
</style>"""


def app_css() -> widgets.HTML:
    """The style sheet of the named controls (put it once in the app)."""
    return widgets.HTML(APP_CSS, layout={"height": "0px", "margin": "0"})


def keyboard_keeper() -> widgets.Output:
    """An output that keeps the app's keys for its own controls (see ``common.keep_keys``)."""
    return keep_keys(f".{APP_CLASS}")


def fitted(output: widgets.Output) -> widgets.Output:
    """The output filling its box without sticking out: width 100% plus the 2 px margins
    ipywidgets gives every child made a figure 4 px wider than the app (which then scrolled
    sideways by those pixels when a control inside it took focus)."""
    output.layout.width = "auto"
    output.layout.max_width = "100%"
    return output


def wrapping(width: str = "auto") -> widgets.Layout:
    """A layout for a named control whose label may wrap above it at phone width."""
    return widgets.Layout(width=width, max_width="100%", flex_flow="row wrap")


def named_dropdown(
    description: str, options: Sequence[Any], value: Any, *, width: str = "auto"
) -> widgets.Dropdown:
    """A dropdown labelled by its question or purpose."""
    return widgets.Dropdown(
        options=options,
        value=value,
        description=description,
        style=NAMED_STYLE,
        layout=wrapping(width),
    )


class ChoiceDropdown(widgets.Dropdown):
    """A dropdown whose 'nothing in particular' option is a real choice with a name.

    ipywidgets shows an option whose value is ``None`` as a blank box (``None`` means 'nothing
    chosen' to it): here that option's value is ``none_value``, and setting ``value = None``
    chooses it. :attr:`chosen` is the value with ``none_value`` read back as ``None``.
    """

    none_value = "none"

    def __init__(self, **kwargs: Any) -> None:
        if kwargs.get("value", self.none_value) is None:
            kwargs["value"] = self.none_value
        super().__init__(**kwargs)
        self.observe(self._none_is_a_choice, names="value")

    def _none_is_a_choice(self, change: dict) -> None:
        if change["new"] is None:  # traitlets lets None past the validator: choose the option
            self.value = self.none_value

    @property
    def chosen(self) -> Any:
        """The value, with the 'nothing in particular' option read as ``None``."""
        return None if self.value == self.none_value else self.value


class CheckboxGroup(widgets.VBox):
    """Several checkboxes for one question: a visible heading, one labelled checkbox per option;
    :attr:`value` is the tuple of ticked values (like ``SelectMultiple``'s)."""

    value = traitlets.Tuple()

    def __init__(
        self,
        options: Iterable[tuple[str, Any]],
        *,
        heading: str,
        value: Sequence[Any] = (),
    ) -> None:
        self.options = tuple(options)
        self._syncing = False
        self.boxes = {
            v: widgets.Checkbox(
                value=v in value,
                description=label,
                indent=False,
                layout=widgets.Layout(width="auto", max_width="100%"),
            )
            for label, v in self.options
        }
        self.heading = widgets.HTML(f"<b>{html.escape(heading)}</b>")
        super().__init__(
            [self.heading, *self.boxes.values()],
            layout=widgets.Layout(width="auto", max_width="100%"),
        )
        self.value = tuple(value)
        for box in self.boxes.values():
            box.observe(self._ticked, names="value")
        self.observe(self._show_value, names="value")

    def _ticked(self, _change: object) -> None:
        if not self._syncing:
            self.value = tuple(v for v, box in self.boxes.items() if box.value)

    def _show_value(self, change: dict) -> None:
        self._syncing = True
        try:
            for v, box in self.boxes.items():
                box.value = v in change["new"]
        finally:
            self._syncing = False


class HourRange(widgets.Box):
    """Two labelled hour dropdowns (from, until); :attr:`value` is the pair ``(from, until)``
    like an ``IntRangeSlider``'s, the until hour 1-24 (24 is midnight)."""

    value = traitlets.Tuple(traitlets.Int(), traitlets.Int())

    def __init__(self, value: tuple[int, int], *, start_label: str, end_label: str) -> None:
        self.start = named_dropdown(start_label, [(f"{h:02d}:00", h) for h in range(24)], value[0])
        self.end = named_dropdown(end_label, [(f"{h:02d}:00", h) for h in range(1, 25)], value[1])
        super().__init__(
            [self.start, self.end],
            layout=widgets.Layout(
                display="flex", flex_flow="row wrap", grid_gap="4px 16px", max_width="100%"
            ),
        )
        self.value = tuple(value)
        self.start.observe(self._picked, names="value")
        self.end.observe(self._picked, names="value")
        self.observe(self._show_value, names="value")

    def _picked(self, _change: object) -> None:
        self.value = (self.start.value, self.end.value)

    def _show_value(self, change: dict) -> None:
        start, end = change["new"]
        with self.hold_trait_notifications():
            self.start.value, self.end.value = start, end


def alert(area: MessageArea, text: str, *, title: str | None = None, kind: str = "error") -> None:
    """Show ``text`` in ``area`` as a message a screen reader announces at once (an error or a
    refusal): a live region with role ``alert``."""
    area.value = f'<div role="alert">{box_html(text, kind, title=title)}</div>'


def status(area: MessageArea, text: str, *, title: str | None = None, kind: str = "info") -> None:
    """Show ``text`` in ``area`` as news announced politely (a live region with role ``status``)."""
    area.value = f'<div role="status">{box_html(text, kind, title=title)}</div>'


def plain_error(exc: HamstringEduError) -> str:
    """An error's message in plain words: without the developer's 'field x' prefix."""
    text = exc.message.strip()
    return text[:1].upper() + text[1:] if text else text


def guarded(
    area: MessageArea, action: Callable[[], Any], *, title: str, about: str | None = None
) -> Any:
    """Run ``action``; an error shows in ``area`` as plain words in a live region, titled
    ``title`` and naming the control it is ``about``; returns None then."""
    area.clear()
    try:
        return action()
    except HamstringEduError as exc:
        text = plain_error(exc)
        alert(area, f"{about}: {text}" if about else text, title=title)
        return None
