"""The Review screen's editor of one value: the text, and whether the draft would take it, said as it is typed."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import Input, Static


class ValueEditor(Vertical):
    """An input and its check line, shown while a value is edited; Enter posts :class:`ValueEditor.Edited`
    once the check passes."""

    DEFAULT_CSS = """
    ValueEditor { height: auto; }
    ValueEditor #review-edit { display: none; height: 3; }
    ValueEditor #review-check { display: none; height: 1; padding: 0 1; }
    ValueEditor.-editing #review-edit, ValueEditor.-editing #review-check { display: block; }
    """

    @dataclass
    class Edited(Message):
        """``text`` typed for ``value``, and checked."""

        value: Any
        text: str

    def __init__(self, check: Callable[[Any, str], Any], *, id: str | None = None) -> None:
        """``check(value, text)`` says whether ``text`` may replace ``value`` (``.ok``) and why (``.message``)."""
        super().__init__(id=id)
        self._check = check
        #: The value being edited; None while the editor is closed.
        self.editing: Any = None

    def compose(self) -> ComposeResult:
        yield Input(id="review-edit")
        yield Static(id="review-check", markup=False)

    def open(self, value: Any, text: str) -> None:
        """Edit ``value``, starting from ``text``."""
        self.editing = value
        self.set_class(True, "-editing")
        editor = self.query_one("#review-edit", Input)
        editor.value = text
        editor.focus()
        self._say(text)

    def close(self) -> None:
        self.editing = None
        self.set_class(False, "-editing")

    @on(Input.Changed, "#review-edit")
    def _typed(self, event: Input.Changed) -> None:
        self._say(event.value)

    def _say(self, text: str) -> None:
        if self.editing is None:
            return
        checked = self._check(self.editing, text)
        mark = ("✓ ", "bold $text-success") if checked.ok else ("✗ ", "bold $text-error")
        self.query_one("#review-check", Static).update(
            Content.assemble(mark, checked.message, ("  · Enter saves, Esc cancels", "$text-muted")))

    @on(Input.Submitted, "#review-edit")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if self.editing is not None and self._check(self.editing, event.value).ok:
            self.post_message(self.Edited(self.editing, event.value))
