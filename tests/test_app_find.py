"""Find inside (issue 13): ``/`` with ``n``/``N`` in the News reading pane and in the medal table."""

from __future__ import annotations

import pytest

from briefing.app.widgets.find_bar import FindBar, FindInput
from briefing.app.widgets.reading_pane import ReadingPane

from .app_helpers import app_on, footer_keys, open_medals, open_news, screen_text, settle
from .test_app_news import SHIJIAN_25, move_to


def pane(app) -> ReadingPane:
    return app.query_one("#news-reading", ReadingPane)


def highlighted(app, word: str) -> list[tuple[str, bool]]:
    """Every segment on screen holding ``word`` (any case) in reverse video, with whether it is the current match (underlined)."""
    found = []
    for line in app.screen._compositor.render_strips():
        for segment in line:
            style = segment.style
            if style is not None and style.reverse and word.lower() in segment.text.lower():
                found.append((segment.text, bool(style.underline)))
    return found


async def test_slash_finds_in_the_reading_pane_and_n_steps_through_matches() -> None:
    app = app_on()
    async with app.run_test(size=(100, 30)) as pilot:
        tab = await open_news(pilot)
        await move_to(pilot, tab, SHIJIAN_25)
        text = pane(app).plain.lower()
        total = text.count("shijian")
        assert total >= 3
        await pilot.press("/")
        assert isinstance(app.focused, FindInput)
        await pilot.press(*"shijian")
        await settle(pilot)
        bar = pane(app).query_one(FindBar)
        assert bar.is_open
        assert f"1 of {total}" in screen_text(app)
        marks = highlighted(app, "shijian")
        assert len(marks) >= 2 and sum(current for _, current in marks) == 1
        # Enter: back to reading, the matches kept; n and N now step, and the footer says so.
        await pilot.press("enter")
        await settle(pilot)
        assert app.focused is pane(app)
        keys = footer_keys(app)
        assert keys.get("n") and keys.get("N")
        assert "Next match" in screen_text(app)
        await pilot.press("n", "n")
        await settle(pilot)
        assert f"3 of {total}" in screen_text(app)
        await pilot.press("N")
        await settle(pilot)
        assert f"2 of {total}" in screen_text(app)
        # N before the first wraps round to the last.
        await pilot.press("N", "N")
        await settle(pilot)
        assert f"{total} of {total}" in screen_text(app)
        # Esc closes the find and its highlights; n is the note key again (its editor opens).
        await pilot.press("escape")
        await settle(pilot)
        assert not bar.is_open and not highlighted(app, "shijian")
        assert app.focused is pane(app)
        assert "Next match" not in screen_text(app)
        await pilot.press("n")
        await settle(pilot)
        assert type(app.screen).__name__ == "NoteEditor"


@pytest.mark.long
async def test_find_scrolls_to_a_match_below_the_fold_and_counts_no_match() -> None:
    app = app_on()
    async with app.run_test(size=(80, 24)) as pilot:
        tab = await open_news(pilot)
        await move_to(pilot, tab, SHIJIAN_25)
        reading = pane(app)
        assert reading.scroll_y == 0
        await pilot.press("o", "/", *"edition ")  # the last line: "Edition … · id …"
        await settle(pilot)
        assert "1 of 1" in screen_text(app)
        assert reading.scroll_y > 0
        assert highlighted(app, "edition")
        await pilot.press(*["backspace"] * len("edition "), *"qqqzz")
        await settle(pilot)
        assert "no match" in screen_text(app)
        # Esc in the box closes the find; Esc again leaves the pane for the list.
        await pilot.press("escape")
        await settle(pilot)
        assert app.focused is reading and not reading.finding
        await pilot.press("escape")
        assert app.focused is tab.query_one("#news-list")


# -- the medal table ------------------------------------------------------------------------------


async def test_slash_finds_in_the_medal_table_and_n_moves_between_matching_rows() -> None:
    app = app_on()
    async with app.run_test(size=(100, 30)) as pilot:
        table = await open_medals(pilot)
        await pilot.press("/", *"jilin")
        await settle(pilot)
        jilin_rows = [i for i, key in enumerate(table.visible_keys()) if "Jilin" in app.model.get(key).satellite]
        assert len(jilin_rows) == 4
        assert "1 of 4" in screen_text(app)
        assert table.cursor_row == jilin_rows[0]
        assert len(highlighted(app, "jilin")) == 4  # each matching cell reversed on screen
        await pilot.press("enter")
        await settle(pilot)
        assert app.focused is table
        assert "Next match" in screen_text(app)
        await pilot.press("n", "n")
        await settle(pilot)
        assert table.cursor_row == jilin_rows[2] and "3 of 4" in screen_text(app)
        await pilot.press("N")
        await settle(pilot)
        assert table.cursor_row == jilin_rows[1] and "2 of 4" in screen_text(app)
        # Esc closes the find, the highlights go, and n is the note key again.
        await pilot.press("escape")
        await settle(pilot)
        assert not highlighted(app, "jilin") and "Next match" not in screen_text(app)
        await pilot.press("n")
        await settle(pilot)
        assert type(app.screen).__name__ == "NoteEditor"


async def test_an_open_find_carries_on_into_the_next_item() -> None:
    app = app_on()
    async with app.run_test(size=(100, 30)) as pilot:
        tab = await open_news(pilot)
        await move_to(pilot, tab, SHIJIAN_25)
        await pilot.press("/", *"satellite", "enter")
        await settle(pilot)
        first = pane(app).record.key
        await pilot.press("J")  # the next item, read with the find still open
        await settle(pilot)
        reading = pane(app)
        assert reading.record.key != first and reading.finding
        expected = reading.plain.lower().count("satellite")
        assert reading.find_count == (f"1 of {expected}" if expected else "no match")
        assert reading.find_count in screen_text(app)
