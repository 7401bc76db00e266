"""Distinctive terms: which words and two-word phrases a group uses more than the rest.

The measure is the log-odds ratio with an informative Dirichlet prior of Monroe, Colaresi & Quinn
(2008, "Fightin' Words", Political Analysis 16(4)). For a term w, group i and comparison j (the
rest of the corpus, or one reference group):

    α_w = prior_scale × (count of w in the whole corpus / tokens in the whole corpus),  α0 = prior_scale
    δ_w = log((y_w^i + α_w) / (n^i + α0 − y_w^i − α_w)) − log((y_w^j + α_w) / (n^j + α0 − y_w^j − α_w))
    z_w = δ_w / sqrt(1 / (y_w^i + α_w) + 1 / (y_w^j + α_w))

y are the term's counts and n the group's token totals. Unigrams and bigrams are counted as two
vocabularies: a bigram's n and corpus total are bigram totals. The prior shrinks the log-odds of
rare terms towards zero, so a word used twice by one outlet and never by the others does not top
the list; z says how many standard errors δ is from zero (|z| > 1.96 is the usual line).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from scipy import sparse

from helpers.charts import FEW_LEGEND, FEW_MARK, empty_figure, legend_line
from helpers.compare import FEW_DOCUMENTS, REST, group_column, log_odds, with_groups, without_parts
from helpers.engine import Engine, map_partitions
from helpers.errors import InputError
from helpers.exclusions import REMOVED, TermExclusions, remove_names
from helpers.wordlists import english_stop_words

if TYPE_CHECKING:
    from matplotlib.figure import Figure

# Words with a hyphen inside stay one token ("indian-occupied", "bunyan-um-marsoos"); every other
# character that is not a letter or digit ends a token and blocks a bigram across it.
_TOKEN = re.compile(r"\w+(?:-\w+)*|[^\w\s]")
_POSSESSIVE = re.compile(r"['’]s\b")


ENGLISH_STOP_WORDS = english_stop_words()
# The columns after the group column, which is named after the grouping (source, bias …).
TERM_COLUMNS = [
    "against", "term", "ngram", "count", "rest_count", "group_tokens", "rest_tokens", "prior", "prior_total",
    "delta", "z",
]  # fmt: skip
# The side of a leading term: the group uses it more, or what it is compared with does.
GROUP_SIDE, REST_SIDE = "group", "rest"


@dataclass(frozen=True)
class DistinctiveSettings:
    """How terms are counted and weighed.

    Attributes:
        min_count: a term must occur at least this often in the two sides of a comparison together.
        prior_scale: α0, the weight of the corpus-wide prior in tokens; larger values shrink the
            log-odds of rare terms more.
        ngrams: longest n-gram counted (1: words only; 2: words and two-word phrases).
        stop_words: leave out common English function words (sklearn's list) and any bigram
            containing one.
        exclusions: words and outlet names left out like stop words, and never joined across by a
            bigram (:func:`helpers.exclusions.term_exclusions`); the default leaves out
            nothing, the framing notebook passes the built-in list and the corpus's outlets.
    """

    min_count: int = 3
    prior_scale: float = 500.0
    ngrams: int = 2
    stop_words: bool = True
    exclusions: TermExclusions = TermExclusions()

    def validate(self) -> None:
        """Raise :class:`InputError` for values out of range."""
        if self.min_count < 1:
            raise InputError(f"min_count: {self.min_count} must be at least 1")
        if self.prior_scale <= 0:
            raise InputError(f"prior_scale: {self.prior_scale} must be positive (try 500)")
        if self.ngrams not in (1, 2):
            raise InputError(f"ngrams: {self.ngrams} must be 1 (words) or 2 (words and bigrams)")


def _left_out(options: DistinctiveSettings) -> frozenset[str]:
    """The words that are never terms, nor part of one: stop words (if asked) and excluded words."""
    return (ENGLISH_STOP_WORDS if options.stop_words else frozenset()) | options.exclusions.words


def tokenizer(options: DistinctiveSettings = DistinctiveSettings()):
    """The function that turns a text into its terms (lower-cased words, then bigrams).

    Outlet names of ``options.exclusions`` are cut out first, before lower-casing, as a NUL: like
    punctuation it ends a token and blocks a bigram across it.
    """
    stop = _left_out(options)
    bigrams = options.ngrams >= 2

    def analyse(text: str) -> list[str]:
        tokens = _TOKEN.findall(_POSSESSIVE.sub("", remove_names(text, options.exclusions).lower()))
        # A token counts if it is at least two characters of letters/digits and not a stop word.
        keep = [len(t) > 1 and (t[0].isalnum() or t[0] == "_") and t not in stop for t in tokens]
        terms = [t for t, k in zip(tokens, keep, strict=False) if k]
        if bigrams:
            terms.extend(
                f"{a} {b}" for a, b, ka, kb in zip(tokens, tokens[1:], keep, keep[1:], strict=False) if ka and kb
            )
        return terms

    return analyse


def count_terms(
    texts: pd.Series, options: DistinctiveSettings = DistinctiveSettings()
) -> tuple[sparse.csr_matrix, np.ndarray]:
    """Term counts per text as a sparse matrix.

    Returns:
        ``(counts, vocabulary)``: a texts × terms CSR matrix of counts and the term of each column.
    """
    from sklearn.feature_extraction.text import CountVectorizer  # here: importing scikit-learn is slow

    vectorizer = CountVectorizer(analyzer=tokenizer(options), dtype=np.int64)
    documents = texts.fillna("").astype(str).tolist()
    try:
        counts = vectorizer.fit_transform(documents)
    except ValueError:  # no text has a single term (only stop words, numbers of one digit …)
        return sparse.csr_matrix((len(documents), 0), dtype=np.int64), np.array([], dtype=object)
    return counts.tocsr(), vectorizer.get_feature_names_out()


def _piece_tokens(pieces: list[str], marked: bool) -> tuple[np.ndarray, np.ndarray]:
    """The tokens of each piece, one after another, and how many each piece has.

    The pieces are read by one ``findall`` over the pieces joined by " \\x01 ": a space ends a
    token and the control character \\x01 is a token of its own, so the tokens between two \\x01
    are one piece's. Where the text itself contains \\x01 (``marked``), piece by piece.
    """
    if marked:
        listed = [_TOKEN.findall(piece) for piece in pieces]
        flat = np.array([t for tokens in listed for t in tokens], dtype=object)
        return flat, np.fromiter(map(len, listed), np.int64, len(listed))
    tokens = np.array(_TOKEN.findall(" \x01 ".join(pieces)), dtype=object)
    markers = np.flatnonzero(tokens == "\x01")
    lengths = np.diff(np.concatenate([[-1], markers, [len(tokens)]])) - 1
    return np.delete(tokens, markers), lengths


# Between the texts of a partition: a NUL on either side keeps an outlet name from spanning two texts,
# and the \x02 between spaces is a piece of its own, so the pieces of each text can be told apart.
_TEXT_MARK, _MARK_STAND_IN = "\x02", "\x03"  # a text's own \x02 is read as \x03: the same kind of token
_JOINER = f"\x00 {_TEXT_MARK} \x00"


@dataclass(frozen=True)
class TextTerms:
    """The term counts of each text of a partition, as :func:`count_text_terms` gives them.

    Attributes:
        words: the distinct words of the partition that can be terms (object array).
        unigrams: ``(text, word, count)`` arrays: how often each text uses each word (an index of ``words``).
        bigrams: ``(text, first, second, count)`` arrays, likewise for each two-word phrase.
        tokens: texts × 2: each text's unigram and bigram tokens.
    """

    words: np.ndarray
    unigrams: tuple[np.ndarray, np.ndarray, np.ndarray]
    bigrams: tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]
    tokens: np.ndarray


def _distinct_per_text(text: np.ndarray, key: np.ndarray, span: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The distinct (text, key) pairs and how often each occurs, sorted by text then key (0 ≤ key < span)."""
    if len(text) and int(text[-1]) >= (1 << 62) // max(span, 1):  # text × span would overflow: keys first
        keys, index = np.unique(key, return_inverse=True)
        found, index, counts = _distinct_per_text(text, index.ravel(), len(keys))
        return found, keys[index], counts
    cells, counts = np.unique(text * span + key, return_counts=True)
    return cells // span, cells % span, counts


def _token_stream(text: str) -> tuple[np.ndarray, np.ndarray]:
    """Every token of a lower-cased ``text`` in order, as codes, and the token of each code.

    The text is cut at spaces (a token never contains one) and the pieces are told apart by pyarrow
    (in C++); only the distinct pieces are cut into tokens by the regular expression, and each
    occurrence of a piece then stands for its tokens.
    """
    pieces = pc.split_pattern(pa.array([text], pa.large_string()), " ").flatten().dictionary_encode()
    sequence = pieces.indices.to_numpy(zero_copy_only=False).astype(np.int64)
    tokens, lengths = _piece_tokens(pieces.dictionary.to_pylist(), "\x01" in text)
    codes, vocabulary = pd.factorize(tokens)
    # The tokens of the i-th piece occurrence are codes[first[p] : first[p] + lengths[p]], p = sequence[i].
    first = np.cumsum(lengths) - lengths
    spans = lengths[sequence]
    ends = np.cumsum(spans)
    positions = np.arange(int(ends[-1]) if len(ends) else 0) + np.repeat(first[sequence] - ends + spans, spans)
    return codes[positions].astype(np.int64), np.asarray(vocabulary, dtype=object)


def _joined_text(texts: list[str], options: DistinctiveSettings) -> str:
    """``texts`` joined by ``_JOINER``, outlet names cut out (RE2, in C++), lower-cased, possessives gone."""
    text = _JOINER.join(texts)
    if text.count(_TEXT_MARK) != max(len(texts) - 1, 0):
        text = _JOINER.join(piece.replace(_TEXT_MARK, _MARK_STAND_IN) for piece in texts)
    if options.exclusions.names:
        found = pa.array([text], pa.large_string())
        text = pc.replace_substring_regex(found, pattern=options.exclusions.names, replacement=REMOVED)[0].as_py()
    return _POSSESSIVE.sub("", text.lower())


def count_text_terms(texts: list[str], options: DistinctiveSettings = DistinctiveSettings()) -> TextTerms:
    """The terms of each of ``texts``: what :func:`tokenizer` gives for each text, counted for all at once.

    The texts are joined into one text (see ``_JOINER``): outlet names of ``options.exclusions``
    are replaced by a NUL there (by RE2, in C++), the text is lower-cased and possessives go in one
    pass each. NUL, like any punctuation, is a one-character token: it ends a token and blocks a
    bigram across it, and lower() treats it like the end of a text (the final-sigma rule). Words
    are the tokens of two or more characters that are neither stop words nor excluded words; a
    bigram is two words next to each other in the token stream.
    """
    stop = _left_out(options)
    stream, vocabulary = _token_stream(_joined_text(texts, options))
    marks = np.flatnonzero(vocabulary == _TEXT_MARK)
    text_of = np.cumsum(stream == marks[0]) if len(marks) else np.zeros(len(stream), dtype=np.int64)
    kept = np.fromiter(map(len, vocabulary), np.int64, len(vocabulary)) > 1
    if stop:
        kept &= ~pd.Series(vocabulary, dtype=object).isin(stop).to_numpy()
    # Codes of the words only, in the order of ``words``.
    word_code = np.cumsum(kept) - 1
    usable = kept[stream]
    uni_text = text_of[usable]
    size = max(int(kept.sum()), 1)
    unigrams = _distinct_per_text(uni_text, word_code[stream[usable]], size)
    empty = np.zeros(0, dtype=np.int64)
    bigrams, bi_text = (empty, empty, empty, empty), empty
    if options.ngrams >= 2 and len(stream) > 1:
        both = usable[:-1] & usable[1:]
        bi_text = text_of[:-1][both]
        text_pairs, pair, pair_counts = _distinct_per_text(
            bi_text, word_code[stream[:-1][both]] * size + word_code[stream[1:][both]], size * size
        )
        bigrams = (text_pairs, *np.divmod(pair, size), pair_counts)
    tokens = np.column_stack(
        [np.bincount(uni_text, minlength=len(texts)), np.bincount(bi_text, minlength=len(texts))]
    ).astype(np.int64)
    # 32-bit numbers halve what a worker sends back (a partition has far fewer than 2**31 tokens).
    small = tuple(column.astype(np.int32) for column in (*unigrams, *bigrams))
    return TextTerms(vocabulary[kept], small[:3], small[3:], tokens)


def _partition_terms(part: pd.DataFrame, options: DistinctiveSettings) -> TextTerms:
    """:func:`count_text_terms` of one partition of documents (pure; runs in a worker)."""
    return count_text_terms(part["text"].fillna("").astype(str).tolist(), options)


@dataclass(frozen=True)
class DocumentTerms:
    """The term counts of every document, counted once for every comparison that sums them.

    Attributes:
        doc_ids: the documents, one per row.
        terms: the terms that occur at least ``options.min_count`` times in these documents, in
            alphabetical order (words and two-word phrases); rarer terms are in no comparison.
        counts: documents × terms, how often each document uses each term (CSR, int64).
        tokens: documents × 2, each document's unigram and bigram tokens, of every term.
        options: the settings the terms were counted with.
    """

    doc_ids: np.ndarray
    terms: np.ndarray
    counts: sparse.csr_matrix
    tokens: np.ndarray
    options: DistinctiveSettings

    @property
    def ngram(self) -> np.ndarray:
        """1 for a word, 2 for a two-word phrase, per term."""
        return pd.Series(self.terms, dtype=object).str.count(" ").to_numpy(dtype=np.int64) + 1

    def summed(self, codes: np.ndarray, size: int) -> tuple[sparse.csr_matrix, np.ndarray]:
        """Counts and tokens added up over the documents of each of ``size`` sums.

        Args:
            codes: per document, the sum it goes into (0 … size − 1; −1: none).

        Returns:
            ``(counts, tokens)``: size × terms (CSR) and size × 2 (unigram and bigram tokens).
        """
        rows = np.flatnonzero(codes >= 0)
        indicator = sparse.csr_matrix(
            (np.ones(len(rows), dtype=np.int64), (codes[rows], rows)), shape=(size, len(self.doc_ids))
        )
        return (indicator @ self.counts).tocsr(), indicator @ self.tokens


def _bigram_names(words: np.ndarray, first: np.ndarray, second: np.ndarray) -> np.ndarray:
    return (pd.Series(words[first], dtype=object) + " " + pd.Series(words[second], dtype=object)).to_numpy(object)


def document_terms(
    docs: pd.DataFrame, options: DistinctiveSettings = DistinctiveSettings(), engine: Engine | None = None
) -> DocumentTerms:
    """Count the terms of every document (:func:`count_text_terms`), partition by partition on ``engine``.

    Args:
        docs: doc_id and text.
        options: :class:`DistinctiveSettings`.
        engine: where partitions run (default: this machine).

    Returns:
        The :class:`DocumentTerms`, rows in the order of ``docs``.
    """
    options.validate()
    parts = map_partitions(
        functools.partial(_partition_terms, options=options), docs[["doc_id", "text"]], engine or Engine(),
        key="doc_id", desc="terms",
    )  # fmt: skip
    words, unigrams, bigrams, tokens = _corpus_rows(parts)
    del parts
    terms, unigram_column, bigram_column = _frequent_terms(words, unigrams, bigrams, options.min_count)
    counts = _count_matrix(
        len(tokens), len(terms), (unigrams[0], unigram_column, unigrams[-1]), (bigrams[0], bigram_column, bigrams[-1])
    )
    return DocumentTerms(docs["doc_id"].to_numpy(dtype=object), terms, counts, tokens, options)


def _count_matrix(documents: int, terms: int, *cells: tuple[np.ndarray, np.ndarray, np.ndarray]) -> sparse.csr_matrix:
    """A documents × terms CSR matrix from (document, column, count) arrays, each sorted by document, no
    cell in two of them; a column of −1 is left out. Columns within a row are in no particular order."""
    parts = []
    for rows, columns, values in cells:
        chosen = columns >= 0
        indptr = np.r_[0, np.cumsum(np.bincount(rows[chosen], minlength=documents))]
        parts.append(
            sparse.csr_matrix(
                (values[chosen].astype(np.int64), columns[chosen].astype(np.int32), indptr.astype(np.int32)),
                shape=(documents, terms),
            )
        )
    return functools.reduce(lambda one, other: one + other, parts)


def _corpus_rows(parts: list[TextTerms]) -> tuple[np.ndarray, tuple, tuple, np.ndarray]:
    """The partitions' counts in corpus-wide numbers: documents in order, one id per distinct word.

    Returns:
        ``(words, unigrams, bigrams, tokens)``: the words; (document, word, count) and (document,
        pair, count) arrays, a pair being first × len(words) + second; documents × 2 tokens.
    """
    word_ids, words = pd.factorize(np.concatenate([part.words for part in parts]))
    size = max(len(words), 1)
    unigrams, bigrams, start, first_word = [], [], 0, 0
    for part in parts:
        ids = word_ids[first_word : first_word + len(part.words)].astype(np.int64)
        text, word, count = part.unigrams
        unigrams.append((text + np.int32(start), ids[word].astype(np.int32), count))
        text, first, second, count = part.bigrams
        bigrams.append((text + np.int32(start), ids[first] * size + ids[second], count))
        start, first_word = start + len(part.tokens), first_word + len(part.words)
    joined = [tuple(np.concatenate(column) for column in zip(*rows, strict=True)) for rows in (unigrams, bigrams)]
    tokens = np.concatenate([part.tokens for part in parts]).reshape(-1, 2)
    return np.asarray(words, dtype=object), joined[0], joined[1], tokens


def _frequent_terms(
    words: np.ndarray, unigrams: tuple, bigrams: tuple, min_count: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The terms used at least ``min_count`` times, in alphabetical order, and the column of each row.

    Returns:
        ``(terms, unigram_column, bigram_column)``: the column of every row of ``unigrams`` and of
        ``bigrams`` (−1 for a rarer term).
    """
    _, word, count = unigrams
    _, pair, pair_count = bigrams
    size = max(len(words), 1)
    frequent = np.bincount(word, weights=count, minlength=len(words)) >= min_count
    # A phrase occurs no more often than either of its words: only phrases of frequent words can be frequent.
    candidate = np.flatnonzero(frequent[pair // size] & frequent[pair % size])
    pair_codes, pairs = pd.factorize(pair[candidate])
    kept_pairs = np.flatnonzero(np.bincount(pair_codes, weights=pair_count[candidate]) >= min_count)
    kept_words = np.flatnonzero(frequent)
    first, second = np.divmod(pairs[kept_pairs], size)
    terms = np.concatenate([words[kept_words], _bigram_names(words, first, second)])
    order = np.argsort(terms, kind="stable")
    column = np.empty(len(terms), dtype=np.int64)
    column[order] = np.arange(len(terms))
    word_column = np.full(len(words), -1, dtype=np.int64)
    word_column[kept_words] = column[: len(kept_words)]
    pair_column = np.full(len(pairs), -1, dtype=np.int64)
    pair_column[kept_pairs] = column[len(kept_words) :]
    bigram_column = np.full(len(pair), -1, dtype=np.int64)
    bigram_column[candidate] = pair_column[pair_codes]
    return terms[order], word_column[word], bigram_column


def counted_terms(docs, options: DistinctiveSettings, engine: Engine | None = None) -> DocumentTerms:
    """``docs`` itself when it is :class:`DocumentTerms` counted with ``options``; else :func:`document_terms`.

    Raises:
        ValueError: ``docs`` was counted with other settings.
    """
    if not isinstance(docs, DocumentTerms):
        return document_terms(docs, options, engine)
    if docs.options != options:
        raise ValueError("the document terms were counted with other settings than these")
    return docs


def group_counts(counted: DocumentTerms, groups: pd.DataFrame) -> tuple[pd.DataFrame, np.ndarray, np.ndarray]:
    """Term counts summed per group.

    Args:
        counted: every document's terms (:func:`document_terms`).
        groups: doc_id and the group, from :func:`helpers.compare.doc_groups`; documents not in it
            count in no group.

    Returns:
        ``(counts, totals, corpus_totals)``: ``counts`` is a DataFrame groups × terms kept (terms
        occurring at least ``min_count`` times in the groups' documents, in alphabetical order),
        ``totals`` an array groups × 2 with each group's unigram and bigram tokens, and
        ``corpus_totals`` the groups' unigram and bigram tokens together.
    """
    labels = groups.set_index("doc_id")[group_column(groups)].reindex(counted.doc_ids).to_numpy(dtype=object)
    present = pd.notna(labels)
    names = np.array(sorted(set(labels[present])), dtype=object)
    codes = np.full(len(labels), -1, dtype=np.int64)
    codes[present] = np.searchsorted(names, labels[present])
    by_group, totals = counted.summed(codes, len(names))
    kept = np.flatnonzero(np.asarray(by_group.sum(axis=0)).ravel() >= counted.options.min_count)
    table = pd.DataFrame(by_group[:, kept].toarray(), index=list(names), columns=counted.terms[kept])
    # Corpus totals per n-gram order cover every token, including terms below min_count.
    return table, totals.astype(np.int64), totals.sum(axis=0).astype(np.int64)


def distinctive_terms(
    docs: pd.DataFrame | DocumentTerms,
    groups: pd.DataFrame,
    pairs: list[tuple[str, str]],
    options: DistinctiveSettings = DistinctiveSettings(),
    engine: Engine | None = None,
) -> pd.DataFrame:
    """Log-odds with informative Dirichlet prior of every term, for each group against the rest.

    Args:
        docs: doc_id and text, or their terms counted with ``options`` (:func:`document_terms`).
        groups: doc_id and the group, from :func:`helpers.compare.doc_groups`.
        pairs: ``(group, against)`` pairs from :func:`helpers.compare.check_comparison`; against is
            "rest" or another group's name. No pairs (one group only) gives an empty table.
        options: :class:`DistinctiveSettings`.
        engine: where the counting runs, partition by partition (default: this machine).

    Returns:
        One row per group and term: the group column (named as in ``groups``), against ("rest" or
        the reference group), term, ngram (1 or 2), count (in the group), rest_count (in the other
        side), group_tokens and rest_tokens (the two sides' totals of that n-gram order), prior (α_w), prior_total (α0),
        delta (log-odds ratio; > 0: the group uses the term more), z (delta over its standard error).
        Terms with fewer than ``min_count`` occurrences on the two sides together are left out.
        Sorted by group, z (highest first) and term.
    """
    options.validate()
    name = group_column(groups)
    if not pairs:
        return pd.DataFrame(columns=[name, *TERM_COLUMNS])
    counts, totals, corpus_totals = group_counts(counted_terms(docs, options, engine), groups)
    if counts.shape[1] == 0:
        return pd.DataFrame(columns=[name, *TERM_COLUMNS])
    names = list(counts.index)
    terms = counts.columns.to_numpy()
    matrix = counts.to_numpy(dtype=float)
    order = np.array([term.count(" ") + 1 for term in terms])
    corpus_counts = matrix.sum(axis=0)
    alpha = options.prior_scale * corpus_counts / corpus_totals[order - 1]
    frames = []
    for group, against in pairs:
        i = names.index(group)
        y_i = matrix[i]
        n_i = totals[i][order - 1]
        if against == REST:
            y_j = corpus_counts - y_i
            n_j = (totals.sum(axis=0) - totals[i])[order - 1]
        else:
            j = names.index(against)
            y_j, n_j = matrix[j], totals[j][order - 1]
        keep = (y_i + y_j) >= options.min_count
        delta, z = log_odds(y_i[keep], y_j[keep], n_i[keep], n_j[keep], alpha[keep], options.prior_scale)
        frames.append(
            pd.DataFrame(
                {
                    name: group,
                    "against": against,
                    "term": terms[keep],
                    "ngram": order[keep],
                    "count": y_i[keep].astype("int64"),
                    "rest_count": y_j[keep].astype("int64"),
                    "group_tokens": n_i[keep].astype("int64"),
                    "rest_tokens": n_j[keep].astype("int64"),
                    "prior": np.round(alpha[keep], 6),
                    "prior_total": options.prior_scale,
                    "delta": np.round(delta, 4),
                    "z": np.round(z, 4),
                }
            )
        )
    table = pd.concat(frames, ignore_index=True)
    return table.sort_values([name, "z", "term"], ascending=[True, False, True], ignore_index=True)


def leading_terms(
    table: pd.DataFrame, top_n: int = 15, collapse: float = 0.8, group_by: str = "source"
) -> pd.DataFrame:
    """The ``top_n`` highest and ``top_n`` lowest z terms of each group.

    Args:
        table: from :func:`distinctive_terms`.
        top_n: terms per group and side.
        collapse: a word is left out when a two-word phrase containing it, also among the side's
            leading terms, accounts for at least this share of its uses ("field" and "marshal" give
            way to "field marshal"); 0 keeps every word.
        group_by: the group column of ``table``.

    Returns:
        The rows of ``table`` plus side ("group" when the group uses the term more, "rest" when the
        other side does), sorted by group, then z from highest to lowest.
    """
    if table.empty:
        return table.assign(side=pd.Series(dtype=str))
    parts = []
    nonzero = table[table["z"] != 0]
    for (_, positive), block in nonzero.groupby([group_by, nonzero["z"] > 0], sort=True):
        block = block.sort_values(["z", "term"], ascending=[not positive, True])
        count = "count" if positive else "rest_count"
        candidates = block.head(4 * top_n)
        if collapse:
            candidates = without_parts(candidates, count, collapse)
        parts.append(candidates.head(top_n).assign(side=GROUP_SIDE if positive else REST_SIDE))
    if not parts:
        return table.iloc[0:0].assign(side=pd.Series(dtype=str))
    both = pd.concat(parts)
    return both.sort_values([group_by, "z", "term"], ascending=[True, False, True], ignore_index=True)


def flag_few_documents(
    top: pd.DataFrame,
    docs: pd.DataFrame | DocumentTerms,
    groups: pd.DataFrame,
    options: DistinctiveSettings = DistinctiveSettings(),
) -> pd.DataFrame:
    """:func:`leading_terms` with ``few_documents``: true when one or two documents use the term on
    the side that uses it more (the group's documents for side "group", the other side's for side
    "rest"), so that its z says what those articles did rather than what the group does.

    Args:
        top: from :func:`leading_terms`.
        docs: doc_id and text, or their terms counted with ``options`` (:func:`document_terms`);
            a term rarer than ``options.min_count`` counts as used by no document.
        groups: doc_id and the group, from :func:`helpers.compare.doc_groups`.
        options: the settings the terms were counted with.

    Returns:
        ``top`` with a ``few_documents`` column (bool).
    """
    if top.empty:
        return top.assign(few_documents=pd.Series(dtype=bool))
    counted = counted_terms(docs, options)
    name = group_column(groups)
    group_of = groups.set_index("doc_id")[name].reindex(counted.doc_ids).to_numpy(dtype=object)
    grouped = pd.notna(group_of)
    terms = pd.Index(counted.terms, dtype=object)
    wanted = terms.get_indexer(top["term"].unique())
    # Which documents use each leading term (one column per distinct term; none for an unknown term).
    uses = (counted.counts[:, wanted[wanted >= 0]] > 0).toarray()
    column = dict(zip(terms[wanted[wanted >= 0]], range(uses.shape[1]), strict=True))
    few = pd.Series(False, index=top.index)
    for (group, side, against), block in top.groupby([name, "side", "against"], sort=True):
        if side == GROUP_SIDE:
            pool = group_of == group
        else:
            pool = grouped & ((group_of != group) if against == REST else (group_of == against))
        users = uses[pool].sum(axis=0)
        few[block.index] = [term not in column or users[column[term]] <= FEW_DOCUMENTS for term in block["term"]]
    return top.assign(few_documents=few.to_numpy())


def term_sentences(
    sentences: pd.DataFrame,
    groups: pd.DataFrame,
    top: pd.DataFrame,
    per_term: int = 1,
    options: DistinctiveSettings = DistinctiveSettings(),
) -> pd.DataFrame:
    """Sentences in which a group uses its most distinctive terms, as evidence.

    Args:
        sentences: the loader's sentences (doc_id, sentence_id, sentence, text).
        groups: doc_id and the group, from :func:`helpers.compare.doc_groups`.
        top: from :func:`leading_terms`; only rows with side "group" are used.
        per_term: sentences kept per group and term (the first ones in document order).
        options: the same :class:`DistinctiveSettings` the terms were counted with.

    Returns:
        the group column, term, z, doc_id, sentence_id, text, note (term, z and sentence id, for
        quoting); sorted by group, z (highest first), doc_id and sentence position.
    """
    name = group_column(groups)
    columns = [name, "term", "z", "doc_id", "sentence_id", "text"]
    empty = pd.DataFrame(columns=[*columns, "note"])
    wanted = top[top["side"] == GROUP_SIDE] if "side" in top else top.iloc[0:0]
    if wanted.empty:
        return empty
    analyse = tokenizer(options)
    # Sentences are read one by one, in document order, only until every term has its quotes.
    placed = with_groups(sentences[["doc_id", "sentence"]].assign(row=np.arange(len(sentences))), groups)
    doc_rank = pd.factorize(placed["doc_id"], sort=True)[0]
    rows = []
    for group, block in wanted.groupby(name, sort=True):
        own = np.flatnonzero((placed[name] == group).to_numpy())
        order = placed["row"].to_numpy()[own[np.lexsort((placed["sentence"].to_numpy()[own], doc_rank[own]))]]
        found = {term: 0 for term in block["term"]}
        for row in order.tolist():
            doc_id, sentence_id, text = (sentences[column].iat[row] for column in ("doc_id", "sentence_id", "text"))
            present = set(analyse(text))
            for term, z in zip(block["term"], block["z"], strict=False):
                if found[term] < per_term and term in present:
                    found[term] += 1
                    rows.append(
                        {
                            name: group,
                            "term": term,
                            "z": z,
                            "doc_id": doc_id,
                            "sentence_id": sentence_id,
                            "text": text,
                        }  # fmt: skip
                    )
                    break  # one term per sentence, so quotes do not repeat
            if all(value >= per_term for value in found.values()):
                break
    table = pd.DataFrame(rows, columns=columns)
    table = table.sort_values([name, "z", "term"], ascending=[True, False, True], kind="stable", ignore_index=True)
    table["note"] = [f"“{t}” (z = {z:.1f}) · {s}" for t, z, s in zip(table["term"], table["z"], table["sentence_id"])]
    return table


def plot_terms(top: pd.DataFrame, title: str = "", columns: int = 2, group_by: str = "source") -> Figure:
    """Diverging bars of z per group: right, terms the group uses more; left, terms the rest uses more.

    Bars with |z| < 1.96 are pale: such a difference could be chance. A term that rests on one or
    two documents (``few_documents``, from :func:`flag_few_documents`) has an asterisk.
    """
    from matplotlib.figure import Figure

    if top.empty:
        return empty_figure("No comparison: only one group")
    groups = sorted(top[group_by].unique())
    columns = max(1, min(columns, len(groups)))
    rows = -(-len(groups) // columns)
    height = max(top.groupby(group_by).size().max(), 1)
    figure = Figure(figsize=(6.2 * columns, (0.9 + 0.21 * height) * rows))
    grid = figure.subplots(rows, columns, squeeze=False)
    marked = False
    for axes, group in zip(grid.ravel(), groups, strict=False):
        block = top[top[group_by] == group].sort_values("z")
        strong = (block["z"].abs() >= 1.96).to_numpy()
        colours = np.where((block["z"] > 0).to_numpy()[:, None], [[0.106, 0.424, 0.659]], [[0.753, 0.224, 0.169]])
        colours = np.column_stack([colours, np.where(strong, 1.0, 0.35)])
        positions = np.arange(len(block))
        axes.barh(positions, block["z"], color=colours)
        marks = block["few_documents"].astype(bool) if "few_documents" in block else pd.Series(False, index=block.index)
        marked = marked or bool(marks.any())
        labels = [f"{term} {FEW_MARK}" if flag else term for term, flag in zip(block["term"], marks, strict=True)]
        for position, value, term in zip(positions, block["z"], labels, strict=True):
            axes.text(
                value + (0.1 if value >= 0 else -0.1), position, term, va="center",
                ha="left" if value >= 0 else "right", fontsize=7.5,
            )  # fmt: skip
        against = block["against"].iloc[0]
        axes.set_title(f"{group}  vs  {'the rest' if against == REST else against}", fontsize=9)
        axes.axvline(0, color="#333", linewidth=0.8)
        axes.set_yticks([])
        limit = float(block["z"].abs().max()) * 1.9 + 0.5
        axes.set_xlim(-limit, limit)
        axes.set_xlabel("z  (← the rest uses more · this group uses more →)", fontsize=8)
        axes.tick_params(labelsize=7)
    for axes in grid.ravel()[len(groups) :]:
        axes.set_axis_off()
    figure.suptitle(title or "Distinctive terms: log-odds with informative Dirichlet prior (z)", fontsize=10)
    figure.tight_layout()
    if marked:
        legend_line(figure, FEW_LEGEND)
    return figure
