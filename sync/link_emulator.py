"""A user-space TCP proxy that behaves like a GPRS/3G link (kernel netem is not available).

Per direction: a bandwidth (bytes/s; segments are serialised one after another),
a one-way latency, a probability that a segment kills the connection, and a
one-shot cut after N more bytes. A new connection pays one round trip before
its first byte moves (the TCP handshake). Byte counters per direction count
the TCP payload that crossed the link. Client-to-server bursts (one per request
on a keep-alive connection) are recorded so a test can replay one later on a
fresh connection: a duplicated or, replayed after newer ones, reordered request.

In process::

    with LinkEmulator(("127.0.0.1", server_port), LinkProfile.gprs()) as link:
        url = f"http://127.0.0.1:{link.port}"
        link.cut_after(up=10_000)          # the next 10,000 bytes up pass, then RST
        ...
        print(link.bytes_up, link.bytes_down)

As a program: ``python -m sync.link_emulator --target 127.0.0.1:8000 --listen 9000
--kbps 40 --rtt-ms 600 --drop 0.01``.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import random
import signal
import socket
import struct
import sys
import threading
import time
from dataclasses import dataclass, field, replace
from types import TracebackType

SEGMENT = 1460  # bytes per emulated TCP segment


@dataclass(frozen=True, slots=True)
class LinkProfile:
    up_bps: float = 0.0  # client -> server bytes per second; 0 = unlimited
    down_bps: float = 0.0  # server -> client
    latency_s: float = 0.0  # one way
    drop_per_segment: float = 0.0  # probability that a segment kills the connection
    handshake: bool = True  # a new connection waits one round trip before data moves

    @classmethod
    def gprs(cls, kbit_s: float = 40.0, rtt_ms: float = 600.0, drop: float = 0.0) -> LinkProfile:
        rate = kbit_s * 1000 / 8
        return cls(rate, rate, rtt_ms / 2000.0, drop)


@dataclass
class _Direction:
    name: str
    budget: int | None = None  # bytes still allowed before a cut (None = no cut armed)
    queued: list[int] = field(default_factory=list)  # the budgets of the cuts armed after this one
    free_at: float = 0.0  # when the emulated wire is free again (monotonic)


@dataclass(eq=False)
class _Conn:
    client: asyncio.StreamWriter
    server: asyncio.StreamWriter
    burst: bytearray = field(default_factory=bytearray)


class LinkEmulator:
    """The proxy; runs its own asyncio loop on a background thread."""

    def __init__(self, target: tuple[str, int], profile: LinkProfile | None = None, *,
                 listen_port: int = 0, seed: int | None = None, duplicate_requests: bool = False) -> None:
        self.target = target
        self.profile = profile or LinkProfile()
        self.listen_port = listen_port
        self.duplicate_requests = duplicate_requests
        self.bytes_up = 0
        self.bytes_down = 0
        self.connections = 0
        self.drops = 0  # connections killed by a cut, a drop or a partition
        self.requests: list[bytes] = []  # recorded client->server bursts
        self._rng = random.Random(seed)
        self._up = _Direction("up")
        self._down = _Direction("down")
        self._partitioned = False
        self._conns: set[_Conn] = set()
        self._loop = asyncio.new_event_loop()
        self._thread: threading.Thread | None = None
        self._server: asyncio.Server | None = None
        self._lock = threading.Lock()

    # -- control (any thread) -----------------------------------------------------------------------
    @property
    def port(self) -> int:
        assert self._server is not None, "the link emulator is not started"
        return int(self._server.sockets[0].getsockname()[1])

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> LinkEmulator:
        self._thread = threading.Thread(target=self._loop.run_forever, name="link-emulator", daemon=True)
        self._thread.start()
        self._call(self._listen())
        return self

    def stop(self) -> None:
        if self._thread is None:
            return
        self._call(self._shutdown())
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(5)
        self._thread = None
        self._loop.close()

    def __enter__(self) -> LinkEmulator:
        return self.start()

    def __exit__(self, et: type[BaseException] | None, ev: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.stop()

    def set_profile(self, profile: LinkProfile) -> None:
        self.profile = profile

    def cut_after(self, up: int | None = None, down: int | None = None) -> None:
        """Arm a one-shot cut: after ``up`` (``down``) more bytes in that direction, RST the connection."""
        with self._lock:
            self._up.budget, self._up.queued = up, []
            self._down.budget, self._down.queued = down, []

    def cut_each(self, up: list[int]) -> None:
        """Arm a series of cuts upward: after ``up[0]`` bytes RST, then after ``up[1]`` more bytes
        (on whatever connection carries them) RST again, and so on. Each next cut is armed in the
        same step as the cut before fires, so no request slips through between them."""
        with self._lock:
            self._up.budget, self._up.queued = (up[0], list(up[1:])) if up else (None, [])

    def partition(self, on: bool = True) -> None:
        """Black out the link: every open connection is reset and new ones are refused (reset).

        Synchronous: when it returns, the flag is set and every connection open
        before the call is already reset (``partition(False)`` right after
        cannot be followed by a late kill of a connection made after healing).
        Call it from any thread but the emulator's own.
        """
        self._call(self._set_partition(on))

    async def _set_partition(self, on: bool) -> None:
        with self._lock:
            self._partitioned = on
        if on:
            writers = self._kill_all()
            # abort() closes the sockets on the loop's next turn: wait for it, so the RSTs are out
            await asyncio.wait_for(asyncio.gather(*(w.wait_closed() for w in writers),
                                                  return_exceptions=True), 5)

    def reset_counters(self) -> None:
        with self._lock:
            self.bytes_up = self.bytes_down = self.connections = self.drops = 0
            self.requests.clear()

    def replay(self, index: int = -1, timeout: float = 10.0) -> bytes:
        """Send recorded request ``index`` again, on a new direct connection; returns the raw reply."""
        return replay_bytes(self.target, self.requests[index], timeout)

    # -- the loop -----------------------------------------------------------------------------------
    def _call(self, coro: object) -> object:
        return asyncio.run_coroutine_threadsafe(coro, self._loop).result(10)  # type: ignore[arg-type]

    async def _listen(self) -> None:
        self._server = await asyncio.start_server(self._accept, "127.0.0.1", self.listen_port)

    async def _shutdown(self) -> None:
        if self._server is not None:
            self._server.close()
        self._kill_all()
        current = asyncio.current_task()
        tasks = [t for t in asyncio.all_tasks() if t is not current]
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)

    def _kill_all(self) -> list[asyncio.StreamWriter]:
        """Reset every open connection; returns the writers reset."""
        writers: list[asyncio.StreamWriter] = []
        for conn in list(self._conns):
            if self._abort(conn):
                writers += [conn.client, conn.server]
        return writers

    async def _accept(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        if self._partitioned:
            _reset(writer)
            return
        try:
            up_reader, up_writer = await asyncio.open_connection(*self.target)
        except OSError:
            _reset(writer)
            return
        if self._partitioned:  # partitioned while the server connection was being made
            _reset(writer)
            _reset(up_writer)
            return
        conn = _Conn(writer, up_writer)
        self._conns.add(conn)
        with self._lock:
            self.connections += 1
        if self.profile.handshake and self.profile.latency_s:
            await asyncio.sleep(2 * self.profile.latency_s)
        await asyncio.gather(self._pump(conn, reader, self._up), self._pump(conn, up_reader, self._down),
                             return_exceptions=True)
        self._conns.discard(conn)
        self._finish_burst(conn)

    async def _pump(self, conn: _Conn, src: asyncio.StreamReader, d: _Direction) -> None:
        dst = conn.server if d is self._up else conn.client
        queue: asyncio.Queue[tuple[float, bytes] | None] = asyncio.Queue()
        deliver = asyncio.ensure_future(self._deliver(conn, dst, d, queue))
        try:
            while data := await src.read(SEGMENT):
                queue.put_nowait((self._schedule(d, len(data)), data))
        except (ConnectionError, OSError):
            pass
        queue.put_nowait(None)
        await deliver

    def _schedule(self, d: _Direction, size: int) -> float:
        """When this segment arrives: after the wire is free and it has been serialised, plus latency."""
        rate = self.profile.up_bps if d is self._up else self.profile.down_bps
        now = time.monotonic()
        start = max(now, d.free_at)
        d.free_at = start + (size / rate if rate else 0.0)
        return d.free_at + self.profile.latency_s

    async def _deliver(self, conn: _Conn, dst: asyncio.StreamWriter, d: _Direction,
                       queue: asyncio.Queue[tuple[float, bytes] | None]) -> None:
        while (item := await queue.get()) is not None:
            at, data = item
            delay = at - time.monotonic()
            if delay > 0:
                await asyncio.sleep(delay)
            data, cut = self._take(d, data)
            if data:
                self._account(conn, d, data)
                try:
                    dst.write(data)
                    await dst.drain()
                except (ConnectionError, OSError):
                    cut = True
            if cut or (self.profile.drop_per_segment and self._rng.random() < self.profile.drop_per_segment):
                self._abort(conn)
                return
        with contextlib.suppress(OSError, RuntimeError):
            dst.write_eof()

    def _take(self, d: _Direction, data: bytes) -> tuple[bytes, bool]:
        """The part of ``data`` the armed cut lets through, and whether the cut fires now."""
        with self._lock:
            if self._partitioned:
                return b"", True
            if d.budget is None:
                return data, False
            if len(data) < d.budget:
                d.budget -= len(data)
                return data, False
            allowed, d.budget = d.budget, (d.queued.pop(0) if d.queued else None)
            return data[:allowed], True

    def _account(self, conn: _Conn, d: _Direction, data: bytes) -> None:
        with self._lock:
            if d is self._up:
                self.bytes_up += len(data)
                conn.burst += data
            else:
                self.bytes_down += len(data)
        if d is self._down:
            self._finish_burst(conn)

    def _finish_burst(self, conn: _Conn) -> None:
        if not conn.burst:
            return
        request = bytes(conn.burst)
        conn.burst.clear()
        with self._lock:
            self.requests.append(request)
        if self.duplicate_requests:
            threading.Thread(target=replay_bytes, args=(self.target, request, 10.0), daemon=True).start()

    def _abort(self, conn: _Conn) -> bool:
        """Reset both ends of ``conn``; False if it was already gone."""
        if conn not in self._conns:
            return False
        self._conns.discard(conn)
        with self._lock:
            self.drops += 1
        _reset(conn.client)
        _reset(conn.server)
        return True


def _reset(writer: asyncio.StreamWriter) -> None:
    """Close with RST (SO_LINGER 0), as a dropped mobile link looks to the peer."""
    sock = writer.get_extra_info("socket")
    with contextlib.suppress(OSError):
        if sock is not None:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    writer.transport.abort()


def replay_bytes(target: tuple[str, int], request: bytes, timeout: float = 10.0) -> bytes:
    """Send raw ``request`` bytes on a new connection and return what comes back until it closes
    or one HTTP response is complete."""
    reply = bytearray()
    with socket.create_connection(target, timeout=timeout) as sock:
        sock.sendall(request)
        while not _http_complete(reply):
            try:
                data = sock.recv(65536)
            except TimeoutError:
                break
            if not data:
                break
            reply += data
    return bytes(reply)


def _http_complete(reply: bytes | bytearray) -> bool:
    head, sep, body = bytes(reply).partition(b"\r\n\r\n")
    if not sep:
        return False
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            return len(body) >= int(value.strip() or b"0")
    return True


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m sync.link_emulator", description=__doc__.split("\n")[0])
    parser.add_argument("--target", required=True, help="HOST:PORT of the server")
    parser.add_argument("--listen", type=int, default=0, help="port to listen on (127.0.0.1)")
    parser.add_argument("--kbps", type=float, default=0.0, help="kbit/s each way (0 = unlimited)")
    parser.add_argument("--rtt-ms", type=float, default=0.0, help="round-trip time")
    parser.add_argument("--drop", type=float, default=0.0, help="probability a segment drops the connection")
    parser.add_argument("--cut-up", type=int, default=None, help="cut after N bytes up (once)")
    parser.add_argument("--cut-down", type=int, default=None, help="cut after N bytes down (once)")
    args = parser.parse_args(argv)
    host, _, port = args.target.rpartition(":")
    profile = LinkProfile.gprs(args.kbps, args.rtt_ms, args.drop)
    if not args.kbps:
        profile = replace(profile, up_bps=0.0, down_bps=0.0)
    link = LinkEmulator((host or "127.0.0.1", int(port)), profile, listen_port=args.listen).start()
    link.cut_after(args.cut_up, args.cut_down)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    print(f"link emulator on 127.0.0.1:{link.port} -> {args.target}", flush=True)
    try:
        while True:
            time.sleep(1)
    except (KeyboardInterrupt, SystemExit):
        pass
    finally:
        print(f"up {link.bytes_up} bytes, down {link.bytes_down} bytes, {link.connections} connections, "
              f"{link.drops} drops", flush=True)
        link.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
