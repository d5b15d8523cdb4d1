"""The tabs, in order, with their keys; each tab's module is imported only when it is first opened."""

from __future__ import annotations

import importlib
from typing import NamedTuple


class TabSpec(NamedTuple):  # not a dataclass: a NamedTuple class is a millisecond cheaper to create at start-up
    id: str
    title: str
    key: str
    module: str
    cls: str
    datasets: tuple[str, ...] = ()
    #: The tab's title shows in the tab bar only with at least this many editions shown (its key always works).
    min_editions: int = 1

    def load(self) -> type:
        """Import the tab's class (keeps DataTable and friends off the start-up path)."""
        return getattr(importlib.import_module(self.module, __package__), self.cls)


TABS: tuple[TabSpec, ...] = (
    TabSpec("overview", "Overview", "1", ".tabs.overview_tab", "OverviewTab", ("report",)),
    TabSpec("news", "News", "2", ".tabs.news_tab", "NewsTab", ("news",)),
    TabSpec("medals", "Medals", "3", ".tabs.medals_tab", "MedalsTab", ("medals",)),
    TabSpec("trends", "Trends", "4", ".tabs.trends_tab", "TrendsTab", ("articles",)),
    TabSpec("timeline", "Timeline", "5", ".tabs.timeline.timeline_tab", "TimelineTab", ("events",)),
    TabSpec("notes", "Notes", "6", ".tabs.notes_tab", "NotesTab"),
    TabSpec("changes", "Changes", "7", ".tabs.changes_tab", "ChangesTab", min_editions=2),
    TabSpec("followups", "Follow-ups", "8", ".tabs.followups_tab", "FollowupsTab"),
)


def tab_for_dataset(dataset: str) -> TabSpec | None:
    """The tab that lists records of ``dataset``."""
    for spec in TABS:
        if dataset in spec.datasets:
            return spec
    return None
