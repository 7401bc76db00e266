"""The loader: every input format, the column mapping, validation, cache, the seed corpus."""

from __future__ import annotations

import hashlib
import json

import pandas as pd
import pytest

from helpers import corpus
from helpers.corpus import dedup
from helpers.errors import InputError

MAPPING = {"source": "outlet"}


@pytest.mark.parametrize("fixture", ["csv_corpus", "jsonl_corpus", "jsonl_gz_corpus", "parquet_corpus"])
def test_tabular_formats_load_the_same_documents(fixture, request):
    loaded = corpus.load_corpus(request.getfixturevalue(fixture), columns=MAPPING)
    docs = loaded.docs
    assert docs["doc_id"].tolist() == ["a1", "a2", "b1"]
    assert docs["source"].tolist() == ["Alpha Times", "Alpha Times", "Beta Post"]
    assert docs["words"].tolist() == [8, 5, 6]
    assert docs["date"].dt.strftime("%Y-%m-%d").tolist() == ["2024-01-05", "2024-02-10", "2024-05-03"]
    assert len(loaded.sentences) == 6
    assert loaded.warnings.empty


def test_folder_with_manifest(folder_corpus):
    loaded = corpus.load_corpus(folder_corpus)
    assert loaded.docs["doc_id"].tolist() == ["a1", "a2", "b1"]
    assert loaded.docs["source"].tolist() == ["Alpha Times", "Alpha Times", "Beta Post"]
    assert loaded.docs["title"].tolist() == ["First", "Second", "Third"]


def test_folder_file_missing_from_manifest_is_kept_with_a_warning(folder_corpus):
    (folder_corpus / "c1.txt").write_text("Gamma text here.", encoding="utf-8")
    loaded = corpus.load_corpus(folder_corpus)
    row = loaded.docs.set_index("doc_id").loc["c1"]
    assert row["source"] == "(unknown)"
    assert loaded.warnings["doc_id"].tolist() == ["c1"]


def test_manifest_row_without_a_file_is_an_error(folder_corpus):
    (folder_corpus / "a2.txt").unlink()
    with pytest.raises(InputError, match=r"manifest lists 1 document\(s\) with no \.txt or \.html file: a2"):
        corpus.load_corpus(folder_corpus)


def test_folder_without_txt_files(tmp_path):
    with pytest.raises(InputError, match=r"no \.txt or \.html files"):
        corpus.load_corpus(tmp_path)


def test_missing_path():
    with pytest.raises(InputError, match="does not exist"):
        corpus.load_corpus("/no/such/corpus.csv")


def test_missing_text_column_names_the_columns(csv_corpus):
    with pytest.raises(InputError, match=r"no column 'body' for the document text; columns are id, outlet"):
        corpus.load_corpus(csv_corpus, columns={"source": "outlet", "text": "body"})


def test_missing_source_column_says_how_to_map_it(csv_corpus):
    with pytest.raises(InputError, match=r"no column 'source'.*corpus\.columns\.source"):
        corpus.load_corpus(csv_corpus)


def test_duplicate_ids_are_an_error(tmp_path, rows):
    rows[2]["id"] = "a1"
    path = tmp_path / "dup.csv"
    pd.DataFrame(rows).to_csv(path, index=False)
    with pytest.raises(InputError, match="id.*more than one document, e.g. a1"):
        corpus.load_corpus(path, columns=MAPPING)


def test_empty_and_whitespace_texts_are_dropped_with_warnings(tmp_path, rows):
    rows[0]["text"] = "   \n\t "
    rows[1]["text"] = ""
    path = tmp_path / "empty.csv"
    pd.DataFrame(rows).to_csv(path, index=False)
    loaded = corpus.load_corpus(path, columns=MAPPING)
    assert loaded.docs["doc_id"].tolist() == ["b1"]
    assert sorted(loaded.warnings["doc_id"]) == ["a1", "a2"]
    assert set(loaded.warnings["problem"]) == {"empty or whitespace-only text"}


def test_all_texts_empty_is_an_error(tmp_path, rows):
    for row in rows:
        row["text"] = " "
    path = tmp_path / "allempty.csv"
    pd.DataFrame(rows).to_csv(path, index=False)
    with pytest.raises(InputError, match="no documents with text"):
        corpus.load_corpus(path, columns=MAPPING)


def test_unparseable_and_impossible_dates_become_empty_with_warnings(tmp_path, rows):
    rows[0]["date"] = "next Tuesday"
    rows[1]["date"] = "0001-11-30"
    path = tmp_path / "dates.csv"
    pd.DataFrame(rows).to_csv(path, index=False)
    loaded = corpus.load_corpus(path, columns=MAPPING)
    assert loaded.docs["date"].isna().tolist() == [True, True, False]
    problems = loaded.warnings.set_index("doc_id")["problem"]
    assert problems["a1"] == "unparseable date 'next Tuesday'"
    assert problems["a2"] == "impossible date '0001-11-30'"


def test_non_utf8_bytes_name_the_file_and_offset(tmp_path):
    folder = tmp_path / "latin"
    folder.mkdir()
    (folder / "x.txt").write_bytes("Caf\xe9 talks".encode("latin-1"))
    with pytest.raises(InputError, match=r"x\.txt: byte 3 is not valid utf-8.*corpus\.encoding"):
        corpus.load_corpus(folder)
    assert corpus.load_corpus(folder, encoding="cp1252").docs["text"].tolist() == ["Café talks"]


def test_invalid_jsonl_line_is_named(tmp_path):
    path = tmp_path / "bad.jsonl"
    path.write_text('{"id": "1", "text": "ok", "source": "s"}\n{"id": 2, "text": \n', encoding="utf-8")
    with pytest.raises(InputError, match="line 2: not valid JSON"):
        corpus.load_corpus(path)


def test_no_id_column_makes_ids_from_rows(tmp_path, rows):
    path = tmp_path / "noid.csv"
    pd.DataFrame(rows).drop(columns=["id"]).to_csv(path, index=False)
    loaded = corpus.load_corpus(path, columns=MAPPING)
    assert loaded.docs["doc_id"].tolist() == ["row000001", "row000002", "row000003"]
    assert loaded.warnings["problem"].tolist() == ["no id column"]


def test_overlong_text_is_cut_with_a_warning(tmp_path, rows):
    rows[0]["text"] = "word " * 1000
    path = tmp_path / "long.csv"
    pd.DataFrame(rows).to_csv(path, index=False)
    loaded = corpus.load_corpus(path, columns=MAPPING, max_chars=1500)
    assert loaded.docs.loc[0, "raw_chars"] == 1500
    assert loaded.warnings["action"].tolist() == ["cut to corpus.max_chars = 1,500"]


def test_spec_rejects_unknown_keys_and_wrong_types():
    with pytest.raises(InputError, match="unknown key.*colums"):
        corpus.CorpusSpec.from_dict({"path": "x", "colums": {}})
    with pytest.raises(InputError, match=r"corpus\.limit: expected int, got 'ten'"):
        corpus.CorpusSpec.from_dict({"path": "x", "limit": "ten"})
    with pytest.raises(InputError, match="unknown field"):
        corpus.CorpusSpec.from_dict({"path": "x", "columns": {"body": "text"}})


def test_limit_reads_only_the_first_documents(csv_corpus):
    assert len(corpus.load_corpus(csv_corpus, columns=MAPPING, limit=2).docs) == 2


def test_near_duplicates_are_flagged_and_optionally_dropped(tmp_path):
    story = (
        "Field Marshal Asim Munir met President Donald Trump at the White House for lunch on Wednesday "
        "and the two leaders spoke for more than two hours about trade, Iran and the ceasefire with India."
    )
    spun = story.replace("Field Marshal", "Subject Marshal").replace("White House", "White Home")
    other = "Cricket scores from Lahore were announced after rain delayed the final match for three hours today."
    path = tmp_path / "dups.jsonl"
    path.write_text(
        "".join(
            json.dumps({"id": i, "source": s, "text": t}) + "\n"
            for i, s, t in (("x", "A", story), ("y", "B", spun), ("z", "C", other))
        ),
        encoding="utf-8",
    )
    loaded = corpus.load_corpus(path)
    assert loaded.near_duplicates[["doc_a", "doc_b"]].values.tolist() == [["x", "y"]]
    exact = dedup.near_duplicates(["x", "y", "z"], [story, spun, other], sample=1)
    # 34 words give 32 distinct three-word shingles each. "Field" is the first word, so its swap
    # breaks one shingle; "House" (word 12) sits in three (starting at words 10, 11, 12).
    assert exact[["doc_a", "doc_b", "shared"]].values.tolist() == [["x", "y", 28]]
    assert exact.loc[0, "similarity"] == pytest.approx(28 / 32, abs=1e-4)
    dropped = corpus.load_corpus(path, drop_near_duplicates=True)
    assert dropped.docs["doc_id"].tolist() == ["x", "z"]


def test_near_duplicate_pairs_are_found_across_blocks_of_documents(monkeypatch):
    story = (
        "Field Marshal Asim Munir met President Donald Trump at the White House for lunch on Wednesday "
        "and the two leaders spoke for more than two hours about trade, Iran and the ceasefire with India."
    )
    spun = story.replace("Field Marshal", "Subject Marshal").replace("White House", "White Home")
    other = "Cricket scores from Lahore were announced after rain delayed the final match for three hours today."
    # One document per block: x (first block) and y (third block) still pair, with the 28 shared
    # shingles counted by hand in the test above; w repeats x exactly (32 of 32).
    monkeypatch.setattr(dedup, "PAIR_BLOCK", 1)
    found = dedup.near_duplicates(["x", "z", "y", "w"], [story, other, spun, story], sample=1)
    assert found[["doc_a", "doc_b", "shared"]].values.tolist() == [["w", "x", 32], ["w", "y", 28], ["x", "y", 28]]
    assert found["similarity"].tolist() == [1.0, round(28 / 32, 4), round(28 / 32, 4)]


def test_cache_round_trip_gives_the_same_corpus(folder_corpus, tmp_path):
    cache = tmp_path / "cache"
    first = corpus.load_corpus(folder_corpus, cache_dir=cache)
    assert len(list(cache.glob("corpus-*"))) == 1
    second = corpus.load_corpus(folder_corpus, cache_dir=cache)
    for part in ("docs", "paragraphs", "sentences", "cleaning_log", "warnings"):
        pd.testing.assert_frame_equal(getattr(first, part), getattr(second, part), check_dtype=False)
    (folder_corpus / "a1.txt").write_text("Changed text now.", encoding="utf-8")
    assert corpus.load_corpus(folder_corpus, cache_dir=cache).fingerprint != first.fingerprint


def tree_digest(folder) -> str:
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            digest.update(path.name.encode() + path.read_bytes())
    return digest.hexdigest()


def test_seed_corpus(seed_dir):
    before = tree_digest(seed_dir)
    loaded = corpus.load_corpus(seed_dir)
    docs = loaded.docs.set_index("doc_id")
    assert len(docs) == 5 and docs["source"].nunique() == 5
    assert docs.loc["004_d811fc24bf3dc0a0", "author"] == "Asif Mahmood"
    assert docs.loc["001_f4a184ad10624b46", "dateline"] == "WASHINGTON"
    assert docs.loc["002_534b9d5951a40729", "date"] == pd.Timestamp("2023-12-14")
    assert not docs["text"].str.contains("Share this").any()
    assert loaded.near_duplicates.empty and loaded.warnings.empty
    assert tree_digest(seed_dir) == before


def test_seed_files_are_the_given_texts_byte_for_byte(seed_dir):
    from helpers.paths import PROJ_ROOT

    given = PROJ_ROOT.parent / "shared" / "seeds"
    if not given.exists():
        pytest.skip("the original seed texts are not beside this checkout")
    for path in sorted(given.glob("*.txt")):
        assert (seed_dir / path.name).read_bytes() == path.read_bytes()


def test_keep_carries_extra_columns_into_docs(tmp_path, rows):
    for row, bias in zip(rows, ["left", "left", "right"]):
        row["bias"] = bias
    path = tmp_path / "bias.csv"
    pd.DataFrame(rows).to_csv(path, index=False)
    loaded = corpus.load_corpus(path, columns=MAPPING, keep=["bias"])
    assert loaded.docs["bias"].tolist() == ["left", "left", "right"]
    with pytest.raises(InputError, match="corpus.keep names 'lean', which is not a column"):
        corpus.load_corpus(path, columns=MAPPING, keep=["lean"])


def test_cached_corpus_reads_parts_lazily(folder_corpus, tmp_path):
    corpus.load_corpus(folder_corpus, cache_dir=tmp_path)
    cached = corpus.load_corpus(folder_corpus, cache_dir=tmp_path)
    assert isinstance(cached._parts["sentences"], type(tmp_path))
    assert cached.summary()["sentences"] == 6
    assert len(cached.sentences) == 6 and not isinstance(cached._parts["sentences"], type(tmp_path))


def test_date_precision_is_kept_from_the_manifest_or_read_off_the_date(tmp_path):
    rows = [
        {"id": "a", "source": "S", "date": "2025-06-25", "date_precision": "month", "text": "One text here."},
        {"id": "b", "source": "S", "date": "2025-06", "date_precision": "", "text": "Two text here."},
        {"id": "c", "source": "S", "date": "2024", "date_precision": "", "text": "Three text here."},
        {"id": "d", "source": "S", "date": "2024-02-03", "date_precision": "weekly", "text": "Four text here."},
        {"id": "e", "source": "S", "date": "", "date_precision": "day", "text": "Five text here."},
    ]
    path = tmp_path / "corpus.csv"
    pd.DataFrame(rows).to_csv(path, index=False)
    loaded = corpus.load_corpus(str(path))
    docs = loaded.docs.set_index("doc_id")
    assert docs["date_precision"].to_dict() == {"a": "month", "b": "month", "c": "year", "d": "day", "e": ""}
    assert docs.loc["b", "date"] == pd.Timestamp("2025-06-01") and docs.loc["c", "date"] == pd.Timestamp("2024-01-01")
    unknown = loaded.warnings[loaded.warnings["field"] == "date_precision"]
    assert unknown["doc_id"].tolist() == ["d"] and "weekly" in unknown["problem"].iloc[0]
    plain = tmp_path / "plain.csv"
    pd.DataFrame([{"id": "x", "source": "S", "date": "2024-05-06", "text": "A text."}]).to_csv(plain, index=False)
    assert corpus.load_corpus(str(plain)).docs["date_precision"].tolist() == ["day"]  # no column: read off the date
