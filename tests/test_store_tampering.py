"""A compiled store that was damaged, planted, swapped or raced never runs code and never hides the real editions.

What a user gets, whatever happened to ``<cache>/stores/<hash>.sqlite``: :func:`open_model`
returns without an exception, and the editions are a fresh compile's, because a store that
does not decode is rebuilt, and a store nobody but the user could have written is the only
one ever read. The child that compiles large editions imports nothing from the working
folder and stops when asked. See ``briefing/model/store/opening.py`` and ``compile.py``.
"""

from __future__ import annotations

import json
import os
import pickle
import random
import shutil
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from briefing.cli import run
from briefing.model.data.loader import load_editions
from briefing.model.data.records import field_of
from briefing.model.store import compile as compile_module
from briefing.model.store import opening
from briefing.model.store.compile import build, compile_in_child, stop_children
from briefing.model.store.database import STORE_VERSION
from briefing.model.store.freshness import signature_of
from briefing.model.store.opening import open_model, open_store, store_path

from .conftest import EDITION

DATASETS = ("news", "medals", "articles", "events", "report")  # report: its parts
OLD_NS = time.time_ns() - 3600 * 10**9  # an hour ago: clear of the racy window, so the store is kept
HEADLINE = "Record-Breaking Space Walk Achieved"
FORGED = "Forged-Breaking Space Walk Achieved"  # as long as the real one: a planted store of the same size


def aged_copy(root: Path, headline: str = HEADLINE) -> Path:
    """A data folder under ``root`` holding a copy of the shipped edition (with ``headline``), dated an hour ago."""
    edition = root / "data" / EDITION.name
    shutil.copytree(EDITION, edition)
    news = edition / "news.toml"
    news.write_text(news.read_text("utf-8").replace(f'headline = "{HEADLINE}"', f'headline = "{headline}"'), "utf-8")
    for path in edition.glob("*.toml"):
        os.utime(path, ns=(OLD_NS, OLD_NS))
    return root / "data"


def snapshot(model) -> tuple:
    """Everything a user can be shown: each edition's report and contexts, every record, the warnings."""
    return ([(e.id, e.report, e.medal_context, e.trends) for e in model.editions],
            {dataset: [list(getattr(e, field_of(dataset))) for e in model.editions] for dataset in DATASETS}, model.warnings)


def overwrite(path: Path, data: bytes) -> None:
    """Put ``data`` in the file at ``path`` in place: same inode, same owner, same 0600 mode."""
    fd = os.open(path, os.O_WRONLY | os.O_TRUNC)
    try:
        os.write(fd, data)
    finally:
        os.close(fd)


def altered(data: bytes, change) -> bytes:
    """The store ``data`` after ``change(connection)``: how someone with a SQLite shell would edit it."""
    connection = sqlite3.connect(":memory:")
    connection.deserialize(data)
    change(connection)
    connection.commit()
    result = connection.serialize()
    connection.close()
    return result


class Cached:
    """A data folder, its cache folder, its store file and the editions a fresh compile gives."""

    def __init__(self, root: Path) -> None:
        self.paths = [aged_copy(root)]
        self.cache = root / "cache"
        open_model(self.paths, cache_dir=self.cache)
        self.fresh = snapshot(open_model(self.paths, cache_dir=self.cache).model)
        self.target = store_path(self.paths, self.cache)
        self.good = self.target.read_bytes()

    def forged(self, root: Path) -> bytes:
        """A well-formed store of these paths' signature whose news headline is :data:`FORGED`."""
        forged = load_editions([aged_copy(root / "forged", FORGED)])
        return build(forged, signature_of(self.paths) or "").serialize()


@pytest.fixture
def cached(tmp_path: Path) -> Cached:
    return Cached(tmp_path)


@pytest.fixture
def marker(tmp_path: Path) -> Path:
    return tmp_path / "code-ran"


def live_pickle(marker: Path) -> bytes:
    """A pickle that creates ``marker`` when loaded; checked here to really do so, so its absence means something."""
    payload = pickle.dumps(_Payload(str(marker)), protocol=0)
    pickle.loads(payload)
    assert marker.exists()
    marker.unlink()
    return payload


class _Payload:
    def __init__(self, path: str) -> None:
        self.path = path

    def __reduce__(self):
        return exec, (f"open({self.path!r}, 'w').close()",)


def untyped(table: str, *updates: str):
    """A change that re-creates ``table`` without column types (so an integer stays an integer), then ``updates``."""
    def change(connection: sqlite3.Connection, marker: Path) -> None:
        columns = ", ".join(row[1] for row in connection.execute(f"PRAGMA table_info({table})"))
        connection.executescript(f"ALTER TABLE {table} RENAME TO old_{table}; CREATE TABLE {table} ({columns}); "
                                 f"INSERT INTO {table} SELECT * FROM old_{table}; DROP TABLE old_{table}; "
                                 + "; ".join(updates))
    return change


def sql(statement: str, *parameters):
    return lambda connection, marker: connection.execute(statement, parameters)


def first_news_json(transform):
    """Replace news record 0 by ``transform(its decoded JSON)``, re-encoded: valid JSON of the wrong shape."""
    def change(connection: sqlite3.Connection, marker: Path) -> None:
        [(text,)] = connection.execute("SELECT record FROM news_records WHERE seq = 0")
        changed = json.dumps(transform(json.loads(text)))
        connection.execute("UPDATE news_records SET record = ? WHERE seq = 0", (changed,))
    return change


DEEP = "[" * 100_000 + "]" * 100_000
REDUCE = '{"__reduce__": ["builtins.exec", ["open(%r, \'w\').close()"]]}'
CRAFTED = {
    "a record as an object": sql("UPDATE news_records SET record = '{\"headline\": \"x\"}' WHERE seq = 0"),
    "a record too short": first_news_json(lambda fields: fields[:-1]),
    "a whole number as true": first_news_json(lambda fields: fields[:-1] + [True]),
    "a text field as a list": first_news_json(lambda fields: [["nested"]] + fields[1:]),
    "a record as __reduce__": lambda c, marker: c.execute(
        "UPDATE events_records SET record = ?", (REDUCE % str(marker),)),
    "a record as Python code": lambda c, marker: c.execute(
        "UPDATE medals_records SET record = ?", (f"__import__('pathlib').Path({str(marker)!r}).touch()",)),
    "a record as a pickle blob": lambda c, marker: c.execute(
        "UPDATE news_records SET record = ?", (live_pickle(marker),)),
    "a record as pickle text": lambda c, marker: c.execute(
        "UPDATE articles_records SET record = ?", (live_pickle(marker).decode("ascii"),)),
    "a record nested 100000 deep": sql("UPDATE news_records SET record = ? WHERE seq = 3", DEEP),
    "a record as an integer": untyped("news_records", "UPDATE news_records SET record = 42 WHERE seq = 1"),
    "a record as a blob": sql("UPDATE events_records SET record = x'00ff' WHERE seq = 2"),
    "the version as an integer": untyped("meta", f"UPDATE meta SET value = {STORE_VERSION} WHERE name = 'version'"),
    "the version as a JSON string": sql("UPDATE meta SET value = ? WHERE name = 'version'",
                                        json.dumps(str(STORE_VERSION))),
    "the signature as a blob": sql("UPDATE meta SET value = CAST(value AS BLOB) WHERE name = 'signature'"),
    "the problems as __reduce__": lambda c, marker: c.execute(
        "UPDATE meta SET value = ? WHERE name = 'problems'", (REDUCE % str(marker),)),
    "the warnings as numbers": sql("UPDATE meta SET value = '[1, 2]' WHERE name = 'warnings'"),
    "no meta table": sql("DROP TABLE meta"),
    "no editions table": sql("DROP TABLE editions"),
    "no events records table": sql("DROP TABLE events_records"),
    "no medals table": sql("DROP TABLE medals"),
    "an edition as an empty list": sql("UPDATE editions SET edition = '[]'"),
    "an edition nested 100000 deep": sql("UPDATE editions SET edition = ?", DEEP),
    "an event's month as text": sql("UPDATE events SET month = 'x' WHERE seq = 0"),
    "a news search text not UTF-8": sql("UPDATE news SET hay = CAST(x'66ff' AS TEXT) WHERE seq = 0"),
    "an edition as a pickle": lambda c, marker: c.execute("UPDATE editions SET edition = ?",
                                                          (live_pickle(marker).decode("ascii"),)),
}

def read_the_lists(model) -> None:
    """Read every column the lists and the search read beside the records, as the tabs and commands do."""
    from briefing.model.store.compile import LIST_COLUMNS

    for dataset in ("news", "medals", "articles", "events"):
        records = getattr(model, field_of(dataset))
        records.keys()
        records.haystacks()
        for name, _ in LIST_COLUMNS.get(dataset, ()):
            records.column(name)
    model.naming("CMSA")


# -- 1. a damaged store is rebuilt -----------------------------------------------------------------


def test_random_byte_changes_never_raise_and_a_detected_one_is_rebuilt(cached: Cached) -> None:
    """Any one byte of the store changed (200 seeded tries): opening returns every record, never an exception;
    whenever the damage shows, the editions are a fresh compile's and the store is written anew."""
    rng = random.Random(20261202)
    rebuilt = 0
    for _ in range(200):
        offset, value = rng.randrange(len(cached.good)), rng.randrange(256)
        damaged = bytearray(cached.good)
        damaged[offset] = value if value != damaged[offset] else value ^ 0xFF
        overwrite(cached.target, bytes(damaged))
        seen = snapshot(open_model(cached.paths, cache_dir=cached.cache).model)
        assert [len(records) for records in seen[1].values()] == [len(r) for r in cached.fresh[1].values()]
        if cached.target.read_bytes() != damaged:
            rebuilt += 1
            assert seen == cached.fresh, f"byte {offset} set to {value}: rebuilt, yet not the fresh editions"
    # Changes inside a record's text that still decode are shown as they are: a store holds no checksum.
    assert rebuilt >= 20


@pytest.mark.parametrize("how", list(CRAFTED))
def test_a_crafted_store_is_rebuilt_and_runs_nothing(cached: Cached, marker: Path, how: str) -> None:
    """A store edited by hand (wrong shapes, code, pickles, deep nesting, wrong types, missing tables): opening
    gives the real editions, no code runs, and the store file is written anew."""
    damaged = altered(cached.good, lambda connection: CRAFTED[how](connection, marker))
    overwrite(cached.target, damaged)
    result = open_model(cached.paths, cache_dir=cached.cache)
    assert snapshot(result.model) == cached.fresh
    read_the_lists(result.model)  # what the tabs and the search read besides the records
    assert snapshot(result.model) == cached.fresh
    assert not marker.exists()
    rewritten = cached.target.read_bytes() != damaged
    assert rewritten, "the damaged store was kept"
    assert snapshot(open_model(cached.paths, cache_dir=cached.cache).model) == cached.fresh  # kept, and it reads


@pytest.mark.parametrize("how, argv", [
    ("a record as a pickle blob", ["show", "news-record-spacewalk"]),
    ("no editions table", ["search", "spacewalk"]),
    ("an edition nested 100000 deep", ["show", "news-record-spacewalk"]),
    ("a record as __reduce__", ["timeline"]),
    ("an event's month as text", ["timeline"]),
])
def test_the_commands_print_from_a_damaged_store_what_they_print_from_a_sound_one(
        tmp_path: Path, capsys, marker: Path, how: str, argv: list[str]) -> None:
    """`briefing show`, `search` and `timeline` after the store was damaged: the same output, exit 0."""
    argv = ["--data", str(aged_copy(tmp_path)), *argv]
    sound = run(argv), capsys.readouterr().out
    assert sound[0] == 0 and sound[1]
    [target] = Path(os.environ["BRIEFING_CACHE_DIR"], "stores").glob("*.sqlite")
    overwrite(target, altered(target.read_bytes(), lambda connection: CRAFTED[how](connection, marker)))
    assert (run(argv), capsys.readouterr().out) == sound
    assert not marker.exists()


# -- 2. trust is checked on the opened folder and file ------------------------------------------------


def test_a_forged_store_in_a_private_folder_is_read(cached: Cached, tmp_path: Path) -> None:
    """The control for the tests below: a forged store the user could have written is what is shown."""
    overwrite(cached.target, cached.forged(tmp_path))
    assert open_model(cached.paths, cache_dir=cached.cache).model.news[0].headline == FORGED


@pytest.mark.parametrize("what, mode", [("folder", 0o770), ("folder", 0o707), ("file", 0o666), ("file", 0o620)])
def test_a_forged_store_others_could_write_is_never_read(cached: Cached, tmp_path: Path, what: str,
                                                        mode: int) -> None:
    """A store in a folder others can write to, or a store file others can write: the real editions are shown."""
    overwrite(cached.target, cached.forged(tmp_path))
    (cached.target.parent if what == "folder" else cached.target).chmod(mode)
    assert snapshot(open_model(cached.paths, cache_dir=cached.cache).model) == cached.fresh
    assert snapshot(open_model(cached.paths, cache_dir=cached.cache).model) == cached.fresh


@pytest.mark.parametrize("what", ["folder", "file"])
def test_a_link_planted_in_place_of_the_store_is_not_followed(cached: Cached, tmp_path: Path, what: str) -> None:
    """A symlink put where the stores folder or the store file was: the real editions, the link's target untouched."""
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir(mode=0o700)
    planted = elsewhere / cached.target.name
    planted.write_bytes(cached.forged(tmp_path))
    planted.chmod(0o600)
    before = planted.read_bytes(), planted.stat().st_mtime_ns
    if what == "folder":
        shutil.rmtree(cached.target.parent)
        cached.target.parent.symlink_to(elsewhere, target_is_directory=True)
    else:
        cached.target.unlink()
        cached.target.symlink_to(planted)
    for _ in range(2):
        assert snapshot(open_model(cached.paths, cache_dir=cached.cache).model) == cached.fresh
    assert (planted.read_bytes(), planted.stat().st_mtime_ns) == before
    assert sorted(p.name for p in elsewhere.iterdir()) == [planted.name]


# -- 3. a store larger than READ_WHOLE_BYTES is opened by path ------------------------------------------


def test_a_large_store_opens_by_path(cached: Cached, monkeypatch) -> None:
    """A store above the size read whole: opened by SQLite from its path, the same editions."""
    monkeypatch.setattr(opening, "READ_WHOLE_BYTES", 0)
    result = open_store(cached.paths, cache_dir=cached.cache)
    assert result is not None and result.model.store.name == str(cached.target)
    assert snapshot(result.model) == cached.fresh


def test_a_large_store_swapped_after_its_check_is_refused(cached: Cached, tmp_path: Path, monkeypatch) -> None:
    """The store file replaced by a forged one between the check on our descriptor and SQLite's open by path:
    the forged store is refused and the real editions shown."""
    monkeypatch.setattr(opening, "READ_WHOLE_BYTES", 0)
    forged = tmp_path / "forged.sqlite"
    forged.write_bytes(cached.forged(tmp_path))
    forged.chmod(0o600)
    assert forged.stat().st_size == len(cached.good)  # so only the inode, not the size, can tell them apart
    connect = sqlite3.connect

    def swapping_connect(database, *args, **kwargs):
        if str(database).startswith("file:") and forged.exists():
            os.replace(forged, cached.target)
        return connect(database, *args, **kwargs)

    monkeypatch.setattr(opening.sqlite3, "connect", swapping_connect)
    assert snapshot(open_model(cached.paths, cache_dir=cached.cache).model) == cached.fresh
    assert not forged.exists()  # the swap did happen


def test_opened_same_file_tells_the_checked_file_from_another(cached: Cached, tmp_path: Path) -> None:
    """SQLite holding file B while we checked file A is told apart; holding A itself is recognised."""
    a, b = tmp_path / "a.sqlite", tmp_path / "b.sqlite"
    a.write_bytes(cached.good)
    b.write_bytes(cached.good)
    fd = os.open(a, os.O_RDONLY)
    try:
        found = os.fstat(fd)
        for path, same in ((b, False), (a, True)):
            connection = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
            connection.execute("SELECT count(*) FROM sqlite_master").fetchall()
            assert opening._opened_same_file(found, besides=fd) is same
            connection.close()
    finally:
        os.close(fd)


# -- 4 and 5. the child compile ----------------------------------------------------------------------


def test_the_child_imports_nothing_from_the_working_folder(cached: Cached, tmp_path: Path, marker: Path,
                                                           monkeypatch) -> None:
    """Modules planted in the working folder and on PYTHONPATH (briefing, json, sqlite3, sitecustomize) never run
    in the compile child; the store it writes opens with the real editions."""
    work = tmp_path / "work"
    payload = f"open({str(marker)!r}, 'a').write(__name__ + ' ')\n"
    for module in ("briefing/__init__.py", "briefing/model/__init__.py", "briefing/model/store/__init__.py",
                   "briefing/model/store/compile.py", "json.py", "sqlite3/__init__.py", "sitecustomize.py",
                   "usercustomize.py"):
        (work / module).parent.mkdir(parents=True, exist_ok=True)
        (work / module).write_text(payload, "utf-8")
    subprocess.run([sys.executable, "-c", "import briefing"], cwd=work, check=True)  # the plant is live
    assert marker.read_text() == "briefing "
    marker.unlink()
    cached.target.unlink()
    monkeypatch.chdir(work)
    monkeypatch.setenv("PYTHONPATH", str(work))
    assert compile_in_child(cached.paths, cached.target, signature_of(cached.paths) or "")
    assert not marker.exists()
    result = open_store(cached.paths, cache_dir=cached.cache)
    assert result is not None and snapshot(result.model) == cached.fresh


@pytest.fixture(scope="module")
def big_edition(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A generated edition of 10,000 events: the child needs a few seconds to compile it."""
    repo = str(Path(__file__).resolve().parents[1])
    if repo not in sys.path:  # `bench` lives in the checkout, not in the installed package
        sys.path.insert(0, repo)
    from bench import generate

    root = tmp_path_factory.mktemp("big")
    generate.generate(root, 10_000)
    for path in root.rglob("*.toml"):
        os.utime(path, ns=(OLD_NS, OLD_NS))
    return root


@pytest.mark.long
def test_stop_children_stops_a_compile_at_once(big_edition: Path, tmp_path: Path) -> None:
    """Quitting the app while a large edition compiles: the child is gone within 3 s and leaves no file behind."""
    target = tmp_path / "stores" / "big.sqlite"
    outcome: list[bool] = []
    thread = threading.Thread(target=lambda: outcome.append(
        compile_in_child([big_edition], target, signature_of([big_edition]) or "")))
    thread.start()
    deadline = time.monotonic() + 10
    while not compile_module._children and time.monotonic() < deadline:
        time.sleep(0.01)
    [child] = list(compile_module._children)
    time.sleep(0.3)  # well into importing and parsing
    started = time.monotonic()
    stop_children()
    thread.join(3)
    assert not thread.is_alive() and time.monotonic() - started < 3
    assert outcome == [False]
    assert child.poll() is not None
    assert not target.exists()
    assert not list(tmp_path.glob("stores/.store-*.tmp"))
