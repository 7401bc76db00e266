"""Partition-wise work gives the same tables on every engine."""

from __future__ import annotations

import pandas as pd
import pytest

from helpers import corpus
from helpers.engine import Engine, map_partitions, partitions
from helpers.errors import InputError


def test_partitions_never_split_a_document():
    frame = pd.DataFrame({"doc_id": list("aaabbbbcdd"), "n": range(10)})
    parts = partitions(frame, 3, key="doc_id")
    assert [part["doc_id"].tolist() for part in parts] == [list("aaa"), list("bbbb"), list("cdd")]
    assert [len(part) for part in partitions(frame, 4)] == [4, 4, 2]


def row_count(part: pd.DataFrame) -> int:
    return len(part)


def test_worker_processes_return_results_in_order():
    frame = pd.DataFrame({"doc_id": [f"d{i:02d}" for i in range(10)]})
    one = map_partitions(row_count, frame, Engine(partition_rows=3, workers=1))
    two = map_partitions(row_count, frame, Engine(partition_rows=3, workers=2))
    assert one == two == [3, 3, 3, 1]


def test_engine_settings_are_checked():
    assert Engine.from_settings("dask", {"address": "tcp://127.0.0.1:8786"}).address == "tcp://127.0.0.1:8786"
    with pytest.raises(InputError, match="dask: unknown key.*adress"):
        Engine.from_settings("dask", {"adress": "x"})
    with pytest.raises(InputError, match="dask.partition_rows must be a whole number ≥ 1"):
        Engine.from_settings("dask", {"partition_rows": 0})
    with pytest.raises(InputError, match="engine 'spark'"):
        Engine.from_settings("spark")


def assert_same_corpus(left: corpus.Corpus, right: corpus.Corpus) -> None:
    for part in ("docs", "paragraphs", "sentences", "cleaning_log", "warnings", "near_duplicates"):
        pd.testing.assert_frame_equal(
            left.part(part).reset_index(drop=True), right.part(part).reset_index(drop=True), check_dtype=False
        )


def test_loading_in_worker_processes_matches_loading_here(seed_dir):
    here = corpus.load(seed_dir, engine=Engine(partition_rows=1, workers=1))
    forked = corpus.load(seed_dir, engine=Engine(partition_rows=1, workers=2))
    assert_same_corpus(here, forked)


@pytest.mark.slow
def test_dask_engine_gives_the_same_corpus(seed_dir):
    pytest.importorskip("dask.distributed")
    pandas_engine = corpus.load(seed_dir, engine=Engine(partition_rows=2, workers=1))
    dask_engine = corpus.load(seed_dir, engine=Engine(kind="dask", partition_rows=2, workers=1))
    assert_same_corpus(pandas_engine, dask_engine)
