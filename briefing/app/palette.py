"""Search everything from the command palette: any news item, medal row, article or event by its words.

Textual's fuzzy matcher and the palette's help line both read their strings as markup,
so hits are displayed as :class:`Content` built from plain text, with our own match
highlighting, and no data string is ever handed to either.
"""

from __future__ import annotations

from typing import cast

from textual.command import Hit, Hits, Provider
from textual.content import Content

from ..model.data.text import match_spans
from ..model.store.ranking import query_words
from .messages import JumpTo
from .view_state import ShowsView

DATASET_LABELS = {"news": "News", "medals": "Medal", "articles": "CNKI", "events": "Event"}
MAX_HITS = 40


def hit_display(record, words: list[str]) -> Content:
    """Title with matches highlighted, and a dim line saying what and when."""
    title = record.title
    content = Content(title)
    for start, end in match_spans(title, words):
        content = content.stylize("bold $text-accent underline", start, end)
    detail = DATASET_LABELS.get(record.dataset, record.dataset)
    date = getattr(record, "date", None) or getattr(record, "first_date", None)
    if date is not None:
        detail += f" · {date.display()}"
    detail += f" · {record.edition}/{record.id}"
    return Content.assemble(content, "\n", Content(detail).stylize("dim"))


class RecordSearchProvider(Provider):
    """Palette hits from the view's search index; choosing one asks the App to jump to the record."""

    async def search(self, query: str) -> Hits:
        words = query_words(query)
        if not words:
            return
        # The index belongs to the view state the App published: a new model or new notes
        # make a new view, and with it a new index, so nothing here is cached or written.
        index = cast(ShowsView, self.app).view.search_index
        if index is None:
            return
        for hit in index.search(query, limit=MAX_HITS):
            record = hit.record
            yield Hit(
                score=1.0 - hit.rank / 4,
                match_display=hit_display(record, words),
                command=lambda key=record.key: self.app.post_message(JumpTo(key)),
                text=record.title,
            )
