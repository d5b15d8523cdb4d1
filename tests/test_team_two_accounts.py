"""Team notes between two real Unix accounts on one machine (created here; needs root, as CI runs).

Two accounts in one group share a setgid, sticky team folder, set up as the README says.
Each runs briefing as itself (``setpriv`` drops root to the account before Python starts):
both write, both read with the right authors, neither can change the other's notes, a
damaged file of one hides none of the other's notes, and 2 x 100 concurrent writers keep
every note.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import stat
import subprocess
import sys
import tempfile
import textwrap
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from briefing.model.notes.team import TeamFolder

ROOT = Path(__file__).resolve().parents[1]
ED = "2024-09-to-2025-03"
ITEM = "news-shijian-25-launched"
EVENT = "event-2025-01-06-shijian-25-launch"

pytestmark = pytest.mark.skipif(
    os.geteuid() != 0 or not shutil.which("useradd") or not shutil.which("setpriv"),
    reason="needs root with useradd and setpriv, to create two real accounts",
)


@dataclass
class Account:
    name: str
    uid: int
    gid: int
    home: Path


#: The interpreter itself, not a virtual environment's link to it: a CI venv lives in a folder only
#: root can enter, so the accounts run the real interpreter on a readable copy of briefing (``site``).
PYTHON = os.path.realpath(sys.executable)


def staged_site(base: Path) -> Path:
    """A copy, readable by every account, of briefing and what its note commands import beyond the
    standard library: installed packages may sit in a folder the test accounts cannot read."""
    import importlib.util

    site = base / "site"
    for name in ("briefing", "tomli_w", "platformdirs"):
        spec = importlib.util.find_spec(name)
        if spec is None or spec.origin is None:
            continue
        origin = Path(spec.origin)
        source = origin.parent if origin.name == "__init__.py" else origin
        target = site / source.name
        if source.is_dir():
            shutil.copytree(source, target, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            site.mkdir(parents=True, exist_ok=True)
            shutil.copy(source, target)
    for path in [site, *site.rglob("*")]:
        path.chmod(0o755 if path.is_dir() else 0o644)
    return site


@dataclass
class Team:
    folder: Path
    group: str
    gid: int
    alice: Account
    bob: Account
    base: Path
    site: Path

    def python(self, code: str) -> list[str]:
        """``python -c CODE`` for an account: isolated, with the staged copy of briefing first on its path."""
        return [PYTHON, "-I", "-c", f"import sys; sys.path.insert(0, {str(self.site)!r})\n{code}"]

    def briefing(self, *argv: str) -> list[str]:
        """``briefing ARGV`` for an account, from the staged copy."""
        return [*self.python("from briefing.__main__ import main; sys.exit(main(sys.argv[1:]))"), *argv]

    def env(self, who: Account) -> dict[str, str]:
        return {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(who.home), "TZ": "UTC", "LANG": "C.UTF-8",
            "BRIEFING_CONFIG_DIR": str(who.home / "config"), "BRIEFING_CACHE_DIR": str(who.home / "cache"),
            "BRIEFING_TEAM_DIR": str(self.folder),
        }

    def run(self, who: Account, *argv: str, python: str | None = None, timeout: float = 120) -> subprocess.CompletedProcess:
        """``briefing ARGV`` (or ``python -c PYTHON``) run as ``who``, with only its own rights."""
        command = self.python(python) if python is not None else self.briefing(*argv)
        return subprocess.run(
            ["setpriv", f"--reuid={who.uid}", f"--regid={who.gid}", "--init-groups", "--", *command],
            env=self.env(who), cwd=str(who.home), capture_output=True, text=True, timeout=timeout,
        )


def _must(*command: str) -> None:
    for attempt in range(20):  # useradd from parallel test workers may meet a locked /etc/passwd
        done = subprocess.run(list(command), capture_output=True, text=True)
        if done.returncode == 0:
            return
        time.sleep(0.2 * (attempt + 1))
    raise RuntimeError(f"{' '.join(command)} failed: {done.stderr.strip()}")


@pytest.fixture(scope="module")
def team() -> Team:
    tag = secrets.token_hex(3)
    group, names = f"bt{tag}g", (f"bt{tag}a", f"bt{tag}b")
    base = Path(tempfile.mkdtemp(prefix="briefing-team-test-", dir="/tmp"))
    os.chmod(base, 0o755)
    created: list[str] = []
    try:
        _must("groupadd", group)
        for name in names:
            _must("useradd", "--no-create-home", "--no-user-group", "--gid", group, "--shell", "/usr/sbin/nologin",
                  name)
            created.append(name)
        import grp
        import pwd

        gid = grp.getgrnam(group).gr_gid
        accounts = []
        for name in names:
            entry = pwd.getpwnam(name)
            home = base / name
            home.mkdir(mode=0o700)
            os.chown(home, entry.pw_uid, entry.pw_gid)
            accounts.append(Account(name, entry.pw_uid, entry.pw_gid, home))
        # The README's set-up: the folder belongs to the group, setgid and sticky, closed to others.
        folder = base / "team"
        folder.mkdir()
        os.chown(folder, 0, gid)
        os.chmod(folder, 0o3770)
        yield Team(folder, group, gid, accounts[0], accounts[1], base, staged_site(base))
    finally:
        for name in created:
            subprocess.run(["userdel", name], capture_output=True)
        subprocess.run(["groupdel", group], capture_output=True)
        shutil.rmtree(base, ignore_errors=True)


@pytest.fixture
def clean(team: Team) -> Team:
    """The team folder emptied before each test (as root): each test starts with no team notes."""
    for path in team.folder.iterdir():
        path.unlink()
    return team


def team_json(team: Team, who: Account) -> tuple[list[tuple[str, str, str]], str]:
    """(author, key, text) of every team note ``who`` sees, and what was said on stderr."""
    done = team.run(who, "notes", "--team", "--json")
    assert done.returncode in (0, 1), done.stderr
    notes = json.loads(done.stdout)["notes"] if done.stdout else []
    return sorted((n["author"], n["key"], n["text"]) for n in notes), done.stderr


def test_both_write_and_both_read_with_the_right_authors(clean: Team) -> None:
    alice, bob = clean.alice, clean.bob
    assert clean.run(alice, "note", ITEM, "Alice: check the orbit", "--team").returncode == 0
    assert clean.run(bob, "note", ITEM, "Bob: agreed", "--team").returncode == 0
    done = clean.run(bob, "note", EVENT, "Bob: launch date?", "--team")
    assert done.returncode == 0 and f"the team sees it as {bob.name}'s" in done.stdout
    assert clean.run(alice, "note", ITEM, "Alice private").returncode == 0  # personal: not in the team folder
    expected = [(alice.name, f"{ED}/{ITEM}", "Alice: check the orbit"),
                (bob.name, f"{ED}/{EVENT}", "Bob: launch date?"),
                (bob.name, f"{ED}/{ITEM}", "Bob: agreed")]
    for who in (alice, bob):
        seen, err = team_json(clean, who)
        assert seen == expected and "warning" not in err
    # The files: one per account, owned by it, in the team's group, readable by the group only.
    for who in (alice, bob):
        found = os.lstat(clean.folder / f"{who.name}.toml")
        assert (found.st_uid, found.st_gid, stat.S_IMODE(found.st_mode)) == (who.uid, clean.gid, 0o640)
    # What each member sees in a listing: the author's login name next to the note.
    out = clean.run(bob, "notes").stdout
    assert f"team: {alice.name}" in out and f"team: {bob.name}" in out and "Alice private" not in out
    out = clean.run(alice, "notes", "--author", bob.name).stdout
    assert "Bob: agreed" in out and "Alice" not in out
    # A Markdown export by Bob cites Alice's note under her name.
    md = clean.run(bob, "export", "--format", "md").stdout
    assert f"**Note by {alice.name} (team, " in md and "Alice: check the orbit" in md


def test_neither_can_change_the_others_notes(clean: Team) -> None:
    alice, bob = clean.alice, clean.bob
    assert clean.run(alice, "note", ITEM, "Alice's words", "--team").returncode == 0
    alice_file = clean.folder / f"{alice.name}.toml"
    before = alice_file.read_bytes()
    attack = textwrap.dedent(f"""
        import os, errno
        from pathlib import Path
        from briefing.model.notes.team import TeamNotebook
        from briefing.model.notes.notebook import NotebookError
        folder = Path({str(clean.folder)!r}); target = folder / {alice.name + '.toml'!r}
        results = []
        try:  # briefing itself, told to write as alice
            TeamNotebook(folder, login={alice.name!r}).save({ED!r}, "news", {ITEM!r}, "Bob was here")
            results.append("briefing wrote")
        except NotebookError as error:
            results.append("briefing refused: " + error.message)
        for name, act in (("open", lambda: open(target, "a").write("x")),
                          ("unlink", lambda: os.unlink(target)),
                          ("rename", lambda: os.rename(target, folder / "stolen.toml")),
                          ("replace", lambda: (open(folder / "mine.tmp", "w").close(),
                                               os.replace(folder / "mine.tmp", target)))):
            try:
                act(); results.append(name + " worked")
            except PermissionError:
                results.append(name + " denied")
        print("\\n".join(results))
    """)
    done = clean.run(bob, python=attack)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].startswith("briefing refused: ") and f"belongs to {alice.name}" in lines[0]
    assert lines[1:] == ["open denied", "unlink denied", "rename denied", "replace denied"]
    assert alice_file.read_bytes() == before and os.lstat(alice_file).st_uid == alice.uid
    # Bob deleting "his" note on the item touches only his own (absent) note.
    done = clean.run(bob, "note", ITEM, "--delete", "--team")
    assert done.returncode == 1 and "no team note" in done.stderr
    # A file Bob makes that claims to be Alice's notes is shown as Bob's.
    forged = (f'version = 1\nauthor = "{alice.name}"\n[[notes]]\nedition = "{ED}"\ndataset = "news"\n'
              f'id = "{EVENT}"\ntext = "forged"\n')
    plant = f"open({str(clean.folder / 'alice-too.toml')!r}, 'x').write({forged!r})"
    assert clean.run(bob, python=plant).returncode == 0
    seen, err = team_json(clean, alice)
    assert (bob.name, f"{ED}/{EVENT}", "forged") in seen
    assert (alice.name, f"{ED}/{ITEM}", "Alice's words") in seen and len(seen) == 2
    assert f"belongs to {bob.name}, not alice-too" in err


def test_a_damaged_file_of_one_does_not_hide_the_others_notes(clean: Team) -> None:
    alice, bob = clean.alice, clean.bob
    assert clean.run(alice, "note", ITEM, "Alice's note", "--team").returncode == 0
    assert clean.run(bob, "note", ITEM, "Bob's note", "--team").returncode == 0
    alice_file = clean.folder / f"{alice.name}.toml"
    damage = f"open({str(alice_file)!r}, 'wb').write(b'version = 1\\n[[notes]\\n\\x00garbage')"
    assert clean.run(alice, python=damage).returncode == 0
    damaged = alice_file.read_bytes()
    seen, err = team_json(clean, bob)
    assert seen == [(bob.name, f"{ED}/{ITEM}", "Bob's note")]
    assert f"{alice.name}'s team notes file" in err and "is damaged" in err and "left as it is" in err
    assert alice_file.read_bytes() == damaged  # Bob's briefing moved nothing
    assert sorted(p.name for p in clean.folder.iterdir() if not p.name.endswith(".lock")) == \
        sorted([f"{alice.name}.toml", f"{bob.name}.toml"])
    # Bob keeps writing; Alice's next write moves her own damaged file aside and keeps Bob's intact.
    assert clean.run(bob, "note", EVENT, "Bob again", "--team").returncode == 0
    done = clean.run(alice, "note", ITEM, "Alice starts over", "--team")
    assert done.returncode == 0, done.stderr
    assert "moved to" in done.stderr and ".corrupt-" in done.stderr
    seen, _ = team_json(clean, bob)
    assert seen == [(alice.name, f"{ED}/{ITEM}", "Alice starts over"), (bob.name, f"{ED}/{EVENT}", "Bob again"),
                    (bob.name, f"{ED}/{ITEM}", "Bob's note")]


WRITERS = 100

#: Run as one account: fork WRITERS processes that wait on a pipe, release them at once,
#: each saves one team note; print how many failed and how long the burst took.
BURST = textwrap.dedent("""
    import os, sys, time
    from pathlib import Path
    from briefing.model.notes.team import TeamNotebook
    folder, count, start_at = Path(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3])
    read_end, write_end = os.pipe()
    children = []
    for number in range(count):
        pid = os.fork()
        if pid == 0:
            os.close(write_end)
            os.read(read_end, 1)  # every writer starts when the pipe closes
            code = 0
            try:
                TeamNotebook(folder, lock_timeout=120).save("2024-09-to-2025-03", "news", f"burst-{number:03d}",
                                                             f"note {number} by {os.getuid()}")
            except BaseException as error:
                print(error, file=sys.stderr)
                code = 1
            os._exit(code)
        children.append(pid)
    os.close(read_end)
    time.sleep(max(0.0, start_at - time.time()))  # both accounts release their writers together
    began = time.monotonic()
    os.close(write_end)
    failed = sum(1 for pid in children if os.waitpid(pid, 0)[1] != 0)
    print(failed, round(time.monotonic() - began, 2))
""")


@pytest.mark.long
def test_two_times_a_hundred_concurrent_team_notes_are_all_kept(clean: Team) -> None:
    start_at = time.time() + 3.0
    burst = [subprocess.Popen(
        ["setpriv", f"--reuid={who.uid}", f"--regid={who.gid}", "--init-groups", "--",
         *clean.python(BURST), str(clean.folder), str(WRITERS), str(start_at)],
        env=clean.env(who), cwd=str(who.home), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for who in (clean.alice, clean.bob)]
    results = [process.communicate(timeout=300) for process in burst]
    for process, (out, err) in zip(burst, results):
        assert process.returncode == 0, err
        failed, seconds = out.split()
        assert failed == "0", err
        print(f"{WRITERS} concurrent writers took {seconds} s")
    read = TeamFolder(clean.folder).read()
    assert read.problems == []
    for who in (clean.alice, clean.bob):
        texts = sorted(n.text for n in read.notes if n.author == who.name)
        assert texts == sorted(f"note {number} by {who.uid}" for number in range(WRITERS))
    assert len(read.notes) == 2 * WRITERS
    # No temporary file was left behind by any writer.
    assert sorted(p.name for p in clean.folder.iterdir()) == sorted(
        f"{who.name}.toml{suffix}" for who in (clean.alice, clean.bob) for suffix in ("", ".lock"))


@pytest.mark.long
def test_twenty_concurrent_shell_writers_per_account_keep_every_note(clean: Team) -> None:
    """The same through ``briefing note`` itself: 2 x 20 processes at once, each one note on its own record."""
    from briefing.model.store.opening import open_model

    from .conftest import EDITION

    keys = [record.key for record in open_model([EDITION]).model.records()][:20]
    assert len(keys) == 20
    processes = []
    for who in (clean.alice, clean.bob):
        for key in keys:
            processes.append(subprocess.Popen(
                ["setpriv", f"--reuid={who.uid}", f"--regid={who.gid}", "--init-groups", "--",
                 *clean.briefing("note", key, f"{who.name} on {key}", "--team")],
                env=clean.env(who), cwd=str(who.home), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True))
    outcomes = [(process.wait(timeout=300), process.stderr.read()) for process in processes]
    assert all(code == 0 for code, _ in outcomes), outcomes
    seen, _ = team_json(clean, clean.bob)
    assert seen == sorted((who.name, key, f"{who.name} on {key}") for who in (clean.alice, clean.bob) for key in keys)


# -- a hostile teammate (issue 29 items 3 and 4) --------------------------------------------------


@pytest.mark.parametrize("taken", ["file", "lock"])
def test_a_name_taken_before_you_first_share_is_reclaimed(clean: Team, taken: str) -> None:
    """Alice makes bob.toml (or its lock) first: Bob is warned, saves under a name with his uid,
    and both see his notes as his; Alice's file under his name is shown as hers, never changed."""
    alice, bob = clean.alice, clean.bob
    squat = clean.folder / f"{bob.name}.toml{'.lock' if taken == 'lock' else ''}"
    content = (f'version = 1\n[[notes]]\nedition = "{ED}"\ndataset = "news"\nid = "{EVENT}"\ntext = "squatted"\n'
               if taken == "file" else "")
    assert clean.run(alice, python=f"open({str(squat)!r}, 'x').write({content!r})").returncode == 0
    done = clean.run(bob, "note", ITEM, "Bob: mine all the same", "--team")
    assert done.returncode == 0, done.stderr
    assert f"{bob.name}.toml was taken by {alice.name}" in done.stderr
    own = clean.folder / f"{bob.name}.{bob.uid}.toml"
    found = os.lstat(own)
    assert (found.st_uid, stat.S_IMODE(found.st_mode)) == (bob.uid, 0o640)
    assert clean.run(bob, "note", EVENT, "Bob again", "--team").returncode == 0  # the same file, found again
    for who in (alice, bob):
        seen, err = team_json(clean, who)
        expected = [(bob.name, f"{ED}/{EVENT}", "Bob again"), (bob.name, f"{ED}/{ITEM}", "Bob: mine all the same")]
        if taken == "file":
            expected.append((alice.name, f"{ED}/{EVENT}", "squatted"))
            assert f"belongs to {alice.name}, not {bob.name}" in err
        assert seen == sorted(expected)
    assert os.lstat(squat).st_uid == alice.uid and squat.read_text() == content


def test_a_thousand_and_one_hard_links_sorting_first_hide_no_ones_notes(clean: Team) -> None:
    """Before: "only the first 1000 (by name) are read", and Bob's notes vanished for everyone."""
    alice, bob = clean.alice, clean.bob
    assert clean.run(alice, "note", ITEM, "Alice's note", "--team").returncode == 0
    assert clean.run(bob, "note", ITEM, "Bob's note", "--team").returncode == 0
    tiny = clean.folder / "0000.toml"
    flood = (f"import os\nopen({str(tiny)!r}, 'x').write('version = 1\\n')\n"
             f"for n in range(1, 1001): os.link({str(tiny)!r}, {str(clean.folder)!r} + f'/{{n:04d}}.toml')")
    done = clean.run(alice, python=flood)
    assert done.returncode == 0, done.stderr
    for who in (alice, bob):
        seen, err = team_json(clean, who)
        assert seen == [(alice.name, f"{ED}/{ITEM}", "Alice's note"), (bob.name, f"{ED}/{ITEM}", "Bob's note")]
        assert "hard links" in err
