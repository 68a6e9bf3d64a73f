"""Prepaid purchases made at the door, from the request to the card holding the credit.

One row a purchase, keyed by the ``request_id`` the terminal chose before asking the centre:

- ``requested``: the payment is taken and the centre asked (or about to be); asking again
  sends the same ``request_id``, so the centre answers the same order and token, never a
  second purchase;
- ``confirmed``: the centre's signed credit token is here (``order_no``, ``token``) and the
  card does not hold it yet: :meth:`pending` lists it, and the repair credits it exactly once;
- ``applied``: the card holds it.

It is the card driver's :class:`~device_drivers.card.repair.RechargeJournal`, keyed there by
the token's transaction id, which is the order number.
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


@dataclass(frozen=True, slots=True)
class Recharge:
    request_id: str
    card_serial: str  # 16 hex digits
    customer_no: str
    amount_fen: int
    count_before: int  # the card's purchase count when it was read at the door
    payment: dict[str, Any]  # {"method": "cash"} or {"method": "qr", "reference": ...}
    state: str
    order_no: str = ""
    token: bytes = b""


def _now() -> str:
    return datetime.now(UTC).isoformat()


def _row(r: Any) -> Recharge:
    return Recharge(r["request_id"], r["card_serial"], r["customer_no"], int(r["amount_fen"]),
                    int(r["count_before"]), json.loads(r["payment"]), r["state"], r["order_no"] or "",
                    bytes(r["token"] or b""))


class RechargeRepo:
    """The terminal's purchases (and the card driver's recharge journal)."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def open_request(self, card_serial: str, customer_no: str, amount_fen: int, count_before: int,
                     payment: dict[str, Any]) -> Recharge:
        """The purchase not yet confirmed for this card and amount (asked again with its id after a
        cut link), or a new one."""
        with self.store.transaction() as db:
            found = db.execute("SELECT * FROM recharges WHERE card_serial = ? AND amount_fen = ? AND "
                               "count_before = ? AND state = ?",
                               [card_serial, amount_fen, count_before, REQUESTED]).fetchone()
            if found is not None:
                return self._one(db, str(found[0]))
            now = _now()
            db.table("recharges").insert({
                "request_id": uuid.uuid4().hex, "card_serial": card_serial, "customer_no": customer_no,
                "amount_fen": amount_fen, "count_before": count_before,
                "payment": json.dumps(payment, ensure_ascii=False), "order_no": None, "token": None,
                "state": REQUESTED, "created_at": now, "updated_at": now})
            last = db.execute("SELECT request_id FROM recharges WHERE rowid = last_insert_rowid()").fetchone()
            return self._one(db, str(last[0]))

    def confirm(self, db: sqlite_utils.Database, request_id: str, order_no: str, token: bytes) -> None:
        """Inside the caller's transaction: the centre's token for the request is here."""
        db.execute("UPDATE recharges SET order_no = ?, token = ?, state = ?, updated_at = ? "
                   "WHERE request_id = ? AND state = ?", [order_no, token, CONFIRMED, _now(), request_id,
                                                          REQUESTED])

    def by_order(self, order_no: str) -> Recharge | None:
        row = self.store.reader().execute("SELECT * FROM recharges WHERE order_no = ?", [order_no]).fetchone()
        return None if row is None else self._one(self.store.reader(), str(row[0]))

    def get(self, request_id: str) -> Recharge:
        return self._one(self.store.reader(), request_id)

    # -- the card driver's RechargeJournal (keyed by the token's transaction id: the order number)
    def record_confirmed(self, transaction_id: str, token: bytes) -> None:
        """Already recorded when the centre answered (:meth:`confirm`); kept for the protocol."""
        found = self.by_order(transaction_id)
        if found is None or found.token != token:
            raise ValueError(f"credit {transaction_id} was not confirmed on this terminal")

    def record_applied(self, transaction_id: str) -> None:
        with self.store.transaction() as db:
            db.execute("UPDATE recharges SET state = ?, updated_at = ? WHERE order_no = ?",
                       [APPLIED, _now(), transaction_id])

    def pending(self) -> list[tuple[str, bytes]]:
        rows = self.store.reader().execute(
            "SELECT order_no, token FROM recharges WHERE state = ? ORDER BY created_at",
            [CONFIRMED]).fetchall()
        return [(str(r[0]), bytes(r[1])) for r in rows]

    @staticmethod
    def _one(db: sqlite_utils.Database, request_id: str) -> Recharge:
        cursor = db.execute("SELECT * FROM recharges WHERE request_id = ?", [request_id])
        names = [c[0] for c in cursor.description]
        row = cursor.fetchone()
        if row is None:
            raise KeyError(request_id)
        return _row(dict(zip(names, row, strict=True)))
