"""Calendar weeks and the weekly-rise thresholds that the load metrics and the planner share.

Both :mod:`hamstring_edu.load` and :mod:`hamstring_edu.progression` build on this module, so
neither imports the other for them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

CAUTIOUS_INCREASE = 0.10  # the popular 10% rule: notebook 03's cautious default (buist2008)
SPIKE_PCT = 30.0  # the rise marked in weekly load and warned about over two weeks (nielsen2014)


def week_start(dates: pd.Series) -> pd.Series:
    """The Monday that starts each date's calendar week (time of day dropped)."""
    import pandas as pd

    days = dates.dt.normalize()
    return days - pd.to_timedelta(days.dt.day_of_week, unit="D")


def week_label(day: pd.Timestamp) -> str:
    """How a week is named on screen, by its first day (a Monday): "7 Dec" (charts, notes and
    summaries all use this, so a chart's labels read like the sentences under it)."""
    return f"{day.day} {day:%b}"
