"""Names the gazetteer does not know yet: capitalised sequences and title patterns, as suggestions.

A candidate is a run of capitalised words (with particles such as "bin", "al", "ul", "of"),
optionally after a known title ("Ambassador Masood Khan"), or an all-capitals acronym, that does
not overlap a mention the gazetteer already resolved. Sentence-initial single words and common
capitalised function words are skipped. Each candidate comes with counts, an example sentence
and a line of YAML to paste into a gazetteer file (check the type before using it).
"""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import regex

from helpers.gazetteer import Gazetteer
from helpers.mentions import STOP_CAPS

COLUMNS = ["candidate", "type_guess", "count", "documents", "sources", "title_seen", "example", "doc_id", "yaml"]
_ORG_WORDS = regex.compile(
    r"\b(?:Institute|Council|Party|Ministry|Department|University|Center|Centre|Committee|Agency|Bank|Fund|"
    r"Organization|Organisation|Association|Corporation|Group|Times|News|Post|Foundation|Commission|Court|"
    r"Office|Program|Programme|Forum|League|Movement|Army|Force|Forces|Command|Service|Services|Company|Inc|"
    r"Ltd|Board|Authority|Union|Network|Press|Journal|Tribune|Herald)\b"
)
_SPEECH_AFTER = regex.compile(r"^[’']?s?\s*,?\s+(?:said|says|told|added|noted|wrote|argued|explained)\b")
_PARTICLES = r"(?:bin|bint|al|el|de|da|di|du|van|von|der|den|ul|e|of|the|and|for|on|la|le)"
_WORD = r"[A-Z][\w’'\-]*[\w]"
_CONTRACTION = regex.compile(r"^(?:I|We|You|They|He|She|It|That|There|What|Let)['’]")
_LOWER = regex.compile(r"(?<![\w’'\-])[a-z][a-z’'\-]*[a-z]")


def _candidate_pattern(gazetteer: Gazetteer) -> regex.Pattern:
    titles = sorted({t for t in gazetteer.titles}, key=len, reverse=True)
    title_alt = "|".join(regex.escape(t) for t in titles)
    name = rf"{_WORD}(?:\s+(?:{_PARTICLES}\s+)?{_WORD}){{0,4}}"
    return regex.compile(rf"(?<![\w])(?:(?P<title>{title_alt})\s+)?(?P<name>{name}|[A-Z]{{2,6}}s?)(?![\w])")


def suggest_actors(
    sentences: pd.DataFrame, mentions: pd.DataFrame, docs: pd.DataFrame, gazetteer: Gazetteer, min_count: int = 2
) -> pd.DataFrame:
    """Capitalised names and title patterns the gazetteer does not cover, most frequent first.

    Args:
        sentences: the loader's sentences.
        mentions: the resolved mentions (their spans are skipped).
        docs: documents (doc_id, source).
        gazetteer: the gazetteer in use (its titles mark person names).
        min_count: leave out candidates seen fewer times.

    Returns:
        candidate, type_guess (person / organisation / unknown), count, documents, sources,
        title_seen (a title that stood before it, if any), example (the first sentence),
        doc_id (of the example), yaml (a line to paste under ``actors:``, indented as it
        should be there; it starts with spaces so no spreadsheet reads it as a formula).
    """
    from helpers.gazetteer import fold
    from helpers.mentions import matcher_for

    pattern = _candidate_pattern(gazetteer)
    matcher = matcher_for(gazetteer)
    demonyms = {word for actor in gazetteer.actors.values() for word in actor.demonyms}
    known = demonyms | {d + "s" for d in demonyms} | set(gazetteer.titles) | STOP_CAPS
    phrases = set(matcher.index) | set(matcher.flex)
    # A capitalised word that also occurs in lower case is an ordinary word at a sentence start or in
    # a headline ("Reset", "Military"), not a name.
    lower_words: set[str] = set()
    for text in sentences["text"]:
        lower_words.update(_LOWER.findall(text))
    covered = {doc_id: (g["start"].to_numpy(), g["end"].to_numpy()) for doc_id, g in mentions.groupby("doc_id")}
    sources = docs.set_index("doc_id")["source"]
    found: dict[str, dict] = {}
    for doc_id, base, text in zip(sentences["doc_id"], sentences["start"], sentences["text"], strict=True):
        starts, ends = covered.get(doc_id, (np.empty(0, dtype=int), np.empty(0, dtype=int)))
        for match in pattern.finditer(text):
            name = match.group("name")
            start = match.start("name")
            words = name.split()
            while words and (
                words[0] in STOP_CAPS
                or regex.fullmatch(_PARTICLES, words[0])
                or (start == 0 and (words[0].lower() in lower_words or words[0].endswith(("ing", "ly"))))
                or words[0] in known
            ):
                start += len(words[0]) + 1
                words = words[1:]
            while words and (regex.fullmatch(_PARTICLES, words[-1]) or words[-1] in STOP_CAPS):
                words = words[:-1]
            if not words or _CONTRACTION.match(words[0]):
                continue
            name = " ".join(words).removesuffix("’s").removesuffix("'s")
            name_start, name_end = base + start, base + start + len(name)
            if len(starts) and np.any((starts < name_end) & (ends > name_start)):
                continue
            single = len(words) == 1
            if fold(name) in phrases:
                continue
            if single and (name in known or start == 0 or len(name) < 3 or name.lower() in lower_words):
                continue
            title = match.group("title") or ""
            entry = found.setdefault(
                name,
                {
                    "count": 0,
                    "docs": set(),
                    "sources": set(),
                    "title": "",
                    "speech": False,
                    "example": text,
                    "doc_id": doc_id,
                },
            )
            entry["count"] += 1
            entry["docs"].add(doc_id)
            entry["sources"].add(sources.get(doc_id, ""))
            entry["title"] = entry["title"] or title
            entry["speech"] = entry["speech"] or bool(_SPEECH_AFTER.match(text[match.end("name") :]))
    rows = []
    for name, entry in found.items():
        if entry["count"] < min_count:
            continue
        if _ORG_WORDS.search(name) or (name.isupper() and len(name) <= 7):
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
