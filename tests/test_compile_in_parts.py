"""A large compile's shortcuts give what the plain way gives: TOML parsed in pieces, rows from a second process.

Both only start above sizes (megabytes, tens of thousands of records) that these tests lower,
so the shipped edition takes the same paths a large one does.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import tomllib
from pathlib import Path

import pytest

from briefing.model.data import toml_pieces, toml_reading
from briefing.model.data.loader import load_editions
from briefing.model.data.problems import LoadError
from briefing.model.store import compile as compiling
from briefing.model.store import row_worker

from .conftest import DATA, EDITION


def test_a_dataset_file_parsed_in_pieces_is_the_file_parsed_whole(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(toml_pieces, "PIECE_CHARS", 2000)
    real_loads = tomllib.loads
    pieces: list[str] = []
    monkeypatch.setattr(tomllib, "loads", lambda text: pieces.append(text) or real_loads(text))
    for name in ("news.toml", "timeline.toml", "medals.toml"):
        pieces.clear()
        assert toml_pieces.parse_in_pieces(lambda text: tomllib.loads(text), EDITION / name, 10**9) == real_loads(
            (EDITION / name).read_text("utf-8")), name
        assert len(pieces) > 2, name


@pytest.mark.parametrize("text", [
    # A line "[[items]]" inside a multi-line string is no place to cut.
    'a = 1\n[[items]]\nx = 1\n[[items]]\ny = """\n[[items]]\n"""\n[[items]]\nz = 3\n',
    "[[items]]\nx = '''\n[[items]]\ny = 1\n'''\n[[items]]\nq = 1\n",
    "[[items]]\nx = [\n1,\n[[items]]\n]\n",
    # items made an array that [[items]] cannot add to, or redefined, or a table after them.
    "items = [{a = 1}]\n[[items]]\nx = 1\n",
    "a = 1\n[[items]]\nx = 1\n[[items]]\nz = 3\n[items]\nq = 2\n",
    "a = 1\n[[items]]\nx = 1\n[[items]]\nz = 3\n[other]\nq = 2\n",
    "a = 1\n[[items]]\nx = 1\n[other]\nq = 1\n[[items]]\nz = 3\n",
    "a = 1\n[[items]]\nx = 1\n[items.e]\nk = 1\n[[items]]\nz = 3\n[items.e]\nk = 2\n",
    "[[items]]\nx = 1\n[[items]]\nx = 1\nx = 2\n",
    # Errors either parser finds: tomllib's message is the one reported.
    "[[items]]\nx = 1\n[[items]]\ny = \"a\x01b\"\n",
    "[[items]]\nx = 1\n[[items]]\ny = [" + "[" * 200 + "]" * 200 + "]\n",
    "[[items]]\nx = 1\n[[items]]\ny = 1979-05-27T07:32:00+05:00\nz = 0.1e500\n",
    # Tables after the array: new ones are kept, one defined before is no place to cut.
    "a = 1\n[[items]]\nx = 1\n[[items]]\ny = 2\n[[relations]]\nr = 1\n[[relations]]\nr = 2\n",
    "a = 1\n[[relations]]\nr = 0\n[[items]]\nx = 1\n[[items]]\ny = 2\n[[relations]]\nr = 1\n",
    "[[items]]\nx = 1\n[[items]]\ny = 2\n[other]\nr = 1\n[[items]]\nz = 3\n[other]\nr = 2\n",
])
def test_pieces_give_the_whole_tree_or_the_whole_files_error(text: str, tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "news.toml"
    path.write_text(text, "utf-8")

    def parsed() -> object:
        try:
            return toml_reading.parse_toml(path)
        except LoadError as error:
            return (error.message, error.line)

    with monkeypatch.context() as tomli_alone:
        tomli_alone.setattr(toml_reading, "_fast_parser", lambda: None)
        whole = parsed()
    # In pieces, by the compiled parser (rtoml) where it is installed: the same tree, or tomllib's error.
    monkeypatch.setattr(toml_pieces, "PIECE_CHARS", 5)
    for loads in (lambda text: tomllib.loads(text), toml_reading._fast_loads):
        tree = toml_pieces.parse_in_pieces(loads, path, 10**9)
        assert tree is None or tree == whole
    assert parsed() == whole


def _tables(file: Path) -> dict[str, list[str]]:
    connection = sqlite3.connect(file)
    try:
        names = [name for (name,) in connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND sql NOT LIKE 'CREATE VIRTUAL%' ORDER BY name")]
        # Every row, in an order of their own: the worker's rows are written in after the compile's.
        return {name: sorted(map(repr, connection.execute(f"SELECT * FROM {name}"))) for name in names}
    finally:
        connection.close()


def _compiled(target: Path) -> dict[str, list[str]]:
    validated = load_editions([DATA])
    compiling.build_store(target, validated, "signature", [DATA])
    assert sorted(os.listdir(target.parent)) == [target.name]  # no worker's file left behind
    return _tables(target)


def test_rows_from_a_second_process_make_the_same_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    alone = _compiled(tmp_path / "alone" / "store.sqlite")
    forks = []
    real_fork = os.fork
    monkeypatch.setattr(row_worker, "FORK_FROM_RECORDS", 0)
    monkeypatch.setattr(row_worker.os, "fork", lambda: forks.append(1) or real_fork())
    assert _compiled(tmp_path / "two" / "store.sqlite") == alone
    assert forks == [1]
    assert sum(len(rows) for name, rows in alone.items() if name in ("news", "events")) > 0


def test_a_worker_that_fails_costs_only_time(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    alone = _compiled(tmp_path / "alone" / "store.sqlite")
    monkeypatch.setattr(row_worker, "FORK_FROM_RECORDS", 0)

    def fail(*args: object) -> None:
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(row_worker, "_work", fail)  # in the forked worker, which then exits 1
    assert _compiled(tmp_path / "failed" / "store.sqlite") == alone


def test_dates_found_from_the_month_names_are_the_ones_the_pattern_scan_finds() -> None:
    from briefing.model.store import ranking

    pieces = ["dec", "december", "sept", "may", "jun", "mar", "march", "ch", "a", "x", "1", "12", "123", "31",
              "2024", "20245", " ", "  ", "\n", "\u00a0", ",", ".", "-"]
    generator = __import__("random").Random(7)
    texts = ["17 december 2024", "on 5  may 2021, and june 2025", "x12 dec 2024", "123 dec 2024", "decmay 2020",
             "junov 2020", "march 3, 2020 and 4 april 2021", "dec\u00a02024"]
    texts += ["".join(generator.choice(pieces) for _ in range(generator.randint(1, 14))) for _ in range(20000)]
    for text in texts:
        scanned = [match.groupdict() for match in ranking._written_date().finditer(text)]
        assert [match.groupdict() for match in ranking._date_matches(text)] == scanned, text


def _compiled_early(target: Path, paths: list[Path]) -> dict[str, list[str]]:
    assert compiling.compile_store(target, paths, "", lambda what: None)
    assert sorted(os.listdir(target.parent)) == [target.name]  # no worker's file left behind
    return _tables(target)


def _two_editions(root: Path) -> Path:
    """The shipped edition and a copy of it six months on, which is read first (its folder's name sorts first)
    and listed second: its news are not the first of the store's."""
    shutil.copytree(DATA, root)
    later = root / "2000-listed-second"
    shutil.copytree(EDITION, later)
    report = later / "report.toml"
    report.write_text(report.read_text("utf-8").replace("period_start = 2024-09-01", "period_start = 2025-04-01"),
                      "utf-8")
    return root


@pytest.mark.parametrize("two", [False, True])
@pytest.mark.parametrize("rows_worker", [False, True])
def test_news_rows_from_an_early_worker_make_the_same_store(two: bool, rows_worker: bool, tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """With the other worker too (``rows_worker``), which then makes the news' JSON but not their search rows."""
    data = _two_editions(tmp_path / "data") if two else DATA
    if rows_worker:
        monkeypatch.setattr(row_worker, "FORK_FROM_RECORDS", 0)
    alone = _tables(_built(tmp_path / "alone" / "store.sqlite", data))
    copied: list[list[str]] = []
    real_copy = row_worker.RowWorker.copy_word_indexes
    monkeypatch.setattr(row_worker.RowWorker, "copy_word_indexes",
                        lambda worker, connection, datasets: copied.append(list(datasets)) or real_copy(
                            worker, connection, datasets))
    started: list[str] = []
    real_start = row_worker.start_early
    monkeypatch.setattr(compiling, "start_early", lambda *args: started.append(args[1]) or real_start(*args))
    monkeypatch.setattr(row_worker, "EARLY_FROM_RECORDS", 0)
    assert _compiled_early(tmp_path / "early" / "store.sqlite", [data]) == alone
    assert started == (["2000-listed-second"] if two else [EDITION.name])
    # One edition: its news are all the store's, and their word index is the worker's. Two: the second's
    # news are made into rows by the worker, the index over both editions' rows here.
    assert copied == ([] if two else [["news"]])
    assert len(alone["news_words_data"]) > 2 and len(alone["terms"]) > 100


def test_an_early_worker_that_fails_costs_only_time(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    alone = _tables(_built(tmp_path / "alone" / "store.sqlite", DATA))
    monkeypatch.setattr(row_worker, "EARLY_FROM_RECORDS", 0)

    def fail(*args: object) -> None:
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(row_worker, "_work", fail)  # in the forked worker, which then exits 1
    assert _compiled_early(tmp_path / "failed" / "store.sqlite", [DATA]) == alone


def test_an_early_worker_that_dies_making_its_word_index_costs_only_time(tmp_path: Path,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """Its rows are copied in while it makes their word index: when it dies then, the index is made here."""
    alone = _tables(_built(tmp_path / "alone" / "store.sqlite", DATA))
    monkeypatch.setattr(row_worker, "EARLY_FROM_RECORDS", 0)
    copied: list[object] = []
    real_copy = row_worker.RowWorker.copy_into
    monkeypatch.setattr(row_worker.RowWorker, "copy_into", lambda *args: copied.append(real_copy(*args)) or copied[-1])
    monkeypatch.setattr(compiling, "index_in_worker", lambda connection, dataset: os._exit(1))
    assert _compiled_early(tmp_path / "died" / "store.sqlite", [DATA]) == alone
    assert copied == [True]  # its rows were written, and copied in, before it died


def _with_a_part_worker(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, build=None) -> Path:
    """Have the first part of the news given to a worker while the rest is parsed (the shipped news.toml
    is cut into pieces of 2,000 bytes, the part told after 30% of it); the file returned lists, one a
    line, how many rows the early worker copied from it."""
    monkeypatch.setattr(toml_pieces, "PIECE_CHARS", 2000)
    monkeypatch.setattr(row_worker, "PART_FROM_TABLES", 0)
    monkeypatch.setattr(row_worker, "EARLY_FROM_RECORDS", 0)
    told = tmp_path / "copied.txt"
    real_copy = row_worker.PartWorker.copy_into

    def copy_into(worker, connection, dataset, records):  # in the early worker's process
        copied = real_copy(worker, connection, dataset, records)
        with open(told, "a", encoding="utf-8") as out:
            out.write(f"{len(records)} {copied}\n")
        return copied

    monkeypatch.setattr(row_worker.PartWorker, "copy_into", copy_into)
    if build is not None:
        real_start = row_worker.start_part
        monkeypatch.setattr(compiling, "start_part", lambda path, edition, dataset, count, records, *rest: real_start(
            path, edition, dataset, count, lambda: build(records()), *rest))
    return told


def test_the_first_news_from_a_worker_started_during_the_parse_make_the_same_store(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    alone = _tables(_built(tmp_path / "alone" / "store.sqlite", DATA))
    told = _with_a_part_worker(monkeypatch, tmp_path)
    assert _compiled_early(tmp_path / "parts" / "store.sqlite", [DATA]) == alone
    given, copied = map(int, told.read_text("utf-8").split())
    assert 0 < copied == given < 17  # the records of the tables parsed by then, all of them copied in


@pytest.mark.parametrize("failure", ["died", "other records"])
def test_a_part_worker_that_fails_or_made_other_records_costs_only_time(
        failure: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    alone = _tables(_built(tmp_path / "alone" / "store.sqlite", DATA))
    if failure == "died":
        def build(records: list) -> list:
            os._exit(1)
    else:
        def build(records: list) -> list:
            return records[1:]  # not the file's first records: the early worker makes their rows itself
    told = _with_a_part_worker(monkeypatch, tmp_path, build)
    assert _compiled_early(tmp_path / "parts" / "store.sqlite", [DATA]) == alone
    given, copied = map(int, told.read_text("utf-8").split())
    assert given > 0 and copied == 0


def _built(target: Path, data: Path) -> Path:
    """The store of ``data`` compiled in this one process."""
    compiling.build_store(target, load_editions([data]), "", [data])
    return target


def test_an_entities_names_are_its_pairs_names_in_kind_order() -> None:
    """Entities.names joins the fields' tuples: the fields must be the kinds, in ENTITY_KINDS order."""
    from briefing.model.data.records import ENTITY_KINDS, Entities

    assert tuple(Entities._fields[:len(ENTITY_KINDS)]) == tuple(ENTITY_KINDS)
    entities = Entities(**{kind: (f"{kind} one", f"{kind} two") for kind in ENTITY_KINDS}, other_names=("x",))
    assert entities.names() == tuple(name for _, name in entities.pairs())
    assert len(entities.names()) == 2 * len(ENTITY_KINDS)
