"""``d`` on the Timeline: show only events within From..To (``2025``, ``2025-01`` or ``2025-01-06``).

A modal screen, kept with the Timeline's widgets because only the Timeline uses it.
Bad input is reported in the dialog and nothing changes until the range reads.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from ...model.data.dates import DateError
from ...model.query.timeline_filter import TimelineFilter


class DateRangeDialog(ModalScreen[TimelineFilter | None]):
    """Dismisses with the filter given the new range, or None when cancelled."""

    DEFAULT_CSS = """
    DateRangeDialog { align: center middle; }
    DateRangeDialog > Vertical { width: 50; max-width: 100%; height: auto; border: round $accent;
                                 background: $surface; padding: 0 1; }
    DateRangeDialog .dialog-title { text-style: bold; color: $accent; }
    DateRangeDialog Grid { grid-size: 2; grid-columns: 6 1fr; grid-rows: 1; grid-gutter: 1 0; height: auto;
                           margin-top: 1; }
    DateRangeDialog Grid > Static { color: $text-muted; }
    DateRangeDialog #date-error { color: $error; text-style: bold; height: auto; margin-top: 1; }
    DateRangeDialog .dialog-help { color: $text-muted; margin-top: 1; }
    """

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, current: TimelineFilter) -> None:
        super().__init__()
        self._current = current

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Content("Show events between"), classes="dialog-title", markup=False)
            with Grid():
                yield Static(Content("From"), markup=False)
                yield Input(self._current.start_text, placeholder="2025, 2025-01 or 2025-01-06", id="date-from", compact=True)
                yield Static(Content("To"), markup=False)
                yield Input(self._current.end_text, placeholder="blank: no limit", id="date-to", compact=True)
            yield Static(Content(""), id="date-error", markup=False)
            yield Static(Content("Enter in To applies · Esc cancels · blank means no limit"),
                         classes="dialog-help", markup=False)

    def on_mount(self) -> None:
        self.query_one("#date-from", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        start = self.query_one("#date-from", Input).value
        end = self.query_one("#date-to", Input).value
        error = self.query_one("#date-error", Static)
        # Enter in From checks it and moves on to To; Enter in To applies both.
        checking_from = event.input.id == "date-from"
        try:
            result = self._current.with_dates(start, "" if checking_from else end)
        except DateError as problem:
            error.update(Content(str(problem)))
            return
        error.update(Content(""))
        if checking_from:
            self.query_one("#date-to", Input).focus()
        else:
            self.dismiss(result)

    def action_cancel(self) -> None:
        self.dismiss(None)
