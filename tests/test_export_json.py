"""``briefing export --format json``: the stable machine interface holds every fact."""

from __future__ import annotations

import json

import pytest

from briefing.cli import run


@pytest.fixture
def exported(capsys: pytest.CaptureFixture[str]) -> dict:
    assert run(["export", "--format", "json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_top_level_arrays_with_edition(exported: dict) -> None:
    assert {"news", "medals", "articles", "events", "editions"} <= set(exported)
    for name in ("news", "medals", "articles", "events"):
        assert exported[name], name
        assert all(record["edition"] == "2024-09-to-2025-03" for record in exported[name])


def test_medals_as_the_table(exported: dict) -> None:
    medals = exported["medals"]
    assert len(medals) == 14
    assert {k: medals[1][k] for k in ("sector", "company", "satellite", "medal")} == {
        "sector": "Opto-electronic revisit", "company": "CGST", "satellite": "Jilin-1", "medal": "Gold"}
    assert [m["medal"] for m in medals].count("Gold") == 5


def test_articles_downloads_are_integers(exported: dict) -> None:
    downloads = sorted((a["downloads"] for a in exported["articles"]), reverse=True)
    assert downloads == [1721, 1319, 1255, 1187, 1095]
    assert all(type(d) is int for d in downloads)


def test_event_dates_are_iso_text(exported: dict) -> None:
    by_date = {e["date"]: e for e in exported["events"]}
    assert "Shijian-25" in by_date["2025-01-06"]["title"]
    late = [e for e in exported["events"] if e["date_wording"] == "late 2025"]
    assert late and all(e["date"] == "2025" and e["status"] == "planned" for e in late)
    assert any(e["date"] == "2024-12" and e["date_wording"] == "December 2024" for e in exported["events"])
    assert [e["date"] for e in exported["events"]][0] == "1992"
    assert all(e["title"] for e in exported["events"])


def test_edition_context_is_exported(exported: dict) -> None:
    [edition] = exported["editions"]
    counts = {c["country"]: c["medals"] for c in edition["medal_context"]["counts"]}
    assert counts == {"China": 14, "U.S.": 12, "Finland": 2, "Uruguay": 2}
    assert edition["medal_context"]["sectors_without_chinese_medal"] == ["X-band SAR", "SAR revisit"]
    assert "ten most downloaded" in edition["trends"]["statement"]
    assert edition["period_start"] == "2024-09-01" and edition["introduction"]
