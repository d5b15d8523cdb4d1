"""The month strip above the Timeline's list: what the list shows, counted by month after each frame."""

from __future__ import annotations

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
