"""One seeded bootstrap for every stage: 95% percentile intervals of group means.

Every group draws from a generator of its own, seeded by ``random_state`` and the group's name
(:func:`generator`). So a group's interval depends on its own rows and the seed only: adding or
removing another source, bias group or period never moves it, and the same corpus and parameters
give the same intervals on any machine (matrix products run on one BLAS thread).

Resampling is by document wherever documents are the unit that varies: the sentences of one
article are not independent. :func:`bootstrap_means` falls back to resampling sentences for a
group with fewer than :data:`MIN_DOCS_FOR_DOCUMENT_BOOTSTRAP` documents, and says so.
"""

from __future__ import annotations

import zlib

import numpy as np
import pandas as pd

from helpers.engine import one_blas_thread

# Fewer documents than this in a group and bootstrap_means resamples sentences instead.
MIN_DOCS_FOR_DOCUMENT_BOOTSTRAP = 5
MEANS_COLUMNS = ["variable", "estimate", "ci_low", "ci_high", "sentences", "docs", "ci_unit"]


def generator(random_state: int, key: str) -> np.random.Generator:
    """The random generator of one group (or of any named draw): seeded by ``random_state`` and ``key``."""
    return np.random.default_rng([int(random_state), zlib.crc32(key.encode("utf-8"))])


def group_key(values) -> str:
    """The text a group's generator is seeded with: its key values joined by a control character."""
    values = values if isinstance(values, tuple) else (values,)
    return "\x1f".join(map(str, values))


def replicate_means(sums: np.ndarray, counts: np.ndarray, rng: np.random.Generator, n_boot: int) -> np.ndarray:
    """Bootstrap replicates of a ratio of sums: ``n_boot`` resamples of the units, with replacement.

    Args:
        sums: units × variables, each unit's sum of each variable (a document's frame sentences …).
        counts: per unit, what the sums are divided by (its sentences; 1 when a unit is one value).
        rng: the group's generator (:func:`generator`).
        n_boot: replicates.

    Returns:
        ``n_boot`` × variables: each replicate's total of ``sums`` over its total of ``counts``.
        Callers run it inside :func:`helpers.engine.one_blas_thread` (entered once: it costs
        milliseconds) so the sums come out the same on every machine.
    """
    units = len(counts)
    weights = rng.multinomial(units, np.full(units, 1.0 / units), size=n_boot).astype(float)
    return (weights @ sums) / (weights @ counts)[:, None]


def percentile_interval(replicates: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The 95% percentile interval of each column of ``replicates``: (low, high)."""
    low, high = np.percentile(replicates, [2.5, 97.5], axis=0)
    return low, high


def bootstrap_means(
    rows: pd.DataFrame,
    keys: list[str],
    values: list[str],
    n_boot: int = 1000,
    random_state: int = 0,
    min_docs: int = MIN_DOCS_FOR_DOCUMENT_BOOTSTRAP,
) -> pd.DataFrame:
    """Means of sentence-level values per group, with 95% percentile bootstrap intervals.

    Within each group the bootstrap resamples whole documents when the group has at least
    ``min_docs`` documents. With fewer it resamples sentences instead and says so in ``ci_unit``:
    such an interval only reflects how the sentences of these few documents vary and is too narrow
    for the outlet as a whole. A group of one sentence has no interval (ci_low and ci_high empty):
    resampling one sentence gives that sentence every time.

    Args:
        rows: one row per sentence: the ``keys`` columns, ``doc_id``, and the numeric ``values`` columns.
        keys: the columns that define a group (e.g. ``["source"]`` or ``["source", "actor"]``).
        values: the columns to average (0/1 columns give shares).
        n_boot: bootstrap replicates.
        random_state: seed; each group's generator is derived from it and the group's key values.
        min_docs: fewest documents for which documents are resampled.

    Returns:
        The ``keys`` columns, variable, estimate, ci_low, ci_high, sentences, docs, ci_unit
        ("document" or "sentence"); sorted by keys and variable.
    """
    if rows.empty:
        return pd.DataFrame(columns=[*keys, *MEANS_COLUMNS])
    out: list[dict] = []
    with one_blas_thread():
        for key, group in rows.groupby(keys, sort=True):
            out.extend(_group_means(key, group, keys, values, n_boot, random_state, min_docs))
    return pd.DataFrame(out)


def _group_means(key, group: pd.DataFrame, keys, values, n_boot: int, random_state: int, min_docs: int) -> list[dict]:
    """The rows of :func:`bootstrap_means` for one group."""
    key = key if isinstance(key, tuple) else (key,)
    matrix = group[values].to_numpy(dtype=float)
    estimate = matrix.mean(axis=0)
    doc_index, doc_codes = pd.factorize(group["doc_id"].to_numpy(), sort=True)
    if len(doc_codes) >= min_docs:
        sums = np.column_stack(
            [np.bincount(doc_index, weights=matrix[:, n], minlength=len(doc_codes)) for n in range(len(values))]
        ).reshape(len(doc_codes), len(values))
        counts = np.bincount(doc_index, minlength=len(doc_codes)).astype(float)
        unit = "document"
    else:
        sums, counts, unit = matrix, np.ones(len(matrix)), "sentence"
    if len(counts) < 2:  # one sentence: every resample is that sentence, an interval of width zero says nothing
        low = high = np.full(len(values), np.nan)
    else:
        replicates = replicate_means(sums, counts, generator(random_state, group_key(key)), n_boot)
        low, high = percentile_interval(replicates)
    named = dict(zip(keys, key, strict=True))
    return [
        {
            **named,
            "variable": column,
            "estimate": point,
            "ci_low": lo,
            "ci_high": hi,
            "sentences": len(group),
            "docs": len(doc_codes),
            "ci_unit": unit,
        }
        for column, point, lo, hi in zip(values, estimate, low, high, strict=True)
    ]


def document_means(
    matrix: np.ndarray, labels: np.ndarray, n_boot: int = 1000, random_state: int = 0
) -> tuple[list, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Mean of each column over each group's rows (one row per document), with 95% intervals.

    Documents are resampled within each group; a group of one document has no interval (NaN).

    Args:
        matrix: documents × variables (a document's topic shares …).
        labels: the group of each document; missing values (None, NaN, NaT) leave the document out.
        n_boot: replicates (0: no intervals).
        random_state: seed; each group's generator is derived from it and the group's name.

    Returns:
        ``(names, mean, low, high, sizes)``: the groups in sorted order, then groups × variables
        arrays of means and interval ends, and each group's number of documents.
    """
    present = pd.notna(labels)
    names = sorted(pd.unique(labels[present]))
    variables = matrix.shape[1]
    mean, low, high = (np.full((len(names), variables), np.nan) for _ in range(3))
    if not names:
        return names, mean, low, high, np.zeros(0, dtype=np.int64)
    # Each group's documents as one slice, in their original order (a stable sort by group).
    code = pd.Index(names).get_indexer(np.where(present, labels, names[0]))
    code[~present] = len(names)
    order = np.argsort(code, kind="stable")
    bounds = np.searchsorted(code[order], np.arange(len(names) + 1))
    with one_blas_thread():
        for number, name in enumerate(names):
            rows = matrix[order[bounds[number] : bounds[number + 1]]]
            mean[number] = rows.mean(axis=0)
            if len(rows) >= 2 and n_boot > 0:
                rng = generator(random_state, group_key(name))
                low[number], high[number] = percentile_interval(replicate_means(rows, np.ones(len(rows)), rng, n_boot))
    return names, mean, low, high, np.diff(bounds)
