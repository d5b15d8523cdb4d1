"""``u`` on a planned event: record what became of it (happened on a day, slipped to a new window,
cancelled, or reopened), with a source and a note, personal or for the team.

Bad input (a day that is not one, a window that cannot be read) is said in the dialog and
nothing is recorded until it reads. The dialog only asks; the main screen hands the answer to
the App's :class:`~briefing.app.followups_controller.FollowupsController`, which records it.
"""

from __future__ import annotations

import datetime as dt

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Checkbox, Input, RadioButton, RadioSet, Static

from ...model.data.dates import DateError
from ...model.data.records import Event
from ...model.followups.windows import parse_window, window_of
from ..followups_controller import OutcomeRequest

#: The choices, in order: (kind, what the radio button says).
CHOICES = (("happened", "Happened"), ("slipped", "Slipped"), ("cancelled", "Cancelled"),
           ("reopened", "Reopen"))
#: What the first field asks for, by kind (None: the field is not needed).
FIRST_FIELD = {"happened": ("Day", "the day it happened: 2025-12-14"),
               "slipped": ("Window", "the new window: mid 2026, Q3 2026, 2026-06"),
               "cancelled": None, "reopened": None}


class OutcomeScreen(ModalScreen[OutcomeRequest | None]):
    """Dismisses with the outcome to record, or None when cancelled."""

    DEFAULT_CSS = """
    OutcomeScreen { align: center middle; }
    OutcomeScreen > Vertical { width: 70; max-width: 100%; height: auto; max-height: 100%;
                               border: round $accent; background: $surface; padding: 0 1; }
    OutcomeScreen .dialog-title { text-style: bold; color: $accent; }
    OutcomeScreen #outcome-plan { text-style: bold; }
    OutcomeScreen #outcome-due { color: $text-muted; }
    OutcomeScreen #outcome-chosen { margin-top: 1; text-style: bold; }
    OutcomeScreen RadioSet { width: 100%; height: auto; layout: horizontal; border: none;
                             padding: 0; }
    OutcomeScreen Grid { grid-size: 2; grid-columns: 8 1fr; grid-rows: 1; grid-gutter: 0 0; height: auto;
                         margin-top: 1; }
    OutcomeScreen Grid > Static { color: $text-muted; }
    OutcomeScreen Checkbox { border: none; padding: 0; margin-top: 1; }
    OutcomeScreen #outcome-error { color: $error; text-style: bold; height: auto; }
    OutcomeScreen .dialog-help { color: $text-muted; }
    """

    BINDINGS = [Binding("escape", "cancel", "Cancel"), Binding("ctrl+s", "record", "Record")]

    def __init__(self, event: Event, status: str | None, *, has_team: bool) -> None:
        super().__init__()
        self._event = event
        self._status = status
        self._has_team = has_team
        self._kind = "happened"

    def compose(self) -> ComposeResult:
        window = window_of(self._event.date)
        due = f"Due {window.wording} (ours: {window.span_text()})"
        if self._status:
            due += f" · {self._status}"
        with Vertical():
            yield Static(Content("What became of this plan?"), classes="dialog-title", markup=False)
            yield Static(Content(self._event.title), id="outcome-plan", markup=False)
            yield Static(Content(due), id="outcome-due", markup=False)
            yield Static(Content(_chosen("happened")), id="outcome-chosen", markup=False)
            with RadioSet(id="outcome-kind", compact=True):
                for index, (kind, label) in enumerate(CHOICES):
                    yield RadioButton(Content(label), value=index == 0, id=f"outcome-{kind}", compact=True)
            with Grid():
                yield Static(Content("Day"), id="outcome-first-label", markup=False)
                yield Input(placeholder=FIRST_FIELD["happened"][1], id="outcome-first", compact=True)
                yield Static(Content("Source"), markup=False)
                yield Input(placeholder="where it says so (a URL)", id="outcome-source", compact=True)
                yield Static(Content("Note"), markup=False)
                yield Input(placeholder="a word on it (hidden when presenting)", id="outcome-note", compact=True)
            if self._has_team:
                yield Checkbox(Content("For the team (shown with your name)"), id="outcome-team", compact=True)
            yield Static(Content(""), id="outcome-error", markup=False)
            yield Static(Content("←→ Space choose · Tab next field · Enter or ctrl+s records · Esc cancels"),
                         classes="dialog-help", markup=False)

    def on_mount(self) -> None:
        self.query_one("#outcome-kind", RadioSet).focus()

    @on(RadioSet.Changed, "#outcome-kind")
    def _kind_changed(self, event: RadioSet.Changed) -> None:
        self._kind = CHOICES[event.index][0]
        self.query_one("#outcome-chosen", Static).update(Content(_chosen(self._kind)))
        field = FIRST_FIELD[self._kind]
        first = self.query_one("#outcome-first", Input)
        label = self.query_one("#outcome-first-label", Static)
        first.disabled = field is None
        label.update(Content(field[0] if field else "—"))
        first.placeholder = field[1] if field else "not needed"
        self.query_one("#outcome-error", Static).update(Content(""))

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_record()

    def key_enter(self) -> None:
        """Enter on the choices or the team box records too (Space picks a choice)."""
        if not isinstance(self.focused, Input):
            self.action_record()

    def action_record(self) -> None:
        error = self.query_one("#outcome-error", Static)
        text = self.query_one("#outcome-first", Input).value.strip()
        day = window = None
        try:
            if self._kind == "happened":
                try:
                    day = dt.date.fromisoformat(text)
                except ValueError:
                    raise DateError(f"Give the day it happened as 2025-12-14{f', not {text!r}' if text else ''}.") \
                        from None
            elif self._kind == "slipped":
                window = parse_window(text).wording
        except DateError as problem:
            error.update(Content(str(problem)))
            self.query_one("#outcome-first", Input).focus()
            return
        team = self._has_team and self.query_one("#outcome-team", Checkbox).value
        self.dismiss(OutcomeRequest(self._kind, day, window, self.query_one("#outcome-source", Input).value.strip(),
                                    self.query_one("#outcome-note", Input).value.strip(), team))

    def action_cancel(self) -> None:
        self.dismiss(None)


def _chosen(kind: str) -> str:
    """The choice in words (the radio buttons tell it by colour alone)."""
    return {"happened": "Record: it happened", "slipped": "Record: it slipped to a new window",
            "cancelled": "Record: it was cancelled", "reopened": "Record: reopen it (judged by its window)"}[kind]
