"""The app's side of notes: the store, the notes as last read, and the keys that change them.

Every change goes through the store (lock, re-read, apply, atomic write) and then the
notes are read again, so edits made in another briefing window show up here too.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
from pathlib import Path
from typing import TYPE_CHECKING

from textual.content import Content

from ..model.citation import citation_markdown, notes_markdown
from ..model.locations import config_dir
from ..model.notes_store import Note, NotesStore, SaveResult, StoreError
from ..model.records import Record
from ..model.text import clean_text

if TYPE_CHECKING:
    from .app import BriefingApp
    from .screens.note_editor import NoteTarget


def writable_path(name: str) -> Path:
    """A new file ``name`` in the working directory, or in the config folder if that is not writable."""
    for folder in (Path.cwd(), config_dir() / "exports"):
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError:
            continue
        if os.access(folder, os.W_OK):
            stem, dot, suffix = name.rpartition(".")
            candidate, number = folder / name, 2
            while candidate.exists():
                candidate = folder / f"{stem}-{number}{dot}{suffix}"
                number += 1
            return candidate
    raise OSError("neither the working directory nor the config folder is writable")


def shown_notes(notes: dict[str, Note]) -> dict[str, Note]:
    """Notes as the app shows them: control characters (pasted in, or from a hand-edited file)
    replaced by a visible placeholder, as the loader does for data, so none reaches the terminal."""
    shown = {}
    for key, note in notes.items():
        text, removed = clean_text(note.text)
        shown[key] = dataclasses.replace(note, text=text) if removed else note
    return shown


class NotesController:
    """Holds the notes of this app and carries out note actions for it."""

    #: True where notes may be read but never changed (a served app): the keys that write are off.
    read_only = False

    def __init__(self, app: "BriefingApp", store: NotesStore) -> None:
        self.app = app
        self.store = store
        self.notes: dict[str, Note] = {}

    # -- reading --------------------------------------------------------------------------

    def load(self) -> None:
        """Read the notes (at start-up); report a damaged file moved aside."""
        self.notes = shown_notes(self.store.load())
        if self.store.problem:
            self.app.notify(Content(self.store.problem), title="Notes", severity="error", timeout=15)

    def reload(self) -> None:
        """Read the notes again after a change, picking up other windows' edits too."""
        self.notes = shown_notes(self.store.load())
        self.app.notes_changed()

    def note_for(self, record: Record) -> Note | None:
        return self.notes.get(record.key)

    # -- editing ----------------------------------------------------------------------------

    def edit(self, target: NoteTarget) -> None:
        note = self.notes.get(f"{target.edition}/{target.id}")
        from .screens.note_editor import NoteEditor  # TextArea and friends: imported when first needed

        self.app.push_screen(NoteEditor(self.store, target, note), self._edited)

    def _edited(self, result: SaveResult | None) -> None:
        if result is None:
            return
        severity = "warning" if result.replaced_newer else "information"
        self.app.notify(Content(result.message), title="Note", severity=severity,
                        timeout=10 if result.replaced_newer else 3)
        self.reload()

    def toggle_flag(self, record: Record) -> None:
        note = self.notes.get(record.key)
        flagged = not (note and note.flagged)
        # Off the UI thread: the lock can take a moment when another window holds it.
        self.app.run_worker(lambda: self._set_flag(record.edition, record.dataset, record.id, flagged, record.title),
                            thread=True, group="notes")

    def _set_flag(self, edition: str, dataset: str, ident: str, flagged: bool, title: str) -> None:
        try:
            self.store.set_flag(edition, dataset, ident, flagged)
        except StoreError as error:
            self.app.call_from_thread(self.app.notify, Content(error.message), title="Flag", severity="error")
            return
        word = "Flagged" if flagged else "Unflagged"
        self.app.call_from_thread(self.app.notify, Content(f"{word}: {title}"), timeout=2)
        self.app.call_from_thread(self.reload)

    def delete(self, note: Note) -> None:
        try:
            self.store.delete(note.edition, note.dataset, note.id)
        except StoreError as error:
            self.app.notify(Content(error.message), title="Note", severity="error")
            return
        self.app.notify("Note deleted.", timeout=2)
        self.reload()

    # -- citations and export -------------------------------------------------------------

    def citation(self, record: Record) -> str:
        note = None if self.app.presenter else self.notes.get(record.key)
        return citation_markdown(record, self.app.full_model or self.app.model, note)

    def copy(self, record: Record) -> None:
        """Copy a citation by OSC 52, which reaches the local clipboard over SSH and inside tmux."""
        text = self.citation(record)
        self.app.copy_to_clipboard(text)
        lines = text.count("\n") + 1
        self.app.notify(Content(f"Copied a citation of “{record.title}” ({lines} lines, Markdown). "
                                "If your terminal ignores clipboard requests, Y writes it to a file."),
                        title="Copied", timeout=4)

    def write_citation(self, record: Record) -> None:
        text = self.citation(record)
        try:
            path = writable_path(f"briefing-{record.id}.md")
            path.write_text(text, "utf-8")
        except OSError as error:
            self.app.notify(Content(f"Could not write the citation: {error}"), severity="error")
            return
        self.app.notify(Content(f"Citation written to {path}"), title="Written", timeout=6)

    def export(self, flagged_only: bool) -> Path | None:
        """Write all notes (or the flagged ones) as Markdown, each under its item, in report order."""
        model = self.app.full_model or self.app.model
        text = notes_markdown(model, self.notes, flagged_only=flagged_only)
        stamp = dt.datetime.now().strftime("%Y-%m-%d")
        name = f"briefing-{'flagged' if flagged_only else 'notes'}-{stamp}.md"
        try:
            path = writable_path(name)
            path.write_text(text, "utf-8")
        except OSError as error:
            self.app.notify(Content(f"Could not write the notes: {error}"), severity="error")
            return None
        count = sum(1 for n in self.notes.values() if n.flagged or not flagged_only)
        self.app.notify(Content(f"{count} note{'s' if count != 1 else ''} written to {path}"), title="Exported",
                        timeout=6)
        return path
