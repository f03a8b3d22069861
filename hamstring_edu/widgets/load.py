"""LoadApp: read a training log (sample or upload), see how load progressed, plan a build-up.

Every control carries its purpose as its own label (``description``, so the browser ties a
``<label for>`` to it); choices are dropdowns rather than sliders, whose handles ipywidgets
cannot name. Every answer shows in a live region next to the control it answers (errors as
``role="alert"``, confirmations as ``role="status"``) and replaces what was there: an error never
sits above an old chart. What a person typed is never changed silently: the model refuses a
value out of range in plain words (``errors.plain_message``), and the unit switch says what
it converted.
"""

from __future__ import annotations

import html
import warnings

import ipywidgets as widgets
import pandas as pd

from hamstring_edu.content import data_dir
from hamstring_edu.errors import AssumptionWarning, HamstringEduError, OptionError
from hamstring_edu.figures.load import acwr_chart, fitness_fatigue, plan_chart, weekly_volume
from hamstring_edu.load import load_metrics, weekly_load
from hamstring_edu.logs import ACCEPT, read_log
from hamstring_edu.progression import (
    CAUTIOUS_INCREASE,
    MAX_INCREASE,
    plan_progression,
    review_weeks,
)
from hamstring_edu.units import UNIT_NAMES, from_km, to_km
from hamstring_edu.widgets.common import (
    FigureOutput,
    MessageArea,
    disclaimer,
    keep_keys,
    row,
)
from hamstring_edu.wording import say

LABEL_STYLE = {"description_width": "initial"}
APP_CLASS = "hamstring-load-app"
# Targets of at least 24 x 24 px (WCAG 2.5.8), labels that wrap above their control on a
# phone, and a focus ring that is always visible (scoped to this app).
APP_CSS = f"""<style>
.{APP_CLASS} .widget-label {{ white-space: normal; max-width: 100%; }}
.{APP_CLASS} .hamstring-field {{ flex-wrap: wrap; height: auto; max-width: 100%; }}
.{APP_CLASS} .hamstring-field > .widget-label {{ width: 100% !important; margin-bottom: 2px;
  height: auto;
  line-height: 1.4; text-align: left; overflow: visible; white-space: normal; }}
.{APP_CLASS} select, .{APP_CLASS} input, .{APP_CLASS} button {{ min-height: 28px; }}
.{APP_CLASS} button {{ min-width: 24px; }}
.{APP_CLASS} :focus-visible, .{APP_CLASS} input:focus, .{APP_CLASS} select:focus
  {{ outline: 3px solid #0072B2 !important; outline-offset: 1px !important; }}
</style>"""


def _field(widget: widgets.Widget, width: str = "min(22em, 100%)") -> widgets.Widget:
    """A labelled control whose label sits above it and wraps (its label is its own)."""
    widget.style.description_width = LABEL_STYLE["description_width"]
    widget.layout.width = width
    widget.add_class("hamstring-field")
    return widget


def _bpm_field(label: str) -> widgets.Text:
    """A heart rate to type (text, so that empty means "not given" and a typo stays visible)."""
    box = widgets.Text(
        description=label, placeholder=say("load.hr_placeholder"), continuous_update=False
    )
    return _field(box, "min(16em, 100%)")


def _percent_options() -> list[tuple[str, float]]:
    return [(f"{p}%", round(p / 100, 2)) for p in range(2, round(MAX_INCREASE * 100) + 1)]


class LoadApp(widgets.VBox):
    """Load a log, pick an athlete, units and measure; see weekly load, ACWR and fitness-fatigue;
    plan a gradual build from typed weekly totals or a weekly distance, with warnings when a plan
    goes beyond what the notebook teaches."""

    def __init__(self, log: pd.DataFrame | None = None) -> None:
        self.upload = widgets.FileUpload(
            accept=ACCEPT,
            multiple=True,
            description=say("load.upload"),
            layout={"width": "auto", "max_width": "100%", "height": "auto"},
        )
        self.upload_hint = widgets.HTML(
            f"<p style='margin:0'>{html.escape(say('load.upload_hint'))}</p>",
            layout={"width": "auto"},
        )
        self.upload_message = MessageArea()  # answers to Upload, right under it
        self.athlete = _field(
            widgets.Dropdown(description=say("load.athlete_label")), "min(14em, 100%)"
        )
        self.units = widgets.ToggleButtons(
            options=[(UNIT_NAMES[u], u) for u in ("km", "mi")],
            value="km",
            description=say("load.units_label"),
            tooltips=[say("load.units_tip_km"), say("load.units_tip_mi")],
            style={"button_width": "5em", "description_width": "initial"},
        )
        self.measure = _field(
            widgets.Dropdown(
                options=[
                    (say("load.measure_distance"), "distance"),
                    (say("load.measure_duration"), "duration"),
                    (say("load.measure_srpe"), "srpe"),
                    (say("load.measure_trimp"), "trimp"),
                ],
                value="distance",
                description=say("load.measure_label"),
            ),
            "min(16em, 100%)",
        )
        # heart-rate settings for TRIMP, shown with that measure only; empty: assumed and said
        self.hr_resting = _bpm_field(say("load.hr_resting_label"))
        self.hr_maximum = _bpm_field(say("load.hr_maximum_label"))
        self.hr_sex = _field(
            widgets.Dropdown(
                options=[
                    (say("load.hr_sex_unsaid"), ""),
                    (say("load.hr_sex_female"), "female"),
                    (say("load.hr_sex_male"), "male"),
                ],
                value="",
                description=say("load.hr_sex_label"),
            ),
            "min(16em, 100%)",
        )
        self.heart_rate_box = row([self.hr_resting, self.hr_maximum, self.hr_sex])
        self.heart_rate_box.layout.display = "none"
        self.message = MessageArea()  # answers to the athlete, units and measure
        self.summary = widgets.HTML(layout={"width": "auto"})
        self.volume_fig = FigureOutput()
        self.acwr_fig = FigureOutput()
        self.pmc_fig = FigureOutput()

        # the planner: typed totals (optional), the distance now, the goal, and three choices
        self.totals = _field(
            widgets.Text(
                placeholder=say("load.totals_placeholder"),
                continuous_update=False,
                description=say("load.totals_label"),
            ),
            "min(32em, 100%)",
        )
        self.totals_message = MessageArea()
        self.totals_fig = FigureOutput()
        self.current = _field(widgets.FloatText(value=30, step=1), "min(16em, 100%)")
        self.target = _field(widgets.FloatText(value=45, step=1), "min(16em, 100%)")
        self.increase = _field(
            widgets.Dropdown(
                options=_percent_options(),
                value=CAUTIOUS_INCREASE,
                description=say("load.increase_label"),
            ),
            "min(22em, 100%)",
        )
        self.recovery_every = _field(
            widgets.Dropdown(
                options=[(say("load.recovery_none"), 0)]
                + [(say("load.recovery_every", n=n), n) for n in range(2, 9)],
                value=4,
                description=say("load.recovery_label"),
            ),
            "min(22em, 100%)",
        )
        self.rest_days = _field(
            widgets.Dropdown(
                options=[(say("load.rest_option_one"), 1)]
                + [(say("load.rest_option", n=n), n) for n in range(2, 7)],
                value=2,
                description=say("load.rest_label"),
            ),
            "min(22em, 100%)",
        )
        self.plan_message = MessageArea()  # the planner's warnings and errors, under it
        self.plan_fig = FigureOutput()
        self.plan: pd.DataFrame | None = None
        self.weeks: pd.DataFrame | None = None
        self.typed_weeks: pd.DataFrame | None = None
        self.metrics: pd.DataFrame | None = None
        self.activities = (
            log if log is not None else read_log(data_dir() / "samples" / "team_log.csv")
        )

        self.upload.observe(self._uploaded, names="value")
        self.athlete.observe(self._redraw, names="value")
        self.measure.observe(self._recompute, names="value")
        for control in (self.hr_resting, self.hr_maximum, self.hr_sex):
            control.observe(self._recompute, names="value")
        self.units.observe(self._units_changed, names="value")
        self.totals.observe(self._totals_typed, names="value")
        self.increase.observe(self._increase_changed, names="value")
        for control in (self.current, self.target, self.recovery_every, self.rest_days):
            control.observe(self._replan, names="value")
        super().__init__(
            [
                widgets.HTML(APP_CSS, layout={"width": "auto"}),
                keep_keys(f".{APP_CLASS}"),
                disclaimer(),
                row([self.upload, self.upload_hint]),
                self.upload_message,
                row([self.athlete, self.measure, self.units]),
                self.heart_rate_box,
                self.message,
                self.summary,
                self.volume_fig,
                self.acwr_fig,
                self.pmc_fig,
                widgets.HTML(f"<h3>{html.escape(say('load.plan_heading'))}</h3>"),
                widgets.HTML(f"<p>{html.escape(say('load.plan_intro'))}</p>"),
                self.totals,
                self.totals_message,
                self.totals_fig,
                row([self.current, self.target]),
                row([self.increase, self.recovery_every, self.rest_days]),
                self.plan_message,
                self.plan_fig,
            ],
            layout={"width": "auto", "max_width": "100%"},
        )
        self.add_class(APP_CLASS)
        self._label_distances()
        self._set_log(self.activities)
        self._replan()

    # data ------------------------------------------------------------------------
    def _set_log(self, log: pd.DataFrame) -> None:
        self.activities = log
        athletes = sorted(log["athlete"].unique())
        self._recompute()
        self.athlete.options = athletes
        if self.athlete.value != athletes[0]:
            self.athlete.value = athletes[0]  # redraws through the observer
        else:
            self._redraw()

    def _recompute(self, _change: object = None) -> None:
        trimp = self.measure.value == "trimp"
        self.heart_rate_box.layout.display = None if trimp else "none"
        settings = self.message.guard(self._heart_rate) if trimp else None
        if trimp and settings is None:  # a typed heart rate that is no number: said above
            self._clear_log_charts()
            return
        with warnings.catch_warnings():  # the app says what was assumed, in words, below
            warnings.simplefilter("ignore", AssumptionWarning)
            metrics = self.message.guard(
                lambda: load_metrics(
                    self.activities, measure=self.measure.value, heart_rate=settings
                ),
                title=say("load.cannot_show"),
            )
        if metrics is None:
            self._clear_log_charts()
            return
        self.metrics = metrics
        self._redraw()
        if trimp:  # after the redraw, whose own checks clear the message area
            assumed = metrics.attrs.get("assumed", ())
            parts = [say("load.trimp_assumed", assumed="; ".join(assumed))] if assumed else []
            if settings and self.activities["athlete"].nunique() > 1:
                parts.append(say("load.trimp_typed_for_all"))
            if metrics.attrs.get("trimp_from_average"):
                count = metrics.attrs["trimp_from_average"]
                parts.append(say("load.trimp_from_average", count=count))
            if parts and not self.message.value:
                self.message.show(" ".join(parts), "info", title=say("load.trimp_title"))

    def _heart_rate(self) -> dict:
        """The heart-rate settings typed for TRIMP (left out where empty: then assumed)."""
        out: dict[str, object] = {}
        for key, box in (("resting", self.hr_resting), ("maximum", self.hr_maximum)):
            text = box.value.strip()
            if text:
                try:
                    number = float(text.replace(",", "."))
                    out[key] = int(number) if number.is_integer() else number  # shown as typed
                except ValueError:
                    raise OptionError(
                        f"{text[:20]!r} is not a heart rate",
                        plain=say("load.hr_not_a_number", what=box.description, text=text[:20]),
                    ) from None
        if self.hr_sex.value:
            out["sex"] = self.hr_sex.value
        return out

    def _clear_log_charts(self) -> None:
        """Nothing of the previous result stays under an error."""
        for out in (self.volume_fig, self.acwr_fig, self.pmc_fig):
            out.clear()
        self.summary.value = ""
        self.weeks = None

    def load_files(self, files: list[tuple[str, bytes]]) -> None:
        """Read uploaded files (name, content): the log is replaced only if something was read,
        and the message lists, in plain words, what was left out and why."""
        self.upload_message.clear()
        names = ", ".join(name for name, _ in files[:5]) + (" ..." if len(files) > 5 else "")
        try:
            log = read_log(files, errors="skip")  # each file keeps its own name
        except HamstringEduError as exc:
            dropped = getattr(exc, "dropped", ())
            title = say("load.upload_not_used")
            if dropped:
                self.upload_message.show_list(
                    say("load.nothing_read", names=names),
                    [_plain_drop(d.text()) for d in dropped],
                    "error",
                    title=title,
                )
            else:
                self.upload_message.show(
                    say("load.nothing_read_because", names=names, reason=_sentence(exc.message)),
                    "error",
                    title=title,
                )
            return
        self._set_log(log)
        dropped = log.attrs.get("dropped", ())
        count = (
            say("load.activities_one")
            if len(log) == 1
            else say("load.activities_many", count=len(log))
        )
        if dropped:
            self.upload_message.show_list(
                say("load.read_left_out", count=count, names=names, dropped=len(dropped)),
                [_plain_drop(d.text()) for d in dropped],
                "warning",
            )
        else:
            self.upload_message.show(say("load.read", count=count, names=names), "success")

    def _uploaded(self, change: dict) -> None:
        files = [(f["name"], bytes(f["content"])) for f in change["new"]]
        if files:
            self.load_files(files)

    # figures -----------------------------------------------------------------------
    def _redraw(self, _change: object = None) -> None:
        if self.metrics is None or self.athlete.value is None:
            return
        weeks = self.message.guard(
            lambda: weekly_load(
                self.metrics, athlete=self.athlete.value, max_increase=self.increase.value
            ),
            title=say("load.cannot_show"),
        )
        if weeks is None:
            self._clear_log_charts()
            return
        self.weeks = weeks
        units = self.units.value
        self.volume_fig.show(weekly_volume(weeks, units=units, measure=self.measure.value))
        self.acwr_fig.show(acwr_chart(self.metrics, athlete=self.athlete.value))
        self.pmc_fig.show(fitness_fatigue(self.metrics, athlete=self.athlete.value))
        spikes = int(weeks["spike"].sum())
        spike_pct = weeks.attrs.get("spike_pct", 30)
        read_in = self.activities.attrs.get("units", "km")
        rule = self.activities.attrs.get("units_rule", "")
        weeks_text = say(
            "load.summary_weeks",
            weeks=_count("weeks_count", len(weeks)),
            spikes=_count("spikes", spikes),
            spike=f"{spike_pct:g}",
        )
        units_text = (
            say("load.summary_units_rule", read_in=read_in, rule=rule, shown=UNIT_NAMES[units])
            if rule
            else say("load.summary_units", read_in=read_in, shown=UNIT_NAMES[units])
        )
        self.summary.value = (
            f"<p><b>{html.escape(str(self.athlete.value))}</b>: "
            f"{html.escape(weeks_text)} {html.escape(units_text)}</p>"
        )

    # planner ------------------------------------------------------------------------
    def _units_changed(self, change: dict) -> None:
        """Keep the planned distances the same when the unit changes (30 km becomes 18.6
        miles), convert typed totals too, and say what was converted."""
        old, new = change["old"], change["new"]
        quiet = (self.current, self.target)
        for box in quiet:
            box.unobserve(self._replan, names="value")
        before = self.current.value
        for box in quiet:
            box.value = round(from_km(to_km(box.value, old), new), 1)
        for box in quiet:
            box.observe(self._replan, names="value")
        converted = say(
            "load.units_converted",
            shown=UNIT_NAMES[new],
            before=f"{before:g}",
            old=UNIT_NAMES[old],
            after=f"{self.current.value:g}",
        )
        if self.totals.value.strip() and self.typed_weeks is not None:
            typed = [round(from_km(km, new), 1) for km in self.typed_weeks["load"]]
            self.totals.unobserve(self._totals_typed, names="value")
            self.totals.value = ", ".join(f"{v:g}" for v in typed)
            self.totals.observe(self._totals_typed, names="value")
            converted += " " + say("load.units_converted_totals", shown=UNIT_NAMES[new])
            self._label_distances()
            self._redraw()
            self._totals_typed(keep_current=True)
        else:
            self._label_distances()
            self._redraw()
        self.message.show(converted, "info")
        self._replan()

    def _label_distances(self) -> None:
        unit = UNIT_NAMES[self.units.value]
        self.current.description = say("load.current_label", unit=unit)
        self.target.description = say("load.target_label", unit=unit)

    def _increase_changed(self, _change: object = None) -> None:
        self._redraw()
        if self.typed_weeks is not None:
            self._totals_typed(keep_current=True)
        self._replan()

    def _totals_typed(self, _change: object = None, *, keep_current: bool = False) -> None:
        """Typed weekly totals: read as full weeks (the last is last week, and the message
        says so), drawn like a log's weeks; the planner then starts from the last total."""
        text = self.totals.value.strip()
        self.typed_weeks = None
        self.totals_fig.clear()
        if not text:
            self.totals_message.clear()
            return
        units = self.units.value
        weeks = self.totals_message.guard(
            lambda: review_weeks(text, units=units, max_increase=self.increase.value)
        )
        if weeks is None:
            return
        self.typed_weeks = weeks
        self.totals_fig.show(weekly_volume(weeks, units=units))
        last = round(from_km(float(weeks["load"].iloc[-1]), units), 1)
        said = weeks.attrs["read_as"]
        if not keep_current and last > 0:
            said += " " + say("load.totals_start_from", total=f"{last:g}", unit=UNIT_NAMES[units])
        notes = weeks.attrs.get("notes", [])
        if notes:
            self.totals_message.show_list(said, notes, "warning")
        else:
            self.totals_message.show(said, "success")
        if not keep_current and last > 0:
            self.current.value = last  # replans through the observer

    def _replan(self, _change: object = None) -> None:
        units = self.units.value
        plan = self.plan_message.guard(
            lambda: plan_progression(
                self.current.value,  # in the shown unit: the model converts and checks
                self.target.value,
                units=units,
                max_increase=self.increase.value,
                recovery_week_every=self.recovery_every.value or None,
                rest_days=self.rest_days.value,
            )
        )
        if plan is None:  # refused: no old plan stays under the error
            self.plan = None
            self.plan_fig.clear()
            return
        self.plan = plan
        self.plan_fig.show(plan_chart(plan, units=units))
        warnings = plan.attrs.get("warnings", [])
        if warnings:
            self.plan_message.show_list(
                say("load.plan_warnings_after", summary=plan.attrs["summary"]),
                warnings,
                "warning",
            )
        else:
            self.plan_message.show(plan.attrs["summary"], "success")


def _count(key: str, count: int) -> str:
    """ "1 week" / "26 weeks" (key "weeks_count"), or "no week" / "1 week" / "7 weeks" for the
    weeks that rose (key "spikes")."""
    if key == "spikes":
        if count == 0:
            return say("load.spikes_none")
        return say("load.spikes_one") if count == 1 else say("load.spikes_many", count=count)
    return say("load.weeks_count_one") if count == 1 else say("load.weeks_count_many", count=count)


def _plain_drop(text: str) -> str:
    """A left-out entry as a person reads it: "a.csv, line 2: 'xx' is not a date ..."."""
    return text.replace(": not read: ", ": ").replace("not read: ", "")


def _sentence(text: str) -> str:
    """A reason as the end of a sentence: no final full stop doubled."""
    return text.rstrip(". ")
