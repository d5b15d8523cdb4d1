"""What every command shares: loading the model from ``--data``/``--edition``, and failing cleanly."""

from __future__ import annotations

import sys
from dataclasses import dataclass

from ..model.loader import LoadResult, load_model
from ..model.locations import data_paths
from ..model.records import Model


class CommandError(Exception):
    """A usage or data error: printed as one line, exit status 2."""


@dataclass
class Loaded:
    model: Model
    result: LoadResult


def load(data: list[str] | None, edition: str | None, *, quiet_problems: bool = False) -> Loaded:
    """Load the editions named by ``--data`` (or the defaults) and narrow to ``--edition``."""
    result = load_model(data_paths(data))
    model = result.model
    if not model.editions:
        first = result.errors[0] if result.errors else None
        raise CommandError(str(first) if first else "no editions found")
    if result.errors and not quiet_problems:
        count = len(result.errors)
        print(f"briefing: {count} problem{'s' if count != 1 else ''} in the data; "
              "run 'briefing validate' to see them", file=sys.stderr)
    if edition:
        try:
            model = model.only(edition)
        except KeyError:
            known = ", ".join(e.id for e in model.editions)
            raise CommandError(f"no edition {edition!r} (loaded: {known})") from None
    return Loaded(model, result)
