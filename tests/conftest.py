"""Shared fixtures: every test runs with user folders under a temporary path, never a real home."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import textual._wait


REPO = Path(__file__).resolve().parents[1]
DATA = REPO / "data"
EDITION = DATA / "2024-09-to-2025-03"


@pytest.fixture(autouse=True)
def isolated_user_dirs(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The one isolation of every test: BRIEFING_* and XDG_* folders and HOME under a fresh temporary folder.

    Also what the shell commands' output depends on: plain output unless a test forces a
    terminal, no COLUMNS, and UTC times (printed note times do not depend on the machine).
    """
    home = tmp_path_factory.mktemp("home")
    for name, sub in (("BRIEFING_CONFIG_DIR", "config/briefing"), ("BRIEFING_CACHE_DIR", "cache/briefing"),
                      ("XDG_CONFIG_HOME", "config"), ("XDG_CACHE_HOME", "cache"), ("XDG_DATA_HOME", "share"),
                      ("XDG_STATE_HOME", "state")):
        monkeypatch.setenv(name, str(home / sub))
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.delenv("BRIEFING_DATA", raising=False)
    monkeypatch.delenv("BRIEFING_TEAM_DIR", raising=False)
    for name in ("NO_COLOR", "BRIEFING_FORCE_TERMINAL", "COLUMNS"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("TERM", "xterm-256color")
    monkeypatch.setenv("TZ", "UTC")
    # "Now" on the month strips (model/glance.py): a fixed day, so screens do not change with the date.
    monkeypatch.setenv("BRIEFING_TODAY", "2025-02-10")
    # Run inside tmux, a copy (y) would go into the real tmux server's buffer: tests fake tmux when they want it.
    monkeypatch.delenv("TMUX", raising=False)
    return home


@pytest.fixture(autouse=True)
def quicker_idle_checks(monkeypatch: pytest.MonkeyPatch) -> None:
    """Pilot's idle check (press, pause, settle) in 10 ms looks rather than Textual's 20 ms.

    Textual's ``wait_for_idle`` sleeps in steps and calls the app idle after a step in which the
    process used under 5% of it; every press and pause ends with at least one such step, so on a
    quiet machine a Pilot test slept more than it computed (test_app_medals and
    test_app_navigation: 35 s of steps beside 27 s of CPU; CI: the suite took 5:45). The same 5%,
    in steps half as long. Not shorter yet: 5 ms steps halve the sleep again (test_app_navigation:
    6.5 s to 3.5 s, 8% more steps), but a worker thread's busy time is then judged on windows short
    enough for a loaded machine to leave it unscheduled through one, and settle() would return
    before the work it should wait for. ``monkeypatch`` fails loudly if Textual renames them.
    """
    monkeypatch.setattr(textual._wait, "SLEEP_GRANULARITY", 1 / 100)
    monkeypatch.setattr(textual._wait, "SLEEP_IDLE", 1 / 100 / 20)


@pytest.fixture
def edition_copy(tmp_path: Path) -> Path:
    """A writable copy of the shipped edition, for tests that break or change it."""
    target = tmp_path / "data" / EDITION.name
    shutil.copytree(EDITION, target)
    return target


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "long: one of the suite's longest tests (5 to 40 s on a quiet 2-core machine); run first")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """The longest tests first. With ``-n 3`` each worker is handed tests in collection order, and
    a 40-second test handed out last keeps the other workers idle meanwhile; run first, the short ones
    fill in behind it. Otherwise the order is pytest's (``sort`` is stable)."""
    items.sort(key=lambda item: item.get_closest_marker("long") is None)
