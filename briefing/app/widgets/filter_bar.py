"""A one-line bar naming the active filters ("category: constellations · from 2025-01 · 5 of 33"), hidden otherwise."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static


class FilterBar(Static):
    """Shown only while a filter is active; built from plain strings, so category names show as written."""

    DEFAULT_CSS = """
    FilterBar { height: 1; padding: 0 1; background: $warning 20%; color: $text;
                text-wrap: nowrap; text-overflow: ellipsis; display: none; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(Content(""), id=id, markup=False)

    def show_filters(self, parts: list[str], count: str) -> None:
        """Show ``parts`` and the count, or hide the bar when ``parts`` is empty."""
        if self.display != bool(parts):
            self.display = bool(parts)
        if parts:
            self.update(Content.assemble(("Filter: ", "bold"), " · ".join([*parts, count]),
                                         ("  (x clears)", "$text-muted")), layout=False)
