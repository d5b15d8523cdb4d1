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


async def test_type_to_filter_whole_names_and_the_current_item_listed() -> None:
    """Issue 13: the Entities screen filters as you type, never cuts a name at 23 columns, and lists
    the current item among the records naming the entity."""
    app = app_on()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("3", *"jjjj")  # C-band SAR, Shanghai Space Research Institute, Gaofen-1, Gaofen-2
        await settle(pilot)
        here = app.main.current_record()
        assert here.company == "Shanghai Space Research Institute"
        await pilot.press("e")
        await settle(pilot)
        text = screen_text(app)
        assert "Shanghai Space Research Institute" in text  # whole, at 80 columns
        await pilot.press(*"gaofen-2")
        await settle(pilot)
        names = app.screen.query_one("#entity-names")
        assert [name for _, name in app.screen._names] == ["Gaofen-2"] and names.count == 1  # two satellites, two names
        assert "Shanghai Space Research Institute" not in screen_text(app).split("Named in")[1].split("\n", 1)[1]
        await pilot.press(*["backspace"] * 8, *"shanghai", "enter")
        await settle(pilot)
        records = app.screen.query_one("#entity-records")
        assert app.focused is records
        listed = [r.key for r in app.screen._records]
        assert listed[0] == here.key and len(listed) == 4  # this row first, then the three others
        assert "this medal" in screen_text(app)
        await pilot.press("down", "enter")
        await settle(pilot)
        assert app.screen is app.main and app.main.current_record().key == listed[1]
