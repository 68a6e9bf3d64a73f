"""Ending an order that cannot be finished on site, whatever its family: a reason and a photo.

Every guided workflow offers it (customer absent, meter inaccessible, meter broken, customer
refused). The photo of what the technician found, the work result (``outcome: unfinished``
with the reason) and the order's completion go in one transaction with their outbox rows,
so the centre gets all of it or none; the team leader sees it and dispatches the order again.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from app.domain.records import UNFINISHED, EndReason
from app.domain.work_orders import Event, Status, WorkOrder
from app.services.errors import StepOrderError
from app.services.evidence import EvidenceKeeper
from app.services.field_devices import FieldDevices
from app.services.monitoring import OperationRecorder
from app.services.orders import START_PATH
from app.storage.db import Store
from app.storage.records import RecordRepo
from app.storage.work_orders import WorkOrderRepo

ENDABLE = frozenset({Status.ASSIGNED, Status.DOWNLOADED, Status.IN_PROGRESS, Status.SUSPENDED,
                     Status.REJECTED})
STEP = "end_unfinished"  # the monitoring record's step
CAPTIONS = {EndReason.CUSTOMER_ABSENT: "客户不在", EndReason.METER_INACCESSIBLE: "表计无法接近",
            EndReason.METER_BROKEN: "表计损坏", EndReason.CUSTOMER_REFUSED: "客户拒绝"}


def can_end(order: WorkOrder) -> bool:
    return order.status in ENDABLE


class OrderEnding:
    def __init__(self, store: Store, devices: FieldDevices, recorder: OperationRecorder,
                 evidence: EvidenceKeeper, order_no: str, *, technician: str = "",
                 clock: Callable[[], datetime] = lambda: datetime.now(UTC)) -> None:
        self.store, self.devices, self.recorder, self.evidence = store, devices, recorder, evidence
        self.order_no, self.technician, self.clock = order_no, technician, clock

    def end(self, reason: EndReason) -> dict[str, object]:
        """Photograph what stops the work, then end the order with ``reason`` (raises the camera's
        :class:`~device_drivers.errors.DeviceError`, or :class:`StepOrderError` for a closed order:
        nothing is stored then)."""
        orders, records = WorkOrderRepo(self.store), RecordRepo(self.store)
        order = orders.get(self.order_no)
        if order is None or not can_end(order):
            raise StepOrderError(f"work order {self.order_no} is not open on this terminal")
        with self.recorder.step(self.order_no, STEP, reason=reason.value) as op:
            photo = self.evidence.photo(self.devices.camera, order, order.archive.meter.asset_no,
                                        self.devices.fix(), CAPTIONS[reason], self.technician)
            with self.store.transaction():
                self.evidence.keep(photo)
                for event in START_PATH.get(order.status, []):
                    orders.apply_event(self.order_no, event)
                result = self._result(order, reason, records)
                records.save_result(self.order_no, result)
                orders.apply_event(self.order_no, Event.COMPLETE)
                op.detail = f"ended unfinished: {reason.value}"
                op.succeeded()
        return result

    def _result(self, order: WorkOrder, reason: EndReason, records: RecordRepo) -> dict[str, object]:
        events = records.for_order(self.order_no, "operation_event")
        return {
            "order_no": self.order_no, "kind": order.kind.value, "technician": order.tech_id,
            "customer_no": order.archive.customer.customer_no, "outcome": UNFINISHED,
            "reason": reason.value, "attachments": self.evidence.attachments.hashes_of(self.order_no),
            "gps_trail": records.for_order(self.order_no, "gps_fix"),
            "steps": [{k: e[k] for k in ("step", "started_at", "ended_at", "result")} for e in events],
            "completed_at": self.clock().isoformat(),
        }
