"""Keys that arrive in one burst (typed fast, pasted, or read together over SSH) go where the
first of them sends the focus: "/" and a word in the Timeline search the word, not the list's keys."""

from __future__ import annotations

from textual import events
from textual.command import CommandPalette

from briefing.app.screens.note_editor import NoteEditor
from briefing.app.widgets.find_bar import FindInput

from .app_helpers import app_on, open_news, open_timeline, screen_text, settle


def burst(pilot, *keys: str) -> None:
    """Hand ``keys`` to the app as its terminal driver does when they are read together: all of them
    queued before the app handles the first (``pilot.press`` waits for the app after each key)."""
    for key in keys:
        character = key if len(key) == 1 else {"slash": "/", "space": " "}.get(key)
        event = events.Key(key, character)
        event.set_sender(pilot.app)
        pilot.app._driver.send_message(event)


async def test_slash_and_a_word_in_one_burst_search_the_timeline() -> None:
    app = app_on()
    async with app.run_test(size=(80, 24)) as pilot:
        tab = await open_timeline(pilot)
        # q quits, n opens the note editor, a and s are the list's own keys: all of them are letters here.
        burst(pilot, "slash", *"quantum")
        await settle(pilot, lambda: tab.search_input.value == "quantum")
        assert app.is_running and app.screen is app.main
        assert app.focused is tab.search_input
        assert tab.listing.filter.status is None  # s was not the status filter's key
        assert "quantum" in screen_text(app) and "0 of 32 events" in screen_text(app)


async def test_the_burst_after_a_search_runs_the_keys_of_the_list_once_the_box_is_left() -> None:
    app = app_on()
    async with app.run_test(size=(80, 24)) as pilot:
        tab = await open_timeline(pilot)
        cursor = tab.list.cursor
        burst(pilot, "slash", *"guowang", "escape", "j")
        await settle(pilot, lambda: app.focused is tab.list and tab.search_input.value == "guowang"
                     and len(tab.shown_events) == 2 and tab.list.cursor != cursor)


async def test_slash_and_a_word_in_one_burst_find_in_the_news() -> None:
    app = app_on()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_news(pilot)
        burst(pilot, "slash", *"launch")
        await settle(pilot, lambda: isinstance(app.focused, FindInput) and app.focused.value == "launch")
        assert app.is_running and app.main.active_tab_id == "news"


async def test_the_palette_and_a_word_in_one_burst_search_with_the_word() -> None:
    app = app_on()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        burst(pilot, "ctrl+p", *"shijian")
        await settle(pilot, lambda: isinstance(app.screen, CommandPalette)
                     and getattr(app.focused, "value", None) == "shijian")
        assert app.is_running


async def test_a_note_typed_right_after_n_goes_into_the_note() -> None:
    app = app_on()
    async with app.run_test(size=(80, 24)) as pilot:
        tab = await open_timeline(pilot)
        cursor = tab.list.cursor
        burst(pilot, "n", *"quick")
        await settle(pilot, lambda: isinstance(app.screen, NoteEditor)
                     and app.screen.query_one("TextArea").text.endswith("quick"))
        assert app.is_running
        assert tab.list.cursor == cursor  # no letter moved it
