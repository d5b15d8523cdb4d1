"""The highlighted row of every list stands out from its neighbours, in colour and without it.

Users act on the highlighted row with ``n``, ``f``, ``y`` and Enter, so they must see which it
is: the row under the cursor must have another background than the rows beside it (with
colour), or be drawn in reverse video (``NO_COLOR``), as the medal table's cursor bar is.
"""

from __future__ import annotations

import pytest

from briefing.app.widgets.virtual_list import VirtualList

from .app_helpers import app_on, settle


def _backgrounds(strip) -> set:
    return {seg.style.bgcolor for seg in strip if seg.style is not None and seg.text.strip()}


def _reversed(strip) -> bool:
    return all(seg.style is not None and seg.style.reverse for seg in strip if seg.text.strip())


async def _cursor_and_neighbour(app, tab_key: str):
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press(tab_key)
        await settle(pilot)
        await pilot.press("j")
        await settle(pilot)
        lists = [w for w in app.screen.query(VirtualList) if w.display and w.region.height]
        assert lists, "no list on screen"
        view = lists[0]
        row = view.cursor - int(view.scroll_offset.y)
        cursor = view.render_line(row)
        neighbours = [view.render_line(r) for r in (row - 1, row + 1) if 0 <= r < view.size.height]
        return cursor, neighbours


@pytest.mark.parametrize("tab_key", ["2", "5"], ids=["news", "timeline"])
async def test_cursor_row_has_its_own_background(tab_key: str) -> None:
    cursor, neighbours = await _cursor_and_neighbour(app_on(), tab_key)
    for neighbour in neighbours:
        assert _backgrounds(cursor).isdisjoint(_backgrounds(neighbour))


@pytest.mark.parametrize("tab_key", ["2", "5"], ids=["news", "timeline"])
async def test_cursor_row_is_reverse_video_without_colour(tab_key: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    cursor, neighbours = await _cursor_and_neighbour(app_on(), tab_key)
    assert _reversed(cursor)
    assert not any(_reversed(n) for n in neighbours)
