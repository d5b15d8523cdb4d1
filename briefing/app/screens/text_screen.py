"""A long passage in a modal screen, scrollable, closed with Esc (Aerospace China's full response)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static


class TextScreen(ModalScreen[None]):
    """A long passage, scrollable, closed with Esc (used for Aerospace China's full response)."""

    DEFAULT_CSS = """
    TextScreen { align: center middle; }
    TextScreen > Vertical {
        width: 90; max-width: 100%; height: auto; max-height: 100%;
        border: round $accent; background: $surface; padding: 0 1;
    }
    TextScreen .text-title { text-style: bold; color: $accent; }
    TextScreen .text-hint { color: $text-muted; }
    TextScreen VerticalScroll { height: auto; max-height: 1fr; }
    TextScreen .text-body { margin-bottom: 1; }
    """

    BINDINGS = [Binding("escape,q,r", "close", "Close")]

    def __init__(self, title: str, paragraphs: list[str]) -> None:
        super().__init__()
        self._title = title
        self._paragraphs = paragraphs

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Content(self._title), classes="text-title", markup=False)
            with VerticalScroll(can_focus=True):
                for paragraph in self._paragraphs:
                    yield Static(Content(paragraph), classes="text-body", markup=False)
            yield Static(Content("Esc closes · ↑↓ scroll"), classes="text-hint", markup=False)

    def on_mount(self) -> None:
        self.query_one(VerticalScroll).focus()

    def action_close(self) -> None:
        self.dismiss(None)
