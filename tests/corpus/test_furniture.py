"""The furniture families: each named rule removes what a page's widgets leave, and no sentence of
an article that merely resembles them."""

import pytest

from helpers.corpus.cleaning import RULES, clean_text

BODY = (
    "The two delegations met in the capital on Tuesday and agreed to resume trade talks that had stalled "
    "for more than a year, officials from both sides said after the meeting ended."
)
CLOSE = (
    "Negotiators will meet again next month to draft the text of an agreement that both parliaments would "
    "have to approve before the end of the year, according to the ministry."
)

FURNITURE = [
    ("video_player", "JUST WATCHED Missouri Gov Nixon on the investigation Replay More Videos ... MUST WATCH Missouri Gov Nixon on the investigation 01:49"),
    ("video_player", "Play Video 0:40 Donald Trump calls Las Vegas gunman 'demented' - video"),
    ("video_player", "Media playback is unsupported on your device Media caption All you need to know about the report"),
    ("time_code", "01:51"),
    ("time_code", "(4:56)"),
    ("share_prompt", "Read or Share this story: https://usat.ly/2sVlTpp"),
    ("share_prompt", "Share This Story Tweet Share Share Pin Email"),
    ("share_prompt", "LISTEN TO ARTICLE 2:40 SHARE THIS ARTICLE Share Tweet Post Email"),
    ("bare_url", "https://twitter.com/JeffreyGoldberg/status/897667217340420098"),
    ("site_furniture", "Image copyright Reuters Image caption Dan Coats repeatedly clashed with Donald Trump over Iran"),
    ("image_caption", "toggle caption J. Scott Applewhite/AP"),
    ("image_caption", "[image]"),
    ("image_caption", "FILE - In this Jan. 4, 2020, file photo a sign for at Fort Bragg, N.C., is shown. Defense Secretary Mark Esper has ordered a review. (AP Photo/Chris Seward, File)"),
    ("image_credit", "Photographer: Andrew Harrer/Bloomberg Photographer: Andrew Harrer/Bloomberg"),
    ("image_caption", "Photos: Donald Trump's rise Photos: Donald Trump's rise President-elect Donald Trump has been in the news"),
    ("image_caption", "( PHOTOS: 25 unforgettable Obamacare quotes)"),
    ("image_caption", "(Jonathan Ernst/Reuters)"),
    ("promo", "POLITICO Playbook newsletter Sign up today to receive the #1-rated newsletter in politics Email Sign Up"),
    ("promo", "Sign up for the US morning briefing"),
    ("promo", "Get all the latest news on coronavirus and more delivered daily to your inbox. Sign up here."),
    ("promo", "CLICK HERE FOR COMPLETE CORONAVIRUS COVERAGE"),
    ("promo", "Support Vox’s explanatory journalism"),
    ("promo", "Get the Monitor Stories you care about delivered to your inbox. By signing up, you agree to our Privacy Policy."),
    ("promo", "Newsletter Sign Up Continue reading the main story Please verify you're not a robot by clicking the box."),
    ("promo", "( Sign up for POLITICO’s Morning Defense tip sheet)"),
    ("related_links", "Related Video Republicans have caught up with Democrats in voter enthusiasm according to a new Marist/NPR poll. WSJ's Gerald F. Seib explains how the parties are preparing for the midterms and what it means for turnout in the fall."),
    ("related_links", "Read More The FBI Says Its Photo Analysis Is Scientific Evidence. Scientists Disagree. The bureau’s image unit has linked defendants to crime photographs."),
    ("image_caption", "Getty Images Many companies are still hiring, keeping the U.S. unemployment rate near a 50-year low."),
    ("image_caption", "Getty Images/Glowimages"),
    ("social_embed", "He will provide a strong and steady hand. — Lindsey Graham (@LindseyGrahamSC) December 7, 2018 Report"),
    ("social_embed", "Skip Twitter post 2 by @kanyewest My eyes are now wide open"),
    ("share_prompt", "Noah Smith is a Bloomberg Opinion columnist. He blogs at Noahpinion. Read more opinion LISTEN TO ARTICLE 4:31 SHARE THIS ARTICLE Share Tweet Post Email"),
    ("promo", "**SUBSCRIBE to POLITICO Playbook: http://politi.co/1M75UbX"),
    ("promo", "Good morning, I’m Tim Walker with today’s headlines. If you’d like to receive this briefing by email, sign up here."),
    ("promo", "Check out TheDC’s other videos and subscribe to our YouTube channel so you never miss out."),
    ("promo", "Keep up to date with our daily coronavirus newsletter by clicking here."),
    ("promo", "The following is an excerpt from Blaze Media's daily Capitol Hill Brief email newsletter:"),
    ("promo", "Get The Brief. Sign up to receive the top stories you need to know right now. Choose your country " + "Albania Algeria Andorra Angola " * 40),
    ("promo", "Interested in Donald Trump? Add Donald Trump as an interest to stay up to date on the latest Donald Trump news, video, and analysis from ABC News. Add Interest"),
    ("promo", "Help Us Report on Coronavirus Are you a public health worker, medical provider, elected official, patient or other COVID-19 expert? Help make sure our journalism is responsible and focused on the right issues."),
    ("image_caption", "Photos: Donald Trump's rise Photos: Donald Trump's rise " + "Trump at age 4. He was born in 1946 in New York City. Hide Caption 2 of 37 " * 20),
    ("editor_note", "This is a rush transcript. Copy may not be in its final form."),
    ("separator", "__"),
    ("promo", "Every day at Vox, we aim to answer your most important questions. " * 8 + "Please consider making a contribution to Vox today."),
    ("promo", "- Check out the CNN Electoral Map and Calculator and game out your own strategy for November."),
    ("promo", "Watch State of the Union with Candy Crowley Sundays at 9am ET. For the latest from State of the Union, click here."),
    ("promo", "Please include a contact number if you are willing to speak to a BBC journalist. You can also contact us."),
    ("editor_note", "The Memo is a reported column by Niall Stanage, primarily focused on Donald Trump’s presidency."),
    ("editor_note", "NPR transcripts are created on a rush deadline by Verb8tm, Inc., an NPR contractor, and produced using a proprietary transcription process developed with NPR. This text may not be in its final form and may be updated or revised in the future. Accuracy and availability may vary. The authoritative record of NPR’s programming is the audio record."),
    ("related_links", "( Full 2014 election results)"),
    ("advertisement", "Advertisement Advertisement"),
    ("advertisement", "Sponsored"),
    ("related_links", "Related: PACIFIC: Elon Musk vs. the world"),
    ("related_links", "Related Coverage Emboldened protesters step up effort to block Kavanaugh confirmation"),
    ("related_links", "More On This... Chicago teachers strike enters 2nd week"),
    ("related_links", "Read more from Reality Check"),
    ("cookie_notice", "We use cookies to improve your experience. By continuing to use this site you accept our cookie policy."),
    ("social_embed", "Step aside & let Mike Pence try. — Ben Sasse (@BenSasse) October 8, 2016"),
    ("social_embed", "Pledge $20.20 to this campaign and share it: https://t.co/4HPtATVrXc pic.twitter.com/ZkdI3u57yY"),
    ("social_embed", "Skip Twitter post by @benandjerrys We will pause all paid advertising on Facebook"),
    ("copyright_notice", "© 2019 Newsmax. All rights reserved."),
    ("copyright_notice", "Copyright 2018 The Associated Press. All rights reserved."),
    ("contributor_note", "• Dave Boyer contributed to this report."),
    ("contributor_note", "Jordain Carney contributed."),
    ("contributor_note", "Contributing: Associated Press"),
    ("contributor_note", "• This article is based in part on wire service reports."),
    ("editor_note", "Editor’s note: As a public service, all our coronavirus coverage is free. No paywall."),
    ("editor_note", "This article is more than 2 years old"),
    ("section_label", "USA TODAY"),
    ("section_label", "ANALYSIS/OPINION:"),
    ("section_label", "Buzz Cut:"),
    ("section_label", "Must read:"),
    ("section_label", "Related reports:"),
]  # fmt: skip

ARTICLE = [
    "The file photo that ran with the story showed the senator at a rally in 2016, aides said.",
    "File - a command-line tool - was left open on the desktop, the report says.",
    "The website that is meant to allow Americans to shop and sign up for new medical plans crashed again.",
    "Related was Hillary Clinton’s enthusiasm for NATO’s further expansion into Eastern Europe.",
    "Robin, a patient here, was among the first to sign up for insurance under the ACA last year.",
    "The senator said the company had removed photos from its site after the complaint.",
    "Follow the money, the prosecutor told the jury, and you will find the motive.",
    "Cookieless tracking is a natural response to the move to mobile, where cookies are far less useful.",
    "Why Congress stalled",
    "Watching the vote, one aide said the count would be close until the final minute of the session.",
    "Just watched the debate? Here is what the candidates promised on taxes and on trade.",
    "The deal was signed at 10:30 in the morning, after talks that lasted through the night.",
    "Getty Images said it would appeal the ruling, which it called a blow to photographers everywhere.",
    "“If you are aiming to get coverage Jan. 1, you should try to sign up today,” an official said on the call.",
    "The New York Times encouraged readers to subscribe to a local newspaper during the lockdown.",
    "Help us understand what happened on the night of the vote, the mayor told residents at the meeting.",
    "Check out the new rules before you travel, the agency said in a statement on Monday.",
    "Watch the debate tonight, she said, and you will see who is ready to lead on Sundays at 9 and after.",
    "Read more closely, the memo shows the agency knew about the flaw for at least two years.",
    # A line that leads into the quotation below it is no label, though short and ending in a colon.
    "Reuters reports:",
    "Another highlighted speaker, Gov. Nikki Haley, said this:",
    "The statement reads:",
]  # fmt: skip


# Paragraphs after the line keep it in the first half of the text, where a footer cannot start.
AFTER = [CLOSE, CLOSE.replace("next month", "in the spring"), CLOSE.replace("ministry", "spokesman")]


def clean(line: str):
    return clean_text("\n".join([BODY, line, *AFTER]))


@pytest.mark.parametrize(("rule", "line"), FURNITURE)
def test_each_family_is_removed_by_its_named_rule(rule, line):
    result = clean(line)
    assert rule in RULES
    assert [entry["rule"] for entry in result.log] == [rule]
    assert result.paragraphs == [BODY, *AFTER]


@pytest.mark.parametrize("line", ARTICLE)
def test_article_sentences_that_resemble_furniture_stay(line):
    result = clean(line)
    assert result.paragraphs == [BODY, line, *AFTER], [entry["rule"] for entry in result.log]


def test_an_advertisement_slot_run_into_a_paragraph_is_cut_off_and_the_paragraph_kept():
    result = clean("ADVERTISEMENT “The White House’s flagrant disregard of requests is unacceptable,” he said.")
    assert result.paragraphs[1] == "“The White House’s flagrant disregard of requests is unacceptable,” he said."
    assert [entry["rule"] for entry in result.log] == ["advertisement"]


def test_an_author_note_goes_only_near_the_end():
    note = "Wesley Pruden is editor emeritus of The Washington Times."
    at_end = clean_text(f"{BODY}\n{CLOSE}\n{note}")
    assert at_end.paragraphs == [BODY, CLOSE] and [e["rule"] for e in at_end.log] == ["author_note"]
    early = clean_text(f"{note}\n{BODY}\n{CLOSE}\n{BODY[:80]} again, with more words here.\n{CLOSE[:90]} and more.")
    assert note in early.paragraphs  # near the start it is a sentence of the article


@pytest.mark.parametrize(
    "note",
    [
        "• Wesley Pruden is editor in chief emeritus of The Times.",
        "Tammy Bruce is a radio talk-show host, author and Fox News contributor.",
        "— Kevin D. Williamson is National Review’s roving correspondent.",
    ],
)
def test_author_notes_with_a_bullet_or_a_longer_role_go_at_the_end(note):
    assert [e["rule"] for e in clean_text(f"{BODY}\n{CLOSE}\n{note}").log] == ["author_note"]


def test_a_sentence_about_someone_else_at_the_end_stays():
    line = "John Smith is going to be the host of the next round of talks in the capital."
    assert clean_text(f"{BODY}\n{CLOSE}\n{line}").paragraphs == [BODY, CLOSE, line]


def test_a_line_found_in_one_document_only_is_removed_by_a_named_pattern_or_not_at_all():
    # No rule compares documents: removing a line needs a pattern of its own family, whatever
    # other articles contain. Every removal names its rule, and the rule's pattern matches the line
    # by itself (the same line in a document of its own is removed by the same rule).
    lines = [line for _, line in FURNITURE] + ARTICLE
    for line in lines:
        for entry in clean(line).log:
            assert entry["rule"] in RULES
            alone = clean(entry["removed"])
            assert [e["rule"] for e in alone.log] == [entry["rule"]]


@pytest.mark.parametrize(
    ("rule", "line"),
    [
        ("social_embed", "Gov. Mike Huckabee (@GovMikeHuckabee) June 26, 2013"),
        ("related_links", "Related Why Babylon Berlin should be your next Netflix watch"),
        ("related_links", "Related video (from 2012): Meet Keith Smith, a doctor in Oklahoma"),
        ("video_player", "Play Video Iran Press TV video shows fiery aftermath of Ukrainian plane crash in Iran"),
        ("promo", "See things from another point of view. Sign up for the US opinion email."),
        (
            "promo",
            "You can read diverse opinions from our Board of Contributors on Twitter @usatodayopinion and in our daily Opinion newsletter.",
        ),
        (
            "promo",
            "Scroll down for downloadable versions. Subscribe to Reason TV's YouTube channel for daily content like this.",
        ),
    ],
)
def test_more_families_found_by_the_audit(rule, line):
    assert [entry["rule"] for entry in clean(line).log] == [rule]


@pytest.mark.parametrize(
    "line",
    [
        '"I didn\'t sign up for this," Hickox added. "I flew into Newark on the wrong day."',
        "According to a reporter who broke the story in his newsletter, the governor decided to sign the bill.",
        "The same struggle is now playing out among grassroots activists who want to shut down the government.",
    ],
)
def test_more_sentences_that_stay(line):
    assert clean(line).paragraphs == [BODY, line, *AFTER]


def test_normalise_folds_every_horizontal_space_and_drops_control_characters():
    from helpers.corpus.cleaning import normalise

    raw = "Talks\tresumed\u00a0 on\u2009Tuesday,\x07 officials   said.\r\nNext\u3000line \r\n"
    assert normalise(raw) == "Talks resumed on Tuesday, officials said.\nNext line\n"


@pytest.mark.parametrize(
    "line, author",
    [
        ("Posted by Sam Whitlock on 12 March 2024", "Sam Whitlock"),
        ("Posted by Jane Roe", "Jane Roe"),
        ("Published on March 5, 2019 by Ann Lee", "Ann Lee"),
        ("By Jane Roe |", "Jane Roe"),
    ],
)
def test_a_byline_at_the_head_names_the_author(line, author):
    result = clean_text(f"{line}\n{BODY}\n{CLOSE}")
    assert result.paragraphs == [BODY, CLOSE] and result.author == author
    assert [entry["rule"] for entry in result.log] == ["byline"]


def test_a_sentence_opening_with_by_is_no_byline():
    line = "By the time the votes were counted on Tuesday night, the mayor had conceded."
    assert clean_text(f"{line}\n{BODY}").paragraphs[0] == line


@pytest.mark.parametrize(
    "rule, line",
    [
        ("promo", "If you can't see this reader poll, please refresh your page."),
        ("editor_note", "Our fact check work is supported in part by a grant from Facebook."),
        ("contributor_note", "- Courtney Subramanian"),
        ("related_links", "More:Why Canada needs our sperm"),
        ("related_links", "Talking it out:Learning to discuss complicated issues ahead of the election"),
        ("related_links", "POLICING THE USA: A look at race, justice, media"),
        ("highlights", "Story highlights Missouri Gov. Jay Nixon notes the over-militarization of police"),
        ("image_caption", "Hide Caption 13 of 13"),
        ("editor_note", "Corrections & Amplifications"),
        (
            "site_furniture",
            "Columnists In-depth political coverage, sports analysis, entertainment reviews and cultural commentary.",
        ),
        ("site_furniture", "Real Clear Politics Averages"),
        ("editor_note", "An earlier version of this article misstated the date of the vote."),
        ("editor_note", "[music]"),
        ("editor_note", "(APPLAUSE)"),
        (
            "promo",
            "The Daily Wire, headed by bestselling author and podcast host Ben Shapiro, is a leading provider of conservative news and commentary.",
        ),
        ("promo", "“The 360” shows you diverse perspectives on the day’s top stories and debates."),
        (
            "image_caption",
            "Photos: New Year's 2017 celebrations around the world People celebrate 2017 as confetti flies over Times Square in New York City on Sunday, January 1.",
        ),
    ],
)
def test_families_of_repeated_lines(rule, line):
    result = clean_text(f"{BODY}\n{line}\n{CLOSE}")
    assert result.paragraphs == [BODY, CLOSE] and [entry["rule"] for entry in result.log] == [rule]


def test_a_credit_line_and_a_list_of_names_under_the_headline():
    result = clean_text(f"Olga Rudenko, Charles McPhedran and Jabeen Bhatti\nSpecial for USA TODAY\n{BODY}\n{CLOSE}")
    assert result.paragraphs == [BODY, CLOSE] and result.author == "Olga Rudenko, Charles McPhedran and Jabeen Bhatti"
    assert [entry["rule"] for entry in result.log] == ["byline", "contributor_note"]


def test_an_author_who_can_be_reached_goes_at_the_end():
    note = "• Cheryl Chumley can be reached at cchumley@example.com or on Twitter, @ckchumley."
    assert clean_text(f"{BODY}\n{CLOSE}\n{note}").paragraphs == [BODY, CLOSE]


@pytest.mark.parametrize(
    "line",
    [
        "He added:“We will not back down,” and left the stage.",
        "At 10:30 the vote began, and by noon it was over.",
        "NATO ALLIES: the alliance met in Brussels to discuss the plan.",  # a sentence: it ends in a full stop
        "Mr. Smith and Ms. Jones spoke to reporters after the hearing.",
        "The story highlights how little the agency knew, critics said.",
        "The correction came too late, and the markets fell (as traders had feared).",
        "“Our company is a leading provider of software,” the chief executive said.",
    ],
)
def test_sentences_like_those_families_stay(line):
    assert clean_text(f"{BODY}\n{line}\n{CLOSE}").paragraphs == [BODY, line, CLOSE]
