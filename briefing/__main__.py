"""Entry point of the ``briefing`` console script and ``python -m briefing``."""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    """Run briefing: the app with no command, else the shell command named."""
    from .cli import run

    return run(sys.argv[1:] if argv is None else argv)


if __name__ == "__main__":
    sys.exit(main())
