"""What the order-detail screen does to an order (plain Python, no Qt; run on a worker)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from app.domain.meter_items import MeterItem
from app.domain.work_orders import Status, WorkOrder

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
    """Start (or resume) the order: see :func:`app.services.orders.start_order`."""
    from app.services.orders import start_order as start

    return start(store, order_no)


def load_result(store: Store, order_no: str) -> dict[str, Any] | None:
    """The centre's record of a completed order (a supervisor's terminal receives it), if any."""
    from app.storage.work_orders import WorkOrderRepo

    return WorkOrderRepo(store).result(order_no)


def result_summary(result: dict[str, Any] | None) -> dict[str, str]:
    """What the order detail shows of a completed replacement: values only (QML labels them)."""
    if not result:
        return {}
    from datetime import datetime

    from app.domain.entities import UTILITY_TZ

    def reading(role: str) -> str:
        for r in result.get("readings", []):
            if r.get("role") == role and r.get("di") == MeterItem.FORWARD_TOTAL.code:
                return f"{r['value']} kWh"
        return ""

    steps = result.get("steps", [])
    started = min((s["started_at"] for s in steps), default="")
    ended = max((s["ended_at"] for s in steps), default="")
    minutes = ""
    if started and ended:
        seconds = (datetime.fromisoformat(ended) - datetime.fromisoformat(started)).total_seconds()
        minutes = f"{seconds / 60:.1f} min"
    kinds = [a.get("kind", "") for a in result.get("attachments", [])]
    done = result.get("completed_at", "")
    return {
        "outcome": str(result.get("outcome") or "done"),  # "unfinished": ended on site with a reason
        "reason": str(result.get("reason", "")),
        "oldReading": reading("old"),
        "newMeter": str(result.get("new_meter", {}).get("asset_no", "")),
        "newReading": reading("new"),
        "prices": " / ".join(result.get("tariff", {}).get("prices", [])),
        "seals": ", ".join(s.get("seal_no", "") for s in result.get("seals", [])),
        "evidence": f"{kinds.count('photo')} + {kinds.count('signature')}",
        "duration": minutes,
        "trail": str(len(result.get("gps_trail", []))),
        "completedAt": datetime.fromisoformat(done).astimezone(UTILITY_TZ).strftime("%Y-%m-%d %H:%M")
        if done else "",
    }
