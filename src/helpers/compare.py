"""The comparison contract: which group each document is in, and who is compared with whom.

The contract is the same everywhere in the suite: a focus group against the rest of the corpus,
or against one named reference group. A group is a value of a document column (``source`` by
default; ``kind``, ``country``, or any column the corpus keeps, such as AllSides' ``bias``).

Tables of a comparison name the group column after the grouping: ``source`` when sources are
compared, ``bias`` when bias ratings are. :func:`doc_groups` gives the two-column table
(``doc_id`` and the grouping column) that every comparing function takes, and :func:`group_column`
reads the grouping's name back from it.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa

from helpers.errors import InputError

NOT_GIVEN = "(not given)"
REST = "rest"
# A number that rests on this many documents or fewer is flagged (a few_documents column): it says
# what one or two articles did, not what a source does.
FEW_DOCUMENTS = 2
# Columns that identify or hold the text of a document, never a grouping.
NOT_GROUPS = {"doc_id", "text", "title", "url", "dateline", "words", "raw_chars", "date", "date_precision", "author"}


@dataclass(frozen=True)
class Comparison:
    """Who is compared with whom.

    Attributes:
        group_by: the document column that defines the groups (source, kind, country, bias …).
        focus: compare only this group (empty: every group, each against the rest).
        reference: compare against this group only (empty: against all other groups together).
    """

    group_by: str = "source"
    focus: str = ""
    reference: str = ""


def doc_groups(docs: pd.DataFrame, group_by: str = "source") -> pd.DataFrame:
    """The group of every document.

    Args:
        docs: the loader's ``docs`` table.
        group_by: the column to group by; empty values become "(not given)".

    Returns:
        doc_id and the group, in a column named ``group_by``; one row per document.

    Raises:
        InputError: ``group_by`` is not a column that can group documents.
    """
    usable = [c for c in docs.columns if c not in NOT_GROUPS]
    if group_by not in usable:
        raise InputError(
            f"group_by: {group_by!r} is not a document column to group by; use one of {', '.join(usable)} "
            "(other corpus columns can be kept with corpus.keep, e.g. keep: [bias])"
        )
    values = docs[group_by].fillna("").astype(str).str.strip().replace("", NOT_GIVEN)
    return pd.DataFrame({"doc_id": docs["doc_id"].to_numpy(), group_by: values.to_numpy()})


def _text_chunks(values: pd.Series) -> list[pa.Array] | None:
    """A text column's values as pyarrow large strings (pandas' pyarrow-backed strings are not copied);
    None when the column holds anything but text."""
    try:
        array = pa.array(values, from_pandas=True)
    except (pa.ArrowException, TypeError, ValueError):
        return None
    chunks = array.chunks if isinstance(array, pa.ChunkedArray) else [array]
    if not all(pa.types.is_string(chunk.type) or pa.types.is_large_string(chunk.type) for chunk in chunks):
        return None
    return [chunk.cast(pa.large_string()) for chunk in chunks]


def positions(values: pd.Series, wanted: pd.Series) -> np.ndarray | None:
    """Where each of ``wanted`` is in ``values`` (−1: nowhere), for text keys such as doc_id: None when a
    value repeats, a key is missing, or a column is not text.

    One pass of pyarrow's hashing (C++) over both: the codes follow first appearance, so the values
    are distinct exactly when the first ``len(values)`` codes count up from 0.
    """
    chunks = [_text_chunks(values), _text_chunks(wanted)]
    if chunks[0] is None or chunks[1] is None:
        return None
    joined = pa.chunked_array(chunks[0] + chunks[1], pa.large_string())
    if joined.null_count:
        return None
    codes = np.concatenate([chunk.indices.to_numpy() for chunk in joined.dictionary_encode().chunks] or [[]])
    codes = codes.astype(np.int64)
    if not np.array_equal(codes[: len(values)], np.arange(len(values))):
        return None
    rows = codes[len(values) :]
    rows[rows >= len(values)] = -1
    return rows


def with_groups(frame: pd.DataFrame, groups: pd.DataFrame) -> pd.DataFrame:
    """The rows of ``frame`` (with a doc_id) whose document has a group, and the group: what an inner merge
    with ``groups`` gives, in the same order, without a merge's cost on many rows."""
    where = positions(groups["doc_id"], frame["doc_id"])
    if where is None:  # a document in two groups, or a missing doc_id: as a merge gives it
        return frame.merge(groups, on="doc_id", how="inner")
    name = group_column(groups)
    found = where >= 0
    kept = frame[found].reset_index(drop=True)
    return kept.assign(**{name: groups[name].take(where[found]).reset_index(drop=True)})


def sentence_pairs(frame: pd.DataFrame, sentences: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """(row of ``frame``, row of ``sentences``) for each row of ``frame`` whose sentence (doc_id and
    sentence_id) is among ``sentences``: the pairs an inner merge on both keys makes, in ``frame``'s order."""
    rows = positions(sentences["sentence_id"], frame["sentence_id"])
    if rows is None:  # a sentence id that repeats: merge
        keyed = sentences[["doc_id", "sentence_id"]].assign(_row=np.arange(len(sentences)))
        pairs = frame[["doc_id", "sentence_id"]].assign(_own=np.arange(len(frame))).merge(keyed)
        return pairs["_own"].to_numpy(), pairs["_row"].to_numpy()
    own = np.flatnonzero(rows >= 0)
    same_doc = sentences["doc_id"].take(rows[own]).to_numpy() == frame["doc_id"].take(own).to_numpy()
    return own[same_doc], rows[own[same_doc]]


def with_sentence_columns(frame: pd.DataFrame, sentences: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with the other columns of ``sentences`` (none of them in ``frame``) for the sentence of
    each row: an inner merge on doc_id and sentence_id, in ``frame``'s order."""
    own, rows = sentence_pairs(frame, sentences)
    extra = sentences.drop(columns=["doc_id", "sentence_id"]).take(rows).reset_index(drop=True)
    return pd.concat([frame.take(own).reset_index(drop=True), extra], axis=1)


def group_column(groups: pd.DataFrame) -> str:
    """The name of the grouping column of a :func:`doc_groups` table (``source``, ``bias`` …)."""
    names = [column for column in groups.columns if column != "doc_id"]
    if len(names) != 1:
        raise ValueError(f"a groups table has doc_id and one group column, not {list(groups.columns)}")
    return names[0]


def check_comparison(groups: pd.DataFrame, comparison: Comparison) -> list[tuple[str, str]]:
    """The pairs to compare, ``(group, against)`` where ``against`` is a group name or "rest".

    Args:
        groups: from :func:`doc_groups`.
        comparison: the :class:`Comparison` asked for.

    Returns:
        The pairs in name order; an empty list when there is only one group (nothing to compare).

    Raises:
        InputError: the focus or reference group does not exist, a reference is given without a
            focus, or both name the same group. The message lists the groups there are.
    """
    available = sorted(groups[group_column(groups)].unique())
    listing = ", ".join(repr(name) for name in available[:30]) + (" …" if len(available) > 30 else "")
    for role, name in (("focus", comparison.focus), ("reference", comparison.reference)):
        if name and name not in available:
            raise InputError(
                f"{role}: no {comparison.group_by} called {name!r}; the {comparison.group_by} values are {listing}"
            )
    if comparison.reference and not comparison.focus:
        raise InputError("reference: set focus too; a reference is what the focus group is compared with")
    if comparison.focus and comparison.focus == comparison.reference:
        raise InputError(f"focus and reference are both {comparison.focus!r}; choose two different groups")
    if len(available) < 2:
        return []
    if comparison.focus:
        return [(comparison.focus, comparison.reference or REST)]
    return [(name, REST) for name in available]


def comparison_problem(groups: pd.DataFrame, comparison: Comparison) -> str:
    """A sentence for the report when there is nothing to compare, else an empty string."""
    values = groups[group_column(groups)].unique()
    if len(values) >= 2:
        return ""
    only = values[0] if len(values) else "(none)"
    return (
        f"Every document has the same {comparison.group_by} ({only}), so there is nothing to compare it with: "
        f"distinctive terms and contrasts need at least two groups. Choose another group_by, or a corpus "
        f"with more than one {comparison.group_by}. Frame shares and tone below describe this one group only."
    )


def group_sizes(docs: pd.DataFrame, sentences: pd.DataFrame, groups: pd.DataFrame) -> pd.DataFrame:
    """How much text stands behind each group.

    Returns:
        the group column, docs, sentences, words; largest first (by documents, then words).
    """
    name = group_column(groups)
    words = docs[["doc_id", "words"]].merge(groups, on="doc_id")
    table = words.groupby(name).agg(docs=("doc_id", "size"), words=("words", "sum"))
    counted = with_groups(sentences[["doc_id"]], groups).groupby(name).size().rename("sentences")
    table = table.join(counted).fillna({"sentences": 0}).reset_index()
    table["sentences"] = table["sentences"].astype("int64")
    table = table[[name, "docs", "sentences", "words"]]
    return table.sort_values(["docs", "words", name], ascending=[False, False, True], ignore_index=True)


@dataclass(frozen=True)
class Shown:
    """The groups a page's charts show (the largest ones; tables keep every group).

    Attributes:
        column: the grouping column (``source``, ``bias`` …).
        names: the groups shown, largest first.
    """

    column: str
    names: tuple[str, ...]

    def rows(self, table: pd.DataFrame) -> pd.DataFrame:
        """The rows of ``table`` that belong to a shown group."""
        return table[table[self.column].isin(self.names)]


def shown_groups(sizes: pd.DataFrame, n: int) -> Shown:
    """The ``n`` largest groups of a :func:`group_sizes` table."""
    column = sizes.columns[0]
    return Shown(column, tuple(sizes[column].head(n).tolist()))


def log_odds(
    y_i: np.ndarray, y_j: np.ndarray, n_i: np.ndarray, n_j: np.ndarray, alpha: np.ndarray, alpha0: float
) -> tuple[np.ndarray, np.ndarray]:
    """δ and z of the log-odds ratio with informative Dirichlet prior (Monroe, Colaresi & Quinn 2008).

    For a term with counts ``y_i`` and ``y_j`` on the two sides, token totals ``n_i`` and ``n_j``,
    prior counts ``alpha`` and prior total ``alpha0``:
    δ = log((y_i + α) / (n_i + α0 − y_i − α)) − log((y_j + α) / (n_j + α0 − y_j − α)) and
    z = δ / sqrt(1 / (y_i + α) + 1 / (y_j + α)). Arrays broadcast.
    """
    delta = np.log((y_i + alpha) / (n_i + alpha0 - y_i - alpha)) - np.log((y_j + alpha) / (n_j + alpha0 - y_j - alpha))
    return delta, delta / np.sqrt(1.0 / (y_i + alpha) + 1.0 / (y_j + alpha))


def without_parts(candidates: pd.DataFrame, count: str, share: float) -> pd.DataFrame:
    """Drop words that occur mostly inside a two-word phrase also in ``candidates``.

    ``candidates`` has term, ngram (1 or 2) and the ``count`` column; a word goes when a listed
    phrase containing it accounts for at least ``share`` of its count ("field" and "marshal" give
    way to "field marshal").
    """
    phrases = candidates[candidates["ngram"] == 2]
    inside: dict[str, int] = {}
    for phrase, n in zip(phrases["term"], phrases[count], strict=True):
        for word in phrase.split(" "):
            inside[word] = max(inside.get(word, 0), int(n))
    keep = [
        not (ngram == 1 and inside.get(term, 0) >= share * n)
        for term, ngram, n in zip(candidates["term"], candidates["ngram"], candidates[count], strict=True)
    ]
    return candidates[keep]
