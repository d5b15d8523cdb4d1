"""A second process that computes the first part of a large store's rows, so a compile uses two cores.

Folding each record's text for search and writing its JSON is most of a compile's work, and
each record's is its own: a child forked once the records are loaded (it shares them, copy on
write) computes the rows of the first records of each dataset while the compile computes the
rest. It hands them back as data, never as code: rows in an SQLite file of its own, created
beside the store (``O_EXCL|O_NOFOLLOW``, 0600, named like the store's temporary files, so one
left by a compile that was killed is removed as they are), which the compile then copies in
(``ATTACH`` and ``INSERT ... SELECT``). A worker that fails costs only time: the compile then
computes those rows itself. Where there is no ``fork`` the compile is done in one process.

An edition's news, the largest part, need not wait for the rest to load: an early worker
(:func:`start_early`) is forked as soon as they are built and computes all their search rows
and their word index (FTS5's tables, copied in as they are) while the compile reads the timeline;
their JSON is left to the compile and the other worker.

Imports neither textual nor rich.
"""

from __future__ import annotations

import os
import signal
import sqlite3
from pathlib import Path
from typing import Callable, Iterable, Iterator, Mapping, Sequence

#: Stores of fewer records are compiled in one process: forking and copying the rows back cost
#: more than the second core saves.
FORK_FROM_RECORDS = 20_000

#: The worker's share of each dataset's rows: more than half, as the compile also lists the
#: records' entities meanwhile (at 10,000 events the two then finish within a few percent).
WORKER_PERCENT = 55

#: Fills the tables of ``dataset`` in a connection with the rows of ``records[start:stop]``.
FillRows = Callable[[sqlite3.Connection, str, Sequence, int, int], None]


class RowWorker:
    """A forked worker filling the rows of ``records[:share]`` of each dataset into its own file."""

    def __init__(self, pid: int, path: Path, shares: dict[str, int], edition: str = "",
                 batches: "Batches | None" = None) -> None:
        self.pid = pid
        self.path = path
        #: How many records of each dataset, from the first, are the worker's.
        self.shares = shares
        #: The one edition whose records the worker was given as they were loaded (:func:`start_early`),
        #: or "" for a worker given every edition's.
        self.edition = edition
        #: An early worker's records in batches, which the compile takes from the back when its own
        #: work is done (:meth:`take_back`): the worker's share is then those before them.
        self.batches = batches

    def take_back(self) -> Iterator[range]:
        """Batches of an early worker's records (positions among them) that the compile takes from the
        back, one at a time, while the worker has not taken them; the worker's share ends before them."""
        if self.batches is None:
            return
        while (taken := self.batches.take(from_front=False)) is not None:
            yield taken
        for dataset in self.shares:
            self.shares[dataset] = self.batches.split

    def copy_into(self, connection: sqlite3.Connection, lists: Mapping[str, Sequence],
                  fill_rows: FillRows, start: int = 0) -> bool:
        """Wait for the worker and copy its rows into ``connection``'s tables, each row's seq moved on by
        ``start`` (where the worker's first record is in the store's list); True when it did. The rows
        are computed here instead when the worker failed. Its file is kept for :meth:`copy_word_indexes`."""
        _, status = os.waitpid(self.pid, 0)
        self.pid = 0
        for taken in self.take_back():  # what a worker that failed left untaken
            for dataset in self.shares:
                fill_rows(connection, dataset, lists[dataset], start + taken.start, start + taken.stop)
        connection.commit()  # a database is attached outside a transaction
        if os.waitstatus_to_exitcode(status) == 0:
            connection.execute("ATTACH DATABASE ? AS worker", (str(self.path),))
            try:
                with connection:
                    for dataset in self.shares:
                        for table in (dataset, f"{dataset}_records"):
                            columns = [row[1] for row in connection.execute(f"PRAGMA worker.table_info({table})")]
                            connection.execute(f"INSERT INTO main.{table} SELECT seq + ?, {', '.join(columns[1:])} "
                                               f"FROM worker.{table}", (start,))
                    # The entities its records name (the store's table of them), where it made them.
                    connection.execute("INSERT INTO main.entities SELECT name, dataset, seq + ? FROM worker.entities",
                                       (start,))
            finally:
                connection.execute("DETACH DATABASE worker")
            return True
        with connection:
            for dataset, share in self.shares.items():
                fill_rows(connection, dataset, lists[dataset], start, start + share)
        return False

    def copy_word_indexes(self, connection: sqlite3.Connection, datasets: Iterable[str]) -> None:
        """Copy the worker's word index of each of ``datasets`` into the empty one of ``connection``, table
        by table: the index FTS5 made of the same rows, byte for byte. Nothing reads them through this
        connection afterwards (FTS5 may hold what it read of the empty ones), so the worker lists their
        terms too. The worker's file is then removed."""
        connection.commit()
        connection.execute("ATTACH DATABASE ? AS worker", (str(self.path),))
        try:
            with connection:
                for dataset in datasets:
                    taken = self.shares[dataset]
                    if taken < self.batches.count if self.batches is not None else False:
                        # The rows the compile took from the back go into the worker's index, which this
                        # connection has not read (so FTS5 holds nothing of it), before it is copied.
                        connection.execute(f"INSERT INTO worker.{dataset}_words (rowid, title, hay) "
                                           f"SELECT seq, title, hay FROM main.{dataset} WHERE seq >= ?", (taken,))
                        connection.execute(f"CREATE VIRTUAL TABLE temp.{dataset}_taken USING "
                                           f"fts5vocab(worker, {dataset}_words, row)")
                        connection.execute(f"INSERT OR IGNORE INTO main.terms SELECT term FROM temp.{dataset}_taken")
                        connection.execute(f"DROP TABLE temp.{dataset}_taken")
                    else:
                        connection.execute(f"INSERT OR IGNORE INTO main.terms SELECT term FROM worker.{dataset}_terms")
                    for table in _WORD_INDEX_TABLES:
                        connection.execute(f"DELETE FROM main.{dataset}_words_{table}")
                        connection.execute(f"INSERT INTO main.{dataset}_words_{table} "
                                           f"SELECT * FROM worker.{dataset}_words_{table}")
        finally:
            connection.execute("DETACH DATABASE worker")
        self.remove()

    def stop(self) -> None:
        """Stop the worker (when the compile fails) and remove its file."""
        if self.pid:
            try:
                os.kill(self.pid, signal.SIGKILL)
                os.waitpid(self.pid, 0)
            except OSError:
                pass
            self.pid = 0
        self.remove()

    def remove(self) -> None:
        if self.batches is not None:
            self.batches.close()
        try:
            os.unlink(self.path)
        except OSError:
            pass


#: The tables FTS5 keeps a word index in (``content=''``: no copy of the text).
_WORD_INDEX_TABLES = ("data", "idx", "docsize", "config")


def start_worker(store_file: Path, lists: Mapping[str, Sequence], create_tables: Callable[[sqlite3.Connection], None],
                 fill_rows: FillRows) -> RowWorker | None:
    """Fork a worker for the first rows of each list (:data:`WORKER_PERCENT`), or None where that is not worth it
    or not possible (then the compile does them all)."""
    if sum(map(len, lists.values())) < FORK_FROM_RECORDS:
        return None
    shares = {dataset: len(records) * WORKER_PERCENT // 100 for dataset, records in lists.items()}
    return _fork(store_file.with_name(store_file.name.removesuffix(".tmp") + "-rows.tmp"), lists, shares,
                 create_tables, fill_rows)


#: An edition's news of fewer items are not given to a worker as soon as they are loaded (:func:`start_early`).
EARLY_FROM_RECORDS = 10_000

#: Makes a dataset's word index in a worker's file from the rows there, and a table ``{dataset}_terms``
#: of its terms (see indexes.index_in_worker).
IndexWords = Callable[[sqlite3.Connection, str], None]


def start_early(store_file: Path, edition: str, dataset: str, records: Sequence,
                create_tables: Callable[[sqlite3.Connection], None], fill_rows: FillRows,
                index_words: IndexWords) -> RowWorker | None:
    """Fork a worker for every row of one edition's ``records`` of ``dataset``, and their word index, as
    soon as they are loaded: it computes them while the compile reads the edition's other files.
    None for fewer than :data:`EARLY_FROM_RECORDS` or where there is no ``fork``."""
    if len(records) < EARLY_FROM_RECORDS:
        return None
    try:
        batches = Batches(len(records))
    except OSError:
        return None
    worker = _fork(store_file.with_name(store_file.name.removesuffix(".tmp") + "-early.tmp"), {dataset: records},
                   {dataset: len(records)}, create_tables, fill_rows, edition, index_words, batches)
    if worker is None:
        batches.close()
    return worker


def _fork(path: Path, lists: Mapping[str, Sequence], shares: dict[str, int],
          create_tables: Callable[[sqlite3.Connection], None], fill_rows: FillRows, edition: str = "",
          index_words: IndexWords | None = None, batches: "Batches | None" = None) -> RowWorker | None:
    if not hasattr(os, "fork"):
        return None
    try:
        try:
            os.unlink(path)  # ours, from an earlier attempt of this very compile
        except FileNotFoundError:
            pass
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC, 0o600))
    except OSError:
        return None
    parent = os.getpid()
    try:
        pid = os.fork()
    except OSError:
        RowWorker(0, path, shares).remove()
        return None
    if pid == 0:  # the worker: never returns
        code = 1
        try:
            _work(path, lists, shares, parent, create_tables, fill_rows, index_words, batches)
            code = 0
        finally:
            os._exit(code)  # no clean-up of the parent's objects, no buffers flushed twice
    return RowWorker(pid, path, shares, edition, batches)


def _work(path: Path, lists: Mapping[str, Sequence], shares: dict[str, int], parent: int,
          create_tables: Callable[[sqlite3.Connection], None], fill_rows: FillRows,
          index_words: IndexWords | None, batches: "Batches | None") -> None:
    connection = sqlite3.connect(str(path))
    connection.execute("PRAGMA synchronous = OFF")
    connection.execute("PRAGMA journal_mode = OFF")
    connection.execute("PRAGMA cache_size = -16384")
    create_tables(connection)
    with connection:
        for dataset, share in shares.items():
            for taken in (iter(lambda: batches.take(from_front=True), None) if batches is not None
                          else (range(start, min(start + _BATCH, share)) for start in _batches(share))):
                if os.getppid() != parent:  # the compile was killed: stop with it
                    os._exit(3)
                fill_rows(connection, dataset, lists[dataset], taken.start, taken.stop)
        if index_words is not None:
            for dataset in shares:
                index_words(connection, dataset)
    connection.close()


#: Records between two looks at whether the compile still runs.
_BATCH = 5_000


class Batches:
    """An early worker's records in batches, taken from the front by the worker and from the back by the
    compile once its own work is done, so the two end together rather than one waiting on the other.

    A pipe holds one byte a batch, its writing end closed: whoever reads a byte takes a batch, the
    worker the next from the front, the compile the next from the back, each counting its own. A byte
    is read once, so together they never take more batches than there are, and no batch twice; no
    lock is held, and one side stopping at any point never stops the other.
    """

    def __init__(self, count: int) -> None:
        self.count = count
        self._total = -(-count // SHARE_BATCH)
        self._taken = [0, 0]  # from the front (counted in the worker), from the back (in the compile)
        self._read, write = os.pipe()
        try:
            os.write(write, b"." * self._total)  # a few hundred bytes at most: a pipe holds 4 KiB at least
        finally:
            os.close(write)  # once the bytes are read, a read finds the end: no batch is left

    def take(self, from_front: bool) -> range | None:
        """The positions of the next batch from the front or the back, or None when none is left."""
        if not os.read(self._read, 1):
            return None
        side = 0 if from_front else 1
        self._taken[side] += 1
        batch = self._taken[0] - 1 if from_front else self._total - self._taken[1]
        return range(batch * SHARE_BATCH, min(batch * SHARE_BATCH + SHARE_BATCH, self.count))

    @property
    def split(self) -> int:
        """Where the compile's batches begin once none is left: the records before are the worker's."""
        return min((self._total - self._taken[1]) * SHARE_BATCH, self.count)

    def close(self) -> None:
        try:
            os.close(self._read)
        except OSError:
            pass


#: Records in a batch of an early worker's: the last one the compile waits for is at most this many.
SHARE_BATCH = 2_000


def _batches(count: int) -> Iterable[int]:
    return range(0, count, _BATCH)
