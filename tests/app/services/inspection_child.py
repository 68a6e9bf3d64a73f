"""Child process of the inspection kill test: runs an inspection through the service.

``python -m tests.app.services.inspection_child HOME ORDER_NO TECH METER_PORT KILL_AT``

Before each action it prints ``STEP <name>`` and waits for ``go`` on stdin; after each it prints
``DONE <name>``. For ``KILL_AT`` = ``photo`` the camera hangs (a frozen driver); for the meter's
steps the parent slows the simulated meter. Either way the parent kills the process mid-step.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path

from app.domain.records import SealPosition
from app.services.evidence import EvidenceKeeper
from app.services.field_devices import FieldDevices
from app.services.inspection import InspectionFlow
from app.services.monitoring import OperationRecorder
from app.storage.attachments import AttachmentStore
from app.storage.db import open_store
from app.storage.records import RecordRepo
from app.storage.work_orders import WorkOrderRepo
from device_drivers.camera.model import Photo
from device_drivers.camera.simulated import MeterScene, SimulatedCamera
from device_drivers.meter.simulator import keys
from device_drivers.security.meter_ops import SoftwareMeterSecurityModule

ACTIONS = ["identify", "read", "photo", "seal", "finish_evidence", "complete", "correct"]


class GateCamera:
    """The simulated camera, which hangs while ``armed``."""

    def __init__(self, camera: SimulatedCamera) -> None:
        self.camera, self.armed = camera, False

    def capture(self) -> Photo:
        if self.armed:
            time.sleep(60)
        return self.camera.capture()


def main(home: Path, order_no: str, tech: str, meter_port: str, kill_at: str) -> int:
    k = keys.load()
    store = open_store(home / "terminal.sqlite3")
    order = WorkOrderRepo(store).get(order_no)
    assert order is not None
    asset = order.archive.meter.asset_no
    camera = GateCamera(SimulatedCamera([MeterScene(asset_no=asset)]))
    devices = FieldDevices(meter_port, SoftwareMeterSecurityModule(k.transport_key, k.public_key), camera)
    flow = InspectionFlow(store, devices, OperationRecorder(RecordRepo(store), "CHILD", tech),
                          EvidenceKeeper(AttachmentStore(store, home / "data")), order_no, technician=tech,
                          command_key=k.public_key.public_bytes_raw())
    flow.begin()
    run: dict[str, Callable[[], object]] = {
        "identify": lambda: flow.identify(asset), "read": flow.read, "photo": flow.photo,
        "seal": lambda: flow.see_seal("SC4400000009", SealPosition.METER_COVER),
        "finish_evidence": flow.finish_evidence, "complete": flow.complete, "correct": flow.correct,
    }
    for name in ACTIONS:
        print(f"STEP {name}", flush=True)
        if sys.stdin.readline().strip() != "go":
            return 2
        camera.armed = name == kill_at == "photo"
        run[name]()
        print(f"DONE {name}", flush=True)
    return 0


if __name__ == "__main__":
    home, order_no, tech, meter_port, kill_at = sys.argv[1:6]
    sys.exit(main(Path(home), order_no, tech, meter_port, kill_at))
