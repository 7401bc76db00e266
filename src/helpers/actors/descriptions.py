"""Descriptions that refer back: "the US envoy", "the senator", "the company".

News writing names someone once and then describes them: "United States Special Representative
for Afghanistan, Thomas West" becomes "the US envoy" and "the American diplomat" two sentences
later. A description is "the", up to three words (qualifiers such as "US", "former", "top") and a
position noun from :data:`PEOPLE` or :data:`ORGANISATIONS`, where no other mention is. It refers to:

* a person: the nearest person mentioned before it in the same document with a title or role in the
  same group as the noun (the groups are synonyms: envoy ≈ special representative ≈ ambassador ≈
  diplomat; senator ≈ lawmaker ≈ congressman …). "The senator" after "Sen. Jane Doe" and
  "Senator John Roe" is the nearer one; with no earlier person of that group it refers to nobody.
* an organisation: the nearest organisation mentioned in the three sentences before it ("the
  company", "the agency", "the ministry").

A country in the qualifier keeps its own mention: "the US envoy" mentions the United States and,
as a description, the envoy.

Such mentions have resolution ``description`` and the ``known`` flag of the actor they refer to.
"""

from __future__ import annotations

import bisect
import re
from functools import lru_cache

from helpers.actors.gazetteer import Gazetteer, fold
from helpers.actors.mentions import Document, MentionRow

# Position nouns in groups that describe the same kind of office; a person introduced with a title
# holding any phrase of a group may later be described by any noun of it.
PEOPLE = {
    "diplomat": ("envoy", "special envoy", "special representative", "ambassador", "diplomat", "emissary",
                 "top diplomat", "secretary of state", "foreign minister", "foreign secretary"),
    "legislator": ("senator", "sen.", "lawmaker", "legislator", "congressman", "congresswoman", "representative",
                   "rep.", "member of congress"),
    "president": ("president",),
    "prime minister": ("prime minister", "premier"),
    "vice president": ("vice president",),
    "military": ("general", "gen.", "commander", "army chief", "field marshal", "admiral", "colonel", "chief of army staff"),
    "minister": ("minister",),
    "governor": ("governor", "gov."),
    "mayor": ("mayor",),
    "sheriff": ("sheriff",),
    "judge": ("judge", "justice"),
    "prosecutor": ("prosecutor", "attorney general", "district attorney"),
    "spokesperson": ("spokesperson", "spokesman", "spokeswoman", "press secretary"),
    "chair": ("chairman", "chairwoman", "chair"),
    "economist": ("economist",),
    "analyst": ("analyst",),
    "professor": ("professor", "prof."),
    "pope": ("pope", "pontiff"),
}  # fmt: skip
ORGANISATIONS = ("company", "firm", "agency", "ministry", "department", "newspaper", "network", "bank", "court",
                 "committee", "campaign", "organisation", "organization", "group", "party", "union", "bureau",
                 "magazine", "broadcaster")  # fmt: skip
# Nouns that describe a news outlet: "the newspaper" is the Times, not the ministry it quoted.
NEWS_NOUNS = ("newspaper", "network", "magazine", "broadcaster")
NEWS_NAME = re.compile(
    r"\b(?:Times|News|Post|Journal|Tribune|Herald|Press|Globe|Gazette|Chronicle|Inquirer|Daily|Weekly|Magazine|"
    r"Radio|TV|Television|Broadcasting|Network|Monitor|Reuters|Politico|Axios|BBC|CNN|NPR|PBS|MSNBC|CNBC|Fox|"
    r"Bloomberg|Guardian|Monde|Figaro|Spiegel|Parisien|Agence|AFP|TASS|Xinhua|Yonhap|Kyodo|Haaretz|Breitbart|"
    r"HuffPost|Newsweek|Hill|BuzzFeed|ProPublica|Al Jazeera)\b"
)
ORGANISATION_REACH = 3  # sentences back an organisation may be described
# Organisation nouns that describe only an organisation named with them: "the court" is the
# Supreme Court, not the company that lost its appeal; "the party" the Labour Party, not the Taliban.
NAMED_BY_NOUN = ("court", "ministry", "department", "bank", "party", "committee", "campaign", "union", "bureau")
# Words after a position noun that make it part of an ordinary phrase: "the general public",
# "the justice system", "the group stage".
_COMPOUND_NEXT = (
    "public", "election", "elections", "assembly", "counsel", "manager", "managers", "secretary", "store", "strike",
    "system", "stage", "chat", "line", "lines", "trail", "platform", "leadership", "members", "member", "meeting",
    "case", "order", "ruling", "hearing", "session", "work", "project", "account", "rate", "rates",
)  # fmt: skip
_NON_WORD = re.compile(r"[^\w]+")
_NOUNS = sorted(
    {phrase for phrases in PEOPLE.values() for phrase in phrases} | set(ORGANISATIONS), key=len, reverse=True
)
# "the", up to three qualifiers (a rank, a time, a country or its adjective), a position noun;
# not "the senator from Ohio" (another), nor "the President Trump" (a title before a name). The
# pattern starts with the letters of "the" (looking back for a word character only after them) so
# that the engine can skip ahead to each "t".
_QUALIFIER = r"(?:former|then|top|new|current|senior|chief|US|U\.S\.|UN|[A-Z][a-z]+(?:an|ese|i|ish))"
_DESCRIPTION = re.compile(
    rf"[Tt]he(?<!\w[Tt]he)\s+(?P<lead>(?:{_QUALIFIER}\s+){{0,3}})(?P<noun>"
    + "|".join(re.escape(noun) for noun in _NOUNS)
    + r")(?![\w-])(?!\s+(?:of|for|to|at|in|from)\s)(?!\s+[A-Z])(?!\s+(?:"
    + "|".join(_COMPOUND_NEXT)
    + r")\b)"
)
_GROUPS = {phrase: group for group, phrases in PEOPLE.items() for phrase in phrases}


@lru_cache(maxsize=65536)
def groups_of(title: str) -> frozenset[str]:
    """The groups of :data:`PEOPLE` whose phrases a title contains ("Special Representative for Afghanistan")."""
    lowered = f" {title.lower()} "
    return frozenset(
        group for phrase, group in _GROUPS.items() if f" {phrase} " in lowered or lowered.strip() == phrase
    )


def description_rows(document: Document, rows: list[MentionRow], gazetteer: Gazetteer) -> list[MentionRow]:
    """The description mentions of one document, given its other mentions ``rows`` (any order).

    A country in the description ("the US president") must be the person's: a title written with
    it ("US Special Representative …", "the United States' envoy"), or an office of that country
    the gazetteer gives them.
    """
    ordered = sorted(rows, key=lambda row: row.start)
    found: list[MentionRow] = []
    for match in _DESCRIPTION.finditer(document.text):
        start, end = match.start(), match.end()
        # A country qualifier keeps its own mention ("the US envoy": the US, and the envoy); any other
        # mention here means the words are already someone's.
        lead_start, lead_end = match.span("lead")
        if any(
            row.start < end and start < row.end and not (lead_start <= row.start and row.end <= lead_end)
            for row in ordered
        ):
            continue
        sentence = _sentence_of(document, start)
        if sentence is None:
            continue
        noun = match.group("noun").lower()
        countries = _countries(gazetteer, match.group("lead"))
        if noun in _GROUPS:
            target = _person(ordered, start, _GROUPS[noun], _belongs(gazetteer, countries))
        else:
            target = _organisation(ordered, start, sentence, document, noun)
        if target is None:
            continue
        written = document.text[start:end]
        found.append(
            MentionRow(
                document.doc_id, document.sentence_ids[sentence], start, end, written, target.actor,
                target.actor_type, "description", document.paragraph_ids[sentence], written, noun, target.gender,
                target.known, target.evidence,
            )
        )  # fmt: skip
    return found


def _sentence_of(document: Document, offset: int) -> int | None:
    at = bisect.bisect_right(document.sentence_starts, offset) - 1
    return at if at >= 0 and offset < document.sentence_ends[at] else None


_COUNTRY_WORDS: dict[int, tuple[Gazetteer, dict[str, str]]] = {}


def _country_words(gazetteer: Gazetteer) -> dict[str, str]:
    """Every country's name, aliases and demonyms (folded) → the country (kept per gazetteer)."""
    cached = _COUNTRY_WORDS.get(id(gazetteer))
    if cached is not None and cached[0] is gazetteer:
        return cached[1]
    words: dict[str, str] = {}
    for actor in gazetteer.actors.values():
        if actor.type == "country":
            for name in (actor.name, *actor.aliases, *actor.demonyms):
                words.setdefault(fold(name), actor.name)
    _COUNTRY_WORDS[id(gazetteer)] = (gazetteer, words)
    return words


def _countries(gazetteer: Gazetteer, lead: str) -> set[str]:
    """The countries a description's qualifier names ("US", "American", "Pakistani")."""
    words = _country_words(gazetteer)
    return {words[fold(word)] for word in lead.split() if fold(word) in words}


def _belongs(gazetteer: Gazetteer, countries: set[str]):
    """A test of whether a titled mention's person is of ``countries`` (always true when empty)."""
    if not countries:
        return lambda row: True
    names = {
        fold(name)
        for country in countries
        if country in gazetteer.actors
        for name in (country, *gazetteer.actors[country].aliases, *gazetteer.actors[country].demonyms)
    }
    holders = {holder.actor for role in gazetteer.roles if role.country in countries for holder in role.holders}

    def test(row: MentionRow) -> bool:
        words = f" {_NON_WORD.sub(' ', fold(row.form))} "
        return row.actor in holders or any(f" {name} " in words for name in names)

    return test


def _person(rows: list[MentionRow], start: int, group: str, belongs) -> MentionRow | None:
    """The nearest person before ``start`` introduced with a title or role of ``group`` who ``belongs``."""
    titled: dict[str, MentionRow] = {}
    for row in rows:
        if row.start >= start:
            break
        if (
            row.actor_type == "person"
            and row.resolution != "description"
            and group in groups_of(row.title)
            and belongs(row)
        ):
            titled[row.actor] = row
    if not titled:
        return None
    return max(titled.values(), key=lambda row: row.start)


def _organisation(
    rows: list[MentionRow], start: int, sentence: int, document: Document, noun: str
) -> MentionRow | None:
    """The nearest organisation mentioned before ``start`` within :data:`ORGANISATION_REACH` sentences;
    for a noun of :data:`NAMED_BY_NOUN` ("the court", "the ministry"), one whose name has it; for a
    noun of :data:`NEWS_NOUNS` ("the newspaper"), one named as a news outlet (:data:`NEWS_NAME`), and
    for any other noun one that is not ("the company" is not the paper that reported on it)."""
    earliest = document.sentence_starts[max(0, sentence - ORGANISATION_REACH)]
    before = [
        row
        for row in rows
        if earliest <= row.start < start
        and row.actor_type == "organisation"
        and (noun not in NAMED_BY_NOUN or noun in fold(row.actor))
        and bool(NEWS_NAME.search(str(row.actor))) == (noun in NEWS_NOUNS)
    ]
    return before[-1] if before else None
