"""The app's side of follow-ups: the outcomes as last read, the plans' statuses, and recording an outcome.

Outcomes are read (yours and the team's) and the statuses worked out in a thread, never on
the UI thread: the team's files are another account's to fill, and following plans
through several editions matches their records as ``briefing diff`` does (about a second
for two 10,000-event editions). When done, the App is told (``on_change``) and publishes a
new :class:`ViewState` holding the list. Recording an outcome goes through the notes
machinery (lock, re-read, atomic write), also in a thread, then everything is read again.

The day statuses are judged by is :attr:`today`: the clock's unless a caller (a test, a
script) fixes it.
"""

from __future__ import annotations

import datetime as dt
import os
from typing import Any, Callable, NamedTuple

from textual.app import App
from textual.content import Content

from ..model.data.model import Model
from ..model.data.records import Event
from ..model.data.text import clean_text


class OutcomeRequest(NamedTuple):
    """What the outcome dialog asks to record on a plan."""

    kind: str  # happened | slipped | cancelled | reopened
    date: dt.date | None = None
    window: str | None = None
    source: str = ""
    note: str = ""
    team: bool = False


#: How often the notes files are looked at for outcomes recorded elsewhere (a teammate, another window).
REFRESH_SECONDS = 15.0


class FollowupsController:
    """Holds the follow-ups of the full model and records outcomes; tells the App when they change."""

    def __init__(self, app: App, on_change: Callable[[], None], today: dt.date | None = None) -> None:
        self.app = app
        self.on_change = on_change
        self._today = today
        self.model: Model | None = None
        #: Every plan with its status (model.followups.status.FollowUp), in the list's order; None until worked out.
        self.items: tuple | None = None
        #: The day ``items`` were judged by.
        self.as_of: dt.date | None = None
        #: What the notes files looked like when last read (sizes, times): read again only when it changes.
        self._seen: tuple | None = None
        self._polling = False
        #: False where no notes file may be read (a served app without --notes): statuses from the editions alone.
        self.read_outcomes = True

    @property
    def today(self) -> dt.date:
        """The day statuses are judged by: fixed by a caller, else the clock's."""
        return self._today or dt.date.today()

    @today.setter
    def today(self, day: dt.date | None) -> None:
        self._today = day

    def load(self, model: Model) -> None:
        """Work out every plan's status for ``model`` (every edition loaded), in a thread."""
        self.model = model
        self._work_out(model, self.today)
        if not self._polling:
            self._polling = True
            self.app.set_interval(REFRESH_SECONDS, self._look_again)

    def refresh(self) -> None:
        """Read the outcomes again (a teammate may have recorded one) and work the statuses out anew."""
        if self.model is not None:
            self._work_out(self.model, self.today)

    def _look_again(self) -> None:
        """Every few seconds: work the statuses out again if a notes file changed (or the day did)."""
        if self.model is not None:
            self._work_out(self.model, self.today, only_if_changed=True)

    def _work_out(self, model: Model, day: dt.date, *, only_if_changed: bool = False) -> None:
        def work() -> None:
            seen = (_files_seen() if self.read_outcomes else (), day)
            if only_if_changed and seen == self._seen:
                return
            self._seen = seen
            items, problems = _statuses(model, day, read_outcomes=self.read_outcomes)
            if self.app.is_running:
                self.app.call_from_thread(self._worked_out, model, day, items, problems)

        self.app.run_worker(work, thread=True, exclusive=True, group="followups")

    def _worked_out(self, model: Model, day: dt.date, items: tuple, problems: list[str]) -> None:
        if model is not self.model:
            return  # another model was loaded meanwhile; its own work is on the way
        self.items, self.as_of = items, day
        for problem in problems:
            self.app.notify(Content(clean_text(problem)[0]), severity="warning", timeout=8)
        self.on_change()

    def record(self, event: Event, request: OutcomeRequest) -> None:
        """Record ``request`` on the plan ``event`` (personal, or in your team file), in a thread."""
        self.app.run_worker(lambda: self._record(event, request), thread=True, group="followups-record")

    def _record(self, event: Event, request: OutcomeRequest) -> None:
        from ..model.followups.outcomes import OutcomeError, new_outcome, record_outcome

        try:
            outcome = new_outcome(event.edition, event.id, request.kind, dt.datetime.now(dt.timezone.utc),
                                  date=request.date, window=request.window, source=request.source,
                                  note=request.note)
            record_outcome(_notebook(request.team), outcome)
        except (OutcomeError, ValueError) as error:
            message = getattr(error, "message", str(error))
            self.app.call_from_thread(self.app.notify, Content(clean_text(message)[0]), severity="error", timeout=10)
            return
        said = {"happened": "happened", "slipped": f"slipped to {outcome.window}", "cancelled": "cancelled",
                "reopened": "reopened"}[request.kind]
        where = " (team)" if request.team else ""
        self.app.call_from_thread(self.app.notify, Content(clean_text(f"Recorded{where}: {said}.")[0]), timeout=3)
        self.app.call_from_thread(self.refresh)


def _notebook(team: bool) -> Any:
    """Your personal notebook, or your own file in the team folder (raises OutcomeError without one)."""
    if not team:
        from ..model.notes.notebook import Notebook

        return Notebook.default()
    from ..model.followups.outcomes import OutcomeError
    from ..model.notes.team import TeamFolder

    folder, problem = TeamFolder.configured()
    if folder is None:
        raise OutcomeError(problem or "No team folder is set; the outcome was not recorded.")
    return folder.mine()


def _files_seen() -> tuple:
    """What changes when an outcome is recorded anywhere: your notes file's and the team folder's sizes and times."""
    from ..model.locations import config_dir, team_dir

    try:
        found = os.stat(config_dir() / "annotations.toml")
        personal: tuple = (found.st_size, found.st_mtime_ns, found.st_ino)
    except OSError:
        personal = ()
    directory, _ = team_dir()
    if directory is None:
        return personal, ()
    from ..model.notes.team import TeamFolder

    return personal, TeamFolder(directory).signature()


def _statuses(model: Model, day: dt.date, *, read_outcomes: bool = True) -> tuple[tuple, list[str]]:
    """Every plan's status on ``day``, from your outcomes and the team's; and what could not be read."""
    from ..model.followups.outcomes import read_personal, read_team
    from ..model.followups.status import follow_ups

    if not read_outcomes:
        return tuple(follow_ups(model.editions, [], day)), []
    from ..model.locations import team_dir
    from ..model.notes.notebook import Notebook

    outcomes, problems = read_personal(Notebook.default())
    problems = [p for p in problems if "notes file" not in p]  # the notes controller says those already
    directory, _ = team_dir()
    if directory is not None:
        from ..model.notes.team import TeamFolder

        found, said = read_team(TeamFolder(directory).read(), os.getuid())
        outcomes += found
        problems += said
    return tuple(follow_ups(model.editions, outcomes, day)), problems
