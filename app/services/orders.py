"""Starting work on an order, whatever its family."""

from __future__ import annotations

from app.domain.steps import first_step
from app.domain.work_orders import Event, Status, WorkOrder
from app.services.errors import StepOrderError
from app.storage.db import Store
from app.storage.work_orders import WorkOrderRepo

START_PATH = {Status.ASSIGNED: [Event.DOWNLOAD, Event.START], Status.DOWNLOADED: [Event.START],
              Status.SUSPENDED: [Event.RESUME], Status.REJECTED: [Event.REWORK]}


def start_order(store: Store, order_no: str) -> WorkOrder:
    """Bring the order to ``in_progress`` at its first step (resuming where it stopped, if it had one).

    The lifecycle events and the step go in one transaction, each with its outbox row.
    """
    repo = WorkOrderRepo(store)
    with store.transaction():
        order = repo.get(order_no)
        if order is None:
            raise StepOrderError(f"work order {order_no} is not on this terminal; sync and try again")
        for event in START_PATH.get(order.status, []):
            order = repo.apply_event(order_no, event)
        if not order.step:
            order = repo.set_step(order_no, first_step(order.kind))
    return order
