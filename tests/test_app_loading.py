"""Opening editions too big to load before the first frame: the loading worker and the store it compiles."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest

from briefing.app import app as app_module
from briefing.app.app import make_app
from briefing.model.data import loader, schema
from briefing.model.store import opening
from briefing.model.locations import cache_dir

from .app_helpers import screen_text, settle
from .conftest import EDITION


@pytest.fixture
def large(monkeypatch: pytest.MonkeyPatch) -> None:
    """Treat every edition as large, so it loads in the worker like a 100,000-event one, and fail
    if the app's own process reads more than report.toml: a large edition is compiled in a child."""
    monkeypatch.setattr(opening, "SMALL_BYTES", 0)
    real = loader.load_editions

    def only_the_preview(paths, *args, files=schema.FILES, **kwargs):
        if files == schema.FILES:
            raise AssertionError("a large edition is compiled in a child process, never in the app's")
        return real(paths, *args, files=files, **kwargs)

    monkeypatch.setattr(loader, "load_editions", only_the_preview)


def copy_edition(tmp_path: Path, *, written_long_ago: bool) -> Path:
    target = tmp_path / "data" / EDITION.name
    shutil.copytree(EDITION, target)
    # copytree keeps the shipped files' times; set them to an hour ago or to now (too fresh to trust).
    when = time.time() - 3600 if written_long_ago else time.time()
    for path in target.iterdir():
        os.utime(path, (when, when))
    return target.parent


def stores() -> list[Path]:
    return sorted((cache_dir() / "stores").glob("*.sqlite"))


async def test_a_large_edition_is_compiled_then_read_from_the_store(
        tmp_path: Path, large: None, monkeypatch: pytest.MonkeyPatch) -> None:
    data = copy_edition(tmp_path, written_long_ago=True)
    app = make_app([str(data)])
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, lambda: app.load_result is not None)
        await app.workers.wait_for_complete()
        await settle(pilot, lambda: "news items" in screen_text(app))
        assert app.model is not None and app.model.store is not None  # records read from the store
        assert "17 news items · 14 medal rows · 5 CNKI articles · 32 timeline events" in screen_text(app)
        assert not app.query_one("#progress").display
        # The tab strip, composed while nothing was loaded yet, shows every tab one edition has.
        assert "1 Overview  2 News  3 Medals  4 Trends  5 Timeline  6 Notes" in screen_text(app)
        assert "7 Changes" not in screen_text(app)
    assert len(stores()) == 1
    assert not list((cache_dir() / "stores").glob(".store-*.tmp"))  # nothing half-written left behind

    # The next start opens the store before the first frame: no loading screen at all.
    again = make_app([str(data)])
    async with again.run_test(size=(100, 30)) as pilot:
        assert again.load_result is not None and again.model.store is not None
        assert not again.query_one("#progress").display  # opened from the store: no progress shown
        await settle(pilot, lambda: "17 news items" in screen_text(again))
        assert not again.query_one("#progress").display


async def test_files_just_written_are_compiled_in_a_child_but_not_kept(tmp_path: Path, large: None) -> None:
    data = copy_edition(tmp_path, written_long_ago=False)
    app = make_app([str(data)])
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, lambda: app.load_result is not None)
        await settle(pilot, lambda: "news items" in screen_text(app))
        assert "17 news items" in screen_text(app)
    assert stores() == []  # an edit within the timestamps' granularity could go unnoticed: not kept


async def test_an_unwritable_cache_still_opens_the_edition(tmp_path: Path, large: None) -> None:
    data = copy_edition(tmp_path, written_long_ago=True)
    cache_dir().parent.mkdir(parents=True, exist_ok=True)
    cache_dir().write_text("a file where the cache folder should be", encoding="utf-8")
    app = make_app([str(data)])
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, lambda: app.load_result is not None)
        await settle(pilot, lambda: "news items" in screen_text(app))
        assert "17 news items" in screen_text(app)


async def test_quitting_during_the_first_compile_stops_the_child(tmp_path: Path) -> None:
    """`q` while a large edition compiles: the app ends, and the compiling child process with it."""
    import sys

    from briefing.model.store import compile as compile_module

    repo = str(Path(__file__).resolve().parents[1])
    if repo not in sys.path:  # `bench` lives in the checkout, not in the installed package
        sys.path.insert(0, repo)
    from bench import generate

    generate.generate(tmp_path / "big", 10_000)  # over 1 MB: compiled in a child, a few seconds
    old = time.time() - 3600
    for path in (tmp_path / "big").rglob("*.toml"):
        os.utime(path, (old, old))
    app = make_app([str(tmp_path / "big")])
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, lambda: bool(compile_module._children))
        [child] = list(compile_module._children)
        await pilot.press("q")
    started = time.monotonic()
    while child.poll() is None and time.monotonic() - started < 3:
        time.sleep(0.05)
    assert child.poll() is not None, "the compile outlived the app"
    assert stores() == []
