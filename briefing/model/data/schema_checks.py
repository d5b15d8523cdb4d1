"""Checking a dataset file's values against the schema: types, keys, ids, dates; cleaned strings out.

Each problem is added to the file's list as ``file:line`` (:class:`CheckedFile`); a table that
fails is dropped alone, so one bad record never stops the rest loading. Strings from the data
are cleaned of control characters here (:func:`.text.clean_text`), once.

Imports neither textual nor rich.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from pathlib import Path
from typing import Any, Iterator

from ..safe_io import read_regular
from . import schema
from .dates import DateError, ReportDate
from .problems import Problem
from .records import Entities
from .text import clean_text
from .toml_lines import LineIndex
from .toml_reading import MAX_FILE_BYTES

class CheckedFile:
    """One dataset file being checked: its data, and the problems found in it."""

    def __init__(self, path: Path, problems: list[Problem]) -> None:
        self.path = path
        self.problems = problems
        self._lines: LineIndex | None = None
        #: Ids of records dropped as invalid: links to them are not reported again as missing.
        self.dropped_ids: set[str] = set()

    def line(self, location: tuple) -> int | None:
        if self._lines is None:
            try:
                raw = read_regular(self.path, MAX_FILE_BYTES)
                self._lines = LineIndex(raw.decode("utf-8", errors="replace"))
            except OSError:
                return None
        return self._lines.line_of(location)

    def error(self, location: tuple, message: str) -> None:
        self.problems.append(Problem(self.path, self.line(location), message))

    def warning(self, location: tuple, message: str) -> None:
        self.problems.append(Problem(self.path, self.line(location), message, "warning"))


def describe(value: Any) -> str:
    names = {str: "a string", int: "an integer", float: "a number", bool: "a boolean",
             list: "an array", dict: "a table", dt.date: "a date", dt.datetime: "a date-time",
             dt.time: "a time"}
    return names.get(type(value), type(value).__name__)


def check_table(file: CheckedFile, table: Any, spec: dict[str, schema.Field], location: tuple,
                label: str) -> dict | None:
    """Check one table against ``spec``; return cleaned values, or None if it is unusable."""
    if not isinstance(table, dict):
        file.error(location, f"{label}: expected a table, got {describe(table)}")
        return None
    ok = True
    out: dict[str, Any] = {}
    if not table.keys() <= spec.keys():
        for key in table:
            if key not in spec:
                hint = difflib.get_close_matches(key, spec, n=1)
                suggestion = f" (did you mean {hint[0]!r}?)" if hint else ""
                file.error(location + (key,), f"{label}: unknown key {key!r}{suggestion}")
                ok = False
    for key, field in spec.items():
        if key not in table:
            if field.required:
                file.error(location, f"{label}: missing key {key!r}")
                ok = False
            continue
        value = table[key]
        # Most values are printable strings (or arrays of them): what check_value would give them
        # is given here, without the location and label it would be handed for a problem
        # (at 100,000 events a second of the load went on making those).
        kind = field.kind
        if kind == schema.TEXT and value.__class__ is str and field.choices is None and value.isprintable():
            out[key] = value if len(value) > _SHORT or key in _OWN_KEYS else _shared.setdefault(value, value)
            continue
        if kind == schema.TEXTS and value.__class__ is list and all(
                item.__class__ is str and item.isprintable() for item in value):
            out[key] = tuple(item if len(item) > _SHORT or key in _OWN_KEYS else _shared.setdefault(item, item)
                             for item in value)
            continue
        value = check_value(file, value, field, location + (key,), f"{label}: {key!r}")
        if value is INVALID:
            ok = False
        else:
            out[key] = value
    return out if ok else None


INVALID = object()
_BAD_ID = re.compile(r"[\s/]")

#: Short values read again and again (tags, entity names, sections, categories, dates) kept once:
#: at 100,000 events the repeats were a quarter of the records' memory. Emptied by :func:`forget_shared`.
_shared: dict[Any, Any] = {}
#: Keys whose values are a record's own (its id, headline, title): seldom repeated, so not kept.
_OWN_KEYS = frozenset(("id", "headline", "title"))
_SHORT = 64


def _share(value: Any, location: tuple) -> Any:
    if len(value) > _SHORT or (location and location[-1] in _OWN_KEYS):
        return value
    return _shared.setdefault(value, value)


def forget_shared() -> None:
    """Let go of the values kept once while loading (see :data:`_shared`)."""
    _shared.clear()


def check_value(file: CheckedFile, value: Any, field: schema.Field, location: tuple, label: str) -> Any:
    kind = field.kind
    if kind == schema.KEY:
        edition, _, ident = value.partition("/") if isinstance(value, str) else ("", "", "")
        if not edition or not ident or _BAD_ID.search(ident) or clean_text(value)[1]:
            file.error(location, f"{label} must be the key of a record of an earlier edition, "
                                 f"'edition/id' (e.g. '2024-09-to-2025-03/news-shijian-25-launched'), got {value!r}")
            return INVALID
        return value
    if kind in (schema.TEXT, schema.ID):
        if not isinstance(value, str):
            file.error(location, f"{label} must be a string, got {describe(value)}")
            return INVALID
        cleaned, removed = clean_text(value)
        if removed:
            file.warning(location, f"{label}: {removed} control character(s) removed")
        if kind == schema.ID and (not cleaned or _BAD_ID.search(cleaned)):
            file.error(location, f"{label} must be a non-empty id without spaces or '/', got {value!r}")
            return INVALID
        if field.choices and cleaned not in field.choices:
            allowed = ", ".join(field.choices)
            file.error(location, f"{label} must be one of {allowed}; got {cleaned!r}")
            return INVALID
        return _share(cleaned, location)
    if kind == schema.INT:
        if not isinstance(value, int) or isinstance(value, bool):
            file.error(location, f"{label} must be an integer, got {describe(value)}")
            return INVALID
        return value
    if kind == schema.DATE:
        key = (value.__class__, value) if value.__hash__ is not None else None  # arrays and tables are not
        date = _shared.get(key) if key is not None else None
        if date is not None:
            return date
        try:
            date = ReportDate.parse(value)
        except DateError as error:
            file.error(location, f"{label}: bad date: {error}")
            return INVALID
        if key is not None:
            _shared[key] = date
        return date
    if kind == schema.DATES:
        if not isinstance(value, list):
            file.error(location, f"{label} must be an array of dates, got {describe(value)}")
            return INVALID
        dates = [check_value(file, v, schema.Field(schema.DATE), location, label) for v in value]
        return INVALID if any(d is INVALID for d in dates) else tuple(dates)
    if kind == schema.TEXTS:
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            file.error(location, f"{label} must be an array of strings, got {describe(value)}")
            return INVALID
        cleaned = []
        for item in value:
            text, removed = clean_text(item)
            if removed:
                file.warning(location, f"{label}: {removed} control character(s) removed")
            cleaned.append(_share(text, location))
        return tuple(cleaned)
    if kind == schema.ENTITIES:
        table = check_table(file, value, schema.ENTITY_FIELDS, location, label)
        return INVALID if table is None else Entities(**table)
    if kind == schema.TABLE:
        table = check_table(file, value, field.nested or {}, location, label)
        return INVALID if table is None else table
    if kind == schema.TABLES:
        if not isinstance(value, list):
            file.error(location, f"{label} must be an array of tables, got {describe(value)}")
            return INVALID
        return value  # records are checked one by one by the caller, so one bad record drops alone
    raise AssertionError(f"unknown field kind {kind}")



def checked_records(file: CheckedFile, data: dict, key: str, spec: dict, noun: str) -> list[tuple[int, dict]]:
    """Check each table of the array ``key``; return ``(index, values)`` of the sound ones."""
    tables = data.get(key, [])
    plan = _plan_of(spec)
    out = []
    for index, table in enumerate(tables):
        values = _sound_values(table, plan)
        if values is None:
            values = _checked_record(file, table, key, index, spec, noun)
        if values is not None:
            out.append((index, values))
    return out


def each_checked_record(file: CheckedFile, data: dict, key: str, spec: dict, noun: str) -> Iterator[tuple[int, dict]]:
    """As :func:`checked_records`, one at a time, each table of ``data`` let go of (``None``) once it is
    checked: a record can be built from each before the next is checked, and at 100,000 records the
    parsed tables and the checked values are never all held beside the records. ``data[key]`` is
    left of no further use."""
    tables = data.get(key, [])
    plan = _plan_of(spec)
    for index, table in enumerate(tables):
        tables[index] = None
        values = _sound_values(table, plan)
        if values is None:
            values = _checked_record(file, table, key, index, spec, noun)
        del table
        if values is not None:
            yield index, values


def _checked_record(file: CheckedFile, table: Any, key: str, index: int, spec: dict, noun: str) -> dict | None:
    """The record's values as check_table gives them, its problems reported (when _sound_values is unsure)."""
    ident = table.get("id") if isinstance(table, dict) else None
    label = f"{noun} {ident!r}" if isinstance(ident, str) else f"{noun} #{index + 1}"
    values = check_table(file, table, spec, (key, index), label)
    if values is None and isinstance(ident, str):
        file.dropped_ids.add(ident)
    return values


def check_top_level(file: CheckedFile, data: dict, spec: dict) -> dict:
    """Check top-level keys of a file: unknown ones and wrong array types."""
    for key in data:
        if key not in spec:
            hint = difflib.get_close_matches(key, spec, n=1)
            suggestion = f" (did you mean {hint[0]!r}?)" if hint else ""
            file.error((key,), f"unknown key {key!r}{suggestion}")
    for key, field in spec.items():
        if key in data and field.kind == schema.TABLES and not isinstance(data[key], list):
            file.error((key,), f"{key!r} must be an array of tables ([[{key}]]), got {describe(data[key])}")
            data[key] = []
        elif key not in data and field.required and field.kind in (schema.TABLES, schema.TABLE):
            file.error((), f"missing {'[[' + key + ']]' if field.kind == schema.TABLES else '[' + key + ']'}")
    return data


# The records' happy path. At 100,000 events check_table and check_value took half the load beyond
# the TOML parser, most of it on making the label and location each value would be reported
# under. A record whose every value is of the common, sound shape is checked here instead,
# values cleaned and kept once exactly as check_table would (they have no control character to
# remove); at the first value that may be a problem the whole record is checked again by
# check_table, so every problem, its wording and its order come from one place.

class _Plan:
    """A record spec as the happy path reads it: a code for each key (its kind, and whether its value
    is kept once), the choices of each key that has them, the keys allowed and the keys required."""

    def __init__(self, spec: dict[str, schema.Field]) -> None:
        self.spec = spec
        self.codes = {key: _code(key, field) for key, field in spec.items()}
        self.choices = {key: field.choices for key, field in spec.items()}
        self.keys = frozenset(spec)
        self.required = frozenset(key for key, field in spec.items() if field.required)


# The happy path's codes: the strings first (the commonest values), a record's own text kept as it is,
# other text kept once in _shared, an id of either sort, a choice; then the other kinds.
_OWN_TEXT, _SHARED_TEXT, _OWN_ID, _SHARED_ID, _CHOICE, _DATE, _TEXTS, _ENTITIES, _DATES, _KEY, _INT, _OTHER = range(12)


def _code(key: str, field: schema.Field) -> int:
    kind = field.kind
    own = key in _OWN_KEYS
    if field.choices and (kind != schema.TEXT or own):
        return _OTHER  # none in the schema: check_value sees to it
    if field.choices:
        return _CHOICE
    if kind in (schema.TEXT, schema.ID):
        if kind == schema.TEXT:
            return _OWN_TEXT if own else _SHARED_TEXT
        return _OWN_ID if own else _SHARED_ID
    return {schema.DATE: _DATE, schema.TEXTS: _TEXTS, schema.ENTITIES: _ENTITIES, schema.DATES: _DATES,
            schema.KEY: _KEY, schema.INT: _INT}.get(kind, _OTHER)


#: Each ASCII byte as 0 when str.isprintable() is False for it (C0 controls and DEL), else 1. An ASCII
#: string is printable when its bytes so translated hold no 0: for a paragraph of 500 characters that
#: is a third of the time isprintable() takes, which looks each character up in the Unicode tables
#: (at 100,000 news items and events it was the largest part of checking them).
_CONTROL_BYTES = bytes(0 if code < 0x20 or code == 0x7F else 1 for code in range(256))

_plans: dict[int, _Plan] = {}
_ENTITY_KEYS = frozenset(schema.ENTITY_FIELDS)


def _plan_of(spec: dict[str, schema.Field]) -> _Plan:
    plan = _plans.get(id(spec))
    if plan is None or plan.spec is not spec:
        plan = _plans[id(spec)] = _Plan(spec)
    return plan


def _sound_values(table: Any, plan: _Plan) -> dict | None:
    """What check_table gives ``table`` when it finds nothing to report, or None when it might report
    something (or a value is of a rarer kind): then the caller asks check_table.

    What it gives is ``table`` itself, each value replaced by the cleaned one: a record's table is of
    no further use once checked. Until every value is found sound only equal strings are put in
    (the ones kept once), so a table handed on to check_table reads as it was parsed.
    """
    if table.__class__ is not dict:
        return None
    keys = table.keys()
    if not (keys <= plan.keys and plan.required <= keys):
        return None
    codes = plan.codes
    shared = _shared.setdefault
    made = []  # (key, value) of the values of another type than parsed: tuples, dates, entities
    for key, value in table.items():
        code = codes[key]
        if code <= _CHOICE:
            if value.__class__ is not str:
                return None
            if len(value) > _SHORT and value.isascii():  # a paragraph: see _CONTROL_BYTES
                if 0 in value.encode("ascii").translate(_CONTROL_BYTES):
                    return None
            elif not value.isprintable():
                return None
            if code >= _OWN_ID:
                # A printable string's only characters _BAD_ID matches are the space and "/".
                if code == _CHOICE:
                    if value not in plan.choices[key]:
                        return None
                elif not value or " " in value or "/" in value:
                    return None
            if code != _OWN_TEXT and code != _OWN_ID and len(value) <= _SHORT:
                table[key] = shared(value, value)
        elif code == _DATE:
            value = _sound_date(value)
            if value is None:
                return None
            made.append((key, value))
        elif code == _TEXTS or code == _DATES:
            if value.__class__ is not list:
                return None
            value = _sound_texts(value, key) if code == _TEXTS else _sound_dates(value)
            if value is None:
                return None
            made.append((key, value))
        elif code == _ENTITIES:
            value = _sound_entities(value)
            if value is None:
                return None
            made.append((key, value))
        elif code == _KEY:
            if value.__class__ is not str or not value.isprintable():
                return None
            edition, _, ident = value.partition("/")
            if not edition or not ident or " " in ident or "/" in ident:
                return None
        elif code != _INT or value.__class__ is not int:
            return None
    table.update(made)
    return table


def _sound_entities(value: Any) -> Entities | None:
    if value.__class__ is not dict or not value.keys() <= _ENTITY_KEYS:
        return None
    names = {}
    for kind, listed in value.items():
        listed = _sound_texts(listed, kind) if listed.__class__ is list else None
        if listed is None:
            return None
        names[kind] = listed
    return Entities(**names)


def _sound_texts(values: list, key: str) -> tuple | None:
    try:
        if not all(map(str.isprintable, values)):
            return None
    except TypeError:  # not a string
        return None
    if key in _OWN_KEYS:
        return tuple(values)
    shared = _shared.setdefault
    if sum(map(len, values)) <= _SHORT:  # every one short: each kept once
        return tuple(map(shared, values, values))
    return tuple(item if len(item) > _SHORT else shared(item, item) for item in values)


def _sound_date(value: Any) -> Any:
    """The date check_value gives ``value`` (kept once in :data:`_shared`), or None when it is not plainly one."""
    if value.__class__ is not str and value.__class__ is not dt.date:
        return None
    key = (value.__class__, value)
    date = _shared.get(key)
    if date is None:
        try:
            date = ReportDate.parse(value)
        except DateError:
            return None
        _shared[key] = date
    return date


def _sound_dates(values: list) -> tuple | None:
    dates = tuple(map(_sound_date, values))
    return None if None in dates else dates
