"""The word index search answers from (see :mod:`.search`), made as a store is compiled (:mod:`.compile`).

Imports neither textual nor rich.
"""

from __future__ import annotations

import sqlite3

from .database import DATASETS


def index_words(connection: sqlite3.Connection, copied: str | None) -> None:
    """The word index search answers from without scanning (see :mod:`.search`).

    One FTS5 table per dataset over the folded title and text (``title``, ``hay``), holding
    no copy of the text (``content=''``) and no word positions (``detail=column``: search
    asks which records hold a word, and in which column, never where). ``terms`` lists every
    word the index holds, once: a query word is found inside them (``cast`` holds ``cas``),
    so the index finds every record the text holds a query word in, as a scan would.

    The index of dataset ``copied`` is left empty, and its terms unlisted: an early worker made
    them, and :meth:`.row_worker.RowWorker.copy_word_indexes` copies them in.
    """
    for dataset in DATASETS:
        _create_word_index(connection, dataset)
        if dataset != copied:
            _fill_word_index(connection, dataset)
    connection.execute("CREATE TABLE terms (term TEXT PRIMARY KEY) WITHOUT ROWID")
    for dataset in DATASETS:
        if dataset != copied:
            _list_terms(connection, dataset, "INSERT OR IGNORE INTO terms")


def _create_word_index(connection: sqlite3.Connection, dataset: str) -> None:
    connection.execute(f"CREATE VIRTUAL TABLE {dataset}_words USING fts5(title, hay, content='', "
                       f"detail=column, tokenize='unicode61 remove_diacritics 0')")


def _fill_word_index(connection: sqlite3.Connection, dataset: str) -> None:
    connection.execute(f"INSERT INTO {dataset}_words (rowid, title, hay) SELECT seq, title, hay FROM {dataset}")


def _list_terms(connection: sqlite3.Connection, dataset: str, into: str) -> None:
    """The terms of ``dataset``'s word index, put where ``into`` (an INSERT or CREATE TABLE ... AS) says."""
    connection.execute(f"CREATE VIRTUAL TABLE temp.{dataset}_vocabulary USING fts5vocab(main, {dataset}_words, row)")
    connection.execute(f"{into} SELECT term FROM {dataset}_vocabulary")
    connection.execute(f"DROP TABLE temp.{dataset}_vocabulary")


def index_in_worker(connection: sqlite3.Connection, dataset: str) -> None:
    """An early worker's word index of ``dataset``, made as :func:`index_words` makes it, and its terms."""
    _create_word_index(connection, dataset)
    _fill_word_index(connection, dataset)
    _list_terms(connection, dataset, f"CREATE TABLE {dataset}_terms AS")
