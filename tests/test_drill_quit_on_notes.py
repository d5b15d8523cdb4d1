"""Quitting just after opening the Notes tab (issue 12, item 5): no crash, whatever the timing.

The guard: NotesTab holds its child widgets and does nothing once it is being taken down
(``_closing_down``), instead of querying children the app's shutdown has already removed.
"""

from __future__ import annotations

import asyncio

import pytest

from .app_helpers import app_on


@pytest.mark.parametrize("turns", range(10))
async def test_6_then_q_at_once_quits_cleanly(turns: int) -> None:
    """``6`` then ``q`` with 0..9 turns of the event loop between: the pty drill's 20 ms, in every phase."""
    app = app_on()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.simulate_key("6")
        for _ in range(turns):
            await asyncio.sleep(0)
        app.simulate_key("q")
        await pilot.pause()
    # run_test re-raises what a handler raised (NoMatches '#notes-list' before the fix).
    assert not app.is_running and app.return_code in (0, None)
