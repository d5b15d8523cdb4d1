"""The records a diff reads from the store (:mod:`briefing.model.diff.reading`) are the records the store gives,
those the next edition kept (made from the old edition's) as well as those it changed."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from briefing.model.data.records import field_of
from briefing.model.diff.reading import read_both
from briefing.model.store.database import DATASETS
from briefing.model.store.opening import open_model
from tests import diff_helpers as h


@pytest.fixture
def editions(tmp_path: Path):
    folder = h.make_editions(tmp_path)
    an_hour_ago = time.time() - 3600  # files saved a moment ago are never kept in the cache: date them back
    for path in folder.rglob("*"):
        os.utime(path, (an_hour_ago, an_hour_ago))
    open_model([folder])  # compiles the store (and reads the new store in memory)
    result = open_model([folder])  # reads the store in the cache, as a diff does
    assert result.model.store.name != "a private store"
    return result.model.editions


@pytest.mark.parametrize("dataset", DATASETS)
def test_both_editions_read_for_a_diff_are_what_the_store_gives(editions, dataset: str) -> None:
    old, new = (getattr(edition, field_of(dataset)) for edition in editions)
    old_records, new_records = read_both(old, new)
    assert old_records == list(old) and new_records == list(new)
    assert [type(record) for record in new_records] == [type(record) for record in new]
    assert {record.edition for record in new_records} == {h.NEW}
    kept = {record.id for record in old_records} & {record.id for record in new_records}
    assert kept  # most records are the same in both editions: the path that makes them from the old ones is taken


def test_an_event_moved_by_one_dropped_before_it_is_made_from_the_old_one(editions) -> None:
    """The next edition drops an event (:data:`~tests.diff_helpers.DROPPED`): every event after it has another
    order, its stored text otherwise the old one's. It is made from the old record (the two share their
    text), with the new order; the store would give it equal, decoded anew."""
    old_events, new_events = read_both(editions[0].events, editions[1].events)
    assert new_events == list(editions[1].events)
    old_by_id = {event.id: event for event in old_events}
    moved = [event for event in new_events if event.id in old_by_id and event.order != old_by_id[event.id].order
             and event._replace(edition=h.OLD, order=0) == old_by_id[event.id]._replace(order=0)]
    assert moved
    assert all(event.text is old_by_id[event.id].text for event in moved)
