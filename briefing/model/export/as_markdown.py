"""The whole report as a meeting-ready Markdown briefing, with the analyst's notes under their items.

Layout of each edition: title, period, introduction, key figures, the news by section
(with dates), the medal table (a Markdown table) with what the report says around it,
the most downloaded CNKI articles, and the timeline. Each note is a blockquote under its
item, each team note after it with its author and time; notes whose item is not in the
model are never dropped, they close the document. With two or more editions the document
opens with "Changes since the last edition": the latest edition against the one before, as
``briefing diff`` lists it, deleted words struck through and inserted ones in bold.

Text from the data and notes, yours and the team's, is escaped so it reads as written
(:mod:`.markdown_text`): a teammate's ``<img onerror=...>`` or ``<script>`` must never go
live in a renderer that shows HTML, and a note reads as typed.

Imports neither textual nor rich.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Iterable, Mapping, Sequence

from ..data.record_facts import record_date, record_title
from ..data.model import Model
from ..data.records import MEDALS, Edition, NewsItem, Record
from ..data.alias_records import NO_ALIASES, Aliases
from ..data.aliases import corrected_text
from .markdown_text import cell, escape, table

_UTC = dt.timezone.utc


def _quote(note: Any, indent: str = "", author: str | None = None) -> str:
    """A note as a blockquote (``indent`` puts it inside a list item); "" for an empty, unflagged note.

    A team note (``author`` given) names its author and when it was last edited (UTC).
    """
    text = escape(note.text.strip())  # as the report's text: a note's HTML or links never go live
    if author is not None:
        by = f"{escape(' '.join(author.split()))} (team, {note.updated.astimezone(_UTC):%Y-%m-%d %H:%M} UTC)"
        label = f"**Note by {by}, flagged:**" if note.flagged else f"**Note by {by}:**"
        if not text:
            return f"{indent}> **Flagged by {by}**, no note." if note.flagged else ""
    else:
        label = "**Note (flagged):**" if note.flagged else "**Note:**"
        if not text:
            return f"{indent}> **Flagged**, no note." if note.flagged else ""
    lines = text.split("\n")
    out = [f"{indent}> {label} {lines[0]}".rstrip()]
    out += [f"{indent}> {line}".rstrip() for line in lines[1:]]
    return "\n".join(out)


def _quotes(entries: Any, indent: str = "") -> str:
    """Every note on one record (yours, then the team's), as blockquotes separated by a blank line."""
    quotes = [_quote(note, indent, author) for note, author in entries or ()]
    return f"\n{indent}\n".join(quote for quote in quotes if quote)


def _entries(notes: Mapping[str, Any], team: Iterable[Any]) -> dict[str, list[tuple[Any, str | None]]]:
    """``edition/id`` → [(note, author)]: the personal note (author None) first, then team notes, oldest first."""
    out: dict[str, list[tuple[Any, str | None]]] = {key: [(note, None)] for key, note in notes.items()}
    for shared in sorted(team, key=lambda n: (n.note.created, n.author)):
        out.setdefault(shared.note.key, []).append((shared.note, shared.author))
    return out



def _dates(item: NewsItem) -> str:
    """The item's own date (never a date it names in passing; those are in its text), "" for none."""
    own = record_date(item)
    if own is None:
        return ""
    return own.display() if own in item.dates else f"{own.display()}, dated by us"


def _with_notes(blocks: list[str], records: Iterable[Record], notes: Mapping[str, Any], title: str) -> None:
    """After a table, the notes on its rows, each under the row's title."""
    entries = []
    for record in records:
        quote = _quotes(notes.get(record.key))
        if quote:
            entries.append(f"*{escape(record_title(record))}*\n\n{quote}")
    if entries:
        blocks.append(f"**{title}**")
        blocks.extend(entries)


def _edition(edition: Edition, notes: Mapping[str, Any], status: Any = None) -> list[str]:
    report = edition.report
    blocks = [f"# {escape(' '.join(report.title.split()))}"]
    if status is not None and status.is_draft:
        from ..library.status import draft_line

        blocks.append(f"> **{escape(draft_line(edition.id, status))}**: an unreviewed draft; "
                      "its values may still be wrong.")
    period = f"*{escape(report.period)}*" if report.period else ""
    blocks.append(f"{period} (edition {escape(edition.id)})".strip())
    if report.introduction:
        blocks.append("## Introduction")
        blocks.extend(escape(paragraph) for paragraph in report.introduction)
    if report.figures:
        blocks.append("## Key figures")
        blocks.append("\n".join(f"- **{escape(f.label)}:** {escape(f.value)} — {escape(f.detail)}"
                                for f in report.figures))
    blocks.extend(_news(edition, notes))
    blocks.extend(_medals(edition, notes))
    blocks.extend(_articles(edition, notes))
    blocks.extend(_timeline(edition, notes))
    if report.sources_note:
        blocks.append(f"*{escape(report.sources_note)}*")
    return blocks


def _editor_notes(aliases: Aliases, key: str) -> list[str]:
    """The editor's notes on a record, each marked as ours."""
    return [f"*Editor's note (ours, not the report's):* {escape(text)}" for text in aliases.notes_for(key)]


def _news_item(item: NewsItem, heading: str | None, notes: Mapping[str, Any],
               aliases: Aliases = NO_ALIASES) -> list[str]:
    blocks = []
    dates = _dates(item)
    if item.headline.strip() != (heading or "").strip():
        lead = f"**{escape(item.headline)}**"
        blocks.append(f"{lead} ({escape(dates)})" if dates else lead)
    elif dates:
        blocks.append(f"*{escape(dates)}*")
    # The report's words, each known slip followed by "[sic: correction]" (data/aliases.toml).
    blocks.append(escape(corrected_text(item.text, aliases)))
    blocks.extend(_editor_notes(aliases, item.key))
    quote = _quotes(notes.get(item.key))
    if quote:
        blocks.append(quote)
    return blocks


def _news(edition: Edition, notes: Mapping[str, Any]) -> list[str]:
    """The news, policy, magazine and CNKI paragraphs under the report's own headings, in report order."""
    report = edition.report
    by_section: dict[str, list[NewsItem]] = {}
    for item in edition.news:
        by_section.setdefault(item.section, []).append(item)
    children: dict[str | None, list[Any]] = {}
    known = {section.id for section in report.sections}
    for section in report.sections:
        parent = section.parent if section.parent in known else None
        children.setdefault(parent, []).append(section)
    blocks: list[str] = []
    seen: set[str] = set()

    def walk(section: Any, level: int) -> None:
        if section.id in seen:  # a parent loop in hand-edited data must not recurse forever
            return
        seen.add(section.id)
        blocks.append(f"{'#' * min(level, 6)} {escape(section.title)}")
        for item in by_section.get(section.id, []):
            blocks.extend(_news_item(item, section.title, notes, edition.aliases))
        for child in children.get(section.id, []):
            walk(child, level + 1)

    for top in children.get(None, []):
        walk(top, 2)
    stray = [item for item in edition.news if item.section not in seen]
    if stray:
        blocks.append("## Other items")
        for item in stray:
            blocks.extend(_news_item(item, None, notes, edition.aliases))
    return blocks


def _medals(edition: Edition, notes: Mapping[str, Any]) -> list[str]:
    if not edition.medals:
        return []
    context = edition.medal_context
    blocks = ["## Commercial remote sensing medal table"]
    if context.source:
        blocks.append(f"*{escape(context.source)}*")
    blocks.append(table(["Sector", "Company", "Satellite", "Medal"],
                        ([cell(r.sector), cell(r.company), cell(r.satellite), cell(r.medal)]
                         for r in edition.medals)))
    tally = ", ".join(f"{medal} {sum(1 for r in edition.medals if r.medal == medal)}" for medal in MEDALS)
    lines = [f"- **Chinese medals in the table:** {escape(tally)}"]
    if context.counts:
        counts = ", ".join(f"{c.country} {c.medals}" for c in context.counts)
        lines.append(f"- **Medals in the whole table:** {escape(counts)}")
    if context.sectors_without_chinese_medal:
        holders = ", ".join(context.holders_in_those_sectors)
        gaps = ", ".join(context.sectors_without_chinese_medal) + (f" (held by {holders})" if holders else "")
        lines.append(f"- **No Chinese medal in:** {escape(gaps)}")
    blocks.append("\n".join(lines))
    if context.summary:
        blocks.append(escape(context.summary))
    for row in edition.medals:
        for line in _editor_notes(edition.aliases, row.key):
            blocks.append(f"**{escape(row.title)}** — {line}")
    _with_notes(blocks, edition.medals, notes, "Notes on the table")
    return blocks


def _articles(edition: Edition, notes: Mapping[str, Any]) -> list[str]:
    if not edition.articles:
        return []
    ranked = sorted(edition.articles, key=lambda a: -a.downloads)
    blocks = ["## Most downloaded CNKI articles"]
    # By downloads, as the report counts them; numbered only where the report ranks the article
    # ("the most downloaded", "the second most downloaded"): the others are among its top ten, unranked.
    blocks.append(table(
        ["Rank", "Downloads", "Topic", "Institution", "Theme"],
        ([str(a.rank) if a.rank else "", f"{a.downloads:,}", cell(a.topic), cell(a.institution or "not stated"),
          cell(a.theme)] for a in ranked),
        right=(0, 1),
    ))
    if edition.trends.statement:
        blocks.append(escape(edition.trends.statement))
    _with_notes(blocks, ranked, notes, "Notes on the articles")
    return blocks


def _timeline(edition: Edition, notes: Mapping[str, Any]) -> list[str]:
    events = sorted(edition.events, key=lambda e: e.date.sort_key)
    if not events:
        return []
    lines = []
    for event in events:
        planned = " *(planned)*" if event.planned else ""
        lines.append(f"- **{escape(event.date.display())}** — {escape(event.title)}{planned}")
        quote = _quotes(notes.get(event.key), indent="  ")
        if quote:  # a block quote may follow a list item's line directly, inside the item
            lines.append(quote)
    return ["## Timeline", "\n".join(lines)]


def _orphans(model: Model, notes: Mapping[str, Any]) -> list[str]:
    orphans = [entries for key, entries in notes.items() if model.get(key) is None]
    if not orphans:
        return []
    blocks = ["# Notes on items not in this report",
              "The items these notes were written on are not in the data loaded for this briefing."]
    for entries in orphans:
        note = entries[0][0]
        blocks.append(f"**{escape(note.edition)}/{escape(note.id)}** ({escape(note.dataset)})")
        blocks.append(_quotes(entries) or "> (empty note)")
    return blocks


def _changes(model: Model, notes: Mapping[str, Any]) -> list[str]:
    """The latest edition against the one before it, from the same lines ``briefing diff`` prints."""
    if len(model.editions) < 2:
        return []
    from ..diff.as_text import diff_lines
    from ..diff.changes import OURS_HEADING, diff_editions

    diff = diff_editions(model.editions[-2], model.editions[-1], notes)
    blocks = ["# Changes since the last edition"]
    items: list[str] = []
    collapsed = False  # our wording, apart from the report's changes, folded away

    def flush() -> None:
        if items:
            blocks.append("\n".join(items))
            items.clear()

    for number, line in enumerate(diff_lines(diff, marks=False)):
        text = "".join(_change_piece(piece, style) for piece, style in line.pieces)
        if not line.pieces:
            flush()
        elif number == 0:
            blocks.append(f"*{text}*")
        elif line.indent == 0 and line.pieces[0][0] == OURS_HEADING:
            flush()
            blocks.append(f"<details><summary>{escape(OURS_HEADING)}</summary>")
            collapsed = True
        elif line.indent == 0:
            flush()
            headed = all(style == "heading" for _, style in line.pieces)
            blocks.append(f"## {text}" if headed else text)
        elif line.indent == 2:
            items.append(f"- {text}")
        else:
            items.append(f"  - {text}")
    flush()
    if collapsed:
        blocks.append("</details>")
    return blocks


def _change_piece(text: str, style: str) -> str:
    """A piece of a diff line as Markdown: deleted words struck through, inserted ones in bold."""
    if not text.strip():
        return text
    if style == "del":
        return f"~~{escape(text)}~~"
    if style == "ins":
        return f"**{escape(text)}**"
    return escape(text)


def _followups(items: Sequence[Any] | None, as_of: dt.date | None) -> list[str]:
    """The plans and what became of them (:mod:`briefing.model.followups`), overdue first, as of ``as_of``."""
    if not items or as_of is None:
        return []
    from ..followups.status import counts

    said = ", ".join(f"{n} {status}" for status, n in counts(items).items() if n)
    rows = []
    for item in items:
        due = escape(item.wording)
        if item.window.wording != item.wording:
            due += f" → {escape(item.window.wording)}"
        outcome = item.outcome
        what = []
        if item.reported is not None:
            verb = "planned for" if item.reported.planned else "reported as happened on"
            what.append(f"{escape(item.reported.edition)} {verb} {escape(item.reported.date.display())}")
        if outcome is not None:
            detail = {"happened": f"happened on {outcome.date}", "slipped": f"slipped to {outcome.window}",
                      "cancelled": "cancelled", "reopened": "reopened"}[outcome.kind]
            by = f" (team: {outcome.author})" if outcome.author is not None else ""
            what.append(cell(f"{detail}{by}"))
            if outcome.source:
                what.append(cell(f"source: {outcome.source}"))
            if outcome.note:
                what.append(cell(f"note: {outcome.note}"))
        rows.append([f"**{item.status}**", due, escape(item.window.span_text()), cell(item.event.title),
                     "; ".join(what)])
    return ["# Follow-ups",
            f"*The report's plans as of {as_of.isoformat()}: {said}. Due windows are ours, read from the "
            "report's words.*",
            table(["Status", "Due (the report's words)", "Window", "Plan", "What became of it"], rows)]


def _at_a_glance(model: Model) -> list[str]:
    """The numbers behind the Overview's pictures as tables: events by month, medals, CNKI downloads."""
    from .. import glance, glance_cells

    found = glance.glance(model)
    strip = found.strip
    blocks = ["## At a glance"]
    slots = [slot for slot in strip.slots if slot.total]
    if slots:
        most = strip.most

        def bar(slot: glance.Slot) -> str:
            happened, planned = glance_cells.segment_cells((slot.happened, slot.planned), most, 20)
            return "█" * happened + "░" * planned

        blocks.append("### Events by month")
        blocks.append("; ".join(
            f"{escape(p.edition)}: {escape(p.label)}" for p in strip.periods) + " (the period). █ happened, ░ planned; "
            "a year alone counts the events dated only to that year or a season of it, or, outside the "
            "period's years, all of its events.")
        blocks.append(table(["When", "Happened", "Planned", "In the period", ""],
                            [[escape(slot.range_text if slot.kind != "wide" else f"{slot.year} (year or season)"),
                              str(slot.happened), str(slot.planned), "yes" if strip.in_period(slot) else "",
                              bar(slot)] for slot in slots], right=(1, 2)))
    if found.countries:
        blocks.append("### Medals by country (the report's totals)")
        blocks.append(table(["Country", "Medals"] + (["Edition"] if found.countries[0].edition else []),
                            [[cell(t.name), str(t.total)] + ([escape(t.edition)] if t.edition else [])
                             for t in found.countries], right=(1,)))
    if found.companies:
        blocks.append("### Medals by company")
        blocks.append(table(["Company", "Gold", "Silver", "Bronze", "Total"],
                            [[cell(t.name), *(str(n) for n in t.medals), str(t.total)] for t in found.companies],
                            right=(1, 2, 3, 4)))
    if found.articles:
        blocks.append("### CNKI downloads")
        blocks.append(table(["Article", "Downloads"], [[cell(a.topic), f"{a.downloads:,}"] for a in found.articles],
                            right=(1,)))
    return blocks if len(blocks) > 1 else []


def briefing_markdown(model: Model, notes: Mapping[str, Any], team: Iterable[Any] = (),
                      statuses: Mapping[str, Any] | None = None, *,
                      followups: Sequence[Any] | None = None, as_of: dt.date | None = None) -> str:
    """Every edition of ``model`` as one Markdown document, ``notes`` (keyed ``edition/id``) under their items.

    ``team`` holds team notes (:class:`~briefing.model.notes.team.TeamNote`): each follows
    the personal note on its item, with its author and time. ``statuses``
    (:func:`~briefing.model.library.status.statuses_of`) marks a draft under its title. ``followups`` (the plans'
    statuses on ``as_of``) make a Follow-ups section after the editions.
    """
    blocks: list[str] = _changes(model, notes)
    notes = _entries(notes, team)
    for number, edition in enumerate(model.editions):
        edition_blocks = _edition(edition, notes, (statuses or {}).get(edition.id))
        if number == 0:  # the pictures' tables under the first title and period, for every edition loaded
            at = next((i + 1 for i, block in enumerate(edition_blocks) if block.endswith(f"(edition {escape(edition.id)})")), 1)
            edition_blocks[at:at] = _at_a_glance(model)
        blocks.extend(edition_blocks)
    blocks.extend(_followups(followups, as_of))
    blocks.extend(_orphans(model, notes))
    return "\n\n".join(block for block in blocks if block) + "\n"

