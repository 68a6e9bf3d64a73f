"""An inspection order at the door: a seeded terminal store, the real meter simulator on a pty seeded
with the issue's discrepancies, and what the centre sends back after comparing."""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import pytest

from app.domain.demo_data import generate
from app.domain.inspection import expected_prices
from app.domain.work_orders import Kind, WorkOrder
from app.services.demo_seed import seed
from app.services.evidence import EvidenceKeeper
from app.services.field_devices import FieldDevices
from app.services.inspection import InspectionFlow
from app.services.monitoring import OperationRecorder
from app.storage.attachments import AttachmentStore
from app.storage.changes import ChangeRow, apply_changes
from app.storage.db import Store, open_store
from app.storage.records import RecordRepo
from device_drivers.camera.simulated import MeterScene, SimulatedCamera
from device_drivers.meter.simulator import keys as demo_keys
from device_drivers.meter.simulator.server import MeterSimulator
from device_drivers.meter.simulator.state import MeterState
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
from signed_commands.correction import KIND as CORRECTION_KIND
from signed_commands.correction import MeterCorrection, issue_correction


@dataclass
class Door:
    store: Store
    order: WorkOrder
    meter: MeterState
    simulator: MeterSimulator
    new_flow: object  # () -> InspectionFlow: a fresh flow over the same store (a restart)

    def flow(self) -> InspectionFlow:
        built = self.new_flow()  # type: ignore[operator]
        assert isinstance(built, InspectionFlow)
        return built


@pytest.fixture
def door(tmp_path: Path) -> Iterator[Door]:
    demo = generate(customers_per_city=50, teams_per_city=1, techs_per_team=2)
    order = next(o for o in demo.orders if o.kind is Kind.INSPECT and o.is_open)
    tech = next(u for u in demo.users if u.user_id == order.tech_id)
    store = open_store(tmp_path / "terminal.sqlite3")
    seed(store, demo, tech)
    keys = demo_keys.load()
    now = int(time.time())
    address = order.archive.meter.address
    data = issue_meter_authorisation(keys.signing_key, keys.transport_key, master_keys=keys.master_keys,
                                     task_id=order.order_no, meter_address=address, meter_number=address,
                                     operations=(IR_AUTH, READ_SECURE), issued_at=now - 60,
                                     expires_at=now + 3600)
    apply_changes(store, [ChangeRow("command", f"{order.order_no}:{address}", "upsert",
                                    {"kind": KIND, "order_no": order.order_no, "data": data})], cursor=1)
    meter = MeterState.create(address, keys)
    meter.asset_number = order.archive.meter.asset_no
    # the issue's discrepancies: the clock 10 minutes slow, last year's prices, an opened cover
    meter.clock_offset = -600
    meter.prices = [p + Decimal("0.05") for p in expected_prices(order.archive.tariff)]
    simulator = MeterSimulator([meter], fast=True).start()
    camera = SimulatedCamera([MeterScene(asset_no=order.archive.meter.asset_no)])
    devices = FieldDevices(meter_port=simulator.port, camera=camera,
                           meter_security=SoftwareMeterSecurityModule(keys.transport_key, keys.public_key))

    def new_flow() -> InspectionFlow:
        return InspectionFlow(store, devices, OperationRecorder(RecordRepo(store), "DEV-TEST", tech.user_id),
                              EvidenceKeeper(AttachmentStore(store, tmp_path / "data")), order.order_no,
                              technician=tech.name, command_key=keys.public_key.public_bytes_raw())

    yield Door(store, order, meter, simulator, new_flow)
    simulator.stop()
    store.close()


def correction_from_the_centre(door: Door, *, address: str = "", tamper: bool = False,
                               tou_table: tuple[str, ...] = ()) -> None:
    """What the centre sends after comparing (server.corrections): the write authorisation for the
    meter and the signed correction with the archive's prices and the clock, as sync stores them."""
    keys = demo_keys.load()
    order, now = door.order, int(time.time())
    meter = address or order.archive.meter.address
    auth = issue_meter_authorisation(keys.signing_key, keys.transport_key, master_keys=keys.master_keys,
                                     task_id=order.order_no, meter_address=order.archive.meter.address,
                                     meter_number=order.archive.meter.address,
                                     operations=(IR_AUTH, IDENTITY_AUTH, READ_SECURE, WRITE_CLASS1,
                                                 WRITE_CLASS2),
                                     issued_at=now, expires_at=now + 3600)
    prices = tuple(str(p.quantize(Decimal("0.0001"))) for p in expected_prices(order.archive.tariff))
    rules = ("clock_drift", "tariff_differs", *(("tou_table_differs",) if tou_table else ()))
    fix = MeterCorrection(order.order_no, meter, rules, prices, set_clock=True, tou_table=tou_table)
    data = issue_correction(keys.signing_key, fix, key_id="demo", issued_at=now - 60, expires_at=now + 3600)
    if tamper:  # someone between changed a price
        data = data.replace(prices[0].encode(), b"0.0001", 1)
    apply_changes(door.store, [
        ChangeRow("command", f"{order.order_no}:write", "upsert", {"kind": KIND, "order_no": order.order_no,
                                                                   "data": auth}),
        ChangeRow("command", f"{order.order_no}:fix:{now}:{meter}", "upsert",
                  {"kind": CORRECTION_KIND, "order_no": order.order_no, "data": data})], cursor=5)


def inspect_to_done(door: Door) -> None:
    flow = door.flow()
    flow.begin()
    flow.identify(door.order.archive.meter.asset_no)
    flow.read()
    flow.photo()
    flow.finish_evidence()
    flow.complete()
