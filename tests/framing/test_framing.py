"""Groups, comparisons, bootstrap intervals and the contrast paragraph."""

import numpy as np
import pandas as pd
import pytest

from helpers import bootstrap, compare
from helpers.errors import InputError
from helpers.framing import parameters, summary


def test_groups_by_any_document_column_and_fills_blanks():
    docs = pd.DataFrame({"doc_id": ["a", "b", "c"], "source": ["X", "Y", "Z"], "bias": ["left", "", "right"],
                         "text": ["", "", ""]})  # fmt: skip
    groups = compare.doc_groups(docs, "bias")
    assert groups.columns.tolist() == ["doc_id", "bias"]  # the group column is named after the grouping
    assert groups["bias"].tolist() == ["left", compare.NOT_GIVEN, "right"]
    assert compare.group_column(groups) == "bias"
    with pytest.raises(InputError, match="'colour' is not a document column.*source, bias"):
        compare.doc_groups(docs, "colour")
    with pytest.raises(InputError, match="'text'"):
        compare.doc_groups(docs, "text")


def test_an_impossible_comparison_names_the_groups_there_are():
    groups = pd.DataFrame({"doc_id": ["a", "b"], "source": ["Al Jazeera", "Dawn"]})
    with pytest.raises(InputError, match=r"focus: no source called 'CNN'.*'Al Jazeera', 'Dawn'"):
        compare.check_comparison(groups, compare.Comparison(focus="CNN"))
    with pytest.raises(InputError, match="reference: set focus too"):
        compare.check_comparison(groups, compare.Comparison(reference="Dawn"))
    with pytest.raises(InputError, match="both 'Dawn'"):
        compare.check_comparison(groups, compare.Comparison(focus="Dawn", reference="Dawn"))
    assert compare.check_comparison(groups, compare.Comparison()) == [("Al Jazeera", "rest"), ("Dawn", "rest")]
    assert compare.comparison_problem(groups, compare.Comparison()) == ""


def test_rows_are_placed_in_their_group_and_sentence_as_a_merge_places_them():
    groups = pd.DataFrame({"doc_id": ["b", "a", "c"], "bias": ["right", "left", "center"]})
    sentences = pd.DataFrame({"doc_id": ["a", "a", "b", "x"], "sentence_id": ["a/0", "a/1", "b/0", "x/0"],
                              "text": ["one", "two", "three", "four"]})  # fmt: skip
    # x has no group; "b/0" is said to be in a, which it is not.
    rows = pd.DataFrame(
        {"doc_id": ["b", "x", "a", "a"], "sentence_id": ["b/0", "x/0", "a/1", "b/0"], "n": [1, 2, 3, 4]}
    )
    pd.testing.assert_frame_equal(compare.with_groups(rows, groups), rows.merge(groups, on="doc_id"))
    merged = rows.merge(sentences, on=["doc_id", "sentence_id"])
    pd.testing.assert_frame_equal(compare.with_sentence_columns(rows, sentences), merged)
    assert compare.positions(groups["doc_id"], pd.Series(["c", "z", "b"])).tolist() == [2, -1, 0]
    assert compare.positions(pd.Series(["a", "a"]), pd.Series(["a"])) is None  # a repeated key: no positions
    twice = pd.concat([groups, groups.head(1)], ignore_index=True)  # b in two groups: as a merge gives it
    pd.testing.assert_frame_equal(compare.with_groups(rows, twice), rows.merge(twice, on="doc_id"))


def rows_for(values_per_doc: dict[str, list[float]], source: str = "S") -> pd.DataFrame:
    return pd.DataFrame(
        [{"source": source, "doc_id": doc, "value": v} for doc, values in values_per_doc.items() for v in values]
    )


def test_bootstrap_contains_the_estimate_and_repeats_under_the_same_seed():
    # 6 documents: the document bootstrap applies. Mean of the 12 values = 6/12 = 0.5.
    rows = rows_for({"d1": [1, 1], "d2": [1, 0], "d3": [0, 0], "d4": [1, 1], "d5": [0, 1], "d6": [0, 0]})
    first = bootstrap.bootstrap_means(rows, ["source"], ["value"], n_boot=500, random_state=7)
    again = bootstrap.bootstrap_means(rows, ["source"], ["value"], n_boot=500, random_state=7)
    row = first.iloc[0]
    assert row["estimate"] == pytest.approx(0.5)
    assert row["ci_low"] <= 0.5 <= row["ci_high"] and row["ci_low"] < row["ci_high"]
    # Document means are 0, 0.5 or 1, so no resample can leave [0, 1]; with 6 documents it is wider than a point.
    assert 0 <= row["ci_low"] and row["ci_high"] <= 1
    assert row["ci_unit"] == "document" and row["docs"] == 6 and row["sentences"] == 12
    pd.testing.assert_frame_equal(first, again)


def test_bootstrap_falls_back_to_sentences_for_few_documents_and_is_exact_for_constant_values():
    rows = rows_for({"d1": [1, 0, 0, 0]})
    table = bootstrap.bootstrap_means(rows, ["source"], ["value"], n_boot=200, random_state=0)
    assert table["ci_unit"].iloc[0] == "sentence" and table["estimate"].iloc[0] == pytest.approx(0.25)
    assert table["ci_low"].iloc[0] <= 0.25 <= table["ci_high"].iloc[0]
    constant = bootstrap.bootstrap_means(rows_for({f"d{n}": [0.3, 0.3] for n in range(6)}), ["source"], ["value"])
    assert constant[["estimate", "ci_low", "ci_high"]].to_numpy() == pytest.approx(np.array([[0.3, 0.3, 0.3]]))


def test_a_group_interval_does_not_change_when_another_group_is_added():
    a = rows_for({"d1": [1, 0, 1], "d2": [0]}, "A")
    b = rows_for({"e1": [1, 1]}, "B")
    alone = bootstrap.bootstrap_means(a, ["source"], ["value"], n_boot=300, random_state=3)
    together = bootstrap.bootstrap_means(pd.concat([a, b]), ["source"], ["value"], n_boot=300, random_state=3)
    pd.testing.assert_frame_equal(alone, together[together["source"] == "A"].reset_index(drop=True))


def frames_table(**changes) -> pd.DataFrame:
    row = {"source": "Daily The Patriot", "frame": "trade", "label": "Trade and investment", "share": 0.34,
           "ci_low": 0.20, "ci_high": 0.48, "sentences": 23, "frame_sentences": 8, "docs": 1,
           "ci_unit": "sentence", "against": "rest", "rest_share": 0.12} | changes  # fmt: skip
    return pd.DataFrame([row])


def test_the_contrast_paragraph_names_a_contrast_with_its_numbers():
    tone = pd.DataFrame({"source": ["A", "B"], "tone": [0.30, -0.20], "ci_low": [0.2, -0.3], "ci_high": [0.4, -0.1]})
    terms = pd.DataFrame(
        {"source": ["A", "A"], "term": ["tariffs", "rain"], "ngram": [1, 1], "count": [9, 0], "rest_count": [1, 7],
         "z": [3.14, -2.0]}
    )  # fmt: skip
    text = summary.contrast_summary(frames_table(), terms, tone)
    assert (
        "Daily The Patriot uses the trade and investment frame in 34% of its sentences (CI 20–48%, 23 sentences), "
        "against 12% in the rest." in text
    )
    assert "A: “tariffs” (z = 3.1)" in text and "rain" not in text
    narrow = summary.contrast_summary(
        frames_table(share=0.0812, ci_low=0.0795, ci_high=0.0831, rest_share=0.062, sentences=520495), terms, tone
    )
    assert "in 8.1% of its sentences (CI 8.0–8.3%, 520,495 sentences), against 6.2% in the rest" in narrow
    assert "highest in A (0.30, CI 0.20 to 0.40) and lowest in B (-0.20" in text and "overlap" not in text


def test_the_contrast_paragraph_says_when_no_difference_clears_its_interval():
    inside = frames_table(rest_share=0.30)  # 30% lies inside 20–48%
    empty = pd.DataFrame(columns=["source", "term", "z"])
    text = summary.contrast_summary(inside, empty, pd.DataFrame())
    assert "may be chance" in text and "uses the" not in text
    alone = frames_table(rest_share=np.nan, against="")
    assert "only one source" in summary.contrast_summary(alone, empty, pd.DataFrame())


def test_contrasts_need_an_interval_that_leaves_out_the_rest_and_has_width():
    table = pd.concat(
        [
            frames_table(),  # 12% outside 20–48%: a contrast, gap 0.22
            frames_table(frame="economic", share=0.0, ci_low=0.0, ci_high=0.0, rest_share=0.15),  # zero width
            frames_table(frame="conflict", share=0.5, ci_low=0.45, ci_high=0.55, rest_share=0.1),  # gap 0.4
            frames_table(frame="morality", rest_share=0.3),  # inside
        ]
    )
    contrasts = summary.frame_contrasts(table)
    assert contrasts["frame"].tolist() == ["conflict", "trade"]
    assert contrasts["gap"].tolist() == pytest.approx([0.4, 0.22])


class FakeCorpus:
    docs = pd.DataFrame({"doc_id": ["a", "b"], "source": ["Al Jazeera", "Dawn"], "kind": ["news", "news"]})


def test_parameters_are_checked_against_the_corpus_before_a_run(tmp_path):
    parameters.validate_parameters({"group_by": "source", "focus": "Dawn"}, FakeCorpus())
    with pytest.raises(InputError, match="no source called 'CNN'"):
        parameters.validate_parameters({"focus": "CNN"}, FakeCorpus())
    with pytest.raises(InputError, match="'bias' is not a document column"):
        parameters.validate_parameters({"group_by": "bias"}, FakeCorpus())
    with pytest.raises(InputError, match="prior_scale"):
        parameters.validate_parameters({"prior_scale": 0.0}, FakeCorpus())
    with pytest.raises(InputError, match="n_boot: 0 must be at least 1"):
        parameters.validate_parameters({"n_boot": 0}, FakeCorpus())
    with pytest.raises(InputError, match="mine.yml"):
        parameters.validate_parameters({"frames_file": str(tmp_path / "mine.yml")}, FakeCorpus())
