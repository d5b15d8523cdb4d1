"""``briefing draft`` end to end: the shipped report and a report written here, drafted, validated, opened."""

from __future__ import annotations

import subprocess
import sys
import time
import tomllib
from pathlib import Path

import pytest

from .cli_helpers import run
from .conftest import EDITION
from . import draft_samples as sample


def _load(folder: Path, name: str) -> dict:
    return tomllib.loads((folder / name).read_text(encoding="utf-8"))


def test_shipped_report_drafts_into_a_folder_that_validates(tmp_path, capsys):
    out = tmp_path / "draft-check"
    code, stdout, err = run(capsys, "draft", str(EDITION / "source.txt"), "--out", str(out))
    assert code == 0, err
    assert "drafted edition 2024-09-to-2025-03" in stdout
    assert "17 news items, 14 medal rows, 5 articles" in stdout
    code, stdout, err = run(capsys, "validate", str(out))
    assert code == 0, stdout
    assert stdout.strip().splitlines()[-1].startswith("ok: 1 edition (draft-check)")
    assert {"report.toml", "news.toml", "medals.toml", "trends.toml", "timeline.toml", "review.toml",
            "REVIEW.md", "source.txt"} == {p.name for p in out.iterdir()}
    assert (out / "source.txt").read_bytes() == (EDITION / "source.txt").read_bytes()
    import hashlib

    assert _load(out, "report.toml")["source_sha256"] == hashlib.sha256((EDITION / "source.txt").read_bytes()).hexdigest()
    assert _load(out, "review.toml")["source"]["sha256"] == _load(out, "report.toml")["source_sha256"]


def test_shipped_report_draft_matches_the_hand_checked_paragraphs_rows_and_downloads(tmp_path, capsys):
    out = tmp_path / "d"
    assert run(capsys, "draft", str(EDITION / "source.txt"), "--out", str(out))[0] == 0
    gold_news = _load(EDITION, "news.toml")["items"]
    news = _load(out, "news.toml")["items"]
    assert [i["text"] for i in news] == [i["text"] for i in gold_news]
    strip = lambda rows: [{k: r[k] for k in ("sector", "company", "satellite", "medal")} for r in rows]  # noqa: E731
    assert strip(_load(out, "medals.toml")["medals"]) == strip(_load(EDITION, "medals.toml")["medals"])
    assert [a["downloads"] for a in _load(out, "trends.toml")["articles"]] == \
        [a["downloads"] for a in _load(EDITION, "trends.toml")["articles"]]


def test_whole_command_on_the_shipped_report_takes_under_five_seconds(tmp_path):
    started = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "briefing", "draft", str(EDITION / "source.txt"),
                             "--out", str(tmp_path / "d")], capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    assert result.returncode == 0, result.stderr
    assert elapsed < 5.0, elapsed


def test_new_report_in_the_series_format_is_drafted_from_its_shape(tmp_path, capsys):
    source = tmp_path / "report.txt"
    source.write_text(sample.text_export(), encoding="utf-8")
    code, stdout, err = run(capsys, "draft", str(source), "--data", str(EDITION.parent))
    assert code == 0, err
    from briefing.model.locations import my_editions_dir

    folder = my_editions_dir() / "2025-04-to-2025-09"  # default: the edition id, in my editions
    assert f"into {folder} in " in stdout
    assert "briefing review 2025-04-to-2025-09" in stdout and "briefing publish 2025-04-to-2025-09" in stdout
    try:
        report = _load(folder, "report.toml")
        assert report["period"] == "April 2025 - September 2025"
        assert report["sources_note"] == sample.NOTE
        assert report["introduction"] == sample.INTRO
        news = _load(folder, "news.toml")["items"]
        assert [i["text"] for i in news] == sample.paragraphs()  # page break joined, artefacts gone
        sections = {s["title"]: s for s in report["sections"]}
        assert sections["Orbital Debris Mitigation"]["parent"] == sections[sample.CNKI_TITLE]["id"]  # glued heading
        by_text = {i["text"]: i for i in news}
        import datetime as dt

        first = by_text[sample.NEWS[0][1][0]]
        assert first["dates"] == [dt.date(2025, 5, 29), "late 2027"]
        assert first["entities"] == {"spacecraft": ["Tianwen-2"], "vehicles": ["Long March 3B"],
                                     "places": ["Xichang Satellite Launch Center"]}
        assert by_text[sample.NEWS[1][1][1]]["dates"] == ["June 2025", "March 2024", "April 2024"]
        medals = _load(folder, "medals.toml")
        assert [[m["sector"], m["company"], m["satellite"], m["medal"]] for m in medals["medals"]] == sample.TABLE[1:]
        assert medals["context"]["counts"] == [{"country": "China", "medals": 6}, {"country": "U.S.", "medals": 9},
                                               {"country": "Japan", "medals": 3}, {"country": "India", "medals": 3}]
        assert medals["context"]["holders_in_those_sectors"] == ["Lynk Global", "AST SpaceMobile", "Starlink"]
        assert medals["context"]["previous_table_year"] == 2022
        trends = _load(folder, "trends.toml")
        assert [(a["downloads"], a.get("institution")) for a in trends["articles"]] == \
            [(2310, "Harbin Institute of Technology"), (1402, None)]
        assert trends["context"]["since"] == "April 2025" and trends["context"]["top_ten_on_topic"] == 2
        events = {(str(e["date"]), e["status"]) for e in _load(folder, "timeline.toml")["events"]}
        assert {("2025-05-29", "happened"), ("late 2027", "planned"), ("mid 2026", "planned"),
                ("by 2028", "planned"), ("by 2030", "planned"), ("2022", "happened")} <= events
        assert ("April 2025", "happened") not in events  # "since April 2025" starts a count, no event
        assert run(capsys, "validate", str(folder))[0] == 0
    finally:
        import shutil

        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path, monkeypatch):
    """Run each test from a temporary working folder: the default --out is relative."""
    monkeypatch.chdir(tmp_path)


def test_draft_opens_in_the_app_model(tmp_path, capsys):
    """The draft loads like any edition (what the app does at start): records and links are sound."""
    from briefing.model.store.opening import open_model

    out = tmp_path / "d"
    assert run(capsys, "draft", str(EDITION / "source.txt"), "--out", str(out))[0] == 0
    result = open_model([out])
    assert not result.errors
    [edition] = result.model.editions
    assert len(edition.news) == 17 and len(edition.events) == 32


def test_draft_is_searchable_at_once(tmp_path, capsys):
    """The analyst can look things up in a draft straight away, like any edition."""
    out = tmp_path / "d"
    assert run(capsys, "draft", str(EDITION / "source.txt"), "--out", str(out))[0] == 0
    code, stdout, err = run(capsys, "search", "shijian-25", "--data", str(out), "--json")
    assert code == 0, err
    import json

    hits = json.loads(stdout)["hits"]
    assert [hit["kind"] for hit in hits] == ["news", "events"]
    assert all(hit["record"]["edition"] == "d" for hit in hits)
