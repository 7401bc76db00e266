"""The actors notebook, run the way production runs it (papermill through helpers.runner)."""

from __future__ import annotations

import pandas as pd
import pytest

from helpers.paths import CONFIG_DIR
from helpers.run.runner import run

TABLES = {
    "actor_mentions": ["doc_id", "source", "actor", "actor_type", "mentions"],
    "actor_cooccurrence": ["actor_a", "actor_b", "sentences"],
    "quotes": ["doc_id", "source", "speaker", "cue", "quote"],
    "actor_titles": ["actor", "source", "title", "mentions", "example"],
    "actor_suggestions": ["candidate", "type_guess", "count", "yaml"],
    "actor_timeline": ["period", "actor", "mentions"],
    "actor_totals": ["actor", "actor_type", "mentions", "per_1000_words"],
    "actor_by_source": ["source", "actor", "mentions", "per_1000_words"],
    "actor_voice": ["source", "actor", "mentions", "quotes", "status"],
    "actor_kwic": ["actor", "left", "match", "right"],
    "actor_mention_list": ["doc_id", "sentence_id", "start", "end", "text", "actor", "resolution"],
}


@pytest.mark.slow
def test_actors_notebook_writes_its_tables(tmp_path):
    folder, results = run(
        CONFIG_DIR / "seed.yml",
        overrides=["actors.top_n=8", "actors.timeline_actors=3"],
        only=["actors"],
        out=tmp_path / "report",
        echo=lambda *_: None,
    )
    assert [r.status for r in results] == ["ok"], results[0].error
    assert (folder / "02-actors.html").stat().st_size > 10_000
    tables = {name: pd.read_csv(folder / "tables" / f"{name}.csv") for name in TABLES}
    for name, columns in TABLES.items():
        assert set(columns) <= set(tables[name].columns), name

    counts = tables["actor_mentions"]
    assert counts["doc_id"].nunique() == 5
    assert not counts.duplicated(["doc_id", "actor"]).any()
    munir_004 = counts.loc[counts["doc_id"].str.startswith("004") & (counts["actor"] == "Asim Munir"), "mentions"]
    assert munir_004.tolist() == [1]
    pairs = tables["actor_cooccurrence"]
    assert (pairs["actor_a"] < pairs["actor_b"]).all() and (pairs["sentences"] >= 1).all()
    speakers = set(tables["quotes"]["speaker"])
    assert {"Marvin Weinbaum", "Sahar Khan", "Muhammad Faisal", "Bilawal Bhutto Zardari"} <= speakers
    forms = tables["actor_titles"]
    munir_forms = set(forms.loc[forms["actor"] == "Asim Munir", "title"])
    assert {"field marshal", "army chief", "coas"} <= munir_forms
    assert set(tables["actor_timeline"]["actor"]) == {"Donald Trump", "Asim Munir", "Marco Rubio"}
