"""``?``: every key of the current screen, generated from the bindings that are really active."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import ActiveBinding, Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

#: How Textual names some keys, and how people write them.
KEY_NAMES = {
    "question_mark": "?", "slash": "/", "backslash": "\\", "left_square_bracket": "[",
    "right_square_bracket": "]", "left_curly_bracket": "{", "right_curly_bracket": "}",
    "less_than_sign": "<", "greater_than_sign": ">", "comma": ",", "full_stop": ".", "full_stop": ".",
    "minus": "-", "plus": "+", "escape": "Esc", "enter": "Enter", "space": "Space", "tab": "Tab",
    "pageup": "PgUp", "pagedown": "PgDn", "home": "Home", "end": "End", "up": "↑", "down": "↓",
    "left": "←", "right": "→", "delete": "Del", "backspace": "Backspace",
}


def key_label(key: str) -> str:
    """``ctrl+p`` → ``Ctrl+P``; ``question_mark`` → ``?``."""
    parts = key.split("+")
    out = []
    for part in parts:
        if part in KEY_NAMES:
            out.append(KEY_NAMES[part])
        elif part in ("ctrl", "shift", "alt"):
            out.append(part.capitalize())
        else:
            out.append(part)
    return "+".join(out)


def describe(binding: Binding) -> str:
    return binding.tooltip or binding.description or binding.action.replace("_", " ")


class HelpScreen(ModalScreen[None]):
    """A list of keys, grouped by where they are bound: this screen's widgets first, then the app."""

    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > Vertical {
        width: 72; max-width: 100%; height: auto; max-height: 90%;
        border: round $accent; background: $surface; padding: 0 1;
    }
    HelpScreen .help-title { text-style: bold; color: $accent; }
    HelpScreen .help-group { text-style: bold; margin-top: 1; }
    HelpScreen VerticalScroll { height: auto; max-height: 100%; }
    """

    BINDINGS = [
        Binding("escape,question_mark,q", "dismiss_help", "Close help"),
    ]

    def __init__(self, bindings: dict[str, ActiveBinding], tab_title: str) -> None:
        super().__init__()
        self._active_bindings = bindings
        self._tab_title = tab_title

    def compose(self) -> ComposeResult:
        groups: dict[str, list[tuple[str, str]]] = {}
        seen: dict[tuple[str, str], int] = {}
        for key, active in self._active_bindings.items():
            node = active.node
            group = "Everywhere" if node is self.app else f"{self._tab_title}: {type(node).__name__}"
            description = describe(active.binding)
            marker = (group, description)
            rows = groups.setdefault(group, [])
            if marker in seen:  # several keys for one action: show them together
                index = seen[marker]
                rows[index] = (rows[index][0] + ", " + key_label(key), description)
                continue
            seen[marker] = len(rows)
            rows.append((key_label(key), description))
        with Vertical():
            yield Static(Content(f"Keys · {self._tab_title}"), classes="help-title", markup=False)
            with VerticalScroll():
                for group in sorted(groups, key=lambda g: g == "Everywhere"):
                    yield Static(Content(group), classes="help-group", markup=False)
                    width = max(len(k) for k, _ in groups[group])
                    lines = [Content.assemble((k.ljust(width), "bold $text-accent"), "  ", d)
                             for k, d in groups[group]]
                    yield Static(Content("\n").join(lines), markup=False)
            yield Static(Content("Esc closes · ctrl+p searches everything"), classes="help-group", markup=False)

    def action_dismiss_help(self) -> None:
        self.dismiss(None)
