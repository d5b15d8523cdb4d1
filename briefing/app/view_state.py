"""What every tab is shown with: the model, the notes (yours, yours carried from earlier editions, and the
team's), presenter mode and the marked filter.

The App builds one :class:`ViewState` whenever any of these changes and hands it down
(the main screen passes it to each tab's ``view`` reactive). Tabs read it and never the
App. What follows from the settings is derived here, once: presenter mode hides notes
and shows every item, whatever the marked filter says.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from types import MappingProxyType
from typing import TYPE_CHECKING, Mapping, Protocol

from ..model.data.records import Model, Record
from ..model.notes.notebook import Note
from ..model.notes.team import TeamNote

if TYPE_CHECKING:  # the diff package is imported only once two editions are matched
    from ..model.diff.carried import CarriedOver

#: The marked filter's settings, in the order ``F`` steps through them.
MARKED_FILTERS = ("all", "annotated", "flagged")

#: What ``F`` says, and what the next ``F`` will do.
FILTER_NOTICES = {"all": "Showing every item.",
                  "annotated": "Showing only items with a note or flag. F again: only flagged ones.",
                  "flagged": "Showing only flagged items. F again: every item."}

_NO_NOTES: Mapping[str, Note] = MappingProxyType({})
_NO_TEAM: Mapping[str, tuple[TeamNote, ...]] = MappingProxyType({})
_NO_CARRIED: Mapping[str, "CarriedOver"] = MappingProxyType({})


@dataclass(frozen=True, eq=False)
class ViewState:
    """One immutable snapshot; a change makes a new one, so a tab can compare what it last drew."""

    #: The model the tabs show: every edition, or the one chosen with ``E``.
    model: Model | None = None
    #: Every edition loaded (for citations and notes on items of another edition).
    full_model: Model | None = None
    #: The user's notes by record key, as last read.
    notes: Mapping[str, Note] = field(default_factory=lambda: _NO_NOTES)
    #: Presenter mode hides notes and flags, for sharing the screen in a meeting.
    presenter: bool = False
    #: What the user chose with ``F``: "all", "annotated" or "flagged".
    marked_filter: str = "all"
    #: True while only report.toml is in: the Overview shows, the other tabs wait.
    loading: bool = False
    #: False where notes may be read but never changed (a served app).
    notes_writable: bool = True
    #: The team's notes (everyone's, yours included) by record key, oldest first; {} without a team folder.
    team: Mapping[str, tuple[TeamNote, ...]] = field(default_factory=lambda: _NO_TEAM)
    #: True when a team folder is set (the Notes tab then says how many team notes it lists).
    has_team: bool = False
    #: Your notes on records of earlier editions, by the key of the later record that continues each
    #: (none on a record with a note of its own); {} with one edition, or until the editions are matched.
    carried: Mapping[str, CarriedOver] = field(default_factory=lambda: _NO_CARRIED)

    # -- what follows from the settings: derived here only ---------------------------------

    @property
    def list_filter(self) -> str:
        """The filter lists apply: presenter mode shows every item, else the marked filter."""
        return "all" if self.presenter else self.marked_filter

    @property
    def visible_notes(self) -> Mapping[str, Note]:
        """The notes shown: none in presenter mode."""
        return _NO_NOTES if self.presenter else self.notes

    @property
    def notes_editable(self) -> bool:
        """True when ``n``, ``f``, delete and export may change notes (not presenting, not read-only)."""
        return self.notes_writable and not self.presenter

    @property
    def records(self) -> Model | None:
        """Where a note's or citation's item is looked up: every edition loaded."""
        return self.full_model or self.model

    def note_for(self, key: str) -> Note | None:
        return self.visible_notes.get(key)

    def carried_on(self, key: str) -> CarriedOver | None:
        """Your note written on the record of an earlier edition that ``key`` continues; none presenting."""
        return None if self.presenter else self.carried.get(key)

    def reading_note(self, key: str) -> Note | CarriedOver | None:
        """The note a reading pane shows as yours: your note on ``key``, else the one carried to it."""
        return self.note_for(key) or self.carried_on(key)

    def team_on(self, key: str) -> tuple[TeamNote, ...]:
        """The team's notes on the record ``key`` (yours among them); none in presenter mode."""
        return () if self.presenter else self.team.get(key, ())

    def my_team_note(self, key: str) -> Note | None:
        """Your own team note on ``key`` (the one in your file), or None."""
        return next((shared.note for shared in self.team_on(key) if shared.mine), None)

    def others_on(self, key: str) -> list[TeamNote]:
        """Teammates' notes on ``key``: not yours."""
        return [shared for shared in self.team_on(key) if not shared.mine]

    def marker(self, record: Record) -> str:
        """Two cells: ``✎`` your note (personal, shared, or carried from an earlier edition), ``⚑`` your flag,
        ``+`` teammates' notes.

        ``+`` takes whichever cell is free: ``"+ "`` only teammates wrote, ``"✎+"`` you and
        they did (under ``"✎⚑"`` the reading pane still lists theirs). Nothing in presenter
        mode, nor on an item no one has a note on.
        """
        note = self.visible_notes.get(record.key) or self.my_team_note(record.key) or self.carried_on(record.key)
        others = bool(self.others_on(record.key))
        if note is None:
            return "+ " if others else ""
        first = "✎" if note.text else ("+" if others else " ")
        second = "⚑" if note.flagged else ("+" if others and first == "✎" else " ")
        return first + second

    @property
    def noted_keys(self) -> set[str]:
        """Every record key with a note you can see: yours (carried ones too) or the team's."""
        return set() if self.presenter else {*self.notes, *self.team, *self.carried}

    def passes(self, key: str) -> bool:
        """True when the record ``key`` is listed under :attr:`list_filter` (team notes count too)."""
        mode = self.list_filter
        if mode == "all":
            return True
        seen = [note for note in (self.notes.get(key) or self.carried.get(key),) if note is not None]
        seen += [shared.note for shared in self.team.get(key, ())]
        if not seen:
            return False
        return any(note.flagged for note in seen) if mode == "flagged" else True

    def empty_hint(self, what: str, fallback: str, every: str = "item") -> str:
        """A list's text when nothing is listed: ``fallback``, or what the next ``F`` presses will show.

        ``F`` steps all → annotated → flagged → all, so from "annotated" one ``F`` shows the
        flagged items (none either, as every flagged item is annotated) and a second shows all.
        """
        mode = self.list_filter
        if mode == "all":
            return fallback
        if mode == "annotated":
            return f"No annotated {what}. F twice shows every {every} again."
        return f"No {mode} {what}. F shows every {every} again."

    @cached_property
    def note_texts(self) -> dict[str, str]:
        """Note texts by record key (yours or carried to it, then the team's), for searching items by their notes; none presenting."""
        from ..model.search.notes import note_texts

        if self.presenter:
            return {}
        return note_texts(self.visible_notes, self.carried, self.team)

    @cached_property
    def search_index(self):
        """The palette's search (:class:`~briefing.model.search.finding.Finder`) over the model and the
        visible notes, built on first use per state."""
        from ..model.search.finding import Finder

        return None if self.model is None else Finder(self.model, self.note_texts, lambda: self.vocabulary)

    @cached_property
    def vocabulary(self) -> list[str]:
        """Every word of the model, for the palette's near queries (built when a search finds nothing)."""
        from ..model.store.suggest import vocabulary

        return [] if self.model is None else vocabulary(self.model)

    @property
    def title(self) -> str:
        """The title bar: the edition(s) shown, and the modes in force."""
        model = self.model
        if model is None or not model.editions:
            text = "briefing: no editions loaded"
        elif len(model.editions) == 1:
            report = model.editions[0].report
            text = f"{report.title} · {report.period}"
        else:
            text = f"All {len(model.editions)} editions · " + ", ".join(e.report.period for e in model.editions)
        if self.list_filter != "all":
            text = f"ONLY {self.list_filter.upper()} · " + text
        if self.presenter:
            text = "PRESENTING · " + text
        return text


class ShowsView(Protocol):
    """What the palette and the modal screens may read of the App: the view it published."""

    view: ViewState
