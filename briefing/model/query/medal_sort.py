"""Sorting and counting medal rows; shared by the Medals tab and the command line.

Pure Python on purpose (no textual, no rich), so the shell commands can sort and tally
exactly as the app does without loading the UI.

* :func:`sort_key` gives the key one row sorts by in one column. Text columns sort
  case-insensitively and "naturally" (``Gaofen-2`` before ``Gaofen-10``); the medal
  column sorts by rank, Gold before Silver before Bronze, never alphabetically.
* :func:`sort_rows` sorts a sequence of rows; ties keep the order they came in, in both
  directions, so a sort is always deterministic.
* :func:`tally` counts medals by medal, by company and by sector.
"""

from __future__ import annotations

import re
from typing import Iterable, Sequence

from ..data.records import MEDAL_RANK, MEDALS, MedalRow
from ..value import Value

#: Columns a medal row can be sorted by, in the order the table shows them.
COLUMNS: tuple[str, ...] = ("sector", "company", "satellite", "medal", "edition")

_DIGITS = re.compile(r"(\d+)")


def natural_key(text: str) -> tuple[str | int, ...]:
    """``"Gaofen-10"`` → ``("gaofen-", 10, "")``: numbers compare as numbers, letters without case.

    ``re.split`` with a capturing group always alternates text, number, text…, so two
    keys never compare a number against a string at the same position.
    """
    parts = _DIGITS.split(text.casefold())
    return tuple(int(part) if index % 2 else part for index, part in enumerate(parts))


def medal_rank(medal: str) -> int:
    """0 for Gold, 1 for Silver, 2 for Bronze; anything else sorts after Bronze."""
    return MEDAL_RANK.get(medal, len(MEDALS))


def sort_key(row: MedalRow, column: str) -> tuple:
    """The key ``row`` sorts by in ``column`` (one of :data:`COLUMNS`).

    Raises ValueError for an unknown column, naming the valid ones.
    """
    if column == "medal":
        return (medal_rank(row.medal),)
    if column in COLUMNS:
        return natural_key(getattr(row, column))
    raise ValueError(f"cannot sort by {column!r}; choose one of: {', '.join(COLUMNS)}")


def sort_rows(rows: Iterable[MedalRow], column: str | None, descending: bool = False) -> list[MedalRow]:
    """``rows`` sorted by ``column``; ``None`` keeps the given (table) order.

    Rows with equal keys keep their given order whichever the direction (Python's sort
    is stable, also with ``reverse=True``), so "Bronze first" still lists the Bronze rows
    in table order.
    """
    rows = list(rows)
    if column is None:
        return rows
    if column not in COLUMNS:
        raise ValueError(f"cannot sort by {column!r}; choose one of: {', '.join(COLUMNS)}")
    return sorted(rows, key=lambda row: sort_key(row, column), reverse=descending)


class Group(Value):
    """The medals of one company or one sector, best first (``("Gold", "Bronze", "Bronze")``)."""

    __slots__ = ("name", "medals")
    name: str
    medals: tuple[str, ...]

    @property
    def count(self) -> int:
        return len(self.medals)

    def counts(self) -> dict[str, int]:
        """Medals by kind, best first, leaving out kinds it has none of: ``{"Gold": 1, "Bronze": 3}``."""
        out: dict[str, int] = {}
        for medal in self.medals:
            out[medal] = out.get(medal, 0) + 1
        return out

    def describe(self) -> str:
        """``"1 Gold, 3 Bronze"``."""
        return ", ".join(f"{n} {medal}" for medal, n in self.counts().items())


class Tally(Value):
    """Medal counts of a set of rows: ``Tally(total, by_medal, by_company, by_sector)``."""

    __slots__ = ("total", "by_medal", "by_company", "by_sector")
    total: int
    #: Every medal kind, best first, with zero for kinds not won.
    by_medal: dict[str, int]
    #: Most medals first; equal totals ordered by better medals (as a medal table is), then table order.
    by_company: tuple[Group, ...]
    #: Sectors in the order the table first lists them.
    by_sector: tuple[Group, ...]


def _groups(rows: Sequence[MedalRow], attribute: str) -> list[Group]:
    found: dict[str, list[str]] = {}
    for row in rows:
        found.setdefault(getattr(row, attribute), []).append(row.medal)
    return [Group(name, tuple(sorted(medals, key=medal_rank))) for name, medals in found.items()]


def tally(rows: Iterable[MedalRow]) -> Tally:
    """Count ``rows`` by medal, by company and by sector."""
    rows = list(rows)
    by_medal = {medal: 0 for medal in MEDALS}
    for row in rows:
        by_medal[row.medal] = by_medal.get(row.medal, 0) + 1

    def company_order(item: tuple[int, Group]) -> tuple:
        position, group = item
        counts = group.counts()
        # Negated counts: more medals first, then more Golds, more Silvers…; position keeps it stable.
        return (-group.count, *(-counts.get(medal, 0) for medal in MEDALS), position)

    companies = [group for _, group in sorted(enumerate(_groups(rows, "company")), key=company_order)]
    return Tally(len(rows), by_medal, tuple(companies), tuple(_groups(rows, "sector")))
