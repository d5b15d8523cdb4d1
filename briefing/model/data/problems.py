"""Problems found while loading: each one a ``file:line: message`` an analyst can act on."""

# No "from __future__ import annotations": typing.NamedTuple compiles every string annotation
# of every field (a millisecond a module), and these modules load on every lookup.

from pathlib import Path
from typing import NamedTuple

from .text import clean_text


class Problem(NamedTuple):
    """One thing wrong (``error``) or cleaned up (``warning``) in a dataset file.

    ``str()`` of a problem has terminal control characters replaced, like data text.
    """

    path: Path
    line: int | None
    message: str
    severity: str = "error"

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else f"{self.path}"
        prefix = "warning: " if self.severity == "warning" else ""
        # Paths come from the file system and messages may quote them: cleaned like data text.
        return clean_text(f"{where}: {prefix}{self.message}")[0]

    @property
    def is_error(self) -> bool:
        return self.severity == "error"


class LoadError(Exception):
    """A file that cannot be read or parsed at all, with the line where known."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line
