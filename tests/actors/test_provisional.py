"""Provisional actors (names the gazetteer does not list), descriptions that refer back, and the
quote rules that rest on them, on tiny hand-written texts whose answers can be read off by eye."""

from __future__ import annotations

import pandas as pd
import pytest

from helpers import actors
from helpers.actors import plots, provisional, quotes, tables
from helpers.actors.gazetteer import load_gazetteer
from helpers.corpus import load_corpus, segment


@pytest.fixture(scope="module")
def gazetteer():
    return actors.load_gazetteer()


def corpus(*texts, date="2019-03-05"):
    docs = pd.DataFrame(
        [
            {
                "doc_id": f"d{n}",
                "source": "Outlet",
                "date": pd.Timestamp(date),
                "text": text,
                "words": len(text.split()),
            }
            for n, text in enumerate(texts, 1)
        ]
    )
    paragraphs, sentences = segment.segment(docs)
    return docs, paragraphs, sentences


def mentions_of(gazetteer, *texts):
    docs, paragraphs, sentences = corpus(*texts)
    return provisional.find_actor_mentions(sentences, docs, gazetteer), docs, paragraphs, sentences


def quotes_of(gazetteer, *texts):
    found, docs, paragraphs, sentences = mentions_of(gazetteer, *texts)
    table = quotes.find_quotes(paragraphs, sentences, found, docs)
    return list(zip(table["speaker"], table["kind"], table["quote"], strict=True))


def unknown(found):
    rows = found.loc[~found["known"]]
    return list(zip(rows["text"], rows["actor"], rows["actor_type"], rows["resolution"], strict=True))


def test_a_name_with_a_speech_verb_is_a_person_and_its_surname_refers_back(gazetteer):
    found, *_ = mentions_of(
        gazetteer,
        "Kelly Shackelford, the group's president, said the ruling was fair. Later Shackelford added more.",
    )
    assert unknown(found) == [
        ("Kelly Shackelford", "Kelly Shackelford", "person", "name"),
        ("Shackelford", "Kelly Shackelford", "person", "partial"),
    ]
    evidence = found.loc[~found["known"], "evidence"].iloc[0]
    assert evidence == "given name: Kelly; speech verb: said; surname used alone: Shackelford"


def test_a_title_a_hyphenated_surname_and_an_unknown_given_name(gazetteer):
    found, *_ = mentions_of(gazetteer, "Sen. Maria Ocasio-Lopez spoke first. Ocasio-Lopez then left.")
    assert unknown(found) == [
        ("Sen. Maria Ocasio-Lopez", "Maria Ocasio-Lopez", "person", "title"),
        ("Ocasio-Lopez", "Maria Ocasio-Lopez", "person", "partial"),
    ]


def test_ordinary_words_in_capitals_are_no_actor_and_and_joins_two_places(gazetteer):
    found, *_ = mentions_of(
        gazetteer,
        "Floods hit homes in Sukkur and Larkana on Monday. Replay More Videos\n\nPeople watch more videos and "
        "press replay.",
    )
    assert unknown(found) == [("Sukkur", "Sukkur", "place", "name"), ("Larkana", "Larkana", "place", "name")]


def test_names_need_evidence(gazetteer):
    found, *_ = mentions_of(gazetteer, "The Green Mountain Boys met. Nobody knew the Green Mountain Boys.")
    assert unknown(found) == []


def test_a_user_gazetteer_names_or_removes_a_provisional_actor(tmp_path):
    text = "Kelly Shackelford said the ruling was fair. Dana Whitcomb said it was not."
    listed = tmp_path / "mine.yml"
    listed.write_text(
        "actors:\n  - {name: Kelly Shackelford, type: person, gender: f}\nnot_actors: [Dana Whitcomb]\n",
        encoding="utf-8",
    )
    found, *_ = mentions_of(load_gazetteer(str(listed)), text)
    assert list(zip(found["actor"], found["known"], strict=True)) == [("Kelly Shackelford", True)]


def test_descriptions_refer_to_the_nearest_person_with_that_kind_of_title(gazetteer):
    found, *_ = mentions_of(
        gazetteer,
        "Sen. Jane Whitcomb met Sen. Paul Orrin and Gov. Ann Lasky. The senator said little. The governor left.",
    )
    described = found.loc[found["resolution"] == "description"]
    assert list(zip(described["text"], described["actor"], strict=True)) == [
        ("The senator", "Paul Orrin"),
        ("The governor", "Ann Lasky"),
    ]


def test_a_description_needs_someone_introduced_with_that_title(gazetteer):
    found, *_ = mentions_of(gazetteer, "Paul Orrin arrived. The senator said little.")
    assert "description" not in set(found["resolution"].astype(str))


def test_the_seed_envoy_is_thomas_west_twice():
    loaded = load_corpus(None)
    found = provisional.find_actor_mentions(loaded.sentences, loaded.docs, actors.load_gazetteer())
    described = found.loc[found["resolution"] == "description"]
    assert list(zip(described["doc_id"].str[:3], described["text"], described["actor"], strict=True)) == [
        ("002", "the US envoy", "Thomas West"),
        ("002", "the American diplomat", "Thomas West"),
    ]
    assert not (~found["known"]).any()  # the seed gazetteer lists everyone the seed texts name


def test_a_quote_over_paragraphs_and_one_after_its_attribution(gazetteer):
    text = (
        "The governor said in a statement. “We will not back down from this fight.”\n\n"
        "“This is only the start,” said Ann Lasky, who leads the group. “We have just begun\n\n"
        "“and we will be back next year with more,” she said."
    )
    found = quotes_of(gazetteer, text)
    assert [(speaker, kind) for speaker, kind, _ in found] == [
        ("(unnamed)", "direct"),
        ("Ann Lasky", "direct"),
        ("Ann Lasky", "direct"),
        ("Ann Lasky", "direct"),
    ]
    assert [quote for *_, quote in found][2:] == ["We have just begun", "and we will be back next year with more,"]


def test_appositions_new_cues_mixed_marks_and_a_spokesperson(gazetteer):
    found = quotes_of(
        gazetteer,
        "“It is a broken promise,” Jane Whitcomb, Republican of Ohio, said.\n\n"
        'Minority Leader Paul Orrin, D-Ore., tweeted, “We will fight this every day."\n\n'
        "Donald Trump's spokeswoman said the meeting went well for everyone.",
    )
    assert found == [
        ("Jane Whitcomb", "direct", "It is a broken promise,"),
        ("Paul Orrin", "direct", "We will fight this every day."),
        ("Donald Trump", "reported", "the meeting went well for everyone."),
    ]


def test_someone_named_as_another_persons_relative_is_not_that_person(gazetteer):
    found = quotes_of(gazetteer, "Donald Trump's son Eric Trumbull told voters that the race was close.")
    assert found == [("Eric Trumbull", "reported", "the race was close.")]


def test_he_said_goes_on_with_the_last_speaker(gazetteer):
    found = quotes_of(
        gazetteer,
        "“The plan will fail,” Paul Orrin said after meeting Donald Trump.\n\nHe said the vote would come next week.",
    )
    assert [speaker for speaker, *_ in found] == ["Paul Orrin", "Paul Orrin"]


def test_tables_and_charts_mark_provisional_actors(gazetteer):
    found, docs, *_ = mentions_of(gazetteer, "Kelly Shackelford said Donald Trump was wrong. Trump said nothing.")
    totals = tables.actor_totals(found[actors.COLUMNS], docs)
    assert list(zip(totals["actor"], totals["known"], strict=True)) == [
        ("Donald Trump", True),
        ("Kelly Shackelford", False),
    ]
    assert plots.labelled(totals["actor"], plots.provisional(totals)) == ["Donald Trump", "Kelly Shackelford°"]
    pairs = tables.cooccurrence(found[actors.COLUMNS])
    assert pairs[["actor_a", "actor_b", "known_a", "known_b"]].values.tolist() == [
        ["Donald Trump", "Kelly Shackelford", True, False]
    ]
    suggestions = provisional.suggestions(found, docs, corpus("x")[2].iloc[:0].assign(text=[]), min_count=1)
    assert suggestions[["candidate", "type_guess", "count"]].values.tolist() == [["Kelly Shackelford", "person", 1]]


def test_verbs_that_take_a_thing_are_not_speech_and_a_final_cue_is(gazetteer):
    found = quotes_of(
        gazetteer,
        "Paul Orrin announced his resignation on Friday under pressure.\n\n"
        "The economy added 165,000 jobs in April, the Labor Department said.\n\n"
        "Jane Whitcomb announced that the plant would close in May.\n\n"
        "About 40,000 police will guard the games, the Wall Street Journal reports.\n\n"
        "Officials did not say whether the talks would resume.",
    )
    assert found == [
        ("Labor Department", "reported", "The economy added 165,000 jobs in April"),
        ("Jane Whitcomb", "reported", "the plant would close in May."),
        ("The Wall Street Journal", "reported", "About 40,000 police will guard the games"),  # its gazetteer name
    ]


def test_a_reported_clause_ends_where_the_next_clause_begins(gazetteer):
    found = quotes_of(
        gazetteer,
        "Jane Whitcomb said the program had become too costly, although Washington pays most of it.",
    )
    assert found == [("Jane Whitcomb", "reported", "the program had become too costly")]


def test_a_country_in_a_description_must_be_the_persons():
    # Undated, so "the US president" is no office the gazetteer can resolve: only the description can.
    docs, paragraphs, sentences = corpus(
        "President Donald Trump called President Vladimir Putin. The US president said the call went well.",
        date=None,
    )
    found = provisional.find_actor_mentions(sentences, docs, actors.load_gazetteer())
    described = found.loc[found["resolution"] == "description"]
    assert list(zip(described["text"], described["actor"], strict=True)) == [("The US president", "Donald Trump")]


def test_a_name_is_counted_once_whatever_rules_see_it(gazetteer):
    found, *_ = mentions_of(gazetteer, "Zhao Lijian said the talks were good. Coach Belichick said nothing.")
    assert unknown(found) == [
        ("Zhao Lijian", "Zhao Lijian", "person", "name"),
        ("Coach Belichick", "Belichick", "person", "title"),
    ]


def test_a_headline_after_a_title_keeps_the_known_person(gazetteer):
    found, *_ = mentions_of(gazetteer, "Sen. Sanders Praised The Health Care Plan")
    assert list(zip(found["actor"], found["known"], strict=True)) == [("Bernie Sanders", True)]


def test_an_actor_has_one_type(gazetteer):
    found, *_ = mentions_of(
        gazetteer,
        "Troops arrived in Kellerton on Monday. Kellerton said the mine would close next year.",
        "Kellerton said it would reopen the mine.",
    )
    assert set(found.loc[found["actor"] == "Kellerton", "actor_type"].astype(str)) == {"person"}


def test_a_country_word_inside_another_word_is_no_country():
    docs, _, sentences = corpus("Justice Maria Lopez heard the case. Later the American judge said little.", date=None)
    found = provisional.find_actor_mentions(sentences, docs, actors.load_gazetteer())
    assert "description" not in set(found["resolution"].astype(str))


def test_ordinary_phrases_and_other_organisations_are_no_description(gazetteer):
    found, *_ = mentions_of(
        gazetteer,
        "Attorney General Jane Roe spoke. The general public was angry. Facebook lost its appeal. The court "
        "rejected it.",
    )
    assert "description" not in set(found["resolution"].astype(str))


def test_he_said_goes_to_the_speaker_before_it_not_after(gazetteer):
    found = quotes_of(
        gazetteer,
        "“We will try again,” Paul Orrin said on Monday.\n\n"
        "He said the talks had failed badly. “This is over,” Mark Whitcomb said.",
    )
    # In text order: Orrin's quote, "He said" (his), Whitcomb's quote after it.
    assert [speaker for speaker, *_ in found] == ["Paul Orrin", "Paul Orrin", "Mark Whitcomb"]


def test_not_actors_drops_a_name_and_its_surname(tmp_path):
    listed = tmp_path / "mine.yml"
    listed.write_text("not_actors: [Dana Whitcomb]\n", encoding="utf-8")
    found, *_ = mentions_of(
        load_gazetteer(str(listed)), "Dana Whitcomb said no. Ms. Whitcomb left. Whitcomb said again."
    )
    assert unknown(found) == []


def test_a_person_and_where_they_work_are_two_actors(gazetteer):
    found, *_ = mentions_of(gazetteer, "John Delury of Yonsei University said the talks would fail.")
    assert unknown(found) == [
        ("John Delury", "John Delury", "person", "name"),
        ("Yonsei University", "Yonsei University", "organisation", "name"),
    ]
    found, *_ = mentions_of(gazetteer, "The Bank of Westmoor said rates would rise.")
    assert [actor for _, actor, _, _ in unknown(found)] == ["Bank of Westmoor"]


def test_where_a_person_works_is_not_their_name(gazetteer):
    found, *_ = mentions_of(gazetteer, "The CEO of Northwind said sales fell.")
    assert unknown(found) == []
    found, *_ = mentions_of(gazetteer, "Jane Roe, CEO of Northwind Freight, said sales fell. Freight rose.")
    assert unknown(found) == [
        ("Jane Roe", "Jane Roe", "person", "name"),
        ("Northwind Freight", "Northwind Freight", "organisation", "name"),
    ]
    found, *_ = mentions_of(gazetteer, "White House Chief of Staff Dana Whitcombe said little.")
    assert found["actor"].iloc[0] == "White House"
    assert not any(str(actor).startswith("of ") for actor in found["actor"])
    found, *_ = mentions_of(gazetteer, "The CEO of Morgan Stanley said rates rose.")
    assert unknown(found) == [("Morgan Stanley", "Morgan Stanley", "organisation", "name")]
    found, *_ = mentions_of(gazetteer, "Chief of Staff de Blasio said no.")
    assert unknown(found) == [("Chief of Staff de Blasio", "de Blasio", "person", "title")]
    found, *_ = mentions_of(gazetteer, "On Monday, Chief of Staff Dana Whitcombe said little.")
    assert unknown(found) == [("Chief of Staff Dana Whitcombe", "Dana Whitcombe", "person", "title")]
    assert found["title"].tolist() == ["Chief of Staff"]


@pytest.mark.parametrize(
    "head",
    [
        "the rally in ",
        "a protest at  ",
        "the mayor from ",
        "a town near ",
        "just outside ",
        "all across ",
        "a rally in\n",
        "the vote on ",
        "written by ",
        "no place word",
        "",
        "Café in ",
    ],
)
def test_the_quick_place_and_speech_tests_agree_with_their_patterns(head):
    text = head + "Ann Lasky"
    start = len(head)
    assert provisional._after_place_word(text, start) == bool(
        provisional._LOCATIVE.slow.search(text[max(0, start - 8) : start])
    )
    for verb in ("said ", "told ", "wrote ", "according to ", "added  ", "argued\n", "spoke ", ""):
        spoken = f"“It is over,” {verb}"
        joined = spoken + "Ann Lasky"
        at = len(spoken)
        assert bool(provisional._speech_before(joined, at)) == bool(
            provisional._SPEECH_BEFORE.slow.search(joined[max(0, at - 30) : at])
        ), verb


def test_both_engines_read_a_name_alike_and_accents_go_to_regex():
    ascii_text, accented = " said the report was late", " said the café was late"
    for text in (ascii_text, accented):
        fast, slow = provisional._SPEECH_AFTER.fast.match(text), provisional._SPEECH_AFTER.slow.match(text)
        assert (fast.span(), fast.group("verb")) == (slow.span(), slow.group("verb")) == ((0, 5), "said")
    # Text with a character on which the engines differ is read with regex.
    assert provisional.UNSAFE.search(accented) and not provisional.UNSAFE.search(ascii_text)


def test_a_long_run_of_capitals_is_read_to_its_end(gazetteer):
    # Six and more capitalised words before a name: the whole run is read, so the name is whole.
    found, *_ = mentions_of(gazetteer, "House Intelligence Committee Chairman Dana Whitcombe said little.")
    assert ("Chairman Dana Whitcombe", "Dana Whitcombe", "person", "title") in unknown(found)
    found, *_ = mentions_of(gazetteer, "White House Chief of Staff Dana Whitcombe said little.")
    assert ("Chief of Staff Dana Whitcombe", "Dana Whitcombe", "person", "title") in unknown(found)
    # A title that came off the front of a run is still the person's title.
    found, *_ = mentions_of(gazetteer, "Former Ruritanian President Luiz Aldo Pereira da Costa resigned.")
    assert unknown(found) == [("President Luiz Aldo Pereira da Costa", "Luiz Aldo Pereira da Costa", "person", "title")]


def test_a_person_named_right_after_an_organisation_is_a_person(gazetteer):
    found, *_ = mentions_of(gazetteer, "Ruritania Council of Economic Advisers Alan Kruger said growth slowed.")
    assert unknown(found) == [
        ("Ruritania Council of Economic Advisers", "Ruritania Council of Economic Advisers", "organisation", "name"),
        ("Alan Kruger", "Alan Kruger", "person", "name"),
    ]
    # A school named after someone stays the school; a person's three names stay one name.
    found, *_ = mentions_of(gazetteer, "Pupils at Marjory Stoneman Douglas High School said so.")
    assert [row[1] for row in unknown(found)] == ["Marjory Stoneman Douglas High School"]
    found, *_ = mentions_of(gazetteer, "Yesterday Mary Ann Lee Evans said so.")
    assert [row[1] for row in unknown(found)] == ["Mary Ann Lee Evans"]


def test_headline_words_and_link_text_run_into_a_sentence_are_no_names(gazetteer):
    found, *_ = mentions_of(gazetteer, "He released his “Ten Point Plan To Reform The Ministry” in July.")
    assert [row[1] for row in unknown(found)] == []
    # A link's text run into the sentence: "Dana Whitcombe Dana Marie WhitcombeSenators balk …".
    found, *_ = mentions_of(gazetteer, "Leader Dana Whitcombe Dana Marie WhitcombeSenators balk at it MORE said no.")
    assert [row[1] for row in unknown(found)] == ["Dana Whitcombe"]
    found, *_ = mentions_of(gazetteer, "Governor Dana DelRio said so. Later, DelRio left.")
    assert {row[1] for row in unknown(found)} == {"Dana DelRio"}


def test_another_countrys_office_is_not_held_by_the_default_holder(gazetteer):
    # The gazetteer's Secretary of State is the US one (Mike Pompeo in 2019); a French one is not him.
    text = "French Secretary of State for the Interior Dana Whitcombe closed 130 bars. He said the law was clear."
    found, *_ = mentions_of(gazetteer, text)
    assert "Mike Pompeo" not in set(found["actor"].astype(str))
    assert unknown(found)[0][1:] == ("Dana Whitcombe", "person", "title")
    assert found.loc[~found["known"], "title"].iloc[0] == "Secretary of State for the Interior"
    found, *_ = mentions_of(gazetteer, "The Secretary of State said the law was clear.")
    assert found["actor"].astype(str).tolist() == ["Mike Pompeo"]


def test_an_office_of_an_organisation_before_a_name(gazetteer):
    text = "Chairman of the Ruritania Council of Economic Advisers Alan Kruger said growth slowed."
    found, *_ = mentions_of(gazetteer, text)
    assert ("Alan Kruger", "person") in [row[1:3] for row in unknown(found)]


def test_each_side_of_and_or_for_the_is_its_own_name(gazetteer):
    text = "Sens. Amy Klobuchar of Minnesota and Dana Whitcombe of New York said so."
    found, *_ = mentions_of(gazetteer, text)
    assert "Dana Whitcombe" in [row[1] for row in unknown(found)]
    found, *_ = mentions_of(gazetteer, "Later, Dana Whitcombe for the Ruritania Party said no.")
    assert {row[1] for row in unknown(found)} >= {"Dana Whitcombe"}
    assert all(" for " not in row[1] for row in unknown(found))
    found, *_ = mentions_of(
        gazetteer, "Tickets for the Kravis Center for the Performing Arts sold out, its director said."
    )
    assert [row[1] for row in unknown(found)] == ["Kravis Center for the Performing Arts"]


def test_initials_refer_back_to_the_name_they_spell(gazetteer):
    text = (
        "The Ruritania Financial Protection Bureau issued rules in 2018. The RFPB said the process was fair. "
        "Another office, the RFB, said nothing."
    )
    found, *_ = mentions_of(gazetteer, text)
    rows = unknown(found)
    assert ("RFPB", "Ruritania Financial Protection Bureau", "organisation", "alias") in rows
    assert all(row[0] != "RFB" or row[1] == "RFB" for row in rows)  # no name spells RFB


def test_the_newspaper_is_a_news_outlet_named_before(gazetteer):
    text = (
        "The Ruritania Times reported the figures first. The Ruritania Health Department said it could not account "
        "for the children. The newspaper noted that the figures were based on calls to sponsors."
    )
    found, *_ = mentions_of(gazetteer, text)
    described = found.loc[found["resolution"] == "description"]
    assert list(zip(described["text"], described["actor"].astype(str), strict=True)) == [
        ("The newspaper", "Ruritania Times")
    ]


def test_a_surname_goes_to_whoever_was_named_in_full_last(gazetteer):
    # "Kim" alone is Kim Jong Un in the gazetteer; after "Kim Dae-ho, a professor" it is the professor.
    text = (
        "Their leader, Kim Jong Un, has called for revenge. “They will attack,” says Kim Dae-ho, a professor in "
        "Seoul. Kim says provocations are likely."
    )
    found, *_ = mentions_of(gazetteer, text)
    kims = found.loc[found["text"] == "Kim", ["actor", "known", "resolution"]].astype(str).values.tolist()
    assert kims == [["Kim Dae-ho", "False", "partial"]]
    found, *_ = mentions_of(
        gazetteer, "Amarjit Singh said he knew him. “He was shy,” Mr. Singh said. Later Singh left."
    )
    assert set(found.loc[found["text"].str.endswith("Singh"), "actor"].astype(str)) == {"Amarjit Singh"}
    found, *_ = mentions_of(gazetteer, "Kim Dae-ho spoke first. Later Kim Jong Un replied. Kim said no.")
    kims = found.loc[found["text"] == "Kim", "actor"].astype(str).tolist()
    assert kims == ["Kim Jong Un"]


def test_a_role_word_or_a_demonym_pair_before_a_name(gazetteer):
    text = "Radical ideas spread, according to French-Tunisian Islam expert Hakim el Karoui of the Montaigne Institute."
    found, *_ = mentions_of(gazetteer, text)
    assert ("Hakim el Karoui", "person") in [row[1:3] for row in unknown(found)]
    assert not any(row[1].startswith("French-Tunisian") for row in unknown(found))


def test_an_organisation_named_again_by_its_last_word(gazetteer):
    text = (
        "The New York Times first reported the figures. According to the Times, the children are missing. "
        "The White House said nothing, and the House did not vote. Times are hard."
    )
    found, *_ = mentions_of(gazetteer, text)
    rows = list(zip(found["text"], found["actor"].astype(str), strict=True))
    assert ("Times", "The New York Times") in rows
    assert ("House", "White House") not in rows
    assert [actor for word, actor in rows if word == "Times"] == ["The New York Times"]


def test_the_company_is_not_the_paper_that_reported_on_it(gazetteer):
    text = (
        "Ruritania Mining Corporation cut jobs. Reuters reported the cuts first. "
        "The company said the mine would close in June."
    )
    found, *_ = mentions_of(gazetteer, text)
    described = found.loc[found["resolution"] == "description"]
    assert described["actor"].astype(str).tolist() == ["Ruritania Mining Corporation"]


def test_a_listed_person_written_with_a_middle_initial_is_that_person(gazetteer):
    text = "Chief of staff John F. Kelly said the wall would be built. Mr. Kelly added that funding was secure."
    found, *_ = mentions_of(gazetteer, text)
    people = found.loc[found["text"].str.contains("Kelly")]
    assert people["actor"].astype(str).tolist() == ["John Kelly", "John Kelly"]
    assert people["known"].tolist() == [True, True]
    # Another middle initial than the gazetteer's is someone else.
    found, *_ = mentions_of(gazetteer, "Land Commissioner George P. Bush said the wall would be built.")
    assert unknown(found) == [("Commissioner George P. Bush", "George P. Bush", "person", "title")]


def test_a_listed_person_written_with_the_other_form_of_the_given_name_is_that_person(gazetteer):
    text = (
        "Sen. Bernard Sanders said the bill was too small. Senator Charles Schumer told the committee "
        "that the vote would wait. Bernard Kouchner, a former minister, disagreed. Michael Johnson, a "
        "teacher in Ohio, said the schools were closed."
    )
    found, *_ = mentions_of(gazetteer, text)
    assert list(zip(found["text"], found["actor"].astype(str), found["known"], strict=True)) == [
        ("Sen. Bernard Sanders", "Bernie Sanders", True),
        ("Senator Charles Schumer", "Chuck Schumer", True),
        # Another surname after a given name in another form is someone else,
        ("Bernard Kouchner", "Bernard Kouchner", False),
        # and so is a namesake of someone not known by the surname alone (the gazetteer's Speaker Mike Johnson).
        ("Michael Johnson", "Michael Johnson", False),
        ("Ohio", "Ohio", True),  # a listed place
    ]


def test_given_names_of_many_languages_make_a_person(gazetteer):
    text = "Laurent Delvaux opened the hearing. Carmen Ortega and Svetlana Ivanova spoke after him."
    found, *_ = mentions_of(gazetteer, text)
    people = found.loc[found["actor_type"] == "person"]
    assert list(zip(people["actor"].astype(str), people["gender"], strict=True)) == [
        ("Laurent Delvaux", "m"),
        ("Carmen Ortega", "f"),
        ("Svetlana Ivanova", "f"),
    ]
