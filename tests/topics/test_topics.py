"""Tests of helpers.topics on tiny hand-written inputs whose numbers are worked out in comments."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from helpers import bootstrap, topics
from helpers.errors import InputError
from helpers.topics import tables
from helpers.topics.stream import tfidf
from helpers.topics.vocabulary import binary_matrix

# --- tokenizer and vocabulary -------------------------------------------------------------------


def test_tokenize_keeps_country_initialisms_as_one_token_and_drops_possessives():
    text = "The U.S. and Pakistan's army; US-China, the EU, the United States and us. USAID won't."
    assert topics.tokenize(text) == [
        "the", "u.s.", "and", "pakistan", "army", "u.s.", "china", "the", "e.u.", "the", "u.s.",
        "and", "us", "usaid", "won", "t",
    ]  # fmt: skip


# Texts whose tokens follow from the rules in helpers.topics.terms, worked out by hand.
TRICKY_TOKENS = [
    # US, USA, U.S.A. → u.s.; UN's → U.N.'s → u.n.; EU-wide → e.u., wide; USAID is a word.
    (
        "The US, USA and U.S.A. agree; UN's EU-wide United Nations, USAID, Europe",
        ["the", "u.s.", "u.s.", "and", "u.s.", "agree", "u.n.", "e.u.", "wide", "u.n.", "usaid", "europe"],
    ),
    # Lower-case initialisms are tokens where a token can start: "thru.s." is thru, s.
    ("e.u.s. u.s.a. thru.s.", ["e.u.", "s", "u.s.", "a", "thru", "s"]),
    # Dropping 's joins u and .s. into u.s.; in E.U.S. no initialism ends before a non-word character.
    ("u's.s. E.U.S.", ["u.s.", "e.u.", "s"]),
    # Accented letters are letters; a combining accent, digits and underscores split; ² is no digit to \d.
    (
        "Café Zürich’s naïve cafe\u0301s x² x2 snake_case",
        ["café", "zürich", "naïve", "cafe", "s", "x²", "x", "snake", "case"],
    ),
    # Capital sigma lowers to ς at the end of a word; İ lowers to i and a combining dot.
    ("ΟΔΟΣ ΣΟΦΟΣ İstanbul", ["οδος", "σοφος", "i", "stanbul"]),
    ("", []),
    ("the and of 42", ["the", "and", "of"]),
]


def _batch_tokens(texts: list[str]) -> list[list[str]]:
    """Tokens per text from the batch tokenizer the vocabulary uses."""
    from helpers.topics.vocabulary import _text_stream

    stream = _text_stream(texts)
    tokens = stream.words[stream.codes]
    return [list(tokens[stream.doc == number]) for number in range(len(texts))]


@pytest.mark.parametrize(("text", "expected"), TRICKY_TOKENS)
def test_tokenize_edge_cases(text, expected):
    assert topics.tokenize(text) == expected
    assert _batch_tokens([text]) == [expected]


def test_batch_tokenizer_keeps_texts_apart():
    texts = [text for text, _ in TRICKY_TOKENS]
    assert _batch_tokens(texts) == [expected for _, expected in TRICKY_TOKENS]
    # Joined without a separator these would make u.s. (u + .s.), drop a possessive that is not
    # one, or merge words; the initialisms at a text's end and start still count.
    pairs = [
        (["news from u", ".s. officials"], [["news", "from", "u"], ["s", "officials"]]),
        (["Pakistan's", "s army"], [["pakistan"], ["s", "army"]]),
        (["about US", "UN"], [["about", "u.s."], ["u.n."]]),
        (["ΑΣ", "Σ"], [["ας"], ["σ"]]),  # final sigma is decided within a text
        (["army\x00talks", "", "talks"], [["army", "talks"], [], ["talks"]]),  # a NUL inside a text
    ]
    for batch, expected in pairs:
        assert _batch_tokens(batch) == expected
        assert [topics.tokenize(text) for text in batch] == expected


def test_vocabulary_makes_no_bigram_across_texts_and_skips_empty_texts():
    texts = ["talks in white", "house talks", "white house", "", "the and of"]
    # Unigrams: talks 2, white 2, house 2 (in is a stopword). Bigrams: house talks 1, white house 1;
    # white house would have df 2 if the end of text 1 ran into the start of text 2.
    vocabulary, counts = topics.Vocabulary.fit_transform(texts, topics.TermSettings(min_df=2, max_df=1.0))
    assert list(vocabulary.terms) == ["house", "talks", "white"]
    assert counts.toarray().tolist() == [[0, 1, 1], [1, 1, 0], [1, 0, 1], [0, 0, 0], [0, 0, 0]]
    vocabulary = topics.Vocabulary(["army", "army talks", "talks"], np.ones(3), 3)
    assert vocabulary.transform(["army\x00talks", "", "talks", "the"]).toarray().tolist() == [
        [1, 1, 1], [0, 0, 0], [0, 0, 1], [0, 0, 0],
    ]  # fmt: skip
    assert vocabulary.transform([]).shape == (0, 3)


def test_news_stopwords_extend_sklearn_but_keep_news_words():
    stop = topics.news_stopwords()
    assert {"said", "told", "according", "reuters", "percent", "year", "the", "and"} <= stop
    assert "bill" not in stop and "new" not in stop


def test_vocabulary_counts_unigrams_and_adjacent_bigrams_only():
    texts = [
        "White House officials met.",  # white, house, officials, met; white house, house officials, officials met
        "The White House said nothing.",  # white, house; white house (said is a stopword: no house said)
        "A white dog and a house.",  # white, dog, house; no white house: not adjacent
    ]
    vocabulary, counts = topics.Vocabulary.fit_transform(texts, topics.TermSettings(min_df=2, max_df=1.0))
    # df: white 3, house 3, white house 2; everything else occurs in one text only.
    assert list(vocabulary.terms) == ["house", "white", "white house"]
    assert list(vocabulary.df) == [3, 3, 2]
    assert counts.toarray().tolist() == [[1, 1, 1], [1, 1, 1], [1, 1, 0]]
    assert (vocabulary.transform(texts) != counts).nnz == 0


def test_vocabulary_max_df_drops_words_in_too_many_units():
    texts = ["pakistan army"] * 3 + ["pakistan trade"] * 3 + ["army trade"] * 2 + ["other words", "more words"]
    # 10 texts. pakistan in 6 (0.6 > 0.5): dropped; army and trade in 5 (0.5): kept; words in 2;
    # other and more in 1 (< min_df 2): dropped.
    settings = topics.TermSettings(min_df=2, max_df=0.5, bigrams=False)
    assert list(topics.Vocabulary.fit(texts, settings).terms) == ["army", "trade", "words"]
    # Below 10 units max_df is not applied: pakistan (3 of 4) stays.
    few = ["pakistan army", "pakistan trade", "pakistan china", "army trade"]
    assert list(topics.Vocabulary.fit(few, settings).terms) == ["army", "pakistan", "trade"]


def test_vocabulary_without_frequent_terms_is_an_input_error():
    with pytest.raises(InputError, match="min_df"):
        topics.Vocabulary.fit(["alpha beta", "gamma delta"], topics.TermSettings(min_df=2))


# --- NPMI ---------------------------------------------------------------------------------------


def test_npmi_hand_computed():
    texts = [["a", "b"], ["a", "c"], ["b", "c"], ["a", "b", "c"]]
    # 4 texts. P(a) = P(b) = P(c) = 3/4. P(a,b) = P(a,c) = P(b,c) = 2/4 (texts 1 and 4, 2 and 4, 3 and 4).
    # NPMI = log((1/2) / (3/4 * 3/4)) / -log(1/2) = log(8/9) / log(2) = -0.16993
    expected = math.log(8 / 9) / math.log(2)
    scores = topics.npmi([["a", "b", "c"], ["a", "b"]], texts)
    assert scores == pytest.approx([expected, expected], abs=1e-9)


def test_npmi_mixed_values_and_top_n():
    texts = [["x", "y"], ["x", "y"], ["z"], ["w"]]
    # P(x) = P(y) = 1/2, P(x,y) = 1/2: log((1/2)/(1/4)) / -log(1/2) = 1.
    # P(z) = 1/4, P(x,z) = 0: log(1e-12 / (1/8)) / -log(1e-12) = (-27.631 + 2.0794) / 27.631 = -0.92474
    xz = math.log(1e-12 / (1 / 8)) / -math.log(1e-12)
    # topic [x, y, z]: pairs xy = 1, xz, yz = xz; mean = (1 + 2 xz) / 3
    scores = topics.npmi([["x", "y", "z", "w"], ["y", "x"]], texts, top_n=3)
    assert scores[0] == pytest.approx((1 + 2 * xz) / 3, abs=1e-6)
    assert scores[1] == pytest.approx(1.0, abs=1e-9)


def test_npmi_bigram_term_needs_adjacent_tokens():
    texts = [["white", "house", "press"], ["white", "the", "house", "press"], ["press"], ["other"]]
    # "white house" occurs only in text 1 (adjacent); press in texts 1-3.
    # P(wh) = 1/4, P(press) = 3/4, P(both) = 1/4: log((1/4) / (3/16)) / -log(1/4) = log(4/3) / log(4) = 0.20752
    matrix = binary_matrix(["press", "white house"], texts)
    assert matrix.toarray().tolist() == [[1, 1], [1, 0], [1, 0], [0, 0]]
    assert topics.npmi([["white house", "press"]], texts)[0] == pytest.approx(math.log(4 / 3) / math.log(4), abs=1e-9)


def test_npmi_of_a_term_absent_everywhere_is_minus_one():
    assert topics.npmi([["a", "zzz"]], [["a"], ["b"]])[0] == -1.0


def test_npmi_matches_model_internal_matrix():
    texts = ["The White House met Pakistan army chiefs.", "Pakistan army and China trade.", "White House trade talks."]
    vocabulary, counts = topics.Vocabulary.fit_transform(texts, topics.TermSettings(min_df=1, max_df=1.0))
    column = {t: i for i, t in enumerate(vocabulary.terms)}
    topic = ["white house", "pakistan", "trade", "army"]
    internal = topics.npmi_from_matrix(counts, [[column[t] for t in topic]])
    public = topics.npmi([topic], [topics.tokenize(t) for t in texts])
    assert internal == pytest.approx(public)


# --- stability ----------------------------------------------------------------------------------


def test_average_jaccard_hand_computed():
    # d=1: {a} vs {b} = 0; d=2: {a,b} vs {b,a} = 1; d=3: {a,b,c} vs {b,a,d} = 2/4. Mean = 0.5.
    assert topics.average_jaccard(["a", "b", "c"], ["b", "a", "d"]) == pytest.approx(0.5)
    assert topics.average_jaccard(["a", "b"], ["a", "b"]) == 1.0
    assert topics.average_jaccard(["a", "b"], ["c", "d"]) == 0.0


def test_agreement_matches_topics_with_the_hungarian_algorithm():
    reference = [["a", "b"], ["c", "d"], ["e", "f"]]
    # The other model lists the same topics in another order, and one topic half changed:
    # [c,d] ↔ [c,d] = 1; [a,b] ↔ [a,b] = 1; [e,f] ↔ [e,x]: d=1 1, d=2 1/3 → 2/3.
    other = [["c", "d"], ["e", "x"], ["a", "b"]]
    assert topics.agreement(reference, other) == pytest.approx([1, 1, 2 / 3])
    # Stability over two resamples: the identical one (1, 1, 1) and `other`: mean per topic.
    assert topics.stability(reference, [reference, other]) == pytest.approx([1, 1, 5 / 6])


def test_agreement_matching_is_one_to_one():
    # Both reference topics are closest to [a, b], but only one may take it: [a, c] gets [x, y].
    # [a,b]↔[a,b] = 1 and [a,c]↔[x,y] = 0 (sum 1) beats [a,c]↔[a,b] = (1 + 1/3)/2 and [a,b]↔[x,y] = 0.
    assert topics.agreement([["a", "b"], ["a", "c"]], [["x", "y"], ["a", "b"]]) == pytest.approx([1, 0])


# --- units --------------------------------------------------------------------------------------


def _corpus(paragraph_words: list[list[int]], sources=None):
    """Documents built from paragraphs of sentences, each sentence n words long (all 'w')."""
    rows, paragraph_rows, sentence_rows = [], [], []
    for number, paragraphs in enumerate(paragraph_words):
        doc_id = f"d{number}"
        texts, sentence_number, offset = [], 0, 0
        for p, sentences in enumerate(paragraphs if isinstance(paragraphs[0], list) else [[n] for n in paragraphs]):
            parts = []
            for n in sentences:
                sentence = " ".join(["word"] * (n - 1) + ["end."])
                start = offset + sum(len(x) + 1 for x in parts)
                sentence_rows.append(
                    {"doc_id": doc_id, "paragraph": p, "sentence": sentence_number, "start": start,
                     "end": start + len(sentence), "text": sentence}
                )  # fmt: skip
                sentence_number += 1
                parts.append(sentence)
            paragraph = " ".join(parts)
            paragraph_rows.append(
                {"doc_id": doc_id, "paragraph_id": f"{doc_id}/p{p}", "paragraph": p, "start": offset,
                 "end": offset + len(paragraph), "words": sum(sentences), "text": paragraph}
            )  # fmt: skip
            texts.append(paragraph)
            offset += len(paragraph) + 2
        rows.append(
            {"doc_id": doc_id, "source": (sources or {}).get(number, "S"), "date": pd.NaT, "text": "\n\n".join(texts)}
        )
    return pd.DataFrame(rows), pd.DataFrame(paragraph_rows), pd.DataFrame(sentence_rows)


def test_passages_merge_sentences_to_between_min_and_max_words():
    # One document: paragraphs of sentences [60, 50] [30] [120, 90] [20] words.
    # 60+50 = 110 ≥ 100 at a paragraph end → passage 0 (110). 30 → 30, then 120: 150 ≥ 100 and the
    # next sentence (90) would pass 200 → passage 1 (150). 90 → paragraph end but < 100; + 20 = 110 at
    # the document end → passage 2 (110).
    docs, paragraphs, sentences = _corpus([[[60, 50], [30], [120, 90], [20]]])
    units = topics.passages(docs, sentences, min_words=100, max_words=200)
    assert units["words"].tolist() == [110, 150, 110]
    assert units["unit_id"].tolist() == ["d0/passage0", "d0/passage1", "d0/passage2"]
    # Offsets give the text back: passage 1 starts at the 30-word paragraph.
    assert units["text"].iat[1].startswith("word") and units["text"].iat[1].count("end.") == 2


def test_passages_join_a_short_tail_and_keep_documents_apart():
    # d0: [100] [30] → 100 closes; tail 30 < 50 joins it → one passage of 130.
    # d1: [40] → a short document is one passage.
    docs, paragraphs, sentences = _corpus([[[100], [30]], [[40]]])
    units = topics.passages(docs, sentences, min_words=100, max_words=200)
    assert list(zip(units["doc_id"], units["words"], strict=True)) == [("d0", 130), ("d1", 40)]


def test_auto_unit_uses_passages_below_50_documents():
    assert topics.choose_unit("auto", 49) == "passage"
    assert topics.choose_unit("auto", 50) == "document"
    assert topics.choose_unit("paragraph", 5) == "paragraph"
    with pytest.raises(InputError, match="unit"):
        topics.choose_unit("sentence", 5)


def test_build_units_resolves_auto():
    docs, paragraphs, sentences = _corpus([[[60], [60]], [[30]]])
    units = topics.build_units(docs, paragraphs, sentences, unit="auto")
    assert units.attrs["unit"] == "passage" and len(units) == 2
    units = topics.build_units(docs, paragraphs, sentences, unit="paragraph")
    assert units["unit_id"].tolist() == ["d0/p0", "d0/p1", "d1/p0"]


class _Lazy:
    """A corpus whose paragraphs and sentences may only be read when allowed, like the cached loader's."""

    def __init__(self, docs, paragraphs, sentences, allowed):
        self.docs, self._parts, self.allowed, self.read = (
            docs,
            {"paragraphs": paragraphs, "sentences": sentences},
            allowed,
            [],
        )

    def __getattr__(self, name):
        if name not in ("paragraphs", "sentences"):
            raise AttributeError(name)
        if name not in self.allowed:
            raise AssertionError(f"{name} read although the unit does not need them")
        self.read.append(name)
        return self._parts[name]


def test_corpus_units_read_only_what_the_unit_needs():
    docs, paragraphs, sentences = _corpus([[[60], [60]], [[30]]])
    lazy = _Lazy(docs, paragraphs, sentences, allowed={"sentences"})
    units = topics.corpus_units(lazy, unit="auto")  # 2 documents: passages, from sentences
    assert units.attrs["unit"] == "passage" and len(units) == 2 and lazy.read == ["sentences"]
    lazy = _Lazy(docs, paragraphs, sentences, allowed={"paragraphs"})
    assert topics.corpus_units(lazy, unit="paragraph")["unit_id"].tolist() == ["d0/p0", "d0/p1", "d1/p0"]
    lazy = _Lazy(docs.assign(words=[120, 30]), paragraphs, sentences, allowed=set())
    units = topics.corpus_units(lazy, unit="document")
    assert units["unit_id"].tolist() == ["d0", "d1"] and units["words"].tolist() == [120, 30] and lazy.read == []


# --- top terms ----------------------------------------------------------------------------------


def test_top_terms_drop_words_a_bigram_already_says():
    vocabulary = np.array(["white", "white house", "house", "trump", "donald trump", "press"], dtype=object)
    weights = np.array([6, 5, 4, 3, 2, 1.0])
    # white → replaced by "white house"; house skipped; trump → replaced by "donald trump"; press.
    assert topics.top_terms(weights, vocabulary, 10) == ["white house", "donald trump", "press"]
    assert topics.top_terms(weights, vocabulary, 1) == ["white house"]


# --- the model ----------------------------------------------------------------------------------

THEMES = {
    "trade": "tariffs exports imports trade deal minerals investment markets",
    "security": "army military strikes border troops missiles defence security",
    "diplomacy": "minister talks summit embassy visit envoy meeting diplomats",
}
RANKED = {name: words.split() for name, words in THEMES.items()}


def _units(per_theme: int = 8) -> pd.DataFrame:
    """Units of a synthetic corpus with three separate themes.

    Every unit of a theme has its 8 words, the j-th repeated 8 - j times (so the words' order in
    the topic is fixed), plus a word of its own that occurs once in the corpus (dropped by min_df).
    """
    rows = []
    for theme_number, (theme, words) in enumerate(THEMES.items()):
        vocab = words.split()
        for i in range(per_theme):
            text = " ".join(" ".join([word] * (8 - j)) for j, word in enumerate(vocab)) + f" unique{theme}{'x' * i}"
            rows.append({"unit_id": f"{theme}{i}", "doc_id": f"doc{i % 4}", "source": f"S{i % 2}",
                         "date": pd.Timestamp("2025-01-01") + pd.Timedelta(days=30 * (i % 3)),
                         "position": theme_number, "start": 0, "end": len(text), "words": 36, "text": text})  # fmt: skip
    units = pd.DataFrame(rows)
    units.attrs["unit"] = "passage"
    return units


# The synthetic units repeat word sequences, so bigrams would only duplicate the words.
WORDS = topics.TermSettings(bigrams=False)


def test_fit_forced_k_and_chosen_k():
    units = _units(per_theme=10)  # 30 units: K up to 30 / 5 = 6 may be tried
    forced = topics.fit(units, topics.TopicSettings(k=3, resamples=3, terms=WORDS))
    assert forced.k == 3 and forced.selection["k"].tolist() == [3] and forced.selection["chosen"].all()
    chosen = topics.fit(units, topics.TopicSettings(k_min=2, k_max=5, resamples=3, top_n=8, terms=WORDS))
    assert chosen.selection["k"].tolist() == [2, 3, 4, 5]
    assert chosen.selection["recommended"].sum() == 1
    # Three separate vocabularies: three topics are both the most coherent and perfectly stable.
    assert chosen.k == 3
    # Each topic lists one theme's words in their frequency order.
    assert sorted(chosen.terms) == sorted(RANKED.values())
    assert np.allclose(chosen.stability, 1.0)


def test_new_texts_get_shares_from_the_fitted_model():
    model = topics.fit(_units(), topics.TopicSettings(k=3, resamples=0, terms=WORDS))
    # New text arrives as float64 TF-IDF; the model was fitted on float32 and must accept it.
    shares = model.transform(list(_units()["text"].head(2)))
    assert shares.shape == (2, 3)
    assert shares.sum(axis=1) == pytest.approx([1, 1], abs=1e-5)


def test_doc_shares_sum_to_one_and_groups_have_intervals():
    model = topics.fit(_units(), topics.TopicSettings(k=3, resamples=0, terms=WORDS))
    doc_table = tables.doc_topics(model)
    assert list(doc_table.columns) == ["doc_id", "source", "topic", "share"]
    assert doc_table.groupby("doc_id")["share"].sum().to_numpy() == pytest.approx(np.ones(4), abs=1e-5)
    by_source = tables.source_shares(doc_table, model.k, n_boot=200, random_state=1)
    assert list(by_source.columns) == ["source", "topic", "share", "ci_low", "ci_high", "documents"]
    assert by_source["documents"].tolist() == [2] * 6
    assert (by_source["ci_low"] <= by_source["share"] + 1e-9).all() and (
        by_source["share"] <= by_source["ci_high"] + 1e-9
    ).all()
    assert by_source.groupby("source")["share"].sum().to_numpy() == pytest.approx([1, 1], abs=1e-5)


def test_group_shares_hand_computed_and_single_document_has_no_interval():
    doc_table = pd.DataFrame(
        {
            "doc_id": ["a", "a", "b", "c"],
            "source": ["X", "X", "X", "Y"],
            "topic": [1, 2, 1, 2],
            "share": [0.5, 0.5, 1.0, 1.0],
        }
    )
    # Source X: documents a (0.5, 0.5) and b (1, 0) → mean (0.75, 0.25). Y: c (0, 1), one document.
    table = tables.source_shares(doc_table, k=2, n_boot=100, random_state=0)
    assert table["share"].tolist() == [0.75, 0.25, 0.0, 1.0]
    assert table.loc[table["source"] == "Y", "ci_low"].isna().all()
    # Bootstrap means of two documents can only be 0.5, 0.75 or 1 for topic 1.
    x1 = table.iloc[0]
    assert 0.5 <= x1["ci_low"] <= 0.75 <= x1["ci_high"] <= 1.0


def test_same_inputs_and_random_state_give_identical_tables():
    def run():
        model = topics.fit(_units(), topics.TopicSettings(k_min=2, k_max=4, resamples=3, random_state=7))
        doc_table = tables.doc_topics(model)
        return [
            tables.topic_terms(model), doc_table, tables.topic_quality(model, doc_table),
            tables.selection_table(model), tables.source_shares(doc_table, model.k, n_boot=50, random_state=7),
        ]  # fmt: skip

    for first, second in zip(run(), run(), strict=True):
        pd.testing.assert_frame_equal(first, second)


def test_a_topic_resting_on_two_documents_is_flagged():
    units = _units()
    # Put every security unit into one document: that topic's weight comes from one document.
    units.loc[units["unit_id"].str.startswith("security"), "doc_id"] = "lonely"
    model = topics.fit(units, topics.TopicSettings(k=3, resamples=0, terms=WORDS))
    quality = tables.topic_quality(model, tables.doc_topics(model))
    flagged = quality.loc[quality["few_documents"], "label"].tolist()
    assert len(flagged) == 1 and set(flagged[0].split(", ")) <= set(THEMES["security"].split())


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ({"k": -1}, "k: -1"),
        ({"k": 10_000}, "k: 10000"),
        ({"k": 1}, "k: 1"),
        ({"k_min": 6, "k_max": 3}, "k_max"),
        ({"k_min": 1}, "k_min"),
        ({"method": "pca"}, "method"),
        ({"top_n": 1}, "top_n"),
        ({"resamples": -2}, "resamples"),
    ],
)
def test_invalid_settings_raise_input_error(settings, message):
    with pytest.raises(InputError, match=message):
        topics.fit(_units(), topics.TopicSettings(**settings))


def test_k_range_is_cut_to_one_topic_per_five_units():
    model = topics.fit(_units(per_theme=4), topics.TopicSettings(k_min=2, k_max=8, resamples=1, terms=WORDS))
    # 12 units → K tried up to 12 // 5 = 2.
    assert model.selection["k"].tolist() == [2] and "one topic per 5 units" in " ".join(model.notes)


def test_k_above_the_number_of_units_is_an_input_error():
    with pytest.raises(InputError, match="more units"):
        topics.fit(_units(per_theme=2), topics.TopicSettings(k=7))


def test_lda_runs_and_gives_shares():
    model = topics.fit(_units(), topics.TopicSettings(method="lda", k=3, resamples=2))
    assert np.nansum(model.shares, axis=1) == pytest.approx(np.ones(len(model.units)))


# --- streaming ----------------------------------------------------------------------------------


def test_stream_tfidf_equals_sklearn_and_fit_stream_finds_the_themes():
    from sklearn.feature_extraction.text import TfidfTransformer

    texts = _units(per_theme=12)["text"].tolist()
    vocabulary = topics.Vocabulary.fit(texts, topics.TermSettings(min_df=2, bigrams=False))
    counts = vocabulary.transform(texts)
    expected = TfidfTransformer(sublinear_tf=True).fit_transform(counts)
    assert abs(tfidf(counts, vocabulary) - expected).max() < 1e-12
    shuffled = [texts[i] for i in np.random.default_rng(0).permutation(len(texts))]
    model = topics.fit_stream([shuffled[i : i + 12] for i in range(0, len(shuffled), 12)], vocabulary, k=3)
    assert model.units_seen == len(texts)
    shares = model.transform(texts)
    assert np.allclose(shares.sum(axis=1), 1)
    # Units of one theme share a dominant topic, and the three themes get three different ones.
    dominant = shares.argmax(axis=1).reshape(3, 12)
    assert [len(set(row)) for row in dominant] == [1, 1, 1] and len(set(dominant[:, 0])) == 3


def _stub_model(unit_ids, doc_ids, shares, weights, words=None):
    """A fitted-model stand-in with the fields the table functions read."""
    units = pd.DataFrame(
        {
            "unit_id": unit_ids,
            "doc_id": doc_ids,
            "source": [f"S-{doc}" for doc in doc_ids],
            "date": pd.NaT,
            "words": words if words is not None else [10] * len(unit_ids),
            "text": [f"text of {unit}" for unit in unit_ids],
        }
    )
    units.attrs["unit"] = "passage"
    shares, weights = np.asarray(shares, dtype=float), np.asarray(weights, dtype=float)
    return topics.TopicModel(
        settings=None, units=units, vocabulary=None, counts=None, weights=weights, shares=shares,
        components=np.zeros((shares.shape[1], 1)), terms=[], npmi=None, stability=None, selection=None, notes=[],
    )  # fmt: skip


def test_representatives_break_ties_by_weight_then_unit_id():
    model = _stub_model(
        ["u1", "u2", "u3", "u4", "u5"],
        ["d1", "d2", "d3", "d4", "d5"],
        shares=[[0.5, 0.5], [0.9, 0.1], [0.5, 0.5], [0.5, 0.5], [0.0, 1.0]],
        weights=[[1, 1], [2, 1], [3, 1], [1, 1], [0, 1]],
    )
    table = tables.representatives(model, n=3)
    # Topic 1: u2 (0.9); then three units at 0.5: u3 has the largest weight (3); u1 and u4 tie on
    # weight 1, and u1 comes first by unit_id. Topic 2: u5 (1.0), then u1, u3, u4 tie: u1, u3.
    assert table["unit_id"].tolist() == ["u2", "u3", "u1", "u5", "u1", "u3"]
    assert table["rank"].tolist() == [1, 2, 3, 1, 2, 3]
    assert tables.representatives(model, n=0).empty
    # More places than units with a share: u5 has none of topic 1, so topic 1 lists four units.
    assert tables.representatives(model, n=9)["topic"].tolist() == [1] * 4 + [2] * 5


def test_doc_topics_sorted_by_doc_id_whatever_the_unit_order():
    # Units in document order b, a10, a9; as text, a10 < a9 < b. Each document has one unit.
    model = _stub_model(
        ["b/1", "a10/1", "a9/1"],
        ["b", "a10", "a9"],
        shares=[[0.25, 0.75], [1.0, 0.0], [0.5, 0.5]],
        weights=np.ones((3, 2)),
    )
    table = tables.doc_topics(model)
    assert table["doc_id"].tolist() == ["a10", "a9", "a9", "b", "b"]
    assert table["topic"].tolist() == [1, 1, 2, 1, 2]
    assert table["share"].tolist() == [1.0, 0.5, 0.5, 0.25, 0.75]
    assert table["source"].tolist() == ["S-a10", "S-a9", "S-a9", "S-b", "S-b"]


def test_group_shares_seed_each_group_by_name_and_skip_documents_without_group():
    doc_table = pd.DataFrame(
        {
            "doc_id": ["d1", "d2", "d3", "d4", "d5", "d6"],
            "source": ["Y", "X", "Y", "X", "Z", "X"],
            "topic": [1, 1, 2, 2, 1, 1],
            "share": [1.0, 1.0, 1.0, 1.0, 1.0, 1.0],
        }
    )
    groups = pd.Series({"d1": "Y", "d2": "X", "d3": "Y", "d4": "X", "d6": "X"})  # d5 has no group
    table = tables.group_shares(doc_table, groups, k=2, n_boot=40, random_state=5, name="g")
    # X: d2 (1, 0), d4 (0, 1), d6 (1, 0) → mean (2/3, 1/3); Y: d1 (1, 0) and d3 (0, 1) → (0.5, 0.5).
    assert table["g"].tolist() == ["X", "X", "Y", "Y"]
    assert table["share"].round(6).tolist() == [0.666667, 0.333333, 0.5, 0.5]
    assert table["documents"].tolist() == [3, 3, 2, 2]
    # X's replicates come from X's own generator: seeded by random_state and the name "X". A
    # replicate's topic-1 mean is the share of its three draws that fell on d2 or d6 (in X's
    # documents' order: d2, d4, d6).
    counts = bootstrap.generator(5, "X").multinomial(3, [1 / 3] * 3, size=40)
    topic1 = (counts[:, 0] + counts[:, 2]) / 3
    low, high = np.percentile(topic1, [2.5, 97.5])
    x = table.loc[(table["g"] == "X") & (table["topic"] == 1)].iloc[0]
    assert x["ci_low"] == pytest.approx(low, abs=1e-6) and x["ci_high"] == pytest.approx(high, abs=1e-6)


def test_a_groups_topic_interval_does_not_move_when_other_groups_come_or_go():
    shares = [0.9, 0.2, 0.6, 0.4, 0.7, 0.1, 0.5]
    doc_table = pd.DataFrame(
        {
            "doc_id": [f"a{n}" for n in range(5)] * 2 + ["b0", "b1", "c0", "c1"] * 2,
            "source": ["A"] * 10 + ["B", "B", "C", "C"] * 2,
            "topic": [1] * 5 + [2] * 5 + [1] * 4 + [2] * 4,
            "share": shares[:5] + [1 - v for v in shares[:5]] + [0.3, 0.8, 0.5, 0.5] + [0.7, 0.2, 0.5, 0.5],
        }
    )
    alone = tables.source_shares(doc_table[doc_table["source"] == "A"], k=2, n_boot=200, random_state=11)
    together = tables.source_shares(doc_table, k=2, n_boot=200, random_state=11)
    pd.testing.assert_frame_equal(together[together["source"] == "A"].reset_index(drop=True), alone)
    assert alone["ci_low"].iloc[0] < alone["share"].iloc[0] < alone["ci_high"].iloc[0]  # an interval, not a point
    moved = tables.source_shares(doc_table, k=2, n_boot=200, random_state=12)
    assert not moved[moved["source"] == "A"].reset_index(drop=True).equals(alone)  # the seed does matter


def test_counting_on_dask_gives_the_vocabulary_and_counts_of_counting_here(monkeypatch):
    pytest.importorskip("dask.distributed")
    from helpers import corpus
    from helpers.engine import Engine
    from helpers.paths import DATA_DIR
    from helpers.topics import vocabulary

    monkeypatch.setattr(vocabulary, "_CHUNK_DOCS", 7)  # several batches, several partitions
    texts = corpus.load_corpus(DATA_DIR / "seed").paragraphs["text"].tolist()
    assert len(texts) > 30
    here_vocabulary, here_counts = topics.Vocabulary.fit_transform(texts)
    dask_vocabulary, dask_counts = topics.Vocabulary.fit_transform(texts, engine=Engine(kind="dask", workers=1))
    assert here_vocabulary.terms.tolist() == dask_vocabulary.terms.tolist() and len(here_vocabulary) > 50
    assert here_vocabulary.df.tolist() == dask_vocabulary.df.tolist()
    assert (here_counts != dask_counts).nnz == 0 and here_counts.sum() > 500


def test_topic_fits_use_one_blas_thread_whatever_the_process_allows(monkeypatch):
    from threadpoolctl import threadpool_info, threadpool_limits

    from helpers.topics import model as topic_model

    seen = []
    original = topic_model._fit_matrix

    def recording(*args, **kwargs):
        seen.extend(pool["num_threads"] for pool in threadpool_info() if pool["user_api"] == "blas")
        return original(*args, **kwargs)

    monkeypatch.setattr(topic_model, "_fit_matrix", recording)
    texts = ["army border talks", "army border attack", "trade tariff deal", "trade tariff talks"] * 5
    units = pd.DataFrame(
        {"unit_id": [f"u{i}" for i in range(20)], "doc_id": [f"d{i}" for i in range(20)], "words": 3, "text": texts}
    )
    with threadpool_limits(limits=2, user_api="blas"):
        topics.fit(units, topics.TopicSettings(k=2, resamples=1, terms=topics.TermSettings(min_df=1, bigrams=False)))
    assert seen and set(seen) == {1}


def test_counting_and_fitting_in_worker_processes_gives_the_model_of_one_process(monkeypatch):
    from helpers import corpus
    from helpers.engine import Engine
    from helpers.paths import DATA_DIR
    from helpers.topics import vocabulary

    monkeypatch.setattr(vocabulary, "_CHUNK_DOCS", 7)  # several batches: forked workers count them
    texts = corpus.load_corpus(DATA_DIR / "seed").paragraphs["text"].tolist()
    units = pd.DataFrame(
        {"unit_id": [f"u{i}" for i in range(len(texts))], "doc_id": [f"d{i}" for i in range(len(texts))],
         "words": [len(text.split()) for text in texts], "text": texts}
    )  # fmt: skip
    settings = topics.TopicSettings(k=3, resamples=4, terms=topics.TermSettings(min_df=2))
    here = topics.fit(units, settings)
    forked = topics.fit(units, settings, engine=Engine(workers=2))
    assert (
        forked.vocabulary.terms.tolist() == here.vocabulary.terms.tolist() and (forked.counts != here.counts).nnz == 0
    )
    assert np.array_equal(forked.weights, here.weights) and forked.terms == here.terms
    assert forked.selection.equals(here.selection) and np.array_equal(forked.stability, here.stability, equal_nan=True)


def test_fixing_the_shared_ticks_of_the_chart_over_time_changes_nothing_drawn(monkeypatch):
    import io

    from helpers.topics import plots

    rows = [
        {"period": f"{year}-01-01", "topic": topic, "share": 0.5 + 1e-7 * (topic + year % 3), "ci_low": 0.5,
         "ci_high": 0.5 + 1e-6, "documents": 5}
        for topic in (1, 2, 3, 4) for year in range(2010, 2016)
    ]  # fmt: skip
    periods = pd.DataFrame(rows)
    periods.attrs["freq"] = "year"
    labels = pd.DataFrame({"topic": [1, 2, 3, 4], "label": ["a", "b", "c", "d"]})

    def drawn() -> bytes:
        figure = plots.plot_time(periods, labels)
        buffer = io.BytesIO()
        figure.savefig(buffer, format="png", bbox_inches="tight")
        return buffer.getvalue()

    fixed = drawn()
    monkeypatch.setattr(plots, "_fix_ticks", lambda axis: None)
    assert fixed == drawn()  # the same dates, shares and offset ("+5e−1") on every panel


def test_a_fitted_model_is_kept_in_the_cache_and_read_back_for_the_same_units_and_settings(tmp_path, monkeypatch):
    from helpers.topics import model as model_module

    settings = topics.TopicSettings(k=3, resamples=2, terms=WORDS)
    first = topics.fit(_units(), settings, cache_dir=tmp_path)
    fitted = model_module._fit

    def no_refit(*args, **kwargs):
        raise AssertionError("refitted although the model was kept")

    monkeypatch.setattr(model_module, "_fit", no_refit)
    again = topics.fit(_units(), settings, cache_dir=tmp_path)
    assert again.units is not None and again.units["unit_id"].tolist() == _units()["unit_id"].tolist()
    np.testing.assert_array_equal(again.weights, first.weights)
    assert again.terms == first.terms and again.k == 3
    # Another setting or other texts are another model.
    monkeypatch.setattr(model_module, "_fit", fitted)
    other = topics.fit(_units(), topics.TopicSettings(k=2, resamples=2, terms=WORDS), cache_dir=tmp_path)
    assert other.k == 2
    changed = _units()
    changed.loc[0, "text"] += " extra"
    monkeypatch.setattr(model_module, "_fit", no_refit)
    with pytest.raises(AssertionError, match="refitted"):
        topics.fit(changed, settings, cache_dir=tmp_path)
