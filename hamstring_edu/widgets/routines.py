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
from hamstring_edu.fit_workout import routine_workout
from hamstring_edu.handouts import routine_handout_html
from hamstring_edu.limits import NO_LIMITS, Limits
from hamstring_edu.routines import (
    LEVELS,
    SESSIONS,
    build_routine,
    kind_name,
    routine_content,
    routine_csv,
    routine_refusal,
)
from hamstring_edu.widgets.common import (
    FigureOutput,
    MessageArea,
    button,
    disclaimer,
    row,
    safe_stem,
)
from hamstring_edu.widgets.named_controls import (
    APP_CLASS,
    NAMED_STYLE,
    CheckboxGroup,
    ChoiceDropdown,
    alert,
    app_css,
    fitted,
    guarded,
    keyboard_keeper,
    named_dropdown,
    wrapping,
)
from hamstring_edu.wording import clock, say

TICK_S = 1.0
STEM = "my_routine"  # the file name a handout or table is saved under unless one is given
MINUTES = range(3, 31)  # the minutes the builder offers
VISUALLY_HIDDEN = (
    "position:absolute;width:1px;height:1px;margin:-1px;overflow:hidden;clip:rect(0 0 0 0);"
    "white-space:nowrap;border:0"
)


def condition_options() -> list[tuple[str, str]]:
    """The self-assessment conditions a routine can honour, as the dropdown offers them (the
    first, 'none', is a real choice: its value is ``"none"``, read back as ``None``)."""
    return [
        (say("routines.condition_none"), ChoiceDropdown.none_value),
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
        *,
        show_disclaimer: bool = True,
    ) -> None:
        causes = load_content().causes
        self.limits = limits  # a self-assessment's limits (set_limits): what the routine obeys
        self.kind = widgets.ToggleButtons(
            options=[(k.name, k.id) for k in routine_content().kinds.values()],
            value=kind,
            description=say("routines.kind_label"),
            style={**NAMED_STYLE, "button_width": "auto"},
            layout=wrapping(),
        )
        choices = [(say("routines.minutes_option", minutes=m), m) for m in MINUTES]
        if minutes not in MINUTES:  # a caller's own length stays a choice
            choices.append((say("routines.minutes_option", minutes=minutes), minutes))
        self.minutes = named_dropdown(say("routines.minutes_label"), choices, minutes)
        self.session = named_dropdown(say("routines.session_label"), SESSIONS, "easy")
        self.level = named_dropdown(say("routines.level_label"), LEVELS, "beginner")
        self.condition = ChoiceDropdown(
            options=condition_options(),
            value=condition,
            description=say("routines.condition_label"),
            style=NAMED_STYLE,
            layout=wrapping(),
        )
        self.focus = CheckboxGroup(
            [(say("routines.focus_option", cause=c.title), c.id) for c in causes],
            heading=say("routines.focus_label"),
        )
        self.focus.add_class("hamstring-focus")
        self.message = MessageArea()  # answers to the builder's controls
        self.export_message = MessageArea()  # answers to Handout and CSV, next to them
        self.plan: pd.DataFrame | None = None
        self.figure = fitted(FigureOutput())
        self.left_out = widgets.HTML()
        self.table = widgets.HTML(layout={"width": "auto", "overflow": "auto"})
        self.table.add_class("hamstring-fit")  # the table may shrink to the box and wrap
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
        self.progress.description = say("routines.progress_label")
        self.progress.style = NAMED_STYLE
        self.back_button = button(say("routines.back"), "step-backward")
        self.next_button = button(say("routines.next"), "step-forward")
        self.now = widgets.HTML(layout={"width": "auto"})
        self.up_next = widgets.HTML(layout={"width": "auto"})
        self.step_news = widgets.HTML()  # a live region: says each new step once, not each tick
        self._announced: int | None = None
        self.play_button.observe(self._play_toggled, names="value")
        self.reset_button.on_click(lambda _: self.reset())
        self.back_button.on_click(lambda _: self.step_back())
        self.next_button.on_click(lambda _: self.step_next())
        # export
        self.title = widgets.Text(
            description=say("routines.title"),
            placeholder=say("routines.title_placeholder"),
            style=NAMED_STYLE,
            layout=wrapping(),
        )
        self.notes = widgets.Textarea(
            description=say("routines.notes"),
            placeholder=say("routines.notes_placeholder"),
            style=NAMED_STYLE,
            layout=wrapping("min(30em, calc(100% - 4px))"),
        )
        self.filename = widgets.Text(
            value=STEM, description=say("routines.file_name"), style=NAMED_STYLE, layout=wrapping()
        )
        self.handout_button = button(say("routines.handout_button"), "print")
        self.csv_button = button(say("routines.csv_button"), "table")
        self.watch_button = button(say("routines.watch_button"), "clock-o")
        self.handout_button.on_click(lambda _: self._export(self._offer_handout))
        self.csv_button.on_click(lambda _: self._export(self._offer_csv))
        self.watch_button.on_click(lambda _: self._export(self._offer_watch))

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
                *([disclaimer()] if show_disclaimer else []),
                app_css(),
                keyboard_keeper(),
                self.kind,
                row([self.minutes, self.session, self.level]),
                self.condition,
                self.focus,
                self.message,
                self.figure,
                self.left_out,
                widgets.HTML(f"<h3>{html.escape(say('routines.follow_along'))}</h3>"),
                row(
                    [
                        self.play_button,
                        self.back_button,
                        self.next_button,
                        self.reset_button,
                        self.progress,
                    ]
                ),
                self.step_news,
                self.now,
                self.up_next,
                self.table,
                row([self.title, self.filename]),
                self.notes,
                row([self.handout_button, self.csv_button, self.watch_button]),
                self.export_message,
            ],
            layout={"width": "auto", "max_width": "100%"},
        )
        self.add_class(APP_CLASS)
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
        return routine_refusal(self.kind.value, condition=self.condition.chosen, limits=self.limits)

    def _rebuild(self, _change: object = None) -> None:
        refusal = self.refusal
        if refusal:  # no routine for a run: say why and what is allowed, keep nothing old
            self._clear_plan()
            alert(self.message, refusal, title=say("routines.refused_title"), kind="warning")
            return
        plan = guarded(
            self.message,
            lambda: build_routine(
                self.kind.value,
                self.minutes.value,
                session=self.session.value,
                focus=self.focus.value,
                level=self.level.value,
                condition=self.condition.chosen,
                limits=self.limits,
            ),
            title=say("routines.error_title"),
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

    def step_next(self) -> None:
        """Jump to the start of the next step (or to the end after the last one)."""
        if self.plan is None:
            return
        step = self.current_step
        starts = self.plan["start_s"].tolist()
        self.elapsed = self.total_s if step is None or step + 1 >= len(starts) else starts[step + 1]
        if self.elapsed >= self.total_s:
            self.pause()
        self._show_player()

    def step_back(self) -> None:
        """Jump to the start of this step, or of the one before when this one just began."""
        if self.plan is None:
            return
        starts = self.plan["start_s"].tolist()
        step = self.current_step if self.current_step is not None else len(starts)
        at = starts[step] if step < len(starts) else self.total_s
        if self.elapsed <= at + 1 and step > 0:  # at the start already: one step back
            at = starts[step - 1]
        self.elapsed = at
        self._show_player()

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
        self.back_button.disabled = self.plan is None or self.elapsed == 0
        self.next_button.disabled = step is None
        self._announce(step)
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

    def _announce(self, step: int | None) -> None:
        """Say a new step (or the end) once in a live region; the clock's ticks are not said."""
        if step == self._announced and self.step_news.value:
            return
        self._announced = step
        if self.plan is None:
            self.step_news.value = ""
            return
        if step is None:
            news = say("routines.done")
        else:
            r = self.plan.iloc[step]
            news = say("routines.step_news", step=r.step, steps=len(self.plan), name=r["name"])
        self.step_news.value = (
            f'<div role="status" style="{VISUALLY_HIDDEN}">{html.escape(news)}</div>'
        )

    # export -------------------------------------------------------------------------
    def _export(self, offer: object) -> None:
        guarded(self.export_message, offer, title=say("routines.export_error_title"))

    def handout_html(self) -> str:
        """The printable one-page handout of the current routine."""
        return routine_handout_html(self._current(), title=self.title.value, notes=self.notes.value)

    def _current(self) -> pd.DataFrame:
        if self.plan is None:
            raise PlanError(self.refusal or say("routines.nothing_to_save"))
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

    def _offer_watch(self) -> None:
        self.export_message.show_download(
            say("routines.watch_ready"),
            f"{self._stem()}.fit",
            routine_workout(self._current()),
            "application/vnd.ant.fit",
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
    """The routine's steps as a table with headers: start, time, exercise (numbered), how (the
    long column last and no column of its own for the number, so it fits a phone)."""
    head = "".join(
        f'<th scope="col">{html.escape(say(key))}</th>'
        for key in (
            "routines.col_start",
            "routines.col_time",
            "routines.col_exercise",
            "routines.col_how",
        )
    )
    rows = "".join(
        f"<tr><td>{html.escape(r.start)}</td><td>{html.escape(r.duration)}</td>"
        f'<th scope="row">{r.step}. {html.escape(r.name)}</th>'
        f"<td>{html.escape(r.dose)}</td></tr>"
        for r in plan.itertuples()
    )
    caption = html.escape(say("routines.table_caption", kind=kind_name(plan.attrs.get("kind"))))
    return (
        f'<div class="hamstring-scroll" role="region" aria-label="{caption}" tabindex="0">'
        f'<table class="hamstring-steps"><caption>{caption}</caption>'
        f"<thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table></div>"
    )
