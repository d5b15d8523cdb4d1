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

import dataclasses
import errno
import os
import pwd
import secrets
import stat
import threading
from dataclasses import dataclass, field
from pathlib import Path

from ..data.text import clean_text
from ..locations import team_dir
from ..safe_io import NotRegularFile, TooLarge, _kind, read_regular_stat
from .notebook import (
    MAX_NOTES_BYTES,
    Note,
    Notebook,
    NotebookError,
    SaveResult,
    _BadFile,
    _NewerFormat,
    _OldFormat,
    _parse,
)

#: A team file's mode: the author reads and writes, the team's group reads.
TEAM_FILE_MODE = 0o640
MiB = 1024 * 1024
# Caps on what reading the team folder takes, whatever a teammate puts there (the README states them).
#: At most this many team files are read (distinct files: hard links of one count once).
MAX_TEAM_FILES = 1000
#: At most this many names in the folder are looked at; members' own files are then looked up by name.
MAX_TEAM_ENTRIES = 20_000
#: One member's file is read only up to this size (about 5,000 notes of a paragraph each).
MAX_TEAM_FILE_BYTES = 2 * MiB
#: All team files read together, at most (parsing takes about 0.2 s a MiB).
MAX_TEAM_BYTES = 8 * MiB
#: Notes shown from one file, in the file's order.
MAX_NOTES_PER_FILE = 2000
#: A team note longer than this (in characters) is shown cut, with :data:`CUT_MARK` after it.
MAX_NOTE_CHARS = 16_000
#: Said after a cut note: the words are ours, not the author's.
CUT_MARK = "\n\n[briefing: cut here; the note has {length:,} characters and the first {shown:,} are shown]"
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


class _Found:
    """A team file found in the folder, before it is read: its name, ``lstat`` and author."""

    __slots__ = ("path", "found", "author", "own", "rank")

    def __init__(self, path: Path, found: os.stat_result) -> None:
        self.path = path
        self.found = found
        self.author = login_of(found.st_uid)
        self.own = owns_name(path.name, self.author, found.st_uid)
        self.rank = 0  # the how-many-th file of its owner: every owner's first is read before anyone's second

    @property
    def signature(self) -> tuple:
        found = self.found
        return (found.st_dev, found.st_ino, found.st_size, found.st_mtime_ns, found.st_ctime_ns, found.st_uid)


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


class TeamFolder:
    """The team folder: every member's file, read-only; :meth:`mine` is the one you write.

    :meth:`read` keeps what it parsed, per file, and parses a file again only when its
    ``lstat`` changed (inode, size, modification or change time, owner): polling a team of
    unchanged files costs a listing and a stat each. Safe to call from a worker thread.
    """

    def __init__(self, directory: Path) -> None:
        self.directory = Path(directory)
        self._parsed: dict[Path, tuple[tuple, list[TeamNote], list[str], int]] = {}
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
        found, _, _ = self._list()
        return tuple((item.path.name, item.signature) for item in found)

    def _list(self) -> tuple[list[_Found], list[str], int]:
        """The team files in the folder (at most :data:`MAX_TEAM_ENTRIES` names looked at), what was
        skipped and why, and how many names were not looked at."""
        found: list[_Found] = []
        problems: list[str] = []
        looked = 0
        unlooked = 0
        try:
            with os.scandir(self.directory) as entries:
                for entry in entries:
                    if looked >= MAX_TEAM_ENTRIES:
                        unlooked += 1
                        if unlooked >= MAX_TEAM_ENTRIES:
                            break  # enough to say the folder is flooded; counting on would take as long
                        continue
                    looked += 1
                    name = entry.name
                    if not name.endswith(TEAM_SUFFIX) or name.startswith(".") or name == TEAM_SUFFIX:
                        continue
                    path = self.directory / name
                    try:
                        stat_result = entry.stat(follow_symlinks=False)
                    except OSError:
                        continue  # gone since the listing
                    if stat.S_ISLNK(stat_result.st_mode):
                        problems.append(self._unreadable(path, OSError(errno.ELOOP, "link")))
                        continue
                    if not stat.S_ISREG(stat_result.st_mode):
                        kind = NotRegularFile(errno.EINVAL, f"is {_kind(stat_result.st_mode)}, not a regular file")
                        problems.append(self._unreadable(path, kind))
                        continue
                    found.append(_Found(path, stat_result))
        except OSError:
            return [], [], 0  # folder_problem says why (missing, not a folder, not readable)
        if unlooked:
            # Past the cap, the scan order is the file system's, not the names': look up every
            # member's own file by name, so a flood cannot hide them.
            known = {item.path.name for item in found}
            for name in self._members_files():
                if name not in known:
                    try:
                        stat_result = os.lstat(self.directory / name)
                    except OSError:
                        continue
                    if stat.S_ISREG(stat_result.st_mode):
                        found.append(_Found(self.directory / name, stat_result))
        return found, problems, unlooked

    def _members_files(self) -> list[str]:
        """The file names of the folder's group members (and yours): ``login.toml`` and ``login.<uid>.toml``."""
        import grp

        names: set[tuple[str, int]] = {(current_login(), os.getuid())}
        try:
            gid = os.stat(self.directory).st_gid
            members = set(grp.getgrgid(gid).gr_mem)
            for entry in pwd.getpwall():
                if entry.pw_gid == gid or entry.pw_name in members:
                    names.add((entry.pw_name, entry.pw_uid))
        except (OSError, KeyError):
            pass
        return sorted(f"{login}{suffix}" for login, uid in names for suffix in (TEAM_SUFFIX, f".{uid}{TEAM_SUFFIX}"))

    def read(self) -> TeamRead:
        """Every member's notes, authors from the files' owners. Nothing is moved, locked or written.

        Bounded whatever the folder holds: at most :data:`MAX_TEAM_FILES` files and
        :data:`MAX_TEAM_BYTES` bytes are read, each file at most :data:`MAX_TEAM_FILE_BYTES`
        bytes and :data:`MAX_NOTES_PER_FILE` notes, each note cut at :data:`MAX_NOTE_CHARS`
        characters. When a cap is reached, the rule is fair: every owner's own file (named
        after them) is read before anyone's second file, smallest first, and a file named
        for someone other than its owner comes last; hard links of one file are read once.
        Every cap reached is said in ``problems``, as is every file that cannot be read or
        parsed (the others are still read) and every file whose name is not its owner's.
        """
        with self._lock:
            return self._read()

    def _read(self) -> TeamRead:
        result = TeamRead()
        problem = folder_problem(self.directory)
        if problem is not None:
            result.problems.append(problem)
        found, problems, unlooked = self._list()
        result.problems.extend(problems)
        if unlooked:
            more = f"{unlooked:,}" if unlooked < MAX_TEAM_ENTRIES else f"over {MAX_TEAM_ENTRIES:,}"
            result.problems.append(f"The team folder {self.directory} holds {more} names beyond the "
                                   f"{MAX_TEAM_ENTRIES:,} briefing looks at; every member's own file was "
                                   "still looked up by name, but other files there may not be shown.")
        ordered, links = _fair_order(found)
        if links:
            result.problems.append(f"{links:,} names in the team folder {self.directory} are further hard links "
                                   "of files already read; each file is read once.")
        budget = MAX_TEAM_BYTES
        kept: dict[Path, tuple[tuple, list[TeamNote], list[str], int]] = {}
        skipped: list[_Found] = []
        for item in ordered:
            if item.found.st_size > MAX_TEAM_FILE_BYTES:
                result.problems.append(self._unreadable(item.path, TooLarge(MAX_TEAM_FILE_BYTES)))
                continue
            if len(kept) >= MAX_TEAM_FILES or item.found.st_size > budget:
                skipped.append(item)
                continue
            cached = self._parsed.get(item.path)
            if cached is None or cached[0] != item.signature:
                cached = self._read_one(item)
            kept[item.path] = cached
            budget -= cached[3]
            result.notes.extend(cached[1])
            result.problems.extend(cached[2])
        self._parsed = kept  # what is no longer read is dropped, so the cache never outgrows the caps
        if skipped:
            owners = sorted({item.author for item in skipped})
            result.problems.append(
                f"{len(skipped):,} team notes file{'s' if len(skipped) != 1 else ''} in {self.directory} "
                f"{'were' if len(skipped) != 1 else 'was'} not read: at most {MAX_TEAM_FILES:,} files and "
                f"{MAX_TEAM_BYTES // MiB} MiB in all are read, every member's own file first, smallest first "
                f"(not read: files of {', '.join(owners[:5])}{' and others' if len(owners) > 5 else ''}).")
        result.problems = [clean_text(problem)[0] for problem in result.problems]
        return result

    def _read_one(self, item: _Found) -> tuple[tuple, list[TeamNote], list[str], int]:
        """One file's notes (capped), what was wrong with it, and how many bytes it took."""
        path, named = item.path, item.path.name[: -len(TEAM_SUFFIX)]
        problems: list[str] = []
        try:
            data, found = read_regular_stat(path, MAX_TEAM_FILE_BYTES, follow_links=False)
        except OSError as error:
            problems.append(self._unreadable(path, error))
            return item.signature, [], problems, 0
        author = clean_text(login_of(found.st_uid))[0]
        signature = (found.st_dev, found.st_ino, found.st_size, found.st_mtime_ns, found.st_ctime_ns, found.st_uid)
        try:
            doc = _parse(data)
        except _NewerFormat as error:
            problems.append(f"{author}'s team notes ({path}) were written by a newer briefing (format "
                            f"version {error.version}); they are not shown. Update briefing to see them.")
            return signature, [], problems, len(data)
        except (_BadFile, _OldFormat) as error:
            problems.append(f"{author}'s team notes file {path} is damaged ({error.reason}); its notes are "
                            f"not shown and the file was left as it is (only {author} can fix it).")
            return signature, [], problems, len(data)
        if not owns_name(path.name, login_of(found.st_uid), found.st_uid):
            problems.append(f"The team notes file {path} belongs to {author}, not {named}: "
                            f"its notes are shown as {author}'s.")
        notes = doc.notes
        if len(notes) > MAX_NOTES_PER_FILE:
            problems.append(f"{author}'s team notes file {path} holds {len(notes):,} notes; the first "
                            f"{MAX_NOTES_PER_FILE:,} are shown.")
            notes = notes[:MAX_NOTES_PER_FILE]
        cut = 0
        shared: list[TeamNote] = []
        for note in notes:
            if len(note.text) > MAX_NOTE_CHARS:
                cut += 1
                note = dataclasses.replace(note, text=note.text[:MAX_NOTE_CHARS] + CUT_MARK.format(
                    length=len(note.text), shown=MAX_NOTE_CHARS))
            shared.append(TeamNote(note, author, found.st_uid))
        if cut:
            problems.append(f"{cut:,} of {author}'s team notes ({path}) are longer than {MAX_NOTE_CHARS:,} "
                            "characters; the start of each is shown.")
        del doc, data  # the parsed tables and the bytes: only the capped notes are kept
        return signature, shared, problems, found.st_size

    @staticmethod
    def _unreadable(path: Path, error: OSError) -> str:
        if error.errno == errno.ELOOP:
            return f"The team notes file {path} is a symbolic link; it is not followed, and its notes are not shown."
        if isinstance(error, TooLarge):
            return (f"The team notes file {path} is over the {MAX_TEAM_FILE_BYTES // MiB} MiB briefing reads of "
                    "one member's file; it is skipped.")
        if isinstance(error, NotRegularFile):
            return f"The team notes file {path} {error.strerror}; it is skipped."
        if error.errno in (errno.EACCES, errno.EPERM):
            try:
                owner = login_of(os.lstat(path).st_uid)
            except OSError:
                owner = "its owner"
            return (f"The team notes file {path} cannot be read by you (permission denied); {owner} can let the "
                    f"team read it with: chmod g+r {path}")
        return f"The team notes file {path} could not be read ({error.strerror or error}); it is skipped."


def _fair_order(found: list[_Found]) -> tuple[list[_Found], int]:
    """``found`` in the order files are read, and how many names were dropped as further hard links.

    One name per file (inode): an owner's own name is kept over a stranger's. Then each
    owner's files are ranked: their own file first, their other own files next, files named
    for someone else last; all owners' first files come before anyone's second (so no one
    can crowd out the others by making files, or names sorting first), smallest first.
    """
    by_inode: dict[tuple[int, int], _Found] = {}
    links = 0
    for item in sorted(found, key=lambda f: (not f.own, f.path.name)):
        key = (item.found.st_dev, item.found.st_ino)
        if key in by_inode:
            links += 1
            continue
        by_inode[key] = item
    by_owner: dict[int, list[_Found]] = {}
    for item in by_inode.values():
        by_owner.setdefault(item.found.st_uid, []).append(item)
    for items in by_owner.values():
        # Their plain name first (alice.toml), then their other own names, then the rest.
        items.sort(key=lambda f: (not f.own, f.path.name[: -len(TEAM_SUFFIX)] != f.author, f.path.name))
        for rank, item in enumerate(items):
            item.rank = rank
    ordered = sorted(by_inode.values(), key=lambda f: (f.rank, not f.own, f.found.st_size, f.path.name))
    return ordered, links


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
