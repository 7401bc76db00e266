"""check --export: the cleaned, validated documents, in a file that loads back to the same corpus."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from helpers.cli import main
from helpers.corpus import load_corpus

ROWS = [
    {
        "id": "a1", "outlet": "Alpha Times", "date": "2024-01-05", "title": "Talks resume", "bias": "left",
        "text": "By Jane Roe\n\nThe two delegations met on Tuesday and agreed to resume the trade talks.\n\n"
        "Advertisement\n\nNegotiators will meet again next month, officials said.",
    },
    {
        "id": "b1", "outlet": "Beta Post", "date": "2024-03", "title": "Deal signed", "bias": "right",
        "text": "The agreement was signed in the capital after a year of work by both sides.",
    },
]  # fmt: skip


@pytest.fixture
def corpus_file(tmp_path):
    path = tmp_path / "in.jsonl"
    path.write_text("\n".join(json.dumps(row) for row in ROWS) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("name", ["out.jsonl", "out.jsonl.gz", "out.csv", "out.parquet"])
def test_export_round_trips(corpus_file, tmp_path, name, capsys):
    target = tmp_path / name
    assert (
        main(["check", str(corpus_file), "--column", "source=outlet", "--keep", "bias", "--export", str(target)]) == 0
    )
    assert f"exported 2 document(s) to {target}" in capsys.readouterr().out
    exported = load_corpus(target, keep=["bias"]).docs.set_index("doc_id")
    # what the export holds is the cleaned text: the byline and the advertisement are gone
    assert exported.loc["a1", "text"] == (
        "The two delegations met on Tuesday and agreed to resume the trade talks.\n\n"
        "Negotiators will meet again next month, officials said."
    )
    assert exported.loc["a1", "author"] == "Jane Roe" and exported.loc["b1", "date_precision"] == "month"
    original = load_corpus(corpus_file, columns={"source": "outlet"}, keep=["bias"]).docs.set_index("doc_id")
    columns = ["source", "date", "date_precision", "title", "author", "url", "bias", "text", "words"]
    pd.testing.assert_frame_equal(exported[columns], original[columns], check_dtype=False)


def test_a_bad_export_name_is_refused_before_reading(corpus_file, tmp_path, capsys):
    assert main(["check", str(corpus_file), "--column", "source=outlet", "--export", str(tmp_path / "out.xlsx")]) == 2
    err = capsys.readouterr().err
    assert "out.xlsx: cannot tell the format" in err and err.count("\n") == 1
    assert not (tmp_path / "out.xlsx").exists()


def test_the_export_never_overwrites_the_corpus(corpus_file, capsys):
    before = corpus_file.read_bytes()
    assert main(["check", str(corpus_file), "--column", "source=outlet", "--export", str(corpus_file)]) == 2
    assert "that is the corpus itself" in capsys.readouterr().err
    assert corpus_file.read_bytes() == before


def test_the_export_is_readable_like_any_new_file(corpus_file, tmp_path):
    import os
    import stat

    target = tmp_path / "out.jsonl"
    assert main(["check", str(corpus_file), "--column", "source=outlet", "--export", str(target)]) == 0
    mask = os.umask(0)
    os.umask(mask)
    assert stat.S_IMODE(target.stat().st_mode) == 0o666 & ~mask
