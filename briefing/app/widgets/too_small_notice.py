"""The notice that covers the main screen when the terminal is too small for a list and its reading pane."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Container
from textual.widgets import Static

#: Below this size the layout cannot show a list and its reading pane; we say so instead.
MIN_WIDTH, MIN_HEIGHT = 40, 12


def is_too_small(width: int, height: int) -> bool:
    """True when ``width`` x ``height`` cannot show a list and its reading pane."""
    return width < MIN_WIDTH or height < MIN_HEIGHT


class TooSmallNotice(Container):
    """Shown, with the screen's other parts hidden, while the terminal is under ``MIN_WIDTH`` x ``MIN_HEIGHT``."""

    # Here rather than in app.tcss: parsed only when the notice is first needed, not for every first frame
    # (issue 31's start-up budget). No rule of the app's style sheet matches the notice or its text.
    DEFAULT_CSS = """
    TooSmallNotice {
        layer: overlay;
        display: none;
        width: 100%;
        height: 100%;
        background: $background;
        align: center middle;
    }
    TooSmallNotice #too-small-text {
        width: auto;
        content-align: center middle;
        text-align: center;
        color: $warning;
    }
    """

    def __init__(self, hides: str, *, id: str | None = None) -> None:
        """``hides``: a selector of the screen's children that give way to the notice."""
        super().__init__(id=id)
        self._hides = hides
        self._text = ""

    def compose(self) -> ComposeResult:
        yield Static(self._text, id="too-small-text", markup=False)

    @property
    def shown(self) -> bool:
        return bool(self.display)

    def fit(self, width: int, height: int) -> None:
        """Cover the screen when ``width`` x ``height`` is too small; give it back when it is not."""
        small = is_too_small(width, height)
        self.display = small
        # The rest is hidden, not just covered: a scrollbar drew through the notice, and a
        # focused list kept taking keys (5 switched tabs unseen). Keys wait for the room to come back.
        for widget in self.screen.query_children(self._hides):
            if small:
                widget.display = False
            else:
                widget.styles.clear_rule("display")  # back to the style sheet's (the title bar's -short rule)
        if small:
            # Short lines, so the message itself fits the smallest terminals.
            self._text = f"Too small: {width}x{height}\nNeeds {MIN_WIDTH}x{MIN_HEIGHT}"
            for text in self.query("#too-small-text"):  # none yet when just mounted: compose writes it
                text.update(self._text)
