"""The framing notebook end to end on the seed corpus, through the runner as in production."""

from __future__ import annotations

import pandas as pd
import pytest

from helpers.paths import CONFIG_DIR
from helpers.run import runner

pytestmark = pytest.mark.slow

SOURCES = 5
FRAMES = 12  # in the built-in frame_list
COLUMNS = {
    "source_terms": ["source", "term", "count", "rest_count", "group_tokens", "rest_tokens", "prior", "prior_total",
                     "delta", "z"],
    "frames": ["source", "frame", "share", "ci_low", "ci_high", "sentences"],
    "actor_tone": ["source", "actor", "sentences", "tone", "ci_low", "ci_high"],
    "frame_evidence": ["source", "frame", "doc_id", "sentence_id", "indicators", "text"],
    "labels": ["concept", "variant", "source", "mentions", "docs"],
    "tone_sources": ["source", "sentences", "tone", "ci_low", "ci_high"],
}  # fmt: skip


def quiet(*_):
    return None


def test_the_framing_report_has_its_tables_contrasts_and_evidence(tmp_path):
    folder, results = runner.run(CONFIG_DIR / "seed.yml", only=["framing"], out=tmp_path / "seed", echo=quiet)
    assert [(r.name, r.status, r.error) for r in results] == [("framing", "ok", "")]
    tables = {name: pd.read_csv(folder / "tables" / f"{name}.csv") for name in COLUMNS}
    for name, columns in COLUMNS.items():
        assert set(columns) <= set(tables[name].columns), name
    frames = tables["frames"]
    assert len(frames) == SOURCES * FRAMES
    assert ((frames["ci_low"] <= frames["share"]) & (frames["share"] <= frames["ci_high"])).all()
    # The Pakistani daily calls it "Indian-occupied Kashmir"; the Patriot never names the army chief.
    labels = tables["labels"].set_index(["variant", "source"])["mentions"]
    assert labels[("Indian-occupied Kashmir", "Pakistani news outlet (not identified)")] == 1
    assert labels[("name only", "Daily The Patriot")] == 0
    # Tone toward actors: the Patriot never names the army chief, the actor module resolves its title.
    actor_tone = tables["actor_tone"].set_index(["source", "actor"])
    assert actor_tone.loc[("Daily The Patriot", "Asim Munir"), "sentences"] >= 1
    terms = tables["source_terms"]
    assert terms["source"].nunique() == SOURCES and (terms["count"] + terms["rest_count"] >= 3).all()
    # Reporting verbs and the outlets' names are left out ("said" led Al Jazeera's terms, z = 4.2).
    left_out = pd.read_csv(folder / "tables" / "term_exclusions.csv")
    assert {"said", "mr", "Al Jazeera", "aljazeera"} <= set(left_out["term"])
    assert not {"said", "told", "according", "al jazeera", "told al"} & set(terms["term"])
    page = (folder / "03-framing.html").read_text(encoding="utf-8")
    assert "the outlets&#x27; own names are left out" in page or "the outlets' own names are left out" in page
    assert "uses the" in page and "of its sentences (CI" in page  # the contrast paragraph
    assert "nf-quote" in page  # evidence sentences


def test_one_source_gives_a_message_not_a_crash(tmp_path):
    folder, results = runner.run(
        CONFIG_DIR / "seed.yml", overrides=["framing.group_by=country", "corpus.limit=1"], only=["framing"],
        out=tmp_path / "one", echo=quiet,
    )  # fmt: skip
    assert [(r.status, r.error) for r in results] == [("ok", "")]
    page = (folder / "03-framing.html").read_text(encoding="utf-8")
    assert "nothing to compare" in page and "no contrasts to report" in page
    assert pd.read_csv(folder / "tables" / "source_terms.csv").empty


def test_the_dask_engine_gives_the_same_tables_as_the_pandas_engine():
    from helpers import compare, corpus
    from helpers.engine import Engine
    from helpers.framing import codebook, distinctive, labels, tone

    loaded = corpus.load_corpus(str(CONFIG_DIR.parent / "data" / "seed"))
    docs, sentences = loaded.docs, loaded.sentences
    groups = compare.doc_groups(docs, "source")
    pairs = compare.check_comparison(groups, compare.Comparison())
    # the seed story's own codebook and label list, as config/seed.yml selects them
    frame_list = codebook.load_codebook("config/frames/us_pakistan.yml")
    concepts = labels.load_labels("config/labels/us_pakistan.yml")

    def tables(engine: Engine) -> list[pd.DataFrame]:
        return [
            distinctive.distinctive_terms(docs, groups, pairs, distinctive.DistinctiveSettings(min_count=2), engine),
            codebook.find_frames(sentences, frame_list, engine),
            labels.find_labels(sentences, groups, concepts, engine),
            tone.score_tone(sentences, engine),
        ]

    local = tables(Engine(kind="pandas", workers=1, partition_rows=2))
    distributed = tables(Engine(kind="dask", workers=1, partition_rows=2))
    assert len(local[1]) > 0 and len(local[2]) > 0
    for mine, theirs in zip(local, distributed, strict=True):
        pd.testing.assert_frame_equal(mine, theirs)
    # Partitions change nothing: one piece gives the same frames as two-document partitions.
    pd.testing.assert_frame_equal(local[1], codebook.score_sentences(sentences, frame_list))


def test_the_story_matched_mode_states_both_results(tmp_path):
    folder, results = runner.run(
        CONFIG_DIR / "seed.yml", overrides=["framing.within_stories=true"], only=["framing"],
        out=tmp_path / "within", echo=quiet,
    )  # fmt: skip
    assert [(r.status, r.error) for r in results] == [("ok", "")]
    terms = pd.read_csv(folder / "tables" / "source_terms_within.csv")
    # On the seeds only the White House lunch story has several sources: Geo News (2023) and the
    # Stimson analysis stand alone, so they are not compared within stories.
    assert set(terms["source"]) == {"Al Jazeera", "Daily The Patriot", "Pakistani news outlet (not identified)"}
    assert (terms["stories"] == 1).all()
    changes = pd.read_csv(folder / "tables" / "terms_within_changes.csv")
    assert set(changes["change"]) <= {"kept", "story choice", "within stories"}
    page = (folder / "03-framing.html").read_text(encoding="utf-8")
    assert "leading terms over the corpus stay leading within stories" in page
