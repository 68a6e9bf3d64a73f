"""The camera: the :class:`Camera` port, a simulated camera, and evidence stamping and storage.

The terminal's real camera is driven through Qt Multimedia in ``app/ui/qt_camera.py``
(Qt may only be imported in the UI); it implements the same :class:`Camera` port.
"""

from __future__ import annotations

from device_drivers.camera.model import (
    Camera,
    CameraError,
    EvidenceInfo,
    NoCameraError,
    Photo,
)

__all__ = ["Camera", "CameraError", "EvidenceInfo", "NoCameraError", "Photo"]
