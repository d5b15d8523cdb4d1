"""The main screen: the title bar, the tab strip, the tabs' panes, the too-small notice and the footer.

It hosts the tabs (their panes are ``tab_panes.py``'s). Each is built the first time it is
opened, from the :class:`ViewState` the App published, and is handed every later view in its
``view`` reactive; a view with another model (loaded, or another edition chosen) takes the
built tabs down and builds the open one again. It binds the keys on the highlighted item,
carries out jumps (and back and forward through them), and asks the App's controllers to
write notes and outcomes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Callable

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.geometry import Size
from textual.reactive import reactive
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Static

from ...model.data.records import Record
from ..history import History, Place
from ..messages import DeleteNote, EditNote, ExportNotes, ShareNote, ShowFiltered
from ..tab_panes import Pane, TabPanes, loading_notice
from ..tab_registry import TABS, TabSpec, tab_for_dataset
from ..tabs.base import BriefingTab
from ..view_state import ViewState
from ..widgets.too_small_notice import TooSmallNotice, is_too_small
from .first_frame import TabStripStandIn, footer_stand_in, mount_footer, mount_tab_strip

if TYPE_CHECKING:
    from textual.widgets import Tabs

    from ..followups_controller import FollowupsController
    from ..notes_controller import NotesController
    from ..review_opening import ReviewOpening

#: Below this height the title bar (when no mode is on) and the tabs' underline give their rows to the lists.
SHORT_HEIGHT = 30



class MainScreen(Screen):
    """The App's default screen: one pane per tab in a switcher, and the actions on the highlighted item
    (the App binds their keys, ``e n f y Y``, as ``screen.`` actions)."""

    #: On the main screen, not the App: in a modal screen (help, entities) these keys are not ours.
    BINDINGS = [
        Binding("backspace,ctrl+o,alt+left", "back", "Back", key_display="⌫"),
        # ctrl+i is what Vim users reach for, but a terminal sends it as Tab; alt+right (a browser's
        # habit) and i are keys terminals send as themselves.
        Binding("alt+right,i,ctrl+i", "forward", "Forward", show=False),
        Binding("u", "outcome", "Record an outcome", show=False),
        Binding("question_mark", "help", "Help"),
        # On the highlighted item.
        Binding("e", "entities", "Entities"),
        Binding("n", "note", "Note"),
        Binding("f", "flag", "Flag"),
        Binding("y", "copy", "Copy"),
        Binding("Y", "write_citation", "Citation to file", show=False),
        # How the lists are seen: the App holds these settings, for the view it publishes.
        Binding("F", "app.cycle_marked", "Only flagged/noted", show=False),
        Binding("S", "share", "Share with the team / take back", show=False),
        Binding("p", "app.toggle_presenter", "Presenter mode", show=False),
        Binding("E", "choose_edition", "Edition", show=False),
        Binding("R", "review", "Review the draft", show=False),
    ]

    # Drawn blank (Textual's BLANK: no border, no content of its own): its children cover it, and drawing
    # it line by line took ~0.7 ms of the first frame (issue 31).
    BLANK = True

    #: What the tabs show; the App sets it, and each built tab is handed it in turn.
    view: reactive[ViewState] = reactive(ViewState, init=False, always_update=True)

    def __init__(self, view: ViewState, notes: NotesController, followups: FollowupsController,
                 review: ReviewOpening, on_ready: Callable[[], None], show_edition: Callable[[str | None], None]) -> None:
        """``show_edition`` shows one edition by id, or every edition for ``""`` (the App holds the choice)."""
        # -short from the start (_check_size keeps it right): added once mounted, it restyled the whole
        # screen before the first frame on every terminal under SHORT_HEIGHT rows, 80x24 among them (issue 31).
        super().__init__(classes="-short" if self.app.size.height < SHORT_HEIGHT else None)
        self.set_reactive(MainScreen.view, view)
        self.notes, self.followups, self.review = notes, followups, review
        self._on_ready, self._show_edition = on_ready, show_edition
        self._built: dict[str, BriefingTab] = {}
        #: A record to show once the tabs being rebuilt for a new model are in.
        self._pending_key: str | None = None
        self._rebuilding = False
        #: Where jumps came from, for back (backspace, ctrl+o, alt+left) and forward (alt+right, i, ctrl+i).
        self.history = History()
        #: The notice covering the screen while the terminal is too small; None until it first is.
        self._notice: TooSmallNotice | None = None
        self._resumed = False
        #: Each tab's Tab in the strip by id, once the Tabs replaced the first frame's stand-in.
        self._tab_widgets: dict[str, Widget] = {}

    def compose(self) -> ComposeResult:
        overview = None
        if self.view.model is not None:
            overview = self._built["overview"] = TABS[0].load()(self.view, id="overview-tab")
            # No focus in frame 1: the tab strip held it (restyled: ~3% of start-up) till the Overview took it.
            self.AUTO_FOCUS = ""
        yield Static(Content(self.view.title), id="title-bar", markup=False,
                     classes="-plain" if self.view.plain_title else "")
        # The Tabs (and their dozen widgets) once the first frame is shown (after_first_frame); a stand-in till then.
        yield TabStripStandIn(self._tab_labels(self.view), "overview")
        with TabPanes(built=self._built, id="panes"):
            with Pane(id="overview", classes="pane"):
                yield overview if overview is not None else loading_notice()
        yield Static(id="progress", markup=False)
        yield footer_stand_in()  # the Footer once the first frame is shown (after_first_frame)

    def on_screen_resume(self, event: events.ScreenResume) -> None:
        # Runs before Screen's own handler. At the first resume every widget was styled as it
        # mounted a moment before, so Textual's restyle of the whole screen would change nothing
        # (about a sixth of the first frame's CSS work, issue 31); later resumes restyle as usual.
        if not self._resumed:
            self._resumed, event.refresh_styles = True, False

    async def after_first_frame(self) -> None:
        """The App's on_ready: the Footer (hidden too while the notice is up), and auto-focus as usual again."""
        vars(self).pop("AUTO_FOCUS", None)  # compose's "no focus in the first frame" is over
        strip = await mount_tab_strip(self, self._make_tabs)
        if await mount_footer(self) or strip:
            self._check_size()

    def _make_tabs(self, labels: list[tuple[str, str, bool]]) -> Tabs:
        """The tab strip: a Tab for each of ``labels`` ((id, label, hidden))."""
        from textual.widgets import Tab, Tabs  # here: Tabs' module is not imported for the first frame

        self._tab_widgets = {tab_id: Tab(label, id=f"tab-{tab_id}", classes="-hidden" if hidden else "")
                             for tab_id, label, hidden in labels}
        return Tabs(*self._tab_widgets.values(), id="tabs")

    def on_mount(self) -> None:
        self._check_size()
        # The App loads and publishes into the screen now, called rather than sent a message: a
        # message would wait for the first frame, and the loaded Overview would come a frame later.
        self._on_ready()

    # -- the view --------------------------------------------------------------------------------

    @staticmethod
    def _hidden(spec, view: ViewState) -> bool:
        """Tabs that need several editions (Changes) are shown only when several are, the others always (while
        loading too, when no edition is in yet: a cold start once showed no tab at all); every key always works."""
        return spec.min_editions > max(1, len(view.model.editions) if view.model is not None else 0)

    def _tab_labels(self, view: ViewState) -> list[tuple[str, str, bool]]:
        """Each tab's id, its label in the strip and whether it is hidden there."""
        return [(spec.id, f"{spec.key} {spec.title}", self._hidden(spec, view)) for spec in TABS]

    @property
    def _strip(self) -> Tabs | TabStripStandIn:
        """The tab strip: the Tabs, or its stand-in until the first frame is shown."""
        tabs = self.query_children("#tabs")  # while they swap, both are here: the Tabs are the strip
        return tabs.first() if tabs else self.query_children(TabStripStandIn).first()

    def _update_tab_bar(self, view: ViewState) -> None:
        strip = self._strip
        if isinstance(strip, TabStripStandIn):
            strip.show(labels=self._tab_labels(view))
            return
        for spec in TABS:  # held here: the Tabs may not have mounted its Tab widgets yet
            self._tab_widgets[spec.id].set_class(self._hidden(spec, view), "-hidden")

    def watch_view(self, old: ViewState, view: ViewState) -> None:
        title = self.query_one("#title-bar", Static)
        title.update(Content(view.title))
        title.set_class(view.plain_title, "-plain")
        self._update_tab_bar(view)
        if view.model is None:
            return
        if view.model is not old.model:
            if self._built:
                self._rebuilding = True
                self.run_worker(self._rebuild_tabs(), group="rebuild", exclusive=True)
            else:
                # Nothing to take down: build the open tab now, so it is in the very first frame.
                self._ensure_tab(self.active_tab_id)
            return
        for tab in self._built.values():
            tab.view = view
        self.refresh_bindings()  # presenter mode shows or hides n and f

    async def _rebuild_tabs(self) -> None:
        await self._panes.take_down(self.view.loading)
        self._rebuilding = False
        self._ensure_tab(self.active_tab_id)
        if self._pending_key is not None:
            key, self._pending_key = self._pending_key, None
            self.show_record(key)

    def show_progress(self, text: str | None) -> None:
        """The line at the bottom saying what is being loaded; None hides it."""
        bar = self.query_one("#progress", Static)
        bar.display = text is not None
        if text is not None:
            bar.update(Content(text))

    # -- tabs ------------------------------------------------------------------------------------

    @property
    def _panes(self) -> TabPanes:
        return self.query_one("#panes", TabPanes)

    def _ensure_tab(self, tab_id: str) -> BriefingTab | None:
        """Build the tab ``tab_id`` if it is not built yet; return it."""
        return self._panes.ensure(tab_id, self.view)

    @property
    def active_tab_id(self) -> str:
        """The id of the tab shown: ``"overview"``, ``"news"``, …"""
        strip = self._strip
        if isinstance(strip, TabStripStandIn):
            return strip.active
        return strip.active.removeprefix("tab-") if strip.active else "overview"

    @property
    def active_spec(self) -> TabSpec:
        active = self.active_tab_id
        return next((s for s in TABS if s.id == active), TABS[0])

    def on_tabs_tab_activated(self, event: Tabs.TabActivated) -> None:
        if event.tabs.id == "tabs":  # not a TabbedContent's inside a tab
            self._activate((event.tab.id or "tab-overview").removeprefix("tab-"))

    def _activate(self, tab_id: str) -> None:
        switcher = self._panes
        if not switcher.is_attached or self.app._exit:
            return  # the app is quitting (q right after a digit): nothing to build
        if not switcher.is_mounted:
            # A digit pressed in the very first frames: the switcher is still mounting.
            self.call_after_refresh(self._activate, tab_id)
            return
        if self.active_tab_id != tab_id:
            return  # another tab was chosen meanwhile
        switcher.pane(tab_id, self.view.loading)
        switcher.current = tab_id
        if self._rebuilding:
            return  # the old tabs are being taken down: _rebuild_tabs builds this one when they are gone
        tab = self._ensure_tab(tab_id)
        if tab is not None and tab.is_mounted:
            tab.focus_default()

    def action_show_tab(self, tab_id: str) -> None:
        self.show_tab(tab_id)

    def show_tab(self, tab_id: str) -> None:
        if self.active_tab_id != tab_id:
            # Drop focus first, so it does not stay on a widget in the pane being hidden.
            self.set_focus(None)
        strip = self._strip
        if isinstance(strip, TabStripStandIn):
            strip.show(active=tab_id)  # the Tabs that replaces it starts on this tab
        else:
            strip.active = f"tab-{tab_id}"
        # Now, not when Tabs' message comes: a jump builds the tab and shows its record at once,
        # and the tab's deferred focus must find its pane already shown.
        self._activate(tab_id)

    def current_tab(self) -> BriefingTab | None:
        return self._built.get(self.active_tab_id)

    def current_record(self) -> Record | None:
        tab = self.current_tab()
        return tab.current_record() if tab is not None else None

    def jump_to(self, key: str) -> None:
        """Open the tab that lists the record ``key`` and put the cursor on it, showing every edition
        first when ``key`` is in another edition than the one shown."""
        model, full = self.view.model, self.view.full_model
        if (model is None or model.get(key) is None) and full is not None and full.get(key) is not None:
            self._show_edition("")  # the App publishes the new view at once; the tabs are rebuilt for it
            model = self.view.model
        if model is None or model.get(key) is None:
            self.notify("That item is not in the loaded data.", severity="warning")
            return
        self.show_record(key)

    def action_review(self) -> None:
        if (folder := self.review.draft_shown(self.view.model)) is not None:  # else the key is off (check_action)
            self.review.open(folder)

    def action_choose_edition(self) -> None:
        full = self.view.full_model
        if full is None or len(full.editions) < 2:
            self.notify("Only one edition is loaded.")
            return
        from .edition_screen import EditionScreen

        shown = self.view.model
        chosen = shown.editions[0].id if shown is not None and shown is not full else None
        self.app.push_screen(EditionScreen(full, chosen, self.view.statuses), self._show_edition)

    def show_record(self, key: str, *, remember: bool = True) -> None:
        """Open the tab that lists the record ``key`` (in the view's model) and put the cursor on it.

        ``remember``: a jump, so back returns to where it started."""
        if remember:
            self.history.jumped_from(self.place())
            self.refresh_bindings()  # "⌫ Back" joins the footer
        if self._rebuilding:
            self._pending_key = key  # shown once the tabs for the new model are built
            return
        record = self.view.model.get(key) if self.view.model is not None else None
        spec = tab_for_dataset(record.dataset) if record is not None else None
        if spec is None:
            return
        self.show_tab(spec.id)
        tab = self._ensure_tab(spec.id)

        def show() -> None:
            if tab is not None and not tab.show_record(key):
                self.notify("That item is hidden by the current filter.", severity="warning")

        self.call_after_refresh(show)

    @on(ShowFiltered)
    def _show_filtered(self, message: ShowFiltered) -> None:
        """The Overview's pictures: a tab filtered to a month or a company; back returns to the picture."""
        self.history.jumped_from(self.place())
        self.refresh_bindings()
        self.show_tab(message.tab)
        tab = self._ensure_tab(message.tab)
        if tab is not None:
            self.call_after_refresh(tab.show_filtered, message.value)

    # -- back and forward ----------------------------------------------------------------------------

    def place(self) -> Place:
        """Where the user is now: tab, highlighted record, every scroll offset of the tab, and focus."""
        tab = self.current_tab()
        return tab.place(self.active_tab_id) if tab is not None and tab.is_mounted else Place(self.active_tab_id)

    def action_back(self) -> None:
        place = self.history.back(self.place())
        if place is not None:
            self._go(place)

    def action_forward(self) -> None:
        place = self.history.forward(self.place())
        if place is not None:
            self._go(place)

    def _go(self, place: Place) -> None:
        """Return to ``place``: its tab, then the tab's row, scroll offsets and focus."""
        self.show_tab(place.tab)
        tab = self._ensure_tab(place.tab)
        if tab is not None:
            self.call_after_refresh(tab.return_to, place)

    def action_help(self) -> None:
        from .help_screen import HelpScreen

        self.app.push_screen(HelpScreen(self.active_bindings, tab_title=self.active_spec.title))

    # -- keys on the highlighted item ---------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if self.too_small:
            return False
        if action == "review":
            return self.review.draft_shown(self.view.model) is not None
        if action == "back":
            return self.history.can_go_back
        if action == "forward":
            # ctrl+i is the terminal's Tab: it goes forward only after a back, else Tab moves focus.
            # (alt+right and i go forward too; with nothing ahead they do nothing.)
            return self.history.can_go_forward
        if action not in ("entities", "note", "flag", "copy", "write_citation", "share", "outcome"):
            return True
        tab = self.current_tab()
        if tab is None or not tab.HOLDS_RECORDS:
            return False  # the Overview lists nothing to act on: the keys are off, and out of the footer
        if action in ("note", "flag", "share", "outcome"):
            return self.view.notes_editable  # hidden in presenter mode, and where notes are read-only
        return self.view.notes_writable if action == "write_citation" else True

    def _record_or_hint(self) -> Record | None:
        record = self.current_record()
        if record is None:
            self.notify("Highlight an item first.", severity="information")
        return record

    def action_entities(self) -> None:
        if (record := self._record_or_hint()) is None or self.view.model is None:
            return
        if not record.entities:
            self.notify("This item names no organisations, people, spacecraft or places.")
            return
        from .entity_screen import EntityScreen

        self.app.push_screen(EntityScreen(self.view.model, record),
                             lambda key: self.jump_to(key) if key else None)

    def action_note(self) -> None:
        from .note_editor import NoteTarget

        if (record := self._record_or_hint()) is not None:
            self.notes.edit(NoteTarget.of(record))

    def action_flag(self) -> None:
        if (record := self._record_or_hint()) is not None:
            self.notes.toggle_flag(record)

    def action_share(self) -> None:
        if (record := self._record_or_hint()) is not None:
            self.notes.toggle_share(record.edition, record.dataset, record.id, record.title)

    def action_copy(self) -> None:
        if (record := self._record_or_hint()) is not None:
            self.notes.copy(record, self.view)

    def action_write_citation(self) -> None:
        if (record := self._record_or_hint()) is not None:
            self.notes.write_citation(record, self.view)

    def action_outcome(self) -> None:
        """``u``: record what became of the highlighted plan (a modal asks what)."""
        if (record := self._record_or_hint()) is None:
            return
        if record.dataset != "events" or not record.planned:
            self.notify("Only a planned event has an outcome to record: 8 lists the plans.")
            return
        item = next((item for item in self.view.followups or () if record.key in item.keys), None)
        from .outcome_screen import OutcomeScreen

        self.app.push_screen(OutcomeScreen(record, item.status if item is not None else None,
                                           has_team=self.view.has_team),
                             lambda request: self.followups.record(record, request) if request else None)

    @on(EditNote)
    def _edit_note(self, message: EditNote) -> None:
        self.notes.edit(message.target, team=message.team)

    @on(DeleteNote)
    def _delete_note(self, message: DeleteNote) -> None:
        self.notes.delete(message.note, team=message.team)

    @on(ShareNote)
    def _share_note(self, message: ShareNote) -> None:
        self.notes.toggle_share(message.edition, message.dataset, message.id, message.title)

    def action_export_notes(self, flagged_only: bool) -> None:
        """From the palette: the Notes tab's w and W, from any tab."""
        self.notes.export(flagged_only, self.view)

    @on(ExportNotes)
    def _export_notes(self, message: ExportNotes) -> None:
        self.notes.export(message.flagged_only, self.view)

    # -- size ----------------------------------------------------------------------------------

    def on_resize(self, event: events.Resize) -> None:
        self._check_size(event.size)
        # The screen's size can settle after the event (several resizes in a row): check again.
        self.call_after_refresh(self._check_size)

    @property
    def too_small(self) -> bool:
        """True while the terminal is too small and the notice covers everything."""
        return self._notice is not None and self._notice.shown

    def _check_size(self, size: Size | None = None) -> None:
        width, height = size or self.app.size
        self.set_class(height < SHORT_HEIGHT, "-short")
        was_small = self.too_small
        if self._notice is None:
            if not is_too_small(width, height):
                return
            # Mounted the first time it is needed: most sessions never are too small, and the
            # first frame is quicker without it (issue 31's start-up budget).
            self._notice = TooSmallNotice("#title-bar, #tabs, #tabs-stand-in, #panes, Footer", id="too-small")
            self.mount(self._notice, before="#progress")
        self._notice.fit(width, height)
        if self.too_small and not was_small:
            self.set_focus(None)
        elif was_small and not self.too_small and (tab := self.current_tab()) is not None:
            tab.focus_default()
