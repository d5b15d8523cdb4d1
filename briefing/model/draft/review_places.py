"""Which folder holds the draft an analyst names: a folder path, or an edition id among the data paths.

Light on purpose: the app asks :func:`draft_folders` to know whether ``R`` works, from its
first frame, so nothing here imports TOML parsing or the review itself.
"""

from __future__ import annotations

from pathlib import Path

from ..data.editions import edition_id_of, find_editions

#: The same name as review_values.REVIEW_FILE (a test holds them equal).
REVIEW_FILE = "review.toml"


def draft_folders(paths: list[Path]) -> dict[str, Path]:
    """Every edition under ``paths`` whose folder holds a review.toml, by edition id."""
    found: dict[str, Path] = {}
    for folder in find_editions(paths, []):
        if (folder / REVIEW_FILE).is_file():
            found.setdefault(edition_id_of(folder), folder)
    return found


def find_draft(edition: str, paths: list[Path]) -> tuple[Path, bool]:
    """The draft folder ``edition`` names, and whether it was found among ``paths`` (by id) rather
    than given as a folder. :class:`ReviewError` says why when there is none."""
    from .review_values import ReviewError

    given = Path(edition).expanduser()
    if given.is_dir() and (given / "report.toml").is_file():
        if not (given / REVIEW_FILE).is_file():
            raise ReviewError(f"{given} is an edition without {REVIEW_FILE}: there is nothing to review")
        return given, False
    editions = {edition_id_of(folder): folder for folder in find_editions(paths, [])}
    folder = editions.get(edition)
    if folder is None:
        if given.exists():
            raise ReviewError(f"{given} is not an edition folder (no report.toml)")
        known = ", ".join(sorted(editions)) or "none"
        raise ReviewError(f"no edition {edition!r} among the loaded editions ({known}); give its folder instead")
    if not (folder / REVIEW_FILE).is_file():
        raise ReviewError(f"edition {edition} ({folder}) has no {REVIEW_FILE}: it is not a draft")
    return folder, True
