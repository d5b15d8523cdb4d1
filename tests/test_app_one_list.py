"""One list across editions (issue 22 item 7): the Timeline lists a record a later edition carries on once,
as its latest version, marked with its edition; counts count the rows shown; the detail says which
editions have it. The editions are matched as ``briefing diff`` matches them, in the App's worker."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefing.app.tabs.news_tab import NewsTab
from briefing.app.tabs.timeline.timeline_tab import TimelineTab
from briefing.app.widgets.event_detail import EventDetail
from tests import diff_helpers as h
from tests.app_helpers import app_on, hold_still, screen_text, settle


@pytest.fixture
def data(tmp_path: Path) -> Path:
    return h.make_editions(tmp_path)


async def test_timeline_lists_each_event_once_as_its_latest_version(data: Path) -> None:
    app = app_on(data)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("5")
        # 32 events in the old edition, 31 in the new (the tender's was dropped): 63 loaded, 32 listed.
        await settle(pilot, lambda: "32 events" in screen_text(app))
        tab = app.query_one(TimelineTab)
        shown = tab.shown_events
        assert len(shown) == 32
        editions = {event.edition for event in shown}
        assert editions == {h.OLD, h.NEW}
        assert [e.id for e in shown if e.edition == h.OLD] == [h.DROPPED]  # the one no later edition carries on
        screen = screen_text(app)
        assert "Sep25+" in screen  # the new edition's mark; "+": an earlier edition had it too
        # The detail says which editions have the event and which edition this version is from.
        detail = app.query_one(EventDetail).text
        assert detail.startswith(f"In {h.OLD} and {h.NEW}; this version from {h.NEW}.")
        # The dropped event, only in the old edition, says so and wears the old edition's mark.
        assert tab.show_record(f"{h.OLD}/{h.DROPPED}")
        await settle(pilot, lambda: app.query_one(EventDetail).text.startswith(f"Only in {h.OLD}."))
        assert "Mar25  ● CMSA issues tender" in screen_text(app)


async def test_with_one_edition_rows_carry_no_edition_mark() -> None:
    app = app_on()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("5")
        await settle(pilot, lambda: "32 events" in screen_text(app))
        assert "Mar25" not in screen_text(app)
        assert not app.query_one(EventDetail).text.startswith("In ")


def test_two_edition_timeline_snapshot(snap_compare, tmp_path: Path) -> None:
    data = h.make_editions(tmp_path)

    async def open_timeline(pilot) -> None:
        await settle(pilot)
        await pilot.press("5")
        await settle(pilot, lambda: "32 events" in screen_text(pilot.app))
        await hold_still(pilot)

    assert snap_compare(app_on(data), terminal_size=(80, 24), run_before=open_timeline)


async def test_news_lists_each_item_once_marked_with_its_editions(data: Path) -> None:
    app = app_on(data)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("2")
        # 17 items carried on from the old edition and 1 new: 18 rows, the old edition's header gone.
        await settle(pilot, lambda: "1 of 18 · in Mar25, Sep25; this Sep25" in screen_text(app))
        screen = screen_text(app)
        assert "Sep25+ Record-Breaking Space Walk Achieved" in screen
        assert "Sep25  Asteroid sample-return probe launched" in screen  # only in the new edition
        assert h.OLD not in screen.split("─1 of 18")[0]  # no row of the old edition's: all carried on
        # Opening an old item's key goes to its latest version.
        tab = app.query_one(NewsTab)
        assert tab.show_record(f"{h.OLD}/{h.REWORDED}")
        await settle(pilot, lambda: app.main.current_record().key == f"{h.NEW}/{h.REWORDED}")


async def test_changes_tab_diffs_with_the_apps_one_matching(data: Path) -> None:
    from briefing.model.diff.changes import diff_editions
    from tests.test_app_changes import open_changes

    app = app_on(data)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, lambda: (h.OLD, h.NEW) in app.view.matches)
        tab = await open_changes(pilot)
        old, new = app.model.editions
        fresh = diff_editions(old, new)  # matched afresh: the same changes, the same pairs
        assert [(c.category, c.record.key) for c in tab.diff.changes] == \
            [(c.category, c.record.key) for c in fresh.changes]
        pairs = {pair.old.key: pair.new.key for matching in app.view.matches[(h.OLD, h.NEW)].datasets.values()
                 for pair in matching.pairs}
        assert all(pairs.get(old_key) == new_key for old_key, new_key in app.view.links.items())
