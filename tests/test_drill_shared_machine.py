"""Issue 12: hostile files on a shared server. Each test names the guard it proves.

Tests run as root here and in CI: "another user" is simulated by chown to nobody (65534)
and by modes (0o777 on the config folder), which root can create.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from briefing.cli import run
from briefing.model.notes import notebook
from briefing.model.store.opening import open_model
from briefing.model.notes.notebook import Notebook, NotebookError
from briefing.model.safe_io import create_new, read_regular, remove_stale

from .conftest import EDITION, REPO

NASTY = "ed\x1b]0;TITLE\x07\x1b]52;c;SGk=\x07\x9bx"


def _cli(capsys, *argv: str) -> tuple[int, str, str]:
    code = run(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _no_raw(text: str) -> None:
    assert "\x1b" not in text and "\x07" not in text and "\x9b" not in text, repr(text[-500:])


@pytest.fixture
def nasty_data(tmp_path: Path) -> Path:
    import shutil

    root = tmp_path / "data"
    shutil.copytree(EDITION, root / NASTY)
    return root


# -- 1. folder names are cleaned before they reach the terminal ------------------------------------

def test_validate_and_unknown_edition_print_no_raw_escape(nasty_data: Path, capsys) -> None:
    (nasty_data / NASTY / "news.toml").write_text("broken = [", "utf-8")
    code, out, err = _cli(capsys, "validate", str(nasty_data))
    assert code == 1 and "news.toml" in out
    _no_raw(out + err)
    code, out, err = _cli(capsys, "search", "shijian", "--data", str(nasty_data), "--edition", "nope")
    assert code == 2 and "no edition 'nope'" in err
    _no_raw(out + err)
    code, out, err = _cli(capsys, "export", "--format", "md", "--data", str(nasty_data))
    _no_raw(out + err)
    code, out, err = _cli(capsys, "export", "--format", "json", "--data", str(nasty_data))
    _no_raw(out + err)


def test_edition_id_is_cleaned_at_load(nasty_data: Path) -> None:
    result = open_model([nasty_data])
    (edition,) = result.model.editions
    assert "\x1b" not in edition.id and "\x07" not in edition.id and "]52;c;SGk=" in edition.id


# -- 2. regular files only, cap enforced while reading ------------------------------------------------

def _run_cli(args: list[str], **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "briefing", *args], capture_output=True, text=True,
                          timeout=30, cwd=REPO, **kwargs)


def test_fifo_dataset_does_not_hang_validate_or_search(edition_copy: Path) -> None:
    news = edition_copy / "news.toml"
    news.unlink()
    os.mkfifo(news)
    done = _run_cli(["validate", str(edition_copy)])
    assert done.returncode == 1
    problems = [line for line in done.stdout.splitlines() if "news.toml" in line]
    assert problems == [f"{news}: is a named pipe (FIFO), not a regular file; only regular files are read"]
    done = _run_cli(["search", "shijian", "--data", str(edition_copy)])
    assert "Traceback" not in done.stderr and done.returncode in (0, 1)


def test_dev_zero_dataset_is_one_problem_not_a_memory_error(edition_copy: Path) -> None:
    news = edition_copy / "news.toml"
    news.unlink()
    news.symlink_to("/dev/zero")
    done = _run_cli(["validate", str(edition_copy)])
    assert done.returncode == 1 and "MemoryError" not in done.stderr
    assert f"{news}: is a device, not a regular file; only regular files are read" in done.stdout


def test_cap_is_enforced_while_reading_not_from_st_size(tmp_path: Path) -> None:
    path = tmp_path / "f"
    path.write_bytes(b"x" * 101)
    assert read_regular(path, 101) == b"x" * 101
    with pytest.raises(OSError, match="over the 100-byte limit"):
        read_regular(path, 100)


def test_fifo_and_device_notes_files_are_reported(tmp_path: Path) -> None:
    store = Notebook(tmp_path / "cfg")
    store.directory.mkdir()
    os.mkfifo(store.path)
    assert store.load() == {}
    assert "named pipe" in store.problem and store.path.exists()
    store.path.unlink()
    store.path.symlink_to("/dev/zero")
    assert store.read_quietly() == {}
    assert "is a device" in store.problem


# -- 3. the lock file and the config folder ---------------------------------------------------------

def test_planted_lock_link_is_not_followed_or_truncated(tmp_path: Path) -> None:
    victim = tmp_path / "bashrc"
    victim.write_bytes(b"export PATH=/precious\n")
    store = Notebook(tmp_path / "cfg")
    store.directory.mkdir(mode=0o700)
    store.lock_path.symlink_to(victim)
    with pytest.raises(NotebookError, match="is a symbolic link"):
        store.save("e", "news", "i", "text")
    assert victim.read_bytes() == b"export PATH=/precious\n"
    assert not store.path.exists()


def test_lock_file_of_another_user_or_with_other_names_is_not_used(tmp_path: Path) -> None:
    store = Notebook(tmp_path / "cfg")
    store.directory.mkdir(mode=0o700)
    victim = tmp_path / "dotfile"
    victim.write_bytes(b"keep me\n")
    os.link(victim, store.lock_path)  # a hard link to one of our files
    with pytest.raises(NotebookError, match="hard links"):
        store.save("e", "news", "i", "text")
    assert victim.read_bytes() == b"keep me\n"
    store.lock_path.unlink()
    if os.geteuid() == 0:
        store.lock_path.write_bytes(b"theirs\n")
        os.chown(store.lock_path, 65534, 65534)
        with pytest.raises(NotebookError, match="another user"):
            store.save("e", "news", "i", "text")
        assert store.lock_path.read_bytes() == b"theirs\n"


def test_config_folder_others_can_write_is_reported(tmp_path: Path, monkeypatch, capsys) -> None:
    folder = tmp_path / "cfg"
    folder.mkdir()
    store = Notebook(folder)
    store.save("e", "news", "i", "text")
    assert store.folder_warning() is None
    os.chmod(folder, 0o777)
    assert "everyone can write to it" in store.folder_warning()
    monkeypatch.setenv("BRIEFING_CONFIG_DIR", str(folder))
    code, out, err = _cli(capsys, "notes")
    assert "is not private" in err and "chmod 700" in err
    if os.geteuid() == 0:
        os.chmod(folder, 0o700)
        os.chown(folder, 65534, 65534)
        assert "another user" in store.folder_warning()


# -- 4. exports create new files only -----------------------------------------------------------------

def test_create_new_never_follows_a_dangling_link_and_takes_a_fresh_name(tmp_path: Path) -> None:
    target = tmp_path / "bash_aliases"
    (tmp_path / "briefing-x.md").symlink_to(target)
    path = create_new(tmp_path, "briefing-x.md", b"cited")
    assert path.name == "briefing-x-2.md" and path.read_bytes() == b"cited"
    assert not target.exists()
    assert (path.stat().st_mode & 0o777) == 0o600
    assert create_new(tmp_path, "briefing-x.md", b"again").name == "briefing-x-3.md"


# -- 6. closed or odd standard streams --------------------------------------------------------------

@pytest.mark.parametrize("args, stdin, stdout, expected", [
    ([], subprocess.DEVNULL, None, "needs a terminal on standard input"),
    (["search", "shijian"], None, "/dev/full", "cannot write the output: No space left on device"),
])
def test_odd_streams_give_one_line_and_exit_2(args, stdin, stdout, expected) -> None:
    handle = open(stdout, "w") if stdout else subprocess.PIPE
    try:
        done = subprocess.run([sys.executable, "-m", "briefing", *args], stdin=stdin, stdout=handle,
                              stderr=subprocess.PIPE, text=True, timeout=30, cwd=REPO)
    finally:
        if stdout:
            handle.close()
    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == [f"briefing: {expected}"] or expected in done.stderr
    assert "Traceback" not in done.stderr and len(done.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize("args, closed, expected", [
    ([], 0, "needs a terminal on standard input"),
    (["search", "shijian"], 1, "standard output is closed"),
])
def test_closed_streams_give_one_line_and_exit_2(args, closed, expected) -> None:
    # Closing the descriptor in a shell (`<&-`, `>&-`) means Python starts without it: do the same.
    shell = f"{sys.executable} -m briefing {' '.join(args)} {'<&-' if closed == 0 else '>&-'}"
    done = subprocess.run(["sh", "-c", shell], stderr=subprocess.PIPE, text=True, timeout=30, cwd=REPO)
    assert done.returncode == 2, done.stderr
    assert expected in done.stderr and "Traceback" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1


# -- 7. stale temp files ---------------------------------------------------------------------------

def test_stale_notes_temp_files_are_removed_only_when_ours_and_old(tmp_path: Path) -> None:
    store = Notebook(tmp_path / "cfg")
    store.save("e", "news", "i", "one")
    old = store.directory / ".annotations.toml.killed.tmp"
    fresh = store.directory / ".annotations.toml.live.tmp"
    for path in (old, fresh):
        path.write_bytes(b"half a note")
    hour_ago = time.time() - 3600
    os.utime(old, (hour_ago, hour_ago))
    theirs = store.directory / ".annotations.toml.theirs.tmp"
    if os.geteuid() == 0:
        theirs.write_bytes(b"not ours")
        os.utime(theirs, (hour_ago, hour_ago))
        os.chown(theirs, 65534, 65534)
    store.save("e", "news", "i", "two")
    assert not old.exists() and fresh.exists()
    if os.geteuid() == 0:
        assert theirs.exists()


def test_remove_stale_never_follows_a_link(tmp_path: Path) -> None:
    target = tmp_path / "precious"
    target.write_bytes(b"x")
    link = tmp_path / ".store-abc.tmp"
    link.symlink_to(target)
    hour_ago = time.time() - 3600
    os.utime(target, (hour_ago, hour_ago))
    assert remove_stale(tmp_path, ".store-", ".tmp", 60) == []
    assert target.exists() and link.is_symlink()


# -- 8. a notes file that is a link: read, never written through ----------------------------------

def test_linked_notes_file_is_read_but_never_replaced(tmp_path: Path) -> None:
    dotfiles = tmp_path / "dotfiles"
    dotfiles.mkdir()
    real = dotfiles / "annotations.toml"
    seed = Notebook(dotfiles)
    seed.save("e", "news", "i", "kept in dotfiles")
    before = real.read_bytes()
    store = Notebook(tmp_path / "cfg")
    store.directory.mkdir(mode=0o700)
    store.path.symlink_to(real)
    assert store.load()["e/i"].text == "kept in dotfiles"
    with pytest.raises(NotebookError, match="is a symbolic link.*BRIEFING_CONFIG_DIR"):
        store.save("e", "news", "i", "changed")
    assert store.path.is_symlink() and real.read_bytes() == before


# -- 9. the old notes format ------------------------------------------------------------------------

def test_version_0_is_read_and_migrated_not_moved_aside(tmp_path: Path) -> None:
    store = Notebook(tmp_path / "cfg")
    store.directory.mkdir(mode=0o700)
    store.path.write_text('version = 0\n[[notes]]\nedition = "e"\ndataset = "news"\nid = "i"\ntext = "old"\n')
    assert store.load()["e/i"].text == "old" and store.moved_aside is None and store.problem is None
    store.save("e", "news", "j", "new")
    text = store.path.read_text()
    assert "version = 1" in text and 'text = "old"' in text


def test_version_0_that_cannot_be_read_is_explained_and_left_alone(tmp_path: Path) -> None:
    store = Notebook(tmp_path / "cfg")
    store.directory.mkdir(mode=0o700)
    content = b'version = 0\n[[notes]]\nnote = "an older shape"\n'
    store.path.write_bytes(content)
    assert store.load() == {}
    assert store.moved_aside is None and "old format version 0" in store.problem
    with pytest.raises(NotebookError, match="old format version 0"):
        store.save("e", "news", "i", "x")
    assert store.path.read_bytes() == content


# -- 10. messages --------------------------------------------------------------------------------

def test_end_of_document_gives_the_last_line(edition_copy: Path, capsys) -> None:
    (edition_copy / "trends.toml").write_text('a = "b"\n\nc = [1,\n', "utf-8")
    code, out, err = _cli(capsys, "validate", str(edition_copy))
    assert f"{edition_copy / 'trends.toml'}:3: TOML syntax error" in out and "end of document" in out


def test_broken_report_is_reported_once_without_follow_on_errors(edition_copy: Path, capsys) -> None:
    with open(edition_copy / "report.toml", "a", encoding="utf-8") as handle:
        handle.write("x = [\n")
    code, out, err = _cli(capsys, "validate", str(edition_copy))
    assert code == 1
    assert [line for line in out.splitlines() if ":" in line and "error" not in line.split(":")[0]] \
        and out.splitlines()[-1] == "1 error, 0 warnings", out
    assert "news.toml" not in out


# -- in the app: Y through a planted link, the config-folder warning, and a nasty folder on a pty -----

async def test_Y_never_writes_through_a_planted_link(tmp_path: Path, monkeypatch) -> None:
    from .app_helpers import app_on, notices, settle

    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    target = tmp_path / "bash_aliases"
    app = app_on()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        record = app.main.current_tab().current_record()
        planted = work / f"briefing-{record.id}.md"
        planted.symlink_to(target)
        await pilot.press("Y")
        await settle(pilot)
        written = work / f"briefing-{record.id}-2.md"
        assert written.exists() and (written.stat().st_mode & 0o777) == 0o600
        assert not target.exists() and planted.is_symlink()
        assert written.name in notices(app)


async def test_app_warns_when_the_config_folder_is_not_private(isolated_user_dirs: Path) -> None:
    from .app_helpers import app_on, notices, settle

    folder = isolated_user_dirs / "config" / "briefing"
    folder.mkdir(parents=True)
    os.chmod(folder, 0o777)
    app = app_on()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert "is not private" in notices(app)


def test_stale_store_temp_files_are_removed_by_the_next_compile(tmp_path: Path) -> None:
    from briefing.model.store.opening import open_model

    from .conftest import DATA

    stores = tmp_path / "cache" / "stores"
    stores.mkdir(parents=True, mode=0o700)
    old = stores / ".store-killed.tmp"
    fresh = stores / ".store-live.tmp"
    for path in (old, fresh):
        path.write_bytes(b"half a store")
    long_ago = time.time() - 3600
    os.utime(old, (long_ago, long_ago))
    open_model([DATA], cache_dir=tmp_path / "cache")
    assert any(p.suffix == ".sqlite" for p in stores.iterdir()), list(stores.iterdir())
    assert not old.exists() and fresh.exists()
