"""``review.toml`` beside a drafted edition: every value an analyst has not yet checked is a warning.

``briefing draft`` writes one ``[[values]]`` table per drafted value, with ``reviewed = false``;
the analyst changes that to ``reviewed = true`` once the value is checked (or deletes the
file when the whole edition is). Hand-written editions have no such file and pay nothing.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from .problems import Problem
from .toml_lines import LineIndex

REVIEW_FILE = "review.toml"


def review_warnings(folder: Path, problems: list[Problem], parser: Callable[[Path], dict]) -> None:
    """Append a warning for each unreviewed value in ``folder/review.toml``, if there is one."""
    path = folder / REVIEW_FILE
    if not path.is_file():
        return
    from .loader import LoadError  # the loader imports this module; its error class is needed only here

    try:
        data = parser(path)
    except LoadError as error:
        problems.append(Problem(path, error.line, error.message))
        return
    values = data.get("values", [])
    if not isinstance(values, list):
        problems.append(Problem(path, None, "values: expected an array of tables"))
        return
    lines: LineIndex | None = None
    for index, value in enumerate(values):
        if not isinstance(value, dict) or value.get("reviewed") is not False:
            continue
        if lines is None:
            try:
                lines = LineIndex(path.read_text(encoding="utf-8", errors="replace"))
            except OSError:
                lines = LineIndex("")
        shown = str(value.get("value", ""))
        if len(shown) > 60:
            shown = shown[:57] + "..."
        problems.append(Problem(
            path, lines.line_of(("values", index, "reviewed")),
            f"unreviewed: {value.get('file', '?')} {value.get('record', '?')} {value.get('field', '?')} = "
            f"{shown!r} (confidence {value.get('confidence', '?')}); set reviewed = true once checked",
            "warning"))
