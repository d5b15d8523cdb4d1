"""A tab chosen while the tabs are being rebuilt for another edition is built once, for it, and shown."""

from __future__ import annotations

import asyncio
import shutil
from pathlib import Path

import pytest

from briefing.app.tabs.base import BriefingTab

from .app_helpers import app_on, screen_text, settle
from .conftest import EDITION


async def test_a_digit_while_the_tabs_are_taken_down_opens_that_tab_once(tmp_path: Path,
                                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """Enter on an edition in the picker, then a digit typed at once: the digit came while the old
    tabs were still being removed, built its tab for the old view, and the rebuild then built it
    a second time beside the first."""
    root = tmp_path / "data"
    shutil.copytree(EDITION, root / "first")
    shutil.copytree(EDITION, root / "second")
    # The old tabs' removal waits until the digit has been handled: the moment a quick typist's
    # digit lands in, held open instead of left to the machine's speed.
    removing = asyncio.Event()
    remove = BriefingTab.remove

    def held_remove(self):
        async def when_let_through() -> None:
            await removing.wait()
            await remove(self)
        return when_let_through()

    monkeypatch.setattr(BriefingTab, "remove", held_remove)
    app = app_on([root])
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, lambda: "All 2 editions" in screen_text(app))
        app.main._show_edition("first")  # what Enter on "first" in the edition picker (E) calls
        await settle(pilot, lambda: app.main._rebuilding)
        await pilot.press("6")
        removing.set()

        def notes_shown_and_focused() -> bool:
            tab = app.main.current_tab()
            return (not app.main._rebuilding and app.main.active_tab_id == "notes" and tab is not None
                    and tab.is_mounted and app.focused is not None and tab in app.focused.ancestors_with_self)

        await settle(pilot, notes_shown_and_focused)
        assert "flagged" in screen_text(app)  # the Notes tab drew
        assert len(app.main.query("#notes-tab")) == 1
