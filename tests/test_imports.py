"""The package's own import graph: imports run one way, down the stages, and nothing imports in a circle.

Every ``import`` and ``from ... import`` of an ``actuarial`` module is read from the source (module level
and inside functions alike), so a lazy import cannot hide an arrow that runs back up (DESIGN §2).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "actuarial"

LAYERS = {
    "dims": 0, "kernels": 0, "paths": 0,
    "variables": 1, "config": 1,
    "stochastic": 1.5,  # draws from config alone, below every stage, so any stage may consume them
    "demography": 2,
    "labour": 3,
    "funds": 4,
    "schemes": 5,
    "model": 6,
    "analysis": 7,
    "financing": 8, "sensitivity": 8,
    "simulation": 8.5,  # runs the model on drawn paths, financing studies included
    "report": 9,
    "cli_paths": 9.5,  # the command line's stochastic-run plumbing
    "cli": 10,
}
"""Rank of each top-level module or package: a module may import only lower ranks and its own package."""


def modules() -> dict[str, Path]:
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = path
    return found


def imports(name: str, path: Path) -> set[str]:
    """The ``actuarial`` modules ``name`` imports (a ``from package import module`` counts as the module)."""
    known = modules()
    found = set()
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names if alias.name.startswith("actuarial"))
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(package.split(".")[: len(package.split(".")) - node.level + 1] + ([base] if base else []))
            if not base.startswith("actuarial"):
                continue
            for alias in node.names:
                candidate = f"{base}.{alias.name}"
                found.add(candidate if candidate in known else base)
    return found - {name}


def rank(module: str) -> int:
    top = module.split(".")[1]
    return LAYERS[top]


def test_every_part_of_the_package_has_a_layer():
    tops = {name.split(".")[1] for name in modules() if name != "actuarial"}
    assert tops <= set(LAYERS), sorted(tops - set(LAYERS))


@pytest.mark.parametrize("name", [name for name in modules() if name != "actuarial"])
def test_imports_run_down_the_stages(name):
    """``actuarial/__init__.py`` re-exports the public API and is left out; every other module imports only
    lower layers or its own package."""
    source = name.split(".")[1]
    upward = sorted(target for target in imports(name, modules()[name])
                    if target != "actuarial" and target.split(".")[1] != source and rank(target) >= rank(name))
    assert not upward, f"{name} imports {upward}, which do not sit below it"


def test_no_import_circle():
    graph = {name: {t for t in imports(name, path) if t in modules()} for name, path in modules().items()
             if name != "actuarial"}
    state: dict[str, int] = {}

    def visit(node: str, trail: list[str]) -> None:
        state[node] = 1
        for target in sorted(graph.get(node, ())):
            if state.get(target) == 1:
                circle = trail[trail.index(target):] + [target] if target in trail else [node, target]
                pytest.fail("import circle: " + " -> ".join(circle))
            if target not in state:
                visit(target, trail + [target])
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node, [node])
