"""Within a story, terms and frame shares that rest on one or two documents are flagged."""

from __future__ import annotations

import numpy as np
import pandas as pd

from helpers.stories import tables, terms


def test_story_terms_count_the_documents_that_use_each_term():
    docs = pd.DataFrame(
        {"doc_id": ["a1", "a2", "a3", "b1"],
         "text": ["tariffs tariffs tariffs exporters", "exporters", "exporters", "floods floods floods"]}
    )  # fmt: skip
    stories = pd.DataFrame({"doc_id": docs["doc_id"], "story": 1})
    groups = pd.DataFrame({"doc_id": docs["doc_id"], "source": ["A", "A", "A", "B"]})
    table = terms.story_terms(docs, stories, groups, [1], min_count=3).set_index(["source", "term"])
    assert table.loc[("A", "tariffs"), ["count", "documents", "few_documents"]].tolist() == [3, 1, True]
    assert table.loc[("A", "exporters"), ["count", "documents", "few_documents"]].tolist() == [3, 3, False]
    assert table.loc[("B", "floods"), ["count", "documents", "few_documents"]].tolist() == [3, 1, True]


def test_the_frame_matrix_marks_few_documents_and_a_missing_interval():
    frames = pd.DataFrame(
        {"story": 1, "source": ["A", "B"], "label": "Trade", "share": [0.5, 0.25], "ci_low": [np.nan, 0.1],
         "ci_high": [np.nan, 0.4], "few_documents": [True, False]}
    )  # fmt: skip
    matrix = tables.frame_matrix(frames, 1, "source")
    assert matrix.to_dict("records") == [{"frame": "Trade", "A": "50% (no interval)*", "B": "25% (10–40)"}]
