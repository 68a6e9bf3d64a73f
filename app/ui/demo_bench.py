"""DEMO / TEST ONLY: an order's devices as in-process simulators.

Used by ``--capture`` (when no demo environment runs the simulators) and by the
UI tests: the meter simulator with the order's old and new meter on a pty (an
inspected meter as the demo finds it), the receipt printer simulator on a pty,
the simulated camera, the software security module with the demo keys, and the
order's authorisations issued as the central server issues them
(``server/authorisations.py``) and stored as sync stores them; after an
inspection, the centre's correction as ``server/corrections.py`` answers it.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

from app.demo.inspected_meter import as_found
from app.demo.scene import DemoScene
from app.domain.inspection import ArchiveExpectation, MeterSnapshot, plan_correction
from app.domain.inspection_rules import compare
from app.domain.work_orders import Family, WorkOrder
from app.services.field_devices import FieldDevices
from app.services.replacement import ReplacementFlow
from app.storage.changes import ChangeRow, apply_changes
from app.storage.db import Store
from app.ui.replacement_wiring import ReplacementWiring, camera_scanner

if TYPE_CHECKING:
    from app.services.inspection import InspectionFlow
    from app.services.workflows import Workflows
    from app.ui.composition import UiModels
from device_drivers.camera.simulated import SimulatedCamera
from device_drivers.meter.simulator import keys as demo_keys
from device_drivers.meter.simulator.server import MeterSimulator
from device_drivers.meter.simulator.state import MeterState
from device_drivers.printer.simulator import PrinterSimulator
from device_drivers.security.meter_ops import SoftwareMeterSecurityModule
from signed_commands.authorisation import (
    IDENTITY_AUTH,
    IR_AUTH,
    READ_SECURE,
    WRITE_CLASS1,
    WRITE_CLASS2,
    issue_meter_authorisation,
)
from signed_commands.correction import KIND as CORRECTION_KIND
from signed_commands.correction import MeterCorrection, issue_correction

NEW_METER_OPS = (IR_AUTH, IDENTITY_AUTH, READ_SECURE, WRITE_CLASS1, WRITE_CLASS2)
OLD_METER_OPS = (IR_AUTH, READ_SECURE)
TTL_S = 8 * 3600


def issue_authorisations(store: Store, order: WorkOrder, *, now: float | None = None,
                         ttl_s: int = TTL_S, tag: str = "",
                         old_meter_ops: tuple[str, ...] = OLD_METER_OPS) -> None:
    """Store the order's two authorisations (old meter: read; new meter: tariff) as sync would."""
    k = demo_keys.load()
    issued = int(time.time() if now is None else now)
    rows = []
    for address, ops in ((order.new_meter_address, NEW_METER_OPS),
                         (order.archive.meter.address, old_meter_ops)):
        if not address:  # an inspection has no new meter
            continue
        data = issue_meter_authorisation(
            k.signing_key, k.transport_key, master_keys=k.master_keys, task_id=order.order_no,
            meter_address=address, meter_number=address, operations=ops, issued_at=issued,
            expires_at=issued + ttl_s)
        rows.append(ChangeRow("command", f"auth-{order.order_no}-{address}{tag}", "upsert",
                              {"kind": "meter-authorisation", "order_no": order.order_no, "data": data}))
    _store_commands(store, rows)


def _store_commands(store: Store, rows: list[ChangeRow]) -> None:
    cursor = int(store.reader().execute("SELECT COALESCE(MAX(rowid), 0) FROM commands").fetchone()[0])
    apply_changes(store, rows, cursor + 1)


def centre_answers_inspection(store: Store, order: WorkOrder, snapshot: MeterSnapshot) -> bool:
    """What the centre sends after comparing an inspection (``server.inspections`` and
    ``server.corrections``): the shared rules against the archive, and for what can be put right
    on site a write authorisation and the signed correction, stored as sync stores them.
    False: the meter agrees with the archive, nothing to correct."""
    plan = plan_correction(compare(snapshot, ArchiveExpectation.from_archive(order.archive)))
    if plan is None:
        return False
    k, now = demo_keys.load(), int(time.time())
    issue_authorisations(store, order, now=now, tag=":write", old_meter_ops=NEW_METER_OPS)
    fix = MeterCorrection(order.order_no, order.archive.meter.address, plan.rules, plan.prices,
                          set_clock=plan.set_clock, tou_table=plan.tou_table)
    data = issue_correction(k.signing_key, fix, key_id="demo", issued_at=now, expires_at=now + TTL_S)
    _store_commands(store, [ChangeRow("command", f"fix-{order.order_no}-{now}", "upsert",
                                      {"kind": CORRECTION_KIND, "order_no": order.order_no, "data": data})])
    return True


def meter_states(order: WorkOrder) -> list[MeterState]:
    """The order's old meter and its new meter, as demo meters (keys from the demo masters)."""
    k = demo_keys.load()
    old = MeterState.create(order.archive.meter.address, k, serial=1)
    old.asset_number = order.archive.meter.asset_no
    if order.family is Family.INSPECTION:  # the meter on the wall only, as the demo finds it
        return [as_found(old, order)]
    new = MeterState.create(order.new_meter_address, k, serial=2)
    new.asset_number = order.new_meter_asset_no
    new.forward = [Decimal("0.00")] * len(new.forward)  # a new meter starts from zero
    return [old, new]


@dataclass
class Bench:
    meter: MeterSimulator
    printer: PrinterSimulator
    camera: SimulatedCamera
    scene: DemoScene
    devices: FieldDevices

    def stop(self) -> None:
        self.meter.stop()
        self.printer.stop()


def start_bench(order: WorkOrder, receipts_dir: Path | None = None, *, fast: bool = True) -> Bench:
    """Simulators for ``order`` (probe on the old meter), wired as the terminal's field devices.

    ``fast=False``: the meter paces itself like a 1200 baud infrared line (benchmarks)."""
    k = demo_keys.load()
    meter = MeterSimulator(meter_states(order), fast=fast).start()
    printer = PrinterSimulator(receipts_dir).start()
    camera = SimulatedCamera()
    scene = DemoScene(camera, probe=meter.probe)
    devices = FieldDevices(meter_port=meter.port,
                           meter_security=SoftwareMeterSecurityModule(k.transport_key, k.public_key),
                           camera=camera, printer_port=printer.path)
    return Bench(meter, printer, camera, scene, devices)


class DemoDevices:
    """DEMO ONLY: the replacement's devices for ``python main.py --demo`` without the demo environment.

    The first time an order's flow is opened, simulators for that order's two meters start
    in-process (replacing the previous order's) and, if sync has not brought them, the
    order's authorisations are issued with the demo keys as the central server would.
    """

    def __init__(self, store: Callable[[], Store], data_dir: Path) -> None:
        self._store = store
        self._data_dir = data_dir
        self._bench: Bench | None = None
        self._order_no = ""
        self._lock = threading.Lock()

    def flow_for(self, order_no: str) -> ReplacementFlow:
        return self._workflows(order_no).replacement(order_no)

    def inspection_for(self, order_no: str) -> InspectionFlow:
        return self._workflows(order_no).inspection(order_no)

    def _workflows(self, order_no: str) -> Workflows:
        from app.services.errors import NoAuthorisationError
        from app.services.meter_authorisations import authorisation_for
        from app.services.workflows import Workflows
        from app.storage.commands import CommandRepo
        from app.storage.work_orders import WorkOrderRepo

        store = self._store()
        order = WorkOrderRepo(store).get(order_no)
        if order is None:
            raise NoAuthorisationError(f"work order {order_no} is not on this terminal")
        with self._lock:
            if self._bench is None or self._order_no != order_no:
                if self._bench is not None:
                    self._bench.stop()
                self._bench = start_bench(order, self._data_dir / "receipts")
                self._order_no = order_no
            bench = self._bench
        try:
            for address in (order.archive.meter.address, order.new_meter_address):
                if address:
                    authorisation_for(CommandRepo(store), order_no, address)
        except NoAuthorisationError:
            issue_authorisations(store, order)
        return Workflows(store, bench.devices, self._data_dir, "demo-terminal", order.tech_id, order.tech_id,
                         command_key=demo_keys.load().public_key.public_bytes_raw())

    def centre_answers(self, order_no: str) -> bool:
        """DEMO ONLY (no centre runs): the centre's correction of an uploaded inspection."""
        flow = self.inspection_for(order_no)
        return centre_answers_inspection(self._store(), flow.order(), flow.snapshot())

    def scan(self) -> str:
        bench = self._bench
        if bench is None:
            raise RuntimeError("open an order first")
        return camera_scanner(bench.camera)()

    def on_step(self, step: str, order: WorkOrder) -> None:
        if self._bench is not None:
            self._bench.scene.on_step(step, order)

    def stop(self) -> None:
        with self._lock:
            if self._bench is not None:
                self._bench.stop()
                self._bench = None

    def wiring(self) -> ReplacementWiring:
        return ReplacementWiring(self.flow_for, self.scan, self.on_step, self.stop)


def use_demo_devices(models: UiModels) -> DemoDevices:
    """Tests and --capture: the replacement screens on in-process simulators over the models' store."""
    devices = DemoDevices(models.bootstrap.store, models.bootstrap.db_path.parent)
    wiring = devices.wiring()
    models.replacement.use(wiring.flow_for, wiring.scan, wiring.on_step)
    models.inspection.use(devices.inspection_for, wiring.scan, wiring.on_step)
    models.replacement_wiring = wiring
    return devices
