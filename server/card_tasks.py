"""The card side of the prepaid tasks: the card parameters the centre signs, and the repair decision.

**Card parameters** (open card, write card) are the archive's, never the handheld's: the customer
and meter numbers, the tariff's prices in 0.0001 yuan per kWh (one price, or sharp, peak, flat and
valley for a time-of-use tariff), the alarm thresholds, bound to the card's serial
(``signed_commands.card_parameters``). The tariff version a meter sees is a 16-bit digest of the
code and prices: changed prices come with a new version (but for one change in 65,536, which would
keep the old one: a counter kept by the centre would be exact).

**The repair decision** (购电补写卡) comes from the card and the ledger together. The card says
its purchase count C (and its balance; its return-write file says what the meter took); the ledger
says the last purchase N the centre issued for that card:

- ``credited``: C == N, the card holds every purchase issued: nothing is credited again;
- ``not_credited``: the card lacks purchase C + 1, which the centre issued: its token is
  re-signed (the same order, amount and count) and the technician writes it;
- ``card_ahead``: C > N, the card holds purchases the centre never issued for it (credited twice,
  or elsewhere): refused, and the ledger's last purchase of the card records the mismatch;
- ``card_behind``: the card lacks a purchase the ledger cannot re-issue (C < N with no purchase
  C + 1 for this card): refused, recorded like a card ahead;
- ``cancelled``: the missing purchase's order was cancelled (its payment taken back): refused;
- ``nothing_issued``: the centre issued no purchase for this card.

The card's word alone never marks a purchase credited: only a result for the purchase (or for the
repair that re-issued it) does (:func:`server.ledger.record_credit`).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import select, update

from app.domain.entities import Archive, Tariff
from app.domain.work_orders import Kind, Status
from server import orders
from server.auth import Caller
from server.commands import CommandSigner
from server.db import tables
from server.errors import bad_request
from server.ledger import with_discrepancies
from signed_commands import envelope
from signed_commands.card_parameters import CardParametersCommand, TariffPrices
from signed_commands.credit_token import KIND as CREDIT_TOKEN
from signed_commands.errors import CommandError

ALARM1_FEN, ALARM2_FEN = 2000, 500  # the meter warns below 20 yuan, then below 5 yuan
OPEN_ACCOUNT, PURCHASE = 1, 2  # card types (device_drivers.card.files.CardType)
REPAIR_DECISIONS = CREDITED, NOT_CREDITED, CARD_AHEAD, CARD_BEHIND, CANCELLED, NOTHING_ISSUED = (
    "credited", "not_credited", "card_ahead", "card_behind", "cancelled", "nothing_issued")


def tariff_prices(tariff: Tariff) -> TariffPrices:
    """The tariff as a card's tariff set: its version and prices in 0.0001 yuan per kWh."""
    prices = tariff.tou_prices if tariff.time_of_use and tariff.tou_prices else (tariff.unit_price,)
    units = tuple(int((Decimal(p) * 10000).to_integral_value()) for p in prices)
    version = int.from_bytes(hashlib.sha256(f"{tariff.code}:{units}".encode()).digest()[:2], "big")
    return version, units


def card_parameters_body(order_no: str, kind: Kind, archive: Archive, card_serial: str) -> bytes:
    """The signed-parameters body for the card ``card_serial`` of ``archive``'s customer."""
    try:
        serial = bytes.fromhex(card_serial)
        return CardParametersCommand(order_no, serial, archive.customer.customer_no, archive.meter.address,
                                     OPEN_ACCOUNT if kind is Kind.OPEN_CARD else PURCHASE, ALARM1_FEN,
                                     ALARM2_FEN, (tariff_prices(archive.tariff),)).encode()
    except (ValueError, CommandError) as exc:
        raise bad_request(f"no card parameters can be made for this card: {exc}") from None


@dataclass(frozen=True, slots=True)
class RepairDecision:
    decision: str
    issued_count: int = 0  # the last purchase the centre issued for the card
    credits_order: str = ""  # not_credited: the purchase's order, whose token is re-signed
    command: bytes | None = None


def decide_repair(conn: Any, caller: Caller, signer: CommandSigner, *, card_serial: str, customer_no: str,
                  card_count: int, now: int, ttl_s: int) -> RepairDecision:
    """The repair decision for the card (its serial, customer and purchase count) from the ledger."""
    c = tables.prepaid_ledger.c
    rows = conn.execute(select(c.order_no, c.credit_count, c.discrepancy).where(
        c.card_serial == card_serial.upper(), c.company_id == caller.company_id,
        c.customer_no == customer_no).order_by(c.credit_count)).all()
    if not rows:
        return RepairDecision(NOTHING_ISSUED)
    last = rows[-1]
    missing = next((r for r in rows if r.credit_count == card_count + 1), None)
    if card_count > last.credit_count or (missing is None and card_count < last.credit_count):
        conn.execute(update(tables.prepaid_ledger).where(c.order_no == last.order_no).values(
            discrepancy=with_discrepancies(last.discrepancy, [f"count:{card_count}:{last.credit_count}"])))
        ahead = card_count > last.credit_count
        return RepairDecision(CARD_AHEAD if ahead else CARD_BEHIND, last.credit_count)
    if missing is None:  # the card holds the last purchase issued
        return RepairDecision(CREDITED, last.credit_count)
    stored = orders.load(conn, missing.order_no)
    if stored is None or stored.order.status is Status.CANCELLED:
        return RepairDecision(CANCELLED, last.credit_count, missing.order_no)
    t = tables.task_requests.c
    issued = conn.execute(select(t.command).where(t.order_no == missing.order_no)).scalar_one()
    body = envelope.decode(issued).body
    command = signer.sign(CREDIT_TOKEN, body, now=now, ttl_s=ttl_s)  # the same purchase, a new window
    return RepairDecision(NOT_CREDITED, last.credit_count, missing.order_no, command)
