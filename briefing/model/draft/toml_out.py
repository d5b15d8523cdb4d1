"""Writing the drafted files as TOML in one pass, in the layout tomli_w gives them.

tomli_w escapes a string a character at a time in Python, which made writing a 10 MB
report's news.toml take longer than drafting it. This writer handles what a draft holds
(tables, arrays of tables, arrays of scalars, strings, numbers, booleans, dates) and writes
them as tomli_w does, so a draft's files look the same whichever wrote them (a test compares
them on the shipped report); anything else goes to tomli_w.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from itertools import repeat

from ..data.text import clean_text

_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")
_NEEDS_ESCAPE = re.compile('[\x00-\x1f"\\\\\x7f]')
#: What TOML escapes or the cleaner replaces (its control characters, tests/test_draft_scale.py checks the
#: two agree): a string holding none is written as it is, without a call to either (most strings of a draft).
_NOT_PLAIN = re.compile('[\x00-\x1f"\\\\\x7f-\x9f\u202a-\u202e\u2066-\u2069]')


class Unsupported(TypeError):
    """A value this writer does not handle: the caller falls back to tomli_w."""


def string(text: str) -> str:
    """A TOML basic string, cleaned of terminal control characters first (the data's one cleaner,
    :func:`..data.text.clean_text`): a report's OSC 52 or C1 bytes reach no file the draft writes."""
    # str.isprintable is False for every character of _NOT_PLAIN but the quote and the backslash (C0 and C1
    # controls, the bidi overrides and isolates are not printable), so a printable string without those two
    # is plain: a loop in C over the text instead of the regex engine's set test at each character.
    if text.isprintable() and '"' not in text and "\\" not in text or not _NOT_PLAIN.search(text):
        return f'"{text}"'
    text = clean_text(text)[0]
    if not _NEEDS_ESCAPE.search(text):
        return f'"{text}"'
    # A JSON string is a TOML basic string once DEL (which JSON leaves as it is) is escaped too.
    return json.dumps(text, ensure_ascii=False).replace("\x7f", "\\u007f")


#: What _table writes as an array of scalars without _value: strings and dates (a datetime is a date).
_STR_OR_DATE = (str, dt.date)
#: Keys as written, by key: a draft has a few dozen distinct keys and writes them some million times.
_KEYS: dict[str, str] = {}


def _key(key: str) -> str:
    written = _KEYS.get(key)
    if written is None:
        written = key if _BARE_KEY.fullmatch(key) else string(key)
        if len(_KEYS) < 1000:
            _KEYS[key] = written
    return written


def _scalar(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return string(value)
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, (dt.date, dt.datetime, dt.time)):
        return value.isoformat()
    raise Unsupported(type(value).__name__)


def _value(value) -> str:
    if isinstance(value, list):
        if not value:
            return "[]"
        if any(isinstance(v, list) for v in value):
            raise Unsupported("nested array")
        items = [_inline(v) if isinstance(v, dict) else _scalar(v) for v in value]
        if any(item is None for item in items):
            raise Unsupported("array of tables inside an array")
        return "[\n" + "".join(f"    {item},\n" for item in items) + "]"
    if isinstance(value, dict):
        raise Unsupported("inline table")
    return _scalar(value)


def _inline(table: dict) -> str | None:
    """``{ k = v, ... }`` as tomli_w writes a small table in an array, or None where it would not."""
    if not table:
        return "{}"
    parts = []
    for key, value in table.items():
        if isinstance(value, dict) or (isinstance(value, list) and value):
            return None
        parts.append(f"{_key(key)} = {_value(value)}")
    rendered = "{ " + ", ".join(parts) + " }"
    return rendered if len(rendered) + 5 <= 100 and "\n" not in rendered else None


def _is_tables(value) -> bool:
    """An array written as ``[[tables]]``: all tables, and one of them too long to write inline (tomli_w's rule)."""
    return (isinstance(value, list) and bool(value) and all(isinstance(v, dict) for v in value)
            and any(_inline(v) is None for v in value))


def _table(table: dict, name: str, header: str | None, out: list[str]) -> None:
    if header is not None:
        out.append(header)
    later = []
    keys = _KEYS  # "keys.get(k) or _key(k)": a key written is never empty, so _key is called for a new key only
    for key, value in table.items():
        if type(value) is str:  # most values of a draft: straight to the string writer
            out.append(f"{keys.get(key) or _key(key)} = {string(value)}\n")
        elif type(value) is dt.date:  # an event's date: as _scalar writes it, without its chain of tests
            out.append(f"{keys.get(key) or _key(key)} = {value.isoformat()}\n")
        # names, tags, an item's dates (checked in C; a str subclass or a datetime is written as _value would)
        elif type(value) is list and value and all(map(isinstance, value, repeat(_STR_OR_DATE))):
            out.append(f"{_key(key)} = [\n"
                       + "".join(f"    {string(item) if isinstance(item, str) else item.isoformat()},\n"
                                 for item in value) + "]\n")
        elif isinstance(value, dict) or _is_tables(value):
            later.append((key, value))
        else:
            out.append(f"{_key(key)} = {_value(value)}\n")
    for key, value in later:
        path = f"{name}.{_key(key)}" if name else _key(key)
        if isinstance(value, dict):
            out.append("\n")
            _table(value, path, f"[{path}]\n", out)
        else:
            header = f"[[{path}]]\n"
            for item in value:
                # One piece a table: 17,000 news items make 17,000 strings, not 400,000 lines.
                lines = ["\n"]
                _table(item, path, header, lines)
                out.append("".join(lines))


def pieces(document: dict) -> list[str]:
    """``document`` as TOML text in pieces (a line, or a whole ``[[table]]``), for a writer to encode a batch at a time.

    A 10 MB report's news.toml is some 17 MB: joined, prefixed with a header and encoded it was
    three copies at once. Anything this writer does not handle is found before any piece is
    handed on, and the document goes to tomli_w whole (one piece).
    """
    out: list[str] = []
    try:
        _table(document, "", None, out)
    except Unsupported:
        import tomli_w

        return [tomli_w.dumps(_cleaned(document), multiline_strings=False)]
    if out and out[0].startswith("\n"):
        out[0] = out[0][1:]
    return out


def dumps(document: dict) -> str:
    """``document`` as TOML text; tomli_w writes anything this writer does not handle."""
    return "".join(pieces(document))


def _cleaned(value):
    if isinstance(value, str):
        return clean_text(value)[0]
    if isinstance(value, dict):
        return {_cleaned(k): _cleaned(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_cleaned(v) for v in value]
    return value
