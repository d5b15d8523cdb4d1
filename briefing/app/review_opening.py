"""Opening the Review screen: ``R`` on a draft edition, or ``briefing review EDITION`` at start.

Mixed into the App, which knows the data paths and the editions shown. When the review
changed an edition's files (an edit, a reject, an event made), the editions are loaded
again before the record asked for is opened, so the app shows what the files now hold.
"""

from __future__ import annotations

from pathlib import Path


class OpensReview:
    """``R`` and the review's return; mixed into :class:`BriefingApp` (uses its ``_data``, ``model``)."""

    _review_folder: Path | None = None
    #: The model the draft was last looked for in, and the draft found: R's check runs on every
    #: footer refresh, and looks at the folders only when the editions shown change.
    _draft_for: tuple[object, Path | None] = (None, None)

    def draft_shown(self) -> Path | None:
        """The folder of the draft among the editions shown (the first, when several are drafts)."""
        if self.model is None:
            return None
        if self._draft_for[0] is not self.model:
            from ..model.draft.review_places import draft_folders
            from .loading import data_paths  # the paths the app loads from, found as it finds them

            shown = {edition.id for edition in self.model.editions}
            drafts = draft_folders(data_paths(self._data))
            self._draft_for = (self.model, next((f for i, f in drafts.items() if i in shown), None))
        return self._draft_for[1]

    def action_review(self) -> None:
        folder = self.draft_shown()
        if folder is not None:  # else the key is off (check_action), and out of the help
            self.open_review(folder)

    def open_review(self, folder: Path) -> None:
        from .screens.review_screen import ReviewScreen

        self.push_screen(ReviewScreen(folder), self._review_closed)

    @property
    def reviewing(self) -> bool:
        """True while the Review screen is on top: the app-wide keys that change the main screen's view
        (E, F, p) wait until it is closed."""
        return getattr(self.screen, "REVIEWS_A_DRAFT", False)  # not imported for this: it loads on R

    def review_available(self) -> bool:
        """R works: a draft is shown, and the main screen is on top."""
        return self.screen is self.main and self.draft_shown() is not None

    def _review_closed(self, closed) -> None:
        if closed is None:
            return
        if closed.changed:
            from ..model.store.opening import open_model
            from .loading import data_paths

            self._loaded(open_model(data_paths(self._data)))
        if closed.key is not None:
            self.call_after_refresh(self.jump_to, closed.key)
