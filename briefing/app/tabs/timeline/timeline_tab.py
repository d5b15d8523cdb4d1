"""The Timeline tab: every event in date order, search as you type, filters, and a reading pane.

Per keystroke the tab's :class:`TimelineListing` computes a list of positions into the
chronological events tuple and the tab hands the :class:`VirtualList` a row count; rows are
rendered only when they scroll into view. No widget is built or removed while typing, so a
keystroke costs about the same at 100,000 events as at 100.
"""

from __future__ import annotations

import gc
from typing import Sequence

from rich.style import Style
from rich.text import Text
from textual import on, work
from textual.worker import get_current_worker
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Container
from textual.events import Resize

from ....model.data.records import Event
from ....model.query.timeline_filter import TimelineFilter
from ....model.search.reading import NameLookup, name_lookup, read_query
from ....model.store.matching import SearchIndex
from ...view_state import ViewState
from ...widgets.filter_bar import FilterBar
from ...widgets.month_strip import MonthStrip
from ...widgets.timeline_rows import event_row, year_row
from ...widgets.timeline_search_bar import SearchInput, TimelineSearchBar
from ...widgets.virtual_list import VirtualList
from ..base import BriefingTab
from .listing import TimelineListing
from .timeline_detail import TimelineDetail
from .timeline_strip import TimelineStrip

#: Above this many events the search index is built in a thread (about 0.3 s at 100,000).
INDEX_IN_THREAD_OVER = 5_000
#: From this width the list and the reading pane sit side by side.
WIDE = 120

_MONTH = Binding.Group("Month")


class TimelineTab(BriefingTab):
    """Chronological events with year headings; ``/`` searches, ``c``/``d``/``s`` filter, ``x`` clears."""

    DATASETS = ("events",)

    DEFAULT_CSS = """
    TimelineTab #timeline-body { height: 1fr; layout: vertical; }
    TimelineTab #timeline-list { height: 3fr; }
    /* $secondary is dark blue on the dark themes' surface; the text variant is readable on every theme. */
    TimelineTab #timeline-list > .virtual-list--planned { color: $text-secondary; }
    TimelineTab #timeline-detail { height: 2fr; }
    TimelineTab.-wide #timeline-body { layout: horizontal; }
    TimelineTab.-wide #timeline-list { height: 1fr; width: 11fr; }
    TimelineTab.-wide #timeline-detail { height: 1fr; width: 9fr; }
    /* On a short terminal the strip takes its rows from the reading pane, not the list. */
    TimelineTab.-short #timeline-list { min-height: 12; }
    """

    BINDINGS = [
        Binding("slash", "search", "Search", key_display="/"),
        Binding("c", "category", "Category"),
        Binding("d", "dates", "Dates"),
        # Not "p": the app binds p to presenter mode, which must work on every tab.
        Binding("s", "status", "Status"),
        Binding("x", "clear", "Clear"),
        Binding("m", "months", "Months", show=False),
        Binding("right_square_bracket", "month(1)", "Next month", key_display="]", group=_MONTH),
        Binding("left_square_bracket", "month(-1)", "Previous month", key_display="[", group=_MONTH),
        Binding("right_curly_bracket", "year(1)", "Next year", key_display="}", show=False),
        Binding("left_curly_bracket", "year(-1)", "Previous year", key_display="{", show=False),
        Binding("escape", "escape", "Clear search and filters", show=False),
    ]

    def __init__(self, view: ViewState, *, id: str | None = None) -> None:
        super().__init__(view, id=id)
        gc.freeze()  # as _index_ready: what the app made since loading is skipped by full passes while this is built
        self.events: Sequence[Event] = self.model.events
        #: What is listed: the search, the filters and the rows they leave.
        self.listing = TimelineListing(self.events)
        self._names: NameLookup | None = None
        self._pending_key: str | None = None
        #: (latest key, earlier Event): the detail shows that earlier version while the cursor is on the latest.
        self._earlier_version: tuple[str, Event] | None = None
        self._mounted = False
        self._list: VirtualList | None = None

    # -- layout ------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield TimelineSearchBar(on_change=self._query_changed, id="timeline-searchbar")
        yield FilterBar(id="timeline-filters")
        yield TimelineStrip(self.model, self.listing, id="timeline-strip")
        with Container(id="timeline-body"):
            yield VirtualList(self._render_row, empty_text="No events in the loaded data.", id="timeline-list")
            yield TimelineDetail(self.model, id="timeline-detail")

    @property
    def list(self) -> VirtualList:
        # Cached: rows ask for the list's styles on every render.
        if self._list is None:
            self._list = self.query_one("#timeline-list", VirtualList)
        return self._list

    @property
    def search_input(self) -> SearchInput:
        return self.query_one("#timeline-search", SearchInput)

    @property
    def shown_events(self) -> list[Event]:
        """The events the list shows now, in order (tests and export)."""
        return [self.events[i] for i in self.listing.shown]

    def on_mount(self) -> None:
        listing = self.listing
        self.list.set_rows(0, selectable=listing.is_event_row)
        listing.marked = listing.marked_positions(self.view)
        listing.set_filter(listing.filter)
        self._indexed_notes = self._note_texts()
        if len(self.events) > INDEX_IN_THREAD_OVER:
            self._build_index(self._indexed_notes)
        else:
            self._index_ready(SearchIndex(self.events, self._indexed_notes))
        self._apply(keep=None)
        self._mounted = True
        if self._pending_key is not None:
            key, self._pending_key = self._pending_key, None
            self.call_after_refresh(self.show_record, key)

    def on_resize(self, event: Resize) -> None:
        self.set_class(event.size.width >= WIDE, "-wide")
        height = self.app.size.height
        self.query_one(TimelineStrip).fit(height)
        self.set_class(20 <= height < 30, "-short")

    # -- the month strip ---------------------------------------------------------------------

    @on(MonthStrip.Left, "#timeline-strip")
    def _strip_left(self) -> None:
        self.list.focus()

    @on(MonthStrip.Chosen, "#timeline-strip")
    def _month_chosen(self, message: MonthStrip.Chosen) -> None:
        """Enter on a month: the date range becomes that month (the search and category stay)."""
        value = message.slot.range_text
        self._set_filter(self.listing.filter.with_dates(value, value))
        self.query_one(MonthStrip).want(value)
        self.list.focus()

    # -- search index ----------------------------------------------------------------------

    def _note_texts(self) -> dict[str, str]:
        """The user's note texts by event key: the search finds events by their notes too."""
        return self.view.note_texts

    @work(thread=True, exclusive=True, group="timeline-index")
    def _build_index(self, notes: dict[str, str]) -> None:
        """Fold every event's text off the UI thread; typing meanwhile filters once it is ready.

        Then the index of letters and words (seconds at 100,000 events): until it is ready
        the search tests each text, as fast as ever; after, the first letters of a word,
        which match most events, no longer visit them one by one.
        """
        index = SearchIndex(self.events, notes)
        self.app.call_from_thread(self._index_ready, index)
        fuller = index.with_words()
        if not get_current_worker().is_cancelled:  # notes changed meanwhile: a newer index is coming
            self.app.call_from_thread(self._index_ready, fuller, False)

    def _index_ready(self, index: SearchIndex, refilter: bool = True) -> None:
        """Search with ``index`` from now on; ``refilter`` False when it finds just what the last one did."""
        # The index lives as long as the tab: out of the collector's sight, like the model
        # (see BriefingApp._loaded), so a full collection mid-keystroke does not walk it.
        gc.freeze()
        self.listing.index_ready(index)
        if refilter and self.is_mounted and self.listing.words:
            self._apply(keep=self._current_position())

    # -- computing what is shown -------------------------------------------------------------

    def _apply(self, keep: int | None) -> None:
        """Recompute the shown events and rows; keep the cursor on event ``keep`` if it is still shown."""
        listing = self.listing
        listing.recompute()
        self.list.empty_text = listing.empty_text(self.view)
        row = listing.row_of(keep) if keep is not None else None
        self.list.set_rows(len(listing.rows), cursor=0 if row is None else row)
        if self.list.cursor == 1:
            # The first event sits under its year heading: keep the heading in view too,
            # once the list has its size (before that, scrolling to the cursor hides it).
            self.call_after_refresh(self._show_first_heading)
        if not listing.rows:
            self._show_detail(None)
        self._show_status()
        self.query_one(TimelineStrip).follow()

    def _show_first_heading(self, tries: int = 10) -> None:
        listing = self.list
        if listing.cursor != 1:
            return
        if listing.scrollable_content_region.height == 0 and tries:
            self.call_after_refresh(self._show_first_heading, tries - 1)  # not laid out yet
            return
        listing.scroll_to(y=0, animate=False, immediate=True)

    def _set_filter(self, flt: TimelineFilter) -> None:
        keep = self._current_position()
        self.listing.set_filter(flt)
        self._apply(keep)

    def _current_position(self) -> int | None:
        return self.listing.position_at(self.list.cursor if self.is_mounted else -1)

    def _show_status(self) -> None:
        count = self.listing.count_text(self.view)
        self.query_one(TimelineSearchBar).set_count(count)
        self.query_one(FilterBar).show_filters(self.listing.filter.describe(), count)

    # -- rows and detail -------------------------------------------------------------------

    def _style(self, component: str, *, background: bool = False) -> Style:
        """The list's component style, resolved against the theme (so "muted" is really muted).

        Without its background unless asked, so the cursor's background shows through.
        """
        full = self.list.get_component_rich_style(f"virtual-list--{component}")
        if background:
            return full
        return Style(color=full.color, bold=full.bold, italic=full.italic, underline=full.underline)

    def _render_row(self, row: int, width: int) -> Text:
        listing = self.listing
        value = listing.rows[row]
        if value < 0:
            return year_row(listing.year_of(~value), listing.header_counts.get(row, 0), width,
                            header=self._style("header"), last_year=listing.spans.get(row))
        event = self.events[value]
        return event_row(
            event, listing.marks, self.marker(event),
            match=self._style("match", background=True), planned=self._style("planned"),
            dim=self._style("dim"), marks_style=self._style("marker"), edition=self.view.edition_mark(event),
            overdue=event.planned and event.key in self.view.overdue_keys,
        )

    @on(VirtualList.Highlighted, "#timeline-list")
    def _highlighted(self, message: VirtualList.Highlighted) -> None:
        row, listing, rows = message.index, self.list, self.listing.rows
        if 0 < row < len(rows) and rows[row - 1] < 0 and listing.scroll_offset.y == row:
            # Moving up onto a year's first event: show its year heading above it too.
            listing.scroll_to(y=row - 1, animate=False, immediate=True)
        self._show_detail(self.current_record())

    def _show_detail(self, event: Event | None, *, keep_scroll: bool = False) -> None:
        detail, earlier = self.query_one(TimelineDetail), self._earlier_version
        if earlier is not None and event is not None and event.key == earlier[0]:
            detail.show_earlier(earlier[1], event, self.view, self.listing.marks)
            return
        self._earlier_version = None  # the cursor moved on: the list's own versions again
        detail.show_event(event, self.view, self.listing.marks, keep_scroll=keep_scroll)

    @on(VirtualList.Selected, "#timeline-list")
    def _selected(self, message: VirtualList.Selected) -> None:
        event = self.current_record()
        if event is not None:
            self.jump_to(f"{event.edition}/{event.source}")

    # -- search input ----------------------------------------------------------------------

    def _query_changed(self, value: str) -> None:
        """The search box's new value, as the key is handled (see :class:`SearchInput`)."""
        if self._names is None:
            self._names = name_lookup(self.model)
        # Read as `briefing search` and the palette read it: "Dec 2024", "Long March 8", "refueling".
        reading = read_query(value, self._names)
        words, listing = list(reading.words), self.listing
        listing.query = value
        listing.marks = list(reading.marks)
        if words == listing.words:
            return  # a space, or the input cleared by x: nothing to recompute
        listing.words = words
        if self._mounted:
            self._apply(keep=self._current_position())

    @on(SearchInput.Submitted, "#timeline-search")
    def _query_submitted(self, message: SearchInput.Submitted) -> None:
        """Enter in the box opens the highlighted result, as Enter on the list does; with none, the list."""
        event = self.current_record()
        if event is None or not self.listing.words:
            self.list.focus()
        else:
            self.jump_to(f"{event.edition}/{event.source}")

    @on(SearchInput.Move)
    def _move_from_search(self, message: SearchInput.Move) -> None:
        listing = self.list
        for _ in range(abs(message.step)):
            if message.step > 0:
                listing.action_cursor_down()
            else:
                listing.action_cursor_up()

    @on(SearchInput.Leave)
    def _leave_search(self) -> None:
        self.screen.set_focus(self.list)  # at once: a key typed right after Escape is the list's (app/type_ahead.py)

    # -- keys --------------------------------------------------------------------------------

    def action_search(self) -> None:
        # At once, not after the keys already read: a word typed right after "/" goes into the box
        # (see app/type_ahead.py), not to the list's own keys.
        self.screen.set_focus(self.search_input)

    def action_category(self) -> None:
        from ...screens.category_picker import CategoryPicker

        def chosen(category: str | None) -> None:
            if category is not None:
                self._set_filter(self.listing.filter._replace(category=category or None))

        listing = self.listing
        self.app.push_screen(CategoryPicker(listing.columns.category_counts(), listing.filter.category), chosen)

    def action_dates(self) -> None:
        from ...screens.date_range_dialog import DateRangeDialog

        def chosen(flt: TimelineFilter | None) -> None:
            if flt is not None:
                self._set_filter(flt)

        self.app.push_screen(DateRangeDialog(self.listing.filter), chosen)

    def action_months(self) -> None:
        """To the month strip (``←``/``→`` months, Enter narrows the dates to one; Esc back to the list)."""
        strip = self.query_one(MonthStrip)
        if strip.display:
            strip.focus()

    def show_filtered(self, value: str) -> None:
        """Only the events of the month or year ``value`` (``2025-01``, ``2025``): Enter on the Overview's strip.

        The search and the other filters are dropped, so the list holds what the strip counted.
        """
        if not self._mounted:
            self.call_after_refresh(self.show_filtered, value)
            return
        self.listing.words, self.listing.query = [], ""
        self.search_input.value = ""
        self._set_filter(TimelineFilter().with_dates(value, value))
        self.query_one(MonthStrip).want(value)
        self._show_detail(self.current_record())
        self.list.focus()

    def action_status(self) -> None:
        """All events → only happened → only planned → all."""
        self._set_filter(self.listing.filter.next_status())

    def action_clear(self) -> None:
        """Drop the search and every filter, keeping the highlighted event."""
        keep = self._current_position()
        self.listing.clear()
        self.search_input.value = ""
        self._apply(keep)
        self.list.focus()

    def action_escape(self) -> None:
        self.action_clear()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "escape":
            # Escape only clears when there is something to clear; otherwise it is not ours.
            return bool(self.listing.words or self.listing.filter.active)
        return True

    def action_month(self, step: int) -> None:
        self._step_period(step, 1, "month")

    def action_year(self, step: int) -> None:
        self._step_period(step, 12, "year")

    def _step_period(self, step: int, months: int, name: str) -> None:
        row = self.listing.columns.step_period(self.listing.rows, self.list.cursor, step, months)
        if row is None:
            self.notify(f"No {'later' if step > 0 else 'earlier'} {name} in the list.", timeout=2)
            return
        self.list.move_to(row, center=False)

    # -- BriefingTab hooks -------------------------------------------------------------------

    def current_record(self) -> Event | None:
        position = self._current_position()
        return self.events[position] if position is not None else None

    def show_record(self, key: str) -> bool:
        position = self.listing.positions_by_key().get(key)
        if position is None:
            return False
        if not self._mounted:
            self._pending_key = key
            return True
        view = self.view
        if key in view.carried_on_keys:
            # An earlier version, listed as its latest: the cursor goes to that row and the detail shows
            # the version asked for, saying so.
            latest = view.versions_after(key)[-1]
            self._earlier_version = (latest, self.events[position])
            if not self.show_record(latest):
                self._earlier_version = None
                return False
            self._show_detail(self.current_record())
            return True
        row = self.listing.row_of(position)
        if row is None:
            self.action_clear()  # the event is filtered out: show everything rather than nothing
            row = self.listing.row_of(position)
        if row is None:
            return False  # hidden by the app's "only flagged / annotated" filter
        self.list.move_to(row, center=True)
        return True

    def notes_changed(self) -> None:
        """Redraw note marks, and re-filter when the app's "only flagged / annotated" filter changed."""
        if not self._mounted:
            return
        notes = self._note_texts()
        if notes != self._indexed_notes:  # a note was written, edited or hidden: search it too
            self._indexed_notes = notes
            if len(self.events) > INDEX_IN_THREAD_OVER:
                self._build_index(notes)
            else:
                self._index_ready(SearchIndex(self.events, notes))
        marked = self.listing.marked_positions(self.view)
        if marked != self.listing.marked:
            self.listing.marked = marked
            self._set_filter(self.listing.filter)
        else:
            self.list.refresh_rows()
        self._show_detail(self.current_record(), keep_scroll=True)  # its notes, or none when presenting

    def focus_default(self) -> None:
        if not self.is_active_tab:
            return
        if self._mounted:
            self.list.focus()
        elif self.is_attached:  # not composed yet: try again after the next refresh
            self.call_after_refresh(self.focus_default)

