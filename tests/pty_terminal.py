"""The app on a pseudo-terminal, for the drills: type bytes, wait for what the app writes, never a fixed sleep."""

from __future__ import annotations

import fcntl
import os
import pty
import select
import struct
import subprocess
import termios
import time


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

    def press(self, key: bytes, shows: bytes, *also: bytes, seconds: float = 20.0) -> None:
        """Type ``key`` and wait until the screen draws ``shows`` (and each of ``also``) once more than before.

        ``also`` is for a state drawn a frame later than the text that names it: the next key
        must not arrive before it (a list's count is drawn before the list has the focus).
        """
        texts = (shows, *also)
        before = [self.output.count(text) for text in texts]
        os.write(self.master, key)
        for text, count in zip(texts, before):
            assert self._read(lambda: self.output.count(text) > count, seconds), \
                f"{key!r} did not show {text!r}: {bytes(self.output[-1500:])!r}"

    def wait_for(self, shows: bytes, seconds: float = 30.0) -> None:
        assert self._read(lambda: shows in self.output, seconds), bytes(self.output[-1500:])

    def close(self) -> None:
        """Type ``q`` and wait for the app to exit, reading what it writes meanwhile."""
        self.quit()

    def quit(self, seconds: float = 30.0) -> bytes:
        """Type ``q``, read until the app has exited, and return every byte it wrote.

        The reading is what lets it exit: an app whose last frames fill the pty's buffer blocks
        on its write until someone reads (CI once waited 10 s on an unread pty and failed).
        """
        os.write(self.master, b"q")
        try:
            self._read(lambda: self.process.poll() is not None, seconds)
            self._read(lambda: False, 0.2)  # what the exiting app wrote last (leaving the alternate screen)
            self.process.wait(timeout=10)
        finally:
            if self.process.poll() is None:
                self.process.kill()
            os.close(self.master)
        return bytes(self.output)
