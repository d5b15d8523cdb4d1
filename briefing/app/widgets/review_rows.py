"""What the Review screen draws: a row of its list, and the pane about the highlighted value or sentence.

Built from :class:`rich.text.Text` (rows) and :class:`Content` (the pane) of plain strings: the
values, the report's sentences and the reasons are data, never markup.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from rich.text import Text
from textual.content import Content

from ...model.draft.review_values import ReviewValue

#: The mark before a value in the list, by decision; ``…`` while its decision is being saved.
MARKS = {None: "·", "accepted": "✓", "edited": "✎", "rejected": "✗"}


class Row(NamedTuple):
    kind: str  # "record", "value", "undrafted-head", "sentence"
    payload: Any

    @property
    def id(self) -> str | None:
        """The value's or the sentence's id (what the cursor stays on as rows change)."""
        return self.payload.id if self.kind in ("value", "sentence") else None


def row_text(row: Row, width: int, pending: bool) -> Text:
    """One line of the list, ``width`` cells wide: a record, a value (with its mark and confidence), a sentence."""
    if row.kind == "record":
        return Text.assemble((row.payload.record, "bold"), (f"  {row.payload.file}", "dim"))
    if row.kind == "undrafted-head":
        count = row.payload
        return Text(f"Not drafted: {count} sentence{'s' if count != 1 else ''} with a date or a name and no record "
                    "(m makes an event)", style="bold")
    if row.kind == "sentence":
        return Text.assemble(("  ? ", "bold"), row.payload.text)
    value: ReviewValue = row.payload
    mark = "…" if pending else MARKS.get(value.decision, "·")
    style = "dim" if value.reviewed and not pending else ""
    confidence = f"{value.confidence:.2f}"
    label = f"  {mark} {value.field} "
    room = max(width - len(label) - len(confidence) - 2, 8)
    shown = value.value if len(value.value) <= room else value.value[:room - 1] + "…"
    return Text.assemble((label, style), (shown, style or "bold"),
                         " " * max(1, width - len(label) - len(shown) - len(confidence) - 1), (confidence, "dim"))


def value_content(session: Any, value: ReviewValue, pending: bool) -> Content:
    """The pane for a value: what it is, how sure, why doubtful, the sentence with its span marked, where."""
    sentence = session.sentence(value)
    if pending:
        state = ("saving…", "$text-muted")
    elif value.decision:
        state = (value.decision, "bold $text-success" if value.decision != "rejected" else "bold $text-error")
    else:
        state = ("not decided", "$text-warning")
    lines = [
        Content.assemble((value.field, "bold"), " = ", (value.value, "bold $text-accent")),
        Content.assemble(("confidence ", "$text-muted"), (f"{value.confidence:.2f}", "bold"), " · ", state,
                         ("  · was " + value.drafted, "$text-muted") if value.drafted else ""),
        Content.assemble(("why ", "$text-muted"), session.why(value)),
    ]
    if sentence.text:
        quoted = Content(sentence.text)
        if sentence.end > sentence.start:
            quoted = quoted.stylize("bold reverse", sentence.start, sentence.end)
        lines.append(Content.assemble("“", quoted, "”"))
    else:
        lines.append(Content("(no sentence: read from the table or the title)").stylize("$text-muted"))
    lines.append(Content(f"{value.file} · {value.record} · {value.id}").stylize("$text-muted"))
    return Content("\n").join(lines)


def sentence_content(sentence: Any) -> Content:
    """The pane for a sentence the drafter read past, its dates and names marked."""
    quoted = Content(sentence.text)
    for start, end, *_ in (*sentence.dates, *sentence.names):
        quoted = quoted.stylize("bold reverse", start, end)
    return Content("\n").join([
        Content.assemble(("Not drafted", "bold"), " · ", sentence.why),
        Content.assemble("“", quoted, "”"),
        Content(f"from {sentence.item} · m makes an event from it (date and names filled in)").stylize("$text-muted"),
    ])
