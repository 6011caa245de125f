"""The layout's dependency rule, read from the code's own imports (``docs/architecture.md``).

Floors, from the ground up: ``allocator.domain``; then ``inputs``, ``solvers`` and
``allocator.check``, each importing only the domain; ``reports`` (may read ``inputs``'
contract and show ``allocator.check``'s findings); the shared job start ``allocator.job``;
one room per job (``allocator.allocate``, ``deploy``, ``capacity``, ``whatif``,
``validate``), which never import each other; and ``allocator.cli`` at the top. An import
may only point to a lower floor or stay inside its own room.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("allocator", "inputs", "solvers", "reports")
# room -> floor; a module belongs to the longest room that prefixes its name
FLOORS = {
    "allocator.domain": 0,
    "inputs": 1,
    "solvers": 1,
    "allocator.check": 1,
    "reports": 2,
    "allocator.job": 3,
    "allocator.allocate": 4,
    "allocator.deploy": 4,
    "allocator.capacity": 4,
    "allocator.whatif": 4,
    "allocator.validate": 4,
    "allocator.forecast": 4,
    "allocator.cli": 5,
}


@dataclass(frozen=True)
class Import:
    """One import of a project module: who imports what, where, and whether it has a reason."""

    source: str
    target: str
    line: int
    inside_function: bool
    explained: bool


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def room(module: str) -> str | None:
    """The room (layer or job) a module lives in; None for the bare package files."""
    best = None
    for name in FLOORS:
        if (module == name or module.startswith(name + ".")) and (
            best is None or len(name) > len(best)
        ):
            best = name
    return best


def project_imports() -> Iterator[Import]:
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            source = module_name(path)
            text = path.read_text(encoding="utf-8")
            lines = text.splitlines()
            yield from _imports_of(source, ast.parse(text), lines)


def _imports_of(source: str, tree: ast.Module, lines: list[str]) -> Iterator[Import]:
    inner = {
        id(node)
        for fn in ast.walk(tree)
        if isinstance(fn, ast.FunctionDef | ast.AsyncFunctionDef)
        for node in ast.walk(fn)
    }
    for node in ast.walk(tree):
        targets: list[str] = []
        if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            base = node.module
            subs = [f"{base}.{a.name}" for a in node.names]
            targets = [t if _exists(t) else base for t in subs]
        elif isinstance(node, ast.Import):
            targets = [a.name for a in node.names]
        for target in targets:
            if target.split(".")[0] in PACKAGES and _exists(target):
                near = lines[node.lineno - 2 : node.end_lineno or node.lineno]
                yield Import(
                    source, target, node.lineno, id(node) in inner, any("#" in s for s in near)
                )


def _exists(module: str) -> bool:
    path = ROOT.joinpath(*module.split("."))
    return path.with_suffix(".py").exists() or (path / "__init__.py").exists()


IMPORTS = list(project_imports())


def test_every_module_lives_in_a_room() -> None:
    homeless = sorted({i.source for i in IMPORTS if room(i.source) is None and "." in i.source})
    assert homeless == []


def test_imports_only_point_downwards() -> None:
    wrong = []
    for imp in IMPORTS:
        here, there = room(imp.source), room(imp.target)
        if here is None or there is None or here == there:
            continue
        if FLOORS[there] >= FLOORS[here]:
            wrong.append(f"{imp.source}:{imp.line} imports {imp.target} ({here} -> {there})")
    assert wrong == []


def test_the_domain_imports_nothing_else_of_the_project() -> None:
    wrong = [
        f"{i.source}:{i.line} imports {i.target}"
        for i in IMPORTS
        if room(i.source) == "allocator.domain" and room(i.target) != "allocator.domain"
    ]
    assert wrong == []


@pytest.mark.parametrize("layer", ["inputs", "solvers", "allocator.check"])
def test_the_first_floor_imports_only_the_domain(layer: str) -> None:
    wrong = [
        f"{i.source}:{i.line} imports {i.target}"
        for i in IMPORTS
        if room(i.source) == layer and room(i.target) not in (layer, "allocator.domain")
    ]
    assert wrong == []


def test_no_cycle_between_files() -> None:
    graph: dict[str, set[str]] = {}
    for imp in IMPORTS:
        if not imp.inside_function:
            graph.setdefault(imp.source, set()).add(_file_of(imp.target))
    assert _cycles(graph) == []


def test_no_cycle_between_packages() -> None:
    graph: dict[str, set[str]] = {}
    for imp in IMPORTS:
        target = _file_of(imp.target)
        if _is_front_door(imp.source, target):
            continue
        here, there = _package_of(imp.source), _package_of(target)
        if here != there:
            graph.setdefault(here, set()).add(there)
    assert _cycles(graph) == []


def _is_front_door(source: str, target: str) -> bool:
    """A package's ``__init__`` re-exporting what lies inside it (``solvers.solve``)."""
    path = ROOT.joinpath(*source.split("."))
    return (path / "__init__.py").exists() and target.startswith(source + ".")


def _package_of(module: str) -> str:
    """The package a module lives in (a package's ``__init__`` is its package)."""
    path = ROOT.joinpath(*module.split("."))
    return module if (path / "__init__.py").exists() else module.rpartition(".")[0]


def test_imports_inside_functions_say_why() -> None:
    silent = [f"{i.source}:{i.line}" for i in IMPORTS if i.inside_function and not i.explained]
    assert silent == []


def _file_of(module: str) -> str:
    """``a.b.name`` where ``name`` is not a module of its own names the file ``a.b``."""
    return module if _exists(module) else module.rpartition(".")[0]


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Every strongly connected group of more than one file (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for nxt in graph.get(node, ()):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = []
            while True:
                top = stack.pop()
                group.append(top)
                if top == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_the_rule_catches_an_upward_import() -> None:
    """The checker itself can fail: a domain file importing a solver is caught."""
    tree = ast.parse("from solvers.allocation.run import solve\n")
    (imp,) = list(_imports_of("allocator.domain.fake", tree, ["from solvers.allocation.run"]))
    assert FLOORS[room(imp.target) or ""] > FLOORS["allocator.domain"]
