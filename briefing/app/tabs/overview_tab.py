"""The Overview tab: title, period, introduction, key figures, the report's headings and how much each dataset holds.

Under the newest edition's title and counts come the pictures (:mod:`briefing.model.glance`):
events by month (:class:`MonthStrip`), medals by country and by company, and CNKI downloads
(:class:`BarChart`). They are counted in a worker after the first frame. Enter on a month
opens the Timeline filtered to it, on a company the Medals tab filtered to it, on an article
its paragraph.

The report's parts (introduction paragraphs, key figures, headings) are records search
finds (:class:`~briefing.model.data.records.ReportPart`); a jump to one scrolls the page
to it and marks it.
"""

from __future__ import annotations

from textual import work
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Static

from ...model.data.records import Edition, count_planned
from ...model.library.status import draft_line
from ..messages import ShowFiltered
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


#: Above this many events and medal rows the pictures are counted in a thread.
GLANCE_IN_THREAD_OVER = 5_000

#: How a part jumped to is marked on the page, until the next jump.
MARKED = "reverse"


class OverviewTab(BriefingTab):
    """A readable front page for each edition loaded."""

    HOLDS_RECORDS = False
    # Drawn blank (Textual's BLANK: no border, no content of its own) rather than line by line through the
    # styles cache: its scroll covers all of it, and drawing it took ~0.6 ms of the first frame (issue 31).
    BLANK = True
    DATASETS = ("report",)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        #: Each report part's key: (first piece, pieces) in the page built by _page.
        self._anchors: dict[str, tuple[int, int]] = {}
        self._pieces: list[Content] = []
        self._marked: str | None = None
        self._followups_drawn: tuple | None = None
        #: Pieces of the page above the pictures (the newest edition's title and counts).
        self._head_end = 0
        self._glance = None
        #: True while the page shows only the first screenful (before the first frame is shown).
        self._cut = False

    DEFAULT_CSS = """
    OverviewTab VerticalScroll { padding: 1 1 0 1; }
    OverviewTab #overview-glance { height: auto; margin-top: 1; }
    OverviewTab #overview-glance .glance-heading { color: $text-accent; text-style: bold; }
    OverviewTab #overview-glance BarChart { max-height: 12; margin-bottom: 1; }
    OverviewTab #overview-glance MonthStrip { padding: 0; margin-bottom: 1; }
    """

    def compose(self) -> ComposeResult:
        # The page is two Statics around the pictures: a widget per paragraph costs more to
        # mount than the page costs to render, and the Overview is the first thing painted.
        # The pictures are mounted once counted, after the first frame (see _count).
        self._page()
        with VerticalScroll(id="overview-scroll", can_focus=True):
            yield Static(self._join(0, self._head_end), id="overview-head", markup=False)
            yield Vertical(id="overview-glance")
            yield Static(self._page_text(), id="overview-page", markup=False)

    def _join(self, start: int, end: int) -> Content:
        return Content("\n").join(self._pieces[start:end])

    def _page_text(self) -> Content:
        """The page under the pictures: before the first frame only its first screenful.

        A piece takes at least as many lines as its cells fill whole screen widths (and at least
        one), and the head above it takes a line a piece, so the cut still overflows the scroll
        whenever the whole page does (the scrollbar, and so the wrapping width, are the same),
        while the first frame wraps and lays out a screenful rather than the whole report (issue
        31's start-up budget). :meth:`notes_changed` puts the rest in once the first frame is shown.
        """
        end = len(self._pieces)
        self._cut = False
        if not self.view.painted and self._marked is None:
            width, rows = max(self.app.size.width, 1), self.app.size.height - self._head_end
            for index in range(self._head_end, end):
                rows -= max(1, -(-self._pieces[index].cell_length // width))
                if rows <= 0:
                    self._cut, end = index + 1 < end, index + 1
                    break
        return self._join(self._head_end, end)

    def _show_page(self) -> None:
        """Put the pieces of :meth:`_page` on screen (None of its Statics while the tab is being taken down)."""
        for head in self.query("#overview-head"):
            head.update(self._join(0, self._head_end))
        for page in self.query("#overview-page"):
            page.update(self._page_text())

    def on_mount(self) -> None:
        if self._may_count():
            self.call_after_refresh(self._count)

    def _may_count(self) -> bool:
        """The pictures are counted once the editions are in and the first frame is on screen: counting
        and mounting them before it would keep the first frame waiting (issue 31's start-up budget)."""
        view = self.view
        return self._glance is None and view.painted and not view.loading and bool(self.model.editions)

    def notes_changed(self) -> None:
        """The first frame or the editions came in (count the pictures, once) or the plans' statuses did
        (redraw their line)."""
        if self.is_mounted and self._may_count():
            self.call_later(self._count)
        if self.view.followups is not self._followups_drawn:
            self._page()
            self._show_page()
        elif self._cut and self.view.painted:
            self._show_page()  # the rest of the page, under the screenful the first frame showed

    async def _count(self) -> None:
        """Count what the pictures show, after the first frame: in a thread when there is much to read
        (every medal row is read to be tallied), else at once (a few milliseconds)."""
        if self._glance is not None or self.query("#overview-glance > *"):
            return
        if len(self.model.events) + len(self.model.medals) > GLANCE_IN_THREAD_OVER:
            await self.query_one("#overview-glance").mount(
                Static(Content("Counting events…"), classes="glance-heading", id="overview-counting"))
            self._count_in_thread()
        else:
            from ...model import glance

            await self._show_glance(glance.glance(self.model, glance.today()))

    @work(thread=True, exclusive=True, group="overview-glance")
    def _count_in_thread(self) -> None:
        from ...model import glance

        found = glance.glance(self.model, glance.today())
        self.app.call_from_thread(self._show_glance, found)

    async def _show_glance(self, found) -> None:
        """Mount the pictures of ``found``; imported here, so the first frame never waits for them."""
        from ..widgets.bar_chart import Bar, BarChart
        from ..widgets.month_strip import MonthStrip

        self._glance = found
        container = self.query_one("#overview-glance", Vertical)
        await container.remove_children()
        strip = MonthStrip(hint="Enter: the Timeline for it", id="overview-strip")
        widgets: list = [Static(Content("Events by month"), classes="glance-heading"), strip]
        charts: list[tuple[BarChart, list]] = []
        if found.countries:
            countries = BarChart(empty_text="No medal counts.", ranks=False, id="overview-countries")
            countries.can_focus = False  # the report gives totals only: not a way in
            charts.append((countries, [Bar(f"{t.name} {t.edition}".strip(), t.total) for t in found.countries]))
            widgets += [Static(Content("Medals by country (the report's totals)"), classes="glance-heading"), countries]
        if found.companies:
            companies = BarChart(empty_text="No medal rows.", ranks=False, id="overview-companies")
            charts.append((companies, [Bar(t.name, t.total, medals=t.medals,
                                           detail=", ".join(f"{n} {m}" for m, n in zip("GSB", t.medals) if n))
                                       for t in found.companies]))
            widgets += [Static(Content("Medals by company: █ Gold ▒ Silver ░ Bronze"), classes="glance-heading"),
                        companies]
        if found.articles:
            articles = BarChart(empty_text="No CNKI articles.", id="overview-articles")
            charts.append((articles, [Bar(a.topic, a.downloads) for a in found.articles]))
            widgets += [Static(Content("CNKI downloads"), classes="glance-heading"), articles]
        await container.mount_all(widgets)
        strip.set_strip(found.strip)
        for chart, bars in charts:
            chart.set_bars(bars)
            if chart.id == "overview-countries":
                chart.cursor = -1  # no cursor drawn on country totals
        if self._marked is not None:
            self._scroll_to(self._marked, tries=5)  # the pictures moved the page down

    def on_month_strip_chosen(self, message) -> None:
        """Enter on a month of the strip: the Timeline showing that month (MonthStrip.Chosen)."""
        if message.control.id == "overview-strip":
            message.stop()
            self.post_message(ShowFiltered("timeline", message.slot.range_text))

    def on_virtual_list_selected(self, message) -> None:
        """Enter on a company (the Medals tab showing its rows) or an article (its paragraph)."""
        found, index = self._glance, message.index
        if found is None:
            return
        if message.control.id == "overview-companies" and 0 <= index < len(found.companies):
            message.stop()
            self.post_message(ShowFiltered("medals", found.companies[index].name))
        elif message.control.id == "overview-articles" and 0 <= index < len(found.articles):
            message.stop()
            self.jump_to(found.articles[index].paragraph)


    def show_record(self, key: str) -> bool:
        """Scroll to the part of the report ``key`` and mark it; False when it is not on the page."""
        if key not in self._anchors:
            return False
        self._marked = key
        self._page()
        self._cut = False  # the part may be below the first screenful
        self.query_one("#overview-head", Static).update(self._join(0, self._head_end))
        self.query_one("#overview-page", Static).update(self._join(self._head_end, len(self._pieces)))
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
        head, page = self.query_one("#overview-head", Static), self.query_one("#overview-page", Static)
        width = page.content_region.width
        if width < 1:
            return None
        if start < self._head_end:
            return self._join(0, start).get_height(head.styles, width) if start else 0
        # Lines above the part: everything from the top of the head down to the page, then the page's own.
        above = page.virtual_region.y - head.virtual_region.y
        return above + (self._join(self._head_end, start).get_height(page.styles, width) if start > self._head_end else 0)

    def _page(self) -> Content:
        parts: list[Content] = []
        anchors: dict[str, tuple[int, int]] = {}
        heading = "bold $accent"
        head_end = 0

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
            parts += [counts.stylize("$text-muted")]
            if not head_end:
                head_end = len(parts)  # the pictures go here, under the newest edition's counts
            parts.append(Content(""))
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
        self._anchors, self._pieces, self._head_end = anchors, parts, head_end
        return Content("\n").join(parts)
