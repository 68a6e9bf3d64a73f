"""Work orders on the terminal: listing, search, and progress (with its outbox row)."""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Any

import sqlite_utils

from app.domain.errors import IllegalTransitionError
from app.domain.serialize import from_record
from app.domain.statemachine import E, S, TransitionTable
from app.domain.work_orders import Event, Status, WorkOrder
from app.storage.db import Store
from app.storage.errors import StorageError
from app.storage.outbox import enqueue


@dataclass(frozen=True, slots=True)
class OrderSummary:
    """One row of the task list (what the list needs, without the whole archive)."""

    order_no: str
    kind: str
    family: str
    status: str
    step: str
    priority: str
    window_start: str
    customer_name: str
    address: str
    asset_no: str


_SUMMARY = ("order_no, kind, family, status, step, priority, window_start, customer_name, address, "
            "asset_no")


class WorkOrderRepo:
    def __init__(self, store: Store) -> None:
        self.store = store

    def summaries(self, tech_id: str | None, query: str = "", family: str = "") -> list[OrderSummary]:
        """Orders of ``tech_id`` (all when None), filtered by a search text and family."""
        where, args = [], []
        if tech_id is not None:
            where.append("tech_id = ?")
            args.append(tech_id)
        if family:
            where.append("family = ?")
            args.append(family)
        if query.strip():
            like = f"%{query.strip()}%"
            where.append("(asset_no LIKE ? OR meter_address LIKE ? OR customer_no LIKE ? "
                         "OR customer_name LIKE ? OR address LIKE ? OR order_no LIKE ?)")
            args.extend([like] * 6)
        sql = f"SELECT {_SUMMARY} FROM work_orders"
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY window_start, order_no"
        return [OrderSummary(*row) for row in self.store.reader().execute(sql, args).fetchall()]

    def get(self, order_no: str) -> WorkOrder | None:
        row = self.store.reader().execute(
            "SELECT payload, status, step FROM work_orders WHERE order_no = ?", [order_no]).fetchone()
        if row is None:
            return None
        order = from_record(WorkOrder, json.loads(row[0]))
        status = Status(row[1]) if row[1] in Status.__members__.values() else order.status
        return replace(order, status=status, step=row[2])

    def apply_event(self, order_no: str, event: Event) -> WorkOrder:
        """Move an order through its lifecycle, recording the event for the server."""
        with self.store.transaction() as db:
            order = self._require(order_no)
            moved = order.apply(event)
            self._save_progress(db, moved, event.value)
            return moved

    def advance_step(self, order_no: str, table: TransitionTable[S, E], step_event: E) -> WorkOrder:
        """Move an order to its next guided step (from ``table``), recording it for the server."""
        with self.store.transaction() as db:
            order = self._require(order_no)
            current = next((s for s in table.states() if s.value == order.step), None)
            if current is None:
                raise IllegalTransitionError(table.name, order.step or "not started", step_event.value)
            moved = replace(order, step=table.next_state(current, step_event).value)
            self._save_progress(db, moved, step_event.value)
            return moved

    def set_step(self, order_no: str, step: str) -> WorkOrder:
        """Put an order at ``step`` (starting a flow), recording it for the server."""
        with self.store.transaction() as db:
            moved = replace(self._require(order_no), step=step)
            self._save_progress(db, moved, f"step:{step}")
            return moved

    def result(self, order_no: str) -> dict[str, Any] | None:
        """The centre's record of a completed order, as a supervisor's terminal received it."""
        row = self.store.reader().execute("SELECT payload FROM results WHERE order_no = ?",
                                          [order_no]).fetchone()
        return None if row is None else dict(json.loads(row[0]))

    def stock_address(self, asset_no: str, tech_id: str) -> str | None:
        """The address of a meter in ``tech_id``'s stock, or None if it is not theirs."""
        row = self.store.reader().execute(
            "SELECT address FROM stock_meters WHERE asset_no = ? AND tech_id = ?",
            [asset_no, tech_id]).fetchone()
        return None if row is None else str(row[0])

    def take_from_stock(self, asset_no: str) -> None:
        """The meter leaves the van's list once installed (joins the caller's transaction); the
        centre consumes it when the result arrives and tells the technician's other handhelds."""
        with self.store.transaction() as db:
            db.execute("DELETE FROM stock_meters WHERE asset_no = ?", [asset_no])

    def _require(self, order_no: str) -> WorkOrder:
        order = self.get(order_no)
        if order is None:
            raise StorageError(f"work order {order_no} is not on this terminal; sync and try again")
        return order

    @staticmethod
    def _save_progress(db: sqlite_utils.Database, order: WorkOrder, event: str) -> None:
        now = datetime.now(UTC).isoformat()
        db.execute("UPDATE work_orders SET status = ?, step = ?, updated_at = ? WHERE order_no = ?",
                              [order.status.value, order.step, now, order.order_no])
        enqueue(db, "order_event", order.order_no,
                {"order_no": order.order_no, "event": event, "status": order.status.value,
                 "step": order.step, "at": now})
