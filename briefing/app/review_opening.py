"""Opening the Review screen: ``R`` on a draft edition, or ``briefing review EDITION`` at start.

When the review changed an edition's files (an edit, a reject, an event made), the editions
are loaded again before the record asked for is opened, so the app shows what the files now hold.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable

if TYPE_CHECKING:
    from textual.app import App

    from ..model.data.model import Model
    from ..model.store.opening import LoadResult


class ReviewOpening:
    """Which draft the editions shown hold, and the Review screen over them; the App asks, and is called back."""

    def __init__(self, app: App, data: list[str] | None, at_start: Path | None, reload: Callable[[], LoadResult],
                 loaded: Callable[[LoadResult], None], jump: Callable[[str], None]) -> None:
        """``at_start``: the draft ``briefing review EDITION`` opens; ``reload`` reads the editions again
        after the review changed one, ``loaded`` publishes them, ``jump`` opens the record asked for."""
        self._app, self._data, self._at_start = app, data, at_start
        self._reload, self._loaded, self._jump = reload, loaded, jump
        #: The model the draft was last looked for in, and the draft found: R's check runs on every
        #: footer refresh, and looks at the folders only when the editions shown change.
        self._draft_for: tuple[object, Path | None] = (None, None)

    def draft_shown(self, model: Model | None) -> Path | None:
        """The folder of the draft among ``model``'s editions (the first, when several are drafts)."""
        if model is None:
            return None
        if self._draft_for[0] is not model:
            from ..model.draft.review_places import draft_folders
            from ..model.library.catalog import data_paths  # the paths the app loads from, found as it finds them

            shown = {edition.id for edition in model.editions}
            drafts = draft_folders(data_paths(self._data))
            self._draft_for = (model, next((f for i, f in drafts.items() if i in shown), None))
        return self._draft_for[1]

    def open_at_start(self) -> None:
        if self._at_start is not None:
            self.open(self._at_start)

    def open(self, folder: Path) -> None:
        from .screens.review_screen import ReviewScreen

        self._app.push_screen(ReviewScreen(folder), self._closed)

    @property
    def is_open(self) -> bool:
        """True while the Review screen is on top: the app-wide keys that change the main screen's view
        (E, F, p) wait until it is closed."""
        return getattr(self._app.screen, "REVIEWS_A_DRAFT", False)  # not imported for this: it loads on R

    def _closed(self, closed: Any) -> None:
        if closed is None:
            return
        if closed.changed:
            self._loaded(self._reload())
        if closed.key is not None:
            self._app.call_after_refresh(self._jump, closed.key)
