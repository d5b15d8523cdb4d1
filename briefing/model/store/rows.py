"""A store's rows: the tables each dataset's records are kept in, and what each record is stored as.

A record is one row of its dataset's table (its folded title and text, the short words of those, and
the columns the tabs list it by), its JSON in a table of its own, and a row for each entity it names.
:mod:`.compile` fills them, and its workers (:mod:`.row_worker`) each their share.

Imports neither textual nor rich.
"""

from __future__ import annotations

import sqlite3
from functools import lru_cache

from ..data.records import Event, NewsItem, Record, news_date_width
from ..data.text import fold
from .codec import encode
from .database import DATASETS
from .stored_text import stored_row_texts

#: Columns beside the text from which the tabs build their lists without reading the records:
#: the News tab's grouping (see news_tab.build_rows) and the Timeline's filters (EventColumns).
LIST_COLUMNS: dict[str, tuple[tuple[str, str], ...]] = {
    "news": (("section", "TEXT"), ("date_width", "INTEGER")),
    "events": (("month", "INTEGER"), ("category", "TEXT"), ("planned", "INTEGER"), ("first_day", "INTEGER"),
               ("last_day", "INTEGER"), ("source", "TEXT"), ("also", "TEXT")),
}


def create_dataset_tables(connection: sqlite3.Connection) -> None:
    """Each dataset's table of search rows and its table of records' JSON, empty."""
    for dataset in DATASETS:
        extra = "".join(f", {name} {kind}" for name, kind in LIST_COLUMNS.get(dataset, ()))
        # title and hay ("title\nentities\nbody"): the folded text search scans (see ranking.folded_parts).
        connection.execute(f"CREATE TABLE {dataset} (seq INTEGER PRIMARY KEY, edition TEXT NOT NULL, "
                           f"key TEXT NOT NULL, id TEXT NOT NULL, title TEXT NOT NULL, hay TEXT NOT NULL, "
                           f"words TEXT NOT NULL{extra})")
        # The records' JSON in a table of their own: a search scan then reads only the folded text.
        connection.execute(f"CREATE TABLE {dataset}_records (seq INTEGER PRIMARY KEY, record TEXT NOT NULL)")


def create_worker_tables(connection: sqlite3.Connection) -> None:
    """A worker's file: the datasets' tables and the entities' (see :meth:`.row_worker.RowWorker.copy_into`)."""
    create_dataset_tables(connection)
    create_names(connection)


def create_names(connection: sqlite3.Connection) -> None:
    """Entities as ways in: which records name each entity, by folded name."""
    connection.execute("CREATE TABLE entities (name TEXT NOT NULL, dataset TEXT NOT NULL, seq INTEGER NOT NULL)")


def fill_names(connection: sqlite3.Connection, dataset: str, records: list, start: int, stop: int) -> None:
    """The entities each of ``records[start:stop]`` names."""
    connection.executemany("INSERT INTO entities VALUES (?, ?, ?)", (
        (name, dataset, seq) for seq, record in zip(range(start, stop), records[start:stop])
        for name in dict.fromkeys(map(_fold_name, record.entities.names()))))


def fill_rows(connection: sqlite3.Connection, dataset: str, records: list[Record], start: int, stop: int) -> None:
    """Insert the rows of ``records[start:stop]`` (their seq is their index) into ``dataset``'s tables."""
    fill_search(connection, dataset, records, start, stop)
    fill_records(connection, dataset, records, start, stop)


def fill_search(connection: sqlite3.Connection, dataset: str, records: list[Record], start: int, stop: int) -> None:
    """The search rows (folded text, list columns) of ``records[start:stop]``."""
    width = 7 + len(LIST_COLUMNS.get(dataset, ()))
    connection.executemany(
        f"INSERT INTO {dataset} VALUES ({', '.join('?' * width)})",
        ((seq, r.edition, r.key, r.id, *_folded(r), *_list_columns(r))
         for seq, r in zip(range(start, stop), records[start:stop])))


def fill_records(connection: sqlite3.Connection, dataset: str, records: list[Record], start: int, stop: int) -> None:
    """The records' JSON of ``records[start:stop]``."""
    connection.executemany(f"INSERT INTO {dataset}_records VALUES (?, ?)",
                           ((seq, encode(r)) for seq, r in zip(range(start, stop), records[start:stop])))


#: An entity's folded name: the same few thousand names recur across 200,000 records.
_fold_name = lru_cache(maxsize=1 << 16)(fold)


def _folded(record: Record) -> tuple[str, str, str]:
    """The record's folded title; its folded title, entities and body, one per line (as
    ``ranking.folded_parts`` folds them); and their short whole words (``ranking.short_words``)."""
    return stored_row_texts(record)


def _list_columns(record: Record) -> tuple:
    if isinstance(record, NewsItem):
        return record.section, news_date_width(record)
    if isinstance(record, Event):
        first, last = record.date.span()
        return (record.date.month_ordinal, record.category, int(record.planned), first.toordinal(),
                last.toordinal(), record.source, "".join(f"\n{also}\n" for also in record.also))
    return ()
