"""The coach's week: zones, weekly numbers that equal the full history, who to talk to and why."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import hamstring_edu as he
from hamstring_edu import team as team_module
from hamstring_edu.content import data_dir
from hamstring_edu.errors import OptionError
from hamstring_edu.figures.team import athlete_chart, team_heatmap
from hamstring_edu.journal import Journal
from hamstring_edu.team import (
    ZONES,
    metric_settings,
    summarise_team,
    team_week,
    week_start,
    week_starts,
    zone_of,
)

SAMPLES = data_dir() / "samples"


@pytest.fixture(scope="module")
def sample(tmp_path_factory) -> Journal:
    path = tmp_path_factory.mktemp("team") / "team.sqlite3"
    journal = Journal.restore(SAMPLES / "team_journal", path)
    yield journal
    journal.close()


@pytest.fixture(scope="module")
def week(sample) -> he.TeamWeek:
    return summarise_team(sample, team="harriers")


def test_zones_follow_the_published_bands():
    ratios = [np.nan, 0.79, 0.8, 1.3, 1.31, 1.5, 1.51, np.inf]
    assert list(zone_of(ratios)) == [
        "no ratio",
        "below 0.8",
        "0.8-1.3",
        "0.8-1.3",
        "1.3-1.5",
        "1.3-1.5",
        "above 1.5",
        "above 1.5",
    ]
    assert list(zone_of(ratios).categories) == list(ZONES)


def test_weeks_start_on_monday():
    assert week_start("2025-05-25") == pd.Timestamp("2025-05-19")  # a Sunday
    assert week_start(pd.Timestamp("2025-05-19 18:00", tz="UTC")) == pd.Timestamp("2025-05-19")
    assert week_starts("2025-05-01", "2025-05-20") == [
        pd.Timestamp(d) for d in ("2025-04-28", "2025-05-05", "2025-05-12", "2025-05-19")
    ]
    with pytest.raises(OptionError, match="not a date"):
        week_start("someday")


def test_the_sample_week_and_who_to_talk_to(week):
    assert week.title == "harriers, week of Mon 19 May 2025"
    assert week.as_of == pd.Timestamp("2025-05-25")
    assert len(week.table) == 10 and len(week.weeks) == 80
    assert week.talk_to["athlete"].tolist() == ["dev", "chloe", "ben", "fay", "eli"]
    assert week.talk_to["priority"].tolist() == [1, 3, 5, 5, 6]
    reasons = dict(zip(week.talk_to["athlete"], week.talk_to["reason"], strict=True))
    assert "raised 'today'" in reasons["dev"] and "A pop or sudden sharp pain" in reasons["dev"]
    assert reasons["chloe"] == "soreness 6/10 on Wed 21 May (left leg, middle of the thigh)"
    assert "ACWR (rolling 7:28 days) 1.63: above 1.5" in reasons["ben"]
    assert "7-day load up 89% (67.6 -> 128.0 km): more than 30%" in reasons["ben"]
    assert "after 7 days without" in reasons["fay"]
    assert reasons["eli"].startswith("7-day load up 45%")
    table = week.table.set_index("athlete")
    assert table.loc["gus", "soreness"] == 3 and not table.loc["gus", "talk"]  # below 4/10
    assert table.loc["hana", "level"] is None and not table.loc["hana", "talk"]
    assert table.loc["ben", "zone"] == "above 1.5"
    assert table["talk"].sum() == 5


def test_windowed_numbers_equal_the_full_history(sample, week):
    full = he.load_metrics(sample.activities())
    both = full.merge(week.daily, on=["athlete", "date"], suffixes=("", "_view"))
    assert len(both) == len(week.daily) == 10 * 56
    np.testing.assert_allclose(both["load_7d_view"], both["load_7d"], atol=1e-9)
    np.testing.assert_allclose(both["ratio"], both["acwr_rolling"], atol=1e-12)
    np.testing.assert_allclose(both["week_change_pct_view"], both["week_change_pct"], atol=1e-9)


def test_a_new_athlete_has_no_ratio_until_four_weeks_exist():
    days = pd.date_range("2025-03-03", "2025-05-25")
    log = pd.DataFrame({"athlete": "old", "date": days, "distance_km": 5.0, "duration_min": 30.0})
    new = pd.DataFrame(
        {"athlete": "new", "date": days[-20:], "distance_km": 5.0, "duration_min": 30.0}
    )
    log = pd.concat([log, new], ignore_index=True)
    view = team_week(log, week="2025-05-19", weeks=3, today="2025-06-30")
    table = view.table.set_index("athlete")
    assert table.loc["old", "zone"] == "0.8-1.3" and table.loc["old", "ratio"] == 1.0
    assert table.loc["new", "zone"] == "no ratio" and math.isnan(table.loc["new", "ratio"])
    full = he.load_metrics(log)
    last = full[full["date"] == "2025-05-25"].set_index("athlete")
    assert math.isnan(last.loc["new", "acwr_rolling"])


def test_an_athlete_without_activities_still_has_a_row():
    log = pd.DataFrame(
        {"athlete": "ana", "date": pd.date_range("2025-04-01", "2025-05-25"), "distance_km": 5.0}
    )
    log["duration_min"] = 30.0
    checkins = pd.DataFrame(
        {
            "athlete": ["kim"],
            "date": [pd.Timestamp("2025-05-20")],
            "rating": [5],
            "leg": ["left"],
            "location": ["upper"],
        }
    )
    view = team_week(log, checkins, week="2025-05-19", athletes=["ana", "kim"], today="2025-06-01")
    kim = view.table.set_index("athlete").loc["kim"]
    assert math.isnan(kim["load"]) and kim["zone"] == "no ratio" and kim["soreness"] == 5
    assert view.talk_to["athlete"].tolist() == ["kim"]


def test_the_current_week_counts_to_today():
    log = pd.DataFrame(
        {"athlete": "ana", "date": pd.date_range("2025-04-01", "2025-05-21"), "distance_km": 5.0}
    )
    log["duration_min"] = 30.0
    view = team_week(log, today="2025-05-21")  # a Wednesday
    assert view.week_start == pd.Timestamp("2025-05-19") and view.as_of == pd.Timestamp(
        "2025-05-21"
    )
    assert view.table.loc[0, "load"] == 35.0  # the 7 days to Wednesday
    with pytest.raises(OptionError, match="has not started yet"):
        team_week(log, week="2025-06-02", today="2025-05-21")
    with pytest.raises(OptionError, match="weeks must be a whole number"):
        team_week(log, weeks=0, today="2025-05-21")


def test_an_emergency_comes_first_and_four_out_of_ten_counts(week):
    checkins = pd.DataFrame(
        {
            "athlete": ["a", "b", "c"],
            "date": pd.to_datetime(["2025-05-20"] * 3),
            "rating": [3, 4, 9],
            "leg": ["left", "right", "both"],
            "location": ["upper", "lower", "whole"],
        }
    )
    assessments = pd.DataFrame(
        {
            "athlete": ["d", "e"],
            "date": pd.to_datetime(["2025-05-21", "2025-05-22"]),
            "level": ["today", "emergency"],
            "result": [
                {"red_flags": [{"title": "A pop"}]},
                {"red_flags": [{"title": "Numbness in the saddle area"}]},
            ],
        }
    )
    log = pd.DataFrame(
        {"athlete": list("abcde"), "date": pd.Timestamp("2025-05-19"), "distance_km": 5.0}
    )
    log["duration_min"] = 30.0
    view = team_week(log, checkins, assessments, week="2025-05-19", today="2025-06-01")
    assert view.talk_to["athlete"].tolist() == ["e", "d", "c", "b"]
    assert view.talk_to["urgency"].tolist()[:2] == ["emergency: call now", "today"]
    assert "Numbness in the saddle area" in view.talk_to.loc[0, "reason"]
    assert "<li><b>e</b>" in view.talk_to_html()


levels = st.sampled_from([None, "soon", "today", "emergency"])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    ratings=st.lists(st.tuples(st.sampled_from("abcd"), st.integers(0, 10)), max_size=8),
    saved=st.lists(st.tuples(st.sampled_from("abcd"), levels), max_size=4),
    km=st.lists(st.floats(0, 30), min_size=4, max_size=4),
    rise=st.lists(st.floats(0.5, 2.0), min_size=4, max_size=4),
)
def test_talk_to_rules_hold_for_any_week(ratings, saved, km, rise):
    """Everyone at 4+/10, 'today' or 'emergency' is listed; urgent levels come first; every
    listed athlete has a reason; priorities never go down the list."""
    days = pd.date_range("2025-04-14", "2025-05-25")
    log = pd.DataFrame(
        [
            (who, d, k * (r if d >= pd.Timestamp("2025-05-19") else 1.0))
            for who, k, r in zip("abcd", km, rise, strict=True)
            for d in days
        ],
        columns=["athlete", "date", "distance_km"],
    )
    log["duration_min"] = 30.0
    checkins = pd.DataFrame(
        {
            "athlete": [w for w, _ in ratings],
            "date": pd.Timestamp("2025-05-20"),
            "rating": [r for _, r in ratings],
            "leg": "left",
            "location": "upper",
        }
    )
    assessments = pd.DataFrame(
        {
            "athlete": [w for w, _ in saved],
            "date": pd.Timestamp("2025-05-21"),
            "level": [lv for _, lv in saved],
            "result": [{} for _ in saved],
        }
    )
    view = team_week(
        log,
        checkins if ratings else None,
        assessments if saved else None,
        week="2025-05-19",
        today="2025-06-01",
    )
    talk = view.talk_to
    listed = talk["athlete"].tolist()
    assert len(set(listed)) == len(listed)
    assert talk["priority"].is_monotonic_increasing
    assert all(talk["reasons"].map(len) >= 1)
    sore = {w for w, r in ratings if r >= 4}
    urgent = {w for w, lv in saved if lv in ("today", "emergency")}
    flagged_by_sign = {w for w, lv in saved if lv in ("today", "emergency", "soon")}
    assert sore | flagged_by_sign <= set(listed)
    for who in urgent:
        assert all(p <= 1 for p in talk.loc[: listed.index(who), "priority"]), (
            "an urgent self-assessment is below a less urgent reason"
        )
    for who in flagged_by_sign:  # review M4: any warning sign comes before soreness and load
        assert all(p <= 2 for p in talk.loc[: listed.index(who), "priority"]), (
            "a self-assessment with a warning sign is below soreness or a number"
        )
    table = view.table.set_index("athlete")
    for who in set("abcd") - sore - flagged_by_sign:
        row = table.loc[who]
        flagged = row["ratio"] > 1.5 or row["change_pct"] > 30
        assert (who in listed) == bool(flagged)


def test_settings_come_from_the_metrics_attrs_when_present():
    metrics = pd.DataFrame()
    plain = metric_settings(metrics)
    assert (plain["acute_days"], plain["chronic_days"], plain["unit"]) == (7, 28, "km")
    assert plain["ratio_label"] == "ACWR (rolling 7:28 days)"
    metrics.attrs.update(acute_days=5, chronic_days=21, unit="mi", spike_pct=25.0)
    told = metric_settings(metrics)
    assert told["ratio_label"] == "ACWR (rolling 5:21 days)"
    assert (told["unit"], told["spike_pct"]) == ("mi", 25.0)
    assert metric_settings(pd.DataFrame(), measure="duration")["unit"] == "min"


def test_figures_label_themselves_from_the_settings(sample, monkeypatch):
    real = team_module.load_metrics

    def with_attrs(log, **kwargs):
        out = real(log, acute_days=5, chronic_days=21, **kwargs)
        out.attrs.update(acute_days=5, chronic_days=21, unit="km", spike_pct=30.0)
        return out

    monkeypatch.setattr(team_module, "load_metrics", with_attrs)
    view = summarise_team(sample, team="harriers")
    heat = team_heatmap(view)
    assert "rolling 5:21 days" in heat.layout.title.text and "7:28" not in heat.layout.title.text
    assert view.settings["ratio_label"] == "ACWR (rolling 5:21 days)"
    assert not any("7:28" in reason for reason in view.talk_to["reason"])
    assert any("ACWR (rolling 5:21 days)" in reason for reason in view.talk_to["reason"])


def test_heatmap_and_drill_down_carry_the_data(week):
    heat = team_heatmap(week)
    (trace,) = heat.data
    assert trace.type == "heatmap" and np.asarray(trace.z).shape == (10, 8)
    assert list(trace.y) == sorted(week.athletes) and trace.x[-1] == "2025-05-19"
    ben = list(trace.y).index("ben")
    assert trace.text[ben][-1] == "1.63<br>+89%"
    assert ZONES[int(trace.z[ben][-1])] == "above 1.5"
    assert heat.layout.xaxis.title.text and heat.layout.yaxis.title.text
    assert heat.layout.shapes[0].line.width == 3  # the chosen week is outlined
    chart = athlete_chart(week, "chloe")
    load, sore, _threshold = chart.data
    assert len(load.x) == 56 and load.type == "bar"
    assert list(sore.y)[-1] == 6 and sore.yaxis == "y2"
    assert chart.layout.yaxis.title.text == "load per day (km)"
    assert chart.layout.yaxis2.title.text == "soreness (0-10)"
    assert "chloe: daily load and soreness" in chart.layout.title.text
    dev = athlete_chart(week, "dev")
    assert any("self-assessment: today" in a.text for a in dev.layout.annotations)


# --------------------------------------------------------------------------- content


def test_the_shipped_team_content_loads_and_keeps_the_old_names():
    from hamstring_edu.journal import LOCATIONS
    from hamstring_edu.team import (
        HIGH_RATIO,
        LEVEL_WORDS,
        PRIORITY,
        SORENESS_TALK,
        URGENCY,
        ZONE_EDGES,
        team_content,
    )

    content = team_content()
    assert ZONES == ("no ratio", "below 0.8", "0.8-1.3", "1.3-1.5", "above 1.5")
    assert ZONE_EDGES == (0.8, 1.3, 1.5) and HIGH_RATIO == 1.5 and SORENESS_TALK == 4
    assert PRIORITY == {
        "emergency": 0,
        "today": 1,
        "soon": 2,
        "soreness": 3,
        "running_early": 4,
        "ratio": 5,
        "jump": 6,
    }
    assert URGENCY[0] == "emergency: call now" and URGENCY[5] == "this week"
    assert LEVEL_WORDS["soon"] == "see a clinician within a few days"
    assert set(content.locations) == set(LOCATIONS)
    assert team_content() is content  # read once
    with pytest.raises(AttributeError, match="no attribute 'NOPE'"):
        team_module.NOPE  # noqa: B018


@pytest.mark.parametrize(
    ("change", "entry", "field", "message"),
    [
        (
            ('name = "0.8-1.3"', 'name = "0.8-1.2"'),
            "[[zone]] #3 (id 'sweet_spot')",
            "name",
            "should show its edge",
        ),
        (
            ("upper = 1.5\n", "upper = 1.2\n"),
            "[[zone]] #4 (id 'high')",
            "upper",
            "an edge above 1.3",
        ),
        (
            ('refs = ["nielsen2014"]', 'refs = ["nielsen2015"]'),
            "[[reason]] #7 (id 'jump')",
            "refs",
            "unknown reference id 'nielsen2015'",
        ),
        (
            ("threshold = 4", "threshold = 11"),
            "[[reason]] #4 (id 'soreness')",
            "threshold",
            "from 1 to 10",
        ),
        (
            ('words = "see a clinician today"', 'wording = "see a clinician today"'),
            "[[reason]] #2 (id 'today')",
            "wording",
            r"unknown field\(s\)",
        ),
        (
            ('id = "danger"', 'id = "red"'),
            "[[zone]] #5 (id 'red')",
            "id",
            "expected one of",
        ),
    ],
)
def test_a_broken_team_file_names_file_entry_and_field(tmp_path, change, entry, field, message):
    from hamstring_edu.errors import ContentError
    from hamstring_edu.team import team_content

    text = (data_dir() / "team.toml").read_text(encoding="utf-8")
    assert change[0] in text
    path = tmp_path / "team.toml"
    path.write_text(text.replace(change[0], change[1], 1), encoding="utf-8")
    with pytest.raises(ContentError, match=message) as info:
        team_content(path)
    assert info.value.where == {"file": path, "entry": entry, "field": field}


def test_what_athletes_report_must_come_before_any_number(tmp_path):
    from hamstring_edu.errors import ContentError
    from hamstring_edu.team import team_content

    text = (data_dir() / "team.toml").read_text(encoding="utf-8")
    soreness = '[[reason]]\nid = "soreness"\nurgency = "this week"\nthreshold = 4\n\n'
    assert soreness in text
    path = tmp_path / "team.toml"
    path.write_text(text.replace(soreness, "") + "\n" + soreness, encoding="utf-8")
    with pytest.raises(ContentError, match="what athletes report before any number") as info:
        team_content(path)
    assert info.value.where == {"file": path, "field": "reason"}
    knee = text.replace('[[location]]\nid = "whole"', '[[location]]\nid = "knee"')
    path.write_text(knee, encoding="utf-8")
    with pytest.raises(ContentError, match="a location for each of the journal's"):
        team_content(path)


def test_running_before_the_return_to_run_checks_are_met_is_a_reason_to_talk(tmp_path):
    """Issue 25: the coach's record of the return to running, in the week's table and list."""
    from hamstring_edu.journal import Journal
    from hamstring_edu.team import summarise_team

    with Journal.restore(data_dir() / "samples" / "team_journal", tmp_path / "j.sqlite3") as j:
        j.tick_criterion("gus", "walk_pain_free", by="coach Ana", date="2025-05-19")
        week = summarise_team(j, week="2025-05-19", today="2025-05-25")
        gus = week.table.set_index("athlete").loc["gus"]
        assert gus["stage"] == 1 and gus["talk"]
        said = week.talk_to.set_index("athlete").loc["gus", "reason"]
        assert "running this week at return-to-run stage 1" in said
        assert week.table.set_index("athlete")["stage"].isna().sum() == len(week.table) - 1
