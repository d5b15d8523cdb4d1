"""What the Timeline lists: the events passing the filters and the search, as rows under year headings.

No widget here: the tab hands this object its filter, its words and its marked events, and
draws the rows it computes. A row is an event's position in the chronological events,
or ``~position`` for a year heading (see ``EventColumns.rows``).
"""

from __future__ import annotations

import bisect
from typing import Sequence

from ....model.data.records import Event, keys_of
from ....model.query.timeline_filter import EventColumns, IncrementalSearch, TimelineFilter
from ....model.store.matching import SearchIndex
from ...view_state import ViewState
from ...widgets.timeline_rows import merge_lone_years


class TimelineListing:
    """The shown events and rows of one Timeline, recomputed as the search and filters change."""

    def __init__(self, events: Sequence[Event]) -> None:
        self.events = events
        self.columns = EventColumns(events)
        self.filter = TimelineFilter()
        #: The query as search reads it (model.search.reading): what every event shown holds, and
        #: what is marked in the rows and the detail.
        self.words: list[str] = []
        self.marks: list[str] = []
        self.query = ""
        #: Events passing the app's "only flagged / annotated" filter; None when it is off.
        self.marked: list[int] | None = None
        self.base: list[int] | None = None
        self.search: IncrementalSearch | None = None
        self.shown: Sequence[int] = range(len(events))
        self.rows: Sequence[int] = []
        self.header_counts: dict[int, int] = {}
        #: Headings over several years of one event each: heading row → last year.
        self.spans: dict[int, int] = {}
        self._positions: dict[str, int] | None = None
        #: The base the rows were last made for without a search, and those rows, counts and spans.
        self._base_rows: tuple[list[int] | None, tuple] | None = None

    def set_filter(self, flt: TimelineFilter) -> None:
        """Filter by ``flt`` within the marked events; :meth:`recompute` shows it."""
        self.filter = flt
        self.base = self.columns.positions(flt, within=self.marked)
        if self.search is not None:
            self.search.set_base(self.base)

    def clear(self) -> None:
        """No search and no filter (the marked filter stays: it is the app's)."""
        self.words, self.marks, self.query = [], [], ""
        self.set_filter(TimelineFilter())

    def index_ready(self, index: SearchIndex) -> None:
        self.search = IncrementalSearch(index)
        self.search.set_base(self.base)

    def recompute(self) -> None:
        """The shown events and rows for the current words, filter and marked events."""
        searching = bool(self.words) and self.search is not None
        shown = self.search.matching(self.words) if searching else self.base
        self.shown = range(len(self.events)) if shown is None else shown
        if not searching and self._base_rows is not None and self._base_rows[0] is self.base:
            # The search cleared (backspace to nothing, x): the rows of the filters alone, as last made.
            # Remade they cost 4 ms at 100,000 events on the key that empties the box.
            self.rows, self.header_counts, self.spans = self._base_rows[1]
            return
        rows, counts = self.columns.rows(self.shown)
        self.rows, self.header_counts, self.spans = merge_lone_years(rows, counts, self.year_of)
        if not searching:
            self._base_rows = (self.base, (self.rows, self.header_counts, self.spans))

    def year_of(self, position: int) -> int:
        return self.columns.months[position] // 12

    def is_event_row(self, row: int) -> bool:
        return 0 <= row < len(self.rows) and self.rows[row] >= 0

    def position_at(self, row: int) -> int | None:
        """The event on ``row``; None for a heading or no row."""
        return self.rows[row] if self.is_event_row(row) else None

    def row_of(self, position: int) -> int | None:
        """The row showing event ``position``, or None when it is not shown."""
        shown = self.shown
        k = bisect.bisect_left(shown, position)
        if k >= len(shown) or shown[k] != position:
            return None
        row = k
        for header in self.header_counts:  # ascending: one per year shown
            if header <= row:
                row += 1
            else:
                break
        return row

    def positions_by_key(self) -> dict[str, int]:
        if self._positions is None:
            self._positions = {key: i for i, key in enumerate(keys_of(self.events))}
        return self._positions

    def marked_positions(self, view: ViewState) -> list[int] | None:
        """Events shown under the app's marked filter, each record once across editions (its latest
        version); None for all. Costs O(notes) with one edition, not O(events)."""
        hidden = view.carried_on_keys
        if view.list_filter == "all":
            if not hidden:
                return None
            positions = self.positions_by_key()
            drop = {positions[key] for key in hidden if key in positions}
            return [i for i in range(len(self.events)) if i not in drop]
        positions = self.positions_by_key()
        return sorted(positions[key] for key in view.noted_keys
                      if key in positions and key not in hidden and view.passes(key))

    def listed_total(self, view: ViewState) -> int:
        """How many events the list holds before any filter: each record once across editions."""
        hidden = view.carried_on_keys
        if not hidden:
            return len(self.events)
        positions = self.positions_by_key()
        return len(self.events) - sum(1 for key in hidden if key in positions)

    def count_text(self, view: ViewState) -> str:
        total = self.listed_total(view)
        if self.words and self.search is None:
            return f"indexing… {len(self.shown):,} of {total:,} events"
        if self.words or self.filter.active or view.list_filter != "all":
            # The app's "only flagged / annotated" filter narrows the list too: count what is listed.
            return f"{len(self.shown):,} of {total:,} events"
        return f"{total:,} event{'s' if total != 1 else ''}"

    def empty_text(self, view: ViewState) -> str:
        if not self.events:
            return "No events in the loaded data."
        if self.words:
            return f"No events match “{self.query.strip()}”. x clears the search and filters."
        if not self.filter.active:
            return view.empty_hint("events", "No events in the loaded data.", every="event")
        return "No events pass the filters. x clears them."
