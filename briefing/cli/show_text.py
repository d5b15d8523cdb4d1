"""``briefing show ID`` as text: one record drawn in full, with its links and notes (JSON is show_cmd's)."""

from __future__ import annotations

from typing import Any

from ..model.data.model import Model
from ..model.data.records import ENTITY_KINDS, Article, Event, MedalRow, NewsItem, Record, ReportPart
from .context import display_id, record_date, record_title
from .output import Column, Output, Styled


def text_of(record: Record) -> str:
    """The report's words the record quotes (a medal row has none beyond its cells)."""
    if isinstance(record, (NewsItem, Event, ReportPart)):
        return record.text
    return record.summary if isinstance(record, Article) else ""


def _marked(text: str, model: Model) -> list[Styled]:
    """``text`` with each known slip followed by a dim "[sic: correction]" (ours)."""
    corrections = model.aliases.corrections_in(text)
    if not corrections:  # most texts: the aliases module, and the TOML schema it loads, stay unimported
        return [Styled(text)] if text else []
    from ..model.data.aliases import corrected

    return [Styled(piece.text, "dim" if piece.ours else "") for piece in corrected(text, corrections) if piece.text]


def draw(out: Output, model: Model, record: Record, links: dict[str, Any], note: Any) -> None:
    out.heading(record_title(record))
    out.line([Styled(_kind_name(record), "kind"), "  ", Styled(display_id(model, record), "id")])
    out.blank()
    fields: list[tuple[str, Any]] = []
    text = ""
    if isinstance(record, NewsItem):
        report = model.report_for(record)
        fields += [("Section", report.section_path(record.section) or record.section),
                   ("Dates", ", ".join(d.display() for d in record.dates) or "-")]
        if record.tags:
            fields.append(("Tags", ", ".join(record.tags)))
        text = record.text
    elif isinstance(record, MedalRow):
        edition = model.edition(record.edition)
        total = len(edition.medals) if edition else 0
        fields += [("Medal", Styled(record.medal, "number")), ("Sector", record.sector),
                   ("Company", record.company), ("Satellite", record.satellite),
                   ("Row", f"{record.order + 1} of {total} in the report's table")]
    elif isinstance(record, Article):
        edition = model.edition(record.edition)
        ranked = sorted(edition.articles if edition else (), key=lambda a: -a.downloads)
        place = next((i for i, a in enumerate(ranked, 1) if a.key == record.key), 0)
        fields += [("Theme", record.theme), ("Institution", record.institution or "not stated in the report"),
                   ("Downloads", f"{record.downloads:,} ({_ordinal(place)} most downloaded of {len(ranked)})")]
        text = record.summary
    elif isinstance(record, Event):
        when = record.date.display() + ("" if record.date.is_exact else " (approximate)")
        fields += [("Date", Styled(when, "date"))]
        if record.date_note:
            fields.append(("Date from", Styled(f"{record.date_note} (editor's note)", "dim")))
        fields += [
                   ("Status", Styled("planned", "planned") if record.planned else record.status),
                   ("Category", record.category)]
        text = record.text
    elif isinstance(record, ReportPart):
        fields += _part_fields(model, record)
        text = record.text if not record.ours else ""
    if len(model.editions) > 1:
        fields.append(("Edition", record.edition))
    out.fields(fields)
    if isinstance(record, ReportPart) and text:
        out.blank()
        out.heading("The report's words")
        out.paragraph(_marked(text, model), indent=2)
    elif text:
        out.blank()
        out.paragraph(_marked(text, model))
    if record.entities:
        out.blank()
        out.fields((ENTITY_KINDS[kind], _names(getattr(record.entities, kind), model))
                   for kind in ENTITY_KINDS if getattr(record.entities, kind))
    edition = model.edition(record.edition)
    relations = edition.relations_of(record.entities.names()) if edition is not None else ()
    if relations:
        out.blank()
        out.heading("Relations the report states")
        out.fields(((r.subject, [r.relation, " ", r.object, Styled(f"  ({r.source})", "dim")]) for r in relations),
                   indent=2)
    for editor_note in model.aliases.notes_for(record.key):
        out.blank()
        out.line(Styled("Editor's note (ours, not the report's)", "heading"))
        out.paragraph(editor_note, indent=2)
    _draw_links(out, model, record, links)
    if note is not None:
        draw_note(out, note, "Your note")


def _part_fields(model: Model, part: ReportPart) -> list[tuple[str, Any]]:
    """What a part of the report is, saying which words are the report's and which are ours."""
    report = model.report_for(part)
    if part.kind == "introduction":
        number = part.order + 1
        return [("Part", f"the report's introduction, paragraph {number} of {len(report.introduction)}"),
                ("Title", Styled("ours; the paragraph below is the report's", "dim"))]
    if part.kind == "figure":
        figure = next((f for f in report.figures if f.id == part.id), None)
        if figure is None:
            return [("Figure", part.text)]
        return [("Value", Styled(figure.value, "number")), ("Detail", figure.detail),
                ("Words", Styled("ours: a key figure of the Overview, summing up the report's item below; "
                                 "not the report's words", "dim"))]
    section = report.section(part.id)
    fields: list[tuple[str, Any]] = [("Heading", Styled("the report's words, below", "dim"))]
    if section is not None and section.parent:
        fields.append(("Under", report.section_path(section.parent)))
    if section is not None:
        fields.append(("Part of the report", section.kind))
    return fields


def draw_note(out: Output, note: Any, title: str) -> None:
    out.blank()
    stamp = note.updated.astimezone().strftime("%Y-%m-%d %H:%M")
    head: list[Any] = [Styled(title, "heading"), Styled(f"  updated {stamp}", "dim")]
    if note.flagged:
        head.append(Styled("  flagged", "flag"))
    out.line(head)
    if note.text:
        out.paragraph(note.text, indent=2)


def _names(names: tuple[str, ...], model: Model) -> list[Styled]:
    """``CMSA (also China Manned Space Agency, 中国载人航天工程办公室)``: other names dim, as they are ours."""
    pieces: list[Styled] = []
    for index, name in enumerate(names):
        if index:
            pieces.append(Styled(", "))
        pieces.append(Styled(name))
        other = model.aliases.of(name)
        if other:
            pieces.append(Styled(f" (also {', '.join(other)})", "dim"))
    return pieces


def _draw_links(out: Output, model: Model, record: Record, links: dict[str, Any]) -> None:
    source = links["source"]
    if source is not None:
        out.blank()
        label = "From the report's item" if not isinstance(record, MedalRow) else "Reviewed in"
        out.heading(label + ("s" if links.get("also") else ""))
        _record_rows(out, model, [source, *links.get("also", ())])
    if links.get("items"):
        out.blank()
        out.heading("Items under this heading")
        _record_rows(out, model, links["items"])
    if links["events"]:
        out.blank()
        out.heading("Events from this item")
        _record_rows(out, model, links["events"])
    if links["articles"]:
        out.blank()
        out.heading("CNKI articles from this item")
        _record_rows(out, model, links["articles"])
    if links["figures"]:
        out.blank()
        out.heading("Key figures from this item")
        out.fields(((f.label, [Styled(f.value, "number"), f" ({f.detail})"]) for f in links["figures"]),
                   indent=2)
    context = links["medal_context"]
    if context is not None:
        out.blank()
        out.heading("Around the medal table")
        counts = ", ".join(f"{c.country} {c.medals}" for c in context.counts)
        fields: list[tuple[str, Any]] = [("Source", context.source)]
        if counts:
            fields.append(("Medals in the whole table", counts))
        if context.sectors_without_chinese_medal:
            holders = ", ".join(context.holders_in_those_sectors)
            fields.append(("No Chinese medal in", ", ".join(context.sectors_without_chinese_medal)
                           + (f" (medals held by {holders})" if holders else "")))
        out.fields(fields, indent=2)
        if context.summary:
            out.paragraph(context.summary, indent=2)


def _record_rows(out: Output, model: Model, records: list[Record]) -> None:
    rows = []
    for item in records:
        date = record_date(item)
        rows.append([Styled(date.display() if date else "-", "date"),
                     Styled(record_title(item), "title"), Styled(display_id(model, item), "id")])
    out.table([Column("Date"), Column("Title", truncate=True), Column("ID")], rows, header=False, indent=2)


def _kind_name(record: Record) -> str:
    if isinstance(record, NewsItem):
        return {"news": "news item", "policy": "policy item", "magazine": "magazine item",
                "cnki": "CNKI item"}.get(record.kind, "news item")
    if isinstance(record, ReportPart):
        return {"introduction": "introduction paragraph", "figure": "key figure", "section": "section heading"}.get(
            record.kind, "part of the report")
    return {"medals": "medal table row", "articles": "CNKI article", "events": "timeline event"}[record.dataset]


def _ordinal(number: int) -> str:
    if 10 <= number % 100 <= 20:
        suffix = "th"
    else:
        suffix = {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"
