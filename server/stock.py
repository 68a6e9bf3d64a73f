"""Each technician's stock of new meters and seals: the one place for its rules.

An item (a meter by its asset number, a seal by its number, both canonical) is **issued** to a
technician from the warehouse (an import's ``StockIssues`` row, ``main.py server stock issue``,
``POST /v1/stock/issue``), **consumed** when a result installs the meter or a seal mutation uses
the seal (:mod:`server.results`), or **returned** to the warehouse. Refused: issuing an item that
is issued to another technician, consumed, a meter already installed at a customer
(``archives.asset_no``) or a seal already used on an order (``seals_used``). Issuing an item
again to the same technician, or returning it again, changes nothing.

Every issue and return writes the change log for the technician's handheld (``stock_meter`` /
``stock_seal`` upsert or delete) and, through :func:`issue` / :func:`return_item`, the audit
log with the actor; a consumption sends the delete (the handheld dropped the item itself when it
recorded the work, so other terminals of the technician learn it).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Connection, exists, false, insert, select, true, update

from app.domain import identifiers
from app.domain.entities import Meter, Role
from app.domain.errors import DomainError
from app.domain.serialize import to_record
from server import audit, changelog, orders
from server.audit import Actor
from server.auth import Caller
from server.changelog import Scope
from server.db import tables
from server.errors import ServerError
from server.scope import AUDIENCE_TECH, may_act_on_order

METER, SEAL = "meter", "seal"
KINDS = (METER, SEAL)
ISSUED, CONSUMED, RETURNED = "issued", "consumed", "returned"
ENTITY = {METER: "stock_meter", SEAL: "stock_seal"}
MANAGERS = (Role.SUPERVISOR, Role.ADMINISTRATOR)  # team leaders (their team), administrators


@dataclass(frozen=True, slots=True)
class Item:
    """One item as the warehouse issues it; ``address`` and ``model`` for a meter only."""

    kind: str
    item_no: str
    address: str = ""
    model: str = ""


def item(kind: str, number: str, address: str = "", model: str = "") -> Item:
    """The item in canonical form; :class:`ServerError` 400 ``invalid`` if a number cannot be read."""
    try:
        if kind == METER:
            meter = Meter(identifiers.asset_no(number), identifiers.meter_address(address), model.strip())
            return Item(METER, meter.asset_no, meter.address, meter.model)
        if kind == SEAL:
            return Item(SEAL, identifiers.seal_no(number))
    except DomainError as exc:
        raise ServerError(400, "invalid", str(exc)) from None
    raise ServerError(400, "invalid", f"unknown stock kind '{kind}'; one of: {', '.join(KINDS)}")


def number(kind: str, value: str) -> str:
    """An item's number in canonical form (to return or look up an item)."""
    if kind not in KINDS:
        raise ServerError(400, "invalid", f"unknown stock kind '{kind}'; one of: {', '.join(KINDS)}")
    try:
        return identifiers.asset_no(value) if kind == METER else identifiers.seal_no(value)
    except DomainError as exc:
        raise ServerError(400, "invalid", str(exc)) from None


def check_manager(conn: Connection, caller: Caller, tech_id: str) -> None:
    """Refuse (403) a caller who may not manage ``tech_id``'s stock: not a team leader of the
    technician's team (or their region's supervisor), nor an administrator."""
    if caller.role not in MANAGERS:
        raise ServerError(403, "forbidden", "only a team leader or an administrator may manage stock")
    target = orders.user_row(conn, tech_id)
    if target is not None and not may_act_on_order(caller, "", target[1], target[2]):
        raise ServerError(403, "forbidden", f"{tech_id} is outside {caller.user_id}'s team or region")


def refusal(conn: Connection, tech_id: str, it: Item) -> ServerError | None:
    """Why ``it`` cannot be issued to ``tech_id`` (None: it can, or already is)."""
    target = orders.user_row(conn, tech_id)
    if target is None or target[0] != Role.TECHNICIAN.value:
        return ServerError(400, "not_a_technician", f"'{tech_id}' is not a technician")
    row = _row(conn, it.kind, it.item_no)
    if row is not None and row.status == ISSUED and row.tech_id != tech_id:
        return ServerError(409, "issued_elsewhere", f"{it.kind} {it.item_no} is already issued to "
                                                    f"{row.tech_id}; return it first")
    if row is not None and row.status == CONSUMED:
        return ServerError(409, "consumed", f"{it.kind} {it.item_no} was used on order {row.order_no}")
    used = _used_on(conn, it)
    if used is not None:
        return ServerError(409, "consumed", f"{it.kind} {it.item_no} is already {used}")
    return None


def issue(conn: Connection, actor: Actor, tech_id: str, it: Item, *, now: int) -> bool:
    """Issue ``it`` to ``tech_id`` (audited, sent to the handheld); False if it already was.
    Raises the :func:`refusal` as :class:`ServerError`."""
    problem = refusal(conn, tech_id, it)
    if problem is not None:
        raise problem
    row = _row(conn, it.kind, it.item_no)
    if row is not None and row.status == ISSUED and _same(row, it):
        return False
    values = {"tech_id": tech_id, "status": ISSUED, "meter_address": it.address, "model": it.model,
              "order_no": "", "issued_at": now, "updated_at": now}
    s = tables.stock_items.c
    if row is None:
        conn.execute(insert(tables.stock_items).values(kind=it.kind, item_no=it.item_no, **values))
    else:
        conn.execute(update(tables.stock_items).where(s.kind == it.kind, s.item_no == it.item_no)
                     .values(**values))
    _send(conn, tech_id, it, "upsert", now=now)
    audit.record(conn, actor, "stock.issue", f"{it.kind}:{it.item_no}", {"tech_id": tech_id}, now=now)
    return True


def return_item(conn: Connection, actor: Actor, kind: str, item_no: str, *, now: int) -> dict[str, Any]:
    """Put an issued item back in the warehouse (audited, deleted from the handheld)."""
    row = _row(conn, kind, item_no)
    if row is None:
        raise ServerError(404, "unknown_item", f"{kind} {item_no} was never issued")
    if row.status == CONSUMED:
        raise ServerError(409, "consumed", f"{kind} {item_no} was used on order {row.order_no}")
    if row.status == ISSUED:
        _set_status(conn, kind, item_no, RETURNED, "", now=now)
        _send(conn, row.tech_id, Item(kind, item_no), "delete", now=now)
        audit.record(conn, actor, "stock.return", f"{kind}:{item_no}", {"tech_id": row.tech_id}, now=now)
    return {**_summary(row), "status": RETURNED}


def in_stock(conn: Connection, kind: str, tech_id: str, item_no: str) -> bool:
    row = _row(conn, kind, item_no)
    return row is not None and row.status == ISSUED and row.tech_id == tech_id


def consumed_on(conn: Connection, kind: str, item_no: str, order_no: str) -> bool:
    """Was the item already used on ``order_no`` (a resend of the same work)?"""
    row = _row(conn, kind, item_no)
    return row is not None and row.status == CONSUMED and row.order_no == order_no


def has_stock(conn: Connection, kind: str, tech_id: str) -> bool:
    """Was ``tech_id`` ever issued an item of ``kind``? (then their work is checked against it)"""
    s = tables.stock_items.c
    return bool(conn.execute(select(exists().where(s.kind == kind, s.tech_id == tech_id))).scalar())


def consume(conn: Connection, kind: str, tech_id: str, item_no: str, order_no: str, *, now: int) -> bool:
    """Mark an item of ``tech_id``'s stock as used on ``order_no`` (False if it is not theirs)."""
    if not in_stock(conn, kind, tech_id, item_no):
        return False
    _set_status(conn, kind, item_no, CONSUMED, order_no, now=now)
    _send(conn, tech_id, Item(kind, item_no), "delete", now=now)
    return True


def holder(conn: Connection, kind: str, item_no: str) -> str:
    """The technician an item is issued to ("" when none)."""
    row = _row(conn, kind, item_no)
    return str(row.tech_id) if row is not None and row.status == ISSUED else ""


def list_items(conn: Connection, caller: Caller | None, *, tech_id: str = "", team_id: str = "",
               status: str = ISSUED) -> list[dict[str, Any]]:
    """The items of ``status`` ("" = any) in ``caller``'s scope (None: the server's own CLI), by
    technician, kind and number."""
    s, u = tables.stock_items.c, tables.users.c
    query = (select(tables.stock_items, u.team_id).join(tables.users, u.user_id == s.tech_id)
             .where(_visible(caller)))
    if status:
        query = query.where(s.status == status)
    if tech_id:
        query = query.where(s.tech_id == tech_id)
    if team_id:
        query = query.where(u.team_id == team_id)
    rows = conn.execute(query.order_by(s.tech_id, s.kind, s.item_no)).all()
    return [{**_summary(r), "team_id": r.team_id} for r in rows]


def _visible(caller: Caller | None) -> ColumnElement[bool]:
    u = tables.users.c
    if caller is None or caller.role is Role.ADMINISTRATOR:
        return true()
    if caller.role is Role.SUPERVISOR:
        return u.team_id == caller.team_id if caller.team_id else u.company_id == caller.company_id
    return false()  # a technician's stock reaches them through sync, not this list


def _summary(row: Any) -> dict[str, Any]:
    return {"kind": row.kind, "item_no": row.item_no, "tech_id": row.tech_id, "status": row.status,
            "address": row.meter_address, "model": row.model, "order_no": row.order_no,
            "issued_at": row.issued_at, "updated_at": row.updated_at}


def _row(conn: Connection, kind: str, item_no: str) -> Any:
    s = tables.stock_items.c
    return conn.execute(select(tables.stock_items).where(s.kind == kind, s.item_no == item_no)).first()


def _same(row: Any, it: Item) -> bool:
    return bool(row.meter_address == it.address and row.model == it.model)


def _used_on(conn: Connection, it: Item) -> str | None:
    if it.kind == METER:
        a = tables.archives.c
        customer = conn.execute(select(a.customer_no).where(a.asset_no == it.item_no)).scalar()
        return None if customer is None else f"installed at customer {customer}"
    sl = tables.seals_used.c
    order_no = conn.execute(select(sl.order_no).where(sl.seal_no == it.item_no)).scalar()
    return None if order_no is None else f"used on order {order_no}"


def _set_status(conn: Connection, kind: str, item_no: str, status: str, order_no: str, *, now: int) -> None:
    s = tables.stock_items.c
    conn.execute(update(tables.stock_items).where(s.kind == kind, s.item_no == item_no)
                 .values(status=status, order_no=order_no, updated_at=now))


def _send(conn: Connection, tech_id: str, it: Item, op: str, *, now: int) -> None:
    """The change for the technician's handheld: ``{"tech_id", **Meter}`` or ``{"tech_id", "seal_no"}``."""
    payload: dict[str, Any] = {"tech_id": tech_id}
    if op != "delete":
        payload |= to_record(Meter(it.item_no, it.address, it.model)) if it.kind == METER \
            else {"seal_no": it.item_no}
    target = orders.user_row(conn, tech_id)
    team_id, company_id = (target[1], target[2]) if target is not None else ("", "")
    changelog.append(conn, ENTITY[it.kind], it.item_no, payload,
                     Scope(tech_id=tech_id, team_id=team_id or None, company_id=company_id or None,
                           audience=AUDIENCE_TECH), now=now, op=op)
