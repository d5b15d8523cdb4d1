"""Finding edition folders and their files: each data path is an edition (it holds report.toml)
or a folder of editions, beside which ``aliases.toml`` may lie.

Kept apart from the loader and the schema so that opening a current store, which must
list the edition folders and files to check its signature, imports no TOML parsing.
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterable

from .problems import Problem
from .text import clean_text

#: The dataset files of an edition, in the order they are read.
FILES = ("report.toml", "news.toml", "medals.toml", "trends.toml", "timeline.toml")

#: The aliases file's name (ours: other names, corrections), in a folder of editions.
ALIASES_FILE = "aliases.toml"


def edition_id_of(folder: Path) -> str:
    """The edition's id: its folder's name, cleaned like data text (a name can hold ESC or BEL)."""
    return clean_text(folder.name)[0]


def find_editions(paths: list[Path], problems: list[Problem]) -> list[Path]:
    """Edition folders under ``paths``: each path is an edition (holds report.toml) or holds editions."""
    found: list[Path] = []
    for path in paths:
        try:
            if not path.exists():
                if path.is_symlink():
                    problems.append(Problem(path, None, "data path is a broken symbolic link or a link loop"))
                else:
                    problems.append(Problem(path, None, "data path does not exist"))
                continue
            if not path.is_dir():
                problems.append(Problem(path, None, "data path is not a folder of editions"))
                continue
            if (path / "report.toml").exists():
                found.append(path)
                continue
            editions = sorted(p for p in path.iterdir() if p.is_dir() and (p / "report.toml").exists())
        except OSError as error:  # a symlink loop, an unreadable folder
            problems.append(Problem(path, None, f"cannot read data path: {error.strerror or error}"))
            continue
        if not editions:
            problems.append(Problem(path, None, "no editions found (an edition is a folder holding report.toml)"))
        found.extend(editions)
    return found


def aliases_file_for(paths: Iterable[Path]) -> list[Path]:
    """The aliases files that go with the data ``paths``: in a folder of editions, or beside an edition folder."""
    found: list[Path] = []
    for path in paths:
        try:
            folder = path.parent if (path / "report.toml").exists() else path
            candidate = folder / ALIASES_FILE
            if candidate.exists() and candidate not in found:
                found.append(candidate)
        except OSError:
            continue
    return found
