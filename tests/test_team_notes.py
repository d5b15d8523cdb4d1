"""Team notes with one account: the team folder's checks, your own team file, sharing, the shell and exports.

What needs two real Unix accounts (authors, who can change what, concurrency across
accounts) is in ``test_team_two_accounts.py``. Here the folder is under ``tmp_path``.
"""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest
import tomli_w

from briefing.model.store.opening import open_model
from briefing.model.export.as_markdown import briefing_markdown
from briefing.model.export.citation import citation_markdown, notes_markdown
from briefing.model.locations import team_dir
from briefing.model.notes.notebook import Notebook, NotebookError
from briefing.model.notes.team import TeamFolder, TeamNotebook, current_login, folder_problem, move_note

from briefing.model.locations import config_dir

from .cli_helpers import run
from .conftest import EDITION

ED = "2024-09-to-2025-03"
ITEM = "news-shijian-25-launched"
IS_ROOT = os.geteuid() == 0


@pytest.fixture
def team(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A team folder as the README sets it up (setgid, sticky, group-writable), named by BRIEFING_TEAM_DIR."""
    folder = tmp_path / "team"
    folder.mkdir()
    os.chmod(folder, 0o3770)
    monkeypatch.setenv("BRIEFING_TEAM_DIR", str(folder))
    return folder


def team_file(folder: Path, name: str, *notes: tuple[str, str, str]) -> Path:
    """A team file written by hand: ``(dataset, id, text)`` notes on the shipped edition."""
    stamp = "2025-03-02T09:14:05+00:00"
    import datetime as dt

    when = dt.datetime.fromisoformat(stamp)
    tables = [{"edition": ED, "dataset": d, "id": i, "text": t, "flagged": False, "created": when, "updated": when}
              for d, i, t in notes]
    path = folder / name
    path.write_text(tomli_w.dumps({"version": 1, "notes": tables}), "utf-8")
    return path


# -- the setting and the folder ------------------------------------------------------------


def test_team_dir_from_environment_then_config_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert team_dir() == (None, None)
    config = config_dir()
    config.mkdir(parents=True)
    (config / "config.toml").write_text('team_dir = "/srv/briefing-team"\n', "utf-8")
    assert team_dir() == (Path("/srv/briefing-team"), None)
    monkeypatch.setenv("BRIEFING_TEAM_DIR", str(tmp_path / "elsewhere"))
    assert team_dir() == (tmp_path / "elsewhere", None)
    monkeypatch.delenv("BRIEFING_TEAM_DIR")
    (config / "config.toml").write_text("team_dir = 3\n", "utf-8")
    folder, problem = team_dir()
    assert folder is None and "team_dir is not a string" in problem


def test_folder_problems_are_said_plainly(tmp_path: Path) -> None:
    missing = tmp_path / "nope"
    assert "does not exist" in folder_problem(missing)
    folder = tmp_path / "team"
    folder.mkdir()
    os.chmod(folder, 0o3777)
    assert "every account on this machine" in folder_problem(folder) and "chmod o-w" in folder_problem(folder)
    os.chmod(folder, 0o2770)
    assert "no sticky bit" in folder_problem(folder) and "chmod +t" in folder_problem(folder)
    os.chmod(folder, 0o3770)
    assert folder_problem(folder) is None


def test_writing_into_a_missing_team_folder_is_refused_and_nothing_is_created(tmp_path: Path) -> None:
    folder = tmp_path / "no-team"
    with pytest.raises(NotebookError) as caught:
        TeamNotebook(folder).save(ED, "news", ITEM, "text")
    assert "does not exist" in caught.value.message and "your note was not saved" in caught.value.message
    assert not folder.exists()


# -- your own team file --------------------------------------------------------------------


def test_own_team_file_is_named_after_you_and_group_readable(team: Path) -> None:
    mine = TeamNotebook(team)
    mine.save(ED, "news", ITEM, "shared text")
    path = team / f"{current_login()}.toml"
    assert mine.path == path
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert path.stat().st_gid == team.stat().st_gid  # the setgid folder's group
    read = TeamFolder(team).read()
    assert [(n.author, n.key, n.text) for n in read.notes] == [(current_login(), f"{ED}/{ITEM}", "shared text")]
    assert read.problems == []


def test_author_is_the_file_owner_never_its_name_or_contents(team: Path) -> None:
    # A file named after someone else, claiming an author inside: the owner (this account) is the author.
    path = team_file(team, "somebody-else.toml", ("news", ITEM, "who wrote me?"))
    text = path.read_text("utf-8").replace("version = 1", 'version = 1\nauthor = "somebody-else"')
    path.write_text(text, "utf-8")
    read = TeamFolder(team).read()
    assert [n.author for n in read.notes] == [current_login()]
    assert any(f"belongs to {current_login()}, not somebody-else" in p for p in read.problems)


def test_damaged_team_file_is_skipped_reported_and_left_byte_identical(team: Path) -> None:
    bad = team / "carol.toml"
    bad.write_bytes(b"version = 1\n[[notes]\nbroken")
    team_file(team, "dave.toml", ("news", ITEM, "still shown"))
    before = sorted(p.name for p in team.iterdir())
    read = TeamFolder(team).read()
    assert [n.text for n in read.notes] == ["still shown"]
    assert any("carol.toml is damaged" in p and "left as it is" in p for p in read.problems)
    assert bad.read_bytes() == b"version = 1\n[[notes]\nbroken"
    assert sorted(p.name for p in team.iterdir()) == before  # nothing moved aside, nothing added


def test_links_and_fifos_in_the_team_folder_are_not_followed(team: Path, tmp_path: Path) -> None:
    elsewhere = team_file(tmp_path, "elsewhere.toml", ("news", ITEM, "through a link"))
    (team / "linked.toml").symlink_to(elsewhere)
    os.mkfifo(team / "pipe.toml")
    read = TeamFolder(team).read()
    assert read.notes == []
    assert any("linked.toml is a symbolic link" in p for p in read.problems)
    assert any("pipe.toml is a named pipe" in p for p in read.problems)


def test_own_team_file_that_is_a_link_is_never_written_through(team: Path, tmp_path: Path) -> None:
    target = tmp_path / "target.toml"
    target.write_text("version = 1\n", "utf-8")
    (team / f"{current_login()}.toml").symlink_to(target)
    with pytest.raises(NotebookError) as caught:
        TeamNotebook(team).save(ED, "news", ITEM, "x")
    assert "symbolic link" in caught.value.message
    assert target.read_text("utf-8") == "version = 1\n"


@pytest.mark.skipif(not IS_ROOT, reason="making a file owned by another account needs root")
@pytest.mark.parametrize("squatted", ["file", "lock"])
def test_a_file_under_your_name_owned_by_another_account_is_never_replaced(team: Path, squatted: str) -> None:
    """Issue 29 item 4: a teammate who took your file name (or its lock) before you first shared
    neither blocks your saves nor gets your notes: you are warned, and they go under a name with your uid."""
    me = current_login()
    planted = team_file(team, f"{me}.toml", ("news", ITEM, "planted"))
    if squatted == "lock":
        planted = planted.rename(team / f"{me}.toml.lock")
    os.chown(planted, 54321, -1)
    before = planted.read_bytes()
    result = TeamNotebook(team).save(ED, "news", ITEM, "mine")
    assert f"{me}.toml was taken by uid 54321" in result.message
    assert f"{me}.{os.getuid()}.toml" in result.message and "the team sees them as yours" in result.message
    assert planted.read_bytes() == before and planted.stat().st_uid == 54321
    assert stat.S_IMODE((team / f"{me}.{os.getuid()}.toml").stat().st_mode) == 0o640
    # The next save finds the same file; readers show your note as yours, the planted one as its owner's.
    TeamNotebook(team).save(ED, "news", "news-other", "again")
    read = TeamFolder(team).read()
    seen = sorted((n.author, n.text) for n in read.notes)
    mine = [(me, "again"), (me, "mine")]
    assert seen == (sorted([*mine, ("uid 54321", "planted")]) if squatted == "file" else mine)
    assert not any(f"{me}.{os.getuid()}.toml" in problem for problem in read.problems)
    # Saving as someone else's login is still refused: the escape is only ever for your own name.
    with pytest.raises(NotebookError) as caught:
        os.chown(team / f"{me}.{os.getuid()}.toml", 54321, -1)
        TeamNotebook(team, login=f"{me}.{os.getuid()}").save(ED, "news", ITEM, "x")
    assert "never changes another account's file" in caught.value.message


# -- sharing and unsharing -----------------------------------------------------------------


def test_share_then_unshare_moves_the_note_and_its_flag(team: Path, tmp_path: Path) -> None:
    personal = Notebook(tmp_path / "config")
    personal.save(ED, "news", ITEM, "worth sharing")
    personal.set_flag(ED, "news", ITEM, True)
    mine = TeamNotebook(team)
    moved = move_note(personal, mine, ED, "news", ITEM)
    assert moved is not None and moved.text == "worth sharing"
    assert personal.load() == {}
    shared = TeamFolder(team).read().notes
    assert [(n.text, n.flagged) for n in shared] == [("worth sharing", True)]
    move_note(mine, personal, ED, "news", ITEM)
    assert TeamFolder(team).read().notes == []
    back = personal.load()[f"{ED}/{ITEM}"]
    assert (back.text, back.flagged) == ("worth sharing", True)


def test_sharing_onto_an_existing_team_note_keeps_both_texts(team: Path, tmp_path: Path) -> None:
    personal = Notebook(tmp_path / "config")
    mine = TeamNotebook(team)
    mine.save(ED, "news", ITEM, "already shared")
    personal.save(ED, "news", ITEM, "private thought")
    move_note(personal, mine, ED, "news", ITEM)
    assert mine.load()[f"{ED}/{ITEM}"].text == "already shared\n\nprivate thought"


# -- the shell ------------------------------------------------------------------------------


def test_note_command_writes_personal_and_team_notes_and_notes_lists_them(capsys, team: Path) -> None:
    code, out, err = run(capsys, "note", ITEM, "private one")
    assert code == 0 and out == f"Saved your note on {ED}/{ITEM}.\n"
    code, out, _ = run(capsys, "note", ITEM, "for the team", "--team")
    assert code == 0 and f"the team sees it as {current_login()}'s" in out
    code, out, _ = run(capsys, "notes")
    assert code == 0 and "private one" in out and "for the team" in out and f"team: {current_login()}" in out
    code, out, _ = run(capsys, "notes", "--team", "--json")
    doc = json.loads(out)
    assert [(n["scope"], n["author"], n["text"]) for n in doc["notes"]] == [("team", current_login(), "for the team")]
    code, out, _ = run(capsys, "notes", "--author", current_login(), "--json")
    assert sorted(n["scope"] for n in json.loads(out)["notes"]) == ["personal", "team"]
    code, out, err = run(capsys, "notes", "--author", "nobody-here")
    assert code == 1 and "no notes by nobody-here" in err


def test_notes_by_an_unknown_author_say_whose_notes_there_are(capsys, team: Path) -> None:
    run(capsys, "note", ITEM, "for the team", "--team")
    code, out, err = run(capsys, "notes", "--author", "nobody-here")
    assert code == 1 and out == ""
    assert err.strip() == (f"briefing: no notes by nobody-here: no team note in {team} is theirs; "
                           f"the team's notes are by {current_login()}")
    code, out, err = run(capsys, "notes", "--author", "nobody-here", "--json")
    assert code == 1 and json.loads(out)["count"] == 0 and "no notes by nobody-here" in err
    # A known author whose notes a filter leaves out is not "unknown": theirs exist, none flagged.
    code, _, err = run(capsys, "notes", "--author", current_login(), "--team", "--flagged")
    assert code == 1 and f"no flagged team notes by {current_login()} yet" in err


def test_notes_by_an_author_without_a_team_folder_say_none_is_set(capsys) -> None:
    run(capsys, "note", ITEM, "private")
    code, out, err = run(capsys, "notes", "--author", "alice")
    assert code == 1 and out == "" and "no notes by alice: no team folder is set" in err
    assert "BRIEFING_TEAM_DIR" in err
    code, out, _ = run(capsys, "notes", "--author", current_login())  # you are never unknown
    assert code == 0 and "private" in out


def test_note_command_replacing_text_prints_the_old_text_and_delete_removes(capsys, team: Path) -> None:
    run(capsys, "note", ITEM, "first", "--team")
    code, _, err = run(capsys, "note", ITEM, "second", "--team")
    assert code == 0 and "which was:\nfirst" in err
    code, out, _ = run(capsys, "note", ITEM, "--delete", "--team")
    assert code == 0 and out.startswith("Deleted your team note")
    code, _, err = run(capsys, "note", ITEM, "--delete", "--team")
    assert code == 1 and "no team note on" in err
    assert TeamFolder(team).read().notes == []


def test_note_command_without_a_team_folder_says_how_to_set_one(capsys) -> None:
    code, _, err = run(capsys, "note", ITEM, "x", "--team")
    assert code == 2 and "BRIEFING_TEAM_DIR" in err and "team_dir" in err


def test_note_command_refuses_unknown_records_and_empty_text(capsys, team: Path) -> None:
    code, _, err = run(capsys, "note", "no-such-record-anywhere", "x")
    assert code == 2 and "no record" in err
    code, _, err = run(capsys, "note", ITEM, "   ")
    assert code == 2 and "--delete" in err


def test_notes_command_reports_a_damaged_teammate_file_and_shows_the_rest(capsys, team: Path) -> None:
    (team / "carol.toml").write_bytes(b"\xff\xfe not toml")
    team_file(team, "dave.toml", ("news", ITEM, "dave's view"))
    code, out, err = run(capsys, "notes", "--team")
    assert code == 0 and "dave's view" in out
    assert "carol.toml is damaged" in err


def test_notes_command_says_a_missing_team_folder(capsys, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BRIEFING_TEAM_DIR", str(tmp_path / "gone"))
    run(capsys, "note", ITEM, "personal still works")
    code, out, err = run(capsys, "notes")
    assert code == 0 and "personal still works" in out and "does not exist" in err


def test_show_lists_team_notes_with_their_author(capsys, team: Path) -> None:
    run(capsys, "note", ITEM, "shared", "--team")
    code, out, _ = run(capsys, "show", ITEM)
    assert code == 0 and f"Team note by {current_login()}" in out and "shared" in out
    doc = json.loads(run(capsys, "show", ITEM, "--json")[1])
    assert [(n["author"], n["text"]) for n in doc["team_notes"]] == [(current_login(), "shared")]


def test_markdown_export_names_the_author_of_team_notes(capsys, team: Path) -> None:
    run(capsys, "note", ITEM, "mine alone")
    run(capsys, "note", ITEM, "for everyone", "--team")
    code, out, _ = run(capsys, "export", "--format", "md")
    assert code == 0
    assert "> **Note:** mine alone" in out
    assert f"> **Note by {current_login()} (team, " in out and "UTC):** for everyone" in out
    code, out, _ = run(capsys, "export", "--format", "md", "--no-team")
    assert "for everyone" not in out and "mine alone" in out


# -- citations ---------------------------------------------------------------------------


def test_citations_and_notes_document_show_team_authors(team: Path) -> None:
    team_file(team, "erin.toml", ("news", ITEM, "erin's note"), ("news", "news-gone-away", "orphaned but kept"))
    model = open_model([EDITION]).model
    shared = TeamFolder(team).read().notes
    record = model.get(f"{ED}/{ITEM}")
    on_record = [n for n in shared if n.key == record.key]
    text = citation_markdown(record, model, None, team=on_record)
    assert f"> Note by {current_login()} (team, 2025-03-02 09:14 UTC): erin's note" in text
    document = notes_markdown(model, {}, team=shared)
    assert "erin's note" in document and "## Orphaned notes" in document and "orphaned but kept" in document
    briefing = briefing_markdown(model, {}, shared)
    assert "erin's note" in briefing and "orphaned but kept" in briefing


def test_search_finds_team_notes_and_names_their_author(capsys, team: Path) -> None:
    team_file(team, "frank.toml", ("news", ITEM, "refuelling rendezvous zebra"),
              ("news", "news-gone-away", "zebra on an item that has gone"))
    code, out, _ = run(capsys, "search", "zebra")
    assert code == 0
    assert f"note by {current_login()}: refuelling rendezvous *zebra*" in out  # the file's owner, not "frank"
    assert f"(orphaned note) {ED}/news-gone-away" in out
    doc = json.loads(run(capsys, "search", "zebra", "--kind", "notes", "--json")[1])
    assert sorted(h["key"] for h in doc["hits"]) == [f"{ED}/news-gone-away", f"{ED}/{ITEM}"]
    assert all(h["team_notes"][0]["author"] == current_login() for h in doc["hits"])
