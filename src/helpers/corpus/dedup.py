"""Flag near-duplicate documents: syndicated copies, reposts and lightly spun rewrites.

Two documents are compared by the word 3-grams ("shingles") they share. Each word is hashed
once (vectorised: :func:`word_hashes`), each shingle is a 64-bit mix of three word hashes, and only shingles whose
hash falls in a fixed 1-in-``SAMPLE`` slice are kept: the same slice for every document, so a
shingle two documents share is kept in both or in neither, and the shared fraction is estimated
without bias from a quarter of the work. Shingles found in one document cannot make a pair, and
shingles found in very many documents are boilerplate ("according to the"); both are dropped
before a sparse document × shingle product counts the shared shingles of every pair that shares
any, with no loop over pairs.

``similarity`` is the overlap coefficient |A ∩ B| / min(|A|, |B|): 1.0 when one document is
contained in the other (a short repost of a long article), about 0.5–0.9 for spun copies that
swap one word in ten, near 0 for distinct articles on the same story. Documents shorter than
``MIN_SHINGLES`` sampled shingles are too short to judge and are never paired.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import sparse

SHINGLE = 3
SAMPLE = 4
MIN_SHINGLES = 5
MAX_WORDS = 5_000
MAX_SHARED_DOCS = 50
PAIR_BLOCK = 2000  # documents whose pairs are computed at once
_MIX = np.uint64(0x9E3779B97F4A7C15)
_P = np.uint64(0x100000001B3)  # odd, so it has an inverse modulo 2^64
_P_INVERSE = np.uint64(pow(0x100000001B3, -1, 1 << 64))


_POWERS: list[np.ndarray] = []
_POWER_BLOCK = 1 << 12


def _power_table(base: np.uint64, size: int) -> np.ndarray:
    """base^i modulo 2^64 for i < size: a block of powers times the powers of base^block, one
    multiplication per entry (a cumulative product over all of them runs ten times longer)."""
    with np.errstate(over="ignore"):
        small = np.concatenate(([np.uint64(1)], np.cumprod(np.full(_POWER_BLOCK - 1, base, dtype=np.uint64))))
        step = small[-1] * base
        rows = -(-size // _POWER_BLOCK)
        big = np.concatenate(([np.uint64(1)], np.cumprod(np.full(rows - 1, step, dtype=np.uint64))))
        return np.multiply.outer(big, small).ravel()[:size]


def _powers(length: int) -> tuple[np.ndarray, np.ndarray]:
    """P^i and P^-i modulo 2^64 for i < length, computed once per process and reused."""
    if not _POWERS or len(_POWERS[0]) < length:
        size = max(length + length // 2, 1 << 22)
        _POWERS[:] = [_power_table(base, size) for base in (_P, _P_INVERSE)]
    return _POWERS[0][:length], _POWERS[1][:length]


def _letter_table() -> np.ndarray:
    """For every code point, whether it counts as a letter of a word (see :func:`word_hashes`)."""
    codes = np.arange(0x110000, dtype=np.uint32)
    return (
        ((codes >= 48) & (codes <= 57))
        | ((codes >= 97) & (codes <= 122))
        | (codes == 95)
        | ((codes >= 0xC0) & (codes != 0xD7) & (codes != 0xF7) & ~((codes >= 0x2000) & (codes <= 0x2BFF)))
    ) & ~((codes >= 0x3000) & (codes <= 0x303F))


_LETTERS: list[np.ndarray] = []
_FOLDS: list[np.ndarray] = []
_UNFOLDED = np.uint32(0xFFFFFFFF)  # a character whose case folding is more than one character


def _fold_table() -> np.ndarray:
    """``str.casefold`` of every character below U+10000 that folds to one character, as a code point
    (``_UNFOLDED`` for the few that fold to more, such as "ß" → "ss")."""
    folds = [chr(code).casefold() for code in range(0x10000)]
    return np.array([ord(fold) if len(fold) == 1 else _UNFOLDED for fold in folds], dtype=np.uint32)


def _casefolded_codes(texts: list[str]) -> np.ndarray:
    """The code points of ``"\\n".join(texts).casefold()``: folded by table look-up, except for the
    texts with a character the table cannot fold (above U+FFFF, or folding to more than one
    character), which ``str.casefold`` folds."""
    if not _FOLDS:
        _FOLDS.append(_fold_table())
    codes = np.frombuffer("\n".join(texts).encode("utf-32-le"), dtype=np.uint32)
    folded = _FOLDS[0][np.minimum(codes, 0xFFFF)]
    odd = (codes > 0xFFFF) | (folded == _UNFOLDED)
    if not odd.any():
        return folded
    bounds = np.cumsum([0] + [len(text) + 1 for text in texts])
    unusual = set((np.searchsorted(bounds, np.flatnonzero(odd), side="right") - 1).tolist())
    pieces, start = [], 0  # runs of ordinary texts from the table, each unusual text on its own
    for number in sorted(unusual):
        pieces.append(folded[bounds[start] : bounds[number]])
        text = texts[number].casefold() + ("\n" if number < len(texts) - 1 else "")
        pieces.append(np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32))
        start = number + 1
    pieces.append(folded[bounds[start] : len(codes)])
    return np.concatenate(pieces)


def word_hashes(texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """A 64-bit hash of every word of every text, computed without a Python loop over words.

    The texts are joined, case-folded and viewed as an array of code points. A word is a run of
    letters, digits or underscores (any code point from U+00C0 up counts as a letter, except
    punctuation and symbol blocks). The hash of a word of code points c_0 … c_{n-1} is
    sum c_j·P^j (mod 2^64, P odd), so it depends on the word only, not on where it stands. It is
    read off prefix sums S of c_i·P^i over the letters alone (the words laid end to end): the word
    at [a, b) there hashes to (S_b − S_a)·P^−a.

    Returns:
        ``(doc_index, hashes)``: for each word, the text it belongs to and its hash, in order.
    """
    if not texts:
        return np.empty(0, np.int64), np.empty(0, np.uint64)
    if not _LETTERS:
        _LETTERS.append(_letter_table())
    codes = _casefolded_codes(texts)
    letters = _LETTERS[0][codes]
    edges = np.diff(letters.view(np.int8), prepend=np.int8(0), append=np.int8(0))
    starts, ends = np.flatnonzero(edges == 1), np.flatnonzero(edges == -1)
    # Where each word starts and ends among the letters only.
    ends_among = np.cumsum(ends - starts)
    starts_among = ends_among - (ends - starts)
    with np.errstate(over="ignore"):
        letter_codes = codes[letters].astype(np.uint64)
        powers, inverse = _powers(len(letter_codes))
        prefix = np.concatenate(([np.uint64(0)], np.cumsum(letter_codes * powers, dtype=np.uint64)))
        hashes = (prefix[ends_among] - prefix[starts_among]) * inverse[starts_among]
        hashes ^= hashes >> np.uint64(29)
        hashes *= _MIX
        hashes ^= hashes >> np.uint64(32)
    text_starts = np.cumsum([0] + [len(text) + 1 for text in texts[:-1]])
    return np.searchsorted(text_starts, starts, side="right") - 1, hashes


def shingle_sets(texts: list[str], sample: int = SAMPLE) -> tuple[np.ndarray, np.ndarray]:
    """The sampled, de-duplicated shingles of each text.

    Returns:
        ``(doc_index, shingle)``: parallel arrays, one entry per distinct (document, shingle).
    """
    doc_of_word, hashed = word_hashes([text[: MAX_WORDS * 12] for text in texts])
    if len(hashed) < SHINGLE:
        return np.empty(0, np.int64), np.empty(0, np.uint64)
    with np.errstate(over="ignore"):
        mixed = hashed[:-2] * _MIX + (hashed[1:-1] ^ (hashed[1:-1] >> np.uint64(31))) * np.uint64(3)
        mixed = (mixed ^ (mixed >> np.uint64(29))) * _MIX + hashed[2:]
        mixed ^= mixed >> np.uint64(32)
    same_doc = doc_of_word[:-2] == doc_of_word[2:]
    keep = same_doc & (mixed % np.uint64(sample) == 0)
    # Pack (document, 40 bits of shingle) into one integer so one sort de-duplicates both.
    packed = np.sort((doc_of_word[:-2][keep].astype(np.uint64) << np.uint64(40)) | (mixed[keep] >> np.uint64(24)))
    if len(packed):
        packed = packed[np.concatenate(([True], packed[1:] != packed[:-1]))]
    return (packed >> np.uint64(40)).astype(np.int64), packed & np.uint64((1 << 40) - 1)


def near_duplicates(doc_ids: list[str], texts: list[str], threshold: float = 0.5, sample: int = SAMPLE) -> pd.DataFrame:
    """Find pairs of documents that share most of their word 3-grams.

    Args:
        doc_ids: one id per text.
        texts: the cleaned texts.
        threshold: the smallest overlap coefficient reported (0–1).
        sample: keep one shingle in ``sample`` (1 keeps all: exact, and slower).

    Returns:
        One row per pair, most similar first: doc_a, doc_b (doc_a sorts before doc_b),
        shared (sampled shingles in common), similarity (overlap coefficient, 0–1).
    """
    doc_index, shingles = shingle_sets(texts, sample)
    return pair(doc_ids, doc_index, shingles, threshold)


def _useful_entries(doc_index: np.ndarray, shingles: np.ndarray, sizes: np.ndarray) -> tuple[np.ndarray, ...]:
    """The (document, shingle) entries that can make a pair: of a shingle found in 2 to
    ``MAX_SHARED_DOCS`` documents, in a document of at least ``MIN_SHINGLES`` shingles.

    Returns:
        ``(rows, columns, width)``: each entry's document and a number for its shingle (one per
        distinct shingle, ``0 … width − 1``).

    Entries are grouped by shingle with one sort. Document and shingle are packed into one integer
    where they fit (shingles from :func:`shingle_sets` have 40 bits): a sort of values runs several
    times faster than the sort of positions ``np.unique`` needs.
    """
    doc_bits = max(len(sizes) - 1, 1).bit_length()
    if int(shingles.max()) >= 1 << (64 - doc_bits):
        _, column, doc_freq = np.unique(shingles, return_inverse=True, return_counts=True)
        doc_freq = doc_freq[column]
    else:
        packed = np.sort((shingles.astype(np.uint64) << np.uint64(doc_bits)) | doc_index.astype(np.uint64))
        values = packed >> np.uint64(doc_bits)
        starts = np.flatnonzero(np.concatenate(([True], values[1:] != values[:-1])))
        lengths = np.diff(np.append(starts, len(packed)))
        doc_index = (packed & np.uint64((1 << doc_bits) - 1)).astype(np.int64)
        column, doc_freq = np.repeat(np.arange(len(starts)), lengths), np.repeat(lengths, lengths)
    useful = (doc_freq >= 2) & (doc_freq <= MAX_SHARED_DOCS) & (sizes[doc_index] >= MIN_SHINGLES)
    rows, column = doc_index[useful], column[useful]
    # Numbered among the shingles kept only: the columns of no entry would cost every transpose.
    kept = np.zeros(int(column.max()) + 1 if len(column) else 0, dtype=bool)
    kept[column] = True
    return rows, (np.cumsum(kept) - 1)[column], int(kept.sum())


def pair(doc_ids: list[str], doc_index: np.ndarray, shingles: np.ndarray, threshold: float) -> pd.DataFrame:
    """Pairs of documents whose shingle sets overlap by at least ``threshold``.

    Args:
        doc_ids: every document's id; ``doc_index`` points into it.
        doc_index, shingles: parallel arrays from :func:`shingle_sets` (distinct per document).
        threshold: the smallest overlap coefficient reported (0–1).

    Returns:
        See :func:`near_duplicates`.
    """
    columns = ["doc_a", "doc_b", "shared", "similarity"]
    texts = doc_ids
    if len(doc_ids) < 2 or len(shingles) == 0:
        return pd.DataFrame(columns=columns)
    sizes = np.bincount(doc_index, minlength=len(texts))
    entries, shingle_of, width = _useful_entries(doc_index, shingles, sizes)
    matrix = sparse.csr_matrix(
        (np.ones(len(entries), dtype=np.int32), (entries, shingle_of)), shape=(len(texts), width)
    )
    # Shared shingles of every pair, a block of documents at a time: the whole documents ×
    # documents product held 1.2 GB at once on 37k articles; only pairs above the threshold stay.
    # The transpose in CSR, as the blocks are: a product of CSR by CSC converts it for every block.
    transposed = matrix.T.tocsr()
    rows, cols, counts, similarities, any_shared = [], [], [], [], False
    for start in range(0, matrix.shape[0], PAIR_BLOCK):
        block = (matrix[start : start + PAIR_BLOCK] @ transposed).tocoo()
        row = block.row + start
        upper = block.col > row
        row, col, count = row[upper], block.col[upper], block.data[upper]
        any_shared = any_shared or len(row) > 0
        similarity = count / np.maximum(np.minimum(sizes[row], sizes[col]), 1)
        keep = similarity >= threshold
        rows.append(row[keep])
        cols.append(col[keep])
        counts.append(count[keep])
        similarities.append(similarity[keep])
    if not any_shared:
        return pd.DataFrame(columns=columns)
    row, col = np.concatenate(rows), np.concatenate(cols)
    labels = np.asarray(doc_ids, dtype=object)
    a, b = labels[row], labels[col]
    result = pd.DataFrame(
        {
            "doc_a": np.where(a <= b, a, b),
            "doc_b": np.where(a <= b, b, a),
            "shared": np.concatenate(counts).astype(np.int64),
            "similarity": np.concatenate(similarities).round(4),
        }
    )
    return result.sort_values(["similarity", "doc_a", "doc_b"], ascending=[False, True, True], ignore_index=True)
