"""Periods for charts over time: a day, month or year that fits the dates, never finer than what
the dates say.

A date known only to its month (``date_precision`` "month", e.g. a mid-month placeholder) belongs
in its month, never on a made-up day. The period of a chart is the one that fits the span of the
dates (days up to two months, months up to six years, years beyond), coarsened to the precision of
the dates when at least :data:`COARSE_SHARE` of them are that coarse; the few documents that are
coarser than the chart's period are left out of it, and counted, rather than placed on a day.
"""

from __future__ import annotations

import pandas as pd

UNITS = ("day", "month", "year")
FREQ = {"day": "D", "month": "M", "year": "Y"}
COARSE_SHARE = 0.05  # coarse dates that coarsen a chart's period; fewer are left out of it
# What a page says in place of a chart over time when no document has a date.
UNDATED = (
    "No document has a date, so nothing can be placed in time and there is no chart here. Dates come from the "
    "corpus's date column (for a folder of texts, the date column of its manifest.csv; for a table, the column "
    "that corpus.columns.date names) or from a dateline at the top of a text: with dates, this section fills in."
)


def span_unit(dates: pd.Series) -> str:
    """The period that fits the span of ``dates`` ("" when none is dated)."""
    dated = dates.dropna()
    if dated.empty:
        return ""
    span = (dated.max() - dated.min()).days
    return "day" if span <= 62 else ("month" if span <= 366 * 6 else "year")


def periods(dates: pd.Series, precision: pd.Series | None = None) -> tuple[pd.Series, str, int]:
    """Each date's period start, for a chart over time.

    Args:
        dates: datetimes (NaT where undated).
        precision: ``day``, ``month`` or ``year`` per date (as ``date_precision``); None: all days.

    Returns:
        (period start per date, NaT for undated dates and for dates coarser than the period;
        the period, "day", "month" or "year", or "" when nothing is dated; how many dated dates
        were left out because they are coarser than the period).
    """
    unit = span_unit(dates)
    if not unit:
        return pd.Series(pd.NaT, index=dates.index, dtype="datetime64[ns]"), "", 0
    rank = pd.Series(0, index=dates.index)
    if precision is not None:
        rank = precision.reindex(dates.index).map({name: UNITS.index(name) for name in UNITS}).fillna(0).astype(int)
    dated = dates.notna()
    for coarser in (2, 1):
        if coarser > UNITS.index(unit) and (rank[dated] >= coarser).mean() >= COARSE_SHARE:
            unit = UNITS[coarser]
            break
    too_coarse = dated & (rank > UNITS.index(unit))
    starts = dates.where(~too_coarse).dt.to_period(FREQ[unit]).dt.start_time
    return starts, unit, int(too_coarse.sum())
