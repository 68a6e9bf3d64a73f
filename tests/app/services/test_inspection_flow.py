"""Inspection on site against the real meter simulator over its pty: identify, read the inspection
set, photograph and see the seals, upload; the work result carries the meter as read, and the
shared rules find what the simulated meter was seeded with. A kill after any step resumes at the
next one with nothing lost or twice; a wrong meter is refused at the door."""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from app.domain.demo_data import generate
from app.domain.inspection import ArchiveExpectation, MeterSnapshot, expected_prices
from app.domain.inspection_rules import compare
from app.domain.records import SealPosition
from app.domain.serialize import from_record
from app.domain.steps import InspectionStep
from app.domain.work_orders import Kind, Status, WorkOrder
from app.services.demo_seed import seed
from app.services.errors import StepOrderError, WrongMeterError
from app.services.evidence import EvidenceKeeper
from app.services.field_devices import FieldDevices
from app.services.inspection import InspectionFlow
from app.services.monitoring import OperationRecorder
from app.storage.attachments import AttachmentStore
from app.storage.changes import ChangeRow, apply_changes
from app.storage.db import Store, open_store
from app.storage.outbox import Outbox
from app.storage.records import RecordRepo
from app.storage.work_orders import WorkOrderRepo
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
from signed_commands.errors import CommandError


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


def test_the_whole_inspection_with_a_restart_after_every_step(door: Door) -> None:
    order = door.order
    assert door.flow().begin() is InspectionStep.IDENTIFY
    door.flow().identify(order.archive.meter.asset_no)
    assert door.flow().step() is InspectionStep.READ
    snap = door.flow().read()
    assert door.flow().step() is InspectionStep.EVIDENCE
    assert snap.address == order.archive.meter.address
    assert snap.cover_open_count == len(door.meter.cover_open) and snap.last_cover_open is not None
    assert abs((snap.read_at - snap.meter_clock) - timedelta(minutes=10)) < timedelta(seconds=5)
    assert snap.tariff_prices == tuple(door.meter.prices)
    door.flow().photo()
    door.flow().see_seal("sc 4400-000001", SealPosition.METER_COVER)
    door.flow().see_seal("SC4400000002", SealPosition.TERMINAL_COVER)
    door.flow().see_seal("SC4400000003", SealPosition.METER_COVER)  # re-scanned: the last one counts
    door.flow().finish_evidence()
    result = door.flow().complete()
    assert WorkOrderRepo(door.store).get(order.order_no).status is Status.COMPLETED  # type: ignore[union-attr]
    stored = from_record(MeterSnapshot, result["snapshot"])  # type: ignore[arg-type]
    assert sorted(stored.seals_seen) == [(SealPosition.METER_COVER, "SC4400000003"),
                                         (SealPosition.TERMINAL_COVER, "SC4400000002")]
    readings = RecordRepo(door.store).for_order(order.order_no, "reading")
    assert len(readings) == len(result["readings"]) > 40  # type: ignore[arg-type]
    assert len({r["di"] for r in readings}) == len(readings)  # every value once, restarts or not
    found = {f.rule for f in compare(stored, ArchiveExpectation.from_archive(order.archive))}
    assert found == {"clock_drift", "tariff_differs"}  # no earlier visit on record: no cover baseline


def test_a_wrong_meter_is_refused_at_the_door(door: Door) -> None:
    flow = door.flow()
    flow.begin()
    with pytest.raises(WrongMeterError):
        flow.identify("5102300000000000000999")
    assert door.flow().step() is InspectionStep.IDENTIFY
    with pytest.raises(StepOrderError):
        door.flow().read()  # not before the meter is identified


def correction_from_the_centre(door: Door, *, address: str = "", tamper: bool = False) -> None:
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
    fix = MeterCorrection(order.order_no, meter, ("clock_drift", "tariff_differs"), prices, set_clock=True)
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


def test_the_centres_correction_is_written_read_back_and_reported(door: Door) -> None:
    inspect_to_done(door)
    assert door.flow().correction() is None  # nothing from the centre yet
    correction_from_the_centre(door)
    flow = door.flow()
    found = flow.correction()
    assert found is not None and found.set_clock and len(found.prices) == 4
    report = flow.correct()
    assert report["ok"] and set(report["rules"]) == {"clock_drift", "tariff_differs"}
    assert [str(p) for p in door.meter.prices] == list(found.prices)  # the meter now holds the tariff
    assert abs(door.meter.clock_offset) < 5  # and the right time
    snap = flow.snapshot()  # the meter as first read, compared again after the write: all put right
    assert door.flow().correction() is None  # written once: not offered again
    pending = [r for r in Outbox(door.store).pending(1000) if r.entity == "correction_result"]
    assert len(pending) == 1 and snap.address == door.order.archive.meter.address


@pytest.mark.parametrize("change", [{"address": "000000999999"}, {"tamper": True}],
                         ids=["other meter", "tampered"])
def test_a_correction_for_another_meter_or_tampered_is_refused_before_any_byte(door: Door,
                                                                             change: dict[str, Any]) -> None:
    inspect_to_done(door)
    correction_from_the_centre(door, **change)
    frames = len(door.simulator.received)
    with pytest.raises(CommandError):
        door.flow().correct()
    assert len(door.simulator.received) == frames  # nothing went to the meter
    assert [str(p) for p in door.meter.prices] != [str(p) for p in expected_prices(door.order.archive.tariff)]
