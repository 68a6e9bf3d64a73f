"""What the technician captures (readings, seals, fixes, events, card work), each with its outbox row."""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

from app.domain.records import CardTransaction, GpsFix, MeterInstallation, OperationEvent, Reading, Seal
from app.domain.serialize import to_record
from app.storage.db import Store
from app.storage.outbox import enqueue
from sync import event_chain

Captured = Reading | Seal | OperationEvent | CardTransaction | MeterInstallation

ENTITY_OF: dict[type, str] = {Reading: "reading", Seal: "seal", OperationEvent: "operation_event",
                              CardTransaction: "card_txn", MeterInstallation: "meter_install"}


def record_id(record: Captured) -> str:
    """A stable identity, so a record saved twice (a retried tap) is stored once."""
    if isinstance(record, Reading):
        return f"{record.order_no}:{record.role}:{record.meter_address}:{record.di}"
    if isinstance(record, Seal):
        return f"{record.order_no}:seal:{record.seal_no}"
    if isinstance(record, OperationEvent):
        return record.event_id
    if isinstance(record, MeterInstallation):
        return f"{record.order_no}:install"
    return record.txn_id


def _unsealed(stored: str) -> str:
    """A stored record's text without its event seal (the seal is added last, so the rest is as it was)."""
    record = json.loads(stored)
    if isinstance(record, dict) and "chain" in record:
        record.pop("chain")
        return json.dumps(record, ensure_ascii=False, separators=(",", ":"))
    return stored


class RecordRepo:
    def __init__(self, store: Store, chain_key: bytes = b"") -> None:
        """``chain_key``: the device's event-chain key (``sync.event_chain``); with it, every operation
        event is sealed into the handheld's chain as it is stored."""
        self.store = store
        self.chain_key = chain_key

    def save(self, records: Iterable[Captured]) -> int:
        """Store records and their outbox rows together; an identical record is not stored twice."""
        saved = 0
        with self.store.transaction() as db:
            for record in records:
                rid, payload = record_id(record), to_record(record)
                entity = ENTITY_OF[type(record)]
                row = db.execute("SELECT payload FROM records WHERE record_id = ?", [rid]).fetchone()
                text = json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
                if row is not None and _unsealed(row[0]) == text:
                    continue  # the same record (an event keeps the seal it was stored with)
                if entity == "operation_event" and self.chain_key and row is None:
                    payload = {**payload, "chain": self._next_link(db, payload)}
                    text = json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
                db.table("records").upsert({"record_id": rid, "entity": entity, "order_no": record.order_no,
                                      "payload": text, "created_at": datetime.now(UTC).isoformat()},
                                     pk="record_id")
                enqueue(db, entity, rid, payload)
                saved += 1
        return saved

    def _next_link(self, db: Any, event: dict[str, Any]) -> dict[str, Any]:
        """Inside the save's transaction: the event's seal after the chain's head, and the new head."""
        head = db.execute("SELECT seq, hash FROM event_chain WHERE id = 1").fetchone()
        seq, prev = (int(head[0]), str(head[1])) if head is not None else (0, event_chain.GENESIS)
        chain = event_chain.seal(event, seq=seq + 1, prev=prev, key=self.chain_key)
        db.execute("INSERT INTO event_chain (id, seq, hash) VALUES (1, ?, ?) "
                   "ON CONFLICT(id) DO UPDATE SET seq = excluded.seq, hash = excluded.hash",
                   [chain["seq"], chain["hash"]])
        return chain

    def save_fix(self, order_no: str, fix: GpsFix) -> None:
        """A point of the order's position trail."""
        rid = f"{order_no}:gps:{fix.fixed_at.isoformat()}"
        payload = {"order_no": order_no, **to_record(fix)}
        with self.store.transaction() as db:
            db.table("records").upsert({"record_id": rid, "entity": "gps_fix", "order_no": order_no,
                                        "payload": json.dumps(payload),
                                        "created_at": datetime.now(UTC).isoformat()}, pk="record_id")
            enqueue(db, "gps_fix", rid, payload)

    def save_result(self, order_no: str, result: dict[str, Any]) -> None:
        """The completed order's record (a replacement's new archive record), with its outbox row."""
        rid = f"{order_no}:result"
        with self.store.transaction() as db:
            db.table("records").upsert({"record_id": rid, "entity": "work_result", "order_no": order_no,
                                        "payload": json.dumps(result, ensure_ascii=False),
                                        "created_at": datetime.now(UTC).isoformat()}, pk="record_id")
            enqueue(db, "work_result", rid, result)

    def save_report(self, order_no: str, entity: str, payload: dict[str, Any]) -> None:
        """A report about the order for the centre (e.g. a correction written), with its outbox row."""
        rid = f"{order_no}:{entity}:{datetime.now(UTC).isoformat()}"
        with self.store.transaction() as db:
            db.table("records").insert({"record_id": rid, "entity": entity, "order_no": order_no,
                                        "payload": json.dumps(payload, ensure_ascii=False),
                                        "created_at": datetime.now(UTC).isoformat()})
            enqueue(db, entity, rid, payload)

    def keep_local(self, order_no: str, entity: str, payload: dict[str, Any]) -> None:
        """A working record of the order that stays on the terminal (no outbox row): one per
        ``entity``, replaced (e.g. the meter as an inspection read it, sent inside the result)."""
        with self.store.transaction() as db:
            db.table("records").upsert({"record_id": f"{order_no}:{entity}", "entity": entity,
                                        "order_no": order_no,
                                        "payload": json.dumps(payload, ensure_ascii=False),
                                        "created_at": datetime.now(UTC).isoformat()}, pk="record_id")

    def local(self, order_no: str, entity: str) -> dict[str, Any] | None:
        row = self.store.reader().execute("SELECT payload FROM records WHERE record_id = ?",
                                          [f"{order_no}:{entity}"]).fetchone()
        return None if row is None else dict(json.loads(row[0]))

    def for_order(self, order_no: str, entity: str | None = None) -> list[dict[str, Any]]:
        sql = "SELECT payload FROM records WHERE order_no = ?"
        args: list[str] = [order_no]
        if entity:
            sql += " AND entity = ?"
            args.append(entity)
        return [json.loads(r[0]) for r in self.store.reader().execute(sql + " ORDER BY created_at", args)]

    def seal_used(self, seal_no: str) -> str | None:
        """The order a seal was already used on, if any (a seal is used once only)."""
        row = self.store.reader().execute(
            "SELECT order_no FROM records WHERE entity = 'seal' AND record_id LIKE ?",
            [f"%:seal:{seal_no}"]).fetchone()
        return None if row is None else str(row[0])
