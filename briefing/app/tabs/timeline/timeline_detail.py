"""The Timeline's reading pane: the highlighted event with its source's headline, notes and editions."""

from __future__ import annotations

from ....model.data.model import Model

from ....model.data.records import Event, NewsItem
from ...view_state import ViewState
from ...widgets.event_detail import EventDetail


class TimelineDetail(EventDetail):
    """An :class:`EventDetail` that finds what the Timeline shows beside an event in the model and the view."""

    def __init__(self, model: Model, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._model = model

    def _headline(self, event: Event) -> str | None:
        source = self._model.get(f"{event.edition}/{event.source}")
        return source.headline if isinstance(source, NewsItem) else None

    def show_event(self, event: Event | None, view: ViewState, marks: list[str], *,
                   keep_scroll: bool = False) -> None:
        """``event`` as the list has it (None: nothing highlighted), with the notes ``view`` holds on it."""
        if event is None:
            self.show(None)
            return
        self.show(event, self._headline(event), marks, self._model.aliases, note=view.reading_note(event.key),
                  team=view.team_on(event.key), keep_scroll=keep_scroll, editions=view.editions_line(event))

    def show_earlier(self, earlier: Event, latest: Event, view: ViewState, marks: list[str]) -> None:
        """An earlier version of the highlighted event (opened from the Changes tab's ``b``)."""
        self.show(earlier, self._headline(earlier), marks, self._model.aliases,
                  note=view.reading_note(earlier.key), team=view.team_on(earlier.key),
                  editions=f"An earlier version, from {earlier.edition}: the list shows the latest, "
                           f"from {latest.edition}.")
