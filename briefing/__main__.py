"""Entry point of the ``briefing`` console script and ``python -m briefing``."""

from __future__ import annotations

import gc
import sys

#: Commands that only read and print: when one has printed, the process has nothing left to do.
LOOKUPS = frozenset({"search", "show", "medals", "timeline", "trends", "followups", "editions", "overview"})


def main(argv: list[str] | None = None) -> int:
    """Run briefing: the app with no command, else the shell command named."""
    # Importing makes tens of thousands of objects that live as long as the process, and the
    # collector walked them again and again: an eighth of a lookup's instructions. It is paused
    # while the command's modules load, and what they made is set aside (frozen) before it resumes.
    paused = gc.isenabled()
    gc.disable()
    from .cli import run

    words = sys.argv[1:] if argv is None else argv
    code = run(words, resume_gc=paused)
    if argv is None:  # the process's own entry point, not a call from a program (or a test)
        _end_after_lookup(words, code)
    return code


def _end_after_lookup(argv: list[str], code: int) -> None:
    """End the process now when a lookup has printed its answer.

    The interpreter's teardown (every module and object freed one by one, which the system does
    at once) is a fortieth of a lookup's instructions. A lookup has written everything it writes
    (a store it compiled is in place, atomically) by the time it returns; with another thread
    running, or output that does not flush, the process ends the ordinary way.
    """
    from .cli.main import command_named

    threading = sys.modules.get("threading")
    if command_named(argv) not in LOOKUPS or (threading is not None and threading.active_count() > 1):
        return
    try:
        if sys.stdout is None or sys.stderr is None:
            return
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError):
        return
    import os

    os._exit(code)


if __name__ == "__main__":
    sys.exit(main())
