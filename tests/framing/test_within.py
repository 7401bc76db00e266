"""The story-matched comparison: terms pooled over stories both sides covered, frames averaged within them."""

import textwrap

import numpy as np
import pandas as pd
import pytest

from helpers import compare
from helpers.compare import log_odds
from helpers.framing import codebook, distinctive, within

# Story 1 only A covered (a flood); story 2 both covered (a budget: A calls it reckless, B prudent);
# story 3 only B covered (a match).
DOCS = pd.DataFrame(
    {
        "doc_id": ["a1", "a2", "b1", "b2"],
        "text": [
            "Flood flood flood waters rose in the valley flood.",
            "The budget is reckless. Reckless budget cuts, reckless plans.",
            "The budget is prudent. Prudent budget cuts, prudent plans.",
            "The match ended with a late goal and a goal again.",
        ],
    }
)
GROUPS = pd.DataFrame({"doc_id": ["a1", "a2", "b1", "b2"], "source": ["A", "A", "B", "B"]})
STORIES = pd.DataFrame({"doc_id": ["a1", "a2", "b1", "b2"], "story": [1, 2, 2, 3]})
PAIRS = [("A", "rest"), ("B", "rest")]
WORDS = distinctive.DistinctiveSettings(min_count=1, ngrams=1, prior_scale=10.0)


def test_only_stories_both_sides_covered_are_compared():
    table = within.stratified_terms(DOCS, GROUPS, STORIES, PAIRS, WORDS).set_index(["source", "term"])
    assert ("A", "flood") not in table.index and ("B", "goal") not in table.index  # one side's stories only
    assert table.loc[("A", "reckless"), "count"] == 3 and table.loc[("A", "reckless"), "rest_count"] == 0
    assert table.loc[("A", "reckless"), "z"] > 0 and table.loc[("A", "prudent"), "z"] < 0
    assert table.loc[("A", "budget"), "stories"] == 1
    overall = distinctive.distinctive_terms(DOCS, GROUPS, PAIRS, WORDS).set_index(["source", "term"])
    assert ("A", "flood") in overall.index  # over the corpus, the flood story is A's


def test_one_story_gives_the_log_odds_of_that_story_with_the_prior_from_the_stories_compared():
    table = within.stratified_terms(DOCS, GROUPS, STORIES, PAIRS, WORDS).set_index(["source", "term"])
    # Story 2: A has budget 2, reckless 3, cuts 1, plans 1 (7 tokens); B the same with prudent.
    # The prior: reckless occurs 3 times in the 14 tokens of the stories compared, α = 10 · 3/14.
    alpha = 10 * 3 / 14
    delta, z = log_odds(np.array([3.0]), np.array([0.0]), np.array([7.0]), np.array([7.0]), np.array([alpha]), 10.0)
    assert table.loc[("A", "reckless"), "delta"] == pytest.approx(delta[0], abs=1e-4)
    assert table.loc[("A", "reckless"), "z"] == pytest.approx(z[0], abs=1e-4)


def test_pooling_weighs_each_story_by_the_inverse_of_its_variance():
    docs = pd.DataFrame({"doc_id": ["a1", "b1", "a2", "b2"],
                         "text": ["tax tax tax cut", "cut cut cut tax", "tax tax cut cut", "cut cut cut cut tax"]})  # fmt: skip
    groups = pd.DataFrame({"doc_id": ["a1", "b1", "a2", "b2"], "source": ["A", "B", "A", "B"]})
    stories = pd.DataFrame({"doc_id": ["a1", "b1", "a2", "b2"], "story": [1, 1, 2, 2]})
    settings = distinctive.DistinctiveSettings(min_count=1, ngrams=1, prior_scale=4.0)
    table = within.stratified_terms(docs, groups, stories, [("A", "rest")], settings).set_index("term")
    # Prior over both stories: tax 7 of 17 tokens (3 + 1 + 2 + 1), α = 4 · 7/17. Story 1: A tax 3 of 4, B tax 1 of 4;
    # story 2: A tax 2 of 4, B tax 1 of 5.
    alpha = np.array([4 * 7 / 17] * 2)
    delta, _ = log_odds(
        np.array([3.0, 2.0]), np.array([1.0, 1.0]), np.array([4.0, 4.0]), np.array([4.0, 5.0]), alpha, 4.0
    )
    weight = 1 / (1 / (np.array([3.0, 2.0]) + alpha) + 1 / (np.array([1.0, 1.0]) + alpha))
    expected = (weight * delta).sum() / weight.sum()
    assert table.loc["tax", "delta"] == pytest.approx(expected, abs=1e-4)
    assert table.loc["tax", "z"] == pytest.approx(expected * np.sqrt(weight.sum()), abs=1e-3)
    assert table.loc["tax", "stories"] == 2 and table.loc["tax", "count"] == 5


def test_frame_shares_are_averaged_within_the_stories_both_covered(tmp_path):
    path = tmp_path / "codebook.yml"
    path.write_text(textwrap.dedent("""
        frames:
          money:
            description: Money.
            indicators: [budget, cuts]
    """), encoding="utf-8")  # fmt: skip
    frame_list = codebook.load_codebook(path)
    sentences = pd.DataFrame(
        {
            "doc_id": ["a1", "a2", "a2", "b1", "b1", "b2"],
            "sentence_id": ["a1/0", "a2/0", "a2/1", "b1/0", "b1/1", "b2/0"],
            "sentence": [0, 0, 1, 0, 1, 0],
            "text": ["Flood waters rose.", "The budget is reckless.", "Plans are bad.", "The budget is prudent.",
                     "Cuts are wise.", "A late goal."],
        }
    )  # fmt: skip
    hits = codebook.find_frames(sentences, frame_list)
    pairs = compare.check_comparison(GROUPS, compare.Comparison())
    table = within.frame_shares_within(sentences, GROUPS, STORIES, hits, frame_list, pairs, n_boot=50).set_index(
        "source"
    )
    # Story 2 only: A's sentences 1 of 2 carry the frame, B's 2 of 2.
    assert table.loc["A", "share"] == 0.5 and table.loc["A", "rest_share"] == 1.0
    assert table.loc["B", "share"] == 1.0 and table.loc["A", "stories"] == 1 and table.loc["A", "sentences"] == 2
    assert np.isnan(table.loc["A", "ci_low"])  # one story: nothing to resample


def test_what_changed_is_named_term_by_term():
    overall = pd.DataFrame({"source": ["A"] * 3, "term": ["flood", "reckless", "budget"], "z": [3.0, 2.0, 1.0],
                            "side": ["group"] * 3})  # fmt: skip
    inside = pd.DataFrame({"source": ["A"] * 2, "term": ["reckless", "cuts"], "z": [2.5, 1.5], "side": ["group"] * 2})
    changes = within.term_changes(overall, inside, "source", top_n=3).set_index("term")["change"].to_dict()
    assert changes == {"reckless": "kept", "flood": "story choice", "budget": "story choice", "cuts": "within stories"}
    sentence = within.change_summary(within.term_changes(overall, inside, "source", 3), "source")[0]
    assert sentence.startswith("A: 1 of its 3 leading terms") and "“flood”" in sentence and "“cuts”" in sentence
