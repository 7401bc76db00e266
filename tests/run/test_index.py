"""The front page: findings read off hand-written tables, thumbnails, table lists, the manifest."""

from __future__ import annotations

import json

import pandas as pd

from helpers.run import findings
from helpers.run.index import index_html, table_stage


def write(folder, name, rows):
    folder.mkdir(parents=True, exist_ok=True)
    pd.DataFrame(rows).to_csv(folder / f"{name}.csv", index=False)


def test_corpus_and_actor_findings_are_read_off_the_tables(tmp_path):
    tables = tmp_path / "tables"
    write(tables, "corpus_sources", [{"source": "Alpha", "documents": 3}, {"source": "Beta", "documents": 1}])
    write(
        tables, "corpus", [{"doc_id": d, "date": day} for d, day in zip("abcd", ["2024-01-02", "", "2024-03-05", ""])]
    )
    write(
        tables,
        "cleaning_rules",
        [{"rule": "footer", "removals": 4, "documents": 2}, {"rule": "byline", "removals": 1, "documents": 1}],
    )
    corpus = [f.text for f in findings.corpus_findings(tables)]
    assert corpus == [
        "4 documents from 2 sources, dated 2024-01-02 to 2024-03-05; the largest source, Alpha, gave 3 (75%).",
        "The cleaner removed 5 lines of page furniture; the most, 4, by the rule footer.",
    ]
    write(tables, "actor_totals", [
        {"actor": "Pakistan", "actor_type": "country", "mentions": 9, "documents": 4},
        {"actor": "Jane Roe", "actor_type": "person", "mentions": 5, "documents": 2},
    ])  # fmt: skip
    write(tables, "quotes", [
        {"doc_id": "a", "speaker": "Jane Roe", "quote": "x"},
        {"doc_id": "b", "speaker": "Jane Roe", "quote": "y"},
        {"doc_id": "b", "speaker": "(unnamed)", "quote": "z"},
    ])  # fmt: skip
    actors = findings.actors_findings(tables)
    assert actors[0].text == "Most mentioned: Pakistan (9), Jane Roe (5)." and actors[0].behind == "4 documents"
    assert actors[1].text == "3 quotes; Jane Roe is quoted most (2 quotes), and 1 quote name no speaker."
    assert actors[1].behind == "2 documents"


def test_a_stage_without_tables_says_nothing(tmp_path):
    assert findings.findings("topics", tmp_path / "tables") == []
    assert findings.findings("unknown", tmp_path / "tables") == []


def test_tables_are_grouped_by_stage():
    assert [table_stage(n) for n in ("corpus_sources", "cleaning_log", "topic_time", "quote_sources", "story_terms",
                                     "source_terms_top", "labels", "something")] == [
        "corpus", "corpus", "topics", "actors", "stories", "framing", "framing", ""]  # fmt: skip


def test_the_front_page_links_pages_tables_and_shows_the_key_chart(tmp_path):
    write(
        tmp_path / "tables",
        "corpus_sources",
        [{"source": "<b>Alpha</b>", "documents": 2}, {"source": "B", "documents": 1}],
    )
    write(tmp_path / "tables", "corpus", [{"doc_id": d, "date": ""} for d in "abc"])
    (tmp_path / "executed").mkdir()
    notebook = {
        "cells": [
            {"cell_type": "markdown", "source": ["# The corpus at a glance\n", "text"]},
            {"cell_type": "code", "metadata": {}, "outputs": [{"data": {"image/png": "Rklyc3Q="}}]},
            {"cell_type": "code", "metadata": {"tags": ["key-chart"]}, "outputs": [{"data": {"image/png": "S2V5"}}]},
        ]
    }
    (tmp_path / "executed" / "00-corpus.ipynb").write_text(json.dumps(notebook), encoding="utf-8")
    manifest = {
        "name": "t", "config": "config/t.yml", "started": "2026-12-01T10:00:00", "seconds": 3.0, "commit": "abc",
        "dirty": True, "overrides": ["topics.k=3"], "random_state": 0, "versions": {"pandas": "2"},
        "corpus": {"path": "data/t", "fingerprint": "f00", "documents": 2, "sources": 1, "words": 10,
                   "first_date": "", "last_date": "", "undated": 2},
        "settings": {}, "given": {"corpus": {"path": "data/t"}},
        "notebooks": [{"name": "corpus", "file": "00-corpus.ipynb", "status": "ok", "seconds": 1.0, "error": "",
                       "html": "00-corpus.html", "executed": "executed/00-corpus.ipynb", "parameters": {"top_n": 20}}],
    }  # fmt: skip
    page = index_html(manifest, tmp_path)
    assert '<a href="00-corpus.html">The corpus at a glance</a>' in page
    assert 'src="data:image/png;base64,S2V5"' in page and "Rklyc3Q=" not in page  # the tagged chart wins
    assert '<a href="tables/corpus_sources.csv"><code>corpus_sources.csv</code></a>' in page
    assert "&lt;b&gt;Alpha&lt;/b&gt;" in page and "<b>Alpha</b>" not in page
    assert "abc (with uncommitted changes)" in page and "topics.k=3" in page and "&quot;top_n&quot;: 20" in page


def test_framing_findings_give_small_shares_a_decimal_and_equal_tones_one_number(tmp_path):
    tables = tmp_path / "tables"
    write(tables, "frame_contrasts", [{"bias": "right", "frame": "security", "label": "Security", "share": 0.078,
                                       "ci_low": 0.076, "ci_high": 0.081, "sentences": 1000, "frame_sentences": 78,
                                       "docs": 12, "rest_share": 0.065}])  # fmt: skip
    write(
        tables,
        "tone_sources",
        [{"bias": "left", "tone": 0.012, "docs": 3}, {"bias": "right", "tone": 0.009, "docs": 4}],
    )
    texts = [f.text for f in findings.framing_findings(tables)]
    assert texts == [
        "right frames 78 of 1,000 sentences as Security (7.8%, 95% interval 7.6%–8.1%), against 6.5% elsewhere.",
        "Tone is the same in every group to two decimals: +0.01 on VADER's −1 to +1 scale.",
    ]


def test_a_corpus_table_without_dates_gives_an_undated_finding(tmp_path):
    tables = tmp_path / "tables"
    write(tables, "corpus_sources", [{"source": "A", "documents": 2}, {"source": "B", "documents": 1}])
    write(tables, "corpus", [{"doc_id": d} for d in "abc"])
    assert findings.corpus_findings(tables)[0].text.startswith("3 documents from 2 sources, undated; the largest")
