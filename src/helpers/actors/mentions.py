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
from dataclasses import dataclass, field
from functools import partial
from typing import NamedTuple

import numpy as np
import pandas as pd
import regex

from helpers.actors.gazetteer import GENDERS, TYPES, Gazetteer, fold, given_names, normal
from helpers.engine import Engine, document_starts, map_documents
from helpers.patterns import prefix_tree

_WHERE_WHO = ["doc_id", "sentence_id", "start", "end", "text", "actor", "actor_type", "resolution"]
COLUMNS = _WHERE_WHO + ["known"]  # known: false for a provisional actor (helpers.actors.provisional)
DETAIL_COLUMNS = _WHERE_WHO + ["paragraph_id", "form", "title", "gender", "known", "evidence"]  # MentionRow order
RESOLUTIONS = ("name", "alias", "partial", "role", "metonym", "title", "description")

# Capitalised words that do not make a neighbouring short name part of a longer name.
STOP_CAPS = set(
    """A An The And Or But Nor For Of In On At To By From With Without Into Onto Over Under After Before
    During Since Until While When Where Why How What Who Whom Whose Which That This These Those It Its Is Are
    Was Were Be Been Has Have Had Do Does Did Will Would Shall Should Can Could May Might Must Not No Yes
    He She They We I You His Her Their Our My Your Him Them Us Me Said Says Say Told Tells Also Just Now
    Then Than So As If Yet Still Even Only Both Either Neither Each Every All Any Some Such Here There
    Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April June July
    August September October November December Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec
    Mr Mrs Ms Dr Jr Sr Later Earlier Meanwhile Instead Afterward Afterwards Separately However Moreover Indeed
    Today Tonight Yesterday Tomorrow Last Next MORE Nobody Everyone Everybody Someone Somebody Anyone Anybody""".split()
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
# A capitalised word that ends a name: not followed by another capitalised word.
_NAME_AFTER = regex.compile(r"^\s+([A-Z][\w'’\-]*)(?![\w'’\-])(?!\s+[A-Z])")
_PREV_WORD = regex.compile(r"([A-Z][\w'’\-]*)\s+$")
_JUNCTIONS = [
    ("space", regex.compile(r"^\s+$")),
    ("poss", regex.compile(r"^['’]s?\s+$")),
    ("comma", regex.compile(r"^,\s+(?:the\s+)?$")),
    ("open", regex.compile(r"^\s*\(\s*$")),
    ("close", regex.compile(r"^\s*\)\s*,?\s*$")),
    ("and", regex.compile(r"^\s+and\s+(?:the\s+)?$")),
]
COURTESY_GENDER = {"mr": "m", "mrs": "f", "ms": "f", "miss": "f"}  # titles that say whom a surname is
ENGINE = re  # the prefix-tree pattern runs faster with re than with the regex module (see benchmarks)


@dataclass
class Hit:
    """One occurrence of a gazetteer phrase in a document, with what it can stand for."""

    start: int
    end: int
    text: str
    sentence: int  # index into the document's sentence arrays
    exact: list  # [(kind, actor)] for name / alias / short / metonym / demonym
    flex: set  # {"title", "role"}
    index: int = 0  # position among the document's hits
    kinds: dict = field(default_factory=dict)  # kind → (actor, …), as in ``exact``
    head: bool = False  # names someone (a name, alias or short name), rather than describing them
    qualifier: str | None = None  # the country it names when it can qualify a role ("US", "Pakistan's")

    @property
    def is_desc(self) -> bool:
        return bool(self.flex)

    @property
    def title_only(self) -> bool:
        return "title" in self.flex and "role" not in self.flex

    def actors_of(self, *kinds: str) -> list[str] | tuple[str, ...]:
        if len(kinds) == 1:
            return self.kinds.get(kinds[0], ())  # shared between hits: a tuple, so no caller changes it
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

    def lookup(self, text: str) -> tuple[list, set, dict, bool, str | None]:
        """The (kind, actor) entries and title/role kinds a matched text stands for, and what follows
        from the entries: kind → actors, whether it names someone, the country it names."""
        found = self._seen.get(text)
        if found is None:
            key = _key(text)
            exact = [(kind, actor) for kind, actor, phrase in self.index.get(key, ()) if _case_ok(text, phrase)]
            kinds: dict[str, list[str]] = {}
            for kind, actor in exact:
                kinds.setdefault(kind, []).append(actor)
            head = any(kind in ("name", "alias", "short") for kind, _ in exact)
            qualifier = next(
                (
                    actor
                    for kind, actor in exact
                    if kind == "demonym" or (kind in ("name", "alias") and actor in self.qualifiers)
                ),
                None,
            )
            kinds = {kind: tuple(actors) for kind, actors in kinds.items()}
            found = self._seen[text] = (exact, self.flex.get(key, set()), kinds, head, qualifier)
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
    """Mentions with the columns of :func:`find_mentions` plus paragraph_id, form, title, gender.

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
    parts = [part for part in parts if len(part)] or [empty_mentions(gazetteer)]
    table = categorical_mentions(pd.concat(parts, ignore_index=True), gazetteer)
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


def mentions_of_partition(parts: dict[str, pd.DataFrame], gazetteer: Gazetteer, extra=None) -> pd.DataFrame:
    """The detailed mentions of one partition of whole documents (see :func:`helpers.engine.map_documents`).

    ``parts["docs"]`` has doc_id, date and text; ``parts["sentences"]`` the documents' sentences
    (doc_id, sentence_id, paragraph_id, start, end), by document and start. ``extra``, if given,
    is called with each :class:`Document` and its gazetteer mentions and returns more rows for it
    (the provisional actors of :mod:`helpers.actors.provisional`); a returned row for the same
    words as a gazetteer row replaces that row.
    """
    matcher = matcher_for(gazetteer)
    rows: list[MentionRow] = []
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
        document = Document(
            doc_id=doc_id,
            text=texts[number],
            day=None if pd.isna(date) else pd.Timestamp(date).date(),
            sentence_starts=arrays["start"][first:last],
            sentence_ends=arrays["end"][first:last],
            sentence_ids=arrays["sentence_id"][first:last],
            paragraph_ids=arrays["paragraph_id"][first:last],
        )
        first_row = len(rows)
        Resolver(matcher, document, rows).resolve()
        if extra is not None:
            added = extra(document, rows[first_row:])
            if added:
                # An added row for the same words as a gazetteer row replaces it.
                spans = {(row.start, row.end) for row in added}
                kept = [row for row in rows[first_row:] if (row.start, row.end) not in spans]
                rows[first_row:] = sorted(kept + added, key=lambda row: row.start)
    return _mention_frame(rows, gazetteer)


def _dtypes(gazetteer: Gazetteer, names=()) -> dict[str, pd.CategoricalDtype]:
    return {
        "actor": pd.CategoricalDtype(sorted(set(gazetteer.actors).union(names))),
        "actor_type": pd.CategoricalDtype(sorted(TYPES)),
        "resolution": pd.CategoricalDtype(sorted(RESOLUTIONS)),
        "gender": pd.CategoricalDtype(sorted(GENDERS)),
    }


def _mention_frame(rows: list[MentionRow], gazetteer: Gazetteer) -> pd.DataFrame:
    table = pd.DataFrame.from_records(rows, columns=DETAIL_COLUMNS, nrows=len(rows))
    table[["start", "end"]] = table[["start", "end"]].astype("int64")
    table["known"] = table["known"].astype(bool)
    for name in ("doc_id", "sentence_id", "paragraph_id", "text", "form", "title", "evidence"):
        table[name] = table[name].astype("str")
    return categorical_mentions(table, gazetteer)


def categorical_mentions(table: pd.DataFrame, gazetteer: Gazetteer) -> pd.DataFrame:
    """The mention table with actor, actor_type, resolution and gender categorical; the actor's
    categories are the gazetteer's actors and the provisional actors the table names."""
    provisional = table.loc[~table["known"], "actor"].astype(str).unique() if len(table) else ()
    return table.astype({"actor": object}).astype(_dtypes(gazetteer, provisional))


def empty_mentions(gazetteer: Gazetteer) -> pd.DataFrame:
    """A mention table without rows, with the columns and types of :func:`find_mentions_detailed`."""
    return _mention_frame([], gazetteer)


class MentionRow(NamedTuple):
    """One row of :func:`find_mentions_detailed` (a named tuple: rows are many, and tuples are cheap)."""

    doc_id: str
    sentence_id: str
    start: int
    end: int
    text: str
    actor: str
    actor_type: str
    resolution: str
    paragraph_id: str
    form: str
    title: str
    gender: str
    known: bool = True  # False: a provisional actor (helpers.actors.provisional)
    evidence: str = ""  # a provisional actor's type evidence ("title: Sen.; speech verb: said")


@dataclass(frozen=True)
class Document:
    """One document's text, date and sentences (offsets into the text), and questions about its words."""

    doc_id: str
    text: str
    day: dt.date | None
    sentence_starts: np.ndarray
    sentence_ends: np.ndarray
    sentence_ids: np.ndarray
    paragraph_ids: np.ndarray

    def before(self, start: int, width: int = 40) -> str:
        """The ``width`` characters before offset ``start``."""
        return self.text[max(0, start - width) : start]

    def after(self, end: int, width: int = 40) -> str:
        """The ``width`` characters after offset ``end``."""
        return self.text[end : end + width]

    def junction(self, left: Hit, right: Hit) -> str | None:
        """How two neighbouring hits of one sentence are joined (:data:`_JUNCTIONS`), or None."""
        if left.sentence != right.sentence:
            return None
        between = self.text[left.end : right.start]
        if len(between) > 12:
            return None
        for name, pattern in _JUNCTIONS:
            if pattern.match(between):
                return name
        return None

    def part_of_longer_name(self, hit: Hit, known: bool, next_hit: Hit | None, prev_hit: Hit | None) -> bool:
        """A short name or metonym that is one word of a longer capitalised name ("Munir Akram")."""
        after = _NEXT_WORD.match(self.after(hit.end))
        if after and after.group(1) not in STOP_CAPS:
            if not (next_hit and next_hit.start == hit.end + after.start(1)):
                return True
        before = _PREV_WORD.search(self.before(hit.start))
        if known:
            # Widely known by the short name, unless a given name stands before it ("Sarah Sanders").
            if not before or before.group(1) not in given_names():
                return False
            return not (prev_hit and prev_hit.start == hit.start - len(before.group(0)))  # the given name is no hit
        if before and before.group(1) not in STOP_CAPS:
            word_start = hit.start - (len(before.group(0)))
            at_sentence_start = word_start <= int(self.sentence_starts[hit.sentence])
            if not at_sentence_start and not (prev_hit and prev_hit.end == word_start + len(before.group(1))):
                return True
        return False


def find_hits(matcher: Matcher, document: Document) -> list[Hit]:
    """Every phrase of the gazetteer in the document that lies inside one sentence, in text order."""
    found = matcher.hits(document.text)
    if not found:
        return []
    starts = [hit[0] for hit in found]
    where = (np.searchsorted(document.sentence_starts, starts, side="right") - 1).tolist()
    ends = document.sentence_ends.tolist()
    lookup = matcher.lookup
    hits = []
    for (start, end, text), sentence in zip(found, where, strict=True):
        if sentence < 0 or end > ends[sentence]:
            continue
        exact, flex, kinds, head, qualifier = lookup(text)
        if exact or flex:
            hits.append(Hit(start, end, text, sentence, exact, flex, len(hits), kinds, head, qualifier))
    return hits


def chain_at(matcher: Matcher, document: Document, hits: list[Hit], i: int) -> tuple[list[int], list[str]]:
    """The hits from ``hits[i]`` on that read as one noun phrase, and the junctions between them.

    A qualifier, then titles and roles, then a name, then an acronym in brackets (see the module
    docstring, step 2).
    """
    chain, junctions = [i], []
    head_seen = False
    first = hits[i]
    qualifier = first.qualifier
    if not first.is_desc and first.head:
        head_seen = True
    k = i
    while k + 1 < len(hits):
        left, right = hits[k], hits[k + 1]
        joined = document.junction(left, right)
        if joined is None:
            break
        link = False
        if k == i and qualifier and right.is_desc and joined in ("space", "poss"):
            link = True
            head_seen = False
        elif left.is_desc and not head_seen:
            allowed = ("space",) if left.title_only else ("space", "comma", "open", "close", "and")
            if joined in allowed:
                if right.is_desc and joined != "poss":
                    link = True
                elif right.head and joined in ("space", "comma", "close"):
                    link = True
                    head_seen = True
        elif head_seen and joined == "open" and right.head:
            mine = {a for kind, a in left.exact if kind in ("name", "alias")}
            theirs = {a for kind, a in right.exact if kind in ("name", "alias")}
            link = bool(mine & theirs)
        if not link:
            break
        chain.append(k + 1)
        junctions.append(joined)
        k += 1
        if head_seen and joined == "open":
            break
    return chain, junctions


class Resolver:
    """Turns one document's hits into mentions, in text order (see the module docstring, step 3).

    What it remembers while it reads: the people introduced so far, which decide what a surname
    alone refers to.
    """

    def __init__(self, matcher: Matcher, document: Document, rows: list[MentionRow]):
        self.matcher = matcher
        self.gazetteer = matcher.gazetteer
        self.document = document
        self.rows = rows
        self.hits = find_hits(matcher, document)
        self.introduced: set[str] = set()

    def resolve(self) -> None:
        """Append the document's mentions to ``rows``."""
        i = 0
        while i < len(self.hits):
            chain, junctions = chain_at(self.matcher, self.document, self.hits, i)
            self._interpret([self.hits[k] for k in chain], junctions)
            i = chain[-1] + 1

    # ------------------------------------------------------------------ who a hit names
    def _resolve_short(self, hit: Hit, has_title: bool, gender: str = "") -> str | None:
        owners = self.matcher.short_owners.get(_key(hit.text), [])
        if gender:
            # "Mr. Clinton" is not Hillary Clinton: a courtesy title's gender rules out the others.
            owners = [name for name in owners if self.gazetteer.actors[name].gender in ("", gender)]
            if not owners:
                # "Mrs Sanders" after "Sarah Sanders" (an alias of Sarah Huckabee Sanders): someone
                # introduced whose name ends with the word.
                word = _key(hit.text)
                owners = [
                    name for name in sorted(self.introduced)
                    if self.gazetteer.actors[name].gender in ("", gender)
                    and any(_key(alias).split()[-1] == word for alias in (name, *self.gazetteer.actors[name].aliases))
                ]  # fmt: skip
                return owners[0] if len(owners) == 1 else None
        if not owners:
            return None
        introduced = [name for name in owners if name in self.introduced]
        if len(introduced) == 1:
            return introduced[0]
        if len(introduced) > 1:
            return None
        known = [name for name in owners if self.gazetteer.actors[name].known_by_short]
        if len(known) == 1:
            return known[0]
        if has_title and len(owners) == 1:
            return owners[0]
        in_office = [name for name in owners if self.gazetteer.holds_office(name, self.document.day)]
        if len(in_office) == 1:
            return in_office[0]
        return None

    def _role_holder(self, hit: Hit, qualifier: str | None) -> tuple[str | None, bool]:
        """(holder on the document's date, whether the phrase names a role at all)."""
        if "role" not in hit.flex:
            return None, False
        key = _key(hit.text)
        role = self.gazetteer.roles_by_phrase.get((key, qualifier)) if qualifier else None
        if role is None:
            role = self.gazetteer.roles_by_phrase.get((key, None))
        if role is None:
            return None, False
        if qualifier and role.country != qualifier:
            return None, True  # "French Secretary of State": the office, but not the default country's holder
        return role.holder_on(self.document.day), True

    def _head_actor(self, head: Hit, has_title: bool, gender: str = "") -> str | None:
        names = head.actors_of("name", "alias")
        if names:
            return names[0]
        if head.actors_of("short"):
            return self._resolve_short(head, has_title, gender)
        return None

    # ------------------------------------------------------------------ chains
    def _interpret(self, hits: list[Hit], junctions: list[str]) -> None:
        qualifier_hit = None
        qualifier = None
        if len(hits) > 1 and hits[1].is_desc and junctions[0] in ("space", "poss"):
            qualifier = hits[0].qualifier
            if qualifier:
                qualifier_hit = hits[0]
                hits, junctions = hits[1:], junctions[1:]
        if not hits[0].is_desc:
            self._standalone(hits)
            return
        self._segment(hits, junctions, qualifier, qualifier_hit)

    def _segment(self, hits: list[Hit], junctions: list[str], qualifier: str | None, qualifier_hit: Hit | None):
        """Titles/roles (+ head); split where a comma/bracket/"and" joins roles of different people."""
        head_index = next((n for n, h in enumerate(hits) if not h.is_desc), None)
        descs = hits if head_index is None else hits[:head_index]
        holders = [self._role_holder(h, qualifier) for h in descs]
        courtesy = COURTESY_GENDER.get(descs[-1].text.rstrip(".").lower(), "") if descs else ""
        head_actor = None if head_index is None else self._head_actor(hits[head_index], True, courtesy)
        target = head_actor
        if target is None:
            target = next((holder for holder, _ in reversed(holders) if holder), None)
        cut = _cut_between_people(holders, junctions, target)
        if cut:
            self._segment(descs[:cut], junctions[: cut - 1], qualifier, qualifier_hit)
            qualifier_hit = None
            hits, junctions = hits[cut:], junctions[cut:]
            descs = descs[cut:]
            holders = holders[cut:]
        start_hit = qualifier_hit or hits[0]
        if head_index is not None:
            head = hits[len(descs)]
            if head_actor is not None and not head.actors_of("name", "alias"):
                after = _NAME_AFTER.match(self.document.after(head.end))
                if after and after.group(1) not in STOP_CAPS:
                    # "Sen. Paul Orrin said" is not Rand Paul: the short name begins a longer one. Not in
                    # a headline's run of capitals ("Sen. Sanders Praised The Health Care Plan").
                    head_actor = None
            if head_actor is None:
                return  # a title or role before a name we cannot resolve: someone else
            head = hits[len(descs)]
            form = self.document.text[start_hit.start : head.start].rstrip(" ,(")
            title = self.document.text[hits[0].start : head.start].rstrip(" ,(")
            self._emit(start_hit.start, hits[-1].end, head_actor, "title", form, head, title)
            return
        resolved = [holder for holder, is_role in holders if is_role and holder]
        if resolved and self._role_counts(hits, qualifier, start_hit):
            end = hits[-1].end
            form, title = self.document.text[start_hit.start : end], self.document.text[hits[0].start : end]
            self._emit(start_hit.start, end, resolved[-1], "role", form, hits[0], title)
            return
        if any(is_role for _, is_role in holders):
            return  # an office we know but cannot resolve here (no date, "former"): its qualifier goes with it
        if qualifier_hit is not None and qualifier_hit.head:
            self._standalone([qualifier_hit])

    def _role_counts(self, hits: list[Hit], qualifier: str | None, start_hit: Hit) -> bool:
        """Whether a role phrase without a name refers to the office holder here."""
        if _FORMER.search(self.document.before(start_hit.start)):
            return False
        after = _NEXT_WORD.match(self.document.after(hits[-1].end))
        if after and after.group(1) not in STOP_CAPS:
            return False  # a title before a name the gazetteer does not know
        if qualifier:
            return True
        first = hits[0].text
        title_case = all(w[0].isupper() for w in first.split() if w[0].isalpha() and w.lower() not in ("of", "the"))
        return title_case or bool(_THE_BEFORE.search(self.document.before(start_hit.start, 8)))

    def _standalone(self, hits: list[Hit]) -> None:
        """A name, alias, short name or metonym with no title or role before it."""
        head = hits[0]
        position = head.index
        prev_hit = self.hits[position - 1] if position > 0 else None
        next_hit = self.hits[position + 1] if position + 1 < len(self.hits) else None
        end = hits[-1].end
        document = self.document
        metonyms = head.actors_of("metonym")
        if metonyms:
            if _LOCATIVE.search(document.before(head.start)) or _PLACE_AFTER.match(document.after(head.end, 30)):
                return
            if document.part_of_longer_name(head, True, next_hit, prev_hit):
                return
            self._emit(head.start, end, metonyms[0], "metonym", head.text, head, head.text)
            return
        names = head.actors_of("name")
        if names:
            self._emit(head.start, end, names[0], "name", "", head)
            return
        aliases = head.actors_of("alias")
        if aliases:
            self._emit(head.start, end, aliases[0], "alias", "", head)
            return
        if head.actors_of("short"):
            owners = self.matcher.short_owners.get(_key(head.text), [])
            known = any(self.gazetteer.actors[o].known_by_short for o in owners)
            compound = _COMPOUND_AFTER.match(document.after(head.end, 3))
            if not known and not compound and _THE_BEFORE.search(document.before(head.start, 8)):
                return  # "the West" is not Thomas West
            if document.part_of_longer_name(head, known, next_hit, prev_hit):
                return
            actor = self._resolve_short(head, has_title=False)
            if actor:
                self._emit(head.start, end, actor, "partial", "", head)

    def _emit(self, start: int, end: int, actor: str, resolution: str, form: str, hit: Hit, title: str = "") -> None:
        info = self.gazetteer.actors[actor]
        document = self.document
        text = document.text
        written = text[start:end]
        if written.count("(") > written.count(")") and text[end : end + 1] == ")":
            end += 1
            written = text[start:end]
        if info.type == "person":
            self.introduced.add(actor)
        sentence = hit.sentence
        self.rows.append(
            MentionRow(
                document.doc_id,
                document.sentence_ids[sentence],
                start,
                end,
                written,
                actor,
                info.type,
                resolution,
                document.paragraph_ids[sentence],
                " ".join(form.split()) if form else "",
                " ".join(title.split()) if title else "",
                info.gender,
            )
        )


def _cut_between_people(holders: list[tuple[str | None, bool]], junctions: list[str], target: str | None) -> int:
    """Where a chain of roles joined by a comma, bracket or "and" turns to another person (0: nowhere).

    Walks leftwards from the end: the first non-space junction before a role held by someone other
    than ``target`` (the person the chain ends with) cuts the chain there.
    """
    for n in range(len(holders) - 1, -1, -1):
        joined = junctions[n] if n < len(junctions) else "space"
        holder, _ = holders[n]
        if joined in ("space", "poss"):
            continue
        if holder is not None and target is not None and holder != target:
            return n + 1
    return 0
