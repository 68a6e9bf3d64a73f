"""Dispatch: a team leader (or a region's supervisor, or an administrator) lists, assigns,
reassigns and cancels work orders. The one place for these rules; :mod:`server.routes_dispatch`
is their REST face.

- **assign**: an unassigned ``requested`` order (imported with a team but no technician) goes
  to a technician of the order's team; a replacement's meter authorisations are issued and the
  order is published, so the technician's handheld gets both at its next sync.
- **reassign**: the same code path as a supervisor's ``reassign`` event in a sync
  (:func:`server.apply.reassign_order`): the previous handheld gets the delete and the
  revocation, and work it sends later is refused as ``reassigned`` and kept for the supervisor.
- **cancel**: :func:`server.apply.cancel_order` (the technician's authorisations are revoked).

Each act runs in one transaction with its audit entry (:mod:`server.audit`), the caller as
actor. Refusals: 404 ``unknown_order``, 403 ``out_of_scope`` / ``forbidden``, 409
``illegal_transition`` / ``already_assigned``, 400 ``invalid`` / ``wrong_team``.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from sqlalchemy import Connection, Engine, select

from app.domain.entities import Role
from app.domain.serialize import from_record
from app.domain.work_orders import LIFECYCLE, Event, Status, WorkOrder
from server import apply, audit, changelog, orders
from server.audit import Actor
from server.auth import Caller
from server.authorisations import ASSIGNED_TTL_S, TaskAuthority
from server.db import lock_change_log, reading, tables
from server.errors import RefusedError, ServerError
from server.orders import StoredOrder
from server.scope import may_act_on_order, order_visible

DISPATCHERS = (Role.SUPERVISOR, Role.ADMINISTRATOR)
MAX_REASON = 200
_STATUS_OF = {"unknown_order": 404, "out_of_scope": 403, "forbidden": 403, "illegal_transition": 409,
              "already_assigned": 409, "invalid": 400, "wrong_team": 400}


def list_orders(engine: Engine, caller: Caller, *, status: str = "", team_id: str = ""
                ) -> list[dict[str, Any]]:
    """The orders in ``caller``'s scope (a team leader's team, a region's company, everything for an
    administrator), optionally of one ``status`` and one ``team_id``, by window then number."""
    if status and status not in {s.value for s in Status}:
        raise ServerError(400, "malformed", f"unknown status '{status}'; one of: "
                                            + ", ".join(s.value for s in Status))
    o = tables.orders.c
    query = select(o.order_no, o.team_id, o.company_id, o.payload).where(order_visible(caller))
    if status:
        query = query.where(o.status == status)
    if team_id:
        query = query.where(o.team_id == team_id)
    with reading(engine) as conn:
        rows = conn.execute(query.order_by(o.window_start, o.order_no)).all()
    return [summary(StoredOrder(from_record(WorkOrder, changelog.unpack(r.payload)), r.team_id, r.company_id))
            for r in rows]


def summary(stored: StoredOrder) -> dict[str, Any]:
    """What a dispatcher sees of one order."""
    o = stored.order
    customer = o.archive.customer
    return {"order_no": o.order_no, "status": o.status.value, "kind": o.kind.value, "title": o.title,
            "tech_id": o.tech_id, "team_id": stored.team_id, "company_id": stored.company_id,
            "window_start": o.window_start.isoformat(), "window_end": o.window_end.isoformat(),
            "priority": o.priority.value, "customer_no": customer.customer_no, "customer": customer.name,
            "address": customer.address, "meter_asset_no": o.archive.meter.asset_no,
            "version": o.version}


def assign(engine: Engine, caller: Caller, order_no: str, tech_id: str, *, now: int,
           authority: TaskAuthority) -> dict[str, Any]:
    """Give an unassigned ``requested`` order to ``tech_id``, a technician of the order's team."""
    with engine.begin() as conn:
        stored = _locked(conn, caller, order_no)
        order = stored.order
        if order.tech_id:
            raise _refused("already_assigned", f"order {order_no} is already assigned to {order.tech_id}; "
                                               "reassign it instead")
        if order.status is not Status.REQUESTED or not LIFECYCLE.allows(order.status, Event.ASSIGN):
            raise _refused("illegal_transition", f"work order {order_no}: 'assign' is not allowed while "
                                                 f"the order is '{order.status.value}'")
        _check_technician(conn, caller, stored, tech_id)
        order = order.apply(Event.ASSIGN)
        new = replace(stored, order=replace(order, tech_id=tech_id, step="", version=order.version + 1))
        orders.save(conn, new, now=now)
        orders.publish(conn, new, now=now)
        authority.issue(conn, order_no, now=now, ttl_s=ASSIGNED_TTL_S)
        audit.record(conn, Actor.of(caller), "order.assign", order_no, {"tech_id": tech_id}, now=now)
    return summary(new)


def reassign(engine: Engine, caller: Caller, order_no: str, tech_id: str, *, now: int,
             authority: TaskAuthority) -> dict[str, Any]:
    """Give an open, assigned order to another technician (the sync path's own function)."""
    with engine.begin() as conn:
        stored = _locked(conn, caller, order_no)
        if not stored.order.tech_id:
            raise _refused("illegal_transition", f"order {order_no} is not assigned yet; assign it")
        if stored.order.tech_id == tech_id:
            raise _refused("invalid", f"order {order_no} is already {tech_id}'s")
        try:
            new = apply.reassign_order(conn, caller, stored, tech_id, now=now, authority=authority)
        except RefusedError as exc:
            raise _refused(exc.code, exc.message) from None
        audit.record(conn, Actor.of(caller), "order.reassign", order_no,
                     {"from": stored.order.tech_id, "tech_id": tech_id, "team_id": new.team_id}, now=now)
    return summary(new)


def cancel(engine: Engine, caller: Caller, order_no: str, reason: str, *, now: int,
           authority: TaskAuthority) -> dict[str, Any]:
    """Cancel an open order; ``reason`` (1..200 characters) goes to the audit log."""
    reason = reason.strip()
    if not reason or len(reason) > MAX_REASON or not reason.isprintable():
        raise _refused("invalid", f"give a reason of 1-{MAX_REASON} printable characters")
    with engine.begin() as conn:
        stored = _locked(conn, caller, order_no)
        try:
            new = apply.cancel_order(conn, stored, now=now, authority=authority)
        except RefusedError as exc:
            raise _refused(exc.code, exc.message) from None
        audit.record(conn, Actor.of(caller), "order.cancel", order_no,
                     {"reason": reason, "tech_id": stored.order.tech_id}, now=now)
    return summary(new)


def _locked(conn: Connection, caller: Caller, order_no: str) -> StoredOrder:
    """The order, locked, if ``caller`` may dispatch it (404 / 403 otherwise)."""
    if caller.role not in DISPATCHERS:
        raise _refused("forbidden", "only a team leader or an administrator may dispatch orders")
    lock_change_log(conn)  # before any row lock: the lock order of every writer
    stored = orders.load(conn, order_no, for_update=True)
    if stored is None:
        raise _refused("unknown_order", f"there is no order {order_no}")
    if not may_act_on_order(caller, "", stored.team_id, stored.company_id):
        raise _refused("out_of_scope", f"order {order_no} is outside {caller.user_id}'s team or region")
    return stored


def _check_technician(conn: Connection, caller: Caller, stored: StoredOrder, tech_id: str) -> None:
    target = orders.user_row(conn, tech_id)
    if target is None or target[0] != Role.TECHNICIAN.value:
        raise _refused("invalid", f"'{tech_id}' is not a technician")
    _role, team_id, company_id = target
    if not may_act_on_order(caller, "", team_id, company_id):
        raise _refused("forbidden", f"{tech_id} is outside {caller.user_id}'s team or region")
    if team_id != stored.team_id:
        raise _refused("wrong_team", f"{tech_id} is not in the order's team {stored.team_id}; "
                                     "assign it to one of that team's technicians")


def _refused(code: str, message: str) -> ServerError:
    return ServerError(_STATUS_OF.get(code, 400), code, message)
