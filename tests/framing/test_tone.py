"""Tone per group and toward actors."""

import pandas as pd
import pytest

from helpers.framing import tone

SENTENCES = pd.DataFrame(
    {
        "doc_id": ["a", "a", "b", "b"],
        "sentence_id": ["a/s0", "a/s1", "b/s0", "b/s1"],
        "text": [
            "This is a wonderful, excellent and happy day for both friends.",
            "Khan praised the great success of the talks.",
            "A horrible, deadly attack killed many innocent people.",
            "Khan condemned the brutal violence and the terrible losses.",
        ],
    }
)
GROUPS = pd.DataFrame({"doc_id": ["a", "b"], "source": ["Upbeat", "Grim"]})


def test_tone_goes_the_right_way_on_clear_sentences():
    scores = tone.sentence_tone(SENTENCES).set_index("sentence_id")["compound"]
    assert scores["a/s0"] > 0.5 and scores["a/s1"] > 0.5
    assert scores["b/s0"] < -0.5 and scores["b/s1"] < -0.5
    table = tone.group_tone(tone.sentence_tone(SENTENCES), GROUPS, n_boot=200).set_index("source")
    assert table.loc["Upbeat", "tone"] > 0.5 > -0.5 > table.loc["Grim", "tone"]
    assert table.loc["Upbeat", "positive_share"] == 1 and table.loc["Grim", "negative_share"] == 1
    assert table.loc["Grim", "sentences"] == 2 and table.loc["Grim", "ci_unit"] == "sentence"
    assert (table["ci_low"] <= table["tone"]).all() and (table["tone"] <= table["ci_high"]).all()


def test_tone_toward_an_actor_uses_the_sentences_that_mention_it_once_each():
    tones = tone.sentence_tone(SENTENCES)
    mentions = pd.DataFrame(
        {
            "doc_id": ["a", "a", "b", "b"],
            "sentence_id": ["a/s1", "a/s1", "b/s1", "b/s0"],  # Khan twice in a/s1: one sentence
            "start": [0, 30, 0, 0],
            "end": [4, 34, 4, 1],
            "text": ["Khan", "Khan", "Khan", "A"],
            "actor": ["Imran Khan", "Imran Khan", "Imran Khan", "Other"],
            "actor_type": ["person"] * 4,
            "resolution": ["name"] * 4,
        }
    )
    table = tone.actor_tone(tones, mentions, GROUPS, actors=["Imran Khan"], n_boot=100).set_index("source")
    assert set(table["actor"]) == {"Imran Khan"}
    compound = tones.set_index("sentence_id")["compound"]
    assert table.loc["Upbeat", "sentences"] == 1
    assert table.loc["Upbeat", "tone"] == pytest.approx(compound["a/s1"], abs=1e-4)
    assert table.loc["Grim", "tone"] == pytest.approx(compound["b/s1"], abs=1e-4) and table.loc["Grim", "tone"] < 0
    assert tone.top_actors(mentions, 1) == ["Imran Khan"]  # 2 sentences against 1
    assert tone.actor_tone(tones, mentions.iloc[0:0], GROUPS).empty


def test_a_large_group_is_scored_on_a_seeded_sample_of_whole_documents():
    # Group Big: three documents of two sentences (6 > 4); group Small: one document of three (3 <= 4).
    sentences = pd.DataFrame(
        {
            "doc_id": ["b1", "b1", "b2", "b2", "b3", "b3", "s1", "s1", "s1"],
            "sentence_id": [f"x{n}" for n in range(9)],
            "text": ["Good news."] * 6 + ["Bad news."] * 3,
        }
    )
    groups = pd.DataFrame({"doc_id": ["b1", "b2", "b3", "s1"], "source": ["Big", "Big", "Big", "Small"]})
    chosen = tone.sample_documents(sentences, groups, max_sentences=4, random_state=7)
    per_group = chosen.groupby("source")["sentences"].agg(["size", "sum"])
    assert per_group.loc["Big"].tolist() == [2, 4]  # two whole documents reach four sentences
    assert per_group.loc["Small"].tolist() == [1, 3]  # all of a small group
    assert chosen.equals(tone.sample_documents(sentences, groups, max_sentences=4, random_state=7))
    assert tone.sample_documents(sentences, groups, max_sentences=6, random_state=7)["doc_id"].tolist() == [
        "b1", "b2", "b3", "s1",
    ]  # fmt: skip
    scored = sentences[sentences["doc_id"].isin(chosen["doc_id"])]
    sizes = pd.DataFrame({"source": ["Big", "Small"], "sentences": [6, 3]})
    table = tone.group_tone(tone.score_tone(scored), groups, n_boot=50, sizes=sizes).set_index("source")
    assert table.loc["Big", ["sentences", "scored", "docs"]].tolist() == [6, 4, 2]
    assert table.loc["Small", ["sentences", "scored", "docs"]].tolist() == [3, 3, 1]


def test_tone_toward_an_actor_is_split_into_the_outlets_sentences_and_quoted_speech():
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    from helpers import actors
    from helpers.actors import provisional, quotes
    from helpers.corpus import segment

    text = (
        "Donald Trump is a wonderful and generous leader.\n\n"
        "“Donald Trump is a terrible, dishonest liar,” Paul Orrin said.\n\n"
        "Trump spoke on Monday."
    )
    docs = pd.DataFrame([{"doc_id": "d1", "source": "Daily", "date": pd.Timestamp("2019-03-05"), "text": text,
                          "words": len(text.split())}])  # fmt: skip
    paragraphs, sentences = segment.segment(docs)
    gazetteer = actors.load_gazetteer()
    mentions = provisional.find_actor_mentions(sentences, docs, gazetteer)
    quoted = quotes.find_quotes(paragraphs, sentences, mentions, docs)
    groups = pd.DataFrame({"doc_id": ["d1"], "source": ["Daily"]})
    tones = tone.score_tone(sentences)
    table = tone.actor_tone_by_voice(tones, mentions, quoted, groups, ["Donald Trump"], n_boot=20)
    vader = SentimentIntensityAnalyzer().polarity_scores
    outlet = [
        vader("Donald Trump is a wonderful and generous leader.")["compound"],
        vader("Trump spoke on Monday.")["compound"],
    ]
    by_voice = table.set_index("voice")
    assert by_voice.loc["outlet", "sentences"] == 2
    assert by_voice.loc["outlet", "tone"] == pytest.approx(sum(outlet) / 2, abs=1e-4)
    assert by_voice.loc["quoted", "sentences"] == 1
    assert by_voice.loc["quoted", "tone"] == pytest.approx(
        vader("Donald Trump is a terrible, dishonest liar,")["compound"], abs=1e-4
    )
    assert by_voice.loc["quoted", "tone"] < 0 < by_voice.loc["outlet", "tone"]
    speakers = tone.speaker_tone(mentions, quoted, groups, ["Donald Trump"])
    assert speakers[["speaker", "actor", "quotes"]].values.tolist() == [["Paul Orrin", "Donald Trump", 1]]


def test_a_tone_sample_is_cut_into_enough_partitions_for_every_worker(monkeypatch):
    from helpers.engine import Engine

    sentences = pd.concat(
        [
            SENTENCES.assign(doc_id=SENTENCES["doc_id"] + str(n), sentence_id=SENTENCES["sentence_id"] + str(n))
            for n in range(8)
        ],
        ignore_index=True,
    )  # 16 documents: one partition of the engine's 2,000
    seen = []
    original = tone.map_partitions

    def recording(func, frame, engine, **kwargs):
        seen.append(engine.partition_rows)
        return original(func, frame, engine, **kwargs)

    monkeypatch.setattr(tone, "map_partitions", recording)
    scored = tone.score_tone(sentences, Engine(workers=1))
    assert seen == [2]  # 16 documents in at least tone.TONE_PARTITIONS partitions
    pd.testing.assert_frame_equal(scored, tone.sentence_tone(sentences))
