"""``camera = "qt:"``: the Qt camera is made and used on the GUI thread even when a worker asks
(every device step runs on a worker); with no camera here, the worker gets the clear error."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from PySide6.QtGui import QGuiApplication

from app.settings import Settings
from app.terminal.terminal import Terminal
from app.ui.composition import qt_cameras
from device_drivers.camera.model import NoCameraError


def test_a_worker_captures_through_the_gui_thread(qapp: QGuiApplication, qtbot: Any, tmp_path: Path) -> None:
    factory = qt_cameras()
    outcome: dict[str, object] = {}

    def worker() -> None:
        try:
            camera = factory("qt:")
            assert camera is not None
            outcome["photo"] = camera.capture()
        except BaseException as exc:
            outcome["error"] = exc

    thread = threading.Thread(target=worker)
    thread.start()
    qtbot.waitUntil(lambda: not thread.is_alive(), timeout=20_000)  # the GUI thread serves the calls
    assert isinstance(outcome.get("error"), NoCameraError), outcome


def test_a_camera_that_cannot_be_made_is_reported_absent(qapp: QGuiApplication, tmp_path: Path) -> None:
    terminal = Terminal(Settings(home=tmp_path, camera="webcam://nothing", gps_port=0), lambda: None)  # type: ignore[arg-type,return-value]
    checks = {c.device: c for c in terminal.check_devices()}
    assert checks["camera"].state == "absent" and "camera" in checks["camera"].detail
    assert checks["scanner"].state == "absent"  # the camera is the scanner here
    assert checks["meter"].state == "not_configured"
