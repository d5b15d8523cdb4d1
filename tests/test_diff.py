"""``briefing diff``, the diff model and the Markdown section, on a second edition made from the shipped one.

Each change made by :mod:`tests.diff_helpers` must be reported exactly once in the text,
in the JSON and in the "Changes since the last edition" section of the Markdown export.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from briefing.model.store.opening import open_model
from briefing.model.diff import words
from briefing.model.diff.changes import diff_editions
from tests import diff_helpers as h
from tests.cli_helpers import run
from tests.conftest import EDITION


@pytest.fixture
def data(tmp_path: Path) -> Path:
    return h.make_editions(tmp_path)


# -- what a user reads --------------------------------------------------------------------------

#: Strings that each name one change, and must each be printed exactly once.
ONCE_IN_TEXT = (
    "Qingzhou prototype to fly on the first Kinetica-2 launch",  # came true: listed under its new record
    "planned → happened",
    "Haolong to fly on Landspace's Zhuque-3",  # date refined
    "late 2025 → November 2025",
    "Zhuhai Orbita, OVS-2/3 (Opto-electronic video)",  # medal changed
    "Silver → Gold",
    h.NEW_ENTITY,  # named by the new item's entities, not its words
    "Asteroid sample-return probe launched",  # the new item
    "CMSA issues tender for lunar remote sensing satellites",  # dropped
    "72 → 108",  # the Spacesail figure
    h.CARRIED_NOTE,
    h.ORPHAN_NOTE,
)


def test_text_reports_each_change_once_with_word_diff_marks(data: Path, capsys) -> None:
    h.write_notes()
    code, out, err = run(capsys, "diff", "--data", str(data))
    assert code == 0, err
    for text in ONCE_IN_TEXT:
        assert out.count(text) == 1, (text, out)
    assert out.count("[-made-]{+completed+} the [-9 hour, 6 minute-]{+nine-hour+} walk") == 1
    assert "\x1b" not in out  # a pipe gets plain text
    # Summary counts come before any detail.
    summary = out.index("Summary")
    assert summary < out.index("Planned events that came true") < out.index("Dates refined")
    assert "1 planned event came true, 0 now overdue" in out
    assert "1 date refined, 0 changed" in out
    assert "1 new item, 1 dropped; 1 entity seen for the first time" in out
    assert "notes: 1 carried over, 1 orphaned" in out
    tallies = out[out.index("Medal tallies by company (Gold/Silver/Bronze)"):]
    assert tallies.splitlines()[1:3] == ["  Zhuhai Orbita  0/1/1 → 1/0/1", "  5 other companies: tallies unchanged"]
    # The carried note is shown on the new record, marked with the edition it was written on.
    carried = out[out.index("Notes carried over"):]
    assert f"on {h.NEW}/{h.CAME_TRUE_NEW}  written on {h.OLD}, on {h.CAME_TRUE_OLD}  flagged" in carried
    assert f"{h.OLD}/{h.DROPPED}  not in {h.NEW}" in out[out.index("Notes whose item is gone"):]


def test_text_on_a_terminal_colours_word_changes_instead_of_marking_them(data: Path, capsys, monkeypatch) -> None:
    monkeypatch.setenv("BRIEFING_FORCE_TERMINAL", "1")
    code, out, _ = run(capsys, "diff", "--data", str(data))
    assert code == 0
    assert "[-made-]" not in out and "{+completed+}" not in out
    assert "\x1b[" in out  # drawn with Rich: struck-through red and bold green


def test_json_reports_each_change_once(data: Path, capsys) -> None:
    h.write_notes()
    code, out, err = run(capsys, "diff", "--data", str(data), "--json")
    assert code == 0, err
    doc = json.loads(out)
    assert (doc["old"]["id"], doc["new"]["id"]) == (h.OLD, h.NEW)
    by_category: dict[str, list] = {}
    for change in doc["changes"]:
        by_category.setdefault(change["category"], []).append(change)
    keys = {category: [((c["old"] or {}).get("id"), (c["new"] or {}).get("id")) for c in changes]
            for category, changes in by_category.items()}
    assert keys == {
        "came_true": [(h.CAME_TRUE_OLD, h.CAME_TRUE_NEW)],
        "date_refined": [(h.REFINED, h.REFINED)],
        "added": [(None, h.NEW_ITEM)],
        "dropped": [(h.DROPPED, None)],
        "medal_changed": [(h.MEDAL_OLD, h.MEDAL_NEW)],
        "reworded": [(h.REWORDED, h.REWORDED)],
    }
    came_true = by_category["came_true"][0]
    assert came_true["status"] == {"old": "planned", "new": "happened"}
    assert came_true["date"]["old"]["wording"] == "late 2025" and came_true["date"]["new"]["date"] == "2025-09-20"
    assert came_true["matched_by"] == "paragraph"  # through its paragraph, date and key entity, not its id
    refined = by_category["date_refined"][0]["date"]
    assert refined["refined"] is True and refined["new"]["date"] == "2025-11"
    assert by_category["medal_changed"][0]["medal"] == {"old": "Silver", "new": "Gold"}
    [text] = by_category["reworded"][0]["texts"]
    assert text["field"] == "text" and "[-made-]{+completed+}" in text["word_diff"]
    assert doc["summary"]["came_true"] == 1 and doc["summary"]["overdue"] == 0
    assert doc["entities_first_seen"] == [{"kind": "spacecraft", "name": h.NEW_ENTITY,
                                           "first": f"{h.NEW}/{h.NEW_ITEM}"}]
    assert doc["figures"] == [{"label": "Spacesail satellites in orbit as of 23 January 2025", "old": "72", "new": "108",
                               "old_id": "fig-spacesail-satellites", "new_id": "fig-spacesail-satellites"}]
    orbita = [t for t in doc["medal_tallies"] if t["company"] == "Zhuhai Orbita"]
    assert orbita == [{"company": "Zhuhai Orbita", "before": {"Gold": 0, "Silver": 1, "Bronze": 1},
                       "after": {"Gold": 1, "Silver": 0, "Bronze": 1}, "changed": True}]
    assert [t["company"] for t in doc["medal_tallies"] if t["changed"]] == ["Zhuhai Orbita"]
    [carried] = doc["notes"]["carried"]
    assert (carried["text"], carried["written_on"], carried["now_on"]) == (
        h.CARRIED_NOTE, h.OLD, f"{h.NEW}/{h.CAME_TRUE_NEW}")
    assert [o["id"] for o in doc["notes"]["orphaned"]] == [h.DROPPED]


def test_markdown_export_opens_with_the_changes_each_once(data: Path, capsys) -> None:
    h.write_notes()
    code, out, err = run(capsys, "export", "--format", "md", "--data", str(data))
    assert code == 0, err
    assert out.startswith("# Changes since the last edition\n")
    section = out[: out.index("\n# ", 1)]  # up to the first edition's title
    for text in ONCE_IN_TEXT:
        if " → " in text:  # before struck through, after in bold
            before, after = text.split(" → ")
            text = f"~~{before}~~ → **{after}**"
        assert section.count(text) == 1, (text, section)
    assert "~~made~~ **completed** the ~~9 hour, 6 minute~~ **nine-hour** walk" in section
    assert "## Planned events that came true" in section and "## Notes carried over" in section
    # Both editions follow in full.
    assert out.count("# Ratcheting up capability") == 2


def test_markdown_of_one_edition_has_no_changes_section(capsys) -> None:
    code, out, _ = run(capsys, "export", "--format", "md")
    assert code == 0 and "Changes since the last edition" not in out


def test_one_edition_says_two_are_needed(capsys) -> None:
    code, out, err = run(capsys, "diff")
    assert code == 2 and out == ""
    assert "diff needs two editions and only one is loaded (2024-09-to-2025-03)" in err


def test_editions_named_and_unknown(data: Path, capsys) -> None:
    code, out, _ = run(capsys, "diff", h.OLD, h.NEW, "--data", str(data))
    assert code == 0 and out.startswith(f"Changes from {h.OLD}")
    code, _, err = run(capsys, "diff", "nope", "--data", str(data))
    assert code == 2 and "no edition 'nope'" in err
    code, _, err = run(capsys, "diff", "--edition", h.OLD, "--data", str(data))
    assert code == 2 and "name them as 'briefing diff OLD NEW'" in err


def test_an_edition_against_itself_is_said_plainly_and_nothing_changed(data: Path, capsys) -> None:
    code, out, _ = run(capsys, "diff", h.OLD, h.OLD, "--data", str(data))
    assert code == 1
    assert "both sides are the same edition, 2024-09-to-2025-03: nothing can have changed" in out
    assert "0 items reworded; 84 matched items unchanged" in out
    assert "33 paragraphs of the report matched, 0 with other words" in out


def test_overlapping_periods_are_said_plainly_and_still_diffed(data: Path, capsys) -> None:
    report = data / h.NEW / "report.toml"
    report.write_text(report.read_text(encoding="utf-8").replace("period_start = 2025-04-01",
                                                                 "period_start = 2025-03-01"), encoding="utf-8")
    code, out, _ = run(capsys, "diff", "--data", str(data))
    assert code == 0
    assert ("the periods overlap: 2024-09-to-2025-03 covers 2024-09-01 to 2025-03-31, "
            "2025-04-to-2025-09 covers 2025-03-01 to 2025-09-30") in out
    assert out.count("Haolong to fly on Landspace's Zhuque-3") == 1


# -- the model ----------------------------------------------------------------------------------


def _diff(data: Path, notes=None):
    result = open_model([data])
    assert result.errors == []
    return diff_editions(*result.model.editions, notes)


def test_planned_event_whose_date_has_passed_is_overdue(data: Path) -> None:
    # The new edition runs to the end of 2025: the Haolong flight, still planned for November, is overdue;
    # the Qingzhou flight came true, so it is not.
    report = data / h.NEW / "report.toml"
    report.write_text(report.read_text(encoding="utf-8").replace("period_end = 2025-09-30", "period_end = 2025-12-31"),
                      encoding="utf-8")
    diff = _diff(data)
    overdue = [(c.old.id, c.new.id) for c in diff.in_category("overdue")]
    assert overdue == [("event-2025-key-advances-aimed-for", "event-2025-key-advances-aimed-for"),
                       (h.REFINED, h.REFINED)]
    assert diff.in_category("date_refined") == []  # reported once, as overdue, with its date change
    assert diff.in_category("overdue")[1].date.refined is True
    assert [c.new.id for c in diff.in_category("came_true")] == [h.CAME_TRUE_NEW]


def test_date_moved_outside_its_span_is_changed_not_refined(data: Path) -> None:
    timeline = data / h.NEW / "timeline.toml"
    text = timeline.read_text(encoding="utf-8").replace('date = "November 2025"', 'date = "early 2026"')
    timeline.write_text(text, encoding="utf-8")
    diff = _diff(data)
    assert [c.new.id for c in diff.in_category("date_changed")] == [h.REFINED]
    assert diff.in_category("date_refined") == []


def test_follows_link_wins_over_id_and_similarity(data: Path) -> None:
    # The new edition renames the reworded paragraph and says which old item it continues; it also
    # states that the Shijian-25 item continues the Shijian-19 one, against their ids.
    news = data / h.NEW / "news.toml"
    text = news.read_text(encoding="utf-8")
    text = text.replace(f'id = "{h.REWORDED}"\n', f'id = "news-spacewalk-record"\nfollows = "{h.OLD}/{h.REWORDED}"\n')
    text = text.replace('id = "news-shijian-25-launched"\n',
                        f'id = "news-shijian-25-launched"\nfollows = "{h.OLD}/news-shijian-19-recovered"\n')
    news.write_text(text, encoding="utf-8")
    for toml in (data / h.NEW).glob("*.toml"):  # links to the renamed item
        toml.write_text(toml.read_text(encoding="utf-8").replace(f'"{h.REWORDED}"', '"news-spacewalk-record"'),
                        encoding="utf-8")
    diff = _diff(data)
    pairs = {(c.old.id, c.new.id, c.how) for c in diff.changes if c.old is not None and c.new is not None}
    assert (h.REWORDED, "news-spacewalk-record", "follows") in pairs
    assert ("news-shijian-19-recovered", "news-shijian-25-launched", "follows") in pairs
    # The old Shijian-25 item, its id taken by the link, is matched by nothing better than itself: dropped
    # or matched by similarity to the new Shijian-19 item, but never twice.
    olds = [c.old.key for c in diff.changes if c.old is not None]
    assert len(olds) == len(set(olds))


def test_loader_checks_follows_links(data: Path) -> None:
    news = data / h.NEW / "news.toml"
    links = {
        "news-shijian-25-launched": f"{h.OLD}/news-nothing-like-it",
        "news-shijian-19-recovered": f"{h.OLD}/{h.CAME_TRUE_OLD}",
        "news-pakistan-cooperation": f"{h.NEW}/news-record-spacewalk",
        h.NEW_ITEM: "no slash",
    }
    text = news.read_text(encoding="utf-8")
    for ident, target in links.items():
        text = text.replace(f'id = "{ident}"\n', f'id = "{ident}"\nfollows = "{target}"\n')
    news.write_text(text, encoding="utf-8")
    old_news = data / h.OLD / "news.toml"
    backwards = f"{h.NEW}/news-guowang-second-batch"
    old_news.write_text(old_news.read_text(encoding="utf-8").replace(
        'id = "news-guowang-second-batch"\n', f'id = "news-guowang-second-batch"\nfollows = "{backwards}"\n'),
        encoding="utf-8")

    def line_of(target: str, path: Path = news) -> int:
        return path.read_text(encoding="utf-8").splitlines().index(f'follows = "{target}"') + 1

    result = open_model([data])
    messages = {f"{p.path.parent.name}/{p.path.name}:{p.line}: {p.message}" for p in result.errors}
    expected = {
        f"{h.OLD}/news.toml:{line_of(backwards, old_news)}: news record 'news-guowang-second-batch': 'follows' "
        f"names edition '{h.NEW}', which is not earlier than '{h.OLD}' (editions are ordered by period_start)",
        f"{h.NEW}/news.toml:{line_of(links['news-shijian-19-recovered'])}: news record 'news-shijian-19-recovered': "
        f"'follows' links to '{h.OLD}/{h.CAME_TRUE_OLD}', a events record, not one of news",
        f"{h.NEW}/news.toml:{line_of(links['news-shijian-25-launched'])}: news record 'news-shijian-25-launched': "
        f"'follows' links to '{h.OLD}/news-nothing-like-it', which does not exist",
        f"{h.NEW}/news.toml:{line_of(links['news-pakistan-cooperation'])}: news record 'news-pakistan-cooperation': "
        "'follows' names a record of its own edition; it must name one of an earlier edition",
    }
    assert expected <= messages, messages
    bad_key = [m for m in messages if "no slash" in m]
    assert len(bad_key) == 1 and "must be the key of a record of an earlier edition, 'edition/id'" in bad_key[0]
    assert len(messages) == 5, messages


def test_follows_to_an_edition_not_loaded_is_not_a_problem(data: Path, capsys) -> None:
    news = data / h.NEW / "news.toml"
    news.write_text(news.read_text(encoding="utf-8").replace(
        'id = "news-shijian-25-launched"\n', 'id = "news-shijian-25-launched"\nfollows = "2023-09-to-2024-03/x"\n'),
        encoding="utf-8")
    result = open_model([data / h.NEW])
    assert result.errors == []
    [item] = [n for n in result.model.news if n.id == "news-shijian-25-launched"]
    assert item.follows == "2023-09-to-2024-03/x"
    code, out, _ = run(capsys, "export", "--format", "json", "--data", str(data / h.NEW))
    news = {n["id"]: n for n in json.loads(out)["news"]}
    assert code == 0 and news["news-shijian-25-launched"]["follows"] == "2023-09-to-2024-03/x"
    assert "follows" not in news["news-record-spacewalk"]  # only where the edition states one


def test_cnki_downloads_and_ranks(data: Path) -> None:
    trends = data / h.NEW / "trends.toml"
    text = trends.read_text(encoding="utf-8")
    assert "downloads = 1721" in text and "downloads = 1187" in text
    trends.write_text(text.replace("downloads = 1187", "downloads = 2000"), encoding="utf-8")
    diff = _diff(data)
    # Our reading of a number the report's words do not say: ours, never the report's change.
    assert diff.in_category("article_moved") == []
    assert ("downloads as we read them",) in [c.fields for c in diff.ours if c.dataset == "articles"]
    news = data / h.NEW / "news.toml"
    news.write_text(news.read_text(encoding="utf-8").replace("downloaded 1,187 times", "downloaded 2,000 times"),
                    encoding="utf-8")
    diff = _diff(data)
    [moved, *others] = diff.in_category("article_moved")
    assert (moved.downloads, moved.rank) == ((1187, 2000), (4, 1))
    assert [(c.rank, c.downloads) for c in others] == [((1, 2), (1721, 1721)), ((2, 3), (1319, 1319)),
                                                       ((3, 4), (1255, 1255))]
    assert 1095 not in [c.downloads[0] for c in diff.changes if c.downloads]  # kept its rank and downloads


def test_a_record_whose_similar_twin_is_missing_is_new_and_the_old_one_dropped(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(EDITION, data / h.OLD)
    shutil.copytree(EDITION, data / h.NEW)
    report = data / h.NEW / "report.toml"
    report.write_text(report.read_text(encoding="utf-8").replace("period_start = 2024-09-01", "period_start = 2025-04-01")
                      .replace("period_end = 2025-03-31", "period_end = 2025-09-30"), encoding="utf-8")
    diff = _diff(data)
    assert diff.changes == () and diff.ours == () and diff.unchanged == 84 and diff.notices == ()


# -- word diffs -----------------------------------------------------------------------------------


def test_word_diff_plain_marks_like_git() -> None:
    runs = words.word_diff("the probe will launch in late 2025", "the probe launched on 20 September 2025")
    assert words.as_plain(runs) == "the probe [-will launch in late-]{+launched on 20 September+} 2025"
    assert words.changed(runs) and not words.changed(words.word_diff("a  b", "a b"))


def test_word_diff_shortened_keeps_context_around_changes() -> None:
    old = " ".join(f"w{i}" for i in range(40))
    new = old.replace("w20", "CHANGED")
    short = words.as_plain(words.shortened(words.word_diff(old, new), context=3))
    assert short == "… w17 w18 w19 [-w20-]{+CHANGED+} w21 w22 w23 …"


def test_two_folders_with_the_same_edition_id_are_said_plainly_and_diffed(tmp_path: Path, capsys) -> None:
    # A draft of the next edition kept under the published edition's name: loading both with --data
    # would refuse the second (one id, one edition), so the folders are named directly.
    published = tmp_path / "published" / h.OLD
    draft = tmp_path / "draft" / h.OLD
    shutil.copytree(EDITION, published)
    shutil.copytree(EDITION, draft)
    news = draft / "news.toml"
    news.write_text(news.read_text(encoding="utf-8").replace(h.OLD_WORDS, h.NEW_WORDS), encoding="utf-8")
    code, out, err = run(capsys, "diff", str(published), str(draft))
    assert code == 0, err
    assert f"note: both editions have the id {h.OLD}: keys such as {h.OLD}/… name a record of either" in out
    assert out.count("[-made-]{+completed+}") == 1
    assert "1 item reworded; 83 matched items unchanged" in out
    assert "33 paragraphs of the report matched, 1 with other words" in out


def test_word_diff_of_long_texts_is_bounded_and_falls_back_to_the_whole_change() -> None:
    # Two 20,000-word texts changed all through took 45 s word by word: past the bound the changed
    # middle is one deletion and one insertion, with the same words kept either side.
    old = " ".join(["Long March", "January"][i % 2] for i in range(20_000))
    new = " ".join(["Long March", "January", "launch"][i % 3] for i in range(20_000))
    runs = words.word_diff("kept " + old + " end", "kept " + new + " end")
    assert [op for op, _ in runs] == ["=", "-", "+", "="]
    assert " ".join(text for op, text in runs if op != "+") == "kept " + old + " end"
    assert " ".join(text for op, text in runs if op != "-") == "kept " + new + " end"
    short = words.word_diff("a b c d", "a x c d")
    assert short == [("=", "a"), ("-", "b"), ("+", "x"), ("=", "c d")]


def test_paragraphs_moved_split_or_reworded_are_still_matched() -> None:
    from typing import NamedTuple

    from briefing.model.diff.paragraphs import match_paragraphs

    class Para(NamedTuple):
        id: str
        text: str

    a = "On January 6, 2025, the Shijian-25 satellite was launched from Taiyuan by the Long March 6A rocket."
    b = "The Qingzhou space plane will fly in late 2025 aboard the first Kinetica-2 rocket of CAS Space."
    c = "CNKI lists the most downloaded articles on 6G networks and LEO satellite internet since September 2024."
    old = [Para("a", a), Para("b", b), Para("c", c)]
    # c moved first, b cut in two at a page break, a reworded, and one paragraph added.
    halves = b.split(" aboard ")
    new = [Para("c2", c), Para("a2", a.replace("January 6", "January 7")), Para("b1", halves[0]),
           Para("b2", "aboard " + halves[1]), Para("d", "Tianwen-2 launched on May 29, 2025 to sample an asteroid.")]
    match = match_paragraphs(old, new)
    groups = {tuple(r.id for r in g.old): (tuple(r.id for r in g.new), g.changed) for g in match.groups}
    assert groups == {("c",): (("c2",), False), ("a",): (("a2",), True), ("b",): (("b1", "b2"), False)}
    assert [r.id for r in match.added] == ["d"] and match.dropped == []


@pytest.mark.parametrize("old, new, runs", [
    ("a b c", "a b c", [("=", "a b c")]),
    ("a b c", "a b c d", [("=", "a b c"), ("+", "d")]),
    ("a b c d", "b c d", [("-", "a"), ("=", "b c d")]),
    ("a a a", "a a", [("=", "a a"), ("-", "a")]),  # the words kept at the start are not kept at the end too
    ("", "a b", [("+", "a b")]),
    ("the probe the probe", "the probe", [("=", "the probe"), ("-", "the probe")]),
    ("a b a b a", "a b x b a", [("=", "a b"), ("-", "a"), ("+", "x"), ("=", "b a")]),
])
def test_word_diff_keeps_the_words_both_texts_begin_and_end_with(old: str, new: str, runs: list) -> None:
    assert words.word_diff(old, new) == runs
