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
from hamstring_edu.figures.team import ZONE_COLOURS, athlete_chart, team_heatmap
from hamstring_edu.journal import LEGS, LOCATIONS, Journal
from hamstring_edu.team import TeamWeek, summarise_team, week_start, week_starts
from hamstring_edu.widgets.common import (
    FigureOutput,
    MessageArea,
    box_html,
    button,
    disclaimer,
    labelled,
    row,
)

NO_TEAM = "(no team)"
CAVEAT = (
    "These are reasons to ask how someone is, not predictions. A high ratio or a big jump "
    "is a change worth a conversation; research could reproduce the ratio's link with injury "
    "using a made-up chronic load (impellizzeri2021). Soreness and warning signs come from the "
    "athletes themselves: they outrank any number here."
)


def week_label(monday: Any) -> str:
    """A week as a dropdown shows it: 'Mon 19 May 2025'."""
    stamp = pd.Timestamp(monday)
    return f"{stamp.strftime('%a')} {stamp.day} {stamp.strftime('%b %Y')}"


def week_table_html(view: TeamWeek) -> str:
    """The chosen week as an HTML table (one row per athlete; talk-to rows in bold)."""
    unit = html.escape(str(view.settings.get("unit", "")))
    head = (
        "<tr><th>athlete</th><th>7-day load</th><th>change</th>"
        f"<th>{html.escape(view.settings['ratio_label'])}</th><th>zone</th>"
        "<th>highest soreness</th><th>check-ins</th><th>self-assessment</th></tr>"
    )
    body = []
    for r in view.table.itertuples():
        change = (
            "n/a"
            if pd.isna(r.change_pct)
            else "from zero"
            if r.change_pct == float("inf")
            else f"{round(r.change_pct):+d}%"
        )
        cells = [
            html.escape(r.athlete),
            "n/a" if pd.isna(r.load) else f"{r.load:.1f} {unit}",
            change,
            "n/a" if pd.isna(r.ratio) else f"{r.ratio:.2f}",
            f'<span style="background:{ZONE_COLOURS[r.zone]};color:#111;padding:0 6px;'
            f'border-radius:3px;white-space:nowrap">{html.escape(r.zone)}</span>',
            "" if pd.isna(r.soreness) else f"{r.soreness:.0f}/10",
            str(r.checkins),
            html.escape(r.level or ""),
        ]
        weight = "font-weight:bold;" if r.talk else ""
        body.append(f'<tr style="{weight}">' + "".join(f"<td>{c}</td>" for c in cells) + "</tr>")
    style = "border-collapse:collapse;font-size:13px"
    return (
        f'<div style="overflow-x:auto;max-width:100%"><table class="team-week" style="{style}">'
        f"<caption style='text-align:left'>7 days to {view.as_of.date()} "
        "(bold: on the talk-to list)</caption>"
        f"{head}{''.join(body)}</table></div>"
        "<style>.team-week td,.team-week th{padding:2px 10px;border-bottom:1px solid #ddd;"
        "text-align:left}.hamstring-week-table>.widget-html-content{min-width:0;"
        "max-width:100%;overflow-x:auto}</style>"
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
        wide = {"width": "auto", "min_width": "8em"}
        self.athlete = widgets.Dropdown(options=names, layout=wide)
        self.date = widgets.DatePicker(value=day or date.today(), layout={"width": "auto"})
        self.leg = widgets.Dropdown(options=list(LEGS), value="both", layout=wide)
        self.location = widgets.Dropdown(
            options=[(text, key) for key, text in LOCATIONS.items()],
            value="whole",
            layout={"width": "auto"},
        )
        self.rating = widgets.IntSlider(value=0, min=0, max=10, readout=True)
        self.note = widgets.Text(placeholder="optional: what did it feel like?")
        self.save_button = button("Save check-in", "check")
        self.message = MessageArea()
        self.saved_id: int | None = None
        self.save_button.on_click(lambda _: self.save())
        super().__init__(
            [
                row(
                    [
                        labelled(self.athlete, "Athlete"),
                        labelled(self.date, "Date"),
                        labelled(self.leg, "Leg"),
                        labelled(self.location, "Where"),
                    ]
                ),
                row(
                    [
                        labelled(self.rating, "Soreness (0 none, 10 worst)"),
                        labelled(self.note, "Note"),
                    ]
                ),
                row([self.save_button]),
                self.message,
            ]
        )
        self.add_class("hamstring-checkin")

    def set_athletes(self, names: list[str]) -> None:
        """Offer these athletes (keeps the chosen one if still there)."""
        chosen = self.athlete.value
        self.athlete.options = names
        if chosen in names:
            self.athlete.value = chosen

    def save(self) -> int | None:
        """Save the form as a check-in; its id, or None (the reason shows next to the button)."""
        self.saved_id = self.message.guard(self._save)
        return self.saved_id

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
        self.message.show(f"Saved: {who}, soreness {rating}/10 on {day or 'today'}.", "success")
        self.note.value = ""
        return checkin


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
        self.team = widgets.Dropdown(layout={"width": "auto", "min_width": "8em"})
        self.week = widgets.Dropdown(layout={"width": "auto", "min_width": "8em"})
        self.athlete = widgets.Dropdown(layout={"width": "auto", "min_width": "8em"})
        self.talk = widgets.HTML(layout={"width": "auto", "flex": "1 1 380px"})
        self.caveat = widgets.HTML(
            box_html(CAVEAT, "info", title="What these numbers can and cannot say"),
            layout={"width": "auto", "flex": "1 1 320px"},
        )
        self.table = widgets.HTML(layout={"width": "100%"})
        self.heatmap = FigureOutput()
        self.drill = FigureOutput()
        self.checkin = CheckinForm(self.journal, [], on_saved=lambda _: self.refresh())
        teams = self.journal.teams()
        self.team.options = [(t or NO_TEAM, t) for t in teams]
        if teams:
            self.team.value = team if team in teams else teams[0]
        self._fill_weeks(week)
        self.team.observe(self._team_changed, names="value")
        self.week.observe(lambda _: self.refresh(), names="value")
        self.athlete.observe(lambda _: self._draw_athlete(), names="value")
        super().__init__(
            [
                disclaimer(),
                row([labelled(self.team, "Team"), labelled(self.week, "Week")]),
                self.message,
                widgets.HTML("<h4>Athletes to talk to this week</h4>"),
                row([self.talk, self.caveat]),
                widgets.HTML("<h4>The week, athlete by athlete</h4>"),
                self.table,
                self.heatmap,
                widgets.HTML("<h4>One athlete: load and soreness</h4>"),
                row([labelled(self.athlete, "Athlete")]),
                self.drill,
                widgets.HTML("<h4>After-run check-in</h4>"),
                self.checkin,
            ]
        )
        self.add_class("hamstring-team-dashboard")
        self.talk.add_class("hamstring-talk")
        self.table.add_class("hamstring-week-table")
        if not teams:
            self.message.show(
                "The journal has no athletes yet: import a training log first "
                "(journal.import_log).",
                "info",
            )
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
        view = self.message.guard(
            lambda: summarise_team(
                self.journal,
                team=self.team.value,
                week=self.week.value,
                weeks=self.weeks_shown,
                today=self.today,
            )
        )
        if view is None:
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
            self.message.show(str(exc), "error")
