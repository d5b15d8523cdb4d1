"""The edition-at-a-glance pictures laid out in character cells, shared by the app and ``briefing overview``.

:func:`strip_lines` and :func:`segment_cells` lay the pictures out as runs of characters with
*semantic* style names ("happened", "planned", "gold"...). The front ends map those names to
colours, so happened/planned and gold/silver/bronze differ by shape first (``█`` against ``░``,
``█ ▒ ░``), and read the same in 16 colours, with ``NO_COLOR`` or in plain ASCII.

Imports neither textual nor rich.
"""

from __future__ import annotations

import datetime as dt
from typing import Mapping, Sequence

from .data.records import MEDALS
from .glance import MONTH_LETTERS, Period, Slot, Strip

#: Glyphs of the pictures: Unicode blocks, and the plain ASCII drawn with ``--ascii``.
BLOCKS = {"happened": "█", "planned": "░", "gold": "█", "silver": "▒", "bronze": "░", "bar": "█",
          "now": "▲", "wide": "~", "corner_left": "╰", "corner_right": "╯", "rule": "─"}
ASCII = {"happened": "#", "planned": ":", "gold": "#", "silver": "=", "bronze": "-", "bar": "#",
         "now": "^", "wide": "~", "corner_left": "\\", "corner_right": "/", "rule": "_"}
#: Partial blocks, one to seven eighths of a cell tall, for the happened part of a month's column.
EIGHTHS_UP = "▁▂▃▄▅▆▇"

#: A run of characters and its semantic style ("" for none).
Run = tuple[str, str]


def segment_cells(values: Sequence[int], most: int, width: int) -> list[int]:
    """Cells for each value of a stacked bar whose longest total, ``most``, fills ``width``.

    Each non-zero value gets at least one cell, so a lone Bronze is never lost to rounding.
    """
    if most <= 0 or width <= 0:
        return [0] * len(values)
    cells = [max(1, round(v / most * width)) if v > 0 else 0 for v in values]
    while sum(cells) > width and max(cells) > 1:
        cells[cells.index(max(cells))] -= 1
    return cells


def medal_runs(medals: Sequence[int], most: int, width: int, glyphs: Mapping[str, str] = BLOCKS) -> list[Run]:
    """A company's bar: Gold, Silver and Bronze cells, each in its own glyph."""
    kinds = [m.lower() for m in MEDALS]
    return [(glyphs[kind] * cells, kind) for kind, cells in zip(kinds, segment_cells(medals, most, width)) if cells]


def _column(slot: Slot, most: int, height: int, ascii: bool) -> list[Run]:
    """The cells of one slot's column, bottom up: happened (solid) under planned (shaded)."""
    if most <= 0 or slot.total == 0:
        return [(" ", "")] * height
    glyphs = ASCII if ascii else BLOCKS
    planned_cells = max(1, round(slot.planned / most * height)) if slot.planned else 0
    if ascii:
        happened_eighths = (max(1, round(slot.happened / most * height)) * 8) if slot.happened else 0
    else:
        happened_eighths = max(1, round(slot.happened / most * height * 8)) if slot.happened else 0
    happened_cells = -(-happened_eighths // 8)
    if happened_cells + planned_cells > height:
        planned_cells = max(min(planned_cells, height - happened_cells), 1 if slot.planned else 0)
        if happened_cells + planned_cells > height:
            happened_cells = height - planned_cells
            happened_eighths = min(happened_eighths, happened_cells * 8)
    cells: list[Run] = []
    for row in range(height):
        if row < happened_eighths // 8:
            cells.append((glyphs["happened"], "happened"))
        elif row == happened_eighths // 8 and happened_eighths % 8:
            cells.append((EIGHTHS_UP[happened_eighths % 8 - 1], "happened"))
        elif happened_cells <= row < happened_cells + planned_cells:
            cells.append((glyphs["planned"], "planned"))
        else:
            cells.append((" ", ""))
    return cells


def _groups(strip: Strip) -> list[list[int]]:
    """Slot indexes grouped as drawn: a year of months (and its wide cell), or a lone year."""
    groups: list[list[int]] = []
    for index, slot in enumerate(strip.slots):
        if slot.kind == "month" and slot.month != 1 or slot.kind == "wide":
            groups[-1].append(index)
        else:
            groups.append([index])
    return groups


def _slot_width(slot: Slot, month_width: int) -> int:
    return month_width if slot.kind == "month" else (2 if slot.kind == "wide" else 4)


def strip_layout(strip: Strip, width: int) -> tuple[int, list[list[list[int]]]]:
    """The month cell's width (2 when everything fits on one band at 2, else 1) and the bands of groups."""
    groups = _groups(strip)
    for month_width in (2, 1):
        bands: list[list[list[int]]] = [[]]
        used = 0
        for group in groups:
            group_width = sum(_slot_width(strip.slots[i], month_width) for i in group)
            if bands[-1] and used + 1 + group_width > width:
                bands.append([])
                used = 0
            used += group_width + (1 if bands[-1] else 0)
            bands[-1].append(group)
        if len(bands) == 1 or month_width == 1:
            return month_width, bands
    raise AssertionError("unreachable")


def strip_lines(strip: Strip, width: int, *, height: int = 4, ascii: bool = False, cursor: int | None = None,
                show_periods: bool = True, band_of: int | None = None) -> list[list[Run]]:
    """The strip as lines of runs, ``width`` cells at most (wrapped into bands of whole years).

    Per band: ``height`` rows of columns (happened solid, planned shaded above it), a row of
    month letters (capitals inside an edition's period; ``~`` over a year's loosely dated
    events; the current month as ``▲``), a row of years, and with ``show_periods`` one row per
    edition bracketing its period. ``cursor`` is the slot drawn in the "cursor" style. Rows of
    columns blank across a band are left out. ``band_of``: only the band holding that slot (the
    Timeline, where the list needs the rows).
    """
    glyphs = ASCII if ascii else BLOCKS
    month_width, bands = strip_layout(strip, width)
    most = strip.most
    lines: list[list[Run]] = []
    if band_of is not None:
        bands = [band for band in bands if any(band_of in group for group in band)] or bands[:1]
    for band in bands:
        columns: list[list[Run]] = [[] for _ in range(height)]
        letters: list[Run] = []
        years: list[Run] = []
        starts: dict[int, int] = {}
        position = 0
        for number, group in enumerate(band):
            if number:
                for row in columns:
                    row.append((" ", ""))
                letters.append((" ", ""))
                years.append((" ", ""))
                position += 1
            group_start = position
            for index in group:
                slot = strip.slots[index]
                slot_width = _slot_width(slot, month_width)
                starts[index] = position
                column = _column(slot, most, height, ascii)
                bar_width = slot_width if slot.kind == "month" and month_width == 1 else slot_width - 1
                for row in range(height):
                    text, style = column[height - 1 - row]
                    columns[row].append((text * bar_width + " " * (slot_width - bar_width), style))
                if index == strip.current:
                    label, style = glyphs["now"], "now"
                elif slot.kind == "month":
                    letter = MONTH_LETTERS[slot.month - 1]  # type: ignore[index]
                    label, style = (letter, "in-period") if strip.in_period(slot) else (letter.lower(), "label")
                elif slot.kind == "wide":
                    label, style = glyphs["wide"], "label"
                else:
                    label, style = "", "label"
                if index == cursor:
                    style = "cursor"
                    label = label or " "
                letters.append((label.ljust(slot_width if slot.kind != "year" else len(label)), style))
                if slot.kind == "year":
                    letters.append((" " * (slot_width - len(label)), ""))
                position += slot_width
            first = strip.slots[group[0]]
            year_text = str(first.year)[: position - group_start]
            cursor_here = cursor in group and first.kind == "year"
            years.append((year_text.ljust(position - group_start), "cursor" if cursor_here else "year"))
        drawn = [row for row in columns if any(text.strip() for text, _ in row)]
        lines.extend(drawn or columns[-1:])
        lines.append(letters)
        lines.append(years)
        if show_periods:
            for period in strip.periods:
                lines.append(_period_row(strip, period, band, starts, width, glyphs, len(strip.periods) > 1,
                                         month_width))
    return [_trim(line) for line in lines]


def _period_row(strip: Strip, period: Period, band: list[list[int]], starts: dict[int, int], width: int,
                glyphs: Mapping[str, str], several: bool, month_width: int) -> list[Run]:
    inside = [index for group in band for index in group
              if strip.slots[index].kind != "wide" and _overlaps(strip.slots[index], period)]
    if not inside:
        return []
    first = starts[inside[0]]
    last_slot = strip.slots[inside[-1]]
    last = starts[inside[-1]] + _slot_width(last_slot, month_width) - 1
    if month_width == 2 and last_slot.kind == "month":
        last -= 1  # the bracket ends under the last column, not the gap after it
    span = last - first + 1
    # The fullest label that fits: inside the bracket, after it, or before it.
    labels = [f"{period.edition}: {period.label}", period.edition] if several else [period.label]
    if glyphs is ASCII:
        labels = [label.replace("–", "-") for label in labels]
    inner = max(span - 2, 0)
    right = glyphs["corner_right"] if span >= 2 else ""
    for label in labels:
        padded = f" {label} "
        if len(padded) <= inner:
            return [(" " * first, ""), (glyphs["corner_left"] + padded.center(inner, glyphs["rule"]) + right, "period")]
    bracket = glyphs["corner_left"] + glyphs["rule"] * inner + right
    for label in labels:
        if first + len(bracket) + 1 + len(label) <= width:
            return [(" " * first, ""), (bracket, "period"), (" " + label, "period-label")]
        if len(label) + 1 <= first:
            return [(" " * (first - len(label) - 1), ""), (label + " ", "period-label"), (bracket, "period")]
    return [(" " * first, ""), (bracket, "period")]


def _overlaps(slot: Slot, period: Period) -> bool:
    if slot.kind == "month":
        first = dt.date(slot.year, slot.month, 1)  # type: ignore[arg-type]
        return period.first <= first <= period.last
    return period.first.year <= slot.year <= period.last.year


def _trim(line: list[Run]) -> list[Run]:
    """The line without trailing blanks (so a pipe gets no padding)."""
    while line and not line[-1][0].strip():
        line = line[:-1]
    if line:
        text, style = line[-1]
        line = line[:-1] + [(text.rstrip(), style)]
    return line


def legend_runs(ascii: bool = False, *, now: bool = True) -> list[Run]:
    """``█ happened  ░ planned  ~ year or season only  JFM in period  ▲ now``."""
    glyphs = ASCII if ascii else BLOCKS
    runs: list[Run] = [(glyphs["happened"], "happened"), (" happened  ", ""), (glyphs["planned"], "planned"),
                       (" planned  ", ""), (glyphs["wide"], "label"), (" year or season only  ", ""),
                       ("JFM", "in-period"), (" in period", "")]
    if now:
        runs += [("  ", ""), (glyphs["now"], "now"), (" now", "")]
    return runs


def medal_legend_runs(ascii: bool = False) -> list[Run]:
    glyphs = ASCII if ascii else BLOCKS
    runs: list[Run] = []
    for medal in MEDALS:
        runs += [(glyphs[medal.lower()], medal.lower()), (f" {medal}  ", "")]
    runs[-1] = (runs[-1][0].rstrip(), "")
    return runs


def wrap_runs(runs: Sequence[Run], width: int) -> list[list[Run]]:
    """A legend's runs on as many lines as ``width`` needs, broken only before a glyph (a styled run)."""
    lines: list[list[Run]] = [[]]
    used = 0
    for index, (text, style) in enumerate(runs):
        item = len(text) + (len(runs[index + 1][0]) if style and index + 1 < len(runs) and not runs[index + 1][1]
                            else 0)
        if style and lines[-1] and used + len(text.rstrip()) + item - len(text) > width:
            lines[-1] = _trim(lines[-1])
            lines.append([])
            used = 0
        lines[-1].append((text, style))
        used += len(text)
    return [_trim(line) for line in lines]
