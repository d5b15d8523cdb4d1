"""The notes store: round trips, atomic writes, damaged files, locking and concurrent instances.

Losing a note is the worst bug briefing can have, so every storage rule has a test here.
Everything happens under ``tmp_path``; the real home is never touched.
"""

from __future__ import annotations

import datetime as dt
import errno
import os
import signal
import socket
import stat
import subprocess
import sys
import tempfile
import time
import tomllib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from briefing.model.notes import notes_file_keeper
from briefing.model.notes.notebook import NOTES_FILE, Note, Notebook, SaveResult, NotebookError
from briefing.model.data.text import clean_text

ROOT = Path(__file__).resolve().parent.parent
ED = "2024-09-to-2025-03"
IS_ROOT = os.geteuid() == 0


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """The config folder; not created, as on a first run."""
    return tmp_path / "config" / "briefing"


@pytest.fixture
def store(folder: Path) -> Notebook:
    return Notebook(folder)


def other_files(folder: Path) -> list[str]:
    """Files in the folder besides the notes file and its lock (temp files, corrupt copies)."""
    return sorted(p.name for p in folder.iterdir() if p.name not in (NOTES_FILE, NOTES_FILE + ".lock"))


def seeded(store: Notebook) -> bytes:
    """Save two notes and return the file's bytes, to check later that a failure left them alone."""
    store.save(ED, "news", "news-a", "first note")
    store.save(ED, "events", "event-b", "second\nnote")
    return store.path.read_bytes()


def subprocess_env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    return env


# -- basics ---------------------------------------------------------------------------------


def test_missing_file_loads_empty_and_creates_nothing(store: Notebook, folder: Path) -> None:
    assert store.load() == {}
    assert store.read_quietly() == {}
    assert store.moved_aside is None and store.problem is None
    assert not folder.exists()


def test_default_uses_config_dir_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("BRIEFING_CONFIG_DIR", str(tmp_path / "cfg"))
    store = Notebook.default()
    assert store.path == tmp_path / "cfg" / NOTES_FILE


def test_save_writes_the_documented_shape(store: Notebook, folder: Path) -> None:
    before = dt.datetime.now(dt.timezone.utc)
    result = store.save(ED, "news", "news-record-spacewalk", "Check the 2001 record.")
    assert isinstance(result, SaveResult)
    assert result.message == "Saved." and not result.replaced_newer
    data = tomllib.loads(store.path.read_text("utf-8"))
    assert data["version"] == 1
    (table,) = data["notes"]
    assert table["edition"] == ED and table["dataset"] == "news"
    assert table["id"] == "news-record-spacewalk"
    assert table["text"] == "Check the 2001 record." and table["flagged"] is False
    for name in ("created", "updated"):
        assert isinstance(table[name], dt.datetime)  # a TOML date-time, not a string
        assert table[name].utcoffset() == dt.timedelta(0)
        assert table[name] >= before
    assert store.path.read_text("utf-8").startswith("version = 1\n")
    note = store.load()[f"{ED}/news-record-spacewalk"]
    assert note == result.note
    assert note.key == f"{ED}/news-record-spacewalk"
    assert note.created.tzinfo is not None and note.created.utcoffset() == dt.timedelta(0)


def test_permissions_folder_0700_file_0600(store: Notebook, folder: Path) -> None:
    old = os.umask(0o022)
    try:
        store.save(ED, "news", "n1", "x")
    finally:
        os.umask(old)
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert stat.S_IMODE(store.path.stat().st_mode) == 0o600
    assert stat.S_IMODE(store.lock_path.stat().st_mode) == 0o600
    store.save(ED, "news", "n1", "y")  # a rewrite keeps 0600
    assert stat.S_IMODE(store.path.stat().st_mode) == 0o600


def test_existing_folder_mode_is_left_alone(tmp_path: Path) -> None:
    tmp_path.chmod(0o755)
    Notebook(tmp_path).save(ED, "news", "n1", "x")
    assert stat.S_IMODE(tmp_path.stat().st_mode) == 0o755


def test_update_keeps_created_and_flag_and_moves_updated(store: Notebook) -> None:
    first = store.save(ED, "news", "n1", "one").note
    assert first is not None
    store.set_flag(ED, "news", "n1", True)
    second = store.save(ED, "news", "n1", "two", seen_updated=first.updated).note
    assert second is not None
    assert second.created == first.created
    assert second.updated > first.updated
    assert second.flagged is True and second.text == "two"
    assert store.load() == {second.key: second}


def test_unchanged_text_does_not_rewrite(store: Notebook) -> None:
    note = store.save(ED, "news", "n1", "same").note
    before = store.path.stat().st_mtime_ns, store.path.stat().st_ino
    result = store.save(ED, "news", "n1", "same", seen_updated=note.updated)
    assert result.note == note and not result.replaced_newer
    assert (store.path.stat().st_mtime_ns, store.path.stat().st_ino) == before


def test_updated_is_strictly_increasing_even_with_a_frozen_clock(
    store: Notebook, monkeypatch: pytest.MonkeyPatch
) -> None:
    frozen = dt.datetime(2025, 3, 2, 9, 0, tzinfo=dt.timezone.utc)
    monkeypatch.setattr(notes_file_keeper, "now_utc", lambda: frozen)
    a = store.save(ED, "news", "n1", "a").note
    b = store.save(ED, "news", "n1", "b", seen_updated=a.updated).note
    assert b.updated > a.updated


def test_empty_text_on_unflagged_note_removes_it(store: Notebook) -> None:
    note = store.save(ED, "news", "n1", "text").note
    result = store.save(ED, "news", "n1", "", seen_updated=note.updated)
    assert result.note is None and "removed" in result.message
    assert store.load() == {}


def test_flag_without_text(store: Notebook) -> None:
    note = store.set_flag(ED, "medals", "m1", True)
    assert note is not None and note.text == "" and note.flagged
    assert store.load()[f"{ED}/m1"] == note
    # Saving empty text on a flagged note keeps the flag.
    kept = store.save(ED, "medals", "m1", "", seen_updated=note.updated).note
    assert kept is not None and kept.flagged and kept.text == ""
    # Unflagging a note with empty text removes it.
    assert store.set_flag(ED, "medals", "m1", False) is None
    assert store.load() == {}


def test_unflagging_a_note_with_text_keeps_it(store: Notebook) -> None:
    saved = store.save(ED, "articles", "a1", "keep me").note
    flagged = store.set_flag(ED, "articles", "a1", True)
    assert flagged.flagged and flagged.text == "keep me"
    assert flagged.updated == saved.updated  # `updated` records text changes only
    unflagged = store.set_flag(ED, "articles", "a1", False)
    assert unflagged is not None and not unflagged.flagged and unflagged.text == "keep me"
    assert store.load()[f"{ED}/a1"] == unflagged


def test_unflag_of_missing_note_writes_nothing(store: Notebook, folder: Path) -> None:
    assert store.set_flag(ED, "news", "n1", False) is None
    assert not store.path.exists()


def test_delete(store: Notebook) -> None:
    seeded(store)
    store.delete(ED, "news", "news-a")
    assert list(store.load()) == [f"{ED}/event-b"]
    store.delete(ED, "news", "not-there")  # no error
    assert list(store.load()) == [f"{ED}/event-b"]


def test_delete_on_empty_store_creates_no_file(store: Notebook) -> None:
    store.delete(ED, "news", "n1")
    assert not store.path.exists()


def test_bad_arguments_are_refused_before_anything_is_written(store: Notebook) -> None:
    with pytest.raises(ValueError):
        store.save(ED, "pictures", "n1", "x")
    with pytest.raises(ValueError):
        store.save(ED, "news", "", "x")
    with pytest.raises(TypeError):
        store.save(ED, "news", "n1", None)  # type: ignore[arg-type]
    assert not store.path.exists()


# -- round trips ----------------------------------------------------------------------------

AWKWARD_TEXTS = [
    "line one\nline two\n\nline four",
    'triple """ double quotes """',
    "triple ''' single quotes '''",
    "quotes \" and ' and `",
    "back\\slash \\n not a newline \\u0041",
    "中文笔记：天宫空间站",
    "emoji 🚀🛰️ and ZWJ 👩‍🚀",
    "control \x00 \x01 \x1b[31m \x7f \x85 \u2028 \u202e",
    "tab\tseparated\t",
    "trailing whitespace   \n  \n",
    "\r\nwindows\r\nline ends\r",
    "# not a heading\n[[notes]]\nid = 'fake'",
    " ",
]


def stored_texts(directory: Path) -> dict[str, str]:
    """The notes' texts as the file holds them, byte for byte (read past the store, which cleans them)."""
    import tomllib

    doc = tomllib.loads((directory / "annotations.toml").read_text("utf-8"))
    return {f"{n['edition']}/{n['id']}": n["text"] for n in doc["notes"]}


@pytest.mark.parametrize("text", AWKWARD_TEXTS)
def test_awkward_text_round_trips(store: Notebook, text: str) -> None:
    """The file keeps the text exactly; what the store hands out is cleaned of control characters
    (issue 29: one cleaning, in the model, for every screen, command and export)."""
    store.save(ED, "news", "n1", text)
    assert stored_texts(store.directory)[f"{ED}/n1"] == text
    fresh = Notebook(store.directory)
    assert fresh.load()[f"{ED}/n1"].text == clean_text(text)[0]
    assert fresh.read_quietly()[f"{ED}/n1"].text == clean_text(text)[0]
    assert len(fresh.load()) == 1


def test_awkward_ids_round_trip(store: Notebook) -> None:
    store.save("ed \"x\"\n", "news", "id ' 中 🚀", "t")
    assert store.load()["ed \"x\"\n/id ' 中 🚀"].text == "t"


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=st.text())
def test_any_text_round_trips(text: str) -> None:
    with tempfile.TemporaryDirectory() as name:
        store = Notebook(Path(name))
        store.save(ED, "news", "other", "neighbour")
        store.save(ED, "news", "n1", text)
        notes = Notebook(Path(name)).load()
        if text:
            assert stored_texts(Path(name))[f"{ED}/n1"] == text
            assert notes[f"{ED}/n1"].text == clean_text(text)[0]
        else:
            assert f"{ED}/n1" not in notes  # empty and unflagged: nothing to keep
        assert notes[f"{ED}/other"].text == "neighbour"


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    text=st.lists(
        st.one_of(st.characters(), st.integers(0xD800, 0xDFFF).map(chr)), min_size=1
    ).map("".join)
)
def test_text_toml_cannot_hold_is_refused_before_writing(text: str) -> None:
    """Lone surrogates cannot be written as UTF-8: NotebookError, old file byte-identical."""
    with tempfile.TemporaryDirectory() as name:
        store = Notebook(Path(name))
        store.save(ED, "news", "other", "neighbour")
        before = store.path.read_bytes()
        if any(0xD800 <= ord(ch) <= 0xDFFF for ch in text):
            with pytest.raises(NotebookError) as caught:
                store.save(ED, "news", "n1", text)
            assert "not saved" in caught.value.message
            assert store.path.read_bytes() == before
            assert other_files(Path(name)) == []
        else:
            store.save(ED, "news", "n1", text)
            assert stored_texts(Path(name))[f"{ED}/n1"] == text
            assert Notebook(Path(name)).load()[f"{ED}/n1"].text == clean_text(text)[0]


def test_lone_surrogate_is_refused(store: Notebook) -> None:
    before = seeded(store)
    with pytest.raises(NotebookError):
        store.save(ED, "news", "news-a", "broken \ud800 text")
    assert store.path.read_bytes() == before
    assert other_files(store.directory) == []


# -- what the store keeps that it does not understand -----------------------------------------


def test_unknown_keys_and_order_and_orphans_survive_a_rewrite(store: Notebook, folder: Path) -> None:
    folder.mkdir(parents=True)
    store.path.write_text(
        "version = 1\n"
        'owner = "analyst"\n'
        "\n"
        "[[notes]]\n"
        'edition = "1999-old"\n'
        'dataset = "news"\n'
        'id = "gone-from-the-data"\n'
        'text = "orphan"\n'
        "flagged = true\n"
        "created = 2020-01-01T00:00:00Z\n"
        "updated = 2020-01-02T00:00:00+08:00\n"
        'colour = "red"\n'
        "\n"
        "[[notes]]\n"
        f'edition = "{ED}"\n'
        'dataset = "news"\n'
        'id = "n2"\n'
        'text = "hand written, no flag or times"\n'
        'colour = "blue"\n',
        "utf-8",
    )
    notes = store.load()
    orphan = notes["1999-old/gone-from-the-data"]
    assert orphan.updated == dt.datetime(2020, 1, 1, 16, tzinfo=dt.timezone.utc)
    hand = notes[f"{ED}/n2"]
    assert hand.flagged is False and hand.created == hand.updated
    store.save(ED, "news", "n2", "edited")
    store.save(ED, "events", "n3", "new")
    data = tomllib.loads(store.path.read_text("utf-8"))
    assert data["owner"] == "analyst"
    assert [n["id"] for n in data["notes"]] == ["gone-from-the-data", "n2", "n3"]
    assert data["notes"][0]["colour"] == "red" and data["notes"][0]["text"] == "orphan"
    assert data["notes"][1]["colour"] == "blue" and data["notes"][1]["text"] == "edited"


def test_duplicate_notes_in_a_hand_edited_file_are_not_dropped(store: Notebook, folder: Path) -> None:
    folder.mkdir(parents=True)
    table = f'[[notes]]\nedition = "{ED}"\ndataset = "news"\nid = "dup"\ntext = "%s"\n'
    store.path.write_text("version = 1\n" + table % "first" + table % "second", "utf-8")
    assert store.load()[f"{ED}/dup"].text == "second"  # the last one wins, as shown
    store.save(ED, "news", "other", "x")
    texts = [n["text"] for n in tomllib.loads(store.path.read_text("utf-8"))["notes"]]
    assert texts == ["first", "second", "x"]


# -- atomic writes and failures ------------------------------------------------------------------


def _enospc(*args, **kwargs):
    raise OSError(errno.ENOSPC, "No space left on device")


def _eacces(*args, **kwargs):
    raise PermissionError(errno.EACCES, "Permission denied")


def _erofs(*args, **kwargs):
    raise OSError(errno.EROFS, "Read-only file system")


def _eio(*args, **kwargs):
    raise OSError(errno.EIO, "Input/output error")


@pytest.mark.parametrize(
    ("target", "failure", "expected"),
    [
        ("os.replace", _eio, "Input/output error"),  # a crash between write and rename
        ("os.fsync", _eio, "Input/output error"),
        ("os.write", _enospc, "is full"),
        ("tempfile.mkstemp", _eacces, "is read-only"),
        ("tempfile.mkstemp", _erofs, "read-only file system"),
        ("os.replace", _eacces, "is read-only"),
    ],
)
def test_a_failure_at_any_step_leaves_the_old_file_and_no_temp_file(
    store: Notebook, monkeypatch: pytest.MonkeyPatch, target: str, failure, expected: str
) -> None:
    before = seeded(store)
    module, name = target.split(".")
    monkeypatch.setattr({"os": os, "tempfile": tempfile}[module], name, failure)
    with pytest.raises(NotebookError) as caught:
        store.save(ED, "news", "news-a", "this edit fails")
    message = caught.value.message
    assert expected in message
    assert str(store.directory) in message
    assert "your note was not saved and is still in the editor" in message
    monkeypatch.undo()
    assert store.path.read_bytes() == before
    assert other_files(store.directory) == []
    assert store.load()[f"{ED}/news-a"].text == "first note"


def test_a_short_write_is_completed(store: Notebook, monkeypatch: pytest.MonkeyPatch) -> None:
    real_write = os.write
    monkeypatch.setattr(os, "write", lambda fd, data: real_write(fd, bytes(data[:7])))
    store.save(ED, "news", "n1", "a long enough note to need several short writes")
    monkeypatch.undo()
    assert store.load()[f"{ED}/n1"].text == "a long enough note to need several short writes"


def test_interrupt_during_write_cleans_up(store: Notebook, monkeypatch: pytest.MonkeyPatch) -> None:
    before = seeded(store)

    def interrupted(*args):
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "fsync", interrupted)
    with pytest.raises(KeyboardInterrupt):
        store.save(ED, "news", "news-a", "interrupted")
    monkeypatch.undo()
    assert store.path.read_bytes() == before
    assert other_files(store.directory) == []


def test_failures_of_delete_and_flag_say_what_did_not_happen(
    store: Notebook, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = seeded(store)
    monkeypatch.setattr(os, "replace", _enospc)
    with pytest.raises(NotebookError, match="the note was not deleted"):
        store.delete(ED, "news", "news-a")
    with pytest.raises(NotebookError, match="the flag was not changed"):
        store.set_flag(ED, "news", "news-a", True)
    monkeypatch.undo()
    assert store.path.read_bytes() == before


def test_folder_that_cannot_be_created(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(os, "mkdir", _eacces)  # how briefing makes folders (safe_io.make_folders)
    with pytest.raises(NotebookError, match="read-only; your note was not saved"):
        Notebook(tmp_path / "new").save(ED, "news", "n1", "x")


def test_lock_file_that_cannot_be_created(store: Notebook, monkeypatch: pytest.MonkeyPatch) -> None:
    before = seeded(store)
    store.lock_path.unlink()
    real_open = os.open

    def guarded(path, *args, **kwargs):
        if str(path).endswith(".lock"):
            raise PermissionError(errno.EACCES, "Permission denied")
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(os, "open", guarded)
    with pytest.raises(NotebookError, match="is read-only"):
        store.save(ED, "news", "n1", "x")
    monkeypatch.undo()
    assert store.path.read_bytes() == before


@pytest.mark.skipif(IS_ROOT, reason="root writes to a 0500 folder regardless")
def test_really_read_only_folder(store: Notebook) -> None:
    before = seeded(store)
    store.directory.chmod(0o500)
    try:
        with pytest.raises(NotebookError, match="read-only"):
            store.save(ED, "news", "n1", "x")
        assert store.load()[f"{ED}/news-a"].text == "first note"
    finally:
        store.directory.chmod(0o700)
    assert store.path.read_bytes() == before
    assert other_files(store.directory) == []


# -- damaged files ------------------------------------------------------------------------------

BAD_FILES = {
    "empty": b"",
    "whitespace": b"  \n\n",
    "truncated": b'version = 1\n\n[[notes]]\nedition = "2024',
    "binary": bytes(range(256)) * 4,
    "invalid utf-8": b'version = 1\n# caf\xe9\n',
    "notes not a list": b"version = 1\nnotes = 3\n",
    "note missing id": b'version = 1\n[[notes]]\nedition = "e"\ndataset = "news"\ntext = "t"\n',
    "note not a table": b"version = 1\nnotes = [1, 2]\n",
    "text not a string": b'version = 1\n[[notes]]\nedition = "e"\ndataset = "news"\nid = "i"\ntext = 3\n',
    "no version": b'[[notes]]\nedition = "e"\ndataset = "news"\nid = "i"\n',
    "bad time": b'version = 1\n[[notes]]\nedition = "e"\ndataset = "news"\nid = "i"\nupdated = "yesterday"\n',
}


@pytest.mark.parametrize("content", BAD_FILES.values(), ids=BAD_FILES.keys())
def test_bad_file_is_moved_aside_on_load_not_replaced(store: Notebook, folder: Path, content: bytes) -> None:
    folder.mkdir(parents=True)
    store.path.write_bytes(content)
    assert store.load() == {}
    moved = store.moved_aside
    assert moved is not None and moved.parent == folder
    assert moved.name.startswith(NOTES_FILE + ".corrupt-")
    assert len(moved.name) == len(NOTES_FILE + ".corrupt-20250302T091405Z")
    assert moved.read_bytes() == content
    assert not store.path.exists()  # not replaced by an empty file
    assert str(moved) in store.problem
    # The next save starts a fresh file, and the damaged copy stays.
    store.save(ED, "news", "n1", "fresh")
    assert list(Notebook(folder).load()) == [f"{ED}/n1"]
    assert moved.read_bytes() == content


def test_moved_aside_name_gets_a_counter(store: Notebook, folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(notes_file_keeper, "now_utc", lambda: dt.datetime(2025, 3, 2, 9, 14, 5, tzinfo=dt.timezone.utc))
    folder.mkdir(parents=True)
    first = folder / f"{NOTES_FILE}.corrupt-20250302T091405Z"
    for content in (b"garbage one", b"garbage two", b"garbage three"):
        store.path.write_bytes(content)
        store.load()
    assert first.read_bytes() == b"garbage one"
    assert (folder / f"{first.name}-2").read_bytes() == b"garbage two"
    assert (folder / f"{first.name}-3").read_bytes() == b"garbage three"
    assert store.moved_aside == folder / f"{first.name}-3"


def test_bad_file_found_by_a_save_is_moved_aside(store: Notebook, folder: Path) -> None:
    seeded(store)
    assert len(store.load()) == 2
    store.path.write_bytes(b"\x00\x01 not toml at all")  # damaged behind our back
    result = store.save(ED, "news", "n9", "written after the damage")
    assert result.note is not None and result.note.text == "written after the damage"
    assert store.moved_aside is not None
    assert str(store.moved_aside) in result.message and result.message.startswith("Saved.")
    assert store.moved_aside.read_bytes() == b"\x00\x01 not toml at all"
    assert list(Notebook(folder).load()) == [f"{ED}/n9"]


def test_bad_file_found_by_flag_and_delete_is_moved_aside(store: Notebook, folder: Path) -> None:
    folder.mkdir(parents=True)
    store.path.write_bytes(b"[[[")
    store.set_flag(ED, "news", "n1", True)
    store.path.write_bytes(b"]]]")
    store.delete(ED, "news", "n1")
    corrupt = sorted(p.read_bytes() for p in folder.glob(NOTES_FILE + ".corrupt-*"))
    assert corrupt == [b"[[[", b"]]]"]


def test_read_quietly_does_not_move_a_bad_file(store: Notebook, folder: Path) -> None:
    folder.mkdir(parents=True)
    store.path.write_bytes(b"notes = 3")
    assert store.read_quietly() == {}
    assert store.problem and "damaged" in store.problem
    assert store.path.read_bytes() == b"notes = 3"
    assert other_files(folder) == []


def test_bad_file_that_cannot_be_moved_stays_and_is_reported(
    store: Notebook, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder.mkdir(parents=True)
    store.path.write_bytes(b"garbage")
    monkeypatch.setattr(os, "link", _eacces)
    assert store.load() == {}
    assert store.moved_aside is None and "could not be moved aside" in store.problem
    with pytest.raises(NotebookError):
        store.save(ED, "news", "n1", "x")
    assert store.path.read_bytes() == b"garbage"


def test_move_aside_falls_back_to_rename_without_hard_links(
    store: Notebook, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder.mkdir(parents=True)
    store.path.write_bytes(b"garbage")
    monkeypatch.setattr(os, "link", lambda *a: (_ for _ in ()).throw(OSError(errno.EPERM, "no links")))
    store.load()
    assert store.moved_aside is not None and store.moved_aside.read_bytes() == b"garbage"
    assert not store.path.exists()


def test_newer_format_is_left_alone(store: Notebook, folder: Path) -> None:
    folder.mkdir(parents=True)
    content = b'version = 2\n[[notes]]\nwhatever = "new"\n'
    store.path.write_bytes(content)
    assert store.load() == {}
    assert "newer briefing" in store.problem and store.moved_aside is None
    assert store.read_quietly() == {} and "newer briefing" in store.problem
    with pytest.raises(NotebookError, match="newer briefing"):
        store.save(ED, "news", "n1", "x")
    assert store.path.read_bytes() == content
    assert other_files(folder) == []


def test_unreadable_file_is_never_overwritten(store: Notebook, folder: Path) -> None:
    store.path.mkdir(parents=True)  # a folder where the file should be: unreadable as a file
    assert store.load() == {}
    assert store.problem and "Could not read" in store.problem
    with pytest.raises(NotebookError, match="Could not read"):
        store.save(ED, "news", "n1", "x")
    assert store.path.is_dir()


def test_byte_order_mark_is_accepted(store: Notebook, folder: Path) -> None:
    folder.mkdir(parents=True)
    store.path.write_bytes(b'\xef\xbb\xbfversion = 1\n[[notes]]\nedition = "e"\ndataset = "news"\nid = "i"\n')
    assert list(store.load()) == ["e/i"] and store.moved_aside is None


# -- concurrent instances -------------------------------------------------------------------


def test_stale_instance_keeps_the_other_instances_note(folder: Path) -> None:
    first, second = Notebook(folder), Notebook(folder)
    first.load()
    second.load()
    second.save(ED, "news", "from-second", "B")
    first.save(ED, "news", "from-first", "A")  # first never re-loaded
    notes = Notebook(folder).load()
    assert notes[f"{ED}/from-first"].text == "A"
    assert notes[f"{ED}/from-second"].text == "B"
    first.delete(ED, "news", "from-first")
    assert list(Notebook(folder).load()) == [f"{ED}/from-second"]


def test_same_note_in_two_instances_later_save_wins_and_says_so(folder: Path) -> None:
    first, second = Notebook(folder), Notebook(folder)
    original = first.save(ED, "news", "n1", "original").note
    opened = first.load()[f"{ED}/n1"].updated  # both windows open the editor now
    assert opened == original.updated
    b = second.save(ED, "news", "n1", "second window's text", seen_updated=opened)
    assert not b.replaced_newer and b.message == "Saved."
    a = first.save(ED, "news", "n1", "first window's text", seen_updated=opened)
    assert a.replaced_newer
    assert "another window" in a.message and "replaced" in a.message
    assert a.replaced is not None and a.replaced.text == "second window's text"
    assert Notebook(folder).load()[f"{ED}/n1"].text == "first window's text"
    # Saving again from the same editor, with the time it got back, is not a conflict.
    again = first.save(ED, "news", "n1", "first, again", seen_updated=a.note.updated)
    assert not again.replaced_newer


def test_new_note_created_meanwhile_elsewhere_is_reported(folder: Path) -> None:
    Notebook(folder).save(ED, "news", "n1", "written elsewhere")
    result = Notebook(folder).save(ED, "news", "n1", "mine", seen_updated=None)
    assert result.replaced_newer and result.replaced.text == "written elsewhere"


def test_removing_a_note_edited_elsewhere_is_reported(folder: Path) -> None:
    first, second = Notebook(folder), Notebook(folder)
    opened = first.save(ED, "news", "n1", "v1").note.updated
    second.save(ED, "news", "n1", "v2", seen_updated=opened)
    result = first.save(ED, "news", "n1", "", seen_updated=opened)
    assert result.note is None and result.replaced_newer and "removed it" in result.message
    assert result.replaced.text == "v2"


def test_a_flag_change_elsewhere_is_not_a_conflict(folder: Path) -> None:
    first, second = Notebook(folder), Notebook(folder)
    opened = first.save(ED, "news", "n1", "v1").note.updated
    second.set_flag(ED, "news", "n1", True)
    result = first.save(ED, "news", "n1", "v2", seen_updated=opened)
    assert not result.replaced_newer
    assert result.note.flagged  # the other window's flag is kept
    # Nor is a bare flag set elsewhere on a note this editor thought new.
    second.set_flag(ED, "news", "n2", True)
    assert not first.save(ED, "news", "n2", "text", seen_updated=None).replaced_newer


WRITER = """
import sys, time
from pathlib import Path
from briefing.model.notes.notebook import Notebook
folder, prefix, count, go = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3]), Path(sys.argv[4])
store = Notebook(folder, lock_timeout=60)
while not go.exists():
    time.sleep(0.005)
for n in range(count):
    store.save("2024-09-to-2025-03", "news", f"{prefix}-{n}", f"note {n} from {prefix}")
"""


def test_two_processes_adding_100_notes_each_keep_all_200(folder: Path, tmp_path: Path) -> None:
    go = tmp_path / "go"
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, str(folder), prefix, "100", str(go)],
            cwd=ROOT, env=subprocess_env(),
        )
        for prefix in ("left", "right")
    ]
    time.sleep(0.3)  # let both start, so they race
    go.touch()
    for proc in procs:
        assert proc.wait(timeout=120) == 0
    notes = Notebook(folder).load()
    assert len(notes) == 200
    for prefix in ("left", "right"):
        for n in range(100):
            assert notes[f"{ED}/{prefix}-{n}"].text == f"note {n} from {prefix}"
    assert other_files(folder) == []


# -- the lock -----------------------------------------------------------------------------------

HOLDER = """
import sys, time
from pathlib import Path
from briefing.model.notes.notebook import Notebook
lock = Notebook(Path(sys.argv[1]))._locked("held for a test")
lock.__enter__()
print("locked", flush=True)
time.sleep(120)
"""


def _hold_lock(folder: Path) -> subprocess.Popen:
    proc = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(folder)],
        cwd=ROOT, env=subprocess_env(), stdout=subprocess.PIPE, text=True,
    )
    assert proc.stdout.readline().strip() == "locked"
    return proc


def test_lock_timeout_names_the_holder_and_a_killed_holder_frees_it(store: Notebook, folder: Path) -> None:
    before = seeded(store)
    proc = _hold_lock(folder)
    try:
        waiting = Notebook(folder, lock_timeout=0.3)
        started = time.monotonic()
        with pytest.raises(NotebookError) as caught:
            waiting.save(ED, "news", "n1", "blocked")
        assert time.monotonic() - started < 2
        message = caught.value.message
        assert f"pid {proc.pid} on host {socket.gethostname()}" in message
        assert "your note was not saved" in message
        assert store.path.read_bytes() == before
        # Reading does not need the lock.
        assert len(waiting.load()) == 2 and len(waiting.read_quietly()) == 2
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=10)
        proc.stdout.close()
    # The kernel released the dead holder's flock: a save now succeeds.
    result = Notebook(folder, lock_timeout=2).save(ED, "news", "n1", "after the crash")
    assert result.note.text == "after the crash"
    assert len(Notebook(folder).load()) == 3


def test_lock_waits_for_a_short_holder(store: Notebook, folder: Path) -> None:
    seeded(store)
    proc = _hold_lock(folder)
    try:
        killer = subprocess.Popen(
            [sys.executable, "-c", f"import os, signal, time; time.sleep(0.3); os.kill({proc.pid}, signal.SIGKILL)"]
        )
        result = Notebook(folder, lock_timeout=10).save(ED, "news", "n1", "waited")
        assert result.note.text == "waited"
        killer.wait(timeout=10)
    finally:
        proc.kill()
        proc.wait(timeout=10)
        proc.stdout.close()


def test_lock_is_released_and_its_holder_note_cleared(store: Notebook) -> None:
    store.save(ED, "news", "n1", "x")
    assert store.lock_path.read_bytes() == b""
    with store._locked("test"):
        assert store.lock_path.read_text().split() == [str(os.getpid()), socket.gethostname()]
    # Another instance can take it straight away.
    Notebook(store.directory, lock_timeout=0.1).save(ED, "news", "n2", "y")


def test_lock_in_the_same_process_is_exclusive(store: Notebook) -> None:
    store.save(ED, "news", "n1", "x")
    with store._locked("test"):
        with pytest.raises(NotebookError, match=f"pid {os.getpid()}"):
            Notebook(store.directory, lock_timeout=0.1).save(ED, "news", "n2", "y")
    assert list(store.load()) == [f"{ED}/n1"]


def test_note_is_frozen() -> None:
    now = dt.datetime.now(dt.timezone.utc)
    note = Note(ED, "news", "n1", "t", False, now, now)
    with pytest.raises(AttributeError):
        note.text = "changed"  # type: ignore[misc]
