"""Every document's term counts and every sentence's frames are kept in the run's cache and read back."""

import numpy as np
import pandas as pd
import pytest

from helpers.corpus import load_corpus
from helpers.exclusions import TermExclusions
from helpers.framing import codebook, distinctive, shared

TEXTS = [
    "Troops crossed the border at dawn. Officials said the troops would stay for a month.",
    "The border talks resumed after the troops left. Talks on trade and troops went on.",
    "Prices rose again this month. Farmers said prices for seed and fuel had doubled.",
]


@pytest.fixture
def corpus(tmp_path):
    path = tmp_path / "corpus.csv"
    pd.DataFrame({"doc_id": ["a", "b", "c"], "source": ["S1", "S2", "S1"], "text": TEXTS}).to_csv(path, index=False)
    return load_corpus(str(path))


def test_document_terms_are_counted_once_per_corpus_and_settings(tmp_path, corpus, monkeypatch):
    options = distinctive.DistinctiveSettings(min_count=2, exclusions=TermExclusions(words=frozenset({"said"})))
    cache = tmp_path / "cache"
    first = shared.document_terms(corpus, options, cache)
    # Hand-counted: "troops" 2 + 2 + 0, "border" 1 + 1 + 0, "prices" 0 + 0 + 2 ("said" is left out).
    column = {term: number for number, term in enumerate(first.terms)}
    assert first.counts[:, column["troops"]].toarray().ravel().tolist() == [2, 2, 0]
    assert first.counts[:, column["prices"]].toarray().ravel().tolist() == [0, 0, 2]
    assert "said" not in column
    monkeypatch.setattr(shared, "count_document_terms", lambda *a: pytest.fail("counted again"))
    again = shared.document_terms(corpus, options, cache)
    assert list(again.terms) == list(first.terms) and (again.counts != first.counts).nnz == 0
    # Other exclusions are other counts.
    monkeypatch.undo()
    other = shared.document_terms(corpus, distinctive.DistinctiveSettings(min_count=2), cache)
    assert "said" in set(other.terms)


def test_sentence_frames_are_scored_once_per_corpus_and_codebook(tmp_path, corpus, monkeypatch):
    frames = (
        codebook.Frame(key="military", label="Military", description="", indicators=("troops", "border")),
        codebook.Frame(key="economy", label="Economy", description="", indicators=("prices", "trade")),
    )
    cache = tmp_path / "cache"
    first = shared.sentence_frames(corpus, frames, cache)
    # Sentences with an indicator: a1, a2 (troops), b1, b2 (troops; trade) and c1, c2 (prices).
    assert sorted(zip(first["frame"], first["sentence_id"].str[-2:], strict=True)) == sorted(
        [("military", "s0"), ("military", "s1"), ("military", "s0"), ("military", "s1"), ("economy", "s1"),
         ("economy", "s0"), ("economy", "s1")]
    )  # fmt: skip
    monkeypatch.setattr(shared, "find_frames", lambda *a: pytest.fail("scored again"))
    pd.testing.assert_frame_equal(shared.sentence_frames(corpus, frames, cache), first)
    assert np.array_equal(shared.sentence_frames(corpus, frames, cache)["matches"], first["matches"])


def test_kept_counts_serve_another_prior_and_never_another_parse(tmp_path, corpus, monkeypatch):
    from helpers.corpus import spec

    cache = tmp_path / "cache"
    shared.document_terms(corpus, distinctive.DistinctiveSettings(min_count=2, prior_scale=500.0), cache)
    monkeypatch.setattr(shared, "count_document_terms", lambda *a: pytest.fail("counted again"))
    other_prior = distinctive.DistinctiveSettings(min_count=2, prior_scale=200.0)
    again = shared.document_terms(corpus, other_prior, cache)
    assert again.options == other_prior  # the comparisons accept it (they check the settings)
    distinctive.counted_terms(again, other_prior)
    # Parsed by other cleaning or segmentation code, the same input is another corpus.
    monkeypatch.setattr(spec, "code_version", lambda: "newrules")
    with pytest.raises(pytest.fail.Exception, match="counted again"):
        shared.document_terms(corpus, other_prior, cache)
