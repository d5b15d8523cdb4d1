"""The model layer and the shell lookups never import textual (nor rich, for the model)."""

from __future__ import annotations

import subprocess
import sys

import pytest

MODEL_MODULES = [
    "briefing.model", "briefing.model.data.loader", "briefing.model.data.records", "briefing.model.store.ranking",
    "briefing.model.store.opening", "briefing.model.store.search", "briefing.model.export.as_json", "briefing.model.data.dates", "briefing.model.data.text",
]


def imported_after(statement: str) -> set[str]:
    code = f"import sys; {statement}; print(' '.join(sorted(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    return set(out.split())


@pytest.mark.parametrize("module", MODEL_MODULES)
def test_model_imports_neither_textual_nor_rich(module: str) -> None:
    modules = imported_after(f"import {module}")
    assert not {m for m in modules if m.split(".")[0] in ("textual", "rich")}


def test_every_model_module_is_clean() -> None:
    """Import every module of the package at once, so a new module is covered without listing it."""
    statement = ("import pkgutil, importlib, briefing.model as m; "
                 "[importlib.import_module(i.name) for i in pkgutil.walk_packages(m.__path__, 'briefing.model.')]")
    modules = imported_after(statement)
    assert not {m for m in modules if m.split(".")[0] in ("textual", "rich")}


def test_command_line_parser_does_not_import_textual() -> None:
    modules = imported_after("import briefing.cli.main as m; m.build_parser()")
    assert not {m for m in modules if m.split(".")[0] == "textual"}


def test_nothing_in_briefing_can_turn_stored_bytes_into_code() -> None:
    """No pickle, marshal, shelve, eval or exec anywhere in the package: what is read is only ever data."""
    import ast
    from pathlib import Path

    import briefing

    root = Path(briefing.__file__).parent
    found = []
    for path in root.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                names = [alias.name for alias in node.names] + [getattr(node, "module", None) or ""]
                if any(name.split(".")[0] in ("pickle", "marshal", "shelve", "dill", "cloudpickle") for name in names):
                    found.append(f"{path.relative_to(root)}:{node.lineno}")
            elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ("eval", "exec"):
                found.append(f"{path.relative_to(root)}:{node.lineno}")
    assert found == []
