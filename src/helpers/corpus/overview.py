"""The corpus at a glance: who published what, when, how long, and what the cleaner removed.

Compute functions take the loader's tidy tables and return tidy tables; plot functions take
those tables and return a matplotlib Figure.
"""

from __future__ import annotations

import pandas as pd
from matplotlib.figure import Figure

from helpers.charts import PALETTE, empty_figure, tick_label, whole_numbers
from helpers.periods import FREQ, periods

OTHER = "(other sources)"
NOT_GIVEN = "(not given)"
DOT_PLOT_MAX_DOCS = 300


def corpus_table(docs: pd.DataFrame) -> pd.DataFrame:
    """One row per document, for ``tables/corpus.csv``.

    Returns:
        doc_id, source, kind, country, date (YYYY-MM-DD or empty), date_precision (day, month,
        year; a month-precision date is a placeholder day inside that month), title, author, dateline,
        words (after cleaning), raw_chars (before cleaning). Sorted by doc_id.
    """
    columns = ["doc_id", "source", "kind", "country", "date", "date_precision", "title", "author", "dateline"]
    table = docs[[*columns, "words", "raw_chars"]]
    table = table.assign(date=table["date"].dt.strftime("%Y-%m-%d").fillna(""))
    return table.sort_values("doc_id", ignore_index=True)


def sources_table(docs: pd.DataFrame, by: str = "source") -> pd.DataFrame:
    """Documents and words per value of ``by`` (source, kind, country …), largest first.

    Returns:
        ``by``, documents, share (of documents, 0–1), words, median_words.
    """
    grouped = docs.groupby(by, dropna=False)["words"]
    table = pd.DataFrame(
        {"documents": grouped.size(), "words": grouped.sum(), "median_words": grouped.median().round()}
    ).reset_index()
    table["share"] = (table["documents"] / table["documents"].sum()).round(4)
    table["median_words"] = table["median_words"].astype("int64")
    table = table[[by, "documents", "share", "words", "median_words"]]
    return table.sort_values(["documents", "words", by], ascending=[False, False, True], ignore_index=True)


def described_by(docs: pd.DataFrame, columns: tuple[str, ...] = ("kind", "country")) -> dict[str, pd.DataFrame]:
    """:func:`sources_table` by each of ``columns`` that the corpus fills for at least one document.

    Returns:
        column name → its table; empty values are counted as "(not given)".
    """
    return {
        column: sources_table(docs.assign(**{column: docs[column].replace("", NOT_GIVEN)}), column)
        for column in columns
        if docs[column].ne("").any()
    }


def top_sources(docs: pd.DataFrame, n: int) -> pd.Series:
    """The ``source`` column with all but the ``n`` largest sources folded into one label."""
    keep = sources_table(docs)["source"].head(n)
    return docs["source"].where(docs["source"].isin(keep), OTHER)


def timeline_table(docs: pd.DataFrame, top_n: int = 8) -> pd.DataFrame:
    """Dated documents per source and period (see :func:`helpers.periods.periods`: the period fits
    the date range, and a date known only to its month is counted in its month, never on a day).

    Returns:
        period (start date), source (top ``top_n``, the rest as "(other sources)"), documents;
        ``attrs``: ``unit`` (day, month or year) and ``left_out`` (dated documents coarser than it).
    """
    columns = ["period", "source", "documents"]
    labelled = docs.assign(source=top_sources(docs, top_n))
    period, unit, left_out = periods(labelled["date"], labelled.get("date_precision"))
    dated = labelled.assign(period=period).loc[period.notna()]
    table = pd.DataFrame(columns=columns)
    if not dated.empty:
        table = dated.groupby(["period", "source"]).size().rename("documents").reset_index()
        table = table.sort_values(["period", "source"], ignore_index=True)
    table.attrs.update(unit=unit, left_out=left_out)
    return table


def cleaning_summary(cleaning_log: pd.DataFrame, docs: pd.DataFrame) -> pd.DataFrame:
    """Removals per cleaning rule.

    Returns:
        rule, removals, documents (affected), characters (removed).
    """
    if cleaning_log.empty:
        return pd.DataFrame(columns=["rule", "removals", "documents", "characters"])
    grouped = cleaning_log.assign(characters=cleaning_log["removed"].str.len()).groupby("rule")
    table = pd.DataFrame(
        {
            "removals": grouped.size(),
            "documents": grouped["doc_id"].nunique(),
            "characters": grouped["characters"].sum(),
        }
    ).reset_index()
    return table.sort_values(["removals", "rule"], ascending=[False, True], ignore_index=True)


def plot_counts(table: pd.DataFrame, label: str, value: str = "documents", top_n: int = 20, title: str = "") -> Figure:
    """Horizontal bars of ``value`` per ``label``, largest at the top."""
    shown = table.head(top_n).iloc[::-1]
    figure = Figure(figsize=(8, 0.9 + 0.32 * max(len(shown), 1)))
    axes = figure.subplots()
    # Bars by position, labelled after: two long names shortened alike must stay two bars.
    bars = axes.barh(range(len(shown)), shown[value], color="#1b6ca8")
    axes.set_yticks(range(len(shown)), [tick_label(name, 40) for name in shown[label].astype(str)])
    whole_numbers(axes)
    axes.bar_label(bars, labels=[f"{v:,}" for v in shown[value]], padding=3, fontsize=8)
    axes.set_xlabel(value)
    axes.set_title(title or f"{value.capitalize()} per {label}" + (f" (top {top_n})" if len(table) > top_n else ""))
    axes.margins(x=0.12)
    figure.tight_layout()
    return figure


def plot_timeline(docs: pd.DataFrame, timeline: pd.DataFrame, top_n: int = 8) -> Figure:
    """Dates of the documents: one dot per document when there are few, counts per period otherwise."""
    dated = docs.loc[docs["date"].notna()]
    if dated.empty:
        return empty_figure("No document has a date")
    figure = Figure(figsize=(9, 3.6))
    axes = figure.subplots()
    if len(dated) <= DOT_PLOT_MAX_DOCS:
        labelled = dated.assign(source=top_sources(docs, top_n).loc[dated.index])
        precision = labelled.get("date_precision", pd.Series("day", index=labelled.index)).replace("", "day")
        order = sorted(labelled["source"].unique())
        for row, source in enumerate(order):
            own = labelled["source"] == source
            colour = PALETTE[row % len(PALETTE)]
            exact = own & (precision == "day")
            axes.scatter(labelled.loc[exact, "date"], [row] * int(exact.sum()), s=60, alpha=0.8, color=colour, zorder=3)
            for unit in ("month", "year"):  # the whole month (year) the date is known to, not a made-up day
                for date in labelled.loc[own & (precision == unit), "date"]:
                    start = date.to_period(FREQ[unit]).start_time
                    end = (date.to_period(FREQ[unit]) + 1).start_time
                    axes.plot([start, end], [row, row], color=colour, linewidth=6, alpha=0.45, solid_capstyle="butt")
        axes.set_yticks(range(len(order)), order)
        axes.set_ylim(-0.7, len(order) - 0.3)
        axes.grid(axis="x", alpha=0.3)
        coarse = int((precision != "day").sum())
        axes.set_title(
            "Publication dates, one dot per document"
            + (f"; a bar: {coarse} document(s) dated only to a month or year" if coarse else ""),
            fontsize=10,
        )
    else:
        wide = timeline.pivot_table(index="period", columns="source", values="documents", fill_value=0)
        for source in wide.columns:
            axes.plot(wide.index, wide[source], marker="o", markersize=3, label=source)
        axes.legend(fontsize=7, ncol=2, frameon=False)
        axes.set_ylabel("documents")
        unit, left_out = timeline.attrs.get("unit", ""), timeline.attrs.get("left_out", 0)
        axes.set_title(
            f"Documents per {unit or 'period'} and source"
            + (f" ({left_out} document(s) dated only to a coarser period left out)" if left_out else ""),
            fontsize=10,
        )
    figure.autofmt_xdate()
    figure.tight_layout()
    return figure


def plot_lengths(docs: pd.DataFrame, top_n: int = 12) -> Figure:
    """Words per document, one box (or dot strip) per source."""
    labelled = docs.assign(source=top_sources(docs, top_n))
    order = sources_table(labelled)["source"].tolist()[::-1]
    figure = Figure(figsize=(8, 0.9 + 0.35 * len(order)))
    axes = figure.subplots()
    series = [labelled.loc[labelled["source"] == source, "words"].to_numpy() for source in order]
    if max(len(s) for s in series) > 5:
        axes.boxplot(series, vert=False, tick_labels=order, showfliers=True, widths=0.6)
    else:
        for row, values in enumerate(series, 1):
            axes.scatter(values, [row] * len(values), s=50, zorder=3)
        axes.set_yticks(range(1, len(order) + 1), order)
    axes.set_xlabel("words per document (after cleaning)")
    axes.set_title("Document length by source")
    axes.grid(axis="x", alpha=0.3)
    figure.tight_layout()
    return figure
