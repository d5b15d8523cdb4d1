"""The Entities screen (``e``) counts what else names each entity in plain English."""

from __future__ import annotations

import re

from .app_helpers import app_on, screen_text, settle


async def test_counts_read_one_other_and_n_others() -> None:
    app = app_on()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("2")
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        text = screen_text(app)
        counts = re.findall(r"· (\d+) (others?)\b", text)
        assert counts, text
        for number, word in counts:
            assert word == ("other" if number == "1" else "others"), (number, word)
