"""Search everything from the command palette: any news item, medal row, article, event or part of the report.

Textual's fuzzy matcher and the palette's help line both read their strings as markup,
so hits are displayed as :class:`Content` built from plain text, with our own match
highlighting, and no data string is ever handed to either.
"""

from __future__ import annotations

from functools import partial
from typing import Callable, Iterable, cast

from textual.app import App, SystemCommand
from textual.command import CommandPalette, Hit, Hits, Provider
from textual.content import Content
from textual.screen import Screen

from ..model.data.record_facts import record_date, record_title
from ..model.data.records import Event, NewsItem, ReportPart
from ..model.data.text import match_spans
from .messages import JumpTo
from .view_state import ShowsView

#: The prompt: what the palette searches, rather than Textual's "Search for commands…".
PLACEHOLDER = "Search the report (any item, event, medal row, note) or type an action…"
DATASET_LABELS = {"news": "News", "medals": "Medal", "articles": "CNKI", "events": "Event"}
#: A part of the report (dataset ``report``) is labelled by what it is.
PART_LABELS = {"introduction": "Introduction", "figure": "Key figure", "section": "Heading"}
MAX_HITS = 40
#: Titles longer than this are cut with "…", so every hit takes one line at 80 columns.
TITLE_WIDTH = 52


def open_palette(app) -> None:
    """The palette with our prompt (the App's ctrl+p)."""
    if app.use_command_palette and not CommandPalette.is_open(app):
        app.push_screen(CommandPalette(id="--command-palette", placeholder=PLACEHOLDER))


def system_commands(app: App, screen: Screen) -> Iterable[SystemCommand]:
    """The App's ``get_system_commands``: briefing's actions, then Textual's, but for its own "Keys"."""
    view = cast(ShowsView, app).view
    editions = len(view.full_model.editions) if view.full_model else 0
    yield from briefing_commands(app.run_action, editions, view.presenter)
    # Textual's "Keys" opens its own panel of widget internals: ? is ours (issue 13, defect 8).
    yield from (c for c in App.get_system_commands(app, screen) if c.title != "Keys")


def briefing_commands(run: Callable[[str], object], editions: int, presenting: bool) -> Iterable[SystemCommand]:
    """briefing's actions, listed first when the palette opens empty; ``run`` runs an action string."""
    def command(title: str, help: str, action: str) -> SystemCommand:
        return SystemCommand(title, help, partial(run, action))

    yield command("Presenter mode off" if presenting else "Presenter mode",
                  "p · hide notes and flags, to share the screen in a meeting", "toggle_presenter")
    if not presenting:
        yield command("Only flagged or noted items", "F · step all → annotated → flagged", "cycle_marked")
        yield command("Export all notes", "w on the Notes tab · Markdown file, each note under its item",
                      "screen.export_notes(False)")
        yield command("Export flagged notes", "W on the Notes tab · Markdown file", "screen.export_notes(True)")
    if editions > 1:
        yield command("Choose an edition", "E · show one edition, or all", "screen.choose_edition")
    yield command("Keys", "? · every key of this tab", "screen.help")  # the main screen's ?, not the App's


def hit_display(record, words: list[str], extra: str = "", notice: str = "") -> Content:
    """One line: the title (matches highlighted, cut to fit), then dim what it is and when; ``notice``
    (whose hits these are) on a second, dim line."""
    title = record_title(record)
    if len(title) > TITLE_WIDTH:
        title = title[: TITLE_WIDTH - 1].rstrip() + "…"
    content = Content(title)
    for start, end in match_spans(title, words):
        content = content.stylize("bold $text-accent underline", start, end)
    label = PART_LABELS.get(record.kind) if isinstance(record, ReportPart) else None
    detail = " · " + (label or DATASET_LABELS.get(record.dataset, record.dataset))
    date = record_date(record)  # the one date every front end gives the record
    if date is not None:
        detail += f" · {date.display()}"
    line = Content.assemble(content, Content(detail + extra).stylize("dim"))
    return Content.assemble(line, "\n", Content(notice).stylize("dim italic")) if notice else line


def without_twins(hits: list) -> list:
    """Hits with an event dropped when the news item it was made from is a hit too, and a heading
    dropped when a news item under it is (one story, one hit)."""
    keys = {hit.record.key for hit in hits}
    sections = {f"{hit.record.edition}/{hit.record.section}" for hit in hits if isinstance(hit.record, NewsItem)}
    return [hit for hit in hits
            if not (isinstance(hit.record, Event) and f"{hit.record.edition}/{hit.record.source}" in keys)
            and not (isinstance(hit.record, ReportPart) and hit.record.kind == "section" and hit.record.key in sections)]


class RecordSearchProvider(Provider):
    """Palette hits from the view's search index; choosing one asks the App to jump to the record."""

    async def search(self, query: str) -> Hits:
        if not query.split():
            return
        # The search belongs to the view state the App published: a new model or new notes
        # make a new view, and with it a new one, so nothing here is cached or written.
        view = cast(ShowsView, self.app).view
        finder = view.search_index
        if finder is None:
            return
        # The model's search, as `briefing search` asks it: the same hits in the same order (an event
        # whose news item is a hit, and a heading over one, folded into it), and with no hits, the
        # hits of the nearest query that has some, saying so.
        found = finder.find(query, limit=MAX_HITS)
        hits = without_twins(found.hits)
        words = list(found.marks)
        notice = found.notice if found.shown_for is not None else ""
        for position, hit in enumerate(hits):
            record = hit.record
            count = f" · {len(hits)} hit{'s' if len(hits) != 1 else ''}" if position == 0 else ""
            yield Hit(
                score=1.0 - hit.rank / 4 - position / 1000,  # keeps the search's order
                match_display=hit_display(record, words, count, notice if position == 0 else ""),
                command=lambda key=record.key: self.app.post_message(JumpTo(key)),
                text=record_title(record),
            )
