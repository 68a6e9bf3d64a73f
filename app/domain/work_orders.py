"""Work orders: three families, each a lifecycle plus its own sequence of steps.

The lifecycle (:data:`LIFECYCLE`) is what the central system and the terminal
agree on: created by the centre (or requested by the terminal for prepaid
services), assigned, downloaded, worked, completed, uploaded, accepted. The steps
(:mod:`app.domain.steps`) are the technician's guided flow inside ``in_progress``.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum

from app.domain.entities import Archive
from app.domain.statemachine import TransitionTable


class Family(StrEnum):
    REPLACEMENT = "replacement"  # 装换
    INSPECTION = "inspection"  # 巡查
    PREPAID = "prepaid"  # 费控


class Kind(StrEnum):
    METER_REPLACE = "meter_replace"
    NEW_INSTALL = "new_install"
    FAULT = "fault"
    INSPECT = "inspect"
    OPEN_CARD = "open_card"
    WRITE_CARD = "write_card"
    RECHARGE = "recharge"
    RECHARGE_REPAIR = "recharge_repair"


FAMILY_OF: dict[Kind, Family] = {
    Kind.METER_REPLACE: Family.REPLACEMENT,
    Kind.NEW_INSTALL: Family.REPLACEMENT,
    Kind.FAULT: Family.REPLACEMENT,
    Kind.INSPECT: Family.INSPECTION,
    Kind.OPEN_CARD: Family.PREPAID,
    Kind.WRITE_CARD: Family.PREPAID,
    Kind.RECHARGE: Family.PREPAID,
    Kind.RECHARGE_REPAIR: Family.PREPAID,
}


class Status(StrEnum):
    REQUESTED = "requested"  # a prepaid task the terminal asked the centre for
    ASSIGNED = "assigned"
    DOWNLOADED = "downloaded"
    IN_PROGRESS = "in_progress"
    SUSPENDED = "suspended"
    COMPLETED = "completed"  # done on the terminal, waiting to upload
    UPLOADED = "uploaded"  # the centre has it
    ACCEPTED = "accepted"  # a supervisor reviewed it
    REJECTED = "rejected"  # a supervisor sent it back
    CANCELLED = "cancelled"


class Event(StrEnum):
    ASSIGN = "assign"
    DOWNLOAD = "download"
    START = "start"
    SUSPEND = "suspend"
    RESUME = "resume"
    COMPLETE = "complete"
    UPLOAD = "upload"
    ACCEPT = "accept"
    REJECT = "reject"
    REWORK = "rework"
    CANCEL = "cancel"
    REASSIGN = "reassign"


_LIFE: dict[tuple[Status, Event], Status] = {
    (Status.REQUESTED, Event.ASSIGN): Status.ASSIGNED,
    (Status.REQUESTED, Event.CANCEL): Status.CANCELLED,
    (Status.ASSIGNED, Event.DOWNLOAD): Status.DOWNLOADED,
    (Status.ASSIGNED, Event.REASSIGN): Status.ASSIGNED,
    (Status.ASSIGNED, Event.CANCEL): Status.CANCELLED,
    (Status.DOWNLOADED, Event.START): Status.IN_PROGRESS,
    (Status.DOWNLOADED, Event.REASSIGN): Status.ASSIGNED,
    (Status.DOWNLOADED, Event.CANCEL): Status.CANCELLED,
    (Status.IN_PROGRESS, Event.SUSPEND): Status.SUSPENDED,
    (Status.IN_PROGRESS, Event.COMPLETE): Status.COMPLETED,
    (Status.IN_PROGRESS, Event.REASSIGN): Status.ASSIGNED,
    (Status.IN_PROGRESS, Event.CANCEL): Status.CANCELLED,
    (Status.SUSPENDED, Event.RESUME): Status.IN_PROGRESS,
    (Status.SUSPENDED, Event.REASSIGN): Status.ASSIGNED,
    (Status.SUSPENDED, Event.CANCEL): Status.CANCELLED,
    (Status.COMPLETED, Event.UPLOAD): Status.UPLOADED,
    (Status.UPLOADED, Event.ACCEPT): Status.ACCEPTED,
    (Status.UPLOADED, Event.REJECT): Status.REJECTED,
    (Status.REJECTED, Event.REWORK): Status.IN_PROGRESS,
}

LIFECYCLE: TransitionTable[Status, Event] = TransitionTable("work order", _LIFE)

OPEN_STATUSES = frozenset({Status.ASSIGNED, Status.DOWNLOADED, Status.IN_PROGRESS, Status.SUSPENDED,
                           Status.REJECTED, Status.REQUESTED})


class Priority(StrEnum):
    URGENT = "urgent"
    NORMAL = "normal"
    LOW = "low"


@dataclass(frozen=True, slots=True)
class WorkOrder:
    """One order for one metering point, as downloaded from the centre."""

    order_no: str
    kind: Kind
    title: str
    archive: Archive
    tech_id: str
    status: Status
    priority: Priority
    window_start: datetime
    window_end: datetime
    created_at: datetime
    instructions: str = ""
    new_meter_asset_no: str = ""  # replacement: the meter the order assigns
    new_meter_address: str = ""  # ... and its communication address (from the asset system)
    step: str = ""  # the current step of the guided flow ("" = not started)
    version: int = 1  # the centre's version, for stale-write detection

    @property
    def family(self) -> Family:
        return FAMILY_OF[self.kind]

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    def apply(self, event: Event) -> WorkOrder:
        """The order after a lifecycle ``event`` (raises IllegalTransitionError if not allowed)."""
        return replace(self, status=LIFECYCLE.next_state(self.status, event))

    def matches(self, query: str) -> bool:
        """Search by meter asset number, customer number or name, address, order number."""
        q = query.strip().lower()
        if not q:
            return True
        a = self.archive
        hay = (self.order_no, a.meter.asset_no, a.meter.address, a.customer.customer_no,
               a.customer.name, a.customer.address)
        return any(q in h.lower() for h in hay)
