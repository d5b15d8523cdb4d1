"""``briefing search``: AND of words, folded case and accents, ranking, --kind, --limit, notes, --json, exit codes."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil

import pytest
import tomli_w

from briefing.cli.search_cmd import snippet
from briefing.model.locations import config_dir
from briefing.model.locations import shipped_data_dir
from .cli_helpers import run

EDITION = "2024-09-to-2025-03"


def write_notes(tmp_path, *notes):
    """Notes as the store writes them: ``(edition, dataset, id, text, flagged, updated)``."""
    folder = config_dir()
    folder.mkdir(parents=True, exist_ok=True)
    tables = []
    for edition, dataset, ident, text, flagged, updated in notes:
        tables.append({"edition": edition, "dataset": dataset, "id": ident, "text": text, "flagged": flagged,
                       "created": updated, "updated": updated})
    (folder / "annotations.toml").write_text(tomli_w.dumps({"version": 1, "notes": tables}), "utf-8")


def ids(out: str) -> list[str]:
    return [line.split()[-1] for line in out.splitlines()]


def cols(line: str) -> list[str]:
    """A plain listing line's columns: they are separated by at least two spaces."""
    return re.split(r"\s{2,}", line.strip())


def test_shijian_finds_news_and_events(capsys):
    code, out, err = run(capsys, "search", "shijian")
    assert code == 0 and err == ""
    found = ids(out)
    assert "news-shijian-25-launched" in found and "news-shijian-19-recovered" in found
    assert any(i.startswith("event-") for i in found)
    for line in out.splitlines():
        assert "*Shijian*" in line  # the match is marked in the snippet
        assert cols(line)[1] in {"news", "medal", "article", "event", "note", "heading"}  # heading: a report part
    # one line per hit, dates first
    assert cols(out.splitlines()[0])[0] in {"11 Oct 2024", "6 Jan 2025"}


def test_columns_are_aligned(capsys):
    _, out, _ = run(capsys, "search", "shijian")
    lines = out.splitlines()
    starts = {line.index(line.split()[-1]) for line in lines}
    assert len(starts) == 1  # every ID starts in the same column


def test_case_and_accents_do_not_matter(capsys):
    _, plain, _ = run(capsys, "search", "shijian")
    _, folded, _ = run(capsys, "search", "SHÍJIÀN")
    assert ids(plain) == ids(folded)


def test_words_are_anded(capsys):
    _, both, _ = run(capsys, "search", "shijian", "25")
    _, one, _ = run(capsys, "search", "shijian")
    assert set(ids(both)) < set(ids(one))
    assert all("25" in line for line in both.splitlines())
    code, out, err = run(capsys, "search", "shijian", "zzzzqqq")
    assert err == "briefing: No hits for 'shijian zzzzqqq'\n"
    err = ""
    assert (code, out, err) == (1, "", "")


def test_phrase_and_title_hits_come_first(capsys):
    from briefing.model.store.opening import open_model
    from briefing.model.locations import data_paths

    model = open_model(data_paths()).model
    _, out, _ = run(capsys, "search", "long", "march")
    titles = [model.find(i)[0].title.lower() for i in ids(out)]
    in_title = ["long march" in t for t in titles]
    assert in_title[0] and in_title == sorted(in_title, reverse=True)


def test_kind_narrows_and_repeats(capsys):
    _, out, _ = run(capsys, "search", "shijian", "--kind", "events")
    assert out and all(line.split()[-1].startswith("event-") for line in out.splitlines())
    _, out, _ = run(capsys, "search", "gaofen", "--kind", "medals", "--kind", "news")
    kinds = {cols(line)[1] for line in out.splitlines()}
    assert kinds <= {"medal", "news"} and "medal" in kinds
    code, _, err = run(capsys, "search", "x", "--kind", "tweets")
    assert code == 2 and "invalid choice" in err


def test_limit(capsys):
    _, out, _ = run(capsys, "search", "satellite", "--limit", "2")
    assert len(out.splitlines()) == 2
    code, _, err = run(capsys, "search", "satellite", "--limit", "0")
    assert code == 2 and "at least 1" in err


def test_empty_query_is_a_usage_error(capsys):
    code, out, err = run(capsys, "search", "  ")
    assert code == 2 and out == ""
    assert err.startswith("briefing: ") and err.count("\n") == 1


def test_data_error_is_one_line(capsys, tmp_path):
    code, out, err = run(capsys, "--data", str(tmp_path / "nowhere"), "search", "x")
    assert code == 2 and out == ""
    assert err.startswith("briefing: ") and err.count("\n") == 1 and "Traceback" not in err
    code, _, err = run(capsys, "search", "x", "--edition", "1999")
    assert code == 2 and "no edition '1999'" in err


def test_notes_are_searched(capsys, tmp_path):
    now = dt.datetime(2025, 3, 2, 9, 0, tzinfo=dt.timezone.utc)
    write_notes(tmp_path,
                (EDITION, "news", "news-record-spacewalk", "Compare with the Apollo xylophone record", False, now),
                ("1999-old", "news", "news-gone", "xylophone orphan", True, now))
    code, out, _ = run(capsys, "search", "xylophone")
    assert code == 0
    lines = out.splitlines()
    assert "news-record-spacewalk" in lines[0] and "note: Compare with the Apollo *xylophone* record" in lines[0]
    assert "(orphaned note) 1999-old/news-gone" in lines[1]
    _, only_notes, _ = run(capsys, "search", "shijian", "--kind", "notes")
    assert only_notes == ""
    _, only_notes, _ = run(capsys, "search", "xylophone", "--kind", "notes")
    assert len(only_notes.splitlines()) == 2
    # --kind names the kind of item: a news item found through its note is still news
    _, news, _ = run(capsys, "search", "xylophone", "--kind", "news")
    assert ids(news) == ["news-record-spacewalk"]
    _, events, _ = run(capsys, "search", "xylophone", "--kind", "events")
    assert events == ""


def test_json_shape(capsys, tmp_path):
    now = dt.datetime(2025, 3, 2, 9, 0, tzinfo=dt.timezone.utc)
    write_notes(tmp_path, (EDITION, "news", "news-shijian-25-launched", "my shijian note", True, now))
    code, out, _ = run(capsys, "search", "shijian", "--json", "--limit", "3")
    assert code == 0
    doc = json.loads(out)
    assert set(doc) == {"query", "words", "shown_for", "kinds", "count", "total", "hits"}
    assert doc["shown_for"] is None
    assert doc["query"] == "shijian" and doc["words"] == ["shijian"] and doc["count"] == 3 <= doc["total"]
    hit = doc["hits"][0]
    assert set(hit) == {"kind", "key", "id", "title", "date", "rank", "matched_in", "snippet", "record", "note",
                        "carried_note", "team_notes"}
    assert hit["record"]["dataset"] == hit["kind"] and hit["key"] == f"{EDITION}/{hit['record']['id']}"
    noted = [h for h in doc["hits"] if h["note"]]
    assert noted and noted[0]["note"]["text"] == "my shijian note" and noted[0]["note"]["flagged"] is True
    code, out, _ = run(capsys, "search", "zzzzqqq", "--json")
    assert code == 1 and json.loads(out)["hits"] == []


def test_several_editions_show_edition_slash_id(capsys, tmp_path):
    data = tmp_path / "data"
    shutil.copytree(shipped_data_dir() / EDITION, data / EDITION)
    shutil.copytree(shipped_data_dir() / EDITION, data / "2025-04-to-2025-09")
    _, out, _ = run(capsys, "--data", str(data), "search", "shijian", "25", "--kind", "news")
    assert ids(out) == [f"{EDITION}/news-shijian-25-launched", "2025-04-to-2025-09/news-shijian-25-launched"]
    _, out, _ = run(capsys, "--data", str(data), "--edition", EDITION, "search", "shijian", "25", "--kind", "news")
    assert ids(out) == ["news-shijian-25-launched"]
    _, out, _ = run(capsys, "search", "--data", str(data), "--edition", EDITION, "shijian", "25", "--kind", "news")
    assert ids(out) == ["news-shijian-25-launched"]  # options after the command name work too


def test_snippet_centres_on_the_match():
    text = "word " * 40 + "TARGET here " + "more " * 40
    cut = snippet(text, ["target"])
    assert "TARGET" in cut and cut.startswith("…") and cut.endswith("…") and len(cut) <= 80
    assert snippet("short text", ["x"]) == "short text"
    assert snippet("a\nb\tc", ["b"]) == "a b c"


def test_help_has_examples(capsys):
    code, out, _ = run(capsys, "search", "--help")
    assert code == 0 and "examples:" in out and "briefing search shijian" in out and "--json prints" in out


def test_no_hits_shows_the_nearest_querys_hits_and_says_so(capsys):
    code, out, err = run(capsys, "search", "pakistn")
    assert code == 0 and ids(out)[0] == "news-pakistan-cooperation"
    assert err == "briefing: no hits for 'pakistn'; showing 'pakistan'\n"  # stderr in a pipe: stdout keeps hits only
    code, out, err = run(capsys, "search", "zzzzqqq")
    assert (code, out, err) == (1, "", "briefing: No hits for 'zzzzqqq'\n")
