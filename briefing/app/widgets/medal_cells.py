"""The medal table's columns and cells: which columns, how wide, their sort keys and one row drawn as segments.

Plain functions of the rows, so :class:`~briefing.app.widgets.medal_table.MedalTable` keeps only
the widget: the cursor, scrolling, sorting and filtering state, keys and mouse.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple, Sequence

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style

from ...model.data.records import MedalRow
from ...model.query.medal_sort import sort_key
from ...model.query.text_find import find_spans

#: Medal colours. Fixed rather than themed: gold, silver and bronze mean these colours. The word is
#: always printed too, so the medal reads the same without colour (NO_COLOR) or on any background.
#: Chosen so that 16- and 256-colour terminals still tell them apart: Gold becomes bright yellow,
#: Bronze yellow (brown on the Linux console), Silver white (#d4a017, the gold before, became yellow too).
MEDAL_COLOURS: dict[str, str] = {"Gold": "#e6b422", "Silver": "#9ea3a8", "Bronze": "#b8733a"}
_MEDAL_STYLES: dict[str, Style] = {medal: Style.parse(colour) for medal, colour in MEDAL_COLOURS.items()}
_BOLD = Style(bold=True)
#: Find matches in reverse video, which reads in every theme, in 8 colours and with NO_COLOR.
_MATCH = Style(reverse=True)

#: Columns the table can be filtered by, each to the value of one row (``o``, ``O``, ``M`` in the tab).
FILTER_COLUMNS: tuple[str, ...] = ("company", "sector", "medal")

ASCENDING_ARROW, DESCENDING_ARROW = "▲", "▼"

#: Blank cells either side of every cell's text, as DataTable's default ``cell_padding``.
CELL_PADDING = 1


@dataclass(frozen=True)
class ColumnSpec:
    """One column: its key (a :data:`briefing.model.query.medal_sort.COLUMNS` name), label, and narrowest width."""

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


class LineStyles(NamedTuple):
    """The styles of one repaint: the widget's, the header's, the two zebra rows', the cursor's."""

    base: Style
    header: Style
    even: Style
    odd: Style
    cursor: Style
    cursor_foreground: Style


def fit(text: str, width: int) -> str:
    """``text`` padded or cut to exactly ``width`` cells, ending in "…" when cut (wide characters count two)."""
    if cell_len(text) <= width:
        return set_cell_size(text, width)
    if width <= 1:
        return "…"[:width]
    return set_cell_size(text, width - 1) + "…"


def medal_text(row: MedalRow) -> str:
    return f"● {row.medal}"


def sort_keys(rows: Sequence[MedalRow], specs: Sequence[ColumnSpec]) -> dict[str, tuple[list[int], list[int]]]:
    """For each sortable column, one integer per row to sort by, ascending and descending.

    A row's key is its dense rank by :func:`medal_sort.sort_key` in that column (equal
    keys, equal rank) scaled past every position, plus its position: the order is the
    column's, ties in table order. Descending negates the rank rather than reversing
    the sort, which would also reverse the ties. Ranks are computed per distinct value
    (a column has far fewer of them than rows), once, so a sort compares plain integers.
    """
    size = len(rows) + 1
    keys: dict[str, tuple[list[int], list[int]]] = {}
    for spec in specs:
        if not spec.sortable:
            continue
        key_of: dict[str, tuple] = {}
        for row in rows:
            value = getattr(row, spec.key)
            if value not in key_of:
                key_of[value] = sort_key(row, spec.key)
        ranks: dict[str, int] = {}
        previous: object = object()
        rank = -1
        for value in sorted(key_of, key=key_of.__getitem__):
            if key_of[value] != previous:
                rank, previous = rank + 1, key_of[value]
            ranks[value] = rank
        column = [ranks[getattr(row, spec.key)] for row in rows]
        keys[spec.key] = ([r * size + p for p, r in enumerate(column)],
                          [-r * size + p for p, r in enumerate(column)])
    return keys


def natural_widths(rows: Sequence[MedalRow], specs: Sequence[ColumnSpec]) -> dict[str, int]:
    """The width each column would like: its widest cell, or its label plus room for an arrow."""
    widths: dict[str, int] = {}
    for spec in specs:
        if spec.key == "mark":
            widths["mark"] = MARK_WIDTH
            continue
        values = {getattr(row, spec.key) for row in rows}
        if spec.key == "medal":
            values = {f"● {value}" for value in values}
        widths[spec.key] = max([cell_len(value) for value in values] + [cell_len(spec.label) + 2])
    return widths


def fitted_widths(natural: dict[str, int], specs: Sequence[ColumnSpec], available: int) -> dict[str, int]:
    """Each column's natural width, the widest text columns shrunk until the table fits ``available`` cells.

    Water-filling one cell at a time keeps the truncation balanced: the longest
    column loses first, and no column goes below its minimum (the table scrolls
    sideways instead, at widths below the app's minimum).
    """
    padding = 2 * CELL_PADDING
    widths = dict(natural)
    excess = sum(width + padding for width in widths.values()) - available
    shrinkable = [spec for spec in specs if spec.min_width is not None]
    while excess > 0:
        candidates = [spec for spec in shrinkable if widths[spec.key] > spec.min_width]
        if not candidates:
            break
        widest = max(candidates, key=lambda spec: widths[spec.key])
        widths[widest.key] -= 1
        excess -= 1
    return widths


def row_cells(row: MedalRow, specs: Sequence[ColumnSpec], widths: dict[str, int], marker: str,
              query: str) -> list[Segment]:
    """One row's cells, each fitted to its column: the marker bold, the medal's dot in its colour, ``query`` reversed."""
    pad = " " * CELL_PADDING
    segments: list[Segment] = []
    for spec in specs:
        width = widths.get(spec.key, 0)
        if spec.key == "mark":
            segments.append(Segment(pad + fit(marker, width) + pad, _BOLD))
        elif spec.key == "medal":
            text = fit(medal_text(row), width)
            segments += [Segment(pad), Segment(text[:1], _MEDAL_STYLES.get(row.medal)),
                         *found(text[1:], "", pad, query)]
        else:
            segments += found(fit(getattr(row, spec.key), width), pad, pad, query)
    return segments

def found(text: str, before: str, after: str, query: str) -> list[Segment]:
    """``before + text + after`` as segments, the find query's matches in ``text`` reversed.

    One segment when nothing matches (the usual case, so a repaint builds no more than before).
    A match cut by the column's "…" is not marked, though its row counts as a match.
    """
    spans = find_spans(text, query) if query else []
    if not spans:
        return [Segment(before + text + after)]
    segments: list[Segment] = [Segment(before)]
    at = 0
    for start, end in spans:
        segments += [Segment(text[at:start]), Segment(text[start:end], _MATCH)]
        at = end
    segments.append(Segment(text[at:] + after))
    return segments
