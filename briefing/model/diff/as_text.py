"""An :class:`~.changes.EditionDiff` as lines of styled text: what ``briefing diff`` prints and the Changes tab lists.

Each :class:`Line` is a list of ``(text, style)`` pieces with semantic style names
("heading", "title", "id", "date", "del", "ins", ...) that the caller draws: the shell
commands with Rich on a terminal, the app with Textual ``Content``. With ``marks`` the
word differences carry ``[-old-]{+new+}`` markers, for plain text where colour cannot
show them. Each line may name the change it belongs to, so the tab can jump to it.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from ..data.records import Edition, MedalRow, Record
from . import words
from .changes import CATEGORIES, OURS_HEADING, Change, EditionDiff, paused_gc, record_date

#: How a pair was matched, when it is worth saying (through its paragraph, or a medal row's cells, goes without).
HOW = {"follows": "matched by its 'follows' link", "date": "matched by its date and key entity"}

#: A piece of a line: its text and a semantic style name ("" for none).
Piece = tuple[str, str]


class Line(NamedTuple):
    """One line of the diff, indented by ``indent`` spaces; ``change`` is the change it shows, if any."""

    pieces: list[Piece]
    indent: int = 0
    change: Any = None

    @property
    def plain(self) -> str:
        return " " * self.indent + "".join(text for text, _ in self.pieces)


def label(record: Record) -> str:
    """A record's one-line title; a medal row without its medal (the medal is what changes)."""
    if isinstance(record, MedalRow):
        return f"{record.company}, {record.satellite} ({record.sector})"
    return record.title


def _plural(count: int, one: str, many: str | None = None) -> str:
    return f"{count} {one if count == 1 else (many or one + 's')}"


def _edition_name(edition: Edition) -> str:
    return f"{edition.id} ({edition.report.period})" if edition.report.period else edition.id


def run_pieces(runs: list[words.Run], marks: bool) -> list[Piece]:
    """Word runs as pieces: deletions styled "del", insertions "ins"; markers around them when ``marks``."""
    pieces: list[Piece] = []
    for index, (op, text) in enumerate(runs):
        if index and not (marks and op == "+" and runs[index - 1][0] == "-"):  # [-old-]{+new+}, as git writes it
            pieces.append((" ", ""))
        if op == "-":
            pieces.append((f"{words.DELETED[0]}{text}{words.DELETED[1]}" if marks else text, "del"))
        elif op == "+":
            pieces.append((f"{words.INSERTED[0]}{text}{words.INSERTED[1]}" if marks else text, "ins"))
        else:
            pieces.append((text, ""))
    return pieces


def summary_lines(diff: EditionDiff) -> list[Line]:
    """The counts, before any detail: the report's changes first, then how many differ only in our wording."""
    c = diff.counts()
    total = c["report_changes"]
    first = (f"{_plural(total, 'change')} in the report's words" if total
             else "no change in the report's words")
    matched, reworded = diff.paragraphs
    rows = [
        f"{_plural(c['came_true'], 'planned event')} came true, {c['overdue']} now overdue",
        f"{_plural(c['date_refined'], 'date')} refined, {c['date_changed']} changed",
        f"{_plural(c['added'], 'new item')}, {c['dropped']} dropped; "
        f"{_plural(c['entities_first_seen'], 'entity', 'entities')} seen for the first time",
        f"medal table: {_plural(c['medal_changed'], 'row')} with another medal, {c['medal_added']} added, "
        f"{c['medal_removed']} removed",
        f"CNKI list: {_plural(c['article_moved'], 'article')} with other downloads or rank, "
        f"{c['article_added']} added, {c['article_dropped']} dropped",
        f"{_plural(c['reworded'], 'item')} reworded; {diff.unchanged} matched items unchanged",
        f"{_plural(matched, 'paragraph')} of the report matched, {reworded} with other words",
    ]
    lines = [Line([(first, "title")], 2)] + [Line([(text, "")], 4) for text in rows]
    lines.append(Line([(f"our wording differs on {_plural(len(diff.ours), 'item')}, "
                        f"{_plural(c['figures_changed'], 'key figure')} (listed last)", "dim")], 2))
    lines.append(Line([(f"notes: {c['notes_carried']} carried over, {c['notes_orphaned']} orphaned", "")], 2))
    return lines


def diff_lines(diff: EditionDiff, *, marks: bool, context: int = 6) -> list[Line]:
    """The whole diff: heading, notices, summary, then each section that has something in it."""
    with paused_gc():  # thousands of lines, while every record of both editions is alive
        return _diff_lines(diff, marks=marks, context=context)


def _diff_lines(diff: EditionDiff, *, marks: bool, context: int) -> list[Line]:
    lines = [Line([("Changes from ", "heading"), (_edition_name(diff.old), "heading"), (" to ", "heading"),
                   (_edition_name(diff.new), "heading")])]
    for notice in diff.notices:
        lines.append(Line([("note: ", "orphan"), (notice, "")]))
    lines.append(Line([]))
    lines.append(Line([("Summary", "heading")]))
    lines.extend(summary_lines(diff))
    for category, heading in CATEGORIES.items():
        changes = diff.in_category(category)
        if changes:
            lines.append(Line([]))
            lines.append(Line([(heading, "heading")]))
            for change in changes:
                lines.extend(change_lines(change, marks=marks, context=context))
        if category == "medal_removed":  # the tallies close the medal table's changes
            lines.extend(_medal_tallies(diff))
    if diff.entities:
        lines += [Line([]), Line([("Entities seen for the first time", "heading")])]
        for entity in diff.entities:
            lines.append(Line([(entity.name, "title"), (f" ({entity.kind}), first in ", "dim"),
                               (entity.first.key, "id")], 2, entity))
    lines.extend(_notes(diff))
    lines.extend(ours_lines(diff, full=not context, marks=marks))
    return lines


def ours_lines(diff: EditionDiff, *, full: bool = False, marks: bool = True) -> list[Line]:
    """Differences only in what we wrote, apart and collapsed: one line each (``full``: with word diffs)."""
    if not diff.ours and not diff.figures:
        return []
    lines = [Line([]), Line([(OURS_HEADING, "heading")])]
    for change in diff.ours:
        record = change.record
        head: list[Piece] = [(label(record), "dim"), ("  ", ""), (", ".join(change.fields), "label"), ("  ", "")]
        if change.old is not None:
            head += [("was ", "dim"), (change.old.key, "id")]
        if change.new is not None:
            head += [("  now " if change.old is not None else "now ", "dim"), (change.new.key, "id")]
        lines.append(Line(head, 2, change))
        if full:
            for text in change.texts:
                lines.append(Line([(f"{text.field}: ", "label"), *run_pieces(text.runs, marks)], 4, change))
    for figure in diff.figures:
        before = figure.old if figure.old is not None else "(not in the old edition)"
        after = figure.new if figure.new is not None else "(not in the new edition)"
        lines.append(Line([("key figure ", "dim"), (figure.label, "dim"), (": ", ""), (before, "del"), (" → ", ""),
                           (after, "ins")], 2))
    return lines


def _medal_tallies(diff: EditionDiff) -> list[Line]:
    changed = [tally for tally in diff.tallies if tally.changed]
    countries = [row for row in diff.countries if row[1] != row[2]]
    if not changed and not countries:
        return []
    lines = [Line([]), Line([("Medal tallies by company (Gold/Silver/Bronze)", "heading")])]
    for tally in changed:
        lines.append(Line([(tally.company, "title"), ("  ", ""), ("/".join(map(str, tally.before)), "del"),
                           (" → ", ""), ("/".join(map(str, tally.after)), "ins")], 2))
    same = len(diff.tallies) - len(changed)
    if same:
        lines.append(Line([(f"{_plural(same, 'other company', 'other companies')}: tallies unchanged", "dim")], 2))
    for country, before, after in countries:
        lines.append(Line([(f"{country} in the whole table", "title"), ("  ", ""),
                           (str(before) if before is not None else "none", "del"), (" → ", ""),
                           (str(after) if after is not None else "none", "ins")], 2))
    return lines


def change_lines(change: Change, *, marks: bool, context: int = 6) -> list[Line]:
    """One change: a line saying what changed, the keys of both records, then its text changes."""
    record = change.record
    head: list[Piece] = []
    if change.date is not None:
        head += [(change.date.old.display(), "del"), (" → ", ""), (change.date.new.display(), "ins"), ("  ", "")]
    elif change.category in ("came_true", "overdue", "added", "dropped") and _date(record):
        head += [(_date(record), "date"), ("  ", "")]
    if change.medal is not None:
        head += [(change.medal[0], "del"), (" → ", ""), (change.medal[1], "ins"), ("  ", "")]
    elif change.dataset == "medals":
        head += [(record.medal, "dim"), ("  ", "")]  # type: ignore[union-attr]
    if change.rank is not None:
        head += [(_rank(change.rank[0]), "del"), (" → ", ""), (_rank(change.rank[1]), "ins"), ("  ", "")]
    if change.downloads is not None:
        head += [(_number(change.downloads[0]), "del"), (" → ", ""), (_number(change.downloads[1]), "ins"),
                 (" downloads  ", "")]
    head.append((label(record), "title"))
    if change.status is not None:
        head += [("  ", ""), (change.status[0], "del"), (" → ", ""), (change.status[1], "ins")]
    elif change.category == "overdue":
        head += [("  ", ""), ("planned, date passed", "planned")]
    if change.category == "ours":
        head += [("  ", ""), (f"our wording differs: {', '.join(change.fields)}", "dim")]
    lines = [Line(head, 2, change)]
    keys: list[Piece] = []
    if change.old is not None:
        keys += [("was ", "dim"), (change.old.key, "id")]
    if change.new is not None:
        keys += [("  now " if keys else "now ", "dim"), (change.new.key, "id")]
    if change.how in HOW:
        keys.append((f"  ({HOW[change.how]})", "dim"))
    lines.append(Line(keys, 4, change))
    if change.related:
        on: list[Piece] = [("on it: ", "dim")]
        for number, record in enumerate(change.related):
            on += [(", " if number else "", "dim"), (label(record), ""), (" ", ""), (record.key, "id")]
        lines.append(Line(on, 4, change))
    for text in change.texts:
        runs = words.shortened(text.runs, context) if context else text.runs
        lines.append(Line([(f"{text.field}: ", "label"), *run_pieces(runs, marks)], 4, change))
    return lines


def _date(record: Record) -> str:
    date = record_date(record)
    return date.display() if date is not None else ""


def _rank(rank: int | None) -> str:
    return f"#{rank}" if rank is not None else "—"


def _number(value: int | None) -> str:
    return f"{value:,}" if value is not None else "—"


def _notes(diff: EditionDiff) -> list[Line]:
    lines: list[Line] = []
    if diff.carried:
        lines += [Line([]), Line([("Notes carried over", "heading")])]
        for carried in diff.carried:
            note = carried.note
            head: list[Piece] = [("on ", "dim"), (carried.new.key, "id"),
                                 (f"  written on {note.edition}, on {note.id}", "dim")]
            if note.flagged:
                head.append(("  flagged", "flag"))
            lines.append(Line(head, 2, carried))
            if note.text.strip():
                lines.append(Line([(" ".join(note.text.split()), "")], 4, carried))
    if diff.orphans:
        lines += [Line([]), Line([("Notes whose item is gone", "heading")])]
        for orphan in diff.orphans:
            where = (f"  not in {diff.new.id}" if orphan.old is not None else f"  not in {diff.old.id}")
            head = [(orphan.note.key, "id"), (where, "orphan")]
            if orphan.note.flagged:
                head.append(("  flagged", "flag"))
            lines.append(Line(head, 2, orphan))
            if orphan.note.text.strip():
                lines.append(Line([(" ".join(orphan.note.text.split()), "")], 4, orphan))
    return lines
