"""Drills 1, 2 and 6: hostile data shows as text everywhere, no control sequence from the data reaches
the terminal, and any terminal size works.

The guards: the loader replaces control characters once (model/text.py clean_text), and every
widget builds what it shows from Text/Content, never from markup.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from briefing.cli import run

from .app_helpers import app_on, notices, screen_text, settle
from .hostile import PLACEHOLDER, make_hostile
from .pty_terminal import Terminal

#: Parts of MARKUP that must appear verbatim on screen (short enough not to be cut by the columns).
VISIBLE = ["[@click=app.quit]x[/]", "[TODO] Q3", "[WIP]-x", "[/red]"]

#: The footer's "?" key as the default theme draws it on the main screen with no modal over it.
FOOTER_KEY_UNDIMMED = b"\x1b[1;38;5;214;48;5;17m ? "


@pytest.fixture
def hostile(tmp_path: Path) -> Path:
    return make_hostile(tmp_path / "hostile")


def assert_literal(text: str, where: str) -> None:
    found = [part for part in VISIBLE if part in text]
    assert found, f"no hostile markup shown literally in {where}:\n{text}"


@pytest.mark.parametrize("keys, where, places", [
    (["2"], "news list and reading pane", 2),
    (["3"], "medal table", 1),
    (["4"], "trends chart and detail", 2),
    (["5"], "timeline list and detail", 2),
])
async def test_markup_shows_literally_in_every_tab(hostile: Path, keys: list[str], where: str, places: int) -> None:
    app = app_on(hostile)
    async with app.run_test(size=(220, 50)) as pilot:
        await settle(pilot)
        await pilot.press(*keys)
        await settle(pilot)
        text = screen_text(app)
        assert_literal(text, where)
        # In the list row *and* the detail: a guard missing in either place shows here.
        assert text.count("[@click=app.quit]x[/]") >= places, text
        assert "CLICK [@click=app.quit]here[/] [bold]B[/bold]" in text  # valid markup, not applied
        assert PLACEHOLDER in text, "the removed control characters should leave a visible mark"
        # Clicking the hostile text runs no action: the app is still running.
        for y in range(4, 20):
            await pilot.click(offset=(30, y))
        await settle(pilot)
        assert app.is_running


async def test_markup_in_entities_palette_and_toasts(hostile: Path) -> None:
    app = app_on(hostile)
    async with app.run_test(size=(200, 50)) as pilot:
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        # Entities screen lists hostile organisation names literally.
        await pilot.press("e")
        await settle(pilot)
        assert "Org [@click=app.quit]x[/]" in screen_text(app)
        await pilot.press("escape")
        await settle(pilot)
        # Copy toast names the hostile title as text.
        await pilot.press("y")
        await settle(pilot)
        assert "[TODO] Q3" in notices(app)
        assert "[TODO] Q3" in app.clipboard and "\x1b" not in app.clipboard
        # The command palette shows hits as text.
        await pilot.press("ctrl+p")
        await settle(pilot)
        await pilot.press(*"hostile")
        for _ in range(20):
            await pilot.pause(0.05)
            if "[TODO] Q3" in screen_text(app):
                break
        assert "HOSTILE [@click=app.quit]x[/]" in screen_text(app)


def test_markdown_export_and_cli_print_markup_as_text(hostile: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["export", "--format", "md", "--data", str(hostile)]) == 0
    out = capsys.readouterr().out
    assert "[TODO] Q3" in out or "\\[TODO\\] Q3" in out
    assert "\x1b" not in out and "\x9b" not in out and "\x07" not in out
    assert run(["search", "hostile", "--data", str(hostile)]) == 0
    out = capsys.readouterr().out
    assert "[TODO] Q3" in out and "\x1b" not in out


#: Each tab's key and a word its first frame draws (on the hostile data), waited for before the next key.
TAB_SHOWS = [(b"2", b"HOSTILE"), (b"3", b"Sector"), (b"4", b"Authored"), (b"5", b"Category"), (b"6", b"flagged"),
             (b"1", b"capability")]


def test_app_writes_no_control_sequence_from_the_data(hostile: Path, isolated_user_dirs: Path) -> None:
    env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": "100", "LINES": "30"}
    env.pop("NO_COLOR", None)
    terminal = Terminal([sys.executable, "-m", "briefing", "--data", str(hostile)], env)
    try:
        terminal.wait_for(b"capability")  # the Overview drew
        for key, shows in TAB_SHOWS:
            terminal.press(key, shows)
    finally:
        output = terminal.quit()
    assert b"HOSTILE" in output, output[-2000:]
    assert b"\x1b]52" not in output  # would set the analyst's clipboard
    assert b"\x1b]0;pwned" not in output  # would set the window title
    assert b"SE9TVElMRQ" in output  # the payload is shown, as harmless text
    assert "\u202e".encode() not in output and b"\xc2\x9b" not in output and b"\x9b31m" not in output
    assert PLACEHOLDER.encode() in output


@pytest.mark.parametrize("size", [(1, 1), (20, 5), (40, 12), (80, 24)])
async def test_any_terminal_size(size: tuple[int, int]) -> None:
    app = app_on()
    async with app.run_test(size=size) as pilot:
        for key in ["2", "down", "3", "m", "4", "5", "slash", "s", "escape", "6", "1", "question_mark", "escape"]:
            await pilot.press(key)
            await pilot.pause()
        await settle(pilot)
        assert app.is_running
        if size < (40, 12):
            assert "too small" in screen_text(app).lower() or size == (1, 1)


async def test_resize_during_load_and_back() -> None:
    from briefing.app.app import make_app

    app = make_app(data=[str(Path(__file__).resolve().parents[1] / "data")])  # loads in its worker
    async with app.run_test(size=(80, 24)) as pilot:
        for size in [(30, 8), (120, 40), (39, 11), (80, 24)]:
            await pilot.resize_terminal(*size)
            await pilot.pause()
        await settle(pilot)
        await app.workers.wait_for_complete()
        await settle(pilot)
        assert app.model is not None
        assert "too small" not in screen_text(app).lower()
        await pilot.press("5")
        await settle(pilot)
        assert "Timeline" in screen_text(app)


async def test_no_color_is_respected(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    app = app_on()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert app.no_color
        svg = app.export_screenshot()
    import re

    colours = set(re.findall(r"fill: (#[0-9a-f]{6})", svg))
    # #c5c8c6 is the SVG exporter's own default foreground, not a colour the app chose.
    greys = {c for c in colours if c[1:3] == c[3:5] == c[5:7]} | {"#c5c8c6"}
    assert colours == greys, f"colours under NO_COLOR: {colours - greys}"


def test_app_writes_no_control_sequence_from_a_folder_name(tmp_path: Path, isolated_user_dirs: Path) -> None:
    """Issue 12, item 1: the edition id is its folder's name; OSC 0 / OSC 52 / BEL in it are not written.

    Two editions, so the title, the Overview and the edition picker (E) all show the ids.
    """
    import shutil

    from .conftest import EDITION

    root = tmp_path / "data"
    nasty = "ed\x1b]0;TITLE\x07\x1b]52;c;Rk9MREVS\x07\x9bx"
    shutil.copytree(EDITION, root / nasty)
    shutil.copytree(EDITION, root / "second")
    env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": "100", "LINES": "30"}
    env.pop("NO_COLOR", None)
    terminal = Terminal([sys.executable, "-m", "briefing", "--data", str(root)], env)
    try:
        terminal.wait_for(b"capability")
        # The Overview's pictures are mounted after the first frame: wait for them, so nothing they
        # draw is taken for what a key drew.
        terminal.wait_for(b"Medals by country")
        # Enter closes the edition picker on "All editions", and the title says so again (Esc would
        # do too, but a key typed before a lone Esc is read reaches the app as alt+key).
        terminal.press(b"1", b"capability")
        # The Overview shows the folder's name too (its medal bars): the picker is open when its
        # own question is drawn, and only then is Enter meant for it.
        terminal.press(b"E", b"Rk9MREVS", b"Show which edition?")
        # The title is drawn again under the open picker too (dimmed, same words), so it alone does
        # not say the picker has closed; the footer's key in its own colours (dimmed under a modal)
        # is drawn only once it has. A key typed before that reaches the closing picker, not the tabs.
        terminal.press(b"\r", b"All 2 editions", FOOTER_KEY_UNDIMMED)
        terminal.press(b"6", b"flagged")
    finally:
        output = terminal.quit()
    assert b"Rk9MREVS" in output, output[-2000:]  # the name is shown, as harmless text
    assert b"\x1b]52" not in output and b"\x1b]0;TITLE" not in output
    import re

    # Textual's own pointer-shape request (OSC 22) ends in BEL; no other BEL may be written.
    assert b"\x07" not in re.sub(rb"\x1b\]22;[a-z-]*\x07", b"", output)
    assert b"\xc2\x9b" not in output
