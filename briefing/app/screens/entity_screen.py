"""Entities as ways in: from any item, everything else that names the same organisation, craft or person."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.message import Message
from textual.widgets import Input, Static

from ...model.data.model import Model
from ...model.data.records import ENTITY_KINDS, Record
from ...model.data.text import fold
from ..widgets.virtual_list import VirtualList
from .record_labels import record_row

class EntityFilter(Input):
    """The filter line: typing narrows the names; ↓/↑ move through them without leaving it."""

    BINDINGS = [
        Binding("down", "move(1)", "Next name", show=False),
        Binding("up", "move(-1)", "Previous name", show=False),
        Binding("enter,tab", "records", "Records", show=False),
    ]

    class Move(Message):
        def __init__(self, step: int) -> None:
            super().__init__()
            self.step = step

    class ToRecords(Message):
        """Enter: go to the records naming the highlighted entity."""

    def action_move(self, step: int) -> None:
        self.post_message(self.Move(step))

    def action_records(self) -> None:
        self.post_message(self.ToRecords())


class EntityScreen(ModalScreen[str | None]):
    """Left: the entities the item names, filtered as you type. Right: every record naming the
    highlighted one, the current item first and marked."""

    DEFAULT_CSS = """
    EntityScreen { align: center middle; }
    EntityScreen > Vertical {
        width: 95%; height: 90%; border: round $accent; background: $surface;
    }
    EntityScreen .entity-title { text-style: bold; color: $accent; padding: 0 1; height: auto; }
    EntityScreen EntityFilter { margin: 0 1; }
    EntityScreen Horizontal { height: 1fr; }
    /* Half the width, not a third: names of 30-40 characters ("Shanghai Space Research Institute") fit. */
    EntityScreen #entity-names { width: 1fr; max-width: 56; border-right: solid $panel; }
    EntityScreen #entity-records { width: 1fr; }
    EntityScreen .entity-hint { color: $text-muted; padding: 0 1; height: 1; }
    """

    BINDINGS = [
        Binding("escape", "close", "Close"),
        Binding("left", "focus_names", "Entities", show=False),
        Binding("right", "focus_records", "Records", show=False),
    ]

    def __init__(self, model: Model, record: Record) -> None:
        super().__init__()
        self._model = model
        self._record = record
        self._all_names = list(record.entities.pairs())
        #: Entities the item does not name but the report relates to one it does, by name:
        #: the relation, e.g. "Qingzhou launched aboard Kinetica-2".
        self._via: dict[str, str] = {}
        self._add_related(model, record)
        self._names = list(self._all_names)
        self._records: list[Record] = []

    def _add_related(self, model: Model, record: Record) -> None:
        """Follow the relations the report states ("developed by", "launched aboard"…) one step out."""
        edition = model.edition(record.edition)
        named = {name for _, name in self._all_names}
        kinds = {name: kind for kind, name in self._all_names}
        for relation in edition.relations_of(list(named)) if edition is not None else ():
            for own in (relation.subject, relation.object):
                other = relation.other(own)
                if own in named and other is not None and other not in named:
                    named.add(other)
                    kind = _kind_of(model, other) or kinds.get(own, "organisations")
                    self._via[other] = f"{relation.subject} {relation.relation} {relation.object}"
                    self._all_names.append((kind, other))

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Content.assemble("Named in ", (self._record.title, "bold")),
                         classes="entity-title", markup=False)
            yield EntityFilter(placeholder="type to filter the names", id="entity-filter", compact=True)
            with Horizontal():
                yield VirtualList(self._render_name, id="entity-names", empty_text="No name matches.")
                yield VirtualList(self._render_record, id="entity-records",
                                  empty_text="Nothing else names this.")
            yield Static(Content("type to filter · ↑↓ · Enter/→ records · Enter opens · Esc closes"),
                         classes="entity-hint", markup=False)

    def on_mount(self) -> None:
        self._refilter("")
        self.query_one(EntityFilter).focus()

    @property
    def _names_list(self) -> VirtualList:
        return self.query_one("#entity-names", VirtualList)

    @on(Input.Changed, "#entity-filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        self._refilter(event.value)

    def _refilter(self, text: str) -> None:
        words = fold(text).split()
        self._names = [(kind, name) for kind, name in self._all_names
                       if all(word in fold(name) for word in words)]
        self._names_list.set_rows(len(self._names))
        if not self._names:
            self._records = []
            self.query_one("#entity-records", VirtualList).set_rows(0)

    def _render_name(self, index: int, width: int) -> Text:
        kind, name = self._names[index]
        via = self._via.get(name)
        count = len(self._model.naming(name)) - (0 if via else 1)
        label = ENTITY_KINDS[kind].split()[0].lower()
        others = f"{count} other{'' if count == 1 else 's'}"
        if via:  # not named by the item: reached through a relation, so shown as such
            label, others = f"related: {via}", f"{count} record{'' if count == 1 else 's'}"
        # The name whole; what follows it is shortened first when the column is narrow.
        for suffix in (f"{label} · {others}", others, ""):
            if len(name) + 1 + len(suffix) <= width or not suffix:
                return Text.assemble((name, "bold"), " ", (suffix, "dim"))
        return Text(name)

    def _render_record(self, index: int, width: int) -> Text:
        record = self._records[index]
        row = record_row(record, width)
        if record.key == self._record.key:
            return Text.assemble(("this ", "italic"), row)  # in front, where a narrow column never cuts it
        return row

    @on(VirtualList.Highlighted, "#entity-names")
    def _name_highlighted(self, event: VirtualList.Highlighted) -> None:
        _, name = self._names[event.index]
        naming = self._model.naming(name)
        # The current item first, so the list says where it stands among the others.
        self._records = [r for r in naming if r.key == self._record.key] + \
                        [r for r in naming if r.key != self._record.key]
        self.query_one("#entity-records", VirtualList).set_rows(len(self._records))

    @on(EntityFilter.Move)
    def _move(self, event: EntityFilter.Move) -> None:
        if event.step > 0:
            self._names_list.action_cursor_down()
        else:
            self._names_list.action_cursor_up()

    @on(EntityFilter.ToRecords)
    @on(VirtualList.Selected, "#entity-names")
    def _to_records(self) -> None:
        if self._names:
            self.action_focus_records()

    @on(VirtualList.Selected, "#entity-records")
    def _record_selected(self, event: VirtualList.Selected) -> None:
        self.dismiss(self._records[event.index].key)

    def action_focus_names(self) -> None:
        self.query_one(EntityFilter).focus()

    def action_focus_records(self) -> None:
        self.query_one("#entity-records").focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # ← and → move the cursor while typing in the filter; they switch lists only from the records.
        if action in ("focus_names", "focus_records") and isinstance(self.focused, Input):
            return False
        return True

    def action_close(self) -> None:
        filter_box = self.query_one(EntityFilter)
        if filter_box.value and filter_box.has_focus:
            filter_box.value = ""  # Esc first clears the filter, then closes
            return
        self.dismiss(None)


def _kind_of(model: Model, name: str) -> str | None:
    """The kind a record naming ``name`` gives it (a spacecraft, an organisation…), or None."""
    wanted = fold(name)
    for record in model.naming(name)[:1]:
        for kind, named in record.entities.pairs():
            if fold(named) == wanted:
                return kind
    return None
