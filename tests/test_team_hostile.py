"""A hostile teammate (issue 29 items 1-3): escapes in any field, floods of files, links and notes.

Teammates' files are given to other uids, so most of these need root (as CI runs); what needs
two real accounts (a squatted name, seen by both) is in ``test_team_two_accounts.py``.
"""

from __future__ import annotations

import datetime as dt
import os
import threading
from pathlib import Path

import pytest
import tomli_w

from briefing.model.data.text import has_control
from briefing.model.notes import team_reading as team_module
from briefing.model.notes.team import (MAX_NOTE_CHARS, MAX_NOTES_PER_FILE, MAX_TEAM_FILE_BYTES, TeamFolder,
                                       current_login)

from .app_helpers import app_on, notices, screen_text, settle
from .team_helpers import config, team  # noqa: F401  (fixtures)

ED = "2024-09-to-2025-03"
ITEM = "news-shijian-25-launched"
WHEN = dt.datetime(2025, 3, 2, 9, 14, tzinfo=dt.timezone.utc)
MALLORY, CAROL = 54321, 54322

pytestmark = pytest.mark.skipif(os.geteuid() != 0, reason="files owned by other accounts need root")

#: Sets the terminal's title, writes its clipboard (OSC 52), clears the screen, and a C1 CSI.
ESCAPES = "\x1b]0;OWNED\x1b\\\x1b]52;c;b3duZWQ=\x07\x1b[2J\x9b31m"


def notes_file(path: Path, notes: list[dict], uid: int | None = None) -> Path:
    tables = [{"edition": ED, "dataset": "news", "id": ITEM, "text": "", "flagged": False,
               "created": WHEN, "updated": WHEN, **note} for note in notes]
    path.write_text(tomli_w.dumps({"version": 1, "notes": tables}), "utf-8")
    if uid is not None:
        os.chown(path, uid, -1)
    return path


def test_escapes_in_every_field_of_a_teammates_file_are_cleaned_by_the_model(team: Path) -> None:
    notes_file(team / "uid 54321.toml", [{"edition": "x" + ESCAPES, "id": ESCAPES, "dataset": "news",
                                          "text": "hello " + ESCAPES}], MALLORY)
    notes_file(team / f"{ESCAPES}.toml", [{"text": "named oddly"}], MALLORY)
    read = TeamFolder(team).read()
    assert sorted(n.text[:6] for n in read.notes) == ["hello ", "named "]
    for shared in read.notes:
        for value in (shared.note.edition, shared.note.id, shared.note.text, shared.note.key, shared.author):
            assert not has_control(value), value
    assert read.problems and not any(has_control(problem) for problem in read.problems)


async def test_an_orphaned_team_notes_edition_and_id_reach_the_notes_tab_cleaned(config: Path, team: Path) -> None:
    notes_file(team / "uid 54321.toml", [{"edition": "x" + ESCAPES, "id": "id" + ESCAPES, "text": "orphan"}], MALLORY)
    app = app_on()
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot, lambda: app.notes_controller.team)
        await pilot.press("6")
        await settle(pilot, lambda: "orphaned: x" in screen_text(app))
        strips = app.screen._compositor.render_strips()
        drawn = "".join(segment.text for line in strips for segment in line)
        assert "OWNED" in drawn and "\ufffd" in drawn  # shown, as text, with the controls replaced
        assert not has_control(drawn)


def test_a_big_file_many_notes_and_a_long_note_are_capped_and_said(team: Path) -> None:
    notes_file(team / f"{current_login()}.toml", [{"text": "my own"}])
    big = team / "uid 54321.toml"
    big.write_bytes(b"version = 1\n" + b"#" * (MAX_TEAM_FILE_BYTES + 10) + b"\n")
    os.chown(big, MALLORY, -1)
    many = [{"id": f"n-{number}", "text": "x"} for number in range(MAX_NOTES_PER_FILE + 50)]
    many.append({"id": "long", "text": "y" * (MAX_NOTE_CHARS * 3)})
    notes_file(team / "uid 54322.toml", many, CAROL)
    read = TeamFolder(team).read()
    by = {}
    for shared in read.notes:
        by.setdefault(shared.author, []).append(shared.note)
    assert [n.text for n in by[current_login()]] == ["my own"]
    assert "uid 54321" not in by and len(by["uid 54322"]) == MAX_NOTES_PER_FILE
    said = "\n".join(read.problems)
    assert "uid 54321.toml is over the 1 MiB" in said
    assert f"holds {MAX_NOTES_PER_FILE + 51:,} notes; the first {MAX_NOTES_PER_FILE:,} are shown" in said
    # A long note is cut, and says so in words marked as briefing's.
    notes_file(team / "uid 54322.toml", [{"id": "long", "text": "y" * (MAX_NOTE_CHARS * 3)}], CAROL)
    long = next(n for n in TeamFolder(team).read().notes if n.author == "uid 54322").note.text
    assert long.startswith("y" * MAX_NOTE_CHARS) and long.count("y") == MAX_NOTE_CHARS
    assert long.endswith(f"[briefing: cut here; the note has {MAX_NOTE_CHARS * 3:,} characters and the first "
                         f"{MAX_NOTE_CHARS:,} are shown]")


def test_a_thousand_and_one_hard_links_sorting_first_hide_no_ones_notes(team: Path) -> None:
    """Item 3: before, "only the first 1000 (by name) are read" and every other note vanished."""
    first = notes_file(team / "0000.toml", [{"text": "mallory's one note"}], MALLORY)
    for number in range(1, 1001):
        os.link(first, team / f"{number:04d}.toml")
    notes_file(team / f"{current_login()}.toml", [{"text": "mine"}])
    notes_file(team / "uid 54322.toml", [{"text": "carol's"}], CAROL)
    read = TeamFolder(team).read()
    assert sorted(n.text for n in read.notes) == ["carol's", "mallory's one note", "mine"]
    assert any("1,000 names" in problem and "further hard links" in problem for problem in read.problems)


def test_a_flood_of_distinct_files_is_read_after_every_members_own_file(team: Path,
                                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """The fair rule: each owner's own file first, smallest first; a flood comes last and is cut."""
    monkeypatch.setattr(team_module, "MAX_TEAM_FILES", 20)
    for number in range(40):
        notes_file(team / f"{number:04d}.toml", [{"text": f"flood {number}"}], MALLORY)
    notes_file(team / f"{current_login()}.toml", [{"text": "mine"}])
    notes_file(team / "uid 54322.toml", [{"text": "carol's " + "c" * 5000}], CAROL)
    read = TeamFolder(team).read()
    texts = [n.text for n in read.notes]
    assert "mine" in texts and any(text.startswith("carol's") for text in texts)
    assert sum(text.startswith("flood") for text in texts) == 18
    assert any("22 team notes files" in p and "not read" in p and "uid 54321" in p for p in read.problems)
    # The byte budget follows the same rule: every member's own file before the flood's.
    monkeypatch.setattr(team_module, "MAX_TEAM_FILES", 1000)
    monkeypatch.setattr(team_module, "MAX_TEAM_BYTES", 9000)
    texts = [n.text for n in TeamFolder(team).read().notes]
    assert "mine" in texts and any(text.startswith("carol's") for text in texts)
    assert 0 < sum(text.startswith("flood") for text in texts) < 40


def test_a_folder_flooded_past_the_names_looked_at_still_shows_your_own_file(
        team: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Past MAX_TEAM_ENTRIES names, members' own files are looked up by name, so a flood hides none."""
    monkeypatch.setattr(team_module, "MAX_TEAM_ENTRIES", 30)
    for number in range(120):
        (team / f"junk-{number:03d}").touch()
    notes_file(team / f"{current_login()}.toml", [{"text": "mine"}])
    read = TeamFolder(team).read()
    assert [n.text for n in read.notes] == ["mine"]
    assert any("beyond the 30 briefing looks at" in problem for problem in read.problems)


def test_a_changed_file_alone_is_parsed_again(team: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    notes_file(team / f"{current_login()}.toml", [{"text": "mine"}])
    carol = notes_file(team / "uid 54322.toml", [{"text": "carol's"}], CAROL)
    parsed: list[int] = []
    real = team_module.parse
    monkeypatch.setattr(team_module, "parse", lambda data: parsed.append(len(data)) or real(data))
    folder = TeamFolder(team)
    assert len(folder.read().notes) == 2 and len(parsed) == 2
    assert len(folder.read().notes) == 2 and len(parsed) == 2  # nothing changed: nothing parsed
    notes_file(carol, [{"text": "carol's, changed"}], CAROL)
    assert sorted(n.text for n in folder.read().notes) == ["carol's, changed", "mine"]
    assert len(parsed) == 3
    os.utime(carol)  # a touch: parsed again (its time changed), still the same notes
    folder.read()
    assert len(parsed) == 4


def test_notes_team_reads_a_huge_file_and_its_links_not_at_all(team: Path, monkeypatch: pytest.MonkeyPatch,
                                                                 capsys: pytest.CaptureFixture) -> None:
    """`briefing notes --team` with a 64 MiB file and four hard links of it: nothing of it is read."""
    from briefing.__main__ import main

    huge = team / "uid 54321.toml"
    with open(huge, "wb") as handle:
        handle.truncate(64 * 1024 * 1024)
    os.chown(huge, MALLORY, -1)
    for number in range(4):
        os.link(huge, team / f"a{number}.toml")
    notes_file(team / "uid 54322.toml", [{"text": "carol's"}], CAROL)
    read_sizes: list[int] = []
    real = team_module.read_regular_stat
    monkeypatch.setattr(team_module, "read_regular_stat",
                        lambda path, cap, **kw: (lambda got: read_sizes.append(len(got[0])) or got)(
                            real(path, cap, **kw)))
    assert main(["notes", "--team", "--json"]) == 0
    captured = capsys.readouterr()
    assert '"text": "carol\'s"' in captured.out
    assert read_sizes == [len((team / "uid 54322.toml").read_bytes())]
    assert "is over the 1 MiB" in captured.err and "4 names" in captured.err


async def test_the_first_frame_never_waits_for_the_team_folder(config: Path, team: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    """Item 2: the folder is read in a worker; the app is up and answering keys while it reads."""
    notes_file(team / "uid 54322.toml", [{"text": "carol's note"}], CAROL)
    release = threading.Event()
    reading = threading.Event()
    real = TeamFolder.read

    def slow_read(self):
        reading.set()
        release.wait(20)
        return real(self)

    monkeypatch.setattr(TeamFolder, "read", slow_read)
    app = app_on()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, lambda: reading.is_set())
        await pilot.press("6")
        await settle(pilot, lambda: "No notes yet" in screen_text(app))
        assert not release.is_set()  # the app drew its Notes tab while the team folder was still being read
        release.set()
        await settle(pilot, lambda: "carol's note" in screen_text(app))


async def test_the_app_says_when_your_team_file_name_was_taken(config: Path, team: Path) -> None:
    """Item 4 in the app: the warning is shown, and S shares into the file with your uid."""
    from briefing.model.notes.notebook import Notebook

    notes_file(team / f"{current_login()}.toml", [{"text": "squatted"}], MALLORY)
    Notebook(config).save(ED, "news", "news-record-spacewalk", "to share")
    app = app_on()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, lambda: "was taken by uid 54321" in notices(app))
        await pilot.press("6")
        await settle(pilot, lambda: "to share" in screen_text(app))
        await pilot.press("S")
        mine = team / f"{current_login()}.{os.getuid()}.toml"
        await settle(pilot, lambda: mine.exists() and "to share" in mine.read_text("utf-8"))
        assert (team / f"{current_login()}.toml").stat().st_uid == MALLORY
