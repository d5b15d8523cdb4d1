"""Reading a compiled store (see :mod:`briefing.model.store.compile`): records by position or key, columns, text.

Records are unpickled one at a time as they are shown, and the last :data:`CACHED_RECORDS`
kept; going through every record reads them in batches and keeps none.
"""

from __future__ import annotations

import pickle
import sqlite3
import threading
from array import array
from collections import OrderedDict
from pathlib import Path
from typing import Iterator, Sequence, overload

from ..data.records import Edition, Event, Model, Record
from ..data.text import fold

#: The datasets, one table each (and one of pickled records beside it).
DATASETS = ("news", "medals", "articles", "events")

#: Stores up to this size are checked page by page whenever they are opened (see Store.intact):
#: 1.6 ms for the shipped edition's 200 kB, and about 20 ms per 1 MB above that.
CHECKED_BYTES = 1024 * 1024

#: Records kept in memory once read (a few screens' worth), and read at a time when going through all.
CACHED_RECORDS = 1024
BATCH = 512


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
        # An event comes from its source and from each item in ``also`` (held as "\nid\n" runs).
        rows = self.query("SELECT seq FROM events WHERE edition = ? AND (source = ? OR instr(also, ?)) ORDER BY seq",
                          (edition, news_id, f"\n{news_id}\n"))
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

    def column(self, expression: str) -> list:
        return self.store.column(self.dataset, expression, self.edition)

    def haystacks(self) -> list[str]:
        return self.store.haystacks(self.dataset, self.edition)

    def keys(self) -> list[str]:
        return self.column("key")
