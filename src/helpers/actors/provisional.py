"""People, organisations and places the gazetteer does not list, counted as provisional actors.

A news corpus names far more people than any gazetteer lists; leaving them out would make every
actor table, and the question of who gets to speak, depend on what the gazetteer happened to
know. So, document by document, after the gazetteer's mentions are resolved
(:mod:`helpers.actors.mentions`), runs of capitalised words that no gazetteer mention covers are
read as names (the same candidates as :mod:`helpers.actors.discovery` suggests) and kept as
**provisional actors** (``known`` false) when the document gives evidence of what they are:

* **person**: a title before the name ("Sen. Jane Doe", "Mr. Rahami"), a common given name as its
  first word (``resources/given_names.txt``, which also gives the gender "he" and "she" need), a
  speech verb after it ("Kelly Shackelford, the group's president, said"), or its last word used
  alone later in the document ("… Pizer said");
* **organisation**: a word such as Institute, Party, Ministry, Committee in the name;
* **place**: "in", "at", "from" or "near" before the name and no evidence of a person.

A run of two or more names joined by "and" is several actors ("Sukkur and Larkana") unless it is
an organisation's name. A run whose every word the corpus also writes in lower case is ordinary
words ("Replay More Videos"), not a name, unless a title, a given name or a speech verb after it
says otherwise ("Young Pioneer Tours says"). A provisional person's surname alone, later in the
same document, is a ``partial`` mention of them (so is the first word of a name whose first word
is no given name: "Chang Kyung-soo" → "Chang"; a surname two people share goes to the one named
first); a title and the surname, a ``title`` mention. An actor has one gender and one type per
document, and one type over the corpus (the one most of its mentions have). What gave the type
away is in the ``evidence`` column. A user gazetteer that lists the name makes it a known actor
(and can merge or rename it); one that lists it under ``not_actors`` drops it and its words.
"""

from __future__ import annotations

import bisect
import json
import re
from dataclasses import dataclass, field
from functools import partial

import pandas as pd
import regex

from helpers.actors.descriptions import description_rows
from helpers.actors.discovery import (
    ORG_WORDS,
    UNSAFE,
    Twin,
    candidate_pattern,
    fast_candidate_pattern,
    lower_words,
    name_of,
)  # fmt: skip
from helpers.actors.gazetteer import Gazetteer, fold, given_names
from helpers.actors.mentions import (
    STOP_CAPS,
    Document,
    MentionRow,
    categorical_mentions,
    empty_mentions,
    matcher_for,
    mentions_of_partition,
)
from helpers.engine import Engine, map_documents

# Speech verbs that are verbs whatever precedes them ("states", "claims", "notes", "reports" are as
# often nouns: "the Pacific Northwest states of Oregon").
SPEECH = (
    "said|says|told|tells|added|adds|wrote|writes|tweeted|tweets|argued|argues|explained|warned|warns|insisted|"
    "replied|responded|testified|acknowledged|stressed|recalled|cautioned|countered|conceded|complained|"
    "predicted|declared|announced|asked|according\\s+to"
)
_SPEECH_AFTER = Twin(rf"^(?:[’']s)?(?:,[^,.;:“”\"]{{2,80}},)?(?:\s+\w+ly)?\s+(?P<verb>{SPEECH})\b")
_SPEECH_BEFORE = Twin(rf"(?:[,”\"]\s*|\b)(?P<verb>{SPEECH})\s+$")
# Words that name a position, before a name the gazetteer does not know ("District Judge Nicholas
# Garaufis", "Sheriff Joe Lombardo"): the name is what follows them, and they are its title.
POSITION_WORDS = frozenset(
    """Judge Justice Sheriff Attorney Commissioner Director Secretary Spokesman Spokeswoman Spokesperson
    Chief Officer Professor Prof Economist Analyst Reporter Correspondent Ambassador Minister Chairman
    Chairwoman Chair President Governor Mayor Senator Representative Leader Counsel Manager Editor
    Adviser Advisor Aide Inspector Superintendent Captain Lieutenant Sergeant Detective Officer Agent
    Pastor Bishop Rabbi Imam Deputy Founder CEO Executive Coach Trooper Prosecutor General Sen Rep Gov Gen Lt Col
    Sgt Dr Mr Mrs Ms Rev Capt Adm Maj Atty Speaker Whip Chancellor Premier Commander Envoy Administrator
    Auditor Treasurer Comptroller""".split()
)
# Groups of people the news lets speak without a name ("Officials said", "Witnesses told …"): at the
# start of a sentence they are capitalised, and in a small corpus they may never appear in lower case.
_GROUP_NOUNS = frozenset(
    """officials witnesses residents analysts critics experts authorities investigators prosecutors
    lawmakers legislators sources protesters protestors demonstrators organizers organisers activists
    observers scientists researchers doctors economists diplomats aides advisers advisors supporters
    opponents officers troops soldiers rebels militants insurgents voters locals parents students
    teachers workers employees executives leaders negotiators police rescuers survivors victims families
    relatives neighbors neighbours villagers farmers refugees migrants immigrants""".split()
)
_COURTESY_GENDER = {"Mr": "m", "Mrs": "f", "Ms": "f", "Miss": "f", "Dr": ""}
# A lower-case word for what someone does, right before a name ("Islam expert Hakim el Karoui").
_ROLE_BEFORE = Twin(
    r"(?<![\w-])(expert|analyst|economist|professor|researcher|scholar|historian|scientist|strategist|pollster|"
    r"consultant|commentator|journalist|reporter|editor|columnist|lawyer|attorney|author|activist|spokesman|"
    r"spokeswoman|spokesperson|adviser|advisor|aide|official|founder|director|executive|actress|actor|singer|"
    r"rapper|comedian|pastor|rabbi|imam|priest|doctor|nurse|teacher|student)\s+$"
)
_LOCATIVE = Twin(r"\b(?:in|at|from|near|outside|across)\s+$")
# The last letters of the words those two patterns end with: text whose last word ends otherwise
# cannot match, and most text does not (a cheap test before the search).
_SPEECH_LAST = frozenset(word[-1] for word in SPEECH.split("|"))
_LOCATIVE_LAST = frozenset("nmtrse")
_AND = regex.compile(r"\s+and\s+")
_POSSESSIVE = regex.compile(r"['’]s\s+")
_OF = regex.compile(r"\s+of\s+(?:the\s+)?")
_FOR_THE = regex.compile(r"\s+for\s+the\s+")
_MIDDLE_INITIAL = regex.compile(r"\s+\p{Lu}\.\s+")
# One word and then only a day or month after a particle ("Scaramucci on Sunday", "Khan in March").
_ALONE_BEFORE = regex.compile(
    r"^\S+\s+(?:on|in)\s+(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|"
    r"April|May|June|July|August|September|October|November|December)$"
)


@dataclass
class _Scanner:
    """What the name scan needs from one gazetteer, built once per worker."""

    gazetteer: Gazetteer
    lower: frozenset[str]
    slow: regex.Pattern = field(init=False)
    fast: re.Pattern = field(init=False)
    known_words: set[str] = field(init=False)
    phrases: set[str] = field(init=False)
    title_before: regex.Pattern = field(init=False)
    peoples: set[str] = field(init=False)
    title_ends: set[str] = field(init=False)
    dropped_words: set[str] = field(init=False)

    def name_of(self, raw: str, at_start: bool) -> tuple[int, str] | None:
        """:func:`helpers.actors.discovery.name_of` of a matched run, remembered (runs repeat)."""
        key = (raw, at_start)
        found = self._names.get(key, _UNSEEN)
        if found is _UNSEEN:
            found = self._names[key] = name_of(raw, at_start, self.lower, self.known_words, self.phrases)
        return found

    def parts(self, name: str) -> list[tuple[str, int, str, str]]:
        """:func:`_parts` of a name, remembered."""
        found = self._parts.get(name)
        if found is None:
            found = self._parts[name] = _parts(name)
        return found

    def __post_init__(self):
        self._names: dict = {}
        self._parts: dict = {}
        titles = sorted({*self.gazetteer.titles, *_COURTESY_GENDER, *(t + "." for t in _COURTESY_GENDER)}, key=len)
        self.title_ends = {title.split()[-1] for title in titles}
        # Where a title's last word and white space end: the only places a name can follow one.
        ends = sorted(self.title_ends, key=len, reverse=True)
        self.after_title_end = re.compile("(?:" + "|".join(re.escape(end) for end in ends) + r")\s+")
        self.dropped_words = {word for name in self.gazetteer.not_actors for word in name.split()}
        # A title right before a name that the scan read apart from it ("… and Gov. Ann Lasky").
        self.title_before = regex.compile(
            r"(?<![\w.])(?P<t>" + "|".join(regex.escape(t) for t in reversed(titles)) + r")\s+$"
        )
        self.slow = candidate_pattern(self.gazetteer)
        self.fast = fast_candidate_pattern(self.gazetteer)
        demonyms = {word for actor in self.gazetteer.actors.values() for word in actor.demonyms}
        self.peoples = demonyms | {d + "s" for d in demonyms}
        self.known_words = self.peoples | set(self.gazetteer.titles) | STOP_CAPS
        matcher = matcher_for(self.gazetteer)
        self.phrases = set(matcher.index) | set(matcher.flex) | {fold(name) for name in self.gazetteer.not_actors}


_UNSEEN = object()


@dataclass
class _Name:
    """A provisional name in one document: where it occurs, and the evidence for its type."""

    name: str
    spans: list[tuple[int, int, int, str]] = field(default_factory=list)  # start, end, sentence, title
    evidence: dict[str, str] = field(default_factory=dict)  # kind → what showed it
    gender: str = ""
    checked: bool = False  # whether the name's own words were read for evidence

    def kind(self) -> str | None:
        """person / organisation / place, or None when nothing in the document says."""
        evidence = self.evidence.keys()
        if evidence & {"organisation word", "where someone works"} and "title" not in evidence:
            return "organisation"
        if evidence & {"title", "surname used alone", "role before"}:
            return "person"
        if "place word before" in evidence:
            return "place"  # "in Virginia Beach", "South Sudan said": a place speaks too
        return "person" if evidence & {"given name", "speech verb"} else None


def find_actor_mentions(
    sentences: pd.DataFrame,
    docs: pd.DataFrame,
    gazetteer: Gazetteer,
    engine: Engine | None = None,
    lowered: set[str] | None = None,
) -> pd.DataFrame:
    """The gazetteer's mentions (:func:`helpers.actors.mentions.find_mentions_detailed`), the
    provisional actors' (``known`` false) and the descriptions that refer back to either
    (:mod:`helpers.actors.descriptions`), in document order.

    Args:
        sentences: the loader's sentences (with ``text``).
        docs: the loader's documents.
        gazetteer: the gazetteer in use.
        engine: where to run, partition by partition of whole documents.
        lowered: the words the corpus writes in lower case (:func:`helpers.actors.discovery.lower_words`);
            None: read from ``sentences``. Pass the whole corpus's when ``sentences`` is a part of
            it, so a document's actors do not depend on which others were read with it.
    """
    lowered = frozenset(lower_words(sentences["text"]) if lowered is None else lowered)
    texts = docs["text"]
    kept = docs.loc[texts.notna() & (texts.astype("string").str.len() > 0), ["doc_id", "date", "text"]]
    kept = kept.drop_duplicates("doc_id")
    frames = {"docs": kept, "sentences": sentences[["doc_id", "sentence_id", "paragraph_id", "start", "end"]]}
    matcher_for(gazetteer)  # compiled here once; forked workers inherit it
    extra = partial(_more_rows, scanner=_Scanner(gazetteer, lowered))
    parts = map_documents(
        partial(mentions_of_partition, gazetteer=gazetteer, extra=extra), frames, kept["doc_id"], engine,
        "actor mentions", within={"sentences": "start"},
    )  # fmt: skip
    parts = [part for part in parts if len(part)] or [empty_mentions(gazetteer)]
    table = categorical_mentions(pd.concat(parts, ignore_index=True), gazetteer)
    return _one_type(table).sort_values(["doc_id", "start"], ignore_index=True)


def _one_type(table: pd.DataFrame) -> pd.DataFrame:
    """One type per provisional actor over the corpus, the one most of its mentions have (ties:
    person, organisation, place), so that every table has one row per actor."""
    unknown = ~table["known"]
    if not unknown.any():
        return table
    counts = table.loc[unknown].groupby(["actor", "actor_type"], observed=True).size().rename("n").reset_index()
    counts["order"] = counts["actor_type"].astype(str).map({"person": 0, "organisation": 1, "place": 2}).fillna(3)
    chosen = counts.sort_values(["actor", "n", "order"], ascending=[True, False, True]).drop_duplicates("actor")
    kind = dict(zip(chosen["actor"].astype(str), chosen["actor_type"].astype(str), strict=True))
    types = table["actor_type"].astype(str).to_numpy(copy=True)
    actors = table["actor"].astype(str).to_numpy()
    mask = unknown.to_numpy()
    types[mask] = [kind[actor] for actor in actors[mask]]
    return table.assign(actor_type=pd.Categorical(types, dtype=table["actor_type"].dtype))


SUGGESTION_COLUMNS = [
    "candidate", "type_guess", "evidence", "count", "documents", "sources", "example", "doc_id", "yaml",
]  # fmt: skip


def suggestions(
    mentions: pd.DataFrame, docs: pd.DataFrame, sentences: pd.DataFrame, min_count: int = 2
) -> pd.DataFrame:
    """The provisional actors, most mentioned first, to name, merge or remove in a gazetteer.

    Args:
        mentions: from :func:`find_actor_mentions` (needs ``known`` and ``evidence``).
        docs: documents (doc_id, source).
        sentences: the loader's sentences (for the example).
        min_count: leave out those mentioned fewer times.

    Returns:
        candidate, type_guess (the type the provisional actor is counted as), evidence (what the
        first document showed: "title: Sen.; speech verb: said"), count (mentions), documents,
        sources, example (the first sentence that names it), doc_id (of the example), yaml (a line
        to paste under ``actors:``; under ``not_actors:`` the name alone removes it). The line
        starts with spaces so no spreadsheet reads it as a formula.
    """
    unknown = mentions.loc[~mentions["known"].astype(bool)]
    if unknown.empty:
        return pd.DataFrame(columns=SUGGESTION_COLUMNS)
    with_source = unknown.merge(docs[["doc_id", "source"]], on="doc_id", how="left")
    grouped = with_source.groupby("actor", observed=True, sort=False)
    table = pd.DataFrame(
        {
            "type_guess": grouped["actor_type"].first().astype(str),
            "evidence": grouped["evidence"].first(),
            "count": grouped.size(),
            "documents": grouped["doc_id"].nunique(),
            "sources": grouped["source"].nunique(),
            "doc_id": grouped["doc_id"].first(),
            "sentence_id": grouped["sentence_id"].first(),
        }
    )
    table = table.loc[table["count"] >= min_count].rename_axis("candidate").reset_index()
    text = sentences.drop_duplicates(["doc_id", "sentence_id"]).set_index(["doc_id", "sentence_id"])["text"]
    keys = pd.MultiIndex.from_arrays([table["doc_id"], table["sentence_id"]])
    table["example"] = text.reindex(keys).to_numpy()
    table["candidate"] = table["candidate"].astype(str)
    table["yaml"] = [
        f"  - {{name: {json.dumps(name, ensure_ascii=False)}, type: {kind}}}"
        for name, kind in zip(table["candidate"], table["type_guess"], strict=True)
    ]
    table = table[SUGGESTION_COLUMNS]
    return table.sort_values(["count", "documents", "candidate"], ascending=[False, False, True], ignore_index=True)


def _more_rows(document: Document, known: list[MentionRow], scanner: _Scanner) -> list[MentionRow]:
    """A document's provisional mentions and its descriptions (:mod:`helpers.actors.descriptions`)."""
    provisional = provisional_rows(document, known, scanner)
    return provisional + description_rows(document, known + provisional, scanner.gazetteer)


def provisional_rows(document: Document, known: list[MentionRow], scanner: _Scanner) -> list[MentionRow]:
    """The provisional actors' mentions in one document, given the gazetteer's mentions ``known`` (in order)."""
    spans = sorted((row.start, row.end) for row in known)
    starts = [start for start, _ in spans]
    reach = []
    for _, end in spans:
        reach.append(max(end, reach[-1]) if reach else end)

    def covered(start: int, end: int) -> bool:
        at = bisect.bisect_left(starts, end)
        return bool(at) and reach[at - 1] > start

    names, found_singles = _collect(document, scanner, covered)
    # One entry per word, none inside a name already read: "Zhao Lijian" is not also "Lijian".
    inside = sorted((start, end) for found in names.values() if found.kind() for start, end, _, _ in found.spans)
    singles = []
    for single in sorted(found_singles, key=lambda single: (single[1], single[4] == "")):
        at = bisect.bisect_right(inside, (single[1], float("inf"))) - 1
        if (singles and singles[-1][1] == single[1]) or (at >= 0 and inside[at][1] >= single[2]):
            continue
        singles.append(single)
    dropped = scanner.dropped_words
    people = {
        name: found
        for name, found in names.items()
        if len(name.split()) > 1 and not ORG_WORDS.search(name) and "where someone works" not in found.evidence
    }
    surnames = _surnames(people)
    acronyms = _acronyms(names)
    rows: list[MentionRow] = []
    used: set[int] = set()
    for word, start, end, sentence, title in singles:
        if word in dropped:
            continue  # a word of a name the gazetteer lists under not_actors
        spelled = acronyms.get(word)
        if spelled is not None and spelled.spans[0][0] < start:
            # "the Consumer Financial Protection Bureau … The CFPB said": the initials of a name written out before.
            spelled.evidence.setdefault("initials used alone", word)
            rows.append(_row(document, spelled, start, end, sentence, "", "alias"))
            used.add(start)
            continue
        # Among people sharing the surname, the one named first: the article's subject, in news
        # writing ("Chelsea Manning … formerly Bradley Manning … Manning said").
        owners = sorted((people[name].spans[0][0], name) for name in surnames.get(word, []))
        if owners and owners[0][0] < start:
            owner = people[owners[0][1]]
            owner.evidence.setdefault("surname used alone", word)
            rows.append(_row(document, owner, start, end, sentence, title, "partial" if not title else "title"))
            used.add(start)
    rows += _surnames_taken_back(document, known, people, surnames, scanner.gazetteer)
    rows += _organisations_shortened(document, known, names, singles, used, scanner.phrases)
    for found in names.values():
        kind = found.kind()
        if kind is None:
            continue
        for start, end, sentence, title in found.spans:
            rows.append(_row(document, found, start, end, sentence, title, "title" if title else "name", kind))
    for row_number, row in enumerate(rows):
        if row.actor_type == "":
            rows[row_number] = row._replace(actor_type=names[row.actor].kind() or "person")
    for word, start, end, sentence, title in singles:
        acronym = word.replace("-", "").isupper()
        if (
            start in used
            or word in dropped
            or word in STOP_CAPS
            or fold(word) in scanner.phrases
            or word in scanner.peoples
            or (not acronym and document.text[max(0, start - 4) : start] == "the ")  # "the Democrat said"
            or (word.lower() in scanner.lower and not acronym)
            or word.lower() in _GROUP_NOUNS
            or len(word) < 3
        ):
            continue
        speech = None if title else _SPEECH_AFTER.match(document.text[end : end + 90])
        if not (title or speech):
            continue
        single = names.get(word) or _Name(word)
        single.gender = single.gender or _COURTESY_GENDER.get(title.rstrip("."), "")
        single.evidence.setdefault("title" if title else "speech verb", title or speech.group("verb"))
        kind = "person" if title else "organisation" if word.isupper() or ORG_WORDS.search(word) else "person"
        rows.append(_row(document, single, start, end, sentence, title, "title" if title else "name", kind))
        used.add(start)
    return _one_each(_listed_with_initials(rows, names, scanner.gazetteer))


# Formal given names and the short forms papers also write (either way round): "Bernard Sanders" is
# the listed Bernie Sanders, "Charles Schumer" the listed Chuck Schumer.
_NAME_FORMS = [
    ("Alexander", "Alex"), ("Andrew", "Andy"), ("Anthony", "Tony"), ("Benjamin", "Ben"), ("Bernard", "Bernie"),
    ("Bradley", "Brad"), ("Charles", "Chuck"), ("Charles", "Charlie"), ("Christopher", "Chris"), ("Cynthia", "Cindy"),
    ("Daniel", "Dan"), ("David", "Dave"), ("Deborah", "Debbie"), ("Donald", "Don"), ("Douglas", "Doug"),
    ("Edward", "Ed"), ("Edward", "Ted"), ("Elizabeth", "Liz"), ("Frederick", "Fred"), ("Gerald", "Jerry"),
    ("Gregory", "Greg"), ("James", "Jim"), ("James", "Jimmy"), ("Jeffrey", "Jeff"), ("Jonathan", "Jon"),
    ("Joseph", "Joe"), ("Joshua", "Josh"), ("Katherine", "Kate"), ("Kathleen", "Kathy"), ("Kenneth", "Ken"),
    ("Lawrence", "Larry"), ("Matthew", "Matt"), ("Michael", "Mike"), ("Mitchell", "Mitch"), ("Nicholas", "Nick"),
    ("Patricia", "Patty"), ("Peter", "Pete"), ("Philip", "Phil"), ("Rebecca", "Becky"), ("Richard", "Dick"),
    ("Richard", "Rick"), ("Robert", "Bob"), ("Robert", "Bobby"), ("Ronald", "Ron"), ("Samuel", "Sam"),
    ("Stephen", "Steve"), ("Steven", "Steve"), ("Susan", "Sue"), ("Theodore", "Ted"), ("Thomas", "Tom"),
    ("Timothy", "Tim"), ("William", "Bill"), ("William", "Billy"), ("Zachary", "Zach"),
]  # fmt: skip
_OTHER_FORMS: dict[str, list[str]] = {}
for _formal, _short in _NAME_FORMS:
    _OTHER_FORMS.setdefault(_formal, []).append(_short)
    _OTHER_FORMS.setdefault(_short, []).append(_formal)


def _listed_forms(name: str) -> list[tuple[str, bool]]:
    """The ways a listed person may write ``name`` otherwise, each with whether it changes the given
    name: without its middle initials, and with the other form of its given name ("Bernard Sanders"
    → "Bernie Sanders")."""
    plain = _MIDDLE_INITIAL.sub(" ", name)
    first, _, rest = plain.partition(" ")
    others = [(f"{other} {rest}", True) for other in _OTHER_FORMS.get(first, ())] if rest else []
    return ([(plain, False)] if plain != name else []) + others


def _listed_with_initials(rows: list[MentionRow], names: dict[str, _Name], gazetteer: Gazetteer) -> list[MentionRow]:
    """The rows with a provisional name that is a listed person's with a middle initial ("John F.
    Kelly", "Susan E. Rice", as some papers write every name) or with the other form of the given
    name of someone the gazetteer marks as known by the surname ("Bernard Sanders", "Charles
    Schumer") given to that person, known."""
    listed = {}
    for name in names:
        for plain, renamed in _listed_forms(name):
            exact = matcher_for(gazetteer).lookup(plain)[0]
            actors = {actor for kind, actor in exact if kind in ("name", "alias")}
            if len(actors) != 1:
                continue
            actor = actors.pop()
            entry = gazetteer.actors[actor]
            if entry.type != "person" or (renamed and not entry.known_by_short):
                # Only someone known by the surname alone is meant by another form of the given name:
                # "Bernard Sanders" is Bernie Sanders, "Michael Johnson, a teacher" is not Speaker Mike Johnson.
                continue
            initials = {found for form in (entry.name, *entry.aliases) for found in _MIDDLE_INITIAL.findall(form)}
            if initials and not set(_MIDDLE_INITIAL.findall(name)) <= initials:
                continue  # "George P. Bush" is not George W. Bush
            listed[name] = actor
            break
    if not listed:
        return rows
    return [
        row._replace(
            actor=listed[row.actor], actor_type=gazetteer.actors[listed[row.actor]].type, known=True, evidence=""
        )
        if row.actor in listed
        else row
        for row in rows
    ]


def _one_each(rows: list[MentionRow]) -> list[MentionRow]:
    """The rows in text order with one gender and one type per actor in the document: "Ms.
    Holloway" makes "Holloway said" hers too; a person is a person in every row."""
    genders: dict[str, str] = {}
    kinds: dict[str, list[str]] = {}
    for row in rows:
        if row.gender:
            genders.setdefault(row.actor, row.gender)
        kinds.setdefault(row.actor, []).append(row.actor_type)
    kind = {actor: _majority(types) for actor, types in kinds.items()}
    rows = [row._replace(gender=genders.get(row.actor, ""), actor_type=kind[row.actor]) for row in rows]
    return sorted(rows, key=lambda row: row.start)


def _majority(types: list[str]) -> str:
    """The most frequent type; ties go to person, then organisation, then place."""
    order = {"person": 0, "organisation": 1, "place": 2}
    return min(set(types), key=lambda kind: (-types.count(kind), order.get(kind, 3), kind))


def _surnames_taken_back(
    document: Document,
    known: list[MentionRow],
    people: dict[str, _Name],
    surnames: dict[str, list[str]],
    gazetteer: Gazetteer,
) -> list[MentionRow]:
    """Rows that give a listed person's surname alone back to the provisional person who shares it
    and was named in full more recently ("Kim Jong Un … says Kim Heung-kyu, a professor … Kim says";
    "Amarjit Singh said … Mr. Singh said" is not Manmohan Singh):
    each replaces the gazetteer's row for the same words (see
    :func:`helpers.actors.mentions.mentions_of_partition`). Not the surnames of people known by
    them alone ("Trump", "Sanders": news keeps them for the famous one), and only for a provisional
    person the text shows to be one (a title, a given name, a role or a speech verb). (A provisional
    "John F. Kelly" that takes "Mr. Kelly" hands it back with his own rows: :func:`_listed_with_initials`.)"""
    rows = []
    for row in known:
        if row.resolution == "partial" and " " not in row.text:
            surname, title = row.text, ""
        elif row.resolution == "title" and row.title.rstrip(".") in _COURTESY_GENDER and row.text.count(" ") == 1:
            surname, title = row.text.split()[1], row.title  # "Mr. Singh"
        else:
            continue
        if surname not in surnames:
            continue
        listed_actor = gazetteer.actors.get(row.actor)
        if listed_actor is None or listed_actor.known_by_short:
            continue
        listed = max(
            (r.start for r in known if r.actor == row.actor and r.start < row.start and _in_full(r)), default=-1
        )
        latest = max(
            ((span[0], name) for name in surnames[surname] for span in people[name].spans if span[0] < row.start),
            default=None,
        )
        if latest is None or latest[0] < listed:
            continue
        owner = people[latest[1]]
        if not owner.evidence.keys() & {"title", "given name", "role before", "speech verb"}:
            continue
        owner.evidence.setdefault("surname used alone", surname)
        sentence = bisect.bisect_right(document.sentence_starts, row.start) - 1
        rows.append(_row(document, owner, row.start, row.end, sentence, title, "title" if title else "partial"))
    return rows


def _in_full(row: MentionRow) -> bool:
    """Whether a gazetteer row names its actor by more than a surname ("Manmohan Singh", not "Mr. Singh")."""
    return row.resolution in ("name", "alias") or len(row.text.split()) - len(row.title.split()) >= 2


def _organisations_shortened(
    document: Document,
    known: list[MentionRow],
    names: dict[str, _Name],
    singles: list[tuple],
    used: set[int],
    phrases: set[str],
) -> list[MentionRow]:
    """Rows for an organisation named in full earlier and then by the last word of its name after
    "the" ("The New York Times … according to the Times", "the Washington Post … the Post said").
    The nearest such organisation before wins; the starts of the words it takes go into ``used``.
    Not a word that is a gazetteer name of its own ("the House" is no "White House"), nor by the
    first word: "Republican", "Clinton", "Wuhan" alone are seldom the party, the
    foundation or the institute."""
    named = [
        (row.start, row.actor, row, None) for row in known if row.actor_type == "organisation" and " " in row.actor
    ]
    named += [
        (found.spans[0][0], name, None, found)
        for name, found in names.items()
        if " " in name and found.kind() == "organisation"
    ]
    if not named:
        return []
    named.sort(key=lambda entry: entry[0])
    rows = []
    text = document.text
    for word, start, end, sentence, title in singles:
        if title or start in used or word in STOP_CAPS or fold(word) in phrases:
            continue  # not a word the gazetteer gives an actor of its own ("the House")
        if text[max(0, start - 4) : start] not in ("the ", "The "):
            continue
        match = None
        for first, actor, row, found in named:
            if first >= start:
                break
            if actor.rsplit(None, 1)[-1] == word:
                match = (actor, row, found)
        if match is None:
            continue
        actor, row, found = match
        if found is not None:
            rows.append(_row(document, found, start, end, sentence, "", "partial", "organisation"))
        else:  # the gazetteer's row that named it in full, moved to these words
            rows.append(
                row._replace(
                    sentence_id=document.sentence_ids[sentence],
                    start=start,
                    end=end,
                    text=text[start:end],
                    resolution="partial",
                    paragraph_id=document.paragraph_ids[sentence],
                    form="",
                    title="",
                )  # fmt: skip
            )
        used.add(start)
    return rows


def _acronyms(names: dict[str, _Name]) -> dict[str, _Name]:
    """Initials → the document's one name of three or more capitalised words they spell
    ("CFPB" → "Consumer Financial Protection Bureau"); initials two names share are left out."""
    found: dict[str, list[_Name]] = {}
    for name, entry in names.items():
        words = [word for word in name.split() if word[:1].isupper()]
        if len(words) >= 3:
            found.setdefault("".join(word[0] for word in words), []).append(entry)
    return {initials: entries[0] for initials, entries in found.items() if len(entries) == 1}


def _surnames(people: dict[str, _Name]) -> dict[str, list[str]]:
    """Word → the provisional people it may name alone: their last word, and their first when that is
    no given name ("Chang Kyung-soo" is "Chang"). Where several share a word, those with evidence of
    being a person are kept."""
    given = given_names()
    owners: dict[str, list[str]] = {}
    for name in people:
        words = name.split()
        for word in {words[-1], *([words[0]] if words[0] not in given else [])}:
            owners.setdefault(word, []).append(name)
    for word, names in owners.items():
        if len(names) > 1:
            likely = [name for name in names if people[name].kind() == "person"]
            owners[word] = likely or names
    return owners


def _collect(document: Document, scanner: _Scanner, covered) -> tuple[dict[str, _Name], list[tuple]]:
    """The document's candidate names with their evidence, and its single capitalised words
    (word, start, end, sentence, title) that may be a provisional person's surname."""
    text = document.text
    # Sentences with characters on which the two engines differ (and the character before each
    # sentence, which the pattern looks back at) are scanned with ``regex``, the rest with ``re``.
    unsafe = [match.start() for match in UNSAFE.finditer(text)]
    after_title = {match.end() for match in scanner.after_title_end.finditer(text)}
    names: dict[str, _Name] = {}
    singles: list[tuple] = []
    given = given_names()
    name_of = scanner.name_of
    for sentence, (first, last) in enumerate(zip(document.sentence_starts.tolist(), document.sentence_ends.tolist())):
        if unsafe:
            at = bisect.bisect_left(unsafe, first - 1)
            pattern = scanner.slow if at < len(unsafe) and unsafe[at] < last else scanner.fast
        else:
            pattern = scanner.fast
        for match in pattern.finditer(text, first, last):
            raw, title = match.group("name", "title")
            title = title or ""
            name_start = match.start("name")
            if not title and name_start in after_title and _previous_word(text, name_start) in scanner.title_ends:
                before = scanner.title_before.search(text[max(0, name_start - 40) : name_start])
                title = before.group("t") if before else ""
            at_start = name_start == first
            bare = raw.removesuffix("’s").removesuffix("'s")
            if " " in bare and _ALONE_BEFORE.search(bare):
                bare = bare.split(None, 1)[0]  # "Scaramucci on Sunday predicted": one word, then a day
            if " " not in bare:
                if not covered(name_start, name_start + len(bare)):
                    singles.append((bare, name_start, name_start + len(bare), sentence, title))
            elif at_start and bare.count(" ") == 1 and bare.split()[0] not in given:
                # "Later Shackelford said": the word after a sentence's first may be a surname.
                tail = bare.split()[1]
                tail_start = name_start + len(bare) - len(tail)
                if not covered(tail_start, tail_start + len(tail)):
                    singles.append((tail, tail_start, tail_start + len(tail), sentence, ""))
            verdict = name_of(raw, at_start)
            if at_start and " " in bare and (verdict is None or verdict[0]):
                # "First Liberty, the group representing the bakers, said": a name, though it opens the sentence.
                inside = name_of(raw, False)
                if inside and not inside[0] and " " in inside[1] and _speaks(text, name_start + len(inside[1])):
                    verdict = inside
            if verdict is None:
                continue
            shift, name = verdict
            begin = name_start + shift
            if shift and not title:
                # "Former Brazilian President Luiz Inácio Lula da Silva": a title the front words came off with.
                dropped = raw[:shift].split()[-1]
                title = dropped if dropped in scanner.gazetteer.titles else ""
            after_place = None
            for part, offset, position, workplace in scanner.parts(name):
                start = begin + offset
                end = start + len(part)
                part_title = position or (title if offset == 0 else "")
                if position and " " not in part and not covered(start, end):
                    singles.append((part, start, end, sentence, position))
                place = " " not in part and part.lower() not in scanner.lower
                if place:
                    if after_place is None:
                        after_place = _after_place_word(text, begin)
                    place = after_place
                if covered(start, end) or (" " not in part and not place) or fold(part) in scanner.phrases:
                    continue  # a single word counts as a surname, with a title (below), or after "in"
                words = part.split()
                if words[-1] in scanner.peoples:
                    continue  # "African Americans": a people, not a name
                has_given = words[0] in given
                ordinary = all(word.lower() in scanner.lower for word in words)
                # "Consumer Financial Protection Bureau": ordinary words, but an institution's name.
                institution = len(words) >= 3 and bool(ORG_WORDS.search(words[-1]))
                if ordinary and not (title or has_given or institution or _speaks(text, end)):
                    continue  # ordinary words in capitals: "Replay More Videos" (but "Young Pioneer Tours says")
                found = names.setdefault(part, _Name(part))
                found.spans.append((start, end, sentence, part_title))
                if workplace:
                    found.evidence.setdefault("where someone works", workplace)
                _note_evidence(found, document, part_title, start, end, has_given)
                if place:
                    found.evidence.setdefault("place word before", text[max(0, begin - 8) : begin].split()[-1])
    return names, singles


def _previous_word(text: str, start: int) -> str:
    """The word that ends right before ``start`` (after one space), or ""."""
    head = text[max(0, start - 40) : start]
    return head.rsplit(None, 1)[-1] if head[-1:].isspace() and head.strip() else ""


def _after_place_word(text: str, start: int) -> bool:
    head = text[max(0, start - 8) : start]
    return head.rstrip()[-1:] in _LOCATIVE_LAST and bool(_LOCATIVE.search(head))


def _speech_before(text: str, start: int):
    """The speech verb right before ``start`` ("…,” said Ann Lasky"), as a match, or None."""
    head = text[max(0, start - 30) : start]
    return _SPEECH_BEFORE.search(head) if head.rstrip()[-1:] in _SPEECH_LAST else None


def _speaks(text: str, end: int) -> bool:
    return bool(_SPEECH_AFTER.match(text[end : end + 90]))


def _parts(name: str) -> list[tuple[str, int, str, str]]:
    """The names in a run of capitalised words, with their offsets in it, a position title before
    them, and the position that makes a name a workplace ("CEO of" in "CEO of Morgan Stanley", else
    ""): the names an "and" joins ("Sukkur and Larkana"), the two sides of a possessive ("Peking
    University's Jia Qingguo"), the name after position words ("District Judge Nicholas Garaufis"), a
    person and where they work ("John Delury of Yonsei University"), an organisation and the person
    after it ("Council of Economic Advisers Alan Krueger"); a run is cut at a capitalised function
    word inside it ("Ten Point Plan To Reform The VA") and before its first given name seen again
    ("Charles Schumer Charles (Chuck) Ellis Schumer": a link's text run into the sentence)."""
    cut = _run_cut(name)
    if cut:
        skip = _FUNCTION_WORD.match(name, cut)
        return _split(name, len(name[:cut].rstrip()), skip.end() if skip else cut)
    for_the = _FOR_THE.search(name)
    if for_the:
        left = name[: for_the.start()]
        if not (ORG_WORDS.search(left) or any(word.rstrip(".") in POSITION_WORDS for word in left.split())):
            # "MPs for the Commons", "Brad Ashford for the Democratic Party": two names, not one
            # (but "Center for the Performing Arts", "Secretary of State for the Interior").
            return _split(name, for_the.start(), for_the.end())
    possessive = _POSSESSIVE.search(name)
    if possessive and _OF.search(name, possessive.end()):
        # "New York University's Sherry Glied of CBO": each side is read on its own.
        return _split(name, possessive.start(), possessive.end())
    of = _OF.search(name)
    if of:
        left, right = name[: of.start()], name[of.end() :]
        acronym = right.isupper() and " " not in right and not ORG_WORDS.search(left)  # "Luc Poignant of the SBP"
        if len(left.split()) >= 2 and (left.split()[0] in given_names() or ORG_WORDS.search(right) or acronym):
            return _split(name, of.start(), of.end())
    if not ORG_WORDS.search(name) and _AND.search(name):
        # Each side of "and" is read as a run of its own ("Kirsten Gillibrand of New York").
        parts, at = [], 0
        for piece in _AND.split(name):
            at = name.index(piece, at)
            parts += _shifted(_parts(piece), at)
            at += len(piece)
        return parts
    parts = []
    for side, offset in _possessive_sides(name):
        if _RUN_ON.search(side):
            continue  # "Donald John TrumpGOP senators balk": a link's text run into the next
        words = side.split()
        if words[-1].rstrip(".") in POSITION_WORDS or (words[0].endswith("ing") and len(words) > 1):
            continue  # "Democratic Sen" is a title before a name; "Privatizing the VA" no name
        last_position = max((n for n, word in enumerate(words[:-1]) if word.rstrip(".") in POSITION_WORDS), default=-1)
        if last_position < 0:
            person = _person_after_organisation(words)
            if person:
                right = " ".join(words[person:])
                left = side[: len(side) - len(right)].rstrip()
                parts += [(left, offset, "", ""), (right, offset + len(side) - len(right), "", "")]
            else:
                parts.append((side, offset, "", ""))
            continue
        first_position = next(n for n, word in enumerate(words) if word.rstrip(".") in POSITION_WORDS)
        title = " ".join(words[first_position : last_position + 1])
        named = words[last_position + 1 :]
        workplace = ""
        if named and named[0].islower():
            # An office that goes on past the position words ("Chief of Staff", "Director of National
            # Intelligence"): the name starts at a given name or a surname particle with a surname
            # after it ("Dana Reyes", "de Blasio"); else, after three or more words, it is the last two
            # ("Avril Haines"); else what follows is where the person works ("CEO of Morgan Stanley").
            start = _name_start(named)
            if start:
                title = " ".join([title, *named[:start]])
                named = named[start:]
            else:
                named, title, workplace = named[1:], "", f"{title} {named[0]}"
            if not named:
                continue
        rest = " ".join(named)
        parts.append((rest, offset + len(side) - len(rest), title, workplace))
    return parts


def _split(name: str, left_end: int, right_start: int) -> list[tuple[str, int, str, str]]:
    """:func:`_parts` of ``name[:left_end]`` and of ``name[right_start:]``, offsets in ``name``."""
    right = name[right_start:]
    return [*_parts(name[:left_end]), *(_shifted(_parts(right), right_start) if right else [])]


def _shifted(parts: list[tuple[str, int, str, str]], by: int) -> list[tuple[str, int, str, str]]:
    return [(part, offset + by, title, work) for part, offset, title, work in parts]


# A word run into the next without a space ("TrumpGOP"), as link texts scraped into a page are; the
# capital after three lower-case letters is no name's ("McCabe", "DeSantis", "MacArthur").
_RUN_ON = re.compile(r"[A-Z][a-z]{3,}[A-Z]")
# Function words that a name writes in lower case: capitalised inside a run, they mark a headline.
_FUNCTION_WORD = regex.compile(r"(?:To|The|Of|And|For|In|On|At|With|From|By|A|An|Is|Are|Was|Were|As|Or|But)\s+")
_INNER_FUNCTION_WORD = regex.compile(r"\s(?:To|The|Of|And|For|In|On|At|With|From|By|A|An|Is|Are|Was|Were|As|Or|But)\s")


def _run_cut(name: str) -> int:
    """Where a run of capitalised words must be cut into two (0: nowhere): at a capitalised
    function word inside it, or where it starts to name again someone it has named."""
    inner = _INNER_FUNCTION_WORD.search(name)
    if inner:
        return inner.start() + 1
    words = name.split()
    for number, word in enumerate(words[:-1]):
        if word[:1].isupper() and any(later.startswith(word) for later in words[number + 1 :]):
            # The run names someone twice ("Trump Donald John TrumpGOP"): it is cut at the given name
            # that starts the second naming.
            given = next((n for n in range(number + 1, len(words)) if words[n] in given_names()), 0)
            return len(" ".join(words[:given])) + 1 if given else 0
    return 0


def _person_after_organisation(words: list[str]) -> int:
    """Where a person's name starts after an organisation's in one run of words ("White House Council
    of Economic Advisers Alan Krueger" → 7), or 0: a given name, not the run's first or second word, with
    one or two capitalised words after it that are not organisation words, and before it an
    organisation word or a first word that is no given name ("Anne Arundel County Police Department
    William Krampf", not "Mary Ann Evans")."""
    if len(words) < 4:
        return 0
    for number in range(2, len(words) - 1):
        if words[number] in given_names() and len(words) - number <= 3:
            rest = words[number + 1 :]
            if not all(word[:1].isupper() for word in rest) or ORG_WORDS.search(" ".join(rest)):
                return 0
            if words[0] in given_names() and not ORG_WORDS.search(" ".join(words[:number])):
                return 0
            return number
    return 0


_SURNAME_PARTICLES = frozenset("de del della der di da du dos van von al bin le la".split())


def _name_start(office: list[str]) -> int:
    """Where a person's name starts in the words after a position and "of" ("of Staff Dana Reyes" → 2),
    or 0 when they name no person."""
    for number in range(2, len(office) - 1):
        word = office[number]
        if word in given_names() or (word in _SURNAME_PARTICLES and office[number + 1][:1].isupper()):
            return number
    if len(office) >= 4:  # "of National Intelligence Avril Haines": an office, then a name
        start = len(office) - 2
        if len(office[start]) == 2 and office[start].endswith(".") and start > 2:
            start -= 1  # "Kirstjen M. Nielsen"
        return start
    return 0


def _possessive_sides(name: str) -> list[tuple[str, int]]:
    cut = _POSSESSIVE.search(name)
    if not cut:
        return [(name, 0)]
    return [(name[: cut.start()], 0), (name[cut.end() :], cut.end())]


def _note_evidence(found: _Name, document: Document, title: str, start: int, end: int, has_given: bool):
    text = document.text
    words = found.name.split()
    if title:
        found.evidence.setdefault("title", title)
        courtesy = _COURTESY_GENDER.get(title.rstrip("."), "")
        found.gender = found.gender or courtesy
    if has_given:
        found.evidence.setdefault("given name", words[0])
        found.gender = found.gender or given_names()[words[0]]
    evidence = found.evidence
    if not found.checked:
        found.checked = True  # what the name itself says is read once
        organisation = ORG_WORDS.search(found.name)
        if organisation:
            evidence.setdefault("organisation word", organisation.group())
    if "speech verb" not in evidence:
        speech = _SPEECH_AFTER.match(text[end : end + 90]) or _speech_before(text, start)
        if speech:
            evidence["speech verb"] = speech.group("verb")
    if "role before" not in evidence and text[start - 2 : start - 1].isalpha():
        role = _ROLE_BEFORE.search(text[max(0, start - 24) : start])
        if role:  # "Islam expert Hakim el Karoui", "the economist Jane Roe"
            evidence["role before"] = role.group(1)
    if "place word before" not in evidence and _after_place_word(text, start):
        evidence["place word before"] = text[max(0, start - 8) : start].split()[-1]


def _row(
    document: Document, found: _Name, start: int, end: int, sentence: int, title: str, resolution: str, kind: str = ""
) -> MentionRow:
    text = document.text
    begin = start
    if title:
        begin = text.rfind(title, max(0, start - len(title) - 3), start)
        begin = start if begin < 0 else begin
    return MentionRow(
        document.doc_id,
        document.sentence_ids[sentence],
        begin,
        end,
        text[begin:end],
        found.name,
        kind,
        resolution,
        document.paragraph_ids[sentence],
        title,
        title,
        found.gender,
        False,
        "; ".join(f"{key}: {value}" for key, value in found.evidence.items()),
    )
