"""The actor tables other stages read: the mentions of every actor and the quotes, found once per run.

Tone toward actors (framing) and the voices of each story (stories) need to know who is mentioned
in which sentence. They read the table the actor stage publishes here instead of finding mentions
themselves; in a run it is computed by whichever notebook asks first and kept in the run's cache
(:func:`helpers.store.shared_table`), keyed by the corpus, the gazetteer and this stage's code.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from helpers.actors.discovery import lower_words
from helpers.actors.gazetteer import Gazetteer
from helpers.actors.provisional import find_actor_mentions
from helpers.actors.quotes import find_quotes
from helpers.engine import Engine
from helpers.store import code_digest, digest, shared_table

# The modules whose code decides which mentions are found.
MENTION_MODULES = (
    "gazetteer.py", "mentions.py", "provisional.py", "descriptions.py", "discovery.py", "../patterns.py", "../resources/given_names.txt",
)  # fmt: skip


def mentions_key(fingerprint: str, gazetteer: Gazetteer) -> str:
    """The key of a corpus's mention table: its fingerprint, the gazetteer's content, this code."""
    content = repr((gazetteer.actors, gazetteer.titles, gazetteer.roles, gazetteer.not_actors))
    code = code_digest(Path(__file__).parent / name for name in MENTION_MODULES)
    return digest(fingerprint, content, code)


def shared_mentions(
    corpus,
    gazetteer: Gazetteer,
    cache_dir: str | Path | None = None,
    engine: Engine | None = None,
    columns: list[str] | None = None,
    doc_ids=None,
) -> pd.DataFrame:
    """Every actor mention in the corpus, known and provisional
    (:func:`helpers.actors.provisional.find_actor_mentions`), found once.

    Args:
        corpus: the loaded :class:`helpers.corpus.Corpus`.
        gazetteer: the gazetteer the mentions are found with.
        cache_dir: the run's cache folder; the table is kept there and read back by every notebook
            that asks for the same corpus and gazetteer. None or "": found here and not kept.
        engine: where mentions are found, partition by partition.
        columns: return only these columns.
        doc_ids: return only the mentions in these documents (None: all). Without a cache folder,
            only these documents are searched.

    Returns:
        The detailed mentions, in document order (doc_id, sentence_id, start, end, text, actor,
        actor_type, resolution, paragraph_id, form, title, gender, known, evidence; or ``columns``).
    """
    docs, sentences = corpus.docs, corpus.sentences
    if not cache_dir and doc_ids is not None:
        chosen = docs["doc_id"].isin(doc_ids)
        # The whole corpus's lower-case words, so these documents' actors are those of a whole run.
        lowered = lower_words(sentences["text"])
        some = sentences[sentences["doc_id"].isin(doc_ids)]
        table = find_actor_mentions(some, docs[chosen], gazetteer, engine, lowered)
        return table[columns] if columns else table
    name = f"actor-mentions-{mentions_key(corpus.key, gazetteer)}"
    table = shared_table(cache_dir, name, lambda: find_actor_mentions(sentences, docs, gazetteer, engine), columns)
    if doc_ids is not None:
        table = table[table["doc_id"].isin(doc_ids)].reset_index(drop=True)
    return table


def shared_quotes(
    corpus,
    gazetteer: Gazetteer,
    cache_dir: str | Path | None = None,
    engine: Engine | None = None,
) -> pd.DataFrame:
    """Every attributed quote in the corpus (:func:`helpers.actors.quotes.find_quotes`), found once.

    The quotes rest on the mentions (speakers are resolved through them), so they are keyed by
    the mention table's key and the quote rules' code.

    Returns:
        The quotes table as :func:`~helpers.actors.quotes.find_quotes` gives it.
    """
    mentions_name = mentions_key(corpus.key, gazetteer)
    code = code_digest([Path(__file__).parent / "quotes.py"])
    name = f"actor-quotes-{digest(mentions_name, code)}"

    def compute() -> pd.DataFrame:
        detailed = shared_mentions(corpus, gazetteer, cache_dir, engine)
        return find_quotes(corpus.paragraphs, corpus.sentences, detailed, corpus.docs, engine=engine)

    return shared_table(cache_dir, name, compute)
