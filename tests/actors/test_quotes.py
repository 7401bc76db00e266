"""Quote attribution and unknown-name suggestions on tiny hand-written paragraphs."""

from __future__ import annotations

import pandas as pd
import pytest

from helpers import actors
from helpers.actors import discovery, quotes
from helpers.actors.provisional import find_actor_mentions
from helpers.corpus import segment


@pytest.fixture(scope="module")
def gazetteer():
    return actors.load_gazetteer()


def run(gazetteer, text, date="2025-06-20", find_mentions=actors.find_mentions_detailed):
    docs = pd.DataFrame(
        [{"doc_id": "d1", "source": "Outlet", "date": pd.Timestamp(date), "text": text, "words": len(text.split())}]
    )
    paragraphs, sentences = segment.segment(docs)
    mentions = find_mentions(sentences, docs, gazetteer)
    return quotes.find_quotes(paragraphs, sentences, mentions, docs), mentions, docs


def rows(table):
    return list(zip(table["speaker"], table["kind"], table["cue"], table["quote"], strict=True))


def test_direct_quote_with_speaker_after(gazetteer):
    found, _, _ = run(gazetteer, "“We will stand with Pakistan,” Blinken said.", "2023-12-14")
    assert rows(found) == [("Antony Blinken", "direct", "said", "We will stand with Pakistan,")]


def test_direct_quote_with_speaker_before(gazetteer):
    found, _, _ = run(
        gazetteer, "Bilawal Bhutto Zardari spoke. On X, Bilawal wrote, “Today’s meeting is a step forward.”"
    )
    assert rows(found) == [("Bilawal Bhutto Zardari", "direct", "wrote", "Today’s meeting is a step forward.")]


def test_reported_speech_and_pronoun_speaker(gazetteer):
    text = "Sahar Khan, a security expert, said the meeting was significant. “It is a thaw in ties,” she said."
    found, _, _ = run(gazetteer, text)
    assert rows(found) == [
        ("Sahar Khan", "reported", "said", "the meeting was significant."),
        ("Sahar Khan", "direct", "said", "It is a thaw in ties,"),
    ]
    assert found["attribution"].tolist() == ["name", "pronoun"]


def test_pronoun_skips_people_named_inside_quotes_and_of_the_other_gender(gazetteer):
    text = (
        "Elizabeth Threlkeld spoke. “This visit helped Asim Munir and Donald Trump,” she told Al Jazeera. "
        "She added that ties would improve over time."
    )
    found, _, _ = run(gazetteer, text)
    assert found["speaker"].tolist() == ["Elizabeth Threlkeld", "Elizabeth Threlkeld"]


def test_unresolvable_pronoun_is_kept_as_unresolved(gazetteer):
    text = "At the dinner on Monday, Asim Munir met Donald Trump. He said the talks were good."
    found, _, _ = run(gazetteer, text)
    assert found["speaker"].tolist() == [quotes.UNRESOLVED]


def test_according_to_and_unnamed_sources(gazetteer):
    text = "According to the ISPR, Munir met officials. Analysts said the talks were hard going."
    found, _, _ = run(gazetteer, text)
    assert found["speaker"].tolist() == ["Inter-Services Public Relations", quotes.UNNAMED]
    assert found["kind"].tolist() == ["according_to", "reported"]
    assert found["speaker_text"].tolist() == ["the ISPR", "Analysts"]


def test_organisation_spokesperson_speaks_for_the_organisation(gazetteer):
    text = "A spokesperson of the State Department stated that Pakistan was an important partner."
    found, _, _ = run(gazetteer, text, "2023-12-14")
    assert rows(found) == [("US Department of State", "reported", "stated", "Pakistan was an important partner.")]


def test_quote_spanning_two_sentences_is_one_quote(gazetteer):
    text = "Muhammad Faisal is a researcher. “The talks went well. We expect more,” Faisal told Al Jazeera."
    found, _, _ = run(gazetteer, text)
    assert rows(found) == [("Muhammad Faisal", "direct", "told", "The talks went well. We expect more,")]


def test_voice_separates_quoted_from_mentioned(gazetteer):
    text = "Sahar Khan said Asim Munir met Donald Trump at length. Trump was pleased, officials noted."
    found, mentions, docs = run(gazetteer, text)
    table = quotes.voice(mentions, found, docs).set_index("actor")
    assert table.loc["Sahar Khan", "status"] == "quoted" and table.loc["Sahar Khan", "quotes"] == 1
    assert table.loc["Asim Munir", "status"] == "mentioned only"
    assert table.loc["Donald Trump", "mentions"] == 2 and table.loc["Donald Trump", "quotes"] == 0
    summary = quotes.speaker_summary(found)
    assert summary[["quotes", "named", "unnamed"]].iloc[0].tolist() == [2, 1, 1]


def test_suggestions_offer_unknown_names_as_yaml(gazetteer, tmp_path):
    text = (
        "Ambassador Masood Rashid met Asim Munir. Masood Rashid said ties were strong. "
        "The Karakoram Policy Forum hosted them. The Karakoram Policy Forum was pleased."
    )
    docs = pd.DataFrame(
        [{"doc_id": "d1", "source": "S", "date": pd.Timestamp("2025-06-20"), "text": text, "words": 30}]
    )
    _, sentences = segment.segment(docs)
    mentions = actors.find_mentions_detailed(sentences, docs, gazetteer)
    table = discovery.suggest_actors(sentences, mentions, docs, gazetteer, min_count=2).set_index("candidate")
    assert table.loc["Masood Rashid", "count"] == 2
    assert table.loc["Masood Rashid", "type_guess"] == "person"
    assert table.loc["Masood Rashid", "title_seen"] == "Ambassador"
    assert table.loc["Masood Rashid", "yaml"] == '  - {name: "Masood Rashid", type: person}'
    assert table.loc["Karakoram Policy Forum", "type_guess"] == "organisation"
    pasted = tmp_path / "mine.yml"
    pasted.write_text("actors:\n" + "\n".join(table["yaml"]) + "\n", encoding="utf-8")
    assert set(actors.load_gazetteer(str(pasted), mode="replace").actors) == set(table.index)
    assert "Asim Munir" not in table.index


def test_named_speaker_missing_from_the_gazetteer_is_not_anonymous(gazetteer):
    found, _, _ = run(gazetteer, "John Smithers, a spokesman, said the plan was sound. Officials said it was late.")
    assert found["speaker"].tolist() == [quotes.UNLISTED, quotes.UNNAMED]
    assert found["attribution"].tolist() == ["unlisted", "unnamed"]


def test_pronoun_prefers_the_person_not_named_after_a_preposition(gazetteer):
    text = (
        "Asim Munir met Donald Trump. While the press waited outside for an hour, Trump spoke to reporters "
        "after his talks with Munir. He said he was “honoured to meet him”."
    )
    found, _, _ = run(gazetteer, text)
    assert found["speaker"].tolist() == ["Donald Trump"]
    assert found["attribution"].tolist() == ["pronoun"]


def test_he_goes_on_with_the_last_man_quoted_past_people_named_in_passing(gazetteer):
    text = (
        "“We will not give up,” Joe Biden said on Tuesday.\n\n"
        "Pressed by Committee Chairman Marco Rubio, he conceded that the plan was late. The bill drew criticism "
        "from conservatives such as Mike Pence and Donald Trump.\n\n"
        "“We need more time,” he said."
    )
    found, _, _ = run(gazetteer, text)
    assert found["speaker"].tolist() == ["Joe Biden", "Joe Biden", "Joe Biden"]


def test_he_goes_on_with_the_last_man_quoted_after_a_woman_is_quoted(gazetteer):
    text = (
        "“The talks were good,” Antony Blinken said. Elizabeth Warren, who had talks with Asim Munir on Monday, "
        "said the deal was weak. “We will keep talking,” he said."
    )
    found, _, _ = run(gazetteer, text)
    assert found["speaker"].tolist() == ["Antony Blinken", "Elizabeth Warren", "Antony Blinken"]


def test_he_does_not_go_on_past_another_man_named_as_a_subject(gazetteer):
    text = "“The talks were good,” Antony Blinken said. Later, Marco Rubio met reporters. “It went well,” he said."
    found, _, _ = run(gazetteer, text)
    assert found["speaker"].tolist() == ["Antony Blinken", "Marco Rubio"]


def test_a_name_or_pronoun_alone_before_the_cue_is_its_subject(gazetteer):
    text = (
        "When asked whether he had warned Asim Munir that Pakistan should act, Donald Trump told "
        "reporters the talks had been good. Questioned about the talks with Munir, he said the two men would meet again."
    )
    found, _, _ = run(gazetteer, text)
    assert found["speaker"].tolist() == ["Donald Trump", "Donald Trump"]
    assert found["speaker_text"].tolist() == ["Donald Trump", "he"]


def test_told_without_that_skips_whom_they_told(gazetteer):
    text = "Donald Trump told reporters the talks had been good. Joe Biden told The Associated Press on Sunday he would run."
    found, _, _ = run(gazetteer, text)
    assert rows(found) == [
        ("Donald Trump", "reported", "told", "the talks had been good."),
        ("Joe Biden", "reported", "told", "he would run."),
    ]


def test_a_countrys_ministry_or_army_speaks_not_the_country(gazetteer):
    text = (
        "India's Defence Ministry said the drills would last a week. The Chinese military said its ships "
        "had left the area. The U.S. Embassy in Islamabad said the visit would go ahead. Pakistan said "
        "the talks were useful."
    )
    found, _, _ = run(gazetteer, text)
    assert found["speaker"].tolist() == [
        "India's Defence Ministry", "Chinese military", "U.S. Embassy in Islamabad", "Pakistan",
    ]  # fmt: skip
    assert found["speaker_type"].tolist() == ["organisation", "organisation", "organisation", "country"]


def test_headlines_of_a_names_link_are_not_read_as_the_sentence(gazetteer):
    text = (
        "Senator Elizabeth Warren Elizabeth WarrenDemocrats split over trade deal Republicans say they will "
        "block the bill MORE said the plan would help working families."
    )
    found, _, _ = run(gazetteer, text)
    assert rows(found) == [("Elizabeth Warren", "reported", "said", "the plan would help working families.")]


def test_wrote_a_letter_saying_gives_the_words_to_saying(gazetteer):
    text = "Marco Rubio wrote a letter to the agency saying the rules would hurt small farms."
    found, _, _ = run(gazetteer, text)
    assert rows(found) == [("Marco Rubio", "reported", "saying", "the rules would hurt small farms.")]


def test_where_a_reported_clause_ends(gazetteer):
    text = (
        "Marco Rubio said the vote was close, but that the bill would pass next week.\n\n"
        "Joe Biden told reporters the economy was growing but did not say how fast it would grow.\n\n"
        "Antony Blinken said repeatedly that the ceasefire was holding.\n\n"
        "Donald Trump said the talks had gone well, adding that a deal was near."
    )
    found, _, _ = run(gazetteer, text)
    assert rows(found) == [
        ("Marco Rubio", "reported", "said", "the vote was close, but that the bill would pass next week."),
        ("Joe Biden", "reported", "told", "the economy was growing"),
        ("Antony Blinken", "reported", "said", "the ceasefire was holding."),
        ("Donald Trump", "reported", "said", "the talks had gone well"),
        ("Donald Trump", "reported", "adding", "a deal was near."),
    ]


def test_names_with_capitals_outside_ascii_are_speakers(gazetteer):
    text = "Turkish spokesman Ömer Çelik said the talks went well on Monday. “We are ready,” Çelik said."
    docs = pd.DataFrame(
        [{"doc_id": "d1", "source": "Outlet", "date": pd.Timestamp("2025-06-20"), "text": text, "words": 17}]
    )
    paragraphs, sentences = segment.segment(docs)
    mentions = find_actor_mentions(sentences, docs, gazetteer)
    found = quotes.find_quotes(paragraphs, sentences, mentions, docs)
    assert found["speaker"].tolist() == ["Ömer Çelik", "Ömer Çelik"]


def test_a_citys_newspaper_speaks_not_the_city(gazetteer):
    text = (
        "The Chicago Tribune reported that the vote was delayed. According to the Los Angeles Times, the fire spread."
    )
    found, _, _ = run(gazetteer, text)
    assert found["speaker"].tolist() == ["Chicago Tribune", "Los Angeles Times"]


def test_a_gerund_does_not_end_a_reported_clause(gazetteer):
    found, _, _ = run(gazetteer, "Marco Rubio said the plan would keep adding to the debt for years.")
    assert rows(found) == [("Marco Rubio", "reported", "said", "the plan would keep adding to the debt for years.")]


def test_people_named_in_link_headlines_do_not_speak(gazetteer):
    text = (
        "Sen. Bernie Sanders Bernard SandersDonald Trump says the economy is strong Congress heads toward "
        "a showdown on pay MORE (I-Vt.) on Thursday warned: “The wage is too low.”\n\n"
        "“It was a mistake to cut it,” he added."
    )
    found, _, _ = run(gazetteer, text)
    assert "Donald Trump" not in found["speaker"].tolist()


def run_all(gazetteer, text, date="2025-06-20"):
    """:func:`run` with the provisional actors too (names the gazetteer does not list)."""
    return run(gazetteer, text, date, find_actor_mentions)


def test_an_outlet_named_after_a_common_noun_speaks(gazetteer):
    # "the newsmagazine Ruritania Journal": the noun before the name is its apposition, not another subject.
    found, mentions, _ = run_all(gazetteer, "“The time has come,” said the newsmagazine Ruritania Journal.")
    assert "Ruritania Journal" in set(mentions["actor"].astype(str))
    assert found["speaker"].tolist() == ["Ruritania Journal"]


def test_where_a_speaker_is_based_is_not_the_speaker(gazetteer):
    found, _, _ = run_all(gazetteer, "The Pakistan-based Ruritania Times reported that the vote was delayed.")
    assert found["speaker"].tolist() == ["Ruritania Times"]


def test_news_agencies_and_outlets_are_known_speakers(gazetteer):
    text = (
        "Agence France-Presse reported that the border was closed on Monday. According to Politico, the bill "
        "stalled in the Senate. The BBC reports that talks resumed in the capital."
    )
    found, _, _ = run(gazetteer, text)
    assert found["speaker"].tolist() == ["Agence France-Presse", "Politico", "BBC"]


def test_police_or_the_military_alone_speak_as_written(gazetteer):
    text = (
        "Two police cars arrived. Police said at least two other people were wounded in the attack. "
        "The military said three gunmen had killed a guard. Officials said the hotel was closed for now."
    )
    found, _, _ = run_all(gazetteer, text)
    assert list(zip(found["speaker"], found["attribution"], strict=True)) == [
        ("police", "body"),
        ("military", "body"),
        ("(unnamed)", "unnamed"),
    ]


def test_a_report_by_someone_is_theirs(gazetteer):
    text = (
        "The first trucks delivered cereals and sugar, according to a report by the Russian news agency ITAR-TASS. "
        "According to a study of Pew Research Center data, turnout rose by a third in the north."
    )
    found, _, _ = run_all(gazetteer, text)
    assert found["speaker"].tolist()[0] == "TASS"
    assert len(found) == 2 and "Pew Research Center" not in found["speaker"].tolist()  # the data's, not the study's


def test_a_subordinate_cue_ends_its_words_at_the_comma(gazetteer):
    text = (
        "While Marco Rubio noted the closures happened in fifteen towns, he did not say which ones. "
        "The Ruritania Liberation Army, which says the mines are exploited by outsiders, claimed the attack. "
        "When asked whether the talks had failed, Rubio smiled."
    )
    found, _, _ = run_all(gazetteer, text)
    assert list(zip(found["speaker"], found["quote"], strict=True)) == [
        ("Marco Rubio", "the closures happened in fifteen towns"),
        ("Ruritania Liberation Army", "the mines are exploited by outsiders"),
    ]


def test_what_a_parenthetical_cue_reports_ends_before_adding(gazetteer):
    text = (
        "Investigators had trouble identifying her at first, Rubio said, adding, “We have little to go on.” "
        "The White House said that it would continue to make the payments, and that message reassured Democrats. "
        "Rubio said the plan would work, and that it would pass the Senate easily."
    )
    found, _, _ = run_all(gazetteer, text, "2019-06-01")
    reported = found.loc[found["kind"] == "reported"]
    assert reported["quote"].tolist() == [
        "Investigators had trouble identifying her at first",
        "it would continue to make the payments",
        "the plan would work, and that it would pass the Senate easily.",
    ]


def test_a_quote_that_ends_its_sentence_keeps_the_cue_before_it(gazetteer):
    text = "Rubio said, “We have little to go on.” The White House said that it would continue to make the payments."
    found, _, _ = run_all(gazetteer, text, "2019-06-01")
    assert rows(found) == [
        ("Marco Rubio", "direct", "said", "We have little to go on."),
        ("White House", "reported", "said", "it would continue to make the payments."),
    ]
    found, _, _ = run_all(gazetteer, "“We have little to go on.” Rubio said.", "2019-06-01")
    assert found["speaker"].tolist() == ["Marco Rubio"]


def test_a_participle_speaks_for_the_subject_of_the_cue_before_it(gazetteer):
    text = (
        "Dana Whitcombe spoke on Sunday.\n\n"
        "Whitcombe on Sunday predicted the party may need another nominee, telling reporters: “A couple more weeks "
        "like this and it is over.”"
    )
    found, _, _ = run_all(gazetteer, text)
    assert list(zip(found["speaker"], found["cue"], strict=True)) == [
        ("Dana Whitcombe", "predicted"),
        ("Dana Whitcombe", "telling"),
    ]


def test_a_dateline_is_no_part_of_the_subject(gazetteer):
    text = "Washington (CNN) - Members of both the House and Senate committees say they are extremely concerned."
    found, _, _ = run_all(gazetteer, text)
    assert list(zip(found["speaker"], found["speaker_text"], strict=True)) == [
        ("(unnamed)", "Members of both the House and Senate committees")
    ]


def test_a_cue_after_and_or_who_speaks_for_the_subject_before_it(gazetteer):
    text = (
        "Dana Whitcombe criticized the plan last month and asserted the president could be wrong about it. "
        "The rules were passed last year, shepherded by Trump-appointed Chairman Alan Kruger, who says the new "
        "rules are more friendly to markets. She waved and asked him to call the police at once."
    )
    found, _, _ = run_all(gazetteer, text)
    assert list(zip(found["speaker"], found["cue"], found["quote"], strict=True)) == [
        ("Dana Whitcombe", "asserted", "the president could be wrong about it."),
        ("Alan Kruger", "says", "the new rules are more friendly to markets."),
    ]


def test_writing_a_thing_is_not_a_quote_but_writing_a_clause_is(gazetteer):
    text = (
        "Judge Dana Whitcombe heard the case and wrote the court’s opinion in the end. "
        "Rubio wrote the law was clear and would be enforced soon."
    )
    found, _, _ = run_all(gazetteer, text, "2019-06-01")
    assert rows(found) == [("Marco Rubio", "reported", "wrote", "the law was clear and would be enforced soon.")]


def test_a_quoted_word_inside_a_reported_clause_keeps_the_clause(gazetteer):
    text = "Rubio called the attacks disgraceful and said “numerous” arrests had been made overnight."
    found, _, _ = run_all(gazetteer, text, "2019-06-01")
    assert rows(found) == [("Marco Rubio", "reported", "said", "“numerous” arrests had been made overnight.")]
    found, _, _ = run_all(gazetteer, "Rubio said, “We will act now, today.”", "2019-06-01")
    assert found["kind"].tolist() == ["direct"]


def test_a_participle_after_a_comma_speaks_for_the_subject_of_its_sentence(gazetteer):
    text = (
        "Dana Whitcombe praised the ruling on Friday, adding that the vote would go ahead on Monday. "
        "During an interview with host Alan Kruger, Marco Rubio defended the plan, saying the costs were falling fast. "
        "Dana Whitcombe spoke again later. She praised the council, insisting that the members had been fair to her."
    )
    found, _, _ = run_all(gazetteer, text, "2019-06-01")
    assert list(zip(found["speaker"], found["cue"], found["quote"], strict=True)) == [
        ("Dana Whitcombe", "adding", "the vote would go ahead on Monday."),
        ("Marco Rubio", "saying", "the costs were falling fast."),
        ("Dana Whitcombe", "insisting", "the members had been fair to her."),
    ]


def test_a_participle_after_a_cue_speaks_for_that_cues_subject(gazetteer):
    text = "The vote was delayed until May, the Ruritania Times noted, adding that the court had not yet ruled on it."
    found, _, _ = run_all(gazetteer, text, "2019-06-01")
    assert list(zip(found["speaker"], found["cue"], strict=True)) == [
        ("Ruritania Times", "noted"),
        ("Ruritania Times", "adding"),
    ]


def test_a_participle_and_a_colon_lead_into_a_quotation(gazetteer):
    text = "Rubio fired back at his critics, tweeting: “The report is a fraud and everyone knows it.”"
    found, _, _ = run_all(gazetteer, text, "2019-06-01")
    assert rows(found) == [("Marco Rubio", "direct", "tweeting", "The report is a fraud and everyone knows it.")]


def test_a_final_cue_may_be_followed_by_when_it_was_said(gazetteer):
    text = (
        "The vote was delayed until the spring, the Ruritania Times reported on Friday. "
        "Rubio won 84,000 more votes than previously reported in March."
    )
    found, _, _ = run_all(gazetteer, text, "2019-06-01")
    assert rows(found) == [("Ruritania Times", "reported", "reported", "The vote was delayed until the spring")]
    # A direct quote's attribution is no reported clause of its own.
    found, _, _ = run_all(gazetteer, "“Our target is ambitious,” Dana Whitcombe, the bank's analyst, wrote in a note.")
    assert found["kind"].tolist() == ["direct"]


def test_words_someone_called_something_are_theirs(gazetteer):
    text = (
        "Rubio called the plan a “dangerous mistake.”\n\n"
        "Dana Whitcombe accused the minister of having “lied to the whole country.”\n\n"
        "A group called “Friends of the Valley” met on Sunday.\n\n"
        "Whitcombe is described as “a tireless advocate for the poor.”\n\n"
        "One aide who worked for Marco Rubio called the plan “a costly and needless mistake.”"
    )
    found, _, _ = run_all(gazetteer, text, "2019-06-01")
    assert rows(found) == [
        ("Marco Rubio", "direct", "called", "dangerous mistake."),
        ("Dana Whitcombe", "direct", "accused", "lied to the whole country."),
    ]


def test_a_paragraph_ending_in_a_cue_and_a_colon_names_the_speaker_of_the_next(gazetteer):
    text = (
        "Rubio spoke on the same day that another speaker, Dana Whitcombe, said this:\n\n"
        "“Do I think we need more time? No, we do not.”"
    )
    found, _, _ = run_all(gazetteer, text, "2019-06-01")
    assert rows(found) == [("Dana Whitcombe", "direct", "said", "Do I think we need more time? No, we do not.")]


def test_a_name_and_its_apposition_before_the_cue(gazetteer):
    text = (
        "Dana Whitcombe, the county prosecutor, said, “We will file one count of murder today.” "
        "She added that she expected to file more charges later, including “attempted murder with a weapon” and fraud."
    )
    found, _, _ = run_all(gazetteer, text, "2019-06-01")
    assert rows(found) == [
        ("Dana Whitcombe", "direct", "said", "We will file one count of murder today."),
        (
            "Dana Whitcombe", "reported", "added",
            "she expected to file more charges later, including “attempted murder with a weapon” and fraud.",
        ),
    ]  # fmt: skip
    found, _, _ = run_all(
        gazetteer, "The state-run agency, KCNA, said the student had entered the country as a tourist."
    )
    assert rows(found) == [
        ("Korean Central News Agency", "reported", "said", "the student had entered the country as a tourist.")
    ]


def test_a_quoted_phrase_inside_a_clause_with_its_own_verb_is_part_of_it(gazetteer):
    text = (
        "Rubio said he was stepping aside after several “leftwing activist groups” filed false complaints against him."
    )
    found, _, _ = run_all(gazetteer, text, "2019-06-01")
    assert rows(found) == [
        (
            "Marco Rubio",
            "reported",
            "said",
            "he was stepping aside after several “leftwing activist groups” filed false complaints against him.",
        )
    ]


def test_plural_cues_and_forecasts(gazetteer):
    text = (
        "Supporters of the bill argue that it will lower prices for families. "
        "The cuts began in March and the Ruritania Budget Office has projected they could cost 75,000 jobs this year. "
        "The race – projected to be the most expensive ever – is close."
    )
    found, _, _ = run_all(gazetteer, text, "2019-06-01")
    assert rows(found) == [
        ("(unnamed)", "reported", "argue", "it will lower prices for families."),
        ("Ruritania Budget Office", "reported", "projected", "they could cost 75,000 jobs this year."),
    ]
