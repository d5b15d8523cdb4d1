"""A draft in my editions shows in the app beside the shipped edition, marked DRAFT with the count left."""

from __future__ import annotations

from briefing.cli import run as cli_run
from briefing.model.library.catalog import data_paths
from briefing.model.library.status import edition_status
from briefing.model.locations import my_editions_dir

from .app_helpers import app_on, screen_text, settle
from .test_library import DRAFT, REPORT


async def test_the_app_shows_both_editions_and_marks_the_draft_with_its_count(capsys) -> None:
    assert cli_run(["draft", str(REPORT)]) == 0
    capsys.readouterr()
    left = edition_status(my_editions_dir() / DRAFT)
    count = f"{left.left} of {left.total}"
    app = app_on(data_paths())
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, lambda: "Overview" in screen_text(app))
        text = screen_text(app)
        first = text.splitlines()[0]
        # At 80x24 the title bar shows while a draft is shown, as it does for a mode.
        assert f"DRAFT {count} left ({DRAFT})" in first and "All 2 editions" in first
        assert f"DRAFT: {count} values left to review (briefing review {DRAFT})" in text
        await pilot.press("E")
        await settle(pilot, lambda: "Show which edition?" in screen_text(app))
        chooser = screen_text(app)
        line = next(line for line in chooser.splitlines() if DRAFT in line)
        assert f"DRAFT {count} left" in line
        shipped = next(line for line in chooser.splitlines() if "2024-09-to-2025-03" in line)
        assert "DRAFT" not in shipped
        await pilot.press("down", "down", "enter")
        await settle(pilot, lambda: screen_text(app).splitlines()[0].startswith(f" DRAFT {count} left · Steady"))
        # A citation of one of the draft's records says where it is from.
        await pilot.press("2")
        await settle(pilot, lambda: "News" in screen_text(app))
        await pilot.press("y")
        await settle(pilot, lambda: bool(app.clipboard))
        assert f"(edition {DRAFT}, from an unreviewed draft)" in app.clipboard


async def test_a_published_edition_alone_has_no_draft_mark() -> None:
    app = app_on(data_paths())
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert "DRAFT" not in screen_text(app)


async def test_an_entry_of_the_teams_editions_that_is_no_edition_is_said(tmp_path, monkeypatch) -> None:
    import os

    from .app_helpers import notices

    editions = tmp_path / "team" / "editions"
    editions.mkdir(parents=True)
    os.mkfifo(editions / "a-fifo")
    monkeypatch.setenv("BRIEFING_TEAM_DIR", str(tmp_path / "team"))
    app = app_on(data_paths())
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, lambda: "a-fifo: is a named pipe (FIFO), not an edition folder" in notices(app))
        assert "'briefing editions' lists every edition" in notices(app)


def test_the_meeting_room_page_title_marks_a_draft(capsys) -> None:
    import pytest

    pytest.importorskip("textual_serve")
    from briefing.serve.server import BriefingServer

    assert BriefingServer("127.0.0.1", 8000, font_size=16).page_title() == "briefing"
    assert cli_run(["draft", str(REPORT)]) == 0
    capsys.readouterr()
    assert BriefingServer("127.0.0.1", 8000, font_size=16).page_title() == f"briefing · DRAFT {DRAFT}"
