"""Bad input from the command line: one clear line naming what is wrong, exit code 2, no traceback.

Each case builds a small broken input, runs ``python -m helpers`` in-process and checks the
message names the problem. Nothing is written to the report folder when input is bad.
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pandas as pd
import pytest

from helpers.cli import main

GOOD_TEXT = "The delegations met on Tuesday. They agreed to resume trade talks after a long pause."


def write_csv(path: Path, rows: list[dict]) -> Path:
    pd.DataFrame(rows).to_csv(path, index=False)
    return path


def rows(n: int = 3, **changes) -> list[dict]:
    made = [
        {"id": f"d{i}", "source": "Alpha" if i % 2 else "Beta", "date": f"2024-01-0{i + 1}", "text": GOOD_TEXT}
        for i in range(n)
    ]
    for key, values in changes.items():
        for row, value in zip(made, values):
            row[key] = value
    return made


def folder_with(tmp: Path, files: dict[str, bytes], manifest: str | None = None) -> Path:
    folder = tmp / "texts"
    folder.mkdir()
    for name, data in files.items():
        (folder / name).write_bytes(data)
    if manifest is not None:
        (folder / "manifest.csv").write_text(manifest, encoding="utf-8")
    return folder


def config_for(tmp: Path, body: str) -> Path:
    path = tmp / "run.yml"
    path.write_text(body, encoding="utf-8")
    return path


# Each case returns the command-line arguments; the expected fragment must appear in the message.
def case_missing_path(tmp):
    return ["check", str(tmp / "nothing.csv")], "does not exist"


def case_folder_without_txt(tmp):
    (tmp / "empty").mkdir()
    return ["check", str(tmp / "empty")], "no .txt or .html files"


def case_unknown_format(tmp):
    (tmp / "corpus.xlsx").write_bytes(b"PK\x03\x04")
    return ["check", str(tmp / "corpus.xlsx")], "cannot tell the format"


def case_missing_text_column(tmp):
    path = write_csv(tmp / "c.csv", [{k: v for k, v in r.items() if k != "text"} for r in rows()])
    return ["check", str(path)], "no column 'text'"


def case_missing_source_column(tmp):
    path = write_csv(tmp / "c.csv", [{k: v for k, v in r.items() if k != "source"} for r in rows()])
    return ["check", str(path)], "corpus.columns.source"


def case_wrong_column_mapping(tmp):
    path = write_csv(tmp / "c.csv", rows())
    return ["check", str(path), "--column", "text=body"], "no column 'body'"


def case_unknown_field_in_mapping(tmp):
    path = write_csv(tmp / "c.csv", rows())
    return ["check", str(path), "--column", "headline=title"], "unknown field(s) headline"


def case_all_texts_empty(tmp):
    path = write_csv(tmp / "c.csv", rows(text=["", "", ""]))
    return ["check", str(path)], "no documents with text"


def case_all_texts_whitespace(tmp):
    path = write_csv(tmp / "c.csv", rows(text=["  ", "\t\n", " \n "]))
    return ["check", str(path)], "no documents with text"


def case_non_utf8_bytes(tmp):
    folder = folder_with(tmp, {"a.txt": "Caf\xe9 talks resumed.".encode("latin-1")})
    return ["check", str(folder)], "byte 3 is not valid utf-8"


def case_mixed_encodings(tmp):
    data = "Talks in Café ".encode() + "and in Caf\xe9 again".encode("latin-1")
    folder = folder_with(tmp, {"a.txt": data})
    return ["check", str(folder)], "is not valid utf-8"


def case_non_utf8_csv(tmp):
    path = tmp / "c.csv"
    path.write_bytes("id,source,text\n1,S,Caf\xe9\n".encode("latin-1"))
    return ["check", str(path)], "c.csv: byte"


def case_unknown_encoding(tmp):
    path = write_csv(tmp / "c.csv", rows())
    return ["check", str(path), "--encoding", "klingon-8"], "unknown encoding"


def case_duplicate_ids(tmp):
    path = write_csv(tmp / "c.csv", rows(id=["x", "x", "y"]))
    return ["check", str(path)], "used by more than one document, e.g. x"


def case_duplicate_ids_in_manifest(tmp):
    manifest = "doc_id,source\na,S\na,T\n"
    folder = folder_with(tmp, {"a.txt": GOOD_TEXT.encode()}, manifest)
    return ["check", str(folder)], "listed more than once: a"


def case_manifest_row_without_file(tmp):
    manifest = "doc_id,source\na,S\nb,T\n"
    folder = folder_with(tmp, {"a.txt": GOOD_TEXT.encode()}, manifest)
    return ["check", str(folder)], "with no .txt or .html file: b"


def case_unparseable_dates(tmp):
    path = write_csv(tmp / "c.csv", rows(date=["soon", "later", "whenever"]))
    return ["check", str(path)], "3 of 3 dates cannot be read"


def case_impossible_date_when_strict(tmp):
    path = write_csv(tmp / "c.csv", rows(date=["0001-11-30", "2024-01-02", "2024-01-03"]))
    config = config_for(tmp, f"corpus:\n  path: {path}\n  strict: true\n")
    return ["run", "--config", str(config), "--out", str(tmp / "out")], "impossible date '0001-11-30'"


def case_invalid_jsonl_line(tmp):
    path = tmp / "c.jsonl"
    path.write_text(json.dumps(rows()[0]) + "\n{not json}\n", encoding="utf-8")
    return ["check", str(path)], "line 2: not valid JSON"


def case_jsonl_not_objects(tmp):
    path = tmp / "c.jsonl"
    path.write_text("[1, 2]\n3\n", encoding="utf-8")
    return ["check", str(path)], "not valid JSON"


def case_truncated_gzip(tmp):
    path = tmp / "c.jsonl.gz"
    path.write_bytes(gzip.compress(json.dumps(rows()[0]).encode())[:20])
    return ["check", str(path)], "cannot be read as jsonl"


def case_corrupt_parquet(tmp):
    path = tmp / "c.parquet"
    path.write_bytes(b"PAR1 this is not really parquet")
    return ["check", str(path)], "cannot be read as parquet"


def case_config_missing(tmp):
    return ["run", "--config", str(tmp / "none.yml")], "config file"


def case_malformed_yaml(tmp):
    config = config_for(tmp, "corpus:\n  path: [data/seed\n")
    return ["run", "--config", str(config)], "not valid YAML at line"


def case_empty_config(tmp):
    config = config_for(tmp, "")
    return ["run", "--config", str(config)], "needs a corpus section"


def case_unknown_config_key(tmp):
    config = config_for(tmp, "corpus: {path: data/seed}\nnotebook: {}\n")
    return ["run", "--config", str(config)], "unknown key(s) notebook"


def case_unknown_corpus_key(tmp):
    config = config_for(tmp, "corpus: {path: data/seed, colums: {}}\n")
    return ["run", "--config", str(config)], "unknown key(s) colums"


def case_unknown_notebook_name(tmp):
    config = config_for(tmp, "corpus: {path: data/seed}\n")
    return ["run", "--config", str(config), "--only", "topcis"], "unknown notebook(s) topcis"


def case_unknown_notebook_section(tmp):
    config = config_for(tmp, "corpus: {path: data/seed}\nnotebooks: {topcis: {k: 3}}\n")
    return ["run", "--config", str(config)], "notebooks.topcis is not a notebook"


def case_unknown_parameter(tmp):
    config = config_for(tmp, "corpus: {path: data/seed}\n")
    return ["run", "--config", str(config), "--set", "corpus.colour=red"], "unknown key(s) colour"


def case_parameter_of_wrong_type(tmp):
    config = config_for(tmp, "corpus: {path: data/seed}\n")
    return ["run", "--config", str(config), "--set", "notebooks.corpus.top_n=many"], "expected int, got 'many'"


def case_set_without_value(tmp):
    config = config_for(tmp, "corpus: {path: data/seed}\n")
    return ["run", "--config", str(config), "--set", "top_n"], "expected KEY=VALUE"


def case_negative_jobs(tmp):
    config = config_for(tmp, "corpus: {path: data/seed}\n")
    return ["run", "--config", str(config), "--jobs", "-2"], "--jobs -2"


def case_unknown_engine(tmp):
    config = config_for(tmp, "corpus: {path: data/seed}\nengine: spark\n")
    return ["run", "--config", str(config)], "engine 'spark'"


def case_negative_limit(tmp):
    config = config_for(tmp, "corpus: {path: data/seed, limit: -5}\n")
    return ["run", "--config", str(config)], "limit: -5 is negative"


def case_filter_leaves_nothing(tmp):
    config = config_for(tmp, "corpus: {path: data/seed, date_from: '2030-01-01'}\n")
    return ["run", "--config", str(config), "--out", str(tmp / "out")], "no documents left after"


def case_unknown_source_in_filter(tmp):
    config = config_for(tmp, "corpus: {path: data/seed, include_sources: [Reuters]}\n")
    return ["run", "--config", str(config), "--out", str(tmp / "out")], "no source named 'Reuters'"


def case_bad_filter_date(tmp):
    config = config_for(tmp, "corpus: {path: data/seed, date_to: 'June 2025'}\n")
    return ["run", "--config", str(config)], "date_to: 'June 2025' is not a date"


def case_keep_missing_column(tmp):
    path = write_csv(tmp / "c.csv", rows())
    config = config_for(tmp, f"corpus: {{path: {path}, keep: [bias]}}\n")
    return ["run", "--config", str(config)], "corpus.keep names 'bias'"


def case_bad_name(tmp):
    config = config_for(tmp, "name: '../escape'\ncorpus: {path: data/seed}\n")
    return ["run", "--config", str(config)], "may use only letters"


CASES = {name[5:]: func for name, func in sorted(globals().items()) if name.startswith("case_")}


@pytest.mark.parametrize("name", sorted(CASES))
def test_bad_input_exits_2_with_one_clear_line(name, tmp_path, capsys):
    args, expected = CASES[name](tmp_path)
    before = sorted(p.name for p in tmp_path.iterdir())
    assert main(args) == 2
    captured = capsys.readouterr()
    lines = [line for line in captured.err.splitlines() if line.strip()]
    assert lines and lines[-1].startswith("error: "), captured.err
    assert expected in lines[-1], lines[-1]
    assert "Traceback" not in captured.err + captured.out
    assert sorted(p.name for p in tmp_path.iterdir()) == before, "bad input must not write output"


def test_there_are_at_least_25_cases():
    assert len(CASES) >= 25


def test_debug_shows_the_traceback(tmp_path, capsys):
    assert main(["--debug", "check", str(tmp_path / "nothing.csv")]) == 2
    assert "Traceback" in capsys.readouterr().err


def test_warnings_are_reported_by_check_without_failing(tmp_path, capsys):
    path = write_csv(tmp_path / "c.csv", rows(date=["0001-11-30", "2024-01-02", "2024-01-03"]))
    assert main(["check", str(path)]) == 0
    out = capsys.readouterr().out
    assert "impossible date '0001-11-30'" in out and "1 warning(s)" in out
