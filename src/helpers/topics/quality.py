"""How good and how stable topics are: NPMI coherence and top-term agreement across re-fits.

**NPMI** (normalised pointwise mutual information; Bouma 2009, as gensim's ``c_npmi`` when its
window covers each whole text). Each text is one co-occurrence unit. P(w) is the fraction of
texts containing w, P(wi, wj) the fraction containing both, and with ε = 1e-12

    NPMI(wi, wj) = log((P(wi, wj) + ε) / (P(wi) P(wj))) / −log(P(wi, wj) + ε)

A topic's score is the mean over all pairs of its first ``top_n`` terms. It runs from −1 (the
words never meet) through 0 (they meet as often as chance predicts) to 1 (they always meet).
A term that occurs in no text makes its pairs −1. A multi-word term ("white house") occurs in a
text when its words occur adjacent, in order, in the text's token list.

**Stability** (Greene, O'Callaghan & Cunningham 2014, "How many topics? Stability analysis for
topic models"). Two ranked term lists agree by their *average Jaccard*: the mean over depths
d = 1..t of |A[:d] ∩ B[:d]| / |A[:d] ∪ B[:d]|. Two models agree by matching their topics one to
one with the Hungarian algorithm (maximising the summed average Jaccard) and averaging over the
reference model's topics. A number of topics is stable when models fitted on random subsets of
the units find the same topics as the model fitted on all of them.
"""

from __future__ import annotations

import numpy as np
from scipy import sparse

from helpers.errors import InputError
from helpers.topics.vocabulary import binary_matrix

EPSILON = 1e-12


def npmi(topics: list[list[str]], texts: list[list[str]], top_n: int = 10) -> np.ndarray:
    """NPMI coherence of each topic, with each text as one co-occurrence unit.

    Args:
        topics: one list of terms per topic, best first; multi-word terms are space-separated.
        texts: one list of tokens per text (e.g. from :func:`helpers.topics.tokenize`).
        top_n: how many of each topic's first terms are paired.

    Returns:
        One float per topic (NaN for a topic with fewer than two terms).

    Example: texts [a b], [a c], [b c], [a b c] (4 texts); P(a) = P(b) = 3/4, P(a, b) = 2/4,
    NPMI(a, b) = log((1/2) / (9/16)) / −log(1/2) ≈ −0.170.
    """
    if top_n < 2:
        raise InputError(f"top_n: {top_n} is too small; NPMI needs at least 2 terms per topic")
    if not len(texts):
        raise InputError("npmi needs at least one text")
    heads = [list(topic)[:top_n] for topic in topics]
    terms = sorted({term for topic in heads for term in topic})
    matrix = binary_matrix(terms, list(texts))
    column = {term: number for number, term in enumerate(terms)}
    return npmi_from_matrix(matrix, [[column[term] for term in topic] for topic in heads])


def npmi_from_matrix(matrix: sparse.spmatrix, topic_columns: list[list[int]]) -> np.ndarray:
    """NPMI of each topic from a texts × terms matrix (any nonzero counts as present).

    Args:
        matrix: sparse, one row per text (co-occurrence unit), one column per term.
        topic_columns: for each topic, the columns of its top terms.

    Returns:
        One float per topic, as :func:`npmi`.
    """
    used = sorted({column for columns in topic_columns for column in columns})
    position = {column: number for number, column in enumerate(used)}
    present = sparse.csc_matrix(matrix)[:, used]
    present.data = np.ones_like(present.data, dtype=np.float64)
    n_texts = present.shape[0]
    together = (present.T @ present).toarray() / n_texts
    single = np.diag(together).copy()
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.log((together + EPSILON) / np.outer(single, single)) / -np.log(together + EPSILON)
    ratio[np.outer(single, single) == 0] = -1.0
    scores = []
    for columns in topic_columns:
        index = [position[column] for column in columns]
        if len(index) < 2:
            scores.append(np.nan)
            continue
        block = ratio[np.ix_(index, index)]
        scores.append(float(block[np.triu_indices(len(index), k=1)].mean()))
    return np.asarray(scores, dtype=np.float64)


def average_jaccard(first: list[str], second: list[str], depth: int | None = None) -> float:
    """Agreement of two ranked term lists: mean Jaccard of their top-d prefixes, d = 1..depth.

    Example: [a, b, c] and [b, a, d]: d=1 → 0/2, d=2 → 2/2, d=3 → 2/4; mean = 0.5. A list shorter
    than ``depth`` is compared as it is (a topic with no terms agrees with nothing).
    """
    depth = min(len(first), len(second)) if depth is None else depth
    if depth < 1:
        return 0.0
    total = 0.0
    for d in range(1, depth + 1):
        a, b = set(first[:d]), set(second[:d])
        total += len(a & b) / len(a | b) if a | b else 0.0  # an empty topic agrees with nothing
    return total / depth


def agreement(reference: list[list[str]], other: list[list[str]], depth: int | None = None) -> np.ndarray:
    """Per-topic agreement of ``reference`` topics with their Hungarian-matched ``other`` topics.

    Returns:
        One average Jaccard per reference topic (0 for a topic left unmatched when ``other``
        has fewer topics); the model-level agreement is its mean.
    """
    from scipy.optimize import linear_sum_assignment

    similarity = np.array([[average_jaccard(a, b, depth) for b in other] for a in reference]).reshape(
        len(reference), len(other)
    )
    per_topic = np.zeros(len(reference))
    if similarity.size:
        rows, cols = linear_sum_assignment(similarity, maximize=True)
        per_topic[rows] = similarity[rows, cols]
    return per_topic


def stability(reference: list[list[str]], resamples: list[list[list[str]]], depth: int | None = None) -> np.ndarray:
    """Per-topic stability: mean agreement of each reference topic over the resample models.

    Returns:
        One value in [0, 1] per reference topic; the model's stability is its mean.
    """
    if not resamples:
        return np.full(len(reference), np.nan)
    return np.mean([agreement(reference, other, depth) for other in resamples], axis=0)
