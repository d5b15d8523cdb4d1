"""Back and forward in a real terminal: the bytes a terminal sends for alt+left, alt+right and i, on a pty.

``ctrl+i`` cannot be told from Tab on a terminal (both are byte 9), so forward is also on
``alt+right`` (xterm, VTE, tmux, kitty and iTerm2 send ``ESC [ 1 ; 3 C``) and on ``i``. Pilot's
``press`` would hand Textual a key name; here the app reads the very bytes from a pseudo-terminal.
"""

from __future__ import annotations

import fcntl
import os
import pty
import select
import struct
import subprocess
import sys
import termios
import time

ALT_LEFT, ALT_RIGHT = b"\x1b[1;3D", b"\x1b[1;3C"
#: On the Timeline's search line; on the News list's border once Enter opened the 5th item.
TIMELINE, NEWS_ITEM = b"32 events", b"5 of 17"


class Terminal:
    """The app on a pseudo-terminal: type bytes, wait until what it wrote holds a text once more."""

    def __init__(self, args: list[str], env: dict[str, str], size=(100, 30)) -> None:
        self.master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", size[1], size[0], 0, 0))
        self.process = subprocess.Popen(args, stdin=slave, stdout=slave, stderr=slave, env=env, close_fds=True)
        os.close(slave)
        self.output = bytearray()

    def _read(self, until, seconds: float) -> bool:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if until():
                return True
            ready, _, _ = select.select([self.master], [], [], 0.05)
            if ready:
                try:
                    chunk = os.read(self.master, 65536)
                except OSError:
                    return until()
                if not chunk:
                    return until()
                self.output.extend(chunk)
        return until()

    def press(self, key: bytes, shows: bytes, seconds: float = 20.0) -> None:
        """Type ``key`` and wait until the screen draws ``shows`` once more than before."""
        before = self.output.count(shows)
        os.write(self.master, key)
        assert self._read(lambda: self.output.count(shows) > before, seconds), \
            f"{key!r} did not show {shows!r}: {bytes(self.output[-1500:])!r}"

    def wait_for(self, shows: bytes, seconds: float = 30.0) -> None:
        assert self._read(lambda: shows in self.output, seconds), bytes(self.output[-1500:])

    def close(self) -> None:
        os.write(self.master, b"q")
        try:
            self.process.wait(timeout=10)
        finally:
            if self.process.poll() is None:
                self.process.kill()
            os.close(self.master)


def test_alt_left_alt_right_and_i_go_back_and_forward_on_a_real_pty(isolated_user_dirs) -> None:
    env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": "100", "LINES": "30"}
    terminal = Terminal([sys.executable, "-m", "briefing"], env)
    try:
        terminal.wait_for(b"Ratcheting up capability")
        terminal.press(b"5", TIMELINE)
        # A jump: Enter on the first event (1992, China, Pakistan and Thailand...) opens its source,
        # the 5th news item.
        terminal.press(b"\r", NEWS_ITEM)
        terminal.press(ALT_LEFT, TIMELINE)  # back
        terminal.press(ALT_RIGHT, NEWS_ITEM)  # forward
        terminal.press(ALT_LEFT, TIMELINE)
        terminal.press(b"i", NEWS_ITEM)  # forward on a plain key
        terminal.press(b"\x7f", TIMELINE)  # and back on Backspace, as before
    finally:
        terminal.close()
    assert terminal.process.returncode == 0
