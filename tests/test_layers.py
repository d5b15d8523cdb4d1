"""The layers as a contract: ``lint-imports`` checks pyproject.toml's ``[tool.importlinter]``.

The model imports neither the app, the shell commands, the server, textual nor rich; the app
never imports the shell commands; the shell reaches the app only through ``briefing.app``.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import briefing

ROOT = Path(briefing.__file__).resolve().parent.parent
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def lint_imports(folder: Path) -> subprocess.CompletedProcess:
    """Run lint-imports in ``folder`` (its pyproject.toml, its ``briefing``) as a newcomer would."""
    env = {**os.environ, "PYTHONPATH": str(folder)}
    return subprocess.run([str(LINT_IMPORTS), "--no-cache"], cwd=folder, env=env,
                          capture_output=True, text=True, timeout=120)


def test_the_layers_are_kept() -> None:
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "3 kept, 0 broken" in result.stdout


def copy_of_the_package(tmp_path: Path) -> Path:
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    shutil.copytree(ROOT / "briefing", tmp_path / "briefing",
                    ignore=shutil.ignore_patterns("__pycache__", "*.toml", "*.md", "*.txt", "*.html", "*.tcss"))
    return tmp_path


def test_a_model_module_importing_textual_breaks_the_contract(tmp_path: Path) -> None:
    copy = copy_of_the_package(tmp_path)
    (copy / "briefing/model/data/painted.py").write_text("from textual.widget import Widget\n")
    result = lint_imports(copy)
    assert result.returncode != 0
    assert "briefing.model.data.painted -> textual" in result.stdout
    assert "1 broken" in result.stdout


def test_the_shell_importing_a_screen_breaks_the_contract(tmp_path: Path) -> None:
    copy = copy_of_the_package(tmp_path)
    (copy / "briefing/cli/peek_cmd.py").write_text("from ..app.screens import main_screen\n")
    result = lint_imports(copy)
    assert result.returncode != 0
    assert "briefing.cli.peek_cmd -> briefing.app.screens.main_screen" in result.stdout
