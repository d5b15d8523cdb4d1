"""Which record of each edition continues which of the one before: matched off the UI thread, then handed down."""

from __future__ import annotations

from typing import TYPE_CHECKING, Callable, Mapping

if TYPE_CHECKING:  # the diff package is imported only once two editions are matched
    from textual.app import App

    from ..model.data.model import Model
    from ..model.diff.carried import CarriedOver
    from ..model.notes.notebook import Note


class EditionLinks:
    """The editions' links and whole matches; empty until :meth:`match` is done."""

    def __init__(self) -> None:
        #: Record key of each edition → key of the next edition's record continuing it.
        self.links: Mapping[str, str] = {}
        #: The editions' whole matches by (old id, new id), for the Changes tab (small editions only).
        self.matches: Mapping = {}

    def match(self, app: App, model: Model, done: Callable[[], None]) -> None:
        """Match ``model``'s editions in ``app``'s worker thread (two 10,000-event editions take about a
        second), so notes follow their records; ``done`` runs on the UI thread once they are in."""
        if len(model.editions) < 2:
            return
        def work() -> None:
            from ..model.diff.carried import match_all

            links, matches = match_all(model.editions)
            if app.is_running:  # not when the user quit meanwhile
                app.call_from_thread(self._matched, links, matches, done)

        app.run_worker(work, thread=True, exclusive=True, group="match-editions")

    def _matched(self, links: Mapping[str, str], matches: Mapping, done: Callable[[], None]) -> None:
        self.links, self.matches = links, matches
        done()

    def carried(self, notes: Mapping[str, Note]) -> Mapping[str, CarriedOver]:
        """Your notes on earlier editions' records, on the records continuing them (see model/diff/carried.py)."""
        if not self.links:
            return {}
        from ..model.diff.carried import carry_notes

        return carry_notes(self.links, notes)
