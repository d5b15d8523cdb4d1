"""The medal table: a DataTable that sorts in place, fits its columns to the width, and shows data as text.

* Sorting reorders the rows with :meth:`DataTable.sort` and never rebuilds them:
  re-adding costs about 0.15 ms a row, so a 10,000-row table would take 1.5 s, while an
  in-place sort takes a few tens of milliseconds. Every cell is a :class:`Cell`, a
  :class:`rich.text.Text` that also carries the row's rank in that column's order
  (computed once with :mod:`briefing.model.medal_sort`, so the app and the command line
  agree) and the row's position in the full table, the tie-breaker: a sort is
  deterministic, and "original order" is a sort by position.
* Cells and labels are Text built from plain strings, so a company called ``[bold]x[/]``
  shows as written (DataTable would read a ``str`` cell as markup).
* Columns are given explicit widths that shrink the widest text columns (with an
  ellipsis) until the table fits, so the Medal column stays on screen at 80 columns.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Iterable, Sequence

from rich.cells import cell_len
from rich.text import Text
from textual import events, on
from textual.binding import Binding
from textual.coordinate import Coordinate
from textual.message import Message
from textual.widgets import DataTable
from textual.widgets.data_table import ColumnKey, RowDoesNotExist

from ...model.medal_sort import sort_key
from ...model.records import MedalRow

#: Medal colours. Fixed rather than themed: gold, silver and bronze mean these colours. The word is
#: always printed too, so the medal reads the same without colour (NO_COLOR) or on any background.
MEDAL_COLOURS: dict[str, str] = {"Gold": "#d4a017", "Silver": "#9ea3a8", "Bronze": "#b8733a"}

ASCENDING_ARROW, DESCENDING_ARROW = "▲", "▼"


class Cell(Text):
    """A cell: plain text to show, its rank in its column's sort order, and its row's position in the table.

    ``rank`` is dense (equal values share it) and ``index`` is the row's position in the
    full table, so ``(rank, index)`` orders rows by the column with ties in table order.
    """

    __slots__ = ("rank", "index")

    def __init__(self, text: str, rank: int = 0, index: int = 0, style: str = "") -> None:
        super().__init__(text, style=style, no_wrap=True, overflow="ellipsis", end="")
        self.rank = rank
        self.index = index


@dataclass(frozen=True)
class ColumnSpec:
    """One column: its key (a :data:`briefing.model.medal_sort.COLUMNS` name), label, and narrowest width."""

    key: str
    label: str
    min_width: int | None  # None: never shrunk

    @property
    def sortable(self) -> bool:
        return self.key != "mark"


MARK = ColumnSpec("mark", "", None)
BASE_COLUMNS: tuple[ColumnSpec, ...] = (
    ColumnSpec("sector", "Sector", 6),
    ColumnSpec("company", "Company", 6),
    ColumnSpec("satellite", "Satellite", 6),
    ColumnSpec("medal", "Medal", None),
)
EDITION = ColumnSpec("edition", "Edition", 7)

#: Width of the note/flag marker column: "✎⚑" at most.
MARK_WIDTH = 2


def _by_position(cell: Cell) -> int:
    return cell.index


class MedalTable(DataTable):
    """Medal rows with a row cursor, in-place sorting, a company filter and note markers.

    The owner supplies ``marker_for(row) -> str`` for the marker column and
    ``row_filter(row) -> bool`` (calling :meth:`refilter` when its answer may change), and listens for
    :class:`MedalTable.ViewChanged` to describe the sort and filter.
    """

    DEFAULT_CSS = """
    MedalTable { height: 1fr; }
    """

    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
        Binding("g", "scroll_top", "First", show=False),
        Binding("G", "scroll_bottom", "Last", show=False),
    ]

    class ViewChanged(Message):
        """The sort or the filter changed."""

        def __init__(self, table: "MedalTable") -> None:
            super().__init__()
            self.table = table

        @property
        def control(self) -> "MedalTable":
            return self.table

    def __init__(self, rows: Iterable[MedalRow], *, show_edition: bool = False,
                 marker_for: Callable[[MedalRow], str] | None = None,
                 row_filter: Callable[[MedalRow], bool] | None = None, id: str | None = None) -> None:
        super().__init__(cursor_type="row", zebra_stripes=True, id=id)
        self.all_rows: tuple[MedalRow, ...] = tuple(rows)
        #: Position of each row in the full table: the tie-breaker and the "original order".
        self.position: dict[str, int] = {row.key: index for index, row in enumerate(self.all_rows)}
        self.specs: tuple[ColumnSpec, ...] = (MARK, *BASE_COLUMNS, *((EDITION,) if show_edition else ()))
        self.marker_for: Callable[[MedalRow], str] = marker_for or (lambda row: "")
        #: Which rows may show besides the company filter (the app's "only flagged / annotated").
        self.row_filter: Callable[[MedalRow], bool] = row_filter or (lambda row: True)
        self.sort_column: str | None = None
        self.descending = False
        self.company_filter: str | None = None
        self.shown: tuple[MedalRow, ...] = ()
        self._natural: dict[str, int] = {}
        self._ranks: dict[str, dict[str, int]] = {}

    # -- building ---------------------------------------------------------------------------------

    def on_mount(self) -> None:
        self._ranks = self._rank_columns()
        for spec in self.specs:
            self.add_column(self._label(spec), key=spec.key, width=max(cell_len(spec.label), 1))
        self.refilter(force=True)

    def _rank_columns(self) -> dict[str, dict[str, int]]:
        """For each sortable column, each row's dense rank by :func:`medal_sort.sort_key` (equal keys, equal rank).

        Done once for the whole table, so that a sort compares small integers instead of
        the natural-sort tuples; that keeps a 10,000-row sort to a few milliseconds.
        """
        ranks: dict[str, dict[str, int]] = {}
        for spec in self.specs:
            if not spec.sortable:
                continue
            keyed = sorted(((sort_key(row, spec.key), row.key) for row in self.all_rows), key=lambda pair: pair[0])
            column_ranks: dict[str, int] = {}
            previous: object = object()
            rank = -1
            for key, row_key in keyed:
                if key != previous:
                    rank, previous = rank + 1, key
                column_ranks[row_key] = rank
            ranks[spec.key] = column_ranks
        return ranks

    def _cells(self, row: MedalRow) -> list[Cell]:
        index = self.position[row.key]
        cells: list[Cell] = []
        for spec in self.specs:
            rank = self._ranks[spec.key][row.key] if spec.sortable else 0
            if spec.key == "mark":
                cells.append(Cell(self.marker_for(row), 0, index, style="bold"))
            elif spec.key == "medal":
                cell = Cell(f"● {row.medal}", rank, index)
                colour = MEDAL_COLOURS.get(row.medal)
                if colour:
                    cell.stylize(colour, 0, 1)
                cells.append(cell)
            else:
                cells.append(Cell(getattr(row, spec.key), rank, index))
        return cells

    def _set_rows(self, rows: Sequence[MedalRow]) -> None:
        """Show ``rows`` (a filter changed), keeping the sort and, if still shown, the highlighted row.

        Only filtering rebuilds rows; sorting never does.
        """
        keep = self.cursor_key
        self.clear()
        for row in rows:
            self.add_row(*self._cells(row), key=row.key)
        self.shown = tuple(rows)
        self._natural = self._natural_widths()
        self._apply_sort()
        self.fit_columns()
        if keep is not None and not self.move_to_key(keep):
            self.move_cursor(row=0)

    def _natural_widths(self) -> dict[str, int]:
        """The width each column would like: its widest cell, or its label plus room for an arrow."""
        widths: dict[str, int] = {}
        for spec in self.specs:
            if spec.key == "mark":
                widths["mark"] = MARK_WIDTH
            elif spec.key == "medal":
                widths["medal"] = max([cell_len(f"● {row.medal}") for row in self.shown] + [cell_len(spec.label) + 2])
            else:
                widths[spec.key] = max([cell_len(getattr(row, spec.key)) for row in self.shown]
                                       + [cell_len(spec.label) + 2])
        return widths

    # -- sizing -----------------------------------------------------------------------------------

    def on_resize(self, event: events.Resize) -> None:
        self.fit_columns()

    def fit_columns(self) -> None:
        """Give each column its natural width, shrinking the widest text columns until the table fits.

        Water-filling one cell at a time keeps the truncation balanced: the longest
        column loses first, and no column goes below its minimum (the table scrolls
        sideways instead, at widths below the app's minimum).
        """
        if not self.columns or not self._natural:
            return
        available = self.size.width
        if self.row_count + 1 > self.size.height:  # a vertical scrollbar takes its width from the rows
            available -= self.styles.scrollbar_size_vertical
        padding = 2 * self.cell_padding
        widths = dict(self._natural)
        excess = sum(width + padding for width in widths.values()) - available
        shrinkable = [spec for spec in self.specs if spec.min_width is not None]
        while excess > 0:
            candidates = [spec for spec in shrinkable if widths[spec.key] > spec.min_width]
            if not candidates:
                break
            widest = max(candidates, key=lambda spec: widths[spec.key])
            widths[widest.key] -= 1
            excess -= 1
        changed = False
        for spec in self.specs:
            column = self.columns[ColumnKey(spec.key)]
            if column.width != widths[spec.key] or column.auto_width:
                column.width = widths[spec.key]
                column.auto_width = False
                changed = True
        if changed:
            self._invalidate()

    def natural_width(self) -> int:
        """Cells the table needs to show every column unshrunk, with room for a vertical scrollbar."""
        padding = 2 * self.cell_padding
        return sum(width + padding for width in self._natural.values()) + self.styles.scrollbar_size_vertical

    def _invalidate(self) -> None:
        """Redraw after changing column widths or labels in place.

        DataTable has no public call for either; its renders are cached by
        ``_update_count`` and its virtual size is recomputed on idle when asked to.
        """
        self._clear_caches()
        self._update_count += 1
        self._require_update_dimensions = True
        self.check_idle()
        self.refresh()

    # -- sorting ----------------------------------------------------------------------------------

    def _label(self, spec: ColumnSpec) -> Text:
        label = Text(spec.label, no_wrap=True, overflow="ellipsis", end="")
        if spec.key == self.sort_column:
            label.append(" " + (DESCENDING_ARROW if self.descending else ASCENDING_ARROW), style="bold")
        return label

    def sort_by(self, column: str | None, descending: bool = False) -> None:
        """Sort by ``column`` (None: table order), in place, keeping the cursor on the same row."""
        if column is not None and column not in {spec.key for spec in self.specs if spec.sortable}:
            raise ValueError(f"no sortable column {column!r}")
        self.sort_column, self.descending = column, descending if column else False
        for spec in self.specs:
            # Labels always have room for the arrow (see _natural_widths), so widths need no update;
            # the sort below bumps DataTable's render counter, which redraws the header too.
            self.columns[ColumnKey(spec.key)].label = self._label(spec)
        if self.row_count:
            self._apply_sort()
        else:
            self._invalidate()
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
        if not self.row_count:
            return
        keep = self.cursor_key
        column = self.sort_column
        # One integer per row (rank, then position as tie-breaker) is the cheapest key to sort by.
        # Descending negates the rank rather than passing reverse=True, which would also reverse ties.
        size = len(self.all_rows) + 1
        if column is None:
            self.sort("mark", key=_by_position)
        elif self.descending:
            self.sort(column, key=lambda cell: -cell.rank * size + cell.index)
        else:
            self.sort(column, key=lambda cell: cell.rank * size + cell.index)
        if keep is not None:
            self.move_to_key(keep)

    @on(DataTable.HeaderSelected)
    def _header_clicked(self, event: DataTable.HeaderSelected) -> None:
        event.stop()
        key = event.column_key.value
        if key is not None and key != "mark":
            self.cycle_sort(key)

    # -- filtering and markers --------------------------------------------------------------------

    def filter_company(self, company: str | None) -> None:
        """Show only ``company``'s rows, or every row for None."""
        self.company_filter = company
        self.refilter(force=True)

    def refilter(self, force: bool = False) -> None:
        """Apply the company filter and ``row_filter`` again; rebuilds rows only if the shown set changed."""
        company = self.company_filter
        rows = tuple(row for row in self.all_rows
                     if (company is None or row.company == company) and self.row_filter(row))
        if force or [row.key for row in rows] != [row.key for row in self.shown]:
            self._set_rows(rows)
            self.post_message(self.ViewChanged(self))

    def refresh_markers(self) -> None:
        """Redraw the note/flag column (notes changed, or presenter mode toggled)."""
        for row in self.shown:
            self.update_cell(row.key, "mark", Cell(self.marker_for(row), 0, self.position[row.key], style="bold"))

    # -- cursor -----------------------------------------------------------------------------------

    @property
    def cursor_key(self) -> str | None:
        """Key of the highlighted row's record, or None when the table is empty."""
        if not self.row_count or not self.columns:
            return None
        row_key, _ = self.coordinate_to_cell_key(Coordinate(min(self.cursor_row, self.row_count - 1), 0))
        return row_key.value

    def move_to_key(self, key: str) -> bool:
        """Highlight the row of record ``key``; False if it is not shown."""
        try:
            index = self.get_row_index(key)
        except RowDoesNotExist:
            return False
        self.move_cursor(row=index)
        return True

    def visible_keys(self) -> list[str]:
        """Keys of the shown rows, top to bottom (for tests and exports)."""
        return [row.key.value for row in self.ordered_rows if row.key.value is not None]
