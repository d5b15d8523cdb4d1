"""Whether a store is current: what it must have been compiled from, and whether the files can be trusted yet.

A store records the size and ``mtime_ns`` of every dataset file of every edition found,
the list of edition folders and the record classes' fields (:func:`signature_of`); any
difference and it is compiled again. A file modified in the last :data:`RACY_SECONDS` is
not trusted to keep its mtime (an edit within the file system's timestamp granularity
could go unnoticed), so no store compiled from it is kept.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from ..data.editions import FILES, aliases_file_for, find_editions
from ..data.problems import Problem
from ..data.records import Article, Event, MedalRow, NewsItem

#: Files modified this recently are compiled into a private store only.
RACY_SECONDS = 2.0

#: Modules whose code decides what a store holds (the searchable text, the JSON): a change to
#: one of them makes every store stale, as a change to the data does.
_STORED_BY = ("ranking.py", "codec.py", "compile.py", "rows.py", "stored_text.py")


#: The record classes whose fields a store's JSON follows: a change to any makes every store stale.
_RECORD_CLASSES = (NewsItem, MedalRow, Article, Event)


def signature_of(paths: list[Path]) -> str | None:
    """What the store must have been compiled from: every edition folder and file, with size and mtime."""
    problems: list[Problem] = []
    parts = [f"python {sys.version_info[0]}.{sys.version_info[1]}"]
    parts += [f"{cls.__name__} {' '.join(cls._fields)}" for cls in _RECORD_CLASSES]
    try:
        here = Path(__file__).parent
        for name in _STORED_BY:  # the code that decides what is stored: a change to it is a new store
            found = (here / name).stat()
            parts.append(f"{name} {found.st_size} {found.st_mtime_ns}")
        for aliases in aliases_file_for(paths):  # data/aliases.toml: every record's other names
            found = aliases.stat()
            parts.append(f"aliases {aliases.resolve()} {found.st_size} {found.st_mtime_ns}")
        for folder in find_editions(paths, problems):
            parts.append(f"edition {folder.resolve()}")
            for name in (*FILES, "source.txt"):
                try:
                    found = (folder / name).stat()
                except FileNotFoundError:
                    parts.append(f"{name} missing")
                    continue
                parts.append(f"{name} {found.st_size} {found.st_mtime_ns}")
    except (OSError, RuntimeError):
        return None
    if problems:  # a path that does not exist or holds no edition: nothing worth keeping
        return None
    return "\n".join(parts)


def total_size(paths: list[Path]) -> int:
    """The dataset files' total size, to judge whether to compile here or in a child process."""
    total = 0
    for folder in find_editions(paths, []):
        for name in FILES:
            try:
                total += (folder / name).stat().st_size
            except OSError:
                continue
    return total


def recently_modified(paths: list[Path]) -> bool:
    """True when a dataset file was modified too recently for its mtime to be trusted."""
    now = time.time()
    for folder in find_editions(paths, []):
        for name in FILES:
            try:
                if now - (folder / name).stat().st_mtime < RACY_SECONDS:
                    return True
            except OSError:
                continue
    return False
