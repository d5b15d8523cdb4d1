"""Team notes in the app, pressing the keys: the Notes tab's scopes, S to share and take back,
authors in lists and reading panes, markers, a teammate's note refused for editing, citations,
presenter mode hiding them all.

Teammates' files are written by hand under this account's tmp folder with another name:
the author shown is the file's owner, so to show a *teammate* the test (as root) gives the
file to another uid; without root those tests are skipped (two-account tests cover the rest).
"""

from __future__ import annotations

import os
import tomllib
from pathlib import Path

import pytest

from briefing.app.tabs.notes_tab import NotesTab
from briefing.model.notes.notebook import Notebook
from briefing.model.notes.team import current_login, login_of

from .team_helpers import TEAMMATE_UID, config, team, teammate_notes  # noqa: F401  (fixtures)
from .app_helpers import app_on, notices, screen_text, settle, open_news

ED = "2024-09-to-2025-03"
SPACEWALK = f"{ED}/news-record-spacewalk"
IS_ROOT = os.geteuid() == 0


def teammate_file(team: Path, text: str, ident: str = "news-record-spacewalk") -> Path:
    """A teammate's team file with one unflagged note on a news item (needs root)."""
    return teammate_notes(team, (ED, "news", ident, text), flagged=False)


def my_team_file(team: Path) -> dict[str, dict]:
    path = team / f"{current_login()}.toml"
    if not path.exists():
        return {}
    return {f"{n['edition']}/{n['id']}": n for n in tomllib.loads(path.read_text("utf-8")).get("notes", [])}


async def test_share_and_take_back_with_one_key(config: Path, team: Path) -> None:
    Notebook(config).save(ED, "news", "news-record-spacewalk", "worth a team look")
    app = app_on()
    async with app.run_test(size=(100, 30)) as pilot:
        await open_news(pilot)
        assert app.main.current_record().key == SPACEWALK
        await pilot.press("S")
        await settle(pilot, lambda: SPACEWALK in my_team_file(team) and SPACEWALK not in app.notes_controller.notes)
        assert my_team_file(team)[SPACEWALK]["text"] == "worth a team look"
        assert "Shared with the team" in notices(app)
        assert "✎" in screen_text(app)  # still marked as your note, now shared
        await pilot.press("6")
        await settle(pilot)
        text = screen_text(app)
        assert "team: you" in text and "worth a team look" in text and "1 team" in text
        await pilot.press("S")  # in the Notes tab: take it back
        await settle(pilot, lambda: SPACEWALK in app.notes_controller.notes)
        assert my_team_file(team) == {}
        assert "team: you" not in screen_text(app)
    personal = tomllib.loads((config / "annotations.toml").read_text("utf-8"))["notes"]
    assert [n["text"] for n in personal] == ["worth a team look"]


async def test_share_without_a_team_folder_says_how_to_set_one(config: Path) -> None:
    Notebook(config).save(ED, "news", "news-record-spacewalk", "private")
    app = app_on()
    async with app.run_test(size=(100, 30)) as pilot:
        await open_news(pilot)
        await pilot.press("S")
        await settle(pilot)
        assert "No team folder is set" in notices(app)
    assert "private" in (config / "annotations.toml").read_text("utf-8")


async def test_n_on_a_shared_note_edits_the_team_note(config: Path, team: Path) -> None:
    from briefing.app.screens.note_editor import NoteEditor
    from briefing.model.notes.team import TeamNotebook

    TeamNotebook(team).save(ED, "news", "news-record-spacewalk", "shared")
    app = app_on()
    async with app.run_test(size=(100, 30)) as pilot:
        await open_news(pilot)
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, NoteEditor) and app.screen.query_one("TextArea").text == "shared"
        await pilot.press(*" more", "ctrl+s")
        await settle(pilot, lambda: my_team_file(team).get(SPACEWALK, {}).get("text") == "shared more")
    assert not (config / "annotations.toml").exists()  # nothing went to the personal notes


async def test_notes_tab_scopes_mine_team_all(config: Path, team: Path) -> None:
    from briefing.model.notes.team import TeamNotebook

    Notebook(config).save(ED, "news", "news-record-spacewalk", "personal words")
    TeamNotebook(team).save(ED, "events", "event-2025-01-06-shijian-25-launch", "team words")
    app = app_on()
    async with app.run_test(size=(110, 30)) as pilot:
        await settle(pilot)
        await pilot.press("6")
        await settle(pilot)
        tab = app.query_one(NotesTab)
        assert tab.scope == "all"
        text = screen_text(app)
        assert "personal words" in text and "team words" in text and "showing all notes (t)" in text
        await pilot.press("t")
        await settle(pilot)
        assert tab.scope == "mine"
        text = screen_text(app)
        assert "personal words" in text and "team words" in text  # both are yours
        await pilot.press("t")
        await settle(pilot)
        assert tab.scope == "team"
        text = screen_text(app)
        assert "personal words" not in text and "team words" in text and "only the team's" in text


@pytest.mark.skipif(not IS_ROOT, reason="a teammate's file (another uid) needs root to make")
async def test_teammate_note_shown_with_author_marked_and_never_editable(config: Path, team: Path) -> None:
    path = teammate_file(team, "teammate says check the date")
    before = path.read_bytes()
    author = login_of(TEAMMATE_UID)
    app = app_on()
    async with app.run_test(size=(110, 70)) as pilot:
        await open_news(pilot)
        assert app.main.current_record().key == SPACEWALK
        text = screen_text(app)
        assert f"{author} (team) · 2025-03-02" in text and "teammate says check the date" in text  # reading pane
        assert " +  17 Dec 2024" in text  # the marker: a teammate has a note on it
        await pilot.press("6")
        await settle(pilot)
        text = screen_text(app)
        assert f"team: {author}" in text and f"only {author} can change it" in text
        await pilot.press("n")
        await settle(pilot)
        assert f"only {author} can change it" in notices(app)
        await pilot.press("d")
        await settle(pilot)
        await pilot.press("S")
        await settle(pilot)
        await pilot.press("t")  # "mine": a teammate's note is not listed
        await settle(pilot)
        assert "teammate says" not in screen_text(app)
        # Its citation names the author.
        citation = app.notes_controller.citation(app.full_model.get(SPACEWALK), app.view)
        assert f"> Note by {author} (team, 2025-03-02 09:14 UTC): teammate says check the date" in citation
    assert path.read_bytes() == before and path.stat().st_uid == TEAMMATE_UID
    assert my_team_file(team) == {}


@pytest.mark.skipif(not IS_ROOT, reason="a teammate's file (another uid) needs root to make")
async def test_presenter_mode_hides_team_notes_everywhere(config: Path, team: Path) -> None:
    teammate_file(team, "confidential team remark")
    app = app_on(present=True)
    async with app.run_test(size=(110, 70)) as pilot:
        await open_news(pilot)
        text = screen_text(app)
        assert "confidential team remark" not in text and "(team)" not in text and " +  17 Dec 2024" not in text
        assert "    17 Dec 2024" in text
        await pilot.press("6")
        await settle(pilot)
        assert "hidden in presenter mode" in screen_text(app)
        citation = app.notes_controller.citation(app.full_model.get(SPACEWALK), app.view)
        assert "confidential" not in citation
        await pilot.press("p")
        await settle(pilot)
        assert "confidential team remark" in screen_text(app)


async def test_damaged_teammate_file_is_reported_in_the_app_and_left(config: Path, team: Path) -> None:
    bad = team / "carol.toml"
    bad.write_bytes(b"version = 1\n[[notes]\n")
    app = app_on()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert "carol.toml is damaged" in notices(app)
    assert bad.read_bytes() == b"version = 1\n[[notes]\n"


async def test_palette_finds_team_notes(config: Path, team: Path) -> None:
    from briefing.model.notes.team import TeamNotebook

    TeamNotebook(team).save(ED, "news", "news-record-spacewalk", "xylophone remark")
    app = app_on()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await settle(pilot)
        assert "Space Walk Achieved" not in screen_text(app)
        await pilot.press(*"xylophone")  # a word only the team note holds
        await settle(pilot, lambda: "Record-Breaking Space Walk Achieved" in screen_text(app))


async def test_delete_in_notes_tab_removes_your_team_note(config: Path, team: Path) -> None:
    from briefing.app.screens.confirm_screen import ConfirmScreen
    from briefing.model.notes.team import TeamNotebook

    TeamNotebook(team).save(ED, "news", "news-record-spacewalk", "shared, then regretted")
    app = app_on()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("6")
        await settle(pilot)
        assert "shared, then regretted" in screen_text(app)
        await pilot.press("d")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await settle(pilot, lambda: my_team_file(team) == {})
        assert "No notes yet" in screen_text(app)


async def test_only_annotated_lists_items_with_team_notes(config: Path, team: Path) -> None:
    from briefing.model.notes.team import TeamNotebook

    TeamNotebook(team).save(ED, "events", "event-2025-01-06-shijian-25-launch", "team remark")
    app = app_on()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("5")
        await settle(pilot)
        await pilot.press("F")  # only items with a note or flag: the team's count
        await settle(pilot)
        assert app.marked_filter == "annotated"
        text = screen_text(app)
        assert "Shijian-25 launched" in text and "Guowang" not in text


async def test_notes_written_elsewhere_appear_without_a_key(config: Path, team: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """A teammate (here: another window of yours) writes to the team folder; the open app shows it."""
    from briefing.app.notes_controller import NotesController
    from briefing.model.notes.team import TeamNotebook

    monkeypatch.setattr(NotesController, "team_refresh_seconds", 0.1)
    app = app_on()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("6")
        await settle(pilot)
        assert "written meanwhile" not in screen_text(app)
        TeamNotebook(team).save(ED, "news", "news-record-spacewalk", "written meanwhile")
        await settle(pilot, lambda: "written meanwhile" in screen_text(app))
