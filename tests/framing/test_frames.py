"""Frame codebook, sentence scoring, shares with intervals, evidence."""

import textwrap

import pandas as pd
import pytest

from helpers import compare
from helpers.errors import InputError
from helpers.framing import codebook, indicators

CODEBOOK = """
threshold: 1
frames:
  conflict:
    label: Conflict
    description: Disagreement between parties.
    indicators: [clash*, war]
  trade:
    description: Trade and investment.
    indicators: [trade deal, tariff*, trade]
  strict:
    description: Needs two indicators.
    threshold: 2
    indicators: [clash*, war, tariff*]
"""


def write(tmp_path, text, name="frames.yml"):
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def sentences_of(rows):
    table = pd.DataFrame(rows, columns=["doc_id", "text"])
    table["sentence"] = table.groupby("doc_id").cumcount()
    table["sentence_id"] = table["doc_id"] + "/s" + table["sentence"].astype(str)
    return table


SENTENCES = sentences_of(
    [
        ("a", "The clash over tariffs was a war of words."),  # conflict (clash, war), trade (tariff*), strict
        ("a", "A trade deal was signed."),  # trade: "trade deal" wins over "trade"
        ("b", "Warm words and a warning."),  # nothing: "war" is a whole word, "clash*" needs clash
        ("b", "Clashes, clashes and more clashes."),  # conflict: one distinct indicator
    ]
)


def test_the_shipped_codebook_loads_with_the_generic_frames():
    frame_list = codebook.load_codebook()
    keys = [frame.key for frame in frame_list]
    for key in ("conflict", "economic", "responsibility", "human_interest", "morality", "security", "diplomacy",
                "trade", "domestic_politics", "human_rights"):  # fmt: skip
        assert key in keys
    assert all(frame.description and frame.indicators for frame in frame_list)
    # generic: no frame or indicator of the seed story
    indicators = {word for frame in frame_list for word in frame.indicators}
    assert "regional_rivalry" not in keys and not indicators & {"cpec", "isi", "ttp", "pti", "kashmir*", "india*"}


def test_the_seed_codebook_adds_the_story_frames():
    seed = codebook.load_codebook("config/frames/us_pakistan.yml")
    keys = [frame.key for frame in seed]
    assert "regional_rivalry" in keys and set(keys) >= {frame.key for frame in codebook.load_codebook()}


def test_sentences_carry_frames_by_their_indicators(tmp_path):
    frame_list = codebook.load_codebook(write(tmp_path, CODEBOOK))
    hits = codebook.score_sentences(SENTENCES, frame_list)
    found = {(row.sentence_id, row.frame): (row.indicators, row.matches) for row in hits.itertuples()}
    assert found == {
        ("a/s0", "conflict"): ("clash*; war", 2),
        ("a/s0", "trade"): ("tariff*", 1),
        ("a/s0", "strict"): ("clash*; tariff*; war", 3),  # order of appearance
        ("a/s1", "trade"): ("trade deal", 1),
        ("b/s1", "conflict"): ("clash*", 1),
    }


def test_shares_rest_shares_and_evidence(tmp_path):
    frame_list = codebook.load_codebook(write(tmp_path, CODEBOOK))
    hits = codebook.score_sentences(SENTENCES, frame_list)
    groups = pd.DataFrame({"doc_id": ["a", "b"], "source": ["A", "B"]})
    pairs = compare.check_comparison(groups, compare.Comparison())
    shares = codebook.frame_shares(SENTENCES, groups, hits, frame_list, pairs, n_boot=200, random_state=1)
    table = shares.set_index(["source", "frame"])
    # A: 2 sentences, both trade, 1 conflict; B: 2 sentences, 1 conflict, no trade.
    assert table.loc[("A", "trade"), ["share", "rest_share", "sentences", "frame_sentences"]].tolist() == [1, 0, 2, 2]
    assert table.loc[("A", "conflict"), "share"] == 0.5 and table.loc[("B", "conflict"), "rest_share"] == 0.5
    assert table.loc[("B", "strict"), "share"] == 0
    assert (shares["ci_low"] <= shares["share"]).all() and (shares["share"] <= shares["ci_high"]).all()
    assert table.loc[("A", "conflict"), "label"] == "Conflict" and table.loc[("A", "trade"), "label"] == "Trade"
    evidence = codebook.frame_evidence(SENTENCES, groups, hits, per_cell=1)
    row = evidence[(evidence["source"] == "A") & (evidence["frame"] == "trade")].iloc[0]
    assert row["sentence_id"] == "a/s0" and row["indicators"] == "tariff*"  # first in document order (1 match each)
    assert len(evidence[(evidence["source"] == "A") & (evidence["frame"] == "trade")]) == 1


@pytest.mark.parametrize(
    "text, message",
    [
        ("frames: [a, b]", "non-empty 'frames' mapping"),
        ("frames:\n  bad:\n    indicators: [x]\n", r"frames\.bad: needs a description"),
        ("frames:\n  bad:\n    description: d\n    indicators: []\n", r"frames\.bad: indicators must be a non-empty"),
        ("frames:\n  bad:\n    description: d\n    indicators: ['*']\n", r"frames\.bad: indicator"),
        (
            "frames:\n  bad:\n    description: d\n    indicators: [war, War]\n",
            r"frames\.bad: indicator listed twice: war",
        ),
        ("frames:\n  bad:\n    description: d\n    threshold: 0\n    indicators: [war]\n", r"frames\.bad: threshold"),
        ("frames:\n  bad:\n    description: d\n    indicator: [war]\n", r"frames\.bad: unknown key"),
        ("frames:\n  bad: [\n", "not valid YAML at line"),
    ],
)
def test_a_malformed_codebook_names_the_file_and_the_entry(tmp_path, text, message):
    path = write(tmp_path, text, "mine.yml")
    with pytest.raises(InputError, match=message) as raised:
        codebook.load_codebook(path)
    assert "mine.yml" in str(raised.value)


def test_a_missing_codebook_says_so(tmp_path):
    with pytest.raises(InputError, match="does not exist"):
        codebook.load_codebook(tmp_path / "nowhere.yml")


def test_indicator_syntax():
    import re

    pattern = re.compile(indicators.indicator_pattern("cease fire"), re.IGNORECASE)
    assert pattern.search("a Cease-fire held") and pattern.search("cease fire") and not pattern.search("ceasefire")
    wildcard = re.compile(indicators.indicator_pattern("terror*"), re.IGNORECASE)
    assert [m.group(0) for m in wildcard.finditer("Terrorism, terrorists and counterterrorism")] == [
        "Terrorism", "terrorists",
    ]  # fmt: skip
    apostrophe = re.compile(indicators.indicator_pattern("India's provocations"), re.IGNORECASE)
    assert apostrophe.search("India’s provocations")


# --- sentences scanned together as one text ----------------------------------------------------

EDGES = """
frames:
  ceasefire:
    description: Truce talk.
    indicators: [cease fire, truce]
  conflict:
    description: Fighting.
    indicators: [war, fire, strike*]
"""


def test_indicators_at_sentence_edges_never_join_two_sentences(tmp_path):
    frame_list = codebook.load_codebook(write(tmp_path, EDGES))
    sentences = sentences_of(
        [
            ("a", "They agreed to cease"),  # "cease fire" would need the next sentence: no ceasefire
            ("a", "Fire broke out."),  # conflict: "fire" at the very start, capital F
            ("a", None),  # a missing text carries nothing
            ("a", ""),
            ("a", "TRUCE"),  # the whole sentence is the indicator, upper case
            ("b", "A cease-fire, then war"),  # the phrase through a hyphen; "war" at the very end
            ("b", "Strikes and more strikes; warfare"),  # one distinct indicator; "war" not a whole word
            ("b", "prewar"),  # not a whole word
        ]
    )
    hits = codebook.score_sentences(sentences, frame_list)
    assert list(hits.itertuples(index=False, name=None)) == [
        ("a", "a/s4", "ceasefire", "truce", 1),
        ("b", "b/s0", "ceasefire", "cease fire", 1),
        ("a", "a/s1", "conflict", "fire", 1),
        ("b", "b/s0", "conflict", "fire; war", 2),  # "fire" inside "cease-fire" counts for conflict too
        ("b", "b/s1", "conflict", "strike*", 1),
    ]


def test_a_frame_match_ending_a_sentence_does_not_hide_the_next_sentence_start(tmp_path):
    frame_list = codebook.load_codebook(write(tmp_path, EDGES))
    sentences = sentences_of([("a", "war"), ("a", "war war"), ("b", "war")])
    hits = codebook.score_sentences(sentences, frame_list)
    assert hits[["sentence_id", "indicators", "matches"]].values.tolist() == [
        ["a/s0", "war", 1],
        ["a/s1", "war", 1],
        ["b/s0", "war", 1],
    ]


def test_no_sentences_and_no_hits_give_the_columns():
    frame_list = codebook.load_codebook()
    for rows in ([], [("a", "Nothing to see.")]):
        hits = codebook.score_sentences(sentences_of(rows), frame_list)
        assert hits.empty and list(hits.columns) == ["doc_id", "sentence_id", "frame", "indicators", "matches"]


def test_joined_lower_places_every_text_after_a_separator():
    joined, starts = indicators.joined_lower(pd.Series(["Ab", None, "", "CD e"]))
    assert joined == "\x00ab\x00\x00\x00cd e"
    assert starts.tolist() == [1, 4, 5, 6]
    pattern = indicators.starts_regex(["cd", "e", "b"])
    # "b" is inside the word "ab"; "cd" starts at 6 and "e" at 9.
    assert [match.end() for match in pattern.finditer(joined)] == [6, 9]


@pytest.mark.parametrize(
    ("indicator", "texts", "expected"),
    [
        ("ally", ["really", "an ally.", "allyship", "x-ally", "", "ally"], [False, True, False, True, False, True]),
        ("terror*", ["counterterrorism", "anti-terrorism", "terror"], [False, True, True]),
        ("u.s.", ["the u.s. said", "the us said"], [True, False]),
        ("india's aggression", ["india’s aggression.", "aggressions"], [True, False]),
        # RE2's \w is ASCII: "é" counts as a boundary here, where the indicator's own expression
        # sees a letter. The quick pass may let a text through; it never drops one.
        ("café", ["le café!", "écafé"], [True, True]),
    ],
)
def test_the_quick_pass_keeps_every_text_an_indicator_can_match(indicator, texts, expected):
    lowered = pd.Series(texts, dtype=str)
    assert indicators.may_contain(lowered, [indicator]).tolist() == expected
    pattern = indicators.indicators_regex([indicator])
    assert all(found for text, found in zip(texts, expected, strict=True) if pattern.search(text))
