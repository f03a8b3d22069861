"""RecoveryApp: a timed first-aid plan, the stage ladder, the return-to-run checklist that turns
into a walk-run plan, a printable one-page plan and a calendar (.ics) file."""

from __future__ import annotations

import html
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import available_timezones

import ipywidgets as widgets
import pandas as pd

from hamstring_edu.content import load_content
from hamstring_edu.errors import HamstringEduError, PlanError
from hamstring_edu.figures.recovery import (
    first_days_timeline,
    stage_ladder,
    time_frames_chart,
    walk_run_chart,
)
from hamstring_edu.fit_workout import walk_run_zip
from hamstring_edu.limits import NO_LIMITS, Limits
from hamstring_edu.recovery import (
    STAGES,
    Offer,
    current_stage,
    first_aid_frameworks,
    local_zone_name,
    onset_days_ago,
    recovery_handout_html,
    recovery_ics,
    recovery_offer,
    recovery_plan,
    recovery_summary,
    recovery_time_frames,
    rehab_stages,
    return_to_run,
)
from hamstring_edu.widgets.common import (
    STYLES,
    FigureOutput,
    MessageArea,
    box_html,
    button,
    disclaimer,
    row,
)
from hamstring_edu.widgets.named_controls import (
    APP_CLASS,
    NAMED_STYLE,
    HourRange,
    alert,
    app_css,
    fitted,
    keyboard_keeper,
    plain_error,
    status,
    wrapping,
)
from hamstring_edu.wording import say

# which control an error from the model is about (its ``field``), by the control's label key
FIELD_LABELS = {
    "onset": "recovery.app_onset_label",
    "when": "recovery.app_onset_label",
    "tz": "recovery.app_tz_label",
    "waking_hours": "recovery.app_waking_label",
    "file name": "recovery.app_file_label",
}


class RecoveryApp(widgets.VBox):
    """Soreness or strain, severity, onset and waking hours in; a timed plan, the stages, the
    return-to-run checklist, a printable plan and an .ics calendar file out."""

    def __init__(
        self,
        *,
        kind: str = "strain",
        severity: str = "mild",
        onset: datetime | None = None,
        waking_hours: tuple[int, int] = (7, 22),
        tz: str | None = None,
        assessment: Any = None,
        folder: str | Path = ".",
        show_disclaimer: bool = True,
    ) -> None:
        self.folder = Path(folder)
        self.plan: pd.DataFrame | None = None
        self.limits: Limits = getattr(assessment, "limits", None) or NO_LIMITS
        self.offer: Offer | None = recovery_offer(assessment) if assessment is not None else None
        self.offer_box = widgets.HTML(layout={"width": "auto"})
        if self.offer is not None:
            kind = self.offer.kind or kind
            style = "error" if self.offer.blocked else "info"
            self.offer_box.value = box_html(self.offer.message, style, title="Your self-assessment")
        zone = tz or local_zone_name()
        # the day the person said it started ("How many days ago?"), else an hour ago
        self._days_sore = (getattr(assessment, "answers", None) or {}).get("days_sore")
        if onset is None:
            onset = onset_days_ago(self._days_sore, tz=zone)
        self._proposed = (onset, zone)  # what the page proposed; a person's own change stays

        # inputs ------------------------------------------------------------------------
        toggles = {**NAMED_STYLE, "button_width": "auto"}
        self.kind = widgets.ToggleButtons(
            options=[("Soreness (DOMS)", "soreness"), ("Strain (injury)", "strain")],
            value=kind,
            description=say("recovery.app_kind_label"),
            style=toggles,
            layout=wrapping(),
        )
        self.severity = widgets.ToggleButtons(
            options=[("Mild", "mild"), ("Moderate", "moderate"), ("Severe", "severe")],
            value=severity,
            description=say("recovery.app_severity_label"),
            style=toggles,
            layout=wrapping(),
        )
        self.onset = widgets.NaiveDatetimePicker(
            value=onset,
            description=say("recovery.app_onset_label"),
            style=NAMED_STYLE,
            layout=wrapping(),
        )
        self.tz = widgets.Combobox(
            options=sorted(available_timezones()),
            value=zone,
            ensure_option=True,
            description=say("recovery.app_tz_label"),
            placeholder=say("recovery.app_tz_placeholder"),
            style=NAMED_STYLE,
            layout=wrapping(),
        )
        self.zone_note = widgets.HTML(layout={"width": "auto"})  # whose clock the times are on
        self.waking = HourRange(
            tuple(waking_hours),
            start_label=say("recovery.app_wake_label"),
            end_label=say("recovery.app_sleep_label"),
        )
        self.plan_message = MessageArea()

        # outputs -----------------------------------------------------------------------
        self.timeline = fitted(FigureOutput())
        self.care = widgets.HTML(layout={"width": "auto"})
        self.care.add_class("hamstring-fit")
        frameworks = widgets.HTML(_frameworks_html(), layout={"width": "auto"})
        self.frameworks = widgets.Accordion([frameworks], selected_index=None)
        self.frameworks.set_title(0, say("recovery.app_frameworks"))

        # strain only: stages, checklist, walk-run, time frames ------------------------------
        self.ladder = fitted(FigureOutput())
        self.stage_detail = widgets.HTML(layout={"width": "auto"})
        self.stage_detail.add_class("hamstring-fit")
        self.checks: dict[str, widgets.Checkbox] = {}
        checklist: list[widgets.Widget] = []
        for stage in STAGES:
            checklist.append(widgets.HTML(f"<b>{html.escape(stage.checks_heading)}</b>"))
            for criterion in stage.move_on:
                box = widgets.Checkbox(
                    value=False,
                    description=criterion.text,  # each check is labelled by its own words
                    indent=False,
                    layout={"width": "auto", "max_width": "100%"},
                )
                box.add_class(f"check-{criterion.id}")
                self.checks[criterion.id] = box
                checklist.append(box)
        self.gate_message = MessageArea()
        self.walk_run = fitted(FigureOutput())
        self.walk_run_table = widgets.HTML(layout={"width": "auto"})
        self.walk_run_table.add_class("hamstring-fit")
        self.walk_run_watch = MessageArea()  # the weeks as FIT workouts, when they are offered
        self.frames = fitted(FigureOutput())
        self._frames_for: str | None = None
        # A sign that rules out running: the stages and the return to running wait for the
        # clinician who sees the leg; only the first-aid days are planned here.
        self.limits_note = MessageArea()
        self.strain_box = widgets.VBox(
            [
                widgets.HTML(f"<h3>{say('recovery.app_stages')}</h3>"),
                self.ladder,
                self.stage_detail,
                widgets.HTML(f"<h3>{say('recovery.app_where')}</h3>"),
                *checklist,
                self.gate_message,
                self.walk_run,
                self.walk_run_table,
                self.walk_run_watch,
                widgets.HTML(f"<h3>{say('recovery.app_others')}</h3>"),
                self.frames,
            ]
        )

        # saves -------------------------------------------------------------------------------
        self.filename = widgets.Text(
            value="recovery_plan",
            description=say("recovery.app_file_label"),
            style=NAMED_STYLE,
            layout=wrapping(),
        )
        self.print_button = button("Printable plan (one page)", "print")
        self.ics_button = button("Calendar file (.ics)", "calendar")
        self.save_message = MessageArea()
        self.print_button.on_click(lambda _: self._save(self.save_handout))
        self.ics_button.on_click(lambda _: self._save(self.save_ics))

        for control in (self.kind, self.severity, self.onset, self.tz, self.waking):
            control.observe(self._replan, names="value")
        for box in self.checks.values():
            box.observe(self._recheck, names="value")
        self.severity.observe(self._recheck, names="value")  # the walk-run plan follows it

        banner = [*([disclaimer()] if show_disclaimer else []), app_css(), keyboard_keeper()]
        if self.offer is not None and self.offer.blocked:
            raised = [(f.title, f.advice) for f in getattr(assessment, "red_flags", ())]
            self.care.value = _care_html(None, raised)
            super().__init__([*banner, self.offer_box, self.care])
            self.add_class(APP_CLASS)
            return
        super().__init__(
            [
                *banner,
                self.offer_box,
                widgets.HTML(f"<h3>{html.escape(say('recovery.app_situation'))}</h3>"),
                row([self.kind, self.severity]),
                row([self.onset, self.tz]),
                self.zone_note,
                widgets.HTML(f"<b>{html.escape(say('recovery.app_waking_label'))}</b>"),
                self.waking,
                self.plan_message,
                self.timeline,
                self.care,
                self.frameworks,
                self.limits_note,
                self.strain_box,
                widgets.HTML(f"<h3>{html.escape(say('recovery.app_take_it'))}</h3>"),
                row([self.filename, self.print_button, self.ics_button]),
                self.save_message,
            ]
        )
        self.add_class(APP_CLASS)
        self._replan()
        self._recheck()

    def use_browser_zone(self, name: str) -> None:
        """The time zone the visitor's browser reports: the plan's times move to it, and the
        page says so (unless the person has set the zone or the start time themselves)."""
        onset, zone = self._proposed
        if self.tz.value != zone:
            return  # the person chose a zone: theirs stays
        new_onset = onset_days_ago(self._days_sore, tz=name)
        self._proposed = (new_onset if self.onset.value == onset else self.onset.value, name)
        if self.onset.value == onset:  # planned once, when the zone changes below
            self.onset.unobserve(self._replan, names="value")
            self.onset.value = new_onset
            self.onset.observe(self._replan, names="value")
        self.tz.value = name
        self.zone_note.value = (
            f"<p style='margin:2px 0'><i>{html.escape(say('recovery.app_browser_zone', zone=name))}"
            "</i></p>"
        )

    # plan ------------------------------------------------------------------------------
    def _replan(self, _change: object = None) -> None:
        plan = self._guard(
            self.plan_message,
            lambda: recovery_plan(
                self.onset.value,
                kind=self.kind.value,
                severity=self.severity.value,
                waking_hours=self.waking.value,
                tz=self.tz.value,
                limits=self.limits,
            ),
            title=say("recovery.app_check_title"),
        )
        self.plan = plan
        if plan is None:  # the error shows next to the inputs; no stale plan stays on screen
            self.timeline.clear()
            self.care.value = ""
            self.strain_box.layout.display = "none"
            self.limits_note.clear()
            return
        status(self.plan_message, recovery_summary(plan), title=say("recovery.app_plan_title"))
        self.timeline.show(first_days_timeline(plan))
        self.care.value = _care_html(plan)
        strain = plan.attrs["kind"] == "strain"
        later = self.limits.refusal("return_to_run", "staged plan back to running")
        self.strain_box.layout.display = "" if strain and not later else "none"
        if strain and later:
            self.limits_note.show(later, "warning", title=say("recovery.app_limits_title"))
        else:
            self.limits_note.clear()
        severity = plan.attrs["severity"]
        if strain and self._frames_for != severity:  # redrawn only when the severity changes
            self.frames.show(time_frames_chart(recovery_time_frames(severity)))
            self._frames_for = severity

    # checklist -------------------------------------------------------------------------------
    def checked(self) -> dict[str, bool]:
        """The checklist as {criterion id: ticked}."""
        return {cid: box.value for cid, box in self.checks.items()}

    def _recheck(self, _change: object = None) -> None:
        checks = self.checked()
        stage = current_stage(checks)
        stages = rehab_stages()
        self.ladder.show(stage_ladder(stages, stage))
        self.stage_detail.value = _stage_html(stages, stage)
        gate = return_to_run(checks, severity=self.severity.value, limits=self.limits)
        self.gate = gate
        if self.limits.plan("return_to_run"):  # after a clinician's check; the gate says why
            self.gate_message.show(
                gate.message, "warning", title="Not yet: have the leg seen first"
            )
            self._hide_walk_run()
            self.gate_message.value = f'<div role="status">{self.gate_message.value}</div>'
            return
        if gate.ready:
            self.gate_message.show(gate.message, "success", title="Return-to-run checks met")
            self.walk_run.show(walk_run_chart(gate.plan))
            self.walk_run.layout.display = ""
            self.walk_run_table.value = _walk_run_html(gate.plan)
            self.walk_run_watch.show_download(
                say("recovery.app_watch_ready", weeks=len(gate.plan)),
                "walk_run_weeks_fit.zip",
                walk_run_zip(gate.plan, limits=self.limits),
                "application/zip",
            )
        else:
            self.gate_message.show_list(f"{gate.message} What to work on:", gate.work_on)
            self._hide_walk_run()
        # a live region: ticking a check is answered out loud (what is still to work on)
        self.gate_message.value = f'<div role="status">{self.gate_message.value}</div>'

    def _hide_walk_run(self) -> None:
        self.walk_run.outputs = ()
        self.walk_run.figure = None
        self.walk_run.layout.display = "none"
        self.walk_run_table.value = ""
        self.walk_run_watch.clear()

    # saves -------------------------------------------------------------------------------
    def handout_html(self) -> str:
        """The printable one-page plan as HTML text."""
        return recovery_handout_html(self._plan(), checks=self.checked())

    def ics_text(self) -> str:
        """The ice sessions and check-ins as an iCalendar file (standard library only)."""
        return recovery_ics(self._plan())

    def save_handout(self, folder: str | Path | None = None) -> Path:
        """Write the printable plan to ``<file name>.html`` in ``folder``; return the path."""
        path = self._write(folder, ".html", self.handout_html())
        self.save_message.show(
            say("recovery.app_saved_handout", path=path),
            "success",
        )
        return path

    def save_ics(self, folder: str | Path | None = None) -> Path:
        """Write the calendar file to ``<file name>.ics`` in ``folder``; return the path."""
        text = self.ics_text()
        path = self._write(folder, ".ics", text)
        events = text.count("BEGIN:VEVENT")
        self.save_message.show(
            say("recovery.app_saved_ics", path=path, events=events),
            "success",
        )
        return path

    def _plan(self) -> pd.DataFrame:
        if self.plan is None:
            raise PlanError(say("recovery.app_no_plan"))
        return self.plan

    def _save(self, action: Any) -> None:
        self._guard(self.save_message, action, title=say("recovery.app_save_title"))

    @staticmethod
    def _guard(area: MessageArea, action: Any, *, title: str) -> Any:
        """Run ``action``; an error shows in ``area`` in plain words, in a live region, naming
        the control it is about."""
        area.clear()
        try:
            return action()
        except HamstringEduError as exc:
            key = FIELD_LABELS.get(str(exc.where.get("field", "")))
            text = plain_error(exc)
            alert(area, f"{say(key)}: {text}" if key else text, title=title)
            return None

    def _write(self, folder: str | Path | None, suffix: str, text: str) -> Path:
        stem = "".join(ch for ch in self.filename.value if ch.isalnum() or ch in "-_")
        if not stem:
            raise PlanError(say("recovery.app_file_needed"), field="file name")
        path = Path(folder if folder is not None else self.folder) / f"{stem}{suffix}"
        path.write_text(text, encoding="utf-8", newline="")
        return path


# --------------------------------------------------------------------------- HTML pieces


def _care_html(plan: pd.DataFrame | None, raised: list[tuple[str, str]] | None = None) -> str:
    """The warning signs of a plan, or the ones a self-assessment raised (what to do now)."""
    if plan is not None:
        care = plan[plan["category"] == "care"]
        prefix = say("recovery.care_action", title="")
        items = [(r.action.removeprefix(prefix), r.how) for r in care.itertuples()]
        heading, style = say("recovery.app_seek_care"), "warning"
    else:
        items, heading, style = raised or [], "What to do now", "error"
    lis = "".join(
        f"<li><b>{html.escape(title)}</b>: {html.escape(advice)}</li>" for title, advice in items
    )
    return f'<div style="{STYLES[style]}"><b>{heading}</b><ul>{lis}</ul></div>'


def _frameworks_html() -> str:
    frame = first_aid_frameworks()
    rows = "".join(
        f"<tr><td>{html.escape(r.framework)}</td><td><b>{r.letter}</b> "
        f"{html.escape(r.word)}</td><td>{html.escape(r.what)}</td>"
        f"<td>{html.escape(r.evidence)}</td></tr>"
        for r in frame.itertuples()
    )
    return (
        "<table style='border-collapse:collapse;width:100%'><tr><th>framework</th>"
        f"<th>letter</th><th>what</th><th>{say('recovery.app_frameworks_evidence')}</th></tr>"
        f"{rows}</table>"
    )


def _stage_html(stages: pd.DataFrame, current: int) -> str:
    if current not in stages.index:
        return box_html(say("recovery.app_all_met"), "success")
    s = stages.loc[current]
    content = load_content()
    items = "".join(
        f"<li><b>{html.escape(content.exercise(e).name)}</b>: "
        f"{html.escape(content.exercise(e).dose)}<br><i>{html.escape(evidence)}</i></li>"
        for e, evidence in zip(s["exercise_ids"], s["rehab_evidence"], strict=True)
    )
    note = f"<p>{html.escape(s['note'])}</p>" if s["note"] else ""
    return (
        f"<p><b>Stage {current}: {html.escape(s['name'])}.</b> {html.escape(s['goal'])}</p>"
        f"<ul>{items}</ul>{note}<p><i>Basis: {html.escape(s['basis'])} "
        f"{html.escape(stages.attrs.get('note', ''))}</i></p>"
    )


def _walk_run_html(plan: pd.DataFrame) -> str:
    rows = "".join(
        f"<tr><td>{w.week}</td><td>{html.escape(w.how)}</td></tr>" for w in plan.itertuples()
    )
    return (
        "<table style='border-collapse:collapse'><tr><th>week</th>"
        f"<th>{say('recovery.app_week_session')}</th></tr>{rows}</table>"
        f"<p>{html.escape(plan.attrs['rule'])} "
        f"{html.escape(plan.attrs['stop_rule'])}</p>"
    )
