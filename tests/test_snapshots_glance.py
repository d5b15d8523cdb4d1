"""Snapshots of the pictures: the Overview and the Timeline with the month strip, at 80x24 and 120x40,
as a 256-colour and a 16-colour terminal draws them.

Textual exports screenshots in true colour whatever the terminal, so the colour system is
applied by a line filter that downgrades every colour the way Rich does for such a terminal
(``TEXTUAL_COLOR_SYSTEM=256`` or ``standard``). Update deliberately, after looking:
``pytest tests/test_snapshots_glance.py --snapshot-update``.
"""

from __future__ import annotations

from functools import lru_cache

import pytest
from rich.color import ColorSystem
from rich.segment import Segment
from rich.style import Style
from textual.color import Color
from textual.filter import LineFilter

from .app_helpers import app_on, hold_still, settle

SYSTEMS = {"256": ColorSystem.EIGHT_BIT, "16": ColorSystem.STANDARD}


@lru_cache(1024)
def _downgraded(style: Style, system: ColorSystem) -> Style:
    color = style.color.downgrade(system) if style.color is not None else None
    background = style.bgcolor.downgrade(system) if style.bgcolor is not None else None
    return style + Style.from_color(color, background)


class Downgrade(LineFilter):
    """Every colour as a terminal of ``system`` shows it."""

    def __init__(self, system: ColorSystem) -> None:
        super().__init__()
        self.system = system

    def apply(self, segments: list[Segment], background: Color) -> list[Segment]:
        return [Segment(text, _downgraded(style, self.system) if style else style, control)
                for text, style, control in segments]


TABS = {"overview": [], "timeline": ["5"]}


@pytest.mark.parametrize("colours", list(SYSTEMS))
@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
@pytest.mark.parametrize("tab", list(TABS))
def test_pictures_snapshot(snap_compare, tab: str, size: tuple[int, int], colours: str) -> None:
    app = app_on()
    app._filters.append(Downgrade(SYSTEMS[colours]))

    async def open_tab(pilot) -> None:
        await settle(pilot)
        for key in TABS[tab]:
            await pilot.press(key)
            await settle(pilot)
        strip_id = "#overview-strip" if tab == "overview" else "#timeline-strip"
        await settle(pilot, until=lambda: pilot.app.screen.query_one(strip_id).strip is not None)
        await hold_still(pilot)

    assert snap_compare(app, terminal_size=size, run_before=open_tab)
