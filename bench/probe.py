"""The measuring end of the benchmarks: one app run per process, results written as JSON.

``bench/run.py`` starts this script in a fresh interpreter for every measurement that
must not share a process (start-up, peak memory), and once per dataset for the
interactive timings. It is not meant to be run by hand, but can be::

    python bench/probe.py startup bare --result out.json
    python bench/probe.py startup briefing --data data --result out.json
    python bench/probe.py interact --data data --rare pinglu --result out.json

Every time is a :func:`time.perf_counter` reading. On Linux that is ``CLOCK_MONOTONIC``,
one clock for every process, so the parent can subtract its own reading taken just
before it spawned this process ("process start") from the times reported here.

What "painted" means: the apps run with :class:`NullDriver`, a terminal driver that
is not headless (so Textual does all the work of a real frame, down to the escape
sequences) but writes them nowhere. ``App.post_display_hook`` (public, "used in
tests") runs after each frame is written; the probes timestamp frames there.
"""

from __future__ import annotations

import time

#: Taken before anything else is imported: how long the interpreter itself took to start is
#: the parent's spawn time to this.
PROBE_START = time.perf_counter()

import asyncio  # noqa: E402
import json  # noqa: E402
import math  # noqa: E402
import os  # noqa: E402
import sys  # noqa: E402
from pathlib import Path  # noqa: E402

#: Terminal size for every run: wide enough for the timeline's side-by-side reading pane.
SIZE = (120, 40)
#: Interval of the responsiveness timer; a gap between ticks much longer than this is a frozen UI.
TICK = 0.05
#: Give up on an app that never becomes ready (a probe must never hang the benchmark run).
TIMEOUT = 600.0


def memory() -> dict[str, int]:
    """Peak and current resident set size of this process, in KiB (Linux /proc; getrusage elsewhere)."""
    try:
        with open("/proc/self/status", encoding="ascii") as handle:
            fields = dict(line.split(":", 1) for line in handle if ":" in line)
        return {"peak_rss_kib": int(fields["VmHWM"].split()[0]), "rss_kib": int(fields["VmRSS"].split()[0])}
    except (OSError, KeyError, ValueError):
        import resource

        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        if sys.platform == "darwin":
            peak //= 1024  # bytes there, KiB on Linux
        return {"peak_rss_kib": peak, "rss_kib": 0}


def _probe_base():
    """BriefingApp, for subclassing here: its CSS_PATH is relative to its own module, so make it absolute."""
    from briefing.app.app import BriefingApp

    class ProbeBase(BriefingApp):
        CSS_PATH = str(Path(sys.modules[BriefingApp.__module__].__file__).parent / BriefingApp.CSS_PATH)

    return ProbeBase


def _null_driver_class():
    """A driver that renders every frame like a terminal driver and throws the bytes away."""
    from textual.drivers.headless_driver import HeadlessDriver

    class NullDriver(HeadlessDriver):
        # Not headless: App._display skips turning frames into escape sequences for a headless
        # driver, and that work is part of what an analyst waits for.
        @property
        def is_headless(self) -> bool:
            return False

        def write(self, data: str) -> None:
            self.bytes_written = getattr(self, "bytes_written", 0) + len(data)

    return NullDriver


class FrameClock:
    """Frame and tick timestamps of one app run, and the first frame after a moment of interest."""

    def __init__(self) -> None:
        self.frames: list[float] = []
        self.ticks: list[float] = []

    def frame(self) -> float:
        now = time.perf_counter()
        self.frames.append(now)
        return now

    def first_frame_after(self, moment: float) -> float | None:
        return next((t for t in self.frames if t >= moment), None)

    def max_gap(self, start: float, end: float) -> float:
        """Longest wait between responsiveness ticks (or the ends of the window) from ``start`` to ``end``."""
        points = [start] + [t for t in self.ticks if start < t < end] + [end]
        return max((b - a for a, b in zip(points, points[1:])), default=0.0)


# -- start-up -----------------------------------------------------------------------------------


def startup(kind: str, data: list[str]) -> dict:
    """Run one app until it is ready for keys; return when each step happened, and peak memory.

    ``bare``: a Textual app with one Static, the least a Textual app paints; ready at the first frame
    that shows the Static. ``briefing``: the real app loading ``data`` in its worker;
    ready at the first frame after the model is loaded and the Overview tab is mounted
    and laid out.
    """
    clock = FrameClock()
    marks: dict[str, float] = {"probe_start": PROBE_START}
    driver = _null_driver_class()

    if kind == "bare":
        from textual.app import App, ComposeResult
        from textual.widgets import Static

        marks["imported"] = time.perf_counter()

        class Bare(App):
            def get_driver_class(self):
                return driver

            def compose(self) -> ComposeResult:
                yield Static("Hello", id="hello")

            def post_display_hook(self) -> None:
                now = clock.frame()
                marks.setdefault("first_paint", now)
                if "ready" not in marks and _laid_out(self, "#hello"):
                    marks["ready"] = now
                    marks.update(memory())
                    self.exit()

        app = Bare()
    else:
        BriefingApp = _probe_base()
        marks["imported"] = time.perf_counter()
        loaded: list = []

        class Probe(BriefingApp):
            def get_driver_class(self):
                return driver

            def on_mount(self) -> None:  # Textual also runs BriefingApp.on_mount: handlers run down the MRO
                marks["mounted"] = time.perf_counter()
                self.set_interval(TICK, lambda: clock.ticks.append(time.perf_counter()))

            def _loaded(self, result) -> None:
                marks["loaded"] = time.perf_counter()
                loaded.append(result)  # counted after the run, so counting is not timed
                super()._loaded(result)

            def post_display_hook(self) -> None:
                now = clock.frame()
                marks.setdefault("first_paint", now)
                if "progress_shown" not in marks and (_any_laid_out(self, "#progress")
                                                      or _any_laid_out(self, ".loading")):
                    marks["progress_shown"] = now  # a loading notice or the progress line is on screen
                tab = _overview(self)
                if tab is None:
                    return
                marks.setdefault("overview_shown", now)  # perhaps from report.toml alone, while the rest loads
                # Ready: the Overview built from the loaded model (not the preview built from
                # report.toml while the datasets load) is in this frame.
                if "ready" not in marks and "loaded" in marks and tab.model is self.model:
                    marks["ready"] = now
                    marks.update(memory())
                    self.exit()

        app = Probe(data)

    def watchdog_exit() -> None:
        marks["timed_out"] = True
        app.exit()

    async def run() -> None:
        async def guard() -> None:
            await asyncio.sleep(TIMEOUT)
            watchdog_exit()

        task = asyncio.get_running_loop().create_task(guard())
        try:
            await app.run_async(size=SIZE)
        finally:
            task.cancel()

    asyncio.run(run())
    result = dict(marks)
    if kind != "bare" and loaded:
        result["records"] = sum(1 for _ in loaded[0].model.records())
        result["problems"] = len(loaded[0].problems)
    if "loaded" in marks:
        end = marks.get("ready", marks["loaded"])
        result["max_gap"] = clock.max_gap(marks.get("mounted", marks["loaded"]), end)
        result["ticks"] = len(clock.ticks)
    result["frames"] = len(clock.frames)
    if "peak_rss_kib" not in result:  # never ready: report what there is
        result.update(memory())
    return result


def _any_laid_out(app, selector: str) -> bool:
    """True when any widget matching ``selector`` is shown and has a place on screen."""
    return any(w.is_mounted and w.display and w.region.area > 0 for w in app.query(selector))


def _overview(app):
    """The Overview tab when it is mounted and on screen, else None."""
    found = app.query("#overview-tab")
    tab = found.first() if found else None
    return tab if tab is not None and tab.is_mounted and tab.region.area > 0 else None


def _laid_out(app, selector: str) -> bool:
    """True once the widget ``selector`` is mounted and has a place on screen (it is in the frame being drawn)."""
    found = app.query(selector)
    return bool(found) and found.first().is_mounted and found.first().region.area > 0


# -- interactive timings --------------------------------------------------------------------------


def interact(data: list[str], rare: str, none: str, common: str, palette_query: str) -> dict:
    """Keystroke, sort and jump timings in one app driven by Pilot, as in the app's own tests."""
    from briefing.model.store.opening import open_model

    load_start = time.perf_counter()
    loaded = open_model([Path(p) for p in data])
    load_seconds = time.perf_counter() - load_start
    clock = FrameClock()
    driver = _null_driver_class()
    #: When the message that follows a key (search changed, sort changed) reached the app.
    seen: dict[str, float] = {}
    counts: list[tuple[float, str]] = []
    handled: list[float] = []
    watching: dict[str, object] = {}

    class Probe(_probe_base()):
        def get_driver_class(self):
            return driver

        def on_mount(self) -> None:  # BriefingApp.on_mount runs too
            self.set_interval(TICK, lambda: clock.ticks.append(time.perf_counter()))

        # Messages bubble to the app after the widgets between have handled them, so by the time
        # this runs the table has reordered its rows.
        def on_medal_table_view_changed(self, message) -> None:
            seen["sort"] = time.perf_counter()

        def post_display_hook(self) -> None:
            now = clock.frame()
            opening = watching.get("open")
            if opening and "opened" not in seen and _laid_out(self, opening):
                seen["opened"] = now  # the first frame with the tab being opened on screen
            if watching.get("count"):
                counts.append((now, _count_text(self)))
            listing = watching.get("hits")
            if listing is not None:
                # The frame that first lists the palette's hits.
                listing.append((now, _first_hit(self)))
            shown_keys = watching.get("record")
            if shown_keys is not None:
                record = self.main.current_record()
                shown_keys.append((now, record.key if record is not None else None))

    # The tab filters as the key is handled, before the search box's Changed message bubbles
    # up, so the moment it is done is taken from the method that recomputes the rows.
    from briefing.app.tabs.timeline.timeline_tab import TimelineTab

    recompute = TimelineTab._apply

    def timed_apply(tab, *args, **kwargs):
        recompute(tab, *args, **kwargs)
        seen["search"] = time.perf_counter()

    TimelineTab._apply = timed_apply

    app = Probe(load_result=loaded)
    results: dict = {"load_seconds": load_seconds, "records": sum(1 for _ in loaded.model.records()),
                     "events": len(loaded.model.events), "medals": len(loaded.model.medals)}

    async def idle(pilot) -> None:
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()

    async def open_tab(pilot, key: str, selector: str, name: str) -> None:
        """Seconds from the tab's key to the first frame with the tab built and laid out, and the longest freeze."""
        seen.pop("opened", None)
        watching["open"] = selector
        start = time.perf_counter()
        await pilot.press(key)
        for _ in range(int(TIMEOUT * 100)):
            if "opened" in seen:
                break
            await asyncio.sleep(0.01)
        await idle(pilot)
        watching["open"] = None
        results[f"open_{name}"] = seen.get("opened", math.nan) - start
        # Building a tab runs on the UI thread: how long the 50 ms timer could not tick meanwhile.
        results[f"open_{name}_max_gap"] = clock.max_gap(start, time.perf_counter())

    async def keystroke(pilot, key: str) -> float:
        """Seconds from the key press to the first frame showing the list as it finally is after that key."""
        seen.pop("search", None)
        counts.clear()
        watching["count"] = True
        start = time.perf_counter()
        await pilot.press(key)
        await idle(pilot)
        watching["count"] = False
        final = _count_text(app)
        changed = seen.get("search", start)
        handled.append(changed - start)
        # The first frame after the tab handled the change, unless the list was still catching up
        # (a search finished later, in a worker): then the first frame showing the final count.
        for moment, text in counts:
            if moment >= changed and text == final:
                return moment - start
        return (clock.first_frame_after(changed) or time.perf_counter()) - start

    async def run() -> None:
        async with app.run_test(headless=False, size=SIZE) as pilot:
            await idle(pilot)

            # -- timeline: search as you type
            await open_tab(pilot, "5", "#timeline-tab", "timeline")
            await idle(pilot)  # the search index is built in a worker on large timelines
            await pilot.press("slash")
            await idle(pilot)
            session = _typing_session(common, rare, none)
            times: list[float] = []
            for key in session:
                times.append(await keystroke(pilot, key))
            results["keystrokes"] = times
            results["keystrokes_handled"] = handled  # key press to the tab done recomputing, before painting
            results["keystroke_session"] = session
            await pilot.press("escape")
            await idle(pilot)

            # -- medals: every column's sort cycle (ascending, descending, report order)
            await open_tab(pilot, "3", "#medals-tab", "medals")
            sorts: dict[str, list[float]] = {}
            sorted_in: list[float] = []
            for key in ("s", "c", "a", "m"):
                for _ in range(3):
                    seen.pop("sort", None)
                    start = time.perf_counter()
                    await pilot.press(key)
                    await idle(pilot)
                    frame = clock.first_frame_after(seen.get("sort", start))
                    sorts.setdefault(key, []).append((frame or time.perf_counter()) - start)
                    sorted_in.append(seen.get("sort", start) - start)
            results["sorts"] = sorts
            results["sorts_handled"] = sorted_in  # key press to the table reordered, before painting

            # -- jump: palette search, Enter on the first hit, until the record is highlighted
            results["jumps"] = []
            await pilot.press("1")  # back to the Overview, if the tab keys work here ("from_tab" says where it started)
            await idle(pilot)
            for _ in range(2):  # the first search builds the palette's index; the second reuses it
                results["jumps"].append(await _jump(pilot, app, clock, watching, palette_query, idle))
                await pilot.press("1")
                await idle(pilot)

    asyncio.run(run())
    results["frames"] = len(clock.frames)
    results.update(memory())
    return results


def _first_hit(app) -> object:
    """The palette's first listed option (an object new with every search), or None."""
    from textual.command import CommandList, CommandPalette

    screen = app.screen
    if not isinstance(screen, CommandPalette):
        return None
    options = screen.query_one(CommandList)
    return options.get_option_at_index(0) if options.option_count else None


def _count_text(app) -> str:
    """The timeline's "12 of 33 events" line, or "" when the timeline is not built."""
    from textual.widgets import Static

    found = app.query("#timeline-count")
    if not found:
        return ""
    widget = found.first()
    content = widget.content if isinstance(widget, Static) else ""
    return getattr(content, "plain", str(content))


def _typing_session(common: str, rare: str, none: str) -> list[str]:
    """Type a common word, backspace half of it, retype it, clear; a rare word, clear; a word that matches nothing."""
    keys: list[str] = list(common)
    half = len(common) // 2
    keys += ["backspace"] * half + list(common[-half:])
    keys += ["backspace"] * len(common)
    keys += list(rare) + ["backspace"] * len(rare)
    keys += list(none)
    return keys


async def _jump(pilot, app, clock: FrameClock, watching: dict, query: str, idle) -> dict:
    """Time a palette jump: the query's hits shown, then Enter until the record is highlighted.

    The record jumped to is whichever the palette listed first; "shown" is the first frame
    after Enter in which the app's highlighted record is that one.
    """
    from textual.command import CommandList, CommandPalette

    start_tab = app.main.current_tab()
    opened_at = time.perf_counter()
    await pilot.press("ctrl+p")
    await idle(pilot)
    opened = (clock.first_frame_after(opened_at) or time.perf_counter()) - opened_at
    palette_opened = isinstance(app.screen, CommandPalette)
    await pilot.press(*query[:-1])
    await idle(pilot)
    # The last key of the query: from it to the first frame listing hits.
    # The palette lists the previous query's hits until the new ones replace them; each search
    # builds new option objects, so the first frame whose first option is a new object shows them.
    before = _first_hit(app)
    listing: list[tuple[float, object]] = []
    watching["hits"] = listing
    typed_at = time.perf_counter()
    await pilot.press(query[-1])
    await idle(pilot)
    watching["hits"] = None
    listed = app.screen.query_one(CommandList).option_count if isinstance(app.screen, CommandPalette) else 0
    first_hit = _first_hit(app)
    hit_title = getattr(getattr(first_hit, "hit", None), "text", None)  # the palette's Hit.text: the record's title
    hits_at = next((t for t, first in listing if t >= typed_at and first is not None and first is not before),
                   None)
    hits = (hits_at - typed_at) if hits_at is not None else None
    shown_keys: list[tuple[float, str | None]] = []
    watching["record"] = shown_keys
    enter_at = time.perf_counter()
    await pilot.press("enter")
    # Building the target tab can outlast Pilot's idea of idle (100,000 news items): wait for a record.
    for _ in range(int(TIMEOUT * 100)):
        if app.main.current_record() is not None:
            break
        await asyncio.sleep(0.01)
    await idle(pilot)
    watching["record"] = None
    record = app.main.current_record()
    tab = app.main.current_tab()
    target = record.key if record is not None else None
    tab_name = tab.id.removesuffix("-tab") if tab is not None and tab.id else None
    shown = next((t for t, key in shown_keys if t >= enter_at and key == target), None) if target else None
    return {
        "query": query, "from_tab": start_tab.id if start_tab is not None else None,
        "hit_title": hit_title, "arrived": record is not None and record.title == hit_title,
        "palette_opened": palette_opened, "hits_listed": listed, "hits_found": hits_at is not None,
        "target": target, "tab": tab_name,
        "open_palette": opened, "hits_shown": hits,
        "enter_to_shown": (shown - enter_at) if shown else None,
        "total": (hits + shown - enter_at) if shown and hits is not None else None,
    }


# -- command line ---------------------------------------------------------------------------------


def main(argv: list[str]) -> int:
    # No argparse: importing it would add to the start-up being measured, for both apps alike.
    mode, rest = argv[0], argv[1:]
    options: dict[str, list[str]] = {}
    positional: list[str] = []
    while rest:
        item = rest.pop(0)
        if item.startswith("--"):
            options.setdefault(item[2:], []).append(rest.pop(0))
        else:
            positional.append(item)
    result_path = Path(options["result"][0])
    if mode == "startup":
        result = startup(positional[0], options.get("data", []))
    elif mode == "interact":
        result = interact(options.get("data", []), options["rare"][0], options["none"][0],
                          options["common"][0], options["palette"][0])
    else:
        raise SystemExit(f"unknown mode {mode!r}")
    result_path.write_text(json.dumps(result), encoding="utf-8")
    sys.stdout.flush()
    # Skip tearing down hundreds of megabytes of records: nothing is measured after this point,
    # and interpreter shutdown at 100,000 events takes seconds.
    os._exit(0)


if __name__ == "__main__":
    main(sys.argv[1:])
