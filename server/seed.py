"""Load a utility (the demo one by default) into an empty server database.

The change log is written in the order a fresh terminal should receive it:
today's work orders first (by time window, each with its archive embedded),
then reference data (companies, teams, users), then each technician's stock (issued through
:mod:`server.stock`, so its table is the one record of it).

Every demo user signs in with :data:`app.domain.credentials.DEMO_PIN`. For speed the seed
hashes it once and gives every demo user that same argon2id string (one salt for all);
``main.py server set-pin`` gives a user a hash of their own.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Engine, func, insert, select

from app.domain import identifiers
from app.domain.credentials import DEMO_PIN
from app.domain.demo_data import TARIFFS, DemoUtility, generate
from app.domain.entities import Role, User
from app.domain.serialize import to_record
from app.domain.work_orders import Family, WorkOrder
from server import changelog, pins, stock
from server.audit import Actor
from server.db import reading, tables
from server.demo_guard import mark_demo_users
from server.scope import AUDIENCE_ALL, AUDIENCE_SUPERVISOR

SEED = Actor("seed")  # the audit log's actor of the demo's stock issues


@dataclass(frozen=True, slots=True)
class SeedSummary:
    users: int
    orders: int
    changes: int
    skipped: bool = False


def _change(entity: str, entity_id: str, payload: dict[str, Any], now: int, *, tech: str | None = None,
            team: str | None = None, company: str | None = None, audience: str = AUDIENCE_ALL
            ) -> dict[str, Any]:
    return {"entity": entity, "entity_id": entity_id, "op": "upsert", "payload": changelog.pack(payload),
            "tech_id": tech, "team_id": team, "company_id": company, "audience": audience,
            "origin_device": None, "created_at": now}


def seed(engine: Engine, demo: DemoUtility | None = None, *, now: int) -> SeedSummary:
    """Load ``demo`` (default: ``demo_data.generate()``) unless the database already has users;
    its users are recorded as the demo's (:mod:`server.demo_guard`)."""
    with reading(engine) as conn:
        if conn.execute(select(func.count()).select_from(tables.users)).scalar():
            return SeedSummary(0, 0, 0, skipped=True)
    demo = demo or generate()
    users = {u.user_id: u for u in demo.users}
    pin_hash = pins.hash_pin(DEMO_PIN)
    changes = _order_changes(demo.orders, users, now) + _reference_changes(demo, pin_hash, now)
    with engine.begin() as conn:
        conn.execute(insert(tables.users), [
            {"user_id": u.user_id, "name": u.name, "role": u.role.value, "team_id": u.team_id,
             "company_id": u.company_id, "pin_hash": pin_hash, "badge_hash": ""} for u in demo.users])
        mark_demo_users(conn, [u.user_id for u in demo.users], now=now)
        if demo.teams:
            conn.execute(insert(tables.teams), [
                {"team_id": t.team_id, "company_id": t.company_id, "name": t.name} for t in demo.teams])
        archives = {a.customer.customer_no: a for a in demo.archives}
        for o in demo.orders:
            archives.setdefault(o.archive.customer.customer_no, o.archive)
        conn.execute(insert(tables.archives), [
            {"customer_no": no, "company_id": a.customer.company_id, "asset_no": a.meter.asset_no,
             "meter_address": a.meter.address, "payload": changelog.pack(to_record(a)),
             "tariff_code": a.tariff.code} for no, a in archives.items()])
        known = set(conn.execute(select(tables.tariffs.c.tariff_code)).scalars())
        tariffs = {t.code: t for t in [*TARIFFS, *(a.tariff for a in archives.values())]
                   if t.code not in known}
        if tariffs:
            conn.execute(insert(tables.tariffs), [{"tariff_code": c, "payload": to_record(t)}
                                                  for c, t in tariffs.items()])
        if demo.orders:
            conn.execute(insert(tables.orders), [_order_row(o, users[o.tech_id], now) for o in demo.orders])
        changelog.append_many(conn, changes)
        issued = _issue_stock(conn, demo, now=now)
        _last_visits(conn, demo, users, now=now)
    return SeedSummary(len(demo.users), len(demo.orders), len(changes) + issued)


def _issue_stock(conn: Connection, demo: DemoUtility, *, now: int) -> int:
    """The demo technicians' van stock, issued as the warehouse would (:func:`server.stock.issue`):
    the stock table and the change log agree. No seal stock: the demo scans seals of its own."""
    issued = 0
    for tech_id, meters in demo.stock.items():
        for m in meters:
            it = stock.item(stock.METER, m.asset_no, m.address, m.model)
            issued += stock.issue(conn, SEED, tech_id, it, now=now)
    return issued


LAST_VISIT_S = 90 * 24 * 3600  # the demo's previous inspection of each meter to inspect


def _last_visits(conn: Connection, demo: DemoUtility, users: dict[str, User], *, now: int) -> None:
    """The centre's record of the previous inspection of each meter the demo inspects today (three
    months ago, its cover never opened): what today's reading and cover-open count are compared
    against (server.inspections)."""
    rows = [{"order_no": f"{o.order_no}-P", "meter_asset_no": identifiers.canonical(o.archive.meter.asset_no),
             "customer_no": o.archive.customer.customer_no, "team_id": users[o.tech_id].team_id,
             "company_id": o.archive.customer.company_id, "inspected_at": now - LAST_VISIT_S,
             "forward_total": "100.00", "cover_open_count": 0, "findings": 0,
             "snapshot": changelog.pack({}), "received_at": now - LAST_VISIT_S}
            for o in demo.orders if o.family is Family.INSPECTION and o.is_open]
    if rows:
        conn.execute(insert(tables.inspections), rows)


def _order_row(o: WorkOrder, tech: User, now: int) -> dict[str, Any]:
    return {"order_no": o.order_no, "kind": o.kind.value, "tech_id": o.tech_id, "team_id": tech.team_id,
            "company_id": tech.company_id, "status": o.status.value, "step": o.step,
            "version": o.version, "window_start": o.window_start.isoformat(), "updated_at": now,
            "payload": changelog.pack(to_record(o))}


def _order_changes(orders: list[WorkOrder], users: dict[str, User], now: int) -> list[dict[str, Any]]:
    ordered = sorted(orders, key=lambda o: (o.window_start, o.order_no))
    return [_change("work_order", o.order_no, to_record(o), now, tech=o.tech_id,
                    team=users[o.tech_id].team_id, company=users[o.tech_id].company_id) for o in ordered]


def _reference_changes(demo: DemoUtility, pin_hash: str, now: int) -> list[dict[str, Any]]:
    rows = [_change("company", c.company_id, to_record(c), now, company=c.company_id)
            for c in demo.companies]
    rows += [_change("team", t.team_id, to_record(t), now, team=t.team_id, company=t.company_id)
             for t in demo.teams]
    for u in demo.users:
        record = {**to_record(u), "pin_hash": pin_hash, "badge_hash": ""}
        if u.role is Role.ADMINISTRATOR or not u.team_id:
            rows.append(_change("user", u.user_id, record, now, company=u.company_id or None,
                                audience=AUDIENCE_SUPERVISOR))
        else:
            rows.append(_change("user", u.user_id, record, now, team=u.team_id, company=u.company_id))
    return rows
