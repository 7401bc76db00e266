"""Split cleaned documents into paragraphs and sentences with stable ids and offsets.

Ids are built from the document id and positions, so the same text always gives the same ids:
``<doc_id>/p3`` is the fourth paragraph (counting from 0) and ``<doc_id>/s12`` the thirteenth
sentence of the document. ``start`` and ``end`` are character offsets into the cleaned document text
(``docs.text``), so ``text[start:end]`` gives the sentence back.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import regex

# Abbreviations after which a full stop does not end a sentence.
_ABBREVIATIONS = (
    "mr", "mrs", "ms", "dr", "prof", "gen", "lt", "col", "maj", "capt", "cmdr", "adm", "sgt", "brig",
    "sen", "rep", "gov", "pres", "amb", "rev", "st", "jr", "sr", "inc", "co", "corp", "ltd", "no",
    "vs", "etc", "approx", "dept", "est", "fig", "jan", "feb", "mar", "apr", "jun", "jul", "aug",
    "sep", "sept", "oct", "nov", "dec", "e.g", "i.e", "a.m", "p.m", "mt", "ft",
)  # fmt: skip
# Initialisms that end a sentence only when an ordinary sentence opener follows them.
_INITIALISMS = ("u.s", "u.k", "u.n", "e.u", "u.a.e", "d.c", "u.s.a", "n.y")
_OPENERS = (
    "A", "An", "The", "In", "On", "At", "This", "That", "These", "Those", "He", "She", "It", "They",
    "We", "I", "But", "And", "However", "Meanwhile", "Yet", "So", "As", "For", "While", "Since",
    "After", "Before", "When", "There", "His", "Her", "Its", "Their", "Our", "If", "What", "Why",
    "How", "Some", "Many", "Both", "Such", "According", "Last", "Earlier", "Later", "Still",
)  # fmt: skip


def _alternation(words) -> str:
    return "|".join(regex.escape(word) for word in sorted(words, key=len, reverse=True))


# One pattern, run by the regex module in C: a terminator followed by space and a capital or
# digit, not after an abbreviation or a single capital initial, and not after an initialism
# such as "U.S." unless an ordinary sentence opener follows.
_BOUNDARY = regex.compile(
    rf"""
    (?<![\s"'“‘(\[]\L<abbreviations>|^\L<abbreviations>)
    (?<!(?:^|[\s"'“‘(\[])(?-i:[A-Z]))
    (?:
        (?<![\s"'“‘(\[]\L<initialisms>|^\L<initialisms>)
        | (?=[.!?…]+["'”’)\]]*\s+["'“‘(\[]?(?-i:{_alternation(_OPENERS)})\b)
    )
    (?:
        (?P<end>[.!?…]+["'”’)\]]*)\s+(?=["'“‘(\[]?(?-i:[A-Z0-9]))
        # Scraped text often loses the space: "elaborate.Outraged" after a lower-case word.
        | (?<=(?-i:[a-z]{{2}}))(?P<end>[.!?]["”’]?)(?=(?-i:[A-Z][a-z]))
    )
    """,
    regex.VERBOSE | regex.IGNORECASE,
    abbreviations=list(_ABBREVIATIONS),
    initialisms=list(_INITIALISMS),
)
# Searching a paragraph with _BOUNDARY tries its look-behinds at every character. A boundary
# starts where _CANDIDATE matches, whatever comes before: a terminator followed by more
# terminators, closing quotes or brackets, then space and a capital or digit; or, with no space, by
# a capital and a lower-case letter. So _BOUNDARY is tried only there, with the same result.
# (Written to open with one character class, which the search skips to quickly.)
_CANDIDATE = re.compile(r"""[.!?…](?:[.!?…]*["'”’)\]]*\s+["'“‘(\[]?[A-Z0-9]|(?<=[.!?])["”’]?[A-Z][a-z])""")
_END = _BOUNDARY.groupindex["end"]


def split_sentences(paragraph: str) -> list[tuple[int, int]]:
    """Return ``(start, end)`` character spans of the sentences in one paragraph.

    A boundary is a full stop, question or exclamation mark followed by space and a capital
    or digit, except after a title or other abbreviation ("Gen.", "Mr.", "Jan."), a single
    capital initial ("A."), and after an initialism such as "U.S." unless an ordinary sentence
    opener ("In", "The", "He" …) follows. A full stop with no space after it ends a sentence
    only between a lower-case word and a capitalised one ("elaborate.Outraged"), as scraped
    text often drops the space.
    """
    spans = []
    start = position = 0
    while (candidate := _CANDIDATE.search(paragraph, position)) is not None:
        match = _BOUNDARY.match(paragraph, candidate.start())
        if match is None:
            position = candidate.start() + 1
            continue
        spans.append((start, match.end(_END)))
        start = position = match.end()
    end = len(paragraph.rstrip())
    if end > start:
        spans.append((start, end))
    return spans


def segment(docs: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Split every document's cleaned text into paragraphs and sentences.

    Args:
        docs: one row per document with ``doc_id`` and cleaned ``text`` (paragraphs separated
            by a blank line).

    Returns:
        ``(paragraphs, sentences)``. ``paragraphs`` has doc_id, paragraph_id, paragraph (0-based
        position), start, end, words, text. ``sentences`` has doc_id, paragraph_id, sentence_id,
        paragraph, sentence (0-based position in the document), start, end, text.
    """
    doc_ids, texts = docs["doc_id"].tolist(), docs["text"].tolist()
    # The paragraphs of all documents, then the sentences of all paragraphs, in order: only the
    # splitting runs per paragraph; positions, offsets and ids are computed on whole columns.
    paragraph_texts: list[str] = []
    paragraphs_per_doc = np.empty(len(texts), dtype=np.int64)
    for number, text in enumerate(texts):
        parts = text.split("\n\n")
        paragraph_texts.extend(parts)
        paragraphs_per_doc[number] = len(parts)
    spans: list[tuple[int, int]] = []
    sentence_texts: list[str] = []
    sentences_per_paragraph = np.empty(len(paragraph_texts), dtype=np.int64)
    for number, paragraph in enumerate(paragraph_texts):
        found = split_sentences(paragraph)
        spans.extend(found)
        sentence_texts.extend([paragraph[start:end] for start, end in found])
        sentences_per_paragraph[number] = len(found)
    if not paragraph_texts or not spans:
        return _segment_rows(doc_ids, texts)

    lengths = np.fromiter(map(len, paragraph_texts), dtype=np.int64, count=len(paragraph_texts))
    paragraph_doc = np.repeat(np.arange(len(texts)), paragraphs_per_doc)
    first_paragraph = np.cumsum(paragraphs_per_doc) - paragraphs_per_doc
    paragraph_number = np.arange(len(paragraph_texts)) - first_paragraph[paragraph_doc]
    steps = np.cumsum(lengths + 2) - (lengths + 2)  # each paragraph is followed by a blank line
    paragraph_start = steps - steps[first_paragraph][paragraph_doc]
    ids = pa.array(doc_ids, type=pa.large_string())
    paragraph_ids = _ids(ids.take(paragraph_doc), paragraph_number, "/p")
    paragraphs = pd.DataFrame(
        {
            "doc_id": _text(ids.take(paragraph_doc)),
            "paragraph_id": _text(paragraph_ids),
            "paragraph": paragraph_number,
            "start": paragraph_start,
            "end": paragraph_start + lengths,
            "words": [count_words(text) for text in paragraph_texts],
            "text": paragraph_texts,
        }
    )

    bounds = np.array(spans, dtype=np.int64).reshape(-1, 2)
    sentence_paragraph = np.repeat(np.arange(len(paragraph_texts)), sentences_per_paragraph)
    sentence_doc = paragraph_doc[sentence_paragraph]
    sentences_per_doc = np.bincount(sentence_doc, minlength=len(texts))
    first_sentence = np.cumsum(sentences_per_doc) - sentences_per_doc
    sentence_number = np.arange(len(spans)) - first_sentence[sentence_doc]
    offset = paragraph_start[sentence_paragraph]
    sentences = pd.DataFrame(
        {
            "doc_id": _text(ids.take(sentence_doc)),
            "paragraph_id": _text(paragraph_ids.take(sentence_paragraph)),
            "sentence_id": _text(_ids(ids.take(sentence_doc), sentence_number, "/s")),
            "paragraph": paragraph_number[sentence_paragraph],
            "sentence": sentence_number,
            "start": offset + bounds[:, 0],
            "end": offset + bounds[:, 1],
            "text": sentence_texts,
        }
    )
    return paragraphs, sentences


def _ids(doc_ids: pa.Array, numbers: np.ndarray, infix: str) -> pa.Array:
    """``<doc_id><infix><number>`` for each pair, as ``f"{doc_id}{infix}{number}"`` writes it."""
    numbers = pc.cast(pa.array(numbers), pa.large_string())
    return pc.binary_join_element_wise(doc_ids, numbers, pa.scalar(infix, pa.large_string()))


def _text(values: pa.Array) -> pd.api.extensions.ExtensionArray:
    """An Arrow string array as pandas' text column, the same as one built from Python strings."""
    return pd.array(values, dtype="str")


def _segment_rows(doc_ids: list[str], texts: list[str]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """:func:`segment` row by row: for no documents or no sentences, where the columns of empty
    lists keep the types they have always had."""
    paragraph_rows: dict[str, list] = {
        key: [] for key in ("doc_id", "paragraph_id", "paragraph", "start", "end", "text")
    }
    sentence_rows: dict[str, list] = {
        key: [] for key in ("doc_id", "paragraph_id", "sentence_id", "paragraph", "sentence", "start", "end", "text")
    }
    for doc_id, text in zip(doc_ids, texts):
        offset = 0
        sentence_number = 0
        for number, paragraph in enumerate(text.split("\n\n")):
            paragraph_id = f"{doc_id}/p{number}"
            _extend(paragraph_rows, doc_id, paragraph_id, number, offset, offset + len(paragraph), paragraph)
            for start, end in split_sentences(paragraph):
                sentence_rows["doc_id"].append(doc_id)
                sentence_rows["paragraph_id"].append(paragraph_id)
                sentence_rows["sentence_id"].append(f"{doc_id}/s{sentence_number}")
                sentence_rows["paragraph"].append(number)
                sentence_rows["sentence"].append(sentence_number)
                sentence_rows["start"].append(offset + start)
                sentence_rows["end"].append(offset + end)
                sentence_rows["text"].append(paragraph[start:end])
                sentence_number += 1
            offset += len(paragraph) + 2
    paragraphs = pd.DataFrame(paragraph_rows)
    paragraphs.insert(5, "words", [count_words(text) for text in paragraph_rows["text"]])
    return paragraphs, pd.DataFrame(sentence_rows)


def count_words(text: str) -> int:
    """Words in cleaned text, whose whitespace the cleaner has folded to single spaces and blank lines."""
    return text.count(" ") + text.count("\n\n") + 1 if text else 0


def _extend(rows: dict[str, list], *values) -> None:
    for key, value in zip(rows, values):
        rows[key].append(value)
