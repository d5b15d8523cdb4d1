"""The Changes tab: what changed from the previous edition to the latest, as ``briefing diff`` lists it.

The list shows the summary counts, then every change under its heading; the cursor
moves over the changes only, and the pane below shows the highlighted one in full (the
whole texts, word by word). Enter opens the record in the new edition, ``b`` the one in
the old edition, so each change leads to both records. Notes written on old records are
shown on the records that continue them, marked with the edition they were written on;
notes whose record is gone are listed as orphans. With one edition loaded the tab says
why it has nothing to show.
"""

from __future__ import annotations

from rich.style import Style
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from ...model.data.records import Record
from ...model.diff.as_text import Line, change_lines, diff_lines
from ...model.diff.changes import Change, EditionDiff, NewEntity, diff_editions
from ..widgets.virtual_list import VirtualList
from ..view_state import ViewState
from .base import BriefingTab

#: Content styles of the detail pane, by the diff's semantic style names.
DETAIL_STYLES = {"heading": "bold $accent", "title": "bold", "id": "$text-secondary", "date": "$text-success",
                 "dim": "$text-muted", "label": "$text-muted", "del": "strike $text-error",
                 "ins": "bold underline $text-success", "planned": "$text-warning", "orphan": "bold $text-warning",
                 "flag": "bold $text-error"}


class ChangesList(VirtualList):
    """The diff's lines, with the theme's colours for deleted and inserted words."""

    DEFAULT_CSS = """
    ChangesList {
        & > .changes--del { color: $text-error; text-style: strike; }
        & > .changes--ins { color: $text-success; text-style: bold underline; }
        & > .changes--id { color: $text-secondary; }
        & > .changes--date { color: $text-success; }
        & > .changes--warn { color: $text-warning; text-style: bold; }
    }
    """

    COMPONENT_CLASSES = VirtualList.COMPONENT_CLASSES | {
        "changes--del", "changes--ins", "changes--id", "changes--date", "changes--warn",
    }

    #: Component class of each semantic style name.
    CLASSES = {"heading": "virtual-list--header", "dim": "virtual-list--dim", "label": "virtual-list--dim",
               "del": "changes--del", "ins": "changes--ins", "id": "changes--id", "date": "changes--date",
               "planned": "virtual-list--planned", "orphan": "changes--warn", "flag": "changes--warn"}

    def style_of(self, name: str) -> Style:
        if name == "title":
            return Style(bold=True)
        component = self.CLASSES.get(name)
        return self.get_component_rich_style(component) if component else Style()


def records_of(item: object) -> tuple[Record | None, Record | None]:
    """``(old, new)`` records of what a line shows: a change, a carried or orphaned note, a new entity."""
    if isinstance(item, NewEntity):
        return None, item.first
    return getattr(item, "old", None), getattr(item, "new", None)


class ChangesTab(BriefingTab):
    """Every change between the two latest editions, and the highlighted one in full."""

    DEFAULT_CSS = """
    ChangesTab #changes-list { height: 2fr; }
    ChangesTab #changes-detail { height: 1fr; border-top: hkey $panel; padding: 0 1; }
    """

    BINDINGS = [
        Binding("enter", "open_new", "Open new"),
        Binding("b", "open_old", "Open old"),
    ]

    def __init__(self, view: ViewState, *, id: str | None = None) -> None:
        super().__init__(view, id=id)
        self.diff: EditionDiff | None = None
        self.lines: list[Line] = []
        self._listing = ChangesList(self._render_row, id="changes-list")
        self._body = Static(id="changes-body", markup=False)

    def _why_empty(self) -> str:
        editions = self.model.editions
        if len(editions) >= 2:
            return "Nothing changed."
        full = self.view.full_model
        if full is not None and len(full.editions) >= 2:
            return "Changes compare two editions, and only one is shown: press E and choose all editions."
        only = editions[0].id if editions else "none"
        return (f"Changes compare two editions, and only one is loaded ({only}). "
                "Add the next edition's folder to data/ or open briefing with --data PATH for each edition.")

    def compose(self) -> ComposeResult:
        yield self._listing
        with VerticalScroll(id="changes-detail"):
            yield self._body

    def on_mount(self) -> None:
        self._build(cursor=0)

    def _notes(self) -> dict:
        return dict(self.view.visible_notes)

    def _build(self, cursor: int | None) -> None:
        editions = self.model.editions
        if len(editions) < 2:
            self._show(None, [], cursor)
            return
        if self.diff is None:
            self._listing.empty_text = "Comparing the two latest editions…"
            self._listing.set_rows(0)
        old, new = editions[-2], editions[-1]
        # The App's one matching of the editions, when it has it: the diff then only sorts what changed.
        match = self.view.matches.get((old.id, new.id))
        self._compare(old, new, self._notes(), self.app.no_color, cursor, match)

    @work(thread=True, exclusive=True, group="changes-diff")
    def _compare(self, old, new, notes: dict, marks: bool, cursor: int | None, match=None) -> None:
        """Diff in a thread: two 10,000-event editions take most of a second, the tab stays responsive."""
        diff = diff_editions(old, new, notes, match)
        lines = diff_lines(diff, marks=marks)
        self.app.call_from_thread(self._show, diff, lines, cursor)

    def _show(self, diff: EditionDiff | None, lines: list[Line], cursor: int | None) -> None:
        if not self.is_attached:  # the tab was taken down (another edition chosen) while the diff ran
            return
        self.diff, self.lines = diff, lines
        self._listing.empty_text = self._why_empty()
        # The cursor stops on the first line of each change; the lines under it belong to it.
        firsts = {index for index, line in enumerate(self.lines)
                  if line.change is not None and (index == 0 or self.lines[index - 1].change is not line.change)}
        self._listing.set_rows(len(self.lines), selectable=firsts.__contains__, cursor=cursor)
        self._show_detail(self._listing.cursor)
        if cursor == 0:
            # The cursor skips to the first change; the heading and summary above it stay in view.
            self.call_after_refresh(self._listing.scroll_home, animate=False)

    # -- drawing ------------------------------------------------------------------------------------

    def _render_row(self, index: int, width: int) -> Text:
        line = self.lines[index]
        text = Text(" " * line.indent)
        for piece, style in line.pieces:
            text.append(piece, self._listing.style_of(style))
        return text

    @on(VirtualList.Highlighted, "#changes-list")
    def _highlighted(self, event: VirtualList.Highlighted) -> None:
        self._show_detail(event.index)

    def _show_detail(self, index: int) -> None:
        item = self.lines[index].change if 0 <= index < len(self.lines) else None
        if item is None:
            self._body.update(Content(self._listing.empty_text if not self.lines else ""))
            return
        lines = change_lines(item, marks=self.app.no_color, context=0) if isinstance(item, Change) else \
            [line for line in self.lines if line.change is item]
        parts: list[str | tuple[str, str]] = []
        for number, line in enumerate(lines):
            if number:
                parts.append("\n")
            parts.append(" " * max(line.indent - 2, 0))
            parts.extend((piece, DETAIL_STYLES.get(style, "")) for piece, style in line.pieces)
        self._body.update(Content.assemble(*parts))

    # -- actions ------------------------------------------------------------------------------------

    @on(VirtualList.Selected, "#changes-list")
    def _selected(self, event: VirtualList.Selected) -> None:
        event.stop()
        self.action_open_new()

    def _records(self) -> tuple[Record | None, Record | None]:
        """The old and new records of the highlighted line's change (either may be None)."""
        index = self._listing.cursor
        item = self.lines[index].change if 0 <= index < len(self.lines) else None
        return records_of(item)

    def action_open_new(self) -> None:
        old, new = self._records()
        if new is None and old is not None:
            self.app.notify("This item was dropped: it is not in the new edition; b opens the old one.",
                            severity="warning")
            return
        if new is not None:
            self.jump_to(new.key)

    def action_open_old(self) -> None:
        old, new = self._records()
        if old is None and new is not None:
            self.app.notify("This item is new: it is not in the old edition.", severity="warning")
            return
        if old is not None:
            self.jump_to(old.key)

    # -- BriefingTab hooks ------------------------------------------------------------------------

    def current_record(self) -> Record | None:
        if not self.is_mounted:
            return None
        old, new = self._records()
        return new or old

    def show_record(self, key: str) -> bool:
        for index, line in enumerate(self.lines):
            if line.change is not None and key in (r.key for r in records_of(line.change) if r is not None):
                self._listing.move_to(index)
                self._listing.focus()
                return True
        return False

    def notes_changed(self) -> None:
        if self.is_mounted:
            self._build(cursor=self._listing.cursor)

    def focus_default(self) -> None:
        self.call_after_refresh(self._focus_list)

    def _focus_list(self) -> None:
        if self.is_active_tab:
            self._listing.focus()
