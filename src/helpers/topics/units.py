"""What a topic model counts as one text: a document, a paragraph, or a passage.

A *passage* is a run of consecutive sentences of one document, about ``min_words`` to
``max_words`` words long, that ends at a paragraph end whenever it can: a topic model needs a few
dozen units at least, and five articles give five documents but a few dozen passages.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from helpers.errors import InputError

UNITS = ("auto", "document", "paragraph", "passage")
AUTO_PASSAGES_BELOW = 50  # documents; fewer than this and ``auto`` models passages
UNIT_COLUMNS = ["unit_id", "doc_id", "source", "date", "position", "start", "end", "words", "text"]


def choose_unit(unit: str, documents: int) -> str:
    """Resolve ``auto``: passages when there are fewer than 50 documents, documents otherwise."""
    if unit not in UNITS:
        raise InputError(f"unit: {unit!r} is not one of {', '.join(UNITS)}")
    if unit != "auto":
        return unit
    return "passage" if documents < AUTO_PASSAGES_BELOW else "document"


def corpus_units(corpus, unit: str = "auto", min_words: int = 100, max_words: int = 200) -> pd.DataFrame:
    """:func:`build_units` for a loaded corpus (:class:`helpers.corpus.Corpus`), reading its
    paragraphs or sentences only when the unit needs them.

    A corpus read from the cache loads each table on first use; modelling whole documents then
    never loads paragraphs and sentences (0.7 GB for the 37,554 AllSides articles).
    """
    docs = corpus.docs
    resolved = choose_unit(unit, len(docs))
    paragraphs = corpus.paragraphs if resolved == "paragraph" else None
    sentences = corpus.sentences if resolved == "passage" else None
    return build_units(docs, paragraphs, sentences, unit=resolved, min_words=min_words, max_words=max_words)


def build_units(
    docs: pd.DataFrame,
    paragraphs: pd.DataFrame | None,
    sentences: pd.DataFrame | None,
    unit: str = "auto",
    min_words: int = 100,
    max_words: int = 200,
) -> pd.DataFrame:
    """The texts to model, one row per unit.

    Args:
        docs: the corpus's documents (doc_id, source, date, text).
        paragraphs: the corpus's paragraphs (doc_id, paragraph_id, paragraph, start, end, words, text);
            only read for paragraph units (None will do otherwise).
        sentences: the corpus's sentences (doc_id, paragraph, sentence, start, end); only read for
            passage units (None will do otherwise).
        unit: ``document``, ``paragraph``, ``passage`` or ``auto`` (see :func:`choose_unit`).
        min_words: for passages, the length a passage grows to before it may end.
        max_words: for passages, the length past which a passage ends even inside a paragraph.

    Returns:
        unit_id (doc_id for documents, the paragraph id, or ``<doc_id>/passage<n>``), doc_id,
        source, date, position (0-based within the document), start and end (character offsets
        into the document text), words, text. Ordered by document then position. The resolved
        unit is in ``attrs["unit"]``.
    """
    if not 0 < min_words <= max_words:
        raise InputError(f"passage lengths: need 0 < min_words ({min_words}) <= max_words ({max_words})")
    resolved = choose_unit(unit, len(docs))
    meta = docs[["doc_id", "source", "date"]]
    if resolved == "document":
        table = docs.assign(position=0, start=0, end=docs["text"].str.len(), unit_id=docs["doc_id"])
        table = table[UNIT_COLUMNS]
    elif resolved == "paragraph":
        table = paragraphs.rename(columns={"paragraph_id": "unit_id", "paragraph": "position"}).merge(meta, on="doc_id")
        table = table.loc[table["words"] > 0, UNIT_COLUMNS]
    else:
        table = passages(docs, sentences, min_words, max_words)
    order = pd.Categorical(table["doc_id"], categories=docs["doc_id"], ordered=True)
    table = table.assign(_order=order).sort_values(["_order", "position"]).drop(columns="_order")
    table = table.reset_index(drop=True)
    table.attrs["unit"] = resolved
    return table


def passages(docs: pd.DataFrame, sentences: pd.DataFrame, min_words: int = 100, max_words: int = 200) -> pd.DataFrame:
    """Merge consecutive sentences of each document into passages of about min–max words.

    A passage closes after a sentence when it has reached ``max_words``, or when it has reached
    ``min_words`` and the sentence ends a paragraph or the next sentence would take it past
    ``max_words``. A document's last passage, when shorter than ``min_words / 2``, joins the one
    before it. A document shorter than ``min_words`` is one passage. A single sentence longer
    than ``max_words`` is a passage of its own.

    Returns:
        The columns of :func:`build_units`.
    """
    if sentences.empty:
        return pd.DataFrame(columns=UNIT_COLUMNS)
    frame = sentences.sort_values(["doc_id", "sentence"], kind="stable")
    doc_ids = frame["doc_id"].to_numpy()
    words = frame["text"].str.count(r"\S+").to_numpy()
    paragraph = frame["paragraph"].to_numpy()
    new_doc = np.r_[True, doc_ids[1:] != doc_ids[:-1]]
    last_in_doc = np.r_[new_doc[1:], True]
    ends_paragraph = last_in_doc | np.r_[paragraph[1:] != paragraph[:-1], True]
    next_words = np.r_[words[1:], 0]
    group = np.empty(len(frame), dtype=np.int64)
    number, running = 0, 0
    # One step per sentence (not per token): the rule depends on the running length.
    for i in range(len(frame)):
        if new_doc[i] and i:
            number += 1
            running = 0
        group[i] = number
        running += words[i]
        close = running >= max_words or (
            running >= min_words and (ends_paragraph[i] or running + next_words[i] > max_words)
        )
        if close and not last_in_doc[i]:
            number += 1
            running = 0
    frame = frame.assign(_group=group, _words=words)
    grouped = frame.groupby("_group", sort=True)
    table = pd.DataFrame(
        {
            "doc_id": grouped["doc_id"].first(),
            "start": grouped["start"].min(),
            "end": grouped["end"].max(),
            "words": grouped["_words"].sum(),
        }
    ).reset_index(drop=True)
    table = _merge_short_tails(table, min_words / 2)
    text_of = dict(zip(docs["doc_id"], docs["text"], strict=True))
    table["text"] = [text_of[d][s:e] for d, s, e in zip(table["doc_id"], table["start"], table["end"], strict=True)]
    table["position"] = table.groupby("doc_id").cumcount()
    table["unit_id"] = table["doc_id"] + "/passage" + table["position"].astype(str)
    table = table.merge(docs[["doc_id", "source", "date"]], on="doc_id", how="left")
    return table[UNIT_COLUMNS]


def _merge_short_tails(table: pd.DataFrame, shortest: float) -> pd.DataFrame:
    """Join each document's last passage to the previous one when it is shorter than ``shortest``."""
    last = table["doc_id"].ne(table["doc_id"].shift(-1))
    has_previous = table["doc_id"].eq(table["doc_id"].shift(1))
    tails = table.index[last & has_previous & (table["words"] < shortest)]
    if len(tails) == 0:
        return table
    table = table.copy()
    table.loc[tails - 1, "end"] = table.loc[tails, "end"].to_numpy()
    table.loc[tails - 1, "words"] += table.loc[tails, "words"].to_numpy()
    return table.drop(index=tails).reset_index(drop=True)
