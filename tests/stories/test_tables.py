"""Coverage, blind spots, voices and story-matched terms on tables whose numbers are worked out by hand."""

import numpy as np
import pandas as pd
import pytest

from helpers.stories import tables, terms


def spread_corpus() -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    # Story 1: six articles from A on 10 January. Fourteen other articles that month stand alone:
    # four from A, ten from B. So A has 10 of the 20 articles near the story: a baseline share of 0.5.
    rows = [("s1-" + str(n), 1, "2024-01-10", "A") for n in range(6)]
    rows += [(f"a{n}", 2 + n, f"2024-01-{12 + n:02d}", "A") for n in range(4)]
    rows += [(f"b{n}", 6 + n, f"2024-01-{3 + n:02d}", "B") for n in range(10)]
    stories = pd.DataFrame(rows, columns=["doc_id", "story", "date", "source"])
    stories["date"] = pd.to_datetime(stories["date"])
    groups = stories[["doc_id", "source"]]
    summary = pd.DataFrame({"story": range(1, 16), "label": ["Story one"] + [f"other {n}" for n in range(14)]})
    return stories, groups, summary


def test_coverage_counts_documents_per_story_and_group():
    stories, groups, _ = spread_corpus()
    covered = tables.coverage(stories, groups)
    assert covered[covered["story"] == 1][["source", "documents"]].values.tolist() == [["A", 6]]
    assert len(covered) == 15 and covered["documents"].sum() == 20


def test_a_story_one_group_covers_alone_is_a_blind_spot_with_the_exact_binomial_chance():
    stories, groups, summary = spread_corpus()
    spots = tables.blind_spots(stories, groups, summary, min_documents=5).set_index("source")
    # Only story 1 has five documents. A: all 6 of 6 at p = 0.5 → P(X ≥ 6) = 1/64; B: 0 of 6 → P(X ≤ 0) = 1/64.
    assert spots.loc["A", "direction"] == "more" and spots.loc["B", "direction"] == "less"
    assert spots.loc["A", "p_value"] == pytest.approx(1 / 64, abs=1e-6)
    assert spots.loc["B", "p_value"] == pytest.approx(1 / 64, abs=1e-6)
    assert spots.loc["A", "expected"] == 3.0 and spots.loc["A", "baseline_share"] == 0.5
    assert spots["q_value"].tolist() == pytest.approx([1 / 64, 1 / 64], abs=1e-6)  # BH over two equal p-values
    assert spots.loc["A", "label"] == "Story one"
    assert tables.blind_spots(stories, groups, summary, min_documents=7).empty  # too small to test


def test_benjamini_hochberg_by_hand():
    # Sorted p = .01, .02, .03, .5 with n = 4: p·n/rank = .04, .04, .04, .5, then the running minimum from the top.
    q = tables.benjamini_hochberg(np.array([0.03, 0.5, 0.01, 0.02]))
    assert q.tolist() == pytest.approx([0.04, 0.5, 0.04, 0.04])


def test_voices_count_mentions_and_quotes_of_each_actor_per_story_and_group():
    stories = pd.DataFrame(
        {"doc_id": ["d1", "d2", "d3"], "story": [1, 1, 2], "date": pd.NaT, "source": ["A", "B", "A"]}
    )
    groups = stories[["doc_id", "source"]]
    mentions = pd.DataFrame({"doc_id": ["d1", "d1", "d2", "d3"], "actor": ["Lee", "Lee", "Lee", "Kim"]})
    quotes = pd.DataFrame({"doc_id": ["d1", "d2", "d2"], "speaker": ["Lee", "(unnamed)", "Lee"]})
    table = tables.voices(stories, mentions, quotes, groups, chosen=[1])
    assert table.values.tolist() == [[1, "A", "Lee", 2, 1], [1, "B", "Lee", 1, 1]]


def test_story_terms_find_what_each_group_says_more_within_the_story():
    stories = pd.DataFrame({"doc_id": ["a1", "a2", "b1", "b2"], "story": [1, 1, 1, 1]})
    groups = pd.DataFrame({"doc_id": ["a1", "a2", "b1", "b2"], "source": ["A", "A", "B", "B"]})
    docs = pd.DataFrame(
        {
            "doc_id": ["a1", "a2", "b1", "b2"],
            "text": [
                "The tariff plan hits steel. Tariff talks stall over the tariff on steel.",
                "A new tariff on steel imports; the tariff worries steel makers.",
                "Trade talks resume. Negotiators hope trade will recover after the talks.",
                "Trade partners meet as talks on trade continue.",
            ],
        }
    )
    found = terms.story_terms(docs, stories, groups, [1], min_count=3)
    top = found.groupby("source")["term"].first().to_dict()
    assert top == {"A": "tariff", "B": "trade"}
    assert (found["z"] > 0).all() and set(found.columns) >= {"story", "source", "term", "count", "rest_count", "z"}
    counts = found.set_index(["source", "term"])["count"]
    assert counts[("A", "tariff")] == 5 and counts[("B", "trade")] == 4


def test_story_group_keys_round_trip():
    stories = pd.DataFrame({"doc_id": ["d1", "d2"], "story": [3, 4]})
    groups = pd.DataFrame({"doc_id": ["d1", "d2"], "bias": ["left", "right"]})
    keyed = tables.story_group_keys(stories, groups, [3, 4])
    split = tables.split_story_groups(keyed.assign(value=[1, 2]), "bias")
    assert split[["story", "bias", "value"]].values.tolist() == [[3, "left", 1], [4, "right", 2]]
