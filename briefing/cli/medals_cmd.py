"""``briefing medals``: the commercial remote-sensing medal table, sorted and filtered, with its tally and context."""

from __future__ import annotations

from typing import TYPE_CHECKING

import argparse
from typing import Any

from ..model.data.model import Model
from ..model.data.records import MEDALS, MedalRow
from ..model.data.text import fold
from .context import load
from .output import Column, Output, Styled
from .help_format import HelpFormatter

if TYPE_CHECKING:
    from ..model.query.medal_sort import Group

SORTS = ("sector", "company", "satellite", "medal")

EPILOG = """\
Rows keep the report's table order unless --sort is given. Sorting by medal puts Gold
before Silver before Bronze (never alphabetical); text sorts ignore case and put
Gaofen-2 before Gaofen-10, as the app does. Sorting is stable: rows that tie keep the
table's order (with --reverse too). After the table: the tally of the rows
shown (by medal, by company, by sector), and what the report says about the whole
table (medals per country, sectors without a Chinese medal).

Exit status: 0 when rows were shown, 1 when the filters left none, 2 on a usage or data error.

examples:
  briefing medals --sort medal
  briefing medals --sort company --reverse
  briefing medals --medal gold
  briefing medals --company "shanghai space"
  briefing medals --sector "longwave ir"
  briefing medals --json | jq '.tally.by_company'

--json prints {"sort", "reverse", "medal", "company", "sector", "count", "medals": [{"edition", "id",
"sector", "company", "satellite", "medal"}], "tally": {"by_medal": {medal: n}, "by_company"
(most medals first), "by_sector" (table order): {name: {"Gold", "Silver", "Bronze", "total"}}}, "context": [{"edition", "source",
"summary", "counts": [{"country", "medals"}], "sectors_without_chinese_medal",
"holders_in_those_sectors", ...}]}.
"""


def add_parser(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "medals", help="the commercial remote-sensing medal table, with tally and context",
        description="Show the medal table of Chinese commercial remote-sensing companies.",
        epilog=EPILOG, formatter_class=HelpFormatter,
    )
    parser.add_argument("--sort", choices=SORTS, help="sort by this column (medal: Gold > Silver > Bronze)")
    parser.add_argument("--reverse", action="store_true", help="reverse the order")
    parser.add_argument("--medal", action="append", type=str.capitalize, choices=MEDALS, metavar="MEDAL",
                        help="only this medal: Gold, Silver or Bronze, any case (repeatable)")
    parser.add_argument("--company", metavar="NAME",
                        help="only companies whose name holds NAME (case and accents ignored)")
    parser.add_argument("--sector", metavar="NAME",
                        help="only sectors whose name holds NAME (case and accents ignored)")
    parser.add_argument("--json", action="store_true", help="print a JSON document (shape below)")
    parser.set_defaults(handler=handle)


def select(model: Model, *, sort: str | None = None, reverse: bool = False, medals: list[str] | None = None,
           company: str | None = None, sector: str | None = None) -> list[MedalRow]:
    """The rows to show, filtered then sorted exactly as the app's Medals tab sorts (:mod:`~briefing.model.query.medal_sort`).

    Sorting is stable: ties keep the table's order, reversed or not.
    """
    rows = list(model.medals)
    if medals:
        rows = [row for row in rows if row.medal in medals]
    if company:
        needle = fold(" ".join(company.split()))
        rows = [row for row in rows if needle in fold(row.company)]
    if sector:
        needle = fold(" ".join(sector.split()))
        rows = [row for row in rows if needle in fold(row.sector)]
    if sort:
        from ..model.query.medal_sort import sort_rows

        return sort_rows(rows, sort, descending=reverse)
    return rows[::-1] if reverse else rows


def _counts(group: Group) -> dict[str, int]:
    counts = group.counts()
    return {**{medal: counts.get(medal, 0) for medal in MEDALS}, "total": group.count}


def handle(args: argparse.Namespace, stream) -> int:
    model = load(args.data, args.edition).model
    rows = select(model, sort=args.sort, reverse=args.reverse, medals=args.medal, company=args.company,
                  sector=args.sector)
    from ..model.query.medal_sort import tally

    counted = tally(rows)
    out = Output(stream)
    if args.json:
        from ..model.export.as_json import edition_json, medal_json

        out.json({
            "sort": args.sort, "reverse": args.reverse, "medal": args.medal, "company": args.company, "sector": args.sector,
            "count": len(rows), "medals": [medal_json(row, model.aliases) for row in rows],
            "tally": {"by_medal": counted.by_medal,
                      "by_company": {group.name: _counts(group) for group in counted.by_company},
                      "by_sector": {group.name: _counts(group) for group in counted.by_sector}},
            "context": [{"edition": e.id, **edition_json(e)["medal_context"]} for e in model.editions],
        })
        return 0 if rows else 1
    if not rows:
        import sys

        from .output import safe

        wanted = []
        if args.medal:
            wanted.append("medal " + " or ".join(args.medal))
        if args.company:
            wanted.append(f"company {args.company!r}")
        if args.sector:
            wanted.append(f"sector {args.sector!r}")
        what = f"with {' and '.join(wanted)}" if wanted else "in the loaded data"
        print(f"briefing: no medal rows {safe(what)}", file=sys.stderr)
        return 1
    several = len(model.editions) > 1
    columns = [Column("Sector"), Column("Company"), Column("Satellite", truncate=True), Column("Medal")]
    if several:
        columns.insert(0, Column("Edition"))
    table = []
    for row in rows:
        cells: list[Any] = [row.sector, Styled(row.company, "title"), row.satellite,
                            Styled(row.medal, row.medal.lower())]
        if several:
            cells.insert(0, Styled(row.edition, "id"))
        table.append(cells)
    out.table(columns, table)

    out.blank()
    total = len(rows)
    out.heading(f"Tally of the {total} medal{'s' if total != 1 else ''} shown")
    out.fields([("By medal", ", ".join(f"{medal} {n}" for medal, n in counted.by_medal.items()))], indent=2)
    out.blank()
    _tally_table(out, "Company", counted.by_company)
    out.blank()
    _tally_table(out, "Sector", counted.by_sector)

    for edition in model.editions:
        context = edition.medal_context
        if not (context.counts or context.sectors_without_chinese_medal or context.source):
            continue
        out.blank()
        out.heading("The whole table" + (f" ({edition.id})" if several else ""))
        fields: list[tuple[str, Any]] = []
        if context.counts:
            fields.append(("Medals by country", ", ".join(f"{c.country} {c.medals}" for c in context.counts)))
        if context.sectors_without_chinese_medal:
            holders = ", ".join(context.holders_in_those_sectors)
            fields.append(("No Chinese medal in", ", ".join(context.sectors_without_chinese_medal)
                           + (f" (medals held by {holders})" if holders else "")))
        if context.source:
            fields.append(("Source", context.source))
        out.fields(fields, indent=2)
    return 0


def _tally_table(out: Output, label: str, groups: tuple[Group, ...]) -> None:
    columns = [Column(label, truncate=True)] + [Column(medal, justify="right") for medal in MEDALS] + \
        [Column("Total", justify="right")]
    rows = []
    for group in groups:
        counts = _counts(group)
        rows.append([group.name] + [str(counts[medal]) if counts[medal] else "-" for medal in MEDALS]
                    + [Styled(str(group.count), "number")])
    out.table(columns, rows, indent=2)
