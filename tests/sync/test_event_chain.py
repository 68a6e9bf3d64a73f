"""The handheld's operation events form one signed hash chain; the centre checks it on arrival and
flags an altered, forged, missing or reordered event, keeping the event as it came."""

from __future__ import annotations

import json
from typing import Any

import pytest
from sqlalchemy import Engine, select

from app.services.monitoring import OperationRecorder
from app.storage.records import RecordRepo
from server.db import tables
from server.run import EmbeddedServer
from sync import event_chain
from sync.event_chain import ALTERED, BROKEN, FORGED, GAP, GENESIS, MISSING, chain_key, check, seal
from tests.sync.conftest import TECH, Terminal
from tests.sync.test_e2e_sync import settle_clean

KEY = chain_key(b"device secret")


def chained(n: int) -> list[dict[str, Any]]:
    events, prev = [], GENESIS
    for i in range(1, n + 1):
        event = {"event_id": f"e{i}", "step": "read_meter", "result": "ok", "detail": f"reading {i}"}
        event["chain"] = seal(event, seq=i, prev=prev, key=KEY)
        prev = event["chain"]["hash"]
        events.append(event)
    return events


def run(events: list[dict[str, Any]], key: bytes = KEY) -> list[str | None]:
    head: event_chain.Head = (0, "")
    found = []
    for event in events:
        problem, head = check(event, head, key)
        found.append(problem)
    return found


def test_an_untouched_chain_checks_clean() -> None:
    assert run(chained(4)) == [None] * 4


def test_each_kind_of_tampering_is_named() -> None:
    events = chained(5)
    altered = [dict(e) for e in events]
    altered[1]["detail"] = "reading 999"
    assert run(altered) == [None, ALTERED, None, None, None]
    assert run(events[:2] + events[3:]) == [None, None, GAP, None]  # the third deleted
    assert run([events[0], events[2], events[1]])[1:] == [GAP, BROKEN]  # reordered
    assert run(events, key=chain_key(b"another device")) == [FORGED] * 5
    unsealed = {k: v for k, v in events[2].items() if k != "chain"}
    assert run([events[0], events[1], unsealed]) == [None, None, MISSING]
    assert run([unsealed]) == [None]  # a handheld that never sealed (an older one): nothing to check


def _flags(engine: Engine, device_id: str) -> list[tuple[str, str]]:
    f = tables.flags.c
    with engine.connect() as conn:
        return [(r.code, r.message) for r in conn.execute(select(f.code, f.message).where(
            f.device_id == device_id, f.code.like("chain_%")).order_by(f.flag_id))]


@pytest.mark.parametrize("tamper", ["none", "altered", "deleted"])
def test_the_centre_flags_what_was_done_to_the_handhelds_events(
        tamper: str, server: EmbeddedServer, server_db: Engine, terminal: Terminal) -> None:
    terminal.enrol(server.url, server.codes[TECH])
    identity = terminal.local.identity()
    assert identity is not None
    recorder = OperationRecorder(RecordRepo(terminal.store, chain_key(identity.secret)), identity.device_id,
                                 TECH)
    for i in range(5):
        with recorder.step("", "test_read") as op:
            op.detail = f"test read {i + 1}"
    rows = terminal.store.reader().execute(
        "SELECT seq, payload FROM outbox WHERE entity = 'operation_event' ORDER BY seq").fetchall()
    assert [json.loads(p)["chain"]["seq"] for _, p in rows] == [1, 2, 3, 4, 5]
    with terminal.store.transaction() as db:  # someone with the handheld's database, before the upload
        if tamper == "altered":
            event = json.loads(rows[1][1])
            event["detail"] = "a reading that never happened"
            db.execute("UPDATE outbox SET payload = ? WHERE seq = ?", [json.dumps(event), rows[1][0]])
        elif tamper == "deleted":  # and the records after it renumbered, so the sync sees no hole
            db.execute("DELETE FROM outbox WHERE seq = ?", [rows[3][0]])
            db.execute("UPDATE outbox SET seq = seq - 1 WHERE seq > ?", [rows[3][0]])
    runner = terminal.runner()
    runner.start()
    try:
        settle_clean(runner)
    finally:
        runner.stop()
    found = _flags(server_db, identity.device_id)
    expected = {"none": [], "altered": [ALTERED], "deleted": [GAP]}[tamper]
    assert [code for code, _ in found] == expected, found
    rm = tables.received_mutations.c
    with server_db.connect() as conn:  # every event that came is kept, whatever was done to it
        kept = conn.execute(select(rm.seq).where(rm.device_id == identity.device_id,
                                                 rm.entity == "operation_event")).all()
    assert len(kept) == (4 if tamper == "deleted" else 5)


def test_a_forged_number_does_not_move_the_chain() -> None:
    """An edited event numbered far ahead is flagged once; the genuine events after it stay clean."""
    events = chained(3)
    renumbered = {**events[1], "chain": {**events[1]["chain"], "seq": 10**12}}
    assert run([events[0], renumbered, events[2]]) == [None, ALTERED, None]
    forged = {**events[1], "chain": {**seal(events[1], seq=2, prev=events[0]["chain"]["hash"],
                                            key=chain_key(b"not the device")), "seq": 2**70}}
    assert run([events[0], forged, events[1], events[2]]) == [None, FORGED, None, None]


def test_an_event_saved_again_keeps_its_seal_and_a_new_enrolment_starts_a_new_chain(tmp_path: Any) -> None:
    from datetime import UTC, datetime

    from app.domain.records import OperationEvent
    from app.storage.db import open_store
    from app.storage.sync_state import DeviceIdentity, SyncState

    store = open_store(tmp_path / "t.sqlite3")
    repo = RecordRepo(store, KEY)
    now = datetime.now(UTC)
    state = SyncState(store)
    state.save_identity(DeviceIdentity("D1", bytes(32), TECH, "technician", b"k" * 32, "https://c",
                                       "00" * 32))
    event = OperationEvent("e1", "", "test_read", now, now, "ok", "D1", TECH, "offline")
    assert repo.save([event]) == 1
    assert repo.save([event]) == 0  # the same record: not stored or sent twice, its seal kept
    rows = store.reader().execute("SELECT payload FROM outbox WHERE entity = 'operation_event'").fetchall()
    assert len(rows) == 1 and json.loads(rows[0][0])["chain"]["seq"] == 1
    state.save_identity(DeviceIdentity("D1", bytes(32), TECH, "technician", b"k" * 32, "https://c",
                                       "00" * 32))  # the same device saved again (new pins...): no reset
    repo.save([OperationEvent("e2", "", "test_read", now, now, "ok", "D1", TECH, "offline")])
    state.save_identity(DeviceIdentity("D2", bytes(32), TECH, "technician", b"k" * 32, "https://c",
                                       "00" * 32))
    repo.save([OperationEvent("e3", "", "test_read", now, now, "ok", "D2", TECH, "offline")])
    seqs = [json.loads(p)["chain"]["seq"] for (p,) in store.reader().execute(
        "SELECT payload FROM outbox WHERE entity = 'operation_event' ORDER BY seq").fetchall()]
    assert seqs == [1, 2, 1]  # enrolled again as D2: its chain starts at 1
    store.close()
