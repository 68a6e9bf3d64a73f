"""The link emulator on its own: counters, bandwidth and latency, cuts, partitions, replays, CLI."""

from __future__ import annotations

import socket
import socketserver
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


def exchange(port: int, payload: bytes, timeout: float = 10.0) -> bytes:
    got = bytearray()
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=timeout) as sock:
            sock.sendall(payload)
            sock.shutdown(socket.SHUT_WR)
            while data := sock.recv(65536):
                got += data
    except (ConnectionResetError, BrokenPipeError):
        pass  # the emulator reset the connection (a cut, a drop, a partition)
    return bytes(got)


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
