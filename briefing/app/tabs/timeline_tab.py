"""The Timeline tab: every event in date order, search as you type, filters, and a reading pane.

Per keystroke the tab computes a list of positions into the chronological events
tuple and hands the :class:`VirtualList` a row count; rows are rendered only when
they scroll into view. No widget is built or removed while typing, so a keystroke
costs about the same at 100,000 events as at 100.
"""

from __future__ import annotations

import bisect
import gc
from typing import Sequence

from rich.style import Style
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Container
from textual.events import Resize

from ...model.data.model import Model
from ...model.data.records import Event, NewsItem, keys_of
from ...model.store.matching import SearchIndex
from ...model.search.reading import NameLookup, name_lookup, read_query
from ...model.query.timeline_filter import EventColumns, IncrementalSearch, TimelineFilter
from ..widgets.event_detail import EventDetail
from ..widgets.filter_bar import FilterBar
from ..widgets.month_strip import MonthStrip
from ..widgets.timeline_rows import event_row, merge_lone_years, year_row
from ..widgets.timeline_search_bar import SearchInput, TimelineSearchBar
from ..widgets.virtual_list import VirtualList
from ..view_state import ViewState
from .base import BriefingTab

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
        self.events: Sequence[Event] = self.model.events
        self._columns = EventColumns(self.events)
        self._filter = TimelineFilter()
        #: The query as search reads it (model.search.reading): what every event shown holds, and
        #: what is marked in the rows and the detail.
        self._words: list[str] = []
        self._marks: list[str] = []
        self._names: NameLookup | None = None
        self._query = ""
        self._base: list[int] | None = None
        self._search: IncrementalSearch | None = None
        self._shown: Sequence[int] = range(len(self.events))
        self._rows: Sequence[int] = []
        self._header_counts: dict[int, int] = {}
        #: Headings over several years of one event each: heading row → last year.
        self._spans: dict[int, int] = {}
        self._positions: dict[str, int] | None = None
        self._pending_key: str | None = None
        #: (latest key, earlier Event): the detail shows that earlier version while the cursor is on the latest.
        self._earlier_version: tuple[str, Event] | None = None
        self._mounted = False
        self._list: VirtualList | None = None
        #: Events passing the app's "only flagged / annotated" filter; None when it is off.
        self._marked: list[int] | None = None
        #: Each event's month, status and width packed (glance.event_codes), made at the first strip drawn.
        self._codes: list[int] | None = None
        self._strip_due = False

    # -- layout ------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield TimelineSearchBar(on_change=self._query_changed, id="timeline-searchbar")
        yield FilterBar(id="timeline-filters")
        yield MonthStrip(compact=True, bar_height=2, hint="Enter: only this month", id="timeline-strip")
        with Container(id="timeline-body"):
            yield VirtualList(self._render_row, empty_text="No events in the loaded data.", id="timeline-list")
            yield EventDetail(id="timeline-detail")

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
        return [self.events[i] for i in self._shown]

    def on_mount(self) -> None:
        self.list.set_rows(0, selectable=lambda row: 0 <= row < len(self._rows) and self._rows[row] >= 0)
        self._marked = self._marked_positions()
        self._base = self._columns.positions(self._filter, within=self._marked)
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
        # Under 20 rows the list and the reading pane need every row: no strip there.
        strip = self.query_one(MonthStrip)
        strip.display = height >= 20
        self.set_class(20 <= height < 30, "-short")
        strip.set_compact(True, 2 if height < 30 else 3)

    # -- the month strip ---------------------------------------------------------------------

    def _strip_later(self) -> None:
        """Count the shown events by month after this frame: typing never waits for the strip."""
        if not self._strip_due:
            self._strip_due = True
            self.call_after_refresh(self._update_strip)

    def _update_strip(self) -> None:
        from ...model import glance

        self._strip_due = False
        if self._codes is None:
            columns = self._columns
            self._codes = glance.event_codes(columns.months, columns.planned, columns.spans())
        shown = None if isinstance(self._shown, range) else self._shown
        counts = glance.count_positions(self._codes, shown)
        strip = glance.build_strip(counts, glance.periods_of(self.model), glance.today())
        self.query_one(MonthStrip).set_strip(strip)

    @on(MonthStrip.Left, "#timeline-strip")
    def _strip_left(self) -> None:
        self.list.focus()

    @on(MonthStrip.Chosen, "#timeline-strip")
    def _month_chosen(self, message: MonthStrip.Chosen) -> None:
        """Enter on a month: the date range becomes that month (the search and category stay)."""
        value = message.slot.range_text
        self._set_filter(self._filter.with_dates(value, value))
        self.query_one(MonthStrip).want(value)
        self.list.focus()

    # -- search index ----------------------------------------------------------------------

    def _note_texts(self) -> dict[str, str]:
        """The user's note texts by event key: the search finds events by their notes too."""
        return self.view.note_texts

    @work(thread=True, exclusive=True, group="timeline-index")
    def _build_index(self, notes: dict[str, str]) -> None:
        """Fold every event's text off the UI thread; typing meanwhile filters once it is ready."""
        index = SearchIndex(self.events, notes)
        self.app.call_from_thread(self._index_ready, index)

    def _index_ready(self, index: SearchIndex) -> None:
        # The index lives as long as the tab: out of the collector's sight, like the model
        # (see BriefingApp._loaded), so a full collection mid-keystroke does not walk it.
        gc.freeze()
        self._search = IncrementalSearch(index)
        self._search.set_base(self._base)
        if self.is_mounted and self._words:
            self._apply(keep=self._current_position())

    # -- computing what is shown -------------------------------------------------------------

    def _apply(self, keep: int | None) -> None:
        """Recompute the shown events and rows; keep the cursor on event ``keep`` if it is still shown."""
        if self._words and self._search is not None:
            shown = self._search.matching(self._words)
        else:
            shown = self._base
        self._shown = range(len(self.events)) if shown is None else shown
        rows, counts = self._columns.rows(self._shown)
        self._rows, self._header_counts, self._spans = merge_lone_years(rows, counts, self._year_of)
        self.list.empty_text = self._empty_text()
        row = self._row_of(keep) if keep is not None else None
        self.list.set_rows(len(self._rows), cursor=0 if row is None else row)
        if self.list.cursor == 1:
            # The first event sits under its year heading: keep the heading in view too,
            # once the list has its size (before that, scrolling to the cursor hides it).
            self.call_after_refresh(self._show_first_heading)
        if not self._rows:
            self._show_detail(None)
        self._show_status()
        self._strip_later()

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
        self._filter = flt
        self._base = self._columns.positions(flt, within=self._marked)
        if self._search is not None:
            self._search.set_base(self._base)
        self._apply(keep)

    def _year_of(self, position: int) -> int:
        return self._columns.months[position] // 12

    def _row_of(self, position: int) -> int | None:
        """The row showing event ``position``, or None when it is not shown."""
        shown = self._shown
        k = bisect.bisect_left(shown, position)
        if k >= len(shown) or shown[k] != position:
            return None
        row = k
        for header in self._header_counts:  # ascending: one per year shown
            if header <= row:
                row += 1
            else:
                break
        return row

    def _current_position(self) -> int | None:
        row = self.list.cursor if self.is_mounted else -1
        if 0 <= row < len(self._rows) and self._rows[row] >= 0:
            return self._rows[row]
        return None

    def _count_text(self) -> str:
        total = self._listed_total()
        if self._words and self._search is None:
            return f"indexing… {len(self._shown):,} of {total:,} events"
        if self._words or self._filter.active or self.view.list_filter != "all":
            # The app's "only flagged / annotated" filter narrows the list too: count what is listed.
            return f"{len(self._shown):,} of {total:,} events"
        return f"{total:,} event{'s' if total != 1 else ''}"

    def _empty_text(self) -> str:
        if not self.events:
            return "No events in the loaded data."
        if self._words:
            return f"No events match “{self._query.strip()}”. x clears the search and filters."
        if not self._filter.active:
            return self.view.empty_hint("events", "No events in the loaded data.", every="event")
        return "No events pass the filters. x clears them."

    def _show_status(self) -> None:
        count = self._count_text()
        self.query_one(TimelineSearchBar).set_count(count)
        self.query_one(FilterBar).show_filters(self._filter.describe(), count)

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
        value = self._rows[row]
        if value < 0:
            year = self._columns.months[~value] // 12
            return year_row(year, self._header_counts.get(row, 0), width, header=self._style("header"),
                            last_year=self._spans.get(row))
        event = self.events[value]
        return event_row(
            event, self._marks, self.marker(event),
            match=self._style("match", background=True), planned=self._style("planned"),
            dim=self._style("dim"), marks_style=self._style("marker"), edition=self.view.edition_mark(event),
            overdue=event.planned and event.key in self.view.overdue_keys,
        )

    @on(VirtualList.Highlighted, "#timeline-list")
    def _highlighted(self, message: VirtualList.Highlighted) -> None:
        row, listing = message.index, self.list
        if 0 < row < len(self._rows) and self._rows[row - 1] < 0 and listing.scroll_offset.y == row:
            # Moving up onto a year's first event: show its year heading above it too.
            listing.scroll_to(y=row - 1, animate=False, immediate=True)
        self._show_detail(self.current_record())

    def _show_detail(self, event: Event | None, *, keep_scroll: bool = False) -> None:
        earlier = self._earlier_version
        if earlier is not None and event is not None and event.key == earlier[0]:
            self._show_earlier(earlier[1], event)
            return
        self._earlier_version = None  # the cursor moved on: the list's own versions again
        headline = None
        note, team = None, ()
        if event is not None:
            source = self.model.get(f"{event.edition}/{event.source}")
            headline = source.headline if isinstance(source, NewsItem) else None
            note, team = self.view.reading_note(event.key), self.view.team_on(event.key)
        self.query_one(EventDetail).show(event, headline, self._marks, self.model.aliases, note=note, team=team,
                                         keep_scroll=keep_scroll,
                                         editions=self.view.editions_line(event) if event is not None else "")

    def _show_earlier(self, earlier: Event, latest: Event) -> None:
        """The detail of an earlier version of the highlighted event (opened from the Changes tab's ``b``)."""
        view = self.view
        source = self.model.get(f"{earlier.edition}/{earlier.source}")
        self.query_one(EventDetail).show(
            earlier, source.headline if isinstance(source, NewsItem) else None, self._marks, self.model.aliases,
            note=view.reading_note(earlier.key), team=view.team_on(earlier.key),
            editions=f"An earlier version, from {earlier.edition}: the list shows the latest, from {latest.edition}.")

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
        words = list(reading.words)
        self._query = value
        self._marks = list(reading.marks)
        if words == self._words:
            return  # a space, or the input cleared by x: nothing to recompute
        self._words = words
        if self._mounted:
            self._apply(keep=self._current_position())

    @on(SearchInput.Submitted, "#timeline-search")
    def _query_submitted(self, message: SearchInput.Submitted) -> None:
        """Enter in the box opens the highlighted result, as Enter on the list does; with none, the list."""
        event = self.current_record()
        if event is None or not self._words:
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
        self.list.focus()

    # -- keys --------------------------------------------------------------------------------

    def action_search(self) -> None:
        self.search_input.focus()

    def action_category(self) -> None:
        from ..screens.category_picker import CategoryPicker

        def chosen(category: str | None) -> None:
            if category is not None:
                self._set_filter(self._filter._replace(category=category or None))

        self.app.push_screen(CategoryPicker(self._columns.category_counts(), self._filter.category), chosen)

    def action_dates(self) -> None:
        from ..screens.date_range_dialog import DateRangeDialog

        def chosen(flt: TimelineFilter | None) -> None:
            if flt is not None:
                self._set_filter(flt)

        self.app.push_screen(DateRangeDialog(self._filter), chosen)

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
        self._words, self._query = [], ""
        self.search_input.value = ""
        self._set_filter(TimelineFilter().with_dates(value, value))
        self.query_one(MonthStrip).want(value)
        self._show_detail(self.current_record())
        self.list.focus()

    def action_status(self) -> None:
        """All events → only happened → only planned → all."""
        self._set_filter(self._filter.next_status())

    def action_clear(self) -> None:
        """Drop the search and every filter, keeping the highlighted event."""
        keep = self._current_position()
        self._words, self._marks, self._query = [], [], ""
        self.search_input.value = ""
        self._filter = TimelineFilter()
        self._base = self._columns.positions(self._filter, within=self._marked)
        if self._search is not None:
            self._search.set_base(self._base)
        self._apply(keep)
        self.list.focus()

    def action_escape(self) -> None:
        self.action_clear()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "escape":
            # Escape only clears when there is something to clear; otherwise it is not ours.
            return bool(self._words or self._filter.active)
        return True

    def action_month(self, step: int) -> None:
        self._step_period(step, 1, "month")

    def action_year(self, step: int) -> None:
        self._step_period(step, 12, "year")

    def _step_period(self, step: int, months: int, name: str) -> None:
        row = self._columns.step_period(self._rows, self.list.cursor, step, months)
        if row is None:
            self.notify(f"No {'later' if step > 0 else 'earlier'} {name} in the list.", timeout=2)
            return
        self.list.move_to(row, center=False)

    # -- BriefingTab hooks -------------------------------------------------------------------

    def current_record(self) -> Event | None:
        position = self._current_position()
        return self.events[position] if position is not None else None

    def show_record(self, key: str) -> bool:
        position = self._positions_by_key().get(key)
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
        row = self._row_of(position)
        if row is None:
            self.action_clear()  # the event is filtered out: show everything rather than nothing
            row = self._row_of(position)
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
        marked = self._marked_positions()
        if marked != self._marked:
            self._marked = marked
            self._set_filter(self._filter)
        else:
            self.list.refresh_rows()
        self._show_detail(self.current_record(), keep_scroll=True)  # its notes, or none when presenting

    def _marked_positions(self) -> list[int] | None:
        """Events shown under the app's marked filter, each record once across editions (its latest
        version); None for all. Costs O(notes) with one edition, not O(events)."""
        view = self.view
        hidden = view.carried_on_keys
        if view.list_filter == "all":
            if not hidden:
                return None
            positions = self._positions_by_key()
            drop = {positions[key] for key in hidden if key in positions}
            return [i for i in range(len(self.events)) if i not in drop]
        positions = self._positions_by_key()
        return sorted(positions[key] for key in view.noted_keys
                      if key in positions and key not in hidden and view.passes(key))

    def _listed_total(self) -> int:
        """How many events the list holds before any filter: each record once across editions."""
        hidden = self.view.carried_on_keys
        if not hidden:
            return len(self.events)
        positions = self._positions_by_key()
        return len(self.events) - sum(1 for key in hidden if key in positions)

    def _positions_by_key(self) -> dict[str, int]:
        if self._positions is None:
            self._positions = {key: i for i, key in enumerate(keys_of(self.events))}
        return self._positions

    def focus_default(self) -> None:
        if not self.is_active_tab:
            return
        if self._mounted:
            self.list.focus()
        elif self.is_attached:  # not composed yet: try again after the next refresh
            self.call_after_refresh(self.focus_default)

