"""Checks on what a terminal reports it did, before the server believes it.

A work result is published only if the meter it installed is the one the order
assigns or one in the order technician's stock, and is not already installed at
another customer (``meter_in_use``); then the customer's archive names that meter (a
later prepaid task binds it). A seal is used once across all terminals: applied on one
order, it is refused on any other (``seal_reused``).

Both rules compare identifiers in their canonical form (:func:`app.domain.identifiers.canonical`:
case, full-width characters, spaces and hyphens make no difference) and are kept by a
unique index (``seals_used.seal_no``, ``archives.asset_no``), never by matching what the
client chose as its entity id. The insert that claims the identifier runs in its own
savepoint, so when two terminals claim the same one at the same moment the database lets
one win and the other gets the refusal, not a failed request.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, insert, select, update
from sqlalchemy.exc import IntegrityError

from app.domain import identifiers
from app.domain.entities import Archive
from app.domain.errors import DomainError
from app.domain.serialize import from_record, to_record
from app.domain.work_orders import Family
from server import changelog, stock
from server.db import tables
from server.errors import RefusedError
from server.orders import StoredOrder


def install_new_meter(conn: Connection, stored: StoredOrder, result: dict[str, Any], *, now: int) -> None:
    """Check the result's new meter and move the customer's archive onto it (same transaction); a
    meter from the technician's stock is consumed on the order (:mod:`server.stock`)."""
    meter = result.get("new_meter")
    if meter is None and stored.order.family is not Family.REPLACEMENT:
        return  # a result without a new meter (card work...): the archive stays as it is
    if not isinstance(meter, dict) or not isinstance(meter.get("asset_no"), str) \
            or not isinstance(meter.get("address"), str):
        raise RefusedError("invalid", "a replacement's result must name its new meter (asset_no, address)")
    try:
        asset_no = identifiers.asset_no(meter["asset_no"])
        address = identifiers.meter_address(meter["address"])
    except DomainError as exc:
        raise RefusedError("invalid", f"the new meter cannot be read: {exc}") from None
    order = stored.order
    customer_no = order.archive.customer.customer_no
    _check_meter_free(conn, asset_no, customer_no)
    if asset_no != identifiers.canonical(order.new_meter_asset_no) \
            and not stock.in_stock(conn, stock.METER, order.tech_id, asset_no) \
            and not stock.consumed_on(conn, stock.METER, asset_no, order.order_no):  # not a resend
        raise RefusedError("wrong_meter", f"meter {asset_no} is neither the meter order {order.order_no} "
                                          f"assigns nor in {order.tech_id}'s stock")
    try:
        with conn.begin_nested():
            _update_archive(conn, stored, asset_no, address)
    except IntegrityError:  # another terminal's result put the meter at its customer meanwhile
        _check_meter_free(conn, asset_no, customer_no)
        raise
    stock.consume(conn, stock.METER, order.tech_id, asset_no, order.order_no, now=now)


def _check_meter_free(conn: Connection, asset_no: str, customer_no: str) -> None:
    """Refuse a meter the archive already has at another customer (one meter, one place)."""
    a = tables.archives.c
    other = conn.execute(select(a.customer_no).where(a.asset_no == asset_no, a.customer_no != customer_no)
                         .limit(1)).scalar()
    if other is not None:
        raise RefusedError("meter_in_use", f"meter {asset_no} is already installed at customer {other}; "
                                           f"it cannot also be at customer {customer_no}")


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
        conn.execute(insert(tables.archives).values(customer_no=customer_no, company_id=stored.company_id,
                                                    tariff_code=archive.tariff.code, **values))
    else:
        conn.execute(update(tables.archives).where(a.customer_no == customer_no).values(**values))


def claim_seal(conn: Connection, order_no: str, seal_no: str, *, device_id: str, seq: int, now: int) -> str:
    """Record that ``seal_no`` is used on ``order_no``; refuse it if another order used it first.
    Returns the seal's canonical number.

    The same seal again on the same order (a resend, a re-scan, a new terminal) is fine."""
    try:
        seal = identifiers.seal_no(seal_no)
    except DomainError as exc:
        raise RefusedError("invalid", str(exc)) from None
    other = _seal_order(conn, seal)
    if other is None:
        try:
            with conn.begin_nested():
                conn.execute(insert(tables.seals_used).values(seal_no=seal, order_no=order_no,
                                                              device_id=device_id, seq=seq, used_at=now))
            return seal
        except IntegrityError:  # another terminal used it at the same moment and committed first
            other = _seal_order(conn, seal)
            if other is None:
                raise
    if other != order_no:
        raise RefusedError("seal_reused", f"seal {seal} was already used on order {other}")
    return seal


def use_seal(conn: Connection, tech_id: str, seal: str, order_no: str, *, now: int) -> str | None:
    """Consume a claimed seal from ``tech_id``'s stock; the text of a ``seal_not_in_stock`` flag
    when the seal is not theirs although they carry a seal stock (it is on the meter already: the
    work stands, the supervisor looks into it). None: consumed, already consumed on this order, or
    no seal stock to check against."""
    if stock.consume(conn, stock.SEAL, tech_id, seal, order_no, now=now):
        return None
    if stock.consumed_on(conn, stock.SEAL, seal, order_no):
        return None  # a re-scan or a resend of a seal already taken from the stock
    if not stock.has_stock(conn, stock.SEAL, tech_id):
        return None
    elsewhere = stock.holder(conn, stock.SEAL, seal)
    where = f"issued to {elsewhere}" if elsewhere else "not issued to anyone"
    return f"seal {seal} on order {order_no} is not in {tech_id}'s seal stock ({where})"


def _seal_order(conn: Connection, seal: str) -> str | None:
    s = tables.seals_used.c
    order_no: str | None = conn.execute(select(s.order_no).where(s.seal_no == seal)).scalar()
    return order_no
