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
        """``"✎⚑"``-style marks for a record's note and flag; nothing in presenter mode."""
        app = self.briefing
        if app.presenter:
            return ""
        note = app.notes.get(record.key)
        if note is None:
            return ""
        return ("✎" if note.text else " ") + ("⚑" if note.flagged else " ")

    def passes_marked_filter(self, record: Record) -> bool:
        """True when ``record`` is shown under the app's marked filter (all / annotated / flagged)."""
        return self.passes_marked_key(record.key)

    def passes_marked_key(self, key: str) -> bool:
        """:meth:`passes_marked_filter` for the record ``key``, without the record."""
        app = self.briefing
        mode = app.marked_filter
        if mode == "all" or app.presenter:
            return True
        note = app.notes.get(key)
        if note is None:
            return False
        return note.flagged if mode == "flagged" else True

    def focus_default(self) -> None:
        """Focus the widget a user expects to type into or move through first."""
        if not self.is_active_tab:
            return
        for widget in self.query("*"):
            if widget.focusable:
                widget.focus()
                return
