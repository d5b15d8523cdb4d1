"""The web server behind ``briefing serve``, built on textual-serve.

What it adds to textual-serve: a key (a random token in the address it prints, as Jupyter
does), checked in constant time on the page and on the websocket, since every account on
the machine can reach loopback; a cap on the apps running at once (each is a process of
yours), with a page that says so when it is reached; our own page (no external URL: the
font and script are the package's own static files), a check of the Host and Origin
headers (a page on another site cannot drive the briefing through a browser that can reach
this port), both loopback addresses held (127.0.0.1 and ::1 on the same port: "localhost"
reaches this server whichever it means, and no other account can listen on the other one and
be handed the key by a tunnel to localhost), app processes started without a shell, isolated
(``python -I``) and in their
own process group, and a watchdog that ends each of them when its browser goes away
however it goes, and all of them when the server stops. The private working folders of
apps a killed server left behind are removed when the next one starts.
"""

from __future__ import annotations

import asyncio
import errno
import hmac
import html
import os
import re
import secrets
import shutil
import signal
import socket
import stat
import sys
import tempfile
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit

import aiohttp_jinja2
import jinja2
from aiohttp import WSMsgType, web
from textual_serve.app_service import AppService
from textual_serve.server import Server

import briefing

#: Seconds between pings to the browser; no answer within half of it and the connection is closed.
HEARTBEAT = 2.0
#: Seconds an app gets to quit when asked, then to end after SIGTERM, before SIGKILL.
QUIT_GRACE = 1.0
TERM_GRACE = 1.5
#: The font size (px) a page may ask for with ?fontsize=.
MIN_FONT, MAX_FONT = 8, 96
#: The terminal size a browser may ask for.
MAX_CELLS = 1000

#: Apps (browser tabs) served at once, unless ``--max-apps`` says otherwise.
DEFAULT_MAX_APPS = 4
#: The key's query parameter, as Jupyter names it.
TOKEN_PARAMETER = "token"
#: An app's private working folder: the server's pid in the name, so a later server knows whose it was.
WORKDIR_PREFIX = "briefing-serve-"
_WORKDIR = re.compile(re.escape(WORKDIR_PREFIX) + r"(\d+)-")

LOOPBACK_NAMES = {"localhost", "127.0.0.1", "::1"}
TEMPLATES = Path(__file__).with_name("templates")

#: Run in the app process: import briefing from the folder given, never from the working folder.
BOOTSTRAP = ("import sys; sys.path.insert(0, sys.argv[1]); from briefing.app.served import main; "
             "sys.exit(main(sys.argv[2:]))")


def is_loopback(host: str) -> bool:
    return host.strip("[]") in LOOPBACK_NAMES or host.startswith("127.")


#: Loopback addresses with their other family's twin: "localhost" may mean either.
LOOPBACK_TWINS = {"127.0.0.1": "::1", "::1": "127.0.0.1", "localhost": None}


def listen_addresses(host: str) -> list[str]:
    """Where to listen for ``host``: a loopback address with its twin in the other family, when the
    machine has it. An SSH tunnel to localhost:PORT tries ::1 first on most systems: were it free,
    another account could listen there and be handed the address, key included."""
    if host not in LOOPBACK_TWINS:
        return [host]
    if host == "localhost":
        return [address for address in ("127.0.0.1", "::1") if address_exists(address)]
    twin = LOOPBACK_TWINS[host]
    return [host, twin] if address_exists(twin) else [host]


def address_exists(address: str) -> bool:
    """True when this machine has ``address`` to listen on (::1 is missing where IPv6 is off)."""
    family = socket.AF_INET6 if ":" in address else socket.AF_INET
    try:
        with socket.socket(family, socket.SOCK_STREAM) as probe:
            probe.bind((address, 0))
    except OSError:
        return False
    return True


def app_command(data: list[str] | None, edition: str | None, notes: bool) -> list[str]:
    """The command each tab's app process runs: no shell, isolated, our package by its path."""
    package_parent = str(Path(briefing.__file__).resolve().parent.parent)
    argv = [sys.executable, "-I", "-c", BOOTSTRAP, package_parent]
    for path in data or []:
        argv += ["--data", str(Path(path).resolve())]
    if edition:
        argv += ["--edition", edition]
    if notes:
        argv.append("--notes")
    return argv


def token_matches(given: str | None, token: str) -> bool:
    """True when ``given`` is the server's key; compared in constant time, so timing tells nothing."""
    return given is not None and hmac.compare_digest(given.encode("utf-8", "surrogateescape"), token.encode())


def remove_stale_workdirs(folder: str | None = None) -> list[str]:
    """Remove the working folders that apps of a killed server left in the temp folder; return them.

    Only ours: named ``briefing-serve-<pid>-...``, a folder (never a link), owned by this
    account, and its server's pid no longer running. A live server's folders are left alone.
    """
    folder = folder or tempfile.gettempdir()
    removed: list[str] = []
    try:
        names = os.listdir(folder)
    except OSError:
        return removed
    for name in names:
        match = _WORKDIR.match(name)
        if match is None:
            continue
        path = os.path.join(folder, name)
        try:
            found = os.lstat(path)
        except OSError:
            continue
        if not stat.S_ISDIR(found.st_mode) or found.st_uid != os.getuid() or pid_alive(int(match.group(1))):
            continue
        shutil.rmtree(path, ignore_errors=True)
        removed.append(path)
    return removed


def pid_alive(pid: int) -> bool:
    """True when a process ``pid`` exists (one of another account's counts: it may be a server)."""
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError):
        return True
    return True


def clamp(text: str | None, default: int, low: int, high: int) -> int:
    try:
        value = int(text) if text is not None else default
    except ValueError:
        value = default
    return max(low, min(high, value))


class AppProcess(AppService):
    """One tab's app process, started without a shell in a process group and a folder of its own."""

    def __init__(self, argv: list[str], **kwargs: Any) -> None:
        super().__init__(" ".join(argv), **kwargs)
        self.argv = argv
        self.workdir: str | None = None
        self._stopping: asyncio.Task[None] | None = None

    @property
    def pid(self) -> int | None:
        return self._process.pid if self._process is not None else None

    def _build_environment(self, width: int = 80, height: int = 24) -> dict[str, str]:
        environment = super()._build_environment(width, height)
        for name in ("TEXTUAL", "TEXTUAL_LOG", "TEXTUAL_DEVTOOLS_HOST", "TEXTUAL_DEVTOOLS_PORT"):
            environment.pop(name, None)  # no devtools: the app connects to nothing
        return environment

    async def _open_app_process(self, width: int = 80, height: int = 24) -> asyncio.subprocess.Process:
        # The citation and export keys are off in a served app; an empty private folder as the
        # working folder all the same, so nothing it could write lands where the server runs.
        self.workdir = tempfile.mkdtemp(prefix=f"{WORKDIR_PREFIX}{os.getpid()}-")
        self._process = process = await asyncio.create_subprocess_exec(
            *self.argv, stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE, env=self._build_environment(width, height),
            cwd=self.workdir, start_new_session=True)
        self._stdin = process.stdin
        return process

    async def stop(self) -> None:
        """End the app: ask it to quit, then SIGTERM its process group, then SIGKILL. Safe to call twice."""
        if self._stopping is None:
            self._stopping = asyncio.ensure_future(self._stop())
        await asyncio.shield(self._stopping)

    async def _stop(self) -> None:
        process = self._process
        if process is not None and process.returncode is None:
            try:
                await asyncio.wait_for(super().stop(), QUIT_GRACE)
            except (asyncio.TimeoutError, Exception):
                pass
            if process.stdin is not None:
                process.stdin.close()  # the app quits by itself when its input ends, even if the quit was lost
            try:
                await asyncio.wait_for(process.wait(), QUIT_GRACE)
            except asyncio.TimeoutError:
                self.signal_group(signal.SIGTERM)
                try:
                    await asyncio.wait_for(process.wait(), TERM_GRACE)
                except asyncio.TimeoutError:
                    pass
        self.signal_group(signal.SIGKILL)  # whatever is left in its group, if anything
        if process is not None and process.returncode is None:
            await process.wait()
        if self._task is not None:
            self._task.cancel()
        if self.workdir:
            shutil.rmtree(self.workdir, ignore_errors=True)

    def signal_group(self, number: int) -> None:
        if self._process is not None:
            try:
                os.killpg(self._process.pid, number)
            except (ProcessLookupError, PermissionError):
                pass


class BriefingServer(Server):
    """Serves the briefing app, one process per browser tab."""

    def __init__(self, host: str, port: int, *, font_size: int, data: list[str] | None = None,
                 edition: str | None = None, notes: bool = False, max_apps: int = DEFAULT_MAX_APPS,
                 token: str | None = None) -> None:
        super().__init__(command="briefing", host=host, port=port, title="briefing")
        self.font_size = font_size
        self.data = data
        self.argv = app_command(data, edition, notes)
        self.apps: set[AppProcess] = set()
        self.max_apps = max_apps
        #: Websockets being served (an app starting, running or stopping): what the cap counts.
        self.in_use = 0
        #: The key every page and websocket must carry: 256 random bits, new at each start.
        self.token = token or secrets.token_urlsafe(32)

    @property
    def url(self) -> str:
        """The address to open, key included."""
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}/?{TOKEN_PARAMETER}={self.token}"

    def initialize_logging(self) -> None:
        pass  # one line at start-up is all we print; the app's errors go to our stderr

    async def _make_app(self) -> web.Application:
        app = web.Application(middlewares=[self.check_host])
        aiohttp_jinja2.setup(app, loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True)
        app.add_routes([
            web.get("/", self.handle_index, name="index"),
            web.get("/ws", self.handle_websocket, name="websocket"),
            # The page's socket carries the key in its path: textual.js adds "?width=..." to the address.
            web.get("/ws/{token}", self.handle_websocket, name="websocket-keyed"),
            web.static("/static", self.statics_path, show_index=False, follow_symlinks=False, name="static"),
        ])
        app.on_startup.append(self.on_startup)
        app.on_shutdown.append(self.on_shutdown)
        return app

    @web.middleware
    async def check_host(self, request: web.Request, handler: Any) -> web.StreamResponse:
        """Refuse a Host that is not this server's (DNS rebinding) and a WebSocket from another page."""
        host = urlsplit(f"//{request.host}").hostname or ""
        if is_loopback(self.host) and not is_loopback(host):
            raise web.HTTPForbidden(text="briefing serve answers only to localhost.")
        origin = request.headers.get("Origin")
        if (request.path == "/ws" or request.path.startswith("/ws/")) and origin is not None and urlsplit(origin).netloc != request.host:
            raise web.HTTPForbidden(text="The page connecting is not this server's.")
        return await handler(request)

    async def on_startup(self, app: web.Application) -> None:
        remove_stale_workdirs()

    def announce(self, _said: str = "") -> None:
        """Say the address, key included: only once every address is held (were one taken, the server stops)."""
        print(f"Serving the briefing on {self.url}  (Ctrl+C stops it)", flush=True)
        print(f"The address holds its key: give it only to those who may see the briefing. "
              f"At most {self.max_apps} browser tab{'s' if self.max_apps != 1 else ''} at once.", flush=True)

    async def on_shutdown(self, app: web.Application) -> None:
        await asyncio.gather(*(process.stop() for process in list(self.apps)), return_exceptions=True)

    def serve(self, debug: bool = False) -> None:
        """Listen on the host and its loopback twin (textual-serve's own serve listens on one address)."""
        self.debug = False
        addresses = listen_addresses(self.host)
        loop = asyncio.new_event_loop()
        asyncio.set_event_loop(loop)
        loop.add_signal_handler(signal.SIGINT, self.request_exit)
        loop.add_signal_handler(signal.SIGTERM, self.request_exit)
        try:
            try:
                # run_app "prints" once every site listens: our announcement instead of its own.
                web.run_app(self._make_app(), host=addresses, port=self.port, handle_signals=False, loop=loop,
                            print=self.announce)
            except OSError as error:
                if error.errno == errno.EADDRINUSE and len(addresses) > 1:
                    raise OSError(error.errno, f"the port is taken on {' or '.join(addresses)} (by another "
                                               "program, maybe another account's: it could be handed your key "
                                               "through 'localhost'); choose another --port") from error
                raise
        finally:
            for process in list(self.apps):  # the loop is gone: end what is left at once
                process.signal_group(signal.SIGKILL)
                if process.workdir:
                    shutil.rmtree(process.workdir, ignore_errors=True)

    def _refused(self, status: int, title: str, text: str) -> web.Response:
        """A plain page saying why the briefing is not shown (no script, nothing from the request in it)."""
        body = (f"<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>briefing: "
                f"{html.escape(title)}</title></head><body style=\"font-family: sans-serif; margin: 3em; "
                f"font-size: {self.font_size}px\"><h1>{html.escape(title)}</h1><p>{html.escape(text)}</p>"
                "</body></html>")
        response = web.Response(status=status, text=body, content_type="text/html")
        response.headers["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'"
        response.headers["Referrer-Policy"] = "no-referrer"
        return response

    def _key_refused(self) -> web.Response:
        return self._refused(403, "This briefing needs its key",
                             "Open the full address that briefing serve printed when it started: it ends in "
                             "?token= and a key. Ask whoever runs it for that address.")

    def _full(self) -> web.Response:
        return self._refused(503, "The briefing is full",
                             f"It is already open in {self.in_use} browser tab"
                             f"{'s' if self.in_use != 1 else ''}, the most it serves at once "
                             f"(briefing serve --max-apps {self.max_apps}). Close one of them, then reload this "
                             "page.")

    async def handle_index(self, request: web.Request) -> web.Response:
        if not token_matches(request.query.get(TOKEN_PARAMETER), self.token):
            return self._key_refused()
        if self.in_use >= self.max_apps:
            return self._full()
        if "ping" in request.query or "delay" in request.query:
            # textual.js would fetch ?ping= from wherever it points: drop it.
            kept = {k: v for k, v in request.query.items() if k not in ("ping", "delay")}
            raise web.HTTPFound("/?" + urlencode(kept) if kept else "/")
        font_size = clamp(request.query.get("fontsize"), self.font_size, MIN_FONT, MAX_FONT)
        scheme = "wss" if request.secure else "ws"
        websocket_url = f"{scheme}://{request.host}/ws/{self.token}"
        context = {"font_size": font_size, "websocket_url": websocket_url, "static_url": "/static/",
                   "page_title": self.page_title()}
        response = aiohttp_jinja2.render_template("briefing_index.html", request, context)
        response.headers["Content-Security-Policy"] = (
            "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
            f"connect-src 'self' {scheme}://{request.host}; img-src 'self' data:; font-src 'self'")
        response.headers["Referrer-Policy"] = "no-referrer"
        return response

    def page_title(self) -> str:
        """The browser tab's title: "briefing", with the drafts shown marked (the app marks them in its title bar)."""
        from ..model.library.catalog import data_paths
        from ..model.library.status import statuses_of

        drafts = [ident for ident, status in statuses_of(data_paths(self.data)).items() if status.is_draft]
        return "briefing" + (f" · DRAFT {', '.join(drafts)}" if drafts else "")

    async def handle_websocket(self, request: web.Request) -> web.StreamResponse:
        given = request.match_info.get("token") or request.query.get(TOKEN_PARAMETER)
        if not token_matches(given, self.token):
            return self._key_refused()  # before the upgrade: no app is started, nothing is said
        if self.in_use >= self.max_apps:
            return self._full()
        self.in_use += 1  # taken before the first await: sockets arriving together cannot all pass the cap
        try:
            return await self._serve_app(request)
        finally:
            self.in_use -= 1

    async def _serve_app(self, request: web.Request) -> web.WebSocketResponse:
        websocket = web.WebSocketResponse(heartbeat=HEARTBEAT)
        width = clamp(request.query.get("width"), 80, 1, MAX_CELLS)
        height = clamp(request.query.get("height"), 24, 1, MAX_CELLS)
        await websocket.prepare(request)
        process = AppProcess(self.argv, write_bytes=websocket.send_bytes, write_str=websocket.send_str,
                             close=websocket.close, download_manager=self.download_manager)
        self.apps.add(process)
        try:
            await process.start(width, height)
            await self._relay(websocket, process)
        finally:
            await process.stop()
            self.apps.discard(process)
            if not websocket.closed:
                await websocket.close()
        return websocket

    async def _relay(self, websocket: web.WebSocketResponse, process: AppProcess) -> None:
        """Pass the browser's keys and resizes to the app until the browser goes or the app ends."""
        async for message in websocket:
            if message.type != WSMsgType.TEXT:
                continue
            try:
                kind, *rest = message.json()
                if kind == "stdin" and isinstance(rest[0], str):
                    await process.send_bytes(rest[0].encode("utf-8"))
                elif kind == "resize":
                    size = rest[0]
                    await process.set_terminal_size(clamp(str(size["width"]), 80, 1, MAX_CELLS),
                                                    clamp(str(size["height"]), 24, 1, MAX_CELLS))
                elif kind == "ping":
                    await websocket.send_json(["pong", rest[0]])
                elif kind == "focus":
                    await process.focus()
                elif kind == "blur":
                    await process.blur()
            except (ValueError, TypeError, KeyError, IndexError):
                continue  # a malformed message is dropped, never the connection
            if process._task is not None and process._task.done():
                break  # the app has ended
