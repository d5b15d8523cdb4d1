"""The edition at a glance: the numbers behind the pictures (model/glance.py) and ``briefing overview``."""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter

import pytest

from briefing.model import glance as g
from briefing.model import glance_cells as c
from briefing.model.store.opening import open_model
from briefing.model.locations import data_paths
from .cli_helpers import run

TODAY = dt.date(2025, 2, 10)


@pytest.fixture(scope="module")
def model():
    return open_model(data_paths()).model


def by_range(strip: g.Strip) -> dict[tuple[str, str], g.Slot]:
    return {(slot.kind, slot.range_text): slot for slot in strip.slots}


def test_counts_from_the_store_match_the_events(model) -> None:
    counts = g.event_counts(model)
    expected = Counter()
    for event in model.events:
        first, last = event.date.span()
        expected[(event.date.month_ordinal, int(event.planned), int((last - first).days > g.WIDE_DAYS))] += 1
    assert counts == dict(expected)
    assert sum(counts.values()) == len(model.events) == 32


def test_strip_months_through_the_period_years_and_one_cell_for_other_years(model) -> None:
    strip = g.strip_of(model, TODAY)
    slots = by_range(strip)
    assert [s.range_text for s in strip.slots if s.kind == "month"][:1] == ["2024-01"]
    assert len([s for s in strip.slots if s.kind == "month"]) == 24  # 2024 and 2025, the period's years
    assert slots[("month", "2024-10")].happened == 5  # four days and one month in October 2024
    assert slots[("year", "2050")].planned == 1 and slots[("year", "1992")].happened == 1
    # "late 2025" and "2025" are not January: they have the year's own cell.
    assert slots[("wide", "2025")].planned == 3 and slots[("month", "2025-01")].planned == 0
    assert sum(s.total for s in strip.slots) == 32
    assert strip.slots[strip.current].range_text == "2025-02"
    assert strip.in_period(slots[("month", "2024-09")]) and not strip.in_period(slots[("month", "2025-04")])


def test_today_outside_the_months_gets_its_year_cell(model) -> None:
    strip = g.strip_of(model, dt.date(2026, 12, 6))
    assert strip.slots[strip.current] == g.Slot("year", 2026, None, 0, 0)


def test_counting_positions_agrees_with_the_store(model) -> None:
    events = model.events
    spans = events.column("first_day, last_day")
    codes = g.event_codes(events.column("month"), events.column("planned"), spans)
    assert g.count_positions(codes, None) == g.event_counts(model)
    planned = [i for i, flag in enumerate(events.column("planned")) if flag]
    assert sum(g.count_positions(codes, planned).values()) == 6
    assert all(key[1] == 1 for key in g.count_positions(codes, planned))


@pytest.mark.parametrize("width", [40, 60, 80, 120])
def test_strip_lines_fit_and_tell_happened_from_planned_by_shape(model, width: int) -> None:
    strip = g.strip_of(model, TODAY)
    for ascii_only in (False, True):
        lines = c.strip_lines(strip, width, ascii=ascii_only)
        text = ["".join(part for part, _ in line) for line in lines]
        assert all(len(line) <= width for line in text)
        glyphs = c.ASCII if ascii_only else c.BLOCKS
        by_style = {style: part for line in lines for part, style in line if part.strip()}
        assert glyphs["planned"] in by_style["planned"] and glyphs["happened"] not in by_style["planned"]
        assert any(glyphs["happened"] in part for line in lines for part, style in line if style == "happened")
        if ascii_only:
            assert all(line.isascii() for line in text)
        assert any("1992" in line for line in text)
        # Months of the period in capitals, the others in small letters: the period reads without colour.
        letters = {part.strip(): style for line in lines for part, style in line if style in ("in-period", "label")}
        assert letters["S"] == "in-period" and letters["a"] == "label"


def test_medal_segments_keep_every_medal_visible() -> None:
    assert c.segment_cells((1, 0, 3), 4, 8) == [2, 0, 6]
    assert c.segment_cells((1, 1, 30), 32, 4) == [1, 1, 2]  # never a lone medal rounded away
    runs = c.medal_runs((1, 2, 1), 4, 8)
    assert [style for _, style in runs] == ["gold", "silver", "bronze"]
    assert {part[0] for part, _ in runs} == {"█", "▒", "░"}


# -- briefing overview --------------------------------------------------------------------------


def test_overview_text_fits_80_columns_with_legends(capsys, monkeypatch) -> None:
    monkeypatch.setenv(g.TODAY_ENV, TODAY.isoformat())
    code, out, err = run(capsys, "overview")
    assert code == 0 and not err
    lines = out.splitlines()
    assert all(len(line) <= 80 for line in lines)
    assert "█ happened  ░ planned" in out and "▲ now" in out
    assert "█ Gold  ▒ Silver  ░ Bronze" in out
    assert any(line.startswith("CGST") and "█" in line and "░" in line and line.endswith("1 G, 3 B")
               for line in lines)
    assert any(line.startswith("Development of LEO") and line.endswith("1,721") for line in lines)
    assert "Sep 2024 – Mar 2025" in out
    assert "\x1b" not in out


def test_overview_ascii_and_width(capsys, monkeypatch) -> None:
    monkeypatch.setenv(g.TODAY_ENV, TODAY.isoformat())
    code, out, _ = run(capsys, "overview", "--ascii", "--width", "60")
    assert code == 0 and out.isascii()
    assert all(len(line) <= 60 for line in out.splitlines())
    assert "# happened  : planned" in out and "# Gold  = Silver  - Bronze" in out


def test_overview_json_gives_the_numbers(capsys, monkeypatch) -> None:
    monkeypatch.setenv(g.TODAY_ENV, TODAY.isoformat())
    code, out, _ = run(capsys, "overview", "--json")
    document = json.loads(out)
    assert code == 0
    assert sum(m["happened"] + m["planned"] for m in document["months"]) == 32
    october = next(m for m in document["months"] if m["range"] == "2024-10")
    assert october == {"kind": "month", "range": "2024-10", "happened": 5, "planned": 0, "in_period": True,
                       "current": False}
    assert next(m for m in document["months"] if m["current"])["range"] == "2025-02"
    cgst = next(c for c in document["medals_by_company"] if c["company"] == "CGST")
    assert (cgst["gold"], cgst["silver"], cgst["bronze"], cgst["medals"]) == (1, 0, 3, 4)
    assert document["medals_by_country"][0] == {"country": "China", "medals": 14}
    assert document["cnki_downloads"][0]["downloads"] == 1721
    assert document["periods"] == [{"edition": "2024-09-to-2025-03", "from": "2024-09-01", "to": "2025-03-31"}]


def test_several_editions_each_period_bracketed_with_its_id() -> None:
    periods = [g.Period("2024-09-to-2025-03", dt.date(2024, 9, 1), dt.date(2025, 3, 31)),
               g.Period("2025-04-to-2025-09", dt.date(2025, 4, 1), dt.date(2025, 9, 30))]
    strip = g.build_strip({(2024 * 12 + 9, 0, 0): 2, (2025 * 12 + 5, 1, 0): 1}, periods, TODAY)
    text = ["".join(part for part, _ in line) for line in c.strip_lines(strip, 80)]
    assert any("2024-09-to-2025-03: Sep 2024 – Mar 2025" in line for line in text)
    assert any("2025-04-to-2025-09" in line for line in text)  # the id alone where the period does not fit
    assert sum(1 for line in text if "╰" in line) == 2


def test_markdown_export_carries_the_pictures_as_tables(capsys) -> None:
    code, md, _ = run(capsys, "export", "--format", "md")
    assert code == 0 and md.startswith("# ")
    assert md.index("## At a glance") < md.index("## Introduction")
    assert "| 2024-10 | 5 | 0 | yes | ████████████████████ |" in md
    assert "| CGST | 1 | 0 | 3 | 4 |" in md
    assert "| Development of LEO satellite internet | 1,721 |" in md


def test_month_counts_walk_the_stores_index_not_the_table(model) -> None:
    sql = ("EXPLAIN QUERY PLAN SELECT month, planned, last_day - first_day > 31, count(*) FROM events "
           "WHERE edition IN (?) GROUP BY 1, 2, 3")
    plan = " ".join(str(row) for row in model.store.query(sql, [model.editions[0].id]))
    assert "COVERING INDEX events_months" in plan and "TEMP B-TREE" not in plan
