"""Fit NMF topics from a stream of text chunks, for corpora too large to hold as one matrix.

Two passes, the way a partitioned (e.g. Dask) corpus is processed:

1. Fix the terms: ``vocabulary = Vocabulary.fit(sample_texts, TermSettings(...))`` on a sample
   of the corpus (a few thousand documents is plenty). Its document frequencies also fix the
   IDF weights, so every chunk is weighted the same way.
2. Stream: ``model = fit_stream(chunks, vocabulary, k=20)``, where ``chunks`` yields lists of
   texts (one list per partition), or call ``model.partial_fit(texts)`` once per partition.
   Each chunk is counted with the fixed vocabulary, TF-IDF weighted and passed to
   scikit-learn's ``MiniBatchNMF.partial_fit``.

Then ``model.transform(texts)`` gives topic shares for any chunk, and ``model.terms()`` the top
terms. The result depends on the order of the chunks; keep it fixed for reproducible results.
One pass over the stream is one epoch; for more, chain the chunks again.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

from helpers.errors import InputError
from helpers.topics.model import top_terms
from helpers.topics.vocabulary import Vocabulary


def tfidf(counts, vocabulary: Vocabulary):
    """TF-IDF as scikit-learn's ``TfidfTransformer(sublinear_tf=True)``, with IDF from ``vocabulary.df``."""
    from sklearn.preprocessing import normalize

    idf = np.log((1 + vocabulary.n_fitted) / (1 + vocabulary.df)) + 1
    weighted = counts.astype(np.float64, copy=True).tocsr()
    weighted.data = 1 + np.log(weighted.data)
    weighted = weighted.multiply(idf[None, :]).tocsr()
    return normalize(weighted, norm="l2", copy=False)


class StreamingTopics:
    """NMF topics fitted chunk by chunk on a fixed vocabulary (see the module notes).

    Args:
        vocabulary: the fixed terms, from :meth:`Vocabulary.fit` on a sample.
        k: number of topics.
        random_state: seed of the minibatch algorithm.
        batch_size: rows per minibatch step inside a chunk.
    """

    def __init__(self, vocabulary: Vocabulary, k: int, random_state: int = 0, batch_size: int = 2048):
        from sklearn.decomposition import MiniBatchNMF

        if not 2 <= k <= 500:
            raise InputError(f"k: {k} is out of range; use 2 to 500 topics")
        self.vocabulary = vocabulary
        self.k = k
        self.units_seen = 0
        self.estimator = MiniBatchNMF(
            n_components=k, init="nndsvda", batch_size=batch_size, random_state=random_state, fresh_restarts=False
        )
        self._started = False

    def partial_fit(self, texts: list[str]) -> StreamingTopics:
        """Update the topics with one chunk of texts (texts without known terms are skipped)."""
        matrix = tfidf(self.vocabulary.transform(texts), self.vocabulary)
        matrix = matrix[np.flatnonzero(matrix.getnnz(axis=1) > 0)]
        if not self._started and matrix.shape[0] < self.k:
            raise InputError(
                f"the first chunk has {matrix.shape[0]} usable texts, fewer than k={self.k}; make the chunks larger"
            )
        if matrix.shape[0]:
            self.estimator.partial_fit(matrix)
            self._started = True
            self.units_seen += matrix.shape[0]
        return self

    def transform(self, texts: list[str]) -> np.ndarray:
        """Topic shares of each text (rows sum to 1; NaN for a text without known terms)."""
        weights = self.estimator.transform(tfidf(self.vocabulary.transform(texts), self.vocabulary))
        with np.errstate(invalid="ignore", divide="ignore"):
            return weights / weights.sum(axis=1, keepdims=True)

    def terms(self, top_n: int = 10) -> list[list[str]]:
        """The top terms of each topic (redundant words dropped, as in :func:`top_terms`)."""
        return [top_terms(row, self.vocabulary.terms, top_n) for row in self.estimator.components_]


def fit_stream(
    chunks: Iterable[list[str]], vocabulary: Vocabulary, k: int, random_state: int = 0, batch_size: int = 2048
) -> StreamingTopics:
    """Fit :class:`StreamingTopics` with one pass over ``chunks`` (an iterable of lists of texts)."""
    model = StreamingTopics(vocabulary, k, random_state=random_state, batch_size=batch_size)
    for chunk in chunks:
        model.partial_fit(list(chunk))
    if not model.units_seen:
        raise InputError("the stream had no texts with known terms; check the chunks and the vocabulary")
    return model
