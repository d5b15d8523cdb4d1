"""Notes that follow their records into later editions.

A note written on a record of one edition shows on the record of the next edition that
continues it (as :func:`.matching.match_editions` pairs them, the one matching ``briefing diff`` uses), and on from there, until a record has a
note of its own. Matching the records of two large editions takes most of a second, and
notes change far more often than editions, so the work is in two steps:

* :func:`edition_links`, once per set of editions: which record key of each next edition
  continues which record key of the one before (the App runs it in a worker);
* :func:`carry_notes`, each time the notes change: a dictionary walk over the notes.

Imports neither textual nor rich.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Iterable, Mapping, NamedTuple, Sequence

from ..data.records import Edition
from .changes import paused_gc
from .matching import DATASETS as ALL_DATASETS, EditionMatch, match_editions

DATASETS = ("news", "events", "medals", "articles")


class CarriedOver(NamedTuple):
    """A note shown on a record of a later edition than the one it was written on.

    It reads like a note (``text``, ``flagged``, ``updated``) so the reading panes can
    show it where they show a note; ``written_on`` says which edition it was written on.
    """

    note: Any
    #: The key of the record of the later edition it is shown on.
    key: str

    @property
    def text(self) -> str:
        return self.note.text

    @property
    def flagged(self) -> bool:
        return self.note.flagged

    @property
    def updated(self) -> dt.datetime:
        return self.note.updated

    @property
    def written_on(self) -> str:
        """The edition the note was written on."""
        return self.note.edition

    @property
    def written_key(self) -> str:
        """The key of the record the note was written on."""
        return self.note.key


def in_period_order(editions: Iterable[Edition]) -> list[Edition]:
    return sorted(editions, key=lambda edition: (edition.report.period_start, edition.report.period_end))


#: A match is kept (for the Changes tab) only for two editions of fewer records than this: it holds them all.
KEEP_MATCH_UNDER = 50_000


def edition_links(editions: Sequence[Edition], datasets: Sequence[str] = DATASETS) -> dict[str, str]:
    """Old record key → key of the record that continues it, for each edition and the next by period.

    Two editions with the same id are not linked: their keys name records of either.
    """
    return match_all(editions, datasets, keep=False)[0]


def match_all(editions: Sequence[Edition], datasets: Sequence[str] = DATASETS, *, keep: bool = True
              ) -> tuple[dict[str, str], dict[tuple[str, str], EditionMatch]]:
    """:func:`edition_links`, and each pair's whole match by ``(old id, new id)`` (``keep``: for editions of
    fewer than :data:`KEEP_MATCH_UNDER` records), so the Changes tab diffs without matching again."""
    links: dict[str, str] = {}
    matches: dict[tuple[str, str], EditionMatch] = {}
    ordered = in_period_order(editions)
    # As in diff_editions: everything allocated here stays alive until the end.
    with paused_gc():
        for old, new in zip(ordered, ordered[1:]):
            if old.id == new.id:
                continue
            match = match_editions(old, new, ALL_DATASETS if keep else datasets)
            for dataset in datasets:
                links.update((pair.old.key, pair.new.key) for pair in match.datasets[dataset].pairs)
            size = sum(len(records) for records in match.old_records.values()) + \
                sum(len(records) for records in match.new_records.values())
            if keep and size < KEEP_MATCH_UNDER:
                matches[(old.id, new.id)] = match
    return links, matches


def carry_notes(links: Mapping[str, str], notes: Mapping[str, Any]) -> dict[str, CarriedOver]:
    """The notes shown on records of later editions, by the key of the record they are shown on.

    A note goes from its record to the one continuing it, and on, and stops before a
    record that has a note of its own (that note goes on from there instead).
    """
    carried: dict[str, CarriedOver] = {}
    if not links:
        return carried
    for key, note in notes.items():
        follower = links.get(key)
        while follower is not None and follower not in notes and follower not in carried:
            carried[follower] = CarriedOver(note, follower)
            follower = links.get(follower)
    return carried


def carried_to(record_key: str, dataset: str, editions: Sequence[Edition],
               notes: Mapping[str, Any]) -> CarriedOver | None:
    """The note carried to the record ``record_key`` (of ``dataset``) from an earlier edition, if any.

    For one record (``briefing show``): only its dataset is matched, only up to its
    edition, and nothing at all when no earlier edition has a note.
    """
    if record_key in notes:
        return None
    edition_id = record_key.split("/", 1)[0]
    ordered = in_period_order(editions)
    upto = next((index for index, edition in enumerate(ordered) if edition.id == edition_id), None)
    if not upto:
        return None  # the first edition, or not loaded
    earlier = {edition.id for edition in ordered[:upto]}
    if not any(note.edition in earlier and note.dataset == dataset for note in notes.values()):
        return None
    links = edition_links(ordered[:upto + 1], (dataset,))
    return carry_notes(links, {key: note for key, note in notes.items() if note.dataset == dataset}).get(record_key)
