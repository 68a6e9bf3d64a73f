"""What every guided field workflow shares (replacement, inspection): the order and its step, the
move to the next step inside the step's own transaction, and identifying the meter at the door.

A step does its device work first (no database transaction is held while the meter, camera or
printer works), then stores what it captured *and* moves the order on in one transaction, so a
step is wholly done or not at all and a terminal killed at any moment resumes at its step. Every
step is recorded for monitoring, failed or not (:class:`~app.services.monitoring.OperationRecorder`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any, ClassVar

from app.domain import identifiers
from app.domain.entities import Meter
from app.domain.records import Source
from app.domain.statemachine import TransitionTable
from app.domain.work_orders import WorkOrder
from app.services.errors import StepOrderError, WrongMeterError
from app.services.evidence import EvidenceKeeper
from app.services.field_devices import FieldDevices
from app.services.monitoring import OperationRecorder
from app.services.orders import start_order
from app.storage.db import Store
from app.storage.records import RecordRepo
from app.storage.work_orders import WorkOrderRepo

Clock = Callable[[], datetime]


@dataclass
class GuidedFlow:
    store: Store
    devices: FieldDevices
    recorder: OperationRecorder
    evidence: EvidenceKeeper
    order_no: str
    technician: str = ""
    clock: Clock = lambda: datetime.now(UTC)

    TABLE: ClassVar[TransitionTable[Any, Any]]
    FIRST: ClassVar[StrEnum]

    @property
    def orders(self) -> WorkOrderRepo:
        return WorkOrderRepo(self.store)

    @property
    def records(self) -> RecordRepo:
        return RecordRepo(self.store)

    def order(self) -> WorkOrder:
        order = self.orders.get(self.order_no)
        if order is None:
            raise StepOrderError(f"work order {self.order_no} is not on this terminal; sync and try again")
        return order

    def table(self) -> TransitionTable[Any, Any]:
        """The steps of this order (a workflow whose kinds differ overrides it)."""
        return self.TABLE

    def current_step(self) -> StrEnum:
        step = self.order().step
        return type(self.FIRST)(step) if step else self.table().first

    def _expect(self, step: StrEnum) -> WorkOrder:
        order = self.order()
        if order.step != step.value:
            raise StepOrderError(f"this order is at step '{order.step or 'not started'}', not '{step.value}'")
        return order

    def _advance(self, event: StrEnum) -> None:
        """Inside the caller's transaction: move to the next step (with its outbox row)."""
        self.orders.advance_step(self.order_no, self.table(), event)

    def _begin(self) -> None:
        start_order(self.store, self.order_no)


def identify_meter(devices: FieldDevices, meter: Meter, scanned: str, source: Source = Source.BARCODE) -> str:
    """The meter at the door is the archive's: its label (the barcode's asset number, or its RFID
    tag's UID) and its infrared address must both match; returns the address (raises
    :class:`WrongMeterError`)."""
    if source is Source.RFID:
        tag = identifiers.tag_uid(scanned)
        if not meter.tag_uid:
            raise WrongMeterError(f"the archive knows no RFID tag for meter {meter.asset_no}: "
                                  "scan its barcode")
        if tag != meter.tag_uid:
            raise WrongMeterError(f"the RFID tag {tag} is not the tag of this work order's meter "
                                  f"({meter.asset_no}): check the customer's meter")
    else:
        asset = identifiers.asset_no(scanned)
        if asset != meter.asset_no:
            raise WrongMeterError(f"the scanned meter {asset} is not the one on this work order "
                                  f"({meter.asset_no}): check the customer's meter")
    with devices.meter() as client:
        address = client.read_address()
    if address != meter.address:
        raise WrongMeterError(f"the meter under the probe answers as {address}, but the archive "
                              f"says {meter.address}: is the probe on the right meter?")
    return address
