"""Drill: decide values in the real app on a terminal, kill -9 it, and find every decision saved."""

from __future__ import annotations

import fcntl
import os
import select
import signal
import struct
import subprocess
import sys
import termios
import time
import tomllib
from pathlib import Path

from .review_helpers import draft, draft_template  # noqa: F401  (fixtures)

REPO = Path(__file__).resolve().parents[1]


class Terminal:
    """The app on a pseudo-terminal: keys in, everything it draws kept, waits with a deadline."""

    def __init__(self, args: list[str], env: dict[str, str], size: tuple[int, int] = (80, 24)) -> None:
        master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", size[1], size[0], 0, 0))
        self.process = subprocess.Popen(args, stdin=slave, stdout=slave, stderr=slave, env=env, close_fds=True,
                                        cwd=REPO)
        os.close(slave)
        self.master = master
        self.output = bytearray()

    def wait_for(self, text: str, timeout: float = 30.0) -> None:
        wanted = text.encode()
        start = len(self.output)
        deadline = time.monotonic() + timeout
        while wanted not in self.output[max(0, start - len(wanted)):]:
            if time.monotonic() > deadline:
                raise AssertionError(f"{text!r} never shown; last output: {bytes(self.output[-400:])!r}")
            ready, _, _ = select.select([self.master], [], [], 0.05)
            if ready:
                try:
                    chunk = os.read(self.master, 65536)
                except OSError:
                    break
                self.output.extend(chunk)

    def press(self, key: str) -> None:
        os.write(self.master, key.encode())

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
        self.process.wait(10)
        os.close(self.master)


def test_kill_9_after_decisions_loses_none(draft: Path, isolated_user_dirs: Path) -> None:
    tables = tomllib.loads((draft / "review.toml").read_text(encoding="utf-8"))["values"]
    total = sum(1 for t in tables if t["confidence"] < 0.9 and t.get("ours") is not True)
    env = {**os.environ, "TERM": "xterm-256color"}
    terminal = Terminal([sys.executable, "-m", "briefing", "review", str(draft)], env)
    try:
        terminal.wait_for(f"{total} of {total} left")
        # Tiangong and CAS accepted (each a moves on to the next value left), 'CAS Space' rejected from
        # the item's organisations, then the next value left (an event's status) accepted.
        for left, key in ((total - 1, "a"), (total - 2, "a")):
            terminal.press(key)
            terminal.wait_for(f"{left} of {total} left")
        terminal.press("x")
        terminal.wait_for("drop the whole record")
        terminal.press("v")
        terminal.wait_for(f"{total - 3} of {total} left")
        terminal.press("a")
        terminal.wait_for(f"{total - 4} of {total} left")
    finally:
        terminal.kill()
    values = tomllib.loads((draft / "review.toml").read_text(encoding="utf-8"))["values"]
    decided = [v for v in values if v.get("decision")]
    assert sorted(v["decision"] for v in decided) == ["accepted"] * 3 + ["rejected"]
    rejected = next(v for v in decided if v["decision"] == "rejected")
    assert rejected["field"] == "entities.organisations" and rejected["value"] == "CAS Space"
    assert {v["value"] for v in decided if v["decision"] == "accepted"} == {"Tiangong", "CAS", "happened"}
    news = tomllib.loads((draft / "news.toml").read_text(encoding="utf-8"))["items"]
    item = next(i for i in news if i["id"] == rejected["record"])
    assert "CAS Space" not in item["entities"]["organisations"] and "CAS" in item["entities"]["organisations"]
