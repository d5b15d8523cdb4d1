"""``briefing trends``: the most downloaded CNKI articles as a bar chart, and what the report concludes."""

from __future__ import annotations

import argparse
from typing import Any

from ..model.data.model import Model
from ..model.data.records import Article
from .context import display_id, load
from .output import BREAK, Column, Output, Styled, cell_width
from .help_format import HelpFormatter

#: Width of the longest bar, in characters.
BAR_WIDTH = 24
BLOCK = "\u2588"
ASCII_BLOCK = "#"

EPILOG = """\
Articles by downloads, most first (ties keep the report's order), each with a bar
scaled to the most downloaded one ('#' instead of the block when the output encoding
cannot show it), its institution and its theme; then the report's statement about the
ten most downloaded articles.

Exit status: 0 when articles were shown, 1 when there are none, 2 on a usage or data error.

examples:
  briefing trends
  briefing trends --json | jq '.articles[] | {topic, downloads}'

--json prints {"articles": [{"rank", "edition", "id", "topic", "theme", "institution"
(or null), "downloads", "summary", "source", "entities"}], "context": [{"edition",
"statement", "since", "topic", "top_ten_on_topic", "source_item"}]}.
"""


def add_parser(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "trends", help="most downloaded CNKI articles, with a bar chart",
        description="Chart the most downloaded CNKI articles and quote the report's conclusion.",
        epilog=EPILOG, formatter_class=HelpFormatter,
    )
    parser.add_argument("--json", action="store_true", help="print a JSON document (shape below)")
    parser.set_defaults(handler=handle)


def ranked(model: Model) -> list[Article]:
    """Articles by downloads, most first; ties keep report order."""
    return sorted(model.articles, key=lambda a: -a.downloads)


def bar(downloads: int, most: int, block: str = BLOCK, width: int = BAR_WIDTH) -> str:
    """A bar of ``block`` for ``downloads``, ``width`` long for ``most``; at least one block when above zero."""
    if most <= 0 or downloads <= 0:
        return ""
    return block * max(1, round(width * downloads / most))


def _text(cell: Any) -> str:
    return cell.text if isinstance(cell, Styled) else str(cell)


def handle(args: argparse.Namespace, stream) -> int:
    model = load(args.data, args.edition).model
    articles = ranked(model)
    out = Output(stream)
    if args.json:
        from ..model.export.as_json import article_json

        out.json({
            "articles": [{"rank": rank, **article_json(a, model.aliases)} for rank, a in enumerate(articles, 1)],
            "context": [{"edition": e.id, "statement": e.trends.statement, "since": e.trends.since,
                         "topic": e.trends.topic, "top_ten_on_topic": e.trends.top_ten_on_topic,
                         "source_item": e.trends.source_item} for e in model.editions],
        })
        return 0 if articles else 1
    if not articles:
        import sys

        print("briefing: no CNKI articles in the loaded data", file=sys.stderr)
        return 1
    block = BLOCK if out.can_encode(BLOCK) else ASCII_BLOCK
    most = articles[0].downloads
    several = len(model.editions) > 1
    rows: list[list[Any]] = []
    for article in articles:
        institution = Styled(article.institution, "") if article.institution else \
            Styled("institution not stated", "dim")
        rows.append([
            Styled(f"{article.downloads:,}", "number"),
            Styled(bar(article.downloads, most, block).ljust(BAR_WIDTH), "bar"),
            Styled(article.topic, "title"),
            institution,
            article.theme,
        ] + ([Styled(display_id(model, article), "id")] if several else []))
    columns = [Column("Downloads", justify="right"), Column(""), Column("Topic", truncate=True),
               Column("Institution", truncate=True), Column("Theme", truncate=True)]
    if several:
        columns.append(Column("ID"))
    spare = out.spare_width(columns, rows)
    natural = sum(max(cell_width(_text(row[i])) for row in rows) for i in (2, 3, 4)) + 4
    if spare is not None and spare < natural:
        # A narrow terminal: institution and theme go under the topic, which keeps the width.
        columns = columns[:2] + [Column("Article", truncate=True)] + columns[5:]
        rows = [row[:2] + [[row[2], BREAK, Styled(f"{_text(row[3])} · {_text(row[4])}", "dim")]] + row[5:]
                for row in rows]
    out.table(columns, rows)
    for edition in model.editions:
        if edition.trends.statement:
            out.blank()
            if several:
                out.heading(edition.id)
            out.paragraph(edition.trends.statement)
    return 0
