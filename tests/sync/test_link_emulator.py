"""The link emulator on its own: counters, bandwidth and latency, cuts, partitions, replays, CLI."""

from __future__ import annotations

import errno
import select
import socket
import socketserver
import struct
import sys
import threading
import time
from collections.abc import Iterator

import pytest

from sync.link_emulator import LinkEmulator, LinkProfile
from tests.support.services import ManagedProcess, free_tcp_port, tcp_listening, wait_until


class _Echo(socketserver.BaseRequestHandler):
    def handle(self) -> None:
        while data := self.request.recv(65536):
            self.request.sendall(data)


@pytest.fixture
def echo() -> Iterator[int]:
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), _Echo)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield int(server.server_address[1])
    server.shutdown()
    server.server_close()


Peer = tuple[socket.socket, threading.Event]
# The link is gone: refused, reset, or already closed under us when we shut down our side.
LINK_GONE = frozenset({errno.ECONNREFUSED, errno.ECONNRESET, errno.ECONNABORTED, errno.EPIPE,
                       errno.ENOTCONN})


def exchange(port: int, payload: bytes, timeout: float = 10.0) -> bytes:
    """Send ``payload``, half-close, and return what came back before the far end closed or reset.

    A link that refuses or resets (a cut, a drop, a partition) is "nothing (more)
    came back", at whichever step the reset lands: connect, sendall, shutdown
    (ENOTCONN once the RST has arrived) or recv. A timeout is not: it raises.
    """
    try:
        sock = socket.create_connection(("127.0.0.1", port), timeout=timeout)
    except OSError as exc:
        if exc.errno not in LINK_GONE:
            raise
        return b""
    with sock:
        return talk(sock, payload)


def talk(sock: socket.socket, payload: bytes) -> bytes:
    got = bytearray()
    try:
        sock.sendall(payload)
        sock.shutdown(socket.SHUT_WR)
        while data := sock.recv(65536):
            got += data
    except OSError as exc:
        if exc.errno not in LINK_GONE:
            raise
    return bytes(got)


@pytest.fixture
def resetting_peer() -> Iterator[Peer]:
    """A listener that reads what comes, then resets the connection (RST) once told to."""
    listener = socket.create_server(("127.0.0.1", 0))
    go = threading.Event()

    def serve() -> None:
        conn, _ = listener.accept()
        conn.recv(65536)
        go.wait(10)
        conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        conn.close()

    threading.Thread(target=serve, daemon=True).start()
    yield listener, go
    listener.close()


def reset_after_sending(peer: Peer, payload: bytes) -> socket.socket:
    """A connection on which ``payload`` was sent and the peer's RST has then arrived."""
    listener, go = peer
    sock = socket.create_connection(listener.getsockname(), timeout=10)
    sock.sendall(payload)
    go.set()
    assert select.select([sock], [], [], 10)[0], "the peer's RST did not arrive"
    return sock


def test_the_flake_forced_a_reset_between_sendall_and_shutdown(
        resetting_peer: Peer) -> None:
    """What the unguarded helper died of: shutdown after the RST is ENOTCONN, not a ConnectionError."""
    with reset_after_sending(resetting_peer, b"lost") as sock, pytest.raises(OSError) as raised:
        sock.shutdown(socket.SHUT_WR)
    assert raised.value.errno == errno.ENOTCONN and not isinstance(raised.value, ConnectionError)


def test_talk_when_the_reset_lands_before_shutdown(resetting_peer: Peer) -> None:
    with reset_after_sending(resetting_peer, b"lost") as sock:
        assert talk(sock, b"") == b""  # nothing more to send: shutdown is where it meets the RST


def test_talk_when_the_reset_lands_before_sendall(resetting_peer: Peer) -> None:
    with reset_after_sending(resetting_peer, b"x") as sock:
        assert talk(sock, b"lost") == b""


def test_exchange_with_a_refusing_port_returns_nothing() -> None:
    assert exchange(free_tcp_port(), b"nobody") == b""


def test_bytes_pass_unchanged_and_are_counted(echo: int) -> None:
    with LinkEmulator(("127.0.0.1", echo)) as link:
        assert exchange(link.port, b"x" * 10_000) == b"x" * 10_000
        assert link.bytes_up == 10_000 and link.bytes_down == 10_000 and link.connections == 1


def test_bandwidth_and_latency_shape_the_timing(echo: int) -> None:
    profile = LinkProfile(up_bps=20_000, down_bps=20_000, latency_s=0.05)
    with LinkEmulator(("127.0.0.1", echo), profile) as link:
        start = time.monotonic()
        assert exchange(link.port, b"y" * 10_000) == b"y" * 10_000
        elapsed = time.monotonic() - start
    # handshake 0.1 + up 0.5 s + 0.05 + (down overlaps, one segment behind) + 0.05
    assert 0.65 < elapsed < 1.6, elapsed


def test_cut_after_n_bytes_up_passes_exactly_n_then_resets(echo: int) -> None:
    with LinkEmulator(("127.0.0.1", echo)) as link:
        link.cut_after(up=1234)
        got = exchange(link.port, b"z" * 5000)
        assert link.bytes_up == 1234 and len(got) <= 1234 and link.drops == 1
        assert exchange(link.port, b"ok") == b"ok"  # one-shot: the link heals


def test_cut_after_n_bytes_down(echo: int) -> None:
    with LinkEmulator(("127.0.0.1", echo)) as link:
        link.cut_after(down=100)
        got = exchange(link.port, b"w" * 5000)
        assert got == b"w" * 100 and link.bytes_down == 100


def test_partition_refuses_until_healed(echo: int) -> None:
    with LinkEmulator(("127.0.0.1", echo)) as link:
        link.partition()
        assert exchange(link.port, b"lost") == b""
        link.partition(False)
        assert exchange(link.port, b"back") == b"back"


def test_partition_resets_open_connections_before_it_returns(echo: int) -> None:
    with LinkEmulator(("127.0.0.1", echo)) as link, \
            socket.create_connection(("127.0.0.1", link.port), timeout=10) as sock:
        sock.sendall(b"ping")
        assert sock.recv(64) == b"ping"
        link.partition()
        link.partition(False)  # healing at once must not save it, nor be undone by a late kill
        assert select.select([sock], [], [], 10)[0]
        assert talk(sock, b"") == b"" and link.drops == 1
        assert exchange(link.port, b"back") == b"back"


def test_drop_probability_kills_connections(echo: int) -> None:
    with LinkEmulator(("127.0.0.1", echo), LinkProfile(drop_per_segment=1.0), seed=1) as link:
        exchange(link.port, b"q" * 3000)
        assert link.drops == 1


def test_recorded_request_is_replayed_on_a_new_connection(echo: int) -> None:
    with LinkEmulator(("127.0.0.1", echo)) as link:
        exchange(link.port, b"GET / HTTP/1.1\r\n\r\n")
        assert link.requests == [b"GET / HTTP/1.1\r\n\r\n"]
        assert link.replay(timeout=1.0).startswith(b"GET / HTTP/1.1")


def test_runs_as_a_program(echo: int, tmp_path: object) -> None:
    from pathlib import Path

    port = free_tcp_port()
    proc = ManagedProcess([sys.executable, "-m", "sync.link_emulator", "--target", f"127.0.0.1:{echo}",
                           "--listen", str(port), "--kbps", "400", "--rtt-ms", "20"],
                          Path(str(tmp_path)) / "link.log").start()
    try:
        wait_until(tcp_listening(port), 15, "the link emulator")
        assert exchange(port, b"hello") == b"hello"
    finally:
        proc.stop()
    assert "up " in proc.log_tail() and "bytes" in proc.log_tail()
