"""Sentence and paragraph splitting, ids and offsets."""

from __future__ import annotations

import pandas as pd
import pytest

from helpers.corpus.segment import segment, split_sentences


def sentences(text: str) -> list[str]:
    return [text[start:end] for start, end in split_sentences(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("One. Two! Three? Four", ["One.", "Two!", "Three?", "Four"]),
        ("Gen. Munir met Mr. Smith. They talked.", ["Gen. Munir met Mr. Smith.", "They talked."]),
        ("He met U.S. President Trump. It went well.", ["He met U.S. President Trump.", "It went well."]),
        ("Ties with the U.S. In a statement, he agreed.", ["Ties with the U.S.", "In a statement, he agreed."]),
        ("It cost 2.5 billion. Then more.", ["It cost 2.5 billion.", "Then more."]),
        ("“We agree.” Then he left.", ["“We agree.”", "Then he left."]),
        ("Talks began in Jan. 2024 in Doha.", ["Talks began in Jan. 2024 in Doha."]),
        ("Jalil A. Jilani spoke. West left.", ["Jalil A. Jilani spoke.", "West left."]),
        ("He did not elaborate.Outraged, she left.", ["He did not elaborate.", "Outraged, she left."]),
        ("See Fox.com and U.S.Army or Mr.Smith today.", ["See Fox.com and U.S.Army or Mr.Smith today."]),
    ],
)
def test_split_sentences(text, expected):
    assert sentences(text) == expected


def test_segment_ids_offsets_and_counts():
    docs = pd.DataFrame({"doc_id": ["d1", "d2"], "text": ["A b. C d.\n\nE f.", "G."]})
    paragraphs, sents = segment(docs)
    assert paragraphs["paragraph_id"].tolist() == ["d1/p0", "d1/p1", "d2/p0"]
    assert paragraphs["words"].tolist() == [4, 2, 1]
    assert sents["sentence_id"].tolist() == ["d1/s0", "d1/s1", "d1/s2", "d2/s0"]
    assert sents["paragraph_id"].tolist() == ["d1/p0", "d1/p0", "d1/p1", "d2/p0"]
    texts = dict(zip(docs["doc_id"], docs["text"]))
    for row in sents.itertuples():
        assert texts[row.doc_id][row.start : row.end] == row.text
    for row in paragraphs.itertuples():
        assert texts[row.doc_id][row.start : row.end] == row.text


def test_segment_is_stable_across_calls():
    docs = pd.DataFrame({"doc_id": ["x"], "text": ["One here. Two there.\n\nThree."]})
    first, second = segment(docs), segment(docs)
    pd.testing.assert_frame_equal(first[1], second[1])
