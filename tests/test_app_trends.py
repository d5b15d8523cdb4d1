"""The Trends tab: bar chart order and lengths, the detail pane, the statement, Enter, hooks, hostile data."""

from __future__ import annotations

import shutil
from pathlib import Path
from types import SimpleNamespace

import pytest
from rich.cells import cell_len

from briefing.app.tabs.trends_tab import TrendsTab
from briefing.app.widgets.bar_chart import bar_string, bar_units
from .app_helpers import app_on, open_trends, screen_text, settle

REPO = Path(__file__).resolve().parents[1]
EDITION_DIR = REPO / "data" / "2024-09-to-2025-03"
ED = "2024-09-to-2025-03"


# User folders are isolated by the autouse fixture in conftest.py.





def detail(app) -> str:
    return "\n".join(str(app.query_one(f"#trends-article-{part}").render()) for part in ("title", "meta", "summary"))


# -- pure chart helpers ---------------------------------------------------------------------------


def test_bar_units_scale_to_the_maximum() -> None:
    assert bar_units(100, 100, 10) == 80
    assert bar_units(50, 100, 10) == 40
    assert bar_units(1, 1000, 10) == 1  # never invisible
    assert bar_units(0, 100, 10) == 0 and bar_units(5, 0, 10) == 0
    assert bar_string(100, 100, 10) == "█" * 10
    assert bar_string(55, 100, 10) == "█" * 5 + "▌"  # 44 eighths: five cells and a half
    assert cell_len(bar_string(99, 100, 7)) <= 7


# -- the tab --------------------------------------------------------------------------------------


async def test_most_downloaded_first_with_bars_in_order() -> None:
    app = app_on()
    async with app.run_test(size=(80, 24)) as pilot:
        chart = await open_trends(pilot)
        tab = app.query_one(TrendsTab)
        values = [bar.value for bar in chart.bars]
        assert values == [1721, 1319, 1255, 1187, 1095]
        first = tab.current_record()
        assert first.downloads == 1721 and first.institution == "Beijing University of Post and Telecommunications"
        lengths = [bar_units(v, max(values), chart.layout(chart.scrollable_content_region.width)[3]) for v in values]
        assert lengths == sorted(lengths, reverse=True) and len(set(lengths)) == 5
        glyphs = [cell_len(chart.bar_text(i, 76)) for i in range(5)]
        assert glyphs == sorted(glyphs, reverse=True)
        await settle(pilot)
        text = screen_text(app)
        assert "1,721" in text and "1,095" in text
        assert text.index("1,721") < text.index("1,319") < text.index("1,095")
        assert "#1 of 5 by downloads" in detail(app)
        assert "Beijing University of Post and Telecommunications" in detail(app)


async def test_statement_and_top_ten_line() -> None:
    app = app_on()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_trends(pilot)
        fact = str(app.query_one("#trends-fact").render())
        assert fact == "3 of the ten most downloaded cover 6G technology and LEO satellite internet"
        statement = app.model.editions[0].trends.statement
        assert statement in str(app.query_one(".trends-statement").render())
        assert fact in screen_text(app)


async def test_cursor_moves_the_detail_and_missing_institution_is_said() -> None:
    app = app_on()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_trends(pilot)
        await pilot.press("down")
        await settle(pilot)
        assert "#2 of 5" in detail(app) and "1,319 downloads" in detail(app)
        assert "Tsinghua University School of Aeronautics and Aviation" in detail(app)
        assert "Theme: Deep Space Exploration" in detail(app)
        await pilot.press("down")
        await settle(pilot)
        assert "Integrated sensing and communication" in detail(app)
        assert "institution not stated" in detail(app)
        await pilot.press("up", "up", "up")
        await settle(pilot)
        assert "#1 of 5" in detail(app)


async def test_enter_jumps_to_the_source_paragraph(monkeypatch: pytest.MonkeyPatch) -> None:
    app = app_on()
    jumps: list[str] = []
    async with app.run_test(size=(80, 24)) as pilot:
        await open_trends(pilot)
        monkeypatch.setattr(app.main, "jump_to", jumps.append)
        await pilot.press("enter")
        await pilot.press("down", "enter")
        await settle(pilot)
        assert jumps == [f"{ED}/news-cnki-leo-satellite-internet", f"{ED}/news-cnki-deep-space-missions"]


async def test_show_record_and_current_record() -> None:
    app = app_on()
    async with app.run_test(size=(80, 24)) as pilot:
        chart = await open_trends(pilot)
        tab = app.query_one(TrendsTab)
        key = f"{ED}/article-space-land-sea-monitoring"
        assert tab.show_record(key) is True
        await settle(pilot)
        assert tab.current_record().key == key and chart.cursor == 4
        assert "#5 of 5" in detail(app)
        assert tab.show_record(f"{ED}/medal-longwave-ir-cast-gold") is False


async def test_markers_follow_notes_and_presenter(monkeypatch: pytest.MonkeyPatch) -> None:
    app = app_on()
    async with app.run_test(size=(80, 24)) as pilot:
        chart = await open_trends(pilot)
        tab = app.query_one(TrendsTab)
        key = f"{ED}/article-6g-satellite-isac"
        notes = {key: SimpleNamespace(text="", flagged=True)}
        app.notes_controller.notes = notes  # as if read from the notes file
        app.notes_changed()
        await settle(pilot)
        assert [bar.marker.strip() for bar in chart.bars] == ["", "", "⚑", "", ""]
        assert "⚑" in screen_text(app)
        app.presenter = True
        await settle(pilot)
        assert all(not bar.marker for bar in chart.bars)


async def test_small_and_large_sizes() -> None:
    app = app_on()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_trends(pilot)
        for size in [(40, 12), (160, 50), (80, 24)]:
            await pilot.resize_terminal(*size)
            await settle(pilot)
            await settle(pilot)
            text = screen_text(app)
            assert "1,721" in text
            for line in text.splitlines():
                assert cell_len(line) <= size[0]


async def test_hostile_topics_show_literally(tmp_path: Path) -> None:
    target = tmp_path / "data" / ED
    shutil.copytree(EDITION_DIR, target)
    trends = target / "trends.toml"
    text = trends.read_text(encoding="utf-8")
    text = text.replace('topic = "Development of LEO satellite internet"', 'topic = "[bold]x[/] 低轨卫星"')
    text = text.replace('theme = "Deep Space Exploration"', 'theme = "[@click=app.quit]x[/]"')
    text = text.replace('institution = "Harbin University of Technology"', 'institution = "[TODO] Q3"')
    trends.write_text(text, encoding="utf-8")
    app = app_on(target)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_trends(pilot)
        assert not app.load_result.errors
        await settle(pilot)
        assert "[bold]x[/] 低轨卫星" in screen_text(app)
        assert "[bold]x[/] 低轨卫星" in detail(app)
        await pilot.press("down")
        await settle(pilot)
        assert "Theme: [@click=app.quit]x[/]" in detail(app)
        await pilot.press("down", "down")
        await settle(pilot)
        assert "[TODO] Q3" in detail(app)
        assert app.is_running
