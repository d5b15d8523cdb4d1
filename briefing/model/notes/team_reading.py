"""Reading every member's team file, whatever a teammate puts in the folder: capped, fair, incremental.

:func:`read_folder` lists the folder (at most :data:`MAX_TEAM_ENTRIES` names), orders the files
by the fair rule (:func:`fair_order`: each owner's own file first, smallest first, hard links
once), reads them within the caps and parses again only a file whose ``lstat`` changed.
:class:`.team.TeamFolder` holds what was parsed between calls. Imports neither textual nor rich.
"""

from __future__ import annotations

import dataclasses
import errno
import os
import pwd
import stat
from pathlib import Path

from ..data.text import clean_text
from ..safe_io import NotRegularFile, TooLarge, file_kind, read_regular_stat
from .note_file import BadFile, NewerFormat, OldFormat, parse
from .team_files import TEAM_SUFFIX, TeamNote, TeamRead, current_login, folder_problem, login_of, owns_name

MiB = 1024 * 1024
# Caps on what reading the team folder takes, whatever a teammate puts there (the README states them).
#: At most this many team files are read (distinct files: hard links of one count once).
MAX_TEAM_FILES = 1000
#: At most this many names in the folder are looked at; members' own files are then looked up by name.
MAX_TEAM_ENTRIES = 20_000
#: One member's file is read only up to this size (2,000 notes of a short paragraph each).
MAX_TEAM_FILE_BYTES = 1 * MiB
#: All team files read together, at most (parsing takes about 0.2 s a MiB).
MAX_TEAM_BYTES = 4 * MiB
#: Notes shown from one file, in the file's order.
MAX_NOTES_PER_FILE = 2000
#: A team note longer than this (in characters) is shown cut, with :data:`CUT_MARK` after it.
MAX_NOTE_CHARS = 16_000
#: Said after a cut note: the words are ours, not the author's.
CUT_MARK = "\n\n[briefing: cut here; the note has {length:,} characters and the first {shown:,} are shown]"


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


def list_files(directory: Path) -> tuple[list[_Found], list[str], int]:
    """The team files in the folder (at most :data:`MAX_TEAM_ENTRIES` names looked at), what was
    skipped and why, and how many names were not looked at."""
    found: list[_Found] = []
    problems: list[str] = []
    looked = 0
    unlooked = 0
    try:
        with os.scandir(directory) as entries:
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
                path = directory / name
                try:
                    stat_result = entry.stat(follow_symlinks=False)
                except OSError:
                    continue  # gone since the listing
                if stat.S_ISLNK(stat_result.st_mode):
                    problems.append(unreadable(path, OSError(errno.ELOOP, "link")))
                    continue
                if not stat.S_ISREG(stat_result.st_mode):
                    kind = NotRegularFile(errno.EINVAL, f"is {file_kind(stat_result.st_mode)}, not a regular file")
                    problems.append(unreadable(path, kind))
                    continue
                found.append(_Found(path, stat_result))
    except OSError:
        return [], [], 0  # folder_problem says why (missing, not a folder, not readable)
    if unlooked:
        # Past the cap, the scan order is the file system's, not the names': look up every
        # member's own file by name, so a flood cannot hide them.
        known = {item.path.name for item in found}
        for name in members_files(directory):
            if name not in known:
                try:
                    stat_result = os.lstat(directory / name)
                except OSError:
                    continue
                if stat.S_ISREG(stat_result.st_mode):
                    found.append(_Found(directory / name, stat_result))
    return found, problems, unlooked


def members_files(directory: Path) -> list[str]:
    """The file names of the folder's group members (and yours): ``login.toml`` and ``login.<uid>.toml``."""
    import grp

    names: set[tuple[str, int]] = {(current_login(), os.getuid())}
    try:
        gid = os.stat(directory).st_gid
        members = set(grp.getgrgid(gid).gr_mem)
        for entry in pwd.getpwall():
            if entry.pw_gid == gid or entry.pw_name in members:
                names.add((entry.pw_name, entry.pw_uid))
    except (OSError, KeyError):
        pass
    return sorted(f"{login}{suffix}" for login, uid in names for suffix in (TEAM_SUFFIX, f".{uid}{TEAM_SUFFIX}"))


def read_folder(directory: Path, parsed: dict) -> tuple[TeamRead, dict]:
    """Every member's notes, capped and in the fair order (see :meth:`.team.TeamFolder.read`), and what
    was parsed, per file, for the next call: ``parsed`` is the last call's, reused where unchanged."""
    result = TeamRead()
    problem = folder_problem(directory)
    if problem is not None:
        result.problems.append(problem)
    found, problems, unlooked = list_files(directory)
    result.problems.extend(problems)
    if unlooked:
        more = f"{unlooked:,}" if unlooked < MAX_TEAM_ENTRIES else f"over {MAX_TEAM_ENTRIES:,}"
        result.problems.append(f"The team folder {directory} holds {more} names beyond the "
                               f"{MAX_TEAM_ENTRIES:,} briefing looks at; every member's own file was "
                               "still looked up by name, but other files there may not be shown.")
    ordered, links = fair_order(found)
    if links:
        result.problems.append(f"{links:,} names in the team folder {directory} are further hard links "
                               "of files already read; each file is read once.")
    budget = MAX_TEAM_BYTES
    kept: dict[Path, tuple[tuple, list[TeamNote], list[str], int]] = {}
    skipped: list[_Found] = []
    for item in ordered:
        if item.found.st_size > MAX_TEAM_FILE_BYTES:
            result.problems.append(unreadable(item.path, TooLarge(MAX_TEAM_FILE_BYTES)))
            continue
        if len(kept) >= MAX_TEAM_FILES or item.found.st_size > budget:
            skipped.append(item)
            continue
        cached = parsed.get(item.path)
        if cached is None or cached[0] != item.signature:
            cached = read_one(item)
        kept[item.path] = cached
        budget -= cached[3]
        result.notes.extend(cached[1])
        result.problems.extend(cached[2])
        if cached[4] is not None:
            result.others.append(cached[4])
    if skipped:
        owners = sorted({item.author for item in skipped})
        result.problems.append(
            f"{len(skipped):,} team notes file{'s' if len(skipped) != 1 else ''} in {directory} "
            f"{'were' if len(skipped) != 1 else 'was'} not read: at most {MAX_TEAM_FILES:,} files and "
            f"{MAX_TEAM_BYTES // MiB} MiB in all are read, every member's own file first, smallest first "
            f"(not read: files of {', '.join(owners[:5])}{' and others' if len(owners) > 5 else ''}).")
    result.problems = [clean_text(problem)[0] for problem in result.problems]
    return result, kept  # what is no longer read is dropped, so the cache never outgrows the caps


def read_one(item: _Found) -> tuple[tuple, list[TeamNote], list[str], int, tuple[str, int, dict] | None]:
    """One file's notes (capped), what was wrong with it, how many bytes it took, and its other tables (capped)."""
    path, named = item.path, item.path.name[: -len(TEAM_SUFFIX)]
    problems: list[str] = []
    try:
        data, found = read_regular_stat(path, MAX_TEAM_FILE_BYTES, follow_links=False)
    except OSError as error:
        problems.append(unreadable(path, error))
        return item.signature, [], problems, 0, None
    author = clean_text(login_of(found.st_uid))[0]
    signature = (found.st_dev, found.st_ino, found.st_size, found.st_mtime_ns, found.st_ctime_ns, found.st_uid)
    try:
        doc = parse(data)
    except NewerFormat as error:
        problems.append(f"{author}'s team notes ({path}) were written by a newer briefing (format "
                        f"version {error.version}); they are not shown. Update briefing to see them.")
        return signature, [], problems, len(data), None
    except (BadFile, OldFormat) as error:
        problems.append(f"{author}'s team notes file {path} is damaged ({error.reason}); its notes are "
                        f"not shown and the file was left as it is (only {author} can fix it).")
        return signature, [], problems, len(data), None
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
    others = {name: tables[:MAX_NOTES_PER_FILE] for name, tables in doc.top.items()
              if name not in ("version", "notes") and isinstance(tables, list)}
    del doc, data  # the parsed tables and the bytes: only the capped notes are kept
    return signature, shared, problems, found.st_size, (author, found.st_uid, others)


def unreadable(path: Path, error: OSError) -> str:
    """Why the team file at ``path`` was not read, for the user."""
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


def fair_order(found: list[_Found]) -> tuple[list[_Found], int]:
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
