"""Snapshot tests: how each tab looks at 80x24 and at a larger size, on the shipped data.

Update deliberately, after looking at the change: ``pytest tests/test_snapshots.py --snapshot-update``
and open ``snapshot_report.html`` when one fails.
"""

from __future__ import annotations

import pytest

from .app_helpers import app_on, settle

TABS = {
    "overview": [],
    "news": ["2", "down"],
    "medals": ["3", "m"],
    "trends": ["4", "down"],
    "timeline": ["5"],
    "timeline-search": ["5", "slash", *"spacesail"],
    "notes": ["6"],
    "help": ["2", "question_mark"],
}


async def _settle(pilot) -> None:
    await settle(pilot)


@pytest.mark.parametrize("size", [(80, 24), (120, 36)], ids=["80x24", "120x36"])
@pytest.mark.parametrize("tab", list(TABS))
def test_tab_snapshot(snap_compare, tab: str, size: tuple[int, int]) -> None:
    assert snap_compare(app_on(), press=TABS[tab], terminal_size=size, run_before=_settle)
