"""What the main screen puts off until its first frame is shown (issue 31's start-up budget)."""

from __future__ import annotations

from textual.containers import Container
from textual.screen import Screen

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
