"""Which camera a ``camera`` setting names (light: importable before the first frame)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from urllib.parse import unquote, urlparse

from device_drivers.camera.model import Camera
from device_drivers.errors import DeviceError

__all__ = ["CameraFactory"]


class CameraFactory:
    """Builds the camera a ``camera`` setting names; ``qt:`` cameras come from the UI layer."""

    def __init__(self, qt_camera: Callable[[str], Camera] | None = None) -> None:
        self.qt_camera = qt_camera

    def __call__(self, url: str) -> Camera | None:
        if not url:
            return None
        if url.startswith("folder:"):
            from device_drivers.camera.folder import FolderCamera

            return FolderCamera(Path(unquote(urlparse(url).path)))
        if url.startswith("qt:") and self.qt_camera is not None:
            return self.qt_camera(url[3:])
        raise DeviceError(f"unknown camera setting {url!r}: use qt: or folder:///path")
