"""The Timeline's reading pane: everything about the highlighted event, and where it comes from.

Built from :class:`Content` of plain strings, so titles and text show exactly as
written even when they look like markup.
"""

from __future__ import annotations

from typing import Sequence

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from ...model.data.alias_records import NO_ALIASES, Aliases
from ...model.data.aliases import corrected
from ...model.data.records import ENTITY_KINDS, Event
from ...model.data.text import match_spans
from .notes_section import NoteLike, SharedNote, notes_lines

MATCH_STYLE = "bold reverse"


def _lit(value: str, words: list[str], style: str = "") -> Content:
    """``value`` as Content with ``style``, search matches highlighted."""
    content = Content(value)
    if style:
        content = content.stylize(style)
    for start, end in match_spans(value, words, whole_short=False):
        content = content.stylize(MATCH_STYLE, start, end)
    return content


def _marked(text: str, words: list[str], aliases: Aliases) -> Content:
    """The report's words with search matches lit, each known slip followed by a muted ``[sic: …]`` (ours)."""
    return Content.assemble(*(Content.styled(piece.text, "italic $text-muted") if piece.ours
                              else _lit(piece.text, words)
                              for piece in corrected(text, aliases.corrections_in(text))))


def event_content(event: Event, source_headline: str | None, words: list[str],
                  aliases: Aliases = NO_ALIASES, *, note: NoteLike | None = None,
                  team: Sequence[SharedNote] = ()) -> Content:
    """The detail text for ``event``: when and whether it happened, title, text, entities, notes, source.

    ``aliases`` (data/aliases.toml) mark the report's slips in the text and name each
    entity's other names, both muted as ours. ``note`` and ``team`` are your note and the
    team's on the event, shown as the News reading pane shows them; none in presenter mode.
    """
    status = ("◇ planned", "bold $text-secondary") if event.planned else ("● happened", "$text-success")
    lines: list[Content] = [
        Content.assemble((event.date.display(), "bold"), " · ", status, " · ", (event.category, "$text-muted")),
        _lit(event.title, words, "bold $text-accent"),
        Content(""),
        _marked(event.text, words, aliases),
    ]
    if event.entities:
        lines.append(Content(""))
        for kind, label in ENTITY_KINDS.items():
            names = getattr(event.entities, kind)
            if names:
                parts: list[Content | tuple[str, str]] = [(f"{label}: ", "$text-muted")]
                for index, name in enumerate(names):
                    parts += [Content(", ")] if index else []
                    parts.append(_lit(name, words))
                    if aliases.of(name):
                        parts.append((f" (also {', '.join(aliases.of(name))})", "$text-muted"))
                lines.append(Content.assemble(*parts))
    lines += notes_lines(note, team)
    lines.append(Content(""))
    if source_headline is None:
        lines.append(Content.assemble(("Source: ", "$text-muted"), f"{event.source} (not in the loaded data)"))
    else:
        lines.append(Content.assemble(("Source: ", "$text-muted"), (source_headline, "italic")))
        lines.append(Content("Enter opens the source news item.").stylize("$text-muted"))
    lines.append(Content(event.key).stylize("dim"))
    return Content("\n").join(lines)


class EventDetail(VerticalScroll, can_focus=False):
    """A scrolling pane showing one event; scrolls back to the top for each new event."""

    DEFAULT_CSS = """
    EventDetail { height: 1fr; padding: 0 1; background: $surface-darken-1; }
    EventDetail > Static { width: 1fr; }
    """

    def compose(self) -> ComposeResult:
        yield Static(Content("No event highlighted."), id="event-detail-text", markup=False)

    def show(self, event: Event | None, source_headline: str | None = None, words: list[str] | None = None,
             aliases: Aliases = NO_ALIASES, *, note: NoteLike | None = None, team: Sequence[SharedNote] = (),
             keep_scroll: bool = False, editions: str = "") -> None:
        """Show ``event`` (None: nothing highlighted); ``keep_scroll`` keeps the position (its notes changed);
        ``editions`` says which editions have the event and which one this version is from."""
        static = self.query_one("#event-detail-text", Static)
        if event is None:
            static.update(Content("No event highlighted."))
        else:
            content = event_content(event, source_headline, words or [], aliases, note=note, team=team)
            if editions:
                content = Content("\n").join([Content(editions).stylize("$text-muted"), content])
            static.update(content)
        if not keep_scroll:
            self.scroll_home(animate=False)

    @property
    def text(self) -> str:
        """What the pane shows, as plain text (tests and copy)."""
        visual = self.query_one("#event-detail-text", Static).visual
        return visual.plain if isinstance(visual, Content) else str(visual)
