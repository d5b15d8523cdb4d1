"""Keys typed ahead of a focus change go where the focus went: into the text box a key just opened.

Textual hands each key to the widget that has focus as the key is read, before that widget has
handled the keys before it. So a key that moves focus into a text box (``/`` in the Timeline,
``ctrl+p``, ``n``) followed at once by words — typed fast, pasted, or arriving in one burst over
SSH — had the words' letters handled by the list as its own keys: ``/quantum`` set the status filter,
opened the note editor and quit the app. Each key is seen twice by the App: as it is read (and
handed on), and after the widget it was handed to let it go up. :class:`TypeAhead` remembers who
each key was handed to; a key that comes back up when focus has moved to a text box meanwhile, or
to a screen just shown that has no focus yet, is handed on afresh where focus is, and no binding of
the list's is run for it. Those keys, and any read behind them, are handed on one at a time, each
once the one before has had its effect (``/guowang``, Escape, ``j``: the word searched, then ``j``
moves the list).

Only a move into a text box or a new screen is followed: after a move between lists (``5`` then
``j``) the key's binding already runs in the new place (Textual checks bindings where focus is when
the key comes up).
"""

from __future__ import annotations

from functools import partial
from time import monotonic

from textual import events
from textual.app import App
from textual.screen import Screen
from textual.widget import NoScreen, Widget

#: Keys remembered at most: a key a widget handles itself never comes back up, so its entry is dropped
#: here, oldest first. Far more than a burst of typing holds before the App reads it back.
_REMEMBERED = 256


class TypeAhead:
    """Who each key read from the terminal was handed to, until it comes back up to the App."""

    def __init__(self) -> None:
        self._given: dict[int, Widget | None] = {}
        #: Keys handed on again here: their bindings run where they were handed, as for any key.
        self._ours: set[int] = set()
        #: Keys to hand on again, in the order typed, one at a time: each goes where focus is once the
        #: one before it has had its effect ("/word", Escape, "j": the word in the box, j on the list).
        self._waiting: list[events.Key] = []

    def read(self, key: events.Key, app: App) -> bool:
        """``key`` was read from the terminal: True when it waits behind keys typed before it (the App
        must not hand it on itself), else it is remembered as handed to the focused widget."""
        if self._waiting:
            self._waiting.append(key)
            return True
        self._remember(key, app.focused)
        return False

    def redirect(self, key: events.Key, app: App) -> bool:
        """``key`` came back up to ``app``: True when it is handed on again, as typed where focus is
        then (no binding is to run for it now): when it was handed to another widget before focus
        moved into a text box, or before a screen came up that has no focus yet (its box is focused as
        it mounts), or when keys typed before it wait to be handed on."""
        given = self._given.pop(id(key), None)
        if id(key) in self._ours:
            self._ours.discard(id(key))
            return False
        if given is None:
            return False
        if not self._waiting:
            focused = app.focused
            if focused is given or not (is_text_box(focused)
                                        or (focused is None and _screen_of(given) is not app.screen)):
                return False
            app.call_after_refresh(self._deliver, app, _TRIES)
        self._waiting.append(key)
        return True

    def _deliver(self, app: App, tries: int) -> None:
        """Hand the first waiting key to the focused widget (after ``tries`` frames with none, to the
        screen), and the next one when that one has had its effect."""
        if not self._waiting or not app.is_running:
            self._waiting.clear()
            return
        if app.focused is None and tries > 0:
            app.call_after_refresh(self._deliver, app, tries - 1)
            return
        key = self._waiting.pop(0)
        to = app.focused or app.screen
        again = events.Key(key.key, key.character)
        self._remember(again, to)
        self._ours.add(id(again))
        to._forward_event(again)  # as the App hands a key on: marked forwarded, so it comes up once
        if self._waiting:
            # Once the widget has handled it (after the key, in its own queue) and a frame is drawn. After a
            # key that is not typing, once focus moves too, or after a quarter of a second: what it set off
            # takes a few steps (Escape comes up as a binding, which tells the tab to focus its list).
            typing = key.is_printable or key.key == "backspace"
            until = None if typing else monotonic() + _SETTLE
            if not to.call_later(app.call_after_refresh, self._after, app, to, until):
                app.call_after_refresh(self._after, app, to, until)  # it closed meanwhile: the keys still go on

    def _after(self, app: App, focused: Widget, until: float | None) -> None:
        if until is not None and app.focused is focused and monotonic() < until and app.is_running:
            app.set_timer(_LOOK_AGAIN, partial(self._after, app, focused, until))
        else:
            self._deliver(app, _TRIES)

    def _remember(self, key: events.Key, to: Widget | None) -> None:
        self._given[id(key)] = to
        if len(self._given) > _REMEMBERED:
            del self._given[next(iter(self._given))]
        if len(self._ours) > _REMEMBERED:
            self._ours.clear()  # keys handed on and never back up: handled where they went


#: Widgets a key types into: Textual's, and ours made from them. Told by name, not imported: the text
#: area's module is not needed for the first frame (a tenth of a start-up's imports, issue 31).
TEXT_BOXES = frozenset({("textual.widgets._input", "Input"), ("textual.widgets._text_area", "TextArea")})


def is_text_box(widget: Widget | None) -> bool:
    """True for an Input or a TextArea (or a widget made from one)."""
    return widget is not None and any((cls.__module__, cls.__name__) in TEXT_BOXES for cls in type(widget).__mro__)

#: Frames a key waits for a new screen's focus before it goes to the screen itself.
_TRIES = 5

#: Seconds the next key waits at most after one that is not typing, for focus to move; how often it looks.
_SETTLE = 0.25
_LOOK_AGAIN = 0.005


def _screen_of(widget: Widget | None) -> Screen | None:
    try:
        return widget.screen if widget is not None else None
    except NoScreen:
        return None
