"""The Notes tab: every note, newest first, with its item; orphaned notes are kept and shown as such.

With a team folder it lists the team's notes too, each with its author: ``t`` shows all
notes, only yours (personal and shared) or only the team's; ``S`` shares the highlighted
note of yours with the team, or takes your team note back. A teammate's note can be read,
cited and exported, never changed: only its author can.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from ...model.notes.notebook import Note
from ...model.data.records import Record
from ..messages import DeleteNote, EditNote, ExportNotes, ShareNote
from ..screens.confirm_screen import ConfirmScreen
from ..screens.note_editor import NoteTarget
from ..widgets.virtual_list import VirtualList
from ..view_state import ViewState
from .base import BriefingTab


#: The Notes tab's scopes, in the order ``t`` steps through them, and how the summary names each.
SCOPES = {"all": "all notes", "mine": "only yours", "team": "only the team's"}


@dataclass(frozen=True)
class Row:
    """One listed note: yours (``author`` None), or a team note with its author's login name."""

    note: Note
    author: str | None = None
    mine: bool = True

    @property
    def key(self) -> str:
        return self.note.key

    @property
    def ident(self) -> tuple[str, str | None]:
        return self.note.key, self.author


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
        Binding("t", "scope", "All / mine / team"),
        Binding("S", "share", "Share / take back"),
    ]

    def __init__(self, view: ViewState, *, id: str | None = None) -> None:
        super().__init__(view, id=id)
        self._notes: list[Row] = []
        #: Which notes are listed: all, only yours (personal and your team notes), only the team's.
        self.scope = "all"
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

    def _record(self, note: Note | Row) -> Record | None:
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
            rows: list[Row] = []
            if self.scope != "team":
                rows += [Row(note) for note in view.notes.values()]
            for shared_notes in view.team.values():
                rows += [Row(shared.note, shared.author, shared.mine) for shared in shared_notes
                         if self.scope != "mine" or shared.mine]
            if view.list_filter == "flagged":
                rows = [row for row in rows if row.note.flagged]
            self._notes = sorted(rows, key=lambda row: row.note.updated, reverse=True)
            listing.empty_text = {"all": "No notes yet. Press n on any item to write one, f to flag it.",
                                  "mine": "No notes of yours yet. Press n on any item to write one.",
                                  "team": "No team notes yet. S on a note of yours shares it."}[self.scope]
        current = self.current_row()
        idents = [row.ident for row in self._notes]
        cursor = idents.index(current.ident) if current is not None and current.ident in idents else 0
        listing.set_rows(len(self._notes), cursor=cursor)
        self._summary.update(Content(self._summary_text()))
        self._show_detail()

    def _summary_text(self) -> str:
        if self.view.presenter:
            # Hidden, not absent: "0 notes" would say there are none. No count either: the room sees this.
            return "Notes and flags are hidden in presenter mode · p shows them"
        orphans = sum(1 for row in self._notes if self._record(row) is None)
        flagged = sum(1 for row in self._notes if row.note.flagged)
        summary = f"{len(self._notes)} note{'' if len(self._notes) == 1 else 's'} · {flagged} flagged"
        if self.view.has_team:
            shared = sum(1 for row in self._notes if row.author is not None)
            summary += f" · {shared} team · showing {SCOPES[self.scope]} (t)"
        if self.view.list_filter == "flagged":
            summary = f"Only flagged: {summary}"
        if orphans:
            summary += f" · {orphans} orphaned (item no longer in the data)"
        return summary

    def _render_row(self, index: int, width: int) -> Text:
        row = self._notes[index]
        note = row.note
        record = self._record(note)
        marks = ("✎" if note.text else " ") + ("⚑" if note.flagged else " ")
        when = note.updated.astimezone().strftime("%Y-%m-%d %H:%M")
        title = record.title if record else f"orphaned: {note.edition}/{note.id}"
        style = "" if record else "italic"
        # Who wrote it: a team note names its author (you, if it is yours), a personal note nothing.
        author = ("team: you" if row.mine else f"team: {row.author}") if row.author is not None else ""
        return Text.assemble((marks, "bold"), " ", (when, "dim"), "  ", (author, "bold"), "  " if author else "",
                             (title, style), "  ", (excerpt(note.text), "dim"))

    def current_row(self) -> Row | None:
        listing = self._listing
        if 0 <= listing.cursor < len(self._notes):
            return self._notes[listing.cursor]
        return None

    def current_note(self) -> Note | None:
        row = self.current_row()
        return row.note if row is not None else None

    @on(VirtualList.Highlighted, "#notes-list")
    def _highlighted(self) -> None:
        self._show_detail()

    @on(VirtualList.Selected, "#notes-list")
    def _selected(self) -> None:
        self.action_open_item()

    def _show_detail(self) -> None:
        if self._closing_down():
            return
        row = self.current_row()
        body = self._body
        if row is None:
            body.update("")
            return
        note = row.note
        record = self._record(note)
        heading = record.title if record else f"Orphaned note on {note.dataset} {note.edition}/{note.id}"
        created = note.created.astimezone().strftime("%Y-%m-%d %H:%M")
        updated = note.updated.astimezone().strftime("%Y-%m-%d %H:%M")
        if row.author is None:
            whose = "your personal note" + (" (S shares it with the team)" if self.view.has_team else "") + " · "
        elif row.mine:
            whose = f"your team note, shown to the team as {row.author}'s (S takes it back) · "
        else:
            whose = f"by {row.author}, in the team folder (only {row.author} can change it) · "
        parts = [Content.styled(heading, "bold"),
                 Content.styled(f"{whose}created {created} · changed {updated}"
                                + (" · flagged" if note.flagged else ""), "$text-muted"),
                 Content(""), Content(note.text or "(flag only, no text)")]
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
        if action in ("edit", "delete", "export", "share") and not self.view.notes_editable:
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

    def _own_row(self) -> Row | None:
        """The highlighted row if it is yours to change; a teammate's row is refused with a notice."""
        row = self.current_row()
        if row is None or self.view.presenter:
            return None
        if not row.mine:
            self.notify(Content(f"This is {row.author}'s note: only {row.author} can change it. "
                                "n on the item itself writes your own."), severity="warning", timeout=5)
            return None
        return row

    def action_edit(self) -> None:
        row = self._own_row()
        if row is None:
            return
        note = row.note
        record = self._record(note)
        self.post_message(EditNote(NoteTarget.of(record) if record else NoteTarget.orphan(note),
                                   team=row.author is not None))

    def action_share(self) -> None:
        row = self._own_row()
        if row is None:
            return
        note = row.note
        record = self._record(note)
        title = record.title if record else f"{note.edition}/{note.id}"
        self.post_message(ShareNote(note.edition, note.dataset, note.id, title))

    def action_scope(self) -> None:
        order = list(SCOPES)
        self.scope = order[(order.index(self.scope) + 1) % len(order)]
        self.notify(Content(f"Notes: showing {SCOPES[self.scope]}."), timeout=2)
        self.notes_changed()

    def action_delete(self) -> None:
        row = self._own_row()
        if row is None:
            return
        note = row.note
        record = self._record(note)
        title = record.title if record else f"{note.edition}/{note.id}"
        team = row.author is not None

        def answered(yes: bool | None) -> None:
            if yes:
                self.post_message(DeleteNote(note, team=team))

        self.app.push_screen(ConfirmScreen(f"Delete the note on “{title}”? This cannot be undone.",
                                           yes="Delete", no="Keep"), answered)

    def action_export(self, flagged_only: bool) -> None:
        if self.view.presenter:
            return
        self.post_message(ExportNotes(flagged_only))
