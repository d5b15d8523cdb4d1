"""``c`` on the Timeline: pick one category (with how many events each has), or all of them.

A modal screen, kept with the Timeline's widgets because only the Timeline uses it.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

#: Option id of "every category"; category names are data, so they go in a list, not in ids.
ALL = "all"


class CategoryPicker(ModalScreen[str | None]):
    """Dismisses with a category, ``""`` for all categories, or None when cancelled."""

    DEFAULT_CSS = """
    CategoryPicker { align: center middle; }
    CategoryPicker > Vertical { width: 50; max-width: 100%; height: auto; max-height: 100%;
                                border: round $accent; background: $surface; }
    CategoryPicker .picker-title { text-style: bold; color: $accent; padding: 0 1; }
    CategoryPicker OptionList { height: auto; max-height: 20; border: none; }
    """

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, counts: list[tuple[str, int]], current: str | None) -> None:
        super().__init__()
        self._counts = counts
        self._current = current

    def compose(self) -> ComposeResult:
        total = sum(count for _, count in self._counts)
        options = [Option(Content.assemble(("All categories", "bold"), f"  {total}"), id=ALL)]
        for index, (category, count) in enumerate(self._counts):
            options.append(Option(Content.assemble(category, (f"  {count}", "$text-muted")), id=f"c{index}"))
        with Vertical():
            yield Static(Content("Show which category?"), classes="picker-title", markup=False)
            yield OptionList(*options)

    def on_mount(self) -> None:
        option_list = self.query_one(OptionList)
        names = [name for name, _ in self._counts]
        option_list.highlighted = names.index(self._current) + 1 if self._current in names else 0
        option_list.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        option_id = event.option.id or ALL
        self.dismiss("" if option_id == ALL else self._counts[int(option_id[1:])][0])

    def action_cancel(self) -> None:
        self.dismiss(None)
