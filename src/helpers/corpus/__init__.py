"""The corpus stage: read, check, clean and segment the documents every other stage analyses.

Modules: :mod:`~helpers.corpus.spec` (what a corpus is: :class:`CorpusSpec`, :class:`Corpus`),
:mod:`~helpers.corpus.readers` (folders of .txt files and web pages, CSV, JSON lines, Parquet),
:mod:`~helpers.corpus.pages` (the article in a saved web page),
:mod:`~helpers.corpus.cleaning` (page furniture), :mod:`~helpers.corpus.segment` (paragraphs and
sentences), :mod:`~helpers.corpus.dedup` (near-duplicates), :mod:`~helpers.corpus.cache` (the parsed
corpus kept on disk), :mod:`~helpers.corpus.load` (all of it in order), :mod:`~helpers.corpus.overview`
(the corpus notebook's tables and charts), :mod:`~helpers.corpus.parameters` (its parameters).

Tables it owns: docs, paragraphs, sentences, cleaning_log, warnings, near_duplicates (the
:class:`Corpus`), and the corpus notebook's ``corpus*.csv``, ``cleaning_*.csv``, ``load_warnings.csv``
and ``near_duplicates.csv``.
"""

from helpers.corpus.load import load_corpus
from helpers.corpus.spec import FIELDS, FORMATS, Corpus, CorpusSpec

__all__ = ["FIELDS", "FORMATS", "Corpus", "CorpusSpec", "load_corpus"]
