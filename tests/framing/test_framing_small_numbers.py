"""Frame shares, distinctive terms and tone that rest on one or two documents are flagged; one
sentence gets no interval, and the charts say so."""

from __future__ import annotations

import numpy as np
import pandas as pd

from helpers.charts import FEW_LEGEND, NO_INTERVAL_LEGEND
from helpers.framing import codebook, distinctive, tone

CODEBOOK = (
    codebook.Frame("trade", "Trade", "", ("trade",)),
    codebook.Frame("conflict", "Conflict", "", ("conflict",)),
)


def frame_table() -> pd.DataFrame:
    # X: three documents, only x1 has a trade sentence. Y: three documents, each with one.
    docs = ["x1", "x2", "x3", "y1", "y2", "y3"]
    sentences = pd.DataFrame(
        [{"doc_id": d, "sentence_id": f"{d}/s{n}", "sentence": n, "text": ""} for d in docs for n in range(2)]
    )
    groups = pd.DataFrame({"doc_id": docs, "source": ["X"] * 3 + ["Y"] * 3})
    carrying = ["x1/s0", "y1/s0", "y2/s1", "y3/s0"]
    hits = pd.DataFrame(
        {"doc_id": [s.split("/")[0] for s in carrying], "sentence_id": carrying, "frame": "trade",
         "indicators": "trade", "matches": 1}
    )  # fmt: skip
    return codebook.frame_shares(sentences, groups, hits, CODEBOOK, [("X", "rest"), ("Y", "rest")], n_boot=100)


def test_frame_shares_count_the_documents_behind_each_share():
    table = frame_table().set_index(["source", "frame"])
    assert table.loc[("X", "trade"), ["share", "frame_docs", "few_documents"]].tolist() == [0.1667, 1, True]
    assert table.loc[("Y", "trade"), ["share", "frame_docs", "few_documents"]].tolist() == [0.5, 3, False]
    # No sentence carries the frame in three documents: a zero that rests on all three.
    assert table.loc[("X", "conflict"), ["share", "frame_docs", "few_documents"]].tolist() == [0.0, 0, False]


def test_the_heatmap_marks_a_share_from_one_document():
    figure = codebook.plot_frame_shares(frame_table())
    cells = [text.get_text() for text in figure.axes[0].texts]
    assert cells[0].startswith("17%*\n") and cells[2].startswith("50%\n")  # X trade, Y trade
    assert [text.get_text() for text in figure.texts] == [FEW_LEGEND]


def test_leading_terms_used_by_one_or_two_documents_are_flagged():
    docs = pd.DataFrame(
        {"doc_id": ["a1", "a2", "a3", "b1", "b2", "b3"],
         "text": ["tariffs tariffs tariffs talks", "talks", "talks", "talks floods", "floods", "floods"]}
    )  # fmt: skip
    groups = pd.DataFrame({"doc_id": docs["doc_id"], "source": ["A"] * 3 + ["B"] * 3})
    top = pd.DataFrame(
        [("A", "tariffs", 3.0, "group"), ("A", "talks", 1.0, "group"), ("A", "floods", -2.0, "rest"),
         ("B", "tariffs", -2.0, "rest"), ("B", "floods", 3.0, "group")],
        columns=["source", "term", "z", "side"],
    ).assign(against="rest")  # fmt: skip
    flagged = distinctive.flag_few_documents(top, docs, groups)
    # tariffs: a1 only; talks: a1–a3; floods for A's rest: b1–b3; tariffs for B's rest: a1 only.
    assert flagged["few_documents"].tolist() == [True, False, False, True, False]
    figure = distinctive.plot_terms(flagged.assign(ngram=1))
    words = sorted(text.get_text() for axes in figure.axes for text in axes.texts)
    assert words == ["floods", "floods", "talks", "tariffs *", "tariffs *"]
    assert FEW_LEGEND in [text.get_text() for text in figure.texts]


def test_tone_of_one_sentence_has_no_interval_and_the_chart_says_so():
    tones = pd.DataFrame(
        {"doc_id": ["a", "b", "b", "c", "d", "e", "f", "g"],
         "sentence_id": ["a/s0", "b/s0", "b/s1", "c/s0", "d/s0", "e/s0", "f/s0", "g/s0"],
         "compound": [0.5, -0.2, 0.4, 0.1, 0.3, -0.1, 0.0, 0.2]}
    )  # fmt: skip
    groups = pd.DataFrame({"doc_id": list("abcdefg"), "source": ["One", "Two", "Two", "Many", "Many", "Many", "Many"]})
    table = tone.group_tone(tones, groups, n_boot=100).set_index("source")
    assert np.isnan(table.loc["One", "ci_low"]) and table.loc["One", "few_documents"]
    assert table.loc["Two", "ci_low"] < table.loc["Two", "ci_high"] and table.loc["Two", "few_documents"]
    assert not table.loc["Many", "few_documents"]  # four documents
    figure = tone.plot_group_tone(table.reset_index())
    counts = sorted(text.get_text().strip() for text in figure.axes[0].texts)
    assert counts == ["n = 1*", "n = 3*", "n = 4"]  # b and c are Two: two documents, three sentences
    assert [text.get_text() for text in figure.texts] == [f"{FEW_LEGEND}; {NO_INTERVAL_LEGEND}"]
