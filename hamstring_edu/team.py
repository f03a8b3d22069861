"""The coach's week: a team's load, ratio zones, soreness and warning signs, and who to talk to.

:func:`team_week` turns a team's activities, soreness check-ins and saved self-assessments into
one :class:`TeamWeek`: a table for the chosen week, the same numbers for the weeks before it
(athletes x weeks), and the athletes to talk to, each with the reasons, most urgent first:

1. a saved self-assessment whose warning signs reached the ``emergency`` level;
2. one at the ``today`` level;
3. one at the ``soon`` level (a pop, bruising, severe pain, ...: see a clinician within a few
   days), with what its signs rule out until then (no running, no build-up, ...);
4. soreness of ``SORENESS_TALK`` (4) or more out of 10 in a check-in;
5. a high acute:chronic ratio (above ``HIGH_RATIO``, 1.5: the "danger zone" of gabbett2016);
6. a big weekly jump (more than the load metrics' spike threshold, 30% by default: nielsen2014).

Whatever an athlete reports comes before any number: every saved self-assessment with a warning
sign puts the athlete on the list above soreness and load.

These are reasons for a conversation, not predictions: the ratio's link with injury was
reproduced with a made-up chronic load (impellizzeri2021), and a rise over 30% was followed by
more distance-related injuries in novices without statistical certainty (nielsen2014).

The zones, the reasons' order, urgency and threshold, and their sources are content, read from
``data/team.toml`` and checked (:func:`team_content`); the sentences are in ``data/text/team.toml``.

Every number is "the 7 days ending on the evaluation day": the week's Sunday, or ``today`` for
the current week. They come from :func:`hamstring_edu.load.load_metrics` over the shown weeks and
``chronic_days + 7`` days before them, with a rest day added where an athlete's history starts
earlier (and on the evaluation day), so they equal the metrics of the athlete's whole history.
"""

from __future__ import annotations

import functools
import html
import inspect
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from hamstring_edu import schema
from hamstring_edu.errors import ContentError, OptionError
from hamstring_edu.load import SPIKE_PCT, load_metrics
from hamstring_edu.schema import REQUIRED, check_entries, entry_label, read_toml
from hamstring_edu.wording import say

if TYPE_CHECKING:
    from hamstring_edu.journal import Journal

ZONE_IDS = ("no_ratio", "low", "sweet_spot", "high", "danger")  # no ratio, then low to high
FLAG_LEVELS = ("emergency", "today", "soon")  # the self-assessment's levels, most urgent first
REASONS = (*FLAG_LEVELS, "soreness", "running_early", "ratio", "jump")
REPORTED = (*FLAG_LEVELS, "soreness")  # what athletes report comes before any number, in order
UNITS = {"distance": "km", "duration": "min", "srpe": "AU"}
# load_metrics' documented defaults (read from its signature), for metrics without attrs
METRIC_DEFAULTS = {
    name: p.default
    for name, p in inspect.signature(load_metrics).parameters.items()
    if p.default is not inspect.Parameter.empty
}


# --------------------------------------------------------------------------- content


@dataclass(frozen=True)
class Zone:
    """A ratio zone: its name (which shows its edges), its upper edge if it has one, sources."""

    id: str
    name: str
    upper: float | None = None
    refs: tuple[str, ...] = ()


@dataclass(frozen=True)
class Reason:
    """A reason to talk to an athlete: when (urgency), a level's words, soreness threshold."""

    id: str
    urgency: str
    words: str | None = None
    threshold: int | None = None
    refs: tuple[str, ...] = ()


@dataclass(frozen=True)
class TeamContent:
    """The coach's list as ``data/team.toml`` holds it: zones, reasons (most urgent first),
    locations in short."""

    zones: tuple[Zone, ...]
    reasons: tuple[Reason, ...]
    locations: Mapping[str, str]

    @property
    def zone_names(self) -> tuple[str, ...]:
        """The zones' names, in order: the categories of :func:`zone_of`."""
        return tuple(z.name for z in self.zones)

    @property
    def zone_edges(self) -> tuple[float, ...]:
        """The ratios where one zone ends and the next begins (0.8, 1.3, 1.5)."""
        return tuple(z.upper for z in self.zones if z.upper is not None)

    @property
    def priority(self) -> dict[str, int]:
        """Each reason's priority: 0 is the most urgent."""
        return {r.id: n for n, r in enumerate(self.reasons)}

    @property
    def urgency(self) -> dict[int, str]:
        """When to talk, by priority."""
        return {n: r.urgency for n, r in enumerate(self.reasons)}

    @property
    def level_words(self) -> dict[str, str]:
        """How a reason names each self-assessment level."""
        return {r.id: r.words for r in self.reasons if r.id in FLAG_LEVELS}

    @property
    def soreness_talk(self) -> int:
        """The soreness out of 10 in a check-in that is worth a word."""
        return next(r.threshold for r in self.reasons if r.id == "soreness")


def _soreness(v: Any) -> int:
    value = schema.positive_int(v)
    if value > 10:
        raise ValueError("expected a soreness from 1 to 10")
    return value


_ZONE = {
    "id": (schema.one_of(ZONE_IDS), REQUIRED),
    "name": (schema.text, REQUIRED),
    "upper": (schema.positive_number, None),
    "refs": (schema.idents, ()),
}
_REASON = {
    "id": (schema.one_of(REASONS), REQUIRED),
    "urgency": (schema.text, REQUIRED),
    "words": (schema.text, None),
    "threshold": (_soreness, None),
    "refs": (schema.idents, ()),
}
_LOCATION = {"id": (schema.ident, REQUIRED), "name": (schema.text, REQUIRED)}
_TABLES = {"zone": _ZONE, "reason": _REASON, "location": _LOCATION}


def team_content(file: Path | None = None) -> TeamContent:
    """The validated content of ``data/team.toml`` (or ``file``), read once."""
    path = file or schema.data_dir() / "team.toml"
    return _team_content(path, path.stat().st_mtime_ns if path.is_file() else 0)


@functools.lru_cache(maxsize=4)
def _team_content(file: Path, _stamp: int) -> TeamContent:
    from hamstring_edu.journal import LOCATIONS
    from hamstring_edu.teaching import check_citations

    doc = read_toml(file)
    if set(doc) - set(_TABLES):
        raise ContentError(f"unexpected key(s) {sorted(set(doc) - set(_TABLES))}", file=file)
    tables = {}
    for table, schema_ in _TABLES.items():
        tables[table] = [
            ({"file": file, "entry": f"[[{table}]] {entry_label(n, raw)}"}, raw)
            for n, raw in enumerate(check_entries(doc, table, schema_, file=file), start=1)
        ]
        for where, raw in tables[table]:
            check_citations("", raw.get("refs", ()), **where)
    zones = tuple(Zone(**raw) for _, raw in tables["zone"])
    _check_zones(zones, [where for where, _ in tables["zone"]], file)
    reasons = []
    for where, raw in tables["reason"]:
        if raw["id"] in FLAG_LEVELS and raw["words"] is None:
            raise ContentError("a self-assessment level needs its words", **where, field="words")
        if raw["id"] == "soreness" and raw["threshold"] is None:
            raise ContentError("soreness needs its threshold", **where, field="threshold")
        reasons.append(Reason(**raw))
    found = tuple(r.id for r in reasons)
    if sorted(found) != sorted(REASONS) or found[: len(REPORTED)] != REPORTED:
        raise ContentError(
            f"expected the reasons {', '.join(REASONS)}, with {', '.join(REPORTED)} first, in "
            f"that order (what athletes report before any number); found {', '.join(found)}",
            file=file,
            field="reason",
        )
    locations = {raw["id"]: raw["name"] for _, raw in tables["location"]}
    if set(locations) != set(LOCATIONS):
        raise ContentError(
            f"expected a location for each of the journal's: {', '.join(LOCATIONS)}; found "
            f"{', '.join(locations)}",
            file=file,
            field="location",
        )
    return TeamContent(zones, tuple(reasons), MappingProxyType(locations))


def _check_zones(zones: tuple[Zone, ...], wheres: list[dict[str, Any]], file: Path) -> None:
    """The zones in order, an edge ending each but the first and the last, each named by them."""
    if tuple(z.id for z in zones) != ZONE_IDS:
        raise ContentError(
            f"expected the zones {', '.join(ZONE_IDS)}, in that order", file=file, field="zone"
        )
    edges: list[float] = []
    for n, (zone, where) in enumerate(zip(zones, wheres, strict=True)):
        inner = 0 < n < len(zones) - 1
        if (zone.upper is not None) != inner:
            raise ContentError(
                "only the zones between 'no ratio' and the highest have an upper edge",
                **where,
                field="upper",
            )
        if inner and edges and zone.upper <= edges[-1]:
            raise ContentError(
                f"expected an edge above {edges[-1]:g}, the one before", **where, field="upper"
            )
        shown = [*edges[-1:], zone.upper] if inner else edges[-1:]
        missing = [f"{edge:g}" for edge in shown if f"{edge:g}" not in zone.name]
        if missing:
            raise ContentError(
                f"the name should show its edge(s) {', '.join(missing)}", **where, field="name"
            )
        if inner:
            edges.append(zone.upper)


# the names these held before the content moved to data/team.toml, still importable
_CONTENT_NAMES = {
    "ZONES": lambda c: c.zone_names,
    "ZONE_EDGES": lambda c: c.zone_edges,
    "HIGH_RATIO": lambda c: c.zone_edges[-1],
    "SORENESS_TALK": lambda c: c.soreness_talk,
    "PRIORITY": lambda c: c.priority,
    "URGENCY": lambda c: c.urgency,
    "LEVEL_WORDS": lambda c: c.level_words,
    "LOCATION_WORDS": lambda c: dict(c.locations),
}


def __getattr__(name: str) -> Any:
    if name in _CONTENT_NAMES:
        return _CONTENT_NAMES[name](team_content())
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


@dataclass(frozen=True)
class TeamWeek:
    """One week of a team as a coach sees it (every frame has one row per athlete or event).

    Attributes
    ----------
    table
        The chosen week, one row per athlete: ``load``, ``change_pct``, ``ratio``, ``zone``,
        ``soreness`` (highest rating), ``checkins``, ``level`` (most urgent self-assessment).
    weeks
        The same numbers for every shown week (athlete x week_start), for the heatmap.
    talk_to
        Athletes to talk to, most urgent first: ``priority`` (0 = most urgent), ``urgency``,
        ``reasons`` (a list of sentences) and ``reason`` (them joined).
    daily
        The load metrics of the shown weeks (athlete, date, load, load_7d, ratio, ...).
    checkins, assessments
        The check-ins and saved self-assessments of the shown weeks.
    settings
        What the numbers mean: measure, unit, acute_days, chronic_days, ratio column and label,
        spike_pct, zone edges, soreness threshold (read from ``load_metrics(...).attrs``).
    """

    team: str | None
    week_start: pd.Timestamp
    week_end: pd.Timestamp
    as_of: pd.Timestamp
    week_starts: tuple[pd.Timestamp, ...]
    athletes: tuple[str, ...]
    table: pd.DataFrame
    weeks: pd.DataFrame
    talk_to: pd.DataFrame
    daily: pd.DataFrame
    checkins: pd.DataFrame
    assessments: pd.DataFrame
    settings: Mapping[str, Any] = field(default_factory=dict)

    @property
    def title(self) -> str:
        """The week in words: 'harriers, week of Mon 8 Apr 2024'."""
        who = self.team or say("team.all_athletes")
        return say(
            "team.title", who=who, day=_day_words(self.week_start), year=self.week_start.year
        )

    def talk_to_html(self) -> str:
        """The talk-to list as an HTML list (escaped), most urgent first."""
        if self.talk_to.empty:
            return f"<p>{html.escape(say('team.nobody'))}</p>"
        items = "".join(
            f"<li><b>{html.escape(r.athlete)}</b> ({html.escape(r.urgency)}): "
            f"{html.escape(r.reason)}</li>"
            for r in self.talk_to.itertuples()
        )
        return f"<ol>{items}</ol>"


def week_start(day: Any) -> pd.Timestamp:
    """The Monday of the calendar week that holds ``day``."""
    try:
        stamp = pd.Timestamp(day)
    except (TypeError, ValueError):
        raise OptionError(f"{day!r} is not a date (expected YYYY-MM-DD)", field="week") from None
    if pd.isna(stamp):
        raise OptionError("the week needs a date", field="week")
    if stamp.tzinfo is not None:
        stamp = stamp.tz_localize(None)
    stamp = stamp.normalize()
    return stamp - pd.Timedelta(days=stamp.weekday())


def week_starts(first: Any, last: Any) -> list[pd.Timestamp]:
    """Every Monday from the week of ``first`` to the week of ``last``."""
    return list(pd.date_range(week_start(first), week_start(last), freq="7D"))


def metric_settings(metrics: pd.DataFrame, **called: Any) -> dict[str, Any]:
    """What the load metrics were computed with: their ``attrs`` where present, otherwise the
    arguments given (``called``) and load_metrics' documented defaults."""
    attrs = dict(getattr(metrics, "attrs", {}) or {})
    settings = {**METRIC_DEFAULTS, **called, **attrs}
    settings.setdefault("spike_pct", SPIKE_PCT)
    settings.setdefault("unit", UNITS.get(settings.get("measure", "distance"), ""))
    acute, chronic = settings["acute_days"], settings["chronic_days"]
    settings["ratio_column"] = "acwr_rolling"
    settings["ratio_label"] = say("team.ratio_label", acute=acute, chronic=chronic)
    content = team_content()
    settings["zone_edges"] = content.zone_edges
    settings["soreness_talk"] = content.soreness_talk
    return settings


def zone_of(ratio: pd.Series | np.ndarray) -> pd.Categorical:
    """Each ratio's zone (``ZONES``): no ratio, below 0.8, 0.8-1.3, 1.3-1.5, above 1.5."""
    content = team_content()
    values = np.asarray(ratio, dtype=float)
    low, mid, high = content.zone_edges
    codes = np.select(
        [np.isnan(values), values < low, values <= mid, values <= high],
        [0, 1, 2, 3],
        default=4,
    )
    return pd.Categorical.from_codes(codes, categories=list(content.zone_names), ordered=True)


def summarise_team(
    journal: Journal,
    *,
    team: str | None = None,
    week: Any = None,
    weeks: int = 8,
    today: Any = None,
    measure: str = "distance",
) -> TeamWeek:
    """The :class:`TeamWeek` of a team in a journal (reads only the weeks it needs)."""
    _check_weeks(weeks)
    _, last = journal.date_range(team=team)
    if week is None:
        week = last if last is not None else (today or date.today())
    start = week_start(week)
    lookback = _lookback(start, weeks)
    end = start + pd.Timedelta(days=6)
    activities = journal.activities(team=team, start=lookback, end=end)
    first_days = journal.first_days(team=team)
    names = journal.athletes(team=team)["athlete"].tolist()
    records = journal.return_to_run_records(team=team)
    return team_week(
        activities,
        journal.checkins(team=team, start=lookback, end=end),
        journal.assessments(team=team, start=lookback, end=end),
        week=start,
        weeks=weeks,
        athletes=names,
        first_days=first_days,
        today=today,
        team=team,
        measure=measure,
        records=records,
    )


def team_week(
    activities: pd.DataFrame,
    checkins: pd.DataFrame | None = None,
    assessments: pd.DataFrame | None = None,
    *,
    week: Any = None,
    weeks: int = 8,
    athletes: list[str] | None = None,
    first_days: Mapping[str, Any] | None = None,
    today: Any = None,
    team: str | None = None,
    measure: str = "distance",
    records: Mapping[str, Any] | None = None,
) -> TeamWeek:
    """A team's week from its activities (a ``read_log``-style frame), check-ins and saved
    self-assessments (frames as the journal returns them), and the athletes' return-to-run
    records (``journal.return_to_run_record``, by athlete) where a coach keeps them.

    Parameters
    ----------
    week
        Any day of the chosen week (default: the week of the latest activity or check-in).
    weeks
        How many weeks to show, ending with the chosen one.
    athletes
        The team (default: everyone in the frames); athletes without data still get a row.
    first_days
        Each athlete's first activity day, when ``activities`` is not their whole history.
    today
        The evaluation day of the current week (default: today); later weeks are refused.
    """
    _check_weeks(weeks)
    checkins = _empty_checkins() if checkins is None else checkins
    assessments = _empty_assessments() if assessments is None else assessments
    today_ts = pd.Timestamp(today if today is not None else date.today()).normalize()
    if week is None:
        dates = [f["date"].max() for f in (activities, checkins) if len(f)]
        week = max(dates) if dates else today_ts
    start = week_start(week)
    if start > today_ts:
        raise OptionError(
            f"the week of {start.date()} has not started yet (today is {today_ts.date()})",
            field="week",
        )
    end = start + pd.Timedelta(days=6)
    as_of = min(end, today_ts)
    mondays = tuple(start - pd.Timedelta(weeks=k) for k in range(weeks - 1, -1, -1))
    lookback = _lookback(start, weeks)
    names = sorted(
        set(athletes)
        if athletes is not None
        else set(activities["athlete"]) | set(checkins["athlete"]) | set(assessments["athlete"])
    )

    metrics = _metrics(activities, names, lookback, as_of, first_days, measure)
    settings = metric_settings(metrics, measure=measure)
    ratio_col = settings["ratio_column"]
    shown = metrics[(metrics["date"] >= mondays[0]) & (metrics["date"] <= as_of)]
    daily = shown[["athlete", "date", "load", "load_7d", "week_change_pct", ratio_col]].rename(
        columns={ratio_col: "ratio"}
    )
    daily = daily.reset_index(drop=True)

    in_view = _between(checkins, mondays[0], as_of)
    saved = _between(assessments, mondays[0], as_of)
    grid = _weekly_grid(daily, names, mondays, as_of, in_view, saved)
    table = grid[grid["week_start"] == start].drop(columns="week_start").reset_index(drop=True)
    records = dict(records or {})
    table["stage"] = [records[a].stage if a in records else math.nan for a in table["athlete"]]
    talk = _talk_to(
        table,
        _between(in_view, start, end),
        _between(saved, start, end),
        settings,
        records,
    )
    table["talk"] = table["athlete"].isin(set(talk["athlete"]))
    return TeamWeek(
        team=team,
        week_start=start,
        week_end=end,
        as_of=as_of,
        week_starts=mondays,
        athletes=tuple(names),
        table=table,
        weeks=grid,
        talk_to=talk,
        daily=daily,
        checkins=in_view.reset_index(drop=True),
        assessments=saved.reset_index(drop=True),
        settings=settings,
    )


# ---------------------------------------------------------------------------- internals


def _check_weeks(weeks: Any) -> None:
    if isinstance(weeks, bool) or not isinstance(weeks, int) or not 1 <= weeks <= 104:
        raise OptionError(f"weeks must be a whole number from 1 to 104, got {weeks!r}")


def _lookback(start: pd.Timestamp, weeks: int) -> pd.Timestamp:
    """The first day whose activities the shown weeks' metrics need."""
    chronic = METRIC_DEFAULTS["chronic_days"]
    return start - pd.Timedelta(weeks=weeks - 1) - pd.Timedelta(days=chronic + 7)


def _metrics(
    activities: pd.DataFrame,
    names: list[str],
    lookback: pd.Timestamp,
    as_of: pd.Timestamp,
    first_days: Mapping[str, Any] | None,
    measure: str,
) -> pd.DataFrame:
    """load_metrics over the window, with rest-day markers so the numbers match full history."""
    log = activities[activities["athlete"].isin(names)]
    if "activity_type" not in log.columns:
        log = log.assign(activity_type="run")
    if "is_running" not in log.columns:
        from hamstring_edu.logs import RUN_TYPES

        log = log.assign(is_running=log["activity_type"].str.lower().isin(RUN_TYPES))
    if first_days is None:
        first_days = log.groupby("athlete")["date"].min().to_dict()
    log = log[(log["date"] >= lookback) & (log["date"] <= as_of)]
    started = [n for n in names if n in first_days and pd.Timestamp(first_days[n]) <= as_of]
    earlier = [n for n in started if pd.Timestamp(first_days[n]) < lookback]
    markers = pd.DataFrame(
        {
            "athlete": earlier + started,
            "date": [lookback] * len(earlier) + [as_of] * len(started),
            "activity_type": "run",
            "is_running": True,
            "distance_km": 0.0,
            "duration_min": 0.0,
            "rpe": 0.0,
        }
    )
    columns = ["athlete", "date", "activity_type", "is_running", "distance_km", "duration_min"]
    if measure == "srpe":
        columns.append("rpe")
    frame = pd.concat([log[columns], markers[columns]], ignore_index=True)
    frame["date"] = pd.to_datetime(frame["date"]).astype("datetime64[ns]")
    frame["athlete"] = frame["athlete"].astype(object)
    if frame.empty:
        empty = pd.DataFrame(
            columns=["athlete", "date", "load", "load_7d", "week_change_pct", "acwr_rolling"]
        )
        empty["date"] = empty["date"].astype("datetime64[ns]")
        return empty
    return load_metrics(frame, measure=measure)


def _between(frame: pd.DataFrame, first: pd.Timestamp, last: pd.Timestamp) -> pd.DataFrame:
    return frame[(frame["date"] >= first) & (frame["date"] <= last)]


def _weekly_grid(
    daily: pd.DataFrame,
    names: list[str],
    mondays: tuple[pd.Timestamp, ...],
    as_of: pd.Timestamp,
    checkins: pd.DataFrame,
    assessments: pd.DataFrame,
) -> pd.DataFrame:
    """Athlete x week: the 7 days to each week's evaluation day, soreness and levels."""
    ends = [min(m + pd.Timedelta(days=6), as_of) for m in mondays]
    index = pd.MultiIndex.from_product([names, mondays], names=["athlete", "week_start"])
    grid = pd.DataFrame(index=index).reset_index()
    grid["day"] = grid["week_start"].map(dict(zip(mondays, ends, strict=True)))
    at_end = daily.rename(columns={"date": "day"})[
        ["athlete", "day", "load_7d", "week_change_pct", "ratio"]
    ]
    grid = grid.merge(at_end, on=["athlete", "day"], how="left")
    grid = grid.rename(columns={"load_7d": "load", "week_change_pct": "change_pct"})
    grid["zone"] = zone_of(grid["ratio"])

    def weekly(frame: pd.DataFrame) -> pd.DataFrame:
        day = pd.to_datetime(frame["date"]).dt.normalize()
        return frame.assign(week_start=day - pd.to_timedelta(day.dt.day_of_week, unit="D"))

    sore = weekly(checkins).groupby(["athlete", "week_start"])["rating"]
    grid = grid.merge(
        sore.max().rename("soreness").reset_index(), on=["athlete", "week_start"], how="left"
    )
    grid = grid.merge(
        sore.size().rename("checkins").reset_index(), on=["athlete", "week_start"], how="left"
    )
    grid["checkins"] = grid["checkins"].fillna(0).astype(int)
    levels = weekly(assessments)
    rank = {level: n for n, level in enumerate(("soon", "today", "emergency"))}
    levels = levels[levels["level"].isin(rank)]
    if len(levels):
        top = (
            levels.assign(rank=levels["level"].map(rank))
            .sort_values("rank")
            .groupby(["athlete", "week_start"])["level"]
            .last()
            .rename("level")
            .reset_index()
        )
        grid = grid.merge(top, on=["athlete", "week_start"], how="left")
    else:
        grid["level"] = None
    grid["level"] = grid["level"].astype(object).where(grid["level"].notna(), None)
    return grid[
        [
            "athlete",
            "week_start",
            "day",
            "load",
            "change_pct",
            "ratio",
            "zone",
            "soreness",
            "checkins",
            "level",
        ]
    ]


def _talk_to(
    table: pd.DataFrame,
    checkins: pd.DataFrame,
    assessments: pd.DataFrame,
    settings: Mapping[str, Any],
    records: Mapping[str, Any] | None = None,
) -> pd.DataFrame:
    """The athletes to talk to this week with their reasons, most urgent first."""
    found: dict[str, list[tuple[int, float, str]]] = {}
    content = team_content()
    priority = content.priority

    def add(who: str, kind: str, weight: float, text: str) -> None:
        found.setdefault(who, []).append((priority[kind], weight, text))

    for row in assessments.itertuples():
        if row.level in FLAG_LEVELS:
            result = row.result if isinstance(row.result, Mapping) else {}
            flags = [f.get("title", "") for f in result.get("red_flags", []) if isinstance(f, dict)]
            signs = [f for f in flags if f] or [say("team.a_warning_sign")]
            ruled_out = [
                str(x.get("title", "")).lower()
                for x in result.get("limits", [])
                if isinstance(x, dict) and x.get("title")
            ]
            said = {
                "day": _day_words(row.date),
                "level": row.level,
                "words": content.level_words[row.level],
                "signs": "; ".join(signs),
            }
            text = (
                say("team.reason_level_until", **said, ruled_out=", ".join(ruled_out))
                if ruled_out
                else say("team.reason_level", **said)
            )
            add(row.athlete, row.level, 0.0, text)
    threshold = settings.get("soreness_talk", content.soreness_talk)
    sore = checkins[checkins["rating"] >= threshold]
    for who, rows in sore.groupby("athlete"):
        worst = rows.sort_values(["rating", "date"], ascending=[False, False]).iloc[0]
        others = len(rows) - 1
        said = {
            "rating": worst["rating"],
            "day": _day_words(worst["date"]),
            "leg": say("team.leg_both")
            if worst["leg"] == "both"
            else say("team.leg_one", leg=worst["leg"]),
            "where": content.locations.get(worst["location"], str(worst["location"])),
        }
        text = (
            say("team.reason_soreness_more", **said, others=others, threshold=threshold)
            if others
            else say("team.reason_soreness", **said)
        )
        add(who, "soreness", -float(worst["rating"]), text)
    for row in table.itertuples():  # running again before the return-to-run checks are met
        record = (records or {}).get(row.athlete)
        if record is not None and not record.gate.ready and row.load > 0:
            unmet = len(record.gate.unmet)
            add(
                row.athlete,
                "running_early",
                -row.load,
                say("team.reason_running_early", stage=record.stage, unmet=unmet),
            )
    unit = settings.get("unit", "")
    label = settings.get("ratio_label", "ratio")
    spike = float(settings.get("spike_pct", SPIKE_PCT))
    high = content.zone_edges[-1]
    for row in table.itertuples():
        if row.ratio > high:  # NaN compares False
            shown = say("team.no_chronic_load") if math.isinf(row.ratio) else f"{row.ratio:.2f}"
            add(
                row.athlete,
                "ratio",
                -row.ratio,
                say("team.reason_ratio", label=label, ratio=shown, high=high),
            )
        if row.change_pct > spike:
            before = row.load / (1 + row.change_pct / 100)
            text = (
                say("team.reason_back", load=row.load, unit=unit)
                if math.isinf(row.change_pct)
                else say(
                    "team.reason_jump",
                    pct=row.change_pct,
                    before=before,
                    load=row.load,
                    unit=unit,
                    spike=spike,
                )
            )
            add(row.athlete, "jump", -row.change_pct, text)
    rows = []
    for who, reasons in found.items():
        reasons.sort()
        priority = reasons[0][0]
        rows.append(
            {
                "athlete": who,
                "priority": priority,
                "urgency": content.urgency[priority],
                "reasons": [text for _, _, text in reasons],
                "reason": "; ".join(text for _, _, text in reasons),
                "_key": (priority, reasons[0][1], -len(reasons), who),
            }
        )
    rows.sort(key=lambda r: r["_key"])
    frame = pd.DataFrame(rows, columns=["athlete", "priority", "urgency", "reasons", "reason"])
    return frame.reset_index(drop=True)


def _day_words(day: Any) -> str:
    stamp = pd.Timestamp(day)
    return f"{stamp.strftime('%a')} {stamp.day} {stamp.strftime('%b')}"


def _empty_checkins() -> pd.DataFrame:
    frame = pd.DataFrame(columns=["checkin_id", "athlete", "date", "leg", "location", "rating"])
    frame["date"] = frame["date"].astype("datetime64[ns]")
    frame["rating"] = frame["rating"].astype(int)
    return frame


def _empty_assessments() -> pd.DataFrame:
    frame = pd.DataFrame(columns=["assessment_id", "athlete", "date", "level", "result"])
    frame["date"] = frame["date"].astype("datetime64[ns]")
    return frame
