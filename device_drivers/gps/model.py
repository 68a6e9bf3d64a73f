"""A position fix, the port that gives one, and the GPS errors."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from device_drivers.errors import DeviceError


class FixMode(enum.IntEnum):
    """gpsd's fix modes (TPV ``mode``)."""

    NONE = 1
    TWO_D = 2
    THREE_D = 3


@dataclass(frozen=True, slots=True)
class Fix:
    """Where the terminal is, and how sure the receiver is about it."""

    lat: float
    lon: float
    alt_m: float | None  # None for a 2D fix
    mode: FixMode
    satellites_used: int
    satellites_seen: int
    hdop: float | None
    accuracy_m: float | None  # horizontal, 95 % (gpsd's larger of epx/epy)
    time: datetime  # UTC, from the satellites
    speed_mps: float = 0.0
    course_deg: float = 0.0


class PositionSource(Protocol):
    """Anything that can say where the terminal is now."""

    def current(self) -> Fix:
        """The latest fix. Raises :class:`GpsdNotRunningError` or :class:`NoFixError`."""
        ...


class GpsError(DeviceError):
    """The position could not be had."""


class GpsdNotRunningError(GpsError):
    """No gpsd answers at the configured address."""


class NoFixError(GpsError):
    """gpsd runs but the receiver has no position yet."""


class NmeaError(GpsError):
    """A malformed NMEA sentence (bad framing, checksum or field)."""
