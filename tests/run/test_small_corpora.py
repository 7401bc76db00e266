"""Corpora a stage has nothing to say about: its page says why, the other pages render, the run is ok.

Each corpus is written here as a folder of .txt files with a manifest.csv: two short articles
(too few passages for a topic model), and six articles from one source without dates (no
comparison between sources, nothing to place in time).
"""

from __future__ import annotations

import html
import json
from pathlib import Path

import pandas as pd
import pytest

from helpers import periods
from helpers.cli import main
from helpers.corpus import load_corpus
from helpers.run import runner
from helpers.topics import parameters

TWO = [
    ("a1", "Alpha Times", "2024-03-01", "Talks resume",
     'Prime Minister Shehbaz Sharif met US officials in Washington on Monday. "We want trade, not aid," Sharif said.'),
    ("b1", "Beta Post", "2024-03-02", "Talks in Washington",
     "Pakistan and the United States held talks in Washington. Analysts said the meeting was a step forward."),
]  # fmt: skip
SIX = [
    ("Trade talks resume", "Pakistan and the United States resumed trade talks in Washington. Officials discussed "
     "tariffs on textiles and new investment in mining. The talks ended with a pledge to meet again."),
    ("Army chief visits", "Army chief Asim Munir visited Washington for security talks. The visit focused on "
     "counterterrorism and the border with Afghanistan."),
    ("Tariffs and textiles", "Textile exporters in Pakistan worry about new tariffs. The trade talks in Washington "
     "offered little relief. Investment in mining could help. Exporters want lower tariffs on textiles."),
    ("Border security", "Militants attacked a border post near Afghanistan. Security forces killed several "
     "attackers. Counterterrorism cooperation with the United States was discussed at the border."),
    ("Mining deal", "A mining deal between Pakistan and an American company was signed. Investment in minerals "
     "is expected to grow. Critics said the trade terms favour the company."),
    ("Floods in Sindh", "Floods displaced thousands of families in Sindh. Relief workers distributed food and tents. "
     "The government asked for international aid."),
]  # fmt: skip


def write_corpus(folder: Path, rows: list[tuple[str, str, str, str, str]]) -> Path:
    """A folder of doc_id.txt files and a manifest (doc_id, source, date, title)."""
    folder.mkdir()
    for doc_id, _, _, _, text in rows:
        (folder / f"{doc_id}.txt").write_text(text, encoding="utf-8")
    manifest = pd.DataFrame([{"doc_id": d, "source": s, "date": t, "title": h} for d, s, t, h, _ in rows])
    manifest.to_csv(folder / "manifest.csv", index=False)
    return folder


def config_for(tmp_path: Path, folder: Path) -> Path:
    path = tmp_path / "small.yml"
    path.write_text(f"name: small\ncorpus:\n  path: {folder}\n", encoding="utf-8")
    return path


@pytest.fixture
def two_documents(tmp_path) -> Path:
    return write_corpus(tmp_path / "two", TWO)


@pytest.fixture
def one_source_undated(tmp_path) -> Path:
    rows = [(f"d{n}", "Alpha Times", "", title, text) for n, (title, text) in enumerate(SIX)]
    return write_corpus(tmp_path / "six", rows)


def test_topics_has_a_reason_to_skip_a_two_document_corpus_not_an_error(two_documents):
    corpus = load_corpus({"path": str(two_documents)})
    # Each article is shorter than a passage: two passages, one fewer than a topic model needs.
    reason = parameters.skip_reason({"unit": "auto"}, corpus)
    assert "only 2 passage(s) (from 2 document(s))" in reason and "at least 3" in reason
    parameters.validate_parameters({"unit": "auto", "k": 3}, corpus)  # no k can work here: not the user's error
    assert "unit: paragraph" not in reason  # two paragraphs would not do either


def test_three_passages_without_a_shared_word_give_a_reason_too(tmp_path):
    rows = [
        ("a", "Alpha", "2024-01-01", "One", "Tariffs rose sharply."),
        ("b", "Beta", "2024-01-02", "Two", "Floods displaced families."),
        ("c", "Gamma", "2024-01-03", "Three", "Elections were postponed."),
    ]
    corpus = load_corpus({"path": str(write_corpus(tmp_path / "three", rows))})
    reason = parameters.skip_reason({}, corpus)
    assert "only 0 of the 3 passages share a word with another" in reason and "lower min_df" in reason
    assert parameters.skip_reason({"min_df": 1}, corpus) == ""


def test_a_skipped_topics_page_says_why_and_the_run_exits_0(tmp_path, two_documents, capsys):
    out = tmp_path / "report"
    code = main(["run", "--config", str(config_for(tmp_path, two_documents)), "--only", "topics", "--out", str(out)])
    assert code == 0
    printed = capsys.readouterr().out
    assert "skipped 01-topics.ipynb" in printed and "0 ok, 1 skipped" in printed
    manifest = json.loads((out / "run.json").read_text(encoding="utf-8"))
    [entry] = manifest["notebooks"]
    assert entry["status"] == "skipped" and entry["error"] == ""
    assert entry["note"].startswith("No topic model: the corpus gives only 2 passage(s)")
    page = (out / "01-topics.html").read_text(encoding="utf-8")
    assert "Topics: what the coverage is about" in page and html.escape(entry["note"], quote=False) in page
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "not run on this corpus" in index and html.escape(entry["note"], quote=False) in index
    assert list((out / "tables").iterdir()) == []


@pytest.mark.slow
def test_every_page_of_a_two_document_corpus_renders(tmp_path, two_documents):
    folder, results = runner.run(config_for(tmp_path, two_documents), out=tmp_path / "report", echo=lambda *_: None)
    assert [(r.name, r.status) for r in results] == [
        ("corpus", "ok"), ("topics", "skipped"), ("actors", "ok"), ("framing", "ok"), ("stories", "ok"),
    ]  # fmt: skip
    for name in ("00-corpus", "01-topics", "02-actors", "03-framing", "04-stories"):
        assert (folder / f"{name}.html").stat().st_size > 1000, name
    assert "a topic model needs at least 3" in (folder / "01-topics.html").read_text(encoding="utf-8")
    # One document per source: every count of the actors page rests on one or two documents.
    totals = pd.read_csv(folder / "tables" / "actor_totals.csv")
    assert len(totals) and totals["few_documents"].all()


@pytest.mark.slow
def test_one_source_without_dates_says_what_cannot_be_shown(tmp_path, one_source_undated):
    folder, results = runner.run(
        config_for(tmp_path, one_source_undated), out=tmp_path / "report", echo=lambda *_: None
    )
    assert [r.status for r in results] == ["ok"] * 5, [r.error for r in results]
    pages = {path.stem: path.read_text(encoding="utf-8") for path in folder.glob("0*.html")}
    undated = html.escape(periods.UNDATED, quote=False)  # as the sanitised page writes it
    for name in ("00-corpus", "01-topics", "02-actors", "04-stories"):
        assert undated in pages[name], name
    assert "Every document has the same source (Alpha Times)" in pages["03-framing"]
    assert "No distinctive terms: every document has the same source" in pages["03-framing"]
    assert "No story was covered by two source values or more" in pages["04-stories"]
    frames = pd.read_csv(folder / "tables" / "frames.csv")
    assert (frames["docs"] == 6).all() and frames["rest_share"].isna().all()
