"""Project invariants: dependency lists agree, notebooks are thin and committed clean."""

from __future__ import annotations

import re

import nbformat
import pytest
import tomllib
import yaml

from helpers.paths import NOTEBOOKS_DIR, PROJ_ROOT

# conda-forge packages that provide a PyPI package's extras.
CONDA_EXTRAS = {"dask": {"dask", "distributed"}}


def names(requirements: list[str]) -> set[str]:
    found = set()
    for requirement in requirements:
        match = re.match(r"^\s*([A-Za-z0-9_.\-]+)", requirement)
        found.add(match.group(1).lower().replace("_", "-"))
    return found


def test_environment_yml_lists_the_same_dependencies_as_pyproject():
    project = tomllib.loads((PROJ_ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    wanted = names(project["dependencies"]) | names(project["optional-dependencies"]["dev"])
    for package, provided in CONDA_EXTRAS.items():
        if package in wanted:
            wanted |= provided
    conda = yaml.safe_load((PROJ_ROOT / "environment.yml").read_text(encoding="utf-8"))
    listed = names([d for d in conda["dependencies"] if isinstance(d, str)]) - {"python", "pip"}
    assert listed == wanted


NOTEBOOKS = sorted(NOTEBOOKS_DIR.glob("*.ipynb"))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_notebooks_are_thin_parameterised_and_without_outputs(path):
    notebook = nbformat.read(path, as_version=4)
    code = [cell for cell in notebook.cells if cell.cell_type == "code"]
    assert sum("parameters" in cell.metadata.get("tags", []) for cell in code) == 1
    for cell in code:
        assert not re.search(r"^\s*(def|class)\s", cell.source, re.M), f"{path.name}: move functions into helpers"
        assert not cell.get("outputs") and cell.get("execution_count") is None, f"{path.name}: clear outputs"
    params = next(cell for cell in code if "parameters" in cell.metadata.get("tags", []))
    for line in params.source.splitlines():
        assert re.match(r"^\w+: \w+ = .+  # .+$", line), (
            f"{path.name}: parameter line needs a type and a comment: {line}"
        )
