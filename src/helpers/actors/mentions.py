"""Find actor mentions: one regular expression for every phrase, then resolution rules per document.

How a mention is found and resolved
-----------------------------------
1. **Matching.** Every name, alias, short name, metonym, demonym, title and role phrase of the
   gazetteer goes into one pattern, written as a prefix tree (phrases that share a beginning share
   its test) and compiled with ``re``; a phrase that ends where a longer one continues makes the
   rest optional and greedy, so at any position the longest phrase wins ("Pakistan Peoples Party"
   is not "Pakistan"). The pattern accepts either case for the first letter of each word; names
   are then checked case-sensitively ("US" is not "us", "Bush" is not "bush"), titles and role
   phrases are not ("army chief", "Army Chief"). The whole document is scanned once; hits are
   assigned to sentences by their offsets and a hit that crosses a sentence boundary is dropped.
   On the 36M-word AllSides corpus the scan runs at about 0.9-1.2M words/s in one process.
   Documents are independent, so :func:`find_mentions_detailed` runs partition by partition
   (whole documents each) in worker processes or on Dask when given an ``Engine``; figures in
   benchmarks/bench_actors.py.
2. **Chains.** Neighbouring hits in one sentence form one mention when they read as one noun
   phrase: a country qualifier ("US", "Pakistan’s", "Pakistani"), then titles and role phrases
   ("Chief of Army Staff (COAS) General", "Deputy Prime Minister and Foreign Minister"), then a
   name ("Asim Munir"), then an acronym in brackets ("Inter-Services Public Relations (ISPR)").
   Role phrases joined by a comma, bracket or "and" must refer to the same person on the
   document's date, otherwise the chain is split ("the US Secretary of Defense, National
   Security Advisor and US Secretary of State" are three people).
3. **Resolution** (the ``resolution`` column):
   ``name`` the canonical name; ``alias`` another full name; ``title`` a name or short name with a
   title or role before it ("President Trump", "Field Marshal Asim Munir"); ``partial`` a short name
   alone ("Munir"), which counts only if exactly one person with that short name was introduced
   earlier in the document, or (failing that) exactly one is ``known_by_short``, or exactly one
   held an office on the document's date; ``role`` an office without a name ("the US president",
   "Pakistan’s Chief of Army Staff"), resolved to the holder on the document's date (undated
   documents get no role mentions); ``metonym`` a place standing for an actor ("Islamabad",
   "the White House"), not counted where the text uses it as a place ("in Washington",
   "Washington, DC-based", "a White House lunch").
4. Not counted: pronouns; a title with no known name after it; a role phrase followed by an
   unknown capitalised name ("President Macri" when Macri is not in the gazetteer), or preceded by
   "former", "ex-", "late", "then" …; a lower-case role phrase without a qualifier or "the"
   ("an army chief"); a short name inside a longer capitalised name ("Munir Akram", "Trump Tower").
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import partial

import numpy as np
import pandas as pd
import regex

from helpers.actors.gazetteer import GENDERS, TYPES, Gazetteer, fold, normal
from helpers.engine import Engine, document_starts, map_documents
from helpers.patterns import prefix_tree

COLUMNS = ["doc_id", "sentence_id", "start", "end", "text", "actor", "actor_type", "resolution"]
DETAIL_COLUMNS = COLUMNS + ["paragraph_id", "form", "title", "gender"]
RESOLUTIONS = ("name", "alias", "partial", "role", "metonym", "title")

# Capitalised words that do not make a neighbouring short name part of a longer name.
STOP_CAPS = set(
    """A An The And Or But Nor For Of In On At To By From With Without Into Onto Over Under After Before
    During Since Until While When Where Why How What Who Whom Whose Which That This These Those It Its Is Are
    Was Were Be Been Has Have Had Do Does Did Will Would Shall Should Can Could May Might Must Not No Yes
    He She They We I You His Her Their Our My Your Him Them Us Me Said Says Say Told Tells Also Just Now
    Then Than So As If Yet Still Even Only Both Either Neither Each Every All Any Some Such Here There
    Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April June July
    August September October November December Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec
    Mr Mrs Ms Dr Jr Sr""".split()
)
_FORMER = regex.compile(
    r"(?i)(?:\b(?:former|ex|late|then|previous|next|future|incoming|outgoing|would-be|acting|deputy|vice|"
    r"assistant|an?|any|every|each|another|no)[\s-]+(?:the\s+)?)$"
)
_THE_BEFORE = regex.compile(r"(?:^|[^\w])[Tt]he\s+$")
_LOCATIVE = regex.compile(
    r"(?i)(?:\b(?:in|at|from|into|near|outside|inside|across|around|via|based\s+in|"
    r"(?:back|return|returned|returning|returns|visit|visits|visited|visiting|trip|trips|travel|travels|"
    r"travelled|traveled|travelling|traveling|flew|fly|flying|arrived|arrive|arriving|moved|came|come|went|"
    r"go|going|headed|heading)\s+to)\s+(?:the\s+)?)$"
)
_PLACE_AFTER = regex.compile(
    r"^(?:,?\s*D\.?\s?C\.?(?!\w)|-based|\s+(?:visit|visits|trip|trips|lunch|luncheon|dinner|meeting|meetings|"
    r"talks|lawn|grounds|briefing\s+room|press\s+corps|correspondents?|bureau|Cabinet\s+Room|Oval\s+Office)\b)"
)
_COMPOUND_AFTER = regex.compile(r"^[-–][A-Z]")
_NEXT_WORD = regex.compile(r"^\s+([A-Z][\w'’\-]*)")
_PREV_WORD = regex.compile(r"([A-Z][\w'’\-]*)\s+$")
_JUNCTIONS = [
    ("space", regex.compile(r"^\s+$")),
    ("poss", regex.compile(r"^['’]s?\s+$")),
    ("comma", regex.compile(r"^,\s+(?:the\s+)?$")),
    ("open", regex.compile(r"^\s*\(\s*$")),
    ("close", regex.compile(r"^\s*\)\s*,?\s*$")),
    ("and", regex.compile(r"^\s+and\s+(?:the\s+)?$")),
]
ENGINE = re  # the prefix-tree pattern runs faster with re than with the regex module (see benchmarks)


@dataclass
class _Hit:
    start: int
    end: int
    text: str
    sentence: int  # index into the document's sentence arrays
    exact: list  # [(kind, actor)] for name / alias / short / metonym / demonym
    flex: set  # {"title", "role"}
    index: int = 0  # position among the document's hits

    @property
    def is_desc(self) -> bool:
        return bool(self.flex)

    @property
    def title_only(self) -> bool:
        return "title" in self.flex and "role" not in self.flex

    def actors_of(self, *kinds: str) -> list[str]:
        return [actor for kind, actor in self.exact if kind in kinds]


class Matcher:
    """The compiled phrase pattern and lookup tables of one gazetteer.

    The pattern is a prefix tree of all phrases written as one regular expression (shared
    prefixes are tried once), with either case allowed for the first letter of every word; the
    case of names is then checked per hit (:func:`_case_ok`). A plain alternation of a thousand
    phrases is tried phrase by phrase at every position and is far slower (see
    benchmarks/bench_actors.py).
    """

    def __init__(self, gazetteer: Gazetteer):
        self.gazetteer = gazetteer
        self.index: dict[str, list] = {}
        self.flex: dict[str, set] = {}
        phrases: set[str] = set()
        role_countries = {role.country for role in gazetteer.roles if role.country}
        self.qualifiers = {a.name for a in gazetteer.actors.values() if a.type == "country"} | role_countries
        for actor in gazetteer.actors.values():
            entries = [("name", actor.name)] + [("alias", a) for a in actor.aliases]
            entries += [("metonym", m) for m in actor.metonyms] + [("demonym", d) for d in actor.demonyms]
            if actor.type == "person":
                entries += [("short", s) for s in actor.short]
            for kind, phrase in entries:
                self.index.setdefault(_key(phrase), []).append((kind, actor.name, normal(phrase)))
                phrases.add(phrase)
        for phrase in gazetteer.titles:
            self.flex.setdefault(_key(phrase), set()).add("title")
            phrases.add(phrase)
        for role in gazetteer.roles:
            for phrase in role.phrases:
                self.flex.setdefault(_key(phrase), set()).add("role")
                phrases.add(phrase)
        self.phrases = len(phrases)
        self._seen: dict[str, tuple[list, set]] = {}
        self.pattern = ENGINE.compile(
            r"(?<![\w])(?:" + prefix_tree(_atoms(phrase) for phrase in phrases) + r")(?![\w])"
        )
        self.short_owners: dict[str, list[str]] = {}
        for actor in gazetteer.actors.values():
            if actor.type == "person":
                for short in actor.short:
                    self.short_owners.setdefault(_key(short), []).append(actor.name)

    def hits(self, text: str) -> list[tuple[int, int, str]]:
        """Every phrase occurrence in ``text`` as (start, end, matched text)."""
        return [(m.start(), m.end(), m.group()) for m in self.pattern.finditer(text)]

    def lookup(self, text: str) -> tuple[list, set]:
        """The (kind, actor) entries and title/role kinds a matched text stands for."""
        found = self._seen.get(text)
        if found is None:
            key = _key(text)
            exact = [(kind, actor) for kind, actor, phrase in self.index.get(key, ()) if _case_ok(text, phrase)]
            found = self._seen[text] = (exact, self.flex.get(key, set()))
        return found


def _key(text: str) -> str:
    return fold(text)


def _case_ok(text: str, phrase: str) -> bool:
    """A name matches when its first word is written as in the gazetteer ("US", not "us"; "Bush",
    not "bush") and every all-capitals word too; later words may differ in case ("Trump
    Administration")."""
    written, wanted = normal(text).split(" "), phrase.split(" ")
    if len(written) != len(wanted) or written[0] != wanted[0]:
        return False
    for got, want in zip(written[1:], wanted[1:], strict=True):
        if got != want and (got.lower() != want.lower() or (len(want) > 1 and want.isupper())):
            return False
    return True


def _atoms(phrase: str) -> list[str]:
    """A phrase as regex atoms: one per character, either case for a word's first letter (except in
    acronyms such as "COAS" or "McConnell"), any run of white space between words, either apostrophe."""
    atoms: list[str] = []
    for number, word in enumerate(phrase.split()):
        if number:
            atoms.append(r"\s+")
        acronym = len(word) > 1 and any(c.isupper() for c in word[1:])
        for position, char in enumerate(word):
            if char in "'’":
                atoms.append("['’]")
            elif position == 0 and char.isalpha() and not acronym and char.lower() != char.upper():
                atoms.append(f"[{char.upper()}{char.lower()}]")
            else:
                atoms.append(re.escape(char))
    return atoms


_CACHE: dict[int, Matcher] = {}
_BY_CONTENT: dict[int, Matcher] = {}


def matcher_for(gazetteer: Gazetteer) -> Matcher:
    """The (cached) matcher of a gazetteer.

    Cached by object and by content, so a worker process that receives a pickled copy of the
    same gazetteer for every partition compiles the pattern once.
    """
    found = _CACHE.get(id(gazetteer))
    if found is None or found.gazetteer is not gazetteer:
        content = hash(repr((gazetteer.actors, gazetteer.titles, gazetteer.roles)))
        found = _BY_CONTENT.get(content)
        if found is None or found.gazetteer != gazetteer:
            found = _BY_CONTENT[content] = Matcher(gazetteer)
        _CACHE[id(gazetteer)] = found
    return found


def find_mentions_detailed(
    sentences: pd.DataFrame, docs: pd.DataFrame, gazetteer: Gazetteer, engine: Engine | None = None
) -> pd.DataFrame:
    """Mentions with the columns of :func:`helpers.actors.tables.find_mentions` plus paragraph_id, form, title, gender.

    ``form`` is how the actor was referred to apart from the name, as written: the qualifier, title
    or role phrase ("Pakistan’s army chief, Field Marshal", "US president"), the metonym
    ("Islamabad"), or "" for a bare name. ``title`` is the same without the country qualifier
    ("army chief, Field Marshal", "president"). ``gender`` comes from the gazetteer.

    With ``engine`` the documents are matched partition by partition (whole documents each) in
    worker processes or on a Dask cluster (:mod:`helpers.engine`); without it, in this process.
    ``actor``, ``actor_type``, ``resolution`` and ``gender`` are categorical.
    """
    texts = docs["text"]
    kept = docs.loc[texts.notna() & (texts.astype("string").str.len() > 0), ["doc_id", "date", "text"]]
    kept = kept.drop_duplicates("doc_id")
    frames = {"docs": kept, "sentences": sentences[["doc_id", "sentence_id", "paragraph_id", "start", "end"]]}
    matcher_for(gazetteer)  # compiled here once; forked workers inherit it
    parts = map_documents(
        partial(mentions_of_partition, gazetteer=gazetteer), frames, kept["doc_id"], engine, "actor mentions",
        within={"sentences": "start"},
    )  # fmt: skip
    parts = [part for part in parts if len(part)] or [_empty_mentions(gazetteer)]
    table = pd.concat(parts, ignore_index=True)
    return table.sort_values(["doc_id", "start"], ignore_index=True)


def find_mentions(
    sentences: pd.DataFrame, docs: pd.DataFrame, gazetteer: Gazetteer, engine: Engine | None = None
) -> pd.DataFrame:
    """Every mention of a gazetteer actor, sentence by sentence, resolved to its canonical name.

    Args:
        sentences: the loader's sentences (doc_id, paragraph_id, sentence_id, start, end …).
        docs: the loader's documents (doc_id, date, text …); the date picks role holders.
        gazetteer: from :func:`helpers.actors.gazetteer.load_gazetteer`.
        engine: where to run (:class:`helpers.engine.Engine`: worker processes or a Dask
            cluster, partition by partition); None runs in this process.

    Returns:
        One row per mention, in document order: doc_id, sentence_id, start, end (character
        offsets into ``docs.text``, within the sentence's start/end), text (as written), actor
        (canonical name), actor_type, resolution (name / alias / partial / role / metonym /
        title; see this module).
    """
    return find_mentions_detailed(sentences, docs, gazetteer, engine)[COLUMNS]


def strings(column: pd.Series) -> np.ndarray:
    """A column as an object array of str, missing values as "" (what the actor stages' loops read)."""
    return column.astype(object).where(column.notna(), "").to_numpy(dtype=object)


def mentions_of_partition(parts: dict[str, pd.DataFrame], gazetteer: Gazetteer) -> pd.DataFrame:
    """The detailed mentions of one partition of whole documents (see :func:`helpers.engine.map_documents`).

    ``parts["docs"]`` has doc_id, date and text; ``parts["sentences"]`` the documents' sentences
    (doc_id, sentence_id, paragraph_id, start, end), by document and start.
    """
    matcher = matcher_for(gazetteer)
    rows: list[tuple] = []
    docs, sentences = parts["docs"], parts["sentences"]
    doc_ids = docs["doc_id"].to_numpy(dtype=object)
    starts = document_starts(doc_ids, sentences).tolist()
    arrays = {name: sentences[name].to_numpy() for name in ("start", "end", "sentence_id", "paragraph_id")}
    dates = docs["date"].to_numpy()
    texts = docs["text"].to_numpy(dtype=object)
    for number, doc_id in enumerate(doc_ids):
        first, last = starts[number], starts[number + 1]
        if first == last:
            continue  # a document without sentences has no mentions
        date = dates[number]
        day = None if pd.isna(date) else pd.Timestamp(date).date()
        part = {name: values[first:last] for name, values in arrays.items()}
        _Document(matcher, doc_id, texts[number], day, part).resolve(rows)
    return _mention_frame(rows, gazetteer)


def _dtypes(gazetteer: Gazetteer) -> dict[str, pd.CategoricalDtype]:
    return {
        "actor": pd.CategoricalDtype(sorted(gazetteer.actors)),
        "actor_type": pd.CategoricalDtype(sorted(TYPES)),
        "resolution": pd.CategoricalDtype(sorted(RESOLUTIONS)),
        "gender": pd.CategoricalDtype(sorted(GENDERS)),
    }


def _mention_frame(rows: list[tuple], gazetteer: Gazetteer) -> pd.DataFrame:
    table = pd.DataFrame.from_records(rows, columns=DETAIL_COLUMNS, nrows=len(rows))
    table[["start", "end"]] = table[["start", "end"]].astype("int64")
    for name in ("doc_id", "sentence_id", "paragraph_id", "text", "form", "title"):
        table[name] = table[name].astype("str")
    return table.astype(_dtypes(gazetteer))


def _empty_mentions(gazetteer: Gazetteer) -> pd.DataFrame:
    return _mention_frame([], gazetteer)


class _Document:
    """Resolution state of one document: its hits, sentences and the people introduced so far."""

    def __init__(self, matcher: Matcher, doc_id: str, text: str, day: dt.date | None, sentences: dict):
        self.m = matcher
        self.g = matcher.gazetteer
        self.doc_id = doc_id
        self.text = text
        self.day = day
        self.s_start = sentences["start"]
        self.s_end = sentences["end"]
        self.s_id = sentences["sentence_id"]
        self.p_id = sentences["paragraph_id"]
        self.introduced: set[str] = set()
        self.hits = self._hits()

    def _hits(self) -> list[_Hit]:
        found = self.m.hits(self.text)
        if not found:
            return []
        starts = np.fromiter((h[0] for h in found), dtype="int64", count=len(found))
        where = np.searchsorted(self.s_start, starts, side="right") - 1
        hits = []
        for (start, end, text), sentence in zip(found, where, strict=True):
            if sentence < 0 or end > self.s_end[sentence]:
                continue
            exact, flex = self.m.lookup(text)
            if exact or flex:
                hits.append(_Hit(start, end, text, int(sentence), exact, flex, len(hits)))
        return hits

    # ------------------------------------------------------------------ helpers
    def _junction(self, left: _Hit, right: _Hit) -> str | None:
        if left.sentence != right.sentence:
            return None
        between = self.text[left.end : right.start]
        if len(between) > 12:
            return None
        for name, pattern in _JUNCTIONS:
            if pattern.match(between):
                return name
        return None

    def _is_qualifier(self, hit: _Hit) -> str | None:
        for kind, actor in hit.exact:
            if kind == "demonym" or (kind in ("name", "alias") and actor in self.m.qualifiers):
                return actor
        return None

    def _is_head(self, hit: _Hit) -> bool:
        return any(kind in ("name", "alias", "short") for kind, _ in hit.exact)

    def _before(self, hit_or_start, width: int = 40) -> str:
        start = hit_or_start if isinstance(hit_or_start, int) else hit_or_start.start
        return self.text[max(0, start - width) : start]

    def _sentence_start(self, hit: _Hit) -> int:
        return int(self.s_start[hit.sentence])

    def _part_of_longer_name(self, hit: _Hit, known: bool, next_hit: _Hit | None, prev_hit: _Hit | None) -> bool:
        """A short name or metonym that is one word of a longer capitalised name ("Munir Akram")."""
        after = _NEXT_WORD.match(self.text[hit.end : hit.end + 40])
        if after and after.group(1) not in STOP_CAPS:
            if not (next_hit and next_hit.start == hit.end + after.start(1)):
                return True
        if known:
            return False
        before = _PREV_WORD.search(self._before(hit))
        if before and before.group(1) not in STOP_CAPS:
            word_start = hit.start - (len(before.group(0)))
            at_sentence_start = word_start <= self._sentence_start(hit)
            if not at_sentence_start and not (prev_hit and prev_hit.end == word_start + len(before.group(1))):
                return True
        return False

    def _resolve_short(self, hit: _Hit, has_title: bool) -> str | None:
        owners = self.m.short_owners.get(_key(hit.text), [])
        if not owners:
            return None
        introduced = [name for name in owners if name in self.introduced]
        if len(introduced) == 1:
            return introduced[0]
        if len(introduced) > 1:
            return None
        known = [name for name in owners if self.g.actors[name].known_by_short]
        if len(known) == 1:
            return known[0]
        if has_title and len(owners) == 1:
            return owners[0]
        in_office = [name for name in owners if self.g.holds_office(name, self.day)]
        if len(in_office) == 1:
            return in_office[0]
        return None

    def _role_holder(self, hit: _Hit, qualifier: str | None) -> tuple[str | None, bool]:
        """(holder on the document's date, whether the phrase names a role at all)."""
        if "role" not in hit.flex:
            return None, False
        key = _key(hit.text)
        role = self.g.roles_by_phrase.get((key, qualifier)) if qualifier else None
        if role is None:
            role = self.g.roles_by_phrase.get((key, None))
        if role is None:
            return None, False
        return role.holder_on(self.day), True

    # ------------------------------------------------------------------ main loop
    def resolve(self, rows: list[dict]) -> None:
        hits = self.hits
        i = 0
        while i < len(hits):
            chain, junctions = self._chain(i)
            self._interpret(chain, junctions, rows)
            i = chain[-1] + 1

    def _chain(self, i: int) -> tuple[list[int], list[str]]:
        hits = self.hits
        chain, junctions = [i], []
        head_seen = False
        first = hits[i]
        qualifier = self._is_qualifier(first)
        if not first.is_desc and self._is_head(first):
            head_seen = True
        k = i
        while k + 1 < len(hits):
            left, right = hits[k], hits[k + 1]
            jn = self._junction(left, right)
            if jn is None:
                break
            link = False
            if k == i and qualifier and right.is_desc and jn in ("space", "poss"):
                link = True
                head_seen = False
            elif left.is_desc and not head_seen:
                allowed = ("space",) if left.title_only else ("space", "comma", "open", "close", "and")
                if jn in allowed:
                    if right.is_desc and jn != "poss":
                        link = True
                    elif self._is_head(right) and jn in ("space", "comma", "close"):
                        link = True
                        head_seen = True
            elif head_seen and jn == "open" and self._is_head(right):
                mine = {a for kind, a in left.exact if kind in ("name", "alias")}
                theirs = {a for kind, a in right.exact if kind in ("name", "alias")}
                link = bool(mine & theirs)
            if not link:
                break
            chain.append(k + 1)
            junctions.append(jn)
            k += 1
            if head_seen and jn == "open":
                break
        return chain, junctions

    def _interpret(self, chain: list[int], junctions: list[str], rows: list[dict]) -> None:
        hits = [self.hits[k] for k in chain]
        qualifier_hit = None
        qualifier = None
        if len(hits) > 1 and hits[1].is_desc and junctions[0] in ("space", "poss") and self._is_qualifier(hits[0]):
            qualifier_hit = hits[0]
            qualifier = self._is_qualifier(hits[0])
            hits, junctions = hits[1:], junctions[1:]
        if not hits[0].is_desc:
            self._standalone(hits, chain, rows)
            return
        self._segment(hits, junctions, qualifier, qualifier_hit, rows)

    def _segment(self, hits, junctions, qualifier, qualifier_hit, rows) -> None:
        """Titles/roles (+ head); split where a comma/bracket/"and" joins roles of different people."""
        head_index = next((n for n, h in enumerate(hits) if not h.is_desc), None)
        descs = hits if head_index is None else hits[:head_index]
        holders = [self._role_holder(h, qualifier) for h in descs]
        head_actor = None
        if head_index is not None:
            head = hits[head_index]
            head_actor = self._head_actor(head, has_title=True)
        target = head_actor
        if target is None:
            target = next((holder for holder, _ in reversed(holders) if holder), None)
        # Walk leftwards from the end; cut where a non-space junction joins a different person.
        cut = 0
        for n in range(len(descs) - 1, -1, -1):
            jn = junctions[n] if n < len(junctions) else "space"
            holder, _ = holders[n]
            if jn in ("space", "poss"):
                continue
            if holder is not None and target is not None and holder != target:
                cut = n + 1
                break
        if cut:
            self._segment(descs[:cut], junctions[: cut - 1], qualifier, qualifier_hit, rows)
            qualifier_hit = None
            hits, junctions = hits[cut:], junctions[cut:]
            descs = descs[cut:]
            holders = holders[cut:]
        start_hit = qualifier_hit or hits[0]
        if head_index is not None and head_actor is not None:
            head = hits[len(descs)]
            last = hits[-1]
            form = self.text[start_hit.start : head.start].rstrip(" ,(")
            title = self.text[hits[0].start : head.start].rstrip(" ,(")
            self._emit(rows, start_hit.start, last.end, head_actor, "title", form, head, title)
            return
        if head_index is not None and head_actor is None:
            return  # a title or role before a name we cannot resolve: someone else
        resolved = [holder for holder, is_role in holders if is_role and holder]
        if resolved and self._role_counts(hits, qualifier, start_hit):
            end = hits[-1].end
            form, title = self.text[start_hit.start : end], self.text[hits[0].start : end]
            self._emit(rows, start_hit.start, end, resolved[-1], "role", form, hits[0], title)
            return
        if any(is_role for _, is_role in holders):
            return  # an office we know but cannot resolve here (no date, "former"): its qualifier goes with it
        if qualifier_hit is not None and self._is_head(qualifier_hit):
            self._standalone([qualifier_hit], [], rows)

    def _role_counts(self, hits: list[_Hit], qualifier: str | None, start_hit: _Hit) -> bool:
        """Whether a role phrase without a name refers to the office holder here."""
        if _FORMER.search(self._before(start_hit)):
            return False
        after = _NEXT_WORD.match(self.text[hits[-1].end : hits[-1].end + 40])
        if after and after.group(1) not in STOP_CAPS:
            return False  # a title before a name the gazetteer does not know
        if qualifier:
            return True
        first = hits[0].text
        title_case = all(w[0].isupper() for w in first.split() if w[0].isalpha() and w.lower() not in ("of", "the"))
        return title_case or bool(_THE_BEFORE.search(self._before(start_hit, 8)))

    def _head_actor(self, head: _Hit, has_title: bool) -> str | None:
        names = head.actors_of("name", "alias")
        if names:
            return names[0]
        if head.actors_of("short"):
            return self._resolve_short(head, has_title)
        return None

    def _standalone(self, hits: list[_Hit], chain: list[int], rows: list[dict]) -> None:
        head = hits[0]
        position = head.index
        prev_hit = self.hits[position - 1] if position > 0 else None
        next_hit = self.hits[position + 1] if position + 1 < len(self.hits) else None
        end = hits[-1].end
        metonyms = head.actors_of("metonym")
        if metonyms:
            if _LOCATIVE.search(self._before(head)) or _PLACE_AFTER.match(self.text[head.end : head.end + 30]):
                return
            if self._part_of_longer_name(head, True, next_hit, prev_hit):
                return
            self._emit(rows, head.start, end, metonyms[0], "metonym", head.text, head, head.text)
            return
        names = head.actors_of("name")
        if names:
            self._emit(rows, head.start, end, names[0], "name", "", head)
            return
        aliases = head.actors_of("alias")
        if aliases:
            self._emit(rows, head.start, end, aliases[0], "alias", "", head)
            return
        if head.actors_of("short"):
            owners = self.m.short_owners.get(_key(head.text), [])
            known = any(self.g.actors[o].known_by_short for o in owners)
            compound = _COMPOUND_AFTER.match(self.text[head.end : head.end + 3])
            if not known and not compound and _THE_BEFORE.search(self._before(head, 8)):
                return  # "the West" is not Thomas West
            if self._part_of_longer_name(head, known, next_hit, prev_hit):
                return
            actor = self._resolve_short(head, has_title=False)
            if actor:
                self._emit(rows, head.start, end, actor, "partial", "", head)

    def _emit(
        self, rows, start: int, end: int, actor: str, resolution: str, form: str, hit: _Hit, title: str = ""
    ) -> None:
        info = self.g.actors[actor]
        if self.text[start:end].count("(") > self.text[start:end].count(")") and self.text[end : end + 1] == ")":
            end += 1
        if info.type == "person":
            self.introduced.add(actor)
        rows.append(
            (
                self.doc_id,
                self.s_id[hit.sentence],
                start,
                end,
                self.text[start:end],
                actor,
                info.type,
                resolution,
                self.p_id[hit.sentence],
                " ".join(form.split()),
                " ".join(title.split()),
                info.gender,
            )
        )
