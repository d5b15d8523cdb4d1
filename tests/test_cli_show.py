"""``briefing show ID``: every field, entities by kind, links, the note; unknown and ambiguous IDs."""

from __future__ import annotations

import datetime as dt
import json
import shutil

import pytest
import tomli_w

from briefing.model.locations import shipped_data_dir
from briefing.model.locations import config_dir
from .cli_helpers import run

EDITION = "2024-09-to-2025-03"


def write_note(tmp_path, ident, dataset, text, flagged=False):
    folder = config_dir()
    folder.mkdir(parents=True, exist_ok=True)
    when = dt.datetime(2025, 3, 2, 9, 20, tzinfo=dt.timezone.utc)
    note = {"edition": EDITION, "dataset": dataset, "id": ident, "text": text, "flagged": flagged,
            "created": when, "updated": when}
    (folder / "annotations.toml").write_text(tomli_w.dumps({"version": 1, "notes": [note]}), "utf-8")


def test_news_item_in_full(capsys):
    code, out, err = run(capsys, "show", "news-shijian-25-launched")
    assert code == 0 and err == ""
    lines = out.splitlines()
    assert lines[0] == "Shijian-25 launched for on-orbit refuelling"
    assert "news-shijian-25-launched" in lines[1]
    assert "Section  News Update › Pair of Shijian Satellites Launched" in out
    assert "6 Jan 2025" in out and "on-orbit-servicing" in out
    assert "On January 6, 2025, the Shijian-25 satellite was launched." in out
    assert "Organisations" in out and "Shanghai Academy of Spaceflight Technology" in out
    assert "Events from this item" in out and "event-2025-01-06-shijian-25-launch" in out


def test_edition_slash_id(capsys):
    _, by_key, _ = run(capsys, "show", f"{EDITION}/news-shijian-25-launched")
    _, by_id, _ = run(capsys, "show", "news-shijian-25-launched")
    assert by_key == by_id


def test_event_links_to_its_news_item(capsys):
    _, out, _ = run(capsys, "show", "event-2025-01-06-shijian-25-launch")
    assert "Date      6 Jan 2025" in out and "Category  satellites" in out
    assert "From the report's item" in out and "news-shijian-25-launched" in out


def test_approximate_and_planned_event(capsys):
    _, out, _ = run(capsys, "show", "event-late-2025-qingzhou-test-flight")
    assert "late 2025 (approximate)" in out and "Status    planned" in out


def test_medal_shows_its_context(capsys):
    _, out, _ = run(capsys, "show", "medal-longwave-ir-cast-gold")
    assert "Medal      Gold" in out and "Company    CAST" in out
    assert "China 14, U.S. 12" in out and "X-band SAR, SAR revisit" in out
    assert "Around the medal table" in out


def test_article_without_institution(capsys):
    _, out, _ = run(capsys, "show", "article-6g-satellite-isac")
    assert "Institution  not stated in the report" in out
    assert "1,255" in out and "news-cnki-6g-isac" in out


def test_note_is_shown(capsys, tmp_path):
    write_note(tmp_path, "news-shijian-25-launched", "news", "Ask about the tug.\nSecond line.", flagged=True)
    _, out, _ = run(capsys, "show", "news-shijian-25-launched")
    assert "Your note" in out and "flagged" in out
    assert "  Ask about the tug.\n  Second line.\n" in out


def test_unique_part_of_an_id_finds_the_record(capsys):
    code, out, err = run(capsys, "show", "news-shijian-25-launch")
    assert code == 0 and err == ""
    assert out.splitlines()[0] == "Shijian-25 launched for on-orbit refuelling"


def test_part_in_several_ids_lists_them_and_exits_2(capsys):
    code, out, err = run(capsys, "show", "shijian-25")
    assert code == 2 and out == ""
    assert "news-shijian-25-launched" in err and "event-2025-01-06-shijian-25-launch" in err


def test_unknown_id_exits_1_with_a_hint(capsys):
    code, out, err = run(capsys, "show", "news-shijian-25-launchd")
    assert code == 1 and out == ""
    assert err.startswith("briefing: no record") and "news-shijian-25-launched" in err
    assert err.count("\n") == 1


def test_ambiguous_id_lists_candidates_and_exits_2(capsys, tmp_path):
    data = tmp_path / "data"
    shutil.copytree(shipped_data_dir() / EDITION, data / EDITION)
    shutil.copytree(shipped_data_dir() / EDITION, data / "2025-04-to-2025-09")
    code, out, err = run(capsys, "--data", str(data), "show", "news-shijian-25-launched")
    assert code == 2 and out == ""
    assert f"{EDITION}/news-shijian-25-launched" in err and "2025-04-to-2025-09/news-shijian-25-launched" in err
    assert err.startswith("briefing: ") and err.count("\n") == 1
    code, out, _ = run(capsys, "--data", str(data), "show", "2025-04-to-2025-09/news-shijian-25-launched")
    assert code == 0 and "Edition" in out


def test_json_shape(capsys, tmp_path):
    write_note(tmp_path, "news-shijian-25-launched", "news", "n")
    code, out, _ = run(capsys, "show", "news-shijian-25-launched", "--json")
    assert code == 0
    doc = json.loads(out)
    assert set(doc) == {"id", "record", "section_title", "links", "note", "carried_note", "team_notes", "edition_status",
                        "corrected_text", "aliases", "editor_notes", "relations"}
    assert doc["carried_note"] is None  # one edition: nothing to carry a note from
    assert doc["team_notes"] == []  # no team folder is set
    assert doc["record"]["dataset"] == "news" and doc["record"]["headline"].startswith("Shijian-25")
    assert set(doc["links"]) == {"source", "events", "articles", "figures", "medal_context"}
    assert doc["links"]["events"][0]["id"] == "event-2025-01-06-shijian-25-launch"
    assert doc["note"]["text"] == "n" and doc["note"]["orphaned"] is False
    _, out, _ = run(capsys, "show", "medal-longwave-ir-cast-gold", "--json")
    doc = json.loads(out)
    assert doc["note"] is None and doc["links"]["medal_context"]["counts"][0] == {"country": "China", "medals": 14}


def test_unique_part_of_a_title_finds_the_record(capsys):
    code, out, err = run(capsys, "show", "On-orbit Refuelling")
    assert code == 0 and err == ""
    assert out.splitlines()[0] == "Shijian-25 launched for on-orbit refuelling"


def test_a_title_is_matched_as_written_not_by_the_other_spellings_search_adds(capsys):
    """The store keeps each title with its other spellings after it ("refueling"): a part is matched
    in the title as the report writes it."""
    code, out, err = run(capsys, "show", "refueling")
    assert code == 1 and out == "" and err.startswith("briefing: no record 'refueling'")
