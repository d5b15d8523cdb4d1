"""The help formatter every command's parser uses: argparse's, told the width up front.

argparse works the width out itself with ``shutil.get_terminal_size``, importing shutil
and with it bz2, lzma and fnmatch, a millisecond and a half of every lookup, for help
that a lookup never prints. ``os.get_terminal_size`` gives the same answer.
"""

from __future__ import annotations

import argparse
import os


def _width() -> int:
    try:
        columns = int(os.environ.get("COLUMNS", ""))
    except ValueError:
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(1).columns  # stdout, as shutil asks
        except (OSError, ValueError):
            columns = 80
    return columns - 2  # as argparse leaves room


class HelpFormatter(argparse.RawDescriptionHelpFormatter):
    """``RawDescriptionHelpFormatter`` with the terminal's width, found without importing shutil."""

    def __init__(self, prog: str, indent_increment: int = 2, max_help_position: int = 24,
                 width: int | None = None) -> None:
        super().__init__(prog, indent_increment, max_help_position, width if width is not None else _width())
