"""The terminal process of the end-to-end field tests.

The app exactly as ``main.py`` builds it from the settings in HOME (no ``--demo``), offscreen,
driven through its window as a technician would: taps on the buttons, the PIN typed on the pad,
the camera pointed at what the step needs. Prints ``RESULT {json}`` with what the screen said.

    terminal_child.py HOME enrol                         scan the QR code before the camera
    terminal_child.py HOME replace ORDER_NO CONTROL_FILE enrol, sign in, replace, wait for the upload
    terminal_child.py HOME pins USER PIN [PIN...]        try PINs on the pad (already enrolled)
"""

from __future__ import annotations

import json
import os
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from PySide6.QtGui import QGuiApplication
from PySide6.QtQuick import QQuickItem, QQuickWindow
from PySide6.QtTest import QTest

from app.demo.scene import DemoScene, FolderView
from app.domain.credentials import DEMO_PIN
from app.settings import load_settings
from app.storage.outbox import Outbox
from app.storage.work_orders import WorkOrderRepo
from app.ui.composition import UiModels, read
from app.ui.launch import run_ui
from device_drivers.camera.folder import FolderCamera
from tests.support.processes import children_of
from tests.ui.test_qml_views import find
from tests.ui.test_replacement_screens import click, sign

TECH = "CD101"


class Driver:
    def __init__(self, window: QQuickWindow, models: UiModels) -> None:
        self.window, self.models = window, models
        self.seen: dict[str, Any] = {}

    def wait(self, what: str, check: Callable[[], Any], timeout: float = 30.0) -> None:
        deadline = time.monotonic() + timeout
        while not check():
            if time.monotonic() > deadline:
                state = read(self.models.session, "state")
                raise TimeoutError(f"{what} (waited {timeout:.0f} s); session={state}")
            QTest.qWait(50)

    def item(self, name: str) -> QQuickItem | None:
        found = find(self.window.contentItem(), name)
        return found if found is not None and found.isVisible() else None

    def tap(self, name: str, timeout: float = 15.0) -> None:
        def ready() -> bool:
            found = self.item(name)
            return found is not None and found.isEnabled()

        self.wait(f"the {name} button", ready, timeout)
        target = self.item(name)
        assert target is not None
        click(self.window, target)

    def state(self) -> str:
        return str(read(self.models.session, "state"))

    # -- what a technician does -------------------------------------------------------------
    def enrol(self) -> None:
        self.wait("the enrolment screen", lambda: self.state() == "enrol", 60)
        self.tap("scanEnrolment")
        self.wait("enrolment to finish", lambda: (not read(self.models.enrolment, "busy")
                  and self.state() != "enrol") or read(self.models.enrolment, "error") != "", 60)
        self.seen["enrol_error"] = read(self.models.enrolment, "error")
        if self.seen["enrol_error"]:
            return
        self.wait("the sign-in list",
                  lambda: self.state() == "signin" and read(self.models.session, "hasUsers"), 60)
        self.seen["belongs_to"] = read(self.models.enrolment, "belongsTo")
        self.seen["team"] = sorted(u["userId"] for u in read(self.models.session, "featuredUsers"))

    def type_pin(self, user_id: str, pin: str) -> str:
        self.wait("the sign-in list", lambda: self.state() in ("signin", "ready"), 60)
        if self.state() == "ready":
            return ""
        if not read(self.models.session, "chosenUserId"):
            self.tap("featured_" + user_id)
        self.wait("the PIN pad", lambda: self.item("pinPad") is not None)
        for digit in pin:
            self.tap("pinKey_" + digit)
        self.tap("pinKey_ok")
        self.wait("the PIN check", lambda: not read(self.models.session, "checking")
                  and (self.state() != "signin" or read(self.models.session, "signInError") != ""), 30)
        error = str(read(self.models.session, "signInError"))
        if not error:
            self.wait("the day's orders", lambda: self.state() == "ready", 60)
        return error

    def replace(self, order_no: str, control: Path, camera_dir: Path) -> None:
        self.wait("today's orders", lambda: self.state() == "ready" and read(self.models.tasks, "loaded"), 60)
        self.seen["devices"] = {d["device"]: d["state"] for d in read(self.models.devices, "devices")}
        self.models.detail.load(order_no)  # what tapping the order's row does
        self.models.session.openOrder(order_no)
        self.wait("the order", lambda: read(self.models.detail, "loaded"))
        self.tap("stepsButton")
        flow = self.models.replacement
        self.wait("the first step", lambda: read(flow, "loaded") and not read(flow, "busy"))
        store = self.models.bootstrap.store()
        order = WorkOrderRepo(store).get(order_no)
        assert order is not None

        def probe(address: str) -> None:  # press the IR probe against that meter
            control.write_text(f"probe {address}\n")
            self.wait("the probe on the meter", lambda: control.read_text() == "", 10)

        hands = DemoScene(FolderView(FolderCamera(camera_dir)), probe=probe)
        while read(flow, "step") != "done":
            step = str(read(flow, "step"))
            hands.on_step(step, order)
            self.do_step(step, hands, order)
            self.wait(f"step {step}", lambda: not read(flow, "busy"), 60)
            if read(flow, "messageIsError"):
                raise AssertionError(f"{step}: {read(flow, 'message')}")
        completed = time.monotonic()
        outbox = Outbox(store)
        self.seen["pending_at_completion"] = outbox.count()  # the result is waiting to go up
        self.wait("the upload", lambda: outbox.count() == 0, 30)
        self.seen["upload_s"] = round(time.monotonic() - completed, 2)
        self.wait("the indicator", lambda: read(self.models.sync, "pending") == 0, 10)

    def do_step(self, step: str, hands: DemoScene, order: Any) -> None:
        buttons = {"identify_old": "scanOldButton", "read_old": "readOldButton",
                   "install_new": "scanNewButton", "set_tariff": "setTariffButton",
                   "upload": "completeButton"}
        if step == "confirm":
            self.wait("the signature pad", lambda: self.item("signaturePad") is not None)
            pad = self.item("signaturePad")
            assert pad is not None
            sign(self.window, pad)
            self.wait("the ink on the pad", lambda: bool(self.item("confirmStep").property("inked")))  # type: ignore[union-attr]
            QTest.qWait(100)  # the Canvas paints the stroke on its next frame
            self.tap("confirmButton")
        elif step == "seal":
            for position in ("terminal_cover", "meter_cover"):
                hands.on_step(step, order)  # a fresh seal before the camera
                self.tap("position_" + position)
                self.tap("scanSealButton")
                self.wait("the seal", lambda: not read(self.models.replacement, "busy"), 30)
            self.tap("finishSealingButton")
        else:
            self.tap(buttons[step])


def synced_since(models: UiModels, since: str) -> bool:
    """The terminal's sync has succeeded since ``since`` (ISO time), as its status says."""
    runner = models.terminal.runner
    return runner is not None and runner.status().last_success > since


def main() -> int:
    home, scenario, *args = sys.argv[1:]
    settings = load_settings(home=Path(home))
    camera_dir = Path(settings.camera.removeprefix("folder://"))

    seen: dict[str, Any] = {}
    started = datetime.now(UTC).isoformat()

    def drive(app: QGuiApplication, window: QQuickWindow, models: UiModels) -> int:
        d = Driver(window, models)
        d.seen = seen
        try:
            if scenario == "enrol":
                d.enrol()
            elif scenario == "replace":
                d.enrol()
                d.seen["pin_error"] = d.type_pin(TECH, DEMO_PIN)
                d.replace(args[0], Path(args[1]), camera_dir)
            elif scenario == "pins":
                user, *pins = args
                d.seen["errors"] = [d.type_pin(user, pin) for pin in pins]
                d.seen["signed_in"] = d.state() == "ready"
                if d.seen["signed_in"]:  # and the centre answers, wherever it is now
                    d.wait("a sync", lambda: synced_since(models, started), 60)
                    d.seen["synced"] = True
        finally:
            d.seen["children"] = sorted(children_of(os.getpid()))
        return 0

    try:
        return run_ui(settings, driver=drive)
    finally:  # after the app has stopped everything it started
        print("RESULT " + json.dumps(seen, ensure_ascii=False), flush=True)


if __name__ == "__main__":
    sys.exit(main())
