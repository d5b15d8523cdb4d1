"""The Timeline tab, driven by keys as an analyst would: search as you type, filters, month/year keys, Enter.

What the analyst sees is read from the widgets: the list's rendered lines
(``VirtualList.render_line``), the count and filter bar, and the reading pane.
The user folders are isolated by the autouse fixture in ``conftest.py``.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from rich.cells import cell_len
from textual.widgets import Input, OptionList, Static

from briefing.app.tabs.timeline.timeline_tab import TimelineTab
from briefing.app.screens.category_picker import CategoryPicker
from briefing.app.screens.date_range_dialog import DateRangeDialog
from briefing.app.widgets.event_detail import EventDetail
from briefing.app.widgets.filter_bar import FilterBar
from briefing.model.data.dates import parse_bound
from briefing.model.store.opening import open_model
from briefing.model.data.records import Event
from briefing.model.store.matching import SearchIndex
from briefing.model.data.text import fold
from briefing.model.query.timeline_filter import EventColumns, IncrementalSearch, TimelineFilter, narrows

from .app_helpers import app_on, settle, open_timeline

REPO = Path(__file__).resolve().parents[1]
EDITION = REPO / "data" / "2024-09-to-2025-03"
HOSTILE = "[bold]x[/] [@click=app.quit]quit[/] 天宫空间站 Shijian-25"




def count_text(tab: TimelineTab) -> str:
    return tab.query_one("#timeline-count", Static).content.plain


def filter_text(tab: TimelineTab) -> str | None:
    bar = tab.query_one(FilterBar)
    return bar.content.plain if bar.display else None


def list_lines(tab: TimelineTab) -> list[str]:
    """The list's lines as drawn on screen now."""
    listing = tab.list
    return [listing.render_line(y).text for y in range(listing.scrollable_content_region.height)]


def titles(tab: TimelineTab) -> list[str]:
    return [event.title for event in tab.shown_events]


def searchable(event: Event) -> str:
    return fold(" ".join((event.title, event.text, " ".join(event.entities.names()), event.category)))


# -- opening ---------------------------------------------------------------------------------------


async def test_opens_chronologically_with_planned_marked_and_dates_as_worded() -> None:
    app = app_on()
    async with app.run_test(size=(80, 24)) as pilot:
        tab = await open_timeline(pilot)
        assert len(tab.shown_events) == 32
        keys = [e.date.sort_key for e in tab.shown_events]
        assert keys == sorted(keys)
        assert count_text(tab) == "32 events"
        assert filter_text(tab) is None
        lines = list_lines(tab)
        # Years of one event each share a heading (issue 13: a heading per lone event halved the list).
        assert lines[0].startswith("── 1992–2023 · 5 events ─")
        assert "1992" in lines[1] and "● China, Pakistan and Thailand" in lines[1]
        assert "2001" in lines[2] and "spacewalk record" in lines[2]
        assert lines[6].startswith("── 2024 · 13 events ─")
        # Planned events carry a marker in words, not only a colour; approximate dates keep their wording.
        await pilot.press("end")
        await settle(pilot)
        bottom = "\n".join(list_lines(tab))
        assert "late 2025" in bottom and "by 2050" in bottom
        assert "◇ planned · Plan goal: world leadership in space sciences" in bottom
        assert tab.current_record().title == "Plan goal: world leadership in space sciences"
        detail = tab.query_one(EventDetail).text
        assert "by 2050 · ◇ planned · policy" in detail
        assert "Plan goal: world leadership in space sciences" in detail
        assert "Enter opens the source news item." in detail


async def test_detail_names_entities_by_kind_and_the_source_headline() -> None:
    app = app_on()
    async with app.run_test(size=(80, 24)) as pilot:
        tab = await open_timeline(pilot)
        await pilot.press("slash", *"shijian-25", "escape")  # Esc: to the list, keeping the search
        await settle(pilot)
        event = tab.current_record()
        assert event is not None and event.title.startswith("Shijian-25 launched")
        detail = tab.query_one(EventDetail).text
        assert "6 Jan 2025 · ● happened · satellites" in detail
        source = app.model.get(f"{event.edition}/{event.source}")
        assert f"Source: {source.headline}" in detail
        for name in event.entities.spacecraft:
            assert name in detail
        assert "Spacecraft and constellations:" in detail


# -- search as you type ------------------------------------------------------------------------------


async def test_search_filters_on_every_keystroke() -> None:
    app = app_on()
    async with app.run_test(size=(80, 24)) as pilot:
        tab = await open_timeline(pilot)
        await pilot.press("slash")
        await settle(pilot)
        assert isinstance(app.focused, Input)
        seen: list[tuple[str, int]] = []
        for char in "spacesail":
            await pilot.press(char)
            await settle(pilot)
            seen.append((count_text(tab), len(tab.shown_events)))
        # Every keystroke shows a count, and the list only narrows while typing on.
        assert all(text == f"{n} of 32 events" for text, n in seen)
        sizes = [n for _, n in seen]
        assert sizes == sorted(sizes, reverse=True)
        assert sizes[-1] < sizes[0]
        assert 5 <= sizes[-1] <= 7
        assert all("spacesail" in searchable(e) for e in tab.shown_events)
        assert sum("Spacesail" in t for t in titles(tab)) >= 5
        # Matches are highlighted in the visible rows with the list's match style.
        match_style = tab.list.get_component_rich_style("virtual-list--match")
        row = tab._render_row(tab.list.cursor, 80)
        lit = [row.plain[span.start:span.end] for span in row.spans if span.style == match_style]
        assert lit and all(fold(piece) == "spacesail" for piece in lit)


async def test_search_index_built_in_a_thread_for_large_timelines(monkeypatch: pytest.MonkeyPatch) -> None:
    import briefing.app.tabs.timeline.timeline_tab as timeline_tab

    monkeypatch.setattr(timeline_tab, "INDEX_IN_THREAD_OVER", 10)
    app = app_on()
    async with app.run_test(size=(80, 24)) as pilot:
        tab = await open_timeline(pilot)
        await app.workers.wait_for_complete()
        # The thread's second index (letters and words, SearchIndex.with_words) is the one searching.
        assert tab.listing.search is not None and tab.listing.search._matcher._masks
        await pilot.press("slash", *"guowang")
        await settle(pilot)
        assert len(tab.shown_events) == 2 and count_text(tab) == "2 of 32 events"


async def test_no_match_shows_an_empty_state_and_backspace_restores() -> None:
    app = app_on()
    async with app.run_test(size=(80, 24)) as pilot:
        tab = await open_timeline(pilot)
        await pilot.press("slash", *"zzzz")
        await settle(pilot)
        assert tab.shown_events == []
        assert count_text(tab) == "0 of 32 events"
        assert list_lines(tab)[0].startswith("No events match “zzzz”. x clears")
        assert tab.current_record() is None
        assert "No event highlighted." in tab.query_one(EventDetail).text
        for _ in range(4):
            await pilot.press("backspace")
            await settle(pilot)
        assert len(tab.shown_events) == 32
        assert count_text(tab) == "32 events"


async def test_escape_and_enter_in_search_return_to_the_list_keeping_the_filter() -> None:
    app = app_on()
    async with app.run_test(size=(80, 24)) as pilot:
        tab = await open_timeline(pilot)
        await pilot.press("slash", *"guowang", "escape")
        await settle(pilot)
        assert app.focused is tab.list
        assert len(tab.shown_events) == 2
        # Enter in the box opens the highlighted result, as Enter on the list does (issue 13).
        await pilot.press("slash", "enter")
        await settle(pilot)
        assert app.main.active_tab_id == "news"
        await pilot.press("5")
        await settle(pilot)
        assert len(tab.shown_events) == 2
        # An empty box: Enter hands focus to the list.
        await pilot.press("slash", *["backspace"] * 7, "enter")
        await settle(pilot)
        assert app.focused is tab.list and len(tab.shown_events) == 32
        await pilot.press("slash", *"guowang", "escape")
        await settle(pilot)
        # Escape on the list, with a search active, clears it.
        await pilot.press("escape")
        await settle(pilot)
        assert len(tab.shown_events) == 32
        assert tab.search_input.value == ""


async def test_typing_in_search_does_not_fire_tab_or_app_keys() -> None:
    app = app_on()
    async with app.run_test(size=(80, 24)) as pilot:
        tab = await open_timeline(pilot)
        await pilot.press("slash", *"cdsxq]")
        await settle(pilot)
        assert tab.search_input.value == "cdsxq]"
        assert not tab.listing.filter.active
        assert app.is_running


# -- filters -------------------------------------------------------------------------------------


async def test_category_picker_lists_counts_and_filters() -> None:
    app = app_on()
    async with app.run_test(size=(80, 24)) as pilot:
        tab = await open_timeline(pilot)
        await pilot.press("c")
        await settle(pilot)
        assert isinstance(app.screen, CategoryPicker)
        options = app.screen.query_one(OptionList)
        labels = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        assert labels[0] == "All categories  32"
        assert "constellations  7" in labels
        await pilot.press("down", "enter")  # the first category, alphabetically: constellations
        await settle(pilot)
        assert {e.category for e in tab.shown_events} == {"constellations"}
        assert len(tab.shown_events) == 7
        assert filter_text(tab) == "Filter: category: constellations · 7 of 32 events  (x clears)"
        # Search works within the category.
        await pilot.press("slash", *"guowang", "escape")  # Esc: to the list, keeping the search
        await settle(pilot)
        assert len(tab.shown_events) == 2 and count_text(tab) == "2 of 32 events"
        # Escape in the picker changes nothing; "All categories" drops the filter.
        await pilot.press("c", "escape")
        await settle(pilot)
        assert len(tab.shown_events) == 2
        await pilot.press("c", "home", "enter")
        await settle(pilot)
        assert tab.listing.filter.category is None
        assert len(tab.shown_events) == 2  # the search stays


async def test_date_range_filter() -> None:
    app = app_on()
    async with app.run_test(size=(80, 24)) as pilot:
        tab = await open_timeline(pilot)
        await pilot.press("d")
        await settle(pilot)
        assert isinstance(app.screen, DateRangeDialog)
        await pilot.press(*"2025-01", "enter", *"2025-02", "enter")
        await settle(pilot)
        start, end = parse_bound("2025-01", end=False), parse_bound("2025-02", end=True)
        expected = [e for e in app.model.events if e.date.overlaps(start, end)]
        assert tab.shown_events == expected
        shown_titles = titles(tab)
        assert "Shijian-25 launched for satellite refuelling and on-orbit servicing" in shown_titles
        assert "CMSA and Pakistan agree China will select and train Pakistani astronauts" in shown_titles
        assert all(e.date.year == 2025 for e in tab.shown_events)
        assert not any(e.date.is_exact and e.date.month == 3 for e in tab.shown_events)
        assert filter_text(tab) == f"Filter: from 2025-01 · to 2025-02 · {len(expected)} of 32 events  (x clears)"
        # The dialog opens with the range it has, so it can be changed rather than retyped.
        await pilot.press("d")
        await settle(pilot)
        assert app.screen.query_one("#date-from", Input).value == "2025-01"
        await pilot.press("escape")


@pytest.mark.parametrize("start,end,message", [
    ("2025-13", "", "cannot read date '2025-13': use 2025, 2025-01 or 2025-01-06"),
    ("2025-03", "2025-01", "'from' 2025-03 is after 'to' 2025-01"),
    ("", "soon", "cannot read date 'soon'"),
])
async def test_date_range_bad_input_shows_an_error_and_changes_nothing(start: str, end: str, message: str) -> None:
    app = app_on()
    async with app.run_test(size=(80, 24)) as pilot:
        tab = await open_timeline(pilot)
        await pilot.press("d", *start, "enter", *end, "enter")
        await settle(pilot)
        assert isinstance(app.screen, DateRangeDialog)
        assert message in app.screen.query_one("#date-error", Static).content.plain
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is not None and not isinstance(app.screen, DateRangeDialog)
        assert len(tab.shown_events) == 32
        assert not tab.listing.filter.active


async def test_status_key_cycles_all_happened_planned() -> None:
    app = app_on()
    async with app.run_test(size=(80, 24)) as pilot:
        tab = await open_timeline(pilot)
        await pilot.press("s")
        await settle(pilot)
        assert tab.shown_events and all(e.status == "happened" for e in tab.shown_events)
        assert filter_text(tab).startswith("Filter: happened · ")
        await pilot.press("s")
        await settle(pilot)
        planned = [e for e in app.model.events if e.planned]
        assert tab.shown_events == planned
        assert all(e.status == "planned" for e in tab.shown_events)
        assert filter_text(tab) == f"Filter: planned · {len(planned)} of 32 events  (x clears)"
        assert all("◇ planned" in line for line in list_lines(tab) if "●" in line or "◇" in line)
        await pilot.press("s")
        await settle(pilot)
        assert len(tab.shown_events) == 32 and filter_text(tab) is None


async def test_one_key_clears_search_and_every_filter() -> None:
    app = app_on()
    async with app.run_test(size=(80, 24)) as pilot:
        tab = await open_timeline(pilot)
        await pilot.press("s", "s", "slash", *"plan", "escape")
        await settle(pilot)
        assert 0 < len(tab.shown_events) < 32
        highlighted = tab.current_record()
        await pilot.press("x")
        await settle(pilot)
        assert len(tab.shown_events) == 32
        assert tab.search_input.value == ""
        assert filter_text(tab) is None and count_text(tab) == "32 events"
        assert tab.current_record() == highlighted  # the cursor stays on what you were reading
        # Escape on the list does the same while something is active.
        await pilot.press("s", "escape")
        await settle(pilot)
        assert len(tab.shown_events) == 32 and not tab.listing.filter.active


async def test_marked_filter_of_the_app_applies() -> None:
    app = app_on()
    async with app.run_test(size=(80, 24)) as pilot:
        tab = await open_timeline(pilot)
        app.marked_filter = "flagged"  # nothing is flagged in a fresh config folder
        await settle(pilot)
        assert tab.shown_events == []
        app.marked_filter = "all"
        await settle(pilot)
        assert len(tab.shown_events) == 32


# -- moving ----------------------------------------------------------------------------------------


async def test_month_and_year_keys_move_to_the_first_event_of_the_next_period() -> None:
    app = app_on()
    async with app.run_test(size=(80, 24)) as pilot:
        tab = await open_timeline(pilot)

        async def press(key: str) -> str:
            await pilot.press(key)
            await settle(pilot)
            return tab.current_record().date.display()

        assert await press("right_square_bracket") == "2001"
        for _ in range(3):
            await press("right_square_bracket")
        # "early 2024" and "2024" both begin in January 2024: one month, the first of them.
        assert await press("right_square_bracket") == "early 2024"
        assert await press("right_square_bracket") == "August 2024"
        assert await press("right_square_bracket") == "late 2024"  # sorts at September
        assert await press("right_square_bracket") == "October 2024"
        assert tab.current_record().title == "Early Spacesail launches: October 2024"
        assert await press("left_square_bracket") == "late 2024"
        assert await press("left_square_bracket") == "August 2024"
        assert await press("right_curly_bracket") == "early 2025"
        assert await press("right_curly_bracket") == "by 2027"
        assert await press("left_curly_bracket") == "early 2025"
        assert await press("left_curly_bracket") == "early 2024"
        # At the end there is nowhere to go: the cursor stays.
        await pilot.press("end")
        assert await press("right_square_bracket") == "by 2050"
        assert await press("right_curly_bracket") == "by 2050"


async def test_month_keys_use_the_filtered_list() -> None:
    app = app_on()
    async with app.run_test(size=(80, 24)) as pilot:
        tab = await open_timeline(pilot)
        await pilot.press("slash", *"spacesail", "escape")  # Esc: to the list, keeping the search
        await settle(pilot)
        dates = []
        for _ in range(5):
            dates.append(tab.current_record().date.display())
            await pilot.press("right_square_bracket")
            await settle(pilot)
        assert dates[:5] == ["August 2024", "October 2024", "December 2024", "23 Jan 2025", "11 Mar 2025"]


# -- Enter and the app hooks -----------------------------------------------------------------


async def test_enter_opens_the_source_news_item(monkeypatch: pytest.MonkeyPatch) -> None:
    app = app_on()
    async with app.run_test(size=(80, 24)) as pilot:
        tab = await open_timeline(pilot)
        await pilot.press("end")
        await settle(pilot)
        event = tab.current_record()
        jumps: list[str] = []
        monkeypatch.setattr(app.main, "jump_to", jumps.append)
        await pilot.press("enter")
        await settle(pilot)
        assert jumps == [f"{event.edition}/{event.source}"]


async def test_enter_switches_to_the_news_tab() -> None:
    app = app_on()
    async with app.run_test(size=(80, 24)) as pilot:
        tab = await open_timeline(pilot)
        await pilot.press("end")
        await settle(pilot)
        event = tab.current_record()
        await pilot.press("enter")
        for _ in range(4):
            await settle(pilot)
        assert app.main.active_tab_id == "news"
        assert app.main.current_record().key == f"{event.edition}/{event.source}"


async def test_show_record_clears_filters_that_hide_the_event() -> None:
    app = app_on()
    async with app.run_test(size=(80, 24)) as pilot:
        tab = await open_timeline(pilot)
        await pilot.press("s", "s")  # planned only
        await settle(pilot)
        happened = next(e for e in app.model.events if e.title.startswith("Shenzhou-19 crew"))
        assert happened not in tab.shown_events
        assert tab.show_record(happened.key) is True
        await settle(pilot)
        assert tab.current_record() == happened
        assert len(tab.shown_events) == 32
        assert app.main.current_record() == happened
        assert tab.show_record("2024-09-to-2025-03/no-such-event") is False


async def test_jump_to_an_event_opens_the_timeline_on_it() -> None:
    app = app_on()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        event = next(e for e in app.model.events if e.title.startswith("Haolong"))
        app.main.jump_to(event.key)  # as the palette and the entities screen do, before the tab exists
        for _ in range(4):
            await settle(pilot)
        assert app.main.active_tab_id == "timeline"
        tab = app.query_one(TimelineTab)
        assert tab.current_record() == event
        assert any("Haolong to fly" in line for line in list_lines(tab))


async def test_key_bindings_have_descriptions_and_the_main_ones_show_in_the_footer() -> None:
    shown = {b.key: b.description for b in TimelineTab.BINDINGS if b.show}
    assert shown == {"slash": "Search", "c": "Category", "d": "Dates", "s": "Status", "x": "Clear",
                     "right_square_bracket": "Next month", "left_square_bracket": "Previous month"}
    assert all(b.description for b in TimelineTab.BINDINGS)


# -- data is text, layout at any size --------------------------------------------------------------


def hostile_copy(tmp_path: Path) -> Path:
    target = tmp_path / "data" / EDITION.name
    shutil.copytree(EDITION, target)
    toml = target / "timeline.toml"
    text = toml.read_text(encoding="utf-8")
    old = 'title = "Shijian-25 launched for satellite refuelling and on-orbit servicing"'
    assert old in text
    text = text.replace(old, f'title = "{HOSTILE}"')
    text = text.replace('category = "satellites"', 'category = "[red]sat[/red]"')
    toml.write_text(text, encoding="utf-8")
    return target


async def test_markup_in_the_data_shows_literally(tmp_path: Path) -> None:
    app = app_on(hostile_copy(tmp_path))
    async with app.run_test(size=(80, 24)) as pilot:
        tab = await open_timeline(pilot)
        await pilot.press("slash", *"click", "escape")  # Esc: to the list, keeping the search
        await settle(pilot)
        assert titles(tab) == [HOSTILE]
        row = next(line for line in list_lines(tab) if "[bold]" in line)
        assert "6 Jan 2025    ● [bold]x[/] [@click=app.quit]quit[/] 天宫空间站 Shijian-25" in row
        detail = tab.query_one(EventDetail).text
        assert HOSTILE in detail and "[red]sat[/red]" in detail
        # The category picker and the filter bar show the category as written too.
        await pilot.press("c")
        await settle(pilot)
        options = app.screen.query_one(OptionList)
        labels = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        assert any(label.startswith("[red]sat[/red]") for label in labels)
        await pilot.press("escape", "x")
        await settle(pilot)
        assert app.is_running


@pytest.mark.parametrize("size", [(40, 12), (80, 24), (130, 30)])
async def test_works_from_40x12_to_wide(size: tuple[int, int], tmp_path: Path) -> None:
    app = app_on(hostile_copy(tmp_path))
    async with app.run_test(size=size) as pilot:
        tab = await open_timeline(pilot)
        assert tab.has_class("-wide") == (size[0] >= 120)
        lines = list_lines(tab)
        assert lines and lines[0].startswith("── 1992")
        await pilot.press("slash", *"天宫", "escape")  # Esc: to the list, keeping the search
        await settle(pilot)
        assert titles(tab) == [HOSTILE]
        width = tab.list.scrollable_content_region.width
        for line in list_lines(tab):
            assert cell_len(line) == width  # wide characters never push a row past the edge
        detail = tab.query_one(EventDetail)
        assert detail.size.height >= 2
        if size[0] >= 120:
            assert detail.region.x > tab.list.region.x  # side by side
        else:
            assert detail.region.y > tab.list.region.y  # below


# -- the pure filtering helpers ------------------------------------------------------------------


def real_events() -> tuple[Event, ...]:
    return open_model([EDITION]).model.events


def test_narrows() -> None:
    assert narrows(["spa"], ["spac"])
    assert narrows(["spacesail"], ["spacesail", "2025"])
    assert not narrows(["spac"], ["spa"])
    assert not narrows(["spacesail", "2025"], ["spacesail"])
    assert narrows([], ["x"])


def test_incremental_search_narrows_the_last_result_and_remembers_earlier_ones() -> None:
    events = real_events()
    index = SearchIndex(events)
    calls: list[int | None] = []

    class Counting:
        def matching(self, words, within=None):
            calls.append(None if within is None else len(list(within)))
            return index.matching(words, within=within)

    search = IncrementalSearch(Counting())
    assert search.matching([]) is None
    first = search.matching(["s"])
    assert calls == [None]  # the first word scans everything
    narrower = search.matching(["sp"])
    assert calls[-1] == len(first)  # typing on scans only the previous result
    assert search.matching(["s"]) == first and len(calls) == 2  # backspace: remembered
    assert list(narrower) == index.matching(["sp"])
    search.set_base([0, 1, 2])
    assert set(search.matching(["s"])) <= {0, 1, 2}


def test_listing_rows_after_a_cleared_search_are_those_of_the_filters_alone() -> None:
    from briefing.app.tabs.timeline.listing import TimelineListing

    events = real_events()
    fresh = TimelineListing(events)
    fresh.recompute()
    listing = TimelineListing(events)
    listing.recompute()
    index = SearchIndex(events)
    listing.index_ready(index)
    listing.words = [next(w for w in fold(events[0].title).split() if len(index.matching([w])) < len(events))]
    listing.recompute()
    assert len(listing.rows) < len(fresh.rows)
    listing.words = []
    listing.recompute()  # the box emptied: the rows made before the search, not a search's
    assert list(listing.rows) == list(fresh.rows) and listing.header_counts == fresh.header_counts
    assert listing.shown == range(len(events))
    year = events[0].date.year
    listing.set_filter(TimelineFilter().with_dates(str(year), str(year)))
    listing.recompute()  # a new base: its own rows, not the ones kept for the last
    assert 0 < len(listing.shown) < len(events)
    assert [r for r in listing.rows if r >= 0] == list(listing.shown)


def test_strip_collects_after_the_frame_only_when_the_collector_would_soon() -> None:
    import gc

    from briefing.app.tabs.timeline import timeline_strip

    runs: list[int] = []
    # Older generations only: a young pass may start on its own (700 allocations) anywhere here.
    gc.callbacks.append(record := lambda phase, info: runs.append(info["generation"])
                        if phase == "start" and info["generation"] else None)
    threshold = gc.get_threshold()
    try:
        gc.collect()  # the counts of passes since the last full one start at 0
        runs.clear()
        timeline_strip._collect_if_due()
        assert runs == []
        gc.set_threshold(threshold[0], 0, threshold[2])
        timeline_strip._collect_if_due()  # a middle pass is due now (0 >= 0 // 2)
        assert runs == [1]
        gc.set_threshold(threshold[0], threshold[1], timeline_strip.FULL_COLLECTION_SLACK)
        timeline_strip._collect_if_due()  # a full pass is due now (0 >= 3 - 3)
        assert runs == [1, 2]
    finally:
        gc.set_threshold(*threshold)
        gc.callbacks.remove(record)


def test_rows_put_a_header_before_each_year_and_step_period() -> None:
    events = real_events()
    columns = EventColumns(events)
    shown = list(range(len(events)))
    rows, counts = columns.rows(shown)
    assert [r for r in rows if r >= 0] == shown
    headers = [~r for r in rows if r < 0]
    assert [events[p].date.year for p in headers] == sorted({e.date.year for e in events})
    assert sum(counts.values()) == len(events)
    # Next year from the last 2024 event lands on the first 2025 event, past the header.
    last_2024 = max(i for i, e in enumerate(events) if e.date.year == 2024)
    row = rows.index(last_2024)
    target = columns.step_period(rows, row, 1, 12)
    assert rows[target] >= 0 and events[rows[target]].date.year == 2025
    assert columns.step_period(rows, len(rows) - 1, 1, 1) is None
    assert columns.step_period(rows, 1, -1, 1) is None


def test_filter_positions_follow_report_date_overlaps() -> None:
    events = real_events()
    columns = EventColumns(events)
    flt = TimelineFilter().with_dates("2024-12", "2025")
    assert flt.describe() == ["from 2024-12", "to 2025"]
    expected = [i for i, e in enumerate(events) if e.date.overlaps(flt.start, flt.end)]
    assert columns.positions(flt) == expected
    assert columns.positions(TimelineFilter()) is None
    assert columns.positions(TimelineFilter(), within=[3]) == [3]
    both = TimelineFilter(category="policy", status="planned")
    assert [events[i].title for i in columns.positions(both)] == [
        e.title for e in events if e.category == "policy" and e.planned]
    assert TimelineFilter().next_status().status == "happened"
    assert TimelineFilter(status="planned").next_status().status is None


async def test_arrows_in_the_search_box_move_through_results_and_enter_opens() -> None:
    """Issue 13: ↓ and ↑ move through the results without leaving the box; Enter opens."""
    app = app_on()
    async with app.run_test(size=(80, 24)) as pilot:
        tab = await open_timeline(pilot)
        await pilot.press("slash", *"launch")
        await settle(pilot)
        shown = tab.shown_events
        assert len(shown) > 3 and tab.current_record() == shown[0]
        await pilot.press("down", "down", "down", "up")
        await settle(pilot)
        assert app.focused is tab.search_input and tab.search_input.value == "launch"
        assert tab.current_record() == shown[2]
        await pilot.press(*" x")  # typing goes on in the box
        await settle(pilot)
        assert tab.search_input.value == "launch x"
        await pilot.press("backspace", "backspace")
        await settle(pilot)
        chosen = tab.current_record()
        await pilot.press("enter")
        await settle(pilot)
        assert app.main.active_tab_id == "news"
        assert app.main.current_record().key == f"{chosen.edition}/{chosen.source}"
