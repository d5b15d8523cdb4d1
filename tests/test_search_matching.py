"""Better matching (issue 14, item 4): short words whole, ISO dates and plain numbers as queries, "did you mean"."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from briefing.model.store.matching import SearchIndex
from briefing.model.store.ranking import contains, is_short
from briefing.model.store.search import searcher
from briefing.model.store.opening import open_model

from .cli_helpers import run
from .conftest import DATA


def hits(capsys, query: str) -> list[str]:
    code, out, _ = run(capsys, "search", query, "--json")
    return [hit["id"] for hit in json.loads(out)["hits"]] if code == 0 else []


@pytest.mark.parametrize(("text", "word", "found"), [
    ("gold: cast, ziyuan-1", "cas", False), ("cas, china national space agency", "cas", True),
    ("the (cas) innovation academy", "cas", True), ("1,721 downloads", "72", False),
    ("the total to 72.", "72", True), ("2.72 m", "72", False), ("6g networks", "6g", True),
    ("天宫空间站", "天宫", True), ("long-march 2-f", "2-f", True), ("castle", "cast", True),
])
def test_contains(text: str, word: str, found: bool) -> None:
    assert contains(text, word) is found


def test_only_short_plain_words_are_whole_words() -> None:
    assert is_short("cas") and is_short("72") and is_short("6g")
    assert not is_short("cast") and not is_short("天宫") and not is_short("2-f")


def test_cas_finds_cas_records_and_no_cast_row(capsys) -> None:
    found = hits(capsys, "CAS")
    model = open_model([DATA]).model
    naming = {r.id for r in model.records() if "CAS" in r.entities.names()}
    assert naming <= set(found)
    assert "medal-longwave-ir-cast-gold" not in found
    assert not any("cast" in ident for ident in found)


def test_72_is_the_spacesail_total_not_1721(capsys) -> None:
    found = hits(capsys, "72")
    assert found[:2] == ["news-spacesail-launches", "event-2025-01-23-spacesail-polar-orbit-group-6"]
    assert "article-leo-satellite-internet" not in found


def test_plain_numbers_and_iso_dates_are_queries(capsys) -> None:
    assert set(hits(capsys, "1721")) == {"news-cnki-leo-satellite-internet", "article-leo-satellite-internet",
                                         "fig-top-cnki-downloads"}  # the key figure "1,721 downloads"
    assert set(hits(capsys, "2025-01-06")) == {"news-shijian-25-launched", "event-2025-01-06-shijian-25-launch"}
    assert "event-2024-12-17-record-spacewalk" in hits(capsys, "2024-12-17")


def test_a_typo_shows_the_near_words_hits(capsys) -> None:
    code, out, err = run(capsys, "search", "pakistn")
    assert code == 0 and "showing 'pakistan'" in err


def test_short_words_rank_by_whole_words_and_a_limit_keeps_the_best(tmp_path: Path) -> None:
    """A limited search of short words (the palette's) lists the best of the unlimited one, in order,
    and every hit holds each short word as a whole word, however SQLite found it."""
    from briefing.model.store.ranking import folded_parts, query_words

    model = open_model([DATA], cache_dir=tmp_path / "cache").model
    for query in ("cas", "72", "cas space", "1721", "2025-01-06", "6g", "qianfan"):
        every = searcher(model).search(query)
        assert every, query
        for hit in every:
            text = "\n".join(part for _, part in folded_parts(hit.record))
            assert all(contains(text, word) for word in query_words(query)), (query, hit.record.key)
        assert [h.record.key for h in searcher(model).search(query, limit=2)] == [h.record.key for h in every[:2]]


def test_the_timelines_search_as_you_type_still_narrows_by_parts(tmp_path: Path) -> None:
    events = open_model([DATA]).model.events
    index = SearchIndex(events)
    # "spa", typed on the way to "spacesail", keeps every Spacesail event listed.
    spa = {events[i].id for i in index.matching(["spa"])}
    assert {e.id for e in events if "Spacesail" in e.entities.spacecraft} <= spa


def test_the_word_index_finds_what_testing_each_text_finds() -> None:
    """SearchIndex.with_words (letter masks and the texts' words, for large timelines) answers every
    query as the plain substring test does: letters, parts of words, a phrase, a word typed on."""
    import random

    from briefing.model.query.timeline_filter import IncrementalSearch

    events = open_model([DATA]).model.events
    plain = SearchIndex(events)
    fuller = plain.with_words()
    texts = plain._all
    chance = random.Random(7)
    queries = ["s", "sa", "spacesail", "z", "qx", "2025", "cz-2f", "long march", "卫星", "cas space", "é"]
    for _ in range(200):  # pieces of the texts themselves, some across a space or a line
        text = chance.choice(texts)
        start = chance.randrange(len(text))
        queries.append(text[start:start + chance.randint(1, 9)])
    for query in queries:
        words = [query] if chance.random() < 0.5 else query.split() or [query]
        every = range(len(texts))
        within = chance.choice([None, list(every), [i for i in every if i != 3],
                                sorted(chance.sample(every, len(texts) // 2))])
        expected = [i for i in (range(len(texts)) if within is None else within)
                    if all(word in texts[i] for word in words)]
        assert fuller.matching(words, within) == expected, (words, within)
    for word in ("spacesail", "xyz", "long march"):  # typed a key at a time, and half backspaced
        new, old = IncrementalSearch(fuller), IncrementalSearch(plain)
        typed = [word[:n] for n in range(1, len(word) + 1)] + [word[:n] for n in range(len(word) - 1, 0, -1)]
        for value in typed:
            assert list(new.matching(value.split()) or []) == list(old.matching(value.split()) or []), value


# -- highlighting follows the same whole-word rule ------------------------------------------------


@pytest.mark.parametrize(("text", "words", "marked"), [
    ("Gold: CAST, Ziyuan-1", ["cas"], []),  # not "*CAS*T"
    ("CAST and the CAS", ["cas"], ["CAS"]),
    ("1,721 downloads, 72 satellites", ["72"], ["72"]),  # not inside "1,721"
    ("Casting a castle", ["cast"], ["Cast", "cast"]),  # longer words still match inside others
    ("Zhúquè-3 of CAS Space", ["zhuque", "cas"], ["Zhúquè", "CAS"]),
])
def test_match_spans_mark_short_words_whole(text: str, words: list[str], marked: list[str]) -> None:
    from briefing.model.data.text import match_spans

    assert [text[start:end] for start, end in match_spans(text, words)] == marked


def test_search_snippets_never_mark_cas_inside_cast(capsys) -> None:
    code, out, _ = run(capsys, "search", "cas")
    assert code == 0 and "*CAS*" in out
    assert "*CAS*T" not in out and "*cas*t" not in out.lower()


def test_the_palette_marks_cas_only_as_a_whole_word() -> None:
    from briefing.app.palette import hit_display

    model = open_model([DATA]).model
    row = model.get("2024-09-to-2025-03/medal-longwave-ir-cast-gold")
    shown = hit_display(row, ["cas"])
    assert "CAST" in shown.plain and not [span for span in shown.spans if "underline" in str(span.style)]
    shown = hit_display(row, ["cast"])
    assert [shown.plain[span.start:span.end] for span in shown.spans if "underline" in str(span.style)] == ["CAST"]


def test_the_timeline_s_search_as_you_type_still_marks_parts_of_words() -> None:
    # The Timeline's "/" matches parts of words as you type ("shi" in "Shijian"), so its rows mark them too.
    from rich.style import Style

    from briefing.app.widgets.timeline_rows import event_row

    model = open_model([DATA]).model
    event = model.get("2024-09-to-2025-03/event-2025-01-06-shijian-25-launch")
    match = Style(underline=True)
    row = event_row(event, ["shi"], "", match=match, planned=Style(), dim=Style(), marks_style=Style())
    marked = [row.plain[span.start:span.end] for span in row.spans if span.style == match]
    assert marked == ["Shi"]


def test_a_typo_of_a_hyphenated_name_shows_the_names_hits(capsys) -> None:
    code, out, err = run(capsys, "search", "shijan-25")
    assert code == 0 and "showing 'shijian-25'" in err and "Shijian-25" in out


def test_near_words_come_from_the_word_index_not_from_every_records_text(capsys, monkeypatch) -> None:
    """At 100,000 events reading every record's text for near words took 5 s on every query that found nothing."""
    from briefing.model.store.database import Store

    def refuse(*_):
        raise AssertionError("every record's text was read for near words")

    monkeypatch.setattr(Store, "haystacks", refuse)
    code, out, err = run(capsys, "search", "pakistn")
    assert code == 0 and "showing 'pakistan'" in err


def test_the_indexed_vocabulary_holds_every_word_of_the_text(tmp_path: Path) -> None:
    """Every word a scan of the records' text finds is offered: words without hyphens as they are, and
    the hyphenated ones of names whole ("shijian-25"); a hyphenated word of a text alone, as its parts."""
    import re

    from briefing.model.store import suggest

    model = open_model([DATA], cache_dir=tmp_path / "cache").model
    indexed = suggest.vocabulary(model)
    scanned = {word for text in suggest._texts(model) for word in re.findall(r"\w+(?:-\w+)*", text)
               if len(word) >= suggest.MIN_LENGTH}
    assert indexed == sorted(set(indexed)) and "shijian-25" in indexed and "pakistan" in indexed
    for word in scanned:
        parts = [part for part in word.split("-") if len(part) >= suggest.MIN_LENGTH]
        assert word in indexed or all(part in indexed for part in parts), word
