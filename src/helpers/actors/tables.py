"""The actor notebook's tables: mentions counted per document, actor, source and period; co-occurrence,
titles, keyword in context.

Every count leads back to its sentences: a mention row carries doc_id, sentence_id and character
offsets into the cleaned document text (``docs.text[start:end]`` is the matched text).
"""

from __future__ import annotations

import pandas as pd

from helpers.compare import FEW_DOCUMENTS
from helpers.periods import periods


def _keys(mentions: pd.DataFrame, *names: str) -> list[str]:
    """Group keys, with ``known`` (false for provisional actors) when the mentions have it."""
    return [*names, "known"] if "known" in mentions else list(names)


def _with_known(columns: list[str], mentions: pd.DataFrame) -> list[str]:
    """``columns`` with ``known`` after ``actor_type`` when the mentions have it."""
    if "known" not in mentions:
        return columns
    at = columns.index("actor_type") + 1 if "actor_type" in columns else columns.index("actor") + 1
    return [*columns[:at], "known", *columns[at:]]


def mention_counts(mentions: pd.DataFrame, docs: pd.DataFrame) -> pd.DataFrame:
    """Mentions per document and actor, for ``actor_mentions.csv``.

    Returns:
        doc_id, source, actor, actor_type, mentions (one row per document and actor that occurs
        in it), sorted by doc_id then most mentioned.
    """
    columns = _with_known(["doc_id", "source", "actor", "actor_type", "mentions"], mentions)
    if mentions.empty:
        return pd.DataFrame(columns=columns)
    keys = _keys(mentions, "doc_id", "actor", "actor_type")
    table = mentions.groupby(keys, observed=True).size().rename("mentions").reset_index()
    table = table.merge(docs[["doc_id", "source"]], on="doc_id", how="left")[columns]
    return table.sort_values(["doc_id", "mentions", "actor"], ascending=[True, False, True], ignore_index=True)


def actor_totals(mentions: pd.DataFrame, docs: pd.DataFrame) -> pd.DataFrame:
    """Mentions per actor over the whole corpus.

    Returns:
        actor, actor_type, mentions, documents (that mention the actor), sources,
        per_1000_words (mentions per 1,000 words of the whole corpus), few_documents (true when
        one or two documents mention the actor: the count says what those articles did), sorted by
        mentions.
    """
    columns = _with_known(
        ["actor", "actor_type", "mentions", "documents", "sources", "per_1000_words", "few_documents"], mentions
    )
    if mentions.empty:
        return pd.DataFrame(columns=columns)
    with_source = mentions.merge(docs[["doc_id", "source"]], on="doc_id", how="left")
    grouped = with_source.groupby(_keys(mentions, "actor", "actor_type"), observed=True)
    table = pd.DataFrame(
        {"mentions": grouped.size(), "documents": grouped["doc_id"].nunique(), "sources": grouped["source"].nunique()}
    ).reset_index()
    words = max(int(docs["words"].sum()), 1)
    table["per_1000_words"] = (table["mentions"] * 1000 / words).round(3)
    table["few_documents"] = table["documents"] <= FEW_DOCUMENTS
    return table[columns].sort_values(["mentions", "actor"], ascending=[False, True], ignore_index=True)


def source_counts(mentions: pd.DataFrame, docs: pd.DataFrame) -> pd.DataFrame:
    """Mentions per source and actor, with the rate per 1,000 words of that source.

    Returns:
        source, actor, actor_type, mentions, documents (of the source mentioning the actor),
        words (all words of the source), per_1000_words, few_documents (true when one or two of
        the source's documents mention the actor). Sorted by source, then mentions.
    """
    columns = _with_known(
        ["source", "actor", "actor_type", "mentions", "documents", "words", "per_1000_words", "few_documents"], mentions
    )
    if mentions.empty:
        return pd.DataFrame(columns=columns)
    with_source = mentions.merge(docs[["doc_id", "source"]], on="doc_id", how="left")
    grouped = with_source.groupby(_keys(mentions, "source", "actor", "actor_type"), observed=True)
    table = pd.DataFrame({"mentions": grouped.size(), "documents": grouped["doc_id"].nunique()}).reset_index()
    words = docs.groupby("source", observed=True)["words"].sum().rename("words")
    table = table.merge(words, left_on="source", right_index=True, how="left")
    table["per_1000_words"] = (table["mentions"] * 1000 / table["words"].clip(lower=1)).round(3)
    table["few_documents"] = table["documents"] <= FEW_DOCUMENTS
    return table[columns].sort_values(["source", "mentions", "actor"], ascending=[True, False, True], ignore_index=True)


def timeline(mentions: pd.DataFrame, docs: pd.DataFrame, actors: list[str]) -> pd.DataFrame:
    """Mentions of ``actors`` per period (day, month or year, chosen from the date range and never
    finer than the dates are known: :func:`helpers.periods.periods`).

    Undated documents are left out. ``per_1000_words`` divides by all words published in the
    period, so a busy month does not look like more attention.

    Returns:
        period (start date), actor, mentions, words (in the period), per_1000_words.
    """
    columns = ["period", "actor", "mentions", "words", "per_1000_words"]
    period, _, _ = periods(docs["date"], docs.get("date_precision"))
    dated = docs.loc[period.notna(), ["doc_id", "words"]].assign(period=period[period.notna()])
    if dated.empty or mentions.empty:
        return pd.DataFrame(columns=columns)
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
        documents, and known_a, known_b when the mentions say which actors are provisional;
        pairs with fewer than ``min_sentences`` sentences are left out.
    """
    columns = ["actor_a", "actor_b", "sentences", "documents", *(["known_a", "known_b"] if "known" in mentions else [])]
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
    if "known" in mentions:
        known = _known_of(mentions)
        table = table.assign(known_a=table["actor_a"].map(known), known_b=table["actor_b"].map(known))
    return table.sort_values(["sentences", "actor_a", "actor_b"], ascending=[False, True, True], ignore_index=True)[
        columns
    ]


def _known_of(mentions: pd.DataFrame) -> dict[str, bool]:
    """Actor → whether the gazetteer lists it (false: provisional)."""
    pairs = mentions[["actor", "known"]].drop_duplicates("actor")
    return dict(zip(pairs["actor"].astype(str), pairs["known"].astype(bool), strict=True))


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
    columns = ["actor", *(["known"] if "known" in detailed else []), "source", "title", "mentions", "example"]
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
    if "known" in detailed:
        table["known"] = table["actor"].astype(str).map(_known_of(detailed))
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


def most_mentioned(totals: pd.DataFrame, actor_type: str, n: int) -> list[str]:
    """The ``n`` most mentioned actors of one type, from :func:`actor_totals`."""
    return totals.loc[totals["actor_type"] == actor_type, "actor"].head(n).tolist()
