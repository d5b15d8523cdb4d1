"""The Medals tab: sorting by key and by header click, the company filter, tally, context, hooks, hostile data."""

from __future__ import annotations

import shutil
from pathlib import Path
from types import SimpleNamespace

import pytest
from rich.cells import cell_len

from briefing.app.screens.text_screen import TextScreen
from briefing.app.tabs.medals_tab import MedalsTab
from briefing.app.tabs.medals_text import first_sentence
from briefing.app.widgets.medal_table import MedalTable
from briefing.model.query.medal_sort import sort_rows
from .app_helpers import app_on, screen_text, settle, open_medals

REPO = Path(__file__).resolve().parents[1]
EDITION_DIR = REPO / "data" / "2024-09-to-2025-03"
ED = "2024-09-to-2025-03"


# User folders are isolated by the autouse fixture in conftest.py.



def shown(table: MedalTable) -> list[str]:
    return table.visible_keys()


def label(table: MedalTable, column: str) -> str:
    return table.header_label(column)


def header_x(table: MedalTable, column: str) -> int:
    """An x inside ``column``'s header cell."""
    return table.column_x(column) + 2


def model_rows(app):
    return app.model.medals


# -- opening and sorting -------------------------------------------------------------------------


async def test_opens_with_all_rows_in_report_order_fully_visible() -> None:
    app = app_on()
    async with app.run_test(size=(80, 24)) as pilot:
        table = await open_medals(pilot)
        assert shown(table) == [r.key for r in model_rows(app)]
        await settle(pilot)
        text = screen_text(app)
        # At 80x24 the header and all 14 rows are on screen, Medal column included.
        assert table.size.height >= 15
        assert sum(1 for line in text.splitlines() if "● " in line and "Medals " not in line) == 14
        for medal in ("● Gold", "● Silver", "● Bronze"):
            assert medal in text
        assert "Edition" not in label(table, "medal") and "edition" not in table.column_keys


@pytest.mark.parametrize("key,column", [("s", "sector"), ("c", "company"), ("a", "satellite"), ("m", "medal")])
async def test_every_sort_key_cycles_ascending_descending_original(key: str, column: str) -> None:
    app = app_on()
    async with app.run_test(size=(80, 24)) as pilot:
        table = await open_medals(pilot)
        rows = model_rows(app)
        original = [r.key for r in rows]
        base = label(table, column)

        await pilot.press(key)
        await settle(pilot)
        assert shown(table) == [r.key for r in sort_rows(rows, column)]
        assert label(table, column) == f"{base} ▲"
        assert f"{base} ▲" in screen_text(app)
        assert "sorted by" in str(app.query_one("#medals-status").render())

        await pilot.press(key)
        await settle(pilot)
        assert shown(table) == [r.key for r in sort_rows(rows, column, descending=True)]
        assert label(table, column) == f"{base} ▼"

        await pilot.press(key)
        await settle(pilot)
        assert shown(table) == original
        assert label(table, column) == base
        assert "▲" not in screen_text(app) and "▼" not in screen_text(app)


async def test_another_column_starts_ascending_and_moves_the_arrow() -> None:
    app = app_on()
    async with app.run_test(size=(80, 24)) as pilot:
        table = await open_medals(pilot)
        await pilot.press("m", "m", "c")
        await settle(pilot)
        assert table.sort_column == "company" and not table.descending
        assert label(table, "medal") == "Medal" and label(table, "company") == "Company ▲"


async def test_medal_sort_is_by_rank_with_stable_ties() -> None:
    app = app_on()
    async with app.run_test(size=(80, 24)) as pilot:
        table = await open_medals(pilot)
        rows = {r.key: r for r in model_rows(app)}
        position = {key: i for i, key in enumerate(rows)}

        await pilot.press("m")
        await settle(pilot)
        medals = [rows[k].medal for k in shown(table)]
        assert medals == ["Gold"] * 5 + ["Silver"] * 4 + ["Bronze"] * 5
        for medal in ("Gold", "Silver", "Bronze"):
            group = [position[k] for k in shown(table) if rows[k].medal == medal]
            assert group == sorted(group)  # equal medals keep the table's order

        await pilot.press("m")
        await settle(pilot)
        medals = [rows[k].medal for k in shown(table)]
        assert medals == ["Bronze"] * 5 + ["Silver"] * 4 + ["Gold"] * 5
        for medal in ("Gold", "Silver", "Bronze"):
            group = [position[k] for k in shown(table) if rows[k].medal == medal]
            assert group == sorted(group)  # still table order within a medal when descending


async def test_header_click_cycles_like_the_key() -> None:
    app = app_on()
    async with app.run_test(size=(80, 24)) as pilot:
        table = await open_medals(pilot)
        rows = model_rows(app)
        x = header_x(table, "medal")

        await pilot.click(MedalTable, offset=(x, 0))
        await settle(pilot)
        assert table.sort_column == "medal" and label(table, "medal") == "Medal ▲"
        assert shown(table) == [r.key for r in sort_rows(rows, "medal")]

        await pilot.click(MedalTable, offset=(x, 0))
        await settle(pilot)
        assert label(table, "medal") == "Medal ▼"
        assert shown(table) == [r.key for r in sort_rows(rows, "medal", descending=True)]

        await pilot.click(MedalTable, offset=(x, 0))
        await settle(pilot)
        assert label(table, "medal") == "Medal" and shown(table) == [r.key for r in rows]

        # The marker column has no sort.
        await pilot.click(MedalTable, offset=(1, 0))
        await settle(pilot)
        assert table.sort_column is None


async def test_sort_keeps_the_cursor_on_the_same_row() -> None:
    app = app_on()
    async with app.run_test(size=(80, 24)) as pilot:
        table = await open_medals(pilot)
        await pilot.press("down", "down", "down")
        before = app.query_one(MedalsTab).current_record()
        await pilot.press("m")
        await settle(pilot)
        assert app.query_one(MedalsTab).current_record() == before


# -- filter ---------------------------------------------------------------------------------------


async def test_only_this_company_then_sort_by_medal() -> None:
    app = app_on()
    async with app.run_test(size=(80, 24)) as pilot:
        table = await open_medals(pilot)
        tab = app.query_one(MedalsTab)
        await pilot.press("down")  # row 2 of the report: CGST, Jilin-1
        assert tab.current_record().company == "CGST"
        await pilot.press("o", "m")
        await settle(pilot)
        records = [app.model.get(k) for k in shown(table)]
        assert [r.company for r in records] == ["CGST"] * 4
        assert [r.satellite for r in records] == ["Jilin-1", "Jilin-1 video satellites",
                                                   "Jilin-1 Spectral 01/02", "Jilin-1 Spectral 01/02"]
        assert [r.medal for r in records] == ["Gold", "Bronze", "Bronze", "Bronze"]
        status = str(app.query_one("#medals-status").render())
        assert "Only CGST" in status and "4 of 14" in status

        await pilot.press("escape")
        await settle(pilot)
        assert len(shown(table)) == 14 and table.company_filter is None
        assert table.sort_column == "medal"  # clearing the filter keeps the sort

        await pilot.press("o")
        await settle(pilot)
        assert table.company_filter is not None
        await pilot.press("o")  # o again shows every company
        await settle(pilot)
        assert table.company_filter is None and len(shown(table)) == 14


# -- tally and context ------------------------------------------------------------------------------


async def test_tally_and_context() -> None:
    app = app_on()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_medals(pilot)
        tally = str(app.query_one("#medals-tally").render())
        assert "Gold 5" in tally and "Silver 4" in tally and "Bronze 5" in tally and "14" in tally
        companies = str(app.query_one("#medals-companies").render())
        assert "CGST 4: 1 Gold, 3 Bronze" in companies
        assert "Shanghai Space Research Institute 4: 1 Gold, 2 Silver, 1 Bronze" in companies
        sectors = str(app.query_one("#medals-sectors").render())
        assert "Longwave IR: Gold, Silver, Bronze" in sectors
        context = str(app.query_one(".medals-context").render())
        assert "China 14" in context and "U.S. 12" in context and "Finland 2, Uruguay 2" in context
        gaps = str(app.query_one(".medals-gaps").render())
        assert "X-band SAR" in gaps and "SAR revisit" in gaps
        assert "Umbra" in gaps and "Capella Space" in gaps and "ICEYE" in gaps
        source = str(app.query_one(".medals-source").render())
        assert "CSIS 2024" in source and "Aerospace China, December 2024" in source
        response = str(app.query_one(".medals-response").render())
        assert response.startswith("Aerospace China's response: Aerospace China argued")
        # The panel starts with the tally and the counts, visible below the table at 80x24.
        text = screen_text(app)
        assert "Gold 5" in text and "China 14 vs U.S. 12" in text


async def test_r_shows_the_full_response_and_esc_closes_it() -> None:
    app = app_on()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_medals(pilot)
        full = app.model.editions[0].medal_context.response
        await pilot.press("r")
        await settle(pilot)
        assert isinstance(app.screen, TextScreen)
        body = " ".join(str(s.render()) for s in app.screen.query(".text-body"))
        assert full in body
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, TextScreen)


def test_first_sentence_is_shortened_at_a_word() -> None:
    assert first_sentence("Short one. Second.") == "Short one. …"
    assert first_sentence("Only one.") == "Only one."
    long = "word " * 60
    short = first_sentence(long, limit=40)
    assert short.endswith(" …") and len(short) <= 42 and "wor …" not in short


# -- hooks ------------------------------------------------------------------------------------------


async def test_enter_opens_the_review_paragraph(monkeypatch: pytest.MonkeyPatch) -> None:
    app = app_on()
    jumps: list[str] = []
    async with app.run_test(size=(80, 24)) as pilot:
        await open_medals(pilot)
        monkeypatch.setattr(app.main, "jump_to", jumps.append)
        await pilot.press("enter")
        await settle(pilot)
        assert jumps == [f"{ED}/news-aerospace-china-medal-review"]


async def test_show_record_clears_the_company_filter() -> None:
    app = app_on()
    async with app.run_test(size=(80, 24)) as pilot:
        table = await open_medals(pilot)
        tab = app.query_one(MedalsTab)
        await pilot.press("down", "o")  # only CGST
        await settle(pilot)
        target = f"{ED}/medal-hyperspectral-zhuhai-orbita-bronze"
        assert target not in shown(table)
        assert tab.show_record(target) is True
        await settle(pilot)
        assert table.company_filter is None and tab.current_record().key == target
        assert tab.show_record(f"{ED}/article-leo-satellite-internet") is False
        assert tab.show_record("nope/nothing") is False


async def test_markers_for_notes_and_flags_hidden_when_presenting(monkeypatch: pytest.MonkeyPatch) -> None:
    app = app_on()
    async with app.run_test(size=(80, 24)) as pilot:
        table = await open_medals(pilot)
        tab = app.query_one(MedalsTab)
        key = shown(table)[0]
        notes = {key: SimpleNamespace(text="check the year", flagged=True)}
        app.notes_controller.notes = notes  # as if read from the notes file
        app.notes_changed()
        await settle(pilot)
        assert table.cell_text(key, "mark") == "✎⚑"
        assert "✎⚑" in screen_text(app)
        app.presenter = True
        await settle(pilot)
        assert table.cell_text(key, "mark") == ""
        assert "✎" not in screen_text(app)


async def test_current_record_and_focus() -> None:
    app = app_on()
    async with app.run_test(size=(80, 24)) as pilot:
        table = await open_medals(pilot)
        tab = app.query_one(MedalsTab)
        assert app.focused is table
        assert tab.current_record() == model_rows(app)[0]
        await pilot.press("j")
        assert tab.current_record() == model_rows(app)[1]


async def test_the_apps_marked_filter_hides_unmarked_rows(monkeypatch: pytest.MonkeyPatch) -> None:
    app = app_on()
    async with app.run_test(size=(80, 24)) as pilot:
        table = await open_medals(pilot)
        tab = app.query_one(MedalsTab)
        flagged = f"{ED}/medal-longwave-ir-cast-gold"
        notes = {flagged: SimpleNamespace(text="", flagged=True)}
        app.notes_controller.notes = notes  # as if read from the notes file
        app.marked_filter = "flagged"
        await settle(pilot)
        assert shown(table) == [flagged]
        assert "Only flagged" in str(app.query_one("#medals-status").render())
        assert tab.show_record(f"{ED}/medal-hyperspectral-zhuhai-orbita-bronze") is False
        app.marked_filter = "all"
        await settle(pilot)
        assert len(shown(table)) == 14


async def test_several_editions_add_an_edition_column(tmp_path: Path) -> None:
    root = tmp_path / "data"
    shutil.copytree(EDITION_DIR, root / ED)
    shutil.copytree(EDITION_DIR, root / "2025-04-to-2025-09")
    app = app_on(root)
    async with app.run_test(size=(100, 30)) as pilot:
        table = await open_medals(pilot)
        assert "edition" in table.column_keys and len(shown(table)) == 28
        await pilot.press("d", "d")
        await settle(pilot)
        assert label(table, "edition") == "Edition ▼"
        assert app.model.get(shown(table)[0]).edition == "2025-04-to-2025-09"
        assert "Gold 10" in str(app.query_one("#medals-tally").render())


async def test_edition_sort_is_off_with_one_edition() -> None:
    app = app_on()
    async with app.run_test(size=(80, 24)) as pilot:
        table = await open_medals(pilot)
        await pilot.press("d")
        await settle(pilot)
        assert table.sort_column is None


# -- sizes and hostile data ---------------------------------------------------------------------------


async def test_resizes_without_crashing_and_keeps_the_medal_column() -> None:
    app = app_on()
    async with app.run_test(size=(80, 24)) as pilot:
        table = await open_medals(pilot)
        for size in [(40, 12), (150, 40), (100, 30), (80, 24), (40, 12), (80, 24)]:
            await pilot.resize_terminal(*size)
            await settle(pilot)
            await settle(pilot)
        text = screen_text(app)
        assert "● Gold" in text and "Medal" in text
        await pilot.resize_terminal(40, 12)
        await settle(pilot)
        await settle(pilot)
        assert "● " in screen_text(app)  # the medal column still fits at the smallest size
        assert table.virtual_size.width <= table.size.width


def hostile_copy(tmp_path: Path) -> Path:
    target = tmp_path / "data" / ED
    shutil.copytree(EDITION_DIR, target)
    medals = target / "medals.toml"
    text = medals.read_text(encoding="utf-8")
    text = text.replace('company = "China Siwei"', 'company = "[bold]x[/]"')
    text = text.replace('company = "CAST"', 'company = "[@click=app.quit]x[/]"')
    text = text.replace('satellite = "OHS"', 'satellite = "[TODO] Q3"')
    text = text.replace('company = "Spacety"', 'company = "天仪研究院"')
    medals.write_text(text, encoding="utf-8")
    return target


async def test_hostile_and_wide_text_shows_literally_and_aligns(tmp_path: Path) -> None:
    app = app_on(hostile_copy(tmp_path))
    async with app.run_test(size=(120, 30)) as pilot:
        table = await open_medals(pilot)
        assert not app.load_result.errors
        await settle(pilot)
        text = screen_text(app)
        for literal in ("[bold]x[/]", "[@click=app.quit]x[/]", "[TODO] Q3", "天仪研究院"):
            assert literal in text, literal
        assert "[bold]x[/] 2: 2 Gold" in str(app.query_one("#medals-companies").render())
        # Wide characters take two cells each; the medal column still starts at the same cell on every row.
        starts = {cell_len(line[: line.index("● ")]) for line in text.splitlines() if "● " in line
                  and ("Gold" in line or "Silver" in line or "Bronze" in line) and "Medals" not in line}
        assert len(starts) == 1
        # Sorting and filtering on the hostile company works and keeps the text literal.
        await pilot.press("c")
        await settle(pilot)
        assert app.is_running
        await pilot.click(MedalTable, offset=(header_x(table, "company"), 0))
        await settle(pilot)
        assert app.is_running and table.sort_column == "company" and table.descending


# -- filters by sector and medal (issue 13) ---------------------------------------------------------


async def test_capital_o_and_m_show_only_this_sector_and_medal_and_the_tally_counts_them() -> None:
    app = app_on()
    async with app.run_test(size=(100, 30)) as pilot:
        table = await open_medals(pilot)
        sector_row = next(i for i, key in enumerate(shown(table)) if app.model.get(key).sector == "Longwave IR")
        table.move_cursor(sector_row)
        await pilot.press("O")
        await settle(pilot)
        assert [app.model.get(k).sector for k in shown(table)] == ["Longwave IR"] * 3
        tally = str(app.query_one("#medals-tally").render())
        assert "Gold 1" in tally and "Silver 1" in tally and "Bronze 1" in tally and "3 of 14 rows shown" in tally
        status = str(app.query_one("#medals-status").render())
        assert "Only Longwave IR" in status and "3 of 14 rows" in status
        # M on the Bronze row: only Longwave IR and Bronze (the filters combine).
        table.move_cursor(2)
        await pilot.press("M")
        await settle(pilot)
        assert [(app.model.get(k).sector, app.model.get(k).medal) for k in shown(table)] == [("Longwave IR", "Bronze")]
        assert "Bronze 1" in str(app.query_one("#medals-tally").render())
        assert "Gold 0" in str(app.query_one("#medals-tally").render())
        # O again drops the sector filter and keeps the medal one: every Bronze row.
        await pilot.press("O")
        await settle(pilot)
        assert {app.model.get(k).medal for k in shown(table)} == {"Bronze"} and len(shown(table)) == 5
        assert "5 of 14 rows shown" in str(app.query_one("#medals-tally").render())
        await pilot.press("escape")
        await settle(pilot)
        assert len(shown(table)) == 14 and not table.filters
        assert "14 in all" in str(app.query_one("#medals-tally").render())
