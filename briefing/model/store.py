"""The compiled store: the loaded editions' validated records in one SQLite file, read as needed.

At 100,000 events and as many news items the records take about 800 MB as Python
objects, and parsing the TOML takes seconds. So the first load of a set of editions
validates them as usual (:func:`~briefing.model.loader.load_model`) and writes the
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
from array import array
from collections import OrderedDict
from pathlib import Path
from typing import Iterable, Iterator, Mapping, Sequence, overload

from . import schema
from .loader import LoadResult, Progress, find_editions, load_model
from .problems import Problem
from .records import Edition, Event, Model, NewsItem, Record, news_date_width
from .search_index import (
    DATASET_ORDER,
    PHRASE_ANYWHERE,
    PHRASE_IN_TITLE,
    WORDS_ANYWHERE,
    WORDS_IN_TITLE,
    Hit,
    body_of,
    folded_parts,
    query_words,
    rank_of,
    sort_hits,
    title_of,
)
from .text import fold

#: Bump when the layout of the file or of a record class changes; older stores are then rebuilt.
STORE_VERSION = 4

#: Files modified this recently are loaded but not compiled (see the module docstring).
RACY_SECONDS = 2.0

#: Stores up to this size are checked page by page whenever they are opened (see Store.intact):
#: 1.6 ms for the shipped edition's 200 kB, and about 20 ms per 1 MB above that.
CHECKED_BYTES = 1024 * 1024

#: Records kept in memory once read (a few screens' worth), and read at a time when going through all.
CACHED_RECORDS = 1024
BATCH = 512

DATASETS = ("news", "medals", "articles", "events")

#: Modules whose classes are pickled: a change to either makes every store stale.
_RECORD_MODULES = ("records.py", "dates.py")


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
        child = subprocess.Popen([sys.executable, "-m", "briefing.model.store", *map(str, paths)],
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
    """``python -m briefing.model.store PATH...``: compile the store (exit 0) or not (exit 1), progress on stdout."""

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
            from .locations import cache_dir as user_cache_dir

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
    here = Path(__file__).parent
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
    """Remove temporary files a killed writer left behind (a day old: no writer is still at it)."""
    for leftover in folder.glob(".store-*.tmp"):
        try:
            if time.time() - leftover.stat().st_mtime > 24 * 3600:
                leftover.unlink()
        except OSError:
            pass


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
                           f"key TEXT NOT NULL, id TEXT NOT NULL, title TEXT NOT NULL, hay TEXT NOT NULL{extra})")
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
            width = 6 + len(LIST_COLUMNS.get(dataset, ()))
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


def _folded(record: Record) -> tuple[str, str]:
    """The record's folded title, and its folded title, entities and body, one per line."""
    title, entities, body = (text for _, text in folded_parts(record)[:3])
    return title, "\n".join((title, entities, body))


#: Columns beside the text from which the tabs build their lists without reading the records:
#: the News tab's grouping (see news_tab.build_rows) and the Timeline's filters (EventColumns).
LIST_COLUMNS: dict[str, tuple[tuple[str, str], ...]] = {
    "news": (("section", "TEXT"), ("date_width", "INTEGER")),
    "events": (("month", "INTEGER"), ("category", "TEXT"), ("planned", "INTEGER"), ("first_day", "INTEGER"),
               ("last_day", "INTEGER"), ("source", "TEXT")),
}


def _list_columns(record: Record) -> tuple:
    if isinstance(record, NewsItem):
        return record.section, news_date_width(record)
    if isinstance(record, Event):
        from .timeline_filter import month_ordinal

        first, last = record.date.span()
        return (month_ordinal(record), record.category, int(record.planned), first.toordinal(),
                last.toordinal(), record.source)
    return ()


# -- reading -------------------------------------------------------------------------------------


class Store:
    """An open store: records by position or key, event columns, and text scans.

    One read-only connection shared by the UI thread and workers, behind a lock; the
    records read last are kept in a small LRU cache.
    """

    def __init__(self, path: Path) -> None:
        uri = f"{path.resolve().as_uri()}?mode=ro&immutable=1"
        self._connection = sqlite3.connect(uri, uri=True, check_same_thread=False)
        self._lock = threading.RLock()
        self._cache: OrderedDict[tuple[str, int], Record] = OrderedDict()
        self._counts: dict[str, int] = {}
        self.path = path

    def close(self) -> None:
        self._connection.close()

    def query(self, sql: str, parameters: Sequence = ()) -> list[tuple]:
        with self._lock:
            return self._connection.execute(sql, parameters).fetchall()

    def intact(self) -> bool:
        """True unless the file is damaged: its length, always; every page, when it is small enough.

        ``quick_check`` reads the whole file: a couple of milliseconds up to :data:`CHECKED_BYTES`,
        nine seconds for a store of 100,000 events, which is then trusted as written (it was
        synced and renamed into place whole; see :func:`write_store`).
        """
        [(pages,)] = self.query("PRAGMA page_count")
        [(page_size,)] = self.query("PRAGMA page_size")
        size = self.path.stat().st_size
        if size != pages * page_size:
            return False
        return size > CHECKED_BYTES or self.query("PRAGMA quick_check") == [("ok",)]

    def meta(self, name: str):
        rows = self.query("SELECT value FROM meta WHERE name = ?", (name,))
        return pickle.loads(rows[0][0]) if rows else None

    def model(self) -> Model:
        editions = []
        several = self.count("editions") > 1
        for (blob,) in self.query("SELECT edition FROM editions ORDER BY seq"):
            edition: Edition = pickle.loads(blob)
            editions.append(edition._replace(**{
                dataset: StoredRecords(self, dataset, edition.id if several else None) for dataset in DATASETS}))
        return Model(tuple(editions), tuple(self.meta("warnings")), source=self)

    # -- RecordSource ----------------------------------------------------------------------------

    def sequence(self, dataset: str, edition: str | None = None) -> "StoredRecords":
        return StoredRecords(self, dataset, edition)

    def get(self, key: str) -> Record | None:
        for dataset in DATASETS:
            rows = self.query(f"SELECT seq FROM {dataset} WHERE key = ?", (key,))
            if rows:
                return self.record(dataset, rows[0][0])
        return None

    def with_id(self, ident: str) -> list[Record]:
        return [self.record(dataset, seq) for dataset in DATASETS
                for (seq,) in self.query(f"SELECT seq FROM {dataset} WHERE id = ? ORDER BY seq", (ident,))]

    def events_from(self, edition: str, news_id: str) -> list[Event]:
        rows = self.query("SELECT seq FROM events WHERE edition = ? AND source = ? ORDER BY seq", (edition, news_id))
        return [self.record("events", seq) for (seq,) in rows]

    # -- records by position ---------------------------------------------------------------------

    def count(self, table: str) -> int:
        if table not in self._counts:
            self._counts[table] = self.query(f"SELECT count(*) FROM {table}")[0][0]
        return self._counts[table]

    def record(self, dataset: str, seq: int) -> Record:
        """The record at ``seq``; the most recently read are kept, so redrawing a list reads nothing."""
        key = (dataset, seq)
        with self._lock:
            record = self._cache.get(key)
            if record is not None:
                self._cache.move_to_end(key)
                return record
            # One record at a time: a filtered list shows records scattered over the whole table,
            # and reading a page around each would unpickle a hundred records per row drawn.
            rows = self._connection.execute(f"SELECT record FROM {dataset}_records WHERE seq = ?", (seq,)).fetchall()
            if not rows:
                raise IndexError(f"no {dataset} record {seq}")
            record = self._cache[key] = pickle.loads(rows[0][0])
            if len(self._cache) > CACHED_RECORDS:
                self._cache.popitem(last=False)
            return record

    def scan(self, dataset: str, seqs: Sequence[int]) -> Iterator[Record]:
        """The records at ``seqs`` (ascending), read in batches and not cached: for going through them all."""
        for start in range(0, len(seqs), BATCH):
            chunk = seqs[start:start + BATCH]
            rows = self.query(f"SELECT seq, record FROM {dataset}_records WHERE seq >= ? AND seq <= ? ORDER BY seq",
                              (chunk[0], chunk[-1]))
            wanted = set(chunk) if len(rows) != len(chunk) else None
            for seq, blob in rows:
                if wanted is None or seq in wanted:
                    yield pickle.loads(blob)

    def column(self, dataset: str, expression: str, edition: str | None = None) -> list:
        """One value per record of ``dataset`` (of ``edition``), in order: ``column("events", "month")``.

        A value is a tuple when ``expression`` names several columns.
        """
        if edition is None:
            rows = self.query(f"SELECT {expression} FROM {dataset} ORDER BY seq")
        else:
            rows = self.query(f"SELECT {expression} FROM {dataset} WHERE edition = ? ORDER BY seq", (edition,))
        return [row[0] for row in rows] if rows and len(rows[0]) == 1 else rows

    def naming(self, name: str) -> list[Record]:
        """Every record that names ``name`` (case and accents ignored): news, medals, articles, events."""
        rows = self.query("SELECT dataset, seq FROM entities WHERE name = ?", (fold(name),))
        return [record for dataset in DATASETS
                for record in self.records_at(dataset, sorted(seq for kind, seq in rows if kind == dataset))]

    def records_at(self, dataset: str, seqs: Sequence[int]) -> list[Record]:
        """The records at ``seqs``, read one by one: for scattered hits, where reading pages would waste."""
        found: dict[int, Record] = {}
        for start in range(0, len(seqs), 500):  # well under SQLite's limit on parameters
            chunk = list(seqs[start:start + 500])
            rows = self.query(f"SELECT seq, record FROM {dataset}_records WHERE seq IN "
                              f"({', '.join('?' * len(chunk))})", chunk)
            found.update((seq, pickle.loads(blob)) for seq, blob in rows)
        return [found[seq] for seq in seqs]

    def haystacks(self, dataset: str, edition: str | None = None) -> list[str]:
        """Each record's folded ``title\nentities\nbody``, as :class:`SearchIndex` builds it."""
        return self.column(dataset, "hay", edition)


class StoredRecords(Sequence[Record]):
    """One dataset's records (of one edition, or all) in model order, read from the store as indexed."""

    def __init__(self, store: Store, dataset: str, edition: str | None = None) -> None:
        self.store = store
        self.dataset = dataset
        self.edition = edition
        self._seqs: array | None = None  # positions in the table, for one edition of several

    def __repr__(self) -> str:
        return f"StoredRecords({self.dataset!r}, edition={self.edition!r}, {len(self)} records)"

    @property
    def seqs(self) -> Sequence[int]:
        """Each record's position in the store's table."""
        if self.edition is None:
            return range(self.store.count(self.dataset))
        if self._seqs is None:
            rows = self.store.query(f"SELECT seq FROM {self.dataset} WHERE edition = ? ORDER BY seq", (self.edition,))
            self._seqs = array("q", (seq for (seq,) in rows))
        return self._seqs

    def __len__(self) -> int:
        return len(self.seqs)

    @overload
    def __getitem__(self, index: int) -> Record: ...

    @overload
    def __getitem__(self, index: slice) -> list[Record]: ...

    def __getitem__(self, index):
        seqs = self.seqs
        if isinstance(index, slice):
            return [self.store.record(self.dataset, seq) for seq in seqs[index]]
        return self.store.record(self.dataset, seqs[index])

    def __iter__(self) -> Iterator[Record]:
        return self.store.scan(self.dataset, self.seqs)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, StoredRecords):
            return (self.store, self.dataset, self.edition) == (other.store, other.dataset, other.edition)
        return NotImplemented

    def __hash__(self) -> int:
        return hash((id(self.store), self.dataset, self.edition))

    def column(self, expression: str) -> list:
        return self.store.column(self.dataset, expression, self.edition)

    def haystacks(self) -> list[str]:
        return self.store.haystacks(self.dataset, self.edition)

    def keys(self) -> list[str]:
        return self.column("key")


class StoredSearch:
    """Ranked search inside the store, for a model read from it: SQLite scans the folded text,
    ranks the matches, and only the hits returned are read and unpickled.

    Ranks and orders hits exactly as :class:`~briefing.model.search_index.SearchIndex`
    does. Records with a note are matched in Python, note included, since notes live in
    the user's notes file and not in the store.
    """

    def __init__(self, model: Model, notes: Mapping[str, str]) -> None:
        assert isinstance(model.source, Store)
        self.model = model
        self.store: Store = model.source
        self.notes = {key: text for key, text in notes.items() if text}
        every = [edition for (edition,) in self.store.query("SELECT id FROM editions")]
        shown = [edition.id for edition in model.editions]
        self._editions = None if sorted(every) == sorted(shown) else shown

    def search(self, query: str, datasets: Iterable[str] | None = None, limit: int | None = None) -> list[Hit]:
        words = query_words(query)
        if not words:
            return []
        wanted = set(datasets) if datasets else set(DATASETS)
        phrase = " ".join(words)
        found: list[tuple[int, int, str, int]] = []
        for dataset in DATASETS:
            if dataset in wanted:
                found.extend((rank, DATASET_ORDER[dataset], dataset, seq)
                             for rank, seq in self._ranked(dataset, words, phrase, limit))
        found.sort()
        if limit:
            found = found[:limit]
        hits: list[Hit] = []
        for dataset in DATASETS:
            seqs = [seq for _, _, name, seq in found if name == dataset]
            hits.extend(Hit(record, *rank_of(record, words)) for record in self.store.records_at(dataset, seqs))
        for key, note in self.notes.items():
            record = self.model.get(key)
            if record is None or record.dataset not in wanted:
                continue
            haystack = "\n".join(text for _, text in folded_parts(record, note))
            if all(word in haystack for word in words):
                hits.append(Hit(record, *rank_of(record, words, note)))
        sort_hits(hits, [edition.id for edition in self.model.editions])
        return hits[:limit] if limit else hits

    def _ranked(self, dataset: str, words: list[str], phrase: str, limit: int | None) -> list[tuple[int, int]]:
        """``(rank, seq)`` of the records of ``dataset`` holding every word, best first, without noted records."""
        parameters: list[object] = [phrase, *words, phrase]
        in_title = " AND ".join("instr(title, ?)" for _ in words)
        rank = (f"CASE WHEN instr(title, ?) THEN {PHRASE_IN_TITLE} WHEN {in_title} THEN {WORDS_IN_TITLE} "
                f"WHEN instr(hay, ?) THEN {PHRASE_ANYWHERE} "
                f"ELSE {WORDS_ANYWHERE} END")
        conditions = ["instr(hay, ?)" for _ in words]
        parameters += words
        if self.notes:
            conditions.append(f"key NOT IN ({', '.join('?' for _ in self.notes)})")
            parameters += list(self.notes)
        if self._editions is not None:
            conditions.append(f"edition IN ({', '.join('?' for _ in self._editions)})")
            parameters += self._editions
        sql = f"SELECT {rank} AS rank, seq FROM {dataset} WHERE {' AND '.join(conditions)} ORDER BY rank, seq"
        if limit:
            sql += f" LIMIT {int(limit)}"
        return self.store.query(sql, parameters)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
