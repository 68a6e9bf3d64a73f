"""The outbox reads each row on its own, and quarantines a damaged one bytes for bytes under its seq."""

from __future__ import annotations

import sqlite3

from app.storage.db import Store
from app.storage.outbox import (
    BAD_JSON,
    BAD_TEXT,
    NOT_OBJECT,
    DamagedRow,
    Outbox,
    OutboxRow,
    Replacement,
    enqueue,
)

AT = "2026-11-24T09:00:00+00:00"


def raw_insert(store: Store, payload: bytes, entity_id: bytes = b"r1") -> int:
    conn = sqlite3.connect(store.path)
    with conn:
        seq = conn.execute("INSERT INTO outbox (entity, entity_id, op, payload, created_at) VALUES "
                           "('reading', CAST(? AS TEXT), 'upsert', CAST(? AS TEXT), ?)",
                           [entity_id, payload, AT]).lastrowid
    conn.close()
    return int(seq or 0)


def good(store: Store, n: int) -> list[int]:
    with store.transaction() as db:
        return [enqueue(db, "reading", f"g{i}", {"order_no": "WO1", "i": i}) for i in range(n)]


def test_a_row_sqlite_cannot_decode_no_longer_fails_the_whole_read(store: Store) -> None:
    before = good(store, 2)
    bad = raw_insert(store, b'{"v":"\xff"}')
    after = good(store, 1)
    conn = sqlite3.connect(store.path)  # what reading it as text does today
    try:
        conn.execute("SELECT payload FROM outbox").fetchall()
        raise AssertionError("sqlite3 decoded invalid UTF-8")
    except sqlite3.OperationalError as exc:
        assert "decode" in str(exc)
    conn.close()
    rows = Outbox(store).read()
    assert [r.seq for r in rows] == [*before, bad, *after]
    damaged = rows[2]
    assert isinstance(damaged, DamagedRow) and damaged.reason == BAD_TEXT
    assert damaged.raw.payload == b'{"v":"\xff"}'
    assert all(isinstance(r, OutboxRow) for r in rows[:2] + rows[3:])
    assert [r.seq for r in Outbox(store).pending()] == [*before, *after]


def test_what_counts_as_unreadable(store: Store) -> None:
    cases = {b"{": BAD_JSON, b'{"x":NaN}': BAD_JSON, b'{"x":-Infinity}': BAD_JSON, b"[1]": NOT_OBJECT,
             b'"text"': NOT_OBJECT, b"[" * 3000 + b"]" * 3000: BAD_JSON}
    seqs = {raw_insert(store, payload): reason for payload, reason in cases.items()}
    bad_id = raw_insert(store, b"{}", entity_id=b"\xc3\x28")
    rows = {r.seq: r for r in Outbox(store).read()}
    for seq, reason in seqs.items():
        row = rows[seq]
        assert isinstance(row, DamagedRow) and row.reason == reason, (row, reason)
    assert isinstance(rows[bad_id], DamagedRow) and rows[bad_id].reason == BAD_TEXT


def test_quarantine_keeps_every_byte_and_the_seq(store: Store) -> None:
    first = good(store, 1)[0]
    bad = raw_insert(store, b'{"v":"\xff\xfe"}', entity_id=b"id\x80")
    outbox = Outbox(store)
    report = Replacement("quarantine", str(bad), "event", {"seq": bad, "reason": BAD_TEXT}, AT)
    assert outbox.quarantine(bad, BAD_TEXT, "not UTF-8", report)
    assert outbox.damaged() == (1, 1)  # quarantined; its report not yet acknowledged
    [(seq, reason, raw)] = outbox.quarantined()
    assert (seq, reason, raw.payload, raw.entity_id) == (bad, BAD_TEXT, b'{"v":"\xff\xfe"}', b"id\x80")
    conn = sqlite3.connect(store.path)
    assert conn.execute("SELECT typeof(payload) FROM outbox_quarantine").fetchone()[0] == "text"  # as stored
    conn.close()
    rows = outbox.pending()
    assert [(r.seq, r.entity) for r in rows] == [(first, "reading"), (bad, "quarantine")]
    assert rows[1].payload == {"seq": bad, "reason": BAD_TEXT}
    assert outbox.complete_through(bad) == 2
    assert outbox.damaged() == (1, 0)  # reported
    assert not outbox.quarantine(bad, BAD_TEXT, "again", report)  # gone from the outbox: nothing changes
    assert outbox.damaged() == (1, 0)


def test_a_checkpoint_truncates_the_wal(store: Store) -> None:
    wal = store.path.with_name(store.path.name + "-wal")
    good(store, 300)
    assert wal.stat().st_size > 0
    Outbox(store).read()  # a reader connection exists and is idle: it does not stop the checkpoint
    assert store.checkpoint()
    assert wal.stat().st_size == 0
    assert Outbox(store).count() == 300
