"""Position from gpsd, through gpsd-py3.

gpsd-py3 keeps one connection in module globals; each :class:`GpsdClient` lets
it open a connection (handshake and ``?WATCH``) under a lock and then keeps that
socket as its own, so two clients (the trail and a diagnostic) do not share one.
Polls use gpsd-py3's :class:`GpsResponse` to read the ``POLL`` answer, and the raw
answer for what it leaves out (HDOP).
"""

from __future__ import annotations

import contextlib
import json
import socket
import threading
import time
from datetime import datetime
from typing import IO, Any

import gpsd

from device_drivers.gps.model import Fix, FixMode, GpsdNotRunningError, GpsError, NoFixError

_connect_lock = threading.Lock()


class GpsdClient:
    """A :class:`PositionSource` reading gpsd at ``host:port``."""

    def __init__(self, host: str = "127.0.0.1", port: int = 2947, timeout: float = 2.0,
                 max_age_s: float | None = 10.0) -> None:
        self.host, self.port, self.timeout, self.max_age_s = host, port, timeout, max_age_s
        self._last_time: datetime | None = None
        self._last_change = 0.0
        self._sock: socket.socket | None = None
        self._stream: IO[str] | None = None
        self._lock = threading.Lock()

    def _connect(self) -> IO[str]:
        if self._stream is not None:
            return self._stream
        with _connect_lock:
            try:
                socket.setdefaulttimeout(self.timeout)
                gpsd.connect(self.host, self.port)
            except Exception as exc:  # gpsd-py3 raises bare Exception for a non-gpsd peer
                raise GpsdNotRunningError(
                    f"gpsd is not running at {self.host}:{self.port}: start it, or check the GPS "
                    f"setting ({exc})") from exc
            finally:
                socket.setdefaulttimeout(None)
            self._sock, self._stream = gpsd.gpsd_socket, gpsd.gpsd_stream
            gpsd.gpsd_socket = gpsd.gpsd_stream = None
        if self._sock is None or self._stream is None:
            raise GpsError("gpsd-py3 gave no connection")
        self._sock.settimeout(self.timeout)
        return self._stream

    def _poll(self) -> dict[str, Any]:
        stream = self._connect()
        try:
            stream.write("?POLL;\n")
            stream.flush()
            for _ in range(20):  # skip the notices gpsd may send before the answer
                line = stream.readline()
                if not line:
                    raise OSError("gpsd closed the connection")
                packet: dict[str, Any] = json.loads(line)
                if packet.get("class") == "POLL":
                    return packet
        except (OSError, ValueError) as exc:
            self.close()
            raise GpsdNotRunningError(f"lost gpsd at {self.host}:{self.port}: {exc}") from exc
        raise GpsError("gpsd does not answer polls: is it a gpsd 3 server?")

    def current(self) -> Fix:
        """The latest fix; :class:`NoFixError` while the receiver has none.

        A fix whose satellite time has not moved for ``max_age_s`` seconds (measured
        on the monotonic clock, so a terminal with a wrong clock is not fooled) is
        stale: the receiver stopped reporting and gpsd still holds its last answer.
        """
        with self._lock:
            packet = self._poll()
            fix = fix_from_poll(packet)
            now = time.monotonic()
            if fix.time != self._last_time:
                self._last_time, self._last_change = fix.time, now
            elif self.max_age_s is not None and now - self._last_change > self.max_age_s:
                raise NoFixError(f"the position has not been updated for {now - self._last_change:.0f} s: "
                                 "the receiver stopped reporting")
        return fix

    def close(self) -> None:
        for closer in (self._stream, self._sock):
            if closer is not None:
                with contextlib.suppress(OSError):
                    closer.close()
        self._sock = self._stream = None


def fix_from_poll(packet: dict[str, Any]) -> Fix:
    """A :class:`Fix` from gpsd's ``POLL`` answer, or :class:`NoFixError`."""
    if not packet.get("active") or not packet.get("tpv"):
        raise NoFixError("no GPS receiver is sending to gpsd: is the GPS switched on?")
    packet = {**packet, "sky": packet.get("sky") or [{}]}
    response = gpsd.GpsResponse.from_json(packet)
    if response.mode < FixMode.TWO_D:
        raise NoFixError(f"no fix yet ({response.sats} satellites seen): wait in the open, "
                         "away from buildings")
    sky = packet["sky"][-1]
    hdop = sky.get("hdop")
    error_x, error_y = response.error.get("x") or 0.0, response.error.get("y") or 0.0
    try:
        taken = datetime.fromisoformat(response.time.replace("Z", "+00:00"))
    except ValueError as exc:
        raise NoFixError(f"the fix has no valid time ({response.time!r})") from exc
    mode = FixMode(response.mode)
    return Fix(
        lat=float(response.lat), lon=float(response.lon),
        alt_m=float(response.alt) if mode == FixMode.THREE_D else None,
        mode=mode, satellites_used=response.sats_valid, satellites_seen=response.sats,
        hdop=float(hdop) if hdop is not None else None,
        accuracy_m=max(error_x, error_y) or None, time=taken,
        speed_mps=float(response.hspeed or 0.0), course_deg=float(response.track or 0.0),
    )
