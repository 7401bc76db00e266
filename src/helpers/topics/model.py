"""Fit topics to units of text, choosing the number of topics K by measurement.

The pipeline: units → terms (:mod:`helpers.topics.vocabulary`) → TF-IDF (scikit-learn, sublinear tf,
l2-normalised rows, float32) → NMF (default: multiplicative updates from a deterministic
``nndsvda`` start) or LDA (scikit-learn, on raw counts, seeded by ``random_state``).

How K is chosen when ``k`` is 0. For every K in ``k_min..k_max`` (step ``k_step``; the range is
cut to at most one topic per five selection units):

- a *reference* model is fitted on the selection units (all units, or a random sample of
  ``selection_units`` of them on a large corpus) and its topics' NPMI is measured on those units;
- ``resamples`` models are fitted on random subsets (``resample_fraction`` of the selection units,
  without replacement; the same subsets for every K) and the *stability* of K is the mean
  agreement of the reference topics with each resample's topics (see :mod:`helpers.topics.quality`).

Both measures are rescaled to 0–1 over the Ks tried (min–max; a measure that does not vary counts
as 1) and the recommended K is the one with the highest mean of the two; ties go to the smaller K.
So the choice favours topics that are both coherent and reproducible, and says nothing beyond the
range tried. The final model is then fitted on all units. With a fixed ``k``, the final model is
the reference: its NPMI and its agreement with ``resamples`` models at that K are reported.

Topics are numbered 1..K from the largest total weight. Everything random (the selection
sample, the subsets, LDA) is seeded from ``random_state``; NMF itself is deterministic.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np
import pandas as pd
from scipy import sparse

from helpers.engine import map_jobs, one_blas_thread
from helpers.errors import InputError
from helpers.store import code_digest, digest, shared_object
from helpers.topics.quality import agreement, npmi_from_matrix
from helpers.topics.vocabulary import TermSettings, Vocabulary

METHODS = ("nmf", "lda", "minibatch_nmf")
K_LIMIT = 500
UNITS_PER_TOPIC = 5  # when choosing K, at most one topic per this many units


@dataclass(frozen=True)
class TopicSettings:
    """Options of a topic model.

    Attributes:
        method: ``nmf`` (default), ``lda``, or ``minibatch_nmf`` (faster on very large corpora).
        k: number of topics; 0 chooses it from ``k_min..k_max``.
        k_min: smallest K tried.
        k_max: largest K tried (the range is cut to at most one topic per five units).
        k_step: step between the Ks tried.
        top_n: terms per topic for labels, NPMI and stability.
        resamples: models re-fitted on subsets per K, for stability.
        resample_fraction: share of the selection units in each subset.
        selection_units: K is chosen on a random sample of at most this many units.
        random_state: seed for sampling, resampling, LDA and the confidence intervals.
        max_iter: passes of the fitting algorithm over the data; 0 = automatic: 200 for up to
            2,000 units, 200 × 2,000 / units above that, and never fewer than 30 (on large corpora
            each pass is costly, and the top terms settle well before the loss stops improving:
            on AllSides at K = 50, 30 passes gave the same NMI and NPMI as 50).
        terms: how texts become terms (:class:`helpers.topics.vocabulary.TermSettings`).
    """

    method: str = "nmf"
    k: int = 0
    k_min: int = 3
    k_max: int = 12
    k_step: int = 1
    top_n: int = 10
    resamples: int = 5
    resample_fraction: float = 0.8
    selection_units: int = 3000
    random_state: int = 0
    max_iter: int = 0
    terms: TermSettings = field(default_factory=TermSettings)

    def validate(self) -> None:
        """Raise :class:`InputError` for values out of range."""
        if self.method not in METHODS:
            raise InputError(f"method: {self.method!r} is not one of {', '.join(METHODS)}")
        for name in ("k_min", "k_max", "k"):
            value = getattr(self, name)
            if not isinstance(value, (int, np.integer)) or isinstance(value, bool):
                raise InputError(f"{name}: expected a whole number, got {value!r}")
        if self.k < 0 or self.k > K_LIMIT:
            raise InputError(f"k: {self.k} is out of range; use 0 to choose K, or a number from 2 to {K_LIMIT}")
        if self.k == 1:
            raise InputError("k: 1 topic is no model; use 0 to choose K, or at least 2")
        if self.k == 0:
            if self.k_min < 2:
                raise InputError(f"k_min: {self.k_min} is too small; the smallest K worth trying is 2")
            if self.k_max > K_LIMIT:
                raise InputError(f"k_max: {self.k_max} is absurd; use at most {K_LIMIT}")
            if self.k_max < self.k_min:
                raise InputError(f"k_max ({self.k_max}) is smaller than k_min ({self.k_min}); swap them")
        if self.k_step < 1:
            raise InputError(f"k_step: {self.k_step} must be at least 1")
        if self.top_n < 2 or self.top_n > 100:
            raise InputError(f"top_n: {self.top_n} is out of range; use 2 to 100 terms per topic")
        if self.resamples < 0 or self.resamples > 100:
            raise InputError(f"resamples: {self.resamples} is out of range; use 0 (no stability) to 100")
        if not 0.2 <= self.resample_fraction < 1:
            raise InputError(f"resample_fraction: {self.resample_fraction} must be in [0.2, 1)")
        if self.selection_units < 50:
            raise InputError(f"selection_units: {self.selection_units} is too small; use at least 50")
        if self.max_iter < 0:
            raise InputError(f"max_iter: {self.max_iter} must be at least 1, or 0 for automatic")
        self.terms.validate()


@dataclass
class TopicModel:
    """A fitted topic model and everything the tables are made from.

    Attributes:
        settings: what it was fitted with (``k`` is the K used).
        units: the units (see :func:`helpers.topics.units.build_units`), with ``attrs["unit"]``.
        vocabulary: the terms (columns of ``counts`` and ``components``).
        counts: units × terms counts.
        weights: units × topics, nonnegative (rows of units without known terms are 0).
        shares: units × topics, each row summing to 1 (NaN for units without known terms).
        components: topics × terms, each row summing to 1.
        terms: the top terms of each topic (``top_n``, redundant words dropped, see :func:`top_terms`).
        npmi: per topic, on all units.
        stability: per topic, against the resample models at this K (NaN without resamples).
        selection: one row per K tried (see :func:`select_k`); one row when K was forced.
        notes: plain sentences about choices made along the way (unit, sample, range cut).
    """

    settings: TopicSettings
    units: pd.DataFrame
    vocabulary: Vocabulary
    counts: sparse.csr_matrix
    weights: np.ndarray
    shares: np.ndarray
    components: np.ndarray
    terms: list[list[str]]
    npmi: np.ndarray
    stability: np.ndarray
    selection: pd.DataFrame
    notes: list[str]
    estimator: object = None
    transformer: object = None
    order: np.ndarray | None = None

    @property
    def k(self) -> int:
        """The number of topics."""
        return self.components.shape[0]

    @property
    def unit(self) -> str:
        """The unit modelled: document, paragraph or passage."""
        return self.units.attrs.get("unit", "")

    def transform(self, texts: list[str]) -> np.ndarray:
        """Topic shares of new texts (rows sum to 1; NaN for a text without known terms)."""
        return self.transform_each([texts])[0]

    def transform_each(self, batches: list[list[str]]) -> list[np.ndarray]:
        """:meth:`transform` of each list of texts on its own, as one call for each would give (the
        one-thread BLAS setting, which takes a few milliseconds to make, is made once for all)."""
        with one_blas_thread():
            return [self._shares(texts) for texts in batches]

    def _shares(self, texts: list[str]) -> np.ndarray:
        counts = self.vocabulary.transform(texts)
        matrix = counts if self.settings.method == "lda" else self.transformer.transform(counts)
        # The model was fitted on float32 TF-IDF; scikit-learn's NMF wants new data in that dtype.
        matrix = matrix.astype(self.estimator.components_.dtype, copy=False)
        weights = self.estimator.transform(matrix)[:, self.order]
        with np.errstate(invalid="ignore", divide="ignore"):
            return weights / weights.sum(axis=1, keepdims=True)

    def labels(self, words: int = 3) -> list[str]:
        """A short label per topic: its first ``words`` top terms."""
        return [", ".join(terms[:words]) for terms in self.terms]


def top_terms(weights: np.ndarray, vocabulary: np.ndarray, n: int) -> list[str]:
    """The ``n`` heaviest terms of one topic, without redundant words.

    A bigram takes the place of its own words listed before it ("white", "white house" →
    "white house"); a word contained in a bigram already listed is skipped, and so is a bigram
    whose words are all listed already. The terms kept are returned heaviest first. Otherwise labels repeat themselves, and NPMI would reward
    a bigram for co-occurring with its own words.
    """
    # Look further than n: a bigram further down may still replace a word already listed.
    order = np.argsort(-weights, kind="stable")[: 3 * n + 10]
    chosen: list[str] = []
    for column in order:
        if weights[column] <= 0:
            break
        term = str(vocabulary[column])
        parts = term.split(" ")
        listed = {word for item in chosen for word in item.split(" ")}
        if len(parts) == 1:
            if term not in listed:
                chosen.append(term)
            continue
        standalone = [index for index, item in enumerate(chosen) if item in parts]
        if not standalone and all(part in listed for part in parts):
            continue
        if standalone:
            chosen[standalone[0]] = term
            chosen = [item for index, item in enumerate(chosen) if index not in standalone[1:]]
        else:
            chosen.append(term)
    weight = {str(vocabulary[column]): weights[column] for column in order}
    return sorted(chosen, key=lambda term: -weight[term])[:n]


# The modules whose code decides a fitted model.
MODEL_MODULES = ("model.py", "vocabulary.py", "quality.py", "../wordlists.py", "../resources/news_stopwords.txt")


def fit(
    units: pd.DataFrame, settings: TopicSettings = TopicSettings(), engine=None, cache_dir: str | Path | None = None
) -> TopicModel:
    """Fit a topic model to ``units``, choosing K when ``settings.k`` is 0.

    Args:
        units: from :func:`helpers.topics.units.build_units` (needs unit_id, doc_id, words, text).
        settings: :class:`TopicSettings`.
        engine: where texts are tokenized and counted (see :meth:`Vocabulary.fit_transform`); with
            the pandas :class:`helpers.engine.Engine`, the models (the final one and those the
            choice of K and stability rest on) are also fitted in worker processes, each as it would
            be here. None: everything here, one step after another.
        cache_dir: a run's cache folder: the model is kept there, keyed by the units' ids and
            texts, the settings and this code, and read back by the next run that asks for the same
            (the engine does not change a model). None or "": fitted here and not kept.

    Returns:
        The :class:`TopicModel`; topics are numbered 1..K from the largest share of the corpus.

    Raises:
        InputError: a setting is out of range, K exceeds the number of units, or no term is
            frequent enough to model.
    """
    if not cache_dir:
        with one_blas_thread():
            return _fit(units, settings, engine)
    settings.validate()
    code = code_digest(Path(__file__).parent / name for name in MODEL_MODULES)
    key = digest(*units["unit_id"].astype(str), "\x00", *units["text"].astype(str), repr(settings), code)

    def compute() -> TopicModel:
        with one_blas_thread():
            return replace(_fit(units, settings, engine), units=None)  # the units are the caller's: not kept

    return replace(shared_object(cache_dir, f"topic-model-{key}", compute), units=units)


def _fit(units: pd.DataFrame, settings: TopicSettings, engine) -> TopicModel:
    settings.validate()
    notes: list[str] = []
    n_units = len(units)
    if settings.k and settings.k >= n_units:
        raise InputError(
            f"k: {settings.k} topics need more units than the {n_units} there are; use k below {n_units} "
            "or a finer unit (paragraph or passage)"
        )
    if n_units < 3:
        raise InputError(f"only {n_units} units of text: a topic model needs at least 3; use a finer unit")
    # scikit-learn is imported where it is used, so checking parameters before a run stays quick.
    from sklearn.feature_extraction.text import TfidfTransformer

    vocabulary, counts = Vocabulary.fit_transform(units["text"].tolist(), settings.terms, engine=engine)
    transformer = TfidfTransformer(sublinear_tf=True).fit(counts)
    # float32 halves the memory traffic of every NMF pass; topics do not need more precision.
    tfidf = transformer.transform(counts).tocsr().astype(np.float32)
    usable = np.flatnonzero(np.asarray(counts.sum(axis=1)).ravel() > 0)
    if len(usable) < n_units:
        notes.append(
            f"{n_units - len(usable)} of {n_units} units contain none of the {len(vocabulary):,} terms "
            "and are left out of the model."
        )
    data = _Data(tfidf[usable], counts[usable])
    if len(usable) <= max(settings.k, 2):
        raise InputError(
            f"only {len(usable)} units contain terms used in more than one unit; too few for "
            f"{max(settings.k, 2)} topics; lower min_df or use a finer unit"
        )
    selection_rows = _sample(len(usable), settings.selection_units, settings.random_state)
    if len(selection_rows) < len(usable):
        notes.append(
            f"K was measured on a random sample of {len(selection_rows):,} of the {len(usable):,} units; "
            "the final model uses all of them."
        )
    ks = _ks(settings, len(selection_rows), notes)
    if settings.k:
        # Fixed K: the final model and the resample models it is measured against are fitted together.
        k = settings.k
        jobs = [_Job(None, k), *_selection_jobs(selection_rows, ks, settings, fitted={k})]
        (weights, components, estimator), *resampled = _fit_all(data, jobs, settings, engine)
    else:
        selection, resample_terms = select_k(data, selection_rows, ks, settings, vocabulary.terms, engine=engine)
        k = int(selection.loc[selection["recommended"], "k"].iloc[0])
        selection["chosen"] = selection["k"] == k
        if len(selection) > 2 and k in (selection["k"].min(), selection["k"].max()):
            notes.append(
                f"The recommended K ({k}) is at the edge of the range tried ({selection['k'].min()}–"
                f"{selection['k'].max()}); a wider range may find a better one."
            )
        weights, components, estimator = _fit_matrix(data, k, settings)
    order = np.argsort(-weights.sum(axis=0), kind="stable")
    weights, components = weights[:, order], components[order]
    all_weights = np.zeros((n_units, k))
    all_weights[usable] = weights
    with np.errstate(invalid="ignore", divide="ignore"):
        shares = all_weights / all_weights.sum(axis=1, keepdims=True)
    components = components / np.where(
        components.sum(axis=1, keepdims=True) > 0, components.sum(axis=1, keepdims=True), 1
    )
    terms = [top_terms(row, vocabulary.terms, settings.top_n) for row in components]
    if settings.k:
        # Fixed K: measure the final model itself against resample models at that K.
        selection, resample_terms = select_k(
            data, selection_rows, ks, settings, vocabulary.terms, reference={k: terms}, fits=resampled
        )
    column = {term: number for number, term in enumerate(vocabulary.terms)}
    coherence = npmi_from_matrix(counts, [[column[t] for t in topic] for topic in terms])
    if resample_terms.get(k):
        per_topic = np.mean([agreement(terms, other, settings.top_n) for other in resample_terms[k]], axis=0)
    else:
        per_topic = np.full(k, np.nan)
    return TopicModel(
        settings=replace(settings, k=k),
        units=units,
        vocabulary=vocabulary,
        counts=counts,
        weights=all_weights,
        shares=shares,
        components=components,
        terms=terms,
        npmi=coherence,
        stability=per_topic,
        selection=selection,
        notes=notes,
        estimator=estimator,
        transformer=transformer,
        order=order,
    )


@dataclass
class _Data:
    tfidf: sparse.csr_matrix
    counts: sparse.csr_matrix

    def rows(self, rows: np.ndarray) -> _Data:
        return _Data(self.tfidf[rows], self.counts[rows])

    def __len__(self) -> int:
        return self.tfidf.shape[0]


def _sample(n: int, size: int, random_state: int) -> np.ndarray:
    if n <= size:
        return np.arange(n)
    return np.sort(np.random.default_rng([random_state, 1]).choice(n, size, replace=False))


def _ks(settings: TopicSettings, n_rows: int, notes: list[str]) -> list[int]:
    if settings.k:
        return [settings.k]
    # A topic should be a pattern across several units: at most one topic per five units.
    top = min(settings.k_max, n_rows - 1, max(2, n_rows // UNITS_PER_TOPIC))
    bottom = min(settings.k_min, top)
    if top < settings.k_max:
        tried = f"K could only be {top}" if bottom == top else f"K was tried from {bottom} to {top}"
        notes.append(
            f"{tried}, not {settings.k_min} to {settings.k_max}: with {n_rows} units "
            f"to measure on, more than one topic per {UNITS_PER_TOPIC} units would describe single passages."
        )
    return list(range(bottom, top + 1, settings.k_step))


def _subsets(n: int, settings: TopicSettings) -> list[np.ndarray]:
    size = max(int(round(settings.resample_fraction * n)), 2)
    return [
        np.sort(np.random.default_rng([settings.random_state, 2, number]).choice(n, size, replace=False))
        for number in range(settings.resamples)
    ]


@dataclass(frozen=True)
class _Job:
    """One model to fit: K topics on some rows of the data (None: all of them)."""

    rows: np.ndarray | None
    k: int


def _selection_jobs(rows: np.ndarray, ks: list[int], settings: TopicSettings, fitted=frozenset()) -> list[_Job]:
    """The models :func:`select_k` fits, in order: per K, a reference model on ``rows`` (unless K is in
    ``fitted``) and a model on each resample subset of them (the same subsets for every K)."""
    subsets = _subsets(len(rows), settings)
    jobs = []
    for k in ks:
        if k not in fitted:
            jobs.append(_Job(rows, k))
        jobs.extend(_Job(rows[subset], k) for subset in subsets if k < len(subset))
    return jobs


def _fit_all(data: _Data, jobs: list[_Job], settings: TopicSettings, engine) -> list[tuple]:
    """:func:`_fit_matrix` for every job, results in order: with the pandas engine in worker processes
    forked from this one (the fits are independent, and each gives what it gives here)."""

    def fit_one(number: int) -> tuple:
        job = jobs[number]
        return _fit_matrix(data if job.rows is None else data.rows(job.rows), job.k, settings)

    local = engine if engine is not None and engine.kind == "pandas" else None
    return map_jobs(fit_one, len(jobs), local, desc="topic models")


def select_k(
    data: _Data,
    rows: np.ndarray,
    ks: list[int],
    settings: TopicSettings,
    vocabulary: np.ndarray,
    reference: dict | None = None,
    engine=None,
    fits: list[tuple] | None = None,
) -> tuple[pd.DataFrame, dict[int, list[list[list[str]]]]]:
    """Measure NPMI and stability for each K on the selection ``rows`` of ``data`` (see the module notes).

    ``reference`` may give, per K, the top terms of a model already fitted (the final model when
    K is fixed); otherwise a reference model is fitted on the selection. ``fits`` may hold the
    models of :func:`_selection_jobs` already fitted; otherwise they are fitted here, on ``engine``.

    Returns:
        ``(table, resample_terms)``. The table has k, npmi (mean over topics, on the selection
        units), npmi_min (weakest topic), stability (mean agreement with the resample models),
        stability_sd (across resamples), score (the rule's 0–1 score), recommended, chosen.
        ``resample_terms[k]`` holds each resample model's top terms.
    """
    reference = reference or {}
    jobs = _selection_jobs(rows, ks, settings, fitted=set(reference))
    models = iter(_fit_all(data, jobs, settings, engine) if fits is None else fits)
    counts = data.rows(rows).counts
    table_rows, resample_terms = [], {}
    column = {term: number for number, term in enumerate(vocabulary)}
    for k in ks:
        resamples = sum(job.k == k for job in jobs) - (k not in reference)  # this K's jobs but its reference
        terms = reference[k] if k in reference else _model_terms(next(models), vocabulary, settings)
        coherence = npmi_from_matrix(counts, [[column[t] for t in topic] for topic in terms])
        others = [_model_terms(next(models), vocabulary, settings) for _ in range(resamples)]
        resample_terms[k] = others
        agreements = [agreement(terms, other, settings.top_n).mean() for other in others]
        table_rows.append(
            {
                "k": k,
                "npmi": float(np.nanmean(coherence)),
                "npmi_min": float(np.nanmin(coherence)),
                "stability": float(np.mean(agreements)) if agreements else np.nan,
                "stability_sd": float(np.std(agreements)) if agreements else np.nan,
                "units": len(rows),
                "resamples": len(others),
            }
        )
    table = pd.DataFrame(table_rows)
    table["score"] = (_rescale(table["npmi"]) + _rescale(table["stability"])) / 2
    best = table["score"].max()
    table["recommended"] = table["k"] == table.loc[np.isclose(table["score"], best), "k"].min()
    table["chosen"] = False if not settings.k else True
    return table, resample_terms


def _model_terms(fitted: tuple, vocabulary: np.ndarray, settings: TopicSettings) -> list[list[str]]:
    """The top terms of each topic of a fitted model (weights, components, estimator)."""
    return [top_terms(row, vocabulary, settings.top_n) for row in fitted[1]]


def _rescale(values: pd.Series) -> pd.Series:
    if values.isna().all():
        return pd.Series(1.0, index=values.index)
    low, high = values.min(), values.max()
    if np.isclose(high, low):
        return pd.Series(1.0, index=values.index).where(values.notna(), 0.0)
    return ((values - low) / (high - low)).fillna(0.0)


def _fit_matrix(data: _Data, k: int, settings: TopicSettings) -> tuple[np.ndarray, np.ndarray, object]:
    """Fit one model; returns (unit weights, topic components, estimator)."""
    from sklearn.decomposition import NMF, LatentDirichletAllocation, MiniBatchNMF
    from sklearn.exceptions import ConvergenceWarning

    iterations = settings.max_iter or int(np.clip(200 * 2000 / max(len(data), 1), 30, 200))
    with warnings.catch_warnings():
        # Reaching max_iter is reported in the notes of a run, not as a warning per fit.
        warnings.simplefilter("ignore", ConvergenceWarning)
        warnings.filterwarnings("ignore", "invalid value encountered in sqrt", RuntimeWarning)
        if settings.method == "lda":
            estimator = LatentDirichletAllocation(
                n_components=k,
                learning_method="batch" if len(data) <= 5000 else "online",  # online: minibatches
                max_iter=min(iterations, 50),
                batch_size=1024,
                random_state=settings.random_state,
            )
            weights = estimator.fit_transform(data.counts)
        elif settings.method == "minibatch_nmf":
            estimator = MiniBatchNMF(
                n_components=k,
                init="nndsvda",
                batch_size=2048,
                max_iter=iterations,
                random_state=settings.random_state,
            )
            weights = estimator.fit_transform(data.tfidf)
        else:
            # Multiplicative updates from an NNDSVD start with zeros filled by the mean (nndsvda):
            # deterministic, and on news corpora as good as coordinate descent at fewer passes.
            estimator = NMF(
                n_components=k, init="nndsvda", solver="mu", max_iter=iterations, tol=1e-4,
                random_state=settings.random_state,
            )  # fmt: skip
            weights = estimator.fit_transform(data.tfidf)
    return weights, estimator.components_, estimator
