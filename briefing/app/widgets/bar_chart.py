"""A horizontal bar chart with a cursor: one line per bar, ``label  ████████▍  1,721``.

Built on :class:`VirtualList`, so it moves, scrolls and reports the highlighted and
chosen bar like every other list in the app. Bars are scaled to the largest value and
drawn in eighths of a cell (``▏▎▍▌▋▊▉█``), so close values still differ visibly; the
number is always printed, so the chart reads the same without colour. A bar may be
split into segments (a company's Gold, Silver and Bronze medals), each drawn in its own
glyph (``█ ▒ ░``) as well as its own colour. Rows are Text built from plain strings: a
label such as ``[bold]x[/]`` shows as written.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from rich.cells import cell_len
from rich.text import Text

from ...model.glance_cells import medal_runs
from .virtual_list import VirtualList

#: Partial blocks, one to seven eighths of a cell.
EIGHTHS = "▏▎▍▌▋▊▉"
FULL = "█"


def bar_units(value: float, maximum: float, width: int) -> int:
    """Length of the bar for ``value`` in eighths of a cell, when ``maximum`` fills ``width`` cells.

    A positive value always gets at least one eighth, so it never looks like zero.
    """
    if maximum <= 0 or width <= 0 or value <= 0:
        return 0
    return max(1, round(min(value, maximum) / maximum * width * 8))


def bar_string(value: float, maximum: float, width: int) -> str:
    """The bar itself: full blocks and at most one partial block, never wider than ``width``."""
    units = bar_units(value, maximum, width)
    full, rest = divmod(units, 8)
    return FULL * full + (EIGHTHS[rest - 1] if rest else "")


@dataclass(frozen=True)
class Bar:
    """One bar: what it is, its value, and an optional marker (a note or flag) shown before the label."""

    label: str
    value: int
    marker: str = ""
    #: Gold, Silver and Bronze counts summing to ``value``, for a bar drawn in three glyphs.
    medals: tuple[int, ...] = ()
    #: Said after the number (``1 G, 2 S, 1 B``).
    detail: str = ""


class BarChart(VirtualList):
    """Bars in the order given (the caller sorts), with rank numbers, a cursor and Enter to choose one."""

    DEFAULT_CSS = """
    BarChart {
        height: auto;
        max-height: 50%;
        & > .bar-chart--bar { color: $accent; }
        & > .bar-chart--value { text-style: bold; }
        & > .bar-chart--gold { color: $warning; }
        & > .bar-chart--silver { color: $foreground; }
        & > .bar-chart--bronze { color: $error; }
    }
    """

    COMPONENT_CLASSES = VirtualList.COMPONENT_CLASSES | {"bar-chart--bar", "bar-chart--value", "bar-chart--gold",
                                                         "bar-chart--silver", "bar-chart--bronze"}

    def __init__(self, *, empty_text: str = "No articles.", ranks: bool = True, id: str | None = None,
                 classes: str | None = None) -> None:
        super().__init__(self._render_bar, empty_text=empty_text, id=id, classes=classes)
        self.ranks = ranks
        self.bars: tuple[Bar, ...] = ()

    def set_bars(self, bars: Sequence[Bar], cursor: int | None = 0) -> None:
        """Show ``bars``; the tallest value fills the bar area."""
        self.bars = tuple(bars)
        self.set_rows(len(self.bars), cursor=cursor)
        self.refresh(layout=True)  # height: auto follows the number of bars

    def get_content_height(self, container, viewport, width: int) -> int:
        return max(len(self.bars), 1)

    def layout(self, width: int) -> tuple[int, int, int, int]:
        """Cells for (rank, marker, label, bar) at ``width``; the number follows the bar.

        The label takes what it needs up to 45% of the room left after the fixed parts,
        so the bars keep at least half the line and remain comparable.
        """
        count = len(self.bars)
        rank_width = len(str(count)) + 1 if count and self.ranks else 0
        marker_width = 3 if any(bar.marker for bar in self.bars) else 0
        value_width = max((len(f"{bar.value:,}") for bar in self.bars), default=0)
        value_width += max((len(bar.detail) + 2 for bar in self.bars if bar.detail), default=0)
        room = max(width - rank_width - marker_width - value_width - 2, 2)  # two spaces around the bar
        longest = max((cell_len(bar.label) for bar in self.bars), default=0)
        label_width = min(longest, max(room * 45 // 100, min(longest, 6)))
        bar_width = max(room - label_width, 1)
        return rank_width, marker_width, label_width, bar_width

    def bar_text(self, index: int, width: int) -> str:
        """The bar glyphs of row ``index`` at ``width`` (for tests: longer bar, bigger value)."""
        _, _, _, bar_width = self.layout(width)
        maximum = max((bar.value for bar in self.bars), default=0)
        return bar_string(self.bars[index].value, maximum, bar_width)

    def _render_bar(self, index: int, width: int) -> Text:
        bar = self.bars[index]
        rank_width, marker_width, label_width, bar_width = self.layout(width)
        maximum = max((b.value for b in self.bars), default=0)
        value_width = max(len(f"{b.value:,}") for b in self.bars)
        label = Text(bar.label, no_wrap=True, end="")
        label.truncate(label_width, overflow="ellipsis", pad=True)
        if bar.medals:
            runs = medal_runs(bar.medals, maximum, bar_width)
        else:
            runs = [(bar_string(bar.value, maximum, bar_width), "bar")]
        glyphs = "".join(part for part, _ in runs)
        text = Text(no_wrap=True, end="")
        if rank_width:
            text.append(f"{index + 1:>{rank_width - 1}} ", style=self.get_component_rich_style("virtual-list--dim"))
        if marker_width:
            text.append(f"{bar.marker:<2} ", style=self.get_component_rich_style("virtual-list--marker"))
        text.append_text(label)
        text.append(" ")
        for part, style in runs:
            text.append(part, style=self.get_component_rich_style(f"bar-chart--{style}"))
        text.append(" " * (bar_width - cell_len(glyphs) + 1))
        text.append(f"{bar.value:>{value_width},}", style=self.get_component_rich_style("bar-chart--value"))
        if bar.detail:
            text.append(f"  {bar.detail}", style=self.get_component_rich_style("virtual-list--dim"))
        return text
