"""The installed ``briefing`` script finds the shipped data, installed with ``pip install .`` or from a checkout."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

SCRIPT = Path(sys.executable).with_name("briefing")


@pytest.mark.skipif(not SCRIPT.exists(), reason="briefing is not installed in this environment")
def test_installed_script_validates_shipped_data(tmp_path: Path) -> None:
    # Run from an unrelated folder so nothing is found relative to the working directory.
    result = subprocess.run([str(SCRIPT), "validate"], cwd=tmp_path, capture_output=True, text=True,
                            env={**os.environ, "BRIEFING_DATA": ""}, timeout=60)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.startswith("ok: 1 edition (2024-09-to-2025-03)")


def test_module_runs_without_a_checkout_path(tmp_path: Path) -> None:
    result = subprocess.run([sys.executable, "-m", "briefing", "--version"], cwd=tmp_path,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0
    assert result.stdout.startswith("briefing ")
