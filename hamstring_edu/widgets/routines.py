"""RoutineApp: build a warm-up or cool-down, follow it with a timer, print it or save it as CSV."""

from __future__ import annotations

import asyncio
import html
from pathlib import Path

import ipywidgets as widgets
import pandas as pd
import plotly.graph_objects as go

from hamstring_edu.content import load_content
from hamstring_edu.figures.routines import routine_timeline
from hamstring_edu.handouts import routine_handout_html
from hamstring_edu.routines import LEVELS, SESSIONS, build_routine, routine_csv
from hamstring_edu.widgets.common import MessageArea, disclaimer, replace_figure

TICK_S = 1.0


class RoutineApp(widgets.VBox):
    """A routine builder with a live timeline and a step-by-step follow-along player."""

    def __init__(self, kind: str = "warmup", minutes: int = 10) -> None:
        causes = load_content().causes
        self.kind = widgets.ToggleButtons(
            options=[("Warm-up", "warmup"), ("Cool-down", "cooldown")], value=kind
        )
        self.minutes = widgets.IntSlider(value=minutes, min=3, max=30, description="Minutes")
        self.session = widgets.Dropdown(options=SESSIONS, value="easy", description="Session")
        self.level = widgets.Dropdown(options=LEVELS, value="beginner", description="Level")
        self.focus = widgets.SelectMultiple(
            options=[(c.title, c.id) for c in causes], description="Focus", rows=6
        )
        self.message = MessageArea()
        self.plan: pd.DataFrame | None = None
        self.figure = go.FigureWidget()
        self.table = widgets.HTML()
        # player
        self.elapsed = 0
        self.playing = False
        self._ticker: asyncio.Task | None = None
        self.play_button = widgets.ToggleButton(description="Start", icon="play")
        self.reset_button = widgets.Button(description="Reset", icon="undo")
        self.progress = widgets.IntProgress(min=0, max=1, description="Progress")
        self.now = widgets.HTML()
        self.up_next = widgets.HTML()
        self.play_button.observe(self._play_toggled, names="value")
        self.reset_button.on_click(lambda _: self.reset())
        # export
        self.title = widgets.Text(description="Title", placeholder="optional, for the handout")
        self.notes = widgets.Textarea(description="Notes", placeholder="optional")
        self.filename = widgets.Text(value="my_routine", description="File name")
        handout = widgets.Button(description="Handout (HTML)", icon="print")
        csv = widgets.Button(description="Save CSV", icon="table")
        handout.on_click(lambda _: self.message.guard(self.save_handout))
        csv.on_click(lambda _: self.message.guard(self.save_csv))

        for control in (self.kind, self.minutes, self.session, self.level, self.focus):
            control.observe(self._rebuild, names="value")
        super().__init__(
            [
                disclaimer(),
                self.kind,
                widgets.HBox([widgets.VBox([self.minutes, self.session, self.level]), self.focus]),
                self.message,
                self.figure,
                widgets.HTML("<h4>Follow along</h4>"),
                widgets.HBox([self.play_button, self.reset_button, self.progress]),
                self.now,
                self.up_next,
                self.table,
                widgets.HBox([self.title, self.filename]),
                self.notes,
                widgets.HBox([handout, csv]),
            ]
        )
        self._rebuild()

    # building ------------------------------------------------------------------
    def _rebuild(self, _change: object = None) -> None:
        plan = self.message.guard(
            lambda: build_routine(
                self.kind.value,
                self.minutes.value,
                session=self.session.value,
                focus=self.focus.value,
                level=self.level.value,
            )
        )
        if plan is None:
            return
        self.plan = plan
        replace_figure(self.figure, routine_timeline(plan))
        self.table.value = _table_html(plan)
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
        self.play_button.description = "Pause" if self.playing else "Start"
        self.play_button.icon = "pause" if self.playing else "play"
        self.progress.max = max(1, self.total_s)
        self.progress.value = self.elapsed
        step = self.current_step
        if step is None:
            self.now.value = "<h3>Done. Well done!</h3>" if self.plan is not None else ""
            self.up_next.value = ""
            return
        row = self.plan.iloc[step]
        left = int(row.start_s + row.duration_s - self.elapsed)
        cues = "".join(f"<li>{html.escape(c)}</li>" for c in row.cues.split(" | "))
        self.now.value = (
            f"<h3>Now: {html.escape(row['name'])} <span style='font-weight:normal'>"
            f"({left // 60}:{left % 60:02d} left)</span></h3>"
            f"<p>{html.escape(row.dose)}</p><ul>{cues}</ul>"
        )
        if step + 1 < len(self.plan):
            following = self.plan.iloc[step + 1]
            self.up_next.value = (
                f"<p><b>Up next:</b> {html.escape(following['name'])}: "
                f"{html.escape(following.dose)}</p>"
            )
        else:
            self.up_next.value = "<p><b>Up next:</b> finished</p>"

    # export -------------------------------------------------------------------------
    def save_handout(self, folder: str | Path = ".") -> Path:
        """Write the printable handout to ``<file name>.html``; return the path."""
        path = Path(folder) / f"{self._stem()}.html"
        page = routine_handout_html(self.plan, title=self.title.value, notes=self.notes.value)
        path.write_text(page, encoding="utf-8")
        self.message.show(f"Saved {path}: open it in a browser and print it.", "info")
        return path

    def save_csv(self, folder: str | Path = ".") -> Path:
        """Write the routine to ``<file name>.csv``; return the path."""
        path = Path(folder) / f"{self._stem()}.csv"
        path.write_text(routine_csv(self.plan), encoding="utf-8")
        self.message.show(f"Saved {path}", "info")
        return path

    def _stem(self) -> str:
        from hamstring_edu.errors import PlanError

        stem = "".join(ch for ch in self.filename.value if ch.isalnum() or ch in "-_")
        if not stem:
            raise PlanError("please enter a file name (letters, digits, - or _)")
        return stem


def _table_html(plan: pd.DataFrame) -> str:
    rows = "".join(
        f"<tr><td>{r.start}</td><td><b>{html.escape(r.name)}</b></td>"
        f"<td>{html.escape(r.dose)}</td><td>{r.duration}</td></tr>"
        for r in plan.itertuples()
    )
    return (
        "<table style='border-collapse:collapse'><tr><th>start</th><th>exercise</th>"
        f"<th>how</th><th>time</th></tr>{rows}</table>"
    )
