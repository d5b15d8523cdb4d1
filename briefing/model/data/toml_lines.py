"""Find the line a TOML key or table stands on, so that problems can say ``file:line``.

tomllib gives values, not positions. This scanner reads the text once and records
where each ``[[array]]`` table starts and where each key is assigned within it. It is
only run when there is a problem to report, so a clean load never pays for it.
"""

from __future__ import annotations

import re

_ARRAY_HEADER = re.compile(r"^\s*\[\[\s*([^\]]+?)\s*\]\]\s*(?:#.*)?$")
_TABLE_HEADER = re.compile(r"^\s*\[\s*([^\[\]]+?)\s*\]\s*(?:#.*)?$")
_KEY = re.compile(r"^\s*([A-Za-z0-9_\-]+|\"[^\"]*\")\s*=")


class LineIndex:
    """Lines of tables and keys in one TOML text.

    A location is a path of names and array indexes, as the loader walks the data:
    ``("items", 3, "headline")`` is the ``headline`` key of the fourth ``[[items]]``.
    """

    def __init__(self, text: str) -> None:
        self._lines: dict[tuple, int] = {}
        counts: dict[str, int] = {}
        current: tuple = ()
        in_multiline: str | None = None
        for number, line in enumerate(text.splitlines(), start=1):
            if in_multiline:
                if line.count(in_multiline) % 2 == 1:
                    in_multiline = None
                continue
            if match := _ARRAY_HEADER.match(line):
                name = match[1].replace(" ", "")
                index = counts.get(name, 0)
                counts[name] = index + 1
                current = self._path_of(name, counts) + ()
                self._lines.setdefault(current, number)
                continue
            if match := _TABLE_HEADER.match(line):
                name = match[1].replace(" ", "")
                current = self._path_of(name, counts, last_is_array=False)
                self._lines.setdefault(current, number)
                continue
            if match := _KEY.match(line):
                key = match[1].strip('"')
                self._lines.setdefault(current + (key,), number)
                for quote in ('"""', "'''"):
                    if line.count(quote) % 2 == 1:
                        in_multiline = quote
                        break

    @staticmethod
    def _path_of(name: str, counts: dict[str, int], last_is_array: bool = True) -> tuple:
        """Turn ``items.entities`` into ``("items", <current index>, "entities")``."""
        parts = name.split(".")
        path: list = []
        for depth, part in enumerate(parts):
            path.append(part)
            prefix = ".".join(parts[: depth + 1])
            is_last = depth == len(parts) - 1
            if prefix in counts and (not is_last or last_is_array):
                path.append(counts[prefix] - 1)
        return tuple(path)

    def line_of(self, location: tuple) -> int | None:
        """The line of ``location``, or of the nearest enclosing table or key found."""
        location = tuple(location)
        while location:
            if location in self._lines:
                return self._lines[location]
            location = location[:-1]
        return None
