"""Counts that rest on one or two documents are flagged, and the page's quotes are capped fairly."""

from __future__ import annotations

import pandas as pd

from helpers.actors import plots, quotes, tables
from helpers.charts import FEW_LEGEND

DOCS = pd.DataFrame({"doc_id": ["s1", "s2", "s3", "t1"], "source": ["S", "S", "S", "T"], "words": [100, 100, 100, 200]})


def mention(doc_id: str, actor: str, actor_type: str = "person") -> dict:
    return {"doc_id": doc_id, "sentence_id": f"{doc_id}/s0", "actor": actor, "actor_type": actor_type}


# Ahmed in all four documents; Bashir twice, both times in s1.
MENTIONS = pd.DataFrame(
    [mention(d, "Ahmed") for d in ("s1", "s2", "s3", "t1")] + [mention("s1", "Bashir"), mention("s1", "Bashir")]
)


def test_totals_and_per_source_counts_flag_one_or_two_documents():
    totals = tables.actor_totals(MENTIONS, DOCS).set_index("actor")
    assert totals.loc["Ahmed", ["mentions", "documents", "few_documents"]].tolist() == [4, 4, False]
    assert totals.loc["Bashir", ["mentions", "documents", "few_documents"]].tolist() == [2, 1, True]
    by_source = tables.source_counts(MENTIONS, DOCS).set_index(["source", "actor"])
    assert by_source.loc[("S", "Ahmed"), ["documents", "few_documents"]].tolist() == [3, False]
    assert by_source.loc[("T", "Ahmed"), ["documents", "few_documents"]].tolist() == [1, True]
    assert by_source.loc[("S", "Bashir"), ["documents", "few_documents"]].tolist() == [1, True]


def test_voice_flags_actors_mentioned_in_one_or_two_documents():
    quoted = pd.DataFrame({"doc_id": ["s1"], "source": ["S"], "speaker": ["Ahmed"], "quote": ["We agree."]})
    voice = quotes.voice(MENTIONS, quoted, DOCS).set_index(["source", "actor"])
    assert voice.loc[("S", "Ahmed"), ["quotes", "mentioned_documents", "few_documents"]].tolist() == [1, 3, False]
    assert voice.loc[("S", "Bashir"), ["quotes", "mentioned_documents", "few_documents"]].tolist() == [0, 1, True]


def test_the_chart_marks_flagged_counts_and_says_what_the_mark_means():
    figure = plots.plot_top(tables.actor_totals(MENTIONS, DOCS))
    labels = [text.get_text() for axes in figure.axes for text in axes.texts]
    assert labels == ["2 *", "4"]  # drawn bottom up: Bashir, then Ahmed
    assert [text.get_text() for text in figure.texts] == [FEW_LEGEND]
    unflagged = plots.plot_top(tables.actor_totals(MENTIONS[MENTIONS["actor"] == "Ahmed"], DOCS))
    assert unflagged.texts == []


def test_sample_quotes_start_with_the_sources_that_quote_most():
    rows = [("Alpha", 1), ("Beta", 4), ("Gamma", 4)]
    quoted = pd.DataFrame(
        [{"source": s, "speaker": "(unnamed)", "cue": "said", "quote": f"{s} {n}"} for s, k in rows for n in range(k)]
    )
    sample = quotes.sample_quotes(quoted, per_source=3)
    assert sample["quote"].tolist() == ["Beta 0", "Beta 1", "Beta 2", "Gamma 0", "Gamma 1", "Gamma 2", "Alpha 0"]
    assert sample["where"].iloc[0] == "(unnamed) · said"
