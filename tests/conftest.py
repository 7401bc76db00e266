"""Shared fixtures: tiny hand-written corpora in every input format."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pandas as pd
import pytest

from helpers.paths import PROJ_ROOT

ROWS = [
    {
        "id": "a1",
        "outlet": "Alpha Times",
        "date": "2024-01-05",
        "title": "First",
        "text": "Alpha reports the talks. The talks went well.",
    },
    {
        "id": "a2",
        "outlet": "Alpha Times",
        "date": "2024-02-10",
        "title": "Second",
        "text": "Alpha again. More talks today.",
    },
    {
        "id": "b1",
        "outlet": "Beta Post",
        "date": "5/3/24",
        "title": "Third",
        "text": "Beta sees conflict. Conflict is bad.",
    },
]


@pytest.fixture
def rows() -> list[dict]:
    return [dict(row) for row in ROWS]


@pytest.fixture
def csv_corpus(tmp_path: Path, rows) -> Path:
    path = tmp_path / "corpus.csv"
    pd.DataFrame(rows).to_csv(path, index=False)
    return path


@pytest.fixture
def jsonl_corpus(tmp_path: Path, rows) -> Path:
    path = tmp_path / "corpus.jsonl"
    path.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    return path


@pytest.fixture
def jsonl_gz_corpus(tmp_path: Path, rows) -> Path:
    path = tmp_path / "corpus.jsonl.gz"
    path.write_bytes(gzip.compress("".join(json.dumps(row) + "\n" for row in rows).encode()))
    return path


@pytest.fixture
def parquet_corpus(tmp_path: Path, rows) -> Path:
    path = tmp_path / "corpus.parquet"
    pd.DataFrame(rows).to_parquet(path, index=False)
    return path


@pytest.fixture
def folder_corpus(tmp_path: Path, rows) -> Path:
    folder = tmp_path / "texts"
    folder.mkdir()
    for row in rows:
        (folder / f"{row['id']}.txt").write_text(row["text"], encoding="utf-8")
    manifest = pd.DataFrame(
        [{"doc_id": r["id"], "source": r["outlet"], "date": r["date"], "title": r["title"]} for r in rows]
    )
    manifest.to_csv(folder / "manifest.csv", index=False)
    return folder


@pytest.fixture
def seed_dir() -> Path:
    return PROJ_ROOT / "data" / "seed"
