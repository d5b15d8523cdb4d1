"""Entities as ways in: from any item, everything else that names the same organisation, craft or person."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from ...model.data.text import fold
from ...model.data.records import ENTITY_KINDS, Model, Record
from ..widgets.virtual_list import VirtualList
from .record_labels import record_row

class EntityScreen(ModalScreen[str | None]):
    """Left: the entities the item names. Right: every other record naming the highlighted one."""

    DEFAULT_CSS = """
    EntityScreen { align: center middle; }
    EntityScreen > Vertical {
        width: 95%; height: 90%; border: round $accent; background: $surface;
    }
    EntityScreen .entity-title { text-style: bold; color: $accent; padding: 0 1; height: auto; }
    EntityScreen Horizontal { height: 1fr; }
    EntityScreen #entity-names { width: 1fr; max-width: 36; border-right: solid $panel; }
    EntityScreen #entity-records { width: 2fr; }
    EntityScreen .entity-hint { color: $text-muted; padding: 0 1; height: 1; }
    """

    BINDINGS = [
        Binding("escape", "close", "Close"),
        Binding("left,h", "focus_names", "Entities", show=False),
        Binding("right,l", "focus_records", "Records", show=False),
    ]

    def __init__(self, model: Model, record: Record) -> None:
        super().__init__()
        self._model = model
        self._record = record
        self._names = list(record.entities.pairs())
        #: Entities the item does not name but the report relates to one it does, by position
        #: in ``_names``: the relation, e.g. "Qingzhou launched aboard Kinetica-2".
        self._via: dict[int, str] = {}
        self._add_related(model, record)
        self._records: list[Record] = []

    def _add_related(self, model: Model, record: Record) -> None:
        """Follow the relations the report states ("developed by", "launched aboard"…) one step out."""
        edition = model.edition(record.edition)
        named = {name for _, name in self._names}
        kinds = {name: kind for kind, name in self._names}
        for relation in edition.relations_of(list(named)) if edition is not None else ():
            for own in (relation.subject, relation.object):
                other = relation.other(own)
                if own in named and other is not None and other not in named:
                    named.add(other)
                    kind = _kind_of(model, other) or kinds.get(own, "organisations")
                    self._via[len(self._names)] = f"{relation.subject} {relation.relation} {relation.object}"
                    self._names.append((kind, other))

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Content.assemble("Named in ", (self._record.title, "bold")),
                         classes="entity-title", markup=False)
            with Horizontal():
                yield VirtualList(self._render_name, id="entity-names")
                yield VirtualList(self._render_record, id="entity-records",
                                  empty_text="Nothing else names this.")
            yield Static(Content("↑↓ choose · → records · Enter opens · Esc closes"), classes="entity-hint",
                         markup=False)

    def on_mount(self) -> None:
        names = self.query_one("#entity-names", VirtualList)
        names.set_rows(len(self._names))
        names.focus()

    def _render_name(self, index: int, width: int) -> Text:
        kind, name = self._names[index]
        via = self._via.get(index)
        count = len(self._model.naming(name)) - (0 if via else 1)
        label = ENTITY_KINDS[kind].split()[0].lower()
        if via:  # not named by the item: reached through a relation, so shown as such
            return Text.assemble((name, "bold"), " ", (f"related: {via} · {count} record{'' if count == 1 else 's'}",
                                                       "dim"))
        return Text.assemble((name, "bold"), " ", (f"{label} · {count} other{'' if count == 1 else 's'}", "dim"))

    def _render_record(self, index: int, width: int) -> Text:
        return record_row(self._records[index], width)

    @on(VirtualList.Highlighted, "#entity-names")
    def _name_highlighted(self, event: VirtualList.Highlighted) -> None:
        _, name = self._names[event.index]
        self._records = [r for r in self._model.naming(name) if r.key != self._record.key]
        self.query_one("#entity-records", VirtualList).set_rows(len(self._records))

    @on(VirtualList.Selected, "#entity-names")
    def _name_selected(self, event: VirtualList.Selected) -> None:
        self.action_focus_records()

    @on(VirtualList.Selected, "#entity-records")
    def _record_selected(self, event: VirtualList.Selected) -> None:
        self.dismiss(self._records[event.index].key)

    def action_focus_names(self) -> None:
        self.query_one("#entity-names").focus()

    def action_focus_records(self) -> None:
        self.query_one("#entity-records").focus()

    def action_close(self) -> None:
        self.dismiss(None)


def _kind_of(model: Model, name: str) -> str | None:
    """The kind a record naming ``name`` gives it (a spacecraft, an organisation…), or None."""
    wanted = fold(name)
    for record in model.naming(name)[:1]:
        for kind, named in record.entities.pairs():
            if fold(named) == wanted:
                return kind
    return None
