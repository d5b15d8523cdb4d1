"""What every tab offers the main screen: the highlighted record, showing a record, and redrawing.

A tab is handed its state: the model when it is built, and a :class:`ViewState` in its
``view`` reactive whenever notes, presenter mode or the marked filter change. It asks for
navigation with messages (:class:`JumpTo`), never by calling the App.
"""

from __future__ import annotations

from textual.reactive import reactive
from textual.widget import Widget

from ...model.data.model import Model

from ...model.data.records import Record
from ..history import Place
from ..messages import JumpTo
from ..view_state import ViewState


class BriefingTab(Widget):
    """Base for a tab's content. The main screen builds a tab the first time it is opened.

    Subclasses compose their own widgets and keys, and override the three hooks below,
    so that app-wide keys (entities, notes, copy) work on whatever is highlighted.
    """

    DEFAULT_CSS = """
    BriefingTab { height: 1fr; }
    """

    #: True when the tab highlights records, so the keys on an item (e n f y) mean something here.
    HOLDS_RECORDS = True

    #: Notes, presenter mode and the marked filter, as the App last published them.
    view: reactive[ViewState] = reactive(ViewState, init=False, always_update=True)

    def __init__(self, view: ViewState, *, id: str | None = None) -> None:
        super().__init__(id=id)
        assert view.model is not None, "a tab is built on a loaded model"
        self.model: Model = view.model
        self.set_reactive(BriefingTab.view, view)

    def watch_view(self) -> None:
        if self.is_mounted:  # a tab still composing reads the view when it mounts
            self.notes_changed()

    @property
    def is_active_tab(self) -> bool:
        """True while this tab's pane is the one shown. Deferred focus must check it: focusing a widget
        in a hidden pane would leave the keys going to a tab the user has left."""
        pane = self.parent
        return pane is not None and self.is_attached and bool(pane.display)

    def jump_to(self, key: str) -> None:
        """Ask for the record ``key`` to be shown, in whichever tab lists it."""
        self.post_message(JumpTo(key))

    def current_record(self) -> Record | None:
        """The record under the cursor, for the app-wide keys; None when nothing is highlighted."""
        return None

    def show_record(self, key: str) -> bool:
        """Move the cursor to the record with ``key`` and make it visible; False if not shown here."""
        return False

    def show_filtered(self, value: str) -> None:
        """Show only what ``value`` names (see :class:`~briefing.app.messages.ShowFiltered`)."""

    def notes_changed(self) -> None:
        """The view changed (notes or flags, presenter mode, the marked filter): redraw."""

    # -- helpers for notes markers and the "only flagged / annotated" filter ----------------

    def marker(self, record: Record) -> str:
        """``"✎⚑"``-style marks for a record's note and flag; nothing in presenter mode."""
        return self.view.marker(record)

    def passes_marked_filter(self, record: Record) -> bool:
        """True when ``record`` is listed under the view's marked filter (all / annotated / flagged)."""
        return self.view.passes(record.key)

    def passes_marked_key(self, key: str) -> bool:
        """:meth:`passes_marked_filter` for the record ``key``, without the record."""
        return self.view.passes(key)

    # -- back and forward (see history.py) ---------------------------------------------------

    def place(self, tab_id: str) -> Place:
        """Where the user is in this tab: the highlighted record, every scroll offset, and focus."""
        record = self.current_record()
        scrolls = tuple((widget.id, widget.scroll_x, widget.scroll_y) for widget in self.query("*")
                        if widget.id and widget.is_scrollable)
        focused = self.screen.focused
        focused_id = focused.id if focused is not None and self in focused.ancestors else None
        return Place(tab_id, record.key if record is not None else None, scrolls, focused_id)

    def return_to(self, place: Place) -> None:
        """Put the cursor on ``place``'s row, then exactly its scroll offsets and focus."""
        def scroll() -> None:
            for widget_id, x, y in place.scrolls:
                for widget in self.query(f"#{widget_id}"):
                    widget.scroll_to(x, y, animate=False, immediate=True, force=True)
            if place.focused is not None:
                for widget in self.query(f"#{place.focused}"):
                    widget.focus()
            self.screen.refresh_bindings()

        if place.key is not None and self.is_mounted:
            self.show_record(place.key)
        self.call_after_refresh(self.call_after_refresh, scroll)  # after the cursor's own scrolling

    def focus_default(self) -> None:
        """Focus the widget a user expects to type into or move through first."""
        if not self.is_active_tab:
            return
        for widget in self.query("*"):
            if widget.focusable:
                widget.focus()
                return
