"""Tidy tables from a fitted topic model: terms, shares per document, source and period, quality.

How a document's topic shares are made: each unit's weights are turned into shares (they sum to
1), and a document's share of a topic is the mean of its units' shares weighted by their words,
so it reads as "the part of the document's text about this topic". Units without any known term
are left out; a document none of whose units has a known term gets no row.

Confidence intervals are percentile bootstrap intervals over documents (:mod:`helpers.bootstrap`):
documents are resampled with replacement within each group (source or period), ``n_boot`` times,
each group from a generator seeded by ``random_state`` and the group's name, so one group's
interval does not move when other groups are added; a group with fewer than two documents has no
interval.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import sparse

from helpers.bootstrap import document_means
from helpers.periods import periods
from helpers.topics.model import TopicModel

FEW_DOCUMENTS_SHARE = 0.8  # a topic with more than this share of its weight from ≤ 2 documents is flagged
WEAK_STABILITY = 0.5  # a topic refits on subsets find less often than this is tentative
MIN_PERIOD_DOCUMENTS = 5  # when no period has this many documents, the chart shows texts, not a trend
ROUND = 6


def topic_terms(model: TopicModel) -> pd.DataFrame:
    """The top terms of each topic, for ``topics.csv``.

    Returns:
        topic (1..K, largest first), rank (1 = heaviest), term, weight (the term's share of the
        topic's weight over the whole vocabulary).
    """
    column = {term: number for number, term in enumerate(model.vocabulary.terms)}
    rows = [
        {
            "topic": topic,
            "rank": rank,
            "term": term,
            "weight": round(float(model.components[topic - 1, column[term]]), ROUND),
        }
        for topic, terms in enumerate(model.terms, 1)
        for rank, term in enumerate(terms, 1)
    ]
    return pd.DataFrame(rows, columns=["topic", "rank", "term", "weight"])


def unit_topics(model: TopicModel) -> pd.DataFrame:
    """Topic shares of each unit (passage, paragraph or document), zero shares left out.

    Returns:
        unit_id, doc_id, topic, share (a unit's shares sum to 1). Units without known terms have
        no rows.
    """
    rows, topics = np.nonzero(np.nan_to_num(model.shares) > 0)
    table = pd.DataFrame(
        {
            "unit_id": model.units["unit_id"].to_numpy()[rows],
            "doc_id": model.units["doc_id"].to_numpy()[rows],
            "topic": topics + 1,
            "share": np.round(model.shares[rows, topics], ROUND),
        }
    )
    return table


def _doc_matrix(model: TopicModel) -> tuple[pd.DataFrame, np.ndarray, np.ndarray]:
    """(documents with source and date, docs × topics shares, docs × topics raw weights)."""
    units = model.units
    valid = ~np.isnan(model.shares).any(axis=1)
    order = pd.unique(units["doc_id"])
    codes = pd.Categorical(units["doc_id"], categories=order).codes
    words = units["words"].to_numpy(dtype=np.float64) * valid
    indicator = sparse.csr_matrix((np.ones(len(units)), (codes, np.arange(len(units)))), shape=(len(order), len(units)))
    weighted = indicator @ (np.nan_to_num(model.shares) * words[:, None])
    total = indicator @ words
    keep = total > 0
    shares = weighted[keep] / total[keep, None]
    raw = (indicator @ model.weights)[keep]
    docs = units.drop_duplicates("doc_id").set_index("doc_id").loc[order[keep], ["source", "date"]].reset_index()
    return docs, shares, raw


def doc_topics(model: TopicModel) -> pd.DataFrame:
    """Topic shares of each document, for ``doc_topics.csv``; zero shares left out.

    Returns:
        doc_id, source, topic, share. A document's shares sum to 1 (up to rounding); with
        passages or paragraphs as units they are the word-weighted means of its units' shares.
    """
    docs, shares, _ = _doc_matrix(model)
    # Documents in doc_id order first: then the nonzero cells come out sorted by doc_id and topic,
    # without sorting a row per document and topic.
    order = np.argsort(docs["doc_id"].to_numpy(dtype=object), kind="stable")
    rows, topics = np.nonzero(shares[order] > 0)
    rows = order[rows]
    return pd.DataFrame(
        {
            "doc_id": docs["doc_id"].to_numpy()[rows],
            "source": docs["source"].to_numpy()[rows],
            "topic": topics + 1,
            "share": np.round(shares[rows, topics], ROUND),
        }
    )


def _wide(doc_table: pd.DataFrame, k: int) -> tuple[pd.DataFrame, np.ndarray]:
    """The documents of a :func:`doc_topics` table in doc_id order (each with its first row) and their
    docs × topics shares (0 where a document has no row for a topic; repeated rows are added up)."""
    codes, doc_ids = pd.factorize(doc_table["doc_id"], sort=True)
    wide = np.zeros((len(doc_ids), k))
    np.add.at(wide, (codes, doc_table["topic"].to_numpy() - 1), doc_table["share"].to_numpy(dtype=float))
    first = doc_table.iloc[np.unique(codes, return_index=True)[1]]
    return first.reset_index(drop=True), wide


def group_shares(
    doc_table: pd.DataFrame,
    groups: pd.Series,
    k: int,
    n_boot: int = 1000,
    random_state: int = 0,
    name: str = "group",
) -> pd.DataFrame:
    """Mean topic share per group of documents, with bootstrap confidence intervals.

    Args:
        doc_table: from :func:`doc_topics`.
        groups: the group of each document, indexed by doc_id (documents not in it are left out).
        k: the number of topics.
        n_boot: bootstrap replicates.
        random_state: seed.
        name: the name of the group column.

    Returns:
        ``name``, topic, share (mean over the group's documents, each weighing the same),
        ci_low, ci_high (95% percentile interval; empty for a group of one document), documents.
    """
    docs, matrix = _wide(doc_table, k)
    labels = groups.reindex(docs["doc_id"]).to_numpy()
    columns = [name, "topic", "share", "ci_low", "ci_high", "documents"]
    names, mean, low, high, sizes = document_means(matrix, labels, n_boot, random_state)
    if not names:
        return pd.DataFrame(columns=columns)
    table = pd.DataFrame(
        {
            name: pd.Index(names).repeat(k),
            "topic": np.tile(np.arange(1, k + 1), len(names)),
            "share": mean.ravel(),
            "ci_low": low.ravel(),
            "ci_high": high.ravel(),
            "documents": np.repeat(sizes, k),
        }
    )
    table[["share", "ci_low", "ci_high"]] = table[["share", "ci_low", "ci_high"]].round(ROUND)
    return table[columns]


def source_shares(doc_table: pd.DataFrame, k: int, n_boot: int = 1000, random_state: int = 0) -> pd.DataFrame:
    """Topic shares per source, for ``topic_sources.csv`` (see :func:`group_shares`).

    Returns:
        source, topic, share, ci_low, ci_high, documents; sorted by source then topic.
    """
    groups = doc_table.drop_duplicates("doc_id").set_index("doc_id")["source"]
    return group_shares(doc_table, groups, k, n_boot, random_state, name="source")


def time_shares(
    doc_table: pd.DataFrame, docs: pd.DataFrame, k: int, n_boot: int = 1000, random_state: int = 0
) -> pd.DataFrame:
    """Topic shares per period, for ``topic_time.csv``; undated documents are left out.

    Returns:
        period (start date, YYYY-MM-DD), topic, share, ci_low, ci_high, documents; ``attrs["freq"]``
        says whether periods are days, months or years.
    """
    indexed = docs.set_index("doc_id")
    period, freq, _ = periods(indexed["date"], indexed.get("date_precision"))
    table = group_shares(doc_table, period.dropna(), k, n_boot, random_state, name="period")
    if not table.empty:
        table["period"] = pd.to_datetime(table["period"]).dt.strftime("%Y-%m-%d")
    table.attrs["freq"] = freq
    return table


def topic_quality(model: TopicModel, doc_table: pd.DataFrame) -> pd.DataFrame:
    """One row per topic: label, size, coherence, stability and how many documents carry it.

    Returns:
        topic, label, share (mean share over documents), npmi, stability, documents (with a share
        of at least 10%), top2_weight (share of the topic's weight from its two heaviest documents),
        few_documents (top2_weight above 0.8: the topic describes one or two texts, not a theme).
    """
    docs, shares, raw = _doc_matrix(model)
    total = raw.sum(axis=0)
    top2 = -np.sort(-raw, axis=0)[:2].sum(axis=0)
    with np.errstate(invalid="ignore", divide="ignore"):
        top2_weight = np.where(total > 0, top2 / total, np.nan)
    table = pd.DataFrame(
        {
            "topic": np.arange(1, model.k + 1),
            "label": model.labels(),
            "share": np.round(shares.mean(axis=0), ROUND),
            "npmi": np.round(model.npmi, ROUND),
            "stability": np.round(model.stability, ROUND),
            "documents": (shares >= 0.1).sum(axis=0),
            "top2_weight": np.round(top2_weight, ROUND),
        }
    )
    table["few_documents"] = table["top2_weight"] > FEW_DOCUMENTS_SHARE
    return table


def selection_table(model: TopicModel) -> pd.DataFrame:
    """The K-selection measurements, for ``topic_selection.csv``.

    Returns:
        k, npmi, npmi_min, stability, stability_sd, units, resamples, score, recommended, chosen.
    """
    table = model.selection.copy()
    floats = ["npmi", "npmi_min", "stability", "stability_sd", "score"]
    table[floats] = table[floats].astype(float).round(ROUND)
    return table


def representatives(model: TopicModel, n: int = 3, max_words: int = 120) -> pd.DataFrame:
    """The units with the highest share of each topic, as evidence of what it is about.

    With documents as units, the paragraph of the document scoring highest on the topic is shown.

    Returns:
        topic, rank, unit_id, doc_id, source, share, text (cut to ``max_words`` words).
    """
    shares = np.nan_to_num(model.shares)
    units = model.units
    chosen = [
        (topic, rank, index)
        for topic in range(model.k)
        for rank, index in enumerate(_leading(model, shares, topic, n), 1)
    ]
    shown = _evidence_texts(model, chosen)
    rows = [
        {
            "topic": topic + 1,
            "rank": rank,
            "unit_id": units["unit_id"].iat[index],
            "doc_id": units["doc_id"].iat[index],
            "source": units["source"].iat[index],
            "share": round(float(shares[index, topic]), 4),
            "text": _cut(shown[(topic, index)], max_words),
        }
        for topic, rank, index in chosen
    ]
    return pd.DataFrame(rows, columns=["topic", "rank", "unit_id", "doc_id", "source", "share", "text"])


def _leading(model: TopicModel, shares: np.ndarray, topic: int, n: int) -> list[int]:
    """The (at most) ``n`` units with the highest share of ``topic`` above 0: ties by raw weight, then unit id."""
    column = shares[:, topic]
    unit_ids = model.units["unit_id"].to_numpy(dtype=object)
    # Only units sharing one of the n highest shares can be among the first n: sort those.
    floor = np.partition(column, len(column) - n)[len(column) - n] if 0 < n < len(column) else -np.inf
    candidates = np.flatnonzero(column >= floor)
    order = candidates[np.lexsort((unit_ids[candidates], -model.weights[candidates, topic], -column[candidates]))]
    leading = []
    for index in order[:n].tolist():
        if column[index] <= 0:
            break
        leading.append(index)
    return leading


def _evidence_texts(model: TopicModel, chosen: list[tuple[int, int, int]]) -> dict[tuple[int, int], str]:
    """The text shown for each (topic, unit) of ``chosen``: the unit's text; with documents as units and a
    document of several paragraphs, its paragraph scoring highest on the topic (each document's paragraphs
    are scored on their own, all under one BLAS setting)."""
    texts = {index: model.units["text"].iat[index] for _, _, index in chosen}
    shown = {(topic, index): texts[index] for topic, _, index in chosen}
    if model.unit != "document":
        return shown
    paragraphs = {index: [part for part in text.split("\n\n") if part.strip()] for index, text in texts.items()}
    several = [index for index, parts in paragraphs.items() if len(parts) >= 2]
    scored = dict(zip(several, model.transform_each([paragraphs[index] for index in several]), strict=True))
    for topic, index in shown:
        if index in scored:
            shown[(topic, index)] = paragraphs[index][int(np.argmax(np.nan_to_num(scored[index])[:, topic]))]
    return shown


def _cut(text: str, max_words: int) -> str:
    words = text.split()
    return text if len(words) <= max_words else " ".join(words[:max_words]) + " …"


def few_document_topics(quality: pd.DataFrame) -> pd.DataFrame:
    """The rows of :func:`topic_quality` whose topic takes most of its weight from one or two documents."""
    return quality.loc[quality["few_documents"]]


def weak_topics(quality: pd.DataFrame) -> pd.DataFrame:
    """The rows of :func:`topic_quality` whose stability is below :data:`WEAK_STABILITY`."""
    return quality.loc[quality["stability"] < WEAK_STABILITY]


def thin_periods(over_time: pd.DataFrame) -> bool:
    """Whether no period of :func:`time_shares` has :data:`MIN_PERIOD_DOCUMENTS` documents."""
    return bool(over_time.groupby("period")["documents"].first().max() < MIN_PERIOD_DOCUMENTS)


WIDE_TOPICS = 12  # more topics than this: a table of each source's leading topics, not a column per topic


def leading_topics(by_source: pd.DataFrame, quality: pd.DataFrame, n: int = 3) -> pd.DataFrame:
    """Each source's ``n`` largest topics, for a page where a column per topic would not fit.

    Returns:
        source, rank, topic, label, share, documents; sources in order, largest share first.
    """
    labels = quality.set_index("topic")["label"]
    ranked = by_source.sort_values(["source", "share", "topic"], ascending=[True, False, True])
    top = ranked.groupby("source", sort=False).head(n).copy()
    top["rank"] = top.groupby("source", sort=False).cumcount() + 1
    top["label"] = top["topic"].map(labels)
    return top[["source", "rank", "topic", "label", "share", "documents"]].reset_index(drop=True)


def share_matrix(by_source: pd.DataFrame) -> pd.DataFrame:
    """:func:`source_shares` as one row per source and a column per topic ("topic 1" …), shares to 3 places."""
    wide = by_source.pivot(index="source", columns="topic", values="share").round(3).add_prefix("topic ")
    return wide.rename_axis(columns=None).reset_index()
