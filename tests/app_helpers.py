"""Helpers for Pilot tests: an app on the shipped (or a given) data, and what the user sees."""

from __future__ import annotations

from pathlib import Path

from briefing.app.app import BriefingApp, make_app
from briefing.model.store.opening import open_model

from .conftest import DATA


def app_on(data: Path = DATA, **options) -> BriefingApp:
    """The app, with the data loaded up front so tests do not wait on the loading worker.

    Opened as the app opens it: compiled into the store (in the test's own cache dir) and
    read from there, unless the files were written too recently to be compiled.
    """
    return make_app(load_result=open_model([data]), **options)


def screen_text(app: BriefingApp) -> str:
    """The plain text of the whole screen (the top screen, modals included), as a user reads it."""
    lines = app.screen._compositor.render_strips()
    return "\n".join("".join(segment.text for segment in line) for line in lines)


def notices(app: BriefingApp) -> str:
    """Every toast raised so far, title and message, as plain text (run_test hides toasts)."""
    return "\n".join(f"{n.title}: {n.message.plain if hasattr(n.message, 'plain') else n.message}"
                     for n in app._notifications)


async def settle(pilot, rounds: int = 4) -> None:
    """Let mounts, workers and refreshes triggered by the last keys finish (tabs build on first open)."""
    for _ in range(rounds):
        await pilot.pause()
    await pilot.wait_for_scheduled_animations()
    await pilot.pause()


async def settle_until(pilot, until, tries: int = 250) -> None:
    """Let the app process messages until ``until()`` holds (building a tab takes a few refreshes)."""
    for _ in range(tries):
        if until():
            return
        await pilot.pause(0.02)
    assert until()
