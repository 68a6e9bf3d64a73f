"""A replacement order on a seeded terminal store, with real simulators at the device ends."""

from __future__ import annotations

import io
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from PIL import Image, ImageDraw

from app.domain.demo_data import generate
from app.domain.work_orders import Kind, WorkOrder
from app.services.demo_seed import seed
from app.services.evidence import EvidenceKeeper
from app.services.field_devices import FieldDevices
from app.services.monitoring import OperationRecorder
from app.services.replacement import ReplacementFlow
from app.storage.attachments import AttachmentStore
from app.storage.changes import ChangeRow, apply_changes
from app.storage.db import Store, open_store
from app.storage.records import RecordRepo
from device_drivers.camera.simulated import MeterScene, SimulatedCamera
from device_drivers.meter.simulator import keys as demo_keys
from device_drivers.meter.simulator.server import MeterSimulator
from device_drivers.meter.simulator.state import MeterState
from device_drivers.printer.simulator import PrinterSimulator
from device_drivers.security.meter_ops import SoftwareMeterSecurityModule
from signed_commands.authorisation import (
    IDENTITY_AUTH,
    IR_AUTH,
    KIND,
    READ_SECURE,
    WRITE_CLASS1,
    WRITE_CLASS2,
    issue_meter_authorisation,
)
from tests.app.services.inspection_door import door  # noqa: F401  (the inspection's fixture)


@dataclass
class Site:
    store: Store
    order: WorkOrder
    meters: MeterSimulator
    camera: SimulatedCamera
    printer: PrinterSimulator
    flow: ReplacementFlow

    def look_at(self, asset_no: str) -> None:
        """Point the simulated camera at a meter (what the technician does with the terminal)."""
        self.camera.scenes = [MeterScene(asset_no=asset_no)]


def authorise(store: Store, order: WorkOrder, *, expires_in: int = 3600) -> None:
    keys = demo_keys.load()
    now = int(time.time())
    rows = []
    for address, ops in ((order.new_meter_address, (IR_AUTH, IDENTITY_AUTH, READ_SECURE, WRITE_CLASS1,
                                                    WRITE_CLASS2)),
                         (order.archive.meter.address, (IR_AUTH, READ_SECURE))):
        data = issue_meter_authorisation(keys.signing_key, keys.transport_key, master_keys=keys.master_keys,
                                         task_id=order.order_no, meter_address=address, meter_number=address,
                                         operations=ops, issued_at=now - 60, expires_at=now + expires_in)
        rows.append(ChangeRow("command", f"{order.order_no}:{address}:{now}", "upsert",
                              {"kind": KIND, "order_no": order.order_no, "data": data}))
    apply_changes(store, rows, cursor=1)


def signature_png() -> bytes:
    image = Image.new("RGB", (400, 160), "white")
    ImageDraw.Draw(image).line([(20, 120), (120, 40), (220, 130), (380, 30)], fill="black", width=5)
    buf = io.BytesIO()
    image.save(buf, format="PNG")
    return buf.getvalue()


@pytest.fixture
def site(tmp_path: Path) -> Iterator[Site]:
    yield from open_site(tmp_path, Kind.METER_REPLACE)


@pytest.fixture
def fault_site(tmp_path: Path) -> Iterator[Site]:
    yield from open_site(tmp_path, Kind.FAULT)


@pytest.fixture
def new_install_site(tmp_path: Path) -> Iterator[Site]:
    yield from open_site(tmp_path, Kind.NEW_INSTALL)


def open_site(tmp_path: Path, kind: Kind) -> Iterator[Site]:
    """The first ``kind`` order of a small demo, its meters under one simulated probe."""
    demo = generate(customers_per_city=50, teams_per_city=1, techs_per_team=2)
    order = next(o for o in demo.orders if o.kind is kind)
    tech = next(u for u in demo.users if u.user_id == order.tech_id)
    store = open_store(tmp_path / "terminal.sqlite3")
    seed(store, demo, tech)
    authorise(store, order)
    keys = demo_keys.load()
    meters = MeterSimulator([MeterState.create(order.archive.meter.address, keys),
                             MeterState.create(order.new_meter_address, keys)], fast=True).start()
    printer = PrinterSimulator(tmp_path / "receipts").start()
    camera = SimulatedCamera([MeterScene(asset_no=order.archive.meter.asset_no)])
    devices = FieldDevices(meter_port=meters.port, camera=camera, printer_port=printer.path,
                           meter_security=SoftwareMeterSecurityModule(keys.transport_key, keys.public_key))
    recorder = OperationRecorder(RecordRepo(store), "DEV-TEST", tech.user_id)
    evidence = EvidenceKeeper(AttachmentStore(store, tmp_path / "data"))
    flow = ReplacementFlow(store, devices, recorder, evidence, order.order_no, technician=tech.name)
    yield Site(store, order, meters, camera, printer, flow)
    meters.stop()
    printer.stop()
    store.close()
