"""Who gets to speak: direct and reported speech attributed to a speaker.

Rules, applied paragraph by paragraph (a quotation often runs over several sentences, and the
sentence splitter cuts inside long quotations):

* **Direct quotes**: text in “curly” or "straight" double quotation marks, attributed by a
  speech verb right after the closing mark (“…,” Khan said / “…,” said Khan / “…,” she told
  Al Jazeera) or right before the opening mark (Bilawal wrote, “…”).
* **Reported speech**: a speech verb (said, told, stated, noted, added, wrote, argued, …) with
  its subject before it: "Marvin Weinbaum, a senior fellow …, said the lack …", "the ISPR said,
  Munir expressed …", "Faisal noted that …". The quote is the rest of the sentence (without a
  leading "that"); for a parenthetical "…, X said, …" it is the sentence without "X said".
* **According to**: "according to the ISPR, Trump welcomed …"; the speaker is the actor named
  right after "according to".
* **The speaker** is the first person named in the subject; an organisation or country counts
  when the subject is it ("the ISPR", "the Pentagon") or its voice ("the US envoy", "a State Department
  spokesperson", "A spokesperson of the State Department"). "He"/"she" is resolved to the
  nearest person named before it, outside quotation marks and of a matching gender where the
  gazetteer knows it; when that sentence names several, to the one at its start (the likely
  subject) — otherwise the quote is kept with speaker "(unresolved)". Subjects that name no
  actor ("analysts said", "one participant said") are kept with speaker "(unnamed)"; subjects
  with a capitalised name the gazetteer does not list ("John Smith, a spokesman, said") with
  speaker "(not in gazetteer)".
"""

from __future__ import annotations

import bisect
from functools import partial

import numpy as np
import pandas as pd
import regex

from helpers.actors.mentions import strings
from helpers.engine import Engine, document_starts, map_documents

COLUMNS = [
    "doc_id", "source", "paragraph_id", "sentence_id", "speaker", "speaker_type", "speaker_text",
    "attribution", "kind", "cue", "quote", "start", "end",
]  # fmt: skip
UNNAMED = "(unnamed)"
UNRESOLVED = "(unresolved)"
UNLISTED = "(not in gazetteer)"
NOT_ACTORS = (UNNAMED, UNRESOLVED, UNLISTED)
CUES = (
    "said|says|told|tells|stated|added|adds|noted|wrote|writes|argued|argues|explained|explains|warned|"
    "warns|claimed|insisted|insists|stressed|emphasised|emphasized|asserted|remarked|observed|reiterated|"
    "acknowledged|conceded|announced|declared|maintained|suggested|recalled|saying|[Aa]ccording\\s+to"
)
_CUE = regex.compile(rf"\b(?P<cue>{CUES})\b")
_QUOTE = regex.compile(r"“(?P<q>[^“”]{2,3000})”|\"(?P<s>[^\"\n]{2,3000})\"")
_AFTER = regex.compile(
    rf"^[\s,]*(?:(?P<subj>[^,.;:“”\"]{{1,60}}?)\s+(?P<cue>{CUES})\b|(?P<cue2>{CUES})\s+(?P<subj2>[^,.;:“”\"]{{1,60}}?)(?=[,.;]|$))"
)
_BEFORE_GAP = regex.compile(r"^(?:\s+[^,.“”\"]{1,40}?)?[,:]?\s*$")
_PRONOUN = regex.compile(r"^(?:he|she)$", regex.IGNORECASE)
_ADVERBIAL = set(
    """for after in on at during while according since last yet but and however meanwhile earlier later following
    taking though although when as prior with without under despite amid in-between before by from once if
    instead still also then so""".split()
)
_SPEAKER_NOUNS = set(
    """spokesperson spokesman spokeswoman spokespeople official officials statement readout ministry office
    department agency military army embassy government administration wing release envoy diplomat
    ambassador""".split()
)
_NOT_SUBJECT = {"and", "but", "or", "that", "which", "who", "while", "as", "than", "so", "yet"}
_TRAILING = regex.compile(
    r"(?:\s+(?:on|last|this|earlier|later)?\s*(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|"
    r"week|month|year|yesterday|today|also|further|again|too|then|had|has|have))+$"
)
# Two capitalised words in a subject ("John Smith, a spokesman") name someone the gazetteer lacks.
_NAME_LIKE = regex.compile(r"\b[A-Z][a-z’'\-]+\s+(?:[A-Z]\.\s+)?[A-Z][a-z’'\-]+")
_AFTER_PREPOSITION = regex.compile(
    r"\b(?:with|to|of|by|for|from|about|after|between|against|on|at|toward|towards|than|like|under)\s+(?:the\s+)?$",
    regex.IGNORECASE,
)
_WHAT_BEFORE = regex.compile(r"\b(?:what|how|whatever|whether)\s+(?:\S+\s+){0,3}$", regex.IGNORECASE)
_SPACES = regex.compile(r"\s+")
_ACCORDING_PHRASE = regex.compile(r"\s*([^,.;:–—]{1,80})")
_TOLD_OBJECT = regex.compile(r"\s+(?:[^,“”\"]{1,40}?)(?=\s+that\b|,|$)")
_LEAD_THAT = regex.compile(r"^[\s,]*(?:that\s+)?")
_NON_WORDS = regex.compile(r"[\W_]+")


def find_quotes(
    paragraphs: pd.DataFrame,
    sentences: pd.DataFrame,
    mentions: pd.DataFrame,
    docs: pd.DataFrame,
    engine: Engine | None = None,
) -> pd.DataFrame:
    """Attribute direct quotes and reported speech to speakers.

    Args:
        paragraphs: the loader's paragraphs (doc_id, paragraph_id, start, end; offsets into docs.text).
        sentences: the loader's sentences.
        mentions: from :func:`helpers.actors.mentions.find_mentions_detailed` (needs ``gender``).
        docs: documents (doc_id, source, text).
        engine: where to run (:class:`helpers.engine.Engine`), partition by partition of whole
            documents; None runs in this process.

    Returns:
        One row per attributed quote: doc_id, source, paragraph_id, sentence_id (where the quote
        starts), speaker (canonical name, "(unnamed)", "(unresolved)" or "(not in gazetteer)"),
        speaker_type, speaker_text (the words that name the speaker), attribution (name /
        pronoun / unnamed / unlisted),
        kind (direct / reported / according_to), cue (the speech verb), quote, start and end
        (offsets of the quoted words in ``docs.text``).
    """
    types = mentions.drop_duplicates("actor").set_index("actor")["actor_type"].astype(object).to_dict()
    frames = {
        "docs": docs.drop_duplicates("doc_id")[["doc_id", "source", "text"]],
        "paragraphs": paragraphs[["doc_id", "paragraph_id", "start", "end"]],
        "sentences": sentences[["doc_id", "sentence_id", "start", "end"]],
        "mentions": mentions[["doc_id", "sentence_id", "start", "end", "actor", "actor_type", "gender"]],
    }
    parts = map_documents(
        partial(quotes_of_partition, types=types), frames, pd.unique(paragraphs["doc_id"].to_numpy()), engine,
        "quotes", within={"sentences": "start", "mentions": "start"},
    )  # fmt: skip
    parts = [part for part in parts if len(part)]
    table = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=COLUMNS)
    return _one_per_sentence(table).sort_values(["doc_id", "start", "kind"], ignore_index=True)


def quotes_of_partition(parts: dict[str, pd.DataFrame], types: dict[str, str]) -> pd.DataFrame:
    """The quotes of one partition of whole documents (see :func:`helpers.engine.map_documents`),
    before :func:`_one_per_sentence`.

    ``parts`` holds the documents' ``docs`` (doc_id, source, text), ``paragraphs`` (in order),
    ``sentences`` and ``mentions`` (both by start).
    """
    rows: list[tuple] = []
    docs, paragraphs, sentences, mentions = (parts[name] for name in ("docs", "paragraphs", "sentences", "mentions"))
    doc_ids = docs["doc_id"].to_numpy(dtype=object)
    bounds = {name: document_starts(doc_ids, parts[name]).tolist() for name in ("paragraphs", "sentences", "mentions")}
    texts, sources = strings(docs["text"]), strings(docs["source"])
    p_ids, p_starts, p_ends = (paragraphs[c].to_numpy() for c in ("paragraph_id", "start", "end"))
    s_ids, s_starts, s_ends = (sentences[c].to_numpy() for c in ("sentence_id", "start", "end"))
    m_columns = {
        "start": mentions["start"].to_numpy(),
        "end": mentions["end"].to_numpy(),
        "actor": strings(mentions["actor"]),
        "actor_type": strings(mentions["actor_type"]),
        "gender": strings(mentions["gender"]),
        "sentence_id": strings(mentions["sentence_id"]),
    }
    for number, doc_id in enumerate(doc_ids):
        p_first, p_last = bounds["paragraphs"][number], bounds["paragraphs"][number + 1]
        if p_first == p_last:
            continue
        s_first, s_last = bounds["sentences"][number], bounds["sentences"][number + 1]
        m_first, m_last = bounds["mentions"][number], bounds["mentions"][number + 1]
        text = texts[number]
        found = {name: values[m_first:m_last] for name, values in m_columns.items()}
        sentence_rows = (
            s_ids[s_first:s_last].tolist(),
            s_starts[s_first:s_last].tolist(),
            s_ends[s_first:s_last].tolist(),
        )
        state = _DocQuotes(doc_id, sources[number], found, sentence_rows, types, text)
        for k in range(p_first, p_last):
            start = int(p_starts[k])
            state.paragraph(p_ids[k], start, text[start : int(p_ends[k])], rows)
    return pd.DataFrame.from_records(rows, columns=COLUMNS, nrows=len(rows))


def _one_per_sentence(table: pd.DataFrame) -> pd.DataFrame:
    """Keep one reported-speech row per sentence: a named speaker before an unnamed one, then the first.

    "Another attendee told Al Jazeera that Munir said …" gives two cues; the words are Munir's.
    """
    direct = table.loc[table["kind"] == "direct"]
    reported = table.loc[table["kind"] != "direct"]
    rank = reported["speaker"].isin([UNNAMED, UNRESOLVED]).astype(int)
    reported = reported.assign(_rank=rank, _order=range(len(reported))).sort_values(["_rank", "_order"])
    reported = reported.drop_duplicates(["doc_id", "sentence_id"]).drop(columns=["_rank", "_order"])
    return pd.concat([direct, reported], ignore_index=True)


class _DocQuotes:
    def __init__(self, doc_id, source, mentions: dict, sentences: tuple[list, list, list], types, doc_text=""):
        self.doc_id = doc_id
        self.doc_text = doc_text
        self.source = source
        self.types = types
        self.m_start = mentions["start"]
        self.m_end = mentions["end"]
        self.m_actor = mentions["actor"]
        self.m_type = mentions["actor_type"]
        self.m_gender = mentions["gender"]
        self.m_sentence = mentions["sentence_id"]
        self.in_quote = [False] * len(self.m_start)
        self.s_id, self.s_start, self.s_end = sentences
        self.s_number: dict = {}
        for number, sentence in enumerate(self.s_id):
            self.s_number.setdefault(sentence, number)

    # -------------------------------------------------------------- lookups
    def _sentence_at(self, offset: int) -> int:
        """The last sentence starting at or before ``offset`` (the first one if none does)."""
        return max(bisect.bisect_right(self.s_start, offset) - 1, 0)

    def _mentions_in(self, start: int, end: int) -> list[int]:
        return np.flatnonzero((self.m_start >= start) & (self.m_end <= end)).tolist()

    def _speaker_from(self, phrase: str, offset: int) -> tuple[str, str, str]:
        """(speaker, attribution, speaker_text) for a subject phrase starting at doc ``offset``."""
        text = _TRAILING.sub("", phrase.strip())
        lead = len(phrase) - len(phrase.lstrip())
        words = text.split()
        while words and words[0].lower() in _NOT_SUBJECT:
            lead += len(text) - len(text[len(words[0]) :].lstrip())
            text = text[len(words[0]) :].lstrip()
            words = words[1:]
        if not words:
            return None
        if _PRONOUN.match(words[0]):
            return self._pronoun(words[0].lower(), offset + lead), "pronoun", words[0]
        inside = self._mentions_in(offset, offset + len(phrase))
        people = [k for k in inside if self.m_type[k] == "person"]
        if people:
            return self.m_actor[people[0]], "name", text
        if inside:
            # An organisation speaks when it is the subject ("the ISPR", "The United States") or
            # its voice is ("a State Department spokesperson", "The brief readout released by …").
            first = inside[0]
            lead_in = self.text[offset + lead - self.base : self.m_start[first] - self.base].split()
            head_words = {w.lower().removesuffix("’s").removesuffix("'s") for w in words[:3] + words[-1:]}
            if len(lead_in) <= 1 or head_words & _SPEAKER_NOUNS:
                return self.m_actor[first], "name", text
        if _NAME_LIKE.search(text):
            return UNLISTED, "unlisted", text
        return UNNAMED, "unnamed", text

    def _pronoun(self, pronoun: str, offset: int) -> str:
        wanted = {"he": "m", "she": "f"}[pronoun]
        here = self._sentence_at(offset)
        for k in range(len(self.m_start) - 1, -1, -1):
            if self.m_start[k] >= offset or self.in_quote[k] or self.m_type[k] != "person":
                continue
            if self.m_gender[k] not in ("", wanted):
                continue
            sentence = self.m_sentence[k]
            number = self.s_number.get(sentence, here)
            if here - number > 3:
                return UNRESOLVED
            same = [
                j
                for j in range(len(self.m_start))
                if self.m_sentence[j] == sentence
                and self.m_start[j] < offset
                and not self.in_quote[j]
                and self.m_type[j] == "person"
                and self.m_gender[j] in ("", wanted)
            ]
            actors = list(dict.fromkeys(self.m_actor[j] for j in same))
            if len(actors) == 1:
                return actors[0]
            # Someone named after a preposition ("talks with Munir") is rarely what "he" refers to.
            free = [
                j
                for j in same
                if not _AFTER_PREPOSITION.search(self.doc_text[max(0, self.m_start[j] - 20) : self.m_start[j]])
            ]
            if len(set(self.m_actor[j] for j in free)) == 1:
                return self.m_actor[free[0]]
            first = min(same, key=lambda j: self.m_start[j])
            words_before = len(self.doc_text[self.s_start[number] : self.m_start[first]].split())
            return self.m_actor[first] if words_before <= 4 else UNRESOLVED
        return UNRESOLVED

    # -------------------------------------------------------------- paragraphs
    def paragraph(self, paragraph_id: str, base: int, text: str, rows: list[dict]) -> None:
        self.text = text
        self.base = base
        spans = [(m.start(), m.end(), (m.group("q") or m.group("s") or "")) for m in _QUOTE.finditer(text)]
        for start, end, _ in spans:
            for k in self._mentions_in(base + start, base + end):
                self.in_quote[k] = True
        used_cues: set[int] = set()
        for start, end, words in spans:
            if len(words.split()) < 3:
                continue
            found = self._attribute_direct(start, end, used_cues)
            if found:
                speaker, attribution, speaker_text, cue = found
                self._add(rows, paragraph_id, speaker, attribution, speaker_text, "direct", cue, start + 1, end - 1)
        for match in _CUE.finditer(text):
            if match.start() in used_cues or any(s <= match.start() < e for s, e, _ in spans):
                continue
            self._reported(match, spans, paragraph_id, rows)

    def _attribute_direct(self, start: int, end: int, used: set[int]):
        text = self.text
        tail = text[end : end + 90]
        after = _AFTER.match(tail)
        if after:
            cue = after.group("cue") or after.group("cue2")
            subject = after.group("subj") if after.group("subj") is not None else after.group("subj2")
            subject_start = end + (after.start("subj") if after.group("subj") is not None else after.start("subj2"))
            cue_start = end + (after.start("cue") if after.group("cue") else after.start("cue2"))
            words = subject.split()
            if 0 < len(words) <= 8 and not (words[0].lower() in _ADVERBIAL and len(words) > 1):
                found = self._speaker_from(subject, self.base + subject_start)
                if found:
                    used.add(cue_start)
                    return (*found, _norm_cue(cue))
        head_start = max(0, start - 120)
        head = text[head_start:start]
        cues = list(_CUE.finditer(head))
        if cues:
            cue = cues[-1]
            if _BEFORE_GAP.match(head[cue.end() :]) and _norm_cue(cue.group("cue")) != "according to":
                window = head[: cue.start()]
                cut = max(window.rfind(","), window.rfind(" that "), window.rfind(";"), window.rfind("”"))
                subject = window[cut + 1 :] if cut >= 0 else window
                subject = subject.removeprefix("that ") if cut == window.rfind(" that ") else subject
                offset = (
                    head_start
                    + (cut + 1 if cut >= 0 else 0)
                    + (len(window[cut + 1 :]) - len(subject) if cut >= 0 else 0)
                )
                if 0 < len(subject.split()) <= 8:
                    found = self._speaker_from(subject, self.base + offset)
                    if found:
                        used.add(head_start + cue.start())
                        return (*found, _norm_cue(cue.group("cue")))
        return None

    def _reported(self, match, spans, paragraph_id: str, rows: list[dict]) -> None:
        text = self.text
        cue = _norm_cue(match.group("cue"))
        sentence = self._sentence_at(self.base + match.start())
        s_start = max(self.s_start[sentence] - self.base, 0) if self.s_start else 0
        s_end = min(self.s_end[sentence] - self.base, len(text)) if self.s_end else len(text)
        if cue == "according to":
            after_start = match.end()
            rest = text[after_start:s_end]
            phrase = _ACCORDING_PHRASE.match(rest)
            if not phrase:
                return
            found = self._speaker_from(phrase.group(1), self.base + after_start + phrase.start(1))
            if not found:
                return
            speaker, attribution, speaker_text = found
            quote = (text[s_start : match.start()] + text[after_start + phrase.end() : s_end]).strip(" ,.–—")
            quote = _SPACES.sub(" ", quote)
            self._add(
                rows, paragraph_id, speaker, attribution, speaker_text, "according_to", cue, s_start, s_end, quote
            )
            return
        window = text[s_start : match.start()]
        cut = max(window.rfind("; "), window.rfind(": "), window.rfind(" that "), window.rfind("—"), window.rfind("”"))
        clause_start = s_start + (cut + 1 if cut >= 0 else 0)
        window = text[clause_start : match.start()]
        if not window.strip() or _WHAT_BEFORE.search(window):
            return
        first_np = window.split(",")[0]
        first_words = first_np.split()
        parenthetical = False
        np_start = clause_start
        final = "," in window and len(_NON_WORDS.sub(" ", text[match.end() : s_end]).split()) < 2
        if final or (
            not first_words
            or first_words[0].lower() in _ADVERBIAL
            or len(first_words) > 12
            or (
                "," in window
                and not self._mentions_in(self.base + clause_start, self.base + clause_start + len(first_np))
                and not _NAME_LIKE.search(first_np)
            )
        ):
            last = window.rsplit(",", 1)
            first_np = last[-1]
            np_start = match.start() - len(first_np)
            parenthetical = len(last) > 1
        if first_np.strip().lower().endswith(" and"):
            first_np = first_np.strip()[:-4]
        if not first_np.strip() or len(first_np.split()) > 12:
            return
        found = self._speaker_from(first_np, self.base + np_start)
        if not found:
            return
        speaker, attribution, speaker_text = found
        after = text[match.end() : s_end]
        if cue in ("told", "tells"):
            obj = _TOLD_OBJECT.match(after)
            if obj:
                after = after[obj.end() :]
        after = _LEAD_THAT.sub("", after)
        if final and parenthetical:
            quote = text[s_start:np_start].rstrip(" ,")  # "Trump was pleased, officials noted."
        elif parenthetical and text[match.end() : match.end() + 1] == ",":
            quote = text[s_start:np_start].rstrip(" ,") + " " + after
        else:
            quote = after
        quote = _SPACES.sub(" ", quote).strip(" ,")
        if len(quote.split()) < 3:
            return
        self._add(rows, paragraph_id, speaker, attribution, speaker_text, "reported", cue, s_start, s_end, quote)

    def _add(self, rows, paragraph_id, speaker, attribution, speaker_text, kind, cue, start, end, quote=None):
        body = self.text[start:end] if quote is None else quote
        sentence = self._sentence_at(self.base + start)
        rows.append(
            {
                "doc_id": self.doc_id,
                "source": self.source,
                "paragraph_id": paragraph_id,
                "sentence_id": self.s_id[sentence] if self.s_id else "",
                "speaker": speaker,
                "speaker_type": self.types.get(speaker, ""),
                "speaker_text": speaker_text,
                "attribution": attribution if speaker != UNRESOLVED else "pronoun",
                "kind": kind,
                "cue": cue,
                "quote": _SPACES.sub(" ", body).strip(),
                "start": self.base + start,
                "end": self.base + end,
            }
        )


def _norm_cue(cue: str) -> str:
    return _SPACES.sub(" ", cue.lower())


def voice(mentions: pd.DataFrame, quotes: pd.DataFrame, docs: pd.DataFrame) -> pd.DataFrame:
    """Who is quoted and who is only mentioned, per source.

    Returns:
        source, actor, actor_type, mentions, quotes (attributed to the actor), quoted_documents
        (documents of the source that quote the actor), mentioned_documents, status ("quoted"
        or "mentioned only"). Sorted by source, then quotes and mentions.
    """
    columns = [
        "source",
        "actor",
        "actor_type",
        "mentions",
        "quotes",
        "quoted_documents",
        "mentioned_documents",
        "status",
    ]
    if mentions.empty:
        return pd.DataFrame(columns=columns)
    with_source = mentions.merge(docs[["doc_id", "source"]], on="doc_id", how="left")
    grouped = with_source.groupby(["source", "actor", "actor_type"], observed=True)
    table = pd.DataFrame({"mentions": grouped.size(), "mentioned_documents": grouped["doc_id"].nunique()}).reset_index()
    named = quotes.loc[~quotes["speaker"].isin(NOT_ACTORS)]
    spoken = named.groupby(["source", "speaker"], observed=True).agg(
        quotes=("quote", "size"), quoted_documents=("doc_id", "nunique")
    )
    table = table.merge(spoken, left_on=["source", "actor"], right_index=True, how="left")
    table[["quotes", "quoted_documents"]] = table[["quotes", "quoted_documents"]].fillna(0).astype("int64")
    table["status"] = table["quotes"].gt(0).map({True: "quoted", False: "mentioned only"})
    return table[columns].sort_values(
        ["source", "quotes", "mentions", "actor"], ascending=[True, False, False, True], ignore_index=True
    )


def speaker_summary(quotes: pd.DataFrame) -> pd.DataFrame:
    """Quotes per source by how the speaker is known.

    Returns:
        source, quotes, named (attributed to a gazetteer actor), not_in_gazetteer (a named
        person the gazetteer does not list: add them), unnamed ("analysts said"),
        unresolved (a pronoun we could not resolve), direct, reported, according_to.
    """
    columns = [
        "source",
        "quotes",
        "named",
        "not_in_gazetteer",
        "unnamed",
        "unresolved",
        "direct",
        "reported",
        "according_to",
    ]
    if quotes.empty:
        return pd.DataFrame(columns=columns)
    table = quotes.assign(
        named=~quotes["speaker"].isin(NOT_ACTORS),
        not_in_gazetteer=quotes["speaker"].eq(UNLISTED),
        unnamed=quotes["speaker"].eq(UNNAMED),
        unresolved=quotes["speaker"].eq(UNRESOLVED),
        direct=quotes["kind"].eq("direct"),
        reported=quotes["kind"].eq("reported"),
        according_to=quotes["kind"].eq("according_to"),
    )
    summary = table.groupby("source", observed=True)[columns[2:]].sum().astype("int64")
    summary.insert(0, "quotes", table.groupby("source", observed=True).size())
    return summary.reset_index()[columns].sort_values(["quotes", "source"], ascending=[False, True], ignore_index=True)


def sample_quotes(quotes: pd.DataFrame, per_source: int = 3) -> pd.DataFrame:
    """The first ``per_source`` quotes of each source, with ``where`` (speaker · cue) for quoting."""
    sample = quotes.groupby("source", sort=True).head(per_source)
    return sample.assign(where=sample["speaker"] + " · " + sample["cue"])
