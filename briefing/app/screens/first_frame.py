"""What the main screen puts off until its first frame is shown (issue 31's start-up budget): the footer
and the tab strip, each drawn by a stand-in in that frame."""

from __future__ import annotations

from typing import TYPE_CHECKING, Callable

from rich.cells import cell_len
from rich.console import Group
from rich.style import Style
from rich.text import Text
from textual.containers import Container
from textual.renderables.bar import Bar
from textual.screen import Screen
from textual.widget import Widget

if TYPE_CHECKING:
    from textual.widgets import Tabs

STAND_IN_ID = "footer-stand-in"


def footer_stand_in() -> Container:
    """The footer's row in the first frame: blank, as an empty Footer draws it (its keys come a frame
    after it mounts). The Footer, its style sheet and its bindings wait until that frame is shown."""
    return Container(id=STAND_IN_ID)


async def mount_footer(screen: Screen) -> bool:
    """The Footer in place of its stand-in; False when there is nothing to do (done, or the app is quitting)."""
    stand_in = screen.query_children(f"#{STAND_IN_ID}")
    if not stand_in or not screen.is_attached:
        return False
    from textual.widgets import Footer  # here: its module and Label's are not imported for the first frame

    await screen.mount(Footer(), after=stand_in.first())
    await stand_in.remove()
    screen.refresh_bindings()  # the Footer lists the keys at the next bindings signal, which may have passed
    return True


TAB_STRIP_STAND_IN_ID = "tabs-stand-in"


class TabStripStandIn(Widget):
    """The tab strip of the first frame, drawn as Textual's Tabs draws it: a row of labels, the active one
    brighter, over a bar lit under the active label. One widget rather than Tabs' thirteen (its containers,
    a Tab a label, the underline), which cost about a twelfth of the start-up's instructions (issue 31);
    the real Tabs replaces it once the first frame is shown (:func:`mount_tab_strip`).

    The colours are Tab's and Underline's rules, so every theme draws both alike."""

    DEFAULT_CSS = """
    TabStripStandIn {
        height: 2;
        & > .tab-strip--tab { color: $foreground 50%; }
        & > .tab-strip--active { color: $foreground; }
        & > .tab-strip--bar { color: $block-cursor-background; background: $foreground 10%; }
        &:ansi {
            & > .tab-strip--tab { text-style: dim; }
            & > .tab-strip--active { text-style: not dim bold; }
            & > .tab-strip--bar { color: $block-cursor-background; background: $border-blurred; }
        }
    }
    """
    COMPONENT_CLASSES = {"tab-strip--tab", "tab-strip--active", "tab-strip--bar"}

    def __init__(self, labels: list[tuple[str, str, bool]], active: str) -> None:
        """``labels``: (id, label, hidden) for each tab in order; ``active``: the id of the tab shown."""
        super().__init__(id=TAB_STRIP_STAND_IN_ID)
        self.labels, self.active = labels, active
        #: True once the Tabs are on their way in (mount_tab_strip).
        self.replaced = False

    def show(self, labels: list[tuple[str, str, bool]] | None = None, active: str | None = None) -> None:
        """Draw other labels (tabs shown or hidden) or another active tab."""
        self.labels, self.active = labels or self.labels, active or self.active
        self.refresh()

    def render(self) -> Group:
        tab, active = self.get_component_rich_style("tab-strip--tab"), self.get_component_rich_style("tab-strip--active")
        row, span = Text(no_wrap=True, overflow="crop"), (0, 0)  # as Tabs: labels past the edge are cut
        for tab_id, label, hidden in self.labels:
            if hidden:
                continue
            if tab_id == self.active:  # Tabs lights the label, not its padding
                span = (row.cell_len + 1, row.cell_len + 1 + cell_len(label))
            row.append(f" {label} ", active if tab_id == self.active else tab)
        bar = self.get_component_rich_style("tab-strip--bar")
        return Group(row, Bar(span, Style.from_color(bar.color), Style.from_color(bar.bgcolor)))


async def mount_tab_strip(screen: Screen, tabs: Callable[[list[tuple[str, str, bool]]], Tabs]) -> bool:
    """The Tabs ``tabs(labels)`` makes in place of the stand-in, on the tab it showed; False when there is
    nothing to do (done, or the app is quitting)."""
    stand_in = screen.query_children(f"#{TAB_STRIP_STAND_IN_ID}")
    if not stand_in or not screen.is_attached:
        return False
    shown = stand_in.first(TabStripStandIn)
    if shown.replaced:
        return False  # the App's on_ready runs again when the editions come after the first frame
    shown.replaced = True
    strip = tabs(shown.labels)
    await screen.mount(strip, after=shown)  # it makes its first tab active as it mounts
    # Another tab chosen while the stand-in was up (a digit, a jump): now, and only if its Tab is still
    # there (not when the app quit as the Tabs mounted: Tabs(active=...) raised then).
    if strip.active != f"tab-{shown.active}" and strip.query(f"#tab-{shown.active}"):
        strip.active = f"tab-{shown.active}"
    await shown.remove()
    return True
