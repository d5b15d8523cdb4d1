"""Opening the editions: from an up-to-date store in the cache, else compiled, always read through a store.

:func:`open_model` is the one read path of the app, the shell commands and the exports.
It opens ``<cache dir>/stores/<hash of the data paths>.sqlite`` when that store is
current and trusted; otherwise it validates the TOML (:func:`~briefing.model.data.loader.load_editions`),
compiles a store (:mod:`.compile`) and reads from that.

The store is a cache, never a source of truth:

* it records the size and ``mtime_ns`` of every dataset file of every edition found,
  the list of edition folders and the record classes' fields; any difference and it is
  rebuilt;
* a store that cannot be kept (the cache folder is read-only or not the user's alone,
  a file was modified in the last :data:`~.freshness.RACY_SECONDS` so an edit within the file
  system's timestamp granularity could go unnoticed, or a file could not be read at
  all, which making it readable would not show in its size or mtime) is compiled into a
  private store that lives as long as the process, through the same code;
* a store is trusted only when the folder and the file, *as opened* (checked with
  ``fstat`` on their descriptors, never by path before opening), belong to the user and
  nobody else can write to them. A store up to :data:`READ_WHOLE_BYTES` is read whole from
  the checked descriptor into memory; a larger one is opened by SQLite, which is then
  checked to have opened that same file;
* a store that does not read back (another version, truncated, a page or a record that
  does not decode) is rebuilt: when opened, or, for what is read later, by the read that
  finds it (:meth:`~.database.Store.heal`). It holds JSON, never code, so at worst a
  store changed behind our back shows wrong data;
* editions over :data:`SMALL_BYTES` are compiled in an isolated child process.
"""

import os
import sqlite3
import stat
import zlib
from pathlib import Path
from typing import TYPE_CHECKING

from ..data.editions import FILES
from ..data.problems import Problem
from ..data.model import Model
from .codec import encode
from .database import STORE_VERSION, Store, StoreDamaged

if TYPE_CHECKING:
    from ..data.loader import Progress, Validated
from .folders import private_folder_fd
from .freshness import recently_modified, signature_of, total_size

#: Stores up to this size are read whole from the checked descriptor into memory (0.2 ms for the
#: shipped edition's 230 kB); larger ones are opened by SQLite, then checked to be the same file.
READ_WHOLE_BYTES = 4 * 1024 * 1024

#: Editions whose dataset files together exceed this are compiled in a child process.
SMALL_BYTES = 1024 * 1024


class LoadResult:
    """The model opened, and every problem found when its editions were validated.
    (A plain class: a NamedTuple costs eight times as much to make, as the module loads.)"""

    __slots__ = ("model", "problems")

    def __init__(self, model: Model, problems: list[Problem]) -> None:
        self.model = model
        self.problems = problems

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if not p.is_error]


def open_model(paths: list[Path], *, cache_dir: Path | None = None, progress: "Progress | None" = None,
               files: tuple[str, ...] = FILES) -> LoadResult:
    """Every edition under ``paths``, read through a store: the cached one when current, else a new one.

    ``files`` limits which dataset files are read (the app reads ``report.toml`` alone
    first, to paint the Overview at once); such a partial store is always private.
    """
    whole = files == FILES
    target = store_path(paths, cache_dir) if whole else None
    if target is not None:
        opened = open_store(paths, cache_dir=cache_dir)
        if opened is not None:
            return opened
    # Only now: a lookup on a current store never imports the compiler (nor subprocess, nor the codec's writer).
    from ..data.loader import load_editions
    from .compile import build, compile_in_child, write_store

    signature = signature_of(paths)
    keep = target is not None and signature is not None and not recently_modified(paths) and _can_keep(target)
    if whole and not is_small(paths):
        import tempfile

        with tempfile.TemporaryDirectory(prefix="briefing-") as private:  # 0700, removed with what is in it
            destination = target if keep and target is not None else Path(private) / "store.sqlite"
            if compile_in_child(paths, destination, signature or "", progress):
                opened = _open_file(destination, paths, signature or "", cache_dir)
                if opened is not None:
                    return opened
        # The child could not be started, or the files changed while it read them: compile here.
    validated = load_editions(paths, files=files, progress=progress)
    if not keep or signature_of(paths) != signature or any(_unreadable(p) for p in validated.problems):
        keep = False
    connection = build(validated, signature or "", spelled=paths)
    if keep and target is not None and validated.editions:
        if progress is not None:
            progress("the store, for faster loading next time")
        try:
            write_store(target, connection)
        except (OSError, sqlite3.Error):
            pass  # a cache that cannot be written is not an error: this store serves, privately
    return LoadResult(Store(connection, "a private store").model(), validated.problems)


def model_of(validated: "Validated") -> LoadResult:
    """Editions validated already (made by a program rather than read from files) in a private store."""
    from .compile import build

    return LoadResult(Store(build(validated, ""), "a private store").model(), validated.problems)


def open_store(paths: list[Path], *, cache_dir: Path | None = None) -> LoadResult | None:
    """The editions under ``paths`` from an up-to-date, trusted store in the cache, or None."""
    target = store_path(paths, cache_dir)
    signature = signature_of(paths)
    if target is None or signature is None:
        return None
    return _open_file(target, paths, signature, cache_dir)


def _open_file(target: Path, paths: list[Path], signature: str, cache_dir: Path | None) -> LoadResult | None:
    opened = _connect_trusted(target)
    if opened is None:
        return None
    connection = opened
    store = Store(connection, str(target), rebuild=lambda: _rebuilt(paths, cache_dir))
    try:
        if store.meta("version") != encode(STORE_VERSION) or store.meta("signature") != encode(signature):
            store.close()
            return None
        store.respell(paths)
        store.check()
        return LoadResult(store.model(), store.problems())
    except StoreDamaged:
        store.close()
        return None


def _can_keep(target: Path) -> bool:
    """True when a store can be written beside ``target``: its folder is, or can be made, the user's alone."""
    try:
        os.close(private_folder_fd(target.parent, create=True))
    except OSError:
        return False
    return True


def _connect_trusted(target: Path) -> sqlite3.Connection | None:
    """A read-only connection to the store at ``target`` when it is trusted (see the module docstring)."""
    try:
        folder = private_folder_fd(target.parent, create=False)
    except OSError:
        return None
    try:
        try:
            fd = os.open(target.name, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC, dir_fd=folder)
        except OSError:
            return None
    finally:
        os.close(folder)
    try:
        found = os.fstat(fd)
        if not stat.S_ISREG(found.st_mode) or found.st_mode & (stat.S_IWGRP | stat.S_IWOTH) \
                or (hasattr(os, "getuid") and found.st_uid != os.getuid()):
            return None
        if found.st_size <= READ_WHOLE_BYTES:
            data = _read_all(fd, found.st_size)
            if data is None or len(data) < 100:  # shorter than SQLite's header: no database at all
                return None
            connection = sqlite3.connect(":memory:", check_same_thread=False)
            try:
                connection.deserialize(data)
            except (sqlite3.Error, MemoryError, OverflowError):  # what SQLite says of bytes that are no database
                connection.close()
                return None
            return connection
        connection = sqlite3.connect(f"{target.resolve().as_uri()}?mode=ro&immutable=1", uri=True,
                                     check_same_thread=False)
        try:
            connection.execute("SELECT count(*) FROM sqlite_master").fetchall()  # SQLite opens the file now
        except sqlite3.Error:
            connection.close()
            return None
        if not _opened_same_file(found, besides=fd) or not _pages_fill(connection, found.st_size):
            connection.close()
            return None
        return connection
    except OSError:
        return None
    finally:
        os.close(fd)


def _read_all(fd: int, size: int) -> bytes | None:
    """Exactly ``size`` bytes from ``fd``; None if the file is not that long after all."""
    chunks: list[bytes] = []
    left = size + 1  # one more than expected: a file that grew is refused, not cut
    while left > 0:
        chunk = os.read(fd, min(left, 1 << 20))
        if not chunk:
            break
        chunks.append(chunk)
        left -= len(chunk)
    data = b"".join(chunks)
    return data if len(data) == size else None


def _pages_fill(connection: sqlite3.Connection, size: int) -> bool:
    """True when the file is as long as SQLite's header says: a truncated store is refused."""
    try:
        [(pages,)] = connection.execute("PRAGMA page_count").fetchall()
        [(page_size,)] = connection.execute("PRAGMA page_size").fetchall()
    except sqlite3.Error:
        return False
    return pages * page_size == size


def _opened_same_file(found: os.stat_result, *, besides: int) -> bool:
    """True when some descriptor of this process other than ``besides`` is the file ``found`` describes.

    SQLite opens the store by path; the path could have been made to lead elsewhere since
    we checked the file on our own descriptor. The file SQLite holds open is found among
    the process's descriptors and compared by device and inode. Where the process's
    descriptors cannot be listed (no ``/proc``), the path is compared once more instead.
    """
    fds = Path("/proc/self/fd")
    if not fds.is_dir():
        return True
    for entry in os.listdir(fds):
        if entry == str(besides):
            continue
        try:
            other = os.stat(fds / entry)
        except OSError:
            continue
        if (other.st_dev, other.st_ino) == (found.st_dev, found.st_ino):
            return True
    return False


def store_path(paths: list[Path], cache_dir: Path | None) -> Path | None:
    """Where the store for ``paths`` lives: one file per set of data folders, however they are named."""
    try:
        if cache_dir is None:
            from ..locations import cache_dir as user_cache_dir

            cache_dir = user_cache_dir()
        # One store per set of editions, however their paths are spelled (``data``, ``./data``, an
        # absolute path): problems name files as the analyst spelled them (Store.respell).
        names = "\0".join(str(path.resolve()) for path in paths)
    except (OSError, RuntimeError):
        return None
    # Two 32-bit checksums rather than hashlib, whose import costs 2 ms of a 200 ms start-up (zlib
    # is loaded already). A clash would only make two sets of paths take turns rebuilding one store:
    # the signature inside it, not its name, says what it holds.
    encoded = names.encode("utf-8", "surrogateescape")
    return cache_dir / "stores" / f"{zlib.crc32(encoded):08x}{zlib.adler32(encoded):08x}.sqlite"


def is_small(paths: list[Path]) -> bool:
    """True when the editions under ``paths`` are small enough to compile here, before the first frame."""
    return total_size(paths) <= SMALL_BYTES


def _unreadable(problem: Problem) -> bool:
    """A file that could not be read at all (permissions, say): fixing that changes no size or mtime,
    so a store compiled without it would outlive the fix. Such editions are never kept."""
    return problem.message.startswith(("cannot read", "is a folder"))


def _rebuilt(paths: list[Path], cache_dir: Path | None) -> sqlite3.Connection:
    """The database of a store compiled afresh for ``paths``, the damaged one in the cache removed first."""
    discard(paths, cache_dir)
    return open_model(paths, cache_dir=cache_dir).model.store.detach()  # type: ignore[attr-defined]


def discard(paths: list[Path], cache_dir: Path | None = None) -> None:
    """Remove the cached store of ``paths`` (found damaged while reading it): the next open rebuilds it."""
    target = store_path(paths, cache_dir)
    if target is None:
        return
    try:
        folder = private_folder_fd(target.parent, create=False)
    except OSError:
        return
    try:
        os.unlink(target.name, dir_fd=folder)
    except OSError:
        pass
    finally:
        os.close(folder)
