"""Story-matched distinctive terms: within one story, the words each group uses more than the story's
other groups.

Comparing outlets over a whole corpus mixes what each chose to cover with how it told it. Inside
one story every group reports the same event, so what remains is how. The measure is the
log-odds ratio with an informative Dirichlet prior (:func:`helpers.compare.log_odds`): a group's
counts against the story's other groups, the prior taken from the story's own term frequencies
(``prior_scale`` tokens of it), unigrams and two-word phrases counted as separate vocabularies.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import sparse

from helpers.compare import FEW_DOCUMENTS, group_column, log_odds, without_parts
from helpers.exclusions import TermExclusions
from helpers.stories.vectors import NO_EXCLUSIONS, story_terms_of

# The columns, with the group column second.
TERM_COLUMNS = ["story", "term", "ngram", "count", "rest_count", "delta", "z", "documents", "few_documents"]
COLLAPSE = 0.8  # a word inside a listed two-word phrase that has this share of its uses gives way to it


def count_terms(texts: list[str], left_out: TermExclusions = NO_EXCLUSIONS) -> tuple[sparse.csr_matrix, np.ndarray]:
    """Word and two-word-phrase counts of each text (texts × terms) and the terms, in first-seen order
    (:func:`helpers.stories.vectors.story_terms_of`: without ``left_out``'s words and names)."""
    index: dict[str, int] = {}
    rows, columns = [], []
    for row, text in enumerate(texts):
        for term in story_terms_of(text, left_out):
            rows.append(row)
            columns.append(index.setdefault(term, len(index)))
    counts = sparse.csr_matrix((np.ones(len(rows), dtype=np.int64), (rows, columns)), shape=(len(texts), len(index)))
    counts.sum_duplicates()
    return counts, np.array(list(index), dtype=object)


def story_terms(
    docs: pd.DataFrame,
    stories: pd.DataFrame,
    groups: pd.DataFrame,
    chosen,
    min_count: int = 3,
    prior_scale: float = 100.0,
    top_n: int = 10,
    left_out: TermExclusions = NO_EXCLUSIONS,
) -> pd.DataFrame:
    """The terms each group of each chosen story uses more than the story's other groups.

    Args:
        docs: doc_id and text.
        stories: from :func:`helpers.stories.matching.find_stories`.
        groups: doc_id and the group (:func:`helpers.compare.doc_groups`).
        chosen: the stories to compare (each needs two groups or more).
        min_count: fewest occurrences of a term in the story.
        prior_scale: α0, the prior's weight in tokens.
        top_n: terms kept per story and group (highest z first).
        left_out: reporting verbs, honorifics and outlet names never counted
            (:func:`helpers.exclusions.term_exclusions`; the default leaves out nothing).

    Returns:
        story, the group column, term, ngram (1 or 2), count (in the group's documents of the story), rest_count
        (in the story's other documents), delta, z, documents (the group's documents of the story that
        use the term), few_documents (documents is one or two: the term says what those articles
        did); the ``top_n`` highest z per story and group,
        positive z only, a word left out where a listed phrase holds most of its uses ("field",
        "marshal" give way to "field marshal"); sorted by story, group and z.
    """
    name = group_column(groups)
    columns = ["story", name, *TERM_COLUMNS[1:]]
    frames = []
    placed = stories[stories["story"].isin(list(chosen))][["doc_id", "story"]].merge(groups, on="doc_id")
    texts = placed.merge(docs[["doc_id", "text"]], on="doc_id")
    for story, block in texts.groupby("story", sort=True):
        if block[name].nunique() < 2:
            continue
        frames.append(_one_story(story, block, name, min_count, prior_scale, top_n, left_out))
    frames = [frame for frame in frames if len(frame)]
    if not frames:
        return pd.DataFrame(columns=columns)
    return pd.concat(frames, ignore_index=True)[columns]


def _one_story(
    story, block: pd.DataFrame, name: str, min_count: int, prior_scale: float, top_n: int, left_out: TermExclusions
) -> pd.DataFrame:
    counts, terms = count_terms(block["text"].fillna("").astype(str).tolist(), left_out)
    if not len(terms):
        return pd.DataFrame()
    order = np.fromiter((term.count(" ") + 1 for term in terms), np.int64, len(terms))
    names = sorted(block[name].unique())
    code = pd.Index(names).get_indexer(block[name])
    by_group = np.vstack([np.asarray(counts[code == number].sum(axis=0)).ravel() for number in range(len(names))])
    used_by = (counts > 0).astype(np.int64)
    documents = np.vstack([np.asarray(used_by[code == number].sum(axis=0)).ravel() for number in range(len(names))])
    total = by_group.sum(axis=0)
    order_totals = np.array([total[order == n].sum() for n in (1, 2)], dtype=float)
    keep = total >= min_count
    alpha = prior_scale * total / np.maximum(order_totals[order - 1], 1.0)
    rows = []
    for number, group in enumerate(names):
        y_i = by_group[number].astype(float)
        y_j = total - y_i
        n_i = np.array([y_i[order == n].sum() for n in (1, 2)])[order - 1]
        n_j = order_totals[order - 1] - n_i
        delta, z = log_odds(y_i, y_j, n_i, n_j, alpha, prior_scale)
        chosen = np.flatnonzero(keep & (z > 0))
        chosen = chosen[np.lexsort((terms[chosen], -z[chosen]))][: 4 * top_n]
        block = pd.DataFrame(
            {
                "story": story,
                name: group,
                "term": terms[chosen],
                "ngram": order[chosen],
                "count": y_i[chosen].astype("int64"),
                "rest_count": y_j[chosen].astype("int64"),
                "delta": np.round(delta[chosen], 4),
                "z": np.round(z[chosen], 4),
                "documents": documents[number][chosen].astype("int64"),
                "few_documents": documents[number][chosen] <= FEW_DOCUMENTS,
            }
        )
        rows.append(without_parts(block, "count", COLLAPSE).head(top_n))
    return pd.concat(rows, ignore_index=True)


def term_evidence(
    sentences: pd.DataFrame,
    stories: pd.DataFrame,
    groups: pd.DataFrame,
    terms: pd.DataFrame,
    left_out: TermExclusions = NO_EXCLUSIONS,
) -> pd.DataFrame:
    """For each (story, group, term) of :func:`story_terms`, the first sentence of the group's
    documents in that story that uses the term.

    Returns:
        story, the group column, term, z, doc_id, sentence_id, text, note (term, z and sentence, for quoting).
    """
    name = group_column(groups)
    columns = ["story", name, "term", "z", "doc_id", "sentence_id", "text", "note"]
    if terms.empty:
        return pd.DataFrame(columns=columns)
    placed = stories[stories["story"].isin(terms["story"].unique())][["doc_id", "story"]].merge(groups, on="doc_id")
    rows = []
    for (story, group), wanted in terms.groupby(["story", name], sort=True):
        own = placed[(placed["story"] == story) & (placed[name] == group)]["doc_id"]
        candidates = sentences[sentences["doc_id"].isin(own)].sort_values(["doc_id", "sentence"])
        open_terms = dict(zip(wanted["term"], wanted["z"], strict=True))
        for doc_id, sentence_id, text in zip(
            candidates["doc_id"], candidates["sentence_id"], candidates["text"], strict=True
        ):
            present = set(story_terms_of(text, left_out))
            for term in [t for t in open_terms if t in present][:1]:
                z = open_terms.pop(term)
                rows.append(
                    [story, group, term, z, doc_id, sentence_id, text, f"“{term}” (z = {z:.1f}) · {sentence_id}"]
                )
            if not open_terms:
                break
    table = pd.DataFrame(rows, columns=columns)
    return table.sort_values(["story", name, "z"], ascending=[True, True, False], ignore_index=True)
