"""A simulated GPS receiver: NMEA along a city route, written to a pty that a real gpsd reads.

    sim = GpsSimulator(route_for("neijiang")).start()
    gpsd = GpsdProcess(sim.path, port).start()   # gpsd -N -n -b -S PORT /dev/pts/N
    ...  GpsdClient("127.0.0.1", port).current()
    gpsd.stop(); sim.stop()

``fix=False`` makes the receiver report "no fix" (GGA quality 0, RMC status V);
:meth:`GpsSimulator.inject` writes arbitrary bytes (malformed sentences) into the stream.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import threading
import time
import tty
from datetime import UTC, datetime
from pathlib import Path

from device_drivers.gps.model import GpsError
from device_drivers.gps.nmea import Epoch, Satellite, epoch_sentences
from device_drivers.gps.routes import Route, position_at

SKY = (  # prn, elevation, azimuth, snr, used in the fix
    Satellite(2, 62, 45, 42, True), Satellite(5, 48, 130, 40, True), Satellite(7, 35, 210, 38, True),
    Satellite(9, 71, 300, 44, True), Satellite(13, 25, 80, 33, True), Satellite(15, 18, 165, 30, True),
    Satellite(18, 55, 260, 41, True), Satellite(20, 30, 10, 35, True), Satellite(27, 8, 120, 22, False),
    Satellite(30, 5, 330, 18, False),
)


class GpsSimulator:
    """The receiver end of a pty pair, sending one NMEA cycle every ``interval`` seconds."""

    def __init__(self, route: Route, speed_mps: float = 8.0, interval: float = 1.0,
                 alt_m: float = 350.0) -> None:
        self._master, self._slave = os.openpty()
        tty.setraw(self._slave)
        os.set_blocking(self._master, False)
        self.path = os.ttyname(self._slave)
        self.route = route
        self.speed_mps = speed_mps
        self.interval = interval
        self.alt_m = alt_m
        self.fix = True
        self.dropped_bytes = 0
        self._started = time.monotonic()
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def epoch(self, now: datetime | None = None) -> Epoch:
        """What the receiver reports now."""
        at = position_at(self.route, time.monotonic() - self._started, self.speed_mps)
        return Epoch(time=now or datetime.now(UTC), lat=at.lat, lon=at.lon, alt_m=self.alt_m,
                     speed_mps=at.speed_mps, course_deg=at.course_deg, satellites=SKY, fix=self.fix)

    def start(self) -> GpsSimulator:
        self._thread = threading.Thread(target=self._run, name="gps-sim", daemon=True)
        self._thread.start()
        return self

    def _run(self) -> None:
        while not self._stop.is_set():
            self.inject(epoch_sentences(self.epoch()).encode("ascii"))
            self._stop.wait(self.interval)

    def inject(self, data: bytes) -> None:
        """Write bytes into the receiver's stream (what does not fit while nobody reads is dropped)."""
        view = memoryview(data)
        with self._lock:
            try:
                while view:
                    view = view[os.write(self._master, view):]
            except BlockingIOError:
                self.dropped_bytes += len(view)  # the tty buffer is full: nobody is reading
            except OSError:
                pass

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=2)
        for fd in (self._master, self._slave):
            with contextlib.suppress(OSError):
                os.close(fd)


def gpsd_argv(device: str, port: int) -> list[str]:
    """gpsd in the foreground (-N), polling without clients (-n), read-only (-b), on ``port``."""
    binary = shutil.which("gpsd") or ("/usr/sbin/gpsd" if Path("/usr/sbin/gpsd").exists() else None)
    if binary is None:
        raise GpsError("gpsd is not installed: apt install gpsd")
    return [binary, "-N", "-n", "-b", "-S", str(port), device]


class GpsdProcess:
    """A real gpsd on ``device``, listening on 127.0.0.1:``port``, stopped by its pid."""

    def __init__(self, device: str, port: int, log_path: Path | None = None) -> None:
        self.device = device
        self.port = port
        self.log_path = log_path
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self, timeout: float = 10.0) -> GpsdProcess:
        log = self.log_path.open("ab") if self.log_path else subprocess.DEVNULL
        try:
            self.proc = subprocess.Popen(gpsd_argv(self.device, self.port), stdout=log,
                                         stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                         start_new_session=True)
        finally:
            if self.log_path and not isinstance(log, int):
                log.close()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise GpsError(f"gpsd exited at start (code {self.proc.returncode}): "
                               f"is port {self.port} free?")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.2):
                    return self
            except OSError:
                time.sleep(0.05)
        self.stop()
        raise GpsError(f"gpsd did not start listening on port {self.port} within {timeout:.0f} s")

    @property
    def pid(self) -> int:
        if self.proc is None:
            raise GpsError("gpsd was not started")
        return self.proc.pid

    def stop(self, timeout: float = 5.0) -> None:
        if self.proc is None or self.proc.poll() is not None:
            return
        os.kill(self.proc.pid, signal.SIGTERM)
        try:
            self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.kill(self.proc.pid, signal.SIGKILL)
            self.proc.wait(timeout=timeout)
