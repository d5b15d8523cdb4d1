"""The README's "Bringing in the next edition", followed as a new user: a regular install, a fresh home.

``pip install`` of this checkout (not editable) into a new virtual environment, then, with
nothing but a temporary HOME: ``briefing draft REPORT`` with no flags, ``briefing editions``
lists it as a draft, ``briefing diff`` compares it with the shipped edition with no flags,
``briefing publish`` refuses and then publishes with ``--force --reason`` into the team folder,
and a second account of the team's group sees the published edition. (The app's DRAFT marks
are Pilot-tested in tests/test_app_drafts.py.)
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from .conftest import REPO
from .test_team_two_accounts import Account, Team, team  # noqa: F401  (team: the two accounts' fixture)

REPORT = REPO / "tests" / "draft_reports" / "steady-gains-2025-10-to-2026-03.txt"
DRAFT = "2025-10-to-2026-03"
SHIPPED = "2024-09-to-2025-03"
AS_ROOT = os.geteuid() == 0 and shutil.which("useradd") and shutil.which("setpriv")


@pytest.fixture(scope="module")
def installed() -> Path:
    """``briefing`` from ``pip install <checkout>`` (a regular install) in a new venv, readable by every account."""
    base = Path(tempfile.mkdtemp(prefix="briefing-install-", dir="/tmp"))
    venv = base / "venv"
    try:
        subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True, timeout=120)
        # The test environment's pip installs into the new interpreter (--python): no second pip to set up.
        done = subprocess.run([sys.executable, "-m", "pip", "--python", str(venv / "bin" / "python"), "install",
                               "-q", str(REPO)], capture_output=True, text=True, timeout=600)
        if done.returncode != 0:
            pytest.skip(f"pip install of the checkout failed here: {done.stderr.strip()[-300:]}")
        for path in [base, *base.rglob("*")]:
            if not path.is_symlink():
                path.chmod(0o755 if path.is_dir() else (path.stat().st_mode | 0o444))
        yield venv / "bin" / "briefing"
    finally:
        shutil.rmtree(base, ignore_errors=True)


def _home_env(home: Path, team_folder: Path | None) -> dict[str, str]:
    """A new user's environment: a home and its XDG folders, no BRIEFING_* but the team folder."""
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(home), "LANG": "C.UTF-8", "TZ": "UTC"}
    for name, sub in (("XDG_CONFIG_HOME", ".config"), ("XDG_CACHE_HOME", ".cache"), ("XDG_DATA_HOME", ".local/share")):
        env[name] = str(home / sub)
    if team_folder is not None:
        env["BRIEFING_TEAM_DIR"] = str(team_folder)
    return env


def _runner(briefing: Path, home: Path, who: Account | None, team_folder: Path | None):
    def run(*argv: str) -> subprocess.CompletedProcess:
        prefix = [] if who is None else ["setpriv", f"--reuid={who.uid}", f"--regid={who.gid}", "--init-groups", "--"]
        return subprocess.run([*prefix, str(briefing), *argv], env=_home_env(home, team_folder), cwd=str(home),
                              capture_output=True, text=True, timeout=120)
    return run


@pytest.mark.long
def test_a_new_user_drafts_lists_diffs_publishes_and_a_teammate_sees_it(installed: Path, request) -> None:
    if AS_ROOT:
        crew: Team = request.getfixturevalue("team")
        alice, bob, team_folder = crew.alice, crew.bob, crew.folder
        home = alice.home
    else:  # without root: one account, and a team folder of its own
        alice = bob = None
        home = Path(tempfile.mkdtemp(prefix="briefing-home-"))
        team_folder = home / "team"
        team_folder.mkdir()
    run = _runner(installed, home, alice, team_folder)

    # 1. Draft with no flags: into my editions, never the working folder.
    done = run("draft", str(REPORT))
    assert done.returncode == 0, done.stderr
    mine = home / ".local/share/briefing/editions" / DRAFT
    assert f"into {mine} in " in done.stdout and not (home / DRAFT).exists()
    assert f"briefing review {DRAFT}" in done.stdout and f"briefing publish {DRAFT}" in done.stdout

    # 2. briefing editions lists it beside the shipped edition, as a draft with its count.
    done = run("editions", "--json")
    assert done.returncode == 0, done.stderr
    rows = {row["id"]: row for row in json.loads(done.stdout)["editions"]}
    assert (rows[SHIPPED]["where"], rows[SHIPPED]["status"]) == ("shipped", "published")
    draft = rows[DRAFT]
    assert (draft["where"], draft["status"]) == ("mine", "draft") and draft["left"] == draft["doubtful"] > 0
    assert f"mine  draft ({draft['left']} of {draft['doubtful']} left)" in run("editions").stdout

    # 3. briefing diff with no flags: the shipped edition against the draft.
    done = run("diff")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(f"Changes from {SHIPPED} ") and f" to {DRAFT} " in done.stdout

    # 4. Publish refuses while values are left, then publishes with --force --reason into the team folder.
    done = run("publish", DRAFT)
    assert done.returncode == 2 and f"{draft['left']} of {draft['doubtful']} doubtful values left" in done.stderr
    done = run("publish", DRAFT, "--force", "--reason", "needed for the Monday meeting")
    assert done.returncode == 0, done.stderr
    assert (team_folder / "editions" / DRAFT / "published.toml").is_file()

    # 5. A teammate (another account of the team's group, with a home of its own) sees it at once.
    if bob is None:
        pytest.skip("needs root to create the second account; the first account's steps passed")
    seen = _runner(installed, bob.home, bob, team_folder)("editions")
    assert seen.returncode == 0, seen.stderr
    line = next(line for line in seen.stdout.splitlines() if line.startswith(DRAFT))
    assert "the team's  published (forced: needed for the Monday meeting)" in line
    assert "briefing:" not in seen.stderr
    done = _runner(installed, bob.home, bob, team_folder)("diff", "--json")
    assert done.returncode == 0 and json.loads(done.stdout)["new"]["id"] == DRAFT
    # An edition bob cannot read (root's, mode 0700) is one line, and the others are still listed.
    locked = team_folder / "editions" / "locked"
    shutil.copytree(REPO / "data" / SHIPPED, locked)
    locked.chmod(0o700)
    seen = _runner(installed, bob.home, bob, team_folder)("editions")
    assert seen.returncode == 0 and any(line.startswith(DRAFT) for line in seen.stdout.splitlines())
    assert seen.stderr.strip() == f"briefing: {locked}: cannot be read (Permission denied); not listed"
