"""Navigation as users of lnav, VisiData and newsboat expect (issue 13): back and forward after a jump."""

from __future__ import annotations

from briefing.app.tabs.medals_tab import MedalsTab
from briefing.app.tabs.timeline.timeline_tab import TimelineTab
from briefing.app.widgets.medal_table import MedalTable
from briefing.app.widgets.virtual_list import VirtualList

from .app_helpers import app_on, footer_keys, screen_text, settle

ED = "2024-09-to-2025-03"


async def test_back_returns_to_the_row_you_jumped_from_and_forward_goes_again() -> None:
    app = app_on()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("3", "j", "j", "j")
        await settle(pilot)
        medals = app.query_one(MedalsTab)
        row = medals.current_record().key
        assert "backspace" not in footer_keys(app)  # nothing to go back to yet
        await pilot.press("enter")  # the paragraph that reviews the medal table, in News
        await settle(pilot)
        assert app.main.active_tab_id == "news"
        assert app.focused is app.query_one("#news-list")  # keys go to the tab landed in
        landed = app.main.current_record().key
        assert footer_keys(app).get("backspace") is True
        await pilot.press("backspace")
        await settle(pilot)
        assert app.main.active_tab_id == "medals"
        assert medals.current_record().key == row
        assert app.focused is app.query_one(MedalTable)
        await pilot.press("ctrl+i")  # forward (the terminal's Tab)
        await settle(pilot)
        assert app.main.active_tab_id == "news" and app.main.current_record().key == landed
        await pilot.press("ctrl+o")  # back again, vim's key
        await settle(pilot)
        assert app.main.active_tab_id == "medals" and medals.current_record().key == row
        await pilot.press("ctrl+o")  # nothing further back: stays
        await settle(pilot)
        assert app.main.active_tab_id == "medals"


async def test_back_restores_the_exact_scroll_and_the_timeline_search() -> None:
    app = app_on()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("5", "slash", *"launch", "escape")  # Esc: to the list, keeping the search
        await settle(pilot)
        timeline = app.query_one(TimelineTab)
        listing = timeline.list
        await pilot.press("j", "j", "j")
        await settle(pilot)
        event, top, count = timeline.current_record().key, listing.scroll_offset.y, len(timeline.shown_events)
        assert count < 32  # the search narrowed the list
        await pilot.press("enter")  # the event's source item, in News
        await settle(pilot)
        assert app.main.active_tab_id == "news"
        await pilot.press("backspace")
        await settle(pilot)
        assert app.main.active_tab_id == "timeline"
        assert timeline.current_record().key == event
        assert listing.scroll_offset.y == top
        assert len(timeline.shown_events) == count and timeline.search_input.value == "launch"
        assert app.focused is listing


async def test_back_from_a_jump_restores_a_scrolled_news_list() -> None:
    app = app_on()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        news = app.query_one("#news-list", VirtualList)
        # Far down the list, on an item with one timeline event (t opens it directly).
        for _ in range(20):
            if app.main.current_record().id == "news-aerospace-china-response":
                break
            await pilot.press("j")
        await settle(pilot)
        item, top = app.main.current_record().key, news.scroll_offset.y
        assert top > 0
        before = screen_text(app).splitlines()
        await pilot.press("t")
        await settle(pilot)
        assert app.main.active_tab_id == "timeline"
        await pilot.press("backspace")
        await settle(pilot)
        assert app.main.active_tab_id == "news"
        assert app.main.current_record().key == item and news.scroll_offset.y == top
        assert screen_text(app).splitlines()[3:12] == before[3:12]  # the same rows on the same lines


async def test_tab_still_moves_focus_when_there_is_nothing_ahead() -> None:
    app = app_on()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("3")
        await settle(pilot)
        assert app.focused is app.query_one(MedalTable)
        await pilot.press("tab")
        await settle(pilot)
        assert app.focused is app.query_one("#medals-panel")


async def test_help_lists_back_and_forward_once_there_is_history() -> None:
    app = app_on()
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await pilot.press("3", "enter")  # a jump: from the medal table to its review in News
        await settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot)
        groups = app.screen.groups()
        assert list(groups)[0] == "News tab"  # focus is in the News tab the jump landed in
        everywhere = dict(groups["Everywhere"])
        assert everywhere["Backspace, Ctrl+O, Alt+←"] == "Back"
        assert "MainScreen" not in screen_text(app)
        await pilot.press("escape", "backspace")
        await settle(pilot)
        assert app.main.active_tab_id == "medals"
        await pilot.press("question_mark")  # now forward has somewhere to go, and help lists its keys
        await settle(pilot)
        forward = [keys for keys, does in app.screen.groups()["Everywhere"] if does == "Forward"]
        assert forward == ["Alt+→, i, Ctrl+I"]


async def _list_rows(pilot, key: str, selector: str) -> int:
    await pilot.press(key)
    await settle(pilot)
    return pilot.app.query_one(selector, VirtualList).size.height


async def test_room_at_80x24_for_twelve_list_rows_on_news_and_timeline() -> None:
    """Issue 13: at 80x24 the News list showed 7 rows and the Timeline a heading per lone year."""
    app = app_on()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert await _list_rows(pilot, "2", "#news-list") >= 12
        assert await _list_rows(pilot, "5", "#timeline-list") >= 12
        lines = [line for line in screen_text(app).splitlines() if line.startswith("──")]
        assert lines[0].startswith("── 1992–2023 · 5 events")  # one heading for five lone years
        # The title bar gave its row to the lists, and comes back to say a mode is on.
        assert "Ratcheting up capability" not in screen_text(app)
        await pilot.press("p")
        await settle(pilot)
        assert screen_text(app).splitlines()[0].startswith(" PRESENTING · Ratcheting up")
        await pilot.press("p")
        await pilot.resize_terminal(100, 40)  # tall enough: the title bar is always there
        await settle(pilot)
        assert screen_text(app).splitlines()[0].startswith(" Ratcheting up")
