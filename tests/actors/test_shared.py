"""The actor mention table other stages read: found once, kept in the run's cache, read back the same."""

import pandas as pd

from helpers import actors
from helpers.actors import shared

SENTENCES = pd.DataFrame(
    {
        "doc_id": ["d", "e"],
        "paragraph_id": ["d/p0", "e/p0"],
        "sentence_id": ["d/s0", "e/s0"],
        "paragraph": [0, 0],
        "sentence": [0, 0],
        "start": [0, 0],
        "end": [83, 22],
        "text": [
            "President Donald Trump met Field Marshal Asim Munir to discuss trade with Pakistan.",
            "Pakistan welcomed it.",
        ],
    }
)
DOCS = pd.DataFrame(
    {
        "doc_id": ["d", "e"],
        "source": ["S", "T"],
        "date": pd.to_datetime(["2025-06-18", "2025-06-19"]),
        "text": SENTENCES["text"],
    }
)


class FakeCorpus:
    fingerprint = "f00d"
    docs = DOCS
    sentences = SENTENCES

    @property
    def key(self):  # as a loaded corpus gives it: the fingerprint and the parsing code's version
        return f"{self.fingerprint}-code"


def counting(monkeypatch) -> list[int]:
    calls = []
    real = shared.find_actor_mentions

    def find(sentences, docs, gazetteer, engine=None, lowered=None):
        calls.append(len(docs))
        return real(sentences, docs, gazetteer, engine, lowered)

    monkeypatch.setattr(shared, "find_actor_mentions", find)
    return calls


def test_mentions_are_found_once_and_read_back_the_same(tmp_path, monkeypatch):
    calls = counting(monkeypatch)
    gazetteer = actors.load_gazetteer()
    first = actors.shared_mentions(FakeCorpus(), gazetteer, tmp_path)
    again = actors.shared_mentions(FakeCorpus(), gazetteer, tmp_path, columns=actors.COLUMNS, doc_ids=["d"])
    assert calls == [2]  # the second call read the kept table
    assert set(first["actor"]) == {"Donald Trump", "Asim Munir", "Pakistan"}
    assert first["actor"].value_counts()["Pakistan"] == 2
    expected = first.loc[first["doc_id"] == "d", actors.COLUMNS].reset_index(drop=True)
    pd.testing.assert_frame_equal(again, expected)  # same values and the same categorical types
    assert len(list(tmp_path.glob("actor-mentions-*.parquet"))) == 1


def test_another_gazetteer_or_corpus_gets_a_table_of_its_own(tmp_path, monkeypatch):
    calls = counting(monkeypatch)
    mine = tmp_path / "mine.yml"
    mine.write_text("actors:\n  - {name: Trade Union, type: organisation, aliases: [trade]}\n", encoding="utf-8")
    actors.shared_mentions(FakeCorpus(), actors.load_gazetteer(), tmp_path)
    other = actors.shared_mentions(FakeCorpus(), actors.load_gazetteer(str(mine)), tmp_path)
    assert calls == [2, 2]
    assert "Trade Union" in set(other["actor"])
    changed = FakeCorpus()
    changed.fingerprint = "beef"
    actors.shared_mentions(changed, actors.load_gazetteer(), tmp_path)
    assert calls == [2, 2, 2]


def test_without_a_cache_only_the_documents_asked_for_are_searched(monkeypatch):
    calls = counting(monkeypatch)
    found = actors.shared_mentions(FakeCorpus(), actors.load_gazetteer(), None, doc_ids=["e"])
    assert calls == [1]
    assert found["doc_id"].unique().tolist() == ["e"] and found["actor"].tolist() == ["Pakistan"]
