"""The actor stage gives the same rows however it runs: in one piece, in worker processes, on Dask,
and with the fast ``re`` scan as with the ``regex`` module it stands in for."""

from __future__ import annotations

import pandas as pd
import pytest

from helpers import actors, corpus
from helpers.actors import discovery, quotes
from helpers.engine import Engine
from helpers.paths import PROJ_ROOT

SEED_DIR = PROJ_ROOT / "data" / "seed"


@pytest.fixture(scope="module")
def gazetteer():
    return actors.load_gazetteer()


@pytest.fixture(scope="module")
def seed():
    return corpus.load_corpus(SEED_DIR)


def run_all(loaded, gazetteer, engine):
    detailed = actors.find_mentions_detailed(loaded.sentences, loaded.docs, gazetteer, engine=engine)
    quoted = quotes.find_quotes(loaded.paragraphs, loaded.sentences, detailed, loaded.docs, engine=engine)
    suggested = discovery.suggest_actors(loaded.sentences, detailed, loaded.docs, gazetteer, engine=engine)
    return detailed, quoted, suggested


def same(left: pd.DataFrame, right: pd.DataFrame) -> None:
    pd.testing.assert_frame_equal(left.reset_index(drop=True), right.reset_index(drop=True))


# ------------------------------------------------------------------ re scan against the regex module


TRICKY = [
    "President Asim Munir met Ambassador Masood Khan in Washington.",
    "Señor José Müller told General Ahmed Sharif that the Café Central plan works.",
    "Mme\u0301lle Dupont and xAbc Corp met e\u0301Trump Tower staff for an e\u0301tude.",  # combining marks
    "The \x1cChairman Li\x1cWei and CEO Ann Lee spoke.",  # \x1c is white space to re, not to regex
    "ISPR said\x00Bilawal Bhutto spoke; M² Area Plans",  # a NUL inside a sentence
    "Prime Minister Shehbaz Sharif’s office and the UN’s envoy",
    "ok",
    "",
]


def test_scan_gives_the_regex_matches_sentence_by_sentence(seed, gazetteer):
    texts = seed.sentences["text"].tolist() + TRICKY
    slow = discovery.candidate_pattern(gazetteer)
    expected = [
        (number, m.group("title"), m.group("name"), m.start("name"), m.end("name"))
        for number, text in enumerate(texts)
        for m in slow.finditer(text)
    ]
    found = [
        (number, m.group("title"), m.group("name"), m.start("name") - offset, m.end("name") - offset)
        for number, m, offset in discovery._scan(texts, discovery.fast_candidate_pattern(gazetteer), slow)
    ]
    assert len(expected) > 100
    assert found == expected


def test_lower_words_match_the_regex_module(seed, monkeypatch):
    texts = seed.sentences["text"].tolist() + TRICKY
    expected = {word for text in texts for word in discovery._LOWER.findall(text)}
    # After a combining mark (a word character to regex, not to re) "tude" is no word of its own.
    assert "tude" not in expected and "staff" in expected
    assert discovery._lower_words(texts) == expected
    assert discovery.lower_words(pd.Series(texts, dtype="str")) == expected
    assert discovery.lower_words(pd.Series([*texts, None], dtype=object)) == expected
    monkeypatch.setattr(discovery, "LOWER_WORDS_SLICE", 3)  # slices of three texts give the same set
    assert discovery.lower_words(pd.Series(texts, dtype="str")) == expected


# ------------------------------------------------------------------ engines


def test_worker_processes_give_the_rows_of_one_piece(seed, gazetteer):
    whole = run_all(seed, gazetteer, None)
    split = run_all(seed, gazetteer, Engine(kind="pandas", workers=2, partition_rows=1))
    assert len(whole[0]) > 100 and len(whole[1]) > 10
    for left, right in zip(whole, split, strict=True):
        same(left, right)


@pytest.mark.slow
def test_dask_engine_gives_the_rows_of_the_pandas_engine(seed, gazetteer):
    local = run_all(seed, gazetteer, Engine(kind="pandas", workers=1, partition_rows=2))
    cluster = run_all(seed, gazetteer, Engine(kind="dask", workers=1, partition_rows=2))
    for left, right in zip(local, cluster, strict=True):
        same(left, right)
