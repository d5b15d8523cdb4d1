"""A keyboard-driven list that renders only the rows on screen, so 100,000 rows cost what 100 do.

Textual's ListView mounts a widget per row and OptionList measures every option; both
cost seconds at 100,000 rows. This widget knows only a row *count* and asks its owner
to render a row when that row scrolls into view (Textual's line API), caching the
result until the rows change.

Rows are drawn from :class:`rich.text.Text` built from plain strings, never from
markup, so data such as ``[bold]`` or ``[@click=app.quit]`` shows as written.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.cache import LRUCache
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

#: Renders row ``index`` for a given width. Return plain-string Text; styles come from the theme.
RowRenderer = Callable[[int, int], Text]


class VirtualList(ScrollView, can_focus=True):
    """Rows rendered on demand, a cursor, and messages when the cursor moves or a row is chosen."""

    DEFAULT_CSS = """
    VirtualList {
        height: 1fr;
        overflow-x: hidden;
        background: $surface;
        & > .virtual-list--cursor {
            background: $block-cursor-blurred-background;
            color: $block-cursor-blurred-foreground;
            text-style: $block-cursor-blurred-text-style;
        }
        &:focus > .virtual-list--cursor {
            background: $block-cursor-background;
            color: $block-cursor-foreground;
            text-style: $block-cursor-text-style;
        }
        & > .virtual-list--header { color: $accent; text-style: bold; }
        & > .virtual-list--dim { color: $text-muted; }
        & > .virtual-list--match { background: $warning 40%; text-style: bold; }
        & > .virtual-list--marker { color: $warning; }
        & > .virtual-list--planned { color: $text-secondary; }
        & > .virtual-list--empty { color: $text-muted; text-style: italic; }
    }
    """

    COMPONENT_CLASSES = {
        "virtual-list--cursor",
        "virtual-list--header",
        "virtual-list--dim",
        "virtual-list--match",
        "virtual-list--marker",
        "virtual-list--planned",
        "virtual-list--empty",
    }

    BINDINGS = [
        Binding("up,k", "cursor_up", "Up", show=False),
        Binding("down,j", "cursor_down", "Down", show=False),
        Binding("pageup", "page_up", "Page up", show=False),
        Binding("pagedown", "page_down", "Page down", show=False),
        Binding("home,g", "first", "First", show=False),
        Binding("end,G", "last", "Last", show=False),
        Binding("enter", "select", "Open", show=False),
    ]

    cursor: reactive[int] = reactive(-1, always_update=True, init=False)

    @dataclass
    class Highlighted(Message):
        """The cursor moved to ``index``."""

        list: "VirtualList"
        index: int

        @property
        def control(self) -> "VirtualList":
            return self.list

    @dataclass
    class Selected(Message):
        """Enter (or a click on the highlighted row) chose row ``index``."""

        list: "VirtualList"
        index: int

        @property
        def control(self) -> "VirtualList":
            return self.list

    def __init__(self, render_row: RowRenderer | None = None, *, empty_text: str = "Nothing to show.",
                 name: str | None = None, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self._render_row = render_row
        self._count = 0
        self._selectable: Callable[[int], bool] = lambda index: True
        self._cache: LRUCache[tuple[int, int], Strip] = LRUCache(1024)
        self.empty_text = empty_text

    # -- rows -------------------------------------------------------------------------------

    @property
    def count(self) -> int:
        return self._count

    def set_rows(self, count: int, *, render_row: RowRenderer | None = None,
                 selectable: Callable[[int], bool] | None = None, cursor: int | None = 0) -> None:
        """Show ``count`` rows; put the cursor on ``cursor`` (or the next selectable row)."""
        if render_row is not None:
            self._render_row = render_row
        if selectable is not None:
            self._selectable = selectable
        self._count = count
        self._cache.clear()
        self.virtual_size = Size(self.scrollable_content_region.width, max(count, 1))
        self.refresh()
        if cursor is None or count == 0:
            self.cursor = -1 if count == 0 else min(max(self.cursor, 0), count - 1)
        else:
            self.cursor = self._nearest_selectable(min(max(cursor, 0), count - 1), 1)
        self.scroll_to_cursor(center=False)

    def refresh_rows(self) -> None:
        """Re-render every row (their content changed, e.g. a note marker), keeping the cursor."""
        self._cache.clear()
        self.refresh()

    def _nearest_selectable(self, index: int, step: int) -> int:
        probe = index
        while 0 <= probe < self._count:
            if self._selectable(probe):
                return probe
            probe += step
        probe = index - step
        while 0 <= probe < self._count:
            if self._selectable(probe):
                return probe
            probe -= step
        return -1

    # -- rendering ---------------------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        index = self.scroll_offset.y + y
        base = self.rich_style
        if self._count == 0:
            if y == 0:
                text = Text(self.empty_text, style=self.get_component_rich_style("virtual-list--empty"))
                return self._strip(text, width, base)
            return Strip.blank(width, base)
        if index >= self._count:
            return Strip.blank(width, base)
        if index == self.cursor:
            # As the medal table: the cursor's background under the row's own styles and its
            # foreground over them, so the bar shows whatever background a segment carried
            # (every segment carries the list's). Without colour (NO_COLOR) a bar of reverse video.
            cursor = self.get_component_rich_style("virtual-list--cursor")
            if self.app.no_color:
                cursor += Style(reverse=True)
            text = self._render_row(index, width) if self._render_row else Text(str(index))
            return self._strip(text, width, base + cursor, Style.from_color(cursor.color))
        key = (index, width)
        strip = self._cache.get(key)
        if strip is None:
            text = self._render_row(index, width) if self._render_row else Text(str(index))
            strip = self._strip(text, width, base)
            self._cache[key] = strip
        return strip

    def _strip(self, text: Text, width: int, base: Style, post: Style | None = None) -> Strip:
        text = text.copy()
        if text.style:
            # Text.render drops a Text's own style when it has no spans; make it a span.
            text.stylize_before(text.style)
            text.style = ""
        text.no_wrap = True
        text.overflow = "ellipsis"
        text.truncate(width, overflow="ellipsis")
        segments = [Segment(seg.text.replace("\n", " "), seg.style, seg.control)
                    for seg in text.render(self.app.console) if seg.text != "\n"]
        strip = Strip(list(Segment.apply_style(segments, base, post)))
        return strip.crop_extend(0, width, base).simplify()

    def on_resize(self, event: events.Resize) -> None:
        self._cache.clear()
        self.virtual_size = Size(self.scrollable_content_region.width, max(self._count, 1))

    # -- cursor -------------------------------------------------------------------------------

    def watch_cursor(self, old: int, new: int) -> None:
        for index in (old, new):
            if 0 <= index < self._count:
                self.refresh_line(index)
        if 0 <= new < self._count:
            self.scroll_to_cursor()
            self.post_message(self.Highlighted(self, new))

    def scroll_to_cursor(self, center: bool = False) -> None:
        if 0 <= self.cursor < self._count:
            width = self.scrollable_content_region.width
            self.scroll_to_region(Region(0, self.cursor, width, 1), animate=False, center=center,
                                  force=True, immediate=True)

    def move_to(self, index: int, center: bool = True) -> None:
        """Put the cursor on ``index`` and bring it to the middle of the view."""
        if 0 <= index < self._count:
            self.cursor = index
            self.scroll_to_cursor(center=center)

    def _step(self, step: int) -> None:
        if self._count == 0:
            return
        start = self.cursor + step if self.cursor >= 0 else 0
        start = min(max(start, 0), self._count - 1)
        target = self._nearest_selectable(start, 1 if step > 0 else -1)
        if target != -1:
            self.cursor = target

    def action_cursor_up(self) -> None:
        self._step(-1)

    def action_cursor_down(self) -> None:
        self._step(1)

    def action_page_up(self) -> None:
        self._step(-max(self.scrollable_content_region.height - 1, 1))

    def action_page_down(self) -> None:
        self._step(max(self.scrollable_content_region.height - 1, 1))

    def action_first(self) -> None:
        if self._count:
            self.cursor = self._nearest_selectable(0, 1)

    def action_last(self) -> None:
        if self._count:
            self.cursor = self._nearest_selectable(self._count - 1, -1)

    def action_select(self) -> None:
        if 0 <= self.cursor < self._count:
            self.post_message(self.Selected(self, self.cursor))

    def on_click(self, event: events.Click) -> None:
        index = self.scroll_offset.y + event.y
        if not (0 <= index < self._count) or not self._selectable(index):
            return
        if index == self.cursor or event.chain >= 2:
            self.cursor = index
            self.post_message(self.Selected(self, index))
        else:
            self.cursor = index
