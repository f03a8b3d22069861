"""LoadApp: read a training log (sample or upload), see load progression, plan safe increases."""

from __future__ import annotations

import html

import ipywidgets as widgets
import pandas as pd
import plotly.graph_objects as go

from hamstring_edu.content import data_dir
from hamstring_edu.figures.load import acwr_chart, fitness_fatigue, plan_chart, weekly_volume
from hamstring_edu.load import load_metrics, weekly_load
from hamstring_edu.logs import read_log
from hamstring_edu.progression import plan_progression
from hamstring_edu.widgets.common import MessageArea, disclaimer, replace_figure


class LoadApp(widgets.VBox):
    """Load a log, pick an athlete and units, see weekly load, ACWR, fitness-fatigue, and plan."""

    def __init__(self, log: pd.DataFrame | None = None) -> None:
        self.message = MessageArea()
        self.upload = widgets.FileUpload(
            accept=".csv,.gpx,.tcx,.fit", multiple=True, description="Upload log"
        )
        self.athlete = widgets.Dropdown(description="Athlete")
        self.units = widgets.ToggleButtons(options=[("km", "km"), ("miles", "mi")], value="km")
        self.measure = widgets.Dropdown(
            options=[("distance", "distance"), ("duration", "duration"), ("session RPE", "srpe")],
            value="distance",
            description="Load",
        )
        self.increase = widgets.FloatSlider(
            value=0.10,
            min=0.02,
            max=0.30,
            step=0.01,
            description="Max rise/wk",
            readout_format=".0%",
        )
        self.current = widgets.FloatSlider(
            value=30, min=5, max=200, step=1, description="Now (/wk)"
        )
        self.target = widgets.FloatSlider(
            value=45, min=5, max=250, step=1, description="Goal (/wk)"
        )
        self.recovery_every = widgets.IntSlider(value=4, min=0, max=8, description="Easy wk every")
        self.rest_days = widgets.IntSlider(value=2, min=1, max=6, description="Rest days")
        self.summary = widgets.HTML()
        self.volume_fig = go.FigureWidget()
        self.acwr_fig = go.FigureWidget()
        self.pmc_fig = go.FigureWidget()
        self.plan_fig = go.FigureWidget()
        self.plan: pd.DataFrame | None = None
        self.activities = (
            log if log is not None else read_log(data_dir() / "samples" / "team_log.csv")
        )
        self.metrics: pd.DataFrame | None = None

        self.upload.observe(self._uploaded, names="value")
        self.athlete.observe(self._redraw, names="value")
        for control in (self.units, self.increase):
            control.observe(self._redraw, names="value")
        self.measure.observe(self._recompute, names="value")
        for control in (
            self.current,
            self.target,
            self.recovery_every,
            self.rest_days,
            self.units,
            self.increase,
        ):
            control.observe(self._replan, names="value")
        super().__init__(
            [
                disclaimer(),
                widgets.HBox([self.upload, self.athlete, self.measure]),
                self.units,
                self.message,
                self.summary,
                self.volume_fig,
                self.acwr_fig,
                self.pmc_fig,
                widgets.HTML("<h4>Plan a safe progression</h4>"),
                widgets.HBox(
                    [
                        widgets.VBox([self.current, self.target]),
                        widgets.VBox([self.increase, self.recovery_every, self.rest_days]),
                    ]
                ),
                self.plan_fig,
            ]
        )
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
        """Read uploaded files (name, content); a bad file shows a message and keeps the old log."""
        log = read_log(files, errors="skip")  # each file keeps its own name
        self._set_log(log)
        dropped = log.attrs["dropped"]
        note = f" Left out: {len(dropped)} (see below)." if len(dropped) else ""
        self.message.show(f"Read {len(log)} activities.{note}", "info")
        if len(dropped):
            items = "".join(f"<li>{html.escape(d.text())}</li>" for d in dropped)
            self.message.value += f"<ul>{items}</ul>"

    def _uploaded(self, change: dict) -> None:
        files = [(f["name"], bytes(f["content"])) for f in change["new"]]
        if files:
            self.message.guard(lambda: self.load_files(files))

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
        replace_figure(
            self.volume_fig, weekly_volume(weeks, units=units, measure=self.measure.value)
        )
        replace_figure(self.acwr_fig, acwr_chart(self.metrics, athlete=self.athlete.value))
        replace_figure(self.pmc_fig, fitness_fatigue(self.metrics, athlete=self.athlete.value))
        spikes = int(weeks["spike"].sum())
        self.summary.value = (
            f"<p><b>{html.escape(str(self.athlete.value))}</b>: {len(weeks)} weeks, "
            f"{spikes} week(s) rose more than 30% on the week before. Distances read in "
            f"{html.escape(self.activities.attrs.get('units', 'km'))} "
            f"({html.escape(self.activities.attrs.get('units_rule', ''))}); shown in {units}.</p>"
        )

    def _replan(self, _change: object = None) -> None:
        plan = self.message.guard(
            lambda: plan_progression(
                self.current.value,  # sliders are in the shown unit: the model converts
                self.target.value,
                units=self.units.value,
                max_increase=self.increase.value,
                recovery_week_every=self.recovery_every.value or None,
                rest_days=self.rest_days.value,
            )
        )
        if plan is not None:
            self.plan = plan
            replace_figure(self.plan_fig, plan_chart(plan, units=self.units.value))
