"""What a document says, as a vector two articles about the same event share: words of its headline
and opening paragraphs, weighted by how rare they are.

An article's headline and first paragraphs name the event (who, what, where); the rest of a long
piece drifts into background and analysis, which makes articles on different events look alike.
So each document is read as its title (twice: headlines are short and dense) plus its first
``lead_words`` words. Terms are lower-cased words (and, if asked, adjacent pairs: they add many
terms no other article has, which dilutes the similarity of two articles about one event), leaving
out English stop words, news boilerplate (:func:`helpers.wordlists.news_stopwords`) and numbers.

Terms are hashed into a fixed number of columns (CRC-32 of the term, modulo :data:`FEATURES`),
so every partition of documents is counted on its own, anywhere (forked workers or Dask), and the
counts of all partitions line up without a shared vocabulary. The weights are then computed over the whole
corpus: ``(1 + log tf) × idf`` with ``idf = log((1 + n) / (1 + df)) + 1``, each document scaled
to length 1, so the dot product of two documents is their cosine similarity.
"""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass
from functools import lru_cache, partial

import numpy as np
import pandas as pd
from scipy import sparse

from helpers.engine import Engine, map_partitions
from helpers.errors import InputError
from helpers.exclusions import REMOVED, TermExclusions, remove_names
from helpers.wordlists import news_stopwords

NO_EXCLUSIONS = TermExclusions()

FEATURES = 2**20  # hashed columns: collisions between two of a corpus's terms are rare at this size
# A word starts with a letter and has at least two characters; numbers and single letters are no terms.
TOKEN_PATTERN = r"(?u)\b[^\W\d_][\w'’-]*[^\W_]\b"


@dataclass(frozen=True)
class VectorSettings:
    """How documents become vectors.

    Attributes:
        lead_words: words of the text read after the title (0: the whole text).
        bigrams: also count adjacent word pairs (off: on AllSides and on the seeds they lowered the
            similarity of articles about one event more than that of unrelated ones).
    """

    lead_words: int = 60
    bigrams: bool = False

    def validate(self) -> None:
        """Raise :class:`InputError` for values out of range."""
        if self.lead_words < 0:
            raise InputError(f"lead_words: {self.lead_words} must be 0 (the whole text) or more")


_TOKEN = re.compile(TOKEN_PATTERN)


@lru_cache(maxsize=1)
def _stop_words() -> frozenset[str]:
    return news_stopwords()


def terms_of(text: str, bigrams: bool = False) -> list[str]:
    """The terms of a text: lower-cased words of two characters or more that start with a letter,
    without stop words; with ``bigrams``, also each pair of neighbouring kept words."""
    stop = _stop_words()
    words = [word for word in _TOKEN.findall(_POSSESSIVE.sub("", text.lower())) if word not in stop]
    if bigrams:
        return words + [f"{a} {b}" for a, b in zip(words, words[1:], strict=False)]
    return words


def story_terms_of(text: str, left_out: TermExclusions = NO_EXCLUSIONS) -> list[str]:
    """The words and two-word phrases of a text for story-matched terms: as :func:`terms_of` with
    ``bigrams``, but also without ``left_out``'s words and outlet names, and no phrase is formed
    across any word left out ("officials said talks" gives no "officials talks")."""
    stop = _stop_words() | left_out.words
    words, phrases = [], []
    for piece in remove_names(text, left_out).split(REMOVED):
        previous = None
        for word in _TOKEN.findall(_POSSESSIVE.sub("", piece.lower())):
            if word in stop:
                previous = None
                continue
            words.append(word)
            if previous is not None:
                phrases.append(f"{previous} {word}")
            previous = word
    return words + phrases


@lru_cache(maxsize=1_000_000)
def column_of(term: str) -> int:
    """The hashed column of a term."""
    return zlib.crc32(term.encode("utf-8")) % FEATURES


_SPACE = re.compile(r"\s+")
_POSSESSIVE = re.compile(r"['’]s\b")
# The United States is written in many ways, one of them a stop word ("US"): one term for all.
_UNITED_STATES = re.compile(r"\b(?:U\.S\.A?\.?|USA|US|United States(?: of America)?|America)(?![\w.])")


def matching_text(title: str, text: str, lead_words: int) -> str:
    """The text a document is matched by: its title twice, then the first ``lead_words`` words.

    Possessives are dropped ("Pakistan’s" is "Pakistan") and the ways of writing the United States
    become one word.
    """
    words = text.split(None, lead_words)[:lead_words] if lead_words else [text]
    title = _SPACE.sub(" ", title or "").strip()
    joined = f"{title}. {title}. {' '.join(words)}" if title else " ".join(words)
    return _UNITED_STATES.sub(" unitedstates ", _POSSESSIVE.sub("", joined))


def count_partition(part: pd.DataFrame, settings: VectorSettings) -> sparse.csr_matrix:
    """Hashed term counts of one partition of documents (title, text), one row per document (pure)."""
    columns, lengths = [], []
    for title, text in zip(part["title"].fillna("").astype(str), part["text"].fillna("").astype(str), strict=True):
        found = [
            column_of(term) for term in terms_of(matching_text(title, text, settings.lead_words), settings.bigrams)
        ]
        columns.extend(found)
        lengths.append(len(found))
    rows = np.repeat(np.arange(len(lengths)), lengths)
    counts = sparse.csr_matrix(
        (np.ones(len(columns), dtype=np.float32), (rows, np.asarray(columns, dtype=np.int64))),
        shape=(len(lengths), FEATURES),
    )
    counts.sum_duplicates()
    return counts


def document_vectors(
    docs: pd.DataFrame, settings: VectorSettings = VectorSettings(), engine: Engine | None = None
) -> sparse.csr_matrix:
    """Every document as a unit-length TF-IDF vector of hashed terms, in the order of ``docs``.

    Args:
        docs: doc_id, title and text of every document.
        settings: :class:`VectorSettings`.
        engine: where the counting runs, partition by partition (default: this machine).

    Returns:
        A documents × :data:`FEATURES` CSR matrix (float32); a document without any term is a row
        of zeros.
    """
    settings.validate()
    frame = docs[["doc_id", "title", "text"]]
    parts = map_partitions(partial(count_partition, settings=settings), frame, engine or Engine(), desc="story terms")
    counts = sparse.vstack(parts, format="csr") if parts else sparse.csr_matrix((0, FEATURES), dtype=np.float32)
    return weigh(counts)


def weigh(counts: sparse.csr_matrix) -> sparse.csr_matrix:
    """Counts → ``(1 + log tf) × idf``, rows scaled to unit length (see the module docstring)."""
    counts = counts.tocsr(copy=True)
    counts.sum_duplicates()
    n = counts.shape[0]
    df = np.bincount(counts.indices, minlength=counts.shape[1])
    idf = (np.log((1.0 + n) / (1.0 + df)) + 1.0).astype(np.float32)
    counts.data = (1.0 + np.log(counts.data)).astype(np.float32) * idf[counts.indices]
    lengths = np.sqrt(np.asarray(counts.multiply(counts).sum(axis=1)).ravel())
    lengths[lengths == 0] = 1.0
    return sparse.diags((1.0 / lengths).astype(np.float32)) @ counts


def term_names(texts: list[str], columns, settings: VectorSettings = VectorSettings()) -> dict[int, str]:
    """The terms of ``texts`` (as :func:`matching_text` gives them) that hash to ``columns``.

    Hashing forgets the words; to name a story's heaviest columns, its documents are read again and
    each of their terms is hashed to see where it lands (the first term found per column wins).
    """
    wanted = {int(column) for column in columns}
    found: dict[int, str] = {}
    for text in texts:
        for term in dict.fromkeys(terms_of(text, settings.bigrams)):
            column = column_of(term)
            if column in wanted and column not in found:
                found[column] = term
        if len(found) == len(wanted):
            break
    return found
