"""A store's indexes, made as it is compiled (:mod:`.compile`): of each dataset's table, and the word
index search answers from (see :mod:`.search`).

Imports neither textual nor rich.
"""

from __future__ import annotations

import sqlite3


def create_indexes(connection: sqlite3.Connection, dataset: str) -> None:
    """The indexes of ``dataset``'s table: by key, id and edition; events also by source and month."""
    connection.execute(f"CREATE INDEX {dataset}_key ON {dataset} (key)")
    connection.execute(f"CREATE INDEX {dataset}_id ON {dataset} (id)")
    connection.execute(f"CREATE INDEX {dataset}_edition ON {dataset} (edition, seq)")
    if dataset == "events":
        connection.execute("CREATE INDEX events_source ON events (edition, source)")
        # Events by month, status and date width (model/glance.py's GROUP BY, the same expression):
        # walked in order and covering (the table is not read), 100,000 events are counted without a scan.
        connection.execute("CREATE INDEX events_months ON events "
                           "(edition, month, planned, (last_day - first_day > 31), first_day, last_day)")


def create_terms(connection: sqlite3.Connection) -> None:
    """The table of every word the word indexes hold, once (see :func:`index_words`)."""
    connection.execute("CREATE TABLE terms (term TEXT PRIMARY KEY) WITHOUT ROWID")


def index_words(connection: sqlite3.Connection, dataset: str, filled: bool = True) -> None:
    """The word index of ``dataset``, which search answers from without scanning (see :mod:`.search`),
    and its words added to ``terms`` (:func:`create_terms`).

    One FTS5 table per dataset over the folded title and text (``title``, ``hay``), holding
    no copy of the text (``content=''``) and no word positions (``detail=column``: search
    asks which records hold a word, and in which column, never where). ``terms`` lists every
    word the indexes hold, once: a query word is found inside them (``cast`` holds ``cas``),
    so the index finds every record the text holds a query word in, as a scan would.

    ``filled=False``: the index is left empty, and its terms unlisted: an early worker made
    them, and :meth:`.row_worker.RowWorker.copy_word_indexes` copies them in.
    """
    _create_word_index(connection, dataset)
    if filled:
        _fill_word_index(connection, dataset)
        _list_terms(connection, dataset, "INSERT OR IGNORE INTO terms")


#: Bytes of terms FTS5 gathers in memory before it writes them out as a segment of the index (1 MB by
#: default). Filled in one statement, the index is then written in fewer, larger segments that need less
#: merging: 100,000 news items are indexed in two thirds of the time (1.36-1.43 s -> 0.92-1.04 s CPU).
_GATHERED_BYTES = 16 * 1024 * 1024


def _create_word_index(connection: sqlite3.Connection, dataset: str, schema: str = "main") -> None:
    connection.execute(f"CREATE VIRTUAL TABLE {schema}.{dataset}_words USING fts5(title, hay, content='', "
                       f"detail=column, tokenize='unicode61 remove_diacritics 0')")
    try:
        connection.execute(f"INSERT INTO {schema}.{dataset}_words ({dataset}_words, rank) VALUES ('hashsize', ?)",
                           (_GATHERED_BYTES,))
    except sqlite3.OperationalError:
        pass  # an SQLite without the setting writes the same index in more segments


def _fill_word_index(connection: sqlite3.Connection, dataset: str, schema: str = "main") -> None:
    connection.execute(f"INSERT INTO {schema}.{dataset}_words (rowid, title, hay) "
                       f"SELECT seq, title, hay FROM main.{dataset}")


def _list_terms(connection: sqlite3.Connection, dataset: str, into: str, schema: str = "main") -> None:
    """The terms of ``dataset``'s word index, put where ``into`` (an INSERT or CREATE TABLE ... AS) says."""
    connection.execute(f"CREATE VIRTUAL TABLE temp.{dataset}_vocabulary "
                       f"USING fts5vocab({schema}, {dataset}_words, row)")
    connection.execute(f"{into} SELECT term FROM {dataset}_vocabulary")
    connection.execute(f"DROP TABLE temp.{dataset}_vocabulary")


def index_in_worker(connection: sqlite3.Connection, dataset: str) -> None:
    """An early worker's word index of ``dataset``, made as :func:`index_words` makes it, and its terms, in
    the database attached as ``words`` (its rows are in the connection's own, which the compile reads
    meanwhile)."""
    _create_word_index(connection, dataset, "words")
    _fill_word_index(connection, dataset, "words")
    _list_terms(connection, dataset, f"CREATE TABLE words.{dataset}_terms AS", "words")
