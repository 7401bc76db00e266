"""The topics notebook, run through the same runner as production, on the seed corpus."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from helpers.errors import InputError
from helpers.paths import CONFIG_DIR
from helpers.run import runner


@pytest.mark.slow
def test_topics_notebook_writes_consistent_tables(tmp_path: Path):
    overrides = ["topics.k_min=3", "topics.k_max=4", "topics.resamples=2", "topics.bootstrap=50", "random_state=3"]
    folder, results = runner.run(CONFIG_DIR / "seed.yml", overrides=overrides, only=["topics"], out=tmp_path / "report")
    assert [r.status for r in results] == ["ok"], results[0].error
    assert (folder / "01-topics.html").exists()
    tables = folder / "tables"
    terms = pd.read_csv(tables / "topics.csv")
    assert list(terms.columns) == ["topic", "rank", "term", "weight"]
    doc_topics = pd.read_csv(tables / "doc_topics.csv")
    assert list(doc_topics.columns) == ["doc_id", "source", "topic", "share"]
    # Five seed documents, each with shares summing to 1 (passage weights aggregated to documents).
    sums = doc_topics.groupby("doc_id")["share"].sum()
    assert len(sums) == 5 and ((sums - 1).abs() < 1e-4).all()
    quality = pd.read_csv(tables / "topic_quality.csv")
    assert {"topic", "npmi", "stability", "few_documents"} <= set(quality.columns)
    selection = pd.read_csv(tables / "topic_selection.csv")
    assert selection["k"].tolist() == [3, 4] and selection["chosen"].sum() == 1
    k = int(selection.loc[selection["chosen"], "k"].iloc[0])
    assert sorted(terms["topic"].unique()) == list(range(1, k + 1)) == quality["topic"].tolist()
    sources = pd.read_csv(tables / "topic_sources.csv")
    assert list(sources.columns) == ["source", "topic", "share", "ci_low", "ci_high", "documents"]
    assert len(sources) == 5 * k and (sources["documents"] == 1).all() and sources["ci_low"].isna().all()
    units = pd.read_csv(tables / "unit_topics.csv")
    assert units["unit_id"].str.contains("/passage").all()
    assert (tables / "topic_passages.csv").exists() and (tables / "topic_time.csv").exists()
    # Same corpus, parameters and random_state: byte-identical tables.
    again, _ = runner.run(CONFIG_DIR / "seed.yml", overrides=overrides, only=["topics"], out=tmp_path / "again")
    written = sorted(path.name for path in tables.glob("*.csv"))
    assert written == sorted(path.name for path in (again / "tables").glob("*.csv"))
    for name in written:
        assert (tables / name).read_bytes() == (again / "tables" / name).read_bytes(), name


@pytest.mark.parametrize(
    ("override", "message"),
    [
        ("topics.k=400", "k: 400 topics need more units than the"),
        ("topics.k=-3", "k: -3 is out of range"),
        ("topics.k_min=12", "k_max"),
        ("topics.unit=sentence", "unit: 'sentence'"),
        ("topics.method=kmeans", "method: 'kmeans'"),
    ],
)
def test_runner_rejects_bad_topic_parameters_before_running(tmp_path: Path, override: str, message: str):
    with pytest.raises(InputError, match=message):
        runner.run(CONFIG_DIR / "seed.yml", overrides=[override], only=["topics"], out=tmp_path / "r")
    assert not (tmp_path / "r").exists()
