"""The position trail of an open work order: sample a :class:`PositionSource` on a thread.

Each new fix goes to ``sink`` (storage comes from the caller); a failed sample
goes to ``on_error`` and the trail goes on, so a tunnel or a stopped gpsd costs
the samples of that stretch only.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from device_drivers.gps.model import Fix, GpsError, PositionSource
from device_drivers.gps.routes import distance_m

FixSink = Callable[[Fix], None]
ErrorSink = Callable[[GpsError], None]


class PositionTrail:
    """Samples ``source`` every ``interval_s`` until stopped; keeps the fixes it passed on."""

    def __init__(self, source: PositionSource, sink: FixSink, interval_s: float = 30.0,
                 on_error: ErrorSink | None = None, min_move_m: float = 0.0) -> None:
        self._source = source
        self._sink = sink
        self._on_error = on_error
        self.interval_s = interval_s
        self.min_move_m = min_move_m
        self.fixes: list[Fix] = []
        self.errors: list[GpsError] = []
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> PositionTrail:
        self._thread = threading.Thread(target=self._run, name="gps-trail", daemon=True)
        self._thread.start()
        return self

    def sample(self) -> Fix | None:
        """Take one sample now; the fix if it was passed to the sink."""
        try:
            fix = self._source.current()
        except GpsError as exc:
            self.errors.append(exc)
            if self._on_error is not None:
                self._on_error(exc)
            return None
        if self.fixes:
            last = self.fixes[-1]
            if fix.time <= last.time:
                return None  # the receiver has not reported since the last sample
            if distance_m((last.lat, last.lon), (fix.lat, fix.lon)) < self.min_move_m:
                return None
        self.fixes.append(fix)
        self._sink(fix)
        return fix

    def _run(self) -> None:
        while not self._stop.is_set():
            self.sample()
            self._stop.wait(self.interval_s)

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=self.interval_s + 5)

    def __enter__(self) -> PositionTrail:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
