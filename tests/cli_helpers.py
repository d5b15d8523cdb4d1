"""Shared by the shell-command tests: a clean environment for each test, and running a command."""

from __future__ import annotations

import pytest

from briefing.cli import run as cli_run


@pytest.fixture(autouse=True)
def isolated(tmp_path, monkeypatch):
    """Config, cache and XDG dirs under tmp_path; the shipped data; plain output unless a test
    forces a terminal; UTC times, so printed note times do not depend on the machine."""
    for name, folder in (("BRIEFING_CONFIG_DIR", "config"), ("BRIEFING_CACHE_DIR", "cache"),
                         ("XDG_CONFIG_HOME", "xdg-config"), ("XDG_CACHE_HOME", "xdg-cache")):
        monkeypatch.setenv(name, str(tmp_path / folder))
    for name in ("BRIEFING_DATA", "BRIEFING_TEAM_DIR", "NO_COLOR", "BRIEFING_FORCE_TERMINAL", "COLUMNS"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("TERM", "xterm-256color")
    monkeypatch.setenv("TZ", "UTC")
    return tmp_path


def run(capsys, *argv):
    """Run ``briefing ARGV...`` in-process; return the exit status, stdout and stderr."""
    code = cli_run(list(argv))
    out, err = capsys.readouterr()
    return code, out, err
