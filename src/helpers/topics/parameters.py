"""The topics notebook's parameters: turned into settings, and checked against the corpus before a run."""

from __future__ import annotations

from helpers.errors import InputError
from helpers.topics.model import TopicSettings
from helpers.topics.units import build_units, choose_unit
from helpers.topics.vocabulary import TermSettings

BOOTSTRAP_LIMIT = 100_000


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


def validate_parameters(parameters: dict, corpus) -> None:
    """Reject parameters that cannot work on this corpus, before any notebook runs.

    Checks every setting's range, the unit's name, and that a fixed K is below the number of
    units the corpus gives (a range of K to choose from is cut to fit instead).

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
    unit = choose_unit(parameters.get("unit", "auto"), len(corpus.docs))
    if unit == "document":
        n_units = len(corpus.docs)
    elif unit == "paragraph":
        n_units = int((corpus.paragraphs["words"] > 0).sum())
    else:
        n_units = len(build_units(corpus.docs, corpus.paragraphs, corpus.sentences, unit="passage"))
    if settings.k and settings.k >= n_units:
        raise InputError(
            f"k: {settings.k} topics need more units than the {n_units} {unit}s this corpus gives; "
            f"use k below {n_units}" + (", or unit: passage" if unit == "document" else "")
        )
    if n_units < 3:
        raise InputError(f"unit: the corpus gives only {n_units} {unit}(s); a topic model needs at least 3")
