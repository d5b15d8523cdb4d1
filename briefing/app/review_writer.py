"""The Review screen's writer: one thread that runs a review's decisions, in the order they were given.

A decision's save is pure Python (tens of milliseconds on a large draft) and goes to disk, so it
never runs on the UI thread. Jobs are handed over in two steps: :meth:`ReviewWriter.add` keeps
one until :meth:`ReviewWriter.flush` (the screen calls it once the key's frame is drawn, so the
save does not share the interpreter with the key's own work). Results wait in a queue the UI
thread empties; the thread only calls ``ready`` to say so, which must not block (the screen
posts a message): the UI thread may be waiting for this thread as the screen closes.
"""

from __future__ import annotations

import queue
import threading
from collections import deque
from typing import Any, Callable

#: A job: the work, the ids it decides (shown pending until done), and what to do with its result.
Job = tuple[Callable[[], Any], tuple[str, ...], Callable[[Any], None] | None]
#: A finished job: its ids, its result (or None) and the error said in one sentence (or None), and its callback.
Done = tuple[tuple[str, ...], Any, "str | None", Callable[[Any], None] | None]


class ReviewWriter:
    """Runs jobs one at a time in a thread of its own; :attr:`outstanding` counts those not yet taken back."""

    def __init__(self, ready: Callable[[], None], expected: tuple[type[Exception], ...]) -> None:
        self._ready = ready
        self._expected = expected
        self._jobs: queue.Queue[Job | None] = queue.Queue()
        self._deferred: list[Job] = []
        self._results: deque[Done] = deque()
        self._thread: threading.Thread | None = None
        self.outstanding = 0

    def start(self) -> None:
        self._thread = threading.Thread(target=self._loop, name="review-writer", daemon=True)
        self._thread.start()

    def add(self, job: Job) -> None:
        """Keep ``job`` until :meth:`flush`; it counts as outstanding from now."""
        self.outstanding += 1
        self._deferred.append(job)

    def flush(self) -> None:
        """Hand every kept job to the thread, in order."""
        while self._deferred:
            self._jobs.put(self._deferred.pop(0))

    def finished(self) -> list[Done]:
        """The jobs done since last asked, in order (UI thread)."""
        done = []
        while self._results:
            done.append(self._results.popleft())
            self.outstanding -= 1
        return done

    def stop(self, timeout: float = 10.0) -> None:
        """Run what is kept and queued, then end the thread (waits up to ``timeout`` s)."""
        self.flush()
        if self._thread is not None and self._thread.is_alive():
            self._jobs.put(None)
            self._thread.join(timeout)

    def _loop(self) -> None:
        while True:
            job = self._jobs.get()
            if job is None:
                return
            work, ids, on_done = job
            try:
                result, error = work(), None
            except self._expected as problem:
                result, error = None, str(problem)
            except Exception as problem:  # noqa: BLE001 - said on screen; the writer goes on
                result, error = None, f"{type(problem).__name__}: {problem}"
            self._results.append((ids, result, error, on_done))
            self._ready()
