"""Hostile and messy input to the training-log model (#12): the generated corpus of
tests/hostile.py, and property tests for read_log on generated CSVs.

Every case asserts its exact outcome: a value computed right, a row dropped with its reason, or
a package error naming the right file, line, column, row or field, in a message that never
echoes a huge value.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hostile import CASES, Drop, Refuse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hamstring_edu import HamstringEduError, LogError
from hamstring_edu.logs import read_log
from hamstring_edu.validation import Dropped

MAX_MESSAGE = 600  # characters: a message names the place and the value, never a 50 MB cell


def _same_place(actual: object, expected: object) -> bool:
    """A file is named by its own name (a temporary folder is no part of it)."""
    if isinstance(expected, str) and isinstance(actual, str | Path):
        return Path(str(actual)).name == expected
    return actual == expected


def test_the_corpus_is_large_and_its_ids_unique():
    ids = [c.id for c in CASES]
    assert len(ids) >= 110 and len(set(ids)) == len(ids)


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_hostile_input(case, tmp_path):
    expect = case.expect
    if isinstance(expect, Refuse):
        with pytest.raises(HamstringEduError) as info:
            case.call(tmp_path)
        error = info.value
        assert isinstance(error, expect.error), f"{type(error).__name__}: {error}"
        assert re.search(expect.message, error.message), error.message
        for key, value in expect.where.items():
            assert _same_place(error.where.get(key), value), (key, error.where)
        assert len(str(error)) <= MAX_MESSAGE, f"{len(str(error))} characters"
        return
    result = case.call(tmp_path)
    if isinstance(expect, Drop):
        drops = result.attrs["dropped"]
        assert all(isinstance(d, Dropped) for d in drops)
        found = [
            d
            for d in drops
            if re.search(expect.reason, d.reason)
            and all(_same_place(getattr(d, k), v) for k, v in expect.where.items())
        ]
        assert found, f"no drop matching {expect.reason!r} {expect.where}: {drops}"
        assert all(len(d.text()) <= MAX_MESSAGE for d in drops)
        if expect.check is not None:
            expect.check(result)
        return
    expect.check(result)


# --------------------------------------------------------------------------- properties

DAY = st.dates(
    min_value=pd.Timestamp("1975-01-01").date(), max_value=pd.Timestamp("2024-12-31").date()
)
ROW = st.tuples(
    DAY,
    st.floats(0.5, 60, allow_nan=False).map(lambda x: round(x, 2)),
    st.floats(5, 400, allow_nan=False).map(lambda x: round(x, 1)),
    st.sampled_from(["run", "ride", "walk", "Trail Run"]),
    st.sampled_from(["alex", "sam", "jo"]),
)


def _speed_ok(km: float, minutes: float, kind: str) -> bool:
    limit = 30 if kind.lower() in ("run", "trail run") else 100
    return km / (minutes / 60) <= limit


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(ROW, min_size=1, max_size=40), st.booleans())
def test_read_log_reads_any_valid_csv_exactly(rows, decimal_comma):
    """Generated valid CSVs: every plausible row is read with its exact values; the others are
    dropped for their pace; nothing else is lost, sorted by athlete and date."""
    sep = ";" if decimal_comma else ","
    lines = [sep.join(["date", "distance_km", "duration_min", "activity_type", "athlete"])]
    for day, km, minutes, kind, who in rows:
        text_km = f"{km}".replace(".", ",") if decimal_comma else f"{km}"
        lines.append(sep.join([day.isoformat(), text_km, f"{minutes}", kind, who]))
    text = "\n".join(lines) + "\n"
    kept = [r for r in rows if _speed_ok(r[1], r[2], r[3])]
    if not kept:
        with pytest.raises(LogError, match="every activity was left out") as info:
            read_log(io.StringIO(text))
        assert len(info.value.dropped) == len(rows)
        return
    log = read_log(io.StringIO(text))
    assert len(log) == len(kept)
    assert len(log.attrs["dropped"]) == len(rows) - len(kept)
    expected = sorted(
        ((who, pd.Timestamp(day), km, minutes) for day, km, minutes, _, who in kept),
        key=lambda r: (r[0], r[1]),
    )
    got = list(
        zip(log["athlete"], log["date"], log["distance_km"], log["duration_min"], strict=True)
    )
    assert sorted(got, key=lambda r: (r[0], r[1], r[2], r[3])) == sorted(
        expected, key=lambda r: (r[0], r[1], r[2], r[3])
    )


CELL = st.one_of(
    st.text(max_size=12),
    st.sampled_from(["", "nan", "inf", "-1", "1,234", "0:99:99", "2300-01-01", "1e400", '"']),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(CELL, CELL, CELL, CELL), min_size=1, max_size=8))
def test_read_log_on_any_csv_gives_a_log_or_a_log_error(cells):
    """Any text in the cells: a tidy log with finite, plausible numbers, or a LogError that names
    the file; never another exception, never a date outside 1970 .. next year."""
    text = "date,distance_km,duration,rpe\n" + "\n".join(",".join(r) for r in cells) + "\n"
    try:
        log = read_log(io.StringIO(text))
    except LogError as error:
        assert error.where.get("file") is not None
        assert len(str(error)) <= MAX_MESSAGE
        return
    assert len(log) >= 1
    assert np.isfinite(log["duration_min"]).all() and (log["duration_min"] >= 0).all()
    known = log["distance_km"].dropna()
    assert np.isfinite(known).all() and (known >= 0).all()
    assert log["date"].min() >= pd.Timestamp("1970-01-01")
    assert log["date"].max() <= pd.Timestamp(f"{pd.Timestamp.now().year + 1}-12-31")
