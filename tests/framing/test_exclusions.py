"""Terms left out of distinctive terms: reporting verbs, honorifics and the outlets' own names."""

import textwrap
from collections import Counter

import pandas as pd
import pytest

from helpers import compare, exclusions
from helpers.errors import InputError
from helpers.framing import distinctive, parameters, within

# Two outlets, one document each. Left out: said, told, added, mr (the built-in list), and the
# names "Al Jazeera" and "Dawn" (the corpus's sources).
DOCS = pd.DataFrame(
    {
        "doc_id": ["a", "d"],
        "source": ["Al Jazeera", "Dawn"],
        "text": [
            "Officials said talks resumed. Mr Khan told Al Jazeera that talks resumed, Al Qaeda added.",
            "Officials met in New York three times. Dawn reported new talks.",
        ],
    }
)
GROUPS = compare.doc_groups(DOCS, "source")
PAIRS = [("Al Jazeera", "rest"), ("Dawn", "rest")]
LEFT_OUT = exclusions.term_exclusions(DOCS["source"])
ON = distinctive.DistinctiveSettings(min_count=1, prior_scale=10.0, exclusions=LEFT_OUT)
OFF = distinctive.DistinctiveSettings(min_count=1, prior_scale=10.0)


def terms_of(source: str, options: distinctive.DistinctiveSettings) -> set[str]:
    table = distinctive.distinctive_terms(DOCS, GROUPS, PAIRS, options)
    return set(table.loc[(table["source"] == source) & (table["count"] > 0), "term"])


def test_a_left_out_word_is_no_term_and_no_bigram_crosses_it():
    analyse = distinctive.tokenizer(ON)
    # "said" goes and takes both its bigrams with it: no "officials said", no "officials talks".
    assert analyse("Officials said talks resumed.") == ["officials", "talks", "resumed", "talks resumed"]
    assert distinctive.tokenizer(OFF)("Officials said talks resumed.") == [
        "officials", "said", "talks", "resumed", "officials said", "said talks", "talks resumed",
    ]  # fmt: skip
    # "Mr" and "told" go; "Al Jazeera" goes as a name, leaving neither "told al" nor "al jazeera".
    assert analyse("Mr Khan told Al Jazeera that talks resumed") == ["khan", "talks", "resumed", "talks resumed"]


def test_distinctive_terms_leave_out_verbs_honorifics_and_the_outlets_names():
    own = terms_of("Al Jazeera", ON)
    # "Al Qaeda" is no outlet: its "al" stays.
    assert own == {"officials", "talks", "resumed", "khan", "al", "qaeda", "talks resumed", "al qaeda"}
    dawn = terms_of("Dawn", ON)
    # "Dawn" and "reported" go; "New York" is no outlet here, "new" and "times" stay.
    assert dawn == {"officials", "met", "new", "york", "times", "talks", "officials met", "new york", "new talks"}


def test_turning_the_exclusions_off_brings_the_words_back():
    own = terms_of("Al Jazeera", OFF)
    assert {"said", "told", "mr", "added", "jazeera", "told al", "al jazeera", "mr khan", "officials said"} <= own
    assert {"dawn", "reported", "dawn reported"} <= terms_of("Dawn", OFF)
    assert not {"said", "told", "mr", "added", "jazeera", "told al", "al jazeera", "mr khan"} & terms_of(
        "Al Jazeera", ON
    )


def test_the_name_of_an_outlet_is_a_phrase_with_its_case_not_its_words_alone():
    sources = ["New York Times (News)", "Fox Online News", "Breitbart News", "The Hill", "Vice", "TED"]
    analyse = distinctive.tokenizer(distinctive.DistinctiveSettings(exclusions=exclusions.term_exclusions(sources)))
    assert analyse("The New York Times reported new rules three times") == ["new", "rules", "times", "new rules"]
    assert analyse("new york times") == ["new", "york", "times", "new york", "york times"]  # not the name's case
    # Format words may follow a short name; a web suffix and the name as one word go too.
    assert analyse("Fox News, FOX and Fox Online News hosts; foxnews.com; Breitbart.com") == ["hosts"]
    # "The Hill" needs its "The"; "Vice" is an ordinary word, never taken out alone.
    assert analyse("On Capitol Hill, The Hill heard the Vice President") == [
        "capitol", "hill", "heard", "vice", "president", "capitol hill", "vice president",
    ]  # fmt: skip
    # A one-acronym name is matched in capitals only.
    assert analyse("TED talks and Ted Cruz") == ["talks", "ted", "cruz", "ted cruz"]


def test_the_forms_of_a_source_name():
    lists = exclusions.load_exclusion_lists()
    forms = {
        name: exclusions.name_forms(name, lists["format_words"], lists["ordinary_words"])
        for name in ["Al Jazeera", "CNN (Web News)", "The Daily Caller", "Geo News / The News International",
                     "Wall Street Journal - News", "Daily News", "Vice"]
    }  # fmt: skip
    assert forms["Al Jazeera"] == ([["Al", "Jazeera"]], ["aljazeera"])
    assert forms["CNN (Web News)"] == ([["CNN"]], [])
    assert forms["The Daily Caller"] == (
        [["The", "Daily", "Caller"], ["Daily", "Caller"]],
        ["dailycaller", "thedailycaller"],
    )
    assert forms["Geo News / The News International"][0] == [
        ["Geo"],
        ["The", "News", "International"],
        ["News", "International"],
    ]
    assert forms["Wall Street Journal - News"] == ([["Wall", "Street", "Journal"]], ["wallstreetjournal"])
    assert forms["Daily News"] == ([["Daily", "News"]], ["dailynews"])  # "Daily" alone is an ordinary word
    assert forms["Vice"] == ([], [])


def test_counted_together_the_names_go_as_when_each_text_is_read_alone():
    # The names are cut out by RE2 (pyarrow) in count_text_terms and by Python's re in the tokenizer.
    texts = [
        "Mr Khan told Al Jazeera", "Al", "Jazeera and Al-Jazeera’s Al Qaeda", "ΟΔΟΣAl Jazeera", "ALJAZEERA.COM said",
        "Dawn, dawn and Dawn’s talks", "", "Al\x02Jazeera",
    ]  # fmt: skip
    found = distinctive.count_text_terms(texts, ON)
    analyse = distinctive.tokenizer(ON)
    expected = [dict(Counter(analyse(text))) for text in texts]
    together: list[dict[str, int]] = [{} for _ in texts]
    for text, word, count in zip(*found.unigrams, strict=True):
        together[text][found.words[word]] = int(count)
    for text, first, second, count in zip(*found.bigrams, strict=True):
        together[text][f"{found.words[first]} {found.words[second]}"] = int(count)
    assert together == expected
    # "Jazeera" alone and lower-case "dawn" are no names; a sigma before a cut-out name is final.
    assert together == [
        {"khan": 1}, {"al": 1}, {"jazeera": 1, "al": 1, "qaeda": 1, "al qaeda": 1}, {"οδος": 1}, {}, {"dawn": 1, "talks": 1},
        {}, {},
    ]  # fmt: skip


def test_only_sources_with_a_share_of_the_documents_give_names(tmp_path):
    sources = ["Big Outlet"] * 999 + ["Hillary Clinton"]
    names = set(exclusions.exclusion_table(exclusions.term_exclusions(sources))["source"])
    assert "Big Outlet" in names and "Hillary Clinton" not in names  # 1 in 1,000 < 0.002
    assert "Associated Press" in names  # the wire services count whatever their share
    mine = tmp_path / "mine.yml"
    mine.write_text("reporting_verbs: [said]\nmin_source_share: 0\n", encoding="utf-8")
    table = exclusions.exclusion_table(exclusions.term_exclusions(sources, mine))
    assert set(table["source"]) == {"", "Big Outlet", "Hillary Clinton"}
    assert table[table["kind"] == "reporting verb"]["term"].tolist() == ["said"]


def test_the_page_says_what_is_left_out():
    note = exclusions.exclusion_note(LEFT_OUT)
    words = sum(len(exclusions.load_exclusion_lists()[section]) for section in exclusions.WORD_SECTIONS)
    # 13 outlets: the two sources and the 11 wire-service names of the built-in list.
    assert f"left out ({words} words and the names of 13 outlets; list in tables/term_exclusions.csv)" in note
    assert "exclude_terms: false" in note
    assert "kept" in exclusions.exclusion_note(exclusions.TermExclusions())


def test_the_story_matched_comparison_leaves_out_the_same_terms():
    stories = pd.DataFrame({"doc_id": ["a", "d"], "story": [1, 1]})
    table = within.stratified_terms(DOCS, GROUPS, stories, PAIRS, ON)
    assert not {"said", "told", "mr", "jazeera", "told al", "al jazeera", "dawn", "officials talks"} & set(
        table["term"]
    )
    assert {"talks resumed", "al qaeda"} <= set(table["term"])
    assert {"said", "al jazeera"} <= set(within.stratified_terms(DOCS, GROUPS, stories, PAIRS, OFF)["term"])


def test_bad_exclusion_parameters_get_a_message_naming_them(tmp_path):
    corpus = type("Corpus", (), {"docs": DOCS})()
    parameters.validate_parameters({"exclude_terms": False}, corpus)
    with pytest.raises(InputError, match="exclude_terms: 'yes' must be true or false"):
        parameters.validate_parameters({"exclude_terms": "yes"}, corpus)
    with pytest.raises(InputError, match="exclusions_file: .*missing.yml does not exist"):
        parameters.validate_parameters({"exclusions_file": str(tmp_path / "missing.yml")}, corpus)
    wrong = tmp_path / "wrong.yml"
    for text, message in [
        ("verbs: [said]", "unknown section.*verbs; known: reporting_verbs"),
        ("reporting_verbs: said", "reporting_verbs must be a list"),
        ("honorifics: [mr smith]", "honorifics: 'mr smith' is not one word"),
        ("min_source_share: 2", "min_source_share must be a number from 0 to 1"),
    ]:
        wrong.write_text(textwrap.dedent(text), encoding="utf-8")
        with pytest.raises(InputError, match=f"exclusions_file: .*wrong.yml: {message}"):
            parameters.validate_parameters({"exclusions_file": str(wrong)}, corpus)
