"""The pictures in the app: Enter on a month, a company or an article, and the Timeline's strip following it."""

from __future__ import annotations

from briefing.app.widgets.bar_chart import BarChart
from briefing.app.widgets.month_strip import MonthStrip
from briefing.model.data.records import MedalRow
from .app_helpers import app_on, screen_text, settle

ED = "2024-09-to-2025-03"


async def overview_strip(pilot) -> MonthStrip:
    await settle(pilot)
    strip = pilot.app.screen.query_one("#overview-strip", MonthStrip)
    await settle(pilot, until=lambda: strip.strip is not None)
    return strip


async def test_enter_on_a_month_opens_the_timeline_filtered_to_it_and_back_returns() -> None:
    async with app_on().run_test(size=(80, 24)) as pilot:
        strip = await overview_strip(pilot)
        assert "Events by month" in screen_text(pilot.app) and "█ happened  ░ planned" in screen_text(pilot.app)
        await pilot.press("tab")
        await settle(pilot, until=lambda: strip.has_focus)
        assert strip.slot.range_text == "2025-02"  # on this month (BRIEFING_TODAY in conftest)
        for _ in range(5):  # Jan 2025, 2024's loosely dated events (~), Dec, Nov, Oct
            await pilot.press("left")
        assert strip.slot.range_text == "2024-10"
        await settle(pilot, until=lambda: "Oct 2024: 5 happened, 0 planned" in screen_text(pilot.app))
        await pilot.press("enter")
        await settle(pilot, until=lambda: pilot.app.main.active_tab_id == "timeline")
        tab = pilot.app.main.current_tab()
        await settle(pilot, until=lambda: tab.is_mounted and "from 2024-10" in screen_text(pilot.app))
        dates = {event.date.span()[0].isoformat()[:7] for event in tab.shown_events}
        assert "2024-10" in dates and all(d <= "2024-10" for d in dates)  # October's, and 2024's overlapping it
        assert sum(1 for e in tab.shown_events if e.date.precision in ("day", "month")) == 5
        timeline_strip = tab.query_one("#timeline-strip", MonthStrip)
        await settle(pilot, until=lambda: timeline_strip.slot is not None
                     and timeline_strip.slot.range_text == "2024-10")
        await pilot.press("backspace")
        await settle(pilot, until=lambda: pilot.app.main.active_tab_id == "overview" and strip.has_focus)


async def test_enter_on_a_company_opens_medals_filtered_to_it() -> None:
    async with app_on().run_test(size=(80, 24)) as pilot:
        await overview_strip(pilot)
        companies = pilot.app.screen.query_one("#overview-companies", BarChart)
        await settle(pilot, until=lambda: companies.display and companies.bars)
        assert companies.bars[1].label == "CGST" and companies.bars[1].medals == (1, 0, 3)
        await pilot.press("tab", "tab")
        await settle(pilot, until=lambda: companies.has_focus)
        await pilot.press("down", "enter")
        await settle(pilot, until=lambda: pilot.app.main.active_tab_id == "medals")
        tab = pilot.app.main.current_tab()
        await settle(pilot, until=lambda: tab.is_mounted and tab.table.filters.get("company") == "CGST")
        record = tab.current_record()
        assert isinstance(record, MedalRow) and record.company == "CGST"
        assert {row.company for row in tab.table.shown} == {"CGST"} and len(tab.table.shown) == 4


async def test_enter_on_an_article_opens_its_paragraph() -> None:
    async with app_on().run_test(size=(80, 24)) as pilot:
        await overview_strip(pilot)
        articles = pilot.app.screen.query_one("#overview-articles", BarChart)
        await settle(pilot, until=lambda: articles.display and articles.bars)
        assert articles.bars[0].value == 1721
        articles.focus()
        await settle(pilot, until=lambda: articles.has_focus)
        await pilot.press("enter")
        await settle(pilot, until=lambda: pilot.app.main.active_tab_id == "news")
        await settle(pilot, until=lambda: pilot.app.main.current_record() is not None
                     and pilot.app.main.current_record().key == f"{ED}/news-cnki-leo-satellite-internet")


async def test_the_timeline_strip_follows_the_search() -> None:
    async with app_on().run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("5")
        await settle(pilot)
        tab = pilot.app.main.current_tab()
        strip = tab.query_one("#timeline-strip", MonthStrip)
        await settle(pilot, until=lambda: strip.strip is not None)
        assert sum(slot.total for slot in strip.strip.slots) == 32
        await pilot.press("slash", *"spacesail")
        await settle(pilot, until=lambda: strip.strip is not None
                     and sum(slot.total for slot in strip.strip.slots) == len(tab.shown_events) < 32)
        await pilot.press("escape", "s", "s")  # only planned events
        await settle(pilot, until=lambda: all(slot.happened == 0 for slot in strip.strip.slots))
        assert tab.list.scrollable_content_region.height >= 12  # the list keeps its rows at 80x24
        await pilot.press("x", "m")  # to the strip; Enter on a month narrows the date range to it
        await settle(pilot, until=lambda: strip.has_focus)
        await pilot.press("left", "enter")  # from this month (Feb 2025) to January
        await settle(pilot, until=lambda: "from 2025-01" in screen_text(pilot.app) and tab.list.has_focus)
        assert {e.date.span()[0].year for e in tab.shown_events} == {2025}
        await pilot.press("m", "escape")
        await settle(pilot, until=lambda: tab.list.has_focus)


async def test_the_whole_overview_page_follows_its_first_screenful() -> None:
    # Before the first frame the page holds a screenful of the report (start-up budget, issue 31);
    # the rest must come after it: the last heading is reachable by scrolling to the end.
    async with app_on().run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        scroll = pilot.app.screen.query_one("#overview-scroll")
        scroll.focus()
        await pilot.press("end")
        await settle(pilot, until=lambda: "Space-Based Environmental Monitoring" in screen_text(pilot.app))
        await pilot.press("home")
        await settle(pilot, until=lambda: "Space-Based Environmental Monitoring" not in screen_text(pilot.app))
