"""Framing results that depend only on the corpus and the settings that shape them, kept in the run's
cache: every document's term counts and every sentence's frames.

Counting the terms of every document and scoring every sentence against the codebook are the framing
stage's costliest steps, and neither depends on how the documents are grouped. Kept in the cache
folder (:func:`helpers.store.shared_object`, :func:`helpers.store.shared_table`), keyed by the corpus
fingerprint, the settings and this stage's code, they are computed once: a second run of the same
corpus — with another ``group_by``, ``focus`` or ``top_n`` — reads them back.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pandas as pd

from helpers.engine import Engine
from helpers.framing.codebook import Frame, find_frames
from helpers.framing.distinctive import DistinctiveSettings, DocumentTerms
from helpers.framing.distinctive import document_terms as count_document_terms
from helpers.store import code_digest, digest, shared_object, shared_table

HERE = Path(__file__).parent
TERM_MODULES = ("distinctive.py", "../exclusions.py", "../wordlists.py")
FRAME_MODULES = ("codebook.py", "indicators.py", "../patterns.py", "../wordlists.py")


def terms_key(fingerprint: str, options: DistinctiveSettings) -> str:
    """The key of a corpus's document-term counts: the corpus, what shapes the counts (not the prior
    of the comparisons, nor the list of exclusions shown on the page), this code."""
    left_out = options.exclusions
    shape = repr((options.min_count, options.ngrams, options.stop_words, sorted(left_out.words), left_out.names))
    return digest(fingerprint, shape, code_digest(HERE / name for name in TERM_MODULES))


def document_terms(
    corpus, options: DistinctiveSettings, cache_dir: str | Path | None = None, engine: Engine | None = None
) -> DocumentTerms:
    """Every document's terms (:func:`helpers.framing.distinctive.document_terms`), counted once per
    corpus and settings and kept in ``cache_dir`` (None or "": counted here, not kept)."""
    options.validate()
    name = f"document-terms-{terms_key(corpus.key, options)}"
    counted = shared_object(cache_dir, name, lambda: count_document_terms(corpus.docs, options, engine))
    # Kept by another run whose prior or exclusion table differed: the same counts, these settings.
    return replace(counted, options=options)


def sentence_frames(
    corpus, codebook: tuple[Frame, ...], cache_dir: str | Path | None = None, engine: Engine | None = None
) -> pd.DataFrame:
    """The frames every sentence carries (:func:`helpers.framing.codebook.find_frames`), scored once per
    corpus and codebook and kept in ``cache_dir`` (None or "": scored here, not kept)."""
    code = code_digest(HERE / name for name in FRAME_MODULES)
    name = f"sentence-frames-{digest(corpus.key, repr(tuple(codebook)), code)}"
    return shared_table(cache_dir, name, lambda: find_frames(corpus.sentences, tuple(codebook), engine))
