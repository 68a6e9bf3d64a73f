"""Checks on what a terminal reports it did, before the server believes it.

A work result is published only if the meter it installed is the one the order
assigns or one in the order technician's stock; then the customer's archive names
that meter (a later prepaid task binds it). A seal is used once across all
terminals: applied on one order, it is refused on any other.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, insert, select, update

from app.domain.entities import Archive
from app.domain.errors import DomainError
from app.domain.serialize import from_record, to_record
from app.domain.work_orders import Family
from sync.server import changelog
from sync.server.db import tables
from sync.server.errors import RefusedError
from sync.server.orders import StoredOrder


def install_new_meter(conn: Connection, stored: StoredOrder, result: dict[str, Any]) -> None:
    """Check the result's new meter and move the customer's archive onto it (same transaction)."""
    meter = result.get("new_meter")
    if meter is None and stored.order.family is not Family.REPLACEMENT:
        return  # a result without a new meter (card work...): the archive stays as it is
    if not isinstance(meter, dict) or not isinstance(meter.get("asset_no"), str) \
            or not isinstance(meter.get("address"), str):
        raise RefusedError("invalid", "a replacement's result must name its new meter (asset_no, address)")
    asset_no, address = meter["asset_no"], meter["address"]
    order = stored.order
    if asset_no != order.new_meter_asset_no and not _in_stock(conn, order.tech_id, asset_no):
        raise RefusedError("wrong_meter", f"meter {asset_no} is neither the meter order {order.order_no} "
                                          f"assigns nor in {order.tech_id}'s stock")
    _update_archive(conn, stored, asset_no, address)


def _in_stock(conn: Connection, tech_id: str, asset_no: str) -> bool:
    c = tables.change_log.c
    op = conn.execute(select(c.op).where(c.entity == "stock_meter", c.entity_id == asset_no,
                                         c.tech_id == tech_id)
                      .order_by(c.cursor.desc()).limit(1)).scalar()
    return op is not None and op != "delete"


def _update_archive(conn: Connection, stored: StoredOrder, asset_no: str, address: str) -> None:
    a = tables.archives.c
    customer_no = stored.order.archive.customer.customer_no
    row = conn.execute(select(a.payload).where(a.customer_no == customer_no)).first()
    record = changelog.unpack(row.payload) if row is not None else to_record(stored.order.archive)
    record["meter"] = {**record["meter"], "asset_no": asset_no, "address": address}
    try:
        archive = from_record(Archive, record)
    except (DomainError, ValueError, TypeError, KeyError) as exc:
        raise RefusedError("invalid", f"the new meter does not fit the archive: {exc}") from None
    values = {"asset_no": asset_no, "meter_address": address, "payload": changelog.pack(to_record(archive))}
    if row is None:
        conn.execute(insert(tables.archives).values(customer_no=customer_no,
                                                    company_id=stored.company_id, **values))
    else:
        conn.execute(update(tables.archives).where(a.customer_no == customer_no).values(**values))


def check_seal_unused(conn: Connection, order_no: str, seal_no: str) -> None:
    """Refuse a seal already applied on another order (by any terminal)."""
    rm = tables.received_mutations.c
    other = conn.execute(select(rm.order_no).where(
        rm.entity == "seal", rm.entity_id.endswith(f":seal:{seal_no.strip()}", autoescape=True),
        rm.outcome == "applied", rm.order_no != order_no).limit(1)).scalar()
    if other is not None:
        raise RefusedError("seal_reused", f"seal {seal_no.strip()} was already used on order {other}")
