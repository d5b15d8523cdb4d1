"""A note and the notes file's format: parsing a file's bytes into notes, rendering them back.

One ``[[notes]]`` table a note, under ``version = 1`` (your personal file is ``annotations.toml``
in the config dir)::

    version = 1

    [[notes]]
    edition = "2024-09-to-2025-03"
    dataset = "news"
    id = "news-record-spacewalk"
    text = "Check the 2001 record against NASA's list."
    flagged = true
    created = 2025-03-02 09:14:05.123456+00:00
    updated = 2025-03-02 09:20:41.002113+00:00

The file is kept safe by :mod:`.notes_file_keeper`; team files (:mod:`.team_reading`) are
read with the same parser. Every string is cleaned of control characters here, once.

Imports neither textual nor rich.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..data.text import clean_text

#: The format version written to, and accepted from, the notes file.
FORMAT_VERSION = 1
#: The datasets a note can belong to (``Record.dataset`` values).
DATASETS: tuple[str, ...] = ("news", "medals", "articles", "events")

_UTC = dt.timezone.utc
_EPOCH = dt.datetime(1970, 1, 1, tzinfo=_UTC)


@dataclass(frozen=True, slots=True)
class Note:
    """One note on one record: its text (possibly empty) and whether the record is flagged.

    ``updated`` is when the text last changed (or the note was created); flagging and
    unflagging do not move it, so an editor opened before a flag change does not think
    the note was edited elsewhere.
    """

    edition: str
    dataset: str
    id: str
    text: str
    flagged: bool
    created: dt.datetime
    updated: dt.datetime

    @property
    def key(self) -> str:
        """``edition/id``, the same as the annotated record's ``Record.key``."""
        return f"{self.edition}/{self.id}"


class BadFile(Exception):
    """The notes file is not a notes file we can read; ``reason`` says how."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class NewerFormat(Exception):
    """The notes file was written by a newer briefing; we must neither rewrite nor move it."""

    def __init__(self, version: int) -> None:
        super().__init__(version)
        self.version = version


class OldFormat(Exception):
    """The notes file is in an older format this briefing cannot read; it is left as it is."""

    def __init__(self, version: int, reason: str) -> None:
        super().__init__(version, reason)
        self.version = version
        self.reason = reason


class NotesDoc:
    """The notes file as read: raw tables (unknown keys kept) and the notes parsed from them."""

    def __init__(self, top: dict[str, Any], tables: list[dict[str, Any]], notes: list[Note]) -> None:
        self.top = top
        self.tables = tables
        self.notes = notes
        self.moved_aside: Path | None = None
        self.bad_reason: str | None = None

    @classmethod
    def empty(cls) -> "NotesDoc":
        return cls({}, [], [])

    def find(self, key: str) -> int | None:
        """Index of the note with ``key``; the last one if a hand edit left duplicates (as load shows)."""
        for index in range(len(self.notes) - 1, -1, -1):
            if self.notes[index].key == key:
                return index
        return None

    def put(self, index: int | None, note: Note) -> None:
        """Replace note ``index`` (keeping its unknown keys and key order), or append."""
        fields = note_table(note)
        if index is None:
            self.tables.append(fields)
            self.notes.append(note)
        else:
            table = dict(self.tables[index])
            table.update(fields)
            self.tables[index] = table
            self.notes[index] = note

    def remove(self, index: int) -> None:
        del self.tables[index]
        del self.notes[index]

    def as_dict(self) -> dict[str, Note]:
        return {note.key: note for note in self.notes}

    def render(self) -> bytes:
        """The file's bytes; raises ValueError/TypeError/UnicodeEncodeError for what TOML cannot hold."""
        out: dict[str, Any] = {"version": FORMAT_VERSION}
        out.update((k, v) for k, v in self.top.items() if k not in ("version", "notes"))
        out["notes"] = self.tables
        import tomli_w  # only when a note is written: kept off the start-up path

        return tomli_w.dumps(out).encode("utf-8")


def note_table(note: Note) -> dict[str, Any]:
    return {
        "edition": note.edition,
        "dataset": note.dataset,
        "id": note.id,
        "text": note.text,
        "flagged": note.flagged,
        "created": note.created,
        "updated": note.updated,
    }


def tables_in(doc: NotesDoc, name: str) -> list[dict[str, Any]]:
    """The tables of the top-level array ``name``; what is not a table is left out."""
    raw = doc.top.get(name, [])
    return [table for table in raw if isinstance(table, dict)] if isinstance(raw, list) else []


def utc(value: dt.datetime) -> dt.datetime:
    """``value`` in UTC; a datetime without a zone (hand-written) is taken to be UTC already."""
    if value.tzinfo is None:
        return value.replace(tzinfo=_UTC)
    return value.astimezone(_UTC)


def parse(data: bytes) -> NotesDoc:
    """Parse the notes file's bytes, raising :class:`BadFile` or :class:`NewerFormat`."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]  # a byte-order mark a Windows editor may add
    if not data.strip():
        raise BadFile("the file is empty")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise BadFile(f"it is not UTF-8 text (byte {error.start})") from None
    import tomllib  # only when there is a notes file to read: kept off the start-up path

    try:
        top = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise BadFile(f"it is not valid TOML: {error}") from None
    version = top.get("version")
    if isinstance(version, bool) or not isinstance(version, int):
        raise BadFile("it has no `version = 1` line")
    if version > FORMAT_VERSION:
        raise NewerFormat(version)
    if version < FORMAT_VERSION:
        # Version 0 (before the format was numbered 1) held the same [[notes]] tables: read
        # it as such, so the next write migrates it. What cannot be read so is explained and
        # left alone: an old file is not a damaged one.
        try:
            return parse_tables(top)
        except BadFile as error:
            raise OldFormat(version, error.reason) from None
    return parse_tables(top)


def parse_tables(top: dict[str, Any]) -> NotesDoc:
    raw_notes = top.get("notes", [])
    if not isinstance(raw_notes, list):
        raise BadFile("`notes` is not a list of [[notes]] tables")
    tables: list[dict[str, Any]] = []
    notes: list[Note] = []
    for number, table in enumerate(raw_notes, start=1):
        if not isinstance(table, dict):
            raise BadFile(f"note {number} is not a table")
        notes.append(note_from(table, number))
        tables.append(table)
    return NotesDoc(top, tables, notes)


def note_from(table: dict[str, Any], number: int) -> Note:
    """The note in one ``[[notes]]`` table; ``text``, ``flagged`` and the times may be missing.

    Every string is cleaned of terminal control characters here, once, as the loader cleans
    the data: a teammate's file (or a hand edit) may hold an OSC 52 or ``ESC[2J`` in any
    field, the edition and id of an orphaned note included, and every screen, command and
    export shows these values as they come from here.
    """
    values: dict[str, Any] = {}
    for name in ("edition", "dataset", "id"):
        value = table.get(name)
        if not isinstance(value, str) or not value:
            raise BadFile(f"note {number} has no `{name}`")
        values[name] = clean_text(value)[0]
    text = table.get("text", "")
    if not isinstance(text, str):
        raise BadFile(f"note {number}: `text` is not a string")
    text = clean_text(text)[0]
    flagged = table.get("flagged", False)
    if not isinstance(flagged, bool):
        raise BadFile(f"note {number}: `flagged` is not true or false")
    times: dict[str, dt.datetime | None] = {}
    for name in ("created", "updated"):
        value = table.get(name)
        if value is not None and not isinstance(value, dt.datetime):
            raise BadFile(f"note {number}: `{name}` is not a date-time")
        times[name] = utc(value) if value is not None else None
    created = times["created"] or times["updated"] or _EPOCH
    updated = times["updated"] or created
    return Note(text=text, flagged=flagged, created=created, updated=updated, **values)


def check_ids(edition: str, dataset: str, id: str) -> None:
    """Refuse what would be a programming error, before anything is read or written."""
    for name, value in (("edition", edition), ("id", id)):
        if not isinstance(value, str) or not value:
            raise ValueError(f"a note needs a non-empty {name}, got {value!r}")
    if dataset not in DATASETS:
        raise ValueError(f"unknown dataset {dataset!r}; expected one of {', '.join(DATASETS)}")
