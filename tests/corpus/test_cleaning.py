"""Each furniture rule on hand-made text, and on the seed texts where the rule was first seen."""

from __future__ import annotations

import pytest

from helpers.corpus.cleaning import RULES, clean_text

BODY = (
    "The two delegations met in the capital on Tuesday and agreed to resume trade talks that had "
    "stalled for more than a year, officials from both sides confirmed afterwards."
)
SECOND = (
    "Negotiators will meet again next month to settle the remaining questions on tariffs, visas and "
    "the long-delayed energy pipeline, according to a joint statement released late in the evening."
)


def rules_of(result) -> list[str]:
    return [entry["rule"] for entry in result.log]


def test_scraped_image_file_name_on_the_first_line_is_removed():
    result = clean_text(f"Screenshot 2025-08-05 133102\n\n{BODY}")
    assert rules_of(result) == ["image_filename"]
    assert result.paragraphs == [BODY]


@pytest.mark.parametrize("name", ["IMG_4031.jpg", "DSC-0012", "pakistan-us-talks.webp", "photo 2024-01-02.png"])
def test_other_image_file_names(name):
    assert rules_of(clean_text(f"{name}\n{BODY}")) == ["image_filename"]


def test_caption_repeated_twice_with_agency_credit_is_removed_both_times():
    caption = "General Asim Munir and Secretary Antony Blinken. —ISPR/AFP file"
    result = clean_text(f"{caption}\n{caption}\n{BODY}")
    assert rules_of(result) == ["photo_caption", "photo_caption"]
    assert result.paragraphs == [BODY]


def test_pull_quote_repeated_three_times_is_kept_once_inside_its_paragraph():
    quote = "Relationships are no longer assumed and must be earned through tangible benefits."
    paragraph = f"Under the new doctrine, loyalty matters most. {quote} Pakistan understood this early."
    result = clean_text(f"{paragraph}\n\n{quote}\n\n{quote}\n\n{SECOND}")
    assert rules_of(result) == ["pull_quote", "repeated_paragraph"]
    assert result.paragraphs == [paragraph, SECOND]
    assert sum(p.count("Relationships are no longer assumed") for p in result.paragraphs) == 1


def test_repeated_paragraph_keeps_the_first_copy():
    result = clean_text(f"{BODY}\n{SECOND}\n{BODY}")
    assert rules_of(result) == ["repeated_paragraph"]
    assert result.paragraphs == [BODY, SECOND]


def test_short_sentence_inside_a_paragraph_is_not_taken_for_a_pull_quote():
    result = clean_text(f"He said.\n{BODY} He said.")
    assert "pull_quote" not in rules_of(result)


def test_footer_from_share_this_to_the_end_is_removed():
    tail = "Share this:\nRelated articles\nAnother story about talks\nA third story"
    result = clean_text(f"{BODY}\n{SECOND}\n{BODY[:60]} and more words to be distinct here today.\n{tail}")
    assert rules_of(result).count("footer") == 4
    assert all("Share this" not in p for p in result.paragraphs)


def test_footer_marker_early_in_the_text_is_not_a_footer():
    result = clean_text(f"Related articles\n{BODY}\n{SECOND}")
    assert "footer" not in rules_of(result)


def test_also_read_image_credits_separator_and_disclaimer():
    text = (
        f"{BODY}\n\nViews expressed are the author’s own and do not reflect the positions of the centre.\n\n"
        "Also Read: Trilaterals in Testing Times?\n\n***\n\nImage 1: Pakistan MFA via X\n\n"
        f"Photo credit: Reuters\n\n{SECOND}"
    )
    assert rules_of(clean_text(text)) == ["disclaimer", "also_read", "separator", "image_credit", "image_credit"]


@pytest.mark.parametrize(
    "line",
    [
        "Story Continued Below",
        "ADVERTISEMENT",
        "Advertisement Continue reading the main story",
        "CLICK HERE TO GET THE FOX NEWS APP",
        "Follow @politico",
        "Enlarge this image toggle caption Alex Wong/Getty Images Alex Wong/Getty Images",
        "Slideshow (2 Images)",
        "next Image 1 of 2",
        "The Associated Press contributed to this report.",
        "6 years ago",
    ],
)
def test_site_furniture_lines(line):
    result = clean_text(f"{BODY}\n{line}\n{SECOND}")
    assert rules_of(result) == ["site_furniture"]
    assert result.paragraphs == [BODY, SECOND]


def test_a_sentence_that_mentions_advertisements_stays():
    line = "Advertisement spending rose sharply in the last quarter of the year."
    assert rules_of(clean_text(f"{BODY}\n{line}")) == []


def test_bare_byline_becomes_the_author():
    result = clean_text(f"Asif Mahmood\n{BODY}")
    assert result.author == "Asif Mahmood"
    assert rules_of(result) == ["byline"]


def test_by_line_with_a_name_and_an_empty_one():
    assert clean_text(f"By Jane Q. Doe\n{BODY}").author == "Jane Q. Doe"
    empty = clean_text(f"By |\n{BODY}")
    assert empty.author == "" and rules_of(empty) == ["byline"]


def test_a_short_first_sentence_is_not_mistaken_for_a_byline():
    result = clean_text(f"Talks resume today.\n{BODY}")
    assert result.author == "" and "byline" not in rules_of(result)


def test_headline_repeated_as_first_line_needs_the_manifest_title():
    title = "US terms Pakistan 'important partner'"
    assert rules_of(clean_text(f"{title}\n{BODY}", title=title)) == ["title_repeat"]
    assert rules_of(clean_text(f"{title}\n{BODY}")) == []


def test_bullet_highlights_before_the_body_but_not_after():
    result = clean_text(f"• Point one.\n• Point two.\n{BODY}\n• A list item in the body.")
    assert rules_of(result) == ["highlights", "highlights"]
    assert result.paragraphs[-1] == "• A list item in the body."


@pytest.mark.parametrize(
    ("lead", "place", "stamp"),
    [
        ("WASHINGTON – ", "WASHINGTON", ""),
        ("WASHINGTON: ", "WASHINGTON", ""),
        ("date 2025-06-20 Islamabad, Pakistan – ", "Islamabad, Pakistan", "2025-06-20"),
    ],
)
def test_datelines_move_to_metadata(lead, place, stamp):
    result = clean_text(lead + BODY)
    assert (result.dateline, result.date_stamp) == (place, stamp)
    assert result.paragraphs == [BODY]


def test_an_ordinary_opening_is_not_a_dateline():
    result = clean_text("Pakistan – a country of 250 million – " + BODY)
    assert result.dateline == "" and rules_of(result) == []


def test_rules_can_be_switched_off():
    result = clean_text(f"Screenshot 2025-08-05 133102\n{BODY}", enabled=frozenset(RULES) - {"image_filename"})
    assert result.paragraphs[0] == "Screenshot 2025-08-05 133102"


def test_log_gives_line_numbers_in_the_raw_text():
    result = clean_text(f"{BODY}\n\n\n***\n{SECOND}")
    assert result.log == [{"rule": "separator", "line": 4, "removed": "***"}]


# The seed texts: what a reader of each file sees as furniture.


def seed(seed_dir, name):
    return (seed_dir / f"{name}.txt").read_text(encoding="utf-8")


def test_seed_003_furniture(seed_dir):
    result = clean_text(seed(seed_dir, "003_64b928b14b9cf48f"))
    rules = rules_of(result)
    assert rules[0] == "image_filename"
    text = result.text
    assert text.count("Relationships are no longer assumed") == 1
    assert text.count("While the recent turn of events is a positive") == 1
    for furniture in ("Share this", "Related articles", "Also Read", "Image 1:", "Image 2:", "SAV Q&A", "***"):
        assert furniture not in text
    assert result.paragraphs[-1].startswith("Thus, this latest shift may not be a strategic reset")


def test_seed_002_furniture(seed_dir):
    title = "US terms Pakistan 'important partner' amid Gen Asim Munir's maiden Washington visit"
    result = clean_text(seed(seed_dir, "002_534b9d5951a40729"), title=title)
    assert rules_of(result).count("photo_caption") == 2
    assert rules_of(result).count("highlights") == 3
    assert "ISPR/AFP" not in result.text and "•" not in result.text
    assert result.dateline == "WASHINGTON"
    assert result.paragraphs[1].startswith("The United States on Thursday reiterated")


def test_seed_004_byline(seed_dir):
    result = clean_text(seed(seed_dir, "004_d811fc24bf3dc0a0"))
    assert result.author == "Asif Mahmood"
    assert result.paragraphs[0].startswith("The recent high-level meeting")


def test_seed_000_and_001_keep_every_paragraph_of_the_article(seed_dir):
    for name in ("000_9ab219e7d82c5363", "001_f4a184ad10624b46"):
        raw = seed(seed_dir, name)
        result = clean_text(raw)
        assert len(result.paragraphs) == len([line for line in raw.split("\n") if line.strip()])
        assert rules_of(result) == ["dateline"]


def test_the_quick_table_of_characters_to_replace_is_what_the_patterns_match():
    from helpers.corpus import cleaning

    matched = [
        code for code in range(0x110000) if cleaning._OTHER_SPACE.match(chr(code)) or cleaning._CONTROL.match(chr(code))
    ]
    assert cleaning._FOLDED.nonzero()[0].tolist() == matched
    assert 0x3000 in matched and 0x09 in matched and 0x0A not in matched
