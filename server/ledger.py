"""The centre's prepaid ledger: every purchase made at a door, from its payment to the card.

A purchase enters the ledger when the centre issues its credit token (:func:`record_purchase`,
in the task request's transaction): the technician, the customer, the card, the amount, how it
was paid (cash, or a QR payment's reference) and the purchase count the card will have. It is
confirmed when the technician's result says the card holds it (:func:`record_credit`), with the
card's balance after; a result that does not match what was issued is kept, and the mismatch
written beside it for the team leader, never dropped.

:func:`reconciliation` is the day's account per technician and team: money collected (cash and
QR), tokens issued, credits the cards confirmed, and the purchases issued that no card has
confirmed yet.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import Connection, Engine, insert, select, update

from app.domain.entities import UTILITY_TZ
from app.domain.work_orders import Kind
from server.auth import Caller
from server.db import reading, tables
from server.orders import StoredOrder
from server.scope import order_visible
from signed_commands.credit_token import CreditToken

PAYMENT_METHODS = ("cash", "qr")


def record_purchase(conn: Connection, stored: StoredOrder, token: CreditToken, *, payment_method: str,
                    payment_reference: str, now: int) -> None:
    """Inside the task request's transaction: the purchase whose token the centre issues now."""
    conn.execute(insert(tables.prepaid_ledger).values(
        order_no=stored.order.order_no, tech_id=stored.order.tech_id, team_id=stored.team_id,
        company_id=stored.company_id, customer_no=token.customer_number,
        card_serial=token.card_serial.hex().upper(), amount_fen=token.amount_fen,
        credit_count=token.purchase_count, payment_method=payment_method,
        payment_reference=payment_reference, issued_at=now, credited_at=None, balance_after_fen=None,
        discrepancy=""))


CARD_OPERATIONS = (Kind.OPEN_CARD, Kind.WRITE_CARD, Kind.RECHARGE_REPAIR)


def record_card_operation(conn: Connection, stored: StoredOrder, card_serial: str, *, decision: str = "",
                          credits_order: str = "", now: int) -> None:
    """Inside the task request's transaction: an opening, card write or repair asked for (a repair asked
    again keeps its latest decision)."""
    c = tables.prepaid_card_ops.c
    order = stored.order
    values = {"decision": decision, "credits_order": credits_order}
    if conn.execute(select(c.order_no).where(c.order_no == order.order_no)).first() is not None:
        conn.execute(update(tables.prepaid_card_ops).where(c.order_no == order.order_no).values(**values))
        return
    conn.execute(insert(tables.prepaid_card_ops).values(
        order_no=order.order_no, kind=order.kind.value, tech_id=order.tech_id, team_id=stored.team_id,
        company_id=stored.company_id, customer_no=order.archive.customer.customer_no,
        card_serial=card_serial.upper(), requested_at=now, done_at=None, **values))


def record_credit(conn: Connection, stored: StoredOrder, payload: dict[str, Any], *, now: int) -> None:
    """The technician's result for a purchase: the card holds it (and what the card said). A repair's
    result confirms only the purchase the centre's repair decision re-issued (kept with the repair's
    task request), never one the result names by itself. A mismatch is added to what the row already
    records, never cleared by a later result."""
    order_no = stored.order.order_no
    if stored.order.kind in CARD_OPERATIONS:  # the card's result for the operation came back
        o = tables.prepaid_card_ops.c
        conn.execute(update(tables.prepaid_card_ops).where(o.order_no == order_no, o.done_at.is_(None))
                     .values(done_at=now))
    if stored.order.kind is Kind.RECHARGE_REPAIR:
        t = tables.task_requests.c
        order_no = conn.execute(select(t.credits_order).where(t.order_no == order_no)).scalar() or ""
        if not order_no or payload.get("credits_order") != order_no:
            return  # the repair re-issued nothing, or its result names another purchase: it confirms nothing
    c = tables.prepaid_ledger.c
    row = conn.execute(select(tables.prepaid_ledger).where(
        c.order_no == order_no, c.company_id == stored.company_id)).first()
    if row is None:
        return  # not a purchase of the ledger (an order without a token)
    given = payload.get("purchase")
    card: dict[str, Any] = given if isinstance(given, dict) else {}
    checks = (("amount", card.get("amount_fen"), row.amount_fen),
              ("count", card.get("count_after"), row.credit_count),
              ("card", str(card.get("card_serial", "")).upper(), row.card_serial))
    problems = [f"{name}:{str(found)[:20]}:{issued}" for name, found, issued in checks
                if (found if name == "card" else _int(found)) != issued]
    conn.execute(update(tables.prepaid_ledger).where(c.order_no == row.order_no).values(
        credited_at=row.credited_at or now, balance_after_fen=_int(card.get("balance_after_fen")),
        discrepancy=with_discrepancies(row.discrepancy, problems)))


def with_discrepancies(recorded: str, found: list[str]) -> str:
    """``recorded`` with the ``found`` items it does not hold yet (the ledger never forgets one)."""
    items = [i for i in recorded.split(";") if i]
    items += [i for i in found if i not in items]
    return ";".join(items)[:200]


def _fields(discrepancy: str) -> list[dict[str, str]]:
    """The stored ``field:found:issued`` items as the reconciliation answers them (the screens say them
    in the leader's language): field is ``amount`` (fen), ``count`` (the card's purchase count) or
    ``card`` (its serial)."""
    out = []
    for item in discrepancy.split(";"):
        field, _, rest = item.partition(":")
        found, _, issued = rest.rpartition(":")
        out.append({"field": field, "found": found, "issued": issued})
    return out


def _int(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _person(tech_id: str, team_id: str) -> dict[str, Any]:
    return {"tech_id": tech_id, "team_id": team_id, "cash_fen": 0, "qr_fen": 0, "issued": 0, "issued_fen": 0,
            "credited": 0, "credited_fen": 0, "unconfirmed": [], "discrepancies": [], "card_ops": {},
            "repairs": []}


def reconciliation(engine: Engine, caller: Caller, day: date) -> dict[str, Any]:
    """The day's prepaid account in ``caller``'s scope (the utility's day), per technician."""
    start = int(datetime.combine(day, time(0), UTILITY_TZ).timestamp())
    end = int((datetime.combine(day, time(0), UTILITY_TZ) + timedelta(days=1)).timestamp())
    c, o = tables.prepaid_ledger.c, tables.orders.c
    visible = select(o.order_no).where(order_visible(caller))
    with reading(engine) as conn:
        rows = conn.execute(select(tables.prepaid_ledger).where(
            c.order_no.in_(visible), c.issued_at >= start, c.issued_at < end).order_by(c.issued_at)).all()
    people: dict[str, dict[str, Any]] = {}
    for r in rows:
        p = people.setdefault(r.tech_id, _person(r.tech_id, r.team_id))
        p["cash_fen" if r.payment_method == "cash" else "qr_fen"] += r.amount_fen
        p["issued"] += 1
        p["issued_fen"] += r.amount_fen
        if r.credited_at is None:
            p["unconfirmed"].append({"order_no": r.order_no, "customer_no": r.customer_no,
                                     "amount_fen": r.amount_fen, "issued_at": r.issued_at})
        else:
            p["credited"] += 1
            p["credited_fen"] += r.amount_fen
        if r.discrepancy:
            p["discrepancies"].append({"order_no": r.order_no, "fields": _fields(r.discrepancy)})
    o = tables.prepaid_card_ops.c
    with reading(engine) as conn:
        ops = conn.execute(select(tables.prepaid_card_ops).where(
            o.order_no.in_(visible), o.requested_at >= start, o.requested_at < end)
            .order_by(o.requested_at)).all()
    for r in ops:
        p = people.setdefault(r.tech_id, _person(r.tech_id, r.team_id))
        p["card_ops"][r.kind] = p["card_ops"].get(r.kind, 0) + 1
        if r.kind == Kind.RECHARGE_REPAIR.value:
            p["repairs"].append({"order_no": r.order_no, "customer_no": r.customer_no, "decision": r.decision,
                                 "credits_order": r.credits_order, "done": r.done_at is not None})
    technicians = sorted(people.values(), key=lambda p: (p["team_id"], p["tech_id"]))
    totals = {k: sum(p[k] for p in technicians)
              for k in ("cash_fen", "qr_fen", "issued", "issued_fen", "credited", "credited_fen")}
    return {"day": day.isoformat(), "technicians": technicians, "totals": totals}
