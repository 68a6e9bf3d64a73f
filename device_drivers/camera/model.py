"""A photo, the camera port, evidence facts, and camera errors."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from device_drivers.errors import DeviceError


@dataclass(frozen=True, slots=True)
class Photo:
    """An encoded picture (JPEG or PNG bytes)."""

    data: bytes
    mime: str

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


class Camera(Protocol):
    """Anything that takes a still picture: the terminal's camera (Qt), or a simulated one."""

    def capture(self) -> Photo:
        """Take one still. Raises :class:`CameraError` (e.g. :class:`NoCameraError`)."""
        ...


@dataclass(frozen=True, slots=True)
class EvidenceInfo:
    """What an evidence photo is stamped with. ``lat``/``lon`` are ``None`` without a GPS fix."""

    order_no: str
    meter_asset_no: str
    taken_at: datetime
    lat: float | None = None
    lon: float | None = None
    accuracy_m: float | None = None
    technician: str = ""
    note: str = ""


class CameraError(DeviceError):
    """No picture could be taken or kept."""


class NoCameraError(CameraError):
    """This terminal has no camera, or it is in use by another program."""
