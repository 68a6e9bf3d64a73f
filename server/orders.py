"""Work orders in the server's store: load, save, and tell devices and supervisors."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Connection, insert, select, update

from app.domain.serialize import from_record, to_record
from app.domain.work_orders import WorkOrder
from server import changelog
from server.changelog import Scope
from server.db import lock_order, tables
from server.scope import AUDIENCE_SUPERVISOR, AUDIENCE_TECH


@dataclass(frozen=True, slots=True)
class StoredOrder:
    order: WorkOrder
    team_id: str
    company_id: str


def load(conn: Connection, order_no: str, *, for_update: bool = False) -> StoredOrder | None:
    if for_update:
        lock_order(conn, order_no)
    row = conn.execute(select(tables.orders.c.payload, tables.orders.c.team_id, tables.orders.c.company_id)
                       .where(tables.orders.c.order_no == order_no)).first()
    if row is None:
        return None
    return StoredOrder(from_record(WorkOrder, changelog.unpack(row.payload)), row.team_id, row.company_id)


def _columns(stored: StoredOrder, now: int) -> dict[str, object]:
    o = stored.order
    return {"kind": o.kind.value, "tech_id": o.tech_id, "team_id": stored.team_id,
            "company_id": stored.company_id, "status": o.status.value, "step": o.step,
            "version": o.version, "window_start": o.window_start.isoformat(), "updated_at": now,
            "payload": changelog.pack(to_record(o))}


def insert_order(conn: Connection, stored: StoredOrder, *, now: int) -> None:
    conn.execute(insert(tables.orders).values(order_no=stored.order.order_no, **_columns(stored, now)))


def save(conn: Connection, stored: StoredOrder, *, now: int) -> None:
    conn.execute(update(tables.orders).where(tables.orders.c.order_no == stored.order.order_no)
                 .values(**_columns(stored, now)))


def scope_of(stored: StoredOrder) -> Scope:
    return Scope(tech_id=stored.order.tech_id, team_id=stored.team_id, company_id=stored.company_id)


def publish(conn: Connection, stored: StoredOrder, *, now: int, origin_device: str | None = None) -> None:
    """Tell the assigned technician and the team's supervisors the order's current state."""
    changelog.append(conn, "work_order", stored.order.order_no, to_record(stored.order), scope_of(stored),
                     now=now, origin_device=origin_device)


def withdraw(conn: Connection, old: StoredOrder, new: StoredOrder, *, now: int) -> None:
    """Tell the previous technician (and their team's supervisors, if the order left the team)
    that a reassigned order is no longer theirs."""
    order_no, payload = old.order.order_no, {"order_no": old.order.order_no, "reason": "reassigned"}
    if old.order.tech_id != new.order.tech_id:
        scope = Scope(tech_id=old.order.tech_id, team_id=old.team_id, company_id=old.company_id,
                      audience=AUDIENCE_TECH)
        changelog.append(conn, "work_order", order_no, payload, scope, now=now, op="delete")
    if old.team_id != new.team_id:
        scope = Scope(team_id=old.team_id, company_id=old.company_id, audience=AUDIENCE_SUPERVISOR)
        changelog.append(conn, "work_order", order_no, payload, scope, now=now, op="delete")


def was_assigned_to(conn: Connection, order_no: str, tech_id: str) -> bool:
    """Was this order ever published to ``tech_id`` (so their late work on it is a reassignment case)?"""
    c = tables.change_log.c
    row = conn.execute(select(c.cursor).where(c.entity == "work_order", c.entity_id == order_no,
                                              c.tech_id == tech_id).limit(1)).first()
    return row is not None


def user_row(conn: Connection, user_id: str) -> tuple[str, str, str] | None:
    """(role, team_id, company_id) of a user."""
    u = tables.users.c
    row = conn.execute(select(u.role, u.team_id, u.company_id).where(u.user_id == user_id)).first()
    return None if row is None else (row.role, row.team_id, row.company_id)
