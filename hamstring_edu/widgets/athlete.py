"""AthleteApp: the athlete's journey on one page, for Voila (no code in sight).

The questionnaire comes first. A warning sign that is urgent (today or an emergency) turns the
page into what to do now and nothing else: every later step is removed. Otherwise the page goes
on: the causes that fit and why, today's warm-up and cool-down (fitted to those causes), the
coming weeks (from typed weekly totals or an uploaded log), the recovery plan when the answers
fit a strain or soreness, and one printable summary. What a raised sign or pattern rules out
(``result.limits``: no running, no build-up, ...) is not shown: the step says why and what is
allowed instead. While an answer needs fixing, no later step shows a result. Files go to the
browser as downloads; uploads stay in this visitor's kernel.
"""

from __future__ import annotations

import html

import ipywidgets as widgets
import pandas as pd

from hamstring_edu.assessment import Assessment
from hamstring_edu.errors import HamstringEduError, plain_message
from hamstring_edu.figures.load import plan_chart, weekly_volume
from hamstring_edu.handouts import journey_summary_html
from hamstring_edu.load import load_metrics, weekly_load
from hamstring_edu.logs import ACCEPT, read_log
from hamstring_edu.progression import plan_progression, review_weeks
from hamstring_edu.recovery import recovery_offer, zone_name_or_none
from hamstring_edu.units import UNIT_NAMES, from_km
from hamstring_edu.widgets.assessment import AssessmentApp
from hamstring_edu.widgets.common import (
    FigureOutput,
    MessageArea,
    button,
    keep_keys,
    label_above,
    row,
    safe_stem,
)
from hamstring_edu.widgets.routines import RoutineApp
from hamstring_edu.wording import say

# The teaching notebooks the page links to (`make app` serves them beside the app:
# tools/app_folder.py).
LINKED_NOTEBOOKS = {  # notebook: the text of its link
    "01_causes_and_solutions": "athlete.more_01_causes_and_solutions",
    "02_self_assessment": "athlete.more_02_self_assessment",
    "03_load_progression": "athlete.more_03_load_progression",
    "04_warmup_cooldown": "athlete.more_04_warmup_cooldown",
    "05_recovery": "athlete.more_05_recovery",
}
STEP_STYLE = "margin:18px 0 6px 0;padding-top:8px;border-top:2px solid #0072B2"
NAMED = {"description_width": "initial"}  # a control's description is its visible label


def _t(text: str) -> str:
    return html.escape(text, quote=False)


class StepHeading(widgets.HTML):
    """A step's heading; its number follows the steps shown (``number`` sets it)."""

    def __init__(self, number: int, text: str) -> None:
        self.text = text
        super().__init__()
        self.number = number

    @property
    def number(self) -> int:
        """The step's number on the page."""
        return self._number

    @number.setter
    def number(self, value: int) -> None:
        self._number = value
        self.value = f"<h2 style='{STEP_STYLE}'>{value}. {html.escape(self.text)}</h2>"


def _heading(number: int, text: str) -> StepHeading:
    return StepHeading(number, text)


def more_links_html() -> str:
    """The links to the teaching notebooks, each opening in a new tab (the answers stay)."""
    new_tab = _t(say("athlete.more_new_tab"))
    items = "".join(
        f'<li><a href="{name}.ipynb" target="_blank" rel="noopener">'
        f"{_t(say(key))} {new_tab}</a></li>"
        for name, key in LINKED_NOTEBOOKS.items()
    )
    return f"<p>{_t(say('athlete.more_intro'))}</p><ul>{items}</ul>"


class AthleteApp(widgets.VBox):
    """Questionnaire -> urgent page, or causes -> routine -> weeks ahead -> pain diary ->
    recovery -> summary."""

    def __init__(self) -> None:
        self.assessment = AssessmentApp()  # the page's one disclaimer is the assessment's
        self.steps = widgets.VBox(layout={"width": "auto"})
        self.waiting = widgets.HTML(f"<p><i>{_t(say('athlete.start_hint'))}</i></p>")
        # While an answer needs fixing: the later steps wait, and say so.
        self.on_hold = widgets.HTML(layout={"width": "auto"})
        # Said before the routine, the plans and the ice: warning signs left unanswered.
        self.signs_note = MessageArea()
        self.later_steps: list[widgets.Widget] = []
        self.result: Assessment | None = None
        # what the later steps hold (made with them on the first answer)
        self.weeks: pd.DataFrame | None = None
        self.plan: pd.DataFrame | None = None
        self.recovery_kind: str | None = None
        self._recovery_key: tuple | None = None
        self.recovery_app = None
        self.diary = None
        # The visitor's time zone, as their browser reports it (the Voila page's script fills
        # this hidden box); the recovery plan's times are on that clock, not the server's.
        self.zone: str | None = None
        self.browser_zone = widgets.Text(value="", layout={"display": "none"})
        self.browser_zone.add_class("hamstring-browser-zone")
        self.browser_zone.observe(self._zone_reported, names="value")
        super().__init__(
            [
                _heading(1, say("athlete.step_answers")),
                self.assessment,
                self.on_hold,
                self.steps,
                keep_keys(".hamstring-app"),
                self.browser_zone,
            ],
            layout={"width": "auto", "max_width": "100%"},
        )
        self.add_class("hamstring-app")
        self.steps.children = (self.waiting,)
        self.assessment.on_result(self._assessed)

    def _build_steps(self) -> None:
        """The later steps, made on the first answer: a page opens faster with fewer widgets."""
        self.routine = RoutineApp(show_disclaimer=False)
        self.routine_note = MessageArea()  # why there is no routine, when a sign rules it out
        # the weeks ahead: every control named by its own label (a <label for>)
        self.weeks_text = widgets.Text(
            description=say("athlete.weeks_label"),
            placeholder=say("athlete.weeks_placeholder"),
            continuous_update=False,
            style=NAMED,
            layout=label_above("min(24em, 100%)"),
        )
        self.weeks_text.add_class("hamstring-question")
        self.units = widgets.ToggleButtons(
            options=[("km", "km"), ("miles", "mi")],
            value="km",
            description=say("athlete.units_label"),
            style={**NAMED, "button_width": "5em"},
        )
        self.log_upload = widgets.FileUpload(
            accept=ACCEPT,
            multiple=True,
            description=say("athlete.log_button"),
            layout={"width": "auto", "max_width": "100%", "height": "auto"},
        )
        self.weeks_message = MessageArea()
        self.weeks_fig = FigureOutput()
        # A plain number box: a goal out of range is refused in words, never changed silently.
        self.goal = widgets.FloatText(
            value=0,
            step=1,
            description=say("athlete.goal_label", unit="km"),
            style=NAMED,
            layout=label_above("min(16em, 100%)"),
        )
        self.goal.add_class("hamstring-question")
        self.plan_message = MessageArea()
        self.plan_fig = FigureOutput()
        # recovery and summary
        self.recovery_box = widgets.VBox(layout={"width": "auto"})
        self.summary_button = button(say("athlete.summary_button"), "print")
        self.summary_message = MessageArea()
        self.summary_button.on_click(lambda _: self.summary_message.guard(self._offer_summary))

        self.weeks_text.observe(self._weeks_typed, names="value")
        self.units.observe(self._units_changed, names="value")
        self.log_upload.observe(self._log_uploaded, names="value")
        self.goal.observe(self._replan, names="value")

        self.routine_box = widgets.VBox(
            [
                widgets.HTML(
                    f"<p>{_t(say('athlete.routine_intro'))} "
                    f"{say('athlete.routine_start', button='<b>Start</b>')}</p>"
                ),
                self.routine,
            ],
            layout={"width": "auto"},
        )
        self.weeks_note = MessageArea()  # why there is no build-up, when a sign rules it out
        self.weeks_box = widgets.VBox(
            [
                widgets.HTML(f"<p>{_t(say('athlete.weeks_intro'))}</p>"),
                row([self.weeks_text, self.units]),
                widgets.HTML(f"<p style='margin:4px 0'>{_t(say('athlete.log_label'))}</p>"),
                self.log_upload,
                self.weeks_message,
                self.weeks_fig,
                self.goal,
                self.plan_message,
                self.plan_fig,
            ],
            layout={"width": "auto"},
        )
        from hamstring_edu.widgets.diary import DiaryApp

        self.diary = DiaryApp(signs=self._sign_answers, missing_signs=self._missing_signs)
        if self.zone:
            self.diary.set_zone(self.zone)
        self.diary_heading = _heading(4, say("athlete.step_diary"))
        self.recovery_heading = _heading(5, say("athlete.step_recovery"))
        self.later_steps = [
            self.signs_note,
            _heading(2, say("athlete.step_routine")),
            self.routine_note,
            self.routine_box,
            _heading(3, say("athlete.step_weeks")),
            self.weeks_note,
            self.weeks_box,
            self.diary_heading,
            self.diary,
            self.recovery_box,
            _heading(6, say("athlete.step_summary")),
            self.summary_button,
            self.summary_message,
            _heading(7, say("athlete.step_more")),  # never on an urgent page: no self-care route
            widgets.HTML(more_links_html(), layout={"width": "auto"}),
        ]
        self._number_steps()

    def _number_steps(self) -> None:
        """Number the steps shown 2, 3, ... in page order (the recovery step comes and goes)."""
        shown = [w for w in self.later_steps if isinstance(w, StepHeading)]
        if self.recovery_box.children:
            shown.insert(shown.index(self.diary_heading) + 1, self.recovery_heading)
        for number, heading in enumerate(shown, start=2):
            if heading.number != number:
                heading.number = number

    def _sign_answers(self) -> dict[str, bool] | None:
        """Step 1's answers to the warning signs, or None while any is unanswered."""
        if self.assessment.unanswered_signs():
            return None
        answered = self.assessment.partial.answers
        return {q.id: bool(answered[q.id]) for q in self.assessment.signs}

    def _missing_signs(self) -> tuple[int, int]:
        return len(self.assessment.unanswered_signs()), len(self.assessment.signs)

    # the questionnaire decides what follows ---------------------------------------
    def _assessed(self, partial: Assessment, result: Assessment | None) -> None:
        self.result = result
        if partial.urgent:  # what to do now, and nothing else: the later steps are hidden
            self.steps.layout.display = "none"
            self.on_hold.value = ""
            self._drop_recovery()
            return
        if result is None:  # an answer needs fixing: no step shows a result of other answers
            self.steps.layout.display = "none"
            self.on_hold.value = f"<p><i>{_t(say('athlete.fix_hint'))}</i></p>"
            self._drop_recovery()
            return
        self.on_hold.value = ""
        self.steps.layout.display = None
        if not self.later_steps:
            self._build_steps()
            self.steps.children = tuple(self.later_steps)
        missing = len(self.assessment.unanswered_signs())
        if missing and not result.level:  # a raised sign: the steps say what it rules out
            total = len(self.assessment.signs)
            self.signs_note.show(
                say("athlete.signs_unanswered", missing=missing, total=total),
                "warning",
                title=say("assessment.app_signs_unanswered_title"),
            )
        else:
            self.signs_note.clear()
        limits = result.limits
        self.diary.set_limits(limits)
        focus = tuple(result.top_causes)
        if tuple(self.routine.focus.value) != focus:
            self.routine.focus.value = focus
        if self.routine.condition.value != result.routine_condition:
            self.routine.condition.value = result.routine_condition
        self.routine.set_limits(limits)
        refusal = self.routine.refusal
        self.routine_box.layout.display = "none" if refusal else None
        if refusal:
            self.routine_note.show(refusal, "warning", title=say("athlete.no_routine"))
        else:
            self.routine_note.clear()
        no_build_up = limits.refusal("build_up", "build-up plan")
        self.weeks_box.layout.display = "none" if no_build_up else None
        if no_build_up:
            self.weeks_note.show(no_build_up, "warning", title=say("athlete.no_weeks"))
            self.plan = None
            self.plan_fig.clear()
        else:
            self.weeks_note.clear()
            if self.plan is None:
                self._replan()
        self._offer_recovery(result)

    def _drop_recovery(self) -> None:
        if self.later_steps and (self.recovery_app is not None or self.recovery_kind):
            self.recovery_app = None
            self.recovery_kind = None
            self._recovery_key = None
            self.recovery_box.children = ()
            self._number_steps()

    def _offer_recovery(self, result: Assessment) -> None:
        from hamstring_edu.widgets.recovery import RecoveryApp

        offer = recovery_offer(result)
        key = (offer.kind, result.limits.ids, result.answers.get("days_sore"))
        if key == self._recovery_key:
            return
        self._recovery_key = key
        self.recovery_kind = offer.kind
        if offer.kind is None:
            self.recovery_app = None
            self.recovery_box.children = ()
            self._number_steps()
            return
        self.recovery_app = RecoveryApp(assessment=result, tz=self.zone, show_disclaimer=False)
        if self.zone:
            self.recovery_app.use_browser_zone(self.zone)
        if self.diary is not None:  # the checklist's ticks are kept in the runner's diary
            self.diary.attach_checklist(self.recovery_app.checks)
        self.recovery_box.children = (self.recovery_heading, self.recovery_app)
        self._number_steps()

    def _zone_reported(self, change: dict) -> None:
        zone = zone_name_or_none(change["new"])
        if zone is None or zone == self.zone:
            return  # not a time zone: the server's zone stays, as the page says
        self.zone = zone
        if self.recovery_app is not None:
            self.recovery_app.use_browser_zone(zone)
        if self.diary is not None:
            self.diary.set_zone(zone)

    # the coming weeks ------------------------------------------------------------
    def _guard(self, area: MessageArea, action):
        """Run ``action``; its refusal shows in ``area`` in plain words (never a field name)."""
        area.clear()
        try:
            return action()
        except HamstringEduError as exc:
            area.show(plain_message(exc), "error", title=say("athlete.check_input"))
            return None

    def _weeks_typed(self, _change: object = None) -> None:
        unit = UNIT_NAMES[self.units.value]
        label = say("athlete.goal_label", unit=unit)
        if self.goal.description != label:
            self.goal.description = label
        text = self.weeks_text.value.strip()
        if not text:
            return
        weeks = self._guard(self.weeks_message, lambda: review_weeks(text, units=self.units.value))
        if weeks is None:  # nothing old stays under the new error
            self.weeks = None
            self.weeks_fig.clear()
            self.plan = None
            self.plan_fig.clear()
            self.plan_message.clear()
            return
        self._show_weeks(weeks, say("athlete.weeks_typed"))

    def _log_uploaded(self, change: dict) -> None:
        files = [(f["name"], bytes(f["content"])) for f in change["new"]]
        if not files:
            return
        self.weeks_message.clear()
        try:
            log = read_log(files, errors="skip")
            metrics = load_metrics(log)
            athlete = sorted(metrics["athlete"].unique())[0]
            weeks = weekly_load(metrics, athlete=athlete)
        except HamstringEduError as exc:
            self.weeks = None
            self.weeks_fig.clear()
            self.diary.set_load(None)
            self.weeks_message.show(plain_message(exc), "error", title=say("athlete.log_failed"))
            return
        names = ", ".join(name for name, _ in files[:3])
        self.diary.set_load(metrics[metrics["athlete"] == athlete])
        self._show_weeks(weeks, say("athlete.weeks_read_from", names=names))

    def _show_weeks(self, weeks: pd.DataFrame, source: str) -> None:
        self.weeks = weeks
        units = self.units.value
        self.weeks_fig.show(weekly_volume(weeks, units=units))
        notes = weeks.attrs.get("notes", [])
        text = say("athlete.weeks_shown", weeks=len(weeks), source=source)
        read_as = weeks.attrs.get("read_as", "")
        if read_as:
            text = f"{text} {read_as}"
        if notes:
            self.weeks_message.show_list(text, notes, "warning")
        else:
            self.weeks_message.show(f"{text} {say('athlete.no_rise')}", "success")
        last = float(weeks["load"].iloc[-1])
        if self.goal.value == 0:
            self.goal.value = round(from_km(last, units) * 1.3, 1)
        else:
            self._replan()

    def _replan(self, _change: object = None) -> None:
        ruled_out = self.result is not None and self.result.limits.plan("build_up")
        if self.weeks is None or not self.goal.value or ruled_out:
            self.plan = None
            self.plan_fig.clear()
            self.plan_message.clear()
            return
        units = self.units.value
        current = round(from_km(float(self.weeks["load"].iloc[-1]), units), 1)
        plan = self._guard(
            self.plan_message,
            lambda: plan_progression(max(current, 1.0), self.goal.value, units=units),
        )
        if plan is None:
            self.plan = None
            self.plan_fig.clear()
            return
        self.plan = plan
        self.plan_fig.show(plan_chart(plan, units=units))
        warnings = plan.attrs.get("warnings", [])
        if warnings:
            self.plan_message.show_list(say("athlete.plan_warnings"), warnings, "warning")
            return
        summary = plan.attrs.get("summary") or say(
            "athlete.plan_made",
            weeks=len(plan),
            start=f"{current:g}",
            goal=f"{self.goal.value:g}",
            unit=UNIT_NAMES[units],
        )
        self.plan_message.show(summary, "success")

    def _units_changed(self, _change: object = None) -> None:
        """Every distance typed here (the totals, the goal) is in the unit shown: the switch says
        which, and the weeks and the plan are read again in it."""
        self._weeks_typed()
        if not self.weeks_text.value.strip():
            self._replan()

    # the summary -----------------------------------------------------------------
    def summary_html(self) -> str:
        """The printable page: the self-assessment and, unless urgent, the other steps."""
        result = self.assessment.complete_result()
        shown = bool(self.later_steps) and not result.urgent
        # the recovery note is printed with the plan's steps, never alone
        steps = getattr(self.recovery_app, "plan", None) if self.recovery_kind else None
        recovery = recovery_offer(result).message if steps is not None else ""
        return journey_summary_html(
            result,
            routine=self.routine.plan if shown else None,
            weeks=self.weeks if shown else None,
            plan=self.plan if shown else None,
            recovery=recovery,
            recovery_plan=steps if shown else None,
            diary=self.diary.entries if shown else None,
            diary_says=[n.text for n in self.diary.notes()] if shown else (),
            name=self.assessment.name.value,
        )

    def _offer_summary(self) -> None:
        name = safe_stem(self.assessment.filename.value, "my_assessment")
        self.summary_message.show_download(
            say("athlete.summary_ready"),
            f"{name}_summary.html",
            self.summary_html(),
            "text/html",
        )
