"""What every tab is shown with: the model, the notes (yours, yours carried from earlier editions, and the
team's), presenter mode and the marked filter.

The App builds one :class:`ViewState` whenever any of these changes and hands it down
(the main screen passes it to each tab's ``view`` reactive). Tabs read it and never the
App. What follows from the settings is derived here, once: presenter mode hides notes
and shows every item, whatever the marked filter says.
"""

from __future__ import annotations

import datetime as dt
from functools import cached_property
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Mapping, Protocol

from ..model.data.model import Model
from ..model.data.records import Record
from ..model.library.status import Status
from ..model.notes.notebook import Note

if TYPE_CHECKING:  # the diff package is imported only once two editions are matched; team notes with a team folder
    from ..model.diff.carried import CarriedOver
    from ..model.notes.team import TeamNote

#: The marked filter's settings, in the order ``F`` steps through them.
MARKED_FILTERS = ("all", "annotated", "flagged")

#: What ``F`` says, and what the next ``F`` will do.
FILTER_NOTICES = {"all": "Showing every item.",
                  "annotated": "Showing only items with a note or flag. F again: only flagged ones.",
                  "flagged": "Showing only flagged items. F again: every item."}

_NO_NOTES: Mapping[str, Note] = MappingProxyType({})
_NO_TEAM: Mapping[str, tuple[TeamNote, ...]] = MappingProxyType({})
_NO_CARRIED: Mapping[str, "CarriedOver"] = MappingProxyType({})
_NO_STATUSES: Mapping[str, Status] = MappingProxyType({})
_NO_LINKS: Mapping[str, str] = MappingProxyType({})
_NO_MATCHES: Mapping[tuple[str, str], Any] = MappingProxyType({})


class ViewState:
    """One immutable snapshot; a change makes a new one, so a tab can compare what it last drew.

    A plain class rather than a frozen dataclass: making the dataclass took most of a millisecond
    of the app's start-up (issue 31). Equality is identity, as it was (``eq=False``).
    """

    def __init__(self, model: Model | None = None, full_model: Model | None = None,
                 notes: Mapping[str, Note] = _NO_NOTES, presenter: bool = False, marked_filter: str = "all",
                 loading: bool = False, notes_writable: bool = True,
                 team: Mapping[str, tuple[TeamNote, ...]] = _NO_TEAM, has_team: bool = False,
                 carried: Mapping[str, CarriedOver] = _NO_CARRIED, statuses: Mapping[str, Status] = _NO_STATUSES,
                 followups: tuple | None = None, followups_as_of: dt.date | None = None,
                 links: Mapping[str, str] = _NO_LINKS, matches: Mapping[tuple[str, str], Any] = _NO_MATCHES,
                 painted: bool = False) -> None:
        vars(self).update(
            #: The model the tabs show: every edition, or the one chosen with ``E``.
            model=model,
            #: Every edition loaded (for citations and notes on items of another edition).
            full_model=full_model,
            #: The user's notes by record key, as last read.
            notes=notes,
            #: Presenter mode hides notes and flags, for sharing the screen in a meeting.
            presenter=presenter,
            #: What the user chose with ``F``: "all", "annotated" or "flagged".
            marked_filter=marked_filter,
            #: True while only report.toml is in: the Overview shows, the other tabs wait.
            loading=loading,
            #: False where notes may be read but never changed (a served app).
            notes_writable=notes_writable,
            #: The team's notes (everyone's, yours included) by record key, oldest first; {} without a team folder.
            team=team,
            #: True when a team folder is set (the Notes tab then says how many team notes it lists).
            has_team=has_team,
            #: Your notes on records of earlier editions, by the key of the later record that continues each
            #: (none on a record with a note of its own); {} with one edition, or until the editions are matched.
            carried=carried,
            #: Each loaded edition's status (draft, reviewed, published) by id (model/library/status.py).
            statuses=statuses,
            #: Every plan with its status on ``followups_as_of`` (model/followups), overdue first; None until
            #: worked out.
            followups=followups,
            followups_as_of=followups_as_of,
            #: The one matching of the editions (model/diff/matching.py, run by the App in a worker): each
            #: record key → the key of the next edition's record continuing it; {} with one edition, or until
            #: matched.
            links=links,
            #: The same matching whole, by (old edition id, new edition id), for the Changes tab to diff
            #: without matching again ({} until matched, and for editions too large to keep a match of).
            matches=matches,
            #: True once the first frame is on screen: what may wait for it (the Overview's pictures) comes then.
            painted=painted)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"a ViewState is never changed; make a new one (not {name!r})")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"a ViewState is never changed; make a new one (not {name!r})")

    def __repr__(self) -> str:
        return f"ViewState(model={self.model!r}, loading={self.loading}, painted={self.painted})"

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

    # -- one list across editions --------------------------------------------------------------

    @property
    def several_editions(self) -> bool:
        """True when more than one edition is shown: every list row then shows its edition."""
        return self.model is not None and len(self.model.editions) > 1

    @cached_property
    def carried_on_keys(self) -> frozenset[str]:
        """Keys of records a later edition shown carries on: lists show the latest version only."""
        if not self.several_editions or not self.links:
            return frozenset()
        shown = {edition.id for edition in self.model.editions}  # type: ignore[union-attr]
        return frozenset(old for old, new in self.links.items()
                         if old.partition("/")[0] in shown and new.partition("/")[0] in shown)

    @cached_property
    def _earlier(self) -> dict[str, str]:
        return {new: old for old, new in self.links.items() if old in self.carried_on_keys}

    def versions(self, key: str) -> list[str]:
        """The keys of every version of the record ``key`` among the editions shown, oldest first."""
        keys = [key]
        while keys[-1] in self._earlier and len(keys) < 100:
            keys.append(self._earlier[keys[-1]])
        return keys[::-1]

    def versions_after(self, key: str) -> list[str]:
        """``key`` and the keys of the later versions shown that carry it on, in order."""
        keys = [key]
        while keys[-1] in self.carried_on_keys and len(keys) < 100:
            keys.append(self.links[keys[-1]])
        return keys

    def edition_mark(self, record: Record) -> str:
        """A narrow mark of the edition a row comes from ("Mar25", "Sep25+" when earlier editions had it too);
        "" with one edition shown."""
        if not self.several_editions:
            return ""
        edition = self.model.edition(record.edition)  # type: ignore[union-attr]
        label = edition.report.period_end.strftime("%b%y") if edition is not None else record.edition[:5]
        return label + ("+" if record.key in self._earlier else "")

    def editions_short(self, record: Record) -> str:
        """The editions having a record, by their marks, and which this version is from: "in Mar25, Sep25; this
        Sep25" ("" with one edition shown)."""
        if not self.several_editions:
            return ""
        marks = []
        for key in self.versions(record.key):
            edition = self.model.edition(key.partition("/")[0])  # type: ignore[union-attr]
            marks.append(edition.report.period_end.strftime("%b%y") if edition is not None else key[:5])
        if len(marks) == 1:
            return f"only in {marks[0]}"
        return f"in {', '.join(marks)}; this {marks[-1]}"

    def editions_line(self, record: Record) -> str:
        """What the detail says of a record's editions: "In 2024-09-to-2025-03 and 2025-04-to-2025-09; this
        version from 2025-04-to-2025-09." ("" with one edition shown)."""
        if not self.several_editions:
            return ""
        editions = [key.partition("/")[0] for key in self.versions(record.key)]
        if len(editions) == 1:
            return f"Only in {editions[0]}."
        listed = ", ".join(editions[:-1]) + f" and {editions[-1]}"
        return f"In {listed}; this version from {record.edition}."

    @cached_property
    def note_texts(self) -> dict[str, str]:
        """Note texts by record key (yours or carried to it, then the team's), for searching items by their notes; none presenting."""
        from ..model.search.notes import note_texts

        if self.presenter:
            return {}
        return note_texts(self.visible_notes, self.carried, self.team)

    @cached_property
    def overdue_keys(self) -> frozenset[str]:
        """Every record key of an overdue plan (each edition's record of it), for the Timeline's mark."""
        if not self.followups:
            return frozenset()
        from ..model.followups.status import overdue_keys

        return overdue_keys(self.followups)

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

    def status_of(self, edition_id: str) -> Status | None:
        return self.statuses.get(edition_id)

    @property
    def drafts_shown(self) -> list[tuple[str, Status]]:
        """The editions shown that are drafts, with their status, oldest first."""
        model = self.model
        if model is None:
            return []
        shown = [(e.id, self.statuses.get(e.id)) for e in model.editions]
        return [(ident, status) for ident, status in shown if status is not None and status.is_draft]

    @property
    def plain_title(self) -> bool:
        """True when no mode is on and no draft is shown: the title bar may give its row to the lists."""
        return not self.presenter and self.list_filter == "all" and not self.drafts_shown

    @property
    def title(self) -> str:
        """The title bar: the edition(s) shown, draft marks, and the modes in force."""
        model = self.model
        if model is None or not model.editions:
            text = "briefing: no editions loaded"
        elif len(model.editions) == 1:
            report = model.editions[0].report
            text = f"{report.title} · {report.period}"
        else:
            text = f"All {len(model.editions)} editions · " + ", ".join(e.report.period for e in model.editions)
        drafts = self.drafts_shown
        if drafts and model is not None and len(model.editions) == 1:
            text = f"{drafts[0][1].mark()} · " + text
        elif drafts:
            text = " · ".join(f"{status.mark()} ({ident})" for ident, status in drafts) + " · " + text
        if self.list_filter != "all":
            text = f"ONLY {self.list_filter.upper()} · " + text
        if self.presenter:
            text = "PRESENTING · " + text
        return text


class ShowsView(Protocol):
    """What the palette and the modal screens may read of the App: the view it published."""

    view: ViewState
