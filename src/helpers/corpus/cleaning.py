"""Remove the page furniture that scraped news carries, and log every removal.

A scraped article is read as a list of paragraphs (one non-empty line each). Each rule below
either drops a whole paragraph or trims a prefix off one; every change is recorded with the
rule's name so a report can show exactly what was taken out and why. Rules never touch text
in the middle of a paragraph, so the words that remain are the words the outlet published.

Rules, in the order they run:

==================== ===========================================================================
rule                 what it removes
==================== ===========================================================================
html_boilerplate     (a web page only, before the rules below, by the reader: not in :data:`RULES`)
                     the page outside the article — scripts, menus, banners, share bars, ads,
                     related links, comments, footers — counted in one entry per page
                     (:mod:`helpers.corpus.pages`)
image_filename       a line that is only an image or screenshot file name ("Screenshot 2025-…")
title_repeat         the headline repeated as the first line (when the manifest has a title)
byline               a leading "By …" or "Posted by … on …" line, or a bare author name or list of
                     names; the name becomes ``author``
photo_caption        a caption line ending in an agency credit ("… —ISPR/AFP file")
image_credit         "Image 1: …", "Photo: …", "Photo credit: …" lines
highlights           a block of bullet points before the article body; a "Story highlights …" box
dateline             "WASHINGTON –", "Islamabad, Pakistan –", "date 2025-06-20" at the start
repeated_paragraph   a paragraph identical to an earlier one (repeated captions, pull quotes)
pull_quote           a short paragraph that repeats a passage of another paragraph
disclaimer           "Views expressed are the author's own …"
separator            a line of only ``***``, ``---`` or similar
also_read            "Also Read: …" / "Read more: …" cross-links
site_furniture       "Story Continued Below", "Advertisement", "Click here to get the … app",
                     "Follow @…", "Enlarge this image toggle caption …", "Slideshow (2 Images)" …
video_player         a video widget's text: "JUST WATCHED … Replay More Videos … MUST WATCH … 01:51",
                     "Play Video 0:40 …", "Media playback is unsupported on your device …"
time_code            a line that is only a time code ("01:51", "(4:56)")
share_prompt         "Read or Share this story: https://…", "Share This Story Tweet Share …"
bare_url             a line that is only a web address
image_caption        "Image copyright … Image caption …", "toggle caption …", "Hide Caption 13 of 13", "[image]", a gallery's
                     "Photos: … Photos: …", a line that is only a bracketed credit "(Jonathan Ernst/Reuters)",
                     an agency's file-photo caption "FILE - In this Jan. 4, 2020, file photo …"
promo                newsletter, subscription, app, donation and "click here" prompts that tell the
                     reader to do something ("Sign up for the US morning briefing", "CLICK HERE FOR …")
advertisement        "Advertisement", "Sponsored", "Ad Feedback", and "ADVERTISEMENT" before a paragraph
related_links        "Related: …", "Related Coverage …", "More On This... …", "Further reading", "Read more …",
                     "More:Why …" (a label run into a headline), "POLICING THE USA: A look at …"
cookie_notice        "We use cookies …", "By continuing to use this site …"
social_embed         an embedded post: "… pic.twitter.com/… — Name (@handle) June 5, 2019",
                     "Skip Twitter post by @…", "View this post on Instagram"
copyright_notice     "© 2019 Newsmax. All rights reserved.", "Copyright 2018 The Associated Press …"
contributor_note     "Dave Boyer contributed to this report.", "Contributing: Associated Press",
                     "This article is based in part on wire service reports.", "Special for USA
                     TODAY" under the byline, a live blog's signed entry "- Courtney Subramanian"
editor_note          "Editor's Note: …", notes about the page ("This article is more than 2 years old"),
                     corrections ("Corrections & Amplifications", "An earlier version of this article …"),
                     a transcript's cues on a line of their own ("[music]", "(APPLAUSE)")
section_label        a short label line in capitals or ending in a colon ("USA TODAY", "POLL CHECK",
                     "ANALYSIS/OPINION:", "Buzz Cut:"; not a line that leads into a quotation: "Reuters
                     reports:", "She said this:")
author_note          among the last three paragraphs, a line saying who the author is ("Wesley Pruden
                     is editor emeritus of The Washington Times.")
footer               everything from "Share this:" / "Related articles" … to the end
==================== ===========================================================================

Every rule reads one paragraph (or, for ``author_note`` and ``footer``, the paragraphs near the
end) and names what it removes: none removes a line because other documents repeat it, so a
sentence that appears in one article only is removed by a named pattern or not at all.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

import numpy as np

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
    "video_player",
    "time_code",
    "share_prompt",
    "bare_url",
    "image_caption",
    "promo",
    "advertisement",
    "related_links",
    "cookie_notice",
    "social_embed",
    "copyright_notice",
    "contributor_note",
    "editor_note",
    "section_label",
    "author_note",
    "footer",
)

_IMAGE_EXT = r"(?:jpe?g|png|gif|webp|tiff?|bmp|heic)"
_IMAGE_FILENAME = re.compile(
    rf"^(?:(?:screen\s?shot|screenshot|img|image|dsc|photo|pic|pxl)[\s_-]*\d[\d\s_.:-]*(?:\.{_IMAGE_EXT})?"
    rf"|[\w\-. ]{{1,80}}\.{_IMAGE_EXT})$",
    re.IGNORECASE,
)
_BYLINE_BY = re.compile(
    r"^(?:by\b\s*[|:]?\s*(?P<name>[^|]*?)\s*\|?"
    # a blog's "Posted by Sam Whitlock on 12 March 2024", "Published on 5 May 2020 by Ann Lee"
    r"|(?:posted|published|written)\s+by\s+(?P<poster>.+?)(?:\s+(?:on|at)\s+[^,]{3,40}?(?:,\s*\d{4})?)?"
    r"|(?:posted|published)\s+on\s+[^,]{3,40}?(?:,\s*\d{4})?\s+by\s+(?P<later>.+?))\s*$",
    re.IGNORECASE,
)
_NAME_TOKEN = re.compile(
    r"^(?:[A-Z][a-zà-ÿ'’\-]+(?:[A-Z][a-zà-ÿ'’\-]+)?|[A-Z]\.|[A-Z][a-z]?\.?|(?:de|van|von|al|el|bin|ul)-?)$"
)
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
_CAPTION_MARKS = ("—", "–", "(")  # one of which every match of _CAPTION_CREDIT holds (no case to ignore)
_IMAGE_CREDIT = re.compile(
    r"^(?:image|photo|photographer|picture|featured image|cover image|header image|top image|illustration)"
    r"s?\s*\d*\s*(?:credits?)?\s*:",
    re.IGNORECASE,
)
_BULLET = re.compile(r"^\s*[•●▪◦·‣■□➢►]\s*")
_STORY_HIGHLIGHTS = re.compile(r"^story highlights\b", re.IGNORECASE)  # an outlet's summary box, above the article
_DATE_STAMP = re.compile(r"^date\s+(?P<date>\d{4}-\d{2}-\d{2})\s+", re.IGNORECASE)
_DATELINE = re.compile(
    r"^(?P<place>(?:[A-Z][A-Z.'’\- ]{2,40}|[A-Z][A-Za-z.'’\- ]{1,40},\s*[A-Z][A-Za-z.'’\- ]{1,40}))"
    r"(?:\s*\([A-Za-z ]{2,30}\))?\s*(?:[–—]|-{1,2}|:)\s+"
)
_DISCLAIMER = re.compile(
    r"^(?:the\s+)?(?:views|opinions)\s+expressed\s+(?:in\s+this\s+\w+\s+)?(?:are|is)\b"
    r"|^.{0,200}\bthe (?:views|opinions) expressed (?:in this|by (?:the )?(?:columnists?|authors?|contributors?))\b",
    re.IGNORECASE,
)
_SEPARATOR = re.compile(r"^(?:[\s*\-_=~•#.·]{3,}|_{2}|[–—-]|<!--?|<!–|//\s*[–-]{1,2}>)$")
_ALSO_READ = re.compile(r"^(?:also read|read also|read more|see also|recommended)\s*:", re.IGNORECASE)
_SITE_FURNITURE = re.compile(
    r"^(?:story continued below|advertisement:?|advertisement continue reading the main story|ad|close|photo|video"
    r"|youtube|loading\.{3}|continue reading(?: the main story| below)?|more:|more on this\.{3}|\[pullquote\]"
    r"|slideshow \(\d+ images?\)|(?:next|prev) image \d+ of \d+|\d+ (?:years?|months?|days?|hours?) ago"
    r"|click here (?:to get|for) the [\w ]+ app|follow @\w+|- follow the [\w ]+ on twitter:? @\w+"
    r"|enlarge this image toggle caption .*|image copyright .*|share this article.*|newsletter sign-?up"
    r"|\*\*want [\w ]+ in your inbox[^*]*\*\*|get our top investigations.*|visit [\w' ]+ homepage for more stories\.?"
    r"|(?:the )?associated press contributed to this report\.?|contributing: the associated press"
    r"|columnists in-depth political coverage, sports analysis, entertainment reviews and cultural commentary\.?"
    r"|real ?clear ?politics averages)$",
    re.IGNORECASE,
)
_FOOTER_MARKER = re.compile(
    r"^(?:share this|share on|share:|related articles?|related posts?|related stories|related news|"
    r"more from|follow us|subscribe|sign up for|you may also like|you might also like|tags\s*:|"
    r"trending now|most read|leave a comment|comments?\s*$)",
    re.IGNORECASE,
)
# Written in the widgets' own capitals: "Just watched the debate?" opens a sentence, "JUST WATCHED" a player.
_VIDEO_PLAYER = re.compile(
    r"^(?:JUST WATCHED\b|Play Video\b|Media playback is unsupported on your device\b|Watch the latest video at \S+$"
    r"|(?:NOW PLAYING|Now Playing|UP NEXT)\b)"
)
_ENDS_WITH_TIME = re.compile(r"\b\d{1,2}:\d{2}$")  # "… MUST WATCH … 01:49"
_TIME_CODE = re.compile(r"^\(?\d{1,2}:\d{2}(?::\d{2})?\)?$")
_SHARE_PROMPT = re.compile(
    r"^(?:read or share this story|listen to (?:this )?article|share this (?:story|article|post)"
    r"|share on (?:facebook|twitter|linkedin)"
    r"|share (?:tweet|share)|tweet share)\b.*$",
    re.IGNORECASE,
)
# A share bar run onto the end of an author's note: "… Read more opinion SHARE THIS ARTICLE Share Tweet Post Email".
_SHARE_BAR_TAIL = " SHARE THIS ARTICLE Share Tweet Post Email"
_BARE_URL = re.compile(r"^(?:https?://|www\.)\S+$", re.IGNORECASE)
_IMAGE_CAPTION = re.compile(
    r"^(?:image (?:copyright|caption|source)\b.*|media caption\b.*|(?:toggle|hide) caption\b.*|\[(?:image|photo|video)\]"
    r"|(?-i:Photos?): .*"  # a gallery's caption: "Photos: New Year's 2017 celebrations around the world …"
    r"|(photos?|gallery|video): (.{4,90}?) \1: \2\b.*"
    r"|\(\s*(?:photos?|video|gallery|slideshow)\s*:[^()]*\)"
    r"|\([^()]{0,60}(?:/|reuters|\bap\b|afp|getty|pixabay|photo:|illustration:|file photo)[^()]{0,60}\)"
    r"|getty images(?:/\S+)?|(?-i:Getty Images (?!(?:said|says|has|is|was|and|will)\b)[A-Z].*)"
    r"|(?-i:FILE)\s*[-–—]\s+(?:in this|this|an?|the)\b.*\bfile photo\b.*)$",
    re.IGNORECASE,
)
_GALLERY = re.compile(r"^(photos?|gallery): (.{4,90}?) \1: \2\b", re.IGNORECASE)  # a slideshow's captions, any length
# A promo tells the reader to do something: it opens with the prompt, or packs two prompts.
_PROMO_OPENING = re.compile(
    r"^(?:[*\-–—•(\[]+\s*)?(?:sign up|subscribe|click (?:here|to)|get (?:all )?(?:the|our) .{0,60}(?:newsletter|app|inbox|briefing)"
    r"|get (?:breaking )?news .{0,40}inbox|download (?:the|our)|stay up to date|join (?:us|our|the (?:conversation|\w+ lab))"
    r"|support (?:our|\w+['’]s) (?:\w+ )?(?:journalism|work|reporting)|become a (?:member|subscriber|patron)|start the day smarter"
    r"|want .{0,40}in your inbox|don['’]t miss|like us on facebook|follow (?:us|@\w+|[\w .’']{1,40} on (?:twitter|facebook|instagram))"
    r"|listen to (?:the|our|today)|catch up on\b.{0,80}\bpodcast|get real-time updates|send (?:us )?(?:a )?tips?\b"
    r"|looking for a quick way to keep up|if you (?:liked|enjoyed) this (?:story|article)|vote now\b"
    r"|(?:for|read) (?:more|our|the latest|complete) .{0,60}, click here)",
    re.IGNORECASE,
)
# A subscription or reader-call widget, however long its run-on text (country lists, form fields).
_WIDGET_OPENING = re.compile(
    r"^(?:newsletter sign ?up\b|get the brief\. sign up\b|something to consider if you (?:enjoyed|liked) this\b"
    r"|(?:help us|tell us more about) (?:report on )?[\w-]+(?: [\w-]+)?\??\s+are you an? \b"
    r"|interested in [^?]{1,60}\? add [^.]{1,60} as an interest\b|please include a contact number\b"
    r"|if you can['’]t see (?:this|the) (?:reader )?(?:poll|graphic|chart|map|video|quiz|form|survey)\b)",
    re.IGNORECASE,
)
# An outlet describing itself: "The Daily Wire … is a leading provider of …", "“The 360” shows you …".
_ABOUT_US = re.compile(
    r"\b(?:is|are) (?:a|the) (?:leading|premier|trusted) (?:provider|source|publisher) of\b"
    r"|^[“\"]?the [\w ]{1,20}[”\"]? (?:shows|brings|gives) you\b",
    re.IGNORECASE,
)
_ABOUT_US_WORDS = ("leading", "premier", "trusted", "shows you", "brings you", "gives you")
# An appeal for money, however long the paragraph that makes it.
_SUPPORT_ASK = re.compile(
    r"\bplease consider (?:making |a |making a )?(?:financial )?(?:contribution|donation|gift|supporting)\b"
    r"|\byour financial contribution\b",
    re.IGNORECASE,
)
_PROMO_MARK = re.compile(
    r"\b(?:sign up|sign-up|signing up|newsletter|in your inbox|subscribe|click here|email sign|free app|the app\b|"
    r"paywall|our journalism|become a member|vote now|(?:phone|mobile|news) app|podcast|membership)|\bon twitter @\w+"
    r"|\bif you (?:liked|enjoyed) this (?:article|story)",
    re.IGNORECASE,
)
# A paragraph that ends by telling the reader to sign up ("… Sign up for the US opinion email.").
_PROMO_CLOSING = re.compile(
    r"(?:^|[.!?]\s+)(?:sign up|subscribe|get (?:their|our|the) [^.!?]{0,40}newsletter|click here)\b[^.!?]*[.!?]?$",
    re.IGNORECASE,
)
# A call to action anywhere in a short paragraph: "… sign up here.", "… subscribe to our YouTube channel".
_PROMO_CALL = re.compile(
    r"\b(?:sign up|subscribe) (?:here|today|now)\b|\bby clicking here\b|\bread the newsletter here\b"
    r"|\bsubscribe to .{0,40}?(?:youtube channel|podcast|magazine|itunes)\b"
    r"|\bsubscribe to (?:our|their|the|\w+['’]s) [\w ]{0,30}newsletter\b|\bdive deeper into our reporting\b|\bnewsletter:$|^it['’]s [^,]{1,40}, the [\w ]{0,30}newsletter from\b"
    r"|\bget [\w ]{0,30}updates via\b.{0,60}\bnewsletter\b|\bflipboard magazine\b|\bvote now\b"
    r"|^[-•*]?\s*check out (?:the |our )?[\w ]{0,40}(?:map|calculator|tracker|quiz|podcast|newsletter|app|videos?|channel)\b"
    r"|^watch [^.]{1,60}\b(?:mon|tues|wednes|thurs|fri|satur|sun|week)(?:days|nights) at \d"
    r"|^[*\s]*don['’]t forget\s*:",
    re.IGNORECASE,
)
# Someone quoted as saying it: "… you should try to sign up today," an official said.
_QUOTED_SPEECH = re.compile(r"[”\"],?\s+(?:[\w.’'-]+\s+){0,4}(?:said|says|added|told|wrote)\b")
# A short note that gives an e-mail address is a prompt to write in ("Send tips to …@…", "Got a question? Ask …").
_EMAIL = re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b")
_ADVERTISEMENT = re.compile(
    r"^(?:(?:advertisements?|sponsored(?: content)?|ad feedback|paid content)\s*)+\.?$", re.IGNORECASE
)
_ADVERTISEMENT_LEAD = re.compile(r"^ADVERTISEMENT\s+(?=\S)")
_RELATED_LINKS = re.compile(
    r"^(?:related(?:\s*:|\s+(?:coverage|stories|articles?|links|content|news|videos?|column|note|story|link|reads?"
    r"|listening|poll|podcast)\b|\s+(?=(?-i:[A-Z0-9\"“‘])))|\(\s*(?:full|more|complete|related)\b[^()]{0,60}\)$|see related|see also|also see|(?:full|special|complete|more) coverage\s*:"
    r"|more on this\b|further reading|read more\b(?!\s+(?:closely|carefully|than|widely|deeply|slowly|often|broadly|charitably)\b)|recommended(?: reading)?\b|icymi\b|more from the \w+:?$)",
    re.IGNORECASE,
)
# A teaser for another story with its description run on: "Related Video …", "Read More <Headline> …".
_RELATED_TEASER = re.compile(r"^(?:(?i:related video)\b|Read More (?=[A-Z0-9“\"‘]))")
_COOKIE_NOTICE = re.compile(
    r"^(?:we use cookies|this (?:site|website) uses cookies|our (?:site|website) uses cookies|by (?:using|continuing to use)"
    r" (?:this|our) (?:site|website)|accept (?:all )?cookies)\b",
    re.IGNORECASE,
)
_SOCIAL_EMBED = re.compile(
    r"pic\.twitter\.com/\w+|https?://t\.co/\w+|\(@\w{1,30}\)\s+\w+\.? \d{1,2}, \d{4}(?:\s+report)?\s*$"
    r"|^skip (?:twitter|instagram|facebook|youtube) post (?:\d+ )?by\b|^(?:a post shared by|view this post on instagram)\b",
    re.IGNORECASE,
)
_COPYRIGHT = re.compile(
    r"^(?:©|\(c\)\s*\d{4}|copyright\b).{0,200}$|^.{0,120}\ball rights reserved\b.{0,120}$"
    r"|^this material may not be published, broadcast, rewritten,? or redistributed\.?$",
    re.IGNORECASE,
)
_CONTRIBUTOR = re.compile(
    r"^(?:[•⦁·*\-–—]\s*)?(?:(?:[A-Z][\w.'’\-]*\s+){1,4}(?:and\s+(?:[A-Z][\w.'’\-]*\s+){1,4})?"
    r"contributed(?:\s+(?:to\s+)?(?:this|the)\s+(?:report|article|story))?\.?"
    r"|contributing:.*|(?:the )?associated press contributed\b.*|contributed to this (?:report|article|story)\.?"
    r"|with (?:\w+ )?wires?\.?"
    r"|this (?:article|report|story) (?:is based (?:in part )?on|contains material from|includes reporting from)\b.*)$",
    re.IGNORECASE,
)
_EDITOR_NOTE = re.compile(
    r"^(?:editor['’]s note\s*:.*|this (?:article|story|post) (?:is more than \d+ \w+ old|has been updated\b.*"
    r"|was (?:first|originally) published\b.*)|this is a rush transcript\b.*|a lightly edited transcript\b.*"
    r"|(?:\w+ )?transcripts are (?:created|produced) on a rush deadline\b.*"
    r"|the [\w ]{1,30} is a (?:reported |weekly |daily |regular )?column by\b.*"
    r"|our fact[- ]?check(?:ing)? work is (?:supported|funded)\b.*"
    r"|(?:corrections?|clarifications?)(?:\s*(?:&|and)\s*amplifications)?(?:\s*:.*)?|an earlier version of this (?:article|story|report)\b.*"
    # a transcript's cue on a line of its own: "[music]", "(APPLAUSE)", "[CROSSTALK]"
    r"|[\[(](?:music|applause|laughter|crosstalk|inaudible|silence|commercial break|begin video ?clip|end video ?clip"
    r"|begin videotape|end videotape)[\])])$"
    r"|^.{0,40}\beditorial opinions are decided by\b",
    re.IGNORECASE,
)
# A live blog's entry signed with a dash: "- Courtney Subramanian".
_SIGNOFF = re.compile(r"^[-–—]\s*[A-Z][\w.'’-]+(?: [A-Z][\w.'’-]+){1,3}$")
# A credit line under the byline: "Special for USA TODAY", "Special to The Washington Post".
_SPECIAL_TO = re.compile(r"^(?:[Ss]pecial|[Ee]xclusive) (?:to|for) (?:[Tt]he )?[A-Z][\w.&'’ -]{1,40}$")
# A link to another story whose label ran into its headline ("More:Why …", "Trump tweets:President …"),
# or a series' label in capitals and its teaser ("POLICING THE USA: A look at race, justice, media").
_JOINED_LINK = re.compile(r"^[A-Z][^:.!?\d]{1,40}:(?=[A-Z])\S")
_CAPS_TEASER = re.compile(r"^[A-Z][A-Z'’&-]+(?: [A-Z][A-Z'’&-]+)+: [^.!?]{3,80}$")
_LABEL_COLON = re.compile(r"^[^.!?]{1,40}:$")
# A line that leads into the quotation below it: a speech verb before the colon ("Reuters reports:").
# … but a link section's label is one: "Must read:", "Related reports:", "Editor's notes:".
_LINK_LABEL = re.compile(
    r"^(?:Must|Related|Latest|More|Further|Recommended|Top|Editor['’]s|Other|Recent|Previous|Breaking|Also|Essential)\b",
    re.IGNORECASE,
)
_LEAD_IN_COLON = re.compile(
    r"\b(?:said|says|say|told|tells|wrote|writes|reported|reports|added|adds|tweeted|tweets|posted|stated|states|"
    r"reads|read|explained|explains|noted|notes|declared|announced)(?:\s+(?:this|that|it|them|so))?:$"
)
_AUTHOR_NOTE = re.compile(
    r"^(?:[—–•*-]\s*)?(?:[A-Z][\w.'’\-]*\s+){1,3}[A-Z][\w.'’\-]*,?\s+(?:can|may) be reached at\b.*$"
    r"|^(?:[—–•*-]\s*)?(?:[A-Z][\w.'’\-]*\s+){1,3}[A-Z][\w.'’\-]*,?\s+(?:is|was|has been)\s+(?:(?:a|an|the|\w+['’]s)\s+)?"
    r"(?:[\w'’-]+\s+){0,3}?\b(?:columnist|editor|contributor|correspondent|reporter|writer|author|host|fellow|professor|analyst|"
    r"commentator|syndicated|emeritus)\b.*$"
)
AUTHOR_NOTE_WORDS = 45
AUTHOR_NOTE_LAST = 3  # paragraphs from the end where an author's note is looked for
# Runs that need folding: two or more spaces, or any other horizontal white space.
# Horizontal white space other than the space, then runs of spaces, then control characters: three
# single-class patterns, each one quick scan (one alternation of them would be tried at every space).
_OTHER_SPACE = re.compile(r"[\t\u00a0\u2000-\u200b\u202f\u205f\u3000]")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_SPACE_RUN = re.compile(" {2,}")
# The code points that _OTHER_SPACE or _CONTROL match, as a lookup table read off the patterns
# (both classes lie below U+3001): one look-up of a whole text's code points tells whether either
# has anything to replace (few texts have), several times quicker than the scans themselves.
_FOLDED = np.zeros(0x110000, dtype=bool)
_FOLDED[[code for code in range(0x3001) if _OTHER_SPACE.match(chr(code)) or _CONTROL.match(chr(code))]] = True
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
    if _FOLDED[np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)].any():
        text = _OTHER_SPACE.sub(" ", _CONTROL.sub("", text))
    if "  " in text:
        text = _SPACE_RUN.sub(" ", text)
    return "\n".join([line.strip() for line in text.split("\n")])


def _key(paragraph: str) -> str:
    return paragraph.casefold().replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')


def _looks_like_name(line: str) -> bool:
    tokens = line.split()
    if not 2 <= len(tokens) <= 4 or line[-1] in ".!?:;,":
        return False
    return all(_NAME_TOKEN.match(token) for token in tokens)


_NAME_LIST = re.compile(r",\s+(?:and\s+)?|\s+and\s+")


def _looks_like_names(line: str) -> bool:
    """A name, or a list of names ("Olga Rudenko, Charles McPhedran and Jabeen Bhatti")."""
    if _looks_like_name(line):
        return True
    parts = _NAME_LIST.split(line)
    return 2 <= len(parts) <= 6 and all(_looks_like_name(part) for part in parts)


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
        # A footer's first line ("Share this:", "Related articles") is left for the footer rule,
        # which takes everything after it too; any left over are read again below.
        marker = "footer" in rules and _FOOTER_MARKER.match(line)
        rule = None if marker else _line_rule(line, rules, in_head, title_key)
        if rule is None and in_head and "byline" in rules and index <= 1 and not kept and _looks_like_names(line):
            result.author = result.author or line
            rule = "byline"
        elif rule == "byline":
            named = _BYLINE_BY.match(line)
            result.author = (
                result.author or next(n for n in named.group("name", "poster", "later") if n is not None).strip()
            )
        elif rule is None and in_head and body_start < len(lines) and _is_head_label(line, rules):
            rule = "section_label"  # "Analysis", "Politics", "Special for USA TODAY" above the article
        if rule is None:
            kept.append((number, line))
        else:
            drop(rule, number, line)

    if "advertisement" in rules:
        kept = [_strip_advertisement(entry, drop) for entry in kept]
    if "footer" in rules:
        kept = _cut_footer(kept, drop)
        kept = _drop_early_markers(kept, rules, drop)
    if "author_note" in rules:
        kept = _drop_author_notes(kept, drop)
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
        if "byline" in rules and words <= 14:
            named = _BYLINE_BY.match(line)  # "By …" in at most 8 words: "By the time the votes …" is prose
            if named and (words <= 8 or named.group("name") is None):
                return "byline"
        if "highlights" in rules and _BULLET.match(line):
            return "highlights"
        if "contributor_note" in rules and words <= 8 and _SPECIAL_TO.match(line):
            return "contributor_note"
    if "highlights" in rules and words <= 150 and _STORY_HIGHLIGHTS.match(line):
        return "highlights"
    if (
        "photo_caption" in rules
        and words <= 60
        and _has(tail := line[-60:], _CAPTION_MARKS)
        and _CAPTION_CREDIT.search(tail)
    ):
        return "photo_caption"
    folded = line.casefold()
    if "disclaimer" in rules and "expressed" in folded and _DISCLAIMER.match(line):
        return "disclaimer"
    if "also_read" in rules and _ALSO_READ.match(line):
        return "also_read"
    if "site_furniture" in rules and words <= 16 and _SITE_FURNITURE.match(line):
        return "site_furniture"
    return _furniture_rule(line, folded, words, rules)


def _furniture_rule(line: str, folded: str, words: int, rules: frozenset[str]) -> str | None:
    """The furniture families a page's widgets leave in the text (see the module docstring)."""
    if words <= 80 and "video_player" in rules and _is_video_player(line):
        return "video_player"
    if words == 1:
        if "time_code" in rules and _TIME_CODE.match(line):
            return "time_code"
        if "bare_url" in rules and _BARE_URL.match(line):
            return "bare_url"
    if "share_prompt" in rules and (
        (words <= 25 and _SHARE_PROMPT.match(line)) or (words <= 120 and line.endswith(_SHARE_BAR_TAIL))
    ):
        return "share_prompt"
    if "image_caption" in rules and (words <= 150 or _GALLERY.match(line)) and _IMAGE_CAPTION.match(line):
        return "image_caption"
    if words <= 60 and "social_embed" in rules and _has(folded, _SOCIAL_EMBED_WORDS) and _SOCIAL_EMBED.search(line):
        return "social_embed"
    if "promo" in rules and _is_promo(line, folded, words):
        return "promo"
    if words <= 6 and "advertisement" in rules and _ADVERTISEMENT.match(line):
        return "advertisement"
    if "related_links" in rules and (
        (words <= 25 and (_RELATED_LINKS.match(line) or _JOINED_LINK.match(line)))
        or (words <= 80 and _RELATED_TEASER.match(line))
        or (words <= 12 and _CAPS_TEASER.match(line))
    ):
        return "related_links"
    if words <= 60 and "cookie_notice" in rules and _COOKIE_NOTICE.match(line):
        return "cookie_notice"
    if words <= 40 and "copyright_notice" in rules and _has(folded, _COPYRIGHT_WORDS) and _COPYRIGHT.match(line):
        return "copyright_notice"
    if (
        words <= 20
        and "contributor_note" in rules
        and ((_has(folded, _CONTRIBUTOR_WORDS) and _CONTRIBUTOR.match(line)) or (words <= 5 and _SIGNOFF.match(line)))
    ):
        return "contributor_note"
    if words <= 80 and "editor_note" in rules and _has(folded, _EDITOR_NOTE_WORDS) and _EDITOR_NOTE.match(line):
        return "editor_note"
    if words <= 5 and "section_label" in rules and _is_label(line):
        return "section_label"
    return None


_LABEL_CHAR = r"(?:[^\W\d_]|[&'’-])"  # a letter, or the punctuation inside a word
_HEAD_LABEL = re.compile(rf"[^\W\d_]{_LABEL_CHAR}*(?: {_LABEL_CHAR}+)*:?$")


def _is_head_label(line: str, rules: frozenset[str]) -> bool:
    """A line of at most three words, letters only, above the article's first paragraph that is no name."""
    if "section_label" not in rules or line.count(" ") > 2 or not _HEAD_LABEL.match(line):
        return False
    return not _looks_like_name(line)


# Words one of whose presence each searched pattern needs: a cheap test that spares most prose lines
# the regular expressions (which would scan every position of every paragraph).
_SOCIAL_EMBED_WORDS = ("twitter.com", "t.co/", "(@", "skip ", "post shared", "view this post")
_COPYRIGHT_WORDS = ("©", "(c)", "copyright", "all rights reserved", "this material may not")
_CONTRIBUTOR_WORDS = ("contribut", "wire", "this article", "this report", "this story")
_EDITOR_NOTE_WORDS = (
    "fact",
    "correction",
    "clarification",
    "earlier version",
    "[",
    "(",
    "editor",
    "this article",
    "this story",
    "this post",
    "transcript",
    " column by",
    "editorial opinions",
)
_SUPPORT_ASK_WORDS = ("please consider", "financial contribution")
_PROMO_MARK_WORDS = ("sign", "newsletter", "inbox", "subscribe", "click here", " app", "paywall", "journalism",
                     "member", "vote now", "podcast", "twitter @", "liked this", "enjoyed this")  # fmt: skip
_PROMO_CALL_WORDS = ("sign up", "subscribe", "clicking", "newsletter", "dive deeper", "flipboard", "vote now",
                     "check out", "watch", "forget", "updates via")  # fmt: skip
_PROMO_CLOSING_WORDS = ("sign up", "subscribe", "newsletter", "click here")
_PROMO_WORDS = tuple(
    dict.fromkeys(_SUPPORT_ASK_WORDS + _PROMO_MARK_WORDS + _PROMO_CALL_WORDS + _PROMO_CLOSING_WORDS + ("@",))
)
# The text one of _PROMO_MARK's alternatives matches always holds, case-folded: a sharper test than
# _PROMO_MARK_WORDS ("sign" is in "design", "member" in "remember"), which is tried first as before.
_PROMO_MARK_PHRASES = ("sign up", "sign-up", "signing up", "newsletter", "in your inbox", "subscribe", "click here",
                       "email sign", "free app", "the app", "paywall", "our journalism", "become a member",
                       "vote now", "phone app", "mobile app", "news app", "podcast", "membership", "on twitter @",
                       "if you liked this", "if you enjoyed this")  # fmt: skip
# The only characters that an ignore-case pattern matches to a letter a-z but that case-fold to
# something else (İ → "i̇", ı): with either in a line, the phrases prove nothing.
_FOLDS_APART = ("\u0130", "\u0131")


def _is_video_player(line: str) -> bool:
    """A video player's labels and playlist ("JUST WATCHED … Replay More Videos … MUST WATCH … 01:49")."""
    if _VIDEO_PLAYER.match(line) or "Replay More Videos" in line:
        return True
    return "MUST WATCH" in line and bool(_ENDS_WITH_TIME.search(line))


def _has(folded: str, words: tuple[str, ...]) -> bool:
    """Whether the case-folded line contains any of ``words`` (a plain loop: twice as fast as any())."""
    for word in words:
        if word in folded:
            return True
    return False


def _is_promo(line: str, folded: str, words: int) -> bool:
    """A newsletter, subscription or reader-call prompt (see the patterns' comments)."""
    if _WIDGET_OPENING.match(line) or (words <= 60 and _PROMO_OPENING.match(line)):
        return True
    if _has(folded, _SUPPORT_ASK_WORDS) and _SUPPORT_ASK.search(line) and not _QUOTED_SPEECH.search(line):
        return True
    if words <= 80 and _has(folded, _ABOUT_US_WORDS) and _ABOUT_US.search(line) and not _QUOTED_SPEECH.search(line):
        return True
    if words > 60 or not _has(folded, _PROMO_WORDS):  # most paragraphs: none of the words the tests need
        return False
    if (
        _has(folded, _PROMO_MARK_WORDS)
        and (_has(folded, _PROMO_MARK_PHRASES) or _has(line, _FOLDS_APART))
        and len(_PROMO_MARK.findall(line)) >= 2
    ):
        return True
    if words > 40:
        return False
    if _has(folded, _PROMO_CALL_WORDS) and _PROMO_CALL.search(line) and not _QUOTED_SPEECH.search(line):
        return True
    if _has(folded, _PROMO_CLOSING_WORDS) and _PROMO_CLOSING.search(line):
        return True
    return "@" in line and bool(_EMAIL.search(line))


def _is_label(line: str) -> bool:
    """A short heading-like line in capitals ("USA TODAY", "POLL CHECK") or ending in a colon ("Buzz Cut:")."""
    letters = [c for c in line if c.isalpha()]
    if len(letters) >= 2 and all(c.isupper() for c in letters) and not line.endswith((".", "!", "?", '"', "”")):
        return True
    return bool(_LABEL_COLON.match(line)) and not (_LEAD_IN_COLON.search(line) and not _LINK_LABEL.match(line))


def _strip_advertisement(entry: tuple[int, str], drop) -> tuple[int, str]:
    """A paragraph that a page's "ADVERTISEMENT" slot ran into, without the slot's word."""
    number, line = entry
    lead = _ADVERTISEMENT_LEAD.match(line)
    if lead is None:
        return entry
    drop("advertisement", number, lead.group(0).strip())
    return number, line[lead.end() :]


def _drop_early_markers(kept: list[tuple[int, str]], rules: frozenset[str], drop) -> list[tuple[int, str]]:
    """Footer-marker lines that opened no footer (too early in the text), read by the other rules."""
    survivors = []
    for number, line in kept:
        rule = _line_rule(line, rules, False, "") if _FOOTER_MARKER.match(line) else None
        if rule is None:
            survivors.append((number, line))
        else:
            drop(rule, number, line)
    return survivors


def _drop_author_notes(kept: list[tuple[int, str]], drop) -> list[tuple[int, str]]:
    """Among the last paragraphs, lines that say who the author is."""
    survivors = []
    for position, (number, line) in enumerate(kept):
        near_end = position >= len(kept) - AUTHOR_NOTE_LAST
        if near_end and len(line.split()) <= AUTHOR_NOTE_WORDS and _AUTHOR_NOTE.match(line):
            drop("author_note", number, line)
        else:
            survivors.append((number, line))
    return survivors


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
