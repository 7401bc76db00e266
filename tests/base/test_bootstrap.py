"""The one bootstrap: seeded per group, resampling units, percentile intervals."""

import numpy as np
import pandas as pd
import pytest

from helpers import bootstrap


def test_each_group_has_its_own_generator():
    a = bootstrap.generator(3, "Dawn").integers(0, 1_000_000, 5)
    assert a.tolist() == bootstrap.generator(3, "Dawn").integers(0, 1_000_000, 5).tolist()
    assert a.tolist() != bootstrap.generator(3, "Al Jazeera").integers(0, 1_000_000, 5).tolist()
    assert a.tolist() != bootstrap.generator(4, "Dawn").integers(0, 1_000_000, 5).tolist()
    assert bootstrap.group_key(("left", "Trump")) == "left\x1fTrump" and bootstrap.group_key("left") == "left"


def test_replicates_are_ratios_of_resampled_sums():
    # Two units: sums (2, 0) over counts (2, 1). A resample takes each unit 0, 1 or 2 times: the
    # replicate is (2·w1) / (2·w1 + 1·w2), so only 0 (w1 = 0), 2/3 (one each) and 1 (w2 = 0) occur.
    replicates = bootstrap.replicate_means(
        np.array([[2.0], [0.0]]), np.array([2.0, 1.0]), bootstrap.generator(0, "x"), 500
    )
    assert set(np.round(replicates.ravel(), 6)) <= {0.0, 0.666667, 1.0}
    low, high = bootstrap.percentile_interval(replicates)
    assert low[0] == 0.0 and high[0] == 1.0


def test_document_means_hand_computed_with_no_interval_for_one_document():
    matrix = np.array([[1.0, 0.0], [0.0, 1.0], [0.5, 0.5], [0.2, 0.8]])
    labels = np.array(["B", "A", "A", None], dtype=object)  # the last document has no group
    names, mean, low, high, sizes = bootstrap.document_means(matrix, labels, n_boot=100, random_state=1)
    assert names == ["A", "B"] and sizes.tolist() == [2, 1]
    assert mean.tolist() == [[0.25, 0.75], [1.0, 0.0]]
    assert np.isnan(low[1]).all() and np.isnan(high[1]).all()  # B has one document
    assert (low[0] <= mean[0]).all() and (mean[0] <= high[0]).all()
    assert 0.0 <= low[0][0] and high[0][0] <= 0.5  # A's topic-1 share lies between its documents'


def test_bootstrap_means_says_what_it_resampled():
    rows = pd.DataFrame(
        {"group": ["g"] * 6, "doc_id": ["d1", "d1", "d2", "d3", "d4", "d5"], "value": [1, 0, 1, 1, 0, 0]}
    )
    by_docs = bootstrap.bootstrap_means(rows, ["group"], ["value"], n_boot=50, random_state=2, min_docs=5)
    by_sentences = bootstrap.bootstrap_means(rows, ["group"], ["value"], n_boot=50, random_state=2, min_docs=6)
    assert by_docs["ci_unit"].tolist() == ["document"] and by_sentences["ci_unit"].tolist() == ["sentence"]
    assert by_docs["estimate"].iloc[0] == pytest.approx(0.5) and by_docs["docs"].iloc[0] == 5
    assert by_docs["sentences"].iloc[0] == 6
    assert bootstrap.bootstrap_means(rows.iloc[0:0], ["group"], ["value"]).empty
