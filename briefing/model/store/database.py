"""An open store (see :mod:`briefing.model.store.compile`): records by position, key and id, columns, text.

Records are decoded one at a time as they are shown (:mod:`.codec`: JSON, never code), and
the last :data:`CACHED_RECORDS` kept; going through every record reads them in batches and
keeps none. Every read goes through :meth:`Store.query` and every decode through
:meth:`Store._decode`, so a store that is damaged raises one exception, :class:`StoreDamaged`,
whatever part of it is bad. A store opened from the cache is given a way to compile itself
again (``rebuild``): a read that finds damage then swaps in the rebuilt database and is
done again, so the app and the commands get the right records and never a traceback.
"""

from __future__ import annotations

import _thread
import sqlite3
import time
from array import array
from collections import OrderedDict
from typing import Callable, Iterator, Sequence, TypeVar, overload

from ..data.model import Model
from ..data.records import Edition, Event, Record, field_of
from ..data.text import fold
from .codec import EDITION_READER, PROBLEMS_READER, Undecodable, decode, decode_record, decode_records
from .damage import StoreDamaged

#: Bump when the layout of the file changes; older stores are then rebuilt.
STORE_VERSION = 12  # 8: NewsItem.own_date; 9: the report's parts as records; 10: word index, counts; 11: Article.rank, Relation.words; 12: index events_months

#: The datasets, one table each (and one of the records' JSON beside it); ``report`` holds the
#: report's parts (introduction, key figures, headings), the edition's ``parts``.
DATASETS = ("news", "medals", "articles", "events", "report")

#: The type of every column read with :meth:`Store.column`: a value of another type means damage.
COLUMN_TYPES: dict[str, type] = {
    "seq": int, "key": str, "id": str, "edition": str, "title": str, "hay": str, "words": str, "section": str,
    "date_width": int, "month": int, "category": str, "planned": int, "first_day": int, "last_day": int,
    "source": str, "also": str,
}

#: Records kept in memory once read (a few screens' worth), and read at a time when going through all.
CACHED_RECORDS = 1024
BATCH = 512

#: No query of a store may run longer than this: a store whose tables were made into views that
#: never end (or that is merely far slower than any we write) is treated as damaged and rebuilt.
#: The longest query we make, a scan of every record's text at 100,000 events, takes about 0.3 s.
QUERY_SECONDS = 10.0

#: SQLite's virtual machine steps between two looks at the clock (about a millisecond's work).
_PROGRESS_STEPS = 20_000


_Result = TypeVar("_Result")


class Store:
    """An open store: records by position or key, event columns, and text scans.

    One read-only connection shared by the UI thread and workers, behind a lock; the
    records read last are kept in a small LRU cache. ``name`` says where the store came
    from, for messages (a file in the cache folder, or a private temporary store).
    """

    def __init__(self, connection: sqlite3.Connection, name: str,
                 rebuild: Callable[[], sqlite3.Connection | None] | None = None) -> None:
        self._connection = connection
        self._deadline = 0.0
        connection.set_progress_handler(self._overdue, _PROGRESS_STEPS)
        self._lock = _thread.RLock()  # _thread, not threading: a lookup need not import threading
        self._cache: OrderedDict[tuple[str, int], Record] = OrderedDict()
        self._counts: dict[str, int] = {}
        self._editions: list[Edition] | None = None
        self._meta: dict | None = None
        self.name = name
        self._spellings: list[tuple[str, str]] = []  # (as compiled, as opened) where they differ
        self._rebuild = rebuild  # used once at most: a store damaged again is reported

    def heal(self, read: Callable[[], _Result]) -> _Result:
        """``read()``, done again on a rebuilt database if it finds this one damaged."""
        try:
            return read()
        except StoreDamaged:
            rebuild, self._rebuild = self._rebuild, None
            connection = rebuild() if rebuild is not None else None
            if connection is None:
                raise
            with self._lock:
                self._connection.close()
                self._connection = connection
                connection.set_progress_handler(self._overdue, _PROGRESS_STEPS)
                self._cache.clear()
                self._counts.clear()
                self._editions = None
                self._meta = None
            return read()

    def close(self) -> None:
        self._connection.close()

    def detach(self) -> sqlite3.Connection:
        """The database this store reads, for another store to read from now on (see :meth:`heal`)."""
        return self._connection

    def _overdue(self) -> int:
        """SQLite's progress handler: non-zero stops the running query (it then raises "interrupted")."""
        return time.monotonic() > self._deadline

    def query(self, sql: str, parameters: Sequence = ()) -> list[tuple]:
        """Every row ``sql`` gives; raises :class:`StoreDamaged` for damage and for a query over
        :data:`QUERY_SECONDS`."""
        with self._lock:
            self._deadline = time.monotonic() + QUERY_SECONDS
            try:
                return self._connection.execute(sql, parameters).fetchall()
            except (sqlite3.DatabaseError, UnicodeDecodeError) as error:  # a damaged page, table, column or text
                if self._overdue():
                    raise StoreDamaged(self.name, f"a query took over {QUERY_SECONDS:g} s") from None
                raise StoreDamaged(self.name, str(error)) from None

    def _decode(self, dataset: str, text: object) -> Record:
        try:
            return decode_record(dataset, text)
        except Undecodable as error:
            raise StoreDamaged(self.name, f"a {dataset} record does not decode: {error}") from None

    def check(self) -> None:
        """Raise :class:`StoreDamaged` unless what opening needs reads back: metadata and editions.

        Pages and records are not checked here but as they are read, every time (see
        :meth:`heal`): a page check of a 100,000-event store reads the whole file, nine
        seconds, and a lookup would pay for it too. Nothing is counted either: the compile
        stored each table's length, and the last row of each table (one look down its
        b-tree) must be where that length says.
        """
        counts = self._stored_counts()
        tables = [table for dataset in DATASETS for table in (dataset, f"{dataset}_records")]
        # One query for all ten: each statement SQLite prepares costs more than the look itself.
        [lasts] = self.query("SELECT " + ", ".join(f"(SELECT max(seq) FROM {table})" for table in tables))
        for table, last in zip(tables, lasts):
            dataset = table.removesuffix("_records")
            if (-1 if last is None else last) != counts[dataset] - 1:
                raise StoreDamaged(self.name, f"{table}: not as long as the store says")
        for dataset in DATASETS:
            self._counts[dataset] = self._counts[f"{dataset}_records"] = counts[dataset]
        self.editions()
        self.problems()
        self.warnings()

    # -- metadata --------------------------------------------------------------------------------

    def meta(self, name: str) -> str | None:
        if self._meta is None:  # read whole once: opening asks for six of its few rows
            self._meta = dict(self.query("SELECT name, value FROM meta"))
        value = self._meta.get(name)
        if value is not None and type(value) is not str:
            raise StoreDamaged(self.name, f"meta {name!r} is not text")
        return value

    def _decoded_meta(self, name: str, read) -> object:
        try:
            return decode(self.meta(name) or "null", read)
        except Undecodable as error:
            raise StoreDamaged(self.name, f"meta {name!r}: {error}") from None

    def _stored_counts(self) -> dict[str, int]:
        """Each dataset's number of records, as the compile stored it."""
        counts = self._decoded_meta("counts", lambda value: value)
        if type(counts) is not dict or any(type(counts.get(dataset)) is not int or counts[dataset] < 0
                                           for dataset in DATASETS):
            raise StoreDamaged(self.name, "meta 'counts' is not a count per dataset")
        return counts

    def respell(self, paths: Sequence[object]) -> None:
        """Name files in problems as ``paths`` name them: one store serves every spelling of the same
        folders (``data``, ``./data``, ``/home/a/data``), and was compiled under one of them."""
        spelled = self._decoded_meta("spelled", lambda value: value)
        if type(spelled) is not list or any(type(item) is not str for item in spelled):
            raise StoreDamaged(self.name, "meta 'spelled' is not a list of text")
        self._spellings = [(old, str(new)) for old, new in zip(spelled, paths) if old != str(new)]

    def problems(self) -> list:
        found = list(self._decoded_meta("problems", PROBLEMS_READER))
        if not self._spellings:
            return found
        from pathlib import Path

        def respelled(path: object) -> object:
            text = str(path)
            for old, new in self._spellings:
                if text == old or text.startswith(old.rstrip("/") + "/"):
                    return Path(new + text[len(old):])
            return path

        return [problem._replace(path=respelled(problem.path)) for problem in found]

    def warnings(self) -> tuple[str, ...]:
        if self._spellings:
            return tuple(str(problem) for problem in self.problems() if not problem.is_error)
        found = self._decoded_meta("warnings", lambda value: value)
        if type(found) is not list or any(type(item) is not str for item in found):
            raise StoreDamaged(self.name, "meta 'warnings' is not a list of text")
        return tuple(found)

    def editions(self) -> list[Edition]:
        if self._editions is None:  # decoded once: opening checks them, then builds the model from them
            try:
                self._editions = [decode(text, EDITION_READER)
                                  for (text,) in self.query("SELECT edition FROM editions ORDER BY seq")]
            except Undecodable as error:
                raise StoreDamaged(self.name, f"an edition does not decode: {error}") from None
        return list(self._editions)

    def model(self) -> Model:
        """Every edition of the store, its records read from here as they are asked for."""
        editions = self.editions()
        several = len(editions) > 1
        return Model(tuple(edition._replace(**{
            field_of(dataset): StoredRecords(self, dataset, edition.id if several else None) for dataset in DATASETS})
            for edition in editions), self.warnings(), self)

    # -- the model's RecordSource ------------------------------------------------------------------

    def sequence(self, dataset: str, edition: str | None = None) -> "StoredRecords":
        return StoredRecords(self, dataset, edition)

    def get(self, key: str) -> Record | None:
        def read() -> Record | None:
            for dataset in DATASETS:
                rows = self.query(f"SELECT seq FROM {dataset} WHERE key = ?", (key,))
                if rows:
                    return self._record(dataset, rows[0][0])
            return None

        return self.heal(read)

    def with_id(self, ident: str) -> list[Record]:
        return self.heal(lambda: [
            self._record(dataset, seq) for dataset in DATASETS
            for (seq,) in self.query(f"SELECT seq FROM {dataset} WHERE id = ? ORDER BY seq", (ident,))])

    def events_from(self, edition: str, news_id: str) -> list[Event]:
        def read() -> list[Event]:
            # An event comes from its source and from each item in ``also`` (held as "\nid\n" runs).
            rows = self.query("SELECT seq FROM events WHERE edition = ? AND (source = ? OR instr(also, ?)) "
                              "ORDER BY seq", (edition, news_id, f"\n{news_id}\n"))
            return [self._record("events", seq) for (seq,) in rows]  # type: ignore[misc]

        return self.heal(read)

    def naming(self, name: str) -> list[Record]:
        """Every record that names ``name`` (case and accents ignored): news, medals, articles, events, parts."""
        def read() -> list[Record]:
            rows = self.query("SELECT dataset, seq FROM entities WHERE name = ?", (fold(name),))
            return [record for dataset in DATASETS
                    for record in self._records_at(dataset, sorted(seq for kind, seq in rows if kind == dataset))]

        return self.heal(read)

    # -- records by position ---------------------------------------------------------------------

    def count(self, table: str) -> int:
        def read() -> int:
            if table not in self._counts:
                self._counts[table] = self.query(f"SELECT count(*) FROM {table}")[0][0]
            return self._counts[table]

        return self.heal(read)

    def record(self, dataset: str, seq: int) -> Record:
        """The record at ``seq``; the most recently read are kept, so redrawing a list reads nothing."""
        return self.heal(lambda: self._record(dataset, seq))

    def _record(self, dataset: str, seq: int) -> Record:
        key = (dataset, seq)
        with self._lock:
            record = self._cache.get(key)
            if record is not None:
                self._cache.move_to_end(key)
                return record
            # One record at a time: a filtered list shows records scattered over the whole table,
            # and reading a page around each would decode a hundred records per row drawn.
            rows = self.query(f"SELECT record FROM {dataset}_records WHERE seq = ?", (seq,))
            if not rows:
                raise StoreDamaged(self.name, f"no {dataset} record {seq}")
            record = self._cache[key] = self._decode(dataset, rows[0][0])
            if len(self._cache) > CACHED_RECORDS:
                self._cache.popitem(last=False)
            return record

    def scan(self, dataset: str, seqs: Sequence[int]) -> Iterator[Record]:
        """The records at ``seqs`` (ascending), read in batches and not cached: for going through them all."""
        for start in range(0, len(seqs), BATCH):
            chunk = seqs[start:start + BATCH]
            yield from self.heal(lambda: self._batch(dataset, chunk))

    def _batch(self, dataset: str, chunk: Sequence[int]) -> list[Record]:
        rows = self.query(f"SELECT seq, record FROM {dataset}_records WHERE seq >= ? AND seq <= ? ORDER BY seq",
                          (chunk[0], chunk[-1]))
        wanted = set(chunk) if len(rows) != len(chunk) else None
        texts = [text for seq, text in rows if wanted is None or seq in wanted]
        try:
            # Together, in fewer steps than one by one (reading the 100,000-event store's news
            # took 1.35 s of CPU one by one, 1.1 s so); the same texts are accepted and refused.
            return decode_records(dataset, texts)
        except Undecodable as error:
            raise StoreDamaged(self.name, f"a {dataset} record does not decode: {error}") from None

    def column(self, dataset: str, expression: str, edition: str | None = None) -> list:
        """One value per record of ``dataset`` (of ``edition``), in order: ``column("events", "month")``.

        A value is a tuple when ``expression`` names several columns.
        """
        names = [name.strip() for name in expression.split(",")]
        types = [COLUMN_TYPES[name] for name in names]

        def read() -> list:
            if edition is None:
                rows = self.query(f"SELECT {expression} FROM {dataset} ORDER BY seq")
            else:
                rows = self.query(f"SELECT {expression} FROM {dataset} WHERE edition = ? ORDER BY seq", (edition,))
            # The lists are built from these values without reading the records: a value of
            # another type (the file changed behind our back) would fail far from here.
            for position, kind in enumerate(types):
                if any(type(row[position]) is not kind for row in rows):
                    raise StoreDamaged(self.name, f"{dataset}.{names[position]} holds a value that is not {kind.__name__}")
            return [row[0] for row in rows] if len(types) == 1 else rows

        return self.heal(read)

    def records_at(self, dataset: str, seqs: Sequence[int]) -> list[Record]:
        """The records at ``seqs``, read one by one: for scattered hits, where reading pages would waste."""
        return self.heal(lambda: self._records_at(dataset, seqs))

    def _records_at(self, dataset: str, seqs: Sequence[int]) -> list[Record]:
        found: dict[int, Record] = {}
        for start in range(0, len(seqs), 500):  # well under SQLite's limit on parameters
            chunk = list(seqs[start:start + 500])
            rows = self.query(f"SELECT seq, record FROM {dataset}_records WHERE seq IN "
                              f"({', '.join('?' * len(chunk))})", chunk)
            found.update((seq, self._decode(dataset, text)) for seq, text in rows)
        missing = [seq for seq in seqs if seq not in found]
        if missing:
            raise StoreDamaged(self.name, f"no {dataset} record {missing[0]}")
        return [found[seq] for seq in seqs]

    def entity_names(self, prefix: str, limit: int = 200) -> list[str]:
        """Up to ``limit`` distinct folded entity names beginning with folded ``prefix``, in order: a range
        of the names' index, never a scan (search reads "Long March 8" as a name by it)."""
        def read() -> list[str]:
            rows = self.query("SELECT DISTINCT name FROM entities WHERE name >= ? AND name < ? ORDER BY name LIMIT ?",
                              (prefix, prefix + "\U0010ffff", limit))
            return [name for (name,) in rows]

        return self.heal(read)

    def indexed_words(self, min_length: int) -> tuple[list[str], list[str]] | None:
        """The words the word indexes hold of ``min_length`` characters or more, and every distinct
        entity name, each list in order; None for a store without word indexes. Both are read from
        an index (the terms' table, the names'), never from the text."""
        def read() -> tuple[list[str], list[str]] | None:
            if not self.query("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'terms'"):
                return None
            terms = [term for (term,) in self.query("SELECT term FROM terms WHERE length(term) >= ?", (min_length,))]
            return terms, [name for (name,) in self.query("SELECT DISTINCT name FROM entities ORDER BY name")]

        return self.heal(read)

    def haystacks(self, dataset: str, edition: str | None = None) -> list[str]:
        """Each record's folded ``title\\nentities\\nbody``, as :func:`.ranking.folded_parts` folds it."""
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
            self._seqs = array("q", self.store.column(self.dataset, "seq", self.edition))
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

    def picked(self, positions: Sequence[int]) -> list[Record]:
        """The records at ``positions`` (in order), read a page at a time: many positions chosen from a
        column (``column("planned")``) cost a scan of those records, not one query each."""
        seqs = self.seqs
        return list(self.store.scan(self.dataset, [seqs[at] for at in positions])) if positions else []

    def haystacks(self) -> list[str]:
        return self.store.haystacks(self.dataset, self.edition)

    def keys(self) -> list[str]:
        return self.column("key")
