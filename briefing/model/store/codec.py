"""Records as JSON text and back: what the store holds is data, never code.

A record is stored as a JSON array of its fields in order, nested records as arrays too,
dates as ISO text. Decoding is by type, one table of field readers per record class, and
every reader checks what it is given: a store whose bytes were changed, by a fault or by
anyone, decodes into wrong data at worst, or raises :class:`Undecodable`, which the store
turns into a rebuild. Nothing read from a store is ever run, imported or looked up by name.

Adding a field to a record class means adding its reader here (a test checks that every
class has one reader per field) and bumping ``STORE_VERSION`` in :mod:`.compile`.
"""

from __future__ import annotations

import datetime as dt
import json
from operator import itemgetter
from pathlib import Path
from typing import Any, Callable

from ..data.alias_records import Aliases, Correction, EditorNote, EntityAliases
from ..data.dates import ReportDate
from ..data.problems import Problem
from ..data.records import (
    Article,
    Edition,
    Entities,
    Event,
    Figure,
    MedalContext,
    MedalCount,
    MedalRow,
    NewsItem,
    Record,
    Relation,
    Report,
    ReportPart,
    Section,
    TrendsContext,
)

Reader = Callable[[Any], Any]


class Undecodable(ValueError):
    """Stored text that is not what the store writes: the store is damaged and is rebuilt."""


# -- encoding ------------------------------------------------------------------------------------


def _plain(value: Any) -> Any:
    """``value`` as JSON-ready lists, strings, numbers and nulls."""
    if isinstance(value, (tuple, list)):  # records (NamedTuples), tuples and lists: their items in order
        return [_plain(item) for item in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Path):
        return str(value)
    return value


def _leaf(value: Any) -> Any:
    """What JSON cannot hold itself: dates as ISO text, paths as text."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Path):
        return str(value)
    raise TypeError(f"{type(value).__name__} is not stored")


#: Records are NamedTuples, which the C encoder writes as arrays of their fields by itself;
#: only dates and paths need a word (:func:`_leaf`). A third of a 100,000-event compile was
#: a Python walk making lists of every record first.
_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), default=_leaf)


def encode(value: Any) -> str:
    """``value`` (a record, an edition, a problem, a list of them, or plain data) as compact JSON text."""
    return _ENCODER.encode(value)


# -- decoding ------------------------------------------------------------------------------------


def _text(value: Any) -> str:
    if type(value) is not str:
        raise Undecodable(f"expected text, got {type(value).__name__}")
    return value


def _whole(value: Any) -> int:
    if type(value) is not int:  # bool is a subclass of int: excluded by the exact type test
        raise Undecodable(f"expected a whole number, got {type(value).__name__}")
    return value


def _optional(read: Reader) -> Reader:
    return lambda value: None if value is None else read(value)


def _day(value: Any) -> dt.date:
    try:
        return dt.date.fromisoformat(_text(value))
    except ValueError as error:
        raise Undecodable(str(error)) from None


def _items(value: Any) -> list:
    if type(value) is not list:
        raise Undecodable(f"expected a list, got {type(value).__name__}")
    return value


def _tuple_of(read: Reader) -> Reader:
    return lambda value: tuple([read(item) for item in _items(value)])


def _empty(value: Any) -> tuple:
    """A dataset left out of a stored edition (its records are rows of their own)."""
    if _items(value):
        raise Undecodable("expected an empty list")
    return ()


def _record(cls: type, *readers: Reader) -> Reader:
    """A reader of ``cls`` stored as an array of its fields, one reader per field."""
    assert len(readers) == len(cls._fields), f"{cls.__name__}: {len(readers)} readers, {len(cls._fields)} fields"

    count, new = len(readers), tuple.__new__  # every field is given: the NamedTuple's own __new__ adds nothing
    # Text and whole-number fields, most of every record, are checked together, their exact types
    # compared in one go (in C); only the other fields are read one by one. A record whose types
    # differ is read field by field, so the field at fault says what is wrong.
    plain = [index for index, reader in enumerate(readers) if reader in _PLAIN]
    plain_types = tuple(_PLAIN[readers[index]] for index in plain)
    types_of_plain = itemgetter(*plain, -1) if plain else None  # (-1 too: a tuple even for one field)
    plain_types += (None,)
    others = [(index, reader) for index, reader in enumerate(readers) if reader not in _PLAIN]

    def read(value: Any):
        if type(value) is not list or len(value) != count:
            raise Undecodable(f"{cls.__name__}: expected a list of {count} fields")
        if types_of_plain is not None and types_of_plain([*map(type, value), None]) != plain_types:
            return new(cls, [read_field(field) for read_field, field in zip(readers, value)])
        fields = value.copy()
        for index, read_field in others:
            fields[index] = read_field(fields[index])
        return new(cls, fields)

    read.record_class = cls  # type: ignore[attr-defined]  # for the test that every field has a reader
    read.readers = readers  # type: ignore[attr-defined]
    return read


def _texts(value: Any) -> tuple[str, ...]:
    """A list of text, the commonest field there is (entities, tags): checked in one pass."""
    if type(value) is not list:
        raise Undecodable(f"expected a list, got {type(value).__name__}")
    for item in value:
        if type(item) is not str:
            raise Undecodable(f"expected text, got {type(item).__name__}")
    return tuple(value)
#: The readers that only check a field's exact type, with that type (see ``_record``).
_PLAIN: dict[Reader, type] = {_text: str, _whole: int}

_optional_text = _optional(_text)
_optional_whole = _optional(_whole)

_report_date = _record(ReportDate, _whole, _optional_whole, _optional_whole, _optional_text, _text)
_entities = _record(Entities, _texts, _texts, _texts, _texts, _texts, _texts, _texts)
_section = _record(Section, _text, _text, _text, _optional_text)
_figure = _record(Figure, _text, _text, _text, _text, _text)
_report = _record(Report, _text, _text, _text, _day, _day, _texts, _text, _tuple_of(_section), _tuple_of(_figure))
_medal_context = _record(MedalContext, _text, _text, _text, _text, _tuple_of(_record(MedalCount, _text, _whole)),
                         _whole, _texts, _texts, _text, _text)
_trends = _record(TrendsContext, _text, _text, _text, _whole, _text, _text)

#: One reader per dataset's record class.
RECORD_READERS: dict[str, Reader] = {
    "news": _record(NewsItem, _text, _text, _text, _text, _text, _tuple_of(_report_date), _text, _texts,
                    _entities, _whole, _optional_text, _optional(_report_date)),
    "medals": _record(MedalRow, _text, _text, _text, _text, _text, _text, _whole, _entities, _optional_text),
    "articles": _record(Article, _text, _text, _text, _text, _optional_text, _whole, _text, _text, _entities,
                        _whole, _optional_text, _optional_whole),
    "events": _record(Event, _text, _text, _report_date, _text, _text, _text, _text, _text, _entities, _whole,
                      _texts, _text, _optional_text),
    "report": _record(ReportPart, _text, _text, _text, _text, _text, _entities, _whole),
}

_aliases = _record(Aliases, _tuple_of(_record(EntityAliases, _text, _texts)),
                   _tuple_of(_record(Correction, _text, _text, _text)), _tuple_of(_record(EditorNote, _text, _text)))

#: An edition as stored: its report, contexts, aliases and relations, its records left out (``_empty``).
EDITION_READER = _record(Edition, _text, _report, _empty, _empty, _medal_context, _empty, _trends, _empty,
                         _aliases, _tuple_of(_record(Relation, _text, _text, _text, _text, _texts)), _empty)

PROBLEMS_READER = _tuple_of(_record(Problem, lambda value: Path(_text(value)), _optional_whole, _text, _text))


def decode(text: Any, read: Reader) -> Any:
    """``text`` (JSON, as :func:`encode` wrote it) read by ``read``; raises :class:`Undecodable`."""
    if type(text) is not str:
        raise Undecodable(f"expected JSON text, got {type(text).__name__}")
    try:
        value = json.loads(text)
    except (ValueError, RecursionError) as error:  # JSONDecodeError is a ValueError
        raise Undecodable(f"not JSON: {error}") from None
    return read(value)


def decode_record(dataset: str, text: Any) -> Record:
    """The record of ``dataset`` stored as ``text``."""
    return decode(text, RECORD_READERS[dataset])
