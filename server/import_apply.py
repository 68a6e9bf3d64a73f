"""Applying a valid marketing-system batch (:mod:`server.importer`), inside its transaction:
archives upserted (a changed one published and its open orders republished), tariffs stored,
each new order inserted and published to its technician or to its team's supervisors."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from sqlalchemy import Connection, insert, select, update

from app.domain.entities import Archive, Tariff
from app.domain.serialize import to_record
from app.domain.work_orders import OPEN_STATUSES
from server import changelog, orders, tariffs
from server.authorisations import ASSIGNED_TTL_S, TaskAuthority
from server.changelog import Scope
from server.db import tables
from server.import_checks import ImportReport
from server.orders import StoredOrder
from server.scope import AUDIENCE_SUPERVISOR

ORDER_PREFIX = "MS-"


def order_no_for(external_id: str) -> str:
    return ORDER_PREFIX + external_id


@dataclass(slots=True)
class Plan:
    archives: dict[str, Archive]  # customer_no -> the archive after the batch (only those the batch names)
    existing: dict[str, Archive]  # customer_no -> the archive in the database
    orders: list[StoredOrder]
    tariffs: dict[str, Tariff] = field(default_factory=dict)  # the batch's PricingStructure rows


def apply(conn: Connection, plan: Plan, report: ImportReport, *, now: int,
           authority: TaskAuthority | None) -> None:
    a = tables.archives.c
    open_orders: dict[str, list[str]] | None = None
    tariffs.store(conn, plan.tariffs)
    for no, archive in plan.archives.items():
        record = to_record(archive)
        old = plan.existing.get(no)
        values = {"company_id": archive.customer.company_id, "asset_no": archive.meter.asset_no,
                  "meter_address": archive.meter.address, "payload": changelog.pack(record),
                  "tariff_code": archive.tariff.code}
        if old is None:
            conn.execute(insert(tables.archives).values(customer_no=no, **values))
            report.archives_created += 1
        elif to_record(old) == record:
            report.archives_unchanged += 1
            continue
        else:
            conn.execute(update(tables.archives).where(a.customer_no == no).values(**values))
            report.archives_updated += 1
            open_orders = _open_orders_by_customer(conn) if open_orders is None else open_orders
            _republish(conn, open_orders.get(no, []), archive, now=now)
        changelog.append(conn, "archive", no, record, Scope(company_id=archive.customer.company_id,
                                                             audience=AUDIENCE_SUPERVISOR), now=now)
    for stored in sorted(plan.orders, key=lambda s: (s.order.window_start, s.order.order_no)):
        external = stored.order.order_no.removeprefix(ORDER_PREFIX)
        report.order_nos[external] = stored.order.order_no
        if orders.load(conn, stored.order.order_no) is not None:
            report.orders_unchanged += 1
            continue
        orders.insert_order(conn, stored, now=now)
        report.orders_created += 1
        if stored.order.tech_id:
            orders.publish(conn, stored, now=now)
            if authority is not None:
                authority.issue(conn, stored.order.order_no, now=now, ttl_s=ASSIGNED_TTL_S)
        else:
            changelog.append(conn, "work_order", stored.order.order_no, to_record(stored.order),
                             Scope(team_id=stored.team_id, company_id=stored.company_id,
                                   audience=AUDIENCE_SUPERVISOR), now=now)


def _open_orders_by_customer(conn: Connection) -> dict[str, list[str]]:
    o = tables.orders.c
    out: dict[str, list[str]] = {}
    open_statuses = [s.value for s in OPEN_STATUSES]
    query = select(o.order_no, o.payload).where(o.status.in_(open_statuses)).order_by(o.order_no)
    for row in conn.execute(query):
        customer = changelog.unpack(row.payload).get("archive", {}).get("customer", {}).get("customer_no", "")
        out.setdefault(str(customer), []).append(row.order_no)
    return out


def _republish(conn: Connection, order_nos: list[str], archive: Archive, *, now: int) -> None:
    """The changed archive reaches the handhelds inside the open orders that embed it."""
    for order_no in order_nos:
        stored = orders.load(conn, order_no, for_update=True)
        if stored is None:
            continue
        order = replace(stored.order, archive=archive, version=stored.order.version + 1)
        changed = replace(stored, order=order)
        orders.save(conn, changed, now=now)
        orders.publish(conn, changed, now=now)
