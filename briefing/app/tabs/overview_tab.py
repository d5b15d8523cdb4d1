"""The Overview tab: title, period, introduction, key figures and how much each dataset holds."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from ...model.records import Edition
from .base import BriefingTab


def _counts(edition: Edition) -> Content:
    planned = sum(1 for e in edition.events if e.planned)
    parts = [
        f"{len(edition.news)} news items",
        f"{len(edition.medals)} medal rows",
        f"{len(edition.articles)} CNKI articles",
        f"{len(edition.events)} timeline events ({planned} planned)",
    ]
    return Content(" · ".join(parts))


class OverviewTab(BriefingTab):
    """A readable front page for each edition loaded."""

    DEFAULT_CSS = """
    OverviewTab VerticalScroll { padding: 0 1; }
    OverviewTab .title { text-style: bold; color: $text-accent; margin-top: 1; }
    OverviewTab .period { color: $text-muted; }
    OverviewTab .heading { text-style: bold; margin-top: 1; color: $accent; }
    OverviewTab .intro { margin-top: 1; }
    OverviewTab .figure { margin-left: 1; }
    OverviewTab .counts { color: $text-muted; margin-top: 1; }
    """

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="overview-scroll", can_focus=True):
            for edition in reversed(self.model.editions):  # newest first
                report = edition.report
                yield Static(Content(report.title), classes="title", markup=False)
                yield Static(Content(f"{report.period} · edition {edition.id}"), classes="period", markup=False)
                counts = Content("Loading the datasets…") if self.briefing.loading else _counts(edition)
                yield Static(counts, classes="counts", markup=False)
                if report.figures:
                    yield Static(Content("Key figures"), classes="heading", markup=False)
                    for figure in report.figures:
                        line = Content.assemble(
                            (figure.value, "bold $text-success"), "  ", (figure.label, "bold"), "\n",
                            (figure.detail, "$text-muted"),
                        )
                        yield Static(line, classes="figure", markup=False)
                context = edition.medal_context
                if context.counts:
                    counts = ", ".join(f"{c.country} {c.medals}" for c in context.counts)
                    yield Static(Content("Medal table"), classes="heading", markup=False)
                    yield Static(Content(f"{counts}. {context.source}."), classes="figure", markup=False)
                if edition.trends.statement:
                    yield Static(Content("CNKI"), classes="heading", markup=False)
                    yield Static(Content(edition.trends.statement), classes="figure", markup=False)
                yield Static(Content("Introduction"), classes="heading", markup=False)
                for paragraph in report.introduction:
                    yield Static(Content(paragraph), classes="intro", markup=False)
                if report.sources_note:
                    yield Static(Content(report.sources_note), classes="counts", markup=False)
            if not self.model.editions:
                yield Static("No editions loaded. Run 'briefing validate' to see why.", markup=False)
