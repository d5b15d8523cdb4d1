"""A draft opens in the app at once: the News tab lists its paragraphs under the report's headings."""

from __future__ import annotations

from briefing.app.app import make_app
from briefing.model.store.opening import open_model
from briefing.model.draft.pipeline import draft_edition
from briefing.model.draft.writer import write_draft

from .conftest import DATA, EDITION
from .app_helpers import open_news
from .test_app_news import news_list, screen_lines


async def test_news_tab_of_a_fresh_draft(tmp_path) -> None:
    out = write_draft(draft_edition(EDITION / "source.txt", [DATA]), tmp_path / "draft")
    result = open_model([out])
    assert not result.errors
    app = make_app(load_result=result)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_news(pilot)
        lines = screen_lines(news_list(app))
        assert lines[0].startswith("News Update")
        assert lines[1].strip() == "Record-Breaking Space Walk Achieved"
        assert "17 Dec 2024" in lines[2] and "Record-Breaking Space Walk Achieved" in lines[2]
