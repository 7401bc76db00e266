"""Group documents into stories: articles about the same event, published close in time.

How it works
------------
1. **Vectors.** Each document's headline and opening words become a unit-length TF-IDF vector
   (:mod:`helpers.stories.vectors`); the dot product of two vectors is their cosine similarity.
2. **Candidate pairs, blocked by date.** Only documents published within ``window_days`` of each
   other are compared (documents are taken day by day, each against the next ``window_days``
   days), so the work grows with the corpus and the number of articles a week, never with the
   square of the corpus. A month-precision date ("June 2025") is a placeholder day: such a
   document is compared with everything up to ``window_days`` + 15 days away. Pairs at or above
   ``threshold`` are kept.
3. **Blocks.** Documents joined by kept pairs, directly or through others, form a block; no
   story can span two blocks (below).
4. **Stories.** Within a block, documents are merged by average linkage: two groups become one
   story only when the *average* similarity of their documents is at least ``threshold``, and a
   pair published further apart than the window counts as similarity 0. So a chain of articles
   that each resemble the next does not become one story; an event covered over several days
   stays together when the days' articles resemble each other; and the same subject a week later
   is a new story. (Every pair of groups average linkage merges has a pair at or above the
   threshold, so nothing is lost by working block by block.) A block larger than ``max_block``
   documents is cut into runs of consecutive dates first.
5. **Syndicated copies.** Near-duplicate pairs found by the loader are always in one story, and
   marked.
6. **Undated documents** cannot be placed in time. Each is compared with every dated story's
   centroid and joins the most similar if it reaches ``undated_threshold`` (stricter, since no
   date backs the match); the rest are grouped among themselves by text alone at that threshold
   (at most ``max_block`` of them; past that each stands alone). Every document's row says how it
   was matched.

Deterministic: documents are ordered by date and id before anything is compared, and nothing is
random; the same corpus and settings give the same stories with either engine.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy import sparse
from scipy.sparse.csgraph import connected_components

from helpers.engine import Engine
from helpers.errors import InputError
from helpers.stories.vectors import VectorSettings, document_vectors, matching_text, term_names

MONTH_SLACK_DAYS = 15  # a month-precision date is the placeholder day of a date somewhere in the month
BLOCK_ROWS = 2048  # rows of a similarity product at a time
SCORE_ROWS = 256  # rows scored against every story centroid at a time (a dense rows × stories array)
# How a document came to its story.
BY_TEXT, BY_COPY, ALONE = "text", "near-duplicate", "alone"
UNDATED_BY_TEXT, UNDATED_ALONE = "undated, by text", "undated, alone"
STORY_COLUMNS = ["doc_id", "story", "source", "date", "title", "matched", "similarity", "near_duplicate_of"]
SUMMARY_COLUMNS = ["story", "label", "first_date", "last_date", "documents", "sources", "first_source", "top_terms"]
NEAR_COLUMNS = ["doc_id", "story", "nearest_story", "similarity", "days_apart"]
NEAR_CANDIDATES = 200  # the largest stories a lone document is compared with, to say which it resembles
TOP_TERMS = 5  # terms named per story
LABEL_CHARS = 120  # a label taken from the text is cut at this length


@dataclass(frozen=True)
class StorySettings:
    """How documents are grouped into stories (see the module docstring).

    Attributes:
        window_days: documents further apart than this are never linked directly.
        threshold: the average similarity (cosine, 0–1) of the documents of a story.
        undated_threshold: the similarity an undated document needs to join a story.
        max_block: largest block of linked documents clustered at once.
        vectors: how documents become vectors.
    """

    window_days: int = 3
    threshold: float = 0.15
    undated_threshold: float = 0.45
    max_block: int = 3000
    vectors: VectorSettings = field(default_factory=VectorSettings)

    def validate(self) -> None:
        """Raise :class:`InputError` for values out of range."""
        if self.window_days < 0:
            raise InputError(f"window_days: {self.window_days} must be 0 (the same day only) or more")
        for name in ("threshold", "undated_threshold"):
            value = getattr(self, name)
            if not 0 < value < 1:
                raise InputError(f"{name}: {value} must lie between 0 and 1 (a cosine similarity; try 0.3)")
        if self.max_block < 2:
            raise InputError(f"max_block: {self.max_block} must be at least 2")
        self.vectors.validate()


def find_stories(
    docs: pd.DataFrame,
    near_duplicates: pd.DataFrame | None = None,
    settings: StorySettings = StorySettings(),
    engine: Engine | None = None,
) -> dict[str, pd.DataFrame]:
    """Which story each document belongs to, and what each story is.

    Args:
        docs: the loader's documents (doc_id, source, date, date_precision, title, text).
        near_duplicates: the loader's near-duplicate pairs (doc_a, doc_b); None: none.
        settings: :class:`StorySettings`.
        engine: where the documents' terms are counted, partition by partition.

    Returns:
        ``{"stories": …, "summary": …}``.

        ``stories``: one row per document, every document exactly once: doc_id, story (1 = the
        largest story; a document in no story with others has a story of its own), source, date,
        title, matched (how it joined: "text", "near-duplicate", "alone", "undated, by text",
        "undated, alone"), similarity (cosine to its story's centroid; empty for a story of one),
        near_duplicate_of (the earlier document of a syndicated pair, else ""). Sorted by story,
        date and doc_id.

        ``near``: documents that stand alone but resemble one of the largest stories as much as
        its own documents resemble each other (similarity to its centroid at least ``threshold``),
        kept out by time: doc_id, story (its own), nearest_story, similarity, days_apart (from the
        nearest story's first or last date; empty when undated). Sorted by nearest_story and
        similarity.

        ``summary``: one row per story: story, label (the headline of the document closest to the
        story's centroid, or its opening words when it has no title), first_date, last_date (of
        its dated documents), documents, sources, first_source (the source(s) of its earliest
        document; several when they share the day), top_terms (the story's heaviest terms, "; ").
    """
    settings.validate()
    ordered = _in_time_order(docs)
    vectors = document_vectors(ordered, settings.vectors, engine)
    precision = ordered["date_precision"] if "date_precision" in ordered else pd.Series("day", index=ordered.index)
    dated = ordered["date"].notna().to_numpy() & (precision != "year").to_numpy()
    days = np.where(dated, (ordered["date"] - ordered["date"].min()).dt.days.fillna(0).to_numpy(), 0).astype(np.int64)
    slack = np.where((precision == "month").to_numpy(), MONTH_SLACK_DAYS, 0).astype(np.int64)
    copies = _copy_pairs(ordered["doc_id"], near_duplicates)
    copies = _syndicated(copies, dated, days, slack, settings.window_days)
    labels = np.full(len(ordered), -1, dtype=np.int64)
    dated_rows = np.flatnonzero(dated)
    next_label = _cluster_dated(vectors, dated_rows, days, slack, copies, settings, labels)
    matched = np.where(dated, BY_TEXT, UNDATED_BY_TEXT).astype(object)
    _place_undated(vectors, np.flatnonzero(~dated), labels, copies, settings, next_label)
    _join_copies(labels, copies)
    stories = _story_table(ordered, vectors, labels, matched, copies)
    summary = _summary(stories, ordered, vectors, labels, settings)
    return {"stories": stories, "summary": summary, "near": _near_misses(stories, summary, ordered, vectors, settings)}


def _in_time_order(docs: pd.DataFrame) -> pd.DataFrame:
    columns = [c for c in ("doc_id", "source", "date", "date_precision", "title", "text") if c in docs]
    ordered = docs[columns].assign(_undated=docs["date"].isna())
    ordered = ordered.sort_values(["_undated", "date", "doc_id"], kind="stable").drop(columns="_undated")
    return ordered.reset_index(drop=True)


def _copy_pairs(doc_ids: pd.Series, near_duplicates: pd.DataFrame | None) -> np.ndarray:
    """Near-duplicate pairs as row numbers (earlier row first), for documents of this table."""
    if near_duplicates is None or near_duplicates.empty:
        return np.zeros((0, 2), dtype=np.int64)
    index = pd.Index(doc_ids)
    a, b = index.get_indexer(near_duplicates["doc_a"]), index.get_indexer(near_duplicates["doc_b"])
    known = (a >= 0) & (b >= 0) & (a != b)
    pairs = np.column_stack([np.minimum(a, b), np.maximum(a, b)])[known]
    return np.unique(pairs, axis=0) if len(pairs) else pairs


def _syndicated(copies: np.ndarray, dated: np.ndarray, days: np.ndarray, slack: np.ndarray, window: int) -> np.ndarray:
    """The near-duplicate pairs that can be syndicated copies: published within the window (or one
    undated). Pairs years apart share a site's template, not an article."""
    if not len(copies):
        return copies
    a, b = copies[:, 0], copies[:, 1]
    close = np.abs(days[a] - days[b]) <= window + slack[a] + slack[b]
    return copies[close | ~dated[a] | ~dated[b]]


def _windowed_pairs(
    vectors: sparse.csr_matrix, rows: np.ndarray, days: np.ndarray, slack: np.ndarray, settings: StorySettings
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Pairs (i < j) of ``rows`` published within the window, with their similarity.

    Pairs below a third of the threshold are dropped: in an average they count as 0 (which can only
    keep two groups apart), and there are many of them.
    """
    floor = settings.threshold / 3
    found_i, found_j, found_s = [], [], []
    exact = rows[slack[rows] == 0]
    loose = rows[slack[rows] > 0]
    exact_days = days[exact]
    # Exact dates, a run of consecutive rows at a time, against the rows up to window_days after
    # the run's last day (rows are in time order). Few large products instead of one per day: each
    # product costs a pass over the hashed columns whatever its size.
    start = 0
    while start < len(exact):
        stop = min(start + BLOCK_ROWS, len(exact))
        stop = int(np.searchsorted(exact_days, exact_days[stop - 1], side="right"))  # whole days
        reach = int(np.searchsorted(exact_days, exact_days[stop - 1] + settings.window_days, side="right"))
        _keep_similar(vectors, exact[start:stop], exact[start:reach], floor, found_i, found_j, found_s)
        start = stop
    # Month-precision dates: against every dated document.
    for first in range(0, len(loose), BLOCK_ROWS):
        _keep_similar(vectors, loose[first : first + BLOCK_ROWS], rows, floor, found_i, found_j, found_s)
    if not found_i:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, np.zeros(0, dtype=np.float32)
    i, j, s = np.concatenate(found_i), np.concatenate(found_j), np.concatenate(found_s)
    near = (i < j) | ((slack[i] > 0) & (slack[j] == 0))  # each pair once (a loose row meets all rows)
    near &= np.abs(days[i] - days[j]) <= settings.window_days + slack[i] + slack[j]
    i, j, s = i[near], j[near], s[near]
    low, high = np.minimum(i, j), np.maximum(i, j)
    _, first_seen = np.unique(low * len(days) + high, return_index=True)
    return low[first_seen], high[first_seen], s[first_seen]


def _keep_similar(vectors, left: np.ndarray, right: np.ndarray, floor: float, found_i, found_j, found_s):
    if not len(left) or not len(right):
        return
    product = (vectors[left] @ vectors[right].T).tocoo()
    keep = (product.data >= floor) & (left[product.row] != right[product.col])
    found_i.append(left[product.row[keep]])
    found_j.append(right[product.col[keep]])
    found_s.append(product.data[keep])


def _cluster_dated(vectors, rows, days, slack, copies, settings: StorySettings, labels: np.ndarray) -> int:
    """Label the dated ``rows`` with story numbers (from 0); returns the next free number."""
    if not len(rows):
        return 0
    i, j, similarity = _windowed_pairs(vectors, rows, days, slack, settings)
    dated_copies = copies[np.isin(copies[:, 0], rows) & np.isin(copies[:, 1], rows)] if len(copies) else copies
    # Copies count as identical; a pair found both ways keeps its largest similarity.
    i = np.r_[i, dated_copies[:, 0]]
    j = np.r_[j, dated_copies[:, 1]]
    similarity = np.r_[similarity, np.ones(len(dated_copies), dtype=np.float32)]
    n = len(labels)
    strong = similarity >= settings.threshold
    edges = sparse.coo_matrix((np.ones(int(strong.sum())), (i[strong], j[strong])), shape=(n, n))
    _, block_of = connected_components(edges, directed=False)
    # The pairs inside each block, grouped by block, for the blocks' similarity matrices.
    inside = block_of[i] == block_of[j]
    i, j, similarity = i[inside], j[inside], similarity[inside]
    by_block = np.argsort(block_of[i], kind="stable")
    i, j, similarity = i[by_block], j[by_block], similarity[by_block]
    pair_bounds = np.searchsorted(block_of[i], np.arange(block_of.max() + 2))
    next_label = 0
    block_rows = rows[np.argsort(block_of[rows], kind="stable")]
    bounds = np.flatnonzero(np.r_[True, np.diff(block_of[block_rows]) != 0, True])
    for start, stop in zip(bounds[:-1], bounds[1:], strict=True):
        block = block_rows[start:stop]  # in time order: rows ascend within a block
        if len(block) == 1:
            labels[block] = next_label
            next_label += 1
            continue
        number = block_of[block[0]]
        pairs = slice(pair_bounds[number], pair_bounds[number + 1])
        for piece in _time_runs(block, settings.max_block):
            clusters = _average_linkage(piece, i[pairs], j[pairs], similarity[pairs], settings.threshold)
            labels[piece] = clusters + next_label
            next_label += int(clusters.max()) + 1
    return next_label


def _time_runs(block: np.ndarray, size: int) -> list[np.ndarray]:
    """A block as runs of at most ``size`` consecutive documents (in time order)."""
    return [block[start : start + size] for start in range(0, len(block), size)]


def _average_linkage(rows: np.ndarray, i: np.ndarray, j: np.ndarray, similarity: np.ndarray, threshold: float):
    """Story numbers 0.. for ``rows`` by average linkage cut at ``threshold`` (see the module docstring).

    ``i``, ``j``, ``similarity`` are pairs of rows (pairs not listed count as similarity 0: published
    too far apart, or sharing almost no terms).
    """
    from scipy.cluster.hierarchy import fcluster, linkage  # imported here: checking parameters needs none of it

    if len(rows) == 1:
        return np.zeros(1, dtype=np.int64)
    position = pd.Index(rows)
    a, b = position.get_indexer(i), position.get_indexer(j)
    listed = (a >= 0) & (b >= 0)
    matrix = np.zeros((len(rows), len(rows)))
    matrix[a[listed], b[listed]] = similarity[listed]
    matrix = np.maximum(matrix, matrix.T)
    distance = np.clip(1.0 - matrix, 0.0, 1.0)
    condensed = distance[np.triu_indices(len(rows), k=1)]
    tree = linkage(condensed, method="average")
    found = fcluster(tree, t=1.0 - threshold + 1e-9, criterion="distance")
    # Numbered in order of each story's first row, so numbers do not depend on scipy's.
    _, first = np.unique(found, return_index=True)
    order = {label: number for number, label in enumerate(found[np.sort(first)])}
    return np.array([order[label] for label in found], dtype=np.int64)


def _text_pairs(vectors, rows: np.ndarray, floor: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Every pair of ``rows`` with its similarity, at or above ``floor`` (no time window)."""
    found_i, found_j, found_s = [], [], []
    for first in range(0, len(rows), BLOCK_ROWS):
        _keep_similar(vectors, rows[first : first + BLOCK_ROWS], rows, floor, found_i, found_j, found_s)
    if not found_i:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, np.zeros(0, dtype=np.float32)
    i, j, s = np.concatenate(found_i), np.concatenate(found_j), np.concatenate(found_s)
    keep = i < j
    return i[keep], j[keep], s[keep]


def _place_undated(vectors, undated: np.ndarray, labels, copies, settings: StorySettings, next_label: int) -> None:
    """Undated rows join the nearest dated story, or stories among themselves (module docstring, step 6)."""
    if not len(undated):
        return
    dated = np.flatnonzero(labels >= 0)
    if len(dated):
        centroids = _centroids(vectors, dated, labels[dated])
        best = np.full(len(undated), -1, dtype=np.int64)
        for first in range(0, len(undated), SCORE_ROWS):
            chunk = undated[first : first + SCORE_ROWS]
            scores = (vectors[chunk] @ centroids.T).toarray()
            top = scores.argmax(axis=1)
            best[first : first + len(chunk)] = np.where(
                scores[np.arange(len(chunk)), top] >= settings.undated_threshold, top, -1
            )
        labels[undated[best >= 0]] = best[best >= 0]
    rest = undated[labels[undated] < 0]
    if not len(rest):
        return
    if len(rest) <= settings.max_block:
        i, j, similarity = _text_pairs(vectors, rest, settings.undated_threshold / 3)
        if len(copies):
            i, j = np.r_[i, copies[:, 0]], np.r_[j, copies[:, 1]]
            similarity = np.r_[similarity, np.ones(len(copies), dtype=np.float32)]
        clusters = _average_linkage(rest, i, j, similarity, settings.undated_threshold)
    else:
        clusters = np.arange(len(rest), dtype=np.int64)
    labels[rest] = clusters + next_label


def _centroids(vectors, rows: np.ndarray, labels: np.ndarray) -> sparse.csr_matrix:
    """Unit-length mean vector of each label 0..max (rows × labels membership times the vectors)."""
    count = int(labels.max()) + 1
    membership = sparse.csr_matrix(
        (np.ones(len(rows), dtype=np.float32), (labels, rows)), shape=(count, vectors.shape[0])
    )
    sums = (membership @ vectors).tocsr()
    lengths = np.sqrt(np.asarray(sums.multiply(sums).sum(axis=1)).ravel())
    lengths[lengths == 0] = 1.0
    return sparse.diags((1.0 / lengths).astype(np.float32)) @ sums


def _join_copies(labels: np.ndarray, copies: np.ndarray) -> None:
    """Move the later document of every syndicated pair into the earlier one's story.

    Only the copy moves, never the rest of its story: a false near-duplicate (two pages sharing a
    long template) can misplace one document, not merge two stories.
    """
    for a, b in copies:  # in row order, so a copy of a copy follows the original
        labels[b] = labels[a]


def _story_table(ordered: pd.DataFrame, vectors, labels: np.ndarray, matched: np.ndarray, copies) -> pd.DataFrame:
    rows = np.arange(len(ordered))
    sizes = np.bincount(labels)
    centroids = _centroids(vectors, rows, labels)
    similarity = np.asarray(vectors.multiply(centroids[labels]).sum(axis=1)).ravel().round(3)
    alone = sizes[labels] == 1
    matched = matched.copy()
    matched[alone & (matched == BY_TEXT)] = ALONE
    matched[alone & (matched == UNDATED_BY_TEXT)] = UNDATED_ALONE
    copy_of = np.full(len(ordered), "", dtype=object)
    doc_ids = ordered["doc_id"].to_numpy(dtype=object)
    for a, b in copies:
        copy_of[b] = doc_ids[a]
        matched[b] = BY_COPY
    # Stories numbered from the largest; ties by first date, then first document.
    first_row = pd.Series(rows).groupby(labels).min()
    order = sorted(first_row.index, key=lambda label: (-sizes[label], first_row[label]))
    number = {label: position + 1 for position, label in enumerate(order)}
    table = pd.DataFrame(
        {
            "doc_id": doc_ids,
            "story": [number[label] for label in labels],
            "source": ordered["source"].to_numpy(),
            "date": ordered["date"].to_numpy(),
            "title": ordered["title"].fillna("").to_numpy() if "title" in ordered else "",
            "matched": matched,
            "similarity": np.where(alone, np.nan, similarity),
            "near_duplicate_of": copy_of,
        }
    )
    table["_undated"] = table["date"].isna()
    table = table.sort_values(["story", "_undated", "date", "doc_id"], kind="stable").drop(columns="_undated")
    return table[STORY_COLUMNS].reset_index(drop=True)


def _summary(stories: pd.DataFrame, ordered: pd.DataFrame, vectors, labels: np.ndarray, settings) -> pd.DataFrame:
    """One row per story (see :func:`find_stories`)."""
    number = stories.set_index("doc_id")["story"]
    story_of_row = number.reindex(ordered["doc_id"]).to_numpy()
    count = int(story_of_row.max()) if len(story_of_row) else 0
    membership = sparse.csr_matrix(
        (np.ones(len(ordered), dtype=np.float32), (story_of_row - 1, np.arange(len(ordered)))),
        shape=(count, len(ordered)),
    )
    weights = (membership @ vectors).tocsr()
    titles = ordered["title"].fillna("").astype(str).to_numpy(dtype=object)
    texts = ordered["text"].fillna("").astype(str).to_numpy(dtype=object)
    row_of = pd.Series(np.arange(len(ordered)), index=ordered["doc_id"])
    # Members closest to the centroid first: the label's document, and the first read for terms.
    members = stories.assign(_closeness=stories["similarity"].fillna(1.0), _row=stories["doc_id"].map(row_of))
    members = members.sort_values(["story", "_closeness", "doc_id"], ascending=[True, False, True])
    member_rows = members["_row"].to_numpy()
    bounds = np.searchsorted(members["story"].to_numpy(), np.arange(1, count + 2))
    dated = stories[stories["date"].notna()]
    first_date = dated.groupby("story")["date"].min()
    last_date = dated.groupby("story")["date"].max()
    on_first = dated[dated["date"].to_numpy() == dated["story"].map(first_date).to_numpy()] if len(dated) else dated
    first_source = on_first.groupby("story")["source"].agg(lambda names: "; ".join(sorted(set(names))))
    sources = stories.groupby("story")["source"].nunique()
    labels_out, terms_out = [], []
    for story in range(1, count + 1):
        rows = member_rows[bounds[story - 1] : bounds[story]]
        top = _heaviest(weights, story - 1, TOP_TERMS)
        read = [matching_text(titles[row], texts[row], settings.vectors.lead_words) for row in rows[:3]]
        named = term_names(read, top, settings.vectors)
        labels_out.append(_label(titles[rows[0]], texts[rows[0]]))
        terms_out.append("; ".join(_readable(named[column]) for column in top if column in named))
    stories_index = pd.RangeIndex(1, count + 1)
    return pd.DataFrame(
        {
            "story": stories_index,
            "label": labels_out,
            "first_date": first_date.reindex(stories_index).to_numpy(),
            "last_date": last_date.reindex(stories_index).to_numpy(),
            "documents": np.diff(bounds),
            "sources": sources.reindex(stories_index).to_numpy(),
            "first_source": first_source.reindex(stories_index).fillna("").to_numpy(),
            "top_terms": terms_out,
        }
    )[SUMMARY_COLUMNS]


def _heaviest(weights: sparse.csr_matrix, row: int, n: int) -> list[int]:
    """The columns of the ``n`` largest weights of one row, heaviest first (ties by column)."""
    start, stop = weights.indptr[row], weights.indptr[row + 1]
    columns, values = weights.indices[start:stop], weights.data[start:stop]
    order = np.lexsort((columns, -values))[:n]
    return columns[order].tolist()


def _label(title, text) -> str:
    """A document's headline, or the start of its first sentence when it has none."""
    title = " ".join(str(title or "").split())
    if title:
        return title
    words = " ".join(str(text or "").split())
    first = words.split(". ")[0]
    return first if len(first) <= LABEL_CHARS else first[: LABEL_CHARS - 1].rsplit(" ", 1)[0] + " …"


def _readable(term: str) -> str:
    """A term as a reader writes it: the one word the matcher uses for the United States, spelled out."""
    return term.replace("unitedstates", "united states")


def _near_misses(
    stories: pd.DataFrame, summary: pd.DataFrame, ordered: pd.DataFrame, vectors, settings
) -> pd.DataFrame:
    """Lone documents that resemble one of the largest stories (see :func:`find_stories`)."""
    sizes = summary.set_index("story")["documents"]
    candidates = sizes[sizes > 1].index[:NEAR_CANDIDATES].to_numpy()
    alone = stories[stories["story"].map(sizes) == 1]
    if not len(candidates) or alone.empty:
        return pd.DataFrame(columns=NEAR_COLUMNS)
    row_of = pd.Series(np.arange(len(ordered)), index=ordered["doc_id"])
    members = stories[stories["story"].isin(candidates)]
    position = pd.Index(candidates).get_indexer(members["story"])
    centroids = _centroids(vectors, row_of[members["doc_id"]].to_numpy(), position)
    lone_rows = row_of[alone["doc_id"]].to_numpy()
    scores = (vectors[lone_rows] @ centroids.T).toarray()
    best = scores.argmax(axis=1)
    similarity = scores[np.arange(len(lone_rows)), best]
    close = similarity >= settings.threshold
    spans = summary.set_index("story")[["first_date", "last_date"]]
    nearest = candidates[best[close]]
    dates = alone["date"].to_numpy()[close]
    first = spans.loc[nearest, "first_date"].to_numpy()
    last = spans.loc[nearest, "last_date"].to_numpy()
    gap = np.where(dates < first, (first - dates), np.where(dates > last, dates - last, np.timedelta64(0, "D")))
    days = pd.Series(gap).dt.days.where(pd.notna(dates))  # an undated article is no number of days away
    table = pd.DataFrame(
        {
            "doc_id": alone["doc_id"].to_numpy()[close],
            "story": alone["story"].to_numpy()[close],
            "nearest_story": nearest,
            "similarity": similarity[close].round(3),
            "days_apart": days.to_numpy(),
        }
    )
    return table.sort_values(
        ["nearest_story", "similarity", "doc_id"], ascending=[True, False, True], ignore_index=True
    )
