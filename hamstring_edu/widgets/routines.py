"""RoutineApp: build a warm-up or cool-down, follow it with a timer, print it or save it as CSV."""

from __future__ import annotations

import asyncio
import html
from pathlib import Path

import ipywidgets as widgets
import pandas as pd

from hamstring_edu.content import load_content
from hamstring_edu.errors import PlanError
from hamstring_edu.figures.routines import routine_timeline
from hamstring_edu.handouts import routine_handout_html
from hamstring_edu.limits import NO_LIMITS, Limits
from hamstring_edu.routines import (
    LEVELS,
    SESSIONS,
    build_routine,
    routine_content,
    routine_csv,
    routine_refusal,
)
from hamstring_edu.widgets.common import (
    FigureOutput,
    MessageArea,
    button,
    disclaimer,
    labelled,
    row,
    safe_stem,
)
from hamstring_edu.wording import clock, say

TICK_S = 1.0
STEM = "my_routine"  # the file name a handout or table is saved under unless one is given


def condition_options() -> list[tuple[str, str | None]]:
    """The self-assessment conditions a routine can honour, as the dropdown offers them."""
    return [
        (say("routines.condition_none"), None),
        (say("routines.condition_tendon"), "tendon"),
        (say("routines.condition_strain"), "strain"),
    ]


class RoutineApp(widgets.VBox):
    """A routine builder with a live timeline and a step-by-step follow-along player."""

    def __init__(
        self,
        kind: str = "warmup",
        minutes: int = 10,
        condition: str | None = None,
        limits: Limits = NO_LIMITS,
    ) -> None:
        causes = load_content().causes
        self.limits = limits  # a self-assessment's limits (set_limits): what the routine obeys
        self.kind = widgets.ToggleButtons(
            options=[(k.name, k.id) for k in routine_content().kinds.values()], value=kind
        )
        self.minutes = widgets.IntSlider(
            value=minutes, min=3, max=30, readout_format="d", layout={"width": "min(24em, 95%)"}
        )
        self.session = widgets.Dropdown(options=SESSIONS, value="easy", layout={"width": "12em"})
        self.level = widgets.Dropdown(options=LEVELS, value="beginner", layout={"width": "12em"})
        self.condition = widgets.Dropdown(
            options=condition_options(), value=condition, layout={"width": "min(26em, 95%)"}
        )
        self.focus = widgets.SelectMultiple(
            options=[(c.title, c.id) for c in causes], rows=6, layout={"width": "min(22em, 95%)"}
        )
        self.message = MessageArea()  # answers to the builder's controls
        self.export_message = MessageArea()  # answers to Handout and CSV, next to them
        self.plan: pd.DataFrame | None = None
        self.figure = FigureOutput()
        self.left_out = widgets.HTML()
        self.table = widgets.HTML(layout={"width": "auto", "overflow": "auto"})
        # player
        self.elapsed = 0
        self.playing = False
        self._ticker: asyncio.Task | None = None
        self.play_button = widgets.ToggleButton(
            description=say("routines.start"),
            icon="play",
            layout={"width": "auto", "min_width": "7em"},
        )
        self.reset_button = button(say("routines.reset"), "undo")
        self.progress = widgets.IntProgress(min=0, max=1, layout={"width": "min(20em, 90%)"})
        self.now = widgets.HTML()
        self.up_next = widgets.HTML()
        self.play_button.observe(self._play_toggled, names="value")
        self.reset_button.on_click(lambda _: self.reset())
        # export
        self.title = widgets.Text(
            description=say("routines.title"), placeholder=say("routines.title_placeholder")
        )
        self.notes = widgets.Textarea(
            description=say("routines.notes"), placeholder=say("routines.notes_placeholder")
        )
        self.filename = widgets.Text(value=STEM, description=say("routines.file_name"))
        self.handout_button = button(say("routines.handout_button"), "print")
        self.csv_button = button(say("routines.csv_button"), "table")
        self.handout_button.on_click(lambda _: self.export_message.guard(self._offer_handout))
        self.csv_button.on_click(lambda _: self.export_message.guard(self._offer_csv))

        for control in (
            self.kind,
            self.minutes,
            self.session,
            self.level,
            self.focus,
            self.condition,
        ):
            control.observe(self._rebuild, names="value")
        super().__init__(
            [
                disclaimer(),
                self.kind,
                row(
                    [
                        labelled(self.minutes, say("routines.minutes_label")),
                        labelled(self.session, say("routines.session_label")),
                        labelled(self.level, say("routines.level_label")),
                        labelled(self.focus, say("routines.focus_label")),
                        labelled(self.condition, say("routines.condition_label")),
                    ]
                ),
                self.message,
                self.figure,
                self.left_out,
                widgets.HTML(f"<h4>{html.escape(say('routines.follow_along'))}</h4>"),
                row([self.play_button, self.reset_button, self.progress]),
                self.now,
                self.up_next,
                self.table,
                row([self.title, self.filename]),
                self.notes,
                row([self.handout_button, self.csv_button]),
                self.export_message,
            ],
            layout={"width": "auto", "max_width": "100%"},
        )
        self._rebuild()

    # building ------------------------------------------------------------------
    def set_limits(self, limits: Limits) -> None:
        """Obey a self-assessment's limits from now on (and rebuild the routine)."""
        if limits != self.limits:
            self.limits = limits
            self._rebuild()

    @property
    def refusal(self) -> str | None:
        """Why no routine is shown under the current condition and limits, or None."""
        return routine_refusal(self.kind.value, condition=self.condition.value, limits=self.limits)

    def _rebuild(self, _change: object = None) -> None:
        refusal = self.refusal
        if refusal:  # no routine for a run: say why and what is allowed, keep nothing old
            self._clear_plan()
            self.message.show(refusal, "warning", title=say("routines.refused_title"))
            return
        plan = self.message.guard(
            lambda: build_routine(
                self.kind.value,
                self.minutes.value,
                session=self.session.value,
                focus=self.focus.value,
                level=self.level.value,
                condition=self.condition.value,
                limits=self.limits,
            )
        )
        if plan is None:  # the message says what to change; no stale routine stays on screen
            self._clear_plan()
            return
        self.plan = plan
        self.figure.show(routine_timeline(plan))
        self.left_out.value = _left_out_html(plan)
        self.table.value = _table_html(plan)
        self.reset()

    def _clear_plan(self) -> None:
        self.plan = None
        self.figure.clear()
        self.left_out.value = ""
        self.table.value = ""
        self.reset()

    # player ----------------------------------------------------------------------
    @property
    def total_s(self) -> int:
        """Length of the current routine in seconds."""
        return int(self.plan["duration_s"].sum()) if self.plan is not None else 0

    @property
    def current_step(self) -> int | None:
        """Index (0-based) of the step at the current time; None when finished."""
        if self.plan is None or self.elapsed >= self.total_s:
            return None
        ends = (self.plan["start_s"] + self.plan["duration_s"]).tolist()
        return next(i for i, end in enumerate(ends) if self.elapsed < end)

    def advance(self, seconds: float = TICK_S) -> None:
        """Move the clock forward and update the player (the ticker calls this each second)."""
        self.elapsed = min(self.total_s, self.elapsed + int(seconds))
        if self.elapsed >= self.total_s:
            self.pause()
        self._show_player()

    def play(self, *, real_time: bool = True) -> None:
        """Start or resume; with ``real_time`` a ticker advances the clock every second."""
        if self.elapsed >= self.total_s:
            self.elapsed = 0
        self.playing = True
        self.play_button.value = True
        if real_time and self._ticker is None:
            self._ticker = asyncio.ensure_future(self._tick())
        self._show_player()

    def pause(self) -> None:
        """Stop the clock where it is."""
        self.playing = False
        if self._ticker is not None:
            self._ticker.cancel()
            self._ticker = None
        self.play_button.value = False
        self._show_player()

    def reset(self) -> None:
        """Back to the start of the routine, paused."""
        self.pause()
        self.elapsed = 0
        self._show_player()

    async def _tick(self) -> None:
        while self.playing:
            await asyncio.sleep(TICK_S)
            if self.playing:
                self.advance(TICK_S)

    def _play_toggled(self, change: dict) -> None:
        if change["new"] and not self.playing:
            self.play()
        elif not change["new"] and self.playing:
            self.pause()

    def _show_player(self) -> None:
        self.play_button.description = (
            say("routines.pause") if self.playing else say("routines.start")
        )
        self.play_button.icon = "pause" if self.playing else "play"
        self.progress.max = max(1, self.total_s)
        self.progress.value = self.elapsed
        step = self.current_step
        if step is None:
            done = html.escape(say("routines.done"))
            self.now.value = f"<h3>{done}</h3>" if self.plan is not None else ""
            self.up_next.value = ""
            return
        row = self.plan.iloc[step]
        left = int(row.start_s + row.duration_s - self.elapsed)
        cues = "".join(f"<li>{html.escape(c)}</li>" for c in row.cues.split(" | "))
        now = html.escape(say("routines.now", name=row["name"]))
        left_words = html.escape(say("routines.time_left", left=clock(left)))
        self.now.value = (
            f"<h3>{now} <span style='font-weight:normal'>{left_words}</span></h3>"
            f"<p>{html.escape(row.dose)}</p><ul>{cues}</ul>"
        )
        up_next = html.escape(say("routines.up_next"))
        if step + 1 < len(self.plan):
            following = self.plan.iloc[step + 1]
            self.up_next.value = (
                f"<p><b>{up_next}</b> {html.escape(following['name'])}: "
                f"{html.escape(following.dose)}</p>"
            )
        else:
            self.up_next.value = f"<p><b>{up_next}</b> {html.escape(say('routines.finished'))}</p>"

    # export -------------------------------------------------------------------------
    def handout_html(self) -> str:
        """The printable one-page handout of the current routine."""
        return routine_handout_html(self._current(), title=self.title.value, notes=self.notes.value)

    def _current(self) -> pd.DataFrame:
        if self.plan is None:
            raise PlanError(self.refusal or "there is no routine to save yet: build one first")
        return self.plan

    def save_handout(self, folder: str | Path = ".") -> Path:
        """Write the printable handout to ``<file name>.html`` in ``folder``; return the path."""
        path = Path(folder) / f"{self._stem()}.html"
        path.write_text(self.handout_html(), encoding="utf-8")
        self.export_message.show(say("routines.saved_handout", path=path), "success")
        return path

    def save_csv(self, folder: str | Path = ".") -> Path:
        """Write the routine to ``<file name>.csv`` in ``folder``; return the path."""
        path = Path(folder) / f"{self._stem()}.csv"
        path.write_text(routine_csv(self._current()), encoding="utf-8")
        self.export_message.show(say("routines.saved_csv", path=path), "success")
        return path

    def _offer_handout(self) -> None:
        self.export_message.show_download(
            say("routines.handout_ready"),
            f"{self._stem()}.html",
            self.handout_html(),
            "text/html",
        )

    def _offer_csv(self) -> None:
        self.export_message.show_download(
            say("routines.csv_ready"),
            f"{self._stem()}.csv",
            routine_csv(self._current()),
            "text/csv",
        )

    def _stem(self) -> str:
        return safe_stem(self.filename.value, STEM)


def _left_out_html(plan: pd.DataFrame) -> str:
    items = plan.attrs.get("left_out", [])
    if not items:
        return ""
    content = load_content()
    rows = "".join(
        f"<li><b>{html.escape(x['name'])}</b>: {html.escape(x['why'])}"
        + (
            " (" + "; ".join(html.escape(content.reference(r).short) for r in x["refs"]) + ")"
            if x["refs"]
            else ""
        )
        + "</li>"
        for x in items
    )
    heading = html.escape(say("routines.left_out_heading"))
    return f"<p><b>{heading}</b></p><ul>{rows}</ul>"


def _table_html(plan: pd.DataFrame) -> str:
    rows = "".join(
        f"<tr><td>{r.start}</td><td><b>{html.escape(r.name)}</b></td>"
        f"<td>{html.escape(r.dose)}</td><td>{r.duration}</td></tr>"
        for r in plan.itertuples()
    )
    head = "".join(
        f"<th>{html.escape(say(key))}</th>"
        for key in (
            "routines.col_start",
            "routines.col_exercise",
            "routines.col_how",
            "routines.col_time",
        )
    )
    return f"<table style='border-collapse:collapse'><tr>{head}</tr>{rows}</table>"
