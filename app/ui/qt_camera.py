"""The terminal's camera through Qt Multimedia, behind the drivers' :class:`Camera` port.

Qt may only be imported under ``app/ui``, so this adapter lives here rather than in
``device_drivers/camera``. Its objects belong to the thread that made them (the
GUI thread): :meth:`QtCamera.capture` runs a local event loop until the still
arrives, the camera fails, or the timeout passes.

Not exercised against a real camera on the build machines (there is none); the
tests check that a terminal without a camera gets a clear :class:`NoCameraError`.
"""

from __future__ import annotations

from PySide6.QtCore import QBuffer, QByteArray, QEventLoop, QIODevice, QTimer
from PySide6.QtGui import QImage
from PySide6.QtMultimedia import QCamera, QImageCapture, QMediaCaptureSession, QMediaDevices

from device_drivers.camera.model import CameraError, NoCameraError, Photo


class QtCamera:
    """A :class:`device_drivers.camera.Camera` using the default (or a named) video input."""

    def __init__(self, device_name: str = "", timeout_s: float = 8.0) -> None:
        self.timeout_ms = int(timeout_s * 1000)
        inputs = QMediaDevices.videoInputs()
        chosen = [d for d in inputs if not device_name or d.description() == device_name]
        self._device = chosen[0] if chosen else None
        self._camera: QCamera | None = None
        self._session: QMediaCaptureSession | None = None
        self._capture: QImageCapture | None = None

    @property
    def available(self) -> bool:
        return self._device is not None and not self._device.isNull()

    def _open(self) -> QImageCapture:
        if not self.available:
            raise NoCameraError("no camera found on this terminal")
        if self._capture is None:
            self._camera = QCamera(self._device)
            self._session = QMediaCaptureSession()
            self._capture = QImageCapture()
            self._session.setCamera(self._camera)
            self._session.setImageCapture(self._capture)
            self._camera.start()
        return self._capture

    def capture(self) -> Photo:
        """Take one still as JPEG; raises :class:`CameraError` when it cannot."""
        capture = self._open()
        loop = QEventLoop()
        result: dict[str, object] = {}

        def captured(_id: int, image: QImage) -> None:
            result["image"] = image
            loop.quit()

        def failed(_id: int, _error: QImageCapture.Error, message: str) -> None:
            result["error"] = message
            loop.quit()

        def ready(is_ready: bool) -> None:
            if is_ready and "requested" not in result:
                result["requested"] = capture.capture()

        capture.imageCaptured.connect(captured)
        capture.errorOccurred.connect(failed)
        capture.readyForCaptureChanged.connect(ready)
        QTimer.singleShot(self.timeout_ms, loop.quit)
        ready(capture.isReadyForCapture())
        loop.exec()
        for signal, slot in ((capture.imageCaptured, captured), (capture.errorOccurred, failed),
                             (capture.readyForCaptureChanged, ready)):
            signal.disconnect(slot)
        return _to_photo(result)

    def close(self) -> None:
        if self._camera is not None:
            self._camera.stop()
        self._camera = self._session = self._capture = None


def _to_photo(result: dict[str, object]) -> Photo:
    if "error" in result:
        raise CameraError(f"the camera failed: {result['error']}")
    image = result.get("image")
    if not isinstance(image, QImage) or image.isNull():
        raise CameraError("the camera gave no picture in time: try again")
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if not image.save(buffer, "JPG", 90):  # type: ignore[call-overload]  # the stub says bytes; str works
        raise CameraError("could not encode the picture")
    buffer.close()
    return Photo(bytes(data.data()), "image/jpeg")
