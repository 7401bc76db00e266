"""Topic models that choose their number of topics by measurement and say how stable they are.

Stages, one module each: :mod:`~helpers.topics.units` (what counts as one text),
:mod:`~helpers.topics.vocabulary` (text → terms), :mod:`~helpers.topics.model` (fitting and choosing K),
:mod:`~helpers.topics.quality` (NPMI and stability), :mod:`~helpers.topics.tables` (tidy outputs),
:mod:`~helpers.topics.plots` (charts), :mod:`~helpers.topics.stream` (fitting from chunks).
"""

from helpers.topics.model import METHODS, TopicModel, TopicSettings, fit, top_terms
from helpers.topics.parameters import settings_from_parameters, validate_parameters
from helpers.topics.quality import agreement, average_jaccard, npmi, npmi_from_matrix, stability
from helpers.topics.stream import StreamingTopics, fit_stream
from helpers.topics.units import UNITS, build_units, choose_unit, corpus_units, passages
from helpers.topics.vocabulary import TermSettings, Vocabulary, news_stopwords, tokenize

__all__ = [
    "METHODS", "UNITS", "TermSettings", "TopicModel", "TopicSettings", "Vocabulary", "agreement",
    "StreamingTopics", "average_jaccard", "build_units", "choose_unit", "corpus_units", "fit", "fit_stream", "news_stopwords", "npmi", "npmi_from_matrix",
    "passages", "settings_from_parameters", "stability", "tokenize", "top_terms", "validate_parameters",
]  # fmt: skip
