"""The medal table: rows drawn on demand (Textual's line API), sorted in place, columns fitted to the width.

Why not a DataTable: at 10,000 rows DataTable took about a second to build (``add_row``
costs ~0.1 ms a row), ~20 ms to sort (it re-sorts its row dicts and rebuilds its
row-location map) and ~27 ms to repaint a screen of rows after every sort (each cell goes
through Rich's console rendering again once its caches are invalidated). This widget keeps the
rows as :class:`MedalRow` objects and a list of row positions in display order, so:

* sorting is one ``sorted()`` of integers: each row's dense rank in each column (computed
  once with :func:`briefing.model.query.medal_sort.sort_key`, so the app and the command line agree)
  combined with its position in the full table, the tie-breaker that makes a sort stable in
  both directions and makes "report order" a sort by position;
* a repaint builds only the lines on screen, from plain strings cut to their column's
  width, so its cost does not depend on the number of rows;
* cells are plain text, never markup, so a company called ``[bold]x[/]`` shows as written.

Columns get explicit widths that shrink the widest text columns (with an ellipsis) until
the table fits, so the Medal column stays on screen at 80 columns. The look (header,
zebra stripes, row cursor) follows DataTable's, with this widget's own component classes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Iterable, Sequence

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding
from textual.geometry import Region, Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from ...model.query.text_find import find_spans
from ...model.data.records import MedalRow
from .medal_cells import (ASCENDING_ARROW, BASE_COLUMNS, CELL_PADDING, DESCENDING_ARROW, EDITION, FILTER_COLUMNS, MARK,
                          ColumnSpec, LineStyles, fit, fitted_widths, medal_text, natural_widths, row_cells, sort_keys)

class MedalTable(ScrollView, can_focus=True):
    """Medal rows with a row cursor, in-place sorting, filters by company, sector and medal, find highlights and note markers.

    The owner supplies ``marker_for(row) -> str`` for the marker column (asked whenever a
    row is drawn) and ``row_filter(row) -> bool`` (calling :meth:`refilter` when its answer
    may change), and listens for :class:`MedalTable.ViewChanged` to describe the sort and
    filter, for :class:`MedalTable.Highlighted` when the cursor moves to another row, and for
    :class:`MedalTable.RowChosen` (Enter, or a click on the highlighted row).
    """

    DEFAULT_CSS = """
    MedalTable {
        height: 1fr;
        background: $surface;
        color: $foreground;
        & > .medal-table--header { text-style: bold; background: $panel; color: $foreground; }
        &:ansi > .medal-table--header { background: ansi_bright_blue; color: ansi_default; }
        & > .medal-table--even-row { background: $surface-lighten-1 50%; }
        &:dark > .medal-table--even-row { background: $surface-darken-1 40%; }
        & > .medal-table--cursor {
            background: $block-cursor-blurred-background;
            color: $block-cursor-blurred-foreground;
            text-style: $block-cursor-blurred-text-style;
        }
        &:focus {
            background-tint: $foreground 5%;
            & > .medal-table--header { background-tint: $foreground 5%; }
            & > .medal-table--cursor {
                background: $block-cursor-background;
                color: $block-cursor-foreground;
                text-style: $block-cursor-text-style;
            }
        }
    }
    """

    COMPONENT_CLASSES = {"medal-table--header", "medal-table--even-row", "medal-table--odd-row",
                         "medal-table--cursor"}

    BINDINGS = [
        Binding("enter", "choose", "Open", show=False),
        Binding("up,k", "cursor_up", "Up", show=False),
        Binding("down,j", "cursor_down", "Down", show=False),
        Binding("pageup", "page_up", "Page up", show=False),
        Binding("pagedown", "page_down", "Page down", show=False),
        Binding("home,ctrl+home,g", "first", "First", show=False),
        Binding("end,ctrl+end,G", "last", "Last", show=False),
    ]

    class ViewChanged(Message):
        """The sort or the filter changed; ``rows_changed`` when the filter did (which rows, how many)."""

        def __init__(self, table: "MedalTable", rows_changed: bool = False) -> None:
            super().__init__()
            self.table = table
            self.rows_changed = rows_changed

        @property
        def control(self) -> "MedalTable":
            return self.table

    @dataclass
    class Highlighted(Message):
        """The cursor moved to another row (``key``: its record); a sort or filter says :class:`ViewChanged` instead."""

        table: "MedalTable"
        key: str | None

        @property
        def control(self) -> "MedalTable":
            return self.table

    @dataclass
    class RowChosen(Message):
        """Enter, or a click on the highlighted row, chose the row of record ``key``."""

        table: "MedalTable"
        key: str

        @property
        def control(self) -> "MedalTable":
            return self.table

    def __init__(self, rows: Iterable[MedalRow], *, show_edition: bool = False,
                 marker_for: Callable[[MedalRow], str] | None = None,
                 row_filter: Callable[[MedalRow], bool] | None = None, id: str | None = None) -> None:
        super().__init__(id=id)
        self.all_rows: tuple[MedalRow, ...] = tuple(rows)
        #: Position of each row in the full table: the tie-breaker and the "original order".
        self.position: dict[str, int] = {row.key: index for index, row in enumerate(self.all_rows)}
        self.specs: tuple[ColumnSpec, ...] = (MARK, *BASE_COLUMNS, *((EDITION,) if show_edition else ()))
        self.marker_for: Callable[[MedalRow], str] = marker_for or (lambda row: "")
        #: Which rows may show besides the company filter (the app's "only flagged / annotated").
        self.row_filter: Callable[[MedalRow], bool] = row_filter or (lambda row: True)
        self.sort_column: str | None = None
        self.descending = False
        #: Column → the one value its rows must have (company, sector, medal); see :meth:`filter_by`.
        self.filters: dict[str, str] = {}
        #: The find bar's text: its matches are shown in reverse video in every cell.
        self.find_query = ""
        #: The rows passing the filters, in table order.
        self.shown: tuple[MedalRow, ...] = ()
        #: Positions (in ``all_rows``) of the shown rows: in table order, and top to bottom as displayed.
        self._shown_positions: list[int] = []
        self._order: list[int] = []
        #: Index in ``_order`` of the highlighted row.
        self.cursor_row = 0
        self._natural: dict[str, int] = {}
        self._widths: dict[str, int] = {}
        #: Cells in a line of the table: every column's width and padding (what ``fit`` makes them).
        self._table_width = 0
        #: Per sortable column, (ascending, descending) sort keys indexed by position; see _sort_keys.
        self._keys: dict[str, tuple[list[int], list[int]]] = {}
        self._line_styles = LineStyles(*(Style(),) * 6)

    # -- building ---------------------------------------------------------------------------------

    def on_mount(self) -> None:
        self._keys = sort_keys(self.all_rows, self.specs)
        self.refilter(force=True)

    def _set_rows(self, rows: Sequence[MedalRow]) -> None:
        """Show ``rows`` (a filter changed), keeping the sort and, if still shown, the highlighted row."""
        keep = self.cursor_key
        self.shown = tuple(rows)
        self._shown_positions = [self.position[row.key] for row in self.shown]
        self._natural = natural_widths(self.shown, self.specs)
        self._apply_sort()
        self.fit_columns()
        if keep is None or not self.move_to_key(keep):
            self.move_cursor(0)

    # -- columns ----------------------------------------------------------------------------------

    @property
    def column_keys(self) -> tuple[str, ...]:
        return tuple(spec.key for spec in self.specs)

    def header_label(self, column: str) -> str:
        """The column's header as shown: its label, with ▲ or ▼ when the table is sorted by it."""
        spec = next(spec for spec in self.specs if spec.key == column)
        if column != self.sort_column:
            return spec.label
        return f"{spec.label} {DESCENDING_ARROW if self.descending else ASCENDING_ARROW}"

    def column_x(self, column: str) -> int:
        """The x (in the table, before any sideways scroll) where ``column``'s cell starts."""
        x = 0
        for spec in self.specs:
            if spec.key == column:
                return x
            x += self._widths.get(spec.key, 0) + 2 * CELL_PADDING
        raise KeyError(column)

    def column_at(self, x: int) -> ColumnSpec | None:
        """The column under table x, or None right of the last one."""
        for spec in self.specs:
            width = self._widths.get(spec.key, 0) + 2 * CELL_PADDING
            if x < width:
                return spec
            x -= width
        return None

    def cell_text(self, key: str, column: str) -> str:
        """What the cell of record ``key`` in ``column`` says, uncut."""
        row = self.all_rows[self.position[key]]
        if column == "mark":
            return self.marker_for(row)
        if column == "medal":
            return medal_text(row)
        return getattr(row, column)

    # -- sizing -----------------------------------------------------------------------------------

    def on_resize(self, event: events.Resize) -> None:
        self.fit_columns()
        self._scroll_to_cursor()

    def fit_columns(self) -> None:
        """Give each column its natural width, shrinking the widest text columns until the table fits."""
        if not self._natural:
            return
        available = self.size.width
        if self.row_count + 1 > self.size.height:  # a vertical scrollbar takes its width from the rows
            available -= self.styles.scrollbar_size_vertical
        self._widths = fitted_widths(self._natural, self.specs, available)
        self._table_width = sum(width + 2 * CELL_PADDING for width in self._widths.values())
        self.virtual_size = Size(self._table_width, self.row_count + 1)
        self.refresh()

    def natural_width(self) -> int:
        """Cells the table needs to show every column unshrunk, with room for a vertical scrollbar."""
        padding = 2 * CELL_PADDING
        return sum(width + padding for width in self._natural.values()) + self.styles.scrollbar_size_vertical

    # -- drawing ----------------------------------------------------------------------------------

    def render_lines(self, crop: Region) -> list[Strip]:
        # Work out the line styles once a repaint rather than once a line: ``rich_style`` walks
        # the widget's ancestors each time it is read.
        base = self.rich_style
        header = base + self.get_component_rich_style("medal-table--header")
        even = base + self.get_component_rich_style("medal-table--even-row")
        odd = base + self.get_component_rich_style("medal-table--odd-row")
        cursor = self.get_component_rich_style("medal-table--cursor")
        self._line_styles = LineStyles(base, header, even, odd, cursor, Style.from_color(cursor.color))
        return super().render_lines(crop)

    def render_line(self, y: int) -> Strip:
        """Line 0 is the header, fixed while the rows scroll under it; then one row a line."""
        scroll_x, scroll_y = self.scroll_offset
        width = self.scrollable_content_region.width
        styles = self._line_styles
        if y == 0:
            cells = [Segment(" " * CELL_PADDING + fit(self.header_label(spec.key), self._widths.get(spec.key, 0))
                             + " " * CELL_PADDING) for spec in self.specs]
            return self._strip(cells, styles.header, None, scroll_x, width)
        index = scroll_y + y - 1
        if index >= len(self._order):
            return Strip.blank(width, styles.base)
        # As DataTable: the row's zebra style under the cell's own styles (the medal's colour, the
        # bold markers); on the cursor row the cursor's colours, its foreground over everything.
        style = styles.odd if index % 2 else styles.even
        post: Style | None = None
        if index == self.cursor_row:
            style += styles.cursor
            post = styles.cursor_foreground
        return self._strip(self._row_cells(self.all_rows[self._order[index]]), style, post, scroll_x, width)

    def _strip(self, cells: list[Segment], style: Style, post: Style | None, scroll_x: int, width: int) -> Strip:
        """The line's cells in ``style`` (``post`` over them), cut to the view, extended to its width in ``style``."""
        # The length is known (every cell is fitted to its column), so Textual need not measure it.
        strip = Strip(list(Segment.apply_style(cells, style, post)), self._table_width)
        return strip.crop_extend(scroll_x, scroll_x + width, style)

    def _row_cells(self, row: MedalRow) -> list[Segment]:
        return row_cells(row, self.specs, self._widths, self.marker_for(row), self.find_query)

    def find(self, query: str) -> list[int]:
        """Mark ``query`` in every cell; the display rows (top to bottom) holding it in some column."""
        self.find_query = query
        self.refresh()
        if not query.strip():
            return []
        columns = [spec.key for spec in self.specs if spec.key != "mark"]
        return [index for index, position in enumerate(self._order)
                if any(find_spans(getattr(self.all_rows[position], column), query) for column in columns)]

    # -- sorting ----------------------------------------------------------------------------------

    def sort_by(self, column: str | None, descending: bool = False) -> None:
        """Sort by ``column`` (None: table order), in place, keeping the cursor on the same row.

        Everything the sort changes on screen (rows, header arrow, scroll) is done here, before
        the next frame; the owner hears :class:`ViewChanged` to update what it says about it.
        """
        if column is not None and column not in self._keys:
            raise ValueError(f"no sortable column {column!r}")
        self.sort_column, self.descending = column, descending if column else False
        self._apply_sort()
        self.post_message(self.ViewChanged(self))

    def cycle_sort(self, column: str) -> None:
        """Another column sorts ascending; the same column again descending, then back to table order."""
        if column != self.sort_column:
            self.sort_by(column)
        elif not self.descending:
            self.sort_by(column, descending=True)
        else:
            self.sort_by(None)

    def _apply_sort(self) -> None:
        keep = self.cursor_key
        positions = list(self._shown_positions)
        if self.sort_column is not None:
            ascending, descending = self._keys[self.sort_column]
            positions.sort(key=(descending if self.descending else ascending).__getitem__)
        self._order = positions
        self.refresh()
        if keep is not None:
            self.move_to_key(keep)

    # -- filtering and markers --------------------------------------------------------------------

    @property
    def company_filter(self) -> str | None:
        return self.filters.get("company")

    def filter_by(self, column: str, value: str | None) -> None:
        """Show only rows whose ``column`` (one of :data:`FILTER_COLUMNS`) is ``value``; None drops that filter.

        Filters on different columns combine: Only CGST and Gold shows CGST's Gold rows.
        """
        if column not in FILTER_COLUMNS:
            raise ValueError(f"cannot filter by {column!r}")
        if value is None:
            self.filters.pop(column, None)
        else:
            self.filters[column] = value
        self.refilter(force=True)

    def clear_filters(self) -> None:
        """Drop the company, sector and medal filters."""
        self.filters.clear()
        self.refilter(force=True)

    def refilter(self, force: bool = False) -> None:
        """Apply the column filters and ``row_filter`` again; rebuilds rows only if the shown set changed."""
        filters = tuple(self.filters.items())
        rows = tuple(row for row in self.all_rows
                     if all(getattr(row, column) == value for column, value in filters) and self.row_filter(row))
        if force or rows != self.shown:
            self._set_rows(rows)
            self.post_message(self.ViewChanged(self, rows_changed=True))

    def refresh_markers(self) -> None:
        """Redraw the note/flag column (notes changed, or presenter mode toggled): markers are asked for when drawn."""
        self.refresh()

    # -- cursor -----------------------------------------------------------------------------------

    @property
    def row_count(self) -> int:
        return len(self._order)

    @property
    def cursor_key(self) -> str | None:
        """Key of the highlighted row's record, or None when the table is empty."""
        if not self._order:
            return None
        return self.all_rows[self._order[min(self.cursor_row, len(self._order) - 1)]].key

    def move_cursor(self, row: int) -> None:
        """Highlight display row ``row`` (clamped to the table) and scroll it into view."""
        row = min(max(row, 0), max(len(self._order) - 1, 0))
        if row != self.cursor_row:
            self.refresh_line(self.cursor_row + 1)  # the line below the header
            self.refresh_line(row + 1)
            self.cursor_row = row
            self.post_message(self.Highlighted(self, self.cursor_key))
        self._scroll_to_cursor()

    def move_to_key(self, key: str) -> bool:
        """Highlight the row of record ``key``; False if it is not shown."""
        position = self.position.get(key)
        try:
            index = self._order.index(position)  # a C-speed scan: ~0.1 ms at 10,000 rows
        except ValueError:
            return False
        self.move_cursor(index)
        return True

    def _scroll_to_cursor(self) -> None:
        """Scroll just enough that the cursor row shows below the header."""
        rows_shown = self.scrollable_content_region.height - 1
        if rows_shown <= 0 or not self._order:
            return
        top = self.scroll_offset.y
        if self.cursor_row < top:
            self.scroll_to(y=self.cursor_row, animate=False, force=True, immediate=True)
        elif self.cursor_row >= top + rows_shown:
            self.scroll_to(y=self.cursor_row - rows_shown + 1, animate=False, force=True, immediate=True)

    def visible_keys(self) -> list[str]:
        """Keys of the shown rows, top to bottom (for tests and exports)."""
        return [self.all_rows[position].key for position in self._order]

    # -- keys and mouse ---------------------------------------------------------------------------

    def action_cursor_up(self) -> None:
        self.move_cursor(self.cursor_row - 1)

    def action_cursor_down(self) -> None:
        self.move_cursor(self.cursor_row + 1)

    def action_page_up(self) -> None:
        self.move_cursor(self.cursor_row - max(self.scrollable_content_region.height - 2, 1))

    def action_page_down(self) -> None:
        self.move_cursor(self.cursor_row + max(self.scrollable_content_region.height - 2, 1))

    def action_first(self) -> None:
        self.move_cursor(0)

    def action_last(self) -> None:
        self.move_cursor(len(self._order) - 1)

    def action_choose(self) -> None:
        key = self.cursor_key
        if key is not None:
            self.post_message(self.RowChosen(self, key))

    def on_click(self, event: events.Click) -> None:
        """A header click sorts by that column (as its key does); a row click highlights, again chooses."""
        offset = event.get_content_offset(self)
        if offset is None:
            return
        scroll_x, scroll_y = self.scroll_offset
        if offset.y == 0:
            spec = self.column_at(offset.x + scroll_x)
            if spec is not None and spec.sortable:
                self.cycle_sort(spec.key)
            return
        index = scroll_y + offset.y - 1
        if not 0 <= index < len(self._order):
            return
        if index == self.cursor_row:
            self.action_choose()
        else:
            self.move_cursor(index)
