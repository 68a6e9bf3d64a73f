"""Child process of the resume test: runs a replacement through the service, step by step.

``python -m tests.ui.replacement_child HOME ORDER_NO METER_PORT PRINTER_PORT KILL_AT``

Before each action it prints ``STEP <name>`` and waits for ``go`` on stdin (the parent
moves the simulated probe, and for the action it will kill during, makes the device
slow); after each it prints ``DONE <name>``. When ``<name>`` is ``KILL_AT`` and the
device is the camera, the camera blocks: the parent kills the process mid-capture.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path

from app.demo.scene import DemoScene
from app.domain.records import SealPosition
from app.services.field_devices import FieldDevices
from app.storage.db import open_store
from app.ui.replacement_wiring import camera_scanner, flows
from device_drivers.camera.model import Photo
from device_drivers.camera.simulated import SimulatedCamera
from device_drivers.meter.simulator import keys
from device_drivers.security.meter_ops import SoftwareMeterSecurityModule
from tests.ui.replacement_support import signature_data_url

ACTIONS = ["identify_old", "read_old", "confirm", "install_new", "seal_1", "seal_2", "finish_sealing",
           "set_tariff", "complete", "print"]
STEP_OF = {"seal_1": "seal", "seal_2": "seal", "finish_sealing": "seal", "complete": "upload",
           "print": "done"}


class GateCamera:
    """The simulated camera, which hangs (a frozen driver) while ``armed``."""

    def __init__(self, camera: SimulatedCamera) -> None:
        self.camera = camera
        self.armed = False

    def capture(self) -> Photo:
        if self.armed:
            time.sleep(60)
        return self.camera.capture()


def main(home: Path, order_no: str, meter_port: str, printer_port: str, kill_at: str) -> int:
    import base64

    k = keys.load()
    store = open_store(home / "terminal.sqlite3")
    inner = SimulatedCamera()
    camera = GateCamera(inner)
    devices = FieldDevices(meter_port, SoftwareMeterSecurityModule(k.transport_key, k.public_key), camera,
                           printer_port=printer_port)
    flow = flows(store, devices, home, "child-terminal", "", "")(order_no)
    flow.begin()
    order = flow.order()
    scene = DemoScene(inner, seal_base=4773731000)
    scan = camera_scanner(camera)
    png = base64.b64decode(signature_data_url().split(",", 1)[1])
    run: dict[str, Callable[[], object]] = {
        "identify_old": lambda: flow.identify_old(scan()),
        "read_old": flow.read_old,
        "confirm": lambda: flow.confirm(png),
        "install_new": lambda: flow.install_new(scan()),
        "seal_1": lambda: flow.add_seal(scan(), SealPosition.TERMINAL_COVER),
        "seal_2": lambda: flow.add_seal(scan(), SealPosition.METER_COVER),
        "finish_sealing": flow.finish_sealing,
        "set_tariff": flow.set_tariff,
        "complete": flow.complete,
        "print": flow.print_receipt,
    }
    for name in ACTIONS:
        print(f"STEP {name}", flush=True)
        if sys.stdin.readline().strip() != "go":
            return 2
        scene.on_step(STEP_OF.get(name, name), order)
        camera.armed = name == kill_at
        run[name]()
        print(f"DONE {name}", flush=True)
    return 0


if __name__ == "__main__":
    home, order_no, meter_port, printer_port, kill_at = sys.argv[1:6]
    sys.exit(main(Path(home), order_no, meter_port, printer_port, kill_at))
