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
(:func:`start_early`) is forked as soon as they are built and computes all their rows (search
rows and JSON) and their word index (FTS5's tables, copied in as they are) while the compile reads
the timeline and the other worker makes the rest of the store's rows. The first of those news need
not wait for the file's whole parse: a part worker (:func:`start_part`) is forked once a third of
it is parsed, builds the records of the tables parsed by then and computes their rows on the core
the parse leaves idle; the early worker copies them in (it checks they are its first records, by
key, and makes any it was not given).

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

    def __init__(self, pid: int, path: Path, shares: dict[str, int], edition: str = "", rows_done: int = -1) -> None:
        self.pid = pid
        self.path = path
        #: How many records of each dataset, from the first, are the worker's.
        self.shares = shares
        #: The one edition whose records the worker was given as they were loaded (:func:`start_early`),
        #: or "" for a worker given every edition's.
        self.edition = edition
        #: A worker that makes a word index too tells when its rows are written, on this pipe (-1: none),
        #: and makes the index in a file of its own (:attr:`words_path`) meanwhile.
        self.rows_done = rows_done

    @property
    def words_path(self) -> Path:
        return _words_path(self.path)

    def copy_into(self, connection: sqlite3.Connection, lists: Mapping[str, Sequence],
                  fill_rows: FillRows, start: int = 0) -> bool:
        """Wait for the worker's rows and copy them into ``connection``'s tables, each row's seq moved on by
        ``start`` (where the worker's first record is in the store's list); True when it did. The rows
        are computed here instead when the worker failed. A worker making a word index goes on with it
        meanwhile (see :meth:`copy_word_indexes`)."""
        if self.rows_done >= 0:
            try:
                # b"" when it died first: the only other copy of the pipe's end was the worker's.
                written = os.read(self.rows_done, 1) == b"1"
            finally:
                os.close(self.rows_done)
                self.rows_done = -1
        else:
            _, status = os.waitpid(self.pid, 0)
            self.pid = 0
            written = os.waitstatus_to_exitcode(status) == 0
        connection.commit()  # a database is attached outside a transaction
        if written:
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

    def words_made(self) -> bool:
        """Wait for the worker to end; True when it made its word index (see :meth:`copy_word_indexes`)."""
        if self.pid:
            _, status = os.waitpid(self.pid, 0)
            self.pid = 0
            return os.waitstatus_to_exitcode(status) == 0
        return False

    def copy_word_indexes(self, connection: sqlite3.Connection, datasets: Iterable[str]) -> None:
        """Copy the worker's word index of each of ``datasets`` (it ended well: :meth:`words_made`) into the
        empty one of ``connection``, table by table: the index FTS5 made of the same rows, byte for byte.
        Nothing reads them through this connection afterwards (FTS5 may hold what it read of the empty
        ones), so the worker lists their terms too. The worker's files are then removed."""
        connection.commit()
        connection.execute("ATTACH DATABASE ? AS worker", (str(self.words_path),))
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
        """Stop the worker (when the compile fails) and remove its files."""
        self.pid = _stopped(self.pid)
        if self.rows_done >= 0:
            os.close(self.rows_done)
            self.rows_done = -1
        self.remove()

    def remove(self) -> None:
        for path in (self.path, self.words_path):
            try:
                os.unlink(path)
            except OSError:
                pass


def _stopped(pid: int) -> int:
    """Stop the worker ``pid`` (0: none) if it still runs, and reap it; 0, as it is then none of ours."""
    if pid:
        try:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
        except OSError:
            pass
    return 0


def _words_path(path: Path) -> Path:
    """Where a worker writes its word index: beside its rows, in a file of its own, so that its rows
    can be read while the index is made."""
    return path.with_name(path.name.removesuffix(".tmp") + "-words.tmp")


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

#: Makes a dataset's word index in the database attached as ``words`` from the rows of the worker's own,
#: and a table ``words.{dataset}_terms`` of its terms (see indexes.index_in_worker).
IndexWords = Callable[[sqlite3.Connection, str], None]


def start_early(store_file: Path, edition: str, dataset: str, records: Sequence,
                create_tables: Callable[[sqlite3.Connection], None], fill_rows: FillRows,
                index_words: IndexWords, part: "PartWorker | None" = None) -> RowWorker | None:
    """Fork a worker for every row of one edition's ``records`` of ``dataset``, and their word index, as
    soon as they are loaded: it computes them while the compile reads the edition's other files.
    None for fewer than :data:`EARLY_FROM_RECORDS` or where there is no ``fork``.

    ``part``: a worker computing the rows of the first of these records since they were parsed
    (:func:`start_part`); this one computes the others, then copies in those (or computes them
    itself when that worker failed or its records are not these)."""
    if len(records) < EARLY_FROM_RECORDS:
        return None
    return _fork(store_file.with_name(store_file.name.removesuffix(".tmp") + "-early.tmp"), {dataset: records},
                 {dataset: len(records)}, create_tables, fill_rows, edition, index_words, part)


#: A file's first part of fewer tables is not given to a worker while the rest is parsed (:func:`start_part`).
PART_FROM_TABLES = 3_000


class PartWorker:
    """A forked worker computing the rows of the records of a file's first ``count`` tables into
    its own file, ``path``, while the compile parses the rest; it writes a byte to a pipe when it is done
    (its read end is ``done``), and the early worker (:func:`start_early`) that is given it reads them."""

    def __init__(self, pid: int, path: Path, edition: str, count: int, done: int) -> None:
        self.pid = pid
        self.path = path
        self.edition = edition
        self.count = count
        self.done = done

    def given(self) -> None:
        """The early worker has its own copy of the pipe: this process's is closed (that worker sees the
        pipe end, and falls back, if this worker dies)."""
        self._close()

    def stop(self) -> None:
        """Stop the worker if it still runs, reap it, and remove its file."""
        self.pid = _stopped(self.pid)
        self._close()
        try:
            os.unlink(self.path)
        except OSError:
            pass

    def _close(self) -> None:
        if self.done >= 0:
            os.close(self.done)
            self.done = -1

    def copy_into(self, connection: sqlite3.Connection, dataset: str, records: Sequence) -> int:
        """In the early worker: wait for this worker, copy its rows of ``dataset`` into ``connection`` when
        their records are the first of ``records`` (by key), remove its file, and say how many it copied."""
        try:
            ended = os.read(self.done, 1) == b"1"  # b"" when it died first: every copy of the other end is closed
        finally:
            self._close()
        copied = 0
        try:
            if ended:
                connection.commit()  # a database is attached outside a transaction
                connection.execute("ATTACH DATABASE ? AS part", (str(self.path),))
                try:
                    keys = [key for (key,) in connection.execute(f"SELECT key FROM part.{dataset} ORDER BY seq")]
                    if len(keys) <= len(records) and keys == [record.key for record in records[:len(keys)]]:
                        with connection:
                            for table in (dataset, f"{dataset}_records"):
                                connection.execute(f"INSERT INTO main.{table} SELECT * FROM part.{table}")
                        copied = len(keys)
                finally:
                    connection.execute("DETACH DATABASE part")
        finally:
            try:
                os.unlink(self.path)
            except OSError:
                pass
        return copied


def start_part(store_file: Path, edition: str, dataset: str, count: int, build: Callable[[], Sequence],
               create_tables: Callable[[sqlite3.Connection], None], fill_rows: FillRows) -> PartWorker | None:
    """Fork a worker that builds the records of a file's first ``count`` tables (``build()``) and computes
    their rows, while the compile parses the rest of the file on the other core; None for fewer than
    :data:`PART_FROM_TABLES` or where there is no ``fork``."""
    if count < PART_FROM_TABLES or not hasattr(os, "fork"):
        return None
    path = store_file.with_name(store_file.name.removesuffix(".tmp") + "-part.tmp")
    try:
        try:
            os.unlink(path)  # ours, from an earlier attempt of this very compile
        except FileNotFoundError:
            pass
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC, 0o600))
        done, tell = os.pipe()
    except OSError:
        return None
    parent = os.getpid()
    try:
        pid = os.fork()
    except OSError:
        os.close(done)
        os.close(tell)
        PartWorker(0, path, edition, count, -1).stop()
        return None
    if pid == 0:  # the worker: never returns
        code = 1
        try:
            os.close(done)
            records = build()
            _work(path, {dataset: records}, {dataset: len(records)}, parent, create_tables, fill_rows, None)
            os.write(tell, b"1")
            code = 0
        finally:
            os._exit(code)
    os.close(tell)
    return PartWorker(pid, path, edition, count, done)


def _fork(path: Path, lists: Mapping[str, Sequence], shares: dict[str, int],
          create_tables: Callable[[sqlite3.Connection], None], fill_rows: FillRows, edition: str = "",
          index_words: IndexWords | None = None, part: PartWorker | None = None) -> RowWorker | None:
    if not hasattr(os, "fork"):
        return None
    made: list[Path] = []
    try:
        for file in (path, _words_path(path)) if index_words is not None else (path,):
            try:
                os.unlink(file)  # ours, from an earlier attempt of this very compile
            except FileNotFoundError:
                pass
            os.close(os.open(file, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC, 0o600))
            made.append(file)
        rows_done, tell = os.pipe() if index_words is not None else (-1, -1)
    except OSError:
        RowWorker(0, path, shares).remove()
        return None
    parent = os.getpid()
    try:
        pid = os.fork()
    except OSError:
        RowWorker(0, path, shares, rows_done=rows_done).stop()
        if tell >= 0:
            os.close(tell)
        return None
    if pid == 0:  # the worker: never returns
        code = 1
        try:
            if rows_done >= 0:
                os.close(rows_done)
            _work(path, lists, shares, parent, create_tables, fill_rows, index_words, part, tell)
            code = 0
        finally:
            os._exit(code)  # no clean-up of the parent's objects, no buffers flushed twice
    if tell >= 0:
        os.close(tell)
    if part is not None:
        part.given()
    return RowWorker(pid, path, shares, edition, rows_done)


def _work(path: Path, lists: Mapping[str, Sequence], shares: dict[str, int], parent: int,
          create_tables: Callable[[sqlite3.Connection], None], fill_rows: FillRows,
          index_words: IndexWords | None, part: PartWorker | None = None, tell: int = -1) -> None:
    """Fill each dataset's first ``share`` rows; with ``part`` (one dataset), the rows after its records
    first, then its rows copied in, then any of its records it did not make. With ``index_words``, say
    so on ``tell`` once the rows are written, then make their word index in a file of its own."""
    connection = sqlite3.connect(str(path))
    connection.execute("PRAGMA synchronous = OFF")
    connection.execute("PRAGMA journal_mode = OFF")
    connection.execute("PRAGMA cache_size = -16384")
    create_tables(connection)
    for dataset, share in shares.items():
        records = lists[dataset]
        first = min(part.count, share) if part is not None else 0
        with connection:
            _fill_batches(connection, dataset, records, first, share, parent, fill_rows)
        if part is not None:
            copied = part.copy_into(connection, dataset, records[:first])
            with connection:
                _fill_batches(connection, dataset, records, copied, first, parent, fill_rows)
    if index_words is not None:
        connection.commit()
        os.write(tell, b"1")  # the compile reads the rows meanwhile: only the index's file is written now
        os.close(tell)
        connection.execute("ATTACH DATABASE ? AS words", (str(_words_path(path)),))
        connection.execute("PRAGMA words.synchronous = OFF")
        connection.execute("PRAGMA words.journal_mode = OFF")
        connection.execute("PRAGMA words.cache_size = -16384")
        with connection:
            for dataset in shares:
                index_words(connection, dataset)
    connection.close()


#: Records between two looks at whether the compile still runs.
_BATCH = 5_000


def _fill_batches(connection: sqlite3.Connection, dataset: str, records: Sequence, start: int, stop: int,
                  parent: int, fill_rows: FillRows) -> None:
    for at in range(start, stop, _BATCH):
        if os.getppid() != parent:  # the compile was killed: stop with it
            os._exit(3)
        fill_rows(connection, dataset, records, at, min(at + _BATCH, stop))
