"""The Review screen's two questions: reject the value or its whole record (``x``), and accept every
value at or above a confidence (``c``), which says how many it would accept before it does."""

from __future__ import annotations

from typing import Callable

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Static

_CSS = """
{name} {{ align: center middle; }}
{name} > Vertical {{ width: 64; max-width: 100%; height: auto; border: thick $warning;
                    background: $surface; padding: 0 1; }}
{name} .dialog-foot {{ color: $text-muted; }}
"""


class RejectChoice(ModalScreen[str | None]):
    """Dismisses with ``"value"``, ``"record"``, or None when cancelled."""

    DEFAULT_CSS = _CSS.format(name="RejectChoice")

    BINDINGS = [
        Binding("v", "choose('value')", "The value only"),
        Binding("r", "choose('record')", "The whole record"),
        Binding("escape", "choose('')", "Cancel"),
    ]

    def __init__(self, field: str, value: str, record: str) -> None:
        super().__init__()
        self._field, self._value, self._record = field, value, record

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Content.assemble(("Reject ", "bold"), f"{self._field} = {self._value!r}?"), markup=False)
            yield Static(Content.assemble(("v", "bold $text-accent"), "  drop this value from the record\n",
                                          ("r", "bold $text-accent"), f"  drop the whole record {self._record}\n",
                                          ("Esc", "bold $text-accent"), "  keep it"), markup=False)

    def action_choose(self, choice: str) -> None:
        self.dismiss(choice or None)


class AcceptAbove(ModalScreen[float | None]):
    """Asks for a confidence and says, as it is typed, how many values that accepts; Enter accepts."""

    DEFAULT_CSS = _CSS.format(name="AcceptAbove") + "AcceptAbove Input { margin: 1 0 0 0; }"

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, count_above: Callable[[float], tuple[int, int]], start: float = 0.9) -> None:
        super().__init__()
        self._count_above = count_above
        self._start = start

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Content("Accept every value not yet decided at or above confidence:"), markup=False)
            yield Input(f"{self._start:g}", id="confidence")
            yield Static(id="count", markup=False)
            yield Static(Content("Enter accepts them · Esc cancels"), classes="dialog-foot", markup=False)

    def on_mount(self) -> None:
        self._show(self._start)
        self.query_one(Input).focus()

    def _read(self, text: str) -> float | None:
        try:
            value = float(text)
        except ValueError:
            return None
        return value if 0 <= value <= 1 else None

    def _show(self, confidence: float | None) -> None:
        count = self.query_one("#count", Static)
        if confidence is None:
            count.update(Content("A confidence is a number from 0 to 1, such as 0.8."))
            return
        values, doubtful = self._count_above(confidence)
        count.update(Content(f"That accepts {values} value{'s' if values != 1 else ''}, "
                             f"{doubtful} of them doubtful."))

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        self._show(self._read(event.value))

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        confidence = self._read(event.value)
        if confidence is not None:
            self.dismiss(confidence)

    def action_cancel(self) -> None:
        self.dismiss(None)
