"""The stories other stages read: which story every document belongs to, found once per run.

The framing notebook's story-matched mode (``within_stories``) compares groups inside the stories
both covered; it reads the table the stories stage publishes here, computed by whichever notebook
asks first and kept in the run's cache (:func:`helpers.store.shared_tables`).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from helpers.engine import Engine
from helpers.store import code_digest, digest, shared_tables
from helpers.stories.matching import StorySettings, find_stories

# The files whose content decides which stories are found.
STORY_FILES = ("vectors.py", "matching.py", "../wordlists.py", "../resources/news_stopwords.txt")


def stories_key(fingerprint: str, settings: StorySettings) -> str:
    """The key of a corpus's stories: its fingerprint, the settings, this code."""
    code = code_digest(Path(__file__).parent / name for name in STORY_FILES)
    return digest(fingerprint, repr(settings), code)


def shared_stories(
    corpus, settings: StorySettings | None = None, cache_dir: str | Path | None = None, engine: Engine | None = None
) -> dict[str, pd.DataFrame]:
    """:func:`helpers.stories.matching.find_stories` for a loaded corpus, found once per run.

    Args:
        corpus: the loaded :class:`helpers.corpus.Corpus`.
        settings: how documents are grouped into stories (None: the defaults).
        cache_dir: the run's cache folder (None or "": found here and not kept).
        engine: where the documents' terms are counted.

    Returns:
        ``{"stories": …, "summary": …}`` as :func:`~helpers.stories.matching.find_stories` gives them.
    """
    settings = settings or StorySettings()
    name = f"stories-{stories_key(corpus.key, settings)}"
    return shared_tables(cache_dir, name, lambda: find_stories(corpus.docs, corpus.near_duplicates, settings, engine))
