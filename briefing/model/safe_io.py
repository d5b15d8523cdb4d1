"""Reading and writing files on a machine shared with others: regular files only, caps enforced while reading.

* :func:`read_regular` opens non-blocking, checks on the *opened descriptor* that it is a
  regular file (a FIFO, a socket, ``/dev/zero`` or a terminal is refused, so nothing hangs
  and nothing endless is read) and reads at most ``cap + 1`` bytes, whatever ``st_size``
  says. A symbolic link to a regular file is followed: edition folders legitimately link
  their files into place, and reading through a link writes nothing.
* :func:`create_new` creates a file that did not exist (``O_CREAT|O_EXCL|O_NOFOLLOW``,
  mode 0600), taking a fresh name (``name-2.md``...) when one does: a link planted where
  we write, even a dangling one, is never followed.
* :func:`remove_stale` removes our own temporary files that a killed writer left behind.
* :func:`make_folders` creates a folder and its missing parents with the mode asked for,
  whatever the umask (``os.makedirs`` gives the parents ``0777`` at umask 000).
* :func:`exclusive_lock` and :func:`replace_atomically`: the lock, and the temporary file,
  fsync, rename and folder fsync, of every write that must lose nothing (the notes, a draft's review).

Imports neither textual nor rich.
"""

from __future__ import annotations

import errno
import os
import stat
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

_CHUNK = 1024 * 1024


class NotRegularFile(OSError):
    """The path names a FIFO, a device, a socket or a folder: not a file we read."""


class TooLarge(OSError):
    """The file holds more than the cap allows."""

    def __init__(self, cap: int) -> None:
        super().__init__(errno.EFBIG, f"over the {cap:,}-byte limit")
        self.cap = cap


def file_kind(mode: int, other: str = "not a regular file") -> str:
    """What a file of ``mode`` is, for a message ("a named pipe (FIFO)"); ``other`` for the rest."""
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISLNK(mode):
        return "a symbolic link"
    return other


#: The cap on one dataset file of an edition, for the loader and for ``briefing editions``
#: counting alike: larger files are refused rather than parsed (a parser holds the whole text
#: and its tree in memory).
MAX_DATA_FILE_BYTES = 256 * 1024 * 1024


def read_regular(path: Path | str, cap: int) -> bytes:
    """The bytes of the regular file at ``path``, at most ``cap`` of them.

    Raises :class:`NotRegularFile` (with a sentence such as "is a named pipe (FIFO), not a
    regular file"), :class:`TooLarge`, or the OSError of the open (FileNotFoundError...).
    """
    return read_regular_stat(path, cap)[0]


def read_regular_stat(path: Path | str, cap: int, *, follow_links: bool = True) -> tuple[bytes, os.stat_result]:
    """Like :func:`read_regular`, with the opened file's ``fstat`` (its owner, mode...).

    With ``follow_links=False`` a symbolic link is refused (``OSError`` ELOOP): the stat
    then describes the file at ``path`` itself, so its owner is the one who made it.
    """
    flags = os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC | (0 if follow_links else os.O_NOFOLLOW)
    fd = os.open(path, flags)
    try:
        found = os.fstat(fd)
        if not stat.S_ISREG(found.st_mode):
            raise NotRegularFile(errno.EINVAL, f"is {file_kind(found.st_mode)}, not a regular file")
        chunks: list[bytes] = []
        total = 0
        while total <= cap:
            chunk = os.read(fd, min(_CHUNK, cap + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
        if total > cap:
            raise TooLarge(cap)
        return b"".join(chunks), found
    finally:
        os.close(fd)


def create_new(folder: Path, name: str, data: bytes, *, tries: int = 1000) -> Path:
    """Write ``data`` to a new file ``folder/name`` (or ``stem-2.ext``...), mode 0600; return its path.

    Never opens an existing file or follows a link: ``O_EXCL`` fails on any name that
    exists, a dangling link included, and the next name is tried. A failed write removes
    the file it created.
    """
    stem, dot, suffix = name.rpartition(".")
    if not dot:
        stem, suffix = name, ""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC
    for number in range(1, tries + 1):
        candidate = folder / (name if number == 1 else f"{stem}-{number}{dot}{suffix}")
        try:
            fd = os.open(candidate, flags, 0o600)
        except FileExistsError:
            continue
        try:
            view = memoryview(data)
            while view:
                written = os.write(fd, view)
                view = view[written:]
            os.fsync(fd)
        except BaseException:
            os.close(fd)
            try:
                os.unlink(candidate)
            except OSError:
                pass
            raise
        os.close(fd)
        return candidate
    raise FileExistsError(errno.EEXIST, f"{tries} files named like {name} exist already")


def make_folders(folder: Path | str, mode: int = 0o700) -> list[Path]:
    """Create ``folder`` and each missing parent with exactly ``mode``, whatever the umask; return them.

    Folders that exist already are left as they are. Each new folder is made with ``mode``
    (the umask can only take bits away, so it is never wider meanwhile), then set to
    ``mode`` on its opened descriptor, never through a link put in its place. Raises OSError.
    """
    folder = Path(folder)
    missing: list[Path] = []
    current = folder
    while not os.path.isdir(current):
        missing.append(current)
        if current.parent == current:
            break
        current = current.parent
    made: list[Path] = []
    for path in reversed(missing):
        try:
            os.mkdir(path, mode)
        except FileExistsError:
            if os.path.isdir(path):
                continue  # made meanwhile by someone else: left as it is
            raise
        fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC)
        try:
            os.fchmod(fd, mode)
        finally:
            os.close(fd)
        made.append(path)
    return made


def remove_stale(folder: Path, prefix: str, suffix: str, max_age: float) -> list[Path]:
    """Remove temporary files ``prefix*suffix`` in ``folder`` that are ours and older than ``max_age`` s.

    Only regular files owned by this user are touched (never a link, never someone else's
    file), and only ones no writer has touched for ``max_age`` seconds: a live writer
    finishes in far less. Best effort; returns what was removed.
    """
    removed: list[Path] = []
    now = time.time()
    uid = os.getuid() if hasattr(os, "getuid") else None
    try:
        names = os.listdir(folder)
    except OSError:
        return removed
    for entry in names:
        if not (entry.startswith(prefix) and entry.endswith(suffix)) or len(entry) <= len(prefix) + len(suffix):
            continue
        path = folder / entry
        try:
            found = os.lstat(path)
            if not stat.S_ISREG(found.st_mode) or (uid is not None and found.st_uid != uid):
                continue
            if now - found.st_mtime <= max_age:
                continue
            os.unlink(path)
            removed.append(path)
        except OSError:
            continue
    return removed


def others_can_write(folder: Path) -> str | None:
    """Why someone other than this user can change files in ``folder``, or None when no one can.

    A folder owned by another user (not root) or writable by group or others lets them
    plant files in it (a sticky bit stops only the removal of ours).
    """
    if not hasattr(os, "getuid"):
        return None
    try:
        found = os.stat(folder)
    except OSError:
        return None
    uid = os.getuid()
    if found.st_uid not in (uid, 0):
        return f"it belongs to another user (uid {found.st_uid})"
    if found.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
        who = "everyone" if found.st_mode & stat.S_IWOTH else "its group"
        return f"{who} can write to it (mode {stat.S_IMODE(found.st_mode):o})"
    return None


class LockBusy(OSError):
    """Another process held the lock for longer than we were ready to wait.

    ``holder`` is what its holder wrote into the lock file (``"<pid> <host>"``), or ``""``.
    """

    def __init__(self, code: int, message: str, holder: str = "") -> None:
        super().__init__(code, message)
        self.holder = holder


class ForeignLock(OSError):
    """The lock file is not one we would have made; ``what`` says how ("is a symbolic link")."""

    def __init__(self, code: int, message: str, what: str) -> None:
        super().__init__(code, message)
        self.what = what


class LockFailed(OSError):
    """The lock file was opened but the kernel refused the lock itself (not because it is held)."""


@contextmanager
def exclusive_lock(lock_path: Path, timeout: float = 3.0, *, name_holder: bool = False,
                   poll: float = 0.01) -> Iterator[None]:
    """Hold an exclusive :func:`fcntl.flock` on ``lock_path`` (created 0600 if missing).

    Never opened through a link (:class:`ForeignLock`), never truncated on open, never a
    file with other names; a dead holder's lock is released by the kernel, so a killed
    process never leaves the file locked. Raises :class:`LockBusy` after ``timeout``
    seconds, :class:`LockFailed` when the kernel refuses the lock, or the open's OSError.

    With ``name_holder`` the holder's pid and host are written into the file while it is
    held (for a waiting process's message), so the file must also be this user's own.
    Without it nothing is written, so a teammate's lock file in a shared folder serves as well.
    """
    import fcntl

    try:
        fd = os.open(lock_path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC, 0o600)
    except OSError as error:
        if error.errno == errno.ELOOP:
            raise ForeignLock(errno.ELOOP, error.strerror or os.strerror(errno.ELOOP), "is a symbolic link") from None
        raise
    try:
        found = os.fstat(fd)
        foreign = None
        if not stat.S_ISREG(found.st_mode):
            foreign = (errno.EINVAL, "is not a regular file")
        elif name_holder and hasattr(os, "getuid") and found.st_uid != os.getuid():
            foreign = (errno.EPERM, f"belongs to another user (uid {found.st_uid})")
        elif found.st_nlink != 1:
            foreign = (errno.EPERM, "has other names (hard links)")
        if foreign is not None:
            raise ForeignLock(foreign[0], f"the lock file {lock_path} {foreign[1]}", foreign[1])
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except OSError as error:
                if error.errno not in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
                    raise LockFailed(error.errno, error.strerror or str(error)) from None
            if time.monotonic() >= deadline:
                raise LockBusy(errno.EWOULDBLOCK, f"{lock_path} stayed locked for {timeout:g} s", _holder(fd))
            time.sleep(poll)
        if name_holder:
            _write_holder(fd)
        try:
            yield
        finally:
            if name_holder:
                try:
                    os.ftruncate(fd, 0)
                except OSError:
                    pass
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


def _write_holder(fd: int) -> None:
    """Who holds the lock, for a waiting process's message; not needed for safety."""
    import socket

    try:
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()} {socket.gethostname()}\n".encode(), 0)
    except OSError:
        pass


def _holder(fd: int) -> str:
    """What the lock's holder wrote into the lock file, or ``""``."""
    try:
        return os.pread(fd, 512, 0).decode("utf-8", "replace").strip()
    except OSError:
        return ""


def fsync_folder(folder: Path) -> None:
    """Make a rename in ``folder`` durable. Best effort: the rename is done and the file complete either way."""
    try:
        fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def replace_atomically(path: Path, data: bytes, mode: int = 0o600) -> os.stat_result:
    """Replace ``path`` with ``data``: a new temporary file (``O_EXCL``, never through a link),
    written, fsynced, renamed over ``path``, then the folder fsynced. On any failure ``path`` is
    left as it was. Returns the new file's stat (to tell later whether someone changed it)."""
    import tempfile

    folder = path.parent
    fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    try:
        if mode != 0o600:
            os.fchmod(fd, mode)
        view = memoryview(data)
        while view:
            written = os.write(fd, view)
            if written <= 0:
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
            view = view[written:]
        os.fsync(fd)
        found = os.fstat(fd)
        os.close(fd)
        fd = -1
        os.replace(temp, path)
        temp = ""
    finally:
        if fd >= 0:
            os.close(fd)
        if temp:
            try:
                os.unlink(temp)
            except OSError:
                pass
    fsync_folder(folder)
    return found
