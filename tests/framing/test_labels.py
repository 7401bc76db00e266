"""Label variants per group."""

import pandas as pd
import pytest

from helpers.errors import InputError
from helpers.framing import labels

LIST = """
concepts:
  kashmir:
    description: How the region is named.
    variants:
      occupied: [Indian-occupied Kashmir, IIOJK]
      plain: [Kashmir]
"""


def test_the_longest_spelling_wins_and_shares_are_per_group(tmp_path):
    path = tmp_path / "labels.yml"
    path.write_text(LIST, encoding="utf-8")
    concepts = labels.load_labels(path)
    sentences = pd.DataFrame(
        {
            "doc_id": ["a", "a", "b"],
            "sentence_id": ["a/s0", "a/s1", "b/s0"],
            "sentence": [0, 1, 0],
            "text": ["Strikes in Indian-occupied Kashmir.", "Kashmir and IIOJK again.", "Talks on Kashmir."],
        }
    )
    groups = pd.DataFrame({"doc_id": ["a", "b"], "source": ["A", "B"]})
    found = labels.find_labels(sentences, groups, concepts)
    assert sorted(found["matched"]) == ["IIOJK", "Indian-occupied Kashmir", "Kashmir", "Kashmir"]
    counts = labels.count_labels(found, concepts, groups).set_index(["variant", "source"])
    assert counts.loc[("occupied", "A"), ["mentions", "docs", "concept_mentions"]].tolist() == [2, 1, 3]
    assert counts.loc[("plain", "A"), "variant_share"] == pytest.approx(1 / 3, abs=1e-4)
    assert counts.loc[("occupied", "B"), "mentions"] == 0 and counts.loc[("plain", "B"), "variant_share"] == 1


def test_the_shipped_list_is_generic_and_the_seed_list_is_its_own_file(tmp_path):
    generic = {c.key for c in labels.load_labels()}
    assert {"immigrants", "estate_tax", "street_unrest"} <= generic and "kashmir" not in generic
    assert "kashmir" in {c.key for c in labels.load_labels("config/labels/us_pakistan.yml")}


CONTEXT_LIST = """
concepts:
  conflict:
    context: [india*, pakistan*]
    variants:
      standoff: [standoff]
      flare-up: {spellings: [flare-up], context: [border]}
  other:
    variants:
      plain: [standoff]
"""


def test_a_label_with_context_words_matches_only_with_them(tmp_path):
    path = tmp_path / "labels.yml"
    path.write_text(CONTEXT_LIST, encoding="utf-8")
    concepts = labels.load_labels(path)
    texts = [
        "The standoff between India and Pakistan eased.",  # conflict: standoff (context india*)
        "A standoff between Congress and the Attorney General.",  # conflict: none; other: plain
        "A flare-up on the border.",  # flare-up: its own context (border), not the concept's
        "A flare-up of an infection in Pakistan.",  # flare-up: no "border", so no match
    ]
    sentences = pd.DataFrame(
        {"doc_id": ["a"] * 4, "sentence_id": [f"a/s{n}" for n in range(4)], "sentence": range(4), "text": texts}
    )
    found = labels.find_labels(sentences, pd.DataFrame({"doc_id": ["a"], "source": ["A"]}), concepts)
    assert sorted(zip(found["concept"], found["variant"], found["sentence_id"])) == [
        ("conflict", "flare-up", "a/s2"),
        ("conflict", "standoff", "a/s0"),
        ("other", "plain", "a/s0"),
        ("other", "plain", "a/s1"),
    ]


def test_a_malformed_context_is_named(tmp_path):
    path = tmp_path / "bad.yml"
    path.write_text("concepts:\n  c:\n    variants:\n      v: {words: [x]}\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"concepts.c.variants.v: a variant written as a mapping takes 'spellings'"):
        labels.load_labels(path)
    path.write_text("concepts:\n  c:\n    context: 3\n    variants:\n      v: [x]\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"concepts.c.context: expected a list of words"):
        labels.load_labels(path)


def test_a_bad_entry_is_named(tmp_path):
    path = tmp_path / "bad.yml"
    path.write_text("concepts:\n  kashmir:\n    variants:\n      plain: ['*']\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"bad.yml: concepts.kashmir.variants.plain: spelling"):
        labels.load_labels(path)


def test_distinctive_variants_are_used_by_one_group_of_several_naming_the_concept():
    counts = pd.DataFrame(
        [
            ("kashmir", "occupied", "A", 2),
            ("kashmir", "occupied", "B", 0),
            ("kashmir", "plain", "A", 1),
            ("kashmir", "plain", "B", 1),
            ("pahalgam", "incident", "A", 1),  # only A names Pahalgam at all: nothing to contrast
            ("pahalgam", "incident", "B", 0),
        ],
        columns=["concept", "variant", "source", "mentions"],
    )
    assert labels.distinctive_variants(counts).values.tolist() == [["kashmir", "occupied", "A", 2]]


def test_naming_looks_at_each_sentence_alone():
    texts = pd.Series(["Indian-occupied", "Kashmir today", None, "about IIOJK", "iiojks", "no"])
    # "Indian-occupied Kashmir" would need two sentences; "Kashmir" starts one; "iiojks" is another word.
    found = labels.naming(texts, ["Indian-occupied Kashmir", "IIOJK", "Kashmir"])
    assert found.tolist() == [False, True, False, True, False, False]


def test_labels_across_a_sentence_boundary_are_not_found(tmp_path):
    path = tmp_path / "labels.yml"
    path.write_text(LIST, encoding="utf-8")
    concepts = labels.load_labels(path)
    sentences = pd.DataFrame(
        {
            "doc_id": ["a", "a", "a"],
            "sentence_id": ["a/s0", "a/s1", "a/s2"],
            "sentence": [0, 1, 2],
            "text": ["They spoke of Indian-occupied", "Kashmir.", "KASHMIR and iiojk"],
        }
    )
    groups = pd.DataFrame({"doc_id": ["a"], "source": ["A"]})
    found = labels.find_labels(sentences, groups, concepts)
    assert found[["variant", "sentence_id", "matched"]].values.tolist() == [
        ["occupied", "a/s2", "iiojk"],
        ["plain", "a/s1", "Kashmir"],
        ["plain", "a/s2", "KASHMIR"],
    ]
