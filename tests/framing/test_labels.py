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


def test_the_shipped_list_loads_and_a_bad_entry_is_named(tmp_path):
    assert any(c.key == "kashmir" for c in labels.load_labels())
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
