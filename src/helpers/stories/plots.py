"""The stories notebook's charts; each takes tables from :mod:`helpers.stories` and returns a Figure."""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, NullFormatter

from helpers.charts import colour, empty_figure, tick_label, whole_numbers

LABEL_WIDTH = 48  # characters of a story's label on a chart's axis (the full label is in the table)


def plot_timeline(summary: pd.DataFrame, stories: pd.DataFrame, shown: list[int], group_by: str = "source",
                  groups: pd.DataFrame | None = None) -> Figure:  # fmt: skip
    """The ``shown`` stories on a time axis: a line from first to last date, a dot per dated document.

    Dots are coloured by group when ``groups`` (doc_id and the group) is given.
    """
    chosen = summary[summary["story"].isin(shown) & summary["first_date"].notna()]
    if chosen.empty:
        return empty_figure("No dated story to place in time")
    chosen = chosen.sort_values(["first_date", "story"])
    rows = {story: position for position, story in enumerate(chosen["story"])}
    figure = Figure(figsize=(9.5, 1.2 + 0.38 * len(chosen)))
    axes = figure.subplots()
    dated = stories[stories["story"].isin(rows) & stories["date"].notna()]
    if groups is not None:
        dated = dated.merge(groups.rename(columns={group_by: "_group"}), on="doc_id", how="left")
        names = sorted(dated["_group"].unique())
        colours = {name: colour(number) for number, name in enumerate(names)}
    for story, first, last in zip(chosen["story"], chosen["first_date"], chosen["last_date"], strict=True):
        axes.plot([first, last], [rows[story]] * 2, color="#999", linewidth=1.2, zorder=1)
    if groups is not None and len(names) <= 10:
        # Each group a little above or below the story's line, so one group's dots cannot hide another's.
        step = 0.6 / max(len(names), 1)
        for number, name in enumerate(names):
            block = dated[dated["_group"] == name]
            offset = (number - (len(names) - 1) / 2) * step
            axes.scatter(block["date"], block["story"].map(rows) + offset, s=16, color=colours[name], label=name,
                         zorder=2)  # fmt: skip
        axes.legend(fontsize=7, frameon=False, loc="upper left", bbox_to_anchor=(1.0, 1.0))
    else:
        axes.scatter(dated["date"], dated["story"].map(rows), s=28, color=colour(0), zorder=2)
    labels = [
        f"{tick_label(label, LABEL_WIDTH, lines=1)} ({count})"
        for label, count in zip(chosen["label"], chosen["documents"], strict=True)
    ]
    axes.set_yticks(range(len(chosen)), labels, fontsize=7.5)
    axes.invert_yaxis()
    axes.grid(axis="x", alpha=0.3)
    axes.set_title("The largest stories in time (a dot per document; in brackets: documents)", fontsize=10)
    figure.autofmt_xdate()
    figure.tight_layout()
    return figure


def plot_coverage(covered: pd.DataFrame, summary: pd.DataFrame, shown: list[int], group_by: str = "source",
                  max_groups: int = 12) -> Figure:  # fmt: skip
    """Stories (rows) × groups (columns): how many documents each group gave each story."""
    chosen = covered[covered["story"].isin(shown)]
    if chosen.empty:
        return empty_figure("No story to show")
    totals = chosen.groupby(group_by)["documents"].sum().sort_values(ascending=False)
    columns = sorted(totals.head(max_groups).index)
    wide = chosen.pivot_table(index="story", columns=group_by, values="documents", aggfunc="sum", fill_value=0)
    wide = wide.reindex(index=[s for s in shown if s in wide.index], columns=columns, fill_value=0)
    labels = summary.set_index("story")["label"]
    values = wide.to_numpy(dtype=float)
    figure = Figure(figsize=(3.8 + 0.75 * len(columns), 1.2 + 0.34 * len(wide)))
    axes = figure.subplots()
    axes.imshow(values, cmap="Blues", aspect="auto", vmin=0, vmax=max(values.max(), 1))
    top = values.max() or 1
    for (row, column), number in np.ndenumerate(values):
        if number:
            axes.text(column, row, f"{number:.0f}", ha="center", va="center", fontsize=7,
                      color="white" if number > 0.6 * top else "#222")  # fmt: skip
    axes.set_xticks(
        range(len(columns)), [tick_label(c, 24, lines=1) for c in columns], rotation=35, ha="right", fontsize=7.5
    )
    axes.set_yticks(range(len(wide)), [f"{story}: {tick_label(labels.get(story, ''), 40, lines=1)}" for story in wide.index],
                    fontsize=7.5)  # fmt: skip
    extra = (
        f" ({len(columns)} of {len(totals)} {group_by} values with most documents)"
        if len(totals) > len(columns)
        else ""
    )
    axes.set_title(f"Documents per story and {group_by}{extra}", fontsize=10)
    figure.tight_layout()
    return figure


def plot_blind_spots(spots: pd.DataFrame, group_by: str = "source", top_n: int = 10) -> Figure:
    """For the strongest blind spots: the group's share of the story against its share of the news then."""
    shown = spots.head(top_n)
    if shown.empty:
        return empty_figure("No story is covered unevenly beyond chance")
    figure = Figure(figsize=(9, 1.2 + 0.42 * len(shown)))
    axes = figure.subplots()
    positions = np.arange(len(shown))
    axes.scatter(shown["baseline_share"], positions, marker="|", s=200, color="#555", label="share of the news then")
    axes.scatter(shown["share"], positions, s=40, color=colour(1), label="share of the story", zorder=3)
    for position, low, high in zip(positions, shown["baseline_share"], shown["share"], strict=True):
        axes.plot([low, high], [position] * 2, color="#bbb", linewidth=1, zorder=1)
    labels = [
        f"{tick_label(label, 40, lines=1)} — {group}: {documents} of {total} (q = {q:.2g})"
        for label, group, documents, total, q in zip(
            shown["label"], shown[group_by], shown["documents"], shown["story_documents"], shown["q_value"], strict=True
        )
    ]
    axes.set_yticks(positions, labels, fontsize=7.5)
    axes.invert_yaxis()
    axes.set_xlim(0, 1)
    axes.set_xlabel(f"share of documents from the {group_by}")
    axes.legend(fontsize=7, frameon=False, loc="lower right")
    axes.set_title("Stories one group covers far more or less than its share of the news at the time", fontsize=10)
    figure.tight_layout()
    return figure


def plot_story_sizes(summary: pd.DataFrame) -> Figure:
    """How many stories have one document, two, three … (a story of one is an article no one else ran)."""
    if summary.empty:
        return empty_figure("No documents")
    sizes = summary["documents"].clip(upper=20).value_counts().sort_index()
    figure = Figure(figsize=(8, 2.8))
    axes = figure.subplots()
    axes.bar(sizes.index, sizes.to_numpy(), color=colour(0))
    axes.bar_label(axes.containers[0], labels=[f"{n:,}" for n in sizes.to_numpy()], fontsize=7, padding=2)
    axes.set_xticks(sizes.index, [str(n) if n < 20 else "20+" for n in sizes.index], fontsize=8)
    if sizes.max() > 50 * max(sizes.min(), 1):
        axes.set_yscale("log")  # stories of one article outnumber the rest by far
        # plain numbers: the default "10^2" labels are mathtext, which the house style does not parse
        axes.yaxis.set_major_formatter(FuncFormatter(lambda value, _: f"{value:,.0f}"))
        axes.yaxis.set_minor_formatter(NullFormatter())
        axes.set_ylabel("stories (log scale)")
    else:
        whole_numbers(axes, "y")
        axes.set_ylabel("stories")
    axes.set_xlabel("documents in the story")
    axes.set_title("Story sizes", fontsize=10)
    figure.tight_layout()
    return figure
