"""DiaryApp: a runner's pain diary on one page (a step of the athlete app).

A day's entry (leg, place, pain 0 to 10, when, what it stopped, sitting, a note) goes into a
journal of this visitor's own, in a private temporary folder that is removed with the kernel.
When pain is new, worse or stopped the run, the warning signs are checked with the answers the
page already holds (``signs``: the athlete app's step 1), and the entry keeps them. Below it:
what the diary says in words (pain_diary.diary_notes), the timeline beside the load
(figures.diary.pain_timeline), the return-to-run record (journal ticks: ``attach_checklist``
ties the recovery step's checkboxes to it), and the diary as a file to keep, open again, or put
in a calendar. The rules are the model's; this module only wires them.
"""

from __future__ import annotations

import html
import tempfile
import weakref
from collections.abc import Callable, Mapping
from datetime import date
from pathlib import Path
from typing import Any

import ipywidgets as widgets
import pandas as pd

from hamstring_edu import pain_diary
from hamstring_edu.errors import HamstringEduError, plain_message
from hamstring_edu.widgets.common import FigureOutput, MessageArea, button, label_above, row
from hamstring_edu.wording import say

NAMED = {"description_width": "initial"}
SITTING = {"unsure": None, "yes": True, "no": False}
# each choice's words (data/text/diary.toml), keyed by the value the journal keeps
LEGS = {"left": "diary.leg_left", "right": "diary.leg_right", "both": "diary.leg_both"}
TIMINGS = {
    "during": "diary.timing_during",
    "after": "diary.timing_after",
    "next_morning": "diary.timing_next_morning",
}
STOPS = {
    "nothing": "diary.stopped_nothing",
    "speed": "diary.stopped_speed",
    "running": "diary.stopped_running",
}
SITTING_TEXTS = {
    "unsure": "diary.sitting_unsure",
    "yes": "diary.sitting_yes",
    "no": "diary.sitting_no",
}
WHY = {"new": "diary.why_new", "worse": "diary.why_worse", "stopped": "diary.why_stopped"}
LOAD_COLUMNS = ["athlete", "date", "load"]
# In a running kernel, Add waits this long before it reads the form. ipywidgets sends a click at
# once but a control's quick changes one after another (each waits for the kernel's answer to
# the last), so a click could overtake the form's last change on a busy server.
ADD_SETTLE_S = 0.4


CONTROL_WIDTH = "min(22em, 100%)"


def _dropdown(label: str, options: list[tuple[str, Any]], value: Any) -> widgets.Dropdown:
    box = widgets.Dropdown(
        options=options,
        value=value,
        description=label,
        style=NAMED,
        layout=label_above(CONTROL_WIDTH),
    )
    box.add_class("hamstring-question")
    return box


def _close(journal: Any, folder: tempfile.TemporaryDirectory) -> None:
    journal.close()
    folder.cleanup()


class DiaryApp(widgets.VBox):
    """A day's pain in; what the diary says, its timeline, the return-to-run record and the
    diary's files out."""

    def __init__(
        self,
        *,
        signs: Callable[[], Mapping[str, bool] | None] = lambda: None,
        missing_signs: Callable[[], tuple[int, int]] = lambda: (0, 0),
        athlete: str | None = None,
    ) -> None:
        self.signs = signs  # the warning signs' answers, or None while any is unanswered
        self.missing_signs = missing_signs  # (unanswered, all) when signs() is None
        self.athlete = athlete or say("diary.athlete")  # the journal's one athlete
        self.metrics = pd.DataFrame(columns=LOAD_COLUMNS)
        self.limits: Any = None  # the page's own limits (its self-assessment's), if any
        self.zone: str | None = None  # the visitor's time zone (which day is today for them)
        self._journal_at(None)
        self._checklist: dict[str, widgets.Checkbox] = {}
        self._syncing = False

        self.day = widgets.DatePicker(
            value=_today(None),
            description=say("diary.day_label"),
            style=NAMED,
            layout=label_above(CONTROL_WIDTH),
        )
        self.day.add_class("hamstring-question")
        legs = [(say(key), leg) for leg, key in LEGS.items()]
        self.leg = _dropdown(say("diary.leg_label"), legs, "left")
        places = [(pain_diary.place_label(p), p) for p in pain_diary.places()]
        self.place = _dropdown(say("diary.place_label"), places, "middle")
        pains = [(say("diary.pain_none"), 0), *((str(n), n) for n in range(1, 10))]
        pains.append((say("diary.pain_worst"), 10))
        self.pain = _dropdown(say("diary.pain_label"), pains, 0)
        timings = [(say(TIMINGS[t]), t) for t in pain_diary.TIMINGS]
        self.timing = _dropdown(say("diary.timing_label"), timings, "after")
        stops = [(say(STOPS[s]), s) for s in pain_diary.STOPPED]
        self.stopped = _dropdown(say("diary.stopped_label"), stops, "nothing")
        sitting = [(say(SITTING_TEXTS[s]), s) for s in SITTING]
        self.sitting = _dropdown(say("diary.sitting_label"), sitting, "unsure")
        self.note = widgets.Text(
            description=say("diary.note_label"),
            continuous_update=False,
            style=NAMED,
            layout=label_above("min(30em, 100%)"),
        )
        self.note.add_class("hamstring-question")
        # what Add will record, as the kernel holds it: a keyboard user's quick arrow presses
        # reach the kernel a moment after the page shows them (ipywidgets sends a control's
        # changes one at a time), and this line says when they have arrived
        self.preview = widgets.HTML(layout={"width": "auto"})
        self.preview.add_class("hamstring-diary-preview")
        for control in (self.day, self.leg, self.place, self.pain, self.timing, self.stopped):
            control.observe(self._preview, names="value")
        self._preview()
        self.add_button = button(say("diary.add_button"), "plus")
        self.add_message = MessageArea()
        self.add_button.on_click(self._add_clicked)
        self._add_waiting = False

        self.says = widgets.HTML(layout={"width": "auto"})
        self.timeline = FigureOutput()
        self.load_note = widgets.HTML(layout={"width": "auto"})
        self.record_view = widgets.HTML(layout={"width": "auto"})

        self.download_button = button(say("diary.download_button"), "download")
        self.ics_button = button(say("diary.ics_button"), "calendar")
        self.open_upload = widgets.FileUpload(
            accept=".zip",
            multiple=False,
            description=say("diary.open_button"),
            layout={"width": "auto", "max_width": "100%", "height": "auto"},
        )
        self.keep_message = MessageArea()
        self.download_button.on_click(lambda _: self._offer_zip())
        self.ics_button.on_click(lambda _: self._offer_ics())
        self.open_upload.observe(self._opened, names="value")

        super().__init__(
            [
                widgets.HTML(f"<p>{_t(say('diary.intro'))}</p>"),
                row([self.day, self.leg, self.place]),
                row([self.pain, self.timing, self.stopped]),
                row([self.sitting, self.note]),
                self.preview,
                self.add_button,
                self.add_message,
                widgets.HTML(f"<h3>{_t(say('diary.says_heading'))}</h3>"),
                self.says,
                widgets.HTML(f"<h3>{_t(say('diary.timeline_heading'))}</h3>"),
                self.load_note,
                self.timeline,
                widgets.HTML(f"<h3>{_t(say('diary.record_heading'))}</h3>"),
                self.record_view,
                widgets.HTML(f"<h3>{_t(say('diary.keep_heading'))}</h3>"),
                row([self.download_button, self.ics_button, self.open_upload]),
                self.keep_message,
            ],
            layout={"width": "auto"},
        )
        self.add_class("hamstring-diary")
        self.refresh()

    # the journal of this page ----------------------------------------------------------
    def _journal_at(self, restored: bytes | None, name: str = "") -> None:
        """A new private journal for this page: empty, or restored from an export's zip (of
        one athlete, read back whole before the page's journal is replaced)."""
        from hamstring_edu.errors import JournalError
        from hamstring_edu.journal import Journal

        folder = tempfile.TemporaryDirectory(prefix="hamstring-diary-")
        path = Path(folder.name) / "diary.sqlite3"
        journal = None
        try:
            if restored is None:
                journal = Journal(path)
                journal.add_athlete(self.athlete)
                athlete = self.athlete
            else:
                journal = Journal.restore_zip(restored, path, name=name)
                athletes = list(journal.athletes()["athlete"])
                if len(athletes) != 1:
                    raise JournalError(
                        "not the diary of one runner",
                        plain=say("diary.open_several", count=len(athletes)),
                        file=name,
                    )
                athlete = athletes[0]
                journal.pain_diary(athlete)  # everything it holds reads back
                journal.return_to_run_record(athlete)
        except BaseException:
            if journal is not None:
                journal.close()
            folder.cleanup()
            raise
        old = getattr(self, "_finalizer", None)
        self.journal = journal
        self.athlete = athlete
        self._folder = folder
        self._finalizer = weakref.finalize(self, _close, journal, folder)
        if old is not None:
            old()  # the journal this page held before: closed and removed

    def close(self) -> None:
        """Close the widget and remove its journal and temporary folder now."""
        self._finalizer()
        super().close()

    @property
    def entries(self) -> pd.DataFrame:
        """The diary as the journal keeps it (journal.pain_diary)."""
        return self.journal.pain_diary(self.athlete)

    def notes(self) -> list[pain_diary.DiaryNote]:
        """What the diary says (pain_diary.diary_notes), beside the uploaded log's weeks."""
        from hamstring_edu.load import weekly_load

        load = self._load()
        weeks = weekly_load(load, athlete=self.athlete) if len(load) else None
        return pain_diary.diary_notes(self.entries, weeks)

    def _load(self) -> pd.DataFrame:
        """The uploaded load as this diary's athlete's (whatever the diary's name is now)."""
        return self.metrics.assign(athlete=self.athlete) if len(self.metrics) else self.metrics

    def set_load(self, metrics: pd.DataFrame | None) -> None:
        """The runner's daily load (load_metrics of one athlete) to draw above the pain."""
        if metrics is None or metrics.empty:
            self.metrics = pd.DataFrame(columns=LOAD_COLUMNS)
        else:
            self.metrics = metrics
        self.refresh()

    def set_zone(self, zone: str) -> None:
        """The visitor's time zone, as their browser reports it: today is their today."""
        from hamstring_edu.recovery import zone_name_or_none

        name = zone_name_or_none(zone)
        if name is None or name == self.zone:
            return
        was_today = self.day.value == _today(self.zone)
        self.zone = name
        if was_today:  # the default day moves to theirs; a day the person chose stays
            self.day.value = _today(name)

    def set_limits(self, limits: Any) -> None:
        """The limits the page's self-assessment raises: the return-to-run gate obeys them
        too (as it obeys the diary's latest warning signs)."""
        from hamstring_edu.limits import as_limits

        limits = as_limits(limits)  # a value that is not limits is refused here, not later
        if limits != self.limits:
            self.limits = limits
            self.refresh()

    def record(self) -> Any:
        """The diary's return-to-run record; its gate obeys the diary's latest warning signs
        and the page's limits."""
        return self.journal.return_to_run_record(self.athlete, limits=self.limits)

    # a day's entry -------------------------------------------------------------------------
    def _preview(self, _change: object = None) -> None:
        day = pd.Timestamp(self.day.value).strftime("%d %b %Y") if self.day.value else "?"
        text = say(
            "diary.to_add",
            day=day,
            leg=_lower_first(self.leg.label),
            place=_lower_first(self.place.label),
            pain=self.pain.value,
            timing=_lower_first(self.timing.label),
            stopped=_lower_first(self.stopped.label),
        )
        self.preview.value = f"<p style='margin:4px 0'>{_t(text)}</p>"

    def _add_clicked(self, _button: object = None) -> None:
        import asyncio

        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:  # no kernel's event loop (a script, a test): at once
            self._add()
            return
        if self._add_waiting:  # a second press while the first waits: one entry
            return
        self._add_waiting = True
        loop.call_later(ADD_SETTLE_S, self._add)

    def _add(self) -> None:
        self._add_waiting = False
        self.add_message.clear()
        if self.day.value is None:  # the date box was cleared: nothing is recorded
            self.add_message.show(say("diary.no_day"), "error", title=say("diary.not_recorded"))
            return
        answers = self.signs()
        try:
            entry = self.journal.add_pain(
                self.athlete,
                self.pain.value,
                date=self.day.value,
                leg=self.leg.value,
                place=self.place.value,
                timing=self.timing.value,
                stopped=self.stopped.value,
                sitting_worse=SITTING[self.sitting.value],
                note=self.note.value,
                flags=None if answers is None else dict(answers),
                tz=self.zone,
            )
        except HamstringEduError as exc:  # what was typed stays in the form
            self.add_message.show(plain_message(exc), "error", title=say("diary.not_recorded"))
            return
        day = pd.Timestamp(self.day.value).strftime("%d %b %Y")
        text = say("diary.added", day=day, leg=_lower_first(self.leg.label), pain=self.pain.value)
        kind = "success"
        if entry.flag_check_due:
            why = say(WHY[entry.why])
            if entry.check is None:
                missing, total = self.missing_signs()
                text += " " + say("diary.signs_due", why=why, missing=missing, total=total)
                kind = "warning"
            elif entry.check.level:
                raised = "; ".join(entry.check.raised)
                text += " " + say("diary.signs_raised", why=why, raised=raised)
                kind = "warning"
            else:
                text += " " + say("diary.signs_checked", why=why)
        self.note.value = ""  # the entry is kept: the next one starts with an empty note
        self.add_message.show(text, kind)
        self.refresh()

    # what the diary shows ------------------------------------------------------------------
    def refresh(self) -> None:
        """Redraw what the diary says, its timeline and the return-to-run record."""
        from hamstring_edu.figures.diary import pain_timeline

        diary = self.entries
        record = self.record()
        if diary.empty:
            self.says.value = f"<p><i>{_t(say('diary.empty'))}</i></p>"
            self.timeline.clear()
            self.load_note.value = ""
        else:
            self.says.value = _notes_html(self.notes())
            self.timeline.show(
                pain_timeline(self._load(), diary, athlete=self.athlete, ticks=record.ticks)
            )
            self.load_note.value = (
                "" if len(self.metrics) else f"<p><i>{_t(say('diary.no_load'))}</i></p>"
            )
        self.record_view.value = _record_html(record)
        self._sync_checklist(record.ticks)

    # the return-to-run checks ----------------------------------------------------------------
    def attach_checklist(self, checks: Mapping[str, widgets.Checkbox]) -> None:
        """Tie a recovery app's checkboxes to the diary: each tick is recorded (by the runner,
        today), and the boxes show what the diary holds."""
        self._checklist = dict(checks)
        for criterion, box in self._checklist.items():
            box.observe(lambda change, c=criterion: self._ticked(c, change), names="value")
        self._sync_checklist(self.journal.return_to_run_record(self.athlete).ticks)

    def _ticked(self, criterion: str, change: dict) -> None:
        if self._syncing:
            return
        if self.limits is not None and self.limits.plan("return_to_run"):
            # the page rules running out: the runner's own ticks wait for the clinician
            self.keep_message.show(say("diary.ticks_wait"), "warning")
            self._sync_checklist(self.journal.return_to_run_record(self.athlete).ticks)
            return
        try:
            self.journal.tick_criterion(
                self.athlete, criterion, bool(change["new"]), by=say("diary.by_me")
            )
        except HamstringEduError as exc:
            self.keep_message.show(plain_message(exc), "error", title=say("common.check_input"))
            return
        self.refresh()

    def _sync_checklist(self, ticks: pd.DataFrame) -> None:
        latest = dict(zip(ticks["criterion"], ticks["met"], strict=True))
        self._syncing = True
        try:
            for criterion, box in self._checklist.items():
                met = bool(latest.get(criterion, False))
                if box.value != met:
                    box.value = met
        finally:
            self._syncing = False

    # the diary's files -----------------------------------------------------------------------
    def _offer_zip(self) -> None:
        self.keep_message.show_download(
            say("diary.download_ready"),
            "my_pain_diary.zip",
            self.journal.export_zip(),
            "application/zip",
        )

    def _offer_ics(self) -> None:
        from hamstring_edu.recovery.ics import diary_ics

        record = self.journal.return_to_run_record(self.athlete)
        self.keep_message.show_download(
            say("diary.ics_ready"),
            "my_pain_diary.ics",
            diary_ics(self.entries, record.ticks),
            "text/calendar",
        )

    def _opened(self, change: dict) -> None:
        files = change["new"]
        if not files:
            return
        upload = files[0]
        self.open_upload.value = ()  # the same file can be opened again
        held = self.entries
        ticks = self.journal.return_to_run_record(self.athlete).ticks
        before = self.journal.export_zip() if len(held) or len(ticks) else None
        try:
            self._journal_at(bytes(upload["content"]), upload["name"])
        except HamstringEduError as exc:  # this page's diary stays as it was
            self.keep_message.show(plain_message(exc), "error", title=say("diary.open_failed"))
            return
        diary, record = self.entries, self.journal.return_to_run_record(self.athlete)
        counts = {"entries": len(diary), "ticks": len(record.ticks)}
        if before is None:
            self.keep_message.show(say("diary.opened", **counts), "success")
        else:  # nothing is lost: the diary this page held is offered as a file
            self.keep_message.show_download(
                say("diary.opened_kept", **counts),
                "my_pain_diary_before.zip",
                before,
                "application/zip",
            )
        self.refresh()


def _today(zone: str | None) -> date:
    """Today on the calendar of ``zone`` (this computer's when None)."""
    from datetime import datetime
    from zoneinfo import ZoneInfo

    return date.today() if zone is None else datetime.now(ZoneInfo(zone)).date()


def _lower_first(label: str) -> str:
    """A choice's label inside a sentence ("Running (I had to stop)" -> "running (I had ...")."""
    return label[:1].lower() + label[1:]


def _t(text: str) -> str:
    return html.escape(text, quote=False)


def _notes_html(notes: list[pain_diary.DiaryNote]) -> str:
    """What the diary says, as a list with each note's day and sources."""
    if not notes:
        return f"<p>{_t(say('diary.says_none'))}</p>"
    items = []
    for n in notes:
        refs = f" <i>{_t(say('diary.says_refs', refs=', '.join(n.refs)))}</i>" if n.refs else ""
        items.append(f"<li><b>{n.day:%d %b}</b>: {_t(n.text)}{refs}</li>")
    return f"<ul>{''.join(items)}</ul>"


def _record_html(record: Any) -> str:
    """The return-to-run record: the stage reached, each check's latest tick, the gate."""
    from hamstring_edu.recovery.stages import recovery_checklist, rehab_stages

    if record.ticks.empty:
        return f"<p>{_t(say('diary.record_none'))}</p>"
    texts = recovery_checklist()["text"]
    head = "".join(
        f'<th scope="col">{_t(say(key))}</th>'
        for key in ("diary.col_check", "diary.col_met", "diary.col_by", "diary.col_day")
    )
    rows = "".join(
        f'<tr><th scope="row">{_t(texts.get(r.criterion, r.criterion))}</th>'
        f"<td>{_t(say('diary.met_yes') if r.met else say('diary.met_no'))}</td>"
        f"<td>{_t(r.ticked_by)}</td><td>{r.date:%d %b %Y}</td></tr>"
        for r in record.ticks.itertuples()
    )
    caption = _t(say("diary.ticks_caption"))
    stages = rehab_stages()
    if record.stage in stages.index:
        name = stages.loc[record.stage, "name"]
        stage = _t(say("diary.record_stage", stage=record.stage, stages=len(stages), name=name))
    elif record.gate.ready:
        stage = _t(say("diary.record_done"))
    else:  # every check ticked, and a sign (or a missing check of the signs) closes the way
        stage = _t(say("diary.record_done_closed"))
    return (
        f"<p><b>{stage}</b> {_t(record.gate.message)}</p>"
        f'<div class="hamstring-scroll" role="region" aria-label="{caption}" tabindex="0">'
        f'<table class="hamstring-steps"><caption>{caption}</caption>'
        f"<thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table></div>"
    )
