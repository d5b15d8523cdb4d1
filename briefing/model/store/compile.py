"""The compiled store: the loaded editions' validated records in one SQLite file, read as needed.

At 100,000 events and as many news items the records take about 800 MB as Python
objects, and parsing the TOML takes seconds. So the first load of a set of editions
validates them as usual (:func:`~briefing.model.data.loader.load_model`) and writes the
result to ``<cache dir>/stores/<hash of the data paths>.sqlite``; later loads open
that file, and the app and the shell commands read only the records they show, one at
a time (the last thousand read are kept). Lists are built from a few columns stored
beside the records (a News item's section, an event's month), and searching scans
folded text columns inside SQLite instead of Python lists.

The store is a cache, never a source of truth:

* it records the size and ``mtime_ns`` of every dataset file of every edition found,
  and the list of edition folders; any difference and it is rebuilt;
* a file modified in the last :data:`RACY_SECONDS` is loaded but no store is written
  (an edit within the file system's timestamp granularity could go unnoticed);
* a store that cannot be opened, has another version, is truncated, fails SQLite's
  page check (stores up to :data:`CHECKED_BYTES`) or does not read back is ignored and
  rebuilt; failing to write one (read-only or full disk) is not an error, the editions
  are then simply held in memory;
* an edition with a file that could not be read at all is not compiled: making the
  file readable changes neither its size nor its mtime;
* one store per set of data paths as given: problems name files as they were spelled;
* it is written to a temporary file, synced, then renamed over the old one, so a
  reader never sees half a store; readers open it read-only and immutable.

Records are stored pickled: they are this package's own NamedTuples, and unpickling
is the fastest way back to them. Unpickling runs code named by the file, so a store
is only trusted when the current user owns it and nobody else can write to it or to
its folder; anything else is ignored and rebuilt. A stores folder of the user's that
others can write to is made private again before a store is written into it.
"""

from __future__ import annotations

import _thread
import gc
import os
import pickle
import sqlite3
import stat
import sys
import tempfile
import threading
import time
import zlib
from pathlib import Path

from ..data import schema
from ..data.aliases import aliases_file_for
from ..data.loader import LoadResult, Progress, find_editions, load_model
from .ranking import short_words
from ..data.problems import Problem
from ..data.records import Event, NewsItem, Record, news_date_width
from .ranking import folded_parts
from .database import DATASETS, Store
from ..data.text import fold

#: Bump when the layout of the file or of a record class changes; older stores are then rebuilt.
STORE_VERSION = 6

#: Files modified this recently are loaded but not compiled (see the module docstring).
RACY_SECONDS = 2.0

#: Modules whose classes are pickled: a change to either makes every store stale.
_RECORD_MODULES = ("records.py", "dates.py", "aliases.py")


# -- opening -------------------------------------------------------------------------------------


def open_model(paths: list[Path], *, cache_dir: Path | None = None,
               progress: Progress | None = None) -> LoadResult:
    """Every edition under ``paths``, from the store when it is up to date, else loaded and compiled.

    The model returned reads its records from the store whenever one could be written;
    otherwise it holds them in memory, exactly as :func:`load_model` returns them.
    """
    opened = open_store(paths, cache_dir=cache_dir)
    if opened is not None:
        return opened
    result, written = _load_and_compile(paths, cache_dir, progress)
    if not written:
        return result  # a cache that cannot be written is not an error: keep the model in memory
    del result  # the store serves from here on: drop the records held in memory
    reopened = open_store(paths, cache_dir=cache_dir)
    if reopened is None:  # the new file was replaced or removed meanwhile: load again, in memory
        return load_model(paths)
    return reopened


def compile_store(paths: list[Path], *, cache_dir: Path | None = None, progress: Progress | None = None) -> bool:
    """Validate the editions under ``paths`` and write their store; True when one was written."""
    return _load_and_compile(paths, cache_dir, progress)[1]


def compile_in_child(paths: list[Path], progress: Progress | None = None) -> bool:
    """:func:`compile_store` in a child process; True when it wrote the store.

    The app compiles this way: at 100,000 events validating takes half a minute and
    about 750 MB, and in a thread of the app it would hold the interpreter's lock
    for a third of a second at a time (decoding 100 MB of text, say) and leave the app
    that big. A child process takes neither its memory nor its responsiveness. Files
    modified a moment ago are not compiled at all (see the module docstring).
    """
    import subprocess

    if _racy(paths):
        return False
    package_root = str(Path(__file__).resolve().parent.parent.parent)
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (package_root, env.get("PYTHONPATH", "")) if p)
    try:
        # stdin is a pipe that is never written: the child stops when it closes, as the app exits.
        child = subprocess.Popen([sys.executable, "-m", "briefing.model.store.compile", *map(str, paths)],
                                 stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                                 env=env, text=True, encoding="utf-8", errors="replace")
    except OSError:
        return False
    assert child.stdout is not None
    for line in child.stdout:
        if progress is not None and line.startswith("progress: "):
            progress(line.removeprefix("progress: ").rstrip("\n"))
    return child.wait() == 0


def _load_and_compile(paths: list[Path], cache_dir: Path | None,
                      progress: Progress | None) -> tuple[LoadResult, bool]:
    """The editions loaded in memory, and whether their store was written."""
    target = _store_path(paths, cache_dir)
    signature = _signature(paths)  # taken first: a file edited while loading must not pass as compiled
    result = load_model(paths, progress=progress)
    if target is None or signature is None or not result.model.editions or _racy(paths) \
            or _signature(paths) != signature or any(_unreadable(p) for p in result.problems):
        return result, False
    if progress is not None:
        progress("the store, for faster loading next time")
    try:
        write_store(target, result, signature)
    except (OSError, sqlite3.Error):
        return result, False
    return result, True


def _unreadable(problem: Problem) -> bool:
    """A file that could not be read at all (permissions, say): fixing that changes no size or mtime,
    so a store compiled without it would outlive the fix. Such editions are not compiled."""
    return problem.message.startswith(("cannot read", "is a folder"))


def main(argv: list[str]) -> int:
    """``python -m briefing.model.store.compile PATH...``: compile the store (exit 0) or not (exit 1), progress on stdout."""

    def say(what: str) -> None:
        print(f"progress: {what}", flush=True)

    def stop_with_parent() -> None:
        sys.stdin.read()  # returns when the app that started us closes the pipe: it quit or died
        _thread.interrupt_main()  # KeyboardInterrupt: write_store removes its temporary file

    threading.Thread(target=stop_with_parent, daemon=True).start()
    try:
        return 0 if compile_store([Path(arg) for arg in argv], progress=say) else 1
    except KeyboardInterrupt:
        return 3


def open_store(paths: list[Path], *, cache_dir: Path | None = None) -> LoadResult | None:
    """The editions under ``paths`` from an up-to-date store, or None (no store, stale, unreadable)."""
    target = _store_path(paths, cache_dir)
    signature = _signature(paths)
    if target is None or signature is None or not _trusted(target):
        return None
    try:
        store = Store(target)
    except (OSError, sqlite3.Error):
        return None
    try:
        if store.meta("version") != STORE_VERSION or store.meta("signature") != signature or not store.intact():
            store.close()
            return None
        return LoadResult(store.model(), store.meta("problems"))
    except Exception:  # noqa: BLE001 - damaged bytes make pickle raise almost anything; a cache is then rebuilt
        store.close()
        return None


def _store_path(paths: list[Path], cache_dir: Path | None) -> Path | None:
    """Where the store for ``paths`` lives: one file per set of data paths."""
    try:
        if cache_dir is None:
            from ..locations import cache_dir as user_cache_dir

            cache_dir = user_cache_dir()
        # The paths as given as well as resolved: problems name files as the analyst spelled them.
        names = "\0".join(f"{path}\0{path.resolve()}" for path in paths)
    except (OSError, RuntimeError):
        return None
    # Two 32-bit checksums rather than hashlib, whose import costs 2 ms of a 200 ms start-up (zlib
    # is loaded already). A clash would only make two sets of paths take turns rebuilding one store:
    # the signature inside it, not its name, says what it holds.
    encoded = names.encode("utf-8", "surrogateescape")
    return cache_dir / "stores" / f"{zlib.crc32(encoded):08x}{zlib.adler32(encoded):08x}.sqlite"


def _signature(paths: list[Path]) -> str | None:
    """What the store must have been compiled from: every edition folder and file, with size and mtime."""
    problems: list[Problem] = []
    parts = [f"store {STORE_VERSION}", f"python {sys.version_info[0]}.{sys.version_info[1]}"]
    here = Path(__file__).parent.parent / "data"
    try:
        for name in _RECORD_MODULES:
            found = (here / name).stat()
            parts.append(f"{name} {found.st_size} {found.st_mtime_ns}")
        for folder in find_editions(paths, problems):
            parts.append(f"edition {folder.resolve()}")
            for name in schema.FILES:
                try:
                    found = (folder / name).stat()
                except FileNotFoundError:
                    parts.append(f"{name} missing")
                    continue
                parts.append(f"{name} {found.st_size} {found.st_mtime_ns}")
        for aliases in aliases_file_for(paths):  # data/aliases.toml: every record's other names
            found = aliases.stat()
            parts.append(f"aliases {aliases.resolve()} {found.st_size} {found.st_mtime_ns}")
    except (OSError, RuntimeError):
        return None
    if problems:  # a path that does not exist or holds no edition: nothing worth compiling
        return None
    return "\n".join(parts)


def _racy(paths: list[Path]) -> bool:
    """True when a dataset file was modified too recently for its mtime to be trusted."""
    now = time.time()
    for folder in find_editions(paths, []):
        for name in schema.FILES:
            try:
                if now - (folder / name).stat().st_mtime < RACY_SECONDS:
                    return True
            except OSError:
                continue
    return False


def _trusted(path: Path) -> bool:
    """True when only the current user can have written ``path`` and its folder (see the module docstring)."""
    if not hasattr(os, "getuid"):
        return path.exists()
    try:
        for item in (path, path.parent):
            found = item.stat()
            if found.st_uid != os.getuid() or found.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
                return False
    except OSError:
        return False
    return True


# -- writing -------------------------------------------------------------------------------------


def write_store(target: Path, result: LoadResult, signature: str) -> None:
    """Compile ``result`` into a store at ``target``, atomically; raises OSError or sqlite3.Error."""
    folder = target.parent
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    if not _trusted_folder(folder):
        # Ours but opened up (a umask, a chmod): make it private again; files others may have put
        # in it meanwhile are theirs, and _trusted never opens those. Someone else's: not used.
        if hasattr(os, "getuid") and folder.stat().st_uid == os.getuid():
            folder.chmod(0o700)
        if not _trusted_folder(folder):
            raise OSError(f"{folder} can be written by others")
    _remove_abandoned(folder)
    handle, temporary = tempfile.mkstemp(dir=folder, prefix=".store-", suffix=".tmp")
    os.close(handle)
    # As in load_model: the collector's full passes over the records being written free
    # nothing, and would stop every thread (the app's UI too) for a third of a second.
    collecting = gc.isenabled()
    gc.disable()
    try:
        connection = sqlite3.connect(temporary)
        try:
            _fill(connection, result, signature)
        finally:
            connection.close()
            if collecting:
                gc.enable()
        with open(temporary, "rb") as written:
            os.fsync(written.fileno())
        os.replace(temporary, target)
    except BaseException:
        try:
            os.unlink(temporary)
        except OSError:
            pass
        raise


def _remove_abandoned(folder: Path) -> None:
    """Remove temporary files a killed compile left behind: ours (owner, regular file), untouched 15 minutes."""
    from ..safe_io import remove_stale

    remove_stale(folder, ".store-", ".tmp", 15 * 60)


def _trusted_folder(folder: Path) -> bool:
    if not hasattr(os, "getuid"):
        return True
    found = folder.stat()
    return found.st_uid == os.getuid() and not found.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def _fill(connection: sqlite3.Connection, result: LoadResult, signature: str) -> None:
    model = result.model
    dump = pickle.dumps
    connection.execute("PRAGMA journal_mode = OFF")  # a new private file: nothing to roll back to
    connection.execute("PRAGMA synchronous = OFF")  # synced once, as a whole, before the rename
    connection.execute("CREATE TABLE meta (name TEXT PRIMARY KEY, value BLOB NOT NULL)")
    connection.execute("CREATE TABLE editions (seq INTEGER PRIMARY KEY, id TEXT NOT NULL, edition BLOB NOT NULL)")
    for dataset in DATASETS:
        extra = "".join(f", {name} {kind}" for name, kind in LIST_COLUMNS.get(dataset, ()))
        # title and hay ("title\nentities\nbody"): the folded text search scans, as SearchIndex folds it.
        connection.execute(f"CREATE TABLE {dataset} (seq INTEGER PRIMARY KEY, edition TEXT NOT NULL, "
                           f"key TEXT NOT NULL, id TEXT NOT NULL, title TEXT NOT NULL, hay TEXT NOT NULL, "
                           f"words TEXT NOT NULL{extra})")
        # The pickled records in a table of their own: a search scan then reads only text.
        connection.execute(f"CREATE TABLE {dataset}_records (seq INTEGER PRIMARY KEY, record BLOB NOT NULL)")
    with connection:
        meta = {"version": STORE_VERSION, "signature": signature, "problems": result.problems,
                "warnings": model.warnings}
        connection.executemany("INSERT INTO meta VALUES (?, ?)",
                               ((name, dump(value)) for name, value in meta.items()))
        connection.executemany(
            "INSERT INTO editions VALUES (?, ?, ?)",
            ((seq, e.id, dump(e._replace(news=(), medals=(), articles=(), events=())))
             for seq, e in enumerate(model.editions)))
        for dataset in DATASETS:
            records = getattr(model, dataset)
            width = 7 + len(LIST_COLUMNS.get(dataset, ()))
            connection.executemany(
                f"INSERT INTO {dataset} VALUES ({', '.join('?' * width)})",
                ((seq, r.edition, r.key, r.id, *_folded(r), *_list_columns(r)) for seq, r in enumerate(records)))
            connection.executemany(f"INSERT INTO {dataset}_records VALUES (?, ?)",
                                   ((seq, dump(r)) for seq, r in enumerate(records)))
        # Entities as ways in (entity_index): which records name each entity, by folded name.
        connection.execute("CREATE TABLE entities (name TEXT NOT NULL, dataset TEXT NOT NULL, seq INTEGER NOT NULL)")
        for dataset in DATASETS:
            connection.executemany(
                "INSERT INTO entities VALUES (?, ?, ?)",
                ((name, dataset, seq) for seq, record in enumerate(getattr(model, dataset))
                 for name in dict.fromkeys(fold(name) for name in record.entities.names())))
        connection.execute("CREATE INDEX entities_name ON entities (name)")
        for dataset in DATASETS:
            connection.execute(f"CREATE INDEX {dataset}_key ON {dataset} (key)")
            connection.execute(f"CREATE INDEX {dataset}_id ON {dataset} (id)")
        connection.execute("CREATE INDEX events_source ON events (edition, source)")
        connection.execute("CREATE INDEX events_edition ON events (edition, seq)")


def _folded(record: Record) -> tuple[str, str, str]:
    """The record's folded title; its folded title, entities and body, one per line; and the
    short whole words of those (``ranking.short_words``), for queries of short words."""
    title, entities, body = (text for _, text in folded_parts(record)[:3])
    hay = "\n".join((title, entities, body))
    return title, hay, short_words(hay)


#: Columns beside the text from which the tabs build their lists without reading the records:
#: the News tab's grouping (see news_tab.build_rows) and the Timeline's filters (EventColumns).
LIST_COLUMNS: dict[str, tuple[tuple[str, str], ...]] = {
    "news": (("section", "TEXT"), ("date_width", "INTEGER")),
    "events": (("month", "INTEGER"), ("category", "TEXT"), ("planned", "INTEGER"), ("first_day", "INTEGER"),
               ("last_day", "INTEGER"), ("source", "TEXT"), ("also", "TEXT")),
}


def _list_columns(record: Record) -> tuple:
    if isinstance(record, NewsItem):
        return record.section, news_date_width(record)
    if isinstance(record, Event):
        from ..query.timeline_filter import month_ordinal

        first, last = record.date.span()
        return (month_ordinal(record), record.category, int(record.planned), first.toordinal(),
                last.toordinal(), record.source, "".join(f"\n{also}\n" for also in record.also))
    return ()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
