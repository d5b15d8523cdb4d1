"""The Trends tab: the most downloaded CNKI articles as a bar chart, with the highlighted article's detail.

One line sums up what the report says about the ten most downloaded articles; the
chart below has one bar per article, most downloaded first; ↑/↓ move through it and
the pane below shows the highlighted article's rank, downloads, theme, institution and
summary, followed by the report's own statement. Enter opens the news paragraph the
article comes from. Everything shown is data, built as plain text.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from ...model.data.model import Model
from ...model.data.records import Article, Record, TrendsContext
from ..widgets.bar_chart import Bar, BarChart
from ..widgets.notes_section import notes_lines
from ..widgets.virtual_list import VirtualList
from ..view_state import ViewState
from .base import BriefingTab

NO_INSTITUTION = "institution not stated"


def top_ten_line(trends: TrendsContext) -> str:
    """``3 of the ten most downloaded cover 6G technology and LEO satellite internet``."""
    if not trends.topic:
        return trends.statement
    return f"{trends.top_ten_on_topic} of the ten most downloaded cover {trends.topic}"


def sorted_articles(model: Model) -> list[Article]:
    """Most downloaded first; equal downloads keep report order."""
    return sorted(model.articles, key=lambda a: -a.downloads)


def edition_rank(model: Model, article: Article) -> tuple[int, int]:
    """``(rank, of)`` by downloads within the article's own edition (ties share the better rank)."""
    edition = model.edition(article.edition)
    peers = edition.articles if edition is not None else (article,)
    better = sum(1 for other in peers if other.downloads > article.downloads)
    return better + 1, len(peers)


class TrendsTab(BriefingTab):
    """A bar chart of CNKI downloads and the detail of the highlighted article."""

    DEFAULT_CSS = """
    TrendsTab #trends-fact { height: 1; padding: 0 1; text-style: bold; color: $text-accent;
                             text-wrap: nowrap; text-overflow: ellipsis; }
    TrendsTab #trends-chart-title { height: 1; padding: 0 1; color: $text-muted;
                                    text-wrap: nowrap; text-overflow: ellipsis; }
    TrendsTab BarChart { margin: 0 1; }
    TrendsTab #trends-detail { height: 1fr; padding: 0 1; border-top: hkey $panel; }
    TrendsTab .detail-meta { color: $text-muted; }
    TrendsTab .detail-title { text-style: bold; }
    TrendsTab .detail-heading { text-style: bold; color: $accent; margin-top: 1; }
    """

    BINDINGS = [
        Binding("enter", "open_source", "Open source", show=True),
    ]

    def __init__(self, view: ViewState, *, id: str | None = None) -> None:
        super().__init__(view, id=id)
        model = self.model
        #: Every article, most downloaded first; ``articles`` is the part the app's marked filter shows.
        self.all_articles: list[Article] = sorted_articles(model)
        self.articles: list[Article] = list(self.all_articles)
        self.multi_edition = len(model.editions) > 1

    def compose(self) -> ComposeResult:
        facts = [top_ten_line(e.trends) for e in self.model.editions if e.trends.statement or e.trends.topic]
        yield Static(Content(" · ".join(facts) or "The report says nothing about the top ten."),
                     id="trends-fact", markup=False)
        since = ", ".join(sorted({e.trends.since for e in self.model.editions if e.trends.since}))
        title = "Most downloaded CNKI articles" + (f" since {since}" if since else "")
        yield Static(Content(title + " · Enter opens the paragraph"), id="trends-chart-title", markup=False)
        yield BarChart(id="trends-chart")
        with VerticalScroll(id="trends-detail"):
            yield Static(id="trends-article-title", classes="detail-title", markup=False)
            yield Static(id="trends-article-meta", classes="detail-meta", markup=False)
            yield Static(id="trends-article-summary", markup=False)
            yield Static(id="trends-article-notes", markup=False)
            yield Static(Content("What the report says about the top ten"), classes="detail-heading", markup=False)
            for edition in self.model.editions:
                statement = edition.trends.statement
                if self.multi_edition:
                    statement = f"{edition.report.period}: {statement}"
                yield Static(Content(statement), classes="trends-statement", markup=False)

    def on_mount(self) -> None:
        self._fill_chart(cursor=0)

    @property
    def chart(self) -> BarChart:
        return self.query_one(BarChart)

    def _fill_chart(self, cursor: int | None) -> None:
        """(Re)draw the bars: markers and the app's "only flagged / annotated" filter may have changed."""
        current = self.current_record() if cursor is None else None
        self.articles = [a for a in self.all_articles if self.passes_marked_filter(a)]
        if current is not None and current in self.articles:
            cursor = self.articles.index(current)
        self.chart.empty_text = self.view.empty_hint("articles", "No CNKI articles in the loaded data.",
                                                     every="article")
        bars = [Bar(self._label(a), a.downloads, self._marks(a)) for a in self.articles]
        self.chart.set_bars(bars, cursor=cursor if cursor is not None else 0)
        self._show_detail(self.chart.cursor)

    def _marks(self, article: Article) -> str:
        """The note/flag marks, or "" when there are none (the chart then needs no marker column)."""
        marks = self.marker(article)
        return marks if marks.strip() else ""

    def _label(self, article: Article) -> str:
        if not self.multi_edition:
            return article.topic
        # The edition first, short ("2024-09"), so equal topics from two editions still differ when cut.
        return f"{article.edition.split('-to-')[0]} · {article.topic}"

    # -- detail -----------------------------------------------------------------------------------

    @on(VirtualList.Highlighted, "#trends-chart")
    def _highlighted(self, event: VirtualList.Highlighted) -> None:
        self._show_detail(event.index)

    def _show_detail(self, index: int) -> None:
        title = self.query_one("#trends-article-title", Static)
        meta = self.query_one("#trends-article-meta", Static)
        summary = self.query_one("#trends-article-summary", Static)
        notes = self.query_one("#trends-article-notes", Static)
        if not 0 <= index < len(self.articles):
            title.update(Content(self.query_one(BarChart).empty_text))
            meta.update("")
            summary.update("")
            notes.display = False
            return
        article = self.articles[index]
        rank, of = edition_rank(self.model, article)
        title.update(Content(article.topic))
        parts = [f"#{rank} of {of} by downloads", f"{article.downloads:,} downloads", f"Theme: {article.theme}",
                 article.institution or NO_INSTITUTION]
        if self.multi_edition:
            parts.append(f"edition {article.edition}")
        meta.update(Content(" · ".join(parts)))
        summary.update(Content(article.summary))
        # Yours and the team's, as the News reading pane shows them; none in presenter mode.
        lines = notes_lines(self.view.reading_note(article.key), self.view.team_on(article.key))
        notes.update(Content("\n").join(lines))
        notes.display = bool(lines)

    # -- actions ------------------------------------------------------------------------------------

    @on(VirtualList.Selected, "#trends-chart")
    def _selected(self, event: VirtualList.Selected) -> None:
        event.stop()
        self._open(event.index)

    def action_open_source(self) -> None:
        self._open(self.chart.cursor)

    def _open(self, index: int) -> None:
        if 0 <= index < len(self.articles):
            article = self.articles[index]
            self.jump_to(f"{article.edition}/{article.source}")

    # -- BriefingTab hooks ------------------------------------------------------------------------

    def current_record(self) -> Record | None:
        if not self.is_mounted:
            return None
        index = self.chart.cursor
        return self.articles[index] if 0 <= index < len(self.articles) else None

    def show_record(self, key: str) -> bool:
        for index, article in enumerate(self.articles):
            if article.key == key:
                self.chart.move_to(index)
                self.chart.focus()
                return True
        return False

    def notes_changed(self) -> None:
        if self.is_mounted:
            self._fill_chart(cursor=None)

    def focus_default(self) -> None:
        # After a refresh: the tab switcher may not show this pane yet, and hidden widgets cannot take focus.
        self.call_after_refresh(self._focus_chart)

    def _focus_chart(self) -> None:
        if not self.is_active_tab:
            return
        for chart in self.query(BarChart):
            chart.focus()
