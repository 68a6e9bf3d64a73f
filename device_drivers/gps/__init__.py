"""GPS: gpsd client (gpsd-py3), position trail, NMEA codec, and a receiver simulator for gpsd.

- :mod:`.client` :class:`GpsdClient` is a :class:`PositionSource` over gpsd.
- :mod:`.trail` samples a source on a thread while a work order is open.
- :mod:`.nmea` encodes and checks NMEA 0183 (pure); :mod:`.routes` has the demo routes.
- :mod:`.simulator` writes NMEA to a pty and starts a real gpsd on it.
"""

from __future__ import annotations

from device_drivers.gps.model import (
    Fix,
    FixMode,
    GpsdNotRunningError,
    GpsError,
    NmeaError,
    NoFixError,
    PositionSource,
)

__all__ = ["Fix", "FixMode", "GpsError", "GpsdNotRunningError", "NmeaError", "NoFixError",
           "PositionSource"]
