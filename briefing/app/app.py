"""The briefing App: loads the editions, binds the app-wide keys and builds each tab when first opened.

It stays thin on purpose. Tabs own their widgets and keys (``tabs/``), modal screens
live in ``screens/``, and everything about the data comes from the model package.
"""

from __future__ import annotations

import gc
import sys
import time
from pathlib import Path

from textual import events, on, work
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Container
from textual.geometry import Size
from textual.content import Content
from textual.reactive import reactive
from textual.widgets import ContentSwitcher, Footer, Static, Tab, Tabs

from ..model.store.opening import LoadResult
from ..model.locations import data_paths
from ..model.notes.notebook import Note, Notebook
from ..model.data.records import Model, Record
from .notes_controller import NotesController
from .palette import RecordSearchProvider
from .tab_registry import TABS, TabSpec, tab_for_dataset
from .tabs.base import BriefingTab

#: Below this size the layout cannot show a list and its reading pane; we say so instead.
MIN_WIDTH, MIN_HEIGHT = 40, 12


class BriefingApp(App):
    """Browse one or more report editions in tabs."""

    CSS_PATH = "app.tcss"
    TITLE = "briefing"
    COMMANDS = App.COMMANDS | {RecordSearchProvider}
    COMMAND_PALETTE_BINDING = "ctrl+p"

    BINDINGS = [
        *[Binding(spec.key, f"show_tab('{spec.id}')", spec.title, show=False) for spec in TABS],
        Binding("question_mark", "help", "Help"),
        Binding("e", "entities", "Entities"),
        Binding("n", "note", "Note"),
        Binding("f", "flag", "Flag"),
        Binding("y", "copy", "Copy"),
        Binding("Y", "write_citation", "Citation to file", show=False),
        Binding("F", "cycle_marked", "Only flagged/noted", show=False),
        Binding("S", "share", "Share with the team / take back", show=False),
        Binding("p", "toggle_presenter", "Presenter mode", show=False),
        Binding("E", "choose_edition", "Edition", show=False),
        Binding("q", "quit", "Quit"),
    ]

    #: The model the tabs show: every edition, or the one chosen with ``E``.
    model: reactive[Model | None] = reactive(None, init=False, always_update=True)
    #: Presenter mode hides notes and flags, for sharing the screen in a meeting.
    presenter: reactive[bool] = reactive(False, init=False)
    #: Lists show every item, only annotated ones, or only flagged ones.
    marked_filter: reactive[str] = reactive("all", init=False)

    def __init__(self, data: list[str] | None = None, edition: str | None = None, *, present: bool = False,
                 load_result: LoadResult | None = None) -> None:
        super().__init__()
        self._data = data
        self._edition = edition
        self._load_result = load_result
        self.full_model: Model | None = None
        #: True while only report.toml is in: the Overview shows, the other tabs wait.
        self.loading = False
        self.load_result: LoadResult | None = None
        self.edition_id: str | None = edition
        self._built: dict[str, BriefingTab] = {}
        self.set_reactive(BriefingApp.presenter, present)
        self.notes_controller = NotesController(self, Notebook.default())

    @property
    def notes(self) -> dict[str, Note]:
        """The user's notes by record key, as last read from the store."""
        return self.notes_controller.notes

    # -- layout ----------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        if self._load_result is None:
            # An up-to-date store opens in a millisecond whatever its size, and a small edition
            # (the shipped one is 60 kB) loads in a few: then the very first frame is the Overview
            # rather than a loading screen.
            from ..model.store.opening import is_small, open_model, open_store

            paths = data_paths(self._data)
            self._load_result = open_store(paths) or (open_model(paths) if is_small(paths) else None)
        overview = None
        if self._load_result is not None:
            self.set_reactive(BriefingApp.model, self._narrow(self._load_result.model))
            overview = TABS[0].load()(self.model, id="overview-tab")
            self._built["overview"] = overview
        yield Static(id="title-bar", markup=False)
        # Tabs and a ContentSwitcher rather than a TabbedContent: the switcher starts with the
        # Overview's pane alone and gets the others when they are first opened (_pane), which
        # took 10 ms, a sixth, off the start-up.
        yield Tabs(*[Tab(f"{spec.key} {spec.title}", id=f"tab-{spec.id}") for spec in TABS], id="tabs")
        with ContentSwitcher(id="panes", initial="overview"):
            with Container(id="overview", classes="pane"):
                if overview is not None:
                    yield overview
                else:
                    yield Static("Loading the report…", classes="loading", markup=False)
        with Container(id="too-small"):
            yield Static(id="too-small-text", markup=False)
        yield Static(id="progress", markup=False)
        yield Footer()

    def on_unmount(self) -> None:
        # A first compile still running in a child process is stopped with the app, not left behind.
        compile_module = sys.modules.get("briefing.model.store.compile")
        if compile_module is not None:
            compile_module.stop_children()

    def on_mount(self) -> None:
        self._check_size()
        if self._load_result is not None:
            self.notes_controller.load()
            self._loaded(self._load_result)
        else:
            self._load()

    @work(thread=True, exclusive=True, group="load")
    def _load(self) -> None:
        """Load the editions off the UI thread, so a large edition never freezes the screen.

        report.toml comes first and is shown at once on the Overview; the datasets follow,
        with what is being read shown at the bottom of the screen.
        """
        from ..model.store.opening import open_model

        paths = data_paths(self._data)
        self.call_from_thread(self.notes_controller.load)
        preview = open_model(paths, files=("report.toml",))
        self.call_from_thread(self._previewed, preview)
        started = time.monotonic()

        def progress(what: str) -> None:
            self.call_from_thread(self._progress, what, started)

        # A large edition is compiled in a child process (see store.compile.compile_in_child).
        self.call_from_thread(self._loaded, open_model(paths, progress=progress))

    def _previewed(self, preview: LoadResult) -> None:
        if self.load_result is not None:
            return  # the full load won the race
        self.loading = True
        self.model = self._narrow(preview.model)

    def _progress(self, what: str, started: float) -> None:
        if self.loading:
            bar = self.query_one("#progress", Static)
            bar.display = True
            bar.update(Content(f"Loading {what}… {time.monotonic() - started:.1f} s"))

    def _narrow(self, model: Model) -> Model:
        """The model narrowed to the edition asked for on the command line, if any."""
        if self._edition and model.edition(self._edition) is not None:
            return model.only(self._edition)
        return model

    def _loaded(self, result: LoadResult) -> None:
        # The model lives as long as the app: moving it out of the collector's sight stops
        # full collections from walking it in the middle of a keystroke. No gc.collect()
        # first: it cost 11 ms of a 200 ms start-up, and what it would free is a few
        # cycles left over from start-up.
        gc.freeze()
        self.load_result = result
        self.full_model = result.model
        self.loading = False
        self.query_one("#progress", Static).display = False
        if self._edition and result.model.edition(self._edition) is None:
            self.notify(Content(f"No edition {self._edition!r}; showing all."), severity="warning")
            self.edition_id = None
        model = self._narrow(result.model)
        if model is self.model:  # composed with it already (a small edition): keep the Overview built
            self._update_title()
        else:
            self.model = model
        if result.errors:
            count = len(result.errors)
            first = str(result.errors[0])
            self.notify(Content(f"{count} problem{'s' if count != 1 else ''} in the data; the rest loaded. "
                                f"First: {first}\nRun 'briefing validate' for all."),
                        title="Data problems", severity="warning", timeout=10)

    def watch_model(self, model: Model | None) -> None:
        """A new model (loaded, or another edition chosen): rebuild the open tab, drop the others."""
        if model is None:
            return
        self._update_title()
        if self._built:
            self.run_worker(self._rebuild_tabs(), group="rebuild", exclusive=True)
        else:
            # Nothing to take down: build the open tab now, so it is in the very first frame.
            self._ensure_tab(self.active_tab_id)

    async def _rebuild_tabs(self) -> None:
        for tab_id, tab in list(self._built.items()):
            await tab.remove()  # before its replacement, which takes the same id, is mounted
            if self.loading:
                await self._pane(tab_id).mount(Static("Loading the report…", classes="loading", markup=False))
        self._built.clear()
        self._ensure_tab(self.active_tab_id)

    def watch_presenter(self, presenter: bool) -> None:
        self._update_title()
        self.notes_changed()

    def watch_marked_filter(self, marked_filter: str) -> None:
        self._update_title()
        self.notes_changed()

    def notes_changed(self) -> None:
        """Notes, flags, presenter mode or the marked filter changed: every built tab redraws."""
        self._search_index = None  # the palette searches note text too
        for tab in self._built.values():
            if tab.is_mounted:  # a tab still composing reads the notes when it mounts
                tab.notes_changed()

    def _update_title(self) -> None:
        model = self.model
        if model is None or not model.editions:
            text = "briefing: no editions loaded"
        elif len(model.editions) == 1:
            report = model.editions[0].report
            text = f"{report.title} · {report.period}"
        else:
            text = f"All {len(model.editions)} editions · " + ", ".join(e.report.period for e in model.editions)
        if self.marked_filter != "all" and not self.presenter:
            text = f"ONLY {self.marked_filter.upper()} · " + text
        if self.presenter:
            text = "PRESENTING · " + text
        self.query_one("#title-bar", Static).update(Content(text))

    # -- tabs ------------------------------------------------------------------------------------

    def _ensure_tab(self, tab_id: str) -> BriefingTab | None:
        """Build the tab ``tab_id`` if it is not built yet; return it."""
        if self.model is None:
            return None
        if tab_id in self._built:
            return self._built[tab_id]
        if self.loading and tab_id != "overview":
            return None  # built when the datasets are in; the pane says it is loading
        spec = next(s for s in TABS if s.id == tab_id)
        pane = self._pane(tab_id)
        for child in pane.query(".loading"):
            child.remove()
        tab = spec.load()(self.model, id=f"{tab_id}-tab")
        self._built[tab_id] = tab
        pane.mount(tab)
        self.call_after_refresh(tab.focus_default)
        return tab

    def _pane(self, tab_id: str) -> Container:
        """The pane of tab ``tab_id`` in the switcher, added the first time it is asked for."""
        switcher = self.query_one("#panes", ContentSwitcher)
        found = switcher.query_children(f"#{tab_id}")
        if found:
            return found.first(Container)
        pane = Container(id=tab_id, classes="pane")
        pane.display = False  # the switcher shows it when it becomes current
        switcher.mount(pane)
        if self.loading:
            pane.mount(Static("Loading the report…", classes="loading", markup=False))
        return pane

    @property
    def active_tab_id(self) -> str:
        """The id of the tab shown: ``"overview"``, ``"news"``, …"""
        active = self.query_one("#tabs", Tabs).active
        return active.removeprefix("tab-") if active else "overview"

    @on(Tabs.TabActivated, "#tabs")
    def _tab_activated(self, event: Tabs.TabActivated) -> None:
        tab_id = (event.tab.id or "tab-overview").removeprefix("tab-")
        self._pane(tab_id)
        self.query_one("#panes", ContentSwitcher).current = tab_id
        tab = self._ensure_tab(tab_id)
        if tab is not None and tab.is_mounted:
            tab.focus_default()

    def action_show_tab(self, tab_id: str) -> None:
        if self.active_tab_id != tab_id:
            # Drop focus first, so it does not stay on a widget in the pane being hidden.
            self.set_focus(None)
        self.query_one("#tabs", Tabs).active = f"tab-{tab_id}"

    def current_tab(self) -> BriefingTab | None:
        return self._built.get(self.active_tab_id)

    def current_record(self) -> Record | None:
        tab = self.current_tab()
        return tab.current_record() if tab is not None else None

    def jump_to(self, key: str) -> None:
        """Open the tab that lists the record ``key`` and put the cursor on it."""
        model = self.model
        record = model.get(key) if model else None
        if record is None and self.full_model is not None and self.full_model.get(key) is not None:
            # The record is in another edition than the one shown: show all editions first.
            self.edition_id = None
            self.model = self.full_model
            record = self.full_model.get(key)
        if record is None:
            self.notify("That item is not in the loaded data.", severity="warning")
            return
        spec = tab_for_dataset(record.dataset)
        if spec is None:
            return
        self.action_show_tab(spec.id)
        tab = self._ensure_tab(spec.id)

        def show() -> None:
            if tab is not None and not tab.show_record(key):
                self.notify("That item is hidden by the current filter.", severity="warning")

        self.call_after_refresh(show)

    # -- app-wide keys -----------------------------------------------------------------------------

    def action_help(self) -> None:
        from .screens.help_screen import HelpScreen

        tab = self.current_tab()
        self.push_screen(HelpScreen(self.screen.active_bindings, tab_title=self._active_spec().title))

    def _active_spec(self) -> TabSpec:
        active = self.active_tab_id
        return next((s for s in TABS if s.id == active), TABS[0])

    def action_entities(self) -> None:
        record = self.current_record()
        if record is None or self.model is None:
            self.notify("Highlight an item first.", severity="information")
            return
        if not record.entities:
            self.notify("This item names no organisations, people, spacecraft or places.")
            return
        from .screens.entity_screen import EntityScreen

        self.push_screen(EntityScreen(self.model, record), self._entity_chosen)

    def _entity_chosen(self, key: str | None) -> None:
        if key:
            self.jump_to(key)

    def _record_or_hint(self) -> Record | None:
        record = self.current_record()
        if record is None:
            self.notify("Highlight an item first.", severity="information")
        return record

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # In presenter mode notes and flags are hidden, so the keys that change them are off.
        if self.presenter and action in ("note", "flag", "cycle_marked", "share"):
            return None
        return True

    def action_note(self) -> None:
        from .screens.note_editor import NoteTarget

        if (record := self._record_or_hint()) is not None:
            self.notes_controller.edit(NoteTarget.of(record))

    def action_flag(self) -> None:
        if (record := self._record_or_hint()) is not None:
            self.notes_controller.toggle_flag(record)

    def action_share(self) -> None:
        if (record := self._record_or_hint()) is not None:
            self.notes_controller.toggle_share(record.edition, record.dataset, record.id, record.title)

    def action_copy(self) -> None:
        if (record := self._record_or_hint()) is not None:
            self.notes_controller.copy(record)

    def action_write_citation(self) -> None:
        if (record := self._record_or_hint()) is not None:
            self.notes_controller.write_citation(record)

    def action_toggle_presenter(self) -> None:
        self.presenter = not self.presenter
        self.notify("Presenter mode: notes and flags hidden." if self.presenter else "Presenter mode off.",
                    timeout=2)

    def action_cycle_marked(self) -> None:
        order = ("all", "annotated", "flagged")
        self.marked_filter = order[(order.index(self.marked_filter) + 1) % len(order)]
        labels = {"all": "Showing every item.", "annotated": "Showing only items with a note or flag.",
                  "flagged": "Showing only flagged items."}
        self.notify(labels[self.marked_filter], timeout=2)

    def action_choose_edition(self) -> None:
        if self.full_model is None or len(self.full_model.editions) < 2:
            self.notify("Only one edition is loaded.")
            return
        from .screens.edition_screen import EditionScreen

        self.push_screen(EditionScreen(self.full_model, self.edition_id), self._edition_chosen)

    def _edition_chosen(self, choice: str | None) -> None:
        if choice is None or self.full_model is None:
            return
        self.edition_id = choice or None
        self.model = self.full_model.only(choice) if choice else self.full_model

    # -- size ----------------------------------------------------------------------------------

    def on_resize(self, event: events.Resize) -> None:
        self._check_size(event.size)
        # The app's size can settle after the event (several resizes in a row): check again.
        self.call_after_refresh(self._check_size)

    def _check_size(self, size: Size | None = None) -> None:
        width, height = size or self.size
        small = width < MIN_WIDTH or height < MIN_HEIGHT
        self.query_one("#too-small").display = small
        if small:
            # Short lines, so the message itself fits the smallest terminals.
            self.query_one("#too-small-text", Static).update(
                f"Too small: {width}x{height}\nNeeds {MIN_WIDTH}x{MIN_HEIGHT}"
            )



def make_app(data: list[str] | None = None, edition: str | None = None, *, present: bool = False,
             load_result: LoadResult | None = None) -> BriefingApp:
    """Build the app; shared by the command line, the tests and the screenshot script."""
    return BriefingApp(data, edition, present=present, load_result=load_result)

