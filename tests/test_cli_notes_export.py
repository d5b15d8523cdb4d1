"""``briefing notes`` and ``briefing export``: notes listed (orphans kept), the Markdown briefing, JSON kept."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil

import pytest
import tomli_w

from briefing.cli import context
from briefing.model.locations import config_dir
from briefing.model.notes import notebook
from briefing.model.export.as_markdown import briefing_markdown
from briefing.model.export.markdown_text import escape
from briefing.model.data.loader import load_editions
from briefing.model.store.opening import open_model
from briefing.model.locations import shipped_data_dir
from .cli_helpers import run

EDITION = "2024-09-to-2025-03"
UTC = dt.timezone.utc


NOTES = [
    (EDITION, "news", "news-record-spacewalk", "Check the 2001 record.\nAgainst NASA's list.", True,
     dt.datetime(2025, 3, 2, 9, 20, tzinfo=UTC)),
    (EDITION, "events", "event-late-2025-qingzhou-test-flight", "Watch for the Kinetica-2 date.", False,
     dt.datetime(2025, 3, 4, 8, 0, tzinfo=UTC)),
    (EDITION, "medals", "medal-longwave-ir-cast-gold", "", True, dt.datetime(2025, 3, 1, 8, 0, tzinfo=UTC)),
    ("2023-old", "news", "news-gone", "A note whose item has gone.", False,
     dt.datetime(2025, 2, 1, 8, 0, tzinfo=UTC)),
]


@pytest.fixture
def notes(tmp_path):
    folder = config_dir()
    folder.mkdir(parents=True, exist_ok=True)
    tables = [{"edition": e, "dataset": d, "id": i, "text": t, "flagged": f, "created": u, "updated": u}
              for e, d, i, t, f, u in NOTES]
    (folder / "annotations.toml").write_text(tomli_w.dumps({"version": 1, "notes": tables}), "utf-8")
    return folder / "annotations.toml"


def test_notes_file_name_matches_the_store():
    assert context.NOTES_FILE == notebook.NOTES_FILE


# -- notes ---------------------------------------------------------------------------------


def test_no_notes_exits_1(capsys):
    code, out, err = run(capsys, "notes")
    assert code == 1 and out == "" and err.startswith("briefing: no notes")


def test_notes_newest_first_with_orphans(capsys, notes):
    code, out, err = run(capsys, "notes")
    assert code == 0 and err == ""
    blocks = out.split("\n\n")
    assert [b.splitlines()[0][:16] for b in blocks] == [
        "2025-03-04 08:00", "2025-03-02 09:20", "2025-03-01 08:00", "2025-02-01 08:00"]
    assert blocks[0].splitlines()[1].strip() == f"{EDITION}/event-late-2025-qingzhou-test-flight"
    assert "Qingzhou" in blocks[0].splitlines()[0]
    assert blocks[1].splitlines()[0].endswith("flagged")
    assert "  Check the 2001 record.\n  Against NASA's list." in blocks[1]
    assert "orphaned" in blocks[3] and "2023-old/news-gone" in blocks[3]


def test_flagged_only(capsys, notes):
    _, out, _ = run(capsys, "notes", "--flagged")
    assert len(out.split("\n\n")) == 2 and "Qingzhou" not in out


def test_notes_json(capsys, notes):
    code, out, _ = run(capsys, "notes", "--json")
    assert code == 0
    doc = json.loads(out)
    assert doc["count"] == 4 and doc["flagged_only"] is False
    first = doc["notes"][0]
    assert set(first) == {"key", "edition", "dataset", "id", "text", "flagged", "created", "updated", "title",
                          "orphaned", "scope", "author"}
    assert first["scope"] == "personal" and first["author"] is None
    assert first["updated"] == "2025-03-04T08:00:00+00:00"
    orphan = doc["notes"][-1]
    assert orphan["orphaned"] is True and orphan["title"] is None


def test_damaged_notes_file_is_reported_and_left_alone(capsys, tmp_path):
    folder = config_dir()
    folder.mkdir(parents=True)
    (folder / "annotations.toml").write_text("this is = = not toml", "utf-8")
    code, out, err = run(capsys, "notes")
    assert code == 1 and out == ""
    assert "briefing: warning: The notes file" in err and "damaged" in err
    assert (folder / "annotations.toml").read_text("utf-8") == "this is = = not toml"
    assert sorted(p.name for p in folder.iterdir()) == ["annotations.toml"]


def test_edition_narrows_notes(capsys, notes):
    _, out, _ = run(capsys, "notes", "--edition", EDITION)
    assert "2023-old" not in out and len(out.split("\n\n")) == 3


# -- export --------------------------------------------------------------------------------


def test_markdown_briefing(capsys, notes):
    code, md, err = run(capsys, "export", "--format", "md")
    assert code == 0 and err == ""
    model = open_model([shipped_data_dir()]).model
    report = model.editions[0].report
    assert md.startswith(f"# {escape(report.title)}\n")
    assert f"*{report.period}*" in md
    assert "## Introduction" in md and report.introduction[0] in md
    assert "## Key figures" in md and "- **Longest spacewalk:** 9 h 6 min" in md
    positions = [md.index(h) for h in ("## Introduction", "## Key figures", "## News Update",
                                       "## Commercial remote sensing medal table",
                                       "## Most downloaded CNKI articles", "## Timeline")]
    assert positions == sorted(positions)
    assert "### Pair of Shijian Satellites Launched" in md
    assert "**Shijian-25 launched for on-orbit refuelling** (6 Jan 2025)" in md
    # the medal table is a Markdown table, one row per medal, in the report's order
    rows = [line for line in md.splitlines() if re.match(r"\| .* \| (Gold|Silver|Bronze) \|$", line)]
    assert len(rows) == len(model.medals)
    assert "| Sector | Company | Satellite | Medal |" in md
    assert "China 14, U.S. 12" in md
    assert "| 1 | 1,721 | Development of LEO satellite internet |" in md
    assert "- **late 2025** — Qingzhou prototype to fly on the first Kinetica-2 launch *(planned)*" in md


def test_notes_sit_under_their_items(capsys, notes):
    _, md, _ = run(capsys, "export", "--format", "md")
    item = md.index("Taikonauts aboard a Shenzhou-19")
    quote = md.index("> **Note (flagged):** Check the 2001 record.\n> Against NASA's list.")
    assert item < quote < md.index("### Pair of Shijian Satellites Launched")
    event = md.index("- **late 2025** — Qingzhou prototype")
    assert md.index("  > **Note:** Watch for the Kinetica-2 date.") > event
    assert "*Gold: CAST, Ziyuan-1 (Longwave IR)*\n\n> **Flagged**, no note." in md
    assert md.index("# Notes on items not in this report") > md.index("## Timeline")
    assert "**2023-old/news-gone** (news)\n\n> **Note:** A note whose item has gone." in md


def test_markdown_edition_filters_notes(capsys, notes):
    _, md, _ = run(capsys, "export", "--format", "md", "--edition", EDITION)
    assert "2023-old" not in md


def test_markdown_escapes_data():
    model = open_model([shipped_data_dir()]).model
    assert escape("a|b *c* [x](y) <b>") == "a\\|b \\*c\\* \\[x\\](y) \\<b>"
    assert escape("# no") == "\\# no" and escape("1. no list") == "1\\. no list" and escape("- no") == "\\- no"
    assert escape("> no quote") == "\\> no quote" and escape("---") == "\\---"
    assert escape("a ~struck~ b") == "a \\~struck\\~ b"
    # Only what Markdown would read as syntax (issue 13, defect 17).
    assert escape("1.1 What's Trending") == "1.1 What's Trending"
    assert escape("~1 billion yuan, a > b, -1 C") == "~1 billion yuan, a > b, -1 C"
    md = briefing_markdown(model, {})
    for line in md.splitlines():
        if line.startswith("| ") and not line.startswith("| ---"):
            assert line.count(" | ") == line.count("|") - 2  # no cell splits in two


def test_markdown_with_several_editions(capsys, tmp_path):
    data = tmp_path / "data"
    shutil.copytree(shipped_data_dir() / EDITION, data / EDITION)
    shutil.copytree(shipped_data_dir() / EDITION, data / "2025-04-to-2025-09")
    _, md, _ = run(capsys, "--data", str(data), "export", "--format", "md")
    assert md.count("(edition 2025-04-to-2025-09)") == 1 and md.count(f"(edition {EDITION})") == 1


def test_json_export_unchanged(capsys):
    code, out, _ = run(capsys, "export", "--format", "json")
    doc = json.loads(out)
    assert code == 0 and doc["format"] == 3 and set(doc) == {"format", "editions", "news", "medals", "articles",
                                                             "events", "aliases"}
    code, out, _ = run(capsys, "export")
    assert json.loads(out) == doc
