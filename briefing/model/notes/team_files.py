"""What a team file is: its name and mode, its author (the file's owner), the notes read from it,
and whether the team folder is safe to use. Shared by :mod:`.team` (your file) and
:mod:`.team_reading` (everyone's). Imports neither textual nor rich.
"""

from __future__ import annotations

import os
import pwd
import stat
from dataclasses import dataclass, field
from pathlib import Path

from ..data.text import clean_text
from .notebook import Note

#: A team file's mode: the author reads and writes, the team's group reads.
TEAM_FILE_MODE = 0o640
#: The team file's name ends with this; the rest is the author's login name.
TEAM_SUFFIX = ".toml"


def login_of(uid: int) -> str:
    """The login name of ``uid`` (``"uid 1234"`` for an account with no name on this machine)."""
    try:
        return clean_text(pwd.getpwuid(uid).pw_name)[0]
    except KeyError:
        return f"uid {uid}"


def current_login() -> str:
    """The login name of the account running briefing."""
    return login_of(os.getuid())


@dataclass(frozen=True, slots=True)
class TeamNote:
    """A note in the team folder, with its author: the login name of the file's owner."""

    note: Note
    author: str
    uid: int

    @property
    def key(self) -> str:
        return self.note.key

    @property
    def text(self) -> str:
        return self.note.text

    @property
    def flagged(self) -> bool:
        return self.note.flagged

    @property
    def mine(self) -> bool:
        return self.uid == os.getuid()


@dataclass
class TeamRead:
    """What :meth:`TeamFolder.read` found: the notes, and a sentence per file or fault that hid notes."""

    notes: list[TeamNote] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    #: Each member's other tables (author, uid, the file's top-level arrays but ``notes``, each capped
    #: as notes are): the follow-ups' outcomes.
    others: list[tuple[str, int, dict]] = field(default_factory=list)

    def by_key(self) -> dict[str, list[TeamNote]]:
        """The team notes on each record (``edition/id``), oldest first."""
        out: dict[str, list[TeamNote]] = {}
        for shared in sorted(self.notes, key=lambda n: (n.note.created, n.author)):
            out.setdefault(shared.key, []).append(shared)
        return out


def folder_problem(directory: Path) -> str | None:
    """A sentence when the team folder cannot be used safely, or at all; None when it is sound.

    Missing or not a folder: no team notes can be read or written. Writable by others
    than its owner and group: anyone on the machine could add files to it. Group-writable
    without the sticky bit: a member could delete or replace a teammate's file.
    """
    try:
        found = os.stat(directory)
    except FileNotFoundError:
        return (f"The team folder {directory} does not exist, so no team notes are shown or written. "
                "Whoever looks after the team's Unix group creates it once (see 'A team on one server' "
                "in the README), or correct BRIEFING_TEAM_DIR / team_dir in config.toml.")
    except OSError as error:
        return f"The team folder {directory} cannot be used ({error.strerror or error}); no team notes are shown."
    if not stat.S_ISDIR(found.st_mode):
        return f"The team folder {directory} is not a folder; no team notes are shown or written."
    mode = stat.S_IMODE(found.st_mode)
    if mode & stat.S_IWOTH:
        return (f"The team folder {directory} can be written by every account on this machine (mode {mode:o}), "
                "not only the team's group: anyone could add notes to it under their own name. "
                f"Run: chmod o-w {directory}")
    if mode & stat.S_IWGRP and not mode & stat.S_ISVTX:
        return (f"The team folder {directory} has no sticky bit (mode {mode:o}): a member of its group "
                "could delete or replace a teammate's notes file (briefing never does). "
                f"Run: chmod +t {directory}")
    return None


def owns_name(name: str, author: str, uid: int) -> bool:
    """True when a file ``name`` owned by ``author`` (``uid``) carries that author's name.

    ``alice.toml``, and the names briefing saves under when that one is taken by someone
    else (``alice.<uid>.toml``, ``alice.<uid>.<random>.toml``): a file named for one account
    and owned by another is a teammate's mistake or an attack, and is read only after every
    member's own file.
    """
    stem = name[: -len(TEAM_SUFFIX)] if name.endswith(TEAM_SUFFIX) else name
    if stem == author:
        return True
    own = f"{author}.{uid}"
    return stem == own or stem.startswith(own + ".")
