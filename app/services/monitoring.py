"""Monitoring capture: every operation on the terminal records its full context.

Environment (time, place, device, link), object (customer, meter, card), process
(the step and its timing) and result, as an :class:`OperationEvent` saved with its
outbox row, so the centre can monitor field work live and evaluate technicians.
A failed operation is recorded too (result ``failed`` with the technician's
message), then the error goes on to the caller.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime

from app.domain.records import GpsFix, OperationEvent
from app.errors import user_message
from app.storage.records import RecordRepo

Clock = Callable[[], datetime]


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass
class Operation:
    """What the step being recorded may add while it runs."""

    objects: dict[str, str] = field(default_factory=dict)
    detail: str = ""


@dataclass
class OperationRecorder:
    records: RecordRepo
    device_id: str
    user_id: str
    link_state: Callable[[], str] = lambda: "offline"
    position: Callable[[], GpsFix | None] = lambda: None
    clock: Clock = utc_now

    @contextmanager
    def step(self, order_no: str, step: str, **objects: str) -> Iterator[Operation]:
        """Record the operation around the ``with`` block, whether it succeeds or fails."""
        op = Operation(objects=dict(objects))
        started = self.clock()
        try:
            yield op
        except Exception as exc:
            self._save(order_no, step, started, "failed", op, user_message(exc))
            raise
        self._save(order_no, step, started, "ok", op, op.detail)

    def _save(self, order_no: str, step: str, started: datetime, result: str, op: Operation,
              detail: str) -> None:
        try:
            fix = self.position()
        except Exception:  # a GPS failure must never lose the operation record
            fix = None
        self.records.save([OperationEvent(
            event_id=uuid.uuid4().hex, order_no=order_no, step=step, started_at=started,
            ended_at=self.clock(), result=result, device_id=self.device_id, user_id=self.user_id,
            link=self.link_state(), fix=fix, objects=op.objects, detail=detail)])
