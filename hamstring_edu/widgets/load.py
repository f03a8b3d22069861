"""LoadApp: read a training log (sample or upload), see how load progressed, plan a build-up."""

from __future__ import annotations

import html

import ipywidgets as widgets
import pandas as pd

from hamstring_edu.content import data_dir
from hamstring_edu.errors import HamstringEduError
from hamstring_edu.figures.load import acwr_chart, fitness_fatigue, plan_chart, weekly_volume
from hamstring_edu.load import load_metrics, weekly_load
from hamstring_edu.logs import read_log
from hamstring_edu.progression import CAUTIOUS_INCREASE, plan_progression
from hamstring_edu.units import UNIT_NAMES, from_km, to_km
from hamstring_edu.widgets.common import (
    FigureOutput,
    MessageArea,
    disclaimer,
    labelled,
    row,
)
from hamstring_edu.wording import say

SLIDER = {"width": "min(22em, 90vw)"}


class LoadApp(widgets.VBox):
    """Load a log, pick an athlete, units and measure; see weekly load, ACWR and fitness-fatigue;
    plan a gradual build with warnings when a plan goes beyond what the notebook teaches."""

    def __init__(self, log: pd.DataFrame | None = None) -> None:
        self.upload = widgets.FileUpload(
            accept=".csv,.gpx,.tcx,.fit",
            multiple=True,
            description=say("load.upload"),
            layout={"width": "auto", "min_width": "max-content"},
        )
        self.upload_message = MessageArea()  # answers to Upload, right under it
        self.athlete = widgets.Dropdown(layout={"width": "12em"})
        self.units = widgets.ToggleButtons(
            options=[(UNIT_NAMES[u], u) for u in ("km", "mi")], value="km"
        )
        self.units.style.button_width = "5em"
        self.measure = widgets.Dropdown(
            options=[
                (say("load.measure_distance"), "distance"),
                (say("load.measure_duration"), "duration"),
                (say("load.measure_srpe"), "srpe"),
            ],
            value="distance",
            layout={"width": "10em"},
        )
        self.message = MessageArea()  # answers to the athlete, units and measure
        self.summary = widgets.HTML(layout={"width": "auto"})
        self.volume_fig = FigureOutput()
        self.acwr_fig = FigureOutput()
        self.pmc_fig = FigureOutput()

        self.increase = widgets.FloatSlider(
            value=CAUTIOUS_INCREASE,
            min=0.02,
            max=0.30,
            step=0.01,
            readout_format=".0%",
            layout=SLIDER,
        )
        self.current = widgets.FloatSlider(value=30, min=3, max=250, step=0.5, layout=SLIDER)
        self.target = widgets.FloatSlider(value=45, min=3, max=250, step=0.5, layout=SLIDER)
        self.recovery_every = widgets.IntSlider(value=4, min=0, max=8, layout=SLIDER)
        self.rest_days = widgets.IntSlider(value=2, min=1, max=6, layout=SLIDER)
        self.current_label = widgets.HTML()
        self.target_label = widgets.HTML()
        self.plan_message = MessageArea()  # the planner's warnings and errors, under it
        self.plan_fig = FigureOutput()
        self.plan: pd.DataFrame | None = None
        self.weeks: pd.DataFrame | None = None
        self.metrics: pd.DataFrame | None = None
        self.activities = (
            log if log is not None else read_log(data_dir() / "samples" / "team_log.csv")
        )

        self.upload.observe(self._uploaded, names="value")
        self.athlete.observe(self._redraw, names="value")
        self.increase.observe(self._redraw, names="value")
        self.measure.observe(self._recompute, names="value")
        self.units.observe(self._units_changed, names="value")
        for control in (
            self.current,
            self.target,
            self.recovery_every,
            self.rest_days,
            self.increase,
        ):
            control.observe(self._replan, names="value")
        super().__init__(
            [
                disclaimer(),
                row(
                    [
                        labelled(self.upload, say("load.upload_label")),
                        labelled(self.athlete, say("load.athlete_label")),
                        labelled(self.measure, say("load.measure_label")),
                        labelled(self.units, say("load.units_label")),
                    ]
                ),
                self.upload_message,
                self.message,
                self.summary,
                self.volume_fig,
                self.acwr_fig,
                self.pmc_fig,
                widgets.HTML(f"<h4>{html.escape(say('load.plan_heading'))}</h4>"),
                row(
                    [
                        widgets.VBox([self.current_label, self.current]),
                        widgets.VBox([self.target_label, self.target]),
                        labelled(self.increase, say("load.increase_label")),
                        labelled(self.recovery_every, say("load.recovery_label")),
                        labelled(self.rest_days, say("load.rest_label")),
                    ]
                ),
                self.plan_message,
                self.plan_fig,
            ],
            layout={"width": "auto", "max_width": "100%"},
        )
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
        metrics = self.message.guard(
            lambda: load_metrics(self.activities, measure=self.measure.value)
        )
        if metrics is not None:
            self.metrics = metrics
            self._redraw()

    def load_files(self, files: list[tuple[str, bytes]]) -> None:
        """Read uploaded files (name, content): the log is replaced only if something was read,
        and the message lists what was left out and why."""
        self.upload_message.clear()
        names = ", ".join(name for name, _ in files[:5]) + (" ..." if len(files) > 5 else "")
        try:
            log = read_log(files, errors="skip")  # each file keeps its own name
        except HamstringEduError as exc:
            dropped = getattr(exc, "dropped", ())
            text = say("load.nothing_read", names=names, error=exc)
            if dropped:
                self.upload_message.show_list(text, [d.text() for d in dropped], "error")
            else:
                self.upload_message.show(text, "error", title=say("load.upload_not_used"))
            return
        self._set_log(log)
        dropped = log.attrs.get("dropped", ())
        if dropped:
            self.upload_message.show_list(
                say("load.read_left_out", count=len(log), names=names, dropped=len(dropped)),
                [d.text() for d in dropped],
                "warning",
            )
        else:
            self.upload_message.show(say("load.read", count=len(log), names=names), "success")

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
            )
        )
        if weeks is None:
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
            "load.summary_weeks", weeks=len(weeks), spikes=spikes, spike=f"{spike_pct:g}"
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
        """Keep the planned distances the same when the unit changes (30 km becomes 18.6 mi)."""
        old, new = change["old"], change["new"]
        for slider in (self.current, self.target):
            slider.unobserve(self._replan, names="value")
        for slider in (self.current, self.target):  # the range stays: only the value converts
            slider.value = round(from_km(to_km(slider.value, old), new), 1)
        for slider in (self.current, self.target):
            slider.observe(self._replan, names="value")
        self._label_distances()
        self._redraw()
        self._replan()

    def _label_distances(self) -> None:
        unit = UNIT_NAMES[self.units.value]
        self.current_label.value = f"<b>{html.escape(say('load.current_label', unit=unit))}</b>"
        self.target_label.value = f"<b>{html.escape(say('load.target_label', unit=unit))}</b>"

    def _replan(self, _change: object = None) -> None:
        plan = self.plan_message.guard(
            lambda: plan_progression(
                self.current.value,  # sliders are in the shown unit: the model converts
                self.target.value,
                units=self.units.value,
                max_increase=self.increase.value,
                recovery_week_every=self.recovery_every.value or None,
                rest_days=self.rest_days.value,
            )
        )
        if plan is None:
            return
        self.plan = plan
        self.plan_fig.show(plan_chart(plan, units=self.units.value))
        warnings = plan.attrs.get("warnings", [])
        if warnings:
            self.plan_message.show_list(say("load.plan_warnings"), warnings, "warning")
