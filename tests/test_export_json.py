"""``briefing export --format json``: the stable machine interface holds every fact."""

from __future__ import annotations

import json

import pytest

from briefing.cli import run
from briefing.model.export import streamed_json
from briefing.model.export.as_json import model_json
from briefing.model.library.catalog import data_paths
from briefing.model.library.status import statuses_of

from .conftest import DATA


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


# -- the export is written a batch at a time: the same bytes as the whole document dumped at once ---------


def _model_with_follows():
    """The shipped model, with a ``follows`` link on some news items, medal rows, articles and events
    (the shipped edition has none) and every dataset held in memory."""
    from briefing.model.data.model import Model
    from briefing.model.store.opening import open_model

    model = open_model([DATA]).model
    [edition] = model.editions
    linked = {name: [record._replace(follows=f"2023-old/{record.id}") if index % 3 == 1 else record
                     for index, record in enumerate(getattr(edition, name))]
              for name in ("news", "medals", "articles", "events")}
    return Model((edition._replace(**linked),), model.warnings, model.store)


@pytest.mark.parametrize("ensure_ascii", [False, True])
@pytest.mark.parametrize("batch", [2, 5, streamed_json.BATCH])
def test_streamed_text_is_model_json_dumped(monkeypatch: pytest.MonkeyPatch, ensure_ascii: bool, batch: int) -> None:
    model = _model_with_follows()
    statuses = statuses_of(data_paths([str(DATA)]))
    assert any("follows" in record for record in model_json(model)["events"])
    monkeypatch.setattr(streamed_json, "BATCH", batch)  # batches end inside and at the end of each array
    pieces: list[str] = []
    streamed_json.write_model_json(model, statuses, pieces.append, ensure_ascii=ensure_ascii)
    assert "".join(pieces) == json.dumps(model_json(model, statuses), ensure_ascii=ensure_ascii, separators=(",", ":"))


def test_cli_prints_model_json_on_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    from briefing.model.store.opening import open_model

    assert run(["export", "--format", "json"]) == 0
    model = open_model([DATA]).model
    expected = json.dumps(model_json(model, statuses_of(data_paths(None))), ensure_ascii=False, separators=(",", ":"))
    assert capsys.readouterr().out == expected + "\n"
    assert not expected.isascii()  # the report's Chinese is written as it is, not \u-escaped
