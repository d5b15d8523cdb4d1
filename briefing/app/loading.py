"""How the App gets its editions: at once for an up-to-date store or a small edition, else in steps.

:meth:`EditionsLoader.open_at_once` runs before the first frame, so a small edition opens
on its Overview rather than a loading screen; otherwise :meth:`EditionsLoader.load` loads in a
worker thread: report.toml first (the Overview is shown from it), then the datasets,
compiled in a child process and read from the store. :func:`stop_compiling` ends that
child when the App quits.
"""

from __future__ import annotations

import sys
import time
from typing import TYPE_CHECKING, Callable, Mapping

from textual.content import Content

from ..model.data.model import Model
from ..model.library.catalog import data_paths, data_paths_and_problems
from ..model.library.status import Status, statuses_of
from ..model.store.opening import LoadResult

if TYPE_CHECKING:
    from textual.app import App


class EditionsLoader:
    """The editions under the data paths (or the defaults), narrowed to the one asked for, if any.

    It holds what is known before anything is parsed (the folders, what was not read, each
    edition's status) and the last full load; the App is told of each step by the callbacks
    handed to :meth:`load`.
    """

    def __init__(self, data: list[str] | None, edition: str | None, result: LoadResult | None = None) -> None:
        self.data, self.edition = data, edition
        #: The last full load; None until it is in.
        self.result = result
        #: The edition folders, and a line for each place that held something not read (a link, a FIFO...).
        self.paths, self.problems = data_paths_and_problems(data)
        #: Each edition's status (draft, reviewed, published), read from its folder (about a millisecond).
        self.statuses: Mapping[str, Status] = statuses_of(self.paths)

    def open_at_once(self) -> LoadResult | None:
        """The editions when they open in a few milliseconds; None when they need :meth:`load`'s worker.

        An up-to-date store opens in a millisecond whatever its size, and a small edition (the
        shipped one is 60 kB) compiles in a few.
        """
        if self.result is None:
            from ..model.store.opening import is_small, open_model, open_store

            paths = self.paths
            self.result = open_store(paths) or (open_model(paths) if is_small(paths) else None)
        return self.result

    def reload(self) -> LoadResult:
        """Every edition read again (the review changed an edition's files)."""
        from ..model.store.opening import open_model

        self.result = open_model(data_paths(self.data))
        return self.result

    def notices(self, result: LoadResult) -> list[tuple[Content, str]]:
        """What to tell the user of a load, with a title: an edition asked for and not found, problems in the data."""
        notices = []
        if self.edition and result.model.edition(self.edition) is None:
            notices.append((Content(f"No edition {self.edition!r}; showing all."), "Editions"))
        if errors := result.errors:
            count = len(errors)
            notices.append((Content(f"{count} problem{'s' if count != 1 else ''} in the data; the rest loaded. "
                                    f"First: {errors[0]}\nRun 'briefing validate' for all."), "Data problems"))
        return notices

    def narrow(self, model: Model) -> Model:
        """``model`` narrowed to the edition asked for on the command line, if it holds it."""
        return model.only(self.edition) if self.edition and model.edition(self.edition) else model

    def load(self, app: App, first: Callable[[], None], preview: Callable[[LoadResult], None],
             progress: Callable[[str], None], loaded: Callable[[LoadResult], None]) -> None:
        """Hand ``loaded`` what :meth:`open_at_once` found, else load in ``app``'s worker thread, so a
        large edition never freezes the screen.

        Each callback runs on the UI thread: ``first`` before anything is read, ``preview`` with
        report.toml alone, ``progress`` with each step's text, ``loaded`` with every dataset.
        """
        if self.problems:  # a link, a FIFO, a half-copied edition in the team's editions...
            app.notify(library_notice(self.problems), title="Editions", severity="warning", timeout=10)
        if self.result is not None:
            first()
            loaded(self.result)
            return

        def steps() -> None:
            from ..model.store.opening import open_model

            app.call_from_thread(first)
            paths = self.paths
            app.call_from_thread(preview, open_model(paths, files=("report.toml",)))
            started = time.monotonic()

            def step(what: str) -> None:
                app.call_from_thread(progress, f"Loading {what}… {time.monotonic() - started:.1f} s")

            # A large edition is compiled in a child process (see store.compile.compile_in_child).
            self.result = open_model(paths, progress=step)
            app.call_from_thread(loaded, self.result)

        app.run_worker(steps, thread=True, exclusive=True, group="load")


def stop_compiling() -> None:
    """Stop a first compile still running in a child process: it must not outlive the app."""
    compile_module = sys.modules.get("briefing.model.store.compile")  # imported only if one was started
    if compile_module is not None:
        compile_module.stop_children()


def library_notice(problems: list[str]) -> Content:
    """The notice for places that held something not read: the first, and how many more."""
    count = len(problems)
    more = f" (and {count - 1} more)" if count > 1 else ""
    return Content(f"{problems[0]}{more}. 'briefing editions' lists every edition and what was not read.")
