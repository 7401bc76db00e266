"""Shared tables: computed once, kept atomically, read back the same; parallel askers wait."""

import os
import threading
import time

import pandas as pd

from helpers.store import code_digest, digest, shared_table


def test_a_table_is_computed_once_and_read_back(tmp_path):
    calls = []

    def compute():
        calls.append(1)
        return pd.DataFrame({"a": [1, 2], "b": ["x", "y"]})

    first = shared_table(tmp_path, "t-1", compute)
    again = shared_table(tmp_path, "t-1", compute, columns=["b"])
    assert len(calls) == 1
    pd.testing.assert_frame_equal(first, pd.DataFrame({"a": [1, 2], "b": ["x", "y"]}))
    assert again.columns.tolist() == ["b"] and again["b"].tolist() == ["x", "y"]
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith(".")) == ["t-1.parquet"]
    assert not list(tmp_path.glob("*.partial"))


def test_without_a_folder_nothing_is_kept(tmp_path):
    calls = []
    for _ in range(2):
        shared_table("", "t", lambda: calls.append(1) or pd.DataFrame({"a": [1]}))
    assert len(calls) == 2


def test_two_notebooks_asking_at_once_compute_it_once(tmp_path):
    calls, results = [], []

    def slow():
        calls.append(1)
        time.sleep(0.3)
        return pd.DataFrame({"a": [7]})

    threads = [threading.Thread(target=lambda: results.append(shared_table(tmp_path, "t", slow))) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(calls) == 1 and [r["a"].tolist() for r in results] == [[7], [7]]


def test_keys_change_with_what_made_the_table(tmp_path):
    assert digest("corpus", "gazetteer") == digest("corpus", "gazetteer")
    assert digest("corpus", "gazetteer") != digest("corpusgazetteer")  # parts do not run together
    code = tmp_path / "code.py"
    code.write_text("x = 1\n")
    before = code_digest([code])
    code.write_text("x = 2\n")
    assert code_digest([code]) != before


def test_tables_computed_together_are_kept_together(tmp_path):
    from helpers.store import shared_tables

    calls = []

    def compute():
        calls.append(1)
        return {"stories": pd.DataFrame({"story": [1, 2]}), "summary": pd.DataFrame({"label": ["a"]})}

    first = shared_tables(tmp_path, "s-1", compute)
    again = shared_tables(tmp_path, "s-1", compute)
    assert len(calls) == 1 and sorted(again) == ["stories", "summary"]
    assert again["stories"]["story"].tolist() == [1, 2] and first["summary"]["label"].tolist() == ["a"]
    assert shared_tables(None, "s-1", compute)["stories"] is not None and len(calls) == 2


def test_an_object_is_computed_once_and_read_back(tmp_path, monkeypatch):
    from scipy import sparse

    from helpers import store
    from helpers.store import shared_object

    calls = []

    def compute():
        calls.append(1)
        return {"terms": ["a", "b"], "counts": sparse.csr_matrix([[1, 0], [2, 3]])}

    first = shared_object(tmp_path, "o-1", compute)
    again = shared_object(tmp_path, "o-1", compute)
    assert len(calls) == 1
    assert again["terms"] == ["a", "b"] and (again["counts"] != first["counts"]).nnz == 0
    assert again["counts"].toarray().tolist() == [[1, 0], [2, 3]]
    shared_object("", "o-1", compute)
    assert len(calls) == 2  # no folder: computed, not kept
    monkeypatch.setattr(store, "_library_versions", lambda: "upgraded")
    shared_object(tmp_path, "o-1", compute)
    assert len(calls) == 3  # another numpy or scikit-learn never reads what this one pickled


def _entry(folder, name, size, age_hours, now):
    path = folder / name
    path.write_bytes(b"x" * size)
    os.utime(path, (now - age_hours * 3600, now - age_hours * 3600))
    return path


def test_pruning_removes_the_least_recently_used_entries_down_to_the_budget(tmp_path):
    from helpers.store import prune_cache

    now = time.time()
    old, older = "t-0123456789abcdef.parquet", "o-0123456789abcdef-abc123.pickle"
    corpus, recent, this_run = (
        "corpus-0123456789abcdef-c5ed2614",
        "t-1111111111111111.parquet",
        "t-2222222222222222.parquet",
    )
    _entry(tmp_path, old, 400, 50, now)
    _entry(tmp_path, older, 300, 70, now)
    (tmp_path / corpus).mkdir()
    _entry(tmp_path / corpus, "docs.parquet", 500, 10, now)
    os.utime(tmp_path / corpus, (now - 10 * 3600, now - 10 * 3600))
    _entry(tmp_path, recent, 1000, 1, now)  # used an hour ago: another run may be reading it
    _entry(tmp_path, this_run, 2000, 0, now)
    _entry(tmp_path, "notes.txt", 5000, 100, now)  # not the package's: never touched
    _entry(tmp_path, ".stale-123.partial", 10, 30, now)
    # 4,200 bytes of entries; a budget of 3,500 removes the oldest (300) then the next (400): 3,500 left.
    assert prune_cache(tmp_path, 3500, now - 60) == (2, 700)
    kept = sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith("."))
    assert kept == sorted([corpus, recent, this_run, "notes.txt"])
    # A budget of nothing still keeps what was used in the last hours and by this run.
    assert prune_cache(tmp_path, 0, now - 60) == (1, 500)
    kept = sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith("."))
    assert kept == sorted([recent, this_run, "notes.txt"])


def test_pruning_leaves_an_entry_another_run_holds(tmp_path):
    from helpers.store import locked, prune_cache

    now = time.time()
    _entry(tmp_path, "t-0123456789abcdef.parquet", 100, 48, now)
    with locked(tmp_path / ".t-0123456789abcdef.lock"):
        result = [None]
        thread = threading.Thread(target=lambda: result.__setitem__(0, prune_cache(tmp_path, 0, now)))
        thread.start()
        thread.join()
    assert result[0] == (0, 0) and (tmp_path / "t-0123456789abcdef.parquet").exists()


def test_reading_an_entry_marks_it_used(tmp_path):
    from helpers.store import prune_cache

    shared_table(tmp_path, "t-0123456789abcdef", lambda: pd.DataFrame({"a": [1]}))
    old = time.time() - 48 * 3600
    os.utime(tmp_path / "t-0123456789abcdef.parquet", (old, old))
    started = time.time() - 1
    shared_table(tmp_path, "t-0123456789abcdef", lambda: pd.DataFrame({"a": [2]}))  # read back by this run
    assert prune_cache(tmp_path, 0, started) == (0, 0)


def test_the_cache_budget_is_read_from_the_environment(monkeypatch):
    import pytest

    from helpers.errors import InputError
    from helpers.store import cache_budget

    monkeypatch.delenv("NEWSFRAMES_CACHE_MAX_GB", raising=False)
    assert cache_budget() == 5 * 1024**3
    monkeypatch.setenv("NEWSFRAMES_CACHE_MAX_GB", "0.5")
    assert cache_budget() == 512 * 1024**2
    for bad in ("lots", "-1"):
        monkeypatch.setenv("NEWSFRAMES_CACHE_MAX_GB", bad)
        with pytest.raises(InputError, match="NEWSFRAMES_CACHE_MAX_GB"):
            cache_budget()
