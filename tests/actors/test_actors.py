"""Actor mentions: each resolution rule on tiny hand-written sentences, gazetteer errors, and
counts on the seed corpus that were made by reading the texts."""

from __future__ import annotations

import pandas as pd
import pytest

from helpers import actors
from helpers.actors import tables
from helpers.corpus import segment
from helpers.errors import InputError
from helpers.paths import SEED_DIR


@pytest.fixture(scope="module")
def gazetteer():
    return actors.load_gazetteer()


def frames(*documents):
    """docs and sentences for (doc_id, text, date[, source]) tuples, as the loader makes them."""
    rows = []
    for document in documents:
        doc_id, text, date = document[:3]
        source = document[3] if len(document) > 3 else "Test source"
        rows.append(
            {
                "doc_id": doc_id,
                "source": source,
                "date": pd.Timestamp(date) if date else pd.NaT,
                "text": text,
                "words": len(text.split()),
            }
        )
    docs = pd.DataFrame(rows)
    paragraphs, sentences = segment.segment(docs)
    return docs, paragraphs, sentences


def mentions_of(gazetteer, text, date="2025-06-20"):
    docs, _, sentences = frames(("d1", text, date))
    return actors.find_mentions(sentences, docs, gazetteer)


def pairs(table):
    return list(zip(table["text"], table["actor"], table["resolution"], strict=True))


# ------------------------------------------------------------------ contract


def test_columns_and_offsets_point_back_into_the_text(gazetteer):
    text = "Asim Munir met Donald Trump.\n\nLater, Munir spoke to reporters in Islamabad. Islamabad welcomed it."
    docs, _, sentences = frames(("d1", text, "2025-06-20"))
    found = actors.find_mentions(sentences, docs, gazetteer)
    assert list(found.columns) == [
        "doc_id", "sentence_id", "start", "end", "text", "actor", "actor_type", "resolution", "known",
    ]  # fmt: skip
    for row in found.itertuples():
        assert text[row.start : row.end] == row.text
        sentence = sentences.set_index("sentence_id").loc[row.sentence_id]
        assert sentence["start"] <= row.start and row.end <= sentence["end"]
    assert set(found["resolution"]) <= set(actors.RESOLUTIONS)


# ------------------------------------------------------------------ one rule each


def test_name(gazetteer):
    assert pairs(mentions_of(gazetteer, "Asim Munir met officials.")) == [("Asim Munir", "Asim Munir", "name")]


def test_alias(gazetteer):
    found = mentions_of(gazetteer, "The ISPR issued a statement.")
    assert pairs(found) == [("ISPR", "Inter-Services Public Relations", "alias")]


def test_partial_name_needs_an_earlier_introduction(gazetteer):
    found = mentions_of(gazetteer, "Sahar Khan is an analyst. Khan said the talks mattered.")
    assert pairs(found) == [("Sahar Khan", "Sahar Khan", "name"), ("Khan", "Sahar Khan", "partial")]
    # Without the introduction "Khan" could be Sahar Khan or Imran Khan (neither in office in 2025).
    assert mentions_of(gazetteer, "Khan said the talks mattered.").empty


def test_partial_name_shared_by_two_introduced_people_is_not_counted(gazetteer):
    text = "Asif Durrani met Aftab Akbar Durrani. Durrani said little."
    found = mentions_of(gazetteer, text, "2023-12-14")
    assert found["actor"].tolist() == ["Asif Durrani", "Aftab Akbar Durrani"]


def test_partial_name_inside_a_longer_unknown_name_is_not_counted(gazetteer):
    # Munir Akram is someone else; the surname alone must not become Asim Munir.
    found = mentions_of(gazetteer, "Asim Munir arrived. Munir Akram spoke at the UN.")
    assert found["actor"].tolist() == ["Asim Munir", "United Nations"]


def test_role_resolves_by_the_document_date(gazetteer):
    text = "The US president met the Secretary of State."
    earlier = mentions_of(gazetteer, text, "2023-12-14")
    later = mentions_of(gazetteer, text, "2025-06-20")
    first_term = mentions_of(gazetteer, text, "2019-05-01")
    assert earlier["actor"].tolist() == ["Joe Biden", "Antony Blinken"]
    assert later["actor"].tolist() == ["Donald Trump", "Marco Rubio"]
    assert first_term["actor"].tolist() == ["Donald Trump", "Mike Pompeo"]
    assert set(earlier["resolution"]) == {"role"}


def test_role_boundary_day_belongs_to_the_new_holder(gazetteer):
    assert mentions_of(gazetteer, "The president spoke.", "2017-01-19")["actor"].tolist() == ["Barack Obama"]
    assert mentions_of(gazetteer, "The president spoke.", "2017-01-20")["actor"].tolist() == ["Donald Trump"]


def test_role_needs_a_date(gazetteer):
    assert mentions_of(gazetteer, "The US president spoke.", None).empty


def test_country_qualifier_selects_the_role(gazetteer):
    found = mentions_of(gazetteer, "Pakistan’s Chief of Army Staff met the Pakistani Prime Minister.", "2025-06-20")
    assert pairs(found) == [
        ("Pakistan’s Chief of Army Staff", "Asim Munir", "role"),
        ("Pakistani Prime Minister", "Shehbaz Sharif", "role"),
    ]
    assert mentions_of(gazetteer, "Pakistan's army chief spoke.", "2020-01-01")["actor"].tolist() == [
        "Qamar Javed Bajwa"
    ]


def test_former_and_bare_lower_case_roles_are_not_the_office_holder(gazetteer):
    assert mentions_of(gazetteer, "The former president spoke.").empty
    assert mentions_of(gazetteer, "He became an army chief in 1990.").empty


def test_role_before_an_unknown_name_is_someone_else(gazetteer):
    assert mentions_of(gazetteer, "President Macri of Argentina spoke.").empty


def test_metonym_and_place_uses(gazetteer):
    found = mentions_of(gazetteer, "Islamabad welcomed the move, and Washington agreed.")
    assert pairs(found) == [("Islamabad", "Pakistan", "metonym"), ("Washington", "United States", "metonym")]
    places = "She flew to Islamabad. A Washington, DC-based analyst spoke in Washington before his Washington visit."
    assert mentions_of(gazetteer, places)["actor"].tolist() == ["Washington, D.C."]


def test_title_with_name_or_surname(gazetteer):
    found = mentions_of(gazetteer, "Field Marshal Asim Munir met President Trump and Secretary Rubio.")
    assert pairs(found) == [
        ("Field Marshal Asim Munir", "Asim Munir", "title"),
        ("President Trump", "Donald Trump", "title"),
        ("Secretary Rubio", "Marco Rubio", "title"),
    ]


def test_title_before_a_former_holder_keeps_the_name(gazetteer):
    # In 2025 "President Joe Biden" is still Biden, not the president of the day.
    found = mentions_of(gazetteer, "Relations under President Joe Biden were poor.", "2025-06-20")
    assert found["actor"].tolist() == ["Joe Biden"]


def test_appositive_chain_is_one_mention(gazetteer):
    text = "Chief of Army Staff (COAS) General Asim Munir met officials."
    assert pairs(mentions_of(gazetteer, text, "2023-12-14")) == [
        ("Chief of Army Staff (COAS) General Asim Munir", "Asim Munir", "title")
    ]
    text = "Pakistan’s army chief, Field Marshal Asim Munir, arrived."
    assert mentions_of(gazetteer, text)["text"].tolist() == ["Pakistan’s army chief, Field Marshal Asim Munir"]


def test_list_of_offices_held_by_different_people_is_split(gazetteer):
    text = "He would meet the US Secretary of Defense, National Security Advisor and US Secretary of State."
    found = mentions_of(gazetteer, text, "2023-12-14")
    assert found["actor"].tolist() == ["Lloyd Austin", "Jake Sullivan", "Antony Blinken"]


def test_possessives_count(gazetteer):
    found = mentions_of(gazetteer, "Trump’s offer and Pakistan’s role, and Trump's reply.")
    assert found["actor"].tolist() == ["Donald Trump", "Pakistan", "Donald Trump"]
    assert found["text"].tolist() == ["Trump", "Pakistan", "Trump"]


def test_pronouns_are_not_mentions(gazetteer):
    found = mentions_of(gazetteer, "Asim Munir arrived. He said he was pleased. She agreed with him.")
    assert found["actor"].tolist() == ["Asim Munir"]


def test_longest_match_wins(gazetteer):
    found = mentions_of(gazetteer, "The Pakistan Peoples Party and Tehreek-e-Taliban Pakistan disagree with Pakistan.")
    assert found["actor"].tolist() == ["Pakistan Peoples Party", "Tehreek-e-Taliban Pakistan", "Pakistan"]


def test_names_are_case_sensitive(gazetteer):
    assert mentions_of(gazetteer, "Let us talk about fine china.").empty
    assert mentions_of(gazetteer, "The US and China talked.")["actor"].tolist() == ["United States", "China"]


# ------------------------------------------------------------------ gazetteer files


def write(tmp_path, text, name="mine.yml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("actors: [ {name: X, type: person\n", "not valid YAML"),
        ("actors:\n  - {type: person}\n", "actors[0]: missing canonical 'name'"),
        ("actors:\n  - {name: Zed Zedson, type: alien}\n", "actors[0] (Zed Zedson): type 'alien'"),
        ("actors:\n  - {name: Zed Zedson, type: person, alieses: [Z]}\n", "unknown key(s) alieses"),
        (
            "actors:\n  - {name: Zed Zedson, type: person}\nroles:\n  - {role: Boss, phrases: [boss], "
            "holders: [{actor: Zed Zedson, from: 2020-13-01}]}\n",
            "is not a date",
        ),
        (
            "actors:\n  - {name: Zed Zedson, type: person}\nroles:\n  - {role: Boss, phrases: [boss], "
            "holders: [{actor: Zed Zedson}]}\n",
            "no 'from' date",
        ),
        (
            "actors:\n  - {name: Zed Zedson, type: person}\n  - {name: Ann Other, type: person}\nroles:\n"
            "  - {role: Boss, phrases: [boss], holders: [{actor: Zed Zedson, from: 2020-01-01, to: 2022-01-01},"
            " {actor: Ann Other, from: 2021-06-01}]}\n",
            "overlap",
        ),
        (
            "actors:\n  - {name: Zed Zedson, type: person}\nroles:\n  - {role: Boss, phrases: [boss], "
            "holders: [{actor: Nobody Known, from: 2020-01-01}]}\n",
            "'Nobody Known' is not an actor",
        ),
        (
            "actors:\n  - {name: Zed Zedson, type: person, aliases: [ZZ]}\n  - {name: Zack Zed, type: person, aliases: [ZZ]}\n",
            "'ZZ' is also a name or alias",
        ),
    ],
)
def test_malformed_gazetteer_names_file_and_entry(tmp_path, content, expected):
    path = write(tmp_path, content)
    with pytest.raises(InputError) as error:
        actors.load_gazetteer(path, mode="replace")
    assert expected in str(error.value)
    assert "mine.yml" in str(error.value)


def test_missing_gazetteer_file_and_bad_mode(tmp_path):
    with pytest.raises(InputError, match="does not exist"):
        actors.load_gazetteer(str(tmp_path / "nothing.yml"))
    with pytest.raises(InputError, match="gazetteer_mode"):
        actors.load_gazetteer("", mode="append")


def test_merge_adds_to_the_default_and_replace_stands_alone(tmp_path):
    path = write(tmp_path, "actors:\n  - {name: Zed Zedson, type: person, gender: m}\n")
    merged = actors.load_gazetteer(path, mode="merge")
    alone = actors.load_gazetteer(path, mode="replace")
    assert "Zed Zedson" in merged.actors and "Donald Trump" in merged.actors
    assert list(alone.actors) == ["Zed Zedson"]
    text = "Zed Zedson met Donald Trump. Zedson spoke."
    assert mentions_of(merged, text)["actor"].tolist() == ["Zed Zedson", "Donald Trump", "Zed Zedson"]
    assert mentions_of(alone, text)["actor"].tolist() == ["Zed Zedson", "Zed Zedson"]


def test_merge_replaces_an_entry_with_the_same_name(tmp_path):
    path = write(tmp_path, "actors:\n  - {name: Asim Munir, type: person, aliases: [The Marshal]}\n")
    merged = actors.load_gazetteer(path)
    assert merged.actors["Asim Munir"].aliases == ("The Marshal",)
    assert mentions_of(merged, "The Marshal spoke.")["actor"].tolist() == ["Asim Munir"]


def test_shipped_gazetteer_is_found_as_package_data():
    from helpers.actors.gazetteer import DEFAULT_PATH

    assert DEFAULT_PATH.is_file() and DEFAULT_PATH.parent.name == "resources"


# ------------------------------------------------------------------ tables


def test_counts_cooccurrence_and_titles(gazetteer):
    docs, _, sentences = frames(
        ("a", "Asim Munir met Donald Trump. Munir thanked Trump. Pakistan welcomed it.", "2025-06-20", "Outlet A"),
        ("b", "The army chief met the US president.", "2025-06-20", "Outlet B"),
    )
    detailed = actors.find_mentions_detailed(sentences, docs, gazetteer)
    mentions = detailed[actors.COLUMNS]
    counts = tables.mention_counts(mentions, docs)
    assert counts.loc[(counts.doc_id == "a") & (counts.actor == "Asim Munir"), "mentions"].item() == 2
    assert counts.loc[(counts.doc_id == "b") & (counts.actor == "Donald Trump"), "mentions"].item() == 1
    pairs_table = tables.cooccurrence(mentions)
    row = pairs_table.loc[(pairs_table.actor_a == "Asim Munir") & (pairs_table.actor_b == "Donald Trump")]
    assert row["sentences"].item() == 3 and row["documents"].item() == 2
    forms = tables.title_forms(detailed, docs)
    munir_b = forms.loc[(forms.actor == "Asim Munir") & (forms.source == "Outlet B"), "title"].tolist()
    assert munir_b == ["army chief"]
    trump_b = forms.loc[(forms.actor == "Donald Trump") & (forms.source == "Outlet B")]
    assert trump_b[["title", "example", "mentions"]].values.tolist() == [["president", "US president", 1]]
    trump_a = forms.loc[(forms.actor == "Donald Trump") & (forms.source == "Outlet A"), "title"].tolist()
    assert trump_a == ["(name only)"]
    by_source = tables.source_counts(mentions, docs)
    pakistan = by_source.loc[(by_source.source == "Outlet A") & (by_source.actor == "Pakistan")]
    assert pakistan["per_1000_words"].item() == pytest.approx(1000 / 11, abs=0.001)  # 11 words in document a


# ------------------------------------------------------------------ the seed corpus, read by hand


@pytest.fixture(scope="module")
def seed(gazetteer):
    from helpers import corpus

    loaded = corpus.load_corpus(SEED_DIR)
    detailed = actors.find_mentions_detailed(loaded.sentences, loaded.docs, gazetteer)
    return loaded, detailed


def count(detailed, prefix, actor):
    return int(((detailed.doc_id.str.startswith(prefix)) & (detailed.actor == actor)).sum())


def test_seed_004_army_chief_is_only_named_by_his_title(seed):
    _, detailed = seed
    munir = detailed.loc[detailed.doc_id.str.startswith("004") & (detailed.actor == "Asim Munir")]
    # "Pakistan’s Chief of Army Staff" is the one reference to him in the op-ed.
    assert munir["text"].tolist() == ["Pakistan’s Chief of Army Staff"]
    assert munir["resolution"].tolist() == ["role"]
    # "U.S. President Donald Trump" and "President Trump’s offer".
    assert count(detailed, "004", "Donald Trump") == 2


def test_seed_002_roles_resolve_to_the_2023_office_holders(seed):
    _, detailed = seed
    # Munir: "Chief of Army Staff (COAS) General Asim Munir's", "the Chief of Army Staff, Gen Asim Munir",
    # "Pakistan’s army chief", "the army chief was to hold", "the army chief’s trip", "COAS Gen Asim".
    assert count(detailed, "002", "Asim Munir") == 6
    # "the US Secretary of State, Antony Blinken" and the bare "US Secretary of State" at the end.
    assert count(detailed, "002", "Antony Blinken") == 2
    assert count(detailed, "002", "Lloyd Austin") == 2
    assert count(detailed, "002", "Jake Sullivan") == 1
    assert count(detailed, "002", "Marco Rubio") == 0 and count(detailed, "002", "Donald Trump") == 0


def test_seed_2025_pieces_resolve_the_same_roles_to_trump_and_rubio(seed):
    _, detailed = seed
    roles = detailed.loc[detailed.doc_id.str.startswith("000") & (detailed.resolution == "role")]
    assert dict(zip(roles["text"], roles["actor"], strict=True)) == {
        "army chief": "Asim Munir",
        "US president": "Donald Trump",
        "president": "Donald Trump",
    }
    assert count(detailed, "000", "Marco Rubio") == 1  # "Secretary of State Marco Rubio"
    assert count(detailed, "003", "Marco Rubio") == 3  # full name, "Secretary Rubio", "Dar-Rubio"


def test_seed_000_and_001_counts(seed):
    _, detailed = seed
    # Read from the text: 17 references to Munir in the Al Jazeera piece (name, surname, "the
    # army chief", "Field Marshal Munir"), 15 to Trump (the Trump administration is counted apart).
    assert count(detailed, "000", "Asim Munir") == 17
    assert count(detailed, "000", "Donald Trump") == 15
    assert count(detailed, "000", "Trump administration") == 2
    # 001: "Field Marshal Asim Munir" twice, "Field Marshal Munir" twice, "the COAS" once.
    assert count(detailed, "001", "Asim Munir") == 5
    assert count(detailed, "001", "Donald Trump") == 4
    # 003: "President Trump" seven times, "U.S. President Donald Trump", "Trump’s return", "the Trump
    # swearing-in", "relationship with Trump".
    assert count(detailed, "003", "Donald Trump") == 11


def test_seed_every_named_person_is_in_the_gazetteer(seed, gazetteer):
    _, detailed = seed
    people = set(detailed.loc[detailed.actor_type == "person", "actor"])
    expected = {
        "Asim Munir", "Donald Trump", "Marco Rubio", "Steve Witkoff", "Asim Malik", "Marvin Weinbaum",
        "Elizabeth Threlkeld", "Sahar Khan", "Muhammad Faisal", "Shehbaz Sharif", "Mohammad Bagheri", "Joe Biden",
        "Bilawal Bhutto Zardari", "Antony Blinken", "Lloyd Austin", "Thomas West", "Jalil Abbas Jilani",
        "Asif Durrani", "Aftab Akbar Durrani", "Ishaq Dar", "Michael Kurilla", "Osama bin Laden", "Raymond Davis",
        "Imran Khan", "Mohammad Sharifullah", "Jake Sullivan",
    }  # fmt: skip
    assert expected <= people


def test_timeline_and_keyword_in_context(gazetteer):
    docs, _, sentences = frames(
        ("a", "The US president spoke.", "2023-12-14"),
        ("b", "The US president spoke. Trump smiled.", "2025-06-20"),
    )
    mentions = actors.find_mentions(sentences, docs, gazetteer)
    table = tables.timeline(mentions, docs, ["Donald Trump", "Joe Biden"])
    rows = table.assign(period=table["period"].dt.strftime("%Y-%m")).values.tolist()
    assert rows == [
        ["2023-12", "Donald Trump", 0, 4, 0.0],
        ["2023-12", "Joe Biden", 1, 4, 250.0],
        ["2025-06", "Donald Trump", 2, 6, 333.333],
        ["2025-06", "Joe Biden", 0, 6, 0.0],
    ]
    docs, _, sentences = frames(("a", "Asim Munir met Donald Trump.", "2025-06-20"))
    kwic = tables.keyword_in_context(actors.find_mentions(sentences, docs, gazetteer), docs, ["Donald Trump"], width=10)
    assert kwic[["left", "match", "right"]].values.tolist() == [["Munir met ", "Donald Trump", "."]]
