"""Helpers for Pilot tests: an app on the shipped (or a given) data, and what the user sees."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Callable, Sequence

from briefing.app.app import BriefingApp, make_app
from briefing.model.store.opening import LoadResult
from briefing.model.data.records import Model
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


def footer_keys(app: BriefingApp) -> dict[str, bool]:
    """The keys the footer offers now, each with whether it is enabled (dimmed when not)."""
    from textual.widgets._footer import FooterKey

    return {key.key: not key._disabled for key in app.screen.query(FooterKey)}
