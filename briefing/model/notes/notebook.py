"""The analyst's notes and flags: the only thing briefing writes, kept so that none is ever lost.

Notes live in one TOML file, ``annotations.toml`` in the user's config dir::

    version = 1

    [[notes]]
    edition = "2024-09-to-2025-03"
    dataset = "news"
    id = "news-record-spacewalk"
    text = "Check the 2001 record against NASA's list."
    flagged = true
    created = 2025-03-02 09:14:05.123456+00:00
    updated = 2025-03-02 09:20:41.002113+00:00

How the file is kept safe:

* Every change takes an exclusive lock (``annotations.toml.lock``, :func:`fcntl.flock`),
  re-reads the file under it, applies only that one change to what it read, and writes.
  Two windows editing different notes therefore both keep their edits; when both edit
  the same note, the later save wins and says so (:attr:`SaveResult.replaced_newer`).
* Writing is atomic: the text is rendered first (so a value TOML cannot hold is refused
  before the disk is touched), written to a temporary file in the same folder, flushed,
  fsynced and renamed over the old file. Any failure leaves the old file byte-identical
  and no temporary file behind.
* A file that cannot be parsed is never overwritten: it is moved aside to
  ``annotations.toml.corrupt-<UTC time>`` and reported, and a fresh file is started.
* On a shared machine: the notes file is read only if it is a regular file (a FIFO or a
  device is refused, and at most :data:`MAX_NOTES_BYTES` are read); the lock file is
  opened with ``O_NOFOLLOW`` and used only if it is this user's own regular file with one
  link, so a link planted as ``annotations.toml.lock`` is never followed or truncated; a
  notes file that is a symbolic link is read but never written through or replaced (saves
  are refused with a message); a config folder others can write to is reported
  (:meth:`Notebook.folder_warning`). Temporary files a killed writer left behind are
  removed by the next write.
* A file in the old format ``version = 0`` (the same ``[[notes]]`` tables) is read, and
  written back as version 1 by the next change; one that cannot be read is explained and
  left as it is, like a file from a newer briefing.
* The store knows nothing about the data: a note whose item has gone from the data is
  kept like any other. Tables in the file are rewritten with their unknown keys intact,
  and notes are kept in file order, so a hand-edited file survives a rewrite.

Imports neither textual nor rich.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import errno
import fcntl
import os
import socket
import stat
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..locations import config_dir
from ..safe_io import make_folders, others_can_write, read_regular, remove_stale
# Note, DATASETS and FORMAT_VERSION are offered here too: the notebook is where callers look for them.
from .note_file import (DATASETS, FORMAT_VERSION, BadFile, NewerFormat, Note, NotesDoc, OldFormat,  # noqa: F401
                        check_ids, parse, tables_in, utc)

#: The notes file's name in the config dir.
NOTES_FILE = "annotations.toml"
#: The notes file is refused (reported, never moved) above this size: it is read whole.
MAX_NOTES_BYTES = 64 * 1024 * 1024
#: A temporary file of ours untouched for this long belongs to no live writer (one writes in milliseconds).
STALE_TEMP_SECONDS = 60.0

_POLL_SECONDS = 0.02

# What the user is told did not happen, per operation; ends every NotebookError message.
_NOT_SAVED = "your note was not saved and is still in the editor"
_NOT_DELETED = "the note was not deleted"
_NOT_FLAGGED = "the flag was not changed"


class NotebookError(Exception):
    """A note could not be saved, deleted or flagged; ``message`` says why, for the user."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass
class SaveResult:
    """What :meth:`Notebook.save` did.

    ``note`` is the note as saved (None when an empty, unflagged note was removed).
    ``replaced_newer`` is True when another instance had changed the note's text since
    the editor opened it and this save replaced that text; ``replaced`` then holds the
    note as it was, so nothing is lost without a way back. ``message`` is a sentence
    for the user.
    """

    note: Note | None
    replaced_newer: bool = False
    message: str = "Saved."
    replaced: Note | None = None


def _utcnow() -> dt.datetime:
    """The current time in UTC (one place, so tests can fix the clock)."""
    return dt.datetime.now(dt.timezone.utc)


class Notebook:
    """The notes file in ``directory``, read and changed safely by any number of briefing instances.

    After :meth:`load`, ``moved_aside`` is where a damaged file was moved (or None) and
    ``problem`` is a sentence about anything that kept notes from being shown (or None).
    """

    #: The mode the notes file is written with; a team file (:mod:`.team`) is group-readable.
    file_mode = 0o600
    #: How messages name the folder the file is in.
    folder_label = "config folder"

    def __init__(self, directory: Path, lock_timeout: float = 3.0, *, file_name: str = NOTES_FILE) -> None:
        self.directory = Path(directory)
        self.file_name = file_name
        self.path = self.directory / file_name
        self.lock_path = self.directory / (file_name + ".lock")
        self.lock_timeout = lock_timeout
        self.moved_aside: Path | None = None
        self.problem: str | None = None

    @classmethod
    def default(cls) -> "Notebook":
        """The store in the user's config dir (``BRIEFING_CONFIG_DIR`` overrides it)."""
        return cls(config_dir())

    # -- reading ------------------------------------------------------------------------

    def load(self) -> dict[str, Note]:
        """Every note, keyed by ``Note.key``, for the app or a command that will write.

        A missing file gives ``{}``. A damaged file is moved aside (``moved_aside`` says
        where, ``problem`` says why) and ``{}`` returned; it is never overwritten, and no
        empty file is put in its place. A file that cannot be read at all, or that a newer
        briefing wrote, is left alone and reported in ``problem``. Never raises for the
        file's state.
        """
        self.moved_aside = None
        current = self._read_current(unreadable="notes are not shown and nothing was changed",
                                     newer="notes are not shown and the file was left as it is")
        if not isinstance(current, BadFile):
            return current
        # Move it aside under the lock, re-reading first: another instance may have
        # replaced the file since we read it, and a good file must never be moved.
        try:
            with self._locked("the damaged file was left where it is"):
                doc = self._read_for_update("the damaged file was left where it is")
        except NotebookError as error:
            self.problem = f"The notes file {self.path} is damaged and could not be moved aside. {error.message}"
            return {}
        if doc.moved_aside is not None:
            self.problem = self._moved_sentence(doc)
        return doc.as_dict()

    def read_quietly(self) -> dict[str, Note]:
        """Every note, for read-only commands: like :meth:`load`, but a damaged file is only reported.

        Nothing is moved, locked or written; ``problem`` says what was wrong, if anything.
        """
        current = self._read_current(unreadable="notes are not shown", newer="notes are not shown")
        if not isinstance(current, BadFile):
            return current
        self.problem = (
            f"The notes file {self.path} is damaged ({current.reason}); notes are not shown. "
            "Open briefing to move it aside and start a new one."
        )
        return {}

    def _read_current(self, *, unreadable: str, newer: str) -> dict[str, Note] | BadFile:
        """The notes the file holds now, or why it is damaged; sets ``problem`` for the other failures.

        A missing file gives ``{}``; so do a file that cannot be read and one a newer briefing
        wrote, with ``problem`` ending in ``unreadable`` or ``newer`` (what was done about it).
        """
        self.problem = None
        try:
            data = self._read_bytes()
        except OSError as error:
            self.problem = self._unreadable(error, unreadable)
            return {}
        if data is None:
            return {}
        try:
            return parse(data).as_dict()
        except NewerFormat as error:
            self.problem = self._newer(error, newer)
            return {}
        except OldFormat as error:
            self.problem = self._older(error, newer)
            return {}
        except BadFile as error:
            return error

    # -- changing -----------------------------------------------------------------------

    def save(
        self,
        edition: str,
        dataset: str,
        id: str,
        text: str,
        *,
        seen_updated: dt.datetime | None = None,
    ) -> SaveResult:
        """Create or update the text of one note; the flag is kept as it is on disk.

        ``seen_updated`` is the note's ``updated`` when the editor opened it (None for a
        new note). If the text on disk changed since then, this save still wins, and the
        result says so and holds the text it replaced. Saving empty text on an unflagged
        note removes the note. Raises :class:`NotebookError` (the file untouched) when the
        note cannot be saved; the caller keeps the text.
        """
        check_ids(edition, dataset, id)
        if not isinstance(text, str):
            raise TypeError(f"note text must be a string, got {type(text).__name__}")
        key = f"{edition}/{id}"
        seen = utc(seen_updated) if seen_updated is not None else None
        with self._locked(_NOT_SAVED):
            doc = self._read_for_update(_NOT_SAVED)
            index = doc.find(key)
            existing = doc.notes[index] if index is not None else None
            # Someone else's text is replaced only if it changed after the editor opened and
            # differs from ours; an empty text (a bare flag) loses nothing.
            replaced = (
                existing is not None
                and existing.updated != seen
                and existing.text not in ("", text)
            )
            now = self._now(existing)
            note: Note | None
            if existing is not None and existing.text == text and existing.dataset == dataset:
                note = existing  # nothing changed; do not rewrite the file for it
                changed = doc.moved_aside is not None
            elif text == "" and not (existing is not None and existing.flagged):
                note = None
                changed = existing is not None or doc.moved_aside is not None
                if index is not None:
                    doc.remove(index)
            else:
                note = Note(
                    edition=edition,
                    dataset=dataset,
                    id=id,
                    text=text,
                    flagged=existing.flagged if existing is not None else False,
                    created=existing.created if existing is not None else now,
                    updated=now,
                )
                doc.put(index, note)
                changed = True
            if changed:
                self._write(doc, _NOT_SAVED)
        if replaced:
            assert existing is not None
            when = existing.updated.astimezone().strftime("%H:%M")
            verb = "replaced" if note is not None else "removed"
            message = f"This note had also been edited in another window at {when}; your edit {verb} it."
        elif note is None:
            message = "Note removed (it was empty)." if existing is not None else "Nothing to save."
        else:
            message = "Saved."
        if doc.moved_aside is not None:
            message += " " + self._moved_sentence(doc)
        return SaveResult(note=note, replaced_newer=replaced, message=message,
                          replaced=existing if replaced else None)

    def delete(self, edition: str, dataset: str, id: str) -> None:
        """Remove the note on one record (text and flag). Raises :class:`NotebookError` if it cannot."""
        check_ids(edition, dataset, id)
        with self._locked(_NOT_DELETED):
            doc = self._read_for_update(_NOT_DELETED)
            index = doc.find(f"{edition}/{id}")
            if index is not None:
                doc.remove(index)
            if index is not None or doc.moved_aside is not None:
                self._write(doc, _NOT_DELETED)

    def set_flag(self, edition: str, dataset: str, id: str, flagged: bool) -> Note | None:
        """Flag or unflag one record; return its note, or None when no note remains.

        Flagging a record without a note creates one with empty text; unflagging a note
        whose text is empty removes it. Raises :class:`NotebookError` if it cannot.
        """
        check_ids(edition, dataset, id)
        flagged = bool(flagged)
        with self._locked(_NOT_FLAGGED):
            doc = self._read_for_update(_NOT_FLAGGED)
            index = doc.find(f"{edition}/{id}")
            existing = doc.notes[index] if index is not None else None
            changed = doc.moved_aside is not None
            result: Note | None
            if existing is None:
                if flagged:
                    now = self._now(None)
                    result = Note(edition, dataset, id, "", True, now, now)
                    doc.put(None, result)
                    changed = True
                else:
                    result = None
            elif existing.flagged == flagged:
                result = existing
            elif not flagged and existing.text == "":
                doc.remove(index)  # type: ignore[arg-type]
                result = None
                changed = True
            else:
                result = dataclasses.replace(existing, flagged=flagged)
                doc.put(index, result)
                changed = True
            if changed:
                self._write(doc, _NOT_FLAGGED)
        return result

    # -- other tables kept in the notes file ------------------------------------------------

    def read_table(self, name: str) -> list[dict[str, Any]]:
        """The top-level array of tables ``name`` (not ``notes``) as the file holds it now; read-only.

        Other parts of briefing keep their records in the notes file beside the notes (the
        follow-ups' outcomes), so that they are locked, re-read and written as notes are. A
        missing file gives ``[]``; so does a damaged one, with ``problem`` saying why.
        """
        self.problem = None
        try:
            data = self._read_bytes()
            doc = parse(data) if data is not None else NotesDoc.empty()
        except OSError as error:
            self.problem = self._unreadable(error, "nothing in it is shown")
            return []
        except NewerFormat as error:
            self.problem = self._newer(error, "nothing in it is shown")
            return []
        except (BadFile, OldFormat) as error:
            self.problem = f"The notes file {self.path} is damaged ({error.reason}); nothing in it is shown."
            return []
        return tables_in(doc, name)

    def change_table(self, name: str, change: "Callable[[list[dict[str, Any]]], bool]", consequence: str) -> None:
        """Change the top-level array of tables ``name`` as a note is changed: lock, re-read, write atomically.

        ``change`` is handed the tables as read under the lock and changes the list in place,
        returning True when it changed it. ``consequence`` ends the message of the
        :class:`NotebookError` raised when it cannot be written (the file then untouched).
        """
        if name in ("version", "notes"):
            raise ValueError(f"{name!r} is the notes file's own")
        with self._locked(consequence):
            doc = self._read_for_update(consequence)
            raw = doc.top.get(name, [])
            if not isinstance(raw, list) or not all(isinstance(table, dict) for table in raw):
                raise NotebookError(f"`{name}` in the notes file {self.path} is not a list of tables; {consequence}, "
                                    "so as not to damage the file.")
            tables = [dict(table) for table in raw]
            if change(tables) or doc.moved_aside is not None:
                doc.top = {**doc.top, name: tables}
                self._write(doc, consequence)

    # -- the file -----------------------------------------------------------------------

    def _read_bytes(self) -> bytes | None:
        """The file's bytes, or None when there is no file; other OSErrors propagate.

        Only a regular file is read (a link to one is followed: reading writes nothing), and
        at most :data:`MAX_NOTES_BYTES` of it: a FIFO or ``/dev/zero`` is reported, not waited on.
        """
        try:
            return read_regular(self.path, MAX_NOTES_BYTES)
        except FileNotFoundError:
            return None

    def _read_for_update(self, consequence: str) -> NotesDoc:
        """Read the file under the lock; move a damaged one aside and start empty. Never overwrites."""
        if self.path.is_symlink():
            # Replacing the link would cut the notes off from where the user keeps them, and
            # writing through it would write wherever someone able to plant it wanted.
            target = os.readlink(self.path)
            raise NotebookError(
                f"The notes file {self.path} is a symbolic link (to {target}); briefing never writes "
                f"through a link or replaces one, so {consequence}. To keep your notes there, set "
                "BRIEFING_CONFIG_DIR to that folder instead."
            )
        try:
            data = self._read_bytes()
        except OSError as error:
            raise NotebookError(self._unreadable(error, consequence)) from None
        if data is None:
            return NotesDoc.empty()
        try:
            return parse(data)
        except NewerFormat as error:
            raise NotebookError(self._newer(error, consequence + ", so as not to damage the file")) from None
        except OldFormat as error:
            raise NotebookError(self._older(error, consequence + ", so as not to damage the file")) from None
        except BadFile as error:
            moved = self._move_aside(consequence)
            self.moved_aside = moved
            doc = NotesDoc.empty()
            doc.moved_aside = moved
            doc.bad_reason = error.reason
            return doc

    def _move_aside(self, consequence: str) -> Path:
        """Rename the notes file to ``annotations.toml.corrupt-<UTC time>[-n]``, never over another file."""
        stamp = _utcnow().strftime("%Y%m%dT%H%M%SZ")
        base = f"{self.file_name}.corrupt-{stamp}"
        counter = 1
        while True:
            target = self.directory / (base if counter == 1 else f"{base}-{counter}")
            try:
                # link + unlink cannot clobber an existing file, as rename could.
                os.link(self.path, target)
            except FileExistsError:
                counter += 1
                continue
            except OSError as error:
                if error.errno not in (errno.EPERM, errno.EOPNOTSUPP, errno.EXDEV, errno.EMLINK):
                    raise self._write_error(error, consequence) from None
                # No hard links on this file system: rename, having checked the name is free
                # (we hold the lock, so no other briefing is moving files here).
                if target.exists():
                    counter += 1
                    continue
                try:
                    os.rename(self.path, target)
                except OSError as rename_error:
                    raise self._write_error(rename_error, consequence) from None
            else:
                try:
                    os.unlink(self.path)
                except OSError as error:
                    raise self._write_error(error, consequence) from None
            self._fsync_dir()
            return target

    def _write(self, doc: NotesDoc, consequence: str) -> None:
        """Replace the notes file with ``doc`` atomically; on any failure the old file is untouched."""
        try:
            data = doc.render()  # before touching the disk: TOML may refuse a value
        except (UnicodeEncodeError, ValueError, TypeError):
            raise NotebookError(
                f"The note holds characters that cannot be stored (such as a lone surrogate); {consequence}."
            ) from None
        # Under the lock no writer of ours is at work: an old temporary file is a killed one's.
        remove_stale(self.directory, f".{self.file_name}.", ".tmp", STALE_TEMP_SECONDS)
        fd: int | None = None
        temp: str | None = None
        try:
            # mkstemp creates with O_EXCL (never through a link) and mode 0600.
            fd, temp = tempfile.mkstemp(prefix=f".{self.file_name}.", suffix=".tmp", dir=self.directory)
            if self.file_mode != 0o600:
                os.fchmod(fd, self.file_mode)  # on the descriptor: no window for a swapped name
            view = memoryview(data)
            while view:
                written = os.write(fd, view)
                if written <= 0:
                    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
                view = view[written:]
            os.fsync(fd)
            os.close(fd)
            fd = None
            os.replace(temp, self.path)
            temp = None
        except OSError as error:
            raise self._write_error(error, consequence) from None
        finally:
            if fd is not None:
                try:
                    os.close(fd)
                except OSError:
                    pass
            if temp is not None:
                try:
                    os.unlink(temp)
                except OSError:
                    pass
        self._fsync_dir()

    def _fsync_dir(self) -> None:
        """Make a rename durable. Best effort: the rename is done and the file complete either way."""
        try:
            fd = os.open(self.directory, os.O_RDONLY | os.O_DIRECTORY)
        except OSError:
            return
        try:
            os.fsync(fd)
        except OSError:
            pass
        finally:
            os.close(fd)

    def _ensure_dir(self, consequence: str) -> None:
        """Create the config folder, private to the user, if it is missing."""
        try:
            make_folders(self.directory, 0o700)  # its missing parents too, 0700 whatever the umask
        except OSError as error:
            raise self._write_error(error, consequence) from None

    @contextmanager
    def _locked(self, consequence: str) -> Iterator[None]:
        """Hold the lock file's exclusive flock; a dead holder's lock is released by the kernel."""
        self._ensure_dir(consequence)
        try:
            # Never through a link, never truncated on open; a FIFO must not block the open.
            fd = os.open(self.lock_path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC,
                         0o600)
        except OSError as error:
            if error.errno == errno.ELOOP:
                raise NotebookError(self._foreign_lock("is a symbolic link", consequence)) from None
            raise self._write_error(error, consequence) from None
        try:
            found = os.fstat(fd)
            # The holder's pid is written into it (truncating it first): only a file that is
            # surely ours, not a hard link to one of our files or someone else's file.
            if not stat.S_ISREG(found.st_mode):
                raise NotebookError(self._foreign_lock("is not a regular file", consequence))
            if hasattr(os, "getuid") and found.st_uid != os.getuid():
                raise NotebookError(self._foreign_lock(f"belongs to another user (uid {found.st_uid})", consequence))
            if found.st_nlink != 1:
                raise NotebookError(self._foreign_lock("has other names (hard links)", consequence))
        except BaseException:
            os.close(fd)
            raise
        try:
            deadline = time.monotonic() + self.lock_timeout
            while True:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except OSError as error:
                    if error.errno not in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
                        raise NotebookError(
                            f"Could not lock {self.lock_path}: {error.strerror or error}; {consequence}."
                        ) from None
                if time.monotonic() >= deadline:
                    raise NotebookError(
                        f"The notes are locked by {self._holder(fd)} and stayed locked for "
                        f"{self.lock_timeout:g} s; {consequence}. Try again in a moment; if it keeps "
                        "happening, that process may be stuck."
                    )
                time.sleep(_POLL_SECONDS)
            try:
                # Who holds the lock, for a waiting instance's message; not needed for safety.
                os.ftruncate(fd, 0)
                os.pwrite(fd, f"{os.getpid()} {socket.gethostname()}\n".encode(), 0)
            except OSError:
                pass
            try:
                yield
            finally:
                try:
                    os.ftruncate(fd, 0)
                except OSError:
                    pass
                fcntl.flock(fd, fcntl.LOCK_UN)
        finally:
            os.close(fd)

    def _holder(self, fd: int) -> str:
        """``"another briefing (pid 1234 on host x)"`` from the lock file, as far as it says."""
        try:
            pid, _, host = os.pread(fd, 512, 0).decode("utf-8", "replace").strip().partition(" ")
        except OSError:
            pid, host = "", ""
        if pid.isdigit():
            return f"another briefing (pid {pid} on host {host or 'unknown'})"
        return "another briefing"

    @staticmethod
    def _now(existing: Note | None) -> dt.datetime:
        """The current UTC time, after ``existing.updated`` so that every text change is seen as one."""
        now = _utcnow()
        if existing is not None and now <= existing.updated:
            now = existing.updated + dt.timedelta(microseconds=1)
        return now

    # -- messages -----------------------------------------------------------------------

    def _write_error(self, error: OSError, consequence: str) -> NotebookError:
        folder = self.directory
        label = self.folder_label
        code = error.errno
        if code in (errno.ENOSPC, errno.EDQUOT):
            text = f"The disk holding the {label} {folder} is full; {consequence}."
        elif code == errno.EROFS:
            text = f"The {label} {folder} is on a read-only file system; {consequence}."
        elif code in (errno.EACCES, errno.EPERM):
            text = f"The {label} {folder} is read-only; {consequence}."
        else:
            text = f"Could not write to the {label} {folder}: {error.strerror or error}; {consequence}."
        return NotebookError(text)

    def _unreadable(self, error: OSError, consequence: str) -> str:
        reason = "permission denied" if error.errno in (errno.EACCES, errno.EPERM) else (error.strerror or str(error))
        return f"Could not read the notes file {self.path} ({reason}); {consequence}."

    def folder_warning(self) -> str | None:
        """A sentence when others can write to the config folder (and so plant or replace files in it)."""
        reason = others_can_write(self.directory)
        if reason is None:
            return None
        return (f"The config folder {self.directory} is not private: {reason}, so others can change or "
                f"replace your notes. Run: chmod 700 {self.directory}")

    def _foreign_lock(self, what: str, consequence: str) -> str:
        return (f"The lock file {self.lock_path} {what}: briefing did not make it and will not use it, so "
                f"{consequence}. Someone who can write to the {self.folder_label} may have put it there; check "
                "it, and remove it if you did not.")

    def _older(self, error: OldFormat, consequence: str) -> str:
        return (
            f"The notes file {self.path} is in the old format version {error.version}, which this briefing "
            f"reads only as [[notes]] tables ({error.reason}); {consequence}. Fix that note by hand, or "
            "set version = 1 once the notes follow the current format."
        )

    def _newer(self, error: NewerFormat, consequence: str) -> str:
        return (
            f"The notes file {self.path} was written by a newer briefing (format version "
            f"{error.version}); {consequence}. Update briefing to see them."
        )

    def _moved_sentence(self, doc: NotesDoc) -> str:
        return (
            f"The notes file was damaged ({doc.bad_reason}); it was moved to {doc.moved_aside} "
            "and a new one was started."
        )
