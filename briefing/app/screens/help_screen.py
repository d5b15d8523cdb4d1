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
        elif len(part) == 1 and out:
            out.append(part.upper())  # ctrl+o → Ctrl+O, as terminals' own help writes it
        else:
            out.append(part)
    return "+".join(out)


def describe(binding: Binding) -> str:
    return binding.tooltip or binding.description or binding.action.replace("_", " ")


#: Headings for the widgets whose keys are ours; any other briefing widget is named by its class.
WIDGET_GROUPS = {
    "VirtualList": "Moving in the list", "ReadingPane": "Reading pane", "MedalTable": "Moving in the table",
    "SearchInput": "Search box", "BarChart": "Moving in the chart",
    "MainScreen": "Everywhere",  # back and forward
    "ReviewScreen": "Reviewing the draft",
}


def ours(node: object, binding: Binding) -> bool:
    """True when a briefing class (not Textual) declared ``binding``: Textual's own scroll and page
    keys ("Scroll Left", "Page Left") are left out, as the issue asked."""
    for cls in type(node).__mro__:
        if not cls.__module__.startswith("briefing."):
            continue
        for declared in cls.__dict__.get("BINDINGS", ()):
            key, action = (declared.key, declared.action) if isinstance(declared, Binding) else declared[:2]
            if action == binding.action and binding.key in key.split(","):
                return True
    return False


def group_of(node: object, binding: Binding, tab_title: str, app: object) -> str | None:
    """Where a key works, as a heading: this tab, a widget in it, the highlighted item, or everywhere."""
    if not ours(node, binding):
        return None  # Textual's: ctrl+q, scrolling sideways, "Page Left"
    if node is app:
        return "Tabs" if binding.action.startswith("screen.show_tab") else "Everywhere"
    name = type(node).__name__
    if name == "MainScreen" and binding.action in ("entities", "note", "flag", "copy", "write_citation"):
        return "On the highlighted item, in every tab"
    if name.endswith("Tab"):
        return f"{tab_title} tab"
    return WIDGET_GROUPS.get(name, name)


class HelpScreen(ModalScreen[None]):
    """briefing's keys, grouped by where they work: this tab's first, then the app's; Textual's own left out."""

    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > Vertical {
        width: 72; max-width: 100%; height: 90%;
        border: round $accent; background: $surface; padding: 0 1;
    }
    HelpScreen .help-title { text-style: bold; color: $accent; height: 1; }
    HelpScreen .help-group { text-style: bold; margin-top: 1; }
    HelpScreen .help-foot { color: $text-muted; height: 1; }
    HelpScreen VerticalScroll { height: 1fr; }
    """

    BINDINGS = [
        Binding("escape,question_mark,q", "dismiss_help", "Close help"),
    ]

    def __init__(self, bindings: dict[str, ActiveBinding], tab_title: str, first: str | None = None) -> None:
        """``first``: the heading listed first, for a screen whose own keys are not a tab's (the review's)."""
        super().__init__()
        self._active_bindings = bindings
        self._tab_title = tab_title
        self._first = first

    def groups(self) -> dict[str, list[tuple[str, str]]]:
        """Heading → (keys, what they do), in the order shown."""
        groups: dict[str, list[tuple[str, str]]] = {}
        seen: dict[tuple[str, str], int] = {}
        for key, active in self._active_bindings.items():
            group = group_of(active.node, active.binding, self._tab_title, self.app)
            if group is None:
                continue
            description = describe(active.binding)
            rows = groups.setdefault(group, [])
            marker = (group, description)
            if marker in seen:  # several keys for one action: show them together
                index = seen[marker]
                rows[index] = (rows[index][0] + ", " + key_label(key), description)
                continue
            seen[marker] = len(rows)
            rows.append((key_label(key), description))
        if "Tabs" in groups:  # one line for the digits: "1-6  Overview, News, …"
            tabs = groups.pop("Tabs")
            groups["Tabs"] = [(f"{tabs[0][0]}-{tabs[-1][0]}", ", ".join(d for _, d in tabs))]
        groups.setdefault("Everywhere", []).append(("Ctrl+P", "Search everything (the palette)"))
        order = (self._first or f"{self._tab_title} tab", None, "On the highlighted item, in every tab", "Tabs",
                 "Everywhere")
        rank = {g: order.index(g) if g in order else order.index(None) for g in groups}
        return {g: groups[g] for g in sorted(groups, key=rank.__getitem__)}

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Content(f"Keys · {self._tab_title}"), classes="help-title", markup=False)
            with VerticalScroll():
                for group, rows in self.groups().items():
                    yield Static(Content(group), classes="help-group", markup=False)
                    width = max(len(k) for k, _ in rows)
                    lines = [Content.assemble((k.ljust(width), "bold $text-accent"), "  ", d) for k, d in rows]
                    yield Static(Content("\n").join(lines), markup=False)
            yield Static(Content("Esc closes · ↑↓ scroll · README.md lists every key"), classes="help-foot",
                         markup=False)

    def on_mount(self) -> None:
        self.query_one(VerticalScroll).focus()

    def action_dismiss_help(self) -> None:
        self.dismiss(None)
