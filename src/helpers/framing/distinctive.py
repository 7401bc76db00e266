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

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from matplotlib.figure import Figure
from scipy import sparse

from helpers.charts import FEW_LEGEND, FEW_MARK, empty_figure, legend_line
from helpers.compare import FEW_DOCUMENTS, REST, group_column, log_odds, without_parts
from helpers.engine import Engine, map_partitions
from helpers.errors import InputError
from helpers.exclusions import REMOVED, TermExclusions, remove_names
from helpers.wordlists import english_stop_words

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


def _pair_counts(ids: np.ndarray, weights: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Distinct ``ids`` and the sum of their ``weights``."""
    distinct, inverse = np.unique(ids, return_inverse=True)
    return distinct, np.bincount(inverse.ravel(), weights=weights, minlength=len(distinct)).round().astype(np.int64)


def count_group_terms(
    texts: list[str], options: DistinctiveSettings = DistinctiveSettings()
) -> tuple[pa.Array, np.ndarray]:
    """The terms of ``texts`` counted together: the sum of :func:`tokenizer` over each text, faster.

    The texts are lower-cased as one text, each after a control character (NUL) that, like any
    punctuation, ends a token and blocks a bigram across it. A token never contains a space, so
    the text is cut at spaces and the pieces are told apart by pyarrow (in C++); only the distinct
    pieces are cut into tokens by the regular expression. Words are then counted per distinct
    piece, and bigrams as pairs of token codes: within a piece, and from the last token of one
    piece to the first of the next. Outlet names of ``options.exclusions`` are first replaced by a
    NUL in the joined text (by RE2, in C++), and excluded words are dropped like stop words.

    Returns:
        ``(terms, counts)``: the distinct terms (words, then two-word phrases; a pyarrow array)
        and their counts.
    """
    stop = _left_out(options)
    # NUL is neither cased nor case-ignorable, so lower() treats it like the end of a text (the
    # final-sigma rule), and it is a one-character token that is never a term.
    text = "\x00".join(texts)
    if options.exclusions.names:
        found = pa.array([text], pa.large_string())
        text = pc.replace_substring_regex(found, pattern=options.exclusions.names, replacement=REMOVED)[0].as_py()
        del found
    text = _POSSESSIVE.sub("", text.lower())
    pieces = pc.split_pattern(pa.array([text], pa.large_string()), " ").flatten().dictionary_encode()
    sequence = pieces.indices.to_numpy(zero_copy_only=False).astype(np.int64)
    tokens, lengths = _piece_tokens(pieces.dictionary.to_pylist(), "\x01" in text)
    del text, pieces
    codes, vocabulary = pd.factorize(tokens)
    vocabulary = np.asarray(vocabulary, dtype=object)
    size = len(vocabulary)
    occurs = np.bincount(sequence, minlength=len(lengths)).astype(np.float64)
    piece_of = np.repeat(np.arange(len(lengths)), lengths)  # the piece of each of its tokens
    counts = np.bincount(codes, weights=occurs[piece_of], minlength=size).round().astype(np.int64)
    # A token of two or more characters is a word (other tokens are one punctuation character).
    kept = np.fromiter(map(len, vocabulary), np.int64, size) > 1
    if stop:
        kept &= ~pd.Series(vocabulary, dtype=object).isin(stop).to_numpy()
    words = pa.array(vocabulary, pa.large_string())
    terms, numbers = [words.filter(pa.array(kept))], [counts[kept]]
    if options.ngrams >= 2 and size:
        # Within a piece: neighbouring tokens of one piece, as often as the piece occurs.
        inside = np.flatnonzero(piece_of[:-1] == piece_of[1:])
        ids = [codes[inside].astype(np.int64) * size + codes[inside + 1]]
        weights = [occurs[piece_of[inside]]]
        # Across pieces: the last token of a piece and the first of the next (empty pieces, between
        # two spaces, have no tokens and are passed over).
        ends = np.cumsum(lengths)
        sequence = sequence[lengths[sequence] > 0]
        last, first = codes[ends[sequence[:-1]] - 1], codes[ends[sequence[1:]] - lengths[sequence[1:]]]
        ids.append(last.astype(np.int64) * size + first)
        weights.append(np.ones(len(last)))
        ids, weights = np.concatenate(ids), np.concatenate(weights)
        both = kept[ids // size] & kept[ids % size]
        pairs, pair_counts = _pair_counts(ids[both], weights[both])
        left, right = np.divmod(pairs, size)
        terms.append(
            pc.binary_join_element_wise(words.take(left), words.take(right), pa.scalar(" ", pa.large_string()))
        )
        numbers.append(pair_counts)
    return pa.concat_arrays(terms), np.concatenate(numbers)


def partition_counts(part: pd.DataFrame, options: DistinctiveSettings = DistinctiveSettings()) -> pd.DataFrame:
    """Term counts of each group in one partition of documents (pure; runs in a worker).

    Args:
        part: doc_id, text and group of some documents.
        options: :class:`DistinctiveSettings`.

    Returns:
        group, term, count: one row per group and term occurring in this partition.
    """
    texts: dict[str, list[str]] = {}
    for group, text in zip(part["group"].tolist(), part["text"].fillna("").astype(str).tolist(), strict=True):
        texts.setdefault(group, []).append(text)
    blocks = []
    for group, listed in texts.items():
        found, counts = count_group_terms(listed, options)
        # Terms stay in pyarrow: group_counts factorises them there, without a Python string each.
        blocks.append(pd.DataFrame({"group": group, "term": found.to_pandas(), "count": counts}))
    return pd.concat(blocks, ignore_index=True) if blocks else pd.DataFrame(columns=["group", "term", "count"])


def group_counts(
    docs: pd.DataFrame,
    groups: pd.DataFrame,
    options: DistinctiveSettings = DistinctiveSettings(),
    engine: Engine | None = None,
) -> tuple[pd.DataFrame, np.ndarray, np.ndarray]:
    """Term counts summed per group, counted partition by partition and added up in a sparse matrix.

    Args:
        docs: doc_id and text.
        groups: doc_id and the group, from :func:`helpers.compare.doc_groups`.
        options: :class:`DistinctiveSettings`.
        engine: where partitions run (:class:`helpers.engine.Engine`; default: this machine).

    Returns:
        ``(counts, totals, corpus_totals)``: ``counts`` is a DataFrame groups × terms kept (terms
        occurring at least ``min_count`` times in the corpus, in alphabetical order), ``totals`` an
        array groups × 2 with each group's unigram and bigram tokens, and ``corpus_totals`` the
        corpus's unigram and bigram tokens.
    """
    renamed = groups.rename(columns={group_column(groups): "group"})
    merged = docs[["doc_id", "text"]].merge(renamed, on="doc_id", how="inner", validate="one_to_one")
    names = np.array(sorted(merged["group"].unique()), dtype=object)
    parts = map_partitions(
        functools.partial(partition_counts, options=options), merged, engine or Engine(), key="doc_id", desc="terms"
    )
    long = pd.concat(parts, ignore_index=True)
    del parts
    term_codes, vocabulary = pd.factorize(long["term"])
    group_codes = np.searchsorted(names, long["group"].to_numpy(dtype=object))
    by_group = sparse.csr_matrix(
        (long["count"].to_numpy(dtype=np.int64), (group_codes, term_codes)), shape=(len(names), len(vocabulary))
    )  # duplicates (one term in several partitions) are summed
    del long, term_codes, group_codes
    order = pd.Series(vocabulary).str.count(" ").to_numpy(dtype=np.int64) + 1
    totals = np.column_stack([np.asarray(by_group[:, order == n].sum(axis=1)).ravel() for n in (1, 2)])
    corpus_counts = np.asarray(by_group.sum(axis=0)).ravel()
    kept = np.flatnonzero(corpus_counts >= options.min_count)
    # Only the kept terms become Python strings, to be sorted.
    terms = np.asarray(vocabulary[kept], dtype=object)
    sorter = np.argsort(terms, kind="stable")
    table = pd.DataFrame(by_group[:, kept[sorter]].toarray(), index=list(names), columns=terms[sorter])
    # Corpus totals per n-gram order cover every token, including terms below min_count.
    return table, totals.astype(np.int64), totals.sum(axis=0).astype(np.int64)


def distinctive_terms(
    docs: pd.DataFrame,
    groups: pd.DataFrame,
    pairs: list[tuple[str, str]],
    options: DistinctiveSettings = DistinctiveSettings(),
    engine: Engine | None = None,
) -> pd.DataFrame:
    """Log-odds with informative Dirichlet prior of every term, for each group against the rest.

    Args:
        docs: doc_id and text.
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
    counts, totals, corpus_totals = group_counts(docs, groups, options, engine)
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
    top: pd.DataFrame, docs: pd.DataFrame, groups: pd.DataFrame, options: DistinctiveSettings = DistinctiveSettings()
) -> pd.DataFrame:
    """:func:`leading_terms` with ``few_documents``: true when one or two documents use the term on
    the side that uses it more (the group's documents for side "group", the other side's for side
    "rest"), so that its z says what those articles did rather than what the group does.

    Documents are read in corpus order with the same :func:`tokenizer` the terms were counted
    with, and a term stops being counted at its third document: common terms are settled after a
    few articles, and only a side with a rare leading term is read to the end.

    Returns:
        ``top`` with a ``few_documents`` column (bool).
    """
    if top.empty:
        return top.assign(few_documents=pd.Series(dtype=bool))
    name = group_column(groups)
    analyse = tokenizer(options)
    wanted = set(top["term"])
    texts = docs[["doc_id", "text"]].merge(groups, on="doc_id", how="inner")
    found: dict[str, frozenset] = {}

    def terms_of(position: int) -> frozenset:
        doc_id = texts["doc_id"].iat[position]
        if doc_id not in found:
            found[doc_id] = frozenset(wanted.intersection(analyse(str(texts["text"].iat[position] or ""))))
        return found[doc_id]

    group_of = texts[name].to_numpy()
    few = pd.Series(False, index=top.index)
    for (group, side, against), block in top.groupby([name, "side", "against"], sort=True):
        if side == GROUP_SIDE:
            pool = np.flatnonzero(group_of == group)
        else:
            pool = np.flatnonzero(group_of != group if against == REST else group_of == against)
        seen = dict.fromkeys(block["term"], 0)
        open_terms = set(seen)
        for position in pool:
            for term in terms_of(position) & open_terms:
                seen[term] += 1
                if seen[term] > FEW_DOCUMENTS:
                    open_terms.discard(term)
            if not open_terms:
                break
        few[block.index] = [seen[term] <= FEW_DOCUMENTS for term in block["term"]]
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
    labelled = sentences.merge(groups, on="doc_id", how="inner")
    rows = []
    for group, block in wanted.groupby(name, sort=True):
        own = labelled[labelled[name] == group].sort_values(["doc_id", "sentence"])
        found = {term: 0 for term in block["term"]}
        for doc_id, sentence_id, text in zip(own["doc_id"], own["sentence_id"], own["text"], strict=False):
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
