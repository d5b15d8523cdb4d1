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
from typing import Callable, Iterable, Mapping, Sequence

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

    def __init__(self, pid: int, path: Path, shares: dict[str, int], edition: str = "") -> None:
        self.pid = pid
        self.path = path
        #: How many records of each dataset, from the first, are the worker's.
        self.shares = shares
        #: The one edition whose records the worker was given as they were loaded (:func:`start_early`),
        #: or "" for a worker given every edition's.
        self.edition = edition

    def copy_into(self, connection: sqlite3.Connection, lists: Mapping[str, Sequence],
                  fill_rows: FillRows, start: int = 0) -> bool:
        """Wait for the worker and copy its rows into ``connection``'s tables, each row's seq moved on by
        ``start`` (where the worker's first record is in the store's list); True when it did. The rows
        are computed here instead when the worker failed. Its file is kept for :meth:`copy_word_indexes`."""
        _, status = os.waitpid(self.pid, 0)
        self.pid = 0
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
                    for table in _WORD_INDEX_TABLES:
                        connection.execute(f"DELETE FROM main.{dataset}_words_{table}")
                        connection.execute(f"INSERT INTO main.{dataset}_words_{table} "
                                           f"SELECT * FROM worker.{dataset}_words_{table}")
                    connection.execute(f"INSERT OR IGNORE INTO main.terms SELECT term FROM worker.{dataset}_terms")
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
    return _fork(store_file.with_name(store_file.name.removesuffix(".tmp") + "-early.tmp"), {dataset: records},
                 {dataset: len(records)}, create_tables, fill_rows, edition, index_words)


def _fork(path: Path, lists: Mapping[str, Sequence], shares: dict[str, int],
          create_tables: Callable[[sqlite3.Connection], None], fill_rows: FillRows, edition: str = "",
          index_words: IndexWords | None = None) -> RowWorker | None:
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
            _work(path, lists, shares, parent, create_tables, fill_rows, index_words)
            code = 0
        finally:
            os._exit(code)  # no clean-up of the parent's objects, no buffers flushed twice
    return RowWorker(pid, path, shares, edition)


def _work(path: Path, lists: Mapping[str, Sequence], shares: dict[str, int], parent: int,
          create_tables: Callable[[sqlite3.Connection], None], fill_rows: FillRows,
          index_words: IndexWords | None) -> None:
    connection = sqlite3.connect(str(path))
    connection.execute("PRAGMA synchronous = OFF")
    connection.execute("PRAGMA journal_mode = OFF")
    connection.execute("PRAGMA cache_size = -16384")
    create_tables(connection)
    with connection:
        for dataset, share in shares.items():
            for start in _batches(share):
                if os.getppid() != parent:  # the compile was killed: stop with it
                    os._exit(3)
                fill_rows(connection, dataset, lists[dataset], start, min(start + _BATCH, share))
        if index_words is not None:
            for dataset in shares:
                index_words(connection, dataset)
    connection.close()


#: Records between two looks at whether the compile still runs.
_BATCH = 5_000


def _batches(count: int) -> Iterable[int]:
    return range(0, count, _BATCH)
