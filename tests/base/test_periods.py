"""Periods of charts over time: fit the span, never finer than the dates are known."""

import pandas as pd

from helpers.corpus import overview
from helpers.periods import periods


def dates(*values: str) -> pd.Series:
    return pd.Series(pd.to_datetime(list(values)))


def test_the_period_fits_the_span():
    assert periods(dates("2025-06-01", "2025-06-20"))[1] == "day"
    assert periods(dates("2025-01-01", "2025-12-20"))[1] == "month"
    assert periods(dates("2012-01-01", "2025-12-20"))[1] == "year"
    starts, unit, left_out = periods(pd.Series([pd.NaT, pd.NaT]))
    assert unit == "" and starts.isna().all() and left_out == 0


def test_a_month_precision_date_is_never_put_on_a_day():
    # 20 exact days in June and one date known only to its month: the chart stays daily and leaves it out
    values = [f"2025-06-{day:02d}" for day in range(1, 21)] + ["2025-06-15"]
    precision = pd.Series(["day"] * 20 + ["month"])
    starts, unit, left_out = periods(dates(*values), precision)
    assert unit == "day" and left_out == 1
    assert starts.iloc[-1] is pd.NaT and starts.iloc[0] == pd.Timestamp("2025-06-01")


def test_enough_coarse_dates_coarsen_the_period():
    values = ["2025-06-01", "2025-06-03", "2025-07-15"]
    starts, unit, left_out = periods(dates(*values), pd.Series(["day", "day", "month"]))
    assert unit == "month" and left_out == 0
    assert starts.dt.strftime("%Y-%m-%d").tolist() == ["2025-06-01", "2025-06-01", "2025-07-01"]


def test_corpus_timeline_counts_a_month_date_in_its_month():
    docs = pd.DataFrame(
        {
            "doc_id": ["a", "b", "c"],
            "source": ["X", "X", "Y"],
            "date": pd.to_datetime(["2025-06-02", "2025-06-29", "2025-07-15"]),
            "date_precision": ["day", "day", "month"],
            "words": [100, 100, 100],
        }
    )
    table = overview.timeline_table(docs)
    assert table.attrs["unit"] == "month"
    assert table.assign(period=table["period"].dt.strftime("%Y-%m")).values.tolist() == [
        ["2025-06", "X", 2],
        ["2025-07", "Y", 1],
    ]
