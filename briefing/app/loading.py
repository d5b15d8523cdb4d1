"""How the App gets its model: at once for an up-to-date store or a small edition, else in steps.

:func:`open_at_once` runs before the first frame, so a small edition opens on its
Overview rather than a loading screen. :func:`load_in_steps` runs in the App's worker
thread: report.toml first (the Overview is shown from it), then the datasets, compiled in
a child process and read from the store.
"""

from __future__ import annotations

import sys
import time
from typing import Callable

from textual.content import Content

from ..model.locations import data_paths
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


def problems_notice(errors: list) -> Content:
    """The notice for an edition that loaded with problems: how many, and the first."""
    count = len(errors)
    return Content(f"{count} problem{'s' if count != 1 else ''} in the data; the rest loaded. "
                   f"First: {errors[0]}\nRun 'briefing validate' for all.")
