"""A one-line find bar (``/``) for a view that shows text: a box, and where the current match is ("2 of 5").

The bar only reports what the reader wants, through nested messages; the view it is in
finds, highlights and scrolls (:class:`~briefing.app.widgets.reading_pane.ReadingPane`,
the Medals tab). While typing, ↓ and ↑ (or Enter) step through the matches without
leaving the box; Enter hands focus back to the view, where ``n`` and ``N`` go on stepping;
Esc closes the bar and removes the highlights.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.content import Content
from textual.message import Message
from textual.widgets import Input, Static


class FindInput(Input):
    """The find box: Esc closes the find, ↓/↑ step through the matches, Enter goes back to reading."""

    BINDINGS = [
        Binding("escape", "close", "Close find", show=False),
        Binding("down", "step(True)", "Next match", show=False),
        Binding("up", "step(False)", "Previous match", show=False),
    ]

    def action_close(self) -> None:
        self.post_message(FindBar.Closed(self.bar))

    def action_step(self, forward: bool) -> None:
        self.post_message(FindBar.Step(self.bar, forward))

    @property
    def bar(self) -> "FindBar":
        return self.query_ancestor(FindBar)


class FindBar(Horizontal):
    """``Find: [shenzhou]  2 of 5  ·  n/N next/previous · Esc closes``; hidden until :meth:`open`."""

    DEFAULT_CSS = """
    FindBar {
        dock: bottom; height: 1; display: none; background: $boost;
        &.-open { display: block; }
        & > .find-label { width: auto; text-style: bold; padding: 0 1 0 0; }
        /* The box a fixed width and the hint what is left: at 80 columns the hint alone would take
           the line and leave the box no room to show what is typed. */
        & > FindInput { width: 28; height: 1; border: none; padding: 0; background: $boost; }
        & > FindInput:focus { background: $panel; }
        & > .find-count { width: auto; padding: 0 1; color: $text-accent; text-style: bold; }
        & > .find-hint { width: 1fr; color: $text-muted; text-wrap: nowrap; text-overflow: ellipsis; }
    }
    """

    @dataclass
    class Changed(Message):
        """The query changed (every keystroke)."""

        bar: "FindBar"
        query: str

        @property
        def control(self) -> "FindBar":
            return self.bar

    @dataclass
    class Step(Message):
        """Go to the next (``forward``) or previous match."""

        bar: "FindBar"
        forward: bool

        @property
        def control(self) -> "FindBar":
            return self.bar

    @dataclass
    class Done(Message):
        """Enter: done typing; the view takes focus back and keeps the matches for n/N."""

        bar: "FindBar"

        @property
        def control(self) -> "FindBar":
            return self.bar

    @dataclass
    class Closed(Message):
        """Esc: close the find and remove its highlights."""

        bar: "FindBar"

        @property
        def control(self) -> "FindBar":
            return self.bar

    def compose(self) -> ComposeResult:
        yield Static(Content("Find:"), classes="find-label", markup=False)
        yield FindInput(placeholder="word to find", compact=True, select_on_focus=False)
        yield Static(classes="find-count", markup=False)
        yield Static(Content("↓↑ or n/N: next/previous · Enter: back to reading · Esc: close"),
                     classes="find-hint", markup=False)

    @property
    def is_open(self) -> bool:
        return self.has_class("-open")

    @property
    def query_text(self) -> str:
        """What the box holds ("" when the bar is closed)."""
        return self.query_one(FindInput).value if self.is_open else ""

    def open(self) -> None:
        """Show the bar and put the cursor in the box, keeping the last query to edit or reuse."""
        self.add_class("-open")
        box = self.query_one(FindInput)
        self.screen.set_focus(box)  # at once: a word typed right after the key goes in (app/type_ahead.py)
        box.cursor_position = len(box.value)

    def close(self) -> None:
        self.remove_class("-open")

    def show_count(self, text: str) -> None:
        """``"2 of 5"``, ``"no match"`` or ""."""
        self.query_one(".find-count", Static).update(Content(text))

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        event.stop()
        self.post_message(self.Changed(self, event.value))

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.post_message(self.Done(self))
