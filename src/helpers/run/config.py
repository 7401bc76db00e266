"""Run configurations: a YAML file, overridden by ``--set KEY=VALUE``, checked before anything runs.

A configuration has these top-level keys (all optional except ``corpus``):

- ``name``: the report folder under ``reports/`` (default: the file name without .yml).
- ``corpus``: where the corpus is and how to read it (:class:`helpers.corpus.CorpusSpec`).
- ``parameters``: values passed to every notebook that declares a parameter of that name.
- ``notebooks``: per-notebook parameters, keyed by the notebook's short name
  (``corpus``, ``topics``, ``actors``, ``framing``), e.g. ``notebooks: {topics: {k: 6}}``.
- ``only``: the short names of the notebooks to run (default: all).
- ``jobs``: notebooks run at the same time (default 4).
- ``cache``: keep the parsed corpus in ``.cache/`` so notebooks do not parse it again (default true).
- ``engine``: ``pandas`` (default) or ``dask``; ``dask`` takes ``dask: {address: …, workers: …}``.
"""

from __future__ import annotations

import copy

import yaml

from helpers.corpus import CorpusSpec
from helpers.errors import InputError

TOP_KEYS = ("name", "corpus", "parameters", "notebooks", "only", "jobs", "cache", "engine", "dask")
ENGINES = ("pandas", "dask")


def parse_assignment(text: str) -> tuple[list[str], object]:
    """Split ``a.b.c=value`` into ``(["a", "b", "c"], value)``, the value read as YAML."""
    key, sep, raw = text.partition("=")
    if not sep or not key.strip():
        raise InputError(f"--set {text!r}: expected KEY=VALUE, e.g. --set notebooks.topics.k=6")
    try:
        value = yaml.safe_load(raw) if raw.strip() else ""
    except yaml.YAMLError:
        value = raw
    return [part for part in key.strip().split(".") if part], value


def apply_overrides(config: dict, assignments: list[str], notebook_names: list[str]) -> dict:
    """Return a copy of ``config`` with each ``KEY=VALUE`` applied.

    ``corpus.path=…`` and ``notebooks.topics.k=6`` address the config directly; ``topics.k=6``
    is short for ``notebooks.topics.k=6`` and a bare ``random_state=1`` for
    ``parameters.random_state=1``.
    """
    updated = copy.deepcopy(config)
    for assignment in assignments:
        keys, value = parse_assignment(assignment)
        if keys[0] in notebook_names and keys[0] not in TOP_KEYS:
            keys = ["notebooks", *keys]
        elif len(keys) == 1 and keys[0] not in TOP_KEYS:
            keys = ["parameters", *keys]
        target = updated
        for key in keys[:-1]:
            child = target.setdefault(key, {})
            if not isinstance(child, dict):
                raise InputError(f"--set {assignment!r}: {key} is not a section")
            target = child
        target[keys[-1]] = value
    return updated


def check(config: dict, where: str) -> dict:
    """Validate the top level and the corpus section; return the config with defaults filled in."""
    unknown = sorted(set(config) - set(TOP_KEYS))
    if unknown:
        raise InputError(f"{where}: unknown key(s) {', '.join(unknown)}; known keys are {', '.join(TOP_KEYS)}")
    checked = dict(config)
    corpus = checked.get("corpus")
    if not isinstance(corpus, dict) or "path" not in corpus:
        raise InputError(f"{where}: needs a corpus section with a path, e.g. corpus: {{path: data/seed}}")
    checked["corpus_spec"] = CorpusSpec.from_dict(corpus, where=f"{where}: corpus")
    for section in ("parameters", "notebooks", "dask"):
        value = checked.get(section) or {}
        if not isinstance(value, dict):
            raise InputError(f"{where}: {section} must be a mapping of names to values")
        checked[section] = value
    for name, values in checked["notebooks"].items():
        if values is not None and not isinstance(values, dict):
            raise InputError(f"{where}: notebooks.{name} must be a mapping of parameter names to values")
        checked["notebooks"][name] = values or {}
    only = checked.get("only") or []
    if isinstance(only, str):
        only = [only]
    checked["only"] = list(only)
    jobs = checked.get("jobs", 0)
    if not isinstance(jobs, int) or isinstance(jobs, bool) or jobs < 0:
        raise InputError(f"{where}: jobs must be a whole number ≥ 0 (0 = the default, 4), not {jobs!r}")
    checked["jobs"] = jobs
    if not isinstance(checked.get("cache", True), bool):
        raise InputError(f"{where}: cache must be true or false, not {checked['cache']!r}")
    checked["cache"] = checked.get("cache", True)
    engine = checked.get("engine", "pandas")
    if engine not in ENGINES:
        raise InputError(f"{where}: engine {engine!r} is not one of {', '.join(ENGINES)}")
    checked["engine"] = engine
    return checked
