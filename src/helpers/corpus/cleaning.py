"""Remove the page furniture that scraped news carries, and log every removal.

A scraped article is read as a list of paragraphs (one non-empty line each). Each rule below
either drops a whole paragraph or trims a prefix off one; every change is recorded with the
rule's name so a report can show exactly what was taken out and why. Rules never touch text
in the middle of a paragraph, so the words that remain are the words the outlet published.

Rules, in the order they run:

==================== ===========================================================================
rule                 what it removes
==================== ===========================================================================
image_filename       a line that is only an image or screenshot file name ("Screenshot 2025-…")
title_repeat         the headline repeated as the first line (when the manifest has a title)
byline               a leading "By …" line or a bare author name; the name becomes ``author``
photo_caption        a caption line ending in an agency credit ("… —ISPR/AFP file")
image_credit         "Image 1: …", "Photo: …", "Photo credit: …" lines
highlights           a block of bullet points before the article body
dateline             "WASHINGTON –", "Islamabad, Pakistan –", "date 2025-06-20" at the start
repeated_paragraph   a paragraph identical to an earlier one (repeated captions, pull quotes)
pull_quote           a short paragraph that repeats a passage of another paragraph
disclaimer           "Views expressed are the author's own …"
separator            a line of only ``***``, ``---`` or similar
also_read            "Also Read: …" / "Read more: …" cross-links
site_furniture       "Story Continued Below", "Advertisement", "Click here to get the … app",
                     "Follow @…", "Enlarge this image toggle caption …", "Slideshow (2 Images)" …
footer               everything from "Share this:" / "Related articles" … to the end
==================== ===========================================================================
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

RULES = (
    "image_filename",
    "title_repeat",
    "byline",
    "photo_caption",
    "image_credit",
    "highlights",
    "dateline",
    "repeated_paragraph",
    "pull_quote",
    "disclaimer",
    "separator",
    "also_read",
    "site_furniture",
    "footer",
)

_IMAGE_EXT = r"(?:jpe?g|png|gif|webp|tiff?|bmp|heic)"
_IMAGE_FILENAME = re.compile(
    rf"^(?:(?:screen\s?shot|screenshot|img|image|dsc|photo|pic|pxl)[\s_-]*\d[\d\s_.:-]*(?:\.{_IMAGE_EXT})?"
    rf"|[\w\-. ]{{1,80}}\.{_IMAGE_EXT})$",
    re.IGNORECASE,
)
_BYLINE_BY = re.compile(r"^by\b\s*[|:]?\s*(?P<name>[^|]*?)\s*\|?\s*$", re.IGNORECASE)
_NAME_TOKEN = re.compile(r"^(?:[A-Z][a-zà-ÿ'’\-]+|[A-Z]\.|[A-Z][a-z]?\.?|(?:de|van|von|al|el|bin|ul)-?)$")
_AGENCY = (
    r"(?:[A-Z]{2,}|Reuters|Getty(?: Images)?|Bloomberg|Anadolu|Xinhua|Shutterstock|"
    r"File|Handout|Courtesy|Wikimedia(?: Commons)?)"
)
_CAPTION_CREDIT = re.compile(
    rf"\s[—–]\s?{_AGENCY}(?:\s?/\s?{_AGENCY})*(?:\s+(?:file|files|photo|photos|handout))?\.?\s*$"
    rf"|[—–]{_AGENCY}(?:\s?/\s?{_AGENCY})*(?:\s+(?:file|files|photo|photos|handout))?\.?\s*$"
    rf"|\((?:photo|image|file photo|picture)\s*:[^)]*\)\s*$",
    re.IGNORECASE,
)
_IMAGE_CREDIT = re.compile(
    r"^(?:image|photo|picture|featured image|cover image|header image|top image|illustration)"
    r"s?\s*\d*\s*(?:credits?)?\s*:",
    re.IGNORECASE,
)
_BULLET = re.compile(r"^\s*[•●▪◦·‣■□➢►]\s*")
_DATE_STAMP = re.compile(r"^date\s+(?P<date>\d{4}-\d{2}-\d{2})\s+", re.IGNORECASE)
_DATELINE = re.compile(
    r"^(?P<place>(?:[A-Z][A-Z.'’\- ]{2,40}|[A-Z][A-Za-z.'’\- ]{1,40},\s*[A-Z][A-Za-z.'’\- ]{1,40}))"
    r"(?:\s*\([A-Za-z ]{2,30}\))?\s*(?:[–—]|-{1,2}|:)\s+"
)
_DISCLAIMER = re.compile(
    r"^(?:the\s+)?(?:views|opinions)\s+expressed\s+(?:in\s+this\s+\w+\s+)?(?:are|is)\b", re.IGNORECASE
)
_SEPARATOR = re.compile(r"^[\s*\-_=~•#.·]{3,}$")
_ALSO_READ = re.compile(r"^(?:also read|read also|read more|see also|recommended)\s*:", re.IGNORECASE)
_SITE_FURNITURE = re.compile(
    r"^(?:story continued below|advertisement:?|advertisement continue reading the main story|ad|close|photo|video"
    r"|youtube|loading\.{3}|continue reading(?: the main story| below)?|more:|more on this\.{3}|\[pullquote\]"
    r"|slideshow \(\d+ images?\)|(?:next|prev) image \d+ of \d+|\d+ (?:years?|months?|days?|hours?) ago"
    r"|click here (?:to get|for) the [\w ]+ app|follow @\w+|- follow the [\w ]+ on twitter:? @\w+"
    r"|enlarge this image toggle caption .*|image copyright .*|share this article.*|newsletter sign-?up"
    r"|\*\*want [\w ]+ in your inbox[^*]*\*\*|get our top investigations.*|visit [\w' ]+ homepage for more stories\.?"
    r"|(?:the )?associated press contributed to this report\.?|contributing: the associated press)$",
    re.IGNORECASE,
)
_FOOTER_MARKER = re.compile(
    r"^(?:share this|share on|share:|related articles?|related posts?|related stories|related news|"
    r"more from|follow us|subscribe|sign up for|you may also like|you might also like|tags\s*:|"
    r"trending now|most read|leave a comment|comments?\s*$)",
    re.IGNORECASE,
)
# Runs that need folding: two or more spaces, or any other horizontal white space.
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200b\u202f\u205f\u3000]{2,}|[\t\u00a0\u2000-\u200b\u202f\u205f\u3000]")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
BODY_MIN_WORDS = 20
PULL_QUOTE_MIN_WORDS = 8
PULL_QUOTE_MAX_WORDS = 80


@dataclass
class CleanResult:
    """One document after cleaning.

    Attributes:
        paragraphs: the kept paragraphs, in order.
        log: one dict per removal: ``rule``, ``line`` (1-based, in the raw text), ``removed``.
        author: the author named by a removed byline, or "".
        dateline: the place of a removed dateline, or "".
        date_stamp: a ``YYYY-MM-DD`` date found in a removed dateline, or "".
    """

    paragraphs: list[str]
    log: list[dict] = field(default_factory=list)
    author: str = ""
    dateline: str = ""
    date_stamp: str = ""

    @property
    def text(self) -> str:
        """The cleaned text, paragraphs separated by a blank line."""
        return "\n\n".join(self.paragraphs)


def normalise(text: str) -> str:
    """Unicode NFC, control characters dropped, runs of spaces folded, line ends unified."""
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    text = _SPACES.sub(" ", _CONTROL.sub("", text))
    return "\n".join(line.strip() for line in text.split("\n"))


def _key(paragraph: str) -> str:
    return paragraph.casefold().replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')


def _looks_like_name(line: str) -> bool:
    tokens = line.split()
    if not 2 <= len(tokens) <= 4 or line[-1] in ".!?:;,":
        return False
    return all(_NAME_TOKEN.match(token) for token in tokens)


def clean_text(raw: str, title: str = "", enabled: frozenset[str] | None = None) -> CleanResult:
    """Strip page furniture from one scraped article.

    Args:
        raw: the document as read from disk.
        title: the headline from the manifest, if known (lets ``title_repeat`` fire).
        enabled: rule names to apply; all of :data:`RULES` when ``None``.

    Returns:
        A :class:`CleanResult` with the kept paragraphs and one log entry per removal.
    """
    rules = frozenset(RULES) if enabled is None else enabled
    lines = [(number, line) for number, line in enumerate(normalise(raw).split("\n"), 1) if line]
    kept: list[tuple[int, str]] = []
    result = CleanResult(paragraphs=[])

    def drop(rule: str, number: int, text: str) -> None:
        result.log.append({"rule": rule, "line": number, "removed": text})

    body_start = next((i for i, (_, line) in enumerate(lines) if len(line.split()) >= BODY_MIN_WORDS), len(lines))
    title_key = _key(title) if title else ""
    for index, (number, line) in enumerate(lines):
        in_head = index < body_start
        rule = _line_rule(line, rules, in_head, title_key)
        if rule is None and in_head and "byline" in rules and index <= 1 and not kept and _looks_like_name(line):
            result.author = result.author or line
            rule = "byline"
        elif rule == "byline":
            result.author = result.author or _BYLINE_BY.match(line).group("name").strip()
        if rule is None:
            kept.append((number, line))
        else:
            drop(rule, number, line)

    if "footer" in rules:
        kept = _cut_footer(kept, drop)
    if "dateline" in rules and kept:
        # A dateline opens the first body paragraph, which may follow a standfirst.
        lead = next((i for i, (_, line) in enumerate(kept[:3]) if len(line.split()) >= BODY_MIN_WORDS), 0)
        kept[lead] = (kept[lead][0], _strip_dateline(kept[lead], result, drop))
    if "repeated_paragraph" in rules or "pull_quote" in rules:
        kept = _drop_repeats(kept, rules, drop)
    result.paragraphs = [line for _, line in kept if line]
    result.log.sort(key=lambda entry: entry["line"])
    return result


def _line_rule(line: str, rules: frozenset[str], in_head: bool, title_key: str) -> str | None:
    """The rule that removes this line on its own, if any (cheap tests first: most lines are prose)."""
    words = line.count(" ") + 1
    if len(line) <= 120:
        if "image_filename" in rules and _IMAGE_FILENAME.match(line):
            return "image_filename"
        if "separator" in rules and _SEPARATOR.match(line):
            return "separator"
        if "image_credit" in rules and words <= 15 and _IMAGE_CREDIT.match(line):
            return "image_credit"
    if in_head:
        if "title_repeat" in rules and title_key and _key(line) == title_key:
            return "title_repeat"
        if "byline" in rules and words <= 8 and _BYLINE_BY.match(line):
            return "byline"
        if "highlights" in rules and _BULLET.match(line):
            return "highlights"
    if "photo_caption" in rules and words <= 60 and _CAPTION_CREDIT.search(line[-60:]):
        return "photo_caption"
    if "disclaimer" in rules and _DISCLAIMER.match(line):
        return "disclaimer"
    if "also_read" in rules and _ALSO_READ.match(line):
        return "also_read"
    if "site_furniture" in rules and words <= 16 and _SITE_FURNITURE.match(line):
        return "site_furniture"
    return None


def _cut_footer(kept: list[tuple[int, str]], drop) -> list[tuple[int, str]]:
    half = len(kept) // 2
    for position, (_, line) in enumerate(kept):
        if position >= half and _FOOTER_MARKER.match(line):
            for number, removed in kept[position:]:
                drop("footer", number, removed)
            return kept[:position]
    return kept


def _strip_dateline(first: tuple[int, str], result: CleanResult, drop) -> str:
    number, line = first
    rest, removed = line, ""
    if stamp := _DATE_STAMP.match(rest):
        result.date_stamp = stamp.group("date")
        removed, rest = stamp.group(0), rest[stamp.end() :]
    match = _DATELINE.match(rest)
    if match and (removed or "," in match.group("place") or match.group("place").isupper()):
        result.dateline = match.group("place").strip()
        removed, rest = removed + match.group(0), rest[match.end() :]
    if removed:
        drop("dateline", number, removed.strip())
    return rest


def _drop_repeats(kept: list[tuple[int, str]], rules: frozenset[str], drop) -> list[tuple[int, str]]:
    keys = [_key(line) for _, line in kept]
    # Each distinct paragraph once, so an exact repeat is not mistaken for a pull quote.
    distinct = "\n".join(dict.fromkeys(keys))
    seen: set[str] = set()
    survivors = []
    for (number, line), key in zip(kept, keys):
        if "repeated_paragraph" in rules and key in seen:
            drop("repeated_paragraph", number, line)
            continue
        seen.add(key)
        words = len(line.split())
        if "pull_quote" in rules and PULL_QUOTE_MIN_WORDS <= words <= PULL_QUOTE_MAX_WORDS:
            if distinct.count(key) >= 2:
                drop("pull_quote", number, line)
                continue
        survivors.append((number, line))
    return survivors
