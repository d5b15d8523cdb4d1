"""Parsing a large TOML file in pieces, its text let go of piece by piece as its tree is built.

A dataset file is mostly one array of tables (``[[items]]``, ``[[events]]``...). Parsed whole,
its text (107 MB of news at 100,000 events) is held beside the whole tree it becomes, and that
was the peak of a compile's memory. Cut before lines ``[[name]]`` into pieces of some megabytes,
each piece parsed alone, the text shrinks as the tree grows.

The pieces give the tree the whole text gives, or nothing (the caller then parses the whole
text, so every error and its message is the same as ever):

* a piece that parses ends where a statement ends: cut inside a multi-line string or array,
  the piece before the cut would end with it unterminated, an error;
* the first piece is parsed with a ``[[name]]`` line added after it, so ``name`` is known to
  be an array of tables that a ``[[name]]`` line adds a table to, there;
* every later piece begins with ``[[name]]`` and must define nothing but ``name``: its headers
  are then the new tables or subtables of ``name``'s last table (``[name.entities]``), read the
  same alone as after what went before it.

Imports neither textual nor rich.
"""

from __future__ import annotations

import re
from types import ModuleType

#: Texts longer than this are parsed in pieces of about this many characters.
PIECE_CHARS = 8 * 1024 * 1024

#: The first line that opens a table of a top-level array of tables, whose name the pieces are cut at.
_ARRAY_HEADER = re.compile(r"^\[\[([A-Za-z0-9_-]+)\]\]\n", re.MULTILINE)


def cut_into_pieces(text: str) -> tuple[str, list[str]] | None:
    """The name of the array the text is cut at and the pieces, or None for a text not worth cutting."""
    if len(text) <= PIECE_CHARS:
        return None
    first = _ARRAY_HEADER.search(text)
    if first is None:
        return None
    name = first[1]
    header = f"\n[[{name}]]\n"
    cuts = [0]
    at = PIECE_CHARS
    while at < len(text):
        cut = text.find(header, at)
        if cut == -1:
            break
        cuts.append(cut + 1)
        at = cut + 1 + PIECE_CHARS
    if len(cuts) < 2:
        return None
    cuts.append(len(text))
    return name, [text[start:end] for start, end in zip(cuts, cuts[1:])]


def parse_pieces(toml: ModuleType, name: str, pieces: list[str]) -> dict | None:
    """The tree of the text ``pieces`` were cut from (see :func:`cut_into_pieces`), or None when any
    piece does not parse as the module's docstring requires. Empties ``pieces`` as it goes."""
    try:
        tree = _parse_one(toml, pieces, 0, f"[[{name}]]\n")
        tables = tree.get(name)
        if not isinstance(tables, list) or not tables or tables[-1] != {}:
            return None
        tables.pop()  # the table the added line made
        for index in range(1, len(pieces)):
            part = _parse_one(toml, pieces, index, "")
            if part.keys() != {name} or not isinstance(part[name], list):
                return None
            tables.extend(part[name])
    except (ValueError, RecursionError):  # TOMLDecodeError is a ValueError: the whole text says which
        return None
    return tree


def _parse_one(toml: ModuleType, pieces: list[str], index: int, suffix: str) -> dict:
    piece, pieces[index] = pieces[index], ""
    return toml.loads(piece + suffix if suffix else piece)
