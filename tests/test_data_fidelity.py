"""The shipped edition says what the source report says: every paragraph, row, count and date.

Two kinds of test live here. Those taking the ``source`` fixture parse the report text the
edition was made from, ``data/<edition>/source.txt`` (its SHA-256 is in report.toml), and
compare; a missing source fails them, it never skips. The rest assert facts literally.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from briefing.model.data.loader import load_editions
from briefing.model.store.opening import open_model
from briefing.model.data.records import ENTITY_KINDS, Edition
from briefing.model.data.text import fold

REPO = Path(__file__).resolve().parents[1]
DATA = REPO / "data"
EDITION = "2024-09-to-2025-03"
SOURCE = DATA / EDITION / "source.txt"

MONTH_NAMES = (
    "January|February|March|April|May|June|July|August|September|October|November|December"
)
EXACT_DATE = re.compile(rf"\b({MONTH_NAMES}) (\d{{1,2}}), (\d{{4}})\b")

#: The approximate dates the report gives, in its own wording, and the event each dates.
APPROXIMATE_EVENTS = {
    "1992": "news-pakistan-cooperation",
    "2001": "news-record-spacewalk",
    "2021": "news-aerospace-china-response",
    "2022": "news-pakistan-cooperation",
    "2023": "news-cnki-environmental-monitoring",
    "early 2024": "news-cnki-digital-twin-network",
    # Not "2024" for the CSIS table: the report names it the 2024 table, never when it came out.
    "August 2024": "news-spacesail-launches",
    "October 2024": "news-spacesail-launches",
    "December 2024": "news-spacesail-launches",
    "early 2025": "news-pakistan-cooperation",
    "2025": "news-lunar-remote-sensing-tender",
    "late 2025": "news-space-plane-finalists",
    "by 2027": "news-space-science-plan",
    "by 2035": "news-space-science-plan",
    "by 2050": "news-space-science-plan",
}

#: Entity names canonicalised away from the report's wording, and that wording.
CANONICAL_SPELLINGS = {
    "Long March 2-F": "Long-March 2-F",
    "CAS Innovation Academy for Microsatellites": "(CAS) Innovation Academy for Microsatellites",
}

ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


# --- helpers ---------------------------------------------------------------------------------


def clean_markdown(text: str) -> str:
    """The cleaning the data applies to the report: markdown artefacts out, words kept."""
    text = text.replace("**", "")
    text = text.replace("\\$", "$")
    text = re.sub(r"\[([^\]]*)\]\(#\)", r"\1", text)
    text = re.sub(r"(?<![\w*])\*([^*\n]+?)\*(?![\w*])", r"\1", text)
    return text


def normalise(text: str) -> str:
    return " ".join(text.split())


def date_of(match: re.Match) -> dt.date:
    month = MONTH_NAMES.split("|").index(match[1]) + 1
    return dt.date(int(match[3]), month, int(match[2]))


def exact_dates_in(text: str) -> set[dt.date]:
    return {date_of(m) for m in EXACT_DATE.finditer(text)}


def blocks(text: str) -> list[str]:
    """Blank-line separated blocks of the report, whitespace normalised per line."""
    return [b.strip() for b in re.split(r"\n\s*\n", text) if b.strip()]


def body_paragraphs(source: str, headings: list[str]) -> list[str]:
    """Every paragraph after "News Update": bullets split, page breaks joined, headings dropped.

    A paragraph ends with a full stop; headings and the tab-separated table do not. A block
    ending mid-sentence followed by one starting in lower case is one paragraph broken by a
    page. A heading glued to the start of its paragraph is cut off.
    """
    parts = blocks(clean_markdown(source))
    parts = parts[parts.index("News Update") + 1:]
    joined: list[str] = []
    for part in parts:
        if joined and not joined[-1].rstrip().endswith((".", "?", ":")) and part[:1].islower():
            joined[-1] = f"{joined[-1]} {part}"
        else:
            joined.append(part)
    paragraphs: list[str] = []
    for part in joined:
        if "\t" in part:
            continue  # the medal table
        lines = part.splitlines()
        if all(line.startswith("- ") for line in lines):
            paragraphs.extend(normalise(line[2:]) for line in lines)
            continue
        text = normalise(part)
        if not text.endswith("."):
            continue  # a heading
        for heading in headings:
            if text.startswith(heading + " "):
                text = text[len(heading) + 1:]
        paragraphs.append(text)
    return paragraphs


def introduction_paragraphs(source: str) -> list[str]:
    parts = blocks(clean_markdown(source))
    start, end = parts.index("INTRODUCTION"), parts.index("News Update")
    return [normalise(p) for p in parts[start + 1:end]]


def medal_table(source: str) -> list[tuple[str, str, str, str]]:
    lines = [line.rstrip("\n") for line in source.splitlines() if "\t" in line]
    header, *rows = lines
    assert header.split("\t") == ["Sector", "Company", "Satellite", "Medal"]
    return [tuple(cell.strip() for cell in row.split("\t")) for row in rows]


def strings_in(value) -> list[str]:
    """Every string held by a record, recursively."""
    if isinstance(value, str):
        return [value]
    if hasattr(value, "_fields"):  # a record (NamedTuple)
        return [s for name in value._fields for s in strings_in(getattr(value, name))]
    if isinstance(value, (tuple, list)):
        return [s for v in value for s in strings_in(v)]
    return []


def all_entity_holders(edition: Edition):
    yield from edition.news
    yield from edition.articles
    yield from edition.events


# --- fixtures --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def loaded():
    return open_model([DATA])


@pytest.fixture(scope="module")
def edition(loaded) -> Edition:
    found = loaded.model.edition(EDITION)
    assert found is not None, f"edition {EDITION} not loaded"
    return found


@pytest.fixture(scope="module")
def source() -> str:
    assert SOURCE.is_file(), f"the edition's source text is missing: {SOURCE}"
    return SOURCE.read_text("utf-8")


@pytest.fixture(scope="module")
def clean_source(source) -> str:
    return normalise(clean_markdown(source))


@pytest.fixture(scope="module")
def news_by_id(edition):
    return {item.id: item for item in edition.news}


# --- tests that need no source ---------------------------------------------------------------


def test_edition_loads_without_problems(loaded):
    assert [str(p) for p in loaded.problems] == []


def test_record_counts(edition):
    assert len(edition.news) == 17
    assert len(edition.medals) == 14
    assert len(edition.articles) == 5
    assert len(edition.events) >= 32
    assert 6 <= len(edition.report.figures) <= 9


def test_report_metadata(edition):
    report = edition.report
    assert report.period == "September 2024 - March 2025"
    assert report.period_start == dt.date(2024, 9, 1)
    assert report.period_end == dt.date(2025, 3, 31)
    assert report.title.startswith("Ratcheting up capability and ambition")
    assert report.sources_note == "Please contact us to obtain a complete list of sources for this report."
    assert len(report.introduction) == 3


def test_sections_cover_the_report_structure(edition):
    report = edition.report
    tops = [s for s in report.sections if s.parent is None]
    assert [(s.title, s.kind) for s in tops] == [
        ("News Update", "news"),
        ("Policy Update: China Issues National Space Development Plan", "policy"),
        ("Industry Magazine Update: Aerospace China", "magazine"),
        ("1.1 What's Trending on China National Knowledge Infrastructure (CNKI)?", "cnki"),
    ]
    news_top, cnki_top = tops[0].id, tops[3].id
    assert len([s for s in report.sections if s.parent == news_top]) == 6
    assert [s.title for s in report.sections if s.parent == cnki_top] == [
        "6G Network Development", "Deep Space Exploration", "Space-Based Environmental Monitoring",
    ]
    for section in report.sections:
        if section.parent:
            assert report.section(section.parent).kind == section.kind


def test_every_section_holds_a_paragraph_or_a_heading(edition):
    used = {item.section for item in edition.news}
    parents = {s.parent for s in edition.report.sections if s.parent}
    for section in edition.report.sections:
        assert section.id in used or section.id in parents, section.id


def test_ids_unique_and_kebab_case(edition):
    report = edition.report
    ids = [s.id for s in report.sections] + [f.id for f in report.figures]
    ids += [r.id for r in edition.records()]
    assert len(ids) == len(set(ids))
    for ident in ids:
        assert ID_PATTERN.match(ident), ident
    prefixes = {"news": "news-", "medals": "medal-", "articles": "article-", "events": "event-"}
    for record in edition.records():
        assert record.id.startswith(prefixes[record.dataset]), record.id
    assert all(s.id.startswith("sec-") for s in report.sections)
    assert all(f.id.startswith("fig-") for f in report.figures)


def test_links_point_at_existing_news_items(edition, news_by_id):
    for event in edition.events:
        assert event.source in news_by_id, event.id
    for article in edition.articles:
        assert article.source in news_by_id, article.id
        assert article.summary in news_by_id[article.source].text, article.id
    for figure in edition.report.figures:
        assert figure.source in news_by_id, figure.id
    assert edition.medal_context.source_item in news_by_id
    assert edition.medal_context.response_item in news_by_id
    assert edition.trends.source_item in news_by_id
    assert news_by_id[edition.medal_context.response_item].text == edition.medal_context.response
    assert edition.medal_context.summary in news_by_id[edition.medal_context.source_item].text
    assert edition.trends.statement in news_by_id[edition.trends.source_item].text


def test_no_markdown_artefacts(edition):
    strings = strings_in(edition.report) + [s for r in edition.records() for s in strings_in(r)]
    strings += strings_in(edition.medal_context) + strings_in(edition.trends)
    for text in strings:
        assert "**" not in text, text
        assert "\\$" not in text, text
        assert "](#)" not in text, text
        assert not re.search(r"(?<![\w*])\*[^*\s][^*]*\*(?![\w*])", text), text
        assert not text.startswith("- "), text
        assert text == text.strip(), text
        assert "  " not in text and "\n" not in text, text


def test_medal_rows_literal(edition):
    rows = [(m.sector, m.company, m.satellite, m.medal) for m in edition.medals]
    assert rows[0] == ("Opto-electronic imaging", "China Siwei", "Gaojing-01", "Gold")
    assert rows[4] == ("C-band SAR", "Shanghai Space Research Institute", "Gaofen-1, Gaofen-2", "Gold")
    assert rows[8] == ("Medium-wave IR", "CGST", "Jilin-1 Spectral 01/02", "Bronze")
    assert rows[13] == ("Hyperspectral", "Zhuhai Orbita", "OHS", "Bronze")
    medals = [m.medal for m in edition.medals]
    assert (medals.count("Gold"), medals.count("Silver"), medals.count("Bronze")) == (5, 4, 5)


def test_medal_context(edition):
    ctx = edition.medal_context
    assert {c.country: c.medals for c in ctx.counts} == {"China": 14, "U.S.": 12, "Finland": 2, "Uruguay": 2}
    assert ctx.previous_table_year == 2021
    assert ctx.sectors_without_chinese_medal == ("X-band SAR", "SAR revisit")
    assert ctx.holders_in_those_sectors == ("Umbra", "Capella Space", "ICEYE")
    china = next(c.medals for c in ctx.counts if c.country == "China")
    assert china == len(edition.medals)  # the table lists every Chinese medal
    assert not set(ctx.sectors_without_chinese_medal) & {m.sector for m in edition.medals}


def test_articles_literal(edition):
    assert [a.downloads for a in edition.articles] == [1721, 1255, 1187, 1319, 1095]
    assert [a.theme for a in edition.articles] == [
        "6G Network Development", "6G Network Development", "6G Network Development",
        "Deep Space Exploration", "Space-Based Environmental Monitoring",
    ]
    assert edition.articles[1].institution is None  # the report names none for the ISAC article
    assert all(a.institution for i, a in enumerate(edition.articles) if i != 1)
    assert max(edition.articles, key=lambda a: a.downloads).downloads == 1721
    trends = edition.trends
    assert (trends.since, trends.top_ten_on_topic) == ("September 2024", 3)
    assert trends.topic == "6G technology and LEO satellite internet"


def test_article_themes_are_cnki_sections(edition):
    themes = {s.title: s.id for s in edition.report.sections if s.kind == "cnki"}
    by_id = {item.id: item for item in edition.news}
    for article in edition.articles:
        assert themes[article.theme] == by_id[article.source].section


def test_required_exact_events(edition):
    dated = {(e.date.to_toml(), e.source) for e in edition.events}
    for day, source in [
        (dt.date(2024, 10, 30), "news-record-spacewalk"),
        (dt.date(2024, 12, 17), "news-record-spacewalk"),
        (dt.date(2024, 10, 11), "news-shijian-19-recovered"),
        (dt.date(2025, 1, 6), "news-shijian-25-launched"),
        (dt.date(2024, 10, 29), "news-space-plane-finalists"),
        (dt.date(2025, 1, 17), "news-pakistan-cooperation"),
        (dt.date(2025, 2, 28), "news-pakistan-cooperation"),
        (dt.date(2025, 1, 23), "news-spacesail-launches"),
        (dt.date(2025, 3, 11), "news-spacesail-launches"),
        (dt.date(2025, 2, 11), "news-guowang-second-batch"),
        (dt.date(2024, 12, 16), "news-guowang-second-batch"),
        (dt.date(2025, 2, 14), "news-lunar-remote-sensing-tender"),
        (dt.date(2024, 10, 15), "news-space-science-plan"),
    ]:
        assert (day, source) in dated, (day, source)


def test_required_approximate_events(edition):
    dated = {(e.date.wording, e.source) for e in edition.events if not e.date.is_exact}
    for wording, source in APPROXIMATE_EVENTS.items():
        assert (wording, source) in dated, (wording, source)
    spacesail = [e for e in edition.events if e.source == "news-spacesail-launches" and not e.date.is_exact]
    assert {e.date.wording for e in spacesail} >= {"August 2024", "October 2024", "December 2024"}
    late_2025 = [e for e in edition.events if e.date.wording == "late 2025"]
    assert len(late_2025) == 2  # Qingzhou on Kinetica-2, Haolong on Zhuque-3


def test_events_in_chronological_order(edition):
    keys = [e.date.sort_key for e in edition.events]
    assert keys == sorted(keys)


def test_future_and_goal_events_are_planned(edition):
    for event in edition.events:
        start, _ = event.date.span()
        if start > edition.report.period_end or event.date.qualifier == "by":
            assert event.status == "planned", event.id
        elif event.date.is_exact:
            assert event.status == "happened", event.id


def test_event_dates_are_dates_of_their_source(edition, news_by_id):
    for event in edition.events:
        source_dates = {d.to_toml() for d in news_by_id[event.source].dates}
        if event.date.is_exact:
            assert event.date.to_toml() in source_dates, event.id


def test_entity_spellings_are_canonical(edition):
    kinds_of: dict[str, set[str]] = {}
    spellings: dict[str, set[str]] = {}
    for record in all_entity_holders(edition):
        for kind, name in record.entities.pairs():
            assert name == name.strip() and name, record.id
            kinds_of.setdefault(name, set()).add(kind)
            spellings.setdefault(fold(name).replace("-", " "), set()).add(name)
    for name, kinds in kinds_of.items():
        assert len(kinds) == 1, f"{name!r} filed under {sorted(kinds)}"
    for variants in spellings.values():
        assert len(variants) == 1, f"one entity, several spellings: {sorted(variants)}"
    names = set(kinds_of)
    assert not {"Taigong", "Long-March 2-F", "China Manned Space Agency"} & names
    assert {"CMSA", "CASC", "CAS", "BNU", "Long March 2-F", "Tiangong", "Spacesail", "Guowang"} <= names


def test_entity_kinds_known(edition):
    for record in all_entity_holders(edition):
        for kind, _ in record.entities.pairs():
            assert kind in ENTITY_KINDS


def test_news_dates_forms(edition):
    for item in edition.news:
        wordings = [d.wording for d in item.dates if not d.is_exact]
        assert len(wordings) == len(set(wordings)), item.id
        exact = [d.to_toml() for d in item.dates if d.is_exact]
        assert len(exact) == len(set(exact)), item.id


# --- tests against the source report ---------------------------------------------------------


def test_title_matches_source(edition, source):
    first = clean_markdown(blocks(source)[0])
    squash = lambda s: re.sub(r"\s*-\s*", "-", normalise(s)).casefold()  # noqa: E731
    assert squash(edition.report.title) == squash(first)


def test_introduction_matches_source(edition, source):
    paragraphs = introduction_paragraphs(source)
    note = paragraphs.pop()
    assert note == edition.report.sources_note
    assert list(edition.report.introduction) == paragraphs


def test_every_paragraph_is_one_news_item_verbatim(edition, source):
    headings = [s.title for s in edition.report.sections]
    expected = body_paragraphs(source, headings)
    assert len(expected) == len(edition.news)
    for item, paragraph in zip(edition.news, expected):
        assert item.text == paragraph, item.id


def test_section_titles_are_report_headings(edition, source):
    lines = {normalise(line) for line in clean_markdown(source).splitlines()}
    text = normalise(clean_markdown(source))
    for section in edition.report.sections:
        assert section.title in lines or f"{section.title} " in text, section.title


def test_single_paragraph_sections_use_the_heading(edition):
    report = edition.report
    by_section: dict[str, list] = {}
    for item in edition.news:
        by_section.setdefault(item.section, []).append(item)
    for section_id, items in by_section.items():
        section = report.section(section_id)
        if len(items) == 1 and section.parent:
            assert items[0].headline == section.title, items[0].id
        if len(items) > 1:
            assert len({i.headline for i in items}) == len(items)


def test_medal_rows_equal_source_table(edition, source):
    rows = [(m.sector, m.company, m.satellite, m.medal) for m in edition.medals]
    assert rows == medal_table(source)


def test_medal_context_text_from_source(edition, clean_source):
    ctx = edition.medal_context
    assert ctx.summary in clean_source
    assert ctx.response in clean_source
    assert str(ctx.previous_table_year) in ctx.response
    for name in ctx.sectors_without_chinese_medal + ctx.holders_in_those_sectors:
        assert name in ctx.summary
    for count in ctx.counts:
        assert count.country in ctx.summary or count.country == "China"


def test_article_downloads_parsed_from_source(edition, source):
    cnki = clean_markdown(source).split("1.1 What's Trending", 1)[1]
    found = [int(n.replace(",", "")) for n in re.findall(r"(\d{1,3}(?:,\d{3})+) (?:downloads|times)", cnki)]
    assert [a.downloads for a in edition.articles] == found


def test_article_and_trend_text_from_source(edition, clean_source):
    assert edition.trends.statement in clean_source
    for article in edition.articles:
        assert article.summary in clean_source, article.id
        if article.institution:
            assert article.institution in clean_source, article.id
        assert f"{article.downloads:,}" in article.summary


def test_every_exact_date_in_the_source_is_an_event(edition, source):
    event_days = {e.date.to_toml() for e in edition.events if e.date.is_exact}
    missing = exact_dates_in(clean_markdown(source)) - event_days
    assert not missing


def test_news_item_exact_dates_are_the_dates_in_its_text(edition):
    for item in edition.news:
        listed = {d.to_toml() for d in item.dates if d.is_exact}
        assert listed == exact_dates_in(item.text), item.id


def test_approximate_dates_are_in_the_report_wording(edition, clean_source):
    """An approximate date is the report's phrase, or a month it lists ("August, October, and December 2024")."""
    wordings = {d.wording for item in edition.news for d in item.dates if not d.is_exact}
    wordings |= {e.date.wording for e in edition.events if not e.date.is_exact}
    for wording in wordings:
        if wording in clean_source:
            continue
        month, year = wording.split(" ", 1)
        assert month in MONTH_NAMES.split("|") and re.search(rf"{month}\b[^.]*\b{year}\b", clean_source), wording


def test_news_item_approximate_dates_are_in_its_text(edition):
    for item in edition.news:
        for date in item.dates:
            if date.is_exact:
                continue
            assert str(date.year) in item.text, (item.id, date.wording)
            if date.month:
                assert date.wording.split()[0] in item.text, (item.id, date.wording)


def test_entities_are_named_in_the_report(edition, clean_source):
    folded = fold(clean_source)
    for record in all_entity_holders(edition):
        for _, name in record.entities.pairs():
            wording = CANONICAL_SPELLINGS.get(name, name)
            assert fold(wording) in folded, (record.id, name)


def test_key_figures_are_in_their_source_paragraph(edition, news_by_id):
    figures = {f.id: f for f in edition.report.figures}
    checks = {
        "fig-longest-spacewalk": ("9 h 6 min", "9 hour, 6 minute"),
        "fig-spacesail-satellites": ("72", "total number of satellites to 72"),
        "fig-genesat-funding": ("~1 billion RMB (US$137 million)", "approximately 1 billion RMB (US$137 million)"),
        "fig-medals-china-us": ("China 14, U.S. 12", "received 14 medals, compared to 12 for the U.S."),
        "fig-top-cnki-downloads": ("1,721 downloads", "1,721 downloads"),
    }
    for fig_id, (value, phrase) in checks.items():
        assert figures[fig_id].value == value
        assert phrase in news_by_id[figures[fig_id].source].text, fig_id
