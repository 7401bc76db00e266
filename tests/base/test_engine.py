"""Partition-wise work gives the same tables on every engine."""

from __future__ import annotations

import pandas as pd
import pytest

from helpers import corpus
from helpers.engine import Engine, document_starts, map_documents, map_partitions, partitions
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


def test_partition_rows_count_documents_when_rows_share_a_document():
    sentences = pd.DataFrame({"doc_id": [f"d{i // 3}" for i in range(12)]})  # 4 documents, 3 sentences each
    sizes = map_partitions(row_count, sentences, Engine(partition_rows=2, workers=1), key="doc_id")
    assert sizes == [6, 6]
    assert map_partitions(row_count, sentences, Engine(partition_rows=2, workers=1)) == [2] * 6  # no key: rows


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
    here = corpus.load_corpus(seed_dir, engine=Engine(partition_rows=1, workers=1))
    forked = corpus.load_corpus(seed_dir, engine=Engine(partition_rows=1, workers=2))
    assert_same_corpus(here, forked)


@pytest.mark.slow
def test_dask_engine_gives_the_same_corpus(seed_dir):
    pytest.importorskip("dask.distributed")
    pandas_engine = corpus.load_corpus(seed_dir, engine=Engine(partition_rows=2, workers=1))
    dask_engine = corpus.load_corpus(seed_dir, engine=Engine(kind="dask", partition_rows=2, workers=1))
    assert_same_corpus(pandas_engine, dask_engine)


@pytest.mark.slow
def test_a_run_on_the_dask_engine_writes_the_same_tables(tmp_path):
    pytest.importorskip("dask.distributed")
    import hashlib

    from helpers.paths import CONFIG_DIR
    from helpers.run import runner

    def tables(folder):
        return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted((folder / "tables").glob("*.csv"))}

    quiet = {"echo": lambda *_: None}
    on_pandas, _ = runner.run(CONFIG_DIR / "seed.yml", only=["corpus"], out=tmp_path / "pandas", **quiet)
    settings = ["engine=dask", "dask.workers=1", "dask.partition_rows=2", "cache=false"]
    on_dask, results = runner.run(CONFIG_DIR / "seed.yml", settings, only=["corpus"], out=tmp_path / "dask", **quiet)
    assert [result.status for result in results] == ["ok"]
    assert tables(on_dask) == tables(on_pandas)


def describe(parts: dict[str, pd.DataFrame]) -> dict[str, list]:
    return {name: list(zip(frame["doc_id"], frame["n"], strict=True)) for name, frame in parts.items()}


def test_map_documents_hands_each_partition_the_rows_of_the_same_documents():
    docs = pd.DataFrame({"doc_id": ["a", "b", "c"], "n": [0, 1, 2]})
    # Rows out of document order, one row of a document not listed ("x"), and a document ("c") without rows.
    rows = pd.DataFrame({"doc_id": ["b", "a", "x", "b", "a"], "n": [5, 9, 0, 4, 7]})
    frames = {"docs": docs, "rows": rows}
    whole = map_documents(describe, frames, ["a", "b", "c"], None)
    assert whole == [{"docs": [("a", 0), ("b", 1), ("c", 2)], "rows": [("a", 9), ("a", 7), ("b", 5), ("b", 4)]}]
    by_n = map_documents(describe, frames, ["a", "b", "c"], None, within={"rows": "n"})
    assert by_n[0]["rows"] == [("a", 7), ("a", 9), ("b", 4), ("b", 5)]
    split = map_documents(describe, frames, ["c", "a", "b"], Engine(partition_rows=2, workers=1))
    assert split == [
        {"docs": [("c", 2), ("a", 0)], "rows": [("a", 9), ("a", 7)]},
        {"docs": [("b", 1)], "rows": [("b", 5), ("b", 4)]},
    ]


def test_map_documents_in_worker_processes_matches_one_process():
    docs = pd.DataFrame({"doc_id": [f"d{i}" for i in range(9)], "n": range(9)})
    rows = pd.DataFrame({"doc_id": [f"d{i % 9}" for i in range(30)], "n": range(30)})
    frames = {"docs": docs, "rows": rows}
    here = map_documents(describe, frames, docs["doc_id"], Engine(partition_rows=2, workers=1))
    forked = map_documents(describe, frames, docs["doc_id"], Engine(partition_rows=2, workers=2))
    assert len(here) == 5 and forked == here
    assert here[0]["rows"] == [
        ("d0", 0),
        ("d0", 9),
        ("d0", 18),
        ("d0", 27),
        ("d1", 1),
        ("d1", 10),
        ("d1", 19),
        ("d1", 28),
    ]


def test_document_starts_gives_each_documents_rows():
    rows = pd.DataFrame({"doc_id": ["a", "a", "c", "c", "c"]})
    assert document_starts(["a", "b", "c"], rows).tolist() == [0, 2, 2, 5]


def test_progress_shows_in_a_jupyter_kernel_unless_the_runner_silences_it(monkeypatch):
    import io
    import sys
    import types

    from helpers.engine import progress

    class ZMQInteractiveShell:  # what a JupyterLab kernel's get_ipython() returns
        pass

    def shown() -> bool:
        bar = progress(range(5), 5, "steps")
        enabled = not bar.disable
        bar.close()
        return enabled

    monkeypatch.setattr(sys, "stderr", io.StringIO())  # not a terminal
    monkeypatch.delenv("NEWSFRAMES_PROGRESS", raising=False)
    assert not shown()  # no terminal, no kernel: nobody is watching
    monkeypatch.setitem(sys.modules, "IPython", types.SimpleNamespace(get_ipython=ZMQInteractiveShell))
    assert shown()
    monkeypatch.setenv("NEWSFRAMES_PROGRESS", "0")  # set by the runner in the kernels it starts
    assert not shown()


def test_partition_size_spreads_a_small_corpus_over_the_dask_workers():
    from helpers.engine import documents_per_partition

    assert documents_per_partition(Engine(partition_rows=2000), 5) == 2000  # pandas: as set
    assert documents_per_partition(Engine(kind="dask", partition_rows=2000), 5) == 3  # two partitions at least
    assert documents_per_partition(Engine(kind="dask", partition_rows=2000, workers=4), 5) == 2
    assert documents_per_partition(Engine(kind="dask", partition_rows=2, workers=2), 100) == 2  # never more than set


@pytest.mark.slow
def test_the_seed_corpus_runs_on_the_dask_workers_with_default_partitions(seed_dir):
    pytest.importorskip("dask.distributed")
    import os

    from helpers.engine import map_partitions

    docs = corpus.load_corpus(seed_dir).docs
    pids = map_partitions(lambda part: (os.getpid(), len(part)), docs, Engine(kind="dask", workers=2))
    assert len(pids) == 2 and sum(size for _, size in pids) == 5
    assert all(pid != os.getpid() for pid, _ in pids)  # computed by the workers, not here
