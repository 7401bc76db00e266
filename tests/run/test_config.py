"""Run configurations: YAML errors, unknown keys, overrides."""

from __future__ import annotations

import pytest

from helpers.errors import InputError
from helpers.run.config import apply_overrides, check, parse_assignment
from helpers.yamlfile import read_yaml


def test_parse_assignment_reads_values_as_yaml():
    assert parse_assignment("topics.k=6") == (["topics", "k"], 6)
    assert parse_assignment("corpus.path=data/x.csv") == (["corpus", "path"], "data/x.csv")
    assert parse_assignment("flag=true") == (["flag"], True)
    assert parse_assignment("types=[person, country]") == (["types"], ["person", "country"])
    with pytest.raises(InputError, match="expected KEY=VALUE"):
        parse_assignment("novalue")


def test_overrides_address_sections_and_shortcuts():
    config = {"corpus": {"path": "a"}, "notebooks": {"topics": {"k": 3}}}
    updated = apply_overrides(
        config, ["corpus.path=b", "topics.k=6", "random_state=4", "notebooks.actors.top_n=5"], ["topics", "actors"]
    )
    assert updated == {
        "corpus": {"path": "b"},
        "notebooks": {"topics": {"k": 6}, "actors": {"top_n": 5}},
        "parameters": {"random_state": 4},
    }
    assert config["corpus"]["path"] == "a"


def test_check_rejects_unknown_keys_and_bad_values():
    with pytest.raises(InputError, match="unknown key.*notebook;"):
        check({"corpus": {"path": "x"}, "notebook": {}}, "c.yml")
    with pytest.raises(InputError, match="needs a corpus section"):
        check({}, "c.yml")
    with pytest.raises(InputError, match="jobs must be a whole number"):
        check({"corpus": {"path": "x"}, "jobs": -1}, "c.yml")
    with pytest.raises(InputError, match="engine 'spark' is not one of pandas, dask"):
        check({"corpus": {"path": "x"}, "engine": "spark"}, "c.yml")
    checked = check({"corpus": {"path": "x"}}, "c.yml")
    assert checked["engine"] == "pandas" and checked["cache"] is True and checked["only"] == []


def test_malformed_yaml_names_the_line(tmp_path):
    path = tmp_path / "bad.yml"
    path.write_text("corpus:\n  path: [unclosed\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"bad\.yml: not valid YAML at line \d+"):
        read_yaml(path, "config file")
    path.write_text("- just\n- a list\n", encoding="utf-8")
    with pytest.raises(InputError, match="expected a mapping"):
        read_yaml(path, "config file")
    with pytest.raises(InputError, match="config file .*missing.yml does not exist"):
        read_yaml(tmp_path / "missing.yml", "config file")
