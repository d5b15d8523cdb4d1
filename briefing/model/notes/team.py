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
  the user *and owned by them*; if someone else took that name (or its lock) first, you are
  warned and your notes go to ``<login>.<uid>.toml``, which readers take as yours only
  because you own it (:meth:`TeamNotebook._pick_name`).
* **Reading is capped and fair** (:meth:`TeamFolder.read`): so many files, bytes and notes,
  each owner's own file first, hard links once; a changed file alone is parsed again. A teammate's damaged file is skipped and reported, never moved aside
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

import os
import secrets
import stat
import threading
from pathlib import Path

from ..locations import team_dir
from ..safe_io import read_regular_stat
from . import team_reading
from .notebook import Note, Notebook, NotebookError, SaveResult
from .notes_file_keeper import MAX_NOTES_BYTES
from .team_files import (TEAM_FILE_MODE, TEAM_SUFFIX, TeamNote, TeamRead, current_login, folder_problem,  # noqa: F401
                         login_of, owns_name)
from .team_reading import (CUT_MARK, MAX_NOTE_CHARS, MAX_NOTES_PER_FILE, MAX_TEAM_BYTES,  # noqa: F401
                           MAX_TEAM_ENTRIES, MAX_TEAM_FILE_BYTES, MAX_TEAM_FILES)


class TeamNotebook(Notebook):
    """Your own file in the team folder, ``<login>.toml``: written like personal notes, readable by the group."""

    file_mode = TEAM_FILE_MODE
    folder_label = "team folder"

    def __init__(self, directory: Path, lock_timeout: float = 3.0, *, login: str | None = None) -> None:
        login = login if login is not None else current_login()
        if not login or "/" in login or login.startswith(".") or "\0" in login:
            raise ValueError(f"not a login name usable as a file name: {login!r}")
        self.login = login
        #: A sentence when ``<login>.toml`` (or its lock) was taken by another account before you
        #: first shared, so your notes are saved under ``<login>.<uid>.toml`` instead; else None.
        self.squatted: str | None = None
        super().__init__(directory, lock_timeout, file_name=login + TEAM_SUFFIX)
        self._pick_name()

    def _pick_name(self) -> None:
        """Save under ``<login>.toml`` unless another account holds that name or its lock.

        Then (only for your own login: nobody can save as someone else) under a name with
        your uid, ``<login>.<uid>.toml``, which readers accept as yours only when you own
        it; if that one is taken too, under ``<login>.<uid>.<random>.toml``, a name nobody
        can guess ahead of you. A file of yours already under one of these names is reused.
        """
        plain = self.login + TEAM_SUFFIX
        taken_by = self._taken_by(plain)
        if taken_by is None or self.login != current_login():
            self._use(plain)
            self.squatted = None
            return
        uid = os.getuid()
        own = f"{self.login}.{uid}"
        names = [f"{own}{TEAM_SUFFIX}"]
        try:
            with os.scandir(self.directory) as entries:
                mine = []
                for number, entry in enumerate(entries):
                    if number >= MAX_TEAM_ENTRIES:
                        break
                    if entry.name.startswith(own + ".") and entry.name.endswith(TEAM_SUFFIX) \
                            and entry.name != names[0] and not entry.name.startswith(".") \
                            and entry.stat(follow_symlinks=False).st_uid == uid:
                        mine.append(entry.name)
        except OSError:
            mine = []
        names[1:1] = sorted(mine)
        # A file of yours with notes in it first; else the first free name; else a fresh random one.
        chosen = next((name for name in names if self._taken_by(name) is None and (self.directory / name).exists()),
                      None) or next((name for name in names if self._taken_by(name) is None),
                                    f"{own}.{secrets.token_hex(4)}{TEAM_SUFFIX}")
        self._use(chosen)
        self.squatted = (f"The team file name {plain} was taken by {taken_by} before you first shared, so "
                         f"your team notes are saved as {self.path} instead; the team sees them as yours. "
                         f"Ask {taken_by} (or the folder's owner) to remove {plain}.")

    def _use(self, file_name: str) -> None:
        self.file_name = file_name
        self.path = self.directory / file_name
        self.lock_path = self.directory / (file_name + ".lock")

    def _taken_by(self, name: str) -> str | None:
        """Who other than you holds team file ``name`` or its lock (a file or a link); None if free or yours."""
        for candidate in (name, name + ".lock"):
            try:
                found = os.lstat(self.directory / candidate)
            except OSError:
                continue  # missing; any other fault is said when the file is used
            if found.st_uid != os.getuid():  # a link of your own making is refused when used, as ever
                return login_of(found.st_uid)
        return None

    def save(self, *args, **kwargs) -> SaveResult:  # type: ignore[override]
        """As :meth:`Notebook.save`; the result's message also says when your file name was taken."""
        result = super().save(*args, **kwargs)
        if self.squatted:
            result.message = f"{result.message} {self.squatted}"
        return result

    def _ensure_dir(self, consequence: str) -> None:
        """Never create the team folder: its group and mode are the team's choice, made once."""
        if not os.path.isdir(self.directory):
            raise NotebookError(f"{folder_problem(self.directory)} So {consequence}.")
        self._pick_name()  # again: a name may have been taken since this notebook was opened
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
    """The team folder: every member's file, read-only; :meth:`mine` is the one you write.

    :meth:`read` keeps what it parsed, per file, and parses a file again only when its
    ``lstat`` changed (inode, size, modification or change time, owner): polling a team of
    unchanged files costs a listing and a stat each. Safe to call from a worker thread.
    """

    def __init__(self, directory: Path) -> None:
        self.directory = Path(directory)
        self._parsed: dict = {}
        self._lock = threading.Lock()

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
        """What changes when any member's file does (names, inodes, sizes, times): cheap to poll."""
        found, _, _ = team_reading.list_files(self.directory)
        return tuple((item.path.name, item.signature) for item in found)

    def read(self) -> TeamRead:
        """Every member's notes, authors from the files' owners. Nothing is moved, locked or written.

        Bounded whatever the folder holds: at most :data:`MAX_TEAM_FILES` files and
        :data:`MAX_TEAM_BYTES` bytes are read, each file at most :data:`MAX_TEAM_FILE_BYTES`
        bytes and :data:`MAX_NOTES_PER_FILE` notes, each note cut at :data:`MAX_NOTE_CHARS`
        characters (all in :mod:`.team_reading`). When a cap is reached, the rule is fair:
        every owner's own file (named after them) is read before anyone's second file,
        smallest first, and a file named for someone other than its owner comes last; hard
        links of one file are read once. Every cap reached is said in ``problems``, as is
        every file that cannot be read or parsed (the others are still read) and every file
        whose name is not its owner's.
        """
        with self._lock:
            result, self._parsed = team_reading.read_folder(self.directory, self._parsed)
            return result


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
