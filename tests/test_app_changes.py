"""The Changes tab (key 7), driven by keys, on a second edition made from the shipped one."""

from __future__ import annotations

from pathlib import Path

from briefing.app.tabs.changes_tab import ChangesList, ChangesTab
from briefing.app.widgets.event_detail import EventDetail
from tests import diff_helpers as h
from tests.app_helpers import app_on, notices, open_changes, screen_text, settle
from tests.test_diff import ONCE_IN_TEXT


def rows(tab: ChangesTab) -> list[str]:
    """Every row of the list as drawn (the list draws only the rows on screen; these are the same rows)."""
    listing = tab.query_one(ChangesList)
    return [tab._render_row(index, 200).plain for index in range(listing.count)]


async def test_changes_tab_lists_each_change_once_and_jumps_to_both_records(tmp_path: Path) -> None:
    data = h.make_editions(tmp_path)
    h.write_notes()
    app = app_on(data)
    async with app.run_test(size=(120, 40)) as pilot:
        tab = await open_changes(pilot)
        listed = "\n".join(rows(tab))
        for text in ONCE_IN_TEXT:
            assert listed.count(text) == 1, (text, listed)
        screen = screen_text(app)
        assert "6 Notes  7 Changes" in screen  # in the tab bar, with two editions
        assert "Changes from 2024-09-to-2025-03" in screen and "Summary" in screen
        assert "1 planned event came true, 0 now overdue" in screen
        # The cursor starts on the first change, the one that came true; its paragraph's words are shown below.
        assert app.main.current_record().key == f"{h.NEW}/{h.CAME_TRUE_NEW}"
        assert "September 20," in screen, screen
        await pilot.press("enter")
        await settle(pilot, lambda: app.main.active_tab_id == "timeline" and app.main.current_record() is not None
                           and app.main.current_record().key == f"{h.NEW}/{h.CAME_TRUE_NEW}")
        await pilot.press("7")
        await settle(pilot, lambda: app.main.active_tab_id == "changes" and isinstance(app.focused, ChangesList))
        await pilot.press("b")
        # One list across editions: the cursor is on the latest version, the detail shows the old one.
        await settle(pilot, lambda: app.main.active_tab_id == "timeline"
                     and f"{h.OLD}/{h.CAME_TRUE_OLD}" in app.query_one(EventDetail).text
                     and app.query_one(EventDetail).text.startswith(f"An earlier version, from {h.OLD}"))
        # Down moves from change to change, skipping headings and keys: next is the refined date.
        await pilot.press("7")
        await settle(pilot, lambda: app.main.active_tab_id == "changes" and isinstance(app.focused, ChangesList))
        await pilot.press("down")
        await settle(pilot, lambda: app.main.current_record().key == f"{h.NEW}/{h.REFINED}")
        assert "late 2025 → November 2025" in screen_text(app)


async def test_changes_tab_shows_carried_notes_on_the_new_record(tmp_path: Path) -> None:
    data = h.make_editions(tmp_path)
    h.write_notes()
    app = app_on(data)
    async with app.run_test(size=(120, 40)) as pilot:
        tab = await open_changes(pilot)
        listed = rows(tab)
        carried = listed.index(next(r for r in listed if r.strip() == "Notes carried over"))
        assert listed[carried + 1].strip() == (f"on {h.NEW}/{h.CAME_TRUE_NEW}  written on {h.OLD}, on "
                                               f"{h.CAME_TRUE_OLD}  flagged")
        assert listed[carried + 2].strip() == h.CARRIED_NOTE
        gone = listed.index(next(r for r in listed if r.strip() == "Notes whose item is gone"))
        assert listed[gone + 1].strip() == f"{h.OLD}/{h.DROPPED}  not in {h.NEW}"
        # The last lines lead to their records too: End is the orphaned note, whose record is only in
        # the old edition; two up is the entity seen for the first time, Enter opens the item naming it.
        await pilot.press("end")
        await settle(pilot)
        assert app.main.current_record().key == f"{h.OLD}/{h.DROPPED}"
        await pilot.press("enter")
        await settle(pilot)
        assert app.main.active_tab_id == "changes"
        assert "This item was dropped: it is not in the new edition" in notices(app)
        await pilot.press("up", "up")
        await settle(pilot)
        assert app.main.current_record().key == f"{h.NEW}/{h.NEW_ITEM}"
        await pilot.press("enter")
        await settle(pilot, lambda: app.main.active_tab_id == "news" and app.main.current_record() is not None
                           and app.main.current_record().key == f"{h.NEW}/{h.NEW_ITEM}")
        await pilot.press("7")
        await settle(pilot, lambda: app.main.active_tab_id == "changes" and isinstance(app.focused, ChangesList))
        # Presenter mode hides notes here too.
        await pilot.press("p")
        await settle(pilot, lambda: h.CARRIED_NOTE not in "\n".join(rows(tab)))
        assert "notes: 0 carried over, 0 orphaned" in "\n".join(rows(tab))


async def test_changes_tab_with_one_edition_says_why_it_is_empty() -> None:
    app = app_on()
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        assert "6 Notes" in screen_text(app) and "7 Changes" not in screen_text(app)  # no tab for it in the bar
        await pilot.press("7")
        await settle(pilot, lambda: bool(app.query(ChangesTab)))
        await settle(pilot)
        screen = " ".join(screen_text(app).split())
        assert "Changes compare two editions, and only one is loaded (2024-09-to-2025-03)." in screen
        assert app.main.current_record() is None
        await pilot.press("enter", "b")  # nothing to open: no error, still here
        await settle(pilot)
        assert app.main.active_tab_id == "changes"
