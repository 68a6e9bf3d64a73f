"""Prepaid purchases made at the door, from the request to the card holding the credit.

One row a purchase, keyed by the ``request_id`` the terminal chose before asking the centre:

- ``requested``: the payment is taken and the centre asked (or about to be); asking again
  sends the same ``request_id``, so the centre answers the same order and token, never a
  second purchase;
- ``confirmed``: the centre's signed credit token is here (``order_no``, ``token``) and the
  card does not hold it yet;
- ``applied``: the card holds it.

A card has at most one purchase that is not ``applied`` at a time (:meth:`RechargeRepo.open_for`):
the card keeps only its purchase count, so a second token for the same count could never be
told from the first.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import sqlite_utils

from app.storage.db import Store

REQUESTED, CONFIRMED, APPLIED = "requested", "confirmed", "applied"
RECHARGE, OPEN_CARD = "recharge", "open_card"


@dataclass(frozen=True, slots=True)
class Recharge:
    request_id: str
    card_serial: str  # 16 hex digits
    customer_no: str
    amount_fen: int
    count_before: int  # the card's purchase count when it was read at the door
    balance_before: int  # and its balance (fen)
    payment: dict[str, Any]  # {"method": "cash"} or {"method": "qr", "reference": ...}
    state: str
    order_no: str = ""
    token: bytes = b""
    kind: str = RECHARGE  # or OPEN_CARD: the purchase that opens a blank card (purchase 1)
    meter_asset_no: str = ""  # an opening: the meter scanned to find the customer
    card_parameters: bytes = b""  # an opening: the centre's signed card parameters


def _now() -> str:
    return datetime.now(UTC).isoformat()


class RechargeRepo:
    """The terminal's purchases: the journal of every credit until the card holds it."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def open_for(self, card_serial: str) -> Recharge | None:
        """The card's purchase that the card does not hold yet (requested or confirmed), if any."""
        db = self.store.reader()
        found = db.execute("SELECT request_id FROM recharges WHERE card_serial = ? AND state != ? "
                           "ORDER BY created_at LIMIT 1", [card_serial, APPLIED]).fetchone()
        return None if found is None else self._one(db, str(found[0]))

    def new_request(self, card_serial: str, customer_no: str, amount_fen: int, count_before: int,
                    balance_before: int, payment: dict[str, Any], *, kind: str = RECHARGE,
                    meter_asset_no: str = "") -> Recharge:
        """Keep a new purchase before the centre is asked (the caller made sure the card has no
        other open one). An opening names the meter scanned; the customer comes with the answer."""
        request_id, now = uuid.uuid4().hex, _now()
        with self.store.transaction() as db:
            db.table("recharges").insert({
                "request_id": request_id, "card_serial": card_serial, "customer_no": customer_no,
                "amount_fen": amount_fen, "count_before": count_before, "balance_before": balance_before,
                "payment": json.dumps(payment, ensure_ascii=False), "order_no": None, "token": None,
                "state": REQUESTED, "created_at": now, "updated_at": now, "kind": kind,
                "meter_asset_no": meter_asset_no, "card_parameters": None})
        return self.get(request_id)

    def confirm(self, db: sqlite_utils.Database, request_id: str, order_no: str, token: bytes, *,
                customer_no: str, card_parameters: bytes = b"") -> None:
        """Inside the caller's transaction: the centre's token for the request (a fresh one replaces
        an expired one of the same order), the customer it is for and, for an opening, the card's
        signed parameters."""
        db.execute("UPDATE recharges SET order_no = ?, token = ?, state = ?, updated_at = ?, "
                   "customer_no = ?, card_parameters = ? WHERE request_id = ? AND state != ?",
                   [order_no, token, CONFIRMED, _now(), customer_no, card_parameters or None, request_id,
                    APPLIED])

    def applied(self, db: sqlite_utils.Database, request_id: str) -> None:
        """Inside the caller's transaction: the card holds the purchase."""
        db.execute("UPDATE recharges SET state = ?, updated_at = ? WHERE request_id = ?",
                   [APPLIED, _now(), request_id])

    def by_order(self, order_no: str) -> Recharge | None:
        db = self.store.reader()
        row = db.execute("SELECT request_id FROM recharges WHERE order_no = ?", [order_no]).fetchone()
        return None if row is None else self._one(db, str(row[0]))

    def get(self, request_id: str) -> Recharge:
        return self._one(self.store.reader(), request_id)

    def not_applied(self) -> list[Recharge]:
        """Every purchase a card does not hold yet, oldest first (for the screen's 补写卡 count)."""
        db = self.store.reader()
        rows = db.execute("SELECT request_id FROM recharges WHERE state != ? ORDER BY created_at",
                          [APPLIED]).fetchall()
        return [self._one(db, str(r[0])) for r in rows]

    @staticmethod
    def _one(db: sqlite_utils.Database, request_id: str) -> Recharge:
        cursor = db.execute("SELECT * FROM recharges WHERE request_id = ?", [request_id])
        names = [c[0] for c in cursor.description]
        row = cursor.fetchone()
        if row is None:
            raise KeyError(request_id)
        r = dict(zip(names, row, strict=True))
        return Recharge(r["request_id"], r["card_serial"], r["customer_no"], int(r["amount_fen"]),
                        int(r["count_before"]), int(r["balance_before"]), json.loads(r["payment"]),
                        r["state"], r["order_no"] or "", bytes(r["token"] or b""), r["kind"],
                        r["meter_asset_no"], bytes(r["card_parameters"] or b""))
