"""What the team-note app tests share: the team folder, and a teammate's file owned by another uid."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
import tomli_w

#: A uid with no account here, shown as "uid 54321": a teammate's file, when run as root.
TEAMMATE_UID = 54321
#: When the teammate's notes were written.
WHEN = dt.datetime(2025, 3, 2, 9, 14, tzinfo=dt.timezone.utc)


@pytest.fixture
def config(isolated_user_dirs: Path) -> Path:
    """The user's config folder, where the personal notes file lives."""
    return isolated_user_dirs / "config" / "briefing"


@pytest.fixture
def team(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A team folder as the README sets one up (setgid, sticky, closed to others), in use."""
    folder = tmp_path / "team"
    folder.mkdir()
    os.chmod(folder, 0o3770)
    monkeypatch.setenv("BRIEFING_TEAM_DIR", str(folder))
    return folder


def teammate_notes(team: Path, *notes: tuple[str, str, str, str], flagged: bool = True) -> Path:
    """The teammate's team file with ``(edition, dataset, id, text)`` notes, given to another uid (needs root)."""
    path = team / "teammate.toml"
    path.write_text(tomli_w.dumps({"version": 1, "notes": [
        {"edition": edition, "dataset": dataset, "id": ident, "text": text, "flagged": flagged,
         "created": WHEN, "updated": WHEN} for edition, dataset, ident, text in notes]}), "utf-8")
    os.chown(path, TEAMMATE_UID, -1)
    return path
