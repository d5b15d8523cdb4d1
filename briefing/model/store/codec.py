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
import json.scanner
from itertools import chain, product
from operator import itemgetter
from pathlib import Path
from typing import Any, Callable, Iterable

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
#: No check for a list that holds itself (``check_circular``): records are trees of tuples, which cannot
#: hold themselves, and the check cost an eighth of encoding them (1.5 of 12.3 us a news item).
_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), default=_leaf, check_circular=False)


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
    optional = lambda value: None if value is None else read(value)  # noqa: E731
    optional.optional_of = read  # type: ignore[attr-defined]  # for the quick readers of decode_records
    return optional


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
    many = lambda value: tuple([read(item) for item in _items(value)])  # noqa: E731
    many.tuple_of = read  # type: ignore[attr-defined]  # for the quick readers of decode_records
    return many


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


# -- decoding many records -----------------------------------------------------------------------
#
# Going through every record of two 10,000-event editions (a diff) spent as long in the readers
# above, a Python call per field, as in parsing the JSON. The quick readers check the same
# things in fewer steps: the types of a record's plain fields (text, whole numbers, either or
# null) as one tuple compared with the shapes the store writes, a list of text by joining it
# (which fails on anything but text). Whatever they do not accept is handed to the reader above,
# which says what is wrong, so both decoders accept and refuse the same texts.

_NONE = type(None)

#: The readers of plain fields, and the types each accepts.
_PLAIN: dict[Reader, tuple[type, ...]] = {
    _text: (str,), _whole: (int,), _optional_text: (str, _NONE), _optional_whole: (int, _NONE)}


def _quick_texts(value: Any) -> tuple[str, ...]:
    if type(value) is not list:
        raise Undecodable(f"expected a list, got {type(value).__name__}")
    try:
        "".join(value)  # in C: a TypeError for any item that is not text
    except TypeError:
        return _texts(value)  # says which
    return tuple(value)


def _quick(read: Reader) -> Reader:
    """A reader that gives what ``read`` gives, in fewer steps where it can; ``read`` where it cannot."""
    if read in _PLAIN or read is _texts:
        return _quick_texts if read is _texts else read
    inner = getattr(read, "optional_of", None)
    if inner is not None:
        quick_inner = _quick(inner)
        return lambda value: None if value is None else quick_inner(value)
    inner = getattr(read, "tuple_of", None)
    if inner is not None:
        quick_item = _quick(inner)
        return lambda value: tuple([quick_item(item) for item in _items(value)])
    if getattr(read, "record_class", None) is not None:
        return _quick_record(read)
    return read


def _quick_record(read: Reader) -> Reader:
    cls, readers = read.record_class, read.readers  # type: ignore[attr-defined]
    count, new = len(readers), tuple.__new__
    if all(field is _texts for field in readers):  # Entities: lists of names only
        lists = (list,) * count

        def read_names(value: Any):
            if type(value) is list and tuple(map(type, value)) == lists:
                try:
                    "".join(chain.from_iterable(value))
                except TypeError:
                    return read(value)
                return new(cls, map(tuple, value))
            return read(value)

        return read_names
    plain = [position for position, field in enumerate(readers) if field in _PLAIN]
    shapes = frozenset(product(*[_PLAIN[readers[position]] for position in plain]))
    picked = itemgetter(*plain) if len(plain) > 1 else (lambda value: tuple(value[position] for position in plain))
    others = [(position, _quick(field)) for position, field in enumerate(readers) if field not in _PLAIN]

    def read_quickly(value: Any):
        if type(value) is not list or len(value) != count or tuple(map(type, picked(value))) not in shapes:
            return read(value)  # raises, saying what is wrong
        for position, read_field in others:
            value[position] = read_field(value[position])
        return new(cls, value)

    return read_quickly


_QUICK_READERS: dict[str, Reader] = {dataset: _quick(read) for dataset, read in RECORD_READERS.items()}
#: JSON's own scanner, called as ``scan_at(text, start)`` for ``(value, end)``: raw_decode without its Python
#: frame and its whitespace match (60,000 calls in a 10,000-event diff). It takes no whitespace before the
#: value (StopIteration): the encoder writes none, and a text that has some is read the careful way.
scan_at = (json.scanner.c_make_scanner or json.scanner.py_make_scanner)(json.JSONDecoder())


def decode_records(dataset: str, texts: Iterable[Any]) -> list[Record]:
    """The records of ``dataset`` stored as ``texts``, as :func:`decode_record` reads each, in fewer steps;
    raises :class:`Undecodable` for the first that is not what the store writes."""
    read, scan, out = _QUICK_READERS[dataset], scan_at, []
    for text in texts:
        try:
            value, end = scan(text, 0)
            alone = end == len(text)
        except (TypeError, ValueError, RecursionError, StopIteration):  # not text, or not JSON
            alone = False
        # JSON with more after it (or no JSON at all): the careful way decides, and says why.
        out.append(read(value) if alone else decode(text, RECORD_READERS[dataset]))
    return out
