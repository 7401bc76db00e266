"""Who gets to speak: direct and reported speech attributed to a speaker.

Rules, applied paragraph by paragraph and carried from one paragraph to the next (a quotation
often runs over several sentences and paragraphs, and the sentence splitter cuts inside long
quotations):

* **Direct quotes**: text between double quotation marks, curly or straight (scraped text often
  opens with one and closes with the other); a mark left open at the end of a paragraph runs to
  its end, and the quotation goes on in the next. The speaker is named by a speech verb right
  after the closing mark (“…,” Khan said / “…,” said Khan / “…,” Jane Doe, Republican of Ohio,
  said) or right before the opening mark (Bilawal wrote, “…”); failing that, by a sentence that
  only leads into it ("The governor said in a statement. “…”"); failing that, a quotation that
  opens a paragraph, or follows another in it, continues the last quote's speaker.
* **Reported speech**: a speech verb (:data:`CUES`: said, told, wrote, tweeted, argued, noting …)
  with its subject before it: "Marvin Weinbaum, a senior fellow …, said the lack …", "Faisal noted
  that …". The quote is the clause after it (without "that" and without "in a statement Monday"),
  ending where the next clause begins; for "…, X said." at a sentence's end, the words before.
  Verbs that are as often not speech (reported, added, announced …, :data:`WEAK_CUES`,
  :data:`OBJECT_CUES`) need a that-clause or a finite verb after them, or a named speaker.
* **According to**: "according to the ISPR, Trump welcomed …"; the speaker is named right after it.
* **The speaker** is the first person named in the subject (not one named as someone's: "Trump's
  son Eric" is Eric), known or provisional (:mod:`helpers.actors.provisional`), or described
  ("the senator", :mod:`helpers.actors.descriptions`); an organisation or country when the subject
  is it or its voice ("a State Department spokesperson"; "Trump's spokeswoman" speaks for Trump,
  attribution ``spokesperson``); a country's ministry, army or embassy as written ("South Korea's
  Defense Ministry", "the US military"; attribution ``body``). "He"/"she" continue the last person of that gender quoted when no
  other person of that gender was named since other than in passing ("told Lauer", "by Chairman X",
  "such as X and Y"), else the nearest person named before, outside quotation marks and of a
  matching gender; "it" the nearest organisation or country; otherwise "(unresolved)". A pronoun
  or a name alone right before the cue, after a comma, is the subject ("Pressed by X, he said").
  Subjects that name no one ("analysts said") give "(unnamed)"; a capitalised subject the name
  rules could not read as an actor gives "(not in gazetteer)".
"""

from __future__ import annotations

import bisect
import operator
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import partial
from typing import NamedTuple

import numpy as np
import pandas as pd
import regex

from helpers.actors.discovery import ADJECTIVE_COMPOUND
from helpers.actors.mentions import strings
from helpers.compare import FEW_DOCUMENTS
from helpers.engine import Engine, document_starts, map_documents
from helpers.patterns import prefix_tree

COLUMNS = [
    "doc_id", "source", "paragraph_id", "sentence_id", "speaker", "speaker_type", "speaker_text",
    "attribution", "kind", "cue", "quote", "start", "end",
]  # fmt: skip
LEAD_IN_REACH = 300  # characters before a quote searched for a sentence that leads into it
SPEAKER_REACH = 3000  # characters after a quote within which "he said" may continue its speaker
UNNAMED = "(unnamed)"
UNRESOLVED = "(unresolved)"
UNLISTED = "(not in gazetteer)"
NOT_ACTORS = (UNNAMED, UNRESOLVED, UNLISTED)
CUES = (
    "said|says|say|told|tells|telling|stated|states|added|adds|adding|noted|notes|noting|wrote|writes|writing|"
    "argued|argues|arguing|explained|explains|warned|warns|warning|claimed|claims|claiming|insisted|insists|"
    "insisting|stressed|emphasised|emphasized|asserted|asserts|assert|asserting|remarked|observed|reiterated|"
    "acknowledged|acknowledges|conceded|announced|announces|declared|maintained|suggested|suggesting|recalled|"
    "tweeted|tweets|tweeting|posted|replied|replies|responded|responds|asked|asks|continued|predicted|predicts|"
    "cautioned|alleged|alleges|alleging|assured|revealed|revealing|charged|charging|testified|quipped|joked|"
    "shouted|chanted|complained|countered|contended|confirmed|denied|admitted|concluded|reported|reports|"
    "pledged|promised|ruled|saying|argue|insist|warn|contend|contended|predict|allege|projected|estimated|forecast|"
    "[Aa]ccording\\s+to"
)
# The cues as one prefix tree (shared beginnings tried once), for every pattern that looks for a
# cue; with ``re`` it scans news text about three times faster than the alternation with ``regex``.
CUE_TREE = (
    prefix_tree([re.escape(char) for char in cue] for cue in CUES.split("|") if not cue.startswith("[Aa]"))
    + r"|[Aa]ccording\s+to"
)
_CUE = re.compile(rf"\b(?P<cue>{CUE_TREE})\b")
_MARK = regex.compile(r"[“”\"]")
_BEFORE_OPENING = set(" \t\n([{—–-:,")
_ABBREVIATION = r"(?<=\b(?:Mr|Mrs|Ms|Dr|Sen|Rep|Gov|Gen|Lt|Col|Sgt|St|Jr|Sr|Rev|Prof|Capt|Adm|Maj|Atty|Supt|[A-Z]))\."
_SUBJECT = rf"(?:[^,.;:“”\"]|{_ABBREVIATION})"
# An apposition between the speaker and the verb: ", Republican of Ohio," / ", D-Ore.," / ", a spokesman for …,".
_APPOSITION = rf"(?:,\s*(?:{_SUBJECT}|\.(?=,)){{2,130}}?,)?"
_AFTER = regex.compile(
    rf"^[\s,]*(?:(?P<subj>{_SUBJECT}{{1,100}}?){_APPOSITION}\s+(?P<cue>{CUE_TREE})\b"
    rf"|(?P<cue2>{CUE_TREE})(?<!ing)\s+(?P<subj2>{_SUBJECT}{{1,60}}?)(?=[,.;]|$))"
)
# A sentence that only attributes what follows: "The governor said in a statement." / "… told reporters:".
_LEAD_IN = regex.compile(
    rf"(?:^|[.!?”\"]\s+)(?P<subj>{_SUBJECT}{{1,60}}?){_APPOSITION}\s+(?P<cue>{CUE_TREE})\b(?P<rest>[^.:“”\"]{{0,80}})[.:,]\s*$"
)
# What may stand between a reporting verb and the reported clause: "in a statement Monday that …".
_CUE_ADVERBIAL = regex.compile(
    r"^\s*(?:\w+ly\s+)?(?:(?:last|this|next)\s+\w+\s+|(?:earlier|later|yesterday|today|again)\s+)?"
    r"(?:(?:in|on|during|at|via|through|to|with|from|after|before)\s+(?:an?\s+|the\s+|his\s+|her\s+|their\s+)?"
    r"[^,.;:“”\"]{0,60}?\s+)?that\s+"
)
_OPENS_SENTENCE = regex.compile(r"\s+\p{Lu}")
_BEFORE_GAP = regex.compile(r"^(?:\s+[^,.“”\"]{1,40}?)?[,:]?\s*$")
_PRONOUN = regex.compile(r"^(?:he|she|it)$", regex.IGNORECASE)
# A name followed by a possessive and the noun it governs ("Trump's son", "Obama spokeswoman").
_POSSESSIVE_AFTER = regex.compile(
    r"^(?:['’]s?\s+(?:(?:former|longtime|top|chief|senior|deputy)\s+)?(?P<noun>[a-z]+)"
    r"|\s+(?P<noun>spokesman|spokeswoman|spokesperson|aide|adviser|advisor|lawyer|attorney))\b"
)
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
_AUTHORED_BY = regex.compile(
    r"^(?:an?|the)\s+(?:[\w-]+\s+){0,2}(?:report|poll|survey|study|analysis|statement|letter|memo|review|audit|"
    r"estimate|paper|investigation)s?\s+(?:by|from|released\s+by|published\s+by|conducted\s+by)"
    r"(?:\s+(?:the|an?))?(?:\s+[\w-]+){0,3}$",
    regex.IGNORECASE,
)
_NOT_SUBJECT = {"and", "but", "or", "that", "which", "who", "while", "as", "than", "so", "yet"}
_TRAILING = regex.compile(
    r"(?:\s+(?:(?:on|last|this|earlier|later)\s+)?(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|"
    r"week|month|year|yesterday|today|also|further|again|too|then|had|has|have))+$"
)
# Two capitalised words in a subject ("John Smith, a spokesman") name someone the gazetteer lacks.
_NAME_LIKE = regex.compile(r"\b\p{Lu}[\p{Ll}’'\-]+\s+(?:\p{Lu}\.\s+)?\p{Lu}[\p{Ll}’'\-]+")
_AFTER_PREPOSITION = regex.compile(
    r"\b(?:with|to|of|by|for|from|about|after|between|against|on|at|toward|towards|than|like|under)\s+(?:the\s+)?$",
    regex.IGNORECASE,
)
# Before a name, words that make it an aside rather than someone the text goes on about: a
# preposition, perhaps with a title ("by Committee Chairman Reince Priebus"), a possessive ("the
# show's host Jane Doe"), "including", "such as", or the object of a speech verb ("told Lauer").
_ASIDE_BEFORE = regex.compile(
    r"(?:\b(?:with|to|of|by|for|from|about|against|toward|towards|than|like|including|such\s+as|told|telling|"
    r"asked|asking|thanked|praised|criticised|criticized|accused|blamed)\s+(?:the\s+)?"
    r"|[’'‘]s\s+)(?:[A-Z][\w.’'-]*\s+){0,6}$"
)
_ADVERB_AFTER = regex.compile(r"(?:\s+(?:also|again|later|then|\w+ly))+\s*$")
# A body of a country or city: "<country>'s" or a demonym, then a ministry, army, embassy …
# (capitalised or not), perhaps with where it is ("Embassy in Seoul"); or a city's newspaper
# ("the Boston Globe", "the New York Daily News"), which the place's name must not stand for.
_PLACE_BODY = regex.compile(
    r"^(?:[Tt]he\s+)?(?P<body>(?:(?P<demonym>[A-Z][a-z]+(?:an|ese|ish|ch|i))|(?P<place>[A-Z][\w.-]*(?:\s+[A-Z][\w.-]*){0,2}))"
    r"(?:['’]s)?\s+"
    r"(?:(?:[A-Z][\w’'-]+\s+){0,3}(?:Ministry|Embassy|Consulate|Army|Navy|Police|Military|Command|Chiefs\s+of\s+Staff|"
    r"Foreign\s+Office|Coast\s+Guard|Air\s+Force|Globe|Times|Post|Tribune|Herald|Journal|Chronicle|Gazette|Inquirer|"
    r"Daily\s+News|Courant|Dispatch|Star-Ledger|Sun-Times|Free\s+Press)"
    r"|(?:(?:foreign|defen[cs]e|interior|finance|trade|health|justice|education)\s+ministry|ministry|embassy|military|army|"
    r"navy|police|armed\s+forces|coast\s+guard|air\s+force))"
    r"(?:\s+in\s+[A-Z][\w.’'-]+(?:\s+[A-Z][\w.’'-]+)?)?)$"
)
# An institution named alone, without its country ("Police said", "the military said").
_BODY_ALONE = regex.compile(
    r"^(?:[Tt]he\s+)?(?P<body>[Pp]olice|[Mm]ilitary|[Aa]rmy|[Nn]avy|[Cc]oast\s+[Gg]uard|[Aa]ir\s+[Ff]orce|[Aa]rmed\s+[Ff]orces)$"
)
# A name's link text: a headline glued to the name ("BidenGOP senators balk …") up to "MORE".
_LINK_TEXT = regex.compile(r"(?<=\p{Ll})\p{Lu}[^\n]{0,400}?\sMORE(?=[\s,.;:'’)]|$)")
# What was written or posted, after "wrote", "posted", "tweeted": not the words themselves.
_WRITING = frozenset("wrote writes writing posted tweeted tweets tweeting".split())
_WRITTEN_THING = regex.compile(
    r"(?:an?|the|his|her|their|its)\s+(?:[\w’'-]+\s+){0,2}?(?:letter|statement|post|note|memo|op-ed|column|tweet|"
    r"message|email|e-mail|book|piece|article|essay|report|video|photo|picture|opinion|ruling|decision|order|"
    r"brief|bill|legislation|amendment|speech|story|song|novel|script|foreword|law)s?\b"
    r"(?!\s+(?:is|was|are|were|has|had|have|will|would|could|should|may|might|must|can|did|does)\b)"
)
_LIST_JOIN = regex.compile(r"^(?:,\s*|,?\s+and\s+|,?\s+or\s+)$")
_WHAT_BEFORE = regex.compile(r"\b(?:what|how|whatever|whether)\s+(?:\S+\s+){0,3}$", regex.IGNORECASE)
_SPACES = regex.compile(r"\s+")
_FIRST_WORDS = regex.compile(r"^\W*(\w+)")
# A quoted word or two that the clause goes on after ("said “numerous” arrests had been made"):
# part of the reported words, not a direct quote.
_FRAGMENT = regex.compile(r"^[“\"‘']\S+(?:\s\S+)?(?<![,.;:!?])[”\"’']\s+(?!(?:and|or|but|nor)\b)\p{Ll}")
_COMPOUND_AFTER = regex.compile(r"-\p{Ll}")
_ASKED_TO = regex.compile(r"^(?:\S+\s+){1,4}?to\s+\w+")
# A cue right after "and", past a verb of the same subject: "… criticized Trump and asserted …".
_AND_BEFORE = regex.compile(r"\S\s+and\s+(?:\w+ly\s+|also\s+|then\s+)?$")
_THAT = regex.compile(r"^[\s,]*that\s")
# Words someone called something: "called the rules a “power grab”", "what he termed “…”".
_CALLED = regex.compile(
    r"(?<![\w-])(?P<cue>called|calls|calling|labell?ed|dubbed|branded|termed|described)\s+"
    r"(?!(?:for|on|upon|off|out|back|up|in|into|over)\b)(?P<object>[^,.;:“”\"]{1,60}?\s+)??(?:(?:as\s+)?(?:an?|the)\s+)?$"
)
# … and accused someone of them: "accused President Trump of having “gone off the rails”".
_ACCUSED = regex.compile(
    r"(?<![\w-])(?P<cue>accused|accuses|accusing)\s+[^,.;:“”\"]{1,60}?\s+of\s+(?:(?:having|being|the|an?)\s+|\w+ing\s+(?:the\s+|an?\s+)?)?$"
)
_SUBJECT_PREPOSITIONS = frozenset("for of on in with from at to by about".split())
_NON_SPACE = regex.compile(r"\S+")
# In what was called something, a call rather than a name: "called reporters into a briefing with the “…”".
_CALL_NOT_NAMING = regex.compile(r"\b(?:into|with|onto|from|at|during|back)\b")
_WHAT_CALLED = regex.compile(r"\b(?:what|which|whom?|that)\s+(?:\S+\s+){1,6}$", regex.IGNORECASE)
_CLAUSE_OPENERS = frozenset("what which who whom that since because as when while after and but".split())
# A name, an apposition between commas, and the cue: "Steven B. Wolfson, the Clark County district attorney, said".
_NAME_APPOSITION = regex.compile(
    r"(?:^|[.!?”\"]\s+|\n)(?P<name>\p{Lu}[\p{L}.’'-]*(?:\s+\p{Lu}[\p{L}.’'-]*){0,3}),\s+"
    r"(?:an?|the|his|her|its|their)\s+[^,.;:“”\"]{2,80},\s+$"
)
_GOES_ON = regex.compile(r"\s+(?!(?:he|she|they|it|we|I|you|the|a|an)\s+(?:said|says|told|added)\b)\p{Ll}")
_WORD = regex.compile(r"\p{L}+")
_APPOSED_NAME = regex.compile(r"^\s*(?:[Tt]he|[Aa]n?|[Ii]ts|[Hh]is|[Hh]er)\s+[^,]{2,60},\s+(?P<name>[^,]{2,60}),\s*$")
_MARK_NEXT = regex.compile(r"[,:]?\s*$")  # nothing but a comma or colon between a cue and the quotation
# The last clause of a long subject that "and" joins, when it opens like a subject ("… and the
# nonpartisan Congressional Budget Office has"): a determiner or a capital, no relative pronoun.
_SUBJECT_AFTER_AND = regex.compile(
    r"\sand\s+(?=(?:[Tt]he|[Aa]n?|[Ii]ts|[Hh]is|[Hh]er|[Tt]heir|\p{Lu})\S*\s)(?!(?:\S+\s+){0,7}?(?:which|who|that)\b)"
    r"(?:\S+\s+){0,7}\S+\s*$"
)
# A phrase that opens a sentence before its subject, up to its comma: "During an interview with X,",
# "Speaking outside No 10,", "On Monday,", "While Trump claimed not to know him,".
_OPENING_PHRASE = regex.compile(
    r"^\s*(?:\p{Lu}\p{Ll}+ing|In|On|At|During|After|Before|While|Although|Though|When|Since|Despite|Amid|Following|"
    r"Earlier|Later|Last|Meanwhile|With|Without|Under|From|By|Through|Because|If|Once|Until|Unless|Asked|Pressed)\b[^,]{0,150},"
)
# Where "and" (or "but") joins another clause with its own subject: "… and Pelosi praised it".
_AND_CLAUSE = regex.compile(r"\s(?:and|but)\s+(?=(?:(?:[Tt]he|[Hh]is|[Hh]er|[Tt]heir)\s+)?\p{Lu}|(?:he|she|they|it)\s)")
# After a final cue, only when or where it was said: "…, the Labor Department reported Friday morning."
_WHEN_ONLY = regex.compile(
    r"^(?:(?:on|late|early|earlier|later)\s+)?(?:(?:this|last|that|next)\s+)?(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|"
    r"today|yesterday|tonight|week|month|year|morning|afternoon|evening|night)(?:\s+(?:morning|afternoon|evening|night))?"
    r"[.!?]?$|^in\s+(?:an?|the|his|her|its|their)\s+(?:\w+\s+)?(?:statement|interview|report|letter|post|tweet|email|"
    r"release|video|note|memo|filing)\b[^,;:“”\"]{0,40}[.!?]?$"
)
FORECASTS = frozenset("projected estimated forecast".split())
_AUXILIARY_BEFORE = regex.compile(r"\b(?:has|have|had)\s+$")
_COMMA_BEFORE = regex.compile(r"(?:,[”\"’]?|[”\"’],)\s+(?:\w+ly\s+|also\s+|then\s+)?$")
# Before a cue, these make it a noun or a passive ("the claims of abuse", "a say", "was told").
_NOT_A_VERB_BEFORE = regex.compile(
    r"\b(?:the|a|an|his|her|its|their|our|my|your|this|these|those|was|were|been|be|being|is|are)\s+$", regex.IGNORECASE
)
# Where a reported clause ends: a new clause ("…, although …", "…, which …", "; "; not "…, but that
# …", which goes on with what was said), a dash, a quotation with its own attribution ("… – “and I
# …,” he told"), a second cue ("… and said …", "…, adding …"), or a second verb of the speaker's
# ("… but did not say how"), or a demonstrative that starts a clause of its own (", and that
# message reassured …"; not ", and that it would …").
_CLAUSE_END = regex.compile(
    rf",\s+(?:but(?!\s+that\b)|although|though|while|whereas|which|a\s+sign)\b|\s[–—]\s|;\s|[,–—]\s*[“\"]"
    rf"|\s+and\s+(?:{CUE_TREE})\b|,[”\"’]?\s+(?:adding|saying|noting|arguing|insisting|warning|explaining|telling)\b"
    r"|\s+(?:adding|saying|noting)(?=\s*[,:])"
    r"|\s+but\s+(?:did|didn['’]t|does|doesn['’]t|would|wouldn['’]t|declined|refused|gave|offered)\b"
    r"|,\s+and\s+(?:that|this)\s+[a-z]+\s+(?:[a-z]+ed|was|is|has)\b(?<!\b(?:it|he|she|they|we|you|i)\s+\w+)"
)
# A dateline: a place, the outlet in brackets and a dash ("WASHINGTON (CNN) -", "Kabul (Reuters) —").
_DATELINE = regex.compile(r"^\s*\p{Lu}[\p{L} .,'’-]{0,40}?\s*\([\p{L} .&-]{2,30}\)\s*[-–—]+\s*")
# A sentence that opens with a subordinate clause, and a relative clause whose verb is the cue.
_SUBORDINATE_START = regex.compile(
    r"^\s*(?:While|Although|Though|Even\s+though|Whereas|Because|Since|If|When|Once|After|Before|Until|Unless)\b"
)
_RELATIVE_END = regex.compile(r",\s+(?:who|which)\s+(?:\w+ly\s+|also\s+|has\s+|had\s+){0,2}$")
# Cues that are as often not speech: with no named speaker they need a "that" clause.
WEAK_CUES = frozenset(
    """reported reports posted revealed revealing announced announces charging charged asked asks continued confirmed
    denied admitted concluded ruled pledged promised predicted predicts shouted chanted added adds adding""".split()
)
_PLACE_ONLY = regex.compile(
    r"^(?:in|on|at|to|during|via|with|after|before|from|earlier|later|last|this|Monday|Tuesday|"
    r"Wednesday|Thursday|Friday|Saturday|Sunday)\b(?:(?!\bthat\b)[^,;:“”\"]){0,40}[.!?]?$"
)
# Cues that take a thing as often as a clause ("announced his resignation"): without "that" their
# words need a finite verb to be a clause.
OBJECT_CUES = frozenset(
    """announced announces confirmed revealed revealing denied explained charging charged warning continued alleged
    promised pledged predicted reported reports posted tweets warn predict projected estimated forecast""".split()
)
# A finite verb somewhere in the words: an auxiliary, or a past tense ("ticked up", "was withdrawing").
_FINITE = regex.compile(
    r"\b(?:is|was|are|were|has|had|have|will|would|could|should|may|might|must|can|cannot|did|does|do|"
    r"said|told|fought|made|took|came|went|got|gave|found|knew|thought|saw|left|held|brought|began|became|kept|ran|"
    r"met|sent|spent|built|lost|won|paid|led|fell|rose|struck|stood|drew|grew|threw|shot|hit|felt|heard|meant|"
    r"sought|[a-z]{2,}ed)\b"
)
_PREPOSITION = regex.compile(
    r"^(?:about|on|in|at|to|for|with|from|after|before|during|over|against|into|via)\b", regex.IGNORECASE
)
_QUESTION = regex.compile(r"^(?:whether|if|how|why|when|where|what|who)\b", regex.IGNORECASE)
_THE_DOCUMENT = regex.compile(r"^\s*(?:[Tt]he|[Ii]ts|[Hh]is|[Hh]er|[Tt]heir)\s+[\w’'-]+(?:\s+[\w’'-]+)?\s*$")
_ACCORDING_PHRASE = regex.compile(r"\s*([^,.;:–—]{1,80})")
_TOLD_OBJECT = regex.compile(r"\s+(?:[^,“”\"]{1,80}?)(?=\s+that\b|,|$)")
_TOLD_BARE_OBJECT = regex.compile(
    r"\s+(?:reporters|journalists|lawmakers|senators|supporters|students|investigators|police|the\s+crowd|"
    r"an?\s+(?:audience|crowd|rally)|me|us|him|her|them|(?:[Tt]he\s+)?[A-Z][\w.&’'-]*(?:\s+[A-Z][\w.&’'-]*){0,4})"
    r"(?:\s+(?:on|last|this)\s+\w+)?(?=\s+\S+\s+\S)"
)
_LEAD_THAT = regex.compile(r"^[\s,]*(?:that\s+)?")
_NON_WORDS = regex.compile(r"[\W_]+")


@dataclass(frozen=True, slots=True)
class QuoteRow:
    """One row of :func:`find_quotes`' table; the fields are ``COLUMNS``, in that order."""

    doc_id: str
    source: str
    paragraph_id: str
    sentence_id: str
    speaker: str
    speaker_type: str
    speaker_text: str
    attribution: str
    kind: str
    cue: str
    quote: str
    start: int
    end: int


# Rows become tuples in COLUMNS order for the DataFrame.
_ROW_VALUES = operator.attrgetter(*COLUMNS)


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
        mentions: from :func:`helpers.actors.provisional.find_actor_mentions` (needs ``gender``).
        docs: documents (doc_id, source, text).
        engine: where to run (:class:`helpers.engine.Engine`), partition by partition of whole
            documents; None runs in this process.

    Returns:
        One row per attributed quote: doc_id, source, paragraph_id, sentence_id (where the quote
        starts), speaker (canonical name, a country's body as written — "South Korea's Defense
        Ministry", not an actor of the mention table —, "(unnamed)", "(unresolved)" or "(not in
        gazetteer)"), speaker_type, speaker_text (the words that name the speaker), attribution
        (name / pronoun / spokesperson / body / unnamed / unlisted),
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
    rows: list[QuoteRow] = []
    paragraphs = parts["paragraphs"]
    paragraph_ids, starts, ends = (paragraphs[column].to_numpy() for column in ("paragraph_id", "start", "end"))
    for document, first, last in _documents(parts, types):
        # Which mentions lie inside quotation marks; flagged paragraph by paragraph as the document
        # is read, so pronoun resolution skips people named inside quotes.
        in_quote = [False] * len(document.mention_start)
        memory = _Memory()
        for number in range(first, last):
            start = int(starts[number])
            paragraph = _Paragraph(
                paragraph_ids[number], start, _without_link_text(document.text[start : int(ends[number])])
            )
            rows.extend(_paragraph_quotes(document, paragraph, in_quote, memory))
    return pd.DataFrame.from_records([_ROW_VALUES(row) for row in rows], columns=COLUMNS, nrows=len(rows))


def _without_link_text(text: str) -> str:
    """The paragraph with the headlines of a name's link blanked out, offsets kept.

    Some sites link a person's name to their latest stories, and scraped text keeps the link's
    words: "Joe Biden Joe BidenGOP senators balk at … 2020 Dems put focus on … MORE tweeted …".
    The headlines (from the one glued to the name to "MORE") are not the writer's sentence.
    """
    if "MORE" not in text:
        return text
    return _LINK_TEXT.sub(lambda found: " " * len(found.group()), text)


def _one_per_sentence(table: pd.DataFrame) -> pd.DataFrame:
    """Drop reported speech by an unnamed speaker that only carries a named speaker's words.

    "Another attendee told Al Jazeera that Munir said …" gives two cues in one sentence, the
    attendee's words holding Munir's: the words are Munir's. Two cues whose words do not hold one
    another ("X confirmed A and said B") are both kept.
    """
    reported = table.loc[table["kind"] != "direct"]
    shared = reported.loc[reported.duplicated(["doc_id", "sentence_id"], keep=False)]
    rows: dict[tuple, list[tuple]] = {}
    for index, doc_id, sentence_id, speaker, quote in zip(
        shared.index, shared["doc_id"], shared["sentence_id"], shared["speaker"], shared["quote"], strict=True
    ):
        rows.setdefault((doc_id, sentence_id), []).append((index, speaker, quote))
    drop = [
        index
        for sentence in rows.values()
        for index, speaker, quote in sentence
        if speaker in (UNNAMED, UNRESOLVED) and any(other in quote for i, _, other in sentence if i != index)
    ]
    return table.drop(index=drop)


# -------------------------------------------------------------- one document, one paragraph
@dataclass(frozen=True, slots=True)
class _Document:
    """One document's text, its mentions (by start) and its sentences, as arrays the rules index into."""

    doc_id: str
    source: str
    text: str
    actor_types: dict[str, str]  # actor -> actor_type, for the speaker_type column
    mention_start: np.ndarray
    mention_end: np.ndarray
    mention_actor: np.ndarray
    mention_type: np.ndarray
    mention_gender: np.ndarray
    mention_sentence: np.ndarray
    sentence_id: list
    sentence_start: list
    sentence_end: list
    sentence_number: dict  # sentence_id -> position of its first sentence in sentence_id
    speakers: list  # (offset, actor) of the people quoted so far, in reading order (filled while reading)
    actor_gender: dict  # actor -> gender of its first mention (filled on the first pronoun)
    starts: list  # mention_start and mention_end as lists, for bisect
    ends: list

    def sentence_at(self, offset: int) -> int:
        """The last sentence starting at or before ``offset`` (the first one if none does)."""
        return max(bisect.bisect_right(self.sentence_start, offset) - 1, 0)

    def mentions_in(self, start: int, end: int) -> list[int]:
        """The mentions lying wholly within ``start:end`` (document offsets); mentions are sorted by start."""
        first = bisect.bisect_left(self.starts, start)
        last = bisect.bisect_left(self.starts, end, first)
        ends = self.ends
        return [mention for mention in range(first, last) if ends[mention] <= end]


# The paragraph, speaker and cue records are NamedTuples: tens of thousands are made per run, and a
# frozen dataclass's __init__ (object.__setattr__ per field) made find_quotes about 8% slower.
class _Paragraph(NamedTuple):
    """The paragraph being read: its id, its text, and the document offset that text starts at."""

    paragraph_id: str
    base: int
    text: str


class _Speaker(NamedTuple):
    """Who a subject phrase names."""

    name: str  # a canonical actor name, UNNAMED, UNRESOLVED or UNLISTED
    attribution: str  # name / pronoun / spokesperson / unnamed / unlisted
    text: str  # the words that name the speaker


class _Cue(NamedTuple):
    """A speech verb outside quotation marks, and its sentence clipped to the paragraph (paragraph offsets)."""

    verb: str  # normalised: "said", "according to"
    start: int
    end: int
    sentence_start: int
    sentence_end: int


def _documents(parts: dict[str, pd.DataFrame], types: dict[str, str]) -> Iterator[tuple[_Document, int, int]]:
    """Each document of a partition that has paragraphs, with its first and past-the-last paragraph rows."""
    docs, sentences, mentions = (parts[name] for name in ("docs", "sentences", "mentions"))
    doc_ids = docs["doc_id"].to_numpy(dtype=object)
    bounds = {name: document_starts(doc_ids, parts[name]).tolist() for name in ("paragraphs", "sentences", "mentions")}
    texts, sources = strings(docs["text"]), strings(docs["source"])
    sentence_columns = [sentences[column].to_numpy() for column in ("sentence_id", "start", "end")]
    mention_columns = {
        "mention_start": mentions["start"].to_numpy(),
        "mention_end": mentions["end"].to_numpy(),
        "mention_actor": strings(mentions["actor"]),
        "mention_type": strings(mentions["actor_type"]),
        "mention_gender": strings(mentions["gender"]),
        "mention_sentence": strings(mentions["sentence_id"]),
    }
    for number, doc_id in enumerate(doc_ids):
        first, last = bounds["paragraphs"][number], bounds["paragraphs"][number + 1]
        if first == last:
            continue
        its_sentences = slice(bounds["sentences"][number], bounds["sentences"][number + 1])
        its_mentions = slice(bounds["mentions"][number], bounds["mentions"][number + 1])
        sentence_id, sentence_start, sentence_end = (values[its_sentences].tolist() for values in sentence_columns)
        sentence_number: dict = {}
        for position, sentence in enumerate(sentence_id):
            sentence_number.setdefault(sentence, position)
        document = _Document(
            doc_id=doc_id,
            source=sources[number],
            text=texts[number],
            actor_types=types,
            **{name: values[its_mentions] for name, values in mention_columns.items()},
            sentence_id=sentence_id,
            sentence_start=sentence_start,
            sentence_end=sentence_end,
            sentence_number=sentence_number,
            speakers=[],
            actor_gender={},
            starts=mention_columns["mention_start"][its_mentions].tolist(),
            ends=mention_columns["mention_end"][its_mentions].tolist(),
        )
        yield document, first, last


class _Memory:
    """What the reading of a document carries from one paragraph to the next: the speaker of the
    last quote of the paragraph before (a quotation that opens a paragraph without attribution
    continues it, as does one left open at the end of the paragraph before), and that paragraph's text."""

    __slots__ = ("base", "speaker", "text")

    def __init__(self):
        self.speaker: _Speaker | None = None
        self.text = ""
        self.base = 0


def _quote_spans(text: str) -> list[tuple[int, int, str, bool]]:
    """The paragraph's quotations: (start, end, words, closed), marks included in start:end.

    Curly and straight marks pair with each other (scraped text often opens with “ and closes
    with "); a straight mark opens after a space, an opening bracket or dash, or at the start, and
    closes otherwise. A last opening mark that is not closed runs to the end of the paragraph
    (``closed`` false): the quotation continues in the next paragraph.
    """
    spans = []
    opened = None
    for mark in _MARK.finditer(text):
        at = mark.start()
        char = mark.group()
        opens = char == "“" or (char == '"' and (at == 0 or text[at - 1] in _BEFORE_OPENING))
        if opened is None:
            if opens:
                opened = at
            continue
        if not opens or char == '"':
            words = text[opened + 1 : at]
            if len(words) >= 2:
                spans.append((opened, at + 1, words, True))
            opened = None
        else:
            opened = at  # two opening marks: the first was never closed, within the paragraph
    if opened is not None and len(text[opened + 1 :].split()) >= 3:
        spans.append((opened, len(text), text[opened + 1 :], False))
    return spans


def _paragraph_quotes(
    document: _Document, paragraph: _Paragraph, in_quote: list[bool], memory: _Memory
) -> list[QuoteRow]:
    """The quotes of one paragraph: its direct quotes, then its reported speech and "according to".

    Flags the mentions inside the paragraph's quotation marks in ``in_quote`` first. A direct quote
    without a speech verb beside it takes the speaker of the sentence that leads into it ("The
    governor said in a statement. “…”"), else of the quote before it in the paragraph, else (when
    it opens the paragraph) of the last quote of the paragraph before.
    """
    text, base = paragraph.text, paragraph.base
    spans = _quote_spans(text)
    for start, end, _, _ in spans:
        for mention in document.mentions_in(base + start, base + end):
            in_quote[mention] = True
    if "  " in text:
        # The names in a blanked link text are no one a pronoun refers to, as those inside quotes.
        for mention in document.mentions_in(base, base + len(text)):
            if text[document.mention_start[mention] - base] == " ":
                in_quote[mention] = True
    rows: list[QuoteRow] = []
    # A cue that attributes a direct quote is not read again as reported speech.
    used_cues: set[int] = set()
    previous = memory.speaker
    for number, (start, end, words, closed) in enumerate(spans):
        size = len(words.split())
        if size < 3:
            # Two quoted words are someone's only when they called something so ("a “power grab”").
            found = _called(document, paragraph, in_quote, start) if size == 2 else None
            if not found:
                continue
        else:
            found = _attribute_direct(document, paragraph, in_quote, start, end, used_cues)
        if not found:
            found = _led_in(document, paragraph, in_quote, start, memory, used_cues)
        if not found and not text[:start].strip():
            found = _colon_lead(document, in_quote, memory)
        if not found and previous is not None:
            opens = not text[:start].strip() or (number and rows and rows[-1].kind == "direct")
            found = (previous, "") if opens else None
        if found:
            speaker, cue = found
            rows.append(
                _row(
                    document,
                    paragraph,
                    speaker,
                    kind="direct",
                    cue=cue,
                    start=start + 1,
                    end=end - (1 if closed else 0),
                )
            )
            _heard(document, speaker, base + start)
            previous = speaker
    for match in _CUE.finditer(text):
        if match.start() in used_cues or any(start <= match.start() < end for start, end, _, _ in spans):
            continue
        row = _reported(document, paragraph, in_quote, match)
        if row:
            rows.append(row)
            _heard(document, _Speaker(row.speaker, row.attribution, row.speaker_text), base + match.start())
            previous = previous if spans else _Speaker(row.speaker, row.attribution, row.speaker_text)
    memory.speaker = previous if rows else None
    memory.text = text
    memory.base = base
    reported = [row.quote for row in rows if row.kind == "reported"]
    if reported:
        # "He added that he expected more charges, including “multiple counts …”": the quoted words
        # are part of the reported clause, not a quote of their own.
        rows = [row for row in rows if row.kind != "direct" or not any(_within(row.quote, words) for words in reported)]
    return rows


def _within(quote: str, words: str) -> bool:
    """Whether ``quote`` is part of the reported ``words``, after at least two words of their own
    (not "that, “We are not …”", where the reported clause is only the quotation)."""
    at = words.find(quote)
    return at >= 0 and len([word for word in _WORD.findall(words[:at]) if word.lower() != "that"]) >= 2


def _heard(document: _Document, speaker: _Speaker, offset: int) -> None:
    """Remember a quoted person, for "he said" after it (:func:`_last_speaker`)."""
    if speaker.name not in NOT_ACTORS and document.actor_types.get(speaker.name) == "person":
        document.speakers.append((offset, speaker.name))


def _led_in(
    document: _Document, paragraph: _Paragraph, in_quote: list[bool], start: int, memory: _Memory, used_cues: set[int]
) -> tuple[_Speaker, str] | None:
    """The speaker of a sentence that only introduces the quote at ``start`` ("X said in a statement."),
    in this paragraph or, when the quote opens it, at the end of the paragraph before."""
    before = paragraph.text[:start]
    window = before if before.strip() else memory.text
    if window.rstrip()[-1:] not in (".", ":", ",") or not _CUE.search(window, max(0, len(window) - LEAD_IN_REACH)):
        return None  # no sentence ending in "said." / "told reporters:" before it
    # Only the last sentence before the quote can lead into it: read at most LEAD_IN_REACH characters.
    if before.strip():
        cut = max(0, len(before) - LEAD_IN_REACH)
        lead = _LEAD_IN.search(before, cut)
        offset = paragraph.base
    else:
        cut = max(0, len(memory.text) - LEAD_IN_REACH)
        lead = _LEAD_IN.search(memory.text, cut) if memory.text else None
        offset = memory.base
    if not lead or _LEAD_THAT.sub("", lead.group("rest")).strip() != lead.group("rest").strip():
        return None
    subject = lead.group("subj")
    if not 0 < len(subject.split()) <= 8 or subject.split()[0].lower() in _ADVERBIAL:
        return None
    # The lead-in may be the paragraph before: read the subject's words there.
    read_in = paragraph if before.strip() else _Paragraph(paragraph.paragraph_id, memory.base, memory.text)
    speaker = _speaker_from(document, read_in, in_quote, subject, offset + lead.start("subj"))
    if not speaker:
        return None
    if before.strip():
        used_cues.add(lead.start("cue"))
    return speaker, _norm_cue(lead.group("cue"))


def _colon_lead(document: _Document, in_quote: list[bool], memory: _Memory) -> tuple[_Speaker, str] | None:
    """The speaker of a quotation that opens a paragraph after one ending in a cue and a colon whose
    subject the lead-in pattern could not read ("Young Pioneer Tours, which says it is “…,” posted this
    statement on its website:"): the first actor of the cue's sentence, a person before anyone else."""
    text = memory.text.rstrip()
    if not text.endswith(":"):
        return None
    cues = list(_CUE.finditer(text, max(0, len(text) - LEAD_IN_REACH)))
    if not cues or _norm_cue(cues[-1].group("cue")) == "according to":
        return None
    cue = cues[-1]
    sentence = document.sentence_at(memory.base + cue.start())
    if sentence != document.sentence_at(memory.base + len(text) - 1):
        return None  # "Pelosi told reporters … . Here is the full text of the letter:": the cue is another sentence's
    start = max(document.sentence_start[sentence], memory.base) if document.sentence_start else memory.base
    # The cue's own clause: "… came the same day that another speaker, Gov. Nikki Haley, said this:".
    plain = _without_quotations(text)  # not a "that" inside quotation marks
    clause = max(
        plain.rfind(" that ", start - memory.base, cue.start()), plain.rfind("; ", start - memory.base, cue.start())
    )
    start = memory.base + clause + 1 if clause >= 0 else start
    lead = _Paragraph("", memory.base, text)
    # "After Charlamagne invited Biden back onto the show, Biden replied:": the words right before the
    # cue, when they name someone or are a pronoun, before the clause's first actor.
    comma = plain.rfind(",", start - memory.base, cue.start())
    if comma >= 0:
        last = text[comma + 1 : cue.start()]
        named = [m for m in document.mentions_in(memory.base + comma + 1, memory.base + cue.start()) if not in_quote[m]]
        if named or _PRONOUN.match(last.strip()):
            speaker = _speaker_from(document, lead, in_quote, last, memory.base + comma + 1)
            if speaker is not None:
                return speaker, _norm_cue(cue.group("cue"))
    candidates = [m for m in document.mentions_in(start, memory.base + cue.start()) if not in_quote[m]]
    chosen = _first_speaking(document, candidates)
    if chosen is not None:
        speaker = _Speaker(document.mention_actor[chosen], "name", str(document.mention_actor[chosen]))
    else:
        # No actor: the words that open the clause say who it is ("(not in gazetteer)", "(unnamed)").
        subject = text[start - memory.base : cue.start()].split(",")[0]
        speaker = _speaker_from(document, lead, in_quote, subject, start)
        if speaker is None:
            return None
    return speaker, _norm_cue(cue.group("cue"))


def _without_quotations(text: str) -> str:
    """``text`` with every quotation (marks included) blanked out, the offsets unchanged."""
    pieces, last = [], 0
    for start, end, _, _ in _quote_spans(text):
        pieces += [text[last:start], " " * (end - start)]
        last = end
    return "".join(pieces) + text[last:]


def _first_speaking(document: _Document, mentions: list[int]) -> int | None:
    """The first person among ``mentions``, else the first that is not a place, else the first (None: none)."""
    people = [mention for mention in mentions if document.mention_type[mention] == "person"]
    others = [mention for mention in mentions if document.mention_type[mention] != "place"]
    chosen = people or others or mentions
    return chosen[0] if chosen else None


def _row(
    document: _Document,
    paragraph: _Paragraph,
    speaker: _Speaker,
    *,
    kind: str,
    cue: str,
    start: int,
    end: int,
    quote: str | None = None,
) -> QuoteRow:
    """The output row for a quote at ``start:end`` of the paragraph; ``quote`` defaults to those words."""
    base = paragraph.base
    sentence = document.sentence_at(base + start)
    return QuoteRow(
        doc_id=document.doc_id,
        source=document.source,
        paragraph_id=paragraph.paragraph_id,
        sentence_id=document.sentence_id[sentence] if document.sentence_id else "",
        speaker=speaker.name,
        speaker_type=document.actor_types.get(speaker.name, "organisation" if speaker.attribution == "body" else ""),
        speaker_text=speaker.text,
        attribution=speaker.attribution if speaker.name != UNRESOLVED else "pronoun",
        kind=kind,
        cue=cue,
        quote=_SPACES.sub(" ", paragraph.text[start:end] if quote is None else quote).strip(),
        start=base + start,
        end=base + end,
    )


# -------------------------------------------------------------- speakers
def _speaker_from(
    document: _Document, paragraph: _Paragraph, in_quote: list[bool], phrase: str, offset: int
) -> _Speaker | None:
    """Who the subject ``phrase`` (at document ``offset``) names; None when it is only conjunctions."""
    text = phrase.strip()
    # Trailing words are short: look for them in the last 80 characters only (a long phrase, as a
    # blanked link text makes, would take the pattern quadratic time).
    trailing = _TRAILING.search(text, max(0, len(text) - 80))
    text = text[: trailing.start()] if trailing else text
    lead = len(phrase) - len(phrase.lstrip())
    words = text.split()
    while words and words[0].lower() in _NOT_SUBJECT:
        lead += len(text) - len(text[len(words[0]) :].lstrip())
        text = text[len(words[0]) :].lstrip()
        words = words[1:]
    if not words:
        return None
    if _PRONOUN.match(words[0]) and len(words) <= 2:
        return _Speaker(_pronoun(document, in_quote, words[0].lower(), offset + lead), "pronoun", words[0])
    inside = document.mentions_in(offset, offset + len(phrase))
    if "  " in phrase:  # not the names in a blanked link text
        inside = [m for m in inside if paragraph.text[document.mention_start[m] - paragraph.base :][:1] != " "]
    # "The Britain-based Syrian Observatory", "Trump-appointed FCC Chairman Ajit Pai": a name inside
    # an adjective is not the speaker.
    inside = [m for m in inside if not _COMPOUND_AFTER.match(document.text, document.mention_end[m])]
    body = _body_of_place(document, inside, text)
    if body:
        return _Speaker(body, "body", text)
    people = [mention for mention in inside if document.mention_type[mention] == "person"]
    if people:
        return _speaking_person(document, people, text)
    if inside:
        # An organisation speaks when it is the subject ("the ISPR", "The United States") or
        # its voice is ("a State Department spokesperson", "The brief readout released by …").
        first = inside[0]
        lead_in = paragraph.text[
            offset + lead - paragraph.base : document.mention_start[first] - paragraph.base
        ].split()
        lead_in = [word for word in lead_in if not ADJECTIVE_COMPOUND.search(word)]  # "The London-based"
        head_words = {word.lower().removesuffix("’s").removesuffix("'s") for word in words[:3] + words[-1:]}
        # "the newsmagazine Der Spiegel": an article and a common noun before the name are its apposition.
        apposition = len(lead_in) == 2 and lead_in[0].lower() in ("the", "a", "an") and lead_in[1].islower()
        # "a report by the Russian news agency ITAR-TASS", "a new poll from Gallup": the author speaks.
        authored = _AUTHORED_BY.search(" ".join(lead_in))
        if len(lead_in) <= 1 or apposition or authored or head_words & _SPEAKER_NOUNS:
            return _Speaker(document.mention_actor[first], "name", text)
    if not inside:
        alone = _BODY_ALONE.match(text)
        if alone:
            # "Police said", "the military said": an institution of the story's place, named as written.
            return _Speaker(alone.group("body").lower(), "body", text)
    if _NAME_LIKE.search(text) and not inside:
        # Capitals the name rules read as no actor; when they read actors that are not the
        # speaker ("Members of both the House and Senate committees"), the speaker is unnamed.
        return _Speaker(UNLISTED, "unlisted", text)
    return _Speaker(UNNAMED, "unnamed", text)


def _body_of_place(document: _Document, inside: list[int], text: str) -> str | None:
    """The name of a country's ministry, army or embassy as the subject ``text`` writes it
    ("South Korea's Defense Ministry", "the German Interior Ministry", "the US military", "the U.S.
    Embassy in Seoul"), or None.

    The body speaks, not the country, and a ministry or army known only by its generic name
    ("Interior Ministry", "Joint Chiefs of Staff") is told apart by its country. A body the
    gazetteer knows by another name ("Foreign Office" for a listed ministry) stays that actor.
    """
    found = _PLACE_BODY.match(text)
    if not found:
        return None
    place = found.group("place")
    if place and not any(
        document.mention_type[m] in ("country", "place")
        and document.text[document.mention_start[m] : document.mention_end[m]] == place
        for m in inside
    ):
        return None
    body = found.group("body")
    for mention in inside:
        actor, kind = document.mention_actor[mention], document.mention_type[mention]
        if kind not in ("country", "place") and actor not in body:
            return None  # a listed body named by an alias, or someone else in the phrase
    return _SPACES.sub(" ", body)


def _speaking_person(document: _Document, people: list[int], text: str) -> _Speaker:
    """Which of the people named in a subject speaks: not one named as someone's ("Trump's son Don
    Jr.", "Obama spokeswoman Katie Hill" is Hill); a possessive alone before a spokesperson word
    is that person's voice ("Trump's spokeswoman", attribution "spokesperson"), before another noun
    someone unnamed ("her husband", "Trump's son")."""
    for number, mention in enumerate(people):
        after = document.text[document.mention_end[mention] : document.mention_end[mention] + 40]
        owner = _POSSESSIVE_AFTER.match(after)
        if not owner:
            return _Speaker(document.mention_actor[mention], "name", text)
        if number + 1 < len(people):
            continue
        if owner.group("noun").lower() in _SPEAKER_NOUNS:
            return _Speaker(document.mention_actor[mention], "spokesperson", text)
        return _Speaker(UNNAMED, "unnamed", text)
    return _Speaker(UNNAMED, "unnamed", text)


def _pronoun(document: _Document, in_quote: list[bool], pronoun: str, offset: int) -> str:
    """The person "he"/"she" at document ``offset`` refers to, or UNRESOLVED.

    That is someone in the sentence of the nearest person named before, outside quotation marks and
    of a matching gender, unless that sentence is more than three sentences back.
    """
    if pronoun == "it":
        return _it(document, in_quote, offset)
    wanted = {"he": "m", "she": "f"}[pronoun]
    last = _last_speaker(document, in_quote, offset, wanted)
    if last:
        return last
    here = document.sentence_at(offset)
    starts, types, genders = document.mention_start, document.mention_type, document.mention_gender
    for mention in range(len(starts) - 1, -1, -1):
        if starts[mention] >= offset or in_quote[mention] or types[mention] != "person":
            continue
        if genders[mention] not in ("", wanted):
            continue
        sentence = document.mention_sentence[mention]
        number = document.sentence_number.get(sentence, here)
        if here - number > 3:
            return UNRESOLVED
        return _person_of_sentence(document, in_quote, sentence, number, offset, wanted)
    return UNRESOLVED


def _last_speaker(document: _Document, in_quote: list[bool], offset: int, wanted: str) -> str | None:
    """The person of gender ``wanted`` quoted last before ``offset`` (within :data:`SPEAKER_REACH`
    characters) when no other person of that gender is named outside quotation marks since, other
    than in passing (:func:`_aside`): "he said" goes on with the man quoted before, even when a
    woman was quoted in between."""
    before = sorted((entry for entry in document.speakers if entry[0] < offset), reverse=True)
    if not before:
        return None
    starts, actors, types, genders = (
        document.mention_start,
        document.mention_actor,
        document.mention_type,
        document.mention_gender,
    )
    gender_of = document.actor_gender
    if not gender_of:  # filled once per document, on its first pronoun
        for mention in range(len(starts)):
            gender_of.setdefault(actors[mention], genders[mention])
    for since, actor in before:
        if offset - since > SPEAKER_REACH:
            return None
        if gender_of.get(actor, "") in ("", wanted):
            break
    else:
        return None
    for mention in range(len(starts)):
        if since < starts[mention] < offset and actors[mention] != actor and types[mention] == "person":
            if in_quote[mention] or genders[mention] not in ("", wanted) or _aside(document, mention):
                continue
            return None
    return actor


def _aside(document: _Document, mention: int) -> bool:
    """Whether a mention names someone in passing (:data:`_ASIDE_BEFORE`: "by Chairman X", "told X",
    "such as X"), or in a list that began so ("such as Charles Krauthammer and Sean Hannity")."""
    text, starts, ends = document.text, document.starts, document.ends
    if text[ends[mention] : ends[mention] + 2] in ("’s", "'s"):
        return False  # "at one of Trump's rallies, he said": whose rally it was is who is talked about
    while True:
        start = starts[mention]
        if _ASIDE_BEFORE.search(text[max(0, start - 60) : start]):
            return True
        if (
            mention == 0
            or not 0 <= start - ends[mention - 1] <= 6
            or not _LIST_JOIN.match(text[ends[mention - 1] : start])
        ):
            return False
        mention -= 1


def _it(document: _Document, in_quote: list[bool], offset: int) -> str:
    """The organisation or country "it" at ``offset`` refers to: the nearest named before it, outside
    quotation marks, at most two sentences back; else UNRESOLVED."""
    here = document.sentence_at(offset)
    starts, types = document.mention_start, document.mention_type
    for mention in range(len(starts) - 1, -1, -1):
        if starts[mention] >= offset or in_quote[mention] or types[mention] not in ("organisation", "country"):
            continue
        number = document.sentence_number.get(document.mention_sentence[mention], here)
        return document.mention_actor[mention] if here - number <= 2 else UNRESOLVED
    return UNRESOLVED


def _person_of_sentence(
    document: _Document, in_quote: list[bool], sentence: str, number: int, offset: int, wanted: str
) -> str:
    """Which person named in ``sentence`` (position ``number``) a pronoun at ``offset`` refers to, or UNRESOLVED.

    Candidates are named before ``offset``, outside quotation marks, of gender ``wanted`` or unknown.
    """
    starts, actors = document.mention_start, document.mention_actor
    types, genders, sentences = document.mention_type, document.mention_gender, document.mention_sentence
    same = [
        mention
        for mention in range(len(starts))
        if sentences[mention] == sentence
        and starts[mention] < offset
        and not in_quote[mention]
        and types[mention] == "person"
        and genders[mention] in ("", wanted)
    ]
    named = list(dict.fromkeys(actors[mention] for mention in same))
    if len(named) == 1:
        return named[0]
    # Someone named after a preposition ("talks with Munir") is rarely what "he" refers to.
    text = document.text
    free = [
        mention
        for mention in same
        if not _AFTER_PREPOSITION.search(text[max(0, starts[mention] - 20) : starts[mention]])
    ]
    if len(set(actors[mention] for mention in free)) == 1:
        return actors[free[0]]
    # Otherwise the one at the sentence's start, the likely subject.
    first = min(same, key=lambda mention: starts[mention])
    words_before = len(text[document.sentence_start[number] : starts[first]].split())
    return actors[first] if words_before <= 4 else UNRESOLVED


# -------------------------------------------------------------- direct quotes
def _attribute_direct(
    document: _Document, paragraph: _Paragraph, in_quote: list[bool], start: int, end: int, used_cues: set[int]
) -> tuple[_Speaker, str] | None:
    """The speaker and cue of the direct quote at ``start:end`` of the paragraph (marks included), or None.

    A cue after the closing mark is tried before one before the opening mark, unless the quote ends
    its sentence with a full stop (Rubio said, “We won.” The White House said …: what follows is a
    sentence of its own); the paragraph offset of the cue that attributes the quote goes into ``used_cues``.
    """
    if paragraph.text[max(0, end - 2) : end - 1] == "." and _OPENS_SENTENCE.match(paragraph.text, end):
        found = _cue_before(document, paragraph, in_quote, start, used_cues, end) or _cue_after(
            document, paragraph, in_quote, end, used_cues
        )
    else:
        found = _cue_after(document, paragraph, in_quote, end, used_cues) or _cue_before(
            document, paragraph, in_quote, start, used_cues, end
        )
    return found or _called(document, paragraph, in_quote, start)


def _called(
    document: _Document, paragraph: _Paragraph, in_quote: list[bool], start: int
) -> tuple[_Speaker, str] | None:
    """The speaker of words someone called something ("what he called “talk of appeasement”", "Trump
    had called the rules a “power grab”") or accused someone of ("Beijing accused the US of starting
    the “largest trade war …”"): the subject right before the verb, when it names someone or is a
    pronoun or an official ("which the official called “…”"); not "a group called “…”"."""
    head_start = max(0, start - 160)
    head = paragraph.text[head_start:start]
    found = _CALLED.search(head) or _ACCUSED.search(head)
    if not found:
        return None
    objects = found.groupdict().get("object") or ""
    if found.re is _CALLED and _CALL_NOT_NAMING.search(objects):
        return None  # "called reporters into a briefing with the “Tiger Team”": a call, not a name for something
    before = head[: found.start()]
    if found.re is _CALLED and not objects.strip() and not _WHAT_CALLED.search(before):
        return None  # "Trump called “Fox & Friends” on Monday": he phoned a show; "what he called “…”" names
    trailing = _TRAILING.search(before.rstrip())  # "Scaramucci on Monday accused …"
    before = before.rstrip()[: trailing.start()] + " " if trailing else before
    cut = max(before.rfind(x) for x in (",", ";", "”", "“", "(", ". ", "? ", "! "))
    tokens = list(_NON_SPACE.finditer(before, cut + 1))
    words = [token.group() for token in tokens]
    # Back to the word that opens the subject's clause ("since Trump had called", "what he called").
    first = next((n + 1 for n in range(len(words) - 1, -1, -1) if words[n].lower() in _CLAUSE_OPENERS), 0)
    if words and words[-1].lower() in ("is", "was", "are", "were", "be", "been", "being"):
        return None  # "Brock is described here as “a top Clinton ally”": someone else's words about him
    last = len(words)
    while last > first and words[last - 1].lower() in (
        "had",
        "has",
        "have",
        "also",
        "once",
        "repeatedly",
        "previously",
    ):
        last -= 1
    words, tokens = words[first:last], tokens[first:last]
    if not 0 < len(words) <= 8 or _SUBJECT_PREPOSITIONS.intersection(words):
        return None  # not "One Democrat who worked on two campaigns for President Obama called …"
    subject = before[tokens[0].start() : tokens[-1].end()]  # as written ("Marco  Rubio", a blanked link's spaces)
    offset = paragraph.base + head_start + tokens[0].start()
    speaker = _speaker_from(document, paragraph, in_quote, subject, offset)
    if not speaker or speaker.name in (UNLISTED, UNRESOLVED):
        return None
    if speaker.name == UNNAMED and not {word.lower() for word in words} & _SPEAKER_NOUNS:
        return None  # "a group called “…”": a name, not someone's words
    return speaker, _norm_cue(found.group("cue"))


def _cue_after(
    document: _Document, paragraph: _Paragraph, in_quote: list[bool], end: int, used_cues: set[int]
) -> tuple[_Speaker, str] | None:
    """A speech verb and its subject right after a closing mark at ``end``: “…,” Khan said / “…,” said Khan."""
    after = _AFTER.match(paragraph.text[end : end + 220])
    if not after:
        return None
    # The pattern's two alternatives: subject then cue ("Khan said"), or cue then subject ("said Khan").
    subject_group, cue_group = ("subj", "cue") if after.group("subj") is not None else ("subj2", "cue2")
    subject = after.group(subject_group)
    words = subject.split()
    if not 0 < len(words) <= 14 or (words[0].lower() in _ADVERBIAL and len(words) > 1):
        return None
    speaker = _speaker_from(document, paragraph, in_quote, subject, paragraph.base + end + after.start(subject_group))
    if not speaker:
        return None
    used_cues.add(end + after.start(cue_group))
    return speaker, _norm_cue(after.group(cue_group))


def _cue_before(
    document: _Document,
    paragraph: _Paragraph,
    in_quote: list[bool],
    start: int,
    used_cues: set[int],
    end: int | None = None,
) -> tuple[_Speaker, str] | None:
    """A subject and speech verb right before an opening mark at ``start``: Bilawal wrote, “…”.

    Not a cue whose clause has a verb of its own before a quotation that it goes on after (``end``:
    the closing mark): "He said he was doing so after several “leftwing activist groups” filed …"
    reports the whole clause, the quoted words within it.
    """
    head_start = max(0, start - 120)
    head = paragraph.text[head_start:start]
    cues = list(_CUE.finditer(head))
    if not cues:
        return None
    cue = cues[-1]
    gap = head[cue.end() :]
    if not _BEFORE_GAP.match(gap) or _norm_cue(cue.group("cue")) == "according to":
        return None
    if end is not None and len(gap.split()) >= 3 and _FINITE.search(gap) and _GOES_ON.match(paragraph.text, end):
        return None
    subject, offset = _subject_before(head, cue.start())
    if not subject.strip() and not cue.group("cue").endswith("ing"):
        # "Steven B. Wolfson, the Clark County district attorney, said, “…”": the name before the apposition.
        named = _NAME_APPOSITION.search(head, 0, cue.start())
        if named:
            subject, offset = named.group("name"), named.start("name")
    offset += head_start
    if not subject.strip() and cue.group("cue").endswith("ing"):
        # "Rubio said, adding, “…”": a participle's speaker is the subject of the cue before it.
        wide_start = max(0, start - 400)
        wide = paragraph.text[wide_start:start]
        earlier = list(_CUE.finditer(wide))[-2:-1]
        if earlier:
            subject, offset = _subject_before(wide, earlier[0].start())
            if wide_start and offset == 0:
                return None  # the subject runs on before the window: not read
            offset += wide_start
    if not subject.strip() and cue.group("cue").endswith("ing") and _MARK_NEXT.match(head, cue.end()):
        # "Trump fired back at criticism, tweeting: “…”": no cue before it; the sentence's subject speaks.
        speaker = _participle_speaker(document, paragraph, in_quote, _cue_of(document, paragraph, cue, head_start))
    elif not 0 < len(subject.split()) <= 8:
        return None
    else:
        speaker = _speaker_from(document, paragraph, in_quote, subject, paragraph.base + offset)
    if not speaker:
        return None
    used_cues.add(head_start + cue.start())
    return speaker, _norm_cue(cue.group("cue"))


def _subject_before(head: str, cue_start: int) -> tuple[str, int]:
    """The subject of the cue at ``cue_start`` of ``head`` and its offset there: the words back to
    the last comma, "that", semicolon or closing mark before it."""
    window = head[:cue_start]
    cut = max(window.rfind(","), window.rfind(" that "), window.rfind(";"), window.rfind("”"))
    subject = window[cut + 1 :] if cut >= 0 else window
    # With no cut at all (-1 == -1) a leading "that " is dropped too, but the offset is not moved.
    subject = subject.removeprefix("that ") if cut == window.rfind(" that ") else subject
    offset = (cut + 1 if cut >= 0 else 0) + (len(window[cut + 1 :]) - len(subject) if cut >= 0 else 0)
    return subject, offset


# -------------------------------------------------------------- reported speech, "according to"
def _reported(document: _Document, paragraph: _Paragraph, in_quote: list[bool], match: regex.Match) -> QuoteRow | None:
    """The row for the speech cue ``match`` outside quotation marks, or None when nothing is attributed."""
    if _NOT_A_VERB_BEFORE.search(paragraph.text[max(0, match.start() - 12) : match.start()]):
        return None  # "rejected the claims of abuse", "wants a say", "was told to leave"
    if match.group("cue") in FORECASTS and not _AUXILIARY_BEFORE.search(
        paragraph.text, max(0, match.start() - 6), match.start()
    ):
        return None  # a forecast reports only after an auxiliary: "the CBO has projected …", not "projected to be"
    cue = _cue_of(document, paragraph, match)
    if cue.verb == "according to":
        return _according_to(document, paragraph, in_quote, cue)
    return _reported_speech(document, paragraph, in_quote, cue)


def _according_to(document: _Document, paragraph: _Paragraph, in_quote: list[bool], cue: _Cue) -> QuoteRow | None:
    """ "according to the ISPR, Trump welcomed …": the actor right after the cue said the rest of the sentence."""
    text = paragraph.text
    phrase = _ACCORDING_PHRASE.match(text[cue.end : cue.sentence_end])
    if not phrase:
        return None
    speaker = _speaker_from(document, paragraph, in_quote, phrase.group(1), paragraph.base + cue.end + phrase.start(1))
    if not speaker:
        return None
    quote = (text[cue.sentence_start : cue.start] + text[cue.end + phrase.end() : cue.sentence_end]).strip(" ,.–—")
    return _row(
        document, paragraph, speaker, kind="according_to", cue=cue.verb,
        start=cue.sentence_start, end=cue.sentence_end, quote=_SPACES.sub(" ", quote),
    )  # fmt: skip


def _reported_speech(document: _Document, paragraph: _Paragraph, in_quote: list[bool], cue: _Cue) -> QuoteRow | None:
    """ "Faisal noted that …": the subject before the cue said the rest of the sentence."""
    if _AND_BEFORE.search(paragraph.text, cue.sentence_start, cue.start):
        # "… criticized Trump and asserted the president …", "… had “a quick exam” and assured that …":
        # a cue joined to an earlier verb by "and" speaks for the sentence's subject.
        found = (paragraph.text[cue.sentence_start : cue.start], cue.sentence_start, False, False)
        speaker = _sentence_subject(document, paragraph, in_quote, cue)
    elif _participle_after_comma(paragraph.text, cue):
        # "Mulvaney said his office …, adding that …", "Cruz slammed the administration …, adding that …":
        # the participle speaks for whoever spoke or acted earlier in the sentence.
        speaker = _participle_speaker(document, paragraph, in_quote, cue)
        found = ("", cue.start, False, False)
    else:
        found = _reported_subject(document, paragraph, cue)
        if not found:
            return None
        speaker = _speaker_from(document, paragraph, in_quote, found[0], paragraph.base + found[1])
    subject, subject_start, parenthetical, final = found
    if cue.verb.endswith("ing") and (speaker is None or speaker.name in NOT_ACTORS):
        # "…, rightly noting that …": a participle's speaker is its sentence's subject.
        speaker = _sentence_subject(document, paragraph, in_quote, cue) or speaker
    if not speaker:
        return None
    text = paragraph.text
    after = text[cue.end : cue.sentence_end]
    if final and parenthetical:
        if cue.verb in WEAK_CUES and speaker.name in (UNNAMED, UNRESOLVED):
            return None  # "… 84,000 more jobs than previously reported in August": no one reports
        if _MARK.search(text, cue.sentence_start, subject_start) or (
            cue.verb == "states" and not _THE_DOCUMENT.match(subject)
        ):
            return None  # "“Our target …,” David Kostin, Goldman's analyst wrote in a note.": a direct quote's cue
    elif not _reads_as_speech(cue, after, speaker, subject):
        return None
    if cue.verb in ("told", "tells"):
        # Not whom they told: "told Al Jazeera that …".
        told = _TOLD_OBJECT.match(after)
        if told and told.end() >= len(after.rstrip(" .!?")):
            # No "that" and no comma: whom they told is a name or a word such as "reporters"
            # ("told reporters the talks went well", "told The Associated Press on Sunday it …").
            told = _TOLD_BARE_OBJECT.match(after)
        if told:
            after = after[told.end() :]
    after = _LEAD_THAT.sub("", _CUE_ADVERBIAL.sub("", after, count=1))
    clause_end = _CLAUSE_END.search(after)
    if clause_end and len(after[: clause_end.start()].split()) >= 3:
        after = after[: clause_end.start()]
    elif parenthetical and _CLAUSE_END.match(", " + after.lstrip(" ,")):
        after = ""  # "…, he said, adding, “…”": the words before the cue are all it reports
    before = text[cue.sentence_start : cue.start]
    if cue.verb in ("asked", "told") and _SUBORDINATE_START.match(before) and len(before.split()) == 1:
        return None  # "When asked whether …": someone was asked, nobody said
    if _SUBORDINATE_START.match(before) and "," not in before or _RELATIVE_END.search(before):
        # "While Nunez noted the closures …, he did not …", "The group, which says … , claimed …":
        # the cue's clause is subordinate, and what was said ends where it does, at the comma.
        comma = after.find(", ")
        if comma > 0 and len(after[:comma].split()) >= 3:
            after = after[:comma]
    if final and parenthetical:
        quote = text[cue.sentence_start : subject_start].rstrip(" ,")  # "Trump was pleased, officials noted."
    elif parenthetical and text[cue.end : cue.end + 1] == ",":
        quote = text[cue.sentence_start : subject_start].rstrip(" ,") + " " + after
    else:
        quote = after
    quote = _SPACES.sub(" ", quote).strip(" ,")
    if len(quote.split()) < 3:
        return None
    return _row(
        document, paragraph, speaker, kind="reported", cue=cue.verb,
        start=cue.sentence_start, end=cue.sentence_end, quote=quote,
    )  # fmt: skip


def _reads_as_speech(cue: _Cue, after: str, speaker: _Speaker, subject: str) -> bool:
    """Whether a cue outside quotation marks reports speech, from the words after it.

    Not when a quotation follows (“…” is the direct quote, attributed on its own), nor when only a
    place or occasion follows ("said in a statement.", "told State of the Union."), nor an
    indirect question ("did not say whether …"); "states" needs a subject such as "the letter"
    ("36 states have …" is a noun); verbs that are often not speech (reported, posted, added,
    announced …) need a named speaker or a "that" clause ("the economy added 165,000 jobs").
    """
    rest = after.strip()
    if (
        not rest
        or (rest[0] in "“\"‘':" and not _FRAGMENT.match(rest))
        or _PLACE_ONLY.match(rest)
        or _QUESTION.match(rest)
    ):
        return False
    clause = _LEAD_THAT.sub("", _CUE_ADVERBIAL.sub("", after, count=1)).strip()
    if not clause or (clause[0] in "“\"‘'" and not _FRAGMENT.match(clause)):
        return False  # "told reporters that, “…”": the quotation is the direct quote
    has_that = bool(_CUE_ADVERBIAL.match(after) or _THAT.match(after))
    finite = bool(_FINITE.search(clause))
    if _PREPOSITION.match(rest) and not has_that and not finite:
        return False  # "tweeted about his visit", "announced on Friday"; not "said about 40,000 police would …"
    if cue.verb in OBJECT_CUES and not has_that and not finite:
        return False  # "announced his resignation", "confirmed the closure": a thing, not a clause
    if cue.verb in _WRITING and not has_that and _WRITTEN_THING.match(rest):
        return False  # "wrote a letter saying …": the participle carries the words
    if cue.verb in ("told", "tells") and " that " not in f" {rest} " and len(rest.split()) <= 5:
        return False
    if cue.verb in ("asked", "asks") and _ASKED_TO.match(rest):
        return False  # "asked him to call 911": a request, not what was said
    if cue.verb == "states" and not _THE_DOCUMENT.match(subject):
        return False
    if cue.verb in WEAK_CUES and speaker.name in NOT_ACTORS:
        return has_that
    return True


def _participle_after_comma(text: str, cue: _Cue) -> bool:
    """Whether the cue is a participle that follows a comma in its sentence (", adding that …")."""
    return cue.verb.endswith("ing") and bool(_COMMA_BEFORE.search(text, cue.sentence_start, cue.start))


def _participle_speaker(document: _Document, paragraph: _Paragraph, in_quote: list[bool], cue: _Cue) -> _Speaker | None:
    """Who speaks through a participle after a comma: the subject of the last cue before it in its
    sentence ("…, the newspaper noted, adding that …"), else the subject of the sentence's main clause
    (the last of clauses "and" joins) — after an opening phrase ("During an interview with Hugh Hewitt, Thune echoed …, saying"), before
    its first verb; a pronoun ("He praised ICE facilities, insisting …"), else its person ("Palestinian
    U.N. Ambassador Riyad Mansour criticized …"), else its first actor ("The EPA has defended Pruitt's
    spending, saying …")."""
    text = paragraph.text
    plain = _without_quotations(text)  # commas and cues inside quotation marks do not count
    comma = _COMMA_BEFORE.search(text, cue.sentence_start, cue.start)
    clause_end = comma.start() if comma else cue.start
    main_start = cue.sentence_start
    opening = _OPENING_PHRASE.match(plain[main_start:clause_end])
    if opening and opening.end() <= clause_end - main_start:  # its comma comes before the participle's
        main_start += opening.end()
    # "The House passed the bill and Pelosi praised it, saying …": the last of clauses "and" joins.
    joined = [
        match
        for match in _AND_CLAUSE.finditer(plain, main_start, clause_end)
        if _FINITE.search(plain, main_start, match.start()) and _FINITE.search(plain, match.end(), clause_end)
    ]
    if joined:
        main_start = joined[-1].end()
    earlier = [
        match
        for match in _CUE.finditer(plain, main_start, clause_end)
        if not _NOT_A_VERB_BEFORE.search(text[max(0, match.start() - 12) : match.start()])
        and _norm_cue(match.group("cue")) != "according to"
    ]
    if earlier:
        previous = _cue_of(document, paragraph, earlier[-1])
        found = _reported_subject(document, paragraph, previous)
        if found and found[0].strip():
            return _speaker_from(document, paragraph, in_quote, found[0], paragraph.base + found[1])
    first = _FIRST_WORDS.match(text[main_start:clause_end])
    if first and _PRONOUN.match(first.group(1)):
        offset = paragraph.base + main_start + first.start(1)
        return _Speaker(_pronoun(document, in_quote, first.group(1).lower(), offset), "pronoun", first.group(1))
    verb = _FINITE.search(plain, main_start, clause_end)
    subject_end = verb.start() if verb else clause_end
    inside = [
        mention
        for mention in document.mentions_in(paragraph.base + main_start, paragraph.base + subject_end)
        if not in_quote[mention]
    ]
    chosen = _first_speaking(document, inside)
    if chosen is None:
        return None
    return _Speaker(document.mention_actor[chosen], "name", str(document.mention_actor[chosen]))


def _cue_of(document: _Document, paragraph: _Paragraph, match: re.Match, offset: int = 0) -> _Cue:
    """The cue ``match`` (found in the paragraph's text from ``offset``) with its sentence, clipped to the paragraph."""
    base, length = paragraph.base, len(paragraph.text)
    sentence = document.sentence_at(base + offset + match.start())
    return _Cue(
        verb=_norm_cue(match.group("cue")),
        start=offset + match.start(),
        end=offset + match.end(),
        sentence_start=max(document.sentence_start[sentence] - base, 0) if document.sentence_start else 0,
        sentence_end=min(document.sentence_end[sentence] - base, length) if document.sentence_end else length,
    )


def _sentence_subject(document: _Document, paragraph: _Paragraph, in_quote: list[bool], cue: _Cue) -> _Speaker | None:
    """The actor (or pronoun) that opens the cue's sentence, as the speaker of a participle cue."""
    window = paragraph.text[cue.sentence_start : cue.start]
    first = _FIRST_WORDS.match(window)
    if first and _PRONOUN.match(first.group(1)):
        offset = paragraph.base + cue.sentence_start + first.start(1)
        return _Speaker(_pronoun(document, in_quote, first.group(1).lower(), offset), "pronoun", first.group(1))
    for mention in document.mentions_in(paragraph.base + cue.sentence_start, paragraph.base + cue.start):
        if not in_quote[mention]:
            return _Speaker(document.mention_actor[mention], "name", str(document.mention_actor[mention]))
    return None


def _reported_subject(document: _Document, paragraph: _Paragraph, cue: _Cue) -> tuple[str, int, bool, bool] | None:
    """The subject phrase of a reported-speech cue, or None when its clause has none.

    Returns:
        The subject, its paragraph offset, whether it is parenthetical ("…, X said, …": it follows a
        comma) and whether the cue is final ("Trump was pleased, officials noted.").
    """
    text, base = paragraph.text, paragraph.base
    window = text[cue.sentence_start : cue.start]
    cut = max(window.rfind("; "), window.rfind(": "), window.rfind(" that "), window.rfind("—"), window.rfind("”"))
    clause_start = cue.sentence_start + (cut + 1 if cut >= 0 else 0)
    window = text[clause_start : cue.start]
    dateline = _DATELINE.match(window) if cut < 0 else None
    if dateline:
        # "Washington (CNN) - Members of both committees say …": the dateline is no part of the subject.
        clause_start += dateline.end()
        window = window[dateline.end() :]
    if not window.strip() or _WHAT_BEFORE.search(window):
        return None
    relative = _RELATIVE_END.search(window)
    if relative:
        # "… shepherded by FCC Chairman Ajit Pai, who says …": the relative pronoun's antecedent speaks.
        head = window[: relative.start()]
        cut = max(head.rfind(","), head.rfind("("))
        return head[cut + 1 :], clause_start + cut + 1, False, False
    subject = window.split(",")[0]
    subject_words = subject.split()
    parenthetical = False
    subject_start = clause_start
    rest = text[cue.end : cue.sentence_end]
    # "…, the Labor Department reported Friday morning.": after the cue only when or where, if anything.
    final = "," in window and (len(_NON_WORDS.sub(" ", rest).split()) < 2 or bool(_WHEN_ONLY.match(rest.strip())))
    if "," in window and not final and _names_alone(document, base + cue.start, window.rsplit(",", 1)[-1]):
        # "Pressed by Fox News host X, he conceded that …", "When asked whether …, Mr Smith told …":
        # a pronoun or a name alone right before the cue is its subject.
        subject = window.rsplit(",", 1)[-1]
        return subject, cue.start - len(subject), True, final
    if final or (
        not subject_words
        or subject_words[0].lower() in _ADVERBIAL
        or len(subject_words) > 12
        or (
            "," in window
            and not document.mentions_in(base + clause_start, base + clause_start + len(subject))
            and not _NAME_LIKE.search(subject)
        )
    ):
        # The clause does not open with its subject ("Earlier, X said"): take the part before the cue.
        parts = window.rsplit(",", 1)
        subject = parts[-1]
        subject_start = cue.start - len(subject)
        parenthetical = len(parts) > 1
        named = _APPOSED_NAME.search(window) if not subject.strip() else None
        if named and document.mentions_in(
            base + clause_start + named.start("name"), base + clause_start + named.end("name")
        ):
            # "The state-run agency, KCNA, said …": the name between commas after its description.
            subject, subject_start, parenthetical = named.group("name"), clause_start + named.start("name"), False
    if subject.strip().lower().endswith(" and"):
        subject = subject.strip()[:-4]
    if len(subject.split()) > 12 and not cue.verb.endswith("ing") and _SUBJECT_AFTER_AND.search(subject):
        # "The cuts went into effect March 1 and the Congressional Budget Office has projected …": the
        # cue's clause is the last of those "and" joins.
        tail = subject[_SUBJECT_AFTER_AND.search(subject).start() + 5 :].lstrip()
        subject_start += len(subject) - len(tail)
        subject = tail
    if not subject.strip() or len(subject.split()) > 12:
        return None
    return subject, subject_start, parenthetical, final


def _names_alone(document: _Document, end: int, phrase: str) -> bool:
    """Whether ``phrase`` (ending at document offset ``end``) is only a pronoun or a person's name,
    perhaps with an adverb ("he", "Mr Smith", "she also", "Jane Doe repeatedly")."""
    words = _ADVERB_AFTER.sub("", phrase).split()
    if not words:
        return False
    if len(words) == 1 and _PRONOUN.match(words[0]):
        return True
    start = end - len(phrase)
    people = [m for m in document.mentions_in(start, end) if document.mention_type[m] == "person"]
    return (
        bool(people)
        and len(words) <= 6
        and not phrase[: document.mention_start[people[0]] - start].strip()
        and not (_ADVERB_AFTER.sub("", phrase[document.mention_end[people[-1]] - start :]).strip())
    )


def _norm_cue(cue: str) -> str:
    return _SPACES.sub(" ", cue.lower())


def voice(mentions: pd.DataFrame, quotes: pd.DataFrame, docs: pd.DataFrame) -> pd.DataFrame:
    """Who is quoted and who is only mentioned, per source.

    Returns:
        source, actor, actor_type, mentions, quotes (attributed to the actor), quoted_documents
        (documents of the source that quote the actor), mentioned_documents, status ("quoted"
        or "mentioned only"), few_documents (true when one or two of the source's documents
        mention the actor). Sorted by source, then quotes and mentions.
    """
    columns = [
        "source",
        "actor",
        "actor_type",
        *(["known"] if "known" in mentions else []),
        "mentions",
        "quotes",
        "quoted_documents",
        "mentioned_documents",
        "status",
        "few_documents",
    ]
    if mentions.empty:
        return pd.DataFrame(columns=columns)
    with_source = mentions.merge(docs[["doc_id", "source"]], on="doc_id", how="left")
    keys = ["source", "actor", "actor_type", *(["known"] if "known" in mentions else [])]
    grouped = with_source.groupby(keys, observed=True)
    table = pd.DataFrame({"mentions": grouped.size(), "mentioned_documents": grouped["doc_id"].nunique()}).reset_index()
    named = quotes.loc[~quotes["speaker"].isin(NOT_ACTORS)]
    spoken = named.groupby(["source", "speaker"], observed=True).agg(
        quotes=("quote", "size"), quoted_documents=("doc_id", "nunique")
    )
    table = table.merge(spoken, left_on=["source", "actor"], right_index=True, how="left")
    table[["quotes", "quoted_documents"]] = table[["quotes", "quoted_documents"]].fillna(0).astype("int64")
    table["status"] = table["quotes"].gt(0).map({True: "quoted", False: "mentioned only"})
    table["few_documents"] = table["mentioned_documents"] <= FEW_DOCUMENTS
    return table[columns].sort_values(
        ["source", "quotes", "mentions", "actor"], ascending=[True, False, False, True], ignore_index=True
    )


def speaker_summary(quotes: pd.DataFrame) -> pd.DataFrame:
    """Quotes per source by how the speaker is known.

    Returns:
        source, quotes, named (attributed to an actor, known or provisional), not_in_gazetteer (a named
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
    """The first ``per_source`` quotes of each source, with ``where`` (speaker · cue) for quoting.

    Sources come in order of how many quotes they have (most first, then by name), so that the
    first rows of a long sample, when a page shows only those, are from the sources that quote most.
    """
    sample = quotes.groupby("source", sort=True, observed=True).head(per_source)
    names = sample["source"].astype(str)
    counts = quotes["source"].astype(str).value_counts()
    order = sample.assign(_quotes=names.map(counts).to_numpy(), _name=names.to_numpy(), _row=range(len(sample)))
    sample = order.sort_values(["_quotes", "_name", "_row"], ascending=[False, True, True], kind="stable")
    sample = sample.drop(columns=["_quotes", "_name", "_row"])
    return sample.assign(where=sample["speaker"] + " · " + sample["cue"])
