"""How the App gets its model: at once for an up-to-date store or a small edition, else in steps.

:func:`open_at_once` runs before the first frame, so a small edition opens on its
Overview rather than a loading screen. :func:`load_in_steps` runs in the App's worker
thread: report.toml first (the Overview is shown from it), then the datasets, compiled in
a child process and read from the store. :func:`stop_compiling` ends that child when the
App quits.
"""

from __future__ import annotations

import gc
import sys
import time
from typing import Callable

from textual import work
from textual.content import Content

from ..model.data.model import Model
from ..model.library.catalog import data_paths
from ..model.store.opening import LoadResult


def open_at_once(data: list[str] | None) -> LoadResult | None:
    """The editions under ``data`` when they open in a few milliseconds; None when they need the worker.

    An up-to-date store opens in a millisecond whatever its size, and a small edition (the
    shipped one is 60 kB) compiles in a few.
    """
    from ..model.store.opening import is_small, open_model, open_store

    paths = data_paths(data)
    return open_store(paths) or (open_model(paths) if is_small(paths) else None)


def load_in_steps(data: list[str] | None, preview: Callable[[LoadResult], None],
                  progress: Callable[[str], None]) -> LoadResult:
    """Load off the UI thread: ``preview`` gets report.toml alone, ``progress`` each step's text."""
    from ..model.store.opening import open_model

    paths = data_paths(data)
    preview(open_model(paths, files=("report.toml",)))
    started = time.monotonic()

    def step(what: str) -> None:
        progress(f"Loading {what}… {time.monotonic() - started:.1f} s")

    # A large edition is compiled in a child process (see store.compile.compile_in_child).
    return open_model(paths, progress=step)


def stop_compiling() -> None:
    """Stop a first compile still running in a child process: it must not outlive the app."""
    compile_module = sys.modules.get("briefing.model.store.compile")  # imported only if one was started
    if compile_module is not None:
        compile_module.stop_children()


class LoadsInSteps:
    """The App's loading, in steps off the UI thread: mixed into :class:`BriefingApp`, whose
    ``_data``, ``_edition``, ``notes_controller``, ``main`` and ``model`` it fills."""

    @work(thread=True, exclusive=True, group="load")
    def _load(self) -> None:
        """Load off the UI thread, so a large edition never freezes the screen (see load_in_steps)."""
        self.call_from_thread(self.notes_controller.load)
        result = load_in_steps(self._data, lambda preview: self.call_from_thread(self._previewed, preview),
                               lambda text: self.call_from_thread(self._progress, text))
        self.call_from_thread(self._loaded, result)

    def _previewed(self, preview: LoadResult) -> None:
        if self.load_result is None:  # else the full load won the race
            self.loading = True
            self.model = self._narrow(preview.model)

    def _progress(self, text: str) -> None:
        self.main.show_progress(text if self.loading else None)

    def _narrow(self, model: Model) -> Model:
        """The model narrowed to the edition asked for on the command line, if any."""
        return model.only(self._edition) if self._edition and model.edition(self._edition) else model

    def _loaded(self, result: LoadResult) -> None:
        # The model lives as long as the app: out of the collector's sight, full collections no
        # longer walk it mid-keystroke. No gc.collect() first: it cost 11 ms of a 200 ms start-up.
        gc.freeze()
        self.load_result, self.full_model, self.loading = result, result.model, False
        self.main.show_progress(None)
        if self._edition and result.model.edition(self._edition) is None:
            self.notify(Content(f"No edition {self._edition!r}; showing all."), severity="warning")
            self.edition_id = None
        self.model = self._narrow(result.model)
        if result.errors:
            self.notify(problems_notice(result.errors), title="Data problems", severity="warning", timeout=10)


def problems_notice(errors: list) -> Content:
    """The notice for an edition that loaded with problems: how many, and the first."""
    count = len(errors)
    return Content(f"{count} problem{'s' if count != 1 else ''} in the data; the rest loaded. "
                   f"First: {errors[0]}\nRun 'briefing validate' for all.")
