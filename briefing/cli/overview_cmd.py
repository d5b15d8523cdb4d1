"""``briefing overview``: the edition at a glance as text pictures: events by month, medals, CNKI downloads."""

from __future__ import annotations

import argparse
import os
import shutil
from typing import Sequence

from ..model import glance as g
from ..model import glance_cells as c
from .context import load, positive_int
from .help_format import HelpFormatter
from .output import Output, Styled, cell_width

EPILOG = """\
Three pictures, each with a legend, as wide as the terminal (80 columns in a pipe,
or COLUMNS, or --width):

  events by month   a column a month through the years of the edition's period
                    (letters in capitals inside the period, bracketed below), then a
                    cell per other year the events reach into; happened events solid
                    (█), planned ones shaded (░) above them, so the two differ without
                    colour; '~' counts a year's events dated only to the year or a
                    season ("late 2025"); ▲ marks this month
  medals            by country (the report's totals) and by company, each company's
                    bar split Gold █, Silver ▒, Bronze ░
  CNKI downloads    each article's downloads, most first

--ascii draws with '#', ':', '=', '-' instead of blocks (also chosen by itself when the
output encoding cannot show blocks).

Exit status: 0, or 2 on a usage or data error.

examples:
  briefing overview
  briefing overview --ascii --width 72
  briefing overview --json | jq '.months[] | select(.planned > 0)'

--json prints {"editions", "periods": [{"edition", "from", "to"}], "months": [{"kind"
("month", "wide" or "year"), "range" (as briefing timeline --from/--to take it),
"happened", "planned", "in_period", "current"}], "medals_by_country": [{"country",
"medals"}], "medals_by_company": [{"company", "medals", "gold", "silver", "bronze"}],
"cnki_downloads": [{"topic", "downloads", "key"}]}.
"""

#: The pictures' style names, drawn with the shell's semantic styles (output.STYLES).
STYLE_OF = {"happened": "bar", "planned": "planned", "in-period": "heading", "label": "dim", "year": "dim",
            "now": "flag", "period": "dim", "period-label": "dim", "gold": "gold", "silver": "silver",
            "bronze": "bronze", "bar": "bar"}


def add_parser(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "overview", help="the edition at a glance: events by month, medals, CNKI downloads",
        description="Draw the edition at a glance: events by month, the medal tally and CNKI downloads.",
        epilog=EPILOG, formatter_class=HelpFormatter,
    )
    parser.add_argument("--ascii", action="store_true", help="plain ASCII instead of block characters")
    parser.add_argument("--width", type=positive_int, metavar="N", help="columns to fit (default: the terminal's)")
    parser.add_argument("--json", action="store_true", help="print the numbers as a JSON document (shape below)")
    parser.set_defaults(handler=handle)


def _width(out: Output, asked: int | None) -> int:
    if asked:
        return max(asked, 20)
    if out.terminal and out.width:
        return out.width
    columns = os.environ.get("COLUMNS", "")
    if columns.isdigit() and int(columns) > 0:
        return max(int(columns), 20)
    return 80 if not out.terminal else shutil.get_terminal_size((80, 24)).columns


def _pieces(runs: Sequence[c.Run]) -> list[Styled]:
    return [Styled(text, STYLE_OF.get(style, "")) for text, style in runs]


def _fit(text: str, width: int, ellipsis: str = "…") -> str:
    """``text`` cut to ``width`` columns with ``ellipsis``, padded to it."""
    if cell_width(text) > width:
        while text and cell_width(text) > width - len(ellipsis):
            text = text[:-1]
        text += ellipsis
    return text + " " * (width - cell_width(text))


def _bars(out: Output, rows: Sequence[tuple[str, list[c.Run], str]], width: int, extra: int = 0,
          ellipsis: str = "…") -> None:
    """``label  bar  number`` lines, numbers aligned; labels take at most 40% of the line.

    Each bar is given as runs for a bar area of :func:`bar_area` cells (``extra``: room the
    number needs beyond its usual seven columns).
    """
    label_width = min(max((cell_width(label) for label, _, _ in rows), default=0), max(width * 2 // 5, 8))
    area = bar_area(rows, width, extra)
    for label, bar, number in rows:
        used = sum(cell_width(text) for text, _ in bar)
        out.line([_fit(label, label_width, ellipsis), " ", *_pieces(bar), " " * (area - used + 1), Styled(number, "number")])


def bar_area(rows: Sequence[tuple[str, object, str]], width: int, extra: int = 0) -> int:
    """Cells for the bars of ``rows`` at ``width``: what the label and the number leave."""
    label_width = min(max((cell_width(label) for label, _, _ in rows), default=0), max(width * 2 // 5, 8))
    return max(width - label_width - 2 - 7 - extra, 4)


def handle(args: argparse.Namespace, stream) -> int:
    model = load(args.data, args.edition).model
    found = g.glance(model, g.today())
    out = Output(stream)
    if args.json:
        out.json(g.glance_json(found))
        return 0
    ascii_only = args.ascii or not out.can_encode("█░▒▲╰─")
    glyphs = c.ASCII if ascii_only else c.BLOCKS
    width = _width(out, args.width)
    strip = found.strip
    out.heading(f"Events by month{' -' if ascii_only else ' ·'} {', '.join(found.editions)}")
    dots = "..." if ascii_only else "…"
    for line in c.strip_lines(strip, width, ascii=ascii_only):
        out.line(_pieces(line))
    for line in c.wrap_runs(c.legend_runs(ascii_only, now=strip.current is not None), width):
        out.line(_pieces(line))
    if strip.most:
        tallest = max(strip.slots, key=lambda slot: slot.total)
        out.line(Styled(f"tallest column: {tallest.describe()}", "dim"))
    if found.countries:
        out.blank()
        out.heading("Medals by country (the report's totals)")
        most = max(t.total for t in found.countries)
        rows = [(f"{t.name} {t.edition}".strip(), [], str(t.total)) for t in found.countries]
        area = bar_area(rows, width)
        _bars(out, [(label, [(_bar(t.total, most, area, glyphs["bar"]), "bar")], number)
                    for (label, _, number), t in zip(rows, found.countries)], width, ellipsis=dots)
    if found.companies:
        out.blank()
        out.heading("Medals by company")
        most = max(t.total for t in found.companies)
        rows = [(t.name, [], f"{t.total}  " + ", ".join(f"{n} {m}" for m, n in zip(("G", "S", "B"), t.medals) if n))
                for t in found.companies]
        extra = max(len(number) for _, _, number in rows) - 7
        area = bar_area(rows, width, extra)
        _bars(out, [(label, c.medal_runs(t.medals, most, area, glyphs), number)
                    for (label, _, number), t in zip(rows, found.companies)], width, extra, dots)
        for line in c.wrap_runs(c.medal_legend_runs(ascii_only), width):
            out.line(_pieces(line))
    if found.articles:
        out.blank()
        out.heading("CNKI downloads")
        most = max(a.downloads for a in found.articles)
        rows = [(a.topic, [], f"{a.downloads:,}") for a in found.articles]
        area = bar_area(rows, width)
        _bars(out, [(label, [(_bar(a.downloads, most, area, glyphs["bar"]), "bar")], number)
                    for (label, _, number), a in zip(rows, found.articles)], width, ellipsis=dots)
    return 0


def _bar(value: int, most: int, width: int, block: str) -> str:
    return block * max(1, round(value / most * width)) if value > 0 and most > 0 else ""
