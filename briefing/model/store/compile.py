"""Compiling validated editions into a store: an SQLite database of JSON records and search columns.

A store is built in memory (:func:`build`) and then either used as it is, a private
store that lives as long as the process, or written whole into the cache folder
(:func:`write_store`) for the next run: the bytes go through a new file created in the
opened folder (``O_CREAT|O_EXCL|O_NOFOLLOW``, mode 0600), synced, and renamed over the
old store in that same folder, so a reader never sees half a store and a link planted
in the folder is never followed.

Large editions are compiled in a child process (:func:`compile_in_child`): at 100,000
events validating takes some 12 s of CPU and 450 MB, which the app should not hold
or wait for. A store of many records has over half of its rows computed by a second process
forked from that one (:mod:`.row_worker`), so the compile uses two cores; there
(:func:`compile_store`) an edition's news go to another as soon as they are loaded, which
makes their search rows and word index while the rest loads. The child runs isolated
(``python -I``: no working folder, no ``PYTHONPATH`` on its path), imports only this package,
and stops as soon as the process that started it closes its standard input or calls
:func:`stop_children`.
"""

from __future__ import annotations

import gc
import operator
import os
import signal
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path
from typing import Callable, Iterable, NamedTuple, Sequence

from ..data.loader import Progress, Validated, load_editions
from ..data.records import Edition, Record, field_of
from .codec import encode
from .database import DATASETS, STORE_VERSION
from .folders import private_folder_fd
from .freshness import signature_of
from .row_worker import FillRows, PartWorker, RowWorker, start_early, start_part, start_worker
from .rows import LIST_COLUMNS, create_dataset_tables, create_names, create_worker_tables, fill_names, fill_rows
from .indexes import create_indexes, create_terms, index_in_worker, index_words

# -- building ------------------------------------------------------------------------------------


class Early(NamedTuple):
    """A worker computing the rows of one edition's records of a dataset since they were loaded, and those records."""

    worker: RowWorker
    records: Sequence[Record]


class Placed(NamedTuple):
    """An early worker, and where its records are in the store's list of their dataset: ``[start:stop]``."""

    worker: RowWorker
    dataset: str
    start: int
    stop: int


def _placed(early: Early | None, editions: Sequence[Edition]) -> Placed | None:
    """Where ``early``'s records are among ``editions``' (in model order), or None, the worker stopped,
    when its edition does not hold those very records (the rows are then computed as without it)."""
    if early is None:
        return None
    dataset = next(iter(early.worker.shares))
    start = 0
    for edition in editions:
        records = getattr(edition, field_of(dataset))
        if edition.id == early.worker.edition:
            if len(records) == len(early.records) and all(map(operator.is_, records, early.records)):
                return Placed(early.worker, dataset, start, start + len(records))
            break
        start += len(records)
    early.worker.stop()
    return None


def build(validated: Validated, signature: str, file: Path | None = None,
          spelled: Iterable[Path] = (), early: Early | None = None) -> sqlite3.Connection:
    """A new store of ``validated``, in memory (or in the new, empty ``file``); its connection may be
    shared between threads. ``spelled``: the data paths as given, which the problems' paths start
    with (see :meth:`.database.Store.respell`). ``early``: a worker computing the rows of one
    edition's news since they were loaded (:func:`compile_store`)."""
    lists = {dataset: merged(validated.editions, dataset) for dataset in DATASETS}
    early = _placed(early, validated.editions)
    # The first rows of each dataset computed by a second process meanwhile (see row_worker), and the entities
    # they name; not of the early worker's dataset, whose rows that worker makes (the rest are made here).
    def fill(connection: sqlite3.Connection, dataset: str, records: list, start: int, stop: int) -> None:
        fill_rows(connection, dataset, records, start, stop)
        fill_names(connection, dataset, records, start, stop)

    shared = {dataset: records for dataset, records in lists.items() if early is None or dataset != early.dataset}
    worker = start_worker(file, shared, create_worker_tables, fill) if file is not None else None
    try:
        connection = sqlite3.connect(":memory:" if file is None else str(file), check_same_thread=False)
    except BaseException:
        if worker is not None:
            worker.stop()
        raise
    if file is not None:
        # Written once, start to end, and renamed into place only when whole: nothing to roll back,
        # and a small page cache, so the database is not held in memory beside the records.
        connection.execute("PRAGMA synchronous = OFF")
        connection.execute("PRAGMA cache_size = -16384")
    # As in load_editions: the collector's full passes over the records being written free
    # nothing, and would stop every thread (the app's UI too) for a third of a second.
    collecting = gc.isenabled()
    gc.disable()
    syncing: list[threading.Thread] = []
    try:
        _fill(connection, validated, signature, [str(path) for path in spelled], lists, worker, fill, early,
              (lambda: syncing.extend(_sync_behind(file))) if file is not None else None)
    except BaseException:
        connection.close()
        if worker is not None:
            worker.stop()
        if early is not None:
            early.worker.stop()
        raise
    finally:
        if collecting:
            gc.enable()
        for thread in syncing:
            thread.join()
    return connection


def _sync_behind(file: Path) -> list[threading.Thread]:
    """Start writing ``file``'s pages to disk in a thread, while the compile goes on.

    The pages written by then are most of a large store's: the sync that makes the store whole
    before it is renamed into place (see _replace_atomically) then waits on the rest alone, not
    on half a GB at 100,000 events. An error here is the final sync's to report.
    """
    try:
        fd = os.open(file, os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC)
    except OSError:
        return []

    def sync() -> None:
        try:
            os.fdatasync(fd)
        except OSError:
            pass
        finally:
            os.close(fd)

    thread = threading.Thread(target=sync, name="briefing-store-sync", daemon=True)
    thread.start()
    return [thread]


def merged(editions: Iterable[Edition], dataset: str) -> list[Record]:
    """The records of ``dataset`` across ``editions`` in model order: editions by period, events by date.

    Events are sorted once, here, for all editions together; ties keep edition then file
    order (sorted is stable). An edition's own events are then that order filtered, so one
    edition read alone or among others lists its events alike.
    """
    records: list[Record] = [record for edition in editions for record in getattr(edition, field_of(dataset))]
    if dataset == "events":
        # Each date's key made once: the loader keeps one object for each date written (see schema_checks),
        # and 100,000 keys made one by one were 0.6 s of a compile's critical path.
        keys: dict[int, tuple[int, int]] = {}
        records.sort(key=lambda event: keys.get(id(event.date)) or keys.setdefault(  # type: ignore[union-attr]
            id(event.date), event.date.sort_key))  # type: ignore[union-attr]
    return records


def _fill(connection: sqlite3.Connection, validated: Validated, signature: str, spelled: list[str],
          lists: dict[str, list[Record]], worker: RowWorker | None, fill: FillRows, early: Placed | None,
          sync_behind: Callable[[], None] | None) -> None:
    editions = validated.editions
    connection.execute("PRAGMA journal_mode = OFF")  # built in memory: nothing to roll back to
    connection.execute("CREATE TABLE meta (name TEXT PRIMARY KEY, value TEXT NOT NULL)")
    connection.execute("CREATE TABLE editions (seq INTEGER PRIMARY KEY, id TEXT NOT NULL, edition TEXT NOT NULL)")
    create_dataset_tables(connection)
    warnings = [str(problem) for problem in validated.problems if not problem.is_error]
    with connection:
        meta = {"version": encode(STORE_VERSION), "signature": encode(signature),
                "problems": encode(validated.problems), "warnings": encode(warnings), "spelled": encode(spelled)}
        connection.executemany("INSERT INTO meta VALUES (?, ?)", meta.items())
        connection.executemany(
            "INSERT INTO editions VALUES (?, ?, ?)",
            ((seq, e.id, encode(e._replace(news=(), medals=(), articles=(), events=(), parts=())))
             for seq, e in enumerate(editions)))
        for dataset, records in lists.items():
            if early is not None and dataset == early.dataset:  # the early worker's rows are a run of these
                fill_rows(connection, dataset, records, 0, early.start)
                fill_rows(connection, dataset, records, early.stop, len(records))
            else:
                fill_rows(connection, dataset, records, worker.shares[dataset] if worker else 0, len(records))
        # The entities the rows here name; a row worker names those of its rows (copied in with them).
        create_names(connection)
        for dataset, records in lists.items():
            fill_names(connection, dataset, records, worker.shares.get(dataset, 0) if worker else 0, len(records))
    if worker is not None:
        worker.copy_into(connection, lists, fill)
        worker.remove()
    if sync_behind is not None and (worker is not None or early is not None):
        connection.commit()
        sync_behind()  # most of a large store's rows are written now
    # Every dataset but the early worker's is whole now, and every entity named: indexed while that worker runs.
    with connection:
        connection.execute("CREATE INDEX entities_name ON entities (name)")
        create_terms(connection)
        for dataset in DATASETS:
            if early is None or dataset != early.dataset:
                create_indexes(connection, dataset)
                index_words(connection, dataset)
    if early is not None:
        # Its rows are copied in while it makes their word index: that index is the store's when those
        # rows are the dataset's every row (one edition's news), and the worker ended well.
        whole = early.worker.copy_into(connection, lists, fill_rows, early.start) \
            and (early.start, early.stop) == (0, len(lists[early.dataset]))
        with connection:
            create_indexes(connection, early.dataset)
        whole = early.worker.words_made() and whole
        with connection:
            index_words(connection, early.dataset, filled=not whole)
        if whole:
            early.worker.copy_word_indexes(connection, [early.dataset])
        early.worker.remove()
    with connection:
        connection.execute("INSERT INTO meta VALUES ('counts', ?)",
                           (encode({dataset: len(records) for dataset, records in lists.items()}),))


# -- writing into the cache ------------------------------------------------------------------------


def write_store(target: Path, connection: sqlite3.Connection) -> None:
    """Write the store ``connection`` holds to ``target``, atomically; raises OSError or sqlite3.Error."""
    data = connection.serialize()

    def fill(folder: int, temporary: str, fd: int) -> None:
        with memoryview(data) as view:
            written = 0
            while written < len(view):
                written += os.write(fd, view[written:written + (1 << 24)])

    _replace_atomically(target, fill)


def build_store(target: Path, validated: Validated, signature: str, spelled: Iterable[Path] = ()) -> None:
    """Compile ``validated`` straight into a new file that then replaces ``target``, atomically.

    The database is written page by page as it is built, never held whole in memory: at
    100,000 events it is about half a GB, which a copy made to write it out would double.
    """
    def fill(folder: int, temporary: str, fd: int) -> None:
        build(validated, signature, file=_opened_path(target, folder, temporary), spelled=spelled).close()

    _replace_atomically(target, fill)


class _FilesChanged(Exception):
    """A data file changed while the compile read it."""


def compile_store(target: Path, paths: list[Path], signature: str, progress: Progress,
                  written: Callable[[], None] | None = None) -> bool:
    """Load the editions under ``paths`` and compile them into a new file that then replaces ``target``,
    as :func:`build_store` does; False, and nothing written, when the files no longer have ``signature``.
    ``written()`` is called the moment the store is in place, while the records are still held (the
    compile child exits there rather than free them).

    An edition's news, the most of a compile's work, are given to a worker (:func:`.row_worker.start_early`)
    as soon as they are loaded: it computes their rows and word index while the other files are read.
    The first of them are given to another (:func:`.row_worker.start_part`) as soon as their part of
    the file is parsed: until then the compile parses on one core, and that worker uses the other.
    """
    early: list[Early] = []
    parts: list[PartWorker] = []
    loaded: list[Validated] = []

    def load(folder: int, temporary: str) -> None:
        path = _opened_path(target, folder, temporary)

        def part_ready(edition: str, dataset: str, count: int, build_records: Callable[[], list]) -> None:
            if not parts and not early:
                worker = start_part(path, edition, dataset, count, build_records, create_worker_tables, fill_rows)
                if worker is not None:
                    parts.append(worker)

        def ready(edition: str, dataset: str, records: list) -> None:
            if early:
                return
            part = next((worker for worker in parts if worker.edition == edition), None)
            worker = start_early(path, edition, dataset, records, create_worker_tables, fill_rows,
                                 index_in_worker, part)
            if worker is not None:
                early.append(Early(worker, records))
            for started in parts:
                if started is not part or worker is None:
                    started.stop()  # no early worker reads its rows

        loaded.append(load_editions(paths, progress=progress, records_ready=ready, part_ready=part_ready))
        if signature and signature_of(paths) != signature:
            raise _FilesChanged

    def fill(folder: int, temporary: str, fd: int) -> None:
        progress("the store, for faster loading next time")
        build(loaded[0], signature, file=_opened_path(target, folder, temporary), spelled=paths,
              early=early[0] if early else None).close()

    try:
        _replace_atomically(target, fill, before=load)
        if written is not None:
            written()
    except _FilesChanged:
        return False
    finally:
        for started in early:
            started.worker.stop()  # when the compile failed: a worker whose rows were copied in is gone
        for part in parts:
            part.stop()  # reaped, and its file gone (the early worker removes it once read)
    return True


def _opened_path(target: Path, folder: int, temporary: str) -> Path:
    """The path of ``temporary`` in ``target``'s folder, opened as ``folder``: SQLite opens files by
    path, so through the checked folder's descriptor where /proc shows it."""
    through = Path(f"/proc/self/fd/{folder}")
    return (through if through.is_dir() else target.parent) / temporary


def _replace_atomically(target: Path, fill, before=None) -> None:
    """``fill(folder, name, fd)`` a new file (``O_EXCL|O_NOFOLLOW``, 0600) beside ``target``, sync it,
    and rename it over ``target``; the new file is removed if anything fails. ``before(folder, name)``
    is called before the file is made (a compile that is stopped while it loads leaves none)."""
    from ..safe_io import remove_stale

    folder = private_folder_fd(target.parent, create=True)
    try:
        remove_stale(target.parent, ".store-", ".tmp", 15 * 60)  # left by a compile that was killed
        temporary = f".store-{os.getpid()}-{threading.get_ident()}.tmp"
        try:
            os.unlink(temporary, dir_fd=folder)  # ours from an earlier attempt of this very thread
        except FileNotFoundError:
            pass
        if before is not None:
            before(folder, temporary)
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC, 0o600,
                     dir_fd=folder)
        try:
            try:
                fill(folder, temporary, fd)
                os.fsync(fd)
            finally:
                os.close(fd)
            os.replace(temporary, target.name, src_dir_fd=folder, dst_dir_fd=folder)
        except BaseException:
            try:
                os.unlink(temporary, dir_fd=folder)
            except OSError:
                pass
            raise
    finally:
        os.close(folder)


# -- compiling in a child process ------------------------------------------------------------------

_children: set[subprocess.Popen] = set()
_children_lock = threading.Lock()

#: The C library's allocator keeps what the child frees for its next allocations rather than giving it back
#: to the system at once (glibc reads these; others ignore them). Loading 100,000 events parses a file's
#: tables and lets them go piece by piece: given back and asked for again, that memory was 280,000 page
#: faults and 0.6-0.7 s of system time on the compile's one-core start; kept, 114,000 and 0.3 s, with the
#: same peak (458 MiB).
_KEEP_FREED_MEMORY = {"MALLOC_TRIM_THRESHOLD_": str(1 << 30), "MALLOC_MMAP_THRESHOLD_": str(1 << 30)}

#: What the child runs: this package from where it is installed, nothing from the working folder.
_CHILD = "import sys; sys.path.insert(0, sys.argv[1]); from briefing.model.store.compile import child_main; " \
         "sys.exit(child_main(sys.argv[2:]))"


def compile_in_child(paths: list[Path], target: Path, signature: str, progress: Progress | None = None) -> bool:
    """Compile the editions under ``paths`` into a store at ``target`` in a child process; True when written.

    The child checks the signature again after loading and writes nothing when the files
    changed meanwhile. Its progress lines are passed to ``progress``.
    """
    package_root = str(Path(__file__).resolve().parents[3])
    try:
        # stdin is a pipe that is never written: the child stops when it closes, as the app exits.
        child = subprocess.Popen([sys.executable, "-I", "-c", _CHILD, package_root, str(target), signature,
                                  *map(str, paths)],
                                 stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                                 text=True, encoding="utf-8", errors="replace", start_new_session=True,
                                 env={**_KEEP_FREED_MEMORY, **os.environ})
    except OSError:
        return False
    with _children_lock:
        _children.add(child)
    written = False
    try:
        assert child.stdout is not None
        for line in child.stdout:
            if progress is not None and line.startswith("progress: "):
                progress(line.removeprefix("progress: ").rstrip("\n"))
        written = child.wait() == 0
        return written
    finally:
        with _children_lock:
            _children.discard(child)
        if not written and child.poll() is not None:
            _remove_left_by(child.pid, target.parent)


def _remove_left_by(pid: int, folder: Path) -> None:
    """Remove the temporary files a compile child that ended without its store (killed, or failed) left in
    ``folder``: its own and its workers' are named after its process number (see _replace_atomically,
    row_worker). Called once the child is reaped, so no other process has that number yet."""
    prefix = f".store-{pid}-"
    try:
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.name.startswith(prefix) and entry.name.endswith(".tmp"):
                    try:
                        os.unlink(entry.path)  # a link planted there is removed, never followed
                    except OSError:
                        pass
    except OSError:
        pass


def stop_children() -> None:
    """Stop every compile started by this process (the app calls this as it quits)."""
    with _children_lock:
        running = list(_children)
    for child in running:
        if child.poll() is not None:
            continue  # ended, and reaped: its number may be another process's now
        try:
            # The child leads a process group of its own (start_new_session): its row worker
            # (row_worker.py) is stopped with it rather than finishing its batch alone.
            os.killpg(child.pid, signal.SIGKILL)
        except OSError:
            try:
                child.kill()
            except OSError:
                pass
    for child in running:
        try:
            child.wait(timeout=2)  # gone, not a zombie, when the app's exit is done
        except subprocess.TimeoutExpired:
            pass


def child_main(argv: list[str]) -> int:
    """The child's side of :func:`compile_in_child`: ``TARGET SIGNATURE PATH...``; exit 0 when written."""
    target, signature, *paths = argv

    def say(what: str) -> None:
        print(f"progress: {what}", flush=True)

    def stop_with_parent() -> None:
        sys.stdin.read()  # returns when the process that started us closes the pipe: it quit or died
        os._exit(3)  # at once, mid-parse too; a temporary store left behind is removed by the next write

    def exit_at_once() -> None:
        # The parent waits for our exit: freeing 100,000 events' records one object at a time, then the
        # interpreter's own clean-up, took a quarter of a second after the store was already in place.
        sys.stdout.flush()
        os._exit(0)

    threading.Thread(target=stop_with_parent, daemon=True).start()
    try:
        # Not written when a file changed while it was read: the parent then loads again.
        return 0 if compile_store(Path(target), [Path(path) for path in paths], signature, say, exit_at_once) else 1
    except (OSError, sqlite3.Error):
        return 1
