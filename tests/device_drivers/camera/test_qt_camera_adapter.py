"""The Qt Multimedia camera adapter (app/ui/qt_camera.py) on a machine without a camera."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication

from device_drivers.camera.model import NoCameraError


def test_no_camera_is_reported_cleanly(qapp: QApplication) -> None:
    from app.ui.qt_camera import QtCamera

    camera = QtCamera()
    assert not camera.available
    with pytest.raises(NoCameraError, match="no camera found on this terminal"):
        camera.capture()
    camera.close()


def test_a_named_camera_that_is_not_there(qapp: QApplication) -> None:
    from app.ui.qt_camera import QtCamera

    with pytest.raises(NoCameraError):
        QtCamera(device_name="Rear camera").capture()


def test_captured_qimage_becomes_a_jpeg_photo(qapp: QApplication) -> None:
    """The part of a capture that runs without a camera: QImage -> Photo, and failures."""
    import io

    from PIL import Image
    from PySide6.QtGui import QColor, QImage

    from app.ui.qt_camera import _to_photo
    from device_drivers.camera.model import CameraError

    image = QImage(64, 48, QImage.Format.Format_RGB32)
    image.fill(QColor(200, 0, 0))
    photo = _to_photo({"image": image})
    decoded = Image.open(io.BytesIO(photo.data))
    assert photo.mime == "image/jpeg" and decoded.size == (64, 48)
    assert decoded.convert("RGB").getpixel((10, 10))[0] > 150
    with pytest.raises(CameraError, match="the camera failed: busy"):
        _to_photo({"error": "busy"})
    with pytest.raises(CameraError, match="no picture in time"):
        _to_photo({})
