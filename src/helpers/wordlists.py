"""Word lists the stages share: scikit-learn's English stop words and the news boilerplate list.

The boilerplate list (reporting verbs, titles, wire names, units, calendar words, page furniture)
ships as ``helpers/resources/news_stopwords.txt``; edit a copy of it to change what is dropped.
"""

from __future__ import annotations

import importlib.util
from functools import lru_cache
from pathlib import Path

from helpers.paths import RESOURCES_DIR

# Words in scikit-learn's list that carry meaning in news ("the bill passed", "fire", "interest rates").
KEEP_FROM_SKLEARN = frozenset({"bill", "fire", "interest", "system", "call", "detail", "serious", "found"})
NEWS_STOPWORDS_FILE = RESOURCES_DIR / "news_stopwords.txt"


@lru_cache(maxsize=1)
def english_stop_words() -> frozenset[str]:
    """scikit-learn's English stop words, read from their own file: importing scikit-learn takes a second."""
    spec = importlib.util.find_spec("sklearn")
    try:
        path = Path(spec.origin).parent / "feature_extraction" / "_stop_words.py"
        words = importlib.util.spec_from_file_location("_newsframes_stop_words", path)
        module = importlib.util.module_from_spec(words)
        words.loader.exec_module(module)
        return frozenset(module.ENGLISH_STOP_WORDS)
    except (AttributeError, OSError, TypeError):  # a different layout: import it the usual way
        from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

        return frozenset(ENGLISH_STOP_WORDS)


def read_word_list(path: str | Path) -> frozenset[str]:
    """The words of a list file: one per line, lower-cased; blank lines and ``#`` comments skipped."""
    text = Path(path).read_text(encoding="utf-8")
    return frozenset(line.strip().lower() for line in text.splitlines() if line.strip() and not line.startswith("#"))


@lru_cache(maxsize=1)
def news_stopwords() -> frozenset[str]:
    """scikit-learn's English stop words (minus a few news words) plus the news boilerplate list."""
    return frozenset((english_stop_words() - KEEP_FROM_SKLEARN) | read_word_list(NEWS_STOPWORDS_FILE))
