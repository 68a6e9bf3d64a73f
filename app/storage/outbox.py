"""The outbox: every change that must reach the server, written in the same transaction.

A row leaves only when the server acks it (:meth:`Outbox.complete_through`); it
is then moved to ``outbox_sent`` (kept for the audit trail), in one transaction.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import sqlite_utils

from app.storage.db import Store


@dataclass(frozen=True, slots=True)
class OutboxRow:
    seq: int
    entity: str
    entity_id: str
    op: str
    payload: dict[str, Any]
    created_at: str


def enqueue(db: sqlite_utils.Database, entity: str, entity_id: str, payload: dict[str, Any],
            op: str = "upsert") -> int:
    """Add an outbox row; call it inside the transaction that makes the change. Returns its seq."""
    cursor = db.execute(
        "INSERT INTO outbox (entity, entity_id, op, payload, created_at) VALUES (?, ?, ?, ?, ?)",
        [entity, entity_id, op, json.dumps(payload, ensure_ascii=False, separators=(",", ":")),
         datetime.now(UTC).isoformat()])
    return int(cursor.lastrowid or 0)


class Outbox:
    """Reading and completing the outbox (the sync runner's side)."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def pending(self, limit: int = 500) -> list[OutboxRow]:
        rows = self.store.reader().execute(
            "SELECT seq, entity, entity_id, op, payload, created_at FROM outbox ORDER BY seq LIMIT ?",
            [limit]).fetchall()
        return [OutboxRow(r[0], r[1], r[2], r[3], json.loads(r[4]), r[5]) for r in rows]

    def count(self) -> int:
        return int(self.store.reader().execute("SELECT count(*) FROM outbox").fetchone()[0])

    def complete_through(self, seq: int) -> int:
        """The server has every row up to ``seq``: move them out. Returns how many left."""
        now = datetime.now(UTC).isoformat()
        with self.store.transaction() as db:
            db.execute("INSERT OR IGNORE INTO outbox_sent (seq, entity, entity_id, acked_at) "
                       "SELECT seq, entity, entity_id, ? FROM outbox WHERE seq <= ?", [now, seq])
            return int(db.execute("DELETE FROM outbox WHERE seq <= ?", [seq]).rowcount)
