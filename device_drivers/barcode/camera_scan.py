"""Scan a barcode through a camera: take frames until one holds an accepted barcode."""

from __future__ import annotations

from typing import Protocol

from device_drivers.barcode.decode import decode_one
from device_drivers.barcode.model import (
    DEFAULT_SYMBOLOGIES,
    Scan,
    ScanSource,
    Symbology,
    UnreadableImageError,
    WrongSymbologyError,
)


class _Frame(Protocol):
    @property
    def data(self) -> bytes: ...


class FrameSource(Protocol):
    """Anything with ``capture()`` returning encoded image bytes in ``.data`` (a camera)."""

    def capture(self) -> _Frame: ...


def scan_with_camera(camera: FrameSource, accept: frozenset[Symbology] = DEFAULT_SYMBOLOGIES,
                     attempts: int = 3) -> Scan:
    """The barcode in front of the camera, trying up to ``attempts`` frames.

    The last frame's error is raised if none can be read; a wrong symbology is
    raised at once (another frame will not change what the label is).
    """
    if attempts < 1:
        raise ValueError("attempts must be at least 1")
    error: UnreadableImageError | None = None
    for _ in range(attempts):
        try:
            return decode_one(camera.capture().data, accept, origin=ScanSource.CAMERA)
        except WrongSymbologyError:
            raise
        except UnreadableImageError as exc:
            error = exc
    assert error is not None
    raise error
