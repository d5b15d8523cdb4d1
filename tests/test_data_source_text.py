"""Each edition keeps the report text it was made from (``source.txt``), checked by its SHA-256.

A missing or changed source is a validation error whenever ``source_sha256`` is set, and
``pip install .`` ships the source beside the TOML files, so the fidelity tests always
have it to read.
"""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

from briefing.cli import run
from briefing.model.store.opening import open_model

from .conftest import DATA, EDITION



def errors(folder: Path) -> list[str]:
    return [str(p) for p in open_model([folder]).errors]


def test_shipped_source_hash_is_recorded_and_matches() -> None:
    source = EDITION / "source.txt"
    recorded = next(line for line in (EDITION / "report.toml").read_text("utf-8").splitlines()
                    if line.startswith("source_sha256 = "))
    assert recorded == f'source_sha256 = "{hashlib.sha256(source.read_bytes()).hexdigest()}"'
    assert source.read_text("utf-8").count("RATCHETING UP CAPABILITY AND AMBITION") == 1
    assert errors(EDITION) == []


def test_missing_source_is_an_error(edition_copy: Path, capsys) -> None:
    (edition_copy / "source.txt").unlink()
    [message] = errors(edition_copy)
    assert message.startswith(f"{edition_copy / 'report.toml'}:")
    assert "source text source.txt is missing" in message
    assert run(["validate", "--data", str(edition_copy)]) == 1
    assert "source.txt is missing" in capsys.readouterr().out


def test_changed_source_is_an_error(edition_copy: Path) -> None:
    source = edition_copy / "source.txt"
    source.write_text(source.read_text("utf-8").replace("9 hour, 6 minute", "9 hour, 7 minute"), "utf-8")
    [message] = errors(edition_copy)
    assert "source.txt has SHA-256" in message and "the source text changed" in message
    line = next(n for n, text in enumerate((edition_copy / "report.toml").read_text("utf-8").splitlines(), 1)
                if text.startswith("source_sha256"))
    assert message.startswith(f"{edition_copy / 'report.toml'}:{line}:")


def test_source_that_is_a_folder_is_an_error(edition_copy: Path) -> None:
    (edition_copy / "source.txt").unlink()
    (edition_copy / "source.txt").mkdir()
    [message] = errors(edition_copy)
    assert "source.txt" in message and "only regular files are read" in message


def test_without_the_key_no_source_is_needed(edition_copy: Path) -> None:
    report = edition_copy / "report.toml"
    text = report.read_text("utf-8")
    report.write_text("\n".join(line for line in text.splitlines() if not line.startswith("source_sha256")), "utf-8")
    (edition_copy / "source.txt").unlink()
    assert errors(edition_copy) == []


def test_the_wheel_ships_the_source_text_and_the_aliases(tmp_path: Path) -> None:
    # Built from a copy: setuptools leaves build/ and *.egg-info beside the sources it builds.
    repo, checkout = DATA.parent, tmp_path / "checkout"
    checkout.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(repo / name, checkout / name)
    shutil.copytree(repo / "data", checkout / "data")
    shutil.copytree(repo / "briefing", checkout / "briefing", symlinks=True,
                    ignore=shutil.ignore_patterns("__pycache__"))
    built = subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", str(checkout),
                            "-w", str(tmp_path / "wheel")], capture_output=True, text=True, timeout=300)
    assert built.returncode == 0, built.stderr
    [wheel] = (tmp_path / "wheel").glob("briefing-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        shipped = archive.read(f"briefing/data/{EDITION.name}/source.txt")
    assert shipped == (EDITION / "source.txt").read_bytes()
    assert "briefing/data/aliases.toml" in names
    assert {f"briefing/data/{EDITION.name}/{name}" for name in
            ("report.toml", "news.toml", "medals.toml", "trends.toml", "timeline.toml")} <= names
