"""The briefing App: loads the editions (``loading.py``), holds the view's settings, publishes the view state."""

from __future__ import annotations

import gc
from pathlib import Path

# Importing the app and Textual builds tens of thousands of classes, functions and constants
# that live as long as the process; a collection midway walks them all and frees nothing
# (about a tenth of the import's CPU). So, as from get_default_screen to the first frame, the
# collector waits until they are in (issue 31's start-up budget).
_collecting = gc.isenabled()
gc.disable()
try:
    from textual import events, on
    from textual.app import App
    from textual.binding import Binding
    from textual.reactive import reactive

    from ..model.data.model import Model
    from ..model.notes.notebook import Notebook
    from ..model.store.opening import LoadResult
    from .edition_links import EditionLinks
    from .followups_controller import FollowupsController
    from .loading import EditionsLoader, stop_compiling
    from .messages import JumpTo
    from .notes_controller import NotesController
    from .palette import RecordSearchProvider, open_palette, system_commands
    from .review_opening import ReviewOpening
    from .screens.main_screen import MainScreen
    from .tab_registry import TABS
    from .type_ahead import TypeAhead
    from .view_state import FILTER_NOTICES, MARKED_FILTERS, ViewState
finally:
    # And never after: frozen, they are out of every collection's walk. Merely enabled, the next
    # allocation began a collection of the youngest generation, which held all of them (under 1%
    # of the start-up's instructions).
    gc.freeze()
    if _collecting:
        gc.enable()


class BriefingApp(App):
    """Browse one or more report editions in tabs."""

    CSS_PATH = "app.tcss"
    TITLE = "briefing"
    COMMANDS = App.COMMANDS | {RecordSearchProvider}
    COMMAND_PALETTE_BINDING = "ctrl+p"

    BINDINGS = [
        *[Binding(spec.key, f"screen.show_tab('{spec.id}')", spec.title, show=False) for spec in TABS],
        Binding("q", "quit", "Quit"),
    ]

    #: The model the tabs show: every edition, or the one chosen with ``E``.
    model: reactive[Model | None] = reactive(None, init=False, always_update=True)
    presenter: reactive[bool] = reactive(False, init=False)
    marked_filter: reactive[str] = reactive("all", init=False)

    def __init__(self, data: list[str] | None = None, edition: str | None = None, *, present: bool = False,
                 load_result: LoadResult | None = None, review: Path | None = None) -> None:
        super().__init__()
        self.loader = EditionsLoader(data, edition, load_result)
        self.review = ReviewOpening(self, data, review, self.loader.reload, self._loaded,
                                    lambda key: self.main.jump_to(key))
        self.full_model: Model | None = None
        self.load_result: LoadResult | None = None
        self.loading = self.painted = False  # True while only report.toml is in; once the first frame is shown
        self.set_reactive(BriefingApp.presenter, present)
        self.notes_controller = NotesController(self, Notebook.default(), self.notes_changed)
        self.followups = FollowupsController(self, self.notes_changed)  # its today may be fixed (tests, scripts)
        self.editions = EditionLinks()
        self.type_ahead = TypeAhead()

    def get_default_screen(self) -> MainScreen:
        gc.disable()  # until the first frame is shown (on_ready): what is built for it lives as long as the app
        if (result := self.loader.open_at_once()) is not None:
            self.set_reactive(BriefingApp.model, self.loader.narrow(result.model))
        self.main = MainScreen(self._view(), self.notes_controller, self.followups, self.review, self._start,
                               self._show_edition)
        return self.main

    def on_unmount(self) -> None:
        stop_compiling()
        gc.enable()  # when it quits before its first frame

    def _start(self) -> None:
        """The main screen is mounted: load, or publish what was loaded before the first frame."""
        self.loader.load(self, self.notes_controller.load, self._previewed,
                         lambda text: self.main.show_progress(text if self.loading else None), self._loaded)
        self.review.open_at_start()

    def _previewed(self, preview: LoadResult) -> None:
        if self.load_result is None:  # else the full load won the race
            self.loading = True
            self.model = self.loader.narrow(preview.model)

    def _loaded(self, result: LoadResult) -> None:
        gc.freeze()  # the model lives as long as the app: no full collection walks it mid-keystroke
        self.load_result, self.full_model, self.loading = result, result.model, False
        self.main.show_progress(None)
        for notice, title in self.loader.notices(result):
            self.notify(notice, title=title, severity="warning", timeout=10)
        self.model = self.loader.narrow(result.model)
        if self.painted:
            self.on_ready()

    def _view(self) -> ViewState:
        notes, editions = self.notes_controller, self.editions
        self.view = ViewState(self.model, self.full_model, notes.notes, self.presenter, self.marked_filter,
                              self.loading, not notes.read_only, team=notes.team,
                              has_team=notes.team_folder is not None, carried=editions.carried(notes.notes),
                              statuses=self.loader.statuses, followups=self.followups.items,
                              followups_as_of=self.followups.as_of, links=editions.links, matches=editions.matches,
                              painted=self.painted)
        return self.view

    def on_ready(self) -> None:
        """The first frame is shown (or, after it, the editions are in): collections, the threads and the
        Overview's pictures may come now. A thread started sooner takes the interpreter from the first frame."""
        gc.enable()
        self.painted = True
        self.main.call_later(self.main.after_first_frame)
        if (model := self.full_model) is not None:
            self.followups.load(model)
            self.editions.match(self, model, self.notes_changed)
        self.notes_changed()

    def notes_changed(self, _setting: object = None) -> None:
        """Notes, flags, presenter mode, the marked filter or the model changed: publish a new view."""
        if self.is_running and hasattr(self, "main"):
            self.main.view = self._view()

    watch_model = watch_presenter = watch_marked_filter = notes_changed

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key) and not event.is_forwarded and self.type_ahead.read(event, self):
            return  # read from the terminal behind keys that wait to be handed on (app/type_ahead.py)
        await super().on_event(event)

    def on_key(self, event: events.Key) -> None:
        """A key back up from the widget it was handed to, before the App's bindings run for it."""
        if self.type_ahead.redirect(event, self):
            event.prevent_default()  # the text box's letter, not a binding of the list it was handed to

    @on(JumpTo)
    def _jump(self, message: JumpTo) -> None:
        self.main.jump_to(message.key)  # from the palette and the tabs: the main screen carries it out

    action_command_palette = open_palette
    get_system_commands = system_commands

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action != "quit" and self.main.is_mounted and self.main.too_small and self.screen is self.main:
            return False  # only q while the too-small notice covers the screen
        if action in ("cycle_marked", "toggle_presenter") and self.review.is_open:
            return False
        # In presenter mode notes and flags are hidden, so there is nothing for F to filter by.
        return None if self.presenter and action == "cycle_marked" else True

    def action_toggle_presenter(self) -> None:
        self.presenter = not self.presenter
        self.notify("Presenter mode: notes and flags hidden." if self.presenter else "Presenter mode off.", timeout=2)

    def action_cycle_marked(self) -> None:
        self.marked_filter = MARKED_FILTERS[(MARKED_FILTERS.index(self.marked_filter) + 1) % len(MARKED_FILTERS)]
        self.notify(FILTER_NOTICES[self.marked_filter], timeout=2)

    def _show_edition(self, choice: str | None) -> None:
        """Show the edition ``choice`` alone, or every edition for ``""``; None leaves the view as it is."""
        if choice is not None and self.full_model is not None:
            self.model = self.full_model.only(choice) if choice else self.full_model


#: Builds the app: the name the command line, the tests and the screenshot script call.
make_app = BriefingApp
