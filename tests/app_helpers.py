"""Helpers for Pilot tests: an app on the shipped (or a given) data, and what the user sees."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Callable, Sequence

from briefing.app.app import BriefingApp, make_app
from briefing.model.store.opening import LoadResult
from briefing.model.data.model import Model
from briefing.model.store.opening import open_model

from .conftest import DATA

#: The day follow-ups are judged by in app tests: fixed, never the clock (the target day of issue 26).
FOLLOWUPS_DAY = dt.date(2026, 12, 6)


def app_on(data: Path | Sequence[Path] | Model = DATA, **options) -> BriefingApp:
    """The app on ``data`` (a folder of editions, an edition, several, or a model built by the test),
    loaded up front so tests do not wait on the loading worker. The one way tests open the app on data.

    Folders are opened as the app opens them: compiled into the store (in the test's own cache
    dir) and read from there, unless the files were written too recently to be compiled.
    """
    if isinstance(data, Model):
        app = make_app(load_result=LoadResult(data, []), **options)
    else:
        paths = [data] if isinstance(data, Path) else list(data)
        app = make_app(load_result=open_model(paths), **options)
    app.followups.today = FOLLOWUPS_DAY
    return app


def screen_text(app: BriefingApp) -> str:
    """The plain text of the whole screen (the top screen, modals included), as a user reads it."""
    lines = app.screen._compositor.render_strips()
    return "\n".join("".join(segment.text for segment in line) for line in lines)


def notices(app: BriefingApp) -> str:
    """Every toast raised so far, title and message, as plain text (run_test hides toasts)."""
    return "\n".join(f"{n.title}: {n.message.plain if hasattr(n.message, 'plain') else n.message}"
                     for n in app._notifications)


async def settle(pilot, until: Callable[[], object] | None = None, *, tries: int = 250) -> None:
    """The one wait of the Pilot tests: let the app finish what the last keys started.

    Without ``until``: a few rounds of messages, refreshes and animations (tabs build on first
    open). With it: process messages until ``until()`` holds, and fail if it never does.
    """
    if until is None:
        for _ in range(4):
            await pilot.pause()
        await pilot.wait_for_scheduled_animations()
        await pilot.pause()
        return
    for _ in range(tries):
        if until():
            return
        await pilot.pause(0.02)
    assert until()


async def hold_still(pilot) -> None:
    """Before a snapshot: every cursor on the screen stops blinking and stays shown, then settle.

    A blinking cursor is on or off by the clock: on a busy machine a snapshot caught the
    timeline's search box in its off phase and failed (CI, under load).
    """
    for widget in pilot.app.screen.query("Input, TextArea"):
        widget.cursor_blink = False
    await settle(pilot)


def footer_keys(app: BriefingApp) -> dict[str, bool]:
    """The keys the footer offers now, each with whether it is enabled (dimmed when not)."""
    from textual.widgets._footer import FooterKey

    return {key.key: not key._disabled for key in app.screen.query(FooterKey)}


# -- one opener a tab: press its number, wait until its widget holds the focus ----------------------


async def open_tab(pilot, key: str, ready: Callable[[], object]) -> None:
    """Press the tab's number ``key`` once the app is idle, then wait until ``ready()`` holds."""
    await settle(pilot)
    await pilot.press(key)
    await settle(pilot, ready)


async def open_news(pilot):
    """The News tab (2), its list focused; returns the tab."""
    from briefing.app.tabs.news_tab import NewsTab
    from briefing.app.widgets.virtual_list import VirtualList

    app = pilot.app
    await open_tab(pilot, "2", lambda: bool(app.query("#news-list"))
                   and app.focused is app.query_one("#news-list", VirtualList))
    assert app.main.active_tab_id == "news"
    return app.query_one(NewsTab)


async def open_medals(pilot):
    """The Medals tab (3), its table focused and filled; returns the table."""
    from briefing.app.widgets.medal_table import MedalTable

    app = pilot.app
    await open_tab(pilot, "3", lambda: bool(app.query(MedalTable)) and isinstance(app.focused, MedalTable)
                   and app.query_one(MedalTable).row_count > 0)
    return app.query_one(MedalTable)


async def open_trends(pilot):
    """The Trends tab (4), its chart focused; returns the chart."""
    from briefing.app.widgets.bar_chart import BarChart

    app = pilot.app
    await open_tab(pilot, "4", lambda: bool(app.query(BarChart)) and isinstance(app.focused, BarChart))
    return app.query_one(BarChart)


async def open_timeline(pilot):
    """The Timeline tab (5), its list focused; returns the tab."""
    from briefing.app.tabs.timeline.timeline_tab import TimelineTab

    app = pilot.app
    await open_tab(pilot, "5", lambda: bool(app.query(TimelineTab)) and app.focused is app.query_one(TimelineTab).list)
    return app.query_one(TimelineTab)


async def open_changes(pilot):
    """The Changes tab (7), its list focused and the diff made (in a thread); returns the tab."""
    from briefing.app.tabs.changes_tab import ChangesList, ChangesTab

    app = pilot.app
    await open_tab(pilot, "7", lambda: bool(app.query(ChangesTab)) and isinstance(app.focused, ChangesList))
    tab = app.query_one(ChangesTab)
    await settle(pilot, lambda: bool(tab.lines))
    await settle(pilot)
    return tab
