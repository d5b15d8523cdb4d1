"""The notes file on disk, kept so that no note is ever lost: the lock, re-reading, moving a damaged file aside, atomic writes.

How the file is kept safe:

* Every change takes an exclusive lock (``annotations.toml.lock``, :func:`fcntl.flock`),
  re-reads the file under it, applies only that one change to what it read, and writes.
  Two windows editing different notes therefore both keep their edits; when both edit
  the same note, the later save wins and says so (:attr:`.notebook.SaveResult.replaced_newer`).
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
  (:meth:`folder_warning`). Temporary files a killed writer left behind are
  removed by the next write.
* A file in the old format ``version = 0`` (the same ``[[notes]]`` tables) is read, and
  written back as version 1 by the next change; one that cannot be read is explained and
  left as it is, like a file from a newer briefing.
* The store knows nothing about the data: a note whose item has gone from the data is
  kept like any other. Tables in the file are rewritten with their unknown keys intact,
  and notes are kept in file order, so a hand-edited file survives a rewrite.

:class:`~.notebook.Notebook` (your personal notes) and :class:`~.team.TeamNotebook` (your
file in the team folder) are notes files kept so; the format itself is :mod:`.note_file`.

Imports neither textual nor rich.
"""

from __future__ import annotations

import datetime as dt
import errno
import os
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

from ..safe_io import (ForeignLock, LockBusy, LockFailed, exclusive_lock, fsync_folder, make_folders,
                       others_can_write, read_regular, remove_stale, replace_atomically)
from .note_file import BadFile, NewerFormat, NotesDoc, OldFormat, parse

#: The notes file is refused (reported, never moved) above this size: it is read whole.
MAX_NOTES_BYTES = 64 * 1024 * 1024
#: A temporary file of ours untouched for this long belongs to no live writer (one writes in milliseconds).
STALE_TEMP_SECONDS = 60.0

_POLL_SECONDS = 0.02


class NotebookError(Exception):
    """A note could not be saved, deleted or flagged; ``message`` says why, for the user."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def now_utc() -> dt.datetime:
    """The current time in UTC (one place, so tests can fix the clock)."""
    return dt.datetime.now(dt.timezone.utc)


class NotesFileKeeper:
    """One notes file, ``directory/file_name``, read and changed safely by any number of briefing instances.

    ``moved_aside`` is where a damaged file was last moved (or None) and ``problem`` a
    sentence about anything that kept notes from being read (or None).
    """

    #: The mode the notes file is written with; a team file (:mod:`.team`) is group-readable.
    file_mode = 0o600
    #: How messages name the folder the file is in.
    folder_label = "config folder"

    def __init__(self, directory: Path, lock_timeout: float, file_name: str) -> None:
        self.directory = Path(directory)
        self.file_name = file_name
        self.path = self.directory / file_name
        self.lock_path = self.directory / (file_name + ".lock")
        self.lock_timeout = lock_timeout
        self.moved_aside: Path | None = None
        self.problem: str | None = None

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
        stamp = now_utc().strftime("%Y%m%dT%H%M%SZ")
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
            fsync_folder(self.directory)
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
        try:
            replace_atomically(self.path, data, self.file_mode)
        except OSError as error:
            raise self._write_error(error, consequence) from None

    def _ensure_dir(self, consequence: str) -> None:
        """Create the config folder, private to the user, if it is missing."""
        try:
            make_folders(self.directory, 0o700)  # its missing parents too, 0700 whatever the umask
        except OSError as error:
            raise self._write_error(error, consequence) from None

    @contextmanager
    def _locked(self, consequence: str) -> Iterator[None]:
        """Hold the lock file's exclusive flock; a dead holder's lock is released by the kernel.

        The holder's pid and host are written into the lock file while it is held, so the
        file must be this user's own regular file with one name (:func:`..safe_io.exclusive_lock`).
        """
        self._ensure_dir(consequence)
        with ExitStack() as held:
            try:
                held.enter_context(exclusive_lock(self.lock_path, self.lock_timeout, name_holder=True,
                                                  poll=_POLL_SECONDS))
            except ForeignLock as error:
                raise NotebookError(self._foreign_lock(error.what, consequence)) from None
            except LockBusy as error:
                raise NotebookError(
                    f"The notes are locked by {_holder(error.holder)} and stayed locked for "
                    f"{self.lock_timeout:g} s; {consequence}. Try again in a moment; if it keeps "
                    "happening, that process may be stuck."
                ) from None
            except LockFailed as error:
                raise NotebookError(f"Could not lock {self.lock_path}: {error.strerror or error}; {consequence}.") from None
            except OSError as error:
                raise self._write_error(error, consequence) from None
            yield

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


def _holder(written: str) -> str:
    """``"another briefing (pid 1234 on host x)"`` from what the lock file says, as far as it says."""
    pid, _, host = written.partition(" ")
    if pid.isdigit():
        return f"another briefing (pid {pid} on host {host or 'unknown'})"
    return "another briefing"
