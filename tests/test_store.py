"""The compiled store: what a user gets from it is what the TOML holds, or a rebuild, never an exception.

The store (``briefing/model/store/``) is the only way records are read: the app, the shell
commands and the exports all open it. These tests hold it to its guarantees: it gives back
exactly the records the loader validated, in the documented order; search ranks as the
README says; an edit, a new edition or a just-written file is never hidden behind a stale
store; a damaged, unwritable or untrusted store is ignored and rebuilt (its bytes tampered
with in every way are the subject of ``test_store_tampering.py``). Every test uses
temporary folders (and the autouse fixture in ``conftest.py`` keeps the user folders
temporary too).
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import stat
import time
from pathlib import Path

import pytest

from briefing.cli import run
from briefing.model.data import loader
from briefing.model.data.loader import Validated, load_editions
from briefing.model.data.model import Model
from briefing.model.data.records import Record, field_of
from briefing.model.store import opening
from briefing.model.store.compile import merged
from briefing.model.store.database import Store, StoredRecords
from briefing.model.store.database import STORE_VERSION
from briefing.model.store.freshness import RACY_SECONDS
from briefing.model.store.opening import LoadResult, open_model, open_store
from briefing.model.store.search import searcher

from .conftest import DATA, EDITION

DATASETS = ("news", "medals", "articles", "events", "report")  # report: its parts
LATER = "2025-04-to-2025-09"  # a second edition: a copy of the shipped one, six months on
OLD_NS = time.time_ns() - 3600 * 10**9  # an hour ago: well clear of the racy window
IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0
ED = EDITION.name


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


def copy_edition(root: Path, edition_id: str = ED, period_start: str | None = None) -> Path:
    """A copy of the shipped edition in ``root/edition_id``, optionally starting at ``period_start``."""
    target = root / edition_id
    shutil.copytree(EDITION, target)
    if period_start is not None:
        edit(target / "report.toml", "period_start = 2024-09-01", f"period_start = {period_start}")
    age(target)
    return target


def compiled(paths: list[Path], cache: Path) -> LoadResult:
    """Open ``paths`` twice, so the second model certainly comes from the cached store, and return that one."""
    open_model(paths, cache_dir=cache)
    result = open_store(paths, cache_dir=cache)
    assert result is not None, "the second open should read from the cached store"
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


class Reference:
    """What the TOML holds, as the loader validated it: what a store must give back, in model order."""

    def __init__(self, validated: Validated, edition: str | None = None) -> None:
        self.problems = validated.problems
        self.editions = [e for e in validated.editions if edition is None or e.id == edition]
        self.lists = {dataset: merged(self.editions, dataset) for dataset in DATASETS}
        self.by_key: dict[str, Record] = {r.key: r for records in self.lists.values() for r in records}


def assert_same_records(stored: Model, reference: Reference) -> None:
    """Same editions, and every dataset's records equal and in the same order, merged and per edition."""
    assert [e.id for e in stored.editions] == [e.id for e in reference.editions]
    for ours, theirs in zip(stored.editions, reference.editions):
        assert (ours.report, ours.medal_context, ours.trends) == (theirs.report, theirs.medal_context, theirs.trends)
        for dataset in DATASETS:
            assert list(getattr(ours, field_of(dataset))) == [r for r in reference.lists[dataset] if r.edition == ours.id]
    for dataset in DATASETS:
        assert list(getattr(stored, field_of(dataset))) == reference.lists[dataset], dataset


def hits(index, query: str, **options) -> list[tuple[str, int, str]]:
    """What a search shows: each hit's record id, rank and field, in order."""
    return [(hit.record.id, hit.rank, hit.field) for hit in index.search(query, **options)]


def problem_lines(result) -> list[str]:
    return [str(p) for p in result.problems]


# -- 1. the shipped data ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def shipped(tmp_path_factory: pytest.TempPathFactory) -> tuple[LoadResult, Reference]:
    """(from the cached store, what the loader validated) for the shipped data; the tests only read them."""
    cache = tmp_path_factory.mktemp("cache")
    return compiled([DATA], cache), Reference(load_editions([DATA]))


def test_the_second_open_reads_the_store_instead_of_the_toml(tmp_path: Path, monkeypatch) -> None:
    first = open_model([DATA], cache_dir=tmp_path)
    assert first.model.editions and first.model.news[0].headline == "Record-Breaking Space Walk Achieved"
    path = the_store(tmp_path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600  # private: nobody else can change what we read
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert not [p for p in store_files(tmp_path) if p.name.startswith(".store-")]  # no temporary left

    def no_parsing(*args, **kwargs):
        raise AssertionError("the TOML was loaded again")

    monkeypatch.setattr(loader, "load_editions", no_parsing)
    again = open_model([DATA], cache_dir=tmp_path)
    assert isinstance(again.model.store, Store)
    assert again.model.news[0].headline == "Record-Breaking Space Walk Achieved"


def test_the_store_holds_json_text_not_code(tmp_path: Path) -> None:
    open_model([DATA], cache_dir=tmp_path)
    with sqlite3.connect(the_store(tmp_path)) as connection:
        for dataset in DATASETS:
            kinds = {kind for (kind,) in connection.execute(f"SELECT DISTINCT typeof(record) FROM {dataset}_records")}
            assert kinds == {"text"}, dataset
        [(first,)] = connection.execute("SELECT record FROM news_records WHERE seq = 0").fetchall()
    assert first.startswith(f'["{ED}","news-record-spacewalk",')


def test_records_are_the_validated_ones(shipped) -> None:
    stored, reference = shipped
    assert_same_records(stored.model, reference)
    # records() lists what an analyst annotates: every dataset but the report's parts (model.parts).
    assert list(stored.model.records()) == [r for e in reference.editions for d in DATASETS if d != "report"
                                            for r in reference.lists[d] if r.edition == e.id]


def test_lookups(shipped) -> None:
    stored, reference = shipped
    model = stored.model
    for key, record in reference.by_key.items():
        assert model.get(key) == record
        assert model.find(key) == [record]  # by key
        assert model.find(record.id) == [record]  # by id: one edition, one record per id
    for missing in ("", "nope", f"{ED}/nope", "other-edition/news-record-spacewalk", "/", "a/b/c"):
        assert model.get(missing) is None and model.find(missing) == []
    for item in reference.lists["news"]:
        expected = [e for e in reference.lists["events"] if item.id in e.sources]  # its source or "also"
        assert model.events_from(item.key) == expected
    assert model.events_from(f"{ED}/news-shijian-25-launched") != []  # the comparison above is not all empty
    naming = model.naming("CMSA")
    assert naming and all("CMSA" in r.entities.names() for r in naming)
    assert model.naming("cmsa") == naming  # case folded


def test_editions_only_problems_and_warnings(shipped) -> None:
    stored, reference = shipped
    assert problem_lines(stored) == problem_lines(reference)
    assert stored.model.warnings == tuple(str(p) for p in reference.problems if not p.is_error)
    assert_same_records(stored.model.only(ED), reference)
    with pytest.raises(KeyError):
        stored.model.only("no-such-edition")


# Notes live in the user's notes file, not in the store: one holds a word no record has.
NOTES = {
    f"{ED}/news-shijian-25-launched": "Zebrafish payload? Ask about the refuelling test.",
    f"{ED}/event-2001-us-spacewalk-record": "compare with the Shenzhou-19 walk",
    f"{ED}/does-not-exist": "a note on a record since removed",
    f"{ED}/news-record-spacewalk": "",  # an emptied note
}

PHRASE_IN_TITLE, WORDS_IN_TITLE, PHRASE_ANYWHERE, WORDS_ANYWHERE = range(4)

# Expected rankings on the shipped data, as the README describes them: the phrase in a title
# first, then all the words in a title, the phrase anywhere, the words anywhere; within a rank
# news, medals, articles, events, each in report (events: date) order.
RANKINGS = [
    ("shijian", {}, [("news-shijian-19-recovered", PHRASE_IN_TITLE, "title"),
                     ("news-shijian-25-launched", PHRASE_IN_TITLE, "title"),
                     ("event-2024-10-11-shijian-19-landing", PHRASE_IN_TITLE, "title"),
                     ("event-2025-01-06-shijian-25-launch", PHRASE_IN_TITLE, "title"),
                     ("sec-shijian-satellites", PHRASE_IN_TITLE, "title")]),  # the report's parts last in a rank
    ("space walk", {}, [("news-record-spacewalk", PHRASE_IN_TITLE, "title"),
                        ("sec-record-spacewalk", PHRASE_IN_TITLE, "title"),  # the heading "… Space Walk Achieved"
                        ("event-2001-us-spacewalk-record", WORDS_IN_TITLE, "title"),
                        ("event-2024-12-17-record-spacewalk", WORDS_IN_TITLE, "title"),
                        ("fig-longest-spacewalk", WORDS_IN_TITLE, "title"),  # the key figure "Longest spacewalk"
                        ("intro-1", WORDS_ANYWHERE, "text")]),
    ("walk space", {}, [("news-record-spacewalk", WORDS_IN_TITLE, "title"),
                        # Whole words ("Space Walk") before words inside others ("spacewalk") in a rank.
                        ("sec-record-spacewalk", WORDS_IN_TITLE, "title"),
                        ("event-2001-us-spacewalk-record", WORDS_IN_TITLE, "title"),
                        ("event-2024-12-17-record-spacewalk", WORDS_IN_TITLE, "title"),
                        ("fig-longest-spacewalk", WORDS_IN_TITLE, "title"),
                        ("intro-1", WORDS_ANYWHERE, "text")]),
    ("SHÍJIAN-25", {}, [("news-shijian-25-launched", PHRASE_IN_TITLE, "title"),  # case and accents folded
                        ("event-2025-01-06-shijian-25-launch", PHRASE_IN_TITLE, "title")]),
    ("zebrafish", {}, [("news-shijian-25-launched", PHRASE_ANYWHERE, "note")]),  # only a note has it
    ("shenzhou walk", {}, [("event-2024-12-17-record-spacewalk", WORDS_IN_TITLE, "title"),
                           ("news-record-spacewalk", WORDS_ANYWHERE, "entities"),
                           ("event-2001-us-spacewalk-record", WORDS_ANYWHERE, "entities"),  # it names Shenzhou-19
                           ("fig-longest-spacewalk", WORDS_ANYWHERE, "text")]),
    ("refuelling", {"limit": 2}, [("news-shijian-25-launched", PHRASE_IN_TITLE, "title"),
                                  ("event-2025-01-06-shijian-25-launch", PHRASE_IN_TITLE, "title")]),
    ("china", {"datasets": ["news", "medals"], "limit": 4},
     [("news-pakistan-cooperation", PHRASE_IN_TITLE, "title"), ("news-space-science-plan", PHRASE_IN_TITLE, "title"),
      ("news-aerospace-china-medal-review", PHRASE_IN_TITLE, "title"),
      ("news-aerospace-china-response", PHRASE_IN_TITLE, "title")]),
    ("zzzqqq", {}, []),
    ("   ", {}, []),
]


@pytest.mark.parametrize(("query", "options", "expected"), RANKINGS, ids=[f"{q!r}-{o}" for q, o, _ in RANKINGS])
def test_search_ranks_as_documented(shipped, query: str, options: dict, expected: list) -> None:
    stored, _ = shipped
    assert hits(searcher(stored.model, NOTES), query, **options) == expected


def test_search_in_one_dataset_and_with_a_limit(shipped) -> None:
    stored, _ = shipped
    search = searcher(stored.model, NOTES)
    every = search.search("china")
    assert len(every) > 7
    assert search.search("china", limit=7) == every[:7]  # a limit keeps the best, in the same order
    events = search.search("china", datasets=["events"])
    assert events and [h for h in every if h.record.dataset == "events"] == events
    gold = search.search("gold", datasets=["medals"])
    assert gold and all(h.record.dataset == "medals" and h.record.medal == "Gold" for h in gold)


# -- 2. several editions --------------------------------------------------------------------------


@pytest.fixture
def two_editions(tmp_path: Path) -> Path:
    """The shipped edition and a later copy of it, in which the 1992 event moved to mid-2025."""
    root = tmp_path / "data"
    copy_edition(root)
    later = copy_edition(root, LATER, period_start="2025-04-01")
    edit(later / "timeline.toml", 'date = "1992"', "date = 2025-06-15")
    return root


def test_several_editions_merge_chronologically(two_editions: Path, tmp_path: Path) -> None:
    stored = compiled([two_editions], tmp_path / "cache").model
    reference = Reference(load_editions([two_editions]))
    assert [e.id for e in stored.editions] == [ED, LATER]
    assert_same_records(stored, reference)
    dates = [event.date.sort_key for event in stored.events]
    assert dates == sorted(dates)
    order = keys(stored.events)
    assert order[0] == f"{ED}/event-1992-asia-pacific-symposium-founded"
    moved = order.index(f"{LATER}/event-1992-asia-pacific-symposium-founded")  # now dated 2025-06-15
    assert moved > order.index(f"{LATER}/event-2001-us-spacewalk-record") > 0
    for key, record in reference.by_key.items():
        assert stored.get(key) == record
    both = stored.find("news-shijian-25-launched")
    assert keys(both) == [f"{ED}/news-shijian-25-launched", f"{LATER}/news-shijian-25-launched"]
    key = f"{LATER}/news-pakistan-cooperation"
    assert stored.events_from(key) == [e for e in reference.lists["events"]
                                       if e.edition == LATER and e.source == "news-pakistan-cooperation"] != []


def test_events_in_reverse_file_order_list_by_date_alone_and_among_others(tmp_path: Path) -> None:
    """One edition read alone or with another lists its events alike: by date, whatever the file's order."""
    root = tmp_path / "data"
    edition = copy_edition(root)
    path = edition / "timeline.toml"
    head, *blocks = path.read_text("utf-8").split("[[events]]")
    path.write_text(head + "".join("[[events]]" + block for block in reversed(blocks)), "utf-8")
    age(edition)
    alone = open_model([edition], cache_dir=tmp_path / "one").model
    copy_edition(root, LATER, period_start="2025-04-01")
    together = open_model([root], cache_dir=tmp_path / "two").model.only(ED)
    dates = [event.date.sort_key for event in alone.events]
    assert dates == sorted(dates)
    assert keys(alone.events) == keys(together.events) == keys(alone.editions[0].events)


@pytest.mark.parametrize("edition_id", [ED, LATER])
def test_one_edition_of_several(two_editions: Path, tmp_path: Path, edition_id: str) -> None:
    stored = compiled([two_editions], tmp_path / "cache").model.only(edition_id)
    assert_same_records(stored, Reference(load_editions([two_editions]), edition_id))
    for dataset in DATASETS:
        records = getattr(stored, field_of(dataset))
        assert len(records) > 0 and {r.edition for r in records} == {edition_id}, dataset
    other = LATER if edition_id == ED else ED
    assert stored.get(f"{other}/news-shijian-25-launched") is None  # the other edition is not visible
    assert keys(stored.find("news-shijian-25-launched")) == [f"{edition_id}/news-shijian-25-launched"]
    assert stored.events_from(f"{other}/news-pakistan-cooperation") == []
    for query in ("shijian", "china", "pakistan"):
        found = searcher(stored).search(query)
        assert found and {hit.record.edition for hit in found} == {edition_id}


def test_searching_several_editions(two_editions: Path, tmp_path: Path) -> None:
    stored = compiled([two_editions], tmp_path / "cache").model
    found = searcher(stored).search("shijian 25", datasets=["news"])
    # Equal hits: editions in period order.
    assert keys(hit.record for hit in found) == [f"{ED}/news-shijian-25-launched",
                                                 f"{LATER}/news-shijian-25-launched"]


def test_limited_search_when_edition_names_do_not_sort_by_date(tmp_path: Path) -> None:
    # Folder names need not sort by date: "b-spring" is the earlier edition, "a-autumn" the later.
    root = tmp_path / "data"
    copy_edition(root, "b-spring")
    copy_edition(root, "a-autumn", period_start="2025-04-01")
    stored = compiled([root], tmp_path / "cache").model
    assert [e.id for e in stored.editions] == ["b-spring", "a-autumn"]
    # Equal hits come in the editions' order by period, as the model lists them, not by folder name.
    [first] = searcher(stored).search("shijian 25", datasets=["news"], limit=1)
    assert first.record.edition == "b-spring"
    assert searcher(stored).search("china", limit=5) == searcher(stored).search("china")[:5]


# -- 3. freshness: an edit is never hidden behind the store ---------------------------------------


def test_an_edited_file_is_read_again(edition_copy: Path, tmp_path: Path) -> None:
    age(edition_copy)
    cache = tmp_path / "cache"
    key = f"{ED}/news-shijian-25-launched"
    assert compiled([edition_copy], cache).model.get(key).headline == "Shijian-25 launched for on-orbit refuelling"
    # Same size, later mtime: the size alone would not tell.
    edit(edition_copy / "news.toml", "for on-orbit refuelling", "for on-orbit REFUELLING")
    after = open_model([edition_copy], cache_dir=cache)
    assert after.model.get(key).headline == "Shijian-25 launched for on-orbit REFUELLING"
    assert after.model.store is not None  # a new store was written for the edited data
    # A longer title, and with the mtime set back to the store's: the size tells.
    mtime = (edition_copy / "news.toml").stat().st_mtime_ns
    edit(edition_copy / "news.toml", "for on-orbit REFUELLING", "for on-orbit refuelling and repairs")
    os.utime(edition_copy / "news.toml", ns=(mtime, mtime))
    again = open_model([edition_copy], cache_dir=cache)
    assert again.model.get(key).headline == "Shijian-25 launched for on-orbit refuelling and repairs"
    assert_same_records(again.model, Reference(load_editions([edition_copy])))


def test_an_edition_added_or_removed_is_seen(tmp_path: Path) -> None:
    root = tmp_path / "data"
    copy_edition(root)
    cache = tmp_path / "cache"
    assert [e.id for e in compiled([root], cache).model.editions] == [ED]
    copy_edition(root, LATER, period_start="2025-04-01")
    added = open_model([root], cache_dir=cache).model
    assert [e.id for e in added.editions] == [ED, LATER]
    assert len(added.news) == 2 * len(open_model([EDITION]).model.news)
    shutil.rmtree(root / ED)
    removed = open_model([root], cache_dir=cache).model
    assert [e.id for e in removed.editions] == [LATER]
    assert removed.get(f"{ED}/news-shijian-25-launched") is None


def test_a_deleted_dataset_file_is_reported(edition_copy: Path, tmp_path: Path) -> None:
    age(edition_copy)
    cache = tmp_path / "cache"
    compiled([edition_copy], cache)
    (edition_copy / "trends.toml").unlink()
    after = open_model([edition_copy], cache_dir=cache)
    assert list(after.model.articles) == []
    assert any("trends.toml" in line and "dataset file is missing" in line for line in problem_lines(after))


def test_a_file_written_just_now_is_read_but_its_store_not_kept(edition_copy: Path, tmp_path: Path) -> None:
    age(edition_copy)
    cache = tmp_path / "cache"
    key = f"{ED}/news-shijian-25-launched"
    compiled([edition_copy], cache)
    before = the_store(cache).read_bytes()
    # Within the file system's timestamp granularity, a second same-size edit could keep this
    # mtime: a store written now might then hide that edit for good.
    edit(edition_copy / "news.toml", "for on-orbit refuelling", "for on-orbit REFUELLING", racy=True)
    assert time.time() - (edition_copy / "news.toml").stat().st_mtime < RACY_SECONDS
    result = open_model([edition_copy], cache_dir=cache)
    assert result.model.get(key).headline == "Shijian-25 launched for on-orbit REFUELLING"
    assert result.model.store.name == "a private store"  # read from a store of its own ...
    assert the_store(cache).read_bytes() == before  # ... and the old store left as it was
    assert open_store([edition_copy], cache_dir=cache) is None  # which is not believed either


def test_a_fresh_copy_is_not_kept_in_the_cache(tmp_path: Path) -> None:
    folder = tmp_path / "data" / ED
    folder.mkdir(parents=True)
    for path in EDITION.iterdir():
        shutil.copyfile(path, folder / path.name)  # not copy2: the mtimes are now
    shutil.copyfile(EDITION.parent / "aliases.toml", folder.parent / "aliases.toml")
    result = open_model([folder], cache_dir=tmp_path / "cache")
    assert result.model.store.name == "a private store"
    assert_same_records(result.model, Reference(load_editions([EDITION])))
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
            connection.execute("CREATE TABLE meta (name TEXT, value TEXT)")
            connection.execute("INSERT INTO meta VALUES ('version', 'not a number')")
        connection.close()
    elif how == "older version":
        set_meta(path, "version", str(STORE_VERSION - 1))
    elif how == "other data":
        set_meta(path, "signature", '"compiled from something else"')
    else:
        raise AssertionError(how)


def set_meta(path: Path, name: str, value: str | bytes) -> None:
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
    assert_same_records(result.model, Reference(load_editions([edition_copy])))  # rebuilt ...
    assert open_store([edition_copy], cache_dir=cache) is not None  # ... and good for the next open


def test_a_folder_in_place_of_the_store(edition_copy: Path, tmp_path: Path) -> None:
    age(edition_copy)
    cache = tmp_path / "cache"
    compiled([edition_copy], cache)
    path = the_store(cache)
    path.unlink()
    path.mkdir()
    (path / "something").write_text("kept", "utf-8")
    result = open_model([edition_copy], cache_dir=cache)  # cannot be replaced: a private store instead
    assert result.model.store.name == "a private store"
    assert_same_records(result.model, Reference(load_editions([edition_copy])))
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
    assert list(result.model.news) == Reference(load_editions([edition_copy])).lists["news"]


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
    assert_same_records(result.model, Reference(load_editions([edition_copy])))


def test_a_cache_dir_that_cannot_be_created(edition_copy: Path, tmp_path: Path) -> None:
    age(edition_copy)
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache dir should be", "utf-8")
    for _ in range(2):
        result = open_model([edition_copy], cache_dir=blocker / "cache")
        assert result.model.store.name == "a private store"
        assert_same_records(result.model, Reference(load_editions([edition_copy])))
    assert blocker.read_text("utf-8") == "a file where the cache dir should be"


def test_a_store_that_cannot_be_written_leaves_no_temporary_file(edition_copy: Path, tmp_path: Path,
                                                                 monkeypatch) -> None:
    age(edition_copy)
    cache = tmp_path / "cache"

    def disk_full(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", disk_full)
    result = open_model([edition_copy], cache_dir=cache)
    assert result.model.store.name == "a private store"
    assert_same_records(result.model, Reference(load_editions([edition_copy])))
    assert store_files(cache) == []


def test_a_read_only_cache_dir(edition_copy: Path, tmp_path: Path) -> None:
    if not permissions_enforced(tmp_path):
        pytest.skip("root can write to a read-only folder")
    age(edition_copy)
    cache = tmp_path / "cache"
    cache.mkdir(mode=0o500)
    try:
        result = open_model([edition_copy], cache_dir=cache)
        assert result.model.store.name == "a private store"
        assert_same_records(result.model, Reference(load_editions([edition_copy])))
    finally:
        cache.chmod(0o700)


# A store someone else could have written is never read. The planted store holds other data
# (compiled from an edited copy), so a test sees whether it was believed.


def plant(cache: Path, edition: Path, tmp_path: Path) -> Path:
    """Replace the store in ``cache`` by one compiled from a copy of ``edition`` with another headline."""
    other = copy_edition(tmp_path / "planted")
    edit(other / "news.toml", "Shijian-25 launched for on-orbit refuelling", "PLANTED headline")
    other_cache = tmp_path / "planted-cache"
    open_model([other], cache_dir=other_cache)
    path = the_store(cache)
    with sqlite3.connect(the_store(other_cache)) as source, sqlite3.connect(path) as target:
        rows = source.execute("SELECT seq, record FROM news_records").fetchall()
        target.executemany("UPDATE news_records SET record = ? WHERE seq = ?", [(r, q) for q, r in rows])
    source.close()
    target.close()
    return path


def planted_headline(result: LoadResult) -> bool:
    return result.model.get(f"{ED}/news-shijian-25-launched").headline == "PLANTED headline"


def test_a_planted_store_is_read_when_it_is_trusted(edition_copy: Path, tmp_path: Path) -> None:
    # The control for the tests below: a store in the user's private folder is believed.
    age(edition_copy)
    cache = tmp_path / "cache"
    compiled([edition_copy], cache)
    plant(cache, edition_copy, tmp_path)
    opened = open_store([edition_copy], cache_dir=cache)
    assert opened is not None and planted_headline(opened)


@pytest.mark.parametrize("mode", [0o666, 0o620, 0o602], ids=oct)
def test_a_store_others_can_write_is_not_read(edition_copy: Path, tmp_path: Path, mode: int) -> None:
    age(edition_copy)
    cache = tmp_path / "cache"
    compiled([edition_copy], cache)
    path = plant(cache, edition_copy, tmp_path)
    path.chmod(mode)
    assert open_store([edition_copy], cache_dir=cache) is None
    result = open_model([edition_copy], cache_dir=cache)
    assert not planted_headline(result)
    assert_same_records(result.model, Reference(load_editions([edition_copy])))
    # Rebuilt in place, private again.
    assert stat.S_IMODE(the_store(cache).stat().st_mode) == 0o600
    assert open_store([edition_copy], cache_dir=cache) is not None


@pytest.mark.parametrize("mode", [0o777, 0o770, 0o703], ids=oct)
def test_a_store_in_a_folder_others_can_write_is_not_read(edition_copy: Path, tmp_path: Path, mode: int) -> None:
    age(edition_copy)
    cache = tmp_path / "cache"
    compiled([edition_copy], cache)
    path = plant(cache, edition_copy, tmp_path)
    path.parent.chmod(mode)
    assert open_store([edition_copy], cache_dir=cache) is None
    for _ in range(2):
        result = open_model([edition_copy], cache_dir=cache)
        assert not planted_headline(result)
        assert_same_records(result.model, Reference(load_editions([edition_copy])))


@pytest.mark.skipif(not IS_ROOT or not hasattr(os, "chown"), reason="only root can give a file to another user")
def test_a_store_owned_by_another_user_is_not_read(edition_copy: Path, tmp_path: Path) -> None:
    age(edition_copy)
    cache = tmp_path / "cache"
    compiled([edition_copy], cache)
    path = plant(cache, edition_copy, tmp_path)
    os.chown(path, 12345, 12345)
    assert open_store([edition_copy], cache_dir=cache) is None
    result = open_model([edition_copy], cache_dir=cache)
    assert not planted_headline(result)
    assert_same_records(result.model, Reference(load_editions([edition_copy])))


def test_a_shared_store_folder_is_replaced_by_a_private_one(edition_copy: Path, tmp_path: Path) -> None:
    age(edition_copy)
    cache = tmp_path / "cache"
    compiled([edition_copy], cache)
    (cache / "stores").chmod(0o777)
    open_model([edition_copy], cache_dir=cache)
    result = open_store([edition_copy], cache_dir=cache)
    assert result is not None and isinstance(result.model.store, Store)
    assert stat.S_IMODE((cache / "stores").stat().st_mode) == 0o700


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
    loaded = load_editions([edition_copy])
    stored = compiled([edition_copy], tmp_path / "cache")
    assert len(loaded.errors) >= 3 and len(loaded.warnings) == 1  # the edits did break it
    assert problem_lines(stored) == problem_lines(loaded)
    assert [str(p) for p in stored.errors] == [str(p) for p in loaded.errors]
    assert stored.model.warnings == tuple(str(p) for p in loaded.warnings) != ()
    assert_same_records(stored.model, Reference(loaded))  # the sound records are kept, the broken ones dropped


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
    compiled([Path(ED)], cache)  # `briefing --data 2024-09-to-2025-03` from the data folder
    monkeypatch.chdir(tmp_path)
    stored = open_model([edition_copy], cache_dir=cache)  # then the absolute path, from elsewhere
    assert stored.model.store is not None
    assert problem_lines(stored) == problem_lines(load_editions([edition_copy]))


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
    assert list(readable.model.news) == Reference(load_editions([edition_copy])).lists["news"]


# -- 6. the records are read as needed ------------------------------------------------------------


@pytest.fixture
def decoded(monkeypatch) -> list[int]:
    """How many records the store has decoded since the fixture was made."""
    calls = [0]
    real = Store._decode

    def counting(self, dataset, text):
        calls[0] += 1
        return real(self, dataset, text)

    monkeypatch.setattr(Store, "_decode", counting)
    return calls


def test_stored_records_behave_as_a_sequence(shipped) -> None:
    stored, reference = shipped
    for dataset in DATASETS:
        ours, theirs = getattr(stored.model, field_of(dataset)), reference.lists[dataset]
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


def test_counting_reads_no_record(tmp_path: Path, decoded: list[int]) -> None:
    stored = compiled([DATA], tmp_path / "cache").model
    reference = Reference(load_editions([DATA]))
    decoded[0] = 0
    assert [len(getattr(stored, field_of(dataset))) for dataset in DATASETS] == [
        len(reference.lists[dataset]) for dataset in DATASETS]
    assert stored.events.keys()  # keys come from a column, too
    assert decoded[0] == 0
    stored.events[-1]
    assert decoded[0] == 1  # one record read for one record asked for
    stored.events[-1]
    assert decoded[0] == 1  # and kept: redrawing the same row reads nothing


def test_counting_one_edition_of_several_reads_no_record(two_editions: Path, tmp_path: Path,
                                                         decoded: list[int]) -> None:
    stored = compiled([two_editions], tmp_path / "cache").model
    decoded[0] = 0
    later = stored.only(LATER)
    assert len(later.events) == len(stored.events) // 2 and len(later.news) == len(stored.news) // 2
    assert decoded[0] == 0
    assert later.events[0].edition == LATER and later.events[-1].edition == LATER
    assert list(later.news[-2:]) == Reference(load_editions([two_editions]), LATER).lists["news"][-2:]


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


# -- 7. a large store is checked as it is read: a damaged record means a rebuild, not a traceback ----


def damage_record(cache: Path, key: str) -> None:
    path = the_store(cache)
    with sqlite3.connect(path) as connection:
        [(seq,)] = connection.execute("SELECT seq FROM news WHERE key = ?", (key,)).fetchall()
        connection.execute("UPDATE news_records SET record = '[\"cut short' WHERE seq = ?", (seq,))
    connection.close()


def test_a_damaged_record_in_a_large_store_is_rebuilt_by_the_shell(edition_copy: Path, isolated_user_dirs: Path,
                                                                   monkeypatch, capsys) -> None:
    """`briefing show` on a record that no longer decodes prints it all the same, from a store compiled again."""
    monkeypatch.setattr(opening, "READ_WHOLE_BYTES", 0)  # every store is "large": records checked as read
    age(edition_copy)
    cache = isolated_user_dirs / "cache" / "briefing"
    assert run(["--data", str(edition_copy), "show", "news-shijian-25-launched"]) == 0
    first = capsys.readouterr().out
    damage_record(cache, f"{ED}/news-shijian-25-launched")
    assert run(["--data", str(edition_copy), "show", "news-shijian-25-launched"]) == 0
    captured = capsys.readouterr()
    assert captured.out == first and "Shijian-25 launched for on-orbit refuelling" in first
    assert captured.err == ""  # the store compiled itself again: nothing to tell the user
    assert open_store([edition_copy], cache_dir=cache) is not None  # and the new store is sound


async def test_a_damaged_record_in_a_large_store_is_rebuilt_by_the_app(edition_copy: Path, isolated_user_dirs: Path,
                                                                       monkeypatch) -> None:
    """The app reading a record that no longer decodes says so, compiles the store again and goes on."""
    from briefing.app.app import make_app

    from .app_helpers import settle

    monkeypatch.setattr(opening, "READ_WHOLE_BYTES", 0)
    age(edition_copy)
    cache = isolated_user_dirs / "cache" / "briefing"
    open_model([edition_copy])
    damage_record(cache, f"{ED}/news-record-spacewalk")  # the first news item: shown as the tab opens
    app = make_app([str(edition_copy)])
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("2")
        await settle(pilot, lambda: app.main.current_record() is not None
                           and app.main.current_record().key == f"{ED}/news-record-spacewalk")
        assert app.is_running
        assert app.main.current_record().headline == "Record-Breaking Space Walk Achieved"
    assert open_store([edition_copy], cache_dir=cache) is not None
