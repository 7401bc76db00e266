"""The topics notebook's parameters: turned into settings, and checked against the corpus before a run."""

from __future__ import annotations

import numpy as np

from helpers.errors import InputError
from helpers.topics.model import TopicSettings
from helpers.topics.units import build_units, choose_unit
from helpers.topics.vocabulary import TermSettings, Vocabulary

BOOTSTRAP_LIMIT = 100_000
MIN_UNITS = 3  # fewest units a topic model is fitted to
COUNT_TERMS_BELOW = 200  # units; a corpus this small is checked for units sharing no term (quick at this size)


def settings_from_parameters(parameters: dict) -> TopicSettings:
    """Build :class:`TopicSettings` from the notebook's parameters (missing ones take defaults)."""
    defaults = TopicSettings()
    terms = TermSettings(
        min_df=parameters.get("min_df", defaults.terms.min_df),
        bigrams=parameters.get("bigrams", defaults.terms.bigrams),
    )
    names = ("method", "k", "k_min", "k_max", "k_step", "top_n", "resamples", "selection_units", "random_state")
    values = {name: parameters[name] for name in names if name in parameters}
    return TopicSettings(**values, terms=terms)


def _unit_count(parameters: dict, corpus) -> tuple[str, int]:
    """The unit the topics notebook will model and how many of them the corpus gives."""
    unit = choose_unit(parameters.get("unit", "auto"), len(corpus.docs))
    if unit == "document":
        return unit, len(corpus.docs)
    if unit == "paragraph":
        return unit, int((corpus.paragraphs["words"] > 0).sum())
    return unit, len(build_units(corpus.docs, corpus.paragraphs, corpus.sentences, unit="passage"))


def _units_with_terms(parameters: dict, corpus, unit: str) -> int:
    """How many units contain a term the model can use (one that occurs in ``min_df`` units or more)."""
    units = build_units(corpus.docs, corpus.paragraphs, corpus.sentences, unit=unit)
    try:
        _, counts = Vocabulary.fit_transform(units["text"].tolist(), settings_from_parameters(parameters).terms)
    except InputError:  # no term at all is frequent enough
        return 0
    return int((np.asarray(counts.sum(axis=1)).ravel() > 0).sum())


def validate_parameters(parameters: dict, corpus) -> None:
    """Reject parameters that cannot work on this corpus, before any notebook runs.

    Checks every setting's range, the unit's name, and that a fixed K is below the number of
    units the corpus gives (a range of K to choose from is cut to fit instead). A corpus too
    small for any topic model is not an error here: :func:`skip_reason` says why the page has none.

    Raises:
        InputError: naming the parameter and what would fix it.
    """
    settings = settings_from_parameters(parameters)
    settings.validate()
    bootstrap = parameters.get("bootstrap", 0)
    if not 0 <= bootstrap <= BOOTSTRAP_LIMIT:
        raise InputError(f"bootstrap: {bootstrap} is out of range; use 0 (no intervals) to {BOOTSTRAP_LIMIT:,}")
    if parameters.get("max_sources", 1) < 1:
        raise InputError(f"max_sources: {parameters['max_sources']} must be at least 1")
    if parameters.get("evidence_cap", 1) < 1:
        raise InputError(f"evidence_cap: {parameters['evidence_cap']} must be at least 1")
    unit, n_units = _unit_count(parameters, corpus)
    if n_units >= MIN_UNITS and settings.k and settings.k >= n_units:
        raise InputError(
            f"k: {settings.k} topics need more units than the {n_units} {unit}s this corpus gives; "
            f"use k below {n_units}" + (", or unit: passage" if unit == "document" else "")
        )


def skip_reason(parameters: dict, corpus) -> str:
    """Why no topic model can be fitted to this corpus, and what would make one possible ("" when one can).

    A topic model needs at least three units (documents, paragraphs or passages, as ``unit``
    says) that share terms; a corpus of one or two short texts gives fewer. The runner then
    renders the page with this reason instead of running the notebook.
    """
    unit, n_units = _unit_count(parameters, corpus)
    if MIN_UNITS <= n_units < COUNT_TERMS_BELOW:
        usable = _units_with_terms(parameters, corpus, unit)
        if usable < MIN_UNITS:
            min_df = settings_from_parameters(parameters).terms.min_df
            return (
                f"No topic model: only {usable} of the {n_units} {unit}s share a word with another "
                f"(a term must occur in at least min_df = {min_df} {unit}s), and a topic model needs at least "
                f"{MIN_UNITS} texts with words in common. A corpus with more or longer documents on related "
                "subjects makes one possible" + (", or a lower min_df." if min_df > 1 else ".")
            )
    if n_units >= MIN_UNITS:
        return ""
    documents = len(corpus.docs)
    paragraphs = int((corpus.paragraphs["words"] > 0).sum())
    finer = (
        f" Or set unit: paragraph: the corpus has {paragraphs} paragraphs."
        if unit != "paragraph" and paragraphs >= MIN_UNITS
        else ""
    )
    return (
        f"No topic model: the corpus gives only {n_units} {unit}(s) (from {documents} document(s)), and a topic "
        f"model needs at least {MIN_UNITS} texts to find words that occur together. A corpus with more "
        f"documents, or longer ones (a passage is about 100–200 words), makes one possible.{finer}"
    )
