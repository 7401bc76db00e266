"""The package's layout rules, read off the source: stages import only the shared base, no cycles,
no private names across modules (docs/ARCHITECTURE.md)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from helpers.paths import PROJ_ROOT

SOURCE = PROJ_ROOT / "src" / "helpers"
STAGES = ("corpus", "topics", "actors", "framing", "stories")
BASE = (
    "paths",
    "errors",
    "engine",
    "yamlfile",
    "compare",
    "bootstrap",
    "charts",
    "report",
    "patterns",
    "store",
    "wordlists",
    "periods",
    "exclusions",
)


def _module_name(path: Path) -> str:
    parts = path.relative_to(SOURCE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {_module_name(path): path for path in sorted(SOURCE.rglob("*.py"))}


def _target(name: str) -> str:
    """The module an imported dotted name lives in (``helpers.compare.REST`` → ``helpers.compare``)."""
    while name not in MODULES and "." in name:
        name = name.rsplit(".", 1)[0]
    return name


def imports_of(module: str) -> list[tuple[str, str]]:
    """(imported module, imported name or "") for every import in ``module``, inside functions too."""
    found = []
    for node in ast.walk(ast.parse(MODULES[module].read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(_target(alias.name), "") for alias in node.names if alias.name.startswith("helpers")]
        elif isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("helpers"):
            for alias in node.names:
                dotted = f"{node.module}.{alias.name}"
                if dotted in MODULES:
                    found.append((dotted, ""))
                else:
                    found.append((_target(node.module), alias.name))
    return found


def _edges() -> dict[str, set[str]]:
    edges = {}
    for module in MODULES:
        parents = {module.rsplit(".", n)[0] for n in range(1, module.count(".") + 1)}
        # A submodule importing its own parent package is not a cycle to worry about.
        edges[module] = {target for target, _ in imports_of(module) if target not in parents and target != module}
    return edges


def _stage(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


def test_the_tree_has_the_agreed_rooms():
    for name in BASE:
        assert f"helpers.{name}" in MODULES, f"base module {name} is missing"
    for stage in ("corpus", "topics", "actors", "framing", "stories", "run"):
        assert f"helpers.{stage}" in MODULES, f"package helpers.{stage} is missing"
    for stage in ("corpus", "topics", "actors", "framing", "stories"):
        assert f"helpers.{stage}.parameters" in MODULES, f"helpers.{stage} has no parameters module"


def test_no_import_cycle():
    edges = _edges()
    state: dict[str, int] = {}
    path: list[str] = []

    def visit(module: str) -> None:
        state[module] = 1
        path.append(module)
        for target in sorted(edges.get(module, ())):
            if state.get(target) == 1:
                cycle = path[path.index(target) :] + [target]
                pytest.fail("import cycle: " + " → ".join(cycle))
            if state.get(target) is None:
                visit(target)
        path.pop()
        state[module] = 2

    for module in sorted(MODULES):
        if module not in state:
            visit(module)


@pytest.mark.parametrize("module", sorted(MODULES))
def test_stages_import_only_the_base_and_themselves(module):
    stage = _stage(module)
    for target, _ in imports_of(module):
        other = _stage(target)
        if stage in BASE:
            assert other in BASE, f"base module {module} imports {target}"
        elif stage in STAGES:
            assert other in BASE or other == stage, f"stage module {module} imports {target} of another stage"


@pytest.mark.parametrize("module", sorted(MODULES))
def test_no_private_name_is_imported_from_another_module(module):
    private = [f"{target}.{name}" for target, name in imports_of(module) if name.startswith("_")]
    assert not private, f"{module} imports private names: {', '.join(private)}"


def test_the_graph_reader_sees_imports_inside_functions():
    # The rules are only as good as the reader: the runner loads the corpus stage, and the command
    # line imports the runner inside a function.
    assert "helpers.corpus" in {target for target, _ in imports_of("helpers.run.runner")}
    assert "helpers.run.runner" in {target for target, _ in imports_of("helpers.cli")}
