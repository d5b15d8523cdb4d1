"""The month strip above the Timeline's list: what the list shows, counted by month after each frame."""

from __future__ import annotations

import gc

from ....model.data.model import Model
from ...widgets.month_strip import MonthStrip
from .listing import TimelineListing


class TimelineStrip(MonthStrip):
    """A compact :class:`MonthStrip` following the Timeline's search, filters and date range."""

    def __init__(self, model: Model, listing: TimelineListing, *, id: str | None = None) -> None:
        super().__init__(compact=True, bar_height=2, hint="Enter: only this month", id=id)
        self._model, self._listing = model, listing
        #: Each event's month, status and width packed (glance.event_codes), made at the first strip drawn.
        self._codes: list[int] | None = None
        self._due = False

    def follow(self) -> None:
        """Count the shown events by month after this frame: typing never waits for the strip."""
        if not self._due:
            self._due = True
            self.call_after_refresh(self._count)

    def fit(self, height: int) -> None:
        """Under 20 rows the list and the reading pane need every row: no strip there."""
        self.display = height >= 20
        self.set_compact(True, 2 if height < 30 else 3)

    def _count(self) -> None:
        from ....model import glance

        self._due = False
        listing = self._listing
        if self._codes is None:
            columns = listing.columns
            self._codes = glance.event_codes(columns.months, columns.planned, columns.spans())
        shown = None if isinstance(listing.shown, range) else listing.shown
        counts = glance.count_positions(self._codes, shown)
        self.set_strip(glance.build_strip(counts, glance.periods_of(self._model), glance.today()))
        _collect_if_due()


#: Collect after the list's frame when this few young-generation passes are left before the
#: collector's own full pass (gc.get_count()[2] counts them; a keystroke makes one or two).
FULL_COLLECTION_SLACK = 3


def _collect_if_due() -> None:
    """The collector's next pass now, after the list's frame, when it would come within a key or two.

    Each search's frame leaves Textual's cyclic garbage (cached strips, layout maps): about every
    fifteenth key the collector's own full pass freed some 15,000 objects between a key and its
    frame, 10-25 ms of CPU on top of the frame's (the 100,000-event keystroke p95), and every
    other key a middle-generation pass took 1-3 ms there. Run here they cost as much, while the
    analyst reads the list, and reset the collector's counts. A key makes about five young passes.
    """
    if not gc.isenabled():
        return
    count, threshold = gc.get_count(), gc.get_threshold()
    if count[2] >= threshold[2] - FULL_COLLECTION_SLACK:
        gc.collect()
    elif count[1] >= threshold[1] // 2:
        gc.collect(1)
