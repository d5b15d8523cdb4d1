"""Issue 29 items 6 and 7 rerun as another real account: `briefing serve --notes` on loopback, reached by
a client running as uid 65534 (nobody, no groups), forked from the test and dropped to it by setuid.

Any account on the machine can reach loopback. Without the printed address's key it gets a
refusal and no app (so none of the notes), with a wrong key the same, and it cannot read the
key from the server's command line or environment; with the key, the cap on apps holds. Nor
can it listen on the server's port at the other loopback address (::1), where a tunnel to
"localhost" would hand it the address, key included.
The client is the attack's own kind: a raw websocket with no Origin and no browser, which
answers the server's pings so its sockets stay open while the test counts the apps.
"""

from __future__ import annotations

import base64
import errno
# Loaded here, before the fork: the other account may not be allowed to read the standard library's
# folder, and sockets encode host names with this codec the first time they connect.
import encodings.idna  # noqa: F401
import http.client
import json
import os
import select
import signal
import socket
import struct
import subprocess
import sys
import time

import pytest

from briefing.serve.server import address_exists

from .conftest import DATA, REPO
from .test_serve import free_port, get, serve_extra, server, wait_for, with_a_note  # noqa: F401 (fixtures)

NOBODY = 65534

pytestmark = pytest.mark.skipif(os.geteuid() != 0,
                                reason="needs root, to run the client as another real account (uid 65534)")


# -- the other account's client ------------------------------------------------------------------

def _handshake(port: int, path: str) -> socket.socket:
    connection = socket.create_connection(("127.0.0.1", port), timeout=10)
    key = base64.b64encode(os.urandom(16)).decode()
    connection.sendall(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nUpgrade: websocket\r\n"
                       f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n".encode())
    return connection


def _answer(connection: socket.socket) -> tuple[int, bytes]:
    """The handshake's status and what came after its headers (the first frames)."""
    head = b""
    while b"\r\n\r\n" not in head:
        chunk = connection.recv(65536)
        if not chunk:
            break
        head += chunk
    status = int(head.split(b" ", 2)[1]) if head.startswith(b"HTTP/") else 0
    return status, head.partition(b"\r\n\r\n")[2]


def _frame(opcode: int, payload: bytes) -> bytes:
    mask = os.urandom(4)  # a client's frames are masked
    return bytes([0x80 | opcode, 0x80 | len(payload)]) + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(payload))


def _frames(buffer: bytes) -> tuple[list[tuple[int, bytes]], bytes]:
    """The whole frames at the start of ``buffer`` (the server's are not masked), and the rest."""
    found = []
    while len(buffer) >= 2:
        opcode, length, at = buffer[0] & 0x0F, buffer[1] & 0x7F, 2
        if length == 126:
            if len(buffer) < 4:
                break
            length, at = struct.unpack(">H", buffer[2:4])[0], 4
        elif length == 127:
            if len(buffer) < 10:
                break
            length, at = struct.unpack(">Q", buffer[2:10])[0], 10
        if len(buffer) < at + length:
            break
        found.append((opcode, buffer[at: at + length]))
        buffer = buffer[at + length:]
    return found, buffer


def _command(command: dict, sockets: dict, listeners: list) -> dict:
    """Do one thing the test asks, as the other account."""
    what = command["do"]
    if what == "whoami":
        return {"uid": os.getuid(), "gid": os.getgid(), "groups": os.getgroups()}
    if what == "get":
        connection = http.client.HTTPConnection(command.get("host", "127.0.0.1"), command["port"], timeout=10)
        try:
            connection.request("GET", command["path"])
            response = connection.getresponse()
            return {"status": response.status, "body": response.read().decode("utf-8", "replace")}
        finally:
            connection.close()
    if what == "read":
        try:
            with open(command["path"], "rb") as file:
                return {"text": file.read().decode("utf-8", "replace")}
        except OSError as error:
            return {"error": type(error).__name__}
    if what == "websockets":
        # Every handshake sent before any answer is read: the server sees them arrive together.
        opened = [_handshake(command["port"], path) for path in command["paths"]]
        statuses = []
        for connection in opened:
            status, rest = _answer(connection)
            statuses.append(status)
            if status == 101:
                sockets[connection] = rest
            else:
                connection.close()
        return {"statuses": statuses}
    if what == "listen":
        # What a squatter does: listen on the server's port at the loopback address it left free.
        family = socket.AF_INET6 if ":" in command["host"] else socket.AF_INET
        listener = socket.socket(family, socket.SOCK_STREAM)
        try:
            listener.bind((command["host"], command["port"]))
            listener.listen()
        except OSError as error:
            listener.close()
            return {"error": errno.errorcode.get(error.errno, str(error))}
        listeners.append(listener)
        return {"listening": True}
    if what == "close":
        for connection in list(sockets):
            try:
                connection.sendall(_frame(0x8, struct.pack(">H", 1000)))
            except OSError:
                pass
            connection.close()
        closed = len(sockets)
        sockets.clear()
        return {"closed": closed}
    raise ValueError(what)


def _client(commands: int, replies: int) -> None:
    """The other account's loop: commands in, one JSON line each out; open websockets kept alive."""
    sockets: dict[socket.socket, bytes] = {}
    listeners: list[socket.socket] = []
    pending = b""
    while True:
        ready, _, _ = select.select([commands, *sockets], [], [], 1.0)
        for connection in ready:
            if connection == commands:
                continue
            chunk = connection.recv(65536)
            if not chunk:
                del sockets[connection]
                connection.close()
                continue
            found, sockets[connection] = _frames(sockets[connection] + chunk)
            for opcode, payload in found:
                if opcode == 0x9:  # ping: answer it, or the server ends the app as a browser gone
                    connection.sendall(_frame(0xA, payload))
        if commands in ready:
            chunk = os.read(commands, 65536)
            if not chunk:
                return
            pending += chunk
            while b"\n" in pending:
                line, pending = pending.split(b"\n", 1)
                command = json.loads(line)
                if command["do"] == "bye":
                    return
                try:
                    reply = _command(command, sockets, listeners)
                except Exception as error:  # said to the test, which fails with it
                    reply = {"failed": repr(error)}
                os.write(replies, (json.dumps(reply) + "\n").encode())


class OtherAccount:
    """A client process running as uid and gid 65534 with no groups, driven over two pipes."""

    def __init__(self) -> None:
        commands_in, self._commands = os.pipe()
        self._replies, replies_out = os.pipe()
        self.pid = os.fork()
        if self.pid == 0:  # the child: drop to the other account for good, then obey
            code = 1
            try:
                os.close(self._commands)
                os.close(self._replies)
                os.setgroups([])
                os.setgid(NOBODY)
                os.setuid(NOBODY)
                _client(commands_in, replies_out)
                code = 0
            finally:
                os._exit(code)
        os.close(commands_in)
        os.close(replies_out)
        self._pending = b""

    def ask(self, timeout: float = 60, **command) -> dict:
        os.write(self._commands, (json.dumps(command) + "\n").encode())
        deadline = time.monotonic() + timeout
        while b"\n" not in self._pending:
            left = deadline - time.monotonic()
            ready, _, _ = select.select([self._replies], [], [], max(0.0, left))
            assert ready, f"the other account did not answer {command} within {timeout} s"
            chunk = os.read(self._replies, 65536)
            assert chunk, "the other account's client ended"
            self._pending += chunk
        line, self._pending = self._pending.split(b"\n", 1)
        reply = json.loads(line)
        assert "failed" not in reply, reply["failed"]
        return reply

    def end(self) -> None:
        try:
            os.write(self._commands, b'{"do": "bye"}\n')
        except OSError:
            pass
        os.close(self._commands)
        os.close(self._replies)
        for _ in range(50):
            if os.waitpid(self.pid, os.WNOHANG)[0]:
                return
            time.sleep(0.1)
        os.kill(self.pid, signal.SIGKILL)
        os.waitpid(self.pid, 0)


@pytest.fixture
def other():
    account = OtherAccount()
    try:
        yield account
    finally:
        account.end()


# -- the attacks ---------------------------------------------------------------------------------

def test_another_account_without_the_key_gets_no_page_no_app_and_not_the_key(server, other, with_a_note) -> None:
    """Item 6: run as another account, the client reached the notes of `serve --notes`; now refused."""
    served = server("--notes")
    who = other.ask(do="whoami")
    assert who == {"uid": NOBODY, "gid": NOBODY, "groups": []} and os.getuid() != NOBODY
    # The notes are the server's account's: the other one cannot read them itself.
    assert other.ask(do="read", path=str(with_a_note / "annotations.toml")) == {"error": "PermissionError"}
    wrong = served.token[:-1] + ("A" if served.token[-1] != "A" else "B")
    for path in ("/", f"/?token={wrong}", "/?token=", f"/?token={served.token[:20]}"):
        page = other.ask(do="get", port=served.port, path=path)
        assert page["status"] == 403 and "needs its key" in page["body"], path
        assert served.token not in page["body"] and "Private remark" not in page["body"]
    paths = ["/ws", "/ws?width=80&height=24", f"/ws/{wrong}", f"/ws?token={wrong}", f"/ws/{wrong}x"]
    assert other.ask(do="websockets", port=served.port, paths=paths)["statuses"] == [403] * len(paths)
    assert not served.apps()  # nothing was started for it
    # Nor can it find the key where another account can look: the server's command line and environment.
    assert served.token not in other.ask(do="read", path=f"/proc/{served.process.pid}/cmdline")["text"]
    assert other.ask(do="read", path=f"/proc/{served.process.pid}/environ") == {"error": "PermissionError"}
    # The key is the gate, and nothing else: given the printed address, the same client gets its app.
    keyed = other.ask(do="websockets", port=served.port, paths=[f"/ws/{served.token}?width=80&height=24"])
    assert keyed["statuses"] == [101]
    apps = wait_for(served.apps, 20)
    assert apps
    for pid in apps:
        assert served.token not in other.ask(do="read", path=f"/proc/{pid}/cmdline")["text"]
    assert other.ask(do="close")["closed"] == 1
    assert wait_for(lambda: not served.apps(), 20)


def test_another_account_with_the_key_cannot_start_more_apps_than_the_cap(server, other) -> None:
    """Item 7: 50 sockets started 50 apps as you; now at most --max-apps (default 4), the rest refused."""
    served = server("--notes")
    keyed = f"/ws/{served.token}?width=80&height=24"
    statuses = other.ask(do="websockets", port=served.port, paths=[keyed] * 8)["statuses"]
    assert sorted(statuses) == [101] * 4 + [503] * 4
    assert wait_for(lambda: len(served.apps()) == 4, 30), served.apps()
    full = other.ask(do="get", port=served.port, path=served.at("/"))
    assert full["status"] == 503 and "The briefing is full" in full["body"] and "--max-apps 4" in full["body"]
    # A flood without the key while it is full starts nothing either, and says nothing of the notes.
    flood = other.ask(do="websockets", port=served.port, paths=["/ws?width=80&height=24"] * 50)["statuses"]
    assert flood == [403] * 50
    assert len(served.apps()) == 4
    assert other.ask(do="close")["closed"] == 4
    assert wait_for(lambda: get(served.port, served.at("/"))[0] == 200, 20)
    assert wait_for(lambda: not served.apps(), 20)


@pytest.fixture
def twin() -> None:
    if not address_exists("::1"):
        pytest.skip("this machine has no ::1 (IPv6 off): there is no other loopback address to take")


def test_another_account_cannot_take_the_port_on_the_other_loopback_address(server, other, twin) -> None:
    """Were ::1 free at the server's port, another account could listen there, and a tunnel to
    localhost:PORT (::1 first on most systems) would hand it the address, key included."""
    served = server("--notes")
    assert other.ask(do="listen", host="::1", port=served.port) == {"error": "EADDRINUSE"}
    # ::1 is this server: its refusal without the key, its page with it.
    page = other.ask(do="get", host="::1", port=served.port, path="/")
    assert page["status"] == 403 and "needs its key" in page["body"]
    assert get(served.port, served.at("/"))[0] == 200


def test_serve_refuses_a_port_another_account_holds_on_the_other_loopback_address(other, twin, serve_extra) -> None:
    port = free_port()
    assert other.ask(do="listen", host="::1", port=port) == {"listening": True}
    done = subprocess.run([sys.executable, "-m", "briefing", "serve", "--port", str(port), "--data", str(DATA)],
                          capture_output=True, text=True, cwd=REPO, timeout=60)
    assert done.returncode == 2, done.stdout + done.stderr
    assert f"cannot serve on 127.0.0.1:{port}: the port is taken on 127.0.0.1 or ::1" in done.stderr
    assert "Traceback" not in done.stderr and "token=" not in done.stdout
