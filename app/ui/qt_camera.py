"""The terminal's camera through Qt Multimedia, behind the drivers' :class:`Camera` port.

Qt may only be imported under ``app/ui``, so this adapter lives here rather than in
``device_drivers/camera``. Its objects belong to the thread that made them (the
GUI thread): :meth:`QtCamera.capture` runs a local event loop until the still
arrives, the camera fails, or the timeout passes.

Not exercised against a real camera on the build machines (there is none); the
tests check that a terminal without a camera gets a clear :class:`NoCameraError`.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QBuffer,
    QByteArray,
    QCoreApplication,
    QEventLoop,
    QIODevice,
    QObject,
    Qt,
    QThread,
    QTimer,
    Signal,
    Slot,
)
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


class _GuiCall(QObject):
    """Runs a callable on the thread this object lives on (the GUI thread), blocking the caller."""

    call = Signal(object)

    def __init__(self) -> None:
        super().__init__()
        self.call.connect(self._run, Qt.ConnectionType.BlockingQueuedConnection)

    @Slot(object)
    def _run(self, job: dict[str, Any]) -> None:
        try:
            job["result"] = job["fn"]()
        except BaseException as exc:  # handed back to the worker that asked
            job["error"] = exc


class GuiThreadCamera:
    """A :class:`QtCamera` usable from the workers that run every device step.

    Qt Multimedia objects belong to the thread that made them, so each capture is carried out
    on the GUI thread (a blocking queued call) and its photo or error handed back. Make it on
    the GUI thread."""

    def __init__(self, device_name: str = "") -> None:
        self._camera = QtCamera(device_name)
        self._gui = _GuiCall()
        self._gui_thread = QThread.currentThread()

    def capture(self) -> Photo:
        if QThread.currentThread() is self._gui_thread:
            return self._camera.capture()
        job: dict[str, Any] = {"fn": self._camera.capture}
        self._gui.call.emit(job)
        if "error" in job:
            raise job["error"]
        return job["result"]  # type: ignore[no-any-return]


def qt_camera_factory(device_name: str) -> GuiThreadCamera:
    """For :class:`app.terminal.devices.CameraFactory`: ``camera = "qt:"`` or ``"qt:NAME"``.

    Called from a worker: the camera must still be made on the GUI thread."""
    maker = _GuiCall()
    if QThread.currentThread() is maker.thread():
        return GuiThreadCamera(device_name)
    job: dict[str, Any] = {"fn": lambda: GuiThreadCamera(device_name)}
    maker.moveToThread(QCoreApplication.instance().thread())  # type: ignore[union-attr]
    maker.call.emit(job)
    if "error" in job:
        raise job["error"]
    return job["result"]  # type: ignore[no-any-return]
