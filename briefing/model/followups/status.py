"""Each plan's status as of a day: upcoming, due, overdue, happened, slipped or cancelled.

A *plan* is a planned event (or a goal) of an edition. When later editions are loaded, the
plan is followed through them the way ``briefing diff`` matches records
(:func:`~briefing.model.diff.matching.match_editions`, events hung on their paragraphs): a later edition reporting the
matching event as happened settles it as **happened**; one that still plans it, later,
has **slipped** it. The analyst's own outcome (:mod:`.outcomes`, the latest recorded one)
counts next: happened, slipped to a new window, cancelled, or reopened (back to the
window). Otherwise the plan's window (:mod:`.windows`) and the day decide: **upcoming**
before it, **due** inside it, **overdue** after it. A slipped plan reads **slipped** until
its new window begins, then due and overdue by that window.

The list is ordered overdue first, then due, upcoming (and slipped), then settled
(happened, cancelled); within each, the earliest end of window first. Nothing here reads
the clock: the day is always handed in.
"""

# No "from __future__ import annotations": NamedTuple compiles string annotations.

import datetime as dt
from typing import Any, Iterable, Mapping, NamedTuple, Sequence

from ..data.records import Event
from .outcomes import Outcome, latest_by_key
from .windows import DueWindow, parse_window, window_of

#: Every status, in the order the list shows them.
STATUSES: tuple[str, ...] = ("overdue", "due", "upcoming", "slipped", "happened", "cancelled")
#: Statuses that need nothing more: the plan is settled.
SETTLED: frozenset = frozenset({"happened", "cancelled"})
#: The list's groups: overdue, due, then upcoming and slipped together, then settled.
_GROUP = {"overdue": 0, "due": 1, "upcoming": 2, "slipped": 2, "happened": 3, "cancelled": 3}


class FollowUp(NamedTuple):
    """One plan and what became of it, as of a day."""

    #: The plan as the latest edition that plans it reports it: the record shown and jumped to.
    event: Event
    status: str
    #: The window the status is judged by (the new one when it slipped).
    window: DueWindow
    #: The window the plan was first reported with, in the report's words.
    first: DueWindow
    #: Every record of the plan across editions, earliest first (an outcome on any of them counts).
    keys: tuple
    #: A later edition's record that reports the plan happened (or still plans it later); None if none does.
    reported: Event | None = None
    #: The analyst's outcome that counts (the latest recorded), if any.
    outcome: Outcome | None = None
    #: Every outcome recorded on the plan, oldest first.
    outcomes: tuple = ()

    @property
    def id(self) -> str:
        return self.event.id

    @property
    def key(self) -> str:
        return self.event.key

    @property
    def wording(self) -> str:
        """The report's words for when the plan is due ("late 2025"), as the latest edition writes them."""
        return window_of(self.event.date).wording

    @property
    def settled(self) -> bool:
        return self.status in SETTLED

    @property
    def happened_on(self) -> "str | None":
        """When it happened: the analyst's day (ISO), or the later edition's date as it writes it."""
        if self.status != "happened":
            return None
        if self.reported is not None and not self.reported.planned:
            return self.reported.date.iso
        if self.outcome is not None and self.outcome.date is not None:
            return self.outcome.date.isoformat()
        return None


def follow_ups(editions: Sequence[Any], outcomes: Iterable[Outcome], today: dt.date) -> list:
    """Every plan of ``editions`` (in period order) with its status on ``today``, in the list's order."""
    editions = list(editions)
    by_key = latest_by_key(outcomes)
    chains = _chains(editions)
    items = [_follow_up(chain, by_key, today) for chain in chains]
    items.sort(key=lambda item: (_GROUP[item.status], item.window.end, item.window.start, item.event.order,
                                 item.key))
    return items


def overdue_keys(items: Iterable[FollowUp]) -> frozenset:
    """The record keys of every overdue plan (every edition's record of it), for marks in lists."""
    return frozenset(key for item in items if item.status == "overdue" for key in item.keys)


def counts(items: Iterable[FollowUp]) -> dict:
    """How many plans have each status (every status present, zero or more)."""
    out = dict.fromkeys(STATUSES, 0)
    for item in items:
        out[item.status] += 1
    return out


def _planned(events: Sequence[Event]) -> list:
    """The planned events, read from the store's column when there is one (only they are read)."""
    column = getattr(events, "column", None)
    if column is not None:
        planned = [at for at, value in enumerate(column("planned")) if value]
        return events.picked(planned)  # type: ignore[attr-defined]
    return [event for event in events if event.planned]


def _chains(editions: list) -> list:
    """Each plan as the list of its records, edition by edition: planned ones, then the record that settles it."""
    if len(editions) < 2:
        return [[event] for edition in editions for event in _planned(edition.events)]
    from ..diff.matching import match_editions  # only with two editions or more: matching costs

    following: dict[str, Event] = {}
    continued: set = set()
    for old, new in zip(editions, editions[1:]):
        pairs = match_editions(old, new, ("events",)).datasets["events"].pairs
        for pair in pairs:
            if pair.old.planned:
                following[pair.old.key] = pair.new
                continued.add(pair.new.key)
    chains = []
    for edition in editions:
        for event in _planned(edition.events):
            if event.key in continued:
                continue  # part of a plan first reported by an earlier edition
            chain = [event]
            while chain[-1].planned and chain[-1].key in following:
                chain.append(following[chain[-1].key])
            chains.append(chain)
    return chains


def _follow_up(chain: list, by_key: Mapping[str, list], today: dt.date) -> FollowUp:
    plans = [event for event in chain if event.planned]
    latest, head = plans[-1], plans[0]
    first = window_of(head.date)
    window = window_of(latest.date)
    keys = tuple(event.key for event in chain)
    recorded = tuple(sorted((o for key in keys for o in by_key.get(key, ())),
                            key=lambda o: (o.recorded, o.author or "")))
    outcome = recorded[-1] if recorded else None
    settled_by = chain[-1] if not chain[-1].planned else None
    slipped = window.end > first.end
    reported = settled_by or (latest if latest is not head else None)
    if settled_by is not None:
        status = "happened"
    elif outcome is not None and outcome.kind == "happened":
        status = "happened"
    elif outcome is not None and outcome.kind == "cancelled":
        status = "cancelled"
    else:
        if outcome is not None and outcome.kind == "slipped":
            try:
                window = parse_window(outcome.window or "")
                slipped = True
            except ValueError:
                pass  # read as a slip when recorded; a window it cannot read now is left out
        status = window.status_on(today)
        if status == "upcoming" and slipped:
            status = "slipped"
    return FollowUp(latest, status, window, first, keys, reported, outcome, recorded)
