"""Notes in the app, pressing the keys: add, edit, discard, delete, flag, filter, jump, presenter, copy, export."""

from __future__ import annotations

import os
import tomllib
from pathlib import Path

import pytest

from briefing.model.notes.notebook import Notebook, NotebookError
from briefing.app.tabs.notes_tab import NotesTab
from briefing.app.screens.note_editor import NoteEditor
from briefing.app.screens.confirm_screen import ConfirmScreen

from .app_helpers import app_on, notices, screen_text, settle, open_news

SPACEWALK = "2024-09-to-2025-03/news-record-spacewalk"


def stored(config: Path) -> dict[str, dict]:
    path = config / "annotations.toml"
    if not path.exists():
        return {}
    data = tomllib.loads(path.read_text("utf-8"))
    return {f"{n['edition']}/{n['id']}": n for n in data.get("notes", [])}


@pytest.fixture
def config(isolated_user_dirs: Path) -> Path:
    return isolated_user_dirs / "config" / "briefing"


async def write_note(pilot, text: str) -> None:
    await pilot.press("n")
    await settle(pilot)
    assert isinstance(pilot.app.screen, NoteEditor)
    await pilot.press(*text)
    await pilot.press("ctrl+s")
    for _ in range(50):
        await pilot.pause(0.02)
        if not isinstance(pilot.app.screen, NoteEditor):
            break


async def test_add_edit_and_marker(config: Path) -> None:
    app = app_on()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_news(pilot)
        assert app.main.current_record().key == SPACEWALK
        await write_note(pilot, "ask team")
        assert stored(config)[SPACEWALK]["text"] == "ask team"
        assert "✎" in screen_text(app)
        # Editing shows the saved text and replaces it.
        await pilot.press("n")
        await settle(pilot)
        assert app.screen.query_one("TextArea").text == "ask team"
        await pilot.press("backspace", "backspace", "backspace", "backspace", *"about it")
        await pilot.press("ctrl+s")
        for _ in range(50):
            await pilot.pause(0.02)
            if not isinstance(app.screen, NoteEditor):
                break
        assert stored(config)[SPACEWALK]["text"] == "ask about it"
    assert (config / "annotations.toml").stat().st_mode & 0o777 == 0o600
    assert config.stat().st_mode & 0o777 == 0o700


async def test_escape_with_unsaved_text_asks_first(config: Path) -> None:
    app = app_on()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_news(pilot)
        await pilot.press("n", *"draft")
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")  # keep editing
        await settle(pilot)
        assert isinstance(app.screen, NoteEditor)
        assert app.screen.query_one("TextArea").text == "draft"
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("y")  # discard
        await settle(pilot)
        assert not isinstance(app.screen, (NoteEditor, ConfirmScreen))
    assert stored(config) == {}


async def test_failed_save_keeps_the_text_in_the_editor(config: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(self, *args, **kwargs):
        raise NotebookError("The config folder /x is read-only; your note was not saved and is still in the editor.")

    monkeypatch.setattr(Notebook, "save", refuse)
    app = app_on()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_news(pilot)
        await write_note(pilot, "precious")
        assert isinstance(app.screen, NoteEditor)
        assert app.screen.query_one("TextArea").text == "precious"
        assert "read-only" in screen_text(app)


async def test_flag_filter_and_notes_tab_jump(config: Path) -> None:
    app = app_on()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_news(pilot)
        await pilot.press("down")
        await settle(pilot)
        flagged_key = app.main.current_record().key
        await pilot.press("f")
        for _ in range(50):
            await pilot.pause(0.02)
            if flagged_key in app.notes_controller.notes:
                break
        assert stored(config)[flagged_key]["flagged"] is True
        assert "⚑" in screen_text(app)
        # Only flagged items in the lists.
        await pilot.press("F", "F")
        await settle(pilot)
        assert app.marked_filter == "flagged"
        await pilot.press("6")
        await settle(pilot)
        notes_tab = app.query_one(NotesTab)
        assert notes_tab.current_note().key == flagged_key
        await pilot.press("enter")
        await settle(pilot)
        await settle(pilot)
        assert app.main.active_tab_id == "news"
        assert app.main.current_record().key == flagged_key


async def test_delete_asks_then_removes(config: Path) -> None:
    Notebook(config).save("2024-09-to-2025-03", "news", "news-record-spacewalk", "to delete")
    app = app_on()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("6")
        await settle(pilot)
        assert "to delete" in screen_text(app)
        await pilot.press("d")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await settle(pilot)
        assert stored(config) == {}
        assert "No notes yet" in screen_text(app)


async def test_orphaned_notes_are_kept_and_shown(config: Path) -> None:
    Notebook(config).save("2019-old-edition", "news", "news-gone", "an old thought")
    app = app_on()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("6")
        await settle(pilot)
        text = screen_text(app)
        assert "orphaned: 2019-old-edition/news-gone" in text
        assert "1 orphaned" in text
    assert "2019-old-edition/news-gone" in stored(config)


async def test_presenter_mode_hides_notes_and_flags(config: Path) -> None:
    store = Notebook(config)
    store.save("2024-09-to-2025-03", "news", "news-record-spacewalk", "secret thought")
    store.set_flag("2024-09-to-2025-03", "news", "news-record-spacewalk", True)
    app = app_on(present=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_news(pilot)
        text = screen_text(app)
        assert "PRESENTING" in text
        assert "✎" not in text and "⚑" not in text and "secret thought" not in text
        await pilot.press("6")
        await settle(pilot)
        assert "hidden in presenter mode" in screen_text(app)
        await pilot.press("p")  # off again
        await settle(pilot)
        assert "secret thought" in screen_text(app)


async def test_copy_citation_by_osc52(config: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("TMUX", raising=False)
    Notebook(config).save("2024-09-to-2025-03", "news", "news-record-spacewalk", "check the 2001 record")
    app = app_on()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_news(pilot)
        await pilot.press("y")
        await pilot.pause(0.2)
        copied = app.clipboard
        assert "Record-Breaking Space Walk Achieved" in copied
        assert "Cai Xuzhe" in copied
        assert "Ratcheting up capability and ambition" in copied
        assert "2024-09-to-2025-03" in copied
        assert "check the 2001 record" in copied
        # OSC 52 cannot be confirmed: the notice says it was sent, and offers Y (issue 13, defect 4).
        assert "Sent to the clipboard: Sent a citation of “Record-Breaking Space Walk Achieved”" in notices(app)
        assert "Y writes it to a file" in notices(app) and "Copied" not in notices(app)


async def test_citation_to_file_and_export(config: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    store = Notebook(config)
    store.save("2024-09-to-2025-03", "events", "event-2025-01-06-shijian-25-launch", "refuelling?")
    store.save("2024-09-to-2025-03", "news", "news-record-spacewalk", "record!")
    app = app_on()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_news(pilot)
        await pilot.press("Y")
        await settle(pilot)
        citation = tmp_path / "briefing-news-record-spacewalk.md"
        assert "record!" in citation.read_text("utf-8")
        await pilot.press("6")
        await settle(pilot)
        await pilot.press("w")
        await settle(pilot)
    [export] = tmp_path.glob("briefing-notes-*.md")
    text = export.read_text("utf-8")
    # Each note under its item, in report order: the news item before the event.
    assert text.index("record!") < text.index("refuelling?")
    assert text.index("Record-Breaking Space Walk Achieved") < text.index("record!")


async def test_timeline_search_and_palette_find_notes(config: Path) -> None:
    Notebook(config).save("2024-09-to-2025-03", "events", "event-2025-01-06-shijian-25-launch",
                            "zebracrossing reminder")
    app = app_on()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("5", "slash", *"zebracrossing")
        await settle(pilot)
        assert "1 of 32" in screen_text(app)
        assert app.main.current_record().id == "event-2025-01-06-shijian-25-launch"
        await pilot.press("escape", "x", "ctrl+p", *"zebracrossing")
        for _ in range(20):
            await pilot.pause(0.05)
            if "Shijian-25" in screen_text(app):
                break
        assert "Shijian-25" in screen_text(app)
        # In presenter mode notes are not searched.
        await pilot.press("escape")
        await settle(pilot)
        app.presenter = True
        await settle(pilot)
        await pilot.press("slash", *"zebracrossing")
        await settle(pilot)
        assert "0 of 32" in screen_text(app)


def fake_tmux(folder: Path, exit_code: int) -> Path:
    """A ``tmux`` on PATH that keeps what it is given on stdin and exits with ``exit_code``."""
    folder.mkdir()
    script = folder / "tmux"
    script.write_text(f"#!/bin/sh\ncat > '{folder}/buffer'\necho \"$@\" > '{folder}/args'\nexit {exit_code}\n")
    script.chmod(0o700)
    return folder


@pytest.mark.parametrize("exit_code", [0, 1])
async def test_copy_inside_tmux_goes_through_tmux(config: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                   exit_code: int) -> None:
    """Defect 4: inside tmux (default set-clipboard external) OSC 52 is dropped, and "Copied" was a lie."""
    bin_dir = fake_tmux(tmp_path / "bin", exit_code)
    monkeypatch.setenv("TMUX", "/tmp/tmux-1000/default,1,0")
    monkeypatch.setenv("PATH", f"{bin_dir}:{os.environ['PATH']}")
    app = app_on()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_news(pilot)
        await pilot.press("y")
        await settle(pilot, lambda: "opied" in notices(app))
        assert (bin_dir / "args").read_text().split() == ["load-buffer", "-w", "-"]
        assert "Record-Breaking Space Walk Achieved" in (bin_dir / "buffer").read_text("utf-8")
        if exit_code == 0:
            assert "Copied: Copied a citation of “Record-Breaking Space Walk Achieved”" in notices(app)
        else:
            assert "Not copied: Could not confirm the copy" in notices(app) and "Y writes it to a file" in notices(app)
