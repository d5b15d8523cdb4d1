"""Notes in every reading pane, pressing the keys: the Timeline's event detail, the Medals panel and the
Trends detail show your note and the team's, each team note under its author and time, as the News
reading pane does; presenter mode (``p``) hides them and ``p`` again brings them back.

A teammate's file is given to another uid, which needs root (CI runs as root); the author shown
is then that uid's, "uid 54321", since it has no account here.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from briefing.app.tabs.trends_tab import sorted_articles
from briefing.app.widgets.event_detail import EventDetail
from briefing.model.notes.notebook import Notebook
from briefing.model.notes.team import TeamNotebook
from briefing.model.store.opening import open_model

from .team_helpers import TEAMMATE_UID, WHEN, config, team, teammate_notes  # noqa: F401  (fixtures)
from .app_helpers import app_on, screen_text, settle
from .conftest import DATA

pytestmark = pytest.mark.skipif(os.geteuid() != 0, reason="a teammate's file (another uid) needs root to make")

#: The heading of the teammate's note, as the panes show it: author, then local time.
TEAMMATE = f"uid {TEAMMATE_UID} (team) · {WHEN.astimezone().strftime('%Y-%m-%d %H:%M')}"


async def press(pilot, *keys: str) -> None:
    for key in keys:
        await pilot.press(key)
        await settle(pilot)


async def test_timeline_detail_shows_yours_and_the_teams_notes_unless_presenting(config: Path, team: Path) -> None:
    model = open_model([DATA]).model
    app = app_on(model)
    first = model.events[0]  # the Timeline opens on the earliest event
    Notebook(config).save(first.edition, "events", first.id, "Mine: check the date")
    teammate_notes(team, (first.edition, "events", first.id, "Theirs: the source says otherwise"))
    async with app.run_test(size=(150, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "5")
        assert app.main.current_record() == first
        detail = app.screen.query_one(EventDetail).text
        assert "Your note\nMine: check the date" in detail
        assert f"{TEAMMATE} ⚑ flagged\nTheirs: the source says otherwise" in detail
        screen = screen_text(app)
        assert "Theirs: the source says otherwise" in screen and TEAMMATE in screen
        await press(pilot, "p")
        detail = app.screen.query_one(EventDetail).text
        assert "Mine:" not in detail and "Theirs:" not in detail and "(team)" not in detail
        assert first.title in detail  # still the same event, only its notes hidden
        await press(pilot, "p")
        assert "Theirs: the source says otherwise" in app.screen.query_one(EventDetail).text


async def test_timeline_detail_follows_the_cursor_and_a_new_note(config: Path, team: Path) -> None:
    model = open_model([DATA]).model
    app = app_on(model)
    first, second = model.events[0], model.events[1]
    teammate_notes(team, (second.edition, "events", second.id, "Only on the second"))
    async with app.run_test(size=(150, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "5")
        assert "Only on the second" not in app.screen.query_one(EventDetail).text
        await press(pilot, "j")
        assert app.main.current_record() == second
        assert "Only on the second" in app.screen.query_one(EventDetail).text
        await press(pilot, "k")
        await press(pilot, "n")
        await pilot.press(*"fresh", "ctrl+s")
        await settle(pilot, lambda: "fresh" in app.screen.query_one(EventDetail).text)
        assert app.main.current_record() == first


async def test_medals_panel_shows_the_highlighted_rows_notes_unless_presenting(config: Path, team: Path) -> None:
    model = open_model([DATA]).model
    app = app_on(model)
    first, second = model.medals[0], model.medals[1]  # report order, as the table opens
    Notebook(config).save(first.edition, "medals", first.id, "Mine on the first row")
    teammate_notes(team, (second.edition, "medals", second.id, "Theirs on the second row"))
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "3")
        screen = screen_text(app)
        assert "Your note" in screen and "Mine on the first row" in screen
        assert "Theirs on the second row" not in screen
        await press(pilot, "j")
        screen = screen_text(app)
        assert "Mine on the first row" not in screen
        assert TEAMMATE in screen and "Theirs on the second row" in screen
        await press(pilot, "p")
        screen = screen_text(app)
        assert "Theirs on the second row" not in screen and "(team)" not in screen
        assert "Medals" in screen and "in all" in screen  # the tally is still there
        await press(pilot, "p")
        assert "Theirs on the second row" in screen_text(app)


async def test_trends_detail_shows_the_highlighted_articles_notes_unless_presenting(config: Path,
                                                                                     team: Path) -> None:
    model = open_model([DATA]).model
    app = app_on(model)
    top = sorted_articles(model)[0]  # the chart opens on the most downloaded article
    TeamNotebook(team).save(top.edition, "articles", top.id, "Mine, shared with the team")
    teammate_notes(team, (top.edition, "articles", top.id, "Theirs on the top article"))
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "4")
        screen = screen_text(app)
        assert "You (shared with the team) · " in screen and "Mine, shared with the team" in screen
        assert TEAMMATE in screen and "Theirs on the top article" in screen
        await press(pilot, "j")
        assert "Theirs on the top article" not in screen_text(app)
        await press(pilot, "k", "p")
        screen = screen_text(app)
        assert "Theirs on the top article" not in screen and "Mine, shared" not in screen
        assert top.summary[:30] in screen  # the article's detail is still shown
