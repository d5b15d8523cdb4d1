"""The analyst's notes and flags: reading them, and saving, deleting and flagging one note at a time.

:class:`Notebook` is your personal notes file, ``annotations.toml`` in the config dir (its
format is :mod:`.note_file`). Every change locks the file, re-reads it, applies only that
one change to what it read, and writes it atomically (:mod:`.notes_file_keeper`): two
windows editing different notes both keep their edits; when both edit the same note, the
later save wins and says so (:attr:`SaveResult.replaced_newer`).

Imports neither textual nor rich.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..locations import config_dir
from . import notes_file_keeper
# Note, NotebookError, DATASETS and FORMAT_VERSION are offered here too: the notebook is where callers look for them.
from .note_file import (DATASETS, FORMAT_VERSION, BadFile, NewerFormat, Note, NotesDoc, OldFormat,  # noqa: F401
                        check_ids, parse, tables_in, utc)
from .notes_file_keeper import NotebookError, NotesFileKeeper

#: The notes file's name in the config dir.
NOTES_FILE = "annotations.toml"

# What the user is told did not happen, per operation; ends every NotebookError message.
_NOT_SAVED = "your note was not saved and is still in the editor"
_NOT_DELETED = "the note was not deleted"
_NOT_FLAGGED = "the flag was not changed"


@dataclass
class SaveResult:
    """What :meth:`Notebook.save` did.

    ``note`` is the note as saved (None when an empty, unflagged note was removed).
    ``replaced_newer`` is True when another instance had changed the note's text since
    the editor opened it and this save replaced that text; ``replaced`` then holds the
    note as it was, so nothing is lost without a way back. ``message`` is a sentence
    for the user.
    """

    note: Note | None
    replaced_newer: bool = False
    message: str = "Saved."
    replaced: Note | None = None


class Notebook(NotesFileKeeper):
    """The notes file in ``directory``, read and changed safely by any number of briefing instances.

    After :meth:`load`, ``moved_aside`` is where a damaged file was moved (or None) and
    ``problem`` is a sentence about anything that kept notes from being shown (or None).
    """

    def __init__(self, directory: Path, lock_timeout: float = 3.0, *, file_name: str = NOTES_FILE) -> None:
        super().__init__(directory, lock_timeout, file_name)

    @classmethod
    def default(cls) -> "Notebook":
        """The store in the user's config dir (``BRIEFING_CONFIG_DIR`` overrides it)."""
        return cls(config_dir())

    # -- reading ------------------------------------------------------------------------

    def load(self) -> dict[str, Note]:
        """Every note, keyed by ``Note.key``, for the app or a command that will write.

        A missing file gives ``{}``. A damaged file is moved aside (``moved_aside`` says
        where, ``problem`` says why) and ``{}`` returned; it is never overwritten, and no
        empty file is put in its place. A file that cannot be read at all, or that a newer
        briefing wrote, is left alone and reported in ``problem``. Never raises for the
        file's state.
        """
        self.moved_aside = None
        current = self._read_current(unreadable="notes are not shown and nothing was changed",
                                     newer="notes are not shown and the file was left as it is")
        if not isinstance(current, BadFile):
            return current
        # Move it aside under the lock, re-reading first: another instance may have
        # replaced the file since we read it, and a good file must never be moved.
        try:
            with self._locked("the damaged file was left where it is"):
                doc = self._read_for_update("the damaged file was left where it is")
        except NotebookError as error:
            self.problem = f"The notes file {self.path} is damaged and could not be moved aside. {error.message}"
            return {}
        if doc.moved_aside is not None:
            self.problem = self._moved_sentence(doc)
        return doc.as_dict()

    def read_quietly(self) -> dict[str, Note]:
        """Every note, for read-only commands: like :meth:`load`, but a damaged file is only reported.

        Nothing is moved, locked or written; ``problem`` says what was wrong, if anything.
        """
        current = self._read_current(unreadable="notes are not shown", newer="notes are not shown")
        if not isinstance(current, BadFile):
            return current
        self.problem = (
            f"The notes file {self.path} is damaged ({current.reason}); notes are not shown. "
            "Open briefing to move it aside and start a new one."
        )
        return {}

    def _read_current(self, *, unreadable: str, newer: str) -> dict[str, Note] | BadFile:
        """The notes the file holds now, or why it is damaged; sets ``problem`` for the other failures.

        A missing file gives ``{}``; so do a file that cannot be read and one a newer briefing
        wrote, with ``problem`` ending in ``unreadable`` or ``newer`` (what was done about it).
        """
        self.problem = None
        try:
            data = self._read_bytes()
        except OSError as error:
            self.problem = self._unreadable(error, unreadable)
            return {}
        if data is None:
            return {}
        try:
            return parse(data).as_dict()
        except NewerFormat as error:
            self.problem = self._newer(error, newer)
            return {}
        except OldFormat as error:
            self.problem = self._older(error, newer)
            return {}
        except BadFile as error:
            return error

    # -- changing -----------------------------------------------------------------------

    def save(
        self,
        edition: str,
        dataset: str,
        id: str,
        text: str,
        *,
        seen_updated: dt.datetime | None = None,
    ) -> SaveResult:
        """Create or update the text of one note; the flag is kept as it is on disk.

        ``seen_updated`` is the note's ``updated`` when the editor opened it (None for a
        new note). If the text on disk changed since then, this save still wins, and the
        result says so and holds the text it replaced. Saving empty text on an unflagged
        note removes the note. Raises :class:`NotebookError` (the file untouched) when the
        note cannot be saved; the caller keeps the text.
        """
        check_ids(edition, dataset, id)
        if not isinstance(text, str):
            raise TypeError(f"note text must be a string, got {type(text).__name__}")
        key = f"{edition}/{id}"
        seen = utc(seen_updated) if seen_updated is not None else None
        with self._locked(_NOT_SAVED):
            doc = self._read_for_update(_NOT_SAVED)
            index = doc.find(key)
            existing = doc.notes[index] if index is not None else None
            # Someone else's text is replaced only if it changed after the editor opened and
            # differs from ours; an empty text (a bare flag) loses nothing.
            replaced = (
                existing is not None
                and existing.updated != seen
                and existing.text not in ("", text)
            )
            now = self._now(existing)
            note: Note | None
            if existing is not None and existing.text == text and existing.dataset == dataset:
                note = existing  # nothing changed; do not rewrite the file for it
                changed = doc.moved_aside is not None
            elif text == "" and not (existing is not None and existing.flagged):
                note = None
                changed = existing is not None or doc.moved_aside is not None
                if index is not None:
                    doc.remove(index)
            else:
                note = Note(
                    edition=edition,
                    dataset=dataset,
                    id=id,
                    text=text,
                    flagged=existing.flagged if existing is not None else False,
                    created=existing.created if existing is not None else now,
                    updated=now,
                )
                doc.put(index, note)
                changed = True
            if changed:
                self._write(doc, _NOT_SAVED)
        if replaced:
            assert existing is not None
            when = existing.updated.astimezone().strftime("%H:%M")
            verb = "replaced" if note is not None else "removed"
            message = f"This note had also been edited in another window at {when}; your edit {verb} it."
        elif note is None:
            message = "Note removed (it was empty)." if existing is not None else "Nothing to save."
        else:
            message = "Saved."
        if doc.moved_aside is not None:
            message += " " + self._moved_sentence(doc)
        return SaveResult(note=note, replaced_newer=replaced, message=message,
                          replaced=existing if replaced else None)

    def delete(self, edition: str, dataset: str, id: str) -> None:
        """Remove the note on one record (text and flag). Raises :class:`NotebookError` if it cannot."""
        check_ids(edition, dataset, id)
        with self._locked(_NOT_DELETED):
            doc = self._read_for_update(_NOT_DELETED)
            index = doc.find(f"{edition}/{id}")
            if index is not None:
                doc.remove(index)
            if index is not None or doc.moved_aside is not None:
                self._write(doc, _NOT_DELETED)

    def set_flag(self, edition: str, dataset: str, id: str, flagged: bool) -> Note | None:
        """Flag or unflag one record; return its note, or None when no note remains.

        Flagging a record without a note creates one with empty text; unflagging a note
        whose text is empty removes it. Raises :class:`NotebookError` if it cannot.
        """
        check_ids(edition, dataset, id)
        flagged = bool(flagged)
        with self._locked(_NOT_FLAGGED):
            doc = self._read_for_update(_NOT_FLAGGED)
            index = doc.find(f"{edition}/{id}")
            existing = doc.notes[index] if index is not None else None
            changed = doc.moved_aside is not None
            result: Note | None
            if existing is None:
                if flagged:
                    now = self._now(None)
                    result = Note(edition, dataset, id, "", True, now, now)
                    doc.put(None, result)
                    changed = True
                else:
                    result = None
            elif existing.flagged == flagged:
                result = existing
            elif not flagged and existing.text == "":
                doc.remove(index)  # type: ignore[arg-type]
                result = None
                changed = True
            else:
                result = dataclasses.replace(existing, flagged=flagged)
                doc.put(index, result)
                changed = True
            if changed:
                self._write(doc, _NOT_FLAGGED)
        return result

    # -- other tables kept in the notes file ------------------------------------------------

    def read_table(self, name: str) -> list[dict[str, Any]]:
        """The top-level array of tables ``name`` (not ``notes``) as the file holds it now; read-only.

        Other parts of briefing keep their records in the notes file beside the notes (the
        follow-ups' outcomes), so that they are locked, re-read and written as notes are. A
        missing file gives ``[]``; so does a damaged one, with ``problem`` saying why.
        """
        self.problem = None
        try:
            data = self._read_bytes()
            doc = parse(data) if data is not None else NotesDoc.empty()
        except OSError as error:
            self.problem = self._unreadable(error, "nothing in it is shown")
            return []
        except NewerFormat as error:
            self.problem = self._newer(error, "nothing in it is shown")
            return []
        except (BadFile, OldFormat) as error:
            self.problem = f"The notes file {self.path} is damaged ({error.reason}); nothing in it is shown."
            return []
        return tables_in(doc, name)

    def change_table(self, name: str, change: "Callable[[list[dict[str, Any]]], bool]", consequence: str) -> None:
        """Change the top-level array of tables ``name`` as a note is changed: lock, re-read, write atomically.

        ``change`` is handed the tables as read under the lock and changes the list in place,
        returning True when it changed it. ``consequence`` ends the message of the
        :class:`NotebookError` raised when it cannot be written (the file then untouched).
        """
        if name in ("version", "notes"):
            raise ValueError(f"{name!r} is the notes file's own")
        with self._locked(consequence):
            doc = self._read_for_update(consequence)
            raw = doc.top.get(name, [])
            if not isinstance(raw, list) or not all(isinstance(table, dict) for table in raw):
                raise NotebookError(f"`{name}` in the notes file {self.path} is not a list of tables; {consequence}, "
                                    "so as not to damage the file.")
            tables = [dict(table) for table in raw]
            if change(tables) or doc.moved_aside is not None:
                doc.top = {**doc.top, name: tables}
                self._write(doc, consequence)


    @staticmethod
    def _now(existing: Note | None) -> dt.datetime:
        """The current UTC time, after ``existing.updated`` so that every text change is seen as one."""
        now = notes_file_keeper.now_utc()
        if existing is not None and now <= existing.updated:
            now = existing.updated + dt.timedelta(microseconds=1)
        return now
