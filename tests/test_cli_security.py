"""Hostile data, notes and queries never reach the terminal raw; real pipes and ttys; no textual, no Rich in a pipe."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
import tomli_w

from briefing.cli import run as cli_run
from briefing.model.locations import config_dir
from briefing.model.locations import shipped_data_dir

EDITION = "2024-09-to-2025-03"

# TOML escapes, so the file holds them as the loader will read them: OSC 52 (set the
# clipboard), an OSC 8 hyperlink, a C1 CSI, and Rich markup that must print literally.
HOSTILE_TOML = (r"Evil \u001b]52;c;SGVsbG8=\u0007 \u001b]8;;https://evil.example\u0007link\u001b]8;;\u0007 "
                r"[link=https://x]x[/link] [bold]loud[/bold] \u009b31m red | pipe")
LITERAL = ["[link=https://x]x[/link]", "[bold]loud[/bold]"]
FORBIDDEN = ["\x1b]", "\x07", "\x9b", "\x1bP", "\x1b_"]


@pytest.fixture(autouse=True)
def wide_columns(monkeypatch):
    """Wide enough that no column is cut in these tests."""
    monkeypatch.setenv("COLUMNS", "200")


def _replace_first(path: Path, key: str) -> None:
    text = path.read_text("utf-8")
    # A function as replacement: the backslashes of the TOML escapes must stay as they are.
    text, count = re.subn(rf'^{key} = ".*"$', lambda _: f'{key} = "{HOSTILE_TOML}"', text, count=1,
                          flags=re.MULTILINE)
    assert count == 1, f"no {key} line in {path}"
    path.write_text(text, "utf-8")


@pytest.fixture
def hostile(tmp_path):
    """A copy of the shipped edition whose first headline, event title and medal company are hostile."""
    folder = tmp_path / "data" / EDITION
    shutil.copytree(shipped_data_dir() / EDITION, folder)
    _replace_first(folder / "news.toml", "headline")
    _replace_first(folder / "timeline.toml", "title")
    _replace_first(folder / "medals.toml", "company")
    ids = {name: tomllib.loads((folder / f"{name}.toml").read_text("utf-8"))[key][0]["id"]
           for name, key in (("news", "items"), ("timeline", "events"), ("medals", "medals"))}
    return folder.parent, ids


def hostile_note(tmp_path, ident: str) -> None:
    folder = config_dir()
    folder.mkdir(parents=True, exist_ok=True)
    when = dt.datetime(2025, 3, 2, 9, 0, tzinfo=dt.timezone.utc)
    note = {"edition": EDITION, "dataset": "news", "id": ident, "flagged": True, "created": when, "updated": when,
            "text": "Evil note \x1b]52;c;SGVsbG8=\x07 \x9b2J [link=https://x]x[/link] [bold]loud[/bold]"}
    (folder / "annotations.toml").write_text(tomli_w.dumps({"version": 1, "notes": [note]}), "utf-8")


def commands(ids: dict[str, str]) -> list[list[str]]:
    return [
        ["search", "evil"],
        ["search", "loud", "--kind", "notes"],
        ["show", ids["news"]],
        ["show", ids["timeline"]],
        ["show", ids["medals"]],
        ["medals"],
        ["timeline"],
        ["timeline", "--query", "evil"],
        ["notes"],
        ["export", "--format", "md"],
    ]


def check(out: str) -> None:
    for bad in FORBIDDEN:
        assert bad not in out, f"{bad!r} reached the output"
    assert "\x1b]8;" not in out  # no hyperlink


@pytest.mark.parametrize("terminal", [False, True], ids=["pipe", "terminal"])
def test_hostile_fields_never_reach_the_terminal(capsys, monkeypatch, tmp_path, hostile, terminal):
    data, ids = hostile
    hostile_note(tmp_path, ids["news"])
    if terminal:
        monkeypatch.setenv("BRIEFING_FORCE_TERMINAL", "1")
    for argv in commands(ids):
        code = cli_run(["--data", str(data), *argv])
        out, err = capsys.readouterr()
        assert code == 0, (argv, err)
        check(out)
        check(err)
        if not terminal:
            assert "\x1b" not in out
        plain = re.sub(r"\x1b\[[0-9;]*m", "", out)  # what the analyst sees, styles removed
        if argv[0] in ("search", "show", "timeline", "notes"):
            assert any(literal in plain for literal in LITERAL), argv


def test_hostile_fields_in_json(capsys, tmp_path, hostile):
    data, ids = hostile
    hostile_note(tmp_path, ids["news"])
    for argv in (["search", "evil", "--json"], ["show", ids["news"], "--json"], ["notes", "--json"],
                 ["export", "--format", "json"]):
        assert cli_run(["--data", str(data), *argv]) == 0
        out = capsys.readouterr().out
        check(out)
        json.loads(out)


def test_hostile_query(capsys):
    code = cli_run(["search", "shijian\x9b", "\x1b]52;c;eA==\x07", "--json"])
    out, err = capsys.readouterr()
    assert code == 1
    check(out)
    check(err)
    assert json.loads(out)["hits"] == []


def test_markdown_table_survives_a_pipe_in_a_cell(capsys, hostile):
    data, _ = hostile
    cli_run(["--data", str(data), "export", "--format", "md"])
    md = capsys.readouterr().out
    lines = md.splitlines()
    rows = [i for i, line in enumerate(lines) if line.startswith("| ") and "Evil" in line]
    assert len(rows) >= 2  # the medal table and the At a glance tally by company
    for i in rows:
        header = next(j for j in range(i, 0, -1) if lines[j].startswith("|--") or lines[j].startswith("| --")) - 1
        cells = len(re.findall(r"(?<!\\)\|", lines[header]))
        assert "\\| pipe" in lines[i] and len(re.findall(r"(?<!\\)\|", lines[i])) == cells  # as many cells as its header


# -- real processes ------------------------------------------------------------------------


def _env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items()
           if key not in ("NO_COLOR", "BRIEFING_FORCE_TERMINAL", "BRIEFING_DATA")}
    env.update({"BRIEFING_CONFIG_DIR": str(tmp_path / "config"), "BRIEFING_CACHE_DIR": str(tmp_path / "cache"),
                "XDG_CONFIG_HOME": str(tmp_path / "xdg-config"), "XDG_CACHE_HOME": str(tmp_path / "xdg-cache"),
                "TERM": "xterm-256color", "COLUMNS": "120"})
    env.update(extra)
    return env


def _imported(stderr: str) -> set[str]:
    """Top-level package names from ``-X importtime`` output."""
    names = set()
    for line in stderr.splitlines():
        if line.startswith("import time:") and "|" in line:
            names.add(line.rsplit("|", 1)[1].strip().split(".")[0])
    return names


def test_piped_search_imports_neither_textual_nor_rich(tmp_path):
    result = subprocess.run([sys.executable, "-X", "importtime", "-m", "briefing", "search", "guowang"],
                            capture_output=True, env=_env(tmp_path), timeout=60)
    assert result.returncode == 0
    assert b"guowang" in result.stdout.lower() and b"\x1b" not in result.stdout
    imported = _imported(result.stderr.decode())
    assert "briefing" in imported
    assert "textual" not in imported and "rich" not in imported


def test_terminal_search_imports_rich_but_not_textual(tmp_path):
    result = subprocess.run([sys.executable, "-X", "importtime", "-m", "briefing", "search", "guowang"],
                            capture_output=True, env=_env(tmp_path, BRIEFING_FORCE_TERMINAL="1"), timeout=60)
    imported = _imported(result.stderr.decode())
    assert "rich" in imported and "textual" not in imported


def test_a_real_tty_gets_colour_and_no_osc(tmp_path, hostile):
    pty = pytest.importorskip("pty")
    data, _ = hostile
    master, slave = pty.openpty()
    try:
        process = subprocess.Popen([sys.executable, "-m", "briefing", "--data", str(data), "search", "evil"],
                                   stdout=slave, stderr=subprocess.PIPE, env=_env(tmp_path))
    finally:
        os.close(slave)
    chunks = []
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:  # EIO: the other side closed
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(master)
    assert process.wait(timeout=60) == 0
    out = b"".join(chunks).decode("utf-8", "replace")
    assert "\x1b[" in out  # drawn with colour
    check(out)
    assert "[link=https://x]x[/link]" in re.sub(r"\x1b\[[0-9;]*m", "", out)


def test_closed_pipe_is_not_an_error(tmp_path):
    data = tmp_path / "data"
    for number in range(5):  # over 64 KiB of Markdown: more than a pipe buffers, so the write fails
        shutil.copytree(shipped_data_dir() / EDITION, data / f"edition-{number}")
    command = f"'{sys.executable}' -m briefing --data '{data}' export --format md | head -c 10 > /dev/null"
    result = subprocess.run(["bash", "-c", f"{command}; exit ${{PIPESTATUS[0]}}"], capture_output=True,
                            env=_env(tmp_path), timeout=60)
    assert result.returncode == 0 and result.stderr == b""
