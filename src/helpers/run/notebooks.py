"""The notebooks of the suite: which there are, which parameters each declares, and checking values for them.

A notebook ``NN-name.ipynb`` in ``notebooks/`` belongs to the stage package ``helpers.name``; the
stage's ``parameters`` module checks the notebook's parameter values against the corpus before
anything runs (``validate_parameters``), so bad input never leaves a half-written report. A stage
that has nothing to say on a corpus (too small for a topic model) gives the reason instead
(``skip_reason``): its notebook is not run, and its page says why (:func:`skipped_notebook`).
"""

from __future__ import annotations

import ast
import functools
import importlib
import importlib.util
import re
from pathlib import Path

from helpers.errors import InputError
from helpers.paths import NOTEBOOKS_DIR

NOTEBOOK_NAME = re.compile(r"^(\d\d)-([a-z0-9_]+)\.ipynb$")
TYPES = {"int": int, "float": (int, float), "str": str, "bool": bool, "list": list, "dict": dict}
# Parameters every notebook may declare, given by the runner rather than the configuration.
RUN_PARAMETERS = ("corpus", "cache_dir", "tables_dir", "engine", "dask")


def discover(folder: Path = NOTEBOOKS_DIR) -> dict[str, Path]:
    """Map each notebook's short name (``topics`` for ``01-topics.ipynb``) to its path, in order."""
    found = {}
    for path in sorted(folder.glob("*.ipynb")):
        match = NOTEBOOK_NAME.match(path.name)
        if match:
            found[match.group(2)] = path
    return found


def declared_parameters(path: Path) -> dict[str, dict]:
    """The parameters a notebook declares in its ``parameters`` cell: name → {type, default, help}."""
    return dict(_inspect(str(path), path.stat().st_mtime_ns))


@functools.lru_cache(maxsize=64)
def _inspect(path: str, modified: int) -> dict[str, dict]:
    # Planning, validating and launching each ask for a notebook's parameters; papermill parses
    # the notebook once per file version (``modified`` is part of the key).
    import papermill

    return {
        name: {"type": info["inferred_type_name"], "default": info["default"], "help": info["help"]}
        for name, info in papermill.inspect_notebook(path).items()
    }


def _check_type(value, declared: str, where: str) -> None:
    expected = TYPES.get(declared.replace("None", "").strip(" |") or "", None)
    if expected is None:
        return
    wrong = not isinstance(value, expected) or (declared in ("int", "float") and isinstance(value, bool))
    if wrong:
        raise InputError(f"{where}: expected {declared}, got {value!r} ({type(value).__name__})")


def notebook_parameters(config: dict, config_name: str, only: list[str], notebooks: dict[str, Path]) -> dict[str, dict]:
    """Decide which notebooks run with which parameters; reject unknown names, keys and types.

    Returns:
        The short name of each notebook to run → the parameter values the configuration sets for it.
    """
    selected = only or config["only"] or list(notebooks)
    unknown = [name for name in selected if name not in notebooks]
    if unknown:
        raise InputError(f"unknown notebook(s) {', '.join(unknown)}; choose from {', '.join(notebooks)}")
    unknown = [name for name in config["notebooks"] if name not in notebooks]
    if unknown:
        raise InputError(f"{config_name}: notebooks.{unknown[0]} is not a notebook; choose from {', '.join(notebooks)}")
    plans = {}
    declared_by = {name: declared_parameters(path) for name, path in notebooks.items()}
    every = set().union(*declared_by.values()) if declared_by else set()
    for key in config["parameters"]:
        if key not in every:
            raise InputError(
                f"{config_name}: parameters.{key} is not a parameter of any notebook; "
                f"known: {', '.join(sorted(every - set(RUN_PARAMETERS)))}"
            )
    for name in notebooks:
        declared = declared_by[name]
        own = config["notebooks"].get(name, {})
        for key in own:
            if key not in declared:
                known = ", ".join(k for k in declared if k not in RUN_PARAMETERS)
                raise InputError(f"{config_name}: notebooks.{name}.{key} is not a parameter of {name}; known: {known}")
        values = {key: value for key, value in config["parameters"].items() if key in declared}
        values.update(own)
        for key, value in values.items():
            _check_type(value, declared[key]["type"], f"{config_name}: {name}.{key}")
        if name in selected:
            plans[name] = values
    return plans


def defaults(path: Path) -> dict:
    """The default value of each parameter a notebook declares, as Python values."""
    values = {}
    for key, info in declared_parameters(path).items():
        try:
            values[key] = ast.literal_eval(info["default"])
        except (ValueError, SyntaxError):
            values[key] = info["default"]
    return values


def _stage_parameters(stage: str):
    """The module ``helpers.<stage>.parameters`` (None when the stage has none)."""
    module_name = f"helpers.{stage}.parameters"
    try:
        found = importlib.util.find_spec(module_name) is not None
    except ModuleNotFoundError:  # no package helpers.<stage>
        found = False
    return importlib.import_module(module_name) if found else None


def _stage_checker(stage: str):
    return getattr(_stage_parameters(stage), "validate_parameters", None)


def validate(name: str, path: Path, values: dict, corpus) -> None:
    """Let the notebook's stage reject parameters that cannot work on this corpus.

    The stage package ``helpers.<name>`` has a ``parameters`` module whose
    ``validate_parameters(parameters, corpus)`` gets the notebook's defaults updated with the
    configured values and raises :class:`InputError` (for example: more topics than passages, a
    group_by column the corpus does not have). Parameters that choose another stage's table (the
    module's ``CHECKED_BY``: stage → parameter names) are checked by that stage too. This runs
    before any notebook starts, so bad input never leaves a half-written report.
    """
    check = _stage_checker(name)
    if check is None:
        return
    parameters = defaults(path) | values
    check(parameters, corpus)
    borrowed = getattr(importlib.import_module(f"helpers.{name}.parameters"), "CHECKED_BY", {})
    for stage, keys in borrowed.items():
        other = _stage_checker(stage)
        if other is not None:
            other({key: parameters[key] for key in keys if key in parameters}, corpus)


def skip_reason(name: str, path: Path, values: dict, corpus) -> str:
    """Why the notebook's stage has nothing to say on this corpus, and what would change that ("" when it has).

    The stage's ``parameters`` module may define ``skip_reason(parameters, corpus)``; it gets the
    same parameters as ``validate_parameters``. A reason is not an error: the run goes on, and the
    notebook's page gives the reason in place of its results.
    """
    reason = getattr(_stage_parameters(name), "skip_reason", None)
    return reason(defaults(path) | values, corpus) if reason else ""


def skipped_notebook(path: Path, reason: str):
    """The page of a notebook that was not run: its introduction, then ``reason`` in a warning box."""
    import html

    import nbformat

    source = nbformat.read(path, as_version=4)
    introduction = next((cell for cell in source.cells if cell.cell_type == "markdown"), None)
    box = nbformat.v4.new_output(
        "display_data", data={"text/html": f'<div class="nf-warning">{html.escape(reason)}</div>', "text/plain": reason}
    )
    notice = nbformat.v4.new_code_cell("", outputs=[box])
    notebook = nbformat.v4.new_notebook(metadata=source.metadata)
    notebook.cells = [*([introduction] if introduction is not None else []), notice]
    return notebook
