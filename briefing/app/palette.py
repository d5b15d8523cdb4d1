"""Search everything from the command palette: any news item, medal row, article or event by its words.

Textual's fuzzy matcher and the palette's help line both read their strings as markup,
so hits are displayed as :class:`Content` built from plain text, with our own match
highlighting, and no data string is ever handed to either.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.command import Hit, Hits, Provider
from textual.content import Content

from ..model.store.ranking import query_words
from ..model.store.search import Search, searcher
from ..model.data.text import match_spans

if TYPE_CHECKING:
    from .app import BriefingApp

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
    """Palette hits from the app's search index; choosing one jumps to the record."""

    @property
    def briefing(self) -> "BriefingApp":
        return self.app  # type: ignore[return-value]

    def _get_index(self) -> Search | None:
        model = self.briefing.model
        if model is None:
            return None
        cached = getattr(self.briefing, "_search_index", None)
        if cached is not None and cached[0] is model:
            return cached[1]
        notes = {} if self.briefing.presenter else {
            key: note.text for key, note in getattr(self.briefing, "notes", {}).items()
        }
        controller = getattr(self.briefing, "notes_controller", None)
        if controller is not None and not self.briefing.presenter:
            for key, shared in controller.team.items():  # the team's notes are searched with their items too
                notes[key] = "\n".join(filter(None, [notes.get(key, ""), *(n.text for n in shared)]))
        index = searcher(model, notes)
        self.briefing._search_index = (model, index)
        return index

    async def search(self, query: str) -> Hits:
        words = query_words(query)
        if not words:
            return
        index = self._get_index()
        if index is None:
            return
        for hit in index.search(query, limit=MAX_HITS):
            record = hit.record
            yield Hit(
                score=1.0 - hit.rank / 4,
                match_display=hit_display(record, words),
                command=lambda key=record.key: self.briefing.jump_to(key),
                text=record.title,
            )
