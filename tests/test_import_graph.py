"""The package's modules import one another in one direction only: no import cycle (issue 10).

Every import statement counts, wherever it is: at the top, inside a function (imported on first
use) or under ``TYPE_CHECKING``. A cycle hidden in a function still ties the two modules
together, and one hidden from the interpreter still misleads a reader and a type checker.
An import of ``toolkit.a.b`` is an edge to ``toolkit.a.b`` (not to the packages above it, which
Python runs first but which import nothing eagerly here).
"""

from __future__ import annotations

import ast
from pathlib import Path

from tests.conftest import ROOT

PACKAGE = ROOT / "toolkit"


def module_name(path: Path) -> str:
    """``toolkit/render/tracker.py`` -> ``toolkit.render.tracker``; a package is its folder."""
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported(path: Path, modules: set[str]) -> set[str]:
    """The package's modules that the file at ``path`` imports, anywhere in it."""
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names if alias.name in modules}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*parts, *([node.module] if node.module else [])])
            for alias in node.names:
                # `from toolkit.render import tracker` imports a module; `from toolkit.model
                # import Meeting` imports a name of a module.
                target = f"{base}.{alias.name}"
                found.add(target if target in modules else base)
    return (found & modules) - {name}


def import_graph() -> dict[str, set[str]]:
    """Each module of the package -> the modules of the package it imports."""
    paths = sorted(PACKAGE.rglob("*.py"))
    modules = {module_name(path) for path in paths}
    return {module_name(path): imported(path, modules) for path in paths}


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Every import cycle of ``graph``, each as the path that closes it (Tarjan's components)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for other in sorted(graph[node]):
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            component = []
            while (member := stack.pop()) != node:
                component.append(member)
            component.append(node)
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_the_graph_sees_every_kind_of_import() -> None:
    graph = import_graph()
    assert "toolkit.model" in graph["toolkit.tracker"], "a top-level import"
    assert "toolkit.check.signoff" in graph["toolkit.kinds.base"], "an import inside a function"
    assert "toolkit.tracker" in graph["toolkit.render.tracker"]


def test_a_cycle_is_found_wherever_its_imports_are() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}, "e": set()}
    assert cycles(graph) == [["a", "b", "c"]]


def test_the_package_has_no_import_cycle() -> None:
    assert cycles(import_graph()) == []


def test_the_tracker_rules_know_nothing_of_excel() -> None:
    """The merge rules are plain data; the workbook code imports them, never the reverse."""
    graph = import_graph()
    assert (
        not {"toolkit.render.tracker", "toolkit.render.tracker_template"} & graph["toolkit.tracker"]
    )
    assert "openpyxl" not in (PACKAGE / "tracker.py").read_text(encoding="utf-8")
