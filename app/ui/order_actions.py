"""What the order-detail screen does to an order (plain Python, no Qt; run on a worker)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.domain.steps import FIRST_STEP
from app.domain.work_orders import Event, Status, WorkOrder

if TYPE_CHECKING:
    from app.storage.db import Store

STARTABLE = frozenset({Status.ASSIGNED, Status.DOWNLOADED, Status.SUSPENDED, Status.REJECTED})


def load_order(store: Store, order_no: str) -> WorkOrder:
    from app.storage.errors import StorageError
    from app.storage.work_orders import WorkOrderRepo

    order = WorkOrderRepo(store).get(order_no)
    if order is None:
        raise StorageError(f"work order {order_no} is not on this terminal; sync and try again")
    return order


def can_start(order: WorkOrder) -> bool:
    return order.status in STARTABLE or (order.status is Status.IN_PROGRESS and not order.step)


def start_order(store: Store, order_no: str) -> WorkOrder:
    """Bring the order to ``in_progress`` at its first step (resuming where it stopped, if it had one).

    Each lifecycle event and the step are written with their own outbox rows, one
    transaction each (the repository reads through the WAL reader, which sees only
    committed rows); interrupted half-way, the order is simply started again.
    """
    from app.storage.work_orders import WorkOrderRepo

    repo = WorkOrderRepo(store)
    order = load_order(store, order_no)
    path = {Status.ASSIGNED: [Event.DOWNLOAD, Event.START], Status.DOWNLOADED: [Event.START],
            Status.SUSPENDED: [Event.RESUME], Status.REJECTED: [Event.REWORK]}
    for event in path.get(order.status, []):
        order = repo.apply_event(order_no, event)
    if not order.step:
        order = repo.set_step(order_no, FIRST_STEP[order.family])
    return order
