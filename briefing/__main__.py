"""Entry point of the ``briefing`` console script and ``python -m briefing``."""

from __future__ import annotations

import gc
import sys


def main(argv: list[str] | None = None) -> int:
    """Run briefing: the app with no command, else the shell command named."""
    # Importing makes tens of thousands of objects that live as long as the process, and the
    # collector walked them again and again: an eighth of a lookup's instructions. It is paused
    # while the command's modules load, and what they made is set aside (frozen) before it resumes.
    paused = gc.isenabled()
    gc.disable()
    from .cli import run

    return run(sys.argv[1:] if argv is None else argv, resume_gc=paused)


if __name__ == "__main__":
    sys.exit(main())
