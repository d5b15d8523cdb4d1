"""Back and forward in a real terminal: the bytes a terminal sends for alt+left, alt+right and i, on a pty.

``ctrl+i`` cannot be told from Tab on a terminal (both are byte 9), so forward is also on
``alt+right`` (xterm, VTE, tmux, kitty and iTerm2 send ``ESC [ 1 ; 3 C``) and on ``i``. Pilot's
``press`` would hand Textual a key name; here the app reads the very bytes from a pseudo-terminal.
"""

from __future__ import annotations

import os
import sys

from .pty_terminal import Terminal

ALT_LEFT, ALT_RIGHT = b"\x1b[1;3D", b"\x1b[1;3C"
#: On the Timeline's search line; on the News list's border once Enter opened the 5th item.
TIMELINE, NEWS_ITEM = b"32 events", b"5 of 17"
#: The first event's row drawn as the cursor of a focused list (the theme's block cursor at 256
#: colours): the next key is sent only once it shows. The count is drawn a frame before the list
#: takes the focus, and CI under load sent Enter in between, to no widget.
ON_FIRST_EVENT = b";48;5;32m   1992 "


def test_alt_left_alt_right_and_i_go_back_and_forward_on_a_real_pty(isolated_user_dirs) -> None:
    env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": "100", "LINES": "30"}
    terminal = Terminal([sys.executable, "-m", "briefing"], env)
    try:
        terminal.wait_for(b"Ratcheting up capability")
        terminal.press(b"5", TIMELINE, ON_FIRST_EVENT)
        # A jump: Enter on the first event (1992, China, Pakistan and Thailand...) opens its source,
        # the 5th news item.
        terminal.press(b"\r", NEWS_ITEM)
        terminal.press(ALT_LEFT, TIMELINE, ON_FIRST_EVENT)  # back
        terminal.press(ALT_RIGHT, NEWS_ITEM)  # forward
        terminal.press(ALT_LEFT, TIMELINE, ON_FIRST_EVENT)
        terminal.press(b"i", NEWS_ITEM)  # forward on a plain key
        terminal.press(b"\x7f", TIMELINE)  # and back on Backspace, as before
    finally:
        terminal.close()
    assert terminal.process.returncode == 0
