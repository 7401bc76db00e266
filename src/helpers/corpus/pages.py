"""Read a saved web page: the article's text, and what the page says about it (title, date, author, site).

The article is found by trafilatura (offline: it reads the page it is given and fetches nothing),
which drops the page's furniture — scripts, menus, cookie banners, share bars, ads, newsletter
boxes, related links, comments, footers. Where trafilatura finds no title, date, author or site
name, the page's own metadata is read instead (``og:title``, ``og:site_name``, ``<h1>``,
``<title>``, ``article:published_time``, ``<time datetime>``, ``<meta name="author">``).

What extraction dropped is counted, not guessed: the page's text blocks (paragraph-level elements
that hold text) are matched against the extracted article, and those left out are named by the
part of the page they sit in (navigation, footer, share bar …), for the cleaning log's
``html_boilerplate`` entry.
"""

from __future__ import annotations

import codecs
import logging
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # lxml and trafilatura load only when a page is read
    from lxml.html import HtmlElement

PAGE_SUFFIXES = (".html", ".htm")
LOG_RULE = "html_boilerplate"  # the cleaning log's rule for what extraction dropped
LOG_COLUMN = "page_furniture"  # the reader's column that carries it to the loader

# Libraries should not print: with no handler of their own, their warnings ("discarding data")
# would go to stderr through logging's last resort. Records still reach the user's own handlers.
for _name in ("trafilatura", "htmldate", "courlan"):
    logging.getLogger(_name).addHandler(logging.NullHandler())

# Containers trafilatura keeps but that hold no article text: sponsored boxes inside the body,
# ad slots, and <noscript> ("You need to enable JavaScript …", which a script-built page is all of).
_PRUNE = [
    "//noscript",
    "//*[not(self::body or self::main or self::article)][not(.//h1)]"
    "[contains(@class, 'sponsor') or contains(@id, 'sponsor') or contains(@class, 'advert') or contains(@id, 'advert')]",
]
# Dates only from the page's markup: htmldate's text search takes a footer's "© 2021" for the day
# the article appeared, or the first date the article mentions.
_DATE_PARAMS = {"extensive_search": False, "original_date": True}

_CHARSET = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?\s*([A-Za-z0-9._:-]+)", re.IGNORECASE)
_PAGE_START = re.compile(rb"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html)[\s>]", re.IGNORECASE | re.DOTALL)
# Browsers read these labels as windows-1252 (WHATWG Encoding), and so do pages saved from them.
_AS_CP1252 = {"ascii", "iso8859-1"}
_TITLE_SEPARATOR = re.compile(r"\s+[|–—·•:-]\s+")

_SKIPPED = ("script", "style", "noscript", "template")
_BLOCKS = frozenset(
    "address article aside blockquote body caption center dd details dialog div dl dt fieldset figcaption figure "
    "footer form h1 h2 h3 h4 h5 h6 header hr li main menu nav ol p pre section summary table tbody td tfoot th thead "
    "tr ul".split()
)
# The part of a page a dropped block sits in, read off its own or its nearest ancestor's id, class
# and role (the first pattern that matches names it), else off its tag.
_PARTS = (
    ("cookie notice", re.compile(r"cookie|consent|gdpr|onetrust")),
    ("advertisement", re.compile(r"advert|sponsor|(?:^|[\s_-])ads?(?:$|[\s_-])|gpt-ad|dfp")),
    ("newsletter box", re.compile(r"newsletter|subscri|sign-?up")),
    ("share bar", re.compile(r"shar(?:e|ing)|social")),
    ("navigation", re.compile(r"(?:^|[\s_-])(?:nav|navbar|navigation|menu)(?:$|[\s_-])|breadcrumb|skip-link")),
    ("related links", re.compile(r"related|more-from|most-(?:read|popular)|popular|recommend|also-like|trending")),
    ("comments", re.compile(r"comment")),
    ("caption", re.compile(r"caption")),
    ("headline and byline", re.compile(r"byline|entry-meta|post-meta|posted-on|dateline")),
    ("sidebar", re.compile(r"sidebar|widget")),
    ("footer", re.compile(r"footer|colophon|copyright|(?:^|[\s_-])bottom(?:$|[\s_-])")),
    ("header", re.compile(r"masthead|(?:^|[\s_-])header(?:$|[\s_-])|site-title|logo")),
)
_TAG_PARTS = {
    "nav": "navigation",
    "footer": "footer",
    "header": "header",
    "aside": "sidebar",
    "figcaption": "caption",
    "h1": "headline and byline",
    "time": "headline and byline",
}
MATCH_MIN_CHARS = 20  # a block this long that is part of an article paragraph is in the article


@dataclass(frozen=True)
class Page:
    """One web page, read.

    Attributes:
        text: the article's paragraphs, separated by a blank line ("" when none was found).
        title, date, author, site, url: what the page says ("" when it does not); ``date`` as
            YYYY-MM-DD, or as the page wrote it when only its own metadata gives one.
        blocks: text blocks in the page's body (paragraph-level elements holding text).
        kept: of them, the blocks that are in the article.
        scripts: script, style, noscript and template elements, dropped with their content.
        dropped: (part of the page, blocks) for the blocks left out, most first.
    """

    text: str
    title: str = ""
    date: str = ""
    author: str = ""
    site: str = ""
    url: str = ""
    blocks: int = 0
    kept: int = 0
    scripts: int = 0
    dropped: tuple[tuple[str, int], ...] = ()

    @property
    def removed(self) -> str:
        """What extraction dropped, in words: the cleaning log's ``html_boilerplate`` entry."""
        parts = ", ".join(f"{part} {count}" for part, count in self.dropped)
        summary = f"page furniture outside the article: {self.blocks - self.kept} of {self.blocks} text blocks"
        summary += f" ({parts})" if parts else ""
        return summary + f"; {self.scripts} script and style element{'s' * (self.scripts != 1)}"


def looks_like_page(data: bytes) -> bool:
    """Whether these bytes are an HTML page (``<!DOCTYPE html>`` or ``<html>`` first), whatever the file's name."""
    return bool(_PAGE_START.match(data[:4096].removeprefix(codecs.BOM_UTF8)))


def declared_charset(data: bytes) -> str:
    """The encoding a page declares (byte-order mark, then ``<meta charset>``), as a Python codec name;
    "" when it declares none, or one Python does not know."""
    if data.startswith(codecs.BOM_UTF8):
        return "utf-8"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    match = _CHARSET.search(data[:4096])
    if match is None:
        return ""
    try:
        name = codecs.lookup(match.group(1).decode("ascii")).name
    except LookupError:
        return ""
    return "cp1252" if name in _AS_CP1252 else name


def read_page(html: str) -> Page:
    """The article in one page, its metadata, and a count of what was left out.

    Args:
        html: the page, decoded.

    Returns:
        A :class:`Page`; its ``text`` is "" when the page holds no article (an empty or
        script-built page, or one that is not HTML at all).
    """
    import trafilatura
    from lxml.etree import LxmlError

    try:
        tree = trafilatura.load_html(html)
        if tree is None or tree.find(".//body") is None:
            return Page(text="")
        document = trafilatura.bare_extraction(
            tree,
            with_metadata=True,
            include_comments=False,
            include_images=False,
            prune_xpath=_PRUNE,
            date_extraction_params=_DATE_PARAMS,
        )
        return _page(tree, document)
    except (ValueError, TypeError, RecursionError, LxmlError):  # markup past repair, or nested past Python's stack
        return Page(text="")


def _page(tree: HtmlElement, document) -> Page:
    lines = [line.strip() for line in (document.text or "").split("\n")] if document is not None else []
    paragraphs = [line for line in lines if line]
    meta = _metadata(tree)
    title = _field(document, "title") or meta["og:title"] or _first_text(tree, ".//h1") or meta["title"]
    site = _field(document, "sitename")
    if site.casefold() == title.casefold():  # trafilatura takes a <title> part with a dot ("U.S. …") for a site
        site = ""
    site = site or meta["og:site_name"] or meta["application-name"]
    blocks, kept, dropped = _count_blocks(tree, paragraphs)
    return Page(
        text="\n\n".join(paragraphs),
        title=title,
        date=_field(document, "date") or meta["article:published_time"] or _first_datetime(tree),
        author=_field(document, "author") or meta["author"],
        site=site or _site_from_title(meta["title"], title),
        url=_field(document, "url") or meta["og:url"],
        blocks=blocks,
        kept=kept,
        scripts=sum(1 for _ in tree.iter(*_SKIPPED)),
        dropped=dropped,
    )


def _field(document, name: str) -> str:
    value = getattr(document, name, None) if document is not None else None
    return _squash(value) if isinstance(value, str) else ""


def _squash(text: str) -> str:
    return " ".join(text.split())


_META_KEYS = ("og:title", "og:site_name", "og:url", "article:published_time", "author", "application-name")


def _metadata(tree: HtmlElement) -> dict[str, str]:
    """The page's own ``<meta>`` values that stand in for trafilatura's, and its ``<title>``."""
    found = dict.fromkeys(_META_KEYS, "")
    for meta in tree.iter("meta"):
        key = (meta.get("property") or meta.get("name") or "").strip().lower()
        if key in found and not found[key]:
            found[key] = _squash(meta.get("content") or "")
    found["title"] = _first_text(tree, ".//title")
    return found


def _first_text(tree: HtmlElement, path: str) -> str:
    element = tree.find(path)
    return _squash(element.text_content()) if element is not None else ""


def _first_datetime(tree: HtmlElement) -> str:
    return next((_squash(time.get("datetime")) for time in tree.iter("time") if time.get("datetime")), "")


def _site_from_title(page_title: str, headline: str) -> str:
    """The site's name from a ``<title>`` such as "Harbour Gazette - Ferry strike ends": the part that is not the headline."""
    if not headline:
        return ""
    parts = _TITLE_SEPARATOR.split(page_title)
    if len(parts) != 2:
        return ""
    first, second = (part.strip() for part in parts)
    if second.casefold() == headline.casefold():
        return first
    if first.casefold() == headline.casefold():
        return second
    return ""


def _count_blocks(tree: HtmlElement, paragraphs: list[str]) -> tuple[int, int, tuple[tuple[str, int], ...]]:
    """Text blocks in the page's body, how many are in the article, and the parts the others sit in."""
    body = tree.find(".//body")
    article = [_squash(p) for p in paragraphs]
    exact = set(article)
    blocks = kept = 0
    dropped: dict[str, int] = {}
    for element in body.iter():
        if not isinstance(element.tag, str) or element.tag not in _BLOCKS:
            continue
        text = _squash(_own_text(element))
        if not text:
            continue
        blocks += 1
        if text in exact or (len(text) >= MATCH_MIN_CHARS and any(text in p or p in text for p in article)):
            kept += 1
        else:
            part = _part_of_page(element)
            dropped[part] = dropped.get(part, 0) + 1
    ordered = sorted(dropped.items(), key=lambda item: (item[0] == "other", -item[1], item[0]))
    return blocks, kept, tuple(ordered)


def _own_text(element: HtmlElement) -> str:
    """The text of a block without that of the blocks inside it (a list's items are blocks of their own)."""
    pieces = [element.text or ""]
    for child in element:
        if isinstance(child.tag, str) and child.tag not in _BLOCKS and child.tag not in _SKIPPED:
            pieces.append(_own_text(child))
        elif isinstance(child.tag, str) and child.tag not in _SKIPPED:
            pieces.append(" ")
        pieces.append(child.tail or "")
    return " ".join(pieces)


def _part_of_page(element: HtmlElement) -> str:
    """The named part of the page (see :data:`_PARTS`) that holds ``element``; "other" if none does."""
    node = element
    while node is not None and node.tag != "body":
        label = " ".join((node.get("id") or "", node.get("class") or "", node.get("role") or "")).lower()
        for part, pattern in _PARTS:
            if pattern.search(label):
                return part
        if node.tag in _TAG_PARTS:
            return _TAG_PARTS[node.tag]
        node = node.getparent()
    return "other"
