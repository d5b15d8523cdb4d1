"""The compiled store: what a user gets from it is what loading the TOML would give, or nothing at all.

The store (``briefing/model/store.py``) replaced the parse cache, and carries over its
guarantees: a model read from the store has the same records, look-ups, problems and
search hits as one loaded in memory; an edit, a new edition or a just-written file is
never hidden behind a stale store; a damaged, unwritable or untrusted store is ignored,
never an exception and never unpickled. Every test uses temporary folders (and the
autouse fixture in ``conftest.py`` keeps the user folders temporary too).
"""

from __future__ import annotations

import os
import pickle
import shutil
import sqlite3
import stat
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from briefing.cli import run
from briefing.model.store import compile as store_module
from briefing.model.data.loader import LoadResult, load_model
from briefing.model.data.records import Model
from briefing.model.store.ranking import SearchIndex, searcher
from briefing.model.store.compile import RACY_SECONDS, open_model, open_store
from briefing.model.store.database import Store, StoredRecords

from .conftest import DATA, EDITION

DATASETS = ("news", "medals", "articles", "events")
LATER = "2025-04-to-2025-09"  # a second edition: a copy of the shipped one, six months on
OLD_NS = time.time_ns() - 3600 * 10**9  # an hour ago: well clear of the racy window
IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


def permissions_enforced(folder: Path) -> bool:
    """False for root (or a process allowed to ignore file modes): then chmod cannot make a test's point."""
    probe = folder / "probe"
    probe.write_text("x", "utf-8")
    probe.chmod(0o000)
    try:
        probe.read_text("utf-8")
    except PermissionError:
        return True
    finally:
        probe.chmod(0o600)
        probe.unlink()
    return False


# -- helpers -------------------------------------------------------------------------------------


def age(folder: Path, ns: int = OLD_NS) -> None:
    """Date every dataset file under ``folder`` in the past, so the store may be written for it."""
    for path in folder.rglob("*.toml"):
        os.utime(path, ns=(ns, ns))


_edits = iter(range(1, 10**6))


def edit(path: Path, old: str, new: str, *, racy: bool = False) -> None:
    """Replace ``old`` by ``new`` in ``path``; dated in the past (but later than before) unless ``racy``."""
    text = path.read_text("utf-8")
    assert old in text, f"{old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1), "utf-8")
    if not racy:
        later = OLD_NS + next(_edits) * 10**9  # each edit a distinct mtime, still an hour old
        os.utime(path, ns=(later, later))


def copy_edition(root: Path, edition_id: str = EDITION.name, period_start: str | None = None) -> Path:
    """A copy of the shipped edition in ``root/edition_id``, optionally starting at ``period_start``."""
    target = root / edition_id
    shutil.copytree(EDITION, target)
    if period_start is not None:
        edit(target / "report.toml", "period_start = 2024-09-01", f"period_start = {period_start}")
    age(target)
    return target


def compiled(paths: list[Path], cache: Path) -> LoadResult:
    """Open ``paths`` twice, so the second model certainly comes from the store, and return that one."""
    open_model(paths, cache_dir=cache)
    result = open_model(paths, cache_dir=cache)
    assert result.model.source is not None, "the second open should read from the store"
    return result


def store_files(cache: Path) -> list[Path]:
    return sorted((cache / "stores").glob("*")) if (cache / "stores").is_dir() else []


def the_store_exists(cache: Path) -> bool:
    return any(p.suffix == ".sqlite" for p in store_files(cache))


def the_store(cache: Path) -> Path:
    [path] = [p for p in store_files(cache) if p.suffix == ".sqlite"]
    return path


def keys(records) -> list[str]:
    return [record.key for record in records]


def assert_same_records(stored: Model, loaded: Model) -> None:
    """Same editions, and every dataset's records equal and in the same order."""
    assert [e.id for e in stored.editions] == [e.id for e in loaded.editions]
    for ours, theirs in zip(stored.editions, loaded.editions):
        assert (ours.report, ours.medal_context, ours.trends) == (theirs.report, theirs.medal_context, theirs.trends)
    for dataset in DATASETS:
        assert list(getattr(stored, dataset)) == list(getattr(loaded, dataset)), dataset


def hits(index, query: str, **options) -> list[tuple[str, int, str]]:
    """What a search shows: each hit's record key, rank and field, in order."""
    return [(hit.record.key, hit.rank, hit.field) for hit in index.search(query, **options)]


def problem_lines(result: LoadResult) -> list[str]:
    return [str(p) for p in result.problems]


# -- 1. the shipped data, from the store and in memory --------------------------------------------


@pytest.fixture(scope="module")
def shipped(tmp_path_factory: pytest.TempPathFactory) -> tuple[LoadResult, LoadResult]:
    """(from the store, in memory) for the shipped data; built once, the tests only read them."""
    cache = tmp_path_factory.mktemp("cache")
    return compiled([DATA], cache), load_model([DATA])


def test_the_second_open_reads_the_store_instead_of_the_toml(tmp_path: Path, monkeypatch) -> None:
    first = open_model([DATA], cache_dir=tmp_path)
    assert first.model.source is not None  # compiled, then served from the new store at once
    path = the_store(tmp_path)
    assert stat.S_IMODE(path.stat().st_mode) & 0o077 == 0  # private: nobody else can plant pickles
    assert not [p for p in store_files(tmp_path) if p.name.startswith(".store-")]  # no temporary left

    def no_parsing(*args, **kwargs):
        raise AssertionError("the TOML was loaded again")

    monkeypatch.setattr(store_module, "load_model", no_parsing)
    again = open_model([DATA], cache_dir=tmp_path)
    assert isinstance(again.model.source, Store)
    assert again.model.news[0].headline == "Record-Breaking Space Walk Achieved"


def test_records_are_the_loaded_ones(shipped) -> None:
    stored, loaded = shipped
    assert stored.model.source is not None and loaded.model.source is None
    assert_same_records(stored.model, loaded.model)
    assert list(stored.model.records()) == list(loaded.model.records())


def test_lookups_are_the_loaded_ones(shipped) -> None:
    stored, loaded = (result.model for result in shipped)
    every = list(loaded.records())
    for record in every:
        assert stored.get(record.key) == record
        assert stored.find(record.key) == [record]  # by key
        assert stored.find(record.id) == loaded.find(record.id)  # by id
    for missing in ("", "nope", f"{EDITION.name}/nope", "other-edition/news-record-spacewalk", "/", "a/b/c"):
        assert stored.get(missing) is None and stored.find(missing) == loaded.find(missing) == []
    for item in loaded.news:
        assert stored.events_from(item.key) == loaded.events_from(item.key)
    assert any(stored.events_from(item.key) for item in loaded.news)  # the comparison above is not all empty


def test_editions_only_problems_and_warnings_are_the_loaded_ones(shipped) -> None:
    stored, loaded = shipped
    assert problem_lines(stored) == problem_lines(loaded)
    assert stored.model.warnings == loaded.model.warnings
    only = stored.model.only(EDITION.name)
    assert_same_records(only, loaded.model.only(EDITION.name))
    with pytest.raises(KeyError):
        stored.model.only("no-such-edition")


# Notes live in the user's notes file, not in the store: one holds a word no record has.
NOTES = {
    f"{EDITION.name}/news-shijian-25-launched": "Zebrafish payload? Ask about the refuelling test.",
    f"{EDITION.name}/event-2001-us-spacewalk-record": "compare with the Shenzhou-19 walk",
    f"{EDITION.name}/does-not-exist": "a note on a record since removed",
    f"{EDITION.name}/news-record-spacewalk": "",  # an emptied note
}

QUERIES = [
    ("shijian", {}),
    ("space walk", {}),  # a phrase: phrase hits rank above the words apart
    ("walk space", {}),  # the same words in the other order
    ("china satellite launch", {}),  # several words, anywhere in the record
    ("SHÍJIAN-25", {}),  # case and accents folded away
    ("ZHÚ", {}),
    ("天宫", {}),  # CJK text is matched as written
    ("zebrafish", {}),  # only a note has it
    ("shenzhou walk", {}),  # words split between a record and its note
    ("china", {"datasets": ["events"]}),
    ("china", {"datasets": ["news", "medals"], "limit": 4}),
    ("china", {"limit": 7}),
    ("shijian", {"limit": 1}),
    ("refuelling", {"limit": 2}),  # the noted record competes with the others for the places
    ("gold", {"datasets": ["medals"]}),
    ("zzzqqq", {}),
    ("   ", {}),
]


@pytest.mark.parametrize(("query", "options"), QUERIES, ids=[f"{q!r}-{o}" for q, o in QUERIES])
def test_search_hits_are_the_in_memory_ones(shipped, query: str, options: dict) -> None:
    stored, loaded = (result.model for result in shipped)
    expected = hits(SearchIndex(loaded.records(), NOTES), query, **options)
    assert hits(searcher(stored, NOTES), query, **options) == expected
    if query in ("shijian", "zebrafish", "space walk"):
        assert expected  # these queries do find something: the comparison is not trivially empty


# Words the data holds (and some it does not), for queries drawn at random.
VOCABULARY = ["china", "chinese", "space", "satellite", "satellites", "launch", "launched", "shijian", "25",
              "walk", "record", "lunar", "station", "tiangong", "gold", "silver", "remote", "sensing",
              "constellation", "pakistan", "plane", "2024", "2025", "cnki", "zebrafish", "refuelling",
              "breaking", "long", "march", "of", "the", "a", "qianfan", "xyzzy"]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(words=st.lists(st.sampled_from(VOCABULARY), min_size=1, max_size=3),
       upper=st.booleans(),
       datasets=st.none() | st.sets(st.sampled_from(DATASETS), min_size=1),
       limit=st.none() | st.integers(1, 6))
def test_random_searches_agree(shipped, words: list[str], upper: bool, datasets, limit) -> None:
    stored, loaded = (result.model for result in shipped)
    query = " ".join(words).upper() if upper else " ".join(words)
    options = {"datasets": sorted(datasets) if datasets else None, "limit": limit}
    assert hits(searcher(stored, NOTES), query, **options) == hits(SearchIndex(loaded.records(), NOTES), query,
                                                                   **options)


# -- 2. several editions --------------------------------------------------------------------------


@pytest.fixture
def two_editions(tmp_path: Path) -> Path:
    """The shipped edition and a later copy of it, in which the 1992 event moved to mid-2025."""
    root = tmp_path / "data"
    copy_edition(root)
    later = copy_edition(root, LATER, period_start="2025-04-01")
    edit(later / "timeline.toml", 'date = "1992"', "date = 2025-06-15")
    return root


def test_several_editions_merge_chronologically_as_in_memory(two_editions: Path, tmp_path: Path) -> None:
    stored = compiled([two_editions], tmp_path / "cache").model
    loaded = load_model([two_editions]).model
    assert [e.id for e in stored.editions] == [EDITION.name, LATER]
    assert_same_records(stored, loaded)
    dates = [event.date.sort_key for event in stored.events]
    assert dates == sorted(dates)
    order = keys(stored.events)
    assert order[0] == f"{EDITION.name}/event-1992-asia-pacific-symposium-founded"
    moved = order.index(f"{LATER}/event-1992-asia-pacific-symposium-founded")  # now dated 2025-06-15
    assert moved > order.index(f"{LATER}/event-2001-us-spacewalk-record") > 0
    for record in loaded.records():
        assert stored.get(record.key) == record
    both = stored.find("news-shijian-25-launched")
    assert keys(both) == [f"{EDITION.name}/news-shijian-25-launched", f"{LATER}/news-shijian-25-launched"]
    assert both == loaded.find("news-shijian-25-launched")
    key = f"{LATER}/news-pakistan-cooperation"
    assert stored.events_from(key) == loaded.events_from(key) != []


@pytest.mark.parametrize("edition_id", [EDITION.name, LATER])
def test_one_edition_of_several(two_editions: Path, tmp_path: Path, edition_id: str) -> None:
    stored = compiled([two_editions], tmp_path / "cache").model.only(edition_id)
    loaded = load_model([two_editions]).model.only(edition_id)
    assert_same_records(stored, loaded)
    for dataset in DATASETS:
        records = getattr(stored, dataset)
        assert len(records) > 0 and {r.edition for r in records} == {edition_id}, dataset
    other = LATER if edition_id == EDITION.name else EDITION.name
    assert stored.get(f"{other}/news-shijian-25-launched") is None  # the other edition is not visible
    assert keys(stored.find("news-shijian-25-launched")) == [f"{edition_id}/news-shijian-25-launched"]
    assert stored.events_from(f"{other}/news-pakistan-cooperation") == []
    for query in ("shijian", "china", "pakistan", "zebrafish"):
        assert hits(searcher(stored, NOTES), query) == hits(SearchIndex(loaded.records(), NOTES), query)


def test_searching_several_editions(two_editions: Path, tmp_path: Path) -> None:
    stored = compiled([two_editions], tmp_path / "cache").model
    loaded = load_model([two_editions]).model
    for query, options in QUERIES:
        assert hits(searcher(stored, NOTES), query, **options) == hits(SearchIndex(loaded.records(), NOTES),
                                                                       query, **options), (query, options)


def test_limited_search_when_edition_names_do_not_sort_by_date(tmp_path: Path) -> None:
    # Folder names need not sort by date: "b-spring" is the earlier edition, "a-autumn" the later.
    root = tmp_path / "data"
    copy_edition(root, "b-spring")
    copy_edition(root, "a-autumn", period_start="2025-04-01")
    stored = compiled([root], tmp_path / "cache").model
    loaded = load_model([root]).model
    assert [e.id for e in stored.editions] == ["b-spring", "a-autumn"]
    # The command palette searches with a limit: it must show the hits an in-memory search shows.
    # As the app and `briefing search` build the in-memory search: with the model's edition order.
    for query, options in (("shijian 25", {"datasets": ["news"], "limit": 1}), ("china", {"limit": 5})):
        assert hits(searcher(stored), query, **options) == hits(searcher(loaded), query, **options)
    # Equal hits come in the editions' order by period, as the model lists them, not by folder name.
    [first] = searcher(stored).search("shijian 25", datasets=["news"], limit=1)
    assert first.record.edition == "b-spring"


# -- 3. freshness: an edit is never hidden behind the store ---------------------------------------


def test_an_edited_file_is_read_again(edition_copy: Path, tmp_path: Path) -> None:
    age(edition_copy)
    cache = tmp_path / "cache"
    key = f"{EDITION.name}/news-shijian-25-launched"
    assert compiled([edition_copy], cache).model.get(key).headline == "Shijian-25 launched for on-orbit refuelling"
    # Same size, later mtime: the size alone would not tell.
    edit(edition_copy / "news.toml", "for on-orbit refuelling", "for on-orbit REFUELLING")
    after = open_model([edition_copy], cache_dir=cache)
    assert after.model.get(key).headline == "Shijian-25 launched for on-orbit REFUELLING"
    assert after.model.source is not None  # a new store was written for the edited data
    # A longer title, and with the mtime set back to the store's: the size tells.
    mtime = (edition_copy / "news.toml").stat().st_mtime_ns
    edit(edition_copy / "news.toml", "for on-orbit REFUELLING", "for on-orbit refuelling and repairs")
    os.utime(edition_copy / "news.toml", ns=(mtime, mtime))
    again = open_model([edition_copy], cache_dir=cache)
    assert again.model.get(key).headline == "Shijian-25 launched for on-orbit refuelling and repairs"
    assert_same_records(again.model, load_model([edition_copy]).model)


def test_an_edition_added_or_removed_is_seen(tmp_path: Path) -> None:
    root = tmp_path / "data"
    copy_edition(root)
    cache = tmp_path / "cache"
    assert [e.id for e in compiled([root], cache).model.editions] == [EDITION.name]
    copy_edition(root, LATER, period_start="2025-04-01")
    added = open_model([root], cache_dir=cache).model
    assert [e.id for e in added.editions] == [EDITION.name, LATER]
    assert added.source is not None and len(added.news) == 2 * len(load_model([EDITION]).model.news)
    shutil.rmtree(root / EDITION.name)
    removed = open_model([root], cache_dir=cache).model
    assert [e.id for e in removed.editions] == [LATER]
    assert removed.get(f"{EDITION.name}/news-shijian-25-launched") is None


def test_a_deleted_dataset_file_is_reported(edition_copy: Path, tmp_path: Path) -> None:
    age(edition_copy)
    cache = tmp_path / "cache"
    compiled([edition_copy], cache)
    (edition_copy / "trends.toml").unlink()
    after = open_model([edition_copy], cache_dir=cache)
    assert list(after.model.articles) == []
    assert any("trends.toml" in line and "dataset file is missing" in line for line in problem_lines(after))


def test_a_file_written_just_now_is_loaded_but_not_compiled(edition_copy: Path, tmp_path: Path) -> None:
    age(edition_copy)
    cache = tmp_path / "cache"
    key = f"{EDITION.name}/news-shijian-25-launched"
    compiled([edition_copy], cache)
    before = the_store(cache).read_bytes()
    # Within the file system's timestamp granularity, a second same-size edit could keep this
    # mtime: a store written now might then hide that edit for good.
    edit(edition_copy / "news.toml", "for on-orbit refuelling", "for on-orbit REFUELLING", racy=True)
    assert time.time() - (edition_copy / "news.toml").stat().st_mtime < RACY_SECONDS
    result = open_model([edition_copy], cache_dir=cache)
    assert result.model.get(key).headline == "Shijian-25 launched for on-orbit REFUELLING"
    assert result.model.source is None  # held in memory ...
    assert the_store(cache).read_bytes() == before  # ... and the old store left as it was
    assert open_store([edition_copy], cache_dir=cache) is None  # which is not believed either


def test_a_fresh_copy_is_not_compiled_at_all(tmp_path: Path) -> None:
    folder = tmp_path / "data" / EDITION.name
    folder.mkdir(parents=True)
    for path in EDITION.iterdir():
        shutil.copyfile(path, folder / path.name)  # not copy2: the mtimes are now
    shutil.copyfile(EDITION.parent / "aliases.toml", folder.parent / "aliases.toml")
    result = open_model([folder], cache_dir=tmp_path / "cache")
    assert result.model.source is None
    assert_same_records(result.model, load_model([EDITION]).model)
    assert not the_store_exists(tmp_path / "cache")


# -- 4. robustness: damaged, unwritable and untrusted stores --------------------------------------


def damage(path: Path, how: str) -> None:
    if how == "garbage":
        path.write_bytes(os.urandom(8192))
    elif how == "truncated":
        data = path.read_bytes()
        path.write_bytes(data[: len(data) // 2])
    elif how == "header only":
        path.write_bytes(path.read_bytes()[:100])
    elif how == "empty":
        path.write_bytes(b"")
    elif how == "text":
        path.write_text("this is not a database\n", "utf-8")
    elif how == "another database":
        path.unlink()
        with sqlite3.connect(path) as connection:
            connection.execute("CREATE TABLE meta (name TEXT, value BLOB)")
            connection.execute("INSERT INTO meta VALUES ('version', 'not a pickle')")
        connection.close()
    elif how == "older version":
        set_meta(path, "version", pickle.dumps(store_module.STORE_VERSION - 1))
    elif how == "other data":
        set_meta(path, "signature", pickle.dumps("compiled from something else"))
    else:
        raise AssertionError(how)


def set_meta(path: Path, name: str, value: bytes) -> None:
    """Overwrite one value of the store's meta table, as a damaged or planted store would hold it."""
    connection = sqlite3.connect(path)
    with connection:
        connection.execute("UPDATE meta SET value = ? WHERE name = ?", (value, name))
    connection.close()


@pytest.mark.parametrize("how", ["garbage", "truncated", "header only", "empty", "text", "another database",
                                 "older version", "other data"])
def test_a_damaged_store_is_ignored_and_rebuilt(edition_copy: Path, tmp_path: Path, how: str) -> None:
    age(edition_copy)
    cache = tmp_path / "cache"
    compiled([edition_copy], cache)
    damage(the_store(cache), how)
    result = open_model([edition_copy], cache_dir=cache)  # never an exception
    assert result.model.source is not None  # rebuilt ...
    assert_same_records(result.model, load_model([edition_copy]).model)
    assert open_store([edition_copy], cache_dir=cache) is not None  # ... and good for the next open


def test_a_folder_in_place_of_the_store(edition_copy: Path, tmp_path: Path) -> None:
    age(edition_copy)
    cache = tmp_path / "cache"
    compiled([edition_copy], cache)
    path = the_store(cache)
    path.unlink()
    path.mkdir()
    (path / "something").write_text("kept", "utf-8")
    result = open_model([edition_copy], cache_dir=cache)  # cannot be replaced: held in memory instead
    assert result.model.source is None
    assert_same_records(result.model, load_model([edition_copy]).model)
    assert (path / "something").read_text("utf-8") == "kept"  # and nobody's folder is removed


def test_a_store_with_a_damaged_page_of_records(edition_copy: Path, tmp_path: Path) -> None:
    age(edition_copy)
    cache = tmp_path / "cache"
    compiled([edition_copy], cache)
    path = the_store(cache)
    with sqlite3.connect(path) as connection:
        [(root,)] = connection.execute("SELECT rootpage FROM sqlite_master WHERE name = 'news_records'").fetchall()
        [(page_size,)] = connection.execute("PRAGMA page_size").fetchall()
    connection.close()
    data = bytearray(path.read_bytes())
    data[(root - 1) * page_size:root * page_size] = b"\xa5" * page_size  # bit rot in the news records
    path.write_bytes(bytes(data))
    result = open_model([edition_copy], cache_dir=cache)
    assert list(result.model.news) == list(load_model([edition_copy]).model.news)


@pytest.mark.parametrize("value", [
    # A pickled dict with one byte changed: SETITEMS finds too short a stack (IndexError).
    b"\x80\x05\x95&\x00\x00\x00\x00\x00\x00\x00}\x94(\x8c\x01a\x94]\x94(K\x01K\x02K\x03\x8c\x01xu\x86\x94e"
    b"\x8c\x01b\x94S@\x04\x00\x00\x00\x00\x00\x00u.",
    # The same with a frame length byte changed (OverflowError).
    b"\x80\x05\x95&\x00\x00\x00\x00\x00\x00\xd7}\x94(\x8c\x01a\x94]\x94(K\x01K\x02K\x03\x8c\x01x\x94\x86\x94e"
    b"\x8c\x01b\x94G@\x04\x00\x00\x00\x00\x00\x00u.",
], ids=["IndexError", "OverflowError"])
def test_a_damaged_value_in_the_store(edition_copy: Path, tmp_path: Path, value: bytes) -> None:
    age(edition_copy)
    cache = tmp_path / "cache"
    compiled([edition_copy], cache)
    set_meta(the_store(cache), "version", value)
    result = open_model([edition_copy], cache_dir=cache)
    assert_same_records(result.model, load_model([edition_copy]).model)


def test_a_cache_dir_that_cannot_be_created(edition_copy: Path, tmp_path: Path) -> None:
    age(edition_copy)
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache dir should be", "utf-8")
    for _ in range(2):
        result = open_model([edition_copy], cache_dir=blocker / "cache")
        assert result.model.source is None
        assert_same_records(result.model, load_model([edition_copy]).model)
    assert blocker.read_text("utf-8") == "a file where the cache dir should be"


def test_a_store_that_cannot_be_written_leaves_no_temporary_file(edition_copy: Path, tmp_path: Path,
                                                                 monkeypatch) -> None:
    age(edition_copy)
    cache = tmp_path / "cache"

    def disk_full(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", disk_full)
    result = open_model([edition_copy], cache_dir=cache)
    assert result.model.source is None
    assert_same_records(result.model, load_model([edition_copy]).model)
    assert store_files(cache) == []


def test_a_read_only_cache_dir(edition_copy: Path, tmp_path: Path) -> None:
    if not permissions_enforced(tmp_path):
        pytest.skip("root can write to a read-only folder")
    age(edition_copy)
    cache = tmp_path / "cache"
    cache.mkdir(mode=0o500)
    try:
        result = open_model([edition_copy], cache_dir=cache)
        assert result.model.source is None
        assert_same_records(result.model, load_model([edition_copy]).model)
    finally:
        cache.chmod(0o700)


# Unpickling runs code the file names: a store someone else could have written must never be read.
# The planted value makes a folder when unpickled, so a test sees whether it was.


class Planted:
    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self):
        return (os.mkdir, (str(self.marker),))


def plant(cache: Path, marker: Path) -> Path:
    path = the_store(cache)
    set_meta(path, "version", pickle.dumps(Planted(marker)))
    return path


def test_a_planted_pickle_runs_when_the_store_is_trusted(edition_copy: Path, tmp_path: Path) -> None:
    # The control for the tests below: the planted value does run when the store is believed.
    age(edition_copy)
    cache, marker = tmp_path / "cache", tmp_path / "ran"
    compiled([edition_copy], cache)
    plant(cache, marker)
    open_store([edition_copy], cache_dir=cache)
    assert marker.is_dir()


@pytest.mark.parametrize("mode", [0o666, 0o620, 0o602], ids=oct)
def test_a_store_others_can_write_is_not_read(edition_copy: Path, tmp_path: Path, mode: int) -> None:
    age(edition_copy)
    cache, marker = tmp_path / "cache", tmp_path / "ran"
    compiled([edition_copy], cache)
    path = plant(cache, marker)
    path.chmod(mode)
    assert open_store([edition_copy], cache_dir=cache) is None
    result = open_model([edition_copy], cache_dir=cache)
    assert not marker.exists()
    assert_same_records(result.model, load_model([edition_copy]).model)
    # Rebuilt in place, private again.
    assert result.model.source is not None
    assert stat.S_IMODE(the_store(cache).stat().st_mode) & 0o077 == 0
    assert open_store([edition_copy], cache_dir=cache) is not None


@pytest.mark.parametrize("mode", [0o777, 0o770, 0o703], ids=oct)
def test_a_store_in_a_folder_others_can_write_is_not_read(edition_copy: Path, tmp_path: Path, mode: int) -> None:
    age(edition_copy)
    cache, marker = tmp_path / "cache", tmp_path / "ran"
    compiled([edition_copy], cache)
    path = plant(cache, marker)
    path.parent.chmod(mode)
    assert open_store([edition_copy], cache_dir=cache) is None
    for _ in range(2):
        result = open_model([edition_copy], cache_dir=cache)
        assert not marker.exists()
        assert_same_records(result.model, load_model([edition_copy]).model)


@pytest.mark.skipif(not IS_ROOT or not hasattr(os, "chown"), reason="only root can give a file to another user")
def test_a_store_owned_by_another_user_is_not_read(edition_copy: Path, tmp_path: Path) -> None:
    age(edition_copy)
    cache, marker = tmp_path / "cache", tmp_path / "ran"
    compiled([edition_copy], cache)
    path = plant(cache, marker)
    os.chown(path, 12345, 12345)
    assert open_store([edition_copy], cache_dir=cache) is None
    result = open_model([edition_copy], cache_dir=cache)
    assert not marker.exists()
    assert_same_records(result.model, load_model([edition_copy]).model)


def test_a_shared_store_folder_is_replaced_by_a_private_one(edition_copy: Path, tmp_path: Path) -> None:
    age(edition_copy)
    cache = tmp_path / "cache"
    compiled([edition_copy], cache)
    (cache / "stores").chmod(0o777)
    open_model([edition_copy], cache_dir=cache)
    result = open_model([edition_copy], cache_dir=cache)
    assert isinstance(result.model.source, Store)
    folder = result.model.source.path.parent
    assert stat.S_IMODE(folder.stat().st_mode) & 0o022 == 0


# -- 5. validation problems survive the store -----------------------------------------------------


def broken(edition: Path) -> Path:
    """An edition with an unknown key, a bad date, a bad medal and control characters in a headline."""
    edit(edition / "news.toml", 'headline = "Shijian-25 launched for on-orbit refuelling"',
         'headlin = "Shijian-25 launched for on-orbit refuelling"')
    edit(edition / "timeline.toml", "date = 2024-12-17", 'date = "sometime in 2024"')
    edit(edition / "medals.toml", 'medal = "Gold"', 'medal = "Platinum"')
    edit(edition / "news.toml", 'headline = "Record-Breaking Space Walk Achieved"',
         'headline = "Record\\u001b]52;c;aGk=\\u0007-Breaking Space Walk Achieved"')
    age(edition, OLD_NS + 10**12)
    return edition


def test_problems_are_the_loaded_ones(edition_copy: Path, tmp_path: Path) -> None:
    broken(edition_copy)
    loaded = load_model([edition_copy])
    stored = compiled([edition_copy], tmp_path / "cache")
    assert len(loaded.errors) >= 3 and len(loaded.warnings) == 1  # the edits did break it
    assert problem_lines(stored) == problem_lines(loaded)
    assert [str(p) for p in stored.errors] == [str(p) for p in loaded.errors]
    assert stored.model.warnings == loaded.model.warnings != ()
    assert_same_records(stored.model, loaded.model)  # the sound records are kept, the broken ones dropped


def test_problems_after_a_fix_are_gone(edition_copy: Path, tmp_path: Path) -> None:
    broken(edition_copy)
    cache = tmp_path / "cache"
    assert compiled([edition_copy], cache).errors
    for name in ("news.toml", "timeline.toml", "medals.toml"):
        shutil.copyfile(EDITION / name, edition_copy / name)
    age(edition_copy, OLD_NS + 2 * 10**12)
    fixed = open_model([edition_copy], cache_dir=cache)
    assert fixed.problems == [] and fixed.model.warnings == ()


def test_problem_paths_are_spelled_as_given(edition_copy: Path, tmp_path: Path, monkeypatch) -> None:
    broken(edition_copy)
    cache = tmp_path / "cache"
    monkeypatch.chdir(edition_copy.parent)
    compiled([Path(EDITION.name)], cache)  # `briefing --data 2024-09-to-2025-03` from the data folder
    monkeypatch.chdir(tmp_path)
    stored = open_model([edition_copy], cache_dir=cache)  # then the absolute path, from elsewhere
    assert stored.model.source is not None
    assert problem_lines(stored) == problem_lines(load_model([edition_copy]))


def test_a_file_made_readable_again_is_read(edition_copy: Path, tmp_path: Path) -> None:
    # chmod changes neither the size nor the mtime the store is checked against.
    if not permissions_enforced(tmp_path):
        pytest.skip("root can read a file whatever its mode")
    age(edition_copy)
    cache = tmp_path / "cache"
    news = edition_copy / "news.toml"
    news.chmod(0o000)
    try:
        unreadable = open_model([edition_copy], cache_dir=cache)
        assert any("permission denied" in line for line in problem_lines(unreadable))
    finally:
        news.chmod(0o644)
    readable = open_model([edition_copy], cache_dir=cache)
    assert problem_lines(readable) == []
    assert list(readable.model.news) == list(load_model([edition_copy]).model.news)


# -- 6. the records are read as needed ------------------------------------------------------------


@pytest.fixture
def unpickled(monkeypatch) -> list[int]:
    """How many values pickle.loads has turned back into objects since the fixture was made."""
    calls = [0]
    real = pickle.loads

    def counting(data, *args, **kwargs):
        calls[0] += 1
        return real(data, *args, **kwargs)

    monkeypatch.setattr(pickle, "loads", counting)
    return calls


def test_stored_records_behave_as_a_sequence(shipped) -> None:
    stored, loaded = (result.model for result in shipped)
    for dataset in DATASETS:
        ours, theirs = getattr(stored, dataset), getattr(loaded, dataset)
        assert isinstance(ours, StoredRecords)
        n = len(theirs)
        assert len(ours) == n > 0
        assert ours[0] == theirs[0] and ours[-1] == theirs[-1] and ours[-n] == theirs[0]
        for index in (n, -n - 1):
            with pytest.raises(IndexError):
                ours[index]
        for part in (slice(1, 4), slice(-3, None), slice(None, None, -1), slice(None, None, 2), slice(5, 2),
                     slice(n, n + 5)):
            assert list(ours[part]) == list(theirs[part]), (dataset, part)
        assert list(ours) == list(theirs) and list(reversed(ours)) == list(reversed(theirs))
        assert ours.keys() == keys(theirs)
        assert theirs[n // 2] in ours and ours.index(theirs[n // 2]) == n // 2


def test_counting_reads_no_record(tmp_path: Path, unpickled: list[int]) -> None:
    stored = compiled([DATA], tmp_path / "cache").model
    unpickled[0] = 0
    assert [len(getattr(stored, dataset)) for dataset in DATASETS] == [
        len(getattr(load_model([DATA]).model, dataset)) for dataset in DATASETS]
    assert stored.events.keys()  # keys come from a column, too
    assert unpickled[0] == 0
    stored.events[-1]
    assert unpickled[0] == 1  # one record read for one record asked for
    stored.events[-1]
    assert unpickled[0] == 1  # and kept: redrawing the same row reads nothing


def test_counting_one_edition_of_several_reads_no_record(two_editions: Path, tmp_path: Path,
                                                         unpickled: list[int]) -> None:
    stored = compiled([two_editions], tmp_path / "cache").model
    unpickled[0] = 0
    later = stored.only(LATER)
    assert len(later.events) == len(stored.events) // 2 and len(later.news) == len(stored.news) // 2
    assert unpickled[0] == 0
    assert later.events[0].edition == LATER and later.events[-1].edition == LATER
    assert list(later.news[-2:]) == list(load_model([two_editions]).model.only(LATER).news[-2:])


# -- the shell commands use the store in the user's cache dir -------------------------------------


def test_the_shell_commands_compile_into_the_user_cache_dir(edition_copy: Path, isolated_user_dirs: Path,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    age(edition_copy)
    assert run(["--data", str(edition_copy), "search", "shijian"]) == 0
    first = capsys.readouterr().out
    cache = isolated_user_dirs / "cache" / "briefing"  # BRIEFING_CACHE_DIR, from conftest
    assert the_store_exists(cache)
    assert run(["--data", str(edition_copy), "search", "shijian"]) == 0
    assert capsys.readouterr().out == first and "Shijian-25" in first
