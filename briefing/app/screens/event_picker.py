"""Choosing one of a news item's timeline events (the News tab's ``t`` when it links several)."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from ...model.data.records import Event, NewsItem
from ..widgets.reading_pane import event_line


class EventPicker(ModalScreen[str | None]):
    """Choose one of an item's timeline events; returns its key, or None."""

    DEFAULT_CSS = """
    EventPicker { align: center middle; }
    EventPicker > Vertical {
        width: 90; max-width: 95%; height: auto; max-height: 80%;
        border: round $accent; background: $surface;
    }
    EventPicker .picker-title { text-style: bold; color: $accent; padding: 0 1; }
    EventPicker OptionList { height: auto; max-height: 20; border: none; }
    EventPicker .picker-hint { color: $text-muted; padding: 0 1; }
    """

    BINDINGS = [Binding("escape", "close", "Close")]

    def __init__(self, item: NewsItem, events: list[Event]) -> None:
        super().__init__()
        self._item = item
        self._events = events

    def compose(self) -> ComposeResult:
        width = max(len(e.date.display()) for e in self._events)
        with Vertical():
            yield Static(Content.assemble("Timeline events from ", (self._item.headline, "bold")),
                         classes="picker-title", markup=False)
            yield OptionList(*[Option(event_line(e, width), id=e.key) for e in self._events])
            yield Static(Content("↑↓ choose · Enter opens in the Timeline · Esc closes"), classes="picker-hint",
                         markup=False)

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        options.highlighted = 0
        options.focus()

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_close(self) -> None:
        self.dismiss(None)
