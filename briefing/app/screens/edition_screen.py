"""``E``: choose one edition, or all of them; the tabs follow."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from typing import Mapping

from ...model.data.model import Model
from ...model.library.status import Status


class EditionScreen(ModalScreen[str | None]):
    """Dismisses with an edition id, ``""`` for all editions, or None when cancelled."""

    DEFAULT_CSS = """
    EditionScreen { align: center middle; }
    EditionScreen > Vertical { width: 78; max-width: 100%; height: auto; border: round $accent;
                               background: $surface; }
    EditionScreen .edition-title { text-style: bold; color: $accent; padding: 0 1; }
    EditionScreen OptionList { height: auto; max-height: 20; }
    """

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, model: Model, current: str | None, statuses: Mapping[str, Status] | None = None) -> None:
        super().__init__()
        self._model = model
        self._current = current
        self._statuses = statuses or {}

    def compose(self) -> ComposeResult:
        options = [Option(Content(f"All editions ({len(self._model.editions)})"), id="")]
        for edition in self._model.editions:
            report = edition.report
            status = self._statuses.get(edition.id)
            mark = f"  {status.mark()}" if status is not None and status.is_draft else ""
            options.append(Option(Content.assemble((report.period, "bold"), f"  {edition.id}",
                                                   (mark, "bold $text-warning")), id=edition.id))
        with Vertical():
            yield Static(Content("Show which edition?"), classes="edition-title", markup=False)
            yield OptionList(*options)

    def on_mount(self) -> None:
        option_list = self.query_one(OptionList)
        ids = [""] + [e.id for e in self._model.editions]
        option_list.highlighted = ids.index(self._current) if self._current in ids else 0
        option_list.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id or "")

    def action_cancel(self) -> None:
        self.dismiss(None)
