"""Split cleaned documents into paragraphs and sentences with stable ids and offsets.

Ids are built from the document id and positions, so the same text always gives the same ids:
``<doc_id>/p3`` is the fourth paragraph (counting from 0) and ``<doc_id>/s12`` the thirteenth
sentence of the document. ``start`` and ``end`` are character offsets into the cleaned document text
(``docs.text``), so ``text[start:end]`` gives the sentence back.
"""

from __future__ import annotations

import pandas as pd
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
    start = 0
    for match in _BOUNDARY.finditer(paragraph):
        spans.append((start, match.end("end")))
        start = match.end()
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
    paragraph_rows: dict[str, list] = {
        key: [] for key in ("doc_id", "paragraph_id", "paragraph", "start", "end", "text")
    }
    sentence_rows: dict[str, list] = {
        key: [] for key in ("doc_id", "paragraph_id", "sentence_id", "paragraph", "sentence", "start", "end", "text")
    }
    for doc_id, text in zip(docs["doc_id"], docs["text"]):
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
