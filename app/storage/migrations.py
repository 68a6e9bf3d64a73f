"""Named migrations of the terminal's schema, each applied once, in its own transaction.

Add a migration by appending a ``(name, function)`` pair; never edit one that has
shipped. ``_migrations`` records what has been applied.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

import sqlite_utils

Migration = tuple[str, Callable[[sqlite_utils.Database], None]]


def _m001_reference(db: sqlite_utils.Database) -> None:
    db.table("companies").create({"company_id": str, "name": str, "city": str}, pk="company_id")
    db.table("teams").create({"team_id": str, "company_id": str, "name": str}, pk="team_id")
    db.table("users").create({"user_id": str, "name": str, "role": str, "team_id": str, "company_id": str},
                       pk="user_id")
    db.table("stock_meters").create({"asset_no": str, "tech_id": str, "address": str, "model": str,
                               "payload": str}, pk="asset_no")


def _m002_work_orders(db: sqlite_utils.Database) -> None:
    db.table("work_orders").create({
        "order_no": str, "kind": str, "family": str, "status": str, "step": str, "tech_id": str,
        "priority": str, "window_start": str, "customer_no": str, "customer_name": str,
        "address": str, "asset_no": str, "meter_address": str, "version": int, "payload": str,
        "updated_at": str,
    }, pk="order_no")
    db.table("work_orders").create_index(["tech_id", "window_start"])
    db.table("work_orders").create_index(["asset_no"])
    db.table("commands").create({"command_id": str, "kind": str, "order_no": str, "data": bytes,
                           "received_at": str}, pk="command_id")
    db.table("flags").create({"flag_id": str, "order_no": str, "code": str, "message": str}, pk="flag_id")


def _m003_records(db: sqlite_utils.Database) -> None:
    """What the technician captures; each row's payload is the domain record."""
    db.table("records").create({"record_id": str, "entity": str, "order_no": str, "payload": str,
                          "created_at": str}, pk="record_id")
    db.table("records").create_index(["order_no", "entity"])
    db.table("attachments").create({"sha256": str, "kind": str, "mime": str, "size": int, "order_no": str,
                              "path": str, "confirmed_offset": int, "uploaded": int,
                              "created_at": str}, pk="sha256")


def _m004_outbox_and_sync(db: sqlite_utils.Database) -> None:
    db.execute("""CREATE TABLE outbox (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        entity TEXT NOT NULL, entity_id TEXT NOT NULL, op TEXT NOT NULL,
        payload TEXT NOT NULL, created_at TEXT NOT NULL)""")
    db.table("outbox_sent").create({"seq": int, "entity": str, "entity_id": str, "acked_at": str}, pk="seq")
    db.table("sync_state").create({"key": str, "value": str}, pk="key")


def _m005_results(db: sqlite_utils.Database) -> None:
    """Completed orders' results, as supervisors receive them from the centre."""
    db.table("results").create({"order_no": str, "payload": str, "received_at": str}, pk="order_no")


def _m006_sign_in(db: sqlite_utils.Database) -> None:
    """Offline sign-in: the users' argon2id PIN and badge hashes (from the centre) and the
    consecutive failed attempts per user (a lock-out survives a restart)."""
    db.execute("ALTER TABLE users ADD COLUMN pin_hash TEXT NOT NULL DEFAULT ''")
    db.execute("ALTER TABLE users ADD COLUMN badge_hash TEXT NOT NULL DEFAULT ''")
    db.execute("""CREATE TABLE sign_in_failures (
        user_id TEXT PRIMARY KEY,
        failures INTEGER NOT NULL,
        last_failure_at TEXT NOT NULL,
        locked_at TEXT NOT NULL DEFAULT '')""")


def _m007_outbox_quarantine(db: sqlite_utils.Database) -> None:
    """Outbox rows that could not be sent (unreadable, or not encodable for the wire), kept exactly.

    The columns have no type affinity (BLOB), so every value is copied as it was stored, bytes
    for bytes, even text that is not valid UTF-8. ``seq`` is the row's outbox sequence number;
    the outbox row itself was replaced by the report of the damage, under the same seq."""
    db.execute("""CREATE TABLE outbox_quarantine (
        quarantine_id INTEGER PRIMARY KEY AUTOINCREMENT,
        seq INTEGER NOT NULL,
        entity BLOB, entity_id BLOB, op BLOB, payload BLOB, created_at BLOB,
        reason TEXT NOT NULL, detail TEXT NOT NULL, quarantined_at TEXT NOT NULL)""")
    db.execute("CREATE INDEX ix_outbox_quarantine_seq ON outbox_quarantine (seq)")


def _m008_stock_seals(db: sqlite_utils.Database) -> None:
    """The seals in the technician's stock (the centre's ``stock_seal`` changes)."""
    db.table("stock_seals").create({"seal_no": str, "tech_id": str}, pk="seal_no")


def _m009_recharges(db: sqlite_utils.Database) -> None:
    """The prepaid purchases asked of the centre at the door, and their credit tokens until the
    card holds them (app/storage/recharges.py: the card driver's recharge journal)."""
    db.execute("""CREATE TABLE recharges (
        request_id TEXT PRIMARY KEY,
        card_serial TEXT NOT NULL, customer_no TEXT NOT NULL, amount_fen INTEGER NOT NULL,
        count_before INTEGER NOT NULL, balance_before INTEGER NOT NULL, payment TEXT NOT NULL,
        order_no TEXT UNIQUE, token BLOB,
        state TEXT NOT NULL,
        created_at TEXT NOT NULL, updated_at TEXT NOT NULL)""")
    db.execute("CREATE INDEX ix_recharges_card ON recharges (card_serial, state)")


def _m010_card_openings(db: sqlite_utils.Database) -> None:
    """A purchase that opens a card: its kind, the meter scanned to find the customer, and the centre's
    signed card parameters, kept with the token until the card holds both."""
    db.execute("ALTER TABLE recharges ADD COLUMN kind TEXT NOT NULL DEFAULT 'recharge'")
    db.execute("ALTER TABLE recharges ADD COLUMN meter_asset_no TEXT NOT NULL DEFAULT ''")
    db.execute("ALTER TABLE recharges ADD COLUMN card_parameters BLOB")


def _m011_event_chain(db: sqlite_utils.Database) -> None:
    """The head of the handheld's chain of operation events (sync.event_chain): one row."""
    db.execute("CREATE TABLE event_chain (id INTEGER PRIMARY KEY CHECK (id = 1), seq INTEGER NOT NULL, "
               "hash TEXT NOT NULL)")


MIGRATIONS: list[Migration] = [
    ("001_reference", _m001_reference),
    ("002_work_orders", _m002_work_orders),
    ("003_records", _m003_records),
    ("004_outbox_and_sync", _m004_outbox_and_sync),
    ("005_results", _m005_results),
    ("006_sign_in", _m006_sign_in),
    ("007_outbox_quarantine", _m007_outbox_quarantine),
    ("008_stock_seals", _m008_stock_seals),
    ("009_recharges", _m009_recharges),
    ("010_card_openings", _m010_card_openings),
    ("011_event_chain", _m011_event_chain),
]


def applied(db: sqlite_utils.Database) -> set[str]:
    if "_migrations" not in db.table_names():
        db.table("_migrations").create({"name": str, "applied_at": str}, pk="name")
    return {row["name"] for row in db.table("_migrations").rows}


def apply_one(db: sqlite_utils.Database, name: str, migrate: Callable[[sqlite_utils.Database], None]) -> None:
    """Apply one migration and record it (the caller holds the transaction)."""
    migrate(db)
    db.table("_migrations").insert({"name": name, "applied_at": datetime.now(UTC).isoformat()})
