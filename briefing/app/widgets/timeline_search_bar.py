"""The Timeline's search line: an input filtered on every keystroke, and how many events are shown."""

from __future__ import annotations

from typing import Callable

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.content import Content
from textual.message import Message
from textual.widgets import Input, Static


class SearchInput(Input):
    """The search box. ↓ and ↑ move through the results without leaving it, Enter opens the
    highlighted one; Escape hands focus back to the list and keeps the search.

    ``on_change`` hears every new value synchronously, while the key is being handled,
    so the list is filtered in the same frame that shows the typed character. The
    ``Changed`` message would reach the tab only after that frame, and Textual then
    waits for its next update tick (17-33 ms) to draw the list: a second frame per key.
    """

    BINDINGS = [
        Binding("escape", "leave", "Back to list", show=False),
        Binding("down", "move(1)", "Next result", show=False),
        Binding("up", "move(-1)", "Previous result", show=False),
        Binding("pagedown", "move(10)", "Results page down", show=False),
        Binding("pageup", "move(-10)", "Results page up", show=False),
    ]

    def __init__(self, *args, on_change: Callable[[str], None] | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._on_change = on_change

    def watch_value(self, value: str) -> None:
        if self._on_change is not None:
            self._on_change(value)

    class Leave(Message):
        """The analyst is done typing: focus the list, keep the filter."""

    def action_leave(self) -> None:
        self.post_message(self.Leave())

    class Move(Message):
        """Move the list's cursor ``step`` results, the focus staying in the box."""

        def __init__(self, step: int) -> None:
            super().__init__()
            self.step = step

    def action_move(self, step: int) -> None:
        self.post_message(self.Move(step))


class TimelineSearchBar(Horizontal):
    """``/ [search…]  12 of 33 events``, one line high; ``on_change`` as for :class:`SearchInput`."""

    def __init__(self, *, on_change: Callable[[str], None] | None = None, id: str | None = None) -> None:
        super().__init__(id=id)
        self._on_change = on_change

    DEFAULT_CSS = """
    TimelineSearchBar { height: 1; background: $panel; }
    TimelineSearchBar > .search-label { width: auto; padding: 0 1; color: $text-muted; }
    TimelineSearchBar > SearchInput { width: 1fr; }
    TimelineSearchBar > #timeline-count { width: 24; padding: 0 1; color: $text-muted; text-align: right; }
    """

    def compose(self) -> ComposeResult:
        yield Static(Content("/"), classes="search-label", markup=False)
        yield SearchInput(placeholder="search title, text, entities", id="timeline-search",
                          select_on_focus=False, compact=True, on_change=self._on_change)
        yield Static(Content(""), id="timeline-count", markup=False)

    @property
    def input(self) -> SearchInput:
        return self.query_one(SearchInput)

    def set_count(self, text: str) -> None:
        # A fixed width and no re-layout: the count changes on every keystroke, and a layout
        # pass of the whole screen per key cost more than the search itself.
        self.query_one("#timeline-count", Static).update(Content(text), layout=False)
