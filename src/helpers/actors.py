"""Who appears in the coverage: actor mentions, counts per document and source, co-occurrence, titles.

The gazetteer (:mod:`helpers.gazetteer`) says who is who; :mod:`helpers.mentions` finds and
resolves the mentions; this module is the public entry point and turns mentions into the tables
behind the actors report. Quotes (who gets to speak) are in :mod:`helpers.quotes`; names the
gazetteer does not know yet are suggested by :mod:`helpers.discovery`.

Every count leads back to its sentences: a mention row carries doc_id, sentence_id and character
offsets into the cleaned document text (``docs.text[start:end]`` is the matched text).
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from helpers.engine import Engine
from helpers.errors import InputError
from helpers.gazetteer import TYPES, Gazetteer, load_gazetteer
from helpers.mentions import COLUMNS, RESOLUTIONS, find_mentions_detailed  # noqa: F401 (RESOLUTIONS: public)
from helpers.report import PALETTE

__all__ = [
    "Gazetteer",
    "load_gazetteer",
    "find_mentions",
    "find_mentions_detailed",
    "check_types",
    "mention_counts",
    "actor_totals",
    "source_counts",
    "timeline",
    "cooccurrence",
    "title_forms",
    "keyword_in_context",
]


def find_mentions(
    sentences: pd.DataFrame, docs: pd.DataFrame, gazetteer: Gazetteer, engine: Engine | None = None
) -> pd.DataFrame:
    """Every mention of a gazetteer actor, sentence by sentence, resolved to its canonical name.

    Args:
        sentences: the loader's sentences (doc_id, paragraph_id, sentence_id, start, end …).
        docs: the loader's documents (doc_id, date, text …); the date picks role holders.
        gazetteer: from :func:`load_gazetteer`.
        engine: where to run (:class:`helpers.engine.Engine`: worker processes or a Dask
            cluster, partition by partition); None runs in this process.

    Returns:
        One row per mention, in document order: doc_id, sentence_id, start, end (character
        offsets into ``docs.text``, within the sentence's start/end), text (as written), actor
        (canonical name), actor_type, resolution (name / alias / partial / role / metonym /
        title; see :mod:`helpers.mentions`).
    """
    return find_mentions_detailed(sentences, docs, gazetteer, engine)[COLUMNS]


def check_types(actor_types: list[str]) -> list[str]:
    """Validate a list of actor types from a parameter; raise :class:`InputError` naming a bad one."""
    if not isinstance(actor_types, list) or not actor_types:
        raise InputError(f"actor_types: expected a non-empty list such as [person, organisation], got {actor_types!r}")
    bad = [t for t in actor_types if t not in TYPES]
    if bad:
        raise InputError(f"actor_types: {', '.join(map(str, bad))} not known; choose from {', '.join(TYPES)}")
    return actor_types


def mention_counts(mentions: pd.DataFrame, docs: pd.DataFrame) -> pd.DataFrame:
    """Mentions per document and actor, for ``actor_mentions.csv``.

    Returns:
        doc_id, source, actor, actor_type, mentions (one row per document and actor that occurs
        in it), sorted by doc_id then most mentioned.
    """
    columns = ["doc_id", "source", "actor", "actor_type", "mentions"]
    if mentions.empty:
        return pd.DataFrame(columns=columns)
    table = mentions.groupby(["doc_id", "actor", "actor_type"], observed=True).size().rename("mentions").reset_index()
    table = table.merge(docs[["doc_id", "source"]], on="doc_id", how="left")[columns]
    return table.sort_values(["doc_id", "mentions", "actor"], ascending=[True, False, True], ignore_index=True)


def actor_totals(mentions: pd.DataFrame, docs: pd.DataFrame) -> pd.DataFrame:
    """Mentions per actor over the whole corpus.

    Returns:
        actor, actor_type, mentions, documents (that mention the actor), sources,
        per_1000_words (mentions per 1,000 words of the whole corpus), sorted by mentions.
    """
    columns = ["actor", "actor_type", "mentions", "documents", "sources", "per_1000_words"]
    if mentions.empty:
        return pd.DataFrame(columns=columns)
    with_source = mentions.merge(docs[["doc_id", "source"]], on="doc_id", how="left")
    grouped = with_source.groupby(["actor", "actor_type"], observed=True)
    table = pd.DataFrame(
        {"mentions": grouped.size(), "documents": grouped["doc_id"].nunique(), "sources": grouped["source"].nunique()}
    ).reset_index()
    words = max(int(docs["words"].sum()), 1)
    table["per_1000_words"] = (table["mentions"] * 1000 / words).round(3)
    return table[columns].sort_values(["mentions", "actor"], ascending=[False, True], ignore_index=True)


def source_counts(mentions: pd.DataFrame, docs: pd.DataFrame) -> pd.DataFrame:
    """Mentions per source and actor, with the rate per 1,000 words of that source.

    Returns:
        source, actor, actor_type, mentions, documents (of the source mentioning the actor),
        words (all words of the source), per_1000_words. Sorted by source, then mentions.
    """
    columns = ["source", "actor", "actor_type", "mentions", "documents", "words", "per_1000_words"]
    if mentions.empty:
        return pd.DataFrame(columns=columns)
    with_source = mentions.merge(docs[["doc_id", "source"]], on="doc_id", how="left")
    grouped = with_source.groupby(["source", "actor", "actor_type"], observed=True)
    table = pd.DataFrame({"mentions": grouped.size(), "documents": grouped["doc_id"].nunique()}).reset_index()
    words = docs.groupby("source", observed=True)["words"].sum().rename("words")
    table = table.merge(words, left_on="source", right_index=True, how="left")
    table["per_1000_words"] = (table["mentions"] * 1000 / table["words"].clip(lower=1)).round(3)
    return table[columns].sort_values(["source", "mentions", "actor"], ascending=[True, False, True], ignore_index=True)


def timeline(mentions: pd.DataFrame, docs: pd.DataFrame, actors: list[str]) -> pd.DataFrame:
    """Mentions of ``actors`` per period (day, month or year, chosen from the date range).

    Undated documents are left out. ``per_1000_words`` divides by all words published in the
    period, so a busy month does not look like more attention.

    Returns:
        period (start date), actor, mentions, words (in the period), per_1000_words.
    """
    columns = ["period", "actor", "mentions", "words", "per_1000_words"]
    dated = docs.loc[docs["date"].notna(), ["doc_id", "date", "words"]]
    if dated.empty or mentions.empty:
        return pd.DataFrame(columns=columns)
    span = (dated["date"].max() - dated["date"].min()).days
    freq = "D" if span <= 62 else ("M" if span <= 366 * 6 else "Y")
    dated = dated.assign(period=dated["date"].dt.to_period(freq).dt.start_time)
    words = dated.groupby("period", observed=True)["words"].sum().rename("words")
    chosen = mentions.loc[mentions["actor"].isin(actors)].merge(dated[["doc_id", "period"]], on="doc_id")
    counts = chosen.groupby(["period", "actor"], observed=True).size().rename("mentions")
    grid = pd.MultiIndex.from_product([words.index, sorted(set(actors))], names=["period", "actor"])
    table = counts.reindex(grid, fill_value=0).reset_index().merge(words, left_on="period", right_index=True)
    table["per_1000_words"] = (table["mentions"] * 1000 / table["words"].clip(lower=1)).round(3)
    return table[columns].sort_values(["period", "actor"], ignore_index=True)


def cooccurrence(mentions: pd.DataFrame, min_sentences: int = 1) -> pd.DataFrame:
    """Pairs of different actors named in the same sentence.

    Returns:
        actor_a, actor_b (alphabetical within the pair), sentences (in which both occur),
        documents; pairs with fewer than ``min_sentences`` sentences are left out.
    """
    columns = ["actor_a", "actor_b", "sentences", "documents"]
    if mentions.empty:
        return pd.DataFrame(columns=columns)
    per_sentence = mentions[["doc_id", "sentence_id", "actor"]].astype({"actor": str}).drop_duplicates()
    # Every pair of different actors in one sentence, once, alphabetical within the pair.
    pairs = per_sentence.merge(per_sentence, on=["doc_id", "sentence_id"], suffixes=("_a", "_b"))
    pairs = pairs.loc[pairs["actor_a"] < pairs["actor_b"], ["actor_a", "actor_b", "doc_id"]]
    if pairs.empty:
        return pd.DataFrame(columns=columns)
    grouped = pairs.groupby(["actor_a", "actor_b"], observed=True)
    table = pd.DataFrame({"sentences": grouped.size(), "documents": grouped["doc_id"].nunique()}).reset_index()
    table = table.loc[table["sentences"] >= min_sentences]
    return table.sort_values(["sentences", "actor_a", "actor_b"], ascending=[False, True, True], ignore_index=True)


def title_forms(detailed: pd.DataFrame, docs: pd.DataFrame, actor_types: tuple[str, ...] = ("person",)) -> pd.DataFrame:
    """How each source refers to each actor: the title or office used with (or instead of) the name.

    Args:
        detailed: from :func:`find_mentions_detailed` (it has the ``title`` and ``form`` columns).
        docs: documents with doc_id and source.
        actor_types: only actors of these types.

    Returns:
        actor, source, title (lower-cased, without the country qualifier: "field marshal",
        "army chief", "chief of army staff (coas) general"; "(name only)" for a bare name or
        surname), mentions, example (the most frequent way it was written, qualifier included:
        "Pakistan’s army chief"). Sorted by actor, source, then mentions.
    """
    columns = ["actor", "source", "title", "mentions", "example"]
    chosen = detailed.loc[detailed["actor_type"].isin(actor_types)]
    if chosen.empty:
        return pd.DataFrame(columns=columns)
    titles = chosen["title"].str.replace("’", "'", regex=False).str.lower().str.strip(" ,(")
    titles = titles.str.replace(r"^the\s+", "", regex=True)
    chosen = chosen.assign(
        title=titles.where(titles != "", "(name only)"),
        example=chosen["form"].where(chosen["form"] != "", chosen["text"]),
    )
    chosen = chosen.merge(docs[["doc_id", "source"]], on="doc_id", how="left")
    grouped = chosen.groupby(["actor", "source", "title"], observed=True)
    table = grouped.size().rename("mentions").reset_index()
    # The most frequent way of writing it; among equally frequent ones, the first in sorted order.
    keys = ["actor", "source", "title"]
    ways = chosen.groupby([*keys, "example"], observed=True).size().rename("times").reset_index()
    ways = ways.sort_values([*keys, "times", "example"], ascending=[True, True, True, False, True])
    examples = ways.drop_duplicates(keys)[[*keys, "example"]]
    table = table.merge(examples, on=keys)
    return table[columns].sort_values(
        ["actor", "source", "mentions", "title"], ascending=[True, True, False, True], ignore_index=True
    )


def keyword_in_context(
    mentions: pd.DataFrame, docs: pd.DataFrame, actors: list[str], per_actor: int = 5, width: int = 70
) -> pd.DataFrame:
    """Keyword-in-context lines: each mention with the words around it, a few per actor.

    Mentions are taken in document order, spread over sources (one per source in turn), so the
    sample is the same on every run.

    Returns:
        actor, source, doc_id, sentence_id, left, match, right (left and right are at most
        ``width`` characters of the same paragraph).
    """
    columns = ["actor", "source", "doc_id", "sentence_id", "left", "match", "right"]
    texts = docs.set_index("doc_id")["text"]
    sources = docs.set_index("doc_id")["source"]
    rows = []
    for actor in actors:
        chosen = mentions.loc[mentions["actor"] == actor].assign(source=lambda t: t["doc_id"].map(sources))
        if chosen.empty:
            continue
        chosen = chosen.assign(turn=chosen.groupby("source", observed=True).cumcount()).sort_values(
            ["turn", "source", "doc_id", "start"]
        )
        for row in chosen.head(per_actor).itertuples():
            text = texts[row.doc_id]
            left = text[max(0, row.start - width) : row.start].split("\n")[-1]
            right = text[row.end : row.end + width].split("\n")[0]
            rows.append([actor, row.source, row.doc_id, row.sentence_id, left, text[row.start : row.end], right])
    return pd.DataFrame(rows, columns=columns)


# ---------------------------------------------------------------------- plots


def plot_top(totals: pd.DataFrame, top_n: int = 20, value: str = "mentions", title: str = "") -> Figure:
    """Horizontal bars of the most mentioned actors, coloured by type."""
    shown = totals.head(top_n).iloc[::-1]
    figure = Figure(figsize=(8, 0.9 + 0.3 * max(len(shown), 1)))
    axes = figure.subplots()
    types = sorted(totals["actor_type"].unique()) if len(totals) else []
    palette = {kind: PALETTE[number % len(PALETTE)] for number, kind in enumerate(types)}
    bars = axes.barh(shown["actor"], shown[value], color=[palette.get(t, "#6c757d") for t in shown["actor_type"]])
    axes.bar_label(
        bars, labels=[f"{v:,.3g}" if isinstance(v, float) else f"{v:,}" for v in shown[value]], padding=3, fontsize=8
    )
    if types:
        handles = [Patch(color=palette[kind], label=kind) for kind in types]
        axes.legend(handles=handles, frameon=False, fontsize=8, loc="lower right")
    axes.set_xlabel(value.replace("_", " "))
    axes.set_title(title or f"Most mentioned actors (top {min(top_n, len(totals))})")
    axes.margins(x=0.12)
    figure.tight_layout()
    return figure


def plot_source_matrix(
    by_source: pd.DataFrame, actors: list[str], value: str = "per_1000_words", max_sources: int = 12
) -> Figure:
    """A grid of actors (rows) by sources (columns), shaded by ``value`` and labelled with it.

    Only the ``max_sources`` largest sources (by words) are drawn; the table has them all.
    """
    words = by_source.drop_duplicates("source").sort_values(["words", "source"], ascending=[False, True])
    keep = words["source"].head(max_sources)
    chosen = by_source.loc[by_source["actor"].isin(actors) & by_source["source"].isin(keep)]
    wide = chosen.pivot_table(index="actor", columns="source", values=value, fill_value=0, aggfunc="sum")
    wide = wide.reindex([a for a in actors if a in wide.index])
    figure = Figure(figsize=(1.8 + 1.3 * max(wide.shape[1], 1), 1.0 + 0.32 * max(wide.shape[0], 1)))
    axes = figure.subplots()
    if wide.empty:
        axes.text(0.5, 0.5, "No mentions", ha="center", va="center", transform=axes.transAxes)
        axes.set_axis_off()
        return figure
    values = wide.to_numpy(dtype=float)
    axes.imshow(values, cmap="Blues", aspect="auto", vmin=0)
    top = values.max() or 1
    for (row, col), number in np.ndenumerate(values):
        if number:
            axes.text(col, row, f"{number:.2g}", ha="center", va="center", fontsize=7,
                      color="white" if number > top * 0.6 else "#222222")  # fmt: skip
    axes.set_xticks(range(wide.shape[1]), [str(c)[:28] for c in wide.columns], rotation=30, ha="right", fontsize=8)
    axes.set_yticks(range(wide.shape[0]), wide.index, fontsize=8)
    shown = f" ({len(keep)} largest of {len(words)} sources)" if len(words) > len(keep) else ""
    axes.set_title(f"{value.replace('_', ' ')} by source{shown}")
    figure.tight_layout()
    return figure


def plot_timeline(table: pd.DataFrame, value: str = "mentions") -> Figure:
    """Lines (or dots, for few periods) of ``value`` per period for each actor."""
    figure = Figure(figsize=(9, 3.8))
    axes = figure.subplots()
    if table.empty:
        axes.text(0.5, 0.5, "No dated mentions", ha="center", va="center", transform=axes.transAxes)
        axes.set_axis_off()
        return figure
    wide = table.pivot_table(index="period", columns="actor", values=value, fill_value=0)
    few = len(wide) <= 12
    for actor in wide.columns:
        axes.plot(
            wide.index, wide[actor], marker="o", markersize=5 if few else 2, linewidth=1 if few else 1.4, label=actor
        )
    axes.legend(fontsize=7, ncol=2, frameon=False)
    axes.set_ylabel(value.replace("_", " "))
    axes.set_title(f"{value.replace('_', ' ').capitalize()} per period")
    axes.grid(axis="y", alpha=0.3)
    figure.autofmt_xdate()
    figure.tight_layout()
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
    shown = pairs.loc[pairs["actor_a"].isin(names) & pairs["actor_b"].isin(names)]
    figure = Figure(figsize=(8.5, 8.5))
    axes = figure.subplots()
    axes.set_axis_off()
    if not names:
        axes.text(0.5, 0.5, "No actors", ha="center", va="center", transform=axes.transAxes)
        return figure
    where = circle_layout(names)
    widest = shown["sentences"].max() if len(shown) else 1
    for row in shown.sort_values("sentences").itertuples():
        (x1, y1), (x2, y2) = where[row.actor_a], where[row.actor_b]
        share = row.sentences / widest
        axes.plot([x1, x2], [y1, y2], color="#1b6ca8", alpha=0.15 + 0.6 * share, linewidth=0.5 + 5 * share, zorder=1)
    counts = totals.set_index("actor")["mentions"]
    biggest = counts.loc[names].max()
    for name in names:
        x, y = where[name]
        axes.scatter([x], [y], s=60 + 900 * counts[name] / biggest, color="#d1495b", alpha=0.85, zorder=2)
        axes.text(x * 1.13, y * 1.13, name, ha="left" if x > 0.05 else ("right" if x < -0.05 else "center"),
                  va="center", fontsize=8)  # fmt: skip
    axes.set_xlim(-1.7, 1.7)
    axes.set_ylim(-1.35, 1.35)
    axes.set_title("Actors named in the same sentence (line width: shared sentences)")
    figure.tight_layout()
    return figure
