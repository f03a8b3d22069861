"""TeamDashboard: a coach's week from the team journal; CheckinForm: after-run soreness."""

from __future__ import annotations

import html
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import ipywidgets as widgets
import pandas as pd

from hamstring_edu.errors import HamstringEduError
from hamstring_edu.figures.team import (
    athlete_chart,
    change_text,
    ratio_text,
    team_heatmap,
    zone_colours,
)
from hamstring_edu.journal import LEGS, LOCATIONS, Journal
from hamstring_edu.team import TeamWeek, summarise_team, week_start, week_starts
from hamstring_edu.widgets.common import (
    FigureOutput,
    MessageArea,
    box_html,
    button,
    disclaimer,
    keep_keys,
    row,
)
from hamstring_edu.wording import say

CELL_STYLE = "padding:2px 10px;border-bottom:1px solid #ddd;text-align:left"
# the widget's own box may shrink and scroll sideways instead of widening the page
WEEK_TABLE_CSS = (
    "<style>.hamstring-week-table>.widget-html-content"
    "{min-width:0;max-width:100%;overflow-x:auto}</style>"
)


def week_label(monday: Any) -> str:
    """A week as a dropdown shows it: 'Mon 19 May 2025'."""
    stamp = pd.Timestamp(monday)
    return f"{stamp.strftime('%a')} {stamp.day} {stamp.strftime('%b %Y')}"


def week_table_html(view: TeamWeek) -> str:
    """The chosen week as an HTML table (one row per athlete; talk-to rows in bold)."""
    unit = html.escape(str(view.settings.get("unit", "")))
    titles = [
        say("team.athlete"),
        say("team.col_load"),
        say("team.col_change"),
        view.settings["ratio_label"],
        say("team.zone"),
        say("team.col_soreness"),
        say("team.col_checkins"),
        say("team.self_assessment"),
        say("team.col_stage"),
    ]
    head = "".join(f'<th style="{CELL_STYLE}">{html.escape(t)}</th>' for t in titles)
    colours = zone_colours()
    body = []
    for r in view.table.itertuples():
        cells = [
            html.escape(r.athlete),
            html.escape(say("team.not_available")) if pd.isna(r.load) else f"{r.load:.1f} {unit}",
            html.escape(change_text(r.change_pct)),
            html.escape(ratio_text(r.ratio)),
            f'<span style="background:{colours[r.zone]};color:#111;padding:0 6px;'
            f'border-radius:3px;white-space:nowrap">{html.escape(r.zone)}</span>',
            "" if pd.isna(r.soreness) else f"{r.soreness:.0f}/10",
            str(r.checkins),
            html.escape(r.level or ""),
            "" if pd.isna(getattr(r, "stage", float("nan"))) else f"{r.stage:.0f}",
        ]
        weight = "font-weight:bold;" if r.talk else ""
        tds = "".join(f'<td style="{CELL_STYLE}">{c}</td>' for c in cells)
        body.append(f'<tr style="{weight}">{tds}</tr>')
    style = "border-collapse:collapse;font-size:13px"
    caption = html.escape(say("team.table_caption", day=view.as_of.date()))
    return (
        f'<div role="region" aria-label="{caption}" tabindex="0" '
        f'style="overflow-x:auto;max-width:100%"><table class="team-week" style="{style}">'
        f"<caption style='text-align:left'>{caption}</caption>"
        f"<tr>{head}</tr>{''.join(body)}</table></div>{WEEK_TABLE_CSS}"
    )


class CheckinForm(widgets.VBox):
    """After-run soreness: athlete, date, leg, where, 0-10, a note; saved to the journal."""

    def __init__(
        self,
        journal: Journal,
        athletes: list[str] | None = None,
        *,
        on_saved: Callable[[int], None] | None = None,
        day: date | None = None,
    ) -> None:
        self.journal = journal
        self.on_saved = on_saved
        names = athletes if athletes is not None else journal.athletes()["athlete"].tolist()
        # never blank: it starts on "Choose the athlete", so nobody's check-in is saved by mistake
        self.athlete = widgets.Dropdown(description=say("team.checkin_athlete"), **_named())
        self.set_athletes(names)
        self.date = widgets.DatePicker(
            value=day or date.today(), description=say("team.checkin_date"), **_named()
        )
        self.leg = widgets.Dropdown(
            options=list(LEGS), value="both", description=say("team.leg_label"), **_named()
        )
        self.location = widgets.Dropdown(
            options=[(text, key) for key, text in LOCATIONS.items()],
            value="whole",
            description=say("team.where_label"),
            style={"description_width": "initial"},
            # long places ("spread over the back of the thigh"): the label above, the list wide
            layout=widgets.Layout(width="100%", max_width="32em", flex_flow="column"),
        )
        self.location.add_class("hamstring-where")
        # a list of 0-10, named by its label: a slider handle gets no name from ipywidgets
        self.rating = widgets.Dropdown(
            options=[(_rating_label(n), n) for n in range(11)],
            value=0,
            description=say("team.rating_label"),
            **_named(),
        )
        self.note = widgets.Text(
            placeholder=say("team.note_placeholder"), description=say("team.note_label"), **_named()
        )
        self.save_button = button(say("team.save_checkin"), "check")
        self.message = MessageArea()
        self.saved_id: int | None = None
        self.save_button.on_click(lambda _: self.save())
        super().__init__(
            [
                row([self.athlete, self.date, self.leg, self.location]),
                row([self.rating, self.note]),
                row([self.save_button]),
                self.message,
                widgets.HTML(FORM_CSS),
                _keys(),
            ]
        )
        self.add_class("hamstring-checkin")

    def set_athletes(self, names: list[str]) -> None:
        """Offer these athletes (keeps the chosen one if still there)."""
        chosen = self.athlete.value
        self.athlete.options = [(say("team.choose_athlete"), None)] + [(n, n) for n in names]
        if chosen in names:
            self.athlete.value = chosen
        else:
            self.athlete.index = 0

    def save(self) -> int | None:
        """Save the form as a check-in; its id, or None (the reason shows next to the button, in
        plain words, and is announced)."""
        self.message.clear()
        problem = self._problem()
        if problem is None:
            try:
                self.saved_id = self._save()
                return self.saved_id
            except HamstringEduError as exc:
                problem = say("team.refused", reason=exc.message)
        self.saved_id = None
        self.message.show(problem, "error", title=say("team.checkin_error_title"))
        return None

    def _problem(self) -> str | None:
        """What stops the form from being saved, in words a coach acts on (None: nothing)."""
        if self.athlete.value is None:
            return say("team.no_athlete")
        day = self.date.value
        if day is None:
            return say("team.no_date")
        today = date.today()
        if day > today:
            return say("team.future_date", day=day.isoformat(), today=today.isoformat())
        return None

    def _save(self) -> int:
        who, rating, day = self.athlete.value, self.rating.value, self.date.value
        checkin = self.journal.add_checkin(
            who,
            rating,
            date=day,
            leg=self.leg.value,
            location=self.location.value,
            note=self.note.value,
        )
        if self.on_saved is not None:
            self.on_saved(checkin)
        day_words = day or say("team.today")
        self.message.show(say("team.saved", who=who, rating=rating, day=day_words), "success")
        self.note.value = ""
        return checkin


def _rating_label(n: int) -> str:
    if n == 0:
        return say("team.rating_none", n=n)
    return say("team.rating_worst", n=n) if n == 10 else str(n)


def _named(width: str = "auto") -> dict[str, Any]:
    """A control with its purpose as its own label (a real ``<label for>``), which wraps above
    the control when the page is narrow."""
    return {
        "style": {"description_width": "initial"},
        "layout": widgets.Layout(width=width, max_width="100%", flex_flow="row wrap"),
    }


# the focus always visible (a date box's own ring is faint), labels wrap above at phone width
FORM_CSS = (
    "<style>.hamstring-checkin :focus-visible,.hamstring-checkin input:focus-within,"
    ".hamstring-team-dashboard :focus-visible{outline:3px solid #0072B2!important;"
    "outline-offset:2px}.hamstring-checkin .widget-label,.hamstring-team-dashboard .widget-label"
    "{white-space:normal;max-width:100%}.hamstring-checkin .jupyter-widgets,"
    ".hamstring-team-dashboard .widget-dropdown{flex-wrap:wrap;height:auto;max-width:100%}"
    ".hamstring-checkin select,.hamstring-checkin input{max-width:100%;min-height:28px}"
    ".hamstring-where select{flex:0 0 auto}</style>"
)


def _keys() -> widgets.Output:
    return keep_keys(".hamstring-team-dashboard, .hamstring-checkin")


class TeamDashboard(widgets.VBox):
    """Pick a team and a week: who to talk to and why, the week's table, the athletes x weeks
    heatmap, one athlete's load and soreness, and a check-in form that updates it all."""

    def __init__(
        self,
        journal: Journal | str | Path | None = None,
        *,
        team: str | None = None,
        week: Any = None,
        weeks: int = 8,
        today: Any = None,
    ) -> None:
        self.journal = journal if isinstance(journal, Journal) else Journal(journal)
        self.weeks_shown = weeks
        self.today = pd.Timestamp(today or date.today()).normalize()
        self.view: TeamWeek | None = None
        self._quiet = False
        self.message = MessageArea()
        self.team = widgets.Dropdown(description=say("team.team_label"), **_named())
        self.week = widgets.Dropdown(description=say("team.week_label"), **_named())
        self.athlete = widgets.Dropdown(description=say("team.athlete_pick"), **_named())
        self.talk = widgets.HTML(layout={"width": "auto", "flex": "1 1 380px"})
        self.caveat = widgets.HTML(
            box_html(say("team.caveat"), "info", title=say("team.caveat_title")),
            layout={"width": "auto", "flex": "1 1 320px"},
        )
        self.table = widgets.HTML(layout={"width": "100%"})
        self.heatmap = FigureOutput()
        self.drill = FigureOutput()
        self.checkin = CheckinForm(self.journal, [], on_saved=lambda _: self.refresh())
        teams = self.journal.teams()
        self.team.options = [(t or say("team.no_team"), t) for t in teams]
        if teams:
            self.team.value = team if team in teams else teams[0]
        self._fill_weeks(week)
        self.team.observe(self._team_changed, names="value")
        self.week.observe(lambda _: self.refresh(), names="value")
        self.athlete.observe(lambda _: self._draw_athlete(), names="value")
        super().__init__(
            [
                disclaimer(),
                row([self.team, self.week]),
                self.message,
                _heading("team.talk_heading"),
                row([self.talk, self.caveat]),
                _heading("team.week_heading"),
                self.table,
                self.heatmap,
                _heading("team.athlete_heading"),
                row([self.athlete]),
                self.drill,
                _heading("team.checkin_heading"),
                self.checkin,
                _keys(),
            ]
        )
        self.add_class("hamstring-team-dashboard")
        self.talk.add_class("hamstring-talk")
        self.table.add_class("hamstring-week-table")
        if not teams:
            self.message.show(say("team.empty_journal"), "info")
            return
        self.refresh()

    # ------------------------------------------------------------------ inputs
    def _fill_weeks(self, week: Any = None) -> None:
        first, last = self.journal.date_range(team=self.team.value)
        if first is None:
            self.week.options = []
            return
        last = min(last, self.today)
        mondays = week_starts(first, last)[::-1]  # newest first
        options = [(week_label(m), m.date().isoformat()) for m in mondays]
        chosen = None if week is None else week_start(week).date().isoformat()
        self.week.options = options
        self.week.value = chosen if chosen in dict(options).values() else options[0][1]

    def _team_changed(self, _change: object) -> None:
        self._fill_weeks()
        self.refresh()

    # ------------------------------------------------------------------ model -> views
    def refresh(self) -> TeamWeek | None:
        """Recompute the week from the journal and redraw everything."""
        self.message.clear()
        try:
            view = summarise_team(
                self.journal,
                team=self.team.value,
                week=self.week.value,
                weeks=self.weeks_shown,
                today=self.today,
            )
        except HamstringEduError as exc:
            self.message.show(exc.message, "error", title=say("team.week_error_title"))
            return None
        self.view = view
        self.talk.value = view.talk_to_html()
        self.table.value = week_table_html(view)
        self.heatmap.show(team_heatmap(view))
        names = list(view.athletes)
        self.checkin.set_athletes(names)
        self.checkin.date.value = view.as_of.date()
        keep = self.athlete.value if self.athlete.value in names else None
        first = view.talk_to["athlete"].iloc[0] if len(view.talk_to) else (names or [None])[0]
        self._quiet = True  # one drawing after both changes, not one per change
        try:
            self.athlete.options = names
            self.athlete.value = keep or first
        finally:
            self._quiet = False
        self._draw_athlete()
        return view

    def _draw_athlete(self) -> None:
        if self._quiet or self.view is None or self.athlete.value is None:
            return
        try:
            self.drill.show(athlete_chart(self.view, self.athlete.value))
        except HamstringEduError as exc:
            self.message.show(exc.message, "error")


def _heading(key: str) -> widgets.HTML:
    """A section heading of the dashboard, from its text ``key``."""
    return widgets.HTML(f"<h3>{html.escape(say(key))}</h3>")
