"""Team notes: one folder shared by a team's Unix accounts, each writing only their own file.

The team folder (``BRIEFING_TEAM_DIR``, or ``team_dir`` in the config dir's ``config.toml``)
is typically owned by the team's Unix group, mode ``3770`` (setgid, so new files get the
group; sticky, so nobody can rename or delete a teammate's file)::

    /srv/briefing-team/
        alice.toml          # alice's team notes, written only by alice (mode 0640)
        alice.toml.lock     # alice's lock, used only by alice's own briefing windows
        bob.toml

Each file has the format of the personal notes file (:mod:`.notebook`) and is written by
the same machinery: :class:`TeamNotebook` is a :class:`~.notebook.Notebook` on
``<login>.toml`` in the team folder, so a change is locked, re-read, written atomically
and never lost, exactly as for personal notes. What differs:

* **Authorship is the file's owner.** A note's author is the login name of the Unix
  account that owns the file it is in (``pwd``), never anything the file says, so it
  cannot be forged. A file opened as a teammate's is opened with ``O_NOFOLLOW``, and its
  owner is read from the opened descriptor.
* **Nobody's file is changed by anyone else.** briefing writes only the file named after
  the user *and owned by them*; if someone else made a file under that name, saving is
  refused and said. A teammate's damaged file is skipped and reported, never moved aside
  (only your own damaged file is moved aside, as for personal notes).
* **The folder is said plainly** when it is missing, is not a folder, can be written by
  accounts outside its group, or lets group members delete each other's files (no sticky bit).

Locks are :func:`fcntl.flock` locks, as for personal notes: on a local file system they
hold between every account on the machine. On NFS they are emulated with byte-range
locks (Linux, NFSv4) or not shared between clients at all (old NFS, some mounts with
``nolock``): keep the team folder on one server's local disk, and every analyst on that server.

Imports neither textual nor rich.
"""

from __future__ import annotations

import errno
import os
import pwd
import stat
from dataclasses import dataclass, field
from pathlib import Path

from ..locations import team_dir
from ..safe_io import NotRegularFile, TooLarge, read_regular_stat
from .notebook import (
    MAX_NOTES_BYTES,
    Note,
    Notebook,
    NotebookError,
    _BadFile,
    _NewerFormat,
    _OldFormat,
    _parse,
)

#: A team file's mode: the author reads and writes, the team's group reads.
TEAM_FILE_MODE = 0o640
#: At most this many team files are read (a folder stuffed with files must not stall a listing).
MAX_TEAM_FILES = 1000
#: The team file's name ends with this; the rest is the author's login name.
TEAM_SUFFIX = ".toml"


def login_of(uid: int) -> str:
    """The login name of ``uid`` (``"uid 1234"`` for an account with no name on this machine)."""
    try:
        return pwd.getpwuid(uid).pw_name
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
    #: Each member's other tables (author, uid, the file's top-level tables but ``notes``): follow-up outcomes.
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


class TeamNotebook(Notebook):
    """Your own file in the team folder, ``<login>.toml``: written like personal notes, readable by the group."""

    file_mode = TEAM_FILE_MODE
    folder_label = "team folder"

    def __init__(self, directory: Path, lock_timeout: float = 3.0, *, login: str | None = None) -> None:
        login = login if login is not None else current_login()
        if not login or "/" in login or login.startswith(".") or "\0" in login:
            raise ValueError(f"not a login name usable as a file name: {login!r}")
        self.login = login
        super().__init__(directory, lock_timeout, file_name=login + TEAM_SUFFIX)

    def _ensure_dir(self, consequence: str) -> None:
        """Never create the team folder: its group and mode are the team's choice, made once."""
        if not os.path.isdir(self.directory):
            raise NotebookError(f"{folder_problem(self.directory)} So {consequence}.")
        # Before the lock is opened: a lock file under your name that is someone else's would
        # otherwise read as "the folder is read-only".
        self._check_own(self.lock_path, "lock file", consequence)
        self._check_own(self.path, "notes file", consequence)

    def _check_own(self, path: Path, what: str, consequence: str) -> None:
        """Refuse ``path`` (your team file or its lock) when it exists and is a link or not yours."""
        try:
            found = os.lstat(path)
        except FileNotFoundError:
            return
        except OSError as error:
            raise NotebookError(self._unreadable(error, consequence)) from None
        if stat.S_ISLNK(found.st_mode):
            raise NotebookError(
                f"Your team {what} {path} is a symbolic link, made by {login_of(found.st_uid)}; "
                f"briefing never writes through a link in the team folder, so {consequence}. "
                "Ask whoever made it to remove it.")
        if found.st_uid != os.getuid():
            shown = " Its notes are shown as that account's." if what == "notes file" else ""
            raise NotebookError(
                f"The team {what} {path} carries your name but belongs to {login_of(found.st_uid)}; "
                f"briefing never changes another account's file, so {consequence}.{shown} "
                "Ask them (or the folder's owner) to remove it.")

    def folder_warning(self) -> str | None:
        """What is unsafe about the team folder (the personal notebook's warning asks for 0700, wrong here)."""
        return folder_problem(self.directory)

    def _read_bytes(self) -> bytes | None:
        """Your team file's bytes; never through a link (:meth:`_read_for_update` says why first)."""
        try:
            data, _ = read_regular_stat(self.path, MAX_NOTES_BYTES, follow_links=False)
        except FileNotFoundError:
            return None
        return data

    def _read_for_update(self, consequence: str):  # type: ignore[override]
        """Checked again under the lock: a file under your name that is not yours is never replaced."""
        self._check_own(self.path, "notes file", consequence)
        return super()._read_for_update(consequence)


class TeamFolder:
    """The team folder: every member's file, read-only; :meth:`mine` is the one you write."""

    def __init__(self, directory: Path) -> None:
        self.directory = Path(directory)

    @classmethod
    def configured(cls) -> tuple["TeamFolder | None", str | None]:
        """The configured team folder (None when there is none), and a sentence if the setting is unreadable."""
        directory, problem = team_dir()
        return (cls(directory) if directory is not None else None), problem

    def mine(self, lock_timeout: float = 3.0) -> TeamNotebook:
        return TeamNotebook(self.directory, lock_timeout)

    def problem(self) -> str | None:
        return folder_problem(self.directory)

    def signature(self) -> tuple:
        """What changes when any member's file does (names, sizes, change times): cheap to poll."""
        try:
            names = sorted(os.listdir(self.directory))
        except OSError as error:
            return (error.errno,)
        out = []
        for name in names:
            if name.endswith(TEAM_SUFFIX) and not name.startswith("."):
                try:
                    found = os.lstat(self.directory / name)
                except OSError:
                    continue
                out.append((name, found.st_size, found.st_mtime_ns, found.st_ino, found.st_uid))
        return tuple(out)

    def read(self) -> TeamRead:
        """Every member's notes, authors from the files' owners. Nothing is moved, locked or written.

        A file that cannot be read or parsed is skipped and reported in ``problems`` (the
        others are still read); so is a file whose name is not its owner's login, whose
        notes are shown as the owner's.
        """
        result = TeamRead()
        problem = folder_problem(self.directory)
        if problem is not None:
            result.problems.append(problem)
        try:
            names = sorted(os.listdir(self.directory))
        except OSError:
            return result  # folder_problem said why (missing, not a folder, not readable)
        names = [name for name in names if name.endswith(TEAM_SUFFIX) and not name.startswith(".")]
        if len(names) > MAX_TEAM_FILES:
            result.problems.append(f"The team folder {self.directory} holds {len(names)} notes files; "
                                   f"only the first {MAX_TEAM_FILES} (by name) are read.")
            names = names[:MAX_TEAM_FILES]
        for name in names:
            self._read_one(self.directory / name, result)
        return result

    def _read_one(self, path: Path, result: TeamRead) -> None:
        named = path.name[: -len(TEAM_SUFFIX)]
        try:
            data, found = read_regular_stat(path, MAX_NOTES_BYTES, follow_links=False)
        except OSError as error:
            result.problems.append(self._unreadable(path, error))
            return
        author = login_of(found.st_uid)
        try:
            doc = _parse(data)
        except _NewerFormat as error:
            result.problems.append(f"{author}'s team notes ({path}) were written by a newer briefing (format "
                                   f"version {error.version}); they are not shown. Update briefing to see them.")
            return
        except (_BadFile, _OldFormat) as error:
            result.problems.append(f"{author}'s team notes file {path} is damaged ({error.reason}); its notes are "
                                   f"not shown and the file was left as it is (only {author} can fix it).")
            return
        if named != author:
            result.problems.append(f"The team notes file {path} belongs to {author}, not {named}: "
                                   f"its notes are shown as {author}'s.")
        result.notes.extend(TeamNote(note, author, found.st_uid) for note in doc.notes)
        result.others.append((author, found.st_uid,
                              {k: v for k, v in doc.top.items() if k not in ("version", "notes")}))

    @staticmethod
    def _unreadable(path: Path, error: OSError) -> str:
        if error.errno == errno.ELOOP:
            return f"The team notes file {path} is a symbolic link; it is not followed, and its notes are not shown."
        if isinstance(error, (NotRegularFile, TooLarge)):
            return f"The team notes file {path} {error.strerror}; it is skipped."
        if error.errno in (errno.EACCES, errno.EPERM):
            try:
                owner = login_of(os.lstat(path).st_uid)
            except OSError:
                owner = "its owner"
            return (f"The team notes file {path} cannot be read by you (permission denied); {owner} can let the "
                    f"team read it with: chmod g+r {path}")
        return f"The team notes file {path} could not be read ({error.strerror or error}); it is skipped."


def move_note(source: Notebook, target: Notebook, edition: str, dataset: str, id: str) -> Note | None:
    """Move one note (text and flag) from ``source`` to ``target``: sharing is personal → team, unsharing the reverse.

    The note is written to ``target`` first and removed from ``source`` only then, so a
    failure leaves it where it was, or (if the removal fails) in both, never in neither.
    A note already in ``target`` on the same record is kept: the moved text is added under
    it (unless it is the same text), so neither is lost. Returns the moved
    note, or None when ``source`` has none on that record. Raises :class:`NotebookError`.
    """
    note = source.load().get(f"{edition}/{id}")
    if source.problem:
        raise NotebookError(source.problem)
    if note is None:
        return None
    target.load()  # moves aside a damaged file of one's own before writing, as the app does
    existing = target.read_quietly().get(note.key)
    text = note.text
    if existing is not None and existing.text.strip() and existing.text != text:
        text = existing.text + ("\n\n" + text if text else "")
    saved = target.save(edition, dataset, id, text,
                        seen_updated=existing.updated if existing is not None else None)
    if note.flagged and (saved.note is None or not saved.note.flagged):
        target.set_flag(edition, dataset, id, True)
    try:
        source.delete(edition, dataset, id)
    except NotebookError as error:
        raise NotebookError(f"The note was copied but could not be removed from where it was: {error.message}") \
            from None
    return note
