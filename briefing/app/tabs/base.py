"""What every tab offers the app: the highlighted record, jumping to a record, and note changes."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.widget import Widget

from ...model.data.records import Model, Record

if TYPE_CHECKING:
    from ..app import BriefingApp


class BriefingTab(Widget):
    """Base for a tab's content. The app builds a tab the first time it is opened.

    Subclasses compose their own widgets and keys, and override the three hooks below,
    so that app-wide keys (entities, notes, copy) work on whatever is highlighted.
    """

    DEFAULT_CSS = """
    BriefingTab { height: 1fr; }
    """

    #: The dataset names whose records this tab shows (``news``, ``medals``, ``articles``, ``events``).
    DATASETS: tuple[str, ...] = ()

    def __init__(self, model: Model, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.model = model

    @property
    def briefing(self) -> "BriefingApp":
        return self.app  # type: ignore[return-value]

    @property
    def is_active_tab(self) -> bool:
        """True while this tab is the one shown. Deferred focus must check it: focusing a widget
        in a hidden pane would leave the keys going to a tab the user has left."""
        return self.briefing.current_tab() is self

    def current_record(self) -> Record | None:
        """The record under the cursor, for the app-wide keys; None when nothing is highlighted."""
        return None

    def show_record(self, key: str) -> bool:
        """Move the cursor to the record with ``key`` and make it visible; False if not shown here."""
        return False

    def notes_changed(self) -> None:
        """Notes or flags changed, presenter mode toggled, or the marked filter changed: redraw."""

    # -- helpers for notes markers and the "only flagged / annotated" filter ----------------

    def marker(self, record: Record) -> str:
        """Two cells: ``✎`` your note (personal or shared), ``⚑`` your flag, ``+`` teammates' notes.

        ``+`` takes whichever cell is free: ``"+ "`` only teammates wrote, ``"✎+"`` you and
        they did (under ``"✎⚑"`` the reading pane still lists theirs). Nothing in presenter
        mode, nor on an item no one has a note on.
        """
        app = self.briefing
        if app.presenter:
            return ""
        notes = app.notes_controller
        note = app.notes.get(record.key) or notes.my_team_note(record.key)
        others = bool(notes.others_on(record.key))
        if note is None:
            return "+ " if others else ""
        first = "✎" if note.text else ("+" if others else " ")
        second = "⚑" if note.flagged else ("+" if others and first == "✎" else " ")
        return first + second

    def passes_marked_filter(self, record: Record) -> bool:
        """True when ``record`` is shown under the app's marked filter (all / annotated / flagged)."""
        return self.passes_marked_key(record.key)

    def passes_marked_key(self, key: str) -> bool:
        """:meth:`passes_marked_filter` for the record ``key``, without the record."""
        app = self.briefing
        mode = app.marked_filter
        if mode == "all" or app.presenter:
            return True
        seen = [note for note in (app.notes.get(key),) if note is not None]
        seen += [shared.note for shared in app.notes_controller.team_on(key)]
        if not seen:
            return False
        return any(note.flagged for note in seen) if mode == "flagged" else True

    def focus_default(self) -> None:
        """Focus the widget a user expects to type into or move through first."""
        if not self.is_active_tab:
            return
        for widget in self.query("*"):
            if widget.focusable:
                widget.focus()
                return
