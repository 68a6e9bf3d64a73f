"""Applying the server's changes to the local tables, with the new cursor, in one transaction.

The server is authoritative for work orders, except that local progress not yet
acknowledged (an ``order_event`` still in the outbox) is never overwritten: the
next sync carries it to the server, which then decides.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import sqlite_utils

from app.domain.work_orders import FAMILY_OF, Kind
from app.storage import commands
from app.storage.db import Store


@dataclass(frozen=True, slots=True)
class ChangeRow:
    entity: str
    entity_id: str
    op: str  # "upsert" or "delete"
    payload: dict[str, Any]


def _dump(payload: dict[str, Any]) -> str:
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":"))


def _work_order(db: sqlite_utils.Database, change: ChangeRow) -> None:
    p = change.payload
    order_no = change.entity_id
    pending = db.execute("SELECT 1 FROM outbox WHERE entity = 'order_event' AND entity_id = ? LIMIT 1",
                         [order_no]).fetchone()
    local = db.execute("SELECT status, step FROM work_orders WHERE order_no = ?", [order_no]).fetchone()
    status, step = p["status"], p.get("step", "")
    if local is not None and pending is not None:
        status, step = local[0], local[1]  # our unsent progress wins until the server has it
    elif local is not None and not step:
        step = local[1]
    archive = p["archive"]
    db.table("work_orders").upsert({
        "order_no": order_no, "kind": p["kind"], "family": FAMILY_OF[Kind(p["kind"])].value,
        "status": status, "step": step, "tech_id": p["tech_id"], "priority": p["priority"],
        "window_start": p["window_start"], "customer_no": archive["customer"]["customer_no"],
        "customer_name": archive["customer"]["name"], "address": archive["customer"]["address"],
        "asset_no": archive["meter"]["asset_no"], "meter_address": archive["meter"]["address"],
        "version": p.get("version", 1), "payload": _dump(p), "updated_at": datetime.now(UTC).isoformat(),
    }, pk="order_no")


def _delete_work_order(db: sqlite_utils.Database, change: ChangeRow) -> None:
    has_work = db.execute("SELECT 1 FROM records WHERE order_no = ? LIMIT 1", [change.entity_id]).fetchone()
    if has_work is None:
        db.execute("DELETE FROM work_orders WHERE order_no = ?", [change.entity_id])
    else:  # never drop captured work: keep the order, marked, for the supervisor to settle
        db.execute("UPDATE work_orders SET status = 'reassigned' WHERE order_no = ?", [change.entity_id])


def _simple(table: str, pk: str) -> Callable[[sqlite_utils.Database, ChangeRow], None]:
    def apply(db: sqlite_utils.Database, change: ChangeRow) -> None:
        db.table(table).upsert({pk: change.entity_id, **{k: v for k, v in change.payload.items() if k != pk}},
                         pk=pk, alter=True)

    return apply


def _user(db: sqlite_utils.Database, change: ChangeRow) -> None:
    """A user from the centre; a new PIN hash clears the user's failed attempts (a new PIN unlocks)."""
    new_hash = change.payload.get("pin_hash")
    if new_hash is not None:
        old = db.execute("SELECT pin_hash FROM users WHERE user_id = ?", [change.entity_id]).fetchone()
        if old is not None and old[0] != new_hash:
            db.execute("DELETE FROM sign_in_failures WHERE user_id = ?", [change.entity_id])
    _simple("users", "user_id")(db, change)


def _stock_meter(db: sqlite_utils.Database, change: ChangeRow) -> None:
    p = change.payload
    db.table("stock_meters").upsert({"asset_no": change.entity_id, "tech_id": p["tech_id"],
                               "address": p["address"], "model": p.get("model", ""),
                               "payload": _dump(p)}, pk="asset_no")


def _stock_seal(db: sqlite_utils.Database, change: ChangeRow) -> None:
    db.table("stock_seals").upsert({"seal_no": change.entity_id, "tech_id": change.payload["tech_id"]},
                                   pk="seal_no")


def _command(db: sqlite_utils.Database, change: ChangeRow) -> None:
    p = change.payload
    commands.receive(db, change.entity_id, p["kind"], p["order_no"], bytes(p["data"]))


def _result(db: sqlite_utils.Database, change: ChangeRow) -> None:
    db.table("results").upsert({"order_no": change.entity_id, "payload": _dump(change.payload),
                                "received_at": datetime.now(UTC).isoformat()}, pk="order_no")


def _flag(db: sqlite_utils.Database, change: ChangeRow) -> None:
    p = change.payload
    db.table("flags").upsert({"flag_id": change.entity_id, "order_no": p["order_no"], "code": p["code"],
                        "message": p["message"]}, pk="flag_id")


UPSERTS: dict[str, Callable[[sqlite_utils.Database, ChangeRow], None]] = {
    "work_order": _work_order,
    "user": _user,
    "team": _simple("teams", "team_id"),
    "company": _simple("companies", "company_id"),
    "stock_meter": _stock_meter,
    "stock_seal": _stock_seal,
    "command": _command,
    "flag": _flag,
    "result": _result,
}
TABLES = {"user": ("users", "user_id"), "team": ("teams", "team_id"), "company": ("companies", "company_id"),
          "stock_meter": ("stock_meters", "asset_no"), "stock_seal": ("stock_seals", "seal_no"),
          "command": ("commands", "command_id"),
          "flag": ("flags", "flag_id"), "result": ("results", "order_no")}


def apply_changes(store: Store, changes: list[ChangeRow], cursor: int) -> None:
    """Apply ``changes`` and move the cursor, all or nothing. Unknown entities are skipped
    (a newer server may send kinds this build does not know)."""
    with store.transaction() as db:
        apply_rows(db, changes)
        db.table("sync_state").upsert({"key": "cursor", "value": str(cursor)}, pk="key")


def apply_rows(db: sqlite_utils.Database, changes: list[ChangeRow]) -> None:
    """Inside the caller's transaction: apply ``changes`` as sync does, the cursor untouched (the
    centre's direct answer to a task request, which the next sync brings again)."""
    for change in changes:
        if change.op == "delete":
            if change.entity == "work_order":
                _delete_work_order(db, change)
            elif change.entity in TABLES:
                table, pk = TABLES[change.entity]
                db.execute(f"DELETE FROM {table} WHERE {pk} = ?", [change.entity_id])
        elif change.entity in UPSERTS:
            UPSERTS[change.entity](db, change)
