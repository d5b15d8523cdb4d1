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
    """The aliases files that go with the data ``paths``: in a folder of editions, or beside an edition folder.

    An edition in my editions or the team's, with no aliases file beside it, takes the shipped
    one (:func:`aliases_home`): the other names and corrections apply to every edition.
    """
    found: list[Path] = []
    for path in paths:
        try:
            folder = path.parent if (path / "report.toml").exists() else path
            candidate = folder / ALIASES_FILE
            if not candidate.exists():
                home = _shipped_for_library(folder)
                candidate = home / ALIASES_FILE if home is not None else candidate
            if candidate.exists() and candidate not in found:
                found.append(candidate)
        except (OSError, RuntimeError):
            continue
    return found


def aliases_home(edition_folder: Path) -> Path | None:
    """The folder (resolved) whose aliases.toml applies to an edition: its own folder of editions,
    else, for an edition in my editions or the team's with none beside it, the shipped data."""
    try:
        parent = edition_folder.resolve().parent
        if (parent / ALIASES_FILE).exists():
            return parent
        return _shipped_for_library(parent) or parent
    except (OSError, RuntimeError):
        return None


def _shipped_for_library(folder: Path) -> Path | None:
    """The shipped data folder (resolved) when ``folder`` is my editions folder or the team's, else None."""
    from ..locations import my_editions_dir, shipped_data_dir, team_dir

    team, _ = team_dir()
    places = [my_editions_dir()] + ([team / "editions"] if team is not None else [])
    try:
        here = folder.resolve()
        if any(here == place.resolve() for place in places):
            return shipped_data_dir()
    except (OSError, RuntimeError):
        return None
    return None
