"""A scrollable pane that shows one record in full: title, where it sits in the report, dates, text, links.

Any tab can use it: call :meth:`ReadingPane.show` with a record and the model it comes
from, and it lays the record out for reading. The pane knows nothing about lists or
cursors; when the reader asks to leave it (Escape, ``h`` or ←) it posts
:class:`ReadingPane.Leave` and the owner decides where focus goes.

Everything shown is data, so it is built from :class:`textual.content.Content` made
from plain strings and shown with ``markup=False``: a headline such as ``[bold]x[/]``
or ``[@click=app.quit]x[/]`` is displayed as written and clicking it does nothing.

``/`` opens a find bar (:class:`~briefing.app.widgets.find_bar.FindBar`) at the pane's foot:
every match is highlighted, the current one scrolled into view, and while a find is open
``n``/``N`` step to the next/previous match (otherwise ``n`` stays the app's note key).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Sequence

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.widgets import Static

from ...model.data.alias_records import NO_ALIASES, Aliases
from ...model.data.aliases import corrected
from ...model.data.model import Model
from ...model.data.records import ENTITY_KINDS, Article, Entities, Event, MedalRow, NewsItem, Record
from ...model.query.text_find import find_spans
from .find_bar import FindBar
from .find_host import FindHost
from .notes_section import NoteLike, notes_lines


_HEADING = "bold $accent"
_MUTED = "$text-muted"
#: Reverse video, so matches show in every theme, in 8 colours and with NO_COLOR; the current one bold and underlined too.
_MATCH = "reverse"
_CURRENT_MATCH = "reverse bold underline"


def _heading(title: str) -> Content:
    return Content.styled(title, _HEADING)


def _entities_block(entities: Entities, aliases: Aliases = NO_ALIASES) -> list[Content]:
    """One line per kind, in :data:`ENTITY_KINDS` order, with the kind's label in bold;
    each name's other names (ours, from data/aliases.toml) muted after it."""
    lines: list[Content] = []
    for kind, label in ENTITY_KINDS.items():
        names = getattr(entities, kind)
        if names:
            parts: list[str | tuple[str, str]] = [(label, "bold"), ": "]
            for index, name in enumerate(names):
                parts += [", "] if index else []
                parts.append(name)
                other = aliases.of(name)
                if other:
                    parts.append((f" (also {', '.join(other)})", _MUTED))
            lines.append(Content.assemble(*parts))
    return lines


def _marked(text: str, aliases: Aliases) -> Content:
    """The report's words, each known slip followed by a muted ``[sic: correction]`` (ours)."""
    return Content.assemble(*((piece.text, f"italic {_MUTED}") if piece.ours else piece.text
                              for piece in corrected(text, aliases.corrections_in(text))))


def event_line(event: Event, date_width: int = 0) -> Content:
    """``17 Dec 2024   Shenzhou-19 crew completes…  (planned)`` for lists of events."""
    date = event.date.display()
    parts: list[Content | str | tuple[str, str]] = [(date.ljust(date_width), _MUTED), "  ", event.title]
    if event.planned:
        parts.append(("  (planned)", _MUTED))
    return Content.assemble(*parts)


class ReadingPane(FindHost, VerticalScroll, can_focus=True):
    """Shows one record for reading; scrolls with ↑↓, j/k, PgUp/PgDn, b, Home/End."""

    DEFAULT_CSS = """
    ReadingPane {
        height: 1fr;
        padding: 0 1;
        background: $surface;
        scrollbar-size-vertical: 1;
        & > #reading-body { width: 1fr; height: auto; }
    }
    """

    BINDINGS = [
        # Overrides VerticalScroll's ←, which would scroll sideways in a pane that never scrolls sideways.
        Binding("escape,h,left", "leave", "Back to list", key_display="Esc"),
        Binding("down,j", "scroll_down", "Scroll down", show=False),
        Binding("up,k", "scroll_up", "Scroll up", show=False),
        Binding("b", "page_up", "Page up", show=False),
        Binding("slash", "find", "Find", key_display="/"),
        # Only while a find is open (check_action); otherwise n falls through to the app's note key.
        Binding("n", "find_step(True)", "Next match"),
        Binding("N", "find_step(False)", "Previous match"),
    ]

    @dataclass
    class Leave(Message):
        """The reader asked to go back to wherever they came from."""

        pane: "ReadingPane"

        @property
        def control(self) -> "ReadingPane":
            return self.pane

    def __init__(self, *, empty_text: str = "Nothing to read.", name: str | None = None,
                 id: str | None = None, classes: str | None = None) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.empty_text = empty_text
        self._record: Record | None = None
        self._team: tuple[Any, ...] = ()
        self._plain = empty_text
        #: What is shown, without find highlights.
        self._content = Content.styled(empty_text, _MUTED)
        self._matches: list[tuple[int, int]] = []
        self._match: int | None = None

    def compose(self) -> ComposeResult:
        yield Static(self._content, id="reading-body", markup=False)
        yield FindBar()

    @property
    def record(self) -> Record | None:
        """The record shown, or None."""
        return self._record

    @property
    def plain(self) -> str:
        """Everything shown, as plain text (for copying, and for tests)."""
        return self._plain

    # -- showing ------------------------------------------------------------------------------

    def show(self, record: Record | None, model: Model | None = None, *, note: NoteLike | None = None,
             events: Sequence[Event] | None = None, hint: str = "", keep_scroll: bool = False,
             team: Sequence[Any] = ()) -> None:
        """Lay ``record`` out for reading (None shows the empty text).

        ``model`` supplies section paths, source items and linked events; ``events``
        overrides the linked events (owners that index them pass their own, which is
        faster than asking the model each time). ``note`` is shown under "Your note";
        pass None in presenter mode. ``team`` are the team's notes on it (``TeamNote``), each
        shown under its author and time; pass none in presenter mode. ``hint`` is a muted line under the linked events,
        e.g. which key opens them. ``keep_scroll`` keeps the position (a note changed).
        """
        self._record = record
        self._team = tuple(team)
        body = self.query_one("#reading-body", Static)
        if record is None:
            content = Content.styled(self.empty_text, _MUTED)
        else:
            content = Content("\n").join(self._lines(record, model, note, events, hint))
        self._plain = content.plain
        self._content = content
        if not keep_scroll:
            self.scroll_home(animate=False, immediate=True)
        if self.finding:
            # An open find carries on into the next record (J, K, space), from its first match.
            self.run_find(self._find_bar.query_text, keep=keep_scroll)
        else:
            body.update(content)

    def clear(self) -> None:
        """Show nothing."""
        self.show(None)

    def _lines(self, record: Record, model: Model | None, note: NoteLike | None,
               events: Sequence[Event] | None, hint: str) -> list[Content]:
        aliases = model.aliases if model is not None else NO_ALIASES
        lines: list[Content] = [Content.styled(record.title, "bold")]
        lines.extend(self._where(record, model))
        body = self._body(record)
        if body:
            lines += [Content(""), _marked(body, aliases)]
        if isinstance(record, NewsItem) and record.tags:
            lines += [Content(""), Content.assemble(("Tags", "bold"), ": ", " · ".join(record.tags))]
        entity_lines = _entities_block(record.entities, aliases)
        if entity_lines:
            lines += [Content(""), _heading("Named in this item"), *entity_lines]
        edition = model.edition(record.edition) if model is not None else None
        relations = edition.relations_of(record.entities.names()) if edition is not None else ()
        if relations:
            lines += [Content(""), _heading("Relations the report states")]
            lines.extend(Content.assemble(r.subject, (f" {r.relation} ", _MUTED), r.object) for r in relations)
        for editor_note in aliases.notes_for(record.key):
            lines += [Content(""), _heading("Editor's note (ours, not the report's)"), Content(editor_note)]
        if isinstance(record, NewsItem):
            if events is None:
                events = model.events_from(record.key) if model is not None else []
            lines += [Content(""), _heading("Timeline events from this item")]
            if events:
                width = max(len(e.date.display()) for e in events)
                lines.extend(event_line(e, width) for e in events)
                if hint:
                    lines.append(Content.styled(hint, _MUTED))
            else:
                lines.append(Content.styled("None.", _MUTED))
        lines += notes_lines(note, self._team)
        # Last, as it is for citing rather than reading.
        lines += [Content(""), Content.styled(f"Edition {record.edition} · id {record.id}", _MUTED)]
        return lines

    @staticmethod
    def _where(record: Record, model: Model | None) -> list[Content]:
        """Where the record sits (section path, edition) and its dates, as muted lines."""
        lines: list[Content] = []
        if isinstance(record, NewsItem):
            if model is not None and model.edition(record.edition) is not None:
                path = model.report_for(record).section_path(record.section) or record.section
            else:
                path = record.section
            lines.append(Content.styled(path, _MUTED))
            if record.dates:
                # The report's order of mention; approximate dates keep its wording ("late 2025").
                dates = " · ".join(d.display() for d in record.dates)
                lines.append(Content.assemble(("Dates", "bold"), ": ", dates))
            else:
                lines.append(Content.styled("No date given.", _MUTED))
            if record.own_date is not None and record.own_date not in record.dates:
                lines.append(Content.assemble(("Dated", "bold"), ": ", record.own_date.display(),
                                              (" (ours: the paragraph gives no date of its own)", _MUTED)))
        elif isinstance(record, Event):
            lines.append(Content.assemble(("Date", "bold"), ": ", record.date.display(),
                                          (f" · {record.status} · {record.category}", _MUTED)))
            source = model.get(f"{record.edition}/{record.source}") if model is not None else None
            if source is not None:
                lines.append(Content.assemble(("From", "bold"), ": ", source.title))
        elif isinstance(record, Article):
            detail = f"{record.theme} · {record.downloads:,} downloads"
            if record.institution:
                detail += f" · {record.institution}"
            lines.append(Content.styled(detail, _MUTED))
        elif isinstance(record, MedalRow):
            lines.append(Content.styled(f"{record.medal} · {record.sector}", _MUTED))
        return lines

    @staticmethod
    def _body(record: Record) -> str:
        if isinstance(record, (NewsItem, Event)):
            return record.text
        if isinstance(record, Article):
            return record.summary
        return ""

    # -- find (the host is FindHost: this pane says what matches and how it shows) -------------

    def find_matches(self, query: str) -> list[tuple[int, int]]:
        return find_spans(self._plain, query)

    def show_matches(self) -> None:
        content = self._content
        for index, (start, end) in enumerate(self._matches):
            content = content.stylize(_CURRENT_MATCH if index == self._match else _MATCH, start, end)
        self.query_one("#reading-body", Static).update(content)
        if self._match is not None:
            self.call_after_refresh(self._scroll_to_match)

    def clear_matches(self) -> None:
        self.query_one("#reading-body", Static).update(self._content)

    def _scroll_to_match(self) -> None:
        """Scroll so the current match's line shows, a third of the way down (some context above it)."""
        if self._match is None or self._match >= len(self._matches):
            return
        width = self.query_one("#reading-body", Static).content_region.width
        if width <= 0:
            return
        start = self._matches[self._match][0]
        line = len(self._content[:start].wrap(width)) - 1
        visible = self.scrollable_content_region.height - 1  # the docked find bar covers the last line
        if not self.scroll_y <= line < self.scroll_y + visible:
            self.scroll_to(y=max(line - visible // 3, 0), animate=False, immediate=True)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "find_step":
            return self.finding  # False: hidden, and n goes on to the note key
        return True

    # -- keys -------------------------------------------------------------------------------

    def page_down_or_end(self) -> bool:
        """Scroll one page down; False (and no scroll) when already at the end."""
        if self.scroll_y >= self.max_scroll_y:
            return False
        self.scroll_page_down(animate=False)
        return True

    def action_leave(self) -> None:
        if self.finding:  # Esc closes the find first; the next Esc leaves
            self.close_find()
            return
        self.post_message(self.Leave(self))
