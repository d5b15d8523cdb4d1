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
    # walk_packages, not iter_modules: the model's modules sit in subpackages (data, store, diff...).
    statement = ("import pkgutil, importlib, briefing.model as m; "
                 "[importlib.import_module(i.name) for i in pkgutil.walk_packages(m.__path__, 'briefing.model.')]")
    modules = imported_after(statement)
    assert "briefing.model.diff.changes" in modules and "briefing.model.diff.as_text" in modules
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


def test_drafter_modules_import_neither_textual_nor_rich() -> None:
    statement = ("import pkgutil, importlib, briefing.model.draft as d, briefing.model.draft.formats as f; "
                 "[importlib.import_module('briefing.model.draft.' + i.name) for i in pkgutil.iter_modules(d.__path__)]; "
                 "[importlib.import_module('briefing.model.draft.formats.' + i.name) for i in pkgutil.iter_modules(f.__path__)]")
    modules = imported_after(statement)
    assert "briefing.model.draft.pipeline" in modules
    assert not {m for m in modules if m.split(".")[0] in ("textual", "rich", "pdfplumber")}


def test_start_up_and_lookups_never_import_the_drafter() -> None:
    """Only ``briefing draft`` loads it: the parser (start-up) and a lookup command do not."""
    modules = imported_after("import briefing.cli.main as m; m.build_parser()")
    assert not {m for m in modules if m.startswith("briefing.model.draft")}
    modules = imported_after("import io, briefing.cli.main as m; import sys; sys.stdout = io.StringIO(); "
                             "m.run(['search', 'shijian']); sys.stdout = sys.__stdout__")
    assert "briefing.cli.search_cmd" in modules
    assert not {m for m in modules if m.startswith("briefing.model.draft")}
    from pathlib import Path

    edition = Path(__file__).resolve().parents[1] / "data" / "2024-09-to-2025-03"
    modules = imported_after("import io, sys, briefing.cli.main as m; sys.stdout = io.StringIO(); "
                             f"m.run(['draft', '--score', {str(edition)!r}]); sys.stdout = sys.__stdout__")
    assert "briefing.model.draft.pipeline" in modules


#: What the app's first frame never needs: the other tabs, the other screens, the pictures'
#: numbers, the diff, the drafter, the follow-ups and, without a team folder, the team's notes
#: (each imported when first used; issue 31's start-up budget).
NOT_FOR_THE_FIRST_FRAME = (
    "briefing.app.tabs.news_tab", "briefing.app.tabs.medals_tab", "briefing.app.tabs.trends_tab",
    "briefing.app.tabs.timeline", "briefing.app.tabs.notes_tab", "briefing.app.tabs.changes_tab",
    "briefing.app.tabs.followups_tab", "briefing.app.screens.help_screen", "briefing.app.screens.note_editor",
    "briefing.app.screens.entity_screen", "briefing.app.screens.review_screen", "briefing.app.widgets.bar_chart",
    "briefing.app.widgets.month_strip", "briefing.model.glance", "briefing.model.diff", "briefing.model.draft",
    "briefing.model.followups", "briefing.model.notes.team",
    # Textual's text area (the note editor's): its module and themes were 10 ms of imports.
    "textual.widgets._text_area",
)


def test_the_first_frame_imports_only_what_it_shows() -> None:
    from .conftest import DATA

    code = ("import asyncio, sys; from briefing.app.app import make_app; app = make_app([sys.argv[1]]); first = []\n"
            "def frame():\n"
            "    if not first:\n"
            "        first.extend(sys.modules)\n"
            "        app.exit()\n"
            "app.post_display_hook = frame; asyncio.run(app.run_async(headless=True, size=(120, 40)))\n"
            "print(' '.join(first))")
    out = subprocess.run([sys.executable, "-c", code, str(DATA)], capture_output=True, text=True, check=True).stdout
    modules = set(out.split())
    assert "briefing.app.tabs.overview_tab" in modules and "briefing.model.store.opening" in modules
    assert not {m for m in modules if m.startswith(NOT_FOR_THE_FIRST_FRAME)}


def test_importing_the_app_leaves_the_collector_as_it_found_it() -> None:
    # app.py pauses the collector while it imports (start-up budget); a process that imports it
    # and never runs the app (the tests, the shell) must not be left without one.
    code = ("import gc; import briefing.app.app; on = gc.isenabled(); gc.disable(); import importlib, sys; "
            "del sys.modules['briefing.app.app']; importlib.import_module('briefing.app.app'); print(on, gc.isenabled())")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["True", "False"]
