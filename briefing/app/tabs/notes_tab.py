"""The Notes tab: every note, newest first, with its item; orphaned notes are kept and shown as such."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from ...model.notes.notebook import Note
from ...model.data.records import Record
from ..messages import DeleteNote, EditNote, ExportNotes
from ..screens.confirm_screen import ConfirmScreen
from ..screens.note_editor import NoteTarget
from ..widgets.virtual_list import VirtualList
from ..view_state import ViewState
from .base import BriefingTab


def excerpt(text: str, limit: int = 80) -> str:
    """The first line of a note, shortened."""
    line = " ".join(text.split())
    return line if len(line) <= limit else line[: limit - 1] + "…"


class NotesTab(BriefingTab):
    """A list of notes and a pane with the highlighted one in full."""

    DEFAULT_CSS = """
    NotesTab #notes-list { height: 1fr; }
    NotesTab #notes-detail { height: 2fr; border-top: solid $panel; padding: 0 1; }
    NotesTab #notes-summary { height: 1; color: $text-muted; padding: 0 1; }
    """

    BINDINGS = [
        Binding("enter", "open_item", "Go to item"),
        Binding("n", "edit", "Edit"),
        Binding("d,delete", "delete", "Delete"),
        Binding("w", "export(False)", "Export all"),
        Binding("W", "export(True)", "Export flagged"),
    ]

    def __init__(self, view: ViewState, *, id: str | None = None) -> None:
        super().__init__(view, id=id)
        self._notes: list[Note] = []
        # Held rather than queried: quitting just after the tab opens tears the children down
        # while its mount and notes handlers may still run (a query then raised NoMatches).
        self._summary = Static(id="notes-summary", markup=False)
        self._listing = VirtualList(self._render_row, id="notes-list",
                                    empty_text="No notes yet. Press n on any item to write one, f to flag it.")
        self._body = Static(id="notes-body", markup=False)

    def compose(self) -> ComposeResult:
        yield self._summary
        yield self._listing
        with VerticalScroll(id="notes-detail"):
            yield self._body

    def on_mount(self) -> None:
        self.notes_changed()

    def _closing_down(self) -> bool:
        """True once the tab (or the app) is being taken down: nothing is left to redraw."""
        return not self.is_attached or self._closing or self.app._exit

    # -- rows --------------------------------------------------------------------------------

    def _record(self, note: Note) -> Record | None:
        full = self.view.records or self.model
        return full.get(note.key)

    def notes_changed(self) -> None:
        if self._closing_down():
            return
        view = self.view
        listing = self._listing
        if view.presenter:
            self._notes = []
            listing.empty_text = "Notes are hidden in presenter mode (p shows them again)."
        else:
            notes = view.notes.values()
            if view.list_filter == "flagged":
                notes = [n for n in notes if n.flagged]
            self._notes = sorted(notes, key=lambda n: n.updated, reverse=True)
            listing.empty_text = "No notes yet. Press n on any item to write one, f to flag it."
        current = self.current_note()
        cursor = self._notes.index(current) if current in self._notes else 0
        listing.set_rows(len(self._notes), cursor=cursor)
        self._summary.update(Content(self._summary_text()))
        self._show_detail()

    def _summary_text(self) -> str:
        if self.view.presenter:
            # Hidden, not absent: "0 notes" would say there are none. No count either: the room sees this.
            return "Notes and flags are hidden in presenter mode · p shows them"
        orphans = sum(1 for n in self._notes if self._record(n) is None)
        flagged = sum(1 for n in self._notes if n.flagged)
        summary = f"{len(self._notes)} note{'' if len(self._notes) == 1 else 's'} · {flagged} flagged"
        if self.view.list_filter == "flagged":
            summary = f"Only flagged: {summary}"
        if orphans:
            summary += f" · {orphans} orphaned (item no longer in the data)"
        return summary

    def _render_row(self, index: int, width: int) -> Text:
        note = self._notes[index]
        record = self._record(note)
        marks = ("✎" if note.text else " ") + ("⚑" if note.flagged else " ")
        when = note.updated.astimezone().strftime("%Y-%m-%d %H:%M")
        title = record.title if record else f"orphaned: {note.edition}/{note.id}"
        style = "" if record else "italic"
        return Text.assemble((marks, "bold"), " ", (when, "dim"), "  ", (title, style), "  ",
                             (excerpt(note.text), "dim"))

    def current_note(self) -> Note | None:
        listing = self._listing
        if 0 <= listing.cursor < len(self._notes):
            return self._notes[listing.cursor]
        return None

    @on(VirtualList.Highlighted, "#notes-list")
    def _highlighted(self) -> None:
        self._show_detail()

    @on(VirtualList.Selected, "#notes-list")
    def _selected(self) -> None:
        self.action_open_item()

    def _show_detail(self) -> None:
        if self._closing_down():
            return
        note = self.current_note()
        body = self._body
        if note is None:
            body.update("")
            return
        record = self._record(note)
        heading = record.title if record else f"Orphaned note on {note.dataset} {note.edition}/{note.id}"
        created = note.created.astimezone().strftime("%Y-%m-%d %H:%M")
        updated = note.updated.astimezone().strftime("%Y-%m-%d %H:%M")
        parts = [Content.styled(heading, "bold"),
                 Content.styled(f"created {created} · changed {updated}" + (" · flagged" if note.flagged else ""),
                                "$text-muted"), Content(""), Content(note.text or "(flag only, no text)")]
        if record is None:
            parts.append(Content.styled("\nThe item is no longer in the loaded data; the note is kept.",
                                        "$warning"))
        body.update(Content("\n").join(parts))

    # -- BriefingTab hooks --------------------------------------------------------------------

    def current_record(self) -> Record | None:
        note = self.current_note()
        return self._record(note) if note else None

    def show_record(self, key: str) -> bool:
        for index, note in enumerate(self._notes):
            if note.key == key:
                self.query_one("#notes-list", VirtualList).move_to(index)
                return True
        return False

    def focus_default(self) -> None:
        if self.is_active_tab:
            for listing in self.query("#notes-list"):
                listing.focus()

    # -- keys ----------------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # In presenter mode, and for notes served read-only (briefing serve), the keys that would
        # show or write notes are off, and hidden from the footer too.
        if action in ("edit", "delete", "export") and not self.view.notes_editable:
            return False
        return True


    def action_open_item(self) -> None:
        note = self.current_note()
        if note is None:
            return
        if self._record(note) is None:
            self.notify("That item is no longer in the data; the note is kept here.", severity="warning")
            return
        self.jump_to(note.key)

    def action_edit(self) -> None:
        note = self.current_note()
        if note is None or self.view.presenter:
            return
        record = self._record(note)
        self.post_message(EditNote(NoteTarget.of(record) if record else NoteTarget.orphan(note)))

    def action_delete(self) -> None:
        note = self.current_note()
        if note is None or self.view.presenter:
            return
        record = self._record(note)
        title = record.title if record else f"{note.edition}/{note.id}"

        def answered(yes: bool | None) -> None:
            if yes:
                self.post_message(DeleteNote(note))

        self.app.push_screen(ConfirmScreen(f"Delete the note on “{title}”? This cannot be undone.",
                                           yes="Delete", no="Keep"), answered)

    def action_export(self, flagged_only: bool) -> None:
        if self.view.presenter:
            return
        self.post_message(ExportNotes(flagged_only))
