"""The Follow-ups tab, the outcome dialog (u), the Overview's overdue count and the Timeline's overdue mark,
pressed as a user would, on the shipped edition as of 2026-12-06 (a fixed day, never the clock)."""

from __future__ import annotations

import datetime as dt
import os

import pytest
import tomli_w

from briefing.app.screens.outcome_screen import OutcomeScreen
from briefing.model.followups.outcomes import new_outcome, record_outcome
from briefing.model.notes.notebook import Notebook

from .app_helpers import app_on, notices, screen_text, settle
from .team_helpers import config, team, teammate_notes  # noqa: F401 - fixtures

EDITION = "2024-09-to-2025-03"
QINGZHOU = "event-late-2025-qingzhou-test-flight"


async def _ready(pilot) -> None:
    await settle(pilot, lambda: pilot.app.followups.items is not None)
    await settle(pilot)


async def test_the_tab_lists_overdue_first_and_u_records_an_outcome(config):
    app = app_on()
    async with app.run_test(size=(80, 24)) as pilot:
        await _ready(pilot)
        assert "Follow-ups as of 2026-12-06: 3 overdue" in screen_text(app)  # the Overview
        await pilot.press("8")
        await settle(pilot)
        text = screen_text(app)
        assert "As of 2026-12-06: 3 overdue, 3 upcoming" in text
        lines = text.splitlines()
        overdue = [n for n, line in enumerate(lines) if line.strip().startswith("overdue")]
        upcoming = [n for n, line in enumerate(lines) if line.strip().startswith("upcoming")]
        assert len(overdue) == 3 and len(upcoming) == 3 and max(overdue) < min(upcoming)
        assert any("late 2025" in lines[n] and "Sep–Dec 2025" in lines[n] for n in overdue)
        await pilot.press("j")  # the Qingzhou plan, second of the overdue
        await settle(pilot)
        assert app.main.current_record().id == QINGZHOU
        await pilot.press("u")
        await settle(pilot, lambda: isinstance(app.screen, OutcomeScreen))
        await pilot.press("tab", *"someday", "enter")
        await settle(pilot)
        assert isinstance(app.screen, OutcomeScreen) and "Give the day it happened" in screen_text(app)
        for _ in "someday":
            await pilot.press("backspace")
        await pilot.press(*"2025-12-14", "tab", *"https://example.org/k2", "tab", *"On the second flight", "enter")
        await settle(pilot, lambda: not isinstance(app.screen, OutcomeScreen))
        # The count and the detail are drawn apart: wait for both.
        await settle(pilot, lambda: "1 happened" in screen_text(app) and "happened on 2025-12-14" in screen_text(app))
        text = screen_text(app)
        assert "2 overdue, 3 upcoming, 1 happened" in text
        assert "happened on 2025-12-14" in text and "On the second flight" in text  # the detail follows the plan
    written = (config / "annotations.toml").read_text("utf-8")
    assert "[[followups]]" in written and 'outcome = "happened"' in written and "date = 2025-12-14" in written


async def test_the_timeline_marks_overdue_plans_in_words(config):
    app = app_on()
    async with app.run_test(size=(80, 24)) as pilot:
        await _ready(pilot)
        await pilot.press("5", "G")
        await settle(pilot)
        text = screen_text(app)
        assert "◆ overdue · Qingzhou" in text and "◇ planned · Plan goal" in text
        await pilot.press("k", "k", "k", "k", "k", "k")  # onto an event that happened
        await settle(pilot)
        assert not app.main.current_record().planned
        await pilot.press("u")
        await settle(pilot)
        assert "Only a planned event has an outcome" in notices(app)


async def test_presenter_mode_shows_statuses_and_hides_the_analysts_notes(config):
    record_outcome(Notebook(config), new_outcome(EDITION, QINGZHOU, "cancelled",
                                                 dt.datetime(2026, 12, 1, tzinfo=dt.timezone.utc),
                                                 note="Private reasoning"))
    app = app_on(present=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await _ready(pilot)
        await pilot.press("8", "G")
        await settle(pilot)
        text = screen_text(app)
        assert "cancelled" in text and "Outcome (you" in text and "Private reasoning" not in text
        await pilot.press("u")
        await settle(pilot)
        assert not isinstance(app.screen, OutcomeScreen)  # nothing is written while presenting
        await pilot.press("p")
        await settle(pilot, lambda: "Private reasoning" in screen_text(app))


async def test_a_teammates_outcome_shows_with_its_author(config, team):
    if os.getuid() != 0:
        pytest.skip("a teammate's file belongs to another uid: needs root (CI runs as root)")
    path = teammate_notes(team)
    path.write_text(tomli_w.dumps({"version": 1, "notes": [], "followups": [
        {"edition": EDITION, "id": QINGZHOU, "outcome": "slipped", "window": "mid 2027", "note": "Heard at a fair",
         "recorded": dt.datetime(2026, 11, 2, 8, 0, tzinfo=dt.timezone.utc)}]}), "utf-8")
    app = app_on()
    async with app.run_test(size=(80, 24)) as pilot:
        await _ready(pilot)
        await pilot.press("8")
        await settle(pilot)
        assert "2 overdue, 3 upcoming, 1 slipped" in screen_text(app)
        app.main.current_tab().show_record(f"{EDITION}/{QINGZHOU}")
        await settle(pilot)
        text = screen_text(app)
        assert "Outcome (team: uid 54321, 2026-11-02 08:00 UTC): slipped to mid 2027" in text
        assert "Heard at a fair" in text


async def test_a_served_app_without_notes_reads_no_outcomes(config):
    pytest.importorskip("textual_serve")
    from briefing.app.served import ServedApp

    from .conftest import DATA

    record_outcome(Notebook(config), new_outcome(EDITION, QINGZHOU, "happened",
                                                 dt.datetime(2026, 12, 1, tzinfo=dt.timezone.utc),
                                                 date=dt.date(2025, 12, 14)))
    app = ServedApp([str(DATA)])
    app.followups.today = dt.date(2026, 12, 6)
    async with app.run_test(size=(80, 24)) as pilot:
        await _ready(pilot)
        assert {item.id: item.status for item in app.followups.items}[QINGZHOU] == "overdue"


async def test_u_records_for_the_team_in_your_own_team_file(config, team):
    app = app_on()
    async with app.run_test(size=(80, 24)) as pilot:
        await _ready(pilot)
        await pilot.press("8")
        await settle(pilot)
        await pilot.press("u")
        await settle(pilot, lambda: isinstance(app.screen, OutcomeScreen))
        await pilot.press("right", "space")  # Slipped
        await settle(pilot)
        assert "Record: it slipped to a new window" in screen_text(app)
        await pilot.press("tab", *"Q3 2027", "tab", "tab", "tab", "space", "ctrl+s")
        await settle(pilot, lambda: not isinstance(app.screen, OutcomeScreen))
        await settle(pilot, lambda: "1 slipped" in screen_text(app))
    mine = [path for path in team.iterdir() if path.suffix == ".toml"]
    assert len(mine) == 1 and 'window = "Q3 2027"' in mine[0].read_text("utf-8")
    assert not (config / "annotations.toml").exists()
