"""Digit keys switch tabs from every tab, whatever widget has focus there."""

from __future__ import annotations

import pytest

from .app_helpers import app_on, settle

TAB_IDS = ["overview", "news", "medals", "trends", "timeline", "notes"]


@pytest.mark.long
async def test_every_digit_switches_from_every_tab() -> None:
    # One app for all 36 pairs: each pair starts by pressing its first digit, so what a pair checks
    # does not depend on the pairs before it, and the app starts once instead of six times.
    app = app_on()
    # The tab strip's underline glides to the new tab, and each settle waits for it: 72 glides were
    # a third of this test's time. Switching is what is checked here, not the glide.
    app.animation_level = "none"
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        for first in "123456":
            for second in "123456":
                await pilot.press(first)
                await settle(pilot)
                await pilot.press(second)
                await settle(pilot)
                assert app.main.active_tab_id == TAB_IDS[int(second) - 1], f"{first} then {second}"
                tab = app.main.current_tab()
                assert tab is not None and app.focused is not None and tab in app.focused.ancestors_with_self
