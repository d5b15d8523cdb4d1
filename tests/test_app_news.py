"""The News tab: grouping, the reading pane, newsboat-like keys, jumping in and out, and hostile data."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from textual.widgets import OptionList

from briefing.app.screens.event_picker import EventPicker
from briefing.app.tabs.news_rows import EDITION, build_rows
from briefing.app.tabs.news_tab import NewsTab
from briefing.app.widgets.reading_pane import ReadingPane
from briefing.app.widgets.virtual_list import VirtualList
from briefing.model.data.loader import Validated
from briefing.model.store.opening import model_of, open_model
from briefing.model.data.model import Model

from .app_helpers import app_on, settle, open_news

REPO = Path(__file__).resolve().parents[1]
DATA = REPO / "data"
EDITION_DIR = DATA / "2024-09-to-2025-03"
ED = "2024-09-to-2025-03"
SPACEWALK = f"{ED}/news-record-spacewalk"
SHIJIAN_25 = f"{ED}/news-shijian-25-launched"
DIGITAL_TWIN = f"{ED}/news-cnki-digital-twin-network"  # exactly one linked event


# User folders are isolated by the autouse fixture in conftest.py.





def screen_lines(widget) -> list[str]:
    """What ``widget`` shows, line by line (line-API widgets only)."""
    return [widget.render_line(y).text for y in range(widget.size.height)]


def pane(app) -> ReadingPane:
    return app.query_one("#news-reading", ReadingPane)


def news_list(app) -> VirtualList:
    return app.query_one("#news-list", VirtualList)


async def move_to(pilot, tab: NewsTab, key: str) -> None:
    """Walk the cursor down with j until it is on ``key`` (as a user would)."""
    for _ in range(40):
        if tab.current_record() is not None and tab.current_record().key == key:
            return
        await pilot.press("j")
    raise AssertionError(f"never reached {key}")


# -- the list ------------------------------------------------------------------------------------


async def test_tab_lists_section_headers_and_dated_items() -> None:
    app = app_on()
    async with app.run_test(size=(80, 24)) as pilot:
        tab = await open_news(pilot)
        lines = screen_lines(news_list(app))
        assert lines[0].startswith("News Update")
        assert lines[1].strip() == "Record-Breaking Space Walk Achieved"  # heading row
        assert "17 Dec 2024" in lines[2] and "Record-Breaking Space Walk Achieved" in lines[2]  # date, headline
        assert any("Pair of Shijian Satellites Launched" == line.strip() for line in lines)
        assert any("11 Oct 2024" in line and "Shijian-19 reusable satellite recovered" in line for line in lines)
        # Dates sit in one column: every item row's headline starts at the same cell.
        item_rows = [line for line in lines if line.startswith("    ")]
        column = 4 + len("December 2024") + 2  # the widest date this edition uses, then two spaces
        assert item_rows and all(line[column - 2:column] == "  " and line[column] != " " for line in item_rows)
        # The cursor starts on the first item (headers cannot take it), and the focus is in the list.
        assert tab.current_record().key == SPACEWALK
        assert app.focused is news_list(app)


async def test_headers_are_skipped_by_the_cursor() -> None:
    app = app_on()
    async with app.run_test(size=(80, 24)) as pilot:
        tab = await open_news(pilot)
        await pilot.press("j")  # over the "Pair of Shijian Satellites Launched" header
        assert tab.current_record().key == f"{ED}/news-shijian-19-recovered"
        await pilot.press("k", "k")  # cannot go up onto the headers
        assert tab.current_record().key == SPACEWALK
        await pilot.press("G", "g")  # back at the top, the section's headers show above the item
        assert tab.current_record().key == SPACEWALK
        assert screen_lines(news_list(app))[0].startswith("News Update")


def test_rows_group_every_item_once_by_part_and_heading() -> None:
    model = open_model([DATA]).model
    rows = build_rows(model)
    assert [item.key for item in rows.items] == [item.key for item in model.news]
    headers = [title for _, title in rows.headers]
    assert headers[:2] == ["News Update", "Record-Breaking Space Walk Achieved"]
    assert "1.1 What's Trending on China National Knowledge Infrastructure (CNKI)?" in headers
    assert len(rows.starts) == len({item.section for item in model.news})


def test_several_editions_are_grouped_by_edition_first(tmp_path: Path) -> None:
    later = tmp_path / "2025-04-to-2025-09"
    shutil.copytree(EDITION_DIR, later)
    text = (later / "report.toml").read_text(encoding="utf-8")
    text = text.replace("period_start = 2024-09-01", "period_start = 2025-04-01")
    (later / "report.toml").write_text(text, encoding="utf-8")
    shutil.copytree(EDITION_DIR, tmp_path / ED)
    model = open_model([tmp_path]).model
    assert len(model.editions) == 2
    rows = build_rows(model)
    edition_headers = [(row, rows.headers[-value - 1][1]) for row, value in enumerate(rows.rows)
                       if value < 0 and rows.headers[-value - 1][0] == EDITION]
    assert len(edition_headers) == 2
    assert edition_headers[0][0] == 0 and "2025-04-to-2025-09" in edition_headers[0][1]  # newest first
    assert len(rows.items) == 2 * len(model.editions[0].news)


# -- the reading pane -------------------------------------------------------------------------------


async def test_moving_the_cursor_shows_the_item_in_full() -> None:
    app = app_on()
    async with app.run_test(size=(80, 24)) as pilot:
        tab = await open_news(pilot)
        await move_to(pilot, tab, SHIJIAN_25)
        shown = pane(app).plain
        assert shown.startswith("Shijian-25 launched for on-orbit refuelling")
        assert "News Update › Pair of Shijian Satellites Launched" in shown
        assert "Shanghai Academy of Spaceflight Technology" in shown  # full text and entities
        assert "Dates: 6 Jan 2025" in shown
        assert "Tags: on-orbit-servicing · refuelling" in shown
        assert "Organisations: Shanghai Academy of Spaceflight Technology" in shown
        assert ("Spacecraft and constellations: Shijian-25 (also SJ-25, 实践二十五号), Shijian (also 实践), "
                "Shijian-19 (also SJ-19, 实践十九号), Shiyan") in shown
        assert "other on-orbit serving [sic: on-orbit servicing] tasks" in shown  # the slip marked, not hidden
        assert pane(app).record.key == SHIJIAN_25


async def test_spacewalk_item_lists_its_timeline_events_and_approximate_dates() -> None:
    app = app_on()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_news(pilot)
        shown = pane(app).plain
        assert "Dates: 17 Dec 2024 · 2001 · 30 Oct 2024" in shown  # report order; "2001" as worded
        linked = shown.split("Timeline events from this item\n", 1)[1]
        lines = linked.splitlines()
        assert lines[0].startswith("2001") and "spacewalk record of 8 h 56 min" in lines[0]
        assert lines[1].startswith("30 Oct 2024") and "Shenzhou-19" in lines[1]
        assert lines[2].startswith("17 Dec 2024") and "spacewalk" in lines[2].lower()
        assert "t chooses one to open in the Timeline" in linked
        expected = app.model.events_from(SPACEWALK)
        assert len(expected) == 3 and all(event.title in linked for event in expected)


async def test_notes_and_flags_show_unless_presenting() -> None:
    app = app_on()
    async with app.run_test(size=(80, 24)) as pilot:
        tab = await open_news(pilot)
        store = app.notes_controller.store
        store.save(ED, "news", "news-record-spacewalk", "Check against NASA's list [bold]x[/]")
        store.set_flag(ED, "news", "news-record-spacewalk", True)
        app.notes_controller.reload()
        await settle(pilot)
        assert "✎⚑" in screen_lines(news_list(app))[2]
        assert "Your note ⚑ flagged\nCheck against NASA's list [bold]x[/]" in pane(app).plain
        app.presenter = True
        await settle(pilot)
        assert "✎" not in screen_lines(news_list(app))[2] and "⚑" not in screen_lines(news_list(app))[2]
        assert "Your note" not in pane(app).plain
        assert tab.current_record().key == SPACEWALK


async def test_only_flagged_lists_flagged_items_and_keeps_the_cursor() -> None:
    app = app_on()
    async with app.run_test(size=(80, 24)) as pilot:
        tab = await open_news(pilot)
        store = app.notes_controller.store
        store.set_flag(ED, "news", "news-shijian-25-launched", True)
        store.save(ED, "news", "news-space-science-plan", "policy note")
        app.notes_controller.reload()
        await settle(pilot)
        app.marked_filter = "flagged"
        await settle(pilot, lambda: tab.current_record() is not None and tab.current_record().key == SHIJIAN_25)
        lines = [line for line in screen_lines(news_list(app)) if line.strip()]
        assert [line.strip() for line in lines[:2]] == ["News Update", "Pair of Shijian Satellites Launched"]
        assert len(lines) == 3 and "Shijian-25" in lines[2]
        assert tab.show_record(SPACEWALK) is False  # hidden by the filter: the app says so
        app.marked_filter = "annotated"
        await settle(pilot)
        assert tab.current_record().key == SHIJIAN_25
        assert any("China Issues National Space Development Plan" in line for line in screen_lines(news_list(app)))
        app.marked_filter = "all"
        await settle(pilot)
        assert tab.current_record().key == SHIJIAN_25
        assert tab.show_record(SPACEWALK) is True


# -- keys ---------------------------------------------------------------------------------------------


async def test_enter_opens_the_pane_and_escape_returns() -> None:
    app = app_on()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_news(pilot)
        await pilot.press("enter")
        assert app.focused is pane(app)
        await pilot.press("down", "j")  # scroll the pane, not the list
        assert pane(app).scroll_y == 2
        await pilot.press("escape")
        assert app.focused is news_list(app)
        await pilot.press("o")
        assert app.focused is pane(app)
        await pilot.press("h")
        assert app.focused is news_list(app)
        await pilot.press("o", "left")
        assert app.focused is news_list(app)


async def test_space_pages_the_pane_then_moves_on() -> None:
    app = app_on()
    async with app.run_test(size=(80, 24)) as pilot:
        tab = await open_news(pilot)
        assert pane(app).max_scroll_y > 0  # the spacewalk item does not fit in 80x24
        await pilot.press("space")  # from the list: the pane scrolls, the cursor stays
        assert pane(app).scroll_y > 0
        assert tab.current_record().key == SPACEWALK
        assert app.focused is news_list(app)
        for _ in range(10):
            if tab.current_record().key != SPACEWALK:
                break
            await pilot.press("space")
        # At the end of the item, space goes on to the next one, read from its top.
        assert tab.current_record().key == f"{ED}/news-shijian-19-recovered"
        assert pane(app).scroll_y == 0


async def test_capital_j_and_k_read_next_and_previous_while_reading() -> None:
    app = app_on()
    async with app.run_test(size=(80, 24)) as pilot:
        tab = await open_news(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("J")
        await settle(pilot)
        assert tab.current_record().key == f"{ED}/news-shijian-19-recovered"
        assert pane(app).record.key == f"{ED}/news-shijian-19-recovered"
        assert app.focused is pane(app)  # still reading
        await pilot.press("J", "K")
        assert pane(app).record.key == f"{ED}/news-shijian-19-recovered"


async def test_brackets_jump_between_sections() -> None:
    app = app_on()
    async with app.run_test(size=(80, 24)) as pilot:
        tab = await open_news(pilot)
        await pilot.press("right_square_bracket")
        assert tab.current_record().key == f"{ED}/news-shijian-19-recovered"
        await pilot.press("j")  # Shijian-25, second item of the section
        await pilot.press("left_square_bracket")  # back to the start of this section
        assert tab.current_record().key == f"{ED}/news-shijian-19-recovered"
        await pilot.press("left_square_bracket")  # then the previous section
        assert tab.current_record().key == SPACEWALK
        await pilot.press("left_square_bracket")  # nothing before the first
        assert tab.current_record().key == SPACEWALK
        for _ in range(20):
            await pilot.press("right_square_bracket")
        assert tab.current_record().key == f"{ED}/news-cnki-environmental-monitoring"


async def test_v_toggles_the_layout_and_width_chooses_it() -> None:
    app = app_on()
    async with app.run_test(size=(80, 24)) as pilot:
        tab = await open_news(pilot)
        assert not tab.has_class("-side")
        assert news_list(app).region.y < pane(app).region.y  # list on top
        await pilot.press("v")
        await settle(pilot)
        assert tab.has_class("-side")
        assert news_list(app).region.x < pane(app).region.x
        await pilot.press("v")
        assert not tab.has_class("-side")


async def test_resizing_never_crashes_and_keeps_the_cursor_visible() -> None:
    app = app_on()
    async with app.run_test(size=(80, 24)) as pilot:
        tab = await open_news(pilot)
        await pilot.press("G")
        for size in ((120, 30), (40, 12), (30, 8), (80, 24), (200, 60), (40, 12)):
            await pilot.resize_terminal(*size)
            await settle(pilot)
            await settle(pilot)
            assert tab.has_class("-side") == (size[0] >= 110)
        lst = news_list(app)
        assert lst.scroll_offset.y <= lst.cursor < lst.scroll_offset.y + lst.size.height
        assert tab.current_record().key == f"{ED}/news-cnki-environmental-monitoring"


async def test_help_lists_the_news_keys() -> None:
    app = app_on()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_news(pilot)
        active = app.screen.active_bindings
        for key in ("o", "space", "t", "J", "K", "right_square_bracket", "left_square_bracket", "v"):
            assert key in active, key
        await pilot.press("question_mark")
        await settle(pilot)
        assert type(app.screen).__name__ == "HelpScreen"


# -- ways in and out -----------------------------------------------------------------------------------


async def test_jump_to_lands_on_the_item_with_the_news_tab_active() -> None:
    app = app_on()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.main.jump_to(f"{ED}/news-cnki-environmental-monitoring")
        for _ in range(5):
            await settle(pilot)
        assert app.main.active_tab_id == "news"
        tab = app.query_one(NewsTab)
        assert tab.current_record().key == f"{ED}/news-cnki-environmental-monitoring"
        assert pane(app).record.key == f"{ED}/news-cnki-environmental-monitoring"
        assert "天空地海" in pane(app).plain
        lst = news_list(app)
        assert lst.scroll_offset.y <= lst.cursor < lst.scroll_offset.y + lst.size.height
        # And again once the tab is built, from another tab.
        await pilot.press("1")
        app.main.jump_to(SHIJIAN_25)
        for _ in range(3):
            await settle(pilot)
        assert app.main.active_tab_id == "news"
        assert tab.current_record().key == SHIJIAN_25
        assert tab.show_record(f"{ED}/no-such-item") is False


async def test_t_opens_the_only_linked_event_in_the_timeline(monkeypatch: pytest.MonkeyPatch) -> None:
    app = app_on()
    async with app.run_test(size=(80, 24)) as pilot:
        tab = await open_news(pilot)
        jumps: list[str] = []
        monkeypatch.setattr(app.main, "jump_to", jumps.append)
        tab.show_record(DIGITAL_TWIN)
        await settle(pilot)
        await pilot.press("t")
        [event] = app.model.events_from(DIGITAL_TWIN)
        assert jumps == [event.key]


async def test_t_lets_the_user_pick_among_several_events(monkeypatch: pytest.MonkeyPatch) -> None:
    app = app_on()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_news(pilot)
        jumps: list[str] = []
        monkeypatch.setattr(app.main, "jump_to", jumps.append)
        await pilot.press("enter", "t")  # from the reading pane too
        await settle(pilot)
        assert isinstance(app.screen, EventPicker)
        assert app.screen.query_one(OptionList).option_count == 3
        await pilot.press("escape")
        await settle(pilot)
        assert jumps == [] and not isinstance(app.screen, EventPicker)
        await pilot.press("t")
        await settle(pilot)
        await pilot.press("enter")  # the first, earliest event
        await settle(pilot)
        assert jumps == [app.model.events_from(SPACEWALK)[0].key]
        await pilot.press("t")
        await settle(pilot)
        await pilot.press("down", "down", "enter")
        await settle(pilot)
        assert jumps[-1] == app.model.events_from(SPACEWALK)[2].key  # the 17 Dec 2024 record spacewalk


async def test_t_without_events_says_so(monkeypatch: pytest.MonkeyPatch) -> None:
    app = app_on()
    async with app.run_test(size=(80, 24)) as pilot:
        tab = await open_news(pilot)
        jumps: list[str] = []
        monkeypatch.setattr(app.main, "jump_to", jumps.append)
        unlinked = next(item for item in app.model.news if not app.model.events_from(item.key))
        tab.show_record(unlinked.key)
        await settle(pilot)
        assert "Timeline events from this item\nNone." in pane(app).plain
        await pilot.press("t")
        await settle(pilot)
        assert jumps == []


# -- hostile and wide data ---------------------------------------------------------------------------

HOSTILE = ["[bold]x[/]", "[@click=app.quit]x[/]", "[TODO] Q3", "[link=https://example.invalid]x[/link]",
           "一念天地，万物随心 天空地海"]


async def test_hostile_headlines_show_literally_and_clicking_does_nothing(edition_copy: Path) -> None:
    news = edition_copy / "news.toml"
    text = news.read_text(encoding="utf-8")
    originals = ['headline = "Record-Breaking Space Walk Achieved"',
                 'headline = "Shijian-19 reusable satellite recovered"',
                 'headline = "Shijian-25 launched for on-orbit refuelling"',
                 'headline = "Final Contenders for Space Plane Project Chosen"',
                 'headline = "China Space Cooperation with Pakistan Expanded"']
    for original, hostile in zip(originals, HOSTILE):
        assert original in text
        text = text.replace(original, f"headline = {hostile!r}".replace("'", '"'), 1)
    news.write_text(text, encoding="utf-8")
    app = app_on([edition_copy])
    async with app.run_test(size=(80, 30)) as pilot:  # tall enough to list the five items
        tab = await open_news(pilot)
        lines = screen_lines(news_list(app))
        shown_rows = [line for line in lines if line.startswith("    ")]
        for hostile in HOSTILE[:4]:
            assert any(line.rstrip().endswith(hostile) for line in shown_rows), hostile
        # Wide characters keep the columns: the CJK row is exactly as wide as the list, like the others.
        cjk = next(line for line in shown_rows if "一念" in line)
        plain = next(line for line in shown_rows if "[TODO]" in line)
        assert cjk.index("一") == plain.index("[TODO]")
        assert tab.current_record().headline == "[bold]x[/]"
        assert pane(app).plain.startswith("[bold]x[/]\n")
        await pilot.press("j")
        assert pane(app).plain.startswith("[@click=app.quit]x[/]\n")
        await pilot.click("#news-reading", offset=(3, 0))  # on the headline
        await pilot.click("#news-list", offset=(6, 3))
        await settle(pilot)
        assert app.is_running
        await pilot.press("j", "j")
        assert pane(app).plain.startswith("[link=https://example.invalid]x[/link]\n")
        await pilot.click("#news-reading", offset=(3, 0))
        await settle(pilot)
        assert app.is_running


# -- scale ----------------------------------------------------------------------------------------------


def big_model(count: int) -> Model:
    edition = open_model([DATA]).model.editions[0]
    # Each item's text cut to its first 80 characters: building the store folds every word of
    # every item, and the full texts made this model cost 23 s of the suite; the list is the same.
    items = tuple(news._replace(id=f"bench-{i}", order=i, text=news.text[:80])
                  for i, news in ((i, edition.news[i % len(edition.news)]) for i in range(count)))
    return model_of(Validated((edition._replace(news=items),), [])).model


@pytest.mark.long
async def test_a_hundred_thousand_items_list_and_navigate() -> None:
    # How fast is the benchmark's business (bench/run.py, budgets); this checks the tab works at that size.
    model = big_model(100_000)
    rows = build_rows(model)
    assert len(rows.items) == 100_000
    app = app_on(model)
    async with app.run_test(size=(80, 24)) as pilot:
        tab = await open_news(pilot)
        await pilot.press("G")
        await settle(pilot)
        assert tab.current_record().key == tab._rows.items[-1].key
        assert tab.show_record(f"{ED}/bench-50000")
        assert tab.current_record().key == f"{ED}/bench-50000"
        await pilot.press("J")
        await settle(pilot)
        # Items are grouped by section: the next one read is the next of bench-50000's section.
        assert tab.current_record().key == f"{ED}/bench-50017"
