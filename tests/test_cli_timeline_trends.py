"""``briefing timeline`` (date ranges with approximate dates, filters) and ``briefing trends`` (bars, ASCII)."""

from __future__ import annotations

import io
import json
import re
import sys

import pytest

from briefing.cli import run as cli_run
from briefing.cli.trends_cmd import BAR_WIDTH, bar
from briefing.model.data.loader import load_editions
from briefing.model.store.opening import open_model
from briefing.model.locations import data_paths
from .cli_helpers import run


@pytest.fixture(scope="module")
def model():
    return open_model(data_paths()).model


def ids(out: str) -> list[str]:
    return [line.split()[-1] for line in out.splitlines()]


# -- timeline ------------------------------------------------------------------------------


def test_range_includes_overlapping_approximate_dates(capsys, model):
    code, out, err = run(capsys, "timeline", "--from", "2025-01", "--to", "2025-02")
    assert code == 0 and err == ""
    shown = ids(out)
    assert "event-2025-01-06-shijian-25-launch" in shown
    assert "event-2025-02-28-pakistani-astronaut-agreement" in shown  # --to 2025-02 is all of February
    assert "event-early-2025-pakistan-ties-expanded" in shown  # "early 2025" overlaps January
    assert "event-2025-key-advances-aimed-for" in shown  # "2025" too
    assert "event-2025-03-11-spacesail-hainan-launch-pad-1" not in shown
    assert "event-2024-12-17-record-spacewalk" not in shown
    expected = [e.id for e in model.events if e.date.overlaps(*_range("2025-01-01", "2025-02-28"))]
    assert shown == expected  # chronological, as the model orders them


def _range(start, end):
    import datetime as dt

    return dt.date.fromisoformat(start), dt.date.fromisoformat(end)


def test_report_wording_and_planned_marks(capsys):
    _, out, _ = run(capsys, "timeline", "--from", "2025")
    line = next(line for line in out.splitlines() if "event-late-2025-qingzhou-test-flight" in line)
    assert re.split(r"\s{2,}", line)[:2] == ["late 2025", "planned"]
    line = next(line for line in out.splitlines() if "event-2025-01-06-shijian-25-launch" in line)
    assert line.startswith("6 Jan 2025 ") and "planned" not in line


def test_planned_and_happened(capsys, model):
    _, out, _ = run(capsys, "timeline", "--planned")
    assert ids(out) == [e.id for e in model.events if e.planned]
    _, out, _ = run(capsys, "timeline", "--happened")
    assert ids(out) == [e.id for e in model.events if not e.planned]
    assert "planned" not in out  # the status column is left out when nothing is planned
    code, _, err = run(capsys, "timeline", "--planned", "--happened")
    assert code == 2 and "not allowed with" in err


def test_category_and_query(capsys, model):
    _, out, _ = run(capsys, "timeline", "--category", "CREWED")
    assert ids(out) == [e.id for e in model.events if e.category == "crewed spaceflight"]
    _, out, _ = run(capsys, "timeline", "--query", "guowang")
    assert ids(out) == ["event-2024-12-16-guowang-first-batch", "event-2025-02-11-guowang-second-batch"]
    code, out, err = run(capsys, "timeline", "--category", "astrology")
    assert code == 1 and out == "" and "categories are:" in err and "crewed spaceflight" in err


def test_day_bounds(capsys):
    _, out, _ = run(capsys, "timeline", "--from", "2025-01-06", "--to", "2025-01-06")
    assert "event-2025-01-06-shijian-25-launch" in ids(out)
    assert "event-2025-01-17-prsc-e01-launch" not in ids(out)


@pytest.mark.parametrize("argv, message", [
    (["--from", "Jan 2025"], "--from: cannot read date 'Jan 2025'"),
    (["--to", "2025-13"], "--to: cannot read date"),
    (["--from", "2025-03", "--to", "2025-01"], "is after --to"),
    (["--query", "  "], "--query is empty"),
])
def test_bad_options_exit_2(capsys, argv, message):
    code, out, err = run(capsys, "timeline", *argv)
    assert code == 2 and out == ""
    assert err.startswith("briefing: ") and message in err and err.count("\n") == 1


def test_nothing_in_range_exits_1(capsys):
    code, out, _ = run(capsys, "timeline", "--from", "1900", "--to", "1901")
    assert code == 1 and out == ""


def test_timeline_json(capsys):
    code, out, _ = run(capsys, "timeline", "--from", "2025-01", "--to", "2025-02", "--planned", "--json")
    assert code == 0
    doc = json.loads(out)
    assert set(doc) == {"from", "to", "category", "query", "status", "count", "events"}
    assert doc["from"] == "2025-01-01" and doc["to"] == "2025-02-28" and doc["status"] == "planned"
    event = doc["events"][0]
    assert event["id"] == "event-2025-key-advances-aimed-for"
    assert event["date"] == "2025" and event["approximate"] is True and event["date_wording"] == "2025"


# -- trends --------------------------------------------------------------------------------


def test_trends_by_downloads_with_bars(capsys, model):
    code, out, err = run(capsys, "trends")
    assert code == 0 and err == ""
    lines = out.splitlines()
    assert re.split(r"\s{2,}", lines[0].strip())[:2] == ["Downloads", "Topic"]
    rows = lines[1:1 + len(model.articles)]
    downloads = [int(line.split()[0].replace(",", "")) for line in rows]
    assert downloads == sorted((a.downloads for a in model.articles), reverse=True)
    assert rows[0].count("█") == BAR_WIDTH
    assert all(0 < row.count("█") <= BAR_WIDTH for row in rows)
    assert "institution not stated" in out
    assert "6G Network Development" in out
    assert model.editions[0].trends.statement in out


def test_trends_ascii_bars_when_the_encoding_cannot(monkeypatch, capsys):
    buffer = io.BytesIO()
    stream = io.TextIOWrapper(buffer, encoding="ascii", errors="strict")
    monkeypatch.setattr(sys, "stdout", stream)
    assert cli_run(["trends"]) == 0
    stream.flush()
    text = buffer.getvalue().decode("ascii")
    assert "#" * BAR_WIDTH in text and "█" not in text


def test_bar_scaling():
    assert bar(100, 100) == "█" * BAR_WIDTH
    assert bar(1, 1000) == "█"  # never invisible
    assert bar(0, 100) == "" and bar(5, 0) == ""
    assert bar(50, 100, "#", 10) == "#####"


def test_trends_json(capsys):
    code, out, _ = run(capsys, "trends", "--json")
    assert code == 0
    doc = json.loads(out)
    assert [a["rank"] for a in doc["articles"]] == list(range(1, len(doc["articles"]) + 1))
    assert doc["articles"][0]["downloads"] == max(a["downloads"] for a in doc["articles"])
    assert any(a["institution"] is None for a in doc["articles"])
    assert doc["context"][0]["top_ten_on_topic"] == 3


def test_ids_are_never_cut_at_80_columns(capsys, monkeypatch) -> None:
    # An ID is pasted into `briefing show`: at 80 columns the category gives way, never the ID.
    monkeypatch.setenv("BRIEFING_FORCE_TERMINAL", "1")
    monkeypatch.setenv("COLUMNS", "80")
    code, out, _ = run(capsys, "timeline", "--json")
    ids = [event["id"] for event in json.loads(out)["events"]]
    code, out, _ = run(capsys, "timeline")
    assert code == 0
    words = set(re.sub(r"\x1b\[[0-9;]*m", "", out).split())
    assert len(ids) == 32
    assert [i for i in ids if i not in words] == []
