"""A damaged outbox row, written straight into the table: the rest of the queue reaches the real
server, the row is quarantined with its exact bytes, its report (same seq) becomes a supervisor
flag at the centre, and the technician's status counts it with a code, never a raw sqlite error."""

from __future__ import annotations

import base64
import sqlite3
from dataclasses import dataclass
from pathlib import Path

import msgspec
import pytest
from sqlalchemy import Engine, select

from app.storage.outbox import Outbox
from app.storage.sync_state import SyncState
from server.db import tables
from server.run import EmbeddedServer
from sync.client_http import SyncHttpClient
from sync.protocol import PROTOCOL_VERSION, SCHEMA_VERSION, Mutation, SyncRequest
from sync.runner import SyncRunner, SyncStatus
from tests.sync.conftest import TECH, Terminal, assert_exactly_once


@dataclass(frozen=True)
class Damage:
    reason: str
    payload: bytes  # stored as TEXT, bytes for bytes (even when they are not UTF-8)
    entity_id: str = "r-damaged"


def damages(order_no: str) -> dict[str, Damage]:
    good = f'{{"order_no":"{order_no}","value":"1.00"'.encode()
    return {
        "bad_text": Damage("bad_text", good + b',"unit":"k\xff\xfeWh"}'),  # sqlite3: "Could not decode"
        "nan": Damage("bad_json", good + b',"x":NaN}'),
        "not_json": Damage("bad_json", good[:-3]),
        "not_object": Damage("not_object", b'["reading",1]'),
        "too_deep": Damage("bad_json", b"[" * 5000 + b"]" * 5000),  # RecursionError in json
        "huge_int": Damage("not_encodable", good + b',"n":123456789012345678901234567890}'),
        "long_id": Damage("too_long", good + b"}", entity_id="R" * 500),
        "lone_surrogate": Damage("not_encodable", good + b',"u":"\\ud800"}'),
    }


def write_damaged(terminal: Terminal, damage: Damage) -> int:
    """The damaged row, written with sqlite3 directly (as a bug or a bad sector would leave it)."""
    conn = sqlite3.connect(terminal.store.path)
    try:
        with conn:
            cur = conn.execute("INSERT INTO outbox (entity, entity_id, op, payload, created_at) VALUES "
                               "('reading', ?, 'upsert', CAST(? AS TEXT), '2026-11-24T09:00:00+00:00')",
                               [damage.entity_id, damage.payload])
        return int(cur.lastrowid or 0)
    finally:
        conn.close()


def settle(runner: SyncRunner) -> SyncStatus:
    runner.sync_now()
    return runner.wait_settled(30)


def flags_of(engine: Engine, device_id: str) -> list[tuple[int, str, str]]:
    f = tables.flags.c
    with engine.connect() as conn:
        rows = conn.execute(select(f.seq, f.code, f.message).where(f.device_id == device_id)).all()
    return [(int(r[0]), str(r[1]), str(r[2])) for r in rows]


def stored(engine: Engine, device_id: str, seq: int) -> tuple[str, str, str, bytes]:
    rm = tables.received_mutations.c
    with engine.connect() as conn:
        row = conn.execute(select(rm.entity, rm.outcome, rm.code, rm.payload)
                           .where(rm.device_id == device_id, rm.seq == seq)).one()
    return str(row[0]), str(row[1]), str(row[2]), bytes(row[3])


@pytest.mark.parametrize("kind", list(damages("X")))
def test_a_damaged_row_is_quarantined_reported_and_the_rest_goes_through(
        kind: str, server: EmbeddedServer, server_db: Engine, terminal: Terminal) -> None:
    terminal.enrol(server.url, server.codes[TECH])
    identity = terminal.local.identity()
    assert identity is not None
    runner = terminal.runner()
    seen: list[SyncStatus] = []
    runner.add_listener(seen.append)
    runner.start()
    try:
        settle(runner)
        damage = damages(terminal.orders()[0])[kind]
        terminal.capture(3)
        bad_seq = write_damaged(terminal, damage)
        terminal.capture(3)
        last_seq = bad_seq + 3
        status = settle(runner)
        again = settle(runner)  # the next cycle is clean too: nothing is wedged
    finally:
        runner.stop()

    # the rest of the queue reached the server, every seq exactly once, the outbox is empty
    assert status.phase == "idle" and status.pending == 0 and terminal.local.pending_count() == 0
    assert_exactly_once(server_db, identity.device_id, last_seq)
    for seq in (bad_seq - 1, bad_seq + 1, last_seq):
        assert stored(server_db, identity.device_id, seq)[:2] == ("reading", "applied")
    # the damaged row is in quarantine, bytes for bytes
    [(seq, reason, raw)] = Outbox(terminal.store).quarantined()
    assert (seq, reason) == (bad_seq, damage.reason)
    assert raw.payload == damage.payload and raw.entity_id == damage.entity_id.encode()
    # the centre stored its report under the same seq and raised a flag for the supervisor
    entity, outcome, code, packed = stored(server_db, identity.device_id, bad_seq)
    assert (entity, outcome, code) == ("quarantine", "rejected", "damaged")
    report = msgspec.msgpack.decode(packed)
    assert report["reason"] == damage.reason and report["raw_size"] == len(damage.payload)
    assert base64.b64decode(report["raw_b64"]) == damage.payload[:16 * 1024]
    assert [(s, c) for s, c, _m in flags_of(server_db, identity.device_id)] == [(bad_seq, "damaged")]
    # the technician's status: the count and a code, no error, never the database's own words
    for s in (status, again):
        assert (s.damaged, s.damaged_code) == (1, "damaged_reported")
        assert s.last_error == "" and s.error_code == "" and s.rejections == 0
    assert SyncState(terminal.store).last_error() == ""
    assert not [s.last_error for s in seen if s.last_error], "a cycle failed on the way"


def test_several_damaged_rows_in_a_row_at_the_head_of_the_queue(
        server: EmbeddedServer, server_db: Engine, terminal: Terminal) -> None:
    """The batch starts with damaged rows, back to back: each is reported under its own seq."""
    terminal.enrol(server.url, server.codes[TECH])
    identity = terminal.local.identity()
    assert identity is not None
    runner = terminal.runner()
    runner.start()
    try:
        settle(runner)
        kinds = damages(terminal.orders()[0])
        seqs = [write_damaged(terminal, kinds[k]) for k in ("bad_text", "nan", "not_object")]
        terminal.capture(2)
        status = settle(runner)
    finally:
        runner.stop()
    assert status.pending == 0 and status.last_error == ""
    assert_exactly_once(server_db, identity.device_id, seqs[-1] + 2)
    assert sorted(s for s, _c, _m in flags_of(server_db, identity.device_id)) == seqs
    assert [q[0] for q in Outbox(terminal.store).quarantined()] == seqs
    assert (status.damaged, status.damaged_code) == (3, "damaged_reported")
    terminal.reopen()  # after a restart the status still knows, before any sync
    assert terminal.runner().status().damaged == 3


def test_damage_after_the_original_reached_the_server_keeps_the_original(
        server: EmbeddedServer, server_db: Engine, terminal: Terminal) -> None:
    """The row went up, the ack was lost, then the row was damaged on disk: the report reuses its seq,
    so the server sees a resend (acked, not applied, no flag) and keeps the original record."""
    terminal.enrol(server.url, server.codes[TECH])
    identity = terminal.local.identity()
    assert identity is not None
    runner = terminal.runner()
    runner.start()
    try:
        settle(runner)
    finally:
        runner.stop()
    terminal.capture(2)
    batch = terminal.local.read_batch(100)
    client = SyncHttpClient(server.url, identity.device_id, identity.secret)
    client.sync(SyncRequest(PROTOCOL_VERSION, SCHEMA_VERSION, identity.device_id, batch.cursor,
                            list(batch.mutations), 1))  # stored at the centre; the answer "is lost"
    client.close()
    last: Mutation = batch.mutations[-1]
    conn = sqlite3.connect(terminal.store.path)
    with conn:
        conn.execute("UPDATE outbox SET payload = CAST(X'7B22FF' AS TEXT) WHERE seq = ?", [last.seq])
    conn.close()
    runner = terminal.runner()
    runner.start()
    try:
        status = settle(runner)
    finally:
        runner.stop()
    assert status.pending == 0 and status.last_error == ""
    assert_exactly_once(server_db, identity.device_id, last.seq)
    assert stored(server_db, identity.device_id, last.seq)[:2] == ("reading", "applied")  # the original
    assert flags_of(server_db, identity.device_id) == []
    assert [q[0] for q in Outbox(terminal.store).quarantined()] == [last.seq]  # kept here all the same


def test_the_wal_shrinks_after_a_cycle_that_drained_the_outbox_and_on_close(
        server: EmbeddedServer, server_db: Engine, terminal: Terminal) -> None:
    terminal.enrol(server.url, server.codes[TECH])
    runner = terminal.runner()
    runner.start()
    wal = terminal.store.path.with_name(terminal.store.path.name + "-wal")
    try:
        settle(runner)
        terminal.capture(400)
        grown = wal.stat().st_size
        assert grown > 200 * 1024, grown  # the captures went through the WAL
        status = settle(runner)
        assert status.pending == 0 and status.last_error == ""
        assert wal.stat().st_size < grown // 10, (wal.stat().st_size, grown)
        terminal.capture(50)
    finally:
        runner.stop()
    assert wal.stat().st_size > 0
    terminal.store.close()
    assert not wal.exists() or wal.stat().st_size == 0
    terminal.reopen()
    assert terminal.local.pending_count() == 50  # nothing was lost by the checkpoints


def test_the_flag_reaches_the_team_supervisors_handheld(
        server: EmbeddedServer, server_db: Engine, tmp_path: Path) -> None:
    tech, boss = Terminal(tmp_path / "tech"), Terminal(tmp_path / "boss")
    try:
        tech.enrol(server.url, server.codes[TECH])
        boss.enrol(server.url, server.codes["CD100"])  # the supervisor of CD101's team
        runner = tech.runner()
        runner.start()
        try:
            settle(runner)
            bad_seq = write_damaged(tech, damages(tech.orders()[0])["bad_text"])
            settle(runner)
        finally:
            runner.stop()
        identity = tech.local.identity()
        assert identity is not None
        watcher = boss.runner()
        watcher.start()
        try:
            settle(watcher)
        finally:
            watcher.stop()
        flags = boss.store.reader().execute("SELECT flag_id, code, message FROM flags").fetchall()
        assert [(f[0], f[1]) for f in flags] == [(f"{identity.device_id}:{bad_seq}:damaged", "damaged")]
        assert "bad_text" in flags[0][2] and f"record {bad_seq}" in flags[0][2]
    finally:
        tech.close()
        boss.close()
