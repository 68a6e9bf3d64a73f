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
    """What the step being recorded may add while it runs.

    A step that commits its own work calls :meth:`succeeded` inside that transaction, so
    the work and its monitoring record are stored together (or not at all).
    """

    objects: dict[str, str] = field(default_factory=dict)
    detail: str = ""
    recorded: bool = False
    _save_ok: Callable[[Operation], None] | None = None

    def succeeded(self) -> None:
        """Record the operation's success now (call it inside the step's final transaction)."""
        if not self.recorded and self._save_ok is not None:
            self._save_ok(self)
            self.recorded = True


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
        started = self.clock()
        try:  # the place is taken at the start: no GPS poll inside the step's transaction
            fix = self.position()
        except Exception:  # a GPS failure must never lose the operation record
            fix = None
        op = Operation(objects=dict(objects))
        op._save_ok = lambda o: self._save(order_no, step, started, "ok", o, o.detail, fix)
        try:
            yield op
        except Exception as exc:  # also when a success was noted in a transaction that then rolled back
            self._save(order_no, step, started, "failed", op, user_message(exc), fix, error_code(exc))
            raise
        op.succeeded()

    def _save(self, order_no: str, step: str, started: datetime, result: str, op: Operation,
              detail: str, fix: GpsFix | None, error: str = "") -> None:
        self.records.save([OperationEvent(
            event_id=uuid.uuid4().hex, order_no=order_no, step=step, started_at=started,
            ended_at=self.clock(), result=result, device_id=self.device_id, user_id=self.user_id,
            link=self.link_state(), fix=fix, objects=op.objects, detail=detail, error=error)])


def error_code(exc: BaseException) -> str:
    """A failed step's kind of error: its stable code, or else its class name (``WrongMeterError``)."""
    code = getattr(exc, "code", "")
    return code if isinstance(code, str) and code else type(exc).__name__
