"""Back and forward through the places a jump left: the tab, the highlighted record, the scroll and focus.

Like a browser's or vim's jump list: a jump (Enter on a medal row, article, event,
entity, note or palette hit) remembers where it started; back returns there exactly
and forward goes again. A new jump after going back drops the places ahead.
"""

from __future__ import annotations

from typing import NamedTuple

#: Places kept each way; older ones are forgotten.
LIMIT = 100


class Place(NamedTuple):  # not a frozen dataclass: a NamedTuple class is cheaper to make at start-up (issue 31)
    """Where the user was: enough to put the same row on the same screen line again."""

    tab: str
    #: The highlighted record's key, or None where nothing was highlighted.
    key: str | None = None
    #: ``(widget id, scroll x, scroll y)`` of every scrolled widget of the tab.
    scrolls: tuple[tuple[str, float, float], ...] = ()
    #: The id of the focused widget, or None.
    focused: str | None = None


class History:
    """Two stacks of places: behind the current one, and ahead of it."""

    def __init__(self) -> None:
        self._back: list[Place] = []
        self._forward: list[Place] = []

    @property
    def can_go_back(self) -> bool:
        return bool(self._back)

    @property
    def can_go_forward(self) -> bool:
        return bool(self._forward)

    def jumped_from(self, place: Place) -> None:
        """A jump leaves ``place``: it is the way back, and what was ahead is dropped."""
        if not self._back or self._back[-1] != place:
            self._back.append(place)
            del self._back[:-LIMIT]
        self._forward.clear()

    def back(self, current: Place) -> Place | None:
        """The place to return to, with ``current`` kept for forward; None when there is none."""
        if not self._back:
            return None
        self._forward.append(current)
        return self._back.pop()

    def forward(self, current: Place) -> Place | None:
        """The place back left, with ``current`` kept for back again; None when there is none."""
        if not self._forward:
            return None
        self._back.append(current)
        return self._forward.pop()
