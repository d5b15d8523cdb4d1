"""The Overview tab: title, period, introduction, key figures and how much each dataset holds."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from ...model.data.records import Edition, count_planned
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


class OverviewTab(BriefingTab):
    """A readable front page for each edition loaded."""

    HOLDS_RECORDS = False

    DEFAULT_CSS = """
    OverviewTab VerticalScroll { padding: 1 1 0 1; }
    """

    def compose(self) -> ComposeResult:
        # One Static holding the whole page: a widget per paragraph costs more to mount
        # than the page costs to render, and the Overview is the first thing painted.
        with VerticalScroll(id="overview-scroll", can_focus=True):
            yield Static(self._page(), id="overview-page", markup=False)

    def _page(self) -> Content:
        parts: list[Content] = []
        heading = "bold $accent"
        for edition in reversed(self.model.editions):  # newest first
            report = edition.report
            parts += [Content.styled(report.title, "bold $text-accent"),
                      Content.styled(f"{report.period} · edition {edition.id}", "$text-muted"), Content("")]
            counts = Content("Loading the datasets…") if self.view.loading else _counts(edition)
            parts += [counts.stylize("$text-muted"), Content("")]
            if report.figures:
                parts.append(Content.styled("Key figures", heading))
                for figure in report.figures:
                    parts.append(Content.assemble((figure.value, "bold $text-success"), "  ",
                                                  (figure.label, "bold")))
                    parts.append(Content.styled(figure.detail, "$text-muted"))
                parts.append(Content(""))
            context = edition.medal_context
            if context.counts:
                counts_text = ", ".join(f"{c.country} {c.medals}" for c in context.counts)
                parts += [Content.styled("Medal table", heading), Content(f" {counts_text}. {context.source}."),
                          Content("")]
            if edition.trends.statement:
                parts += [Content.styled("CNKI", heading), Content(" " + edition.trends.statement), Content("")]
            parts.append(Content.styled("Introduction", heading))
            for paragraph in report.introduction:
                parts += [Content(paragraph), Content("")]
            if report.sources_note:
                parts += [Content.styled(report.sources_note, "$text-muted"), Content("")]
        if not self.model.editions:
            parts.append(Content("No editions loaded. Run 'briefing validate' to see why."))
        return Content("\n").join(parts)
