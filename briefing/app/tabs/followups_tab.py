"""The Follow-ups tab: every plan of the report and what became of it, overdue first.

Groups, in order: overdue, due, upcoming (slipped plans with them), settled (happened,
cancelled). Each row says its status in a word (readable without colour), when it is
due in the report's words, and the window we read from them; the pane below tells the
highlighted plan in full: what a later edition said of it, and the analysts' outcomes
(their notes hidden in presenter mode, as notes are). ``u`` records an outcome, Enter
opens the event in the Timeline.
"""

from __future__ import annotations

from typing import NamedTuple

from rich.cells import set_cell_size
from rich.style import Style
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from ...model.data.records import Record
from ..widgets.virtual_list import VirtualList
from .base import BriefingTab

#: The list's groups: a heading and the statuses under it.
GROUPS = (("Overdue", ("overdue",)), ("Due now", ("due",)), ("Upcoming", ("upcoming", "slipped")),
          ("Settled", ("happened", "cancelled")))
STATUS_WIDTH, WORDING_WIDTH, WINDOW_WIDTH = 9, 14, 14


class Heading(NamedTuple):
    """A group's heading row: the cursor skips it."""

    title: str
    count: int


class FollowupsTab(BriefingTab):
    """Every plan with its status as of the day, and the highlighted one in full."""

    DEFAULT_CSS = """
    FollowupsTab #followups-summary { height: 1; padding: 0 1; color: $text-muted; }
    FollowupsTab #followups-list { height: 1fr; }
    FollowupsTab #followups-detail { height: auto; max-height: 8; border-top: hkey $panel; padding: 0 1; }
    """

    BINDINGS = [
        Binding("enter", "open", "Open in Timeline"),
        Binding("u", "screen.outcome", "Outcome"),
    ]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        #: Each row: a group heading (its title and count) or a plan (FollowUp).
        self._rows: list = []
        self._listing = VirtualList(self._render_row, id="followups-list",
                                    empty_text="Working out the plans' statuses…")
        self._body = Static(id="followups-body", markup=False)

    def compose(self) -> ComposeResult:
        yield Static(id="followups-summary", markup=False)
        yield self._listing
        with VerticalScroll(id="followups-detail"):
            yield self._body

    def on_mount(self) -> None:
        self._build()

    def notes_changed(self) -> None:
        self._build()

    # -- rows ---------------------------------------------------------------------------------

    def _items(self) -> list:
        """The plans shown: those with a record in the editions shown (every one with all editions)."""
        items = self.view.followups or ()
        if self.view.full_model is None or self.model is self.view.full_model:
            return list(items)
        return [item for item in items if any(self.model.get(key) is not None for key in item.keys)]

    def _build(self) -> None:
        followups = self.view.followups
        current = self.current_record()
        items = self._items()
        rows: list = []
        for title, statuses in GROUPS:
            group = [item for item in items if item.status in statuses]
            if group:
                rows.append(Heading(title, len(group)))
                rows += group
        self._rows = rows
        summary = self.query_one("#followups-summary", Static)
        if followups is None:
            summary.update(Content("Working out the plans' statuses…"))
        else:
            counts: dict[str, int] = {}
            for item in items:
                counts[item.status] = counts.get(item.status, 0) + 1
            said = ", ".join(f"{counts[s]} {s}" for s in ("overdue", "due", "upcoming", "slipped", "happened",
                                                         "cancelled") if counts.get(s))
            summary.update(Content(f"As of {self.view.followups_as_of}: {said or 'no plans'} · u records an outcome"))
        self._listing.empty_text = ("Working out the plans' statuses…" if followups is None
                                    else "The report plans nothing in the editions shown.")
        cursor = next((i for i, row in enumerate(rows) if not isinstance(row, Heading) and current is not None
                       and current.key in row.keys), None)
        self._listing.set_rows(len(rows), selectable=lambda index: not isinstance(self._rows[index], Heading),
                               cursor=cursor if cursor is not None else 0)
        self._show_detail()

    def _style(self, component: str) -> Style:
        full = self._listing.get_component_rich_style(f"virtual-list--{component}")
        return Style(color=full.color, bold=full.bold, italic=full.italic)

    def _render_row(self, index: int, width: int) -> Text:
        row = self._rows[index]
        if isinstance(row, Heading):
            title, count = row
            label = f"── {title} · {count} "
            return Text.assemble((label + "─" * max(width - len(label), 0), self._style("header")), no_wrap=True)
        item = row
        text = Text(no_wrap=True, overflow="ellipsis")
        text.append(set_cell_size(self.marker(item.event), 2) + " ", self._style("marker"))
        status_style = {"overdue": self._style("marker") + Style(bold=True), "due": self._style("planned"),
                        "slipped": self._style("planned"), "upcoming": Style(),
                        "happened": self._style("dim"), "cancelled": self._style("dim")}[item.status]
        text.append(set_cell_size(item.status, STATUS_WIDTH), status_style)
        # The report's words; a slip shows in the window column (and in full below).
        text.append(set_cell_size(item.wording, WORDING_WIDTH - 1) + " ")
        text.append(set_cell_size(item.window.span_text(), WINDOW_WIDTH - 1) + " ", self._style("dim"))
        text.append(item.event.title, Style(dim=True) if item.settled else None)
        return text

    @on(VirtualList.Highlighted, "#followups-list")
    def _highlighted(self) -> None:
        self._show_detail()

    @on(VirtualList.Selected, "#followups-list")
    def _selected(self) -> None:
        self.action_open()

    def _current(self):
        index = self._listing.cursor
        if 0 <= index < len(self._rows) and not isinstance(self._rows[index], Heading):
            return self._rows[index]
        return None

    def _show_detail(self) -> None:
        item = self._current()
        self._body.update(_detail(item, presenter=self.view.presenter, as_of=self.view.followups_as_of)
                          if item is not None else Content(""))

    # -- what the main screen asks ----------------------------------------------------------------

    def current_record(self) -> Record | None:
        item = self._current()
        return item.event if item is not None else None

    def show_record(self, key: str) -> bool:
        for index, row in enumerate(self._rows):
            if not isinstance(row, Heading) and key in row.keys:
                self._listing.move_to(index)
                return True
        return False

    def action_open(self) -> None:
        item = self._current()
        if item is not None:
            self.jump_to(item.key)

    def focus_default(self) -> None:
        if self.is_active_tab:
            self._listing.focus()


def _detail(item, *, presenter: bool, as_of) -> Content:
    """The highlighted plan in full: its title, window, status, what later editions and analysts said."""
    lines = [Content.styled(item.event.title, "bold")]
    due = f"Due {item.wording} (the report's words); window {item.window.span_text()} (ours)"
    if item.window.wording != item.wording:
        due += f" from the slip to {item.window.wording}"
    if item.first.wording != item.wording:
        due += f"; first reported as {item.first.wording}"
    lines.append(Content.assemble((item.status.upper(), "bold"), f" as of {as_of} · {due}"))
    reported = item.reported
    if reported is not None:
        said = "reports it happened" if not reported.planned else "still plans it"
        lines.append(Content(f"Edition {reported.edition} {said}: {reported.date.display()} ({reported.id})"))
    for outcome in item.outcomes[-3:]:  # the latest counts; older ones stay in the file
        who = "you" if outcome.author is None else f"team: {outcome.author}"
        what = {"happened": f"happened on {outcome.date}", "slipped": f"slipped to {outcome.window}",
                "cancelled": "cancelled", "reopened": "reopened"}[outcome.kind]
        line = f"Outcome ({who}, {outcome.recorded:%Y-%m-%d %H:%M} UTC): {what}"
        if outcome.source:
            line += f" · {outcome.source}"
        lines.append(Content(line))
        if outcome.note and not presenter:
            lines.append(Content.styled(f"  {' '.join(outcome.note.split())}", "$text-muted"))
    return Content("\n").join(lines)
