"""``review.toml`` beside a drafted edition: the doubtful values an analyst has not yet checked.

``briefing draft`` writes one ``[[values]]`` table per drafted value, with ``reviewed = false``;
the analyst marks a checked one ``reviewed = true`` (``briefing review``). The values to review
are the doubtful ones (confidence under :data:`~briefing.model.library.status.DOUBTFUL`, the
definition :func:`~briefing.model.library.status.edition_status` uses too). Loading adds one
warning for a draft with any left (:func:`review_warnings`); ``briefing validate --verbose``
lists them one by one (:func:`unreviewed_values`). Hand-written editions have no such file and pay nothing.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from ..library.status import REVIEW_FILE, doubtful_left
from .editions import edition_id_of
from .problems import LoadError, Problem
from .toml_lines import LineIndex


def review_warnings(folder: Path, problems: list[Problem], parser: Callable[[Path], dict]) -> None:
    """Append one warning when doubtful values in ``folder/review.toml`` are left to review."""
    values = _values(folder, problems, parser)
    if not values:
        return
    left = doubtful_left(values)
    if left:
        edition = edition_id_of(folder)
        problems.append(Problem(folder / REVIEW_FILE, None,
                                f"{len(left)} value{'s' if len(left) != 1 else ''} left to review in {edition}: "
                                f"briefing review {edition}", "warning"))


def unreviewed_values(folder: Path, parser: Callable[[Path], dict]) -> list[Problem]:
    """A warning for each doubtful value in ``folder/review.toml`` still unreviewed, at its line."""
    problems: list[Problem] = []
    values = _values(folder, problems, parser)
    if not values:
        return problems
    path = folder / REVIEW_FILE
    try:
        lines = LineIndex(path.read_text(encoding="utf-8", errors="replace"))
    except OSError:
        lines = LineIndex("")
    for index in doubtful_left(values):
        value = values[index]
        shown = str(value.get("value", ""))
        if len(shown) > 60:
            shown = shown[:57] + "..."
        problems.append(Problem(
            path, lines.line_of(("values", index, "reviewed")),
            f"unreviewed: {value.get('file', '?')} {value.get('record', '?')} {value.get('field', '?')} = "
            f"{shown!r} (confidence {value.get('confidence', '?')}); set reviewed = true once checked",
            "warning"))
    return problems


def _values(folder: Path, problems: list[Problem], parser: Callable[[Path], dict]) -> list | None:
    path = folder / REVIEW_FILE
    if not path.is_file():
        return None
    try:
        data = parser(path)
    except LoadError as error:
        problems.append(Problem(path, error.line, error.message))
        return None
    values = data.get("values", [])
    if not isinstance(values, list):
        problems.append(Problem(path, None, "values: expected an array of tables"))
        return None
    return values
