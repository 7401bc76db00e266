"""Text to terms: the tokenizer, the news stopword list, and a vectorised term counter.

A *term* is a word (``pakistan``) or a pair of adjacent words (``white house``). How text becomes
terms, step by step:

1. Names of four places and bodies become one token each, case-sensitively, so the country "US"
   is not lost as the pronoun "us": U.S., US, USA and United States → ``u.s.``; U.K., UK and
   United Kingdom → ``u.k.``; U.N., UN and United Nations → ``u.n.``; E.U., EU and
   European Union → ``e.u.``.
2. Possessive 's is dropped, the text is lower-cased, and tokens are runs of letters (digits,
   hyphens and apostrophes split tokens: "covid-19" → covid, "don't" → don, t).
3. Unigram terms are the tokens of two or more letters that are not stopwords. A bigram term is
   two such tokens that are adjacent in the token stream (with stopwords and one-letter tokens
   still in it): "the White House said" gives ``white house``, "House of Representatives" gives
   no bigram, and "Donald J. Trump" gives no ``donald trump``.

Counting is vectorised. A batch of texts is joined into one array of code points (with a NUL
between texts, which no pattern or token crosses); steps 1 and 2 run on that array with numpy,
trying the initialism pattern only at capital U and E and classifying each distinct non-ASCII
character with the same regular expression classes, so the tokens are exactly those of
:func:`tokenize`. The tokens are hashed to integer codes with pyarrow, and bigrams, document
frequencies and the sparse matrix are built with numpy: no Python loop over tokens and no Python string per
token.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import chain

import numpy as np
import pandas as pd
import pyarrow as pa
from scipy import sparse

from helpers.errors import InputError
from helpers.wordlists import news_stopwords

# Starts with a character class (not a lookbehind) so the regex engine can skip ahead quickly.
_INITIALISM = re.compile(
    r"[UE](?<![\w.][UE])(?:\.S\.A\.|\.S\.|SA|S|\.K\.|K|\.N\.|N|\.U\.|U"
    r"|nited States|nited Kingdom|nited Nations|uropean Union)(?!\w)"
)
_CANONICAL = {
    "USA": "U.S.", "US": "U.S.", "UnitedStates": "U.S.", "UK": "U.K.", "UnitedKingdom": "U.K.",
    "UN": "U.N.", "UnitedNations": "U.N.", "EU": "E.U.", "EuropeanUnion": "E.U.",
}  # fmt: skip
_REPLACEMENT_POINTS = {
    text: np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32) for text in set(_CANONICAL.values())
}
_POSSESSIVE = re.compile(r"['’]s\b")
_TOKEN = re.compile(r"u\.s\.|u\.k\.|u\.n\.|e\.u\.|[^\W\d_]+")
_LETTER = re.compile(r"[^\W\d_]")  # the letter class of _TOKEN
_WORD = re.compile(r"\w")  # word characters, as \b in _POSSESSIVE sees them
_ASCII_LETTER = np.array([_LETTER.fullmatch(chr(point)) is not None for point in range(128)])
_ASCII_WORD = np.array([_WORD.fullmatch(chr(point)) is not None for point in range(128)])
_CAPITAL_SIGMA = 0x3A3  # lowers to σ or ς depending on its neighbours
_SEPARATOR = "\x00"  # between the texts of a batch: neither a letter nor a dot
_U, _E, _DOT = ord("u"), ord("e"), ord(".")
_AFTER_U = np.array([ord("s"), ord("k"), ord("n")], dtype=np.uint32)
_CHUNK_DOCS = 4096
_SHIFT = np.int64(1 << 32)  # pair key of two codes within a batch: first * 2**32 + second
_PAIR = np.int64(1 << 24)  # pair key of two corpus-wide word ids (fewer than 2**24 distinct words)


def _canonical(match: re.Match) -> str:
    return _CANONICAL.get(match.group(0).replace(".", "").replace(" ", ""), match.group(0))


def tokenize(text: str) -> list[str]:
    """Split one text into lower-case word tokens, stopwords included (see the module notes).

    Example: ``tokenize("The U.S. and Pakistan's army won't")`` →
    ``["the", "u.s.", "and", "pakistan", "army", "won", "t"]``.
    """
    return _TOKEN.findall(_POSSESSIVE.sub("", _INITIALISM.sub(_canonical, text)).lower())


@dataclass
class _Stream:
    """Tokens of a batch of texts as integer codes: what the counter works on."""

    codes: np.ndarray  # int64 code of each token
    doc: np.ndarray  # int64 text index of each token
    words: np.ndarray  # object array: the word of each code
    n_texts: int


def _stream(token_lists: list[list[str]]) -> _Stream:
    lengths = np.fromiter(map(len, token_lists), dtype=np.int64, count=len(token_lists))
    flat = np.fromiter(chain.from_iterable(token_lists), dtype=object, count=int(lengths.sum()))
    codes, words = pd.factorize(flat)
    doc = np.repeat(np.arange(len(token_lists), dtype=np.int64), lengths)
    return _Stream(codes.astype(np.int64), doc, np.asarray(words, dtype=object), len(token_lists))


def _classes(points: np.ndarray, ascii_class: np.ndarray, pattern: re.Pattern) -> np.ndarray:
    """Whether each code point is in a one-character regex class (``ascii_class`` below 128)."""
    result = ascii_class[np.minimum(points, 127)]
    high = np.flatnonzero(points >= 0x80)
    if len(high):
        distinct, inverse = np.unique(points[high], return_inverse=True)
        result[high] = np.array([pattern.fullmatch(chr(point)) is not None for point in distinct.tolist()])[inverse]
    return result


def _text_starts(lengths: np.ndarray) -> np.ndarray:
    """Where each text starts in the batch string (texts joined with one separator between them)."""
    return np.cumsum(np.r_[0, lengths[:-1] + 1]).astype(np.int64) if len(lengths) else np.empty(0, dtype=np.int64)


def _shift(starts: np.ndarray, positions: np.ndarray, growth: np.ndarray) -> np.ndarray:
    """Text starts after each edit at ``positions`` grew (or, negative, shrank) its text by ``growth``."""
    text = np.searchsorted(starts, positions, side="right") - 1
    per_text = np.bincount(text, weights=growth, minlength=len(starts)).astype(np.int64)
    return starts + np.r_[0, np.cumsum(per_text)[:-1]].astype(np.int64)


def _replace_initialisms(joined: str, points: np.ndarray, starts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Step 1 on a batch: ``_INITIALISM.sub(_canonical, text)`` for every text at once.

    The pattern only matches at a capital U or E, so it is tried there (and only after the end of
    the previous match, as ``sub`` does); the separator between texts is neither a word character
    nor a dot, so it looks like the start or end of a text to the pattern.
    """
    pieces, growth, at, copied, scanned = [], [], [], 0, 0
    for position in np.flatnonzero((points == ord("U")) | (points == ord("E"))).tolist():
        if position < scanned:
            continue
        match = _INITIALISM.match(joined, position)
        if match is None:
            continue
        scanned = match.end()
        replacement = _canonical(match)
        if replacement != match.group(0):
            pieces += [points[copied : match.start()], _REPLACEMENT_POINTS[replacement]]
            growth.append(len(replacement) - (match.end() - match.start()))
            at.append(match.start())
            copied = match.end()
    if not at:
        return points, starts
    pieces.append(points[copied:])
    return np.concatenate(pieces), _shift(starts, np.asarray(at), np.asarray(growth, dtype=np.float64))


def _drop_possessives(points: np.ndarray, starts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Step 2's ``_POSSESSIVE.sub("", text)`` on a batch: an apostrophe, s, and no word character next."""
    if len(points) < 2:
        return points, starts
    at = np.flatnonzero(((points[:-1] == ord("'")) | (points[:-1] == ord("’"))) & (points[1:] == ord("s")))
    at = at[(at + 2 == len(points)) | ~_classes(points[np.minimum(at + 2, len(points) - 1)], _ASCII_WORD, _WORD)]
    if not len(at):
        return points, starts
    keep = np.ones(len(points), dtype=bool)
    keep[at] = keep[at + 1] = False
    return points[keep], _shift(starts, at, np.full(len(at), -2.0))


def _lower(points: np.ndarray, starts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``str.lower`` of every text of a batch.

    Character by character (``chr(c).lower()``), which is what ``str.lower`` does except for
    capital sigma (final or not, by context) and the few characters whose lower case is longer
    (İ → i̇): a batch with either is lowered as one string, which the NUL between texts keeps
    equal to lowering each text (it is neither cased nor ignorable for the sigma rule).
    """
    upper = (points - np.uint32(ord("A"))) < 26  # A to Z (code points below A wrap round to large ones)
    lowered = points + (upper.view(np.uint8) << 5).astype(np.uint32)  # + 32
    high = np.flatnonzero(points >= 0x80)
    if not len(high):
        return lowered, starts
    distinct, inverse = np.unique(points[high], return_inverse=True)
    cases = [chr(point).lower() for point in distinct.tolist()]
    if not (distinct == _CAPITAL_SIGMA).any() and all(len(case) == 1 for case in cases):
        lowered[high] = np.array([ord(case) for case in cases], dtype=np.uint32)[inverse]
        return lowered, starts
    text = points.tobytes().decode("utf-32-le", "surrogatepass")
    size = np.ones(len(points) + 1, dtype=np.int64)
    size[high] = np.array([len(case) for case in cases], dtype=np.int64)[inverse]
    return _code_points(text.lower()), (np.cumsum(size) - size)[starts]


def _code_points(text: str) -> np.ndarray:
    return np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)


def _text_stream(texts: list[str]) -> _Stream:
    """The tokens of ``texts`` as :func:`tokenize` gives them, coded in one pass over the batch.

    The texts are joined with a NUL between them (not a letter, word character or dot, so no match
    or token spans two texts) and encoded as one array of code points; steps 1 and 2 of the module
    notes run on that array. A token is then, as in ``_TOKEN``, either one of the four lower-cased
    initialisms (``u.s.`` …) where the scan reaches it, or a maximal run of letters; the tokens are
    hashed to codes, in order of first occurrence, by pyarrow.
    """
    texts = list(texts)
    joined = _SEPARATOR.join(texts)
    starts = _text_starts(np.fromiter(map(len, texts), dtype=np.int64, count=len(texts)))
    points, starts = _replace_initialisms(joined, _code_points(joined), starts)
    points, starts = _lower(*_drop_possessives(points, starts))
    letter = _classes(points, _ASCII_LETTER, _LETTER)
    edges = np.diff(np.r_[False, letter, False].view(np.int8))
    begin, end = np.flatnonzero(edges == 1), np.flatnonzero(edges == -1)
    special = _initialisms(points, letter)
    if len(special):
        # The initialism's first letter is a one-letter run: widen it to the initialism; its
        # third character (s, k, n or u) is another one-letter run: drop it.
        end[np.searchsorted(begin, special)] = special + 4
        inner = np.searchsorted(begin, special + 2)
        begin, end = np.delete(begin, inner), np.delete(end, inner)
    # The tokens of a text are a run of ``begin``: find where each run starts, not the text of each token.
    doc = np.repeat(np.arange(len(starts)), np.diff(np.r_[np.searchsorted(begin, starts), len(begin)]))
    # Every letter is in a token; the only other characters in tokens are the initialisms' dots.
    inside = letter
    inside[special + 1] = True
    inside[special + 3] = True
    characters = np.ascontiguousarray(points[inside])
    offsets = np.r_[0, np.cumsum(end - begin)] * 4
    tokens = pa.Array.from_buffers(
        pa.large_binary(), len(begin), [None, pa.py_buffer(offsets.astype(np.int64)), pa.py_buffer(characters)]
    )
    encoded = tokens.dictionary_encode()
    codes = encoded.indices.to_numpy(zero_copy_only=False).astype(np.int64)
    return _Stream(codes, doc.astype(np.int64), _words(encoded.dictionary), len(texts))


def _words(dictionary: pa.LargeBinaryArray) -> np.ndarray:
    """The distinct tokens as strings: one decode of their UTF-32 bytes, then a slice per word."""
    _, offset_buffer, data_buffer = dictionary.buffers()
    offsets = np.frombuffer(offset_buffer, dtype=np.int64)[dictionary.offset : dictionary.offset + len(dictionary) + 1]
    if not len(dictionary):
        return np.empty(0, dtype=object)
    text = memoryview(data_buffer)[offsets[0] : offsets[-1]].tobytes().decode("utf-32-le", "surrogatepass")
    bounds = ((offsets - offsets[0]) // 4).tolist()
    words = np.empty(len(dictionary), dtype=object)
    words[:] = [text[start:end] for start, end in zip(bounds[:-1], bounds[1:])]
    return words


def _initialisms(points: np.ndarray, letter: np.ndarray) -> np.ndarray:
    """Start positions of the tokens u.s., u.k., u.n. and e.u. that ``_TOKEN.findall`` would return.

    Such a token starts where a letter run could start (after a non-letter) unless it is the
    third character of the one before it ("e.u.s." is ``e.u.`` then ``s``).
    """
    if len(points) < 4:
        return np.empty(0, dtype=np.int64)
    dot = points == _DOT
    first = np.flatnonzero(dot[1:-2] & dot[3:])  # x.y. patterns are rare: check them one by one
    head, third = points[first], points[first + 2]
    match = ((head == _U) & np.isin(third, _AFTER_U)) | ((head == _E) & (third == _U))
    match &= (first == 0) | ~letter[np.maximum(first - 1, 0)]
    found = first[match]
    if len(found) > 1 and (np.diff(found) < 4).any():
        kept: list[int] = []
        for position in found.tolist():
            if not kept or position - kept[-1] >= 4:
                kept.append(position)
        found = np.asarray(kept, dtype=np.int64)
    return found.astype(np.int64)


def _pairs(stream: _Stream, usable: np.ndarray, bigrams: bool) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Unigram (doc, code) and bigram (doc, code1 * 2**32 + code2) occurrences of usable tokens."""
    ok = usable[stream.codes]
    uni_doc, uni_code = stream.doc[ok], stream.codes[ok]
    if not bigrams or len(stream.codes) < 2:
        empty = np.empty(0, dtype=np.int64)
        return uni_doc, uni_code, empty, empty
    adjacent = ok[:-1] & ok[1:] & (stream.doc[:-1] == stream.doc[1:])
    bi_doc = stream.doc[:-1][adjacent]
    bi_key = stream.codes[:-1][adjacent] * _SHIFT + stream.codes[1:][adjacent]
    return uni_doc, uni_code, bi_doc, bi_key


def _doc_unique(doc: np.ndarray, key: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Distinct (doc, key) pairs with their counts, sorted by doc then key."""
    if len(doc) == 0:
        empty = np.empty(0, dtype=np.int64)
        return empty, empty, empty
    span = int(key.max()) + 1
    if int(doc.max()) < (1 << 62) // span:
        # One sort of a combined integer is several times faster than a two-key lexsort.
        combined, counts = np.unique(doc * span + key, return_counts=True)
        return combined // span, combined % span, counts
    order = np.lexsort((key, doc))
    doc, key = doc[order], key[order]
    start = np.flatnonzero(np.r_[True, (doc[1:] != doc[:-1]) | (key[1:] != key[:-1])])
    counts = np.diff(np.r_[start, len(doc)])
    return doc[start], key[start], counts


@dataclass(frozen=True)
class TermSettings:
    """How texts become terms.

    Attributes:
        bigrams: add adjacent-word pairs ("white house") as terms.
        min_df: a term must occur in at least this many units.
        max_df: a term in more than this fraction of units is dropped (too common to tell topics
            apart); not applied below 10 units, where a fraction says little.
        max_features: keep at most this many terms, the most widespread first.
    """

    bigrams: bool = True
    min_df: int = 2
    max_df: float = 0.5
    max_features: int = 20_000

    def validate(self) -> None:
        """Raise :class:`InputError` for values outside their range."""
        if self.min_df < 1:
            raise InputError(f"min_df: {self.min_df} must be at least 1 (the units a term must occur in)")
        if not 0 < self.max_df <= 1:
            raise InputError(f"max_df: {self.max_df} must be a fraction in (0, 1]")
        if self.max_features < 10:
            raise InputError(f"max_features: {self.max_features} is too small; use at least 10")


class Vocabulary:
    """A fixed list of terms and how to count them in any text.

    Build it with :meth:`fit` (one pass over a list of texts, e.g. all units or a sample of a large
    corpus); then :meth:`transform` counts the same terms in any texts, chunk by chunk, so every
    chunk of a stream lands in the same columns.

    Attributes:
        terms: the terms, in column order (alphabetical).
        df: in how many of the fitting texts each term occurs.
        n_fitted: the number of texts the vocabulary was fitted on.
    """

    def __init__(self, terms: list[str], df: np.ndarray, n_fitted: int):
        self.terms = np.asarray(terms, dtype=object)
        self.df = np.asarray(df, dtype=np.int64)
        self.n_fitted = int(n_fitted)
        self._column = {term: number for number, term in enumerate(self.terms)}
        self._index = pd.Index(self.terms)
        self._bigram_words = frozenset(chain.from_iterable(term.split(" ") for term in self.terms if " " in term))

    def __len__(self) -> int:
        return len(self.terms)

    @classmethod
    def fit(cls, texts: Iterable[str], settings: TermSettings = TermSettings(), stopwords=None) -> Vocabulary:
        """Choose the terms from ``texts`` by document frequency (see :class:`TermSettings`).

        Returns:
            The vocabulary; raises :class:`InputError` when no term is frequent enough.
        """
        return cls.fit_transform(texts, settings, stopwords)[0]

    @classmethod
    def fit_transform(
        cls, texts: Iterable[str], settings: TermSettings = TermSettings(), stopwords=None, engine=None
    ) -> tuple[Vocabulary, sparse.csr_matrix]:
        """Choose the terms from ``texts`` and count them, tokenizing each text once.

        Args:
            texts: the units' texts.
            settings: :class:`TermSettings`.
            stopwords: words never used as terms (default :func:`news_stopwords`).
            engine: where the batches of texts are tokenized and counted, partition by partition
                (:class:`helpers.engine.Engine`: worker processes here, or a Dask cluster); None:
                here, one batch at a time. The result is the same.

        Returns:
            ``(vocabulary, counts)``: counts is a sparse matrix, one row per text, one column per term.
        """
        settings.validate()
        stop = news_stopwords() if stopwords is None else frozenset(stopwords)
        word_ids: dict[str, int] = {}
        uni, bi, n_texts = [], [], 0
        for words, batch_texts, (uni_doc, uni_code, uni_count), (bi_doc, bi_key, bi_count) in _counted_batches(
            texts, stop, settings.bigrams, engine
        ):
            # Batch codes → corpus-wide word ids (a loop over distinct words, not tokens).
            ids = np.fromiter((word_ids.setdefault(w, len(word_ids)) for w in words), np.int64, len(words))
            uni.append(_offset((uni_doc, ids[uni_code], uni_count), n_texts))
            if len(word_ids) >= _PAIR:
                raise InputError(f"more than {int(_PAIR):,} distinct words; split the corpus or use bigrams: false")
            if len(bi_key):
                bi_key = ids[bi_key // _SHIFT] * _PAIR + ids[bi_key % _SHIFT]
                bi.append(_offset((bi_doc, bi_key, bi_count), n_texts))
            n_texts += batch_texts
        if n_texts == 0:
            raise InputError("no texts to build a vocabulary from")
        words = np.empty(len(word_ids), dtype=object)
        words[list(word_ids.values())] = list(word_ids.keys())
        ceiling = n_texts if n_texts < 10 else max(settings.max_df * n_texts, settings.min_df)
        uni_doc, uni_key, uni_count = (np.concatenate(part) for part in zip(*uni, strict=True))
        del uni  # the per-batch parts: the corpus-wide arrays replace them
        uni_df = np.bincount(uni_key, minlength=len(words))
        keep = np.flatnonzero((uni_df >= settings.min_df) & (uni_df <= ceiling))
        floor = _df_floor(uni_df[keep], settings)
        keep = keep[uni_df[keep] >= floor]
        candidates = [pd.DataFrame({"term": words[keep], "df": uni_df[keep], "key": keep, "kind": 0})]
        has_bigrams = bool(bi)
        if has_bigrams:
            bi_doc, bi_key, bi_count = (np.concatenate(part) for part in zip(*bi, strict=True))
            del bi
            # A phrase is in no more units than either of its words: only phrases of words above the floor can make it.
            common = uni_df >= floor
            possible = np.flatnonzero(common[bi_key // _PAIR] & common[bi_key % _PAIR])
            bi_doc, bi_key, bi_count = bi_doc[possible], bi_key[possible], bi_count[possible]
            keys, bi_index, df = np.unique(bi_key, return_inverse=True, return_counts=True)
            del bi_key
            keep = np.flatnonzero((df >= max(settings.min_df, floor)) & (df <= ceiling))
            names = _bigram_names(words, keys[keep], _PAIR)
            candidates.append(pd.DataFrame({"term": names, "df": df[keep], "key": keep, "kind": 1}))
        frame = pd.concat(candidates, ignore_index=True)
        if frame.empty:
            raise InputError(
                f"no term occurs in at least min_df={settings.min_df} of the {n_texts:,} units and in at most "
                f"max_df={settings.max_df} of them; lower min_df, raise max_df, or use longer units"
            )
        frame = frame.sort_values(["df", "term"], ascending=[False, True]).head(settings.max_features)
        frame = frame.sort_values("term", ignore_index=True)
        vocabulary = cls(frame["term"].tolist(), frame["df"].to_numpy(), n_texts)
        rows, cols, values = [], [], []
        for kind, (doc, key, count) in enumerate(
            [(uni_doc, uni_key, uni_count)] + ([(bi_doc, bi_index, bi_count)] if has_bigrams else [])
        ):
            chosen = frame.loc[frame["kind"] == kind]
            column = np.full(len(words) if kind == 0 else len(keys), -1, dtype=np.int64)
            column[chosen["key"].to_numpy()] = chosen.index.to_numpy()
            mapped = column[key]
            rows.append(doc[mapped >= 0])
            cols.append(mapped[mapped >= 0])
            values.append(count[mapped >= 0])
        counts = sparse.csr_matrix(
            (np.concatenate(values).astype(np.float64), (np.concatenate(rows), np.concatenate(cols))),
            shape=(n_texts, len(vocabulary)),
        )
        counts.sum_duplicates()
        return vocabulary, counts

    def transform(self, texts: Iterable[str]) -> sparse.csr_matrix:
        """Count the vocabulary's terms in each text.

        Returns:
            A sparse matrix, one row per text and one column per term (``terms`` order), of counts.
        """
        return self._stack([self._count(_text_stream(batch)) for batch in _batches(texts)])

    def transform_tokens(self, token_lists: list[list[str]]) -> sparse.csr_matrix:
        """Like :meth:`transform`, for texts already split by :func:`tokenize`."""
        return self._stack(
            [
                self._count(_stream(token_lists[start : start + _CHUNK_DOCS]))
                for start in range(0, len(token_lists), _CHUNK_DOCS)
            ]
        )

    def _stack(self, blocks: list[sparse.csr_matrix]) -> sparse.csr_matrix:
        if not blocks:
            return sparse.csr_matrix((0, len(self.terms)), dtype=np.float64)
        return sparse.vstack(blocks, format="csr")

    def _count(self, stream: _Stream) -> sparse.csr_matrix:
        column_of_word = self._index.get_indexer(stream.words)
        # A set lookup per distinct word: pandas' isin would convert the whole set on every call.
        in_bigram = np.fromiter((word in self._bigram_words for word in stream.words), bool, len(stream.words))
        usable = (column_of_word >= 0) | in_bigram
        uni_doc, uni_code, bi_doc, bi_key = _pairs(stream, usable, bool(self._bigram_words))
        uni_col = column_of_word[uni_code]
        rows, cols = [uni_doc[uni_col >= 0]], [uni_col[uni_col >= 0]]
        if len(bi_key):
            keys, inverse = np.unique(bi_key, return_inverse=True)
            names = _bigram_names(stream.words, keys)
            bi_col = self._index.get_indexer(names)[inverse]
            rows.append(bi_doc[bi_col >= 0])
            cols.append(bi_col[bi_col >= 0])
        row, col = np.concatenate(rows), np.concatenate(cols)
        matrix = sparse.coo_matrix(
            (np.ones(len(row), dtype=np.float64), (row, col)), shape=(stream.n_texts, len(self.terms))
        ).tocsr()
        matrix.sum_duplicates()
        return matrix


def _df_floor(word_df: np.ndarray, settings: TermSettings) -> int:
    """The fewest units a term can occur in and still be among the ``max_features`` most widespread: the
    ``max_features``-th largest df of the single words that qualify (``word_df``), since a phrase only
    raises that bar; ``min_df`` when fewer words qualify."""
    if len(word_df) < settings.max_features:
        return settings.min_df
    return int(np.partition(word_df, len(word_df) - settings.max_features)[len(word_df) - settings.max_features])


def _usable(words: np.ndarray, stop: frozenset[str]) -> np.ndarray:
    """Tokens that can be (part of) a term: two or more letters and not a stopword."""
    index = pd.Index(words, dtype=object)
    return ~index.isin(stop) & (index.str.len() >= 2)


def _count_batch(texts: list[str], stop: frozenset[str], bigrams: bool) -> tuple:
    """One batch's distinct words, its number of texts, and its distinct (text, word code) and
    (text, pair key) occurrences with counts, in the batch's own codes."""
    stream = _text_stream(texts)
    uni_doc, uni_code, bi_doc, bi_key = _pairs(stream, _usable(stream.words, stop), bigrams)
    return stream.words, stream.n_texts, _doc_unique(uni_doc, uni_code), _doc_unique(bi_doc, bi_key)


def _count_partition(frame: pd.DataFrame, stop: frozenset[str], bigrams: bool) -> tuple:
    return _count_batch(frame["text"].tolist(), stop, bigrams)


def _counted_batches(texts: Iterable[str], stop: frozenset[str], bigrams: bool, engine):
    """:func:`_count_batch` of every batch of texts, in order: here, one after another, without an
    engine; with one, partition by partition (a batch each): in worker processes forked from this one
    with the pandas engine, as every stage's partitions are, or on the cluster with Dask. The counts are
    the same either way."""
    if engine is None:
        from helpers.engine import progress

        batches = (_count_batch(batch, stop, bigrams) for batch in _batches(texts))
        total = -(-len(texts) // _CHUNK_DOCS) if hasattr(texts, "__len__") else 0
        return progress(batches, total, "terms")
    from dataclasses import replace
    from functools import partial

    from helpers.engine import map_partitions

    frame = pd.DataFrame({"text": pd.Series(list(texts), dtype=object)})
    engine = replace(engine, partition_rows=_CHUNK_DOCS)
    return map_partitions(partial(_count_partition, stop=stop, bigrams=bigrams), frame, engine, desc="terms")


def _batches(texts: Iterable[str]):
    batch = []
    for text in texts:
        batch.append(text)
        if len(batch) == _CHUNK_DOCS:
            yield batch
            batch = []
    if batch:
        yield batch


def _offset(triple: tuple[np.ndarray, np.ndarray, np.ndarray], start: int) -> tuple:
    # Held for the whole corpus until the terms are chosen: 32-bit text numbers and counts halve that.
    doc, key, count = triple
    return (doc + start).astype(np.int32), key, count.astype(np.int32)


def _bigram_names(words: np.ndarray, keys: np.ndarray, base: int | np.int64 = _SHIFT) -> np.ndarray:
    first = pd.Series(words[keys // base], dtype=object)
    second = pd.Series(words[keys % base], dtype=object)
    return (first + " " + second).to_numpy(dtype=object)


def binary_matrix(terms: list[str], token_lists: list[list[str]]) -> sparse.csr_matrix:
    """Which texts contain which terms: a sparse 0/1 matrix (texts × terms).

    A single-word term occurs in a text when it is one of its tokens; a multi-word term
    ("white house") when its words occur adjacent, in that order, in the token list.
    """
    vocabulary = Vocabulary(list(terms), np.zeros(len(terms)), 0)
    longer = [term for term in terms if term.count(" ") > 1]
    matrix = vocabulary.transform_tokens(token_lists) if len(terms) else sparse.csr_matrix((len(token_lists), 0))
    if longer:
        matrix = matrix.tolil()
        for term in longer:
            column = vocabulary._column[term]
            words = term.split(" ")
            for row, tokens in enumerate(token_lists):
                if any(tokens[i : i + len(words)] == words for i in range(len(tokens) - len(words) + 1)):
                    matrix[row, column] = 1
        matrix = matrix.tocsr()
    matrix.data[:] = 1
    return matrix
