"""The Medals tab: the commercial remote-sensing medal table, sortable and filterable, with its tally and context.

Keys (also listed by ``?``): ``s`` ``c`` ``a`` ``m`` sort by sector, company, satellite,
medal (``d`` edition, when several are loaded), as does clicking a header; the same
key again sorts descending, then back to the report's order, with ▲/▼ on the column.
``o`` shows only the highlighted row's company, ``O`` only its sector, ``M`` only its medal
(the filters combine; the same key again drops that filter, Esc drops them all; the tally
counts the rows shown, as ``briefing medals --company/--sector/--medal`` does). ``/`` finds
a word in the table: matching cells are reversed, ``n``/``N`` (while the find is open) move
to the next/previous matching row, "2 of 5" says where. ``r`` reads Aerospace China's
full response, Enter opens the report paragraph the table comes from.

Below the table (beside it on wide terminals) a scrollable panel gives the tally by
medal, company and sector, and what the report says around the table: the whole
table's counts by country, the sectors without a Chinese medal and who holds them,
the source, and the response. Everything shown is data, built as plain text.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Container, VerticalScroll
from textual.content import Content
from textual.widgets import Static

from ...model.query.medal_sort import tally
from ...model.query.text_find import step
from ...model.data.records import MedalRow, Record
from ..screens.text_screen import TextScreen
from ..widgets.find_bar import FindBar
from ..widgets.find_host import FindHost
from ..widgets.medal_table import MedalTable
from ..widgets.notes_section import notes_lines
from ..view_state import ViewState
from .base import BriefingTab
from .medals_text import company_lines, counts_text, first_sentence, gaps_text, medal_counts_line, sector_lines

#: From this width the panel sits beside the table instead of below it.
WIDE_WIDTH = 140
class MedalsTab(FindHost, BriefingTab):
    """The medal rows in a sortable table, with a tally and the report's context around the table."""

    DEFAULT_CSS = """
    MedalsTab #medals-status {
        height: 1; color: $text-muted; padding: 0 1; text-wrap: nowrap; text-overflow: ellipsis;
    }
    MedalsTab #medals-body { height: 1fr; layout: vertical; }
    /* The border is always there, so focusing the panel (Tab) recolours it without reflowing the text. */
    MedalsTab #medals-panel { height: 4; padding: 0 1 0 0; background: $boost; border-left: outer $boost; }
    MedalsTab #medals-panel:focus { border-left: outer $accent; }
    MedalsTab.-wide #medals-body { layout: horizontal; }
    MedalsTab.-wide MedalTable { height: 1fr; }
    MedalsTab.-wide #medals-panel { width: 1fr; min-width: 40; height: 1fr; }
    MedalsTab .panel-heading { text-style: bold; color: $accent; }
    MedalsTab .panel-dim { color: $text-muted; }
    MedalsTab #medals-notes { margin-bottom: 1; }
    /* Docked, so it stays at the panel's foot while the text scrolls under it. */
    MedalsTab #medals-more { dock: bottom; height: 1; color: $text-accent; background: $boost; text-style: italic; }
    """

    BINDINGS = [
        Binding("s", "sort('sector')", "Sort by sector", show=False),
        Binding("c", "sort('company')", "Sort by company", show=False),
        Binding("a", "sort('satellite')", "Sort by satellite", show=False),
        Binding("m", "sort('medal')", "Sort by medal"),
        Binding("d", "sort('edition')", "Sort by edition", show=False),
        Binding("o", "only('company')", "Only this company"),
        Binding("O", "only('sector')", "Only this sector", show=False),
        Binding("M", "only('medal')", "Only this medal", show=False),
        Binding("escape", "escape", "Close find / show all rows", show=False),
        Binding("r", "response", "Response", show=False),
        # Not in the footer, which at 80 columns has no room left for it; ? lists it, the README says so.
        Binding("slash", "find", "Find (then n/N)", key_display="/", show=False),
        # Only while a find is open (check_action); otherwise n falls through to the app's note key.
        Binding("n", "find_step(True)", "Next match"),
        Binding("N", "find_step(False)", "Previous match"),
    ]

    def __init__(self, view: ViewState, *, id: str | None = None) -> None:
        super().__init__(view, id=id)
        model = self.model
        self.rows: tuple[MedalRow, ...] = model.medals
        self.multi_edition = len(model.editions) > 1
        #: Display rows of the table holding the find bar's text, and which of them is current.
        self._matches: list[int] = []
        self._match: int | None = None

    # -- layout -----------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Static(id="medals-status", markup=False)
        with Container(id="medals-body"):
            yield MedalTable(self.rows, show_edition=self.multi_edition, marker_for=self.marker,
                             row_filter=self.passes_marked_filter, id="medals-table")
            with VerticalScroll(id="medals-panel", can_focus=True):
                yield Static(Content("↓ more below: Tab, then ↓ or PgDn"), id="medals-more", markup=False)
                yield from self._panel()
        yield FindBar()

    def _panel(self) -> ComposeResult:
        # The highlighted row's notes first, where the short panel at 80x24 shows them; hidden when none.
        notes = Static(id="medals-notes", markup=False)
        notes.display = False
        yield notes
        result = tally(self.rows)
        yield Static(medal_counts_line(result), id="medals-tally", markup=False)
        for edition in self.model.editions:
            context = edition.medal_context
            if self.multi_edition:
                yield Static(Content(edition.report.period), classes="panel-heading", markup=False)
            yield Static(Content(counts_text(context, len(edition.medals))), classes="medals-context", markup=False)
            yield Static(Content(gaps_text(context)), classes="medals-gaps", markup=False)
        yield Static(company_lines(result), id="medals-companies", markup=False)
        yield Static(sector_lines(result), id="medals-sectors", markup=False)
        for edition in self.model.editions:
            context = edition.medal_context
            source = f"Source: {context.source}"
            if context.previous_table_year:
                source += f" (previous table: {context.previous_table_year})"
            yield Static(Content(source + "."), classes="medals-source panel-dim", markup=False)
            if context.response:
                yield Static(Content.assemble(("Aerospace China's response: ", "bold"),
                                              first_sentence(context.response), ("  r: full text", "dim")),
                             classes="medals-response", markup=False)
        if not self.rows:
            yield Static("No medal rows in the loaded data.", markup=False)

    @property
    def table(self) -> MedalTable:
        return self.query_one(MedalTable)

    def on_resize(self) -> None:
        self._layout()
        self.call_after_refresh(self._show_more)

    def on_mount(self) -> None:
        panel = self.query_one("#medals-panel", VerticalScroll)
        # The panel is cut at 80x24 (the gaps line before ICEYE): say so until its end is in view.
        self.watch(panel, "scroll_y", self._show_more, init=False)
        self.watch(panel, "virtual_size", self._show_more, init=False)
        self.call_after_refresh(self._show_more)

    def _show_notes(self) -> None:
        """Your note and the team's on the highlighted row, as the News reading pane shows them; none presenting."""
        record = self.current_record()
        lines = notes_lines(self.view.reading_note(record.key), self.view.team_on(record.key)) if record else []
        notes = self.query_one("#medals-notes", Static)
        notes.update(Content("\n").join(lines[1:]))  # not the blank line that parts it from a pane's text above
        notes.display = bool(lines)

    @on(MedalTable.Highlighted)
    def _highlighted(self) -> None:
        self._show_notes()

    def _show_more(self, *_: object) -> None:
        panel = self.query_one("#medals-panel", VerticalScroll)
        self.query_one("#medals-more").display = panel.scroll_y < panel.max_scroll_y

    def _update_tally(self) -> None:
        """The tally, companies and sectors of the rows the table shows (company and marked filters)."""
        shown = self.table.shown
        result = tally(shown)
        self.query_one("#medals-tally", Static).update(medal_counts_line(result, of=len(self.rows)))
        self.query_one("#medals-companies", Static).update(company_lines(result))
        self.query_one("#medals-sectors", Static).update(sector_lines(result))

    def _layout(self) -> None:
        """Panel beside the table when wide; below it otherwise, leaving the table every row it can show."""
        width, height = self.size
        wide = width >= WIDE_WIDTH
        self.set_class(wide, "-wide")
        panel = self.query_one("#medals-panel")
        table = self.table
        if wide:
            # As wide as its columns want (so they never stay shrunk from a narrower size), at most 70%.
            table.styles.width = min(table.natural_width(), width * 70 // 100)
            panel.styles.height = "1fr"
            return
        table.styles.width = None
        available = height - 1 - (1 if self.finding else 0)  # the status line, the find bar
        table_needs = table.row_count + 1  # rows and header
        minimum = 4 if available >= 14 else 2
        panel.styles.height = max(available - table_needs, minimum)

    # -- status -----------------------------------------------------------------------------------

    @on(MedalTable.ViewChanged)
    def _view_changed(self, event: MedalTable.ViewChanged) -> None:
        self._update_status()
        self._show_notes()  # a sort or filter may put another row under the cursor
        # A sort changes no size; laying the screen out again would only add work to the frame
        # that shows the new status. A filter changes the row count, which sizes the panel.
        if event.rows_changed:
            self._update_tally()
            self._layout()
        if self.finding:  # the matching rows moved or went
            self.run_find(self._find_bar.query_text, keep=True)

    def _update_status(self) -> None:
        table = self.table
        parts: list[str | tuple[str, str]] = []
        marked = self._marked_mode()
        if marked != "all":
            parts.append((f"Only {marked} (F) · ", "bold"))
        if table.filters:
            parts.append(("Only ", "bold"))
            for index, (column, value) in enumerate(table.filters.items()):
                parts += [" · "] if index else []
                parts.append((value, "bold $text-accent"))
            parts.append(f": {table.row_count} of {len(self.rows)} rows (Esc: all) · ")
        elif marked != "all":
            parts.append(f"{table.row_count} of {len(self.rows)} medal rows · ")
        else:
            parts.append(f"{len(self.rows)} medal rows · ")
        if table.sort_column:
            label = next(spec.label for spec in table.specs if spec.key == table.sort_column)
            arrow = "▼" if table.descending else "▲"
            parts.append(f"sorted by {label} {arrow} · ")
        else:
            parts.append("report order · ")
        if not table.row_count and marked != "all":
            parts.append(f"no {marked} medal rows; F{' twice' if marked == 'annotated' else ''} shows every row again")
        else:
            parts.append("s c a m sort · o O M filter · / find")
        # One line of fixed height: a new text never changes its size, so no layout.
        self.query_one("#medals-status", Static).update(Content.assemble(*parts), layout=False)

    def _marked_mode(self) -> str:
        """The app's "only flagged / annotated" filter; presenter mode always shows everything."""
        return self.view.list_filter

    # -- actions ------------------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "sort" and parameters and parameters[0] == "edition":
            return self.multi_edition
        if action == "escape":
            return self.is_mounted and (self.finding or bool(self.table.filters))
        if action == "find_step":
            return self.finding  # False: hidden, and n goes on to the note key
        return True

    def action_sort(self, column: str) -> None:
        self.table.cycle_sort(column)

    def action_only(self, column: str) -> None:
        """Only the highlighted row's company, sector or medal; again, that filter off."""
        table = self.table
        if column in table.filters:
            table.filter_by(column, None)
        else:
            record = self.current_record()
            if not isinstance(record, MedalRow):
                self.notify("Highlight a row first.")
                return
            table.filter_by(column, getattr(record, column))
        self.refresh_bindings()

    def action_only_company(self) -> None:
        self.action_only("company")

    def show_filtered(self, value: str, tries: int = 5) -> None:
        """Only the company ``value``'s rows (Enter on its bar on the Overview), every other filter off."""
        if not self.is_mounted:
            if tries:
                self.call_after_refresh(self.show_filtered, value, tries - 1)
            return
        table = self.table
        table.filters.clear()
        table.filter_by("company", value)
        table.focus()
        self.refresh_bindings()

    def action_escape(self) -> None:
        """Esc closes an open find first, then shows every row again."""
        if self.finding:
            self.close_find()
        else:
            self.table.clear_filters()
        self.refresh_bindings()

    # -- find (the host is FindHost: this tab says what matches and how it shows) ---------------

    def find_matches(self, query: str) -> list[int]:
        """The display rows holding ``query`` (the table reverses the matching cells)."""
        return self.table.find(query)

    def show_matches(self) -> None:
        if self._match is not None:
            self.table.move_cursor(self._matches[self._match])

    def clear_matches(self) -> None:
        self.table.find("")

    def kept_match(self) -> int | None:
        """The sort or filter moved the rows: the current match is the cursor's row, if it matches."""
        cursor = self.table.cursor_row
        return self._matches.index(cursor) if cursor in self._matches else None

    def next_match(self, forward: bool) -> int | None:
        if self._match is None and self._matches:
            # None current (the sort or filter moved them): the first matching row after (or before) the cursor.
            cursor = self.table.cursor_row
            after = [i for i, row in enumerate(self._matches) if (row > cursor if forward else row < cursor)]
            return (after[0] if forward else after[-1]) if after else step(None, len(self._matches), forward)
        return step(self._match, len(self._matches), forward)

    def find_layout(self) -> None:
        self._layout()

    def find_focus(self) -> MedalTable:
        return self.table

    def action_response(self) -> None:
        paragraphs: list[str] = []
        for edition in self.model.editions:
            context = edition.medal_context
            if not context.response:
                continue
            if self.multi_edition:
                paragraphs.append(edition.report.period)
            paragraphs += [context.response, f"Source: {context.source}."]
        if not paragraphs:
            self.notify("The report gives no response to the medal table.")
            return
        self.app.push_screen(TextScreen("Aerospace China's response to the medal table", paragraphs))

    @on(MedalTable.RowChosen)
    def _row_chosen(self, event: MedalTable.RowChosen) -> None:
        """Enter: open the report paragraph that reviews the table."""
        event.stop()
        record = self.current_record()
        if record is None:
            return
        edition = self.model.edition(record.edition)
        if edition is not None and edition.medal_context.source_item:
            self.jump_to(f"{edition.id}/{edition.medal_context.source_item}")

    # -- BriefingTab hooks ------------------------------------------------------------------------

    def current_record(self) -> Record | None:
        if not self.is_mounted:
            return None
        key = self.table.cursor_key
        return self.model.get(key) if key else None

    def show_record(self, key: str) -> bool:
        table = self.table
        record = self.model.get(key)
        if key not in table.position or record is None or not self.passes_marked_filter(record):
            return False  # not a medal row, or hidden by the app's marked filter (the app says so)
        if not table.move_to_key(key):
            table.clear_filters()  # hidden by a company, sector or medal filter: show everything again
            self.refresh_bindings()
            if not table.move_to_key(key):
                return False
        table.focus()
        return True

    def notes_changed(self) -> None:
        if self.is_mounted:
            self.table.refilter()  # the app's "only flagged / annotated" filter may hide or show rows
            self.table.refresh_markers()
            self._update_status()
            self._show_notes()

    def focus_default(self) -> None:
        # After a refresh: the app calls this while the tab switcher may still be showing the old pane,
        # and a widget that is not displayed cannot take focus.
        self.call_after_refresh(self._focus_table)

    def _focus_table(self) -> None:
        if not self.is_active_tab:
            return
        for table in self.query(MedalTable):
            table.focus()
