"""The actor notebook's charts; each takes a table from :mod:`helpers.actors.tables` or
:mod:`helpers.actors.quotes` and returns a Figure."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from helpers.charts import FEW_LEGEND, FEW_MARK, PALETTE, empty_figure, legend_line, tick_label, whole_numbers

PROVISIONAL_MARK = "°"
PROVISIONAL_LEGEND = "° not in the gazetteer: a provisional actor, found by the name rules (actor_suggestions.csv)"


def provisional(table: pd.DataFrame) -> set[str]:
    """The provisional actors (``known`` false) a table names."""
    if "known" not in table or table.empty:
        return set()
    return set(table.loc[~table["known"].astype(bool), "actor"].astype(str))


def labelled(names, unknown: set[str]) -> list[str]:
    """Actor names as a chart shows them: a provisional actor's marked with :data:`PROVISIONAL_MARK`."""
    return [f"{name}{PROVISIONAL_MARK}" if name in unknown else str(name) for name in names]


def legends(figure: Figure, few: bool, unknown: bool) -> None:
    """The lines under a chart that explain its marks."""
    text = " · ".join(line for line, shown in ((FEW_LEGEND, few), (PROVISIONAL_LEGEND, unknown)) if shown)
    if text:
        legend_line(figure, text)


def plot_top(totals: pd.DataFrame, top_n: int = 20, value: str = "mentions", title: str = "") -> Figure:
    """Horizontal bars of the most mentioned actors, coloured by type; a count that rests on one or
    two documents (``few_documents``) is marked with an asterisk, explained under the chart."""
    shown = totals.head(top_n).iloc[::-1]
    figure = Figure(figsize=(8, 0.9 + 0.3 * max(len(shown), 1)))
    axes = figure.subplots()
    types = sorted(totals["actor_type"].unique()) if len(totals) else []
    palette = {kind: PALETTE[number % len(PALETTE)] for number, kind in enumerate(types)}
    unknown = provisional(shown)
    bars = axes.barh(
        labelled(shown["actor"], unknown), shown[value], color=[palette.get(t, "#6c757d") for t in shown["actor_type"]]
    )
    few = shown["few_documents"].astype(bool).to_numpy() if "few_documents" in shown else np.zeros(len(shown), bool)
    labels = [f"{v:,.3g}" if isinstance(v, float) else f"{v:,}" for v in shown[value]]
    axes.bar_label(
        bars, labels=[f"{t} {FEW_MARK}" if f else t for t, f in zip(labels, few, strict=True)], padding=3, fontsize=8
    )
    if types:
        handles = [Patch(color=palette[kind], label=kind) for kind in types]
        axes.legend(handles=handles, frameon=False, fontsize=8, loc="lower right")
    axes.set_xlabel(value.replace("_", " "))
    if value in ("mentions", "documents", "quotes", "sources"):
        whole_numbers(axes)
    axes.set_title(title or f"Most mentioned actors (top {min(top_n, len(totals))})")
    axes.margins(x=0.12)
    figure.tight_layout()
    legends(figure, few.any(), bool(unknown))
    return figure


def plot_source_matrix(
    by_source: pd.DataFrame, actors: list[str], value: str = "per_1000_words", max_sources: int = 12
) -> Figure:
    """A grid of actors (rows) by sources (columns), shaded by ``value`` and labelled with it.

    Only the ``max_sources`` largest sources (by words) are drawn; the table has them all. A cell
    that rests on one or two of the source's documents (``few_documents``) is marked with an asterisk.
    """
    words = by_source.drop_duplicates("source").sort_values(["words", "source"], ascending=[False, True])
    keep = words["source"].head(max_sources)
    chosen = by_source.loc[by_source["actor"].isin(actors) & by_source["source"].isin(keep)]
    wide = chosen.pivot_table(index="actor", columns="source", values=value, fill_value=0, aggfunc="sum")
    wide = wide.reindex([a for a in actors if a in wide.index])
    if wide.empty:
        return empty_figure("No mentions")
    marked = chosen.assign(few=chosen["few_documents"] if "few_documents" in chosen else False)
    few = marked.pivot_table(index="actor", columns="source", values="few", fill_value=False, aggfunc="max")
    few = few.reindex(index=wide.index, columns=wide.columns, fill_value=False).to_numpy(dtype=bool)
    figure = Figure(figsize=(1.8 + 1.3 * max(wide.shape[1], 1), 1.0 + 0.32 * max(wide.shape[0], 1)))
    axes = figure.subplots()
    values = wide.to_numpy(dtype=float)
    axes.imshow(values, cmap="Blues", aspect="auto", vmin=0)
    top = values.max() or 1
    for (row, col), number in np.ndenumerate(values):
        if number:
            axes.text(col, row, f"{number:.2g}{FEW_MARK if few[row, col] else ''}", ha="center", va="center",
                      fontsize=7, color="white" if number > top * 0.6 else "#222222")  # fmt: skip
    axes.set_xticks(range(wide.shape[1]), [tick_label(c) for c in wide.columns], rotation=30, ha="right", fontsize=8)
    unknown = provisional(chosen)
    axes.set_yticks(range(wide.shape[0]), labelled(wide.index, unknown), fontsize=8)
    shown = f" ({len(keep)} largest of {len(words)} sources)" if len(words) > len(keep) else ""
    axes.set_title(f"{value.replace('_', ' ')} by source{shown}")
    figure.tight_layout()
    legends(figure, few.any(), bool(unknown & set(wide.index)))
    return figure


def plot_timeline(table: pd.DataFrame, value: str = "mentions", unknown: set[str] = frozenset()) -> Figure:
    """Lines (or dots, for few periods) of ``value`` per period for each actor (``unknown``: the
    provisional ones, marked)."""
    if table.empty:
        return empty_figure("No dated mentions")
    figure = Figure(figsize=(9, 3.8))
    axes = figure.subplots()
    wide = table.pivot_table(index="period", columns="actor", values=value, fill_value=0)
    few = len(wide) <= 12
    for actor in wide.columns:
        axes.plot(
            wide.index, wide[actor], marker="o", markersize=5 if few else 2, linewidth=1 if few else 1.4,
            label=labelled([actor], unknown)[0],
        )  # fmt: skip
    axes.legend(fontsize=7, ncol=2, frameon=False)
    axes.set_ylabel(value.replace("_", " "))
    axes.set_title(f"{value.replace('_', ' ').capitalize()} per period")
    axes.grid(axis="y", alpha=0.3)
    figure.autofmt_xdate()
    figure.tight_layout()
    legends(figure, False, bool(unknown & set(wide.columns)))
    return figure


def circle_layout(names: list[str]) -> dict[str, tuple[float, float]]:
    """Positions on a circle, in the given order, starting at the top and going clockwise."""
    count = max(len(names), 1)
    return {
        name: (math.sin(2 * math.pi * k / count), math.cos(2 * math.pi * k / count)) for k, name in enumerate(names)
    }


def plot_network(pairs: pd.DataFrame, totals: pd.DataFrame, top_n: int = 20) -> Figure:
    """Co-occurrence network of the ``top_n`` most mentioned actors on a circle.

    Node area follows mentions; line width follows the sentences two actors share. Actors are
    placed in order of mentions, so the same tables always give the same picture.
    """
    names = totals.head(top_n)["actor"].tolist()
    if not names:
        return empty_figure("No actors")
    shown = pairs.loc[pairs["actor_a"].isin(names) & pairs["actor_b"].isin(names)]
    figure = Figure(figsize=(8.5, 8.5))
    axes = figure.subplots()
    axes.set_axis_off()
    where = circle_layout(names)
    widest = shown["sentences"].max() if len(shown) else 1
    for row in shown.sort_values("sentences").itertuples():
        (x1, y1), (x2, y2) = where[row.actor_a], where[row.actor_b]
        share = row.sentences / widest
        axes.plot([x1, x2], [y1, y2], color="#1b6ca8", alpha=0.15 + 0.6 * share, linewidth=0.5 + 5 * share, zorder=1)
    counts = totals.set_index("actor")["mentions"]
    biggest = counts.loc[names].max()
    unknown = provisional(totals) & set(names)
    for name, label in zip(names, labelled(names, unknown), strict=True):
        x, y = where[name]
        axes.scatter([x], [y], s=60 + 900 * counts[name] / biggest, color="#d1495b", alpha=0.85, zorder=2)
        axes.text(x * 1.13, y * 1.13, label, ha="left" if x > 0.05 else ("right" if x < -0.05 else "center"),
                  va="center", fontsize=8)  # fmt: skip
    axes.set_xlim(-1.7, 1.7)
    axes.set_ylim(-1.35, 1.35)
    axes.set_title("Actors named in the same sentence (line width: shared sentences)")
    figure.tight_layout()
    legends(figure, False, bool(unknown))
    return figure


def plot_voice(voice_table: pd.DataFrame, top_n: int = 20) -> Figure:
    """Mentions and quotes per actor over all sources: who is talked about, and who talks."""
    totals = voice_table.groupby("actor", observed=True)[["mentions", "quotes"]].sum()
    totals = totals.sort_values(["mentions", "quotes"], ascending=False).head(top_n).iloc[::-1]
    if totals.empty:
        return empty_figure("No mentions")
    figure = Figure(figsize=(8, 0.9 + 0.32 * max(len(totals), 1)))
    axes = figure.subplots()
    rows = np.arange(len(totals))
    axes.barh(rows + 0.2, totals["mentions"], height=0.4, color="#1b6ca8", label="mentions")
    axes.barh(rows - 0.2, totals["quotes"], height=0.4, color="#d1495b", label="quotes attributed")
    unknown = provisional(voice_table) & set(totals.index)
    axes.set_yticks(rows, labelled(totals.index, unknown))
    axes.legend(frameon=False, fontsize=8, loc="lower right")
    axes.set_xlabel("count")
    whole_numbers(axes)
    axes.set_title("Mentioned and quoted (most mentioned actors)")
    figure.tight_layout()
    legends(figure, False, bool(unknown))
    return figure
