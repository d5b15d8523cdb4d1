"""No import cycles anywhere in ``briefing/``: every module's imports, read with ``ast``, form a DAG.

Every import counts: at the top, inside functions (imported when first needed) and under
``if TYPE_CHECKING:`` (a type-only import still ties two modules together, and is the
first step to a real cycle). Relative imports are resolved against the module's package;
``from package import a, b`` counts as importing the submodules ``package.a`` and
``package.b``, and the package itself when any of the names is not a submodule.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from .conftest import REPO

PACKAGE = REPO / "briefing"


def module_name(path: Path) -> str:
    parts = list(path.relative_to(REPO).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def modules() -> dict[str, Path]:
    return {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def imports_of(name: str, path: Path, known: set[str]) -> set[str]:
    """The briefing modules that module ``name`` (at ``path``) imports, anywhere in its text."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            submodules = {f"{target}.{alias.name}" for alias in node.names}
            found.update(submodules)
            if not submodules <= known:
                # ``from package import name`` imports the package itself unless every name is a submodule.
                found.add(target)
    return {module for module in found if module in known and module != name}


def import_graph() -> dict[str, set[str]]:
    found = modules()
    known = set(found)
    return {name: imports_of(name, path, known) for name, path in found.items()}


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """One cycle from each strongly connected component of more than one module (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph[node]):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                components.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return [_one_cycle(graph, set(component)) for component in components]


def _one_cycle(graph: dict[str, set[str]], component: set[str]) -> list[str]:
    """A shortest path from the component's first module back to itself, within the component."""
    start = min(component)
    paths = {start: [start]}
    queue = [start]
    while queue:
        node = queue.pop(0)
        for target in sorted(graph[node] & component):
            if target == start:
                return paths[node] + [start]
            if target not in paths:
                paths[target] = paths[node] + [target]
                queue.append(target)
    return sorted(component)


def test_the_graph_is_read() -> None:
    """The walk sees relative, type-only and function-level imports (else the test below proves nothing)."""
    graph = import_graph()
    assert "briefing.app.screens.main_screen" in graph["briefing.app.app"]  # from .screens.main_screen import
    assert "briefing.app.screens.note_editor" in graph["briefing.app.messages"]  # under if TYPE_CHECKING:
    assert "briefing.app.screens.help_screen" in graph["briefing.app.screens.main_screen"]  # inside a method
    assert "briefing.model.data.records" in graph["briefing.app.tabs.base"]  # from ...model.data.records


def test_from_a_package_import_a_name_ties_to_the_package() -> None:
    graph = import_graph()
    assert "briefing.model.data.schema" in graph["briefing.model.data.loader"]  # from ..data import schema
    assert "briefing.model.data" not in graph["briefing.model.data.loader"]
    assert "briefing" in graph["briefing.cli.main"]  # from .. import __version__ (not a module)


def test_a_cycle_is_found() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert cycles(graph) == [["a", "b", "c", "a"]]
    assert cycles({"a": {"b"}, "b": set()}) == []


def test_no_import_cycles_in_briefing() -> None:
    found = cycles(import_graph())
    assert not found, "import cycles:\n" + "\n".join(" -> ".join(cycle) for cycle in found)
