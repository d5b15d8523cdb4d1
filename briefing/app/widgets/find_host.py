"""One find for every view that finds (``/``, then ``n``/``N``): the reading pane and the medal table.

As Toolong's ``LogView`` hosts the find for all its views, :class:`FindHost` owns what a find
is (the matches, the current one, the bar's count, the keys ``n``/``N`` while it is open, Esc
and Enter in the box); the :class:`~briefing.app.widgets.find_bar.FindBar` only reports what
the reader wants. A view mixes it in (before its widget class) and says three things: what a
query matches (:meth:`find_matches`), how the matches and the current one are shown
(:meth:`show_matches`) and how they are taken away (:meth:`clear_matches`).
"""

from __future__ import annotations

from typing import Any

from textual.widget import Widget

from ...model.query.text_find import count_text, step
from .find_bar import FindBar


class FindHost:
    """The find state and the find bar's messages, for a widget that composes a :class:`FindBar`.

    Handlers use Textual's naming convention (``on_find_bar_changed``...) rather than ``@on``:
    a plain mixin is no message pump, so only named handlers are found along the MRO.
    """

    _matches: list[Any]
    _match: int | None

    # -- what a view says --------------------------------------------------------------------

    def find_matches(self, query: str) -> list[Any]:
        """The places ``query`` matches, in order (what the current match indexes)."""
        raise NotImplementedError

    def show_matches(self) -> None:
        """Show the matches and go to the current one (``self._match``, None for none)."""
        raise NotImplementedError

    def clear_matches(self) -> None:
        """Take the highlights away (the find closed)."""
        raise NotImplementedError

    def kept_match(self) -> int | None:
        """The current match when the view's content changed under an open find: the same index if it still exists."""
        return self._match if self._match is not None and self._match < len(self._matches) else 0

    def next_match(self, forward: bool) -> int | None:
        """The match ``n`` (``forward``) or ``N`` goes to."""
        return step(self._match, len(self._matches), forward)

    def find_layout(self) -> None:
        """Called when the bar opens or closes, for a view that sizes itself around it."""

    def find_focus(self) -> Widget:
        """What takes the focus back from the find box (Enter, Esc)."""
        return self  # type: ignore[return-value]

    # -- the find ------------------------------------------------------------------------------

    @property
    def _find_bar(self) -> FindBar:
        return self.query_one(FindBar)  # type: ignore[attr-defined]

    @property
    def finding(self) -> bool:
        """Whether the find bar is open (so n/N step through matches)."""
        return self.is_mounted and self._find_bar.is_open  # type: ignore[attr-defined]

    @property
    def find_count(self) -> str:
        """What the find bar says: ``"2 of 5"``, ``"no match"`` or ""."""
        return count_text(self._match, len(self._matches), self._find_bar.query_text) if self.finding else ""

    def run_find(self, query: str, *, keep: bool = False) -> None:
        """Find ``query``; go to the first match, or (``keep``) stay where the reader is."""
        self._matches = self.find_matches(query)
        if not self._matches:
            self._match = None
        elif keep:
            self._match = self.kept_match()
        else:
            self._match = 0
        self.show_matches()
        self._find_bar.show_count(self.find_count)

    def action_find(self) -> None:
        self._find_bar.open()
        self.find_layout()
        self.refresh_bindings()  # type: ignore[attr-defined]

    def action_find_step(self, forward: bool) -> None:
        self._match = self.next_match(forward)
        self.show_matches()
        self._find_bar.show_count(self.find_count)

    def close_find(self) -> None:
        """Close the find bar, remove the highlights and give the focus back to the view."""
        self._find_bar.close()
        self._matches, self._match = [], None
        self.clear_matches()
        self.find_layout()
        self.find_focus().focus()
        self.refresh_bindings()  # type: ignore[attr-defined]

    def on_find_bar_changed(self, event: FindBar.Changed) -> None:
        event.stop()
        self.run_find(event.query)

    def on_find_bar_step(self, event: FindBar.Step) -> None:
        event.stop()
        self.action_find_step(event.forward)

    def on_find_bar_done(self, event: FindBar.Done) -> None:
        event.stop()
        self.find_focus().focus()
        self.refresh_bindings()  # type: ignore[attr-defined]

    def on_find_bar_closed(self, event: FindBar.Closed) -> None:
        event.stop()
        self.close_find()
