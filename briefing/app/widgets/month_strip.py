"""Events by month as a strip of columns: happened solid (``█``) under planned shaded (``░``).

The layout is the model's (:func:`briefing.model.glance_cells.strip_lines`, shared with
``briefing overview``); this widget gives its style names colours from the theme, and a
cursor: ``←``/``→`` move between months (``Home``/``End`` to the ends), Enter posts
:class:`MonthStrip.Chosen` with the month or year under the cursor. The shapes differ
before the colours do, so the strip reads the same in 16 colours and with ``NO_COLOR``.
Drawn from :class:`rich.text.Text` built from plain strings.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.binding import Binding
from textual.message import Message
from textual.widget import Widget

from ...model.glance import Slot, Strip
from ...model.glance_cells import legend_runs, strip_lines


class MonthStrip(Widget, can_focus=True):
    """The strip of one or more editions' events, ``bar_height`` rows of columns at most; ``compact``
    (the Timeline) draws only the band of years holding the cursor, brackets periods only when there
    are several, and puts the legend and the cursor's month on one line."""

    DEFAULT_CSS = """
    MonthStrip {
        height: auto;
        padding: 0 1;
        & > .month-strip--happened { color: $primary; }
        & > .month-strip--planned { color: $text-secondary; }
        & > .month-strip--in-period { text-style: bold; }
        & > .month-strip--label { color: $text-muted; }
        & > .month-strip--year { color: $text-muted; }
        & > .month-strip--now { color: $text-warning; text-style: bold; }
        & > .month-strip--period { color: $text-accent; }
        & > .month-strip--period-label { color: $text-accent; }
        & > .month-strip--cursor { text-style: underline; }
        &:focus > .month-strip--cursor { text-style: reverse bold; }
        & > .month-strip--detail { color: $text-muted; }
    }
    """

    COMPONENT_CLASSES = {
        "month-strip--happened", "month-strip--planned", "month-strip--in-period", "month-strip--label",
        "month-strip--year", "month-strip--now", "month-strip--period", "month-strip--period-label",
        "month-strip--cursor", "month-strip--detail",
    }

    BINDINGS = [
        Binding("left,h", "move(-1)", "Earlier", show=False),
        Binding("right,l", "move(1)", "Later", show=False),
        Binding("home", "move_to(0)", "First", show=False),
        Binding("end", "move_to(-1)", "Last", show=False),
        Binding("enter", "choose", "Open month"),
        Binding("escape", "leave", "Back", show=False),
    ]

    @dataclass
    class Chosen(Message):
        """Enter on a cell: ``slot`` is the month (or year) chosen."""

        strip: "MonthStrip"
        slot: Slot

        @property
        def control(self) -> "MonthStrip":
            return self.strip

    def __init__(self, *, bar_height: int = 4, compact: bool = False, hint: str = "Enter: its events",
                 id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.strip: Strip | None = None
        self.cursor: int = 0
        self.bar_height = bar_height
        self.compact = compact
        self.hint = hint
        #: A cell asked for before the strip holding it was drawn (``2025-01``): the cursor goes there.
        self._wanted: str | None = None

    def want(self, range_text: str) -> None:
        """Put the cursor on the cell of ``range_text`` (``2025-01``, ``2025``), now or when it is drawn."""
        self._wanted = range_text
        if self.strip is not None:
            self.set_strip(self.strip)

    def set_strip(self, strip: Strip) -> None:
        """Show ``strip``; the cursor stays on the same month when it is still there, else on today's."""
        old = self.strip.slots[self.cursor] if self.strip is not None and self.strip.slots else None
        self.strip = strip
        keep = next((i for i, s in enumerate(strip.slots)
                     if old is not None and (s.kind, s.year, s.month) == (old.kind, old.year, old.month)), None)
        if self._wanted is not None:
            wanted = next((i for i, s in enumerate(strip.slots)
                           if s.range_text == self._wanted and s.kind != "wide"), None)
            if wanted is not None:
                keep, self._wanted = wanted, None
        if keep is None:
            keep = strip.current if strip.current is not None else self._busiest()
        self.cursor = keep or 0
        self.refresh(layout=True)

    def set_compact(self, compact: bool, bar_height: int) -> None:
        if (compact, bar_height) != (self.compact, self.bar_height):
            self.compact, self.bar_height = compact, bar_height
            self.refresh(layout=True)

    def _busiest(self) -> int:
        assert self.strip is not None
        slots = self.strip.slots
        return max(range(len(slots)), key=lambda i: slots[i].total, default=0)

    @property
    def slot(self) -> Slot | None:
        """The cell under the cursor."""
        if self.strip is None or not self.strip.slots:
            return None
        return self.strip.slots[self.cursor]

    # -- keys ------------------------------------------------------------------------------------

    def action_move(self, step: int) -> None:
        if self.strip is not None and self.strip.slots:
            self.cursor = max(0, min(len(self.strip.slots) - 1, self.cursor + step))
            self.refresh(layout=True)

    def action_move_to(self, index: int) -> None:
        if self.strip is not None and self.strip.slots:
            self.cursor = index % len(self.strip.slots)
            self.refresh(layout=True)

    @dataclass
    class Left(Message):
        """Esc on the strip: its owner puts the focus back where reading goes on."""

        strip: "MonthStrip"

        @property
        def control(self) -> "MonthStrip":
            return self.strip

    def action_leave(self) -> None:
        self.post_message(self.Left(self))

    def action_choose(self) -> None:
        slot = self.slot
        if slot is not None:
            self.post_message(self.Chosen(self, slot))

    # -- drawing ---------------------------------------------------------------------------------

    def _lines(self, width: int) -> list[Text]:
        strip = self.strip
        if strip is None:
            return [Text("Counting events…", style=self.get_component_rich_style("month-strip--detail"))]
        if not strip.slots:
            return [Text("No events.", style=self.get_component_rich_style("month-strip--detail"))]
        show_periods = not self.compact or len(strip.periods) > 1
        lines = [self._text(line) for line in strip_lines(
            strip, max(width, 20), height=self.bar_height, cursor=self.cursor, show_periods=show_periods,
            band_of=self.cursor if self.compact else None)]
        slot = self.slot
        detail = Text(no_wrap=True, overflow="ellipsis", end="")
        if slot is not None:
            detail.append(slot.describe(), style=self.get_component_rich_style("month-strip--detail"))
            if self.has_focus:
                detail.append(f" · {self.hint}", style=self.get_component_rich_style("month-strip--detail"))
        if self.compact:
            legend = self._text(legend_runs(now=strip.current is not None)[:4])
            lines.append(legend.append("· ").append_text(detail))
        else:
            lines.append(self._text(legend_runs(now=strip.current is not None)))
            lines.append(detail)
        return lines

    def _text(self, runs) -> Text:
        text = Text(no_wrap=True, overflow="ellipsis", end="")
        for part, style in runs:
            text.append(part, style=self.get_component_rich_style(f"month-strip--{style}") if style else "")
        return text

    def get_content_height(self, container, viewport, width: int) -> int:
        return len(self._lines(width))

    def render(self) -> Text:
        lines = self._lines(self.content_region.width or self.size.width)
        return Text("\n", no_wrap=True, end="").join(lines)
