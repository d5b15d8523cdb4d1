"""Shared by the shell-command tests: running a command in-process (isolation is conftest.py's)."""

from __future__ import annotations

from briefing.cli import run as cli_run


def run(capsys, *argv):
    """Run ``briefing ARGV...`` in-process; return the exit status, stdout and stderr."""
    code = cli_run(list(argv))
    out, err = capsys.readouterr()
    return code, out, err
