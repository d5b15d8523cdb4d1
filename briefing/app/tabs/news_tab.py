"""The News tab: every paragraph of the report, grouped by section, with a reading pane (newsboat-style).

The list is a :class:`VirtualList`: the tab builds one flat row list per model in a
single O(n) pass (header rows and item indexes) and renders rows only as they scroll
into view, so an edition of 100,000 items opens as fast as one of 17. Rows are grouped
by edition (when several are loaded, newest first), then by the report's part ("News
Update") and heading ("Record-Breaking Space Walk Achieved"); headers cannot take the
cursor.

Keys follow newsboat where the app leaves them free (``n``, ``e``, ``f``, ``y``, ``q``
and the digits belong to the app): j/k or ↑/↓ move, Enter or ``o`` opens the reading
pane, Space pages through it and moves on to the next item at the end, ``J``/``K``
read the next/previous item, ``]``/``[`` jump between sections, ``t`` opens a linked
timeline event, ``v`` flips the layout.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right

from rich.style import Style
from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Container
from textual.content import Content

from ...model.data.records import Event, NewsItem, Record
from ..widgets.reading_pane import ReadingPane
from ..widgets.virtual_list import VirtualList
from ..view_state import ViewState
from .base import BriefingTab
from .news_rows import EDITION, PART, build_rows

#: At this width and wider the list and the reading pane sit side by side.
SIDE_BY_SIDE_WIDTH = 110


def _list_date(item: NewsItem) -> str:
    """The date column: the item's own date (``own_date``: never a date it mentions in passing)."""
    first = item.own_date
    return first.display() if first is not None else "no date"


class NewsTab(BriefingTab):
    """News items grouped by section on top (or left), the highlighted one in a reading pane."""

    DATASETS = ("news",)

    DEFAULT_CSS = """
    NewsTab #news-body { layout: vertical; height: 1fr; }
    /* 3:2, so 80x24 lists 13 rows and the pane still shows 8 lines of the item. */
    NewsTab #news-list { height: 3fr; min-height: 3; }
    NewsTab ReadingPane { height: 2fr; border-top: solid $panel-lighten-2; border-title-color: $text-muted; }
    NewsTab ReadingPane:focus { border-top: solid $accent; border-title-color: $text; }
    NewsTab.-side #news-body { layout: horizontal; }
    NewsTab.-side #news-list { height: 1fr; width: 50%; }
    NewsTab.-side ReadingPane { width: 1fr; border-left: solid $panel-lighten-2; }
    NewsTab.-side ReadingPane:focus { border-left: solid $accent; }
    """

    BINDINGS = [
        Binding("o", "open", "Read"),
        Binding("space", "read_on", "Page"),
        Binding("t", "timeline", "Timeline"),
        Binding("J", "next_item", "Next item", show=False),
        Binding("K", "previous_item", "Previous item", show=False),
        Binding("right_square_bracket", "next_section", "Next section", show=False),
        Binding("left_square_bracket", "previous_section", "Previous section", show=False),
        Binding("v", "toggle_layout", "Side by side / stacked", show=False),
        Binding("slash", "find", "Find in item (then n/N)", key_display="/", show=False),  # the footer is full at 80 columns
    ]

    def __init__(self, view: ViewState, *, id: str | None = None) -> None:
        super().__init__(view, id=id)
        model = self.model
        #: Every item; ``_rows`` is this, or a filtered copy under the app's "only flagged / annotated".
        self._all_rows = build_rows(model)
        self._rows = self._all_rows
        self._filter = "all"
        #: Items a later edition carries on, left out of the list (one list across editions).
        self._hidden: frozenset[str] = frozenset()
        #: None follows the width; "side" or "stacked" after ``v``.
        self._layout: str | None = None
        self._pending_key: str | None = None
        #: Set once on_mount has filled the list: before that the hooks only remember what was asked.
        self._filled = False
        self._scroll_home = False

    def compose(self) -> ComposeResult:
        with Container(id="news-body"):
            yield VirtualList(self._render_row, id="news-list", empty_text="No news items in this edition.")
            yield ReadingPane(id="news-reading", empty_text="Highlight an item to read it here.")

    def on_mount(self) -> None:
        self._apply_layout()
        self._refilter(keep_key=None)
        self._filled = True
        if self._pending_key is not None:
            key, self._pending_key = self._pending_key, None
            # After the first layout, so that centring knows the list's height.
            self.call_after_refresh(self._show_pending, key)
        else:
            # set_rows ran before layout (height 0) and scrolled the first item to the top,
            # hiding the headers above it; once the list has a height, show it from its first row.
            self._scroll_home = True
            self._settle_scroll()

    def _show_pending(self, key: str) -> None:
        if not self.show_record(key):  # the marked filter, applied since, hides it
            self.notify("That item is hidden by the current filter.", severity="warning")

    @property
    def _list(self) -> VirtualList:
        return self.query_one("#news-list", VirtualList)

    @property
    def _pane(self) -> ReadingPane:
        return self.query_one("#news-reading", ReadingPane)

    # -- rows ------------------------------------------------------------------------------

    def _filter_mode(self) -> str:
        """The view's list filter ("all", "annotated", "flagged")."""
        return self.view.list_filter

    def _refilter(self, keep_key: str | None) -> None:
        """Apply the marked filter: rebuild the rows (O(n)) and keep the cursor on ``keep_key`` if shown."""
        mode = self._filter = self._filter_mode()
        hidden = self._hidden = self.view.carried_on_keys
        if mode == "all" and not hidden:
            rows = self._all_rows
        else:
            rows = build_rows(self.model, keep=lambda key: key not in hidden and self.passes_marked_key(key))
        self._rows = rows
        lst = self._list
        lst.empty_text = self.view.empty_hint("news items", "No news items in this edition.")
        row = rows.row_of(keep_key) if keep_key is not None else None
        lst.set_rows(len(rows.rows), selectable=lambda index: rows.rows[index] >= 0, cursor=row or 0)
        if row is not None:
            lst.move_to(row, center=True)
        if not rows.rows:
            self._show_current()  # no Highlighted message comes for an empty list

    def _render_row(self, row: int, width: int) -> Text:
        rows = self._rows
        value = rows.rows[row]
        if value < 0:
            level, title = rows.headers[-value - 1]
            header = self._list.get_component_rich_style("virtual-list--header", partial=True)
            if level == EDITION:
                return Text(title, style=header + Style(reverse=True))
            if level == PART:
                return Text(title, style=header)
            return Text.assemble(" ", (title, Style(bold=True)))
        item = rows.items[value]
        marks = self.marker(item) or "  "
        date = _list_date(item)
        marker = self._list.get_component_rich_style("virtual-list--marker", partial=True)
        dim = self._list.get_component_rich_style("virtual-list--dim", partial=True)
        edition = self.view.edition_mark(item)
        return Text.assemble(" ", (marks, marker), " ", (date.ljust(rows.date_width), dim), "  ",
                             (f"{edition:<6} " if edition else "", dim), item.headline)

    def _events_for(self, item: NewsItem) -> list[Event]:
        """Events whose source is ``item``, chronological."""
        return self.model.events_from(item.key)

    def _ready(self) -> bool:
        """True once the list is filled (the app may call the hooks before compose or on_mount has run)."""
        return self._filled

    def _current_item(self) -> NewsItem | None:
        return self._rows.item_at(self._list.cursor) if self._ready() else None

    # -- reading pane ------------------------------------------------------------------------

    @on(VirtualList.Highlighted, "#news-list")
    def _highlighted(self, event: VirtualList.Highlighted) -> None:
        self._reveal_headers()
        self._show_current()

    def _reveal_headers(self) -> None:
        """On a section's first item, scroll up to show its headers too (the list only keeps the cursor
        in view, so ``g``, ``k`` and ``[`` would otherwise leave the section's title just off the top)."""
        lst = self._list
        rows = self._rows.rows
        cursor = first = lst.cursor
        while first > 0 and rows[first - 1] < 0 and cursor - first < 3:
            first -= 1
        if first < lst.scroll_offset.y <= cursor and cursor - first < lst.size.height:
            lst.scroll_to(y=first, animate=False, force=True, immediate=True)

    def _show_current(self, keep_scroll: bool = False) -> None:
        item = self._current_item()
        pane = self._pane
        if item is None:
            pane.clear()
            pane.border_title = None
            return
        note = self.view.reading_note(item.key)
        events = self._events_for(item)
        hint = ""
        if events:
            hint = "t opens it in the Timeline" if len(events) == 1 else "t chooses one to open in the Timeline"
        pane.show(item, self.model, note=note, events=events, hint=hint, keep_scroll=keep_scroll,
                  team=self.view.team_on(item.key))
        position = self._rows.rows[self._list.cursor] + 1
        editions = self.view.editions_short(item)
        pane.border_title = Content(f"{position:,} of {len(self._rows.items):,}" + (f" · {editions}" if editions else ""))

    @on(VirtualList.Selected, "#news-list")
    def _selected(self, event: VirtualList.Selected) -> None:
        self.action_open()

    def action_find(self) -> None:
        """``/`` from the list: find in the highlighted item's reading pane."""
        if self._current_item() is None:
            self.notify("Highlight an item first.")
            return
        self._pane.action_find()

    @on(ReadingPane.Leave, "#news-reading")
    def _leave(self, event: ReadingPane.Leave) -> None:
        self._list.focus()

    # -- BriefingTab hooks -----------------------------------------------------------------

    def current_record(self) -> Record | None:
        return self._current_item()

    def show_record(self, key: str) -> bool:
        if key in self.view.carried_on_keys:  # an earlier version: listed as its latest
            key = self.view.versions_after(key)[-1]
        row = self._rows.row_of(key)
        if row is None:
            return False
        if not self._ready():
            self._pending_key = key
            return True
        self._list.move_to(row, center=True)
        self._show_current()
        return True

    def notes_changed(self) -> None:
        if not self._ready():
            return
        if self._filter != "all" or self._filter_mode() != "all" or self._hidden != self.view.carried_on_keys:
            # Under a filter a new flag or note changes which items are listed, not just their marks.
            current = self._current_item()
            self._refilter(keep_key=current.key if current is not None else None)
        self._list.refresh_rows()
        self._show_current(keep_scroll=True)

    def focus_default(self) -> None:
        if not self.is_active_tab:
            return
        if self._ready():
            self._list.focus()
        elif self.is_attached:  # not composed yet: try again after the next refresh
            self.call_after_refresh(self.focus_default)

    # -- keys ------------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # "Read" means nothing while reading; hiding it leaves the footer to the pane's "Back to list".
        if action == "open" and self._ready() and self._pane.has_focus:
            return False
        return True

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        self.refresh_bindings()

    def action_open(self) -> None:
        if self._current_item() is not None:
            self._pane.focus()

    def action_read_on(self) -> None:
        """Page down in the reading pane; at its end, go on to the next item (like mutt and slrn)."""
        if not self._pane.page_down_or_end():
            self.action_next_item()

    def action_next_item(self) -> None:
        self._list.action_cursor_down()

    def action_previous_item(self) -> None:
        self._list.action_cursor_up()

    def action_next_section(self) -> None:
        starts = self._rows.starts
        index = bisect_right(starts, self._list.cursor)
        if index < len(starts):
            self._list.move_to(starts[index], center=False)

    def action_previous_section(self) -> None:
        """To the start of this section, or of the previous one when already there (like vim's ``[[``)."""
        starts = self._rows.starts
        index = bisect_left(starts, self._list.cursor) - 1
        if index >= 0:
            self._list.move_to(starts[index], center=False)

    def action_timeline(self) -> None:
        item = self._current_item()
        if item is None:
            return
        linked = self._events_for(item)
        if not linked:
            self.notify("No timeline event comes from this item.")
        elif len(linked) == 1:
            self.jump_to(linked[0].key)
        else:
            from ..screens.event_picker import EventPicker

            self.app.push_screen(EventPicker(item, linked), self._event_chosen)

    def _event_chosen(self, key: str | None) -> None:
        if key:
            self.jump_to(key)

    def action_toggle_layout(self) -> None:
        side = self.has_class("-side")
        self._layout = "stacked" if side else "side"
        self._apply_layout()

    # -- layout ------------------------------------------------------------------------------

    def on_resize(self, event: events.Resize) -> None:
        self._apply_layout()
        if self._ready():
            self.call_after_refresh(self._settle_scroll)  # after the list has its new size

    def _settle_scroll(self, attempts: int = 20) -> None:
        """Once the list has been laid out, scroll it home (first fill) or to the cursor (a resize can
        leave the cursor below the last row); scrolling a list of height 0 would put the cursor on top."""
        lst = self._list
        if lst.size.height == 0:
            if attempts > 0 and self.is_attached:
                self.call_after_refresh(self._settle_scroll, attempts - 1)
            return
        if self._scroll_home:
            self._scroll_home = False
            lst.scroll_to(y=0, animate=False, force=True, immediate=True)
        top = lst.scroll_offset.y
        if not top <= lst.cursor < top + lst.size.height:
            lst.scroll_to_cursor()

    def _apply_layout(self) -> None:
        side = self.size.width >= SIDE_BY_SIDE_WIDTH if self._layout is None else self._layout == "side"
        self.set_class(side, "-side")
