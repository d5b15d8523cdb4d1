"""One date and one title per record everywhere (issue 27, item 1): every record of the shipped
edition through ``briefing show --json``, ``briefing search --json``, the JSON and Markdown exports,
the app's labels and the palette's line, each giving the same date (or none) and the same title."""

from __future__ import annotations

import json

import pytest

from briefing.app.palette import hit_display
from briefing.app.screens.record_labels import record_row
from briefing.model.data.record_facts import record_date, record_source, record_title
from briefing.model.data.records import Article, Event, MedalRow, NewsItem, ReportPart
from briefing.model.export.markdown_text import escape
from briefing.model.store.opening import open_model

from .cli_helpers import run
from .conftest import DATA


@pytest.fixture(scope="module")
def model():
    return open_model([DATA]).model


def every_record(model) -> list:
    return [*model.news, *model.medals, *model.articles, *model.events, *model.parts]


def test_every_record_has_one_date_and_one_title_everywhere(capsys, model) -> None:
    _, out, _ = run(capsys, "export", "--format", "json")
    exported = json.loads(out)
    by_key = {f"{r['edition']}/{r['id']}": r for dataset in ("news", "medals", "articles", "events")
              for r in exported[dataset]}
    _, markdown, _ = run(capsys, "export", "--format", "md")
    flat_markdown = " ".join(markdown.split())
    records = every_record(model)
    assert len(records) == 17 + 14 + 5 + 32 + len(model.parts)
    for record in records:
        date, title = record_date(record), record_title(record)
        iso, shown = (date.iso, date.display()) if date is not None else (None, None)
        seen: dict[str, tuple] = {}

        code, out, _ = run(capsys, "show", record.id, "--json")
        assert code == 0, record.id
        document = json.loads(out)["record"]
        seen["show"] = (document["date"], document["title"])

        # Found by its title, as an analyst would look for it.
        code, out, _ = run(capsys, "search", title, "--json")
        assert code == 0, (record.id, title)
        [hit] = [hit for hit in json.loads(out)["hits"] if hit["key"] == record.key]
        seen["search"] = (hit["date"], hit["title"])
        seen["search record"] = (hit["record"]["date"], hit["record"]["title"])

        if not isinstance(record, ReportPart):  # the JSON export lists the report's parts in its editions
            seen["export"] = (by_key[record.key]["date"], by_key[record.key]["title"])

        label = record_row(record, 120).plain
        assert title in label and (shown is None or shown in label.split(title)[0]), label
        seen["app label"] = (iso if shown is None or shown in label else "?", title if title in label else "?")

        line = hit_display(record, []).plain
        assert (f" · {shown}" in line) == (shown is not None), line
        assert line.startswith(title[:40]), line

        assert set(seen.values()) == {(iso, title)}, (record.key, seen)
        _in_markdown(record, title, shown, flat_markdown)


def _in_markdown(record, title: str, shown: str | None, markdown: str) -> None:
    """The Markdown export gives the record its title, and its date (or none) beside it."""
    if isinstance(record, NewsItem):
        text = escape(record.text)[:60]
        before = markdown[:markdown.index(" ".join(text.split()))][-(len(escape(title)) + 40):]
        assert escape(title) in before, record.id
        dated = before[before.index(escape(title)) + len(escape(title)):]
        assert (escape(shown) in dated) if shown else not any(ch.isdigit() for ch in dated), (record.id, dated)
    elif isinstance(record, Event):
        assert f"- **{escape(shown)}** — {escape(title)}" in markdown, record.id
    elif isinstance(record, Article):
        assert escape(record.topic) in markdown and shown is None
    elif isinstance(record, MedalRow):
        row = " | ".join(escape(cell) for cell in (record.sector, record.company, record.satellite, record.medal))
        assert f"| {row} |" in markdown and shown is None


def test_source_is_the_paragraph_a_record_comes_from(model) -> None:
    """``source`` means one thing: the id of the report's paragraph (news item) the record comes from."""
    news_ids = {item.id for item in model.news}
    for record in every_record(model):
        source = record_source(record, model)
        if isinstance(record, ReportPart) and record.kind != "figure":
            assert source is None  # the introduction and the headings are not from a paragraph
        else:
            assert source in news_ids, record.key
    medal = model.medals[0]
    assert record_source(medal, model) == "news-aerospace-china-medal-review"


def test_the_digital_twin_article_has_no_date_in_the_shell_as_in_the_app(capsys, model) -> None:
    """It was "early 2024" in `briefing search` (a date it names in passing) and none in the app."""
    code, out, _ = run(capsys, "search", "digital", "twin", "--json")
    [news] = [hit for hit in json.loads(out)["hits"] if hit["id"] == "news-cnki-digital-twin-network"]
    assert code == 0 and news["date"] is None and news["record"]["date"] is None
    code, out, _ = run(capsys, "search", "digital", "twin")
    line = next(line for line in out.splitlines() if line.rstrip().endswith("news-cnki-digital-twin-network"))
    assert line.startswith("-") and "2024" not in line.split("news")[0]
