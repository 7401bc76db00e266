"""Shared tables: computed once, kept atomically, read back the same; parallel askers wait."""

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
