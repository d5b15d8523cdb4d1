"""Snapshot tests: how each tab looks at 80x24 and at a larger size, on the shipped data.

Update deliberately, after looking at the change: ``pytest tests/test_snapshots.py --snapshot-update``
and open ``snapshot_report.html`` when one fails.
"""

from __future__ import annotations

import pytest

from .app_helpers import app_on, hold_still, settle

TABS = {
    "overview": [],
    "news": ["2", "down"],
    "medals": ["3", "m"],
    "trends": ["4", "down"],
    "timeline": ["5"],
    "timeline-search": ["5", "slash", *"spacesail"],
    "notes": ["6"],
    "followups": ["8"],
    "help": ["2", "question_mark"],
}


@pytest.mark.parametrize("size", [(80, 24), (120, 36)], ids=["80x24", "120x36"])
@pytest.mark.parametrize("tab", list(TABS))
def test_tab_snapshot(snap_compare, tab: str, size: tuple[int, int]) -> None:
    async def press_like_a_person(pilot) -> None:
        # One key at a time with the screen settled in between, as a person types: a key sent
        # in the same frame as the one that opens a tab can reach the tab before it has focus.
        await settle(pilot, lambda: pilot.app.followups.items is not None)  # worked out in a thread
        await settle(pilot)
        for key in TABS[tab]:
            await pilot.press(key)
            await settle(pilot)
        await hold_still(pilot)

    assert snap_compare(app_on(), terminal_size=size, run_before=press_like_a_person)


#: States beyond each tab's first screen, at 80x24: (keys, app options, terminal size).
STATES = {
    "medals-find": (["3", "slash", *"jilin"], {}, (80, 24)),
    "reading-find": (["2", "enter", "slash", *"launch"], {}, (80, 24)),
    "entities": (["2", "e"], {}, (80, 24)),
    "note-editor": (["2", "n", *"Check the date"], {}, (80, 24)),
    "palette": (["ctrl+p", *"shenzhou"], {}, (80, 24)),
    "presenter": (["2", "down"], {"present": True}, (80, 24)),
    "too-small": ([], {}, (39, 11)),
}


@pytest.mark.parametrize("state", list(STATES))
def test_state_snapshot(snap_compare, state: str) -> None:
    keys, options, size = STATES[state]

    async def press_like_a_person(pilot) -> None:
        await settle(pilot, lambda: pilot.app.followups.items is not None)
        await settle(pilot)
        for key in keys:
            await pilot.press(key)
            await settle(pilot)
        await hold_still(pilot)

    assert snap_compare(app_on(**options), terminal_size=size, run_before=press_like_a_person)
