"""The meter simulator on a pty: a thread that owns the master end and behaves like an IR line.

A pty delivers bytes at once and ignores baud and parity, so the simulator
paces itself: a request is complete only after its bytes would have taken
11 bits / baud each on the line, the meter then waits its ``turnaround``, and
the reply goes out one byte per 11 bits / baud. ``fast=True`` skips all pacing
(functional tests). Several meters can be defined; only the one "under the
probe" sees the light and answers.

Control from outside the process: ``control_file`` is polled twice a second;
each line is a command (``probe ADDRESS``, ``fault KIND [COUNT [ARG]]``,
``clear-faults``, ``program on|off`` (the programming key of the meter under
the probe, which write address 15H needs), ``save``); the file is emptied once read.
"""

from __future__ import annotations

import contextlib
import logging
import os
import select
import threading
import time
import tty
from pathlib import Path

from device_drivers.meter.client import BITS_PER_BYTE
from device_drivers.meter.frame import Frame, FrameReader
from device_drivers.meter.simulator import faults
from device_drivers.meter.simulator.meter import SimulatedMeter
from device_drivers.meter.simulator.state import MeterState, save_states

SAVE_EVERY_S = 30.0
log = logging.getLogger(__name__)


class MeterSimulator:
    """A registry of simulated meters behind one pty, served by a thread."""

    def __init__(self, meters: list[MeterState], *, state_file: Path | None = None, fast: bool = False,
                 turnaround: float = 0.05, baudrate: int = 1200, max_reply_data: int = 200,
                 control_file: Path | None = None) -> None:
        if not meters:
            raise ValueError("define at least one meter")
        self.max_reply_data = max_reply_data
        self.meters = {m.address: SimulatedMeter(m, max_reply_data=max_reply_data) for m in meters}
        self.under_probe = meters[0].address
        self.state_file = state_file
        self.control_file = control_file
        self.fast = fast
        self.turnaround = turnaround
        self.byte_time = BITS_PER_BYTE / baudrate
        self.faults = faults.FaultPlan()
        self.received: list[Frame] = []
        self._lock = threading.RLock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._master, self._slave = os.openpty()
        tty.setraw(self._slave)
        self.port = os.ttyname(self._slave)
        self._last_save = time.monotonic()
        self._last_control = 0.0

    # --- control ---------------------------------------------------------------------------

    def probe(self, address: str) -> None:
        """Put the probe on another meter."""
        with self._lock:
            if address not in self.meters:
                raise KeyError(f"no simulated meter {address}")
            self.under_probe = address

    def add(self, states: list[MeterState]) -> None:
        """Put more meters within reach (those already known are kept as they are)."""
        with self._lock:
            for state in states:
                if state.address not in self.meters:
                    self.meters[state.address] = SimulatedMeter(state, max_reply_data=self.max_reply_data)

    def meter(self, address: str | None = None) -> SimulatedMeter:
        return self.meters[address or self.under_probe]

    def inject(self, kind: str, count: int = 1, arg: float = 0) -> None:
        with self._lock:
            self.faults.add(kind, count, arg)

    def command(self, line: str) -> str:
        """Run one control command; returns a short answer."""
        words = line.split()
        if not words:
            return ""
        if words[0] == "probe" and len(words) == 2:
            self.probe(words[1])
            return f"probe on {words[1]}"
        if words[0] == "fault" and len(words) >= 2:
            count = int(words[2]) if len(words) > 2 else 1
            self.inject(words[1], count, float(words[3]) if len(words) > 3 else 0)
            return f"fault {words[1]} x{count}"
        if words[0] == "program" and len(words) == 2 and words[1] in ("on", "off"):
            with self._lock:
                self.meter().state.programming = words[1] == "on"
            return f"programming key {words[1]}"
        if words[0] == "clear-faults":
            self.faults.clear()
            return "faults cleared"
        if words[0] == "save":
            self.save()
            return "saved"
        raise ValueError(f"unknown command {line!r}")

    def save(self) -> None:
        if self.state_file is None:
            return
        with self._lock:
            save_states(self.state_file, [m.state for m in self.meters.values()], self.under_probe)
            for m in self.meters.values():
                m.changed = False
        self._last_save = time.monotonic()

    # --- lifecycle -------------------------------------------------------------------------

    def start(self) -> MeterSimulator:
        self._thread = threading.Thread(target=self._serve, name="meter-simulator", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)
        self.save()
        for fd in (self._master, self._slave):
            with contextlib.suppress(OSError):
                os.close(fd)

    def __enter__(self) -> MeterSimulator:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def serve_forever(self) -> None:
        """Serve in the calling thread until :meth:`stop` is called from elsewhere (or a signal)."""
        self._serve()

    # --- the line ----------------------------------------------------------------------------

    def _serve(self) -> None:
        reader = FrameReader(policy="report")
        first_at, bytes_in = 0.0, 0
        while not self._stop.is_set():
            self._housekeeping()
            ready, _, _ = select.select([self._master], [], [], 0.1)
            if not ready:
                continue
            try:
                data = os.read(self._master, 4096)
            except OSError:  # no client has the port open right now
                time.sleep(0.05)
                continue
            if not reader.pending():
                first_at, bytes_in = time.monotonic(), 0
            bytes_in += len(data)
            reader.feed(data)
            while (event := reader.next_event()) is not None:
                if isinstance(event, Frame):
                    self._answer(event, first_at + bytes_in * self.byte_time)
            if not reader.pending():
                first_at, bytes_in = time.monotonic(), 0

    def _answer(self, request: Frame, request_done: float) -> None:
        with self._lock:
            self.received.append(request)
            meter = self.meters[self.under_probe]
            reply = meter.handle(request, time.time())
            if meter.address != self.under_probe:  # 15H gave the meter a new address
                del self.meters[self.under_probe]
                self.meters[meter.address] = meter
                self.under_probe = meter.address
            fault = self.faults.take() if reply is not None else None
        wire, delay = faults.apply(fault, request, reply)
        if not wire:
            return
        start = time.monotonic() if self.fast else max(time.monotonic(), request_done + self.turnaround)
        start += delay
        self._sleep_until(start)
        if self.fast:
            os.write(self._master, wire)
            return
        for i in range(len(wire)):
            self._sleep_until(start + (i + 1) * self.byte_time)
            os.write(self._master, wire[i:i + 1])

    @staticmethod
    def _sleep_until(when: float) -> None:
        delay = when - time.monotonic()
        if delay > 0:
            time.sleep(delay)

    def _housekeeping(self) -> None:
        now = time.monotonic()
        if self.control_file is not None and now - self._last_control >= 0.5:
            self._last_control = now
            self._read_control()
        changed = any(m.changed for m in self.meters.values())
        if self.state_file is not None and (changed or now - self._last_save >= SAVE_EVERY_S):
            self.save()

    def _read_control(self) -> None:
        assert self.control_file is not None
        try:
            text = self.control_file.read_text()
        except OSError:
            return
        if not text.strip():
            return
        self.control_file.write_text("")
        for line in text.splitlines():
            try:
                log.warning("control: %s", self.command(line))
            except (ValueError, KeyError) as exc:
                log.warning("control: %s", exc)
