"""``n``: a multi-line note on the highlighted item, with the item shown above it.

The editor never closes on a failed save: the text stays where the user typed it, and
the message says why (a read-only config folder, a full disk, a lock held elsewhere).
"""

from __future__ import annotations

from dataclasses import dataclass

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static, TextArea

from ...model.notes.notebook import Note, Notebook, SaveResult, NotebookError
from ...model.data.records import Record
from .confirm_screen import ConfirmScreen
from .record_labels import record_date


@dataclass(frozen=True)
class NoteTarget:
    """What a note is on: a record's identity and how to show it (an orphaned note has no record)."""

    edition: str
    dataset: str
    id: str
    summary: Content

    @classmethod
    def of(cls, record: Record) -> "NoteTarget":
        return cls(record.edition, record.dataset, record.id, item_summary(record))

    @classmethod
    def orphan(cls, note: Note) -> "NoteTarget":
        summary = Content.assemble(("Orphaned note", "bold $warning"), "\n",
                                   (f"{note.dataset} {note.edition}/{note.id} is no longer in the loaded data.",
                                    "$text-muted"))
        return cls(note.edition, note.dataset, note.id, summary)


def item_summary(record: Record) -> Content:
    """The item the note is on: title, what and when, and the start of its text."""
    date = record_date(record)
    lines = [Content.styled(record.title, "bold"),
             Content.styled(f"{record.dataset} · {record.edition}/{record.id}" + (f" · {date}" if date else ""),
                            "$text-muted")]
    body = getattr(record, "text", None) or getattr(record, "summary", None) or ""
    if body:
        lines.append(Content(body[:240] + ("…" if len(body) > 240 else "")))
    return Content("\n").join(lines)


class NoteEditor(ModalScreen[SaveResult | None]):
    """Edit one note; dismisses with the save result, or None when closed without saving."""

    DEFAULT_CSS = """
    NoteEditor { align: center middle; }
    NoteEditor > Vertical { width: 90%; max-width: 100; height: 90%; border: round $accent;
                            background: $surface; padding: 0 1; }
    NoteEditor #note-item { height: auto; max-height: 7; color: $text; margin-bottom: 1; }
    NoteEditor TextArea { height: 1fr; }
    NoteEditor #note-status { height: 1; color: $text-muted; }
    NoteEditor #note-status.error { color: $error; }
    """

    BINDINGS = [
        Binding("ctrl+s", "save", "Save", priority=True),
        Binding("escape", "close", "Close", priority=True),
    ]

    def __init__(self, store: Notebook, target: "NoteTarget", note: Note | None) -> None:
        super().__init__()
        self._store = store
        self._target = target
        self._original = note.text if note else ""
        self._seen_updated = note.updated if note else None
        self._saving = False

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(self._target.summary, id="note-item", markup=False)
            yield TextArea(self._original, soft_wrap=True, show_line_numbers=False, id="note-text")
            yield Static(Content("ctrl+s saves · Esc closes"), id="note-status", markup=False)

    def on_mount(self) -> None:
        area = self.query_one(TextArea)
        area.focus()
        area.move_cursor(area.document.end)

    @property
    def text(self) -> str:
        return self.query_one(TextArea).text

    def action_save(self) -> None:
        if self._saving:
            return
        self._saving = True
        self._status("Saving…")
        self._save(self.text)

    @work(thread=True, exclusive=True, group="note-save")
    def _save(self, text: str) -> None:
        """Save off the UI thread: the lock may take a few seconds if another instance holds it."""
        target = self._target
        try:
            result = self._store.save(target.edition, target.dataset, target.id, text,
                                      seen_updated=self._seen_updated)
        except NotebookError as error:
            self.app.call_from_thread(self._failed, error.message)
        else:
            self.app.call_from_thread(self.dismiss, result)

    def _failed(self, message: str) -> None:
        from ...model.data.text import clean_text

        message = clean_text(message)[0]  # it names paths, which come from the file system
        self._saving = False
        self._status(message, error=True)
        self.app.notify(Content(message), title="Note not saved", severity="error", timeout=10)

    def _status(self, message: str, error: bool = False) -> None:
        status = self.query_one("#note-status", Static)
        status.update(Content(message))
        status.set_class(error, "error")

    def action_close(self) -> None:
        if self._saving:
            return
        if self.text == self._original:
            self.dismiss(None)
            return

        def answered(discard: bool | None) -> None:
            if discard:
                self.dismiss(None)

        self.app.push_screen(ConfirmScreen("Discard the changes to this note?", yes="Discard", no="Keep editing"),
                             answered)
