"""Names the gazetteer does not know yet: capitalised sequences and title patterns, as suggestions.

A candidate is a run of capitalised words (with particles such as "bin", "al", "ul", "of"),
optionally after a known title ("Ambassador Masood Khan"), or an all-capitals acronym, that does
not overlap a mention the gazetteer already resolved. Sentence-initial single words and common
capitalised function words are skipped. Each candidate comes with counts, an example sentence
and a line of YAML to paste into a gazetteer file (check the type before using it).
"""

from __future__ import annotations

import bisect
import itertools
import json
import re
from functools import partial

import pandas as pd
import regex

from helpers.actors.gazetteer import Gazetteer, fold
from helpers.actors.mentions import STOP_CAPS, matcher_for, strings
from helpers.engine import Engine, document_starts, map_documents
from helpers.patterns import prefix_tree

LOWER_WORDS_SLICE = 100_000  # texts split at once when collecting lower-case words
COLUMNS = ["candidate", "type_guess", "count", "documents", "sources", "title_seen", "example", "doc_id", "yaml"]
_SPEECH_AFTER = regex.compile(r"^[’']?s?\s*,?\s+(?:said|says|told|added|noted|wrote|argued|explained)\b")
_PARTICLES = r"(?:bin|bint|al|el|de|da|di|du|van|von|der|den|ul|e|of|the|and|for|on|la|le)"
_WORD = r"[A-Z][\w’'\-]*[\w]"
_CONTRACTION = regex.compile(r"^(?:I|We|You|They|He|She|It|That|There|What|Let)['’]")
_LOWER = regex.compile(r"(?<![\w’'\-])[a-z][a-z’'\-]*[a-z]")


def candidate_pattern(gazetteer: Gazetteer) -> regex.Pattern:
    titles = sorted({t for t in gazetteer.titles}, key=len, reverse=True)
    title_alt = "|".join(regex.escape(t) for t in titles)
    # Any capital starts a word here ("Ömer Çelik"): this pattern reads the sentences that are not ASCII.
    word = r"\p{Lu}[\w’'\-]*[\w]"
    name = rf"{word}(?:\s+(?:(?:of|for)\s+the\s+|{_PARTICLES}\s+|\p{{Lu}}\.\s+)?{word}){{0,9}}"
    return regex.compile(rf"(?<![\w])(?:(?P<title>{title_alt})\s+)?(?P<name>{name}|[A-Z]{{2,6}}s?)(?![\w])")


def _title_tree(titles: list[str]) -> str:
    """The titles as one prefix-tree alternation; at any position the longest title is tried first,
    as in a flat alternation sorted longest first."""
    return prefix_tree([re.escape(char) for char in title] for title in titles)


def fast_candidate_pattern(gazetteer: Gazetteer) -> re.Pattern:
    """The candidate pattern for ``re``, which scans several times faster than ``regex``.

    It gives the same matches as :func:`candidate_pattern` on text of ASCII and common
    typographic punctuation (see :data:`UNSAFE`), where the two engines agree on ``\\w`` and ``\\s``.
    """
    titles = sorted(set(gazetteer.titles))
    name = rf"{_WORD}(?:\s+(?:(?:of|for)\s+the\s+|{_PARTICLES}\s+|[A-Z]\.\s+)?{_WORD}){{0,9}}"
    body = rf"(?<![\w])(?:(?P<title>{_title_tree(titles)})\s+)?(?P<name>{name}|[A-Z]{{2,6}}s?)(?![\w])"
    # Every match starts with a capital when every title does: a lookahead lets the scan skip ahead.
    lead = "(?=[A-Z])" if all("A" <= title[:1] <= "Z" for title in titles) else ""
    return re.compile(lead + body)


# Characters outside these make ``re`` and ``regex`` disagree (``\\w``, ``\\s``); such sentences are
# scanned with ``regex``. The NUL that joins sentences for one scan is outside them too.
UNSAFE = re.compile(r"[^\t\n\x0b\x0c\r\x20-\x7e’‘“”—–…]")
_LOWER_FAST = re.compile(_LOWER.pattern)


class Twin:
    """A pattern compiled for both engines: ``re`` (several times faster) for text without
    :data:`UNSAFE` characters, ``regex`` for the rest; the matches are the same either way."""

    __slots__ = ("fast", "slow")

    def __init__(self, pattern: str):
        self.slow = regex.compile(pattern)
        self.fast = re.compile(pattern)

    def match(self, text: str):
        return (self.slow if UNSAFE.search(text) else self.fast).match(text)

    def search(self, text: str):
        return (self.slow if UNSAFE.search(text) else self.fast).search(text)


ORG_WORDS = Twin(
    r"\b(?:Institute|Council|Party|Ministry|Department|University|Center|Centre|Committee|Agency|Bank|Fund|"
    r"Organization|Organisation|Association|Corporation|Group|Times|News|Post|Foundation|Commission|Court|"
    r"Office|Program|Programme|Forum|League|Movement|Army|Force|Forces|Command|Service|Services|Company|Inc|"
    r"Ltd|Board|Authority|Union|Network|Press|Journal|Tribune|Herald|School|College|Academy|Hospital|Church|"
    r"Club|Society|Museum|Library|Bureau|Administration|Parliament|Assembly|Chamber)\b"
)
_PARTICLE = regex.compile(_PARTICLES)
_DEMONYM_COMPOUND = regex.compile(r"^(?:\p{Lu}\p{Ll}+(?:an|ese|ish|ic|i|ch)-)+\p{Lu}\p{Ll}+(?:an|ese|ish|ic|i|ch)$")
ADJECTIVE_COMPOUND = regex.compile(r"-(?:based|led|backed|born|owned|run|funded|allied|aligned|controlled|held)$")


def _scan(texts: list[str], fast: re.Pattern, slow) -> list[tuple[int, object, int]]:
    """(sentence number, match, offset of the sentence in the match's string) for every match of
    the pattern in every text, in text order: safe texts joined by NUL and scanned at once with
    ``fast`` (``re``), the others one by one with ``slow`` (``regex``)."""
    safe, found = [], []
    for number, text in enumerate(texts):
        if UNSAFE.search(text):
            found.extend((number, match, 0) for match in slow.finditer(text))
        else:
            safe.append(number)
    if safe:
        offsets, at = [], 0
        for number in safe:
            offsets.append(at)
            at += len(texts[number]) + 1
        joined = "\x00".join(texts[number] for number in safe)
        for match in fast.finditer(joined):
            where = bisect.bisect_right(offsets, match.start()) - 1
            found.append((safe[where], match, offsets[where]))
        found.sort(key=lambda item: item[0])  # stable: matches stay in text order
    return found


def _lower_words(texts: list[str]) -> set[str]:
    """Words written in lower case anywhere in ``texts`` (as :data:`_LOWER` finds them)."""
    words: set[str] = set()
    safe = []
    for text in texts:
        if UNSAFE.search(text):
            words.update(_LOWER.findall(text))
        else:
            safe.append(text)
    words.update(_LOWER_FAST.findall("\x00".join(safe)))
    return words


def lower_words(texts: pd.Series) -> set[str]:
    """Words written in lower case anywhere in ``texts`` (as :data:`_LOWER` finds them).

    The same set as :func:`_lower_words` on the whole texts, several times faster: a match never
    crosses white space and white space satisfies its lookbehind, so the texts are cut at white
    space (in C++, by pyarrow), each distinct piece is scanned once, and the pieces' words are
    pooled.
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    array = pa.array(texts, from_pandas=True)  # Arrow-backed strings convert without a copy
    words: set[str] = set()
    seen: set[str] = set()
    # A slice of texts at a time: all pieces of 1.7M sentences at once took 0.8 GB.
    for start in range(0, len(array), LOWER_WORDS_SLICE):
        pieces = pc.unique(pc.list_flatten(pc.utf8_split_whitespace(array.slice(start, LOWER_WORDS_SLICE))))
        for piece in pieces.to_pylist():
            if piece not in seen:
                seen.add(piece)
                words.update((_LOWER if UNSAFE.search(piece) else _LOWER_FAST).findall(piece))
    return words


def candidates_of_partition(
    parts: dict[str, pd.DataFrame], gazetteer: Gazetteer, lower_words: set[str]
) -> dict[str, dict]:
    """Candidate names in one partition of whole documents (see :func:`helpers.engine.map_documents`),
    with their counts so far.

    ``parts`` holds the documents' ``docs`` (doc_id, source), ``sentences`` (in order, with text)
    and ``mentions`` (by start; only their spans matter).
    """
    pattern = candidate_pattern(gazetteer)
    fast = fast_candidate_pattern(gazetteer)
    matcher = matcher_for(gazetteer)
    demonyms = {word for actor in gazetteer.actors.values() for word in actor.demonyms}
    known = demonyms | {d + "s" for d in demonyms} | set(gazetteer.titles) | STOP_CAPS
    phrases = set(matcher.index) | set(matcher.flex)
    found: dict[str, dict] = {}
    verdicts: dict[tuple[str, bool], tuple[int, str] | None] = {}
    docs, sentences, mentions = parts["docs"], parts["sentences"], parts["mentions"]
    doc_ids = docs["doc_id"].to_numpy(dtype=object)
    all_sources = strings(docs["source"])
    s_bounds = document_starts(doc_ids, sentences).tolist()
    m_bounds = document_starts(doc_ids, mentions).tolist()
    all_texts = strings(sentences["text"])
    all_bases = sentences["start"].to_numpy()
    m_starts, m_ends = mentions["start"].to_numpy(), mentions["end"].to_numpy()
    for position, doc_id in enumerate(doc_ids):
        first, split = s_bounds[position], s_bounds[position + 1]
        if first == split:
            continue
        source = all_sources[position]
        m_first, m_last = m_bounds[position], m_bounds[position + 1]
        starts = m_starts[m_first:m_last].tolist()
        reach = list(itertools.accumulate(m_ends[m_first:m_last].tolist(), max))
        texts = all_texts[first:split].tolist()
        bases = all_bases[first:split].tolist()
        for number, match, offset in _scan(texts, fast, pattern):
            text, base = texts[number], bases[number]
            start = match.start("name") - offset
            key = (match.group("name"), start == 0)
            verdict = verdicts.get(key, _UNSEEN)
            if verdict is _UNSEEN:
                verdict = verdicts[key] = name_of(*key, lower_words, known, phrases)
            if verdict is None:
                continue
            shift, name = verdict
            name_start = base + start + shift
            name_end = name_start + len(name)
            # Skip names inside a mention: spans sorted by start, with the running maximum of ends.
            covering = bisect.bisect_left(starts, name_end)
            if covering and reach[covering - 1] > name_start:
                continue
            title = match.group("title") or ""
            entry = found.get(name)
            if entry is None:
                entry = found[name] = {
                    "count": 0,
                    "docs": set(),
                    "sources": set(),
                    "title": "",
                    "speech": False,
                    "example": text,
                    "doc_id": doc_id,
                }
            entry["count"] += 1
            entry["docs"].add(doc_id)
            entry["sources"].add(source)
            entry["title"] = entry["title"] or title
            entry["speech"] = entry["speech"] or bool(_SPEECH_AFTER.match(text[match.end("name") - offset :]))
    return found


_UNSEEN = object()


def name_of(
    matched: str, at_start: bool, lower_words: set[str], known: set[str], phrases: set[str]
) -> tuple[int, str] | None:
    """(characters dropped from the front, candidate name) for a matched run of capitalised words,
    or None when it is no candidate: function words, particles, sentence-initial ordinary words
    and known words come off the front, and adjectives such as "London-based" or "Democratic-led";
    particles and function words come off the end."""
    start = 0 if at_start else 1  # only whether the match starts its sentence matters
    shift = 0
    words = matched.split()
    while words and (
        words[0] in STOP_CAPS
        or _PARTICLE.fullmatch(words[0])
        or (start + shift == 0 and (words[0].lower() in lower_words or words[0].endswith(("ing", "ly"))))
        or (words[0] in known and words[1:2] != ["of"])  # "Secretary of State for …" is an office
        or ("-" in words[0] and _DEMONYM_COMPOUND.match(words[0]))  # "French-Tunisian", "Pakistani-American"
        or ADJECTIVE_COMPOUND.search(words[0])
    ):
        shift += len(words[0]) + 1
        words = words[1:]
    while words and (_PARTICLE.fullmatch(words[-1]) or words[-1] in STOP_CAPS):
        words = words[:-1]
    if not words or _CONTRACTION.match(words[0]):
        return None
    name = " ".join(words).removesuffix("’s").removesuffix("'s")
    if fold(name) in phrases:
        return None
    single = len(words) == 1
    if single and (name in known or start + shift == 0 or len(name) < 3 or name.lower() in lower_words):
        return None
    return shift, name


def suggest_actors(
    sentences: pd.DataFrame,
    mentions: pd.DataFrame,
    docs: pd.DataFrame,
    gazetteer: Gazetteer,
    min_count: int = 2,
    engine: Engine | None = None,
) -> pd.DataFrame:
    """Capitalised names and title patterns the gazetteer does not cover, most frequent first.

    Args:
        sentences: the loader's sentences.
        mentions: the resolved mentions (their spans are skipped).
        docs: documents (doc_id, source).
        gazetteer: the gazetteer in use (its titles mark person names).
        min_count: leave out candidates seen fewer times.
        engine: where to run (:class:`helpers.engine.Engine`), partition by partition of whole
            documents; None runs in this process.

    Returns:
        candidate, type_guess (person / organisation / unknown), count, documents, sources,
        title_seen (a title that stood before it, if any), example (the first sentence),
        doc_id (of the example), yaml (a line to paste under ``actors:``, indented as it
        should be there; it starts with spaces so no spreadsheet reads it as a formula).
    """
    # A capitalised word that also occurs in lower case is an ordinary word at a sentence start or in
    # a headline ("Reset", "Military"), not a name: this needs the words of the whole corpus first.
    lowered = lower_words(sentences["text"])
    scan = partial(candidates_of_partition, gazetteer=gazetteer, lower_words=lowered)
    frames = {
        "docs": docs.drop_duplicates("doc_id")[["doc_id", "source"]],
        "sentences": sentences[["doc_id", "start", "text"]],
        "mentions": mentions[["doc_id", "start", "end"]],
    }
    order = pd.unique(sentences["doc_id"].to_numpy())
    found: dict[str, dict] = {}
    for part in map_documents(scan, frames, order, engine, "name candidates", within={"mentions": "start"}):
        for name, seen in part.items():
            entry = found.get(name)
            if entry is None:
                found[name] = seen
                continue
            entry["count"] += seen["count"]
            entry["docs"] |= seen["docs"]
            entry["sources"] |= seen["sources"]
            entry["title"] = entry["title"] or seen["title"]
            entry["speech"] = entry["speech"] or seen["speech"]
    rows = []
    for name, entry in found.items():
        if entry["count"] < min_count:
            continue
        if ORG_WORDS.search(name) or (name.isupper() and len(name) <= 7):
            guess = "organisation"
        elif entry["title"] or (entry["speech"] and len(name.split()) >= 2):
            guess = "person"
        else:
            guess = "unknown"
        yaml_type = guess if guess != "unknown" else "organisation"
        comment = "  # check the type" if guess == "unknown" else ""
        rows.append(
            {
                "candidate": name,
                "type_guess": guess,
                "count": entry["count"],
                "documents": len(entry["docs"]),
                "sources": len(entry["sources"]),
                "title_seen": entry["title"],
                "example": entry["example"],
                "doc_id": entry["doc_id"],
                "yaml": f"  - {{name: {json.dumps(name, ensure_ascii=False)}, type: {yaml_type}}}{comment}",
            }
        )
    table = pd.DataFrame(rows, columns=COLUMNS)
    return table.sort_values(["count", "documents", "candidate"], ascending=[False, False, True], ignore_index=True)
