"""`briefing serve`: the app in a real headless Chromium (Playwright, the distribution's browser), its
page with no external URL, app processes that end when their browser goes, and read-only notes.

The browser tests skip on a dev machine without the serve extra, Playwright or /usr/bin/chromium;
under CI (CI set) they fail instead, so CI never passes without running them.
"""

from __future__ import annotations

import asyncio
import hashlib
import html.parser
import http.client
import importlib.util
import io
import json
import re
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import pytest

from briefing.cli.main import run

from .conftest import DATA, REPO

CHROMIUM = Path(os.environ.get("BRIEFING_TEST_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0", "--window-size=1000,700"]
LOCAL_HOSTS = {"127.0.0.1", "localhost"}
SPACEWALK = ("2024-09-to-2025-03", "news", "news-record-spacewalk")


def _missing(what: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"{what} is missing: CI must run the browser tests (see .ci/run)")
    pytest.skip(f"{what} is missing")


@pytest.fixture
def serve_extra() -> None:
    if importlib.util.find_spec("textual_serve") is None:
        _missing("the serve extra (pip install '.[serve]')")


@pytest.fixture
def browser_tools(serve_extra: None) -> None:
    if importlib.util.find_spec("playwright") is None:
        _missing("Playwright")
    if not CHROMIUM.exists():
        _missing(str(CHROMIUM))


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def children_of(pid: int) -> set[int]:
    """Every live process whose parent is ``pid`` (zombies included: they are still in the table)."""
    found = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            fields = stat.rsplit(")", 1)[1].split()
            if int(fields[1]) == pid and fields[0] != "Z":
                found.add(int(entry.name))
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def wait_for(condition, timeout: float, step: float = 0.1):
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value or time.monotonic() > deadline:
            return value
        time.sleep(step)


class Served:
    """A `briefing serve` process on a free loopback port, ended by the fixture."""

    def __init__(self, *options: str, tmpdir: Path | None = None) -> None:
        self.tmpdir = tmpdir
        self.port = free_port()
        self.seen: set[int] = set()  # every app process seen, for the fixture to make sure they are gone
        self.process = subprocess.Popen(
            [sys.executable, "-m", "briefing", "serve", "--port", str(self.port), "--data", str(DATA), *options],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=REPO, start_new_session=True, env=self.env())
        # The first line names the address to open, its key included, as a user reads it.
        self.said = self.process.stdout.readline().decode("utf-8", "replace")
        found = re.search(r"http://127\.0\.0\.1:\d+/\?token=([A-Za-z0-9_-]{43})\s", self.said)
        assert found, self.said + self.output()
        self.url, self.token = found.group(0).strip(), found.group(1)
        ready = wait_for(self._answers, 20)
        assert ready, self.output()

    def env(self) -> dict[str, str]:
        env = dict(os.environ)
        if self.tmpdir is not None:
            env["TMPDIR"] = str(self.tmpdir)  # where the apps' working folders go
        return env

    def at(self, path: str) -> str:
        """``path`` on this server with its key."""
        return f"{path}{'&' if '?' in path else '?'}token={self.token}"

    def _answers(self) -> bool:
        assert self.process.poll() is None, self.output()
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=0.5):
                return True
        except OSError:
            return False

    def apps(self) -> set[int]:
        found = children_of(self.process.pid)
        self.seen |= found
        return found

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()

    def output(self) -> str:
        if self.process.poll() is None:
            return "(still running)"
        return (self.process.stdout.read() + self.process.stderr.read()).decode("utf-8", "replace")


@pytest.fixture
def server(serve_extra: None):
    started: list[Served] = []

    def start(*options: str, tmpdir: Path | None = None) -> Served:
        started.append(Served(*options, tmpdir=tmpdir))
        return started[-1]

    yield start
    for served in started:
        served.apps()
        served.stop()
        for pid in served.seen:  # never leave anything running, even when a test failed
            if alive(pid):
                try:
                    os.kill(pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass


class Browser:
    """Headless Chromium started by us (so its pid can be killed), driven by Playwright over CDP."""

    def __init__(self, playwright) -> None:
        self.profile = tempfile.TemporaryDirectory(prefix="briefing-chromium-")
        self.process = subprocess.Popen([str(CHROMIUM), *CHROMIUM_ARGS, f"--user-data-dir={self.profile.name}",
                                         "about:blank"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                        start_new_session=True)
        port_file = Path(self.profile.name) / "DevToolsActivePort"
        assert wait_for(lambda: port_file.exists() and port_file.read_text().strip(), 30), "Chromium did not start"
        port = port_file.read_text().split()[0]
        self.browser = playwright.chromium.connect_over_cdp(f"http://127.0.0.1:{port}")
        self.context = self.browser.contexts[0]
        self.requests: list[str] = []

    def open(self, url: str):
        page = self.context.new_page()
        page.set_viewport_size({"width": 1000, "height": 700})
        page.on("request", lambda request: self.requests.append(request.url))
        page.on("websocket", lambda ws: self.requests.append(ws.url))
        page.goto(url)
        page.wait_for_selector("body.-first-byte", timeout=30_000)  # the app's first frame arrived
        return page

    def kill(self) -> None:
        try:
            os.killpg(self.process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self.process.wait()

    def close(self) -> None:
        try:
            self.browser.close()
        except Exception:
            pass
        self.kill()
        self.profile.cleanup()


@pytest.fixture
def browser(browser_tools: None):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        opened = Browser(playwright)
        try:
            yield opened
        finally:
            opened.close()


def stable_screenshot(page, clip: dict | None = None, timeout: float = 20) -> bytes:
    """A screenshot once two in a row, 0.4 s apart, are the same: the frame has settled."""
    previous = page.screenshot(clip=clip)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        time.sleep(0.4)
        shot = page.screenshot(clip=clip)
        if shot == previous:
            return shot
        previous = shot
    raise AssertionError("the page never settled")


def press(page, key: str) -> None:
    page.focus(".xterm-helper-textarea")  # where xterm.js takes the keyboard
    page.keyboard.press(key)


# -- the page in a real browser ----------------------------------------------------------------

TITLE_ROW = {"x": 0, "y": 0, "width": 1000, "height": 18}
BODY = {"x": 0, "y": 60, "width": 1000, "height": 560}


def test_a_key_switches_tabs_in_the_browser(server, browser) -> None:
    served = server()
    page = browser.open(served.url)
    before_title, before_body = stable_screenshot(page, TITLE_ROW), stable_screenshot(page, BODY)
    press(page, "3")  # the Medals tab
    after_body = wait_for(lambda: (shot := stable_screenshot(page, BODY)) != before_body and shot, 10)
    assert after_body, "pressing 3 changed nothing on the page"
    # The title bar (PRESENTING · the report's title) stays as it was; the body is another tab.
    assert stable_screenshot(page, TITLE_ROW) == before_title
    press(page, "1")  # and back: the Overview is drawn again as it was
    assert wait_for(lambda: stable_screenshot(page, BODY) == before_body, 10)


def test_the_page_loads_nothing_from_outside(server, browser) -> None:
    served = server()
    page = browser.open(served.url)
    stable_screenshot(page)
    assert browser.requests, "no request was recorded"
    outside = [url for url in browser.requests if urlsplit(url).hostname not in LOCAL_HOSTS]
    assert outside == []
    # The font the terminal is drawn with is ours, loaded from this server.
    assert page.evaluate("document.fonts.check(\"16px 'Roboto Mono'\")")
    assert any(url.endswith("/static/fonts/RobotoMono-VariableFont_wght.ttf") for url in browser.requests)


def test_killing_the_browser_ends_its_app_within_5_s(server, browser) -> None:
    served = server()
    browser.open(served.url)
    browser.open(served.url)
    apps = wait_for(lambda: len(served.apps()) == 2 and served.apps(), 10)
    assert apps, "each tab should run its own app process"
    browser.kill()
    started = time.monotonic()
    assert wait_for(lambda: not served.apps() and not any(alive(pid) for pid in apps), 5), \
        f"app processes left {time.monotonic() - started:.1f} s after the browser was killed"


def test_a_browser_that_stops_answering_loses_its_app(server, browser) -> None:
    """Lost network: the browser freezes (no close, no pong); the heartbeat notices within seconds."""
    served = server()
    browser.open(served.url)
    apps = wait_for(served.apps, 10)
    assert apps
    os.killpg(browser.process.pid, signal.SIGSTOP)
    try:
        assert wait_for(lambda: not any(alive(pid) for pid in apps), 8), "the app outlived a silent browser"
    finally:
        browser.kill()


def test_stopping_the_server_ends_every_app(server, browser) -> None:
    served = server()
    browser.open(served.url)
    browser.open(served.url)
    apps = wait_for(lambda: len(served.apps()) == 2 and served.apps(), 10)
    assert apps
    served.stop()
    assert served.process.returncode == 0, served.output()
    assert wait_for(lambda: not any(alive(pid) for pid in apps), 5)


def test_app_processes_are_isolated_and_bind_nothing(server, browser) -> None:
    served = server()
    browser.open(served.url)
    (pid,) = wait_for(served.apps, 10)
    argv = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    assert argv[0] == sys.executable.encode() and argv[1] == b"-I" and b"sh" not in argv[0].rsplit(b"/", 1)[-1]
    assert Path(argv[4].decode()) == REPO  # our package, by its explicit path
    cwd = Path(os.readlink(f"/proc/{pid}/cwd"))
    assert cwd != REPO and cwd.name.startswith("briefing-serve-")
    assert os.getpgid(pid) == pid  # a process group of its own, which the server can end whole
    # No listening socket among its open files.
    inodes = {os.readlink(f"/proc/{pid}/fd/{fd}")[8:-1] for fd in os.listdir(f"/proc/{pid}/fd")
              if os.readlink(f"/proc/{pid}/fd/{fd}").startswith("socket:")}
    listening = set()
    for table in ("tcp", "tcp6", "udp", "udp6"):
        for line in Path(f"/proc/net/{table}").read_text().splitlines()[1:]:
            fields = line.split()
            if fields[3] in ("0A", "07"):  # LISTEN, or a bound UDP socket
                listening.add(fields[9])
    assert not inodes & listening


def test_font_size_option_and_query(server, browser) -> None:
    served = server("--font-size", "28")
    assert 'data-font-size="28"' in get(served.port, served.at("/"))[1]
    assert 'data-font-size="40"' in get(served.port, served.at("/?fontsize=40"))[1]
    assert 'data-font-size="96"' in get(served.port, served.at("/?fontsize=5000"))[1]  # clamped
    browser.open(served.url + "&fontsize=12")
    browser.open(served.url + "&fontsize=40")
    # The page asks for a terminal that fits the window: larger text, fewer columns and rows.
    sizes = [dict(parse_qsl(urlsplit(url).query)) for url in browser.requests if "/ws/" in url]
    (small, large) = [(int(size["width"]), int(size["height"])) for size in sizes]
    assert large[0] < small[0] / 2 and large[1] < small[1] / 2, sizes


# -- the page and the server, without a browser ---------------------------------------------------

class Links(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []
        self.inline: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value and (name in ("src", "href", "action", "poster") or name.endswith("url")):
                self.urls.append(value)

    def handle_data(self, data: str) -> None:
        self.inline.append(data)


def get(port: int, path: str, headers: dict[str, str] | None = None) -> tuple[int, str, dict[str, str]]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request("GET", path, headers=headers or {})
        response = connection.getresponse()
        return response.status, response.read().decode("utf-8", "replace"), dict(response.headers)
    finally:
        connection.close()


def test_served_page_names_no_external_url(server) -> None:
    served = server()
    status, page, headers = get(served.port, served.at("/"))
    assert status == 200
    links = Links()
    links.feed(page)
    links.urls += re.findall(r"""url\(["']?([^"')]+)""", "".join(links.inline))  # CSS url(...)
    assert len(links.urls) >= 5, links.urls  # style, preload, two fonts, script, websocket
    for url in links.urls:
        parts = urlsplit(url)
        if parts.scheme == "ws":  # the terminal's socket: this server, nowhere else
            assert parts.netloc == f"127.0.0.1:{served.port}", url
        else:
            assert not parts.scheme and not parts.netloc and url.startswith("/static/"), url
    assert not re.search(r"(https?|wss?):|//[a-z]", page.replace(f"ws://127.0.0.1:{served.port}/ws/", "")), \
        "an absolute URL in the page"
    assert "default-src 'self'" in headers["Content-Security-Policy"]
    # Every file the page names is served here.
    for url in links.urls:
        if url.startswith("/"):
            assert get(served.port, url)[0] == 200, url
    # textual.js would fetch a ?ping= address: it is dropped before the page is served.
    connection = http.client.HTTPConnection("127.0.0.1", served.port, timeout=10)
    connection.request("GET", served.at("/?ping=http://example.invalid/&fontsize=20"))
    response = connection.getresponse()
    assert response.status == 302 and response.headers["Location"] == served.at("/?fontsize=20")
    connection.close()


def test_another_host_or_origin_is_refused(server) -> None:
    served = server()
    assert get(served.port, served.at("/"), {"Host": "attacker.example"})[0] == 403  # DNS rebinding
    assert get(served.port, served.at("/"), {"Host": f"localhost:{served.port}"})[0] == 200
    upgrade = {"Connection": "Upgrade", "Upgrade": "websocket", "Sec-WebSocket-Version": "13",
               "Sec-WebSocket-Key": "dGhlIHNhbXBsZSBub25jZQ=="}
    assert get(served.port, f"/ws/{served.token}", {**upgrade, "Origin": "http://attacker.example"})[0] == 403
    assert get(served.port, "/static/", {})[0] in (403, 404)  # no directory listing
    assert not served.apps()  # the refused socket started no app


# -- the command line -------------------------------------------------------------------------

def test_without_the_extra_serve_says_how_to_install(monkeypatch, capsys) -> None:
    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec",
                        lambda name, *a: None if name == "textual_serve" else real(name, *a))
    assert run(["serve"]) == 2
    assert "pip install 'briefing[serve]'" in capsys.readouterr().err


def test_binding_elsewhere_warns(serve_extra, monkeypatch, capsys) -> None:
    from briefing.serve import server as server_module

    bound = []
    monkeypatch.setattr(server_module.BriefingServer, "serve", lambda self: bound.append((self.host, self.port)))
    assert run(["serve", "--host", "0.0.0.0", "--port", "8123"]) == 0  # nothing is bound: serve is replaced
    assert bound == [("0.0.0.0", 8123)]
    assert "anyone who can watch the network to port 8123" in capsys.readouterr().err
    assert run(["serve"]) == 0
    assert bound[-1] == ("127.0.0.1", 8000)
    assert capsys.readouterr().err == ""  # the default, loopback, needs no warning


# -- the served app: presenter mode, notes read-only ----------------------------------------------

def note_file(config: Path) -> bytes:
    return (config / "annotations.toml").read_bytes()


@pytest.fixture
def with_a_note(isolated_user_dirs: Path) -> Path:
    from briefing.model.notes.notebook import Notebook

    store = Notebook.default()
    store.save(*SPACEWALK, "Private remark for the chair")
    store.set_flag(*SPACEWALK, True)
    return isolated_user_dirs / "config" / "briefing"


async def test_served_app_without_notes_reads_none_and_cannot_reveal_them(serve_extra, with_a_note) -> None:
    from briefing.app.served import ServedApp

    from .app_helpers import screen_text, settle

    before = note_file(with_a_note)
    app = ServedApp([str(DATA)])
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert app.presenter and app.notes_controller.notes == {}
        for key in ("p", "n", "f", "F", "6"):
            await pilot.press(key)
            await settle(pilot)
        assert app.presenter  # p has nothing to reveal here
        screen = screen_text(app)
        assert "Private remark" not in screen
        assert "Note" not in screen.splitlines()[-1] and "Flag" not in screen.splitlines()[-1]
        assert app.screen is app.screen_stack[0]  # no note editor opened
    assert note_file(with_a_note) == before


async def test_served_app_with_notes_shows_them_read_only(serve_extra, with_a_note) -> None:
    from briefing.app.served import READ_ONLY, ServedApp

    from .app_helpers import notices, screen_text, settle

    before = note_file(with_a_note)
    app = ServedApp([str(DATA)], show_notes=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("6")
        await settle(pilot)
        assert "Private remark for the chair" in screen_text(app)
        for key in ("n", "d", "w", "W", "f"):
            await pilot.press(key)
            await settle(pilot)
        assert app.screen is app.screen_stack[0]  # no editor, no confirmation
        screen = screen_text(app)
        assert "Private remark for the chair" in screen
        footer = screen.splitlines()[-1]
        assert not {"Delete", "Edit", "Export", "Note", "Flag"} & set(footer.split())
        # A key that reaches the controller another way is refused, and says so.
        app.notes_controller.toggle_flag(app.main.current_record())
        await settle(pilot)
        assert READ_ONLY in notices(app)
    assert note_file(with_a_note) == before


def test_apps_end_by_themselves_when_the_server_is_killed(server, browser) -> None:
    """The app side of the watchdog: its input closes with the server, and it quits (Textual's own
    web driver stops reading then but leaves the app running)."""
    served = server()
    browser.open(served.url)
    apps = wait_for(served.apps, 10)
    assert apps
    served.process.kill()  # SIGKILL: no shutdown handler runs
    served.process.wait()
    assert wait_for(lambda: not any(alive(pid) for pid in apps), 5), "an app outlived its server"


@pytest.fixture
def team_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, with_a_note: Path) -> Path:
    """A team folder holding your own team note on the spacewalk item (the file a served app could write)."""
    from briefing.model.notes.team import TeamNotebook

    folder = tmp_path / "team"
    folder.mkdir()
    os.chmod(folder, 0o3770)
    monkeypatch.setenv("BRIEFING_TEAM_DIR", str(folder))
    TeamNotebook(folder).save(*SPACEWALK, "Shared remark for the team")
    return folder


def folder_state(folder: Path) -> dict[str, tuple[bytes, int]]:
    """Every file in ``folder`` with its bytes and change time: a file written, replaced or added shows."""
    return {path.name: (path.read_bytes(), path.stat().st_mtime_ns) for path in sorted(folder.iterdir())}


async def test_served_app_with_notes_shows_team_notes_and_never_writes_the_team_file(
        serve_extra, with_a_note, team_folder) -> None:
    from briefing.app.served import READ_ONLY, ServedApp

    from .app_helpers import notices, screen_text, settle

    before, team_before = note_file(with_a_note), folder_state(team_folder)
    app = ServedApp([str(DATA)], show_notes=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        assert app.main.current_record().key == "/".join(SPACEWALK[::2])
        for key in ("o", "end"):  # read the item, down to its notes at the end
            await pilot.press(key)
            await settle(pilot)
        screen = screen_text(app)
        assert "You (shared with the team) · " in screen and "Shared remark for the team" in screen
        for key in ("escape", "S", "n", "f", "d", "Y", "6", "t", "S", "d", "n"):
            await pilot.press(key)
            await settle(pilot)
            assert app.screen is app.screen_stack[0]  # no editor, no confirmation
        assert "Shared remark for the team" in screen_text(app)  # the Notes tab lists it too
        assert "Shared with the team" not in notices(app) and "Taken back" not in notices(app)
        # Share reaching the controller another way is refused, and said; there is no team store to write.
        app.notes_controller.toggle_share(*SPACEWALK, "the spacewalk item")
        await settle(pilot)
        assert READ_ONLY in notices(app)
        assert app.notes_controller.team_store is None
    assert note_file(with_a_note) == before
    assert folder_state(team_folder) == team_before


async def test_served_app_without_notes_reads_no_team_notes(serve_extra, with_a_note, team_folder) -> None:
    from briefing.app.served import ServedApp

    from .app_helpers import screen_text, settle

    app = ServedApp([str(DATA)])
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        for key in ("2", "p", "6"):
            await pilot.press(key)
            await settle(pilot)
        assert "Shared remark" not in screen_text(app)
        assert app.notes_controller.team == {} and app.notes_controller.team_folder is None


# -- the key and the cap (issue 29 items 6 and 7) ------------------------------------------------

async def websocket(url: str) -> tuple[int, object]:
    """Connect to ``url`` as a 30-line client of another account would: no Origin, no browser.

    Returns the refusal's HTTP status (0 when it connected) and the open session and socket.
    """
    import aiohttp

    session = aiohttp.ClientSession()
    try:
        socket_ = await session.ws_connect(url, timeout=aiohttp.ClientWSTimeout(ws_close=5))
    except aiohttp.WSServerHandshakeError as error:
        await session.close()
        return error.status, None
    return 0, (session, socket_)


async def close(opened) -> None:
    session, socket_ = opened
    await socket_.close()
    await session.close()


def test_the_page_and_its_websocket_need_the_key(server) -> None:
    """Item 6: any account can reach loopback; without the printed address's key it gets nothing."""
    served = server("--notes")
    status, page, _ = get(served.port, "/")
    assert status == 403 and "needs its key" in page and served.token not in page
    wrong = served.token[:-1] + ("A" if served.token[-1] != "A" else "B")
    assert get(served.port, f"/?token={wrong}")[0] == 403
    base = f"ws://127.0.0.1:{served.port}"
    for url in (f"{base}/ws", f"{base}/ws?width=80", f"{base}/ws/{wrong}", f"{base}/ws?token={wrong}"):
        assert asyncio.run(websocket(url))[0] == 403, url
    assert not served.apps()  # nothing was started for them
    # With the key, the same client gets its app.

    async def keyed() -> None:
        status, opened = await websocket(f"{base}/ws/{served.token}?width=80&height=24")
        assert status == 0
        try:
            assert await asyncio.to_thread(wait_for, served.apps, 10)
        finally:
            await close(opened)

    asyncio.run(keyed())
    page = get(served.port, served.at("/"))[1]
    assert f'data-session-websocket-url="ws://127.0.0.1:{served.port}/ws/{served.token}"' in page


def test_apps_are_capped_with_a_page_that_says_so(server) -> None:
    """Item 7: 50 sockets started 50 apps; now --max-apps (default 4) of them, the rest refused."""
    served = server("--max-apps", "2")
    base = f"ws://127.0.0.1:{served.port}/ws/{served.token}?width=80&height=24"

    async def flood() -> None:
        results = await asyncio.gather(*(websocket(base) for _ in range(6)))
        opened = [found for status, found in results if status == 0]
        try:
            assert sorted(status for status, _ in results) == [0, 0, 503, 503, 503, 503]
            assert await asyncio.to_thread(wait_for, lambda: len(served.apps()) == 2, 10)
            status, page, _ = await asyncio.to_thread(get, served.port, served.at("/"))
            assert status == 503 and "The briefing is full" in page and "--max-apps 2" in page
        finally:
            for found in opened:
                await close(found)

    asyncio.run(flood())
    assert wait_for(lambda: get(served.port, served.at("/"))[0] == 200, 10)
    assert len(served.apps()) <= 2


def test_a_killed_servers_app_folders_go_at_the_next_start(server, tmp_path: Path) -> None:
    """Only ours: named for a server, a folder, our own, and that server gone."""
    first = server(tmpdir=tmp_path)

    async def killed_with_an_app() -> list[Path]:
        status, opened = await websocket(f"ws://127.0.0.1:{first.port}/ws/{first.token}?width=80&height=24")
        assert status == 0
        try:
            apps = await asyncio.to_thread(wait_for, first.apps, 10)
            assert apps
            left = [p for p in tmp_path.iterdir() if p.name.startswith("briefing-serve-")]
            first.process.kill()  # SIGKILL, the app still open: no clean-up runs
            first.process.wait()
            assert await asyncio.to_thread(wait_for, lambda: not any(alive(pid) for pid in apps), 5)
            return left
        finally:
            await close(opened)

    left = asyncio.run(killed_with_an_app())
    assert left and all(oct(p.stat().st_mode & 0o777) == "0o700" for p in left)
    assert all(p.exists() for p in left)
    # A live server's folder, someone else's and one not named like ours are never touched.
    live = tmp_path / f"briefing-serve-{os.getpid()}-live"
    live.mkdir(mode=0o700)
    other = tmp_path / "briefing-serve-not-ours"
    other.mkdir()
    foreign = tmp_path / f"briefing-serve-{first.process.pid}-foreign"
    if os.geteuid() == 0:
        foreign.mkdir()
        os.chown(foreign, 54321, -1)
    server(tmpdir=tmp_path)
    assert not any(p.exists() for p in left)
    assert live.exists() and other.exists() and (foreign.exists() or os.geteuid() != 0)
