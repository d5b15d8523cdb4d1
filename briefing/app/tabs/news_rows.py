"""The News tab's rows: every paragraph grouped by edition, part and heading, in one pass over the items.

No widget here. ``rows[i] >= 0`` is an item, ``rows[i] < 0`` a header; the tab draws only the
rows that scroll into view, so an edition of 100,000 items opens as fast as one of 17.
"""

from __future__ import annotations

from array import array
from dataclasses import dataclass, field
from typing import Callable, Sequence

from ...model.data.model import Model

from ...model.data.records import NewsItem, Report, Section, keys_of, news_date_width

#: The date column never grows beyond this, whatever wording an edition uses.
MAX_DATE_WIDTH = 20

#: Header levels: an edition (only when several are loaded), a part of the report, a heading in a part.
EDITION, PART, HEADING = 0, 1, 2


class Picked(Sequence[NewsItem]):
    """Some items of a sequence, by position: the records are read only when a row is drawn."""

    def __init__(self, source: Sequence[NewsItem], positions: Sequence[int]) -> None:
        self.source = source
        self.positions = positions

    def __len__(self) -> int:
        return len(self.positions)

    def __getitem__(self, index):  # type: ignore[override]
        if isinstance(index, slice):
            return [self.source[p] for p in self.positions[index]]
        return self.source[self.positions[index]]

    def keys(self) -> list[str]:
        source_keys = keys_of(self.source)
        return [source_keys[p] for p in self.positions]


@dataclass
class NewsRows:
    """The flat row list of the News tab, built once per model.

    ``rows[i] >= 0`` is an index into ``items``; ``rows[i] < 0`` is header ``-rows[i] - 1``.
    ``starts`` holds, in order, the row of each group's first item (for ``]`` and ``[``).
    """

    items: Sequence[NewsItem] = ()
    rows: Sequence[int] = field(default_factory=list)
    headers: list[tuple[int, str]] = field(default_factory=list)
    starts: list[int] = field(default_factory=list)
    date_width: int = 11
    _row_of_key: dict[str, int] | None = None

    def item_at(self, row: int) -> NewsItem | None:
        if 0 <= row < len(self.rows) and self.rows[row] >= 0:
            return self.items[self.rows[row]]
        return None

    def row_of(self, key: str) -> int | None:
        """The row showing the item ``key``; the index is built on first use (O(n), once)."""
        if self._row_of_key is None:
            keys = keys_of(self.items)
            self._row_of_key = {keys[value]: row for row, value in enumerate(self.rows) if value >= 0}
        return self._row_of_key.get(key)


def _chain(report: Report, section_id: str) -> list[Section]:
    """The sections from the report's part down to ``section_id`` (cycles and unknown ids are cut)."""
    chain: list[Section] = []
    seen: set[str] = set()
    current = report.section(section_id)
    while current is not None and current.id not in seen:
        seen.add(current.id)
        chain.append(current)
        current = report.section(current.parent) if current.parent else None
    if not chain:
        chain.append(Section(section_id, section_id, "news"))
    return list(reversed(chain))


def build_rows(model: Model, keep: Callable[[str], bool] | None = None) -> NewsRows:
    """Group every news item (or those whose key ``keep`` accepts) by edition, part and heading, in one pass.

    Works on the items' positions and a few columns (section, date width, key), which a
    model read from the store gives without reading the items themselves.
    """
    news = model.news
    sections, widths = _news_columns(news)
    keys = keys_of(news) if keep is not None else None
    several = len(model.editions) > 1
    date_width = 11  # "17 Dec 2024"
    positions = array("q")
    rows = array("q")
    headers: list[tuple[int, str]] = []
    starts: list[int] = []
    # model.news holds each edition's items in turn, in the order of model.editions.
    bounds, start = [], 0
    for edition in model.editions:
        bounds.append((edition, start, start + len(edition.news)))
        start += len(edition.news)
    # Newest edition first, like the overview: the latest report is what one opens the app for.
    for edition, first_item, end_item in (reversed(bounds) if several else bounds):
        report = edition.report
        buckets: dict[str, list[int]] = {}
        for position in range(first_item, end_item):
            if keys is not None and keep is not None and not keep(keys[position]):
                continue
            section = sections[position]
            bucket = buckets.get(section)
            if bucket is None:
                bucket = buckets[section] = []
            bucket.append(position)
            if widths[position] > date_width:
                date_width = widths[position]
        if several and buckets:
            headers.append((EDITION, f"{report.period} · {edition.id}"))
            rows.append(-len(headers))
        # Sections in the report's order, even if items of one section are scattered in the file.
        order = {section.id: index for index, section in enumerate(report.sections)}
        part_id: str | None = None
        for section_id in sorted(buckets, key=lambda s: order.get(s, len(order))):
            chain = _chain(report, section_id)
            if chain[0].id != part_id:
                part_id = chain[0].id
                headers.append((PART, chain[0].title))
                rows.append(-len(headers))
            if len(chain) > 1:
                headers.append((HEADING, " › ".join(s.title for s in chain[1:])))
                rows.append(-len(headers))
            bucket = buckets[section_id]
            starts.append(len(rows))
            first = len(positions)
            positions.extend(bucket)
            rows.extend(range(first, first + len(bucket)))
    return NewsRows(Picked(news, positions), rows, headers, starts, min(date_width, MAX_DATE_WIDTH))


def _news_columns(news: Sequence[NewsItem]) -> tuple[Sequence[str], Sequence[int]]:
    """Each item's section and widest date wording; from the store's columns when it has them."""
    column = getattr(news, "column", None)
    if column is not None:
        return column("section"), column("date_width")
    return [item.section for item in news], [news_date_width(item) for item in news]
