"""The briefing App: loads the editions, binds the app-wide keys and publishes the view state.

It stays thin on purpose. The tabs and their hosting live in ``screens/main_screen.py``,
the tabs in ``tabs/``, how loading goes in ``loading.py``; tabs are handed a
:class:`ViewState` and ask for navigation with messages (``messages.py``).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Mapping

from textual import on, work
from textual.app import App
from textual.binding import Binding
from textual.reactive import reactive

from ..model.library.catalog import data_paths_and_problems
from ..model.library.status import Status, statuses_of
from ..model.store.opening import LoadResult
from ..model.data.model import Model
from ..model.data.records import Record
from ..model.notes.notebook import Note, Notebook
from .loading import LoadsInSteps, open_at_once, stop_compiling
from .followups_controller import FollowupsController
from .messages import JumpTo, RecordOutcome
from .notes_controller import NotesController
from .palette import RecordSearchProvider, briefing_commands, open_palette
from .review_opening import OpensReview
from .screens.main_screen import MainScreen
from .tab_registry import TABS
from .tabs.base import BriefingTab
from .view_state import FILTER_NOTICES, MARKED_FILTERS, ViewState

if TYPE_CHECKING:  # the diff package is imported only once two editions are matched
    from ..model.diff.carried import CarriedOver


class BriefingApp(LoadsInSteps, OpensReview, App):
    """Browse one or more report editions in tabs."""

    CSS_PATH = "app.tcss"
    TITLE = "briefing"
    COMMANDS = App.COMMANDS | {RecordSearchProvider}
    COMMAND_PALETTE_BINDING = "ctrl+p"

    BINDINGS = [
        *[Binding(spec.key, f"screen.show_tab('{spec.id}')", spec.title, show=False) for spec in TABS],
        Binding("question_mark", "screen.help", "Help"),
        # On the highlighted item: carried out by the main screen, which hosts the tabs.
        Binding("e", "screen.entities", "Entities"),
        Binding("n", "screen.note", "Note"),
        Binding("f", "screen.flag", "Flag"),
        Binding("y", "screen.copy", "Copy"),
        Binding("Y", "screen.write_citation", "Citation to file", show=False),
        Binding("F", "cycle_marked", "Only flagged/noted", show=False),
        Binding("S", "screen.share", "Share with the team / take back", show=False),
        Binding("p", "toggle_presenter", "Presenter mode", show=False),
        Binding("E", "choose_edition", "Edition", show=False),
        Binding("R", "review", "Review the draft", show=False),
        Binding("q", "quit", "Quit"),
    ]

    #: The model the tabs show: every edition, or the one chosen with ``E``.
    model: reactive[Model | None] = reactive(None, init=False, always_update=True)
    presenter: reactive[bool] = reactive(False, init=False)
    marked_filter: reactive[str] = reactive("all", init=False)

    def __init__(self, data: list[str] | None = None, edition: str | None = None, *, present: bool = False,
                 load_result: LoadResult | None = None, review: Path | None = None) -> None:
        super().__init__()
        self._data, self._edition, self._load_result = data, edition, load_result
        self._review_folder = review  # briefing review EDITION: the Review screen opens at start
        self.full_model: Model | None = None
        self.loading = False  # True while only report.toml is in
        self.load_result: LoadResult | None = None
        self.edition_id: str | None = edition
        self.set_reactive(BriefingApp.presenter, present)
        self.notes_controller = NotesController(self, Notebook.default(), self.notes_changed)
        #: The plans' statuses and recording outcomes; its ``today`` may be fixed (tests, scripts).
        self.followups = FollowupsController(self, self.notes_changed)
        self.view = ViewState(presenter=present)
        #: Record key of each edition → key of the next edition's record continuing it; {} until matched.
        self.edition_links: Mapping[str, str] = {}
        paths, self._library_problems = data_paths_and_problems(data)
        #: Each edition's status (draft, reviewed, published), read from its folder (about a millisecond).
        self.statuses: Mapping[str, Status] = statuses_of(paths)
        #: The editions' whole matches by (old id, new id), for the Changes tab (small editions only).
        self.edition_matches: Mapping = {}
        self.main: MainScreen

    @property
    def notes(self) -> dict[str, Note]:
        return self.notes_controller.notes

    def get_default_screen(self) -> MainScreen:
        if self._load_result is None:
            self._load_result = open_at_once(self._data)
        if self._load_result is not None:
            self.set_reactive(BriefingApp.model, self._narrow(self._load_result.model))
        self.main = MainScreen(self._view(), self.notes_controller, self._start)
        return self.main

    def on_unmount(self) -> None:
        stop_compiling()

    def _start(self) -> None:
        """The main screen is mounted: load, or publish what was loaded before the first frame."""
        if self._library_problems:  # a link, a FIFO, a half-copied edition in the team's editions...
            from textual.content import Content

            count = len(self._library_problems)
            more = f" (and {count - 1} more)" if count > 1 else ""
            self.notify(Content(f"{self._library_problems[0]}{more}. 'briefing editions' lists every edition "
                                "and what was not read."), title="Editions", severity="warning", timeout=10)
        if self._load_result is not None:
            self.notes_controller.load()
            self._loaded(self._load_result)
        else:
            self._load()
        if self._review_folder is not None:
            self.open_review(self._review_folder)

    def _loaded(self, result: LoadResult) -> None:
        super()._loaded(result)
        self.followups.load(result.model)
        if len(result.model.editions) > 1:
            self._match_editions(result.model)

    @work(thread=True, exclusive=True, group="match-editions")
    def _match_editions(self, model: Model) -> None:
        """Match the editions' records off the UI thread, so notes follow their records (two 10,000-event
        editions take about a second); the notes are carried over each time the view is built."""
        from ..model.diff.carried import match_all

        links, matches = match_all(model.editions)
        if self.is_running:  # not when the user quit meanwhile
            self.call_from_thread(self._editions_matched, links, matches)

    def _editions_matched(self, links: Mapping[str, str], matches: Mapping) -> None:
        self.edition_links, self.edition_matches = links, matches
        self.notes_changed()

    # -- the view state ---------------------------------------------------------------------------

    def _view(self) -> ViewState:
        notes = self.notes_controller
        self.view = ViewState(self.model, self.full_model, self.notes, self.presenter, self.marked_filter,
                              self.loading, not notes.read_only, team=notes.team,
                              has_team=notes.team_folder is not None, carried=self._carried(),
                              statuses=self.statuses,
                              followups=self.followups.items, followups_as_of=self.followups.as_of,
                              links=self.edition_links, matches=self.edition_matches)
        return self.view

    def _carried(self) -> Mapping[str, CarriedOver]:
        """Your notes on earlier editions' records, on the records continuing them (see model/diff/carried.py)."""
        if not self.edition_links:
            return {}
        from ..model.diff.carried import carry_notes

        return carry_notes(self.edition_links, self.notes)

    def notes_changed(self) -> None:
        """Notes, flags, presenter mode, the marked filter or the model changed: publish a new view."""
        if self.is_running and hasattr(self, "main"):
            self.main.view = self._view()

    def _watch_setting(self, _: object) -> None:
        self.notes_changed()

    watch_model = watch_presenter = watch_marked_filter = _watch_setting

    # -- navigation -----------------------------------------------------------------------------

    @on(JumpTo)
    def _jump(self, message: JumpTo) -> None:
        self.jump_to(message.key)

    @on(RecordOutcome)
    def _record_outcome(self, message: RecordOutcome) -> None:
        self.followups.record(message.event, message.request)

    def jump_to(self, key: str) -> None:
        """Open the tab that lists the record ``key`` and put the cursor on it."""
        if (self.model is None or self.model.get(key) is None) and self.full_model is not None \
                and self.full_model.get(key) is not None:
            # The record is in another edition than the one shown: show all editions first.
            self.edition_id, self.model = None, self.full_model
        if self.model is None or self.model.get(key) is None:
            self.notify("That item is not in the loaded data.", severity="warning")
            return
        self.main.show_record(key)

    def current_record(self) -> Record | None:
        return self.main.current_record()

    def current_tab(self) -> BriefingTab | None:
        """The open tab (the bench and scripts ask)."""
        return self.main.current_tab()

    # -- app-wide keys -----------------------------------------------------------------------------

    def action_command_palette(self) -> None:
        open_palette(self)

    def get_system_commands(self, screen):
        editions = len(self.full_model.editions) if self.full_model else 0
        yield from briefing_commands(self.run_action, editions, self.presenter)
        # Textual's "Keys" opens its own panel of widget internals: ? is ours (issue 13, defect 8).
        yield from (c for c in super().get_system_commands(screen) if c.title != "Keys")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action != "quit" and self.main.is_mounted and self.main.too_small and self.screen is self.main:
            return False  # only q while the too-small notice covers the screen
        if action == "review":
            return self.review_available()
        if action in ("cycle_marked", "toggle_presenter", "choose_edition") and self.reviewing:
            return False
        # In presenter mode notes and flags are hidden, so there is nothing for F to filter by.
        return None if self.presenter and action == "cycle_marked" else True

    def action_toggle_presenter(self) -> None:
        self.presenter = not self.presenter
        self.notify("Presenter mode: notes and flags hidden." if self.presenter else "Presenter mode off.", timeout=2)

    def action_cycle_marked(self) -> None:
        self.marked_filter = MARKED_FILTERS[(MARKED_FILTERS.index(self.marked_filter) + 1) % len(MARKED_FILTERS)]
        self.notify(FILTER_NOTICES[self.marked_filter], timeout=2)

    def action_choose_edition(self) -> None:
        if self.full_model is None or len(self.full_model.editions) < 2:
            self.notify("Only one edition is loaded.")
            return
        from .screens.edition_screen import EditionScreen

        self.push_screen(EditionScreen(self.full_model, self.edition_id, self.statuses), self._edition_chosen)

    def _edition_chosen(self, choice: str | None) -> None:
        if choice is not None and self.full_model is not None:
            self.edition_id = choice or None
            self.model = self.full_model.only(choice) if choice else self.full_model


def make_app(data: list[str] | None = None, edition: str | None = None, *, present: bool = False,
             load_result: LoadResult | None = None, review: Path | None = None) -> BriefingApp:
    """Build the app; shared by the command line, the tests and the screenshot script."""
    return BriefingApp(data, edition, present=present, load_result=load_result, review=review)
