"""The main screen's panes: one per tab in a switcher, each tab built the first time it is shown.

Tabs and a ContentSwitcher rather than a TabbedContent: the switcher starts with the
Overview's pane alone and gets the others when they are first opened (:meth:`TabPanes.pane`),
which took 10 ms, a sixth, off the start-up.
"""

from __future__ import annotations

from textual.containers import Container
from textual.widgets import ContentSwitcher, Static

from .tab_registry import TABS
from .tabs.base import BriefingTab
from .view_state import ViewState

LOADING = "Loading the report…"


class Pane(Container):
    """One tab's pane in the switcher."""

    # Drawn blank (no border, no content of its own: Textual's BLANK), not line by line through the styles
    # cache: its tab or loading notice covers it, and drawing a pane took ~0.5 ms of the first frame (issue 31).
    BLANK = True


def loading_notice() -> Static:
    """What a pane shows while its tab waits for the datasets."""
    return Static(LOADING, classes="loading", markup=False)


class TabPanes(ContentSwitcher):
    """The switcher of the tabs' panes, and the tabs built so far by id."""

    BLANK = True  # as Pane: the pane shown covers it

    def __init__(self, *panes: Pane, built: dict[str, BriefingTab], id: str | None = None) -> None:
        """``built``: the tabs composed with the panes (the Overview, when the model is in before the first frame)."""
        super().__init__(*panes, id=id, initial="overview")
        self.built = built

    def ensure(self, tab_id: str, view: ViewState) -> BriefingTab | None:
        """Build the tab ``tab_id`` on ``view`` if it is not built yet; return it (None while it cannot be)."""
        if view.model is None:
            return None
        if tab_id in self.built:
            return self.built[tab_id]
        if view.loading and tab_id != "overview":
            return None  # built when the datasets are in; the pane says it is loading
        spec = next(s for s in TABS if s.id == tab_id)
        pane = self.pane(tab_id, view.loading)
        for child in pane.query(".loading"):
            child.remove()
        tab = self.built[tab_id] = spec.load()(view, id=f"{tab_id}-tab")
        pane.mount(tab)
        self.call_after_refresh(tab.focus_default)
        return tab

    def pane(self, tab_id: str, loading: bool) -> Container:
        """The pane of tab ``tab_id``, added the first time it is asked for (saying it is ``loading``)."""
        found = self.query_children(f"#{tab_id}")
        if found:
            return found.first(Container)
        pane = Pane(id=tab_id, classes="pane")
        pane.display = False  # the switcher shows it when it becomes current
        self.mount(pane)
        if loading:
            pane.mount(loading_notice())
        return pane

    async def take_down(self, loading: bool) -> None:
        """Remove every built tab (a view with another model came), leaving a loading notice if ``loading``."""
        for tab_id, tab in list(self.built.items()):
            await tab.remove()  # before its replacement, which takes the same id, is mounted
            if loading:
                await self.pane(tab_id, loading).mount(loading_notice())
        self.built.clear()
