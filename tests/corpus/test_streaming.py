"""corpus.limit and the source and date filters: applied as the rows are read, reading stops early."""

from __future__ import annotations

import gzip
import json

import pandas as pd
import pytest

from helpers import corpus
from helpers.corpus import readers
from helpers.errors import InputError

SOURCES = ["Alpha", "Beta", "Alpha", "Beta", "Alpha", "Beta"]
DATES = ["2024-01-05", "2024-02-10", "", "2024-04-01", "2024-05-03", "2024-06-30"]


def rows() -> list[dict]:
    return [
        {"source": source, "date": date, "text": f"Article number {number} reports on the trade talks in detail."}
        for number, (source, date) in enumerate(zip(SOURCES, DATES), 1)
    ]


def write_jsonl(path, lines: list[str]) -> None:
    opener = gzip.open if path.name.endswith(".gz") else open
    with opener(path, "wt", encoding="utf-8") as handle:
        handle.write("\n".join(lines) + "\n")


@pytest.mark.parametrize("name", ["corpus.jsonl", "corpus.jsonl.gz"])
def test_reading_stops_once_limit_documents_are_read(tmp_path, name, monkeypatch):
    monkeypatch.setattr(readers, "CHUNK_ROWS", 2)
    path = tmp_path / name
    write_jsonl(path, [json.dumps(row) for row in rows()] + ["{ this line is broken"])
    assert len(corpus.load_corpus(path, limit=4).docs) == 4  # the broken last line is never parsed
    with pytest.raises(InputError, match=r"line 7: not valid JSON"):
        corpus.load_corpus(path)


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "parquet"])
def test_limit_counts_the_documents_the_filters_keep(tmp_path, fmt):
    path = tmp_path / f"corpus.{fmt}"
    table = pd.DataFrame(rows())
    if fmt == "jsonl":
        write_jsonl(path, [json.dumps(row) for row in rows()])
    elif fmt == "csv":
        table.to_csv(path, index=False)
    else:
        table.to_parquet(path)
    docs = corpus.load_corpus(path, limit=2, include_sources=["Beta"]).docs
    # no id column: ids are the rows' numbers in the file, so the second and fourth rows keep theirs
    assert docs["doc_id"].tolist() == ["row000002", "row000004"]
    dated = corpus.load_corpus(path, limit=2, date_from="2024-02-01", date_to="2024-05-31").docs
    assert dated["doc_id"].tolist() == ["row000002", "row000004"]  # row 3 is undated, so it is out
    every = corpus.load_corpus(path, include_sources=["Alpha"], date_from="2024-01-01").docs
    assert every["doc_id"].tolist() == ["row000001", "row000005"]


def test_streaming_reads_in_chunks(tmp_path, monkeypatch):
    monkeypatch.setattr(readers, "CHUNK_ROWS", 2)
    path = tmp_path / "corpus.csv"
    pd.DataFrame(rows()).to_csv(path, index=False)
    docs = corpus.load_corpus(path, limit=3, include_sources=["Alpha"]).docs
    assert docs["doc_id"].tolist() == ["row000001", "row000003", "row000005"]


def test_a_source_the_file_never_names_is_an_error_unless_reading_stopped_early(tmp_path):
    path = tmp_path / "corpus.jsonl"
    write_jsonl(path, [json.dumps(row) for row in rows()])
    with pytest.raises(InputError, match=r"no source named 'Gamma'; sources include Alpha, Beta"):
        corpus.load_corpus(path, include_sources=["Alpha", "Gamma"])
    with pytest.raises(InputError, match=r"no source named 'Gamma'"):
        corpus.load_corpus(path, limit=10, include_sources=["Alpha", "Gamma"])  # read to the end: still known
    docs = corpus.load_corpus(path, limit=1, include_sources=["Alpha", "Gamma"]).docs
    assert docs["doc_id"].tolist() == ["row000001"]


def test_no_document_inside_the_filters_is_one_clear_error(tmp_path):
    path = tmp_path / "corpus.jsonl"
    write_jsonl(path, [json.dumps(row) for row in rows()])
    with pytest.raises(InputError, match=r"no documents inside corpus.include_sources / date_from / date_to"):
        corpus.load_corpus(path, limit=5, date_from="2030-01-01")


def test_a_yaml_date_is_accepted_as_a_filter():
    import datetime

    spec = corpus.CorpusSpec.from_dict({"path": "x", "date_from": datetime.date(2024, 2, 1)})
    assert spec.date_from == "2024-02-01"


def test_an_undated_row_whose_text_carries_a_date_stamp_passes_the_date_filter(tmp_path):
    path = tmp_path / "corpus.csv"
    pd.DataFrame(
        [
            {
                "id": "a",
                "source": "A",
                "date": "",
                "text": "date 2020-03-03 WASHINGTON - The vote was held on Tuesday.",
            },
            {"id": "b", "source": "A", "date": "2020-03-05", "text": "The count went on into the night."},
            {"id": "c", "source": "A", "date": "", "text": "No date anywhere in this one at all."},
        ]
    ).to_csv(path, index=False)
    for limit in (0, 5):
        docs = corpus.load_corpus(path, date_from="2020-03-01", limit=limit).docs
        assert docs["doc_id"].tolist() == ["a", "b"]
        assert docs["date"].dt.strftime("%Y-%m-%d").tolist() == ["2020-03-03", "2020-03-05"]
