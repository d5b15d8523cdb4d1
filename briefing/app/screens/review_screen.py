"""Review a draft: each doubtful value beside the report's sentence it came from, one key to decide it.

The list (a :class:`VirtualList`, so only the rows on screen are drawn) holds the doubtful
values in the report's order under their records, then the sentences the drafter read past;
the pane below shows the highlighted one: its value, why it is doubtful, its confidence, and
the sentence with the value's span marked. "37 of 122 left" stays in the top line.

Decisions are worked out and written by the model (:mod:`briefing.model.draft.review_decisions`)
in one writer thread (:mod:`..review_writer`), in the order the keys were pressed, so a key never waits on the disk:
the row shows ``…`` until its decision is saved, and the top line says "saving…" until then.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Callable, NamedTuple

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Static

from ...model.data.text import clean_text
from ...model.draft.review_values import ReviewError, ReviewValue
from ..review_writer import ReviewWriter
from ..widgets.review_rows import Row, row_text, sentence_content, value_content
from ..widgets.value_editor import ValueEditor
from ..widgets.virtual_list import VirtualList

#: How often the review file is looked at for another reviewer's decisions (a stat; read only when changed).
POLL_SECONDS = 3.0

class ReviewClosed(NamedTuple):
    """What the screen dismisses with: a record key to open (or None), and whether data files changed."""

    key: str | None
    changed: bool


class ReviewScreen(Screen[ReviewClosed]):
    """The doubtful values of one draft, and the keys to decide them."""

    #: What the App asks to know the review is on top, without importing this module at start-up.
    REVIEWS_A_DRAFT = True

    DEFAULT_CSS = """
    ReviewScreen #review-top { height: 1; padding: 0 1; background: $panel; text-style: bold;
                               text-wrap: nowrap; text-overflow: ellipsis; }
    ReviewScreen #review-list { height: 1fr; min-height: 4; }
    ReviewScreen #review-detail { height: auto; max-height: 65%; border-top: solid $primary;
                                  padding: 0 1; background: $surface; }
    """

    BINDINGS = [
        Binding("a", "accept", "Accept"),
        Binding("e", "edit", "Edit"),
        Binding("x", "reject", "Reject"),
        Binding("n", "next", "Next"),
        Binding("N", "previous", "Previous", show=False),
        Binding("A", "accept_record", "Accept rest of record", show=False),
        Binding("c", "accept_above", "Accept at or above a confidence", show=False),
        Binding("u", "undo", "Undo"),
        Binding("o", "open", "Open"),
        Binding("m", "make_event", "Make an event from the sentence", show=False),
        Binding("question_mark", "help", "Keys"),
        Binding("escape", "close", "Close"),
    ]

    def __init__(self, folder: Path, *, open_session: Callable[[Path], Any] | None = None) -> None:
        super().__init__()
        self.folder = folder
        self._open_session = open_session
        self.session: Any = None
        self.rows: list[Row] = []
        self.undrafted: list[Any] = []
        #: Value (or sentence) ids whose decision is queued and not yet saved.
        self.pending: dict[str, str] = {}
        self.writer = ReviewWriter(lambda: self.post_message(self._Saved()), (ReviewError,))
        self._changed = False
        self._editor = ValueEditor(lambda value, text: self.session.check(value, text), id="review-editor")
        self._last_message = ""

    # -- building -----------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        name = clean_text(self.folder.name)[0]  # a folder name can hold control characters
        yield Static(Content(f"Review · {name} · reading…"), id="review-top", markup=False)
        yield VirtualList(self._render_row, empty_text="Reading the review…", id="review-list")
        with VerticalScroll(id="review-detail"):
            yield Static(id="review-text", markup=False)
        yield self._editor
        yield Footer()

    def on_mount(self) -> None:
        from ...model.draft.review_decisions import open_review

        try:
            self.session = (self._open_session or open_review)(self.folder)
        except ReviewError as error:
            self.query_one("#review-text", Static).update(Content(clean_text(str(error))[0]))
            self.query_one(VirtualList).empty_text = "Nothing to review."
            return
        self.writer.start()
        self._rebuild(first=True)
        self.query_one(VirtualList).focus()
        self._find_undrafted()
        # Someone else reviewing the same draft: their decisions show up here within seconds.
        self.set_interval(POLL_SECONDS, self._poll)

    def _poll(self) -> None:
        if self.session is None or self.outstanding or not self.session.changed_on_disk():
            return

        def reread() -> None:
            self.session.refresh_from_disk()

        self._queue(reread, (), on_done=lambda _: self._rebuild())

    def _find_undrafted(self) -> None:
        """The sentences the drafter read past take a tenth of a second: worked out in the writer thread."""
        from ...model.draft.review_undrafted import undrafted

        def job() -> list:
            return undrafted(self.session)

        self._queue(job, (), on_done=self._undrafted_found)

    def _undrafted_found(self, found: list) -> None:
        self.undrafted = found
        self._rebuild()

    def _rebuild(self, first: bool = False, focus_id: str | None = None) -> None:
        """Rows from the session's values (and pending marks); keep the cursor on the same value."""
        listing = self.query_one(VirtualList)
        keep = focus_id or self._current_id()
        rows: list[Row] = []
        record = None
        for value in self.session.doubtful():
            if value.record_key != record:
                record = value.record_key
                rows.append(Row("record", value))
            rows.append(Row("value", value))
        if self.undrafted:
            rows.append(Row("undrafted-head", len(self.undrafted)))
            rows.extend(Row("sentence", s) for s in self.undrafted)
        self.rows = rows
        cursor = 0
        if first:
            cursor = next((i for i, r in enumerate(rows) if r.kind == "value" and not r.payload.reviewed), 0)
        elif keep is not None:
            cursor = next((i for i, r in enumerate(rows) if r.id == keep), listing.cursor)
        listing.set_rows(len(rows), selectable=lambda i: self.rows[i].kind in ("value", "sentence"),
                         cursor=max(cursor, 0))
        if first:  # the first value's record heading in view too
            self.call_after_refresh(listing.scroll_to, 0, max(cursor - 1, 0), animate=False, immediate=True)
        self._update_top()
        self._show_detail()

    # -- drawing ------------------------------------------------------------------------------------

    def _update_top(self) -> None:
        if self.session is None:
            return
        saving = " · saving…" if self.pending or self.outstanding else " · saved"
        text = Content.assemble(("Review ", "bold"), (self.session.edition_id, "bold $text-accent"), " · ",
                                (self.session.left_phrase(), "bold"), (saving, "$text-muted"))
        self.query_one("#review-top", Static).update(text)

    def _render_row(self, index: int, width: int) -> Text:
        row = self.rows[index]
        return row_text(row, width, row.id in self.pending)

    def _current_row(self) -> Row | None:
        cursor = self.query_one(VirtualList).cursor
        return self.rows[cursor] if 0 <= cursor < len(self.rows) else None

    def current_value(self) -> ReviewValue | None:
        row = self._current_row()
        return row.payload if row is not None and row.kind == "value" else None

    def _current_id(self) -> str | None:
        row = self._current_row()
        return row.id if row is not None else None

    def _show_detail(self) -> None:
        row = self._current_row()
        target = self.query_one("#review-text", Static)
        if row is None:
            target.update(Content("Nothing doubtful in this draft." if self.session else ""))
            return
        if row.kind == "sentence":
            target.update(sentence_content(row.payload))
            return
        if row.kind != "value":
            return
        target.update(value_content(self.session, row.payload, row.id in self.pending))

    @on(VirtualList.Highlighted)
    def _highlighted(self) -> None:
        self._show_detail()

    @on(VirtualList.Selected)
    def _selected(self) -> None:
        if self._editor.editing is None:  # Enter typed before the editor took the focus is not an open
            self.action_open()

    # -- saving, off the UI thread ------------------------------------------------------------------

    class _Saved(Message):
        """The writer finished a job; its result waits in the writer (posting never blocks its thread)."""

    @on(_Saved)
    def _drain(self) -> None:
        for done in self.writer.finished():
            self._done(*done)

    def _queue(self, work: Callable[[], Any], ids: tuple[str, ...], mark: str = "",
               on_done: Callable[[Any], None] | None = None) -> None:
        """Run ``work`` (a decision) in the writer thread after those queued before it; ``ids`` show ``…``
        until it is saved. A decision on one value is said by its row's mark; others by a notice."""
        for ident in ids:
            self.pending[ident] = mark
        if on_done is None and len(ids) == 1 and mark in ("accept", "edit", "reject"):
            on_done = self._quietly
        # Handed to the writer once this key's frame is drawn: its save (pure Python, tens of ms on a
        # large draft) would otherwise share the interpreter with the key's own work and slow it.
        self.writer.add((work, ids, on_done))
        self.call_after_refresh(self.writer.flush)
        if ids:
            self.query_one(VirtualList).refresh_rows()
            self._update_top()

    def _quietly(self, outcome: Any) -> None:
        self._changed = self._changed or bool(outcome.files)
        self._last_message = outcome.message

    def _done(self, ids: tuple[str, ...], result: Any, error: str | None, on_done) -> None:
        for ident in ids:
            self.pending.pop(ident, None)
        if error is not None:  # may name a path: cleaned like any string from the file system
            self.notify(Content(clean_text(error)[0]), severity="warning", timeout=6)
        elif on_done is not None:
            on_done(result)
        elif result is not None:
            self._changed = self._changed or bool(getattr(result, "files", ()))
            self._last_message = result.message
            self.notify(Content(result.message), timeout=2)
        if self.is_mounted:
            self._rebuild()

    @property
    def outstanding(self) -> int:
        """Decisions (and the search for sentences read past) not yet done: "saving…" until 0."""
        return self.writer.outstanding

    def wait_saved(self, timeout: float = 10.0) -> None:
        """Let the writer finish what is queued (the screen is closing), and take its results."""
        self.writer.stop(timeout)
        self._drain()  # its messages may never be read now

    def on_unmount(self) -> None:
        self.wait_saved()

    # -- keys ---------------------------------------------------------------------------------------

    def _decidable(self, *, allowed: tuple[str | None, ...] = (None,)) -> ReviewValue | None:
        """The highlighted value, if it may take this decision now (``allowed``: its decision so far)."""
        value = self.current_value()
        if value is None:
            self.notify("Highlight a value first (n goes to the next one left).")
            return None
        if value.id in self.pending:
            self.notify("That value's decision is being saved.")
            return None
        state = value.decision or ("reviewed" if value.reviewed else None)
        if state not in allowed:
            self.notify(f"Already {state}: u undoes your last decision.", timeout=3)
            return None
        return value

    def action_accept(self) -> None:
        if (value := self._decidable()) is not None:
            self._queue(lambda: self.session.accept([value.id]), (value.id,), "accept")
            self.action_next()

    def action_accept_record(self) -> None:
        if (value := self._decidable(allowed=(None, "accepted", "edited", "rejected", "reviewed"))) is not None:
            rest = tuple(v.id for v in self.session.doubtful() if v.record_key == value.record_key and v.left)
            self._queue(lambda: self.session.accept_record(value.id), rest, "accept")
            self._next_after(lambda r: r.record_key != value.record_key)

    def action_reject(self) -> None:
        if (value := self._decidable(allowed=(None, "accepted", "edited", "reviewed"))) is None:
            return
        from .review_dialogs import RejectChoice

        def chosen(choice: str | None) -> None:
            if choice is None:
                return
            whole = choice == "record"
            ids = tuple(v.id for v in self.session.doubtful() if v.record_key == value.record_key) if whole \
                else (value.id,)
            self._queue(lambda: self.session.reject(value.id, whole_record=whole), ids, "reject")
            self.action_next()

        self.app.push_screen(RejectChoice(value.field, value.value, value.record), chosen)

    def action_accept_above(self) -> None:
        if self.session is None:
            return
        from .review_dialogs import AcceptAbove

        def chosen(confidence: float | None) -> None:
            if confidence is None:
                return
            ids = tuple(v.id for v in self.session.doubtful() if v.left and v.confidence >= confidence)
            self._queue(lambda: self.session.accept_above(confidence), ids, "accept")

        self.app.push_screen(AcceptAbove(self.session.count_above), chosen)

    def action_undo(self) -> None:
        if self.session is not None:
            self._queue(self.session.undo, ())
            self._update_top()

    def action_next(self) -> None:
        self._next_after(lambda value: True)

    def _next_after(self, also: Callable[[ReviewValue], bool], step: int = 1) -> None:
        listing = self.query_one(VirtualList)
        index = listing.cursor + step
        while 0 <= index < len(self.rows):
            row = self.rows[index]
            if row.kind == "value" and row.payload.left and row.payload.id not in self.pending and also(row.payload):
                listing.move_to(index, center=False)
                return
            index += step
        self.notify("No value left " + ("below." if step > 0 else "above.") +
                    (" N goes back up." if step > 0 else ""), timeout=2)

    def action_previous(self) -> None:
        self._next_after(lambda value: True, step=-1)

    def action_edit(self) -> None:
        if (value := self._decidable(allowed=(None, "accepted", "edited", "reviewed"))) is None:
            return
        checked = self.session.check(value, value.value)
        if not checked.ok and "cannot be edited" in checked.message:
            self.notify(Content(checked.message), severity="warning")
            return
        self._editor.open(value, value.value)
        self.refresh_bindings()

    @on(ValueEditor.Edited)
    def _edited(self, event: ValueEditor.Edited) -> None:
        value, typed = event.value, event.text
        self._stop_editing()
        self._queue(lambda: self.session.edit(value.id, typed), (value.id,), "edit")
        self.action_next()

    def _stop_editing(self) -> None:
        self._editor.close()
        self.refresh_bindings()
        self.query_one(VirtualList).focus()

    def action_make_event(self) -> None:
        row = self._current_row()
        if row is None or row.kind != "sentence":
            self.notify("Highlight a sentence under 'Not drafted' first.")
            return
        from ...model.draft.review_undrafted import make_event

        sentence = row.payload
        self.undrafted = [s for s in self.undrafted if s.id != sentence.id]

        def made(outcome: Any) -> None:
            self._changed = True
            self.notify(Content(outcome.message), timeout=3)
            self._rebuild(focus_id=outcome.ids[0] if outcome.ids else None)

        self._queue(lambda: make_event(self.session, sentence), (sentence.id,), "make", on_done=made)

    def action_open(self) -> None:
        row = self._current_row()
        if row is None or self.session is None:
            return
        value = row.payload
        if row.kind == "sentence":
            key = f"{self.session.edition_id}/{value.item}"
        elif value.record in ("report", "context") or value.file == "report.toml":
            key = f"{self.session.edition_id}/{value.item}" if value.item else None
        else:
            key = f"{self.session.edition_id}/{value.record}"
        if key is None:
            self.notify("That value is not in a record the app lists.")
            return
        self.wait_saved()
        self.dismiss(ReviewClosed(key, self._changed))

    def action_close(self) -> None:
        if self._editor.editing is not None:
            self._stop_editing()
            return
        self.wait_saved()
        self.dismiss(ReviewClosed(None, self._changed))

    def action_help(self) -> None:
        from .help_screen import HelpScreen

        self.app.push_screen(HelpScreen(self.active_bindings, tab_title="Review", first="Reviewing the draft"))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if self._editor.editing is not None and action != "close":
            return False  # keys typed in the frame before the editor has the focus decide nothing
        if action in ("show_tab", "entities", "note", "flag", "copy", "write_citation", "share", "back", "forward"):
            return False  # the main screen's keys, bound by the App: not here
        return True
