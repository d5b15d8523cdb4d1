"""The one error the drafter raises for bad input: printed as a sentence, exit status 2."""

from __future__ import annotations


class DraftError(Exception):
    """A document the drafter cannot draft from (empty, unknown format, too large, not this series)."""
