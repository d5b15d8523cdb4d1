"""The store's word index finds what a scan finds; a store that never answers is rebuilt; one store per
edition whatever path names it; `briefing search` shows a first screen on a terminal.

See briefing/model/store/search.py (the index as candidates, ranking unchanged), database.py
(queries time-limited), opening.py (stores keyed by the folders, not their spelling).
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from briefing.cli import run
from briefing.model.store import database
from briefing.model.store.opening import open_model, store_path
from briefing.model.store.search import Search, query_words

from .conftest import DATA
from .test_store_tampering import aged_copy, altered, overwrite


# -- the index finds what the scan found -------------------------------------------------------------


def _queries(search: Search) -> list[str]:
    """Every word the index holds, parts of them, short words, phrases, hyphens, CJK, dates and numbers."""
    terms = sorted(term for (term,) in search.store.query("SELECT term FROM terms"))
    assert len(terms) > 500  # the shipped edition's words, so the loop below means something
    queries = list(terms[::3])
    queries += [term[1:5] for term in terms[::7] if len(term) > 5]  # inside words: "aunc" in "launch"
    queries += ["cas", "72", "6g", "cz-2f", "long march", "2025-01-06", "1721", "1,721", "天宫", "千帆",
                "state-owned", "launch satellite", "the of", "e", "ion", "qxzvjk", "china's", "zhuque-2e"]
    return queries


def test_the_index_finds_every_hit_the_scan_finds_in_the_same_order() -> None:
    """For every word of the shipped edition and many more queries, with and without a limit: the same
    records, ranks and order whether the index or a scan of the text answers, and count() says how many."""
    search = Search(open_model([DATA]).model)
    assert search._indexed
    differences = []
    for query in _queries(search):
        for limit in (None, 1, 3, 20):
            search._indexed = True
            indexed = [(hit.record.key, hit.rank, hit.field) for hit in search.search(query, limit=limit)]
            search._indexed = False
            scanned = [(hit.record.key, hit.rank, hit.field) for hit in search.search(query, limit=limit)]
            search._indexed = True
            if indexed != scanned:
                differences.append((query, limit, indexed[:3], scanned[:3]))
        if search.count(query) != len(search.search(query)):
            differences.append((query, "count", search.count(query), len(search.search(query))))
    assert not differences


def test_a_common_word_with_a_limit_reads_only_what_it_shows(monkeypatch: pytest.MonkeyPatch) -> None:
    """`satellite --limit 3`: three hits, the first three of the whole ranked list, and far fewer
    records' text read than there are hits."""
    search = Search(open_model([DATA]).model)
    every = search.search("satellite")
    assert len(every) > 30
    read: list[int] = []
    query = search.store.query

    def counting(sql: str, parameters=()):
        rows = query(sql, parameters)
        if sql.startswith("SELECT seq, title, "):
            read.append(len(rows))
        return rows

    monkeypatch.setattr(search.store, "query", counting)
    assert search.search("satellite", limit=3) == every[:3]
    assert 0 < sum(read) < len(every)
    assert query_words("satellite") == ["satellite"]


# -- a store that never answers is rebuilt -----------------------------------------------------------


NEVER_ENDING = ("WITH RECURSIVE forever(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM forever) "
                "SELECT old.* FROM {old} AS old, forever WHERE forever.n < 0")


def _never_ending(table: str):
    def change(connection) -> None:
        connection.executescript(f"ALTER TABLE {table} RENAME TO old_{table}; "
                                 f"CREATE VIEW {table} AS {NEVER_ENDING.format(old=f'old_{table}')};")
    return change


@pytest.mark.parametrize("table, argv", [
    ("news", ["search", "spacewalk"]),
    ("news_records", ["show", "news-record-spacewalk"]),
    ("events", ["timeline"]),
    ("meta", ["search", "spacewalk"]),
])
def test_a_store_whose_table_never_ends_is_rebuilt(tmp_path: Path, capsys, monkeypatch: pytest.MonkeyPatch,
                                                   table: str, argv: list[str]) -> None:
    """A table of the cached store replaced by a view that never ends: `search`, `show` and `timeline`
    print what they print from a sound store, in a few seconds, and the store is compiled again."""
    monkeypatch.setattr(database, "QUERY_SECONDS", 0.5)
    argv = ["--data", str(aged_copy(tmp_path)), *argv]
    sound = run(argv), capsys.readouterr().out
    assert sound[0] == 0 and sound[1]
    [target] = Path(os.environ["BRIEFING_CACHE_DIR"], "stores").glob("*.sqlite")
    damaged = altered(target.read_bytes(), _never_ending(table))
    overwrite(target, damaged)
    done: list[tuple] = []
    worker = threading.Thread(target=lambda: done.append((run(argv), capsys.readouterr().out)), daemon=True)
    worker.start()
    worker.join(60)  # without the time limit the command never returns
    assert done == [sound]
    assert target.read_bytes() != damaged


# -- one store per edition, whatever path names it ----------------------------------------------------


def _with_a_warning(root: Path) -> Path:
    """A copy of the shipped data whose first headline holds a control character (a warning), aged."""
    data = aged_copy(root)
    news = next(data.glob("*/news.toml"))
    stat = news.stat()
    news.write_text(news.read_text("utf-8").replace('headline = "', 'headline = "\\u0007', 1), "utf-8")
    os.utime(news, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    return data


def test_one_store_serves_every_spelling_of_the_same_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`data`, `./data` and the absolute path: one store file, compiled once; each warning names the file
    as that path spells it."""
    data = _with_a_warning(tmp_path)
    monkeypatch.chdir(tmp_path)
    cache = tmp_path / "cache"
    spellings = [Path("data"), Path("./data/"), data.resolve(), Path("data/../data")]
    assert len({store_path([path], cache) for path in spellings}) == 1
    first = open_model([spellings[0]], cache_dir=cache)
    stores = list((cache / "stores").glob("*.sqlite"))
    assert len(stores) == 1
    compiled = stores[0].stat().st_mtime_ns
    for path in spellings:
        result = open_model([path], cache_dir=cache)
        [warning] = result.warnings
        assert str(warning.path) == str(path / first.warnings[0].path.relative_to("data"))
        assert result.model.warnings == (str(warning),)
    assert list((cache / "stores").glob("*.sqlite")) == stores
    assert stores[0].stat().st_mtime_ns == compiled  # read, never compiled again


# -- a first screen on a terminal --------------------------------------------------------------------


def test_search_on_a_terminal_shows_a_first_screen_and_how_many_more(capsys, monkeypatch: pytest.MonkeyPatch) -> None:
    """On a 14-line terminal: ten hits and "N more" with how to see them; --all and a pipe: every hit."""
    for name in ("BRIEFING_DATA", "NO_COLOR"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("TERM", "xterm-256color")
    piped = run(["search", "satellite"]), capsys.readouterr().out
    total = len(piped[1].splitlines())
    assert piped[0] == 0 and total > 30
    monkeypatch.setenv("BRIEFING_FORCE_TERMINAL", "1")
    monkeypatch.setenv("LINES", "14")
    monkeypatch.setenv("COLUMNS", "200")
    code, out = run(["search", "satellite"]), capsys.readouterr().out
    assert code == 0
    lines = out.splitlines()
    assert len(lines) == 1 + 10 + 1  # the header, a screen of hits, the footer
    assert f"10 of {total} hits for 'satellite'; {total - 10} more: --all shows every hit" in lines[-1]
    code, out = run(["search", "satellite", "--all"]), capsys.readouterr().out
    assert len(out.splitlines()) == 1 + total + 1
    assert f"{total} hits for 'satellite'" in out.splitlines()[-1]


# -- hits ranked from the stored text, as from the record ------------------------------------------


def test_hits_ranked_from_the_stored_text_rank_as_the_record_folded_again() -> None:
    """Search ranks the hits it returns from the folded title and text the store keeps: for every
    query above, each hit's rank and field are what folding the record again gives (ranking.ranked)."""
    from briefing.model.store.ranking import ranked

    search = Search(open_model([DATA]).model)
    differences, compared = [], 0
    for query in _queries(search)[::2]:
        words = query_words(query)
        for hit in search.search(query):
            again = ranked(hit.record, words)
            compared += 1
            if (hit.rank, hit.field) != (again.rank, again.field):
                differences.append((query, hit.record.key, (hit.rank, hit.field), (again.rank, again.field)))
    assert compared > 500
    assert not differences


def test_a_stored_text_that_does_not_begin_with_the_record_is_folded_again() -> None:
    """A store whose text was changed behind our back ranks the record as folding it gives."""
    from briefing.model.store.ranking import ranked, ranked_as_stored

    model = open_model([DATA]).model
    record = model.editions[0].news[0]
    words = query_words(record.title.split()[0])
    assert ranked_as_stored(record, words, "not its title", "anything") == ranked(record, words)


def test_month_names_read_as_the_pattern_reads_them() -> None:
    """The month look-up a query is read with holds exactly the words the written-date pattern takes."""
    import re

    from briefing.model.store.ranking import _MONTH_WORDS, MONTH_NAMES, month_number

    assert all(re.fullmatch(_MONTH_WORDS, name) for name in MONTH_NAMES)
    # Every word the pattern matches: each alternative's optional parts taken or left.
    spelled = {"jan", "january", "feb", "february", "mar", "march", "apr", "april", "may", "jun", "june", "jul",
               "july", "aug", "august", "sep", "sept", "sepember", "september", "oct", "october", "nov",
               "november", "dec", "december"}
    assert set(MONTH_NAMES) == spelled
    assert [month_number(w) for w in ("dec", "sept", "march", "mayo", "")] == [12, 9, 3, None, None]


def test_short_words_are_the_ones_the_pattern_names() -> None:
    """A short query word is one to three of a-z and 0-9, as the pattern ``[0-9a-z]{1,3}`` says."""
    import re

    from briefing.model.data.text import is_short_word

    samples = ["", "a", "ab", "abc", "abcd", "72", "6g", "A", "aB", "é", "a-", "a b", "١٢", "ｆ", "_", "cas", "1,7"]
    assert [is_short_word(w) for w in samples] == [bool(re.fullmatch(r"[0-9a-z]{1,3}", w)) for w in samples]


def test_partial_words_are_counted_as_the_pattern_counts_them() -> None:
    """A word held only inside longer words ("plan" in "plane") is partial; with its plural ending it
    is whole ("science" in "sciences"): as ``(?<![0-9a-z])word(?:s|es)?(?![0-9a-z])`` finds, over
    random texts and words of the letters that matter."""
    import random
    import re

    from briefing.model.store.ranking import partial_matches

    def by_pattern(words: list[str], text: str) -> int:
        count = 0
        for word in words:
            if word and word[-1].isalnum() and word.isascii():
                plural = "(?:es)?" if word.endswith(("s", "x", "z", "ch", "sh")) else "s?"
                count += re.search(rf"(?<![0-9a-z]){re.escape(word)}{plural}(?![0-9a-z])", text) is None
        return count

    rng = random.Random(7)
    letters = "aes plnx-1,.é"
    cases = [(["".join(rng.choice(letters) for _ in range(rng.randint(1, 4))) for _ in range(2)],
              "".join(rng.choice(letters) for _ in range(rng.randint(0, 14)))) for _ in range(20_000)]
    cases += [(["plan"], "the space plane"), (["science"], "sciences"), (["box"], "boxes"), (["plan"], "plans")]
    assert [partial_matches(w, t) for w, t in cases] == [by_pattern(w, t) for w, t in cases]
    assert partial_matches(["plan", "science"], "a plane for sciences") == 1
