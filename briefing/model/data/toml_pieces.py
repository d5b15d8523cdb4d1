"""Parsing a large TOML file in pieces, its text let go of piece by piece as its tree is built.

A dataset file is mostly one array of tables (``[[items]]``, ``[[events]]``...). Parsed whole,
its text (107 MB of news at 100,000 events) is held beside the whole tree it becomes, and that
was the peak of a compile's memory. Read from the file piece by piece, cut before lines ``[[name]]``
into pieces of a megabyte or so, each piece parsed alone and let go of, the text is never whole.

The pieces give the tree the whole text gives, or nothing (the caller then reads and parses the
whole file, so every error and its message is the same as ever):

* a piece that parses ends where a statement ends: cut inside a multi-line string or array,
  the piece before the cut would end with it unterminated, an error;
* the first piece is parsed with a ``[[name]]`` line added after it, so ``name`` is known to
  be an array of tables that a ``[[name]]`` line adds a table to, there;
* every later piece begins with ``[[name]]``, and must define nothing at the top but ``name``
  and tables not defined before it (``[[relations]]`` after the news items): its headers are then
  new tables of ``name``, subtables of its last one (``[name.entities]``), or those new tables,
  read the same alone as after what went before it.

Imports neither textual nor rich.
"""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path
from typing import Callable, Iterator

#: Files larger than this are parsed in pieces of about this many bytes. Small pieces cost no more time
#: (rtoml is a little faster on them) and keep the parser's own tree of each piece small: with pieces of
#: 8 MB rtoml's took the compile of 100,000 events from 455 MiB to 506 MiB at its peak, with 1 MB 458 MiB.
PIECE_CHARS = 1024 * 1024

#: The first line that opens a table of a top-level array of tables, whose name the pieces are cut at.
_ARRAY_HEADER = re.compile(rb"^\[\[([A-Za-z0-9_-]+)\]\]\n", re.MULTILINE)

_BLOCK = 1 << 20


class _Unsuitable(Exception):
    """The file is not one to parse in pieces: the whole file is read instead."""


#: Where in a file :func:`parse_in_pieces` tells its ``part`` of the tables parsed so far: after this
#: share of its bytes (see compile.compile_store, which starts computing their rows on the idle core).
PART_AT = 0.3

#: Told the array's name and its tables parsed so far (a list that grows as the parse goes on).
PartParsed = Callable[[str, list], None]


def parse_in_pieces(loads: Callable[[str], dict], path: Path, cap: int, part: PartParsed | None = None) -> dict | None:
    """The tree of the TOML file at ``path`` read and parsed in pieces by ``loads`` (which raises ValueError
    for text it cannot parse), or None when it is not large,
    not cut at ``[[name]]`` lines, or any piece does not read or parse as the module's docstring
    requires (the caller then reads and parses it whole, and reports what is wrong).

    ``part`` is told the array's tables parsed so far once :data:`PART_AT` of the file is read. They
    are the first tables of the tree returned, if one is: the rest may yet not parse."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError:
        return None
    try:
        found = os.fstat(fd)
        if not stat.S_ISREG(found.st_mode) or not PIECE_CHARS < found.st_size <= cap:
            return None
        pieces = _read_pieces(fd, cap)
        name = next(pieces).decode("ascii")
        first = next(pieces)
        tree = loads(first.decode("utf-8") + f"[[{name}]]\n")
        tables = tree.get(name)
        if not isinstance(tables, list) or not tables or tables[-1] != {}:
            return None
        tables.pop()  # the table the added line made
        read, part_at = len(first), found.st_size * PART_AT if part is not None else None
        del first
        for piece in pieces:
            if part_at is not None and read >= part_at:
                part(name, tables)  # type: ignore[misc]
                part_at = None
            read += len(piece)
            text = piece.decode("utf-8")
            del piece  # the bytes, while the text is parsed
            parsed = loads(text)
            del text
            more = parsed.pop(name, None)
            if not isinstance(more, list) or any(key in tree for key in parsed):
                return None
            tables.extend(more)
            tree.update(parsed)  # tables after the array ([[relations]]), new here: as the whole file reads
        return tree
    # TOMLDecodeError and UnicodeDecodeError are ValueErrors: the whole file says what is wrong.
    except (_Unsuitable, OSError, ValueError, RecursionError, StopIteration):
        return None
    finally:
        os.close(fd)


def _read_pieces(fd: int, cap: int) -> Iterator[bytes]:
    """The name of the array the file is cut at, then its pieces: each ends just before a line
    ``[[name]]`` that begins :data:`PIECE_CHARS` bytes or more into it, the last at the end."""
    pending = bytearray()
    total = 0
    header = b""
    searched = 0
    while True:
        block = os.read(fd, _BLOCK)
        total += len(block)
        if total > cap:
            raise _Unsuitable
        pending += block
        if not header:
            if len(pending) < PIECE_CHARS and block:
                continue
            if pending.startswith(b"\xef\xbb\xbf"):
                del pending[:3]  # a byte-order mark, as parse_toml drops it
            first = _ARRAY_HEADER.search(pending)
            if first is None:
                raise _Unsuitable
            header = b"\n" + first[0]
            yield first[1]
            searched = PIECE_CHARS
        while len(pending) >= searched + len(header):
            cut = pending.find(header, searched)
            if cut == -1:
                searched = len(pending) - len(header) + 1  # the line may yet end in the next block
                break
            yield _take(pending, cut + 1)
            searched = PIECE_CHARS
        if not block:
            if pending:
                yield _take(pending, len(pending))
            return


def _take(pending: bytearray, count: int) -> bytes:
    """The first ``count`` bytes of ``pending``, taken out of it (nothing else holds them once used)."""
    with memoryview(pending) as view:
        piece = bytes(view[:count])
    del pending[:count]
    return piece
