"""Distinctive terms: the log-odds ratio with informative Dirichlet prior, checked by hand."""

import math
from collections import Counter

import pandas as pd
import pytest

from helpers import compare
from helpers.framing import distinctive

# Two sources, one document each; words only, no stop-word list, prior_scale 10.
#   A: "tax tax cut"       -> tax 2, cut 1, n_A = 3
#   B: "tax cut cut cut"   -> tax 1, cut 3, n_B = 4
# Corpus: tax 3, cut 4, 7 tokens. α_tax = 10 * 3/7 = 30/7, α_cut = 10 * 4/7 = 40/7, α0 = 10.
#
# δ_tax(A vs rest) = log((2 + 30/7) / (3 + 10 - 2 - 30/7)) - log((1 + 30/7) / (4 + 10 - 1 - 30/7))
#                  = log((44/7) / (47/7)) - log((37/7) / (61/7)) = log(44/47) - log(37/61)
#                  = log(2684 / 1739) ≈ 0.43399
# var_tax = 1 / (44/7) + 1 / (37/7) = 7/44 + 7/37 = 567/1628 ≈ 0.34828,  z_tax ≈ 0.43399 / 0.59015 ≈ 0.7354
# δ_cut(A vs rest) = log((1 + 40/7) / (3 + 10 - 1 - 40/7)) - log((3 + 40/7) / (4 + 10 - 3 - 40/7))
#                  = log(47/44) - log(61/37) = log(1739 / 2684) = -δ_tax ≈ -0.43399
# var_cut = 7/47 + 7/61 ≈ 0.26369,  z_cut ≈ -0.43399 / 0.51351 ≈ -0.8452
DELTA_TAX = math.log(2684 / 1739)
Z_TAX = DELTA_TAX / math.sqrt(7 / 44 + 7 / 37)
DELTA_CUT = math.log(1739 / 2684)
Z_CUT = DELTA_CUT / math.sqrt(7 / 47 + 7 / 61)
WORDS_ONLY = distinctive.DistinctiveSettings(min_count=1, prior_scale=10.0, ngrams=1, stop_words=False)


def toy():
    docs = pd.DataFrame({"doc_id": ["a", "b"], "source": ["A", "B"], "text": ["tax tax cut", "Tax cut cut cut."]})
    return docs, compare.doc_groups(docs, "source")


def test_log_odds_matches_the_hand_computed_example():
    docs, groups = toy()
    pairs = compare.check_comparison(groups, compare.Comparison())
    table = distinctive.distinctive_terms(docs, groups, pairs, WORDS_ONLY)
    a = table[table["source"] == "A"].set_index("term")
    assert a.loc["tax", "delta"] == pytest.approx(DELTA_TAX, abs=1e-4)
    assert a.loc["tax", "z"] == pytest.approx(Z_TAX, abs=1e-4)
    assert a.loc["cut", "delta"] == pytest.approx(DELTA_CUT, abs=1e-4)
    assert a.loc["cut", "z"] == pytest.approx(Z_CUT, abs=1e-4)
    assert a.loc["tax", "count"] == 2 and a.loc["tax", "rest_count"] == 1
    assert a.loc["tax", "group_tokens"] == 3 and a.loc["tax", "rest_tokens"] == 4
    assert a.loc["tax", "prior"] == pytest.approx(30 / 7, abs=1e-5)
    assert a.loc["cut", "prior_total"] == 10
    b = table[table["source"] == "B"].set_index("term")
    assert b.loc["tax", "delta"] == pytest.approx(-DELTA_TAX, abs=1e-4)
    assert list(table.columns[:12]) == ["source", *distinctive.TERM_COLUMNS]


def test_the_named_reference_leaves_other_sources_out_of_the_counts_but_not_the_prior():
    # C adds "tax" twice: the prior becomes α_tax = 10 * 5/9, α_cut = 10 * 4/9 (9 corpus tokens),
    # while A is compared with B only (y_j and n_j from B).
    docs = pd.DataFrame({"doc_id": ["a", "b", "c"], "source": ["A", "B", "C"],
                         "text": ["tax tax cut", "tax cut cut cut", "tax tax"]})  # fmt: skip
    groups = compare.doc_groups(docs, "source")
    pairs = compare.check_comparison(groups, compare.Comparison(focus="A", reference="B"))
    assert pairs == [("A", "B")]
    table = distinctive.distinctive_terms(docs, groups, pairs, WORDS_ONLY).set_index("term")
    alpha = 50 / 9
    expected = math.log((2 + alpha) / (3 + 10 - 2 - alpha)) - math.log((1 + alpha) / (4 + 10 - 1 - alpha))
    assert table.loc["tax", "delta"] == pytest.approx(expected, abs=1e-4)
    assert table.loc["tax", "rest_count"] == 1 and table.loc["tax", "against"] == "B"


def test_bigrams_have_their_own_token_totals_and_do_not_cross_punctuation_or_stop_words():
    analyse = distinctive.tokenizer(distinctive.DistinctiveSettings(ngrams=2, stop_words=True))
    # "of" is a stop word: no "minister of" or "of pakistan"; the comma blocks "kashmir india";
    # the possessive is dropped: "pakistan’s army" -> "pakistan army".
    assert analyse("Prime Minister of Pakistan’s army, Kashmir. India-occupied land") == [
        "prime", "minister", "pakistan", "army", "kashmir", "india-occupied", "land",
        "prime minister", "pakistan army", "india-occupied land",
    ]  # fmt: skip
    docs = pd.DataFrame({"doc_id": ["a", "b"], "source": ["A", "B"], "text": ["tax tax cut", "tax cut cut cut"]})
    groups = compare.doc_groups(docs, "source")
    options = distinctive.DistinctiveSettings(min_count=1, prior_scale=10.0, ngrams=2, stop_words=False)
    table = distinctive.distinctive_terms(docs, groups, [("A", "rest")], options).set_index("term")
    # A has 2 bigrams (tax tax, tax cut), B has 3 (tax cut, cut cut, cut cut).
    assert table.loc["tax cut", "ngram"] == 2
    assert table.loc["tax cut", "group_tokens"] == 2 and table.loc["tax cut", "rest_tokens"] == 3
    assert table.loc["tax", "group_tokens"] == 3


def test_min_count_drops_rare_terms():
    docs, groups = toy()
    options = distinctive.DistinctiveSettings(min_count=4, prior_scale=10.0, ngrams=1, stop_words=False)
    table = distinctive.distinctive_terms(docs, groups, [("A", "rest")], options)
    assert table["term"].tolist() == ["cut"]  # cut occurs 4 times, tax 3


def test_one_group_gives_an_empty_table_and_a_message():
    docs = pd.DataFrame({"doc_id": ["a", "b"], "source": ["A", "A"], "text": ["tax", "cut"]})
    groups = compare.doc_groups(docs, "source")
    pairs = compare.check_comparison(groups, compare.Comparison())
    assert pairs == []
    assert distinctive.distinctive_terms(docs, groups, pairs, WORDS_ONLY).empty
    assert "nothing to compare" in compare.comparison_problem(groups, compare.Comparison())
    assert (
        distinctive.plot_terms(distinctive.leading_terms(pd.DataFrame(columns=["source", *distinctive.TERM_COLUMNS])))
        is not None
    )


def test_top_terms_and_their_evidence_sentences():
    docs, groups = toy()
    table = distinctive.distinctive_terms(docs, groups, [("A", "rest"), ("B", "rest")], WORDS_ONLY)
    top = distinctive.leading_terms(table, top_n=1)
    assert top[top["source"] == "A"][["term", "side"]].values.tolist() == [["tax", "group"], ["cut", "rest"]]
    sentences = pd.DataFrame({"doc_id": ["a", "b"], "sentence_id": ["a/s0", "b/s0"], "sentence": [0, 0],
                              "text": ["tax tax cut", "Tax cut cut cut."]})  # fmt: skip
    evidence = distinctive.term_sentences(sentences, groups, top, per_term=1, options=WORDS_ONLY)
    assert evidence[["source", "term", "sentence_id"]].values.tolist() == [["A", "tax", "a/s0"], ["B", "cut", "b/s0"]]


def test_words_give_way_to_the_phrase_they_mostly_occur_in():
    rows = [
        # term, ngram, count, z: "field" is used 4 times, 4 of them in "field marshal"; "army" 5 times, 2 in "army chief".
        ("field", 1, 4, 3.0),
        ("marshal", 1, 4, 2.9),
        ("field marshal", 2, 4, 2.5),
        ("army", 1, 5, 2.4),
        ("army chief", 2, 2, 1.5),
    ]
    table = pd.DataFrame(rows, columns=["term", "ngram", "count", "z"]).assign(source="A", rest_count=0)
    assert distinctive.leading_terms(table, top_n=3)["term"].tolist() == ["field marshal", "army", "army chief"]
    assert distinctive.leading_terms(table, top_n=3, collapse=0)["term"].tolist() == [
        "field",
        "marshal",
        "field marshal",
    ]


def test_evidence_uses_a_new_sentence_for_each_term():
    sentences = pd.DataFrame({"doc_id": ["a", "a"], "sentence_id": ["a/s0", "a/s1"], "sentence": [0, 1],
                              "text": ["tax and cut", "cut again"]})  # fmt: skip
    groups = pd.DataFrame({"doc_id": ["a"], "source": ["A"]})
    top = pd.DataFrame({"source": ["A", "A"], "term": ["tax", "cut"], "z": [2.0, 1.0], "side": ["group", "group"]})
    evidence = distinctive.term_sentences(sentences, groups, top, per_term=1, options=WORDS_ONLY)
    assert evidence[["term", "sentence_id"]].values.tolist() == [["tax", "a/s0"], ["cut", "a/s1"]]


def test_texts_without_any_term_give_an_empty_table():
    docs = pd.DataFrame({"doc_id": ["a", "b"], "source": ["A", "B"], "text": ["the of and", "it is"]})
    groups = compare.doc_groups(docs, "source")
    assert distinctive.distinctive_terms(
        docs, groups, [("A", "rest")], distinctive.DistinctiveSettings(min_count=1)
    ).empty


def test_the_stop_words_are_scikit_learns_list():
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    assert distinctive.ENGLISH_STOP_WORDS == ENGLISH_STOP_WORDS and "the" in distinctive.ENGLISH_STOP_WORDS


def counted_per_text(texts: list[str], options: distinctive.DistinctiveSettings) -> list[dict[str, int]]:
    """The terms of each text as :func:`distinctive.count_text_terms` counts them, term → count."""
    found = distinctive.count_text_terms(texts, options)
    per_text: list[dict[str, int]] = [{} for _ in texts]
    for text, word, count in zip(*found.unigrams, strict=True):
        per_text[text][found.words[word]] = int(count)
    for text, first, second, count in zip(*found.bigrams, strict=True):
        per_text[text][f"{found.words[first]} {found.words[second]}"] = int(count)
    tokens = [
        [sum(n for term, n in terms.items() if term.count(" ") == order) for order in (0, 1)] for terms in per_text
    ]
    assert found.tokens.tolist() == tokens
    return per_text


def analysed_per_text(texts: list[str], options: distinctive.DistinctiveSettings) -> list[dict[str, int]]:
    """The terms of each text as :func:`distinctive.tokenizer` reads it alone."""
    return [dict(Counter(distinctive.tokenizer(options)(text))) for text in texts]


def test_texts_counted_together_count_as_each_text_alone():
    options = distinctive.DistinctiveSettings(ngrams=2, stop_words=True)
    texts = [
        "Tax cut",  # "cut" ends this text: no "cut tax" with the next one
        "tax  cut, Pakistan’s army",  # two spaces; the comma blocks "cut pakistan"; the possessive goes
        "ΟΔΟΣ",  # a capital sigma at the end of a text lower-cases to the final ς
        "ΑΣ of\tthe war-torn\nland_ x-",  # stop words; tab and newline; underscore; a trailing hyphen
        "",
        "tax cut tax",  # after an empty text: still its own
    ]
    counted = counted_per_text(texts, options)
    assert counted == [
        {"tax": 1, "cut": 1, "tax cut": 1}, {"tax": 1, "cut": 1, "pakistan": 1, "army": 1, "tax cut": 1, "pakistan army": 1},
        {"οδος": 1}, {"ας": 1, "war-torn": 1, "land_": 1, "war-torn land_": 1}, {},
        {"tax": 2, "cut": 1, "tax cut": 1, "cut tax": 1},
    ]  # fmt: skip
    assert counted == analysed_per_text(texts, options)


def test_counting_nothing_gives_empty_arrays():
    found = distinctive.count_text_terms(["", "   ", "a ."], distinctive.DistinctiveSettings())
    assert found.words.tolist() == [] and found.unigrams[0].tolist() == [] and found.bigrams[0].tolist() == []
    assert found.tokens.tolist() == [[0, 0], [0, 0], [0, 0]]


def test_a_text_with_a_marker_in_it_is_still_counted_right():
    # Tokens: tax, \x01 or \x02 (punctuation: blocks a bigram), cut, tax, cut. \x01 marks the pieces
    # and \x02 the texts inside the counter; a text's own are read as punctuation.
    options = distinctive.DistinctiveSettings(stop_words=False)
    texts = ["tax\x01cut tax cut", "tax\x02cut tax cut", "tax \x02 cut"]
    assert counted_per_text(texts, options) == analysed_per_text(texts, options) == [
        {"tax": 2, "cut": 2, "cut tax": 1, "tax cut": 1}, {"tax": 2, "cut": 2, "cut tax": 1, "tax cut": 1},
        {"tax": 1, "cut": 1},
    ]  # fmt: skip


def test_documents_counted_once_give_the_same_tables_as_texts_counted_anew():
    docs, groups = toy()
    counted = distinctive.document_terms(docs, WORDS_ONLY)
    assert counted.terms.tolist() == ["cut", "tax"] and counted.counts.toarray().tolist() == [[1, 2], [3, 1]]
    pairs = [("A", "rest"), ("B", "rest")]
    again = distinctive.distinctive_terms(counted, groups, pairs, WORDS_ONLY)
    pd.testing.assert_frame_equal(again, distinctive.distinctive_terms(docs, groups, pairs, WORDS_ONLY))
    with pytest.raises(ValueError, match="other settings"):
        distinctive.distinctive_terms(counted, groups, pairs, distinctive.DistinctiveSettings(min_count=2))


def test_terms_rarer_than_min_count_are_not_kept_but_their_tokens_count():
    docs = pd.DataFrame({"doc_id": ["a", "b"], "text": ["tax tax cut", "tax vote"]})
    counted = distinctive.document_terms(docs, distinctive.DistinctiveSettings(min_count=2, stop_words=False))
    assert counted.terms.tolist() == ["tax"] and counted.tokens.tolist() == [[3, 2], [2, 1]]
