"""The Overview tab: title, period, introduction, key figures, the report's headings and how much each dataset holds.

The report's parts (introduction paragraphs, key figures, headings) are records search
finds (:class:`~briefing.model.data.records.ReportPart`); a jump to one scrolls the page
to it and marks it.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from ...model.data.records import Edition, count_planned
from ...model.library.status import draft_line
from .base import BriefingTab


def _counts(edition: Edition) -> Content:
    planned = count_planned(edition.events)
    parts = [
        f"{len(edition.news)} news items",
        f"{len(edition.medals)} medal rows",
        f"{len(edition.articles)} CNKI articles",
        f"{len(edition.events)} timeline events ({planned} planned)",
    ]
    return Content(" · ".join(parts))


def _followups(view) -> Content | None:
    """``Follow-ups as of 2026-12-06: 3 overdue, 1 due now · 8 lists them``; None until worked out."""
    items = view.followups
    if not items:
        return None
    overdue = sum(1 for item in items if item.status == "overdue")
    due = sum(1 for item in items if item.status == "due")
    said = Content.assemble(("Follow-ups", "bold $accent"), f" as of {view.followups_as_of}: ",
                            (f"{overdue} overdue", "bold $text-warning" if overdue else ""))
    if due:
        said += Content(f", {due} due now")
    return said + Content.styled(" · 8 lists them", "$text-muted")


#: How a part jumped to is marked on the page, until the next jump.
MARKED = "reverse"


class OverviewTab(BriefingTab):
    """A readable front page for each edition loaded."""

    HOLDS_RECORDS = False
    DATASETS = ("report",)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        #: Each report part's key: (first piece, pieces) in the page built by _page.
        self._anchors: dict[str, tuple[int, int]] = {}
        self._pieces: list[Content] = []
        self._marked: str | None = None
        self._followups_drawn: tuple | None = None

    DEFAULT_CSS = """
    OverviewTab VerticalScroll { padding: 1 1 0 1; }
    """

    def compose(self) -> ComposeResult:
        # One Static holding the whole page: a widget per paragraph costs more to mount
        # than the page costs to render, and the Overview is the first thing painted.
        with VerticalScroll(id="overview-scroll", can_focus=True):
            yield Static(self._page(), id="overview-page", markup=False)

    def notes_changed(self) -> None:
        """The plans' statuses came in (or changed): redraw the page's follow-ups line."""
        if self.view.followups is not self._followups_drawn:
            for page in self.query("#overview-page"):  # none while the tab is being taken down
                page.update(self._page())

    def show_record(self, key: str) -> bool:
        """Scroll to the part of the report ``key`` and mark it; False when it is not on the page."""
        if key not in self._anchors:
            return False
        self._marked = key
        self.query_one("#overview-page", Static).update(self._page())
        self._scroll_to(key, tries=5)
        return True

    def _scroll_to(self, key: str, tries: int) -> None:
        line = self.line_of(key)
        if line is None:  # not laid out yet (the tab was built for this jump): once it is
            if tries:
                self.call_after_refresh(self._scroll_to, key, tries - 1)
            return
        # The scroll's top padding is a line: scrolling to the part's line leaves one line above it.
        self.query_one("#overview-scroll", VerticalScroll).scroll_to(y=line, animate=False, immediate=True,
                                                                     force=True)

    def line_of(self, key: str) -> int | None:
        """The page's line where the part ``key`` starts, wrapped as the page is now (None when it is
        not on the page, or the page is not laid out yet)."""
        if key not in self._anchors:
            return None
        start, _ = self._anchors[key]
        page = self.query_one("#overview-page", Static)
        width = page.content_region.width
        if width < 1:
            return None
        return Content("\n").join(self._pieces[:start]).get_height(page.styles, width) if start else 0

    def _page(self) -> Content:
        parts: list[Content] = []
        anchors: dict[str, tuple[int, int]] = {}
        heading = "bold $accent"

        def anchor(edition_id: str, ident: str, pieces: list[Content]) -> None:
            key = f"{edition_id}/{ident}"
            if key == self._marked:
                pieces = [piece.stylize(MARKED) for piece in pieces]
            anchors[key] = (len(parts), len(pieces))
            parts.extend(pieces)

        self._followups_drawn = self.view.followups
        for number, edition in enumerate(reversed(self.model.editions)):  # newest first
            report = edition.report
            status = self.view.status_of(edition.id)
            if status is not None and status.is_draft:
                parts.append(Content.styled(draft_line(edition.id, status), "bold $text-warning"))
            parts += [Content.styled(report.title, "bold $text-accent"),
                      Content.styled(f"{report.period} · edition {edition.id}", "$text-muted"), Content("")]
            if number == 0 and (followups := _followups(self.view)) is not None:
                parts += [followups, Content("")]
            counts = Content("Loading the datasets…") if self.view.loading else _counts(edition)
            parts += [counts.stylize("$text-muted"), Content("")]
            if report.figures:
                parts.append(Content.styled("Key figures", heading))
                for figure in report.figures:
                    anchor(edition.id, figure.id, [
                        Content.assemble((figure.value, "bold $text-success"), "  ", (figure.label, "bold")),
                        Content.styled(figure.detail, "$text-muted")])
                parts.append(Content(""))
            context = edition.medal_context
            if context.counts:
                counts_text = ", ".join(f"{c.country} {c.medals}" for c in context.counts)
                parts += [Content.styled("Medal table", heading), Content(f" {counts_text}. {context.source}."),
                          Content("")]
            if edition.trends.statement:
                parts += [Content.styled("CNKI", heading), Content(" " + edition.trends.statement), Content("")]
            parts.append(Content.styled("Introduction", heading))
            for number, paragraph in enumerate(report.introduction, 1):
                anchor(edition.id, f"intro-{number}", [Content(paragraph)])
                parts.append(Content(""))
            if report.sources_note:
                parts += [Content.styled(report.sources_note, "$text-muted"), Content("")]
            if report.sections:
                parts.append(Content.styled("Headings", heading))
                for section in report.sections:
                    depth = report.section_path(section.id).count(" › ")
                    anchor(edition.id, section.id, [Content(" " + "  " * depth + section.title)])
                parts.append(Content(""))
        if not self.model.editions:
            parts.append(Content("No editions loaded. Run 'briefing validate' to see why."))
        self._anchors, self._pieces = anchors, parts
        return Content("\n").join(parts)
