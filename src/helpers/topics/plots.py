"""Charts of a topic model; each takes a table from :mod:`helpers.topics.tables` and returns a Figure."""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.axis import Axis
from matplotlib.figure import Figure
from matplotlib.ticker import FixedFormatter, FixedLocator, MaxNLocator

from helpers.charts import PALETTE, tick_label


def _color(topic: int) -> str:
    return PALETTE[(topic - 1) % len(PALETTE)]


def plot_top_terms(terms: pd.DataFrame, quality: pd.DataFrame, top_n: int = 10, columns: int = 3) -> Figure:
    """Top terms of each topic as horizontal bars, one small panel per topic."""
    topics = sorted(terms["topic"].unique())
    rows = max(1, -(-len(topics) // columns))
    figure = Figure(figsize=(3.4 * columns, 0.6 + rows * (0.28 * top_n + 0.7)))
    axes = figure.subplots(rows, columns, squeeze=False)
    labels = quality.set_index("topic")
    for number, axis in enumerate(axes.ravel()):
        if number >= len(topics):
            axis.set_axis_off()
            continue
        topic = topics[number]
        shown = terms.loc[terms["topic"] == topic].sort_values("rank").head(top_n).iloc[::-1]
        axis.barh(shown["term"], shown["weight"], color=_color(topic))
        row = labels.loc[topic]
        flag = " (1–2 docs)" if bool(row.get("few_documents", False)) else ""
        axis.set_title(f"Topic {topic}: {row['share']:.0%} of text{flag}", fontsize=9, loc="left")
        axis.tick_params(axis="y", labelsize=8)
        axis.tick_params(axis="x", labelsize=7)
        axis.xaxis.set_major_locator(MaxNLocator(3))  # a narrow panel: three weights read, more overlap
    # The title sits in a strip of fixed height above the panels, however tall the figure is.
    height = figure.get_figheight()
    figure.suptitle(
        "Top terms per topic (bar: weight of the term in the topic)", fontsize=10, y=1 - 0.12 / height, va="top"
    )
    figure.tight_layout(rect=(0, 0, 1, 1 - 0.45 / height))
    return figure


def plot_selection(selection: pd.DataFrame) -> Figure:
    """NPMI and stability against K, with the recommended (and the chosen) K marked."""
    figure = Figure(figsize=(9, 3.4))
    left, right = figure.subplots(1, 2)
    for axis, column, title in ((left, "npmi", "Coherence (mean NPMI)"), (right, "stability", "Stability (agreement)")):
        axis.plot(selection["k"], selection[column], marker="o", color="#1b6ca8")
        if column == "stability" and "stability_sd" in selection:
            axis.fill_between(
                selection["k"],
                selection[column] - selection["stability_sd"],
                selection[column] + selection["stability_sd"],
                color="#1b6ca8",
                alpha=0.15,
                linewidth=0,
            )
        for flag, style, text in (("recommended", "--", "recommended"), ("chosen", ":", "used")):
            marked = selection.loc[selection[flag].astype(bool), "k"]
            for k in marked:
                axis.axvline(k, linestyle=style, color="#d1495b")
                axis.annotate(f"{text} K={k}", (k, 1.0), xycoords=("data", "axes fraction"), fontsize=8,
                              ha="left", va="top", xytext=(3, -2 if flag == "recommended" else -14),
                              textcoords="offset points", color="#d1495b")  # fmt: skip
        axis.set_xlabel("K (number of topics)")
        axis.set_title(title, fontsize=10)
        axis.grid(alpha=0.3)
        axis.xaxis.get_major_locator().set_params(integer=True)
    figure.tight_layout()
    return figure


def plot_source_shares(sources: pd.DataFrame, labels: pd.DataFrame, max_sources: int = 25) -> Figure:
    """Heatmap of topic share by source (largest sources first), with intervals in the cells when few."""
    counts = sources.drop_duplicates("source").sort_values(["documents", "source"], ascending=[False, True])
    keep = counts["source"].head(max_sources).tolist()
    shown = sources.loc[sources["source"].isin(keep)]
    wide = shown.pivot(index="source", columns="topic", values="share").reindex(keep)
    low = shown.pivot(index="source", columns="topic", values="ci_low").reindex(keep)
    high = shown.pivot(index="source", columns="topic", values="ci_high").reindex(keep)
    n_rows, n_cols = wide.shape
    figure = Figure(figsize=(min(max(6.5, 3 + 0.9 * n_cols), 14), 3.2 + 0.42 * n_rows))
    axis = figure.subplots()
    image = axis.imshow(wide.to_numpy(), aspect="auto", cmap="Blues", vmin=0, vmax=max(float(np.nanmax(wide)), 0.01))
    documents = counts.set_index("source")["documents"]
    axis.set_yticks(range(n_rows), [f"{tick_label(s, 30)} ({documents[s]:,})" for s in wide.index], fontsize=8)
    label_of = labels.set_index("topic")["label"]
    axis.set_xticks(
        range(n_cols), [tick_label(f"{t}: {label_of[t]}") for t in wide.columns], rotation=40, ha="right", fontsize=8
    )
    cells = n_rows * n_cols <= 120
    intervals = cells and bool(low.notna().to_numpy().any())
    if cells:
        for i in range(n_rows):
            for j in range(n_cols):
                value = wide.iat[i, j]
                text = f"{value:.0%}"
                if pd.notna(low.iat[i, j]):
                    text += f"\n{low.iat[i, j]:.0%}–{high.iat[i, j]:.0%}"
                dark = value > 0.6 * np.nanmax(wide.to_numpy())
                axis.text(j, i, text, ha="center", va="center", fontsize=7, color="white" if dark else "#222")
    figure.colorbar(image, ax=axis, fraction=0.03, pad=0.02, label="mean share of a document")
    axis.set_title(
        "Topic share by source"
        + (" (95% interval under each share)" if intervals else "")
        + ("" if cells else " — shares in tables/topic_sources.csv"),
        fontsize=10,
    )
    figure.tight_layout()
    return figure


def plot_time(periods: pd.DataFrame, labels: pd.DataFrame, columns: int = 3) -> Figure:
    """Topic share over time, one small panel per topic, with 95% intervals where there are any."""
    topics = sorted(periods["topic"].unique())
    rows = max(1, -(-len(topics) // columns))
    figure = Figure(figsize=(3.4 * columns, 0.6 + 2.2 * rows))
    axes = figure.subplots(rows, columns, squeeze=False, sharex=True, sharey=True)
    label_of = labels.set_index("topic")["label"]
    dates = pd.to_datetime(periods["period"])
    for number, axis in enumerate(axes.ravel()):
        if number >= len(topics):
            axis.set_axis_off()
            continue
        topic = topics[number]
        mask = (periods["topic"] == topic).to_numpy()
        part = periods.loc[mask]
        axis.plot(dates[mask], part["share"], marker="o", markersize=3, color=_color(topic))
        has_interval = part["ci_low"].notna().to_numpy()
        if has_interval.any():
            # Error bars, not a band: a period with an interval may sit between periods without one.
            errors = np.vstack([part["share"] - part["ci_low"], part["ci_high"] - part["share"]])[:, has_interval].clip(
                min=0
            )
            axis.errorbar(dates[mask][has_interval], part["share"][has_interval], yerr=errors, fmt="none",
                          ecolor=_color(topic), alpha=0.5, capsize=2)  # fmt: skip
        axis.set_title(f"{topic}: {label_of[topic]}", fontsize=8, loc="left")
        axis.tick_params(labelsize=7)
        axis.grid(alpha=0.3)
    # The panels share their axes: their ticks are worked out once, not once per panel at every drawing.
    _fix_ticks(axes[0, 0].xaxis)  # dates: the locator reads only the dates, not the panel's size
    figure.autofmt_xdate()
    height = figure.get_figheight()
    figure.suptitle(
        f"Topic share per {periods.attrs.get('freq') or 'period'} (mean over dated documents)",
        fontsize=10,
        y=1 - 0.12 / height,
        va="top",
    )
    figure.tight_layout(rect=(0, 0, 1, 1 - 0.45 / height))
    _fix_ticks(axes[0, 0].yaxis)  # shares: how many ticks fit depends on the panel's height, final only now
    return figure


def _fix_ticks(axis: Axis) -> None:
    """Fix an axis's major ticks and labels (and those of the axes sharing it) to what its locator and
    formatter give now: the chart looks the same, and drawing it no longer asks them again."""
    ticks = axis.get_major_locator()()
    formatter = axis.get_major_formatter()
    fixed = FixedFormatter(formatter.format_ticks(ticks))
    fixed.set_offset_string(formatter.get_offset())  # such as "1e−3" over the axis
    axis.set_major_locator(FixedLocator(ticks))
    axis.set_major_formatter(fixed)
