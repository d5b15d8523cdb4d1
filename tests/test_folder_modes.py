"""Folders briefing makes get the mode asked for, whatever the umask (issue 29, "also seen").

At umask 000, ``os.makedirs`` and ``Path.mkdir(parents=True)`` made the missing parents of
``BRIEFING_CONFIG_DIR`` (and of the cache) ``0777``: anyone could then swap the folder below.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from .cli_helpers import run

ITEM = "news-shijian-25-launched"


@pytest.fixture
def umask_000():
    old = os.umask(0)
    try:
        yield
    finally:
        os.umask(old)


def modes(base: Path, leaf: Path) -> dict[str, str]:
    out = {}
    path = leaf
    while path != base:
        out[str(path.relative_to(base))] = oct(stat.S_IMODE(os.stat(path).st_mode))
        path = path.parent
    return out


def test_missing_config_and_cache_parents_are_made_0700_at_umask_000(tmp_path: Path, monkeypatch, capsys,
                                                                       umask_000) -> None:
    config = tmp_path / "deep" / "er" / "config"
    cache = tmp_path / "cache" / "deep" / "briefing"
    monkeypatch.setenv("BRIEFING_CONFIG_DIR", str(config))
    monkeypatch.setenv("BRIEFING_CACHE_DIR", str(cache))
    code, out, err = run(capsys, "note", ITEM, "a note")
    assert code == 0, err
    assert modes(tmp_path, config) == {"deep": "0o700", "deep/er": "0o700", "deep/er/config": "0o700"}
    assert stat.S_IMODE(os.stat(config / "annotations.toml").st_mode) == 0o600
    assert set(modes(tmp_path, cache).values()) == {"0o700"}, modes(tmp_path, cache)


def test_existing_folders_are_left_as_they_are(tmp_path: Path, umask_000) -> None:
    from briefing.model.safe_io import make_folders

    shared = tmp_path / "shared"
    shared.mkdir(mode=0o755)
    made = make_folders(shared / "a" / "b", 0o700)
    assert made == [shared / "a", shared / "a" / "b"]
    assert stat.S_IMODE(os.stat(shared).st_mode) == 0o755
    assert {oct(stat.S_IMODE(os.stat(p).st_mode)) for p in made} == {"0o700"}
    assert make_folders(shared / "a" / "b", 0o700) == []
